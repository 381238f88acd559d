/*
 * lp_cli -- the options every program shares (DESIGN section 3), their
 * parsing and validation, the help block printed word for word by every
 * program, and the one place errors are printed and turned into exit codes.
 */
#ifndef LP_CLI_H
#define LP_CLI_H

#include <getopt.h>
#include <stdint.h>

#include "lp_date.h"
#include "lp_err.h"
#include "lp_stream.h"

#define LP_VERSION	"0.1.0"

/* Long-only common options use codes above any character. */
enum {
	LP_OPT_FROM = 256, LP_OPT_TO, LP_OPT_REJECTS, LP_OPT_NOW,
	LP_OPT_PROGRESS, LP_OPT_NO_PROGRESS, LP_OPT_VERSION,
	LP_OPT_EXCEL_SAFE, LP_OPT_NO_EXCEL_SAFE, LP_OPT_LIMIT, LP_OPT_THREADS,
	LP_OPT_MAX_REJECTS,
	LP_OPT_DATES, LP_OPT_RECORDS, LP_OPT_SHEET, LP_OPT_HEADER_ROW,
	LP_OPT_PROGRAM = 512	/* programs number their own from here */
};

#define LP_CLI_SHORTOPTS "d:ho:p:qv"
#define LP_CLI_LONGOPTS \
	{ "delimiter",	required_argument, NULL, 'd' }, \
	{ "help",	no_argument,	   NULL, 'h' }, \
	{ "output",	required_argument, NULL, 'o' }, \
	{ "playbook",	required_argument, NULL, 'p' }, \
	{ "quiet",	no_argument,	   NULL, 'q' }, \
	{ "verbose",	no_argument,	   NULL, 'v' }, \
	{ "from",	required_argument, NULL, LP_OPT_FROM }, \
	{ "to",		required_argument, NULL, LP_OPT_TO }, \
	{ "rejects",	required_argument, NULL, LP_OPT_REJECTS }, \
	{ "now",	required_argument, NULL, LP_OPT_NOW }, \
	{ "progress",	no_argument,	   NULL, LP_OPT_PROGRESS }, \
	{ "no-progress", no_argument,	   NULL, LP_OPT_NO_PROGRESS }, \
	{ "version",	no_argument,	   NULL, LP_OPT_VERSION }, \
	{ "excel-safe",	no_argument,	   NULL, LP_OPT_EXCEL_SAFE }, \
	{ "no-excel-safe", no_argument,	   NULL, LP_OPT_NO_EXCEL_SAFE }, \
	{ "limit",	required_argument, NULL, LP_OPT_LIMIT }, \
	{ "threads",	required_argument, NULL, LP_OPT_THREADS }, \
	{ "max-rejects", required_argument, NULL, LP_OPT_MAX_REJECTS }, \
	{ "dates",	required_argument, NULL, LP_OPT_DATES }, \
	{ "records",	required_argument, NULL, LP_OPT_RECORDS }, \
	{ "sheet",	required_argument, NULL, LP_OPT_SHEET }, \
	{ "header-row",	required_argument, NULL, LP_OPT_HEADER_ROW }

struct lp_cli {
	const char	*prog;
	const char	*synopsis;	/* after the program name */
	const char	*help;		/* purpose paragraph and own options */
	struct lp_io_opts io;
	const char	*playbook;	/* -p, else $LEADPIPE_PLAYBOOK, else NULL */
	int64_t		 now;		/* --now, $LEADPIPE_NOW, else time(NULL) */
	bool		 now_set;	/* --now given (any time, 1969 too) */
	int		 verbosity;	/* -1 quiet, 0, 1+ */
	bool		 excel_safe_set; /* --excel-safe or --no-excel-safe given */
	enum lp_date_order dates;	/* --dates; LP_DATE_UNSET: not given */
};

/*
 * Set defaults and the program name used in every message.  synopsis is
 * what follows the name ("[-qv] [file ...]"); help is the purpose and the
 * program's own options, printed before the common block.
 */
void	lp_cli_init(struct lp_cli *, const char *prog, const char *synopsis,
	    const char *help);
/*
 * Handle a common option (or a getopt error, '?').  Prints help or version
 * and exits 0, or prints usage and exits 64 on a bad value.
 */
void	lp_cli_option(struct lp_cli *, int ch, const char *arg);
/* After option parsing: environment fallbacks ($LEADPIPE_PLAYBOOK,
 * $LEADPIPE_NOW); exits 64 on a bad value. */
void	lp_cli_finish(struct lp_cli *);
/* Usage error: "prog: message", the synopsis, the --help hint; exit 64. */
void	lp_cli_usage(const struct lp_cli *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
/*
 * A number option in [min, max]; usage error otherwise
 * ("prog: -k: 'abc' is not a number (allowed 2-100)").
 */
long	lp_cli_number(const struct lp_cli *, const char *opt, const char *arg,
	    long min, long max);
/* Print the error, if any, once; return the exit code (0 when none). */
int	lp_err_report(const struct lp_cli *, const struct lp_err *);

#endif
