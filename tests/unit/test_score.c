/*
 * test_score -- hand-computed scores: every expected number below is
 * worked out in the comment beside it from the playbook P and now =
 * 2026-11-01T00:00:00Z, so a reader can recompute it.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lp_alias.h"
#include "lp_playbook.h"
#include "lp_score.h"
#include "unit.h"

static const char P[] =
    "[stages]\n"
    "order = new, mql, sal, sql, opportunity, won\n"
    "lost = disqualified, lost\n"
    "\"Open - Not Contacted\" = new\n"
    "\"Working - Contacted\" = sal\n"
    "\"Closed - Not Converted\" = disqualified\n"
    "sql = budget = yes and authority = yes\n"
    "[score]\n"
    "mql = 30\n"
    "grades = A:40, B:25, C:10, D\n"
    "[score.fit]\n"
    "max = 50\n"
    "+15 \"Senior title\" title ~ /\\b(VP|Director)\\b/i\n"
    "+10 \"200+ employees\" employees >= 200\n"
    "-20 \"Free email\" domain(email) in (gmail.com, yahoo.com)\n"
    "-2.5 \"Tiny\" employees < 5\n"
    "+20 \"Target country\" country in (US, CA)\n"
    "+30 \"Big deal\" annual_revenue >= 1000000\n"
    "[score.engagement]\n"
    "half_life = 30d from last_activity_at\n"
    "max = 40\n"
    "+2 \"Page views\" per page_views max 20\n"
    "+5 \"Email clicks\" per email_clicks\n"
    "+25 \"Asked for a demo\" demo_requested = yes\n";

/* Aliased headers on purpose: `Job Title` is title, `Lead Status` status. */
static const char *const H[] = {
	"lead_id", "email", "Job Title", "employees", "country",
	"annual_revenue", "page_views", "email_clicks", "demo_requested",
	"last_activity_at", "Lead Status", "stage", "budget", "authority",
	NULL
};
enum { ID, EMAIL, TITLE, EMP, COUNTRY, REV, VIEWS, CLICKS, DEMO, LAST,
	STATUS, STAGE, BUDGET, AUTH, NH };

#define NOW	1793491200	/* 2026-11-01T00:00:00Z */

static struct lp_header *hdr;
static struct lp_scorer *sc;
static struct lp_record *rec;

/* Every field of rec empty. */
static void
clear_record(void)
{
	for (int i = 0; i < NH; i++)
		lp_record_set(rec, i, "", 0);
}

/* A scorer of playbook text against hdr; *pb to free after it. */
static struct lp_scorer *
scorer_of(const char *text, struct lp_playbook **pb)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_scorer *s = NULL;

	*pb = lp_playbook_parse(text, strlen(text), "test", NULL, NULL, &err);
	if (*pb != NULL)
		s = lp_scorer_new(*pb, hdr, NOW, &err);
	if (s == NULL)
		fprintf(stderr, "%s:%ld:%d: %s\n", err.file, err.line, err.col,
		    err.msg);
	CHECK(s != NULL);
	return s;
}

/* Set the record from pairs of (column, value), terminated by -1. */
static const struct lp_score_result *
score(int first, ...)
{
	va_list ap;
	int c;

	clear_record();
	va_start(ap, first);
	for (c = first; c >= 0; c = va_arg(ap, int)) {
		const char *v = va_arg(ap, const char *);

		lp_record_set(rec, c, v, strlen(v));
	}
	va_end(ap);
	return lp_score_compute(sc, rec, NULL);
}

#define RESULT(r, s, f, e, g, st) do {					\
	CHECK_INT((r)->score_i, s);					\
	CHECK_INT((r)->fit_i, f);					\
	CHECK_INT((r)->engagement_i, e);				\
	CHECK_STR((r)->grade, g);					\
	CHECK_STR((r)->stage, st);					\
} while (0)

