/*
 * lp_stream -- records in, records out, whatever the format.
 *
 *   files/stdin -> decode (BOM, UTF-16, Windows-1252 -> UTF-8)
 *               -> format reader (lp_csv.c: libcsv, line by line;
 *                  lp_json.c: jansson, one object at a time;
 *                  lp_xlsx.c: a workbook, known by its zip signature
 *                  before decoding: libzip + expat, a chunk at a time)
 *               -> raw record (file columns) -> union record (all files'
 *                  columns, then the program's own) -> program logic
 *               -> writer (CSV/TSV minimal quoting, JSON Lines, JSON array;
 *                  lp_writer_xlsx.c: a workbook, written at commit)
 *               -> stdout, or -o FILE via a temp file renamed on commit
 *   bad records -> error (FILE:LINE) or --rejects FILE, with the reason
 *
 * A record lives in buffers owned by the stream and is valid until the
 * next lp_stream_next.  Field names resolve to column indexes once, from
 * the header; alias-aware lookups are the lead layer's (lp_alias.h).
 */
#ifndef LP_STREAM_H
#define LP_STREAM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lp_err.h"
#include "lp_util.h"

enum lp_format {
	LP_FMT_AUTO = 0,	/* input: sniffed; output: same as input */
	LP_FMT_CSV,		/* any delimiter */
	LP_FMT_TSV,		/* CSV with a tab delimiter */
	LP_FMT_NDJSON,		/* JSON Lines: one object per line */
	LP_FMT_JSON,		/* one JSON array of objects */
	LP_FMT_TABLE,		/* output only: a text table for people,
				   aligned by display width */
	LP_FMT_XLSX		/* an Excel workbook (input: detected by
				   its zip signature) */
};

/* Limits that keep one hostile record from exhausting memory. */
struct lp_limits {
	size_t	max_field;	/* bytes in one field */
	size_t	max_record;	/* bytes in one record */
	size_t	max_columns;	/* columns in one header or record */
	size_t	max_playbook;	/* bytes in a playbook, or in one file() list */
	size_t	regex_effort;	/* PCRE2 match limit of one regex match */
};

#define LP_LIMITS_DEFAULT { 16u << 20, 64u << 20, 20000, 16u << 20, 1000000 }

/* Input and output options, filled by lp_cli from the common options. */
struct lp_io_opts {
	enum lp_format	 from, to;
	int		 delim;		/* 0 = sniff (input), ',' (output) */
	const char	*output;	/* NULL or "-" = stdout */
	const char	*rejects;	/* NULL = bad records stop the run */
	int		 progress;	/* -1 auto, 0 off, 1 on */
	bool		 no_output;	/* records are not written (lead-check
					   without --split): only rejects */
	bool		 excel_safe;	/* CSV/TSV: a ' before formula-like
					   cells (=, +, -, @, tab, CR) */
	int		 threads;	/* lp_stream_map: 1 one thread, 2 a
					   worker, 0 a worker when 2+ CPUs */
	size_t		 read_size;	/* bytes per read(2); 0 = 64 KiB (tests
					   feed 1, 2, 3 ... bytes at a time) */
	struct lp_limits limits;
	bool		 rejects_plain;	/* --no-excel-safe: the rejects file
					   is not formula-safe either */
	/* --max-rejects: commit fails (65) when more records than this were
	 * rejected; a percentage of the records read when max_rejects_pct. */
	bool		 max_rejects_set, max_rejects_pct;
	double		 max_rejects;
	const char	*records;	/* --records PATH: the array of records in
					   a JSON document (NULL: found) */
	const char	*sheet;		/* --sheet NAME|N: xlsx (NULL: first) */
	long		 header_row;	/* --header-row N: xlsx (0: first row
					   with a cell) */
	/* How later files' columns join the union: columns whose keys are
	 * equal are one column (named as the first file names it).  NULL,
	 * or a NULL key: by exact name.  lead-norm keys by canonical field,
	 * so "Record ID" and "Lead ID" from two exports are one lead_id. */
	const char	*(*column_key)(void *ctx, const char *name);
	void		*column_key_ctx;
};

/* Where a record came from: for messages and rejects. */
struct lp_pos {
	const char	*file;		/* "<stdin>" for standard input */
	long		 line;		/* first line of the record */
	long		 last;		/* last line (differs for multi-line) */
};

struct lp_stream;
struct lp_record;
struct lp_header;

