/*
 * lp_playbook -- parse the playbook into sections of settings and rule
 * lines, each keeping its FILE:LINE:COL, and build the [stages] funnel.
 *
 * The grammar, line by line (lead-playbook(5) has the user's version):
 *
 *   line     = blank | comment | section | rule | setting
 *   comment  = '#' to the end of the line, at the line's start or after
 *              white space, outside "quotes", `backticks` and /regexes/
 *   section  = '[' name ']'
 *   rule     = ('+' | '-') number  '"' label '"'  body
 *   setting  = (word | '"' text '"')  '='  value
 *
 * Invariants: every string a section hands out is NUL-terminated and owned
 * by the playbook (freed in one call); positions are 1-based, columns count
 * bytes.  The parser never evaluates anything: expressions stay text for
 * the programs to compile (lp_expr_parse with lp_playbook_src).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_date.h"
#include "lp_files.h"
#include "lp_playbook.h"
#include "lp_util.h"

extern const char lp_data_default_playbook[];
extern const size_t lp_data_default_playbook_len;

/* Sections: the ones with fixed keys are checked here; keys NULL: the
 * module that parses the section checks its keys (or, for programs still
 * to come, any key is accepted). */
struct secspec {
	const char		*name;
	const char *const	*keys;	/* NULL: any key */
	bool			 rules;	/* rule lines allowed */
	const char		*module; /* who parses it (and lints it) */
};

static const char *const playbook_keys[] = {
	"name", "version", "description", "owner", "dates", NULL
};
static const char *const stages_keys[] = {
	"order", "other", "lost", "map", "left_behind", NULL
};
static const char *const score_keys[] = {
	"mql", "grades", "mql_grades", "fast_track", "fit_data",
	"fit_data_grade", NULL
};
static const char *const fit_keys[] = { "max", NULL };
static const char *const eng_keys[] = { "half_life", "max", "events", NULL };

/*
 * The section registry: every section a playbook may have, the module
 * that parses it and lints it (its lp_pb_linter, lp_pb_lint.h), its
 * fixed keys and whether it holds rule lines.  lp_playbook_sections is
 * made from the same list.
 */
#define LP_SECTIONS(X)							\
	X("playbook", playbook_keys, false, "playbook/lp_playbook.c")	\
	X("stages", stages_keys, false, "playbook/lp_stage.c")		\
	X("score", score_keys, false, "score/lp_score.c")		\
	X("score.fit", fit_keys, true, "score/lp_score.c")		\
	X("score.engagement", eng_keys, true, "score/lp_score.c")	\
	X("teams", NULL, true, "lead-route")				\
	X("route", NULL, true, "lead-route")				\
	X("sla", NULL, true, "lead-route")				\
	X("recycle", NULL, true, "lead-route")				\
	X("check", NULL, true, "check/lp_check.c")			\
	X("dedupe", NULL, true, "dedupe/lp_dedupe_conf.c")

#define SPEC_ROW(name, keys, rules, module)	{ name, keys, rules, module },
#define NAME_ROW(name, keys, rules, module)	name,

static const struct secspec specs[] = { LP_SECTIONS(SPEC_ROW) };
#define NSPECS	(sizeof(specs) / sizeof(specs[0]))

/* A section no program knows: kept (programs ignore it, --lint-playbook
 * warns about it), any key, rule lines allowed. */
static const struct secspec unknown_spec = { NULL, NULL, true, NULL };

const char *const lp_playbook_sections[] = { LP_SECTIONS(NAME_ROW) NULL };

struct section {
	struct lp_pb_section	 pub;
	const struct secspec	*spec;
	struct lp_pb_setting	*settings;
	size_t			 nsettings, scap;
	struct lp_pb_rule	*rules;
	size_t			 nrules, rcap;
};

struct lp_playbook {
	char		*name;
	char		*basedir;
	char		*text;		/* as read, NUL-terminated */
	size_t		 textlen;
	char		**lines;	/* each source line, NUL-terminated */
	long		 nlines;
	struct section	*secs;
	size_t		 nsecs, seccap;
	char		**strs;		/* owned strings, freed together */
	size_t		 nstrs, strcap;
	struct lp_stage	*stages;
	int		 nstages;
	struct lp_map	*stagemap;	/* status or stage name key -> index */
	struct lp_limits limits;	/* for file() lists and regexes */
	/* The built-in default, whose sections stand in for the ones this
	 * playbook does not have (NULL for the default itself). */
	struct lp_playbook *fallback;
};

