# 20 runs killed (SIGKILL) at random points: the state file is each time
# as it was before the run or as a complete run leaves it, never a mix.
pb=$CASE/playbook
awk 'BEGIN { print "lead_id,country"; for (i = 1; i <= 300000; i++) print i ",US" }' > in.csv
lead-route -p "$pb" --state st in.csv > /dev/null || exit 1
bad=0 old=0 new=0
: > before
for i in $(seq 1 20); do
	# What a complete run from this state leaves (made again only
	# when the state moved on).
	if ! cmp -s st before; then
		cp st before
		cp st full && lead-route -p "$pb" --state full in.csv > /dev/null || exit 1
	fi
	lead-route -p "$pb" --state st in.csv > /dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v s="$i" 'BEGIN { srand(s); printf "%.3f", rand() * 0.25 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if cmp -s st before; then old=$((old + 1))
	elif cmp -s st full; then new=$((new + 1))
	else bad=$((bad + 1)); echo "run $i: state file is neither"; cat st; fi
	rm -f st.tmp.*
done
[ $((old + new)) -eq 20 ] && echo "20 killed runs: state file old or new every time"
[ $bad -eq 0 ]
