/*
 * lp_match -- matching keys and string comparators (lp_match.h).
 *
 * Keys are appended to a caller's buffer, so a caller normalising many
 * values reuses one buffer.  Names fold through utf8proc (case folding,
 * compatibility decomposition, marks stripped); ASCII takes a fast path.
 * The nickname table is lib/data/nicknames.txt, read once into a map
 * from each name to the formal names it may stand for.
 */
#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "lp_err.h"
#include "lp_match.h"
#include "lp_util.h"

extern const char lp_data_nicknames_txt[];
extern const size_t lp_data_nicknames_txt_len;

static bool
is_sp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void
lp_match_email(const char *p, size_t n, bool fold, struct lp_buf *out)
{
	const char *at, *lt, *gt, *e;
	size_t start = out->n, local, i;

	while (n > 0 && is_sp(*p))
		p++, n--;
	while (n > 0 && (is_sp(p[n - 1]) || p[n - 1] == '.' ||
	    p[n - 1] == ';' || p[n - 1] == ','))
		n--;
	if ((lt = memchr(p, '<', n)) != NULL &&
	    (gt = memchr(lt, '>', n - (size_t)(lt - p))) != NULL) {
		n = (size_t)(gt - lt - 1);
		p = lt + 1;
	}
	if (n >= 7 && strncasecmp(p, "mailto:", 7) == 0)
		p += 7, n -= 7;
	e = p + n;
	if ((at = memchr(p, '@', n)) == NULL || at == p || at + 1 == e)
		return;
	local = (size_t)(at - p);
	/* ASCII lower case (the C locale's tolower), no white space. */
	lp_buf_reserve(out, n);
	{
		char *o = out->p + out->n;

		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];

			if (!is_sp((char)c))
				*o++ = (char)(c >= 'A' && c <= 'Z' ?
				    c - 'A' + 'a' : c);
		}
		out->n = (size_t)(o - out->p);
	}
	if (!fold)
		return;
	{
		char *s = out->p + start;
		size_t len = out->n - start, l = 0, k;
		char *a = memchr(s, '@', len);
		bool gmail;
		size_t dn;

		if (a == NULL)
			return;
		local = (size_t)(a - s);
		dn = len - local - 1;
		gmail = (dn == 9 && memcmp(a + 1, "gmail.com", 9) == 0) ||
		    (dn == 14 && memcmp(a + 1, "googlemail.com", 14) == 0);
		for (k = 0; k < local && s[k] != '+'; k++)
			if (!(gmail && s[k] == '.'))
				s[l++] = s[k];
		if (l == 0)
			return;
		s[l++] = '@';
		if (gmail) {
			memcpy(s + l, "gmail.com", 9);
			l += 9;
		} else {
			memmove(s + l, a + 1, dn);
			l += dn;
		}
		out->n = start + l;
	}
}

size_t
lp_match_fold_cp(int32_t cp, size_t maxdec, char *out)
{
	utf8proc_int32_t dec[32];
	utf8proc_ssize_t nd;
	int bound = 0;
	size_t k = 0;

	if (maxdec > 32)
		maxdec = 32;
	nd = utf8proc_decompose_char(cp, dec, (utf8proc_ssize_t)maxdec,
	    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	    UTF8PROC_STRIPMARK, &bound);
	if (nd < 0 || nd > (utf8proc_ssize_t)maxdec)
		return 0;
	for (utf8proc_ssize_t i = 0; i < nd; i++) {
		utf8proc_category_t cat = utf8proc_category(dec[i]);

		if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_NO ||
		    (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME))
			continue;
		if (dec[i] < 0x80)
			out[k++] = (char)tolower(dec[i]);
		else
			k += (size_t)utf8proc_encode_char(dec[i],
			    (utf8proc_uint8_t *)out + k);
	}
	return k;
}

/* Fold one code point (letters and digits kept) onto out; returns
 * whether anything was written. */
