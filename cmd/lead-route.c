/* lead-route -- assign owner, team and SLA to each lead from the playbook. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_cli.h"
#include "lp_playbook.h"
#include "lp_route.h"

enum {
	OPT_STATE = LP_OPT_PROGRAM, OPT_HASH, OPT_REASSIGN, OPT_AWAY,
	OPT_ACCOUNTS, OPT_DRY_RUN, OPT_NO_WAIT
};

static const char help[] =
"Give every lead an owner, a team and an SLA deadline from the playbook's\n"
"[teams], [route], [sla] and [recycle] sections, or send it back to\n"
"marketing, in columns owner team route_rule sla_due_at recycled\n"
"recycle_rule recycle_at (and sla_breached_at escalated_from when [sla]\n"
"escalates).\n"
"\n"
"Options:\n"
"      --state FILE     keep the round-robin positions and today's counts\n"
"                       in FILE between runs (locked; a second run waits)\n"
"      --no-wait        fail at once when another run holds --state FILE\n"
"      --hash           assign by a hash of lead_id (else email), not by\n"
"                       rotation: the same owners however input is split\n"
"      --reassign       route leads that already have an owner too\n"
"      --away FILE      members away, one a line: they get no new leads\n"
"      --accounts FILE  domain,account,owner: leads from a known company go\n"
"                       to its owner (matched by email domain or website)\n"
"      --dry-run        print who would get how many leads, by which rule\n"
"                       (CSV), instead of the leads; --state is not written\n";

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "state", required_argument, NULL, OPT_STATE },
		{ "no-wait", no_argument, NULL, OPT_NO_WAIT },
		{ "hash", no_argument, NULL, OPT_HASH },
		{ "reassign", no_argument, NULL, OPT_REASSIGN },
		{ "away", required_argument, NULL, OPT_AWAY },
		{ "accounts", required_argument, NULL, OPT_ACCOUNTS },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		LP_CLI_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct lp_cli cli;
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = NULL;
	struct lp_stream *st = NULL;
	struct lp_router *rt = NULL;
	struct lp_route_opts o;
	struct lp_buf out;
	int ch;

	memset(&o, 0, sizeof(o));
	lp_buf_init(&out);
	lp_cli_init(&cli, "lead-route", "[-qv] [-d delim] [-o file] "
	    "[-p playbook] [--state file] [--no-wait] [--hash] [--reassign] "
	    "[--away file] [--accounts file] [--dry-run] [file ...]", help);
	while ((ch = getopt_long(argc, argv, LP_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_STATE:
			o.state = optarg;
			break;
		case OPT_NO_WAIT:
			o.no_wait = true;
			break;
		case OPT_HASH:
			o.hash = true;
			break;
		case OPT_REASSIGN:
			o.reassign = true;
			break;
		case OPT_AWAY:
			o.away = optarg;
			break;
		case OPT_ACCOUNTS:
			o.accounts = optarg;
			break;
		case OPT_DRY_RUN:
			o.dry_run = true;
			break;
		default:
			lp_cli_option(&cli, ch, optarg);
		}
	}
	lp_cli_finish(&cli);
	if (o.hash && o.state != NULL)
		lp_cli_usage(&cli, "--hash and --state exclude each other "
		    "(a hash needs no positions)");
	if (o.dry_run && cli.io.output != NULL)
		lp_cli_usage(&cli, "--dry-run writes no leads: drop -o");
	cli.io.no_output = o.dry_run;
	o.io = &cli.io;
	o.dates = cli.dates;
	if ((pb = lp_playbook_open(cli.playbook, &cli.io.limits, &err)) == NULL)
		goto out;
	if ((st = lp_stream_open(&cli.io, argv + optind, &err)) == NULL)
		goto out;
	if ((rt = lp_router_new(pb, st, cli.now, &o, &err)) == NULL)
		goto out;
	if (lp_stream_map(st, lp_route_record, NULL, rt, &err) != 0 ||
	    lp_stream_commit(st, &err) != 0 || lp_router_finish(rt, &err) != 0)
		goto out;
	if (o.dry_run) {
		lp_router_plan(rt, &out);
		if (fwrite(out.p, 1, out.n, stdout) != out.n ||
		    fflush(stdout) != 0) {
			lp_err_set(&err, EX_IOERR, "<stdout>", 0,
			    "write error");
			goto out;
		}
		out.n = 0;
	}
	if (cli.verbosity > 0) {
		lp_router_summary(rt, "lead-route", &out);
		fwrite(out.p, 1, out.n, stderr);
	}
out:
	lp_buf_fini(&out);
	lp_router_free(rt);
	lp_stream_close(st, &err);
	lp_playbook_free(pb);
	return lp_err_report(&cli, &err);
}
