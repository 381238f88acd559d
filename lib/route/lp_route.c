/*
 * lp_route -- lead-route's engine: the playbook's [teams], [route], [sla]
 * and [recycle] sections compiled once, then every record routed in
 * place (lp_route.h has the flow; lead-playbook(5) the syntax).
 *
 *   [teams]    NAME.members = a:3, b:2, c      weights (default 1)
 *              NAME.timezone / hours / days / holidays / cap / overflow
 *              / lead; the same keys without NAME. are every team's
 *              defaults
 *   [route]    "LABEL" = TARGET [when CONDITION]; default = TARGET;
 *              stages = S, S (only leads at these stages are routed)
 *   [sla]      "LABEL" = DURATION [when CONDITION]; default = DURATION;
 *              from = FIELD; touched = FIELD; escalate = next | lead |
 *              TARGET
 *   [recycle]  "LABEL" = DURATION [to TARGET] [at stage S, S]
 *              [when CONDITION]; to = TARGET
 *   TARGET     = [team] NAME | person NAME | queue NAME
 *
 * Rotation: a team's weights unfold into a cycle of sum(weights) slots
 * in smooth weighted round-robin order (3,2,1 -> a b a c b a), so the
 * shares are exact over every cycle and no member gets a run of leads.
 * The position is a counter per team; a member who is away or at a cap
 * is skipped (the position moves past the slot), and when every member
 * is, the lead overflows to the team's `overflow` target.  --hash starts
 * from slot hash(lead key) mod cycle instead and never moves a position,
 * so the owner depends on the lead alone.
 *
 * Invariants: nothing here allocates per record except the --dry-run
 * plan's new rows; the state file stays locked from lp_router_new to
 * lp_router_free and is only written by lp_router_finish.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lp_alias.h"
#include "lp_cal.h"
#include "lp_date.h"
#include "lp_expr.h"
#include "lp_norm.h"
#include "lp_route.h"
#include "lp_score.h"
#include "lp_stage.h"
#include "lp_statefile.h"

extern const char lp_data_freemail_txt[];
extern const size_t lp_data_freemail_txt_len;

#define MAXSLOTS	10000	/* sum of a team's weights */
#define MAXDEPTH	8	/* overflow chain */
#define STATE_MAGIC	"lead-route state 1"

const char *const lp_route_columns[] = {
	"owner", "team", "route_rule", "sla_due_at", "recycled",
	"recycle_rule", "recycle_at", NULL
};

enum tkind { TK_NONE, TK_TEAM, TK_PERSON, TK_QUEUE, TK_NEXT, TK_LEAD };

struct target {
	enum tkind	 kind;
	int		 idx;		/* team or person */
	const char	*name;		/* queue name (playbook-owned) */
};

struct person {
	char		*name;
	int		 home;		/* first team that lists them */
	long		 run, day;	/* leads this run; today (with state) */
	long		 leads;		/* routed to them this run (summary) */
	double		 score;
	bool		 away;
};

struct team {
	const char	*name;
	const struct lp_pb_setting *members;
	int		*mem, *weight, nmem;
	int		*slot, nslots;
	long long	 pos;
	struct lp_cal	*cal;
	long		 cap_run, cap_day;	/* -1: none */
	struct target	 overflow;
	int		 lead;			/* person, -1 */
	long		 unassigned;
};

struct rrule {
	const char	*label;
	struct target	 to;
	struct lp_expr	*when;		/* NULL: always */
};

struct srule {
	const char	*label;
	int64_t		 days, secs;	/* working days + business seconds */
	struct lp_expr	*when;
};

struct crule {
	const char	*label;
	int64_t		 secs;
	struct target	 to;
	uint64_t	 stages;	/* 0: any */
	struct lp_expr	*when;
};

struct planrow {
	char		*owner, *team, *rule;
	long		 n;
};

struct lp_router {
	const struct lp_playbook *pb;
	int64_t		 now;
	struct lp_route_opts o;
	struct lp_dates	 dates;		/* conditions' and the SLA clock's */
	bool		 from_serial;	/* the SLA clock's column is a date
					   column: Excel serials read */

	struct person	*pp;
	int		 np, pcap;
	struct lp_map	*pmap;
	struct team	*tt;
	int		 nt;
	struct lp_map	*tmap;

	struct rrule	*rr;
	int		 nrr;
	struct target	 deflt;
	uint64_t	 route_stages;	/* 0: all */

	struct srule	*sr;
	int		 nsr;
	struct target	 escalate;
	struct crule	*cr;
	int		 ncr;
	struct target	 recycle_to;

	int		 c_owner_in, c_owner, c_team, c_rule, c_due, c_recycled,
			 c_rrule, c_rat, c_breach, c_escfrom, c_key, c_email,
			 c_website, c_score, c_from, c_touched;

	struct lp_stager *stager;	/* the stage every program agrees on */
	struct lp_statefile *sf;
	char		 today[16];
	char		**state_away;
	int		 nstate_away;

	struct lp_map	*acct;		/* domain -> account index */
	char		**acct_name, **acct_owner;
	int		 nacct, acap;
	struct lp_map	*freemail;

	struct lp_map	*queues;	/* queues routing sends leads to */
	struct lp_map	*plan;
	struct planrow	*rows;
	int		 nrows, rowcap;

	long		 unassigned, escalated, breached, recycled;
	struct lp_buf	 tmp;
};

/* ---- small helpers ---- */

static char *
trimdup(const char *p, size_t n)
{
	struct lp_str s = lp_str_trim((struct lp_str){ p, n });

	return lp_xstrndup(s.p, s.n);
}

static int
person_find(const struct lp_router *rt, const char *name)
{
	return lp_map_get(rt->pmap, name, strlen(name));
}

static int
team_find(const struct lp_router *rt, const char *name)
{
	return lp_map_get(rt->tmap, name, strlen(name));
}

static int
person_add(struct lp_router *rt, const char *name, int home)
{
	int i = person_find(rt, name);

	if (i >= 0)
		return i;
	if (rt->np == rt->pcap) {
		rt->pcap = rt->pcap ? rt->pcap * 2 : 16;
		rt->pp = lp_xreallocarray(rt->pp, rt->pcap, sizeof(*rt->pp));
	}
	memset(&rt->pp[rt->np], 0, sizeof(rt->pp[0]));
	rt->pp[rt->np].name = lp_xstrdup(name);
	rt->pp[rt->np].home = home;
	lp_map_put(rt->pmap, name, strlen(name), rt->np);
	return rt->np++;
}

/* The names of every team and person, for "did you mean". */
static const char **
known_names(const struct lp_router *rt)
{
	const char **v = lp_xreallocarray(NULL, (size_t)(rt->nt + rt->np + 1),
	    sizeof(*v));
	int n = 0;

	for (int i = 0; i < rt->nt; i++)
		v[n++] = rt->tt[i].name;
	for (int i = 0; i < rt->np; i++)
		v[n++] = rt->pp[i].name;
	v[n] = NULL;
	return v;
}

/* The position of the word "when" in s (a whole word), or NULL. */
static const char *
find_when(const char *s)
{
	for (const char *p = s; (p = strstr(p, "when")) != NULL; p++)
		if ((p == s || p[-1] == ' ' || p[-1] == '\t') &&
		    (p[4] == '\0' || p[4] == ' ' || p[4] == '\t'))
			return p;
	return NULL;
}

/* Next white-space separated word of s from *i: [*b, *e).  false at the
 * end. */
static bool
word(const char *s, size_t *i, size_t *b, size_t *e)
{
	while (s[*i] == ' ' || s[*i] == '\t')
		(*i)++;
	if (s[*i] == '\0')
		return false;
	*b = *i;
	while (s[*i] != '\0' && s[*i] != ' ' && s[*i] != '\t')
		(*i)++;
	*e = *i;
	return true;
}

static bool
word_is(const char *s, size_t b, size_t e, const char *w)
{
	return e - b == strlen(w) && strncasecmp(s + b, w, e - b) == 0;
}

/*
 * A duration: NUMBER UNIT ..., units w d h m.  Business durations count
 * d as one working day and w as five (*days), h and m in *secs;
 * calendar durations count everything in *secs (d = 24h, w = 7d).
 */
static int
duration(const char *s, size_t n, bool business, int64_t *days,
    int64_t *secs)
{
	size_t i = 0;
	bool any = false;

	*days = *secs = 0;
	while (i < n) {
		int64_t v = 0;
		size_t d0 = i;

		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (v > 100000000)
				return -1;
			v = v * 10 + (s[i++] - '0');
		}
		if (i == d0 || i == n)
			return -1;
		switch (s[i++]) {
		case 'w':
			if (business)
				*days += 5 * v;
			else
				*secs += v * 7 * 86400;
			break;
		case 'd':
			if (business)
				*days += v;
			else
				*secs += v * 86400;
			break;
		case 'h':
			*secs += v * 3600;
			break;
		case 'm':
			*secs += v * 60;
			break;
		default:
			return -1;
		}
		any = true;
	}
	return any ? 0 : -1;
}

/*
 * Parse a target from words [i...] of s (NUL-terminated at the target's
 * end or at stop): [team] NAME, person NAME, queue NAME; with specials
 * (escalate) also next and lead.  col0 is the column of s[0].
 */
