/*
 * lp_pb_lint -- the playbook linter and the helpers every section's
 * module uses: an expression compiled at its place in the playbook file
 * (lp_pb_expr), and the lint context a module reports into.
 *
 * The linter knows the playbook layer's own sections ([stages]) and
 * names sections no program reads; every other section is linted by the
 * module that parses it, through a registry the caller passes: a
 * NULL-terminated array of struct lp_pb_linter, one per engine (score:
 * lp_score_linter, check: lp_check_linter, dedupe: lp_dedupe_linter), so
 * this layer never includes an engine's header.  A new engine with a
 * section exports its linter and cmd/lead-check.c lists it for --lint.
 */
#ifndef LP_PB_LINT_H
#define LP_PB_LINT_H

#include <stdbool.h>
#include <stdint.h>

#include "lp_expr.h"
#include "lp_playbook.h"
#include "lp_stream.h"

/*
 * text[0..n) of pb's line:col parsed and, with hdr not NULL, bound to hdr
 * with now; NULL with err set (file:line:col of the problem) when it does
 * not compile.  The one "compile an expression at this file position".
 * dates (may be NULL; borrowed for the expression's life) is the run's
 * date order and count (lp_expr_src): the program fills it from --dates
 * and [playbook] dates, so the playbook itself stays read-only.
 */
struct lp_expr *lp_pb_expr(const struct lp_playbook *pb, const char *text,
	    size_t n, long line, int col, const struct lp_header *hdr,
	    int64_t now, struct lp_dates *dates, struct lp_err *err);

/* A lint run: what a module's linter reports into. */
struct lp_lint {
	void	(*report)(void *, const struct lp_err *, bool warning);
	void	*arg;
	int	 errors;
	const struct lp_playbook *pb;
	const struct lp_header *input;	/* NULL: no input given */
	const struct lp_header *hdr;	/* input, or an empty header */
	int64_t	 now;
};

/* One module's linter: sections names what it lints (for readers). */
struct lp_pb_linter {
	const char	*sections;	/* "score.fit score.engagement" */
	void		(*lint)(struct lp_lint *);
};

/* Report e (an error unless warning; errors are counted). */
void	lp_lint_error(struct lp_lint *, const struct lp_err *, bool warning);

/*
 * Warn once, at src's line:col, about the fields in names (n of them, or
 * NULL-terminated when n < 0) that the input lacks: "WHAT reads 'a',
 * 'b', which no input has".  Nothing without an input.
 */
void	lp_lint_fields(struct lp_lint *, const struct lp_playbook *src,
	    long line, int col, const char *what, const char *const *names,
	    int n);

/* Compile text at line:col (lp_pb_expr); report the problem, or lint the
 * fields it reads. */
void	lp_lint_expr(struct lp_lint *, long line, int col, const char *text,
	    const char *what);

/*
 * Lint the whole playbook: sections no program reads (warnings),
 * [stages] conditions, then each linter of the NULL-terminated array in
 * turn.  Each problem is passed to report (warning true for the ones
 * that do not fail the lint); returns the number of errors.
 */
int	lp_playbook_lint(const struct lp_playbook *pb,
	    const struct lp_header *input, int64_t now,
	    const struct lp_pb_linter *const *linters,
	    void (*report)(void *arg, const struct lp_err *, bool warning),
	    void *arg);

#endif
