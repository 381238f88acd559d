/*
 * lp_private.h -- internals shared by the stream modules (lp_stream.c,
 * lp_decode.c, lp_csv.c, lp_json.c, lp_out.c, lp_writer.c); not seen by
 * cmd/.
 */
#ifndef LP_PRIVATE_H
#define LP_PRIVATE_H

#include <iconv.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lp_files.h"

#include "lp_stream.h"
#include "lp_util.h"
#include "lp_writer.h"

/* ---- decode: bytes of one input -> UTF-8 (lp_decode.c) ---- */

enum lp_enc { LP_ENC_UTF8, LP_ENC_UTF16LE, LP_ENC_UTF16BE, LP_ENC_CP1252 };

struct lp_dec {
	const char	*name;		/* for messages */
	int		 fd;
	enum lp_enc	 enc;
	bool		 bom;		/* the file declared its encoding */
	bool		 nonascii;	/* valid multi-byte UTF-8 seen */
	bool		 eof;
	iconv_t		 cd;		/* (iconv_t)-1 unless converting */
	char		*raw;		/* undecoded bytes */
	size_t		 rawpos, rawlen, rawcap;
	uint64_t	 consumed;	/* raw bytes read so far (progress) */
	size_t		 read_size;	/* at most this many bytes per read */
	bool		 mark;		/* --rejects: a NUL or invalid byte in
					   UTF-8 text becomes a marker byte
					   (LP_MARK_*) for the reader to
					   reject its record, not an error */
	bool		 marked;	/* a marker was written */
};

/* Marker bytes the decoder writes (never in decoded UTF-8 otherwise). */
#define LP_MARK_NUL	'\0'
#define LP_MARK_BAD	'\377'
/* The reason a record holding a marker is rejected, or NULL. */
const char *lp_dec_marked(const char *p, size_t n);
/* Append p[0..n) to b with each marker as U+FFFD. */
void	lp_dec_unmark(struct lp_buf *b, const char *p, size_t n);

/* Start decoding fd: read the first bytes, detect a BOM.  0 or -1. */
int	lp_dec_open(struct lp_dec *, int fd, const char *name,
	    size_t read_size, struct lp_err *);
/*
 * Decode up to cap bytes of UTF-8 into out (cap >= 64).  Returns the byte
 * count, 0 at end of input, -1 with err set (invalid bytes, NUL, read
 * error); line is the line number errors are reported at.
 */
ssize_t	lp_dec_read(struct lp_dec *, char *out, size_t cap, long line,
	    struct lp_err *);
void	lp_dec_close(struct lp_dec *);

/* ---- one input file and its reader ---- */

struct lp_field {
	size_t	off, len;	/* into the owning data buffer */
};

/*
 * A field whose text is a JSON literal (a number, true, false; null when
 * empty) rather than a string has this bit set in its len: JSON output
 * writes it bare.  Mask it off (LP_FIELD_LEN) before using len.
 */
#define LP_FIELD_RAW	((size_t)1 << (sizeof(size_t) * 8 - 1))
/*
 * A field a program set whose text is known to hold no '"', CR or LF
 * (lp_record_set_number, lp_record_set_text) has this bit: only the
 * delimiter can make CSV quote it, so the writer looks for that byte
 * alone instead of scanning for every special one (issue 17 item 14:
 * the columns lead-score adds).  LP_FIELD_LEN masks it off too.
 */
#define LP_FIELD_PLAIN	((size_t)1 << (sizeof(size_t) * 8 - 2))
#define LP_FIELD_LEN(n)	((n) & ~(LP_FIELD_RAW | LP_FIELD_PLAIN))
/*
 * The progress line (lp_progress.c): done of total input bytes (total 0:
 * unknown, from a pipe: no percent and no ETA), records read, secs since
 * the start.  Writes at most cap-1 bytes and a NUL; returns the length.
 */
size_t	lp_progress_format(char *out, size_t cap, const char *prog,
	    uint64_t done, uint64_t total, long records, double secs);
/* lp_record_get with LP_FIELD_RAW in n for a JSON literal, and
 * LP_FIELD_PLAIN: for writers. */
struct lp_str lp_record_get_typed(const struct lp_record *, int col);

