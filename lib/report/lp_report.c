/*
 * lp_report.c -- counting records into mergeable cells, and the partial
 * state format.
 *
 * A cell is a row of 64-bit counters (leads, leads per stage, SLA
 * outcomes, leaks, ...) and five histograms of whole days or hours
 * (velocity intervals, time to first touch).  A table maps a group key
 * (field values joined by 0x1f) to a cell.  Adding a record adds 1 to
 * some counters and buckets of the cells its keys name; merging adds
 * cells.  Figures are made from cells only (lp_report_tables.c), with
 * groups sorted by key, so nothing depends on the order records came in.
 *
 * Invariant: every table of every report made with the same playbook and
 * options has cells of the same width (C_FIXED + stages + 1).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_alias.h"
#include "lp_date.h"
#include "lp_report.h"
#include "lp_report_int.h"
#include "lp_stage.h"

const char *const lp_report_leak_names[LP_LEAK_N] = {
	"mql not routed", "not touched past sla",
	"disqualified without reason", "recycled, not re-engaged"
};

static const char *const table_names[T_N] = {
	"group", "owner", "grade", "band", "source_dq", "campaign_dq",
	"recycled", "flow"
};

/* Fields read, by canonical name (alias-aware lookup). */
static const char *const field_names[F_N] = {
	"stage", "status", "grade", "score", "created_at", "first_touch_at",
	"converted_at", "closed_at", "sla_due_at", "owner", "dq_reason",
	"lead_source", "campaign", "recycled", "recycle_at",
	"last_activity_at", "mql_at"
};

#define NOKEY	"(empty)"

/* ---------------------------------------------------------- cells */

static void
hist_add(struct lp_hist *h, uint32_t b, uint64_t k)
{
	if (b >= h->n) {
		uint32_t n = h->n ? h->n : 16;

		while (n <= b)
			n *= 2;
		h->c = lp_xreallocarray(h->c, n, sizeof(*h->c));
		memset(h->c + h->n, 0, (n - h->n) * sizeof(*h->c));
		h->n = n;
	}
	h->c[b] += k;
}

struct lp_cell *
lp_rep_cell(struct lp_report *r, int t, const char *key, size_t n)
{
	struct lp_rtable *tb = &r->tab[t];
	int i = lp_map_get(tb->map, key, n);
	struct lp_cell *c;

	if (i >= 0)
		return &tb->cells[i];
	if (tb->n == tb->cap) {
		tb->cap = tb->cap ? tb->cap * 2 : 16;
		tb->cells = lp_xreallocarray(tb->cells, tb->cap,
		    sizeof(*tb->cells));
	}
	c = &tb->cells[tb->n];
	memset(c, 0, sizeof(*c));
	c->key = lp_xstrndup(key, n);
	c->klen = n;
	c->c = lp_xcalloc((size_t)r->ncount, sizeof(*c->c));
	lp_map_put(tb->map, key, n, (int)tb->n);
	tb->n++;
	return c;
}

static void
cell_fini(struct lp_cell *c)
{
	free(c->key);
	free(c->c);
	for (int h = 0; h < H_N; h++)
		free(c->h[h].c);
}

/* ---------------------------------------------------------- setup */

static int
find_field(const struct lp_header *hdr, const char *name, struct lp_err *err)
{
	int col = lp_header_find(hdr, name);
	const char *names[64];
	int n = 0;

	if (col >= 0)
		return col;
	for (int i = 0; i < lp_header_count(hdr) && n < 63; i++)
		names[n++] = lp_header_name(hdr, i);
	names[n] = NULL;
	{
		const char *s = lp_suggest(name, names);

		if (s != NULL)
			lp_err_set(err, EX_DATAERR, NULL, 0, "--by: no field "
			    "'%s' in the input (did you mean '%s'?)", name, s);
		else
			lp_err_set(err, EX_DATAERR, NULL, 0, "--by: no field "
			    "'%s' in the input", name);
	}
	return -1;
}

static void
init_common(struct lp_report *r)
{
	r->ncount = C_FIXED + r->nstages + 1;
	for (int t = 0; t < T_N; t++)
		r->tab[t].map = lp_map_new();
	r->total.c = lp_xcalloc((size_t)r->ncount, sizeof(*r->total.c));
	r->total.key = lp_xstrdup("");
}

/* FNV-1a over the playbook text: partials from other playbooks differ. */
static uint64_t
fingerprint(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h;
}

