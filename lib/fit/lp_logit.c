/*
 * lp_logit -- logistic regression and the figures that judge it (see
 * lp_logit.h).  Newton's method on the penalised log likelihood: each
 * iteration accumulates the gradient and the Hessian X'WX over the
 * sparse rows (nnz^2 per row, so a row of 30 one-hot and numeric
 * entries costs 900 multiply-adds), adds lambda to the diagonal (the
 * penalty makes it positive definite even when features outnumber rows
 * or separate the classes perfectly), and solves by Cholesky.  A step
 * that does not lower the objective is halved.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lp_err.h"
#include "lp_logit.h"

#define MAX_ITERS	60
#define TOL		1e-6

void
lp_design_init(struct lp_design *X, size_t p)
{
	memset(X, 0, sizeof(*X));
	X->p = p;
	X->rcap = 64;
	X->start = lp_xcalloc(X->rcap, sizeof(*X->start));
}

void
lp_design_fini(struct lp_design *X)
{
	free(X->start);
	free(X->idx);
	free(X->val);
	memset(X, 0, sizeof(*X));
}

void
lp_design_add(struct lp_design *X, int j, double v)
{
	if (v == 0 || !isfinite(v))
		return;
	if (X->nnz == X->cap) {
		X->cap = X->cap ? X->cap * 2 : 256;
		X->idx = lp_xreallocarray(X->idx, X->cap, sizeof(*X->idx));
		X->val = lp_xreallocarray(X->val, X->cap, sizeof(*X->val));
	}
	X->idx[X->nnz] = j;
	X->val[X->nnz++] = v;
}

void
lp_design_row(struct lp_design *X)
{
	size_t s0 = X->start[X->n], w = s0;

	/* Sort the row's entries by feature (insertion: rows are short and
	 * nearly sorted) and add up repeats, so that the Hessian loop may
	 * take the lower triangle by position. */
	for (size_t k = s0 + 1; k < X->nnz; k++) {
		int j = X->idx[k];
		double v = X->val[k];
		size_t l = k;

		while (l > s0 && X->idx[l - 1] > j) {
			X->idx[l] = X->idx[l - 1];
			X->val[l] = X->val[l - 1];
			l--;
		}
		X->idx[l] = j;
		X->val[l] = v;
	}
	for (size_t k = s0; k < X->nnz; k++) {
		if (w > s0 && X->idx[w - 1] == X->idx[k]) {
			X->val[w - 1] += X->val[k];
			continue;
		}
		X->idx[w] = X->idx[k];
		X->val[w++] = X->val[k];
	}
	X->nnz = w;
	if (X->n + 2 > X->rcap) {
		X->rcap *= 2;
		X->start = lp_xreallocarray(X->start, X->rcap,
		    sizeof(*X->start));
	}
	X->start[++X->n] = X->nnz;
}

static double
eta_of(const double *b, const struct lp_design *X, size_t i)
{
	double e = b[0];

	for (size_t k = X->start[i]; k < X->start[i + 1]; k++)
		e += b[1 + X->idx[k]] * X->val[k];
	return e;
}

static double
sigmoid(double e)
{
	if (e >= 0)
		return 1 / (1 + exp(-e));
	return exp(e) / (1 + exp(e));
}

/* log(1 + exp(e)) without overflow. */
static double
softplus(double e)
{
	return e > 0 ? e + log1p(exp(-e)) : log1p(exp(e));
}

double
lp_logit_prob(const struct lp_logit *m, const struct lp_design *X, size_t i)
{
	return sigmoid(eta_of(m->b, X, i));
}

/* The penalised objective at b; eta[t] gets each row's linear
 * predictor, so the next Newton step need not compute it again. */
static double
objective(const double *b, size_t p, const struct lp_design *X,
    const unsigned char *y, const size_t *rows, size_t nr, double lambda,
    double *eta)
{
	double f = 0, r = 0;

	for (size_t t = 0; t < nr; t++) {
		size_t i = rows ? rows[t] : t;
		double e = eta_of(b, X, i);

		eta[t] = e;
		f += softplus(e) - (y[i] ? e : 0);
	}
	for (size_t j = 1; j <= p; j++)
		r += b[j] * b[j];
	return f + lambda / 2 * r;
}

/* Solve A x = g in place (A symmetric positive definite, dim d, lower
 * triangle used); -1 when not positive definite. */
