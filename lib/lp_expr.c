/*
 * lp_expr -- the expression language of lead-playbook(5): conditions and
 * values for score, route, recycle, check and dedupe.
 *
 * An expression is parsed once into a small tree (constants pre-parsed,
 * regexes compiled with JIT, value lists loaded into hash sets), bound
 * once per header (field names become column indexes), then evaluated
 * per record with no allocation in steady state: values are slices of the
 * record or of scratch buffers the tree owns and reuses.
 *
 * GRAMMAR (EBNF; white space separates tokens and is otherwise ignored)
 *
 *   expr     = and { "or" and } ;
 *   and      = not { "and" not } ;
 *   not      = "not" not | test ;
 *   test     = sum [ cmpop rhs
 *                  | ( "~" | "!~" ) regex
 *                  | [ "not" ] "in" ( list | "file" "(" filename ")" )
 *                  | "is" [ "not" ] "empty" ] ;
 *   cmpop    = "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=" ;
 *   rhs      = sum, in which a bare word is text, not a field ;
 *   sum      = term { ( "+" | "-" ) term } ;
 *   term     = unary { ( "*" | "/" ) unary } ;
 *   unary    = "-" unary | primary ;
 *   primary  = number | duration | date | string | "now" | field
 *            | name "(" [ expr { "," expr } ] ")" | "(" expr ")" ;
 *   field    = name | "`" any text but "`" "`" ;
 *   name     = letter { letter | digit | "_" } ;      (letter includes "_")
 *   list     = "(" item { "," item } [ "," ] ")" ;
 *   item     = string | word ;
 *   word     = { letter | digit | "_" | "." | "@" | ":" | "-" | non-ASCII } ;
 *   number   = [ "-" ] digits [ "." digits ]           (30, -2.5, .5)
 *   duration = digits unit { digits unit }, unit = w d h m s   (30d, 1d12h)
 *   date     = ISO 8601: 2026-11-01, 2026-11-01T09:30:00Z, ...+02:00
 *   string   = '"' { char | "\"" | "\\" | "\n" | "\t" } '"' ;
 *   regex    = "/" { char | "\/" } "/" { "i" | "m" | "s" | "x" | "u" } ;
 *
 * On the right of a comparison and in lists a bare word is text
 * (country in (US, CA), demo_requested = yes, created_at > 2026-01-01);
 * write a field there in backticks (email = `owner email`).  Inside
 * parentheses and function arguments names are fields again.  Keywords:
 * and or not in is empty now file.  Put spaces around "-" between words
 * (on the right, paid-search and 2026-01-01 are single words).
 *
 * TYPES
 *
 * Values are empty, text, numbers, times (dates), durations or booleans.
 * A field's value is its text with leading and trailing white space
 * removed; an empty field is empty.  Text is a number when it is a plain
 * decimal ("1,234" and "1e3" are text; number() reads those), a time when
 * it is ISO 8601, a duration when it is like 30d or 1d12h.
 *
 *   - A comparison (= != < <= > >=, in, not in, ~, !~) with an empty side
 *     never holds: employees < 50 and employees != 50 are both false when
 *     employees is empty.  Test emptiness with "is empty"/"is not empty".
 *     (not (x = 1) is true when x is empty: not negates the result.)
 *   - Both sides numbers: numeric.  Both times: chronological.  Both
 *     durations: by length.
 *   - Otherwise = and != compare text, case-insensitively (Unicode simple
 *     case folding), and < <= > >= compare text in code point order when
 *     neither side is a number, time or duration, and never hold when one
 *     is (employees > 200 is false for "abc" and for "1,234").
 *   - x in (a, b, ...) holds when x = a or x = b ...; file lists hold one
 *     value per line, # comments, and compare the same way.
 *   - x ~ /re/ matches the text of x with PCRE2 (flags: i caseless, m
 *     multiline, s dotall, x extended, u UTF-8 and Unicode properties).  A
 *     match that hits the match limit holds for neither ~ nor !~ and warns
 *     once per expression.
 *   - Arithmetic: number + - * / number; time +- duration = time;
 *     time - time = duration; duration +- duration; duration * / number.
 *     now is the run's time (--now), so created_at < now - 30d works.
 *     Anything else, or division by zero, is empty.
 *   - An expression used as a condition that is not a comparison holds
 *     when its value is not empty, not "no", not "false" and not zero.
 *   - Printed: numbers in their shortest form, times as ISO 8601,
 *     durations as 1d12h, booleans as yes/no, text as is.
 *
 * FUNCTIONS
 *
 *   lower(s) upper(s)      case mapping (Unicode)
 *   trim(s)                strip and squeeze white space (incl. no-break)
 *   len(s)                 characters; 0 when empty
 *   word_count(s)          words; 0 when empty
 *   domain(s)              "ann@Acme.com" -> acme.com; a URL's host, no www.
 *   contains(s, t) starts_with(s, t) ends_with(s, t)
 *                          case-insensitive; false when either is empty
 *   number(s)              lenient: "1,234" "$5,000" "12%" "(300)" -> number
 *   days_since(t) hours_since(t)   fractional, from now
 *   days_between(a, b)     b - a in days
 *   coalesce(a, b, ...)    the first non-empty value
 *   if(cond, a [, b])      a when cond holds, else b (or empty)
 *   min(a, ...) max(a, ...) over the arguments that are numbers
 *   round(x [, digits])    half away from zero; abs(x)
 *   now()                  same as now
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <utf8proc.h>

#include "lp_alias.h"
#include "lp_date.h"
#include "lp_expr.h"

#define MAX_DEPTH	200	/* nesting, so evaluation cannot blow the stack */
#define SMALL_LIST	8	/* longer lists are hash sets */
#define DEPTH_LIMIT	10000	/* pcre2 backtracking depth (interpreter) */

/* ---- values ---- */

enum vtype { V_EMPTY, V_TEXT, V_NUM, V_TIME, V_DUR, V_BOOL };

