/*
 * lp_check -- the data-quality rules of the playbook's [check] section
 * (lead-check(1), lead-playbook(5)): compiled once per header, run over
 * each record with no allocation in steady state (uniqueness sets
 * aside), counted per rule with the first examples kept for the summary
 * and the JUnit report; and playbook lint.
 *
 *   [check] settings "LABEL" = [error:|warning:] CHECK [CLAUSES]
 *     -> struct rule: severity, kind (required, type, one of, regex,
 *        unique, order, condition), columns, compiled expressions,
 *        stage filter (at stage / from stage, from [stages]), when
 *   record -> for each rule: stage filter, when, the check itself
 *          -> violations (borrowed until the next record), per-rule counts
 */
#ifndef LP_CHECK_H
#define LP_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "lp_err.h"
#include "lp_pb_lint.h"
#include "lp_playbook.h"
#include "lp_stream.h"
#include "lp_util.h"

enum lp_severity { LP_SEV_ERROR, LP_SEV_WARNING };

/* One violation of one rule by one record.  Everything is borrowed until
 * the next lp_check_record. */
struct lp_violation {
	const char	*rule;		/* the rule's label */
	enum lp_severity severity;
	const char	*field;		/* "email", "first_name,last_name" */
	struct lp_str	 value;		/* the offending value (may be empty) */
	struct lp_str	 message;	/* "not an email address" */
};

/* The gate.  max_errors < 0 and max_error_rate < 0 mean "not set"; when
 * neither is set (here or in [check]) the gate is max_errors = 0. */
struct lp_check_opts {
	long	max_errors;		/* error violations allowed */
	double	max_error_rate;		/* percent of rows with an error */
	int	examples;		/* per rule in summary and JUnit; -1 */
	long	min_rows;		/* fail below this many rows; -1 */
	long	expect_rows;		/* fail unless exactly so many; -1 */
	bool	strict;			/* fail when a rule cannot fire */
};

#define LP_CHECK_OPTS_INIT { -1, -1.0, -1, -1, -1, false }

/* The violation record columns, NULL-terminated: "file" (written only
 * when there are several inputs), "line", "source" (only when the input
 * has a _source column, see lead-norm --source-lines), then "lead_id",
 * "field", "rule", "severity", "value", "message". */
extern const char *const lp_check_columns[];

struct lp_checker;

/*
 * Compile the [check] section of pb -- or, when pb has none, the built-in
 * playbook's [check] -- against hdr.  Stage
 * clauses use pb's [stages].  opts (may be NULL) override the section's
 * max_errors, max_error_rate and examples settings.  Returns a new
 * checker (lp_checker_free) or NULL with err set (78, pointing into the
 * playbook).
 */
struct lp_checker *lp_checker_new(const struct lp_playbook *pb,
	    const struct lp_header *hdr, int64_t now,
	    const struct lp_check_opts *opts, struct lp_err *);
void	lp_checker_free(struct lp_checker *);
/*
 * The day/month order of dates such as 03/04/2026 in date rules and
 * conditions (lp_dates_read); default the playbook's [playbook] dates,
 * else LP_DATE_UNSET: such a date is no date to any rule, and counted.
 */
void	lp_checker_set_dates(struct lp_checker *, enum lp_date_order);
/* Ambiguous dates the rules met so far; *example the first. */
long	lp_check_ambiguous_dates(const struct lp_checker *,
	    const char **example);

/* Number of rules. */
int	lp_check_nrules(const struct lp_checker *);

/*
 * The rules that cannot fire on this input because it lacks a field they
 * read (a type, list, regex, uniqueness or order check of an absent
 * column; a condition or `when` that reads only absent fields and so
 * never changes; a stage clause without stage and status columns).  They
 * are not run, and are "skipped" in the summary and JUnit.  For each,
 * report(arg, label, reason) is called in rule order; reason is
 * "no 'employees' column in the input".  Returns how many.
 */
int	lp_check_skipped(const struct lp_checker *,
	    void (*report)(void *arg, const char *label, const char *reason),
	    void *arg);

/* The record's lead_id and _source values (empty when the input has no
 * such column); borrowed like the record. */
struct lp_str lp_check_lead_id(const struct lp_checker *,
	    const struct lp_record *);
struct lp_str lp_check_source(const struct lp_checker *,
	    const struct lp_record *);
/* Whether the input has a _source column (lead-norm --source-lines). */
bool	lp_check_has_source(const struct lp_checker *);

/* The most columns a violation record has. */
#define LP_CHECK_NCOLUMNS	9

/*
 * The violation record's columns for this input (multi: several input
 * files, so a file column) into names[LP_CHECK_NCOLUMNS]; returns how
 * many.  lp_check_fields fills f[] with v's record in those columns
 * (line is scratch of 24 bytes; all borrowed like v) and returns the
 * same count.  The line's length carries LP_WRITER_NUMBER (a JSON number
 * to lp_writer_put; mask it off before using it elsewhere).
 */
