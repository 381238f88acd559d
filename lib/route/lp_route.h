/*
 * lp_route -- the routing engine behind lead-route (lead-route(1),
 * lead-playbook(5) sections [teams], [route], [sla], [recycle]).
 *
 *   playbook -> teams (members, weights -> a smooth weighted round-robin
 *               cycle; caps; overflow; a business-hours calendar each),
 *               route rules (TARGET when CONDITION, first match wins),
 *               SLA rules (business DURATION when CONDITION), recycle
 *               rules (DURATION [to TARGET] [at stage S] when CONDITION)
 *   --state  -> rotation positions and today's counts, locked for the run
 *   record   -> recycle? -> owner kept (escalated when past its SLA with
 *               no first touch)? -> account match? -> route rule -> pick
 *               a member (rotation or hash) -> SLA due time
 *   finish   -> the state file replaced atomically; fairness summary
 *
 * A router is used from one thread at a time (lp_stream_map's worker).
 */
#ifndef LP_ROUTE_H
#define LP_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "lp_err.h"
#include "lp_playbook.h"
#include "lp_stream.h"
#include "lp_util.h"
#include "lp_pb_lint.h"

/* The columns every run writes, in order, NULL-terminated; the
 * escalation columns (sla_breached_at escalated_from) follow when [sla]
 * has `escalate` or the input already has them. */
extern const char *const lp_route_columns[];

struct lp_route_opts {
	const char	*state;		/* --state FILE, or NULL */
	const char	*away;		/* --away FILE, or NULL */
	const char	*accounts;	/* --accounts FILE, or NULL */
	bool		 hash;		/* --hash: by a hash of the lead key */
	bool		 reassign;	/* --reassign: ignore existing owners */
	bool		 dry_run;	/* --dry-run: state read, never written */
	bool		 no_wait;	/* fail instead of waiting for the lock */
	const struct lp_io_opts *io;	/* how to read --accounts */
	enum lp_date_order dates;	/* --dates; LP_DATE_UNSET: the
					   playbook's dates setting */
};

struct lp_router;

/*
 * Compile pb's routing sections, add the output columns to st, read
 * --away and --accounts, and lock and read --state (waiting for another
 * run that holds it).  Returns a new router (lp_router_free) or NULL
 * with err set: 78 playbook (FILE:LINE:COL), 65 bad state, away or
 * accounts file (FILE:LINE), 66 cannot open one.
 */
struct lp_router *lp_router_new(const struct lp_playbook *pb,
	    struct lp_stream *st, int64_t now, const struct lp_route_opts *,
	    struct lp_err *);
/* Unlock the state file and free.  NULL-safe. */
void	lp_router_free(struct lp_router *);

/* Route one record in place: lp_stream_map's fn.  Returns LP_KEEP. */
enum lp_verdict lp_route_record(void *router, struct lp_record *rec,
	    struct lp_emit *, struct lp_err *err);

/*
 * After the last record (and after the output is committed): write the
 * state file (not on a dry run).  0, or -1 with err set; warnings
 * (leads left without an owner) go to stderr.
 */
int	lp_router_finish(struct lp_router *, struct lp_err *);

/* The fairness summary (-v): per team and member, weight share against
 * lead share, and the score sum.  Lines prefixed "prog: ", appended. */
void	lp_router_summary(const struct lp_router *, const char *prog,
	    struct lp_buf *out);
/* The --dry-run table (CSV: owner,team,route_rule,leads), appended. */
void	lp_router_plan(const struct lp_router *, struct lp_buf *out);

/* The linter of [teams] [route] [sla] [recycle] (lp_pb_lint.h), for
 * lead-check --lint. */
extern const struct lp_pb_linter lp_route_linter;

#endif
