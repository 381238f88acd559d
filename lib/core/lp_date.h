/*
 * lp_date -- dates, times and durations: parsing what exports contain,
 * formatting ISO 8601.  Times are seconds since the epoch, UTC (an offset
 * in the text is applied; a time without one is taken as UTC).
 */
#ifndef LP_DATE_H
#define LP_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Day/month order of 03/04/2026; UNSET: such a date is ambiguous.  UNSET
 * first, so that an options struct zeroed or initialised by name gives
 * no order (not month-first) unless told. */
enum lp_date_order { LP_DATE_UNSET, LP_DATE_MDY, LP_DATE_DMY };
/* lp_date_read's result for a date both orders read, differently. */
#define LP_DATE_AMBIGUOUS	(-2)

struct lp_datetime {
	int64_t	secs;		/* seconds since 1970-01-01T00:00:00Z */
	bool	has_time;	/* a time of day was given */
};

/*
 * Parse an ISO 8601 date or date-time (2026-11-01, 2026-11-01T09:30,
 * 2026-11-01 09:30:00Z, ...+02:00).  0 on success, -1 otherwise.
 */
int	lp_date_parse_iso(const char *p, size_t n, struct lp_datetime *);
/* lp_date_parse_iso without its fast path for YYYY-MM-DD and
 * YYYY-MM-DDTHH:MM:SSZ: the same results, slower (test_date.c compares
 * the two). */
int	lp_date_parse_iso_general(const char *p, size_t n,
	    struct lp_datetime *);
/*
 * Parse any date form exports use: ISO 8601, MM/DD/YYYY or DD/MM/YYYY
 * (order decides when both readings are valid), DD.MM.YYYY, "15 Apr, 2021
 * 00:03:00", "Apr 15, 2021", Excel serial numbers (1..2958465, the 1900
 * system), with optional times and AM/PM.  0 on success, -1 otherwise.
 */
int	lp_date_parse(const char *p, size_t n, enum lp_date_order,
	    struct lp_datetime *);
/*
 * The one date reader for data (lead-norm's cleaning, lead-score's decay
 * date and --events): ISO 8601 first, then the forms lp_date_parse reads,
 * with order deciding 03/04/2026.  With LP_DATE_UNSET a date that both
 * orders read, differently, is never guessed: LP_DATE_AMBIGUOUS (-2).  A
 * bare number under five digits ("2026", "12.5") is not taken for an
 * Excel serial.  0 on success, -1 not a date, -2 ambiguous.
 */
int	lp_date_read(const char *p, size_t n, enum lp_date_order,
	    struct lp_datetime *);
/*
 * A run's reading of dates from data: the order (--dates, [playbook]
 * dates) and the ambiguous dates met, counted for the one warning at the
 * end ("3 ambiguous dates (such as '03/04/2026') not read").  Every
 * reader of a run (the decay date, --events, expressions, lead-check's
 * date rules) shares one.  Not thread-safe: one per thread of work.
 */
struct lp_dates {
	enum lp_date_order order;	/* LP_DATE_UNSET: ambiguous */
	long		 ambiguous;	/* values not read for that */
	long		 met;		/* ambiguous dates read, repeats
					   too, and regex match limits hit
					   (lp_expr): a cache must not keep
					   a result that met one, or the
					   warnings would miss it
					   (lp_score.c's group memo) */
	char		 example[64];	/* the first of them */
	const char	*seen[8];	/* counted in this record (lp_dates_next) */
	int		 nseen;
};
void	lp_dates_init(struct lp_dates *, enum lp_date_order);
/*
 * lp_date_read in d's order (d may be NULL: no order, nothing counted).
 * An ambiguous date is counted once per value and record: the same text
 * at the same place read again before lp_dates_next is not counted
 * again.  Without serial, a bare number (45000, 45000.5) is not a date:
 * lead-norm reads Excel serials in date columns only.
 */
int	lp_dates_read(struct lp_dates *d, const char *p, size_t n,
	    bool serial, struct lp_datetime *);
/* The next record: its values are counted afresh. */
static inline void
lp_dates_next(struct lp_dates *d)
{
	d->nseen = 0;
}
/* "mdy" or "dmy" to an order; -1 for anything else. */
int	lp_date_order_parse(const char *s, enum lp_date_order *);
/* Write "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (NUL-terminated, <= 32
 * bytes) into out; returns the length. */
size_t	lp_date_format(const struct lp_datetime *, char *out, size_t cap);
/* Parse a duration "30d", "12h", "15m", "45s", "2w", or combinations
 * "1d12h".  0 on success with *secs set, -1 otherwise. */
int	lp_duration_parse(const char *p, size_t n, int64_t *secs);

/* The civil date of a day number (days since 1970-01-01), proleptic
 * Gregorian (Howard Hinnant's civil_from_days). */
void	lp_date_civil(int64_t day, int *y, int *m, int *d);

#endif