struct lp_report *
lp_report_new(const struct lp_playbook *pb, const struct lp_header *hdr,
    const struct lp_report_opts *o, struct lp_err *err)
{
	struct lp_report *r = lp_xcalloc(1, sizeof(*r));
	const struct lp_stage *st;
	size_t tn;
	const char *text = lp_playbook_text(pb, &tn);
	const struct lp_pb_section *ps = lp_playbook_section(pb, "playbook");
	const struct lp_pb_setting *nm = lp_pb_get(ps, "name");
	const struct lp_pb_setting *ver = lp_pb_get(ps, "version");

	r->pb = pb;
	r->o = *o;
	lp_dates_init(&r->dates, LP_DATE_UNSET);
	r->by = lp_xstrdup(o->by != NULL ? o->by : "");
	r->o.by = r->by;
	if (r->o.band <= 0)
		r->o.band = 20;
	r->fp = fingerprint(text, tn);
	snprintf(r->pbname, sizeof(r->pbname), "%s%s%s",
	    nm ? nm->value : lp_playbook_name(pb), ver ? " " : "",
	    ver ? ver->value : "");
	st = lp_playbook_stages(pb, &r->nstages);
	r->stages = lp_xcalloc((size_t)r->nstages, sizeof(*r->stages));
	r->kinds = lp_xcalloc((size_t)r->nstages, sizeof(*r->kinds));
	for (int i = 0; i < r->nstages; i++) {
		r->stages[i] = lp_xstrdup(st[i].name);
		r->kinds[i] = st[i].kind;
		if (st[i].kind == LP_STAGE_FUNNEL)
			r->nfunnel = i + 1;
	}
	init_common(r);
	r->goal = r->nfunnel - 1;
	if (o->goal != NULL) {
		r->goal = lp_playbook_stage_find(pb, o->goal, strlen(o->goal));
		if (r->goal < 0 || r->kinds[r->goal] != LP_STAGE_FUNNEL) {
			lp_err_set(err, EX_USAGE, NULL, 0, "--goal: '%s' is not "
			    "a stage of the funnel ([stages] order)", o->goal);
			goto fail;
		}
	}
	for (int f = 0; f < F_N; f++) {
		r->col[f] = lp_header_find(hdr, field_names[f]);
		if (r->col[f] >= 0)
			r->present |= 1u << f;
	}
	if (r->by[0] != '\0') {
		char *s = lp_xstrdup(r->by), *p = s, *e;

		do {
			if ((e = strchr(p, ',')) != NULL)
				*e = '\0';
			if (*p == '\0' || r->nby == LP_REPORT_MAXBY) {
				free(s);
				lp_err_set(err, EX_USAGE, NULL, 0, "--by: '%s' is "
				    "not FIELD[,FIELD...] (at most %d fields)",
				    r->by, LP_REPORT_MAXBY);
				goto fail;
			}
			if ((r->bycol[r->nby++] = find_field(hdr, p, err)) < 0) {
				free(s);
				goto fail;
			}
			p = e + 1;
		} while (e != NULL);
		free(s);
	}
	if (lp_playbook_dates(pb, o->dates, &r->dates.order, err) != 0 ||
	    (r->stager = lp_stager_new(pb, hdr, o->now, &r->dates, err)) ==
	    NULL)
		goto fail;
	r->mql = lp_playbook_stage_find(pb, "mql", 3);
	if (r->mql >= 0 && r->kinds[r->mql] != LP_STAGE_FUNNEL)
		r->mql = -1;
	r->dq = lp_playbook_stage_find(pb, "disqualified", 12);
	lp_buf_init(&r->key);
	return r;
fail:
	lp_report_free(r);
	return NULL;
}

void
lp_report_free(struct lp_report *r)
{
	if (r == NULL)
		return;
	for (int t = 0; t < T_N; t++) {
		for (size_t i = 0; i < r->tab[t].n; i++)
			cell_fini(&r->tab[t].cells[i]);
		free(r->tab[t].cells);
		lp_map_free(r->tab[t].map);
	}
	cell_fini(&r->total);
	lp_stager_free(r->stager);
	for (int i = 0; r->stages != NULL && i < r->nstages; i++)
		free(r->stages[i]);
	free(r->stages);
	free(r->kinds);
	free(r->by);
	lp_buf_fini(&r->key);
	free(r);
}

long
lp_report_read(const struct lp_report *r)
{
	return (long)r->nread;
}

long
lp_report_kept(const struct lp_report *r)
{
	return (long)r->total.c[C_N];
}

/* ---------------------------------------------------------- counting */

static struct lp_str
field(const struct lp_report *r, const struct lp_record *rec, int f)
{
	struct lp_str s = { "", 0 };

	if (r->col[f] >= 0)
		s = lp_str_trim(lp_record_get(rec, r->col[f]));
	return s;
}

/* A time field: true with *t set when it holds a date. */
static bool
time_of(struct lp_report *r, const struct lp_record *rec, int f, int64_t *t)
{
	struct lp_str s = field(r, rec, f);
	struct lp_datetime dt;

	if (s.n == 0)
		return false;
	/* The one date reader: 03/04/2026 only in the run's order. */
	if (lp_dates_read(&r->dates, s.p, s.n, true, &dt) != 0) {
		r->nbaddate++;
		return false;
	}
	*t = dt.secs;
	return true;
}

