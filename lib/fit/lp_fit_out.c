/*
 * lp_fit_out -- per-rule evidence, the proposal and the written outputs
 * of lead-fit (lp_fit.h): the text report, the JSON metrics and the
 * unified diff.  The diff is made here, not by diff(1): the proposal
 * changes rule lines in place (same line count) and may append a
 * section the playbook took from the built-in default, so the edit
 * script is known and only its hunks need writing.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lp_fit_int.h"

#define CONTEXT	3
#define MIN_SEEN	10	/* leads a rule must fire on, and not */

static bool
helps_sign(double points)
{
	return points >= 0;
}

int
lp_fit_evidence(struct lp_fit *f)
{
	const struct table *t = &f->t[0];
	long won = t->won, n = (long)t->n;
	double base = n > 0 ? (double)won / (double)n : 0;

	f->ev = lp_xcalloc(f->nrules + 1, sizeof(*f->ev));
	for (size_t i = 0; i < f->nrules; i++) {
		struct evidence *e = &f->ev[i];
		double pts = f->rules[i].src->points;

		for (size_t r = 0; r < t->n; r++) {
			if (t->fired[r * (f->nrules + 1) + i]) {
				e->fires++;
				e->won_fires += t->y[r];
			} else {
				e->nots++;
				e->won_nots += t->y[r];
			}
		}
		e->pf = e->fires ? (double)e->won_fires / (double)e->fires : 0;
		e->pn = e->nots ? (double)e->won_nots / (double)e->nots : 0;
		lp_wilson(e->won_fires, e->fires, &e->lo, &e->hi);
		e->lift = base > 0 ? e->pf / base : 0;
		e->lift_lo = base > 0 ? e->lo / base : 0;
		e->lift_hi = base > 0 ? e->hi / base : 0;
		if (e->fires == 0)
			e->flag = "never fires";
		else if (e->nots == 0)
			e->flag = "always fires";
		else if (e->fires < MIN_SEEN || e->nots < MIN_SEEN)
			e->flag = "too few to tell";
		else if (helps_sign(pts) ? e->hi < e->pn : e->lo > e->pn)
			e->flag = "hurts";
		else if (e->lo <= e->pn && e->pn <= e->hi)
			e->flag = "no clear effect";
		else
			e->flag = "helps";
	}
	return 0;
}

