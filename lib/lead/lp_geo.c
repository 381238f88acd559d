/*
 * lp_geo -- country and state tables.
 *
 * Built once per lp_geo_new from the embedded data; afterwards read-only.
 * Country names resolve through one map from matching key to an index in
 * the alpha-2 table: ISO names, official and common names, alpha-3 and
 * alpha-2, then lib/data/country_variants.tsv (which wins).  Lookups fold
 * the value into a stack buffer; country lookups are also remembered by
 * the text as read (an export spells its few countries the same way a
 * million times), the one thing that changes after lp_geo_new.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "lp_err.h"
#include "lp_geo.h"
#include "lp_match.h"
#include "lp_util.h"

extern const char lp_data_iso3166_tsv[];
extern const size_t lp_data_iso3166_tsv_len;
extern const char lp_data_country_variants_tsv[];
extern const size_t lp_data_country_variants_tsv_len;
extern const char lp_data_us_ca_states_tsv[];
extern const size_t lp_data_us_ca_states_tsv_len;

#define KEYMAX		128
#define MAXFIELDS	6

struct state {
	char	country[3];
	char	code[3];
};

struct lp_geo {
	struct lp_map	*countries;	/* key -> index into alpha2 */
	struct lp_memo	*countrymemo;	/* text as read -> index or -1 */
	char		(*alpha2)[3];
	size_t		 ncountries, capcountries;
	struct lp_map	*states;	/* key -> index into state */
	struct state	*state;
	size_t		 nstates, capstates;
};

bool
lp_tsv_line(const char **pp, const char *end, struct lp_str *f, int max,
    int *nf)
{
	const char *p = *pp, *eol, *q;

	if (p >= end)
		return false;
	eol = memchr(p, '\n', (size_t)(end - p));
	if (eol == NULL)
		eol = end;
	*pp = eol + (eol < end);
	*nf = 0;
	if (p == eol || *p == '#')
		return true;
	for (q = p; *nf < max; q++) {
		if (q == eol || *q == '\t') {
			f[(*nf)++] = (struct lp_str){ p, (size_t)(q - p) };
			if (q == eol)
				break;
			p = q + 1;
		}
	}
	return true;
}

/* Append the UTF-8 of a letter or digit code point, folded. */
static size_t
fold_cp(utf8proc_int32_t cp, char *out, size_t k, size_t cap)
{
	char t[32 * 4];
	size_t n = lp_match_fold_cp(cp, 32, t);

	for (size_t j = 0; j < n; j++, k++)
		if (k < cap)
			out[k] = t[j];
	return k;
}

size_t
lp_geo_key(const char *p, size_t n, char *out, size_t cap)
{
	const char *e = p + n;
	size_t k = 0;

	if (cap == 0)
		return 0;
	while (p < e) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x80) {
			if (isalnum(c)) {
				if (k < cap)
					out[k] = (char)tolower(c);
				k++;
			} else if (c == '&') {
				for (const char *a = "and"; *a; a++, k++)
					if (k < cap)
						out[k] = *a;
			}
			p++;
		} else {
			utf8proc_int32_t cp;
			utf8proc_ssize_t r = utf8proc_iterate(
			    (const utf8proc_uint8_t *)p, e - p, &cp);

			if (r <= 0) {	/* not UTF-8: keep the byte */
				if (k < cap)
					out[k] = (char)c;
				k++;
				p++;
				continue;
			}
			k = fold_cp(cp, out, k, cap);
			p += r;
		}
	}
	if (k >= cap) {
		out[cap - 1] = '\0';
		return cap;
	}
	out[k] = '\0';
	return k;
}

static void
put_country(struct lp_geo *g, struct lp_str name, int idx)
{
	char key[KEYMAX];
	size_t k = lp_geo_key(name.p, name.n, key, sizeof(key));

	if (k > 0 && k < sizeof(key))
		lp_map_put(g->countries, key, k, idx);
}

static int
add_alpha2(struct lp_geo *g, struct lp_str a2)
{
	char key[3];

	if (a2.n != 2)
		return -1;
	key[0] = (char)toupper((unsigned char)a2.p[0]);
	key[1] = (char)toupper((unsigned char)a2.p[1]);
	key[2] = '\0';
	for (size_t i = 0; i < g->ncountries; i++)
		if (memcmp(g->alpha2[i], key, 2) == 0)
			return (int)i;
	if (g->ncountries == g->capcountries) {
		g->capcountries = g->capcountries ? g->capcountries * 2 : 256;
		g->alpha2 = lp_xreallocarray(g->alpha2, g->capcountries,
		    sizeof(*g->alpha2));
	}
	memcpy(g->alpha2[g->ncountries], key, 3);
	return (int)g->ncountries++;
}

