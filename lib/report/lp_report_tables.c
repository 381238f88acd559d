/*
 * lp_report_tables.c -- the report's sections as rows of typed cells,
 * made from the cells alone (so a merged report reads as one run).
 *
 * Definitions (also in lead-report(1)):
 *   reached    a funnel stage is reached by the leads at it or at a later
 *              funnel stage and, up to mql, by the leads off the funnel
 *              with an mql_at date; the first stage by every lead
 *   conversion reached / reached of the stage before (the denominator is
 *              its own column)
 *   median,p90 nearest rank over whole days (hours for first touch)
 *   interval   Wilson score interval, 95%
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_report.h"
#include "lp_report_int.h"

const char *const lp_report_sections[] = {
	"groups", "funnel", "velocity", "sla", "disqualification", "recycled",
	"scoring", "leaks", "flow", NULL
};

bool
lp_report_section_known(const char *name)
{
	for (int i = 0; lp_report_sections[i] != NULL; i++)
		if (strcmp(lp_report_sections[i], name) == 0)
			return true;
	return false;
}

enum lp_cohort
lp_report_cohort_named(const char *name)
{
	return strcmp(name, "week") == 0 ? LP_COHORT_WEEK :
	    strcmp(name, "month") == 0 ? LP_COHORT_MONTH :
	    strcmp(name, "quarter") == 0 ? LP_COHORT_QUARTER : LP_COHORT_NONE;
}

/* ---------------------------------------------------------- building */

static struct lp_table *
tnew(struct lp_tables *ts, const char *name, const char *title,
    const char *note, const char *const *gcols, int ng, const char *cols)
{
	struct lp_table *t;
	char *s, *p, *e;

	ts->t = lp_xreallocarray(ts->t, ts->n + 1, sizeof(*ts->t));
	t = &ts->t[ts->n++];
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->title = title;
	t->note = note;
	{
		size_t n = (size_t)ng + 1;

		for (const char *c = cols; *c != '\0'; c++)
			n += *c == ',';
		t->cols = lp_xcalloc(n, sizeof(*t->cols));
	}
	for (int i = 0; i < ng; i++)
		t->cols[t->ncols++] = lp_xstrdup(gcols[i]);
	s = lp_xstrdup(cols);
	for (p = s; p != NULL; p = e) {
		if ((e = strchr(p, ',')) != NULL)
			*e++ = '\0';
		t->cols[t->ncols++] = lp_xstrdup(p);
	}
	free(s);
	return t;
}

/* A new row; fill it with the v* helpers in column order. */
static struct lp_val *
trow(struct lp_table *t)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = lp_xreallocarray(t->v, t->cap * (size_t)t->ncols,
		    sizeof(*t->v));
	}
	memset(t->v + t->nrows * (size_t)t->ncols, 0,
	    (size_t)t->ncols * sizeof(*t->v));
	return t->v + t->nrows++ * (size_t)t->ncols;
}

static struct lp_val
vs(const char *s, size_t n)
{
	return (struct lp_val){ LP_V_STR, lp_xstrndup(s, n), 0, 0 };
}

static struct lp_val
vstr(const char *s)
{
	return vs(s, strlen(s));
}

static struct lp_val
vi(long long i)
{
	return (struct lp_val){ LP_V_INT, NULL, i, 0 };
}

/* A share as a percentage; null over an empty denominator. */
static struct lp_val
vp(long long num, long long den)
{
	if (den <= 0)
		return (struct lp_val){ LP_V_NULL, NULL, 0, 0 };
	return (struct lp_val){ LP_V_PCT, NULL, 0, 100.0 * (double)num /
	    (double)den };
}

static struct lp_val
vf(double pct)
{
	return (struct lp_val){ LP_V_PCT, NULL, 0, pct };
}

static const struct lp_val vnull = { LP_V_NULL, NULL, 0, 0 };

/* Nearest-rank quantile num/den of a histogram; null when empty. */
static struct lp_val
quant(const struct lp_hist *h, long long num, long long den)
{
	unsigned long long total = 0, cum = 0, k;

	for (uint32_t i = 0; i < h->n; i++)
		total += h->c[i];
	if (total == 0)
		return vnull;
	k = (total * (unsigned long long)num + (unsigned long long)den - 1) /
	    (unsigned long long)den;
	if (k == 0)
		k = 1;
	for (uint32_t i = 0; i < h->n; i++) {
		cum += h->c[i];
		if (cum >= k)
			return vi(i);
	}
	return vnull;
}

