/*
 * lp_json -- the JSON Lines and JSON array reader (jansson).
 *
 * JSON Lines: one object per line; blank lines are counted and skipped.
 * A JSON array: objects are loaded one at a time with
 * JSON_DISABLE_EOF_CHECK, so memory holds one element, not the file.
 *
 * The header is the union of the objects' keys in the order first seen.
 * The reader scans the whole input once for its keys before reading
 * records: a regular file in place, a pipe after copying it to a
 * temporary file (spool), so standard input gives what a file gives.
 * Values become text: strings as they are, integers in decimal, reals in
 * the shortest form that reads back the same, true/false, null as empty,
 * arrays and objects as compact JSON; every value but a string is marked
 * LP_FIELD_RAW, so JSON output writes it back with its type.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <unistd.h>

#include "lp_err.h"
#include "lp_esc.h"
#include "lp_private.h"

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void
count_lines(struct lp_input *in, size_t from, size_t to)
{
	const char *p = in->buf + from, *e = in->buf + to;

	while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		in->line++;
		p++;
	}
}

/* Skip white space; more input as needed.  Returns 1 with
 * in->buf[in->pos] the next byte, 0 at end, -1 error. */
static int
skip_ws(struct lp_input *in, struct lp_err *err)
{
	for (;;) {
		while (in->pos < in->len) {
			char c = in->buf[in->pos];

			if (c == '\n')
				in->line++;
			else if (!is_ws(c))
				return 1;
			in->pos++;
		}
		in->recstart = in->pos;
		ssize_t r = lp_input_more(in, err);
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
	}
}

/* ---- the fast path for flat JSON Lines ---- */

/*
 * Nearly every JSON Lines export is one flat object per line: string
 * keys, and string, integer, true, false or null values.  jansson builds
 * a tree of allocated values for each line, and the header scan parsed
 * every line twice: 30x the cost of reading the same records as CSV.
 * This reader takes such a line straight into the pending record (the
 * key lookup guessing that keys come in the order the last line had
 * them); a line with anything else -- a nested value, a number that is
 * not a plain integer, an escape it does not handle, bad syntax, a
 * duplicate key -- goes to jansson as before, which reads it or reports
 * the error, so both paths give the same record or the same message.
 */
struct fast {
	char		**key;		/* column -> key as in the input */
	size_t		 *klen;
	int		  nkeys;
	int		 *guess;	/* position in line -> column last time */
	int		  nguess;
	uint32_t	 *stamp;	/* column -> line that set it */
	uint32_t	  line;
	struct lp_buf	  tmp;		/* a decoded key with escapes */
	bool		  on;		/* JSON Lines: try each line here */
	char		***names;	/* the header scan's: keys go here */
	size_t		**lens;
};

static struct fast *
fast_of(struct lp_input *in)
{
	if (in->json_fast == NULL)
		in->json_fast = lp_xcalloc(1, sizeof(struct fast));
	return in->json_fast;
}

static void
fast_free(struct lp_input *in)
{
	struct fast *f = in->json_fast;

	if (f == NULL)
		return;
	for (int i = 0; i < f->nkeys; i++)
		free(f->key[i]);
	free(f->key);
	free(f->klen);
	free(f->guess);
	free(f->stamp);
	lp_buf_fini(&f->tmp);
	free(f);
	in->json_fast = NULL;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/*
 * The first '"', '\\' or control byte in [p, e), or e: eight bytes at a
 * time (a string's text is most of a JSON Lines file, and a byte loop
 * with three tests per byte was most of the reader's time).
 */
static inline const char *
span(const char *p, const char *e)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;

#ifdef __SSE2__
	/* Sixteen at a time where the line has them. */
	const __m128i qv = _mm_set1_epi8('"'), bv = _mm_set1_epi8('\\');
	const __m128i cv = _mm_set1_epi8(0x1f);

	while (e - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, qv),
		    _mm_cmpeq_epi8(x, bv)),
		    _mm_cmpeq_epi8(_mm_min_epu8(x, cv), x));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);

		if (bits != 0)
			return p + __builtin_ctz(bits);
		p += 16;
	}
#endif
	while (e - p >= 8) {
		uint64_t v, q, b, c;

		memcpy(&v, p, 8);
		q = v ^ (ones * '"');
		b = v ^ (ones * '\\');
		c = (((q - ones) & ~q) | ((b - ones) & ~b) | ((v - ones * 0x20) &
		    ~v)) & high;
		if (c != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* The lowest flag is exact: a false one only ever
			 * sits above a true one. */
			return p + (__builtin_ctzll(c) >> 3);
#else
			break;
#endif
		}
		p += 8;
	}
	while (p < e && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
		p++;
	return p;
}

/*
 * The JSON string at *pp (after its opening quote), decoded into out when
 * out is not NULL; *pp is left after the closing quote.  With no escape
 * inside and out NULL, *sp and *sn are the text in place.  false for what
 * jansson must judge: a raw control byte, \u0000, a lone surrogate, a
 * bad escape, no closing quote.
 */