static int
cholesky_solve(double *A, size_t d, double *g)
{
	for (size_t j = 0; j < d; j++) {
		double s = A[j * d + j];

		for (size_t k = 0; k < j; k++)
			s -= A[j * d + k] * A[j * d + k];
		if (!(s > 0) || !isfinite(s))
			return -1;
		s = sqrt(s);
		A[j * d + j] = s;
		for (size_t i = j + 1; i < d; i++) {
			double v = A[i * d + j];
			const double *ai = A + i * d, *aj = A + j * d;

			for (size_t k = 0; k < j; k++)
				v -= ai[k] * aj[k];
			A[i * d + j] = v / s;
		}
	}
	for (size_t i = 0; i < d; i++) {
		double v = g[i];

		for (size_t k = 0; k < i; k++)
			v -= A[i * d + k] * g[k];
		g[i] = v / A[i * d + i];
	}
	for (size_t i = d; i-- > 0;) {
		double v = g[i];

		for (size_t k = i + 1; k < d; k++)
			v -= A[k * d + i] * g[k];
		g[i] = v / A[i * d + i];
	}
	return 0;
}

int
lp_logit_fit(struct lp_logit *m, const struct lp_design *X,
    const unsigned char *y, const size_t *rows, size_t nr, double lambda)
{
	size_t p = X->p, d = p + 1;
	double *H = lp_xcalloc(d * d, sizeof(double));
	double *g = lp_xcalloc(d, sizeof(double));
	double *nb = lp_xcalloc(d, sizeof(double));
	double *eta = lp_xcalloc(nr + 1, sizeof(double));
	double *neta = lp_xcalloc(nr + 1, sizeof(double));
	double f, nf;
	int rc = 0;

	m->p = p;
	m->lambda = lambda;
	m->converged = false;
	if (m->b == NULL)
		m->b = lp_xcalloc(d, sizeof(double));
	f = objective(m->b, p, X, y, rows, nr, lambda, eta);
	for (m->iters = 0; m->iters < MAX_ITERS; m->iters++) {
		double step = 1, maxd = 0;

		memset(H, 0, d * d * sizeof(double));
		memset(g, 0, d * sizeof(double));
		for (size_t t = 0; t < nr; t++) {
			size_t i = rows ? rows[t] : t;
			size_t s0 = X->start[i], s1 = X->start[i + 1];
			double mu = sigmoid(eta[t]);
			double w = mu * (1 - mu), r = (y[i] ? 1 : 0) - mu;

			if (w < 1e-12)
				w = 1e-12;
			g[0] += r;
			H[0] += w;
			for (size_t k = s0; k < s1; k++) {
				size_t a = 1 + (size_t)X->idx[k];
				double wx = w * X->val[k];

				g[a] += r * X->val[k];
				H[a * d] += wx;
				/* Rows are sorted by feature (lp_design_row):
				 * the entries before k are the lower
				 * triangle's. */
				for (size_t l = s0; l <= k; l++)
					H[a * d + 1 + (size_t)X->idx[l]] +=
					    wx * X->val[l];
			}
		}
		H[0] += 1e-9;
		for (size_t j = 1; j < d; j++) {
			H[j * d + j] += lambda + 1e-9;
			g[j] -= lambda * m->b[j];
		}
		if (cholesky_solve(H, d, g) != 0) {
			rc = -1;
			break;
		}
		for (;;) {
			for (size_t j = 0; j < d; j++)
				nb[j] = m->b[j] + step * g[j];
			nf = objective(nb, p, X, y, rows, nr, lambda, neta);
			if (nf <= f + 1e-12 * (1 + fabs(f)) || step < 1e-6)
				break;
			step /= 2;
		}
		if (!(nf <= f + 1e-12 * (1 + fabs(f))) || !isfinite(nf))
			break;		/* no descent left: at the optimum */
		for (size_t j = 0; j < d; j++) {
			double dd = fabs(nb[j] - m->b[j]);

			if (dd > maxd)
				maxd = dd;
			m->b[j] = nb[j];
		}
		{
			double *x = eta;

			eta = neta;
			neta = x;
		}
		if (maxd < TOL || f - nf < 1e-10 * (1 + fabs(nf))) {
			m->converged = true;
			m->iters++;
			break;
		}
		f = nf;
	}
	if (m->iters >= MAX_ITERS)
		m->converged = false;
	free(H);
	free(g);
	free(nb);
	free(eta);
	free(neta);
	return rc;
}

void
lp_logit_free(struct lp_logit *m)
{
	if (m == NULL)
		return;
	free(m->b);
	m->b = NULL;
}

uint64_t
lp_splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

