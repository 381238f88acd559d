/*
 * lp_stage -- the one function that decides a record's stage from its
 * columns and the playbook's [stages] section (DESIGN section 2, "one
 * function decides a record's stage").  Every program that needs a stage
 * calls it, so lead-score, lead-check, lead-route and lead-report never
 * disagree.  The precedence is spelled out in lead-playbook(5), STAGE OF
 * A RECORD, and in lp_stage.c.
 *
 * Resolve the columns once per header (lp_stager_new), then ask per
 * record (lp_stager_stage); nothing allocates per record.
 */
#ifndef LP_STAGE_H
#define LP_STAGE_H

#include <stdint.h>

#include "lp_err.h"
#include "lp_playbook.h"
#include "lp_stream.h"
#include "lp_util.h"

/* What decided a record's stage. */
enum lp_stage_by {
	LP_STAGE_BY_NONE,	/* no status or stage: the first funnel stage */
	LP_STAGE_BY_COLUMN,	/* a status or stage column's value */
	LP_STAGE_BY_UNKNOWN,	/* a value the [stages] map does not know */
	LP_STAGE_BY_CONDITION,	/* a [stages] `STAGE = condition` line */
	LP_STAGE_BY_MQL_AT	/* an mql_at date: an MQL stays one */
};

struct lp_stage_at {
	int		 stage;	/* index into lp_playbook_stages; -1 unknown */
	enum lp_stage_by by;
	int		 col;	/* the column whose value decided; -1 none */
	struct lp_str	 value;	/* that value, trimmed (borrowed from rec) */
	/* An off-funnel or lost value in another column that the funnel
	 * stage has left behind (e.g. Lead Status UNQUALIFIED on a
	 * customer); -1 when none. */
	int		 behind, behind_col;
	/* With by == LP_STAGE_BY_CONDITION, the stage the columns said. */
	int		 from;
};

struct lp_stager;

/*
 * Resolve, against hdr, every column that holds a stage (`stage` and its
 * aliases such as `Lifecycle Stage`), every status column (`status`,
 * `Lead Status`, ...) and `mql_at`, and compile the [stages] conditions
 * (unknown fields are playbook errors, 78).  now is what dates in
 * conditions are measured from; dates (may be NULL) how they read dates
 * (lp_pb_expr).  Returns a new stager (lp_stager_free), or NULL with err
 * set.  The playbook, header and dates must outlive it.
 */
struct lp_stager *lp_stager_new(const struct lp_playbook *,
	    const struct lp_header *hdr, int64_t now, struct lp_dates *dates,
	    struct lp_err *);
void	lp_stager_free(struct lp_stager *);

/*
 * The stage of rec: fills *at and returns at->stage (-1 when the record's
 * status is a value the [stages] map does not know; at->value holds it).
 * Not thread-safe: one stager per thread.
 */
int	lp_stager_stage(struct lp_stager *, const struct lp_record *rec,
	    struct lp_stage_at *at);

/* The record's first non-empty mql_at value (the `mql_at` column or an
 * alias such as HubSpot's "Became a Marketing Qualified Lead Date"),
 * trimmed and borrowed from rec; {"", 0} when none.  *col (may be NULL)
 * is its column, -1 when none. */
struct lp_str lp_stager_mql_at(const struct lp_stager *,
	    const struct lp_record *rec, int *col);

/* True when stage a comes after stage b in the funnel (both on it). */
bool	lp_stage_later(const struct lp_playbook *, int a, int b);
/* The same, in the playbook's n stages s (lp_playbook_stages), inline
 * for the per-record callers. */
static inline bool
lp_stages_later(const struct lp_stage *s, int n, int a, int b)
{
	return a >= 0 && b >= 0 && a < n && b < n &&
	    s[a].kind == LP_STAGE_FUNNEL && s[b].kind == LP_STAGE_FUNNEL &&
	    s[a].rank > s[b].rank;
}

#endif
