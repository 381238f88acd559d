/*
 * lp_stream -- the record stream every program reads and writes through.
 *
 * Inputs are opened, decoded and sniffed, and their headers read, in
 * lp_stream_open, so every input is checked before the first byte of
 * output.  The union header is the first file's columns, then each later
 * file's new ones (by exact name, or by a key the program gives, such as
 * lead-norm's canonical field), then the columns the program adds.  A
 * record is the reader's fields placed at their union columns; columns
 * a file lacks are empty.  Records are borrowed until the next read.
 *
 * Rejected records (unreadable, or refused by the program) go to the
 * --rejects file, a CSV with columns file,line,reason,record, or stop the
 * run.  Counts of read, written, rejected and blank lines go to stderr
 * with -v.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "lp_err.h"
#include "lp_private.h"

#define INBUF	(64 * 1024)

struct lp_header {
	char		**names;
	int		  n, cap;
	struct lp_map	 *exact;	/* name -> column */
	struct lp_map	 *keys;		/* lp_name_key -> first column */
};

struct lp_record {
	struct lp_buf	*data;		/* the stream's, or own */
	struct lp_buf	 own;
	struct lp_field	*f;
	int		 nf, cap;
	struct lp_pos	 pos;
	int		 plain_col;	/* no field before this one has
					   LP_FIELD_PLAIN (INT_MAX: none) */
};

struct lp_stream {
	struct lp_io_opts opts;
	struct lp_input	*in;
	int		 nin, cur;
	struct lp_header *hdr;
	struct lp_record rec;
	struct lp_writer w;
	struct lp_writer rej;
	bool		 have_rej;
	bool		 started;	/* header written */
	bool		 opened;	/* lp_stream_open succeeded */
	char		**files;	/* noted with lp_files_input_open */
	int		 nfiles;
	struct lp_err	*rej_err;	/* for reject callbacks */
	struct lp_counts counts;
	struct batch	*filling;	/* lp_stream_map: the batch being
					   read (reader rejects go in it) */
	enum lp_format	 to;
	bool		 size_unknown;	/* an input is a pipe: no ETA */
	/* progress */
	bool		 progress;
	uint64_t	 total;
	double		 t0, tlast;
};

const char *
lp_stream_column_file(const struct lp_stream *st, int col)
{
	for (int i = 0; i < st->nin; i++)
		for (int c = 0; st->in[i].map != NULL && c < st->in[i].ncols;
		    c++)
			if (st->in[i].map[c] == col)
				return st->in[i].name;
	return NULL;
}

/* ---- headers ---- */

static void
header_index(struct lp_header *h, int col)
{
	const char *name = h->names[col];
	size_t n = strlen(name);
	char key[256];
	size_t k = lp_name_key(name, n, key, sizeof(key));

	if (lp_map_get(h->exact, name, n) < 0)
		lp_map_put(h->exact, name, n, col);
	if (k > 0 && lp_map_get(h->keys, key, k) < 0)
		lp_map_put(h->keys, key, k, col);
}

static void
header_reindex(struct lp_header *h)
{
	lp_map_free(h->exact);
	lp_map_free(h->keys);
	h->exact = lp_map_new();
	h->keys = lp_map_new();
	for (int i = 0; i < h->n; i++)
		header_index(h, i);
}

struct lp_header *
lp_header_new(void)
{
	struct lp_header *h = lp_xcalloc(1, sizeof(*h));

	h->exact = lp_map_new();
	h->keys = lp_map_new();
	return h;
}

int
lp_header_add(struct lp_header *h, const char *name)
{
	int col = lp_map_get(h->exact, name, strlen(name));

	if (col >= 0)
		return col;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->names = lp_xreallocarray(h->names, (size_t)h->cap,
		    sizeof(*h->names));
	}
	h->names[h->n] = lp_xstrdup(name);
	header_index(h, h->n);
	return h->n++;
}

void
lp_header_free(struct lp_header *h)
{
	if (h == NULL)
		return;
	for (int i = 0; i < h->n; i++)
		free(h->names[i]);
	free(h->names);
	lp_map_free(h->exact);
	lp_map_free(h->keys);
	free(h);
}

int
lp_header_count(const struct lp_header *h)
{
	return h->n;
}

const char *
lp_header_name(const struct lp_header *h, int col)
{
	return col >= 0 && col < h->n ? h->names[col] : NULL;
}

int
lp_header_match(const struct lp_header *h, const char *name)
{
	size_t n = strlen(name);
	char key[256];
	size_t k = lp_name_key(name, n, key, sizeof(key));

	return k > 0 ? lp_map_get(h->keys, key, k) : -1;
}

/* ---- records ---- */

static void
record_width(struct lp_record *r, int n)
{
	if (n > r->cap) {
		r->cap = n;
		r->f = lp_xreallocarray(r->f, (size_t)n, sizeof(*r->f));
	}
	for (int i = r->nf; i < n; i++)
		r->f[i].off = r->f[i].len = 0;
	r->nf = n;
}

struct lp_record *
lp_record_new(const struct lp_header *h)
{
	struct lp_record *r = lp_xcalloc(1, sizeof(*r));

	r->data = &r->own;
	record_width(r, h->n);
	r->pos.file = "";
	r->plain_col = INT_MAX;
	return r;
}

void
lp_record_clear(struct lp_record *r)
{
	r->data = &r->own;
	r->own.n = 0;
	if (r->nf > 0)
		memset(r->f, 0, (size_t)r->nf * sizeof(*r->f));
	r->pos = (struct lp_pos){ .file = "" };
	r->plain_col = INT_MAX;
}

void
lp_record_free(struct lp_record *r)
{
	if (r == NULL)
		return;
	lp_buf_fini(&r->own);
	free(r->f);
	free(r);
}

struct lp_str
lp_record_get(const struct lp_record *r, int col)
{
	size_t n;

	if (col < 0 || col >= r->nf || (n = LP_FIELD_LEN(r->f[col].len)) == 0)
		return (struct lp_str){ "", 0 };
	return (struct lp_str){ r->data->p + r->f[col].off, n };
}

