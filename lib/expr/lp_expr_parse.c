/*
 * lp_expr_parse -- the expression lexer and recursive-descent parser (the
 * grammar is atop lp_expr.c).  Tokens are read on demand, because what a
 * bare word is depends on where it stands: a field on the left of a
 * comparison, text on the right and in lists.  Every failure sets err
 * (EX_CONFIG, file:line:col of the offending token) exactly once.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lp_expr_int.h"
#include "lp_files.h"

/* A character of a bare word on the right of a comparison. */
static bool
is_wordc(int c)
{
	return is_alpha(c) || is_digit(c) || c == '.' || c == '@' ||
	    c == ':' || c == '-' || (unsigned char)c >= 0x80;
}

/* ---- the parser ---- */

enum ttype { T_END, T_IDENT, T_WORD, T_STRING, T_FIELD, T_PUNCT, T_BAD };

/* lex() contexts */
#define L_OPERAND	1	/* a value is expected: "-5" is a number */
#define L_RHS		2	/* bare words are text */

struct tok {
	enum ttype	 type;
	size_t		 off, end;	/* source bytes */
	char		 op[3];		/* T_PUNCT */
};

struct parser {
	const char	*s;
	size_t		 n, i;
	struct lp_expr	*e;
	const char	*basedir;
	struct lp_limits limits;
	struct lp_err	*err;
	int		 depth;
	bool		 failed;
};

static void perr(struct parser *, size_t, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

static void
perr(struct parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	va_start(ap, fmt);
	lpe_verr_at(p->e, p->err, off, fmt, ap);
	va_end(ap);
}

static void
skip_ws(struct parser *p)
{
	while (p->i < p->n) {
		if (lp_is_ascii_space(p->s[p->i]))
			p->i++;
		else if (p->s[p->i] == '#')	/* a comment to the line's end */
			while (p->i < p->n && p->s[p->i] != '\n')
				p->i++;
		else
			break;
	}
}

static size_t
scan_word(struct parser *p, size_t j)
{
	while (j < p->n && is_wordc((unsigned char)p->s[j]))
		j++;
	return j;
}

/* The token at p->i (not consumed: set p->i = t.end to take it). */
static struct tok
lex(struct parser *p, int ctx)
{
	static const char *const two[] = {
		"!=", "<=", ">=", "==", "<>", "!~", "&&", "||", NULL
	};
	struct tok t;
	const char *s = p->s;
	size_t n = p->n, j;
	unsigned char c;

	skip_ws(p);
	memset(&t, 0, sizeof(t));
	t.off = t.end = p->i;
	if (p->i >= n) {
		t.type = T_END;
		return t;
	}
	j = p->i;
	c = (unsigned char)s[j];
	if (c == '"' || c == '`') {
		for (j++; j < n && (unsigned char)s[j] != c; j++)
			if (s[j] == '\\' && c == '"' && j + 1 < n)
				j++;
		if (j >= n) {
			perr(p, t.off, c == '"' ? "unterminated string" :
			    "unterminated field name (missing '`')");
			t.type = T_BAD;
			return t;
		}
		t.type = c == '"' ? T_STRING : T_FIELD;
		t.end = j + 1;
		return t;
	}
	if (is_alpha(c) || c >= 0x80) {
		/* Names may hold letters of any script (UTF-8 bytes). */
		while (j < n && (is_alpha((unsigned char)s[j]) ||
		    is_digit((unsigned char)s[j]) ||
		    (unsigned char)s[j] >= 0x80))
			j++;
		t.type = T_IDENT;
		if ((ctx & L_RHS) && j < n && is_wordc((unsigned char)s[j])) {
			j = scan_word(p, j);
			t.type = T_WORD;
		}
		t.end = j;
		return t;
	}
	if ((ctx & L_OPERAND) && (is_digit(c) || (c == '.' && j + 1 < n &&
	    is_digit((unsigned char)s[j + 1])) ||
	    ((c == '-' || c == '+') && j + 1 < n &&
	    (is_digit((unsigned char)s[j + 1]) || s[j + 1] == '.')) ||
	    ((ctx & L_RHS) && (c == '.' || c == '@')))) {
		t.type = T_WORD;
		t.end = scan_word(p, j + 1);
		return t;
	}
	for (int k = 0; two[k] != NULL; k++)
		if (j + 1 < n && s[j] == two[k][0] && s[j + 1] == two[k][1]) {
			t.type = T_PUNCT;
			memcpy(t.op, two[k], 2);
			t.end = j + 2;
			return t;
		}
	if (c != '\0' && strchr("=<>~()+-*/,!", c) != NULL) {
		t.type = T_PUNCT;
		t.op[0] = (char)c;
		t.end = j + 1;
		return t;
	}
	t.type = T_BAD;
	t.end = j + 1;
	return t;
}

/* Bytes of the UTF-8 character at off. */
static size_t
char_len(const struct parser *p, size_t off)
{
	size_t j = off + 1;

	while (j < p->n && ((unsigned char)p->s[j] & 0xc0) == 0x80)
		j++;
	return j - off;
}

/* "unexpected character '$'"; control bytes by number. */
static void
bad_char(struct parser *p, size_t off)
{
	unsigned char c = (unsigned char)p->s[off];

	if (c < 0x20 || c == 0x7f)
		perr(p, off, "unexpected control character 0x%02x", c);
	else
		perr(p, off, "unexpected character '%.*s'",
		    (int)char_len(p, off), p->s + off);
}

static bool
tok_is(const struct parser *p, const struct tok *t, const char *word)
{
	size_t len = strlen(word);

	if (t->type == T_PUNCT)
		return strcmp(t->op, word) == 0;
	return t->type == T_IDENT && t->end - t->off == len &&
	    memcmp(p->s + t->off, word, len) == 0;
}

/* How a token reads in a message: 'and', '(', end of expression. */
static const char *
tok_desc(const struct parser *p, const struct tok *t, char *buf, size_t cap)
{
	size_t len = t->end - t->off;

	if (t->type == T_END)
		return "end of expression";
	if (len > 40)
		len = 40;
	snprintf(buf, cap, "'%.*s'", (int)len, p->s + t->off);
	return buf;
}

static struct node *
new_node(struct parser *p, enum nkind kind, size_t off)
{
	struct node *nd = lp_xcalloc(1, sizeof(*nd));

	nd->kind = nd->kind0 = (uint8_t)kind;
	nd->off = off;
	nd->field = -1;
	nd->depth = 1;
	nd->next = p->e->nodes;
	p->e->nodes = nd;
	return nd;
}

static bool
set_depth(struct parser *p, struct node *nd)
{
	int d = 0;

	if (nd->a != NULL && nd->a->depth > d)
		d = nd->a->depth;
	if (nd->b != NULL && nd->b->depth > d)
		d = nd->b->depth;
	for (int i = 0; i < nd->nkids; i++)
		if (nd->kids[i]->depth > d)
			d = nd->kids[i]->depth;
	nd->depth = d + 1;
	if (nd->depth > MAX_DEPTH) {
		perr(p, nd->off, "expression nested too deeply");
		return false;
	}
	return true;
}

static void
add_kid(struct node *nd, struct node *kid)
{
	nd->kids = lp_xreallocarray(nd->kids, (size_t)nd->nkids + 1,
	    sizeof(*nd->kids));
	nd->kids[nd->nkids++] = kid;
}

/* A NUL-terminated copy of p[0..n), which may itself hold NUL bytes
 * (lp_xstrndup would stop at the first one). */
static char *
dupmem(const char *p, size_t n)
{
	char *s = lp_xmalloc(n + 1);

	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Unescape a string literal's body (\" \\ \n \t; other pairs kept). */
static char *
unescape(const char *s, size_t n, size_t *len)
{
	char *out = lp_xmalloc(n + 1);
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			char c = s[++i];

			if (c == 'n')
				out[o++] = '\n';
			else if (c == 't')
				out[o++] = '\t';
			else if (c == '"' || c == '\\')
				out[o++] = c;
			else {
				out[o++] = '\\';
				out[o++] = c;
			}
		} else
			out[o++] = s[i];
	}
	out[o] = '\0';
	*len = o;
	return out;
}

