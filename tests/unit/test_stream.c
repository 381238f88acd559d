/*
 * test_stream -- the readers and writers, fed every fixture in
 * tests/data/quirks/ one, two, three ... bytes per read, must give exactly
 * tests/data/quirks/expected/<name>.ndjson each time; plus the writers'
 * quoting and the in-memory record API.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leadpipe.h"
#include "lp_private.h"
#include "unit.h"

#define QUIRKS "tests/data/quirks"

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	p = malloc((size_t)n + 1);
	if (fread(p, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	p[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Run the stream over path; output to out.  Returns the exit code. */
static int
convert(const char *path, const char *out, enum lp_format to, size_t rs)
{
	struct lp_io_opts io = { 0 };
	struct lp_limits lim = LP_LIMITS_DEFAULT;
	struct lp_err err = LP_ERR_INIT;
	char *files[] = { (char *)path, NULL };
	struct lp_stream *st;
	struct lp_record *rec;
	int rc;

	io.to = to;
	io.output = out;
	io.progress = 0;
	io.read_size = rs;
	io.limits = lim;
	if ((st = lp_stream_open(&io, files, &err)) == NULL)
		return err.code;
	while ((rc = lp_stream_next(st, &rec, &err)) > 0)
		lp_stream_put(st, rec, &err);
	if (rc == 0)
		lp_stream_commit(st, &err);
	lp_stream_close(st, &err);
	if (err.code != 0)
		fprintf(stderr, "%s (read size %zu): %s:%ld: %s\n", path, rs,
		    err.file, err.line, err.msg);
	return err.code;
}

static void
every_read_size(const char *name)
{
	char path[512], want_path[512], out[] = "/tmp/test_stream.XXXXXX";
	size_t len, wlen, glen;
	char *want, *got;
	struct stat sb;
	int fd = mkstemp(out);

	close(fd);
	snprintf(path, sizeof(path), "%s/%s", QUIRKS, name);
	snprintf(want_path, sizeof(want_path), "%s/expected/%s.ndjson", QUIRKS,
	    name);
	want = slurp(want_path, &wlen);
	CHECK(want != NULL);
	if (want == NULL || stat(path, &sb) != 0)
		return;
	len = (size_t)sb.st_size;
	for (size_t rs = 1; rs <= len + 1; rs++) {
		int rc = convert(path, out, LP_FMT_NDJSON, rs);

		got = slurp(out, &glen);
		if (rc != 0 || got == NULL || glen != wlen ||
		    memcmp(got, want, wlen) != 0) {
			fprintf(stderr, "%s: read size %zu gives:\n%s", name, rs,
			    got ? got : "(nothing)\n");
			unit_fail++;
			free(got);
			break;
		}
		unit_pass++;
		free(got);
	}
	free(want);
	unlink(out);
}

/* CSV -> JSON -> CSV gives the same bytes back for RFC 4180 input. */
static void
round_trip(void)
{
	char j[] = "/tmp/test_stream_j.XXXXXX", c[] = "/tmp/test_stream_c.XXXXXX";
	const char *in = QUIRKS "/pipe.csv";
	char *a, *b;
	size_t an, bn;

	close(mkstemp(j));
	close(mkstemp(c));
	CHECK_INT(convert(QUIRKS "/rfc4180.csv", j, LP_FMT_JSON, 0), 0);
	CHECK_INT(convert(j, c, LP_FMT_CSV, 0), 0);
	a = slurp(c, &an);
	CHECK_MEM(a, an, "id,name,note\n1,\"Smith, John\",\"He said \"\"hi\"\"\"\n"
	    "2,\"multi\r\nline\",x\n3,,\n");
	free(a);
	CHECK_INT(convert(in, c, LP_FMT_CSV, 0), 0);
	CHECK_INT(convert(c, j, LP_FMT_CSV, 0), 0);
	a = slurp(c, &an);
	b = slurp(j, &bn);
	CHECK(an == bn && memcmp(a, b, an) == 0);
	free(a);
	free(b);
	unlink(j);
	unlink(c);
}

