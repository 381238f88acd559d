/*
 * lp_decode -- turn an input's bytes into UTF-8, whatever Excel or a CRM
 * saved: UTF-8 with or without a BOM, UTF-16 LE/BE with a BOM ("Unicode
 * Text"), or Windows-1252.
 *
 * The encoding is decided on the first evidence: a BOM declares it; with
 * no BOM the text is UTF-8 until a byte sequence is not, and if no
 * multi-byte UTF-8 came before it (so everything so far was ASCII, which
 * reads the same in both) the rest is read as Windows-1252.  Invalid bytes
 * after real UTF-8 text, or in a file that declared UTF-8, are an error:
 * such a file mixes encodings and no guess would be right.  NUL bytes are
 * an error too (a binary file, or UTF-16 without a BOM).  Conversion from
 * UTF-16 and Windows-1252 goes through iconv.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lp_err.h"
#include "lp_private.h"

#define RAWCAP	(64 * 1024)

static ssize_t
fill_raw(struct lp_dec *d, struct lp_err *err)
{
	ssize_t r;

	if (d->rawpos > 0) {
		memmove(d->raw, d->raw + d->rawpos, d->rawlen - d->rawpos);
		d->rawlen -= d->rawpos;
		d->rawpos = 0;
	}
	if (d->eof || d->rawlen == d->rawcap)
		return 0;
	size_t want = d->rawcap - d->rawlen;

	if (d->read_size > 0 && want > d->read_size)
		want = d->read_size;
	do
		r = read(d->fd, d->raw + d->rawlen, want);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return lp_err_set(err, EX_IOERR, d->name, 0, "read error: %s",
		    strerror(errno));
	if (r == 0)
		d->eof = true;
	d->rawlen += (size_t)r;
	d->consumed += (uint64_t)r;
	return r;
}

static int
start_iconv(struct lp_dec *d, const char *from, struct lp_err *err)
{
	if ((d->cd = iconv_open("UTF-8", from)) == (iconv_t)-1)
		return lp_err_set(err, EX_SOFTWARE, d->name, 0,
		    "cannot convert from %s: %s", from, strerror(errno));
	return 0;
}

int
lp_dec_open(struct lp_dec *d, int fd, const char *name, size_t read_size,
    struct lp_err *err)
{
	const unsigned char *u;

	memset(d, 0, sizeof(*d));
	d->name = name;
	d->fd = fd;
	d->cd = (iconv_t)-1;
	d->rawcap = RAWCAP;
	d->read_size = read_size;
	d->raw = lp_xmalloc(d->rawcap);
	/* A BOM is at most 3 bytes; read until we have them or the end. */
	while (d->rawlen < 4 && !d->eof)
		if (fill_raw(d, err) < 0)
			return -1;
	u = (const unsigned char *)d->raw;
	if (d->rawlen >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		d->bom = true;
		d->rawpos = 3;
	} else if (d->rawlen >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		d->bom = true;
		d->rawpos = 2;
		d->enc = LP_ENC_UTF16LE;
		return start_iconv(d, "UTF-16LE", err);
	} else if (d->rawlen >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		d->bom = true;
		d->rawpos = 2;
		d->enc = LP_ENC_UTF16BE;
		return start_iconv(d, "UTF-16BE", err);
	}
	return 0;
}

/* Length of the valid UTF-8 sequence at p (< e), 0 if invalid, -1 if it
 * may be valid but is cut off by e. */
static int
seqlen(const unsigned char *p, const unsigned char *e)
{
	unsigned c = p[0];
	int n;

	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if (p + i >= e)
			return -1;
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	}
	if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0) ||
	    (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
		return 0;
	return n;
}

/*
 * Copy valid UTF-8 from raw to out.  Returns bytes copied; stops before an
 * invalid byte (*bad set), a NUL (*nul set) or a sequence cut off by the
 * end of the raw bytes.
 */
