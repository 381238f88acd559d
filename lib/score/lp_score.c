/*
 * lp_score -- fit and engagement scoring, grade and stage (DESIGN
 * section 5).  lp_scorer_new compiles the playbook's [score],
 * [score.fit], [score.engagement] and [stages] sections against a header;
 * lp_score_compute then evaluates one record:
 *
 *   fit        = min(section max, sum of [score.fit] rule points)
 *   engagement = min(section max, sum of [score.engagement] points)
 *                * 0.5 ^ (age / half_life)     age = now - `from` field
 *   score      = fit + engagement (unrounded), each written rounded half
 *                away from zero
 *   grade      = first grade whose threshold the written fit_score reaches
 *   stage      = [stages] mapping of status, never moved back from the
 *                stage column's current value, promoted by `STAGE = cond`
 *                lines and, for a new lead, by score >= mql
 *
 * A rule adds its points when its condition holds; a `per EXPR` rule adds
 * points * EXPR's number (nothing when empty or not a number), its
 * magnitude capped at `max`.  With --events, the rules `events` maps
 * event types to are scored from the events instead, each event decayed
 * by its own age.
 *
 * Invariant: after lp_scorer_new nothing allocates per record except the
 * reused buffers growing to their largest record.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_alias.h"
#include "lp_date.h"
#include "lp_esc.h"
#include "lp_expr.h"
#include "lp_files.h"
#include "lp_score.h"
#include "lp_stage.h"

const char *const lp_score_columns[] = {
	"score", "fit_score", "engagement_score", "grade", "stage",
	"score_reasons", "mql_at", NULL
};

#define MUL	"\303\227"	/* U+00D7 MULTIPLICATION SIGN */
#define WARN_STATUSES	10	/* unmapped statuses named in warnings */
#define LP_POINTS_MAX	1e15	/* a rule's points saturate here (lead-playbook(5)) */

/* What a rule decided for a record. */
struct outcome {
	double		 got;		/* points added */
	double		 value;		/* per: the count; events: decayed sum */
	bool		 fired, capped;
};

struct rule {
	const struct lp_pb_rule	*src;
	struct lp_expr	*cond;		/* condition, or a per rule's `when` */
	struct lp_expr	*per;		/* per rules: the count */
	double		 max;		/* per rules: |contribution| cap */
	bool		 has_max;
	char		*reason;	/* condition rules: "+5 Has phone" */
	size_t		 reasonlen;
	bool		 mapped;	/* `events` maps an event type here */
	bool		 evented;	/* scored from --events (loaded) */
	struct outcome	 o;		/* this record */
	int		 nev;		/* events counted (this record) */
};

/*
 * Rules that read the same columns, next to each other in the playbook,
 * form a group, evaluated together.  What a group decided -- its points
 * and its part of score_reasons -- is remembered by those columns' texts
 * as read (lp_memo): on most records the three title rules of the
 * default playbook cost one lookup and one copy.  --explain, which shows
 * every rule's outcome, evaluates every rule instead.  An
 * outcome is a function of the trimmed texts alone (lp_expr_column),
 * hence of the texts as read, so a remembered one is exactly what
 * evaluating again would give (" VP" and "VP" merely take two slots).
 * Rules scored from --events, or reading more than GROUP_COLS columns,
 * are alone in a group that remembers nothing (ncols -1).
 */
#define GROUP_COLS	4
#define GROUP_REASON	85	/* bytes of score_reasons a decision keeps */
#define GROUP_CUTS	8	/* numbers a placed group compares with */
#define GROUP_COUNTS	100	/* counts "0" .. "99" a counted group places */
_Static_assert(GROUP_REASON + 2 < 0xff && GROUP_REASON >= 64,
    "a byte holds the length (0xff: undecided); append_reasons copies 64");

/*
 * What a group decided for a key: the points its rules added and its
 * part of score_reasons ("; " and the text: len bytes, 0 when none).
 * A group has few (the three title rules at most eight, for 4,000
 * titles): its memo maps a key to the decision's index in the group's
 * table, so that a slot is the one cache line a lookup reads.
 */
struct decision {
	double		 sum;
	unsigned char	 len;
	char		 reasons[2 + GROUP_REASON];
};

struct group {
	int		 cols[GROUP_COLS];
	int		 ncols;
	struct lp_expr	*keyx;		/* one column read as f(column) in
					 * every rule: f's text is the key
					 * (lp_expr_key_call) */
	bool		 keyin;		/* and each rule is `f(column) in
					 * (LIST)`: no memo, the lists are
					 * asked (lp_expr_key_in) */
	size_t		 first, n;	/* rules[first .. first + n) */
	struct lp_memo	 memo;		/* key -> index in dec */
	struct decision	*dec;		/* the decisions the memo names */
	uint16_t	 ndec;
	struct lp_map	*decmap;	/* a decision's bytes -> its index */
	int		 col1;		/* the one column when it is the key
					 * as read (most groups), else -1 */
	/* Rules that only compare their one column with numbers or ask
	 * whether it is empty (lp_expr_num_cuts: "employees >= 50",
	 * "phone is not empty"): the sorted numbers, and a decision for
	 * each place a record's number can fall among them -- below the
	 * first, equal to it, between it and the next, ..., above the
	 * last -- and one for an empty field.  Thousands of different
	 * employee counts, a handful of decisions; a text that is not a
	 * number goes to the memo, unless there are no numbers (then any
	 * text is a number's place). */
	bool		 placed;	/* such a group */
	double		 cuts[GROUP_CUTS];
	int		 ncuts;
	/* Groups of `per` rules on one column (page_views, email_clicks):
	 * a text "0" .. "99" as read, or empty, has a place of its own, the
	 * text's value (GROUP_COUNTS for empty) -- a lookup by index where
	 * the memo would hash; other texts go to the memo. */
	bool		 counted;
	struct decision	*cls;		/* a decision a place; len 0xff
					 * until decided (CLS_NONE) */
};
#define CLS_NONE	0xff
#define GROUP_DECISIONS	1024	/* a group's table holds at most */

struct part {
	const char	*name;		/* "fit", "engagement" */
	struct rule	*rules;
	size_t		 n;
	double		 max;
	bool		 has_max;
	struct group	*groups;	/* made at the next record; made
					 * again after --events marks rules */
	size_t		 ngroups;
	const struct lp_dates *dates;	/* the scorer's: its met counts the
					 * ambiguous dates and regex limits
					 * met (a decision that met one is
					 * not remembered, so each is
					 * counted) */
};

struct grade {
	char		*name;
	size_t		 len;
	double		 thr;
	bool		 has_thr;
};

/* Events, grouped by lead after loading. */
struct event {
	int		 lead;		/* index of its key */
	int		 rule;		/* engagement rule index */
	int64_t		 t;
};

struct lp_scorer {
	const struct lp_playbook *pb;
	/* The playbook whose text holds the section being compiled: pb, or
	 * the built-in default that lent it (for positions and file()). */
	const struct lp_playbook *srcpb;
	int64_t		 now;
	struct lp_dates	 dates;		/* the order of 03/04/2026 and the
					   ambiguous dates met: the decay
					   date's, --events' and the rules' */
	struct part	 fit, eng;
	int64_t		 half_life;	/* seconds; 0 = no decay */
	/* `from A, B`: the first of them that holds a date; none: fully
	 * decayed (undated engagement is not fresh). */
#define MAXFROM	4
	struct lp_expr	*from[MAXFROM];
	int		 fromcol[MAXFROM];	/* lp_expr_field_column */
	char		*fromname[MAXFROM];
	int		 nfrom;
	double		 mql;
	bool		 has_mql;
	int		 new_idx, mql_idx;
	struct grade	*grades;
	size_t		 ngrades;
	/* [score] fit_data = N of FIELD, ...: fewer filled -> nodata. */
#define MAXFITDATA	16
	struct lp_expr	*fitdata[MAXFITDATA];
	int		 fitcol[MAXFITDATA];	/* lp_expr_field_column */
	int		 nfitdata, fitdata_min;
	char		*nodata;	/* fit_data_grade */
	size_t		 nodatalen;
	/* [score] mql_grades: the grades that may become MQLs (NULL: any);
	 * fast_track: a hand-raiser is an MQL whatever the score. */
	char		**gate;
	size_t		 ngate;
	struct lp_expr	*fast;
	char		 mql_at_buf[40];	/* res->mql_at */
	const struct lp_stage *stages;
	int		 nstages;
	size_t		*stagelen;	/* of each stage's name */
	struct lp_stager *stager;	/* the record's stage (lp_stage.h) */
	const struct lp_header *hdr;
	int		 col[LP_SCORE_NCOLS];
	int		 id_col, email_col;
	const char	*stage_reason;	/* only with --explain (why) */
	char		 stage_reason_buf[160];
	bool		 why;
	struct lp_map	*warned;	/* unmapped statuses warned about */
	struct lp_buf	 reasons, tmp, stagebuf;
	bool		 plain_reasons;	/* no label or from-column name has
					 * '"', CR or LF (nor, then, reasons) */
	struct lp_score_result res;
	/* events */
	struct lp_map	*evtypes;	/* type key -> engagement rule index */
	struct lp_map	*evleads;	/* "i:ID" / "e:email" -> lead index */
	struct event	*ev;
	size_t		 nev, evcap;
	size_t		*evstart;	/* per lead: first event, nleads + 1 */
	int		 nleads;
	bool		 events_loaded;
	bool		 explain_compact;	/* explain: fired rules only */
};

/* ---- numbers ---- */

/* Points as a rule adds them: within +-LP_POINTS_MAX. */
static inline double
saturate(double points)
{
	return fabs(points) > LP_POINTS_MAX ? copysign(LP_POINTS_MAX, points) :
	    points;
}

/* round(y) for |y| < 2^52 (0 where round gives -0), without a libm call and
 * without a branch on the fraction, which no predictor can guess. */
static inline double
round_away(double y)
{
	double t = (double)(long long)y, f = y - t;	/* both exact */

	return t + (double)(f >= 0.5) - (double)(f <= -0.5);
}