static void
records(void)
{
	struct lp_header *h = lp_header_new();
	struct lp_record *r;
	struct lp_str s;

	CHECK_INT(lp_header_add(h, "Job Title"), 0);
	CHECK_INT(lp_header_add(h, "E-Mail Address"), 1);
	CHECK_INT(lp_header_add(h, "Job Title"), 0);
	CHECK_INT(lp_header_find(h, "job_title"), 0);
	CHECK_INT(lp_header_find(h, "title"), 0);
	CHECK_INT(lp_header_find(h, "email"), 1);
	CHECK_INT(lp_header_find(h, "phone"), -1);
	r = lp_record_new(h);
	s = lp_record_get(r, 0);
	CHECK_MEM(s.p, s.n, "");
	lp_record_set(r, 0, "VP Sales", 8);
	s = lp_record_get(r, 0);
	lp_record_set(r, 1, s.p + 3, 5);	/* from its own buffer */
	s = lp_record_get(r, 1);
	CHECK_MEM(s.p, s.n, "Sales");
	s = lp_record_get(r, 7);
	CHECK_MEM(s.p, s.n, "");
	lp_record_free(r);
	lp_header_free(h);
}

/* lp_record_clear empties every field (flags too) and keeps the width;
 * what is set after it reads back, however often. */
static void
clear(void)
{
	struct lp_header *h = lp_header_new();
	struct lp_record *r;
	struct lp_str s;
	bool ok = true;

	lp_header_add(h, "a");
	lp_header_add(h, "b");
	r = lp_record_new(h);
	for (int i = 0; i < 1000; i++) {
		lp_record_clear(r);
		ok &= lp_record_count(r) == 2;
		ok &= lp_record_get(r, 0).n == 0 && lp_record_get(r, 1).n == 0;
		ok &= lp_record_get_typed(r, 1).n == 0;
		lp_record_set(r, 0, "first", 5);
		lp_record_set_int(r, 1, i);
		s = lp_record_get(r, 0);
		ok &= s.n == 5 && memcmp(s.p, "first", 5) == 0;
	}
	CHECK(ok);
	lp_record_clear(r);
	s = lp_record_get_typed(r, 1);	/* no JSON number left */
	CHECK(s.n == 0);
	CHECK_STR(lp_record_pos(r)->file, "");
	lp_record_free(r);
	lp_header_free(h);
}

/* lp_record_set_int writes lp_fmt_int's text, a JSON number; set_text
 * and set_number keep the text as given. */
