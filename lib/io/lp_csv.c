/*
 * lp_csv -- the CSV/TSV reader: libcsv, fed one line at a time.
 *
 * Feeding libcsv line by line (memchr for the terminator, then csv_parse)
 * is how records learn their file line numbers: libcsv itself counts
 * nothing.  A record begins on the line where its first field begins and
 * ends on the line that held its terminator; lines with nothing on them
 * between records are blank lines, counted and skipped.  The raw text of
 * the current record stays in in->buf from in->recstart, so a bad record
 * can go to --rejects as it was written.
 *
 * libcsv's defaults are overridden: CSV_STRICT (a quote inside an unquoted
 * field, or text after a closing quote, is an error), CSV_STRICT_FINI (a
 * quote left open at the end of the file is an error), and a space
 * function that keeps spaces (the default trims them).
 */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "lp_err.h"
#include "lp_private.h"

struct csvstate {
	struct csv_parser p;
	struct lp_err	*err;		/* where callbacks report */
	size_t		 f0;		/* first pending field of this record */
	int		 failed;
	bool		 header_done;
	struct lp_buf	 unq;		/* a quoted field with "" made " */
};

static int
keep_spaces(unsigned char c)
{
	(void)c;
	return 0;
}

static void
parser_init(struct lp_input *in)
{
	struct csvstate *cs = in->csv;

	if (csv_init(&cs->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		lp_oom();
	csv_set_delim(&cs->p, (unsigned char)in->delim);
	csv_set_space_func(&cs->p, keep_spaces);
	csv_set_blk_size(&cs->p, 64 * 1024);
}

/* Drop the fields of the record being read (after an error). */
static void
discard_record(struct lp_input *in)
{
	struct csvstate *cs = in->csv;
	struct lp_pending *pd = &in->pend;

	if (pd->nf > cs->f0) {
		pd->data.n = pd->f[cs->f0].off;
		pd->nf = cs->f0;
	}
	in->in_record = false;
}

/* A record the reader cannot use: to --rejects, or the run's error. */
static void
bad_record(struct lp_input *in, long line, size_t rawend, const char *why)
{
	struct csvstate *cs = in->csv;

	discard_record(in);
	if (in->have_rejects) {
		size_t n = rawend > in->recstart ? rawend - in->recstart : 0;

		in->reject(in->reject_ctx, in, in->rec_line,
		    in->buf + in->recstart, n, why);
		return;
	}
	lp_err_set(cs->err, EX_DATAERR, in->name, line, "%s", why);
	cs->failed = 1;
}

static void
on_field(void *s, size_t n, void *data)
{
	struct lp_input *in = data;
	struct csvstate *cs = in->csv;

	if (cs->failed)
		return;
	if (!in->in_record) {
		/* A second record on one line (a lone CR inside LF text). */
		in->in_record = true;
		in->rec_line = in->line + 1;
		cs->f0 = in->pend.nf;
	}
	if (n > in->opts->limits.max_field) {
		lp_err_set(cs->err, EX_DATAERR, in->name, in->line + 1,
		    "field of %zu bytes is longer than the limit of %zu bytes",
		    n, in->opts->limits.max_field);
		cs->failed = 1;
		return;
	}
	if (in->pend.nf - cs->f0 >= in->opts->limits.max_columns) {
		lp_err_set(cs->err, EX_DATAERR, in->name, in->line + 1,
		    "more than %zu fields in one record",
		    in->opts->limits.max_columns);
		cs->failed = 1;
		return;
	}
	lp_pending_field(&in->pend, s, n);
}

static void
on_record(int c, void *data)
{
	struct lp_input *in = data;
	struct csvstate *cs = in->csv;
	size_t nf;

	(void)c;
	if (cs->failed)
		return;
	if (!in->in_record) {
		/* An empty record after a lone CR: a blank line. */
		in->blank++;
		return;
	}
	nf = in->pend.nf - cs->f0;
	if (cs->header_done && (int)nf != in->ncols) {
		char why[128];

		snprintf(why, sizeof(why), "record has %zu fields, the header "
		    "has %d", nf, in->ncols);
		/* The terminator is in the line being fed: end the raw text
		 * at the end of that line. */
		bad_record(in, in->line + 1, in->lineend, why);
		return;
	}
	/* A NUL or invalid byte (--rejects: the decoder marked it). */
	if (in->dec.marked && nf > 0) {
		const char *why = lp_dec_marked(in->pend.data.p +
		    in->pend.f[cs->f0].off, in->pend.data.n -
		    in->pend.f[cs->f0].off);

		if (why != NULL) {
			bad_record(in, in->line + 1, in->lineend, why);
			return;
		}
	}
	lp_pending_end(&in->pend, cs->f0, in->rec_line, in->line + 1);
	in->in_record = false;
	cs->f0 = in->pend.nf;
}

/* Describe why libcsv stopped at byte at (strict mode). */
static const char *
parse_error(const char *line, size_t at, size_t n)
{
	if (at < n && line[at] == '"')
		return "quote inside an unquoted field (quote the whole field "
		    "and double the quote: \"\")";
	return "text after a closing quote (quote the whole field and "
	    "double quotes inside it: \"\")";
}

/*
 * A quoted field at p (*p == '"') within a line ending at e: its value
 * goes to on_field, doubled quotes made single.  Returns the byte after
 * the closing quote, or NULL when the quote does not close on this line
 * (a multi-line field: libcsv's job).
 */
static const char *
quoted_field(struct lp_input *in, const char *p, const char *e)
{
	struct csvstate *cs = in->csv;
	const char *q = p + 1, *r;

	cs->unq.n = 0;
	for (;;) {
		if ((r = memchr(q, '"', (size_t)(e - q))) == NULL)
			return NULL;
		if (r + 1 < e && r[1] == '"') {
			lp_buf_add(&cs->unq, q, (size_t)(r - q) + 1);
			q = r + 2;
			continue;
		}
		if (cs->unq.n == 0)	/* no doubled quote: no copy */
			on_field((char *)q, (size_t)(r - q), in);
		else {
			lp_buf_add(&cs->unq, q, (size_t)(r - q));
			on_field(cs->unq.p, cs->unq.n, in);
		}
		return r + 1;
	}
}

/*
 * The fast path: a whole record on one line with no lone CR reads the
 * same through libcsv as split here -- at each delimiter, quoted fields
 * (as Salesforce writes every field) unquoted -- and libcsv's
 * byte-at-a-time callbacks are most of a run's time.  Anything else (a
 * quote inside an unquoted field, text after a closing quote, a quoted
 * field running onto the next line) goes to libcsv, which also words the
 * errors.  Returns 0 when done, 1 when the line needs libcsv.
 */
static int
simple_line(struct lp_input *in, const char *s, size_t n, struct lp_err *err)
{
	struct csvstate *cs = in->csv;
	struct lp_pending *pd = &in->pend;
	size_t len = n;
	const char *p, *e, *d;
	bool quotes;

	if (len > 0 && s[len - 1] == '\n')
		len--;
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (memchr(s, '\r', len) != NULL)
		return 1;
	quotes = memchr(s, '"', len) != NULL;
	cs->err = err;
	in->lineend = in->pos + n;
	for (p = s, e = s + len; ; p = d + 1) {
		if (quotes && p < e && *p == '"') {
			if ((d = quoted_field(in, p, e)) == NULL ||
			    (d < e && *d != in->delim))
				goto libcsv;
			if (d == e)
				break;
			continue;
		}
		d = memchr(p, in->delim, (size_t)(e - p));
		if (quotes && memchr(p, '"', (size_t)((d ? d : e) - p)) != NULL)
			goto libcsv;
		on_field((char *)p, (size_t)((d ? d : e) - p), in);
		if (d == NULL)
			break;
	}
	on_record('\n', in);
	in->pos += n;
	in->line++;
	return 0;
libcsv:
	/* Forget the fields split so far; libcsv reads the line afresh. */
	if (pd->nf > cs->f0) {
		pd->data.n = pd->f[cs->f0].off;
		pd->nf = cs->f0;
	}
	return cs->failed ? 0 : 1;
}

/*
 * After malformed quoting (with --rejects): find where the bad record
 * really ends and reject all of it, from its first line to its last.
 * Resynchronising at the next physical line, as this reader once did,
 * turned the lines of a quoted field -- text a stranger typed into a
 * form -- into records.  The record is scanned again from its start the
 * way a lenient reader would: a quote opens a quoted field only at the
 * start of a field, "" inside one is a quote, any other quote is text,
 * and the record ends at a line end outside quotes (or at the end of the
 * file, when a quote never closes).  Up to the error this is exactly
 * what libcsv read.  Returns 0, or -1 with err set (read error, record
 * limit).
 */
static int
resync(struct lp_input *in, const char *why, struct lp_err *err)
{
	enum { START, PLAIN, QUOTED, QUOTE } state = START;
	size_t i = in->recstart, end;
	long lines = 0;
	bool eol = false, at_end = false;

	for (;;) {
		if (i + 1 >= in->len && !at_end) {
			/* One byte of look-ahead for "" and CR LF. */
			size_t off = i - in->recstart;
			ssize_t r = lp_input_more(in, err);

			if (r < 0)
				return -1;
			i = in->recstart + off;
			at_end = r == 0;
			continue;
		}
		if (i >= in->len) {
			end = in->len;
			break;
		}
		char c = in->buf[i];

		if (state == QUOTED) {
			if (c == '"')
				state = QUOTE;
			else if (c == '\n' || (c == '\r' && in->cr_mode &&
			    (i + 1 >= in->len || in->buf[i + 1] != '\n')))
				lines++;
			i++;
			continue;
		}
		if (state == QUOTE && c == '"') {
			state = QUOTED;
			i++;
			continue;
		}
		if (c == '\n' || (c == '\r' && in->cr_mode)) {
			if (c == '\r' && i + 1 < in->len && in->buf[i + 1] == '\n')
				i++;
			lines++;
			end = i + 1;
			eol = true;
			break;
		}
		if (c == in->delim)
			state = START;
		else if (state == START && c == '"')
			state = QUOTED;
		else
			state = PLAIN;
		i++;
	}
	/* A span cut by the end of the file may still end in a line end
	 * (inside the quote that never closed). */
	if (end > in->recstart && (in->buf[end - 1] == '\n' ||
	    (in->cr_mode && in->buf[end - 1] == '\r')))
		eol = true;
	long first = in->rec_line, last = first + lines - (eol ? 1 : 0);
	char reason[256];

	if (last > first)
		snprintf(reason, sizeof(reason), "%s; the record ends on line "
		    "%ld", why, last);
	else
		snprintf(reason, sizeof(reason), "%s", why);
	bad_record(in, first, end, reason);
	in->pos = in->recstart = end;
	in->line = first - 1 + lines;
	return 0;
}

/* Feed one line (with its terminator, if any) to libcsv. */
static int
feed(struct lp_input *in, size_t n, struct lp_err *err)
{
	struct csvstate *cs = in->csv;
	const char *s = in->buf + in->pos;
	size_t used;

	if (!in->in_record) {
		size_t k = 0;

		while (k < n && (s[k] == '\r' || s[k] == '\n'))
			k++;
		if (k == n) {		/* a blank line between records */
			in->blank++;
			in->pos += n;
			in->line++;
			return 0;
		}
		in->in_record = true;
		in->rec_line = in->line + 1;
		in->recstart = in->pos;
		cs->f0 = in->pend.nf;
		if (simple_line(in, s, n, err) == 0)
			return cs->failed ? -1 : 0;
	}
	cs->err = err;
	in->lineend = in->pos + n;
	used = csv_parse(&cs->p, s, n, on_field, on_record, in);
	if (cs->failed)
		return -1;
	if (used < n) {
		/* Strict mode found malformed quoting.  Without --rejects it
		 * is the run's error; with it, the whole record is set aside,
		 * up to where it really ends (resync). */
		const char *why = parse_error(s, used, n);

		if (!in->have_rejects) {
			bad_record(in, in->line + 1, in->pos + n, why);
			return -1;
		}
		if (resync(in, why, err) < 0)
			return -1;
		csv_free(&cs->p);
		parser_init(in);
		return 0;
	}
	in->pos += n;
	in->line++;
	return 0;
}

/* End of the file: flush the last record, or report an open quote. */
static int
finish(struct lp_input *in, struct lp_err *err)
{
	struct csvstate *cs = in->csv;

	cs->err = err;
	if (csv_fini(&cs->p, on_field, on_record, in) != 0 && !cs->failed) {
		long opened = in->rec_line;

		char why[128];

		snprintf(why, sizeof(why), "unterminated quoted field "
		    "(opened on line %ld)", opened);
		bad_record(in, in->line, in->len, why);
	}
	in->done = true;
	return cs->failed ? -1 : 0;
}

/*
 * The end of the line at s in a file whose lines end with a lone CR (its
 * first line did): the first CR, CR LF or LF, whichever comes first, so
 * a file that mixes them never puts a line feed into a value.  NULL when
 * more input is needed (also for a CR that is the last byte read: an LF
 * may follow).
 */
static const char *
cr_line_end(const struct lp_input *in, const char *s)
{
	size_t n = in->len - in->pos;
	const char *cr = memchr(s, '\r', n);
	const char *lf = memchr(s, '\n', cr != NULL ? (size_t)(cr - s) : n);

	if (lf != NULL)
		return lf;
	if (cr == NULL)
		return NULL;
	if (cr + 1 < in->buf + in->len)
		return cr[1] == '\n' ? cr + 1 : cr;
	return in->dec.eof && in->dec.rawpos == in->dec.rawlen ? cr : NULL;
}

/*
 * Parse lines until at least one record is pending or the file ends.
 * Returns 1 when a record is pending, 0 at the end, -1 on error.
 */
int
lp_csv_fill(struct lp_input *in, struct lp_err *err)
{
	while (in->pend.next >= in->pend.nr) {
		const char *s, *e;
		ssize_t r;

		if (in->done)
			return 0;
		s = in->buf + in->pos;
		e = in->cr_mode ? cr_line_end(in, s) :
		    memchr(s, '\n', in->len - in->pos);
		if (e != NULL) {
			if (feed(in, (size_t)(e - s) + 1, err) < 0)
				return -1;
			continue;
		}
		if ((r = lp_input_more(in, err)) < 0)
			return -1;
		if (r > 0)
			continue;
		/* End of input: the last line has no terminator. */
		if (in->len > in->pos && feed(in, in->len - in->pos, err) < 0)
			return -1;
		if (finish(in, err) < 0)
			return -1;
	}
	return 1;
}

/* Pick the delimiter the first line uses most, outside quotes. */
static int
sniff_delim(const char *s, size_t n)
{
	static const char cand[] = { ',', '\t', ';', '|' };
	long count[4] = { 0 };
	bool quoted = false;
	int best = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted)
			for (int k = 0; k < 4; k++)
				if (c == cand[k])
					count[k]++;
	}
	for (int k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

int
lp_csv_open(struct lp_input *in, struct lp_err *err)
{
	struct csvstate *cs;
	struct lp_pending *pd = &in->pend;
	char **names;
	size_t *lens;
	bool have_rejects;
	int rc, n;

	in->csv = cs = lp_xcalloc(1, sizeof(*cs));
	/* Sniff on what the stream has buffered (its first chunk). */
	if (in->delim == 0)
		in->delim = sniff_delim(in->buf, in->len);
	if (in->fmt == LP_FMT_AUTO)
		in->fmt = in->delim == '\t' ? LP_FMT_TSV : LP_FMT_CSV;
	{
		const char *t = in->buf, *e = in->buf + in->len;

		while (t < e && *t != '\r' && *t != '\n')
			t++;
		in->cr_mode = t < e && *t == '\r' && (t + 1 >= e || t[1] != '\n');
		/* "\r" as the last byte of the first chunk: read as CRLF;
		 * a lone CR there is not worth a second look. */
		if (t + 1 == e && *t == '\r' && !in->dec.eof)
			in->cr_mode = false;
	}
	parser_init(in);
	/*
	 * A header that cannot be read stops the run even with --rejects:
	 * set aside, the next record became the header and every lead was
	 * keyed by another lead's values.
	 */
	have_rejects = in->have_rejects;
	in->have_rejects = false;
	rc = lp_csv_fill(in, err);
	in->have_rejects = have_rejects;
	if (rc < 0)
		return -1;
	if (rc == 0)
		return lp_input_set_header(in, NULL, NULL, 0, err);
	/* The first record is the header. */
	n = (int)pd->r[0].nf;
	names = lp_xcalloc((size_t)n + 1, sizeof(*names));
	lens = lp_xcalloc((size_t)n + 1, sizeof(*lens));
	for (int i = 0; i < n; i++) {
		struct lp_field *f = &pd->f[pd->r[0].f0 + (size_t)i];

		names[i] = pd->data.p + f->off;
		lens[i] = f->len;
	}
	rc = lp_input_set_header(in, names, lens, n, err);
	free(names);
	free(lens);
	pd->next = 1;
	cs->header_done = true;
	/* Records after the header on the same line (lone CRs) are checked
	 * against it now. */
	for (size_t i = 1; rc == 0 && i < pd->nr; i++)
		if ((int)pd->r[i].nf != in->ncols)
			rc = lp_err_set(err, EX_DATAERR, in->name, pd->r[i].line,
			    "record has %zu fields, the header has %d",
			    pd->r[i].nf, in->ncols);
	return rc;
}

void
lp_csv_close(struct lp_input *in)
{
	struct csvstate *cs = in->csv;

	if (cs == NULL)
		return;
	csv_free(&cs->p);
	lp_buf_fini(&cs->unq);
	free(cs);
	in->csv = NULL;
}