static const char *
own(struct lp_playbook *pb, const char *p, size_t n)
{
	if (pb->nstrs == pb->strcap) {
		pb->strcap = pb->strcap ? pb->strcap * 2 : 64;
		pb->strs = lp_xreallocarray(pb->strs, pb->strcap,
		    sizeof(*pb->strs));
	}
	return pb->strs[pb->nstrs++] = lp_xstrndup(p, n);
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ---- errors and positions ---- */

const char *
lp_playbook_line(const struct lp_playbook *pb, long line)
{
	if (pb == NULL || line < 1 || line > pb->nlines)
		return "";
	return pb->lines[line - 1];
}

static int
verror(const struct lp_playbook *pb, struct lp_err *err, long line, int col,
    const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	return lp_err_setc(err, EX_CONFIG, pb->name, line, col,
	    lp_playbook_line(pb, line), "%s", msg);
}

int
lp_playbook_error(const struct lp_playbook *pb, struct lp_err *err, long line,
    int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(pb, err, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

void
lp_playbook_src(const struct lp_playbook *pb, long line, int col,
    struct lp_expr_src *src)
{
	src->file = pb->name;
	src->line = line;
	src->col = col;
	src->line_text = lp_playbook_line(pb, line);
	src->basedir = pb->basedir;
	src->limits = &pb->limits;
	src->dates = NULL;
}

/* ---- lexical helpers ---- */

/*
 * Where the comment of a line starts (n when none): a '#' at the start or
 * after white space, outside "quotes", `backticks` and a /regex/ (a '/'
 * whose previous non-blank byte is '~').
 */
static size_t
comment_start(const char *s, size_t n)
{
	struct lp_pb_scan sc = { 0, 0 };

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (lp_pb_scan_literal(&sc, s, n, &i))
			continue;
		if (c == '#' && (i == 0 || is_ws(s[i - 1])))
			return i;
		if (!is_ws(c))
			sc.prev = c;
	}
	return n;
}

bool
lp_pb_scan_literal(struct lp_pb_scan *sc, const char *s, size_t n, size_t *i)
{
	char c = s[*i];

	if (c == '"' || c == '`' || (c == '/' && sc->prev == '~')) {
		for ((*i)++; *i < n && s[*i] != c; (*i)++)
			if (s[*i] == '\\' && c != '`' && *i + 1 < n)
				(*i)++;
		sc->prev = c;
		return true;
	}
	if (c == '(')
		sc->depth++;
	else if (c == ')')
		sc->depth--;
	return false;
}

/*
 * A "quoted" string starting at s[0] == '"': \" and \\ are escapes.  The
 * unquoted text goes to out; returns the length consumed (with both
 * quotes), 0 when unterminated.
 */
static size_t
quoted(const char *s, size_t n, struct lp_buf *out)
{
	out->n = 0;
	for (size_t i = 1; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n &&
		    (s[i + 1] == '"' || s[i + 1] == '\\'))
			lp_buf_addc(out, s[++i]);
		else if (s[i] == '"') {
			lp_buf_cstr(out);
			return i + 1;
		} else
			lp_buf_addc(out, s[i]);
	}
	return 0;
}

/* ---- building sections ---- */

static const struct secspec *
find_spec(const char *name, size_t n)
{
	for (size_t i = 0; i < NSPECS; i++)
		if (strlen(specs[i].name) == n &&
		    memcmp(specs[i].name, name, n) == 0)
			return &specs[i];
	return NULL;
}

static struct section *
find_section(const struct lp_playbook *pb, const char *name)
{
	for (size_t i = 0; i < pb->nsecs; i++)
		if (strcmp(pb->secs[i].pub.name, name) == 0)
			return &pb->secs[i];
	return NULL;
}

static struct lp_pb_setting *
find_setting(struct section *s, const char *key)
{
	for (size_t i = 0; i < s->nsettings; i++)
		if (!s->settings[i].quoted && strcmp(s->settings[i].key, key) == 0)
			return &s->settings[i];
	return NULL;
}

static int
parse_section(struct lp_playbook *pb, const char *s, size_t b, size_t e,
    long line, size_t *cur, struct lp_err *err)
{
	const struct secspec *spec;
	struct section *sec;
	size_t nb, ne, close;
	char name[64];

	for (close = b + 1; close < e && s[close] != ']'; close++)
		;
	if (close == e)
		return lp_playbook_error(pb, err, line, (int)e + 1,
		    "missing ']' after the section name");
	for (nb = b + 1; nb < close && is_ws(s[nb]); nb++)
		;
	for (ne = close; ne > nb && is_ws(s[ne - 1]); ne--)
		;
	if (close + 1 < e) {
		size_t x = close + 1;

		while (x < e && is_ws(s[x]))
			x++;
		return lp_playbook_error(pb, err, line, (int)x + 1,
		    "unexpected text after the section header");
	}
	if (ne == nb)
		return lp_playbook_error(pb, err, line, (int)b + 1,
		    "empty section name");
	snprintf(name, sizeof(name), "%.*s", (int)(ne - nb), s + nb);
	if ((spec = find_spec(s + nb, ne - nb)) == NULL)
		spec = &unknown_spec;	/* ignored; --lint-playbook warns */
	if ((sec = find_section(pb, spec->name ? spec->name : name)) != NULL)
		return lp_playbook_error(pb, err, line, (int)nb + 1,
		    "duplicate section [%s] (first on line %ld)", name,
		    sec->pub.line);
	if (pb->nsecs == pb->seccap) {
		pb->seccap = pb->seccap ? pb->seccap * 2 : 8;
		pb->secs = lp_xreallocarray(pb->secs, pb->seccap,
		    sizeof(*pb->secs));
	}
	sec = &pb->secs[pb->nsecs];
	memset(sec, 0, sizeof(*sec));
	sec->pub.name = spec->name ? spec->name : own(pb, name, strlen(name));
	sec->pub.unknown = spec->name == NULL;
	sec->pub.line = line;
	sec->spec = spec;
	*cur = pb->nsecs++;
	return 0;
}

static int
parse_rule(struct lp_playbook *pb, struct section *sec, const char *s,
    size_t b, size_t e, long line, struct lp_buf *tmp, struct lp_err *err)
{
	struct lp_pb_rule r;
	size_t i, q;
	char num[64], *end;

	for (i = b; i < e && !is_ws(s[i]) && s[i] != '"'; i++)
		;
	snprintf(num, sizeof(num), "%.*s", (int)(i - b), s + b);
	errno = 0;
	r.points = strtod(num, &end);
	if (*end != '\0' || i - b >= sizeof(num) - 1 || errno != 0 ||
	    r.points != r.points)
		return lp_playbook_error(pb, err, line, (int)b + 1,
		    "bad points '%s' (write a number like +10 or -2.5)", num);
	if (!sec->spec->rules)
		return lp_playbook_error(pb, err, line, (int)b + 1,
		    "[%s] has settings only, not rule lines", sec->pub.name);
	while (i < e && is_ws(s[i]))
		i++;
	if (i == e || s[i] != '"')
		return lp_playbook_error(pb, err, line, (int)i + 1,
		    "expected a \"label\" in double quotes after the points");
	if ((q = quoted(s + i, e - i, tmp)) == 0)
		return lp_playbook_error(pb, err, line, (int)i + 1,
		    "unterminated \"label\" (missing closing '\"')");
	if (tmp->n == 0)
		return lp_playbook_error(pb, err, line, (int)i + 1,
		    "empty label (say what the rule rewards, e.g. \"Senior "
		    "title\")");
	for (size_t k = 0; k < sec->nrules; k++)
		if (strlen(sec->rules[k].label) == tmp->n &&
		    memcmp(sec->rules[k].label, tmp->p, tmp->n) == 0)
			return lp_playbook_error(pb, err, line, (int)i + 1,
			    "duplicate rule \"%s\" (first on line %ld)",
			    sec->rules[k].label, sec->rules[k].line);
	r.label = own(pb, tmp->p, tmp->n);
	for (i += q; i < e && is_ws(s[i]); i++)
		;
	if (i == e)
		return lp_playbook_error(pb, err, line, (int)i + 1,
		    "rule \"%s\" has no condition", r.label);
	r.body = own(pb, s + i, e - i);
	r.line = line;
	r.col = (int)b + 1;
	r.bcol = (int)i + 1;
	if (sec->nrules == sec->rcap) {
		sec->rcap = sec->rcap ? sec->rcap * 2 : 16;
		sec->rules = lp_xreallocarray(sec->rules, sec->rcap,
		    sizeof(*sec->rules));
	}
	sec->rules[sec->nrules++] = r;
	return 0;
}

static int
parse_setting(struct lp_playbook *pb, struct section *sec, const char *s,
    size_t b, size_t e, long line, struct lp_buf *tmp, struct lp_err *err)
{
	struct lp_pb_setting st;
	const struct lp_pb_setting *dup;
	size_t i = b;

	memset(&st, 0, sizeof(st));
	if (s[b] == '"') {
		size_t q = quoted(s + b, e - b, tmp);

		if (q == 0)
			return lp_playbook_error(pb, err, line, (int)b + 1,
			    "unterminated \"name\" (missing closing '\"')");
		st.key = own(pb, tmp->p, tmp->n);
		st.quoted = true;
		i = b + q;
	} else {
		while (i < e && is_word(s[i]))
			i++;
		st.key = own(pb, s + b, i - b);
	}
	while (i < e && is_ws(s[i]))
		i++;
	if (i == b || i == e || s[i] != '=') {
		if (sec != NULL && sec->spec->rules)
			return lp_playbook_error(pb, err, line, (int)b + 1,
			    "expected 'key = value' or a rule like "
			    "'+10 \"label\" condition'");
		return lp_playbook_error(pb, err, line, (int)b + 1,
		    "expected 'key = value'");
	}
	if (sec == NULL)
		return lp_playbook_error(pb, err, line, (int)b + 1,
		    "'%s' is outside any section (start with a header such "
		    "as [playbook])", st.key);
	for (i++; i < e && is_ws(s[i]); i++)
		;
	st.value = own(pb, s + i, e - i);
	st.line = line;
	st.col = (int)b + 1;
	st.vcol = (int)i + 1;
	if (sec->spec->keys != NULL && strcmp(sec->pub.name, "stages") != 0) {
		bool known = false;

		for (size_t k = 0; sec->spec->keys[k] != NULL; k++)
			if (!st.quoted && strcmp(sec->spec->keys[k], st.key) == 0)
				known = true;
		if (st.quoted)
			return lp_playbook_error(pb, err, line, st.col,
			    "a \"quoted\" name maps a status and belongs in "
			    "[stages] (write keys without quotes)");
		if (!known) {
			const char *hint = lp_suggest(st.key, sec->spec->keys);

			if (hint != NULL)
				return lp_playbook_error(pb, err, line, st.col,
				    "unknown key '%s' in [%s] (did you mean "
				    "'%s'?)", st.key, sec->pub.name, hint);
			return lp_playbook_error(pb, err, line, st.col,
			    "unknown key '%s' in [%s]", st.key,
			    sec->pub.name);
		}
	}
	if (!st.quoted && (dup = find_setting(sec, st.key)) != NULL)
		return lp_playbook_error(pb, err, line, st.col,
		    "duplicate key '%s' (first on line %ld)", st.key,
		    dup->line);
	if (sec->nsettings == sec->scap) {
		sec->scap = sec->scap ? sec->scap * 2 : 16;
		sec->settings = lp_xreallocarray(sec->settings, sec->scap,
		    sizeof(*sec->settings));
	}
	sec->settings[sec->nsettings++] = st;
	return 0;
}

/* ---- lists ---- */

int
lp_pb_list(const struct lp_playbook *pb, const struct lp_pb_setting *st,
    int (*fn)(void *, const struct lp_pb_item *, struct lp_err *), void *arg,
    struct lp_err *err)
{
	const char *s = st->value;
	size_t n = strlen(s), i = 0;
	struct lp_buf key, val;
	int rc = 0;

	lp_buf_init(&key);
	lp_buf_init(&val);
	while (i < n && rc == 0) {
		struct lp_pb_item it;
		struct lp_buf *cur = &key;
		int start;

		memset(&it, 0, sizeof(it));
		it.line = st->line;
		key.n = val.n = 0;
		while (i < n && is_ws(s[i]))
			i++;
		it.col = st->vcol + (int)i;
		start = (int)i;
		/* One item: [quoted|bare] [':' [quoted|bare]] up to ','. */
		for (;;) {
			size_t q;

			while (i < n && is_ws(s[i]))
				i++;
			if (i < n && s[i] == '"') {
				struct lp_buf t;

				lp_buf_init(&t);
				if ((q = quoted(s + i, n - i, &t)) == 0) {
					lp_buf_fini(&t);
					rc = lp_playbook_error(pb, err, st->line,
					    st->vcol + (int)i, "unterminated "
					    "\"quote\" in the list");
					goto out;
				}
				lp_buf_add(cur, t.p, t.n);
				lp_buf_fini(&t);
				i += q;
			} else {
				size_t b = i, e;

				while (i < n && s[i] != ',' && s[i] != ':' &&
				    s[i] != '"')
					i++;
				for (e = i; e > b && is_ws(s[e - 1]); e--)
					;
				lp_buf_add(cur, s + b, e - b);
			}
			while (i < n && is_ws(s[i]))
				i++;
			if (i < n && s[i] == ':' && cur == &key) {
				cur = &val;
				i++;
				while (i < n && is_ws(s[i]))
					i++;
				it.vcol = st->vcol + (int)i;
				it.value = "";
				continue;
			}
			if (i < n && s[i] != ',') {
				rc = lp_playbook_error(pb, err, st->line,
				    st->vcol + (int)i, "expected ',' between "
				    "list items");
				goto out;
			}
			break;
		}
		if (key.n == 0 || (cur == &val && val.n == 0)) {
			rc = lp_playbook_error(pb, err, st->line,
			    st->vcol + start, "empty item in the list");
			goto out;
		}
		it.key = lp_buf_cstr(&key);
		if (cur == &val)
			it.value = lp_buf_cstr(&val);
		rc = fn(arg, &it, err);
		if (i < n && s[i] == ',') {
			i++;
			if (i >= n || strspn(s + i, " \t") == n - i) {
				rc = rc ? rc : lp_playbook_error(pb, err,
				    st->line, st->vcol + (int)i - 1,
				    "empty item in the list");
				goto out;
			}
		}
	}
out:
	lp_buf_fini(&key);
	lp_buf_fini(&val);
	return rc;
}

int
lp_pb_number(const struct lp_playbook *pb, const struct lp_pb_setting *st,
    double min, double max, double *out, struct lp_err *err)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(st->value, &end);
	if (end == st->value || *end != '\0' || errno != 0 || v != v)
		return lp_playbook_error(pb, err, st->line, st->vcol,
		    "%s: '%s' is not a number", st->key, st->value);
	if (v < min || v > max)
		return lp_playbook_error(pb, err, st->line, st->vcol,
		    "%s: %s is out of range (allowed %g to %g)", st->key,
		    st->value, min, max);
	*out = v;
	return 0;
}