struct lp_str
lp_record_get_typed(const struct lp_record *r, int col)
{
	struct lp_str s = lp_record_get(r, col);

	if (col >= 0 && col < r->nf)
		s.n |= r->f[col].len & (LP_FIELD_RAW | LP_FIELD_PLAIN);
	return s;
}

/* Field col has no '"', CR or LF (LP_FIELD_PLAIN); col >= 0. */
static inline void
mark_plain(struct lp_record *r, int col)
{
	r->f[col].len |= LP_FIELD_PLAIN;
	if (col < r->plain_col)
		r->plain_col = col;
}

void
lp_record_set_plain(struct lp_record *r, int col, const char *p, size_t n)
{
	lp_record_set(r, col, p, n);
	if (col >= 0 && n > 0)
		mark_plain(r, col);
}

void
lp_record_set_number(struct lp_record *r, int col, const char *p, size_t n)
{
	/* A JSON number has no quote, CR or LF. */
	lp_record_set_plain(r, col, p, n);
	if (col >= 0 && n > 0)
		r->f[col].len |= LP_FIELD_RAW;
}

void
lp_record_set_int(struct lp_record *r, int col, long long v)
{
	struct lp_buf *b = r->data;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;
	size_t n = v < 0, at;
	char *o;

	if (col < 0)
		return;
	/* Room for the longest number ("-9223372036854775808") first, so
	 * the common case calls nothing. */
	if (col >= r->nf || b->cap - b->n <= 24) {
		if (col >= r->nf)
			record_width(r, col + 1);
		lp_buf_reserve(b, 24);
	}
	if (u < 10)
		n += 1;
	else if (u < 100)
		n += 2;
	else
		for (unsigned long long t = u; t != 0; t /= 10)
			n++;
	/* The digits go straight into the record's buffer, last first:
	 * the same text as lp_fmt_int, without its copy.  The record is
	 * updated before the bytes are written, which may alias it. */
	at = b->n;
	o = b->p + at + n;
	b->n = at + n;
	r->f[col].off = at;
	r->f[col].len = n | LP_FIELD_RAW;
	mark_plain(r, col);
	do {
		*--o = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--o = '-';
}

/*
 * Copy p[0..n) to o (no overlap) and say whether none of its bytes is
 * '"', CR or LF: one pass, 16 bytes at a time with SSE2 (the last block
 * overlaps the one before rather than reading past p[n)).
 */
static bool
copy_plain(char *o, const char *p, size_t n)
{
	bool plain = true;
	size_t i = 0;

#ifdef __SSE2__
	if (n >= 16) {
		const __m128i q = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r');
		const __m128i lf = _mm_set1_epi8('\n');
		__m128i acc = _mm_setzero_si128(), x;

		for (;; i += 16) {
			if (i + 16 > n)
				i = n - 16;
			x = _mm_loadu_si128((const __m128i *)(const void *)
			    (p + i));
			_mm_storeu_si128((__m128i *)(void *)(o + i), x);
			acc = _mm_or_si128(acc, _mm_or_si128(
			    _mm_cmpeq_epi8(x, q), _mm_or_si128(
			    _mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, lf))));
			if (i + 16 == n)
				break;
		}
		return _mm_movemask_epi8(acc) == 0;
	}
#endif
	for (; i < n; i++) {
		o[i] = p[i];
		plain &= p[i] != '"' && p[i] != '\r' && p[i] != '\n';
	}
	return plain;
}

/*
 * Make field col of r the next n bytes of its buffer, with room for
 * them, and return where they go (NULL when n is 0); *p follows the
 * buffer when it points into it (a field copied from the record itself).
 */
static inline char *
field_room(struct lp_record *r, int col, const char **p, size_t n)
{
	struct lp_buf *b = r->data;

	if (col >= r->nf)
		record_width(r, col + 1);
	/* b->p is NULL until the first set: NULL + 0 is undefined. */
	if (n > 0 && b->p != NULL && *p >= b->p && *p < b->p + b->n) {
		size_t off = (size_t)(*p - b->p);

		lp_buf_reserve(b, n);
		*p = b->p + off;
	} else if (b->cap - b->n <= n)
		lp_buf_reserve(b, n);
	r->f[col].off = b->n;
	r->f[col].len = n;
	return n > 0 ? b->p + b->n : NULL;
}

void
lp_record_set_text(struct lp_record *r, int col, const char *p, size_t n)
{
	char *o;

	if (col < 0)
		return;
	o = field_room(r, col, &p, n);	/* before p is read: it may move */
	if (n > 0 && copy_plain(o, p, n))
		mark_plain(r, col);
	r->data->n += n;
}

/* Two wrappers of field_room rather than one function with a flag: gcc
 * did not inline that one, and each set paid the flag's branch and a
 * call (+3.7M instructions, lead-score on the 100k bench file). */
void
lp_record_set(struct lp_record *r, int col, const char *p, size_t n)
{
	char *o;

	if (col < 0)
		return;
	o = field_room(r, col, &p, n);	/* before p is read: it may move */
	if (n > 0)
		memcpy(o, p, n);
	r->data->n += n;
}

int
lp_record_count(const struct lp_record *r)
{
	return r->nf;
}

const struct lp_pos *
lp_record_pos(const struct lp_record *r)
{
	return &r->pos;
}

/* ---- pending records (filled by the readers) ---- */

void
lp_pending_field(struct lp_pending *pd, const char *p, size_t n)
{
	if (pd->nf == pd->fcap) {
		pd->fcap = pd->fcap ? pd->fcap * 2 : 256;
		pd->f = lp_xreallocarray(pd->f, pd->fcap, sizeof(*pd->f));
	}
	pd->f[pd->nf].off = pd->data.n;
	pd->f[pd->nf].len = n;
	pd->nf++;
	lp_buf_add(&pd->data, p, n);
}

void
lp_pending_end(struct lp_pending *pd, size_t f0, long line, long last)
{
	if (pd->nr == pd->rcap) {
		pd->rcap = pd->rcap ? pd->rcap * 2 : 16;
		pd->r = lp_xreallocarray(pd->r, pd->rcap, sizeof(*pd->r));
	}
	pd->r[pd->nr].f0 = f0;
	pd->r[pd->nr].nf = pd->nf - f0;
	pd->r[pd->nr].line = line;
	pd->r[pd->nr].last = last;
	pd->nr++;
}

