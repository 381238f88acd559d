/*
 * fuzz_stream.h -- what the reader harnesses share: run the record stream
 * over arbitrary bytes, the way a program does (open, next, put, reject,
 * commit, close), and check what comes out.
 *
 * The first two bytes of an input are options, the rest is the file:
 *
 *   byte 0  bits 0-1  input format (per harness: see fuzz_csv.c, fuzz_json.c)
 *           bits 2-3  read size: 0 = default, 1 = 1 byte, 2 = 2-17 bytes
 *                     (byte 1 bits 0-3), 3 = 61-76 bytes
 *           bit  4    --rejects (to /dev/null)
 *           bit  5    read from a pipe on standard input (no second pass)
 *           bit  6    small field and column limits (from byte 1 bits
 *                     4-7), and a small record limit with byte 1 bit 3
 *           bit  7    write the other output format
 *   byte 1  bits 0-3  read size (class 2), delimiter choice; bit 3 also
 *                     two inputs (without small limits), unioned by
 *                     canonical field
 *           bits 4-7  limit scale
 *
 * Checks beyond the sanitizers (a failure aborts, so libFuzzer keeps the
 * input): every field and column name is valid UTF-8 without NUL (the
 * stream's output is always UTF-8), every record is as wide as the
 * header, line numbers are positive, ordered and never go back within a
 * file, and -- when a small read size is chosen -- reading the input a
 * few bytes at a time gives the same records, counts and error as
 * reading it at once.
 *
 * Inputs are written to a memfd and opened as /proc/self/fd/N, or to a
 * pipe dup'ed onto standard input.  Standard output is /dev/null, so
 * output and rejects cost a write(2) and nothing else.
 *
 * Included by one harness file each, and all of them by
 * tests/unit/test_crashes.c (which renames LLVMFuzzerTestOneInput), so
 * everything here is static.
 */
#ifndef FUZZ_STREAM_H
#define FUZZ_STREAM_H

#include "fuzz_common.h"	/* first: it defines _GNU_SOURCE */

#include <sys/mman.h>

enum fuzz_kind { FUZZ_CSV, FUZZ_JSON };

static inline void
fuzz_fail(const char *what, const char *file, long line)
{
	fprintf(stderr, "fuzz: %s (%s:%ld)\n", what, file, line);
	abort();
}

/*
 * A file holding data[0..n): a memfd (its /proc path in path), or a pipe
 * on standard input when pipe_in and the data fits the pipe.  Returns the
 * fd to close after the run, or -1.
 */
