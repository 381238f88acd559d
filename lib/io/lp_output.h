/*
 * lp_output -- extra outputs beside a stream's own: a record writer with
 * a header of the program's choosing (lead-check's violation records), a
 * second output with the stream's header (--split INVALID), and a plain
 * byte output (JUnit XML).  Each is written atomically like -o: stdout,
 * or a temp file renamed into place by lp_output_commit and removed by
 * lp_output_free when never committed.
 *
 * (To be folded into lp_stream.h; implemented in lp_output.c on top of
 * lp_private.h's lp_out and lp_writer.)
 */
#ifndef LP_OUTPUT_H
#define LP_OUTPUT_H

#include "lp_err.h"
#include "lp_stream.h"
#include "lp_util.h"

struct lp_output;

/*
 * Open path (NULL or "-": standard output) for records in fmt (LP_FMT_AUTO
 * means CSV) with io's output delimiter and excel_safe, and write the
 * header names[0..n) (copied).  Returns a new output (lp_output_free), or
 * NULL with err set (73 cannot create).
 */
struct lp_output *lp_output_open(const char *path, enum lp_format fmt,
	    const struct lp_io_opts *io, const char *const *names, int n,
	    struct lp_err *);
/* The same, with the stream's header and output format. */
struct lp_output *lp_output_open_like(const char *path,
	    const struct lp_stream *, const struct lp_io_opts *io,
	    struct lp_err *);
/* Open path for bytes written with lp_output_write (no records). */
struct lp_output *lp_output_open_raw(const char *path, struct lp_err *);

/* One record of n fields (n must be the header's width).  A field whose
 * n has LP_OUTPUT_NUMBER set is a JSON number (written bare to JSON). */
#define LP_OUTPUT_NUMBER	((size_t)1 << (sizeof(size_t) * 8 - 1))
void	lp_output_put(struct lp_output *, const struct lp_str *f, int n);
/* A stream record, as wide as the header the output was opened with. */
void	lp_output_put_record(struct lp_output *, const struct lp_record *);
/* Bytes, for a raw output. */
void	lp_output_write(struct lp_output *, const char *p, size_t n);
/* Records written so far. */
long	lp_output_count(const struct lp_output *);

/*
 * End the output (a JSON array's closing bracket), flush, check and
 * rename into place.  what names standard output in messages.  0, or -1
 * with err set (74 write error, 73 cannot rename).
 */
int	lp_output_commit(struct lp_output *, const char *what, struct lp_err *);
/* Free; an uncommitted temp file is removed.  NULL-safe. */
void	lp_output_free(struct lp_output *);

#endif
