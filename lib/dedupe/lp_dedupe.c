/*
 * lp_dedupe -- the matching engine (lp_dedupe.h has the data flow).
 *
 * The store (lp_store): every record's values, then its matching keys
 * ("slots": one per compared field), as one row of columns + slots
 * fields.  Records are numbered 0..n-1 in input order (master records,
 * with --against, first).
 *
 * The model is Fellegi-Sunter's: each comparison puts a pair at one of
 * its levels (the first that holds), "else" when none does, or nowhere
 * when a value is empty (no evidence either way).  A level's weight is
 * log2(m / u): m the chance a true match shows it, u the chance two
 * unrelated records do.  u comes from random pairs (almost all
 * non-matches), m from EM over the candidate pairs (u held fixed, as
 * Splink does); both start from priors that small inputs lean on.  An
 * exact level marked tf uses the value's own frequency for u, so two
 * Smiths count for less than two Quasimodos.  A pair's weight is the
 * prior log-odds (matches among all pairs) plus its levels' weights;
 * its match probability is 1 / (1 + 2^-weight).
 *
 * Clusters: pairs at or above the match probability, strongest first,
 * join their records' clusters (union-find), except that two groups of
 * which one has more than one record join only when at least half of
 * the pairs across them, compared directly, reach the review
 * probability: one weak link cannot chain two people together.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lp_alias.h"
#include "lp_date.h"
#include "lp_dedupe.h"
#include "lp_dedupe_int.h"
#include "lp_keyset.h"
#include "lp_match.h"
#include "lp_store.h"
#include "lp_writer.h"
#include "lp_util.h"

#define NULLV	255	/* a pattern byte: a value was empty */
#define PRIOR_N	10.0	/* pseudo-pairs behind the u and m priors */
#define TF_MIN	50	/* non-empty values before tf adjusts */
#define GUARD	64	/* cross pairs the anti-chaining guard compares */

const char *const lp_dedupe_merge_columns[] = { "merged_count", "merged_ids",
	NULL };
const char *const lp_dedupe_mark_columns[] = { "cluster_id", "is_primary",
	"match_score", "match_reason", NULL };
const char *const lp_dedupe_against_columns[] = { "master_id", "match_score",
	"match_reason", NULL };

struct pair {
	uint32_t	 a, b;
	double		 w;
};

struct lp_dedupe {
	struct conf	 c;
	struct lp_stream *st;		/* the input: its header and format */
	const struct lp_playbook *pb;
	struct lp_dedupe_opts o;
	struct lp_dates	*dates;		/* the run's order; ambiguous met */
	int		 ncols;		/* input columns stored */
	int		 nslots;
	int		 id_col;	/* lead_id, -1 none */
	int		 out_cols[4];	/* the mode's columns */
	int		 bk_col;	/* --emit-block-key */

	/* The store: n rows of ncols + nslots fields. */
	struct lp_store	*rows;
	long		 n, nmaster;
	struct lp_buf	 tmp, key;
	int		*colmap;	/* master file column -> ours */

	/* Model. */
	struct lp_map	*tf[MAXCMP];
	long		 tfn[MAXCMP];
	double		 lambda, prior;	/* prior log2-odds */
	struct pair	*pairs;
	size_t		 npairs;
	unsigned char	*pat;

	/* Clusters. */
	uint32_t	*parent, *next, *size;
	long		*best;		/* per record: its strongest link */
	const struct survive **rules;	/* per column, for merging */
	struct lp_dedupe_counts counts;
};

/* ---- the store ---- */

static struct lp_str
get(const struct lp_dedupe *dd, long r, int i)
{
	return lp_store_get(dd->rows, r, i);
}

static struct lp_str
val(const struct lp_dedupe *dd, long r, int col)
{
	if (col < 0 || col >= dd->ncols)
		return (struct lp_str){ "", 0 };
	return get(dd, r, col);
}

static struct lp_str
slot(const struct lp_dedupe *dd, long r, int s)
{
	return get(dd, r, dd->ncols + s);
}

/* Normalise p[0..n) as kind onto out. */
static void
norm(const struct lp_dedupe *dd, enum kind kind, const char *p, size_t n,
    bool count, struct lp_buf *out)
{
	size_t start = out->n;
	struct lp_str tr = lp_str_trim((struct lp_str){ p, n });

	/* Exports pad values (" 19151111"): every kind trims first. */
	p = tr.p;
	n = tr.n;
	switch (kind) {
	case K_EMAIL:
		lp_match_email(p, n, dd->c.gmail, out);
		break;
	case K_PHONE:
		lp_match_digits(p, n, out);
		if (out->n - start < 7)
			out->n = start;
		else if (out->n - start > 10) {
			memmove(out->p + start, out->p + out->n - 10, 10);
			out->n = start + 10;
		}
		break;
	case K_NAME:
	case K_TEXT:
		lp_match_name(p, n, out);
		break;
	case K_COMPANY:
		lp_match_company(p, n, out);
		break;
	case K_DOMAIN:
		lp_match_domain(p, n, out);
		if (lp_match_freemail(out->p + start, out->n - start))
			out->n = start;
		break;
	case K_DIGITS:
		lp_match_digits(p, n, out);
		break;
	case K_NUMBER: {
		char b[64], *e;
		double v;

		if (n == 0 || n >= sizeof(b))
			break;
		memcpy(b, p, n);
		b[n] = '\0';
		v = strtod(b, &e);
		if (e != b)
			lp_buf_printf(out, "%.10g", v);
		break;
	}
	case K_DATE: {
		struct lp_datetime t;
		char b[40];

		size_t dg = 0;

		while (dg < n && p[dg] >= '0' && p[dg] <= '9')
			dg++;
		if (n == 8 && dg == 8 && (p[0] == '1' || p[0] == '2')) {
			/* YYYYMMDD, as registers write birth dates. */
			lp_buf_printf(out, "%.4s-%.2s-%.2s", p, p + 4, p + 6);
		} else if (count ? lp_dates_read(dd->dates, p, n, true,
		    &t) == 0 : lp_date_read(p, n, dd->dates->order, &t) == 0) {
			/* The one date reader: 03/04/2026 only in the run's
			 * order, else its digits, never a guess. */
			t.has_time = false;
			lp_buf_add(out, b, lp_date_format(&t, b, sizeof(b)));
		} else
			lp_match_digits(p, n, out);
		break;
	}
	}
}

/* Store rec, whose column i is our column map[i] (map NULL: the same),
 * then its matching keys. */
static void
store(struct lp_dedupe *dd, const struct lp_record *rec, const int *map)
{
	long r;

	if (dd->rows == NULL)
		dd->rows = lp_store_new(dd->ncols + dd->nslots);
	lp_dates_next(dd->dates);
	r = lp_store_add(dd->rows, rec, map, dd->ncols);
	dd->n++;
	for (int k = 0; k < dd->c.ncmp; k++) {
		const struct compare *cp = &dd->c.cmp[k];

		/* Slots in order: cp->slot + f is the next field. */
		for (int f = 0; f < cp->nfields + (cp->swapfield != NULL);
		    f++) {
			int col = f < cp->nfields ? cp->cols[f] : cp->swapslot;
			struct lp_str v = val(dd, r, col);

			dd->tmp.n = 0;
			norm(dd, cp->kind, v.p, v.n, true, &dd->tmp);
			lp_store_field(dd->rows, dd->tmp.p, dd->tmp.n);
		}
	}
}

/* ---- setup ---- */

static int
resolve(struct lp_dedupe *dd, const struct lp_header *h, const char *f,
    long line, int col, bool optional, int *out, struct lp_err *err)
{
	const char *hint;

	if ((*out = lp_header_find(h, f)) >= 0 && *out < dd->ncols)
		return 0;
	*out = -1;
	if (optional)
		return 0;
	hint = lp_alias_suggest(f, strlen(f));
	if (hint != NULL && lp_header_find(h, hint) >= 0)
		return lp_playbook_error(dd->pb, err, line, col,
		    "field '%s' is not in the input (did you mean '%s'?; "
		    "or end the line with \"if present\")", f, hint);
	return lp_playbook_error(dd->pb, err, line, col, "field '%s' is not "
	    "in the input (end the line with \"if present\" to skip it "
	    "then)", f);
}

