/*
 * lp_writer -- records out in a format (CSV, TSV, JSON Lines, a JSON
 * array, a text table; xlsx in lp_writer_xlsx.c), over one atomic file
 * (lp_out.c).  The stream's output and rejects are writers; so is every
 * extra output a program opens (lp_writer.h: lead-check's violations and
 * --split, --explain, the dedupe undo log, report pages).
 *
 * CSV and TSV quote a field only when it holds the delimiter, a quote,
 * CR or LF (RFC 4180), and a record that is one empty field is written
 * as "" so it does not read back as a blank line.  JSON is written by
 * hand, streaming: every value is a string, so CSV -> JSON -> CSV gives
 * back the same bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lp_err.h"
#include "lp_esc.h"
#include "lp_private.h"
#include "lp_writer.h"

void
lp_writer_init(struct lp_writer *w, enum lp_format fmt, int delim,
    bool excel_safe)
{
	memset(&w->fmt, 0, sizeof(*w) - offsetof(struct lp_writer, fmt));
	w->fmt = fmt;
	w->delim = fmt == LP_FMT_TSV ? '\t' : (char)(delim ? delim : ',');
	w->special[(unsigned char)w->delim] = 1;
	w->special['"'] = w->special['\r'] = w->special['\n'] = 1;
	w->excel_safe = excel_safe;
}


void
lp_csv_field(struct lp_buf *b, const struct lp_writer *w, const char *p,
    size_t n)
{
	bool guard;
	size_t i = 0;

	if (n == 0)	/* an empty field is nothing */
		return;
	guard = w->excel_safe && lp_formula_like(p, n);
	while (i < n && !w->special[(unsigned char)p[i]])
		i++;
	if (i == n) {
		if (guard)	/* Excel shows 'text as text */
			lp_buf_addc(b, '\'');
		lp_buf_add(b, p, n);
		return;
	}
	lp_buf_addc(b, '"');
	if (guard)
		lp_buf_addc(b, '\'');
	for (const char *q; (q = memchr(p, '"', n)) != NULL; ) {
		size_t k = (size_t)(q - p) + 1;

		lp_buf_add(b, p, k);
		lp_buf_addc(b, '"');
		p += k;
		n -= k;
	}
	lp_buf_add(b, p, n);
	lp_buf_addc(b, '"');
}

/*
 * A field with LP_FIELD_PLAIN: it has no '"', CR or LF, so it needs
 * quoting only when it holds the delimiter.  Looking for that one byte
 * is cheaper than lp_csv_field's scan for all of them; a field that has
 * it goes the usual way.  The formula guard is the same.
 */
static void
plain_field(struct lp_buf *b, const struct lp_writer *w, const char *p,
    size_t n)
{
	if (n < 16) {
		/* A number, a grade: copy while looking, no memcpy call.
		 * Bytes past b->n are spare room until b->n moves. */
		char *o;

		if (b->cap - b->n <= n)
			lp_buf_reserve(b, n);
		o = b->p + b->n;
		for (size_t i = 0; i < n; i++) {
			if (p[i] == w->delim) {
				lp_csv_field(b, w, p, n);
				return;
			}
			o[i] = p[i];
		}
		if (!w->excel_safe) {
			b->n += n;
			return;
		}
	} else if (memchr(p, w->delim, n) != NULL) {
		lp_csv_field(b, w, p, n);
		return;
	}
	if (w->excel_safe && lp_formula_like(p, n))
		lp_buf_addc(b, '\'');
	lp_buf_add(b, p, n);
}

/* A table cell: its text on one line (line breaks and tabs shown as
 * spaces), kept until lp_writer_end knows every column's width. */
static void
table_cell(struct lp_writer *w, const char *p, size_t n)
{
	if (w->ncell == w->cellcap) {
		w->cellcap = w->cellcap ? 2 * w->cellcap : 256;
		w->cell = lp_xreallocarray(w->cell, w->cellcap,
		    sizeof(*w->cell));
	}
	w->cell[w->ncell++] = w->cells.n;
	for (size_t i = 0; i < n; i++)
		lp_buf_addc(&w->cells, (unsigned char)p[i] < ' ' ? ' ' : p[i]);
	lp_buf_addc(&w->cells, '\0');
}

/* Write the table: columns two spaces apart, padded to the widest cell
 * of each by display width (lp_display_width), no trailing blanks. */