static void
set_int(void)
{
	static const long long v[] = { 0, 1, -1, 9, 10, -10, 99, 100, 12345,
	    -9876543210LL, LLONG_MAX, LLONG_MIN, LLONG_MIN + 1 };
	struct lp_header *h = lp_header_new();
	struct lp_record *r;
	struct lp_str s;
	char t[24];
	bool ok = true;

	lp_header_add(h, "a");
	lp_header_add(h, "b");
	r = lp_record_new(h);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t n = lp_fmt_int(t, v[i]);

		lp_record_set(r, 0, "x", 1);
		lp_record_set_int(r, 1, v[i]);
		s = lp_record_get(r, 1);
		ok &= s.n == n && memcmp(s.p, t, n) == 0;
		s = lp_record_get_typed(r, 1);
		ok &= (s.n & LP_FIELD_RAW) != 0 && LP_FIELD_LEN(s.n) == n;
		s = lp_record_get(r, 0);
		ok &= s.n == 1 && s.p[0] == 'x';
	}
	CHECK(ok);
	/* Every number of one and two digits, signed, and past them. */
	for (long long x = -150; x <= 150; x++) {
		size_t n = lp_fmt_int(t, x);

		lp_record_clear(r);
		lp_record_set_int(r, 1, x);
		lp_record_set_int(r, 0, -x);
		s = lp_record_get(r, 1);
		ok &= s.n == n && memcmp(s.p, t, n) == 0;
		n = lp_fmt_int(t, -x);
		s = lp_record_get(r, 0);
		ok &= s.n == n && memcmp(s.p, t, n) == 0;
	}
	CHECK(ok);
	lp_record_set_int(r, 3, -42);	/* widens the record */
	s = lp_record_get(r, 3);
	CHECK_MEM(s.p, s.n, "-42");
	lp_record_set_text(r, 0, "a \"b\"", 5);
	s = lp_record_get(r, 0);
	CHECK_MEM(s.p, s.n, "a \"b\"");
	lp_record_set_text(r, 0, "plain; text", 11);
	s = lp_record_get(r, 0);
	CHECK_MEM(s.p, s.n, "plain; text");
	CHECK((lp_record_get_typed(r, 0).n & LP_FIELD_RAW) == 0);
	lp_record_set_number(r, 0, "-1.5", 4);
	s = lp_record_get(r, 0);
	CHECK_MEM(s.p, s.n, "-1.5");
	CHECK((lp_record_get_typed(r, 0).n & LP_FIELD_PLAIN) != 0);
	lp_record_free(r);
	lp_header_free(h);
}

/* lp_record_set_text copies any length exactly and marks it plain
 * only without a quote, CR or LF, wherever one is (the vector loop's
 * blocks and its overlapping last block, the byte loop), also when
 * the text is a field of the same record. */
static void
set_text(void)
{
	static const char bad[] = "\"\r\n";
	struct lp_header *h = lp_header_new();
	struct lp_record *r;
	char t[80];
	bool ok = true;

	lp_header_add(h, "a");
	lp_header_add(h, "b");
	r = lp_record_new(h);
	for (size_t n = 1; n < sizeof(t); n++)
		for (size_t at = 0; at <= n; at++)
			for (int k = 0; k < (at < n ? 3 : 1); k++) {
				struct lp_str s;

				for (size_t i = 0; i < n; i++)
					t[i] = (char)('a' + (i * 7 + n) % 26);
				if (at < n)
					t[at] = bad[k];
				lp_record_set_text(r, 0, t, n);
				s = lp_record_get_typed(r, 0);
				ok &= LP_FIELD_LEN(s.n) == n &&
				    memcmp(s.p, t, n) == 0 &&
				    ((s.n & LP_FIELD_PLAIN) != 0) == (at == n);
				/* From the record's own buffer. */
				s = lp_record_get(r, 0);
				lp_record_set_text(r, 1, s.p + n / 2,
				    n - n / 2);
				s = lp_record_get_typed(r, 1);
				ok &= LP_FIELD_LEN(s.n) == n - n / 2 &&
				    memcmp(s.p, t + n / 2, n - n / 2) == 0 &&
				    ((s.n & LP_FIELD_PLAIN) != 0) ==
				    (at == n || at < n / 2);
			}
	CHECK(ok);
	lp_record_set_text(r, 0, "", 0);
	CHECK_INT((long)lp_record_get_typed(r, 0).n, 0);
	lp_record_free(r);
	lp_header_free(h);
}

/* ---- lp_stream_map ---- */

struct mapjob {
	int	 col;		/* the "twice" column */
	long	 seen;		/* the last id fn saw: ids come in order */
	long	 fail_at;	/* fn fails at this id (0: never) */
	bool	 in_order;
};

/* Write id * 2 into "twice"; drop every seventh record. */
static enum lp_verdict
map_fn(void *arg, struct lp_record *rec, struct lp_emit *e,
    struct lp_err *err)
{
	struct mapjob *j = arg;
	struct lp_str s = lp_record_get(rec, 0);
	char t[32];
	long id = strtol(s.p, NULL, 10);

