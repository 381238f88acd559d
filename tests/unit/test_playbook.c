/*
 * test_playbook -- the driver of tests/playbook.test, and unit checks of
 * the playbook API (lists, numbers, stages, the default playbook).
 *
 * playbook.test holds cases, each a header line, the playbook text, a
 * line "%%" and the expected result:
 *
 *   %%OK [header]       the playbook parses (and, when it has score
 *                       sections, compiles against the header); the
 *                       expected text is the dump of the parsed form
 *   %%FAIL [header]     parsing or compiling fails; the expected text is
 *                       the one line "LINE:COL: message"
 *
 * header is an optional comma-separated list of column names for the
 * scorer (default: DEFAULT_HEADER).  Lines before the first case, and blank and "#" lines in the expected text, are ignored.  Failures print "playbook.test:LINE: ...".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_pb_unfired.h"
#include "lp_playbook.h"
#include "lp_score.h"
#include "lp_stage.h"
#include "unit.h"

#define DEFAULT_HEADER	"email,Job Title,employees,country,page_views," \
			"last_activity_at,status"

static int64_t now = 1793491200;	/* 2026-11-01T00:00:00Z */

static void
dump(const struct lp_playbook *pb, struct lp_buf *out)
{
	int ns;
	const struct lp_stage *stages = lp_playbook_stages(pb, &ns);

	for (size_t i = 0; lp_playbook_sections[i] != NULL; i++) {
		const struct lp_pb_section *s =
		    lp_playbook_own_section(pb, lp_playbook_sections[i]);

		if (s == NULL)
			continue;
		lp_buf_printf(out, "[%s] %ld\n", s->name, s->line);
		for (size_t k = 0; k < s->nsettings; k++) {
			const struct lp_pb_setting *st = &s->settings[k];

			lp_buf_printf(out, "  %s%s%s = <%s> %ld:%d:%d\n",
			    st->quoted ? "\"" : "", st->key,
			    st->quoted ? "\"" : "", st->value, st->line,
			    st->col, st->vcol);
		}
		for (size_t k = 0; k < s->nrules; k++) {
			const struct lp_pb_rule *r = &s->rules[k];

			lp_buf_printf(out, "  %g \"%s\" <%s> %ld:%d:%d\n",
			    r->points, r->label, r->body, r->line, r->col,
			    r->bcol);
		}
	}
	for (size_t i = 0; lp_playbook_section_at(pb, i) != NULL; i++)
		if (lp_playbook_section_at(pb, i)->unknown)
			lp_buf_printf(out, "[%s] unknown %ld\n",
			    lp_playbook_section_at(pb, i)->name,
			    lp_playbook_section_at(pb, i)->line);
	lp_buf_adds(out, "stages:");
	for (int i = 0; i < ns; i++)
		lp_buf_printf(out, " %s%s%s", stages[i].name,
		    stages[i].kind == LP_STAGE_OTHER ? "(other)" :
		    stages[i].kind == LP_STAGE_LOST ? "(lost)" : "",
		    stages[i].when ? "(when)" : "");
	lp_buf_addc(out, '\n');
}

static struct lp_header *
header(const char *spec)
{
	struct lp_header *h = lp_header_new();
	char *copy = lp_xstrdup(spec), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t != NULL;
	    t = strtok_r(NULL, ",", &save))
		lp_header_add(h, t);
	free(copy);
	return h;
}

/* Run one case; returns 0 when it behaves as expected. */
static int
run_case(const char *file, long at, bool ok, const char *hdrspec,
    const char *text, const char *want)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb;
	struct lp_scorer *sc = NULL;
	struct lp_header *h = header(hdrspec ? hdrspec : DEFAULT_HEADER);
	struct lp_buf got;
	int rc;

	lp_buf_init(&got);
	pb = lp_playbook_parse(text, strlen(text), "pb", NULL, NULL, &err);
	if (pb != NULL)
		sc = lp_scorer_new(pb, h, now, &err);
	if (pb != NULL && sc != NULL)
		dump(pb, &got);
	else
		lp_buf_printf(&got, "%ld:%d: %s\n", err.line, err.col, err.msg);
	lp_buf_cstr(&got);
	rc = (ok == (sc != NULL) && strcmp(got.p, want) == 0) ? 0 : 1;
	if (rc != 0)
		fprintf(stderr, "%s:%ld: want %s\n%s-- got\n%s", file, at,
		    ok ? "success" : "failure", want, got.p);
	lp_scorer_free(sc);
	lp_playbook_free(pb);
	lp_header_free(h);
	lp_buf_fini(&got);
	return rc;
}

