/*
 * lp_write -- outputs and writers.
 *
 * An output is stdout or a temp file beside its final path (on Linux one
 * with no name until the commit: O_TMPFILE), renamed into place only by
 * a successful commit, so a failed or killed run never
 * leaves a half-written file where the next cron job looks.  Writes go
 * through one large buffer; a write error is remembered and reported at
 * commit.
 *
 * CSV and TSV quote a field only when it holds the delimiter, a quote,
 * CR or LF (RFC 4180), and a record that is one empty field is written
 * as "" so it does not read back as a blank line.  JSON is written by
 * hand, streaming: every value is a string, so CSV -> JSON -> CSV gives
 * back the same bytes.
 */
#define _GNU_SOURCE		/* O_TMPFILE */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lp_err.h"
#include "lp_esc.h"
#include "lp_private.h"

#define OUTCAP	(256 * 1024)

/*
 * A file with no name in path's directory (Linux O_TMPFILE), or -1: it
 * gets a name only at commit, just before the rename, so even SIGKILL
 * (or the OOM killer) mid-run leaves nothing behind.  Only where
 * /proc/self/fd can name it then.
 */
static int
anon_open(const char *path)
{
#ifdef O_TMPFILE
	char *d = lp_xstrdup(path), *slash = strrchr(d, '/');
	int fd;

	if (slash == NULL)
		strcpy(d, ".");
	else
		slash[slash == d ? 1 : 0] = '\0';
	fd = access("/proc/self/fd", X_OK) == 0 ?
	    open(d, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600) : -1;
	free(d);
	return fd;
#else
	(void)path;
	return -1;
#endif
}

/* Give an anonymous temp file the name o->tmp (its XXXXXX made unique). */
static int
anon_name(struct lp_out *o)
{
	static const char abc[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	char proc[64];
	size_t n = strlen(o->tmp);
	struct timespec ts;
	uint64_t r;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", o->fd);
	clock_gettime(CLOCK_REALTIME, &ts);
	r = (uint64_t)ts.tv_nsec * 6364136223846793005u ^ (uint64_t)getpid();
	for (int tries = 0; tries < 100; tries++) {
		for (size_t i = n - 6; i < n; i++) {
			r = r * 6364136223846793005u + 1442695040888963407u;
			o->tmp[i] = abc[(r >> 33) % (sizeof(abc) - 1)];
		}
		/* Named for the signal handler before it exists. */
		if (o->slot > 0)
			lp_files_output_tmp(o->slot - 1, o->tmp);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp,
		    AT_SYMLINK_FOLLOW) == 0) {
			o->anon = false;
			return 0;
		}
		if (errno != EEXIST)
			break;
	}
	return -1;
}

int
lp_out_open(struct lp_out *o, const char *path, struct lp_err *err)
{
	int slot;

	memset(o, 0, sizeof(*o));
	o->fd = STDOUT_FILENO;
	/* Not an input, nor another output of this run. */
	if ((slot = lp_files_output(path, err)) < 0)
		return -1;
	o->slot = slot + 1;
	if (path != NULL && strcmp(path, "-") != 0) {
		struct stat sb;
		size_t n;

		/*
		 * -o /dev/full, /dev/null, a terminal or a FIFO: there is
		 * nothing to replace atomically, and renaming a temp file
		 * onto it replaced the device node itself (root can create
		 * files in /dev).  Write to it directly.
		 */
		if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			if (S_ISDIR(sb.st_mode) ||
			    (o->fd = open(path, O_WRONLY)) < 0) {
				lp_err_set(err, EX_CANTCREAT, path, 0,
				    "cannot create: %s", S_ISDIR(sb.st_mode) ?
				    strerror(EISDIR) : strerror(errno));
				lp_files_output_done(slot);
				o->slot = 0;
				o->fd = STDOUT_FILENO;
				return -1;
			}
			o->path = lp_xstrdup(path);
			lp_buf_reserve(&o->b, OUTCAP + 1);
			return 0;
		}
		/* A symbolic link to a file (-o /dev/stdout redirected to a
		 * file): replace the file, not the link. */
		if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) &&
		    (o->path = realpath(path, NULL)) != NULL)
			path = o->path;
		else
			o->path = lp_xstrdup(path);
		/* -o replaces the file: the new one keeps its mode. */
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			o->keep_mode = true;
			o->mode = sb.st_mode & 07777;
		}
		n = strlen(path);
		o->tmp = lp_xmalloc(n + 16);
		snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
		if ((o->fd = anon_open(path)) >= 0) {
			o->anon = true;
			lp_buf_reserve(&o->b, OUTCAP + 1);
			return 0;
		}
		if ((o->fd = mkstemp(o->tmp)) < 0) {
			lp_err_set(err, EX_CANTCREAT, path, 0,
			    "cannot create: %s", strerror(errno));
			/* The caller does not abort an output that failed
			 * to open (--rejects leaked its path): free
			 * everything here (path may be o->path). */
			free(o->tmp);
			o->tmp = NULL;
			free(o->path);
			o->path = NULL;
			lp_files_output_done(slot);
			o->slot = 0;
			o->fd = STDOUT_FILENO;
			return -1;
		}
		/* A signal that ends the run removes it. */
		lp_files_output_tmp(slot, o->tmp);
	}
	lp_buf_reserve(&o->b, OUTCAP + 1);
	return 0;
}

