/* test_norm -- lead-norm's cleaners, header mapping and records. */
#include <string.h>

#include "lp_geo.h"
#include "lp_norm.h"
#include "lp_stream.h"
#include "unit.h"

static struct lp_norm *nm;
static struct lp_buf out, why;
static char res[512];

/*
 * Clean s as kind in country; "value" on success, "value !reason" on
 * failure, "value +note" on success with a note.
 */
static const char *
v(enum lp_norm_kind kind, const char *s, const char *country)
{
	int rc = lp_norm_value(nm, kind, s, strlen(s), country, &out, &why);

	snprintf(res, sizeof(res), "%.*s%s%.*s", (int)out.n,
	    out.p ? out.p : "", why.n == 0 ? "" : rc == 0 ? " +" : " !",
	    (int)why.n, why.p ? why.p : "");
	return res;
}

static const char *
sp(const char *s)
{
	out.n = 0;
	if (!lp_norm_space(s, strlen(s), &out))
		return "(same)";
	lp_buf_cstr(&out);
	return out.p;
}

#define E(s)	v(LP_NORM_EMAIL, (s), NULL)
#define P(s, c)	v(LP_NORM_PHONE, (s), (c))
#define C(s)	v(LP_NORM_COUNTRY, (s), NULL)
#define S(s, c)	v(LP_NORM_STATE, (s), (c))
#define D(s)	v(LP_NORM_DATE, (s), NULL)
#define N(s)	v(LP_NORM_NUMBER, (s), NULL)
#define W(s)	v(LP_NORM_COUNT, (s), NULL)
#define B(s)	v(LP_NORM_BOOL, (s), NULL)
#define F(s)	v(LP_NORM_FLAG, (s), NULL)