static size_t
copy_utf8(struct lp_dec *d, char *out, size_t cap, bool *bad, bool *nul)
{
	const unsigned char *s = (const unsigned char *)d->raw + d->rawpos;
	const unsigned char *e = (const unsigned char *)d->raw + d->rawlen;
	const unsigned char *p = s;
	size_t n;

	if ((size_t)(e - s) > cap)
		e = s + cap;
	*bad = *nul = false;
	while (p < e) {
		/* Fast path: eight ASCII bytes with no NUL at a time. */
		while (e - p >= 8) {
			uint64_t w;

			memcpy(&w, p, 8);
			if ((w & 0x8080808080808080ull) != 0 ||
			    ((w - 0x0101010101010101ull) & ~w &
			    0x8080808080808080ull) != 0)
				break;
			p += 8;
		}
		if (p >= e)
			break;
		if (*p == 0) {
			*nul = true;
			break;
		}
		if (*p < 0x80) {
			p++;
			continue;
		}
		int k = seqlen(p, e);
		if (k < 0) {
			/* Cut off: by our cap (fine, next call), or by the
			 * end of the file (invalid). */
			if (d->eof && e == (const unsigned char *)d->raw + d->rawlen)
				*bad = true;
			break;
		}
		if (k == 0) {
			*bad = true;
			break;
		}
		d->nonascii = true;
		p += k;
	}
	n = (size_t)(p - s);
	memcpy(out, s, n);
	d->rawpos += n;
	return n;
}

static ssize_t
bad_byte(struct lp_dec *d, long line, struct lp_err *err)
{
	unsigned char c = (unsigned char)d->raw[d->rawpos];

	/*
	 * UTF-16 is judged by code units, not bytes: a raw 0x00 there is
	 * half of a unit (it was reported as a NUL byte for an unpaired
	 * surrogate such as 0xD800).
	 */
	if (d->enc == LP_ENC_UTF16LE || d->enc == LP_ENC_UTF16BE) {
		const unsigned char *u = (const unsigned char *)d->raw +
		    d->rawpos;
		unsigned unit;

		if (d->rawlen - d->rawpos < 2)
			return lp_err_set(err, EX_DATAERR, d->name, line,
			    "UTF-16 text ends in the middle of a character "
			    "(an odd number of bytes)");
		unit = d->enc == LP_ENC_UTF16LE ? (unsigned)(u[0] | u[1] << 8) :
		    (unsigned)(u[0] << 8 | u[1]);
		if (unit >= 0xD800 && unit <= 0xDBFF && d->eof &&
		    d->rawlen - d->rawpos < 4)
			return lp_err_set(err, EX_DATAERR, d->name, line,
			    "UTF-16 text ends in the middle of a character "
			    "(a surrogate pair cut off)");
		return lp_err_set(err, EX_DATAERR, d->name, line,
		    "invalid UTF-16: unpaired surrogate 0x%04X", unit);
	}
	if (c == 0)
		return lp_err_set(err, EX_DATAERR, d->name, line,
		    "NUL byte in input (a binary file, or UTF-16 without a "
		    "byte order mark?)");
	if (d->enc == LP_ENC_UTF8)
		return lp_err_set(err, EX_DATAERR, d->name, line,
		    "invalid UTF-8 (byte 0x%02X) in a file that %s; convert "
		    "it to one encoding, e.g. with iconv", c, d->bom ?
		    "declares UTF-8 with a byte order mark" :
		    "began as UTF-8");
	return lp_err_set(err, EX_DATAERR, d->name, line,
	    "byte 0x%02X is not valid Windows-1252", c);
}

