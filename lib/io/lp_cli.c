/*
 * lp_cli -- the common options (DESIGN section 3), help, usage errors and
 * the one place an error becomes a message and an exit code.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lp_cli.h"
#include "lp_date.h"

static const char common_help[] =
"Common options:\n"
"  -p, --playbook FILE  the playbook (else $LEADPIPE_PLAYBOOK, else built in)\n"
"      --from FMT       input format: csv, tsv, json, ndjson, xlsx (default:\n"
"                       sniffed; a workbook by its content, not its name)\n"
"      --to FMT         output format: csv, tsv, json, ndjson (default: input's;\n"
"                       csv for xlsx), xlsx (needs -o FILE), or table\n"
"                       (aligned text for people)\n"
"  -d, --delimiter C    CSV delimiter for input (default: sniffed) and output\n"
"                       (default ,); \\t or tab for a tab\n"
"  -o, --output FILE    write FILE atomically instead of standard output\n"
"      --rejects FILE   unreadable records go to FILE (CSV: file,line,reason,\n"
"                       record) instead of stopping the run\n"
"      --records PATH   JSON: the array of records in a document, as dotted\n"
"                       keys (default: records, result.records, results,\n"
"                       value, ..., else the only array of objects)\n"
"      --sheet NAME|N   xlsx: the sheet to read (default: the first)\n"
"      --header-row N   xlsx: the header's row (default: the first row)\n"
"      --now TIME       the time \"now\" means, ISO 8601 (else $LEADPIPE_NOW)\n"
"      --dates ORDER    read dates such as 03/04/2026 as mdy or dmy (else the\n"
"                       playbook's dates setting; else they are ambiguous:\n"
"                       counted, reported and not read)\n"
"      --progress       progress on stderr (default: on a terminal, big input)\n"
"      --no-progress    no progress\n"
"      --excel-safe     CSV/TSV: put ' before cells a spreadsheet would run as\n"
"                       formulas (=, +, -, @, tab, CR; not numbers or phones)\n"
"      --no-excel-safe  write cells as they are\n"
"      --limit NAME=N   field=BYTES, record=BYTES, columns=N, playbook=BYTES\n"
"                       (and each file() list), regex=STEPS; K, M, G ok;\n"
"                       defaults 16M, 64M, 20000, 16M, 1000000\n"
"      --max-rejects N|P%\n"
"                       fail (exit 65, -o not replaced) when more than N\n"
"                       records, or P% of the records read, were rejected\n"
"      --threads N      1: all work on one thread; 2: the per-record work\n"
"                       on a second one (default when 2+ CPUs are online)\n"
"  -q, --quiet          no warnings\n"
"  -v, --verbose        counts and timings on stderr\n"
"  -h, --help           this help\n"
"      --version        the version\n";

static int atexit_set, stdout_reported;

static void
close_stdout(void)
{
	if (stdout_reported)
		return;		/* lp_err_report said it */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int e = errno;

		fprintf(stderr, "%s: <stdout>: write error: %s\n", lp_progname,
		    strerror(e ? e : EIO));
		_exit(EX_IOERR);
	}
}

void
lp_cli_init(struct lp_cli *cli, const char *prog, const char *synopsis,
    const char *help)
{
	static const struct lp_limits limits = LP_LIMITS_DEFAULT;

	memset(cli, 0, sizeof(*cli));
	cli->prog = prog;
	cli->synopsis = synopsis;
	cli->help = help;
	cli->io.progress = -1;
	cli->io.limits = limits;
	cli->now = -1;
	cli->dates = LP_DATE_UNSET;
	/* --version >/dev/full exited 0: standard output is checked when
	 * the program ends, whatever wrote to it. */
	if (!atexit_set++)
		atexit(close_stdout);
	lp_progname = prog;
	lp_verbosity = 0;
}

void
lp_cli_usage(const struct lp_cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fprintf(stderr, "%s: ", cli->prog);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "usage: %s %s\nTry '%s --help'.\n", cli->prog,
	    cli->synopsis, cli->prog);
	exit(EX_USAGE);
}

