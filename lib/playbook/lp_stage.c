/*
 * lp_stage -- a record's stage, decided in one place.
 *
 * Precedence (lead-playbook(5), STAGE OF A RECORD):
 *
 *   1. Every stage column (`stage` and its aliases, such as HubSpot's
 *      `Lifecycle Stage`, and the `stage` a previous lead-score run
 *      wrote) and every status column (`status`, `Lead Status`, ...) is
 *      read through the [stages] map.  Empty values are skipped.
 *   2. Of the funnel stages found, the latest counts: a lead never moves
 *      back along `order`.
 *   3. An off-funnel or lost stage found (nurture, disqualified, lost;
 *      status columns first) beats that funnel stage unless the funnel
 *      stage has reached the one the off-funnel or lost stage is left
 *      behind at ([stages] `left_behind`; by default the last funnel
 *      stage): a customer whose Lead Status still says UNQUALIFIED stays
 *      won, a new lead whose status says UNQUALIFIED is disqualified.
 *   4. No mapped value: a status the map does not know is kept as it is
 *      (stage -1, the value in at->value); no value at all is the first
 *      funnel stage.
 *   5. On the funnel, the latest later stage whose [stages] condition
 *      holds moves the lead there (`sql = budget = yes and ...`).
 *   6. A record with an `mql_at` date before the mql stage is an mql:
 *      MQL is a milestone, not a flicker.
 *
 * Score-based promotion (score >= [score] mql) is lead-score's, made on
 * top of this; other programs read it from the `stage` column it wrote.
 */
#include <stdlib.h>
#include <string.h>

#include "lp_alias.h"
#include "lp_expr.h"
#include "lp_pb_lint.h"
#include "lp_stage.h"

#define MAXCOLS	8	/* stage or status columns read per record */

struct lp_stager {
	const struct lp_playbook *pb;
	const struct lp_stage *stages;
	int		 nstages;
	struct lp_expr	**when;		/* per stage, NULL when none */
	int		 cols[MAXCOLS];	/* status columns first, then stage */
	int		 ncols;
	int		 mql_at_cols[MAXCOLS];	/* mql_at and its aliases */
	int		 nmql_at, mql_idx;
	struct lp_memo	 memo;		/* status text as read -> stage */
};

bool
lp_stage_later(const struct lp_playbook *pb, int a, int b)
{
	int n;
	const struct lp_stage *s = lp_playbook_stages(pb, &n);

	return lp_stages_later(s, n, a, b);
}

/* Append to cols every column that stands for field (the exact name
 * first, then aliases in header order). */
static void
add_cols(int *cols, int *ncols, const struct lp_header *hdr,
    const char *field)
{
	const char *canon = lp_alias_canonical(field, strlen(field));
	int n = lp_header_count(hdr), exact = lp_header_match(hdr, field);

	if (exact >= 0 && *ncols < MAXCOLS)
		cols[(*ncols)++] = exact;
	for (int c = 0; c < n && *ncols < MAXCOLS; c++) {
		const char *hn = lp_header_name(hdr, c);

		if (c != exact && canon != NULL &&
		    lp_alias_canonical(hn, strlen(hn)) == canon)
			cols[(*ncols)++] = c;
	}
}

struct lp_stager *
lp_stager_new(const struct lp_playbook *pb, const struct lp_header *hdr,
    int64_t now, struct lp_dates *dates, struct lp_err *err)
{
	struct lp_stager *st = lp_xcalloc(1, sizeof(*st));

	st->pb = pb;
	lp_memo_init(&st->memo, sizeof(int));
	st->stages = lp_playbook_stages(pb, &st->nstages);
	st->when = lp_xcalloc((size_t)st->nstages + 1, sizeof(*st->when));
	for (int i = 0; i < st->nstages; i++) {
		const struct lp_pb_setting *w = st->stages[i].when;

		if (w == NULL)
			continue;
		if ((st->when[i] = lp_pb_expr(pb, w->value, strlen(w->value),
		    w->line, w->vcol, hdr, now, dates, err)) == NULL) {
			lp_stager_free(st);
			return NULL;
		}
	}
	add_cols(st->cols, &st->ncols, hdr, "status");
	add_cols(st->cols, &st->ncols, hdr, "stage");
	add_cols(st->mql_at_cols, &st->nmql_at, hdr, "mql_at");
	st->mql_idx = lp_playbook_stage_find(pb, "mql", 3);
	return st;
}

