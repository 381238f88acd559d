/*
 * lp_geo -- countries and US/CA states, from data compiled into the
 * library: ISO 3166-1 (Debian iso-codes, build time),
 * lib/data/country_variants.tsv and lib/data/us_ca_states.tsv
 * (telephone numbering: lp_phone.h).  Names match ignoring case, accents, spaces
 * and punctuation ("Côte d'Ivoire" = "cote divoire", "&" = "and").
 */
#ifndef LP_GEO_H
#define LP_GEO_H

#include <stdbool.h>
#include <stddef.h>

#include "lp_util.h"

struct lp_geo;

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

/*
 * Split the next line of a TAB-separated table (*pp up to end) into at
 * most max fields, advancing *pp; comment and blank lines come back with
 * no fields.  The fields point into the table.  False at the end.
 */
bool	lp_tsv_line(const char **pp, const char *end, struct lp_str *f,
	    int max, int *nf);

#endif
