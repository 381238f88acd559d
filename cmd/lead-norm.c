/* lead-norm -- canonical header names and clean values for lead exports. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_cli.h"
#include "lp_norm.h"
#include "lp_playbook.h"

enum {
	OPT_DATE_ORDER = LP_OPT_PROGRAM, OPT_DEFAULT_COUNTRY, OPT_LIST_FIELDS,
	OPT_MAP, OPT_RAW, OPT_SHOW_MAPPING, OPT_SOURCE, OPT_SOURCE_LINES,
	OPT_STRICT
};

static const char help[] =
"Rename the columns of lead exports to canonical field names (email, phone,\n"
"created_at, ...; unknown columns are kept) and clean the values: white\n"
"space trimmed and collapsed; email lower-cased; phone to E.164; country to\n"
"ISO 3166 alpha-2; US and Canadian states to codes; dates to ISO 8601;\n"
"\"1,234\" and \"1.234,5\" to plain numbers; yes/no/true/false/1/0/x to yes\n"
"or no.  What cannot be cleaned is kept as it was and named in the _issues\n"
"column.\n"
"\n"
"Options:\n"
"      --date-order ORDER  the same as --dates ORDER (below)\n"
"      --default-country CC  the country of phone numbers without a calling\n"
"                       code and of states, when the record has no country\n"
"      --list-fields    print the canonical fields and how each is cleaned\n"
"      --map HEADER=FIELD  map a header to a field (repeatable; HEADER must\n"
"                       be a column of some input)\n"
"      --raw            convert between formats only: no renaming, no\n"
"                       cleaning, no _issues\n"
"      --show-mapping   print which field each input column becomes, and\n"
"                       why; read no records\n"
"      --source NAME    write NAME into the lead_source_system column\n"
"      --source-lines   write FILE:LINE of each record in its export into a\n"
"                       _source column, which lead-check reports\n"
"      --strict         fail when a header maps to no field\n";

/* What normalising one record needs; runs on lp_stream_map's worker. */
struct job {
	struct lp_norm	*nm;
	long		 flagged;	/* records with issues */
	int		 source_col;	/* --source-lines: _source, else -1 */
};

static enum lp_verdict
norm_one(void *arg, struct lp_record *rec, struct lp_emit *e,
    struct lp_err *err)
{
	struct job *j = arg;