/* What a text value also is; computed on demand and cached in the value. */
enum {
	K_NUM_DONE = 1, K_NUM = 2, K_TIME_DONE = 4, K_TIME = 8,
	K_DUR_DONE = 16, K_DUR = 32
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

enum fid {
	F_LOWER, F_UPPER, F_TRIM, F_LEN, F_WORD_COUNT, F_DOMAIN, F_CONTAINS,
	F_STARTS_WITH, F_ENDS_WITH, F_NUMBER, F_DAYS_SINCE, F_HOURS_SINCE,
	F_DAYS_BETWEEN, F_COALESCE, F_IF, F_MIN, F_MAX, F_ROUND, F_ABS, F_NOW
};

struct func {
	const char	*name;
	enum fid	 id;
	int		 min, max;	/* arguments; max -1 = any */
	bool		 cond;		/* returns a boolean */
};

static const struct func funcs[] = {
	{ "lower", F_LOWER, 1, 1, false },
	{ "upper", F_UPPER, 1, 1, false },
	{ "trim", F_TRIM, 1, 1, false },
	{ "len", F_LEN, 1, 1, false },
	{ "word_count", F_WORD_COUNT, 1, 1, false },
	{ "domain", F_DOMAIN, 1, 1, false },
	{ "contains", F_CONTAINS, 2, 2, true },
	{ "starts_with", F_STARTS_WITH, 2, 2, true },
	{ "ends_with", F_ENDS_WITH, 2, 2, true },
	{ "number", F_NUMBER, 1, 1, false },
	{ "days_since", F_DAYS_SINCE, 1, 1, false },
	{ "hours_since", F_HOURS_SINCE, 1, 1, false },
	{ "days_between", F_DAYS_BETWEEN, 2, 2, false },
	{ "coalesce", F_COALESCE, 1, -1, false },
	{ "if", F_IF, 2, 3, false },
	{ "min", F_MIN, 1, -1, false },
	{ "max", F_MAX, 1, -1, false },
	{ "round", F_ROUND, 1, 2, false },
	{ "abs", F_ABS, 1, 1, false },
	{ "now", F_NOW, 0, 0, false },
};

struct regex {
	pcre2_code		*code;
	pcre2_match_data	*md;
	long			 line;	/* where the regex is, for the warning */
	int			 col;
};

struct list {
	struct val	*items;		/* constants; their text is owned */
	char		**texts;
	int		 n;
	struct lp_map	*set;		/* lower-cased texts, for long lists */
	int		*typed;		/* items that are numbers, times, ... */
	int		 ntyped;
};

struct node {
	uint8_t		 kind;		/* enum nkind; N_CONST once folded */
	uint8_t		 kind0;		/* the kind as parsed */
	uint8_t		 op;		/* enum cmpop, '+', or enum fid */
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

struct field {
	char		*name;
	int		 col;		/* -2 unbound, -1 absent (empty) */
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
	pcre2_match_context *mctx;
	pcre2_jit_stack	*jstack;
	bool		 warned;
};

/* ---- small helpers ---- */

static const double pow10tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* A character of a bare word on the right of a comparison. */
static bool
is_wordc(int c)
{
	return is_alpha(c) || is_digit(c) || c == '.' || c == '@' ||
	    c == ':' || c == '-' || (unsigned char)c >= 0x80;
}

/*
 * A plain decimal: [+-] digits [. digits] or [+-] . digits.  Exact for
 * up to 15 significant digits without strtod (which would also depend on
 * the locale); longer numbers go through strtod.
 */
static bool
parse_plain(const char *p, size_t n, double *out)
{
	uint64_t m = 0;
	int scale = 0, sig = 0;
	bool neg = false, dot = false, any = false, exact = true;
	size_t i = 0;
	double v;

	if (n == 0)
		return false;
	if (p[0] == '+' || p[0] == '-') {
		neg = p[0] == '-';
		i++;
	}
	for (; i < n; i++) {
		int c = (unsigned char)p[i];

		if (is_digit(c)) {
			any = true;
			if (m == 0 && c == '0') {
				if (dot)
					scale++;
				continue;
			}
			if (sig < 19) {
				m = m * 10 + (uint64_t)(c - '0');
				sig++;
				if (dot)
					scale++;
			} else
				exact = false;
		} else if (c == '.' && !dot)
			dot = true;
		else
			return false;
	}
	if (!any)
		return false;
	if (exact && m < (UINT64_C(1) << 53) && scale <= 22)
		v = (double)m / pow10tab[scale];
	else {
		char tmp[512];

		if (n >= sizeof(tmp))
			return false;
		memcpy(tmp, p, n);
		tmp[n] = '\0';
		v = strtod(tmp, NULL);
		*out = v;
		return isfinite(v);
	}
	*out = neg ? -v : v;
	return true;
}

static bool is_num_slow(struct val *);
static bool is_time_slow(struct val *);
static bool is_dur_slow(struct val *);

/* What a value is, cached in the value after the first question. */
static inline bool
is_num(struct val *v)
{
	if (v->t == V_TEXT && (v->k & K_NUM_DONE))
		return (v->k & K_NUM) != 0;
	return is_num_slow(v);
}

static inline bool
is_time(struct val *v)
{
	if (v->t == V_TEXT && (v->k & K_TIME_DONE))
		return (v->k & K_TIME) != 0;
	return is_time_slow(v);
}

static inline bool
is_dur(struct val *v)
{
	if (v->t == V_TEXT && (v->k & K_DUR_DONE))
		return (v->k & K_DUR) != 0;
	return is_dur_slow(v);
}

static bool
is_num_slow(struct val *v)
{
	if (v->t == V_NUM)
		return true;
	if (v->t != V_TEXT)
		return false;
	if (!(v->k & K_NUM_DONE)) {
		int c = (unsigned char)v->p[0];

		v->k |= K_NUM_DONE;
		if ((is_digit(c) || c == '-' || c == '+' || c == '.') &&
		    parse_plain(v->p, v->n, &v->num))
			v->k |= K_NUM;
	}
	return (v->k & K_NUM) != 0;
}

static bool
is_time_slow(struct val *v)
{
	if (v->t == V_TIME)
		return true;
	if (v->t != V_TEXT)
		return false;
	if (!(v->k & K_TIME_DONE)) {
		struct lp_datetime dt;

		v->k |= K_TIME_DONE;
		/* YYYY-MM-DD first: cheap, and keeps years out of times. */
		if (v->n >= 10 && is_digit((unsigned char)v->p[0]) &&
		    v->p[4] == '-' &&
		    lp_date_parse_iso(v->p, v->n, &dt) == 0) {
			v->tsecs = dt.secs;
			v->k |= K_TIME;
		}
	}
	return (v->k & K_TIME) != 0;
}

static bool
is_dur_slow(struct val *v)
{
	if (v->t == V_DUR)
		return true;
	if (v->t != V_TEXT)
		return false;
	if (!(v->k & K_DUR_DONE)) {
		const char *p = v->p;
		size_t n = v->n;
		bool neg = false;
		int64_t s;

		v->k |= K_DUR_DONE;
		if (n > 1 && (p[0] == '-' || p[0] == '+')) {
			neg = p[0] == '-';
			p++;
			n--;
		}
		if (is_digit((unsigned char)p[0]) &&
		    is_alpha((unsigned char)p[n - 1]) &&
		    lp_duration_parse(p, n, &s) == 0) {
			v->dsecs = neg ? -s : s;
			v->k |= K_DUR;
		}
	}
	return (v->k & K_DUR) != 0;
}

/* Shortest text that reads back as v.  buf holds 32 bytes. */
static size_t
fmt_num(double v, char *buf)
{
	int len = 0;

	if (v == 0)
		return (size_t)snprintf(buf, 32, "0");
	if (v == floor(v) && fabs(v) < 1e15)
		return (size_t)snprintf(buf, 32, "%.0f", v);
	for (int prec = 1; prec <= 17; prec++) {
		len = snprintf(buf, 32, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return (size_t)len;
}

static size_t
fmt_dur(int64_t s, char *buf)
{
	static const struct { char u; int64_t secs; } units[] = {
		{ 'w', 604800 }, { 'd', 86400 }, { 'h', 3600 }, { 'm', 60 },
		{ 's', 1 }
	};
	size_t len = 0;
	uint64_t u;

	if (s == 0)
		return (size_t)snprintf(buf, 32, "0s");
	if (s < 0)
		buf[len++] = '-';
	u = s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		uint64_t q = u / (uint64_t)units[i].secs;

		/* Weeks only when the duration is whole weeks: 10d, not 1w3d. */
		if (units[i].u == 'w' && u % 604800 != 0)
			continue;
		if (q > 0) {
			len += (size_t)snprintf(buf + len, 32 - len, "%llu%c",
			    (unsigned long long)q, units[i].u);
			u -= q * (uint64_t)units[i].secs;
		}
	}
	buf[len] = '\0';
	return len;
}

static size_t
fmt_time(int64_t secs, char *buf)
{
	struct lp_datetime dt;

	dt.secs = secs;
	dt.has_time = secs % 86400 != 0;
	return lp_date_format(&dt, buf, 32);
}

/* The text of any value; tmp (32 bytes) holds formatted non-text. */
static struct lp_str
as_text(const struct val *v, char *tmp)
{
	struct lp_str s = { "", 0 };

	switch (v->t) {
	case V_TEXT:
		s.p = v->p;
		s.n = v->n;
		break;
	case V_NUM:
		s.n = fmt_num(v->num, tmp);
		s.p = tmp;
		break;
	case V_TIME:
		s.n = fmt_time(v->tsecs, tmp);
		s.p = tmp;
		break;
	case V_DUR:
		s.n = fmt_dur(v->dsecs, tmp);
		s.p = tmp;
		break;
	case V_BOOL:
		s.p = v->b ? "yes" : "no";
		s.n = v->b ? 3 : 2;
		break;
	}
	return s;
}

static void
set_text(struct val *v, const char *p, size_t n)
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

static void
set_num(struct val *v, double d)
{
	if (!isfinite(d)) {
		v->t = V_EMPTY;
		return;
	}
	v->t = V_NUM;
	v->num = d == 0 ? 0 : d;	/* no "-0" */
}

static void
set_bool(struct val *v, bool b)
{
	v->t = V_BOOL;
	v->b = b;
}

/* ---- Unicode-aware case-insensitive text ---- */

/* The next code point of s at *i; an invalid byte is a code point of its
 * own beyond Unicode, so it only equals itself. */
static int32_t
next_cp(const char *s, size_t n, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	if (u[*i] < 0x80)
		return u[(*i)++];
	k = utf8proc_iterate(u + *i, (utf8proc_ssize_t)(n - *i), &cp);
	if (k <= 0) {
		return 0x110000 + u[(*i)++];
	}
	*i += (size_t)k;
	return cp;
}

static int32_t
fold(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	return cp < 0x110000 ? utf8proc_tolower(cp) : cp;
}

/*
 * Compare a with b case-insensitively.  With prefix, succeed (0) as soon
 * as b is used up, and report in *used how many bytes of a matched.
 */
static int
ci_cmp2(const char *a, size_t an, const char *b, size_t bn, bool prefix,
    size_t *used)
{
	size_t i = 0, j = 0;

	while (i < an && j < bn) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[j];
		int32_t cx, cy;

		if ((x | y) < 0x80) {
			if (x >= 'A' && x <= 'Z')
				x += 32;
			if (y >= 'A' && y <= 'Z')
				y += 32;
			if (x != y)
				return x < y ? -1 : 1;
			i++;
			j++;
			continue;
		}
		cx = fold(next_cp(a, an, &i));
		cy = fold(next_cp(b, bn, &j));
		if (cx != cy)
			return cx < cy ? -1 : 1;
	}
	if (used != NULL)
		*used = i;
	if (prefix && j == bn)
		return 0;
	return (i < an) - (j < bn);
}

static int
ci_cmp(struct lp_str a, struct lp_str b)
{
	return ci_cmp2(a.p, a.n, b.p, b.n, false, NULL);
}

/* Append s to b lower- or upper-cased. */
static void
case_map(struct lp_buf *b, const char *s, size_t n, bool up)
{
	size_t i = 0;

	lp_buf_reserve(b, n);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		utf8proc_uint8_t enc[4];
		size_t start = i;
		int32_t cp;

		if (c < 0x80) {
			if (up && c >= 'a' && c <= 'z')
				c -= 32;
			else if (!up && c >= 'A' && c <= 'Z')
				c += 32;
			lp_buf_addc(b, (char)c);
			i++;
			continue;
		}
		cp = next_cp(s, n, &i);
		if (cp >= 0x110000) {
			lp_buf_add(b, s + start, i - start);
			continue;
		}
		cp = up ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
		lp_buf_add(b, enc, (size_t)utf8proc_encode_char(cp, enc));
	}
}

/* White space for trim() and word_count(): ASCII and U+00A0. */
static size_t
space_at(const char *s, size_t n, size_t i)
{
	if (is_space((unsigned char)s[i]))
		return 1;
	if (i + 1 < n && (unsigned char)s[i] == 0xc2 &&
	    (unsigned char)s[i + 1] == 0xa0)
		return 2;
	return 0;
}

/* ---- errors and positions ---- */

/* Line, column (in characters) and source line of byte off of the text. */
static void
where(const struct lp_expr *e, size_t off, long *line, int *col,
    char *src, size_t srccap)
{
	size_t start = 0, end, chars = 0;

	*line = e->line;
	for (size_t i = 0; i < off && i < e->n; i++)
		if (e->text[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	for (size_t i = start; i < off && i < e->n; i++)
		if (((unsigned char)e->text[i] & 0xc0) != 0x80)
			chars++;
	*col = (int)chars + (start == 0 ? e->col : 1);
	if (start == 0 && e->line_text != NULL) {
		snprintf(src, srccap, "%s", e->line_text);
		return;
	}
	for (end = start; end < e->n && e->text[end] != '\n'; end++)
		;
	snprintf(src, srccap, "%.*s", (int)(end - start), e->text + start);
}

static void
verr_at(const struct lp_expr *e, struct lp_err *err, size_t off,
    const char *fmt, va_list ap)
{
	char msg[512], src[256];
	long line;
	int col;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	where(e, off, &line, &col, src, sizeof(src));
	lp_err_setc(err, EX_CONFIG, e->file, line, col, src, "%s", msg);
}

/* Optimal string alignment distance, for "did you mean"; stops early
 * once every entry of a row exceeds limit. */
static size_t
distance(const char *a, size_t an, const char *b, size_t bn, size_t limit)
{
	size_t rows[3][65], *pp = rows[0], *prev = rows[1], *row = rows[2];

	if (an > 64 || bn > 64)
		return limit + 1;
	for (size_t j = 0; j <= bn; j++)
		prev[j] = j;
	for (size_t i = 1; i <= an; i++) {
		size_t best = row[0] = i, *t;

		for (size_t j = 1; j <= bn; j++) {
			size_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > limit)
			return limit + 1;
		t = pp;
		pp = prev;
		prev = row;
		row = t;
	}
	return prev[bn];
}

/* ---- the parser ---- */

enum ttype { T_END, T_IDENT, T_WORD, T_STRING, T_FIELD, T_PUNCT, T_BAD };

/* lex() contexts */
#define L_OPERAND	1	/* a value is expected: "-5" is a number */
#define L_RHS		2	/* bare words are text */

struct tok {
	enum ttype	 type;
	size_t		 off, end;	/* source bytes */
	char		 op[3];		/* T_PUNCT */
};

struct parser {
	const char	*s;
	size_t		 n, i;
	struct lp_expr	*e;
	const char	*basedir;
	struct lp_err	*err;
	int		 depth;
	bool		 failed;
};

static void perr(struct parser *, size_t, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

static void
perr(struct parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	va_start(ap, fmt);
	verr_at(p->e, p->err, off, fmt, ap);
	va_end(ap);
}

static void
skip_ws(struct parser *p)
{
	while (p->i < p->n) {
		if (is_space((unsigned char)p->s[p->i]))
			p->i++;
		else if (p->s[p->i] == '#')	/* a comment to the line's end */
			while (p->i < p->n && p->s[p->i] != '\n')
				p->i++;
		else
			break;
	}
}

static size_t
scan_word(struct parser *p, size_t j)
{
	while (j < p->n && is_wordc((unsigned char)p->s[j]))
		j++;
	return j;
}

/* The token at p->i (not consumed: set p->i = t.end to take it). */
static struct tok
lex(struct parser *p, int ctx)
{
	static const char *const two[] = {
		"!=", "<=", ">=", "==", "<>", "!~", "&&", "||", NULL
	};
	struct tok t;
	const char *s = p->s;
	size_t n = p->n, j;
	unsigned char c;

	skip_ws(p);
	memset(&t, 0, sizeof(t));
	t.off = t.end = p->i;
	if (p->i >= n) {
		t.type = T_END;
		return t;
	}
	j = p->i;
	c = (unsigned char)s[j];
	if (c == '"' || c == '`') {
		for (j++; j < n && (unsigned char)s[j] != c; j++)
			if (s[j] == '\\' && c == '"' && j + 1 < n)
				j++;
		if (j >= n) {
			perr(p, t.off, c == '"' ? "unterminated string" :
			    "unterminated field name (missing '`')");
			t.type = T_BAD;
			return t;
		}
		t.type = c == '"' ? T_STRING : T_FIELD;
		t.end = j + 1;
		return t;
	}
	if (is_alpha(c)) {
		while (j < n && (is_alpha((unsigned char)s[j]) ||
		    is_digit((unsigned char)s[j])))
			j++;
		t.type = T_IDENT;
		if ((ctx & L_RHS) && j < n && is_wordc((unsigned char)s[j])) {
			j = scan_word(p, j);
			t.type = T_WORD;
		}
		t.end = j;
		return t;
	}
	if ((ctx & L_OPERAND) && (is_digit(c) || (c == '.' && j + 1 < n &&
	    is_digit((unsigned char)s[j + 1])) ||
	    ((c == '-' || c == '+') && j + 1 < n &&
	    (is_digit((unsigned char)s[j + 1]) || s[j + 1] == '.')) ||
	    ((ctx & L_RHS) && (c >= 0x80 || c == '.' || c == '@')))) {
		t.type = T_WORD;
		t.end = scan_word(p, j + 1);
		return t;
	}
	if (c >= 0x80 && !(ctx & L_RHS)) {
		/* A name in another script: a field name; usually fine in
		 * backticks, so say so at bind time rather than here. */
		t.type = T_BAD;
		t.end = j + 1;
		return t;
	}
	for (int k = 0; two[k] != NULL; k++)
		if (j + 1 < n && s[j] == two[k][0] && s[j + 1] == two[k][1]) {
			t.type = T_PUNCT;
			memcpy(t.op, two[k], 2);
			t.end = j + 2;
			return t;
		}
	if (strchr("=<>~()+-*/,!", c) != NULL) {
		t.type = T_PUNCT;
		t.op[0] = (char)c;
		t.end = j + 1;
		return t;
	}
	t.type = T_BAD;
	t.end = j + 1;
	return t;
}

/* Bytes of the UTF-8 character at off. */
static size_t
char_len(const struct parser *p, size_t off)
{
	size_t j = off + 1;

	while (j < p->n && ((unsigned char)p->s[j] & 0xc0) == 0x80)
		j++;
	return j - off;
}

static bool
tok_is(const struct parser *p, const struct tok *t, const char *word)
{
	size_t len = strlen(word);

	if (t->type == T_PUNCT)
		return strcmp(t->op, word) == 0;
	return t->type == T_IDENT && t->end - t->off == len &&
	    memcmp(p->s + t->off, word, len) == 0;
}

/* How a token reads in a message: 'and', '(', end of expression. */
static const char *
tok_desc(const struct parser *p, const struct tok *t, char *buf, size_t cap)
{
	size_t len = t->end - t->off;

	if (t->type == T_END)
		return "end of expression";
	if (len > 40)
		len = 40;
	snprintf(buf, cap, "'%.*s'", (int)len, p->s + t->off);
	return buf;
}

static struct node *
new_node(struct parser *p, enum nkind kind, size_t off)
{
	struct node *nd = lp_xcalloc(1, sizeof(*nd));

	nd->kind = nd->kind0 = (uint8_t)kind;
	nd->off = off;
	nd->field = -1;
	nd->depth = 1;
	nd->next = p->e->nodes;
	p->e->nodes = nd;
	return nd;
}

static bool
set_depth(struct parser *p, struct node *nd)
{
	int d = 0;

	if (nd->a != NULL && nd->a->depth > d)
		d = nd->a->depth;
	if (nd->b != NULL && nd->b->depth > d)
		d = nd->b->depth;
	for (int i = 0; i < nd->nkids; i++)
		if (nd->kids[i]->depth > d)
			d = nd->kids[i]->depth;
	nd->depth = d + 1;
	if (nd->depth > MAX_DEPTH) {
		perr(p, nd->off, "expression nested too deeply");
		return false;
	}
	return true;
}

static void
add_kid(struct node *nd, struct node *kid)
{
	nd->kids = lp_xreallocarray(nd->kids, (size_t)nd->nkids + 1,
	    sizeof(*nd->kids));
	nd->kids[nd->nkids++] = kid;
}

/* Unescape a string literal's body (\" \\ \n \t; other pairs kept). */
static char *
unescape(const char *s, size_t n, size_t *len)
{
	char *out = lp_xmalloc(n + 1);
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			char c = s[++i];

			if (c == 'n')
				out[o++] = '\n';
			else if (c == 't')
				out[o++] = '\t';
			else if (c == '"' || c == '\\')
				out[o++] = c;
			else {
				out[o++] = '\\';
				out[o++] = c;
			}
		} else
			out[o++] = s[i];
	}
	out[o] = '\0';
	*len = o;
	return out;
}

/*
 * A constant from owned text: classified now, so evaluation never parses
 * it again.  A signed word ("-30d") is a negative duration.
 */
static void
make_const(struct val *v, char *text, size_t n)
{
	memset(v, 0, sizeof(*v));
	set_text(v, text, n);
	if (v->t == V_TEXT) {
		(void)is_num(v);
		(void)is_time(v);
		(void)is_dur(v);
	}
}

static struct node *const_node(struct parser *p, const struct tok *t)
{
	struct node *nd = new_node(p, N_CONST, t->off);
	size_t len;

	if (t->type == T_STRING)
		nd->kstr = unescape(p->s + t->off + 1, t->end - t->off - 2,
		    &len);
	else {
		len = t->end - t->off;
		nd->kstr = lp_xstrndup(p->s + t->off, len);
	}
	make_const(&nd->k, nd->kstr, len);
	return nd;
}

static int
field_ref(struct parser *p, const char *name, size_t len, size_t off)
{
	struct lp_expr *e = p->e;

	for (int i = 0; i < e->nfields; i++)
		if (strlen(e->fields[i].name) == len &&
		    memcmp(e->fields[i].name, name, len) == 0)
			return i;
	e->fields = lp_xreallocarray(e->fields, (size_t)e->nfields + 1,
	    sizeof(*e->fields));
	e->fields[e->nfields].name = lp_xstrndup(name, len);
	e->fields[e->nfields].col = -2;
	e->fields[e->nfields].off = off;
	return e->nfields++;
}

static const struct func *
find_func(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		if (strlen(funcs[i].name) == len &&
		    memcmp(funcs[i].name, name, len) == 0)
			return &funcs[i];
	return NULL;
}

static const char *
suggest_func(const char *name, size_t len)
{
	size_t limit = len <= 4 ? 1 : 2, best = limit + 1;
	const char *hit = NULL;
	char key[64];

	/* Compare lower-cased, so LOWER suggests lower. */
	if (len >= sizeof(key))
		return NULL;
	for (size_t i = 0; i < len; i++)
		key[i] = (char)tolower((unsigned char)name[i]);
	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++) {
		size_t d = distance(key, len, funcs[i].name,
		    strlen(funcs[i].name), limit);

		if (d < best) {
			best = d;
			hit = funcs[i].name;
		}
	}
	return hit;
}

static struct node *parse_or(struct parser *);
static struct node *parse_sum(struct parser *, int);

static struct node *
parse_call(struct parser *p, const struct tok *name)
{
	size_t len = name->end - name->off;
	const struct func *fn = find_func(p->s + name->off, len);
	struct node *nd;
	struct tok t;
	char what[64];

	if (fn == NULL) {
		const char *hint = suggest_func(p->s + name->off, len);

		if (hint != NULL)
			perr(p, name->off,
			    "unknown function '%.*s' (did you mean '%s'?)",
			    (int)len, p->s + name->off, hint);
		else
			perr(p, name->off, "unknown function '%.*s'",
			    (int)len, p->s + name->off);
		return NULL;
	}
	if (++p->depth > MAX_DEPTH) {
		perr(p, name->off, "expression nested too deeply");
		return NULL;
	}
	nd = new_node(p, N_CALL, name->off);
	nd->fn = fn;
	nd->op = (uint8_t)fn->id;
	t = lex(p, 0);
	p->i = t.end;			/* the '(' */
	t = lex(p, L_OPERAND);
	if (tok_is(p, &t, ")"))
		p->i = t.end;
	else
		for (;;) {
			struct node *arg = parse_or(p);

			if (arg == NULL)
				return NULL;
			add_kid(nd, arg);
			t = lex(p, 0);
			if (p->failed)
				return NULL;
			p->i = t.end;
			if (tok_is(p, &t, ")"))
				break;
			if (!tok_is(p, &t, ",")) {
				perr(p, t.off, "expected ',' or ')' after "
				    "argument of '%s', got %s", fn->name,
				    tok_desc(p, &t, what, sizeof(what)));
				return NULL;
			}
		}
	if (nd->nkids < fn->min || (fn->max >= 0 && nd->nkids > fn->max)) {
		if (fn->min == fn->max)
			perr(p, name->off, "'%s' takes %d argument%s, got %d",
			    fn->name, fn->min, fn->min == 1 ? "" : "s",
			    nd->nkids);
		else if (fn->max < 0)
			perr(p, name->off,
			    "'%s' takes at least %d argument%s, got %d",
			    fn->name, fn->min, fn->min == 1 ? "" : "s",
			    nd->nkids);
		else
			perr(p, name->off, "'%s' takes %d to %d arguments, "
			    "got %d", fn->name, fn->min, fn->max, nd->nkids);
		return NULL;
	}
	p->depth--;
	return set_depth(p, nd) ? nd : NULL;
}

/* Is the next non-blank byte after end a '('? */
static bool
call_follows(const struct parser *p, size_t end)
{
	while (end < p->n && is_space((unsigned char)p->s[end]))
		end++;
	return end < p->n && p->s[end] == '(';
}

static bool
is_keyword(const struct parser *p, const struct tok *t)
{
	static const char *const kw[] = {
		"and", "or", "not", "in", "is", NULL
	};

	for (int i = 0; kw[i] != NULL; i++)
		if (tok_is(p, t, kw[i]))
			return true;
	return false;
}

/* A value; after says what came before, for "expected a value after". */
static struct node *
parse_primary(struct parser *p, int ctx, const char *after)
{
	struct tok t = lex(p, L_OPERAND | ctx);
	struct node *nd;
	char what[64];

	if (p->failed)
		return NULL;
	switch (t.type) {
	case T_STRING:
		p->i = t.end;
		return const_node(p, &t);
	case T_WORD:
		p->i = t.end;
		nd = const_node(p, &t);
		if (!(ctx & L_RHS) && nd->k.t == V_TEXT &&
		    !(nd->k.k & (K_NUM | K_TIME | K_DUR))) {
			perr(p, t.off, "invalid number '%.*s'",
			    (int)(t.end - t.off), p->s + t.off);
			return NULL;
		}
		return nd;
	case T_FIELD: {
		size_t a = t.off + 1, b = t.end - 1;

		while (a < b && is_space((unsigned char)p->s[a]))
			a++;
		while (b > a && is_space((unsigned char)p->s[b - 1]))
			b--;
		if (a == b) {
			perr(p, t.off, "empty field name");
			return NULL;
		}
		p->i = t.end;
		nd = new_node(p, N_FIELD, a);
		nd->field = field_ref(p, p->s + a, b - a, a);
		return nd;
	}
	case T_IDENT:
		if (is_keyword(p, &t))
			break;
		if (call_follows(p, t.end)) {
			p->i = t.end;
			return parse_call(p, &t);
		}
		p->i = t.end;
		if (tok_is(p, &t, "now"))
			return new_node(p, N_NOW, t.off);
		if (ctx & L_RHS)
			return const_node(p, &t);
		nd = new_node(p, N_FIELD, t.off);
		nd->field = field_ref(p, p->s + t.off, t.end - t.off, t.off);
		return nd;
	case T_PUNCT:
		if (tok_is(p, &t, "(")) {
			p->i = t.end;
			if (++p->depth > MAX_DEPTH) {
				perr(p, t.off, "expression nested too deeply");
				return NULL;
			}
			nd = parse_or(p);
			p->depth--;
			if (nd == NULL)
				return NULL;
			t = lex(p, 0);
			if (p->failed)
				return NULL;
			if (!tok_is(p, &t, ")")) {
				perr(p, t.off, "expected ')', got %s",
				    tok_desc(p, &t, what, sizeof(what)));
				return NULL;
			}
			p->i = t.end;
			return nd;
		}
		break;
	case T_BAD:
		if (p->failed)
			return NULL;
		perr(p, t.off, "unexpected character '%.*s'",
		    (int)char_len(p, t.off), p->s + t.off);
		return NULL;
	case T_END:
		break;
	}
	if (after != NULL && t.type == T_END)
		perr(p, t.off, "expected a value after %s", after);
	else if (after != NULL)
		perr(p, t.off, "expected a value after %s, got %s", after,
		    tok_desc(p, &t, what, sizeof(what)));
	else
		perr(p, t.off, "expected a value, got %s",
		    tok_desc(p, &t, what, sizeof(what)));
	return NULL;
}

static struct node *
parse_unary(struct parser *p, int ctx, const char *after)
{
	struct tok t = lex(p, L_OPERAND | ctx);
	struct node *nd;

	if (t.type == T_PUNCT && tok_is(p, &t, "-")) {
		p->i = t.end;
		if (++p->depth > MAX_DEPTH) {
			perr(p, t.off, "expression nested too deeply");
			return NULL;
		}
		nd = new_node(p, N_NEG, t.off);
		nd->a = parse_unary(p, ctx, "'-'");
		p->depth--;
		if (nd->a == NULL || !set_depth(p, nd))
			return NULL;
		return nd;
	}
	return parse_primary(p, ctx, after);
}

static struct node *
parse_term(struct parser *p, int ctx, const char *after)
{
	struct node *left = parse_unary(p, ctx, after), *nd;
	struct tok t;

	while (left != NULL) {
		t = lex(p, 0);
		if (!(tok_is(p, &t, "*") || tok_is(p, &t, "/")))
			break;
		p->i = t.end;
		nd = new_node(p, N_ARITH, t.off);
		nd->op = (uint8_t)t.op[0];
		nd->a = left;
		nd->b = parse_unary(p, ctx, t.op[0] == '*' ? "'*'" : "'/'");
		if (nd->b == NULL || !set_depth(p, nd))
			return NULL;
		left = nd;
	}
	return left;
}

static struct node *
parse_sum(struct parser *p, int ctx)
{
	struct node *left = parse_term(p, ctx, NULL), *nd;
	struct tok t;

	while (left != NULL) {
		t = lex(p, 0);
		if (!(tok_is(p, &t, "+") || tok_is(p, &t, "-")))
			break;
		p->i = t.end;
		nd = new_node(p, N_ARITH, t.off);
		nd->op = (uint8_t)t.op[0];
		nd->a = left;
		nd->b = parse_term(p, ctx, t.op[0] == '+' ? "'+'" : "'-'");
		if (nd->b == NULL || !set_depth(p, nd))
			return NULL;
		left = nd;
	}
	return left;
}

static void
list_add(struct list *l, char *text, size_t n)
{
	l->items = lp_xreallocarray(l->items, (size_t)l->n + 1,
	    sizeof(*l->items));
	l->texts = lp_xreallocarray(l->texts, (size_t)l->n + 1,
	    sizeof(*l->texts));
	l->texts[l->n] = text;
	make_const(&l->items[l->n], text, n);
	l->n++;
}

/* Index a list: lower-cased texts in a hash set, typed items apart. */
static void
list_index(struct list *l, bool force, struct lp_buf *scratch)
{
	if (l->n <= SMALL_LIST && !force)
		return;
	l->set = lp_map_new();
	for (int i = 0; i < l->n; i++) {
		struct val *v = &l->items[i];

		if (v->t == V_EMPTY)
			continue;
		scratch->n = 0;
		case_map(scratch, v->p, v->n, false);
		lp_map_put(l->set, scratch->p, scratch->n, i);
		if (v->k & (K_NUM | K_TIME | K_DUR)) {
			l->typed = lp_xreallocarray(l->typed,
			    (size_t)l->ntyped + 1, sizeof(*l->typed));
			l->typed[l->ntyped++] = i;
		}
	}
}

static void
free_list(struct list *l)
{
	if (l == NULL)
		return;
	for (int i = 0; i < l->n; i++)
		free(l->texts[i]);
	free(l->texts);
	free(l->items);
	free(l->typed);
	lp_map_free(l->set);
	free(l);
}

/* Read a value list: one per line, blank lines and # comments skipped. */
static bool
load_list(struct parser *p, struct list *l, const char *name, size_t off)
{
	struct lp_buf path = { 0 };
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *fp;
	bool ok = true;

	if (name[0] != '/' && p->basedir != NULL && p->basedir[0] != '\0')
		lp_buf_printf(&path, "%s/", p->basedir);
	lp_buf_adds(&path, name);
	if ((fp = fopen(lp_buf_cstr(&path), "r")) == NULL) {
		char why[128];

		snprintf(why, sizeof(why), "%s", strerror(errno));
		why[0] = (char)tolower((unsigned char)why[0]);
		perr(p, off, "cannot read list '%s': %s", name, why);
		lp_buf_fini(&path);
		return false;
	}
	while ((len = getline(&line, &cap, fp)) > 0) {
		struct lp_str s = { line, (size_t)len };

		/* A comment starts at a '#' that begins a word. */
		for (size_t i = 0; i < s.n; i++)
			if (line[i] == '#' && (i == 0 ||
			    is_space((unsigned char)line[i - 1]))) {
				s.n = i;
				break;
			}
		s = lp_str_trim(s);
		if (s.n == 0)
			continue;
		list_add(l, lp_xstrndup(s.p, s.n), s.n);
	}
	if (ferror(fp)) {
		perr(p, off, "cannot read list '%s': %s", name,
		    strerror(errno));
		ok = false;
	}
	fclose(fp);
	free(line);
	lp_buf_fini(&path);
	return ok;
}

static struct node *
parse_in(struct parser *p, struct node *left, bool neg, size_t off)
{
	struct node *nd = new_node(p, N_IN, off);
	struct list *l = lp_xcalloc(1, sizeof(*l));
	struct tok t;
	char what[64];

	nd->neg = neg;
	nd->a = left;
	nd->list = l;
	t = lex(p, 0);
	if (tok_is(p, &t, "file") && call_follows(p, t.end)) {
		size_t a, b;
		char *name;
		bool ok;

		p->i = t.end;
		t = lex(p, 0);
		p->i = t.end;		/* the '(' */
		skip_ws(p);
		a = p->i;
		if (a < p->n && p->s[a] == '"') {
			t = lex(p, 0);
			if (t.type != T_STRING)
				return NULL;
			name = unescape(p->s + t.off + 1, t.end - t.off - 2,
			    &b);
			p->i = t.end;
		} else {
			for (b = a; b < p->n && p->s[b] != ')' &&
			    !is_space((unsigned char)p->s[b]); b++)
				;
			name = lp_xstrndup(p->s + a, b - a);
			p->i = b;
		}
		if (name[0] == '\0') {
			free(name);
			perr(p, a, "expected a file name in file()");
			return NULL;
		}
		t = lex(p, 0);
		if (!tok_is(p, &t, ")")) {
			free(name);
			perr(p, t.off, "expected ')' after file name");
			return NULL;
		}
		p->i = t.end;
		ok = load_list(p, l, name, a);
		free(name);
		if (!ok)
			return NULL;
		list_index(l, true, &nd->buf);
		return set_depth(p, nd) ? nd : NULL;
	}
	if (!tok_is(p, &t, "(")) {
		perr(p, t.off, "expected '(' or file(...) after 'in', got %s",
		    tok_desc(p, &t, what, sizeof(what)));
		return NULL;
	}
	p->i = t.end;
	for (;;) {
		t = lex(p, L_OPERAND | L_RHS);
		if (p->failed)
			return NULL;
		if (tok_is(p, &t, ")") && l->n == 0) {
			perr(p, t.off, "empty list");
			return NULL;
		}
		if (t.type == T_IDENT || t.type == T_WORD ||
		    t.type == T_STRING) {
			size_t len;
			char *text;

			if (t.type == T_STRING)
				text = unescape(p->s + t.off + 1,
				    t.end - t.off - 2, &len);
			else {
				len = t.end - t.off;
				text = lp_xstrndup(p->s + t.off, len);
			}
			if (len == 0) {
				free(text);
				perr(p, t.off, "empty value in list (use "
				    "'is empty' to test for an empty value)");
				return NULL;
			}
			list_add(l, text, len);
			p->i = t.end;
		} else {
			perr(p, t.off, "expected a value in list, got %s",
			    tok_desc(p, &t, what, sizeof(what)));
			return NULL;
		}
		t = lex(p, 0);
		if (p->failed)
			return NULL;
		if (tok_is(p, &t, ",")) {
			p->i = t.end;
			t = lex(p, 0);
			if (tok_is(p, &t, ")")) {	/* trailing comma */
				p->i = t.end;
				break;
			}
			continue;
		}
		if (tok_is(p, &t, ")")) {
			p->i = t.end;
			break;
		}
		if (t.type == T_IDENT || t.type == T_WORD)
			perr(p, t.off, "expected ',' or ')' in list (quote "
			    "values with spaces: \"a b\")");
		else
			perr(p, t.off, "expected ')' after list");
		return NULL;
	}
	list_index(l, false, &nd->buf);
	return set_depth(p, nd) ? nd : NULL;
}

static void
regex_free(struct regex *re)
{
	if (re == NULL)
		return;
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re);
}