/*
 * Half away from zero, after removing binary noise below 1e-6 so that
 * 0.3 * 5 rounds like the 1.5 it stands for.  A whole number comes back
 * unchanged (x * 1e6 is exact below 2^53 / 1e6, and so is dividing it
 * back), without a test for it: half the sums are whole, which half is
 * up to the data.
 */
static double
round_half(double x)
{
	if (!(fabs(x) < 1e9))
		return round(round(x * 1e6) / 1e6);
	return round_away(round_away(x * 1e6) / 1e6);
}

/* Shortest plain form with at most two decimals: 15, 2.5, 0.33. */
static void
add_num(struct lp_buf *b, double v)
{
	char t[LP_NUM_MAX];

	lp_buf_add(b, t, lp_fmt_num(t, v));
}

static void
add_signed(struct lp_buf *b, double v)
{
	if (v >= 0)
		lp_buf_addc(b, '+');
	add_num(b, v);
}

/* ---- JSON (explain) ---- */

static void
json_key(struct lp_buf *b, const char *key)
{
	lp_esc_json(b, key, strlen(key));
	lp_buf_addc(b, ':');
}

static void
json_num(struct lp_buf *b, double v)
{
	char t[64];

	if (!isfinite(v)) {
		lp_buf_adds(b, "null");
		return;
	}
	if (fabs(v) < 1e15 && v == (double)(long long)v)
		snprintf(t, sizeof(t), "%lld", (long long)v);
	else
		snprintf(t, sizeof(t), "%.6g", v);
	lp_buf_adds(b, t);
}

/* "key":number, */
static void
json_member(struct lp_buf *b, const char *key, double v)
{
	json_key(b, key);
	json_num(b, v);
	lp_buf_addc(b, ',');
}

/* ---- compiling ---- */

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The offset of the keyword kw in s[0..n) at top level -- outside
 * quotes, backticks, /regexes/ and parentheses, between blanks -- or -1.
 */
static long
find_kw(const char *s, size_t n, const char *kw)
{
	size_t kl = strlen(kw);
	struct lp_pb_scan sc = { 0, 0 };

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (lp_pb_scan_literal(&sc, s, n, &i))
			continue;
		if (c != '(' && c != ')' && sc.depth == 0 && i > 0 &&
		    is_ws(s[i - 1]) && i + kl <= n &&
		    memcmp(s + i, kw, kl) == 0 &&
		    (i + kl == n || is_ws(s[i + kl])))
			return (long)i;
		if (!is_ws(c))
			sc.prev = c;
	}
	return -1;
}

static struct lp_expr *
compile(const struct lp_playbook *pb, const struct lp_header *hdr,
    int64_t now, struct lp_dates *dates, const char *text, size_t n, long line, int col,
    struct lp_err *err)
{
	while (n > 0 && is_ws(text[n - 1]))
		n--;
	if (n == 0) {
		lp_playbook_error(pb, err, line, col, "expected an expression");
		return NULL;
	}
	return lp_pb_expr(pb, text, n, line, col, hdr, now, dates, err);
}

static int
compile_rule(struct lp_scorer *sc, const struct lp_header *hdr,
    const struct lp_pb_rule *r, struct rule *out, struct lp_err *err)
{
	const char *b = r->body;
	size_t n;

	(void)lp_pb_if_present(b, &n);	/* "... if present": optional */
	out->src = r;
	if (n > 4 && memcmp(b, "per", 3) == 0 && is_ws(b[3])) {
		long km = find_kw(b, n, "max"), kw = find_kw(b, n, "when");
		size_t pe = n;

		if (km >= 0 && (size_t)km < pe)
			pe = (size_t)km;
		if (kw >= 0 && (size_t)kw < pe)
			pe = (size_t)kw;
		if (km >= 0 && kw >= 0 && kw < km)
			return lp_playbook_error(sc->srcpb, err, r->line,
			    r->bcol + (int)km, "write 'max N' before 'when'");
		if ((out->per = compile(sc->srcpb, hdr, sc->now, &sc->dates,
		    b + 4, pe - 4, r->line, r->bcol + 4, err)) == NULL)
			return -1;
		if (km >= 0) {
			size_t vb = (size_t)km + 3, ve = kw >= 0 ? (size_t)kw : n;
			char num[64], *end;

			while (vb < ve && is_ws(b[vb]))
				vb++;
			while (ve > vb && is_ws(b[ve - 1]))
				ve--;
			snprintf(num, sizeof(num), "%.*s", (int)(ve - vb),
			    b + vb);
			out->max = strtod(num, &end);
			if (ve == vb || *end != '\0' || ve - vb >= sizeof(num) ||
			    !(out->max >= 0) || !isfinite(out->max))
				return lp_playbook_error(sc->srcpb, err, r->line,
				    r->bcol + (int)vb, "max: '%s' is not a "
				    "number of points (write e.g. max 20)", num);
			out->has_max = true;
		}
		if (kw >= 0 && (out->cond = compile(sc->srcpb, hdr, sc->now,
		    &sc->dates, b + kw + 4, n - (size_t)kw - 4, r->line,
		    r->bcol + (int)kw + 4, err)) == NULL)
			return -1;
		return 0;
	}
	if ((out->cond = compile(sc->srcpb, hdr, sc->now, &sc->dates, b, n,
	    r->line, r->bcol, err)) == NULL)
		return -1;
	/* A condition rule always adds its points, saturated as rule_got
	 * does: its reason is made once. */
	{
		struct lp_buf t = { 0 };

		add_signed(&t, saturate(r->points));
		lp_buf_addc(&t, ' ');
		lp_buf_adds(&t, r->label);
		out->reasonlen = t.n;
		out->reason = lp_buf_cstr(&t);	/* owns t's memory */
	}
	return 0;
}

static int
compile_part(struct lp_scorer *sc, const struct lp_header *hdr,
    const char *secname, const char *name, struct part *p, struct lp_err *err)
{
	const struct lp_pb_section *sec = lp_playbook_section(sc->pb, secname);
	const struct lp_pb_setting *st;

	p->name = name;
	p->dates = &sc->dates;
	sc->srcpb = lp_playbook_section_owner(sc->pb, secname);
	if (sec == NULL)
		return 0;
	if ((st = lp_pb_get(sec, "max")) != NULL) {
		if (lp_pb_number(sc->srcpb, st, 0, 1e9, &p->max, err) != 0)
			return -1;
		p->has_max = true;
	}
	p->rules = lp_xcalloc(sec->nrules ? sec->nrules : 1, sizeof(*p->rules));
	p->n = sec->nrules;
	for (size_t i = 0; i < sec->nrules; i++)
		if (compile_rule(sc, hdr, &sec->rules[i], &p->rules[i], err) != 0)
			return -1;
	return 0;
}

static int
half_life(struct lp_scorer *sc, const struct lp_header *hdr,
    struct lp_err *err)
{
	const struct lp_pb_section *sec = lp_playbook_section(sc->pb,
	    "score.engagement");
	const struct lp_pb_setting *st = lp_pb_get(sec, "half_life");
	const char *v, *fieldtext = "last_activity_at";
	long kf;
	size_t dn, fcol = 0;
	long fline = 0;

	if (st == NULL)
		return 0;
	v = st->value;
	kf = find_kw(v, strlen(v), "from");
	dn = kf >= 0 ? (size_t)kf : strlen(v);
	while (dn > 0 && is_ws(v[dn - 1]))
		dn--;
	if (dn == 0 || lp_duration_parse(v, dn, &sc->half_life) != 0 ||
	    sc->half_life <= 0)
		return lp_playbook_error(sc->pb, err, st->line, st->vcol,
		    "half_life: '%.*s' is not a duration (write e.g. 30d "
		    "from last_activity_at)", (int)dn, v);
	if (kf >= 0) {
		fieldtext = v + kf + 4;
		fline = st->line;
		fcol = (size_t)st->vcol + (size_t)kf + 4;
	}
	/* Without `from`, the canonical last_activity_at is meant; it has no
	 * place in the file, so errors point at the setting.  With it, a
	 * comma-separated list: the first field that holds a date counts. */
	for (;;) {
		size_t fl = strlen(fieldtext), e = 0;
		int depth = 0;

		while (e < fl && !(depth == 0 && fieldtext[e] == ',')) {
			depth += fieldtext[e] == '(' ? 1 : fieldtext[e] == ')' ?
			    -1 : 0;
			e++;
		}
		if (sc->nfrom == MAXFROM)
			return lp_playbook_error(sc->pb, err, st->line,
			    st->vcol, "half_life: at most %d fields after "
			    "'from'", MAXFROM);
		if ((sc->from[sc->nfrom] = compile(sc->pb, hdr, sc->now,
		    &sc->dates, fieldtext, e, fline ? fline : st->line, fline ? (int)fcol :
		    st->vcol, err)) == NULL)
			return -1;
		sc->fromcol[sc->nfrom] = lp_expr_field_column(
		    sc->from[sc->nfrom]);
		{
			struct lp_str nm = lp_str_trim((struct lp_str){
			    fieldtext, e });

			sc->fromname[sc->nfrom++] = lp_xstrndup(nm.p, nm.n);
		}
		if (e == fl)
			break;
		fieldtext += e + 1;
		fcol += e + 1;
	}
	return 0;
}

struct gctx {
	struct lp_scorer	*sc;
	const struct lp_pb_setting *st;
};

