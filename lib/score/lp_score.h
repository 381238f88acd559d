/*
 * lp_score -- the scoring engine behind lead-score: fit and engagement
 * points from the playbook's [score.fit] and [score.engagement] rules,
 * decay, caps, grade, stage and the reasons a sales rep reads
 * (DESIGN section 5; the arithmetic is spelled out in lead-score(1)).
 *
 * Compile once per header (lp_scorer_new), then score each record with no
 * allocation in steady state.
 */
#ifndef LP_SCORE_H
#define LP_SCORE_H

#include <stdbool.h>
#include <stdint.h>

#include "lp_err.h"
#include "lp_pb_lint.h"
#include "lp_playbook.h"
#include "lp_stream.h"
#include "lp_util.h"

/* The columns lead-score writes, in order, NULL-terminated. */
extern const char *const lp_score_columns[];

enum {
	LP_SCORE_COL_SCORE, LP_SCORE_COL_FIT, LP_SCORE_COL_ENGAGEMENT,
	LP_SCORE_COL_GRADE, LP_SCORE_COL_STAGE, LP_SCORE_COL_REASONS,
	LP_SCORE_COL_MQL_AT, LP_SCORE_NCOLS
};

/* One record's result.  Strings are borrowed from the scorer until its
 * next lp_score_compute / lp_score_record. */
struct lp_score_result {
	double		 fit;		/* after the [score.fit] max */
	double		 engagement;	/* after max and decay */
	double		 score;		/* fit + engagement, unrounded */
	long long	 fit_i, engagement_i, score_i;	/* as written */
	double		 factor;	/* decay multiplier; 1 when none */
	double		 age_days;	/* of the `from` field; -1 when none */
	const char	*grade;
	const char	*stage;		/* a stage name, or the unmapped status */
	bool		 mql;		/* stage is mql or later in the funnel */
	/* When the lead became an MQL: the record's own mql_at, else now
	 * when this run made it one, else "" (borrowed, as below). */
	const char	*mql_at;
	size_t		 grade_len, stage_len, mql_at_len;	/* of the three */
	const char	*reasons;	/* "+15 Senior title; ..." */
	size_t		 reasons_len;
};

struct lp_scorer;

/*
 * Compile the playbook's scoring sections against hdr: every condition is
 * parsed and bound (unknown fields are playbook errors, 78, pointing into
 * the playbook).  now is the time ages are measured from.  The output
 * columns are those of lp_score_columns that hdr has (add them to the
 * stream first); absent ones are not written.  Returns a new scorer
 * (lp_scorer_free) or NULL with err set.
 */
/*
 * The day/month order of dates such as 03/04/2026 in the decay date and
 * --events (lp_date_read); default the playbook's [playbook] dates, else
 * LP_DATE_UNSET: such a date is not read, and counted.  Call before
 * lp_scorer_load_events.
 */
void	lp_scorer_set_dates(struct lp_scorer *, enum lp_date_order);
/* Dates not read for being ambiguous so far; *example the first. */
long	lp_scorer_ambiguous_dates(const struct lp_scorer *,
	    const char **example);
struct lp_scorer *lp_scorer_new(const struct lp_playbook *,
	    const struct lp_header *hdr, int64_t now, struct lp_err *);
void	lp_scorer_free(struct lp_scorer *);

/*
 * Score rec without changing it.  When explain is not NULL, one JSON
 * object (no newline) describing every rule is appended to it.  The
 * result is borrowed until the next call.
 */
const struct lp_score_result *lp_score_compute(struct lp_scorer *,
	    const struct lp_record *rec, struct lp_buf *explain);

/* The compact explain form: each part's "rules" lists only the rules
 * that fired (lead-score --explain-compact). */
void	lp_scorer_explain_compact(struct lp_scorer *, bool);

/* The result of the scorer's last lp_score_compute or lp_score_record
 * (borrowed, as above). */
const struct lp_score_result *lp_score_last(const struct lp_scorer *);

/* lp_score_compute, then write the result into rec's score columns.
 * Returns 0 (the error argument is for future checks). */
int	lp_score_record(struct lp_scorer *, struct lp_record *rec,
	    struct lp_buf *explain, struct lp_err *);

/*
 * Per-rule introspection (lead-fit): the rules of [score.fit] then
 * [score.engagement], in playbook order, as data.  lp_scorer_nrules is
 * their number; lp_scorer_rule describes rule i (borrowed for the
 * scorer's life).
 */
struct lp_score_rule {
	const char		*part;	/* "fit" or "engagement" */
	const struct lp_pb_rule	*src;	/* points, label, line */
	const struct lp_playbook *owner;	/* whose text holds src */
	bool			 per;	/* points times a count */
	bool			 has_max;
	double			 max;	/* per rules: |contribution| cap */
};
size_t	lp_scorer_nrules(const struct lp_scorer *);
void	lp_scorer_rule(const struct lp_scorer *, size_t i,
	    struct lp_score_rule *);

/* What rule i did for a record: fired, the points it added (before
 * decay and the section max) and, for per rules, the count. */
struct lp_score_fired {
	bool	 fired;
	double	 points;
	double	 value;
};
/* Evaluate every rule on rec into out[0 .. lp_scorer_nrules): the same
 * decisions lp_score_compute makes, without adding them up. */
void	lp_score_rules(struct lp_scorer *, const struct lp_record *rec,
	    struct lp_score_fired *out);

/*
 * Activity events (--events FILE): read an activity stream (a lead key --
 * lead_id or email --, an event type and a timestamp per record) and score
 * the engagement rules that [score.engagement] `events` maps event types
 * to from those events, each decayed by its own age, instead of from the
 * record's columns.  Records are joined on lead_id, else email.  Memory:
 * about 40 bytes plus the key per event.  0, or -1 with err set.
 */
int	lp_scorer_load_events(struct lp_scorer *, const struct lp_io_opts *,
	    const char *path, struct lp_err *);

/*
 * The linter of [score], [score.fit] and [score.engagement] (lp_pb_lint.h):
 * the scorer compiles them (first problem only), then each rule's fields
 * are checked against the input.
 */
extern const struct lp_pb_linter lp_score_linter;

#endif