int
lp_pb_duration(const struct lp_playbook *pb, const struct lp_pb_setting *st,
    int64_t *secs, struct lp_err *err)
{
	if (lp_duration_parse(st->value, strlen(st->value), secs) != 0 ||
	    *secs <= 0)
		return lp_playbook_error(pb, err, st->line, st->vcol,
		    "%s: '%s' is not a duration (write e.g. 30d, 12h, 1d12h)",
		    st->key, st->value);
	return 0;
}

/* ---- stages ---- */

static const char *const default_order = "new, mql, sal, sql, opportunity, won";
static const char *const default_other = "nurture";
static const char *const default_lost = "disqualified, lost";

struct stage_ctx {
	struct lp_playbook	*pb;
	enum lp_stage_kind	 kind;
	int			 rank;
	const struct lp_pb_setting *map;	/* for map items */
};

static int
add_stage(void *arg, const struct lp_pb_item *it, struct lp_err *err)
{
	struct stage_ctx *c = arg;
	struct lp_playbook *pb = c->pb;
	struct lp_stage *st;
	char name[64];
	size_t n = strlen(it->key);

	if (it->value != NULL)
		return lp_playbook_error(pb, err, it->line, it->vcol - 1,
		    "a stage list takes names only, not name:value");
	for (size_t i = 0; i < n; i++) {
		char ch = (char)lower((unsigned char)it->key[i]);

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '_') || n >= sizeof(name))
			return lp_playbook_error(pb, err, it->line, it->col,
			    "bad stage name '%s' (letters, digits and _ only)",
			    it->key);
		name[i] = ch;
	}
	name[n] = '\0';
	if (lp_playbook_stage_find(pb, name, n) >= 0)
		return lp_playbook_error(pb, err, it->line, it->col,
		    "stage '%s' is listed twice", name);
	pb->stages = lp_xreallocarray(pb->stages, (size_t)pb->nstages + 1,
	    sizeof(*pb->stages));
	st = &pb->stages[pb->nstages++];
	st->name = own(pb, name, n);
	st->kind = c->kind;
	st->rank = c->kind == LP_STAGE_FUNNEL ? c->rank++ : -1;
	st->when = NULL;
	return 0;
}