void
lp_stager_free(struct lp_stager *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < st->nstages; i++)
		lp_expr_free(st->when[i]);
	free(st->when);
	lp_memo_fini(&st->memo);
	free(st);
}

int
lp_stager_stage(struct lp_stager *st, const struct lp_record *rec,
    struct lp_stage_at *at)
{
	const struct lp_stage *s = st->stages;
	int funnel = -1, fcol = -1, off = -1, ocol = -1, ucol = -1;
	struct lp_str fval = { "", 0 }, oval = { "", 0 }, uval = { "", 0 };

	memset(at, 0, sizeof(*at));
	at->behind = at->behind_col = at->from = -1;
	for (int k = 0; k < st->ncols; k++) {
		struct lp_str v = lp_str_trim(lp_record_get(rec, st->cols[k]));
		int idx;

		if (v.n == 0)
			continue;
		if ((idx = lp_playbook_stage_memo(st->pb, &st->memo, v.p, v.n)) < 0) {
			if (ucol < 0) {
				ucol = st->cols[k];
				uval = v;
			}
		} else if (s[idx].kind == LP_STAGE_FUNNEL) {
			if (funnel < 0 || s[idx].rank > s[funnel].rank) {
				funnel = idx;
				fcol = st->cols[k];
				fval = v;
			}
		} else if (off < 0) {
			off = idx;
			ocol = st->cols[k];
			oval = v;
		}
	}
	if (off >= 0 && (funnel < 0 || s[funnel].rank < s[off].left_behind)) {
		at->stage = off;
		at->by = LP_STAGE_BY_COLUMN;
		at->col = ocol;
		at->value = oval;
		return at->stage;	/* off the funnel: nothing promotes */
	}
	if (funnel >= 0) {
		at->stage = funnel;
		at->by = LP_STAGE_BY_COLUMN;
		at->col = fcol;
		at->value = fval;
		if (off >= 0) {
			at->behind = off;
			at->behind_col = ocol;
		}
	} else if (ucol >= 0) {
		at->stage = -1;
		at->by = LP_STAGE_BY_UNKNOWN;
		at->col = ucol;
		at->value = uval;
		return -1;
	} else {
		at->stage = 0;
		at->by = LP_STAGE_BY_NONE;
		at->col = -1;
	}
	for (int i = st->nstages - 1; i >= 0; i--)
		if (st->when[i] != NULL &&
		    lp_stages_later(s, st->nstages, i, at->stage) &&
		    lp_expr_test(st->when[i], rec)) {
			at->from = at->stage;
			at->stage = i;
			at->by = LP_STAGE_BY_CONDITION;
			break;
		}
	if (st->mql_idx >= 0 && lp_stages_later(s, st->nstages,
	    st->mql_idx, at->stage)) {
		int col;
		struct lp_str v = lp_stager_mql_at(st, rec, &col);

		if (v.n > 0) {
			at->from = at->stage;
			at->stage = st->mql_idx;
			at->by = LP_STAGE_BY_MQL_AT;
			at->col = col;
			at->value = v;
		}
	}
	return at->stage;
}

struct lp_str
lp_stager_mql_at(const struct lp_stager *st, const struct lp_record *rec,
    int *col)
{
	for (int k = 0; k < st->nmql_at; k++) {
		struct lp_str v = lp_str_trim(lp_record_get(rec,
		    st->mql_at_cols[k]));

		if (v.n > 0) {
			if (col != NULL)
				*col = st->mql_at_cols[k];
			return v;
		}
	}
	if (col != NULL)
		*col = -1;
	return (struct lp_str){ "", 0 };
}