static void
points_str(char *b, size_t cap, double v)
{
	v += 0.0;	/* -0 is +0 */
	if (v == 0) {
		snprintf(b, cap, "+0");
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(b, cap, "%s%.0f", v >= 0 ? "+" : "", v);
	else
		snprintf(b, cap, "%s%g", v >= 0 ? "+" : "", v);
}

/* Line l (1-based) of text with its points token replaced. */
static void
replace_points(struct lp_buf *out, const char *line, int col, double pts)
{
	char tok[32];
	size_t b = col > 0 ? (size_t)col - 1 : 0, e = b, ws, len, nl;

	points_str(tok, sizeof(tok), pts);
	len = strlen(line);
	while (e < len && line[e] != ' ' && line[e] != '\t' && line[e] != '"')
		e++;
	for (ws = e; ws < len && (line[ws] == ' ' || line[ws] == '\t'); ws++)
		;
	lp_buf_add(out, line, b);
	lp_buf_adds(out, tok);
	/* Keep the label where it was when the number's width allows. */
	nl = strlen(tok);
	if (nl < ws - b && line[e] == ' ') {
		for (size_t k = nl; k < ws - b; k++)
			lp_buf_addc(out, ' ');
	} else {
		lp_buf_addc(out, ' ');
	}
	lp_buf_adds(out, line + ws);
}

static void
new_text(struct lp_fit *f)
{
	const char *text = lp_playbook_text(f->pb, &f->oldn);
	long nlines = 1;
	struct lp_buf tail = { 0 };

	f->oldtext = text;
	for (size_t i = 0; i < f->oldn; i++)
		nlines += text[i] == '\n';
	lp_buf_init(&f->newtext);
	for (long l = 1; l <= nlines; l++) {
		const char *line = lp_playbook_line(f->pb, l);
		bool done = false;

		if (l == nlines && (f->oldn == 0 || text[f->oldn - 1] == '\n'))
			break;
		for (size_t i = 0; i < f->nrules && !done; i++)
			if (f->rules[i].owner == f->pb &&
			    f->rules[i].src->line == l) {
				replace_points(&f->newtext, line,
				    f->rules[i].src->col, f->ppoints[i]);
				done = true;
			}
		if (!done)
			lp_buf_adds(&f->newtext, line);
		lp_buf_addc(&f->newtext, '\n');
	}
	/* Sections the playbook borrowed from the default: appended. */
	for (int s = 0; s < 2; s++) {
		const char *name = s ? "score.engagement" : "score.fit";
		const struct lp_pb_section *sec = lp_playbook_section(f->pb,
		    name);
		const struct lp_playbook *ow = lp_playbook_section_owner(f->pb,
		    name);

		if (sec == NULL || ow == f->pb)
			continue;
		lp_buf_printf(&tail, "\n# proposed by lead-fit\n[%s]\n", name);
		for (size_t k = 0; k < sec->nsettings; k++)
			lp_buf_printf(&tail, "%s = %s\n", sec->settings[k].key,
			    sec->settings[k].value);
		for (size_t i = 0; i < f->nrules; i++)
			if (strcmp(f->rules[i].part, s ? "engagement" :
			    "fit") == 0) {
				replace_points(&tail, lp_playbook_line(ow,
				    f->rules[i].src->line),
				    f->rules[i].src->col, f->ppoints[i]);
				lp_buf_addc(&tail, '\n');
			}
	}
	lp_buf_add(&f->newtext, tail.p, tail.n);
	lp_buf_fini(&tail);
	f->changed = f->newtext.n != f->oldn ||
	    memcmp(f->newtext.p, text, f->oldn) != 0;
}

static void
rescore(struct lp_fit *f, struct lp_scorer *sc[2])
{
	for (int ti = 0; ti < 2; ti++) {
		struct table *t = &f->t[ti];
		struct lp_record *rec;

		if (t->n == 0)
			continue;
		rec = lp_record_new(t->hdr);
		t->prop = lp_xcalloc(t->n, sizeof(double));
		t->gprop = lp_xcalloc(t->n, sizeof(int));
		for (size_t r = 0; r < t->n; r++) {
			const struct lp_score_result *res;

			lp_record_clear(rec);
			for (int c = 0; c < t->ncol; c++) {
				struct lp_str s = lp_fit_cell(t, r, c);

				lp_record_set(rec, c, s.p, s.n);
			}
			res = lp_score_compute(sc[ti], rec, NULL);
			t->prop[r] = lp_fit_fin(res->score);
			{
				int g = lp_map_get(f->grades, res->grade,
				    res->grade_len);

				if (g < 0) {
					f->gname = lp_xreallocarray(f->gname,
					    f->ngrades + 1, sizeof(*f->gname));
					f->gname[f->ngrades] =
					    lp_xstrdup(res->grade);
					g = (int)f->ngrades++;
					lp_map_put(f->grades, res->grade,
					    res->grade_len, g);
				}
				t->gprop[r] = g;
			}
		}
		lp_record_free(rec);
	}
}

/* AUC of per-row values v (indexed by table) over global rows. */
static double
auc_rows(struct lp_fit *f, double *const v[2], const size_t *rows, size_t n)
{
	double *s = lp_xcalloc(n + 1, sizeof(double)), a;
	unsigned char *y = lp_xcalloc(n + 1, 1);

	for (size_t i = 0; i < n; i++) {
		size_t g = rows[i];
		int ti = g >= f->t[0].n;

		s[i] = v[ti][ti ? g - f->t[0].n : g];
		y[i] = f->y[g];
	}
	lp_auc(s, y, n, &a);
	free(s);
	free(y);
	return a;
}

/* A rule seen firing, and not firing, on too few leads keeps its
 * points: a handful of leads cannot say what it is worth. */
static bool
revisable(const struct evidence *e)
{
	return e->fires >= MIN_SEEN && e->nots >= MIN_SEEN;
}

int
lp_fit_propose(struct lp_fit *f, const double *grid, size_t ng,
    struct lp_err *err)
{
	double sp = 0, sb = 0, *pr[2];
	struct lp_playbook *npb = NULL;
	struct lp_scorer *sc[2] = { NULL, NULL };
	size_t bi;
	int rc = -1;

	bi = lp_logit_cv(&f->R, f->y, f->trows, f->ntrain, grid, ng,
	    f->o.folds, f->o.seed + 1, NULL);
	f->rlambda = grid[bi];
	lp_logit_fit(&f->rmodel, &f->R, f->y, f->trows, f->ntrain, f->rlambda);
	f->ppoints = lp_xcalloc(f->nrules + 1, sizeof(double));
	for (size_t i = 0; i < f->nrules; i++) {
		if (!revisable(&f->ev[i]))
			continue;
		sp += fabs(f->rules[i].src->points);
		sb += fabs(f->rmodel.b[1 + i]);
	}
	/* Points keep the playbook's overall size, so its grade and MQL
	 * thresholds keep their meaning; 10 points per doubling of the
	 * odds when there is nothing to measure against. */
	f->scale = sb > 1e-9 && sp > 0 ? sp / sb : 10 / log(2);
	/* Weak evidence (tiny weights) must not turn into huge points. */
	if (f->scale > 50)
		f->scale = 50;
	if (f->scale < 1)
		f->scale = 1;
	for (size_t i = 0; i < f->nrules; i++)
		f->ppoints[i] = !revisable(&f->ev[i]) ?
		    f->rules[i].src->points :
		    lp_fit_fin(round(f->scale * f->rmodel.b[1 + i]));
	new_text(f);
	if ((npb = lp_playbook_parse(f->newtext.p, f->newtext.n,
	    "<proposal>", f->o.basedir, lp_playbook_limits(f->pb),
	    err)) == NULL)
		goto out;
	for (int ti = 0; ti < 2; ti++)
		if (f->t[ti].n > 0) {
			if ((sc[ti] = lp_scorer_new(npb, f->t[ti].hdr,
			    f->o.now, err)) == NULL)
				goto out;
			lp_scorer_set_dates(sc[ti], f->dates);
		}
	rescore(f, sc);
	pr[0] = f->t[0].cur;
	pr[1] = f->t[1].cur;
	f->a_cur[0] = auc_rows(f, pr, f->trows, f->ntrain);
	f->a_cur[1] = auc_rows(f, pr, f->srows, f->ntest);
	pr[0] = f->t[0].prop;
	pr[1] = f->t[1].prop;
	f->a_prop[0] = auc_rows(f, pr, f->trows, f->ntrain);
	f->a_prop[1] = auc_rows(f, pr, f->srows, f->ntest);
	rc = 0;
out:
	lp_scorer_free(sc[0]);
	lp_scorer_free(sc[1]);
	lp_playbook_free(npb);
	return rc;
}

/* ---- the text report ---- */

static void
pct(struct lp_buf *b, double p)
{
	lp_buf_printf(b, "%5.1f%%", 100 * lp_fit_fin(p));
}

static void
metric_line(struct lp_buf *b, const char *name, const struct metric *m)
{
	if (m->has_auc)
		lp_buf_printf(b, "  %-6s %6.3f  %8.3f  %7ld\n", name, m->auc,
		    lp_fit_fin(m->logloss), m->n);
	else
		lp_buf_printf(b, "  %-6s %6s  %8.3f  %7ld\n", name, "-",
		    lp_fit_fin(m->logloss), m->n);
}

/* Rows of the evaluation set: the test rows, else the training rows. */
static const size_t *
eval_rows(const struct lp_fit *f, size_t *n, const double **p)
{
	if (f->ntest > 0) {
		*n = f->ntest;
		*p = f->ptest;
		return f->srows;
	}
	*n = f->ntrain;
	*p = f->oof;
	return f->trows;
}

struct band {
	long	 n, won;
	double	 psum, lo, hi;
};

/* Ten bands of predicted probability (tenths: 0-10%, ... 90-100%). */
static void
calibration(const struct lp_fit *f, struct band b[10])
{
	size_t n;
	const double *p;
	const size_t *rows = eval_rows(f, &n, &p);

	memset(b, 0, 10 * sizeof(*b));
	for (size_t i = 0; i < n; i++) {
		int k = (int)(p[i] * 10);

		k = k < 0 ? 0 : k > 9 ? 9 : k;
		b[k].n++;
		b[k].won += f->y[rows[i]];
		b[k].psum += p[i];
	}
	for (int k = 0; k < 10; k++)
		lp_wilson(b[k].won, b[k].n, &b[k].lo, &b[k].hi);
}

/* Per grade: rows and won, current (g 0) or proposed (g 1). */
static void
by_grade(const struct lp_fit *f, long *n, long *won, int which)
{
	size_t m;
	const double *p;
	const size_t *rows = eval_rows(f, &m, &p);

	memset(n, 0, f->ngrades * sizeof(long));
	memset(won, 0, f->ngrades * sizeof(long));
	for (size_t i = 0; i < m; i++) {
		size_t g = rows[i];
		int ti = g >= f->t[0].n;
		size_t r = ti ? g - f->t[0].n : g;
		int k = which ? f->t[ti].gprop[r] : f->t[ti].gcur[r];

		n[k]++;
		won[k] += f->y[g];
	}
}

struct wi {
	double	 w;
	int	 i;
};

static int
cmp_weight(const void *a, const void *b)
{
	const struct wi *x = a, *y = b;

	if (fabs(x->w) != fabs(y->w))
		return fabs(x->w) > fabs(y->w) ? -1 : 1;
	return x->i - y->i;
}

/* The grades in name order (A, B, C, D), into ord[0 .. ngrades). */
void
lp_fit_grade_order(const struct lp_fit *f, size_t *ord)
{
	for (size_t i = 0; i < f->ngrades; i++) {
		size_t j = i;

		while (j > 0 && strcmp(f->gname[ord[j - 1]], f->gname[i]) > 0) {
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = i;
	}
}

static void
report(struct lp_fit *f, struct lp_buf *b)
{
	const struct table *t0 = &f->t[0];
	struct band band[10];
	long *gn, *gw, *pn, *pw;
	struct wi *ord;
	size_t nshow, *gord;

	lp_buf_printf(b, "History: %ld closed leads (%ld won, %ld lost or "
	    "disqualified); %ld open, left out%s\n", f->won_n + f->lost_n,
	    f->won_n, f->lost_n, f->t[0].open + f->t[1].open,
	    f->t[1].n > 0 ? " (input and --test file)" : "");
	if (f->ntest > 0)
		lp_buf_printf(b, "Fitted on %zu, tested on %zu held out "
		    "(%s)\n", f->ntrain, f->ntest, f->t[1].n > 0 ?
		    "--test" : "--holdout");
	else
		lp_buf_printf(b, "Fitted on %zu; no held-out rows (use "
		    "--holdout or --test): out-of-sample figures are "
		    "cross-validated\n", f->ntrain);
	lp_buf_printf(b, "\nRules of the playbook, on all %zu closed leads "
	    "of the input\n(conversion = won / closed; [95%% Wilson "
	    "interval]; lift = conversion when it fires / overall %.1f%%)\n",
	    t0->n, t0->n ? 100.0 * (double)t0->won / (double)t0->n : 0.0);
	lp_buf_printf(b, "  %-6s %-28s %7s  %-22s %7s %6s %8s  %s\n",
	    "points", "rule", "fires", "conv when fires", "not",
	    "lift", "proposed", "verdict");
	for (size_t i = 0; i < f->nrules; i++) {
		const struct evidence *e = &f->ev[i];
		char p1[32], p2[32], lab[64];

		points_str(p1, sizeof(p1), f->rules[i].src->points);
		points_str(p2, sizeof(p2), f->ppoints[i]);
		snprintf(lab, sizeof(lab), "%s", f->rules[i].src->label);
		lp_buf_printf(b, "  %6s %-28s %7ld  ", p1, lab, e->fires);
		pct(b, e->pf);
		lp_buf_printf(b, " [%4.1f, %5.1f]  ", 100 * e->lo, 100 * e->hi);
		pct(b, e->pn);
		lp_buf_printf(b, " %6.2f %8s  %s\n", lp_fit_fin(e->lift), p2,
		    e->flag);
	}
	lp_buf_printf(b, "\nModel: L2 logistic regression on %zu features "
	    "(%zu fields, %zu rules); lambda %g by %d-fold CV\n",
	    f->nfeat, f->nfields, f->nrules, f->lambda, f->o.folds);
	if (f->notes.n > 0)
		lp_buf_printf(b, "Left out: %.*s\n", (int)f->notes.n,
		    f->notes.p);
	lp_buf_printf(b, "  %-6s %6s  %8s  %7s\n", "", "AUC", "log loss",
	    "n");
	metric_line(b, "train", &f->m_train);
	metric_line(b, "cv", &f->m_cv);
	if (f->ntest > 0)
		metric_line(b, "test", &f->m_test);
	lp_buf_printf(b, "\nAUC of the score as lead-score computes it   "
	    "train    test\n");
	lp_buf_printf(b, "  current playbook                          %6.3f  ",
	    f->a_cur[0]);
	lp_buf_printf(b, f->ntest ? "%6.3f\n" : "     -\n", f->a_cur[1]);
	lp_buf_printf(b, "  proposed playbook (integer points)        %6.3f  ",
	    f->a_prop[0]);
	lp_buf_printf(b, f->ntest ? "%6.3f\n" : "     -\n", f->a_prop[1]);
	lp_buf_printf(b, "  the model above                           %6.3f  ",
	    f->m_train.auc);
	lp_buf_printf(b, f->ntest ? "%6.3f\n" : "     -\n", f->m_test.auc);
	lp_buf_printf(b, "Proposal: %.2f points per unit of log-odds; %s\n",
	    f->scale, f->changed ? "the diff (--diff FILE) changes the "
	    "playbook" : "no rule's points change");
	if (f->ntest > 0 && f->changed && f->a_prop[1] < f->a_cur[1])
		lp_buf_printf(b, "The proposal orders the test rows worse than "
		    "the current playbook (AUC %.3f < %.3f): keep the current "
		    "points, or look at the features below for new rules\n",
		    f->a_prop[1], f->a_cur[1]);

	calibration(f, band);
	lp_buf_printf(b, "\nCalibration (%s): predicted against observed "
	    "conversion\n  %-9s %7s %9s %9s  %s\n", f->ntest ? "test rows" :
	    "cross-validated", "band", "n", "predicted", "observed",
	    "[95% interval]");
	for (int k = 0; k < 10; k++) {
		if (band[k].n == 0)
			continue;
		lp_buf_printf(b, "  %3d-%3d%%  %7ld    ", k * 10, k * 10 + 10,
		    band[k].n);
		pct(b, band[k].psum / (double)band[k].n);
		lp_buf_addc(b, ' ');
		lp_buf_adds(b, "   ");
		pct(b, (double)band[k].won / (double)band[k].n);
		lp_buf_printf(b, "  [%4.1f, %5.1f]\n", 100 * band[k].lo,
		    100 * band[k].hi);
	}
	gn = lp_xcalloc(f->ngrades + 1, sizeof(long));
	gw = lp_xcalloc(f->ngrades + 1, sizeof(long));
	pn = lp_xcalloc(f->ngrades + 1, sizeof(long));
	pw = lp_xcalloc(f->ngrades + 1, sizeof(long));
	gord = lp_xcalloc(f->ngrades + 1, sizeof(*gord));
	by_grade(f, gn, gw, 0);
	by_grade(f, pn, pw, 1);
	lp_buf_printf(b, "\nConversion by grade (%s)      current            "
	    "proposed\n", f->ntest ? "test rows" : "training rows");
	lp_fit_grade_order(f, gord);
	for (size_t kk = 0; kk < f->ngrades; kk++) {
		size_t k = gord[kk];

		lp_buf_printf(b, "  %-10s %10ld ", f->gname[k], gn[k]);
		pct(b, gn[k] ? (double)gw[k] / (double)gn[k] : 0);
		lp_buf_printf(b, "  %10ld ", pn[k]);
		pct(b, pn[k] ? (double)pw[k] / (double)pn[k] : 0);
		lp_buf_addc(b, '\n');
	}
	free(gn);
	free(gw);
	free(pn);
	free(pw);
	free(gord);
	ord = lp_xcalloc(f->nfeat + 1, sizeof(*ord));
	for (size_t i = 0; i < f->nfeat; i++)
		ord[i] = (struct wi){ lp_fit_fin(f->model.b[1 + i]), (int)i };
	qsort(ord, f->nfeat, sizeof(*ord), cmp_weight);
	nshow = f->nfeat < 15 ? f->nfeat : 15;
	lp_buf_printf(b, "\nStrongest features (log-odds; numbers per "
	    "standard deviation)\n");
	for (size_t i = 0; i < nshow; i++)
		lp_buf_printf(b, "  %+7.3f  %s\n", ord[i].w,
		    f->feat[ord[i].i].name);
	free(ord);
}

/* ---- JSON metrics ---- */

static void
jmetric(struct lp_buf *b, const char *name, const struct metric *m,
    bool last)
{
	lp_buf_printf(b, "  \"%s\": {\"auc\": ", name);
	if (m->has_auc)
		lp_buf_printf(b, "%.6f", m->auc);
	else
		lp_buf_adds(b, "null");
	lp_buf_printf(b, ", \"logloss\": %.6f, \"n\": %ld}%s\n",
	    lp_fit_fin(m->logloss), m->n, last ? "" : ",");
}

static void
metrics(struct lp_fit *f, struct lp_buf *b)
{
	lp_buf_adds(b, "{\n");
	jmetric(b, "train", &f->m_train, false);
	if (f->ntest > 0)
		jmetric(b, "test", &f->m_test, false);
	else
		lp_buf_adds(b, "  \"test\": null,\n");
	jmetric(b, "cv", &f->m_cv, false);
	lp_buf_printf(b, "  \"lambda\": %g, \"folds\": %d, \"features\": %zu,"
	    "\n", f->lambda, f->o.folds, f->nfeat);
	lp_buf_printf(b, "  \"playbook\": {\"auc_train\": %.6f, "
	    "\"auc_test\": ", f->a_cur[0]);
	lp_buf_printf(b, f->ntest ? "%.6f},\n" : "null},\n", f->a_cur[1]);
	lp_buf_printf(b, "  \"proposal\": {\"auc_train\": %.6f, "
	    "\"auc_test\": ", f->a_prop[0]);
	lp_buf_printf(b, f->ntest ? "%.6f, " : "null, ", f->a_prop[1]);
	lp_buf_printf(b, "\"points_per_logodds\": %.6f, \"changed\": %s}\n}\n",
	    lp_fit_fin(f->scale), f->changed ? "true" : "false");
}

/* ---- the unified diff ---- */

struct op {
	char		 kind;		/* ' ', '-', '+' */
	const char	*p;
	size_t		 n;
};

static size_t
split_lines(const char *t, size_t n, const char ***lines, size_t **lens)
{
	size_t k = 0, cap = 64, b = 0;

	*lines = lp_xcalloc(cap, sizeof(**lines));
	*lens = lp_xcalloc(cap, sizeof(**lens));
	for (size_t i = 0; i <= n; i++) {
		if (i < n && t[i] != '\n')
			continue;
		if (i == n && b == n)
			break;
		if (k == cap) {
			cap *= 2;
			*lines = lp_xreallocarray(*lines, cap, sizeof(**lines));
			*lens = lp_xreallocarray(*lens, cap, sizeof(**lens));
		}
		(*lines)[k] = t + b;
		(*lens)[k++] = i - b;
		b = i + 1;
	}
	return k;
}

static void
diff(struct lp_fit *f, struct lp_buf *b)
{
	const char **ol, **nl, *name = lp_playbook_name(f->pb);
	size_t *on, *nn, no, nnew, nops = 0;
	struct op *ops;

	if (!f->changed)
		return;
	no = split_lines(f->oldtext, f->oldn, &ol, &on);
	nnew = split_lines(f->newtext.p, f->newtext.n, &nl, &nn);
	ops = lp_xcalloc(2 * (no + nnew) + 1, sizeof(*ops));
	/* The new text is the old one with lines replaced in place and
	 * lines appended. */
	for (size_t i = 0; i < no || i < nnew;) {
		size_t j = i;

		if (i < no && i < nnew && on[i] == nn[i] &&
		    memcmp(ol[i], nl[i], on[i]) == 0) {
			ops[nops++] = (struct op){ ' ', ol[i], on[i] };
			i++;
			continue;
		}
		/* A run of changed lines: its old lines, then its new. */
		while (j < no || j < nnew) {
			if (j < no && j < nnew && on[j] == nn[j] &&
			    memcmp(ol[j], nl[j], on[j]) == 0)
				break;
			j++;
		}
		for (size_t k = i; k < j && k < no; k++)
			ops[nops++] = (struct op){ '-', ol[k], on[k] };
		for (size_t k = i; k < j && k < nnew; k++)
			ops[nops++] = (struct op){ '+', nl[k], nn[k] };
		i = j;
	}
	/* a/NAME b/NAME with the file's own name: `patch -p1` beside it. */
	if (strcmp(name, "<default>") == 0)
		name = "default.playbook";
	else if (strrchr(name, '/') != NULL)
		name = strrchr(name, '/') + 1;
	lp_buf_printf(b, "--- a/%s\n+++ b/%s\n", name, name);
	for (size_t i = 0; i < nops;) {
		size_t s, e, ostart = 1, nstart = 1, oc = 0, nc = 0, last;

		while (i < nops && ops[i].kind == ' ')
			i++;
		if (i == nops)
			break;
		s = i > CONTEXT ? i - CONTEXT : 0;
		/* Extend while the next change is within 2 * CONTEXT. */
		last = i;
		for (e = i; e < nops; e++) {
			if (ops[e].kind != ' ')
				last = e;
			else if (e - last > 2 * CONTEXT)
				break;
		}
		e = last + CONTEXT + 1 < nops ? last + CONTEXT + 1 : nops;
		for (size_t k = 0; k < s; k++) {
			ostart += ops[k].kind != '+';
			nstart += ops[k].kind != '-';
		}
		for (size_t k = s; k < e; k++) {
			oc += ops[k].kind != '+';
			nc += ops[k].kind != '-';
		}
		lp_buf_printf(b, "@@ -%zu,%zu +%zu,%zu @@\n", oc ? ostart :
		    ostart - 1, oc, nc ? nstart : nstart - 1, nc);
		for (size_t k = s; k < e; k++) {
			lp_buf_addc(b, ops[k].kind);
			lp_buf_add(b, ops[k].p, ops[k].n);
			lp_buf_addc(b, '\n');
		}
		i = e;
	}
	free(ops);
	free(ol);
	free(on);
	free(nl);
	free(nn);
}

static void
csv_name(struct lp_buf *b, const char *s)
{
	lp_buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			lp_buf_addc(b, '"');
		lp_buf_addc(b, *s);
	}
	lp_buf_addc(b, '"');
}

static void
features(struct lp_fit *f, struct lp_buf *b)
{
	double *row = lp_xcalloc(f->nfeat + 1, sizeof(double));
	unsigned char *test = lp_xcalloc(f->X.n + 1, 1);

	for (size_t i = 0; i < f->ntest; i++)
		test[f->srows[i]] = 1;
	lp_buf_adds(b, "split,y");
	for (size_t j = 0; j < f->nfeat; j++) {
		lp_buf_addc(b, ',');
		csv_name(b, f->feat[j].name);
	}
	lp_buf_addc(b, '\n');
	for (size_t i = 0; i < f->X.n; i++) {
		memset(row, 0, f->nfeat * sizeof(double));
		for (size_t k = f->X.start[i]; k < f->X.start[i + 1]; k++)
			row[f->X.idx[k]] += f->X.val[k];
		lp_buf_printf(b, "%s,%d", test[i] ? "test" : "train", f->y[i]);
		for (size_t j = 0; j < f->nfeat; j++)
			if (row[j] == 0)
				lp_buf_adds(b, ",0");
			else
				lp_buf_printf(b, ",%.17g", row[j]);
		lp_buf_addc(b, '\n');
	}
	free(row);
	free(test);
}

int
lp_fit_write(struct lp_fit *f, enum lp_fit_out what, FILE *fp)
{
	struct lp_buf b = { 0 };

	switch (what) {
	case LP_FIT_REPORT:
		report(f, &b);
		break;
	case LP_FIT_METRICS:
		metrics(f, &b);
		break;
	case LP_FIT_DIFF:
		diff(f, &b);
		break;
	case LP_FIT_FEATURES:
		features(f, &b);
		break;
	case LP_FIT_HTML:
		lp_buf_fini(&b);
		return lp_fit_html(f, fp);
	}
	if (b.n > 0 && fwrite(b.p, 1, b.n, fp) != b.n) {
		lp_buf_fini(&b);
		return -1;
	}
	lp_buf_fini(&b);
	return ferror(fp) ? -1 : 0;
}

int
lp_fit_write_file(struct lp_fit *f, enum lp_fit_out what, const char *path,
    struct lp_err *err)
{
	bool out = path == NULL || strcmp(path, "-") == 0;
	FILE *fp = out ? stdout : fopen(path, "w");
	int rc;

	if (fp == NULL)
		return lp_err_set(err, EX_CANTCREAT, path, 0,
		    "cannot create: %s", strerror(errno));
	rc = lp_fit_write(f, what, fp);
	if (out)
		rc |= fflush(fp);
	else
		rc |= fclose(fp);
	if (rc != 0)
		return lp_err_set(err, EX_IOERR, out ? "<stdout>" : path, 0,
		    "write error");
	return 0;
}