static void
table_end(struct lp_writer *w)
{
	size_t *width = lp_xcalloc((size_t)w->tcols + 1, sizeof(*width));
	struct lp_buf *b = &w->out.b;

	for (size_t i = 0; i < w->ncell; i++) {
		const char *s = w->cells.p + w->cell[i];
		size_t d = lp_display_width(s, strlen(s));
		size_t c = i % (size_t)w->tcols;

		if (d > width[c])
			width[c] = d;
	}
	for (size_t i = 0; i < w->ncell; i++) {
		const char *s = w->cells.p + w->cell[i];
		size_t c = i % (size_t)w->tcols;

		if (c + 1 == (size_t)w->tcols) {
			lp_buf_adds(b, s);
			lp_buf_addc(b, '\n');
		} else
			lp_buf_pad(b, s, strlen(s), width[c] + 2);
		if (b->n >= LP_OUTCAP)
			lp_out_flush(&w->out);
	}
	free(width);
}

void
lp_writer_header(struct lp_writer *w, char *const *names, int n)
{
	struct lp_buf *b = &w->out.b;

	if (w->fmt == LP_FMT_XLSX) {
		lp_writer_xlsx_header(w, names, n);
		return;
	}
	if (w->fmt == LP_FMT_TABLE) {
		w->tcols = n;
		for (int i = 0; i < n; i++)
			table_cell(w, names[i], strlen(names[i]));
		return;
	}

	if (w->fmt == LP_FMT_CSV || w->fmt == LP_FMT_TSV) {
		if (n == 0)
			return;
		for (int i = 0; i < n; i++) {
			if (i > 0)
				lp_buf_addc(b, w->delim);
			lp_csv_field(b, w, names[i], strlen(names[i]));
		}
		lp_buf_addc(b, '\n');
		return;
	}
	/* JSON: keep each key's escaped `"key":` text for the records. */
	w->keys = lp_xcalloc((size_t)n + 1, sizeof(*w->keys));
	w->keylen = lp_xcalloc((size_t)n + 1, sizeof(*w->keylen));
	w->nkeys = n;
	for (int i = 0; i < n; i++) {
		struct lp_buf k = { 0 };

		lp_esc_json(&k, names[i], strlen(names[i]));
		lp_buf_addc(&k, ':');
		w->keys[i] = k.p;
		w->keylen[i] = k.n;
	}
	if (w->fmt == LP_FMT_JSON)
		lp_buf_addc(b, '[');
}

void
lp_writer_put(struct lp_writer *w, const struct lp_str *f, int n)
{
	struct lp_buf *b = &w->out.b;

	if (w->fmt == LP_FMT_XLSX) {
		lp_writer_xlsx_record(w, f, n);
		return;
	}
	if (w->fmt == LP_FMT_TABLE) {
		for (int i = 0; i < n && i < w->tcols; i++)
			table_cell(w, f[i].p, LP_FIELD_LEN(f[i].n));
		w->written++;
		return;
	}
	if (w->fmt == LP_FMT_CSV || w->fmt == LP_FMT_TSV) {
		if (n == 1 && LP_FIELD_LEN(f[0].n) == 0)
			lp_buf_add(b, "\"\"", 2);
		for (int i = 0; i < n; i++) {
			if (i > 0)
				lp_buf_addc(b, w->delim);
			lp_csv_field(b, w, f[i].p, LP_FIELD_LEN(f[i].n));
		}
		lp_buf_addc(b, '\n');
	} else {
		if (w->fmt == LP_FMT_JSON)
			lp_buf_adds(b, w->written > 0 ? ",\n" : "\n");
		lp_buf_addc(b, '{');
		for (int i = 0; i < n && i < w->nkeys; i++) {
			if (i > 0)
				lp_buf_addc(b, ',');
			lp_buf_add(b, w->keys[i], w->keylen[i]);
			if (!(f[i].n & LP_FIELD_RAW))
				lp_esc_json(b, f[i].p, LP_FIELD_LEN(f[i].n));
			else if (LP_FIELD_LEN(f[i].n) == 0)
				lp_buf_add(b, "null", 4);
			else
				lp_buf_add(b, f[i].p, LP_FIELD_LEN(f[i].n));
		}
		lp_buf_adds(b, w->fmt == LP_FMT_NDJSON ? "}\n" : "}");
	}
	w->written++;
	if (b->n >= LP_OUTCAP)
		lp_out_flush(&w->out);
}