static void
test_arithmetic(void)
{
	const struct lp_score_result *r;

	/* The issue's example: fit 15 + 10 - 20 = 5; engagement 6 x 2 = 12,
	 * 15 days old: 12 * 0.5^(15/30) = 8.485 -> 8; score 13.485 -> 13;
	 * grade D (5 < 10); no status: new, 13 < 30 stays new. */
	r = score(TITLE, "VP Sales", EMP, "250", EMAIL, "ann@gmail.com",
	    VIEWS, "6", LAST, "2026-10-17", -1);
	RESULT(r, 13, 5, 8, "D", "new");
	CHECK_STR(r->reasons, "+15 Senior title; +10 200+ employees; "
	    "-20 Free email; +12 Page views (6\303\2272); "
	    "engagement 12 \303\2270.71 (15d old) = 8");
	CHECK(!r->mql);

	/* Exactly one half-life: 25 * 0.5 = 12.5 -> 13 (half away from
	 * zero); fit 20; score 32.5 -> 33 >= 30: new becomes mql; C. */
	r = score(COUNTRY, "us", DEMO, "Yes", LAST, "2026-10-02", -1);
	RESULT(r, 33, 20, 13, "C", "mql");
	CHECK_STR(r->reasons, "+20 Target country; +25 Asked for a demo; "
	    "engagement 25 \303\2270.50 (30d old) = 13");
	CHECK(r->mql);

	/* Negative half: -2.5 -> -3 for fit and score. */
	r = score(EMP, "3", -1);
	RESULT(r, -3, -3, 0, "D", "new");
	CHECK_STR(r->reasons, "-2.5 Tiny");

	/* Caps: page views 15 x 2 = 30 -> rule max 20; clicks 5 x 5 = 25;
	 * demo 25; engagement 70 -> section max 40; activity now: no decay.
	 * Fit 15 + 10 + 20 + 30 = 75 -> section max 50.  Score 90, A. */
	r = score(TITLE, "Director", EMP, "200", COUNTRY, "CA", REV, "2000000",
	    VIEWS, "15", CLICKS, "5", DEMO, "yes", LAST, "2026-11-01", -1);
	RESULT(r, 90, 50, 40, "A", "mql");
	CHECK_STR(r->reasons, "+15 Senior title; +10 200+ employees; "
	    "+20 Target country; +30 Big deal; fit capped at 50; "
	    "+20 Page views (15\303\2272, max 20); +25 Email clicks "
	    "(5\303\2275); +25 Asked for a demo; engagement capped at 40");

	/* Everything empty: nothing fires, not even `employees < 5`; no
	 * activity date: undated engagement is fully decayed. */
	r = score(-1);
	RESULT(r, 0, 0, 0, "D", "new");
	CHECK_STR(r->reasons, "");
	CHECK(r->factor == 0);

	/* Undated engagement counts nothing, and the reasons say so and
	 * add up to the score (issue 18.1). */
	r = score(VIEWS, "5", -1);
	RESULT(r, 0, 0, 0, "D", "new");
	CHECK_STR(r->reasons, "+10 Page views (5\303\2272); "
	    "engagement 10 \303\2270 (no activity date) = 0");

	/* Activity in the future: no decay, no decay reason. */
	r = score(VIEWS, "1", LAST, "2026-12-01", -1);
	RESULT(r, 2, 0, 2, "D", "new");
	CHECK_STR(r->reasons, "+2 Page views (1\303\2272)");

	/* Not a number: the per rule adds nothing.  A fraction: 2.5 x 2. */
	r = score(VIEWS, "abc", -1);
	CHECK_STR(r->reasons, "");
	r = score(VIEWS, "2.5", LAST, "2026-11-01", -1);
	RESULT(r, 5, 0, 5, "D", "new");
	CHECK_STR(r->reasons, "+5 Page views (2.5\303\2272)");

	/* Six hours: 25 * 0.5^(0.25/30) = 24.856 -> 25. */
	r = score(DEMO, "yes", LAST, "2026-10-31T18:00:00Z", -1);
	RESULT(r, 25, 0, 25, "D", "new");
	CHECK_STR(r->reasons, "+25 Asked for a demo; "
	    "engagement 25 \303\2270.99 (6h old) = 25");
	CHECK(r->age_days == 0.25);

	/* Grade boundaries: fit exactly 25 is B, 40 is A. */
	r = score(TITLE, "VP", EMP, "200", -1);
	CHECK_STR(r->grade, "B");
	r = score(COUNTRY, "US", REV, "1000000", -1);
	CHECK_INT(r->fit_i, 50);
	CHECK_STR(r->grade, "A");
}