static bool
fast_string(const char **pp, const char *e, struct lp_buf *out,
    const char **sp, size_t *sn)
{
	const char *p = *pp, *s = p;

	for (;;) {
		const char *q = span(p, e);

		if (q == e || (unsigned char)*q < 0x20)
			return false;
		if (*q == '"') {
			if (out != NULL)
				lp_buf_add(out, p, (size_t)(q - p));
			else {
				*sp = s;
				*sn = (size_t)(q - s);
			}
			*pp = q + 1;
			return true;
		}
		if (out == NULL)
			return false;	/* the caller decodes instead */
		lp_buf_add(out, p, (size_t)(q - p));
		if (e - q < 2)
			return false;
		switch (q[1]) {
		case '"': case '\\': case '/':
			lp_buf_addc(out, q[1]);
			p = q + 2;
			continue;
		case 'b': lp_buf_addc(out, '\b'); p = q + 2; continue;
		case 'f': lp_buf_addc(out, '\f'); p = q + 2; continue;
		case 'n': lp_buf_addc(out, '\n'); p = q + 2; continue;
		case 'r': lp_buf_addc(out, '\r'); p = q + 2; continue;
		case 't': lp_buf_addc(out, '\t'); p = q + 2; continue;
		case 'u':
			break;
		default:
			return false;
		}
		{
			uint32_t cp = 0;
			char u[4];
			int k = 0;

			if (e - q < 6)
				return false;
			for (int i = 2; i < 6; i++) {
				int h = hexval(q[i]);

				if (h < 0)
					return false;
				cp = cp << 4 | (uint32_t)h;
			}
			p = q + 6;
			if (cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff))
				return false;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				uint32_t lo = 0;

				if (e - p < 6 || p[0] != '\\' || p[1] != 'u')
					return false;
				for (int i = 2; i < 6; i++) {
					int h = hexval(p[i]);

					if (h < 0)
						return false;
					lo = lo << 4 | (uint32_t)h;
				}
				if (lo < 0xdc00 || lo > 0xdfff)
					return false;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				p += 6;
			}
			if (cp < 0x80)
				u[k++] = (char)cp;
			else if (cp < 0x800) {
				u[k++] = (char)(0xc0 | cp >> 6);
				u[k++] = (char)(0x80 | (cp & 0x3f));
			} else if (cp < 0x10000) {
				u[k++] = (char)(0xe0 | cp >> 12);
				u[k++] = (char)(0x80 | (cp >> 6 & 0x3f));
				u[k++] = (char)(0x80 | (cp & 0x3f));
			} else {
				u[k++] = (char)(0xf0 | cp >> 18);
				u[k++] = (char)(0x80 | (cp >> 12 & 0x3f));
				u[k++] = (char)(0x80 | (cp >> 6 & 0x3f));
				u[k++] = (char)(0x80 | (cp & 0x3f));
			}
			lp_buf_add(out, u, (size_t)k);
		}
	}
}