/*
 * A constant from owned text: classified now, so evaluation never parses
 * it again.  A signed word ("-30d") is a negative duration.
 */
static void
make_const(struct val *v, char *text, size_t n)
{
	memset(v, 0, sizeof(*v));
	lpe_set_text(v, text, n);
	if (v->t == V_TEXT) {
		(void)is_num(v);
		(void)is_time(NULL, v);
		(void)is_dur(v);
	}
}

static struct node *const_node(struct parser *p, const struct tok *t)
{
	struct node *nd = new_node(p, N_CONST, t->off);
	size_t len;

	if (t->type == T_STRING)
		nd->kstr = unescape(p->s + t->off + 1, t->end - t->off - 2,
		    &len);
	else {
		len = t->end - t->off;
		nd->kstr = dupmem(p->s + t->off, len);
	}
	make_const(&nd->k, nd->kstr, len);
	return nd;
}

static int
field_ref(struct parser *p, const char *name, size_t len, size_t off)
{
	struct lp_expr *e = p->e;

	for (int i = 0; i < e->nfields; i++)
		if (strlen(e->fields[i].name) == len &&
		    memcmp(e->fields[i].name, name, len) == 0)
			return i;
	e->fields = lp_xreallocarray(e->fields, (size_t)e->nfields + 1,
	    sizeof(*e->fields));
	e->fields[e->nfields].name = lp_xstrndup(name, len);
	e->fields[e->nfields].col = -2;
	e->fields[e->nfields].off = off;
	return e->nfields++;
}

static const struct func *
find_func(const char *name, size_t len)
{
	for (size_t i = 0; i < lpe_nfuncs; i++)
		if (strlen(lpe_funcs[i].name) == len &&
		    memcmp(lpe_funcs[i].name, name, len) == 0)
			return &lpe_funcs[i];
	return NULL;
}