static void
run_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0, at = 0;
	struct lp_buf text, want;
	enum { NONE, TEXT, WANT } state = NONE;
	bool ok = false;
	char hdr[512] = "";

	if (f == NULL) {
		fprintf(stderr, "%s: cannot open\n", path);
		unit_fail++;
		return;
	}
	lp_buf_init(&text);
	lp_buf_init(&want);
	for (;;) {
		n = getline(&line, &cap, f);
		if (n < 0 || strncmp(line, "%%OK", 4) == 0 ||
		    strncmp(line, "%%FAIL", 6) == 0) {
			if (state == WANT) {
				if (run_case(path, at, ok, hdr[0] ? hdr : NULL,
				    lp_buf_cstr(&text), lp_buf_cstr(&want)) == 0)
					unit_pass++;
				else
					unit_fail++;
			}
			if (n < 0)
				break;
			lineno++;
			ok = line[2] == 'O';
			at = lineno;
			hdr[0] = '\0';
			sscanf(line + (ok ? 4 : 6), " %511[^\n]", hdr);
			text.n = want.n = 0;
			state = TEXT;
			continue;
		}
		lineno++;
		if (state == TEXT && strcmp(line, "%%\n") == 0)
			state = WANT;
		else if (state == TEXT)
			lp_buf_add(&text, line, (size_t)n);
		else if (state == WANT && line[0] != '\n' && line[0] != '#')
			lp_buf_add(&want, line, (size_t)n);
	}
	free(line);
	fclose(f);
	lp_buf_fini(&text);
	lp_buf_fini(&want);
}

static int
collect(void *arg, const struct lp_pb_item *it, struct lp_err *err)
{
	struct lp_buf *b = arg;

	(void)err;
	lp_buf_printf(b, "[%s|%s|%d|%d]", it->key, it->value ? it->value : "-",
	    it->col, it->vcol);
	return 0;
}

static void
test_api(void)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb;
	const struct lp_pb_setting *st;
	struct lp_buf b;
	double v;
	int64_t secs;
	const char *text =
	    "[playbook]\n"
	    "name = x, \"a, b\":\"c d\" , e:f\n"
	    "version = 12.5\n"
	    "description = 30d\n";

	lp_buf_init(&b);
	pb = lp_playbook_parse(text, strlen(text), "t", NULL, NULL, &err);
	CHECK(pb != NULL);
	if (pb == NULL)
		return;
	st = lp_pb_get(lp_playbook_section(pb, "playbook"), "name");
	CHECK(st != NULL);
	CHECK_INT(lp_pb_list(pb, st, collect, &b, &err), 0);
	CHECK_STR(lp_buf_cstr(&b), "[x|-|8|0][a, b|c d|11|18][e|f|26|28]");
	st = lp_pb_get(lp_playbook_section(pb, "playbook"), "version");
	CHECK_INT(lp_pb_number(pb, st, 0, 100, &v, &err), 0);
	CHECK(v == 12.5);
	CHECK_INT(lp_pb_number(pb, st, 0, 10, &v, &err), -1);
	CHECK_STR(err.msg, "version: 12.5 is out of range (allowed 0 to 10)");
	CHECK_INT(err.code, 78);
	CHECK_INT(err.col, 11);
	st = lp_pb_get(lp_playbook_section(pb, "playbook"), "description");
	CHECK_INT(lp_pb_duration(pb, st, &secs, &err), 0);
	CHECK_INT(secs, 30 * 86400);
	CHECK(lp_pb_get(lp_playbook_section(pb, "playbook"), "owner") == NULL);
	CHECK(lp_playbook_own_section(pb, "score") == NULL);
	/* Default stages. */
	CHECK_INT(lp_playbook_stage_of(pb, "MQL", 3), 1);
	CHECK_INT(lp_playbook_stage_of(pb, "Nurture", 7), 6);
	CHECK_INT(lp_playbook_stage_of(pb, "Lost", 4), 9);
	CHECK_INT(lp_playbook_stage_of(pb, "whatever", 8), -1);
	CHECK_INT(lp_playbook_stage_of(pb, "", 0), -1);
	lp_playbook_free(pb);

	/* lp_suggest */
	{
		static const char *const names[] = { "title", "email",
		    "employees", NULL };

		CHECK_STR(lp_suggest("titel", names), "title");
		CHECK_STR(lp_suggest("emplyees", names), "employees");
		CHECK(lp_suggest("zzzzz", names) == NULL);
	}

	/* The default playbook parses; its stages know real vocabularies. */
	err = (struct lp_err)LP_ERR_INIT;
	pb = lp_playbook_default(NULL, &err);
	CHECK(pb != NULL);
	if (pb != NULL) {
		static const struct { const char *status, *stage; } m[] = {
			{ "Open - Not Contacted", "new" },
			{ "Working - Contacted", "sal" },
			{ "Closed - Converted", "sql" },
			{ "other", "not_a_lead" },
			{ "-None-", "new" },
			{ "Attempting", "sal" },
			{ "Assigned", "sal" },
			{ "In Process", "sal" },
			{ "Dead", "disqualified" },
			{ "Nicht qualifiziert", "disqualified" },
			{ "Non qualifié", "disqualified" },
			{ "Closed - Not Converted", "disqualified" },
			{ "marketingqualifiedlead", "mql" },
			{ "Marketing Qualified Lead", "mql" },
			{ "OPEN_DEAL", "opportunity" },
			{ "UNQUALIFIED", "disqualified" },
			{ "customer", "won" },
			{ "sql", "sql" },
		};
		int ns;
		const struct lp_stage *stg = lp_playbook_stages(pb, &ns);

		for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
			int idx = lp_playbook_stage_of(pb, m[i].status,
			    strlen(m[i].status));

			CHECK_STR(idx >= 0 ? stg[idx].name : "(none)",
			    m[i].stage);
		}
		CHECK_STR(lp_playbook_name(pb), "<default>");
		CHECK(lp_playbook_section(pb, "score.fit")->nrules >= 8);
		CHECK(stg[lp_playbook_stage_find(pb, "sql", 3)].when != NULL);
		lp_playbook_free(pb);
	}
	lp_buf_fini(&b);
}

