/*
 * test_report -- the report's merge property and its building blocks.
 *
 * report(all) == merge(partial(part 1), ..., partial(part k)), byte for
 * byte in every output form (text, CSV, JSON, Markdown, HTML), on
 * generated leads split at random points into 2-5 parts, for several
 * option sets; a state merged twice counts twice; states of another
 * playbook or other options are refused; HTML escaping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_html.h"
#include "lp_playbook.h"
#include "lp_report.h"
#include "unit.h"

static const char *const cols[] = {
	"lead_id", "lead_source", "campaign", "owner", "grade", "score",
	"stage", "status", "dq_reason", "created_at", "first_touch_at",
	"sla_due_at", "converted_at", "closed_at", "recycled", "recycle_at",
	"last_activity_at", "mql_at"
};
#define NCOLS	(int)(sizeof(cols) / sizeof(cols[0]))
#define NREC	2500

static unsigned long long rng = 20261101;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng >> 33) % n);
}

static const char *
pick(const char *const *v, unsigned n)
{
	return v[rnd(n)];
}

/* A time n seconds after 2025-06-01, ISO 8601, or "" now and then. */
static void
iso(char *out, long long base, long long add, unsigned empty_pct)
{
	long long t = base + add;
	long long d = t / 86400, s = t % 86400;
	/* Civil date from days since 1970 (Hinnant). */
	long long z = d + 719468, era = z / 146097, doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153, dd = doy - (153 * mp + 2) / 5 + 1;
	long long mm = mp < 10 ? mp + 3 : mp - 9, yy = yoe + era * 400 +
	    (mm <= 2);

	if (rnd(100) < empty_pct) {
		out[0] = '\0';
		return;
	}
	sprintf(out, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", yy, mm, dd,
	    s / 3600, s / 60 % 60, s % 60);
}

static struct lp_record **
make_records(struct lp_header *h)
{
	static const char *const src[] = { "Web", "Event", "Partner",
	    "Google Ads", "", "Referral", "=HYPERLINK(\"x\")" };
	static const char *const camp[] = { "Spring", "Expo", "", "Fair",
	    "<b>Q4</b> & more" };
	static const char *const own[] = { "Ann", "Bob", "", "Cem", "Dee" };
	static const char *const grade[] = { "A", "B", "C", "D", "" };
	static const char *const stage[] = { "new", "mql", "sal", "sql",
	    "opportunity", "won", "nurture", "disqualified", "lost", "", "" };
	static const char *const status[] = { "Working - Contacted",
	    "Closed - Not Converted", "Nurturing", "Bogus", "" };
	static const char *const why[] = { "Too small", "Spam", "", "" };
	struct lp_record **v = calloc(NREC, sizeof(*v));

	for (int i = 0; i < NREC; i++) {
		char b[64];
		long long c = 86400LL * 20240 + rnd(86400 * 500);
		struct lp_record *r = lp_record_new(h);

		snprintf(b, sizeof(b), "L%05d", i);
		lp_record_set(r, 0, b, strlen(b));
#define SET(col, s) do { const char *s_ = (s); \
	lp_record_set(r, col, s_, strlen(s_)); } while (0)
		SET(1, pick(src, 7));
		SET(2, pick(camp, 5));
		SET(3, pick(own, 5));
		SET(4, pick(grade, 5));
		snprintf(b, sizeof(b), "%d", (int)rnd(140) - 20);
		SET(5, rnd(10) == 0 ? "" : b);
		SET(6, pick(stage, 11));
		SET(7, pick(status, 5));
		SET(8, pick(why, 4));
		iso(b, c, 0, 3);
		SET(9, rnd(50) == 0 ? "garbage" : b);
		iso(b, c, rnd(86400 * 4) - 3600, 25);
		SET(10, b);
		iso(b, c, 86400, 20);
		SET(11, b);
		iso(b, c, rnd(86400 * 90), 60);
		SET(12, b);
		iso(b, c, rnd(86400 * 200), 60);
		SET(13, b);
		SET(14, rnd(5) == 0 ? "yes" : "");
		iso(b, c, 86400 * 30, 30);
		SET(15, b);
		iso(b, c, rnd(86400 * 60), 30);
		SET(16, b);
		iso(b, c, rnd(86400 * 20), 70);
		SET(17, b);
		v[i] = r;
	}
	return v;
}