size_t
lp_logit_cv(const struct lp_design *X, const unsigned char *y,
    const size_t *rows, size_t nr, const double *grid, size_t ng, int k,
    uint64_t seed, double *oof)
{
	int *fold = lp_xcalloc(nr ? nr : 1, sizeof(int));
	size_t *perm = lp_xcalloc(nr ? nr : 1, sizeof(size_t));
	size_t *tr = lp_xcalloc(nr ? nr : 1, sizeof(size_t));
	double *pr = lp_xcalloc((nr ? nr : 1) * (ng ? ng : 1), sizeof(double));
	unsigned char *yy = lp_xcalloc(nr ? nr : 1, 1);
	double best = INFINITY;
	size_t bi = 0;
	uint64_t st = seed;
	int next[2] = { 0, 0 };

	/* Shuffle, then deal each class round the folds: stratified. */
	for (size_t t = 0; t < nr; t++)
		perm[t] = t;
	for (size_t t = nr; t > 1; t--) {
		size_t j = lp_splitmix(&st) % t, x = perm[t - 1];

		perm[t - 1] = perm[j];
		perm[j] = x;
	}
	for (size_t t = 0; t < nr; t++) {
		int c = y[rows ? rows[perm[t]] : perm[t]] ? 1 : 0;

		fold[perm[t]] = next[c];
		next[c] = (next[c] + 1) % k;
	}
	for (size_t t = 0; t < nr; t++)
		yy[t] = y[rows ? rows[t] : t];
	/* Each fold walks the grid in order, each fit starting from the
	 * previous one (the grid goes from strong to weak penalty, so the
	 * weights grow step by step: two or three Newton steps a fit). */
	for (int f = 0; f < k; f++) {
		struct lp_logit m = { 0 };
		size_t ntr = 0;

		for (size_t t = 0; t < nr; t++)
			if (fold[t] != f)
				tr[ntr++] = rows ? rows[t] : t;
		for (size_t gi = 0; gi < ng; gi++) {
			lp_logit_fit(&m, X, y, tr, ntr, grid[gi]);
			for (size_t t = 0; t < nr; t++)
				if (fold[t] == f)
					pr[gi * nr + t] = lp_logit_prob(&m, X,
					    rows ? rows[t] : t);
		}
		lp_logit_free(&m);
	}
	for (size_t gi = 0; gi < ng; gi++) {
		double loss = lp_logloss(pr + gi * nr, yy, nr);

		if (loss < best) {
			best = loss;
			bi = gi;
			if (oof != NULL)
				memcpy(oof, pr + gi * nr, nr * sizeof(double));
		}
	}
	free(fold);
	free(perm);
	free(tr);
	free(pr);
	free(yy);
	return bi;
}

struct sy {
	double		s;
	unsigned char	y;
};

static int
cmp_sy(const void *a, const void *b)
{
	double x = ((const struct sy *)a)->s, z = ((const struct sy *)b)->s;

	return x < z ? -1 : x > z;
}

bool
lp_auc(const double *s, const unsigned char *y, size_t n, double *auc)
{
	struct sy *v = lp_xcalloc(n ? n : 1, sizeof(*v));
	double npos = 0, nneg, rsum = 0;

	for (size_t i = 0; i < n; i++) {
		v[i].s = s[i];
		v[i].y = y[i] != 0;
		npos += v[i].y;
	}
	nneg = (double)n - npos;
	*auc = 0.5;
	if (npos == 0 || nneg == 0) {
		free(v);
		return false;
	}
	qsort(v, n, sizeof(*v), cmp_sy);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double pos = 0, rank;

		while (j < n && v[j].s == v[i].s)
			pos += v[j++].y;
		rank = ((double)i + 1 + (double)j) / 2;	/* mean of i+1..j */
		rsum += pos * rank;
		i = j;
	}
	*auc = (rsum - npos * (npos + 1) / 2) / (npos * nneg);
	free(v);
	return true;
}

double
lp_logloss(const double *prob, const unsigned char *y, size_t n)
{
	double s = 0;

	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		double q = prob[i];

		if (!(q >= 1e-15))
			q = 1e-15;
		if (q > 1 - 1e-15)
			q = 1 - 1e-15;
		s -= y[i] ? log(q) : log(1 - q);
	}
	return s / (double)n;
}

void
lp_wilson(long k, long n, double *lo, double *hi)
{
	const double z = 1.959963984540054;
	double p, c, h, dn = (double)n;

	if (n <= 0) {
		*lo = 0;
		*hi = 1;
		return;
	}
	p = (double)k / dn;
	c = (p + z * z / (2 * dn)) / (1 + z * z / dn);
	h = z / (1 + z * z / dn) * sqrt(p * (1 - p) / dn +
	    z * z / (4 * dn * dn));
	*lo = c - h < 0 ? 0 : c - h;
	*hi = c + h > 1 ? 1 : c + h;
}

double
lp_quantile(const double *v, size_t n, double q)
{
	double x, f;
	size_t i;

	if (n == 0)
		return 0;
	x = q * (double)(n - 1);
	i = (size_t)x;
	if (i + 1 >= n)
		return v[n - 1];
	f = x - (double)i;
	return v[i] + f * (v[i + 1] - v[i]);
}