static inline const char *
fast_ws(const char *p, const char *e)
{
	/* Most JSON Lines have no white space between tokens. */
	if (p < e && (unsigned char)*p > ' ')
		return p;
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* Add a key the header scan met for the first time. */
static void
fast_add_key(struct lp_input *in, struct fast *f, const char *k, size_t n,
    char ***names, size_t **lens)
{
	lp_map_put(in->keys, k, n, in->ncols);
	/* For fast_column's guesses while the scan goes on. */
	if (f->nkeys == in->ncols) {
		f->key = lp_xreallocarray(f->key, (size_t)f->nkeys + 1,
		    sizeof(*f->key));
		f->klen = lp_xreallocarray(f->klen, (size_t)f->nkeys + 1,
		    sizeof(*f->klen));
		f->key[f->nkeys] = lp_xstrndup(k, n);
		f->klen[f->nkeys++] = n;
	}
	*names = lp_xreallocarray(*names, (size_t)in->ncols + 1,
	    sizeof(**names));
	*lens = lp_xreallocarray(*lens, (size_t)in->ncols + 1, sizeof(**lens));
	(*names)[in->ncols] = lp_xstrndup(k, n);
	(*lens)[in->ncols] = n;
	in->ncols++;
}

/* a[0..n) == b[0..n), for short keys without a call to memcmp. */
static inline bool
same(const char *a, const char *b, size_t n)
{
	uint64_t x, y, u, w;

	if (n < 8) {
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				return false;
		return true;
	}
	if (n > 16)
		return memcmp(a, b, n) == 0;
	memcpy(&x, a, 8);
	memcpy(&y, b, 8);
	memcpy(&u, a + n - 8, 8);
	memcpy(&w, b + n - 8, 8);
	return x == y && u == w;
}

static int fast_lookup(struct lp_input *, struct fast *, int, const char *,
    size_t);

/* The column of key k[0..n), guessing from the key's position. */
static inline int
fast_column(struct lp_input *in, struct fast *f, int pos, const char *k,
    size_t n)
{
	int c;

	if (pos < f->nguess && (c = f->guess[pos]) >= 0 && c < f->nkeys &&
	    f->klen[c] == n && same(f->key[c], k, n))
		return c;
	return fast_lookup(in, f, pos, k, n);
}

/* The key's column from the map; remembered for the next line. */
static int
fast_lookup(struct lp_input *in, struct fast *f, int pos, const char *k,
    size_t n)
{
	int c = lp_map_get(in->keys, k, n);

	if (pos >= f->nguess) {
		int m = pos + 8;

		f->guess = lp_xreallocarray(f->guess, (size_t)m,
		    sizeof(*f->guess));
		for (int i = f->nguess; i < m; i++)
			f->guess[i] = -1;
		f->nguess = m;
	}
	f->guess[pos] = c;
	return c;
}

/*
 * Read the flat object on one line, t[0..n): scan (names != NULL) adds
 * its new keys to the header being built; else its values become a
 * pending record.  true when done; false, with nothing changed (a scan
 * may have added keys, which jansson would add too), when jansson must.
 */
static bool
fast_line(struct lp_input *in, const char *t, size_t n, char ***names,
    size_t **lens)
{
	struct fast *f = fast_of(in);
	struct lp_pending *pd = &in->pend;
	const char *p = t, *e = t + n;
	size_t f0 = pd->nf, d0 = pd->data.n;
	int pos = 0;

	if (n < 2 || *p != '{')
		return false;
	if (names == NULL) {
		if (++f->line == 0) {	/* wrapped: stamps start over */
			memset(f->stamp, 0, (size_t)f->nkeys *
			    sizeof(*f->stamp));
			f->line = 1;
		}
		/* Every column empty until a key fills it. */
		if (pd->fcap - pd->nf < (size_t)in->ncols + 1) {
			while (pd->fcap - pd->nf < (size_t)in->ncols + 1)
				pd->fcap = pd->fcap ? pd->fcap * 2 : 256;
			pd->f = lp_xreallocarray(pd->f, pd->fcap,
			    sizeof(*pd->f));
		}
		memset(pd->f + pd->nf, 0, (size_t)in->ncols * sizeof(*pd->f));
		pd->nf += (size_t)in->ncols;
	}
	p = fast_ws(p + 1, e);
	if (p < e && *p == '}') {
		p++;
		goto end;
	}
	for (;;) {
		const char *k, *v;
		size_t kn, vn, raw = 0;
		int c;

		if (p == e || *p != '"')
			goto slow;
		p++;
		k = p;
		p = span(p, e);
		if (p < e && *p == '"') {	/* no escape: in place */
			kn = (size_t)(p - k);
			p++;
		} else {
			p = k;
			f->tmp.n = 0;
			if (!fast_string(&p, e, &f->tmp, NULL, NULL))
				goto slow;
			k = f->tmp.p;
			kn = f->tmp.n;
		}
		p = fast_ws(p, e);
		if (p == e || *p != ':')
			goto slow;
		p = fast_ws(p + 1, e);
		/* A nested object is flattened (jansson's path): its key
		 * is no column. */
		if (p == e || *p == '{')
			goto slow;
		if (names != NULL) {
			if (fast_column(in, f, pos, k, kn) < 0)
				fast_add_key(in, f, k, kn, names, lens);
			c = 0;
		} else {
			c = fast_column(in, f, pos, k, kn);
			/* A key the scan did not see, or seen twice. */
			if (c < 0 || f->stamp[c] == f->line)
				goto slow;
			f->stamp[c] = f->line;
		}
		pos++;
		/* The value. */
		v = p;
		if (*p == '"') {
			const char *s = ++p;

			p = span(p, e);
			if (p < e && *p == '"') {
				v = s;
				vn = (size_t)(p - s);
				p++;
				if (names == NULL) {
					pd->f[f0 + (size_t)c].off = pd->data.n;
					lp_buf_add(&pd->data, v, vn);
				}
			} else {
				size_t off = pd->data.n;

				p = s;
				if (!fast_string(&p, e, &pd->data, NULL, NULL))
					goto slow;
				vn = pd->data.n - off;
				if (names != NULL)
					pd->data.n = off;
				else
					pd->f[f0 + (size_t)c].off = off;
			}
		} else {
			/* An integer jansson writes back the same, or a
			 * literal; reals and the rest go to jansson. */
			if (*p == 't' && e - p >= 4 && memcmp(p, "true", 4) == 0)
				p += 4;
			else if (*p == 'f' && e - p >= 5 &&
			    memcmp(p, "false", 5) == 0)
				p += 5;
			else if (*p == 'n' && e - p >= 4 &&
			    memcmp(p, "null", 4) == 0)
				p += 4;
			else {
				const char *q = p + (*p == '-');
				size_t nd = 0;

				while (q + nd < e && (unsigned)(q[nd] - '0') <
				    10)
					nd++;
				if (nd == 0 || nd > 18 || (q[0] == '0' &&
				    (nd > 1 || p != q)))
					goto slow;
				p = q + nd;
				if (p < e && (*p == '.' || *p == 'e' ||
				    *p == 'E'))
					goto slow;
			}
			vn = (size_t)(p - v);
			if (*v == 'n')
				vn = 0;		/* null: empty, marked */
			raw = LP_FIELD_RAW;
			if (names == NULL) {
				pd->f[f0 + (size_t)c].off = pd->data.n;
				lp_buf_add(&pd->data, v, vn);
			}
		}
		if (names == NULL) {
			if (vn > in->opts->limits.max_field)
				goto slow;	/* jansson's path says so */
			pd->f[f0 + (size_t)c].len = vn | raw;
		}
		p = fast_ws(p, e);
		if (p < e && *p == ',') {
			p = fast_ws(p + 1, e);
			continue;
		}
		if (p < e && *p == '}') {
			p++;
			break;
		}
		goto slow;
	}
end:
	if (fast_ws(p, e) != e)
		goto slow;
	if (names == NULL)
		lp_pending_end(pd, f0, in->rec_line, in->rec_line);
	return true;
slow:
	if (names == NULL) {
		pd->nf = f0;
		pd->data.n = d0;
	}
	return false;
}

/* After the header: the keys in column order, for fast_column. */
static void
fast_keys(struct lp_input *in, char **names, size_t *lens, int n)
{
	struct fast *f = fast_of(in);

	for (int i = 0; i < f->nkeys; i++)
		free(f->key[i]);
	free(f->key);
	free(f->klen);
	f->key = lp_xcalloc((size_t)n + 1, sizeof(*f->key));
	f->klen = lp_xcalloc((size_t)n + 1, sizeof(*f->klen));
	f->stamp = lp_xcalloc((size_t)n + 1, sizeof(*f->stamp));
	for (int i = 0; i < n; i++) {
		f->key[i] = lp_xstrndup(names[i], lens[i]);
		f->klen[i] = lens[i];
	}
	f->nkeys = n;
}

/*
 * Load the next JSON value: *val set (new reference), or NULL with *why
 * set for a value that is not valid JSON.  Returns 1, 0 at end, -1 error.
 * in->rec_line is the value's first line; raw text is buf[recstart..pos).
 */
static int
load_next(struct lp_input *in, json_t **val, char *why, size_t whylen,
    struct lp_err *err)
{
	json_error_t je;
	int rc;

	*val = NULL;
	if (in->fmt == LP_FMT_NDJSON) {
		const char *s, *e;

		for (;;) {
			s = in->buf + in->pos;
			e = memchr(s, '\n', in->len - in->pos);
			if (e == NULL) {
				ssize_t r;

				in->recstart = in->pos;
				/* For the record limit's message (it said
				 * "line 0" on the first line). */
				in->rec_line = in->line + 1;
				if ((r = lp_input_more(in, err)) < 0)
					return -1;
				if (r > 0)
					continue;
				if (in->pos == in->len)
					return 0;
				/* lp_input_more moved the text to the start
				 * of the buffer (and may have reallocated
				 * it): s was stale, which read the last line
				 * from the wrong place or looped forever. */
				s = in->buf + in->pos;
				e = in->buf + in->len;
			}
			size_t n = (size_t)(e - s) + (e < in->buf + in->len);
			struct lp_str t = lp_str_trim((struct lp_str){ s, n });

			in->recstart = in->pos;
			in->rec_line = in->line + 1;
			in->pos += n;
			in->line += e < in->buf + in->len;
			if (t.n == 0) {
				in->blank++;
				continue;
			}
			/* A NUL or invalid byte the decoder marked (--rejects):
			 * the line is set aside, never read for keys. */
			if (in->dec.marked && lp_dec_marked(t.p, t.n) != NULL) {
				snprintf(why, whylen, "%s",
				    lp_dec_marked(t.p, t.n));
				return 1;
			}
			if (in->json_fast != NULL) {
				struct fast *f = in->json_fast;

				if (f->on && fast_line(in, t.p, t.n, f->names,
				    f->lens))
					return 2;
			}
			*val = json_loadb(t.p, t.n, JSON_REJECT_DUPLICATES, &je);
			break;
		}
	} else {
		if (!in->json_array_open) {
			if ((rc = skip_ws(in, err)) <= 0)
				return rc;
			if (in->buf[in->pos] != '[')
				return lp_err_set(err, EX_DATAERR, in->name,
				    in->line + 1, "expected a JSON array of "
				    "objects ('[') at the start");
			in->pos++;
			in->json_array_open = true;
		}
		/* Elements are separated by exactly one comma: a missing
		 * or stray one is an error, as in every JSON parser. */
		if ((rc = skip_ws(in, err)) <= 0)
			goto unclosed;
		if (in->buf[in->pos] == ']') {
			in->pos++;
			/* A document's array: what follows was walked. */
			if (in->json_doc)
				return 0;
			if (skip_ws(in, err) != 0)
				return lp_err_set(err, EX_DATAERR, in->name,
				    in->line + 1, "text after the JSON array");
			return 0;
		}
		if (in->json_array_more) {
			if (in->buf[in->pos] != ',')
				return lp_err_set(err, EX_DATAERR, in->name,
				    in->line + 1, "expected ',' or ']' after "
				    "an element of the JSON array");
			in->pos++;
			if ((rc = skip_ws(in, err)) <= 0)
				goto unclosed;
			if (in->buf[in->pos] == ']')
				return lp_err_set(err, EX_DATAERR, in->name,
				    in->line + 1, "',' before ']' in the JSON "
				    "array (no element after it)");
		}
		if (in->buf[in->pos] == ',')
			return lp_err_set(err, EX_DATAERR, in->name,
			    in->line + 1, "',' where a JSON array element "
			    "should be");
		in->recstart = in->pos;
		in->rec_line = in->line + 1;
		in->json_array_more = true;
		for (;;) {
			ssize_t r;

			*val = json_loadb(in->buf + in->pos, in->len - in->pos,
			    JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &je);
			/* Cut off by the buffer, jansson may call it
			 * premature end or a bad token at the very end. */
			if (*val != NULL || (json_error_code(&je) !=
			    json_error_premature_end_of_input &&
			    (size_t)je.position + 8 < in->len - in->pos))
				break;
			if ((r = lp_input_more(in, err)) < 0)
				return -1;
			if (r == 0)
				break;
		}
		if (*val == NULL) {
			/* Not valid JSON: there is no next element to find. */
			snprintf(why, whylen, "invalid JSON: %s", je.text);
			count_lines(in, in->pos, in->pos + (size_t)je.position);
			return lp_err_set(err, EX_DATAERR, in->name,
			    in->rec_line + je.line - 1, "%s", why);
		}
		count_lines(in, in->pos, in->pos + (size_t)je.position);
		in->pos += (size_t)je.position;
		return 1;
unclosed:
		if (rc == 0)
			return lp_err_set(err, EX_DATAERR, in->name, in->line,
			    "JSON array not closed (missing ']' at the end)");
		return rc;
	}
	if (*val == NULL)
		snprintf(why, whylen, "invalid JSON: %s", je.text);
	else if (!json_is_object(*val)) {
		snprintf(why, whylen, "not a JSON object");
		json_decref(*val);
		*val = NULL;
	}
	return 1;
}

/* Append the text of a JSON value to the pending data as one field. */
static void
add_value(struct lp_pending *pd, json_t *v)
{
	char tmp[64];
	char *dump;

	switch (json_typeof(v)) {
	case JSON_STRING:
		lp_pending_field(pd, json_string_value(v), json_string_length(v));
		return;
	case JSON_INTEGER:
		snprintf(tmp, sizeof(tmp), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		break;
	case JSON_REAL:
		/* The shortest form that reads back as the same double. */
		lp_fmt_short(tmp, json_real_value(v));
		break;
	case JSON_TRUE:
		snprintf(tmp, sizeof(tmp), "true");
		break;
	case JSON_FALSE:
		snprintf(tmp, sizeof(tmp), "false");
		break;
	case JSON_NULL:
		tmp[0] = '\0';
		break;
	default:
		dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (dump == NULL)
			lp_oom();
		lp_pending_field(pd, dump, strlen(dump));
		pd->f[pd->nf - 1].len |= LP_FIELD_RAW;
		free(dump);
		return;
	}
	/* Not a string: JSON output writes it back bare (null for null;
	 * arrays and objects too, above). */
	lp_pending_field(pd, tmp, strlen(tmp));
	pd->f[pd->nf - 1].len |= LP_FIELD_RAW;
}

/*
 * An object's fields as Miller flattens them: a nested object's members
 * are fields named PARENT.KEY, at any depth ({"properties": {"email":
 * ...}} gives properties.email); an empty object stays the text {};
 * arrays stay JSON text.  Salesforce's record metadata, a member
 * "attributes" holding an object with a "type", is not a field.
 */
struct flat {
	struct lp_buf	 names;		/* NUL-terminated, back to back */
	size_t		*off;
	json_t		**val;
	size_t		 n, cap;
};

static void
flatten(struct flat *fl, json_t *obj, const char *prefix, size_t plen)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		size_t klen = strlen(key);

		if (json_is_object(v) && strcmp(key, "attributes") == 0 &&
		    json_object_get(v, "type") != NULL)
			continue;
		if (json_is_object(v) && json_object_size(v) > 0) {
			char *sub = lp_xmalloc(plen + klen + 2);

			memcpy(sub, prefix, plen);
			memcpy(sub + plen, key, klen);
			sub[plen + klen] = '.';
			flatten(fl, v, sub, plen + klen + 1);
			free(sub);
			continue;
		}
		if (fl->n == fl->cap) {
			fl->cap = fl->cap ? fl->cap * 2 : 32;
			fl->off = lp_xreallocarray(fl->off, fl->cap,
			    sizeof(*fl->off));
			fl->val = lp_xreallocarray(fl->val, fl->cap,
			    sizeof(*fl->val));
		}
		fl->off[fl->n] = fl->names.n;
		fl->val[fl->n] = v;
		fl->n++;
		lp_buf_add(&fl->names, prefix, plen);
		lp_buf_add(&fl->names, key, klen);
		lp_buf_addc(&fl->names, '\0');
	}
}

