/*
 * lp_dedupe -- lead-dedupe's engine: find the records that are one
 * person, merge or mark them (lead-dedupe(1), [dedupe] in
 * lead-playbook(5)).
 *
 *   records -> store (values copied into one arena; matching keys made
 *              once per record: lp_match.h normalisers)
 *           -> blocking passes (records sharing a key; sorted
 *              neighbourhood) -> candidate pairs, each pair once
 *           -> comparison levels per pair -> Fellegi-Sunter weights:
 *              u from random pairs, m by EM over the candidate pairs,
 *              term-frequency adjustment on exact agreement
 *           -> union-find over the pairs above the match threshold,
 *              strongest first, with an anti-chaining guard
 *           -> output: merged records (survivorship), marked records,
 *              pairs, or one pair explained
 *
 * The engine holds every input record: per record 44 bytes, 4 more per
 * column and per matching key, the values and their keys; 16 bytes per
 * candidate pair (lead-dedupe(1) CAVEATS states it).  Everything is
 * freed by lp_dedupe_free.
 */
#ifndef LP_DEDUPE_H
#define LP_DEDUPE_H

#include <stdbool.h>
#include <stdio.h>

#include "lp_err.h"
#include "lp_pb_lint.h"
#include "lp_playbook.h"
#include "lp_stream.h"

enum lp_dedupe_mode {
	LP_DEDUPE_MERGE,	/* one record per cluster */
	LP_DEDUPE_MARK,		/* every record, with its cluster */
	LP_DEDUPE_PAIRS,	/* the candidate pairs and their weights */
	LP_DEDUPE_EXPLAIN,	/* one pair, comparison by comparison */
	LP_DEDUPE_AGAINST,	/* each record linked to a master record */
	LP_DEDUPE_BLOCK_KEY	/* each record with its blocking key */
};

struct lp_dedupe_opts {
	enum lp_dedupe_mode mode;
	const char	*exact;		/* --exact FIELD[,FIELD]: exact keys
					   only; NULL: the playbook's */
	const char	*explain;	/* --explain "ID,ID" */
	const char	*undo_log;	/* --undo-log FILE, or NULL */
	char		**against;	/* --against MASTER files, or NULL */
	const struct lp_io_opts *io;
	enum lp_date_order dates;	/* --dates; LP_DATE_UNSET (0): the
					   playbook's dates setting */
};

/* The columns each mode appends. */
extern const char *const lp_dedupe_merge_columns[];
extern const char *const lp_dedupe_mark_columns[];
extern const char *const lp_dedupe_against_columns[];

struct lp_dedupe;

/*
 * A new engine for the stream's header: reads [dedupe] from the playbook
 * (or the exact fields of opts), resolves every field once and adds the
 * mode's output columns to the stream.  Returns NULL with err set (78 a
 * playbook error naming its line; 64 a bad --exact; 66 a master file).
 */
struct lp_dedupe *lp_dedupe_new(const struct lp_playbook *,
	    struct lp_stream *, const struct lp_dedupe_opts *, struct lp_err *);
/* NULL-safe. */
void	lp_dedupe_free(struct lp_dedupe *);
/* Dates of date fields not read for being ambiguous (03/04/2026 without
 * an order: compared by their digits); *example the first. */
long	lp_dedupe_ambiguous_dates(const struct lp_dedupe *,
	    const char **example);

/* lp_stream_map's fn: copy a record into the store.  LP_DROP (held). */
enum lp_verdict lp_dedupe_add(void *dd, struct lp_record *,
	    struct lp_emit *, struct lp_err *);

/*
 * lp_stream_map's end: block, compare, estimate the weights, cluster,
 * and write the mode's output (records emitted to the stream; pairs and
 * explanations to their own output, opened like the stream's); the undo
 * log when asked.  0, or -1 with err set.
 */
int	lp_dedupe_finish(void *dd, struct lp_emit *, struct lp_err *);

/* Records in, records out, records merged away, clusters (for -v). */
struct lp_dedupe_counts {
	long	in, out, merged, clusters, pairs, skipped_blocks;
};
const struct lp_dedupe_counts *lp_dedupe_counts(const struct lp_dedupe *);

/*
 * --emit-block-key: a per-record function for lp_stream_map that fills
 * column col with the record's key in the first blocking pass.
 */
enum lp_verdict lp_dedupe_block_key(void *dd, struct lp_record *,
	    struct lp_emit *, struct lp_err *);
/* Add the block_key column (after lp_dedupe_new). */
void	lp_dedupe_block_key_column(struct lp_dedupe *, struct lp_stream *);

/*
 * --undo LOG: write the records of the merged stream st with every
 * merged record replaced by the originals the undo log keeps, each back
 * at its input position, without the columns lead-dedupe added: the
 * input again.  0, or -1 with err set.
 */
int	lp_dedupe_undo(struct lp_stream *st, const struct lp_io_opts *io,
	    const char *log, struct lp_err *);

/* The linter of [dedupe] (lp_pb_lint.h): its settings and comparisons
 * parsed as lead-dedupe parses them; the first problem is an error. */
extern const struct lp_pb_linter lp_dedupe_linter;

#endif