static struct node *
parse_regex(struct parser *p, struct node *left, bool neg)
{
	struct lp_expr *e = p->e;
	struct node *nd;
	struct regex *re;
	uint32_t opts = 0;
	size_t start, end, j;
	int code;
	PCRE2_SIZE eoff;
	char src[256];

	skip_ws(p);
	start = p->i;
	if (start >= p->n || p->s[start] != '/') {
		struct tok t = lex(p, 0);
		char what[64];

		perr(p, start, "expected /regex/ after '%s', got %s",
		    neg ? "!~" : "~", tok_desc(p, &t, what, sizeof(what)));
		return NULL;
	}
	for (j = start + 1; j < p->n && p->s[j] != '/'; j++)
		if (p->s[j] == '\\' && j + 1 < p->n)
			j++;
	if (j >= p->n) {
		perr(p, start, "unterminated regex");
		return NULL;
	}
	end = j;
	for (j = end + 1; j < p->n && (is_alpha((unsigned char)p->s[j]) ||
	    is_digit((unsigned char)p->s[j])); j++) {
		switch (p->s[j]) {
		case 'i':
			opts |= PCRE2_CASELESS;
			break;
		case 'm':
			opts |= PCRE2_MULTILINE;
			break;
		case 's':
			opts |= PCRE2_DOTALL;
			break;
		case 'x':
			opts |= PCRE2_EXTENDED;
			break;
		case 'u':
			opts |= PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
			break;
		default:
			perr(p, j, "unknown regex flag '%c' (use i, m, s, x "
			    "or u)", p->s[j]);
			return NULL;
		}
	}
	p->i = j;
	nd = new_node(p, N_MATCH, start);
	nd->neg = neg;
	nd->a = left;
	re = nd->re = lp_xcalloc(1, sizeof(*re));
	re->code = pcre2_compile((PCRE2_SPTR)(p->s + start + 1),
	    end - start - 1, opts, &code, &eoff, NULL);
	if (re->code == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(code, msg, sizeof(msg));
		perr(p, start + 1 + eoff, "regex error: %s", (char *)msg);
		return NULL;
	}
	/* Without JIT (an unsupported CPU) the interpreter runs instead. */
	(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	re->md = pcre2_match_data_create(1, NULL);
	if (re->md == NULL)
		lp_oom();
	where(e, start, &re->line, &re->col, src, sizeof(src));
	if (e->mctx == NULL) {
		if ((e->mctx = pcre2_match_context_create(NULL)) == NULL)
			lp_oom();
		pcre2_set_match_limit(e->mctx, LP_EXPR_MATCH_LIMIT);
		pcre2_set_depth_limit(e->mctx, DEPTH_LIMIT);
		e->jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024,
		    NULL);
		if (e->jstack != NULL)
			pcre2_jit_stack_assign(e->mctx, NULL, e->jstack);
	}
	return set_depth(p, nd) ? nd : NULL;
}

