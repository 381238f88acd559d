/*
 * lp_expr_eval -- evaluating a bound expression against a record.  Values
 * are slices of the record, of constants, or of scratch buffers owned by
 * the node that made them (reused per record), so steady-state evaluation
 * allocates nothing.  Comparisons ask the side whose type is already
 * known first, so a field is only parsed as a number or a date when the
 * other side is one.
 */
#define _GNU_SOURCE	/* memrchr */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "lp_expr_int.h"
#include "lp_num.h"

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

/* Computed times stay within ISO 8601's years 0000-9999. */
#define TIME_MIN	INT64_C(-62167219200)
#define TIME_MAX	INT64_C(253402300799)

static void
set_time(struct val *v, int64_t secs)
{
	v->t = secs >= TIME_MIN && secs <= TIME_MAX ? V_TIME : V_EMPTY;
	v->tsecs = secs;
}

/* a + sign * b without overflow; false when it would overflow. */
static bool
add_ok(int64_t a, int64_t b, int sign, int64_t *r)
{
	if (sign < 0) {
		if (b == INT64_MIN)
			return false;
		b = -b;
	}
	if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
		return false;
	*r = a + b;
	return true;
}

static void
set_bool(struct val *v, bool b)
{
	v->t = V_BOOL;
	v->b = b;
}

static int
ci_cmp(struct lp_str a, struct lp_str b)
{
	return lpe_ci_cmp2(a.p, a.n, b.p, b.n, false, NULL);
}

/* White space for trim() and word_count(): ASCII and U+00A0. */
static size_t
space_at(const char *s, size_t n, size_t i)
{
	if (lp_is_ascii_space(s[i]))
		return 1;
	if (i + 1 < n && (unsigned char)s[i] == 0xc2 &&
	    (unsigned char)s[i + 1] == 0xa0)
		return 2;
	return 0;
}

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
	return lpe_as_text(v, tmp);
}

/*
 * -1, 0, 1; or 2 when the values cannot be ordered (a number against
 * text): then only != holds.  Neither side is empty.  order says the
 * caller needs the order, not only equality.
 */
static int
compare(struct lp_dates *d, struct val *a, struct val *b, bool order)
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
		if (is_time(d, b) && is_time(d, a))
			return a->tsecs < b->tsecs ? -1 : a->tsecs > b->tsecs;
		if (is_dur(b) && is_dur(a))
			return a->dsecs < b->dsecs ? -1 : a->dsecs > b->dsecs;
	}
	/* Equal texts are equal either way; only ordering cares. */
	if (order)
		typed = is_num(a) || is_num(b) || is_time(d, a) ||
		    is_time(d, b) ||
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
	v->k = e->fields[idx].k;	/* K_SERIAL in a date column */
	/* lp_record_get checks the width: records made before the header
	 * grew are narrower. */
	if (col < 0 || rec == NULL)
		return;
	s = lp_str_trim(lp_record_get(rec, col));
	if (s.n == 0)
		return;
	v->t = V_TEXT;
	v->p = s.p;
	v->n = s.n;
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