static const char *
suggest_func(const char *name, size_t len)
{
	size_t limit = len <= 4 ? 1 : 2, best = limit + 1;
	const char *hit = NULL;
	char key[64];

	/* Compare lower-cased, so LOWER suggests lower. */
	if (len >= sizeof(key))
		return NULL;
	for (size_t i = 0; i < len; i++)
		key[i] = (char)tolower((unsigned char)name[i]);
	for (size_t i = 0; i < lpe_nfuncs; i++) {
		size_t d = lp_edit_distance(key, len, lpe_funcs[i].name,
		    strlen(lpe_funcs[i].name), limit);

		if (d < best) {
			best = d;
			hit = lpe_funcs[i].name;
		}
	}
	return hit;
}

static struct node *parse_or(struct parser *);
static struct node *parse_sum(struct parser *, int);

static struct node *
parse_call(struct parser *p, const struct tok *name)
{
	size_t len = name->end - name->off;
	const struct func *fn = find_func(p->s + name->off, len);
	struct node *nd;
	struct tok t;
	char what[64];

	if (fn == NULL) {
		const char *hint = suggest_func(p->s + name->off, len);

		if (hint != NULL)
			perr(p, name->off,
			    "unknown function '%.*s' (did you mean '%s'?)",
			    (int)len, p->s + name->off, hint);
		else
			perr(p, name->off, "unknown function '%.*s'",
			    (int)len, p->s + name->off);
		return NULL;
	}
	if (++p->depth > MAX_DEPTH) {
		perr(p, name->off, "expression nested too deeply");
		return NULL;
	}
	nd = new_node(p, N_CALL, name->off);
	nd->fn = fn;
	nd->op = fn->arg;
	t = lex(p, 0);
	p->i = t.end;			/* the '(' */
	t = lex(p, L_OPERAND);
	if (tok_is(p, &t, ")"))
		p->i = t.end;
	else
		for (;;) {
			struct node *arg = parse_or(p);

			if (arg == NULL)
				return NULL;
			add_kid(nd, arg);
			t = lex(p, 0);
			if (p->failed)
				return NULL;
			p->i = t.end;
			if (tok_is(p, &t, ")"))
				break;
			if (!tok_is(p, &t, ",")) {
				perr(p, t.off, "expected ',' or ')' after "
				    "argument of '%s', got %s", fn->name,
				    tok_desc(p, &t, what, sizeof(what)));
				return NULL;
			}
		}
	if (nd->nkids < fn->min || (fn->max >= 0 && nd->nkids > fn->max)) {
		if (fn->min == fn->max)
			perr(p, name->off, "'%s' takes %d argument%s, got %d",
			    fn->name, fn->min, fn->min == 1 ? "" : "s",
			    nd->nkids);
		else if (fn->max < 0)
			perr(p, name->off,
			    "'%s' takes at least %d argument%s, got %d",
			    fn->name, fn->min, fn->min == 1 ? "" : "s",
			    nd->nkids);
		else
			perr(p, name->off, "'%s' takes %d to %d arguments, "
			    "got %d", fn->name, fn->min, fn->max, nd->nkids);
		return NULL;
	}
	p->depth--;
	return set_depth(p, nd) ? nd : NULL;
}

/* Is the next non-blank byte after end a '('? */
static bool
call_follows(const struct parser *p, size_t end)
{
	while (end < p->n && lp_is_ascii_space(p->s[end]))
		end++;
	return end < p->n && p->s[end] == '(';
}

static bool
is_keyword(const struct parser *p, const struct tok *t)
{
	static const char *const kw[] = {
		"and", "or", "not", "in", "is", NULL
	};

	for (int i = 0; kw[i] != NULL; i++)
		if (tok_is(p, t, kw[i]))
			return true;
	return false;
}

/* A value; after says what came before, for "expected a value after". */
static struct node *
parse_primary(struct parser *p, int ctx, const char *after)
{
	struct tok t = lex(p, L_OPERAND | ctx);
	struct node *nd;
	char what[64];

	if (p->failed)
		return NULL;
	switch (t.type) {
	case T_STRING:
		p->i = t.end;
		return const_node(p, &t);
	case T_WORD:
		p->i = t.end;
		nd = const_node(p, &t);
		if (!(ctx & L_RHS) && nd->k.t == V_TEXT &&
		    !(nd->k.k & (K_NUM | K_TIME | K_DUR))) {
			perr(p, t.off, "invalid number '%.*s'",
			    (int)(t.end - t.off), p->s + t.off);
			return NULL;
		}
		return nd;
	case T_FIELD: {
		size_t a = t.off + 1, b = t.end - 1;

		while (a < b && lp_is_ascii_space(p->s[a]))
			a++;
		while (b > a && lp_is_ascii_space(p->s[b - 1]))
			b--;
		if (a == b) {
			perr(p, t.off, "empty field name");
			return NULL;
		}
		p->i = t.end;
		nd = new_node(p, N_FIELD, a);
		nd->field = field_ref(p, p->s + a, b - a, a);
		return nd;
	}
	case T_IDENT:
		if (is_keyword(p, &t))
			break;
		if (call_follows(p, t.end)) {
			p->i = t.end;
			return parse_call(p, &t);
		}
		p->i = t.end;
		if (tok_is(p, &t, "now"))
			return new_node(p, N_NOW, t.off);
		if (ctx & L_RHS)
			return const_node(p, &t);
		nd = new_node(p, N_FIELD, t.off);
		nd->field = field_ref(p, p->s + t.off, t.end - t.off, t.off);
		return nd;
	case T_PUNCT:
		if (tok_is(p, &t, "(")) {
			p->i = t.end;
			if (++p->depth > MAX_DEPTH) {
				perr(p, t.off, "expression nested too deeply");
				return NULL;
			}
			nd = parse_or(p);
			p->depth--;
			if (nd == NULL)
				return NULL;
			t = lex(p, 0);
			if (p->failed)
				return NULL;
			if (!tok_is(p, &t, ")")) {
				perr(p, t.off, "expected ')', got %s",
				    tok_desc(p, &t, what, sizeof(what)));
				return NULL;
			}
			p->i = t.end;
			return nd;
		}
		break;
	case T_BAD:
		if (p->failed)
			return NULL;
		bad_char(p, t.off);
		return NULL;
	case T_END:
		break;
	}
	if (after != NULL && t.type == T_END)
		perr(p, t.off, "expected a value after %s", after);
	else if (after != NULL)
		perr(p, t.off, "expected a value after %s, got %s", after,
		    tok_desc(p, &t, what, sizeof(what)));
	else
		perr(p, t.off, "expected a value, got %s",
		    tok_desc(p, &t, what, sizeof(what)));
	return NULL;
}