static int
add_grade(void *arg, const struct lp_pb_item *it, struct lp_err *err)
{
	struct gctx *c = arg;
	struct lp_scorer *sc = c->sc;
	struct grade *g;
	char *end;

	if (sc->ngrades > 0 && !sc->grades[sc->ngrades - 1].has_thr)
		return lp_playbook_error(sc->pb, err, it->line, it->col,
		    "grade '%s' follows '%s', which has no threshold (only the "
		    "last grade may omit it)", it->key,
		    sc->grades[sc->ngrades - 1].name);
	sc->grades = lp_xreallocarray(sc->grades, sc->ngrades + 1,
	    sizeof(*sc->grades));
	g = &sc->grades[sc->ngrades++];
	g->name = lp_xstrdup(it->key);
	g->len = strlen(g->name);
	g->has_thr = it->value != NULL;
	g->thr = 0;
	if (g->has_thr) {
		g->thr = strtod(it->value, &end);
		if (*end != '\0' || end == it->value || !isfinite(g->thr))
			return lp_playbook_error(sc->pb, err, it->line, it->vcol,
			    "grade %s: '%s' is not a number of points",
			    it->key, it->value);
		if (sc->ngrades > 1 && g->thr > sc->grades[sc->ngrades - 2].thr)
			return lp_playbook_error(sc->pb, err, it->line, it->vcol,
			    "grade thresholds must go down (%s:%s after %s:%g)",
			    it->key, it->value, sc->grades[sc->ngrades - 2].name,
			    sc->grades[sc->ngrades - 2].thr);
	}
	return 0;
}

static int
add_gate(void *arg, const struct lp_pb_item *it, struct lp_err *err)
{
	struct lp_scorer *sc = arg;

	(void)err;
	sc->gate = lp_xreallocarray(sc->gate, sc->ngate + 1,
	    sizeof(*sc->gate));
	sc->gate[sc->ngate++] = lp_xstrdup(it->key);
	return 0;
}

/* fit_data, fit_data_grade, mql_grades and fast_track of [score]. */
static int
score_gate(struct lp_scorer *sc, const struct lp_pb_section *sec,
    struct lp_err *err)
{
	const struct lp_playbook *pb = lp_playbook_section_owner(sc->pb,
	    "score");
	const struct lp_pb_setting *st;

	if ((st = lp_pb_get(sec, "fit_data")) != NULL) {
		const char *v = st->value, *of;
		char *end;
		long n = strtol(v, &end, 10);

		of = end;
		while (is_ws(*of))
			of++;
		if (end == v || n < 1 || strncmp(of, "of", 2) != 0 ||
		    !is_ws(of[2]))
			return lp_playbook_error(pb, err, st->line, st->vcol,
			    "fit_data: write N of FIELD, FIELD, ... (e.g. 2 of "
			    "title, employees, industry, country)");
		sc->fitdata_min = (int)n;
		for (const char *f = of + 3;;) {
			const char *e = strchr(f, ',');
			size_t fl = e ? (size_t)(e - f) : strlen(f);

			if (sc->nfitdata == MAXFITDATA)
				return lp_playbook_error(pb, err, st->line,
				    st->vcol, "fit_data: at most %d fields",
				    MAXFITDATA);
			if ((sc->fitdata[sc->nfitdata] = compile(pb, sc->hdr,
			    sc->now, &sc->dates, f, fl, st->line,
			    st->vcol + (int)(f - v), err)) == NULL)
				return -1;
			/* A bare field (the usual case) is read as its column,
			 * without evaluating: this is on every record. */
			sc->fitcol[sc->nfitdata] = lp_expr_field_column(
			    sc->fitdata[sc->nfitdata]);
			sc->nfitdata++;
			if (e == NULL)
				break;
			f = e + 1;
		}
		st = lp_pb_get(sec, "fit_data_grade");
		sc->nodata = lp_xstrdup(st ? st->value : "U");
		sc->nodatalen = strlen(sc->nodata);
	}
	if ((st = lp_pb_get(sec, "mql_grades")) != NULL &&
	    lp_pb_list(pb, st, add_gate, sc, err) != 0)
		return -1;
	if ((st = lp_pb_get(sec, "fast_track")) != NULL &&
	    (sc->fast = compile(pb, sc->hdr, sc->now, &sc->dates,
	    st->value, strlen(st->value), st->line, st->vcol, err)) == NULL)
		return -1;
	return 0;
}

static int
score_settings(struct lp_scorer *sc, struct lp_err *err)
{
	const struct lp_pb_section *sec = lp_playbook_section(sc->pb, "score");
	const struct lp_pb_setting *st;
	static const struct lp_pb_setting defgrades = {
		"grades", "A:40, B:25, C:10, D", false, 0, 0, 0
	};
	struct gctx c = { sc, NULL };

	st = lp_pb_get(sec, "grades");
	c.st = st ? st : &defgrades;
	if (lp_pb_list(sc->pb, c.st, add_grade, &c, err) != 0)
		return -1;
	if (sc->ngrades == 0)
		return lp_playbook_error(sc->pb, err, st->line, st->vcol,
		    "grades: name at least one grade (e.g. A:40, B:25, C)");
	st = lp_pb_get(sec, "mql");
	/* The built-in default's mql does not apply to a funnel of the
	 * playbook's own that has no mql stage. */
	if (st != NULL && lp_playbook_section_owner(sc->pb, "score") != sc->pb &&
	    lp_playbook_stage_find(sc->pb, "mql", 3) < 0)
		st = NULL;
	if (score_gate(sc, sec, err) != 0)
		return -1;
	if (st != NULL) {
		if (lp_pb_number(sc->pb, st, -1e9, 1e9, &sc->mql, err) != 0)
			return -1;
		sc->has_mql = true;
		sc->new_idx = 0;
		sc->mql_idx = lp_playbook_stage_find(sc->pb, "mql", 3);
		if (sc->mql_idx <= 0 ||
		    sc->stages[sc->mql_idx].kind != LP_STAGE_FUNNEL)
			return lp_playbook_error(sc->pb, err, st->line, st->col,
			    "mql needs a stage 'mql' after the first in "
			    "[stages] order");
	}
	return 0;
}

static int
event_map_item(void *arg, const struct lp_pb_item *it, struct lp_err *err)
{
	struct lp_scorer *sc = arg;
	char key[256];
	size_t kn = lp_name_key(it->key, strlen(it->key), key, sizeof(key));
	const char **labels;
	const char *hint;

	if (it->value == NULL || kn == 0)
		return lp_playbook_error(sc->pb, err, it->line, it->col,
		    "events items are EVENT_TYPE:\"Rule label\" (got '%s')",
		    it->key);
	for (size_t i = 0; i < sc->eng.n; i++)
		if (strcmp(sc->eng.rules[i].src->label, it->value) == 0) {
			lp_map_put(sc->evtypes, key, kn, (int)i);
			sc->eng.rules[i].mapped = true;
			return 0;
		}
	labels = lp_xcalloc(sc->eng.n + 1, sizeof(*labels));
	for (size_t i = 0; i < sc->eng.n; i++)
		labels[i] = sc->eng.rules[i].src->label;
	hint = lp_suggest(it->value, labels);
	if (hint != NULL)
		lp_playbook_error(sc->pb, err, it->line, it->vcol,
		    "no [score.engagement] rule is labelled \"%s\" (did you "
		    "mean \"%s\"?)", it->value, hint);
	else
		lp_playbook_error(sc->pb, err, it->line, it->vcol,
		    "no [score.engagement] rule is labelled \"%s\"",
		    it->value);
	free(labels);
	return -1;
}

static bool
plain_text(const char *s)
{
	return strpbrk(s, "\"\r\n") == NULL;
}

/* Whether no label of p's rules has a '"', CR or LF. */
static bool
plain_part(const struct part *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (!plain_text(p->rules[i].src->label))
			return false;
	return true;
}

struct lp_scorer *
lp_scorer_new(const struct lp_playbook *pb, const struct lp_header *hdr,
    int64_t now, struct lp_err *err)
{
	struct lp_scorer *sc = lp_xcalloc(1, sizeof(*sc));
	const struct lp_pb_setting *st;

	sc->pb = pb;
	sc->now = now;
	sc->hdr = hdr;
	lp_dates_init(&sc->dates, LP_DATE_UNSET);
	sc->stages = lp_playbook_stages(pb, &sc->nstages);
	sc->stagelen = lp_xcalloc((size_t)sc->nstages + 1,
	    sizeof(*sc->stagelen));
	for (int i = 0; i < sc->nstages; i++)
		sc->stagelen[i] = strlen(sc->stages[i].name);
	sc->evtypes = lp_map_new();
	lp_buf_init(&sc->reasons);
	lp_buf_init(&sc->tmp);
	lp_buf_init(&sc->stagebuf);
	sc->mql_idx = -1;
	if (compile_part(sc, hdr, "score.fit", "fit", &sc->fit, err) != 0 ||
	    compile_part(sc, hdr, "score.engagement", "engagement", &sc->eng,
	    err) != 0 || half_life(sc, hdr, err) != 0 ||
	    score_settings(sc, err) != 0 ||
	    lp_playbook_dates(pb, LP_DATE_UNSET, &sc->dates.order, err) != 0)
		goto fail;
	if ((sc->stager = lp_stager_new(pb, hdr, now, &sc->dates, err)) ==
	    NULL)
		goto fail;
	st = lp_pb_get(lp_playbook_section(pb, "score.engagement"), "events");
	if (st != NULL && lp_pb_list(pb, st, event_map_item, sc, err) != 0)
		goto fail;
	for (int i = 0; lp_score_columns[i] != NULL; i++)
		sc->col[i] = lp_header_match(hdr, lp_score_columns[i]);
	sc->id_col = lp_header_find(hdr, "lead_id");
	sc->email_col = lp_header_find(hdr, "email");
	sc->plain_reasons = plain_part(&sc->fit) && plain_part(&sc->eng);
	for (int i = 0; i < sc->nfrom; i++)
		sc->plain_reasons &= plain_text(sc->fromname[i]);
	return sc;
fail:
	lp_scorer_free(sc);
	return NULL;
}

/* Forget the rule groups (made again at the next record). */
static void
free_groups(struct part *p)
{
	for (size_t i = 0; i < p->ngroups; i++) {
		lp_memo_fini(&p->groups[i].memo);
		free(p->groups[i].cls);
		free(p->groups[i].dec);
		lp_map_free(p->groups[i].decmap);
	}
	free(p->groups);
	p->groups = NULL;
	p->ngroups = 0;
}

static void
free_part(struct part *p)
{
	for (size_t i = 0; i < p->n; i++) {
		lp_expr_free(p->rules[i].cond);
		lp_expr_free(p->rules[i].per);
		free(p->rules[i].reason);
	}
	free(p->rules);
	free_groups(p);
}

