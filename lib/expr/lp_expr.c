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
 *                  | [ "not" ] "in" ( list | "file" "(" path ")" )
 *                  | "is" [ "not" ] "empty" ] ;
 *   cmpop    = "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=" ;
 *   rhs      = sum, in which a bare word is text, not a field ;
 *   sum      = term { ( "+" | "-" ) term } ;
 *   term     = unary { ( "*" | "/" ) unary } ;
 *   unary    = "-" unary | primary ;
 *   primary  = number | duration | date | string | "now" | field
 *            | name "(" [ expr { "," expr } ] ")" | "(" expr ")" ;
 *   field    = name | "`" any text but "`" "`" ;
 *   name     = letter { letter | digit } ;   (letters: A-Z a-z _ and any
 *                                               non-ASCII UTF-8 letter)
 *   list     = "(" item { "," item } [ "," ] ")" ;
 *   item     = string | word ;
 *   path     = string | { any byte but ")" and white space } ;
 *   word     = { letter | digit | "_" | "." | "@" | ":" | "-" | non-ASCII } ;
 *   number   = [ "-" | "+" ] digits [ "." digits ]     (30, -2.5, .5)
 *   duration = digits unit { digits unit }, unit = w d h m s   (30d, 1d12h)
 *   date     = ISO 8601: 2026-11-01, 2026-11-01T09:30:00Z, ...+02:00
 *   string   = '"' { char | "\"" | "\\" | "\n" | "\t" } '"' ;
 *   regex    = "/" { char | "\/" } "/" { "i" | "m" | "s" | "x" | "u" } ;
 *
 * Precedence, loosest first: or, and, not, comparisons, + -, * /, unary
 * minus.  "==" is "=" and "<>" is "!=".  A "#" outside strings, regexes
 * and backticks starts a comment that runs to the end of the line.
 *
 * On the right of a comparison and in lists a bare word is text
 * (country in (US, CA), demo_requested = yes, created_at > 2026-01-01);
 * write a field there in backticks (email = `owner email`).  Inside
 * parentheses and function arguments names are fields again.  Keywords,
 * lower case only: and or not in is empty now file (country = IN is
 * India).  Put spaces around "-" between words: on the right,
 * paid-search and 2026-01-01 are single words.  A file(path) list is
 * read once, when the expression is parsed, relative to the playbook's
 * directory.
 *
 * TYPES
 *
 * Values are empty, text, numbers, times (dates), durations or booleans.
 * A field's value is its text with leading and trailing white space
 * removed; an empty field is empty.  Text is a number when it is a plain
 * decimal ("1,234" and "1e3" are text; number() reads those), a time when
 * the one date reader reads it (lp_dates_read: ISO 8601, 4 March 2026,
 * 03/13/2026; 03/04/2026 in the run's order, lp_expr_src.dates, else no
 * time and counted there; Excel serials in date columns only; a constant
 * reads the same in every run), a duration when it is like 30d or 1d12h.
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
 *     multiline, s dotall, x extended, u UTF-8 and Unicode properties);
 *     unanchored, so /vp/i finds "SVP Sales".  A match that hits the
 *     match limit (lp_limits.regex_effort, by default 1,000,000 steps,
 *     about a millisecond) holds for neither ~ nor !~ and warns once
 *     per expression.
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
 *   One table, lpe_funcs in lp_expr_eval.c: each built-in's name, its
 *   implementation, arguments and one line of documentation (lower,
 *   upper, trim, len, word_count, domain, contains, starts_with,
 *   ends_with, number, band, country_code, days_since, hours_since, days_between, coalesce,
 *   if, min, max, round, abs, now).
 */

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "lp_alias.h"
#include "lp_date.h"
#include "lp_esc.h"
#include "lp_norm.h"
#include "lp_expr_int.h"
#include "lp_num.h"

bool
lp_expr_number(const char *p, size_t n, double *x)
{
	int c = n > 0 ? (unsigned char)p[0] : 0;

	/* The one number reader (lp_num.h), plain decimals first: "1,200"
	 * and "$5k" are numbers, "1.200" (ambiguous) is not. */
	if ((is_digit(c) || c == '-' || c == '+' || c == '.') &&
	    lp_num_plain(p, n, x))
		return true;
	return lp_num_read(p, n, x, NULL, NULL) == LP_NUM_OK;
}

bool
lpe_is_num_slow(struct val *v)
{
	if (v->t == V_NUM)
		return true;
	if (v->t != V_TEXT)
		return false;
	if (!(v->k & K_NUM_DONE)) {
		v->k |= K_NUM_DONE;
		if (lp_expr_number(v->p, v->n, &v->num))
			v->k |= K_NUM;
	}
	return (v->k & K_NUM) != 0;
}

