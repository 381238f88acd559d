/* test_date -- lp_date parsing, formatting and durations. */
#include <string.h>

#include "lp_date.h"
#include "unit.h"

static char outbuf[64];

/* Parse with lp_date_parse and format; "ERR" when it fails. */
static const char *
norm(const char *s, enum lp_date_order order)
{
	struct lp_datetime dt;

	if (lp_date_parse(s, strlen(s), order, &dt) != 0)
		return "ERR";
	lp_date_format(&dt, outbuf, sizeof(outbuf));
	return outbuf;
}

static const char *
iso(const char *s)
{
	struct lp_datetime dt;

	if (lp_date_parse_iso(s, strlen(s), &dt) != 0)
		return "ERR";
	lp_date_format(&dt, outbuf, sizeof(outbuf));
	return outbuf;
}

static long long
dur(const char *s)
{
	int64_t v;

	if (lp_duration_parse(s, strlen(s), &v) != 0)
		return -1;
	return v;
}

/*
 * lp_date_parse_iso's fast path (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ) gives
 * what the general parser gives, on strings generated around the two
 * forms: fields over and at their limits (month 13, February 29 in
 * leap and other years, hour 24, second 60), a byte changed, the length
 * off by one.  Counts of valid and refused strings keep the test from
 * passing on nothing.
 */
static void
fast_iso(void)
{
	static const char bytes[] = "0123456789-T:Z tz/+.\xff\x7f";
	static const int years[] = { 1, 1900, 1969, 1970, 2000, 2024, 2025,
	    2026, 2100, 9999, 0 };
	unsigned long x = 20261101;
	long same = 0, ok = 0, bad = 0;

	for (long i = 0; i < 400000; i++) {
		struct lp_datetime a = { 0, false }, b = { 0, false };
		char t[32];
		int n, ra, rb;

		x = x * 6364136223846793005UL + 1442695040888963407UL;
		n = snprintf(t, sizeof(t),
		    "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    (int)(x >> 60) < 11 ? years[(x >> 60) % 11] :
		    (int)((x >> 20) % 10000), (int)((x >> 8) % 14),
		    (int)((x >> 12) % 33), (int)((x >> 16) % 26),
		    (int)((x >> 24) % 61), (int)((x >> 30) % 61));
		if ((x >> 36) % 3 == 0)
			n = 10;			/* the date alone */
		switch ((x >> 38) % 8) {
		case 0:	/* a byte changed */
		case 1:
			t[(x >> 41) % (unsigned long)n] =
			    bytes[(x >> 46) % (sizeof(bytes) - 1)];
			break;
		case 2:	/* one byte more or less */
			n += (x >> 41) % 2 ? 1 : -1;
			break;
		}
		ra = lp_date_parse_iso(t, (size_t)n, &a);
		rb = lp_date_parse_iso_general(t, (size_t)n, &b);
		if (ra == rb && (ra != 0 || (a.secs == b.secs &&
		    a.has_time == b.has_time)))
			same++;
		else if (same >= 0) {
			fprintf(stderr, "test_date: '%.*s': fast %d %lld, "
			    "general %d %lld\n", n, t, ra, (long long)a.secs,
			    rb, (long long)b.secs);
			same = -1000000000;	/* report the first only */
		}
		if (ra == 0)
			ok++;
		else
			bad++;
	}
	CHECK_INT(same, 400000);
	CHECK(ok > 50000);
	CHECK(bad > 50000);
}

/*
 * lp_dates_read tries the fast path before its checks: for strings
 * around the two canonical forms it gives what lp_date_read gives in
 * each order (a bare number aside, which it refuses outside date
 * columns), and counts what lp_date_read calls ambiguous, once.
 */