static void
test_values(void)
{
	/* White space. */
	CHECK_STR(sp("Ann Lee"), "(same)");
	CHECK_STR(sp(""), "(same)");
	CHECK_STR(sp("  Ann   Lee \t"), "Ann Lee");
	CHECK_STR(sp("Ann\tLee"), "Ann Lee");
	CHECK_STR(sp("Ann\r\nLee"), "Ann Lee");
	CHECK_STR(sp("Ann\xc2\xa0Lee"), "Ann Lee");
	CHECK_STR(sp("Ann\xe2\x80\x8bLee"), "AnnLee");
	CHECK_STR(sp("\xef\xbb\xbf" "Ann"), "Ann");
	CHECK_STR(sp("Ann \xe3\x80\x80 Lee"), "Ann Lee");
	CHECK_STR(sp("   "), "");
	CHECK_STR(sp("Caf\xc3\xa9 X"), "(same)");
	CHECK_STR(v(LP_NORM_TEXT, "  a  b  ", NULL), "a b");

	/* E-mail. */
	CHECK_STR(E("Ann.Lee@Example.COM"), "ann.lee@example.com");
	CHECK_STR(E("  ann@example.com "), "ann@example.com");
	CHECK_STR(E("mailto:Ann@Example.com"), "ann@example.com");
	CHECK_STR(E("Ann Lee <Ann@Example.com>"), "ann@example.com");
	CHECK_STR(E("a+tag@sub.example.co.uk"), "a+tag@sub.example.co.uk");
	CHECK_STR(E("x@xn--bcher-kva.xn--p1ai"), "x@xn--bcher-kva.xn--p1ai");
	CHECK_STR(E("ann@example"), "ann@example !not a valid address");
	CHECK_STR(E("Ann@@example.com"), "Ann@@example.com !not a valid address");
	CHECK_STR(E("ann example.com"), "ann example.com !not a valid address");
	CHECK_STR(E("@example.com"), "@example.com !not a valid address");
	CHECK_STR(E("ann@.com"), "ann@.com !not a valid address");
	CHECK_STR(E("ann@example..com"), "ann@example..com !not a valid address");
	CHECK_STR(E("ann.@example.com"), "ann.@example.com !not a valid address");
	CHECK_STR(E("a..b@example.com"), "a..b@example.com !not a valid address");
	CHECK_STR(E("ann@-x.com"), "ann@-x.com !not a valid address");
	CHECK_STR(E("ann@example.c"), "ann@example.c !not a valid address");
	CHECK_STR(E("ann@example.123"), "ann@example.123 !not a valid address");
	CHECK_STR(E("a@b.com; c@d.com"), "a@b.com; c@d.com !not a valid address");
	CHECK_STR(E("n/a"), "n/a !not a valid address");
	CHECK_STR(E(""), "");
	/* lead-check's "is email": an address as it stands, any case. */
#define IS(s)	lp_norm_is_email(nm, (s), strlen(s))
	CHECK(IS("Ann.Lee@Example.COM"));
	CHECK(IS("a+tag@sub.example.co.uk"));
	CHECK(IS("x@xn--bcher-kva.xn--p1ai"));
	CHECK(IS("j\xc3\xb6rg@m\xc3\xbcller.de"));
	CHECK(!IS(""));
	CHECK(!IS(" ann@example.com"));
	CHECK(!IS("mailto:ann@example.com"));
	CHECK(!IS("Ann Lee <ann@example.com>"));
	CHECK(!IS("ann@example"));
	CHECK(!IS("ann@example.123"));
	CHECK(!IS("ann@exam\tple.com"));
	CHECK(!IS("ann@example.com\xc2\xa0"));	/* no-break space */
	CHECK(!IS("ann\xe2\x80\x8b@example.com"));	/* zero-width space */
#undef IS

	/* Phones, national and international. */
	CHECK_STR(P("(415) 555-0123", "US"), "+14155550123");
	CHECK_STR(P("415.555.0123", "US"), "+14155550123");
	CHECK_STR(P("1-415-555-0123", "US"), "+14155550123");
	CHECK_STR(P("+1 415 555 0123", NULL), "+14155550123");
	CHECK_STR(P("011 44 20 7946 0958", "US"), "+442079460958");
	CHECK_STR(P("(604) 555-0199", "CA"), "+16045550199");
	CHECK_STR(P("415-555-0123 x204", "US"),
	    "+14155550123 +extension 204 not part of E.164");
	CHECK_STR(P("415-555-0123 ext. 7", "US"),
	    "+14155550123 +extension 7 not part of E.164");
	CHECK_STR(P("+1 415 555 0123;ext=99", NULL),
	    "+14155550123 +extension 99 not part of E.164");
	CHECK_STR(P("tel:+14155550123", NULL), "+14155550123");
	CHECK_INT(lp_norm_phone_type(nm), LP_PHONE_FIXED_LINE_OR_MOBILE);
	CHECK_STR(P("+44 7400 123456", NULL), "+447400123456");
	CHECK_INT(lp_norm_phone_type(nm), LP_PHONE_MOBILE);
	CHECK_STR(P("0900 123 4567", "DE"), "+499001234567");
	CHECK_INT(lp_norm_phone_type(nm), LP_PHONE_PREMIUM_RATE);
	CHECK_STR(E("ann@example.com"), "ann@example.com");
	CHECK_INT(lp_norm_phone_type(nm), LP_PHONE_UNKNOWN);
	CHECK_STR(P("555-0123", "US"), "555-0123 !not valid for US");
	CHECK_STR(P("(015) 555-0123", "US"), "(015) 555-0123 !not valid for US");
	CHECK_STR(P("415-155-0123", "US"), "415-155-0123 !not valid for US");
	CHECK_STR(P("1-800-FLOWERS", "US"), "1-800-FLOWERS !not a number");
	CHECK_STR(P("4155550123", NULL), "4155550123 !no country given");
	CHECK_STR(P("030 1234567", "DE"), "+49301234567");
	CHECK_STR(P("+49 (0)30 1234567", NULL), "+49301234567");
	/* 00 is not how the US dials out: the digits are a US number. */
	CHECK_STR(P("0049 30 1234567", "US"),
	    "0049 30 1234567 !not valid for US");
	CHECK_STR(P("0049 30 1234567", "FR"), "+49301234567");
	CHECK_STR(P("+49 030 1234567", NULL), "+49301234567");
	CHECK_STR(P("0171/1234567", "DE"), "+491711234567");
	CHECK_STR(P("020 7946 0958", "GB"), "+442079460958");
	CHECK_STR(P("+44 (0)20 7946 0958", NULL), "+442079460958");
	CHECK_STR(P("06 12 34 56 78", "FR"), "+33612345678");
	CHECK_STR(P("612 345 678", "ES"), "+34612345678");
	CHECK_STR(P("+39 06 1234 5678", NULL), "+390612345678");
	CHECK_STR(P("06 1234 5678", "IT"), "+390612345678");
	CHECK_STR(P("8 (495) 123-45-67", "RU"), "+74951234567");
	CHECK_STR(P("03-1234-5678", "JP"), "+81312345678");
	CHECK_STR(P("(02) 9876 5432", "AU"), "+61298765432");
	CHECK_STR(P("+353 1 234 5678", NULL), "+35312345678");
	CHECK_STR(P("+41 44 668 18 00", NULL), "+41446681800");
	CHECK_STR(P("+999 123456", NULL), "+999 123456 !not a number");
	CHECK_STR(P("+33 6 12", NULL), "+33 6 12 !not valid for FR");
	CHECK_STR(P("+49 30 1234567 / +49 30 7654321", NULL),
	    "+49 30 1234567 / +49 30 7654321 !not a number");
	CHECK_STR(P("12345678901234567890123", "DE"),
	    "12345678901234567890123 !not a number");
	/* libphonenumber reads several "+" as one. */
	CHECK_STR(P("++1 415 555 0123", NULL), "+14155550123");
	CHECK_STR(P("x204", "US"), "x204 !not a number");

	/* Countries. */
	CHECK_STR(C("DE"), "DE");
	CHECK_STR(C("de"), "DE");
	CHECK_STR(C("DEU"), "DE");
	CHECK_STR(C("Germany"), "DE");
	CHECK_STR(C("Deutschland"), "DE");
	CHECK_STR(C("USA"), "US");
	CHECK_STR(C("U.S."), "US");
	CHECK_STR(C("U.S.A."), "US");
	CHECK_STR(C("united states"), "US");
	CHECK_STR(C("United States of America"), "US");
	CHECK_STR(C("UK"), "GB");
	CHECK_STR(C("United Kingdom"), "GB");
	CHECK_STR(C("England"), "GB");
	CHECK_STR(C("Österreich"), "AT");
	CHECK_STR(C("C\xc3\xb4te d'Ivoire"), "CI");
	CHECK_STR(C("Cote d'Ivoire"), "CI");
	CHECK_STR(C("Bosnia & Herzegovina"), "BA");
	CHECK_STR(C("Korea, Republic of"), "KR");
	CHECK_STR(C("South Korea"), "KR");
	CHECK_STR(C("Viet Nam"), "VN");
	CHECK_STR(C("Vietnam"), "VN");
	CHECK_STR(C("Russian Federation"), "RU");
	CHECK_STR(C("T\xc3\x9cRK\xc4\xb0YE"), "TR");
	CHECK_STR(C("Türkiye"), "TR");
	CHECK_STR(C("Federal Republic of Germany"), "DE");
	CHECK_STR(C("  france "), "FR");
	CHECK_STR(C("Atlantis"), "Atlantis !unknown country");
	CHECK_STR(C("Korea"), "Korea !unknown country");
	CHECK_STR(C("XK"), "XK !unknown country");
	CHECK_STR(C("Europe"), "Europe !unknown country");
	CHECK_STR(C("-"), "- !unknown country");

	/* States. */
	CHECK_STR(S("California", "US"), "CA");
	CHECK_STR(S("california", NULL), "CA");
	CHECK_STR(S("ca", "US"), "CA");
	CHECK_STR(S("New York", "US"), "NY");
	CHECK_STR(S("Washington D.C.", "US"), "DC");
	CHECK_STR(S("Qu\xc3\xa9" "bec", "CA"), "QC");
	CHECK_STR(S("Ontario", NULL), "ON");
	CHECK_STR(S("british columbia", "CA"), "BC");
	CHECK_STR(S("Texas", "CA"), "Texas !not a Canadian province");
	CHECK_STR(S("Narnia", "US"), "Narnia !not a US state");
	CHECK_STR(S("Bavaria", "DE"), "Bavaria");
	CHECK_STR(S("California", "DE"), "California");
	CHECK_STR(S("Bavaria", NULL), "Bavaria");
	CHECK_STR(S("Ontario", "CA"), "ON");
	CHECK_STR(S("Ontario", "US"), "Ontario !not a US state");

	/* Numbers. */
	CHECK_STR(N("1234"), "1234");
	CHECK_STR(N("1,234"), "1234");
	CHECK_STR(N("1.234,5"), "1234.5");
	CHECK_STR(N("$1,200"), "1200");
	CHECK_STR(N("$ 1,200.50"), "1200.5");
	CHECK_STR(N("1,234,567.89"), "1234567.89");
	CHECK_STR(N("1.234.567"), "1234567");
	CHECK_STR(N("1.234.567,00 \xe2\x82\xac"), "1234567");
	CHECK_STR(N("EUR 1.200"), "EUR 1.200 !ambiguous number EUR 1.200");
	CHECK_STR(N("12.345"), "12.345 !ambiguous number 12.345");
	CHECK_STR(N("0.125"), "0.125");
	CHECK_STR(N("1234.567"), "1234.567");
	CHECK_STR(N("12.34"), "12.34");
	CHECK_STR(N("EUR 1.200,00"), "1200");
	CHECK_STR(N("1 234 567"), "1234567");
	CHECK_STR(N("1\xc2\xa0" "234"), "1234");
	CHECK_STR(N("1'234.50"), "1234.5");
	CHECK_STR(N("1234,5"), "1234.5");
	CHECK_STR(N("0,500"), "0.5");
	CHECK_STR(N("12,3456"), "12.3456");
	CHECK_STR(N("1.5"), "1.5");
	CHECK_STR(N("-1,200"), "-1200");
	CHECK_STR(N("(1,200)"), "-1200");
	CHECK_STR(N("$-50"), "-50");
	CHECK_STR(N("-0"), "0");
	CHECK_STR(N("007"), "7");
	CHECK_STR(N("5M"), "5000000");
	CHECK_STR(N("$2.5k"), "2500");
	CHECK_STR(N("1.2bn"), "1200000000");
	CHECK_STR(N("3mm"), "3000000");
	CHECK_STR(N("0.125K"), "125");
	CHECK_STR(N("10.50"), "10.5");
	CHECK_STR(N("1,23"), "1.23");
	CHECK_STR(N("12,34,567"), "12,34,567 !not a number");
	CHECK_STR(N("1,2345"), "1.2345");
	CHECK_STR(N("1,000-5,000"), "1,000-5,000 !not a number");
	CHECK_STR(N("1.234.5"), "1.234.5 !not a number");
	CHECK_STR(N("1,234.567.8"), "1,234.567.8 !not a number");
	CHECK_STR(N("about 50"), "about 50 !not a number");
	CHECK_STR(N("50%"), "50% !not a number");
	CHECK_STR(N("1e6"), "1e6 !not a number");
	CHECK_STR(N(","), ", !not a number");
	CHECK_STR(N("$"), "$ !not a number");
	CHECK_STR(N("12."), "12. !not a number");
	CHECK_STR(N(".5"), "0.5");
	CHECK_STR(N("1.200"), "1.200 !ambiguous number 1.200");
	CHECK_STR(N("10 000"), "10000");
	CHECK_STR(N("10\xc2\xa0" "000"), "10000");
	CHECK_STR(N("10\xe2\x80\xaf" "000,5"), "10000.5");
	CHECK_STR(N("-0"), "0");
	CHECK_STR(N("1 ,234"), "1 ,234 !not a number");
	CHECK_STR(W("1,234"), "1234");
	CHECK_STR(W("250"), "250");
	CHECK_STR(W("10k"), "10000");
	CHECK_STR(W("1.234"), "1.234 !ambiguous number 1.234");
	CHECK_STR(W("2.5"), "2.5 !not a whole number");
	CHECK_STR(W("51-200"), "51-200 !not a number");

	/* Booleans. */
	CHECK_STR(B("yes"), "yes");
	CHECK_STR(B("YES"), "yes");
	CHECK_STR(B("True"), "yes");
	CHECK_STR(B("1"), "yes");
	CHECK_STR(B("x"), "yes");
	CHECK_STR(B("Y"), "yes");
	CHECK_STR(B("no"), "no");
	CHECK_STR(B("FALSE"), "no");
	CHECK_STR(B("0"), "no");
	CHECK_STR(B("n"), "no");
	CHECK_STR(B(" No "), "no");
	CHECK_STR(B("maybe"), "maybe !not yes or no");
	CHECK_STR(B("2"), "2 !not yes or no");
	CHECK_STR(B(""), "");
	CHECK_STR(F("TRUE"), "yes");
	CHECK_STR(F("Q3 2026"), "Q3 2026");
	CHECK_STR(F("$50k approved"), "$50k approved");
}

