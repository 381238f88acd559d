/*
 * lp_dedupe_conf -- the [dedupe] playbook section (lead-playbook(5)).
 *
 * Unquoted keys are settings (match, review, max_block, em, samples,
 * gmail, primary, exact); every other line is "LABEL = VERB ...":
 *
 *   "Email"    = compare email as email: exact tf, edit 0.9
 *   "By email" = block email as email
 *   "Typos"    = sorted email window 4
 *   "Counters" = survive page_views, email_clicks: sum
 *
 * A line that names a column the input lacks is an error unless it ends
 * in "if present"; that is decided later, against the header.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_dedupe.h"
#include "lp_dedupe_int.h"
#include "lp_playbook.h"

/* A cursor over one setting's value, for tokens and error columns. */
struct cur {
	const struct lp_playbook *pb;
	const struct lp_pb_setting *st;
	struct conf	*c;
	const char	*s;
	size_t		 i;
	struct lp_err	*err;
};

static int
fail(struct cur *k, const char *fmt, const char *arg)
{
	return lp_playbook_error(k->pb, k->err, k->st->line,
	    k->st->vcol + (int)k->i, fmt, arg);
}

static void
skipws(struct cur *k)
{
	while (k->s[k->i] == ' ' || k->s[k->i] == '\t')
		k->i++;
}

const char *
lp_dedupe_conf_save(struct conf *c, const char *p, size_t n)
{
	char *d;

	if (c->nstrs + n + 1 > sizeof(c->strs))
		lp_oom();
	d = c->strs + c->nstrs;
	memcpy(d, p, n);
	d[n] = '\0';
	c->nstrs += n + 1;
	return d;
}

/* A word (letters, digits, _ . * - and quoted text); NULL at none. */
static const char *
word(struct cur *k)
{
	size_t b;

	skipws(k);
	b = k->i;
	if (k->s[b] == '"') {
		const char *e = strchr(k->s + b + 1, '"');

		if (e == NULL)
			return NULL;
		k->i = (size_t)(e - k->s) + 1;
		return lp_dedupe_conf_save(k->c, k->s + b + 1,
		    (size_t)(e - k->s) - b - 1);
	}
	while (isalnum((unsigned char)k->s[k->i]) || k->s[k->i] == '_' ||
	    k->s[k->i] == '.' || k->s[k->i] == '*' || k->s[k->i] == '-' ||
	    (unsigned char)k->s[k->i] >= 0x80)
		k->i++;
	if (k->i == b)
		return NULL;
	return lp_dedupe_conf_save(k->c, k->s + b, k->i - b);
}

static bool
peek(struct cur *k, char ch)
{
	skipws(k);
	return k->s[k->i] == ch;
}

static bool
accept(struct cur *k, const char *w)
{
	size_t n = strlen(w), save_i = k->i;

	skipws(k);
	if (strncmp(k->s + k->i, w, n) == 0 &&
	    !isalnum((unsigned char)k->s[k->i + n]) && k->s[k->i + n] != '_') {
		k->i += n;
		return true;
	}
	k->i = save_i;
	return false;
}

static int
number(struct cur *k, double min, double max, double *out)
{
	char *e;
	double v;

	skipws(k);
	v = strtod(k->s + k->i, &e);
	if (e == k->s + k->i)
		return fail(k, "expected a number%s", "");
	if (!(v >= min && v <= max)) {
		char msg[96];

		snprintf(msg, sizeof(msg), "%.*s is out of range (%g to %g)",
		    (int)(e - (k->s + k->i)), k->s + k->i, min, max);
		return fail(k, "%s", msg);
	}
	k->i = (size_t)(e - k->s);
	*out = v;
	return 0;
}

static const char *const kinds[] = {
	"text", "email", "phone", "name", "company", "domain", "digits",
	"number", "date", NULL
};

int
lp_dedupe_kind(const char *name)
{
	for (int i = 0; kinds[i] != NULL; i++)
		if (strcmp(kinds[i], name) == 0)
			return i;
	return -1;
}