static struct node *
parse_unary(struct parser *p, int ctx, const char *after)
{
	struct tok t = lex(p, L_OPERAND | ctx);
	struct node *nd;

	if (t.type == T_PUNCT && tok_is(p, &t, "-")) {
		p->i = t.end;
		if (++p->depth > MAX_DEPTH) {
			perr(p, t.off, "expression nested too deeply");
			return NULL;
		}
		nd = new_node(p, N_NEG, t.off);
		nd->a = parse_unary(p, ctx, "'-'");
		p->depth--;
		if (nd->a == NULL || !set_depth(p, nd))
			return NULL;
		return nd;
	}
	return parse_primary(p, ctx, after);
}

static struct node *
parse_term(struct parser *p, int ctx, const char *after)
{
	struct node *left = parse_unary(p, ctx, after), *nd;
	struct tok t;

	while (left != NULL) {
		t = lex(p, 0);
		if (!(tok_is(p, &t, "*") || tok_is(p, &t, "/")))
			break;
		p->i = t.end;
		nd = new_node(p, N_ARITH, t.off);
		nd->op = (uint8_t)t.op[0];
		nd->a = left;
		nd->b = parse_unary(p, ctx, t.op[0] == '*' ? "'*'" : "'/'");
		if (nd->b == NULL || !set_depth(p, nd))
			return NULL;
		left = nd;
	}
	return left;
}

static struct node *
parse_sum(struct parser *p, int ctx)
{
	struct node *left = parse_term(p, ctx, NULL), *nd;
	struct tok t;

	while (left != NULL) {
		t = lex(p, 0);
		if (!(tok_is(p, &t, "+") || tok_is(p, &t, "-")))
			break;
		p->i = t.end;
		nd = new_node(p, N_ARITH, t.off);
		nd->op = (uint8_t)t.op[0];
		nd->a = left;
		nd->b = parse_term(p, ctx, t.op[0] == '+' ? "'+'" : "'-'");
		if (nd->b == NULL || !set_depth(p, nd))
			return NULL;
		left = nd;
	}
	return left;
}

static void
list_add(struct list *l, char *text, size_t n)
{
	l->items = lp_xreallocarray(l->items, (size_t)l->n + 1,
	    sizeof(*l->items));
	l->texts = lp_xreallocarray(l->texts, (size_t)l->n + 1,
	    sizeof(*l->texts));
	l->texts[l->n] = text;
	make_const(&l->items[l->n], text, n);
	l->n++;
}

/*
 * Index a list: lower-cased texts in a hash set, typed items apart.
 * Lower-cased equality is what the case-insensitive comparison decides,
 * so a set answers as comparing with each item would, whatever the
 * list's length.
 */
static void
list_index(struct list *l, struct lp_buf *scratch)
{
	l->set = lp_map_new();
	for (int i = 0; i < l->n; i++) {
		struct val *v = &l->items[i];
		unsigned bit;

		if (v->t == V_EMPTY)
			continue;
		scratch->n = 0;
		lpe_case_map(scratch, v->p, v->n, false);
		lp_map_put(l->set, scratch->p, scratch->n, i);
		bit = list_sieve(scratch->p, scratch->n);
		l->sieve[bit / 64] |= UINT64_C(1) << bit % 64;
		if (v->k & (K_NUM | K_TIME | K_DUR)) {
			l->typed = lp_xreallocarray(l->typed,
			    (size_t)l->ntyped + 1, sizeof(*l->typed));
			l->typed[l->ntyped++] = i;
		}
	}
}

static void
free_list(struct list *l)
{
	if (l == NULL)
		return;
	for (int i = 0; i < l->n; i++)
		free(l->texts[i]);
	free(l->texts);
	free(l->items);
	free(l->typed);
	lp_map_free(l->set);
	free(l);
}

/* file(leadpipe:NAME): a list compiled into the library. */
#define LP_DATA_PREFIX	"leadpipe:"