static void
test_dates(void)
{
	CHECK_STR(D("2026-11-01"), "2026-11-01");
	CHECK_STR(D("2026-11-01 09:30:00"), "2026-11-01T09:30:00Z");
	CHECK_STR(D("2026-11-01T09:30:00+02:00"), "2026-11-01T07:30:00Z");
	CHECK_STR(D("04/15/2021"), "2021-04-15");
	CHECK_STR(D("15/04/2021"), "2021-04-15");
	CHECK_STR(D("01.11.2026"), "2026-11-01");
	CHECK_STR(D("15 Apr, 2021 00:03:00"), "2021-04-15T00:03:00Z");
	CHECK_STR(D("Apr 15, 2021 3:04 PM"), "2021-04-15T15:04:00Z");
	CHECK_STR(D("46327"), "2026-11-01");
	CHECK_STR(D("46327.75"), "2026-11-01T18:00:00Z");
	CHECK_STR(D("04/04/2026"), "2026-04-04");
	CHECK_STR(D("03/04/2026"), "03/04/2026 !ambiguous date 03/04/2026");
	CHECK_STR(D(" 03/04/2026 10:00 "),
	    "03/04/2026 10:00 !ambiguous date 03/04/2026 10:00");
	CHECK_STR(D("2026"), "2026 !not a date");
	CHECK_STR(D("12"), "12 !not a date");
	CHECK_STR(D("2026-02-30"), "2026-02-30 !not a date");
	CHECK_STR(D("0000-00-00"), "0000-00-00 !not a date");
	CHECK_STR(D("soon"), "soon !not a date");
	CHECK_STR(D("13/13/2026"), "13/13/2026 !not a date");
}