void
lp_pending_reset(struct lp_pending *pd)
{
	pd->data.n = 0;
	pd->nf = pd->nr = pd->next = 0;
}

static void
pending_free(struct lp_pending *pd)
{
	lp_buf_fini(&pd->data);
	free(pd->f);
	free(pd->r);
}

/* ---- inputs ---- */

static double
now_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
progress(struct lp_stream *st, bool last)
{
	uint64_t done = 0;
	double t = now_secs();
	char line[256];

	if (!st->progress || (!last && t - st->tlast < 0.25))
		return;
	st->tlast = t;
	for (int i = 0; i < st->nin; i++)
		done += st->in[i].dec.consumed;
	if (last) {
		fprintf(stderr, "\r\033[K");
		return;
	}
	/* An input of unknown size (a pipe) leaves the total unknown. */
	lp_progress_format(line, sizeof(line), lp_progname, done,
	    st->size_unknown ? 0 : st->total, st->counts.read, t - st->t0);
	fputs(line, stderr);
}

ssize_t
lp_input_more(struct lp_input *in, struct lp_err *err)
{
	ssize_t r;
	size_t keep = in->recstart < in->pos ? in->recstart : in->pos;

	/* Keep the record being read; drop what came before it. */
	if (keep > 0) {
		memmove(in->buf, in->buf + keep, in->len - keep);
		in->len -= keep;
		in->pos -= keep;
		in->recstart -= keep;
		in->lineend = in->lineend > keep ? in->lineend - keep : 0;
	}
	/*
	 * Checked on every read, not only when the buffer grows: that let a
	 * record reach nearly twice the limit, or pass unnoticed when the
	 * input ended first (an unterminated quote over 1.9 MB of empty
	 * lines with --limit record=1M).
	 */
	if (in->len > in->opts->limits.max_record) {
		bool csv = in->fmt == LP_FMT_CSV || in->fmt == LP_FMT_TSV;

		in->over_limit = true;
		return lp_err_set(err, EX_DATAERR, in->name, in->line + 1,
		    "record longer than the limit of %zu bytes (%s "
		    "on line %ld?)", in->opts->limits.max_record,
		    csv ? "an unterminated quote" : "a value not closed",
		    in->in_record || !csv ? in->rec_line : in->line + 1);
	}
	if (in->cap - in->len < INBUF) {
		in->cap = in->cap ? in->cap * 2 : 2 * INBUF;
		in->buf = lp_xrealloc(in->buf, in->cap + 1);
	}
	r = lp_dec_read(&in->dec, in->buf + in->len, in->cap - in->len,
	    in->line + 1, err);
	if (r > 0)
		in->len += (size_t)r;
	if (in->progress_cb)
		in->progress_cb(in->progress_ctx);
	return r;
}

int
lp_input_set_header(struct lp_input *in, char **names, size_t *lens, int n,
    struct lp_err *err)
{
	struct lp_map *seen = lp_map_new();

	if ((size_t)n > in->opts->limits.max_columns) {
		lp_map_free(seen);
		return lp_err_set(err, EX_DATAERR, in->name, 1,
		    "%d columns is more than the limit of %zu", n,
		    in->opts->limits.max_columns);
	}
	in->names = lp_xcalloc((size_t)n + 1, sizeof(*in->names));
	for (int i = 0; i < n; i++) {
		struct lp_buf b = { 0 };
		int k = 2;

		lp_buf_add(&b, names[i], lens[i]);
		if (b.n == 0) {
			lp_buf_printf(&b, "column_%d", i + 1);
			lp_warn("%s:1: column %d has no name; calling it '%s'",
			    in->name, i + 1, lp_buf_cstr(&b));
		}
		while (lp_map_get(seen, b.p, b.n) >= 0) {
			size_t base = lens[i] ? lens[i] : b.n;
			char *orig = lp_xstrndup(b.p, base);

			b.n = base;
			lp_buf_printf(&b, "_%d", k++);
			if (lp_map_get(seen, b.p, b.n) < 0)
				lp_warn("%s:1: duplicate column name '%s' "
				    "(column %d) renamed '%s'", in->name, orig,
				    i + 1, lp_buf_cstr(&b));
			free(orig);
		}
		lp_map_put(seen, b.p, b.n, i);
		in->names[i] = lp_buf_cstr(&b);
	}
	lp_map_free(seen);
	in->ncols = n;
	return 0;
}

/*
 * Whether buf holds the whole first line that is not blank: a line end
 * outside quotes, and for a CR the byte after it (CR or CRLF).  Stopping
 * at the first LF, quoted or not, let the read size decide the delimiter:
 * a header with a quoted line break was sniffed on its first part alone
 * when read a few bytes at a time.
 */
static bool
first_line_read(const char *buf, size_t len, bool csv)
{
	bool quoted = false, json = false;
	size_t k = 0;

	/* The first line with something on it: the format is sniffed
	 * from its first byte. */
	while (k < len && strchr(" \t\r\n", buf[k]) != NULL)
		k++;
	if (k == len)
		return false;
	/* JSON strings hold no raw line breaks (and escape quotes).  Not
	 * for --from csv: a CSV file that starts with '[' was scanned as
	 * JSON, so where its first line ended (and the delimiter sniffed on
	 * it) depended on the read size (fuzz_rejects). */
	json = !csv && (buf[k] == '{' || buf[k] == '[');
	for (size_t i = k; i < len; i++) {
		if (buf[i] == '"' && !json)
			quoted = !quoted;
		else if (!quoted && (buf[i] == '\n' ||
		    (buf[i] == '\r' && i + 1 < len)))
			return true;
	}
	return false;
}

static int
input_open(struct lp_stream *st, struct lp_input *in, const char *path,
    struct lp_err *err)
{
	struct stat sb;
	int fd;
	ssize_t r;