/* Read a value list: one per line, blank lines and # comments skipped. */
static bool
load_list(struct parser *p, struct list *l, const char *name, size_t off)
{
	struct lp_buf path = { 0 };
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	size_t total = 0;
	struct stat sb;
	FILE *fp;
	int fd = -1;
	bool ok = true, big, builtin = false;

	if (strncmp(name, LP_DATA_PREFIX, strlen(LP_DATA_PREFIX)) == 0) {
		/* A list that ships with leadpipe (lib/data/). */
		size_t dn;
		const char *d = lp_data_file(name + strlen(LP_DATA_PREFIX), &dn);

		if (d == NULL || dn == 0) {
			perr(p, off, "cannot read list '%s': leadpipe ships no "
			    "such list", name);
			return false;
		}
		fp = fmemopen((void *)d, dn, "r");
		builtin = true;	/* ours: the size limit is for strangers' */
	} else {
		if (name[0] != '/' && p->basedir != NULL &&
		    p->basedir[0] != '\0')
			lp_buf_printf(&path, "%s/", p->basedir);
		lp_buf_adds(&path, name);
		/*
		 * A regular file only: /dev/zero was read until memory ran
		 * out and a FIFO blocked forever (O_NONBLOCK: opening one
		 * does not wait).
		 */
		fd = open(lp_buf_cstr(&path), O_RDONLY | O_NONBLOCK);
		if (fd >= 0 && (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))) {
			perr(p, off, "cannot read list '%s': %s", name,
			    S_ISDIR(sb.st_mode) ? "is a directory" :
			    "not a regular file");
			close(fd);
			lp_buf_fini(&path);
			return false;
		}
		fp = fd >= 0 ? fdopen(fd, "r") : NULL;
	}
	if (fp == NULL) {
		char why[128];

		snprintf(why, sizeof(why), "%s", strerror(errno));
		why[0] = (char)tolower((unsigned char)why[0]);
		perr(p, off, "cannot read list '%s': %s", name, why);
		if (fd >= 0)
			close(fd);
		lp_buf_fini(&path);
		return false;
	}
	if (!builtin)
		lp_files_input(lp_buf_cstr(&path));	/* no output may replace it */
	/* A regular file's size is known before reading; a pipe's is
	 * counted as it is read. */
	big = !builtin && fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uintmax_t)sb.st_size > p->limits.max_playbook;
	while (!big && (len = getline(&line, &cap, fp)) > 0) {
		struct lp_str s = { line, (size_t)len };

		if ((total += (size_t)len) > p->limits.max_playbook &&
		    !builtin) {
			big = true;
			break;
		}

		/* A comment starts at a '#' that begins a word. */
		for (size_t i = 0; i < s.n; i++)
			if (line[i] == '#' && (i == 0 ||
			    lp_is_ascii_space(line[i - 1]))) {
				s.n = i;
				break;
			}
		s = lp_str_trim(s);
		if (s.n == 0)
			continue;
		list_add(l, dupmem(s.p, s.n), s.n);
	}
	if (big) {
		perr(p, off, "list '%s' is over the playbook size limit (%zu "
		    "bytes; raise it with --limit playbook=BYTES)", name,
		    p->limits.max_playbook);
		ok = false;
	} else if (ferror(fp)) {
		perr(p, off, "cannot read list '%s': %s", name,
		    strerror(errno));
		ok = false;
	}
	fclose(fp);
	free(line);
	lp_buf_fini(&path);
	return ok;
}

static struct node *
parse_in(struct parser *p, struct node *left, bool neg, size_t off)
{
	struct node *nd = new_node(p, N_IN, off);
	struct list *l = lp_xcalloc(1, sizeof(*l));
	struct tok t;
	char what[64];

	nd->neg = neg;
	nd->a = left;
	nd->list = l;
	t = lex(p, 0);
	if (tok_is(p, &t, "file") && call_follows(p, t.end)) {
		size_t a, b;
		char *name;
		bool ok;

		p->i = t.end;
		t = lex(p, 0);
		p->i = t.end;		/* the '(' */
		skip_ws(p);
		a = p->i;
		if (a < p->n && p->s[a] == '"') {
			t = lex(p, 0);
			if (t.type != T_STRING)
				return NULL;
			name = unescape(p->s + t.off + 1, t.end - t.off - 2,
			    &b);
			p->i = t.end;
		} else {
			for (b = a; b < p->n && p->s[b] != ')' &&
			    !lp_is_ascii_space(p->s[b]); b++)
				;
			name = lp_xstrndup(p->s + a, b - a);
			p->i = b;
		}
		if (name[0] == '\0') {
			free(name);
			perr(p, a, "expected a file name in file()");
			return NULL;
		}
		t = lex(p, 0);
		if (!tok_is(p, &t, ")")) {
			free(name);
			perr(p, t.off, "expected ')' after file name");
			return NULL;
		}
		p->i = t.end;
		ok = load_list(p, l, name, a);
		free(name);
		if (!ok)
			return NULL;
		list_index(l, &nd->buf);
		return set_depth(p, nd) ? nd : NULL;
	}
	if (!tok_is(p, &t, "(")) {
		perr(p, t.off, "expected '(' or file(...) after 'in', got %s",
		    tok_desc(p, &t, what, sizeof(what)));
		return NULL;
	}
	p->i = t.end;
	for (;;) {
		t = lex(p, L_OPERAND | L_RHS);
		if (p->failed)
			return NULL;
		if (tok_is(p, &t, ")") && l->n == 0) {
			perr(p, t.off, "empty list");
			return NULL;
		}
		if (t.type == T_IDENT || t.type == T_WORD ||
		    t.type == T_STRING) {
			size_t len;
			char *text;

			if (t.type == T_STRING)
				text = unescape(p->s + t.off + 1,
				    t.end - t.off - 2, &len);
			else {
				len = t.end - t.off;
				text = dupmem(p->s + t.off, len);
			}
			if (len == 0) {
				free(text);
				perr(p, t.off, "empty value in list (use "
				    "'is empty' to test for an empty value)");
				return NULL;
			}
			list_add(l, text, len);
			p->i = t.end;
		} else {
			perr(p, t.off, "expected a value in list, got %s",
			    tok_desc(p, &t, what, sizeof(what)));
			return NULL;
		}
		t = lex(p, 0);
		if (p->failed)
			return NULL;
		if (tok_is(p, &t, ",")) {
			p->i = t.end;
			t = lex(p, 0);
			if (tok_is(p, &t, ")")) {	/* trailing comma */
				p->i = t.end;
				break;
			}
			continue;
		}
		if (tok_is(p, &t, ")")) {
			p->i = t.end;
			break;
		}
		if (t.type == T_IDENT || t.type == T_WORD)
			perr(p, t.off, "expected ',' or ')' in list (quote "
			    "values with spaces: \"a b\")");
		else
			perr(p, t.off, "expected ')' after list");
		return NULL;
	}
	list_index(l, &nd->buf);
	return set_depth(p, nd) ? nd : NULL;
}