/* Missing sections come from the built-in default; present but empty
 * ones mean none (lead-playbook(5), Missing sections). */
static void
test_missing_sections(void)
{
	static const char text[] = "[score.fit]\n[scoer.engagement]\n";
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = lp_playbook_parse(text, sizeof(text) - 1,
	    "t.pb", NULL, NULL, &err);
	const struct lp_pb_section *s;

	CHECK(pb != NULL);
	if (pb == NULL)
		return;
	s = lp_playbook_section(pb, "score.fit");
	CHECK(s != NULL && s->nrules == 0);
	CHECK(lp_playbook_section_owner(pb, "score.fit") == pb);
	s = lp_playbook_section(pb, "score.engagement");
	CHECK(s != NULL && s->nrules >= 5);
	CHECK(lp_playbook_section_owner(pb, "score.engagement") != pb);
	CHECK(lp_playbook_own_section(pb, "score.engagement") == NULL);
	CHECK(lp_playbook_section(pb, "playbook") == NULL);
	CHECK(lp_playbook_section(pb, "check") != NULL);
	/* The default [stages] map, lent. */
	CHECK(lp_playbook_stage_of(pb, "UNQUALIFIED", 11) >= 0);
	s = lp_playbook_section_at(pb, 1);
	CHECK(s != NULL && s->unknown && strcmp(s->name, "scoer.engagement") == 0);
	CHECK(lp_playbook_section_at(pb, 2) == NULL);
	lp_playbook_free(pb);
}

