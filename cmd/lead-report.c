/* lead-report -- the funnel numbers sales and marketing share. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lp_cli.h"
#include "lp_date.h"
#include "lp_writer.h"
#include "lp_playbook.h"
#include "lp_report.h"

enum {
	OPT_BAND = LP_OPT_PROGRAM, OPT_BY, OPT_COHORT, OPT_FORMAT, OPT_GOAL,
	OPT_HTML, OPT_LEAKS, OPT_MERGE, OPT_PARTIAL, OPT_SECTION, OPT_SINCE,
	OPT_UNTIL
};

static const char help[] =
"Report the funnel from lead files (best after lead-score and lead-route):\n"
"counts and conversion per stage, velocity, SLA compliance, disqualification\n"
"reasons, recycled leads, conversion by grade and score band, and leaks.\n"
"\n"
"Options:\n"
"      --band N         score band width (default 20)\n"
"      --by FIELD[,FIELD]  group the funnel and velocity by these fields\n"
"      --cohort PERIOD  group by created_at's week, month or quarter\n"
"      --format FMT     text, csv, tsv, json, markdown or html (default: text\n"
"                       on a terminal, else by -o's suffix, else csv)\n"
"      --goal STAGE     the stage conversion means (default: the last of\n"
"                       the funnel)\n"
"      --html FILE      also write the report as one self-contained page\n"
"      --leaks FILE     write the leads that fell through to FILE, with a\n"
"                       leak column (input columns and format)\n"
"      --merge          the files are partial states: merge them\n"
"      --partial        write the partial state, for --merge\n"
"      --section NAME   only this section: groups, funnel, velocity, sla,\n"
"                       disqualification, recycled, scoring, leaks, flow\n"
"      --since DATE     only leads created at or after DATE\n"
"      --until DATE     only leads created before DATE\n";

static int64_t
date_opt(const struct lp_cli *cli, const char *opt, const char *arg)
{
	struct lp_datetime dt;

	if (lp_date_parse_iso(arg, strlen(arg), &dt) != 0)
		lp_cli_usage(cli, "%s: '%s' is not a date (e.g. 2026-01-01)",
		    opt, arg);
	return dt.secs;
}

/* Counting one record; runs on lp_stream_map's worker. */
struct job {
	struct lp_report *rep;
	struct lp_writer *leaks;
	int		 col;		/* the leak column */
	struct lp_buf	 why;
};

static enum lp_verdict
count_one(void *arg, struct lp_record *rec, struct lp_emit *e,
    struct lp_err *err)
{
	struct job *j = arg;
	unsigned bits;

	(void)e;
	(void)err;
	lp_report_add(j->rep, rec, &bits);
	if (bits != 0 && j->leaks != NULL) {
		lp_report_leak_text(bits, &j->why);
		lp_record_set(rec, j->col, j->why.p, j->why.n);
		lp_writer_put_record(j->leaks, rec);
	}
	/* Counted, not written: the report is the output. */
	return LP_DROP;
}