static int
setup(struct lp_dedupe *dd, const struct lp_header *h, struct lp_err *err)
{
	struct conf *c = &dd->c;
	int usable = 0, runnable = 0, k, j;

	for (k = 0; k < c->nexact; k++) {
		int col = lp_header_find(h, c->exact[k]);

		if (col < 0 || col >= dd->ncols)
			return lp_err_set(err, c->line > 0 && dd->o.exact ==
			    NULL ? EX_CONFIG : EX_USAGE, NULL, 0, "exact key "
			    "field '%s' is not in the input", c->exact[k]);
	}

	if (c->ncmp == 0)
		return lp_playbook_error(dd->pb, err, c->line, 1, "[dedupe] "
		    "compares nothing: add lines like \"Email\" = compare "
		    "email: exact (or use --exact FIELD)");
	for (k = 0, j = 0; k < c->ncmp; k++) {
		struct compare *cp = &c->cmp[k];
		int have = 0;

		for (int f = 0; f < cp->nfields; f++) {
			if (resolve(dd, h, cp->fields[f], cp->line, cp->col,
			    cp->optional, &cp->cols[f], err) != 0)
				return -1;
			have += cp->cols[f] >= 0;
		}
		/* A comparison of absent columns ("if present") is left
		 * out: it would only ever be empty. */
		if (have == 0 && c->nexact == 0)
			continue;
		if (j != k)
			c->cmp[j] = *cp;
		cp = &c->cmp[j++];
		cp->slot = dd->nslots;
		dd->nslots += cp->nfields;
		if (cp->swapfield != NULL) {
			if (resolve(dd, h, cp->swapfield, cp->line, cp->col,
			    cp->optional, &cp->swapslot, err) != 0)
				return -1;
			dd->nslots++;
		}
		usable += have > 0;
		for (int l = 0; l < cp->nlv; l++)
			if (cp->lv[l].t == L_SWAPPED)
				cp->lv[l].swapcmp = cp->slot + cp->nfields;
	}
	c->ncmp = j;
	for (k = 0; k < c->nblk; k++) {
		struct block *b = &c->blk[k];

		for (int p = 0; p < b->nparts; p++) {
			if (resolve(dd, h, b->parts[p].field, b->line, b->col,
			    b->optional, &b->parts[p].col, err) != 0)
				return -1;
			if (b->parts[p].col < 0)
				b->skip = true;
		}
		runnable += !b->skip;
	}
	for (k = 0; k < c->nsrv; k++) {
		struct survive *s = &c->srv[k];

		s->bycol = -1;
		if (s->by != NULL && resolve(dd, h, s->by, s->line, 1, false,
		    &s->bycol, err) != 0)
			return -1;
	}
	if (c->primary.by != NULL && resolve(dd, h, c->primary.by,
	    c->primary.line, 1, false, &c->primary.bycol, err) != 0)
		return -1;
	if (c->nexact > 0)
		return 0;
	if (usable == 0)
		return lp_playbook_error(dd->pb, err, c->line, 1, "no usable "
		    "field: the input has none of the fields [dedupe] "
		    "compares");
	if (runnable == 0)
		return lp_playbook_error(dd->pb, err, c->line, 1, "no "
		    "blocking pass can run: the input lacks a field of each "
		    "block line");
	return 0;
}

struct lp_dedupe *
lp_dedupe_new(const struct lp_playbook *pb, struct lp_stream *st,
    const struct lp_dedupe_opts *o, struct lp_err *err)
{
	struct lp_dedupe *dd = lp_xcalloc(1, sizeof(*dd));
	const struct lp_header *h = lp_stream_header(st);
	const char *const *cols = NULL;

	dd->pb = pb;
	dd->st = st;
	dd->o = *o;
	dd->dates = lp_xcalloc(1, sizeof(*dd->dates));
	dd->ncols = lp_header_count(h);
	dd->bk_col = -1;
	if (lp_dedupe_conf(pb, &dd->c, err) != 0 ||
	    lp_playbook_dates(pb, o->dates, &dd->dates->order, err) != 0)
		goto fail;
	if (o->exact != NULL) {
		char *s = lp_xstrdup(o->exact), *t, *save = NULL;

		dd->c.nexact = 0;
		for (t = strtok_r(s, ",", &save); t != NULL && dd->c.nexact <
		    MAXF; t = strtok_r(NULL, ",", &save)) {
			struct lp_str w = lp_str_trim((struct lp_str){ t,
			    strlen(t) });

			dd->c.exact[dd->c.nexact++] = lp_dedupe_conf_save(
			    &dd->c, w.p, w.n);
		}
		free(s);
		if (dd->c.nexact == 0) {
			lp_err_set(err, EX_USAGE, NULL, 0, "--exact: expected "
			    "a field name");
			goto fail;
		}
	}
	if (dd->c.nexact > 0) {
		/* Exact keys are compared as the fields' own kinds. */
		dd->c.ncmp = 1;
		memset(&dd->c.cmp[0], 0, sizeof(dd->c.cmp[0]));
		dd->c.cmp[0].label = "exact";
		dd->c.cmp[0].nfields = dd->c.nexact;
		for (int f = 0; f < dd->c.nexact; f++)
			dd->c.cmp[0].fields[f] = dd->c.exact[f];
		/* Each field its own kind would need a slot kind each; the
		 * first field's kind is used for all (email, phone, ...). */
		dd->c.cmp[0].kind = lp_dedupe_kind_of(dd->c.exact[0]);
		dd->c.cmp[0].nlv = 1;
		dd->c.nblk = 0;
	}
	if (setup(dd, h, err) != 0)
		goto fail;
	if (dd->c.id != NULL) {
		if (resolve(dd, h, dd->c.id, dd->c.id_line, dd->c.id_col,
		    false, &dd->id_col, err) != 0)
			goto fail;
	} else if ((dd->id_col = lp_header_find(h, "lead_id")) >= dd->ncols)
		dd->id_col = -1;
	switch (o->mode) {
	case LP_DEDUPE_MERGE:
		cols = lp_dedupe_merge_columns;
		break;
	case LP_DEDUPE_MARK:
		cols = lp_dedupe_mark_columns;
		break;
	case LP_DEDUPE_AGAINST:
		cols = lp_dedupe_against_columns;
		break;
	default:
		break;
	}
	for (int i = 0; cols != NULL && cols[i] != NULL; i++)
		dd->out_cols[i] = lp_stream_add_column(st, cols[i]);
	if (o->against != NULL) {
		struct lp_stream *ms;
		struct lp_record *rec;
		const struct lp_header *mh;
		int rc;

		struct lp_io_opts mio = *o->io;

		/* Only read: -o and --rejects belong to the main stream
		 * (a second writer of them is refused, lp_files.c). */
		mio.no_output = true;
		mio.rejects = NULL;
		if ((ms = lp_stream_open(&mio, o->against, err)) == NULL)
			goto fail;
		mh = lp_stream_header(ms);
		dd->colmap = lp_xcalloc((size_t)dd->ncols, sizeof(int));
		for (int i = 0; i < dd->ncols; i++) {
			int m = lp_header_match(mh, lp_header_name(h, i));

			dd->colmap[i] = m >= 0 ? m : lp_header_find(mh,
			    lp_header_name(h, i));
		}
		while ((rc = lp_stream_next(ms, &rec, err)) > 0)
			store(dd, rec, dd->colmap);
		{
			/* The master's counts are not the run's: -v tells
			 * the input's. */
			int v = lp_verbosity;

			lp_verbosity = v > 0 ? 0 : v;
			lp_stream_close(ms, err);
			lp_verbosity = v;
		}
		if (rc < 0 || err->code != 0)
			goto fail;
		dd->nmaster = dd->n;
	}
	return dd;
fail:
	lp_dedupe_free(dd);
	return NULL;
}

long
lp_dedupe_ambiguous_dates(const struct lp_dedupe *dd, const char **example)
{
	*example = dd->dates->example;
	return dd->dates->ambiguous;
}

void
lp_dedupe_free(struct lp_dedupe *dd)
{
	if (dd == NULL)
		return;
	lp_store_free(dd->rows);
	free(dd->dates);
	lp_buf_fini(&dd->tmp);
	lp_buf_fini(&dd->key);
	for (int k = 0; k < MAXCMP; k++)
		lp_map_free(dd->tf[k]);
	free(dd->colmap);
	free(dd->pairs);
	free(dd->pat);
	free(dd->parent);
	free(dd->next);
	free(dd->size);
	free(dd->best);
	free(dd->rules);
	free(dd);
}

enum lp_verdict
lp_dedupe_add(void *arg, struct lp_record *rec, struct lp_emit *e,
    struct lp_err *err)
{
	struct lp_dedupe *dd = arg;

	(void)e;
	(void)err;
	store(dd, rec, NULL);
	dd->counts.in++;
	/* Held: written (or merged away) by lp_dedupe_finish. */
	return LP_DROP;
}

const struct lp_dedupe_counts *
lp_dedupe_counts(const struct lp_dedupe *dd)
{
	return &dd->counts;
}

/* ---- comparison ---- */

static bool
is_num(struct lp_str s, double *v)
{
	char b[64], *e;

	if (s.n == 0 || s.n >= sizeof(b))
		return false;
	memcpy(b, s.p, s.n);
	b[s.n] = '\0';
	*v = strtod(b, &e);
	return e != b && *e == '\0';
}

/* YYYY-MM-DD by its digits (a swapped "1916-14-12" too); *d, the day
 * number, only when d is not NULL and the date is valid. */
static bool
day_of(struct lp_str s, int64_t *d, int *y, int *m, int *dd_)
{
	struct lp_datetime t;

	if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s.p[i] < '0' || s.p[i] > '9'))
			return false;
	if (d != NULL) {
		if (lp_date_parse_iso(s.p, s.n, &t) != 0)
			return false;
		*d = t.secs / 86400;
	}
	/* Digits by hand: s is not NUL-terminated. */
	*y = (s.p[0] - '0') * 1000 + (s.p[1] - '0') * 100 +
	    (s.p[2] - '0') * 10 + (s.p[3] - '0');
	*m = (s.p[5] - '0') * 10 + (s.p[6] - '0');
	*dd_ = (s.p[8] - '0') * 10 + (s.p[9] - '0');
	return true;
}