/*
 * The record's stage, as every program decides it (lp_stager: stage and
 * status columns through the [stages] map, conditions, mql_at); -1 when
 * a status is not in the map (counted as unmapped).
 */
static int
stage_of(const struct lp_report *r, const struct lp_record *rec)
{
	struct lp_stage_at at;

	return lp_stager_stage(r->stager, rec, &at);
}

static bool
truthy(struct lp_str s)
{
	static const char *const yes[] = { "yes", "y", "true", "1", "x" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (lp_str_casecmp(s, (struct lp_str){ yes[i],
		    strlen(yes[i]) }) == 0)
			return true;
	return false;
}

/* Days from a Unix time to a civil date (Howard Hinnant's algorithm). */
static void
civil(int64_t secs, int *y, int *m, int *d)
{
	int64_t z = (secs >= 0 ? secs : secs - 86399) / 86400 + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void
cohort_key(enum lp_cohort c, bool has, int64_t t, struct lp_buf *b)
{
	int y, m, d;

	if (!has) {
		lp_buf_adds(b, "(no date)");
		return;
	}
	if (c == LP_COHORT_WEEK) {
		/* ISO 8601 week: the week's Thursday decides the year. */
		int64_t days = (t >= 0 ? t : t - 86399) / 86400;
		int64_t wd = ((days + 3) % 7 + 7) % 7;	/* Monday 0 */
		int64_t thu = days - wd + 3;
		int ty, tm, td;

		civil(thu * 86400, &ty, &tm, &td);
		/* Day of the year of that Thursday. */
		{
			static const int cum[] = { 0, 31, 59, 90, 120, 151,
			    181, 212, 243, 273, 304, 334 };
			int leap = (ty % 4 == 0 && ty % 100 != 0) ||
			    ty % 400 == 0;
			int yday = cum[tm - 1] + td - 1 + (tm > 2 ? leap : 0);

			lp_buf_printf(b, "%04d-W%02d", ty, yday / 7 + 1);
		}
		return;
	}
	civil(t, &y, &m, &d);
	if (c == LP_COHORT_MONTH)
		lp_buf_printf(b, "%04d-%02d", y, m);
	else
		lp_buf_printf(b, "%04d-Q%d", y, (m - 1) / 3 + 1);
}

/* Append a field's value, or none ("(empty)"), and a separator before
 * it when sep. */
static void
key_addn(struct lp_buf *b, struct lp_str s, bool sep, const char *none)
{
	if (sep)
		lp_buf_addc(b, KEYSEP);
	if (s.n == 0)
		lp_buf_adds(b, none);
	else if (memchr(s.p, KEYSEP, s.n) == NULL)
		lp_buf_add(b, s.p, s.n);
	else
		for (size_t i = 0; i < s.n; i++)	/* keep keys splittable */
			lp_buf_addc(b, s.p[i] == KEYSEP ? ' ' : s.p[i]);
}

static void
key_add(struct lp_buf *b, struct lp_str s, bool sep)
{
	key_addn(b, s, sep, NOKEY);
}

/* What one record adds to a cell. */
struct delta {
	int		 stage;		/* index, or nstages for unmapped */
	bool		 goal;
	int		 sla;		/* C_SLA_... or -1 */
	unsigned	 leaks;
	int64_t		 h[H_N];	/* bucket, or -1 */
	bool		 neg;		/* an interval ran backwards */
	bool		 mqlat;		/* off the funnel, was an MQL */
};

enum { ADD_ALL = 1, ADD_N = 2 };

static void
cell_add(struct lp_cell *c, const struct delta *d, int how)
{
	c->c[C_N]++;
	if (how == ADD_N)
		return;
	c->c[C_FIXED + d->stage]++;
	c->c[C_GOAL] += d->goal;
	if (d->sla >= 0) {
		c->c[C_SLA]++;
		c->c[d->sla]++;
	}
	for (int l = 0; l < LP_LEAK_N; l++)
		if (d->leaks & (1u << l))
			c->c[C_LEAK + l]++;
	c->c[C_NEG] += d->neg;
	c->c[C_MQLAT] += d->mqlat;
	for (int h = 0; h < H_N; h++)
		if (d->h[h] >= 0)
			hist_add(&c->h[h], (uint32_t)d->h[h], 1);
}

/* The bucket of the interval a..b in units of unit seconds, capped. */
static void
interval(struct delta *d, int h, bool ha, int64_t a, bool hb, int64_t b,
    int64_t unit, int64_t cap)
{
	int64_t v;

	d->h[h] = -1;
	if (!ha || !hb)
		return;
	if (b < a) {
		d->neg = true;
		return;
	}
	v = (b - a) / unit;
	d->h[h] = v > cap ? cap : v;
}

long
lp_report_ambiguous_dates(const struct lp_report *r, const char **example)
{
	*example = r->dates.example;
	return r->dates.ambiguous;
}

void
lp_report_add(struct lp_report *r, const struct lp_record *rec,
    unsigned *leaks)
{
	struct delta d;
	int64_t created = 0, touch = 0, conv = 0, closed = 0, due = 0;
	int64_t recyc = 0, act = 0;
	bool hc, ht, hv, hl, hd, recycled;
	struct lp_str owner, src, camp, reason;
	struct lp_buf *k = &r->key;
	struct lp_cell *c;
	int s;

	*leaks = 0;
	lp_dates_next(&r->dates);
	r->nread++;
	hc = time_of(r, rec, F_CREATED, &created);
	if ((r->o.has_since || r->o.has_until) && (!hc ||
	    (r->o.has_since && created < r->o.since) ||
	    (r->o.has_until && created >= r->o.until)))
		return;
	memset(&d, 0, sizeof(d));
	s = stage_of(r, rec);
	d.stage = s >= 0 ? s : r->nstages;
	d.goal = s >= 0 && r->kinds[s] == LP_STAGE_FUNNEL && s >= r->goal;
	ht = time_of(r, rec, F_TOUCH, &touch);
	hv = time_of(r, rec, F_CONVERTED, &conv);
	hl = time_of(r, rec, F_CLOSED, &closed);
	hd = time_of(r, rec, F_SLA_DUE, &due);
	owner = field(r, rec, F_OWNER);
	reason = field(r, rec, F_DQ_REASON);
	recycled = truthy(field(r, rec, F_RECYCLED));
	interval(&d, H_CREATED_TOUCH, hc, created, ht, touch, 86400,
	    DAYS_CAP);
	interval(&d, H_TOUCH_CONV, ht, touch, hv, conv, 86400, DAYS_CAP);
	interval(&d, H_CONV_CLOSED, hv, conv, hl, closed, 86400, DAYS_CAP);
	interval(&d, H_CREATED_CLOSED, hc, created, hl, closed, 86400,
	    DAYS_CAP);
	interval(&d, H_TOUCH_HOURS, hc, created, ht, touch, 3600, HOURS_CAP);
	d.sla = -1;
	if (hd)
		d.sla = ht ? (touch <= due ? C_SLA_MET : C_SLA_LATE) :
		    (due < r->o.now ? C_SLA_OVERDUE : C_SLA_PENDING);
	/* Leaks: leads that fell through, for follow-up. */
	if (s >= 0 && s == r->mql && owner.n == 0)
		d.leaks |= 1u << LP_LEAK_MQL_UNROUTED;
	if (owner.n > 0 && !ht && hd && due < r->o.now)
		d.leaks |= 1u << LP_LEAK_UNTOUCHED;
	if (s >= 0 && s == r->dq && reason.n == 0)
		d.leaks |= 1u << LP_LEAK_DQ_NO_REASON;
	if (recycled && s >= 0 && (r->kinds[s] == LP_STAGE_OTHER || s == 0)) {
		bool hr = time_of(r, rec, F_RECYCLE_AT, &recyc);
		bool ha = time_of(r, rec, F_ACTIVITY, &act);

		if (!ha || (hr && act <= recyc))
			d.leaks |= 1u << LP_LEAK_DORMANT;
	}
	*leaks = d.leaks;
	if (r->mql >= 0 && (s < 0 || r->kinds[s] != LP_STAGE_FUNNEL)) {
		int64_t m;

		d.mqlat = time_of(r, rec, F_MQL_AT, &m);
	}

	cell_add(&r->total, &d, ADD_ALL);
	if (r->nby > 0 || r->o.cohort != LP_COHORT_NONE) {
		k->n = 0;
		if (r->o.cohort != LP_COHORT_NONE)
			cohort_key(r->o.cohort, hc, created, k);
		for (int i = 0; i < r->nby; i++)
			key_add(k, lp_str_trim(lp_record_get(rec, r->bycol[i])),
			    i > 0 || r->o.cohort != LP_COHORT_NONE);
		c = lp_rep_cell(r, T_GROUP, k->p, k->n);
		cell_add(c, &d, ADD_ALL);
	}
	if (hd || ht) {
		k->n = 0;
		key_addn(k, owner, false, "(no owner)");
		cell_add(lp_rep_cell(r, T_OWNER, k->p, k->n), &d, ADD_ALL);
	}
	if (r->col[F_GRADE] >= 0) {
		k->n = 0;
		key_addn(k, field(r, rec, F_GRADE), false, "(no grade)");
		cell_add(lp_rep_cell(r, T_GRADE, k->p, k->n), &d, ADD_ALL);
	}
	if (r->col[F_SCORE] >= 0) {
		struct lp_str sc = field(r, rec, F_SCORE);
		char tmp[64], *end;
		double v;

		k->n = 0;
		if (sc.n > 0 && sc.n < sizeof(tmp)) {
			memcpy(tmp, sc.p, sc.n);
			tmp[sc.n] = '\0';
			v = strtod(tmp, &end);
			if (*end != '\0' || end == tmp || v != v)
				lp_buf_adds(k, "(no score)");
			else if (v < 0)
				lp_buf_adds(k, "<0");
			else {
				long long lo = (long long)(v / r->o.band) *
				    r->o.band;

				if (v > 1e15)
					lo = 1000000000000000LL;
				lp_buf_printf(k, "%lld-%lld", lo,
				    lo + r->o.band - 1);
			}
		} else
			lp_buf_adds(k, "(no score)");
		cell_add(lp_rep_cell(r, T_BAND, k->p, k->n), &d, ADD_ALL);
	}
	src = field(r, rec, F_SOURCE);
	camp = field(r, rec, F_CAMPAIGN);
	if (s >= 0 && r->kinds[s] == LP_STAGE_LOST) {
		k->n = 0;
		key_add(k, src, false);
		lp_buf_addc(k, KEYSEP);
		lp_buf_adds(k, r->stages[s]);
		key_add(k, reason, true);
		cell_add(lp_rep_cell(r, T_SOURCE_DQ, k->p, k->n), &d, ADD_N);
		k->n = 0;
		key_add(k, camp, false);
		lp_buf_addc(k, KEYSEP);
		lp_buf_adds(k, r->stages[s]);
		key_add(k, reason, true);
		cell_add(lp_rep_cell(r, T_CAMPAIGN_DQ, k->p, k->n), &d,
		    ADD_N);
	}
	if (recycled) {
		k->n = 0;
		lp_buf_adds(k, s >= 0 ? r->stages[s] : "(unmapped)");
		cell_add(lp_rep_cell(r, T_RECYCLED, k->p, k->n), &d, ADD_N);
	}
	/* The journey: source -> stage -> outcome. */
	k->n = 0;
	key_add(k, src, false);
	lp_buf_addc(k, KEYSEP);
	lp_buf_adds(k, s >= 0 ? r->stages[s] : "(unmapped)");
	lp_buf_addc(k, KEYSEP);
	lp_buf_adds(k, s < 0 ? "open" : d.goal ? r->stages[r->goal] :
	    r->kinds[s] == LP_STAGE_LOST ? "lost" : r->kinds[s] ==
	    LP_STAGE_OTHER ? "nurture" : recycled ? "back from nurture" :
	    "open");
	cell_add(lp_rep_cell(r, T_FLOW, k->p, k->n), &d, ADD_N);
}

void
lp_report_leak_text(unsigned bits, struct lp_buf *out)
{
	bool first = true;

	out->n = 0;
	for (int l = 0; l < LP_LEAK_N; l++)
		if (bits & (1u << l)) {
			if (!first)
				lp_buf_adds(out, "; ");
			lp_buf_adds(out, lp_report_leak_names[l]);
			first = false;
		}
	lp_buf_cstr(out);
}

/* ---------------------------------------------------------- partials */

#define MAGIC	"leadpipe-report-partial 1"
/* Larger counts in a state are not from a real run; refusing them keeps
 * merged sums far from overflow. */
#define MAXCOUNT	1000000000000LL

/* Percent-encode what would break a line or a field. */
static void
enc(struct lp_buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch <= ' ' || ch == '%' || ch == 0x7f)
			lp_buf_printf(b, "%%%02X", ch);
		else
			lp_buf_addc(b, (char)ch);
	}
}