static bool
fold_cp(utf8proc_int32_t cp, struct lp_buf *out)
{
	char t[16 * 4];
	size_t k = lp_match_fold_cp(cp, 16, t);

	lp_buf_add(out, t, k);
	return k > 0;
}

void
lp_match_name(const char *p, size_t n, struct lp_buf *out)
{
	size_t start = out->n, i = 0;
	bool gap = false;

	while (i < n) {
		unsigned char c = (unsigned char)p[i];
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;

		if (c < 0x80) {
			i++;
			if (isalnum(c)) {
				if (gap && out->n > start)
					lp_buf_addc(out, ' ');
				gap = false;
				lp_buf_addc(out, (char)tolower(c));
			} else if (c != '\'' && c != '`')
				gap = true;
			continue;
		}
		k = utf8proc_iterate((const utf8proc_uint8_t *)p + i,
		    (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			i++;
			gap = true;
			continue;
		}
		i += (size_t)k;
		if (cp == 0x2019 || cp == 0x2018)	/* curly apostrophes */
			continue;
		{
			size_t before = out->n;

			if (gap && out->n > start)
				lp_buf_addc(out, ' ');
			if (fold_cp(cp, out))
				gap = false;
			else {
				out->n = before;
				gap = true;
			}
		}
	}
}

/* Legal forms and filler words dropped from the end of company names
 * (after lp_match_name: "s.a." is "s a", so both spellings are here). */
static const char *const legal[] = {
	"inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "plc",
	"corp", "corporation", "co", "company", "gmbh", "mbh", "ag", "kg",
	"sa", "s a", "sas", "sarl", "srl", "spa", "s p a", "bv", "b v", "nv",
	"n v", "oy", "ab", "as", "a s", "aps", "pty", "pty ltd", "pte",
	"kk", "sl", "s l", "se", "ug", "group", "holding", "holdings",
	"and co", "the", NULL
};

void
lp_match_company(const char *p, size_t n, struct lp_buf *out)
{
	size_t start = out->n;
	char *s;
	size_t len;
	bool again = true;

	lp_match_name(p, n, out);
	s = out->p + start;
	len = out->n - start;
	/* "the" and "&" at the front. */
	if (len > 4 && memcmp(s, "the ", 4) == 0) {
		memmove(s, s + 4, len - 4);
		len -= 4;
	}
	while (again) {
		again = false;
		for (size_t k = 0; legal[k] != NULL; k++) {
			size_t w = strlen(legal[k]);

			if (len > w + 1 && s[len - w - 1] == ' ' &&
			    memcmp(s + len - w, legal[k], w) == 0) {
				len -= w + 1;
				again = true;
			}
		}
	}
	out->n = start + len;
}

void
lp_match_domain(const char *p, size_t n, struct lp_buf *out)
{
	const char *e, *at, *s;
	size_t i;

	while (n > 0 && is_sp(*p))
		p++, n--;
	while (n > 0 && (is_sp(p[n - 1]) || p[n - 1] == '/' ||
	    p[n - 1] == '.'))
		n--;
	if ((at = memchr(p, '@', n)) != NULL) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	if ((s = memchr(p, ':', n)) != NULL && s + 2 < p + n &&
	    s[1] == '/' && s[2] == '/') {
		n -= (size_t)(s + 3 - p);
		p = s + 3;
	}
	e = p;
	while (e < p + n && *e != '/' && *e != ':' && *e != '?' && *e != '#')
		e++;
	n = (size_t)(e - p);
	if (n > 4 && strncasecmp(p, "www.", 4) == 0)
		p += 4, n -= 4;
	if (memchr(p, '.', n) == NULL)
		return;
	for (i = 0; i < n; i++)
		if (!is_sp(p[i]))
			lp_buf_addc(out, (char)tolower((unsigned char)p[i]));
}

/* Free-mail and ISP mail domains: never evidence of a company. */
static const char *const freemail[] = {
	"gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk",
	"yahoo.fr", "yahoo.de", "ymail.com", "hotmail.com", "hotmail.co.uk",
	"hotmail.fr", "hotmail.de", "outlook.com", "live.com", "msn.com",
	"aol.com", "icloud.com", "me.com", "mac.com", "gmx.de", "gmx.net",
	"gmx.com", "web.de", "t-online.de", "mail.com", "mail.ru", "yandex.ru",
	"yandex.com", "protonmail.com", "proton.me", "zoho.com", "qq.com",
	"163.com", "126.com", "orange.fr", "free.fr", "laposte.net",
	"btinternet.com", "comcast.net", "verizon.net", "att.net",
	"sbcglobal.net", "bigpond.com", "libero.it", "naver.com", NULL
};

bool
lp_match_freemail(const char *d, size_t n)
{
	for (size_t k = 0; freemail[k] != NULL; k++)
		if (strlen(freemail[k]) == n && memcmp(freemail[k], d, n) == 0)
			return true;
	return false;
}

void
lp_match_digits(const char *p, size_t n, struct lp_buf *out)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] >= '0' && p[i] <= '9')
			lp_buf_addc(out, p[i]);
}

