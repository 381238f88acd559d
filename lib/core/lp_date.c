/*
 * lp_date -- dates, times and durations.
 *
 * All calendar arithmetic is proleptic Gregorian on day numbers (days
 * since 1970-01-01, Howard Hinnant's days_from_civil), so nothing here
 * depends on mktime, the TZ variable or the C library's calendar range.
 * Years are 1..9999; every date is validated (2026-02-30 and 0000-00-00
 * are refused).  A text's offset (Z, +02:00, +0200, -05) is applied, a
 * text without one is UTC.  Parsers never read past p[n) and accept
 * leading and trailing white space.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lp_date.h"

#define DAY	86400
/* Excel's largest serial: 9999-12-31. */
#define EXCEL_MAX 2958465

/* A cursor over the text being parsed. */
struct cur {
	const char	*p, *e;
};

/* Days in each month (February in a leap year), from 1. */
static const int mdays[13] = { 0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
    30, 31 };

/*
 * days_from_civil for a valid date (valid_date: years 1-9999), in
 * unsigned arithmetic (nothing is negative before the last step): the
 * day of the year counted from March 1 comes from a table.
 */
static inline int64_t
days_from_civil(int y, int m, int d)
{
	static const unsigned short from_march[13] = { 0, 306, 337, 0, 31,
	    61, 92, 122, 153, 184, 214, 245, 275 };
	unsigned yy = (unsigned)y - (m <= 2), era = yy / 400;
	unsigned yoe = yy - era * 400;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + from_march[m] +
	    (unsigned)d - 1;

	return (int64_t)era * 146097 + doe - 719468;
}

