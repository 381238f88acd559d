/*
 * lp_num -- the one number reader (grammar in lp_num.h).  It works on the
 * digits as text, so lead-norm's cleaned value is exact however long; the
 * double is made from those digits (exactly, for up to 15 significant
 * digits, without strtod and its locale).
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lp_num.h"

static const double pow10tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static bool
digit(char c)
{
	return (unsigned char)(c - '0') < 10;
}

bool
lp_num_plain(const char *p, size_t n, double *out)
{
	uint64_t m = 0;
	int scale = 0, sig = 0;
	bool neg = false;
	size_t i = 0, ni = 0, nf = 0, dot = 0;

	if (n == 0 || n > 40)
		return false;
	if (n <= 15) {
		/* Digits alone (most counts): below 10^15, so exact. */
		for (; i < n && digit(p[i]); i++)
			m = m * 10 + (uint64_t)(p[i] - '0');
		if (i == n) {
			*out = (double)m;
			return true;
		}
		i = 0;
		m = 0;
	}
	if (p[0] == '+' || p[0] == '-') {
		neg = p[0] == '-';
		i++;
	}
	for (; i < n; i++) {
		char c = p[i];

		if (digit(c)) {
			if (dot)
				nf++;
			else
				ni++;
			if (m == 0 && c == '0') {
				if (dot)
					scale++;
				continue;
			}
			if (sig >= 19)
				return false;
			m = m * 10 + (uint64_t)(c - '0');
			sig++;
			if (dot)
				scale++;
		} else if (c == '.' && !dot)
			dot = i + 1;
		else
			return false;
	}
	/* "1." is no number; "1.200" is ambiguous: lp_num_read says so. */
	if (ni + nf == 0 || (dot && nf == 0) ||
	    (dot && nf == 3 && ni >= 1 && ni <= 3 &&
	    !(ni == 1 && p[dot - 2] == '0')))
		return false;
	if (m >= (UINT64_C(1) << 53) || scale > 22)
		return false;
	*out = (double)m / pow10tab[scale];
	if (neg)
		*out = -*out;
	return true;
}

/* A group separator at q (' space, no-break space, narrow no-break
 * space; and , . which the caller tells apart); its length. */
static size_t
group_sep(const char *q, const char *e)
{
	if (*q == ',' || *q == '.' || *q == ' ' || *q == '\'')
		return 1;
	if (e - q >= 2 && (unsigned char)q[0] == 0xc2 &&
	    (unsigned char)q[1] == 0xa0)
		return 2;
	if (e - q >= 3 && memcmp(q, "\xe2\x80\xaf", 3) == 0)
		return 3;
	return 0;
}

/* Skip a currency sign or code at the front (*p) or the back (*e), and
 * the spaces beside it. */
static void
currency(const char **p, const char **e, bool front)
{
	static const struct lp_str signs[] = { LP_STR("US$"), LP_STR("A$"),
	    LP_STR("C$"), LP_STR("$"), LP_STR("\xe2\x82\xac"),
	    LP_STR("\xc2\xa3"), LP_STR("\xc2\xa5"), LP_STR("\xe2\x82\xb9"),
	    LP_STR("USD"), LP_STR("EUR"), LP_STR("GBP"), LP_STR("CHF"),
	    LP_STR("CAD"), LP_STR("AUD"), LP_STR("JPY"), LP_STR("INR"),
	    LP_STR("SEK"), LP_STR("NOK"), LP_STR("DKK") };
	size_t len = (size_t)(*e - *p);
	unsigned char c;

	if (len == 0)
		return;
	/* Digits and signs, the usual case, are no currency. */
	c = (unsigned char)(front ? **p : (*e)[-1]);
	if (isdigit(c) || c == '-' || c == '(' || c == '.')
		return;
	for (size_t i = 0; i < sizeof(signs) / sizeof(signs[0]); i++) {
		size_t k = signs[i].n;

		if (len <= k)
			continue;
		if (front && memcmp(*p, signs[i].p, k) == 0) {
			*p += k;
			break;
		}
		if (!front && memcmp(*e - k, signs[i].p, k) == 0) {
			*e -= k;
			break;
		}
	}
	while (*p < *e && **p == ' ')
		(*p)++;
	while (*e > *p && (*e)[-1] == ' ')
		(*e)--;
}