static void
test_stages(void)
{
	const struct lp_score_result *r;

	/* A later stage does not become mql, whatever the score. */
	r = score(STATUS, "Working - Contacted", COUNTRY, "US", DEMO, "yes",
	    LAST, "2026-11-01", -1);
	RESULT(r, 45, 20, 25, "C", "sal");
	CHECK(r->mql);
	/* Salesforce "new" at the threshold: 30 >= 30. */
	r = score(STATUS, "Open - Not Contacted", DEMO, "yes", EMP, "4",
	    COUNTRY, "US", VIEWS, "4", LAST, "2026-11-01", -1);
	/* fit 20 - 2.5 = 17.5 -> 18; engagement 25 + 8 = 33 (no decay at
	 * age 0); score 50.5 -> 51. */
	RESULT(r, 51, 18, 33, "C", "mql");
	/* Never moved back: the stage column says sql already. */
	r = score(STATUS, "Open - Not Contacted", STAGE, "sql", -1);
	CHECK_STR(r->stage, "sql");
	/* Re-running on output: stage mql stays mql though the score fell. */
	r = score(STAGE, "mql", -1);
	CHECK_STR(r->stage, "mql");
	/* A lost status wins over an earlier stage, and is not promoted. */
	r = score(STATUS, "Closed - Not Converted", STAGE, "sql", BUDGET, "yes",
	    AUTH, "yes", DEMO, "yes", COUNTRY, "US", -1);
	CHECK_STR(r->stage, "disqualified");
	CHECK(!r->mql);
	/* BANT (budget and authority here) makes an sql, past mql. */
	r = score(BUDGET, "yes", AUTH, "YES", DEMO, "yes", COUNTRY, "US", -1);
	CHECK_STR(r->stage, "sql");
	r = score(BUDGET, "yes", AUTH, "no", -1);
	CHECK_STR(r->stage, "new");
	/* An unknown status is kept as the stage, never promoted. */
	r = score(STATUS, "Foo Bar", DEMO, "yes", COUNTRY, "US", -1);
	CHECK_STR(r->stage, "Foo Bar");
	CHECK(!r->mql);
	/* Stage names map to themselves, any case and punctuation. */
	r = score(STATUS, "  SQL ", -1);
	CHECK_STR(r->stage, "sql");
}

static void
test_record_and_explain(void)
{
	struct lp_header *h = lp_header_new();
	struct lp_record *rr;
	struct lp_scorer *s2;
	struct lp_playbook *pb;
	struct lp_err err = LP_ERR_INIT;
	struct lp_buf x;
	struct lp_str v;

	lp_buf_init(&x);
	for (int i = 0; H[i] != NULL; i++)
		lp_header_add(h, H[i]);
	for (int i = 0; lp_score_columns[i] != NULL; i++)
		lp_header_add(h, lp_score_columns[i]);
	pb = lp_playbook_parse(P, strlen(P), "P", NULL, NULL, &err);
	s2 = lp_scorer_new(pb, h, NOW, &err);
	CHECK(s2 != NULL);
	rr = lp_record_new(h);
	lp_record_set(rr, TITLE, "VP", 2);
	lp_record_set(rr, VIEWS, "3", 1);
	lp_record_set(rr, LAST, "2026-10-02", 10);
	/* fit 15; engagement 6 * 0.5 = 3; score 18; C. */
	CHECK_INT(lp_score_record(s2, rr, &x, &err), 0);
	v = lp_record_get(rr, NH + LP_SCORE_COL_SCORE);
	CHECK_MEM(v.p, v.n, "18");
	v = lp_record_get(rr, NH + LP_SCORE_COL_FIT);
	CHECK_MEM(v.p, v.n, "15");
	v = lp_record_get(rr, NH + LP_SCORE_COL_ENGAGEMENT);
	CHECK_MEM(v.p, v.n, "3");
	v = lp_record_get(rr, NH + LP_SCORE_COL_GRADE);
	CHECK_MEM(v.p, v.n, "C");
	/* The input's own stage column is the one written. */
	v = lp_record_get(rr, STAGE);
	CHECK_MEM(v.p, v.n, "new");
	v = lp_record_get(rr, lp_header_find(h, "score_reasons"));
	CHECK_MEM(v.p, v.n, "+15 Senior title; +6 Page views (3\303\2272); "
	    "engagement 6 \303\2270.50 (30d old) = 3");
	lp_buf_cstr(&x);
	CHECK(strstr(x.p, "\"score\":18,\"fit_score\":15,"
	    "\"engagement_score\":3,\"grade\":\"C\",\"stage\":\"new\"") != NULL);
	CHECK(strstr(x.p, "{\"line\":13,\"label\":\"Senior title\","
	    "\"fired\":true,\"points\":15}") != NULL);
	CHECK(strstr(x.p, "\"half_life_days\":30,\"age_days\":30,"
	    "\"factor\":0.5,\"value\":3,") != NULL);
	/* Negative scores are written with their sign. */
	lp_record_set(rr, TITLE, "", 0);
	lp_record_set(rr, EMAIL, "x@yahoo.com", 11);
	lp_score_record(s2, rr, NULL, &err);
	v = lp_record_get(rr, NH + LP_SCORE_COL_SCORE);
	CHECK_MEM(v.p, v.n, "-17");
	lp_record_free(rr);
	lp_scorer_free(s2);
	lp_playbook_free(pb);
	lp_header_free(h);
	lp_buf_fini(&x);
}

