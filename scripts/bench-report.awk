# bench-report.awk -- turn scripts/bench measurements into Markdown:
# targets, one table per group and size, scaling, commands.  POSIX awk.
#
#   awk -F '\t' -v ref=ROWS -v refl=LABEL -f bench-report.awk \
#       groups.tsv cmdlist.tsv raw.tsv
#
# groups.tsv:  group title main-label
# cmdlist.tsv: group label kind command
# raw.tsv:     group style rows bytes label kind rep wall cpu rss_kib status
#
# Per (group, rows, label): median, min and max wall time over the runs,
# median CPU time, the largest peak RSS.  Throughput is input bytes (and
# data rows) over the median wall time.

function rl(n) {	# 100000 -> 100k
	if (n % 1000000 == 0) return (n / 1000000) "M"
	if (n % 1000 == 0) return (n / 1000) "k"
	return n
}
function fnum(x) {	# 3 significant digits, plain
	if (x >= 100) return sprintf("%.0f", x)
	if (x >= 10) return sprintf("%.1f", x)
	if (x >= 1) return sprintf("%.2f", x)
	return sprintf("%.3f", x)
}
function frate(x) {	# 1234567 -> 1.23M
	if (x >= 1e6) return fnum(x / 1e6) "M"
	if (x >= 1e3) return fnum(x / 1e3) "k"
	return fnum(x)
}
function median(list,    a, n, i, j, t) {
	n = split(list, a, " ")
	for (i = 2; i <= n; i++)	# insertion sort: a handful of runs
		for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	if (n % 2) return a[(n + 1) / 2] + 0
	return (a[n / 2] + a[n / 2 + 1]) / 2
}
function okst(label, st) {
	return st == 0 || (st == 1 && label ~ /^lead-check/)
}
# Median wall time of label in group at rows; -1 when not measured.
function med(g, rows, label,    k) {
	k = g SUBSEP rows SUBSEP label
	if (!(k in runs) || (k in failed)) return -1
	return mwall[k]
}
# The floor's median for a group at rows: the group's own run, else the
# same style and size in another group.
function floort(g, rows,    t, i) {
	t = med(g, rows, "csv-floor")
	if (t > 0) return t
	for (i = 1; i <= ng; i++) {
		t = med(gname[i], rows, "csv-floor")
		if (t > 0 && gstyle[gname[i], rows] == gstyle[g, rows]) return t
	}
	return -1
}
function verdict(ok) { return ok ? "PASS" : "FAIL" }

# A ratio target: num/den >= want (or <= want when le), judged at ref,
# the other sizes shown (le 2: reported, not judged).  mode "pct"
# prints percentages, else "x".
function target(name, g1, l1, g2, l2, want, le, mode,    i, r, a, b, v, s, other, have, refv, refs, c, lastr, lastv, lasts) {
	have = 0; other = ""; lastr = 0
	for (i = 1; i <= nr; i++) {
		r = rowv[i]
		a = med(g1, r, l1); b = med(g2, r, l2)
		if (a <= 0 || b <= 0) continue
		v = a / b
		s = (mode == "pct") ? sprintf("%.0f%%", v * 100) : sprintf("%.2fx", v)
		# The same ratio of median CPU times: steadier than wall time
		# on a shared machine (Miller uses both cores, so for it wall
		# time is the fair one).
		a = mcpu[g1 SUBSEP r SUBSEP l1]; b = mcpu[g2 SUBSEP r SUBSEP l2]
		c = (a > 0 && b > 0) ? sprintf(" [CPU time: %s]", \
		    (mode == "pct") ? sprintf("%.0f%%", 100 * a / b) : sprintf("%.2fx", a / b)) : ""
		if (r == ref) { have = 1; refv = v; refs = s c }
		else {
			other = other (other == "" ? "" : ", ") rl(r) " " s
			if (r < ref || lastr == 0) { lastr = r; lastv = v; lasts = s c }
		}
	}
	if (!have && lastr == 0) {
		printf "    SKIP  %s (not measured)\n", name
		return
	}
	if (!have) {	# e.g. Miller's put, run only at 100k by default
		printf "    %s  %s: %s at %s (not run at %s rows)\n", \
		    le == 2 ? "INFO" : verdict(le ? (lastv <= want) : (lastv >= want)), name, lasts, rl(lastr), refl
		return
	}
	printf "    %s  %s: %s at %s%s\n", le == 2 ? "INFO" : verdict(le ? (refv <= want) : (refv >= want)),
	    name, refs, refl, (other == "" ? "" : " (" other ")")
}