/* Records a reader has parsed but the stream has not returned yet. */
struct lp_pending {
	struct lp_buf	 data;		/* field bytes */
	struct lp_field	*f;		/* fields, all records in order */
	size_t		 nf, fcap;
	struct rawrec {
		size_t	f0, nf;		/* first field, field count */
		long	line, last;
	}		*r;
	size_t		 nr, rcap, next;
};

struct lp_input {
	const char	*name;		/* "<stdin>" for standard input */
	const char	*path;
	struct lp_dec	 dec;
	enum lp_format	 fmt;
	int		 delim;
	bool		 done;
	uint64_t	 size;		/* bytes, 0 when unknown (progress) */
	/* decoded text and the line being read */
	char		*buf;
	size_t		 pos, len, cap;
	size_t		 recstart;	/* where the current record began */
	size_t		 lineend;	/* end of the line being parsed */
	long		 line;		/* lines completed before buf+pos */
	bool		 cr_mode;	/* lines end with a lone CR */
	bool		 in_record;
	long		 rec_line;
	long		 blank;		/* blank lines skipped */
	/* the file's own header and where its columns go in the union */
	char		**names;
	int		  ncols;
	int		 *map;		/* file column -> union column */
	bool		  identity;
	struct lp_map	 *keys;		/* JSON: key -> file column */
	struct lp_pending pend;
	void		 *csv;		/* struct csv_parser *, lp_csv.c */
	bool		  json_array_open;
	bool		  json_array_more;	/* an element read: , or ] next */
	bool		  json_doc;	/* the array inside an object (API dump) */
	uint64_t	  json_doc_off;	/* its '[' in the decoded text */
	bool		  over_limit;	/* the record limit stopped reading */
	bool		  parked;	/* header read, file closed until its
					   turn (opened one at a time) */
	void		 *json_fast;	/* lp_json.c's flat-line reader state */
	void		 *xlsx;		/* lp_xlsx.c's workbook state */
	const struct lp_io_opts *opts;
	/* a record the reader refuses: the stream writes it to rejects */
	void		(*reject)(void *ctx, struct lp_input *, long line,
			    const char *raw, size_t n, const char *why);
	void		 *reject_ctx;
	bool		  have_rejects;
	void		(*progress_cb)(void *ctx);	/* after each read */
	void		 *progress_ctx;
};

/* Parsing: read the header (CSV) or the keys (JSON) at open, then records.
 * next returns 1 with a pending record, 0 at end, -1 with err. */
int	lp_csv_open(struct lp_input *, struct lp_err *);
int	lp_csv_fill(struct lp_input *, struct lp_err *);
void	lp_csv_close(struct lp_input *);
int	lp_json_open(struct lp_input *, struct lp_err *);
int	lp_json_fill(struct lp_input *, struct lp_err *);
void	lp_json_close(struct lp_input *);
/* xlsx (lp_xlsx.c): the decoder's first bytes are a zip file's. */
bool	lp_xlsx_magic(const struct lp_dec *);
int	lp_xlsx_open(struct lp_input *, struct lp_err *);
int	lp_xlsx_fill(struct lp_input *, struct lp_err *);
void	lp_xlsx_close(struct lp_input *);

/* Read more decoded text into in->buf, keeping buf[recstart..len).
 * Returns bytes added, 0 at end, -1 with err. */
ssize_t	lp_input_more(struct lp_input *, struct lp_err *);
/* Pending-record building (lp_stream.c). */
void	lp_pending_field(struct lp_pending *, const char *p, size_t n);
void	lp_pending_end(struct lp_pending *, size_t f0, long line, long last);
void	lp_pending_reset(struct lp_pending *);
/* Set the file's header from names (copied); makes names unique. */
int	lp_input_set_header(struct lp_input *, char **names, size_t *lens,
	    int n, struct lp_err *);

/* ---- output: lp_out, the atomic file (lp_out.c) ---- */

/* Bytes buffered before a write(2). */
#define LP_OUTCAP	(256 * 1024)

struct lp_out {
	int		 fd;
	char		*path;		/* final path, NULL for stdout */
	char		*tmp;		/* temp file renamed onto path */
	struct lp_buf	 b;		/* flushed by lp_out_flush */
	bool		 failed;
	int		 err_no;
	int		 slot;		/* lp_files slot + 1; 0 none */
	bool		 keep_mode;	/* path existed: give the new file
					   its mode */
	bool		 anon;		/* an O_TMPFILE file with no name
					   yet: nothing to leave behind */
	mode_t		 mode;
};