/* Whether lower-casing would change s (an ASCII capital, or non-ASCII). */
static inline bool
needs_fold(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((s[i] >= 'A' && s[i] <= 'Z') || (unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

static bool
in_list(struct lp_dates *d, struct node *nd, struct val *v)
{
	struct list *l = nd->list;
	char tmp[32];
	struct lp_str s = text_of(v, tmp);
	unsigned bit;

	if (!(v->k & K_LOWER) && needs_fold(s.p, s.n)) {
		nd->buf.n = 0;
		lpe_case_map(&nd->buf, s.p, s.n, false);
		s = (struct lp_str){ nd->buf.p, nd->buf.n };
	}
	bit = list_sieve(s.p, s.n);
	if ((l->sieve[bit / 64] >> bit % 64 & 1) &&
	    lp_map_get(l->set, s.p, s.n) >= 0)
		return true;
	/* "10.0" against 10: only typed items can still match. */
	if (l->ntyped == 0 || !(is_num(v) || is_time(d, v) || is_dur(v)))
		return false;
	for (int i = 0; i < l->ntyped; i++)
		if (compare(d, v, &l->items[l->typed[i]], false) == 0)
			return true;
	return false;
}

/* 1 matched, 0 not, -1 neither (empty, or the match limit was hit). */
static int
regex_match(struct lp_expr *e, struct node *nd, const struct lp_record *rec)
{
	struct regex *re = nd->re;
	const bool *hit;
	void *slot;
	struct val v;
	struct lp_str s;
	char tmp[32];
	int rc;

	lpe_eval(e, nd->a, rec, &v);
	if (v.t == V_EMPTY)
		return -1;
	s = text_of(&v, tmp);
	if ((hit = lp_memo_get(&re->memo, s.p, s.n, &slot)) != NULL)
		return *hit;
	/* pcre2_jit_match skips pcre2_match's checks: the subject is valid
	 * UTF-8 (the readers see to that) and the options are fixed. */
	if (re->jit)
		rc = pcre2_jit_match(re->code, (PCRE2_SPTR)s.p, s.n, 0, 0,
		    re->md, e->mctx);
	else
		rc = pcre2_match(re->code, (PCRE2_SPTR)s.p, s.n, 0, 0,
		    re->md, e->mctx);
	if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH) {
		if (slot != NULL)
			*(bool *)lp_memo_put(&re->memo, slot, s.p, s.n) =
			    rc >= 0;
		return rc >= 0;
	}
	if (e->dates != NULL)
		e->dates->met++;	/* lp_dates: not to be remembered */
	if (e->limit_hits++ == 0) {
		e->limit_line = nd->re->line;
		e->limit_col = nd->re->col;
	}
	if (!e->warned) {
		const struct lp_pos *pos = rec != NULL ? lp_record_pos(rec) :
		    NULL;

		e->warned = true;
		if (pos != NULL && pos->file != NULL && pos->line > 0)
			lp_warn("%s:%ld:%d: regex hit its match limit on %s:%ld;"
			    " neither ~ nor !~ holds, the rule does not fire "
			    "(reported once)", e->file, nd->re->line,
			    nd->re->col, pos->file, pos->line);
		else
			lp_warn("%s:%ld:%d: regex hit its match limit; neither "
			    "~ nor !~ holds, the rule does not fire (reported "
			    "once)", e->file, nd->re->line, nd->re->col);
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
		lpe_eval(e, nd->a, rec, &a);
		if (a.t == V_EMPTY)
			return false;
		lpe_eval(e, nd->b, rec, &b);
		if (b.t == V_EMPTY)
			return false;
		return cmp_holds(compare(e->dates, &a, &b, nd->op != C_EQ &&
		    nd->op != C_NE), nd->op);
	case N_MATCH: {
		int m = regex_match(e, nd, rec);

		/* Empty, or a match cut short: neither ~ nor !~ holds. */
		return m >= 0 && (m == 1) != nd->neg;
	}
	case N_IN:
		lpe_eval(e, nd->a, rec, &a);
		if (a.t == V_EMPTY)
			return false;
		return in_list(e->dates, nd, &a) != nd->neg;
	case N_EMPTY:
		lpe_eval(e, nd->a, rec, &a);
		return (a.t == V_EMPTY) != nd->neg;
	default:
		lpe_eval(e, nd, rec, &a);
		return truthy(&a);
	}
}

/* Add, subtract, multiply or divide; empty when the types do not fit. */
static void
arith(struct lp_dates *dates, int op, struct val *a, struct val *b,
    struct val *out)
{
	int64_t r;

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
	if (is_time(dates, a) && is_dur(b) && (op == '+' || op == '-')) {
		if (add_ok(a->tsecs, b->dsecs, op == '+' ? 1 : -1, &r))
			set_time(out, r);
	} else if (is_dur(a) && is_time(dates, b) && op == '+') {
		if (add_ok(b->tsecs, a->dsecs, 1, &r))
			set_time(out, r);
	} else if (is_time(dates, a) && is_time(dates, b) && op == '-') {
		if (add_ok(a->tsecs, b->tsecs, -1, &out->dsecs))
			out->t = V_DUR;
	} else if (is_dur(a) && is_dur(b) && (op == '+' || op == '-')) {
		if (add_ok(a->dsecs, b->dsecs, op == '+' ? 1 : -1, &out->dsecs))
			out->t = V_DUR;
	} else if (is_dur(a) && is_dur(b) && op == '/') {
		if (b->dsecs != 0)
			set_num(out, (double)a->dsecs / (double)b->dsecs);
	} else if (((is_dur(a) && is_num(b)) || (is_num(a) && is_dur(b))) &&
	    (op == '*' || (op == '/' && is_dur(a)))) {
		double d = is_dur(a) ? (double)a->dsecs : (double)b->dsecs;
		double f = is_num(a) ? a->num : b->num;
		double x = op == '*' ? d * f : (f != 0 ? d / f : NAN);

		if (isfinite(x) && fabs(x) < 9e18) {
			out->t = V_DUR;
			out->dsecs = (int64_t)llround(x);
		}
	}
}

/*
 * What domain() asks of each byte: 1 ends the host part of an address or
 * URL (/ ? # : > ; , space tab), 2 would change when lower-cased (A-Z,
 * and every byte of a non-ASCII character).
 */
static const unsigned char host_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1,
	0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

#ifdef __SSE2__
/* Of 16 bytes at x: which are '@' (returned) and which are not a-z, 0-9,
 * '.' or '-' (*bad), one bit each. */
static inline unsigned
host_mask(__m128i x, unsigned *bad)
{
	__m128i lo = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('a' - 1)),
	    _mm_cmplt_epi8(x, _mm_set1_epi8('z' + 1)));
	__m128i dg = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
	    _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
	__m128i ok = _mm_or_si128(_mm_or_si128(lo, dg), _mm_or_si128(
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('.')),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('-'))));

	*bad = ~(unsigned)_mm_movemask_epi8(ok) & 0xffff;
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
	    _mm_set1_epi8('@')));
}
#endif