static void
regex_free(struct regex *re)
{
	if (re == NULL)
		return;
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	lp_memo_fini(&re->memo);
	free(re);
}

static struct node *
parse_regex(struct parser *p, struct node *left, bool neg)
{
	struct lp_expr *e = p->e;
	struct node *nd;
	struct regex *re;
	uint32_t opts = 0;
	size_t start, end, j;
	int code;
	PCRE2_SIZE eoff;
	char src[256];

	skip_ws(p);
	start = p->i;
	if (start >= p->n || p->s[start] != '/') {
		struct tok t = lex(p, 0);
		char what[64];

		perr(p, start, "expected /regex/ after '%s', got %s",
		    neg ? "!~" : "~", tok_desc(p, &t, what, sizeof(what)));
		return NULL;
	}
	for (j = start + 1; j < p->n && p->s[j] != '/'; j++)
		if (p->s[j] == '\\' && j + 1 < p->n)
			j++;
	if (j >= p->n) {
		perr(p, start, "unterminated regex");
		return NULL;
	}
	end = j;
	for (j = end + 1; j < p->n && (is_alpha((unsigned char)p->s[j]) ||
	    is_digit((unsigned char)p->s[j])); j++) {
		switch (p->s[j]) {
		case 'i':
			opts |= PCRE2_CASELESS;
			break;
		case 'm':
			opts |= PCRE2_MULTILINE;
			break;
		case 's':
			opts |= PCRE2_DOTALL;
			break;
		case 'x':
			opts |= PCRE2_EXTENDED;
			break;
		case 'u':
			opts |= PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
			break;
		default:
			perr(p, j, "unknown regex flag '%c' (use i, m, s, x "
			    "or u)", p->s[j]);
			return NULL;
		}
	}
	p->i = j;
	nd = new_node(p, N_MATCH, start);
	nd->neg = neg;
	nd->a = left;
	re = nd->re = lp_xcalloc(1, sizeof(*re));
	lp_memo_init(&re->memo, sizeof(bool));
	re->code = pcre2_compile((PCRE2_SPTR)(p->s + start + 1),
	    end - start - 1, opts, &code, &eoff, NULL);
	if (re->code == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(code, msg, sizeof(msg));
		perr(p, start + 1 + eoff, "regex error: %s", (char *)msg);
		return NULL;
	}
	/* Without JIT (an unsupported CPU) the interpreter runs instead. */
	re->jit = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
	re->md = pcre2_match_data_create(1, NULL);
	if (re->md == NULL)
		lp_oom();
	lpe_where(e, start, &re->line, &re->col, src, sizeof(src));
	if (e->mctx == NULL) {
		if ((e->mctx = pcre2_match_context_create(NULL)) == NULL)
			lp_oom();
		pcre2_set_match_limit(e->mctx, (uint32_t)(p->limits.regex_effort
		    > UINT32_MAX ? UINT32_MAX : p->limits.regex_effort));
		pcre2_set_depth_limit(e->mctx, DEPTH_LIMIT);
		e->jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024,
		    NULL);
		if (e->jstack != NULL)
			pcre2_jit_stack_assign(e->mctx, NULL, e->jstack);
	}
	return set_depth(p, nd) ? nd : NULL;
}

