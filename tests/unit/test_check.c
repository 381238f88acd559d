/* test_check -- lp_check: rule syntax, each check kind, the gate, summary,
 * JUnit and lint. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lp_check.h"
#include "lp_playbook.h"
#include "unit.h"

static struct lp_playbook *
pb_of(const char *text)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = lp_playbook_parse(text, strlen(text), "t.pb",
	    NULL, NULL, &err);

	if (pb == NULL)
		fprintf(stderr, "playbook: %s\n", err.msg);
	return pb;
}

static struct lp_header *
hdr_of(const char *const *names)
{
	struct lp_header *h = lp_header_new();

	for (int i = 0; names[i] != NULL; i++)
		lp_header_add(h, names[i]);
	return h;
}

static void
rec_fill(struct lp_record *r, const char *const *vals)
{
	for (int i = 0; vals[i] != NULL; i++)
		lp_record_set(r, i, vals[i], strlen(vals[i]));
}

/* The messages of one record's violations, "rule=message;..." */
static const char *
run(struct lp_checker *ck, struct lp_record *r, const char *const *vals)
{
	static char out[2048];
	const struct lp_violation *v;
	int n;

	rec_fill(r, vals);
	n = lp_check_record(ck, r, &v, NULL);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t k = strlen(out);

		snprintf(out + k, sizeof(out) - k, "%s%s=%.*s", i ? ";" : "",
		    v[i].rule, (int)v[i].message.n, v[i].message.p);
	}
	return out;
}

/* Compile one rule against a header; the error message, or "" when ok. */
static const char *
compile_err(const char *rule)
{
	static char msg[600];
	struct lp_err err = LP_ERR_INIT;
	char text[512];
	static const char *const names[] = { "email", "status", "owner",
	    "created_at", "closed_at", NULL };
	struct lp_header *h = hdr_of(names);
	struct lp_playbook *pb;
	struct lp_checker *ck;

	snprintf(text, sizeof(text), "[check]\n%s\n", rule);
	pb = pb_of(text);
	ck = pb ? lp_checker_new(pb, h, 0, NULL, &err) : NULL;
	if (ck != NULL)
		msg[0] = '\0';
	else
		snprintf(msg, sizeof(msg), "%d:%d: %s", (int)err.line, err.col,
		    err.msg);
	lp_checker_free(ck);
	lp_playbook_free(pb);
	lp_header_free(h);
	return msg;
}

static void
test_syntax(void)
{
	CHECK_STR(compile_err("\"A\" = error: email is required"), "");
	CHECK_STR(compile_err("\"A\" = email is email"), "");
	CHECK_STR(compile_err("\"A\" = warn: email is an email"), "");
	CHECK_STR(compile_err("\"A\" = warning: (email, owner) is unique"), "");
	CHECK_STR(compile_err("\"A\" = error: owner is required from stage sql "
	    "when email is not empty"), "");
	CHECK_STR(compile_err("\"A\" = error: owner is required when email is "
	    "not empty at stage won, lost"), "");
	CHECK_STR(compile_err("\"A\" = error: email ~ /when at stage/"), "");
	CHECK_STR(compile_err("\"A\" = fatal: email is email"),
	    "2:7: unknown severity 'fatal' (write error: or warning:)");
	CHECK_STR(compile_err("\"A\" = error: email is emial"),
	    "2:23: unknown check 'is emial' (did you mean 'is email'?)");
	CHECK_STR(compile_err("\"A\" = error: emial is email"),
	    "2:14: unknown field 'emial' (did you mean 'email'?)");
	CHECK_STR(compile_err("\"A\" = error: owner is required at stage wonn"),
	    "2:41: unknown stage 'wonn' (did you mean 'won'?)");
	CHECK_STR(compile_err("\"A\" = error: owner is required from stage "
	    "nurture"), "2:43: 'from stage' needs a funnel stage ('nurture' is "
	    "not in [stages] order; use 'at stage')");
	CHECK_STR(compile_err("\"A\" = error: (email, owner) is required"),
	    "2:29: a (field, ...) list is for 'is unique'");
	CHECK_STR(compile_err("\"A\" = error: email is one of web"),
	    "2:30: expected a list in parentheses: (a, b, \"c d\")");
	CHECK_STR(compile_err("\"A\" = error: lower(email)"),
	    "2:14: expected a condition such as 'amount >= 0' (or a check "
	    "such as 'amount is number')");
	CHECK_STR(compile_err("\"A\" = error: email is email extra"),
	    "2:29: unexpected text after the check");
	CHECK_STR(compile_err("\"A\" = error:"),
	    "2:13: rule \"A\" has no check (write e.g. 'error: email is "
	    "required')");
	CHECK_STR(compile_err("\"A\" = error: email is email\n\"A\" = error: "
	    "owner is required"), "3:1: duplicate rule \"A\" (first on line 2)");
	CHECK_STR(compile_err("max_erors = 1"),
	    "2:1: unknown key 'max_erors' in [check] (did you mean "
	    "'max_errors'?)");
	CHECK_STR(compile_err("max_error_rate = 101%"),
	    "2:18: max_error_rate: 101 is out of range (allowed 0 to 100)");
}