/* The host of an email address or URL, lower-cased; into buf when that
 * changes it or when s does not outlive the call (copy). */
static void
domain_of(struct lp_buf *buf, struct lp_str s, bool copy, struct val *out)
{
	const char *p = s.p, *end = s.p + s.n, *q;
	unsigned fold = 0;

#ifdef __SSE2__
	/* Most emails: their last @ within the last 32 bytes and only
	 * a-z 0-9 . - after it -- all the rest is the host, as it is. */
	if (s.n >= 16) {
		const char *base = s.n > 32 ? end - 32 : p;
		unsigned len = s.n > 32 ? 32 : (unsigned)s.n;
		unsigned at, bad, at2, bad2;
		__m128i a = _mm_loadu_si128((const __m128i *)(const void *)
		    base);
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)
		    (end - 16));

		/* Two blocks, overlapping when len < 32: bit i is byte i. */
		at = host_mask(a, &bad);
		at2 = host_mask(b, &bad2);
		at |= at2 << (len - 16);
		bad |= bad2 << (len - 16);
		if (at != 0) {
			unsigned i = 31 - (unsigned)__builtin_clz(at);

			if ((bad & ~((2u << i) - 1)) == 0) {
				p = base + i + 1;
				q = end;
				goto host;
			}
		}
	}