static int
cmp_op(const struct parser *p, const struct tok *t)
{
	static const struct { const char *op; int c; } ops[] = {
		{ "=", C_EQ }, { "==", C_EQ }, { "!=", C_NE }, { "<>", C_NE },
		{ "<", C_LT }, { "<=", C_LE }, { ">", C_GT }, { ">=", C_GE },
	};

	if (t->type != T_PUNCT)
		return -1;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (tok_is(p, t, ops[i].op))
			return ops[i].c;
	return -1;
}

static struct node *
parse_test(struct parser *p)
{
	struct node *left = parse_sum(p, 0), *nd;
	struct tok t;
	char what[64];
	int op;

	if (left == NULL)
		return NULL;
	t = lex(p, 0);
	if ((op = cmp_op(p, &t)) >= 0) {
		struct tok r;
		char after[8];

		p->i = t.end;
		r = lex(p, L_OPERAND | L_RHS);
		if ((r.type == T_STRING && r.end - r.off == 2) ||
		    (r.type == T_IDENT && tok_is(p, &r, "empty") &&
		    !call_follows(p, r.end))) {
			perr(p, r.off, "a comparison with an empty value never"
			    " holds; use 'is %sempty'",
			    op == C_NE ? "not " : "");
			return NULL;
		}
		nd = new_node(p, N_CMP, t.off);
		nd->op = (uint8_t)op;
		nd->a = left;
		snprintf(after, sizeof(after), "'%s'", t.op);
		nd->b = parse_term(p, L_RHS, after);
		/* The rest of the right side: + and - terms. */
		while (nd->b != NULL) {
			struct node *ar;

			r = lex(p, 0);
			if (!(tok_is(p, &r, "+") || tok_is(p, &r, "-")))
				break;
			p->i = r.end;
			ar = new_node(p, N_ARITH, r.off);
			ar->op = (uint8_t)r.op[0];
			ar->a = nd->b;
			ar->b = parse_term(p, L_RHS,
			    r.op[0] == '+' ? "'+'" : "'-'");
			if (ar->b == NULL || !set_depth(p, ar))
				return NULL;
			nd->b = ar;
		}
		if (nd->b == NULL || !set_depth(p, nd))
			return NULL;
		t = lex(p, 0);
		if (cmp_op(p, &t) >= 0) {
			perr(p, t.off, "comparisons cannot be chained; use "
			    "'and'");
			return NULL;
		}
		return nd;
	}
	if (tok_is(p, &t, "~") || tok_is(p, &t, "!~")) {
		p->i = t.end;
		return parse_regex(p, left, t.op[0] == '!');
	}
	if (tok_is(p, &t, "not")) {
		struct tok t2;

		p->i = t.end;
		t2 = lex(p, 0);
		if (!tok_is(p, &t2, "in")) {
			perr(p, t2.off, "expected 'in' after 'not', got %s",
			    tok_desc(p, &t2, what, sizeof(what)));
			return NULL;
		}
		p->i = t2.end;
		return parse_in(p, left, true, t.off);
	}
	if (tok_is(p, &t, "in")) {
		p->i = t.end;
		return parse_in(p, left, false, t.off);
	}
	if (tok_is(p, &t, "is")) {
		bool neg = false;

		p->i = t.end;
		t = lex(p, 0);
		if (tok_is(p, &t, "not")) {
			neg = true;
			p->i = t.end;
			t = lex(p, 0);
		}
		if (!tok_is(p, &t, "empty")) {
			perr(p, t.off, "expected 'empty' after '%s', got %s",
			    neg ? "is not" : "is",
			    tok_desc(p, &t, what, sizeof(what)));
			return NULL;
		}
		p->i = t.end;
		nd = new_node(p, N_EMPTY, t.off);
		nd->neg = neg;
		nd->a = left;
		return set_depth(p, nd) ? nd : NULL;
	}
	return left;
}

static struct node *
parse_not(struct parser *p)
{
	struct tok t = lex(p, L_OPERAND);
	struct node *nd;

	if (!tok_is(p, &t, "not"))
		return parse_test(p);
	p->i = t.end;
	if (++p->depth > MAX_DEPTH) {
		perr(p, t.off, "expression nested too deeply");
		return NULL;
	}
	nd = new_node(p, N_NOT, t.off);
	t = lex(p, L_OPERAND);
	if (t.type == T_END) {
		perr(p, t.off, "expected a value after 'not'");
		return NULL;
	}
	nd->a = parse_not(p);
	p->depth--;
	if (nd->a == NULL || !set_depth(p, nd))
		return NULL;
	return nd;
}

/*
 * A chain of one connective: "a and b and c" (or "or"), one node with a
 * kid per operand; a single operand stands for itself.  sub parses the
 * operands (the next tighter level).
 */
static struct node *
parse_chain(struct parser *p, const char *word, int type,
    struct node *(*sub)(struct parser *))
{
	struct node *left = sub(p), *nd = NULL, *kid;
	struct tok t;

	while (left != NULL) {
		t = lex(p, 0);
		if (!tok_is(p, &t, word))
			break;
		p->i = t.end;
		t = lex(p, L_OPERAND);
		if (t.type == T_END) {
			perr(p, t.off, "expected a value after '%s'", word);
			return NULL;
		}
		if ((kid = sub(p)) == NULL)
			return NULL;
		if (nd == NULL) {
			nd = new_node(p, type, left->off);
			add_kid(nd, left);
		}
		add_kid(nd, kid);
	}
	if (left == NULL)
		return NULL;
	if (nd != NULL)
		return set_depth(p, nd) ? nd : NULL;
	return left;
}