/*
 * Open every input (none, or "-", is stdin), decode, sniff the format and
 * read each header, so all inputs are checked before output begins; open
 * the output (a temp file beside -o FILE).  files is NULL-terminated and
 * must outlive the stream.  Returns NULL with err set (66 cannot open,
 * 65 bad data, 73 cannot create output).
 */
struct lp_stream *lp_stream_open(const struct lp_io_opts *, char **files,
	    struct lp_err *);

/*
 * Read the next record into *rec (borrowed until the next call).  Returns
 * 1, 0 at the end of all inputs, -1 with err set.  Unreadable records go
 * to --rejects when given, else they are an error (65).
 */
int	lp_stream_next(struct lp_stream *, struct lp_record **, struct lp_err *);

/*
 * The record contract: what a program does with each record.
 *
 * lp_stream_map reads every record and hands it to fn, which may change
 * it and returns a verdict:
 *
 *   LP_KEEP	write the record (after the records fn emitted, if any);
 *   LP_DROP	write nothing: the program filtered it out, or counted it,
 *		or holds its values (lp_store) to emit them at the end;
 *   LP_REJECT	send it to --rejects with the reason given to lp_reject
 *		(without --rejects, an error (65) naming FILE:LINE and why);
 *   LP_STOP	stop, with err set.
 *
 * fn may also emit 0..n records of its own (lp_emit: each written at
 * once, in order).  After the last record, end (NULL: none) runs once on
 * the calling thread and may emit too: a program that held its input
 * writes it now (lead-dedupe's clusters).  fn may write to outputs of its
 * own, but must not use the stream.  Records read before an error are
 * processed and written first, as a loop over lp_stream_next would;
 * end does not run after an error.
 *
 * The stream keeps the accounts (lp_stream_counts): every record read is
 * kept, rejected or dropped, and written = kept + emitted; -v prints
 * read, written and rejected the same way for every program.
 *
 * fn runs on a second thread: the calling thread reads while a worker
 * runs fn over the records in input order, one at a time, and writes
 * what it keeps, emits and rejects (the reader's own rejects go with
 * them, in the order a single thread writes them).  Records travel in
 * batches of at most LP_MAP_RECORDS records or about LP_MAP_BYTES bytes,
 * two at a time.  With threads 1 (or 0 on one CPU), or when no thread
 * can be started, it is the plain loop on this thread; so it is with fn
 * NULL, which keeps every record as it is (lead-norm --raw: no
 * per-record work to run beside the reading and writing).
 *
 * Returns 0, or -1 with err set (fn's or end's error, a read or a write
 * error, a rejected record without --rejects).
 */
#define LP_MAP_RECORDS	1024
#define LP_MAP_BYTES	(512 * 1024)
enum lp_verdict { LP_STOP = -1, LP_DROP = 0, LP_KEEP = 1, LP_REJECT = 2 };
struct lp_emit;
typedef enum lp_verdict lp_record_fn(void *arg, struct lp_record *,
	    struct lp_emit *, struct lp_err *);
typedef int	lp_end_fn(void *arg, struct lp_emit *, struct lp_err *);
int	lp_stream_map(struct lp_stream *, lp_record_fn *fn, lp_end_fn *end,
	    void *arg, struct lp_err *);
/* Write rec (as wide as the stream's header, or narrower: the rest is
 * empty) to the stream's output now.  0, or -1 with err (74). */
int	lp_emit(struct lp_emit *, const struct lp_record *, struct lp_err *);
/* Give the reason for LP_REJECT, which it returns:
 * return lp_reject(e, "no team for '%s'", t); */