static void
test_header(void)
{
	static const char *const maps[] = { "Mobil=phone", "Firma = Company",
	    "Weird=my_field" };
	struct lp_norm_opts o = { 0 };
	struct lp_err err = LP_ERR_INIT;
	struct lp_header *h;
	struct lp_record *r;
	struct lp_norm *n2;
	int iss, src, typ;

	/* Bad options. */
	o.default_country = "Atlantis";
	CHECK(lp_norm_new(&o, &err) == NULL);
	CHECK_INT(err.code, 64);
	CHECK_STR(err.msg, "--default-country: unknown country 'Atlantis'");
	o.default_country = "germany";
	o.maps = (const char *[]){ "no-equals" };
	o.nmaps = 1;
	err = (struct lp_err)LP_ERR_INIT;
	CHECK(lp_norm_new(&o, &err) == NULL);
	CHECK_STR(err.msg, "--map: 'no-equals' is not HEADER=FIELD");
	o.maps = (const char *[]){ "=email" };
	err = (struct lp_err)LP_ERR_INIT;
	CHECK(lp_norm_new(&o, &err) == NULL);
	CHECK_INT(err.code, 64);

	/* Mapping and cleaning a record. */
	o.maps = maps;
	o.nmaps = 3;
	o.source = "hubspot";
	err = (struct lp_err)LP_ERR_INIT;
	n2 = lp_norm_new(&o, &err);
	CHECK(n2 != NULL);
	if (n2 == NULL)
		return;
	CHECK_STR(lp_norm_canonical(n2, "E-Mail Address"), "email");
	CHECK_STR(lp_norm_canonical(n2, "MOBIL"), "phone");
	CHECK_STR(lp_norm_canonical(n2, "firma"), "company");
	CHECK_STR(lp_norm_canonical(n2, "Weird"), "my_field");
	CHECK_STR(lp_norm_canonical(n2, "Favourite colour"), NULL);
	CHECK_INT(lp_norm_kind("phone"), LP_NORM_PHONE);
	CHECK_INT(lp_norm_kind("employees"), LP_NORM_COUNT);
	CHECK_INT(lp_norm_kind("my_field"), LP_NORM_TEXT);
	CHECK_INT(lp_norm_kind(NULL), LP_NORM_TEXT);

	h = lp_header_new();
	lp_header_add(h, "Email Address");
	lp_header_add(h, "Mobil");
	lp_header_add(h, "Country");
	lp_header_add(h, "Create Date");
	lp_header_add(h, "Favourite colour");
	lp_header_add(h, "State");
	CHECK_INT(lp_norm_header(n2, h, &err), 0);
	CHECK_STR(lp_norm_rename(n2, 0), "email");
	CHECK_STR(lp_norm_rename(n2, 1), "phone");
	CHECK_STR(lp_norm_rename(n2, 2), "country");
	CHECK_STR(lp_norm_rename(n2, 3), "created_at");
	CHECK_STR(lp_norm_rename(n2, 4), NULL);
	CHECK_STR(lp_norm_rename(n2, 9), NULL);
	iss = lp_header_add(h, LP_NORM_ISSUES);
	src = lp_header_add(h, LP_NORM_SOURCE);
	lp_norm_set_columns(n2, iss, src);
	typ = lp_header_add(h, "phone_type");
	lp_norm_set_type_column(n2, 1, typ);
	lp_norm_set_type_column(n2, 0, typ);	/* not a phone: ignored */
	r = lp_record_new(h);
	lp_record_set(r, 0, " Ann@X.com ", 11);
	lp_record_set(r, 1, "030 1234567", 11);
	lp_record_set(r, 2, "Deutschland", 11);
	lp_record_set(r, 3, "03/04/2026", 10);
	lp_record_set(r, 4, "  dark   blue ", 14);
	lp_record_set(r, 5, "Bayern", 6);
	CHECK_INT(lp_norm_record(n2, r), 1);
	CHECK_MEM(lp_record_get(r, 0).p, lp_record_get(r, 0).n, "ann@x.com");
	CHECK_MEM(lp_record_get(r, 1).p, lp_record_get(r, 1).n, "+49301234567");
	CHECK_MEM(lp_record_get(r, typ).p, lp_record_get(r, typ).n,
	    "fixed_line");
	CHECK_MEM(lp_record_get(r, 2).p, lp_record_get(r, 2).n, "DE");
	CHECK_MEM(lp_record_get(r, 3).p, lp_record_get(r, 3).n, "03/04/2026");
	CHECK_MEM(lp_record_get(r, 4).p, lp_record_get(r, 4).n, "dark blue");
	CHECK_MEM(lp_record_get(r, 5).p, lp_record_get(r, 5).n, "Bayern");
	CHECK_MEM(lp_record_get(r, iss).p, lp_record_get(r, iss).n,
	    "created_at: ambiguous date 03/04/2026");
	CHECK_MEM(lp_record_get(r, src).p, lp_record_get(r, src).n, "hubspot");
	/* The record's country rules phones and states; default else. */
	lp_record_set(r, 0, "bad@", 4);
	lp_record_set(r, 1, "(415) 555-0123", 14);
	lp_record_set(r, 2, "usa", 3);
	lp_record_set(r, 3, "2026-11-01", 10);
	lp_record_set(r, 5, "Texas", 5);
	CHECK_INT(lp_norm_record(n2, r), 1);
	CHECK_MEM(lp_record_get(r, 1).p, lp_record_get(r, 1).n, "+14155550123");
	CHECK_MEM(lp_record_get(r, typ).p, lp_record_get(r, typ).n,
	    "fixed_line_or_mobile");
	CHECK_MEM(lp_record_get(r, 5).p, lp_record_get(r, 5).n, "TX");
	CHECK_MEM(lp_record_get(r, iss).p, lp_record_get(r, iss).n,
	    "email: not a valid address");
	lp_record_set(r, 1, "030 1234567", 11);
	CHECK_INT(lp_norm_record(n2, r), 2);
	CHECK_MEM(lp_record_get(r, iss).p, lp_record_get(r, iss).n,
	    "email: not a valid address; phone: not valid for US");
	CHECK_MEM(lp_record_get(r, typ).p, lp_record_get(r, typ).n, "");
	lp_record_set(r, 0, "", 0);
	lp_record_set(r, 1, "030 1234567", 11);
	lp_record_set(r, 2, "", 0);
	CHECK_INT(lp_norm_record(n2, r), 0);
	CHECK_MEM(lp_record_get(r, 1).p, lp_record_get(r, 1).n, "+49301234567");
	CHECK_MEM(lp_record_get(r, iss).p, lp_record_get(r, iss).n, "");
	lp_record_set(r, 2, "Narnia", 6);
	CHECK_INT(lp_norm_record(n2, r), 1);
	CHECK_MEM(lp_record_get(r, iss).p, lp_record_get(r, iss).n,
	    "country: unknown country");
	lp_record_free(r);
	lp_header_free(h);
	lp_norm_free(n2);

	/* --strict names every unmapped column. */
	memset(&o, 0, sizeof(o));
	o.strict = true;
	o.date_order_set = true;
	o.date_order = LP_DATE_DMY;
	n2 = lp_norm_new(&o, &err);
	h = lp_header_new();
	lp_header_add(h, "Email");
	lp_header_add(h, "Colour");
	lp_header_add(h, "Emial");
	CHECK_INT(lp_norm_header(n2, h, &err), -1);
	CHECK_INT(err.code, 65);
	CHECK_STR(err.msg, "unmapped columns 'Colour', 'Emial' (did you mean "
	    "'email'?); map with --map 'HEADER=FIELD' or drop --strict");
	lp_header_free(h);
	/* With an order, 03/04/2026 is not ambiguous. */
	CHECK(lp_norm_value(n2, LP_NORM_DATE, "03/04/2026", 10, NULL, &out,
	    &why) == 0);
	CHECK_MEM(out.p, out.n, "2026-04-03");
	lp_norm_free(n2);
	lp_norm_free(NULL);

	/* A default country reads states and phones, but rules out nothing. */
	memset(&o, 0, sizeof(o));
	o.default_country = "us";
	n2 = lp_norm_new(&o, &err);
	CHECK(lp_norm_value(n2, LP_NORM_STATE, "Ontario", 7, NULL, &out,
	    &why) == 0);
	CHECK_MEM(out.p, out.n, "ON");
	CHECK(lp_norm_value(n2, LP_NORM_STATE, "Narnia", 6, NULL, &out,
	    &why) == -1);
	CHECK_MEM(why.p, why.n, "not a US state");
	CHECK(lp_norm_value(n2, LP_NORM_STATE, "Bayern", 6, "DE", &out,
	    &why) == 0);
	CHECK_MEM(out.p, out.n, "Bayern");
	CHECK(lp_norm_value(n2, LP_NORM_PHONE, "415 555 0123", 12, NULL, &out,
	    &why) == 0);
	CHECK_MEM(out.p, out.n, "+14155550123");
	CHECK(lp_norm_value(n2, LP_NORM_PHONE, "030 1234567", 11, "DE", &out,
	    &why) == 0);
	CHECK_MEM(out.p, out.n, "+49301234567");
	lp_norm_free(n2);
}

int
main(void)
{
	struct lp_norm_opts o = { 0 };
	struct lp_err err = LP_ERR_INIT;
	char key[16];

	CHECK_INT(lp_geo_key("C\xc3\xb4te d'Ivoire", 14, key, sizeof(key)), 11);
	CHECK_STR(key, "cotedivoire");
	CHECK_INT(lp_geo_key("A & B", 5, key, sizeof(key)), 5);
	CHECK_STR(key, "aandb");
	CHECK_INT(lp_geo_key("abcdefghijklmnopq", 17, key, sizeof(key)), 16);
	nm = lp_norm_new(&o, &err);
	CHECK(nm != NULL);
	CHECK_STR(lp_norm_country(nm, "Schweiz", 7), "CH");
	CHECK_STR(lp_norm_country(nm, "nowhere", 7), NULL);
	test_values();
	test_dates();
	test_header();
	lp_norm_free(nm);
	lp_buf_fini(&out);
	lp_buf_fini(&why);
	return UNIT_DONE("test_norm");
}
