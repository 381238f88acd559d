/*
 * lp_phone -- libphonenumber's parse, isValidNumber and getNumberType,
 * step for step, over its metadata (lib/data/phone_plans.tsv).
 *
 *   text    -> the number's characters: from the first "+" or digit,
 *              trailing punctuation and a second "/ x..." number cut,
 *              the extension (x12, ext. 12, ;ext=12, #12, ,,12) kept
 *              apart; letters elsewhere make it not a number
 *   digits  -> calling code: after "+" (or the region's international
 *              prefix, 00, 011, ...) the longest assigned code; else
 *              the region's own code, also when the digits start with it
 *              and are valid only without it
 *   NSN     -> the plan's national prefix removed or transformed (AR's
 *              "0 11 15 ..." -> "9 11 ..."), kept when what is left does
 *              not have a length the plan allows
 *   valid   -> the region among those sharing the code whose leading
 *              digits or patterns fit; the NSN must match its general
 *              pattern and one type's (premium rate, toll free, ...,
 *              fixed line, mobile), whose length must fit too
 *
 * A region's patterns are compiled with PCRE2 (JIT) the first time a
 * number needs them, once per lp_phone: a run reads a few countries a
 * million times.  Where this parser is stricter than libphonenumber, on
 * purpose: letters (vanity numbers "1-800-FLOWERS", "call 030...") make
 * a value not a number, as do characters outside the usual punctuation.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pcre2.h>

#include "lp_err.h"
#include "lp_geo.h"
#include "lp_phone.h"
#include "lp_util.h"

extern const char lp_data_phone_plans_tsv[];
extern const size_t lp_data_phone_plans_tsv_len;

/* isdigit without the locale table lookup: this runs per character. */
#define DIGIT(c)	((unsigned)(c) - '0' < 10)
#define ALPHA(c)	((unsigned)(((c) | 0x20) - 'a') < 26)

#define MAXIN		250	/* libphonenumber's longest input */
#define MAXDIG		64	/* digits we look at */
#define MINNSN		2
#define MAXNSN		17
#define MAXCC		999

/* Descriptions in the order of the table's type names. */
enum { D_GENERAL, D_FIXED, D_MOBILE, D_TOLL_FREE, D_PREMIUM, D_SHARED,
	D_VOIP, D_PERSONAL, D_PAGER, D_UAN, D_VOICEMAIL, ND };
static const char *const dnames[ND] = { "general", "fixed_line", "mobile",
	"toll_free", "premium_rate", "shared_cost", "voip", "personal_number",
	"pager", "uan", "voicemail" };

/* A pattern, JIT-compiled once it has been used JIT_AFTER times. */
struct re {
	pcre2_code	*code;
	unsigned	 uses;
	bool		 jit;
};
#define JIT_AFTER	16

struct desc {
	struct lp_str	 pat;		/* p NULL: absent */
	uint32_t	 lens;		/* bit n: length n possible */
	bool		 haslens;	/* a length list was given */
	bool		 none;		/* lengths "-1": no such numbers */
	bool		 general;	/* the plan's general description */
	uint32_t	 local;		/* lengths dialable only locally */
	struct re	 re;
	/* By the first two digits: 0 not known yet, 1 some number with
	 * them may match, 2 none can (worked out on first use). */
	uint8_t		*pre;		/* 100 of them, once used */
};

struct plan {
	char		 id[4];
	int		 cc;
	struct lp_str	 intl, npfp, nptr, leading;
	bool		 same;		/* fixed line and mobile alike */
	bool		 compiled;
	struct re	 intl_re, npfp_re, lead_re;
	uint32_t	 npfp_groups;
	/* The leading digits by the first three digits of a number: 0 not
	 * known yet, 1 any number with them matches, 2 none does, 3 it
	 * depends on more digits (a partial match, remembered). */
	uint8_t		*lead_pre;
	struct desc	 d[ND];
};

struct lp_phone {
	/* The last string matched against a general description: the
	 * parse asks the same question again when it types the number. */
	const struct desc *last_d;
	char		 last_s[MAXDIG];
	size_t		 last_n;
	bool		 last_fits;
	struct plan	*plans;
	size_t		 nplans;
	short		 of_region[26 * 26];	/* alpha-2 -> plan, -1 */
	short		*code_plans[MAXCC + 1];	/* cc -> plans, -1 ended */
	pcre2_match_data *md;
};

/* ---- the table ---- */

static int
num(struct lp_str s)
{
	int v = 0;

	if (s.n == 0 || s.n > 4)
		return -1;
	for (size_t i = 0; i < s.n; i++) {
		if (!DIGIT(s.p[i]))
			return -1;
		v = v * 10 + (s.p[i] - '0');
	}
	return v;
}

