/*
 * test_csv_fast -- the CSV reader's fast path (lines split by hand) must
 * read exactly what libcsv alone reads.  Random RFC 4180 inputs (quoted
 * fields with doubled quotes, delimiters, CR, LF and CRLF inside them,
 * empty fields, CRLF or LF line ends) are read through lp_stream and,
 * independently, through a bare libcsv parser in strict mode; every field
 * of every record must match.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leadpipe.h"
#include "unit.h"

struct ref {
	char	**f;
	size_t	  n, cap;
	size_t	 *rec_end;	/* field count after each record */
	size_t	  nrec;
};

static void
ref_field(void *s, size_t n, void *data)
{
	struct ref *r = data;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->f = realloc(r->f, r->cap * sizeof(*r->f));
	}
	r->f[r->n] = malloc(n + 1);
	memcpy(r->f[r->n], s, n);
	r->f[r->n++][n] = '\0';
}

static void
ref_record(int c, void *data)
{
	struct ref *r = data;

	(void)c;
	r->rec_end = realloc(r->rec_end, (r->nrec + 1) * sizeof(size_t));
	r->rec_end[r->nrec++] = r->n;
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static unsigned long long rng = 20261123;

static unsigned
next(unsigned n)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)(rng >> 33) % n;
}

static void
gen(struct lp_buf *b, int ncol, int nrow)
{
	static const char *plain[] = { "a", "bb", " ", "\xc3\xa9", "x y", "" };
	static const char *inq[] = { "a", "\"\"", ",", "\n", "\r\n", " ", "" };
	const char *eol = next(2) ? "\r\n" : "\n";

	for (int c = 0; c < ncol; c++)
		lp_buf_printf(b, "%sh%d", c ? "," : "", c);
	lp_buf_adds(b, eol);
	for (int r = 0; r < nrow; r++) {
		for (int c = 0; c < ncol; c++) {
			if (c > 0)
				lp_buf_addc(b, ',');
			if (next(2)) {
				for (int k = next(4); k > 0; k--)
					lp_buf_adds(b, plain[next(6)]);
			} else {
				lp_buf_addc(b, '"');
				for (int k = next(5); k > 0; k--)
					lp_buf_adds(b, inq[next(7)]);
				lp_buf_addc(b, '"');
			}
		}
		lp_buf_adds(b, eol);
	}
}

static void
one(int ncol, int nrow)
{
	char path[] = "/tmp/test_csv_fast.XXXXXX";
	struct lp_buf b = { 0 };
	struct ref ref = { 0 };
	struct csv_parser p;
	struct lp_io_opts io = { 0 };
	struct lp_limits lim = LP_LIMITS_DEFAULT;
	struct lp_err err = LP_ERR_INIT;
	char *files[] = { path, NULL };
	struct lp_stream *st;
	struct lp_record *rec;
	size_t fi = 0, ri = 1;
	int fd = mkstemp(path), ok = 1;

	gen(&b, ncol, nrow);
	if (write(fd, b.p, b.n) != (ssize_t)b.n)
		ok = 0;
	close(fd);
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_space_func(&p, no_space);
	if (csv_parse(&p, b.p, b.n, ref_field, ref_record, &ref) != b.n ||
	    csv_fini(&p, ref_field, ref_record, &ref) != 0)
		ok = 0;
	csv_free(&p);
	io.limits = lim;
	io.no_output = true;
	fi = ref.nrec > 0 ? ref.rec_end[0] : 0;	/* past the header */
	if (ok && (st = lp_stream_open(&io, files, &err)) != NULL) {
		while (ok && lp_stream_next(st, &rec, &err) > 0) {
			for (int c = 0; c < ncol; c++, fi++) {
				struct lp_str s = lp_record_get(rec, c);

				if (fi >= ref.n || s.n != strlen(ref.f[fi]) ||
				    memcmp(s.p, ref.f[fi], s.n) != 0)
					ok = 0;
			}
			ri++;
		}
		lp_stream_close(st, &err);
	}
	if (!ok || err.code != 0 || ri != ref.nrec) {
		fprintf(stderr, "test_csv_fast: mismatch on:\n%.*s\n(%s)\n",
		    (int)b.n, b.p, err.msg);
		unit_fail++;
	} else
		unit_pass++;
	for (size_t i = 0; i < ref.n; i++)
		free(ref.f[i]);
	free(ref.f);
	free(ref.rec_end);
	lp_buf_fini(&b);
	unlink(path);
}

int
main(void)
{
	for (int i = 0; i < 300; i++)
		one(2 + (int)next(4), 1 + (int)next(8));
	return UNIT_DONE("test_csv_fast");
}