/* A list of the stage names for hints, NULL-terminated; caller frees. */
static const char **
stage_names(const struct lp_playbook *pb, const char *const *extra)
{
	size_t ne = 0, k = 0;
	const char **v;

	while (extra != NULL && extra[ne] != NULL)
		ne++;
	v = lp_xcalloc((size_t)pb->nstages + ne + 1, sizeof(*v));
	for (int i = 0; i < pb->nstages; i++)
		v[k++] = pb->stages[i].name;
	for (size_t i = 0; i < ne; i++)
		v[k++] = extra[i];
	v[k] = NULL;
	return v;
}

static int
map_status(struct lp_playbook *pb, const char *status, long line, int col,
    const char *stage, int vcol, struct lp_err *err)
{
	char key[256];
	size_t kn = lp_name_key(status, strlen(status), key, sizeof(key));
	int idx = lp_playbook_stage_find(pb, stage, strlen(stage)), prev;

	if (idx < 0) {
		const char **names = stage_names(pb, NULL);
		const char *hint = lp_suggest(stage, names);
		int rc;

		if (hint != NULL)
			rc = lp_playbook_error(pb, err, line, vcol,
			    "unknown stage '%s' (did you mean '%s'?)", stage,
			    hint);
		else
			rc = lp_playbook_error(pb, err, line, vcol,
			    "unknown stage '%s' (stages come from order, other "
			    "and lost)", stage);
		free(names);
		return rc;
	}
	if (kn == 0)
		return lp_playbook_error(pb, err, line, col,
		    "status '%s' has no letters or digits to match on", status);
	prev = lp_map_put(pb->stagemap, key, kn, idx);
	if (prev >= 0 && prev != idx)
		return lp_playbook_error(pb, err, line, col,
		    "status '%s' is already mapped to '%s'", status,
		    pb->stages[prev].name);
	return 0;
}

