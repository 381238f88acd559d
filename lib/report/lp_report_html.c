/*
 * lp_report_html.c -- the report as one self-contained page: a funnel
 * chart, conversion by grade and score band with their intervals, SLA
 * outcomes by owner, the lead journey as a flow diagram, then every
 * section as a table.  Built from lp_html's blocks; no script, no URL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_html.h"
#include "lp_report.h"
#include "lp_report_int.h"

#define GREEN	"#59a14f"
#define RED	"#e15759"
#define AMBER	"#edc948"
#define GREY	"#bab0ac"
#define BLUE	"#4e79a7"
#define ORANGE	"#f28e2b"

static void
funnel_chart(const struct lp_report *r, struct lp_buf *b)
{
	struct lp_bar bar[64];
	char txt[64][96];
	long long n = r->total.c[C_N], prev = n;
	size_t k = 0;

	for (int i = 0; i < r->nfunnel && k < 64; i++) {
		long long reached = lp_rep_reached(r, &r->total, i);

		if (i == 0)
			snprintf(txt[k], sizeof(txt[k]), "%lld leads", reached);
		else
			snprintf(txt[k], sizeof(txt[k]), "%lld (%.1f%% of %lld)",
			    reached, prev > 0 ? 100.0 * (double)reached /
			    (double)prev : 0.0, prev);
		bar[k] = (struct lp_bar){ r->stages[i], (double)reached, 1, 0,
		    txt[k], i == r->goal ? GREEN : BLUE };
		k++;
		prev = reached;
	}
	lp_svg_funnel(b, "Funnel: leads that reached each stage", bar, k, 560);
}

static void
outcome_chart(const struct lp_report *r, struct lp_buf *b)
{
	struct lp_bar bar[64];
	char txt[64][64];
	long long n = r->total.c[C_N];
	size_t k = 0;

	for (int i = r->nfunnel; i <= r->nstages && k < 64; i++) {
		long long at = r->total.c[C_FIXED + i];

		if (i == r->nstages && at == 0)
			break;
		snprintf(txt[k], sizeof(txt[k]), "%lld (%.1f%%)", at, n > 0 ?
		    100.0 * (double)at / (double)n : 0.0);
		bar[k] = (struct lp_bar){ i < r->nstages ? r->stages[i] :
		    "(unmapped)", (double)at, 1, 0, txt[k], i == r->nstages ?
		    GREY : r->kinds[i] == LP_STAGE_LOST ? RED : AMBER };
		k++;
	}
	lp_svg_bars(b, "Leads off the funnel", bar, k, (double)n, 540);
}

/* Conversion bars with Wilson whiskers from the scoring table's rows. */
static void
scoring_chart(const struct lp_table *t, const char *dim, const char *title,
    struct lp_buf *b)
{
	struct lp_bar *bar = lp_xcalloc(t->nrows + 1, sizeof(*bar));
	char (*txt)[64] = lp_xcalloc(t->nrows + 1, sizeof(*txt));
	size_t k = 0, nc = (size_t)t->ncols;

	for (size_t i = 0; i < t->nrows; i++) {
		const struct lp_val *v = t->v + i * nc;

		if (strcmp(v[0].s, dim) != 0)
			continue;
		snprintf(txt[k], sizeof(txt[k]), "%.1f%% of %lld",
		    v[4].type == LP_V_PCT ? v[4].f : 0.0, v[2].i);
		bar[k] = (struct lp_bar){ v[1].s, v[4].type == LP_V_PCT ?
		    v[4].f : 0, v[5].type == LP_V_PCT ? v[5].f : 1,
		    v[6].type == LP_V_PCT ? v[6].f : 0, txt[k],
		    lp_html_color((int)k) };
		k++;
	}
	if (k > 0) {
		lp_buf_adds(b, "<div class=\"card\"><h2>");
		lp_html_escs(b, title);
		lp_buf_adds(b, "</h2><p class=\"note\">share that reached the "
		    "goal stage; the whisker is the 95% interval</p>\n");
		lp_svg_bars(b, title, bar, k, 0, 540);
		lp_buf_adds(b, "</div>\n");
	}
	free(txt);
	free(bar);
}

/* Most leads first, then by key. */
static int
cmp_leads(const void *a, const void *b)
{
	const struct lp_cell *x = *(struct lp_cell *const *)a;
	const struct lp_cell *y = *(struct lp_cell *const *)b;

	if (x->c[C_N] != y->c[C_N])
		return x->c[C_N] < y->c[C_N] ? 1 : -1;
	return strcmp(x->key, y->key);
}

#define TOPGROUPS	15

