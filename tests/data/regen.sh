#!/bin/sh
# regen.sh -- remake the generated fixtures and the demo sample data from
# scripts/gen-leads (see README).  Run from the top of the tree after
# `make`; needs iconv and python3 (for the Windows-1252 selection and the
# JSON conversions).  Usage: sh tests/data/regen.sh [BUILD_DIR]
set -eu
BUILD=${1:-build}
G=$BUILD/tools/gen-leads
D=tests/data
S=$D/sample
[ -x "$G" ] || { echo "regen.sh: $G missing; run make BUILD=$BUILD" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Reader fixtures (<40 rows each).
$G -f salesforce -n 30 -s 101 > $D/salesforce.csv		# CRLF, no BOM
$G -f hubspot -n 30 -s 102 > $D/hubspot.csv			# UTF-8 BOM, LF
$G -f marketo -D tab -n 30 -s 104 > $D/marketo.tsv
$G -f generic -D tab -l crlf -b no -n 30 -s 105 > $tmp/eu.txt
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE $tmp/eu.txt; } > $D/excel-unicode.txt
$G -f excel-de -b no -n 400 -s 103 > $tmp/ew.csv
$G -f marketo -n 20 -s 106 > $tmp/mk.csv
$G -f canonical -n 15 -s 107 > $tmp/can.csv
python3 - "$tmp" <<'PY'
import csv, io, json, re, sys
tmp = sys.argv[1]

# excel-windows.csv: the excel-de rows Windows-1252 can hold, preferring
# those with umlauts, the euro sign and line breaks; CRLF; cp1252 bytes.
rows = list(csv.reader(open(tmp + '/ew.csv', encoding='utf-8', newline=''),
    delimiter=';'))
ok = [r for r in rows[1:] if ';'.join(r).encode('cp1252', 'replace')
    .decode('cp1252') == ';'.join(r)]
out = [rows[0]]
for r in ok:
    s = ''.join(r)
    if len(out) < 31 and (any(x in s for x in 'üöäß€\n') or len(out) % 3 == 0):
        out.append(r)
buf = io.StringIO(newline='')
csv.writer(buf, delimiter=';', lineterminator='\r\n').writerows(out)
open('tests/data/excel-windows.csv', 'wb').write(buf.getvalue().encode('cp1252'))

# marketo.jsonl: what Marketo's REST API returns, one lead a line:
# camelCase keys, numbers as numbers, null for empty, raw UTF-8.
def camel(h):
    w = [x for x in re.split(r'[^A-Za-z0-9]+', h) if x]
    return w[0].lower() + ''.join(x[:1].upper() + x[1:] for x in w[1:])
ren = {'Email Address': 'email', 'Company Name': 'company',
    'Job Title': 'title', 'Phone Number': 'phone',
    'Number of Employees': 'numberOfEmployees', 'Id': 'id'}
nums = {'id', 'leadScore', 'numberOfEmployees', 'annualRevenue'}
with open('tests/data/marketo.jsonl', 'w', encoding='utf-8', newline='\n') as f:
    for r in csv.DictReader(open(tmp + '/mk.csv', encoding='utf-8', newline='')):
        o = {}
        for k, v in r.items():
            k2 = ren.get(k, camel(k))
            o[k2] = None if v == '' else int(v) if k2 in nums else v
        f.write(json.dumps(o, ensure_ascii=False, separators=(',', ':')) + '\n')

# leads.json: one JSON array, canonical names, typed values (numbers,
# true/false, null), non-ASCII as \u escapes, pretty-printed.
nums = {'employees', 'annual_revenue', 'amount', 'page_views',
    'email_opens', 'email_clicks', 'form_submits'}
arr = []
for r in csv.DictReader(open(tmp + '/can.csv', encoding='utf-8', newline='')):
    o = {}
    for k, v in r.items():
        if k == 'demo_requested':
            o[k] = v == 'yes'
        elif v == '':
            o[k] = '' if k == 'stage' else None
        else:
            o[k] = int(v) if k in nums else v
    arr.append(o)
open('tests/data/leads.json', 'w', encoding='utf-8').write(
    json.dumps(arr, ensure_ascii=True, indent=2) + '\n')
PY

# The demo's sample data (make demo): three exports of different people.
mkdir -p $S
$G -f salesforce -s 2026 -n 500 > $S/salesforce-leads.csv
$G -f hubspot -s 2027 -n 500 > $S/hubspot-contacts.csv
$G -f excel-de -s 2028 -n 250 > $S/messe-2026.csv
