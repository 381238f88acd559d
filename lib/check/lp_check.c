/*
 * lp_check -- lead-check's rules: parse the [check] section, run it over
 * records, count, summarise, write JUnit, and lint a whole playbook.
 *
 * A rule is a [check] setting whose key is the rule's label in quotes:
 *
 *   "LABEL" = [error: | warning:] CHECK [at stage S, ... | from stage S]
 *                                       [when CONDITION]
 *   CHECK   = FIELD is required          | FIELD is [a|an] TYPE
 *           | FIELD is one of (A, B, ...) | FIELD ~ /RE/ | FIELD !~ /RE/
 *           | FIELD is unique            | (FIELD, FIELD, ...) is unique
 *           | FIELD is not before FIELD  | FIELD is not after FIELD
 *           | CONDITION                  (any expression that must hold)
 *   TYPE    = email phone e164 date number integer url country stage
 *
 * Unquoted keys are settings: max_errors, max_error_rate, examples.
 *
 * Invariants: everything is compiled and bound once (lp_checker_new);
 * checking a record allocates nothing except a new key in a uniqueness
 * set.  Type, one-of and regex checks skip empty values (that is what
 * "is required" is for); "is not before" skips a side that is empty or
 * not a date; a rule with a stage clause skips records whose stage
 * (lp_stager_stage, as every program decides it) is not in it.
 * A violation's strings are borrowed until the next record; the examples
 * kept for the summary are copies, at most `examples` per rule.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lp_alias.h"
#include "lp_check.h"
#include "lp_check_rejects.h"
#include "lp_esc.h"
#include "lp_date.h"
#include "lp_expr.h"
#include "lp_keyset.h"
#include "lp_norm.h"
#include "lp_num.h"
#include "lp_writer.h"
#include "lp_pb_lint.h"
#include "lp_score.h"
#include "lp_stage.h"


#define MAXFIELDS	16	/* fields in one (a, b, ...) is unique */
#define EXAMPLE_VALUE	60	/* bytes of a value kept in an example */

const char *const lp_check_columns[] = {
	"file", "line", "source", "lead_id", "field", "rule", "severity",
	"value", "message", NULL
};

enum kind {
	K_REQUIRED, K_TYPE, K_ONEOF, K_MATCH, K_UNIQUE, K_ORDER, K_COND
};

enum type {
	T_EMAIL, T_PHONE, T_E164, T_DATE, T_NUMBER, T_INTEGER, T_URL,
	T_COUNTRY, T_STAGE
};

static const char *const type_names[] = {
	"email", "phone", "e164", "date", "number", "integer", "url",
	"country", "stage", NULL
};

static const char *const type_msgs[] = {
	"not an email address", "not a phone number",
	"not an E.164 phone number (+14155550123)",
	"not a date (2026-11-01)", "not a number (1234.5)",
	"not a whole number", "not a URL", "not a known country",
	"not a known status or stage (see [stages])"
};

/* Words that may follow "FIELD is", for "did you mean". */
static const char *const is_words[] = {
	"required", "unique", "one", "not", "empty", "a", "an", "email",
	"phone", "e164", "date", "number", "integer", "url", "country",
	"stage", NULL
};

static const char *const check_keys[] = {
	"max_errors", "max_error_rate", "examples", NULL
};

struct example {
	char	*file;			/* or the _source value, line 0 */
	long	 line;
	char	*value;
	char	*msg;
};

struct rule {
	const char	*label;		/* the playbook's */
	const char	*text;		/* the value, for JUnit */
	long		 line;
	enum lp_severity sev;
	enum kind	 kind;
	enum type	 type;
	char		*fields[MAXFIELDS];	/* names as written */
	int		 cols[MAXFIELDS];	/* -1: not in the input */
	int		 nf;
	char		*fieldname;	/* "a,b" for the field column */
	struct lp_expr	*test;		/* one of, regex, condition */
	struct lp_expr	*when;
	bool		*stages;	/* NULL: any stage */
	int		 order;		/* K_ORDER: 1 not before, -1 not after */
	unsigned	 datecols;	/* bit k: fields[k] is a date column,
					   where Excel serials are dates */
	char		*msg;		/* static message, when there is one */
	struct uset	*seen;		/* K_UNIQUE: key -> where first seen */
	char		*skip;		/* why it cannot fire; NULL: it runs */
	long		 count;
	struct example	*ex;
	int		 nex;
};

/*
 * A uniqueness rule's set (lp_keyset: seeded, keys in an arena) and this
 * record's key, made (and its slot prefetched) before the other rules
 * run, so the cache miss overlaps their work.
 */
struct uset {
	struct lp_keyset *ks;
	struct lp_buf	 key;
	uint64_t	 h;
	bool		 has_key;	/* no part of it is empty */
	bool		 with_src;	/* the input has _source: keep it */
};

struct pending {
	int	rule;
	bool	value_scratch, msg_scratch;
	size_t	voff, vlen, moff, mlen;
};

struct lp_checker {
	const struct lp_playbook *pb;		/* stages */
	struct lp_dates		 dates;		/* --dates; ambiguous ones met */
	struct lp_memo		 stagememo;	/* "is stage": text -> stage */
	struct lp_playbook	*builtin;	/* the built-in playbook, or NULL */
	const struct lp_playbook *src;		/* where the rules are */
	const struct lp_header	*hdr;
	struct lp_norm		*nm;
	struct rule		*rules;
	int			 nrules;
	int			*order;		/* rules as run: uniqueness last */
	int			 stage_col, status_col, country_col;
	int			 id_col, source_col;	/* lead_id, _source */
	int			*used;		/* the columns rules read */
	int			 nused;
	struct lp_str		*val;		/* per column: this record's,
						 * trimmed (the used ones) */
	int			 examples;
	struct lp_violation	*v;
	struct pending		*pend;
	struct lp_buf		 scratch, out, why;
	const char		**files;	/* distinct input names seen */
	int			 nfiles;
	const char		*lastfile;
	int			 lastfileidx;
	struct lp_check_totals	 tot;
	int			 cur_stage;	/* -2: not computed yet */
	struct lp_stager	*stager;	/* the record's stage */
	bool			 gate_set;	/* by the caller: [check] ignored */
	struct lp_rejects	*rj;		/* records no rule saw */
};

/* ---- small helpers ---- */

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t';
}

static bool
word_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool
word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static size_t
skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && is_ws(s[i]))
		i++;
	return i;
}

/* The word at s[i] (letters, digits, _); returns its end. */
static size_t
word_end(const char *s, size_t i, size_t n)
{
	if (i < n && word_start(s[i]))
		while (i < n && word_char(s[i]))
			i++;
	return i;
}

static bool
word_is(const char *s, size_t b, size_t e, const char *w)
{
	return e - b == strlen(w) && strncasecmp(s + b, w, e - b) == 0;
}

/* This record's trimmed text in column col (use_column, read_columns). */
static struct lp_str
field(const struct lp_checker *ck, int col)
{
	if (col < 0)
		return (struct lp_str){ "", 0 };
	return ck->val[col];
}

/* Note that rules read column col (when in the input). */
static void
use_column(struct lp_checker *ck, int col)
{
	if (col < 0)
		return;
	for (int i = 0; i < ck->nused; i++)
		if (ck->used[i] == col)
			return;
	ck->used[ck->nused++] = col;
}

/* Fetch and trim each column rules read, once per record: several rules
 * read the same ones (created_at, converted_at, email, ...). */
static void
read_columns(struct lp_checker *ck, const struct lp_record *rec)
{
	for (int i = 0; i < ck->nused; i++)
		ck->val[ck->used[i]] = lp_str_trim(lp_record_get(rec,
		    ck->used[i]));
}

/* ---- uniqueness sets ---- */

static struct uset *
uset_new(void)
{
	struct uset *u = lp_xcalloc(1, sizeof(*u));

	u->ks = lp_keyset_new();
	lp_buf_init(&u->key);
	return u;
}

static void
uset_free(struct uset *u)
{
	if (u == NULL)
		return;
	lp_keyset_free(u->ks);
	lp_buf_fini(&u->key);
	free(u);
}

/*
 * Find the prepared key (uset_prepare); when present return true with
 * *first set to its position, else add it with position pos and return
 * false.
 */
static bool
uset_add(struct uset *u, int64_t pos, struct lp_str src, int64_t *first,
    struct lp_str *firstsrc)
{
	return lp_keyset_add(u->ks, u->key.p, u->key.n, u->h, pos,
	    u->with_src ? src : (struct lp_str){ "", 0 }, first, firstsrc);
}

/* ---- parsing a rule ---- */

struct ctx {
	struct lp_checker	*ck;
	const struct lp_playbook *src;	/* positions */
	const struct lp_header	*hdr;
	int64_t			 now;
	long			 line;
	int			 col0;	/* column of value[0] */
};