int
lp_match_soundex(const char *p, size_t n, char out[5])
{
	/* abcdefghijklmnopqrstuvwxyz */
	static const char code[] = "01230120022455012623010202";
	size_t i = 0, k = 1;
	char last;

	while (i < n && !(p[i] >= 'a' && p[i] <= 'z') && p[i] != ' ')
		i++;
	if (i >= n || p[i] == ' ') {
		out[0] = '\0';
		return 0;
	}
	out[0] = (char)(p[i] - 'a' + 'A');
	last = code[p[i] - 'a'];
	for (i++; i < n && p[i] != ' ' && k < 4; i++) {
		char c;

		if (p[i] < 'a' || p[i] > 'z')
			continue;
		c = code[p[i] - 'a'];
		if (c != '0' && c != last)
			out[k++] = c;
		if (p[i] != 'h' && p[i] != 'w')
			last = c;
	}
	while (k < 4)
		out[k++] = '0';
	out[4] = '\0';
	return 1;
}

/* ---- nicknames ---- */

#define NICK_GROUPS	4

struct nick {
	int	 groups[NICK_GROUPS];	/* formal-name lines it belongs to */
	int	 n;
};

static struct lp_map *nick_map;
static struct nick *nicks;
static pthread_once_t nick_once = PTHREAD_ONCE_INIT;

static void
nick_load(void)
{
	const char *p = lp_data_nicknames_txt;
	const char *end = p + lp_data_nicknames_txt_len;
	size_t cap = 0, count = 0;
	int line = 0;

	nick_map = lp_map_new();
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (eol == NULL)
			eol = end;
		if (*p != '#') {
			const char *w = p;

			line++;
			while (w < eol) {
				const char *we;
				int ix;

				while (w < eol && *w == ' ')
					w++;
				we = w;
				while (we < eol && *we != ' ')
					we++;
				if (we == w)
					break;
				ix = lp_map_get(nick_map, w, (size_t)(we - w));
				if (ix < 0) {
					if (count == cap) {
						cap = cap ? cap * 2 : 256;
						nicks = lp_xreallocarray(nicks,
						    cap, sizeof(*nicks));
					}
					ix = (int)count++;
					nicks[ix].n = 0;
					lp_map_put(nick_map, w,
					    (size_t)(we - w), ix);
				}
				if (nicks[ix].n < NICK_GROUPS)
					nicks[ix].groups[nicks[ix].n++] = line;
				w = we;
			}
		}
		p = eol + 1;
	}
}