#endif
	/* Back from the end to the last @, noting what the bytes after it
	 * ask for: an email's domain is most often all the rest, and then
	 * this one pass is the whole scan (memrchr and a second scan
	 * forward measured slower). */
	for (q = end; q > p && q[-1] != '@'; q--)
		fold |= host_class[(unsigned char)q[-1]];
	if (q > p && !(fold & 1)) {
		p = q;
		q = end;
		goto host;
	}
	fold = 0;
	if (q > p)
		p = q;	/* after the last @; something ends the host */
	else {
		for (q = p; q + 2 < end; q++)
			if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
				p = q + 3;
				break;
			}
		if (end - p > 4 && strncasecmp(p, "www.", 4) == 0)
			p += 4;
	}
	/* Four bytes a step while none of them ends the host. */
	for (q = p; end - q >= 4; q += 4) {
		unsigned c = host_class[(unsigned char)q[0]] |
		    host_class[(unsigned char)q[1]] |
		    host_class[(unsigned char)q[2]] |
		    host_class[(unsigned char)q[3]];

		if (c & 1)
			break;
		fold |= c;
	}
	for (; q < end && host_class[(unsigned char)*q] != 1; q++)
		fold |= host_class[(unsigned char)*q];
host:
	while (q > p && q[-1] == '.')
		q--;
	if (fold == 0 && !copy) {
		lpe_set_text(out, p, (size_t)(q - p));
		out->k = K_LOWER;
		return;
	}
	buf->n = 0;
	lpe_case_map(buf, p, (size_t)(q - p), false);
	lpe_set_text(out, buf->p, buf->n);
}

/* One end of a band ("1,001" of "1,001-5,000"), by the number reader. */
static bool
band_num(struct lp_str s, double *out)
{
	return s.n > 0 && lp_num_read(s.p, s.n, out, NULL, NULL) == LP_NUM_OK;
}

/* ---- the built-in functions (the table lpe_funcs below) ---- */

/* Variants of one implementation, in struct func arg and node op. */
enum { ARG_LOWER, ARG_UPPER };
enum { ARG_CONTAINS, ARG_STARTS, ARG_ENDS };
enum { ARG_DAYS, ARG_HOURS };
enum { ARG_MIN, ARG_MAX };

static void
f_case(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a;
	struct lp_str s;
	char ta[32];

	lpe_eval(e, nd->kids[0], rec, &a);
	if (a.t == V_EMPTY)
		return;
	s = lpe_as_text(&a, ta);
	nd->buf.n = 0;
	lpe_case_map(&nd->buf, s.p, s.n, nd->op == ARG_UPPER);
	lpe_set_text(out, nd->buf.p, nd->buf.n);
}

static void
f_trim(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a;
	struct lp_str s;
	char ta[32];
	bool gap = false;

	lpe_eval(e, nd->kids[0], rec, &a);
	if (a.t == V_EMPTY)
		return;
	s = lpe_as_text(&a, ta);
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
	lpe_set_text(out, nd->buf.p, nd->buf.n);
}

static void
f_len(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a;
	struct lp_str s;
	char ta[32];
	size_t chars = 0;

	lpe_eval(e, nd->kids[0], rec, &a);
	s = a.t == V_EMPTY ? (struct lp_str){ "", 0 } : lpe_as_text(&a, ta);
	for (size_t i = 0; i < s.n; i++)
		if (((unsigned char)s.p[i] & 0xc0) != 0x80)
			chars++;
	set_num(out, (double)chars);
}

static void
f_word_count(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a;
	struct lp_str s;
	char ta[32];
	size_t words = 0;
	bool in = false;

	lpe_eval(e, nd->kids[0], rec, &a);
	s = a.t == V_EMPTY ? (struct lp_str){ "", 0 } : lpe_as_text(&a, ta);
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
}

static void
f_domain(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a;
	char ta[32];

	/* A number's or time's text is in ta, gone after the call. */
	lpe_eval(e, nd->kids[0], rec, &a);
	if (a.t != V_EMPTY)
		domain_of(&nd->buf, text_of(&a, ta), a.t != V_TEXT, out);
}