static int
map_item(void *arg, const struct lp_pb_item *it, struct lp_err *err)
{
	struct stage_ctx *c = arg;

	if (it->value == NULL)
		return lp_playbook_error(c->pb, err, it->line, it->col,
		    "map items are STATUS:stage (got '%s')", it->key);
	return map_status(c->pb, it->key, it->line, it->col, it->value,
	    it->vcol, err);
}

static int
stage_list(struct lp_playbook *pb, struct section *sec, const char *key,
    const char *def, enum lp_stage_kind kind, struct lp_err *err)
{
	struct stage_ctx c = { pb, kind, 0, NULL };
	struct lp_pb_setting fake;
	const struct lp_pb_setting *st = sec ? find_setting(sec, key) : NULL;

	if (st == NULL) {
		memset(&fake, 0, sizeof(fake));
		fake.key = key;
		fake.value = def;
		st = &fake;
	}
	return lp_pb_list(pb, st, add_stage, &c, err);
}

/* left_behind items: OFF_OR_LOST_STAGE:FUNNEL_STAGE. */
static int
behind_item(void *arg, const struct lp_pb_item *it, struct lp_err *err)
{
	struct stage_ctx *c = arg;
	struct lp_playbook *pb = c->pb;
	int o = lp_playbook_stage_find(pb, it->key, strlen(it->key)), f;

	if (it->value == NULL)
		return lp_playbook_error(pb, err, it->line, it->col,
		    "left_behind items are STAGE:FUNNEL_STAGE, e.g. "
		    "disqualified:opportunity (got '%s')", it->key);
	f = lp_playbook_stage_find(pb, it->value, strlen(it->value));
	if (o < 0 || pb->stages[o].kind == LP_STAGE_FUNNEL)
		return lp_playbook_error(pb, err, it->line, it->col,
		    "left_behind: '%s' is not an other or lost stage",
		    it->key);
	if (f < 0 || pb->stages[f].kind != LP_STAGE_FUNNEL)
		return lp_playbook_error(pb, err, it->line, it->vcol,
		    "left_behind: '%s' is not a funnel stage (one of order)",
		    it->value);
	pb->stages[o].left_behind = pb->stages[f].rank;
	return 0;
}

/* The status map and the stage conditions of [stages]. */
static int
stage_settings(struct lp_playbook *pb, struct section *sec,
    struct lp_err *err)
{
	struct stage_ctx c = { pb, LP_STAGE_FUNNEL, 0, NULL };
	const struct lp_pb_setting *st;

	if ((st = find_setting(sec, "map")) != NULL &&
	    lp_pb_list(pb, st, map_item, &c, err) != 0)
		return -1;
	if ((st = find_setting(sec, "left_behind")) != NULL &&
	    lp_pb_list(pb, st, behind_item, &c, err) != 0)
		return -1;
	for (size_t i = 0; i < sec->nsettings; i++) {
		const struct lp_pb_setting *s = &sec->settings[i];
		int idx;

		if (s->quoted) {
			if (map_status(pb, s->key, s->line, s->col, s->value,
			    s->vcol, err) != 0)
				return -1;
			continue;
		}
		if (strcmp(s->key, "order") == 0 || strcmp(s->key, "other") == 0 ||
		    strcmp(s->key, "lost") == 0 || strcmp(s->key, "map") == 0 ||
		    strcmp(s->key, "left_behind") == 0)
			continue;
		idx = lp_playbook_stage_find(pb, s->key, strlen(s->key));
		if (idx < 0) {
			const char **names = stage_names(pb, stages_keys);
			const char *hint = lp_suggest(s->key, names);

			if (hint != NULL)
				lp_playbook_error(pb, err, s->line, s->col,
				    "unknown key '%s' in [stages] (did you mean "
				    "'%s'?)", s->key, hint);
			else
				lp_playbook_error(pb, err, s->line, s->col,
				    "unknown key '%s' in [stages] (to map a "
				    "status, quote it: \"%s\" = stage)", s->key,
				    s->key);
			free(names);
			return -1;
		}
		if (pb->stages[idx].kind != LP_STAGE_FUNNEL || idx == 0)
			return lp_playbook_error(pb, err, s->line, s->col,
			    "only a later funnel stage can have a condition "
			    "('%s' is %s)", s->key, idx == 0 ? "the first" :
			    pb->stages[idx].kind == LP_STAGE_LOST ? "lost" :
			    "off the funnel");
		if (s->value[0] == '\0')
			return lp_playbook_error(pb, err, s->line, s->vcol,
			    "'%s' needs a condition", s->key);
		pb->stages[idx].when = s;
	}
	return 0;
}