enum lp_verdict lp_reject(struct lp_emit *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Write a record (the header first, once): for a program that loops
 * over lp_stream_next itself (lp_stream_map's fn emits with lp_emit).
 * 0, or -1 with err (74). */
int	lp_stream_put(struct lp_stream *, const struct lp_record *,
	    struct lp_err *);

/*
 * Send a readable record the program refuses to --rejects with a reason;
 * without --rejects this is an error (65) naming FILE:LINE and why.
 */
int	lp_stream_reject(struct lp_stream *, const struct lp_record *,
	    const char *why, struct lp_err *);

/*
 * Flush and check the outputs, rename temp files into place.  0 or -1.
 * The rejects file is committed first; then more rejects than
 * --max-rejects allows is an error (65) and -o is not replaced.
 */
int	lp_stream_commit(struct lp_stream *, struct lp_err *);

/*
 * Close inputs, print counts with -v (and, even without -v, a warning
 * when records were rejected), remove uncommitted temp files and free
 * everything.  NULL-safe.
 */
void	lp_stream_close(struct lp_stream *, struct lp_err *);

/* Counts so far: read = kept + rejected + dropped (kept = written -
 * emitted); blank lines are not records. */
struct lp_counts {
	long	read, written, rejected, blank;
	long	dropped, emitted;
};
const struct lp_counts *lp_stream_counts(const struct lp_stream *);

/* The input format (of the first input) and the output format chosen. */
enum lp_format	lp_stream_from(const struct lp_stream *);
enum lp_format	lp_stream_to(const struct lp_stream *);

/*
 * The union header of all inputs plus added columns.  Borrowed for the
 * stream's life; columns are only appended, never moved.
 */
const struct lp_header *lp_stream_header(const struct lp_stream *);
/* The first input whose header has union column col, by the name errors
 * use ("<stdin>" for standard input); NULL for a column no input has. */
const char *lp_stream_column_file(const struct lp_stream *, int col);

/*
 * A column the program writes: the existing column if the header already
 * has one with the same name (lp_header_match: never a column that is
 * only an alias of it, so a CRM's own column is not overwritten), else a
 * new one appended.
 * Call before the first lp_stream_put.  Returns the column index.
 */
int	lp_stream_add_column(struct lp_stream *, const char *name);

/* Rename a column for output (lead-norm).  Before the first put. */
void	lp_stream_rename_column(struct lp_stream *, int col, const char *name);

int		 lp_header_count(const struct lp_header *);
/* The column's name as written, NUL-terminated; borrowed. */
const char	*lp_header_name(const struct lp_header *, int col);
/*
 * The column with the same name, compared case- and
 * punctuation-insensitively ("Lead ID" matches "lead_id").  -1 when
 * absent.  Aliases are not consulted: see lp_header_find (lp_alias.h).
 */
int		 lp_header_match(const struct lp_header *, const char *name);

/* Field col of the record ({NULL-safe p, 0} when empty); borrowed until
 * the record changes or the next lp_stream_next. */
struct lp_str	 lp_record_get(const struct lp_record *, int col);
/* Replace field col with a copy of p[0..n): text (a JSON string). */
void		 lp_record_set(struct lp_record *, int col, const char *p,
		    size_t n);
/*
 * The same for a number the program computed, p[0..n) a JSON number
 * ("-12", "3.5"): JSON output writes it bare (-12), CSV as text.  Values
 * read from JSON keep their type (number, true, false, null) until a
 * program replaces them (leadpipe(7), JSON TYPES).
 */
void		 lp_record_set_number(struct lp_record *, int col,
		    const char *p, size_t n);
/* lp_record_set_number for an integer, formatted as lp_fmt_int does
 * ("-12"), straight into the record. */
void		 lp_record_set_int(struct lp_record *, int col, long long v);
/*
 * lp_record_set for text a program builds (lead-score's score_reasons):
 * it also notes whether p has a '"', CR or LF, so a CSV writer that
 * finds none looks only for the delimiter when the record is written.
 * The output is the same as lp_record_set's.
 */
void		 lp_record_set_text(struct lp_record *, int col,
		    const char *p, size_t n);
/* lp_record_set_text for text the caller knows has no '"', CR or LF
 * (score_reasons made of playbook labels that have none): no scan. */
void		 lp_record_set_plain(struct lp_record *, int col,
		    const char *p, size_t n);
int		 lp_record_count(const struct lp_record *);
const struct lp_pos *lp_record_pos(const struct lp_record *);

/*
 * Headers and records outside a stream: for unit tests, language-test
 * drivers and programs that build records themselves.  lp_header_new
 * copies the names; lp_header_add appends a column (returns its index, or
 * the existing one when an identical name is there).  A new record has
 * every field empty and is as wide as the header is when it is made.
 */
struct lp_header *lp_header_new(void);
int		 lp_header_add(struct lp_header *, const char *name);
void		 lp_header_free(struct lp_header *);
struct lp_record *lp_record_new(const struct lp_header *);
void		 lp_record_free(struct lp_record *);
/* A record of lp_record_new's with every field empty again, its memory
 * kept: for a record built anew for each row (lp_record_set appends). */
void		 lp_record_clear(struct lp_record *);

#endif
