/* lead-check -- the playbook's [check] rules as a data-quality gate. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lp_check.h"
#include "lp_cli.h"
#include "lp_output.h"
#include "lp_playbook.h"

enum {
	OPT_JUNIT = LP_OPT_PROGRAM, OPT_LINT, OPT_MAX_ERRORS,
	OPT_MAX_ERROR_RATE, OPT_SPLIT, OPT_SUMMARY
};

static const char help[] =
"Check lead files against the playbook's [check] rules (the built-in checks\n"
"when it has none) and write one record per violation, with columns file\n"
"(several inputs only), line, field, rule, severity, value and message.  A\n"
"summary per rule goes to standard error.  Exit 1 when the errors exceed\n"
"the threshold (default: any error), else 0; warnings never fail.\n"
"\n"
"Options:\n"
"      --junit FILE     also write a JUnit XML report, one test case per rule\n"
"      --lint           check the whole playbook (and, given files, that the\n"
"                       fields its rules read exist in them), then exit\n"
"      --max-errors N   fail when there are more than N errors\n"
"      --max-error-rate P  fail when more than P% of the rows have an error\n"
"      --split VALID INVALID  write rows without errors to VALID and rows with\n"
"                       errors to INVALID (input columns and format)\n"
"      --summary        write the summary to standard output instead of the\n"
"                       violation records (those still go to -o FILE)\n";

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
	struct lp_output *vo;		/* violations (NULL: --summary only) */
	struct lp_output *bad;		/* --split: the invalid records */
	bool		 multi;		/* several inputs: a file column */
	bool		 split;		/* --split: write the valid records */
};

