/* lead-check -- the playbook's [check] rules as a data-quality gate. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lp_check.h"
#include "lp_cli.h"
#include "lp_dedupe.h"
#include "lp_files.h"
#include "lp_writer.h"
#include "lp_playbook.h"
#include "lp_route.h"
#include "lp_score.h"

enum {
	OPT_JUNIT = LP_OPT_PROGRAM, OPT_LINT, OPT_MAX_ERRORS,
	OPT_MAX_ERROR_RATE, OPT_SPLIT, OPT_SUMMARY, OPT_MIN_ROWS,
	OPT_EXPECT_ROWS, OPT_SPLIT_ALWAYS, OPT_STRICT, OPT_UPSTREAM_REJECTS
};

static const char help[] =
"Check lead files against the playbook's [check] rules (the built-in checks\n"
"when it has none) and write one record per violation, with columns file\n"
"(several inputs only), line, source (with a _source column), lead_id,\n"
"field, rule, severity, value and message.  A summary per rule goes to\n"
"standard error.  Exit 1 when the errors exceed the threshold (default:\n"
"any error), a row guard fails or (--strict) a rule cannot fire, else 0;\n"
"warnings never fail.  An input without a header (empty) is an error (65).\n"
"\n"
"Options:\n"
"      --expect-rows N|FILE  fail unless exactly N rows are checked (FILE:\n"
"                       the first word of FILE is N)\n"
"      --junit FILE     also write a JUnit XML report: a test case for the\n"
"                       gate, then one per rule\n"
"      --lint           check the whole playbook (and, given files, that the\n"
"                       fields its rules read exist in them), then exit\n"
"      --max-errors N   fail when there are more than N errors\n"
"      --max-error-rate P  fail when more than P% of the rows have an error\n"
"      --min-rows N     fail when fewer than N rows are checked\n"
"      --split VALID INVALID  write rows without errors to VALID (only when\n"
"                       the run passes) and rows with errors to INVALID\n"
"      --split-always   write VALID even when the run fails\n"
"      --strict         fail when a rule cannot fire: the input lacks a field\n"
"                       it reads (a renamed or dropped column)\n"
"      --summary        write the summary to standard output instead of the\n"
"                       violation records (those still go to -o FILE)\n"
"      --upstream-rejects FILE  count the records in FILE, a rejects file\n"
"                       an earlier stage wrote (lead-norm --rejects), as\n"
"                       errors against the gate (repeatable); records this\n"
"                       run's --rejects gets count the same way\n";

static void
lint_report(void *arg, const struct lp_err *e, bool warning)
{
	const struct lp_cli *cli = arg;
	struct lp_cli w = *cli;
	char prog[64];

	if (warning && cli->verbosity < 0)
		return;
	snprintf(prog, sizeof(prog), "%s: warning", cli->prog);
	if (warning)
		w.prog = prog;
	lp_err_report(&w, e);
}

/* What checking one record needs; runs on lp_stream_map's worker. */
struct job {
	struct lp_checker *ck;
	struct lp_writer *vo;		/* violations (NULL: --summary only) */
	struct lp_writer *good, *bad;	/* --split */
	bool		 multi;		/* several inputs: a file column */
};

static enum lp_verdict
check_one(void *arg, struct lp_record *rec, struct lp_emit *e,
    struct lp_err *err)
{
	struct job *j = arg;
	const struct lp_violation *v;
	char line[24];
	struct lp_str f[LP_CHECK_NCOLUMNS];
	int nerr, nv = lp_check_record(j->ck, rec, &v, &nerr);

	(void)e;
	(void)err;
	for (int i = 0; i < nv && j->vo != NULL; i++)
		lp_writer_put(j->vo, f, lp_check_fields(j->ck, rec, &v[i],
		    j->multi, line, f));
	if (nerr > 0 ? j->bad != NULL : j->good != NULL)
		lp_writer_put_record(nerr > 0 ? j->bad : j->good, rec);
	/* Checked, not written: the violations are the output. */
	return LP_DROP;
}