/* Every output form of a report, concatenated. */
static void
render_all(const struct lp_report *r, struct lp_buf *b)
{
	struct lp_tables *ts = lp_report_tables(r);

	b->n = 0;
	for (int f = LP_REPORT_TEXT; f <= LP_REPORT_MARKDOWN; f++)
		lp_report_render(ts, (enum lp_report_format)f, NULL, true, b);
	lp_report_html(r, ts, b);
	lp_report_tables_free(ts);
}

static void
merge_property(const struct lp_playbook *pb, struct lp_header *h,
    struct lp_record **recs, const struct lp_report_opts *o)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_report *all = lp_report_new(pb, h, o, &err), *m = NULL;
	struct lp_buf one = { 0 }, got = { 0 }, st = { 0 };
	unsigned bits;

	CHECK(all != NULL);
	if (all == NULL)
		return;
	for (int i = 0; i < NREC; i++)
		lp_report_add(all, recs[i], &bits);
	render_all(all, &one);
	for (int trial = 0; trial < 8; trial++) {
		int k = 2 + (int)rnd(4), cut[6], i, p;

		/* k parts at sorted random points; a part may be empty. */
		cut[0] = 0;
		cut[k] = NREC;
		for (i = 1; i < k; i++)
			cut[i] = (int)rnd(NREC + 1);
		for (i = 1; i < k; i++)
			for (p = i + 1; p < k; p++)
				if (cut[p] < cut[i]) {
					int t = cut[i];

					cut[i] = cut[p];
					cut[p] = t;
				}
		st.n = 0;
		for (p = 0; p < k; p++) {
			struct lp_report *part = lp_report_new(pb, h, o, &err);

			for (i = cut[p]; i < cut[p + 1]; i++)
				lp_report_add(part, recs[i], &bits);
			lp_report_partial(part, &st);
			lp_report_free(part);
		}
		m = NULL;
		CHECK_INT(lp_report_merge(&m, st.p, st.n, "parts", &err), k);
		CHECK(m != NULL);
		if (m == NULL)
			break;
		render_all(m, &got);
		CHECK(got.n == one.n && memcmp(got.p, one.p, one.n) == 0);
		if (got.n != one.n || memcmp(got.p, one.p, one.n) != 0) {
			fprintf(stderr, "split into %d parts differs\n", k);
			break;
		}
		/* The merged state's own partial merges to the same. */
		st.n = 0;
		lp_report_partial(m, &st);
		lp_report_free(m);
		m = NULL;
		CHECK_INT(lp_report_merge(&m, st.p, st.n, "merged", &err), 1);
		render_all(m, &got);
		CHECK(got.n == one.n && memcmp(got.p, one.p, one.n) == 0);
		lp_report_free(m);
	}
	CHECK_INT(err.code, 0);
	lp_buf_fini(&one);
	lp_buf_fini(&got);
	lp_buf_fini(&st);
	lp_report_free(all);
}

