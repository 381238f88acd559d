/*
 * lp_pb_unfired -- the scoring rules of a playbook that cannot fire on an
 * input, because every field they read is a column the input lacks (a
 * renamed or dropped export column): said once, before the first record,
 * instead of silently scoring every lead without them.
 *
 * A condition rule cannot fire when it reads only absent fields and does
 * not hold on an empty record; a `per EXPR` rule when EXPR reads only
 * absent fields (its value is empty), or its `when` cannot hold; the
 * engagement, which counts nothing without a date, when every field of
 * `half_life ... from FIELD, ...` is absent.
 * Expressions that do not parse or bind are left to the scorer, which
 * reports them as playbook errors.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lp_alias.h"
#include "lp_expr.h"
#include "lp_pb_lint.h"
#include "lp_pb_unfired.h"

/* One missing field and what reads it. */
struct miss {
	char		*field;		/* copied */
	struct lp_buf	 what;		/* "\"A\", \"B\"" */
	bool		 decay;		/* half_life ... from it */
};

struct unfired {
	struct miss	*m;
	int		 n;
	struct lp_record *empty;
	const struct lp_header *hdr;
};

/* Note that what (a quoted label; NULL: the decay) reads absent field. */
static void
note(struct unfired *u, const char *field, const char *what)
{
	int i;

	for (i = 0; i < u->n; i++)
		if (strcmp(u->m[i].field, field) == 0)
			break;
	if (i == u->n) {
		u->m = lp_xreallocarray(u->m, (size_t)u->n + 1, sizeof(*u->m));
		u->m[i].field = lp_xstrdup(field);
		u->m[i].decay = false;
		lp_buf_init(&u->m[i].what);
		u->n++;
	}
	if (what == NULL) {
		u->m[i].decay = true;
		return;
	}
	if (u->m[i].what.n > 0)
		lp_buf_adds(&u->m[i].what, ", ");
	lp_buf_adds(&u->m[i].what, what);
}

/* Parse and bind text[0..n) at line:col; NULL when it does not compile
 * (the scorer reports that). */
static struct lp_expr *
compile(const struct lp_playbook *pb, const struct lp_header *hdr,
    int64_t now, const char *text, size_t n, long line, int col)
{
	struct lp_err e = LP_ERR_INIT;

	return lp_pb_expr(pb, text, n, line, col, hdr, now, NULL, &e);
}

static bool
all_absent(const struct unfired *u, const struct lp_expr *x)
{
	const char *const *f = lp_expr_fields(x);

	if (f == NULL || f[0] == NULL)
		return false;
	for (; *f != NULL; f++)
		if (lp_header_find(u->hdr, *f) >= 0)
			return false;
	return true;
}

static void
note_all(struct unfired *u, const struct lp_expr *x, const char *what)
{
	for (const char *const *f = lp_expr_fields(x); *f != NULL; f++)
		note(u, *f, what);
}

/* The offset of the word w in s[0..n) outside quotes and regexes, or n. */
static size_t
word_at(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);
	char q = 0;

	for (size_t i = 0; i + wl <= n; i++) {
		if (q != 0) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == q)
				q = 0;
			continue;
		}
		if (s[i] == '"' || s[i] == '/' || s[i] == '`') {
			q = s[i];
			continue;
		}
		if (strncmp(s + i, w, wl) == 0 && (i == 0 ||
		    isspace((unsigned char)s[i - 1])) && (i + wl == n ||
		    isspace((unsigned char)s[i + wl])))
			return i;
	}
	return n;
}

static void
rule(struct unfired *u, const struct lp_playbook *pb, int64_t now,
    const struct lp_pb_rule *r)
{
	const char *b = r->body;
	size_t n = strlen(b), e;
	struct lp_expr *x = NULL, *w = NULL;
	char what[200];

	/* A rule on optional columns says so: no warning. */
	if (lp_pb_if_present(b, &n))
		return;
	snprintf(what, sizeof(what), "\"%s\"", r->label);
	if (strncmp(b, "per", 3) == 0 && isspace((unsigned char)b[3])) {
		size_t km = word_at(b, n, "max"), kw = word_at(b, n, "when");

		e = km < kw ? km : kw;
		x = compile(pb, u->hdr, now, b + 4, e > 4 ? e - 4 : 0,
		    r->line, r->bcol + 4);
		if (kw < n)
			w = compile(pb, u->hdr, now, b + kw + 4, n - kw - 4,
			    r->line, r->bcol + (int)kw + 4);
		if (x != NULL && all_absent(u, x))
			note_all(u, x, what);
		else if (w != NULL && all_absent(u, w) &&
		    !lp_expr_test(w, u->empty))
			note_all(u, w, what);
	} else if ((x = compile(pb, u->hdr, now, b, n, r->line, r->bcol)) !=
	    NULL && all_absent(u, x) && !lp_expr_test(x, u->empty))
		note_all(u, x, what);
	lp_expr_free(x);
	lp_expr_free(w);
}

int
lp_playbook_unfired(const struct lp_playbook *pb, const struct lp_header *hdr,
    int64_t now, bool engagement, void (*report)(void *arg, const char *field,
    const char *what), void *arg)
{
	static const char *const secs[] = { "score.fit", "score.engagement" };
	struct unfired u = { NULL, 0, lp_record_new(hdr), hdr };
	const struct lp_pb_section *sec;
	const struct lp_pb_setting *st;
	int n;

	for (int s = 0; s < (engagement ? 2 : 1); s++) {
		if ((sec = lp_playbook_section(pb, secs[s])) == NULL)
			continue;
		for (size_t i = 0; i < sec->nrules; i++)
			rule(&u, pb, now, &sec->rules[i]);
	}
	sec = lp_playbook_section(pb, "score.engagement");
	if (engagement && (st = lp_pb_get(sec, "half_life")) != NULL) {
		size_t vn = strlen(st->value), kf = word_at(st->value, vn,
		    "from");
		const char *f = kf < vn ? st->value + kf + 4 : "last_activity_at";
		struct lp_expr *x[4];
		int nx = 0, absent = 0;

		/* `from A, B`: the first that holds a date counts, so the
		 * engagement has no date only when all are absent. */
		for (const char *p = f; nx < 4;) {
			size_t e = 0;
			int depth = 0;

			while (p[e] != '\0' && !(depth == 0 && p[e] == ',')) {
				depth += p[e] == '(' ? 1 : p[e] == ')' ? -1 : 0;
				e++;
			}
			x[nx] = compile(pb, hdr, now, p, e, st->line, st->vcol +
			    (kf < vn ? (int)kf + 4 : 0) + (int)(p - f));
			absent += x[nx] != NULL && all_absent(&u, x[nx]);
			nx++;
			if (p[e] == '\0')
				break;
			p += e + 1;
		}
		for (int i = 0; i < nx && absent == nx; i++)
			note_all(&u, x[i], NULL);
		for (int i = 0; i < nx; i++)
			lp_expr_free(x[i]);
	}
	for (int i = 0; i < u.n; i++) {
		struct lp_buf *b = &u.m[i].what;

		if (b->n > 0)
			lp_buf_adds(b, " cannot fire");
		if (u.m[i].decay)
			lp_buf_printf(b, "%sengagement counts nothing: no date "
			    "to decay from (half_life ... from %s)", b->n > 0 ?
			    "; " : "", u.m[i].field);
		report(arg, u.m[i].field, lp_buf_cstr(b));
		lp_buf_fini(b);
		free(u.m[i].field);
	}
	n = u.n;
	free(u.m);
	lp_record_free(u.empty);
	return n;
}