static void
load_countries(struct lp_geo *g)
{
	const char *p = lp_data_iso3166_tsv;
	const char *end = p + lp_data_iso3166_tsv_len;
	struct lp_str f[MAXFIELDS];
	int nf, idx;

	/* Names first, codes after: a code never loses to a name. */
	while (lp_tsv_line(&p, end, f, MAXFIELDS, &nf)) {
		if (nf < 3 || (idx = add_alpha2(g, f[0])) < 0)
			continue;
		for (int i = 2; i < nf; i++)
			put_country(g, f[i], idx);
	}
	for (size_t i = 0; i < g->ncountries; i++)
		put_country(g, (struct lp_str){ g->alpha2[i], 2 }, (int)i);
	p = lp_data_iso3166_tsv;
	while (lp_tsv_line(&p, end, f, MAXFIELDS, &nf))
		if (nf >= 2 && (idx = add_alpha2(g, f[0])) >= 0)
			put_country(g, f[1], idx);
	p = lp_data_country_variants_tsv;
	end = p + lp_data_country_variants_tsv_len;
	while (lp_tsv_line(&p, end, f, MAXFIELDS, &nf)) {
		if (nf < 2 || f[1].n != 2)
			continue;
		for (idx = 0; idx < (int)g->ncountries; idx++)
			if (strncasecmp(g->alpha2[idx], f[1].p, 2) == 0)
				break;
		if (idx < (int)g->ncountries)	/* only ISO codes */
			put_country(g, f[0], idx);
	}
}

static void
load_states(struct lp_geo *g)
{
	const char *p = lp_data_us_ca_states_tsv;
	const char *end = p + lp_data_us_ca_states_tsv_len;
	struct lp_str f[MAXFIELDS];
	char key[KEYMAX];
	size_t k, i;
	int nf;

	while (lp_tsv_line(&p, end, f, MAXFIELDS, &nf)) {
		if (nf < 3 || f[0].n != 2 || f[1].n != 2)
			continue;
		for (i = 0; i < g->nstates; i++)
			if (memcmp(g->state[i].code, f[1].p, 2) == 0 &&
			    memcmp(g->state[i].country, f[0].p, 2) == 0)
				break;
		if (i == g->nstates) {
			if (g->nstates == g->capstates) {
				g->capstates = g->capstates ? g->capstates * 2
				    : 128;
				g->state = lp_xreallocarray(g->state,
				    g->capstates, sizeof(*g->state));
			}
			memcpy(g->state[i].country, f[0].p, 2);
			memcpy(g->state[i].code, f[1].p, 2);
			g->state[i].country[2] = g->state[i].code[2] = '\0';
			g->nstates++;
			k = lp_geo_key(f[1].p, 2, key, sizeof(key));
			lp_map_put(g->states, key, k, (int)i);
		}
		k = lp_geo_key(f[2].p, f[2].n, key, sizeof(key));
		if (k > 0 && k < sizeof(key))
			lp_map_put(g->states, key, k, (int)i);
	}
}

struct lp_geo *
lp_geo_new(void)
{
	struct lp_geo *g = lp_xcalloc(1, sizeof(*g));

	g->countries = lp_map_new();
	g->countrymemo = lp_xcalloc(1, sizeof(*g->countrymemo));
	lp_memo_init(g->countrymemo, sizeof(int));
	g->states = lp_map_new();
	load_countries(g);
	load_states(g);
	return g;
}

void
lp_geo_free(struct lp_geo *g)
{
	if (g == NULL)
		return;
	lp_map_free(g->countries);
	lp_memo_fini(g->countrymemo);
	free(g->countrymemo);
	lp_map_free(g->states);
	free(g->alpha2);
	free(g->state);
	free(g);
}

const char *
lp_geo_country(const struct lp_geo *g, const char *p, size_t n)
{
	char key[KEYMAX];
	size_t k;
	void *slot;
	int *v = lp_memo_get(g->countrymemo, p, n, &slot), i = -1;

	if (v != NULL)
		return *v < 0 ? NULL : g->alpha2[*v];
	k = lp_geo_key(p, n, key, sizeof(key));
	if (k > 0 && k < sizeof(key))
		i = lp_map_get(g->countries, key, k);
	if (slot != NULL)
		*(int *)lp_memo_put(g->countrymemo, slot, p, n) = i;
	return i < 0 ? NULL : g->alpha2[i];
}

const char *
lp_geo_state(const struct lp_geo *g, const char *p, size_t n,
    const char **country)
{
	char key[KEYMAX];
	size_t k = lp_geo_key(p, n, key, sizeof(key));
	int i;

	if (k == 0 || k >= sizeof(key))
		return NULL;
	if ((i = lp_map_get(g->states, key, k)) < 0)
		return NULL;
	*country = g->state[i].country;
	return g->state[i].code;
}
