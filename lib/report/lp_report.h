/*
 * lp_report -- the engine behind lead-report: one set of funnel numbers
 * for sales and marketing (DESIGN section 6), kept as aggregates that
 * merge exactly.
 *
 *   records -> lp_report_add (stage, window, group keys, timestamps)
 *           -> cells: counters and day/hour-bucket histograms, one cell
 *              per group of each table (groups by --by/--cohort, owner,
 *              grade, score band, source x reason, ...)
 *           -> lp_report_partial (a text state)  <- lp_report_merge
 *           -> lp_report_tables (sections as rows) -> text, CSV, JSON,
 *              Markdown (lp_report_render) or HTML (lp_report_html)
 *
 * Every figure is computed from the cells alone, and cells only add, so
 * merging the partial states of any split of the input gives the report
 * of one run over all of it, byte for byte (medians and p90 come from
 * the histograms, by nearest rank).  Memory grows with the number of
 * groups, never with the number of records.
 */
#ifndef LP_REPORT_H
#define LP_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "lp_err.h"
#include "lp_playbook.h"
#include "lp_stream.h"
#include "lp_util.h"

enum lp_cohort { LP_COHORT_NONE, LP_COHORT_WEEK, LP_COHORT_MONTH,
	LP_COHORT_QUARTER };

/* What a report counts; fixed when it is made, and carried in partials. */
struct lp_report_opts {
	const char	*by;		/* "lead_source,campaign" or NULL */
	enum lp_cohort	 cohort;	/* groups by created_at's period */
	bool		 has_since, has_until;
	int64_t		 since, until;	/* created_at window [since, until) */
	const char	*goal;		/* the stage conversion means; NULL:
					   the last funnel stage */
	int		 band;		/* score band width (default 20) */
	int64_t		 now;		/* for SLA and leaks */
	enum lp_date_order dates;	/* --dates; LP_DATE_UNSET (0): the
					   playbook's dates setting */
};

/* The leak kinds, in the order the leaks section lists them. */
enum { LP_LEAK_MQL_UNROUTED, LP_LEAK_UNTOUCHED, LP_LEAK_DQ_NO_REASON,
	LP_LEAK_DORMANT, LP_LEAK_N };
extern const char *const lp_report_leak_names[LP_LEAK_N];

struct lp_report;

/*
 * A report over records with header hdr, counted with pb's [stages].
 * A --by field the header lacks, or a goal that is not a funnel stage,
 * is an error (65 and 64, with a suggestion).  Returns a new report
 * (lp_report_free) or NULL with err set.
 */
struct lp_report *lp_report_new(const struct lp_playbook *pb,
	    const struct lp_header *hdr, const struct lp_report_opts *,
	    struct lp_err *);
void	lp_report_free(struct lp_report *);
/* Dates not read for being ambiguous (03/04/2026 without an order; also
 * among the dates not read); *example the first. */
long	lp_report_ambiguous_dates(const struct lp_report *,
	    const char **example);

/*
 * Count one record.  *leaks gets a bit (1 << LP_LEAK_...) per leak the
 * record is.  Outside the window, it is only counted as read.  No
 * allocation once its groups exist.
 */
void	lp_report_add(struct lp_report *, const struct lp_record *,
	    unsigned *leaks);

/* The leak kinds of bits as "a; b" (NUL-terminated) into out. */
void	lp_report_leak_text(unsigned bits, struct lp_buf *out);

/*
 * The report's state as text (appended to out): a versioned, line-based
 * format that lp_report_merge reads back.  Several states may follow one
 * another in one file.
 */
void	lp_report_partial(const struct lp_report *, struct lp_buf *out);

/*
 * Add the states in text[0..n) (from a file named name) to *acc; *acc
 * NULL makes a report from the first state.  States made with another
 * playbook, other options or another "now" are an error (65).  Returns
 * the number of states read (0 for empty text), or -1 with err set.
 */
int	lp_report_merge(struct lp_report **acc, const char *text, size_t n,
	    const char *name, struct lp_err *);

/* lp_report_merge over a file's contents (NULL or "-": standard input);
 * a file without a state is an error.  0, or -1 with err set (66, 74,
 * 65). */
int	lp_report_merge_file(struct lp_report **acc, const char *path,
	    struct lp_err *);

/* Records read and records inside the window. */
long	lp_report_read(const struct lp_report *);
long	lp_report_kept(const struct lp_report *);

/* ---------------------------------------------------------- tables */

enum lp_val_type { LP_V_NULL, LP_V_STR, LP_V_INT, LP_V_PCT };

struct lp_val {
	enum lp_val_type type;
	const char	*s;		/* LP_V_STR, owned by the table */
	long long	 i;		/* LP_V_INT */
	double		 f;		/* LP_V_PCT: a percentage, 1 decimal */
};

/* One section of the report: a title and rows of typed cells. */
struct lp_table {
	const char	*name;		/* "funnel" */
	const char	*title;		/* "Funnel" */
	const char	*note;		/* a sentence under the title, or NULL */
	int		 ncols;
	const char	**cols;		/* names, owned */
	struct lp_val	*v;		/* nrows * ncols */
	size_t		 nrows, cap;
};

struct lp_tables {
	const char	*heading;	/* "1000 leads; playbook ..." */
	long long	 leads, read;	/* in the window; read */
	const char	*playbook, *goal;	/* borrowed from the report */
	struct lp_table	*t;
	size_t		 n;
};

/* The report as sections (lp_report_tables_free). */
struct lp_tables *lp_report_tables(const struct lp_report *);
void	lp_report_tables_free(struct lp_tables *);
/* The section called name, or NULL. */
const struct lp_table *lp_tables_find(const struct lp_tables *,
	    const char *name);
/* The names of the sections, NULL-terminated; whether name is one. */
extern const char *const lp_report_sections[];
bool	lp_report_section_known(const char *name);
/* week, month, quarter; LP_COHORT_NONE for any other name. */
enum lp_cohort lp_report_cohort_named(const char *name);

enum lp_report_format { LP_REPORT_TEXT, LP_REPORT_CSV, LP_REPORT_TSV,
	LP_REPORT_JSON, LP_REPORT_MARKDOWN, LP_REPORT_HTML };

/* The format called name (text, csv, tsv, json, markdown or md, html);
 * -1 when there is none. */
int	lp_report_format_named(const char *name);
/*
 * The format when none is named: --to's (csv, tsv; json and ndjson mean
 * json), else the output file's suffix (.csv .tsv .json .md .txt .html),
 * else text on a terminal (tty) and CSV otherwise.
 */
enum lp_report_format lp_report_format_default(enum lp_format to,
	    const char *output, bool tty);

/*
 * Render the tables (only the section named section, when not NULL)
 * into out.  excel_safe: CSV/TSV text cells that a spreadsheet would run
 * as a formula get a leading '.
 */
void	lp_report_render(const struct lp_tables *, enum lp_report_format,
	    const char *section, bool excel_safe, struct lp_buf *out);

/* The self-contained HTML page (inline SVG charts, no script, no URL). */
void	lp_report_html(const struct lp_report *, const struct lp_tables *,
	    struct lp_buf *out);

/* lp_report_html for LP_REPORT_HTML, else lp_report_render. */
void	lp_report_write(const struct lp_report *, const struct lp_tables *,
	    enum lp_report_format, const char *section, bool excel_safe,
	    struct lp_buf *out);

#endif