static int
target(struct lp_router *rt, const struct lp_pb_setting *st, const char *s,
    size_t *i, int col0, bool specials, struct target *t, struct lp_err *err)
{
	size_t b, e, b2, e2;
	char name[256];
	const char **names, *hint;
	enum tkind want = TK_NONE;

	if (!word(s, i, &b, &e))
		return lp_playbook_error(rt->pb, err, st->line, col0 +
		    (int)*i, "expected a team, 'person NAME' or 'queue NAME'");
	if (specials && word_is(s, b, e, "next")) {
		t->kind = TK_NEXT;
		return 0;
	}
	if (specials && word_is(s, b, e, "lead")) {
		t->kind = TK_LEAD;
		return 0;
	}
	if (word_is(s, b, e, "team") || word_is(s, b, e, "person") ||
	    word_is(s, b, e, "queue")) {
		want = s[b] == 't' || s[b] == 'T' ? TK_TEAM : (s[b] == 'p' ||
		    s[b] == 'P') ? TK_PERSON : TK_QUEUE;
		if (!word(s, i, &b2, &e2))
			return lp_playbook_error(rt->pb, err, st->line, col0 +
			    (int)*i, "expected a name after '%.*s'",
			    (int)(e - b), s + b);
		b = b2;
		e = e2;
	}
	snprintf(name, sizeof(name), "%.*s", (int)(e - b), s + b);
	t->idx = -1;
	if (want == TK_QUEUE) {
		t->kind = TK_QUEUE;
		t->name = lp_xstrdup(name);
		return 0;
	}
	if (want != TK_PERSON && (t->idx = team_find(rt, name)) >= 0) {
		t->kind = TK_TEAM;
		return 0;
	}
	if (want != TK_TEAM && (t->idx = person_find(rt, name)) >= 0) {
		t->kind = TK_PERSON;
		return 0;
	}
	names = known_names(rt);
	hint = lp_suggest(name, names);
	if (hint != NULL)
		lp_playbook_error(rt->pb, err, st->line, col0 + (int)b,
		    "unknown %s '%s' (did you mean '%s'?)", want == TK_TEAM ?
		    "team" : want == TK_PERSON ? "member" : "team or member",
		    name, hint);
	else
		lp_playbook_error(rt->pb, err, st->line, col0 + (int)b,
		    "unknown %s '%s' (teams and members are listed in "
		    "[teams]; write 'queue %s' for a queue)", want == TK_TEAM ?
		    "team" : want == TK_PERSON ? "member" : "team or member",
		    name, name);
	free(names);
	return -1;
}

static void
target_fini(struct target *t)
{
	if (t->kind == TK_QUEUE)
		free((char *)t->name);
}

/* A condition after "when", compiled (bound later). */
static int
condition(struct lp_router *rt, const struct lp_pb_setting *st,
    const char *w, struct lp_expr **out, struct lp_err *err)
{
	struct lp_expr_src src;
	const char *c = w + 4;
	int col;

	while (*c == ' ' || *c == '\t')
		c++;
	col = st->vcol + (int)(c - st->value);
	if (*c == '\0')
		return lp_playbook_error(rt->pb, err, st->line, col,
		    "expected a condition after 'when'");
	lp_playbook_src(rt->pb, st->line, col, &src);
	src.dates = &rt->dates;
	if ((*out = lp_expr_parse(c, strlen(c), &src, err)) == NULL)
		return -1;
	return 0;
}

/* The head of a rule value: the text before " when", NUL-terminated in
 * a copy (freed by the caller). */
static char *
head_of(const char *v, const char **when)
{
	*when = find_when(v);
	return lp_xstrndup(v, *when != NULL ? (size_t)(*when - v) :
	    strlen(v));
}

static int
no_points(const struct lp_router *rt, const struct lp_pb_section *sec,
    struct lp_err *err)
{
	if (sec != NULL && sec->nrules > 0)
		return lp_playbook_error(rt->pb, err, sec->rules[0].line,
		    sec->rules[0].col, "[%s] takes no points: write "
		    "\"%s\" = ... instead", sec->name, sec->rules[0].label);
	return 0;
}

/* ---- [teams] ---- */

static const char *const team_keys[] = {
	"members", "timezone", "hours", "days", "holidays", "cap",
	"overflow", "lead", NULL
};

struct members_ctx {
	struct lp_router *rt;
	struct team	*t;
	const struct lp_pb_setting *st;
};

static int
member_item(void *arg, const struct lp_pb_item *it, struct lp_err *err)
{
	struct members_ctx *c = arg;
	struct team *t = c->t;
	long w = 1;

	if (it->value != NULL) {
		char *end;

		errno = 0;
		w = strtol(it->value, &end, 10);
		if (*it->value == '\0' || *end != '\0' || errno != 0 ||
		    w < 0 || w > 1000)
			return lp_playbook_error(c->rt->pb, err, it->line,
			    it->vcol, "bad weight '%s' (a whole number 0-1000)",
			    it->value);
	}
	for (int i = 0; i < t->nmem; i++)
		if (strcmp(c->rt->pp[t->mem[i]].name, it->key) == 0)
			return lp_playbook_error(c->rt->pb, err, it->line,
			    it->col, "member '%s' listed twice", it->key);
	t->mem = lp_xreallocarray(t->mem, (size_t)t->nmem + 1,
	    sizeof(*t->mem));
	t->weight = lp_xreallocarray(t->weight, (size_t)t->nmem + 1,
	    sizeof(*t->weight));
	t->mem[t->nmem] = person_add(c->rt, it->key, (int)(t - c->rt->tt));
	t->weight[t->nmem++] = (int)w;
	return 0;
}

/* Unfold the weights into the smooth weighted round-robin cycle. */
static void
build_cycle(struct team *t)
{
	int total = 0, *cur = lp_xcalloc((size_t)t->nmem, sizeof(int));

	for (int i = 0; i < t->nmem; i++)
		total += t->weight[i];
	t->slot = lp_xreallocarray(NULL, (size_t)total, sizeof(int));
	t->nslots = total;
	for (int s = 0; s < total; s++) {
		int best = -1;

		for (int i = 0; i < t->nmem; i++) {
			cur[i] += t->weight[i];
			if (t->weight[i] > 0 && (best < 0 || cur[i] > cur[best]))
				best = i;
		}
		cur[best] -= total;
		t->slot[s] = t->mem[best];
	}
	free(cur);
}

static int
holidays_file(struct lp_router *rt, struct lp_cal *cal,
    const struct lp_pb_setting *st, const char *name, struct lp_err *err)
{
	struct lp_expr_src src;
	char path[4096], line[512];
	FILE *f;
	long ln = 0;

	lp_playbook_src(rt->pb, st->line, st->vcol, &src);
	if (name[0] == '/' || src.basedir == NULL)
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s", src.basedir, name);
	if ((f = fopen(path, "r")) == NULL)
		return lp_playbook_error(rt->pb, err, st->line, st->vcol,
		    "cannot open holiday list %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		struct lp_datetime dt;
		size_t n = 0;
		char *p = line;

		ln++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0')
			continue;
		while (p[n] != '\0' && !isspace((unsigned char)p[n]))
			n++;
		if (lp_date_parse_iso(p, n, &dt) != 0 || dt.has_time) {
			fclose(f);
			return lp_err_set(err, EX_CONFIG, path, ln,
			    "not a date: '%.*s' (one YYYY-MM-DD a line, then "
			    "an optional name)", (int)n, p);
		}
		lp_cal_add_holiday(cal, dt.secs / 86400);
	}
	fclose(f);
	return 0;
}

static int
holidays(struct lp_router *rt, struct lp_cal *cal,
    const struct lp_pb_setting *st, struct lp_err *err)
{
	const char *v = st->value;

	if (strncmp(v, "file(", 5) == 0) {
		const char *close = strchr(v, ')');
		char *name;
		int rc;

		if (close == NULL || close[1] != '\0')
			return lp_playbook_error(rt->pb, err, st->line,
			    st->vcol, "expected file(NAME)");
		name = trimdup(v + 5, (size_t)(close - v - 5));
		rc = holidays_file(rt, cal, st, name, err);
		free(name);
		return rc;
	}
	while (*v != '\0') {
		struct lp_datetime dt;
		const char *e;
		struct lp_str s;

		for (e = v; *e != '\0' && *e != ','; e++)
			;
		s = lp_str_trim((struct lp_str){ v, (size_t)(e - v) });
		if (s.n > 0 && (lp_date_parse_iso(s.p, s.n, &dt) != 0 ||
		    dt.has_time))
			return lp_playbook_error(rt->pb, err, st->line,
			    st->vcol + (int)(s.p - st->value), "not a date: "
			    "'%.*s' (write YYYY-MM-DD, or file(NAME))",
			    (int)s.n, s.p);
		if (s.n > 0)
			lp_cal_add_holiday(cal, dt.secs / 86400);
		v = *e == ',' ? e + 1 : e;
	}
	return 0;
}

static int
cap(struct lp_router *rt, const struct lp_pb_setting *st, struct team *t,
    struct lp_err *err)
{
	const char *v = st->value;

	t->cap_run = t->cap_day = -1;
	while (*v != '\0') {
		char *end;
		long n;

		while (*v == ' ' || *v == '\t' || *v == ',')
			v++;
		if (*v == '\0')
			break;
		errno = 0;
		n = strtol(v, &end, 10);
		if (end == v || errno != 0 || n < 0 || *end != '/')
			goto bad;
		if (strncmp(end + 1, "day", 3) == 0) {
			t->cap_day = n;
			v = end + 4;
		} else if (strncmp(end + 1, "run", 3) == 0) {
			t->cap_run = n;
			v = end + 4;
		} else
			goto bad;
		if (*v != '\0' && *v != ',' && *v != ' ')
			goto bad;
	}
	return 0;
bad:
	return lp_playbook_error(rt->pb, err, st->line, st->vcol + (int)(v -
	    st->value), "bad cap '%s' (write N/day, N/run or both, per "
	    "member)", st->value);
}

