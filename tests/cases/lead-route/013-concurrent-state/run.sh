# Two runs started together on one state file: the second waits for the
# first, so together they use positions 0..1999 once each, exactly as
# one run over both inputs would.
pb=$CASE/playbook
awk 'BEGIN { print "lead_id,country"; for (i = 1; i <= 1000; i++) print "A" i ",US" }' > a.csv
awk 'BEGIN { print "lead_id,country"; for (i = 1; i <= 1000; i++) print "B" i ",US" }' > b.csv
lead-route -p "$pb" --state st a.csv > a.out & p1=$!
lead-route -p "$pb" --state st b.csv > b.out & p2=$!
wait $p1; s1=$?; wait $p2; s2=$?
echo "exit $s1 $s2"
tail -n +2 a.out > both; tail -n +2 b.out >> both
echo "together:"; cut -d, -f3 both | sort | uniq -c
(head -n 1 a.csv; tail -n +2 a.csv; tail -n +2 b.csv) | lead-route -p "$pb" | tail -n +2 | cut -d, -f3 | sort | uniq -c > one
cut -d, -f3 both | sort | uniq -c | cmp - one && echo "same as one run over both inputs"
grep '^team' st
# A run holding the lock: --no-wait fails at once; without it the run
# waits, then continues the rotation.
flock st sleep 4 & h=$!
sleep 1
lead-route -p "$pb" --state st --no-wait a.csv > /dev/null; echo "exit $?"
lead-route -p "$pb" --state st -v a.csv 2>&1 >/dev/null | grep waited; echo "exit $?"
wait $h
grep '^team' st
