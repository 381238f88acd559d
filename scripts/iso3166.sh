#!/bin/sh
# iso3166.sh -- turn Debian's iso-codes ISO 3166-1 JSON into the table
# embedded in the library: alpha_2 TAB alpha_3 TAB name TAB official_name
# TAB common_name (empty when absent), one country a line.
exec awk '
function val(s) { sub(/^[^:]*: *"/, "", s); sub(/",? *$/, "", s); return s }
/^ *\{ *$/ { a2 = a3 = nm = off = com = "" }
/"alpha_2"/ { a2 = val($0) }
/"alpha_3"/ { a3 = val($0) }
/"name"/ { nm = val($0) }
/"official_name"/ { off = val($0) }
/"common_name"/ { com = val($0) }
/^ +\},? *$/ { if (a2 != "") print a2 "\t" a3 "\t" nm "\t" off "\t" com }
' "$1"