/* Split a group key into the row's first ng cells. */
static void
gcells(struct lp_val *row, const char *key, size_t n, int ng)
{
	const char *p = key, *e = key + n;

	for (int i = 0; i < ng; i++) {
		const char *q = memchr(p, KEYSEP, (size_t)(e - p));

		if (q == NULL)
			q = e;
		row[i] = vs(p, (size_t)(q - p));
		p = q < e ? q + 1 : q;
	}
}

static void
gall(struct lp_val *row, int ng)
{
	for (int i = 0; i < ng; i++)
		row[i] = vstr("(all)");
}

/* Group column names: cohort, then the --by fields. */
static int
group_cols(const struct lp_report *r, const char **g, char **keep)
{
	int n = 0;
	char *p, *e;

	*keep = NULL;
	if (r->o.cohort != LP_COHORT_NONE)
		g[n++] = "cohort";
	if (r->by[0] != '\0') {
		*keep = lp_xstrdup(r->by);
		for (p = *keep; p != NULL && n < LP_REPORT_MAXBY + 1; p = e) {
			if ((e = strchr(p, ',')) != NULL)
				*e++ = '\0';
			g[n++] = p;
		}
	}
	return n;
}

static void
funnel_rows(const struct lp_report *r, struct lp_table *t,
    const struct lp_cell *c, int ng, bool all)
{
	long long n = c->c[C_N], prev = n;

	for (int i = 0; i <= r->nstages; i++) {
		long long at = c->c[C_FIXED + i], reached = 0;
		struct lp_val *row;

		if (i == r->nstages && at == 0)
			break;
		row = trow(t);
		if (all)
			gall(row, ng);
		else
			gcells(row, c->key, c->klen, ng);
		row += ng;
		row[0] = vstr(i < r->nstages ? r->stages[i] : "(unmapped)");
		row[1] = vstr(i == r->nstages ? "unmapped" :
		    r->kinds[i] == LP_STAGE_FUNNEL ? "funnel" :
		    r->kinds[i] == LP_STAGE_LOST ? "lost" : "other");
		row[2] = vi(at);
		if (i < r->nfunnel) {
			reached = lp_rep_reached(r, c, i);
			row[3] = vi(reached);
			row[4] = vi(prev);
			row[5] = vp(reached, prev);
			row[6] = vp(reached, n);
			prev = reached;
		} else {
			row[3] = row[4] = row[5] = vnull;
			row[6] = vp(at, n);
		}
	}
}

static const char *const interval_names[] = {
	"created -> first touch", "first touch -> converted",
	"converted -> closed", "created -> closed"
};

static void
velocity_rows(struct lp_table *t, const struct lp_cell *c, int ng, bool all)
{
	for (int h = 0; h < 4; h++) {
		struct lp_val *row = trow(t);
		long long n = 0;

		if (all)
			gall(row, ng);
		else
			gcells(row, c->key, c->klen, ng);
		row += ng;
		for (uint32_t i = 0; i < c->h[h].n; i++)
			n += (long long)c->h[h].c[i];
		row[0] = vstr(interval_names[h]);
		row[1] = vi(n);
		row[2] = quant(&c->h[h], 1, 2);
		row[3] = quant(&c->h[h], 9, 10);
	}
}

static void
sla_row(struct lp_table *t, const char *dim, const struct lp_cell *c,
    bool all)
{
	struct lp_val *row = trow(t);
	const int64_t *k = c->c;

	row[0] = vstr(dim);
	row[1] = all ? vstr("(all)") : vs(c->key, c->klen);
	row[2] = vi(k[C_SLA]);
	row[3] = vi(k[C_SLA_MET]);
	row[4] = vi(k[C_SLA_LATE]);
	row[5] = vi(k[C_SLA_OVERDUE]);
	row[6] = vi(k[C_SLA_PENDING]);
	row[7] = vp(k[C_SLA_MET], k[C_SLA_MET] + k[C_SLA_LATE] +
	    k[C_SLA_OVERDUE]);
	row[8] = quant(&c->h[H_TOUCH_HOURS], 1, 2);
	row[9] = quant(&c->h[H_TOUCH_HOURS], 9, 10);
}

