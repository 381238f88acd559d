/*
 * test_fit -- lead-fit's numerics and the scorer's per-rule
 * introspection: coefficients of a known logistic model recovered from
 * generated data, AUC with ties worked by hand, Wilson intervals, log
 * loss, quantiles, and fits that must stay finite (perfect separation,
 * more features than rows, a constant feature).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lp_logit.h"
#include "lp_playbook.h"
#include "lp_score.h"
#include "unit.h"

#define NEAR(a, b, tol)	CHECK(fabs((a) - (b)) <= (tol))

static double
unif(uint64_t *s)
{
	return (double)(lp_splitmix(s) >> 11) / 9007199254740992.0;
}

/* y from -0.5 + 1.0 x0 - 2.0 x1 + 0.5 x2 (x0, x1 binary, x2 normal-ish)
 * and x3 noise: the fit must find the weights within 0.12. */
static void
recover(void)
{
	const double b[] = { -0.5, 1.0, -2.0, 0.5, 0.0 };
	struct lp_design X;
	struct lp_logit m = { 0 };
	size_t n = 20000;
	unsigned char *y = calloc(n, 1);
	uint64_t s = 42;
	double grid[] = { 100, 10, 1, 0.1 }, *oof = calloc(n, sizeof(double));
	double auc;
	size_t bi;

	lp_design_init(&X, 4);
	for (size_t i = 0; i < n; i++) {
		double x0 = unif(&s) < 0.4, x1 = unif(&s) < 0.3;
		double x2 = unif(&s) + unif(&s) + unif(&s) - 1.5;
		double x3 = unif(&s) - 0.5, e;

		e = b[0] + b[1] * x0 + b[2] * x1 + b[3] * x2 + b[4] * x3;
		y[i] = unif(&s) < 1 / (1 + exp(-e));
		lp_design_add(&X, 0, x0);
		lp_design_add(&X, 1, x1);
		lp_design_add(&X, 2, x2);
		lp_design_add(&X, 3, x3);
		lp_design_row(&X);
	}
	bi = lp_logit_cv(&X, y, NULL, n, grid, 4, 5, 7, oof);
	CHECK(bi < 4);
	CHECK(lp_logit_fit(&m, &X, y, NULL, n, grid[bi]) == 0);
	CHECK(m.converged);
	for (int j = 0; j < 5; j++) {
		NEAR(m.b[j], b[j], 0.12);
		if (fabs(m.b[j] - b[j]) > 0.12)
			fprintf(stderr, "b[%d] = %f, want %f\n", j, m.b[j],
			    b[j]);
	}
	CHECK(lp_auc(oof, y, n, &auc));
	CHECK(auc > 0.70 && auc < 0.80);
	printf("test_fit: recovered %.3f %.3f %.3f %.3f %.3f; "
	    "cross-validated AUC %.3f\n", m.b[0], m.b[1], m.b[2], m.b[3],
	    m.b[4], auc);
	lp_logit_free(&m);
	lp_design_fini(&X);
	free(y);
	free(oof);
}

/* Separation, p > n, a constant column: finite weights, sane probs. */
static void
degenerate(void)
{
	struct lp_design X;
	struct lp_logit m = { 0 };
	unsigned char y[6] = { 0, 0, 0, 1, 1, 1 };

	lp_design_init(&X, 50);
	for (int i = 0; i < 6; i++) {
		lp_design_add(&X, 0, y[i] ? 1 : 0);	/* separates */
		lp_design_add(&X, 1, 1);		/* constant */
		for (int j = 2; j < 50; j++)		/* p > n */
			lp_design_add(&X, j, (double)((i * 7 + j) % 5));
		lp_design_row(&X);
	}
	CHECK(lp_logit_fit(&m, &X, y, NULL, 6, 0.01) == 0);
	for (int j = 0; j <= 50; j++)
		CHECK(isfinite(m.b[j]));
	for (size_t i = 0; i < 6; i++) {
		double p = lp_logit_prob(&m, &X, i);

		CHECK(isfinite(p) && p >= 0 && p <= 1);
		CHECK(y[i] ? p > 0.5 : p < 0.5);
	}
	lp_logit_free(&m);
	lp_design_fini(&X);
}

static void
figures(void)
{
	/* Scores 1 2 2 3, classes 0 0 1 1: pairs (pos, neg) = (2,1) win,
	 * (2,2) tie, (3,1) win, (3,2) win: 3.5 / 4. */
	double s[] = { 1, 2, 2, 3 }, p[] = { 0.5, 0.5 }, lo, hi, auc;
	unsigned char y[] = { 0, 0, 1, 1 }, one[] = { 1, 1 };
	double v[] = { 1, 2, 3, 4, 5 };

	CHECK(lp_auc(s, y, 4, &auc));
	NEAR(auc, 0.875, 1e-12);
	CHECK(!lp_auc(s, one, 2, &auc));	/* one class: undefined */
	NEAR(auc, 0.5, 0);
	NEAR(lp_logloss(p, y, 2), log(2), 1e-12);
	NEAR(lp_logloss(p, y, 0), 0, 0);
	/* 8 of 10: Wilson 95% is [0.4902, 0.9433]. */
	lp_wilson(8, 10, &lo, &hi);
	NEAR(lo, 0.4902, 1e-4);
	NEAR(hi, 0.9433, 1e-4);
	lp_wilson(0, 0, &lo, &hi);
	CHECK(lo == 0 && hi == 1);
	NEAR(lp_quantile(v, 5, 0.5), 3, 0);
	NEAR(lp_quantile(v, 5, 0.25), 2, 0);
	NEAR(lp_quantile(v, 5, 0.1), 1.4, 1e-12);
}

/* lp_score_rules: which rules fired, with what points, as data. */
static void
rules(void)
{
	static const char P[] = "[score.fit]\n"
	    "+15 \"Senior\" title ~ /VP/\n"
	    "-5 \"Small\" employees < 10\n"
	    "[score.engagement]\n"
	    "+2 \"Views\" per page_views max 10\n";
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = lp_playbook_parse(P, sizeof(P) - 1, "t",
	    NULL, NULL, &err);
	struct lp_header *h = lp_header_new();
	struct lp_record *r;
	struct lp_scorer *sc;
	struct lp_score_fired fr[3];
	struct lp_score_rule ru;

	CHECK(pb != NULL);
	lp_header_add(h, "title");
	lp_header_add(h, "employees");
	lp_header_add(h, "page_views");
	r = lp_record_new(h);
	lp_record_set(r, 0, "VP Sales", 8);
	lp_record_set(r, 1, "500", 3);
	lp_record_set(r, 2, "7", 1);
	sc = lp_scorer_new(pb, h, 0, &err);
	CHECK(sc != NULL);
	CHECK_INT(lp_scorer_nrules(sc), 3);
	lp_scorer_rule(sc, 2, &ru);
	CHECK_STR(ru.part, "engagement");
	CHECK_STR(ru.src->label, "Views");
	CHECK(ru.per && ru.has_max && ru.max == 10);
	lp_score_rules(sc, r, fr);
	CHECK(fr[0].fired && fr[0].points == 15);
	CHECK(!fr[1].fired && fr[1].points == 0);
	CHECK(fr[2].fired && fr[2].points == 10 && fr[2].value == 7);
	lp_scorer_free(sc);
	lp_record_free(r);
	lp_header_free(h);
	lp_playbook_free(pb);
}

int
main(void)
{
	figures();
	degenerate();
	recover();
	rules();
	return UNIT_DONE("test_fit");
}