/* A catastrophic pattern on a long field must not hang the run. */
static void
test_regex_limit(void)
{
	static const char pb_text[] = "[score.fit]\n"
	    "+1 \"Evil\" title ~ /(a+)+$/\n";
	struct lp_playbook *pb;
	struct lp_scorer *s2 = scorer_of(pb_text, &pb);
	size_t n = 100000;
	char *v = malloc(n + 2);
	clock_t t0 = clock();
	const struct lp_score_result *r;

	if (s2 == NULL) {
		free(v);
		lp_playbook_free(pb);
		return;
	}
	memset(v, 'a', n);
	v[n] = 'b';
	v[n + 1] = '\0';
	lp_record_set(rec, TITLE, v, n + 1);
	r = lp_score_compute(s2, rec, NULL);
	CHECK_INT(r->fit_i, 0);
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 5);
	free(v);
	lp_scorer_free(s2);
	lp_playbook_free(pb);
}

/* The default playbook compiles against a bare header and scores. */
static void
test_default(void)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = lp_playbook_default(NULL, &err);
	struct lp_scorer *s2 = pb ? lp_scorer_new(pb, hdr, NOW, &err) : NULL;
	const struct lp_score_result *r;

	CHECK(s2 != NULL);
	if (s2 == NULL) {
		fprintf(stderr, "%s:%ld:%d: %s\n", err.file, err.line, err.col,
		    err.msg);
		return;
	}
	clear_record();
	lp_record_set(rec, TITLE, "Chief Revenue Officer", 21);
	lp_record_set(rec, EMAIL, "x@Gmail.com", 11);
	lp_record_set(rec, STATUS, "marketingqualifiedlead", 22);
	r = lp_score_compute(s2, rec, NULL);
	CHECK_STR(r->reasons, "+15 Senior title; -20 Free email");
	CHECK_INT(r->score_i, -5);
	CHECK_STR(r->stage, "mql");
	lp_scorer_free(s2);
	lp_playbook_free(pb);
}

/*
 * Rules remembered by their columns' text must not be remembered once
 * --events scores them: the same record, scored before and after the
 * events are loaded, gets the events' points the second time.
 */