static int
build_stages(struct lp_playbook *pb, struct lp_err *err)
{
	struct section *sec = find_section(pb, "stages");

	if (sec == NULL && pb->fallback != NULL)
		sec = find_section(pb->fallback, "stages");
	pb->stagemap = lp_map_new();
	if (stage_list(pb, sec, "order", default_order, LP_STAGE_FUNNEL, err) ||
	    stage_list(pb, sec, "other", default_other, LP_STAGE_OTHER, err) ||
	    stage_list(pb, sec, "lost", default_lost, LP_STAGE_LOST, err))
		return -1;
	if (pb->nstages == 0 || pb->stages[0].kind != LP_STAGE_FUNNEL)
		return lp_playbook_error(pb, err,
		    sec ? sec->pub.line : 0, 1, "[stages] order is empty");
	/* Without left_behind, only the last funnel stage leaves an
	 * off-funnel or lost value behind. */
	for (int i = 0, last = 0; i < pb->nstages; i++) {
		if (pb->stages[i].kind == LP_STAGE_FUNNEL)
			last = pb->stages[i].rank;
		pb->stages[i].left_behind = pb->stages[i].kind ==
		    LP_STAGE_FUNNEL ? 0 : last;
	}
	if (sec != NULL && stage_settings(pb, sec, err) != 0)
		return -1;
	/* A stage's own name reads as that stage unless a status mapping
	 * already claims it. */
	for (int i = 0; i < pb->nstages; i++) {
		char k[256];
		size_t kn = lp_name_key(pb->stages[i].name,
		    strlen(pb->stages[i].name), k, sizeof(k));

		if (kn > 0 && lp_map_get(pb->stagemap, k, kn) < 0)
			lp_map_put(pb->stagemap, k, kn, i);
	}
	return 0;
}

const struct lp_stage *
lp_playbook_stages(const struct lp_playbook *pb, int *n)
{
	*n = pb->nstages;
	return pb->stages;
}

int
lp_playbook_stage_find(const struct lp_playbook *pb, const char *name,
    size_t n)
{
	for (int i = 0; i < pb->nstages; i++)
		if (lp_str_casecmp((struct lp_str){ name, n },
		    (struct lp_str){ pb->stages[i].name,
		    strlen(pb->stages[i].name) }) == 0)
			return i;
	return -1;
}

int
lp_playbook_stage_of(const struct lp_playbook *pb, const char *p, size_t n)
{
	return lp_playbook_stage_memo(pb, NULL, p, n);
}

int
lp_playbook_stage_memo(const struct lp_playbook *pb, struct lp_memo *memo,
    const char *p, size_t n)
{
	char key[256];
	size_t kn;
	void *slot = NULL;
	int *v, stage = -1;

	if (n == 0 || n >= sizeof(key) || pb->stagemap == NULL)
		return -1;
	if (memo != NULL && (v = lp_memo_get(memo, p, n, &slot)) != NULL)
		return *v;
	if ((kn = lp_name_key(p, n, key, sizeof(key))) > 0)
		stage = lp_map_get(pb->stagemap, key, kn);
	if (slot != NULL)
		*(int *)lp_memo_put(memo, slot, p, n) = stage;
	return stage;
}

/* ---- parse, load, free ---- */

static int
split_lines(struct lp_playbook *pb, struct lp_err *err)
{
	const char *t = pb->text;
	size_t n = pb->textlen, b = 0;
	long cap = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && t[i] == '\0') {
			long line = pb->nlines + 1;

			return lp_err_set(err, EX_CONFIG, pb->name, line,
			    "NUL byte in the playbook (is it a text file?)");
		}
		if (i == n || t[i] == '\n') {
			size_t e = i;

			if (i == n && b == n)
				break;	/* no empty line after the last \n */
			if (e > b && t[e - 1] == '\r')
				e--;
			if (pb->nlines == cap) {
				cap = cap ? cap * 2 : 64;
				pb->lines = lp_xreallocarray(pb->lines,
				    (size_t)cap, sizeof(*pb->lines));
			}
			pb->lines[pb->nlines++] = lp_xstrndup(t + b, e - b);
			b = i + 1;
		}
	}
	return 0;
}

/* Does pb lack a section the built-in default would lend it? */
static bool
lacks_sections(const struct lp_playbook *pb)
{
	for (size_t i = 0; i < NSPECS; i++)
		if (strcmp(specs[i].name, "playbook") != 0 &&
		    find_section(pb, specs[i].name) == NULL)
			return true;
	return false;
}

static struct lp_playbook *parse(const char *, size_t, const char *,
    const char *, const struct lp_limits *, bool, struct lp_err *);