static void
flat_fini(struct flat *fl)
{
	lp_buf_fini(&fl->names);
	free(fl->off);
	free(fl->val);
}

/* A value that is not a usable object: to --rejects, or an error. */
static int
bad_value(struct lp_input *in, const char *why, struct lp_err *err)
{
	if (!in->have_rejects)
		return lp_err_set(err, EX_DATAERR, in->name, in->rec_line,
		    "%s", why);
	in->reject(in->reject_ctx, in, in->rec_line, in->buf + in->recstart,
	    in->pos - in->recstart, why);
	return 0;
}

/*
 * Turn an object into a pending record, fields in header order (empty
 * unless the object has them).  0, or -1 with err set when the object
 * cannot be read and there is no --rejects.
 */
static int
emit(struct lp_input *in, json_t *obj, struct lp_err *err)
{
	struct lp_pending *pd = &in->pend;
	size_t f0 = pd->nf;
	struct flat fl = { .n = 0 };
	char why[300];

	lp_buf_init(&fl.names);
	flatten(&fl, obj, "", 0);
	for (int i = 0; i < in->ncols; i++)
		lp_pending_field(pd, "", 0);
	for (size_t i = 0; i < fl.n; i++) {
		const char *key = fl.names.p + fl.off[i];
		int col = lp_map_get(in->keys, key, strlen(key));
		size_t before;

		if (col < 0) {
			snprintf(why, sizeof(why), "key '%.200s' is not in the "
			    "header (the first object's keys)", key);
			pd->data.n = pd->nf > f0 ? pd->f[f0].off : pd->data.n;
			pd->nf = f0;
			flat_fini(&fl);
			return bad_value(in, why, err);
		}
		before = pd->nf;
		add_value(pd, fl.val[i]);
		/* --limit field applies to JSON values as it does to CSV
		 * fields (it was not checked here at all). */
		if (LP_FIELD_LEN(pd->f[before].len) >
		    in->opts->limits.max_field) {
			flat_fini(&fl);
			return lp_err_set(err, EX_DATAERR, in->name,
			    in->rec_line, "field of %zu bytes is longer than "
			    "the limit of %zu bytes",
			    LP_FIELD_LEN(pd->f[before].len),
			    in->opts->limits.max_field);
		}
		pd->f[f0 + (size_t)col] = pd->f[before];
		pd->nf = before;
	}
	flat_fini(&fl);
	/*
	 * The record's last line: a JSON Lines object is one line (in->line
	 * was not advanced for a last line without a newline); an array
	 * element ends on the line after the in->line completed ones.
	 * (in->line alone made `last` one less than `line` for a one-line
	 * element.)
	 */
	lp_pending_end(pd, f0, in->rec_line, in->fmt == LP_FMT_NDJSON ?
	    in->rec_line : in->line + 1);
	return 0;
}