int	lp_check_out_columns(const struct lp_checker *, bool multi,
	    const char **names);
int	lp_check_fields(const struct lp_checker *, const struct lp_record *,
	    const struct lp_violation *v, bool multi, char line[24],
	    struct lp_str *f);

/*
 * The row count --expect-rows names: arg itself when it is all digits,
 * else the first word of the file arg, a whole number.  0, or -1 with err
 * set (66 cannot open, 65 not a count).
 */
int	lp_check_read_count(const char *arg, long *n, struct lp_err *);

/* "2.5" or "2.5%" in 0-100 into *pct: 0, or -1 when it is not one. */
int	lp_check_parse_rate(const char *s, double *pct);

/*
 * An input without a header at all (an empty file or stream) is not a
 * passing gate: true with err set (65, naming files[0] or <stdin>).
 */
bool	lp_check_no_header(const struct lp_stream *, char **files,
	    struct lp_err *);

/*
 * Run every rule over rec.  Returns the number of violations, *v set to
 * them (borrowed until the next call); *errors (may be NULL) gets how
 * many are errors.
 */
int	lp_check_record(struct lp_checker *, const struct lp_record *rec,
	    const struct lp_violation **v, int *errors);

/*
 * Records that never reached the rules because a reader set them aside:
 * each counts against the gate as one error in a row of its own -- in
 * the count max_errors limits, and in both the numerator and the
 * denominator of max_error_rate (rows + rejected).  The row guards
 * (min_rows, expect_rows) count only the rows checked.  The summary
 * lists them after the rules ("rejected upstream 3 (bad.csv)") and the
 * JUnit report has a test case per kind, failing with the gate.
 *
 * lp_check_read_rejects reads path, a rejects file an earlier stage
 * wrote (lead-norm --rejects: header file,line,reason,record), as
 * rejected upstream, keeping the first examples; call it before any
 * output is written.  0, or -1 with err set (66 cannot open, 65 not a
 * rejects file, an unreadable record, 64 path is "-").  lp_check_add_rejects adds the n
 * records this run's own reader rejected into path (lp_stream_counts).
 */
int	lp_check_read_rejects(struct lp_checker *, const struct lp_io_opts *,
	    const char *path, struct lp_err *);
void	lp_check_add_rejects(struct lp_checker *, const char *path, long n);

/* Totals so far. */
struct lp_check_totals {
	long	rows;		/* records checked */
	long	error_rows;	/* records with at least one error */
	long	errors, warnings;	/* violations */
	long	max_errors;	/* the gate in force; -1 when not used */
	double	max_error_rate;	/* percent; -1 when not used */
	long	min_rows;	/* row guards; -1 when not used */
	long	expect_rows;
	long	skipped;	/* rules that cannot fire on this input */
	long	rejected;	/* records no rule saw (lp_check_read_rejects,
				   lp_check_add_rejects) */
	bool	strict;		/* ... fail the run */
	bool	failed;		/* over the gate (or the row guards fail;
				   with 0 rows read, as it stands) */
};
const struct lp_check_totals *lp_check_totals(const struct lp_checker *);

/*
 * The human summary: a line of totals, one block per rule (severity,
 * count, label, then the first examples as "FILE:LINE: field 'value':
 * message"), and the verdict.  prog prefixes the first and last lines.
 * Appended to out.
 */
void	lp_check_summary(const struct lp_checker *, const char *prog,
	    struct lp_buf *out);

/*
 * JUnit XML (appended to out): one <testsuite> named suite; first a
 * <testcase> "gate" that carries the verdict (a <failure> when the run
 * fails, which is exactly when lead-check exits 1), then one <testcase>
 * per rule.  An error rule with violations has a <failure> only when
 * the gate failed; under a passing gate (violations within the
 * threshold) it passes and lists them in <system-out>, as a warning rule
 * always does.  A rule that cannot fire is <skipped/>.  seconds is the
 * run's wall time, written as time= of the suites and the gate (rules
 * run interleaved record by record and get time="0").
 */
void	lp_check_junit(const struct lp_checker *, const char *suite,
	    double seconds, struct lp_buf *out);

/* lead-check's linter of [check] (lp_pb_lint.h). */
extern const struct lp_pb_linter lp_check_linter;

/*
 * Lint the whole playbook (lp_playbook_lint with the linters of score
 * and check): [stages] conditions, the scoring sections,
 * every [check] rule (all problems, not only the first), and with a
 * header from real input (hdr not NULL), every field a rule reads that
 * the input lacks.  Each problem is passed to report (warning true for
 * the ones that do not fail the lint).  Returns the number of errors.
 */
int	lp_check_lint(const struct lp_playbook *pb, const struct lp_header *hdr,
	    int64_t now, void (*report)(void *arg, const struct lp_err *,
	    bool warning), void *arg);

#endif