void
lp_out_flush(struct lp_out *o)
{
	const char *p = o->b.p;
	size_t n = o->b.n;

	while (n > 0 && !o->failed) {
		ssize_t w = write(o->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			o->failed = true;
			o->err_no = w < 0 ? errno : EIO;
			break;
		}
		p += w;
		n -= (size_t)w;
	}
	o->b.n = 0;
}

int
lp_out_commit(struct lp_out *o, const char *what, struct lp_err *err)
{
	const char *name = o->path ? o->path : what;
	mode_t mask;

	lp_out_flush(o);
	if (o->failed)
		return lp_err_set(err, EX_IOERR, name, 0, "write error: %s",
		    strerror(o->err_no));
	if (o->tmp == NULL)
		return 0;
	/* The file it replaces may have been read since -o was opened
	 * (lead-score --events). */
	if (lp_files_output_check(o->path, err) < 0)
		return -1;
	/* mkstemp made the file 0600: give it the mode of the file it
	 * replaces, else the usual one. */
	mask = umask(0);
	umask(mask);
	if (fchmod(o->fd, o->keep_mode ? o->mode : 0666 & ~mask) != 0 ||
	    fsync(o->fd) != 0 || (o->anon && anon_name(o) != 0) ||
	    close(o->fd) != 0) {
		o->fd = -1;
		return lp_err_set(err, EX_IOERR, name, 0, "write error: %s",
		    strerror(errno));
	}
	o->fd = -1;
	if (rename(o->tmp, o->path) != 0)
		return lp_err_set(err, EX_CANTCREAT, name, 0,
		    "cannot rename the temp file into place: %s",
		    strerror(errno));
	if (o->slot > 0)
		lp_files_output_tmp(o->slot - 1, NULL);
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

void
lp_out_abort(struct lp_out *o)
{
	if (o->tmp != NULL) {
		if (o->fd >= 0)
			close(o->fd);
		/* An anonymous file goes with its descriptor. */
		if (!o->anon)
			unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	} else if (o->fd > STDERR_FILENO)
		close(o->fd);
	if (o->slot > 0)
		lp_files_output_done(o->slot - 1);
	free(o->path);
	lp_buf_fini(&o->b);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
}

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
	bool guard = w->excel_safe && lp_formula_like(p, n);
	size_t i = 0;

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
		if (b->n >= OUTCAP)
			lp_out_flush(&w->out);
	}
	free(width);
}

void
lp_writer_header(struct lp_writer *w, char *const *names, int n)
{
	struct lp_buf *b = &w->out.b;

	if (w->fmt == LP_FMT_XLSX) {
		lp_xlsxw_header(w, names, n);
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
lp_writer_record(struct lp_writer *w, const struct lp_str *f, int n)
{
	struct lp_buf *b = &w->out.b;

	if (w->fmt == LP_FMT_XLSX) {
		lp_xlsxw_record(w, f, n);
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
				lp_esc_json(b, f[i].p, f[i].n);
			else if (LP_FIELD_LEN(f[i].n) == 0)
				lp_buf_add(b, "null", 4);
			else
				lp_buf_add(b, f[i].p, LP_FIELD_LEN(f[i].n));
		}
		lp_buf_adds(b, w->fmt == LP_FMT_NDJSON ? "}\n" : "}");
	}
	w->written++;
	if (b->n >= OUTCAP)
		lp_out_flush(&w->out);
}

void
lp_writer_end(struct lp_writer *w)
{
	if (w->fmt == LP_FMT_XLSX)
		lp_xlsxw_end(w);
	if (w->fmt == LP_FMT_JSON)
		lp_buf_adds(&w->out.b, w->written > 0 ? "\n]\n" : "]\n");
	if (w->fmt == LP_FMT_TABLE && w->tcols > 0)
		table_end(w);
}

void
lp_writer_fini(struct lp_writer *w)
{
	lp_xlsxw_fini(w);
	for (int i = 0; i < w->nkeys; i++)
		free(w->keys[i]);
	free(w->keys);
	free(w->keylen);
	w->keys = NULL;
	w->keylen = NULL;
	w->nkeys = 0;
	lp_buf_fini(&w->cells);
	free(w->cell);
	w->cell = NULL;
	w->ncell = w->cellcap = 0;
	lp_out_abort(&w->out);
}