/* "2,5,7" (or "-1") into a bit set. */
static uint32_t
lengths(struct lp_str s, bool *none)
{
	uint32_t m = 0;
	int v = 0;
	bool any = false;

	*none = false;
	for (size_t i = 0; i <= s.n; i++) {
		if (i == s.n || s.p[i] == ',') {
			if (any && v < 32)
				m |= UINT32_C(1) << v;
			v = 0;
			any = false;
		} else if (s.p[i] == '-')
			*none = true;
		else if (DIGIT(s.p[i])) {
			v = v * 10 + (s.p[i] - '0');
			any = true;
		}
	}
	return *none ? 0 : m;
}

static bool
is_a2(const char *a)
{
	return a != NULL && (unsigned)(a[0] - 'A') < 26 &&
	    (unsigned)(a[1] - 'A') < 26 && a[2] == '\0';
}

static struct plan *
find_plan(struct lp_phone *ph, struct lp_str id, int cc)
{
	for (size_t i = 0; i < ph->nplans; i++)
		if (ph->plans[i].cc == cc && strlen(ph->plans[i].id) == id.n &&
		    memcmp(ph->plans[i].id, id.p, id.n) == 0)
			return &ph->plans[i];
	return NULL;
}

static void
load(struct lp_phone *ph)
{
	const char *p = lp_data_phone_plans_tsv;
	const char *end = p + lp_data_phone_plans_tsv_len;
	struct lp_str f[8];
	size_t cap = 0;
	int nf;

	for (size_t i = 0; i < 26 * 26; i++)
		ph->of_region[i] = -1;
	/* Regions and descriptions first, then the codes that name them. */
	while (lp_tsv_line(&p, end, f, 8, &nf)) {
		struct plan *pl;

		if (nf == 8 && f[0].n == 1 && f[0].p[0] == 'R' &&
		    f[1].n > 0 && f[1].n < 4 && num(f[2]) > 0) {
			if (ph->nplans == cap) {
				cap = cap ? cap * 2 : 256;
				ph->plans = lp_xreallocarray(ph->plans, cap,
				    sizeof(*ph->plans));
			}
			pl = &ph->plans[ph->nplans++];
			memset(pl, 0, sizeof(*pl));
			memcpy(pl->id, f[1].p, f[1].n);
			pl->cc = num(f[2]);
			pl->intl = f[3];
			pl->npfp = f[4];
			pl->nptr = f[5];
			pl->leading = f[6];
			pl->same = f[7].n == 1 && f[7].p[0] == '1';
			if (f[1].n == 2 && is_a2((char[3]){ f[1].p[0],
			    f[1].p[1], '\0' }))
				ph->of_region[(f[1].p[0] - 'A') * 26 +
				    (f[1].p[1] - 'A')] = (short)(ph->nplans - 1);
		} else if (nf == 7 && f[0].n == 1 && f[0].p[0] == 'D' &&
		    (pl = find_plan(ph, f[1], num(f[2]))) != NULL) {
			for (int t = 0; t < ND; t++) {
				struct desc *d = &pl->d[t];

				if (strlen(dnames[t]) != f[3].n ||
				    memcmp(dnames[t], f[3].p, f[3].n) != 0)
					continue;
				d->pat = f[4];
				d->general = t == D_GENERAL;
				d->haslens = f[5].n > 0;
				d->lens = lengths(f[5], &d->none);
				d->local = lengths(f[6], &(bool){ false });
			}
		}
	}
	p = lp_data_phone_plans_tsv;
	while (lp_tsv_line(&p, end, f, 3, &nf)) {
		int cc, k = 0;
		short *list;

		if (nf != 3 || f[0].n != 1 || f[0].p[0] != 'C' ||
		    (cc = num(f[1])) < 1 || cc > MAXCC)
			continue;
		list = lp_xcalloc(f[2].n / 3 + 2, sizeof(*list));
		for (size_t i = 0; i <= f[2].n;) {
			size_t j = i;
			struct plan *pl;

			while (j < f[2].n && f[2].p[j] != ',')
				j++;
			pl = find_plan(ph, (struct lp_str){ f[2].p + i, j - i },
			    cc);
			if (pl != NULL)
				list[k++] = (short)(pl - ph->plans);
			i = j + 1;
		}
		list[k] = -1;
		if (k == 0 || ph->code_plans[cc] != NULL)
			free(list);
		else
			ph->code_plans[cc] = list;
	}
}