static int
cmp_cell(const void *a, const void *b)
{
	const struct lp_cell *x = *(struct lp_cell *const *)a;
	const struct lp_cell *y = *(struct lp_cell *const *)b;
	size_t n = x->klen < y->klen ? x->klen : y->klen;
	int c = memcmp(x->key, y->key, n);

	return c != 0 ? c : (x->klen > y->klen) - (x->klen < y->klen);
}

struct lp_cell **
lp_rep_sorted(const struct lp_report *r, int t)
{
	const struct lp_rtable *tb = &r->tab[t];
	struct lp_cell **v = lp_xcalloc(tb->n + 1, sizeof(*v));

	for (size_t i = 0; i < tb->n; i++)
		v[i] = &tb->cells[i];
	qsort(v, tb->n, sizeof(*v), cmp_cell);
	return v;
}

static void
put_cell(const struct lp_report *r, const char *t, const struct lp_cell *c,
    struct lp_buf *b)
{
	lp_buf_printf(b, "cell %s ", t);
	enc(b, c->key, c->klen);
	for (int i = 0; i < r->ncount; i++)
		lp_buf_printf(b, " %" PRId64, c->c[i]);
	for (int h = 0; h < H_N; h++) {
		bool any = false;

		lp_buf_adds(b, " |");
		for (uint32_t i = 0; i < c->h[h].n; i++)
			if (c->h[h].c[i] != 0) {
				lp_buf_printf(b, "%c%" PRIu32 ":%" PRIu64,
				    any ? ',' : ' ', i, c->h[h].c[i]);
				any = true;
			}
	}
	lp_buf_addc(b, '\n');
}

