/*
 * lp_playbook -- the playbook file (DESIGN section 5, lead-playbook(5)):
 * parsed once into a generic form every program reads its own sections
 * from, plus typed accessors.
 *
 *   text -> lines -> [section] headers, `key = value` settings and
 *   `+N "label" condition` rule lines, each remembering FILE:LINE:COL
 *
 * The parser checks what is common to all programs: section names (known
 * or reserved, else "unknown section [scroe] (did you mean [score]?)"),
 * setting keys of the sections whose keys are fixed, the rule line shape,
 * and the [stages] section (the funnel every program shares).  Rule
 * conditions and other expressions are kept as text with their position;
 * the program that uses them compiles them with lp_expr_parse, using
 * lp_playbook_src for the position.
 */
#ifndef LP_PLAYBOOK_H
#define LP_PLAYBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lp_date.h"
#include "lp_err.h"
#include "lp_expr.h"

/* A `key = value` line.  Strings are NUL-terminated, owned by the
 * playbook. */
struct lp_pb_setting {
	const char	*key;		/* unquoted */
	const char	*value;		/* trimmed, comment removed; may be "" */
	bool		 quoted;	/* the key was written "in quotes" */
	long		 line;
	int		 col;		/* of the key */
	int		 vcol;		/* of the value */
};

/* A rule line: POINTS "LABEL" BODY. */
struct lp_pb_rule {
	double		 points;	/* +15 -> 15, -2.5 -> -2.5 */
	const char	*label;		/* unquoted */
	const char	*body;		/* the rest, trimmed, comment removed */
	long		 line;
	int		 col;		/* of the points */
	int		 bcol;		/* of the body */
};

struct lp_pb_section {
	const char	*name;		/* "score.fit" */
	bool		 unknown;	/* no program knows the name: ignored */
	long		 line;		/* of the [header] */
	const struct lp_pb_setting *settings;	/* in file order */
	size_t		 nsettings;
	const struct lp_pb_rule *rules;		/* in file order */
	size_t		 nrules;
};

/* Where a stage sits: in the funnel order, off it (nurture), or lost. */
enum lp_stage_kind { LP_STAGE_FUNNEL, LP_STAGE_OTHER, LP_STAGE_LOST };

struct lp_stage {
	const char	*name;		/* lower case: "mql" */
	enum lp_stage_kind kind;
	int		 rank;		/* position in `order`; -1 off the funnel */
	/* Off-funnel and lost stages: the rank of the funnel stage from
	 * which on a value meaning this stage is left behind ([stages]
	 * left_behind; default the last funnel stage).  Funnel stages: 0. */
	int		 left_behind;
	/* `sql = CONDITION` in [stages]: what moves an earlier lead here;
	 * NULL when none. */
	const struct lp_pb_setting *when;
};

struct lp_playbook;

/*
 * Parse text[0..n) (need not be NUL-terminated) named name in messages;
 * basedir is where file(NAME) value lists are looked up (NULL: the
 * current directory).  lim bounds file() lists (max_playbook) and regex
 * matches (regex_effort); NULL means LP_LIMITS_DEFAULT.  Returns a new
 * playbook (lp_playbook_free), or NULL with err set (78, FILE:LINE:COL
 * and the source line).
 */
struct lp_playbook *lp_playbook_parse(const char *text, size_t n,
	    const char *name, const char *basedir, const struct lp_limits *lim,
	    struct lp_err *);
/* Read and parse a file (66 when it cannot be read, 78 when it is over
 * lim->max_playbook bytes). */
struct lp_playbook *lp_playbook_load(const char *path,
	    const struct lp_limits *lim, struct lp_err *);
/* The built-in default playbook (lib/data/default.playbook), named
 * "<default>". */
struct lp_playbook *lp_playbook_default(const struct lp_limits *lim,
	    struct lp_err *);
/* path when not NULL, else the built-in default: what -p means. */
struct lp_playbook *lp_playbook_open(const char *path,
	    const struct lp_limits *lim, struct lp_err *);
void	lp_playbook_free(struct lp_playbook *);

/* The built-in default playbook's text (NUL-terminated, static). */
const char *lp_playbook_default_text(size_t *n);
/* The playbook's text as read, and its name ("<default>" or the path).
 * Borrowed for the playbook's life. */
const char *lp_playbook_text(const struct lp_playbook *, size_t *n);
const char *lp_playbook_name(const struct lp_playbook *);
/* The limits it was read with.  Borrowed for the playbook's life. */
const struct lp_limits *lp_playbook_limits(const struct lp_playbook *);

/*
 * The section called name: the playbook's own; else, for every section
 * but [playbook], the built-in default's (a missing section comes from
 * the default, a present but empty one means none: lead-playbook(5),
 * MISSING SECTIONS); else NULL.  Borrowed for the playbook's life.
 */
const struct lp_pb_section *lp_playbook_section(const struct lp_playbook *,
	    const char *name);
/* The playbook's own section called name, or NULL (no default). */
const struct lp_pb_section *lp_playbook_own_section(
	    const struct lp_playbook *, const char *name);
/* The playbook whose text holds lp_playbook_section(pb, name): pb, or
 * the built-in default it borrowed the section from (for positions). */