static void
f_match(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a, b;
	struct lp_str s, t;
	char ta[32], tb[32];
	size_t used;
	bool hit = false;

	lpe_eval(e, nd->kids[0], rec, &a);
	lpe_eval(e, nd->kids[1], rec, &b);
	if (a.t == V_EMPTY || b.t == V_EMPTY) {
		set_bool(out, false);
		return;
	}
	s = lpe_as_text(&a, ta);
	t = lpe_as_text(&b, tb);
	if (nd->op == ARG_STARTS)
		hit = lpe_ci_cmp2(s.p, s.n, t.p, t.n, true, &used) == 0;
	else
		for (size_t i = 0; i < s.n && !hit;) {
			if (lpe_ci_cmp2(s.p + i, s.n - i, t.p, t.n, true,
			    &used) == 0)
				hit = nd->op == ARG_CONTAINS ||
				    used == s.n - i;
			/* Next character start. */
			for (i++; i < s.n &&
			    ((unsigned char)s.p[i] & 0xc0) == 0x80; i++)
				;
		}
	set_bool(out, hit);
}

static void
f_number(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a;

	lpe_eval(e, nd->kids[0], rec, &a);
	/* The one number reader, as every comparison uses. */
	if (is_num(&a))
		set_num(out, a.num);
}

/* A size band as one number: "201-500" -> 350.5, "10,001+" -> 10001. */
static void
f_band(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a;
	struct lp_str s;
	double lo, hi;
	size_t i, dash;

	lpe_eval(e, nd->kids[0], rec, &a);
	if (is_num(&a)) {
		if (a.num != 0)
			set_num(out, a.num);
		return;
	}
	if (a.t != V_TEXT)
		return;
	s = lp_str_trim((struct lp_str){ a.p, a.n });
	if (s.n > 0 && s.p[s.n - 1] == '+')
		s.n--;		/* "10,001+" */
	/* "A-B", "A - B", "A\u2013B" (en dash): the middle. */
	for (dash = 0; dash < s.n; dash++)
		if (s.p[dash] == '-' && dash > 0)
			break;
		else if (dash + 2 < s.n && (unsigned char)s.p[dash] == 0xe2 &&
		    (unsigned char)s.p[dash + 1] == 0x80 &&
		    (unsigned char)s.p[dash + 2] == 0x93)
			break;
	if (dash < s.n) {
		i = s.p[dash] == '-' ? dash + 1 : dash + 3;
		if (!band_num(lp_str_trim((struct lp_str){ s.p, dash }), &lo) ||
		    !band_num(lp_str_trim((struct lp_str){ s.p + i, s.n - i }),
		    &hi) || hi < lo)
			return;
		set_num(out, (lo + hi) / 2);
		return;
	}
	if (band_num(s, &lo) && lo != 0)
		set_num(out, lo);
}

static void
f_country_code(struct lp_expr *e, struct node *nd,
    const struct lp_record *rec, struct val *out)
{
	struct val a;
	struct lp_str s;
	char ta[32];
	const char *cc;

	lpe_eval(e, nd->kids[0], rec, &a);
	if (a.t == V_EMPTY)
		return;
	s = lp_str_trim(lpe_as_text(&a, ta));
	if (e->geo == NULL)
		e->geo = lp_geo_new();
	if ((cc = lp_geo_country(e->geo, s.p, s.n)) != NULL)
		lpe_set_text(out, cc, strlen(cc));
}

static void
f_since(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a;

	lpe_eval(e, nd->kids[0], rec, &a);
	if (is_time(e->dates, &a))
		set_num(out, ((double)e->now - (double)a.tsecs) /
		    (nd->op == ARG_DAYS ? 86400.0 : 3600.0));
}

static void
f_days_between(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a, b;

	lpe_eval(e, nd->kids[0], rec, &a);
	lpe_eval(e, nd->kids[1], rec, &b);
	if (is_time(e->dates, &a) && is_time(e->dates, &b))
		set_num(out, ((double)b.tsecs - (double)a.tsecs) /
		    86400.0);
}

