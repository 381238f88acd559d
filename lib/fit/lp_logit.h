/*
 * lp_logit -- the numerics behind lead-fit: a sparse design matrix,
 * L2-regularised logistic regression by Newton's method (IRLS) with a
 * step-halving line search, k-fold cross-validation of the penalty, ROC
 * AUC with ties, log loss, Wilson intervals and quantiles.
 *
 * Everything is deterministic: no threads, no clock, the one random
 * stream is splitmix64 from a seed.  No result is NaN or infinite: an
 * undefined figure (the AUC of a single class) is reported as such by
 * its return value, never as a number.
 */
#ifndef LP_LOGIT_H
#define LP_LOGIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Rows of sparse features: row i's entries are idx/val[start[i] ..
 * start[i + 1]), feature indexes in [0, p).  The intercept is implicit.
 */
struct lp_design {
	size_t	 n, p;
	size_t	*start;		/* n + 1 */
	int	*idx;
	double	*val;
	size_t	 nnz, cap, rcap;
};

void	lp_design_init(struct lp_design *, size_t p);
void	lp_design_fini(struct lp_design *);
/* Append feature j = v to the row being built (v == 0 is skipped). */
void	lp_design_add(struct lp_design *, int j, double v);
/* End the row being built. */
void	lp_design_row(struct lp_design *);

/* A fitted model: b[0] the intercept, b[1 + j] feature j's weight. */
struct lp_logit {
	size_t	 p;
	double	*b;
	double	 lambda;	/* the penalty it was fitted with */
	int	 iters;
	bool	 converged;
};

/*
 * Fit y (0/1) on the rows rows[0..nr) of X (rows NULL: all), minimising
 * the summed log loss plus lambda/2 |b|^2 (the intercept unpenalised).
 * m->b is allocated (p + 1) and may hold a warm start (zero it first
 * otherwise).  Returns 0, or -1 when the system could not be solved (it
 * then holds the last good iterate).
 */
int	lp_logit_fit(struct lp_logit *m, const struct lp_design *X,
	    const unsigned char *y, const size_t *rows, size_t nr,
	    double lambda);
void	lp_logit_free(struct lp_logit *);
/* The probability for row i of X. */
double	lp_logit_prob(const struct lp_logit *, const struct lp_design *X,
	    size_t i);

/*
 * Choose lambda from grid[0..ng) by k-fold cross-validation (folds
 * stratified by class, assigned from seed): the lambda with the least
 * mean out-of-fold log loss.  Fills oof[] (size nr, may be NULL) with the
 * out-of-fold probabilities at the chosen lambda and returns its index.
 */
size_t	lp_logit_cv(const struct lp_design *X, const unsigned char *y,
	    const size_t *rows, size_t nr, const double *grid, size_t ng,
	    int k, uint64_t seed, double *oof);

/*
 * ROC AUC of scores s against y over n items, ties counted half
 * (Mann-Whitney).  Returns false (and *auc = 0.5) when a class is absent.
 */
bool	lp_auc(const double *s, const unsigned char *y, size_t n, double *auc);
/* Mean log loss, probabilities clipped to [1e-15, 1 - 1e-15]; 0 when
 * n is 0. */
double	lp_logloss(const double *prob, const unsigned char *y, size_t n);
/* The Wilson score interval (95%) of k successes in n; [0, 1] for n 0. */
void	lp_wilson(long k, long n, double *lo, double *hi);
/* The q-quantile (0..1) of sorted[0..n), interpolated; 0 for n 0. */
double	lp_quantile(const double *sorted, size_t n, double q);

/* splitmix64: the next value of the stream in *state. */
uint64_t lp_splitmix(uint64_t *state);

#endif