static void
test_events_after_scoring(void)
{
	static const char PE[] =
	    "[score.engagement]\n"
	    "events = page_view:Page views\n"
	    "+2 \"Page views\" per page_views\n";
	char path[] = "/tmp/test_score.XXXXXX";
	struct lp_err err = LP_ERR_INIT;
	struct lp_io_opts io;
	struct lp_playbook *pb;
	struct lp_scorer *s2;
	const struct lp_score_result *r;
	int fd = mkstemp(path);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;

	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	fputs("lead_id,event_type,timestamp\n"
	    "L1,page_view,2026-11-01T00:00:00Z\n", fp);
	fclose(fp);
	memset(&io, 0, sizeof(io));
	io.limits = (struct lp_limits)LP_LIMITS_DEFAULT;
	if ((s2 = scorer_of(PE, &pb)) != NULL) {
		clear_record();
		lp_record_set(rec, ID, "L1", 2);
		lp_record_set(rec, VIEWS, "5", 1);
		/* From the column: 5 * 2 = 10. */
		r = lp_score_compute(s2, rec, NULL);
		CHECK_INT(r->score_i, 10);
		CHECK_INT(lp_scorer_load_events(s2, &io, path, &err), 0);
		/* From the one event, now: 1 * 2 = 2. */
		r = lp_score_compute(s2, rec, NULL);
		CHECK_INT(r->score_i, 2);
		CHECK_STR(r->reasons, "+2 Page views (1 event)");
	}
	unlink(path);
	lp_scorer_free(s2);
	lp_playbook_free(pb);
}

/*
 * Rules next to each other that read the same columns are remembered
 * together, with their part of score_reasons: a remembered decision
 * must give the same reasons, in rule order, and the same --explain as
 * evaluating again.  Title and employees rules alternate here, and the
 * last rule's reason is longer than a memo keeps.
 */
static void
test_groups(void)
{
	/* 62 "D "s: the reason is 126 bytes. */
#define DS	"D D D D D D D D D D D D D D D D D D D D D " \
		"D D D D D D D D D D D D D D D D D D D D D " \
		"D D D D D D D D D D D D D D D D D D D D"
	static const char PG[] =
	    "[score.fit]\n"
	    "+1 \"A\" title ~ /x/i\n"
	    "+2 \"B\" employees >= 10\n"
	    "+4 \"C\" title ~ /y/i\n"
	    "+8 \"" DS "\" employees >= 10 and title ~ /x/\n";
	const char *want = "+1 A; +2 B; +4 C; +8 " DS;
	struct lp_playbook *pb;
	struct lp_scorer *s2 = scorer_of(PG, &pb);
	const struct lp_score_result *r;
	struct lp_buf x = { 0 };

	if (s2 == NULL) {
		lp_playbook_free(pb);
		return;
	}
	for (int i = 0; i < 3; i++) {	/* evaluated, then remembered */
		clear_record();
		lp_record_set(rec, TITLE, i == 1 ? "q" : "xy", i == 1 ? 1 : 2);
		lp_record_set(rec, EMP, i == 1 ? "5" : "20", i == 1 ? 1 : 2);
		r = lp_score_compute(s2, rec, NULL);
		CHECK_STR(r->reasons, i == 1 ? "" : want);
		CHECK_INT(r->fit_i, i == 1 ? 0 : 15);
	}
	/* "xy" again, remembered after "q" was evaluated: --explain shows
	 * what the rules decided for "xy", not what they last evaluated. */
	r = lp_score_compute(s2, rec, &x);
	CHECK_STR(r->reasons, want);
	CHECK(strstr(lp_buf_cstr(&x), "\"label\":\"A\",\"fired\":true") !=
	    NULL);
	CHECK(strstr(x.p, "\"label\":\"B\",\"fired\":true") != NULL);
	lp_buf_fini(&x);
	lp_scorer_free(s2);
	lp_playbook_free(pb);
#undef DS
}

/*
 * Score each of emails[0..n) three times (the third explained) by
 * playbook pg: reasons want[i], fit fit[i]; emails[1] fires "Free email".
 */
static void
score_emails(const char *pg, const char *const *emails,
    const char *const *want, const int *fit, size_t n)
{
	struct lp_playbook *pb;
	struct lp_scorer *s2 = scorer_of(pg, &pb);
	struct lp_buf x = { 0 };

	if (s2 == NULL) {
		lp_playbook_free(pb);
		return;
	}
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < n; i++) {
			const struct lp_score_result *r;

			clear_record();
			lp_record_set(rec, EMAIL, emails[i], strlen(emails[i]));
			r = lp_score_compute(s2, rec, round == 2 ? &x : NULL);
			CHECK_STR(r->reasons, want[i]);
			CHECK_INT(r->fit_i, fit[i]);
			if (round == 2 && i == 1)	/* remembered, explained */
				CHECK(strstr(lp_buf_cstr(&x), "\"label\":"
				    "\"Free email\",\"fired\":true") != NULL);
		}
	lp_buf_fini(&x);
	lp_scorer_free(s2);
	lp_playbook_free(pb);
}