static const struct lp_pb_setting *
team_attr(const struct lp_pb_section *sec, const char *team, const char *key)
{
	char k[300];
	const struct lp_pb_setting *st;

	snprintf(k, sizeof(k), "%s.%s", team, key);
	if ((st = lp_pb_get(sec, k)) != NULL)
		return st;
	return lp_pb_get(sec, key);
}

static int
parse_teams(struct lp_router *rt, struct lp_err *err)
{
	const struct lp_pb_section *sec = lp_playbook_section(rt->pb, "teams");

	if (sec == NULL)
		return lp_err_set(err, EX_CONFIG, lp_playbook_name(rt->pb), 0,
		    "the playbook has no [teams] section (lead-route needs "
		    "teams to route to; see lead-playbook(5))");
	if (no_points(rt, sec, err) != 0)
		return -1;
	/* Pass 1: the teams, from their members lines. */
	for (size_t i = 0; i < sec->nsettings; i++) {
		const struct lp_pb_setting *st = &sec->settings[i];
		const char *dot = strrchr(st->key, '.');

		if (st->quoted)
			return lp_playbook_error(rt->pb, err, st->line,
			    st->col, "[teams] keys are TEAM.KEY, without "
			    "quotes");
		if (dot == NULL || strcmp(dot + 1, "members") != 0)
			continue;
		rt->tt = lp_xreallocarray(rt->tt, (size_t)rt->nt + 1,
		    sizeof(*rt->tt));
		memset(&rt->tt[rt->nt], 0, sizeof(rt->tt[0]));
		rt->tt[rt->nt].name = lp_xstrndup(st->key,
		    (size_t)(dot - st->key));
		rt->tt[rt->nt].members = st;
		rt->tt[rt->nt].lead = -1;
		lp_map_put(rt->tmap, rt->tt[rt->nt].name,
		    strlen(rt->tt[rt->nt].name), rt->nt);
		rt->nt++;
	}
	if (rt->nt == 0)
		return lp_err_set(err, EX_CONFIG, lp_playbook_name(rt->pb),
		    sec->line, "[teams] defines no team (write NAME.members "
		    "= a, b:2, ...)");
	for (int i = 0; i < rt->nt; i++) {
		struct members_ctx c = { rt, &rt->tt[i], rt->tt[i].members };
		bool any = false;

		if (lp_pb_list(rt->pb, c.st, member_item, &c, err) != 0)
			return -1;
		for (int k = 0; k < rt->tt[i].nmem; k++)
			any |= rt->tt[i].weight[k] > 0;
		if (!any)
			return lp_playbook_error(rt->pb, err, c.st->line,
			    c.st->vcol, "team '%s': every weight is 0 (give "
			    "at least one member a weight above 0)",
			    rt->tt[i].name);
		if (rt->tt[i].nmem > 0) {
			int total = 0;

			for (int k = 0; k < rt->tt[i].nmem; k++)
				total += rt->tt[i].weight[k];
			if (total > MAXSLOTS)
				return lp_playbook_error(rt->pb, err,
				    c.st->line, c.st->vcol, "team '%s': "
				    "weights add up to over %d",
				    rt->tt[i].name, MAXSLOTS);
		}
		build_cycle(&rt->tt[i]);
	}
	/* Pass 2: every other key names a known team and attribute. */
	for (size_t i = 0; i < sec->nsettings; i++) {
		const struct lp_pb_setting *st = &sec->settings[i];
		const char *dot = strrchr(st->key, '.'), *attr, *hint;
		char tn[256];

		attr = dot != NULL ? dot + 1 : st->key;
		if (dot != NULL) {
			snprintf(tn, sizeof(tn), "%.*s", (int)(dot - st->key),
			    st->key);
			if (team_find(rt, tn) < 0)
				return lp_playbook_error(rt->pb, err, st->line,
				    st->col, "unknown team '%s' (a team is "
				    "defined by its %s.members line)", tn, tn);
		}
		for (int k = 0; team_keys[k] != NULL; k++)
			if (strcmp(team_keys[k], attr) == 0)
				goto known;
		hint = lp_suggest(attr, team_keys);
		if (hint != NULL)
			return lp_playbook_error(rt->pb, err, st->line,
			    st->col + (int)(attr - st->key), "unknown key "
			    "'%s' in [teams] (did you mean '%s'?)", attr, hint);
		return lp_playbook_error(rt->pb, err, st->line, st->col +
		    (int)(attr - st->key), "unknown key '%s' in [teams] "
		    "(known: members, timezone, hours, days, holidays, cap, "
		    "overflow, lead)", attr);
known:
		if (dot == NULL && (strcmp(attr, "members") == 0 ||
		    strcmp(attr, "lead") == 0))
			return lp_playbook_error(rt->pb, err, st->line,
			    st->col, "'%s' belongs to one team: write "
			    "TEAM.%s", attr, attr);
	}
	/* Pass 3: each team's calendar, caps, overflow and lead. */
	for (int i = 0; i < rt->nt; i++) {
		struct team *t = &rt->tt[i];
		const struct lp_pb_setting *st;
		const char *tz = "UTC";
		int hs = 9 * 60, he = 17 * 60;
		unsigned days = LP_CAL_MON_FRI;

		if ((st = team_attr(sec, t->name, "timezone")) != NULL) {
			tz = st->value;
			if (!lp_cal_zone_exists(tz))
				return lp_playbook_error(rt->pb, err, st->line,
				    st->vcol, "unknown time zone '%s' (an IANA "
				    "name such as Europe/Berlin or "
				    "America/New_York)", tz);
		}
		if ((st = team_attr(sec, t->name, "hours")) != NULL &&
		    lp_cal_parse_hours(st->value, &hs, &he) != 0)
			return lp_playbook_error(rt->pb, err, st->line,
			    st->vcol, "bad hours '%s' (write 09:00-17:00)",
			    st->value);
		if ((st = team_attr(sec, t->name, "days")) != NULL &&
		    (days = lp_cal_parse_days(st->value)) == 0)
			return lp_playbook_error(rt->pb, err, st->line,
			    st->vcol, "bad days '%s' (write mon-fri, or "
			    "mon, tue, thu)", st->value);
		if ((t->cal = lp_cal_new(tz, hs, he, days, rt->now, err)) ==
		    NULL)
			return -1;
		if ((st = team_attr(sec, t->name, "holidays")) != NULL &&
		    holidays(rt, t->cal, st, err) != 0)
			return -1;
		t->cap_run = t->cap_day = -1;
		if ((st = team_attr(sec, t->name, "cap")) != NULL &&
		    cap(rt, st, t, err) != 0)
			return -1;
	}
	for (int i = 0; i < rt->nt; i++) {
		struct team *t = &rt->tt[i];
		const struct lp_pb_setting *st;
		size_t k = 0;

		if ((st = team_attr(sec, t->name, "overflow")) != NULL) {
			if (target(rt, st, st->value, &k, st->vcol, false,
			    &t->overflow, err) != 0)
				return -1;
			if (t->overflow.kind == TK_TEAM && t->overflow.idx == i)
				return lp_playbook_error(rt->pb, err, st->line,
				    st->vcol, "team '%s' overflows to itself",
				    t->name);
		}
		if ((st = team_attr(sec, t->name, "lead")) != NULL) {
			int p = person_find(rt, st->value);

			if (p < 0)
				return lp_playbook_error(rt->pb, err, st->line,
				    st->vcol, "unknown member '%s' (the lead "
				    "must be listed in some team's members)",
				    st->value);
			t->lead = p;
		}
	}
	return 0;
}

/* ---- [route], [sla], [recycle] ---- */

static int
stage_list(struct lp_router *rt, const struct lp_pb_setting *st,
    const char *s, int col0, uint64_t *mask, struct lp_err *err)
{
	const char *p = s;

	*mask = 0;
	while (*p != '\0') {
		const char *e;
		struct lp_str w;
		int idx;

		for (e = p; *e != '\0' && *e != ','; e++)
			;
		w = lp_str_trim((struct lp_str){ p, (size_t)(e - p) });
		if (w.n > 0) {
			idx = lp_playbook_stage_find(rt->pb, w.p, w.n);
			if (idx < 0 || idx >= 64)
				return lp_playbook_error(rt->pb, err, st->line,
				    col0 + (int)(w.p - s), "unknown stage "
				    "'%.*s' (the stages are in [stages])",
				    (int)w.n, w.p);
			*mask |= (uint64_t)1 << idx;
		}
		p = *e == ',' ? e + 1 : e;
	}
	if (*mask == 0)
		return lp_playbook_error(rt->pb, err, st->line, col0,
		    "expected a list of stages");
	return 0;
}

