/*
 * lp_fit -- read the history, build features, fit, propose (lp_fit.h).
 *
 * Rows: every labelled record of the training input (table 0, some of
 * them held out when --holdout is given) and of --test (table 1), kept
 * as their cells so that the proposal can be scored later by lp_score on
 * rebuilt records, exactly as lead-score would score them.  Global row g
 * is table 0's row g, then table 1's.  Features are defined from the
 * training rows only (quantile edges, frequent values, means), then
 * applied to every row, so nothing of the test rows leaks into the fit.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lp_alias.h"
#include "lp_fit.h"
#include "lp_fit_int.h"
#include "lp_logit.h"
#include "lp_num.h"
#include "lp_score.h"
#include "lp_stage.h"

/* Canonical fields known after the outcome, or made from it: left out of
 * the features (leakage), said with -v. */
static const char *const after_outcome[] = {
	"stage", "status", "mql_at", "converted_at", "closed_at", "amount",
	"dq_reason", "owner", "score", "fit_score", "engagement_score",
	"grade", "score_reasons", "sla_due", "team", NULL
};

static const double grid[] = { 1000, 300, 100, 30, 10, 3, 1, 0.3, 0.1, 0.03,
	0.01 };
#define NGRID	(sizeof(grid) / sizeof(grid[0]))

double
lp_fit_fin(double v)
{
	return isfinite(v) ? v : 0;
}

struct lp_fit *
lp_fit_new(const struct lp_playbook *pb, const struct lp_fit_opts *o)
{
	struct lp_fit *f = lp_xcalloc(1, sizeof(*f));

	f->pb = pb;
	f->o = *o;
	if (f->o.folds < 2)
		f->o.folds = 5;
	if (f->o.topk < 1)
		f->o.topk = 20;
	if (f->o.bins < 1)
		f->o.bins = 5;
	f->won = -1;
	f->grades = lp_map_new();
	f->badvals = lp_map_new();
	return f;
}

static void
table_free(struct table *t)
{
	lp_store_free(t->rows);
	free(t->y);
	free(t->fired);
	free(t->value);
	free(t->cur);
	free(t->prop);
	free(t->gcur);
	free(t->gprop);
	free(t->held);
	lp_scorer_free(t->sc);
	lp_stager_free(t->stager);
}

long
lp_fit_ambiguous_dates(const struct lp_fit *f, const char **example)
{
	long n = 0;

	*example = NULL;
	for (int i = 0; i < 2; i++) {
		const char *ex;
		long k = f->t[i].sc != NULL ?
		    lp_scorer_ambiguous_dates(f->t[i].sc, &ex) : 0;

		if (k > 0 && *example == NULL)
			*example = ex;
		n += k;
		if (f->t[i].dates.ambiguous > 0 && *example == NULL)
			*example = f->t[i].dates.example;
		n += f->t[i].dates.ambiguous;
	}
	return n;
}

void
lp_fit_free(struct lp_fit *f)
{
	if (f == NULL)
		return;
	for (int i = 0; i < 2; i++)
		table_free(&f->t[i]);
	for (size_t i = 0; i < f->nfields; i++) {
		free(f->fields[i].name);
		free(f->fields[i].edges);
		lp_map_free(f->fields[i].values);
	}
	free(f->fields);
	for (size_t i = 0; i < f->nfeat; i++)
		free(f->feat[i].name);
	free(f->feat);
	free(f->rules);
	free(f->ev);
	free(f->ppoints);
	lp_design_fini(&f->X);
	lp_design_fini(&f->R);
	lp_logit_free(&f->model);
	lp_logit_free(&f->rmodel);
	free(f->y);
	free(f->ptrain);
	free(f->ptest);
	free(f->oof);
	free(f->trows);
	free(f->srows);
	free(f->skipped);
	lp_buf_fini(&f->newtext);
	lp_buf_fini(&f->notes);
	lp_map_free(f->grades);
	lp_map_free(f->badvals);
	for (size_t i = 0; i < f->ngrades; i++)
		free(f->gname[i]);
	free(f->gname);
	for (size_t i = 0; i < f->nbad; i++)
		free(f->bad[i]);
	free(f->bad);
	free(f);
}

