/*
 * lp_norm -- lead-norm's engine: header mapping and value cleaning.
 *
 * lp_norm_header decides once per column what it becomes (output name,
 * cleaner); lp_norm_record then runs every field through white space
 * cleaning and its column's cleaner.  Cleaners read the field as it is
 * and write into buffers owned by the normaliser, reused for every
 * record; a field is only written back (lp_record_set copies) when it
 * changed.  A value that cannot be cleaned keeps its white-space-cleaned
 * text and adds "column: reason" to the record's _issues.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lp_alias.h"
#include "lp_date.h"
#include "lp_err.h"
#include "lp_geo.h"
#include "lp_norm.h"
#include "lp_phone.h"
#include "lp_num.h"
#include "lp_stream.h"
#include "lp_util.h"

#define KEYMAX	256

struct map {
	char	*header;	/* as given, for messages */
	char	*field;		/* canonical name, or the name as given */
	bool	 used;		/* some input column has this header */
};

/* How a column got its output name (--show-mapping). */
enum how { BY_SAME, BY_ALIAS, BY_MAP, BY_DUP, BY_NONE };

struct lp_norm {
	struct lp_geo	*geo;
	struct lp_phone	*phone;
	enum lp_phone_type ptype;	/* of the last phone cleaned */
	char		 default_country[3];	/* "" none */
	enum lp_date_order order;
	bool		 order_set, strict;
	int		 unmapped;	/* first column --strict refused */
	char		*source;
	struct map	*maps;
	size_t		 nmaps;
	struct lp_map	*mapkeys;	/* header key -> index into maps */

	/* Decided by lp_norm_header, per column. */
	int		 ncols;
	enum lp_norm_kind *kinds;
	const char	**names;	/* output name (canonical) or NULL */
	const char	**renames;	/* names[] when it differs, else NULL */
	char		**labels;	/* the column's output name, for issues */
	int		*type_cols;	/* a phone column's PHONE_type, or -1 */
	enum how	 *how;
	int		 country_col, issues_col, source_col;

	/* Ambiguous dates met (--dates unset), and the first of them. */
	long		 ambiguous_dates;
	struct lp_buf	 ambiguous_example;

	/* Scratch, reused for every record. */
	struct lp_buf	 space, out, why, issues, country_issue;
};

/* Canonical fields and their cleaners; the rest are LP_NORM_TEXT. */
static const struct {
	const char	*name;
	enum lp_norm_kind kind;
} kinds[] = {
	{ "email", LP_NORM_EMAIL },
	{ "phone", LP_NORM_PHONE },
	{ "mobile", LP_NORM_PHONE },
	{ "country", LP_NORM_COUNTRY },
	{ "state", LP_NORM_STATE },
	{ "created_at", LP_NORM_DATE },
	{ "first_touch_at", LP_NORM_DATE },
	{ "last_activity_at", LP_NORM_DATE },
	{ "converted_at", LP_NORM_DATE },
	{ "closed_at", LP_NORM_DATE },
	{ "annual_revenue", LP_NORM_NUMBER },
	{ "amount", LP_NORM_NUMBER },
	{ "employees", LP_NORM_COUNT },
	{ "page_views", LP_NORM_COUNT },
	{ "email_opens", LP_NORM_COUNT },
	{ "email_clicks", LP_NORM_COUNT },
	{ "form_submits", LP_NORM_COUNT },
	{ "demo_requested", LP_NORM_BOOL },
	{ "budget", LP_NORM_FLAG },
	{ "authority", LP_NORM_FLAG },
	{ "need", LP_NORM_FLAG },
	{ "timeline", LP_NORM_FLAG },
	{ "mql_at", LP_NORM_DATE },
	{ "email_opt_out", LP_NORM_FLAG },
	{ "email_bounced", LP_NORM_FLAG },
};

enum lp_norm_kind
lp_norm_kind(const char *canonical)
{
	if (canonical == NULL)
		return LP_NORM_TEXT;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].name, canonical) == 0)
			return kinds[i].kind;
	return LP_NORM_TEXT;
}

/* --- white space ---------------------------------------------------- */

/*
 * The length of a white space character at p (ASCII, no-break space,
 * the U+2000 spaces, narrow and medium spaces, ideographic space), 0 when
 * none; *zero set for zero-width ones (U+200B, U+FEFF), which go.
 */
