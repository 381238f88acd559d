/*
 * lp_phone -- telephone numbers to E.164 by hand-written rules.
 *
 * A number is digits with the usual separators (space - . / ( )), an
 * optional leading "+", an optional "(0)" (the trunk prefix written
 * beside an international number) and an optional extension at the end.
 * International numbers ("+", "00", or "011" in NANP countries) take the
 * longest assigned calling code (codes are prefix-free); national numbers
 * take the given country's code after its trunk prefix is removed.  The
 * national significant number must have a length the country uses, and
 * NANP numbers (+1) must look like NXX NXX XXXX.  Anything else is refused
 * rather than guessed: letters, too few or too many digits, no country.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "lp_geo.h"
#include "lp_util.h"

#define MAXDIGITS	20
#define MAXEXT		8

/* Case-insensitive prefix at p (of e - p bytes). */
static bool
prefix(const char *p, const char *e, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(e - p) >= n && strncasecmp(p, w, n) == 0;
}

/*
 * An extension from p to the end: ", ext. 123", " x123", " #123",
 * ";ext=123".  Copies the digits into ext; false when p is not one.
 */
static bool
extension(const char *p, const char *e, char *ext)
{
	static const char *const marks[] = { "extension", "extn", "ext", "x",
	    "#" };
	size_t k = 0, i;

	while (p < e && (*p == ' ' || *p == ',' || *p == ';'))
		p++;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (prefix(p, e, marks[i])) {
			p += strlen(marks[i]);
			break;
		}
	if (i == sizeof(marks) / sizeof(marks[0]))
		return false;
	while (p < e && (*p == '.' || *p == ':' || *p == '=' || *p == ' '))
		p++;
	while (p < e && isdigit((unsigned char)*p) && k < MAXEXT)
		ext[k++] = *p++;
	ext[k] = '\0';
	while (p < e && *p == ' ')
		p++;
	return k > 0 && p == e;
}

static bool
length_ok(const struct lp_phone_rule *r, const char *nsn, size_t n)
{
	int digits_cc = r->cc >= 100 ? 3 : r->cc >= 10 ? 2 : 1;

	if ((int)n < r->min || (int)n > r->max || digits_cc + n > 15)
		return false;
	/* NANP: area code and exchange start with 2-9. */
	if (r->cc == 1 && (nsn[0] < '2' || nsn[3] < '2'))
		return false;
	return true;
}

/* Remove a trunk prefix the rule lists, when one leads the number. */
static size_t
strip_trunk(const struct lp_phone_rule *r, const char *nsn, size_t n)
{
	const char *t = r->trunk;

	while (*t != '\0') {
		size_t k = strcspn(t, "|");

		if (k < n && memcmp(nsn, t, k) == 0 &&
		    length_ok(r, nsn + k, n - k))
			return k;
		t += k + (t[k] == '|');
	}
	return 0;
}

int
lp_phone_e164(const struct lp_geo *g, const char *p, size_t n,
    const char *country, struct lp_buf *out, struct lp_buf *why)
{
	struct lp_str s = lp_str_trim((struct lp_str){ p, n });
	const struct lp_phone_rule *r = NULL, *home;
	const char *q, *e, *nsn;
	char dig[MAXDIGITS + 1], ext[MAXEXT + 1] = "";
	size_t nd = 0, k;
	bool plus = false, intl;

	q = s.p;
	e = s.p + s.n;
	if (prefix(q, e, "tel:"))
		q += 4;
	for (; q < e; q++) {
		unsigned char c = (unsigned char)*q;

		if (isdigit(c)) {
			if (nd == MAXDIGITS)
				goto bad;
			dig[nd++] = (char)c;
		} else if (c == '+' && nd == 0 && !plus)
			plus = true;
		else if (c == '(' && q + 2 < e && q[1] == '0' && q[2] == ')' &&
		    nd > 0)
			q += 2;		/* "+49 (0)30": the trunk prefix aside */
		else if (c == ' ' || c == '-' || c == '.' || c == '/' ||
		    c == '(' || c == ')')
			continue;
		else if (nd > 0 && extension(q, e, ext))
			break;
		else
			goto bad;
	}
	if (nd == 0)
		goto bad;
	dig[nd] = '\0';
	home = lp_geo_phone_country(g, country);
	intl = plus;
	k = 0;
	if (!plus && nd > 2 && dig[0] == '0' && dig[1] == '0') {
		intl = true;
		k = 2;
	} else if (!plus && home != NULL && home->cc == 1 && nd > 3 &&
	    memcmp(dig, "011", 3) == 0) {
		intl = true;
		k = 3;
	}
	if (intl) {
		int cc = 0;

		for (size_t i = k; i < k + 3 && i < nd; i++) {
			cc = cc * 10 + (dig[i] - '0');
			if ((r = lp_geo_phone_code(g, cc)) != NULL) {
				k = i + 1;
				break;
			}
		}
		if (r == NULL)
			goto bad;
		/* "+44 020 ...": a trunk 0 written after the code. */
		if (k < nd && dig[k] == '0' && r->trunk[0] == '0')
			k++;
	} else {
		if (country == NULL || home == NULL) {
			lp_buf_adds(why, "no country code");
			return -1;
		}
		r = home;
		k = strip_trunk(r, dig, nd);
	}
	nsn = dig + k;
	if (!length_ok(r, nsn, nd - k))
		goto bad;
	out->n = 0;
	lp_buf_reserve(out, 4 + (nd - k));
	out->p[out->n++] = '+';
	if (r->cc >= 100)
		out->p[out->n++] = (char)('0' + r->cc / 100);
	if (r->cc >= 10)
		out->p[out->n++] = (char)('0' + r->cc / 10 % 10);
	out->p[out->n++] = (char)('0' + r->cc % 10);
	lp_buf_add(out, nsn, nd - k);
	if (ext[0] != '\0')
		lp_buf_printf(why, "extension %s not part of E.164", ext);
	return 0;
bad:
	lp_buf_adds(why, "not a valid number");
	return -1;
}
