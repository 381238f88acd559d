/*
 * test_phone -- lp_phone against libphonenumber: every line of
 * tests/data/phone_cases.tsv (made by scripts/phone-cases from
 * python3-phonenumbers) read through lp_phone_e164 must give the
 * expected E.164 and type, or the expected reason.  Prints the agreement
 * on valid inputs, the wrong numbers and the invalid inputs written as
 * E.164.  Run from the top of the tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_phone.h"
#include "lp_util.h"
#include "unit.h"

#define CASES	"tests/data/phone_cases.tsv"

static struct lp_phone *ph;
static struct lp_buf out, why;

/* "E164 type", "E164 type +note" or "!reason" for s read in region. */
static const char *
run(const char *s, const char *region)
{
	static char res[256];
	enum lp_phone_type t;

	out.n = why.n = 0;
	if (lp_phone_e164(ph, s, strlen(s), region, &out, &why, &t) != 0)
		snprintf(res, sizeof(res), "!%.*s", (int)why.n, why.p);
	else
		snprintf(res, sizeof(res), "%.*s %s%s%.*s", (int)out.n, out.p,
		    lp_phone_type_name(t), why.n ? " +" : "", (int)why.n,
		    why.p ? why.p : "");
	return res;
}

static void
test_cases(void)
{
	FILE *f = fopen(CASES, "r");
	char line[1024];
	long nvalid = 0, agree = 0, wrong = 0, clean = 0, mismatch = 0;
	long ninvalid = 0, nlines = 0, npolicy = 0;

	CHECK(f != NULL);
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *col[7], *p = line, got[256], want[256];
		const char *r;
		int nc = 0;

		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		while (nc < 7) {
			col[nc++] = p;
			if ((p = strchr(p, '\t')) == NULL)
				break;
			*p++ = '\0';
		}
		if (nc != 7)
			continue;
		nlines++;
		r = run(col[3], col[0][0] ? col[0] : NULL);
		/* The note on an extension is not compared. */
		snprintf(got, sizeof(got), "%.*s", r[0] == '+' &&
		    strstr(r, " +") != NULL ? (int)(strstr(r, " +") - r) :
		    (int)strlen(r), r);
		if (col[4][0] == '!')
			snprintf(want, sizeof(want), "%s", col[4]);
		else
			snprintf(want, sizeof(want), "%s %s", col[4], col[5]);
		if (strcmp(got, want) != 0) {
			if (mismatch++ < 40)
				fprintf(stderr, "%s: %s [%s] %s: got \"%s\", "
				    "want \"%s\"\n", CASES, col[0], col[2],
				    col[3], got, want);
		}
		/* Agreement with libphonenumber: not where leadpipe differs
		 * on purpose (the last column says what it answers). */
		if (strcmp(col[6], "=") != 0)
			npolicy++;
		else if (strcmp(col[1], "valid") == 0) {
			nvalid++;
			agree += strcmp(got, want) == 0;
		}
		if (strcmp(col[1], "valid") != 0)
			ninvalid++;
		if (got[0] == '+') {
			if (strcmp(col[1], "invalid") == 0)
				clean++;
			else if (strncmp(got, want, strcspn(want, " ")) != 0 ||
			    got[strcspn(want, " ")] != ' ')
				wrong++;
		}
	}
	fclose(f);
	printf("phone cases: %ld lines, %ld as expected; valid inputs "
	    "libphonenumber reads alike: %ld, agreement %ld (%.2f%%); on "
	    "purpose otherwise: %ld; wrong numbers: %ld; invalid inputs: %ld, "
	    "written as E.164: %ld\n", nlines, nlines - mismatch, nvalid,
	    agree, nvalid ? 100.0 * agree / nvalid : 0.0, npolicy, wrong,
	    ninvalid, clean);
	CHECK(nlines > 10000);
	CHECK_INT(mismatch, 0);
	CHECK(agree * 1000 >= nvalid * 995);
	CHECK_INT(wrong, 0);
	CHECK_INT(clean, 0);
}