enum kind
lp_dedupe_kind_of(const char *f)
{
	if (strcmp(f, "email") == 0)
		return K_EMAIL;
	if (strcmp(f, "phone") == 0 || strcmp(f, "mobile") == 0)
		return K_PHONE;
	if (strcmp(f, "first_name") == 0 || strcmp(f, "last_name") == 0 ||
	    strcmp(f, "city") == 0)
		return K_NAME;
	if (strcmp(f, "company") == 0)
		return K_COMPANY;
	if (strcmp(f, "website") == 0)
		return K_DOMAIN;
	if (strstr(f, "_at") != NULL || strcmp(f, "dob") == 0 ||
	    strcmp(f, "date_of_birth") == 0)
		return K_DATE;
	return K_TEXT;
}

/* FIELD [, FIELD ...] [as KIND] into fields/nfields and *kind. */
static int
fields(struct cur *k, const char **f, int *nf, int max, enum kind *kind)
{
	const char *w;

	*nf = 0;
	do {
		if ((w = word(k)) == NULL)
			return fail(k, "expected a field name%s", "");
		if (*nf == max)
			return fail(k, "too many fields%s", "");
		f[(*nf)++] = w;
	} while (peek(k, ',') && (k->i++, true));
	*kind = lp_dedupe_kind_of(f[0]);
	if (accept(k, "as")) {
		size_t at = k->i;
		int kd;

		if ((w = word(k)) == NULL || (kd = lp_dedupe_kind(w)) < 0) {
			k->i = at;
			skipws(k);
			return fail(k, "unknown kind (text, email, phone, "
			    "name, company, domain, digits, number, date)%s",
			    "");
		}
		*kind = (enum kind)kd;
	}
	return 0;
}

/* "if present" at the end of the value. */
static bool
optional(struct cur *k)
{
	size_t n = strlen(k->s);

	while (n > 0 && (k->s[n - 1] == ' ' || k->s[n - 1] == '\t'))
		n--;
	if (n >= 10 && strncmp(k->s + n - 10, "if present", 10) == 0) {
		char *t = (char *)lp_dedupe_conf_save(k->c, k->s, n - 10);

		k->s = t;
		return true;
	}
	return false;
}

static int
end(struct cur *k)
{
	skipws(k);
	if (k->s[k->i] != '\0')
		return fail(k, "unexpected '%s'", k->s + k->i);
	return 0;
}

/* m=0.9 u=0.01 after a level. */
static int
mu(struct cur *k, struct level *l)
{
	for (;;) {
		if (accept(k, "m")) {
			if (!peek(k, '='))
				return fail(k, "expected '='%s", "");
			k->i++;
			if (number(k, 0.000001, 0.999999, &l->m) != 0)
				return -1;
			l->mset = true;
		} else if (accept(k, "u")) {
			if (!peek(k, '='))
				return fail(k, "expected '='%s", "");
			k->i++;
			if (number(k, 0.000000001, 0.999999, &l->u) != 0)
				return -1;
			l->uset = true;
		} else
			return 0;
	}
}