/*
 * Rules reading email only as domain(email) share one evaluation of it
 * and remember their decision by the domain: over repeated domains in
 * any case, each record scores as a fresh scorer scores it.
 */
static void
test_domain_key(void)
{
	static const char PG[] =
	    "[score.fit]\n"
	    "-20 \"Free email\" domain(email) in (gmail.com, yahoo.com)\n"
	    "-50 \"Competitor\" domain(email) = rival.example\n"
	    "+5 \"Long domain\" domain(email) ~ /^.{12,}$/\n";
	static const char *const emails[] = {
		"a@gmail.com", "B@GMAIL.COM", "c@acme.com", "d@rival.example",
		"", "e@Rival.Example", "f@acme.com", "not an email",
		"g@subdomain.rival.example",
	};
	static const char *const want[] = {
		"-20 Free email", "-20 Free email", "", "-50 Competitor; +5 "
		"Long domain", "", "-50 Competitor; +5 Long domain", "", "",
		"+5 Long domain",
	};
	static const int fit[] = { -20, -20, 0, -45, 0, -45, 0, 0, 5 };

	score_emails(PG, emails, want, fit, sizeof(fit) / sizeof(*fit));
}

/*
 * A group whose rules are all `domain(email) in (...)` or `not in (...)`
 * asks the lists for the shared domain and remembers nothing; a list with
 * a number in it (10 matches "10.0") is evaluated as before.
 */
static void
test_domain_lists(void)
{
	static const char PG[] =
	    "[score.fit]\n"
	    "-20 \"Free email\" domain(email) in (gmail.com, Yahoo.COM)\n"
	    "+3 \"Not free\" domain(email) not in (gmail.com, yahoo.com)\n"
	    "+1 \"Has phone\" phone is not empty\n"
	    "+7 \"Ten\" domain(email) in (10, acme.com)\n";
	static const char *const emails[] = {
		"a@gmail.com", "B@YAHOO.com", "c@acme.com", "", "d@10",
		"e@10.0", "x@gmail.com.", "not an email",
	};
	static const char *const want[] = {
		"-20 Free email", "-20 Free email", "+3 Not free; +7 Ten", "",
		"+3 Not free; +7 Ten", "+3 Not free; +7 Ten", "-20 Free email",
		"+3 Not free",
	};
	static const int fit[] = { -20, -20, 10, 0, 10, 10, -20, 3 };

	score_emails(PG, emails, want, fit, sizeof(fit) / sizeof(*fit));
}

/*
 * Remembered decisions (by column text, a count's place, or a shared
 * domain(), lower(), trim() or country_code() text) are what evaluating
 * gives: 4000 records drawn from hostile values (case, white space,
 * non-ASCII, numbers, lengths around the memo's word sizes) score the
 * same forward, backward (other memo contents) and, every 97th, with a
 * fresh scorer.
 */
