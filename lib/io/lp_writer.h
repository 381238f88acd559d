/*
 * lp_writer -- records out in a format, over one atomic file.  The
 * stream's own output is a writer (lp_stream_put); these open more:
 * a record writer with a header of the program's choosing (lead-check's
 * violation records), a second output with the stream's header (--split
 * INVALID), and a plain byte output (JUnit XML, --explain, report pages).
 * Each is written atomically like -o: stdout, or a temp file renamed
 * into place by lp_writer_commit and removed by lp_writer_free when
 * never committed.
 *
 * Two names, two layers (lp_private.h): lp_out_* is the atomic file
 * (lp_out.c), lp_writer_* the format written over it (lp_writer.c,
 * lp_writer_xlsx.c).
 */
#ifndef LP_WRITER_H
#define LP_WRITER_H

#include "lp_err.h"
#include "lp_stream.h"
#include "lp_util.h"

struct lp_writer;

/*
 * Open path (NULL or "-": standard output) for records in fmt (LP_FMT_AUTO
 * means CSV) with io's output delimiter and excel_safe, and write the
 * header names[0..n) (copied).  Returns a new writer (lp_writer_free), or
 * NULL with err set (73 cannot create).
 */
struct lp_writer *lp_writer_open(const char *path, enum lp_format fmt,
	    const struct lp_io_opts *io, const char *const *names, int n,
	    struct lp_err *);
/* The same, with the stream's header and output format. */
struct lp_writer *lp_writer_open_like(const char *path,
	    const struct lp_stream *, const struct lp_io_opts *io,
	    struct lp_err *);
/* Open path for bytes written with lp_writer_write (no records). */
struct lp_writer *lp_writer_open_raw(const char *path, struct lp_err *);

/* One record of n fields (n must be the header's width).  A field whose
 * n has LP_WRITER_NUMBER set is a JSON number (written bare to JSON). */
#define LP_WRITER_NUMBER	((size_t)1 << (sizeof(size_t) * 8 - 1))
void	lp_writer_put(struct lp_writer *, const struct lp_str *f, int n);
/* A stream record, as wide as the header the writer was opened with. */
void	lp_writer_put_record(struct lp_writer *, const struct lp_record *);
/* Bytes, for a raw writer. */
void	lp_writer_write(struct lp_writer *, const char *p, size_t n);
/* Records written so far. */
long	lp_writer_count(const struct lp_writer *);

/*
 * End the output (a JSON array's closing bracket), flush, check and
 * rename into place.  what names standard output in messages.  0, or -1
 * with err set (74 write error, 73 cannot rename).
 */
int	lp_writer_commit(struct lp_writer *, const char *what, struct lp_err *);
/* Free; an uncommitted temp file is removed.  NULL-safe. */
void	lp_writer_free(struct lp_writer *);

#endif