static int
parse_compare(struct cur *k, struct compare *cp)
{
	static const char *const names[] = {
		"exact", "jaro", "edit", "tokens", "nickname", "initial",
		"swapped", "within", "days", "daymonth", NULL
	};

	cp->optional = optional(k);
	if (fields(k, cp->fields, &cp->nfields, MAXF, &cp->kind) != 0)
		return -1;
	if (!peek(k, ':'))
		return fail(k, "expected ':' and the levels (exact, jaro "
		    "0.9, ...)%s", "");
	k->i++;
	do {
		struct level *l = &cp->lv[cp->nlv];
		const char *w;
		size_t at;
		int t;

		skipws(k);
		at = k->i;
		if (accept(k, "else")) {
			/* The disagreement level: only its m may be set. */
			struct level e;

			memset(&e, 0, sizeof(e));
			if (mu(k, &e) != 0)
				return -1;
			if (e.uset) {
				k->i = at;
				return fail(k, "else: only m= may be set (u "
				    "is what is left of the other levels')%s",
				    "");
			}
			cp->m_else_set = e.mset;
			cp->m_else = e.m;
			continue;
		}
		if ((w = word(k)) == NULL)
			return fail(k, "expected a level (exact, jaro, edit, "
			    "tokens, nickname, initial, swapped, within, days,"
			    " daymonth)%s", "");
		for (t = 0; names[t] != NULL && strcmp(names[t], w) != 0; t++)
			;
		if (names[t] == NULL) {
			const char *hint = lp_suggest(w, names);

			k->i = at;
			if (hint != NULL) {
				char m[64];

				snprintf(m, sizeof(m), "%s' (did you mean '%s'?)",
				    w, hint);
				return fail(k, "unknown level '%s", m);
			}
			return fail(k, "unknown level '%s'", w);
		}
		if (cp->nlv == MAXLV)
			return fail(k, "too many levels%s", "");
		memset(l, 0, sizeof(*l));
		l->t = (enum ltype)t;
		snprintf(l->name, sizeof(l->name), "%s", w);
		switch (l->t) {
		case L_EXACT:
			l->tf = accept(k, "tf");
			break;
		case L_JARO:
		case L_EDIT:
		case L_TOKENS:
			if (number(k, 0, 1, &l->x) != 0)
				return -1;
			snprintf(l->name, sizeof(l->name), "%s %g", w, l->x);
			break;
		case L_WITHIN:
		case L_DAYS:
			if (number(k, 0, 1e12, &l->x) != 0)
				return -1;
			snprintf(l->name, sizeof(l->name), "%s %g", w, l->x);
			break;
		case L_SWAPPED:
			if ((cp->swapfield = word(k)) == NULL)
				return fail(k, "swapped: expected the field "
				    "the values may be swapped with%s", "");
			break;
		default:
			break;
		}
		if (mu(k, l) != 0)
			return -1;
		cp->nlv++;
	} while (peek(k, ',') && (k->i++, true));
	return end(k);
}

static int
parse_part(struct cur *k, struct part *p)
{
	static const char *const fns[] = { "soundex", "initial", "prefix",
	    NULL };
	size_t at = k->i;
	const char *w;
	int f;

	memset(p, 0, sizeof(*p));
	if ((w = word(k)) == NULL)
		return fail(k, "expected a field name%s", "");
	for (f = 0; fns[f] != NULL && strcmp(fns[f], w) != 0; f++)
		;
	if (fns[f] != NULL && peek(k, '(')) {
		k->i++;
		p->fn = (enum pfn)(f + 1);
		if ((p->field = word(k)) == NULL)
			return fail(k, "expected a field name%s", "");
		if (p->fn == P_PREFIX) {
			double n;

			if (!peek(k, ','))
				return fail(k, "prefix(FIELD, N): expected "
				    "','%s", "");
			k->i++;
			if (number(k, 1, 64, &n) != 0)
				return -1;
			p->arg = (int)n;
		}
		if (!peek(k, ')'))
			return fail(k, "expected ')'%s", "");
		k->i++;
	} else {
		(void)at;
		p->field = w;
	}
	p->kind = lp_dedupe_kind_of(p->field);
	if (p->fn == P_SOUNDEX || p->fn == P_INITIAL)
		p->kind = K_NAME;
	if (accept(k, "as")) {
		int kd;

		if ((w = word(k)) == NULL || (kd = lp_dedupe_kind(w)) < 0)
			return fail(k, "unknown kind%s", "");
		p->kind = (enum kind)kd;
	}
	return 0;
}

static int
parse_block(struct cur *k, struct block *b, bool sorted)
{
	b->optional = optional(k);
	b->sorted = sorted;
	b->window = 4;
	do {
		if (b->nparts == MAXPART)
			return fail(k, "too many key parts%s", "");
		if (parse_part(k, &b->parts[b->nparts++]) != 0)
			return -1;
	} while (peek(k, ',') && (k->i++, true));
	if (sorted && accept(k, "window")) {
		double w;

		if (number(k, 2, 100, &w) != 0)
			return -1;
		b->window = (int)w;
	}
	return end(k);
}