void
lp_writer_put_plain(struct lp_writer *w, const struct lp_str *f, int n,
    int from)
{
	struct lp_buf *b = &w->out.b;
	int i;

	if ((w->fmt != LP_FMT_CSV && w->fmt != LP_FMT_TSV) ||
	    (n == 1 && LP_FIELD_LEN(f[0].n) == 0)) {
		lp_writer_put(w, f, n);
		return;
	}
	for (i = 0; i < from && i < n; i++) {
		if (i > 0)
			lp_buf_addc(b, w->delim);
		lp_csv_field(b, w, f[i].p, LP_FIELD_LEN(f[i].n));
	}
	for (; i < n; i++) {
		if (i > 0)
			lp_buf_addc(b, w->delim);
		if (f[i].n & LP_FIELD_PLAIN)
			plain_field(b, w, f[i].p, LP_FIELD_LEN(f[i].n));
		else
			lp_csv_field(b, w, f[i].p, LP_FIELD_LEN(f[i].n));
	}
	lp_buf_addc(b, '\n');
	w->written++;
	if (b->n >= LP_OUTCAP)
		lp_out_flush(&w->out);
}

void
lp_writer_end(struct lp_writer *w)
{
	if (w->fmt == LP_FMT_XLSX)
		lp_writer_xlsx_end(w);
	if (w->fmt == LP_FMT_JSON)
		lp_buf_adds(&w->out.b, w->written > 0 ? "\n]\n" : "]\n");
	if (w->fmt == LP_FMT_TABLE && w->tcols > 0)
		table_end(w);
}

void
lp_writer_fini(struct lp_writer *w)
{
	lp_writer_xlsx_fini(w);
	for (int i = 0; i < w->nkeys; i++)
		free(w->keys[i]);
	free(w->keys);
	free(w->keylen);
	w->keys = NULL;
	w->keylen = NULL;
	w->nkeys = 0;
	lp_buf_fini(&w->cells);
	free(w->row);
	w->row = NULL;
	free(w->cell);
	w->cell = NULL;
	w->ncell = w->cellcap = 0;
	lp_out_abort(&w->out);
}

/* ---- writers of their own: lp_writer.h ---- */

static struct lp_writer *
writer_new(const char *path, enum lp_format fmt, int delim, bool excel_safe,
    struct lp_err *err)
{
	struct lp_writer *w = lp_xcalloc(1, sizeof(*w));

	lp_writer_init(w, fmt == LP_FMT_AUTO ? LP_FMT_CSV : fmt, delim,
	    excel_safe);
	if (lp_out_open(&w->out, path, err) < 0) {
		w->out.fd = -1;
		lp_writer_fini(w);
		free(w);
		return NULL;
	}
	return w;
}

struct lp_writer *
lp_writer_open(const char *path, enum lp_format fmt,
    const struct lp_io_opts *io, const char *const *names, int n,
    struct lp_err *err)
{
	struct lp_writer *w = writer_new(path, fmt, io->delim, io->excel_safe,
	    err);

	if (w == NULL)
		return NULL;
	w->ncols = n;
	w->row = lp_xcalloc((size_t)n + 1, sizeof(*w->row));
	/* lp_writer_header copies what it keeps (JSON keys) and only reads
	 * the names. */
	lp_writer_header(w, (char *const *)(uintptr_t)names, n);
	return w;
}

struct lp_writer *
lp_writer_open_like(const char *path, const struct lp_stream *st,
    const struct lp_io_opts *io, struct lp_err *err)
{
	const struct lp_header *h = lp_stream_header(st);
	int n = lp_header_count(h);
	const char **names = lp_xcalloc((size_t)n + 1, sizeof(*names));
	struct lp_writer *w;

	for (int i = 0; i < n; i++)
		names[i] = lp_header_name(h, i);
	w = lp_writer_open(path, lp_stream_to(st), io, names, n, err);
	free(names);
	return w;
}

struct lp_writer *
lp_writer_open_raw(const char *path, struct lp_err *err)
{
	struct lp_writer *w = writer_new(path, LP_FMT_CSV, ',', false, err);

	if (w != NULL)
		w->raw = true;
	return w;
}

void
lp_writer_put_record(struct lp_writer *w, const struct lp_record *rec)
{
	for (int i = 0; i < w->ncols; i++)
		w->row[i] = lp_record_get_typed(rec, i);
	lp_writer_put(w, w->row, w->ncols);
}

void
lp_writer_write(struct lp_writer *w, const char *p, size_t n)
{
	lp_buf_add(&w->out.b, p, n);
	if (w->out.b.n >= LP_OUTCAP)
		lp_out_flush(&w->out);
}

long
lp_writer_count(const struct lp_writer *w)
{
	return w->written;
}

int
lp_writer_commit(struct lp_writer *w, const char *what, struct lp_err *err)
{
	if (!w->raw)
		lp_writer_end(w);
	return lp_out_commit(&w->out, what, err);
}

void
lp_writer_free(struct lp_writer *w)
{
	if (w == NULL)
		return;
	lp_writer_fini(w);
	free(w);
}
