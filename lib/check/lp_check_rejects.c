/*
 * lp_check_rejects -- count the records a reader set aside, so that
 * lead-check's gate, summary and JUnit report see them (lp_check_rejects.h).
 *
 * A rejects file is the CSV every program's --rejects writes (lp_stream.c):
 * header file,line,reason,record, one record per rejected record, the
 * record cell possibly spanning lines.  It is read with the record stream
 * like any input, so quoting, line breaks and limits are the readers'.
 * Per file the count and the first `examples` (file, line, reason) are
 * kept; nothing else is held.
 */
#include <stdlib.h>
#include <string.h>

#include "lp_check_rejects.h"
#include "lp_esc.h"
#include "lp_files.h"

struct rexample {
	char	*where;			/* "export.csv:4" */
	char	*reason;
};

struct rsource {
	char		*path;
	enum lp_rej_kind kind;
	long		 n;
	struct rexample	*ex;
	int		 nex;
};

struct lp_rejects {
	struct rsource	*src;
	int		 nsrc;
	int		 examples;
};

static const char *const columns[] = { "file", "line", "reason", "record" };

struct lp_rejects *
lp_rejects_new(int examples)
{
	struct lp_rejects *rj = lp_xcalloc(1, sizeof(*rj));

	rj->examples = examples < 0 ? 0 : examples;
	return rj;
}

void
lp_rejects_free(struct lp_rejects *rj)
{
	if (rj == NULL)
		return;
	for (int i = 0; i < rj->nsrc; i++) {
		for (int k = 0; k < rj->src[i].nex; k++) {
			free(rj->src[i].ex[k].where);
			free(rj->src[i].ex[k].reason);
		}
		free(rj->src[i].ex);
		free(rj->src[i].path);
	}
	free(rj->src);
	free(rj);
}

static struct rsource *
add_source(struct lp_rejects *rj, const char *path, enum lp_rej_kind kind)
{
	struct rsource *s;

	rj->src = lp_xreallocarray(rj->src, (size_t)rj->nsrc + 1,
	    sizeof(*rj->src));
	s = &rj->src[rj->nsrc++];
	memset(s, 0, sizeof(*s));
	s->path = lp_xstrdup(path);
	s->kind = kind;
	s->ex = lp_xcalloc((size_t)rj->examples + 1, sizeof(*s->ex));
	return s;
}

/* A cell as a C string, without the ' that makes a formula-like cell
 * safe in a spreadsheet (the rejects file is written formula-safe). */
static char *
cell(struct lp_str s)
{
	if (s.n > 1 && s.p[0] == '\'' && strchr("=+-@\t\r", s.p[1]) != NULL) {
		s.p++;
		s.n--;
	}
	return lp_xstrndup(s.p, s.n);
}

int
lp_rejects_read(struct lp_rejects *rj, const struct lp_io_opts *io,
    const char *path, struct lp_err *err)
{
	struct lp_io_opts o = *io;
	char *files[2] = { (char *)path, NULL };
	struct lp_err scratch = LP_ERR_INIT;
	struct lp_stream *st;
	const struct lp_header *h;
	struct lp_record *rec;
	struct rsource *s;
	int rc, n;

	/* Standard input is the records' (or nothing's): a rejects file is
	 * a file an earlier stage wrote and left. */
	if (strcmp(path, "-") == 0)
		return lp_err_set(err, EX_USAGE, "--upstream-rejects", 0,
		    "name the rejects file; standard input cannot be one");
	o.from = LP_FMT_CSV;
	o.delim = ',';
	o.output = NULL;
	o.no_output = true;
	o.rejects = NULL;
	o.progress = 0;
	o.max_rejects_set = false;
	o.records = NULL;
	o.sheet = NULL;
	o.header_row = 0;
	o.column_key = NULL;
	o.column_key_ctx = NULL;
	/* No output of this run may replace the file it counts. */
	lp_files_input(path);
	if ((st = lp_stream_open(&o, files, err)) == NULL)
		return -1;
	h = lp_stream_header(st);
	n = lp_header_count(h);
	for (int i = 0; i < 4 && n == 4; i++)
		if (strcmp(lp_header_name(h, i), columns[i]) != 0)
			n = -1;
	if (n == 0)
		lp_err_set(err, EX_DATAERR, path, 0, "empty: not a rejects "
		    "file (--rejects always writes its header)");
	if (n != 4) {
		lp_err_set(err, EX_DATAERR, path, 1, "not a rejects file: the "
		    "header must be file,line,reason,record (as --rejects "
		    "writes it)");
		lp_stream_close(st, &scratch);
		return -1;
	}
	s = add_source(rj, path, LP_REJ_UPSTREAM);
	while ((rc = lp_stream_next(st, &rec, err)) > 0) {
		struct lp_str f = lp_record_get(rec, 0);
		struct lp_str l = lp_record_get(rec, 1);
		struct lp_buf b;

		if (s->nex < rj->examples) {
			lp_buf_init(&b);
			lp_buf_add(&b, f.p, f.n);
			if (l.n > 0) {
				lp_buf_addc(&b, ':');
				lp_buf_add(&b, l.p, l.n);
			}
			s->ex[s->nex].where = cell((struct lp_str){ b.p ?
			    b.p : "", b.n });
			s->ex[s->nex].reason = cell(lp_record_get(rec, 2));
			s->nex++;
			lp_buf_fini(&b);
		}
		s->n++;
	}
	if (rc == 0)
		lp_stream_commit(st, err);
	lp_stream_close(st, &scratch);
	return rc < 0 || err->code != 0 ? -1 : 0;
}