static void
refusals(const struct lp_playbook *pb, struct lp_header *h)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_report_opts o = { .band = 20, .now = 1793491200 };
	struct lp_report *a = lp_report_new(pb, h, &o, &err), *m = NULL;
	struct lp_playbook *pb2;
	struct lp_buf s = { 0 };
	static const char other[] = "[stages]\norder = new, won\n";

	lp_report_partial(a, &s);
	o.by = "owner";
	lp_report_free(a);
	a = lp_report_new(pb, h, &o, &err);
	lp_report_partial(a, &s);
	CHECK_INT(lp_report_merge(&m, s.p, s.n, "two", &err), -1);
	CHECK_INT(err.code, 65);
	CHECK(strstr(err.msg, "another --by") != NULL);
	lp_report_free(m);
	lp_report_free(a);

	err = (struct lp_err)LP_ERR_INIT;
	pb2 = lp_playbook_parse(other, sizeof(other) - 1, "other", NULL, NULL,
	    &err);
	o.by = NULL;
	s.n = 0;
	a = lp_report_new(pb, h, &o, &err);
	lp_report_partial(a, &s);
	lp_report_free(a);
	a = lp_report_new(pb2, h, &o, &err);
	lp_report_partial(a, &s);
	m = NULL;
	CHECK_INT(lp_report_merge(&m, s.p, s.n, "two", &err), -1);
	CHECK(strstr(err.msg, "another playbook") != NULL);
	lp_report_free(m);
	lp_report_free(a);
	lp_playbook_free(pb2);

	/* Not a state at all; a cut-off state. */
	err = (struct lp_err)LP_ERR_INIT;
	m = NULL;
	CHECK_INT(lp_report_merge(&m, "lead_id\n", 8, "x", &err), -1);
	CHECK_INT(err.line, 1);
	err = (struct lp_err)LP_ERR_INIT;
	CHECK_INT(lp_report_merge(&m, s.p, 60, "x", &err), -1);
	CHECK_INT(err.code, 65);
	lp_report_free(m);

	/* --by a field that is not there; --goal off the funnel. */
	err = (struct lp_err)LP_ERR_INIT;
	o.by = "ownr";
	CHECK(lp_report_new(pb, h, &o, &err) == NULL);
	CHECK_STR(err.msg, "--by: no field 'ownr' in the input (did you "
	    "mean 'owner'?)");
	err = (struct lp_err)LP_ERR_INIT;
	o.by = NULL;
	o.goal = "nurture";
	CHECK(lp_report_new(pb, h, &o, &err) == NULL);
	CHECK_INT(err.code, 64);
	lp_buf_fini(&s);
}

static void
html_escaping(void)
{
	struct lp_buf b = { 0 };

	lp_html_escs(&b, "<a href=\"x\">&'</a>");
	CHECK_MEM(b.p, b.n, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	b.n = 0;
	/* Invalid UTF-8, a C1 control, an escape and a NUL-free tab. */
	lp_html_esc(&b, "a\xff" "b\xc2\x85" "c\x1b" "d\te\xc3\xa9", 12);
	CHECK_MEM(b.p, b.n, "a\xef\xbf\xbd" "bcd e\xc3\xa9");
	b.n = 0;
	lp_svg_bars(&b, "t</title>", &(struct lp_bar){ "<x>", 5, 1, 0, "5",
	    NULL }, 1, 0, 300);
	CHECK(strstr(b.p, "<title>t&lt;/title&gt;</title>") != NULL);
	CHECK(strstr(b.p, "&lt;x&gt;") != NULL);
	lp_buf_fini(&b);
}

int
main(void)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = lp_playbook_default(NULL, &err);
	struct lp_header *h = lp_header_new();
	struct lp_record **recs;
	struct lp_report_opts o = { .band = 20, .now = 1793491200 };

	for (int i = 0; i < NCOLS; i++)
		lp_header_add(h, cols[i]);
	recs = make_records(h);
	merge_property(pb, h, recs, &o);
	o.by = "lead_source,campaign";
	o.cohort = LP_COHORT_WEEK;
	merge_property(pb, h, recs, &o);
	o.by = "owner";
	o.cohort = LP_COHORT_QUARTER;
	o.has_since = true;
	o.since = 86400LL * 20300;
	o.goal = "sql";
	o.band = 7;
	merge_property(pb, h, recs, &o);
	refusals(pb, h);
	html_escaping();
	for (int i = 0; i < NREC; i++)
		lp_record_free(recs[i]);
	free(recs);
	lp_header_free(h);
	lp_playbook_free(pb);
	return UNIT_DONE("test_report");
}