	if (id != j->seen + 1)
		j->in_order = false;
	j->seen = id;
	(void)e;
	if (id == j->fail_at) {
		lp_err_set(err, 70, "map_fn", id, "fail at %ld", id);
		return LP_STOP;
	}
	snprintf(t, sizeof(t), "%ld", id * 2);
	lp_record_set(rec, j->col, t, strlen(t));
	return id % 7 != 0 ? LP_KEEP : LP_DROP;
}

/*
 * 2500 records (batches of LP_MAP_RECORDS) and one of 600 KB (over
 * LP_MAP_BYTES) through lp_stream_map with one and with two threads: the
 * same output as the plain loop; an error from fn, or a NUL byte the
 * reader refuses, stops the run after the records before it were written.
 */
static void
map(void)
{
	char in[] = "/tmp/lp_test_map_XXXXXX", out[64], want_path[64];
	struct lp_buf want = { 0 }, big = { 0 };
	int fd = mkstemp(in);
	FILE *f = fdopen(fd, "w");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	for (int i = 0; i < 600 * 1024; i++)
		lp_buf_addc(&big, (char)('a' + i % 26));
	fprintf(f, "id,v\n");
	lp_buf_adds(&want, "id,v,twice\n");
	for (long id = 1; id <= 2500; id++) {
		const char *v = id == 1200 ? lp_buf_cstr(&big) : "x";
		char t[64];

		fprintf(f, "%ld,%s\n", id, v);
		if (id % 7 == 0)
			continue;
		snprintf(t, sizeof(t), "%ld,", id);
		lp_buf_adds(&want, t);
		lp_buf_adds(&want, v);
		snprintf(t, sizeof(t), ",%ld\n", id * 2);
		lp_buf_adds(&want, t);
	}
	fclose(f);
	snprintf(out, sizeof(out), "%s.out", in);
	snprintf(want_path, sizeof(want_path), "%s.bad", in);
	for (int threads = 1; threads <= 2; threads++)
		for (int mode = 0; mode < 3; mode++) {
			struct lp_io_opts io = { 0 };
			struct lp_limits lim = LP_LIMITS_DEFAULT;
			struct lp_err err = LP_ERR_INIT;
			char *files[] = { mode == 2 ? want_path : in, NULL };
			struct mapjob j = { 0, 0, mode == 1 ? 1500 : 0, true };
			struct lp_stream *st;
			size_t n = 0;
			char *got;
			int rc;

			if (mode == 2) {
				/* The same file with a NUL in record 1800. */
				FILE *g = fopen(want_path, "w");
				char *all = slurp(in, &n), *p = strstr(all,
				    "\n1800,x\n");

				p[6] = '\0';
				fwrite(all, 1, n, g);
				fclose(g);
				free(all);
			}
			io.output = out;
			io.threads = threads;
			io.limits = lim;
			st = lp_stream_open(&io, files, &err);
			CHECK(st != NULL);
			if (st == NULL)
				continue;
			j.col = lp_stream_add_column(st, "twice");
			rc = lp_stream_map(st, map_fn, NULL, &j, &err);
			CHECK(j.in_order);
			if (mode == 0) {
				CHECK_INT(rc, 0);
				CHECK_INT(j.seen, 2500);
				CHECK_INT(lp_stream_commit(st, &err), 0);
				got = slurp(out, &n);
				CHECK(got != NULL && n == want.n &&
				    memcmp(got, want.p, n) == 0);
				free(got);
			} else if (mode == 1) {
				CHECK_INT(rc, -1);
				CHECK_INT(err.code, 70);
				CHECK_STR(err.msg, "fail at 1500");
				CHECK_INT(j.seen, 1500);
				/* 1499 before it, 214 of them dropped */
				CHECK_INT(lp_stream_counts(st)->written, 1285);
			} else {
				CHECK_INT(rc, -1);
				CHECK_INT(err.code, 65);
				CHECK_INT(err.line, 1801);
				CHECK_INT(j.seen, 1799);
				CHECK_INT(lp_stream_counts(st)->written, 1542);
			}
			lp_stream_close(st, &err);
			unlink(out);
		}
	unlink(in);
	unlink(want_path);
	lp_buf_fini(&want);
	lp_buf_fini(&big);
}