void
lp_report_partial(const struct lp_report *r, struct lp_buf *b)
{
	lp_buf_adds(b, MAGIC "\n");
	lp_buf_printf(b, "playbook %016" PRIx64 " ", r->fp);
	enc(b, r->pbname, strlen(r->pbname));
	lp_buf_printf(b, "\nnow %" PRId64 "\nby ", r->o.now);
	enc(b, r->by, strlen(r->by));
	lp_buf_printf(b, "\ncohort %d\nsince %d %" PRId64 "\nuntil %d %"
	    PRId64 "\ngoal %d\nband %d\nfields %u\nread %" PRIu64
	    "\nbaddates %" PRIu64 "\nstages %d", (int)r->o.cohort,
	    r->o.has_since, r->o.has_since ? r->o.since : 0, r->o.has_until,
	    r->o.has_until ? r->o.until : 0, r->goal, r->o.band, r->present,
	    r->nread, r->nbaddate, r->nstages);
	for (int i = 0; i < r->nstages; i++) {
		lp_buf_printf(b, " %d:", (int)r->kinds[i]);
		enc(b, r->stages[i], strlen(r->stages[i]));
	}
	lp_buf_addc(b, '\n');
	put_cell(r, "total", &r->total, b);
	for (int t = 0; t < T_N; t++) {
		struct lp_cell **v = lp_rep_sorted(r, t);

		for (size_t i = 0; v[i] != NULL; i++)
			put_cell(r, table_names[t], v[i], b);
		free(v);
	}
	lp_buf_adds(b, "end\n");
}