	in->opts = &st->opts;
	in->path = path;
	in->fmt = st->opts.from;
	in->delim = st->opts.delim;
	if (in->fmt == LP_FMT_TSV)
		in->delim = '\t';
	if (path == NULL || strcmp(path, "-") == 0) {
		in->name = "<stdin>";
		fd = STDIN_FILENO;
	} else {
		in->name = path;
		if ((fd = open(path, O_RDONLY)) < 0)
			return lp_err_set(err, EX_NOINPUT, path, 0,
			    "cannot open: %s", strerror(errno));
		if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			close(fd);
			return lp_err_set(err, EX_NOINPUT, path, 0,
			    "is a directory");
		}
	}
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		in->size = (uint64_t)sb.st_size;
	if (lp_dec_open(&in->dec, fd, in->name, st->opts.read_size, err) < 0)
		return -1;
	in->dec.mark = st->have_rej;
	/* A workbook is known by its zip signature, not its name. */
	if ((in->fmt == LP_FMT_AUTO || in->fmt == LP_FMT_XLSX) &&
	    lp_xlsx_magic(&in->dec))
		return lp_xlsx_open(in, err);
	if (in->fmt == LP_FMT_XLSX)
		return lp_err_set(err, EX_DATAERR, in->name, 0, "not an xlsx "
		    "workbook (no zip signature)");
	in->cap = 2 * INBUF;
	in->buf = lp_xmalloc(in->cap + 1);
	/* The first line decides the format and the delimiter. */
	do
		if ((r = lp_input_more(in, err)) < 0)
			return -1;
	while (r > 0 && in->len < INBUF && !first_line_read(in->buf, in->len,
	    in->fmt == LP_FMT_CSV || in->fmt == LP_FMT_TSV));
	if (in->fmt == LP_FMT_AUTO) {
		size_t i = 0;

		while (i < in->len && strchr(" \t\r\n", in->buf[i]) != NULL)
			i++;
		if (i < in->len && (in->buf[i] == '{' || in->buf[i] == '['))
			in->fmt = in->buf[i] == '[' ? LP_FMT_JSON : LP_FMT_NDJSON;
	}
	if (in->fmt == LP_FMT_JSON || in->fmt == LP_FMT_NDJSON)
		return lp_json_open(in, err);
	return lp_csv_open(in, err);
}

static int
input_fill(struct lp_input *in, struct lp_err *err)
{
	if (in->fmt == LP_FMT_JSON || in->fmt == LP_FMT_NDJSON)
		return lp_json_fill(in, err);
	if (in->fmt == LP_FMT_XLSX)
		return lp_xlsx_fill(in, err);
	return lp_csv_fill(in, err);
}

static void
input_close(struct lp_input *in)
{
	if (in->fmt == LP_FMT_JSON || in->fmt == LP_FMT_NDJSON)
		lp_json_close(in);
	else if (in->fmt == LP_FMT_XLSX)
		lp_xlsx_close(in);
	else
		lp_csv_close(in);
	if (in->dec.fd > STDIN_FILENO)
		close(in->dec.fd);
	lp_dec_close(&in->dec);
	for (int i = 0; i < in->ncols; i++)
		free(in->names[i]);
	free(in->names);
	free(in->map);
	free(in->buf);
	pending_free(&in->pend);
}

/*
 * Close a regular file whose header is known until its turn comes (or
 * for good, once read): inputs are open one at a time, so 1,000 files
 * need no more than a few descriptors.  The header, its union map and
 * the callbacks stay.
 */
static void
input_park(struct lp_input *in)
{
	struct lp_input keep = *in;

	in->names = NULL;
	in->ncols = 0;
	in->map = NULL;
	input_close(in);
	memset(in, 0, sizeof(*in));
	in->name = keep.name;
	in->path = keep.path;
	in->names = keep.names;
	in->ncols = keep.ncols;
	in->map = keep.map;
	in->identity = keep.identity;
	in->opts = keep.opts;
	in->reject = keep.reject;
	in->reject_ctx = keep.reject_ctx;
	in->have_rejects = keep.have_rejects;
	in->progress_cb = keep.progress_cb;
	in->progress_ctx = keep.progress_ctx;
	in->size = keep.size;
	in->fmt = keep.fmt;
	in->dec.fd = -1;
	in->dec.cd = (iconv_t)-1;
	in->parked = true;
}

/* A regular file, which can be opened again: parked until its turn. */
static bool
parkable(const struct lp_input *in)
{
	struct stat sb;

	/* Not standard input, even when it was copied to a temp file
	 * (JSON): only a path can be opened again. */
	return in->path != NULL && strcmp(in->path, "-") != 0 &&
	    in->dec.fd > STDIN_FILENO && fstat(in->dec.fd, &sb) == 0 &&
	    S_ISREG(sb.st_mode);
}

/* Open a parked input again; its header must be the one read before. */
static int
input_unpark(struct lp_stream *st, struct lp_input *in, struct lp_err *err)
{
	char **names = in->names;
	int n = in->ncols, *map = in->map, rc;
	bool identity = in->identity, same;

	in->names = NULL;
	in->ncols = 0;
	in->map = NULL;
	in->parked = false;
	in->fmt = st->opts.from;
	rc = input_open(st, in, in->path, err);
	same = rc == 0 && in->ncols == n;
	for (int i = 0; same && i < n; i++)
		same = strcmp(in->names[i], names[i]) == 0;
	for (int i = 0; i < in->ncols; i++)
		free(in->names[i]);
	free(in->names);
	in->names = names;
	in->ncols = n;
	in->map = map;
	in->identity = identity;
	if (rc == 0 && !same)
		return lp_err_set(err, EX_DATAERR, in->name, 1, "the header "
		    "changed while the program ran (the file was replaced?)");
	return rc;
}

/* ---- rejects ---- */

static void
write_reject(struct lp_stream *st, const char *file, long line,
    const char *raw, size_t n, const char *why)
{
	char num[32];
	struct lp_str f[4];

	struct lp_buf clean = { 0 };

	/* The raw text without its final line break. */
	while (n > 0 && (raw[n - 1] == '\n' || raw[n - 1] == '\r'))
		n--;
	/* A NUL or an invalid byte the decoder marked: U+FFFD, so the
	 * rejects file is UTF-8 text like every output. */
	if (lp_dec_marked(raw, n) != NULL) {
		lp_dec_unmark(&clean, raw, n);
		raw = clean.p;
		n = clean.n;
	}
	snprintf(num, sizeof(num), "%ld", line);
	f[0] = (struct lp_str){ file, strlen(file) };
	f[1] = (struct lp_str){ num, strlen(num) };
	f[2] = (struct lp_str){ why, strlen(why) };
	f[3] = (struct lp_str){ raw, n };
	lp_writer_put(&st->rej, f, 4);
	lp_buf_fini(&clean);
	st->counts.rejected++;
}