void
lp_rep_wilson(long long k, long long n, double *lo, double *hi)
{
	const double z = 1.959963984540054;
	double p, d, ctr, half;

	p = (double)k / (double)n;
	d = 1 + z * z / (double)n;
	ctr = (p + z * z / (2.0 * (double)n)) / d;
	half = z * sqrt(p * (1 - p) / (double)n + z * z / (4.0 * (double)n *
	    (double)n)) / d;
	*lo = 100 * (ctr - half < 0 ? 0 : ctr - half);
	*hi = 100 * (ctr + half > 1 ? 1 : ctr + half);
}

static void
wilson(long long k, long long n, struct lp_val *lo, struct lp_val *hi)
{
	double a, b;

	if (n <= 0) {
		*lo = *hi = vnull;
		return;
	}
	lp_rep_wilson(k, n, &a, &b);
	*lo = vf(a);
	*hi = vf(b);
}

/* Parenthesised keys ("(empty)", "(no grade)") after the others; score
 * bands by their lower bound. */
static int
cmp_display(const void *a, const void *b)
{
	const struct lp_cell *x = *(struct lp_cell *const *)a;
	const struct lp_cell *y = *(struct lp_cell *const *)b;
	bool px = x->klen > 0 && x->key[0] == '(';
	bool py = y->klen > 0 && y->key[0] == '(';
	bool dx = x->klen > 0 && x->key[0] >= '0' && x->key[0] <= '9';
	bool dy = y->klen > 0 && y->key[0] >= '0' && y->key[0] <= '9';

	if (px != py)
		return px - py;
	if (dx && dy) {
		long long u = atoll(x->key), v = atoll(y->key);

		if (u != v)
			return (u > v) - (u < v);
	}
	return strcmp(x->key, y->key);
}

static void
scoring_rows(const struct lp_report *r, struct lp_table *t, int tab,
    const char *dim)
{
	struct lp_cell **v = lp_rep_sorted(r, tab);
	size_t n = 0;

	while (v[n] != NULL)
		n++;
	qsort(v, n, sizeof(*v), cmp_display);
	for (size_t i = 0; i < n; i++) {
		struct lp_val *row = trow(t);

		row[0] = vstr(dim);
		row[1] = vs(v[i]->key, v[i]->klen);
		row[2] = vi(v[i]->c[C_N]);
		row[3] = vi(v[i]->c[C_GOAL]);
		row[4] = vp(v[i]->c[C_GOAL], v[i]->c[C_N]);
		wilson(v[i]->c[C_GOAL], v[i]->c[C_N], &row[5], &row[6]);
	}
	free(v);
}

/* Within runs of equal "value, outcome", most leads first. */
static int
cmp_dq(const void *a, const void *b)
{
	const struct lp_cell *x = *(struct lp_cell *const *)a;
	const struct lp_cell *y = *(struct lp_cell *const *)b;
	const char *sx = strrchr(x->key, KEYSEP), *sy = strrchr(y->key,
	    KEYSEP);
	size_t nx = (size_t)(sx - x->key), ny = (size_t)(sy - y->key);
	int c = memcmp(x->key, y->key, nx < ny ? nx : ny);
	bool px = x->key[0] == '(', py = y->key[0] == '(';

	if (px != py)
		return px - py;

	if (c != 0 || nx != ny)
		return c != 0 ? c : (nx > ny) - (nx < ny);
	if (x->c[C_N] != y->c[C_N])
		return x->c[C_N] < y->c[C_N] ? 1 : -1;
	return strcmp(sx, sy);
}

static void
dq_rows(const struct lp_report *r, struct lp_table *t, int tab,
    const char *dim)
{
	struct lp_cell **v = lp_rep_sorted(r, tab);
	size_t n = 0;

	while (v[n] != NULL)
		n++;
	qsort(v, n, sizeof(*v), cmp_dq);
	for (size_t i = 0, j; i < n; i = j) {
		long long sum = 0;
		size_t pre = (size_t)(strrchr(v[i]->key, KEYSEP) - v[i]->key);

		for (j = i; j < n && (size_t)(strrchr(v[j]->key, KEYSEP) -
		    v[j]->key) == pre && memcmp(v[j]->key, v[i]->key, pre) ==
		    0; j++)
			sum += v[j]->c[C_N];
		for (size_t k = i; k < j; k++) {
			struct lp_val *row = trow(t);

			row[0] = vstr(dim);
			gcells(row + 1, v[k]->key, v[k]->klen, 3);
			row[4] = vi(v[k]->c[C_N]);
			row[5] = vp(v[k]->c[C_N], sum);
		}
	}
	free(v);
}