static int
cmp_op(const struct parser *p, const struct tok *t)
{
	static const struct { const char *op; int c; } ops[] = {
		{ "=", C_EQ }, { "==", C_EQ }, { "!=", C_NE }, { "<>", C_NE },
		{ "<", C_LT }, { "<=", C_LE }, { ">", C_GT }, { ">=", C_GE },
	};

	if (t->type != T_PUNCT)
		return -1;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (tok_is(p, t, ops[i].op))
			return ops[i].c;
	return -1;
}

static struct node *
parse_test(struct parser *p)
{
	struct node *left = parse_sum(p, 0), *nd;
	struct tok t;
	char what[64];
	int op;

	if (left == NULL)
		return NULL;
	t = lex(p, 0);
	if ((op = cmp_op(p, &t)) >= 0) {
		struct tok r;
		char after[8];

		p->i = t.end;
		r = lex(p, L_OPERAND | L_RHS);
		if ((r.type == T_STRING && r.end - r.off == 2) ||
		    (r.type == T_IDENT && tok_is(p, &r, "empty") &&
		    !call_follows(p, r.end))) {
			perr(p, r.off, "a comparison with an empty value never"
			    " holds; use 'is %sempty'",
			    op == C_NE ? "not " : "");
			return NULL;
		}
		nd = new_node(p, N_CMP, t.off);
		nd->op = (uint8_t)op;
		nd->a = left;
		snprintf(after, sizeof(after), "'%s'", t.op);
		nd->b = parse_term(p, L_RHS, after);
		/* The rest of the right side: + and - terms. */
		while (nd->b != NULL) {
			struct node *ar;

			r = lex(p, 0);
			if (!(tok_is(p, &r, "+") || tok_is(p, &r, "-")))
				break;
			p->i = r.end;
			ar = new_node(p, N_ARITH, r.off);
			ar->op = (uint8_t)r.op[0];
			ar->a = nd->b;
			ar->b = parse_term(p, L_RHS,
			    r.op[0] == '+' ? "'+'" : "'-'");
			if (ar->b == NULL || !set_depth(p, ar))
				return NULL;
			nd->b = ar;
		}
		if (nd->b == NULL || !set_depth(p, nd))
			return NULL;
		t = lex(p, 0);
		if (cmp_op(p, &t) >= 0) {
			perr(p, t.off, "comparisons cannot be chained; use "
			    "'and'");
			return NULL;
		}
		return nd;
	}
	if (tok_is(p, &t, "~") || tok_is(p, &t, "!~")) {
		p->i = t.end;
		return parse_regex(p, left, t.op[0] == '!');
	}
	if (tok_is(p, &t, "not")) {
		struct tok t2;

		p->i = t.end;
		t2 = lex(p, 0);
		if (!tok_is(p, &t2, "in")) {
			perr(p, t2.off, "expected 'in' after 'not', got %s",
			    tok_desc(p, &t2, what, sizeof(what)));
			return NULL;
		}
		p->i = t2.end;
		return parse_in(p, left, true, t.off);
	}
	if (tok_is(p, &t, "in")) {
		p->i = t.end;
		return parse_in(p, left, false, t.off);
	}
	if (tok_is(p, &t, "is")) {
		bool neg = false;

		p->i = t.end;
		t = lex(p, 0);
		if (tok_is(p, &t, "not")) {
			neg = true;
			p->i = t.end;
			t = lex(p, 0);
		}
		if (!tok_is(p, &t, "empty")) {
			perr(p, t.off, "expected 'empty' after '%s', got %s",
			    neg ? "is not" : "is",
			    tok_desc(p, &t, what, sizeof(what)));
			return NULL;
		}
		p->i = t.end;
		nd = new_node(p, N_EMPTY, t.off);
		nd->neg = neg;
		nd->a = left;
		return set_depth(p, nd) ? nd : NULL;
	}
	return left;
}

