/* lead-fit -- which playbook rules and fields predict won leads; a proposal. */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_cli.h"
#include "lp_fit.h"
#include "lp_playbook.h"

enum {
	OPT_BINS = LP_OPT_PROGRAM, OPT_DIFF, OPT_FEATURES, OPT_FOLDS, OPT_HOLDOUT, OPT_HTML,
	OPT_IGNORE, OPT_METRICS, OPT_OUTCOME, OPT_SEED, OPT_TEST, OPT_TOP
};

static const char help[] =
"Read past leads with their outcome (won against lost or disqualified, from\n"
"the stage; open leads are left out) and report which playbook rules and\n"
"which fields predict a won lead: per-rule conversion and lift with 95%\n"
"intervals, an L2 logistic regression with its penalty chosen by\n"
"cross-validation, AUC and log loss in and out of sample, calibration, and\n"
"a proposed [score.fit]/[score.engagement] with points from the log-odds.\n"
"The report goes to standard output (-o FILE).  Correlation, not cause:\n"
"read lead-fit(1) before acting on it.\n"
"\n"
"Options:\n"
"      --bins N         quantile bins per numeric field (default 5)\n"
"      --diff FILE      write the proposal as a unified diff against the\n"
"                       playbook (- for standard output)\n"
"      --features FILE  write the features as CSV (split, y, one column each)\n"
"      --folds K        cross-validation folds (default 5)\n"
"      --holdout P      hold out a share P (0-0.9) of the leads for testing\n"
"      --html FILE      write a page: ROC, calibration, grades, rule lift\n"
"      --ignore F,...   leave these columns out of the features\n"
"      --metrics FILE   write AUC, log loss and n as JSON\n"
"      --outcome FIELD  the outcome column: 1/0, yes/no, true/false,\n"
"                       won/lost (empty: open, left out)\n"
"      --seed N         seed of the holdout and the folds (default 1)\n"
"      --test FILE      test on this file (same columns) instead\n"
"      --top K          values kept per categorical field (default 20)\n";

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "bins", required_argument, NULL, OPT_BINS },
		{ "diff", required_argument, NULL, OPT_DIFF },
		{ "features", required_argument, NULL, OPT_FEATURES },
		{ "folds", required_argument, NULL, OPT_FOLDS },
		{ "holdout", required_argument, NULL, OPT_HOLDOUT },
		{ "html", required_argument, NULL, OPT_HTML },
		{ "ignore", required_argument, NULL, OPT_IGNORE },
		{ "metrics", required_argument, NULL, OPT_METRICS },
		{ "outcome", required_argument, NULL, OPT_OUTCOME },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "test", required_argument, NULL, OPT_TEST },
		{ "top", required_argument, NULL, OPT_TOP },
		LP_CLI_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct lp_cli cli;
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = NULL;
	struct lp_stream *st = NULL, *ts = NULL;
	struct lp_fit *fit = NULL;
	struct lp_fit_opts o;
	const char *diff = NULL, *html = NULL, *metrics = NULL, *feats = NULL;
	const char *ex;
	char *test[2] = { NULL, NULL }, *end, *pdir = NULL;
	int ch;
	long amb;

	memset(&o, 0, sizeof(o));
	o.seed = 1;
	lp_cli_init(&cli, "lead-fit", "[-qv] [-d delim] [-o file] "
	    "[-p playbook] [--bins n] [--diff file] [--features file] "
	    "[--folds k] "
	    "[--holdout p] [--html file] [--ignore fields] [--metrics file] "
	    "[--outcome field] [--seed n] [--test file] [--top k] [file ...]",
	    help);
	while ((ch = getopt_long(argc, argv, LP_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_BINS:
			o.bins = (int)lp_cli_number(&cli, "--bins", optarg, 1,
			    20);
			break;
		case OPT_DIFF:
			diff = optarg;
			break;
		case OPT_FEATURES:
			feats = optarg;
			break;
		case OPT_FOLDS:
			o.folds = (int)lp_cli_number(&cli, "--folds", optarg,
			    2, 20);
			break;
		case OPT_HOLDOUT:
			o.holdout = strtod(optarg, &end);
			if (end == optarg || *end != '\0' ||
			    !(o.holdout > 0 && o.holdout <= 0.9))
				lp_cli_usage(&cli, "--holdout: '%s' is not a "
				    "share (allowed 0.01-0.9)", optarg);
			break;
		case OPT_HTML:
			html = optarg;
			break;
		case OPT_IGNORE:
			o.ignore = optarg;
			break;
		case OPT_METRICS:
			metrics = optarg;
			break;
		case OPT_OUTCOME:
			o.outcome = optarg;
			break;
		case OPT_SEED:
			o.seed = (uint64_t)lp_cli_number(&cli, "--seed",
			    optarg, 0, 2147483647);
			break;
		case OPT_TEST:
			test[0] = optarg;
			break;
		case OPT_TOP:
			o.topk = (int)lp_cli_number(&cli, "--top", optarg, 1,
			    1000);
			break;
		default:
			lp_cli_option(&cli, ch, optarg);
		}
	}
	lp_cli_finish(&cli);
	if (test[0] != NULL && o.holdout > 0)
		lp_cli_usage(&cli, "--holdout and --test: give one of them");
	cli.io.no_output = true;	/* records are read, never written */
	o.now = cli.now;
	o.dates = cli.dates;
	if (cli.playbook != NULL) {
		pdir = lp_xstrdup(cli.playbook);
		o.basedir = dirname(pdir);
	}
	if ((pb = lp_playbook_open(cli.playbook, &cli.io.limits, &err)) == NULL)
		goto out;
	if ((st = lp_stream_open(&cli.io, argv + optind, &err)) == NULL)
		goto out;
	if (test[0] != NULL && (ts = lp_stream_open(&cli.io, test,
	    &err)) == NULL)
		goto out;
	fit = lp_fit_new(pb, &o);
	if (lp_fit_read(fit, st, false, &err) != 0 || (ts != NULL &&
	    lp_fit_read(fit, ts, true, &err) != 0) ||
	    lp_fit_run(fit, &err) != 0)
		goto out;
	if ((amb = lp_fit_ambiguous_dates(fit, &ex)) > 0)
		lp_warn("%ld ambiguous date%s (such as '%s') not read: give "
		    "--dates mdy or dmy, or dates in [playbook]", amb,
		    amb == 1 ? "" : "s", ex);
	if (lp_fit_write_file(fit, LP_FIT_REPORT, cli.io.output, &err) != 0 ||
	    (metrics != NULL && lp_fit_write_file(fit, LP_FIT_METRICS,
	    metrics, &err) != 0) ||
	    (diff != NULL && lp_fit_write_file(fit, LP_FIT_DIFF, diff,
	    &err) != 0) ||
	    (html != NULL && lp_fit_write_file(fit, LP_FIT_HTML, html,
	    &err) != 0) ||
	    (feats != NULL && lp_fit_write_file(fit, LP_FIT_FEATURES, feats,
	    &err) != 0))
		goto out;
out:
	lp_fit_free(fit);
	lp_stream_close(ts, &err);
	lp_stream_close(st, &err);
	lp_playbook_free(pb);
	free(pdir);
	return lp_err_report(&cli, &err);
}
