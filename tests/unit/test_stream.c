/*
 * test_stream -- the readers and writers, fed every fixture in
 * tests/data/quirks/ one, two, three ... bytes per read, must give exactly
 * tests/data/quirks/expected/<name>.ndjson each time; plus the writers'
 * quoting and the in-memory record API.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leadpipe.h"
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

int
main(void)
{
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
	return UNIT_DONE("test_stream");
}