static int
perr(struct ctx *c, struct lp_err *err, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
perr(struct ctx *c, struct lp_err *err, size_t off, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lp_playbook_error(c->src, err, c->line, c->col0 + (int)off,
	    "%s", msg);
}

/* Parse and bind s[b..e) as an expression. */
static struct lp_expr *
expr_at(struct ctx *c, const char *s, size_t b, size_t e, struct lp_err *err)
{
	while (e > b && is_ws(s[e - 1]))
		e--;
	if (e == b) {
		perr(c, err, b, "expected a condition");
		return NULL;
	}
	return lp_pb_expr(c->src, s + b, e - b, c->line, c->col0 + (int)b,
	    c->hdr, c->now, &c->ck->dates, err);
}

/*
 * A field name at s[*i]: a word or `back ticked`.  Checked with the
 * expression engine's binder, so an unknown name gets its "did you mean".
 */
static int
parse_field(struct ctx *c, struct rule *r, const char *s, size_t *i, size_t n,
    struct lp_err *err)
{
	size_t b = *i, e, nb, ne;
	struct lp_expr *x;

	if (r->nf == MAXFIELDS)
		return perr(c, err, b, "too many fields (at most %d)",
		    MAXFIELDS);
	if (b < n && s[b] == '`') {
		for (e = b + 1; e < n && s[e] != '`'; e++)
			;
		if (e == n)
			return perr(c, err, b, "unterminated `name`");
		nb = b + 1;
		ne = e++;
	} else {
		e = word_end(s, b, n);
		if (e == b)
			return perr(c, err, b, "expected a field name");
		nb = b;
		ne = e;
	}
	if ((x = expr_at(c, s, b, e, err)) == NULL)
		return -1;
	lp_expr_free(x);
	r->fields[r->nf] = lp_xstrndup(s + nb, ne - nb);
	r->cols[r->nf] = lp_header_find(c->hdr, r->fields[r->nf]);
	if (lp_norm_kind(lp_alias_canonical(r->fields[r->nf], ne - nb)) ==
	    LP_NORM_DATE)
		r->datecols |= 1u << r->nf;
	r->nf++;
	*i = e;
	return 0;
}

static int
expect_end(struct ctx *c, const char *s, size_t i, size_t n,
    struct lp_err *err)
{
	i = skip_ws(s, i, n);
	if (i < n)
		return perr(c, err, i, "unexpected text after the check");
	return 0;
}

/* Stage names for hints; caller frees. */
static const char **
stage_names(const struct lp_playbook *pb)
{
	int ns;
	const struct lp_stage *st = lp_playbook_stages(pb, &ns);
	const char **v = lp_xcalloc((size_t)ns + 1, sizeof(*v));

	for (int k = 0; k < ns; k++)
		v[k] = st[k].name;
	return v;
}

static int
stage_index(struct ctx *c, const char *s, size_t b, size_t e,
    struct lp_err *err)
{
	const struct lp_playbook *pb = c->ck->pb;
	int idx = lp_playbook_stage_find(pb, s + b, e - b);

	if (idx < 0) {
		char name[64];
		const char **names = stage_names(pb);
		const char *hint;

		snprintf(name, sizeof(name), "%.*s", (int)(e - b), s + b);
		hint = lp_suggest(name, names);
		if (hint != NULL)
			perr(c, err, b, "unknown stage '%s' (did you mean "
			    "'%s'?)", name, hint);
		else
			perr(c, err, b, "unknown stage '%s' (stages come from "
			    "[stages] order, other and lost)", name);
		free(names);
	}
	return idx;
}

/* "at stage a, b" or "from stage a": s[b..e) after the keywords. */
static int
parse_stages(struct ctx *c, struct rule *r, bool from, const char *s,
    size_t b, size_t e, struct lp_err *err)
{
	int ns, idx;
	const struct lp_stage *st = lp_playbook_stages(c->ck->pb, &ns);
	size_t i = skip_ws(s, b, e), we;

	if (r->stages != NULL)
		return perr(c, err, b, "only one stage clause per rule");
	r->stages = lp_xcalloc((size_t)ns + 1, sizeof(*r->stages));
	for (;;) {
		we = word_end(s, i, e);
		if (we == i)
			return perr(c, err, i, "expected a stage name");
		if ((idx = stage_index(c, s, i, we, err)) < 0)
			return -1;
		if (from) {
			if (st[idx].kind != LP_STAGE_FUNNEL)
				return perr(c, err, i, "'from stage' needs a "
				    "funnel stage ('%s' is not in [stages] "
				    "order; use 'at stage')", st[idx].name);
			for (int k = 0; k < ns; k++)
				if (st[k].kind == LP_STAGE_FUNNEL &&
				    st[k].rank >= st[idx].rank)
					r->stages[k] = true;
			return expect_end(c, s, we, e, err);
		}
		r->stages[idx] = true;
		i = skip_ws(s, we, e);
		if (i == e)
			return 0;
		if (s[i] == ',')
			i = skip_ws(s, i + 1, e);
		else if (word_is(s, i, word_end(s, i, e), "or"))
			i = skip_ws(s, word_end(s, i, e), e);
		else
			return perr(c, err, i, "expected ',' between stages");
	}
}

/*
 * Where the check ends and its clauses begin: "when", "at stage", "from
 * stage", outside quotes, backticks, regexes and parentheses.  Fills
 * starts[] with the offsets of up to 3 clause keywords; returns how many.
 */
static int
find_clauses(const char *s, size_t n, size_t starts[3])
{
	struct lp_pb_scan sc = { 0, 0 };
	int k = 0;

	for (size_t i = 0; i < n && k < 3; i++) {
		char ch = s[i];

		if (lp_pb_scan_literal(&sc, s, n, &i))
			continue;
		if (ch != '(' && ch != ')' && sc.depth == 0 && word_start(ch) &&
		    (i == 0 || !word_char(s[i - 1]))) {
			size_t e = word_end(s, i, n), j;

			if (word_is(s, i, e, "when"))
				starts[k++] = i;
			else if (word_is(s, i, e, "at") ||
			    word_is(s, i, e, "from")) {
				j = skip_ws(s, e, n);
				if (j > e && (word_is(s, j, word_end(s, j, n),
				    "stage") || word_is(s, j, word_end(s, j, n),
				    "stages")))
					starts[k++] = i;
			}
			sc.prev = s[e - 1];
			i = e - 1;
			continue;
		}
		if (!is_ws(ch))
			sc.prev = ch;
	}
	return k;
}

/* A message kept with the rule (printf-style). */
static char *
rule_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
rule_msg(const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return lp_xstrdup(buf);
}

/* Where the field token at s[i] ends (a word or `back ticked`). */
static size_t
field_end(const char *s, size_t i, size_t e)
{
	if (i < e && s[i] == '`') {
		for (i++; i < e && s[i] != '`'; i++)
			;
		return i < e ? i + 1 : e;
	}
	return word_end(s, i, e);
}

/* "(a, b, ...) is unique" from s[b] == '('. */
static int
parse_combination(struct ctx *c, struct rule *r, const char *s, size_t b,
    size_t e, struct lp_err *err)
{
	size_t i = skip_ws(s, b + 1, e), w, w2;

	for (;;) {
		if (parse_field(c, r, s, &i, e, err) != 0)
			return -1;
		i = skip_ws(s, i, e);
		if (i < e && s[i] == ',') {
			i = skip_ws(s, i + 1, e);
			continue;
		}
		if (i < e && s[i] == ')')
			break;
		return perr(c, err, i, "expected ',' or ')' in the field list");
	}
	i = skip_ws(s, i + 1, e);
	w = word_end(s, i, e);
	w2 = skip_ws(s, w, e);
	if (!word_is(s, i, w, "is") ||
	    !word_is(s, w2, word_end(s, w2, e), "unique"))
		return perr(c, err, i, "a (field, ...) list is for 'is unique'");
	r->kind = K_UNIQUE;
	return expect_end(c, s, word_end(s, w2, e), e, err);
}

/* "F ~ /re/" or "F !~ /re/": the whole is an expression; op at s[i]. */
static int
parse_match(struct ctx *c, struct rule *r, const char *s, size_t b,
    size_t fe, size_t i, size_t e, struct lp_err *err)
{
	bool neg = s[i] == '!';
	size_t fb = b, rb = skip_ws(s, i + (neg ? 2 : 1), e);

	if (parse_field(c, r, s, &fb, fe, err) != 0)
		return -1;
	r->kind = K_MATCH;
	if ((r->test = expr_at(c, s, b, e, err)) == NULL)
		return -1;
	r->msg = rule_msg("%s %.*s", neg ? "matches" : "does not match",
	    (int)(e - rb), s + rb);
	return 0;
}

/* "F is one of (a, b)": "is" at s[i], "of" ends at oe. */
static int
parse_one_of(struct ctx *c, struct rule *r, const char *s, size_t b,
    size_t i, size_t oe, size_t e, struct lp_err *err)
{
	size_t lb = skip_ws(s, oe, e), ln;
	char *t;

	if (lb == e || s[lb] != '(')
		return perr(c, err, lb, "expected a list in parentheses: "
		    "(a, b, \"c d\")");
	/* It reads as "F in (a, b)", padded so that columns stay true. */
	t = lp_xstrndup(s, e);
	memset(t + i, ' ', oe - i);
	memcpy(t + i, "in", 2);
	r->kind = K_ONEOF;
	r->test = expr_at(c, t, b, e, err);
	free(t);
	if (r->test == NULL)
		return -1;
	for (lb++, ln = e - lb; ln > 0 && (s[lb + ln - 1] == ')' ||
	    is_ws(s[lb + ln - 1])); ln--)
		;
	if (ln > 70)
		r->msg = rule_msg("not one of %.67s...", s + lb);
	else
		r->msg = rule_msg("not one of %.*s", (int)ln, s + lb);
	return 0;
}

/*
 * "F is WORD ...", "is" at s[i]: required, unique, not before/after F,
 * one of (...), [a|an] TYPE.  Returns 1 when it is no such check but an
 * expression ("is empty", "is not empty").
 */
static int
parse_is(struct ctx *c, struct rule *r, const char *s, size_t b, size_t fe,
    size_t i, size_t e, struct lp_err *err)
{
	size_t w = skip_ws(s, word_end(s, i, e), e), we = word_end(s, w, e);
	size_t ob = skip_ws(s, we, e), oe = word_end(s, ob, e), fb = b;
	const char *hint;
	char word[32];

	if (word_is(s, w, we, "empty") || (word_is(s, w, we, "not") &&
	    !word_is(s, ob, oe, "before") && !word_is(s, ob, oe, "after")))
		return 1;
	if (parse_field(c, r, s, &fb, fe, err) != 0)
		return -1;
	if (word_is(s, w, we, "required") || word_is(s, w, we, "unique")) {
		r->kind = word_is(s, w, we, "unique") ? K_UNIQUE : K_REQUIRED;
		return expect_end(c, s, we, e, err);
	}
	if (word_is(s, w, we, "not")) {
		r->kind = K_ORDER;
		r->order = word_is(s, ob, oe, "before") ? 1 : -1;
		fb = skip_ws(s, oe, e);
		if (parse_field(c, r, s, &fb, e, err) != 0)
			return -1;
		return expect_end(c, s, fb, e, err);
	}
	if (word_is(s, w, we, "one")) {
		if (!word_is(s, ob, oe, "of"))
			return perr(c, err, ob, "expected 'is one of (a, b, "
			    "...)'");
		return parse_one_of(c, r, s, b, i, oe, e, err);
	}
	if (word_is(s, w, we, "a") || word_is(s, w, we, "an")) {
		w = ob;
		we = oe;
	}
	for (int t = 0; type_names[t] != NULL; t++)
		if (word_is(s, w, we, type_names[t])) {
			r->kind = K_TYPE;
			r->type = (enum type)t;
			return expect_end(c, s, we, e, err);
		}
	snprintf(word, sizeof(word), "%.*s", (int)(we - w), s + w);
	if ((hint = lp_suggest(word, is_words)) != NULL)
		return perr(c, err, w, "unknown check 'is %s' (did you mean "
		    "'is %s'?)", word, hint);
	return perr(c, err, w, "unknown check 'is %s' (known: required, "
	    "unique, one of (...), not before, not after, email, phone, e164, "
	    "date, number, integer, url, country, stage)", word);
}

/* Any other condition: it must hold. */
static int
parse_cond(struct ctx *c, struct rule *r, const char *s, size_t b, size_t e,
    struct lp_err *err)
{
	const char *const *fl;

	r->kind = K_COND;
	if ((r->test = expr_at(c, s, b, e, err)) == NULL)
		return -1;
	if (!lp_expr_is_condition(r->test))
		return perr(c, err, b, "expected a condition such as 'amount "
		    ">= 0' (or a check such as 'amount is number')");
	/* The field column names the first field the condition reads. */
	if ((fl = lp_expr_fields(r->test)) != NULL && fl[0] != NULL) {
		r->fields[0] = lp_xstrdup(fl[0]);
		r->cols[0] = lp_header_find(c->hdr, fl[0]);
		r->nf = 1;
	}
	r->msg = rule_msg("does not hold: %.*s", (int)(e - b), s + b);
	return 0;
}

/* The check part of a rule, s[b..e) (no clauses). */
static int
parse_check(struct ctx *c, struct rule *r, const char *s, size_t b,
    size_t e, struct lp_err *err)
{
	size_t fe, i;
	int rc;

	if (e == b)
		return perr(c, err, b, "rule \"%s\" has no check (write e.g. "
		    "'error: email is required')", r->label);
	if (s[b] == '(')
		return parse_combination(c, r, s, b, e, err);
	if (s[b] != '`' && !word_start(s[b]))
		return parse_cond(c, r, s, b, e, err);
	/* A field, then "is WORD" or "~": else the whole is a condition. */
	fe = field_end(s, b, e);
	i = skip_ws(s, fe, e);
	if (i < e && (s[i] == '~' || (s[i] == '!' && i + 1 < e &&
	    s[i + 1] == '~')))
		return parse_match(c, r, s, b, fe, i, e, err);
	if (word_is(s, i, word_end(s, i, e), "is") &&
	    (rc = parse_is(c, r, s, b, fe, i, e, err)) <= 0)
		return rc;
	return parse_cond(c, r, s, b, e, err);
}

/* One "LABEL" = ... setting into r. */
static int
parse_rule(struct ctx *c, struct rule *r, const struct lp_pb_setting *st,
    struct lp_err *err)
{
	const char *s = st->value;
	size_t n = strlen(s), i = 0, w, starts[3], ce;
	int nc;

	memset(r, 0, sizeof(*r));
	for (int k = 0; k < MAXFIELDS; k++)
		r->cols[k] = -1;
	r->label = st->key;
	r->text = st->value;
	r->line = st->line;
	c->line = st->line;
	c->col0 = st->vcol;
	if (st->key[0] == '\0')
		return lp_playbook_error(c->src, err, st->line, st->col,
		    "empty rule label");
	w = word_end(s, 0, n);
	if (w > 0 && skip_ws(s, w, n) < n && s[skip_ws(s, w, n)] == ':') {
		if (word_is(s, 0, w, "error"))
			r->sev = LP_SEV_ERROR;
		else if (word_is(s, 0, w, "warning") || word_is(s, 0, w, "warn"))
			r->sev = LP_SEV_WARNING;
		else
			return perr(c, err, 0, "unknown severity '%.*s' (write "
			    "error: or warning:)", (int)w, s);
		i = skip_ws(s, skip_ws(s, w, n) + 1, n);
	}
	nc = find_clauses(s + i, n - i, starts);
	for (int k = 0; k < nc; k++)
		starts[k] += i;
	ce = nc > 0 ? starts[0] : n;
	while (ce > i && is_ws(s[ce - 1]))
		ce--;
	if (parse_check(c, r, s, i, ce, err) != 0)
		return -1;
	for (int k = 0; k < nc; k++) {
		size_t b = starts[k], e = k + 1 < nc ? starts[k + 1] : n;
		size_t we = word_end(s, b, e);

		while (e > b && is_ws(s[e - 1]))
			e--;
		if (word_is(s, b, we, "when")) {
			if (r->when != NULL)
				return perr(c, err, b, "only one 'when' per "
				    "rule (join conditions with and)");
			if ((r->when = expr_at(c, s, we, e, err)) == NULL)
				return -1;
		} else {
			size_t sb = skip_ws(s, we, e);

			if (parse_stages(c, r, word_is(s, b, we, "from"), s,
			    word_end(s, sb, e), e, err) != 0)
				return -1;
		}
	}
	/* The field column: the names joined with commas. */
	{
		struct lp_buf *b = &c->ck->scratch;

		b->n = 0;
		for (int k = 0; k < (r->kind == K_ORDER ? 1 : r->nf); k++) {
			if (k > 0)
				lp_buf_addc(b, ',');
			lp_buf_adds(b, r->fields[k]);
		}
		r->fieldname = lp_xstrdup(lp_buf_cstr(b));
	}
	if (r->kind == K_TYPE)
		r->msg = lp_xstrdup(type_msgs[r->type]);
	else if (r->kind == K_REQUIRED && r->cols[0] < 0)
		r->msg = rule_msg("required, and the input has no %s column",
		    r->fields[0]);
	else if (r->kind == K_REQUIRED)
		r->msg = lp_xstrdup("required but empty");
	else if (r->kind == K_UNIQUE)
		r->seen = uset_new();
	if (r->seen != NULL)
		r->seen->with_src = c->ck->source_col >= 0;
	return 0;
}

static void
rule_fini(struct rule *r)
{
	for (int k = 0; k < r->nf; k++)
		free(r->fields[k]);
	free(r->fieldname);
	lp_expr_free(r->test);
	lp_expr_free(r->when);
	free(r->stages);
	free(r->msg);
	free(r->skip);
	uset_free(r->seen);
	for (int k = 0; k < r->nex; k++) {
		free(r->ex[k].file);
		free(r->ex[k].value);
		free(r->ex[k].msg);
	}
	free(r->ex);
	memset(r, 0, sizeof(*r));
}

/* The [check] settings (unquoted keys). */
static int
parse_settings(struct lp_checker *ck, const struct lp_playbook *src,
    const struct lp_pb_section *sec, struct lp_err *err)
{
	for (size_t i = 0; i < sec->nsettings; i++) {
		const struct lp_pb_setting *st = &sec->settings[i];
		double v;
		const char *hint;

		if (st->quoted)
			continue;
		if (strcmp(st->key, "max_errors") == 0) {
			if (lp_pb_number(src, st, 0, 1e15, &v, err) != 0)
				return -1;
			if (!ck->gate_set)
				ck->tot.max_errors = (long)v;
		} else if (strcmp(st->key, "max_error_rate") == 0) {
			struct lp_pb_setting t = *st;
			char buf[64];
			size_t n = strlen(st->value);

			if (n > 0 && n < sizeof(buf) && st->value[n - 1] == '%') {
				snprintf(buf, sizeof(buf), "%.*s", (int)n - 1,
				    st->value);
				t.value = buf;
			}
			if (lp_pb_number(src, &t, 0, 100, &v, err) != 0)
				return -1;
			if (!ck->gate_set)
				ck->tot.max_error_rate = v;
		} else if (strcmp(st->key, "examples") == 0) {
			if (lp_pb_number(src, st, 1, 1000, &v, err) != 0)
				return -1;
			if (ck->examples < 0)
				ck->examples = (int)v;
		} else if ((hint = lp_suggest(st->key, check_keys)) != NULL)
			return lp_playbook_error(src, err, st->line, st->col,
			    "unknown key '%s' in [check] (did you mean '%s'?)",
			    st->key, hint);
		else
			return lp_playbook_error(src, err, st->line, st->col,
			    "unknown key '%s' in [check] (a rule's label goes "
			    "in quotes: \"%s\" = error: ...)", st->key, st->key);
	}
	return 0;
}

/*
 * Compile every rule of sec.  With report NULL the first error stops;
 * else each bad rule is reported and skipped.  Returns the error count.
 */
static int
compile(struct lp_checker *ck, const struct lp_playbook *src,
    const struct lp_pb_section *sec, int64_t now,
    void (*report)(void *, const struct lp_err *, bool), void *arg,
    struct lp_err *err)
{
	struct ctx c = { ck, src, ck->hdr, now, 0, 0 };
	int bad = 0;

	ck->rules = lp_xcalloc(sec->nsettings + 1, sizeof(*ck->rules));
	for (size_t i = 0; i < sec->nsettings; i++) {
		const struct lp_pb_setting *st = &sec->settings[i];
		struct lp_err e = LP_ERR_INIT;
		struct rule *r = &ck->rules[ck->nrules];

		if (!st->quoted)
			continue;
		for (int k = 0; k < ck->nrules; k++)
			if (strcmp(ck->rules[k].label, st->key) == 0)
				lp_playbook_error(src, &e, st->line, st->col,
				    "duplicate rule \"%s\" (first on line %ld)",
				    st->key, ck->rules[k].line);
		if (e.code != 0 || parse_rule(&c, r, st, &e) != 0) {
			rule_fini(r);
			bad++;
			if (report == NULL) {
				*err = e;
				return bad;
			}
			report(arg, &e, false);
			continue;
		}
		ck->nrules++;
	}
	return bad;
}

/* ---- new, free ---- */

static struct lp_checker *
checker_alloc(const struct lp_playbook *pb, const struct lp_header *hdr,
    const struct lp_check_opts *opts)
{
	struct lp_checker *ck = lp_xcalloc(1, sizeof(*ck));
	struct lp_norm_opts no;

	memset(&no, 0, sizeof(no));
	ck->pb = pb;
	ck->hdr = hdr;
	lp_dates_init(&ck->dates, LP_DATE_UNSET);
	lp_memo_init(&ck->stagememo, sizeof(int));
	ck->nm = lp_norm_new(&no, NULL);
	ck->tot.max_errors = opts ? opts->max_errors : -1;
	ck->tot.max_error_rate = opts ? opts->max_error_rate : -1;
	/* A gate given by the caller replaces the playbook's whole gate. */
	ck->gate_set = ck->tot.max_errors >= 0 || ck->tot.max_error_rate >= 0;
	ck->examples = opts ? opts->examples : -1;
	ck->stage_col = lp_header_find(hdr, "stage");
	ck->status_col = lp_header_find(hdr, "status");
	ck->country_col = lp_header_find(hdr, "country");
	ck->id_col = lp_header_find(hdr, "lead_id");
	ck->source_col = lp_header_match(hdr, "_source");
	ck->tot.min_rows = opts ? opts->min_rows : -1;
	ck->tot.expect_rows = opts ? opts->expect_rows : -1;
	ck->tot.strict = opts ? opts->strict : false;
	ck->lastfileidx = -1;
	lp_buf_init(&ck->scratch);
	lp_buf_init(&ck->out);
	lp_buf_init(&ck->why);
	return ck;
}

/* The [check] section to use and the playbook it is in. */
static const struct lp_pb_section *
check_section(struct lp_checker *ck, const struct lp_playbook *pb,
    struct lp_err *err)
{
	const struct lp_pb_section *sec = lp_playbook_section(pb, "check");

	/* A [check] the playbook lacks is the built-in default's (lent by
	 * lp_playbook_section): its lines are the default's. */
	ck->src = lp_playbook_section_owner(pb, "check");
	if (sec != NULL)
		return sec;
	/* No [check] of its own: the built-in playbook's. */
	if ((ck->builtin = lp_playbook_default(lp_playbook_limits(pb), err))
	    == NULL)
		return NULL;
	ck->src = ck->builtin;
	return lp_playbook_section(ck->builtin, "check");
}

/* ---- rules that cannot fire ---- */

/* Append "'name'" to b for each field of names[0..n) the input lacks;
 * returns how many. */
static int
absent_names(const struct lp_checker *ck, const char *const *names, int n,
    struct lp_buf *b)
{
	int k = 0;

	for (int i = 0; names != NULL && (n < 0 ? names[i] != NULL : i < n);
	    i++)
		if (lp_header_find(ck->hdr, names[i]) < 0)
			lp_buf_printf(b, "%s'%s'", k++ ? ", " : "", names[i]);
	return k;
}

/*
 * Whether x reads only fields the input lacks (at least one), so that
 * it has the same value on every record: the value it has on an empty
 * one, returned in *holds.
 */
static bool
constant(const struct lp_checker *ck, struct lp_expr *x, struct lp_record *empty,
    bool *holds)
{
	const char *const *f = lp_expr_fields(x);

	if (f == NULL || f[0] == NULL)
		return false;
	for (; *f != NULL; f++)
		if (lp_header_find(ck->hdr, *f) >= 0)
			return false;
	*holds = lp_expr_test(x, empty);
	return true;
}

static void
set_skip(struct rule *r, struct lp_buf *b, int n)
{
	char *why = rule_msg("no %s column%s in the input", lp_buf_cstr(b),
	    n == 1 ? "" : "s");

	free(r->skip);
	r->skip = why;
}

/* Mark the rules that cannot fire on this header (r->skip). */
static void
find_skipped(struct lp_checker *ck)
{
	struct lp_record *empty = lp_record_new(ck->hdr);
	struct lp_buf b;

	lp_buf_init(&b);
	for (int i = 0; i < ck->nrules; i++) {
		struct rule *r = &ck->rules[i];
		bool holds;
		int n = 0;

		b.n = 0;
		switch (r->kind) {
		case K_TYPE:
		case K_ONEOF:
		case K_MATCH:
			n = absent_names(ck, (const char *const *)r->fields,
			    1, &b);
			break;
		case K_UNIQUE:
		case K_ORDER:
			/* A key with an empty part, or an order with an
			 * empty side, is not compared. */
			n = absent_names(ck, (const char *const *)r->fields,
			    r->nf, &b);
			break;
		case K_COND:
			/* It holds on every record, or on none (then it is
			 * like a required field: it fires everywhere). */
			if (constant(ck, r->test, empty, &holds) && holds)
				n = absent_names(ck, lp_expr_fields(r->test),
				    -1, &b);
			break;
		case K_REQUIRED:
			/* Unconditional, a missing column fires on every
			 * record: that is how a dropped column is caught.  With
			 * a stage or when clause ("Disqualified has a reason"),
			 * an export without the column is not an error on every
			 * row it applies to: the rule is skipped (issue 18.10). */
			if (r->stages != NULL || r->when != NULL)
				n = absent_names(ck,
				    (const char *const *)r->fields, 1, &b);
			break;
		}
		if (n == 0 && r->when != NULL &&
		    constant(ck, r->when, empty, &holds) && !holds)
			n = absent_names(ck, lp_expr_fields(r->when), -1, &b);
		if (n > 0)
			set_skip(r, &b, n);
		else if (r->stages != NULL && ck->stage_col < 0 &&
		    ck->status_col < 0)
			r->skip = lp_xstrdup("no stage or status column in the "
			    "input");
		if (r->skip != NULL)
			ck->tot.skipped++;
	}
	lp_buf_fini(&b);
	lp_record_free(empty);
}

/* Whether the run, as it stands, fails: errors over the threshold, or
 * a row guard not met. */
static void
update_gate(struct lp_checker *ck)
{
	struct lp_check_totals *t = &ck->tot;
	/* A rejected record is an error in a row of its own, one that never
	 * reached the rules: in the count, and on both sides of the rate. */
	long rj = t->rejected;

	t->failed = (t->max_errors >= 0 && t->errors + rj > t->max_errors) ||
	    (t->max_error_rate >= 0 && (t->error_rows + rj) * 100.0 >
	    t->max_error_rate * (double)(t->rows + rj)) ||
	    (t->min_rows >= 0 && t->rows < t->min_rows) ||
	    (t->expect_rows >= 0 && t->rows != t->expect_rows) ||
	    (t->strict && t->skipped > 0);
}

int
lp_check_skipped(const struct lp_checker *ck,
    void (*report)(void *, const char *, const char *), void *arg)
{
	for (int i = 0; i < ck->nrules && report != NULL; i++)
		if (ck->rules[i].skip != NULL)
			report(arg, ck->rules[i].label, ck->rules[i].skip);
	return (int)ck->tot.skipped;
}

struct lp_str
lp_check_lead_id(const struct lp_checker *ck, const struct lp_record *rec)
{
	return ck->id_col < 0 ? (struct lp_str){ "", 0 } :
	    lp_str_trim(lp_record_get(rec, ck->id_col));
}

struct lp_str
lp_check_source(const struct lp_checker *ck, const struct lp_record *rec)
{
	return ck->source_col < 0 ? (struct lp_str){ "", 0 } :
	    lp_str_trim(lp_record_get(rec, ck->source_col));
}

bool
lp_check_has_source(const struct lp_checker *ck)
{
	return ck->source_col >= 0;
}

int
lp_check_out_columns(const struct lp_checker *ck, bool multi,
    const char **names)
{
	int n = 0;

	for (int i = 0; lp_check_columns[i] != NULL; i++)
		if ((strcmp(lp_check_columns[i], "file") != 0 || multi) &&
		    (strcmp(lp_check_columns[i], "source") != 0 ||
		    ck->source_col >= 0))
			names[n++] = lp_check_columns[i];
	return n;
}

int
lp_check_fields(const struct lp_checker *ck, const struct lp_record *rec,
    const struct lp_violation *v, bool multi, char line[24],
    struct lp_str *f)
{
	const struct lp_pos *pos = lp_record_pos(rec);
	const char *file = pos != NULL && pos->file != NULL ? pos->file : "";
	int k = 0;

	if (multi)
		f[k++] = (struct lp_str){ file, strlen(file) };
	/* A number to JSON output (leadpipe(7), JSON types). */
	f[k++] = (struct lp_str){ line, lp_fmt_int(line, pos != NULL ?
	    pos->line : 0) | LP_WRITER_NUMBER };
	if (ck->source_col >= 0)
		f[k++] = lp_check_source(ck, rec);
	f[k++] = lp_check_lead_id(ck, rec);
	f[k++] = (struct lp_str){ v->field, strlen(v->field) };
	f[k++] = (struct lp_str){ v->rule, strlen(v->rule) };
	f[k++] = v->severity == LP_SEV_ERROR ? LP_STR("error") :
	    LP_STR("warning");
	f[k++] = v->value;
	f[k++] = v->message;
	return k;
}

int
lp_check_parse_rate(const char *s, double *pct)
{
	char *end;

	*pct = strtod(s, &end);
	if (end == s || (*end != '\0' && strcmp(end, "%") != 0) ||
	    !(*pct >= 0 && *pct <= 100))
		return -1;
	return 0;
}

bool
lp_check_no_header(const struct lp_stream *st, char **files,
    struct lp_err *err)
{
	if (lp_header_count(lp_stream_header(st)) > 0)
		return false;
	lp_err_set(err, EX_DATAERR, files[0] == NULL ||
	    strcmp(files[0], "-") == 0 ? "<stdin>" : files[0],
	    0, files[0] != NULL && files[1] != NULL ? "no input has a header "
	    "(all are empty)" : "empty input: no header, no records");
	return true;
}

int
lp_check_read_count(const char *path, long *n, struct lp_err *err)
{
	FILE *fp;
	char buf[64];
	size_t got;
	char *p, *end;

	if (path[0] != '\0' && strspn(path, "0123456789") == strlen(path)) {
		errno = 0;
		*n = strtol(path, &end, 10);
		if (errno != 0)
			return lp_err_set(err, EX_USAGE, "--expect-rows", 0,
			    "'%s' is too large", path);
		return 0;
	}
	if ((fp = fopen(path, "r")) == NULL)
		return lp_err_set(err, EX_NOINPUT, path, 0, "cannot open: %s",
		    strerror(errno));
	got = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[got] = '\0';
	for (p = buf; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++)
		;
	errno = 0;
	*n = strtol(p, &end, 10);
	if (end == p || !isdigit((unsigned char)*p) || errno != 0 ||
	    (*end != '\0' && !isspace((unsigned char)*end)))
		return lp_err_set(err, EX_DATAERR, path, 1, "not a row count "
		    "(the file must start with a whole number)");
	return 0;
}

struct lp_checker *
lp_checker_new(const struct lp_playbook *pb, const struct lp_header *hdr,
    int64_t now, const struct lp_check_opts *opts, struct lp_err *err)
{
	struct lp_checker *ck = checker_alloc(pb, hdr, opts);
	const struct lp_pb_section *sec;
	int ncols;

	if ((sec = check_section(ck, pb, err)) == NULL ||
	    lp_playbook_dates(pb, LP_DATE_UNSET, &ck->dates.order, err) != 0 ||
	    (ck->stager = lp_stager_new(pb, hdr, now, &ck->dates, err)) ==
	    NULL)
		goto fail;
	if (parse_settings(ck, ck->src, sec, err) != 0 ||
	    compile(ck, ck->src, sec, now, NULL, NULL, err) != 0)
		goto fail;
	if (ck->tot.max_errors < 0 && ck->tot.max_error_rate < 0)
		ck->tot.max_errors = 0;
	if (ck->examples < 0)
		ck->examples = 3;
	find_skipped(ck);
	update_gate(ck);
	ck->rj = lp_rejects_new(ck->examples);
	ck->v = lp_xcalloc((size_t)ck->nrules + 1, sizeof(*ck->v));
	ck->pend = lp_xcalloc((size_t)ck->nrules + 1, sizeof(*ck->pend));
	ncols = lp_header_count(hdr);
	ck->val = lp_xcalloc((size_t)ncols + 1, sizeof(*ck->val));
	ck->used = lp_xcalloc((size_t)ncols + 1, sizeof(*ck->used));
	use_column(ck, ck->stage_col);
	use_column(ck, ck->status_col);
	use_column(ck, ck->country_col);
	for (int i = 0; i < ck->nrules; i++)
		for (int k = 0; k < ck->rules[i].nf; k++)
			use_column(ck, ck->rules[i].cols[k]);
	ck->order = lp_xcalloc((size_t)ck->nrules + 1, sizeof(*ck->order));
	for (int pass = 0, k = 0; pass < 2; pass++)
		for (int i = 0; i < ck->nrules; i++)
			if ((ck->rules[i].seen != NULL) == (pass == 1))
				ck->order[k++] = i;
	return ck;
fail:
	lp_checker_free(ck);
	return NULL;
}

void
lp_checker_set_dates(struct lp_checker *ck, enum lp_date_order order)
{
	ck->dates.order = order;
}

long
lp_check_ambiguous_dates(const struct lp_checker *ck, const char **example)
{
	*example = ck->dates.example;
	return ck->dates.ambiguous;
}

void
lp_checker_free(struct lp_checker *ck)
{
	if (ck == NULL)
		return;
	for (int i = 0; i < ck->nrules; i++)
		rule_fini(&ck->rules[i]);
	lp_memo_fini(&ck->stagememo);
	free(ck->rules);
	free(ck->v);
	free(ck->pend);
	free(ck->val);
	free(ck->used);
	free(ck->order);
	free(ck->files);
	lp_norm_free(ck->nm);
	lp_stager_free(ck->stager);
	lp_playbook_free(ck->builtin);
	lp_buf_fini(&ck->scratch);
	lp_buf_fini(&ck->out);
	lp_buf_fini(&ck->why);
	lp_rejects_free(ck->rj);
	free(ck);
}

int
lp_check_nrules(const struct lp_checker *ck)
{
	return ck->nrules;
}

const struct lp_check_totals *
lp_check_totals(const struct lp_checker *ck)
{
	return &ck->tot;
}

int
lp_check_read_rejects(struct lp_checker *ck, const struct lp_io_opts *io,
    const char *path, struct lp_err *err)
{
	if (lp_rejects_read(ck->rj, io, path, err) != 0)
		return -1;
	ck->tot.rejected = lp_rejects_count(ck->rj, LP_REJ_NKINDS);
	update_gate(ck);
	return 0;
}

void
lp_check_add_rejects(struct lp_checker *ck, const char *path, long n)
{
	lp_rejects_add(ck->rj, path, n);
	ck->tot.rejected = lp_rejects_count(ck->rj, LP_REJ_NKINDS);
	update_gate(ck);
}

/* ---- value types ---- */

/* The one number reader (lp_num.h): "1,200" and "10 000" are numbers,
 * "1.200" (ambiguous) is not; an integer has no fraction. */
static bool
is_number(const char *p, size_t n, bool integer)
{
	bool whole;

	return lp_num_read(p, n, NULL, NULL, &whole) == LP_NUM_OK &&
	    (!integer || whole);
}

/* [scheme://]host.tld[:port][/path|?query|#frag], no white space. */
static bool
is_url(const char *p, size_t n)
{
	size_t i = 0, label = 0, labels = 0;
	bool alpha = true;

	for (size_t k = 0; k < n; k++)
		if ((unsigned char)p[k] <= ' ')
			return false;
	if (n > 8 && strncasecmp(p, "https://", 8) == 0)
		i = 8;
	else if (n > 7 && strncasecmp(p, "http://", 7) == 0)
		i = 7;
	for (; i <= n; i++) {
		char ch = i < n ? p[i] : '/';

		if (ch == '.' || ch == '/' || ch == ':' || ch == '?' ||
		    ch == '#') {
			if (label == 0)
				return false;
			labels++;
			if (ch != '.')
				break;
			label = 0;
			alpha = true;
			continue;
		}
		if (!isalnum((unsigned char)ch) && ch != '-' &&
		    (unsigned char)ch < 0x80)
			return false;
		if (!isalpha((unsigned char)ch))
			alpha = false;
		label++;
	}
	if (i < n && p[i] == ':') {
		size_t d = 0;

		for (i++; i < n && isdigit((unsigned char)p[i]); i++)
			d++;
		if (d == 0 || (i < n && p[i] != '/' && p[i] != '?' &&
		    p[i] != '#'))
			return false;
	}
	return labels >= 2 && label >= 2 && alpha;
}

static bool
type_ok(struct lp_checker *ck, const struct rule *r, struct lp_str v)
{
	enum type t = r->type;
	struct lp_datetime dt;
	const char *cc = NULL;

	switch (t) {
	case T_EMAIL:
		return lp_norm_is_email(ck->nm, v.p, v.n);
	case T_PHONE:
	case T_E164:
		if (t == T_PHONE && ck->country_col >= 0) {
			struct lp_str c = field(ck, ck->country_col);

			if (c.n > 0)
				cc = lp_norm_country(ck->nm, c.p, c.n);
		}
		if (t == T_E164 && v.p[0] != '+')
			return false;
		if (lp_norm_value(ck->nm, LP_NORM_PHONE, v.p, v.n, cc, &ck->out,
		    &ck->why) != 0)
			return false;
		return t == T_PHONE || (ck->out.n == v.n &&
		    memcmp(ck->out.p, v.p, v.n) == 0);
	case T_DATE:
		/* The one date reader, in the run's order (--dates). */
		return lp_dates_read(&ck->dates, v.p, v.n, r->datecols & 1,
		    &dt) == 0;
	case T_NUMBER:
	case T_INTEGER:
		return is_number(v.p, v.n, t == T_INTEGER);
	case T_URL:
		return is_url(v.p, v.n);
	case T_COUNTRY:
		return lp_norm_country(ck->nm, v.p, v.n) != NULL;
	case T_STAGE:
		return lp_playbook_stage_memo(ck->pb, &ck->stagememo, v.p,
		    v.n) >= 0;
	}
	return true;
}

/* ---- checking ---- */

static size_t
digits(struct lp_str v)
{
	size_t n = 0;

	for (size_t i = 0; i < v.n; i++)
		n += v.p[i] >= '0' && v.p[i] <= '9';
	return n;
}

static int64_t
day(int64_t secs)
{
	return secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
}

/* The record's stage, decided as every program decides it (lp_stage.h),
 * once per record. */
static int
record_stage(struct lp_checker *ck, const struct lp_record *rec)
{
	struct lp_stage_at at;

	if (ck->cur_stage == -2)
		ck->cur_stage = lp_stager_stage(ck->stager, rec, &at);
	return ck->cur_stage;
}

static int
file_index(struct lp_checker *ck, const char *file)
{
	if (file == ck->lastfile)
		return ck->lastfileidx;
	for (int i = 0; i < ck->nfiles; i++)
		if (ck->files[i] == file || strcmp(ck->files[i], file) == 0) {
			ck->lastfile = file;
			return ck->lastfileidx = i;
		}
	ck->files = lp_xreallocarray(ck->files, (size_t)ck->nfiles + 1,
	    sizeof(*ck->files));
	ck->files[ck->nfiles] = file;
	ck->lastfile = file;
	return ck->lastfileidx = ck->nfiles++;
}

/* Make the record's key of a uniqueness rule (its fields, lower-cased,
 * joined by US), hash it and prefetch its slot; none when a part is
 * empty. */
static void
uset_prepare(const struct lp_checker *ck, const struct rule *r)
{
	struct uset *u = r->seen;
	struct lp_buf *k = &u->key;

	k->n = 0;
	u->has_key = false;
	for (int i = 0; i < r->nf; i++) {
		struct lp_str v = field(ck, r->cols[i]);

		if (v.n == 0)
			return;
		if (i > 0)
			lp_buf_addc(k, '\x1f');
		lp_buf_reserve(k, v.n);
		for (size_t j = 0; j < v.n; j++)
			k->p[k->n++] = (char)tolower((unsigned char)v.p[j]);
	}
	u->has_key = true;
	u->h = lp_keyset_hash(u->ks, k->p, k->n);
}

static void
keep_example(struct lp_checker *ck, struct rule *r, const struct lp_pos *pos,
    struct lp_str src, struct lp_str value, struct lp_str msg)
{
	struct example *x;

	if (r->nex >= ck->examples)
		return;
	if (r->ex == NULL)
		r->ex = lp_xcalloc((size_t)ck->examples, sizeof(*r->ex));
	x = &r->ex[r->nex++];
	if (src.n > 0) {
		/* Where the record is in the user's export (lead-norm
		 * --source-lines), not in the stream lead-check reads. */
		x->file = lp_xstrndup(src.p, src.n);
		x->line = 0;
	} else {
		x->file = lp_xstrdup(pos->file ? pos->file : "");
		x->line = pos->line;
	}
	if (value.n > EXAMPLE_VALUE) {
		size_t n = EXAMPLE_VALUE;

		/* Cut on a character boundary. */
		while (n > 0 && ((unsigned char)value.p[n] & 0xC0) == 0x80)
			n--;
		x->value = lp_xmalloc(n + 4);
		memcpy(x->value, value.p, n);
		memcpy(x->value + n, "...", 4);
	} else
		x->value = lp_xstrndup(value.p, value.n);
	/* One example, one line. */
	for (char *q = x->value; *q != '\0'; q++)
		if ((unsigned char)*q < 0x20)
			*q = ' ';
	x->msg = lp_xstrndup(msg.p, msg.n);
}

/* Put violations v[0..nv) and their pending parts back in rule order
 * (ck->order ran the uniqueness rules last). */
static void
rule_order(struct lp_checker *ck, int nv)
{
	for (int i = 1; i < nv; i++)
		for (int j = i; j > 0 && ck->pend[j - 1].rule >
		    ck->pend[j].rule; j--) {
			struct lp_violation v = ck->v[j];
			struct pending pd = ck->pend[j];

			ck->v[j] = ck->v[j - 1];
			ck->pend[j] = ck->pend[j - 1];
			ck->v[j - 1] = v;
			ck->pend[j - 1] = pd;
		}
}

int
lp_check_record(struct lp_checker *ck, const struct lp_record *rec,
    const struct lp_violation **vp, int *errors)
{
	const struct lp_pos *pos = lp_record_pos(rec);
	int nv = 0, nerr = 0, fidx = -1;

	ck->scratch.n = 0;
	ck->cur_stage = -2;
	lp_dates_next(&ck->dates);
	read_columns(ck, rec);
	for (int i = 0; i < ck->nrules; i++)
		if (ck->rules[i].seen != NULL)
			uset_prepare(ck, &ck->rules[i]);
	/* In ck->order: uniqueness rules last, so that the slots prefetched
	 * above arrive while the other rules run. */
	for (int j = 0; j < ck->nrules; j++) {
		int i = ck->order[j];
		struct rule *r = &ck->rules[i];
		struct pending *pd = &ck->pend[nv];
		struct lp_str v = r->nf > 0 ? field(ck, r->cols[0]) :
		    (struct lp_str){ "", 0 };
		bool bad = false, vscratch = false;
		const char *msg = r->msg;
		struct lp_datetime when;

		memset(pd, 0, sizeof(*pd));
		pd->rule = i;
		if (r->skip != NULL)
			continue;
		if (r->stages != NULL) {
			int s = record_stage(ck, rec);

			if (s < 0 || !r->stages[s])
				continue;
		}
		if (r->when != NULL && !lp_expr_test(r->when, rec))
			continue;
		switch (r->kind) {
		case K_REQUIRED:
			bad = v.n == 0;
			break;
		case K_TYPE:
			ck->why.n = 0;
			bad = v.n > 0 && !type_ok(ck, r, v);
			/* Say why a phone is not one ("no country code"),
			 * for what has the digits of one. */
			if (bad && r->type == T_PHONE && ck->why.n > 0 &&
			    digits(v) >= 7) {
				pd->msg_scratch = true;
				pd->moff = ck->scratch.n;
				lp_buf_adds(&ck->scratch, "not a phone number: ");
				lp_buf_add(&ck->scratch, ck->why.p, ck->why.n);
				pd->mlen = ck->scratch.n - pd->moff;
			}
			/* Say why "1.200" is refused (lp_num.h). */
			if (bad && (r->type == T_NUMBER || r->type == T_INTEGER) &&
			    lp_num_read(v.p, v.n, NULL, NULL, NULL) ==
			    LP_NUM_AMBIGUOUS)
				msg = "ambiguous number (1.2 or 1200?)";
			/* And 03/04/2026 without --dates. */
			if (bad && r->type == T_DATE && lp_date_read(v.p, v.n,
			    ck->dates.order, &when) == LP_DATE_AMBIGUOUS)
				msg = "ambiguous date (give --dates mdy or dmy)";
			break;
		case K_ONEOF:
		case K_MATCH:
			bad = v.n > 0 && !lp_expr_test(r->test, rec);
			break;
		case K_COND:
			bad = !lp_expr_test(r->test, rec);
			break;
		case K_ORDER: {
			struct lp_str w = field(ck, r->cols[1]);
			struct lp_datetime a, b;

			if (v.n == 0 || w.n == 0 ||
			    lp_dates_read(&ck->dates, v.p, v.n,
			    r->datecols & 1, &a) != 0 ||
			    lp_dates_read(&ck->dates, w.p, w.n,
			    (r->datecols & 2) != 0, &b) != 0)
				break;
			/* A date without a time is the whole day. */
			if (!a.has_time || !b.has_time) {
				a.secs = day(a.secs);
				b.secs = day(b.secs);
			}
			if (r->order > 0 ? a.secs < b.secs : a.secs > b.secs) {
				bad = true;
				pd->msg_scratch = true;
				pd->moff = ck->scratch.n;
				lp_buf_printf(&ck->scratch, "%s %s (%.*s)",
				    r->order > 0 ? "before" : "after",
				    r->fields[1], (int)w.n, w.p);
				pd->mlen = ck->scratch.n - pd->moff;
			}
			break;
		}
		case K_UNIQUE: {
			int64_t first;
			struct lp_str fsrc;

			if (!r->seen->has_key)
				break;
			vscratch = r->nf > 1;
			if (fidx < 0)
				fidx = file_index(ck, pos->file ? pos->file :
				    "");
			if (!uset_add(r->seen, ((int64_t)fidx << 40) |
			    (pos->line & ((INT64_C(1) << 40) - 1)),
			    ck->source_col < 0 ? (struct lp_str){ "", 0 } :
			    lp_check_source(ck, rec), &first, &fsrc))
				break;
			bad = true;
			if (fsrc.n > 0) {
				/* Where the first is in the user's export. */
				pd->msg_scratch = true;
				pd->moff = ck->scratch.n;
				lp_buf_adds(&ck->scratch, "duplicate of ");
				lp_buf_add(&ck->scratch, fsrc.p, fsrc.n);
				pd->mlen = ck->scratch.n - pd->moff;
			} else {
				int ff = (int)(first >> 40);
				long fl = (long)(first & ((INT64_C(1) << 40) - 1));
				char num[24];

				pd->msg_scratch = true;
				pd->moff = ck->scratch.n;
				/* "duplicate of line 12", "... of a.csv:12" */
				lp_buf_adds(&ck->scratch, "duplicate of ");
				if (ff != fidx) {
					lp_buf_adds(&ck->scratch, ck->files[ff]);
					lp_buf_addc(&ck->scratch, ':');
				} else
					lp_buf_adds(&ck->scratch, "line ");
				lp_buf_add(&ck->scratch, num, lp_fmt_int(num,
				    fl));
				pd->mlen = ck->scratch.n - pd->moff;
			}
			if (vscratch) {
				pd->value_scratch = true;
				pd->voff = ck->scratch.n;
				for (int k = 0; k < r->nf; k++) {
					struct lp_str x = field(ck, r->cols[k]);

					if (k > 0)
						lp_buf_add(&ck->scratch, ", ", 2);
					lp_buf_add(&ck->scratch, x.p, x.n);
				}
				pd->vlen = ck->scratch.n - pd->voff;
			}
			break;
		}
		}
		if (!bad)
			continue;
		ck->v[nv].rule = r->label;
		ck->v[nv].severity = r->sev;
		ck->v[nv].field = r->fieldname;
		ck->v[nv].value = v;
		if (!pd->msg_scratch)
			ck->v[nv].message = (struct lp_str){ msg,
			    strlen(msg) };
		r->count++;
		if (r->sev == LP_SEV_ERROR)
			nerr++;
		nv++;
	}
	rule_order(ck, nv);
	/* Scratch strings are placed now that the buffer stops moving. */
	for (int i = 0; i < nv; i++) {
		struct pending *pd = &ck->pend[i];
		struct rule *r = &ck->rules[pd->rule];

		if (pd->value_scratch)
			ck->v[i].value = (struct lp_str){ ck->scratch.p +
			    pd->voff, pd->vlen };
		if (pd->msg_scratch)
			ck->v[i].message = (struct lp_str){ ck->scratch.p +
			    pd->moff, pd->mlen };
		if (r->nex < ck->examples)
			keep_example(ck, r, pos, lp_check_source(ck, rec),
			    ck->v[i].value, ck->v[i].message);
	}
	ck->tot.rows++;
	ck->tot.errors += nerr;
	ck->tot.warnings += nv - nerr;
	if (nerr > 0)
		ck->tot.error_rows++;
	if (pos != NULL && pos->file != NULL && fidx < 0)
		file_index(ck, pos->file);
	update_gate(ck);
	*vp = ck->v;
	if (errors != NULL)
		*errors = nerr;
	return nv;
}

/* ---- summary ---- */

static const char *
sevname(enum lp_severity s)
{
	return s == LP_SEV_ERROR ? "error" : "warning";
}

static void
example_text(const struct lp_checker *ck, const struct rule *r,
    const struct example *x, struct lp_buf *out)
{
	if (x->line == 0)
		lp_buf_printf(out, "%s: ", x->file);
	else if (ck->nfiles > 1)
		lp_buf_printf(out, "%s:%ld: ", x->file, x->line);
	else
		lp_buf_printf(out, "line %ld: ", x->line);
	if (x->value[0] == '\0')
		lp_buf_printf(out, "%s: %s", r->fieldname[0] ? r->fieldname :
		    "(record)", x->msg);
	else
		lp_buf_printf(out, "%s '%s': %s", r->fieldname[0] ?
		    r->fieldname : "(record)", x->value, x->msg);
}

static void
verdict(const struct lp_checker *ck, struct lp_buf *out)
{
	const struct lp_check_totals *t = &ck->tot;
	long rj = t->rejected, rows = t->rows + rj, erows = t->error_rows + rj;
	bool over_n = t->max_errors >= 0 && t->errors + rj > t->max_errors;

	lp_buf_adds(out, t->failed ? "FAIL: " : "PASS: ");
	if (t->strict && t->skipped > 0)
		lp_buf_printf(out, "%ld rule%s cannot fire (--strict), ",
		    t->skipped, t->skipped == 1 ? "" : "s");
	if (t->expect_rows >= 0)
		lp_buf_printf(out, "%ld row%s (%ld expected), ", t->rows,
		    t->rows == 1 ? "" : "s", t->expect_rows);
	if (t->min_rows >= 0)
		lp_buf_printf(out, "%ld row%s (at least %ld required), ",
		    t->rows, t->rows == 1 ? "" : "s", t->min_rows);
	if (t->max_errors >= 0 && rj > 0)
		lp_buf_printf(out, "%ld error%s and %ld rejected record%s "
		    "(%s %ld allowed)", t->errors, t->errors == 1 ? "" : "s",
		    rj, rj == 1 ? "" : "s", over_n ? "only" : "up to",
		    t->max_errors);
	else if (t->max_errors >= 0)
		lp_buf_printf(out, "%ld error%s (%s %ld allowed)", t->errors,
		    t->errors == 1 ? "" : "s", over_n ? "only" : "up to",
		    t->max_errors);
	if (t->max_errors >= 0 && t->max_error_rate >= 0)
		lp_buf_adds(out, ", ");
	if (t->max_error_rate >= 0)
		lp_buf_printf(out, "%.1f%% of rows with errors%s (%s %g%% "
		    "allowed)", rows ? 100.0 * (double)erows / (double)rows :
		    0.0, rj > 0 ? " or rejected" : "", rows && erows * 100.0 >
		    t->max_error_rate * (double)rows ? "only" : "up to",
		    t->max_error_rate);
}

void
lp_check_summary(const struct lp_checker *ck, const char *prog,
    struct lp_buf *out)
{
	const struct lp_check_totals *t = &ck->tot;
	int width = 0;

	for (int i = 0; i < ck->nrules; i++) {
		int n = snprintf(NULL, 0, "%ld", ck->rules[i].count);

		if (n > width)
			width = n;
	}
	lp_buf_printf(out, "%s: %ld row%s checked, %ld error%s in %ld row%s "
	    "(%.1f%%), %ld warning%s, %d rule%s", prog, t->rows,
	    t->rows == 1 ? "" : "s", t->errors, t->errors == 1 ? "" : "s",
	    t->error_rows, t->error_rows == 1 ? "" : "s", t->rows ? 100.0 *
	    (double)t->error_rows / (double)t->rows : 0.0, t->warnings,
	    t->warnings == 1 ? "" : "s", ck->nrules,
	    ck->nrules == 1 ? "" : "s");
	if (t->skipped > 0)
		lp_buf_printf(out, " (%ld skipped)", t->skipped);
	lp_buf_addc(out, '\n');
	for (int i = 0; i < ck->nrules; i++) {
		const struct rule *r = &ck->rules[i];

		if (r->skip != NULL) {
			lp_buf_printf(out, "  skipped %*s  %s (%s)\n", width,
			    "", r->label, r->skip);
			continue;
		}
		lp_buf_printf(out, "  %-7s %*ld  %s\n", r->count == 0 ? "ok" :
		    sevname(r->sev), width, r->count, r->label);
		for (int k = 0; k < r->nex; k++) {
			lp_buf_printf(out, "  %*s    ", width + 6, "");
			example_text(ck, r, &r->ex[k], out);
			lp_buf_addc(out, '\n');
		}
		if (r->count > r->nex && r->nex > 0)
			lp_buf_printf(out, "  %*s    ... and %ld more\n",
			    width + 6, "", r->count - r->nex);
	}
	lp_rejects_summary(ck->rj, prog, width + 12, out);
	lp_buf_printf(out, "%s: ", prog);
	verdict(ck, out);
	lp_buf_addc(out, '\n');
}

/* ---- JUnit ---- */

static void
xmls(struct lp_buf *out, const char *s)
{
	lp_esc_xml(out, s, strlen(s), true);
}

void
lp_check_junit(const struct lp_checker *ck, const char *suite,
    double seconds, struct lp_buf *out)
{
	const struct lp_check_totals *t = &ck->tot;
	const char *src = lp_playbook_name(ck->src);
	struct lp_buf tmp;
	int failures = t->failed ? 1 : 0, tests = ck->nrules + 1, rjfail;
	char secs[32];

	if (!(seconds >= 0))
		seconds = 0;
	snprintf(secs, sizeof(secs), "%.3f", seconds);
	lp_buf_init(&tmp);
	/* Error rules fail only with the gate: violations the threshold
	 * allows are reported, not failed, so that the suite says what the
	 * exit status says. */
	for (int i = 0; i < ck->nrules && t->failed; i++)
		if (ck->rules[i].sev == LP_SEV_ERROR && ck->rules[i].count > 0)
			failures++;
	tests += lp_rejects_ncases(ck->rj, t->failed, &rjfail);
	failures += rjfail;
	lp_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	lp_buf_printf(out, "<testsuites name=\"lead-check\" tests=\"%d\" "
	    "failures=\"%d\" errors=\"0\" time=\"%s\">\n", tests, failures,
	    secs);
	lp_buf_adds(out, "  <testsuite name=\"");
	xmls(out, suite);
	lp_buf_printf(out, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
	    "skipped=\"%ld\" time=\"%s\">\n", tests, failures, t->skipped,
	    secs);
	lp_buf_adds(out, "    <properties>\n");
	lp_buf_printf(out, "      <property name=\"rows\" value=\"%ld\"/>\n"
	    "      <property name=\"error_rows\" value=\"%ld\"/>\n"
	    "      <property name=\"errors\" value=\"%ld\"/>\n"
	    "      <property name=\"warnings\" value=\"%ld\"/>\n"
	    "      <property name=\"skipped_rules\" value=\"%ld\"/>\n",
	    t->rows, t->error_rows, t->errors, t->warnings, t->skipped);
	if (lp_rejects_files(ck->rj, LP_REJ_UPSTREAM) +
	    lp_rejects_files(ck->rj, LP_REJ_HERE) > 0)
		lp_buf_printf(out, "      <property name=\"rejected\" "
		    "value=\"%ld\"/>\n", t->rejected);
	tmp.n = 0;
	verdict(ck, &tmp);
	lp_buf_adds(out, "      <property name=\"verdict\" value=\"");
	lp_esc_xml(out, tmp.p, tmp.n, true);
	lp_buf_adds(out, "\"/>\n    </properties>\n");
	/* The gate: the verdict, as the exit status gives it. */
	lp_buf_printf(out, "    <testcase classname=\"lead-check.gate\" "
	    "name=\"gate\" time=\"%s\">\n", secs);
	if (t->failed) {
		lp_buf_adds(out, "      <failure type=\"gate\" message=\"");
		lp_esc_xml(out, tmp.p, tmp.n, true);
		lp_buf_adds(out, "\">");
	} else
		lp_buf_adds(out, "      <system-out>");
	lp_esc_xml(out, tmp.p, tmp.n, false);
	lp_buf_printf(out, "\n%ld row%s checked, %ld error%s in %ld row%s, "
	    "%ld warning%s\n", t->rows, t->rows == 1 ? "" : "s", t->errors,
	    t->errors == 1 ? "" : "s", t->error_rows,
	    t->error_rows == 1 ? "" : "s", t->warnings,
	    t->warnings == 1 ? "" : "s");
	if (t->rejected > 0)
		lp_buf_printf(out, "%ld record%s rejected before the rules\n",
		    t->rejected, t->rejected == 1 ? "" : "s");
	lp_buf_adds(out, t->failed ? "</failure>\n" : "</system-out>\n");
	lp_buf_adds(out, "    </testcase>\n");
	lp_rejects_junit(ck->rj, "lead-check", t->failed, out);
	for (int i = 0; i < ck->nrules; i++) {
		const struct rule *r = &ck->rules[i];
		bool fail = t->failed && r->sev == LP_SEV_ERROR && r->count > 0;

		lp_buf_adds(out, "    <testcase classname=\"lead-check.");
		lp_buf_adds(out, sevname(r->sev));
		lp_buf_adds(out, "\" name=\"");
		xmls(out, r->label);
		lp_buf_adds(out, "\" time=\"0\"");
		if (r->skip != NULL) {
			lp_buf_adds(out, ">\n      <skipped message=\"cannot "
			    "fire: ");
			xmls(out, r->skip);
			lp_buf_adds(out, "\"/>\n    </testcase>\n");
			continue;
		}
		if (r->count == 0) {
			lp_buf_adds(out, "/>\n");
			continue;
		}
		lp_buf_adds(out, ">\n");
		tmp.n = 0;
		lp_buf_printf(&tmp, "%s:%ld: %s\n", src, r->line, r->text);
		for (int k = 0; k < r->nex; k++) {
			example_text(ck, r, &r->ex[k], &tmp);
			lp_buf_addc(&tmp, '\n');
		}
		if (r->count > r->nex)
			lp_buf_printf(&tmp, "... and %ld more\n",
			    r->count - r->nex);
		if (fail) {
			struct lp_buf m;

			lp_buf_init(&m);
			lp_buf_printf(&m, "%ld error%s, first: ", r->count,
			    r->count == 1 ? "" : "s");
			example_text(ck, r, &r->ex[0], &m);
			lp_buf_adds(out, "      <failure type=\"error\" "
			    "message=\"");
			lp_esc_xml(out, m.p, m.n, true);
			lp_buf_adds(out, "\">");
			lp_buf_fini(&m);
			lp_esc_xml(out, tmp.p, tmp.n, false);
			lp_buf_adds(out, "</failure>\n");
		} else {
			lp_buf_printf(out, "      <system-out>%ld %s%s%s\n",
			    r->count, sevname(r->sev), r->count == 1 ? "" :
			    "s", r->sev == LP_SEV_ERROR ? " (within the gate)" :
			    "");
			lp_esc_xml(out, tmp.p, tmp.n, false);
			lp_buf_adds(out, "</system-out>\n");
		}
		lp_buf_adds(out, "    </testcase>\n");
	}
	lp_buf_adds(out, "  </testsuite>\n</testsuites>\n");
	lp_buf_fini(&tmp);
}

/* ---- lint ---- */

/* Append name to names[0..n) unless there (at most MAXFIELDS + 128). */
static int
add_name(const char **names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return n;
	if (n < MAXFIELDS + 128)
		names[n++] = name;
	return n;
}

static void
lint_report_stop(void *arg, const struct lp_err *e, bool warning)
{
	lp_lint_error(arg, e, warning);
}

/* [check]: every rule, every problem. */
static void
lint_check(struct lp_lint *l)
{
	const struct lp_playbook *pb = l->pb;
	const struct lp_pb_section *sec;
	struct lp_checker *ck;
	struct lp_err e3 = LP_ERR_INIT;

	if ((sec = lp_playbook_own_section(pb, "check")) == NULL)
		return;
	ck = checker_alloc(pb, l->hdr, NULL);
	ck->src = pb;
	if (parse_settings(ck, pb, sec, &e3) != 0)
		lp_lint_error(l, &e3, false);
	compile(ck, pb, sec, l->now, lint_report_stop, l, NULL);
	for (int i = 0; i < ck->nrules; i++) {
		struct rule *r = &ck->rules[i];
		const struct lp_pb_setting *st = NULL;
		const char *names[MAXFIELDS + 128];
		int nn = 0;
		char what[200];

		for (size_t k = 0; k < sec->nsettings; k++)
			if (sec->settings[k].quoted && strcmp(
			    sec->settings[k].key, r->label) == 0)
				st = &sec->settings[k];
		snprintf(what, sizeof(what), "check \"%s\"", r->label);
		/* A required field that is missing is what the rule
		 * reports; a stage clause reads the stage, else the status
		 * column. */
		if (r->kind != K_COND && r->kind != K_REQUIRED)
			for (int k = 0; k < r->nf; k++)
				nn = add_name(names, nn, r->fields[k]);
		if (r->test != NULL && r->kind == K_COND)
			for (const char *const *f = lp_expr_fields(r->test);
			    f && *f; f++)
				nn = add_name(names, nn, *f);
		if (r->when != NULL)
			for (const char *const *f = lp_expr_fields(r->when);
			    f && *f; f++)
				nn = add_name(names, nn, *f);
		if (r->stages != NULL && ck->stage_col < 0)
			nn = add_name(names, nn, "status");
		lp_lint_fields(l, pb, st->line, st->vcol, what, names, nn);
	}
	lp_checker_free(ck);
}

const struct lp_pb_linter lp_check_linter = { "check", lint_check };

int
lp_check_lint(const struct lp_playbook *pb, const struct lp_header *input,
    int64_t now, void (*report)(void *, const struct lp_err *, bool),
    void *arg)
{
	static const struct lp_pb_linter *const linters[] = {
		&lp_score_linter, &lp_check_linter, NULL
	};

	return lp_playbook_lint(pb, input, now, linters, report, arg);
}