struct lp_phone *
lp_phone_new(void)
{
	struct lp_phone *ph = lp_xcalloc(1, sizeof(*ph));

	load(ph);
	ph->md = pcre2_match_data_create(16, NULL);
	if (ph->md == NULL)
		lp_oom();
	return ph;
}

void
lp_phone_free(struct lp_phone *ph)
{
	if (ph == NULL)
		return;
	for (size_t i = 0; i < ph->nplans; i++) {
		struct plan *pl = &ph->plans[i];

		pcre2_code_free(pl->intl_re.code);
		pcre2_code_free(pl->npfp_re.code);
		pcre2_code_free(pl->lead_re.code);
		free(pl->lead_pre);
		for (int t = 0; t < ND; t++) {
			pcre2_code_free(pl->d[t].re.code);
			free(pl->d[t].pre);
		}
	}
	for (int cc = 0; cc <= MAXCC; cc++)
		free(ph->code_plans[cc]);
	free(ph->plans);
	pcre2_match_data_free(ph->md);
	free(ph);
}

bool
lp_phone_region(const struct lp_phone *ph, const char *a2)
{
	return is_a2(a2) &&
	    ph->of_region[(a2[0] - 'A') * 26 + (a2[1] - 'A')] >= 0;
}

/* ---- patterns ---- */

/*
 * A pattern of the table, anchored at the start (whole: and the end).
 * JIT compiling costs as much as a few hundred interpreted matches, so a
 * pattern is JIT-compiled only once it is used often (run_re).
 */
static struct re
compile(struct lp_str pat, bool whole)
{
	struct re re = { NULL, 0, false };
	struct lp_buf b = { NULL, 0, 0 };
	PCRE2_SIZE off;
	int ec;

	if (pat.p == NULL || pat.n == 0)
		return re;
	/* "(?:P)\z", not PCRE2_ENDANCHORED, which partial matching
	 * (maybe) refuses. */
	if (whole)
		lp_buf_adds(&b, "(?:");
	lp_buf_add(&b, pat.p, pat.n);
	if (whole)
		lp_buf_adds(&b, ")\\z");
	re.code = pcre2_compile((PCRE2_SPTR)b.p, b.n, PCRE2_ANCHORED, &ec,
	    &off, NULL);
	lp_buf_fini(&b);
	return re;
}

/* Match re at the start of s[0..n) into ph->md: pcre2_match's result. */
static int
run_re(struct lp_phone *ph, struct re *re, const char *s, size_t n)
{
	if (re->jit)
		return pcre2_jit_match(re->code, (PCRE2_SPTR)s, n, 0, 0,
		    ph->md, NULL);
	if (++re->uses == JIT_AFTER &&
	    pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0) {
		re->jit = true;
		return pcre2_jit_match(re->code, (PCRE2_SPTR)s, n, 0, 0,
		    ph->md, NULL);
	}
	return pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, 0, ph->md, NULL);
}

static struct plan *
ready(struct plan *pl)
{
	if (pl->compiled)
		return pl;
	pl->compiled = true;
	pl->intl_re = compile(pl->intl, false);
	pl->npfp_re = compile(pl->npfp, false);
	pl->lead_re = compile(pl->leading, false);
	if (pl->npfp_re.code != NULL)
		(void)pcre2_pattern_info(pl->npfp_re.code,
		    PCRE2_INFO_CAPTURECOUNT, &pl->npfp_groups);
	return pl;
}

/* Matches re at the start of s[0..n): the end of the match, or -1. */
static long
match(struct lp_phone *ph, struct re *re, const char *s, size_t n)
{
	if (re->code == NULL || run_re(ph, re, s, n) < 0)
		return -1;
	return (long)pcre2_get_ovector_pointer(ph->md)[1];
}

/* d's pattern, compiled on first use (a region's pager pattern may never
 * be); false when it has none. */
static bool
desc_ready(struct desc *d)
{
	if (d->re.code == NULL && d->pat.p != NULL) {
		d->re = compile(d->pat, true);
		if (d->re.code == NULL)
			d->pat.p = NULL;
	}
	return d->re.code != NULL;
}

/*
 * Whether a number starting with the two digits of s may match d: a
 * partial match of those two digits, remembered per description.  Most
 * types of a plan are ruled out by their first digits, without a match.
 */