static int
parse_route(struct lp_router *rt, struct lp_err *err)
{
	const struct lp_pb_section *sec = lp_playbook_section(rt->pb, "route");
	static const char *const keys[] = { "default", "stages", NULL };

	if (sec == NULL)
		return lp_err_set(err, EX_CONFIG, lp_playbook_name(rt->pb), 0,
		    "the playbook has no [route] section (see "
		    "lead-playbook(5))");
	if (no_points(rt, sec, err) != 0)
		return -1;
	rt->rr = lp_xreallocarray(NULL, sec->nsettings + 1, sizeof(*rt->rr));
	for (size_t i = 0; i < sec->nsettings; i++) {
		const struct lp_pb_setting *st = &sec->settings[i];
		const char *when;
		char *head;
		size_t k = 0, b, e;
		struct rrule *r;

		if (!st->quoted) {
			const char *hint;

			if (strcmp(st->key, "stages") == 0) {
				if (stage_list(rt, st, st->value, st->vcol,
				    &rt->route_stages, err) != 0)
					return -1;
				continue;
			}
			if (strcmp(st->key, "default") == 0) {
				if (target(rt, st, st->value, &k, st->vcol,
				    false, &rt->deflt, err) != 0)
					return -1;
				if (word(st->value, &k, &b, &e))
					return lp_playbook_error(rt->pb, err,
					    st->line, st->vcol + (int)b,
					    "unexpected '%.*s' after the "
					    "default target", (int)(e - b),
					    st->value + b);
				continue;
			}
			hint = lp_suggest(st->key, keys);
			return lp_playbook_error(rt->pb, err, st->line, st->col,
			    "unknown key '%s' in [route]%s%s%s", st->key,
			    hint ? " (did you mean '" : " (rules are "
			    "\"LABEL\" = TARGET when CONDITION)", hint ? hint :
			    "", hint ? "'?)" : "");
		}
		r = &rt->rr[rt->nrr];
		memset(r, 0, sizeof(*r));
		r->label = st->key;
		head = head_of(st->value, &when);
		if (target(rt, st, head, &k, st->vcol, false, &r->to,
		    err) != 0) {
			free(head);
			return -1;
		}
		rt->nrr++;
		if (word(head, &k, &b, &e)) {
			lp_playbook_error(rt->pb, err, st->line, st->vcol +
			    (int)b, "unexpected '%.*s' (write \"LABEL\" = "
			    "TARGET when CONDITION)", (int)(e - b), head + b);
			free(head);
			return -1;
		}
		free(head);
		if (when != NULL && condition(rt, st, when, &r->when, err) != 0)
			return -1;
	}
	return 0;
}

static int
parse_sla(struct lp_router *rt, int *from, int *touched, struct lp_err *err)
{
	const struct lp_pb_section *sec = lp_playbook_section(rt->pb, "sla");
	static const char *const keys[] = {
		"default", "from", "touched", "escalate", NULL
	};

	*from = *touched = -1;
	if (sec == NULL)
		return 0;
	if (no_points(rt, sec, err) != 0)
		return -1;
	rt->sr = lp_xreallocarray(NULL, sec->nsettings + 1, sizeof(*rt->sr));
	for (size_t i = 0; i < sec->nsettings; i++) {
		const struct lp_pb_setting *st = &sec->settings[i];
		const char *when = NULL;
		char *head;
		struct srule *r;
		size_t k = 0;

		if (!st->quoted) {
			const char *hint;

			if (strcmp(st->key, "from") == 0) {
				*from = (int)i;
				continue;
			}
			if (strcmp(st->key, "touched") == 0) {
				*touched = (int)i;
				continue;
			}
			if (strcmp(st->key, "escalate") == 0) {
				if (target(rt, st, st->value, &k, st->vcol,
				    true, &rt->escalate, err) != 0)
					return -1;
				continue;
			}
			if (strcmp(st->key, "default") != 0) {
				hint = lp_suggest(st->key, keys);
				return lp_playbook_error(rt->pb, err, st->line,
				    st->col, "unknown key '%s' in [sla]%s%s%s",
				    st->key, hint ? " (did you mean '" :
				    " (rules are \"LABEL\" = DURATION when "
				    "CONDITION)", hint ? hint : "", hint ?
				    "'?)" : "");
			}
		}
		r = &rt->sr[rt->nsr];
		memset(r, 0, sizeof(*r));
		r->label = st->key;
		head = st->quoted ? head_of(st->value, &when) :
		    lp_xstrdup(st->value);
		{
			struct lp_str h = lp_str_trim((struct lp_str){ head,
			    strlen(head) });

			if (duration(h.p, h.n, true, &r->days, &r->secs) != 0 ||
			    (r->days == 0 && r->secs == 0)) {
				lp_playbook_error(rt->pb, err, st->line,
				    st->vcol, "bad duration '%.*s' (business "
				    "time such as 4h, 1d, 2d4h; d is a working "
				    "day)", (int)h.n, h.p);
				free(head);
				return -1;
			}
		}
		free(head);
		rt->nsr++;
		if (when != NULL && condition(rt, st, when, &r->when, err) != 0)
			return -1;
	}
	/* The default, wherever it was written, is tried last. */
	for (int i = 0; i < rt->nsr; i++)
		if (rt->sr[i].when == NULL && strcmp(rt->sr[i].label,
		    "default") == 0 && i != rt->nsr - 1) {
			struct srule d = rt->sr[i];

			memmove(&rt->sr[i], &rt->sr[i + 1],
			    (size_t)(rt->nsr - i - 1) * sizeof(d));
			rt->sr[rt->nsr - 1] = d;
			break;
		}
	return 0;
}

static int
parse_recycle(struct lp_router *rt, struct lp_err *err)
{
	const struct lp_pb_section *sec = lp_playbook_section(rt->pb,
	    "recycle");

	rt->recycle_to.kind = TK_QUEUE;
	rt->recycle_to.name = lp_xstrdup("nurture");
	if (sec == NULL)
		return 0;
	if (no_points(rt, sec, err) != 0)
		return -1;
	rt->cr = lp_xreallocarray(NULL, sec->nsettings + 1, sizeof(*rt->cr));
	for (size_t i = 0; i < sec->nsettings; i++) {
		const struct lp_pb_setting *st = &sec->settings[i];
		const char *when;
		char *head;
		struct crule *r;
		size_t k = 0, b, e;
		int64_t days;

		if (!st->quoted) {
			if (strcmp(st->key, "to") != 0)
				return lp_playbook_error(rt->pb, err, st->line,
				    st->col, "unknown key '%s' in [recycle] "
				    "(known: to; rules are \"LABEL\" = "
				    "DURATION when CONDITION)", st->key);
			target_fini(&rt->recycle_to);
			if (target(rt, st, st->value, &k, st->vcol, false,
			    &rt->recycle_to, err) != 0) {
				rt->recycle_to.kind = TK_NONE;
				return -1;
			}
			continue;
		}
		r = &rt->cr[rt->ncr];
		memset(r, 0, sizeof(*r));
		r->label = st->key;
		r->to.kind = TK_NONE;
		head = head_of(st->value, &when);
		rt->ncr++;
		if (!word(head, &k, &b, &e) || duration(head + b, e - b,
		    false, &days, &r->secs) != 0 || r->secs <= 0) {
			lp_playbook_error(rt->pb, err, st->line, st->vcol,
			    "expected a duration such as 90d first (when to "
			    "re-engage)");
			free(head);
			return -1;
		}
		while (word(head, &k, &b, &e)) {
			if (word_is(head, b, e, "to") && r->to.kind ==
			    TK_NONE) {
				if (target(rt, st, head, &k, st->vcol,
				    false, &r->to, err) != 0) {
					free(head);
					return -1;
				}
			} else if (word_is(head, b, e, "at") &&
			    word(head, &k, &b, &e) &&
			    word_is(head, b, e, "stage")) {
				if (stage_list(rt, st, head + k, st->vcol +
				    (int)k, &r->stages, err) != 0) {
					free(head);
					return -1;
				}
				break;
			} else {
				lp_playbook_error(rt->pb, err, st->line,
				    st->vcol + (int)b, "unexpected '%.*s' "
				    "(write \"LABEL\" = DURATION [to TARGET] "
				    "[at stage S, ...] when CONDITION)",
				    (int)(e - b), head + b);
				free(head);
				return -1;
			}
		}
		free(head);
		if (when != NULL && condition(rt, st, when, &r->when, err) != 0)
			return -1;
		if (when == NULL && r->stages == 0)
			return lp_playbook_error(rt->pb, err, st->line,
			    st->vcol, "recycle rule \"%s\" has neither 'at "
			    "stage' nor 'when': it would recycle every lead",
			    r->label);
	}
	return 0;
}

/* ---- state, away, accounts ---- */

