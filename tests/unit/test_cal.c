/* test_cal -- lp_cal: business hours in IANA time zones, weekends,
 * holidays, daylight-saving changes, and the parsers of hours and days. */
#include <stdlib.h>
#include <string.h>

#include "lp_cal.h"
#include "lp_date.h"
#include "unit.h"

static int64_t
t(const char *s)
{
	struct lp_datetime dt;

	if (lp_date_parse_iso(s, strlen(s), &dt) != 0)
		abort();
	return dt.secs;
}

static char buf[64];

/* The instant h hours (business) after from, in cal, as ISO 8601. */
static const char *
add(struct lp_cal *cal, const char *from, double h)
{
	struct lp_datetime dt;

	dt.secs = lp_cal_add(cal, t(from), (int64_t)(h * 3600));
	dt.has_time = true;
	if (dt.secs < 0)
		return "none";
	lp_date_format(&dt, buf, sizeof(buf));
	return buf;
}

int
main(void)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_cal *ny, *ber, *always, *far;
	int a, b;

	ny = lp_cal_new("America/New_York", 9 * 60, 17 * 60, LP_CAL_MON_FRI,
	    t("2026-12-04"), &err);
	ber = lp_cal_new("Europe/Berlin", 9 * 60, 17 * 60, LP_CAL_MON_FRI,
	    t("2026-12-04"), &err);
	always = lp_cal_new("Europe/Berlin", 0, 1440, 0x7f, t("2026-12-04"),
	    &err);
	CHECK(ny != NULL && ber != NULL && always != NULL);
	if (ny == NULL || ber == NULL || always == NULL)
		return UNIT_DONE("test_cal");
	CHECK_INT(lp_cal_day_secs(ny), 8 * 3600);

	/* Inside the day, at its edges, before and after it. */
	CHECK_STR(add(ny, "2026-12-03T14:00:00Z", 4), "2026-12-03T18:00:00Z");
	CHECK_STR(add(ny, "2026-12-03T21:00:00Z", 1), "2026-12-03T22:00:00Z");
	CHECK_STR(add(ny, "2026-12-03T21:00:00Z", 2), "2026-12-04T15:00:00Z");
	CHECK_STR(add(ny, "2026-12-03T22:00:00Z", 0), "2026-12-04T14:00:00Z");
	CHECK_STR(add(ny, "2026-12-03T10:00:00Z", 8), "2026-12-03T22:00:00Z");
	CHECK_STR(add(ny, "2026-12-03T16:00:00Z", 0), "2026-12-03T16:00:00Z");
	/* Over a weekend: Friday 15:00 EST + 4h = Monday 11:00. */
	CHECK_STR(add(ny, "2026-12-04T20:00:00Z", 4), "2026-12-07T16:00:00Z");
	/* A Saturday start waits for Monday 09:00. */
	CHECK_STR(add(ny, "2026-12-05T15:00:00Z", 1), "2026-12-07T15:00:00Z");
	/* Daylight saving ends (New York 2026-11-01, Berlin 2026-10-25). */
	CHECK_STR(add(ny, "2026-10-30T19:00:00Z", 8), "2026-11-02T20:00:00Z");
	CHECK_STR(add(ber, "2026-10-23T13:00:00Z", 8), "2026-10-26T14:00:00Z");
	/* ... and starts (New York 2027-03-14, Berlin 2027-03-28). */
	CHECK_STR(add(ny, "2027-03-12T20:00:00Z", 4), "2027-03-15T15:00:00Z");
	CHECK_STR(add(ber, "2027-03-26T14:00:00Z", 4), "2027-03-29T09:00:00Z");
	/* Holidays: Christmas, then the weekend. */
	lp_cal_add_holiday(ny, t("2026-12-25") / 86400);
	lp_cal_add_holiday(ber, t("2026-12-25") / 86400);
	lp_cal_add_holiday(ber, t("2026-12-26") / 86400);
	lp_cal_add_holiday(ber, t("2026-12-25") / 86400);	/* twice */
	CHECK_STR(add(ny, "2026-12-24T21:00:00Z", 8), "2026-12-28T21:00:00Z");
	CHECK_STR(add(ber, "2026-12-24T14:00:00Z", 4), "2026-12-28T10:00:00Z");
	/* Round the clock: the day DST ends has 25 hours, the day it
	 * starts 23. */
	CHECK_STR(add(always, "2026-10-24T22:00:00Z", 25),
	    "2026-10-25T23:00:00Z");
	CHECK_STR(add(always, "2027-03-27T23:00:00Z", 23),
	    "2027-03-28T22:00:00Z");
	/* Days far from now are computed on demand. */
	far = lp_cal_new("America/New_York", 9 * 60, 17 * 60, LP_CAL_MON_FRI,
	    t("2026-12-04"), &err);
	CHECK_STR(add(far, "2035-07-06T12:00:00Z", 1), "2035-07-06T14:00:00Z");
	CHECK_STR(add(far, "2019-07-05T20:00:00Z", 2), "2019-07-08T14:00:00Z");
	lp_cal_free(far);

	/* Errors. */
	CHECK(lp_cal_new("Europe/Berlim", 540, 1020, LP_CAL_MON_FRI, 0,
	    &err) == NULL);
	CHECK_INT(err.code, EX_CONFIG);
	CHECK(strstr(err.msg, "unknown time zone 'Europe/Berlim'") != NULL);
	CHECK(!lp_cal_zone_exists("../../etc/passwd"));
	CHECK(!lp_cal_zone_exists("/etc/localtime"));
	CHECK(!lp_cal_zone_exists(""));
	CHECK(lp_cal_zone_exists("UTC"));
	CHECK(lp_cal_zone_exists("Asia/Kolkata"));

	/* Parsers. */
	CHECK_INT(lp_cal_parse_days("mon-fri"), 0x3e);
	CHECK_INT(lp_cal_parse_days("sun-thu"), 0x1f);
	CHECK_INT(lp_cal_parse_days("Mon, Wed, friday"), 0x2a);
	CHECK_INT(lp_cal_parse_days("fri-mon"), 0x63);
	CHECK_INT(lp_cal_parse_days("mo-fr"), 0);
	CHECK_INT(lp_cal_parse_days("mon fri"), 0);
	CHECK_INT(lp_cal_parse_hours("09:00-17:30", &a, &b), 0);
	CHECK_INT(a, 540);
	CHECK_INT(b, 1050);
	CHECK_INT(lp_cal_parse_hours("00:00 - 24:00", &a, &b), 0);
	CHECK_INT(b, 1440);
	CHECK_INT(lp_cal_parse_hours("17:00-09:00", &a, &b), -1);
	CHECK_INT(lp_cal_parse_hours("9:00-17:00", &a, &b), -1);
	CHECK_INT(lp_cal_parse_hours("09:00-24:30", &a, &b), -1);

	lp_cal_free(ny);
	lp_cal_free(ber);
	lp_cal_free(always);
	return UNIT_DONE("test_cal");
}