/* --progress: a pipe (size unknown) gets count and rates, never an ETA. */
static void
progress_line(void)
{
	char b[256];

	lp_progress_format(b, sizeof(b), "lead-x", 5000000, 0, 20000, 2.0);
	CHECK_STR(b, "\rlead-x: 20000 records  10000 records/s  2.5 MB/s\033[K");
	lp_progress_format(b, sizeof(b), "lead-x", 5000000, 20000000, 20000,
	    2.0);
	CHECK_STR(b, "\rlead-x:  25.0%  2.5 MB/s  20000 records  ETA 0:06"
	    "\033[K");
	lp_progress_format(b, sizeof(b), "lead-x", 0, 0, 0, 0);
	CHECK_STR(b, "\rlead-x: 0 records  0 records/s  0.0 MB/s\033[K");
	CHECK(strstr(b, "ETA") == NULL);
}

/* ---- the record contract: keep, drop, reject, emit, end ---- */

struct cjob {
	int	 vcol;
	long	 ended;
};

/* id % 5: rejected; else id % 7: dropped; else kept, and id % 3 emits a
 * copy of it first with v "emitted". */
static enum lp_verdict
contract_fn(void *arg, struct lp_record *rec, struct lp_emit *e,
    struct lp_err *err)
{
	struct cjob *j = arg;
	long id = strtol(lp_record_get(rec, 0).p, NULL, 10);

	if (id % 5 == 0)
		return lp_reject(e, "five %ld", id);
	if (id % 7 == 0)
		return LP_DROP;
	if (id % 3 == 0) {
		struct lp_str v = lp_record_get(rec, j->vcol);
		char *keep = strndup(v.p, v.n);
		int rc;

		lp_record_set(rec, j->vcol, "emitted", 7);
		rc = lp_emit(e, rec, err);
		lp_record_set(rec, j->vcol, keep, strlen(keep));
		free(keep);
		if (rc != 0)
			return LP_STOP;
	}
	return LP_KEEP;
}

/* The end hook: one record of its own. */
static int
contract_end(void *arg, struct lp_emit *e, struct lp_err *err)
{
	struct cjob *j = arg;
	struct lp_header *h = lp_header_new();
	struct lp_record *r;
	int rc;

	lp_header_add(h, "id");
	lp_header_add(h, "v");
	r = lp_record_new(h);
	lp_record_set(r, 0, "end", 3);
	rc = lp_emit(e, r, err);
	lp_record_free(r);
	lp_header_free(h);
	j->ended++;
	return rc;
}

/*
 * 3000 records, every 11th a ragged row the reader rejects, through
 * contract_fn with one and two threads: the same output and the same
 * rejects file (reader's and program's rejects in input order), the
 * accounts read = kept + rejected + dropped and written = kept +
 * emitted; without --rejects the first LP_REJECT stops the run (65).
 */