static bool
maybe(struct lp_phone *ph, struct desc *d, const char *s, size_t n)
{
	int i, rc;

	if (n < 2 || !DIGIT(s[0]) ||
	    !DIGIT(s[1]))
		return true;
	i = (s[0] - '0') * 10 + (s[1] - '0');
	if (d->pre == NULL)
		d->pre = lp_xcalloc(100, 1);
	if (d->pre[i] == 0) {
		rc = pcre2_match(d->re.code, (PCRE2_SPTR)s, 2, 0,
		    PCRE2_PARTIAL_HARD | PCRE2_NO_JIT, ph->md, NULL);
		d->pre[i] = rc >= 0 || rc == PCRE2_ERROR_PARTIAL ? 1 : 2;
	}
	return d->pre[i] == 1;
}

/* libphonenumber's matchNationalNumber: the whole of s fits d. */
static bool
fits(struct lp_phone *ph, struct desc *d, const char *s, size_t n)
{
	bool general = d->general, r;

	if (general && ph->last_d == d && ph->last_n == n &&
	    memcmp(ph->last_s, s, n) == 0)
		return ph->last_fits;
	r = desc_ready(d) && maybe(ph, d, s, n) &&
	    match(ph, &d->re, s, n) == (long)n;
	if (general && n <= sizeof(ph->last_s)) {
		ph->last_d = d;
		memcpy(ph->last_s, s, n);
		ph->last_n = n;
		ph->last_fits = r;
	}
	return r;
}

/* isNumberMatchingDesc: the length, then the pattern. */
static inline bool
is_type(struct lp_phone *ph, struct desc *d, const char *s, size_t n)
{
	if (d->pat.p == NULL)
		return false;
	if (d->haslens && (n >= 32 || !(d->lens >> n & 1)))
		return false;
	/* Ruled out by the first two digits already. */
	if (n >= 2 && DIGIT(s[0]) && DIGIT(s[1]) && d->pre != NULL &&
	    d->pre[(s[0] - '0') * 10 + (s[1] - '0')] == 2)
		return false;
	return fits(ph, d, s, n);
}

enum length { IS_POSSIBLE, LOCAL_ONLY, TOO_SHORT, INVALID_LENGTH, TOO_LONG };

/* testNumberLength against the general description. */
static enum length
test_length(const struct plan *pl, size_t n)
{
	const struct desc *g = &pl->d[D_GENERAL];
	uint32_t m = g->lens;
	int lo, hi;

	if (g->none || m == 0)
		return INVALID_LENGTH;
	if (n < 32 && (g->local >> n & 1))
		return LOCAL_ONLY;
	lo = __builtin_ctz(m);
	hi = 31 - __builtin_clz(m);
	if ((int)n == lo)
		return IS_POSSIBLE;
	if ((int)n < lo)
		return TOO_SHORT;
	if ((int)n > hi)
		return TOO_LONG;
	return m >> n & 1 ? IS_POSSIBLE : INVALID_LENGTH;
}

/*
 * maybeStripNationalPrefixAndCarrierCode: the national prefix of s[0..*n)
 * removed or transformed, in place, when the result still fits the
 * general pattern (or the original did not).
 */
static void
strip_national(struct lp_phone *ph, struct plan *pl, char *s, size_t *n)
{
	struct desc *g = &pl->d[D_GENERAL];
	char t[MAXDIG * 2 + 1];
	size_t k = 0, end;
	PCRE2_SIZE *ov;
	int rc;
	bool viable;
	uint32_t ng = pl->npfp_groups;

	if (*n == 0 || pl->npfp_re.code == NULL)
		return;
	rc = run_re(ph, &pl->npfp_re, s, *n);
	if (rc < 0)
		return;
	ov = pcre2_get_ovector_pointer(ph->md);
	end = ov[1];
	/* Copy what matching the general pattern will overwrite. */
	PCRE2_SIZE g_s[10], g_e[10];
	for (uint32_t i = 0; i <= ng && i < 10; i++) {
		g_s[i] = (int)i < rc ? ov[2 * i] : PCRE2_UNSET;
		g_e[i] = (int)i < rc ? ov[2 * i + 1] : PCRE2_UNSET;
	}
	viable = fits(ph, g, s, *n);
	if (pl->nptr.n == 0 || ng == 0 || ng >= 10 || g_s[ng] == PCRE2_UNSET) {
		if (viable && !fits(ph, g, s + end, *n - end))
			return;
		memmove(s, s + end, *n - end);
		*n -= end;
		return;
	}
	/* The transform rule, "\1" and "$1" naming groups, then the rest. */
	for (size_t i = 0; i < pl->nptr.n && k < MAXDIG; i++) {
		char c = pl->nptr.p[i];

		if ((c == '\\' || c == '$') && i + 1 < pl->nptr.n &&
		    DIGIT(pl->nptr.p[i + 1])) {
			uint32_t gi = (uint32_t)(pl->nptr.p[++i] - '0');

			if (gi <= ng && gi < 10 && g_s[gi] != PCRE2_UNSET)
				for (size_t j = g_s[gi]; j < g_e[gi] &&
				    k < MAXDIG; j++)
					t[k++] = s[j];
		} else
			t[k++] = c;
	}
	for (size_t j = end; j < *n && k < MAXDIG; j++)
		t[k++] = s[j];
	if (viable && !fits(ph, g, t, k))
		return;
	memcpy(s, t, k);
	*n = k;
}