const struct lp_playbook *lp_playbook_section_owner(
	    const struct lp_playbook *, const char *name);
/* With -v, say (lp_info) which of the sections names[] (NULL-ended)
 * come from the built-in default. */
void	lp_playbook_note_defaults(const struct lp_playbook *,
	    const char *const *names);
/* The playbook's own sections in file order (i from 0), including the
 * unknown ones; NULL past the last. */
const struct lp_pb_section *lp_playbook_section_at(const struct lp_playbook *,
	    size_t i);
/* The setting key in sec (sec may be NULL), or NULL. */
const struct lp_pb_setting *lp_pb_get(const struct lp_pb_section *,
	    const char *key);

/*
 * Fill an expression source for text that starts at line:col, so that
 * lp_expr_parse errors point into the playbook.
 */
void	lp_playbook_src(const struct lp_playbook *, long line, int col,
	    struct lp_expr_src *);
/* The whole source line (NUL-terminated, borrowed), "" when out of range. */
const char *lp_playbook_line(const struct lp_playbook *, long line);
/* Set a playbook error (78) at line:col with the caret line.  Returns -1. */
int	lp_playbook_error(const struct lp_playbook *, struct lp_err *,
	    long line, int col, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/*
 * The day/month order of ambiguous dates: given (--dates) unless it is
 * LP_DATE_UNSET, else [playbook] dates = mdy|dmy, else LP_DATE_UNSET.
 * 0, or -1 with a playbook error (78) for another value.
 */
int	lp_playbook_dates(const struct lp_playbook *, enum lp_date_order given,
	    enum lp_date_order *out, struct lp_err *);

/*
 * Typed values.  Each returns 0 with *out set, or -1 with a playbook
 * error pointing at the value.
 *   number:   a decimal number in [min, max]
 *   duration: "30d", "12h", "1d12h", ... (lp_duration_parse), > 0
 */
int	lp_pb_number(const struct lp_playbook *, const struct lp_pb_setting *,
	    double min, double max, double *out, struct lp_err *);
int	lp_pb_duration(const struct lp_playbook *, const struct lp_pb_setting *,
	    int64_t *secs, struct lp_err *);

/*
 * A comma-separated list value ("A:40, B:25, C:10, D" or "new, mql"):
 * items may be "quoted"; an item may have a ":value" part.  fn is called
 * per item with NUL-terminated, unquoted key and value (value NULL when
 * there is no colon) and their columns; a non-zero return stops the walk
 * and is returned.  A malformed list is a playbook error (-1).
 */
struct lp_pb_item {
	const char	*key, *value;
	int		 col, vcol;
	long		 line;
};
int	lp_pb_list(const struct lp_playbook *, const struct lp_pb_setting *,
	    int (*fn)(void *arg, const struct lp_pb_item *, struct lp_err *),
	    void *arg, struct lp_err *);

/*
 * The funnel from [stages] (or the default order new, mql, sal, sql,
 * opportunity, won; lost disqualified, lost): every stage, funnel stages
 * first in order, then the others, then the lost ones.  Borrowed.
 */
const struct lp_stage *lp_playbook_stages(const struct lp_playbook *, int *n);
/* The index of the stage named name (exactly, any case), or -1. */
int	lp_playbook_stage_find(const struct lp_playbook *, const char *name,
	    size_t n);
/*
 * The stage a status or stage value means: the [stages] map (matched on
 * letters and digits only, any case: "Open - Not Contacted" =
 * "open_not_contacted"), else a stage name.  -1 when unknown or empty.
 */
int	lp_playbook_stage_of(const struct lp_playbook *, const char *p,
	    size_t n);
/*
 * lp_playbook_stage_of remembering answers in memo (the caller's, set up
 * with lp_memo_init(memo, sizeof(int)); NULL: none): the few statuses of
 * an export repeat.  The playbook itself stays read-only, so one can
 * serve several threads, each with its own memo.
 */
int	lp_playbook_stage_memo(const struct lp_playbook *, struct lp_memo *memo,
	    const char *p, size_t n);

/*
 * The one scanner of a rule or setting's text at top level (outside
 * "quotes", `backticks`, a ~ /regex/ and parentheses), for finding
 * keywords (`per ... max ... when`, a check's `when` / `at stage`) and
 * comments.  Zero-initialise; for each i, call lp_pb_scan_literal: true
 * when s[*i] opened a literal, *i then on its closing character (skip
 * it); false otherwise, with depth counting parentheses (s[*i] is at top
 * level when depth is 0 and it is no parenthesis).  The caller sets prev
 * to each non-blank byte it passes (it tells a /regex/ after ~).
 */
struct lp_pb_scan {
	int	depth;
	char	prev;
};
bool	lp_pb_scan_literal(struct lp_pb_scan *, const char *s, size_t n,
	    size_t *i);

/*
 * A scoring rule body ending in "if present" reads optional columns (an
 * opt-out or bounce flag most exports lack): it scores like the body
 * without those words, and no warning says it cannot fire.  True when
 * body ends so, with *n the length of the body before them (trimmed);
 * false with *n = strlen(body) otherwise.
 */
bool	lp_pb_if_present(const char *body, size_t *n);

/* Section names the parser knows (NULL-terminated): for lint and help. */
extern const char *const lp_playbook_sections[];


#endif