static void	batch_note_reject(struct batch *, const char *file, long line,
		    const char *raw, size_t n, const char *why);

static void
reader_reject(void *ctx, struct lp_input *in, long line, const char *raw,
    size_t n, const char *why)
{
	struct lp_stream *st = ctx;

	/* A record the reader could not read was read all the same:
	 * read = kept + rejected + dropped, always. */
	st->counts.read++;
	if (st->filling != NULL)
		batch_note_reject(st->filling, in->name, line, raw, n, why);
	else
		write_reject(st, in->name, line, raw, n, why);
}

int
lp_stream_reject(struct lp_stream *st, const struct lp_record *rec,
    const char *why, struct lp_err *err)
{
	struct lp_buf raw = { 0 };
	struct lp_writer plain;

	if (!st->have_rej)
		return lp_err_set(err, EX_DATAERR, rec->pos.file,
		    rec->pos.line, "%s", why);
	/* The record as CSV text, its cells as they are: the record cell
	 * as a whole is made formula-safe when written. */
	lp_writer_init(&plain, LP_FMT_CSV, ',', false);
	for (int i = 0; i < rec->nf; i++) {
		struct lp_str s = lp_record_get(rec, i);

		if (i > 0)
			lp_buf_addc(&raw, ',');
		lp_csv_field(&raw, &plain, s.p, s.n);
	}
	write_reject(st, rec->pos.file, rec->pos.line, raw.p ? raw.p : "",
	    raw.n, why);
	lp_buf_fini(&raw);
	return 0;
}

/* ---- the stream ---- */

static void
input_progress(void *ctx)
{
	progress(ctx, false);
}

/*
 * The union column of a file's column name: the column with the same key
 * (opts->column_key) that no earlier column of this file took, else the
 * one of the same name, else a new one.  A name the file already put
 * elsewhere (possible only when keys join columns) gets a _2, _3 ...
 */
static int
union_column(struct lp_stream *st, const struct lp_io_opts *opts,
    struct lp_map *ukeys, const struct lp_input *in, const char *name,
    const bool *used)
{
	const char *key = opts->column_key != NULL ?
	    opts->column_key(opts->column_key_ctx, name) : NULL;
	struct lp_buf b = { 0 };
	int col, k = 2;

	if (key != NULL && (col = lp_map_get(ukeys, key, strlen(key))) >= 0 &&
	    !used[col])
		return col;
	col = lp_map_get(st->hdr->exact, name, strlen(name));
	while (col >= 0 && used[col]) {
		b.n = 0;
		lp_buf_printf(&b, "%s_%d", name, k++);
		col = lp_map_get(st->hdr->exact, b.p, b.n);
	}
	if (b.n > 0)
		lp_warn("%s:1: column '%s' means '%s' like another column of the "
		    "file; it is kept as '%s'", in->name, name,
		    key != NULL ? key : name, lp_buf_cstr(&b));
	col = lp_header_add(st->hdr, b.n > 0 ? lp_buf_cstr(&b) : name);
	if (key != NULL && lp_map_get(ukeys, key, strlen(key)) < 0)
		lp_map_put(ukeys, key, strlen(key), col);
	lp_buf_fini(&b);
	return col;
}

struct lp_stream *
lp_stream_open(const struct lp_io_opts *opts, char **files, struct lp_err *err)
{
	static char *stdin_only[] = { "-", NULL };
	struct lp_stream *st = lp_xcalloc(1, sizeof(*st));
	struct lp_map *ukeys = lp_map_new();	/* column key -> union column */
	bool *used;
	int nf = 0;

	st->opts = *opts;
	st->hdr = lp_header_new();
	st->rec.data = NULL;
	st->w.out.fd = st->rej.out.fd = -1;
	if (files == NULL || files[0] == NULL)
		files = stdin_only;
	while (files[nf] != NULL)
		nf++;
	st->in = lp_xcalloc((size_t)nf, sizeof(*st->in));
	for (int i = 0; i < nf; i++) {
		st->in[i].dec.fd = -1;
		st->in[i].dec.cd = (iconv_t)-1;
	}
	/* Every input is noted before any output opens: an output may not
	 * replace one. */
	for (int i = 0; i < nf; i++)
		lp_files_input_open(files[i]);
	st->files = files;
	st->nfiles = nf;
	/* Rejects first: readers may reject records while opening. */
	if (opts->rejects != NULL) {
		/* People open it in a spreadsheet: formula-safe unless
		 * --no-excel-safe. */
		lp_writer_init(&st->rej, LP_FMT_CSV, ',', !opts->rejects_plain);
		if (lp_out_open(&st->rej.out, opts->rejects, err) < 0)
			goto fail;
		st->have_rej = true;
		char *rh[] = { "file", "line", "reason", "record" };
		lp_writer_header(&st->rej, rh, 4);
	}
	st->progress = opts->progress > 0;
	if (opts->progress < 0 && isatty(STDERR_FILENO))
		st->progress = true;
	st->t0 = st->tlast = now_secs();
	for (int i = 0; i < nf; i++) {
		struct lp_input *in = &st->in[i];

		in->reject = reader_reject;
		in->reject_ctx = st;
		in->have_rejects = st->have_rej;
		in->progress_cb = st->progress ? input_progress : NULL;
		in->progress_ctx = st;
		st->nin++;
		if (input_open(st, in, files[i], err) < 0)
			goto fail;
		st->total += in->size;
		if (in->size == 0)
			st->size_unknown = true;
		/* Where this file's columns go in the union. */
		in->map = lp_xcalloc((size_t)in->ncols + 1, sizeof(*in->map));
		in->identity = true;
		used = lp_xcalloc((size_t)(st->hdr->n + in->ncols) + 1, 1);
		for (int c = 0; c < in->ncols; c++) {
			in->map[c] = union_column(st, opts, ukeys, in,
			    in->names[c], used);
			used[in->map[c]] = true;
			if (in->map[c] != c)
				in->identity = false;
		}
		free(used);
		if (i > 0 && parkable(in))
			input_park(in);
	}
	lp_map_free(ukeys);
	ukeys = NULL;
	/* Progress only pays for itself on big files. */
	if (opts->progress < 0 && st->total < (64u << 20))
		st->progress = false;
	if (st->progress == false)
		for (int i = 0; i < st->nin; i++)
			st->in[i].progress_cb = NULL;
	st->to = opts->to != LP_FMT_AUTO ? opts->to : st->in[0].fmt;
	/* A workbook in: CSV out, unless --to xlsx says otherwise. */
	if (st->to == LP_FMT_AUTO || (opts->to == LP_FMT_AUTO &&
	    st->to == LP_FMT_XLSX))
		st->to = LP_FMT_CSV;
	lp_writer_init(&st->w, st->to, opts->delim, opts->excel_safe);
	if (!opts->no_output && lp_out_open(&st->w.out, opts->output, err) < 0)
		goto fail;
	if (!opts->no_output && st->to == LP_FMT_XLSX &&
	    lp_writer_xlsx_check(&st->w.out, err) < 0)
		goto fail;
	st->opened = true;
	return st;
fail:
	lp_map_free(ukeys);
	lp_stream_close(st, NULL);
	return NULL;
}

