/* lead-dedupe -- find the records that are one person; merge or mark them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_cli.h"
#include "lp_dedupe.h"
#include "lp_norm.h"
#include "lp_playbook.h"

enum {
	OPT_AGAINST = LP_OPT_PROGRAM, OPT_BLOCK_KEY, OPT_EXACT, OPT_EXPLAIN,
	OPT_MARK, OPT_PAIRS, OPT_UNDO, OPT_UNDO_LOG
};

static const char help[] =
"Find the records that are one person across exports (normalised keys,\n"
"fuzzy comparison inside blocks, Fellegi-Sunter weights estimated from\n"
"the data) and merge each cluster into one record by the playbook's\n"
"survivorship rules, appending merged_count merged_ids.\n"
"\n"
"Options:\n"
"      --against MASTER link each record to a record of MASTER (which is\n"
"                       not deduplicated): master_id match_score\n"
"                       match_reason\n"
"      --emit-block-key write every record with its blocking key in\n"
"                       block_key (to partition a distributed run)\n"
"      --exact FIELDS   merge on equal normalised FIELDS only (comma list)\n"
"      --explain ID,ID  print how the pair's weight adds up, comparison by\n"
"                       comparison (lead_id values, or #N for record N)\n"
"      --mark           keep every record; append cluster_id is_primary\n"
"                       match_score match_reason\n"
"      --pairs          write the candidate pairs and each comparison's\n"
"                       level and weight, strongest first\n"
"      --undo LOG       put back the records an earlier run merged: the\n"
"                       input is that run's output, LOG its --undo-log\n"
"      --undo-log FILE  write the original records of every merge to FILE\n";

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "against", required_argument, NULL, OPT_AGAINST },
		{ "emit-block-key", no_argument, NULL, OPT_BLOCK_KEY },
		{ "exact", required_argument, NULL, OPT_EXACT },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		{ "mark", no_argument, NULL, OPT_MARK },
		{ "pairs", no_argument, NULL, OPT_PAIRS },
		{ "undo", required_argument, NULL, OPT_UNDO },
		{ "undo-log", required_argument, NULL, OPT_UNDO_LOG },
		LP_CLI_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct lp_cli cli;
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = NULL;
	struct lp_stream *st = NULL;
	struct lp_dedupe *dd = NULL;
	struct lp_norm *nm = NULL;
	struct lp_norm_opts nopts;
	struct lp_dedupe_opts o;
	char *master[2] = { NULL, NULL };
	const char *undo = NULL, *ex;
	bool block_key = false;
	int ch, modes = 0;
	long amb;

	memset(&o, 0, sizeof(o));
	lp_cli_init(&cli, "lead-dedupe", "[-qv] [-d delim] [-o file] "
	    "[-p playbook] [--against master | --emit-block-key | --explain "
	    "id,id | --mark | --pairs | --undo log] [--exact fields] "
	    "[--undo-log file] [file ...]", help);
	while ((ch = getopt_long(argc, argv, LP_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_AGAINST:
			master[0] = optarg;
			o.against = master;
			o.mode = LP_DEDUPE_AGAINST;
			modes++;
			break;
		case OPT_BLOCK_KEY:
			block_key = true;
			o.mode = LP_DEDUPE_BLOCK_KEY;
			modes++;
			break;
		case OPT_EXACT:
			o.exact = optarg;
			break;
		case OPT_EXPLAIN:
			o.explain = optarg;
			o.mode = LP_DEDUPE_EXPLAIN;
			modes++;
			break;
		case OPT_MARK:
			o.mode = LP_DEDUPE_MARK;
			modes++;
			break;
		case OPT_PAIRS:
			o.mode = LP_DEDUPE_PAIRS;
			modes++;
			break;
		case OPT_UNDO:
			undo = optarg;
			modes++;
			break;
		case OPT_UNDO_LOG:
			o.undo_log = optarg;
			break;
		default:
			lp_cli_option(&cli, ch, optarg);
		}
	}
	lp_cli_finish(&cli);
	o.dates = cli.dates;
	if (modes > 1)
		lp_cli_usage(&cli, "--against, --emit-block-key, --explain, "
		    "--mark, --pairs and --undo exclude each other");
	if (o.undo_log != NULL && o.mode != LP_DEDUPE_MERGE)
		lp_cli_usage(&cli, "--undo-log goes with merging only");
	if (o.exact != NULL && o.mode != LP_DEDUPE_MERGE &&
	    o.mode != LP_DEDUPE_MARK && o.mode != LP_DEDUPE_BLOCK_KEY)
		lp_cli_usage(&cli, "--exact goes with merging, --mark or "
		    "--emit-block-key only");
	/* Pairs, explanations and undone records have headers of their own:
	 * the stream only reads. */
	cli.io.no_output = o.mode == LP_DEDUPE_PAIRS ||
	    o.mode == LP_DEDUPE_EXPLAIN || undo != NULL;
	o.io = &cli.io;
	if (undo != NULL) {
		if ((st = lp_stream_open(&cli.io, argv + optind, &err)) != NULL)
			lp_dedupe_undo(st, &cli.io, undo, &err);
		goto out;
	}
	if ((pb = lp_playbook_open(cli.playbook, &cli.io.limits, &err)) == NULL)
		goto out;
	/* Columns of several exports that mean one field are one column,
	 * as lead-norm reads them ("Email Address" and "email"). */
	memset(&nopts, 0, sizeof(nopts));
	if ((nm = lp_norm_new(&nopts, &err)) == NULL)
		goto out;
	cli.io.column_key = lp_norm_column_key;
	cli.io.column_key_ctx = nm;
	if ((st = lp_stream_open(&cli.io, argv + optind, &err)) == NULL)
		goto out;
	if ((dd = lp_dedupe_new(pb, st, &o, &err)) == NULL)
		goto out;
	if (block_key) {
		lp_dedupe_block_key_column(dd, st);
		if (lp_stream_map(st, lp_dedupe_block_key, NULL, dd,
		    &err) == 0)
			lp_stream_commit(st, &err);
		goto out;
	}
	/* Every record is held, then the clusters are emitted at the end. */
	if (lp_stream_map(st, lp_dedupe_add, lp_dedupe_finish, dd, &err) != 0)
		goto out;
	if ((amb = lp_dedupe_ambiguous_dates(dd, &ex)) > 0)
		lp_warn("%ld ambiguous date%s (such as '%s') not read: give "
		    "--dates mdy or dmy, or dates in [playbook]", amb,
		    amb == 1 ? "" : "s", ex);
	if (lp_stream_commit(st, &err) == 0 && o.mode != LP_DEDUPE_PAIRS &&
	    o.mode != LP_DEDUPE_EXPLAIN) {
		const struct lp_dedupe_counts *c = lp_dedupe_counts(dd);

		if (o.mode == LP_DEDUPE_AGAINST)
			lp_info("%ld records in = %ld out; %ld linked to a "
			    "master record, %ld candidate pairs", c->in,
			    c->out, c->clusters, c->pairs);
		else
			lp_info("%ld records in = %ld out + %ld merged away; "
			    "%ld cluster%s, %ld candidate pairs", c->in,
			    c->out, c->merged, c->clusters, c->clusters == 1 ?
			    "" : "s", c->pairs);
	}
out:
	lp_dedupe_free(dd);
	lp_stream_close(st, &err);
	lp_norm_free(nm);
	lp_playbook_free(pb);
	return lp_err_report(&cli, &err);
}