/* With --by or --cohort: the goal rate of the largest groups. */
static void
group_chart(const struct lp_report *r, struct lp_buf *b)
{
	struct lp_cell **g = lp_rep_sorted(r, T_GROUP);
	struct lp_bar bar[TOPGROUPS];
	char lab[TOPGROUPS][128], txt[TOPGROUPS][64];
	size_t n = 0, k;

	while (g[n] != NULL)
		n++;
	if (n > 0) {
		qsort(g, n, sizeof(*g), cmp_leads);
		for (k = 0; k < n && k < TOPGROUPS; k++) {
			const struct lp_cell *c = g[k];
			size_t j = 0;
			double lo = 1, hi = 0;

			for (size_t i = 0; i < c->klen && j + 4 < sizeof(lab[k]);
			    i++) {
				if (c->key[i] == KEYSEP) {
					memcpy(lab[k] + j, " / ", 3);
					j += 3;
				} else
					lab[k][j++] = c->key[i];
			}
			lab[k][j] = '\0';
			if (c->c[C_N] > 0)
				lp_rep_wilson(c->c[C_GOAL], c->c[C_N], &lo, &hi);
			snprintf(txt[k], sizeof(txt[k]), "%.1f%% of %lld",
			    c->c[C_N] > 0 ? 100.0 * (double)c->c[C_GOAL] /
			    (double)c->c[C_N] : 0.0, (long long)c->c[C_N]);
			bar[k] = (struct lp_bar){ lab[k], c->c[C_N] > 0 ?
			    100.0 * (double)c->c[C_GOAL] / (double)c->c[C_N] : 0,
			    lo, hi, txt[k], lp_html_color((int)k) };
		}
		lp_buf_adds(b, "<div class=\"card\"><h2>Conversion by ");
		lp_html_escs(b, r->o.cohort != LP_COHORT_NONE ? (r->by[0] ?
		    "cohort, " : "cohort") : "");
		lp_html_escs(b, r->by);
		lp_buf_printf(b, "</h2><p class=\"note\">share that reached "
		    "the goal stage, the %zu largest of %zu groups; the "
		    "whisker is the 95%% interval</p>\n", k, n);
		lp_svg_bars(b, "Conversion by group", bar, k, 0, 540);
		lp_buf_adds(b, "</div>\n");
	}
	free(g);
}

static void
sla_chart(const struct lp_report *r, struct lp_buf *b)
{
	static const char *const series[] = { "met", "late", "overdue",
	    "pending" };
	static const char *const colors[] = { GREEN, ORANGE, RED, GREY };
	struct lp_cell **o = lp_rep_sorted(r, T_OWNER);
	const char **rows;
	double *v;
	size_t n = 0, k = 0;
	const int64_t *t = r->total.c;

	while (o[n] != NULL)
		n++;
	rows = lp_xcalloc(n + 1, sizeof(*rows));
	v = lp_xcalloc((n + 1) * 4, sizeof(*v));

	/* Owners only: the all-leads row would dwarf them (its share is
	 * in the note). */
	/* Named owners first, then "(no owner)". */
	for (size_t i = 0; i < 2 * n; i++) {
		const struct lp_cell *c = o[i % n];

		if (c->c[C_SLA] == 0 || (c->key[0] == '(') != (i >= n))
			continue;
		rows[k] = c->key;
		for (int s = 0; s < 4; s++)
			v[k * 4 + s] = (double)c->c[C_SLA_MET + s];
		k++;
	}
	lp_buf_printf(b, "<div class=\"card\"><h2>SLA: first touch by the due "
	    "time</h2><p class=\"note\">%.1f%% met of %lld leads with a due "
	    "time (met / (met + late + overdue))</p>\n",
	    t[C_SLA_MET] + t[C_SLA_LATE] + t[C_SLA_OVERDUE] > 0 ? 100.0 *
	    (double)t[C_SLA_MET] / (double)(t[C_SLA_MET] + t[C_SLA_LATE] +
	    t[C_SLA_OVERDUE]) : 0.0, (long long)t[C_SLA]);
	lp_svg_stacked(b, "SLA outcomes by owner", rows, k, series, colors, 4,
	    v, 540);
	lp_buf_adds(b, "</div>\n");
	free(v);
	free(rows);
	free(o);
}

/* The journey: top sources -> stage now -> outcome. */
#define TOPSRC	8

struct src {
	const char	*name;
	size_t		 n;
	long long	 leads;
};

static int
cmp_src(const void *a, const void *b)
{
	const struct src *x = a, *y = b;

	if (x->leads != y->leads)
		return x->leads < y->leads ? 1 : -1;
	return strcmp(x->name, y->name);
}