static bool
level_holds(const struct lp_dedupe *dd, const struct compare *cp,
    const struct level *l, long a, long b, struct lp_str x, struct lp_str y)
{
	double u, v;

	switch (l->t) {
	case L_EXACT:
		return x.n == y.n && memcmp(x.p, y.p, x.n) == 0;
	case L_JARO:
		return lp_jaro_winkler(x.p, x.n, y.p, y.n) >= l->x;
	case L_EDIT:
		if (cp->kind == K_EMAIL) {
			/* A slip in one part of an address: the other part
			 * must be the same (so colleagues' addresses at one
			 * domain, or namesakes' at two, do not look alike). */
			const char *ax = memchr(x.p, '@', x.n);
			const char *ay = memchr(y.p, '@', y.n);
			size_t lx, ly;

			if (ax == NULL || ay == NULL)
				return false;
			lx = (size_t)(ax - x.p);
			ly = (size_t)(ay - y.p);
			if (x.n - lx == y.n - ly && memcmp(ax, ay, x.n - lx) == 0)
				return lp_edit_ratio(x.p, lx, y.p, ly) >= l->x;
			if (lx == ly && memcmp(x.p, y.p, lx) == 0)
				return lp_edit_ratio(ax, x.n - lx, ay,
				    y.n - ly) >= l->x;
			return false;
		}
		return lp_edit_ratio(x.p, x.n, y.p, y.n) >= l->x;
	case L_TOKENS:
		return lp_token_set(x.p, x.n, y.p, y.n) >= l->x;
	case L_NICKNAME: {
		/* The first words: "bob j" is Bob. */
		const char *sx = memchr(x.p, ' ', x.n);
		const char *sy = memchr(y.p, ' ', y.n);

		return lp_match_nickname(x.p, sx ? (size_t)(sx - x.p) : x.n,
		    y.p, sy ? (size_t)(sy - y.p) : y.n);
	}
	case L_INITIAL:
		return lp_match_initial(x.p, x.n, y.p, y.n);
	case L_SWAPPED: {
		struct lp_str xs = slot(dd, a, l->swapcmp);
		struct lp_str ys = slot(dd, b, l->swapcmp);

		/* Crossed, each value equal or a slip away (Jaro-Winkler
		 * 0.9): a swap and a typo often come together. */
		(void)cp;
		return xs.n > 0 && ys.n > 0 &&
		    lp_jaro_winkler(xs.p, xs.n, y.p, y.n) >= 0.9 &&
		    lp_jaro_winkler(ys.p, ys.n, x.p, x.n) >= 0.9;
	}
	case L_WITHIN:
		return is_num(x, &u) && is_num(y, &v) && fabs(u - v) <= l->x;
	case L_DAYS:
	case L_DAYMONTH: {
		int64_t dx, dy;
		int y1, m1, d1, y2, m2, d2;

		bool days = l->t == L_DAYS;

		if (!day_of(x, days ? &dx : NULL, &y1, &m1, &d1) ||
		    !day_of(y, days ? &dy : NULL, &y2, &m2, &d2))
			return false;
		if (l->t == L_DAYS)
			return llabs((long long)(dx - dy)) <= (long long)l->x;
		return y1 == y2 && m1 == d2 && d1 == m2;
	}
	}
	return false;
}

/* The level of comparison k for records a, b: 0..nlv-1 the first that
 * holds, nlv none (else), NULLV an empty value.  *vx, *vy: the values. */
static int
level_of(const struct lp_dedupe *dd, int k, long a, long b,
    struct lp_str *vx, struct lp_str *vy)
{
	const struct compare *cp = &dd->c.cmp[k];
	bool any = false;

	for (int l = 0; l < cp->nlv; l++)
		for (int i = 0; i < cp->nfields; i++) {
			struct lp_str x = slot(dd, a, cp->slot + i);

			if (x.n == 0)
				continue;
			for (int j = 0; j < cp->nfields; j++) {
				struct lp_str y = slot(dd, b, cp->slot + j);

				if (y.n == 0)
					continue;
				any = true;
				if (vx != NULL) {
					*vx = x;
					*vy = y;
				}
				if (level_holds(dd, cp, &cp->lv[l], a, b, x, y))
					return l;
			}
		}
	if (cp->nlv == 0) {
		for (int i = 0; i < cp->nfields; i++)
			any |= slot(dd, a, cp->slot + i).n > 0 &&
			    slot(dd, b, cp->slot + i).n > 0;
	}
	return any ? cp->nlv : NULLV;
}

/* The weight of level l of comparison k for record a's value. */
static double
weight_of(const struct lp_dedupe *dd, int k, int l, long a, long b)
{
	const struct compare *cp = &dd->c.cmp[k];
	const struct level *lv;

	if (l == NULLV)
		return 0;
	if (l == cp->nlv)
		return log2(cp->m_else / cp->u_else);
	lv = &cp->lv[l];
	if (lv->t == L_EXACT && lv->tf && dd->tf[k] != NULL &&
	    dd->tfn[k] >= TF_MIN && !lv->uset) {
		/* The agreeing value (of any field pair) and its share. */
		for (int i = 0; i < cp->nfields; i++) {
			struct lp_str x = slot(dd, a, cp->slot + i);
			int cnt;

			(void)b;
			if (x.n == 0 || (cnt = lp_map_get(dd->tf[k], x.p,
			    x.n)) <= 0)
				continue;
			return log2(lv->m / ((double)cnt / (double)dd->tfn[k]));
		}
	}
	return log2(lv->m / lv->u);
}

static double
score(const struct lp_dedupe *dd, long a, long b, unsigned char *pat)
{
	double w = dd->prior;

	for (int k = 0; k < dd->c.ncmp; k++) {
		int l = level_of(dd, k, a, b, NULL, NULL);

		if (pat != NULL)
			pat[k] = (unsigned char)l;
		w += weight_of(dd, k, l, a, b);
	}
	return w;
}

static double
prob(double w)
{
	return 1 / (1 + exp2(-w));
}

/* ---- the model ---- */

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static double
u_prior(const struct level *l)
{
	switch (l->t) {
	case L_EXACT:
		return 0.01;
	case L_SWAPPED:
	case L_DAYMONTH:
		return 0.001;
	case L_NICKNAME:
		return 0.005;
	case L_INITIAL:
		return 0.05;
	default:
		return 0.02;
	}
}

/*
 * The two loops that compare many pairs (random pairs for u, candidate
 * pairs for their levels) run in two halves on two threads when there
 * are two CPUs (--threads 1: one).  They only read the store; each half
 * writes its own counts or its own patterns, so the result is the same
 * on one thread or two.
 */
struct half {
	struct lp_dedupe *dd;
	const uint32_t	*sa, *sb;	/* random pairs; NULL: candidates */
	size_t		 lo, hi;
	double		 cnt[MAXCMP][MAXLV + 1], nn[MAXCMP];
};

static void *
half_run(void *arg)
{
	struct half *h = arg;
	struct lp_dedupe *dd = h->dd;
	size_t nc = (size_t)dd->c.ncmp;

	for (size_t i = h->lo; i < h->hi; i++) {
		if (h->sa == NULL) {
			score(dd, dd->pairs[i].a, dd->pairs[i].b,
			    dd->pat + i * nc);
			continue;
		}
		for (size_t k = 0; k < nc; k++) {
			int l = level_of(dd, (int)k, h->sa[i], h->sb[i], NULL,
			    NULL);

			if (l != NULLV) {
				h->cnt[k][l]++;
				h->nn[k]++;
			}
		}
	}
	return NULL;
}

/* Run half_run over [0, n) in two halves; counts summed into *out. */
static void
halves(struct lp_dedupe *dd, const uint32_t *sa, const uint32_t *sb,
    size_t n, struct half *out)
{
	struct half *h = lp_xcalloc(2, sizeof(*h));
	int threads = dd->o.io != NULL ? dd->o.io->threads : 0;
	pthread_t th;
	bool two = n >= 20000 && threads != 1 && (threads > 1 ||
	    sysconf(_SC_NPROCESSORS_ONLN) >= 2);

	for (int i = 0; i < 2; i++) {
		h[i].dd = dd;
		h[i].sa = sa;
		h[i].sb = sb;
	}
	h[0].hi = two ? n / 2 : n;
	h[1].lo = h[0].hi;
	h[1].hi = n;
	if (two && pthread_create(&th, NULL, half_run, &h[1]) == 0) {
		half_run(&h[0]);
		pthread_join(th, NULL);
	} else {
		h[0].hi = n;
		half_run(&h[0]);
	}
	*out = h[0];
	for (int k = 0; k < MAXCMP; k++) {
		out->nn[k] += h[1].nn[k];
		for (int l = 0; l <= MAXLV; l++)
			out->cnt[k][l] += h[1].cnt[k][l];
	}
	free(h);
}