static size_t
space_at(const unsigned char *p, const unsigned char *e, bool *zero)
{
	*zero = false;
	switch (p[0]) {
	case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
		return 1;
	case 0xc2:
		return e - p >= 2 && p[1] == 0xa0 ? 2 : 0;
	case 0xe2:
		if (e - p < 3)
			return 0;
		if (p[1] == 0x80 && p[2] == 0x8b) {
			*zero = true;
			return 3;
		}
		if ((p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8a) ||
		    p[2] == 0xaf)) || (p[1] == 0x81 && p[2] == 0x9f))
			return 3;
		return 0;
	case 0xe3:
		return e - p >= 3 && p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
	case 0xef:
		if (e - p >= 3 && p[1] == 0xbb && p[2] == 0xbf) {
			*zero = true;
			return 3;
		}
		return 0;
	default:
		return 0;
	}
}

/* Bytes that may start white space: ASCII controls, space, UTF-8 leads. */
static const bool maybe_space[256] = {
	[0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
	[0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1,
	[0x0d] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1,
	[0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1,
	[0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1, [0x1e] = 1,
	[0x1f] = 1, [' '] = 1, [0xc2] = 1, [0xe2] = 1, [0xe3] = 1, [0xef] = 1,
};

bool
lp_norm_space(const char *p, size_t n, struct lp_buf *out)
{
	const unsigned char *s = (const unsigned char *)p, *e = s + n, *q;
	size_t k, start;
	bool zero, pending = false;

	/* Fast path: most fields need nothing. */
	if (n == 0)
		return false;
	if (*s == ' ' || e[-1] == ' ')
		goto slow;
	for (q = s; q < e; q++) {
		/* Eight bytes at a time past plain ASCII above space. */
		while (e - q >= 8) {
			uint64_t x;

			memcpy(&x, q, 8);
			if (((x - 0x2121212121212121ULL) | x) &
			    0x8080808080808080ULL)
				break;
			q += 8;
		}
		if (q == e)
			break;
		if (!maybe_space[*q])
			continue;
		if (*q == ' ') {
			if (q[1] == ' ')	/* q + 1 < e: e[-1] != ' ' */
				break;
		} else if (space_at(q, e, &zero) > 0)
			break;
	}
	if (q == e)
		return false;
slow:
	start = out->n;
	lp_buf_reserve(out, n);
	for (q = s; q < e;) {
		if ((k = space_at(q, e, &zero)) > 0) {
			if (!zero)
				pending = true;
			q += k;
			continue;
		}
		if (pending && out->n > start)
			lp_buf_addc(out, ' ');
		pending = false;
		lp_buf_addc(out, (char)*q++);
	}
	return true;
}

/* --- e-mail ---------------------------------------------------------- */

/*
 * What a byte may be in an address, by table: one load a byte instead of
 * isalnum and strchr (lead-check's "is email" runs on every record).
 * E_LOCAL: letters, digits, UTF-8 bytes and !#$%&'*+/=?^_`{|}~.- ;
 * E_HOST: letters, digits, UTF-8 bytes and - ; E_NOTALPHA: digits and -.
 */
enum { E_LOCAL = 1, E_HOST = 2, E_NOTALPHA = 4 };

static const unsigned char email_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 7, 1, 1,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 1, 0, 1,
	0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 1, 1,
	1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 0,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3
};

/* Whether s[0..e) as it stands is an address: local@label.label. */
static bool
email_shape(const unsigned char *s, const unsigned char *e)
{
	const unsigned char *at, *q;
	size_t label = 0, labels = 0;
	unsigned notalpha = 0;

	if ((at = memchr(s, '@', (size_t)(e - s))) == NULL || at == s ||
	    at - s > 64 || e - s > 254 || *s == '.' || at[-1] == '.')
		return false;
	for (q = s; q < at; q++)
		if (!(email_class[*q] & E_LOCAL) || (*q == '.' && q[1] == '.'))
			return false;
	/* Labels of letters, digits, '-' (not first or last) and UTF-8. */
	for (q = at + 1; q < e; q++) {
		if (*q == '.') {
			if (label == 0 || label > 63 || q[-1] == '-')
				return false;
			labels++;
			label = 0;
			notalpha = 0;
			continue;
		}
		if (!(email_class[*q] & E_HOST) || (label == 0 && *q == '-'))
			return false;
		notalpha |= email_class[*q] & E_NOTALPHA;
		label++;
	}
	if (label == 0 || label > 63 || e[-1] == '-')
		return false;
	labels++;
	/* A top-level domain of letters (or an IDN "xn--" label). */
	return labels >= 2 && label >= 2 && (!notalpha || (label > 4 &&
	    strncasecmp((const char *)e - label, "xn--", 4) == 0));
}

/* Lower-case an address, from "mailto:" or "Name <...>" too. */
static int
clean_email(const char *p, size_t n, struct lp_buf *out, struct lp_buf *why)
{
	const unsigned char *s, *e, *lt, *q;
	char *d;

	if (n > 7 && strncasecmp(p, "mailto:", 7) == 0) {
		p += 7;
		n -= 7;
	}
	s = (const unsigned char *)p;
	e = s + n;
	/* "Ann Lee <ann@x.com>": the address in angle brackets. */
	if (n > 0 && e[-1] == '>' && (lt = memchr(s, '<', n)) != NULL) {
		s = lt + 1;
		e--;
	}
	if (!email_shape(s, e)) {
		lp_buf_adds(why, "not a valid address");
		return -1;
	}
	out->n = 0;
	lp_buf_reserve(out, (size_t)(e - s));
	d = out->p;
	for (q = s; q < e; q++)	/* lower-case A-Z */
		*d++ = (char)(*q | ((unsigned)(*q - 'A') < 26) << 5);
	out->n = (size_t)(d - out->p);
	return 0;
}

bool
lp_norm_is_email(struct lp_norm *nm, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;

	/* "mailto:" and "<...>" fail the shape; white space to clean
	 * (no-break, zero-width, ...) would change the value. */
	if (n == 0 || !email_shape(s, s + n))
		return false;
	nm->space.n = 0;
	return !lp_norm_space(p, n, &nm->space);
}

/* --- numbers --------------------------------------------------------- */

/*
 * Numbers through the one reader (lp_num.h): "1,234", "1.234,5", "$1,200",
 * "10 000", "1'234.50", "(1,200)", "5M", "2.5k" become plain decimals;
 * "1.200" is ambiguous and left as it is, flagged.
 */
static int
clean_number(const char *p, size_t n, bool whole, struct lp_buf *out,
    struct lp_buf *why)
{
	size_t k;
	bool w;

	/* Fast path: plain digits without a leading zero are clean. */
	for (k = 0; k < n && isdigit((unsigned char)p[k]); k++)
		;
	if (k == n && (n == 1 || p[0] != '0')) {
		out->n = 0;
		lp_buf_add(out, p, n);
		return 0;
	}
	switch (lp_num_read(p, n, NULL, out, &w)) {
	case LP_NUM_OK:
		if (whole && !w) {
			lp_buf_adds(why, "not a whole number");
			return -1;
		}
		return 0;
	case LP_NUM_AMBIGUOUS:
		lp_buf_adds(why, "ambiguous number ");
		lp_buf_add(why, p, n);
		return -1;
	default:
		lp_buf_adds(why, "not a number");
		return -1;
	}
}

/* --- yes/no ---------------------------------------------------------- */

static int
clean_bool(const char *p, size_t n, struct lp_buf *out)
{
	static const struct lp_str words[] = { LP_STR("yes"), LP_STR("y"),
	    LP_STR("true"), LP_STR("t"), LP_STR("1"), LP_STR("x"),
	    LP_STR("on"), LP_STR("checked"), LP_STR("ja"), LP_STR("oui"),
	    LP_STR("si"), LP_STR("s\xc3\xad"), LP_STR("\xe2\x9c\x93"),
	    LP_STR("\xe2\x9c\x94"), LP_STR("1.0"),
	    /* from here: no */
	    LP_STR("no"), LP_STR("n"), LP_STR("false"), LP_STR("f"),
	    LP_STR("0"), LP_STR("off"), LP_STR("unchecked"), LP_STR("nein"),
	    LP_STR("non"), LP_STR("0.0") };
	const size_t nyes = 15;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (words[i].n == n && strncasecmp(words[i].p, p, n) == 0) {
			out->n = 0;
			if (i < nyes)
				lp_buf_add(out, "yes", 3);
			else
				lp_buf_add(out, "no", 2);
			return 0;
		}
	return -1;
}

/* --- dates ----------------------------------------------------------- */

static int
clean_date(struct lp_norm *nm, const char *p, size_t n, struct lp_buf *out,
    struct lp_buf *why)
{
	struct lp_datetime a;
	char tmp[40];
	size_t k;

	/* The one date reader (lp_date_read), in the order --dates gave. */
	switch (lp_date_read(p, n, nm->order_set ? nm->order : LP_DATE_UNSET,
	    &a)) {
	case 0:
		break;
	case LP_DATE_AMBIGUOUS:
		if (nm->ambiguous_dates++ == 0) {
			nm->ambiguous_example.n = 0;
			lp_buf_add(&nm->ambiguous_example, p, n);
		}
		lp_buf_adds(why, "ambiguous date ");
		lp_buf_add(why, p, n);
		return -1;
	default:
		lp_buf_adds(why, "not a date");
		return -1;
	}
	k = lp_date_format(&a, tmp, sizeof(tmp));
	out->n = 0;
	lp_buf_add(out, tmp, k);
	return 0;
}

/* --- countries and states -------------------------------------------- */

static int
clean_country(const struct lp_norm *nm, const char *p, size_t n,
    struct lp_buf *out, struct lp_buf *why)
{
	const char *a2 = lp_geo_country(nm->geo, p, n);

	if (a2 == NULL) {
		lp_buf_adds(why, "unknown country");
		return -1;
	}
	out->n = 0;
	lp_buf_add(out, a2, 2);
	return 0;
}

static const char *
country_or_default(const struct lp_norm *nm, const char *country)
{
	if (country != NULL && country[0] != '\0')
		return country;
	return nm->default_country[0] != '\0' ? nm->default_country : NULL;
}

/*
 * US and Canadian state names and codes to codes.  In another country's
 * record the value is left alone; with no country at all, a value that
 * is not a US or Canadian state is left alone too.
 */
static int
clean_state(const struct lp_norm *nm, const char *p, size_t n,
    const char *own, struct lp_buf *out, struct lp_buf *why)
{
	const char *code, *in = NULL;
	const char *country = country_or_default(nm, own);
	bool us_ca = country != NULL && (strcmp(country, "US") == 0 ||
	    strcmp(country, "CA") == 0);

	if (country != NULL && !us_ca)
		goto keep;
	code = lp_geo_state(nm->geo, p, n, &in);
	/* Only the record's own country rules a province out. */
	if (code != NULL && own == NULL)
		country = in;
	if (code == NULL || (us_ca && strcmp(in, country) != 0)) {
		if (!us_ca)
			goto keep;
		lp_buf_printf(why, "not a %s", strcmp(country, "US") == 0 ?
		    "US state" : "Canadian province");
		return -1;
	}
	out->n = 0;
	lp_buf_add(out, code, 2);
	return 0;
keep:
	out->n = 0;
	lp_buf_add(out, p, n);
	return 0;
}

/* --- the normaliser -------------------------------------------------- */

/* Clean p[0..n) (white space already cleaned) as kind. */
static int
clean(struct lp_norm *nm, enum lp_norm_kind kind, const char *p, size_t n,
    const char *country, struct lp_buf *out, struct lp_buf *why)
{
	switch (kind) {
	case LP_NORM_EMAIL:
		return clean_email(p, n, out, why);
	case LP_NORM_PHONE:
		return lp_phone_e164(nm->phone, p, n,
		    country_or_default(nm, country), out, why, &nm->ptype);
	case LP_NORM_COUNTRY:
		return clean_country(nm, p, n, out, why);
	case LP_NORM_STATE:
		return clean_state(nm, p, n, country, out, why);
	case LP_NORM_DATE:
		return clean_date(nm, p, n, out, why);
	case LP_NORM_NUMBER:
	case LP_NORM_COUNT:
		return clean_number(p, n, kind == LP_NORM_COUNT, out, why);
	case LP_NORM_BOOL:
		if (clean_bool(p, n, out) == 0)
			return 0;
		lp_buf_adds(why, "not yes or no");
		return -1;
	case LP_NORM_FLAG:
		if (clean_bool(p, n, out) != 0) {
			out->n = 0;
			lp_buf_add(out, p, n);
		}
		return 0;
	case LP_NORM_TEXT:
		break;
	}
	out->n = 0;
	lp_buf_add(out, p, n);
	return 0;
}

int
lp_norm_value(struct lp_norm *nm, enum lp_norm_kind kind, const char *p,
    size_t n, const char *country, struct lp_buf *out, struct lp_buf *why)
{
	struct lp_buf *sp = &nm->space;
	int rc;

	out->n = why->n = 0;
	nm->ptype = LP_PHONE_UNKNOWN;
	sp->n = 0;
	if (lp_norm_space(p, n, sp)) {
		p = sp->p;
		n = sp->n;
	}
	if (n == 0) {
		lp_buf_reserve(out, 1);
		return 0;
	}
	if ((rc = clean(nm, kind, p, n, country, out, why)) != 0) {
		out->n = 0;
		lp_buf_add(out, p, n);
	}
	return rc;
}

static char *
trimdup(const char *p, size_t n)
{
	struct lp_str s = lp_str_trim((struct lp_str){ p, n });

	return lp_xstrndup(s.p, s.n);
}

struct lp_norm *
lp_norm_new(const struct lp_norm_opts *o, struct lp_err *err)
{
	struct lp_norm *nm = lp_xcalloc(1, sizeof(*nm));
	char key[KEYMAX];
	size_t k;

	nm->geo = lp_geo_new();
	nm->phone = lp_phone_new();
	nm->order = o->date_order;
	nm->order_set = o->date_order_set;
	nm->strict = o->strict;
	nm->country_col = nm->issues_col = nm->source_col = -1;
	nm->mapkeys = lp_map_new();
	if (o->source != NULL)
		nm->source = lp_xstrdup(o->source);
	if (o->default_country != NULL) {
		const char *a2 = lp_geo_country(nm->geo, o->default_country,
		    strlen(o->default_country));

		if (a2 == NULL) {
			lp_err_set(err, EX_USAGE, NULL, 0,
			    "--default-country: unknown country '%s'",
			    o->default_country);
			goto fail;
		}
		memcpy(nm->default_country, a2, 3);
	}
	nm->maps = lp_xcalloc(o->nmaps ? o->nmaps : 1, sizeof(*nm->maps));
	for (size_t i = 0; i < o->nmaps; i++) {
		const char *m = o->maps[i], *eq = strrchr(m, '=');
		struct map *mp = &nm->maps[nm->nmaps];
		const char *canon;

		if (eq == NULL) {
			lp_err_set(err, EX_USAGE, NULL, 0, "--map: '%s' is not "
			    "HEADER=FIELD", m);
			goto fail;
		}
		mp->header = trimdup(m, (size_t)(eq - m));
		mp->field = trimdup(eq + 1, strlen(eq + 1));
		nm->nmaps++;
		k = lp_name_key(mp->header, strlen(mp->header), key,
		    sizeof(key));
		if (k == 0 || mp->field[0] == '\0') {
			lp_err_set(err, EX_USAGE, NULL, 0, "--map: '%s' is not "
			    "HEADER=FIELD", m);
			goto fail;
		}
		/* A field given by one of its aliases means the field. */
		canon = lp_alias_canonical(mp->field, strlen(mp->field));
		if (canon != NULL && strcmp(canon, mp->field) != 0) {
			free(mp->field);
			mp->field = lp_xstrdup(canon);
		}
		lp_map_put(nm->mapkeys, key, k, (int)i);
	}
	return nm;
fail:
	lp_norm_free(nm);
	return NULL;
}

static void
free_columns(struct lp_norm *nm)
{
	for (int c = 0; c < nm->ncols && nm->labels != NULL; c++)
		free(nm->labels[c]);
	free(nm->labels);
	free(nm->kinds);
	free(nm->names);
	free(nm->renames);
	free(nm->type_cols);
	nm->type_cols = NULL;
	free(nm->how);
	nm->how = NULL;
	nm->labels = NULL;
	nm->kinds = NULL;
	nm->names = nm->renames = NULL;
	nm->ncols = 0;
}

void
lp_norm_free(struct lp_norm *nm)
{
	if (nm == NULL)
		return;
	lp_geo_free(nm->geo);
	lp_phone_free(nm->phone);
	for (size_t i = 0; i < nm->nmaps; i++) {
		free(nm->maps[i].header);
		free(nm->maps[i].field);
	}
	free(nm->maps);
	lp_map_free(nm->mapkeys);
	free(nm->source);
	free_columns(nm);
	lp_buf_fini(&nm->space);
	lp_buf_fini(&nm->out);
	lp_buf_fini(&nm->why);
	lp_buf_fini(&nm->issues);
	lp_buf_fini(&nm->country_issue);
	lp_buf_fini(&nm->ambiguous_example);
	free(nm);
}

const char *
lp_norm_canonical(const struct lp_norm *nm, const char *name)
{
	char key[KEYMAX];
	size_t n = strlen(name), k;
	int i;

	k = lp_name_key(name, n, key, sizeof(key));
	if (k > 0 && (i = lp_map_get(nm->mapkeys, key, k)) >= 0) {
		/* Every input's header passes here (column_key): a --map
		 * never marked used names no column of any input. */
		nm->maps[i].used = true;
		return nm->maps[i].field;
	}
	return lp_alias_canonical(name, n);
}

const char *
lp_norm_column_key(void *ctx, const char *name)
{
	return lp_norm_canonical(ctx, name);
}

const char *
lp_norm_country(const struct lp_norm *nm, const char *p, size_t n)
{
	return lp_geo_country(nm->geo, p, n);
}

/* Whether name is the type column of a phone field ("phone_type"). */
static bool
type_column(const char *name)
{
	size_t n = strlen(name), k = strlen(LP_NORM_TYPE_SUFFIX);
	char field[KEYMAX];

	if (n <= k || n - k >= sizeof(field) ||
	    strcmp(name + n - k, LP_NORM_TYPE_SUFFIX) != 0)
		return false;
	memcpy(field, name, n - k);
	field[n - k] = '\0';
	return lp_norm_kind(field) == LP_NORM_PHONE;
}

int
lp_norm_header(struct lp_norm *nm, const struct lp_header *h,
    struct lp_err *err)
{
	struct lp_buf unmapped = { NULL, 0, 0 };
	const char *hint = NULL;
	int n = lp_header_count(h), nun = 0;

	free_columns(nm);
	nm->ncols = n;
	nm->unmapped = -1;
	nm->labels = lp_xcalloc(n ? (size_t)n : 1, sizeof(*nm->labels));
	nm->kinds = lp_xcalloc(n ? (size_t)n : 1, sizeof(*nm->kinds));
	nm->names = lp_xcalloc(n ? (size_t)n : 1, sizeof(*nm->names));
	nm->renames = lp_xcalloc(n ? (size_t)n : 1, sizeof(*nm->renames));
	nm->type_cols = lp_xcalloc(n ? (size_t)n : 1, sizeof(*nm->type_cols));
	for (int c = 0; c < n; c++)
		nm->type_cols[c] = -1;
	nm->how = lp_xcalloc(n ? (size_t)n : 1, sizeof(*nm->how));
	nm->country_col = -1;
	for (int c = 0; c < n; c++) {
		const char *name = lp_header_name(h, c);
		const char *canon = lp_norm_canonical(nm, name);
		char key[KEYMAX];
		size_t k = lp_name_key(name, strlen(name), key, sizeof(key));
		int dup = -1;

		nm->how[c] = canon == NULL ? BY_NONE : k > 0 &&
		    lp_map_get(nm->mapkeys, key, k) >= 0 ? BY_MAP :
		    strcmp(canon, name) == 0 ? BY_SAME : BY_ALIAS;
		if (canon == NULL) {
			nm->labels[c] = lp_xstrdup(name);
			if (strcmp(name, LP_NORM_ISSUES) == 0 || type_column(name))
				continue;
			if (nun++ > 0)
				lp_buf_adds(&unmapped, ", ");
			else
				nm->unmapped = c;
			lp_buf_printf(&unmapped, "'%s'", name);
			if (hint == NULL && (hint = lp_alias_suggest(name,
			    strlen(name))) != NULL)
				lp_buf_printf(&unmapped, " (did you mean "
				    "'%s'?)", hint);
			continue;
		}
		for (int j = 0; j < c && dup < 0; j++)
			if (nm->names[j] != NULL &&
			    strcmp(nm->names[j], canon) == 0)
				dup = j;
		nm->kinds[c] = lp_norm_kind(canon);
		if (dup >= 0) {
			lp_warn("columns '%s' and '%s' both mean '%s'; "
			    "'%s' keeps its name", lp_header_name(h, dup),
			    name, canon, name);
			nm->labels[c] = lp_xstrdup(name);
			nm->how[c] = BY_DUP;
			continue;
		}
		nm->names[c] = canon;
		nm->labels[c] = lp_xstrdup(canon);
		if (strcmp(canon, name) != 0)
			nm->renames[c] = canon;
		if (nm->kinds[c] == LP_NORM_COUNTRY)
			nm->country_col = c;
	}
	if (nm->strict && nun > 0) {
		lp_err_set(err, EX_DATAERR, NULL, 0, "unmapped column%s %s; "
		    "map with --map 'HEADER=FIELD' or drop --strict",
		    nun > 1 ? "s" : "", lp_buf_cstr(&unmapped));
		lp_buf_fini(&unmapped);
		return -1;
	}
	lp_buf_fini(&unmapped);
	return 0;
}

const char *
lp_norm_rename(const struct lp_norm *nm, int col)
{
	if (col < 0 || col >= nm->ncols)
		return NULL;
	return nm->renames[col];
}

void
lp_norm_set_columns(struct lp_norm *nm, int issues, int source)
{
	nm->issues_col = issues;
	nm->source_col = nm->source != NULL ? source : -1;
}

void
lp_norm_set_type_column(struct lp_norm *nm, int col, int type_col)
{
	if (col >= 0 && col < nm->ncols && nm->kinds[col] == LP_NORM_PHONE)
		nm->type_cols[col] = type_col;
}

enum lp_phone_type
lp_norm_phone_type(const struct lp_norm *nm)
{
	return nm->ptype;
}

int
lp_norm_maps_used(const struct lp_norm *nm, const struct lp_header *h,
    struct lp_err *err)
{
	int n = lp_header_count(h);
	const char **names = lp_xcalloc((size_t)n + 1, sizeof(*names));
	const char *hint;
	int rc = 0;

	for (int c = 0; c < n; c++) {
		names[c] = lp_header_name(h, c);
		(void)lp_norm_canonical(nm, names[c]);
	}
	for (size_t i = 0; i < nm->nmaps && rc == 0; i++) {
		if (nm->maps[i].used)
			continue;
		hint = lp_suggest(nm->maps[i].header, names);
		rc = lp_err_set(err, EX_USAGE, NULL, 0, "--map: no input has "
		    "a column '%s'%s%s%s", nm->maps[i].header,
		    hint ? " (did you mean '" : "", hint ? hint : "",
		    hint ? "'?)" : "");
	}
	free(names);
	return rc;
}

long
lp_norm_ambiguous_dates(struct lp_norm *nm, const char **example)
{
	*example = lp_buf_cstr(&nm->ambiguous_example);
	return nm->ambiguous_dates;
}

/* What each cleaner does, for --list-fields. */
static const char *
kind_name(enum lp_norm_kind k)
{
	switch (k) {
	case LP_NORM_EMAIL: return "e-mail address, lower case";
	case LP_NORM_PHONE: return "phone number, E.164";
	case LP_NORM_COUNTRY: return "country, ISO 3166-1 alpha-2";
	case LP_NORM_STATE: return "US state or Canadian province code";
	case LP_NORM_DATE: return "date or time, ISO 8601";
	case LP_NORM_NUMBER: return "number, plain decimal";
	case LP_NORM_COUNT: return "whole number";
	case LP_NORM_BOOL: return "yes or no";
	case LP_NORM_FLAG: return "yes or no when it is one, else kept";
	case LP_NORM_TEXT: break;
	}
	return "text (white space only)";
}

void
lp_norm_list_fields(struct lp_buf *out)
{
	const char *const *f = lp_alias_fields();
	size_t w = 5;

	for (size_t i = 0; f[i] != NULL; i++)
		if (strlen(f[i]) > w)
			w = strlen(f[i]);
	lp_buf_pad(out, "field", 5, w + 2);
	lp_buf_adds(out, "cleaned by lead-norm as\n");
	for (size_t i = 0; f[i] != NULL; i++) {
		lp_buf_pad(out, f[i], strlen(f[i]), w + 2);
		lp_buf_adds(out, kind_name(lp_norm_kind(f[i])));
		lp_buf_addc(out, '\n');
	}
}

void
lp_norm_show_mapping(const struct lp_norm *nm, const struct lp_header *h,
    struct lp_buf *out)
{
	static const char *const by[] = { "canonical name", "alias",
	    "--map", "same field as an earlier column: kept", "no field: kept" };
	size_t w0 = 6, w1 = 5;	/* "column", "field" */
	int n = nm->ncols < lp_header_count(h) ? nm->ncols : lp_header_count(h);

	for (int c = 0; c < n; c++) {
		const char *name = lp_header_name(h, c);
		const char *f = nm->names[c] != NULL ? nm->names[c] : "-";
		size_t a = lp_display_width(name, strlen(name));
		size_t b = lp_display_width(f, strlen(f));

		w0 = a > w0 ? a : w0;
		w1 = b > w1 ? b : w1;
	}
	lp_buf_pad(out, "column", 6, w0 + 2);
	lp_buf_pad(out, "field", 5, w1 + 2);
	lp_buf_adds(out, "by\n");
	for (int c = 0; c < n; c++) {
		const char *name = lp_header_name(h, c);
		const char *f = nm->names[c] != NULL ? nm->names[c] : "-";

		lp_buf_pad(out, name, strlen(name), w0 + 2);
		lp_buf_pad(out, f, strlen(f), w1 + 2);
		lp_buf_adds(out, by[nm->how[c]]);
		lp_buf_addc(out, '\n');
	}
}

int
lp_norm_attach(struct lp_norm *nm, struct lp_stream *st, struct lp_err *err)
{
	const struct lp_header *h = lp_stream_header(st);
	int issues, source = -1;
	char name[KEYMAX];

	if (lp_norm_maps_used(nm, h, err) != 0)
		return -1;
	if (lp_norm_header(nm, h, err) != 0) {
		/* --strict: name the file of the first unmapped column. */
		const char *file = lp_stream_column_file(st, nm->unmapped);

		if (file != NULL && err->file[0] == '\0')
			snprintf(err->file, sizeof(err->file), "%s", file);
		return -1;
	}
	for (int c = 0; c < nm->ncols; c++)
		if (nm->renames[c] != NULL)
			lp_stream_rename_column(st, c, nm->renames[c]);
	/* phone -> phone_type: each phone field's line type. */
	for (int c = 0; c < nm->ncols; c++)
		if (nm->kinds[c] == LP_NORM_PHONE && nm->names[c] != NULL) {
			snprintf(name, sizeof(name), "%s%s", nm->names[c],
			    LP_NORM_TYPE_SUFFIX);
			lp_norm_set_type_column(nm, c,
			    lp_stream_add_column(st, name));
		}
	issues = lp_stream_add_column(st, LP_NORM_ISSUES);
	if (nm->source != NULL)
		source = lp_stream_add_column(st, LP_NORM_SOURCE);
	lp_norm_set_columns(nm, issues, source);
	return 0;
}

/* Add "name: reason" to the record's issues. */
static void
issue(struct lp_norm *nm, const char *name, const struct lp_buf *why)
{
	if (nm->issues.n > 0)
		lp_buf_adds(&nm->issues, "; ");
	lp_buf_adds(&nm->issues, name);
	lp_buf_adds(&nm->issues, ": ");
	lp_buf_add(&nm->issues, why->p, why->n);
}

/* Clean field c of rec; returns the issues it added (0 or 1). */
static int
field(struct lp_norm *nm, struct lp_record *rec, int c, const char *country,
    const char *name)
{
	struct lp_str v = lp_record_get(rec, c);
	const char *p = v.p;
	size_t n = v.n;
	bool changed;
	int rc;

	if (n == 0)
		return 0;
	nm->space.n = 0;
	if ((changed = lp_norm_space(p, n, &nm->space))) {
		p = nm->space.p;
		n = nm->space.n;
	}
	if (nm->kinds[c] == LP_NORM_TEXT || n == 0) {
		if (changed)
			lp_record_set(rec, c, p, n);
		return 0;
	}
	nm->why.n = 0;
	rc = clean(nm, nm->kinds[c], p, n, country, &nm->out, &nm->why);
	if (rc == 0 && (nm->out.n != v.n || memcmp(nm->out.p, v.p, v.n) != 0))
		lp_record_set(rec, c, nm->out.p, nm->out.n);
	else if (rc != 0 && changed)
		lp_record_set(rec, c, p, n);
	if (nm->why.n > 0)
		issue(nm, name, &nm->why);
	return nm->why.n > 0;
}

int
lp_norm_record(struct lp_norm *nm, struct lp_record *rec)
{
	int n = lp_record_count(rec), nissues = 0;
	char country[3] = "";
	const char *cc = NULL;

	nm->country_issue.n = 0;
	if (n > nm->ncols)
		n = nm->ncols;
	nm->issues.n = 0;
	/* Country first: phones and states are read in it. */
	if (nm->country_col >= 0 && nm->country_col < n) {
		struct lp_str v;

		nissues += field(nm, rec, nm->country_col, NULL, "country");
		/* Its issue goes in column order, below. */
		if (nm->issues.n > 0) {
			lp_buf_add(&nm->country_issue, nm->issues.p,
			    nm->issues.n);
			nm->issues.n = 0;
		}
		v = lp_record_get(rec, nm->country_col);
		if (v.n == 2 && isupper((unsigned char)v.p[0]) &&
		    isupper((unsigned char)v.p[1]) &&
		    lp_phone_region(nm->phone, (char[3]){ v.p[0], v.p[1],
		    '\0' })) {
			country[0] = v.p[0];
			country[1] = v.p[1];
			cc = country;
		}
	}
	for (int c = 0; c < n; c++) {
		if (c == nm->country_col && nm->country_issue.n > 0) {
			if (nm->issues.n > 0)
				lp_buf_adds(&nm->issues, "; ");
			lp_buf_add(&nm->issues, nm->country_issue.p,
			    nm->country_issue.n);
		}
		if (c == nm->country_col || c == nm->issues_col ||
		    c == nm->source_col)
			continue;
		nm->ptype = LP_PHONE_UNKNOWN;
		nissues += field(nm, rec, c, cc, nm->labels[c]);
		if (nm->type_cols[c] >= 0) {
			const char *t = lp_phone_type_name(nm->ptype);

			lp_record_set(rec, nm->type_cols[c], t, strlen(t));
		}
	}
	if (nm->issues_col >= 0)
		lp_record_set(rec, nm->issues_col, nm->issues.p ? nm->issues.p :
		    "", nm->issues.n);
	if (nm->source_col >= 0)
		lp_record_set(rec, nm->source_col, nm->source,
		    strlen(nm->source));
	return nissues;
}