void
lp_scorer_free(struct lp_scorer *sc)
{
	if (sc == NULL)
		return;
	free_part(&sc->fit);
	free_part(&sc->eng);
	for (int i = 0; i < sc->nfrom; i++) {
		lp_expr_free(sc->from[i]);
		free(sc->fromname[i]);
	}
	for (size_t i = 0; i < sc->ngrades; i++)
		free(sc->grades[i].name);
	free(sc->grades);
	for (int i = 0; i < sc->nfitdata; i++)
		lp_expr_free(sc->fitdata[i]);
	free(sc->nodata);
	free(sc->stagelen);
	for (size_t i = 0; i < sc->ngate; i++)
		free(sc->gate[i]);
	free(sc->gate);
	lp_expr_free(sc->fast);
	lp_stager_free(sc->stager);
	lp_map_free(sc->evtypes);
	lp_map_free(sc->evleads);
	lp_map_free(sc->warned);
	free(sc->ev);
	free(sc->evstart);
	lp_buf_fini(&sc->reasons);
	lp_buf_fini(&sc->tmp);
	lp_buf_fini(&sc->stagebuf);
	free(sc);
}

/* ---- scoring ---- */

static double
decay(const struct lp_scorer *sc, int64_t t)
{
	if (sc->half_life <= 0 || t >= sc->now)
		return 1;
	/* 0.5^(age / half_life), as exp2: pow took 3% of the run. */
	return exp2(-(double)(sc->now - t) / (double)sc->half_life);
}

/* The key of a lead in sc->evleads: "i:ID", "e:email" (events keyed by
 * email alone) or "a:email" (the email on events keyed by lead_id);
 * emails lower-cased. */
static void
event_key(char tag, struct lp_str v, struct lp_buf *b)
{
	b->n = 0;
	lp_buf_addc(b, tag);
	lp_buf_addc(b, ':');
	for (size_t i = 0; i < v.n; i++)
		lp_buf_addc(b, tag != 'i' && v.p[i] >= 'A' && v.p[i] <= 'Z' ?
		    (char)(v.p[i] + 32) : v.p[i]);
}

/*
 * The events of the record's lead, as indexes into sc->evstart in
 * lead[0..n); returns n (0-2).  A record with a lead_id gets the events
 * keyed by that id and those keyed by its email alone; one without gets
 * those keyed by its email, and those keyed by a lead_id whose event rows
 * carried the email.  Events of another lead_id never count.
 */
static int
lead_events(struct lp_scorer *sc, const struct lp_record *rec, int lead[2])
{
	struct lp_str id = { "", 0 }, em = { "", 0 };
	int n = 0;

	if (sc->id_col >= 0)
		id = lp_str_trim(lp_record_get(rec, sc->id_col));
	if (sc->email_col >= 0)
		em = lp_str_trim(lp_record_get(rec, sc->email_col));
	for (int k = 0; k < 2; k++) {
		char tag = id.n > 0 ? (k == 0 ? 'i' : 'e') : (k == 0 ? 'e' : 'a');
		struct lp_str v = tag == 'i' ? id : em;
		int l;

		if (v.n == 0)
			continue;
		event_key(tag, v, &sc->tmp);
		if ((l = lp_map_get(sc->evleads, sc->tmp.p, sc->tmp.n)) >= 0 &&
		    (n == 0 || lead[0] != l))
			lead[n++] = l;
	}
	return n;
}

/* Rule r adds got points: capped at its max, saturated. */
static void
rule_got(struct rule *r, double got)
{
	if (r->has_max && fabs(got) > r->max) {
		got = got < 0 ? -r->max : r->max;
		r->o.capped = true;
	}
	/* A huge per value never overflows a sum. */
	got = saturate(got);
	r->o.got = got;
	r->o.fired = got != 0;
}

static void
eval_rule(struct rule *r, const struct lp_record *rec)
{
	double v, pts = r->src->points;

	r->o.fired = r->o.capped = false;
	r->o.got = 0;
	if (!r->evented)
		r->o.value = 0;	/* events mode filled it in */
	if (r->evented) {
		if (r->nev == 0 || (r->cond != NULL && r->per != NULL &&
		    !lp_expr_test(r->cond, rec)))
			return;
		rule_got(r, pts * r->o.value);
	} else if (r->per != NULL) {
		if (lp_expr_eval_number(r->per, rec, &v) != 1 || !isfinite(v) ||
		    (r->cond != NULL && !lp_expr_test(r->cond, rec)))
			return;
		r->o.value = v;
		rule_got(r, pts * v);
	} else if (lp_expr_test(r->cond, rec))
		rule_got(r, pts);
}

static void
reason_rule(struct lp_buf *b, const struct rule *r)
{
	if (!r->o.fired)
		return;
	lp_buf_add(b, "; ", 2);
	if (!r->evented && r->per == NULL) {
		lp_buf_add(b, r->reason, r->reasonlen);
		return;
	}
	if (r->evented && r->nev > 0)
		add_signed(b, round(r->o.got * 10) / 10);
	else
		add_signed(b, r->o.got);
	lp_buf_addc(b, ' ');
	lp_buf_adds(b, r->src->label);
	if (r->evented) {
		lp_buf_adds(b, " (");
		add_num(b, r->nev);
		lp_buf_adds(b, r->nev == 1 ? " event" : " events");
		if (r->o.capped) {
			lp_buf_adds(b, ", max ");
			add_num(b, r->max);
		}
		lp_buf_addc(b, ')');
	} else if (r->per != NULL) {
		lp_buf_adds(b, " (");
		add_num(b, r->o.value);
		lp_buf_adds(b, MUL);
		add_num(b, r->src->points);
		if (r->o.capped) {
			lp_buf_adds(b, ", max ");
			add_num(b, r->max);
		}
		lp_buf_addc(b, ')');
	}
}

/* The sorted columns rule r reads into cols; -1 when it must not be
 * remembered (scored from events, or more than GROUP_COLS columns). */
static int
rule_cols(const struct rule *r, int cols[GROUP_COLS])
{
	const struct lp_expr *ex[2] = { r->cond, r->per };
	int n = 0;

	if (r->evented)
		return -1;
	for (int k = 0; k < 2; k++) {
		const char *const *names = ex[k] ? lp_expr_fields(ex[k]) : NULL;

		for (int f = 0; names != NULL && names[f] != NULL; f++) {
			int c = lp_expr_column(ex[k], f), j = n;

			for (int i = 0; i < n; i++)
				if (cols[i] == c)
					c = -1;
			if (c < 0)	/* absent: reads as empty */
				continue;
			if (n == GROUP_COLS)
				return -1;
			for (; j > 0 && cols[j - 1] > c; j--)
				cols[j] = cols[j - 1];
			cols[j] = c;
			n++;
		}
	}
	return n;
}

/*
 * The expression whose lp_expr_key is the key of rules r[0..n), which
 * read one column: when each of their expressions reads it only as the
 * argument of the same text function (domain(email) in "Free email" and
 * "Competitor"), else NULL.
 */
static struct lp_expr *
key_call(struct rule *r, size_t n)
{
	struct lp_expr *keyx = NULL;
	const char *fn = NULL;

	for (size_t i = 0; i < n; i++) {
		struct lp_expr *ex[2] = { r[i].cond, r[i].per };

		for (int k = 0; k < 2; k++) {
			const char *f;

			if (ex[k] == NULL)
				continue;
			if ((f = lp_expr_key_call(ex[k])) == NULL ||
			    (fn != NULL && strcmp(f, fn) != 0))
				return NULL;
			fn = f;
			if (keyx == NULL)
				keyx = ex[k];
		}
	}
	return keyx;
}

/* n places, none decided. */
static struct decision *
new_places(size_t n)
{
	struct decision *d = lp_xreallocarray(NULL, n, sizeof(*d));

	for (size_t i = 0; i < n; i++)
		d[i].len = CLS_NONE;
	return d;
}

/* Make g a placed group when each of its rules is a condition of
 * lp_expr_num_cuts's form on its one column. */
static void
num_group(struct part *p, struct group *g)
{
	double cuts[GROUP_CUTS];
	int n = 0, col = -1, k = 0;

	for (size_t i = g->first; i < g->first + g->n; i++)
		if (p->rules[i].per != NULL || p->rules[i].evented ||
		    !lp_expr_num_cuts(p->rules[i].cond, &col, cuts, &n,
		    GROUP_CUTS))
			return;
	for (int i = 0; i < n; i++) {	/* sorted, each once */
		int j = k;

		for (; j > 0 && cuts[i] < g->cuts[j - 1]; j--)
			;
		if (j > 0 && g->cuts[j - 1] == cuts[i])
			continue;
		memmove(g->cuts + j + 1, g->cuts + j,
		    (size_t)(k - j) * sizeof(*cuts));
		g->cuts[j] = cuts[i];
		k++;
	}
	g->ncuts = k;
	g->placed = true;
	g->cls = new_places(2 * (size_t)k + 2);
}

/* Make g a counted group when one of its rules counts (`per`): texts
 * that are counts are then mostly small numbers. */
static void
count_group(struct part *p, struct group *g)
{
	for (size_t i = g->first; i < g->first + g->n; i++)
		if (p->rules[i].per != NULL) {
			g->counted = true;
			g->cls = new_places(GROUP_COUNTS + 1);
			return;
		}
}

/* Where placed group g's column falls for rec: 2i for below cuts[i]
 * (and above cuts[i - 1]), 2i + 1 for equal to it, 2 * ncuts + 1 for
 * empty, 0 for any text when there are no numbers; -1 for a text that
 * is not a number. */
static inline int
num_class(const struct group *g, const struct lp_record *rec)
{
	struct lp_str s = lp_str_trim(lp_record_get(rec, g->cols[0]));
	double x;
	int i = 0;

	if (s.n == 0)
		return 2 * g->ncuts + 1;
	if (g->ncuts == 0)
		return 0;
	if (!lp_expr_number(s.p, s.n, &x) || isnan(x))
		return -1;
	while (i < g->ncuts && x > g->cuts[i])
		i++;
	return 2 * i + (i < g->ncuts && x == g->cuts[i]);
}

