/*
 * lp_output -- extra atomic outputs (see lp_output.h): a thin layer over
 * lp_private.h's lp_writer (formats) and lp_out (buffer, temp file,
 * rename), which is what lp_stream uses for its own output.
 */
#include <stdlib.h>
#include <string.h>

#include "lp_output.h"
#include "lp_private.h"

struct lp_output {
	struct lp_writer w;
	struct lp_str	*row;		/* scratch for lp_output_put_record */
	int		 ncols;
	bool		 raw;
};

static struct lp_output *
output_new(const char *path, enum lp_format fmt, int delim, bool excel_safe,
    struct lp_err *err)
{
	struct lp_output *o = lp_xcalloc(1, sizeof(*o));

	lp_writer_init(&o->w, fmt == LP_FMT_AUTO ? LP_FMT_CSV : fmt, delim,
	    excel_safe);
	if (lp_out_open(&o->w.out, path, err) < 0) {
		o->w.out.fd = -1;
		lp_writer_fini(&o->w);
		free(o);
		return NULL;
	}
	return o;
}

struct lp_output *
lp_output_open(const char *path, enum lp_format fmt,
    const struct lp_io_opts *io, const char *const *names, int n,
    struct lp_err *err)
{
	struct lp_output *o = output_new(path, fmt, io->delim, io->excel_safe,
	    err);

	if (o == NULL)
		return NULL;
	o->ncols = n;
	o->row = lp_xcalloc((size_t)n + 1, sizeof(*o->row));
	/* lp_writer_header copies what it keeps (JSON keys) and only reads
	 * the names. */
	lp_writer_header(&o->w, (char *const *)(uintptr_t)names, n);
	return o;
}

struct lp_output *
lp_output_open_like(const char *path, const struct lp_stream *st,
    const struct lp_io_opts *io, struct lp_err *err)
{
	const struct lp_header *h = lp_stream_header(st);
	int n = lp_header_count(h);
	const char **names = lp_xcalloc((size_t)n + 1, sizeof(*names));
	struct lp_output *o;

	for (int i = 0; i < n; i++)
		names[i] = lp_header_name(h, i);
	o = lp_output_open(path, lp_stream_to(st), io, names, n, err);
	free(names);
	return o;
}

struct lp_output *
lp_output_open_raw(const char *path, struct lp_err *err)
{
	struct lp_output *o = output_new(path, LP_FMT_CSV, ',', false, err);

	if (o != NULL)
		o->raw = true;
	return o;
}

void
lp_output_put(struct lp_output *o, const struct lp_str *f, int n)
{
	lp_writer_record(&o->w, f, n);
}

void
lp_output_put_record(struct lp_output *o, const struct lp_record *rec)
{
	for (int i = 0; i < o->ncols; i++)
		o->row[i] = lp_record_get_typed(rec, i);
	lp_writer_record(&o->w, o->row, o->ncols);
}

void
lp_output_write(struct lp_output *o, const char *p, size_t n)
{
	lp_buf_add(&o->w.out.b, p, n);
	if (o->w.out.b.n >= (256u << 10))
		lp_out_flush(&o->w.out);
}

long
lp_output_count(const struct lp_output *o)
{
	return o->w.written;
}

int
lp_output_commit(struct lp_output *o, const char *what, struct lp_err *err)
{
	if (!o->raw)
		lp_writer_end(&o->w);
	return lp_out_commit(&o->w.out, what, err);
}

void
lp_output_free(struct lp_output *o)
{
	if (o == NULL)
		return;
	lp_writer_fini(&o->w);
	free(o->row);
	free(o);
}