static void
fast_dates_read(void)
{
	static const char bytes[] = "0123456789-T:Z /.\xff";
	static const enum lp_date_order orders[] = { LP_DATE_UNSET,
	    LP_DATE_MDY, LP_DATE_DMY };
	unsigned long x = 20261204;
	long same = 0, ok = 0, amb = 0;

	for (long i = 0; i < 200000; i++) {
		struct lp_datetime a = { 0, false }, b = { 0, false };
		struct lp_dates d;
		enum lp_date_order o;
		char t[32];
		int n, ra, rb;
		size_t k;

		x = x * 6364136223846793005UL + 1442695040888963407UL;
		o = orders[(x >> 8) % 3];
		if ((x >> 50) % 4 == 0)	/* 03/04/2026 and 13/04/2026 */
			n = snprintf(t, sizeof(t), "%02d/%02d/%04d",
			    (int)((x >> 12) % 14), (int)((x >> 16) % 33),
			    (int)((x >> 20) % 3000));
		else
			n = snprintf(t, sizeof(t),
			    "%04d-%02d-%02dT%02d:%02d:%02dZ",
			    (int)((x >> 20) % 10000), (int)((x >> 12) % 14),
			    (int)((x >> 16) % 33), (int)((x >> 26) % 26),
			    (int)((x >> 31) % 61), (int)((x >> 36) % 61));
		if ((x >> 42) % 3 == 0 && n > 10)
			n = 10;
		if ((x >> 44) % 3 == 0)
			t[(x >> 46) % (unsigned long)n] =
			    bytes[(x >> 52) % (sizeof(bytes) - 1)];
		for (k = 0; k < (size_t)n && t[k] >= '0' && t[k] <= '9'; k++)
			;
		if (k == (size_t)n)
			continue;	/* a bare number: not compared */
		lp_dates_init(&d, o);
		ra = lp_dates_read(&d, t, (size_t)n, (x >> 60) % 2, &a);
		rb = lp_date_read(t, (size_t)n, o, &b);
		if (ra == rb && d.ambiguous == (rb == LP_DATE_AMBIGUOUS) &&
		    (ra != 0 || (a.secs == b.secs && a.has_time == b.has_time)))
			same++;
		else if (same >= 0) {
			fprintf(stderr, "test_date: '%.*s' (order %d): "
			    "lp_dates_read %d %lld, lp_date_read %d %lld\n", n,
			    t, (int)o, ra, (long long)a.secs, rb,
			    (long long)b.secs);
			same = -1000000000;	/* report the first only */
		}
		ok += ra == 0;
		amb += ra == LP_DATE_AMBIGUOUS;
	}
	CHECK(same > 150000);
	CHECK(ok > 40000);
	CHECK(amb > 1000);
}