/* Counted group g's place for rec: the value of a text "0" .. "99"
 * (no sign, space or leading zero: one text, one place, as the memo
 * keys it), GROUP_COUNTS for empty, -1 for any other text. */
static inline int
count_class(const struct group *g, const struct lp_record *rec)
{
	struct lp_str s = lp_record_get(rec, g->col1);
	unsigned a, b;

	if (s.n == 0)
		return GROUP_COUNTS;
	a = (unsigned char)s.p[0] - '0';
	if (s.n == 1)
		return a <= 9 ? (int)a : -1;
	b = (unsigned char)s.p[1] - '0';
	return s.n == 2 && a - 1 <= 8 && b <= 9 ? (int)(a * 10 + b) : -1;
}

static void
group_rules(struct part *p)
{
	struct group *g = NULL;

	p->groups = lp_xcalloc(p->n ? p->n : 1, sizeof(*p->groups));
	for (size_t i = 0; i < p->n; i++) {
		int cols[GROUP_COLS], nc = rule_cols(&p->rules[i], cols);

		if (g == NULL || nc < 0 || g->ncols != nc || memcmp(g->cols,
		    cols, (size_t)nc * sizeof(*cols)) != 0) {
			g = &p->groups[p->ngroups++];
			g->ncols = nc;
			g->first = i;
			if (nc > 0)
				memcpy(g->cols, cols, (size_t)nc * sizeof(*cols));
		}
		g->n++;
	}
	for (size_t k = 0; k < p->ngroups; k++) {
		g = &p->groups[k];
		if (g->ncols == 1)
			g->keyx = key_call(p->rules + g->first, g->n);
		g->col1 = g->ncols == 1 && g->keyx == NULL ? g->cols[0] : -1;
		if (g->col1 >= 0)
			num_group(p, g);
		if (g->col1 >= 0 && !g->placed)
			count_group(p, g);
		g->keyin = g->keyx != NULL;
		for (size_t i = g->first; g->keyin && i < g->first + g->n; i++)
			g->keyin = p->rules[i].per == NULL &&
			    lp_expr_key_list(p->rules[i].cond);
		lp_memo_init(&g->memo, sizeof(g->ndec));
		/* A miss evaluates every rule of the group: the more rules,
		 * the fewer hits pay for the lookups. */
		g->memo.min_hits = 2048 / (uint32_t)g->n;
	}
}

/*
 * Append remembered reasons r[0..n) -- "; " and the text, or nothing
 * when n is 0 -- to b (the scorer's reasons: every one after "; ",
 * lp_score_compute drops the first).  One fixed 64-byte copy for most:
 * no branch on the text's length, which the branch predictor cannot
 * guess (2% of lead-score's time at 1M rows).
 */
static inline void
append_reasons(struct lp_buf *b, const char *r, size_t n)
{
	if (n > 64) {
		lp_buf_add(b, r, n);
		return;
	}
	if (b->cap - b->n <= 64)
		lp_buf_reserve(b, 64);
	memcpy(b->p + b->n, r, 64);	/* the slot holds 64 more */
	b->n += n;
}

/*
 * Keyin group g (each rule `f(column) in (LIST)`, f's text lent): each
 * list answers for the text, and a rule that holds adds its points and
 * its reason, as eval_rules would (which --explain's outcomes need).
 */
static inline void
ask_lists(struct part *p, struct group *g, struct lp_buf *b, double *sum)
{
	for (struct rule *r = p->rules + g->first, *end = r + g->n; r < end;
	    r++)
		if (lp_expr_key_in(r->cond, g->keyx)) {
			double got = saturate(r->src->points);

			*sum += got;
			if (got != 0) {
				lp_buf_add(b, "; ", 2);
				lp_buf_add(b, r->reason, r->reasonlen);
			}
		}
}

/* The decision a memo value (from lp_memo_get) names, or NULL. */
static inline struct decision *
decided(const struct group *g, const void *v)
{
	uint16_t i;

	if (v == NULL)
		return NULL;
	memcpy(&i, v, sizeof(i));
	return &g->dec[i];
}

static void remember(struct group *, void *, const char *, size_t,
    const struct decision *);
static void eval_rules(struct part *, struct group *,
    const struct lp_record *, struct lp_buf *, bool, double *, double *,
    void *, const char *, size_t, int);

/*
 * Add a group's points to *sum (or *evsum: scored from events) and its
 * reasons to b, from the memo or by evaluating its rules: for --explain
 * (why), which shows each rule's outcome, always.
 */
static void
eval_group(struct part *p, struct group *g, const struct lp_record *rec,
    struct lp_buf *b, bool why, double *sum, double *evsum)
{
	unsigned char key[LP_MEMO_KEY];
	const char *kp = NULL;
	struct decision *d = NULL;
	void *slot = NULL;
	size_t n = 0;
	bool lent = false, look = !why && !g->memo.off;
	int cls = -1;

	if (g->cls != NULL && !why && (cls = g->counted ?
	    count_class(g, rec) : num_class(g, rec)) >= 0) {
		if (g->cls[cls].len != CLS_NONE)
			d = &g->cls[cls];
	} else if (g->col1 >= 0 && look) {
		/* One column (most rules): its text is the key. */
		struct lp_str s = lp_record_get(rec, g->col1);

		d = decided(g, lp_memo_get(&g->memo, s.p, s.n, &slot));
		kp = s.p;
		n = s.n;
	} else if (g->keyx != NULL) {
		/* One column read through one function: its text, computed
		 * once for the group's rules (lent below). */
		struct lp_str s;

		lent = lp_expr_key(g->keyx, rec, &s);
		/* Rules that only ask lists (keyin) need no memo: a list
		 * lookup or two is cheaper than a memo's. */
		if (lent && g->keyin && !why) {
			ask_lists(p, g, b, sum);
			return;
		}
		if (lent && look) {
			/* The text stays while the rules evaluate: they
			 * borrow it rather than call f again. */
			d = decided(g, lp_memo_get(&g->memo, s.p, s.n,
			    &slot));
			kp = s.p;
			n = s.n;
		}
	} else if (g->ncols >= 0 && look) {
		/* Each column's length, then its text. */
		for (int i = 0; i < g->ncols && n <= LP_MEMO_KEY; i++) {
			struct lp_str s = lp_record_get(rec, g->cols[i]);

			if (s.n >= LP_MEMO_KEY - n) {
				n = LP_MEMO_KEY + 1;	/* too long */
				break;
			}
			key[n++] = (unsigned char)s.n;
			lp_memo_copy(key + n, s.p, s.n);
			n += s.n;
		}
		if (n <= LP_MEMO_KEY)
			d = decided(g, lp_memo_get(&g->memo, key, n,
			    &slot));
		kp = (const char *)key;
	}
	if (d != NULL) {
		*sum += d->sum;
		append_reasons(b, d->reasons, d->len);
		return;
	}
	eval_rules(p, g, rec, b, lent, sum, evsum, slot, kp, n, cls);
}

/*
 * A group eval_group found nothing remembered for: evaluate its rules,
 * add their points and reasons, and remember the decision in slot (key
 * kp[0..n)) or place cls when there is one.  Out of line, so that the
 * lookup, which is most of the calls, stays small.
 */
static __attribute__((noinline)) void
eval_rules(struct part *p, struct group *g, const struct lp_record *rec,
    struct lp_buf *b, bool lent, double *sum, double *evsum, void *slot,
    const char *kp, size_t n, int cls)
{
	struct rule *rules = p->rules + g->first;
	struct decision d;
	size_t at = b->n;
	double gsum = 0;
	long met = p->dates->met;

	for (size_t i = 0; i < g->n; i++) {
		if (lent && g->keyin) {
			/* `f(column) in (LIST)`: the list answers for f's
			 * text, as evaluating would */
			rules[i].o = (struct outcome){ 0 };
			if (lp_expr_key_in(rules[i].cond, g->keyx))
				rule_got(&rules[i], rules[i].src->points);
		} else if (lent) {
			lp_expr_key_lend(rules[i].cond, g->keyx);
			lp_expr_key_lend(rules[i].per, g->keyx);
			eval_rule(&rules[i], rec);
			lp_expr_key_lend(rules[i].cond, NULL);
			lp_expr_key_lend(rules[i].per, NULL);
		} else
			eval_rule(&rules[i], rec);
		if (rules[i].evented)
			*evsum += rules[i].o.got;
		else
			gsum += rules[i].o.got;
		reason_rule(b, &rules[i]);
	}
	*sum += gsum;
	/* An ambiguous date or a regex cut short is counted where it is
	 * met: a remembered decision would skip that, and the warning
	 * would count it only for the first record that has the text. */
	if ((slot == NULL && cls < 0) || b->n - at > 2 + GROUP_REASON ||
	    p->dates->met != met)
		return;
	d.sum = gsum;
	d.len = (unsigned char)(b->n - at);
	if (b->n > at)	/* b->p is NULL until the first reason */
		memcpy(d.reasons, b->p + at, b->n - at);
	if (cls >= 0)
		g->cls[cls] = d;
	else
		remember(g, slot, kp, n, &d);
}

/*
 * Remember decision d for key kp[0..n) in memo slot (from lp_memo_get):
 * its index in g's table, where an equal decision is found or d added.
 * A group whose keys reach GROUP_DECISIONS different decisions stops
 * remembering new ones.
 */
static void
remember(struct group *g, void *slot, const char *kp, size_t n,
    const struct decision *d)
{
	/* The bytes that make a decision: the sum, the reasons. */
	char key[sizeof(d->sum) + sizeof(d->reasons)];
	size_t kn = sizeof(d->sum) + d->len;
	int i;

	memcpy(key, &d->sum, sizeof(d->sum));
	memcpy(key + sizeof(d->sum), d->reasons, d->len);
	if (g->decmap == NULL)
		g->decmap = lp_map_new();
	if ((i = lp_map_get(g->decmap, key, kn)) < 0) {
		if (g->ndec == GROUP_DECISIONS)
			return;
		if ((g->ndec & (g->ndec - 1)) == 0)	/* 0, 1, 2, 4, ... */
			g->dec = lp_xreallocarray(g->dec, g->ndec ?
			    2 * (size_t)g->ndec : 1, sizeof(*g->dec));
		i = g->ndec++;
		g->dec[i] = *d;
		lp_map_put(g->decmap, key, kn, i);
	}
	memcpy(lp_memo_put(&g->memo, slot, kp, n), &(uint16_t){ (uint16_t)i },
	    sizeof(uint16_t));
}