static void
test_rules(void)
{
	static const char *const names[] = { "email", "phone", "country",
	    "created_at", "closed_at", "status", "owner", "lead_source",
	    "amount", "website", "employees", "first_name", "last_name", NULL };
	const char *pbtext =
	    "[check]\n"
	    "\"req\" = error: email is required\n"
	    "\"mail\" = error: email is email\n"
	    "\"tel\" = warning: phone is phone\n"
	    "\"e164\" = warning: phone is e164\n"
	    "\"cc\" = warning: country is country\n"
	    "\"date\" = error: created_at is date\n"
	    "\"num\" = warning: employees is number\n"
	    "\"int\" = warning: employees is integer\n"
	    "\"url\" = warning: website is url\n"
	    "\"stage\" = warning: status is stage\n"
	    "\"src\" = warning: lead_source is one of (web, \"paid search\")\n"
	    "\"re\" = error: last_name !~ /^test$/i\n"
	    "\"uniq\" = error: email is unique\n"
	    "\"pair\" = warning: (first_name, last_name) is unique\n"
	    "\"order\" = error: closed_at is not before created_at\n"
	    "\"owner\" = error: owner is required from stage sql\n"
	    "\"dq\" = error: owner is required at stage disqualified "
	    "when amount > 10\n"
	    "\"cond\" = warning: amount >= 0 when amount is not empty\n";
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = pb_of(pbtext);
	struct lp_header *h = hdr_of(names);
	struct lp_checker *ck = lp_checker_new(pb, h, 0, NULL, &err);
	struct lp_record *r = lp_record_new(h);
	struct lp_buf b = { 0 };

	CHECK(ck != NULL);
	if (ck == NULL) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK_INT(lp_check_nrules(ck), 18);
	/* email phone country created closed status owner source amount
	 * website employees first last */
	CHECK_STR(run(ck, r, (const char *const[]){ "ann@acme.com",
	    "+14155550100", "US", "2026-01-02", "2026-01-02T10:00:00Z", "new",
	    "", "web", "5", "https://acme.com/x?y=1", "200", "Ann", "Lee",
	    NULL }), "");
	CHECK_STR(run(ck, r, (const char *const[]){ "", "12", "Atlantis",
	    "01/02/2026", "", "SQL", "", "Paid Search", "-1", "acme",
	    "2.5", "Bo", "Test", NULL }),
	    "req=required but empty;tel=not a phone number;"
	    "e164=not an E.164 phone number (+14155550123);"
	    "cc=not a known country;"
	    "date=ambiguous date (give --dates mdy or dmy);int=not a whole number;"
	    "url=not a URL;re=matches /^test$/i;owner=required but empty;"
	    "cond=does not hold: amount >= 0");
	CHECK_STR(run(ck, r, (const char *const[]){ "ANN@acme.com",
	    "(415) 555-0100", "us", "2026-03-01", "2026-02-28", "Maybe", "",
	    "event", "", "www.acme.co.uk", "1.234", "ann", "LEE", NULL }),
	    "e164=not an E.164 phone number (+14155550123);"
	    "num=ambiguous number (1.2 or 1200?);"
	    "int=ambiguous number (1.2 or 1200?);"
	    "stage=not a known status or stage (see [stages]);"
	    "src=not one of web, \"paid search\";"
	    "uniq=duplicate of line 0;pair=duplicate of line 0;"
	    "order=before created_at (2026-03-01)");
	CHECK_STR(run(ck, r, (const char *const[]){ "N/A", "", "", "", "",
	    "disqualified", "", "", "50", "", "", "", "", NULL }),
	    "mail=not an email address;dq=required but empty");
	CHECK_STR(run(ck, r, (const char *const[]){ "x@y.io", "", "", "", "",
	    "disqualified", "", "", "5", "", "", "", "", NULL }), "");
	/* Same day: a date without a time is the whole day. */
	CHECK_STR(run(ck, r, (const char *const[]){ "z@y.io", "", "",
	    "2026-05-01T18:00:00Z", "2026-05-01", "", "", "", "", "", "", "",
	    "", NULL }), "");
	{
		const struct lp_check_totals *t = lp_check_totals(ck);

		CHECK_INT(t->rows, 6);
		CHECK_INT(t->errors, 8);
		CHECK_INT(t->warnings, 12);
		CHECK_INT(t->error_rows, 3);
		CHECK_INT(t->max_errors, 0);
		CHECK(t->failed);
	}
	lp_check_summary(ck, "lead-check", &b);
	CHECK(strstr(lp_buf_cstr(&b), "lead-check: 6 rows checked, 8 errors "
	    "in 3 rows (50.0%), 12 warnings, 18 rules\n") == b.p);
	CHECK(strstr(b.p, "  error   2  req\n") == NULL);
	CHECK(strstr(b.p, "  error   1  req\n") != NULL);
	CHECK(strstr(b.p, "lead-check: FAIL: 8 errors (only 0 allowed)\n") !=
	    NULL);
	b.n = 0;
	lp_check_junit(ck, "in & out.csv", 1.5, &b);
	lp_buf_cstr(&b);
	CHECK(strstr(b.p, "<testsuite name=\"in &amp; out.csv\" tests=\"19\" "
	    "failures=\"9\" errors=\"0\" skipped=\"0\" time=\"1.500\">") !=
	    NULL);
	CHECK(strstr(b.p, "<testcase classname=\"lead-check.gate\" "
	    "name=\"gate\" time=\"1.500\">\n      <failure type=\"gate\" "
	    "message=\"FAIL: 8 errors (only 0 allowed)\">") != NULL);
	CHECK(strstr(b.p, "<testcase classname=\"lead-check.error\" "
	    "name=\"uniq\" time=\"0\">") != NULL);
	CHECK(strstr(b.p, "amount &gt;= 0") != NULL);
	lp_buf_fini(&b);
	lp_record_free(r);
	lp_checker_free(ck);
	lp_header_free(h);
	lp_playbook_free(pb);
}