struct lp_tables *
lp_report_tables(const struct lp_report *r)
{
	struct lp_tables *ts = lp_xcalloc(1, sizeof(*ts));
	const char *g[LP_REPORT_MAXBY + 2];
	char *keep, head[600], *gs;
	int ng = group_cols(r, g, &keep);
	bool grouped = ng > 0;
	struct lp_cell **v = lp_rep_sorted(r, T_GROUP);
	struct lp_table *t;
	char goalcol[128];

	snprintf(head, sizeof(head), "%lld leads (%llu read%s); playbook "
	    "%s; conversion means reaching %s", (long long)r->total.c[C_N],
	    (unsigned long long)r->nread, r->o.has_since || r->o.has_until ?
	    ", window on created_at" : "", r->pbname, r->stages[r->goal]);
	if (r->nbaddate > 0)
		snprintf(head + strlen(head), sizeof(head) - strlen(head),
		    "; %llu date%s not read", (unsigned long long)r->nbaddate,
		    r->nbaddate == 1 ? "" : "s");
	if (r->total.c[C_NEG] > 0)
		snprintf(head + strlen(head), sizeof(head) - strlen(head),
		    "; %lld lead%s with times that run backwards (those "
		    "intervals not counted)", (long long)r->total.c[C_NEG],
		    r->total.c[C_NEG] == 1 ? "" : "s");
	ts->heading = lp_xstrdup(head);
	ts->leads = (long long)r->total.c[C_N];
	ts->read = (long long)r->nread;
	ts->playbook = r->pbname;
	ts->goal = r->stages[r->goal];
	snprintf(goalcol, sizeof(goalcol), "%s", r->stages[r->goal]);
	gs = goalcol;

	if (grouped) {
		/* One line per group: the funnel at a glance. */
		struct lp_buf cols = { 0 };

		lp_buf_adds(&cols, "leads");
		for (int i = 1; i < r->nfunnel; i++)
			lp_buf_printf(&cols, ",%s", r->stages[i]);
		lp_buf_printf(&cols, ",off_funnel,lost,%s_pct", gs);
		t = tnew(ts, "groups", "Groups", "leads that reached each "
		    "funnel stage; off_funnel: other stages and unmapped; "
		    "the last column: reached the goal / leads", g, ng,
		    lp_buf_cstr(&cols));
		lp_buf_fini(&cols);
		for (size_t i = 0; v[i] != NULL; i++) {
			const struct lp_cell *c = v[i];
			struct lp_val *row = trow(t);
			long long off = 0, lost = 0;
			int k = ng;

			gcells(row, c->key, c->klen, ng);
			row[k++] = vi(c->c[C_N]);
			for (int j = 1; j < r->nfunnel; j++)
				row[k++] = vi(lp_rep_reached(r, c, j));
			for (int x = r->nfunnel; x <= r->nstages; x++) {
				if (x < r->nstages && r->kinds[x] == LP_STAGE_LOST)
					lost += c->c[C_FIXED + x];
				else
					off += c->c[C_FIXED + x];
			}
			row[k++] = vi(off);
			row[k++] = vi(lost);
			row[k++] = vp(c->c[C_GOAL], c->c[C_N]);
		}
	}

	t = tnew(ts, "funnel", "Funnel", "reached: leads at the stage or "
	    "later in the funnel, and up to mql the leads off it with an "
	    "mql_at date; every lead enters at the first; conv_pct = "
	    "reached / from", g, ng,
	    "stage,kind,leads,reached,from,conv_pct,of_total_pct");
	funnel_rows(r, t, &r->total, ng, true);
	for (size_t i = 0; grouped && v[i] != NULL; i++)
		funnel_rows(r, t, v[i], ng, false);

	if (r->present & ((1u << F_CREATED) | (1u << F_TOUCH) |
	    (1u << F_CONVERTED) | (1u << F_CLOSED))) {
		t = tnew(ts, "velocity", "Velocity", "whole days between the "
		    "timestamps; median and p90 by nearest rank", g, ng,
		    "interval,leads,median_days,p90_days");
		velocity_rows(t, &r->total, ng, true);
		for (size_t i = 0; grouped && v[i] != NULL; i++)
			velocity_rows(t, v[i], ng, false);
	}
	free(v);

	if (r->present & (1u << F_SLA_DUE)) {
		t = tnew(ts, "sla", "SLA compliance", "met: first touch by "
		    "sla_due_at; overdue: untouched past it; compliance = "
		    "met / (met + late + overdue); hours from created_at to "
		    "first touch", NULL, 0, "by,value,with_sla,met,late,"
		    "overdue,pending,compliance_pct,median_hours,p90_hours");
		sla_row(t, "all", &r->total, true);
		for (int tab = T_OWNER; tab <= T_GRADE; tab++) {
			struct lp_cell **o = lp_rep_sorted(r, tab);
			size_t n = 0;

			while (o[n] != NULL)
				n++;
			qsort(o, n, sizeof(*o), cmp_display);
			for (size_t i = 0; i < n; i++)
				if (o[i]->c[C_SLA] > 0)
					sla_row(t, tab == T_OWNER ? "owner" :
					    "grade", o[i], false);
			free(o);
		}
	}

	t = tnew(ts, "disqualification", "Disqualification and loss reasons",
	    "pct: share of that source's or campaign's leads at that "
	    "outcome", NULL, 0, "by,value,outcome,reason,leads,pct");
	dq_rows(r, t, T_SOURCE_DQ, "lead_source");
	dq_rows(r, t, T_CAMPAIGN_DQ, "campaign");

	if (r->present & (1u << F_RECYCLED)) {
		long long sum = 0;

		t = tnew(ts, "recycled", "Recycled leads: what became of them",
		    "stage now of the leads marked recycled", NULL, 0,
		    "stage,leads,pct");
		for (size_t i = 0; i < r->tab[T_RECYCLED].n; i++)
			sum += r->tab[T_RECYCLED].cells[i].c[C_N];
		for (int s = 0; s <= r->nstages; s++) {
			const char *nm = s < r->nstages ? r->stages[s] :
			    "(unmapped)";

			for (size_t i = 0; i < r->tab[T_RECYCLED].n; i++) {
				const struct lp_cell *c =
				    &r->tab[T_RECYCLED].cells[i];
				struct lp_val *row;

				if (strcmp(c->key, nm) != 0)
					continue;
				row = trow(t);
				row[0] = vstr(nm);
				row[1] = vi(c->c[C_N]);
				row[2] = vp(c->c[C_N], sum);
			}
		}
	}

	if (r->present & ((1u << F_GRADE) | (1u << F_SCORE))) {
		char cols[300];

		snprintf(cols, sizeof(cols), "by,value,leads,%s,rate_pct,"
		    "ci_low_pct,ci_high_pct", gs);
		t = tnew(ts, "scoring", "Does the scoring work?", "rate: "
		    "leads that reached the goal stage; ci: 95% Wilson "
		    "interval", NULL, 0, cols);
		if (r->present & (1u << F_GRADE))
			scoring_rows(r, t, T_GRADE, "grade");
		if (r->present & (1u << F_SCORE))
			scoring_rows(r, t, T_BAND, "score_band");
	}

	t = tnew(ts, "leaks", "Leaks", "leads that fell through; "
	    "--leaks FILE writes them", NULL, 0, "leak,leads");
	for (int l = 0; l < LP_LEAK_N; l++) {
		struct lp_val *row = trow(t);

		row[0] = vstr(lp_report_leak_names[l]);
		row[1] = vi(r->total.c[C_LEAK + l]);
	}

	t = tnew(ts, "flow", "Lead journey", "source -> stage now -> "
	    "outcome", NULL, 0, "lead_source,stage,outcome,leads");
	{
		struct lp_cell **f = lp_rep_sorted(r, T_FLOW);

		for (size_t i = 0; f[i] != NULL; i++) {
			struct lp_val *row = trow(t);

			gcells(row, f[i]->key, f[i]->klen, 3);
			row[3] = vi(f[i]->c[C_N]);
		}
		free(f);
	}
	free(keep);
	return ts;
}

void
lp_report_tables_free(struct lp_tables *ts)
{
	if (ts == NULL)
		return;
	for (size_t i = 0; i < ts->n; i++) {
		struct lp_table *t = &ts->t[i];

		for (size_t k = 0; k < t->nrows * (size_t)t->ncols; k++)
			if (t->v[k].type == LP_V_STR)
				free((char *)t->v[k].s);
		for (int c = 0; c < t->ncols; c++)
			free((char *)t->cols[c]);
		free(t->cols);
		free(t->v);
	}
	free(ts->t);
	free((char *)ts->heading);
	free(ts);
}

const struct lp_table *
lp_tables_find(const struct lp_tables *ts, const char *name)
{
	for (size_t i = 0; i < ts->n; i++)
		if (strcmp(ts->t[i].name, name) == 0)
			return &ts->t[i];
	return NULL;
}