/*
 * Start loading the memo slot the first group of p will look up, when
 * its memo is large (lp_memo_prefetch): the three title rules' memo
 * grows to 8192 slots, and its slots' first loads wait on memory.
 */
static inline void
prefetch_first(const struct part *p, const struct lp_record *rec)
{
	if (p->ngroups > 0 && p->groups[0].col1 >= 0) {
		struct lp_str s = lp_record_get(rec, p->groups[0].col1);

		lp_memo_prefetch(&p->groups[0].memo, s.p, s.n);
	}
}

/* Sum a part's rules into *sum (capped at the section max); reasons. */
static bool
sum_part(struct part *p, const struct lp_record *rec, struct lp_buf *reasons,
    bool why, double *sum, double *evsum)
{
	*sum = *evsum = 0;
	if (p->groups == NULL)
		group_rules(p);
	for (size_t i = 0; i < p->ngroups; i++)
		eval_group(p, &p->groups[i], rec, reasons, why, sum, evsum);
	return p->has_max && *sum + *evsum > p->max;
}

static void
cap_reason(struct lp_buf *b, const char *name, double max)
{
	lp_buf_add(b, "; ", 2);
	lp_buf_adds(b, name);
	lp_buf_adds(b, " capped at ");
	add_num(b, max);
}

/*
 * "; engagement 40 x0.71 (15d old) = 28" (x is U+00D7) for engagement eng
 * decayed by factor, days old, from the fromi-th `from` field (-1: none
 * had a date).  The decayed points make the reasons add up to the
 * score.  Written into one buffer and appended once: this is on most
 * records.
 */
static void
decay_reason(struct lp_scorer *sc, struct lp_buf *rs, double eng,
    double factor, double days, int fromi)
{
	char t[3 * LP_NUM_MAX + 64], *o = t;
	long long c = (long long)round_away(factor * 100);

	memcpy(o, "; engagement ", 13);
	o += 13;
	o += lp_fmt_num(o, eng);
	memcpy(o, " " MUL, 3);
	o += 3;
	*o++ = (char)('0' + c / 100);
	if (c != 0) {
		o[0] = '.';
		o[1] = (char)('0' + c / 10 % 10);
		o[2] = (char)('0' + c % 10);
		o += 3;
	}
	memcpy(o, " (", 2);
	o += 2;
	if (fromi < 0) {
		memcpy(o, "no activity date", 16);
		o += 16;
	} else {
		o += lp_fmt_int(o, days >= 1 ? (long long)days :
		    (long long)(days * 24));
		memcpy(o, days >= 1 ? "d old" : "h old", 5);
		o += 5;
	}
	if (fromi > 0) {	/* a name of any length */
		lp_buf_add(rs, t, (size_t)(o - t));
		lp_buf_adds(rs, ", from ");
		lp_buf_adds(rs, sc->fromname[fromi]);
		o = t;
	}
	memcpy(o, ") = ", 4);
	o += 4;
	o += lp_fmt_int(o, (long long)round_half(eng * factor));
	lp_buf_add(rs, t, (size_t)(o - t));
}

/* The text of a setting's field (fit_data, half_life ... from): a bare
 * field, col >= -1 (lp_expr_field_column), is read as its column
 * without evaluating, as it is on every record. */
static struct lp_str
setting_text(struct lp_scorer *sc, struct lp_expr *e, int col,
    const struct lp_record *rec)
{
	if (col >= -1)
		return lp_str_trim(lp_record_get(rec, col));
	return lp_expr_eval_str(e, rec, &sc->tmp);
}

static void
grade_of(struct lp_scorer *sc, const struct lp_record *rec, long long fit,
    struct lp_score_result *res)
{
	const struct grade *g = &sc->grades[sc->ngrades - 1];

	if (sc->nfitdata > 0) {
		int filled = 0;

		for (int i = 0; i < sc->nfitdata; i++)
			filled += setting_text(sc, sc->fitdata[i],
			    sc->fitcol[i], rec).n > 0;
		if (filled < sc->fitdata_min) {
			res->grade = sc->nodata;  /* no data is not poor fit */
			res->grade_len = sc->nodatalen;
			return;
		}
	}
	for (size_t i = 0; i < sc->ngrades; i++)
		if (sc->grades[i].has_thr && (double)fit >= sc->grades[i].thr) {
			g = &sc->grades[i];
			break;
		}
	res->grade = g->name;
	res->grade_len = g->len;
}

static bool
later(const struct lp_scorer *sc, int a, int b)	/* a after b in the funnel */
{
	return lp_stages_later(sc->stages, sc->nstages, a, b);
}

/* Name each status the [stages] map does not know once (the first
 * WARN_STATUSES). */
static void
warn_status(struct lp_scorer *sc, const struct lp_record *rec,
    struct lp_str status)
{
	const struct lp_pos *pos;

	if (sc->warned == NULL)
		sc->warned = lp_map_new();
	if (lp_map_count(sc->warned) > WARN_STATUSES ||
	    lp_map_get(sc->warned, status.p, status.n) >= 0)
		return;
	pos = lp_record_pos(rec);
	lp_map_put(sc->warned, status.p, status.n, 1);
	if (lp_map_count(sc->warned) <= WARN_STATUSES)
		lp_warn("%s:%ld: status '%.*s' is not in the [stages] map "
		    "(kept as the stage; map it with \"%.*s\" = STAGE)",
		    pos ? pos->file : "", pos ? pos->line : 0, (int)status.n,
		    status.p, (int)status.n, status.p);
	else
		lp_warn("%s:%ld: more statuses are not in the [stages] map; "
		    "not named (lead-check's 'is stage' check lists them)",
		    pos ? pos->file : "", pos ? pos->line : 0);
}

/* Does grade pass [score] mql_grades (any grade when it is not set)? */
static bool
gate_ok(const struct lp_scorer *sc, const char *grade)
{
	if (sc->ngate == 0)
		return true;
	for (size_t i = 0; i < sc->ngate; i++)
		if (strcmp(sc->gate[i], grade) == 0)
			return true;
	return false;
}

/* --explain's stage_reason for what the stager decided. */
static void
stage_why(struct lp_scorer *sc, const struct lp_stage_at *at)
{
	char *b = sc->stage_reason_buf;
	size_t cap = sizeof(sc->stage_reason_buf);
	const char *col = at->col >= 0 ? lp_header_name(sc->hdr, at->col) : "";
	int n = 0;

	switch (at->by) {
	case LP_STAGE_BY_NONE:
		n = snprintf(b, cap, "no status: %s", sc->stages[0].name);
		break;
	case LP_STAGE_BY_UNKNOWN:
		n = snprintf(b, cap, "status not in the [stages] map");
		break;
	case LP_STAGE_BY_COLUMN:
		n = snprintf(b, cap, "%s '%.*s' is %s", col, (int)at->value.n,
		    at->value.p, sc->stages[at->stage].name);
		break;
	case LP_STAGE_BY_CONDITION:
		n = snprintf(b, cap, "[stages] %s condition holds (line %ld)",
		    sc->stages[at->stage].name, sc->stages[at->stage].when->line);
		break;
	case LP_STAGE_BY_MQL_AT:
		n = snprintf(b, cap, "%s '%.*s': an MQL stays one", col,
		    (int)at->value.n, at->value.p);
		break;
	}
	if (at->behind >= 0 && n >= 0 && (size_t)n < cap)
		snprintf(b + n, cap - (size_t)n, "; %s (%s) left behind",
		    lp_header_name(sc->hdr, at->behind_col),
		    sc->stages[at->behind].name);
	sc->stage_reason = b;
}

/* The record's stage from base, the stage its columns give (at: how,
 * from lp_stager_stage), and its score. */
static void
compute_stage(struct lp_scorer *sc, const struct lp_record *rec,
    struct lp_score_result *res, int base, const struct lp_stage_at *at)
{
	struct lp_str mql_at;
	bool promoted = false;

	sc->stage_reason = NULL;
	sc->stagebuf.n = 0;
	sc->mql_at_buf[0] = '\0';
	res->mql_at = sc->mql_at_buf;
	res->mql_at_len = 0;
	if (base < 0) {
		/* Unknown vocabulary: keep it visible rather than guess. */
		warn_status(sc, rec, at->value);
		lp_buf_add(&sc->stagebuf, at->value.p, at->value.n);
		res->stage = lp_buf_cstr(&sc->stagebuf);
		res->stage_len = sc->stagebuf.n;
		res->mql = false;
		sc->stage_reason = "status not in the [stages] map";
		return;
	}
	if (sc->why)
		stage_why(sc, at);
	/*
	 * MQL: a new lead, or one parked off the funnel (nurture) whose
	 * score has come back, becomes one when its score reaches mql or it
	 * raised its hand (fast_track), and its grade passes mql_grades.
	 */
	if (sc->has_mql && (base == sc->new_idx ||
	    sc->stages[base].kind == LP_STAGE_OTHER) && gate_ok(sc, res->grade)) {
		bool by_score = (double)res->score_i >= sc->mql;

		if (by_score || (sc->fast != NULL && lp_expr_test(sc->fast,
		    rec))) {
			if (sc->why && by_score)
				snprintf(sc->stage_reason_buf,
				    sizeof(sc->stage_reason_buf),
				    "score %lld >= mql %g", res->score_i,
				    sc->mql);
			else if (sc->why)
				snprintf(sc->stage_reason_buf,
				    sizeof(sc->stage_reason_buf),
				    "fast_track holds (a hand-raiser)");
			sc->stage_reason = sc->stage_reason_buf;
			base = sc->mql_idx;
			promoted = true;
		}
	}
	res->stage = sc->stages[base].name;
	res->stage_len = sc->stagelen[base];
	res->mql = sc->mql_idx >= 0 && (base == sc->mql_idx ||
	    later(sc, base, sc->mql_idx));
	mql_at = lp_stager_mql_at(sc->stager, rec, NULL);
	if (mql_at.n > 0 && mql_at.n < sizeof(sc->mql_at_buf)) {
		memcpy(sc->mql_at_buf, mql_at.p, mql_at.n);
		sc->mql_at_buf[mql_at.n] = '\0';
		res->mql_at_len = mql_at.n;
	} else if (promoted) {
		struct lp_datetime dt = { sc->now, true };

		res->mql_at_len = lp_date_format(&dt, sc->mql_at_buf,
		    sizeof(sc->mql_at_buf));
	}
	res->mql_at = sc->mql_at_buf;
}