static void
test_gate(void)
{
	static const char *const names[] = { "email", NULL };
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = pb_of("[check]\nmax_errors = 1\n"
	    "max_error_rate = 40%\n\"mail\" = error: email is email\n");
	struct lp_header *h = hdr_of(names);
	struct lp_check_opts o = LP_CHECK_OPTS_INIT;
	struct lp_checker *ck = lp_checker_new(pb, h, 0, NULL, &err);
	struct lp_record *r = lp_record_new(h);

	run(ck, r, (const char *const[]){ "bad", NULL });
	run(ck, r, (const char *const[]){ "a@b.co", NULL });
	run(ck, r, (const char *const[]){ "a@b.co", NULL });
	CHECK(!lp_check_totals(ck)->failed);	/* 1 error, 33% */
	run(ck, r, (const char *const[]){ "bad", NULL });
	CHECK(lp_check_totals(ck)->failed);	/* 2 errors */
	lp_checker_free(ck);
	/* The caller's gate replaces the playbook's. */
	o.max_error_rate = 60;
	ck = lp_checker_new(pb, h, 0, &o, &err);
	run(ck, r, (const char *const[]){ "bad", NULL });
	run(ck, r, (const char *const[]){ "bad", NULL });
	run(ck, r, (const char *const[]){ "a@b.co", NULL });
	CHECK_INT(lp_check_totals(ck)->max_errors, -1);
	CHECK(lp_check_totals(ck)->failed);	/* 67% */
	run(ck, r, (const char *const[]){ "a@b.co", NULL });
	CHECK(!lp_check_totals(ck)->failed);	/* 50% */
	lp_checker_free(ck);
	lp_record_free(r);
	lp_header_free(h);
	lp_playbook_free(pb);
}