/*
 * Whether the number d[0..n) starts with pl's leading digits, as a
 * match anchored at the start: decided by its first three digits where
 * they decide it, and remembered.
 */
static bool
leads(struct lp_phone *ph, struct plan *pl, const char *d, size_t n)
{
	int i, rc;

	if (n < 3)
		return match(ph, &pl->lead_re, d, n) >= 0;
	i = (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
	if (pl->lead_pre == NULL)
		pl->lead_pre = lp_xcalloc(1000, 1);
	if (pl->lead_pre[i] == 0) {
		rc = pcre2_match(pl->lead_re.code, (PCRE2_SPTR)d, 3, 0,
		    PCRE2_PARTIAL_HARD | PCRE2_NO_JIT, ph->md, NULL);
		pl->lead_pre[i] = rc >= 0 ? 1 : rc == PCRE2_ERROR_PARTIAL ?
		    3 : 2;
	}
	if (pl->lead_pre[i] == 3)
		return match(ph, &pl->lead_re, d, n) >= 0;
	return pl->lead_pre[i] == 1;
}

/* getNumberTypeHelper. */
static enum lp_phone_type
number_type(struct lp_phone *ph, struct plan *pl, const char *s, size_t n)
{
	static const struct {
		int d;
		enum lp_phone_type t;
	} order[] = {
		{ D_PREMIUM, LP_PHONE_PREMIUM_RATE },
		{ D_TOLL_FREE, LP_PHONE_TOLL_FREE },
		{ D_SHARED, LP_PHONE_SHARED_COST },
		{ D_VOIP, LP_PHONE_VOIP },
		{ D_PERSONAL, LP_PHONE_PERSONAL },
		{ D_PAGER, LP_PHONE_PAGER },
		{ D_UAN, LP_PHONE_UAN },
		{ D_VOICEMAIL, LP_PHONE_VOICEMAIL },
	};

	if (!is_type(ph, &pl->d[D_GENERAL], s, n))
		return LP_PHONE_UNKNOWN;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (is_type(ph, &pl->d[order[i].d], s, n))
			return order[i].t;
	if (is_type(ph, &pl->d[D_FIXED], s, n)) {
		if (pl->same || is_type(ph, &pl->d[D_MOBILE], s, n))
			return LP_PHONE_FIXED_LINE_OR_MOBILE;
		return LP_PHONE_FIXED_LINE;
	}
	if (!pl->same && is_type(ph, &pl->d[D_MOBILE], s, n))
		return LP_PHONE_MOBILE;
	return LP_PHONE_UNKNOWN;
}

/* ---- the text ---- */

/* Characters libphonenumber allows between digits (ASCII ones). */
static const bool punct[256] = {
	['-'] = 1, ['x'] = 1, ['X'] = 1, [' '] = 1, ['('] = 1, [')'] = 1,
	['['] = 1, [']'] = 1, ['.'] = 1, ['/'] = 1, ['~'] = 1, ['*'] = 1,
};

/*
 * The start of an extension that ends the text s..e, as libphonenumber's
 * extension pattern finds it (the leftmost of its alternatives), or NULL.
 * The digits go to ext.
 */
static const char *
extension(const char *s, const char *e, char *ext, size_t extcap)
{
	static const char *const words[] = { "extension", "xtension",
	    "extensio", "xtensio", "extn", "xtn", "ext", "xt", "anexo" };
	const char *d_end = e, *q, *best = NULL, *a;
	size_t k;

	if (d_end > s && d_end[-1] == '#')
		d_end--;
	for (q = d_end; q > s && DIGIT(q[-1]); q--)
		;
	k = (size_t)(d_end - q);
	if (k == 0 || k > 20)
		return NULL;
	/* ";ext=123" */
	if (d_end == e && q - s >= 5 && strncasecmp(q - 5, ";ext=", 5) == 0)
		best = q - 5;
	/* "- 123#" */
	if (d_end < e && k <= 6 && q > s && (q[-1] == '-' || q[-1] == ' ')) {
		for (a = q; a > s && (a[-1] == '-' || a[-1] == ' '); a--)
			;
		if (best == NULL || a < best)
			best = a;
	}
	/* A label, [:.], [ \t,-]*, the digits. */
	for (const char *l = q; l >= s; l--) {
		const char *le = l, *ls;
		size_t lim = 0;

		if (l < q && !(*l == ' ' || *l == '\t' || *l == ',' ||
		    *l == '-'))
			break;
		if (le > s && (le[-1] == ':' || le[-1] == '.'))
			le--;
		if (le == s || !(ALPHA(le[-1]) ||
		    le[-1] == '#' || le[-1] == '~' || le[-1] == ';' ||
		    le[-1] == ','))
			continue;
		ls = NULL;
		for (size_t w = 0; ALPHA(le[-1]) &&
		    w < sizeof(words) / sizeof(words[0]); w++) {
			size_t wn = strlen(words[w]);

			if ((size_t)(le - s) >= wn &&
			    strncasecmp(le - wn, words[w], wn) == 0) {
				ls = le - wn;
				lim = 20;
				break;
			}
		}
		if (ls == NULL && le > s && (le[-1] == 'x' || le[-1] == 'X' ||
		    le[-1] == '#' || le[-1] == '~')) {
			ls = le - 1;
			lim = 9;
		}
		if (ls == NULL && le - s >= 3 && strncasecmp(le - 3, "int", 3) == 0) {
			ls = le - 3;
			lim = 9;
		}
		if (ls != NULL && k <= lim) {
			while (ls > s && (ls[-1] == ' ' || ls[-1] == '\t' ||
			    ls[-1] == ','))
				ls--;
			if (best == NULL || ls < best)
				best = ls;
		}
		/* ",," or ";" (15 digits); not one comma, which is more
		 * often two numbers than a number and its extension. */
		if (le > s && (le[-1] == ';' || le[-1] == ',')) {
			const char *c = le;

			while (c > s && c[-1] == ',')
				c--;
			if (le[-1] == ';')
				c = le - 1;
			if ((le[-1] == ';' || le - c >= 2) && k <= 15) {
				while (c > s && (c[-1] == ' ' || c[-1] == '\t'))
					c--;
				if (best == NULL || c < best)
					best = c;
			}
		}
	}
	if (best != NULL) {
		if (k >= extcap)
			k = extcap - 1;
		memcpy(ext, q, k);
		ext[k] = '\0';
	}
	return best;
}

/*
 * isViablePhoneNumber, less letters: pluses, then at least three digits
 * among the punctuation (or two digits alone).  The digits go to dig.
 */
static bool
viable(const char *s, const char *e, char *dig, size_t *nd, bool *plus)
{
	const char *p = s;
	size_t k = 0, all = 0;

	*plus = false;
	while (p < e && *p == '+') {
		*plus = true;
		p++;
	}
	for (; p < e; p++) {
		if (DIGIT(*p)) {
			if (k < MAXDIG)
				dig[k++] = *p;
			all++;
		} else if (!punct[(unsigned char)*p])
			return false;
	}
	*nd = k;
	if (all == 2)
		return !*plus && e - s == 2;
	return all >= 3 && all <= MAXDIG;
}

/* The main region of a calling code: the first of its list. */
static struct plan *
main_plan(struct lp_phone *ph, int cc)
{
	if (cc < 1 || cc > MAXCC || ph->code_plans[cc] == NULL)
		return NULL;
	return &ph->plans[ph->code_plans[cc][0]];
}

/*
 * maybeExtractCountryCode over the digits d[0..n) (after the "+" when
 * plus): 1 with *cc and the rest moved to the start of d, 0 when the
 * number has no calling code, -1 when it is not a number.
 */
static int
extract_cc(struct lp_phone *ph, struct plan *pl, bool plus, char *d,
    size_t *n, int *cc)
{
	size_t skip = 0;

	if (*n == 0)
		return 0;
	if (!plus && pl != NULL && pl->intl_re.code != NULL) {
		long m = match(ph, &pl->intl_re, d, *n);

		/* Only when the code after it does not start with 0. */
		if (m >= 0 && !((size_t)m < *n && d[m] == '0')) {
			skip = (size_t)m;
			plus = true;
		}
	}
	if (plus) {
		int v = 0;

		if (*n - skip <= MINNSN)
			return -1;
		if (d[skip] == '0')
			return -2;
		for (size_t i = skip; i < skip + 3 && i < *n; i++) {
			v = v * 10 + (d[i] - '0');
			if (main_plan(ph, v) != NULL) {
				*cc = v;
				memmove(d, d + i + 1, *n - i - 1);
				*n -= i + 1;
				return 1;
			}
		}
		return -2;
	}
	if (pl != NULL) {
		char c[4], t[MAXDIG];
		int k = 0;
		size_t tn;

		if (pl->cc >= 100)
			c[k++] = (char)('0' + pl->cc / 100);
		if (pl->cc >= 10)
			c[k++] = (char)('0' + pl->cc / 10 % 10);
		c[k++] = (char)('0' + pl->cc % 10);
		if (*n > (size_t)k && memcmp(d, c, (size_t)k) == 0) {
			tn = *n - (size_t)k;
			memcpy(t, d + k, tn);
			strip_national(ph, pl, t, &tn);
			if ((!fits(ph, &pl->d[D_GENERAL], d, *n) &&
			    fits(ph, &pl->d[D_GENERAL], t, tn)) ||
			    test_length(pl, *n) == TOO_LONG) {
				*cc = pl->cc;
				memcpy(d, t, tn);
				*n = tn;
				return 1;
			}
		}
	}
	return 0;
}

enum lp_phone_status
lp_phone_parse(struct lp_phone *ph, const char *p, size_t n,
    const char *region, struct lp_phone_number *num)
{
	const char *s = p, *e = p + n, *x;
	char d[MAXDIG + 1];
	size_t nd;
	struct plan *home = NULL, *pl, *hit = NULL;
	bool plus, idd00 = false;
	int cc = 0, rc;
	const short *list;

	memset(num, 0, sizeof(*num));
	num->status = LP_PHONE_NOT_A_NUMBER;
	if (lp_phone_region(ph, region))
		home = ready(&ph->plans[ph->of_region[(region[0] - 'A') * 26 +
		    (region[1] - 'A')]]);
	if (n > MAXIN)
		return num->status;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if (e - s >= 4 && (s[0] | 0x20) == 't' && (s[1] | 0x20) == 'e' &&
	    (s[2] | 0x20) == 'l' && s[3] == ':')
		s += 4;
	/* From the first "+" or digit; no letters before it. */
	for (; s < e && *s != '+' && !DIGIT(*s); s++)
		if (ALPHA(*s) || (unsigned char)*s >= 0x80)
			return num->status;
	/* No trailing punctuation (but "#"); no second "/ x..." number. */
	while (e > s && (unsigned char)e[-1] < 0x80 &&
	    !ALPHA(e[-1]) && !DIGIT(e[-1]) && e[-1] != '#')
		e--;
	for (const char *q = s; (q = memchr(q, 'x', (size_t)(e - q))) != NULL;
	    q++) {
		/* Back from an "x" over spaces to a slash. */
		const char *b = q;

		while (b > s && b[-1] == ' ')
			b--;
		if (b > s && (b[-1] == '/' || b[-1] == '\\')) {
			e = b - 1;
			break;
		}
	}
	if (s == e)
		return num->status;
	/*
	 * With no country, "00" then a calling code is read as "+": the
	 * international prefix of most of the world (libphonenumber needs
	 * a region to know it; a European export without countries has
	 * "0049 ..." as often as "+49 ...").
	 */
	if (home == NULL && e - s > 3 && s[0] == '0' && s[1] == '0') {
		for (x = s + 2; x < e && !DIGIT(*x) && punct[(unsigned char)*x];
		    x++)
			;
		if (x < e && *x >= '1' && *x <= '9') {
			s += 2;
			idd00 = true;
		}
	}
	if (home == NULL && *s != '+' && !idd00) {
		/* Still not a number when it is none anywhere. */
		if (viable(s, e, d, &nd, &plus) ||
		    ((x = extension(s, e, num->ext, sizeof(num->ext))) != NULL &&
		    viable(s, x, d, &nd, &plus)))
			num->status = LP_PHONE_NO_COUNTRY;
		num->ext[0] = '\0';
		return num->status;
	}
	/* An extension has a letter, #, ~, ; or , in it. */
	for (x = s; x < e && (DIGIT(*x) || *x == ' ' ||
	    *x == '-' || *x == '+' || *x == '(' || *x == ')' || *x == '.' ||
	    *x == '/'); x++)
		;
	if (x < e && (x = extension(s, e, num->ext, sizeof(num->ext))) !=
	    NULL && viable(s, x, d, &nd, &plus))
		e = x;
	else
		num->ext[0] = '\0';
	if (!viable(s, e, d, &nd, &plus) || (idd00 && plus))
		return num->status;
	plus = plus || idd00;
	rc = extract_cc(ph, home, plus, d, &nd, &cc);
	if (rc == -2 && plus) {
		/* "+0049...": the "+" dropped, read again. */
		rc = extract_cc(ph, home, false, d, &nd, &cc);
		if (rc == 0)
			rc = -1;
	}
	if (rc < 0)
		return num->status;
	if (rc > 0) {
		pl = main_plan(ph, cc);
		if (home == NULL || pl->cc != home->cc || strcmp(pl->id,
		    home->id) != 0)
			home = pl;
		ready(home);
	} else
		cc = home->cc;
	if (nd < MINNSN)
		return num->status;
	{
		char t[MAXDIG + 1];
		size_t tn = nd;
		enum length l;

		memcpy(t, d, nd);
		strip_national(ph, home, t, &tn);
		l = test_length(home, tn);
		if (l != TOO_SHORT && l != LOCAL_ONLY && l != INVALID_LENGTH) {
			memcpy(d, t, tn);
			nd = tn;
		}
	}
	if (nd < MINNSN || nd > MAXNSN)
		return num->status;
	d[nd] = '\0';
	num->cc = cc;
	/* getRegionCodeForNumber, then isValidNumberForRegion. */
	list = ph->code_plans[cc];
	memcpy(num->region, ph->plans[list[0]].id, sizeof(num->region));
	num->status = LP_PHONE_NOT_VALID;
	if (list[1] < 0) {
		hit = ready(&ph->plans[list[0]]);
		num->type = number_type(ph, hit, d, nd);
	} else
		for (const short *i = list; *i >= 0; i++) {
			pl = ready(&ph->plans[*i]);
			if (pl->lead_re.code != NULL) {
				if (leads(ph, pl, d, nd)) {
					hit = pl;
					num->type = number_type(ph, pl, d, nd);
					break;
				}
			} else if ((num->type = number_type(ph, pl, d,
			    nd)) != LP_PHONE_UNKNOWN) {
				hit = pl;
				break;
			}
		}
	if (hit == NULL || num->type == LP_PHONE_UNKNOWN) {
		num->type = LP_PHONE_UNKNOWN;
		return num->status;
	}
	memcpy(num->region, hit->id, sizeof(num->region));
	{
		char *o = num->e164;

		*o++ = '+';
		if (cc >= 100)
			*o++ = (char)('0' + cc / 100);
		if (cc >= 10)
			*o++ = (char)('0' + cc / 10 % 10);
		*o++ = (char)('0' + cc % 10);
		memcpy(o, d, nd + 1);
	}
	num->status = LP_PHONE_OK;
	return num->status;
}

int
lp_phone_e164(struct lp_phone *ph, const char *p, size_t n,
    const char *region, struct lp_buf *out, struct lp_buf *why,
    enum lp_phone_type *type)
{
	struct lp_phone_number num;

	if (type != NULL)
		*type = LP_PHONE_UNKNOWN;
	switch (lp_phone_parse(ph, p, n, region, &num)) {
	case LP_PHONE_OK:
		break;
	case LP_PHONE_NOT_A_NUMBER:
		lp_buf_adds(why, "not a number");
		return -1;
	case LP_PHONE_NOT_VALID:
		if (strcmp(num.region, "001") == 0)
			lp_buf_printf(why, "not valid for +%d", num.cc);
		else
			lp_buf_printf(why, "not valid for %s", num.region);
		return -1;
	case LP_PHONE_NO_COUNTRY:
		lp_buf_adds(why, "no country given");
		return -1;
	}
	out->n = 0;
	lp_buf_adds(out, num.e164);
	if (num.ext[0] != '\0')
		lp_buf_printf(why, "extension %s not part of E.164", num.ext);
	if (type != NULL)
		*type = num.type;
	return 0;
}

const char *
lp_phone_type_name(enum lp_phone_type t)
{
	static const char *const names[] = {
		[LP_PHONE_UNKNOWN] = "",
		[LP_PHONE_FIXED_LINE] = "fixed_line",
		[LP_PHONE_MOBILE] = "mobile",
		[LP_PHONE_FIXED_LINE_OR_MOBILE] = "fixed_line_or_mobile",
		[LP_PHONE_TOLL_FREE] = "toll_free",
		[LP_PHONE_PREMIUM_RATE] = "premium_rate",
		[LP_PHONE_SHARED_COST] = "shared_cost",
		[LP_PHONE_VOIP] = "voip",
		[LP_PHONE_PERSONAL] = "personal",
		[LP_PHONE_PAGER] = "pager",
		[LP_PHONE_UAN] = "uan",
		[LP_PHONE_VOICEMAIL] = "voicemail",
	};

	if ((unsigned)t >= sizeof(names) / sizeof(names[0]))
		return "";
	return names[t];
}