/* lp_stager_stage: the precedence of lead-playbook(5), one row each. */
static void
test_stager(void)
{
	static const struct {
		const char *stage, *status, *mql_at, *want, *col;
	} c[] = {
		{ "customer", "UNQUALIFIED", "", "won", "Lifecycle Stage" },
		{ "customer", "BAD_TIMING", "", "won", "Lifecycle Stage" },
		{ "lead", "UNQUALIFIED", "", "disqualified", "Lead Status" },
		{ "lead", "Qualified", "", "sql", "Lead Status" },
		{ "salesqualifiedlead", "New", "", "sql", "Lifecycle Stage" },
		{ "", "", "", "new", "" },
		{ "", "Hot", "", "(unknown)", "Lead Status" },
		{ "lead", "Hot", "", "new", "Lifecycle Stage" },
		{ "lead", "", "2026-10-01", "mql", "mql_at" },
		{ "", "Nurturing", "2026-10-01", "nurture", "Lead Status" },
	};
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = lp_playbook_default(NULL, &err);
	struct lp_header *h = lp_header_new();
	struct lp_stager *st;
	int ns;
	const struct lp_stage *stg;

	CHECK(pb != NULL);
	if (pb == NULL)
		return;
	stg = lp_playbook_stages(pb, &ns);
	lp_header_add(h, "Lifecycle Stage");
	lp_header_add(h, "Lead Status");
	lp_header_add(h, "mql_at");
	st = lp_stager_new(pb, h, now, NULL, &err);
	CHECK(st != NULL);
	for (size_t i = 0; st != NULL && i < sizeof(c) / sizeof(c[0]); i++) {
		struct lp_record *r = lp_record_new(h);
		struct lp_stage_at at;
		int idx;

		lp_record_set(r, 0, c[i].stage, strlen(c[i].stage));
		lp_record_set(r, 1, c[i].status, strlen(c[i].status));
		lp_record_set(r, 2, c[i].mql_at, strlen(c[i].mql_at));
		idx = lp_stager_stage(st, r, &at);
		CHECK_STR(idx >= 0 ? stg[idx].name : "(unknown)", c[i].want);
		CHECK_STR(at.col >= 0 ? lp_header_name(h, at.col) : "",
		    c[i].col);
		lp_record_free(r);
	}
	lp_stager_free(st);
	lp_header_free(h);
	lp_playbook_free(pb);
}

/* Rules a missing column switches off (lp_playbook_unfired). */
static void
unfired_cb(void *arg, const char *field, const char *what)
{
	lp_buf_printf(arg, "%s: %s;", field, what);
}

static void
test_unfired(void)
{
	static const char text[] =
	    "[score.fit]\n"
	    "+10 \"Big\"     employees >= 200\n"
	    "-5  \"Small\"   employees < 10\n"
	    "+5  \"Phone\"   coalesce(phone, mobile) is not empty\n"
	    "+5  \"No fax\"  fax is empty\n"
	    "+5  \"US\"      country = US\n"
	    "[score.engagement]\n"
	    "half_life = 30d from last_activity_at\n"
	    "+2 \"Views\"    per page_views max 20\n"
	    "+5 \"Clicks\"   per email_clicks when country = US\n";
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = lp_playbook_parse(text, strlen(text), "u.pb",
	    NULL, NULL, &err);
	struct lp_header *h = lp_header_new();
	struct lp_buf b;

	lp_buf_init(&b);
	CHECK(pb != NULL);
	lp_header_add(h, "phone");
	lp_header_add(h, "email_clicks");
	lp_header_add(h, "last_activity_at");
	lp_header_add(h, "fax");
	lp_header_add(h, "mobile");
	CHECK_INT(lp_playbook_unfired(pb, h, now, true, unfired_cb, &b), 3);
	CHECK_STR(lp_buf_cstr(&b), "employees: \"Big\", \"Small\" cannot fire;"
	    "country: \"US\", \"Clicks\" cannot fire;"
	    "page_views: \"Views\" cannot fire;");
	lp_header_free(h);
	/* Without the decay's field; engagement left out for --events. */
	h = lp_header_new();
	lp_header_add(h, "employees");
	lp_header_add(h, "country");
	lp_header_add(h, "phone");
	lp_header_add(h, "fax");
	b.n = 0;
	CHECK_INT(lp_playbook_unfired(pb, h, now, true, unfired_cb, &b), 3);
	CHECK_STR(lp_buf_cstr(&b), "page_views: \"Views\" cannot fire;"
	    "email_clicks: \"Clicks\" cannot fire;"
	    "last_activity_at: engagement counts nothing: no date to decay "
	    "from (half_life ... from last_activity_at);");
	b.n = 0;
	CHECK_INT(lp_playbook_unfired(pb, h, now, false, unfired_cb, &b), 0);
	lp_header_free(h);
	lp_buf_fini(&b);
	lp_playbook_free(pb);
}

int
main(int argc, char *argv[])
{
	test_api();
	test_missing_sections();
	test_stager();
	test_unfired();
	run_file(argc > 1 ? argv[1] : "tests/playbook.test");
	return UNIT_DONE("playbook");
}