/* u: the share of random pairs at each level (all pairs when few). */
static void
estimate_u(struct lp_dedupe *dd)
{
	/* With --against, pairs of master and new records alike: one
	 * population. */
	long lo = 0, n = dd->n;
	double total = (double)n * (double)(n - 1) / 2;
	/* Enough random pairs to see the rarer levels, without paying
	 * 200000 comparisons for a few hundred records. */
	long samples = dd->c.samples < 2 * n + 20000 ? dd->c.samples :
	    2 * n + 20000;
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	double cnt[MAXCMP][MAXLV + 1], nn[MAXCMP];

	memset(cnt, 0, sizeof(cnt));
	memset(nn, 0, sizeof(nn));
	if (n >= 2 && total <= (double)samples) {
		for (long a = lo; a < dd->n; a++)
			for (long b = a + 1; b < dd->n; b++)
				for (int k = 0; k < dd->c.ncmp; k++) {
					int l = level_of(dd, k, a, b, NULL,
					    NULL);

					if (l != NULLV) {
						cnt[k][l]++;
						nn[k]++;
					}
				}
	} else if (n >= 2) {
		uint32_t *sa = lp_xreallocarray(NULL, (size_t)samples + 1,
		    sizeof(*sa));
		uint32_t *sb = lp_xreallocarray(NULL, (size_t)samples + 1,
		    sizeof(*sb));
		struct half *h = lp_xcalloc(1, sizeof(*h));
		size_t m = 0;

		for (long i = 0; i < samples; i++) {
			long a = lo + (long)(rnd(&s) % (uint64_t)n);
			long b = lo + (long)(rnd(&s) % (uint64_t)n);

			if (a == b)
				continue;
			sa[m] = (uint32_t)a;
			sb[m++] = (uint32_t)b;
		}
		halves(dd, sa, sb, m, h);
		memcpy(cnt, h->cnt, sizeof(cnt));
		memcpy(nn, h->nn, sizeof(nn));
		free(h);
		free(sa);
		free(sb);
	}
	for (int k = 0; k < dd->c.ncmp; k++) {
		struct compare *cp = &dd->c.cmp[k];
		double rest = 1;

		for (int l = 0; l < cp->nlv; l++) {
			double p0 = u_prior(&cp->lv[l]);

			if (!cp->lv[l].uset)
				cp->lv[l].u = (cnt[k][l] + PRIOR_N * p0) /
				    (nn[k] + PRIOR_N);
			rest -= cp->lv[l].u;
		}
		cp->u_else = rest > 0.01 ? rest : 0.01;
	}
}

static void
tf_count(struct lp_dedupe *dd)
{
	for (int k = 0; k < dd->c.ncmp; k++) {
		const struct compare *cp = &dd->c.cmp[k];
		bool want = false;

		for (int l = 0; l < cp->nlv; l++)
			want |= cp->lv[l].tf;
		if (!want)
			continue;
		dd->tf[k] = lp_map_new();
		for (long r = 0; r < dd->n; r++) {
			struct lp_str x = slot(dd, r, cp->slot);
			int c;

			if (x.n == 0)
				continue;
			c = lp_map_get(dd->tf[k], x.p, x.n);
			lp_map_put(dd->tf[k], x.p, x.n, c < 0 ? 1 : c + 1);
			dd->tfn[k]++;
		}
	}
}

/* A distinct comparison pattern and how many pairs show it. */
struct patc {
	unsigned char	*p;
	double		 n;
};

static int
patcmp(const void *x, const void *y, void *n)
{
	return memcmp(*(unsigned char *const *)x, *(unsigned char *const *)y,
	    *(size_t *)n);
}

static size_t patn;

static int
patcmp1(const void *x, const void *y)
{
	return patcmp(x, y, &patn);
}

/* m by EM over the candidate pairs' patterns (u fixed); lambda. */
static void
estimate_m(struct lp_dedupe *dd)
{
	size_t nc = (size_t)dd->c.ncmp, np = 0;
	unsigned char **ptrs;
	struct patc *pc;
	double lam = 0.1, total;

	for (int k = 0; k < dd->c.ncmp; k++) {
		struct compare *cp = &dd->c.cmp[k];

		for (int l = 0; l < cp->nlv; l++)
			if (!cp->lv[l].mset)
				cp->lv[l].m = l == 0 ? 0.8 : 0.15 / cp->nlv;
		if (!cp->m_else_set)
			cp->m_else = 0.05;
	}
	if (dd->npairs == 0)
		goto prior;
	ptrs = lp_xreallocarray(NULL, dd->npairs, sizeof(*ptrs));
	for (size_t i = 0; i < dd->npairs; i++)
		ptrs[i] = dd->pat + i * nc;
	patn = nc;
	qsort(ptrs, dd->npairs, sizeof(*ptrs), patcmp1);
	pc = lp_xreallocarray(NULL, dd->npairs, sizeof(*pc));
	for (size_t i = 0; i < dd->npairs; i++) {
		if (np > 0 && memcmp(pc[np - 1].p, ptrs[i], nc) == 0)
			pc[np - 1].n++;
		else
			pc[np++] = (struct patc){ ptrs[i], 1 };
	}
	free(ptrs);
	total = (double)dd->npairs;
	for (long it = 0; it < dd->c.em; it++) {
		double mm[MAXCMP][MAXLV + 1], mt[MAXCMP], sp = 0, change = 0;

		memset(mm, 0, sizeof(mm));
		memset(mt, 0, sizeof(mt));
		for (size_t i = 0; i < np; i++) {
			double lm = log(lam), lu = log(1 - lam), p;

			for (size_t k = 0; k < nc; k++) {
				const struct compare *cp = &dd->c.cmp[k];
				int l = pc[i].p[k];

				if (l == NULLV)
					continue;
				lm += log(l == cp->nlv ? cp->m_else :
				    cp->lv[l].m);
				lu += log(l == cp->nlv ? cp->u_else :
				    cp->lv[l].u);
			}
			p = 1 / (1 + exp(lu - lm));
			sp += p * pc[i].n;
			for (size_t k = 0; k < nc; k++) {
				int l = pc[i].p[k];

				if (l == NULLV)
					continue;
				mm[k][l] += p * pc[i].n;
				mt[k] += p * pc[i].n;
			}
		}
		for (size_t k = 0; k < nc; k++) {
			struct compare *cp = &dd->c.cmp[k];
			double rest = 1;

			for (int l = 0; l < cp->nlv; l++) {
				double p0 = l == 0 ? 0.8 : 0.15 / cp->nlv, m;

				if (cp->lv[l].mset) {
					rest -= cp->lv[l].m;
					continue;
				}
				m = (mm[k][l] + PRIOR_N * p0) /
				    (mt[k] + PRIOR_N);
				if (m > 0.999)
					m = 0.999;
				if (m < 1e-6)
					m = 1e-6;
				change = fmax(change, fabs(m - cp->lv[l].m));
				cp->lv[l].m = m;
				rest -= m;
			}
			if (cp->m_else_set) {
				/* The levels share what else leaves. */
				double sum = 0;

				for (int l = 0; l < cp->nlv; l++)
					sum += cp->lv[l].m;
				for (int l = 0; l < cp->nlv && sum > 0; l++)
					if (!cp->lv[l].mset)
						cp->lv[l].m *= (1 -
						    cp->m_else) / sum;
			} else
				cp->m_else = rest > 0.001 ? rest : 0.001;
		}
		lam = sp / total;
		if (lam < 1e-6)
			lam = 1e-6;
		if (lam > 0.999)
			lam = 0.999;
		if (change < 1e-6)
			break;
	}
	free(pc);
prior:
	{
		long lo = dd->o.against != NULL ? dd->nmaster : 0;
		double all = dd->o.against != NULL ? (double)dd->nmaster *
		    (double)(dd->n - lo) : (double)(dd->n - lo) *
		    (double)(dd->n - lo - 1) / 2;

		dd->lambda = all > 0 ? lam * (double)dd->npairs / all : 0.5;
		if (dd->lambda < 1e-12)
			dd->lambda = 1e-12;
		if (dd->lambda > 0.5)
			dd->lambda = 0.5;
		dd->prior = log2(dd->lambda / (1 - dd->lambda));
	}
}

/* ---- blocking ---- */

/* The key of pass b for record r (our store) or rec (a stream record)
 * onto out; false when a part is empty. */
static bool
block_key(struct lp_dedupe *dd, const struct block *b, long r,
    const struct lp_record *rec, struct lp_buf *out)
{
	out->n = 0;
	for (int p = 0; p < b->nparts; p++) {
		const struct part *pt = &b->parts[p];
		struct lp_str s = rec != NULL ? lp_record_get(rec, pt->col) :
		    val(dd, r, pt->col);
		size_t start;

		if (p > 0)
			lp_buf_addc(out, '|');
		start = out->n;
		norm(dd, pt->kind, s.p, s.n, false, out);
		if (out->n == start)
			return false;
		switch (pt->fn) {
		case P_SOUNDEX: {
			char sx[5];

			if (lp_match_soundex(out->p + start, out->n - start,
			    sx) == 0)
				return false;
			out->n = start;
			lp_buf_add(out, sx, 4);
			break;
		}
		case P_INITIAL:
			out->n = start + 1;
			break;
		case P_PREFIX:
			if (out->n - start > (size_t)pt->arg)
				out->n = start + (size_t)pt->arg;
			break;
		default:
			break;
		}
	}
	return true;
}

struct kh {
	uint64_t	 h;
	uint32_t	 r;
};

static uint64_t
hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h ^ (h >> 29);
}

static int
khcmp(const void *x, const void *y)
{
	const struct kh *a = x, *b = y;

	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return a->r < b->r ? -1 : a->r > b->r;
}

static void
add_pair(struct lp_dedupe *dd, uint64_t **v, size_t *n, size_t *cap,
    uint32_t a, uint32_t b)
{
	if (a == b)
		return;
	if (a > b) {
		uint32_t t = a;

		a = b;
		b = t;
	}
	if (dd->o.against != NULL && !((long)a < dd->nmaster &&
	    (long)b >= dd->nmaster))
		return;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4096;
		*v = lp_xreallocarray(*v, *cap, sizeof(**v));
	}
	(*v)[(*n)++] = (uint64_t)a << 32 | b;
}