	(void)e;
	(void)err;
	if (j->source_col >= 0) {
		const struct lp_pos *pos = lp_record_pos(rec);
		char buf[1100];
		int n = snprintf(buf, sizeof(buf), "%s:%ld", pos->file,
		    pos->line);

		lp_record_set(rec, j->source_col, buf, n < (int)sizeof(buf) ?
		    (size_t)n : sizeof(buf) - 1);
	}
	if (j->nm != NULL && lp_norm_record(j->nm, rec) > 0)
		j->flagged++;
	return LP_KEEP;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "date-order", required_argument, NULL, OPT_DATE_ORDER },
		{ "default-country", required_argument, NULL,
		    OPT_DEFAULT_COUNTRY },
		{ "list-fields", no_argument, NULL, OPT_LIST_FIELDS },
		{ "map", required_argument, NULL, OPT_MAP },
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "show-mapping", no_argument, NULL, OPT_SHOW_MAPPING },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "source-lines", no_argument, NULL, OPT_SOURCE_LINES },
		{ "strict", no_argument, NULL, OPT_STRICT },
		LP_CLI_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct lp_cli cli;
	struct lp_err err = LP_ERR_INIT;
	struct lp_norm_opts o;
	struct lp_norm *nm = NULL;
	struct lp_stream *st = NULL;
	const char **maps;
	const char *cleaning = NULL;
	struct job job = { NULL, 0, -1 };
	struct lp_buf tab = { 0 };
	struct lp_playbook *pb = NULL;
	bool raw = false, lines = false, show = false;
	int ch;

	lp_cli_init(&cli, "lead-norm", "[-qv] [-d delim] [-o file] "
	    "[--date-order mdy|dmy] [--default-country cc] "
	    "[--list-fields] [--map header=field] [--raw] [--show-mapping] "
	    "[--source name] [--source-lines] [--strict] [file ...]", help);
	memset(&o, 0, sizeof(o));
	maps = lp_xcalloc((size_t)argc + 1, sizeof(*maps));
	o.maps = maps;
	while ((ch = getopt_long(argc, argv, LP_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_DATE_ORDER:
			if (lp_date_order_parse(optarg, &cli.dates) != 0)
				lp_cli_usage(&cli, "--date-order: '%s' is not "
				    "mdy or dmy", optarg);
			cleaning = "--date-order";
			break;
		case OPT_DEFAULT_COUNTRY:
			o.default_country = optarg;
			cleaning = "--default-country";
			break;
		case OPT_MAP:
			maps[o.nmaps++] = optarg;
			cleaning = "--map";
			break;
		case OPT_LIST_FIELDS:
			lp_norm_list_fields(&tab);
			fwrite(tab.p, 1, tab.n, stdout);
			lp_buf_fini(&tab);
			free(maps);
			return fflush(stdout) == 0 && !ferror(stdout) ? 0 :
			    EX_IOERR;
		case OPT_RAW:
			raw = true;
			break;
		case OPT_SHOW_MAPPING:
			show = true;
			break;
		case OPT_SOURCE:
			o.source = optarg;
			cleaning = "--source";
			break;
		case OPT_SOURCE_LINES:
			lines = true;
			break;
		case OPT_STRICT:
			o.strict = true;
			cleaning = "--strict";
			break;
		default:
			lp_cli_option(&cli, ch, optarg);
		}
	}
	lp_cli_finish(&cli);
	if (cli.dates != LP_DATE_UNSET && cleaning == NULL)
		cleaning = "--dates";
	/* The playbook's [playbook] dates, when there is a playbook. */
	if (!raw && cli.playbook != NULL && ((pb = lp_playbook_open(
	    cli.playbook, &cli.io.limits, &err)) == NULL ||
	    lp_playbook_dates(pb, cli.dates, &cli.dates, &err) != 0))
		goto out;
	o.date_order = cli.dates;
	o.date_order_set = cli.dates != LP_DATE_UNSET;
	if (raw && cleaning != NULL)
		lp_cli_usage(&cli, "--raw does no renaming or cleaning; drop %s",
		    cleaning);
	if (!raw && (nm = lp_norm_new(&o, &err)) == NULL) {
		if (err.code == EX_USAGE)
			lp_cli_usage(&cli, "%s", err.msg);
		goto out;
	}
	if (nm != NULL) {
		/* Exports from different systems union by canonical field. */
		cli.io.column_key = lp_norm_column_key;
		cli.io.column_key_ctx = nm;
	}
	if (raw && show)
		lp_cli_usage(&cli, "--raw does no renaming; drop --show-mapping");
	if ((st = lp_stream_open(&cli.io, argv + optind, &err)) == NULL)
		goto out;
	if (show) {
		/* The header is read; no record is. */
		if (lp_norm_maps_used(nm, lp_stream_header(st), &err) == 0 &&
		    lp_norm_header(nm, lp_stream_header(st), &err) == 0) {
			lp_norm_show_mapping(nm, lp_stream_header(st), &tab);
			fwrite(tab.p, 1, tab.n, stdout);
			if (fflush(stdout) != 0 || ferror(stdout))
				lp_err_set(&err, EX_IOERR, NULL, 0,
				    "cannot write the standard output");
		}
		goto out;
	}
	if (nm != NULL && lp_norm_attach(nm, st, &err) != 0)
		goto out;
	job.nm = nm;
	if (lines)
		job.source_col = lp_stream_add_column(st, "_source");
	/* --raw has no per-record work: the plain loop, on one thread. */
	if (lp_stream_map(st, nm != NULL || lines ? norm_one : NULL, NULL,
	    &job, &err) != 0)
		goto out;
	if (lp_stream_commit(st, &err) == 0 && nm != NULL) {
		const char *ex;
		long amb = lp_norm_ambiguous_dates(nm, &ex);

		lp_info("%ld record%s with issues", job.flagged,
		    job.flagged == 1 ? "" : "s");
		if (amb > 0)
			lp_warn("%ld ambiguous date%s (such as '%s') left as "
			    "%s: give --dates mdy or dmy, or dates in "
			    "[playbook]", amb, amb == 1 ? "" : "s", ex,
			    amb == 1 ? "it was" : "they were");
	}
out:
	lp_stream_close(st, &err);
	lp_norm_free(nm);
	lp_playbook_free(pb);
	lp_buf_fini(&tab);
	free(maps);
	return lp_err_report(&cli, &err);
}