int
lp_stream_next(struct lp_stream *st, struct lp_record **recp,
    struct lp_err *err)
{
	struct lp_input *in;
	struct rawrec *r;
	int rc;

	for (;;) {
		if (st->cur >= st->nin)
			return 0;
		in = &st->in[st->cur];
		if (in->parked && input_unpark(st, in, err) < 0)
			return -1;
		if (in->pend.next >= in->pend.nr) {
			lp_pending_reset(&in->pend);
			if ((rc = input_fill(in, err)) < 0)
				return -1;
			if (rc == 0) {
				st->counts.blank += in->blank;
				/* Done with it: its descriptor goes. */
				if (st->nin > 1 && parkable(in))
					input_park(in);
				st->cur++;
				continue;
			}
		}
		break;
	}
	r = &in->pend.r[in->pend.next++];
	st->rec.data = &in->pend.data;
	st->rec.nf = 0;
	st->rec.plain_col = INT_MAX;
	record_width(&st->rec, st->hdr->n);
	/* r->nf == 0 (a JSON file of empty objects) leaves both field
	 * arrays NULL: pointer arithmetic on NULL is undefined. */
	if (in->identity) {
		if (r->nf > 0)
			memcpy(st->rec.f, in->pend.f + r->f0,
			    r->nf * sizeof(*st->rec.f));
	} else
		for (size_t i = 0; i < r->nf; i++)
			st->rec.f[in->map[i]] = in->pend.f[r->f0 + i];
	st->rec.pos.file = in->name;
	st->rec.pos.line = r->line;
	st->rec.pos.last = r->last;
	st->counts.read++;
	*recp = &st->rec;
	return 1;
}

static void
start_output(struct lp_stream *st)
{
	if (st->started)
		return;
	st->started = true;
	lp_writer_header(&st->w, st->hdr->names, st->hdr->n);
}

int
lp_stream_put(struct lp_stream *st, const struct lp_record *rec,
    struct lp_err *err)
{
	struct lp_str f[64], *fp = f;
	int n = st->hdr->n;

	(void)err;
	start_output(st);
	if (n > 64)
		fp = lp_xcalloc((size_t)n, sizeof(*fp));
	/* lp_record_get_typed, inline: this runs for every field written. */
	for (int i = 0; i < n; i++) {
		size_t len = i < rec->nf ? rec->f[i].len : 0;

		fp[i].p = LP_FIELD_LEN(len) > 0 ? rec->data->p + rec->f[i].off :
		    "";
		fp[i].n = len;
	}
	/* Records a program set plain fields in take the writer's path
	 * that looks at the flag; the others (lead-norm's) pay nothing. */
	if (rec->plain_col < n)
		lp_writer_put_plain(&st->w, fp, n, rec->plain_col);
	else
		lp_writer_put(&st->w, fp, n);
	if (fp != f)
		free(fp);
	st->counts.written++;
	return 0;
}

/* Whether more records were rejected than --max-rejects allows. */
static bool
over_max_rejects(const struct lp_stream *st)
{
	const struct lp_counts *c = &st->counts;

	if (!st->opts.max_rejects_set || c->rejected == 0)
		return false;
	if (st->opts.max_rejects_pct)
		return (double)c->rejected * 100.0 >
		    st->opts.max_rejects * (double)c->read;
	return (double)c->rejected > st->opts.max_rejects;
}

int
lp_stream_commit(struct lp_stream *st, struct lp_err *err)
{
	if (st->have_rej && lp_out_commit(&st->rej.out, "rejects", err) < 0)
		return -1;
	if (over_max_rejects(st))
		return lp_err_set(err, EX_DATAERR, NULL, 0, "%ld of %ld "
		    "records rejected, more than --max-rejects %g%s allows",
		    st->counts.rejected, st->counts.read,
		    st->opts.max_rejects, st->opts.max_rejects_pct ? "%" : "");
	if (st->opts.no_output)
		return 0;
	start_output(st);
	lp_writer_end(&st->w);
	return lp_out_commit(&st->w.out, "<stdout>", err);
}

