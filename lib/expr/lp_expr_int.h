/*
 * lp_expr_int.h -- internals shared by the three files of the expression
 * module: lp_expr.c (values, text, positions, binding), lp_expr_parse.c
 * (lexer, parser) and lp_expr_eval.c (evaluation).  Not seen elsewhere.
 */
#ifndef LP_EXPR_INT_H
#define LP_EXPR_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "lp_date.h"
#include "lp_expr.h"
#include "lp_geo.h"

#define MAX_DEPTH	200	/* nesting, so evaluation cannot blow the stack */
#define DEPTH_LIMIT	10000	/* pcre2 backtracking depth (interpreter) */

/* ---- values ---- */

enum vtype { V_EMPTY, V_TEXT, V_NUM, V_TIME, V_DUR, V_BOOL };

/* What a text value also is; computed on demand and cached in the value. */
enum {
	K_NUM_DONE = 1, K_NUM = 2, K_TIME_DONE = 4, K_TIME = 8,
	K_DUR_DONE = 16, K_DUR = 32,
	K_LOWER = 64,		/* lower-casing would not change it */
	K_SERIAL = 128		/* a date column's: 45000 is an Excel date */
};

struct val {
	uint8_t		 t;	/* enum vtype */
	uint8_t		 k;	/* K_* for V_TEXT */
	bool		 b;	/* V_BOOL */
	const char	*p;	/* V_TEXT: never empty */
	size_t		 n;
	double		 num;	/* V_NUM, or K_NUM */
	int64_t		 tsecs;	/* V_TIME, or K_TIME */
	int64_t		 dsecs;	/* V_DUR, or K_DUR */
};

/* ---- the tree ---- */

enum nkind {
	N_CONST, N_FIELD, N_NOW, N_AND, N_OR, N_NOT, N_CMP, N_MATCH, N_IN,
	N_EMPTY, N_ARITH, N_NEG, N_CALL
};

enum cmpop { C_EQ, C_NE, C_LT, C_LE, C_GT, C_GE };


struct regex {
	pcre2_code		*code;
	pcre2_match_data	*md;
	bool			 jit;	/* JIT-compiled: use pcre2_jit_match */
	long			 line;	/* where the regex is, for the warning */
	int			 col;
	struct lp_memo		 memo;	/* results by subject text */
};

struct list {
	struct val	*items;		/* constants; their text is owned */
	char		**texts;
	int		 n;
	struct lp_map	*set;		/* lower-cased texts, for long lists */
	uint64_t	 sieve[4];	/* list_sieve bits of those texts */
	int		*typed;		/* items that are numbers, times, ... */
	int		 ntyped;
};

struct node {
	uint8_t		 kind;		/* enum nkind; N_CONST once folded */
	uint8_t		 kind0;		/* the kind as parsed */
	uint8_t		 op;		/* enum cmpop, '+', or func.arg */
	bool		 neg;		/* !~, not in, is not empty */
	bool		 folded;	/* a constant subtree, evaluated at bind */
	int		 depth;
	size_t		 off;		/* byte offset in the text, for errors */
	struct node	*a, *b;
	struct node	**kids;		/* N_AND, N_OR, N_CALL */
	int		 nkids;
	int		 field;		/* N_FIELD: index into fields */
	const struct func *fn;
	struct val	 k;		/* N_CONST */
	char		*kstr;		/* owned text of k */
	struct lp_buf	 buf;		/* scratch for results and keys */
	struct regex	*re;
	struct list	*list;
	struct node	*next;		/* every node, for lp_expr_free */
};

/* A built-in function: one row of lpe_funcs (lp_expr_eval.c). */
struct func {
	const char	*name;
	void		(*eval)(struct lp_expr *, struct node *,
			    const struct lp_record *, struct val *);
	uint8_t		 arg;		/* variant, copied to the node's op */
	int		 min, max;	/* arguments; max -1 = any */
	bool		 cond;		/* returns a boolean */
	const char	*doc;		/* "name(args)  what it does" */
};