static struct node *
parse_not(struct parser *p)
{
	struct tok t = lex(p, L_OPERAND);
	struct node *nd;

	if (!tok_is(p, &t, "not"))
		return parse_test(p);
	p->i = t.end;
	if (++p->depth > MAX_DEPTH) {
		perr(p, t.off, "expression nested too deeply");
		return NULL;
	}
	nd = new_node(p, N_NOT, t.off);
	t = lex(p, L_OPERAND);
	if (t.type == T_END) {
		perr(p, t.off, "expected a value after 'not'");
		return NULL;
	}
	nd->a = parse_not(p);
	p->depth--;
	if (nd->a == NULL || !set_depth(p, nd))
		return NULL;
	return nd;
}

static struct node *
parse_and(struct parser *p)
{
	struct node *left = parse_not(p), *nd = NULL, *kid;
	struct tok t;

	while (left != NULL) {
		t = lex(p, 0);
		if (!tok_is(p, &t, "and"))
			break;
		p->i = t.end;
		t = lex(p, L_OPERAND);
		if (t.type == T_END) {
			perr(p, t.off, "expected a value after 'and'");
			return NULL;
		}
		if ((kid = parse_not(p)) == NULL)
			return NULL;
		if (nd == NULL) {
			nd = new_node(p, N_AND, left->off);
			add_kid(nd, left);
		}
		add_kid(nd, kid);
	}
	if (left == NULL)
		return NULL;
	if (nd != NULL)
		return set_depth(p, nd) ? nd : NULL;
	return left;
}