void
lp_date_civil(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static inline bool
valid_date(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= mdays[m] && !(m == 2 && d == 29 && !leap(y));
}

static void
skip_space(struct cur *c)
{
	while (c->p < c->e && isspace((unsigned char)*c->p))
		c->p++;
}

static void
trim(struct cur *c, const char *p, size_t n)
{
	c->p = p == NULL ? "" : p;
	c->e = c->p + (p == NULL ? 0 : n);
	skip_space(c);
	while (c->e > c->p && isspace((unsigned char)c->e[-1]))
		c->e--;
}

/* Read 1..max digits; returns how many, 0 when none. */
static int
digits(struct cur *c, int max, int *v)
{
	int k = 0;

	*v = 0;
	while (k < max && c->p < c->e && isdigit((unsigned char)*c->p)) {
		*v = *v * 10 + (*c->p++ - '0');
		k++;
	}
	return k;
}

/* Read exactly k digits. */
static bool
fixed(struct cur *c, int k, int *v)
{
	struct cur s = *c;

	if (digits(&s, k, v) != k)
		return false;
	*c = s;
	return true;
}

static bool
eat(struct cur *c, char ch)
{
	if (c->p < c->e && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

static bool
more_digits(const struct cur *c)
{
	return c->p < c->e && isdigit((unsigned char)*c->p);
}

/* Case-insensitive match of a word at the cursor, not followed by a letter. */
static bool
eat_word(struct cur *c, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(c->e - c->p) < n || strncasecmp(c->p, w, n) != 0)
		return false;
	if (c->p + n < c->e && isalpha((unsigned char)c->p[n]))
		return false;
	c->p += n;
	return true;
}

/*
 * An offset: Z, UTC, GMT, +HH:MM, +HHMM, +HH (or -).  Sets *off in
 * seconds east of UTC.  Returns false, cursor unmoved, when there is none.
 */
static bool
offset(struct cur *c, int *off)
{
	struct cur s = *c;
	int sign, h, m = 0;

	if (eat(&s, 'Z') || eat(&s, 'z')) {
		*off = 0;
		*c = s;
		return true;
	}
	if (eat_word(&s, "UTC") || eat_word(&s, "GMT")) {
		*off = 0;
		/* "GMT+2" style */
		if (s.p < s.e && (*s.p == '+' || *s.p == '-')) {
			struct cur t = s;
			int o;

			if (!offset(&t, &o))
				return false;
			*off = o;
			s = t;
		}
		*c = s;
		return true;
	}
	if (s.p >= s.e || (*s.p != '+' && *s.p != '-'))
		return false;
	sign = *s.p++ == '-' ? -1 : 1;
	if (!fixed(&s, 2, &h))
		return false;
	if (eat(&s, ':')) {
		if (!fixed(&s, 2, &m))
			return false;
	} else if (more_digits(&s) && !fixed(&s, 2, &m))
		return false;
	if (more_digits(&s) || h > 23 || m > 59)
		return false;
	*off = sign * (h * 3600 + m * 60);
	*c = s;
	return true;
}

/*
 * A time of day: H:MM[:SS[.fff]] with optional AM/PM and offset.  iso
 * requires two-digit hours and no AM/PM.  Sets *secs (offset applied,
 * may be negative or past a day).
 */
static bool
time_of_day(struct cur *c, bool iso, int64_t *secs)
{
	int h, m, s = 0, off = 0, k;
	bool pm = false, ampm = false;

	k = digits(c, 2, &h);
	if (k == 0 || (iso && k != 2))
		return false;
	if (!eat(c, ':') || !fixed(c, 2, &m))
		return false;
	if (eat(c, ':')) {
		if (!fixed(c, 2, &s))
			return false;
		/* Fractions of a second are dropped, not rounded. */
		if (c->p + 1 < c->e && (*c->p == '.' || *c->p == ',') &&
		    isdigit((unsigned char)c->p[1])) {
			c->p++;
			while (more_digits(c))
				c->p++;
		}
	}
	if (more_digits(c))
		return false;
	if (!iso) {
		struct cur t = *c;

		skip_space(&t);
		if (eat_word(&t, "AM") || eat_word(&t, "a.m.") ||
		    eat_word(&t, "a.m")) {
			ampm = true;
			*c = t;
		} else if (eat_word(&t, "PM") || eat_word(&t, "p.m.") ||
		    eat_word(&t, "p.m")) {
			ampm = pm = true;
			*c = t;
		}
	}
	if (ampm) {
		if (h < 1 || h > 12)
			return false;
		h = h % 12 + (pm ? 12 : 0);
	}
	if (h > 23 || m > 59 || s > 59)
		return false;
	{
		struct cur t = *c;

		if (!iso)
			skip_space(&t);
		if (offset(&t, &off))
			*c = t;
	}
	*secs = (int64_t)h * 3600 + m * 60 + s - off;
	return true;
}

/* Combine a validated date and seconds into the result. */
static void
result(int y, int m, int d, bool has_time, int64_t tod, struct lp_datetime *dt)
{
	dt->secs = days_from_civil(y, m, d) * DAY + (has_time ? tod : 0);
	dt->has_time = has_time;
}

/*
 * The end of a date: the time of day when a separator said one follows
 * (timed; iso: the ISO 8601 forms only), then nothing else.
 */
static int
date_end(struct cur *c, bool timed, bool iso, int y, int m, int d,
    struct lp_datetime *dt)
{
	int64_t tod = 0;

	if (timed && !time_of_day(c, iso, &tod))
		return -1;
	if (c->p != c->e)
		return -1;
	result(y, m, d, timed, tod, dt);
	return 0;
}

/* The date part of ISO 8601: YYYY-MM-DD or YYYYMMDD. */
static bool
iso_date(struct cur *c, int *y, int *m, int *d)
{
	if (!fixed(c, 4, y))
		return false;
	if (eat(c, '-')) {
		if (!fixed(c, 2, m) || !eat(c, '-') || !fixed(c, 2, d))
			return false;
	} else if (!fixed(c, 2, m) || !fixed(c, 2, d))
		return false;
	return !more_digits(c) && valid_date(*y, *m, *d);
}

/* The 8 bytes at p as a word, in memory order. */
static inline uint64_t
load8(const void *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

/* A word of the bytes a..h in memory order, as a constant. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define W8(a, b, c, d, e, f, g, h)					\
	((uint64_t)(a) << 56 | (uint64_t)(b) << 48 | (uint64_t)(c) << 40 | \
	(uint64_t)(d) << 32 | (uint64_t)(e) << 24 | (uint64_t)(f) << 16 | \
	(uint64_t)(g) << 8 | (uint64_t)(h))
#else
#define W8(a, b, c, d, e, f, g, h)					\
	((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16 |	\
	(uint64_t)(d) << 24 | (uint64_t)(e) << 32 | (uint64_t)(f) << 40 | \
	(uint64_t)(g) << 48 | (uint64_t)(h) << 56)
#endif
/* Per template byte x (0: a digit, else that byte): the masks. */
#define SEPM(x)	((x) ? 0xff : 0)
#define DIGM(x)	((x) ? 0 : 0xf0)
#define DIGZ(x)	((x) ? 0 : 0x30)

/*
 * Whether the word w has a digit where the template has 0 and the
 * template's byte elsewhere (sm, sv: separator mask and bytes; dm, dz:
 * digit mask and 0x30s).  A digit byte b has (b & 0xf0) == 0x30, which
 * keeps 0x30-0x3f, and ((b + 6) & 0xf0) == 0x30, which drops 0x3a-0x3f.
 * The addition carries into the next byte only out of a byte >= 0xfa,
 * which fails its own test: no false matches.
 */
static inline bool
fits8(uint64_t w, uint64_t sm, uint64_t sv, uint64_t dm, uint64_t dz)
{
	return (w & sm) == sv && (w & dm) == dz &&
	    ((w + 0x0606060606060606ull) & dm) == dz;
}

#define FITS8(p, a, b, c, d, e, f, g, h)				\
	fits8(load8(p),							\
	    W8(SEPM(a), SEPM(b), SEPM(c), SEPM(d), SEPM(e), SEPM(f),	\
	    SEPM(g), SEPM(h)), W8(a, b, c, d, e, f, g, h),		\
	    W8(DIGM(a), DIGM(b), DIGM(c), DIGM(d), DIGM(e), DIGM(f),	\
	    DIGM(g), DIGM(h)),						\
	    W8(DIGZ(a), DIGZ(b), DIGZ(c), DIGZ(d), DIGZ(e), DIGZ(f),	\
	    DIGZ(g), DIGZ(h)))

#define DIG(i)	(p[i] - '0')

/*
 * The two forms lead-norm writes and scoring and checks read on every
 * record, YYYY-MM-DD and YYYY-MM-DDTHH:MM:SSZ exactly: 1 with *dt set,
 * 0 when p is another form (the general parser decides), -1 when it is
 * one of these but not a valid date or time.  The same results as
 * lp_date_parse_iso_general (test_date.c compares them).
 */
static int
iso_fast(const char *p, size_t n, struct lp_datetime *dt)
{
	int y, m, d, h = 0, mi = 0, s = 0;

	if (n == 20) {
		/* dddd-dd- ddTdd:dd, then d:dd:ddZ from byte 12 */
		if (!FITS8(p, 0, 0, 0, 0, '-', 0, 0, '-') ||
		    !FITS8(p + 8, 0, 0, 'T', 0, 0, ':', 0, 0) ||
		    !FITS8(p + 12, 0, ':', 0, 0, ':', 0, 0, 'Z'))
			return 0;
		h = DIG(11) * 10 + DIG(12);
		mi = DIG(14) * 10 + DIG(15);
		s = DIG(17) * 10 + DIG(18);
	} else if (n == 10) {
		/* dddd-dd-, then dd-dd-dd from byte 2 */
		if (!FITS8(p, 0, 0, 0, 0, '-', 0, 0, '-') ||
		    !FITS8(p + 2, 0, 0, '-', 0, 0, '-', 0, 0))
			return 0;
	} else
		return 0;
	y = DIG(0) * 1000 + DIG(1) * 100 + DIG(2) * 10 + DIG(3);
	m = DIG(5) * 10 + DIG(6);
	d = DIG(8) * 10 + DIG(9);
	if (!valid_date(y, m, d) || h > 23 || mi > 59 || s > 59)
		return -1;
	result(y, m, d, n == 20, (int64_t)h * 3600 + mi * 60 + s, dt);
	return 1;
}

#undef DIG
#undef FITS8
#undef W8
#undef SEPM
#undef DIGM
#undef DIGZ

int
lp_date_parse_iso_general(const char *p, size_t n, struct lp_datetime *dt)
{
	struct cur c;
	int y, m, d;
	bool has_time = false;

	trim(&c, p, n);
	if (!iso_date(&c, &y, &m, &d))
		return -1;
	if (c.p < c.e && (*c.p == 'T' || *c.p == 't' || *c.p == ' ')) {
		c.p++;
		has_time = true;
	}
	return date_end(&c, has_time, true, y, m, d, dt);
}

int
lp_date_parse_iso(const char *p, size_t n, struct lp_datetime *dt)
{
	int fast;

	if ((fast = iso_fast(p, n, dt)) != 0)
		return fast > 0 ? 0 : -1;
	return lp_date_parse_iso_general(p, n, dt);
}

static const char *const months[] = { "jan", "feb", "mar", "apr", "may",
    "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
static const char *const longmonths[] = { "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october",
    "november", "december" };
static const char *const days[] = { "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed",
    "thu", "thur", "thurs", "fri", "sat", "sun" };

/* A month name (January, Jan, Jan., Sept); 1..12, or 0 when none. */
static int
month_name(struct cur *c)
{
	for (int i = 0; i < 12; i++) {
		if (eat_word(c, longmonths[i]) || eat_word(c, months[i]) ||
		    (i == 8 && eat_word(c, "sept"))) {
			eat(c, '.');
			return i + 1;
		}
	}
	return 0;
}

/* Separators between the parts of a date written with a month name. */
static void
skip_sep(struct cur *c)
{
	while (c->p < c->e && (isspace((unsigned char)*c->p) ||
	    *c->p == ',' || *c->p == '-' || *c->p == '/' || *c->p == '.'))
		c->p++;
}

/* A year of 4 digits, or 2 (00-29 -> 20xx, 30-99 -> 19xx, as Excel). */
static bool
year(struct cur *c, int *y)
{
	int k = digits(c, 4, y);

	if (more_digits(c))
		return false;
	if (k == 2)
		*y += *y < 30 ? 2000 : 1900;
	else if (k != 4)
		return false;
	return true;
}

/* Day of the month with an optional English ordinal suffix (1st, 22nd). */
static bool
mday(struct cur *c, int *d)
{
	int k = digits(c, 2, d);

	if (k == 0 || more_digits(c))
		return false;
	/* The suffix is optional and not checked against the number. */
	if (!eat_word(c, "st") && !eat_word(c, "nd") && !eat_word(c, "rd"))
		eat_word(c, "th");
	return true;
}

/*
 * "15 Apr, 2021", "15-Apr-2021", "Apr 15, 2021", "April 15th 2021",
 * optionally after a weekday name.
 */
static bool
named_date(struct cur *c, int *y, int *m, int *d)
{
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++)
		if (eat_word(c, days[i])) {
			eat(c, '.');
			skip_sep(c);
			break;
		}
	if (more_digits(c)) {
		if (!mday(c, d))
			return false;
		skip_sep(c);
		if ((*m = month_name(c)) == 0)
			return false;
		skip_sep(c);
	} else {
		if ((*m = month_name(c)) == 0)
			return false;
		skip_sep(c);
		if (!mday(c, d))
			return false;
		skip_sep(c);
	}
	return year(c, y) && valid_date(*y, *m, *d);
}

/*
 * Numeric dates: YYYY/MM/DD, MM/DD/YYYY or DD/MM/YYYY (also with '-'),
 * DD.MM.YYYY (always day first).  When both readings of a slash date are
 * valid, order decides; when only one is, it wins.
 */
static bool
numeric_date(struct cur *c, enum lp_date_order order, int *y, int *m, int *d)
{
	int a, b, k;
	char sep;

	k = digits(c, 4, &a);
	if (k == 0 || more_digits(c) || c->p >= c->e)
		return false;
	sep = *c->p;
	if (sep != '/' && sep != '-' && sep != '.')
		return false;
	c->p++;
	if (k == 4) {
		*y = a;
		if (digits(c, 2, m) == 0 || !eat(c, sep) ||
		    digits(c, 2, d) == 0 || more_digits(c))
			return false;
		return valid_date(*y, *m, *d);
	}
	if (k > 2 || digits(c, 2, &b) == 0 || !eat(c, sep) || !year(c, y))
		return false;
	if (sep == '.') {
		*d = a;
		*m = b;
	} else {
		bool mdy = valid_date(*y, a, b), dmy = valid_date(*y, b, a);

		if (mdy && dmy)
			mdy = order == LP_DATE_MDY;
		else if (!mdy && !dmy)
			return false;
		*m = mdy ? a : b;
		*d = mdy ? b : a;
	}
	return valid_date(*y, *m, *d);
}

/*
 * An Excel serial day number in the 1900 system: 1 = 1900-01-01.  Excel
 * counts a 1900-02-29 that never was (serial 60), so serials from 61 are
 * one day ahead; 60 itself is refused.  The fraction is the time of day.
 */
static int
excel_serial(struct cur *c, struct lp_datetime *dt)
{
	int64_t serial = 0, tod = 0;
	double frac = 0, scale = 0.1;
	bool has_frac = false;
	int k = 0;

	while (more_digits(c) && k < 8) {
		serial = serial * 10 + (*c->p++ - '0');
		k++;
	}
	if (k == 0 || more_digits(c))
		return -1;
	if (eat(c, '.')) {
		if (!more_digits(c))
			return -1;
		for (k = 0; more_digits(c); k++) {
			if (k < 15) {
				frac += (*c->p - '0') * scale;
				scale /= 10;
			}
			if (*c->p != '0')
				has_frac = true;
			c->p++;
		}
	}
	if (c->p != c->e || serial < 1 || serial > EXCEL_MAX || serial == 60)
		return -1;
	if (has_frac) {
		/* Round to the second; 23:59:59.6 becomes the next midnight. */
		tod = (int64_t)(frac * DAY + 0.5);
		if (serial == EXCEL_MAX && tod >= DAY)
			return -1;
	}
	dt->secs = (days_from_civil(1899, 12, serial < 60 ? 31 : 30) + serial) *
	    DAY + tod;
	dt->has_time = has_frac;
	return 0;
}

int
lp_date_parse(const char *p, size_t n, enum lp_date_order order,
    struct lp_datetime *dt)
{
	struct cur c, s;
	int y, m, d;
	bool has_time = false;

	if (lp_date_parse_iso(p, n, dt) == 0)
		return 0;
	trim(&c, p, n);
	if (c.p == c.e)
		return -1;
	s = c;
	if (excel_serial(&s, dt) == 0)
		return 0;
	s = c;
	if (!numeric_date(&s, order, &y, &m, &d)) {
		s = c;
		if (!named_date(&s, &y, &m, &d))
			return -1;
	}
	c = s;
	if (c.p < c.e) {
		/* The time after a separator: "T", blanks, ", ", " at ". */
		if (*c.p == 'T' || *c.p == 't')
			c.p++;
		else {
			if (!isspace((unsigned char)*c.p) && *c.p != ',')
				return -1;
			eat(&c, ',');
			skip_space(&c);
			if (eat_word(&c, "at"))
				skip_space(&c);
		}
		has_time = true;
	}
	return date_end(&c, has_time, false, y, m, d, dt);
}

static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

size_t
lp_date_format(const struct lp_datetime *dt, char *out, size_t cap)
{
	int64_t day = dt->secs / DAY, sec = dt->secs % DAY;
	int y, m, d, len;

	if (sec < 0) {
		sec += DAY;
		day--;
	}
	lp_date_civil(day, &y, &m, &d);
	if (y >= 0 && y <= 9999 && cap >= 21) {
		/* The hot path of lead-norm: no printf. */
		put2(out, y / 100);
		put2(out + 2, y % 100);
		out[4] = '-';
		put2(out + 5, m);
		out[7] = '-';
		put2(out + 8, d);
		if (!dt->has_time) {
			out[10] = '\0';
			return 10;
		}
		out[10] = 'T';
		put2(out + 11, (int)(sec / 3600));
		out[13] = ':';
		put2(out + 14, (int)(sec / 60 % 60));
		out[16] = ':';
		put2(out + 17, (int)(sec % 60));
		out[19] = 'Z';
		out[20] = '\0';
		return 20;
	}
	if (dt->has_time)
		len = snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m,
		    d, (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
	else
		len = snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
	if (len < 0)
		return 0;
	return (size_t)len < cap ? (size_t)len : (cap > 0 ? cap - 1 : 0);
}

int
lp_duration_parse(const char *p, size_t n, int64_t *secs)
{
	struct cur c;
	int64_t total = 0, v, unit;
	int parts = 0;

	trim(&c, p, n);
	while (c.p < c.e) {
		if (!more_digits(&c))
			return -1;
		for (v = 0; more_digits(&c); c.p++) {
			if (v > INT64_MAX / 10 / DAY)
				return -1;
			v = v * 10 + (*c.p - '0');
		}
		if (c.p >= c.e)
			return -1;
		switch (*c.p++) {
		case 'w': unit = 7 * DAY; break;
		case 'd': unit = DAY; break;
		case 'h': unit = 3600; break;
		case 'm': unit = 60; break;
		case 's': unit = 1; break;
		default: return -1;
		}
		if (v > (INT64_MAX - total) / unit)
			return -1;
		total += v * unit;
		parts++;
		skip_space(&c);
	}
	if (parts == 0)
		return -1;
	*secs = total;
	return 0;
}

int
lp_date_read(const char *p, size_t n, enum lp_date_order order,
    struct lp_datetime *dt)
{
	struct lp_datetime b;
	size_t k;
	int ra, rb;

	if (lp_date_parse_iso(p, n, dt) == 0)
		return 0;
	/*
	 * A bare number under five digits is not taken for an Excel serial
	 * (10000 is 1927-05-18): "2026" or "12" in a date column is more
	 * likely a year or a mistake than a day in the 1900s.
	 */
	for (k = 0; k < n && isdigit((unsigned char)p[k]); k++)
		;
	if (k < 5 && k < n && p[k] == '.') {
		size_t j = k + 1;

		while (j < n && isdigit((unsigned char)p[j]))
			j++;
		if (j == n)
			return -1;
	} else if (k < 5 && k == n)
		return -1;
	if (order != LP_DATE_UNSET)
		return lp_date_parse(p, n, order, dt);
	ra = lp_date_parse(p, n, LP_DATE_MDY, dt);
	rb = lp_date_parse(p, n, LP_DATE_DMY, &b);
	if (ra != 0 && rb != 0)
		return -1;
	if (ra == 0 && rb == 0 && dt->secs != b.secs)
		return LP_DATE_AMBIGUOUS;
	if (ra != 0)
		*dt = b;
	return 0;
}

void
lp_dates_init(struct lp_dates *d, enum lp_date_order order)
{
	memset(d, 0, sizeof(*d));
	d->order = order;
}

int
lp_dates_read(struct lp_dates *d, const char *p, size_t n, bool serial,
    struct lp_datetime *dt)
{
	size_t k;
	int r;

	/* The canonical forms, as every record of a scored export has
	 * them, skip the checks below: no number, never ambiguous. */
	if (iso_fast(p, n, dt) > 0)
		return 0;
	if (!serial) {
		/* A number is no date outside the date columns. */
		for (k = 0; k < n && isdigit((unsigned char)p[k]); k++)
			;
		if (k < n && p[k] == '.')
			for (k++; k < n && isdigit((unsigned char)p[k]); k++)
				;
		if (k == n)
			return -1;
	}
	r = lp_date_read(p, n, d != NULL ? d->order : LP_DATE_UNSET, dt);
	if (r != LP_DATE_AMBIGUOUS || d == NULL)
		return r;
	d->met++;
	for (int i = 0; i < d->nseen; i++)
		if (d->seen[i] == p)
			return r;
	if (d->nseen < (int)(sizeof(d->seen) / sizeof(d->seen[0])))
		d->seen[d->nseen++] = p;
	if (d->ambiguous++ == 0)
		snprintf(d->example, sizeof(d->example), "%.*s",
		    (int)(n < 60 ? n : 60), p);
	return r;
}

int
lp_date_order_parse(const char *s, enum lp_date_order *o)
{
	if (strcmp(s, "mdy") == 0)
		*o = LP_DATE_MDY;
	else if (strcmp(s, "dmy") == 0)
		*o = LP_DATE_DMY;
	else
		return -1;
	return 0;
}