/* What --lint checks beyond [stages]: each engine's linter of its sections. */
static const struct lp_pb_linter *const linters[] = {
	&lp_score_linter, &lp_check_linter, &lp_dedupe_linter,
	&lp_route_linter, NULL
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "expect-rows", required_argument, NULL, OPT_EXPECT_ROWS },
		{ "junit", required_argument, NULL, OPT_JUNIT },
		{ "lint", no_argument, NULL, OPT_LINT },
		{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
		{ "max-error-rate", required_argument, NULL,
		    OPT_MAX_ERROR_RATE },
		{ "min-rows", required_argument, NULL, OPT_MIN_ROWS },
		{ "split", required_argument, NULL, OPT_SPLIT },
		{ "split-always", no_argument, NULL, OPT_SPLIT_ALWAYS },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "upstream-rejects", required_argument, NULL,
		    OPT_UPSTREAM_REJECTS },
		LP_CLI_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct lp_cli cli;
	struct lp_err err = LP_ERR_INIT;
	struct lp_check_opts co = LP_CHECK_OPTS_INIT;
	struct lp_io_opts sio, vio;
	struct lp_playbook *pb = NULL;
	struct lp_stream *st = NULL;
	struct lp_checker *ck = NULL;
	struct lp_writer *vo = NULL, *good = NULL, *bad = NULL, *ju = NULL;
	struct job job;
	const char *junit = NULL, *valid = NULL, *invalid = NULL;
	const char *expect = NULL, *cols[LP_CHECK_NCOLUMNS], *ex;
	const char **upstream = lp_xcalloc((size_t)argc, sizeof(*upstream));
	bool lint = false, summary = false, always = false;
	struct lp_buf sb;
	struct timespec t0, t1;
	int ch, rc, nfiles, ncols = 0, nup = 0, failed = 0;
	long amb;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	lp_cli_init(&cli, "lead-check", "[-qv] [-d delim] [-o file] "
	    "[-p playbook] [--expect-rows n|file] [--junit file] [--lint] "
	    "[--max-errors n] [--max-error-rate p%] [--min-rows n] "
	    "[--split valid invalid] [--split-always] [--strict] [--summary] "
	    "[--upstream-rejects file] [file ...]", help);
	while ((ch = getopt_long(argc, argv, LP_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_EXPECT_ROWS:
			expect = optarg;
			break;
		case OPT_JUNIT:
			junit = optarg;
			break;
		case OPT_LINT:
			lint = true;
			break;
		case OPT_MAX_ERRORS:
			co.max_errors = lp_cli_number(&cli, "--max-errors",
			    optarg, 0, 1000000000000L);
			break;
		case OPT_MAX_ERROR_RATE:
			if (lp_check_parse_rate(optarg, &co.max_error_rate) != 0)
				lp_cli_usage(&cli, "--max-error-rate: '%s' is not "
				    "a percentage (allowed 0-100, e.g. 2.5%%)",
				    optarg);
			break;
		case OPT_MIN_ROWS:
			co.min_rows = lp_cli_number(&cli, "--min-rows", optarg,
			    0, 1000000000000L);
			break;
		case OPT_SPLIT:
			valid = optarg;
			if (optind >= argc || argv[optind][0] == '\0')
				lp_cli_usage(&cli, "--split needs two files: "
				    "VALID INVALID");
			invalid = argv[optind++];
			break;
		case OPT_SPLIT_ALWAYS:
			always = true;
			break;
		case OPT_STRICT:
			co.strict = true;
			break;
		case OPT_SUMMARY:
			summary = true;
			break;
		case OPT_UPSTREAM_REJECTS:
			upstream[nup++] = optarg;
			break;
		default:
			lp_cli_option(&cli, ch, optarg);
		}
	}
	lp_cli_finish(&cli);
	if (always && valid == NULL)
		lp_cli_usage(&cli, "--split-always needs --split VALID INVALID");
	lp_buf_init(&sb);
	/* Read later, but no output (--rejects, opened with the stream)
	 * may replace them. */
	for (int i = 0; i < nup; i++)
		lp_files_input(upstream[i]);
	for (nfiles = 0; argv[optind + nfiles] != NULL; nfiles++)
		;
	if (expect != NULL &&
	    lp_check_read_count(expect, &co.expect_rows, &err) != 0)
		goto out;
	if ((pb = lp_playbook_open(cli.playbook, &cli.io.limits, &err)) == NULL)
		goto out;
	lp_playbook_note_defaults(pb, (const char *const[]){ "stages",
	    "check", NULL });
	sio = cli.io;
	sio.output = NULL;
	if (lint) {
		if (nfiles > 0 && (st = lp_stream_open(&sio, argv + optind,
		    &err)) == NULL)
			goto out;
		if (st != NULL && lp_check_no_header(st, argv + optind, &err))
			goto out;
		if (lp_playbook_lint(pb, st ? lp_stream_header(st) : NULL,
		    cli.now, linters, lint_report, &cli) > 0)
			lp_err_set(&err, EX_CONFIG, lp_playbook_name(pb), 0,
			    "the playbook has errors");
		else if (cli.verbosity > 0)
			fprintf(stderr, "%s: %s: no errors\n", cli.prog,
			    lp_playbook_name(pb));
		goto out;
	}
	/* The input records are written only by --split, on its own. */
	sio.no_output = true;
	if ((st = lp_stream_open(&sio, argv + optind, &err)) == NULL)
		goto out;
	if (lp_check_no_header(st, argv + optind, &err))
		goto out;
	if ((ck = lp_checker_new(pb, lp_stream_header(st), cli.now, &co,
	    &err)) == NULL)
		goto out;
	if (cli.dates != LP_DATE_UNSET)		/* --dates over the playbook */
		lp_checker_set_dates(ck, cli.dates);
	for (int i = 0; i < nup; i++)
		if (lp_check_read_rejects(ck, &cli.io, upstream[i], &err) != 0)
			goto out;
	/* The violation report is for people, who open it in a spreadsheet,
	 * and it quotes untrusted values: formula-safe unless told not. */
	vio = cli.io;
	if (!cli.excel_safe_set)
		vio.excel_safe = true;
	ncols = lp_check_out_columns(ck, nfiles > 1, cols);
	if ((!summary || cli.io.output != NULL) &&
	    (vo = lp_writer_open(cli.io.output, lp_stream_to(st), &vio,
	    cols, ncols, &err)) == NULL)
		goto out;
	if (valid != NULL && ((good = lp_writer_open_like(valid, st, &cli.io,
	    &err)) == NULL || (bad = lp_writer_open_like(invalid, st,
	    &cli.io, &err)) == NULL))
		goto out;
	if (junit != NULL && (ju = lp_writer_open_raw(junit, &err)) == NULL)
		goto out;
	job = (struct job){ ck, vo, good, bad, nfiles > 1 };
	if (lp_stream_map(st, check_one, NULL, &job, &err) != 0)
		goto out;
	if ((amb = lp_check_ambiguous_dates(ck, &ex)) > 0)
		lp_warn("%ld ambiguous date%s (such as '%s') not read: give "
		    "--dates mdy or dmy, or dates in [playbook]", amb,
		    amb == 1 ? "" : "s", ex);
	if (lp_stream_commit(st, &err) != 0)
		goto out;
	if (cli.io.rejects != NULL)
		lp_check_add_rejects(ck, cli.io.rejects,
		    lp_stream_counts(st)->rejected);
	failed = lp_check_totals(ck)->failed;
	/* A failing gate does not publish the records it let through. */
	if (good != NULL && (!failed || always) &&
	    lp_writer_commit(good, valid, &err) != 0)
		goto out;
	if (bad != NULL && lp_writer_commit(bad, invalid, &err) != 0)
		goto out;
	if (ju != NULL) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		lp_check_junit(ck, nfiles == 0 ? "<stdin>" : nfiles == 1 ?
		    argv[optind] : "lead-check", (double)(t1.tv_sec -
		    t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, &sb);
		lp_writer_write(ju, sb.p, sb.n);
		if (lp_writer_commit(ju, junit, &err) != 0)
			goto out;
	}
	if (vo != NULL && lp_writer_commit(vo, "<stdout>", &err) != 0)
		goto out;
	sb.n = 0;
	lp_check_summary(ck, cli.prog, &sb);
	if (good != NULL && failed && !always)
		lp_buf_printf(&sb, "%s: %s not written: the run failed "
		    "(--split-always writes it)\n", cli.prog, valid);
	if (summary) {
		if (fwrite(sb.p, 1, sb.n, stdout) != sb.n || fflush(stdout))
			lp_err_set(&err, EX_IOERR, "<stdout>", 0,
			    "write error");
	} else if (cli.verbosity >= 0)
		fwrite(sb.p, 1, sb.n, stderr);
out:
	lp_buf_fini(&sb);
	lp_writer_free(ju);
	lp_writer_free(bad);
	lp_writer_free(good);
	lp_writer_free(vo);
	lp_checker_free(ck);
	lp_stream_close(st, &err);
	lp_playbook_free(pb);
	free(upstream);
	rc = lp_err_report(&cli, &err);
	return rc != 0 ? rc : failed;
}