static struct node *
parse_or(struct parser *p)
{
	struct node *left = parse_and(p), *nd = NULL, *kid;
	struct tok t;

	while (left != NULL) {
		t = lex(p, 0);
		if (!tok_is(p, &t, "or"))
			break;
		p->i = t.end;
		t = lex(p, L_OPERAND);
		if (t.type == T_END) {
			perr(p, t.off, "expected a value after 'or'");
			return NULL;
		}
		if ((kid = parse_and(p)) == NULL)
			return NULL;
		if (nd == NULL) {
			nd = new_node(p, N_OR, left->off);
			add_kid(nd, left);
		}
		add_kid(nd, kid);
	}
	if (left == NULL)
		return NULL;
	if (nd != NULL)
		return set_depth(p, nd) ? nd : NULL;
	return left;
}

struct lp_expr *
lp_expr_parse(const char *text, size_t n, const struct lp_expr_src *src,
    struct lp_err *err)
{
	struct lp_expr *e = lp_xcalloc(1, sizeof(*e));
	struct parser p;
	struct tok t;
	char what[64];

	e->text = lp_xstrndup(text, n);
	e->n = n;
	e->file = lp_xstrdup(src != NULL && src->file != NULL ? src->file :
	    "<expr>");
	e->line = src != NULL && src->line > 0 ? src->line : 1;
	e->col = src != NULL && src->col > 0 ? src->col : 1;
	if (src != NULL && src->line_text != NULL)
		e->line_text = lp_xstrdup(src->line_text);
	memset(&p, 0, sizeof(p));
	p.s = e->text;
	p.n = n;
	p.e = e;
	p.err = err;
	p.basedir = src != NULL ? src->basedir : NULL;

	t = lex(&p, L_OPERAND);
	if (t.type == T_END) {
		perr(&p, t.off, "empty expression");
		goto fail;
	}
	if ((e->root = parse_or(&p)) == NULL) {
		/* Every failure sets err; this only guards that promise. */
		if (!p.failed)
			perr(&p, p.i, "syntax error");
		goto fail;
	}
	t = lex(&p, 0);
	if (t.type != T_END) {
		if (p.failed)
			goto fail;
		if (tok_is(&p, &t, "&&"))
			perr(&p, t.off, "unexpected '&&' (use 'and')");
		else if (tok_is(&p, &t, "||"))
			perr(&p, t.off, "unexpected '||' (use 'or')");
		else if (tok_is(&p, &t, "!"))
			perr(&p, t.off, "unexpected '!' (use 'not', or '!=')");
		else if (tok_is(&p, &t, ")"))
			perr(&p, t.off, "unexpected ')' (no matching '(')");
		else if (t.type == T_IDENT || t.type == T_WORD ||
		    t.type == T_BAD) {
			/* Most often: text with a space on the right. */
			if (t.type == T_BAD)
				perr(&p, t.off, "unexpected character '%.*s'",
				    (int)char_len(&p, t.off), p.s + t.off);
			else
				perr(&p, t.off, "unexpected %s (quote text with "
				    "spaces: \"a b\"; join conditions with "
				    "'and' or 'or')",
				    tok_desc(&p, &t, what, sizeof(what)));
		} else
			perr(&p, t.off, "unexpected %s",
			    tok_desc(&p, &t, what, sizeof(what)));
		goto fail;
	}
	e->names = lp_xcalloc((size_t)e->nfields + 1, sizeof(*e->names));
	for (int i = 0; i < e->nfields; i++)
		e->names[i] = e->fields[i].name;
	return e;
fail:
	lp_expr_free(e);
	return NULL;
}

void
lp_expr_free(struct lp_expr *e)
{
	struct node *nd, *next;

	if (e == NULL)
		return;
	for (nd = e->nodes; nd != NULL; nd = next) {
		next = nd->next;
		free(nd->kids);
		free(nd->kstr);
		lp_buf_fini(&nd->buf);
		regex_free(nd->re);
		free_list(nd->list);
		free(nd);
	}
	for (int i = 0; i < e->nfields; i++)
		free(e->fields[i].name);
	free(e->fields);
	free(e->names);
	if (e->mctx != NULL)
		pcre2_match_context_free(e->mctx);
	if (e->jstack != NULL)
		pcre2_jit_stack_free(e->jstack);
	free(e->text);
	free(e->file);
	free(e->line_text);
	free(e);
}

const char *const *
lp_expr_fields(const struct lp_expr *e)
{
	return e->names;
}

bool
lp_expr_is_condition(const struct lp_expr *e)
{
	switch (e->root->kind0) {
	case N_AND: case N_OR: case N_NOT: case N_CMP: case N_MATCH:
	case N_IN: case N_EMPTY:
		return true;
	case N_CALL:
		return e->root->fn->cond;
	default:
		return false;
	}
}

/* ---- binding ---- */

/* The nearest of the header's names and the alias table's, for a hint. */
static const char *
suggest_field(const char *name, const struct lp_header *hdr)
{
	char key[128], k2[128];
	size_t klen = lp_name_key(name, strlen(name), key, sizeof(key));
	size_t limit = klen <= 4 ? 1 : 2, best = limit + 1;
	const char *hit = NULL, *alias;

	if (klen == 0)
		return NULL;
	for (int c = 0; hdr != NULL && c < lp_header_count(hdr); c++) {
		const char *h = lp_header_name(hdr, c);
		size_t l2 = lp_name_key(h, strlen(h), k2, sizeof(k2));
		size_t d = distance(key, klen, k2, l2, limit);

		if (d < best) {
			best = d;
			hit = h;
		}
	}
	if ((alias = lp_alias_suggest(name, strlen(name))) != NULL) {
		size_t l2 = lp_name_key(alias, strlen(alias), k2, sizeof(k2));

		if (distance(key, klen, k2, l2, limit) < best)
			hit = alias;
	}
	return hit;
}

static bool
plain_name(const char *s)
{
	if (!is_alpha((unsigned char)s[0]))
		return false;
	for (; *s != '\0'; s++)
		if (!is_alpha((unsigned char)*s) && !is_digit((unsigned char)*s))
			return false;
	return true;
}

static int
bind_err(struct lp_expr *e, struct lp_err *err, size_t off,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr_at(e, err, off, fmt, ap);
	va_end(ap);
	return -1;
}

static void eval(struct lp_expr *, struct node *, const struct lp_record *,
	    struct val *);

/*
 * Evaluate the subtrees that read no field once, now that "now" is
 * known: created_at < now - 30d compares with a constant time.  A
 * folded node becomes N_CONST; its text, if any, stays in the buffer of
 * the node that made it.  Returns whether nd is constant.
 */
static bool
fold_consts(struct lp_expr *e, struct node *nd)
{
	bool c = nd->kind != N_FIELD;

	if (nd->a != NULL && !fold_consts(e, nd->a))
		c = false;
	if (nd->b != NULL && !fold_consts(e, nd->b))
		c = false;
	for (int i = 0; i < nd->nkids; i++)
		if (!fold_consts(e, nd->kids[i]))
			c = false;
	if (c && nd->kind != N_CONST) {
		struct val v;

		eval(e, nd, NULL, &v);
		if (v.t == V_TEXT) {
			v.k = 0;
			(void)is_num(&v);
			(void)is_time(&v);
			(void)is_dur(&v);
		}
		nd->k = v;
		nd->kind = N_CONST;
		nd->folded = true;
	}
	return c;
}

