/*
 * lp_report_int.h -- what the report files share: cells, tables and the
 * report itself.  Not for programs.
 */
#ifndef LP_REPORT_INT_H
#define LP_REPORT_INT_H

#include <stdint.h>

#include "lp_report.h"

#define KEYSEP		'\x1f'	/* between the parts of a group key */
#define LP_REPORT_MAXBY	8
#define DAYS_CAP	3650	/* longer intervals count as 3650 days */
#define HOURS_CAP	8760	/* longer first touches count as a year */

/* Counters of a cell; stage counts follow at C_FIXED + stage index, and
 * unmapped stages at C_FIXED + nstages. */
enum {
	C_N, C_GOAL, C_SLA, C_SLA_MET, C_SLA_LATE, C_SLA_OVERDUE,
	C_SLA_PENDING, C_NEG,
	C_MQLAT,	/* off the funnel (or unmapped) with an mql_at date */
	C_LEAK, C_FIXED = C_LEAK + LP_LEAK_N
};

/* Histograms of a cell: whole days, except H_TOUCH_HOURS (hours). */
enum {
	H_CREATED_TOUCH, H_TOUCH_CONV, H_CONV_CLOSED, H_CREATED_CLOSED,
	H_TOUCH_HOURS, H_N
};

/* The tables of groups. */
enum {
	T_GROUP, T_OWNER, T_GRADE, T_BAND, T_SOURCE_DQ, T_CAMPAIGN_DQ,
	T_RECYCLED, T_FLOW, T_N
};

/* The fields read. */
enum {
	F_STAGE, F_STATUS, F_GRADE, F_SCORE, F_CREATED, F_TOUCH, F_CONVERTED,
	F_CLOSED, F_SLA_DUE, F_OWNER, F_DQ_REASON, F_SOURCE, F_CAMPAIGN,
	F_RECYCLED, F_RECYCLE_AT, F_ACTIVITY, F_MQL_AT, F_N
};

struct lp_hist {
	uint32_t	 n;		/* buckets allocated */
	uint64_t	*c;
};

struct lp_cell {
	char		*key;
	size_t		 klen;
	int64_t		*c;		/* ncount counters */
	struct lp_hist	 h[H_N];
};

struct lp_rtable {
	struct lp_map	*map;		/* key -> index into cells */
	struct lp_cell	*cells;
	size_t		 n, cap;
};

struct lp_report {
	const struct lp_playbook *pb;	/* NULL in a merged report */
	struct lp_stager *stager;	/* the shared stage function */
	struct lp_report_opts o;
	struct lp_dates	 dates;		/* the run's order; ambiguous met */
	char		*by;
	uint64_t	 fp;		/* playbook fingerprint */
	char		 pbname[256];
	char		**stages;
	enum lp_stage_kind *kinds;
	int		 nstages, nfunnel, goal, mql, dq;
	int		 ncount;
	unsigned	 present;	/* 1 << F_... for the fields present */
	int		 col[F_N];
	int		 bycol[LP_REPORT_MAXBY], nby;
	int		 nparts;	/* parts of a group key (read states) */
	uint64_t	 nread, nbaddate;
	struct lp_cell	 total;
	struct lp_rtable tab[T_N];
	struct lp_buf	 key;		/* scratch */
};

/* The cell of key in table t, made when new. */
struct lp_cell	*lp_rep_cell(struct lp_report *, int t, const char *key,
		    size_t n);
/*
 * The leads of cell c that reached funnel stage i: all of them for the
 * first; else those at i or later, plus, up to mql, those off the funnel
 * that carry an mql_at date (MQL is a milestone).
 */
long long	 lp_rep_reached(const struct lp_report *, const struct lp_cell *,
		    int i);
/* The 95% Wilson score interval of k successes in n > 0, in percent. */
void		 lp_rep_wilson(long long k, long long n, double *lo, double *hi);
/* Table t's cells sorted by key, NULL-terminated (free the array). */
struct lp_cell	**lp_rep_sorted(const struct lp_report *, int t);

#endif
