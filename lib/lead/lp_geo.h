/*
 * lp_geo -- countries, US/CA states and telephone numbering, from data
 * compiled into the library: ISO 3166-1 (Debian iso-codes, build time),
 * lib/data/country_variants.tsv, lib/data/us_ca_states.tsv and
 * lib/data/calling_codes.tsv.  Names match ignoring case, accents, spaces
 * and punctuation ("Côte d'Ivoire" = "cote divoire", "&" = "and").
 */
#ifndef LP_GEO_H
#define LP_GEO_H

#include <stdbool.h>
#include <stddef.h>

#include "lp_util.h"

struct lp_geo;

/* A country's (or a calling code's) telephone numbering. */
struct lp_phone_rule {
	int	cc;		/* country calling code, 1..999 */
	char	trunk[8];	/* trunk prefixes, '|'-separated; "" none */
	int	min, max;	/* national significant number lengths */
};

/*
 * Parse the embedded tables into lookup maps.  Never fails (out of
 * memory exits); a malformed embedded line is skipped.  Free with
 * lp_geo_free.
 */
struct lp_geo	*lp_geo_new(void);
/* NULL-safe. */
void		 lp_geo_free(struct lp_geo *);

/*
 * The matching key of a name: letters and digits only, case-folded,
 * accents stripped (utf8proc), "&" as "and".  Writes at most cap-1 bytes
 * and a NUL; returns the key length, or cap when it did not fit.
 */
size_t	lp_geo_key(const char *p, size_t n, char *out, size_t cap);

/*
 * The ISO 3166-1 alpha-2 code of a country given by alpha-2, alpha-3,
 * ISO name, official or common name, or a known variant ("USA", "U.K.",
 * "Deutschland").  NULL when unknown.  The result lives as long as geo.
 */
const char *lp_geo_country(const struct lp_geo *, const char *p, size_t n);

/*
 * The code of a US state or territory or a Canadian province or
 * territory, given by name or code; *country is set to "US" or "CA".
 * NULL when unknown.  Results live as long as geo.
 */
const char *lp_geo_state(const struct lp_geo *, const char *p, size_t n,
	    const char **country);

/* A country's numbering by alpha-2; NULL when unknown. */
const struct lp_phone_rule *lp_geo_phone_country(const struct lp_geo *,
	    const char *alpha2);
/*
 * The numbering of calling code cc: the union of the lengths of the
 * countries sharing it, the trunk prefixes of the first.  NULL when cc
 * is not assigned.
 */
const struct lp_phone_rule *lp_geo_phone_code(const struct lp_geo *, int cc);

/*
 * A telephone number as E.164 ("+14155550123").  Numbers without a
 * calling code (no "+", "00" or, in NANP, "011") are read in country
 * (alpha-2; NULL: fail).  Extensions (x12, ext. 12, #12) are kept out
 * and noted in why.  0 with out set (out reset first), or -1 with why
 * set and out untouched.
 */
int	lp_phone_e164(const struct lp_geo *, const char *p, size_t n,
	    const char *country, struct lp_buf *out, struct lp_buf *why);

#endif
