/*
 * lp_cal -- business-hours calendars (lp_cal.h).
 *
 * A working day's window is two UTC instants: mktime of its local start
 * and of its local end, with TZ set to the calendar's zone.  Setting TZ
 * touches the process environment, so it happens under one process-wide
 * lock and is undone before the lock is released; lp_cal_new computes
 * the windows of half a year of days around `now` in one go, so the
 * per-lead work (lp_cal_add) is arithmetic on a table; a time far from
 * now grows the table (once per month of days it reaches), up to sixty
 * years of days, past which a day is computed alone each time.
 * Holidays are local dates (day numbers), kept sorted.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lp_cal.h"
#include "lp_date.h"

#define DAY		86400
#define BACK_DAYS	60	/* days before now computed up front */
#define NDAYS		180	/* days computed up front in all */
#define MAXDAYS		(60 * 366)	/* days the table may grow to */

struct lp_cal {
	char		*tz;		/* ":Europe/Berlin", for TZ */
	int		 start, end;	/* minutes after local midnight */
	unsigned	 days;
	int64_t		 base;		/* day number of win[0] */
	size_t		 ndays;
	int64_t		*win;		/* ndays pairs: start, end (UTC) */
	int64_t		*hol;		/* holidays, sorted */
	size_t		 nhol, holcap;
};

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t
floordiv(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Local day number day at min minutes after midnight, as UTC; TZ must
 * be set.  mktime normalises 24:00 to the next midnight. */
static int64_t
local_to_utc(int64_t day, int min)
{
	struct tm tm;
	int y, m, d;

	lp_date_civil(day, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = min / 60;
	tm.tm_min = min % 60;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* Compute the windows of days [from, from + n) into out, under the lock
 * with TZ set to the calendar's zone. */
static void
windows(const struct lp_cal *cal, int64_t from, size_t n, int64_t *out)
{
	char *old = NULL;
	const char *e;

	pthread_mutex_lock(&tz_lock);
	if ((e = getenv("TZ")) != NULL)
		old = strdup(e);
	setenv("TZ", cal->tz, 1);
	tzset();
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = local_to_utc(from + (int64_t)i, cal->start);
		out[2 * i + 1] = local_to_utc(from + (int64_t)i, cal->end);
	}
	if (old != NULL) {
		setenv("TZ", old, 1);
		free(old);
	} else
		unsetenv("TZ");
	tzset();
	pthread_mutex_unlock(&tz_lock);
}

bool
lp_cal_zone_exists(const char *tz)
{
	const char *dir = getenv("TZDIR");
	char path[4096], magic[4];
	FILE *f;
	bool ok;

	if (tz == NULL || *tz == '\0' || *tz == '/' || strstr(tz, "..") ||
	    strlen(tz) > 200)
		return false;
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	snprintf(path, sizeof(path), "%s/%s", dir, tz);
	if ((f = fopen(path, "rb")) == NULL)
		return false;
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

struct lp_cal *
lp_cal_new(const char *tz, int start_min, int end_min, unsigned days,
    int64_t now, struct lp_err *err)
{
	struct lp_cal *cal;
	size_t n;

	if (!lp_cal_zone_exists(tz)) {
		lp_err_set(err, EX_CONFIG, NULL, 0, "unknown time zone '%s' "
		    "(an IANA name such as Europe/Berlin or America/New_York)",
		    tz != NULL ? tz : "");
		return NULL;
	}
	if (start_min < 0 || end_min > 1440 || start_min >= end_min) {
		lp_err_set(err, EX_CONFIG, NULL, 0, "empty working hours");
		return NULL;
	}
	if ((days & 0x7f) == 0) {
		lp_err_set(err, EX_CONFIG, NULL, 0, "no working days");
		return NULL;
	}
	cal = lp_xcalloc(1, sizeof(*cal));
	n = strlen(tz) + 2;
	cal->tz = lp_xmalloc(n);
	snprintf(cal->tz, n, ":%s", tz);
	cal->start = start_min;
	cal->end = end_min;
	cal->days = days & 0x7f;
	cal->base = floordiv(now, DAY) - BACK_DAYS;
	cal->ndays = NDAYS;
	cal->win = lp_xreallocarray(NULL, 2 * NDAYS, sizeof(*cal->win));
	windows(cal, cal->base, NDAYS, cal->win);
	return cal;
}

void
lp_cal_free(struct lp_cal *cal)
{
	if (cal == NULL)
		return;
	free(cal->tz);
	free(cal->win);
	free(cal->hol);
	free(cal);
}

void
lp_cal_add_holiday(struct lp_cal *cal, int64_t day)
{
	size_t i;

	for (i = 0; i < cal->nhol && cal->hol[i] < day; i++)
		;
	if (i < cal->nhol && cal->hol[i] == day)
		return;
	if (cal->nhol == cal->holcap) {
		cal->holcap = cal->holcap ? cal->holcap * 2 : 16;
		cal->hol = lp_xreallocarray(cal->hol, cal->holcap,
		    sizeof(*cal->hol));
	}
	memmove(cal->hol + i + 1, cal->hol + i,
	    (cal->nhol - i) * sizeof(*cal->hol));
	cal->hol[i] = day;
	cal->nhol++;
}

int64_t
lp_cal_day_secs(const struct lp_cal *cal)
{
	return (int64_t)(cal->end - cal->start) * 60;
}

static bool
holiday(const struct lp_cal *cal, int64_t day)
{
	size_t lo = 0, hi = cal->nhol;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cal->hol[mid] == day)
			return true;
		if (cal->hol[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static bool
working(const struct lp_cal *cal, int64_t day)
{
	int wd = (int)(((day + 4) % 7 + 7) % 7);	/* 1970-01-01: Thursday */

	return (cal->days & (1u << wd)) != 0 && !holiday(cal, day);
}

/*
 * Grow the table to cover day (and a month either side), computing only
 * the new days; false when that would pass MAXDAYS (a date centuries
 * away), and the caller computes the one day alone.
 */
static bool
extend(struct lp_cal *cal, int64_t day)
{
	int64_t lo = cal->base, hi = cal->base + (int64_t)cal->ndays;
	int64_t nlo = day < lo ? day - 30 : lo, nhi = day >= hi ? day + 31 : hi;
	int64_t *w;

	if (nhi - nlo > MAXDAYS)
		return false;
	w = lp_xreallocarray(NULL, (size_t)(2 * (nhi - nlo)), sizeof(*w));
	memcpy(w + 2 * (lo - nlo), cal->win, 2 * cal->ndays * sizeof(*w));
	if (nlo < lo)
		windows(cal, nlo, (size_t)(lo - nlo), w);
	if (nhi > hi)
		windows(cal, hi, (size_t)(nhi - hi), w + 2 * (hi - nlo));
	free(cal->win);
	cal->win = w;
	cal->base = nlo;
	cal->ndays = (size_t)(nhi - nlo);
	return true;
}

static void
window(struct lp_cal *cal, int64_t day, int64_t *ws, int64_t *we)
{
	int64_t w[2];

	if ((day >= cal->base && day < cal->base + (int64_t)cal->ndays) ||
	    extend(cal, day)) {
		*ws = cal->win[2 * (day - cal->base)];
		*we = cal->win[2 * (day - cal->base) + 1];
		return;
	}
	windows(cal, day, 1, w);
	*ws = w[0];
	*we = w[1];
}

int64_t
lp_cal_add(struct lp_cal *cal, int64_t t, int64_t secs)
{
	int64_t d, ws, we, cur, avail, limit;

	if (secs < 0)
		secs = 0;
	/* Offsets are within a day of UTC, so the local date of t is at
	 * least the UTC date minus one; days whose window ended before t
	 * are skipped below. */
	d = floordiv(t, DAY) - 1;
	limit = 3660 + (secs / lp_cal_day_secs(cal) + 1) * 7;
	for (int64_t i = 0; i < limit; i++, d++) {
		if (!working(cal, d))
			continue;
		window(cal, d, &ws, &we);
		if (we <= t)
			continue;
		cur = t > ws ? t : ws;
		avail = we - cur;
		if (secs <= avail)
			return cur + secs;
		secs -= avail;
	}
	return -1;
}

static int
day_of(const char *s, size_t n)
{
	static const char *const names[] = {
		"sunday", "monday", "tuesday", "wednesday", "thursday",
		"friday", "saturday"
	};

	if (n < 3)
		return -1;
	for (int i = 0; i < 7; i++)
		if (n <= strlen(names[i]) && strncasecmp(s, names[i], n) == 0)
			return i;
	return -1;
}

unsigned
lp_cal_parse_days(const char *s)
{
	unsigned mask = 0;

	while (*s != '\0') {
		const char *b, *dash = NULL;
		int a, z;

		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (*s == '\0')
			break;
		for (b = s; *s != '\0' && *s != ',' && *s != ' ' &&
		    *s != '\t'; s++)
			if (*s == '-')
				dash = s;
		if (dash == NULL) {
			if ((a = day_of(b, (size_t)(s - b))) < 0)
				return 0;
			z = a;
		} else if ((a = day_of(b, (size_t)(dash - b))) < 0 ||
		    (z = day_of(dash + 1, (size_t)(s - dash - 1))) < 0)
			return 0;
		for (int i = a;; i = (i + 1) % 7) {
			mask |= 1u << i;
			if (i == z)
				break;
		}
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != '\0' && *s != ',')
			return 0;
	}
	return mask;
}

static int
hhmm(const char *s, const char **end)
{
	int h, m;

	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
	    s[2] != ':' || s[3] < '0' || s[3] > '5' || s[4] < '0' ||
	    s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + s[1] - '0';
	m = (s[3] - '0') * 10 + s[4] - '0';
	if (h > 24 || (h == 24 && m != 0))
		return -1;
	*end = s + 5;
	return h * 60 + m;
}

int
lp_cal_parse_hours(const char *s, int *start_min, int *end_min)
{
	const char *p;
	int a, b;

	while (*s == ' ' || *s == '\t')
		s++;
	if ((a = hhmm(s, &p)) < 0)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '-')
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	if ((b = hhmm(p, &p)) < 0)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0' || a >= b)
		return -1;
	*start_min = a;
	*end_min = b;
	return 0;
}
