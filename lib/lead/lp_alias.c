/*
 * lp_alias -- canonical lead field names and their aliases.
 *
 * The table is lib/data/aliases.txt, embedded by the build as
 * lp_data_aliases_txt.  On first use it is parsed once into a map from
 * matching key (lp_name_key) to the index of a canonical field, plus a
 * flat list of every key for "did you mean" suggestions.  The table never
 * changes afterwards and lives until the process exits.
 *
 * The table is part of the program, not input: a malformed line, an
 * unknown field name or one key under two fields is a bug, reported with
 * the table's line number and abort() (the unit test runs the parser).
 *
 * The table is built once, on first use, under pthread_once: any thread
 * may look up first (the reader and lp_stream_map's worker both do).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lp_alias.h"
#include "lp_err.h"
#include "lp_stream.h"
#include "lp_util.h"

extern const char lp_data_aliases_txt[];
extern const size_t lp_data_aliases_txt_len;

/* Longest key kept; longer names are never aliases. */
#define KEYMAX	128

/* DESIGN section 4, in order, then what lead-norm writes, then the
 * fields the default playbook added (lead-playbook(5)). */
static const char *const fields[] = {
	"lead_id", "email", "first_name", "last_name", "phone", "company",
	"website", "title", "industry", "employees", "annual_revenue",
	"country", "state", "city", "postal_code", "lead_source", "campaign",
	"status", "stage", "dq_reason", "owner", "created_at",
	"first_touch_at", "last_activity_at", "converted_at", "closed_at",
	"amount", "page_views", "email_opens", "email_clicks", "form_submits",
	"demo_requested", "budget", "authority", "need", "timeline",
	"lead_source_system", "mobile", "mql_at", "email_opt_out",
	"email_bounced",
	NULL
};
#define NFIELDS	(sizeof(fields) / sizeof(fields[0]) - 1)

struct entry {
	size_t	off;		/* key in keys.p */
	size_t	len;
	int	field;		/* index into fields[] */
};

static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

static struct {
	struct lp_map	*map;		/* key -> field index */
	struct lp_buf	 keys;		/* every key, NUL-separated */
	struct entry	*ents;		/* canonical names first, then aliases */
	size_t		 nents, cap;
} tab;

static void __attribute__((noreturn))
table_bug(long line, const char *what, const char *s, size_t n)
{
	fprintf(stderr, "%s: internal error: aliases.txt:%ld: %s '%.*s'\n",
	    lp_progname != NULL ? lp_progname : "leadpipe", line, what,
	    (int)n, s);
	abort();
}

static int
field_index(const char *s, size_t n)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (strlen(fields[i]) == n && memcmp(fields[i], s, n) == 0)
			return (int)i;
	return -1;
}

/* Add the key of name[0..n) for field f; line is for the table's errors. */
static void
add(const char *name, size_t n, int f, long line)
{
	char key[KEYMAX];
	size_t klen;
	int old;

	klen = lp_name_key(name, n, key, sizeof(key));
	if (klen == 0 || klen >= sizeof(key) - 1)
		table_bug(line, "empty or too long alias", name, n);
	old = lp_map_put(tab.map, key, klen, f);
	if (old >= 0 && old != f)
		table_bug(line, "alias already under another field:", name, n);
	if (old >= 0)
		return;		/* a spelling variant of a listed key */
	if (tab.nents == tab.cap) {
		tab.cap = tab.cap ? tab.cap * 2 : 256;
		tab.ents = lp_xreallocarray(tab.ents, tab.cap,
		    sizeof(*tab.ents));
	}
	tab.ents[tab.nents].off = tab.keys.n;
	tab.ents[tab.nents].len = klen;
	tab.ents[tab.nents].field = f;
	tab.nents++;
	lp_buf_add(&tab.keys, key, klen);
	lp_buf_addc(&tab.keys, '\0');
}