static void
contract(void)
{
	char in[] = "/tmp/lp_test_contract_XXXXXX", out[64], rej[64];
	char *got[2] = { NULL, NULL }, *grej[2] = { NULL, NULL };
	size_t gn[2] = { 0, 0 }, rn[2] = { 0, 0 };
	long kept = 0, emitted = 0, rejected = 0, dropped = 0;
	int fd = mkstemp(in);
	FILE *f = fdopen(fd, "w");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	fprintf(f, "id,v\n");
	for (long id = 1; id <= 3000; id++) {
		if (id % 11 == 0) {
			fprintf(f, "%ld,x,extra\n", id);
			rejected++;
			continue;
		}
		fprintf(f, "%ld,x\n", id);
		if (id % 5 == 0)
			rejected++;
		else if (id % 7 == 0)
			dropped++;
		else {
			kept++;
			emitted += id % 3 == 0;
		}
	}
	emitted++;	/* the end hook's */
	fclose(f);
	lp_verbosity = -1;	/* "N of 3000 records rejected" */
	snprintf(out, sizeof(out), "%s.out", in);
	snprintf(rej, sizeof(rej), "%s.rej", in);
	for (int threads = 1; threads <= 2; threads++)
		for (int rejects = 1; rejects >= 0; rejects--) {
			struct lp_io_opts io = { 0 };
			struct lp_limits lim = LP_LIMITS_DEFAULT;
			struct lp_err err = LP_ERR_INIT;
			char *files[] = { in, NULL };
			struct cjob j = { 0, 0 };
			struct lp_stream *st;
			const struct lp_counts *c;
			int rc;

			io.output = out;
			io.rejects = rejects ? rej : NULL;
			io.threads = threads;
			io.limits = lim;
			st = lp_stream_open(&io, files, &err);
			CHECK(st != NULL);
			if (st == NULL)
				continue;
			j.vcol = lp_stream_add_column(st, "v");
			rc = lp_stream_map(st, contract_fn, contract_end, &j,
			    &err);
			c = lp_stream_counts(st);
			if (!rejects) {
				CHECK_INT(rc, -1);
				CHECK_INT(err.code, 65);
				CHECK_INT(err.line, 6);
				CHECK_STR(err.msg, "five 5");
				CHECK_INT(j.ended, 0);
				lp_stream_close(st, &err);
				continue;
			}
			CHECK_INT(rc, 0);
			CHECK_INT(j.ended, 1);
			CHECK_INT(c->read, 3000);
			CHECK_INT(c->rejected, rejected);
			CHECK_INT(c->dropped, dropped);
			CHECK_INT(c->emitted, emitted);
			CHECK_INT(c->written, kept + emitted);
			CHECK_INT(c->read, c->written - c->emitted +
			    c->rejected + c->dropped);
			CHECK_INT(lp_stream_commit(st, &err), 0);
			lp_stream_close(st, &err);
			got[threads - 1] = slurp(out, &gn[threads - 1]);
			grej[threads - 1] = slurp(rej, &rn[threads - 1]);
			unlink(out);
			unlink(rej);
		}
	CHECK(got[0] != NULL && got[1] != NULL && gn[0] == gn[1] &&
	    memcmp(got[0], got[1], gn[0]) == 0);
	CHECK(grej[0] != NULL && grej[1] != NULL && rn[0] == rn[1] &&
	    memcmp(grej[0], grej[1], rn[0]) == 0);
	/* The rejects are in input order: reader's and program's mixed. */
	if (grej[0] != NULL) {
		long last = 0, n = 0;
		bool ordered = true;

		for (char *p = strchr(grej[0], '\n'); p != NULL && p[1];
		    p = strchr(p + 1, '\n')) {
			long line = strtol(strchr(p + 1, ',') + 1, NULL, 10);

			ordered &= line > last;
			last = line;
			n++;
		}
		CHECK(ordered);
		CHECK_INT(n, rejected);
	}
	/* The output: an emitted copy before its kept record; end last. */
	CHECK(got[0] != NULL && strstr(got[0], "\n3,emitted\n3,x\n4,x\n") !=
	    NULL);
	CHECK(got[0] != NULL && gn[0] > 6 &&
	    strcmp(got[0] + gn[0] - 6, "\nend,\n") == 0);
	for (int i = 0; i < 2; i++) {
		free(got[i]);
		free(grej[i]);
	}
	lp_verbosity = 0;
	unlink(in);
}

/* ---- lp_store ---- */

/* 3000 rows of two columns (swapped by a map, one missing) and a field
 * derived from a value already stored (a copy from the arena itself):
 * every value, position and empty field reads back. */