struct lp_playbook *
lp_playbook_parse(const char *text, size_t n, const char *name,
    const char *basedir, const struct lp_limits *lim, struct lp_err *err)
{
	return parse(text, n, name, basedir, lim, false, err);
}

static struct lp_playbook *
parse(const char *text, size_t n, const char *name, const char *basedir,
    const struct lp_limits *lim, bool builtin, struct lp_err *err)
{
	struct lp_playbook *pb = lp_xcalloc(1, sizeof(*pb));
	struct lp_buf tmp;
	size_t cur = (size_t)-1;

	lp_buf_init(&tmp);
	pb->limits = lim != NULL ? *lim : (struct lp_limits)LP_LIMITS_DEFAULT;
	pb->name = lp_xstrdup(name ? name : "<playbook>");
	pb->basedir = basedir ? lp_xstrdup(basedir) : NULL;
	if (n >= 3 && memcmp(text, "\357\273\277", 3) == 0) {
		text += 3;
		n -= 3;
	}
	pb->text = lp_xstrndup(text, n);
	pb->textlen = n;
	if (split_lines(pb, err) != 0)
		goto fail;
	if (!lp_utf8_valid(pb->text, n)) {
		for (long l = 0; l < pb->nlines; l++)
			if (!lp_utf8_valid(pb->lines[l], strlen(pb->lines[l]))) {
				lp_err_set(err, EX_CONFIG, pb->name, l + 1,
				    "not valid UTF-8 (save the playbook as "
				    "UTF-8)");
				goto fail;
			}
	}
	for (long l = 0; l < pb->nlines; l++) {
		const char *s = pb->lines[l];
		size_t len = strlen(s), b = 0, e = comment_start(s, len);
		struct section *sec = cur == (size_t)-1 ? NULL : &pb->secs[cur];
		int rc;

		while (b < e && (is_ws(s[b]) || s[b] == '\r'))
			b++;
		while (e > b && (is_ws(s[e - 1]) || s[e - 1] == '\r'))
			e--;
		if (b == e)
			continue;
		if (s[b] == '[')
			rc = parse_section(pb, s, b, e, l + 1, &cur, err);
		else if ((s[b] == '+' || s[b] == '-') && b + 1 < e &&
		    ((s[b + 1] >= '0' && s[b + 1] <= '9') || s[b + 1] == '.')) {
			if (sec == NULL)
				rc = lp_playbook_error(pb, err, l + 1, (int)b + 1,
				    "rule outside any section (put it under "
				    "[score.fit] or [score.engagement])");
			else
				rc = parse_rule(pb, sec, s, b, e, l + 1, &tmp,
				    err);
		} else
			rc = parse_setting(pb, sec, s, b, e, l + 1, &tmp, err);
		if (rc != 0)
			goto fail;
	}
	for (size_t i = 0; i < pb->nsecs; i++) {
		struct section *sec = &pb->secs[i];

		sec->pub.settings = sec->settings;
		sec->pub.nsettings = sec->nsettings;
		sec->pub.rules = sec->rules;
		sec->pub.nrules = sec->nrules;
	}
	/* Nothing to apply: an empty or truncated file, not a playbook
	 * whose every section comes from the default (or scores every
	 * lead 0). */
	if (pb->nsecs == 0) {
		lp_err_set(err, EX_CONFIG, pb->name, 0, "empty playbook (no "
		    "[section]; start from lead-score --print-playbook)");
		goto fail;
	}
	/* A section this playbook does not have comes from the built-in
	 * default (lead-playbook(5), MISSING SECTIONS). */
	if (!builtin && lacks_sections(pb) && (pb->fallback = parse(
	    lp_data_default_playbook, lp_data_default_playbook_len,
	    "<default>", NULL, &pb->limits, true, err)) == NULL)
		goto fail;
	if (build_stages(pb, err) != 0)
		goto fail;
	lp_buf_fini(&tmp);
	return pb;
fail:
	lp_buf_fini(&tmp);
	lp_playbook_free(pb);
	return NULL;
}

/*
 * A file whose last line holds a setting or a rule but no line break may
 * have been cut off mid-line (a copy interrupted, a disk full), and a
 * rule cut short can still parse -- "employees >= 2" for ">= 200".  A
 * file is not trusted on that: 78.
 */
static int
cut_off(const char *p, size_t n, struct lp_err *err, const char *path)
{
	size_t b = n;
	long line = 1;

	if (n == 0 || p[n - 1] == '\n')
		return 0;
	while (b > 0 && p[b - 1] != '\n')
		b--;
	for (size_t i = 0; i < b; i++)
		line += p[i] == '\n';
	while (b < n && (p[b] == ' ' || p[b] == '\t' || p[b] == '\r'))
		b++;
	if (b == n || p[b] == '#')
		return 0;
	return lp_err_set(err, EX_CONFIG, path, line, "the last line has no "
	    "line break: is the file cut off? (end it with a newline)");
}

struct lp_playbook *
lp_playbook_load(const char *path, const struct lp_limits *lim,
    struct lp_err *err)
{
	struct lp_limits dflt = LP_LIMITS_DEFAULT;
	struct lp_playbook *pb;
	struct lp_buf b;
	char chunk[8192], *dir, *slash;
	size_t got;
	FILE *f;

