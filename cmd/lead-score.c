/* lead-score -- fit and engagement score, grade, stage and reasons per lead. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_cli.h"
#include "lp_writer.h"
#include "lp_pb_unfired.h"
#include "lp_playbook.h"
#include "lp_score.h"

enum {
	OPT_COMPARE = LP_OPT_PROGRAM, OPT_EVENTS, OPT_EXPLAIN, OPT_PRINT,
	OPT_EXPLAIN_COMPACT
};

static const char help[] =
"Score each lead with the playbook: fit points (who the lead is), engagement\n"
"points decayed by age (what the lead did), grade, funnel stage, and the\n"
"reasons, in columns score fit_score engagement_score grade stage\n"
"score_reasons (replaced when the input already has them).\n"
"\n"
"Options:\n"
"      --compare OLD    score with OLD playbook too; write only the leads\n"
"                       whose grade or MQL status differ, with old_score\n"
"                       old_grade old_stage change; counts on stderr\n"
"      --events FILE    score the engagement rules [score.engagement] events\n"
"                       names from an activity stream (lead_id or email,\n"
"                       event_type, timestamp), each event decayed by its age\n"
"      --explain FILE   write every rule's detail per lead to FILE (JSON Lines)\n"
"      --explain-compact FILE  the same, listing only the rules that fired\n"
"      --print-playbook print the playbook (-p, else the built-in one), exit\n";

/* Write what compare found into the extra columns; counts. */
struct cmp {
	int	 col_score, col_grade, col_stage, col_change;
	long	 total, grade, mql_in, mql_out;
	char	 grade_old[64], stage_old[64];
	long long score_old;
	int	 mql_old;
};

static bool
compare_one(struct cmp *c, const struct lp_score_result *r,
    struct lp_record *rec)
{
	char t[200], n[24];
	bool g = strcmp(c->grade_old, r->grade) != 0;
	bool m = c->mql_old != (int)r->mql;

	c->total++;
	if (!g && !m)
		return false;
	c->grade += g;
	c->mql_in += m && r->mql;
	c->mql_out += m && !r->mql;
	snprintf(t, sizeof(t), "%s%s%s%s%s", g ? "grade " : "",
	    g ? c->grade_old : "", g ? " -> " : "", g ? r->grade : "",
	    m ? (g ? (r->mql ? "; becomes MQL" : "; no longer MQL") :
	    (r->mql ? "becomes MQL" : "no longer MQL")) : "");
	lp_record_set(rec, c->col_change, t, strlen(t));
	snprintf(n, sizeof(n), "%lld", c->score_old);
	lp_record_set_number(rec, c->col_score, n, strlen(n));
	lp_record_set(rec, c->col_grade, c->grade_old, strlen(c->grade_old));
	lp_record_set(rec, c->col_stage, c->stage_old, strlen(c->stage_old));
	return true;
}

/* What scoring one record needs; runs on lp_stream_map's worker. */
struct job {
	struct lp_scorer *sc, *osc;	/* osc: --compare's old playbook */
	struct cmp	 cmp;
	struct lp_buf	 x, *xp;	/* --explain: the record's JSON */
	struct lp_writer *xf;		/* written atomically, like -o */
};

static enum lp_verdict
score_one(void *arg, struct lp_record *rec, struct lp_emit *e,
    struct lp_err *err)
{
	struct job *j = arg;

	(void)e;
	if (j->osc != NULL) {
		const struct lp_score_result *o;

		o = lp_score_compute(j->osc, rec, NULL);
		snprintf(j->cmp.grade_old, sizeof(j->cmp.grade_old), "%s",
		    o->grade);
		snprintf(j->cmp.stage_old, sizeof(j->cmp.stage_old), "%s",
		    o->stage);
		j->cmp.score_old = o->score_i;
		j->cmp.mql_old = o->mql;
	}
	j->x.n = 0;
	if (lp_score_record(j->sc, rec, j->xp, err) != 0)
		return LP_STOP;
	if (j->xf != NULL) {
		lp_buf_addc(&j->x, '\n');
		lp_writer_write(j->xf, j->x.p, j->x.n);
	}
	/* --compare writes only the leads that change. */
	return j->osc == NULL || compare_one(&j->cmp, lp_score_last(j->sc),
	    rec) ? LP_KEEP : LP_DROP;
}

static void
unfired(void *arg, const char *field, const char *what)
{
	(void)arg;
	lp_warn("the input has no '%s' column: %s", field, what);
}

