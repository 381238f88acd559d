/*
 * fuzz_rejects -- libFuzzer harness for the rejects path: the CSV reader
 * with --rejects always on, so malformed quoting resynchronises where
 * the record really ends, ragged rows and records with bytes a record
 * cannot carry are set aside, and the run goes on.
 *
 * Input: one option byte, then the file.
 *
 *   bits 0-1  read size: 0 = default, 1 = 1 byte, 2 = 7 bytes, 3 = 61
 *   bit  2    delimiter ';' (else sniffed)
 *   bit  3    the program refuses every fifth record (lp_stream_reject)
 *
 * Checks beyond the sanitizers (a failure aborts):
 *   - the accounts: read = written + rejected, always;
 *   - the rejects file reads back as CSV with the header file,line,
 *     reason,record and exactly one record per rejected record, however
 *     the rejected text was quoted or broken;
 *   - records are as wide as the header, valid UTF-8, lines in order;
 *   - with a small read size, the same records, counts, rejects and
 *     error as reading at once.
 *
 * The rejects file is written to a scratch directory (it is renamed into
 * place like any output), records to standard output (/dev/null).
 */
#include "fuzz_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *
rejects_path(void)
{
	static char path[128];

	if (path[0] == '\0') {
		const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
		    "/tmp";

		snprintf(path, sizeof(path), "%s/leadpipe-fuzz-rejects.%ld.csv",
		    dir, (long)getpid());
	}
	return path;
}

/* Read the rejects file back: its record count, or -1 when it is not
 * a 4-column CSV. */
static long
reread_rejects(const char *path, uint64_t *digest)
{
	struct lp_io_opts io;
	struct lp_err err = LP_ERR_INIT;
	struct lp_stream *st;
	struct lp_record *rec;
	char *files[] = { (char *)path, NULL };
	long n = 0;
	int rc;

	memset(&io, 0, sizeof(io));
	io.from = LP_FMT_CSV;
	io.delim = ',';
	io.no_output = true;
	io.limits = (struct lp_limits)LP_LIMITS_DEFAULT;
	if ((st = lp_stream_open(&io, files, &err)) == NULL)
		return -1;
	const struct lp_header *h = lp_stream_header(st);

	if (lp_header_count(h) != 4 || strcmp(lp_header_name(h, 0), "file") ||
	    strcmp(lp_header_name(h, 3), "record")) {
		lp_stream_close(st, &err);
		return -1;
	}
	while ((rc = lp_stream_next(st, &rec, &err)) > 0) {
		struct lp_str f = lp_record_get(rec, 3);

		if (lp_record_count(rec) != 4) {
			n = -1;
			break;
		}
		fuzz_hash(digest, f.p, f.n);
		n++;
	}
	if (rc < 0)
		n = -1;
	lp_stream_close(st, &err);
	return n;
}

static void
run(const uint8_t *data, size_t size, struct lp_io_opts *io, bool refuse,
    uint64_t *digest)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_stream *st;
	struct lp_record *rec;
	char path[64], *files[2] = { path, NULL };
	const char *lastfile = NULL;
	long lastline = 0, k = 0;
	int fd, rc = -1;

	*digest = UINT64_C(0xcbf29ce484222325);
	unlink(io->rejects);
	if ((fd = fuzz_file(data, size, 0, path, sizeof(path))) < 0)
		return;
	if ((st = lp_stream_open(io, files, &err)) == NULL) {
		if (err.code == 0)
			fuzz_fail("open failed without an error", path, 0);
		goto out;
	}
	const struct lp_header *h = lp_stream_header(st);

	while ((rc = lp_stream_next(st, &rec, &err)) > 0) {
		fuzz_check_record(h, rec, &lastfile, &lastline);
		fuzz_hash_record(digest, rec);
		if (refuse && ++k % 5 == 0)
			rc = lp_stream_reject(st, rec, "fuzz: refused", &err);
		else
			rc = lp_stream_put(st, rec, &err);
		if (rc != 0)
			break;
	}
	if (rc < 0 && err.code == 0)
		fuzz_fail("read failed without an error", path, 0);
	const struct lp_counts *c = lp_stream_counts(st);

	if (c->read != c->written + c->rejected)
		fuzz_fail("read != written + rejected", path, c->read);
	fuzz_hash(digest, c, sizeof(*c));
	if (rc == 0 && lp_stream_commit(st, &err) == 0) {
		long n = reread_rejects(io->rejects, digest);

		if (n != c->rejected)
			fuzz_fail("the rejects file does not read back as one "
			    "record per reject", io->rejects, n);
	}
	lp_stream_close(st, &err);
out:
	fuzz_hash(digest, &err.code, sizeof(err.code));
	fuzz_hash(digest, err.msg, strlen(err.msg));
	fuzz_hash(digest, &err.line, sizeof(err.line));
	if (strncmp(err.msg, "record longer than", 18) == 0)
		*digest = 0;
	fuzz_unfile(fd);
	unlink(io->rejects);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t sizes[] = { 0, 1, 7, 61 };
	struct lp_io_opts io;
	uint64_t d1, d2;
	bool refuse;

	if (size < 1)
		return 0;
	fuzz_common_init();
	memset(&io, 0, sizeof(io));
	io.progress = 0;
	io.from = LP_FMT_CSV;
	io.delim = data[0] & 4 ? ';' : 0;
	io.read_size = sizes[data[0] & 3];
	io.rejects = rejects_path();
	io.limits = (struct lp_limits)LP_LIMITS_DEFAULT;
	refuse = (data[0] & 8) != 0;
	run(data + 1, size - 1, &io, refuse, &d1);
	if (io.read_size != 0) {
		io.read_size = 0;
		run(data + 1, size - 1, &io, refuse, &d2);
		if (d1 != d2 && d1 != 0 && d2 != 0)
			fuzz_fail("a small read size gives another result",
			    "input", 0);
	}
	return 0;
}