void
lp_stream_close(struct lp_stream *st, struct lp_err *err)
{
	(void)err;
	if (st == NULL)
		return;
	progress(st, true);
	/* A run that stopped inside an input has not added its blank
	 * lines yet (-v said 0 after an error). */
	if (st->cur < st->nin) {
		st->counts.blank += st->in[st->cur].blank;
		st->in[st->cur].blank = 0;
	}
	/* Counts of a stream that never opened (an input missing) would
	 * come before the error and mean nothing. */
	if (st->opened)
		lp_info("%ld read, %ld written, %ld rejected, %ld blank lines "
		    "skipped", st->counts.read, st->counts.written,
		    st->counts.rejected, st->counts.blank);
	/* Rejects are never silent (a cron job's -o looks fine). */
	if (st->counts.rejected > 0)
		lp_warn("%ld of %ld record%s rejected (see %s)",
		    st->counts.rejected, st->counts.read,
		    st->counts.read == 1 ? "" : "s", st->opts.rejects);
	for (int i = 0; i < st->nin; i++)
		input_close(&st->in[i]);
	for (int i = 0; i < st->nfiles; i++)
		lp_files_input_close(st->files[i]);
	free(st->in);
	lp_writer_fini(&st->w);
	if (st->have_rej)
		lp_writer_fini(&st->rej);
	free(st->rec.f);
	lp_header_free(st->hdr);
	free(st);
}

const struct lp_counts *
lp_stream_counts(const struct lp_stream *st)
{
	return &st->counts;
}

enum lp_format
lp_stream_from(const struct lp_stream *st)
{
	return st->nin > 0 ? st->in[0].fmt : LP_FMT_CSV;
}

enum lp_format
lp_stream_to(const struct lp_stream *st)
{
	return st->to;
}

const struct lp_header *
lp_stream_header(const struct lp_stream *st)
{
	return st->hdr;
}

int
lp_stream_add_column(struct lp_stream *st, const char *name)
{
	int col = lp_header_match(st->hdr, name);

	return col >= 0 ? col : lp_header_add(st->hdr, name);
}

void
lp_stream_rename_column(struct lp_stream *st, int col, const char *name)
{
	if (col < 0 || col >= st->hdr->n)
		return;
	free(st->hdr->names[col]);
	st->hdr->names[col] = lp_xstrdup(name);
	header_reindex(st->hdr);
}

/* ---- lp_stream_map: the record contract, on one thread or two ---- */

/* What fn and end are given: the stream, and the reason of a reject. */
struct lp_emit {
	struct lp_stream *st;
	char		 why[512];
};

int
lp_emit(struct lp_emit *e, const struct lp_record *rec, struct lp_err *err)
{
	if (lp_stream_put(e->st, rec, err) != 0)
		return -1;
	e->st->counts.emitted++;
	return 0;
}

enum lp_verdict
lp_reject(struct lp_emit *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->why, sizeof(e->why), fmt, ap);
	va_end(ap);
	return LP_REJECT;
}

/* Act on fn's verdict about rec: 0, or -1 with err set. */
static int
verdict(struct lp_emit *e, struct lp_record *rec, enum lp_verdict v,
    struct lp_err *err)
{
	struct lp_stream *st = e->st;
	int rc;

	switch (v) {
	case LP_KEEP:
		return lp_stream_put(st, rec, err);
	case LP_DROP:
		st->counts.dropped++;
		return 0;
	case LP_REJECT:
		if (e->why[0] == '\0')
			snprintf(e->why, sizeof(e->why), "rejected");
		rc = lp_stream_reject(st, rec, e->why, err);
		e->why[0] = '\0';
		return rc;
	default:
		return -1;
	}
}

/*
 * The main thread reads one batch while the worker runs fn over the
 * other and writes it.  A batch's records share its data buffer (offsets
 * survive its growth when fn sets fields).  The worker alone uses the
 * stream's outputs (st->w, st->rej, counts.written, rejected, dropped,
 * emitted) until it has been joined: a record the reader rejects while
 * it fills a batch is noted in the batch (rejnote) and written by the
 * worker before the record that followed it.
 */
struct rejnote {
	int		 before;	/* records of the batch read before it */
	const char	*file;
	long		 line;
	size_t		 raw, nraw, why;	/* into the batch's rejdata */
};

struct batch {
	struct lp_record rec[LP_MAP_RECORDS];
	int		 n;
	struct lp_buf	 data;
	struct rejnote	*rej;
	int		 nrej, rejcap, rejdone;
	struct lp_buf	 rejdata;
};

struct mapper {
	struct lp_stream *st;
	lp_record_fn	*fn;
	void		*arg;
	struct lp_emit	 e;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct batch	*todo;		/* for the worker; NULL once taken */
	bool		 idle, quit;
	bool		 failed;	/* fn or a write failed: the rest is
					 * skipped; err says why */
	struct lp_err	 err;
};

/* reader_reject while a batch fills: note it for the worker. */
static void
batch_note_reject(struct batch *b, const char *file, long line,
    const char *raw, size_t n, const char *why)
{
	struct rejnote *r;

	if (b->nrej == b->rejcap) {
		b->rejcap = b->rejcap ? 2 * b->rejcap : 16;
		b->rej = lp_xreallocarray(b->rej, (size_t)b->rejcap,
		    sizeof(*b->rej));
	}
	r = &b->rej[b->nrej++];
	r->before = b->n;
	r->file = file;
	r->line = line;
	r->raw = b->rejdata.n;
	r->nraw = n;
	lp_buf_add(&b->rejdata, raw, n);
	r->why = b->rejdata.n;
	lp_buf_adds(&b->rejdata, why);
	lp_buf_addc(&b->rejdata, '\0');
}

/* Write the noted rejects read before record upto of b. */
static void
batch_rejects(struct lp_stream *st, struct batch *b, int upto)
{
	for (; b->rejdone < b->nrej && b->rej[b->rejdone].before <= upto;
	    b->rejdone++) {
		const struct rejnote *r = &b->rej[b->rejdone];

		write_reject(st, r->file, r->line, b->rejdata.p + r->raw,
		    r->nraw, b->rejdata.p + r->why);
	}
}

/*
 * Copy rec into b.  A record's fields are consecutive in the reader's
 * buffer, so its bytes move in one copy; an empty field's offset is
 * never read (lp_record_get), so every offset moves by the same amount.
 */