static void
load(void)
{
	const char *p = lp_data_aliases_txt;
	const char *end = p + lp_data_aliases_txt_len;
	long line = 0;
	int cur = -1;

	tab.map = lp_map_new();
	lp_buf_init(&tab.keys);
	/* Canonical names map to themselves and come first in suggestions. */
	for (size_t i = 0; i < NFIELDS; i++)
		add(fields[i], strlen(fields[i]), (int)i, 0);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *e;

		if (eol == NULL)
			eol = end;
		p = eol + 1;
		line++;
		e = eol;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\r'))
			e--;
		if (e == s || *s == '#')
			continue;
		if (*s == '\t') {
			while (s < e && (*s == '\t' || *s == ' '))
				s++;
			if (cur < 0)
				table_bug(line, "alias before any field:", s,
				    (size_t)(e - s));
			add(s, (size_t)(e - s), cur, line);
		} else if (e[-1] == ':') {
			if ((cur = field_index(s, (size_t)(e - s - 1))) < 0)
				table_bug(line, "unknown field", s,
				    (size_t)(e - s - 1));
		} else
			table_bug(line, "not a field, alias or comment:", s,
			    (size_t)(e - s));
	}
}

/*
 * Dotted names come from nested JSON (lp_json.c flattens {"properties":
 * {"email": ...}} to properties.email).  Such a name is first looked up
 * whole, as any header ("Owner.Name" is an alias of owner); when it is
 * not an alias and what comes before its last dot is one of these
 * wrappers, which hold the record's own fields in CRM API responses, its
 * last component is looked up instead: HubSpot's properties.email is
 * email.  Other prefixes name a related record (Salesforce's Owner.Email
 * is the owner's address, not the lead's) and are left alone.
 */
static const char *const wrappers[] = {
	"properties", "fields", "fields.all", "values", "data", "record",
	NULL
};

static int
lookup(const char *name, size_t n)
{
	char key[KEYMAX];
	size_t klen = lp_name_key(name, n, key, sizeof(key));

	if (klen == 0 || klen >= sizeof(key) - 1)
		return -1;
	return lp_map_get(tab.map, key, klen);
}

const char *
lp_alias_canonical(const char *name, size_t n)
{
	const char *dot;
	int f;

	pthread_once(&tab_once, load);
	if ((f = lookup(name, n)) >= 0)
		return fields[f];
	for (dot = name + n; dot > name && dot[-1] != '.'; dot--)
		;
	if (dot-- == name)
		return NULL;
	for (int i = 0; wrappers[i] != NULL; i++)
		if (strlen(wrappers[i]) == (size_t)(dot - name) &&
		    strncasecmp(wrappers[i], name, (size_t)(dot - name)) == 0) {
			f = lookup(dot + 1, n - (size_t)(dot + 1 - name));
			return f >= 0 ? fields[f] : NULL;
		}
	return NULL;
}

int
lp_header_find(const struct lp_header *h, const char *name)
{
	const char *c;
	int col;

	if ((col = lp_header_match(h, name)) >= 0)
		return col;
	if ((c = lp_alias_canonical(name, strlen(name))) == NULL)
		return -1;
	/* The first column that stands for the same canonical field. */
	for (col = 0; col < lp_header_count(h); col++) {
		const char *hn = lp_header_name(h, col);

		if (lp_alias_canonical(hn, strlen(hn)) == c)
			return col;
	}
	return -1;
}

const char *const *
lp_alias_fields(void)
{
	return fields;
}

const char *
lp_alias_suggest(const char *name, size_t n)
{
	char key[KEYMAX];
	size_t klen, limit, best;
	int f = -1;

	pthread_once(&tab_once, load);
	klen = lp_name_key(name, n, key, sizeof(key));
	if (klen == 0 || klen >= sizeof(key) - 1)
		return NULL;
	/* Two edits turn most four-letter words into others. */
	limit = klen <= 4 ? 1 : 2;
	best = limit + 1;
	/* Canonical names come first, so they win ties with aliases. */
	for (size_t i = 0; i < tab.nents && best > 0; i++) {
		const struct entry *en = &tab.ents[i];
		size_t dist = lp_edit_distance(key, klen, tab.keys.p + en->off,
		    en->len, best - 1);

		if (dist < best) {
			best = dist;
			f = en->field;
		}
	}
	return f >= 0 ? fields[f] : NULL;
}