	if (lim == NULL)
		lim = &dflt;
	if ((f = fopen(path, "rb")) == NULL) {
		lp_err_set(err, EX_NOINPUT, path, 0, "cannot open playbook: %s",
		    strerror(errno));
		return NULL;
	}
	lp_files_input(path);	/* no output may replace it */
	lp_buf_init(&b);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.n + got > lim->max_playbook) {
			lp_err_set(err, EX_CONFIG, path, 0, "the playbook is "
			    "over the size limit (%zu bytes; raise it with "
			    "--limit playbook=BYTES)", lim->max_playbook);
			fclose(f);
			lp_buf_fini(&b);
			return NULL;
		}
		lp_buf_add(&b, chunk, got);
	}
	if (ferror(f)) {
		lp_err_set(err, EX_NOINPUT, path, 0, "cannot read playbook: %s",
		    strerror(errno));
		fclose(f);
		lp_buf_fini(&b);
		return NULL;
	}
	fclose(f);
	dir = lp_xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL)
		slash[slash == dir ? 1 : 0] = '\0';
	else
		strcpy(dir, ".");
	pb = lp_playbook_parse(b.p ? b.p : "", b.n, path, dir, lim, err);
	if (pb != NULL && cut_off(b.p, b.n, err, path) != 0) {
		lp_playbook_free(pb);
		pb = NULL;
	}
	free(dir);
	lp_buf_fini(&b);
	return pb;
}

const char *
lp_playbook_default_text(size_t *n)
{
	if (n != NULL)
		*n = lp_data_default_playbook_len;
	return lp_data_default_playbook;
}

struct lp_playbook *
lp_playbook_default(const struct lp_limits *lim, struct lp_err *err)
{
	return parse(lp_data_default_playbook, lp_data_default_playbook_len,
	    "<default>", NULL, lim, true, err);
}

struct lp_playbook *
lp_playbook_open(const char *path, const struct lp_limits *lim,
    struct lp_err *err)
{
	return path != NULL ? lp_playbook_load(path, lim, err) :
	    lp_playbook_default(lim, err);
}

void
lp_playbook_free(struct lp_playbook *pb)
{
	if (pb == NULL)
		return;
	for (size_t i = 0; i < pb->nsecs; i++) {
		free(pb->secs[i].settings);
		free(pb->secs[i].rules);
	}
	free(pb->secs);
	for (size_t i = 0; i < pb->nstrs; i++)
		free(pb->strs[i]);
	free(pb->strs);
	for (long i = 0; i < pb->nlines; i++)
		free(pb->lines[i]);
	free(pb->lines);
	free(pb->stages);
	lp_map_free(pb->stagemap);
	free(pb->text);
	free(pb->basedir);
	free(pb->name);
	lp_playbook_free(pb->fallback);
	free(pb);
}

const char *
lp_playbook_text(const struct lp_playbook *pb, size_t *n)
{
	if (n != NULL)
		*n = pb->textlen;
	return pb->text;
}

const struct lp_limits *
lp_playbook_limits(const struct lp_playbook *pb)
{
	return &pb->limits;
}

const char *
lp_playbook_name(const struct lp_playbook *pb)
{
	return pb->name;
}

const struct lp_pb_section *
lp_playbook_section(const struct lp_playbook *pb, const char *name)
{
	struct section *s = find_section(pb, name);

	if (s == NULL && pb->fallback != NULL && strcmp(name, "playbook") != 0)
		s = find_section(pb->fallback, name);
	return s != NULL ? &s->pub : NULL;
}

const struct lp_pb_section *
lp_playbook_own_section(const struct lp_playbook *pb, const char *name)
{
	struct section *s = find_section(pb, name);

	return s != NULL ? &s->pub : NULL;
}

const struct lp_playbook *
lp_playbook_section_owner(const struct lp_playbook *pb, const char *name)
{
	if (find_section(pb, name) == NULL && pb->fallback != NULL &&
	    find_section(pb->fallback, name) != NULL)
		return pb->fallback;
	return pb;
}

void
lp_playbook_note_defaults(const struct lp_playbook *pb,
    const char *const *names)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (lp_playbook_section_owner(pb, names[i]) != pb)
			lp_info("%s has no [%s]: using the built-in default's",
			    pb->name, names[i]);
}

const struct lp_pb_section *
lp_playbook_section_at(const struct lp_playbook *pb, size_t i)
{
	return i < pb->nsecs ? &pb->secs[i].pub : NULL;
}

const struct lp_pb_setting *
lp_pb_get(const struct lp_pb_section *sec, const char *key)
{
	for (size_t i = 0; sec != NULL && i < sec->nsettings; i++)
		if (!sec->settings[i].quoted &&
		    strcmp(sec->settings[i].key, key) == 0)
			return &sec->settings[i];
	return NULL;
}

int
lp_playbook_dates(const struct lp_playbook *pb, enum lp_date_order given,
    enum lp_date_order *out, struct lp_err *err)
{
	const struct lp_pb_setting *st;

	*out = given;
	if (given != LP_DATE_UNSET || pb == NULL ||
	    (st = lp_pb_get(lp_playbook_section(pb, "playbook"), "dates")) ==
	    NULL)
		return 0;
	if (lp_date_order_parse(st->value, out) != 0)
		return lp_playbook_error(pb, err, st->line, st->vcol,
		    "dates: '%s' is not mdy or dmy", st->value);
	return 0;
}

bool
lp_pb_if_present(const char *body, size_t *n)
{
	static const char tail[] = "if present";
	size_t len = strlen(body), tl = sizeof(tail) - 1;

	*n = len;
	if (len <= tl || memcmp(body + len - tl, tail, tl) != 0 ||
	    !is_ws(body[len - tl - 1]))
		return false;
	len -= tl;
	while (len > 0 && is_ws(body[len - 1]))
		len--;
	*n = len;
	return true;
}