int
lp_json_fill(struct lp_input *in, struct lp_err *err)
{
	struct lp_pending *pd = &in->pend;

	while (pd->next >= pd->nr) {
		char why[300];
		json_t *obj;
		int rc;

		if (in->done)
			return 0;
		if ((rc = load_next(in, &obj, why, sizeof(why), err)) < 0)
			return -1;
		if (rc == 0) {
			in->done = true;
			return 0;
		}
		if (rc == 2)
			continue;	/* the fast path made the record */
		rc = obj == NULL ? bad_value(in, why, err) : emit(in, obj, err);
		json_decref(obj);
		if (rc < 0)
			return -1;
	}
	return 1;
}

/* Add the keys of obj to the header being built. */
static void
collect_keys(struct lp_input *in, json_t *obj, char ***names, size_t **lens)
{
	struct flat fl = { .n = 0 };

	lp_buf_init(&fl.names);
	flatten(&fl, obj, "", 0);
	for (size_t i = 0; i < fl.n; i++) {
		const char *key = fl.names.p + fl.off[i];
		size_t n = strlen(key);

		if (lp_map_get(in->keys, key, n) >= 0)
			continue;
		lp_map_put(in->keys, key, n, in->ncols);
		*names = lp_xreallocarray(*names, (size_t)in->ncols + 1,
		    sizeof(**names));
		*lens = lp_xreallocarray(*lens, (size_t)in->ncols + 1,
		    sizeof(**lens));
		(*names)[in->ncols] = lp_xstrndup(key, n);
		(*lens)[in->ncols] = n;
		in->ncols++;
	}
	flat_fini(&fl);
}