int
lp_expr_bind(struct lp_expr *e, const struct lp_header *hdr, int64_t now,
    struct lp_err *err)
{
	/* Undo an earlier bind's folding: now may differ. */
	for (struct node *nd = e->nodes; nd != NULL; nd = nd->next)
		if (nd->folded) {
			nd->kind = nd->kind0;
			nd->folded = false;
		}
	e->now = now;
	for (int i = 0; i < e->nfields; i++) {
		struct field *f = &e->fields[i];
		const char *hint;

		f->col = hdr != NULL ? lp_header_find(hdr, f->name) : -1;
		if (f->col >= 0)
			continue;
		f->col = -1;
		if (lp_alias_canonical(f->name, strlen(f->name)) != NULL)
			continue;
		if ((hint = suggest_field(f->name, hdr)) == NULL)
			return bind_err(e, err, f->off, "unknown field '%s'",
			    f->name);
		if (plain_name(hint))
			return bind_err(e, err, f->off,
			    "unknown field '%s' (did you mean '%s'?)",
			    f->name, hint);
		return bind_err(e, err, f->off,
		    "unknown field '%s' (did you mean `%s`?)", f->name, hint);
	}
	(void)fold_consts(e, e->root);
	return 0;
}

/* ---- evaluation ---- */

static bool test(struct lp_expr *, struct node *, const struct lp_record *);

#define K_ALL_DONE	(K_NUM_DONE | K_TIME_DONE | K_DUR_DONE)
#define K_TYPED		(K_NUM | K_TIME | K_DUR)

/* Text known to be neither number, time nor duration (a constant). */
static inline bool
plain_text(const struct val *v)
{
	return v->t == V_TEXT && (v->k & K_ALL_DONE) == K_ALL_DONE &&
	    !(v->k & K_TYPED);
}

static inline struct lp_str
text_of(const struct val *v, char *tmp)
{
	if (v->t == V_TEXT)
		return (struct lp_str){ v->p, v->n };
	return as_text(v, tmp);
}

/*
 * -1, 0, 1; or 2 when the values cannot be ordered (a number against
 * text): then only != holds.  Neither side is empty.  order says the
 * caller needs the order, not only equality.
 */
static int
compare(struct val *a, struct val *b, bool order)
{
	char ta[32], tb[32];
	bool typed = false;
	int c;

	/* Plain text on either side rules out typed comparisons: the
	 * common "country = US" never parses the field as a number. */
	if (!plain_text(a) && !plain_text(b)) {
		/* Constants know what they are: ask them first, so a field
		 * is only parsed as a number when the other side is one. */
		if (is_num(b) && is_num(a))
			return a->num < b->num ? -1 : a->num > b->num;
		if (is_time(b) && is_time(a))
			return a->tsecs < b->tsecs ? -1 : a->tsecs > b->tsecs;
		if (is_dur(b) && is_dur(a))
			return a->dsecs < b->dsecs ? -1 : a->dsecs > b->dsecs;
	}
	/* Equal texts are equal either way; only ordering cares. */
	if (order)
		typed = is_num(a) || is_num(b) || is_time(a) || is_time(b) ||
		    is_dur(a) || is_dur(b);
	c = ci_cmp(text_of(a, ta), text_of(b, tb));
	return c != 0 && typed ? 2 : c;
}

static bool
cmp_holds(int c, int op)
{
	switch (op) {
	case C_EQ:
		return c == 0;
	case C_NE:
		return c != 0;
	case C_LT:
		return c == -1;
	case C_LE:
		return c == -1 || c == 0;
	case C_GT:
		return c == 1;
	case C_GE:
		return c == 1 || c == 0;
	}
	return false;
}

static void
get_field(struct lp_expr *e, int idx, const struct lp_record *rec,
    struct val *v)
{
	int col = e->fields[idx].col;
	struct lp_str s;

	v->t = V_EMPTY;
	v->k = 0;
	if (col < 0 || rec == NULL || col >= lp_record_count(rec))
		return;
	s = lp_str_trim(lp_record_get(rec, col));
	set_text(v, s.p, s.n);
}

static bool
truthy(struct val *v)
{
	switch (v->t) {
	case V_EMPTY:
		return false;
	case V_BOOL:
		return v->b;
	case V_NUM:
		return v->num != 0;
	case V_TEXT:
		if (is_num(v))
			return v->num != 0;
		return ci_cmp((struct lp_str){ v->p, v->n }, LP_STR("no")) != 0
		    && ci_cmp((struct lp_str){ v->p, v->n },
		    LP_STR("false")) != 0;
	case V_TIME:
		return true;
	case V_DUR:
		return v->dsecs != 0;
	}
	return false;
}

static bool
in_list(struct node *nd, struct val *v)
{
	struct list *l = nd->list;

	if (l->set != NULL) {
		char tmp[32];
		struct lp_str s = as_text(v, tmp);

		nd->buf.n = 0;
		case_map(&nd->buf, s.p, s.n, false);
		if (lp_map_get(l->set, nd->buf.p, nd->buf.n) >= 0)
			return true;
		/* "10.0" against 10: only typed items can still match. */
		if (l->ntyped == 0 || !(is_num(v) || is_time(v) || is_dur(v)))
			return false;
		for (int i = 0; i < l->ntyped; i++)
			if (compare(v, &l->items[l->typed[i]], false) == 0)
				return true;
		return false;
	}
	for (int i = 0; i < l->n; i++)
		if (compare(v, &l->items[i], false) == 0)
			return true;
	return false;
}

/* 1 matched, 0 not, -1 neither (empty, or the match limit was hit). */
static int
regex_match(struct lp_expr *e, struct node *nd, const struct lp_record *rec)
{
	struct val v;
	struct lp_str s;
	char tmp[32];
	int rc;

	eval(e, nd->a, rec, &v);
	if (v.t == V_EMPTY)
		return -1;
	s = as_text(&v, tmp);
	rc = pcre2_match(nd->re->code, (PCRE2_SPTR)s.p, s.n, 0, 0,
	    nd->re->md, e->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (!e->warned) {
		const struct lp_pos *pos = rec != NULL ? lp_record_pos(rec) :
		    NULL;

		e->warned = true;
		if (pos != NULL && pos->file != NULL && pos->line > 0)
			lp_warn("%s:%ld:%d: regex hit its match limit on %s:%ld;"
			    " counted as not matched (reported once)", e->file,
			    nd->re->line, nd->re->col, pos->file, pos->line);
		else
			lp_warn("%s:%ld:%d: regex hit its match limit; counted "
			    "as not matched (reported once)", e->file,
			    nd->re->line, nd->re->col);
	}
	return -1;
}

static bool
test(struct lp_expr *e, struct node *nd, const struct lp_record *rec)
{
	struct val a, b;

	switch (nd->kind) {
	case N_AND:
		for (int i = 0; i < nd->nkids; i++)
			if (!test(e, nd->kids[i], rec))
				return false;
		return true;
	case N_OR:
		for (int i = 0; i < nd->nkids; i++)
			if (test(e, nd->kids[i], rec))
				return true;
		return false;
	case N_NOT:
		return !test(e, nd->a, rec);
	case N_CMP:
		eval(e, nd->a, rec, &a);
		if (a.t == V_EMPTY)
			return false;
		eval(e, nd->b, rec, &b);
		if (b.t == V_EMPTY)
			return false;
		return cmp_holds(compare(&a, &b, nd->op != C_EQ &&
		    nd->op != C_NE), nd->op);
	case N_MATCH: {
		int m = regex_match(e, nd, rec);

		/* Empty, or a match cut short: neither ~ nor !~ holds. */
		return m >= 0 && (m == 1) != nd->neg;
	}
	case N_IN:
		eval(e, nd->a, rec, &a);
		if (a.t == V_EMPTY)
			return false;
		return in_list(nd, &a) != nd->neg;
	case N_EMPTY:
		eval(e, nd->a, rec, &a);
		return (a.t == V_EMPTY) != nd->neg;
	default:
		eval(e, nd, rec, &a);
		return truthy(&a);
	}
}

/* Add, subtract, multiply or divide; empty when the types do not fit. */
static void
arith(int op, struct val *a, struct val *b, struct val *out)
{
	out->t = V_EMPTY;
	out->k = 0;
	if (is_num(a) && is_num(b)) {
		switch (op) {
		case '+':
			set_num(out, a->num + b->num);
			break;
		case '-':
			set_num(out, a->num - b->num);
			break;
		case '*':
			set_num(out, a->num * b->num);
			break;
		case '/':
			if (b->num != 0)
				set_num(out, a->num / b->num);
			break;
		}
		return;
	}
	if (is_time(a) && is_dur(b) && (op == '+' || op == '-')) {
		out->t = V_TIME;
		out->tsecs = op == '+' ? a->tsecs + b->dsecs :
		    a->tsecs - b->dsecs;
	} else if (is_dur(a) && is_time(b) && op == '+') {
		out->t = V_TIME;
		out->tsecs = a->dsecs + b->tsecs;
	} else if (is_time(a) && is_time(b) && op == '-') {
		out->t = V_DUR;
		out->dsecs = a->tsecs - b->tsecs;
	} else if (is_dur(a) && is_dur(b) && (op == '+' || op == '-')) {
		out->t = V_DUR;
		out->dsecs = op == '+' ? a->dsecs + b->dsecs :
		    a->dsecs - b->dsecs;
	} else if (is_dur(a) && is_dur(b) && op == '/') {
		if (b->dsecs != 0)
			set_num(out, (double)a->dsecs / (double)b->dsecs);
	} else if (((is_dur(a) && is_num(b)) || (is_num(a) && is_dur(b))) &&
	    (op == '*' || (op == '/' && is_dur(a)))) {
		double d = is_dur(a) ? (double)a->dsecs : (double)b->dsecs;
		double f = is_num(a) ? a->num : b->num;
		double r = op == '*' ? d * f : (f != 0 ? d / f : NAN);

		if (isfinite(r) && fabs(r) < 9e18) {
			out->t = V_DUR;
			out->dsecs = (int64_t)llround(r);
		}
	}
}

/* The host of an email address or URL, lower-cased, into buf. */
static void
domain_of(struct lp_buf *buf, struct lp_str s, struct val *out)
{
	const char *p = s.p, *end = s.p + s.n, *at = NULL, *q;

	for (q = p; q < end; q++)
		if (*q == '@')
			at = q;
	if (at != NULL)
		p = at + 1;
	else {
		for (q = p; q + 2 < end; q++)
			if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
				p = q + 3;
				break;
			}
		if (end - p > 4 && strncasecmp(p, "www.", 4) == 0)
			p += 4;
	}
	for (q = p; q < end && strchr("/?#:>; ,\t", *q) == NULL; q++)
		;
	while (q > p && q[-1] == '.')
		q--;
	buf->n = 0;
	case_map(buf, p, (size_t)(q - p), false);
	set_text(out, buf->p, buf->n);
}