/* Rejected records are errors in rows of their own: in the count, and
 * on both sides of the rate; a rejects file is read and checked. */
static void
test_gate_rejects(void)
{
	static const char *const names[] = { "email", NULL };
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = pb_of("[check]\n"
	    "\"mail\" = error: email is email\n");
	struct lp_header *h = hdr_of(names);
	struct lp_check_opts o = LP_CHECK_OPTS_INIT;
	struct lp_checker *ck;
	struct lp_record *r = lp_record_new(h);
	struct lp_io_opts io = { 0 };
	struct lp_limits lim = LP_LIMITS_DEFAULT;
	char path[] = "/tmp/test_check_rejXXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");

	o.max_error_rate = 40;
	ck = lp_checker_new(pb, h, 0, &o, &err);
	run(ck, r, (const char *const[]){ "a@b.co", NULL });
	run(ck, r, (const char *const[]){ "a@b.co", NULL });
	lp_check_add_rejects(ck, "own.csv", 1);
	CHECK(!lp_check_totals(ck)->failed);	/* 1 of 3: 33% */
	CHECK_INT(lp_check_totals(ck)->rejected, 1);
	CHECK_INT(lp_check_totals(ck)->rows, 2);
	fputs("file,line,reason,record\nx.csv,4,\"too many, fields\","
	    "\"1,\"\"a\nb\"\"\"\n", fp);
	fclose(fp);
	io.limits = lim;
	CHECK_INT(lp_check_read_rejects(ck, &io, path, &err), 0);
	CHECK_INT(lp_check_totals(ck)->rejected, 2);
	CHECK(lp_check_totals(ck)->failed);	/* 2 of 4: 50% */
	CHECK_INT(lp_check_read_rejects(ck, &io, "/nonexistent/r.csv", &err),
	    -1);
	CHECK_INT(err.code, 66);
	lp_checker_free(ck);
	/* A count: 1 error and 1 rejected record are 2 errors. */
	o = (struct lp_check_opts)LP_CHECK_OPTS_INIT;
	o.max_errors = 1;
	ck = lp_checker_new(pb, h, 0, &o, &err);
	run(ck, r, (const char *const[]){ "bad", NULL });
	CHECK(!lp_check_totals(ck)->failed);
	lp_check_add_rejects(ck, "own.csv", 1);
	CHECK(lp_check_totals(ck)->failed);
	lp_checker_free(ck);
	unlink(path);
	lp_record_free(r);
	lp_header_free(h);
	lp_playbook_free(pb);
}

static int lint_errors, lint_warnings;
static char lint_last[600];

static void
lint_cb(void *arg, const struct lp_err *e, bool warning)
{
	(void)arg;
	if (warning)
		lint_warnings++;
	else
		lint_errors++;
	snprintf(lint_last, sizeof(lint_last), "%ld:%d: %s", e->line, e->col,
	    e->msg);
}

/* Rules that cannot fire are skipped; row guards; a passing gate's
 * JUnit has no failure although an error rule has violations. */
static void
skip_cb(void *arg, const char *label, const char *reason)
{
	struct lp_buf *b = arg;

	lp_buf_printf(b, "%s: %s;", label, reason);
}