/*
 * Copy the rest of a pipe, decoded, to an unlinked temporary file (in
 * $TMPDIR, else /tmp) and read that from now on: the header is the union
 * of all objects' keys, as for a regular file, at the cost of holding the
 * input on disk (constant memory).  0, or -1 with err set.
 */
static int
spool(struct lp_input *in, struct lp_err *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	ssize_t r;
	long lines = 0;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	snprintf(path, sizeof(path), "%s/leadpipe-stdin-XXXXXX", dir);
	if ((fd = mkstemp(path)) < 0)
		return lp_err_set(err, EX_CANTCREAT, path, 0, "cannot create a "
		    "temporary file for JSON from standard input: %s",
		    strerror(errno));
	unlink(path);
	do {
		for (size_t off = in->pos; off < in->len; ) {
			ssize_t w = write(fd, in->buf + off, in->len - off);

			if (w < 0) {
				if (errno == EINTR)
					continue;
				lp_err_set(err, EX_IOERR, path, 0, "cannot write "
				    "a temporary file for JSON from standard "
				    "input: %s", strerror(errno));
				close(fd);
				return -1;
			}
			off += (size_t)w;
		}
		/* Lines so far, for a decoding error's message. */
		for (const char *q = in->buf + in->pos; (q = memchr(q, '\n',
		    (size_t)(in->buf + in->len - q))) != NULL; q++)
			lines++;
		in->line = lines;
		in->pos = in->recstart = in->len;
	} while ((r = lp_input_more(in, err)) > 0);
	if (r < 0) {
		close(fd);
		return -1;
	}
	lp_dec_close(&in->dec);
	if (lseek(fd, 0, SEEK_SET) != 0 ||
	    lp_dec_open(&in->dec, fd, in->name, in->opts->read_size, err) < 0) {
		close(fd);
		return lp_err_set(err, EX_IOERR, in->name, 0,
		    "cannot read back standard input");
	}
	in->pos = in->len = in->recstart = 0;
	in->line = 0;
	return 0;
}

/* ---- JSON documents: an object that holds the array of records ---- */

/*
 * What CRM APIs return is one object around the records: Salesforce's
 * {"totalSize": 2, "done": true, "records": [...]}, `sf data query
 * --json`'s {"status": 0, "result": {"records": [...]}}, HubSpot's
 * {"results": [...], "paging": {...}}, Dynamics' {"value": [...]}.
 * A first pass walks the first value's structure (no tree is built, the
 * text streams through) to find where that array starts; the records are
 * then read from there by the JSON array reader, one element at a time.
 * Which array: --records PATH (dotted keys); else the first of the known
 * names below that holds an array; else the only non-empty array of
 * objects one or two levels down.
 */
static const char *const doc_known[] = {
	"records", "result.records", "results", "value", "data", "items",
	"contacts", "leads", "persons", NULL
};

struct walk {
	struct lp_input	*in;
	struct lp_err	*err;
	uint64_t	 base;		/* decoded bytes dropped before buf[0] */
	struct lp_buf	 keys;		/* top-level keys, ", " between */
	int		 nkeys;
	struct lp_buf	 path;
	struct cand {
		char	*path;
		uint64_t off;
		bool	 objects;	/* non-empty, first element an object */
	}		*cand;
	int		 ncand;
	int		 steps;		/* budget: a walk that never ends */
};

/* The next byte without taking it: 0-255, -2 at end, -1 error. */
static int
walk_peek(struct walk *w)
{
	struct lp_input *in = w->in;

	while (in->pos >= in->len) {
		ssize_t r;

		w->base += in->pos;
		in->recstart = in->pos;
		if ((r = lp_input_more(in, w->err)) < 0)
			return -1;
		if (r == 0)
			return -2;
	}
	return (unsigned char)in->buf[in->pos];
}

static void
walk_take(struct walk *w)
{
	if (w->in->buf[w->in->pos] == '\n')
		w->in->line++;
	w->in->pos++;
}

static int
walk_ws(struct walk *w)
{
	int c;

	while ((c = walk_peek(w)) >= 0 && is_ws((char)c))
		walk_take(w);
	return c;
}

/* A string from its opening quote; its raw text (escapes as written) to
 * out when not NULL.  0, or -1 (end of input or error). */
