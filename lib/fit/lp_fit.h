/*
 * lp_fit -- the engine behind lead-fit: past leads with their outcome
 * in, evidence out.  It keeps every labelled record (won, or lost and
 * disqualified; open leads are counted and left out), then
 *
 *   playbook rules -> per-rule evidence (fires, conversion when it fires
 *                     and when not, lift, Wilson interval, a flag)
 *   any columns    -> features (numbers: value, missing, quantile bins;
 *                     categories: top K values, the rest pooled, missing)
 *   features+rules -> L2 logistic regression, penalty by k-fold CV
 *   rules alone    -> a second model whose log-odds become integer
 *                     points: the proposed [score.fit]/[score.engagement],
 *                     scored again by lp_score exactly as lead-score would
 *
 * and writes a text report, JSON metrics, a unified diff against the
 * playbook and a self-contained HTML page.  Numerics in lp_logit.h.
 */
#ifndef LP_FIT_H
#define LP_FIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lp_err.h"
#include "lp_playbook.h"
#include "lp_stream.h"

struct lp_fit_opts {
	const char	*outcome;	/* --outcome FIELD; NULL: the stage */
	const char	*ignore;	/* --ignore F1,F2: columns left out */
	double		 holdout;	/* share of rows held out; 0 none */
	uint64_t	 seed;		/* holdout and folds */
	int		 folds;		/* k of the cross-validation */
	int		 topk;		/* values kept per categorical field */
	int		 bins;		/* quantile bins per numeric field */
	int64_t		 now;
	const char	*basedir;	/* for the proposal's file() lists */
	enum lp_date_order dates;	/* --dates; LP_DATE_UNSET (0): the
					   playbook's dates setting */
};

struct lp_fit;

/* A new engine over playbook pb (borrowed; must outlive it). */
struct lp_fit	*lp_fit_new(const struct lp_playbook *pb,
		    const struct lp_fit_opts *);
void		 lp_fit_free(struct lp_fit *);
/* Dates the rules and stages did not read for being ambiguous
 * (03/04/2026 without an order), both tables; *example the first. */
long		 lp_fit_ambiguous_dates(const struct lp_fit *,
		    const char **example);

/*
 * Read every record of st (kept open by the caller until lp_fit_free):
 * the training history, or with test set, the --test file.  0, or -1
 * with err set (65 for an --outcome value that is not 1/0, yes/no,
 * true/false or won/lost, listing the values seen).
 */
int	lp_fit_read(struct lp_fit *, struct lp_stream *st, bool test,
	    struct lp_err *);

/* Build features, fit, score the proposal.  0, or -1 with err set
 * (65: no won leads, no lost leads). */
int	lp_fit_run(struct lp_fit *, struct lp_err *);

/* The outputs; each writes to f, returns 0 or -1 on a write error. */
/* LP_FIT_FEATURES: the design matrix as CSV (split, y, one column per
 * feature), for checking the model against other tools (bench). */
enum lp_fit_out { LP_FIT_REPORT, LP_FIT_METRICS, LP_FIT_DIFF, LP_FIT_HTML,
	LP_FIT_FEATURES };
int	lp_fit_write(struct lp_fit *, enum lp_fit_out, FILE *f);
/* The same into path ("-": stdout), with err set on failure (73, 74). */
int	lp_fit_write_file(struct lp_fit *, enum lp_fit_out, const char *path,
	    struct lp_err *);

#endif