static int
parse_rule(struct cur *k, struct survive *s)
{
	static const char *const rules[] = { "primary", "recent", "complete",
	    "priority", "sum", "min", "max", "first", NULL };
	size_t at;
	const char *w;
	int r;

	skipws(k);
	at = k->i;
	if ((w = word(k)) == NULL)
		return fail(k, "expected a rule (primary, recent, complete, "
		    "priority, sum, min, max, first)%s", "");
	for (r = 0; rules[r] != NULL && strcmp(rules[r], w) != 0; r++)
		;
	if (rules[r] == NULL) {
		k->i = at;
		return fail(k, "unknown rule '%s' (primary, recent, complete, "
		    "priority, sum, min, max, first)", w);
	}
	s->rule = (enum srule)r;
	if (s->rule == S_RECENT || s->rule == S_PRIORITY) {
		if ((s->by = word(k)) == NULL)
			return fail(k, "%s: expected the field it goes by", w);
	}
	if (s->rule == S_PRIORITY) {
		if (!peek(k, '('))
			return fail(k, "priority FIELD (a, b, ...): expected "
			    "'('%s", "");
		k->i++;
		do {
			if (s->norder == 16)
				return fail(k, "too many values%s", "");
			if ((s->order[s->norder++] = word(k)) == NULL)
				return fail(k, "expected a value%s", "");
		} while (peek(k, ',') && (k->i++, true));
		if (!peek(k, ')'))
			return fail(k, "expected ')'%s", "");
		k->i++;
	}
	return 0;
}

static int
parse_survive(struct cur *k, struct survive *s)
{
	const char *w;

	do {
		if ((w = word(k)) == NULL)
			return fail(k, "expected a field name or '*'%s", "");
		if (s->nfields == 16)
			return fail(k, "too many fields%s", "");
		s->fields[s->nfields++] = w;
	} while (peek(k, ',') && (k->i++, true));
	if (!peek(k, ':'))
		return fail(k, "expected ':' and a rule%s", "");
	k->i++;
	if (parse_rule(k, s) != 0)
		return -1;
	return end(k);
}

static int
setting(struct cur *k)
{
	const struct lp_pb_setting *st = k->st;
	struct conf *c = k->c;
	double v;
	static const char *const keys[] = { "match", "review", "max_block",
	    "em", "samples", "gmail", "primary", "exact", "id", NULL };

	if (strcmp(st->key, "match") == 0 || strcmp(st->key, "review") == 0) {
		char *e;

		v = strtod(k->s, &e);
		if (e == k->s)
			return fail(k, "expected a number%s", "");
		if (!(v > 0 && v < 1))
			return fail(k, "%s is a probability: above 0 and "
			    "below 1, like 0.99", st->key);
		k->i = (size_t)(e - k->s);
		if (st->key[0] == 'm')
			c->match = v;
		else
			c->review = v;
	} else if (strcmp(st->key, "max_block") == 0) {
		if (number(k, 2, 1e7, &v) != 0)
			return -1;
		c->max_block = (long)v;
	} else if (strcmp(st->key, "em") == 0) {
		if (number(k, 0, 1000, &v) != 0)
			return -1;
		c->em = (long)v;
	} else if (strcmp(st->key, "samples") == 0) {
		if (number(k, 0, 1e8, &v) != 0)
			return -1;
		c->samples = (long)v;
	} else if (strcmp(st->key, "gmail") == 0) {
		if (strcmp(k->s, "yes") == 0)
			c->gmail = true;
		else if (strcmp(k->s, "no") == 0)
			c->gmail = false;
		else
			return fail(k, "gmail: expected yes or no%s", "");
		return 0;
	} else if (strcmp(st->key, "primary") == 0) {
		memset(&c->primary, 0, sizeof(c->primary));
		c->primary.line = st->line;
		if (parse_rule(k, &c->primary) != 0)
			return -1;
		if (c->primary.rule == S_SUM || c->primary.rule == S_MIN ||
		    c->primary.rule == S_MAX) {
			k->i = 0;
			return fail(k, "primary: expected complete, first, "
			    "recent FIELD or priority FIELD (...)%s", "");
		}
	} else if (strcmp(st->key, "id") == 0) {
		if ((c->id = word(k)) == NULL)
			return fail(k, "id: expected the field that names a "
			    "record%s", "");
		c->id_line = st->line;
		c->id_col = st->vcol;
	} else if (strcmp(st->key, "exact") == 0) {
		enum kind kd;

		if (fields(k, c->exact, &c->nexact, MAXF, &kd) != 0)
			return -1;
	} else {
		const char *hint = lp_suggest(st->key, keys);
		char m[160];

		k->i = 0;
		snprintf(m, sizeof(m), "%s' in [dedupe]%s%s%s", st->key,
		    hint ? " (did you mean '" : " (a \"label\" = compare, "
		    "block, sorted or survive line?)", hint ? hint : "",
		    hint ? "'?)" : "");
		return lp_playbook_error(k->pb, k->err, st->line, st->col,
		    "unknown key '%s", m);
	}
	return end(k);
}