static struct node *
parse_and(struct parser *p)
{
	return parse_chain(p, "and", N_AND, parse_not);
}

static struct node *
parse_or(struct parser *p)
{
	return parse_chain(p, "or", N_OR, parse_and);
}

struct lp_expr *
lp_expr_parse(const char *text, size_t n, const struct lp_expr_src *src,
    struct lp_err *err)
{
	struct lp_expr *e = lp_xcalloc(1, sizeof(*e));
	struct parser p;
	struct tok t;
	char what[64];

	e->text = dupmem(text, n);
	e->n = n;
	e->file = lp_xstrdup(src != NULL && src->file != NULL ? src->file :
	    "<expr>");
	e->line = src != NULL && src->line > 0 ? src->line : 1;
	e->col = src != NULL && src->col > 0 ? src->col : 1;
	if (src != NULL && src->line_text != NULL)
		e->line_text = lp_xstrdup(src->line_text);
	memset(&p, 0, sizeof(p));
	p.s = e->text;
	p.n = n;
	p.e = e;
	p.err = err;
	p.basedir = src != NULL ? src->basedir : NULL;
	e->dates = src != NULL ? src->dates : NULL;
	if (src != NULL && src->limits != NULL)
		p.limits = *src->limits;
	else
		p.limits = (struct lp_limits)LP_LIMITS_DEFAULT;

	t = lex(&p, L_OPERAND);
	if (t.type == T_END) {
		perr(&p, t.off, "empty expression");
		goto fail;
	}
	if ((e->root = parse_or(&p)) == NULL) {
		/* Every failure sets err; this only guards that promise. */
		if (!p.failed)
			perr(&p, p.i, "syntax error");
		goto fail;
	}
	t = lex(&p, 0);
	if (t.type != T_END) {
		if (p.failed)
			goto fail;
		if (tok_is(&p, &t, "&&"))
			perr(&p, t.off, "unexpected '&&' (use 'and')");
		else if (tok_is(&p, &t, "||"))
			perr(&p, t.off, "unexpected '||' (use 'or')");
		else if (tok_is(&p, &t, "!"))
			perr(&p, t.off, "unexpected '!' (use 'not', or '!=')");
		else if (tok_is(&p, &t, ")"))
			perr(&p, t.off, "unexpected ')' (no matching '(')");
		else if (t.type == T_IDENT || t.type == T_WORD ||
		    t.type == T_BAD) {
			/* Most often: text with a space on the right. */
			if (t.type == T_BAD)
				bad_char(&p, t.off);
			else
				perr(&p, t.off, "unexpected %s (quote text with "
				    "spaces: \"a b\"; join conditions with "
				    "'and' or 'or')",
				    tok_desc(&p, &t, what, sizeof(what)));
		} else
			perr(&p, t.off, "unexpected %s",
			    tok_desc(&p, &t, what, sizeof(what)));
		goto fail;
	}
	e->names = lp_xcalloc((size_t)e->nfields + 1, sizeof(*e->names));
	for (int i = 0; i < e->nfields; i++)
		e->names[i] = e->fields[i].name;
	return e;
fail:
	lp_expr_free(e);
	return NULL;
}

void
lp_expr_free(struct lp_expr *e)
{
	struct node *nd, *next;

	if (e == NULL)
		return;
	/* The count, once the records are done (every program frees its
	 * expressions at the end of the run). */
	if (e->limit_hits > 0)
		lp_warn("%s:%ld:%d: regex hit its match limit on %ld record%s "
		    "(raise it with --limit regex=STEPS)", e->file,
		    e->limit_line, e->limit_col, e->limit_hits,
		    e->limit_hits == 1 ? "" : "s");
	for (nd = e->nodes; nd != NULL; nd = next) {
		next = nd->next;
		free(nd->kids);
		free(nd->kstr);
		lp_buf_fini(&nd->buf);
		regex_free(nd->re);
		free_list(nd->list);
		free(nd);
	}
	for (int i = 0; i < e->nfields; i++)
		free(e->fields[i].name);
	free(e->fields);
	free(e->names);
	if (e->mctx != NULL)
		pcre2_match_context_free(e->mctx);
	if (e->jstack != NULL)
		pcre2_jit_stack_free(e->jstack);
	lp_geo_free(e->geo);
	free(e->text);
	free(e->file);
	free(e->line_text);
	free(e);
}

const char *const *
lp_expr_fields(const struct lp_expr *e)
{
	return e->names;
}

int
lp_expr_column(const struct lp_expr *e, int i)
{
	return i >= 0 && i < e->nfields && e->fields[i].col >= 0 ?
	    e->fields[i].col : -1;
}

bool
lp_expr_is_condition(const struct lp_expr *e)
{
	switch (e->root->kind0) {
	case N_AND: case N_OR: case N_NOT: case N_CMP: case N_MATCH:
	case N_IN: case N_EMPTY:
		return true;
	case N_CALL:
		return e->root->fn->cond;
	default:
		return false;
	}
}