bool
lpe_is_time_slow(struct lp_dates *d, struct val *v)
{
	if (v->t == V_TIME)
		return true;
	if (v->t != V_TEXT)
		return false;
	if (!(v->k & K_TIME_DONE)) {
		struct lp_datetime dt;
		int c = (unsigned char)v->p[0];

		v->k |= K_TIME_DONE;
		/* YYYY-MM-DD first: the cheap common case.  Then the one
		 * date reader (lp_dates_read), for what may be a date: it
		 * starts with a digit or a letter (4 March 2026, Mar 4). */
		if (v->n >= 10 && is_digit(c) && v->p[4] == '-' &&
		    lp_date_parse_iso(v->p, v->n, &dt) == 0) {
			v->tsecs = dt.secs;
			v->k |= K_TIME;
		} else if (v->n >= 5 && (is_digit(c) || is_alpha(c)) &&
		    lp_dates_read(d, v->p, v->n, (v->k & K_SERIAL) != 0,
		    &dt) == 0) {
			v->tsecs = dt.secs;
			v->k |= K_TIME;
		}
	}
	return (v->k & K_TIME) != 0;
}

bool
lpe_is_dur_slow(struct val *v)
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
	if (v == 0)
		return (size_t)snprintf(buf, 32, "0");
	if (v == floor(v) && fabs(v) < 1e15)
		return (size_t)snprintf(buf, 32, "%.0f", v);
	return lp_fmt_short(buf, v);
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
struct lp_str
lpe_as_text(const struct val *v, char *tmp)
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
int
lpe_ci_cmp2(const char *a, size_t an, const char *b, size_t bn, bool prefix,
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

/* Append s to b lower- or upper-cased. */
void
lpe_case_map(struct lp_buf *b, const char *s, size_t n, bool up)
{
	size_t i = 0;

	lp_buf_reserve(b, n);
	/* ASCII, the common case, straight into the reserved room; one loop
	 * per direction keeps the test out of the loop. */
	if (up)
		for (char *o = b->p + b->n; i < n &&
		    (unsigned char)s[i] < 0x80; i++)
			o[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 :
			    s[i]);
	else
		for (char *o = b->p + b->n; i < n &&
		    (unsigned char)s[i] < 0x80; i++)
			o[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 :
			    s[i]);
	b->n += i;
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

/* ---- errors and positions ---- */

/*
 * Line, column and source line of byte off of the text.  Columns count
 * bytes, as the playbook's do, so a caret lines up with its messages.
 */
void
lpe_where(const struct lp_expr *e, size_t off, long *line, int *col,
    char *src, size_t srccap)
{
	size_t start = 0, end;

	*line = e->line;
	for (size_t i = 0; i < off && i < e->n; i++)
		if (e->text[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	*col = (int)(off - start) + (start == 0 ? e->col : 1);
	if (start == 0 && e->line_text != NULL) {
		snprintf(src, srccap, "%s", e->line_text);
		return;
	}
	for (end = start; end < e->n && e->text[end] != '\n'; end++)
		;
	snprintf(src, srccap, "%.*s", (int)(end - start), e->text + start);
}

void
lpe_verr_at(const struct lp_expr *e, struct lp_err *err, size_t off,
    const char *fmt, va_list ap)
{
	char msg[512], src[256];
	long line;
	int col;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	lpe_where(e, off, &line, &col, src, sizeof(src));
	lp_err_setc(err, EX_CONFIG, e->file, line, col, src, "%s", msg);
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
		size_t d = lp_edit_distance(key, klen, k2, l2, limit);

		if (d < best) {
			best = d;
			hit = h;
		}
	}
	if ((alias = lp_alias_suggest(name, strlen(name))) != NULL) {
		size_t l2 = lp_name_key(alias, strlen(alias), k2, sizeof(k2));

		if (lp_edit_distance(key, klen, k2, l2, limit) < best)
			hit = alias;
	}
	return hit;
}

/* Can name be written without backticks? */
static bool
plain_name(const char *s)
{
	if (is_digit((unsigned char)s[0]))
		return false;
	for (; *s != '\0'; s++)
		if (!is_alpha((unsigned char)*s) && !is_digit((unsigned char)*s)
		    && (unsigned char)*s < 0x80)
			return false;
	return true;
}

static int
bind_err(struct lp_expr *e, struct lp_err *err, size_t off,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lpe_verr_at(e, err, off, fmt, ap);
	va_end(ap);
	return -1;
}

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

		lpe_eval(e, nd, NULL, &v);
		if (v.t == V_TEXT) {
			v.k = 0;
			(void)is_num(&v);
			(void)is_time(NULL, &v);
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
		/* Excel serials are dates where lead-norm reads them. */
		f->k = lp_norm_kind(lp_alias_canonical(f->name,
		    strlen(f->name))) == LP_NORM_DATE ? K_SERIAL : 0;
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