static int
u64cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* Sorted-neighbourhood pass: records ordered by key text. */
struct sk {
	const char	*p;
	uint32_t	 n, r;
};

static int
skcmp(const void *x, const void *y)
{
	const struct sk *a = x, *b = y;
	size_t n = a->n < b->n ? a->n : b->n;
	int c = memcmp(a->p, b->p, n);

	if (c != 0)
		return c;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return a->r < b->r ? -1 : a->r > b->r;
}

static void
blocking(struct lp_dedupe *dd)
{
	uint64_t *v = NULL;
	size_t n = 0, cap = 0;
	struct kh *kh = lp_xreallocarray(NULL, (size_t)dd->n + 1, sizeof(*kh));

	for (int k = 0; k < dd->c.nblk; k++) {
		const struct block *b = &dd->c.blk[k];
		size_t nk = 0, i, j, skipped = 0, largest = 0;
		char big[80] = "";

		if (b->skip)
			continue;
		if (b->sorted) {
			struct lp_buf keys;
			size_t *off = lp_xreallocarray(NULL, (size_t)dd->n + 1,
			    sizeof(*off));
			struct sk *sk;

			lp_buf_init(&keys);
			for (long r = 0; r < dd->n; r++) {
				if (!block_key(dd, b, r, NULL, &dd->key))
					continue;
				off[nk] = keys.n;
				kh[nk++].r = (uint32_t)r;
				lp_buf_add(&keys, dd->key.p, dd->key.n);
			}
			off[nk] = keys.n;
			sk = lp_xreallocarray(NULL, nk + 1, sizeof(*sk));
			for (i = 0; i < nk; i++)
				sk[i] = (struct sk){ keys.p + off[i],
				    (uint32_t)(off[i + 1] - off[i]), kh[i].r };
			qsort(sk, nk, sizeof(*sk), skcmp);
			for (i = 0; i < nk; i++)
				for (j = i + 1; j < nk && j < i +
				    (size_t)b->window; j++)
					add_pair(dd, &v, &n, &cap, sk[i].r,
					    sk[j].r);
			free(sk);
			free(off);
			lp_buf_fini(&keys);
			continue;
		}
		for (long r = 0; r < dd->n; r++)
			if (block_key(dd, b, r, NULL, &dd->key))
				kh[nk++] = (struct kh){ hash(dd->key.p,
				    dd->key.n), (uint32_t)r };
		qsort(kh, nk, sizeof(*kh), khcmp);
		for (i = 0; i < nk; i = j) {
			for (j = i + 1; j < nk && kh[j].h == kh[i].h; j++)
				;
			if (j - i > (size_t)dd->c.max_block) {
				skipped++;
				if (j - i > largest) {
					largest = j - i;
					block_key(dd, b, kh[i].r, NULL,
					    &dd->key);
					snprintf(big, sizeof(big), "%.*s",
					    (int)(dd->key.n < 60 ? dd->key.n :
					    60), dd->key.p);
				}
				continue;
			}
			for (size_t x = i; x < j; x++)
				for (size_t y = x + 1; y < j; y++)
					add_pair(dd, &v, &n, &cap, kh[x].r,
					    kh[y].r);
		}
		if (skipped > 0) {
			dd->counts.skipped_blocks += (long)skipped;
			lp_warn("%s:%ld: blocking pass \"%s\" skipped %zu "
			    "key%s shared by more than %ld records (largest: "
			    "'%s', %zu records)", lp_playbook_name(dd->pb),
			    b->line, b->label, skipped, skipped == 1 ? "" :
			    "s", dd->c.max_block, big, largest);
		}
	}
	free(kh);
	qsort(v, n, sizeof(*v), u64cmp);
	dd->pairs = lp_xreallocarray(NULL, n + 1, sizeof(*dd->pairs));
	dd->npairs = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || v[i] != v[i - 1])
			dd->pairs[dd->npairs++] = (struct pair){
			    (uint32_t)(v[i] >> 32), (uint32_t)v[i], 0 };
	free(v);
	dd->counts.pairs = (long)dd->npairs;
}

/* ---- clusters ---- */

static uint32_t
find(struct lp_dedupe *dd, uint32_t x)
{
	while (dd->parent[x] != x) {
		dd->parent[x] = dd->parent[dd->parent[x]];
		x = dd->parent[x];
	}
	return x;
}

/* Anti-chaining: may the groups of a and b join? */
static bool
guard(struct lp_dedupe *dd, uint32_t ra, uint32_t rb)
{
	double need = log2(dd->c.review / (1 - dd->c.review));
	long ok = 0, all = 0;

	if (dd->size[ra] == 1 && dd->size[rb] == 1)
		return true;
	for (uint32_t x = ra; x != UINT32_MAX && all < GUARD; x = dd->next[x])
		for (uint32_t y = rb; y != UINT32_MAX && all < GUARD;
		    y = dd->next[y]) {
			all++;
			ok += score(dd, x, y, NULL) >= need;
		}
	return ok * 2 >= all;
}