/*
 * number(): plain decimals, and what spreadsheets add to them: thousands
 * separators (1,234 -- groups of three only, so 1.234,50 is not read
 * wrongly), currency signs, a trailing %, accounting parentheses.
 */
static bool
lenient_number(struct lp_str s, double *out)
{
	char tmp[128];
	size_t o = 0, i = 0, n = s.n;
	const char *p = s.p;
	bool paren = false;

	if (n >= sizeof(tmp))
		return false;
	if (n >= 2 && p[0] == '(' && p[n - 1] == ')') {
		paren = true;
		p++;
		n -= 2;
	}
	if (n > 0 && p[n - 1] == '%')
		n--;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == ' ' || c == '$')
			continue;
		if (c == 0xc2 && i + 1 < n && ((unsigned char)p[i + 1] == 0xa3 ||
		    (unsigned char)p[i + 1] == 0xa5 ||
		    (unsigned char)p[i + 1] == 0xa0)) {	/* £ ¥ nbsp */
			i++;
			continue;
		}
		if (c == 0xe2 && i + 2 < n && (unsigned char)p[i + 1] == 0x82 &&
		    (unsigned char)p[i + 2] == 0xac) {		/* € */
			i += 2;
			continue;
		}
		if (c == ',') {
			/* Exactly three digits, then no digit. */
			if (o == 0 || !is_digit((unsigned char)tmp[o - 1]) ||
			    i + 3 >= n || !is_digit((unsigned char)p[i + 1])
			    || !is_digit((unsigned char)p[i + 2]) ||
			    !is_digit((unsigned char)p[i + 3]) ||
			    (i + 4 < n && is_digit((unsigned char)p[i + 4])))
				return false;
			continue;
		}
		tmp[o++] = (char)c;
	}
	if (!parse_plain(tmp, o, out))
		return false;
	if (paren)
		*out = -*out;
	return true;
}

static void
call(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a, b;
	struct lp_str s, t;
	char ta[32], tb[32];
	size_t used;

	out->t = V_EMPTY;
	out->k = 0;
	switch ((enum fid)nd->op) {
	case F_LOWER:
	case F_UPPER:
		eval(e, nd->kids[0], rec, &a);
		if (a.t == V_EMPTY)
			return;
		s = as_text(&a, ta);
		nd->buf.n = 0;
		case_map(&nd->buf, s.p, s.n, nd->op == F_UPPER);
		set_text(out, nd->buf.p, nd->buf.n);
		return;
	case F_TRIM: {
		bool gap = false;

		eval(e, nd->kids[0], rec, &a);
		if (a.t == V_EMPTY)
			return;
		s = as_text(&a, ta);
		nd->buf.n = 0;
		lp_buf_reserve(&nd->buf, s.n);
		for (size_t i = 0; i < s.n;) {
			size_t w = space_at(s.p, s.n, i);

			if (w > 0) {
				gap = true;
				i += w;
				continue;
			}
			if (gap && nd->buf.n > 0)
				lp_buf_addc(&nd->buf, ' ');
			gap = false;
			lp_buf_addc(&nd->buf, s.p[i++]);
		}
		set_text(out, nd->buf.p, nd->buf.n);
		return;
	}
	case F_LEN: {
		size_t chars = 0;

		eval(e, nd->kids[0], rec, &a);
		s = a.t == V_EMPTY ? (struct lp_str){ "", 0 } : as_text(&a, ta);
		for (size_t i = 0; i < s.n; i++)
			if (((unsigned char)s.p[i] & 0xc0) != 0x80)
				chars++;
		set_num(out, (double)chars);
		return;
	}
	case F_WORD_COUNT: {
		size_t words = 0;
		bool in = false;

		eval(e, nd->kids[0], rec, &a);
		s = a.t == V_EMPTY ? (struct lp_str){ "", 0 } : as_text(&a, ta);
		for (size_t i = 0; i < s.n;) {
			size_t w = space_at(s.p, s.n, i);

			if (w > 0) {
				in = false;
				i += w;
				continue;
			}
			if (!in)
				words++;
			in = true;
			i++;
		}
		set_num(out, (double)words);
		return;
	}
	case F_DOMAIN:
		eval(e, nd->kids[0], rec, &a);
		if (a.t != V_EMPTY)
			domain_of(&nd->buf, as_text(&a, ta), out);
		return;
	case F_CONTAINS:
	case F_STARTS_WITH:
	case F_ENDS_WITH: {
		bool hit = false;

		eval(e, nd->kids[0], rec, &a);
		eval(e, nd->kids[1], rec, &b);
		if (a.t == V_EMPTY || b.t == V_EMPTY) {
			set_bool(out, false);
			return;
		}
		s = as_text(&a, ta);
		t = as_text(&b, tb);
		if (nd->op == F_STARTS_WITH)
			hit = ci_cmp2(s.p, s.n, t.p, t.n, true, &used) == 0;
		else
			for (size_t i = 0; i < s.n && !hit;) {
				if (ci_cmp2(s.p + i, s.n - i, t.p, t.n, true,
				    &used) == 0)
					hit = nd->op == F_CONTAINS ||
					    used == s.n - i;
				/* Next character start. */
				for (i++; i < s.n &&
				    ((unsigned char)s.p[i] & 0xc0) == 0x80; i++)
					;
			}
		set_bool(out, hit);
		return;
	}
	case F_NUMBER:
		eval(e, nd->kids[0], rec, &a);
		if (is_num(&a))
			set_num(out, a.num);
		else if (a.t == V_TEXT) {
			double d;

			if (lenient_number((struct lp_str){ a.p, a.n }, &d))
				set_num(out, d);
		}
		return;
	case F_DAYS_SINCE:
	case F_HOURS_SINCE:
		eval(e, nd->kids[0], rec, &a);
		if (is_time(&a))
			set_num(out, (double)(e->now - a.tsecs) /
			    (nd->op == F_DAYS_SINCE ? 86400.0 : 3600.0));
		return;
	case F_DAYS_BETWEEN:
		eval(e, nd->kids[0], rec, &a);
		eval(e, nd->kids[1], rec, &b);
		if (is_time(&a) && is_time(&b))
			set_num(out, (double)(b.tsecs - a.tsecs) / 86400.0);
		return;
	case F_COALESCE:
		for (int i = 0; i < nd->nkids; i++) {
			eval(e, nd->kids[i], rec, out);
			if (out->t != V_EMPTY)
				return;
		}
		return;
	case F_IF:
		if (test(e, nd->kids[0], rec))
			eval(e, nd->kids[1], rec, out);
		else if (nd->nkids > 2)
			eval(e, nd->kids[2], rec, out);
		return;
	case F_MIN:
	case F_MAX: {
		bool any = false;
		double m = 0;

		for (int i = 0; i < nd->nkids; i++) {
			eval(e, nd->kids[i], rec, &a);
			if (!is_num(&a))
				continue;
			if (!any || (nd->op == F_MIN ? a.num < m : a.num > m))
				m = a.num;
			any = true;
		}
		if (any)
			set_num(out, m);
		return;
	}
	case F_ROUND: {
		double scale = 1;

		eval(e, nd->kids[0], rec, &a);
		if (!is_num(&a))
			return;
		if (nd->nkids > 1) {
			eval(e, nd->kids[1], rec, &b);
			if (!is_num(&b) || b.num < -15 || b.num > 15)
				return;
			scale = pow(10, round(b.num));
		}
		set_num(out, round(a.num * scale) / scale);
		return;
	}
	case F_ABS:
		eval(e, nd->kids[0], rec, &a);
		if (is_num(&a))
			set_num(out, fabs(a.num));
		return;
	case F_NOW:
		out->t = V_TIME;
		out->tsecs = e->now;
		return;
	}
}

static void
eval(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a, b;

	switch (nd->kind) {
	case N_CONST:
		*out = nd->k;
		return;
	case N_FIELD:
		get_field(e, nd->field, rec, out);
		return;
	case N_NOW:
		out->t = V_TIME;
		out->k = 0;
		out->tsecs = e->now;
		return;
	case N_ARITH:
		eval(e, nd->a, rec, &a);
		eval(e, nd->b, rec, &b);
		if (a.t == V_EMPTY || b.t == V_EMPTY) {
			out->t = V_EMPTY;
			return;
		}
		arith(nd->op, &a, &b, out);
		return;
	case N_NEG:
		eval(e, nd->a, rec, &a);
		out->k = 0;
		if (is_num(&a))
			set_num(out, -a.num);
		else if (is_dur(&a)) {
			out->t = V_DUR;
			out->dsecs = -a.dsecs;
		} else
			out->t = V_EMPTY;
		return;
	case N_CALL:
		call(e, nd, rec, out);
		return;
	default:
		out->k = 0;
		set_bool(out, test(e, nd, rec));
		return;
	}
}

bool
lp_expr_test(struct lp_expr *e, const struct lp_record *rec)
{
	return test(e, e->root, rec);
}

void
lp_expr_eval_text(struct lp_expr *e, const struct lp_record *rec,
    struct lp_buf *out)
{
	struct val v;
	char tmp[32];
	struct lp_str s;

	out->n = 0;
	eval(e, e->root, rec, &v);
	if (v.t == V_EMPTY) {
		(void)lp_buf_cstr(out);
		return;
	}
	s = as_text(&v, tmp);
	lp_buf_add(out, s.p, s.n);
	(void)lp_buf_cstr(out);
}

int
lp_expr_eval_number(struct lp_expr *e, const struct lp_record *rec,
    double *d)
{
	struct val v;

	eval(e, e->root, rec, &v);
	if (!is_num(&v))
		return 0;
	*d = v.num;
	return 1;
}

int
lp_expr_eval_time(struct lp_expr *e, const struct lp_record *rec,
    int64_t *secs)
{
	struct val v;

	eval(e, e->root, rec, &v);
	if (!is_time(&v))
		return 0;
	*secs = v.tsecs;
	return 1;
}