int
lp_dedupe_conf(const struct lp_playbook *pb, struct conf *c,
    struct lp_err *err)
{
	const struct lp_pb_section *sec = lp_playbook_section(pb, "dedupe");

	memset(c, 0, sizeof(*c));
	c->match = 0.99;
	c->review = 0.9;
	c->max_block = 1000;
	c->em = 25;
	c->samples = 200000;
	c->primary.rule = S_COMPLETE;
	if (sec == NULL)
		return 0;
	c->line = sec->line;
	for (size_t i = 0; i < sec->nsettings; i++) {
		const struct lp_pb_setting *st = &sec->settings[i];
		struct cur k = { pb, st, c, st->value, 0, err };
		const char *verb;

		if (!st->quoted) {
			if (setting(&k) != 0)
				return -1;
			continue;
		}
		verb = word(&k);
		if (verb != NULL && strcmp(verb, "compare") == 0) {
			struct compare *cp;

			if (c->ncmp == MAXCMP)
				return fail(&k, "too many comparisons%s", "");
			cp = &c->cmp[c->ncmp++];
			memset(cp, 0, sizeof(*cp));
			cp->label = st->key;
			cp->line = st->line;
			cp->col = st->vcol;
			if (parse_compare(&k, cp) != 0)
				return -1;
		} else if (verb != NULL && (strcmp(verb, "block") == 0 ||
		    strcmp(verb, "sorted") == 0)) {
			struct block *b;

			if (c->nblk == 16)
				return fail(&k, "too many blocking passes%s",
				    "");
			b = &c->blk[c->nblk++];
			memset(b, 0, sizeof(*b));
			b->label = st->key;
			b->line = st->line;
			b->col = st->vcol;
			if (parse_block(&k, b, verb[0] == 's') != 0)
				return -1;
		} else if (verb != NULL && strcmp(verb, "survive") == 0) {
			struct survive *s;

			if (c->nsrv == 32)
				return fail(&k, "too many survive lines%s", "");
			s = &c->srv[c->nsrv++];
			memset(s, 0, sizeof(*s));
			s->label = st->key;
			s->line = st->line;
			if (parse_survive(&k, s) != 0)
				return -1;
		} else {
			k.i = 0;
			return fail(&k, "expected compare, block, sorted or "
			    "survive%s", "");
		}
	}
	if (c->review > c->match)
		return lp_playbook_error(pb, err, sec->line, 1,
		    "review (%g) must not be above match (%g)", c->review,
		    c->match);
	return 0;
}

static void
lint_dedupe(struct lp_lint *l)
{
	struct lp_err e = LP_ERR_INIT;
	struct conf *c;

	/* The built-in [dedupe], when the file has none, is not linted. */
	if (lp_playbook_own_section(l->pb, "dedupe") == NULL)
		return;
	c = lp_xmalloc(sizeof(*c));
	if (lp_dedupe_conf(l->pb, c, &e) != 0)
		lp_lint_error(l, &e, false);
	free(c);
}

const struct lp_pb_linter lp_dedupe_linter = { "dedupe", lint_dedupe };
