/*
 * lp_cal -- a business-hours calendar: an IANA time zone from the
 * system's tzdata, working hours, working days and holidays; adds a
 * number of business seconds to an instant (SLA deadlines).
 *
 * Times are seconds since the epoch, UTC, as everywhere in leadpipe.
 * Daylight-saving changes are the C library's (mktime with TZ set to the
 * zone), computed once per local day: a working day's window is the
 * UTC instants of its local start and end, so a day with a change
 * inside the window is as long as it really is.
 */
#ifndef LP_CAL_H
#define LP_CAL_H

#include <stdbool.h>
#include <stdint.h>

#include "lp_err.h"

/* Working days: bit 0 Sunday ... bit 6 Saturday. */
#define LP_CAL_MON_FRI	0x3e

struct lp_cal;

/*
 * True when tz names a zone of the system's tzdata ($TZDIR, else
 * /usr/share/zoneinfo): a relative path without "..", to a TZif file.
 */
bool	lp_cal_zone_exists(const char *tz);

/*
 * A calendar for zone tz, working hours [start_min, end_min) minutes
 * after local midnight (0 <= start < end <= 1440), on the days in the
 * days mask (not 0).  now centres the range of days computed up front
 * (two months back, four ahead); the range grows when a time outside
 * it comes along (so a calendar is used by one thread at a time), each
 * computation under a process-wide lock.  Returns a new calendar
 * (lp_cal_free) or NULL with err set (78) when tz is unknown or the
 * hours or days are empty.
 */
struct lp_cal *lp_cal_new(const char *tz, int start_min, int end_min,
	    unsigned days, int64_t now, struct lp_err *);
void	lp_cal_free(struct lp_cal *);

/* Make the local date with day number day (days since 1970-01-01) a
 * holiday. */
void	lp_cal_add_holiday(struct lp_cal *, int64_t day);

/* Seconds of working time in one working day (end - start). */
int64_t	lp_cal_day_secs(const struct lp_cal *);

/*
 * The instant secs of working time after t: time outside the working
 * hours, on days off and on holidays does not count.  secs 0 gives t
 * itself when t is inside working hours, else the next working start.
 * -1 when no working time is found within ten years (every day a
 * holiday).
 */
int64_t	lp_cal_add(struct lp_cal *, int64_t t, int64_t secs);

/*
 * Parse "mon-fri", "mon, tue, thu", "mon-sat", "sun-thu" into a days
 * mask.  0 when the text is not such a list.
 */
unsigned lp_cal_parse_days(const char *s);
/* Parse "09:00-17:00" (24:00 allowed as the end).  0 or -1. */
int	lp_cal_parse_hours(const char *s, int *start_min, int *end_min);

#endif