static void
f_coalesce(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	for (int i = 0; i < nd->nkids; i++) {
		lpe_eval(e, nd->kids[i], rec, out);
		if (out->t != V_EMPTY)
			return;
	}
}

static void
f_if(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	if (test(e, nd->kids[0], rec))
		lpe_eval(e, nd->kids[1], rec, out);
	else if (nd->nkids > 2)
		lpe_eval(e, nd->kids[2], rec, out);
}

static void
f_minmax(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a;
	bool any = false;
	double m = 0;

	for (int i = 0; i < nd->nkids; i++) {
		lpe_eval(e, nd->kids[i], rec, &a);
		if (!is_num(&a))
			continue;
		if (!any || (nd->op == ARG_MIN ? a.num < m : a.num > m))
			m = a.num;
		any = true;
	}
	if (any)
		set_num(out, m);
}

static void
f_round(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a, b;
	double scale = 1;

	lpe_eval(e, nd->kids[0], rec, &a);
	if (!is_num(&a))
		return;
	if (nd->nkids > 1) {
		lpe_eval(e, nd->kids[1], rec, &b);
		if (!is_num(&b) || b.num < -15 || b.num > 15)
			return;
		scale = pow(10, round(b.num));
	}
	set_num(out, round(a.num * scale) / scale);
}

static void
f_abs(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	struct val a;

	lpe_eval(e, nd->kids[0], rec, &a);
	if (is_num(&a))
		set_num(out, fabs(a.num));
}

static void
f_now(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	(void)nd;
	(void)rec;
	out->t = V_TIME;
	out->tsecs = e->now;
}

/*
 * The one table of built-in functions: name, implementation, its
 * variant (nd->op), arguments (max -1: any), whether it returns a
 * boolean, and its line of documentation.  The parser finds names here
 * (and suggests one for a typo); lp_expr_funcs lists them.
 */

const struct func lpe_funcs[] = {
	{ "lower", f_case, ARG_LOWER, 1, 1, false,
	    "lower(s)             case mapping (Unicode)" },
	{ "upper", f_case, ARG_UPPER, 1, 1, false,
	    "upper(s)             case mapping (Unicode)" },
	{ "trim", f_trim, 0, 1, 1, false,
	    "trim(s)              strip and squeeze white space (incl. no-break)" },
	{ "len", f_len, 0, 1, 1, false,
	    "len(s)               characters; 0 when empty" },
	{ "word_count", f_word_count, 0, 1, 1, false,
	    "word_count(s)        words; 0 when empty" },
	{ "domain", f_domain, 0, 1, 1, false,
	    "domain(s)            \"ann@Acme.com\" -> acme.com; a URL's host, no www." },
	{ "contains", f_match, ARG_CONTAINS, 2, 2, true,
	    "contains(s, t)       case-insensitive; false when either is empty" },
	{ "starts_with", f_match, ARG_STARTS, 2, 2, true,
	    "starts_with(s, t)    case-insensitive; false when either is empty" },
	{ "ends_with", f_match, ARG_ENDS, 2, 2, true,
	    "ends_with(s, t)      case-insensitive; false when either is empty" },
	{ "number", f_number, 0, 1, 1, false,
	    "number(s)            lenient: \"1,234\" \"$5,000\" \"12%\" \"(300)\" -> number" },
	{ "band", f_band, 0, 1, 1, false,
	    "band(s)              a size band as one number: \"201-500\" -> 350.5 (the\n"
	    "                     middle), \"10,001+\" -> 10001; 0 (unknown) -> empty" },
	{ "country_code", f_country_code, 0, 1, 1, false,
	    "country_code(s)      ISO 3166 alpha-2 of a name or code: \"DEU\" -> DE" },
	{ "days_since", f_since, ARG_DAYS, 1, 1, false,
	    "days_since(t)        fractional, from now" },
	{ "hours_since", f_since, ARG_HOURS, 1, 1, false,
	    "hours_since(t)       fractional, from now" },
	{ "days_between", f_days_between, 0, 2, 2, false,
	    "days_between(a, b)   b - a in days" },
	{ "coalesce", f_coalesce, 0, 1, -1, false,
	    "coalesce(a, b, ...)  the first non-empty value" },
	{ "if", f_if, 0, 2, 3, false,
	    "if(cond, a [, b])    a when cond holds, else b (or empty)" },
	{ "min", f_minmax, ARG_MIN, 1, -1, false,
	    "min(a, ...)          over the arguments that are numbers" },
	{ "max", f_minmax, ARG_MAX, 1, -1, false,
	    "max(a, ...)          over the arguments that are numbers" },
	{ "round", f_round, 0, 1, 2, false,
	    "round(x [, digits])  half away from zero" },
	{ "abs", f_abs, 0, 1, 1, false,
	    "abs(x)               absolute value" },
	{ "now", f_now, 0, 0, 0, false,
	    "now()                same as now" },
};
const size_t lpe_nfuncs = sizeof(lpe_funcs) / sizeof(lpe_funcs[0]);

