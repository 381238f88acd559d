/*
 * csv-floor -- the benchmark floor: the least work a CSV -> CSV filter can
 * do with libcsv (DESIGN section 7).  Every leadpipe filter is held to a
 * fraction of this program's throughput by `make bench`.
 *
 *   csv-floor [-d delim] [file]
 *
 * It reads FILE (or stdin) in 1 MiB blocks, parses with libcsv set the way
 * lp_csv.c must set it (CSV_STRICT | CSV_STRICT_FINI, a space function that
 * keeps every space, so fields come through byte for byte), checks that
 * every record has as many fields as the header (as the stream core does),
 * and writes each field with a minimal-quoting writer -- quote only a field
 * that holds the output delimiter, a quote, CR or LF -- into a 1 MiB output
 * buffer written to stdout with write(2).  Output is ',' separated with LF
 * line ends.  The input delimiter is sniffed from the first line
 * (',' ';' TAB '|', the most frequent outside quotes) unless -d is given;
 * a UTF-8 byte order mark is skipped.  Nothing else: no decoding, no
 * aliases, no records.  Exit 0, 65 on bad CSV, 66 cannot open, 74 I/O.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#define INBUF	(1u << 20)
#define OUTBUF	(1u << 20)

struct out {
	char	*buf;
	size_t	 len;
	int	 fd;
	long	 line;		/* input records seen, for messages */
	long	 nfields;	/* fields in the current record */
	long	 want;		/* fields in the header; -1 before it */
	int	 bad;
};

static const char *prog = "csv-floor";
static const char *fname = "<stdin>";
static unsigned char special[256];	/* bytes that force quoting */

static void
flush_out(struct out *o)
{
	size_t off = 0;

	while (off < o->len) {
		ssize_t n = write(o->fd, o->buf + off, o->len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: write: %s\n", prog, strerror(errno));
			exit(74);
		}
		off += (size_t)n;
	}
	o->len = 0;
}

static inline void
put(struct out *o, const char *p, size_t n)
{
	if (o->len + n > OUTBUF) {
		flush_out(o);
		if (n > OUTBUF) {	/* a huge field: write it through */
			struct out tmp = *o;

			tmp.buf = (char *)p;
			tmp.len = n;
			flush_out(&tmp);
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static inline void
putc_out(struct out *o, char c)
{
	if (o->len == OUTBUF)
		flush_out(o);
	o->buf[o->len++] = c;
}

/* libcsv field callback: one field, minimal quoting. */
static void
field(void *s, size_t n, void *data)
{
	struct out *o = data;
	const unsigned char *p = s;
	size_t i;

	if (o->nfields++ > 0)
		putc_out(o, ',');
	for (i = 0; i < n; i++)
		if (special[p[i]])
			break;
	if (i == n) {
		put(o, s, n);
		return;
	}
	putc_out(o, '"');
	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			putc_out(o, '"');
		putc_out(o, (char)p[i]);
	}
	putc_out(o, '"');
}

/* libcsv record callback: end the line, check the width. */
static void
record(int c, void *data)
{
	struct out *o = data;

	(void)c;
	o->line++;
	if (o->want < 0)
		o->want = o->nfields;
	else if (o->nfields != o->want && !o->bad) {
		fprintf(stderr, "%s: %s: record %ld: %ld fields, header has %ld\n",
		    prog, fname, o->line, o->nfields, o->want);
		o->bad = 1;
	}
	o->nfields = 0;
	putc_out(o, '\n');
}

static int
keep_spaces(unsigned char c)
{
	(void)c;
	return 0;
}

/* The most frequent of , ; TAB | outside quotes on the first line. */
static unsigned char
sniff(const unsigned char *p, size_t n)
{
	static const unsigned char cand[] = { ',', ';', '\t', '|' };
	size_t count[4] = { 0 }, i, best = 0;
	int inq = 0;

	for (i = 0; i < n && (inq || (p[i] != '\n' && p[i] != '\r')); i++) {
		if (p[i] == '"')
			inq = !inq;
		else if (!inq)
			for (size_t k = 0; k < 4; k++)
				count[k] += p[i] == cand[k];
	}
	for (i = 1; i < 4; i++)
		if (count[i] > count[best])
			best = i;
	return cand[best];
}

int
main(int argc, char *argv[])
{
	struct csv_parser cp;
	struct out o = { NULL, 0, STDOUT_FILENO, 0, 0, -1, 0 };
	unsigned char *in;
	int fd = STDIN_FILENO, ch, delim = 0, first = 1;
	ssize_t n;

	while ((ch = getopt(argc, argv, "d:")) != -1) {
		switch (ch) {
		case 'd':
			delim = optarg[0] == '\\' && optarg[1] == 't' ? '\t' :
			    (unsigned char)optarg[0];
			break;
		default:
			fprintf(stderr, "usage: %s [-d delim] [file]\n", prog);
			return 64;
		}
	}
	if (optind < argc && strcmp(argv[optind], "-") != 0) {
		fname = argv[optind];
		if ((fd = open(fname, O_RDONLY)) < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, fname, strerror(errno));
			return 66;
		}
	}
	if ((in = malloc(INBUF)) == NULL || (o.buf = malloc(OUTBUF)) == NULL ||
	    csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 71;
	}
	csv_set_space_func(&cp, keep_spaces);
	special[','] = special['"'] = special['\r'] = special['\n'] = 1;

	while ((n = read(fd, in, INBUF)) != 0) {
		unsigned char *p = in;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: %s: %s\n", prog, fname, strerror(errno));
			return 74;
		}
		if (first) {
			first = 0;
			if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
				p += 3;
				n -= 3;
			}
			csv_set_delim(&cp, delim ? (unsigned char)delim :
			    sniff(p, (size_t)n));
		}
		if (csv_parse(&cp, p, (size_t)n, field, record, &o) != (size_t)n) {
			fprintf(stderr, "%s: %s: near record %ld: %s\n", prog, fname,
			    o.line + 1, csv_strerror(csv_error(&cp)));
			return 65;
		}
	}
	if (csv_fini(&cp, field, record, &o) != 0) {
		fprintf(stderr, "%s: %s: near record %ld: %s\n", prog, fname,
		    o.line + 1, csv_strerror(csv_error(&cp)));
		return 65;
	}
	flush_out(&o);
	csv_free(&cp);
	free(in);
	free(o.buf);
	return o.bad ? 65 : 0;
}
