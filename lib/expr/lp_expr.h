/*
 * lp_expr -- the expression language shared by score, route, recycle,
 * check and dedupe (DESIGN section 5, lead-playbook(5)).
 *
 * Parse once, bind field names to column indexes once per header, then
 * evaluate many times with no allocation per record in steady state.
 * Regular expressions are PCRE2, compiled once with JIT and match limits.
 */
#ifndef LP_EXPR_H
#define LP_EXPR_H

#include <stdbool.h>
#include <stdint.h>

#include "lp_date.h"
#include "lp_err.h"
#include "lp_stream.h"
#include "lp_util.h"

/* Where an expression's text comes from, for FILE:LINE:COL errors. */
struct lp_expr_src {
	const char	*file;		/* the playbook's path or "<default>" */
	long		 line;		/* line of the text's first byte */
	int		 col;		/* 1-based column of the text's first byte */
	const char	*line_text;	/* the whole source line, for the caret */
	const char	*basedir;	/* where file(NAME) lists are looked up */
	const struct lp_limits *limits;	/* list size, regex effort; NULL:
					 * LP_LIMITS_DEFAULT */
	struct lp_dates	*dates;		/* how fields' dates are read
					 * (lp_dates_read: the run's order,
					 * ambiguous ones counted); NULL: no
					 * order, not counted.  Borrowed for
					 * the expression's life. */
};

struct lp_expr;

/*
 * Parse text[0..n) into a new expression (free with lp_expr_free).  Field
 * names stay unresolved until lp_expr_bind.  NULL with err set (code 78,
 * file, line, col of the offending token) on a syntax error.  file(NAME)
 * lists are read here, relative to src->basedir; src may be NULL.
 */
struct lp_expr	*lp_expr_parse(const char *text, size_t n,
		    const struct lp_expr_src *, struct lp_err *);
void		 lp_expr_free(struct lp_expr *);

/*
 * Resolve every field name against hdr (alias-aware).  A name that hdr
 * lacks but that is a canonical lead field reads as empty; any other
 * unknown name is an error (78) with a "did you mean" hint.  now is the
 * time days_since() and friends measure from.  0 or -1 with err set.
 * May be called again, for another header or another now.
 */
int	lp_expr_bind(struct lp_expr *, const struct lp_header *hdr,
	    int64_t now, struct lp_err *);

/* Evaluate as a condition: true or false.  An empty field never matches a
 * comparison; a regex that hits its match limit counts as not matched
 * (and warns once per expression). */
bool	lp_expr_test(struct lp_expr *, const struct lp_record *);

/*
 * Evaluate as a value, as text written into out (reset first).  Numbers
 * print in their shortest form, booleans as yes/no.
 */
void	lp_expr_eval_text(struct lp_expr *, const struct lp_record *,
	    struct lp_buf *out);
/* The same without the copy: the text where it is (borrowed until the
 * record changes or the expression is evaluated again); scratch holds
 * a formatted number, time or yes/no. */
struct lp_str lp_expr_eval_str(struct lp_expr *, const struct lp_record *,
	    struct lp_buf *scratch);

/* Evaluate as a number: 1 with *v set, 0 when empty or not a number. */
int	lp_expr_eval_number(struct lp_expr *, const struct lp_record *,
	    double *v);

/* The field names the expression reads (for lint), NULL-terminated;
 * borrowed for the expression's life. */
const char *const *lp_expr_fields(const struct lp_expr *);
/*
 * The header column the i-th of those fields is bound to, -1 when the
 * header lacks it (the field reads as empty).  An expression's value is
 * a function of these columns' trimmed texts alone (and of `now`), so a
 * caller may remember results by them.
 */
int	lp_expr_column(const struct lp_expr *, int i);

/* When the expression is a bare field, its column (-1 when the header
 * lacks it); else -2.  Its value is then the column's trimmed text. */
int	lp_expr_field_column(const struct lp_expr *);

/*
 * True when the expression is a condition (a comparison, match, in, is
 * empty, and/or/not, contains()...), false when it is a value such as
 * a field or lower(x).  lp_expr_test accepts both (a value holds when it
 * is not empty, "no", "false" or zero); a playbook may insist on a
 * condition where a rule expects one.
 */
bool	lp_expr_is_condition(const struct lp_expr *);

/*
 * When every field the expression reads is read as the one argument of
 * one text function -- `domain(email) in (gmail.com, ...)` -- that
 * function's name, else NULL.  The expression's value is then a function
 * of that call's text, which lp_expr_key gives for a record: a caller
 * may remember results by it (many emails, few domains).
 */
const char *lp_expr_key_call(struct lp_expr *);
/* That call's text for rec (borrowed until the record changes or the
 * expression is evaluated again); false when it is not text. */
bool	lp_expr_key(struct lp_expr *, const struct lp_record *,
	    struct lp_str *key);
/*
 * Lend the value lp_expr_key last gave from's call to to's call, the
 * same function of the same field (lp_expr_key_call said so for both):
 * to evaluates without calling it again, until lent NULL.  The value
 * stays from's: from's call must not run in between.
 */
void	lp_expr_key_lend(struct lp_expr *to, const struct lp_expr *from);
/*
 * Whether e is `CALL in (LIST)` or `CALL not in (LIST)` on its key call
 * (lp_expr_key_call), the list's items all text (no number, date or
 * duration): then lp_expr_key_in answers e for from's key -- the value
 * lp_expr_key last gave for the same call of another expression -- by
 * the list alone, without evaluating e (`domain(email) in (...)` over
 * a rule group: one domain, two list lookups).
 */
bool	lp_expr_key_list(const struct lp_expr *e);
bool	lp_expr_key_in(struct lp_expr *e, const struct lp_expr *from);

/*
 * The numbers a column is compared with, when e is made of `FIELD op
 * NUMBER` (or NUMBER op FIELD) comparisons and `FIELD is [not] empty`
 * tests on one column under and, or and not, and of nothing else
 * (`employees >= 50 and employees < 200`, `phone is not empty`).
 * Whether e holds then depends only on whether the field is empty and
 * where its number (read as lp_expr_number reads it) falls among those
 * numbers; with no numbers, only on whether it is empty.  Sets *col to
 * the column (-1 going in: not yet known; another column fails) and
 * adds the numbers to cuts[*n..max); false when e is not of that form
 * or there are more than max.
 */
bool	lp_expr_num_cuts(const struct lp_expr *e, int *col, double *cuts,
	    int *n, int max);
/* The number a field's trimmed text p[0..n) compares as: true with *x
 * set, false when it is not one ("1,200" and "$5k" are; "1.200" is not). */
bool	lp_expr_number(const char *p, size_t n, double *x);

/* Evaluate as a time (a date lp_dates_read reads, or now - 30d): 1 with
 * *secs set, 0 when empty or not a time. */
int	lp_expr_eval_time(struct lp_expr *, const struct lp_record *,
	    int64_t *secs);

#endif