static void
explain_rules(struct lp_buf *x, const struct part *p, bool fired_only)
{
	bool first = true;

	json_key(x, "rules");
	lp_buf_addc(x, '[');
	for (size_t i = 0; i < p->n; i++) {
		const struct rule *r = &p->rules[i];

		/* The compact form: what added or took points, nothing else. */
		if (fired_only && !r->o.fired)
			continue;
		if (!first)
			lp_buf_addc(x, ',');
		first = false;
		lp_buf_addc(x, '{');
		json_key(x, "line");
		json_num(x, (double)r->src->line);
		lp_buf_addc(x, ',');
		json_key(x, "label");
		lp_esc_json(x, r->src->label, strlen(r->src->label));
		lp_buf_addc(x, ',');
		if (!fired_only) {	/* all fired in the compact form */
			json_key(x, "fired");
			lp_buf_adds(x, r->o.fired ? "true" : "false");
			lp_buf_addc(x, ',');
		}
		json_key(x, "points");
		json_num(x, r->o.got);
		if (r->per != NULL || r->evented) {
			lp_buf_addc(x, ',');
			json_key(x, r->evented ? "events" : "count");
			json_num(x, r->evented ? r->nev : r->o.value);
			if (r->evented) {
				lp_buf_addc(x, ',');
				json_key(x, "decayed_count");
				json_num(x, r->o.value);
			}
			lp_buf_addc(x, ',');
			json_key(x, "per");
			json_num(x, r->src->points);
		}
		if (r->has_max) {
			lp_buf_addc(x, ',');
			json_key(x, "max");
			json_num(x, r->max);
			lp_buf_addc(x, ',');
			json_key(x, "capped");
			lp_buf_adds(x, r->o.capped ? "true" : "false");
		}
		lp_buf_addc(x, '}');
	}
	lp_buf_addc(x, ']');
}

static void
explain(struct lp_scorer *sc, const struct lp_record *rec,
    const struct lp_score_result *res, double fitraw, double engraw,
    struct lp_buf *x)
{
	const struct lp_pos *pos = lp_record_pos(rec);

	lp_buf_addc(x, '{');
	if (pos != NULL) {
		json_key(x, "file");
		lp_esc_json(x, pos->file, strlen(pos->file));
		lp_buf_addc(x, ',');
		json_key(x, "line");
		json_num(x, (double)pos->line);
		lp_buf_addc(x, ',');
	}
	if (sc->id_col >= 0) {
		struct lp_str v = lp_record_get(rec, sc->id_col);

		json_key(x, "lead_id");
		lp_esc_json(x, v.p, v.n);
		lp_buf_addc(x, ',');
	}
	if (sc->email_col >= 0) {
		struct lp_str v = lp_record_get(rec, sc->email_col);

		json_key(x, "email");
		lp_esc_json(x, v.p, v.n);
		lp_buf_addc(x, ',');
	}
	json_member(x, "score", (double)res->score_i);
	json_member(x, "fit_score", (double)res->fit_i);
	json_member(x, "engagement_score", (double)res->engagement_i);
	json_key(x, "grade");
	lp_esc_json(x, res->grade, res->grade_len);
	lp_buf_addc(x, ',');
	json_key(x, "stage");
	lp_esc_json(x, res->stage, res->stage_len);
	lp_buf_addc(x, ',');
	json_key(x, "stage_reason");
	lp_esc_json(x, sc->stage_reason ? sc->stage_reason : "",
	    sc->stage_reason ? strlen(sc->stage_reason) : 0);
	lp_buf_addc(x, ',');
	json_key(x, "fit");
	lp_buf_addc(x, '{');
	json_member(x, "sum", fitraw);
	json_member(x, "max", sc->fit.has_max ? sc->fit.max : NAN);
	json_member(x, "value", res->fit);
	explain_rules(x, &sc->fit, sc->explain_compact);
	lp_buf_adds(x, "},");
	json_key(x, "engagement");
	lp_buf_addc(x, '{');
	json_member(x, "sum", engraw);
	json_member(x, "max", sc->eng.has_max ? sc->eng.max : NAN);
	json_member(x, "half_life_days",
	    sc->half_life > 0 ? (double)sc->half_life / 86400 : NAN);
	json_member(x, "age_days", res->age_days >= 0 ? res->age_days : NAN);
	json_member(x, "factor", res->factor);
	json_member(x, "value", res->engagement);
	explain_rules(x, &sc->eng, sc->explain_compact);
	lp_buf_adds(x, "}}");
}

void
lp_scorer_explain_compact(struct lp_scorer *sc, bool on)
{
	sc->explain_compact = on;
}

const struct lp_score_result *
lp_score_compute(struct lp_scorer *sc, const struct lp_record *rec,
    struct lp_buf *x)
{
	struct lp_score_result *res = &sc->res;
	struct lp_buf *rs = &sc->reasons;
	double fit, fitev, eng, engev, fitraw, engraw;
	struct lp_datetime dt;
	struct lp_stage_at at;
	bool capped;
	int fromi = -1, base;

	rs->n = 0;
	sc->why = x != NULL;
	res->factor = 1;
	lp_dates_next(&sc->dates);
	res->age_days = -1;
	if (sc->events_loaded) {
		int lead[2], nl;

		for (size_t i = 0; i < sc->eng.n; i++) {
			sc->eng.rules[i].nev = 0;
			sc->eng.rules[i].o.value = 0;
		}
		nl = lead_events(sc, rec, lead);
		for (int k = 0; k < nl; k++)
			for (size_t i = sc->evstart[lead[k]];
			    i < sc->evstart[lead[k] + 1]; i++) {
				struct rule *r = &sc->eng.rules[sc->ev[i].rule];
				double d = decay(sc, sc->ev[i].t);

				r->nev++;
				/* A condition rule counts its most recent
				 * event. */
				if (r->per != NULL)
					r->o.value += d;
				else if (d > r->o.value)
					r->o.value = d;
			}
	}
	prefetch_first(&sc->fit, rec);
	/* The stage the record's columns give, before the rules: it reads
	 * other columns while the first group's memo slot loads. */
	base = lp_stager_stage(sc->stager, rec, &at);
	capped = sum_part(&sc->fit, rec, rs, sc->why, &fit, &fitev);
	fitraw = fit;
	if (capped) {
		fit = sc->fit.max;
		cap_reason(rs, "fit", sc->fit.max);
	}
	capped = sum_part(&sc->eng, rec, rs, sc->why, &eng, &engev);
	engraw = eng + engev;
	if (sc->nfrom > 0) {
		/* No date at all: undated engagement is not fresh activity
		 * (lead-playbook(5)); it counts nothing. */
		res->factor = 0;
		for (int i = 0; i < sc->nfrom; i++) {
			struct lp_str s = setting_text(sc, sc->from[i],
			    sc->fromcol[i], rec);

			if (s.n == 0)
				continue;
			/* An ambiguous date is counted there, not guessed. */
			if (lp_dates_read(&sc->dates, s.p, s.n, true, &dt) != 0)
				continue;
			fromi = i;
			res->factor = 1;
			if (dt.secs < sc->now) {
				res->age_days = (double)(sc->now - dt.secs) /
				    86400;
				res->factor = decay(sc, dt.secs);
			}
			break;
		}
	}
	if (engev != 0) {
		/* Events carry their own decay; the cap applies after it. */
		eng = eng * res->factor + engev;
		if (capped) {
			eng = sc->eng.max;
			cap_reason(rs, "engagement", sc->eng.max);
		}
	} else {
		if (capped) {
			eng = sc->eng.max;
			cap_reason(rs, "engagement", sc->eng.max);
		}
		if (eng != 0 && res->factor < 1)
			decay_reason(sc, rs, eng, res->factor, res->age_days,
			    fromi);
		eng *= res->factor;
	}
	res->fit = fit;
	res->engagement = eng;
	res->score = fit + eng;
	res->fit_i = lp_sat_ll(round_half(fit));
	res->engagement_i = lp_sat_ll(round_half(eng));
	res->score_i = lp_sat_ll(round_half(res->score));
	grade_of(sc, rec, res->fit_i, res);
	compute_stage(sc, rec, res, base, &at);
	/* Each reason went in after "; " (append_reasons). */
	res->reasons_len = rs->n > 0 ? rs->n - 2 : 0;
	res->reasons = lp_buf_cstr(rs) + (rs->n - res->reasons_len);
	if (x != NULL)
		explain(sc, rec, res, fitraw, engraw, x);
	return res;
}

size_t
lp_scorer_nrules(const struct lp_scorer *sc)
{
	return sc->fit.n + sc->eng.n;
}

void
lp_scorer_rule(const struct lp_scorer *sc, size_t i, struct lp_score_rule *r)
{
	const struct part *p = i < sc->fit.n ? &sc->fit : &sc->eng;
	const struct rule *ru = &p->rules[i < sc->fit.n ? i : i - sc->fit.n];

	r->part = p->name;
	r->src = ru->src;
	r->owner = lp_playbook_section_owner(sc->pb, p == &sc->fit ?
	    "score.fit" : "score.engagement");
	r->per = ru->per != NULL;
	r->has_max = ru->has_max;
	r->max = ru->max;
}