static int
check_one(void *arg, struct lp_record *rec, struct lp_err *err)
{
	struct job *j = arg;
	const struct lp_violation *v;
	const struct lp_pos *pos = lp_record_pos(rec);
	char line[24];
	int nerr, nv = lp_check_record(j->ck, rec, &v, &nerr);

	(void)err;
	for (int i = 0; i < nv && j->vo != NULL; i++) {
		struct lp_str f[7];
		int k = 0;

		if (j->multi)
			f[k++] = (struct lp_str){ pos->file,
			    strlen(pos->file) };
		f[k++] = (struct lp_str){ line, lp_fmt_int(line, pos->line) };
		f[k++] = (struct lp_str){ v[i].field, strlen(v[i].field) };
		f[k++] = (struct lp_str){ v[i].rule, strlen(v[i].rule) };
		f[k++] = v[i].severity == LP_SEV_ERROR ? LP_STR("error") :
		    LP_STR("warning");
		f[k++] = v[i].value;
		f[k++] = v[i].message;
		lp_output_put(j->vo, f, k);
	}
	if (j->bad != NULL && nerr > 0) {
		lp_output_put_record(j->bad, rec);
		return 0;
	}
	return j->split;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "junit", required_argument, NULL, OPT_JUNIT },
		{ "lint", no_argument, NULL, OPT_LINT },
		{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
		{ "max-error-rate", required_argument, NULL,
		    OPT_MAX_ERROR_RATE },
		{ "split", required_argument, NULL, OPT_SPLIT },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		LP_CLI_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct lp_cli cli;
	struct lp_err err = LP_ERR_INIT;
	struct lp_check_opts co = LP_CHECK_OPTS_INIT;
	struct lp_io_opts sio, vio;
	struct lp_playbook *pb = NULL;
	struct lp_stream *st = NULL;
	struct lp_checker *ck = NULL;
	struct lp_output *vo = NULL, *bad = NULL, *ju = NULL;
	struct job job;
	const char *junit = NULL, *valid = NULL, *invalid = NULL;
	char *rate, *end;
	bool lint = false, summary = false;
	struct lp_buf sb;
	int ch, rc, nfiles, failed = 0;

	lp_cli_init(&cli, "lead-check", "[-qv] [-d delim] [-o file] "
	    "[-p playbook] [--junit file] [--lint] [--max-errors n] "
	    "[--max-error-rate p%] [--split valid invalid] [--summary] "
	    "[file ...]", help);
	while ((ch = getopt_long(argc, argv, LP_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
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
			rate = optarg;
			co.max_error_rate = strtod(rate, &end);
			if (end == rate || (*end != '\0' && strcmp(end, "%")) ||
			    !(co.max_error_rate >= 0 && co.max_error_rate <= 100))
				lp_cli_usage(&cli, "--max-error-rate: '%s' is not "
				    "a percentage (allowed 0-100, e.g. 2.5%%)",
				    rate);
			break;
		case OPT_SPLIT:
			valid = optarg;
			if (optind >= argc || argv[optind][0] == '\0')
				lp_cli_usage(&cli, "--split needs two files: "
				    "VALID INVALID");
			invalid = argv[optind++];
			break;
		case OPT_SUMMARY:
			summary = true;
			break;
		default:
			lp_cli_option(&cli, ch, optarg);
		}
	}
	lp_cli_finish(&cli);
	lp_buf_init(&sb);
	for (nfiles = 0; argv[optind + nfiles] != NULL; nfiles++)
		;
	if ((pb = lp_playbook_open(cli.playbook, &cli.io.limits, &err)) == NULL)
		goto out;
	lp_playbook_note_defaults(pb, (const char *const[]){ "stages",
	    "check", NULL });
	sio = cli.io;
	sio.output = valid;
	if (lint) {
		sio.output = NULL;
		if (nfiles > 0 && (st = lp_stream_open(&sio, argv + optind,
		    &err)) == NULL)
			goto out;
		if (lp_check_lint(pb, st ? lp_stream_header(st) : NULL, cli.now,
		    lint_report, &cli) > 0)
			lp_err_set(&err, EX_CONFIG, lp_playbook_name(pb), 0,
			    "the playbook has errors");
		else if (cli.verbosity > 0)
			fprintf(stderr, "%s: %s: no errors\n", cli.prog,
			    lp_playbook_name(pb));
		goto out;
	}
	/* Without --split the input records are not written anywhere. */
	sio.no_output = valid == NULL;
	if ((st = lp_stream_open(&sio, argv + optind, &err)) == NULL)
		goto out;
	if ((ck = lp_checker_new(pb, lp_stream_header(st), cli.now, &co,
	    &err)) == NULL)
		goto out;
	/* The violation report is for people, who open it in a spreadsheet,
	 * and it quotes untrusted values: formula-safe unless told not. */
	vio = cli.io;
	if (!cli.excel_safe_set)
		vio.excel_safe = true;
	if ((!summary || cli.io.output != NULL) &&
	    (vo = lp_output_open(cli.io.output, lp_stream_to(st), &vio,
	    lp_check_columns + (nfiles <= 1), 7 - (nfiles <= 1), &err)) == NULL)
		goto out;
	if (invalid != NULL && (bad = lp_output_open_like(invalid, st, &cli.io,
	    &err)) == NULL)
		goto out;
	if (junit != NULL && (ju = lp_output_open_raw(junit, &err)) == NULL)
		goto out;
	job = (struct job){ ck, vo, bad, nfiles > 1, valid != NULL };
	if (lp_stream_map(st, check_one, &job, &err) != 0)
		goto out;
	if (lp_stream_commit(st, &err) != 0)
		goto out;
	if (bad != NULL && lp_output_commit(bad, invalid, &err) != 0)
		goto out;
	if (ju != NULL) {
		sb.n = 0;
		lp_check_junit(ck, nfiles == 0 ? "<stdin>" : nfiles == 1 ?
		    argv[optind] : "lead-check", &sb);
		lp_output_write(ju, sb.p, sb.n);
		if (lp_output_commit(ju, junit, &err) != 0)
			goto out;
	}
	if (vo != NULL && lp_output_commit(vo, "<stdout>", &err) != 0)
		goto out;
	sb.n = 0;
	lp_check_summary(ck, cli.prog, &sb);
	if (summary) {
		if (fwrite(sb.p, 1, sb.n, stdout) != sb.n || fflush(stdout))
			lp_err_set(&err, EX_IOERR, "<stdout>", 0,
			    "write error");
	} else if (cli.verbosity >= 0)
		fwrite(sb.p, 1, sb.n, stderr);
	failed = lp_check_totals(ck)->failed;
out:
	lp_buf_fini(&sb);
	lp_output_free(ju);
	lp_output_free(bad);
	lp_output_free(vo);
	lp_checker_free(ck);
	lp_stream_close(st, &err);
	lp_playbook_free(pb);
	rc = lp_err_report(&cli, &err);
	return rc != 0 ? rc : failed;
}