struct lp_str
lp_fit_cell(const struct table *t, size_t r, int col)
{
	return lp_store_get(t->rows, (long)r, col);
}

static int
grade_index(struct lp_fit *f, const char *g)
{
	int i = lp_map_get(f->grades, g, strlen(g));

	if (i >= 0)
		return i;
	f->gname = lp_xreallocarray(f->gname, f->ngrades + 1,
	    sizeof(*f->gname));
	f->gname[f->ngrades] = lp_xstrdup(g);
	lp_map_put(f->grades, g, strlen(g), (int)f->ngrades);
	return (int)f->ngrades++;
}

/* 1 won, 0 lost, -1 open or empty, -2 a value that means neither. */
static int
outcome_value(struct lp_str s)
{
	static const char *const yes[] = { "1", "yes", "true", "won", "y",
		NULL };
	static const char *const no[] = { "0", "no", "false", "lost", "n",
		NULL };

	s = lp_str_trim(s);
	if (s.n == 0)
		return -1;
	for (int i = 0; yes[i] != NULL; i++)
		if (lp_str_casecmp(s, (struct lp_str){ yes[i],
		    strlen(yes[i]) }) == 0)
			return 1;
	for (int i = 0; no[i] != NULL; i++)
		if (lp_str_casecmp(s, (struct lp_str){ no[i],
		    strlen(no[i]) }) == 0)
			return 0;
	return -2;
}

static int
label_of(struct lp_fit *f, struct table *t, const struct lp_record *rec)
{
	struct lp_stage_at at;
	const struct lp_stage *stg;
	int n, s, v;

	if (t->ocol >= 0) {
		struct lp_str x = lp_str_trim(lp_record_get(rec, t->ocol));

		if ((v = outcome_value(x)) == -2 &&
		    lp_map_get(f->badvals, x.p, x.n) < 0) {
			lp_map_put(f->badvals, x.p, x.n, 1);
			if (f->nbad < 10) {
				f->bad = lp_xreallocarray(f->bad, f->nbad + 1,
				    sizeof(*f->bad));
				f->bad[f->nbad++] = lp_xstrndup(x.p, x.n);
			}
		}
		return v;
	}
	lp_dates_next(&t->dates);
	s = lp_stager_stage(t->stager, rec, &at);
	stg = lp_playbook_stages(f->pb, &n);
	if (s < 0 || s >= n)
		return -1;
	if (stg[s].kind == LP_STAGE_LOST)
		return 0;
	return s == f->won ? 1 : -1;
}

int
lp_fit_read(struct lp_fit *f, struct lp_stream *st, bool test,
    struct lp_err *err)
{
	struct table *t = &f->t[test ? 1 : 0];
	struct lp_record *rec;
	uint64_t hs = f->o.seed ^ 0x5eedULL;
	int rc;

