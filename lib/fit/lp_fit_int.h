/*
 * lp_fit_int -- what the lp_fit files share (lp_fit.c reads and fits,
 * lp_fit_out.c judges rules, proposes and writes, lp_fit_html.c draws).
 * Nothing outside lib/fit includes it.
 */
#ifndef LP_FIT_INT_H
#define LP_FIT_INT_H

#include "lp_fit.h"
#include "lp_logit.h"
#include "lp_store.h"
#include "lp_score.h"
#include "lp_stage.h"
#include "lp_util.h"

/* One input's labelled rows, their cells and what the playbook said. */
struct table {
	struct lp_stream	*st;
	const struct lp_header	*hdr;
	int			 ncol, ocol;
	struct lp_store		*rows;		/* n rows of ncol cells */
	unsigned char		*y, *held;
	unsigned char		*fired;		/* n * (nrules + 1) */
	double			*value;
	double			*cur, *prop;	/* score, current / proposed */
	int			*gcur, *gprop;	/* grade index */
	size_t			 n, cap;
	long			 won, open;
	struct lp_scorer	*sc;
	struct lp_stager	*stager;
	struct lp_dates		 dates;		/* the stager's */
};

struct field {
	char		*name;
	int		 col, tcol;	/* in table 0, table 1 */
	bool		 numeric, missing, other;
	double		 mean, sd, *edges;
	int		 nedges;
	int		 fvalue, fmissing, fbin;	/* feature indexes */
	struct lp_map	*values;	/* value -> 0..nvalues */
	int		 nvalues, vfirst, fother;
};

struct feat {
	char	*name;
	int	 field;		/* -1: a rule */
};

struct metric {
	long	 n;
	double	 auc, logloss;
	bool	 has_auc;
};

/* Per-rule evidence over every labelled row of the training input. */
struct evidence {
	long	 fires, won_fires, nots, won_nots;
	double	 pf, pn, lo, hi, lift, lift_lo, lift_hi;
	const char *flag;
};

struct lp_fit {
	const struct lp_playbook *pb;
	struct lp_fit_opts	 o;
	enum lp_date_order	 dates;		/* --dates, else the playbook's */
	int			 won;		/* the won stage */
	struct table		 t[2];		/* training, --test */
	size_t			 nrules;
	struct lp_score_rule	*rules;
	struct evidence		*ev;
	struct field		*fields;
	size_t			 nfields;
	struct feat		*feat;
	size_t			 nfeat;
	struct lp_design	 X, R;		/* fields + rules; rules */
	unsigned char		*y;
	size_t			*trows, *srows, ntrain, ntest;
	long			 won_n, lost_n;
	struct lp_logit		 model, rmodel;
	double			 lambda, rlambda;
	double			*ptrain, *ptest, *oof;
	struct metric		 m_train, m_cv, m_test;
	/* The proposal. */
	double			*ppoints;	/* per rule */
	double			 scale;		/* points per unit log-odds */
	double			 a_cur[2], a_prop[2];	/* train, test AUC */
	double			 a_rules[2];	/* the rules model's */
	bool			 changed;
	struct lp_buf		 newtext;
	const char		*oldtext;
	size_t			 oldn;
	struct lp_buf		 notes;		/* columns left out */
	long			*skipped;
	/* Grades seen, and --outcome values that mean nothing. */
	struct lp_map		*grades, *badvals;
	char			**gname, **bad;
	size_t			 ngrades, nbad;
};

double	lp_fit_fin(double);
struct lp_str lp_fit_cell(const struct table *, size_t r, int col);
int	lp_fit_evidence(struct lp_fit *);
int	lp_fit_propose(struct lp_fit *, const double *grid, size_t ng,
	    struct lp_err *);
int	lp_fit_html(struct lp_fit *, FILE *);
void	lp_fit_grade_order(const struct lp_fit *, size_t *ord);

#endif