/*
 * lp_files.c: an output path (NULL or "-": stdout) this run will write.
 * Refused (-1, err 64) when it is an input or another open output;
 * else a slot for the calls below.  _tmp names the temp file a signal
 * removes; _check refuses, at commit, an input noted since; _done gives
 * the slot back.
 */
int	lp_files_output(const char *path, struct lp_err *);
/* An input a stream reads, from lp_stream_open to lp_stream_close (a
 * file a program reads for good: lp_files_input). */
void	lp_files_input_open(const char *path);
void	lp_files_input_close(const char *path);
void	lp_files_output_tmp(int slot, const char *tmp);
int	lp_files_output_check(const char *path, struct lp_err *);
void	lp_files_output_done(int slot);
/* Block SIGHUP, SIGINT, SIGTERM in this thread, so a thread started now
 * never takes them (restore with pthread_sigmask(SIG_SETMASK, old)). */
void	lp_files_block_signals(sigset_t *old);

int	lp_out_open(struct lp_out *, const char *path, struct lp_err *);
void	lp_out_flush(struct lp_out *);
/* Flush, check, and rename the temp file into place.  what names stdout
 * in messages.  0, or -1 with err (74, 73). */
int	lp_out_commit(struct lp_out *, const char *what, struct lp_err *);
/* Close and remove an uncommitted temp file; free.  Safe after commit. */
void	lp_out_abort(struct lp_out *);

/* ---- lp_writer, a format over an lp_out (lp_writer.c) ---- */

struct lp_writer {
	struct lp_out	 out;
	enum lp_format	 fmt;
	char		 delim;
	unsigned char	 special[256];	/* bytes that force CSV quoting */
	bool		 excel_safe;	/* neutralise formula-like cells */
	char		**keys;		/* JSON: escaped "key": prefixes */
	size_t		 *keylen;
	int		  nkeys;
	long		  written;
	/* table: every cell, NUL-terminated, until lp_writer_end */
	struct lp_buf	  cells;
	size_t		 *cell;		/* offsets into cells */
	size_t		  ncell, cellcap;
	int		  tcols;
	void		 *xlsx;		/* lp_writer_xlsx.c's workbook */
	/* lp_writer_open's: the header's width and a row for
	 * lp_writer_put_record; raw: bytes only (lp_writer_write) */
	struct lp_str	 *row;
	int		  ncols;
	bool		  raw;
};

/*
 * A writer inside another struct (the stream's output and rejects): set
 * the format; the output is opened separately (w->out).  Records go
 * with lp_writer_put (lp_writer.h); end writes what closes the format
 * (lp_writer_commit does it too); fini frees and aborts the output.
 */
void	lp_writer_init(struct lp_writer *, enum lp_format, int delim,
	    bool excel_safe);
void	lp_writer_header(struct lp_writer *, char *const *names, int n);
void	lp_writer_end(struct lp_writer *);
/* lp_writer_put for a record with LP_FIELD_PLAIN fields, none before
 * f[from] (CSV and TSV write those looking only for the delimiter); the
 * same bytes. */
void	lp_writer_put_plain(struct lp_writer *, const struct lp_str *f,
	    int n, int from);
void	lp_writer_fini(struct lp_writer *);
/* --to xlsx (lp_writer_xlsx.c): the writer calls these for LP_FMT_XLSX;
 * check refuses an output that is not a regular file (64). */
int	lp_writer_xlsx_check(const struct lp_out *, struct lp_err *);
void	lp_writer_xlsx_header(struct lp_writer *, char *const *names, int n);
void	lp_writer_xlsx_record(struct lp_writer *, const struct lp_str *f,
	    int n);
void	lp_writer_xlsx_end(struct lp_writer *);
void	lp_writer_xlsx_fini(struct lp_writer *);
/* Append p[0..n) to b as a CSV field of w's output: quoted when a byte
 * is special, a leading ' when excel_safe and it looks like a formula. */
void	lp_csv_field(struct lp_buf *b, const struct lp_writer *w,
	    const char *p, size_t n);

#endif