static void
batch_add(struct batch *b, const struct lp_record *rec)
{
	struct lp_record *r = &b->rec[b->n++];
	size_t lo = SIZE_MAX, hi = 0, shift;
	int n = rec->nf;

	r->data = &b->data;
	record_width(r, n);
	for (int i = 0; i < n; i++)
		if (LP_FIELD_LEN(rec->f[i].len) > 0) {
			if (rec->f[i].off < lo)
				lo = rec->f[i].off;
			if (rec->f[i].off + LP_FIELD_LEN(rec->f[i].len) > hi)
				hi = rec->f[i].off +
				    LP_FIELD_LEN(rec->f[i].len);
		}
	if (lo >= hi)
		lo = hi = 0;	/* every field empty */
	shift = b->data.n - lo;
	if (hi > lo)
		lp_buf_add(&b->data, rec->data->p + lo, hi - lo);
	for (int i = 0; i < n; i++) {
		r->f[i].off = rec->f[i].off + shift;
		r->f[i].len = rec->f[i].len;
	}
	r->pos = rec->pos;
	r->plain_col = rec->plain_col;
}

/* Read into b until it is full: 1, 0 at the end, -1 on a read error. */
static int
batch_fill(struct lp_stream *st, struct batch *b, struct lp_err *err)
{
	struct lp_record *rec;
	int rc = 1;

	b->n = 0;
	b->data.n = 0;
	b->nrej = b->rejdone = 0;
	b->rejdata.n = 0;
	st->filling = b;
	while (b->n < LP_MAP_RECORDS && b->data.n < LP_MAP_BYTES &&
	    (rc = lp_stream_next(st, &rec, err)) > 0)
		batch_add(b, rec);
	st->filling = NULL;
	return rc;
}

/* Run fn over b and write what it keeps, until something fails. */
static void
batch_run(struct mapper *m, struct batch *b)
{
	for (int i = 0; i < b->n && !m->failed; i++) {
		batch_rejects(m->st, b, i);
		if (verdict(&m->e, &b->rec[i], m->fn(m->arg, &b->rec[i],
		    &m->e, &m->err), &m->err) != 0)
			m->failed = true;
	}
	if (!m->failed)
		batch_rejects(m->st, b, b->n);
}

static void *
map_worker(void *arg)
{
	struct mapper *m = arg;
	struct batch *b;

	pthread_mutex_lock(&m->mu);
	for (;;) {
		while (m->todo == NULL && !m->quit)
			pthread_cond_wait(&m->cv, &m->mu);
		if ((b = m->todo) == NULL)
			break;
		m->todo = NULL;
		m->idle = false;
		pthread_mutex_unlock(&m->mu);
		batch_run(m, b);
		pthread_mutex_lock(&m->mu);
		m->idle = true;
		pthread_cond_broadcast(&m->cv);
	}
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

/* Wait until the worker is done with what it was given, then give it b
 * (unless something failed; NULL: nothing).  Whether something failed. */
static bool
batch_handover(struct mapper *m, struct batch *b)
{
	bool failed;

	pthread_mutex_lock(&m->mu);
	while (m->todo != NULL || !m->idle)
		pthread_cond_wait(&m->cv, &m->mu);
	if (!(failed = m->failed) && b != NULL) {
		m->todo = b;
		m->idle = false;
		pthread_cond_broadcast(&m->cv);
	}
	pthread_mutex_unlock(&m->mu);
	return failed;
}

/* lp_stream_map on one thread: the plain loop (fn NULL: copy). */
static int
map_here(struct lp_stream *st, lp_record_fn *fn, struct lp_emit *e,
    void *arg, struct lp_err *err)
{
	struct lp_record *rec;
	int rc;

	if (fn == NULL) {
		while ((rc = lp_stream_next(st, &rec, err)) > 0)
			if (lp_stream_put(st, rec, err) != 0)
				return -1;
		return rc;
	}
	while ((rc = lp_stream_next(st, &rec, err)) > 0)
		if (verdict(e, rec, fn(arg, rec, e, err), err) != 0)
			return -1;
	return rc;
}

int
lp_stream_map(struct lp_stream *st, lp_record_fn *fn, lp_end_fn *end,
    void *arg, struct lp_err *err)
{
	struct mapper m = { .st = st, .fn = fn, .arg = arg, .idle = true,
	    .err = LP_ERR_INIT, .e = { .st = st } };
	struct batch *b, *cur;
	pthread_t th;
	bool failed = false;
	int rd = 1, rc;

	if (fn == NULL || st->opts.threads == 1 || (st->opts.threads == 0 &&
	    sysconf(_SC_NPROCESSORS_ONLN) < 2)) {
		if (map_here(st, fn, &m.e, arg, err) != 0)
			return -1;
		return end != NULL ? end(arg, &m.e, err) : 0;
	}
	pthread_mutex_init(&m.mu, NULL);
	pthread_cond_init(&m.cv, NULL);
	/* The worker never takes SIGINT and the like: the main thread's
	 * handler removes temp files (lp_files.c). */
	sigset_t old;

	lp_files_block_signals(&old);
	rc = pthread_create(&th, NULL, map_worker, &m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_mutex_destroy(&m.mu);
		pthread_cond_destroy(&m.cv);
		if (map_here(st, fn, &m.e, arg, err) != 0)
			return -1;
		return end != NULL ? end(arg, &m.e, err) : 0;
	}
	cur = b = lp_xcalloc(2, sizeof(*b));
	/* Fill one batch while the worker has the other. */
	while (rd > 0 && !failed) {
		rd = batch_fill(st, cur, err);
		if (cur->n > 0 || cur->nrej > 0)
			failed = batch_handover(&m, cur);
		cur = cur == &b[0] ? &b[1] : &b[0];
	}
	failed = batch_handover(&m, NULL);
	pthread_mutex_lock(&m.mu);
	m.quit = true;
	pthread_cond_broadcast(&m.cv);
	pthread_mutex_unlock(&m.mu);
	pthread_join(th, NULL);
	pthread_mutex_destroy(&m.mu);
	pthread_cond_destroy(&m.cv);
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < LP_MAP_RECORDS; i++)
			free(b[k].rec[i].f);
		lp_buf_fini(&b[k].data);
		free(b[k].rej);
		lp_buf_fini(&b[k].rejdata);
	}
	free(b);
	if (failed) {
		*err = m.err;
		return -1;
	}
	if (rd < 0)
		return -1;
	/* The worker is joined: this thread has the output again. */
	return end != NULL ? end(arg, &m.e, err) : 0;
}