void
lp_rejects_add(struct lp_rejects *rj, const char *path, long n)
{
	add_source(rj, path, LP_REJ_HERE)->n = n;
}

long
lp_rejects_count(const struct lp_rejects *rj, enum lp_rej_kind kind)
{
	long n = 0;

	for (int i = 0; rj != NULL && i < rj->nsrc; i++)
		if (kind == LP_REJ_NKINDS || rj->src[i].kind == kind)
			n += rj->src[i].n;
	return n;
}

int
lp_rejects_files(const struct lp_rejects *rj, enum lp_rej_kind kind)
{
	int n = 0;

	for (int i = 0; rj != NULL && i < rj->nsrc; i++)
		if (rj->src[i].kind == kind)
			n++;
	return n;
}

static void
kind_name(enum lp_rej_kind kind, const char *prog, struct lp_buf *out)
{
	if (kind == LP_REJ_UPSTREAM)
		lp_buf_adds(out, "rejected upstream");
	else
		lp_buf_printf(out, "rejected by %s", prog);
}

static void
example(const struct rexample *x, struct lp_buf *out)
{
	lp_buf_printf(out, "%s: %s", x->where, x->reason);
}

void
lp_rejects_summary(const struct lp_rejects *rj, const char *prog,
    int indent, struct lp_buf *out)
{
	for (int i = 0; rj != NULL && i < rj->nsrc; i++) {
		const struct rsource *s = &rj->src[i];

		lp_buf_adds(out, "  ");
		kind_name(s->kind, prog, out);
		lp_buf_printf(out, " %ld (%s)\n", s->n, s->path);
		for (int k = 0; k < s->nex; k++) {
			lp_buf_printf(out, "%*s", indent, "");
			example(&s->ex[k], out);
			lp_buf_addc(out, '\n');
		}
		if (s->n > s->nex && s->nex > 0)
			lp_buf_printf(out, "%*s... and %ld more\n", indent, "",
			    s->n - s->nex);
	}
}

int
lp_rejects_ncases(const struct lp_rejects *rj, bool failed, int *failures)
{
	int n = 0;

	*failures = 0;
	for (int k = 0; k < LP_REJ_NKINDS; k++)
		if (lp_rejects_files(rj, k) > 0) {
			n++;
			if (failed && lp_rejects_count(rj, k) > 0)
				(*failures)++;
		}
	return n;
}

/* The text of one kind's test case: per file its count, then examples. */
static void
case_text(const struct lp_rejects *rj, enum lp_rej_kind kind,
    struct lp_buf *out)
{
	for (int i = 0; i < rj->nsrc; i++) {
		const struct rsource *s = &rj->src[i];

		if (s->kind != kind)
			continue;
		lp_buf_printf(out, "%s: %ld record%s%s\n", s->path, s->n,
		    s->n == 1 ? "" : "s", kind == LP_REJ_HERE && s->n > 0 ?
		    " (the reasons are in the file)" : "");
		for (int k = 0; k < s->nex; k++) {
			example(&s->ex[k], out);
			lp_buf_addc(out, '\n');
		}
		if (s->n > s->nex && s->nex > 0)
			lp_buf_printf(out, "... and %ld more\n", s->n - s->nex);
	}
}

void
lp_rejects_junit(const struct lp_rejects *rj, const char *prog, bool failed,
    struct lp_buf *out)
{
	struct lp_buf name, text, msg;

	lp_buf_init(&name);
	lp_buf_init(&text);
	lp_buf_init(&msg);
	for (int k = 0; k < LP_REJ_NKINDS; k++) {
		long n = lp_rejects_count(rj, k);

		if (lp_rejects_files(rj, k) == 0)
			continue;
		name.n = text.n = msg.n = 0;
		kind_name(k, prog, &name);
		lp_buf_adds(out, "    <testcase classname=\"lead-check.rejects\" "
		    "name=\"");
		lp_esc_xml(out, name.p, name.n, true);
		lp_buf_adds(out, "\" time=\"0\"");
		if (n == 0) {
			lp_buf_adds(out, "/>\n");
			continue;
		}
		lp_buf_adds(out, ">\n");
		case_text(rj, k, &text);
		if (failed) {
			lp_buf_printf(&msg, "%ld record%s ", n, n == 1 ? "" :
			    "s");
			lp_buf_add(&msg, name.p, name.n);
			for (int i = 0; i < rj->nsrc; i++)
				if ((int)rj->src[i].kind == k && rj->src[i].nex) {
					lp_buf_adds(&msg, ", first: ");
					example(&rj->src[i].ex[0], &msg);
					break;
				}
			lp_buf_adds(out, "      <failure type=\"rejected\" "
			    "message=\"");
			lp_esc_xml(out, msg.p, msg.n, true);
			lp_buf_adds(out, "\">");
			lp_esc_xml(out, text.p, text.n, false);
			lp_buf_adds(out, "</failure>\n");
		} else {
			lp_buf_printf(out, "      <system-out>%ld record%s "
			    "(within the gate)\n", n, n == 1 ? "" : "s");
			lp_esc_xml(out, text.p, text.n, false);
			lp_buf_adds(out, "</system-out>\n");
		}
		lp_buf_adds(out, "    </testcase>\n");
	}
	lp_buf_fini(&msg);
	lp_buf_fini(&text);
	lp_buf_fini(&name);
}