static int
paircmp(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;

	if (a->w != b->w)
		return a->w > b->w ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static void
cluster(struct lp_dedupe *dd)
{
	double need = log2(dd->c.match / (1 - dd->c.match));
	uint32_t n = (uint32_t)dd->n;

	dd->parent = lp_xreallocarray(NULL, n + 1, sizeof(uint32_t));
	dd->next = lp_xreallocarray(NULL, n + 1, sizeof(uint32_t));
	dd->size = lp_xreallocarray(NULL, n + 1, sizeof(uint32_t));
	dd->best = lp_xreallocarray(NULL, n + 1, sizeof(long));
	for (uint32_t i = 0; i < n; i++) {
		dd->parent[i] = i;
		dd->next[i] = UINT32_MAX;
		dd->size[i] = 1;
		dd->best[i] = -1;
	}
	qsort(dd->pairs, dd->npairs, sizeof(*dd->pairs), paircmp);
	for (size_t i = 0; i < dd->npairs; i++) {
		struct pair *p = &dd->pairs[i];
		uint32_t ra, rb, t;

		if (dd->best[p->a] < 0)
			dd->best[p->a] = (long)i;
		if (dd->best[p->b] < 0)
			dd->best[p->b] = (long)i;
		if (p->w < need || dd->o.against != NULL)
			continue;
		ra = find(dd, p->a);
		rb = find(dd, p->b);
		if (ra == rb || !guard(dd, ra, rb))
			continue;
		/* The smaller root joins the larger index order: keep the
		 * first record's root so member lists stay in input order
		 * when merged below. */
		if (rb < ra) {
			t = ra;
			ra = rb;
			rb = t;
		}
		dd->parent[rb] = ra;
		dd->size[ra] += dd->size[rb];
		/* Merge the two member lists, in input order. */
		{
			uint32_t x = ra, y = rb, *tail = &t;

			while (x != UINT32_MAX && y != UINT32_MAX) {
				if (x < y) {
					*tail = x;
					tail = &dd->next[x];
					x = dd->next[x];
				} else {
					*tail = y;
					tail = &dd->next[y];
					y = dd->next[y];
				}
			}
			*tail = x != UINT32_MAX ? x : y;
		}
	}
}

/* ---- output ---- */

/* The id of record r: its lead_id, else "#N" (N from 1, input order). */
static void
id_of(const struct lp_dedupe *dd, long r, struct lp_buf *out)
{
	struct lp_str s = lp_str_trim(val(dd, r, dd->id_col));

	if (s.n > 0)
		lp_buf_add(out, s.p, s.n);
	else
		lp_buf_printf(out, "#%ld", r + 1 - (dd->o.against != NULL ?
		    dd->nmaster : 0));
}

/* Why a and b match: the comparisons that added weight. */
static void
reason(const struct lp_dedupe *dd, long a, long b, struct lp_buf *out)
{
	bool first = true;

	for (int k = 0; k < dd->c.ncmp; k++) {
		const struct compare *cp = &dd->c.cmp[k];
		int l = level_of(dd, k, a, b, NULL, NULL);

		if (l == NULLV || l == cp->nlv || weight_of(dd, k, l, a, b) <= 0)
			continue;
		lp_buf_printf(out, "%s%s %s", first ? "" : "; ", cp->label,
		    cp->lv[l].name);
		first = false;
	}
}

static int
timecmp(const struct lp_dedupe *dd, struct lp_str x, struct lp_str y)
{
	struct lp_datetime a, b;
	double u, v;

	if (is_num(x, &u) && is_num(y, &v))
		return u < v ? -1 : u > v;
	/* The one date reader in the run's order; an ambiguous date is no
	 * date (compared as text) and counted, once per pick (pick()). */
	if (lp_dates_read(dd->dates, x.p, x.n, true, &a) == 0 &&
	    lp_dates_read(dd->dates, y.p, y.n, true, &b) == 0)
		return a.secs < b.secs ? -1 : a.secs > b.secs;
	return lp_str_casecmp(x, y);
}

static int
rank_of(const struct survive *s, struct lp_str v)
{
	for (int i = 0; i < s->norder; i++)
		if (lp_str_casecmp(v, (struct lp_str){ s->order[i],
		    strlen(s->order[i]) }) == 0)
			return i;
	return s->norder;
}

/* The member the rule picks for column col (-1: none has a value). */
static long
pick(const struct lp_dedupe *dd, const struct survive *s, int col,
    const long *m, int nm, long primary)
{
	long best = -1;

	lp_dates_next(dd->dates);	/* the members' values: counted once */
	if (s->rule == S_PRIMARY && val(dd, primary, col).n > 0)
		return primary;
	for (int i = 0; i < nm; i++) {
		struct lp_str v = val(dd, m[i], col), bv;

		if (col >= 0 && v.n == 0)
			continue;
		if (best < 0) {
			best = m[i];
			continue;
		}
		bv = val(dd, best, col);
		switch (s->rule) {
		case S_RECENT: {
			struct lp_str t = val(dd, m[i], s->bycol);
			struct lp_str bt = val(dd, best, s->bycol);

			if (t.n > 0 && (bt.n == 0 || timecmp(dd, t, bt) > 0))
				best = m[i];
			break;
		}
		case S_COMPLETE:
			if (v.n > bv.n)
				best = m[i];
			break;
		case S_PRIORITY:
			if (rank_of(s, val(dd, m[i], s->bycol)) <
			    rank_of(s, val(dd, best, s->bycol)))
				best = m[i];
			break;
		case S_MIN:
			if (timecmp(dd, v, bv) < 0)
				best = m[i];
			break;
		case S_MAX:
			if (timecmp(dd, v, bv) > 0)
				best = m[i];
			break;
		default:
			break;
		}
	}
	return best;
}

/* The primary record of a cluster (members m, in input order). */
static long
primary_of(const struct lp_dedupe *dd, const long *m, int nm)
{
	const struct survive *s = &dd->c.primary;
	long best = m[0];
	int bestn = -1;

	if (s->rule == S_FIRST || nm == 1)	/* a single record is its own */
		return m[0];
	if (s->rule == S_RECENT || s->rule == S_PRIORITY) {
		struct survive t = *s;

		return (best = pick(dd, &t, -1, m, nm, m[0])) < 0 ? m[0] : best;
	}
	for (int i = 0; i < nm; i++) {
		int c = 0;

		for (int col = 0; col < dd->ncols; col++)
			c += val(dd, m[i], col).n > 0;
		if (c > bestn) {
			bestn = c;
			best = m[i];
		}
	}
	return best;
}

/* Which survive line decides column col (NULL: the primary rule). */
static const struct survive *
rule_for(const struct lp_dedupe *dd, const struct lp_header *h, int col)
{
	const struct survive *star = NULL;

	for (int k = 0; k < dd->c.nsrv; k++)
		for (int f = 0; f < dd->c.srv[k].nfields; f++) {
			const char *name = dd->c.srv[k].fields[f];

			if (strcmp(name, "*") == 0)
				star = &dd->c.srv[k];
			else if (lp_header_find(h, name) == col)
				return &dd->c.srv[k];
		}
	return star;
}

/* The merged record of cluster m[0..nm), whose primary record is p. */
static void
merge_record(struct lp_dedupe *dd, const struct lp_header *h,
    struct lp_record *out, const long *m, int nm, long p)
{
	static const struct survive prim = { .rule = S_PRIMARY };

	if (dd->rules == NULL) {
		/* Each column's rule, decided once: names resolve through
		 * the alias table, too slow for every record. */
		dd->rules = lp_xcalloc((size_t)dd->ncols + 1,
		    sizeof(*dd->rules));
		for (int col = 0; col < dd->ncols; col++)
			dd->rules[col] = rule_for(dd, h, col);
	}
	for (int col = 0; col < dd->ncols; col++) {
		const struct survive *s = dd->rules[col];
		long r;

		if (col == dd->out_cols[0] || col == dd->out_cols[1])
			continue;
		if (s == NULL)
			s = &prim;
		if (s->rule == S_SUM) {
			double sum = 0, v;
			bool any = false;
			char b[64];

			for (int i = 0; i < nm; i++)
				if (is_num(val(dd, m[i], col), &v)) {
					sum += v;
					any = true;
				}
			if (any) {
				snprintf(b, sizeof(b), "%.15g", sum);
				lp_record_set(out, col, b, strlen(b));
				continue;
			}
			s = &prim;
		}
		/* One member: every rule but sum keeps its value as it is. */
		r = nm == 1 ? p : pick(dd, s, col, m, nm, p);
		if (r < 0)
			r = p;
		{
			struct lp_str v = val(dd, r, col);

			lp_record_set(out, col, v.p, v.n);
		}
	}
}

static int
write_undo(struct lp_dedupe *dd, struct lp_writer *u, long row,
    const long *m, int nm)
{
	struct lp_str f[dd->ncols + 2];
	char rb[24], pb[24];

	for (int i = 0; i < nm; i++) {
		for (int col = 0; col < dd->ncols; col++)
			f[col] = val(dd, m[i], col);
		f[dd->ncols] = (struct lp_str){ rb, lp_fmt_int(rb, row) };
		f[dd->ncols + 1] = (struct lp_str){ pb, lp_fmt_int(pb,
		    m[i] + 1) };
		lp_writer_put(u, f, dd->ncols + 2);
	}
	return 0;
}

static int
write_records(struct lp_dedupe *dd, struct lp_emit *e, struct lp_err *err)
{
	struct lp_stream *st = dd->st;
	const struct lp_header *h = lp_stream_header(st);
	struct lp_record *out = NULL;
	struct lp_writer *undo = NULL;
	long *m = lp_xreallocarray(NULL, (size_t)dd->n + 1, sizeof(long));
	long row = 0;
	int rc = -1;

	if (dd->o.undo_log != NULL) {
		const char **names = lp_xcalloc((size_t)dd->ncols + 2,
		    sizeof(*names));

		for (int i = 0; i < dd->ncols; i++)
			names[i] = lp_header_name(h, i);
		names[dd->ncols] = "_undo_row";
		names[dd->ncols + 1] = "_undo_pos";
		undo = lp_writer_open(dd->o.undo_log, lp_stream_to(st),
		    dd->o.io, names, dd->ncols + 2, err);
		free(names);
		if (undo == NULL)
			goto out;
	}
	for (long r = dd->nmaster; r < dd->n; r++) {
		uint32_t root = find(dd, (uint32_t)r);
		int nm = 0;
		long p;

		/* Merge: one record per cluster, where its first member was. */
		if (dd->o.mode == LP_DEDUPE_MERGE && (long)root != r)
			continue;
		if (out == NULL)
			out = lp_record_new(h);
		else
			lp_record_clear(out);
		if (dd->o.mode == LP_DEDUPE_AGAINST) {
			long bi = dd->best[r];

			for (int col = 0; col < dd->ncols; col++) {
				struct lp_str v = val(dd, r, col);

				lp_record_set(out, col, v.p, v.n);
			}
			if (bi >= 0 && prob(dd->pairs[bi].w) >= dd->c.match) {
				const struct pair *pp = &dd->pairs[bi];
				long mr = pp->a == (uint32_t)r ? pp->b : pp->a;

				dd->tmp.n = 0;
				id_of(dd, mr, &dd->tmp);
				lp_record_set(out, dd->out_cols[0], dd->tmp.p,
				    dd->tmp.n);
				dd->tmp.n = 0;
				lp_buf_printf(&dd->tmp, "%.4f", prob(pp->w));
				lp_record_set_number(out, dd->out_cols[1],
				    dd->tmp.p, dd->tmp.n);
				dd->tmp.n = 0;
				reason(dd, pp->a, pp->b, &dd->tmp);
				lp_record_set(out, dd->out_cols[2], dd->tmp.p,
				    dd->tmp.n);
				dd->counts.clusters++;
			}
			dd->counts.out++;
			if (lp_emit(e, out, err) != 0)
				goto out;
			continue;
		}
		for (uint32_t x = root; x != UINT32_MAX; x = dd->next[x])
			m[nm++] = x;
		p = primary_of(dd, m, nm);
		if (dd->o.mode == LP_DEDUPE_MARK) {
			long bi = dd->best[r];

			for (int col = 0; col < dd->ncols; col++) {
				struct lp_str v = val(dd, r, col);

				lp_record_set(out, col, v.p, v.n);
			}
			{
				char t[24];
				size_t n = lp_fmt_int(t, (long long)root + 1);

				lp_record_set_number(out, dd->out_cols[0], t, n);
			}
			lp_record_set(out, dd->out_cols[1], p == r ? "yes" :
			    "no", p == r ? 3 : 2);
			if (dd->c.nexact > 0 && nm > 1) {
				lp_record_set_number(out, dd->out_cols[2], "1", 1);
				dd->tmp.n = 0;
				lp_buf_adds(&dd->tmp, "exact:");
				for (int f = 0; f < dd->c.nexact; f++)
				{
					lp_buf_addc(&dd->tmp, ' ');
					lp_buf_adds(&dd->tmp, dd->c.exact[f]);
				}
				lp_record_set(out, dd->out_cols[3], dd->tmp.p,
				    dd->tmp.n);
			} else if (bi >= 0 && prob(dd->pairs[bi].w) >=
			    dd->c.review) {
				const struct pair *pp = &dd->pairs[bi];
				bool same = find(dd, pp->a) == find(dd, pp->b);

				dd->tmp.n = 0;
				lp_buf_printf(&dd->tmp, "%.4f", prob(pp->w));
				lp_record_set_number(out, dd->out_cols[2],
				    dd->tmp.p, dd->tmp.n);
				dd->tmp.n = 0;
				if (!same || nm == 1)
					lp_buf_adds(&dd->tmp, "review: ");
				reason(dd, pp->a, pp->b, &dd->tmp);
				lp_record_set(out, dd->out_cols[3], dd->tmp.p,
				    dd->tmp.n);
			}
			if ((long)root == r)
				dd->counts.clusters++;
			dd->counts.out++;
			if (lp_emit(e, out, err) != 0)
				goto out;
			continue;
		}
		merge_record(dd, h, out, m, nm, p);
		{
			long cnt = 0;

			dd->tmp.n = 0;
			for (int i = 0; i < nm; i++) {
				struct lp_str c = val(dd, m[i],
				    dd->out_cols[0]), ids = val(dd, m[i],
				    dd->out_cols[1]);
				double v;

				cnt += is_num(c, &v) && v >= 1 ? (long)v : 1;
				if (m[i] == p && ids.n == 0)
					continue;
				if (dd->tmp.n > 0)
					lp_buf_addc(&dd->tmp, ';');
				if (m[i] != p)
					id_of(dd, m[i], &dd->tmp);
				if (ids.n > 0) {
					if (m[i] != p)
						lp_buf_addc(&dd->tmp, ';');
					lp_buf_add(&dd->tmp, ids.p, ids.n);
				}
			}
			lp_record_set(out, dd->out_cols[1], dd->tmp.p,
			    dd->tmp.n);
			{
				char t[24];
				size_t n = lp_fmt_int(t, cnt);

				lp_record_set_number(out, dd->out_cols[0], t, n);
			}
		}
		row++;
		dd->counts.clusters++;
		dd->counts.out++;
		dd->counts.merged += nm - 1;
		if (undo != NULL && nm > 1)
			write_undo(dd, undo, row, m, nm);
		if (lp_emit(e, out, err) != 0)
			goto out;
	}
	if (undo != NULL && lp_writer_commit(undo, dd->o.undo_log, err) != 0)
		goto out;
	rc = 0;
out:
	lp_writer_free(undo);
	lp_record_free(out);
	free(m);
	return rc;
}

static int
write_pairs(struct lp_dedupe *dd, struct lp_stream *st, struct lp_err *err)
{
	const char *names[MAXCMP + 4];
	struct lp_str f[MAXCMP + 4];
	struct lp_buf cells[MAXCMP + 4];
	struct lp_writer *o;
	int nf = 4 + dd->c.ncmp;

	names[0] = "id_a";
	names[1] = "id_b";
	names[2] = "match_probability";
	names[3] = "match_weight";
	for (int k = 0; k < dd->c.ncmp; k++)
		names[4 + k] = dd->c.cmp[k].label;
	if ((o = lp_writer_open(dd->o.io->output, lp_stream_to(st), dd->o.io,
	    names, nf, err)) == NULL)
		return -1;
	for (int i = 0; i < nf; i++)
		lp_buf_init(&cells[i]);
	for (size_t i = 0; i < dd->npairs; i++) {
		const struct pair *p = &dd->pairs[i];

		for (int c = 0; c < nf; c++)
			cells[c].n = 0;
		id_of(dd, p->a, &cells[0]);
		id_of(dd, p->b, &cells[1]);
		lp_buf_printf(&cells[2], "%.4f", prob(p->w));
		lp_buf_printf(&cells[3], "%.2f", p->w);
		for (int k = 0; k < dd->c.ncmp; k++) {
			const struct compare *cp = &dd->c.cmp[k];
			int l = level_of(dd, k, p->a, p->b, NULL, NULL);

			if (l == NULLV)
				lp_buf_adds(&cells[4 + k], "empty");
			else
				lp_buf_printf(&cells[4 + k], "%s %+.2f",
				    l == cp->nlv ? "else" : cp->lv[l].name,
				    weight_of(dd, k, l, p->a, p->b));
		}
		for (int c = 0; c < nf; c++)
			f[c] = (struct lp_str){ cells[c].p, cells[c].n };
		lp_writer_put(o, f, nf);
	}
	for (int i = 0; i < nf; i++)
		lp_buf_fini(&cells[i]);
	if (lp_writer_commit(o, "<stdout>", err) != 0) {
		lp_writer_free(o);
		return -1;
	}
	lp_writer_free(o);
	return 0;
}

static long
find_id(const struct lp_dedupe *dd, const char *id, size_t n)
{
	for (long r = dd->nmaster; r < dd->n; r++) {
		struct lp_str v = lp_str_trim(val(dd, r, dd->id_col));

		if (v.n == n && memcmp(v.p, id, n) == 0)
			return r;
	}
	if (n > 1 && id[0] == '#') {
		long r = strtol(id + 1, NULL, 10) - 1 + dd->nmaster;

		if (r >= dd->nmaster && r < dd->n)
			return r;
	}
	return -1;
}

static int
explain(struct lp_dedupe *dd, struct lp_err *err)
{
	const char *ids = dd->o.explain, *comma = strchr(ids, ',');
	struct lp_writer *o;
	struct lp_buf b;
	long a, c;
	double w;

	if (comma == NULL)
		return lp_err_set(err, EX_USAGE, NULL, 0, "--explain: expected "
		    "two ids, 'ID,ID' (lead_id values, or #N for the N-th "
		    "record)");
	if ((a = find_id(dd, ids, (size_t)(comma - ids))) < 0)
		return lp_err_set(err, EX_DATAERR, NULL, 0, "--explain: no "
		    "record has id '%.*s'", (int)(comma - ids), ids);
	if ((c = find_id(dd, comma + 1, strlen(comma + 1))) < 0)
		return lp_err_set(err, EX_DATAERR, NULL, 0, "--explain: no "
		    "record has id '%s'", comma + 1);
	if ((o = lp_writer_open_raw(dd->o.io->output, err)) == NULL)
		return -1;
	lp_buf_init(&b);
	lp_buf_printf(&b, "records %s:%ld and %s:%ld\n",
	    lp_store_pos(dd->rows, a)->file, lp_store_pos(dd->rows, a)->line,
	    lp_store_pos(dd->rows, c)->file, lp_store_pos(dd->rows, c)->line);
	lp_buf_printf(&b, "%-24s %-14s %+8.2f  (1 in %.0f pairs is a match)\n",
	    "prior", "", dd->prior, 1 / dd->lambda);
	w = dd->prior;
	for (int k = 0; k < dd->c.ncmp; k++) {
		const struct compare *cp = &dd->c.cmp[k];
		struct lp_str x = { "", 0 }, y = { "", 0 };
		int l = level_of(dd, k, a, c, &x, &y);
		double wk = weight_of(dd, k, l, a, c);

		w += wk;
		lp_buf_printf(&b, "%-24s %-14s %+8.2f", cp->label,
		    l == NULLV ? "empty" : l == cp->nlv ? "else" :
		    cp->lv[l].name, wk);
		if (l != NULLV) {
			double m = l == cp->nlv ? cp->m_else : cp->lv[l].m;

			/* u as it counted: a tf level's is the value's
			 * share of the input. */
			lp_buf_printf(&b, "  m=%.4g u=%.4g%s  '%.*s' / '%.*s'",
			    m, m / exp2(wk), l < cp->nlv && cp->lv[l].tf &&
			    fabs(m / exp2(wk) - cp->lv[l].u) > 1e-12 ?
			    " (tf)" : "", (int)x.n, x.p, (int)y.n, y.p);
		}
		lp_buf_addc(&b, '\n');
	}
	lp_buf_printf(&b, "%-24s %-14s %+8.2f  probability %.4f: %s\n",
	    "total", "", w, prob(w), prob(w) >= dd->c.match ? "match" :
	    prob(w) >= dd->c.review ? "review" : "no match");
	lp_writer_write(o, b.p, b.n);
	lp_buf_fini(&b);
	if (lp_writer_commit(o, "<stdout>", err) != 0) {
		lp_writer_free(o);
		return -1;
	}
	lp_writer_free(o);
	return 0;
}

/* Exact keys only: records whose keys are equal are one cluster. */
static void
exact(struct lp_dedupe *dd)
{
	struct lp_keyset *seen = lp_keyset_new();
	uint32_t n = (uint32_t)dd->n, *last;

	dd->parent = lp_xreallocarray(NULL, n + 1, sizeof(uint32_t));
	dd->next = lp_xreallocarray(NULL, n + 1, sizeof(uint32_t));
	dd->size = lp_xreallocarray(NULL, n + 1, sizeof(uint32_t));
	dd->best = lp_xreallocarray(NULL, n + 1, sizeof(long));
	last = lp_xreallocarray(NULL, n + 1, sizeof(uint32_t));
	for (uint32_t r = 0; r < n; r++) {
		int64_t prev;
		bool empty = false;

		dd->parent[r] = r;
		dd->next[r] = UINT32_MAX;
		dd->size[r] = 1;
		dd->best[r] = -1;
		dd->key.n = 0;
		for (int f = 0; f < dd->c.cmp[0].nfields; f++) {
			struct lp_str s = slot(dd, r, f);

			empty |= s.n == 0;
			lp_buf_add(&dd->key, s.p, s.n);
			lp_buf_addc(&dd->key, '\037');
		}
		if (empty)
			continue;
		if (!lp_keyset_add(seen, dd->key.p, dd->key.n, lp_keyset_hash(
		    seen, dd->key.p, dd->key.n), r, (struct lp_str){ "", 0 },
		    &prev, NULL)) {
			last[r] = r;
			continue;
		}
		dd->parent[r] = (uint32_t)prev;
		dd->size[prev]++;
		dd->next[last[prev]] = r;
		last[prev] = r;
	}
	free(last);
	lp_keyset_free(seen);
}

int
lp_dedupe_finish(void *arg, struct lp_emit *e, struct lp_err *err)
{
	struct lp_dedupe *dd = arg;

	if (dd->c.nexact > 0) {
		/* Every exact level: weight +inf in effect. */
		dd->c.cmp[0].lv[0].t = L_EXACT;
		snprintf(dd->c.cmp[0].lv[0].name, sizeof(dd->c.cmp[0].lv[0]
		    .name), "exact");
		exact(dd);
	} else {
		tf_count(dd);
		estimate_u(dd);
		blocking(dd);
		dd->pat = lp_xreallocarray(NULL, dd->npairs + 1,
		    (size_t)dd->c.ncmp);
		{
			struct half *h = lp_xcalloc(1, sizeof(*h));

			halves(dd, NULL, NULL, dd->npairs, h);
			free(h);
		}
		estimate_m(dd);
		for (size_t i = 0; i < dd->npairs; i++) {
			const unsigned char *pt = dd->pat + i *
			    (size_t)dd->c.ncmp;
			double w = dd->prior;

			/* The levels are known: only their weights now. */
			for (int k = 0; k < dd->c.ncmp; k++)
				w += weight_of(dd, k, pt[k], dd->pairs[i].a,
				    dd->pairs[i].b);
			dd->pairs[i].w = w;
		}
		lp_info("%ld records, %zu candidate pairs, prior 1 in %.0f",
		    dd->n, dd->npairs, 1 / dd->lambda);
		if (lp_verbosity > 0)
			for (int k = 0; k < dd->c.ncmp; k++) {
				const struct compare *cp = &dd->c.cmp[k];

				dd->tmp.n = 0;
				for (int l = 0; l <= cp->nlv; l++) {
					double m = l < cp->nlv ? cp->lv[l].m :
					    cp->m_else;
					double u = l < cp->nlv ? cp->lv[l].u :
					    cp->u_else;

					lp_buf_printf(&dd->tmp, "%s%s %+.2f "
					    "(m %.3g, u %.3g)", l ? "; " : "",
					    l < cp->nlv ? cp->lv[l].name : "else",
					    log2(m / u), m, u);
				}
				lp_info("%s: %.*s", cp->label, (int)dd->tmp.n,
				    dd->tmp.p);
			}
		if (dd->o.mode == LP_DEDUPE_EXPLAIN)
			return explain(dd, err);
		cluster(dd);
		if (dd->o.mode == LP_DEDUPE_PAIRS)
			return write_pairs(dd, dd->st, err);
	}
	return write_records(dd, e, err);
}

/* ---- --emit-block-key ---- */

void
lp_dedupe_block_key_column(struct lp_dedupe *dd, struct lp_stream *st)
{
	dd->bk_col = lp_stream_add_column(st, "block_key");
}

enum lp_verdict
lp_dedupe_block_key(void *arg, struct lp_record *rec, struct lp_emit *e,
    struct lp_err *err)
{
	struct lp_dedupe *dd = arg;

	(void)e;
	(void)err;
	if (dd->c.nexact > 0) {
		/* Exact keys: the key is the block. */
		const struct compare *cp = &dd->c.cmp[0];
		bool empty = false;

		dd->key.n = 0;
		for (int f = 0; f < cp->nfields; f++) {
			struct lp_str v = lp_record_get(rec, cp->cols[f]);
			size_t at = dd->key.n;

			if (f > 0)
				lp_buf_addc(&dd->key, '|');
			at = dd->key.n;
			norm(dd, cp->kind, v.p, v.n, false, &dd->key);
			empty |= dd->key.n == at;
		}
		lp_record_set(rec, dd->bk_col, dd->key.p, empty ? 0 :
		    dd->key.n);
		return LP_KEEP;
	}
	for (int k = 0; k < dd->c.nblk; k++) {
		if (dd->c.blk[k].skip)
			continue;
		if (block_key(dd, &dd->c.blk[k], 0, rec, &dd->key))
			lp_record_set(rec, dd->bk_col, dd->key.p, dd->key.n);
		else
			lp_record_set(rec, dd->bk_col, "", 0);
		return LP_KEEP;
	}
	return LP_KEEP;
}

/* ---- --undo ---- */

struct orig {
	long		 row, pos;
	long		 rec;	/* index into the kept records */
};

static int
origcmp(const void *x, const void *y)
{
	const struct orig *a = x, *b = y;

	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

int
lp_dedupe_undo(struct lp_stream *st, const struct lp_io_opts *io,
    const char *log, struct lp_err *err)
{
	char *files[2] = { (char *)log, NULL };
	struct lp_stream *ls = NULL;
	struct lp_writer *o = NULL;
	const struct lp_header *lh, *h = lp_stream_header(st);
	struct lp_record *rec;
	struct orig *og = NULL;
	struct lp_buf data;
	size_t *offs = NULL, nog = 0, cap = 0;
	int nc = 0, rowc, posc, *map = NULL, rc = -1, r2;
	const char **names = NULL;
	struct lp_map *rows = lp_map_new();
	long pos, row = 0;

	struct lp_io_opts lio = *io;

	/* Only read (lp_files.c refuses a second writer of --rejects). */
	lio.no_output = true;
	lio.rejects = NULL;
	lp_buf_init(&data);
	if ((ls = lp_stream_open(&lio, files, err)) == NULL)
		goto out;
	lh = lp_stream_header(ls);
	rowc = lp_header_match(lh, "_undo_row");
	posc = lp_header_match(lh, "_undo_pos");
	if (rowc < 0 || posc < 0) {
		lp_err_set(err, EX_DATAERR, log, 1, "not an undo log (no "
		    "_undo_row and _undo_pos columns)");
		goto out;
	}
	nc = lp_header_count(lh) - 2;
	names = lp_xcalloc((size_t)nc + 1, sizeof(*names));
	map = lp_xcalloc((size_t)nc + 1, sizeof(*map));
	for (int c = 0; c < nc; c++) {
		names[c] = lp_header_name(lh, c);
		map[c] = lp_header_match(h, names[c]);
	}
	while ((r2 = lp_stream_next(ls, &rec, err)) > 0) {
		struct lp_str rs = lp_record_get(rec, rowc);
		struct lp_str ps = lp_record_get(rec, posc);
		double rv, pv;

		if (!is_num(rs, &rv) || !is_num(ps, &pv)) {
			lp_err_set(err, EX_DATAERR, log, lp_record_pos(rec)->line,
			    "_undo_row and _undo_pos must be numbers");
			goto out;
		}
		if (nog == cap) {
			cap = cap ? cap * 2 : 256;
			og = lp_xreallocarray(og, cap, sizeof(*og));
			offs = lp_xreallocarray(offs, cap * ((size_t)nc + 1),
			    sizeof(*offs));
		}
		og[nog] = (struct orig){ (long)rv, (long)pv, (long)nog };
		for (int c = 0; c < nc; c++) {
			struct lp_str v = lp_record_get(rec, c);

			offs[nog * ((size_t)nc + 1) + (size_t)c] = data.n;
			lp_buf_add(&data, v.p, v.n);
		}
		offs[nog * ((size_t)nc + 1) + (size_t)nc] = data.n;
		lp_map_put(rows, rs.p, rs.n, 1);
		nog++;
	}
	if (r2 < 0)
		goto out;
	qsort(og, nog, sizeof(*og), origcmp);
	if ((o = lp_writer_open(io->output, lp_stream_to(st), io, names, nc,
	    err)) == NULL)
		goto out;
	{
		struct lp_str f[nc + 1];
		size_t k = 0;

		for (pos = 1;; pos++) {
			if (k < nog && og[k].pos == pos) {
				size_t *ro = offs + (size_t)og[k].rec *
				    ((size_t)nc + 1);

				for (int c = 0; c < nc; c++)
					f[c] = (struct lp_str){ data.p + ro[c],
					    ro[c + 1] - ro[c] };
				lp_writer_put(o, f, nc);
				k++;
				continue;
			}
			/* The next record of the merged stream that was no
			 * merge: it held this position. */
			for (;;) {
				char rb[24];

				if ((r2 = lp_stream_next(st, &rec, err)) <= 0)
					break;
				row++;
				if (lp_map_get(rows, rb, lp_fmt_int(rb, row)) < 0)
					break;
			}
			if (r2 < 0)
				goto out;
			if (r2 == 0)
				break;
			for (int c = 0; c < nc; c++)
				f[c] = lp_record_get(rec, map[c]);
			lp_writer_put(o, f, nc);
		}
		if (k < nog) {
			lp_err_set(err, EX_DATAERR, log, 0, "the undo log has "
			    "records past the end of the merged input (a "
			    "different run's log?)");
			goto out;
		}
	}
	if (lp_writer_commit(o, "<stdout>", err) != 0)
		goto out;
	rc = 0;
out:
	lp_writer_free(o);
	lp_stream_close(ls, err);
	lp_map_free(rows);
	lp_buf_fini(&data);
	free(og);
	free(offs);
	free(map);
	free(names);
	return rc;
}