static ssize_t
convert(struct lp_dec *d, char *out, size_t cap, long line, struct lp_err *err)
{
	char *in = d->raw + d->rawpos, *o = out;
	size_t start = d->rawpos, inleft = d->rawlen - d->rawpos, outleft = cap;
	size_t r;

	r = iconv(d->cd, &in, &inleft, &o, &outleft);
	d->rawpos = (size_t)(in - d->raw);
	if (r == (size_t)-1 && o == out) {
		if (errno == EILSEQ || (errno == EINVAL && d->eof))
			return bad_byte(d, line, err);
		/* EINVAL: a sequence cut off by the buffer; E2BIG cannot
		 * happen with nothing written and cap >= 64. */
		return 0;
	}
	if (memchr(out, '\0', (size_t)(o - out)) != NULL) {
		size_t k = (size_t)((char *)memchr(out, '\0', (size_t)(o - out)) - out);

		if (k > 0) {
			/*
			 * Return the k bytes before the NUL and report it
			 * next call.  iconv consumed the raw bytes after it
			 * too, which silently dropped the rest of the chunk
			 * (and the NUL) when a big read held them: convert
			 * again into exactly k bytes so rawpos stops at the
			 * NUL (CP1252 and UTF-16LE/BE are stateless).
			 */
			in = d->raw + start;
			inleft = d->rawlen - start;
			o = out;
			outleft = k;
			iconv(d->cd, &in, &inleft, &o, &outleft);
			d->rawpos = (size_t)(in - d->raw);
			return (ssize_t)k;
		}
		return lp_err_set(err, EX_DATAERR, d->name, line,
		    "NUL character in input (a binary file?)");
	}
	return o - out;
}

ssize_t
lp_dec_read(struct lp_dec *d, char *out, size_t cap, long line,
    struct lp_err *err)
{
	for (;;) {
		ssize_t n;
		bool bad, nul;

		if (d->rawlen - d->rawpos < 8 && !d->eof &&
		    fill_raw(d, err) < 0)
			return -1;
		if (d->rawpos == d->rawlen && d->eof)
			return 0;
		if (d->enc != LP_ENC_UTF8) {
			n = convert(d, out, cap, line, err);
			if (n != 0)
				return n;
			if (fill_raw(d, err) < 0)
				return -1;
			if (d->eof && d->rawpos == d->rawlen)
				return 0;
			continue;
		}
		n = (ssize_t)copy_utf8(d, out, cap, &bad, &nul);
		if (n > 0)
			return n;	/* problems, if any, come next call */
		if (d->mark && (nul || (bad && (d->bom || d->nonascii)))) {
			/* With --rejects the record holding it is set aside
			 * (the reader sees the marker), not the whole run. */
			out[0] = nul ? LP_MARK_NUL : LP_MARK_BAD;
			d->rawpos++;
			d->marked = true;
			return 1;
		}
		if (nul)
			return bad_byte(d, line, err);
		if (bad) {
			if (d->bom || d->nonascii)
				return bad_byte(d, line, err);
			/* All ASCII so far: this is a legacy file. */
			d->enc = LP_ENC_CP1252;
			if (start_iconv(d, "CP1252", err) < 0)
				return -1;
			lp_info("%s: not UTF-8; reading it as Windows-1252",
			    d->name);
			continue;
		}
		/* A sequence cut off by the end of the raw buffer. */
		if (fill_raw(d, err) < 0)
			return -1;
	}
}

const char *
lp_dec_marked(const char *p, size_t n)
{
	if (n == 0)
		return NULL;
	if (memchr(p, LP_MARK_NUL, n) != NULL)
		return "NUL byte in the record";
	if (memchr(p, LP_MARK_BAD, n) != NULL)
		return "invalid UTF-8 in the record (the file is UTF-8)";
	return NULL;
}

void
lp_dec_unmark(struct lp_buf *b, const char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		for (k = i; k < n && p[k] != LP_MARK_NUL && p[k] != LP_MARK_BAD;
		    k++)
			;
		lp_buf_add(b, p + i, k - i);
		if (k < n)
			lp_buf_adds(b, "\357\277\275");	/* U+FFFD */
		i = k + 1;
	}
}

void
lp_dec_close(struct lp_dec *d)
{
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	d->cd = (iconv_t)-1;
	free(d->raw);
	d->raw = NULL;
}