static void
store(void)
{
	struct lp_header *h = lp_header_new();
	struct lp_record *r;
	struct lp_store *s = lp_store_new(4);
	const int map[] = { 1, 0, -1 };
	char a[32], b[32];
	bool ok = true;

	lp_header_add(h, "a");
	lp_header_add(h, "b");
	r = lp_record_new(h);
	CHECK_INT(lp_store_count(s), 0);
	CHECK_INT((long)lp_store_get(s, 0, 0).n, 0);
	for (long i = 0; i < 3000; i++) {
		struct lp_pos pos = { "f.csv", i + 2, i + 2 };
		long row;

		snprintf(a, sizeof(a), "a%ld", i);
		snprintf(b, sizeof(b), i % 3 ? "b%ld" : "", i);
		lp_record_set(r, 0, a, strlen(a));
		lp_record_set(r, 1, b, strlen(b));
		row = lp_store_begin(s, &pos);
		ok &= row == i;
		for (int c = 0; c < 3; c++) {
			struct lp_str v = map[c] >= 0 ?
			    lp_record_get(r, map[c]) : (struct lp_str){ "", 0 };

			lp_store_field(s, v.p, v.n);
		}
		/* Field 3: a copy of field 1 (a), from the arena. */
		if (i % 2 == 0) {
			struct lp_str v = lp_store_get(s, row, 1);

			lp_store_field(s, v.p, v.n);
		}
	}
	CHECK_INT(lp_store_count(s), 3000);
	for (long i = 0; i < 3000; i++) {
		struct lp_str f0 = lp_store_get(s, i, 0), f1 = lp_store_get(s,
		    i, 1), f2 = lp_store_get(s, i, 2), f3 = lp_store_get(s, i,
		    3);

		snprintf(a, sizeof(a), "a%ld", i);
		snprintf(b, sizeof(b), i % 3 ? "b%ld" : "", i);
		ok &= f0.n == strlen(b) && memcmp(f0.p, b, f0.n) == 0;
		ok &= f1.n == strlen(a) && memcmp(f1.p, a, f1.n) == 0;
		ok &= f2.n == 0;
		ok &= i % 2 == 0 ? f3.n == f1.n && memcmp(f3.p, a, f3.n) == 0 :
		    f3.n == 0;
		ok &= lp_store_pos(s, i)->line == i + 2 &&
		    strcmp(lp_store_pos(s, i)->file, "f.csv") == 0;
	}
	CHECK(ok);
	CHECK_INT((long)lp_store_get(s, 3000, 0).n, 0);
	CHECK_INT((long)lp_store_get(s, 0, 4).n, 0);
	/* lp_store_add: a record through a map. */
	lp_record_set(r, 0, "x", 1);
	lp_record_set(r, 1, "y", 1);
	CHECK_INT(lp_store_add(s, r, map, 3), 3000);
	CHECK(lp_store_get(s, 3000, 0).n == 1 &&
	    lp_store_get(s, 3000, 0).p[0] == 'y');
	CHECK_INT((long)lp_store_get(s, 3000, 1).n, 1);
	CHECK_INT((long)lp_store_get(s, 3000, 3).n, 0);
	CHECK(lp_store_bytes(s) > 3000 * 4 * sizeof(uint32_t));
	lp_store_free(s);
	lp_record_free(r);
	lp_header_free(h);
}

int
main(void)
{
	progress_line();
	DIR *d = opendir(QUIRKS);
	struct dirent *e;

	CHECK(d != NULL);
	while (d != NULL && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && strcmp(e->d_name, "expected") != 0)
			every_read_size(e->d_name);
	if (d != NULL)
		closedir(d);
	round_trip();
	records();
	map();
	contract();
	store();
	set_int();
	set_text();
	clear();
	return UNIT_DONE("test_stream");
}