bool
lp_match_nickname(const char *a, size_t an, const char *b, size_t bn)
{
	int ia, ib;

	if (an == 0 || bn == 0)
		return false;
	pthread_once(&nick_once, nick_load);
	if ((ia = lp_map_get(nick_map, a, an)) < 0 ||
	    (ib = lp_map_get(nick_map, b, bn)) < 0 || ia == ib)
		return false;
	for (int i = 0; i < nicks[ia].n; i++)
		for (int j = 0; j < nicks[ib].n; j++)
			if (nicks[ia].groups[i] == nicks[ib].groups[j])
				return true;
	return false;
}

/* ---- comparators ---- */

double
lp_jaro_winkler(const char *a, size_t an, const char *b, size_t bn)
{
	unsigned char am[128], bm[128];
	size_t range, m = 0, t = 0, k = 0, prefix = 0;
	double j;

	if (an == 0 && bn == 0)
		return 1;
	if (an == 0 || bn == 0)
		return 0;
	if (an > 128)
		an = 128;
	if (bn > 128)
		bn = 128;
	range = (an > bn ? an : bn) / 2;
	range = range > 0 ? range - 1 : 0;
	memset(am, 0, an);
	memset(bm, 0, bn);
	for (size_t i = 0; i < an; i++) {
		size_t lo = i > range ? i - range : 0;
		size_t hi = i + range + 1 < bn ? i + range + 1 : bn;

		for (size_t x = lo; x < hi; x++)
			if (!bm[x] && a[i] == b[x]) {
				am[i] = bm[x] = 1;
				m++;
				break;
			}
	}
	if (m == 0)
		return 0;
	for (size_t i = 0; i < an; i++) {
		if (!am[i])
			continue;
		while (!bm[k])
			k++;
		if (a[i] != b[k])
			t++;
		k++;
	}
	j = ((double)m / (double)an + (double)m / (double)bn +
	    ((double)m - (double)t / 2) / (double)m) / 3;
	while (prefix < 4 && prefix < an && prefix < bn && a[prefix] == b[prefix])
		prefix++;
	return j + (double)prefix * 0.1 * (1 - j);
}

double
lp_edit_ratio(const char *a, size_t an, const char *b, size_t bn)
{
	size_t longer = an > bn ? an : bn, d;

	if (longer == 0)
		return 1;
	d = lp_edit_distance(a, an, b, bn, longer);
	if (d > longer)
		return an == bn && memcmp(a, b, an) == 0 ? 1 : 0;
	return 1 - (double)d / (double)longer;
}

/* The next space-separated word of s[*i..n); its length, 0 at the end. */
static size_t
word(const char *s, size_t n, size_t *i, const char **w)
{
	size_t b;

	while (*i < n && s[*i] == ' ')
		(*i)++;
	b = *i;
	while (*i < n && s[*i] != ' ')
		(*i)++;
	*w = s + b;
	return *i - b;
}

double
lp_token_set(const char *a, size_t an, const char *b, size_t bn)
{
	size_t na = 0, nb = 0, common = 0, i = 0, wl;
	const char *w;

	/* Words past the 64th of either side are not compared: a pair
	 * of hostile 16 MB "company names" must not cost 10^12 steps. */
	if (an > 1024)
		an = 1024;
	if (bn > 1024)
		bn = 1024;
	while ((wl = word(a, an, &i, &w)) > 0 && na < 64) {
		size_t j = 0, vl;
		const char *v;
		bool seen = false;

		na++;
		while ((vl = word(b, bn, &j, &v)) > 0)
			if (vl == wl && memcmp(v, w, wl) == 0)
				seen = true;
		common += seen;
	}
	i = 0;
	while (word(b, bn, &i, &w) > 0 && nb < 64)
		nb++;
	if (na == 0 || nb == 0)
		return na == nb ? 1 : 0;
	return (double)common / (double)(na < nb ? na : nb);
}

bool
lp_match_initial(const char *a, size_t an, const char *b, size_t bn)
{
	if (an == 0 || bn == 0)
		return false;
	if (an == 1 && bn > 1)
		return a[0] == b[0];
	if (bn == 1 && an > 1)
		return a[0] == b[0];
	return false;
}