extern const struct func lpe_funcs[];
extern const size_t lpe_nfuncs;

struct field {
	char		*name;
	int		 col;		/* -2 unbound, -1 absent (empty) */
	uint8_t		 k;		/* a value's K_* to start with:
					   K_SERIAL in a date column */
	size_t		 off;
};

struct lp_expr {
	char		*text;		/* copy of the source */
	size_t		 n;
	char		*file;
	char		*line_text;
	long		 line;
	int		 col;
	struct node	*root;
	struct node	*nodes;
	struct field	*fields;
	int		 nfields;
	const char	**names;	/* lp_expr_fields */
	int64_t		 now;
	struct lp_dates	*dates;		/* the run's order and count; NULL:
					   ambiguous dates are not dates */
	pcre2_match_context *mctx;
	pcre2_jit_stack	*jstack;
	bool		 warned;
	struct lp_geo	*geo;		/* country_code(): made at first use */
	long		 limit_hits;	/* records a regex's match limit cut
					   short: said once more at free */
	long		 limit_line;
	int		 limit_col;
	struct node	*keycall;	/* lp_expr_key_call's */
	struct val	 keyval;	/* its value, lent (lp_expr_key_lend) */
	bool		 haskey;
};

/* ---- helpers (lp_expr.c unless said) ---- */

/*
 * A list's sieve: one bit of 256 per lower-cased item text, from its
 * length and its first and last bytes.  A text whose bit is clear is in
 * no item, so most texts are turned away without hashing (a company
 * domain against 27 free-mail domains).
 */
static inline unsigned
list_sieve(const char *p, size_t n)
{
	return n == 0 ? 0 : (unsigned)(n * 37 + (unsigned char)p[0] * 5 +
	    (unsigned char)p[n - 1]) & 255;
}

static inline bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool	lpe_is_num_slow(struct val *);
bool	lpe_is_time_slow(struct lp_dates *, struct val *);
bool	lpe_is_dur_slow(struct val *);

/* What a value is, cached in the value after the first question. */
static inline bool
is_num(struct val *v)
{
	if (v->t == V_TEXT && (v->k & K_NUM_DONE))
		return (v->k & K_NUM) != 0;
	return lpe_is_num_slow(v);
}

/* d: the run's dates (lp_expr's), NULL for constants: a date written in
 * the playbook reads the same in every run, so 03/04/2026 there is text. */
static inline bool
is_time(struct lp_dates *d, struct val *v)
{
	if (v->t == V_TEXT && (v->k & K_TIME_DONE))
		return (v->k & K_TIME) != 0;
	return lpe_is_time_slow(d, v);
}

static inline bool
is_dur(struct val *v)
{
	if (v->t == V_TEXT && (v->k & K_DUR_DONE))
		return (v->k & K_DUR) != 0;
	return lpe_is_dur_slow(v);
}

/* The text of any value; tmp (32 bytes) holds formatted non-text. */
struct lp_str lpe_as_text(const struct val *, char *tmp);
/* Text, or empty when n is 0. */
static inline void
lpe_set_text(struct val *v, const char *p, size_t n)
{
	v->k = 0;
	if (n == 0) {
		v->t = V_EMPTY;
		return;
	}
	v->t = V_TEXT;
	v->p = p;
	v->n = n;
}
int	lpe_ci_cmp2(const char *, size_t, const char *, size_t, bool prefix,
	    size_t *used);
void	lpe_case_map(struct lp_buf *, const char *, size_t, bool up);
void	lpe_where(const struct lp_expr *, size_t off, long *line, int *col,
	    char *src, size_t srccap);
void	lpe_verr_at(const struct lp_expr *, struct lp_err *, size_t off,
	    const char *fmt, va_list) __attribute__((format(printf, 4, 0)));
/* lp_expr_eval.c: evaluate node nd for rec into out. */
void	lpe_eval(struct lp_expr *, struct node *, const struct lp_record *,
	    struct val *);

#endif