static void
test_remembered_is_fresh(void)
{
	static const char PR[] =
	    "[score.fit]\n"
	    "-20 \"Free\" domain(email) in (gmail.com, yahoo.com, 5, "
	    "2024-01-01, \"\303\251.example\", "
	    "abcdefghijklmnopqrstuvwxyz0123.de, 0123456789abcdefgh.de)\n"
	    "-3 \"Long\" domain(email) ~ /^.{16,}$/\n"
	    "+1 \"No domain\" domain(email) is empty\n"
	    "+2 \"Number\" domain(email) > 4\n"
	    "+4 \"Title\" lower(title) in (\"vp sales\", ceo, "
	    "\"\303\251diteur\")\n"
	    "+1 \"VP\" lower(title) ~ /vp/\n"
	    "+6 \"Trimmed\" trim(title) = \"VP Sales\"\n"
	    "+5 \"Country\" country_code(country) in (US, DE)\n"
	    "+1 \"Digits\" per len(trim(employees)) max 3\n"
	    "+2 \"Counted\" per employees max 150\n"
	    "-1 \"Seven\" employees = 7\n"
	    "+3 \"Zero\" employees ~ /^0/\n"
	    "+2 \"Same\" domain(email) = lower(email)\n";
	static const char *const emails[] = {
		"a@gmail.com", "B@GMAIL.COM", "c@Gmail.Com.", "5", "x@5",
		"x@2024-01-01", "@", "a@b@yahoo.com", "y@\303\211.example",
		"z@abcdefghijklmnopqrstuvwxyz0123.de",
		"z@abcdefghijklmnopqrstuvwxyz0123.DE",
		"z@abcdefghijklmnopqrstuvwxyz01234.de",
		"z@abcdefghijklmnopqrstuvwxyz0123.dk", "m@0123456789abcdefgh.de",
		"m@0123456789abXdefgh.de", "m@0123456789abcdefgh.dk",
		"q@1234567.de",
		"q@12345678.de", "q@123456789012345.de", "w@" "0123456789"
		"0123456789012345678901234567890123456789012345678901.de",
		"https://www.Acme.com/x", "gmail.com", "", " ", "\302\240",
	};
	static const char *const titles[] = {
		"VP Sales", "vp sales", " VP  Sales ", "CEO", "\303\211DITEUR",
		"\303\251diteur", "", "VPX", "x", "  ", "vp sales\t",
	};
	static const char *const countries[] = {
		"US", "us", "USA", "Deutschland", "", "XX", " de ",
	};
	/* Counts "0" .. "99" have places of their own (a counted group);
	 * "07", " 7", "7.0" and "-7" are other texts. */
	static const char *const emps[] = { "", "7", " 12 ", "1234567",
	    "abc", "12345678901234567", "0", "07", " 7", "7.0", "-7", "9",
	    "10", "99", "100", "00", "7 ", "\331\243" };
	enum { N = 4000 };
	struct lp_playbook *pb;
	struct lp_scorer *fw = scorer_of(PR, &pb), *bw, *fresh;
	struct lp_playbook *pb2, *pb3;
	long long *got = calloc(N, sizeof(*got));
	char **why = calloc(N, sizeof(*why));
	unsigned long x = 17;
	int pick[N][4], diff = 0, fired = 0;

	bw = scorer_of(PR, &pb2);
	if (fw == NULL || bw == NULL || got == NULL || why == NULL)
		goto out;
	for (int i = 0; i < N; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		pick[i][0] = (int)((x >> 20) % (sizeof(emails) /
		    sizeof(*emails)));
		pick[i][1] = (int)((x >> 30) % (sizeof(titles) /
		    sizeof(*titles)));
		pick[i][2] = (int)((x >> 40) % (sizeof(countries) /
		    sizeof(*countries)));
		pick[i][3] = (int)((x >> 50) % (sizeof(emps) / sizeof(*emps)));
	}
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < N; k++) {
			int i = pass == 0 ? k : N - 1 - k;
			const struct lp_score_result *r;

			clear_record();
			lp_record_set(rec, EMAIL, emails[pick[i][0]],
			    strlen(emails[pick[i][0]]));
			lp_record_set(rec, TITLE, titles[pick[i][1]],
			    strlen(titles[pick[i][1]]));
			lp_record_set(rec, COUNTRY, countries[pick[i][2]],
			    strlen(countries[pick[i][2]]));
			lp_record_set(rec, EMP, emps[pick[i][3]],
			    strlen(emps[pick[i][3]]));
			r = lp_score_compute(pass == 0 ? fw : bw, rec, NULL);
			if (pass == 0) {
				got[i] = r->fit_i;
				why[i] = strdup(r->reasons);
				fired += r->reasons[0] != '\0';
				continue;
			}
			if (r->fit_i != got[i] || strcmp(r->reasons, why[i]))
				diff++;
			if (i % 97 != 0)
				continue;
			fresh = scorer_of(PR, &pb3);
			if (fresh == NULL) {
				lp_playbook_free(pb3);
				continue;
			}
			r = lp_score_compute(fresh, rec, NULL);
			if (r->fit_i != got[i] || strcmp(r->reasons, why[i]))
				diff++;
			lp_scorer_free(fresh);
			lp_playbook_free(pb3);
		}
	CHECK_INT(diff, 0);
	CHECK(fired > N / 2);