static int
walk_string(struct walk *w, struct lp_buf *out)
{
	int c;

	walk_take(w);
	while ((c = walk_peek(w)) >= 0) {
		walk_take(w);
		if (c == '"')
			return 0;
		if (out != NULL && out->n < 1024)
			lp_buf_addc(out, (char)c);
		if (c == '\\') {
			if ((c = walk_peek(w)) < 0)
				return -1;
			walk_take(w);
			if (out != NULL && out->n < 1024)
				lp_buf_addc(out, (char)c);
		}
	}
	return -1;
}

/* Skip a value, depth levels already open (0: at its first byte). */
static int
walk_skip(struct walk *w, int depth)
{
	int c;

	do {
		if ((c = walk_ws(w)) < 0)
			return -1;
		if (c == '"') {
			if (walk_string(w, NULL) < 0)
				return -1;
		} else {
			if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']')
				depth--;
			else if (c == ',' || c == ':') {
				if (depth == 0)
					return -1;
			}
			walk_take(w);
			if (depth == 0 && c != '}' && c != ']' && c != '{' &&
			    c != '[')
				/* a bare scalar: up to what ends it */
				while ((c = walk_peek(w)) >= 0 && !is_ws((char)c) &&
				    c != ',' && c != '}' && c != ']')
					walk_take(w);
		}
		if (depth < 0)
			return -1;
	} while (depth > 0);
	return 0;
}

static void
walk_cand(struct walk *w, uint64_t off, bool objects)
{
	w->cand = lp_xreallocarray(w->cand, (size_t)w->ncand + 1,
	    sizeof(*w->cand));
	w->cand[w->ncand].path = lp_xstrndup(w->path.n ? w->path.p : "",
	    w->path.n);
	w->cand[w->ncand].off = off;
	w->cand[w->ncand].objects = objects;
	w->ncand++;
}

/* An object from its '{', depth 0 for the top level.  0 or -1. */
static int
walk_object(struct walk *w, int depth)
{
	size_t plen = w->path.n;
	int c;

	walk_take(w);
	for (bool first = true;; first = false) {
		if ((c = walk_ws(w)) < 0)
			return -1;
		if (c == '}') {
			walk_take(w);
			return 0;
		}
		if (!first) {
			if (c != ',')
				return -1;
			walk_take(w);
			if ((c = walk_ws(w)) < 0)
				return -1;
		}
		if (c != '"' || ++w->steps > 100000)
			return -1;
		if (plen > 0)
			lp_buf_addc(&w->path, '.');
		if (walk_string(w, &w->path) < 0 || walk_ws(w) != ':')
			return -1;
		walk_take(w);
		if (depth == 0) {
			if (w->nkeys < 8) {
				if (w->nkeys > 0)
					lp_buf_adds(&w->keys, ", ");
				if (w->path.n > plen)	/* not "" */
					lp_buf_add(&w->keys, w->path.p + plen,
					    w->path.n - plen);
			} else if (w->nkeys == 8)
				lp_buf_adds(&w->keys, ", ...");
			w->nkeys++;
		}
		if ((c = walk_ws(w)) < 0)
			return -1;
		if (c == '[') {
			uint64_t off = w->base + w->in->pos;

			walk_take(w);
			if ((c = walk_ws(w)) < 0)
				return -1;
			walk_cand(w, off, c == '{');
			if (walk_skip(w, 1) < 0)
				return -1;
		} else if (c == '{' && depth < 4) {
			if (walk_object(w, depth + 1) < 0)
				return -1;
		} else if (walk_skip(w, 0) < 0)
			return -1;
		w->path.n = plen;
	}
}

/*
 * Walk the input's first value (an object).  1 with in->json_doc_off set
 * when it is a document holding the records; 0 when it is JSON Lines (or
 * not JSON: the JSON Lines reader says what is wrong); -1 with err set
 * when it is one object whose records cannot be found.
 */
static int
doc_find(struct lp_input *in, struct lp_err *err)
{
	struct walk w = { .in = in, .err = err };
	const char *want = in->opts->records;
	long first = in->line;
	int c, rc = 0, pick = -1;

	lp_buf_init(&w.keys);
	lp_buf_init(&w.path);
	if ((c = walk_ws(&w)) != '{' || walk_object(&w, 0) < 0)
		goto out;
	if ((c = walk_ws(&w)) != -2)
		goto out;	/* more values follow (or an error): lines */
	lp_buf_addc(&w.keys, '\0');
	if (want != NULL) {
		for (int i = 0; i < w.ncand && pick < 0; i++)
			if (strcmp(w.cand[i].path, want) == 0)
				pick = i;
		if (pick < 0) {
			rc = lp_err_set(err, EX_DATAERR, in->name, first + 1,
			    "--records %s: no array at that path (top-level "
			    "object with keys %s)", want, w.keys.n ? w.keys.p :
			    "none");
			goto out;
		}
	}
	for (int k = 0; doc_known[k] != NULL && pick < 0; k++)
		for (int i = 0; i < w.ncand && pick < 0; i++)
			if (strcmp(w.cand[i].path, doc_known[k]) == 0)
				pick = i;
	for (int i = 0; i < w.ncand; i++)
		if (pick < 0 && w.cand[i].objects) {
			for (int j = i + 1; j < w.ncand; j++)
				if (w.cand[j].objects) {
					rc = lp_err_set(err, EX_DATAERR,
					    in->name, first + 1, "top-level "
					    "object holds several arrays of "
					    "objects (%s, %s); pick one with "
					    "--records PATH", w.cand[i].path,
					    w.cand[j].path);
					goto out;
				}
			pick = i;
		}
	if (pick >= 0) {
		in->json_doc_off = w.cand[pick].off;
		rc = 1;
	} else if (in->line > first + 1) {
		/* One object over several lines: not JSON Lines. */
		rc = lp_err_set(err, EX_DATAERR, in->name, first + 1,
		    "top-level object with keys %s; expected an array of "
		    "objects, JSON Lines, or an object holding one array of "
		    "records (pick it with --records PATH)", w.nkeys ?
		    w.keys.p : "none");
	}
out:
	if (rc == 0 && err->code != 0)
		rc = -1;	/* a decoding error while walking */
	for (int i = 0; i < w.ncand; i++)
		free(w.cand[i].path);
	free(w.cand);
	lp_buf_fini(&w.keys);
	lp_buf_fini(&w.path);
	return rc;
}