	t->st = st;
	t->hdr = lp_stream_header(st);
	t->ncol = lp_header_count(t->hdr);
	if (f->won < 0) {
		int n;
		const struct lp_stage *stg = lp_playbook_stages(f->pb, &n);

		f->won = lp_playbook_stage_find(f->pb, "won", 3);
		for (int i = 0; f->won < 0 && i < n; i++)
			if (stg[i].kind == LP_STAGE_FUNNEL)
				f->won = i;	/* the last funnel stage */
	}
	if (f->o.outcome != NULL) {
		if ((t->ocol = lp_header_find(t->hdr, f->o.outcome)) < 0)
			return lp_err_set(err, EX_DATAERR, NULL, 0,
			    "--outcome: no column '%s' in the %s", f->o.outcome,
			    test ? "--test file" : "input");
	} else {
		t->ocol = -1;
		if (lp_playbook_dates(f->pb, f->o.dates, &f->dates, err) != 0)
			return -1;
		lp_dates_init(&t->dates, f->dates);
		if ((t->stager = lp_stager_new(f->pb, t->hdr, f->o.now,
		    &t->dates, err)) == NULL)
			return -1;
	}
	if ((t->sc = lp_scorer_new(f->pb, t->hdr, f->o.now, err)) == NULL ||
	    lp_playbook_dates(f->pb, f->o.dates, &f->dates, err) != 0)
		return -1;
	lp_scorer_set_dates(t->sc, f->dates);
	f->nrules = lp_scorer_nrules(t->sc);
	if (f->rules == NULL) {
		f->rules = lp_xcalloc(f->nrules + 1, sizeof(*f->rules));
		for (size_t i = 0; i < f->nrules; i++)
			lp_scorer_rule(t->sc, i, &f->rules[i]);
	}
	t->rows = lp_store_new(t->ncol);
	while ((rc = lp_stream_next(st, &rec, err)) > 0) {
		int y = label_of(f, t, rec);
		const struct lp_score_result *res;

		if (y < 0) {
			t->open += y == -1;
			continue;
		}
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 1024;
			t->y = lp_xreallocarray(t->y, t->cap, 1);
			t->held = lp_xreallocarray(t->held, t->cap, 1);
			t->cur = lp_xreallocarray(t->cur, t->cap,
			    sizeof(*t->cur));
			t->gcur = lp_xreallocarray(t->gcur, t->cap,
			    sizeof(*t->gcur));
			t->fired = lp_xreallocarray(t->fired, t->cap *
			    (f->nrules + 1), 1);
			t->value = lp_xreallocarray(t->value, t->cap *
			    (f->nrules + 1), sizeof(*t->value));
		}
		/* The cells trimmed, row t->n of the store. */
		lp_store_begin(t->rows, lp_record_pos(rec));
		for (int c = 0; c < t->ncol; c++) {
			struct lp_str s = lp_str_trim(lp_record_get(rec, c));

			lp_store_field(t->rows, s.p, s.n);
		}
		t->y[t->n] = (unsigned char)y;
		t->held[t->n] = !test && f->o.holdout > 0 &&
		    (double)(lp_splitmix(&hs) >> 11) / 9007199254740992.0 <
		    f->o.holdout;
		/* The score first: it starts the record's count of ambiguous
		 * dates (lp_dates_next), so the rules read again are not
		 * counted twice. */
		res = lp_score_compute(t->sc, rec, NULL);
		{
			struct lp_score_fired fr[f->nrules + 1];

			lp_score_rules(t->sc, rec, fr);
			for (size_t i = 0; i < f->nrules; i++) {
				t->fired[t->n * (f->nrules + 1) + i] =
				    fr[i].fired;
				t->value[t->n * (f->nrules + 1) + i] =
				    lp_fit_fin(fr[i].value);
			}
		}
		t->cur[t->n] = lp_fit_fin(res->score);
		t->gcur[t->n] = grade_index(f, res->grade);
		if (y)
			t->won++;
		t->n++;
	}
	if (rc < 0)
		return -1;
	if (f->nbad > 0) {
		struct lp_buf b = { 0 };

		for (size_t i = 0; i < f->nbad; i++)
			lp_buf_printf(&b, "%s'%s'", i ? ", " : "", f->bad[i]);
		lp_err_set(err, EX_DATAERR, NULL, 0, "--outcome %s: '%s' is "
		    "not an outcome (write 1/0, yes/no, true/false or "
		    "won/lost; empty means open); values seen: %s",
		    f->o.outcome, f->bad[0], lp_buf_cstr(&b));
		lp_buf_fini(&b);
		return -1;
	}
	return 0;
}

/* ---- features ---- */