static enum lp_format
format(const struct lp_cli *cli, const char *opt, const char *arg)
{
	if (strcmp(arg, "csv") == 0)
		return LP_FMT_CSV;
	if (strcmp(arg, "tsv") == 0)
		return LP_FMT_TSV;
	if (strcmp(arg, "json") == 0)
		return LP_FMT_JSON;
	if (strcmp(arg, "ndjson") == 0 || strcmp(arg, "jsonl") == 0)
		return LP_FMT_NDJSON;
	if (strcmp(arg, "xlsx") == 0)
		return LP_FMT_XLSX;
	if (strcmp(arg, "table") == 0 && strcmp(opt, "--to") == 0)
		return LP_FMT_TABLE;
	lp_cli_usage(cli, "%s: unknown format '%s' (use %s)", opt, arg,
	    strcmp(opt, "--to") == 0 ? "csv, tsv, json, ndjson, xlsx or table" :
	    "csv, tsv, json, ndjson or xlsx");
}

static int64_t
parse_now(const struct lp_cli *cli, const char *what, const char *arg)
{
	struct lp_datetime dt;

	if (lp_date_parse_iso(arg, strlen(arg), &dt) != 0)
		lp_cli_usage(cli, "%s: '%s' is not an ISO 8601 time (e.g. "
		    "2026-11-01T09:00:00Z)", what, arg);
	return dt.secs;
}

/* --limit NAME=N with an optional K, M or G (powers of 1024). */
static void
set_limit(struct lp_cli *cli, const char *arg)
{
	struct lp_limits *l = &cli->io.limits;
	const struct {
		const char	*name, *what, *eg;
		size_t		*slot;
	} tab[] = {
		{ "field", "size", "64M", &l->max_field },
		{ "record", "size", "256M", &l->max_record },
		{ "columns", "number", "50000", &l->max_columns },
		{ "playbook", "size", "64M", &l->max_playbook },
		{ "regex", "number", "5000000", &l->regex_effort },
	};
	const char *eq = strchr(arg, '=');
	unsigned long long v;
	char *end;

	for (size_t i = 0; eq != NULL && i < sizeof(tab) / sizeof(tab[0]);
	    i++) {
		if ((size_t)(eq - arg) != strlen(tab[i].name) ||
		    strncmp(arg, tab[i].name, (size_t)(eq - arg)) != 0)
			continue;
		errno = 0;
		v = strtoull(eq + 1, &end, 10);
		if (*end == 'K' || *end == 'k')
			v <<= 10, end++;
		else if (*end == 'M' || *end == 'm')
			v <<= 20, end++;
		else if (*end == 'G' || *end == 'g')
			v <<= 30, end++;
		if (end == eq + 1 || *end != '\0' || errno != 0 || v == 0 ||
		    v > (1ull << 40) || eq[1] == '-')
			lp_cli_usage(cli, "--limit: '%s' is not a %s (e.g. "
			    "%s=%s)", eq + 1, tab[i].what, tab[i].name,
			    tab[i].eg);
		*tab[i].slot = (size_t)v;
		return;
	}
	lp_cli_usage(cli, "--limit: '%s' is not NAME=N with NAME field, "
	    "record, columns, playbook or regex", arg);
}

/* --max-rejects N or P%: a count, or a percentage of the records read. */
static void
max_rejects(struct lp_cli *cli, const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	cli->io.max_rejects_pct = *end == '%';
	if (*end == '%')
		end++;
	if (end == arg || *end != '\0' || errno != 0 || !(v >= 0) ||
	    (cli->io.max_rejects_pct ? v > 100 : v != (double)(long)v) ||
	    !isdigit((unsigned char)arg[0]))
		lp_cli_usage(cli, "--max-rejects: '%s' is not a count or a "
		    "percentage (e.g. 10 or 0.5%%)", arg);
	cli->io.max_rejects = v;
	cli->io.max_rejects_set = true;
}