out:
	for (int i = 0; why != NULL && i < N; i++)
		free(why[i]);
	free(why);
	free(got);
	lp_scorer_free(fw);
	lp_scorer_free(bw);
	lp_playbook_free(pb);
	lp_playbook_free(pb2);
}

/* `from` an expression, not a field: its text is evaluated, then read
 * as a date.  coalesce() falls back to 2026-10-02, 30 days before now. */
static void
test_decay_from_expression(void)
{
	static const char PF[] =
	    "[score.engagement]\n"
	    "half_life = 30d from coalesce(last_activity_at, \"2026-10-02\")\n"
	    "+10 \"Demo\" demo_requested = yes\n";
	struct lp_playbook *pb;
	struct lp_scorer *s2;
	const struct lp_score_result *r;

	if ((s2 = scorer_of(PF, &pb)) != NULL) {
		clear_record();
		lp_record_set(rec, DEMO, "yes", 3);
		/* 10 * 0.5 = 5. */
		r = lp_score_compute(s2, rec, NULL);
		CHECK_INT(r->engagement_i, 5);
		CHECK_STR(r->reasons, "+10 Demo; engagement 10 \303\2270.50 "
		    "(30d old) = 5");
		/* 15 days: 10 * 0.5^0.5 = 7.07 -> 7. */
		lp_record_set(rec, LAST, "2026-10-17", 10);
		r = lp_score_compute(s2, rec, NULL);
		CHECK_INT(r->engagement_i, 7);
	}
	lp_scorer_free(s2);
	lp_playbook_free(pb);
}

/*
 * A group's memo names decisions in a table of at most 1,024: a column
 * of 3,000 different counts past 99 (each its own sum) fills it, and
 * past it the group evaluates.  Twice through, every score is the count;
 * the title group's 3,000 keys share two decisions.
 */
static void
test_many_decisions(void)
{
	static const char PM[] =
	    "[score.fit]\n"
	    "+1 \"Many\" per employees\n"
	    "+5 \"Long\" title ~ /^.{12,}$/\n";
	struct lp_playbook *pb;
	struct lp_scorer *s2 = scorer_of(PM, &pb);
	int bad = 0;

	for (int pass = 0; s2 != NULL && pass < 2; pass++)
		for (int v = 100; v < 3100; v++) {
			const struct lp_score_result *r;
			char e[16], t[32], want[64];

			clear_record();
			snprintf(e, sizeof(e), "%d", v);
			snprintf(t, sizeof(t), "title %0*d", 1 + v % 9, v);
			lp_record_set(rec, EMP, e, strlen(e));
			lp_record_set(rec, TITLE, t, strlen(t));
			r = lp_score_compute(s2, rec, NULL);
			snprintf(want, sizeof(want), "+%d Many (%d\303\2271)%s",
			    v, v, strlen(t) >= 12 ? "; +5 Long" : "");
			bad += r->fit_i != v + (strlen(t) >= 12 ? 5 : 0) ||
			    strcmp(r->reasons, want) != 0;
		}
	CHECK_INT(bad, 0);
	lp_scorer_free(s2);
	lp_playbook_free(pb);
}

int
main(void)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb;

	lp_verbosity = -1;	/* the unknown-status warning */
	hdr = lp_header_new();
	for (int i = 0; H[i] != NULL; i++)
		lp_header_add(hdr, H[i]);
	pb = lp_playbook_parse(P, strlen(P), "P", NULL, NULL, &err);
	CHECK(pb != NULL);
	if (pb != NULL)
		sc = lp_scorer_new(pb, hdr, NOW, &err);
	CHECK(sc != NULL);
	if (sc == NULL) {
		fprintf(stderr, "%s:%ld:%d: %s\n", err.file, err.line, err.col,
		    err.msg);
		return UNIT_DONE("score");
	}
	rec = lp_record_new(hdr);
	test_arithmetic();
	test_stages();
	test_record_and_explain();
	test_regex_limit();
	test_default();
	test_events_after_scoring();
	test_groups();
	test_domain_key();
	test_domain_lists();
	test_remembered_is_fresh();
	test_many_decisions();
	test_decay_from_expression();
	lp_record_free(rec);
	lp_scorer_free(sc);
	lp_playbook_free(pb);
	lp_header_free(hdr);
	return UNIT_DONE("score");
}