/* The playbook sections lead-score reads. */
static const char *const sections[] = {
	"stages", "score", "score.fit", "score.engagement", NULL
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "compare", required_argument, NULL, OPT_COMPARE },
		{ "events", required_argument, NULL, OPT_EVENTS },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		{ "explain-compact", required_argument, NULL,
		    OPT_EXPLAIN_COMPACT },
		{ "print-playbook", no_argument, NULL, OPT_PRINT },
		LP_CLI_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct lp_cli cli;
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb = NULL, *oldpb = NULL;
	struct lp_stream *st = NULL;
	struct job job;
	const char *compare = NULL, *events = NULL, *explain = NULL, *ex;
	long amb;
	bool print = false, compact = false;
	int ch;

	lp_cli_init(&cli, "lead-score", "[-qv] [-d delim] [-o file] "
	    "[-p playbook] [--compare old] [--events file] [--explain file] "
	    "[--explain-compact file] "
	    "[--print-playbook] [file ...]", help);
	while ((ch = getopt_long(argc, argv, LP_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_COMPARE:
			compare = optarg;
			break;
		case OPT_EVENTS:
			events = optarg;
			break;
		case OPT_EXPLAIN_COMPACT:
			compact = true;
			/* FALLTHROUGH */
		case OPT_EXPLAIN:
			explain = optarg;
			break;
		case OPT_PRINT:
			print = true;
			break;
		default:
			lp_cli_option(&cli, ch, optarg);
		}
	}
	lp_cli_finish(&cli);
	memset(&job, 0, sizeof(job));
	lp_buf_init(&job.x);
	if ((pb = lp_playbook_open(cli.playbook, &cli.io.limits, &err)) == NULL)
		goto out;
	lp_playbook_note_defaults(pb, sections);
	if (print) {
		size_t n;
		const char *text = lp_playbook_text(pb, &n);

		if (fwrite(text, 1, n, stdout) != n || fflush(stdout) != 0)
			lp_err_set(&err, EX_IOERR, "<stdout>", 0,
			    "cannot write the playbook");
		goto out;
	}
	if (compare != NULL && (oldpb = lp_playbook_load(compare,
	    &cli.io.limits, &err)) == NULL)
		goto out;
	if ((st = lp_stream_open(&cli.io, argv + optind, &err)) == NULL)
		goto out;
	for (int i = 0; lp_score_columns[i] != NULL; i++)
		lp_stream_add_column(st, lp_score_columns[i]);
	if (oldpb != NULL) {
		job.cmp.col_score = lp_stream_add_column(st, "old_score");
		job.cmp.col_grade = lp_stream_add_column(st, "old_grade");
		job.cmp.col_stage = lp_stream_add_column(st, "old_stage");
		job.cmp.col_change = lp_stream_add_column(st, "change");
		if ((job.osc = lp_scorer_new(oldpb, lp_stream_header(st),
		    cli.now, &err)) == NULL)
			goto out;
	}
	if ((job.sc = lp_scorer_new(pb, lp_stream_header(st), cli.now,
	    &err)) == NULL)
		goto out;
	if (cli.dates != LP_DATE_UNSET) {	/* --dates over the playbook */
		lp_scorer_set_dates(job.sc, cli.dates);
		if (job.osc != NULL)
			lp_scorer_set_dates(job.osc, cli.dates);
	}
	/* Rules a renamed or dropped column switched off: said once. */
	lp_playbook_unfired(pb, lp_stream_header(st), cli.now, events == NULL,
	    unfired, NULL);
	if (events != NULL && (lp_scorer_load_events(job.sc, &cli.io, events,
	    &err) != 0 || (job.osc != NULL && lp_scorer_load_events(job.osc,
	    &cli.io, events, &err) != 0)))
		goto out;
	/* "-" is standard output; a file is never one of the inputs. */
	if (explain != NULL) {
		lp_scorer_explain_compact(job.sc, compact);
		if ((job.xf = lp_writer_open_raw(explain, &err)) == NULL)
			goto out;
		job.xp = &job.x;
	}
	if (lp_stream_map(st, score_one, NULL, &job, &err) != 0)
		goto out;
	if (job.xf != NULL && lp_writer_commit(job.xf, "<stdout>", &err) != 0)
		goto out;
	if ((amb = lp_scorer_ambiguous_dates(job.sc, &ex)) > 0)
		lp_warn("%ld ambiguous date%s (such as '%s') not read: give "
		    "--dates mdy or dmy, or dates in [playbook]", amb,
		    amb == 1 ? "" : "s", ex);
	if (lp_stream_commit(st, &err) == 0 && job.osc != NULL &&
	    cli.verbosity >= 0)
		fprintf(stderr, "lead-score: compare: %ld leads; %ld change "
		    "grade; %ld change MQL status (%ld become MQL, %ld no "
		    "longer)\n", job.cmp.total, job.cmp.grade,
		    job.cmp.mql_in + job.cmp.mql_out, job.cmp.mql_in,
		    job.cmp.mql_out);
out:
	lp_writer_free(job.xf);
	lp_buf_fini(&job.x);
	lp_scorer_free(job.osc);
	lp_scorer_free(job.sc);
	lp_stream_close(st, &err);
	lp_playbook_free(oldpb);
	lp_playbook_free(pb);
	return lp_err_report(&cli, &err);
}