void
lp_cli_option(struct lp_cli *cli, int ch, const char *arg)
{
	switch (ch) {
	case 'd':
		if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
			cli->io.delim = '\t';
		else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' &&
		    arg[0] != '\r')
			cli->io.delim = (unsigned char)arg[0];
		else
			lp_cli_usage(cli, "-d: '%s' is not a one-byte delimiter",
			    arg);
		break;
	case 'h':
		printf("usage: %s %s\n\n%s\n%s\nSee %s(1).\n", cli->prog,
		    cli->synopsis, cli->help, common_help, cli->prog);
		exit(fflush(stdout) == 0 && !ferror(stdout) ? 0 : EX_IOERR);
	case 'o':
		cli->io.output = arg;
		break;
	case LP_OPT_RECORDS:
		cli->io.records = arg;
		break;
	case LP_OPT_SHEET:
		if (*arg == '\0')
			lp_cli_usage(cli, "--sheet: empty sheet name");
		cli->io.sheet = arg;
		break;
	case LP_OPT_HEADER_ROW:
		cli->io.header_row = lp_cli_number(cli, "--header-row", arg, 1,
		    1048576);
		break;
	case LP_OPT_DATES:
		if (lp_date_order_parse(arg, &cli->dates) != 0)
			lp_cli_usage(cli, "--dates: '%s' is not mdy or dmy", arg);
		break;
	case 'p':
		cli->playbook = arg;
		break;
	case 'q':
		cli->verbosity = -1;
		lp_verbosity = -1;
		break;
	case 'v':
		cli->verbosity++;
		lp_verbosity = cli->verbosity;
		break;
	case LP_OPT_FROM:
		cli->io.from = format(cli, "--from", arg);
		break;
	case LP_OPT_TO:
		cli->io.to = format(cli, "--to", arg);
		break;
	case LP_OPT_REJECTS:
		cli->io.rejects = arg;
		break;
	case LP_OPT_NOW:
		cli->now = parse_now(cli, "--now", arg);
		cli->now_set = true;
		break;
	case LP_OPT_PROGRESS:
		cli->io.progress = 1;
		break;
	case LP_OPT_NO_PROGRESS:
		cli->io.progress = 0;
		break;
	case LP_OPT_EXCEL_SAFE:
	case LP_OPT_NO_EXCEL_SAFE:
		cli->io.excel_safe = ch == LP_OPT_EXCEL_SAFE;
		cli->io.rejects_plain = ch == LP_OPT_NO_EXCEL_SAFE;
		cli->excel_safe_set = true;
		break;
	case LP_OPT_LIMIT:
		set_limit(cli, arg);
		break;
	case LP_OPT_MAX_REJECTS:
		max_rejects(cli, arg);
		break;
	case LP_OPT_THREADS:
		cli->io.threads = (int)lp_cli_number(cli, "--threads", arg,
		    1, 2);
		break;
	case LP_OPT_VERSION:
		printf("%s %s\n", cli->prog, LP_VERSION);
		exit(0);
	default:
		/* getopt_long has printed what was wrong. */
		lp_cli_usage(cli, NULL);
	}
}

void
lp_cli_finish(struct lp_cli *cli)
{
	const char *e;

	if (cli->playbook == NULL && (e = getenv("LEADPIPE_PLAYBOOK")) != NULL &&
	    *e != '\0')
		cli->playbook = e;
	/* A time before 1970 is negative: "unset" is now_set, not now < 0
	 * (--now 1969-12-31 was silently replaced by the clock). */
	if (!cli->now_set) {
		if ((e = getenv("LEADPIPE_NOW")) != NULL && *e != '\0')
			cli->now = parse_now(cli, "LEADPIPE_NOW", e);
		else
			cli->now = (int64_t)time(NULL);
	}
	/* --to says nothing about the input: a tab delimiter for TSV
	 * output is the writer's (lp_writer_init), never the reader's. */
}

long
lp_cli_number(const struct lp_cli *cli, const char *opt, const char *arg,
    long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || errno != 0 || v < min || v > max)
		lp_cli_usage(cli, "%s: '%s' is not a number (allowed %ld-%ld)",
		    opt, arg, min, max);
	return v;
}

int
lp_err_report(const struct lp_cli *cli, const struct lp_err *err)
{
	if (err->code == 0)
		return 0;
	if (strcmp(err->file, "<stdout>") == 0)
		stdout_reported = 1;
	fprintf(stderr, "%s: ", cli->prog);
	if (err->file[0] != '\0') {
		lp_fputs_safe(err->file, stderr);
		fputc(':', stderr);
		if (err->line > 0)
			fprintf(stderr, "%ld:", err->line);
		if (err->line > 0 && err->col > 0)
			fprintf(stderr, "%d:", err->col);
		fputc(' ', stderr);
	}
	/* Messages quote data: control characters escaped. */
	lp_fputs_safe(err->msg, stderr);
	fputc('\n', stderr);
	if (err->src[0] != '\0' && err->col > 0) {
		/* The source line, and a caret under the column (tabs kept
		 * so the caret lines up). */
		fputs("  ", stderr);
		lp_fputs_safe(err->src, stderr);
		fputs("\n  ", stderr);
		for (int i = 0; i < err->col - 1 && err->src[i] != '\0'; i++)
			fputc(err->src[i] == '\t' ? '\t' : ' ', stderr);
		fputs("^\n", stderr);
	}
	return err->code;
}