static void
test_api(void)
{
	struct lp_phone_number n;

	CHECK(lp_phone_region(ph, "DE"));
	CHECK(lp_phone_region(ph, "US"));
	CHECK(!lp_phone_region(ph, "XX"));
	CHECK(!lp_phone_region(ph, "de"));
	CHECK(!lp_phone_region(ph, NULL));
	CHECK_STR(lp_phone_type_name(LP_PHONE_MOBILE), "mobile");
	CHECK_STR(lp_phone_type_name(LP_PHONE_UNKNOWN), "");
	CHECK_INT(lp_phone_parse(ph, "+49 30 1234567", 14, NULL, &n),
	    LP_PHONE_OK);
	CHECK_STR(n.e164, "+49301234567");
	CHECK_STR(n.region, "DE");
	CHECK_INT(n.cc, 49);
	CHECK_INT(n.type, LP_PHONE_FIXED_LINE);
	/* The examples. */
	CHECK_STR(run("0800 12345", "NL"), "+3180012345 toll_free");
	CHECK_STR(run("020 201234", "KE"), "+25420201234 fixed_line");
	CHECK_STR(run("0850123", "IE"), "!not valid for IE");
	CHECK_STR(run("+353 1800 123 456", NULL), "+3531800123456 toll_free");
	CHECK_STR(run("800 123 456", "HK"), "+852800123456 toll_free");
	CHECK_STR(run("1800 123 4567", "SG"), "+6518001234567 toll_free");
	CHECK_STR(run("1-800-123-456", "IL"), "+9721800123456 toll_free");
	/* Argentina: 0 11 15 -> 9 11; Mexico's old 1 and 044. */
	CHECK_STR(run("011 15 2345 6789", "AR"), "+5491123456789 mobile");
	CHECK_STR(run("(0343) 15 555-1234", "AR"), "+5493435551234 mobile");
	CHECK_STR(run("+54 9 11 2345-6789", NULL), "+5491123456789 mobile");
	CHECK_STR(run("044 55 1234 5678", "MX"), "+525512345678 "
	    "fixed_line_or_mobile");
	/* International prefixes of the region, "(0)", extensions. */
	CHECK_STR(run("011 44 20 7946 0958", "US"), "+442079460958 fixed_line");
	CHECK_STR(run("00 44 20 7946 0958", "US"), "!not valid for US");
	CHECK_STR(run("010 49 30 1234567", "JP"), "+49301234567 fixed_line");
	CHECK_STR(run("0011 49 30 1234567", "AU"), "+49301234567 fixed_line");
	CHECK_STR(run("+44 (0)20 7946 0958", NULL), "+442079460958 fixed_line");
	CHECK_STR(run("+39 06 1234 5678", NULL), "+390612345678 fixed_line");
	CHECK_STR(run("+1 201-555-0123 ext. 12", NULL), "+12015550123 "
	    "fixed_line_or_mobile +extension 12 not part of E.164");
	CHECK_STR(run("201-555-0123;ext=9", "US"), "+12015550123 "
	    "fixed_line_or_mobile +extension 9 not part of E.164");
	CHECK_STR(run("201-555-0123 #9", "US"), "+12015550123 "
	    "fixed_line_or_mobile +extension 9 not part of E.164");
	CHECK_STR(run("201-555-0123,,45", "US"), "+12015550123 "
	    "fixed_line_or_mobile +extension 45 not part of E.164");
	/* The country's own code typed without "+". */
	CHECK_STR(run("49 30 1234567", "DE"), "+49301234567 fixed_line");
	CHECK_STR(run("1 201 555 0123", "US"), "+12015550123 "
	    "fixed_line_or_mobile");
	/* +1 numbers belong to the region their area code is in. */
	CHECK(lp_phone_parse(ph, "+1 416 555 0123", 15, "US", &n) == 0);
	CHECK_STR(n.region, "CA");
	CHECK(lp_phone_parse(ph, "+1 876 555 0123", 15, NULL, &n) == 0);
	CHECK_STR(n.region, "JM");
	CHECK(lp_phone_parse(ph, "+1 555 555 0123", 15, NULL, &n) != 0);
	CHECK_STR(n.region, "US");
	/* Refused: which reason. */
	CHECK_STR(run("4155550123", NULL), "!no country given");
	/* No country: 00 is read as the international prefix. */
	CHECK_STR(run("0049 30 1234567", NULL), "+49301234567 fixed_line");
	CHECK_STR(run("00 1 201 555 0123", NULL), "+12015550123 "
	    "fixed_line_or_mobile");
	CHECK_STR(run("0030 1234567", NULL), "!not valid for GR");
	CHECK_STR(run("000 49 30 1234567", NULL), "!no country given");
	CHECK_STR(run("00+49 30 1234567", NULL), "!not a number");
	CHECK_STR(run("00", NULL), "!no country given");
	CHECK_STR(run("+999 123456", NULL), "!not a number");
	CHECK_STR(run("+0 123456", NULL), "!not a number");
	CHECK_STR(run("+1 415", NULL), "!not valid for US");
	CHECK_STR(run("1-800-FLOWERS", "US"), "!not a number");
	CHECK_STR(run("call 030 1234567", "DE"), "!not a number");
	CHECK_STR(run("n/a", "DE"), "!not a number");
	CHECK_STR(run("-", "DE"), "!not a number");
	CHECK_STR(run("", "DE"), "!not a number");
	CHECK_STR(run("1", "DE"), "!not a number");
	CHECK_STR(run("+", NULL), "!not a number");
	CHECK_STR(run("030 1234567, 030 7654321", "DE"), "!not a number");
	CHECK_STR(run("+49 30 1234567 / +49 30 7654321", NULL),
	    "!not a number");
	CHECK_STR(run("12345678901234567890123", "DE"), "!not a number");
	CHECK_STR(run("+800 1234 5678", NULL), "+80012345678 toll_free");
	CHECK_STR(run("+800 1234", NULL), "!not valid for +800");
	/* Leading junk without letters, trailing punctuation. */
	CHECK_STR(run("'+49 30 1234567", NULL), "+49301234567 fixed_line");
	CHECK_STR(run("tel:+49-30-1234567", NULL), "+49301234567 fixed_line");
	CHECK_STR(run("(030) 1234567.", "DE"), "+49301234567 fixed_line");
}

int
main(void)
{
	ph = lp_phone_new();
	test_api();
	test_cases();
	lp_phone_free(ph);
	lp_phone_free(NULL);
	lp_buf_fini(&out);
	lp_buf_fini(&why);
	return UNIT_DONE("test_phone");
}