/* Write b to o and put it in place (what names it in messages). */
static int
write_out(struct lp_writer *o, const char *what, const struct lp_buf *b,
    struct lp_err *err)
{
	lp_writer_write(o, b->p, b->n);
	return lp_writer_commit(o, what ? what : "<stdout>", err);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "band", required_argument, NULL, OPT_BAND },
		{ "by", required_argument, NULL, OPT_BY },
		{ "cohort", required_argument, NULL, OPT_COHORT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "goal", required_argument, NULL, OPT_GOAL },
		{ "html", required_argument, NULL, OPT_HTML },
		{ "leaks", required_argument, NULL, OPT_LEAKS },
		{ "merge", no_argument, NULL, OPT_MERGE },
		{ "partial", no_argument, NULL, OPT_PARTIAL },
		{ "section", required_argument, NULL, OPT_SECTION },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		LP_CLI_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct lp_cli cli;
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = NULL;
	struct lp_stream *st = NULL;
	struct lp_report_opts o = { .band = 20 };
	struct lp_tables *ts = NULL;
	struct lp_writer *ro = NULL, *ho = NULL;
	struct lp_io_opts sio;
	struct job job = { 0 };
	struct lp_buf out = { 0 };
	const char *html = NULL, *leaks = NULL, *section = NULL, *ex;
	bool merge = false, partial = false, counting = false;
	int ch, i, fmt = -1;
	long amb;

	lp_cli_init(&cli, "lead-report", "[-qv] [-o file] [-p playbook] "
	    "[--by fields] [--cohort period] [--since date] [--until date] "
	    "[--format fmt] [--html file] [--leaks file] [--partial] "
	    "[file ...]\n       lead-report --merge [--format fmt] "
	    "[--html file] [--partial] [state ...]", help);
	while ((ch = getopt_long(argc, argv, LP_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		counting |= ch == OPT_BAND || ch == OPT_BY || ch == OPT_COHORT ||
		    ch == OPT_GOAL || ch == OPT_SINCE || ch == OPT_UNTIL ||
		    ch == OPT_LEAKS;
		switch (ch) {
		case OPT_BAND:
			o.band = (int)lp_cli_number(&cli, "--band", optarg, 1,
			    1000000);
			break;
		case OPT_BY:
			o.by = optarg;
			break;
		case OPT_COHORT:
			if ((o.cohort = lp_report_cohort_named(optarg)) == 0)
				lp_cli_usage(&cli, "--cohort: '%s' is not week, "
				    "month or quarter", optarg);
			break;
		case OPT_FORMAT:
			if ((fmt = lp_report_format_named(optarg)) < 0)
				lp_cli_usage(&cli, "--format: unknown format "
				    "'%s' (use text, csv, tsv, json, markdown or "
				    "html)", optarg);
			break;
		case OPT_GOAL:
			o.goal = optarg;
			break;
		case OPT_HTML:
			html = optarg;
			break;
		case OPT_LEAKS:
			leaks = optarg;
			break;
		case OPT_MERGE:
			merge = true;
			break;
		case OPT_PARTIAL:
			partial = true;
			break;
		case OPT_SECTION:
			if (!lp_report_section_known(section = optarg))
				lp_cli_usage(&cli, "--section: no section '%s' "
				    "(use groups, funnel, velocity, sla, "
				    "disqualification, "
				    "recycled, scoring, leaks or flow)", optarg);
			break;
		case OPT_SINCE:
			o.has_since = true;
			o.since = date_opt(&cli, "--since", optarg);
			break;
		case OPT_UNTIL:
			o.has_until = true;
			o.until = date_opt(&cli, "--until", optarg);
			break;
		default:
			lp_cli_option(&cli, ch, optarg);
		}
	}
	lp_cli_finish(&cli);
	if (merge && counting)
		lp_cli_usage(&cli, "--merge takes --by, --cohort, --since, "
		    "--until, --goal, --band and --leaks from the states: give "
		    "them to the --partial runs");
	o.now = cli.now;
	o.dates = cli.dates;
	lp_buf_init(&job.why);
	/* Outputs first, so a bad path fails before the reading. */
	if ((ro = lp_writer_open_raw(cli.io.output, &err)) == NULL ||
	    (html != NULL && (ho = lp_writer_open_raw(html, &err)) == NULL))
		goto out;
	if (merge) {
		if (optind == argc && lp_report_merge_file(&job.rep, NULL,
		    &err) != 0)
			goto out;
		for (i = optind; i < argc; i++)
			if (lp_report_merge_file(&job.rep, argv[i], &err) != 0)
				goto out;
	} else {
		if ((pb = lp_playbook_open(cli.playbook, &cli.io.limits,
		    &err)) == NULL)
			goto out;
		/* The records are counted, not written; --leaks writes some. */
		sio = cli.io;
		sio.no_output = true;
		sio.output = NULL;
		/* Counting costs less than handing records to a second
		 * thread (1M rows: 1.2 s CPU on one, 1.4 s on two). */
		if (sio.threads == 0)
			sio.threads = 1;
		if ((st = lp_stream_open(&sio, argv + optind, &err)) == NULL)
			goto out;
		if (leaks != NULL)
			job.col = lp_stream_add_column(st, "leak");
		if ((job.rep = lp_report_new(pb, lp_stream_header(st), &o,
		    &err)) == NULL)
			goto out;
		if (leaks != NULL && (job.leaks = lp_writer_open_like(leaks,
		    st, &cli.io, &err)) == NULL)
			goto out;
		if (lp_stream_map(st, count_one, NULL, &job, &err) != 0 ||
		    lp_stream_commit(st, &err) != 0)
			goto out;
		if ((amb = lp_report_ambiguous_dates(job.rep, &ex)) > 0)
			lp_warn("%ld ambiguous date%s (such as '%s') not read: "
			    "give --dates mdy or dmy, or dates in [playbook]",
			    amb, amb == 1 ? "" : "s", ex);
		if (job.leaks != NULL && lp_writer_commit(job.leaks, leaks,
		    &err) != 0)
			goto out;
	}
	if (partial)
		lp_report_partial(job.rep, &out);
	else {
		/* The tables are for people, who open CSV in a spreadsheet:
		 * formula-safe unless told not. */
		ts = lp_report_tables(job.rep);
		lp_report_write(job.rep, ts, fmt >= 0 ?
		    (enum lp_report_format)fmt : lp_report_format_default(
		    cli.io.to, cli.io.output, isatty(1)), section,
		    cli.excel_safe_set ? cli.io.excel_safe : true, &out);
	}
	if (write_out(ro, cli.io.output, &out, &err) != 0)
		goto out;
	if (ho != NULL) {
		if (ts == NULL)
			ts = lp_report_tables(job.rep);
		out.n = 0;
		lp_report_html(job.rep, ts, &out);
		if (write_out(ho, html, &out, &err) != 0)
			goto out;
	}
out:
	lp_buf_fini(&out);
	lp_buf_fini(&job.why);
	lp_report_tables_free(ts);
	lp_writer_free(job.leaks);
	lp_writer_free(ho);
	lp_writer_free(ro);
	lp_report_free(job.rep);
	lp_stream_close(st, &err);
	lp_playbook_free(pb);
	return lp_err_report(&cli, &err);
}