static inline int
fuzz_file(const uint8_t *data, size_t n, int pipe_in, char *path,
    size_t pathlen)
{
	int fd;

	path[0] = '\0';
	if (pipe_in && n <= 32768) {
		int p[2];

		if (pipe(p) != 0)
			return -1;
		if (n > 0 && write(p[1], data, n) != (ssize_t)n) {
			close(p[0]);
			close(p[1]);
			return -1;
		}
		close(p[1]);
		dup2(p[0], STDIN_FILENO);
		close(p[0]);
		snprintf(path, pathlen, "-");
		return STDIN_FILENO;
	}
	if ((fd = memfd_create("fuzz", 0)) < 0)
		return -1;
	if (n > 0 && write(fd, data, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	snprintf(path, pathlen, "/proc/self/fd/%d", fd);
	return fd;
}

static inline void
fuzz_unfile(int fd)
{
	int null;

	if (fd == STDIN_FILENO) {
		/* Put /dev/null back on standard input. */
		if ((null = open("/dev/null", O_RDONLY)) >= 0) {
			dup2(null, STDIN_FILENO);
			if (null != STDIN_FILENO)
				close(null);
		}
	} else if (fd >= 0)
		close(fd);
}

/* The output checks: UTF-8, width, line numbers. */
static inline void
fuzz_check_record(const struct lp_header *h, const struct lp_record *rec,
    const char **lastfile, long *lastline)
{
	const struct lp_pos *pos = lp_record_pos(rec);

	if (lp_record_count(rec) != lp_header_count(h))
		fuzz_fail("record is not as wide as the header", pos->file,
		    pos->line);
	for (int i = 0; i < lp_record_count(rec); i++) {
		struct lp_str s = lp_record_get(rec, i);

		if (!lp_utf8_valid(s.p, s.n))
			fuzz_fail("field is not valid UTF-8", pos->file,
			    pos->line);
	}
	if (pos->line < 1 || pos->last < pos->line)
		fuzz_fail("bad line numbers", pos->file, pos->line);
	if (*lastfile != NULL && strcmp(*lastfile, pos->file) == 0 &&
	    pos->line < *lastline)
		fuzz_fail("line numbers go back", pos->file, pos->line);
	*lastfile = pos->file;
	*lastline = pos->line;
}

/* FNV-1a over what a run produced, to compare runs. */
static inline void
fuzz_hash(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		*h = (*h ^ c[i]) * UINT64_C(0x100000001b3);
}

/* A record into the digest: its line, then each field's length and
 * bytes. */
static inline void
fuzz_hash_record(uint64_t *digest, const struct lp_record *rec)
{
	fuzz_hash(digest, &lp_record_pos(rec)->line, sizeof(long));
	for (int i = 0; i < lp_record_count(rec); i++) {
		struct lp_str f = lp_record_get(rec, i);

		fuzz_hash(digest, &f.n, sizeof(f.n));
		fuzz_hash(digest, f.p, f.n);
	}
}

/* lp_io_opts.column_key: the alias table's canonical field. */
static const char *
fuzz_column_key(void *ctx, const char *name)
{
	(void)ctx;
	return lp_alias_canonical(name, strlen(name));
}

/*
 * One run of the stream over data, as a program does it.  *digest gets a
 * hash of the header, every record (fields and first line), the counts
 * and the error.
 */
static inline void
fuzz_run(const uint8_t *data, size_t size, const struct lp_io_opts *io,
    int pipe_in, int two, uint64_t *digest)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_stream *st;
	struct lp_record *rec;
	char path[64], path2[64], *files[3] = { path, NULL, NULL };
	const char *lastfile = NULL;
	long lastline = 0, n = 0;
	int fd, rc;

	*digest = UINT64_C(0xcbf29ce484222325);
	if ((fd = fuzz_file(data, size, pipe_in, path, sizeof(path))) < 0)
		return;
	/* Two inputs (the same bytes twice, under another name) exercise
	 * the union header. */
	if (fd != STDIN_FILENO && two) {
		snprintf(path2, sizeof(path2), "/dev/fd/%d", fd);
		files[1] = path2;
	}
	if ((st = lp_stream_open(io, files, &err)) == NULL) {
		if (err.code == 0)
			fuzz_fail("open failed without an error", path, 0);
		goto out;
	}
	const struct lp_header *h = lp_stream_header(st);

	for (int i = 0; i < lp_header_count(h); i++) {
		const char *name = lp_header_name(h, i);

		if (!lp_utf8_valid(name, strlen(name)))
			fuzz_fail("column name is not valid UTF-8", path, 1);
		fuzz_hash(digest, name, strlen(name) + 1);
	}
	while ((rc = lp_stream_next(st, &rec, &err)) > 0) {
		fuzz_check_record(h, rec, &lastfile, &lastline);
		fuzz_hash_record(digest, rec);
		/* With --rejects, refuse every third record as a program
		 * would. */
		if (io->rejects != NULL && ++n % 3 == 0)
			rc = lp_stream_reject(st, rec, "fuzz: refused", &err);
		else
			rc = lp_stream_put(st, rec, &err);
		if (rc != 0)
			break;
	}
	if (rc < 0 && err.code == 0)
		fuzz_fail("read failed without an error", path, 0);
	if (rc == 0)
		lp_stream_commit(st, &err);
	fuzz_hash(digest, lp_stream_counts(st), sizeof(struct lp_counts));
#ifdef FUZZ_DEBUG
	{
		const struct lp_counts *c = lp_stream_counts(st);

		fprintf(stderr, "read size %zu: %d columns, %ld read, %ld "
		    "written, %ld rejected, %ld blank\n", io->read_size,
		    lp_header_count(h), c->read, c->written, c->rejected,
		    c->blank);
		for (int i = 0; i < lp_header_count(h); i++)
			fprintf(stderr, "  column '%s'\n", lp_header_name(h, i));
	}
#endif
	lp_stream_close(st, &err);
out:
	fuzz_hash(digest, &err.code, sizeof(err.code));
	fuzz_hash(digest, err.msg, strlen(err.msg));
	fuzz_hash(digest, &err.line, sizeof(err.line));
	/*
	 * The record limit guards memory as text is read, so whether and
	 * where it trips depends on how much was read at once (a record
	 * inside the first 64 KiB read is never measured): runs that hit
	 * it are not compared (digest 0).
	 */
	if (strncmp(err.msg, "record longer than", 18) == 0)
		*digest = 0;
#ifdef FUZZ_DEBUG
	/* -DFUZZ_DEBUG: what each run gave, to see why two differ. */
	fprintf(stderr, "read size %zu: %ld records, error %d %s:%ld: %s\n",
	    io->read_size, lastline ? n : 0, err.code, err.file, err.line,
	    err.msg);
#endif
	fuzz_unfile(fd);
}

static inline int
fuzz_stream(const uint8_t *data, size_t size, enum fuzz_kind kind)
{
	static const int delims[] = { ',', ';', '\t', '|', ':', ' ', 'a', '\'' };
	struct lp_io_opts io;
	struct lp_limits lim = LP_LIMITS_DEFAULT;
	uint64_t d1, d2;
	unsigned o0, o1;
	int pipe_in, two;

	if (size < 2)
		return 0;
	fuzz_common_init();
	o0 = data[0];
	o1 = data[1];
	data += 2;
	size -= 2;
	memset(&io, 0, sizeof(io));
	io.progress = 0;
	if (kind == FUZZ_CSV) {
		switch (o0 & 3) {
		case 0: io.from = LP_FMT_AUTO; break;
		case 1: io.from = LP_FMT_CSV; break;
		case 2: io.from = LP_FMT_TSV; break;
		case 3: io.from = LP_FMT_CSV; io.delim = delims[o1 & 7]; break;
		}
		io.to = o0 & 0x80 ? LP_FMT_NDJSON : LP_FMT_AUTO;
	} else {
		switch (o0 & 3) {
		case 0: case 3: io.from = LP_FMT_AUTO; break;
		case 1: io.from = LP_FMT_JSON; break;
		case 2: io.from = LP_FMT_NDJSON; break;
		}
		io.to = o0 & 0x80 ? LP_FMT_CSV : LP_FMT_AUTO;
	}
	switch ((o0 >> 2) & 3) {
	case 0: io.read_size = 0; break;
	case 1: io.read_size = 1; break;
	case 2: io.read_size = 2 + (o1 & 15); break;
	case 3: io.read_size = 61 + (o1 & 15); break;
	}
	if (o0 & 0x10)
		io.rejects = "/dev/null";	/* not "-": stdout is the output */
	if (o0 & 0x40) {
		unsigned k = o1 >> 4;

		lim.max_field = 1 + k * 3;
		lim.max_columns = 1 + k;
		/* Byte 1 bit 3: a small record limit too (else it means
		 * two inputs, which small limits do not use). */
		if (o1 & 0x08)
			lim.max_record = 16 + k * 40;
	}
	io.limits = lim;
	pipe_in = (o0 & 0x20) != 0;
	two = (o1 & 0x08) && (o0 & 0x40) == 0;
	/* Two inputs union by canonical field, as lead-norm's do. */
	if (two)
		io.column_key = fuzz_column_key;
	fuzz_run(data, size, &io, pipe_in, two, &d1);
	/*
	 * The differential check: the same input read in one go must give
	 * the same records, counts and error as read a few bytes at a time
	 * (a record or a character split across reads).  Not with a record
	 * limit the input can reach: that guard trips as text is read, so
	 * where depends on the read size, and in the key-collecting pass
	 * of a JSON file it leaves a shorter header before the error.
	 */
	if (io.read_size != 0 && lim.max_record >= size) {
		io.read_size = 0;
		fuzz_run(data, size, &io, pipe_in, two, &d2);
		if (d1 != d2 && d1 != 0 && d2 != 0)
			fuzz_fail("a small read size gives another result",
			    "input", 0);
	}
	return 0;
}

#endif