static int
state_read(struct lp_router *rt, struct lp_err *err)
{
	size_t n;
	const char *p = lp_statefile_data(rt->sf, &n), *end = p + n;
	const char *path = lp_statefile_path(rt->sf);
	long ln = 0;

	if (n == 0)
		return 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char line[1024], *f[4], *save = NULL;
		int nf = 0;

		ln++;
		if (nl == NULL && ln == 1)
			nl = end;	/* checked against the magic below */
		else if (nl == NULL)
			return lp_err_set(err, EX_DATAERR, path, ln,
			    "corrupt state file: the last line is cut short "
			    "(remove the file to start the rotation afresh)");
		if ((size_t)(nl - p) >= sizeof(line))
			return lp_err_set(err, EX_DATAERR, path, ln,
			    "corrupt state file: line too long");
		memcpy(line, p, (size_t)(nl - p));
		line[nl - p] = '\0';
		p = nl + 1;
		if (ln == 1) {
			if (strcmp(line, STATE_MAGIC) != 0 || p > end)
				return lp_err_set(err, EX_DATAERR, path, 1,
				    "not a lead-route state file (it should "
				    "start with '%s')", STATE_MAGIC);
			continue;
		}
		if (line[0] == '#' || line[0] == '\0')
			continue;
		for (char *t = strtok_r(line, "\t", &save); t != NULL &&
		    nf < 4; t = strtok_r(NULL, "\t", &save))
			f[nf++] = t;
		if (nf == 3 && strcmp(f[0], "team") == 0) {
			char *e;
			long long v;
			int t;

			errno = 0;
			v = strtoll(f[2], &e, 10);
			if (*e != '\0' || errno != 0 || v < 0)
				goto bad;
			if ((t = team_find(rt, f[1])) >= 0)
				rt->tt[t].pos = v;
		} else if (nf == 4 && strcmp(f[0], "count") == 0) {
			char *e;
			long v;
			int pi;

			errno = 0;
			v = strtol(f[3], &e, 10);
			if (*e != '\0' || errno != 0 || v < 0 ||
			    strlen(f[1]) != 10)
				goto bad;
			if (strcmp(f[1], rt->today) == 0 &&
			    (pi = person_find(rt, f[2])) >= 0)
				rt->pp[pi].day = v;
		} else if (nf == 2 && strcmp(f[0], "away") == 0) {
			int pi = person_find(rt, f[1]);

			if (pi >= 0)
				rt->pp[pi].away = true;
			rt->state_away = lp_xreallocarray(rt->state_away,
			    (size_t)rt->nstate_away + 1,
			    sizeof(*rt->state_away));
			rt->state_away[rt->nstate_away++] = lp_xstrdup(f[1]);
		} else
			goto bad;
		continue;
bad:
		return lp_err_set(err, EX_DATAERR, path, ln, "corrupt state "
		    "file: expected 'team NAME POS', 'count DATE NAME N' or "
		    "'away NAME', tab-separated");
	}
	return 0;
}

static int
away_read(struct lp_router *rt, const char *path, struct lp_err *err)
{
	FILE *f = fopen(path, "r");
	char line[512];
	long ln = 0;

	if (f == NULL)
		return lp_err_set(err, EX_NOINPUT, path, 0, "cannot open: %s",
		    strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		char *h = strchr(line, '#'), *name;
		int pi;

		ln++;
		if (h != NULL)
			*h = '\0';
		name = trimdup(line, strlen(line));
		if (*name != '\0') {
			if ((pi = person_find(rt, name)) < 0) {
				lp_err_set(err, EX_DATAERR, path, ln,
				    "unknown member '%s' (members are listed "
				    "in the playbook's [teams])", name);
				free(name);
				fclose(f);
				return -1;
			}
			rt->pp[pi].away = true;
		}
		free(name);
	}
	fclose(f);
	return 0;
}

/* The registrable part of an email's or website's host, lower case,
 * into out: "Ann@Mail.Acme.com" -> "mail.acme.com"; "" when none. */
static size_t
host_of(struct lp_str s, bool email, char *out, size_t cap)
{
	size_t i = 0, n = 0;

	s = lp_str_trim(s);
	if (email) {
		const char *at = memchr(s.p, '@', s.n);

		if (at == NULL)
			return 0;
		i = (size_t)(at - s.p) + 1;
	} else {
		for (size_t k = 0; k + 2 < s.n; k++)
			if (s.p[k] == ':' && s.p[k + 1] == '/' &&
			    s.p[k + 2] == '/') {
				i = k + 3;
				break;
			}
	}
	for (; i < s.n && s.p[i] != '/' && s.p[i] != ':' && s.p[i] != '?' &&
	    s.p[i] != '#' && n + 1 < cap; i++)
		out[n++] = (char)tolower((unsigned char)s.p[i]);
	while (n > 0 && out[n - 1] == '.')
		n--;
	out[n] = '\0';
	if (!email && strncmp(out, "www.", 4) == 0) {
		memmove(out, out + 4, n - 3);
		n -= 4;
	}
	return n;
}

static void
freemail_load(struct lp_router *rt)
{
	const char *p = lp_data_freemail_txt;
	const char *end = p + lp_data_freemail_txt_len;

	rt->freemail = lp_map_new();
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct lp_str s;

		if (nl == NULL)
			nl = end;
		s = lp_str_trim((struct lp_str){ p, (size_t)(nl - p) });
		if (s.n > 0 && s.p[0] != '#')
			lp_map_put(rt->freemail, s.p, s.n, 1);
		p = nl + 1;
	}
}

static int
accounts_read(struct lp_router *rt, const char *path, struct lp_err *err)
{
	struct lp_io_opts io = *rt->o.io;
	char *files[2] = { (char *)path, NULL };
	struct lp_stream *st;
	struct lp_record *rec;
	const struct lp_header *h;
	int cd, cw, ce, ca, co, rc;

	io.output = NULL;
	io.rejects = NULL;
	io.no_output = true;
	io.progress = 0;
	io.column_key = NULL;
	if ((st = lp_stream_open(&io, files, err)) == NULL)
		return -1;
	h = lp_stream_header(st);
	cd = lp_header_match(h, "domain");
	cw = lp_header_find(h, "website");
	ce = lp_header_find(h, "email");
	ca = lp_header_match(h, "account");
	if (ca < 0)
		ca = lp_header_find(h, "company");
	co = lp_header_find(h, "owner");
	if ((cd < 0 && cw < 0 && ce < 0) || co < 0) {
		lp_err_set(err, EX_DATAERR, path, 1, "an accounts file needs "
		    "a domain (or website) column and an owner column");
		lp_stream_close(st, NULL);
		return -1;
	}
	rt->acct = lp_map_new();
	while ((rc = lp_stream_next(st, &rec, err)) > 0) {
		char host[256];
		size_t n = 0;
		struct lp_str own = lp_str_trim(lp_record_get(rec, co));

		if (cd >= 0)
			n = host_of(lp_record_get(rec, cd), false, host,
			    sizeof(host));
		if (n == 0 && cw >= 0)
			n = host_of(lp_record_get(rec, cw), false, host,
			    sizeof(host));
		if (n == 0 && ce >= 0)
			n = host_of(lp_record_get(rec, ce), true, host,
			    sizeof(host));
		if (n == 0 || own.n == 0)
			continue;
		if (lp_map_get(rt->freemail, host, n) >= 0) {
			lp_warn("%s:%ld: free-mail domain '%s' ignored (it "
			    "would route everyone who uses it)", path,
			    lp_record_pos(rec)->line, host);
			continue;
		}
		if (lp_map_get(rt->acct, host, n) >= 0)
			continue;	/* the first line for a domain wins */
		if (rt->nacct == rt->acap) {
			rt->acap = rt->acap ? rt->acap * 2 : 64;
			rt->acct_name = lp_xreallocarray(rt->acct_name,
			    (size_t)rt->acap, sizeof(char *));
			rt->acct_owner = lp_xreallocarray(rt->acct_owner,
			    (size_t)rt->acap, sizeof(char *));
		}
		if (ca >= 0) {
			struct lp_str a = lp_record_get(rec, ca);

			rt->acct_name[rt->nacct] = trimdup(a.p, a.n);
		} else
			rt->acct_name[rt->nacct] = lp_xstrdup(host);
		rt->acct_owner[rt->nacct] = lp_xstrndup(own.p, own.n);
		lp_map_put(rt->acct, host, n, rt->nacct++);
	}
	lp_stream_close(st, rc < 0 ? NULL : err);
	return rc < 0 ? -1 : 0;
}

/* The account of a lead: by email domain, then website, each host tried
 * without its leading labels too (mail.acme.com, acme.com). */
static int
account_of(const struct lp_router *rt, const struct lp_record *rec)
{
	for (int pass = 0; pass < 2; pass++) {
		int col = pass == 0 ? rt->c_email : rt->c_website;
		char host[256];
		size_t n;
		const char *h;

		if (col < 0)
			continue;
		n = host_of(lp_record_get(rec, col), pass == 0, host,
		    sizeof(host));
		if (n == 0 || lp_map_get(rt->freemail, host, n) >= 0)
			continue;
		for (h = host; h != NULL; ) {
			int a = lp_map_get(rt->acct, h, strlen(h));
			const char *dot = strchr(h, '.');

			if (a >= 0)
				return a;
			/* Stop at the last two labels (acme.com). */
			if (dot == NULL || strchr(dot + 1, '.') == NULL)
				break;
			h = dot + 1;
		}
	}
	return -1;
}

/* ---- building ---- */

static int bind_exprs(struct lp_router *, const struct lp_header *,
    struct lp_err *);

/*
 * Bind every condition.  lead-route runs after lead-score, so the
 * columns lead-score writes (grade, score, stage, mql_at ...) may be
 * named in conditions although this input lacks them: they are bound
 * to columns past the record's end, which read as empty.
 */
static int
bind_all(struct lp_router *rt, const struct lp_header *shdr,
    struct lp_err *err)
{
	struct lp_header *hdr = lp_header_new();
	int rc = -1;

	for (int i = 0; i < lp_header_count(shdr); i++)
		lp_header_add(hdr, lp_header_name(shdr, i));
	for (int i = 0; lp_score_columns[i] != NULL; i++)
		if (lp_header_match(hdr, lp_score_columns[i]) < 0)
			lp_header_add(hdr, lp_score_columns[i]);
	if (lp_header_match(hdr, "mql_at") < 0)
		lp_header_add(hdr, "mql_at");
	rc = bind_exprs(rt, hdr, err);
	lp_header_free(hdr);
	return rc;
}