BEGIN { OFS = "" }
FNR == 1 { fileno++ }
fileno == 1 {
	ng++; gname[ng] = $1; gtitle[$1] = $2; gmain[$1] = $3
	next
}
fileno == 2 {
	nc++; cg[nc] = $1; cl[nc] = $2; ck[nc] = $3; cc[nc] = $4
	next
}
{
	g = $1; rows = $3 + 0; label = $5
	k = g SUBSEP rows SUBSEP label
	if (!((g SUBSEP rows) in gbytes)) {
		gbytes[g SUBSEP rows] = $4; gstyle[g, rows] = $2
		gn[g]++; grows[g, gn[g]] = rows
	}
	if (!(k in runs)) {
		lab[g SUBSEP rows, ++nlab[g SUBSEP rows]] = label
		kind[k] = $6
	}
	if (!(rows in seenrow)) { seenrow[rows] = 1; rowv[++nr] = rows }
	if (!okst(label, $11)) { failed[k] = $11; next }
	runs[k]++
	walls[k] = walls[k] " " $8
	cpus[k] = cpus[k] " " $9
	if (!(k in mn) || $8 < mn[k]) mn[k] = $8
	if (!(k in mx) || $8 > mx[k]) mx[k] = $8
	if ($10 + 0 > rss[k]) rss[k] = $10 + 0
}
END {
	for (i = 2; i <= nr; i++)	# sizes ascending
		for (j = i; j > 1 && rowv[j - 1] > rowv[j]; j--) {
			t = rowv[j]; rowv[j] = rowv[j - 1]; rowv[j - 1] = t
		}
	for (k in runs) {
		mwall[k] = median(walls[k])
		mcpu[k] = median(cpus[k])
	}

	print "## Targets"
	print ""
	print "Judged at ", refl, " rows (DESIGN section 7), other sizes in brackets; ratios"
	print "of median wall times measured in the same interleaved group."
	print ""
	print "```"
	target("lead-norm --raw throughput >= 90% of csv-floor", \
	    "csv", "csv-floor", "csv", "lead-norm --raw", 0.90, 0, "pct")
	target("lead-norm --raw >= 3.5x mlr --icsv --ocsv cat", \
	    "csv", "mlr cat", "csv", "lead-norm --raw", 3.5, 0, "x")
	target("lead-norm --raw CSV->JSON Lines time <= 1.5x CSV->CSV time", \
	    "ndjson", "lead-norm --raw --to ndjson", "ndjson", "lead-norm --raw", 1.5, 1, "x")
	target("lead-norm --raw JSON Lines input time <= 2x CSV input time", \
	    "ndjson", "lead-norm --raw, JSON Lines in", "ndjson", "lead-norm --raw", 2, 1, "x")
	# Issue 17 item 14: on one thread, where a second core cannot
	# hide the scoring's cost.
	target("lead-score --threads 1 throughput >= 70% of lead-norm --raw", \
	    "score", "lead-norm --raw", "score", "lead-score --threads 1", 0.70, 0, "pct")
	# lead-score runs its scoring on a second thread (lp_stream_map)
	# when a core is free: for comparison.
	target("lead-score (two threads) vs lead-norm --raw", \
	    "score", "lead-norm --raw", "score", "lead-score", 0, 2, "pct")
	target("lead-score >= 10x Miller put (same rules)", \
	    "score", "mlr put", "score", "lead-score", 10, 0, "x")
	target("lead-score >= 6x pandas (same rules)", \
	    "score", "pandas", "score", "lead-score", 6, 0, "x")
	target("lead-check (default checks) throughput >= lead-score's", \
	    "check", "lead-score", "check", "lead-check", 1.0, 0, "pct")
	target("lead-route (20 rules, 50 owners) throughput >= lead-score's", \
	    "route", "lead-score", "route", "lead-route", 1.0, 0, "pct")
	# No bar set for these: lead-check's speed against validate-like peers.
	target("lead-check faster than Miller doing the same checks", \
	    "check", "mlr put (checks)", "check", "lead-check", 1, 0, "x")
	target("lead-check faster than csvclean -n (structure only)", \
	    "check", "csvclean -n", "check", "lead-check", 1, 0, "x")
	target("lead-dedupe --exact email >= 2x mlr head -n 1 -g email", \
	    "dedupe", "mlr head -g email", "dedupe", "lead-dedupe --exact email", 2, 0, "x")
	target("lead-dedupe --exact email >= 5x pandas drop_duplicates", \
	    "dedupe", "pandas drop_duplicates", "dedupe", "lead-dedupe --exact email", 5, 0, "x")
	target("lead-dedupe (built-in model) vs csv-floor", \
	    "dedupe", "csv-floor", "dedupe", "lead-dedupe", 0, 2, "pct")
	# lead-report by two dimensions (issue 23's bars).
	target("lead-report >= 5x Miller put + stats1 (a part of its work)", \
	    "report", "mlr put + stats1", "report", "lead-report", 5, 0, "x")
	target("lead-report >= 5x Miller count-distinct (counts only)", \
	    "report", "mlr count-distinct", "report", "lead-report", 5, 0, "x")
	target("lead-report time <= 1.3x lead-norm --raw", \
	    "report", "lead-report", "report", "lead-norm --raw", 1.3, 1, "x")
	target("lead-report vs pandas groupby (a part of its work)", \
	    "report", "pandas groupby", "report", "lead-report", 0, 2, "x")
	# Peak RSS of every streaming program of ours, at every size.
	# lead-check keeps one entry per distinct value of each uniqueness
	# rule (its CAVEATS): its memory is reported, not judged.
	nours = 0
	for (i = 1; i <= ng; i++)
		for (j = 1; j <= gn[gname[i]]; j++) {
			r = grows[gname[i], j]
			for (m = 1; m <= nlab[gname[i] SUBSEP r]; m++) {
				l = lab[gname[i] SUBSEP r, m]
				k = gname[i] SUBSEP r SUBSEP l
				if (kind[k] != "ours" || !(k in runs)) continue
				if (!(l in oseen)) { oseen[l] = 1; ours[++nours] = l }
				if (rss[k] > orss[l, r]) orss[l, r] = rss[k]
			}
		}
	for (i = 1; i <= nours; i++) {
		l = ours[i]; s = ""; ok = 1; okd = 1
		for (j = 1; j <= nr; j++) {
			r = rowv[j]
			if (!((l, r) in orss)) continue
			s = s (s == "" ? "" : ", ") rl(r) " " sprintf("%.1f", orss[l, r] / 1024)
			if (orss[l, r] >= 16384) ok = 0
			if (orss[l, r] >= 2097152) okd = 0
		}
		if (l ~ /^lead-check/)
			printf "    INFO  %s peak RSS (uniqueness sets grow with distinct values): %s MiB\n", l, s
		else if (l ~ /^lead-(dedupe|fit)/)
			printf "    %s  %s peak RSS < 2 GiB (it holds every record): %s MiB\n", verdict(okd), l, s
		else
			printf "    %s  %s peak RSS < 16 MiB at every size: %s MiB\n", verdict(ok), l, s
	}
	if (nours == 0)
		print "    SKIP  peak RSS < 16 MiB (none of our programs measured)"
	print "```"

	# At a glance: each of our programs at the reference size.
	print ""
	print "## At a glance (", refl, " rows)"
	print ""
	print "| program | input | MB/s | rows/s | peak RSS MiB | % of floor | faster than |"
	print "|---|---|--:|--:|--:|--:|---|"
	for (i = 1; i <= ng; i++) {
		g = gname[i]
		if (g ~ /^style-/) continue
		gr = g SUBSEP ref
		if (!(gr in gbytes)) continue
		for (m = 1; m <= nlab[gr]; m++) {
			l = lab[gr, m]; k = gr SUBSEP l
			if (kind[k] != "ours" || !(k in runs) || (l in glance)) continue
			glance[l] = 1
			t = mwall[k]; ft = floort(g, ref); s = ""
			for (c = 1; c <= nlab[gr]; c++) {
				l2 = lab[gr, c]; k2 = gr SUBSEP l2
				if ((kind[k2] != "slow" && kind[k2] != "peer") || !(k2 in runs)) continue
				s = s (s == "" ? "" : ", ") sprintf("%s %.1fx", l2, mwall[k2] / t)
			}
			printf "| %s | %s | %s | %s | %.1f | %s | %s |\n", l, gstyle[g, ref], \
			    fnum(gbytes[gr] / 1e6 / t), frate(ref / t), rss[k] / 1024, \
			    (ft > 0 ? sprintf("%.0f%%", 100 * ft / t) : "-"), s
		}
	}

	# One table per group and size.
	for (i = 1; i <= ng; i++) {
		g = gname[i]
		if (gn[g] == 0) continue
		print ""
		print "## ", g, ": ", gtitle[g]
		for (j = 1; j <= gn[g]; j++) {
			r = grows[g, j]; gr = g SUBSEP r
			b = gbytes[gr]
			ft = floort(g, r); mt = med(g, r, gmain[g])
			print ""
			printf "%s rows, %s style, %.1f MB:\n\n", rl(r), gstyle[g, r], b / 1e6
			print "| command | runs | median s | min-max s | MB/s | rows/s | CPU s | peak RSS MiB | % of floor | time vs " gmain[g] " |"
			print "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
			for (m = 1; m <= nlab[gr]; m++) {
				l = lab[gr, m]; k = gr SUBSEP l
				if (k in failed) {
					printf "| %s | failed (exit %s) | | | | | | | | |\n", l, failed[k]
					continue
				}
				t = mwall[k]
				printf "| %s%s%s | %d | %s | %s-%s | %s | %s | %s | %.1f | %s | %s |\n", \
				    (l == gmain[g] ? "**" : ""), l, (l == gmain[g] ? "**" : ""), \
				    runs[k], fnum(t), fnum(mn[k]), fnum(mx[k]), \
				    fnum(b / 1e6 / t), frate(r / t), fnum(mcpu[k]), rss[k] / 1024, \
				    (ft > 0 ? sprintf("%.0f%%", 100 * ft / t) : "-"), \
				    (mt > 0 ? sprintf("%.2fx", t / mt) : "-")
			}
		}
	}

	# Header styles: lead-norm on each CRM's export, against the floor.
	nst = 0
	for (i = 1; i <= ng; i++) {
		g = gname[i]
		if (g != "csv" && g !~ /^style-/) continue
		for (j = 1; j <= gn[g]; j++) {
			r = grows[g, j]
			if (med(g, r, "csv-floor") <= 0) continue
			if (!nst++) {
				print ""
				print "## Header styles"
				print ""
				print "Same leads as each CRM exports them; MB/s (% of the floor on the same file)."
				print ""
				print "| style | rows | MB | csv-floor | lead-norm --raw | lead-norm |"
				print "|---|--:|--:|--:|--:|--:|"
			}
			b = gbytes[g SUBSEP r]; ft = med(g, r, "csv-floor")
			s = ""
			split("lead-norm --raw|lead-norm", ls, "|")
			for (m = 1; m <= 2; m++) {
				t = med(g, r, ls[m])
				s = s (t > 0 ? sprintf(" %s (%.0f%%) |", fnum(b / 1e6 / t), 100 * ft / t) : " - |")
			}
			printf "| %s | %s | %.1f | %s |%s\n", gstyle[g, r], rl(r), b / 1e6, fnum(b / 1e6 / ft), s
		}
	}

	# Scaling: each of our programs (and the floor) in its own group.
	print ""
	print "## Scaling"
	print ""
	print "Median wall time, nanoseconds per row and peak RSS at each size; growth is"
	print "linear when ns/row stays flat (the smallest size also pays start-up)."
	print ""
	h = "| program (group) |"; d = "|---|"
	for (j = 1; j <= nr; j++) { h = h " s " rl(rowv[j]) " |"; d = d "--:|" }
	for (j = 1; j <= nr; j++) { h = h " ns/row " rl(rowv[j]) " |"; d = d "--:|" }
	for (j = 1; j <= nr; j++) { h = h " RSS MiB " rl(rowv[j]) " |"; d = d "--:|" }
	if (nr >= 2) {
		h = h " ns/row " rl(rowv[nr]) " ÷ " rl(rowv[nr - 1]) " |"; d = d "--:|"
	}
	print h; print d
	for (i = 1; i <= ng; i++) {
		g = gname[i]
		if (g ~ /^style-/) continue
		for (c = 1; c <= nc; c++) {
			if (cg[c] != g || (ck[c] != "ours" && ck[c] != "floor")) continue
			l = cl[c]
			if (l in sseen) continue
			sseen[l] = 1
			s1 = s2 = s3 = ""
			for (j = 1; j <= nr; j++) {
				r = rowv[j]; t = med(g, r, l); k = g SUBSEP r SUBSEP l
				s1 = s1 " " (t > 0 ? fnum(t) : "-") " |"
				s2 = s2 " " (t > 0 ? sprintf("%.0f", t * 1e9 / r) : "-") " |"
				s3 = s3 " " (k in runs ? sprintf("%.1f", rss[k] / 1024) : "-") " |"
			}
			s4 = ""
			if (nr >= 2) {
				a = med(g, rowv[nr], l); b = med(g, rowv[nr - 1], l)
				s4 = (a > 0 && b > 0) ? sprintf(" %.2f |", (a / rowv[nr]) / (b / rowv[nr - 1])) : " - |"
			}
			print "| ", l, " (", g, ") |", s1, s2, s3, s4
		}
	}

	print ""
	print "## Commands"
	print ""
	print "Each run is `sh -c COMMAND` with IN set to the input file, under"
	print "`bench-time` (wall clock) and `/usr/bin/time -f %M` (peak RSS)."
	for (i = 1; i <= ng; i++) {
		g = gname[i]
		if (g ~ /^style-/ && g != "style-hubspot") continue
		print ""
		print g, ((g ~ /^style-/) ? " (same for every style-* group)" : ""), ":"
		print ""
		for (c = 1; c <= nc; c++)
			if (cg[c] == g)
				printf "- %s (%s): `%s`\n", cl[c], ck[c], cc[c]
	}
}