/* A cell as a number: the one number reader every program uses
 * (lp_num.h: "1,200", "$5k", "(300)"; "1.200" is ambiguous, not one). */
static bool
parse_num(struct lp_str s, double *v)
{
	return s.n > 0 && lp_num_read(s.p, s.n, v, NULL, NULL) == LP_NUM_OK &&
	    isfinite(*v);
}

static bool
ignored(const struct lp_fit *f, const char *name)
{
	const char *p = f->o.ignore;
	char k1[256], k2[256];
	size_t n1 = lp_name_key(name, strlen(name), k1, sizeof(k1));
	const char *c1 = lp_alias_canonical(name, strlen(name));

	while (p != NULL && *p != '\0') {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		size_t n2 = lp_name_key(p, n, k2, sizeof(k2));
		const char *c2 = lp_alias_canonical(p, n);

		if ((n1 == n2 && memcmp(k1, k2, n1) == 0) ||
		    (c1 != NULL && c2 != NULL && strcmp(c1, c2) == 0))
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

static int
add_feat(struct lp_fit *f, int field, const char *fmt, const char *a,
    const char *b)
{
	struct lp_buf n = { 0 };

	lp_buf_printf(&n, fmt, a, b ? b : "");
	/* A value with a line break or a tab names a feature on one line. */
	for (size_t i = 0; i < n.n; i++)
		if ((unsigned char)n.p[i] < 0x20)
			n.p[i] = ' ';
	f->feat = lp_xreallocarray(f->feat, f->nfeat + 1, sizeof(*f->feat));
	f->feat[f->nfeat].name = lp_buf_cstr(&n);
	f->feat[f->nfeat].field = field;
	return (int)f->nfeat++;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct vc {
	const char	*p;
	size_t		 n;
	long		 count;
};

static int
cmp_vc(const void *a, const void *b)
{
	const struct vc *x = a, *y = b;
	size_t m = x->n < y->n ? x->n : y->n;
	int c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if ((c = memcmp(x->p, y->p, m)) != 0)
		return c;
	return x->n < y->n ? -1 : x->n > y->n;
}

static void
note(struct lp_fit *f, const char *name, const char *why)
{
	lp_info("%s: left out (%s)", name, why);
	lp_buf_printf(&f->notes, "%s%s (%s)", f->notes.n ? "; " : "", name,
	    why);
}

/* Decide field col of table 0 from the training rows. */
static void
define_field(struct lp_fit *f, int col, const size_t *rows, size_t nr)
{
	const struct table *t = &f->t[0];
	const char *name = lp_header_name(t->hdr, col);
	const char *canon = lp_alias_canonical(name, strlen(name));
	struct lp_map *m = lp_map_new();
	struct vc *vc = NULL;
	double *nums = lp_xcalloc(nr ? nr : 1, sizeof(double));
	size_t nv = 0, nnum = 0, nonempty = 0, nint = 0;
	struct field fd;
	char kb[256];
	size_t kn;

	memset(&fd, 0, sizeof(fd));
	for (size_t t2 = 0; t2 < nr; t2++) {
		struct lp_str s = lp_fit_cell(t, rows[t2], col);
		double v;
		int i;

		if (s.n == 0)
			continue;
		nonempty++;
		if (parse_num(s, &v)) {
			nums[nnum++] = v;
			nint += v == floor(v);
		}
		if ((i = lp_map_get(m, s.p, s.n)) < 0) {
			vc = lp_xreallocarray(vc, nv + 1, sizeof(*vc));
			vc[nv] = (struct vc){ s.p, s.n, 0 };
			lp_map_put(m, s.p, s.n, (int)nv);
			i = (int)nv++;
		}
		vc[i].count++;
	}
	lp_map_free(m);
	kn = lp_name_key(name, strlen(name), kb, sizeof(kb));
	if (nonempty == 0) {
		note(f, name, "empty in every row");
		goto done;
	}
	if (nv == 1 && nonempty == nr) {
		note(f, name, "constant");
		goto done;
	}
	fd.name = lp_xstrdup(name);
	fd.col = col;
	fd.missing = nonempty < nr;
	if (nnum * 100 >= nonempty * 95 && nv > 2) {
		double mean = 0, var = 0;

		if (nv == nonempty && nint == nnum && nonempty >= 20 &&
		    kn >= 2 && strcmp(kb + kn - 2, "id") == 0) {
			note(f, name, "an ID: a different whole number in "
			    "every row");
			free(fd.name);
			goto done;
		}
		fd.numeric = true;
		for (size_t i = 0; i < nnum; i++)
			mean += nums[i];
		mean /= (double)nnum;
		for (size_t i = 0; i < nnum; i++)
			var += (nums[i] - mean) * (nums[i] - mean);
		fd.mean = mean;
		fd.sd = nnum > 1 ? sqrt(var / (double)(nnum - 1)) : 1;
		if (!(fd.sd > 0))
			fd.sd = 1;
		qsort(nums, nnum, sizeof(double), cmp_double);
		fd.edges = lp_xcalloc((size_t)f->o.bins + 1, sizeof(double));
		for (int b = 1; b < f->o.bins; b++) {
			double e = lp_quantile(nums, nnum, (double)b /
			    f->o.bins);

			if (e > nums[0] && (fd.nedges == 0 ||
			    e > fd.edges[fd.nedges - 1]))
				fd.edges[fd.nedges++] = e;
		}
	} else {
		size_t keep = 0;

		if (nv * 10 > nonempty * 9 && nonempty >= 20) {
			note(f, name, "a different value in almost every "
			    "row: an ID, a timestamp or free text");
			free(fd.name);
			goto done;
		}
		qsort(vc, nv, sizeof(*vc), cmp_vc);
		fd.values = lp_map_new();
		for (size_t i = 0; i < nv && keep < (size_t)f->o.topk; i++) {
			if (vc[i].count < 3 && nv > 2)
				break;	/* rare: pooled */
			lp_map_put(fd.values, vc[i].p, vc[i].n, (int)keep++);
		}
		fd.nvalues = (int)keep;
		fd.other = keep < nv;
		fd.vfirst = -1;
		(void)vc;
	}
	if (canon != NULL && strcmp(canon, name) != 0)
		lp_info("%s: used as %s (%s)", name, fd.numeric ? "a number" :
		    "categories", canon);
	f->fields = lp_xreallocarray(f->fields, f->nfields + 1,
	    sizeof(*f->fields));
	f->fields[f->nfields++] = fd;
	/* Feature names, in a stable order. */
	{
		struct field *p = &f->fields[f->nfields - 1];
		int fi = (int)f->nfields - 1;
		char a[64], b[80];

		if (p->numeric) {
			p->fvalue = add_feat(f, fi, "%s%s", p->name, NULL);
			p->fmissing = p->missing ? add_feat(f, fi,
			    "%s is empty%s", p->name, NULL) : -1;
			p->fbin = (int)f->nfeat;
			for (int bi = 0; bi <= p->nedges; bi++) {
				if (bi == 0)
					snprintf(a, sizeof(a), "< %g",
					    p->edges[0]);
				else if (bi == p->nedges)
					snprintf(a, sizeof(a), ">= %g",
					    p->edges[bi - 1]);
				else
					snprintf(a, sizeof(a), "%g to %g",
					    p->edges[bi - 1], p->edges[bi]);
				if (p->nedges == 0)
					break;
				snprintf(b, sizeof(b), " %s", a);
				add_feat(f, fi, "%s%s", p->name, b);
			}
		} else {
			p->vfirst = (int)f->nfeat;
			for (size_t i = 0; i < (size_t)p->nvalues; i++) {
				struct lp_buf v = { 0 };

				lp_buf_add(&v, vc[i].p, vc[i].n);
				add_feat(f, fi, "%s = %s", p->name,
				    lp_buf_cstr(&v));
				lp_buf_fini(&v);
			}
			p->fother = p->other ? add_feat(f, fi,
			    "%s = (other)%s", p->name, NULL) : -1;
			p->fmissing = p->missing ? add_feat(f, fi,
			    "%s is empty%s", p->name, NULL) : -1;
		}
	}
done:
	free(vc);
	free(nums);
}

/* Row r of table ti into the design (field features, then rules). */
static void
design_row(struct lp_fit *f, struct lp_design *X, int ti, size_t r,
    bool fields)
{
	const struct table *t = &f->t[ti];

	for (size_t i = 0; fields && i < f->nfields; i++) {
		const struct field *p = &f->fields[i];
		int col = ti == 0 ? p->col : p->tcol;
		struct lp_str s = lp_fit_cell(t, r, col);
		double v;

		if (p->numeric) {
			if (!parse_num(s, &v)) {
				lp_design_add(X, p->fmissing, 1);
				continue;
			}
			v = (v - p->mean) / p->sd;
			lp_design_add(X, p->fvalue, v > 5 ? 5 : v < -5 ? -5 : v);
			if (p->nedges > 0) {
				int b = 0;
				double raw = v * p->sd + p->mean;

				while (b < p->nedges && raw >= p->edges[b])
					b++;
				lp_design_add(X, p->fbin + b, 1);
			}
		} else if (s.n == 0) {
			lp_design_add(X, p->fmissing, 1);
		} else {
			int k = lp_map_get(p->values, s.p, s.n);

			lp_design_add(X, k >= 0 ? p->vfirst + k : p->fother, 1);
		}
	}
	for (size_t i = 0; i < f->nrules; i++) {
		size_t k = r * (f->nrules + 1) + i;
		int j = (fields ? (int)(f->nfeat - f->nrules) : 0) + (int)i;

		if (f->rules[i].per)
			lp_design_add(X, j, t->value[k]);
		else if (t->fired[k])
			lp_design_add(X, j, 1);
	}
	lp_design_row(X);
}

int
lp_fit_run(struct lp_fit *f, struct lp_err *err)
{
	struct table *t0 = &f->t[0], *t1 = &f->t[1];
	size_t n = t0->n + t1->n, nt = 0, ns = 0;
	unsigned char *ytr, *yte;
	size_t bi;

	f->won_n = t0->won + t1->won;
	f->lost_n = (long)n - f->won_n;
	if (t0->won == 0)
		return lp_err_set(err, EX_DATAERR, NULL, 0, "no won leads "
		    "among %zu closed ones: nothing to learn from (the "
		    "outcome comes from %s)", t0->n, f->o.outcome ?
		    f->o.outcome : "the stage; see --outcome");
	if ((long)t0->n == t0->won)
		return lp_err_set(err, EX_DATAERR, NULL, 0, "no lost or "
		    "disqualified leads among %zu closed ones: nothing to "
		    "learn from (the outcome comes from %s)", t0->n,
		    f->o.outcome ? f->o.outcome : "the stage; see --outcome");
	f->y = lp_xcalloc(n, 1);
	f->trows = lp_xcalloc(n, sizeof(size_t));
	f->srows = lp_xcalloc(n, sizeof(size_t));
	for (size_t r = 0; r < t0->n; r++) {
		f->y[r] = t0->y[r];
		if (t0->held[r])
			f->srows[ns++] = r;
		else
			f->trows[nt++] = r;
	}
	for (size_t r = 0; r < t1->n; r++) {
		f->y[t0->n + r] = t1->y[r];
		f->srows[ns++] = t0->n + r;
	}
	f->ntrain = nt;
	f->ntest = ns;
	ytr = lp_xcalloc(nt + 1, 1);
	yte = lp_xcalloc(ns + 1, 1);
	for (size_t i = 0; i < nt; i++)
		ytr[i] = f->y[f->trows[i]];
	for (size_t i = 0; i < ns; i++)
		yte[i] = f->y[f->srows[i]];
	{
		long w = 0;

		for (size_t i = 0; i < nt; i++)
			w += ytr[i];
		if (w == 0 || w == (long)nt) {
			free(ytr);
			free(yte);
			return lp_err_set(err, EX_DATAERR, NULL, 0, "the "
			    "training rows hold a single class (%ld won of "
			    "%zu): hold out fewer (--holdout)", w, nt);
		}
	}
	/* Features from the training rows. */
	lp_buf_init(&f->notes);
	for (int c = 0; c < t0->ncol; c++) {
		const char *name = lp_header_name(t0->hdr, c);
		const char *canon = lp_alias_canonical(name, strlen(name));
		bool leak = c == t0->ocol;

		for (int i = 0; !leak && canon && after_outcome[i]; i++)
			leak = strcmp(canon, after_outcome[i]) == 0;
		if (ignored(f, name)) {
			note(f, name, "--ignore");
			continue;
		}
		if (leak) {
			note(f, name, "known only after the outcome");
			continue;
		}
		define_field(f, c, f->trows, nt);
	}
	for (size_t i = 0; i < f->nrules; i++)
		add_feat(f, -1, "rule: %s%s", f->rules[i].src->label, NULL);
	for (size_t i = 0; i < f->nfields; i++)
		f->fields[i].tcol = t1->hdr == NULL ? -1 :
		    lp_header_find(t1->hdr, f->fields[i].name);
	lp_design_init(&f->X, f->nfeat);
	lp_design_init(&f->R, f->nrules);
	for (int ti = 0; ti < 2; ti++)
		for (size_t r = 0; r < f->t[ti].n; r++) {
			design_row(f, &f->X, ti, r, true);
			design_row(f, &f->R, ti, r, false);
		}
	/* The model: penalty by CV on the training rows, then refit. */
	f->oof = lp_xcalloc(nt + 1, sizeof(double));
	bi = lp_logit_cv(&f->X, f->y, f->trows, nt, grid, NGRID, f->o.folds,
	    f->o.seed, f->oof);
	f->lambda = grid[bi];
	lp_logit_fit(&f->model, &f->X, f->y, f->trows, nt, f->lambda);
	f->ptrain = lp_xcalloc(nt + 1, sizeof(double));
	f->ptest = lp_xcalloc(ns + 1, sizeof(double));
	for (size_t i = 0; i < nt; i++)
		f->ptrain[i] = lp_logit_prob(&f->model, &f->X, f->trows[i]);
	for (size_t i = 0; i < ns; i++)
		f->ptest[i] = lp_logit_prob(&f->model, &f->X, f->srows[i]);
	f->m_train.n = (long)nt;
	f->m_train.has_auc = lp_auc(f->ptrain, ytr, nt, &f->m_train.auc);
	f->m_train.logloss = lp_logloss(f->ptrain, ytr, nt);
	f->m_cv.n = (long)nt;
	f->m_cv.has_auc = lp_auc(f->oof, ytr, nt, &f->m_cv.auc);
	f->m_cv.logloss = lp_logloss(f->oof, ytr, nt);
	f->m_test.n = (long)ns;
	f->m_test.has_auc = lp_auc(f->ptest, yte, ns, &f->m_test.auc);
	f->m_test.logloss = lp_logloss(f->ptest, yte, ns);
	free(ytr);
	free(yte);
	if (f->m_cv.auc > 0.98)
		lp_warn("cross-validated AUC %.3f: too good to be true; a "
		    "column probably holds the outcome or was filled in after "
		    "it (leave it out with --ignore)", f->m_cv.auc);
	if (lp_fit_evidence(f) != 0 || lp_fit_propose(f, grid, NGRID,
	    err) != 0)
		return -1;
	return 0;
}