static void
call(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
    struct val *out)
{
	out->t = V_EMPTY;
	out->k = 0;
	nd->fn->eval(e, nd, rec, out);
}

void
lpe_eval(struct lp_expr *e, struct node *nd, const struct lp_record *rec,
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
		lpe_eval(e, nd->a, rec, &a);
		lpe_eval(e, nd->b, rec, &b);
		if (a.t == V_EMPTY || b.t == V_EMPTY) {
			out->t = V_EMPTY;
			return;
		}
		arith(e->dates, nd->op, &a, &b, out);
		return;
	case N_NEG:
		lpe_eval(e, nd->a, rec, &a);
		out->k = 0;
		if (is_num(&a))
			set_num(out, -a.num);
		else if (is_dur(&a) && a.dsecs != INT64_MIN) {
			out->t = V_DUR;
			out->dsecs = -a.dsecs;
		} else
			out->t = V_EMPTY;
		return;
	case N_CALL:
		if (nd == e->keycall && e->haskey)
			*out = e->keyval;
		else
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

struct lp_str
lp_expr_eval_str(struct lp_expr *e, const struct lp_record *rec,
    struct lp_buf *scratch)
{
	struct val v;
	char tmp[32];
	struct lp_str s;

	lpe_eval(e, e->root, rec, &v);
	if (v.t == V_EMPTY)
		return (struct lp_str){ "", 0 };
	if (v.t == V_TEXT)	/* the record's or a node's bytes: no copy */
		return (struct lp_str){ v.p, v.n };
	s = lpe_as_text(&v, tmp);
	scratch->n = 0;
	lp_buf_add(scratch, s.p, s.n);
	return (struct lp_str){ scratch->p, scratch->n };
}

/* The text functions whose value is a function of their argument's
 * text alone (lp_expr_key_call). */
static bool
text_function(const struct func *fn)
{
	return fn->eval == f_domain || fn->eval == f_case ||
	    fn->eval == f_trim || fn->eval == f_country_code;
}

const char *
lp_expr_key_call(struct lp_expr *e)
{
	struct node *call = NULL;
	int fields = 0, calls = 0;

	e->keycall = NULL;
	if (e->nfields != 1)
		return NULL;
	for (struct node *nd = e->nodes; nd != NULL; nd = nd->next) {
		if (nd->kind0 == N_FIELD)
			fields++;
		if (nd->kind0 != N_CALL || nd->nkids != 1 ||
		    nd->kids[0]->kind0 != N_FIELD)
			continue;
		if (!text_function(nd->fn) || (call != NULL &&
		    (call->fn != nd->fn || call->op != nd->op)))
			return NULL;
		call = nd;
		calls++;
	}
	if (call == NULL || calls != fields)
		return NULL;
	e->keycall = call;
	return call->fn->name;
}

bool
lp_expr_key(struct lp_expr *e, const struct lp_record *rec,
    struct lp_str *key)
{
	struct val v;

	if (e->keycall == NULL)
		return false;
	lpe_eval(e, e->keycall, rec, &v);
	e->keyval = v;
	if (v.t == V_EMPTY)
		*key = (struct lp_str){ "", 0 };
	else if (v.t == V_TEXT)
		*key = (struct lp_str){ v.p, v.n };
	else
		return false;
	return true;
}

bool
lp_expr_key_list(const struct lp_expr *e)
{
	const struct node *nd = e->root;

	return e->keycall != NULL && nd->kind == N_IN && nd->a == e->keycall &&
	    nd->list->ntyped == 0;
}

bool
lp_expr_key_in(struct lp_expr *e, const struct lp_expr *from)
{
	struct val v = from->keyval;

	/* test()'s N_IN with the call's value, as lent */
	if (v.t == V_EMPTY)
		return false;
	return in_list(e->dates, e->root, &v) != e->root->neg;
}

int
lp_expr_field_column(const struct lp_expr *e)
{
	return e->root->kind == N_FIELD ? e->fields[e->root->field].col : -2;
}

/* Whether f is a field bound to column *col, or to a column when *col
 * is -1 (then set). */
static bool
on_col(const struct lp_expr *e, const struct node *f, int *col)
{
	int c;

	if (f->kind != N_FIELD || (c = e->fields[f->field].col) < 0 ||
	    (*col >= 0 && c != *col))
		return false;
	*col = c;
	return true;
}

static bool
num_cuts(const struct lp_expr *e, const struct node *nd, int *col,
    double *cuts, int *n, int max)
{
	const struct node *f = nd->a, *k = nd->b;
	struct val v;

	switch (nd->kind) {
	case N_AND:
	case N_OR:
		for (int i = 0; i < nd->nkids; i++)
			if (!num_cuts(e, nd->kids[i], col, cuts, n, max))
				return false;
		return true;
	case N_NOT:
		return num_cuts(e, nd->a, col, cuts, n, max);
	case N_EMPTY:
		return on_col(e, nd->a, col);
	case N_CMP:
		if (f->kind == N_CONST) {
			f = nd->b;
			k = nd->a;
		}
		if (k->kind != N_CONST || !on_col(e, f, col))
			return false;
		/* compare() orders two numbers by value alone: NaN, which
		 * would be "equal" to every number, is left out. */
		v = k->k;
		if (!is_num(&v) || isnan(v.num) || *n == max)
			return false;
		cuts[(*n)++] = v.num;
		return true;
	default:
		return false;
	}
}

bool
lp_expr_num_cuts(const struct lp_expr *e, int *col, double *cuts, int *n,
    int max)
{
	return num_cuts(e, e->root, col, cuts, n, max);
}

void
lp_expr_key_lend(struct lp_expr *to, const struct lp_expr *from)
{
	if (to == NULL)
		return;
	to->haskey = from != NULL && to->keycall != NULL;
	if (to->haskey)
		to->keyval = from->keyval;
}

void
lp_expr_eval_text(struct lp_expr *e, const struct lp_record *rec,
    struct lp_buf *out)
{
	struct lp_str s = lp_expr_eval_str(e, rec, out);

	if (s.p != out->p) {
		out->n = 0;
		lp_buf_add(out, s.p, s.n);
	}
	(void)lp_buf_cstr(out);
}

int
lp_expr_eval_number(struct lp_expr *e, const struct lp_record *rec,
    double *d)
{
	struct val v;

	lpe_eval(e, e->root, rec, &v);
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

	lpe_eval(e, e->root, rec, &v);
	if (!is_time(e->dates, &v))
		return 0;
	*secs = v.tsecs;
	return 1;
}
