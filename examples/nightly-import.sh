#!/bin/sh
# nightly-import.sh -- the nightly lead import, as cron should run it.
#
#   nightly-import.sh [-R] [-p playbook] [-s state-dir] [-o published.csv]
#                     [-r percent] export.csv
#
# One run at a time (flock on STATE/lock); lint the playbook against the
# export's header; refuse the export that was published last time;
# normalise strictly (no --rejects: an unreadable or truncated row stops
# the run; with -R such rows go to STATE/rejects.csv instead, and the
# gate counts each as an error, so the playbook's max_errors or
# max_error_rate decides how many are too many); gate with lead-check,
# which also refuses a rule that cannot fire (a renamed column:
# --strict) and fewer rows than PERCENT (default 90) of the last
# published run's;
# score; publish atomically (lead-score -o renames a complete file into
# place, and only after every step before it passed); append one line per
# run to STATE/runs.log.  A run that publishes prints nothing but the
# warnings of the programs (rules a missing column switches off), so that
# cron mails only what needs a look; the gate's summary is kept in
# STATE/last-check.txt.  Every step writes a file and is checked before
# the next starts, so no failing stage can hide behind a pipe.
#
# Exit status (nothing is published unless it is 0):
#   0   published
#   1   the data failed the gate: violations (and with -R rejected
#       rows) over the playbook's threshold, a rule that cannot fire (a
#       renamed or dropped column), or too few rows (STATE/violations.csv
#       and STATE/rejects.csv say which)
#   64  usage error
#   65  the export cannot be read (empty, truncated, binary or UTF-16
#       without a byte order mark), or it is byte for byte the export
#       published last time
#   66  the export does not exist
#   73  a file cannot be created; 74 a write failed (a full disk)
#   75  another run holds the lock (try again later)
#   78  the playbook has errors
#
# Cron runs /bin/sh, which has no pipefail; this script needs none.
#   15 2 * * *  nightly-import.sh -p /etc/leadpipe/acme.playbook \
#                 /srv/exports/hubspot.csv || mail -s "lead import" ops ...
set -u
prog=nightly-import
playbook=${LEADPIPE_PLAYBOOK:-}
state=/var/lib/leadpipe
out=/srv/leads/leads.csv
ratio=90
rejects=

usage() {
	echo "usage: $prog [-R] [-p playbook] [-s state-dir] [-o published.csv]" \
	    "[-r percent] export.csv" >&2
	exit 64
}
while getopts Rp:s:o:r: opt; do
	case $opt in
	R) rejects=1 ;;
	p) playbook=$OPTARG ;;
	s) state=$OPTARG ;;
	o) out=$OPTARG ;;
	r) ratio=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
case $ratio in ''|*[!0-9]*) usage ;; esac
export_file=$1
set -- ${playbook:+-p "$playbook"}

stamp() { date -u ${LEADPIPE_NOW:+-d "$LEADPIPE_NOW"} +%Y-%m-%dT%H:%M:%SZ; }
# finish STATUS MESSAGE: say it, log it, exit with it.
# A run that publishes is quiet (cron mails whatever a job prints): it
# only logs.
finish() {
	[ "$1" -eq 0 ] || printf '%s: %s\n' "$prog" "$2" >&2
	printf '%s exit %s %s: %s\n' "$(stamp)" "$1" "$export_file" "$2" \
	    >> "$state/runs.log"
	exit "$1"
}

mkdir -p "$state" || exit 73
# One run at a time: a second cron run (or a hand-started one) waits for
# nothing and changes nothing.
exec 9>> "$state/lock" || exit 73
flock -n 9 || finish 75 "another run holds $state/lock"
[ -f "$export_file" ] || finish 66 "$export_file: no such file"
# The lock is held, so the work directory can have a fixed name.
work=$state/work
rm -rf "$work" && mkdir "$work" || finish 73 "cannot create $work"
trap 'rm -rf "$work"' EXIT

# The playbook, and that its rules' fields are in the export (warnings).
lead-check "$@" --lint "$export_file"
st=$?
case $st in
0) ;;
78) finish 78 "the playbook has errors" ;;
*) finish $st "$export_file: cannot read the header" ;;
esac

# The export last published, again: the CRM did not export tonight.
sum=$(cksum < "$export_file") || finish 74 "$export_file: cannot read"
if [ -f "$state/last.cksum" ] && [ "$sum" = "$(cat "$state/last.cksum")" ]; then
	finish 65 "$export_file: the same export as the one published last time"
fi

# Normalise: no --rejects, so a bad row stops the run (with -R it goes
# to STATE/rejects.csv, which the gate counts); the _source column
# points violations at lines of the export.
rm -f "$state/rejects.csv"
lead-norm --source-lines ${rejects:+--rejects "$state/rejects.csv"} \
    -o "$work/norm.csv" "$export_file" || finish $? "lead-norm failed"

# The gate: the playbook's checks, every one of which must be able to
# fire (--strict), and at least RATIO% of the last run's rows (at least
# one row on the first run).
last=$(cat "$state/last.rows" 2>/dev/null || echo 0)
min=$((last * ratio / 100)); [ "$min" -gt 0 ] || min=1
lead-check "$@" --strict --min-rows "$min" -o "$work/violations.csv" \
    ${rejects:+--upstream-rejects "$state/rejects.csv"} \
    "$work/norm.csv" 2> "$work/check.txt"
st=$?
cp "$work/check.txt" "$state/last-check.txt"
case $st in
0) ;;
1) cat "$work/check.txt" >&2
   cp "$work/violations.csv" "$state/violations.csv"
   finish 1 "the gate failed: $(sed -n '$s/^lead-check: //p' "$work/check.txt")" ;;
*) cat "$work/check.txt" >&2
   finish $st "lead-check failed" ;;
esac
rows=$(sed -n 's/^lead-check: \([0-9]*\) rows* checked.*/\1/p' "$work/check.txt")
rejected=$(sed -n 's/^  rejected upstream \([0-9]*\) .*/\1/p' "$work/check.txt")
[ "${rejected:-0}" -gt 0 ] || rejected=

# Score and publish: lead-score -o writes a temp file beside $out and
# renames it into place only when complete.
lead-score "$@" -o "$out" "$work/norm.csv" || finish $? "lead-score failed"
echo "$rows" > "$state/last.rows" && echo "$sum" > "$state/last.cksum" ||
	finish 74 "cannot write $state"
finish 0 "published $rows rows to $out${rejected:+ ($rejected rejected: $state/rejects.csv)}"
