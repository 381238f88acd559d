/*
 * lp_pb_lint -- the playbook linter (lp_pb_lint.h): unknown sections and
 * [stages] here, every other section by its module's registered linter;
 * and lp_pb_expr, the one place an expression is compiled at its file
 * position.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_alias.h"
#include "lp_pb_lint.h"

struct lp_expr *
lp_pb_expr(const struct lp_playbook *pb, const char *text, size_t n,
    long line, int col, const struct lp_header *hdr, int64_t now,
    struct lp_dates *dates, struct lp_err *err)
{
	struct lp_expr_src src;
	struct lp_expr *x;

	lp_playbook_src(pb, line, col, &src);
	src.dates = dates;
	if ((x = lp_expr_parse(text, n, &src, err)) == NULL)
		return NULL;
	if (hdr != NULL && lp_expr_bind(x, hdr, now, err) != 0) {
		lp_expr_free(x);
		return NULL;
	}
	return x;
}

void
lp_lint_error(struct lp_lint *l, const struct lp_err *e, bool warning)
{
	if (!warning)
		l->errors++;
	l->report(l->arg, e, warning);
}

void
lp_lint_fields(struct lp_lint *l, const struct lp_playbook *src, long line,
    int col, const char *what, const char *const *names, int n)
{
	struct lp_err e = LP_ERR_INIT;
	struct lp_buf b;
	int missing = 0;

	if (l->input == NULL)
		return;
	lp_buf_init(&b);
	for (int i = 0; names != NULL && (n < 0 ? names[i] != NULL : i < n);
	    i++) {
		if (lp_header_find(l->input, names[i]) >= 0)
			continue;
		lp_buf_printf(&b, "%s'%s'", missing++ ? ", " : "", names[i]);
	}
	if (missing > 0) {
		lp_playbook_error(src, &e, line, col, "%s reads %s, which no "
		    "input has", what, lp_buf_cstr(&b));
		lp_lint_error(l, &e, true);
	}
	lp_buf_fini(&b);
}

void
lp_lint_expr(struct lp_lint *l, long line, int col, const char *text,
    const char *what)
{
	struct lp_err e = LP_ERR_INIT;
	struct lp_expr *x;

	if ((x = lp_pb_expr(l->pb, text, strlen(text), line, col, l->hdr,
	    l->now, NULL, &e)) == NULL) {
		lp_lint_error(l, &e, false);
		return;
	}
	lp_lint_fields(l, l->pb, line, col, what, lp_expr_fields(x), -1);
	lp_expr_free(x);
}

/* "unknown section [scoer.fit] (did you mean [score.fit]?)": a warning,
 * since programs ignore sections they do not use. */
static void
lint_unknown_section(struct lp_lint *l, const struct lp_pb_section *sec)
{
	struct lp_err e = LP_ERR_INIT;
	const char *hint = lp_suggest(sec->name, lp_playbook_sections);

	if (hint != NULL)
		lp_playbook_error(l->pb, &e, sec->line, 2, "unknown section "
		    "[%s] (did you mean [%s]?); no program reads it",
		    sec->name, hint);
	else
		lp_playbook_error(l->pb, &e, sec->line, 2, "unknown section "
		    "[%s]; no program reads it", sec->name);
	lp_lint_error(l, &e, true);
}

int
lp_playbook_lint(const struct lp_playbook *pb, const struct lp_header *input,
    int64_t now, const struct lp_pb_linter *const *linters,
    void (*report)(void *, const struct lp_err *, bool), void *arg)
{
	struct lp_lint l = { report, arg, 0, pb, input, input, now };
	struct lp_header *empty = NULL;
	const struct lp_pb_section *sec;
	const struct lp_stage *stages;
	int ns;

	if (l.hdr == NULL)
		l.hdr = empty = lp_header_new();
	/* Sections no program knows: ignored by the programs, named here. */
	for (size_t i = 0; (sec = lp_playbook_section_at(pb, i)) != NULL; i++)
		if (sec->unknown)
			lint_unknown_section(&l, sec);
	/* [stages]: the conditions that move a lead along the funnel (the
	 * built-in default's, when the file has none, are not linted). */
	stages = lp_playbook_stages(pb, &ns);
	for (int i = 0; lp_playbook_own_section(pb, "stages") != NULL && i < ns;
	    i++)
		if (stages[i].when != NULL) {
			char what[96];

			snprintf(what, sizeof(what), "[stages] %s",
			    stages[i].name);
			lp_lint_expr(&l, stages[i].when->line,
			    stages[i].when->vcol, stages[i].when->value, what);
		}
	for (size_t i = 0; linters != NULL && linters[i] != NULL; i++)
		linters[i]->lint(&l);
	lp_header_free(empty);
	return l.errors;
}