enum lp_num_status
lp_num_read(const char *p, size_t n, double *val, struct lp_buf *canon,
    bool *whole)
{
	const char *e = p + n, *q, *dec = NULL, *first = NULL, *z;
	char ip[64], fp[64], gsep = 0;
	size_t ni = 0, nf = 0, group = 0, ndot = 0, ncomma = 0, k;
	int shift = 0;
	bool neg = false, grouped = false;

	if (n > 2 && p[0] == '(' && e[-1] == ')') {	/* accounting */
		neg = true;
		p++;
		e--;
	}
	currency(&p, &e, true);
	if (p < e && (*p == '-' || *p == '+')) {
		neg = neg || *p == '-';
		p++;
	} else if (e - p >= 3 && memcmp(p, "\xe2\x88\x92", 3) == 0) {
		neg = true;	/* U+2212 minus sign */
		p += 3;
	}
	currency(&p, &e, true);
	currency(&p, &e, false);
	/* A multiplier: k, M or mm, B or bn. */
	if (e - p >= 3 && isdigit((unsigned char)e[-3]) &&
	    (strncasecmp(e - 2, "bn", 2) == 0 || strncasecmp(e - 2, "mm", 2) ==
	    0)) {
		shift = tolower((unsigned char)e[-1]) == 'n' ? 9 : 6;
		e -= 2;
	} else if (e - p >= 2 && isdigit((unsigned char)e[-2])) {
		switch (e[-1]) {
		case 'k': case 'K': shift = 3; break;
		case 'm': case 'M': shift = 6; break;
		case 'b': case 'B': shift = 9; break;
		}
		if (shift)
			e--;
	}
	if (p == e || !(digit(*p) || (*p == '.' && e - p > 1 &&
	    digit(p[1]))) || !digit(e[-1]))
		return LP_NUM_NOT;
	/* Which separator, if any, is the decimal mark? */
	for (q = p; q < e; q++) {
		if (*q == '.' || *q == ',') {
			ndot += *q == '.';
			ncomma += *q == ',';
			dec = q;
		}
		if (first == NULL && !digit(*q) && group_sep(q, e) > 0)
			first = q;
	}
	if (ndot > 0 && ncomma > 0) {
		if ((*dec == '.' ? ndot : ncomma) != 1)
			return LP_NUM_NOT;
	} else if (ncomma == 1) {
		if (e - dec - 1 == 3 && dec == first && dec - p >= 1 &&
		    dec - p <= 3 && !(dec - p == 1 && *p == '0'))
			dec = NULL;
	} else if (ndot == 1) {
		/*
		 * "2.000" is two thousand in much of Europe and two in
		 * English: refuse to guess (a comma has no such reading in
		 * the exports we see, so "1,234" is taken as thousands).
		 */
		if (e - dec - 1 == 3 && dec == first && dec - p >= 1 &&
		    dec - p <= 3 && !(dec - p == 1 && *p == '0'))
			return LP_NUM_AMBIGUOUS;
	} else if (ndot > 1 || ncomma > 1)
		dec = NULL;
	/* Integer digits; group separators must leave groups of three. */
	for (q = p; q < (dec != NULL ? dec : e);) {
		if (digit(*q)) {
			if (ni >= sizeof(ip) - 1)
				return LP_NUM_NOT;
			ip[ni++] = *q++;
			group++;
			continue;
		}
		if ((k = group_sep(q, e)) == 0 || group == 0 ||
		    (grouped ? group != 3 : group > 3) ||
		    (gsep != 0 && *q != gsep))
			return LP_NUM_NOT;
		gsep = *q;
		grouped = true;
		group = 0;
		q += k;
	}
	if (grouped && group != 3)
		return LP_NUM_NOT;
	if (dec != NULL) {
		for (q = dec + 1; q < e; q++) {
			if (!digit(*q) || nf >= sizeof(fp) - 1)
				return LP_NUM_NOT;
			fp[nf++] = *q;
		}
		if (nf == 0)
			return LP_NUM_NOT;
	}
	/* Apply the multiplier by moving the decimal point. */
	for (; shift > 0; shift--) {
		if (ni >= sizeof(ip) - 1)
			return LP_NUM_NOT;
		if (nf > 0) {
			ip[ni++] = fp[0];
			memmove(fp, fp + 1, --nf);
		} else
			ip[ni++] = '0';
	}
	if (ni == 0)
		ip[ni++] = '0';
	while (nf > 0 && fp[nf - 1] == '0')
		nf--;
	for (z = ip; z < ip + ni - 1 && *z == '0'; z++)
		;
	if (neg && ip + ni - z == 1 && *z == '0' && nf == 0)
		neg = false;	/* -0 is 0 */
	if (whole != NULL)
		*whole = nf == 0;
	if (canon != NULL || val != NULL) {
		char tmp[140];
		size_t t = 0;

		if (neg)
			tmp[t++] = '-';
		memcpy(tmp + t, z, (size_t)(ip + ni - z));
		t += (size_t)(ip + ni - z);
		if (nf > 0) {
			tmp[t++] = '.';
			memcpy(tmp + t, fp, nf);
			t += nf;
		}
		tmp[t] = '\0';
		if (canon != NULL) {
			canon->n = 0;
			lp_buf_add(canon, tmp, t);
		}
		if (val != NULL && !lp_num_plain(tmp, t, val))
			*val = strtod(tmp, NULL);	/* long, or x.yyy */
	}
	return LP_NUM_OK;
}