/* The first byte that is not white space in what is read so far, or 0. */
static char
first_byte(const struct lp_input *in)
{
	for (size_t i = in->pos; i < in->len; i++)
		if (!is_ws(in->buf[i]))
			return in->buf[i];
	return 0;
}

/* Start the input over from its first byte; a document at its array. */
static int
restart(struct lp_input *in, struct lp_err *err)
{
	uint64_t done = 0;

	lp_dec_close(&in->dec);
	if (lseek(in->dec.fd, 0, SEEK_SET) != 0 ||
	    lp_dec_open(&in->dec, in->dec.fd, in->name,
	    in->opts->read_size, err) < 0)
		return lp_err_set(err, EX_IOERR, in->name, 0,
		    "cannot read the file a second time");
	in->dec.mark = in->have_rejects;
	in->pos = in->len = in->recstart = 0;
	in->line = in->blank = 0;
	in->json_array_open = false;
	in->json_array_more = false;
	while (in->json_doc && done < in->json_doc_off) {
		size_t n;

		if (in->pos == in->len) {
			ssize_t r;

			in->recstart = in->pos;
			if ((r = lp_input_more(in, err)) <= 0)
				return r < 0 ? -1 : lp_err_set(err, EX_IOERR,
				    in->name, 0, "the file changed while it "
				    "was read");
		}
		n = in->len - in->pos;
		if (n > in->json_doc_off - done)
			n = (size_t)(in->json_doc_off - done);
		count_lines(in, in->pos, in->pos + n);
		in->pos += n;
		done += n;
	}
	return 0;
}

int
lp_json_open(struct lp_input *in, struct lp_err *err)
{
	struct stat sb;
	char **names = NULL;
	size_t *lens = NULL;
	char why[300];
	json_t *obj = NULL;
	int rc, n;
	bool scan_all;
	char c0;

	if (in->fmt == LP_FMT_AUTO) {
		size_t i = 0;

		while (i < in->len && is_ws(in->buf[i]))
			i++;
		in->fmt = i < in->len && in->buf[i] == '[' ? LP_FMT_JSON :
		    LP_FMT_NDJSON;
	}
	c0 = first_byte(in);	/* before a pipe is spooled */
	in->keys = lp_map_new();
	scan_all = fstat(in->dec.fd, &sb) == 0 && S_ISREG(sb.st_mode);
	/* A pipe is read to its end into a temporary file first, so that
	 * it gives what the same lines in a file give. */
	if (!scan_all) {
		if (spool(in, err) < 0)
			return -1;
		scan_all = true;
	}
	/* An object first: JSON Lines, or one document holding the
	 * records (an API dump). */
	if ((in->fmt == LP_FMT_NDJSON && in->opts->from != LP_FMT_NDJSON) ||
	    (in->fmt == LP_FMT_JSON && c0 == '{')) {
		if ((rc = doc_find(in, err)) < 0)
			return -1;
		in->json_doc = rc == 1;
		if (in->json_doc)
			in->fmt = LP_FMT_JSON;
		if (restart(in, err) < 0)
			return -1;
	}
	/*
	 * Collect keys: from every object of a regular file (bad values and
	 * errors are left for the real pass to report, which meets them in
	 * the same order), else from the first object, which then becomes
	 * the first record.  The record limit is the exception: where it
	 * trips depends on how much was read at once, so a header made of the
	 * keys seen before it would too; it stops the run here.
	 */
	if (in->fmt == LP_FMT_NDJSON) {
		struct fast *f = fast_of(in);

		f->on = true;
		f->names = &names;
		f->lens = &lens;
	}
	for (;;) {
		if ((rc = load_next(in, &obj, why, sizeof(why), err)) <= 0)
			break;
		if (rc == 2)
			continue;	/* the fast path took its keys */
		if (obj != NULL) {
			collect_keys(in, obj, &names, &lens);
			if (!scan_all)
				break;
			json_decref(obj);
			obj = NULL;
		} else if (!scan_all && bad_value(in, why, err) < 0) {
			rc = -1;
			break;
		}
	}
	/* n counts the collected names, freed at out: (in->ncols is 0 again
	 * when lp_input_set_header fails, which leaked them). */
	n = in->ncols;
	in->ncols = 0;
	if (rc < 0 && (!scan_all || in->over_limit))
		goto out;
	if ((rc = lp_input_set_header(in, names, lens, n, err)) < 0)
		goto out;
	if (in->json_fast != NULL) {
		struct fast *f = in->json_fast;

		fast_keys(in, names, lens, n);
		f->names = NULL;	/* from now on: records */
		f->lens = NULL;
	}
	if (scan_all) {
		/* Start the file over for the real pass. */
		memset(err, 0, sizeof(*err));
		if ((rc = restart(in, err)) < 0)
			goto out;
	} else if (obj != NULL)
		rc = emit(in, obj, err);
out:
	json_decref(obj);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(lens);
	return rc < 0 ? -1 : 0;
}

void
lp_json_close(struct lp_input *in)
{
	lp_map_free(in->keys);
	in->keys = NULL;
	fast_free(in);
}