static int
bind_exprs(struct lp_router *rt, const struct lp_header *hdr,
    struct lp_err *err)
{
	for (int i = 0; i < rt->nrr; i++)
		if (rt->rr[i].when != NULL && lp_expr_bind(rt->rr[i].when, hdr,
		    rt->now, err) != 0)
			return -1;
	for (int i = 0; i < rt->nsr; i++)
		if (rt->sr[i].when != NULL && lp_expr_bind(rt->sr[i].when, hdr,
		    rt->now, err) != 0)
			return -1;
	for (int i = 0; i < rt->ncr; i++)
		if (rt->cr[i].when != NULL && lp_expr_bind(rt->cr[i].when, hdr,
		    rt->now, err) != 0)
			return -1;
	return 0;
}

/* A router with no sections read yet; lp_router_free frees it. */
static struct lp_router *
router_alloc(const struct lp_playbook *pb, int64_t now,
    const struct lp_route_opts *o)
{
	struct lp_router *rt = lp_xcalloc(1, sizeof(*rt));
	struct lp_datetime dt = { now, false };

	rt->pb = pb;
	rt->now = now;
	rt->o = *o;
	rt->pmap = lp_map_new();
	rt->tmap = lp_map_new();
	rt->plan = lp_map_new();
	lp_buf_init(&rt->tmp);
	lp_date_format(&dt, rt->today, sizeof(rt->today));
	rt->today[10] = '\0';
	freemail_load(rt);
	lp_dates_init(&rt->dates, LP_DATE_UNSET);
	return rt;
}

/* [teams] [route] [sla] [recycle] read and checked. */
static int
router_conf(struct lp_router *rt, int *from, int *touched,
    struct lp_err *err)
{
	if (lp_playbook_dates(rt->pb, rt->o.dates, &rt->dates.order,
	    err) != 0 || parse_teams(rt, err) != 0 ||
	    parse_route(rt, err) != 0 ||
	    parse_sla(rt, from, touched, err) != 0 ||
	    parse_recycle(rt, err) != 0)
		return -1;
	return 0;
}

struct lp_router *
lp_router_new(const struct lp_playbook *pb, struct lp_stream *st,
    int64_t now, const struct lp_route_opts *o, struct lp_err *err)
{
	struct lp_router *rt = router_alloc(pb, now, o);
	const struct lp_header *hdr;
	const struct lp_pb_section *sla;
	int from, touched;

	if (router_conf(rt, &from, &touched, err) != 0)
		goto fail;
	/* The queues of [route] and of overflows hold leads until someone
	 * can take them: a lead they own is routed again on every run. */
	rt->queues = lp_map_new();
	for (int i = 0; i <= rt->nrr + rt->nt; i++) {
		const struct target *tg = i < rt->nrr ? &rt->rr[i].to :
		    i < rt->nrr + rt->nt ? &rt->tt[i - rt->nrr].overflow :
		    &rt->deflt;

		if (tg->kind == TK_QUEUE)
			lp_map_put(rt->queues, tg->name, strlen(tg->name), 1);
	}
	if (o->away != NULL && away_read(rt, o->away, err) != 0)
		goto fail;
	if (o->accounts != NULL && accounts_read(rt, o->accounts, err) != 0)
		goto fail;

	/* Columns: what we read (alias-aware) before what we write. */
	hdr = lp_stream_header(st);
	rt->c_owner_in = lp_header_find(hdr, "owner");
	rt->c_key = lp_header_find(hdr, "lead_id");
	rt->c_email = lp_header_find(hdr, "email");
	rt->c_website = lp_header_find(hdr, "website");
	rt->c_score = lp_header_match(hdr, "score");
	sla = lp_playbook_section(pb, "sla");
	rt->c_from = lp_header_find(hdr, from >= 0 ? sla->settings[from].value :
	    "mql_at");
	rt->from_serial = rt->c_from >= 0 && lp_norm_kind(lp_alias_canonical(
	    lp_header_name(hdr, rt->c_from), strlen(lp_header_name(hdr,
	    rt->c_from)))) == LP_NORM_DATE;
	rt->c_touched = lp_header_find(hdr, touched >= 0 ?
	    sla->settings[touched].value : "first_touch_at");
	rt->c_owner = lp_stream_add_column(st, "owner");
	rt->c_team = lp_stream_add_column(st, "team");
	rt->c_rule = lp_stream_add_column(st, "route_rule");
	rt->c_due = lp_stream_add_column(st, "sla_due_at");
	rt->c_recycled = lp_stream_add_column(st, "recycled");
	rt->c_rrule = lp_stream_add_column(st, "recycle_rule");
	rt->c_rat = lp_stream_add_column(st, "recycle_at");
	rt->c_breach = rt->c_escfrom = -1;
	if (rt->escalate.kind != TK_NONE ||
	    lp_header_match(hdr, "sla_breached_at") >= 0) {
		rt->c_breach = lp_stream_add_column(st, "sla_breached_at");
		rt->c_escfrom = lp_stream_add_column(st, "escalated_from");
	}
	if (bind_all(rt, lp_stream_header(st), err) != 0 ||
	    (rt->stager = lp_stager_new(pb, lp_stream_header(st), now,
	    &rt->dates, err)) == NULL)
		goto fail;

	/* The state last: it is locked from here to lp_router_free. */
	if (o->state != NULL) {
		bool waited;

		if ((rt->sf = lp_statefile_open(o->state, !o->no_wait,
		    o->dry_run, &waited, err)) == NULL)
			goto fail;
		if (waited)
			lp_info("%s: waited for another run to release the "
			    "state file", o->state);
		if (state_read(rt, err) != 0)
			goto fail;
	}
	return rt;
fail:
	lp_router_free(rt);
	return NULL;
}

void
lp_router_free(struct lp_router *rt)
{
	if (rt == NULL)
		return;
	lp_statefile_close(rt->sf);
	lp_stager_free(rt->stager);
	for (int i = 0; i < rt->np; i++)
		free(rt->pp[i].name);
	free(rt->pp);
	for (int i = 0; i < rt->nt; i++) {
		free((char *)rt->tt[i].name);
		free(rt->tt[i].mem);
		free(rt->tt[i].weight);
		free(rt->tt[i].slot);
		lp_cal_free(rt->tt[i].cal);
		target_fini(&rt->tt[i].overflow);
	}
	free(rt->tt);
	for (int i = 0; i < rt->nrr; i++) {
		lp_expr_free(rt->rr[i].when);
		target_fini(&rt->rr[i].to);
	}
	free(rt->rr);
	target_fini(&rt->deflt);
	for (int i = 0; i < rt->nsr; i++)
		lp_expr_free(rt->sr[i].when);
	free(rt->sr);
	target_fini(&rt->escalate);
	for (int i = 0; i < rt->ncr; i++) {
		lp_expr_free(rt->cr[i].when);
		target_fini(&rt->cr[i].to);
	}
	free(rt->cr);
	target_fini(&rt->recycle_to);
	for (int i = 0; i < rt->nstate_away; i++)
		free(rt->state_away[i]);
	free(rt->state_away);
	for (int i = 0; i < rt->nacct; i++) {
		free(rt->acct_name[i]);
		free(rt->acct_owner[i]);
	}
	free(rt->acct_name);
	free(rt->acct_owner);
	lp_map_free(rt->acct);
	lp_map_free(rt->freemail);
	for (int i = 0; i < rt->nrows; i++) {
		free(rt->rows[i].owner);
		free(rt->rows[i].team);
		free(rt->rows[i].rule);
	}
	free(rt->rows);
	lp_map_free(rt->plan);
	lp_map_free(rt->queues);
	lp_map_free(rt->pmap);
	lp_map_free(rt->tmap);
	lp_buf_fini(&rt->tmp);
	free(rt);
}

/* ---- routing one record ---- */

static void
set(struct lp_record *rec, int col, const char *s)
{
	if (col >= 0)
		lp_record_set(rec, col, s, strlen(s));
}

static struct lp_str
get(const struct lp_record *rec, int col)
{
	if (col < 0)
		return (struct lp_str){ "", 0 };
	return lp_str_trim(lp_record_get(rec, col));
}

/* The record's stage, as every program decides it (lp_stager): its
 * status and stage columns through [stages], [stages] conditions and
 * mql_at; -1 for a status [stages] does not know. */
static int
record_stage(struct lp_router *rt, const struct lp_record *rec)
{
	struct lp_stage_at at;

	return lp_stager_stage(rt->stager, rec, &at);
}