/* A reader over one line of a partial. */
struct rd {
	const char	*p, *e;		/* the rest of the text */
	const char	*name;
	long		 line;
	char		*l;		/* the current line, NUL-terminated */
	struct lp_buf	 buf;
	struct lp_err	*err;
};

static int
bad(struct rd *d, const char *what)
{
	return lp_err_set(d->err, EX_DATAERR, d->name, d->line,
	    "not a lead-report partial state: %s", what);
}

static bool
next_line(struct rd *d)
{
	const char *nl;

	if (d->p >= d->e)
		return false;
	nl = memchr(d->p, '\n', (size_t)(d->e - d->p));
	if (nl == NULL)
		nl = d->e;
	d->buf.n = 0;
	lp_buf_add(&d->buf, d->p, (size_t)(nl - d->p));
	d->l = lp_buf_cstr(&d->buf);
	d->p = nl < d->e ? nl + 1 : nl;
	d->line++;
	return true;
}

/* Decode a %XX-encoded word in place; its length. */
static size_t
dec(char *s)
{
	char *w = s;

	for (char *p = s; *p != '\0'; p++) {
		if (p[0] == '%' && isxdigit((unsigned char)p[1]) &&
		    isxdigit((unsigned char)p[2])) {
			char h[3] = { p[1], p[2], '\0' };

			*w++ = (char)strtol(h, NULL, 16);
			p += 2;
		} else
			*w++ = *p;
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* "key rest": the rest after "key ", or NULL. */
static char *
after(struct rd *d, const char *key)
{
	size_t n = strlen(key);

	if (!next_line(d) || strncmp(d->l, key, n) != 0 || d->l[n] != ' ')
		return NULL;
	return d->l + n + 1;
}

static int
read_cell(struct lp_report *r, struct rd *d, char *s)
{
	char *sp = strchr(s, ' '), *key, *end;
	struct lp_cell *c;
	int t;
	size_t kn;

	if (sp == NULL)
		return bad(d, "a cell line has no key");
	*sp = '\0';
	key = sp + 1;
	if ((sp = strchr(key, ' ')) == NULL)
		return bad(d, "a cell line has no counts");
	*sp = '\0';
	s = sp + 1;
	kn = dec(key);
	if (memchr(key, '\0', kn) != NULL)
		return bad(d, "a key holds a NUL byte");
	if (strcmp(d->l + 5, "total") == 0)
		c = &r->total;
	else {
		size_t seps = 0;

		for (t = 0; t < T_N; t++)
			if (strcmp(d->l + 5, table_names[t]) == 0)
				break;
		if (t == T_N)
			return bad(d, "unknown table");
		/* Every key has the parts its table's figures split it in. */
		for (size_t i = 0; i < kn; i++)
			seps += key[i] == KEYSEP;
		if (t == T_GROUP ? (r->nparts == 0 || seps + 1 !=
		    (size_t)r->nparts) : seps != (t == T_SOURCE_DQ ||
		    t == T_CAMPAIGN_DQ || t == T_FLOW ? 2u : 0u))
			return bad(d, "a key has the wrong number of parts");
		c = lp_rep_cell(r, t, key, kn);
	}
	for (int i = 0; i < r->ncount; i++) {
		long long v = strtoll(s, &end, 10);

		if (end == s || v < 0 || v > MAXCOUNT)
			return bad(d, "a count is missing or out of range");
		c->c[i] += v;
		s = end;
	}
	for (int h = 0; h < H_N; h++) {
		while (*s == ' ')
			s++;
		if (*s != '|')
			return bad(d, "a histogram is missing");
		s++;
		while ((*s == ' ' || *s == ',') && isdigit((unsigned char)s[1])) {
			unsigned long b, v;

			s++;
			b = strtoul(s, &end, 10);
			if (end == s || *end != ':' || b > HOURS_CAP)
				return bad(d, "a histogram bucket is wrong");
			s = end + 1;
			v = strtoul(s, &end, 10);
			if (end == s || v > MAXCOUNT)
				return bad(d, "a histogram count is missing or "
				    "out of range");
			s = end;
			hist_add(&c->h[h], (uint32_t)b, v);
		}
	}
	return *s == '\0' ? 0 : bad(d, "trailing text on a cell line");
}

/* Read one state after its magic line into a new report. */
static struct lp_report *
read_state(struct rd *d)
{
	struct lp_report *r = lp_xcalloc(1, sizeof(*r));
	char *s, *end;
	unsigned u;
	int a, n;
	long long x;

	lp_buf_init(&r->key);
	if ((s = after(d, "playbook")) == NULL ||
	    sscanf(s, "%16" SCNx64 " %n", &r->fp, &n) != 1)
		goto bad;
	snprintf(r->pbname, sizeof(r->pbname), "%s", s + n);
	dec(r->pbname);
	if ((s = after(d, "now")) == NULL)
		goto bad;
	r->o.now = strtoll(s, NULL, 10);
	if (!next_line(d) || strncmp(d->l, "by", 2) != 0)
		goto bad;
	r->by = lp_xstrdup(d->l[2] == ' ' ? d->l + 3 : "");
	dec(r->by);
	r->o.by = r->by;
	if ((s = after(d, "cohort")) == NULL)
		goto bad;
	r->o.cohort = (enum lp_cohort)atoi(s);
	if ((s = after(d, "since")) == NULL || sscanf(s, "%d %lld", &a, &x) != 2)
		goto bad;
	r->o.has_since = a, r->o.since = x;
	if ((s = after(d, "until")) == NULL || sscanf(s, "%d %lld", &a, &x) != 2)
		goto bad;
	r->o.has_until = a, r->o.until = x;
	if ((s = after(d, "goal")) == NULL)
		goto bad;
	r->goal = atoi(s);
	if ((s = after(d, "band")) == NULL || (r->o.band = atoi(s)) < 1)
		goto bad;
	if ((s = after(d, "fields")) == NULL || sscanf(s, "%u", &u) != 1)
		goto bad;
	r->present = u;
	if ((s = after(d, "read")) == NULL)
		goto bad;
	r->nread = strtoull(s, NULL, 10);
	if ((s = after(d, "baddates")) == NULL)
		goto bad;
	r->nbaddate = strtoull(s, NULL, 10);
	if ((s = after(d, "stages")) == NULL)
		goto bad;
	a = (int)strtol(s, &end, 10);
	if (end == s || a < 1 || a > 1000)
		goto bad;
	r->nstages = a;
	r->stages = lp_xcalloc((size_t)r->nstages, sizeof(*r->stages));
	r->kinds = lp_xcalloc((size_t)r->nstages, sizeof(*r->kinds));
	s = end;
	for (int i = 0; i < r->nstages; i++) {
		char *w;

		if (*s != ' ' || (a = (int)strtol(s + 1, &end, 10)) < 0 ||
		    a > LP_STAGE_LOST || *end != ':')
			goto bad;
		w = end + 1;
		s = strchr(w, ' ');
		r->stages[i] = lp_xstrndup(w, s ? (size_t)(s - w) : strlen(w));
		dec(r->stages[i]);
		r->kinds[i] = (enum lp_stage_kind)a;
		if (a == LP_STAGE_FUNNEL)
			r->nfunnel = i + 1;
		if (s == NULL)
			s = w + strlen(w);
	}
	if (r->goal < 0 || r->goal >= r->nfunnel)
		goto bad;
	r->dq = -1;
	r->mql = -1;
	for (int i = 0; i < r->nfunnel; i++)
		if (strcmp(r->stages[i], "mql") == 0)
			r->mql = i;
	r->nparts = r->o.cohort != LP_COHORT_NONE;
	if (r->by[0] != '\0') {
		r->nparts++;
		for (const char *p = r->by; *p != '\0'; p++)
			r->nparts += *p == ',';
	}
	init_common(r);
	for (;;) {
		if (!next_line(d)) {
			bad(d, "no end line");
			goto fail;
		}
		if (strcmp(d->l, "end") == 0)
			break;
		if (strncmp(d->l, "cell ", 5) != 0 ||
		    read_cell(r, d, d->l + 5) != 0) {
			bad(d, "a line is not a cell");
			goto fail;
		}
	}
	return r;
bad:
	bad(d, "a header line is wrong");
fail:
	lp_report_free(r);
	return NULL;
}

static void
cell_merge(struct lp_report *r, struct lp_cell *to, const struct lp_cell *c)
{
	for (int i = 0; i < r->ncount; i++)
		to->c[i] += c->c[i];
	for (int h = 0; h < H_N; h++)
		for (uint32_t i = 0; i < c->h[h].n; i++)
			if (c->h[h].c[i] != 0)
				hist_add(&to->h[h], i, c->h[h].c[i]);
}

/* The first difference between two reports' settings, or NULL. */
static const char *
differs(const struct lp_report *a, const struct lp_report *b)
{
	if (a->fp != b->fp)
		return "another playbook";
	if (a->nstages != b->nstages)
		return "other stages";
	for (int i = 0; i < a->nstages; i++)
		if (strcmp(a->stages[i], b->stages[i]) != 0 ||
		    a->kinds[i] != b->kinds[i])
			return "other stages";
	if (strcmp(a->by, b->by) != 0)
		return "another --by";
	if (a->o.cohort != b->o.cohort)
		return "another --cohort";
	if (a->o.has_since != b->o.has_since || a->o.since != b->o.since ||
	    a->o.has_until != b->o.has_until || a->o.until != b->o.until)
		return "another --since/--until window";
	if (a->goal != b->goal)
		return "another --goal";
	if (a->o.band != b->o.band)
		return "another --band";
	if (a->o.now != b->o.now)
		return "another --now";
	return NULL;
}

int
lp_report_merge(struct lp_report **acc, const char *text, size_t n,
    const char *name, struct lp_err *err)
{
	struct rd d = { text, text + n, name, 0, NULL, { NULL, 0, 0 }, err };
	struct lp_report *r;
	const char *why;
	int count = 0;

	while (next_line(&d)) {
		if (d.l[0] == '\0')
			continue;
		if (strcmp(d.l, MAGIC) != 0) {
			bad(&d, "no 'leadpipe-report-partial 1' line (make "
			    "states with lead-report --partial)");
			goto fail;
		}
		if ((r = read_state(&d)) == NULL)
			goto fail;
		count++;
		if (*acc == NULL) {
			*acc = r;
			continue;
		}
		if ((why = differs(*acc, r)) != NULL) {
			lp_err_set(err, EX_DATAERR, name, 0, "this partial "
			    "state was made with %s (%s) than the first one "
			    "(%s); merge states of one playbook and one set "
			    "of options", why, r->pbname, (*acc)->pbname);
			lp_report_free(r);
			goto fail;
		}
		(*acc)->nread += r->nread;
		(*acc)->nbaddate += r->nbaddate;
		(*acc)->present |= r->present;
		cell_merge(*acc, &(*acc)->total, &r->total);
		for (int t = 0; t < T_N; t++)
			for (size_t i = 0; i < r->tab[t].n; i++) {
				const struct lp_cell *c = &r->tab[t].cells[i];

				cell_merge(*acc, lp_rep_cell(*acc, t, c->key,
				    c->klen), c);
			}
		lp_report_free(r);
	}
	lp_buf_fini(&d.buf);
	return count;
fail:
	lp_buf_fini(&d.buf);
	return -1;
}

int
lp_report_merge_file(struct lp_report **acc, const char *path,
    struct lp_err *err)
{
	bool in = path == NULL || strcmp(path, "-") == 0;
	const char *name = in ? "<stdin>" : path;
	FILE *f = in ? stdin : fopen(path, "rb");
	struct lp_buf b;
	char chunk[65536];
	size_t n;
	int rc;

	if (f == NULL)
		return lp_err_set(err, EX_NOINPUT, path, 0, "cannot open: %s",
		    strerror(errno));
	lp_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lp_buf_add(&b, chunk, n);
	if (ferror(f)) {
		rc = lp_err_set(err, EX_IOERR, name, 0, "read error");
	} else if ((rc = lp_report_merge(acc, b.p ? b.p : "", b.n, name,
	    err)) == 0)
		rc = lp_err_set(err, EX_DATAERR, name, 0, "no partial state "
		    "(make one with lead-report --partial)");
	if (!in)
		fclose(f);
	lp_buf_fini(&b);
	return rc < 0 ? -1 : 0;
}

long long
lp_rep_reached(const struct lp_report *r, const struct lp_cell *c, int i)
{
	long long n = 0;

	if (i == 0)
		return (long long)c->c[C_N];
	for (int j = i; j < r->nfunnel; j++)
		n += (long long)c->c[C_FIXED + j];
	if (r->mql >= 0 && i <= r->mql)
		n += (long long)c->c[C_MQLAT];
	return n;
}