static void
test_skipped(void)
{
	static const char *const names[] = { "lead_id", "email", NULL };
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = pb_of("[check]\n"
	    "\"mail\" = error: email is email\n"
	    "\"emp\" = warning: employees is number\n"
	    "\"pair\" = error: (email, company) is unique\n"
	    "\"order\" = error: closed_at is not before created_at\n"
	    "\"cond holds\" = error: amount is empty\n"
	    "\"cond fails\" = error: amount > 0\n"
	    "\"when never\" = error: email is required when amount > 0\n"
	    "\"when always\" = error: email is required when amount is empty\n"
	    "\"stage\" = error: email is required at stage won\n"
	    "\"req\" = error: owner is required\n");
	struct lp_header *h = hdr_of(names);
	struct lp_check_opts o = LP_CHECK_OPTS_INIT;
	struct lp_checker *ck;
	struct lp_record *r = lp_record_new(h);
	struct lp_buf b;

	lp_buf_init(&b);
	o.min_rows = 2;
	o.max_errors = 5;
	ck = lp_checker_new(pb, h, 0, &o, &err);
	CHECK(ck != NULL);
	CHECK_INT(lp_check_skipped(ck, skip_cb, &b), 6);
	CHECK_STR(lp_buf_cstr(&b), "emp: no 'employees' column in the input;"
	    "pair: no 'company' column in the input;"
	    "order: no 'closed_at', 'created_at' columns in the input;"
	    "cond holds: no 'amount' column in the input;"
	    "when never: no 'amount' column in the input;"
	    "stage: no stage or status column in the input;");
	CHECK(lp_check_totals(ck)->failed);	/* 0 rows, 2 required */
	CHECK_STR(run(ck, r, (const char *const[]){ "1", "bad", NULL }),
	    "mail=not an email address;cond fails=does not hold: amount > 0;"
	    "req=required, and the input has no owner column");
	CHECK(lp_check_totals(ck)->failed);	/* 1 row */
	run(ck, r, (const char *const[]){ "2", "a@b.co", NULL });
	CHECK(!lp_check_totals(ck)->failed);	/* 2 rows, 5 errors */
	b.n = 0;
	lp_check_summary(ck, "lc", &b);
	CHECK(strstr(lp_buf_cstr(&b), ", 10 rules (6 skipped)\n") != NULL);
	CHECK(strstr(b.p, "  skipped    emp (no 'employees' column in the "
	    "input)\n") != NULL);
	CHECK(strstr(b.p, "lc: PASS: 2 rows (at least 2 required), 5 errors "
	    "(up to 5 allowed)\n") != NULL);
	b.n = 0;
	lp_check_junit(ck, "s", 0.25, &b);
	lp_buf_cstr(&b);
	CHECK(strstr(b.p, "tests=\"11\" failures=\"0\" errors=\"0\" "
	    "skipped=\"6\" time=\"0.250\"") != NULL);
	CHECK(strstr(b.p, "<failure") == NULL);
	CHECK(strstr(b.p, "<system-out>1 error (within the gate)\n") != NULL);
	CHECK(strstr(b.p, "name=\"emp\" time=\"0\">\n      <skipped "
	    "message=\"cannot fire: no 'employees' column in the input\"/>")
	    != NULL);
	lp_checker_free(ck);
	/* Exactly so many rows. */
	o.min_rows = -1;
	o.expect_rows = 1;
	ck = lp_checker_new(pb, h, 0, &o, &err);
	run(ck, r, (const char *const[]){ "1", "a@b.co", NULL });
	CHECK(!lp_check_totals(ck)->failed);
	run(ck, r, (const char *const[]){ "2", "a@b.co", NULL });
	CHECK(lp_check_totals(ck)->failed);
	b.n = 0;
	lp_check_summary(ck, "lc", &b);
	CHECK(strstr(lp_buf_cstr(&b), "lc: FAIL: 2 rows (1 expected), ") !=
	    NULL);
	lp_checker_free(ck);
	lp_buf_fini(&b);
	lp_record_free(r);
	lp_header_free(h);
	lp_playbook_free(pb);
}

static void
test_lint(void)
{
	static const char *const names[] = { "email", "status", NULL };
	struct lp_playbook *pb = pb_of("[check]\n"
	    "\"a\" = error: emial is email\n"
	    "\"b\" = error: email is emal\n"
	    "\"c\" = error: owner is required from stage sql\n"
	    "\"d\" = warning: phone is phone when country = US\n");
	struct lp_header *h = hdr_of(names);

	CHECK_INT(lp_check_lint(pb, NULL, 0, lint_cb, NULL), 2);
	CHECK_INT(lint_errors, 2);
	CHECK_INT(lint_warnings, 0);
	lint_errors = 0;
	CHECK_INT(lp_check_lint(pb, h, 0, lint_cb, NULL), 2);
	CHECK_INT(lint_warnings, 1);
	CHECK_STR(lint_last, "5:7: check \"d\" reads 'phone', 'country', "
	    "which no input has");
	lp_header_free(h);
	lp_playbook_free(pb);
}

int
main(void)
{
	test_syntax();
	test_rules();
	test_gate();
	test_gate_rejects();
	test_skipped();
	test_lint();
	return UNIT_DONE("test_check");
}
