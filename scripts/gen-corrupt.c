/*
 * gen-corrupt -- corrupt 1% of the records of a CSV export, of every kind
 * a reader must set aside without losing a clean record.
 *
 *   gen-corrupt [-r rate] IDS < clean.csv > corrupt.csv
 *   gen-corrupt -i < file.csv > ids          (first field of each record)
 *
 * Records are found the way RFC 4180 reads them (quoted fields may hold
 * delimiters, quotes and line breaks; a record ends at CR LF or LF outside
 * quotes); the header is kept.  Every 1/rate-th record (default 100) is
 * corrupted, the kinds in turn:
 *
 *   0 a quote inside the first (unquoted) field
 *   1 text after a closing quote ("ID"x)
 *   2 a short record (the last field dropped)
 *   3 a long record (one field more)
 *   4 a NUL byte in the first field
 *   5 a byte that is not UTF-8 in the first field
 *
 * and the last record gets a quote that never closes (which swallows
 * what follows it, so it can only come last).  The first field of every
 * record left clean goes to IDS, one per line; the counts go to stderr:
 * "records R clean C corrupted K".  With -i the tool only lists the first
 * fields of the records it reads (to compare a program's output with IDS).
 *
 * Plain C, no leadpipe library (built into BUILD/tools/ like gen-leads).
 * scripts/corrupt-test runs it in make check; the bench runs it at 1M.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *
slurp(size_t *n)
{
	size_t cap = 1 << 20, len = 0, r;
	char *p = malloc(cap);

	if (p == NULL)
		exit(71);
	while ((r = fread(p + len, 1, cap - len, stdin)) > 0) {
		len += r;
		if (len == cap && (p = realloc(p, cap *= 2)) == NULL)
			exit(71);
	}
	*n = len;
	return p;
}

/*
 * The record at p[i..n): its end (before the terminator) in *e and the
 * start of the next in *next; the first field's end in *f1, and the start
 * of the last field in *last.
 */
static void
record(const char *p, size_t i, size_t n, size_t *e, size_t *next,
    size_t *f1, size_t *last)
{
	int quoted = 0;
	size_t k;

	*f1 = (size_t)-1;
	*last = i;
	for (k = i; k < n; k++) {
		char c = p[k];

		if (c == '"')
			quoted = !quoted;
		else if (!quoted && c == ',') {
			if (*f1 == (size_t)-1)
				*f1 = k;
			*last = k + 1;
		} else if (!quoted && (c == '\n' || c == '\r'))
			break;
	}
	*e = k;
	if (*f1 == (size_t)-1)
		*f1 = k;
	if (k < n && p[k] == '\r')
		k++;
	if (k < n && p[k] == '\n')
		k++;
	*next = k;
}

static void
out(const char *p, size_t n)
{
	if (n > 0 && fwrite(p, 1, n, stdout) != n)
		exit(74);
}

int
main(int argc, char *argv[])
{
	long every = 100, recs = 0, clean = 0, bad = 0;
	int ch, ids_only = 0;
	size_t n, i, e, next, f1, last;
	char *p;
	FILE *ids = NULL;

	while ((ch = getopt(argc, argv, "ir:")) != -1)
		switch (ch) {
		case 'i':
			ids_only = 1;
			break;
		case 'r':
			every = atol(optarg);
			if (every < 2) {
				fprintf(stderr, "gen-corrupt: -r: at least 2\n");
				return 64;
			}
			break;
		default:
			fprintf(stderr, "usage: gen-corrupt [-r every] IDS "
			    "< in.csv > out.csv\n       gen-corrupt -i < in.csv\n");
			return 64;
		}
	if (!ids_only && (optind + 1 != argc ||
	    (ids = fopen(argv[optind], "w")) == NULL)) {
		fprintf(stderr, "gen-corrupt: give the file for clean ids\n");
		return 64;
	}
	p = slurp(&n);
	/* The header. */
	record(p, 0, n, &e, &next, &f1, &last);
	if (!ids_only)
		out(p, next);
	for (i = next; i < n; i = next) {
		record(p, i, n, &e, &next, &f1, &last);
		if (e == i && next > i)		/* a blank line */
			continue;
		recs++;
		if (ids_only) {
			out(p + i, f1 - i);
			out("\n", 1);
			continue;
		}
		if (next >= n) {
			/* The last record: a quote that never closes. */
			out("\"", 1);
			out(p + i, next - i);
			bad++;
			continue;
		}
		if (recs % every != 0) {
			out(p + i, next - i);
			fwrite(p + i, 1, f1 - i, ids);
			fputc('\n', ids);
			clean++;
			continue;
		}
		bad++;
		switch (recs / every % 6) {
		case 0:
			out(p + i, 1);
			out("\"", 1);
			out(p + i + 1, next - i - 1);
			break;
		case 1:
			out("\"", 1);
			out(p + i, f1 - i);
			out("\"x", 2);
			out(p + f1, next - f1);
			break;
		case 2:
			out(p + i, last - 1 - i);
			out(p + e, next - e);
			break;
		case 3:
			out(p + i, e - i);
			out(",extra", 6);
			out(p + e, next - e);
			break;
		case 4:
			out(p + i, 1);
			out("\0", 1);
			out(p + i + 1, next - i - 1);
			break;
		case 5:
			out(p + i, 1);
			out("\377", 1);
			out(p + i + 1, next - i - 1);
			break;
		}
	}
	if (ids != NULL && fclose(ids) != 0)
		return 74;
	if (!ids_only)
		fprintf(stderr, "records %ld clean %ld corrupted %ld\n", recs,
		    clean, bad);
	return fflush(stdout) == 0 ? 0 : 74;
}