static void
flow_chart(const struct lp_report *r, struct lp_buf *b)
{
	const struct lp_rtable *ft = &r->tab[T_FLOW];
	struct src *s = lp_xcalloc(ft->n + 1, sizeof(*s));
	size_t ns = 0, nsrc, nn = 0, nl = 0;
	const char *nodes[TOPSRC + 1 + 70 + 5];
	const char *color[TOPSRC + 1 + 70 + 5];
	int col[TOPSRC + 1 + 70 + 5];
	static const char *const outs[] = { NULL, "open", "back from nurture",
	    "nurture", "lost" };
	static const char *const ocol[] = { GREEN, BLUE, ORANGE, AMBER, RED };
	int stage0, out0, nst = r->nstages > 64 ? 64 : r->nstages;
	struct lp_flow_link *l;
	double *m1, *m2;
	char *keys;

	/* Lead counts per source, from the flow cells. */
	for (size_t i = 0; i < ft->n; i++) {
		const char *k = ft->cells[i].key;
		size_t kn = (size_t)(strchr(k, KEYSEP) - k), j;

		for (j = 0; j < ns; j++)
			if (s[j].n == kn && memcmp(s[j].name, k, kn) == 0)
				break;
		if (j == ns)
			s[ns++] = (struct src){ k, kn, 0 };
		s[j].leads += ft->cells[i].c[C_N];
	}
	keys = lp_xcalloc(ns + 1, 256);
	for (size_t j = 0; j < ns; j++) {
		snprintf(keys + j * 256, 256, "%.*s", (int)s[j].n, s[j].name);
		s[j].name = keys + j * 256;
	}
	qsort(s, ns, sizeof(*s), cmp_src);
	nsrc = ns > TOPSRC ? TOPSRC : ns;
	for (size_t j = 0; j < nsrc; j++) {
		nodes[nn] = s[j].name;
		color[nn] = lp_html_color((int)j);
		col[nn++] = 0;
	}
	if (ns > TOPSRC) {
		nodes[nn] = "other sources";
		color[nn] = GREY;
		col[nn++] = 0;
	}
	stage0 = (int)nn;
	for (int i = 0; i <= nst; i++) {
		nodes[nn] = i < nst ? r->stages[i] : "(unmapped)";
		color[nn] = i == nst ? GREY : r->kinds[i] == LP_STAGE_LOST ?
		    RED : r->kinds[i] == LP_STAGE_OTHER ? AMBER : i >= r->goal ?
		    GREEN : BLUE;
		col[nn++] = 1;
	}
	out0 = (int)nn;
	for (int o = 0; o < 5; o++) {
		nodes[nn] = o == 0 ? r->stages[r->goal] : outs[o];
		color[nn] = ocol[o];
		col[nn++] = 2;
	}
	m1 = lp_xcalloc((size_t)nn * nn, sizeof(*m1));
	m2 = m1;
	for (size_t i = 0; i < ft->n; i++) {
		const char *k = ft->cells[i].key, *p1 = strchr(k, KEYSEP);
		const char *p2 = strchr(p1 + 1, KEYSEP);
		int from = -1, st = -1, to = -1;

		for (size_t j = 0; j < nsrc; j++)
			if (strlen(s[j].name) == (size_t)(p1 - k) &&
			    memcmp(s[j].name, k, (size_t)(p1 - k)) == 0)
				from = (int)j;
		if (from < 0)
			from = ns > TOPSRC ? TOPSRC : 0;
		for (int j = stage0; j < out0; j++)
			if (strlen(nodes[j]) == (size_t)(p2 - p1 - 1) &&
			    memcmp(nodes[j], p1 + 1, (size_t)(p2 - p1 - 1)) == 0)
				st = j;
		for (int j = out0; j < (int)nn; j++)
			if (strcmp(nodes[j], p2 + 1) == 0)
				to = j;
		if (st < 0 || to < 0)
			continue;
		m2[(size_t)from * nn + (size_t)st] += (double)ft->cells[i].c[C_N];
		m2[(size_t)st * nn + (size_t)to] += (double)ft->cells[i].c[C_N];
	}
	/* Drop nodes nothing flows through; keep the order. */
	{
		int map[TOPSRC + 1 + 70 + 5], k = 0;
		const char *n2[TOPSRC + 1 + 70 + 5], *c2[TOPSRC + 1 + 70 + 5];
		int col2[TOPSRC + 1 + 70 + 5];

		for (size_t i = 0; i < nn; i++) {
			double t = 0;

			for (size_t j = 0; j < nn; j++)
				t += m2[i * nn + j] + m2[j * nn + i];
			map[i] = t > 0 ? k : -1;
			if (t > 0) {
				n2[k] = nodes[i];
				c2[k] = color[i];
				col2[k++] = col[i];
			}
		}
		l = lp_xcalloc(nn * nn + 1, sizeof(*l));
		/* Links in the order of their target, then source, so bands
		 * do not cross more than they must. */
		for (size_t t = 0; t < nn; t++)
			for (size_t f = 0; f < nn; f++)
				if (m2[f * nn + t] > 0)
					l[nl++] = (struct lp_flow_link){
					    map[f], map[t], m2[f * nn + t] };
		lp_buf_adds(b, "<h2>The lead journey</h2><p class=\"note\">"
		    "where leads come from, the stage they are at now, and "
		    "how it ends: the goal, still open, back to nurture, or "
		    "lost (hover a band for its count)</p>\n");
		lp_svg_flow(b, "Lead journey: source, stage, outcome", n2, col2,
		    c2, (size_t)k, l, nl, 1100, 440);
	}
	free(l);
	free(m1);
	free(keys);
	free(s);
}