void
lp_score_rules(struct lp_scorer *sc, const struct lp_record *rec,
    struct lp_score_fired *out)
{
	for (size_t i = 0; i < sc->fit.n + sc->eng.n; i++) {
		struct rule *r = i < sc->fit.n ? &sc->fit.rules[i] :
		    &sc->eng.rules[i - sc->fit.n];

		eval_rule(r, rec);
		out[i].fired = r->o.fired;
		out[i].points = r->o.got;
		out[i].value = r->o.value;
	}
}

const struct lp_score_result *
lp_score_last(const struct lp_scorer *sc)
{
	return &sc->res;
}

void
lp_scorer_set_dates(struct lp_scorer *sc, enum lp_date_order order)
{
	sc->dates.order = order;
}

long
lp_scorer_ambiguous_dates(const struct lp_scorer *sc, const char **example)
{
	*example = sc->dates.example;
	return sc->dates.ambiguous;
}

int
lp_score_record(struct lp_scorer *sc, struct lp_record *rec,
    struct lp_buf *x, struct lp_err *err)
{
	const struct lp_score_result *res = lp_score_compute(sc, rec, x);

	(void)err;
	lp_record_set_int(rec, sc->col[LP_SCORE_COL_SCORE], res->score_i);
	lp_record_set_int(rec, sc->col[LP_SCORE_COL_FIT], res->fit_i);
	lp_record_set_int(rec, sc->col[LP_SCORE_COL_ENGAGEMENT],
	    res->engagement_i);
	if (sc->col[LP_SCORE_COL_GRADE] >= 0)
		lp_record_set_text(rec, sc->col[LP_SCORE_COL_GRADE],
		    res->grade, res->grade_len);
	if (sc->col[LP_SCORE_COL_STAGE] >= 0)
		lp_record_set(rec, sc->col[LP_SCORE_COL_STAGE], res->stage,
		    res->stage_len);
	if (sc->plain_reasons)
		lp_record_set_plain(rec, sc->col[LP_SCORE_COL_REASONS],
		    res->reasons, res->reasons_len);
	else
		lp_record_set_text(rec, sc->col[LP_SCORE_COL_REASONS],
		    res->reasons, res->reasons_len);
	if (sc->col[LP_SCORE_COL_MQL_AT] >= 0)
		lp_record_set_text(rec, sc->col[LP_SCORE_COL_MQL_AT], res->mql_at,
		    res->mql_at_len);
	return 0;
}

/* ---- events ---- */

static int
find_col(const struct lp_header *h, const char *const *names)
{
	for (size_t i = 0; names[i] != NULL; i++) {
		int c = lp_header_find(h, names[i]);

		if (c >= 0)
			return c;
	}
	return -1;
}

static int
lead_key(struct lp_scorer *sc, char tag, struct lp_str v, struct lp_buf *b)
{
	int idx;

	event_key(tag, v, b);
	if ((idx = lp_map_get(sc->evleads, b->p, b->n)) < 0) {
		idx = sc->nleads++;
		lp_map_put(sc->evleads, b->p, b->n, idx);
	}
	return idx;
}

static int
cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->lead != y->lead)
		return x->lead < y->lead ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->rule - y->rule;
}

int
lp_scorer_load_events(struct lp_scorer *sc, const struct lp_io_opts *io,
    const char *path, struct lp_err *err)
{
	static const char *const idn[] = { "lead_id", NULL };
	static const char *const emn[] = { "email", NULL };
	static const char *const typen[] = { "event_type", "activity_type",
	    "type", "event", "activity", NULL };
	static const char *const timen[] = { "timestamp", "occurred_at",
	    "event_time", "activity_date", "time", "date", "created_at", NULL };
	struct lp_io_opts o = *io;
	char *files[2] = { (char *)path, NULL };
	struct lp_stream *st;
	const struct lp_header *h;
	struct lp_record *rec;
	struct lp_buf kb;
	struct lp_err scratch = LP_ERR_INIT;
	int ic, ec, tc, wc, rc;

	if (sc->eng.n == 0 || lp_map_count(sc->evtypes) == 0)
		return lp_err_set(err, EX_CONFIG, lp_playbook_name(sc->pb), 0,
		    "--events needs an `events` setting in [score.engagement] "
		    "mapping event types to rules (see lead-playbook(5))");
	o.output = NULL;
	o.no_output = true;
	o.rejects = NULL;
	o.progress = 0;
	/* Read before -o is committed: no output may replace it. */
	lp_files_input(path);
	if ((st = lp_stream_open(&o, files, err)) == NULL)
		return -1;
	h = lp_stream_header(st);
	ic = find_col(h, idn);
	ec = find_col(h, emn);
	tc = find_col(h, typen);
	wc = find_col(h, timen);
	if ((ic < 0 && ec < 0) || tc < 0 || wc < 0) {
		lp_err_set(err, EX_DATAERR, path, 1, "an events file needs "
		    "lead_id or email, an event type (event_type) and a time "
		    "(timestamp) column");
		lp_stream_close(st, &scratch);
		return -1;
	}
	lp_buf_init(&kb);
	sc->evleads = sc->evleads ? sc->evleads : lp_map_new();
	while ((rc = lp_stream_next(st, &rec, err)) > 0) {
		struct lp_str id = ic >= 0 ? lp_str_trim(lp_record_get(rec, ic)) :
		    (struct lp_str){ "", 0 };
		struct lp_str em = ec >= 0 ? lp_str_trim(lp_record_get(rec, ec)) :
		    (struct lp_str){ "", 0 };
		struct lp_str ty = lp_str_trim(lp_record_get(rec, tc));
		struct lp_str tm = lp_str_trim(lp_record_get(rec, wc));
		struct lp_datetime dt;
		char tk[256];
		size_t tkn = lp_name_key(ty.p, ty.n, tk, sizeof(tk));
		int rule = tkn ? lp_map_get(sc->evtypes, tk, tkn) : -1, lead;
		const struct lp_pos *pos = lp_record_pos(rec);

		if (rule < 0)
			continue;	/* not an event the playbook scores */
		lp_dates_next(&sc->dates);
		switch (lp_dates_read(&sc->dates, tm.p, tm.n, true, &dt)) {
		case 0:
			break;
		case LP_DATE_AMBIGUOUS:
			/* Counted and reported, never guessed. */
			continue;
		default:
			rc = lp_err_set(err, EX_DATAERR, pos->file, pos->line,
			    "bad event time '%.*s'", (int)tm.n, tm.p);
			break;
		}
		if (rc < 0)
			break;
		if (id.n == 0 && em.n == 0) {
			rc = lp_err_set(err, EX_DATAERR, pos->file, pos->line,
			    "event without lead_id or email");
			break;
		}
		if (id.n > 0) {
			lead = lead_key(sc, 'i', id, &kb);
			/* The email finds this lead for a record being
			 * scored that has no lead_id (the first id wins). */
			if (em.n > 0) {
				event_key('a', em, &kb);
				if (lp_map_get(sc->evleads, kb.p, kb.n) < 0)
					lp_map_put(sc->evleads, kb.p, kb.n, lead);
			}
		} else
			lead = lead_key(sc, 'e', em, &kb);
		if (sc->nev == sc->evcap) {
			sc->evcap = sc->evcap ? sc->evcap * 2 : 1024;
			sc->ev = lp_xreallocarray(sc->ev, sc->evcap,
			    sizeof(*sc->ev));
		}
		sc->ev[sc->nev].lead = lead;
		sc->ev[sc->nev].rule = rule;
		sc->ev[sc->nev].t = dt.secs;
		sc->nev++;
	}
	lp_buf_fini(&kb);
	lp_stream_close(st, &scratch);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < sc->eng.n; i++)
		sc->eng.rules[i].evented = sc->eng.rules[i].mapped;
	free_groups(&sc->eng);	/* evented rules remember nothing */
	qsort(sc->ev, sc->nev, sizeof(*sc->ev), cmp_event);
	sc->evstart = lp_xcalloc((size_t)sc->nleads + 1,
	    sizeof(*sc->evstart));
	for (size_t i = 0, l = 0; l <= (size_t)sc->nleads; l++) {
		while (i < sc->nev && (size_t)sc->ev[i].lead < l)
			i++;
		sc->evstart[l] = i;
	}
	sc->events_loaded = true;
	return 0;
}

/* ---- lint ---- */

static void
lint_score(struct lp_lint *l)
{
	const struct lp_playbook *pb = l->pb;
	const struct lp_pb_section *sec;
	struct lp_scorer *sc;
	struct lp_err e = LP_ERR_INIT;

	if ((sc = lp_scorer_new(pb, l->hdr, l->now, &e)) == NULL)
		lp_lint_error(l, &e, false);
	lp_scorer_free(sc);
	for (int s = 0; s < 2; s++) {
		const char *name = s == 0 ? "score.fit" : "score.engagement";

		sec = lp_playbook_own_section(pb, name);
		for (size_t i = 0; sec != NULL && i < sec->nrules; i++) {
			const struct lp_pb_rule *r = &sec->rules[i];
			struct lp_expr *x;
			char what[200];
			struct lp_err e2 = LP_ERR_INIT;

			snprintf(what, sizeof(what), "rule \"%s\"", r->label);
			if (strncmp(r->body, "per ", 4) == 0) {
				const char *b = r->body + 4, *q = b;
				char fname[128];
				const char *one[] = { fname, NULL };

				while (*q != '\0' && *q != ' ')
					q++;
				snprintf(fname, sizeof(fname), "%.*s",
				    (int)(q - b), b);
				lp_lint_fields(l, pb, r->line, r->bcol + 4, what,
				    one, -1);
				continue;
			}
			if ((x = lp_pb_expr(pb, r->body, strlen(r->body),
			    r->line, r->bcol, NULL, 0, NULL, &e2)) != NULL)
				lp_lint_fields(l, pb, r->line, r->bcol, what,
				    lp_expr_fields(x), -1);
			lp_expr_free(x);
		}
	}
}

const struct lp_pb_linter lp_score_linter = {
	"score score.fit score.engagement", lint_score
};