int
main(void)
{
	struct lp_datetime dt;
	char small[8];

	/* ISO 8601 forms, seconds since the epoch. */
	CHECK_INT(lp_date_parse_iso("1970-01-01", 10, &dt), 0);
	CHECK_INT(dt.secs, 0);
	CHECK(!dt.has_time);
	CHECK_INT(lp_date_parse_iso("2026-11-01", 10, &dt), 0);
	CHECK_INT(dt.secs, 1793491200);
	CHECK_INT(lp_date_parse_iso("2026-11-01T09:30:00Z", 20, &dt), 0);
	CHECK_INT(dt.secs, 1793491200 + 9 * 3600 + 30 * 60);
	CHECK(dt.has_time);
	CHECK_INT(lp_date_parse_iso("1969-12-31T23:59:59Z", 20, &dt), 0);
	CHECK_INT(dt.secs, -1);
	CHECK_INT(lp_date_parse_iso("2026-11-01xyz", 10, &dt), 0);	/* n */
	CHECK_INT(lp_date_parse_iso(NULL, 0, &dt), -1);
	CHECK_STR(iso("2026-11-01"), "2026-11-01");
	CHECK_STR(iso("  2026-11-01 \t"), "2026-11-01");
	CHECK_STR(iso("20261101"), "2026-11-01");
	CHECK_STR(iso("2026-11-01T09:30"), "2026-11-01T09:30:00Z");
	CHECK_STR(iso("2026-11-01 09:30:15"), "2026-11-01T09:30:15Z");
	CHECK_STR(iso("2026-11-01T09:30:15.999Z"), "2026-11-01T09:30:15Z");
	CHECK_STR(iso("2026-11-01T09:30:15,5Z"), "2026-11-01T09:30:15Z");
	CHECK_STR(iso("2026-11-01t09:30:00z"), "2026-11-01T09:30:00Z");
	CHECK_STR(iso("2026-11-01T09:30:00+02:00"), "2026-11-01T07:30:00Z");
	CHECK_STR(iso("2026-11-01T09:30:00+0200"), "2026-11-01T07:30:00Z");
	CHECK_STR(iso("2026-11-01T09:30:00+02"), "2026-11-01T07:30:00Z");
	CHECK_STR(iso("2026-11-01T01:30:00+02:00"), "2026-10-31T23:30:00Z");
	CHECK_STR(iso("2026-12-31T23:30:00-05:30"), "2027-01-01T05:00:00Z");
	CHECK_STR(iso("2024-02-29"), "2024-02-29");
	CHECK_STR(iso("2000-02-29"), "2000-02-29");
	CHECK_STR(iso("0001-01-01"), "0001-01-01");
	CHECK_STR(iso("9999-12-31T23:59:59Z"), "9999-12-31T23:59:59Z");
	/* Invalid ISO. */
	CHECK_STR(iso(""), "ERR");
	CHECK_STR(iso("   "), "ERR");
	CHECK_STR(iso("0000-00-00"), "ERR");
	CHECK_STR(iso("0000-01-01"), "ERR");
	CHECK_STR(iso("2026-02-30"), "ERR");
	CHECK_STR(iso("2026-02-29"), "ERR");
	CHECK_STR(iso("1900-02-29"), "ERR");
	CHECK_STR(iso("2026-04-31"), "ERR");
	CHECK_STR(iso("2026-13-01"), "ERR");
	CHECK_STR(iso("2026-00-10"), "ERR");
	CHECK_STR(iso("2026-1-5"), "ERR");
	CHECK_STR(iso("2026-11-01T24:00:00"), "ERR");
	CHECK_STR(iso("2026-11-01T12:60"), "ERR");
	CHECK_STR(iso("2026-11-01T12:00:61"), "ERR");
	CHECK_STR(iso("2026-11-01T9:30"), "ERR");
	CHECK_STR(iso("2026-11-01T09:30 PM"), "ERR");
	CHECK_STR(iso("2026-11-01T09:30:00+2:00"), "ERR");
	/* The exact YYYY-MM-DDTHH:MM:SSZ form has its own fast path. */
	CHECK_STR(iso("2026-02-30T00:00:00Z"), "ERR");
	CHECK_STR(iso("0000-00-00T00:00:00Z"), "ERR");
	CHECK_STR(iso("2026-11-01T24:00:00Z"), "ERR");
	CHECK_STR(iso("2026-11-01T23:60:00Z"), "ERR");
	CHECK_STR(iso("2026-11-01T23:59:60Z"), "ERR");
	CHECK_STR(iso("2026-11-0xT23:59:59Z"), "ERR");
	CHECK_STR(iso("2024-02-29T23:59:59Z"), "2024-02-29T23:59:59Z");
	CHECK_STR(iso("2026-11-01T09:30:00z"), "2026-11-01T09:30:00Z");
	CHECK_STR(iso("2026-11-01T09:30:00+25:00"), "ERR");
	CHECK_STR(iso("2026-11-01T"), "ERR");
	CHECK_STR(iso("2026-11-011"), "ERR");
	CHECK_STR(iso("12026-11-01"), "ERR");
	CHECK_STR(iso("11/01/2026"), "ERR");

	/* lp_date_parse: ISO still works. */
	CHECK_STR(norm("2026-11-01", LP_DATE_MDY), "2026-11-01");
	CHECK_STR(norm("2026-11-01T09:30:00+02:00", LP_DATE_DMY),
	    "2026-11-01T07:30:00Z");
	CHECK_STR(norm("2026-11-01 9:30 PM", LP_DATE_MDY),
	    "2026-11-01T21:30:00Z");
	CHECK_STR(norm("2026/11/01", LP_DATE_MDY), "2026-11-01");
	CHECK_STR(norm("2026.11.01", LP_DATE_MDY), "2026-11-01");
	CHECK_STR(norm("2026/2/3", LP_DATE_DMY), "2026-02-03");
	/* Slash dates: order decides only when both readings are valid. */
	CHECK_STR(norm("03/04/2026", LP_DATE_MDY), "2026-03-04");
	CHECK_STR(norm("03/04/2026", LP_DATE_DMY), "2026-04-03");
	CHECK_STR(norm("04/15/2026", LP_DATE_DMY), "2026-04-15");
	CHECK_STR(norm("15/04/2026", LP_DATE_MDY), "2026-04-15");
	CHECK_STR(norm("4/5/2026", LP_DATE_MDY), "2026-04-05");
	CHECK_STR(norm("12-31-2026", LP_DATE_DMY), "2026-12-31");
	CHECK_STR(norm("02/29/2024", LP_DATE_MDY), "2024-02-29");
	CHECK_STR(norm("3/4/26", LP_DATE_MDY), "2026-03-04");
	CHECK_STR(norm("3/4/99", LP_DATE_MDY), "1999-03-04");
	CHECK_STR(norm("3/4/30", LP_DATE_MDY), "1930-03-04");
	CHECK_STR(norm("3/4/29", LP_DATE_MDY), "2029-03-04");
	CHECK_STR(norm("13/13/2026", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("02/30/2026", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("30/02/2026", LP_DATE_DMY), "ERR");
	CHECK_STR(norm("00/00/0000", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("3/4/2026/1", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("3/4-2026", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("3/4/202", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("3/4/20261", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("123/4/2026", LP_DATE_MDY), "ERR");
	/* Dotted dates are day first whatever the order. */
	CHECK_STR(norm("01.11.2026", LP_DATE_MDY), "2026-11-01");
	CHECK_STR(norm("1.2.2026", LP_DATE_MDY), "2026-02-01");
	CHECK_STR(norm("31.12.2026 23:59", LP_DATE_MDY),
	    "2026-12-31T23:59:00Z");
	CHECK_STR(norm("12.31.2026", LP_DATE_MDY), "ERR");
	/* Times, AM/PM and offsets after a numeric date. */
	CHECK_STR(norm("04/15/2021 12:00 AM", LP_DATE_MDY),
	    "2021-04-15T00:00:00Z");
	CHECK_STR(norm("04/15/2021 12:00 PM", LP_DATE_MDY),
	    "2021-04-15T12:00:00Z");
	CHECK_STR(norm("04/15/2021 1:05:09 pm", LP_DATE_MDY),
	    "2021-04-15T13:05:09Z");
	CHECK_STR(norm("04/15/2021 11:59PM", LP_DATE_MDY),
	    "2021-04-15T23:59:00Z");
	CHECK_STR(norm("04/15/2021 9:00 a.m.", LP_DATE_MDY),
	    "2021-04-15T09:00:00Z");
	CHECK_STR(norm("04/15/2021 13:00 PM", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("04/15/2021 0:30 AM", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("04/15/2021 0:30", LP_DATE_MDY), "2021-04-15T00:30:00Z");
	CHECK_STR(norm("04/15/2021 10:00 +02:00", LP_DATE_MDY),
	    "2021-04-15T08:00:00Z");
	CHECK_STR(norm("04/15/2021 10:00 -0500", LP_DATE_MDY),
	    "2021-04-15T15:00:00Z");
	CHECK_STR(norm("04/15/2021 10:00Z", LP_DATE_MDY),
	    "2021-04-15T10:00:00Z");
	CHECK_STR(norm("04/15/2021 10:00 UTC", LP_DATE_MDY),
	    "2021-04-15T10:00:00Z");
	CHECK_STR(norm("04/15/2021 10:00 GMT+01:00", LP_DATE_MDY),
	    "2021-04-15T09:00:00Z");
	CHECK_STR(norm("04/15/2021T10:00", LP_DATE_MDY),
	    "2021-04-15T10:00:00Z");
	CHECK_STR(norm("04/15/2021, 10:00", LP_DATE_MDY),
	    "2021-04-15T10:00:00Z");
	CHECK_STR(norm("04/15/2021 10", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("04/15/2021 10:00 EST", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("04/15/2021 10:00 PM PM", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("04/15/2021x", LP_DATE_MDY), "ERR");
	/* Month names. */
	CHECK_STR(norm("15 Apr, 2021 00:03:00", LP_DATE_MDY),
	    "2021-04-15T00:03:00Z");
	CHECK_STR(norm("Apr 15, 2021", LP_DATE_DMY), "2021-04-15");
	CHECK_STR(norm("April 15th, 2021", LP_DATE_DMY), "2021-04-15");
	CHECK_STR(norm("1st March 2024", LP_DATE_DMY), "2024-03-01");
	CHECK_STR(norm("15-Apr-2021", LP_DATE_DMY), "2021-04-15");
	CHECK_STR(norm("15-APR-21", LP_DATE_DMY), "2021-04-15");
	CHECK_STR(norm("Sept. 3, 2026", LP_DATE_DMY), "2026-09-03");
	CHECK_STR(norm("Wed, 15 Apr 2021 10:00:00 +0000", LP_DATE_DMY),
	    "2021-04-15T10:00:00Z");
	CHECK_STR(norm("Thursday, May 7, 2026 at 3:15 PM", LP_DATE_DMY),
	    "2026-05-07T15:15:00Z");
	CHECK_STR(norm("december 31 1999 23:59:59", LP_DATE_DMY),
	    "1999-12-31T23:59:59Z");
	CHECK_STR(norm("30 Feb 2026", LP_DATE_DMY), "ERR");
	CHECK_STR(norm("15 Foo 2021", LP_DATE_DMY), "ERR");
	CHECK_STR(norm("Apr 2021", LP_DATE_DMY), "ERR");
	CHECK_STR(norm("Aprils 15 2021", LP_DATE_DMY), "ERR");
	CHECK_STR(norm("15 Apr", LP_DATE_DMY), "ERR");
	/* Excel serials, 1900 system with its phantom 1900-02-29. */
	CHECK_STR(norm("1", LP_DATE_MDY), "1900-01-01");
	CHECK_STR(norm("59", LP_DATE_MDY), "1900-02-28");
	CHECK_STR(norm("60", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("61", LP_DATE_MDY), "1900-03-01");
	CHECK_STR(norm("25569", LP_DATE_MDY), "1970-01-01");
	CHECK_STR(norm("45000", LP_DATE_MDY), "2023-03-15");
	CHECK_STR(norm("46327", LP_DATE_MDY), "2026-11-01");
	CHECK_STR(norm("46327.5", LP_DATE_MDY), "2026-11-01T12:00:00Z");
	CHECK_STR(norm("46327.000", LP_DATE_MDY), "2026-11-01");
	CHECK_STR(norm("46327.25001", LP_DATE_MDY), "2026-11-01T06:00:01Z");
	CHECK_STR(norm("46327.999999", LP_DATE_MDY), "2026-11-02T00:00:00Z");
	CHECK_STR(norm("2958465", LP_DATE_MDY), "9999-12-31");
	CHECK_STR(norm("2958466", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("0", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("-5", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("46327.", LP_DATE_MDY), "ERR");
	CHECK_STR(norm(".5", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("1e5", LP_DATE_MDY), "ERR");
	CHECK_STR(norm(" 46327 ", LP_DATE_MDY), "2026-11-01");
	/* Garbage. */
	CHECK_STR(norm("", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("n/a", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("yesterday", LP_DATE_MDY), "ERR");
	CHECK_STR(norm("2026", LP_DATE_MDY), "1905-07-18");	/* a serial */

	/* Formatting. */
	dt.secs = -86400;
	dt.has_time = false;
	lp_date_format(&dt, outbuf, sizeof(outbuf));
	CHECK_STR(outbuf, "1969-12-31");
	dt.secs = -1;
	dt.has_time = true;
	CHECK_INT(lp_date_format(&dt, outbuf, sizeof(outbuf)), 20);
	CHECK_STR(outbuf, "1969-12-31T23:59:59Z");
	dt.secs = 951782400;	/* 2000-02-29 */
	dt.has_time = false;
	CHECK_INT(lp_date_format(&dt, outbuf, sizeof(outbuf)), 10);
	CHECK_STR(outbuf, "2000-02-29");
	CHECK_INT(lp_date_format(&dt, small, sizeof(small)), 7);
	CHECK_STR(small, "2000-02");

	/* Durations. */
	CHECK_INT(dur("30d"), 30 * 86400);
	CHECK_INT(dur("12h"), 12 * 3600);
	CHECK_INT(dur("15m"), 900);
	CHECK_INT(dur("45s"), 45);
	CHECK_INT(dur("2w"), 14 * 86400);
	CHECK_INT(dur("1d12h"), 86400 + 12 * 3600);
	CHECK_INT(dur("1d 12h 30m"), 86400 + 12 * 3600 + 1800);
	CHECK_INT(dur(" 0s "), 0);
	CHECK_INT(dur(""), -1);
	CHECK_INT(dur("30"), -1);
	CHECK_INT(dur("d"), -1);
	CHECK_INT(dur("30x"), -1);
	CHECK_INT(dur("-3d"), -1);
	CHECK_INT(dur("3.5d"), -1);
	CHECK_INT(dur("99999999999999999999d"), -1);
	fast_iso();
	fast_dates_read();
	return UNIT_DONE("test_date");
}