static void
table_html(const struct lp_table *t, bool open, struct lp_buf *b)
{
	size_t nc = (size_t)t->ncols;

	lp_buf_printf(b, "<details%s><summary>", open ? " open=\"open\"" : "");
	lp_html_escs(b, t->title);
	lp_buf_printf(b, " (%zu rows)</summary>\n", t->nrows);
	if (t->note != NULL) {
		lp_buf_adds(b, "<p class=\"note\">");
		lp_html_escs(b, t->note);
		lp_buf_adds(b, "</p>\n");
	}
	lp_buf_adds(b, "<div class=\"wrap\"><table>\n<tr>");
	for (size_t c = 0; c < nc; c++) {
		lp_buf_adds(b, "<th>");
		lp_html_escs(b, t->cols[c]);
		lp_buf_adds(b, "</th>");
	}
	lp_buf_adds(b, "</tr>\n");
	for (size_t r = 0; r < t->nrows; r++) {
		lp_buf_adds(b, "<tr>");
		for (size_t c = 0; c < nc; c++) {
			const struct lp_val *v = &t->v[r * nc + c];

			switch (v->type) {
			case LP_V_STR:
				lp_buf_adds(b, "<td>");
				lp_html_escs(b, v->s);
				break;
			case LP_V_NULL:
				lp_buf_adds(b, "<td class=\"n\">-");
				break;
			case LP_V_INT:
				lp_buf_printf(b, "<td class=\"n\">%lld", v->i);
				break;
			case LP_V_PCT:
				lp_buf_printf(b, "<td class=\"n\">%.1f%%", v->f);
				break;
			}
			lp_buf_adds(b, "</td>");
		}
		lp_buf_adds(b, "</tr>\n");
	}
	lp_buf_adds(b, "</table></div></details>\n");
}

void
lp_report_html(const struct lp_report *r, const struct lp_tables *ts,
    struct lp_buf *b)
{
	const struct lp_table *sc = lp_tables_find(ts, "scoring");

	lp_html_begin(b, "Lead report");
	lp_buf_adds(b, "<h1>Lead report</h1>\n<p class=\"lead\">");
	lp_html_escs(b, ts->heading);
	lp_buf_adds(b, "</p>\n<div class=\"grid\">\n<div class=\"card\">"
	    "<h2>Funnel</h2><p class=\"note\">leads at a stage or later; "
	    "the share is of the stage before</p>\n");
	funnel_chart(r, b);
	lp_buf_adds(b, "</div>\n<div class=\"card\"><h2>Off the funnel</h2>"
	    "<p class=\"note\">leads parked or lost, share of all leads</p>\n");
	outcome_chart(r, b);
	lp_buf_adds(b, "</div>\n");
	group_chart(r, b);
	if (sc != NULL) {
		scoring_chart(sc, "grade", "Conversion by grade", b);
		scoring_chart(sc, "score_band", "Conversion by score band", b);
	}
	if (r->present & (1u << F_SLA_DUE))
		sla_chart(r, b);
	lp_buf_adds(b, "</div>\n");
	flow_chart(r, b);
	lp_buf_adds(b, "<h2>All figures</h2>\n");
	for (size_t i = 0; i < ts->n; i++)
		table_html(&ts->t[i], i == 0, b);
	lp_buf_adds(b, "<p class=\"note\">made by lead-report; the same "
	    "figures as its text, CSV and JSON output</p>\n");
	lp_html_end(b);
}