static uint64_t
hash_key(const struct lp_router *rt, const struct lp_record *rec)
{
	struct lp_str k = get(rec, rt->c_key);
	uint64_t h = 1469598103934665603ULL;

	if (k.n == 0)
		k = get(rec, rt->c_email);
	if (k.n == 0) {
		/* No key: the whole record, so equal records go alike. */
		for (int i = 0; i < lp_record_count(rec); i++) {
			struct lp_str f = lp_record_get(rec, i);

			for (size_t j = 0; j < f.n; j++)
				h = (h ^ (unsigned char)f.p[j]) *
				    1099511628211ULL;
			h = (h ^ 0x1f) * 1099511628211ULL;
		}
		return h;
	}
	for (size_t j = 0; j < k.n; j++)
		h = (h ^ (unsigned char)tolower((unsigned char)k.p[j])) *
		    1099511628211ULL;
	/* FNV's low bits are weak for short keys: finish with a mix. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static bool
capped(const struct team *t, const struct person *p)
{
	return (t->cap_run >= 0 && p->run >= t->cap_run) ||
	    (t->cap_day >= 0 && p->day >= t->cap_day);
}

static void
count(struct lp_router *rt, int person, const struct lp_record *rec)
{
	struct person *p = &rt->pp[person];
	struct lp_str s;

	p->run++;
	p->day++;
	p->leads++;
	if (rt->c_score >= 0 && (s = get(rec, rt->c_score)).n > 0 &&
	    s.n < 64) {
		char b[64], *e;
		double v;

		memcpy(b, s.p, s.n);
		b[s.n] = '\0';
		v = strtod(b, &e);
		if (*e == '\0')
			p->score += v;
	}
}

/*
 * A member of team t for rec (not exclude), by rotation or hash; the
 * position moves past the slot used.  -1 when everyone is away, capped
 * or excluded.
 */
static int
pick(struct lp_router *rt, struct team *t, const struct lp_record *rec,
    int exclude)
{
	long long start = rt->o.hash ? (long long)(hash_key(rt, rec) %
	    (uint64_t)t->nslots) : t->pos % t->nslots;

	for (int k = 0; k < t->nslots; k++) {
		int s = (int)((start + k) % t->nslots);
		int p = t->slot[s];

		if (p == exclude || rt->pp[p].away || capped(t, &rt->pp[p]))
			continue;
		if (!rt->o.hash)
			t->pos += k + 1;
		return p;
	}
	return -1;
}

/* Resolve target tg for rec into an owner (person index or queue name)
 * and a team; false when nobody can take it. */
struct who {
	int		 person;	/* -1: a queue or nobody */
	const char	*queue;
	int		 team;		/* -1: none */
};

static bool
resolve(struct lp_router *rt, const struct target *tg,
    const struct lp_record *rec, int exclude, struct who *w)
{
	const struct target *cur = tg;

	w->person = w->team = -1;
	w->queue = NULL;
	for (int depth = 0; depth < MAXDEPTH && cur != NULL; depth++) {
		switch (cur->kind) {
		case TK_QUEUE:
			w->queue = cur->name;
			return true;
		case TK_PERSON:
			w->person = cur->idx;
			w->team = rt->pp[cur->idx].home;
			return true;
		case TK_TEAM: {
			struct team *t = &rt->tt[cur->idx];
			int p = pick(rt, t, rec, exclude);

			w->team = cur->idx;
			if (p >= 0) {
				w->person = p;
				return true;
			}
			if (t->overflow.kind == TK_NONE) {
				t->unassigned++;
				return false;
			}
			cur = &t->overflow;
			break;
		}
		default:
			return false;
		}
	}
	return false;
}

static void
plan_add(struct lp_router *rt, const char *owner, size_t on,
    const char *team, const char *rule)
{
	int i;

	rt->tmp.n = 0;
	lp_buf_add(&rt->tmp, owner, on);
	lp_buf_addc(&rt->tmp, '\x1f');
	lp_buf_adds(&rt->tmp, team);
	lp_buf_addc(&rt->tmp, '\x1f');
	lp_buf_adds(&rt->tmp, rule);
	if ((i = lp_map_get(rt->plan, rt->tmp.p, rt->tmp.n)) < 0) {
		if (rt->nrows == rt->rowcap) {
			rt->rowcap = rt->rowcap ? rt->rowcap * 2 : 32;
			rt->rows = lp_xreallocarray(rt->rows,
			    (size_t)rt->rowcap, sizeof(*rt->rows));
		}
		i = rt->nrows++;
		rt->rows[i].owner = lp_xstrndup(owner, on);
		rt->rows[i].team = lp_xstrdup(team);
		rt->rows[i].rule = lp_xstrdup(rule);
		rt->rows[i].n = 0;
		lp_map_put(rt->plan, rt->tmp.p, rt->tmp.n, i);
	}
	rt->rows[i].n++;
}

static void
set_time(struct lp_record *rec, int col, int64_t t)
{
	struct lp_datetime dt = { t, true };
	char b[40];

	if (col < 0)
		return;
	if (t < 0) {
		lp_record_set(rec, col, "", 0);
		return;
	}
	lp_date_format(&dt, b, sizeof(b));
	lp_record_set(rec, col, b, strlen(b));
}

/* The SLA due time of rec for team, counted from start; -1 when no SLA
 * rule applies. */
static int64_t
due_time(struct lp_router *rt, int team, struct lp_record *rec,
    int64_t start)
{
	struct lp_cal *cal;

	if (team < 0 || rt->nsr == 0)
		return -1;
	cal = rt->tt[team].cal;
	for (int i = 0; i < rt->nsr; i++) {
		struct srule *r = &rt->sr[i];

		if (r->when != NULL && !lp_expr_test(r->when, rec))
			continue;
		return lp_cal_add(cal, start, r->days * lp_cal_day_secs(cal) +
		    r->secs);
	}
	return -1;
}

static int64_t
clock_start(struct lp_router *rt, const struct lp_record *rec)
{
	struct lp_str s = get(rec, rt->c_from);
	struct lp_datetime dt;

	/* The one date reader; an ambiguous date starts no clock. */
	if (s.n > 0 && lp_dates_read(&rt->dates, s.p, s.n, rt->from_serial,
	    &dt) == 0)
		return dt.secs;
	return rt->now;
}

static void
write_who(struct lp_router *rt, struct lp_record *rec, const struct who *w)
{
	const char *owner = w->person >= 0 ? rt->pp[w->person].name :
	    w->queue != NULL ? w->queue : "";

	set(rec, rt->c_owner, owner);
	set(rec, rt->c_team, w->team >= 0 ? rt->tt[w->team].name : "");
}

/* A record that already has an owner: keep it, and escalate it when its
 * SLA passed with no first touch. */
static void
keep(struct lp_router *rt, struct lp_record *rec, struct lp_str owner)
{
	struct lp_str team = get(rec, rt->c_team), due = get(rec, rt->c_due);
	struct lp_datetime dt;
	struct who w;
	int t = -1, p;
	int64_t d;

	rt->tmp.n = 0;
	lp_buf_add(&rt->tmp, owner.p, owner.n);
	lp_buf_cstr(&rt->tmp);
	p = person_find(rt, rt->tmp.p);
	if (team.n > 0) {
		char tn[256];

		snprintf(tn, sizeof(tn), "%.*s", (int)team.n, team.p);
		t = team_find(rt, tn);
	} else if (p >= 0)
		t = rt->pp[p].home;
	if (rt->c_owner != rt->c_owner_in) {
		char *o = lp_xstrndup(owner.p, owner.n);

		set(rec, rt->c_owner, o);
		free(o);
	}
	if (team.n == 0 && t >= 0)
		set(rec, rt->c_team, rt->tt[t].name);
	if (due.n == 0 || lp_date_parse_iso(due.p, due.n, &dt) != 0) {
		set_time(rec, rt->c_due, due_time(rt, t, rec,
		    clock_start(rt, rec)));
		return;
	}
	if (rt->escalate.kind == TK_NONE || rt->now <= dt.secs ||
	    get(rec, rt->c_touched).n > 0)
		return;
	/* Past due, untouched: escalate. */
	w.person = w.team = -1;
	w.queue = NULL;
	if (rt->escalate.kind == TK_NEXT) {
		if (t >= 0) {
			int np = pick(rt, &rt->tt[t], rec, p);

			if (np >= 0) {
				w.person = np;
				w.team = t;
			}
		}
	} else if (rt->escalate.kind == TK_LEAD) {
		if (t >= 0 && rt->tt[t].lead >= 0 && rt->tt[t].lead != p) {
			w.person = rt->tt[t].lead;
			w.team = t;
		}
	} else
		resolve(rt, &rt->escalate, rec, p, &w);
	if (w.person < 0 && w.queue == NULL) {
		/* Nobody to escalate to: the owner keeps the lead, but the
		 * breach is on the record for the report to see. */
		set_time(rec, rt->c_breach, dt.secs);
		rt->breached++;
		return;
	}
	{
		char *from = lp_xstrndup(owner.p, owner.n);

		set(rec, rt->c_escfrom, from);
		free(from);
	}
	set_time(rec, rt->c_breach, dt.secs);
	write_who(rt, rec, &w);
	if (w.person >= 0)
		count(rt, w.person, rec);
	d = due_time(rt, w.team, rec, rt->now);
	set_time(rec, rt->c_due, d);
	rt->escalated++;
}

enum lp_verdict
lp_route_record(void *arg, struct lp_record *rec, struct lp_emit *e,
    struct lp_err *err)
{
	struct lp_router *rt = arg;
	struct lp_str owner;
	struct who w;
	const char *rule = NULL;
	char label[300];
	int stage;
	bool was_recycled;

	(void)e;
	(void)err;
	lp_dates_next(&rt->dates);
	stage = record_stage(rt, rec);
	/* 1. Recycling comes first: a lead that stalled goes back to
	 *    marketing whoever owns it. */
	for (int i = 0; i < rt->ncr; i++) {
		struct crule *r = &rt->cr[i];
		struct lp_str old;

		if (r->stages != 0 && (stage < 0 || stage >= 64 ||
		    !(r->stages & ((uint64_t)1 << stage))))
			continue;
		if (r->when != NULL && !lp_expr_test(r->when, rec))
			continue;
		resolve(rt, r->to.kind != TK_NONE ? &r->to : &rt->recycle_to,
		    rec, -1, &w);
		write_who(rt, rec, &w);
		if (w.person >= 0)
			count(rt, w.person, rec);
		set(rec, rt->c_rule, "");
		set(rec, rt->c_due, "");
		/* Re-runs keep the date the rule first set. */
		old = get(rec, rt->c_rrule);
		if (!(old.n == strlen(r->label) && memcmp(old.p, r->label,
		    old.n) == 0 && get(rec, rt->c_rat).n > 0)) {
			struct lp_datetime dt = { rt->now + r->secs, false };
			char b[40];

			lp_date_format(&dt, b, sizeof(b));
			set(rec, rt->c_rat, b);
		}
		set(rec, rt->c_recycled, "yes");
		set(rec, rt->c_rrule, r->label);
		rt->recycled++;
		if (rt->o.dry_run) {
			struct lp_str o = get(rec, rt->c_owner);

			plan_add(rt, o.p, o.n, get(rec, rt->c_team).n ?
			    rt->tt[w.team].name : "", r->label);
		}
		return LP_KEEP;
	}
	/* A lead an earlier run recycled that no rule recycles now has
	 * come back: its owner is the nurture queue, so it is routed
	 * afresh. */
	was_recycled = lp_str_casecmp(get(rec, rt->c_recycled),
	    LP_STR("yes")) == 0;
	set(rec, rt->c_recycled, "no");
	set(rec, rt->c_rrule, "");
	set(rec, rt->c_rat, "");
	if (rt->route_stages != 0 && stage >= 0 && stage < 64 &&
	    !(rt->route_stages & ((uint64_t)1 << stage))) {
		/* Passed through as it is; an owner read from an alias
		 * column (Lead Owner) is copied to ours all the same. */
		owner = get(rec, rt->c_owner_in);
		if (rt->c_owner != rt->c_owner_in && owner.n > 0) {
			char *o = lp_xstrndup(owner.p, owner.n);

			set(rec, rt->c_owner, o);
			free(o);
		}
		if (rt->o.dry_run) {
			struct lp_str tm = get(rec, rt->c_team);
			char tn[256];

			owner = get(rec, rt->c_owner);
			snprintf(tn, sizeof(tn), "%.*s", (int)tm.n, tm.p);
			plan_add(rt, owner.p, owner.n, tn,
			    "(stage not routed)");
		}
		return LP_KEEP;
	}

	/* 2. An owner is kept (and escalated when overdue). */
	owner = get(rec, rt->c_owner_in);
	if (owner.n > 0 && !rt->o.reassign && !was_recycled &&
	    lp_map_get(rt->queues, owner.p, owner.n) < 0) {
		keep(rt, rec, owner);
		if (rt->o.dry_run) {
			struct lp_str o = get(rec, rt->c_owner);
			struct lp_str tm = get(rec, rt->c_team);
			char tn[256];

			snprintf(tn, sizeof(tn), "%.*s", (int)tm.n, tm.p);
			plan_add(rt, o.p, o.n, tn, "(kept)");
		}
		return LP_KEEP;
	}

	/* 3. An account's owner, then the rules. */
	w.person = w.team = -1;
	w.queue = NULL;
	if (rt->acct != NULL) {
		int a = account_of(rt, rec);

		if (a >= 0) {
			int p = person_find(rt, rt->acct_owner[a]);

			snprintf(label, sizeof(label), "account: %s",
			    rt->acct_name[a]);
			rule = label;
			if (p >= 0) {
				w.person = p;
				w.team = rt->pp[p].home;
			} else
				w.queue = rt->acct_owner[a];
			if (p >= 0 && rt->pp[p].away) {
				/* Away: the rules decide instead. */
				rule = NULL;
				w.person = w.team = -1;
			}
		}
	}
	if (rule == NULL) {
		const struct target *tg = NULL;

		for (int i = 0; i < rt->nrr; i++)
			if (rt->rr[i].when == NULL ||
			    lp_expr_test(rt->rr[i].when, rec)) {
				tg = &rt->rr[i].to;
				rule = rt->rr[i].label;
				break;
			}
		if (tg == NULL && rt->deflt.kind != TK_NONE) {
			tg = &rt->deflt;
			rule = "default";
		}
		if (tg != NULL && !resolve(rt, tg, rec, -1, &w))
			rt->unassigned++;
	}
	write_who(rt, rec, &w);
	set(rec, rt->c_rule, rule != NULL ? rule : "");
	if (w.person >= 0)
		count(rt, w.person, rec);
	set_time(rec, rt->c_due, w.person >= 0 ? due_time(rt, w.team, rec,
	    clock_start(rt, rec)) : -1);
	if (rt->o.dry_run) {
		struct lp_str o = get(rec, rt->c_owner);

		plan_add(rt, o.p, o.n, w.team >= 0 ? rt->tt[w.team].name : "",
		    rule != NULL ? rule : "(no rule)");
	}
	return LP_KEEP;
}

/* ---- the end ---- */

int
lp_router_finish(struct lp_router *rt, struct lp_err *err)
{
	struct lp_buf b;
	int rc = 0;

	if (rt->dates.ambiguous > 0)
		lp_warn("%ld ambiguous date%s (such as '%s') not read: give "
		    "--dates mdy or dmy, or dates in [playbook]",
		    rt->dates.ambiguous, rt->dates.ambiguous == 1 ? "" : "s",
		    rt->dates.example);
	for (int i = 0; i < rt->nt; i++)
		if (rt->tt[i].unassigned > 0)
			lp_warn("%ld lead%s left without an owner: every "
			    "member of team '%s' is away or at a cap, and the "
			    "team has no overflow", rt->tt[i].unassigned,
			    rt->tt[i].unassigned == 1 ? "" : "s",
			    rt->tt[i].name);
	if (rt->sf == NULL || rt->o.dry_run)
		return 0;
	lp_buf_init(&b);
	lp_buf_printf(&b, "%s\n# written by lead-route; positions, today's "
	    "counts and members away, tab-separated\n", STATE_MAGIC);
	for (int i = 0; i < rt->nt; i++)
		lp_buf_printf(&b, "team\t%s\t%lld\n", rt->tt[i].name,
		    rt->tt[i].pos);
	for (int i = 0; i < rt->np; i++)
		if (rt->pp[i].day > 0)
			lp_buf_printf(&b, "count\t%s\t%s\t%ld\n", rt->today,
			    rt->pp[i].name, rt->pp[i].day);
	for (int i = 0; i < rt->nstate_away; i++)
		lp_buf_printf(&b, "away\t%s\n", rt->state_away[i]);
	rc = lp_statefile_replace(rt->sf, b.p, b.n, err);
	lp_buf_fini(&b);
	return rc;
}

void
lp_router_summary(const struct lp_router *rt, const char *prog,
    struct lp_buf *out)
{
	for (int i = 0; i < rt->nt; i++) {
		const struct team *t = &rt->tt[i];
		long leads = 0;

		for (int k = 0; k < t->nmem; k++)
			leads += rt->pp[t->mem[k]].leads;
		lp_buf_printf(out, "%s: team %s: %ld leads\n", prog, t->name,
		    leads);
		for (int k = 0; k < t->nmem; k++) {
			const struct person *p = &rt->pp[t->mem[k]];

			lp_buf_printf(out, "%s:   %-24s weight %3d (%5.1f%%) "
			    "leads %6ld (%5.1f%%) score %.0f%s\n", prog,
			    p->name, t->weight[k], 100.0 * t->weight[k] /
			    t->nslots, p->leads, leads ? 100.0 * p->leads /
			    leads : 0.0, p->score, p->away ? " away" : "");
		}
	}
	if (rt->escalated > 0 || rt->breached > 0 || rt->recycled > 0)
		lp_buf_printf(out, "%s: %ld escalated, %ld past their SLA with "
		    "nobody to escalate to, %ld recycled\n", prog,
		    rt->escalated, rt->breached, rt->recycled);
}

void
lp_router_plan(const struct lp_router *rt, struct lp_buf *out)
{
	lp_buf_adds(out, "owner,team,route_rule,leads\n");
	for (int i = 0; i < rt->nrows; i++) {
		const char *f[3] = { rt->rows[i].owner, rt->rows[i].team,
		    rt->rows[i].rule };

		for (int k = 0; k < 3; k++) {
			if (strpbrk(f[k], ",\"\n\r") != NULL) {
				lp_buf_addc(out, '"');
				for (const char *c = f[k]; *c; c++) {
					if (*c == '"')
						lp_buf_addc(out, '"');
					lp_buf_addc(out, *c);
				}
				lp_buf_addc(out, '"');
			} else
				lp_buf_adds(out, f[k]);
			lp_buf_addc(out, ',');
		}
		lp_buf_printf(out, "%ld\n", rt->rows[i].n);
	}
}

/*
 * --lint: the routing sections as lead-route reads them, and their
 * conditions bound to the input's header.  The built-in sections, when
 * the file has none of its own, are not linted.
 */
static void
lint_route(struct lp_lint *l)
{
	static const char *const secs[] = { "teams", "route", "sla",
	    "recycle", NULL };
	struct lp_route_opts o = { 0 };
	struct lp_err e = LP_ERR_INIT;
	struct lp_router *rt;
	int from, touched, own = 0;

	for (int i = 0; secs[i] != NULL; i++)
		own += lp_playbook_own_section(l->pb, secs[i]) != NULL;
	if (own == 0)
		return;
	rt = router_alloc(l->pb, l->now, &o);
	if (router_conf(rt, &from, &touched, &e) != 0 ||
	    bind_all(rt, l->hdr, &e) != 0)
		lp_lint_error(l, &e, false);
	lp_router_free(rt);
}

const struct lp_pb_linter lp_route_linter = { "teams route sla recycle",
	lint_route };
