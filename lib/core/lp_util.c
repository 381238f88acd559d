/*
 * lp_util -- byte buffers, a huge-page hint for big tables, a
 * string-to-int hash map, field-name keys and small string helpers.
 * Nothing here knows about records.
 */
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <utf8proc.h>

#include "lp_err.h"
#include "lp_util.h"

void
lp_buf_init(struct lp_buf *b)
{
	b->p = NULL;
	b->n = b->cap = 0;
}

void
lp_buf_fini(struct lp_buf *b)
{
	free(b->p);
	lp_buf_init(b);
}

void
lp_buf_reserve(struct lp_buf *b, size_t extra)
{
	size_t cap;

	if (b->cap - b->n > extra)
		return;
	if (extra > SIZE_MAX / 2 - b->n)
		lp_oom();
	cap = b->cap ? b->cap : 256;
	while (cap - b->n <= extra)
		cap *= 2;
	b->p = lp_xrealloc(b->p, cap);
	b->cap = cap;
}

void
lp_buf_printf(struct lp_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	lp_buf_reserve(b, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

char *
lp_buf_cstr(struct lp_buf *b)
{
	lp_buf_reserve(b, 1);
	b->p[b->n] = '\0';
	return b->p;
}

size_t
lp_fmt_int(char *out, long long v)
{
	char t[24];
	size_t n = 0, k = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	if (v >= 0 && v < 100) {	/* most scores and counts */
		if (v >= 10)
			out[k++] = (char)('0' + v / 10);
		out[k++] = (char)('0' + v % 10);
		out[k] = '\0';
		return k;
	}

	do {
		t[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		out[k++] = '-';
	while (n > 0)
		out[k++] = t[--n];
	out[k] = '\0';
	return k;
}

size_t
lp_fmt_num(char *out, double v)
{
	int n;

	/* A whole number first (most points and counts; NaN and the
	 * infinities fail the bound before the conversion). */
	if (fabs(v) < 1e15 && v == (double)(long long)v)
		return lp_fmt_int(out, (long long)v);
	if (!isfinite(v))
		n = snprintf(out, LP_NUM_MAX, "%s", isnan(v) ? "nan" :
		    v < 0 ? "-inf" : "inf");
	else if (fabs(v) >= 1e15) {
		/* The shortest form that reads back as v ("1e+80"): %.2f
		 * printed the binary value's 81 digits, most of them noise. */
		for (int prec = 1; prec <= 17; prec++) {
			n = snprintf(out, LP_NUM_MAX, "%.*g", prec, v);
			if (strtod(out, NULL) == v)
				break;
		}
	} else {
		n = snprintf(out, LP_NUM_MAX, "%.2f", v);
		while (n > 0 && out[n - 1] == '0' && memchr(out, '.', (size_t)n))
			out[--n] = '\0';
		if (n > 0 && out[n - 1] == '.')
			out[--n] = '\0';
		if (n == 2 && out[0] == '-' && out[1] == '0')	/* -0 */
			n = snprintf(out, LP_NUM_MAX, "0");
	}
	return n > 0 ? (size_t)n : 0;
}

void
lp_huge_pages(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t e = ((uintptr_t)p + n) & ~(huge - 1);

	if (e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);	/* a hint */
#else
	(void)p;
	(void)n;
#endif
}

/* Open addressing with linear probing; the table is at most half full. */
struct lp_map {
	uint64_t seed;		/* per map: keys are untrusted data */
	struct slot {
		char	*key;
		size_t	 n;
		uint32_t hash;
		int	 val;
	} *slots;
	size_t	cap, count;
};

/*
 * Eight bytes at a time, each word multiplied in; the murmur3 finaliser
 * mixes every bit into the low ones the table index takes.  A key
 * shorter than eight bytes is read as one or two (overlapping) words.
 */
static uint32_t
seeded_hash(uint64_t seed, const char *p, size_t n)
{
	uint64_t h = seed ^ n * UINT64_C(0x9e3779b97f4a7c15), w = 0, v = 0;
	const char *end = p + n;

	for (; end - p > 8; p += 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
		h ^= h >> 29;
	}
	if (n >= 8)
		memcpy(&w, end - 8, 8);
	else if (n >= 4) {
		uint32_t a, b;

		memcpy(&a, p, 4);
		memcpy(&b, end - 4, 4);
		w = (uint64_t)a << 32 | b;
	} else
		for (; p < end; p++)
			v = v << 8 | (unsigned char)*p;
	h ^= w ^ v;
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return (uint32_t)h;
}

/* The memo's hash: a collision there costs a recomputation, no more. */
static uint32_t
hash(const char *p, size_t n)
{
	return seeded_hash(0, p, n);
}

struct lp_map *
lp_map_new(void)
{
	struct lp_map *m = lp_xcalloc(1, sizeof(*m));

	m->cap = 16;
	m->slots = lp_xcalloc(m->cap, sizeof(*m->slots));
	/* Crafted keys cannot all land in one probe run (nothing iterates
	 * a map, so its order never shows). */
	m->seed = (uint64_t)(uintptr_t)m * UINT64_C(0x9e3779b97f4a7c15) ^
	    (uint64_t)time(NULL);
	return m;
}

void
lp_map_free(struct lp_map *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	free(m);
}

static struct slot *
find(const struct lp_map *m, const char *key, size_t n, uint32_t h)
{
	size_t i = h & (m->cap - 1);

	for (;; i = (i + 1) & (m->cap - 1)) {
		struct slot *s = &m->slots[i];

		if (s->key == NULL || (s->hash == h && s->n == n &&
		    memcmp(s->key, key, n) == 0))
			return s;
	}
}

int
lp_map_put(struct lp_map *m, const char *key, size_t n, int val)
{
	uint32_t h = seeded_hash(m->seed, key, n);
	struct slot *s;
	int old;

	if ((m->count + 1) * 2 > m->cap) {
		struct slot *old_slots = m->slots;
		size_t old_cap = m->cap;

		m->cap *= 2;
		m->slots = lp_xcalloc(m->cap, sizeof(*m->slots));
		for (size_t i = 0; i < old_cap; i++)
			if (old_slots[i].key != NULL)
				*find(m, old_slots[i].key, old_slots[i].n,
				    old_slots[i].hash) = old_slots[i];
		free(old_slots);
	}
	s = find(m, key, n, h);
	if (s->key != NULL) {
		old = s->val;
		s->val = val;
		return old;
	}
	s->key = lp_xstrndup(key, n);
	s->n = n;
	s->hash = h;
	s->val = val;
	m->count++;
	return -1;
}

int
lp_map_get(const struct lp_map *m, const char *key, size_t n)
{
	const struct slot *s = find(m, key, n, seeded_hash(m->seed, key, n));

	return s->key != NULL ? s->val : -1;
}

size_t
lp_map_count(const struct lp_map *m)
{
	return m->count;
}

/* ---- memo ---- */

/* Bytes of full-size memos in the process (every thread's). */
static atomic_size_t memo_bytes;

void
lp_memo_init(struct lp_memo *m, size_t vsize)
{
	assert(vsize <= LP_MEMO_VALUE);
	(void)vsize;
	memset(m, 0, sizeof(*m));
	m->min_hits = 2048;
}

/* 1 << bits empty slots for m, each on a cache line of its own: zeroed
 * by calloc, whose large blocks are fresh pages the kernel zeroes as
 * they are first touched (a memo of a few keys touches a few). */
static void
memo_slots(struct lp_memo *m, unsigned bits)
{
	m->mem = lp_xcalloc(((size_t)LP_MEMO_SLOT << bits) + LP_MEMO_SLOT - 1,
	    1);
	m->slots = (unsigned char *)m->mem + (LP_MEMO_SLOT -
	    (uintptr_t)m->mem % LP_MEMO_SLOT) % LP_MEMO_SLOT;
	m->bits = bits;
}

/* Free the slots and give their bytes back to the budget. */
static void
memo_release(struct lp_memo *m)
{
	if (m->slots != NULL && m->bits >= LP_MEMO_BITS)
		atomic_fetch_sub(&memo_bytes, (size_t)LP_MEMO_SLOT << m->bits);
	free(m->mem);
	m->mem = m->slots = NULL;
}

/* 1 << bits empty slots, when the budget has room for them. */
static bool
memo_alloc(struct lp_memo *m, unsigned bits)
{
	size_t bytes = (size_t)LP_MEMO_SLOT << bits;

	if (atomic_fetch_add(&memo_bytes, bytes) + bytes > LP_MEMO_BUDGET) {
		atomic_fetch_sub(&memo_bytes, bytes);
		return false;
	}
	memo_slots(m, bits);
	return true;
}

void
lp_memo_fini(struct lp_memo *m)
{
	memo_release(m);
}

void *
lp_memo_lookup(struct lp_memo *m, const void *key, size_t n, void **slot)
{
	unsigned char *s;

	*slot = NULL;
	if (m->off || n > LP_MEMO_KEY)
		return NULL;
	/* Full size while the process's memos stay under the budget;
	 * past it, small for good. */
	if (m->slots == NULL && !memo_alloc(m, LP_MEMO_BITS))
		memo_slots(m, LP_MEMO_BITS_SMALL);
	if (++m->lookups == 4096) {
		if (m->hits < m->min_hits) {
			memo_release(m);
			m->off = true;
			return NULL;
		}
		/* Worth keeping but missing more than 1 in 16: more keys
		 * than slots (1,569 titles in 2,048 slots collide), so
		 * four times the slots, once, emptied. */
		if (m->hits < 4096 - 4096 / 16 && m->bits == LP_MEMO_BITS) {
			void *old = m->mem;

			if (memo_alloc(m, LP_MEMO_BITS_BIG)) {
				atomic_fetch_sub(&memo_bytes,
				    (size_t)LP_MEMO_SLOT << LP_MEMO_BITS);
				free(old);
			}
		}
		m->lookups = m->hits = 0;
	}
	/* A collision only costs a miss. */
	s = lp_memo_slot(m, n <= LP_MEMO_SHORT ? lp_memo_hash(key, n) :
	    hash(key, n));
	if (s[0] == n + 1 && memcmp(s + 1, key, n) == 0) {
		m->hits++;
		return s + LP_MEMO_VOFF;
	}
	*slot = s;
	return NULL;
}

void *
lp_memo_put(struct lp_memo *m, void *slot, const void *key, size_t n)
{
	unsigned char *s = slot;

	(void)m;
	s[0] = (unsigned char)(n + 1);
	if (n > 0)
		memcpy(s + 1, key, n);
	return s + LP_MEMO_VOFF;
}

size_t
lp_name_key(const char *name, size_t n, char *out, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c >= 'A' && c <= 'Z')
			out[k++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c >= 0x80)
			out[k++] = (char)c;
	}
	if (cap > 0)
		out[k] = '\0';
	return k;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
lp_str_casecmp(struct lp_str a, struct lp_str b)
{
	size_t n = a.n < b.n ? a.n : b.n;

	for (size_t i = 0; i < n; i++) {
		int d = lower((unsigned char)a.p[i]) - lower((unsigned char)b.p[i]);

		if (d != 0)
			return d;
	}
	return a.n < b.n ? -1 : a.n > b.n;
}

bool
lp_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;

	while (p < e) {
		unsigned c = *p;

		if (c >= 0x01 && c < 0x80) {
			p++;
			continue;
		}
		if (c == 0)
			return false;
		if (c >= 0xC2 && c <= 0xDF) {
			if (e - p < 2 || (p[1] & 0xC0) != 0x80)
				return false;
			p += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (e - p < 3 || (p[1] & 0xC0) != 0x80 ||
			    (p[2] & 0xC0) != 0x80 ||
			    (c == 0xE0 && p[1] < 0xA0) ||
			    (c == 0xED && p[1] >= 0xA0))
				return false;
			p += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (e - p < 4 || (p[1] & 0xC0) != 0x80 ||
			    (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80 ||
			    (c == 0xF0 && p[1] < 0x90) ||
			    (c == 0xF4 && p[1] >= 0x90))
				return false;
			p += 4;
		} else
			return false;
	}
	return true;
}

size_t
lp_edit_distance(const char *a, size_t an, const char *b, size_t bn,
    size_t limit)
{
	size_t rows[3][129], *pp = rows[0], *prev = rows[1], *row = rows[2], *t;

	if (an > 128 || bn > 128 || (an > bn ? an - bn : bn - an) > limit)
		return limit + 1;
	for (size_t j = 0; j <= bn; j++)
		prev[j] = j;
	for (size_t i = 1; i <= an; i++) {
		size_t best = row[0] = i;

		for (size_t j = 1; j <= bn; j++) {
			int ca = lower((unsigned char)a[i - 1]);
			size_t v = prev[j - 1] + (ca != lower((unsigned char)b[j - 1]));

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			/* Two adjacent bytes swapped: the commonest typo. */
			if (i > 1 && j > 1 && ca == lower((unsigned char)b[j - 2]) &&
			    lower((unsigned char)a[i - 2]) ==
			    lower((unsigned char)b[j - 1]) && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > limit)
			return limit + 1;
		t = pp;
		pp = prev;
		prev = row;
		row = t;
	}
	return prev[bn];
}

const char *
lp_suggest(const char *s, const char *const *names)
{
	const char *best = NULL;
	size_t n = strlen(s), bestd, limit = n <= 4 ? 1 : 2;

	bestd = limit + 1;
	for (size_t i = 0; names != NULL && names[i] != NULL; i++) {
		size_t d = lp_edit_distance(s, n, names[i], strlen(names[i]),
		    limit);

		if (d < bestd) {
			best = names[i];
			bestd = d;
		}
	}
	return best;
}

/* The table scripts/embed.c writes after the data. */
struct lp_data_file {
	const char	*name, *p;
	const size_t	*n;
};
extern const struct lp_data_file lp_data_files[];

const char *
lp_data_file(const char *name, size_t *n)
{
	for (const struct lp_data_file *f = lp_data_files; f->name != NULL;
	    f++)
		if (strcmp(f->name, name) == 0) {
			*n = *f->n;
			return f->p;
		}
	return NULL;
}

size_t
lp_display_width(const char *s, size_t n)
{
	size_t w = 0, i = 0;

	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;

		if ((unsigned char)s[i] < 0x80) {
			w += s[i] >= 0x20 && s[i] != 0x7f;
			i++;
			continue;
		}
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			w++;
			i++;
			continue;
		}
		w += (size_t)utf8proc_charwidth(cp);
		i += (size_t)k;
	}
	return w;
}

void
lp_buf_pad(struct lp_buf *b, const char *s, size_t n, size_t width)
{
	size_t w = lp_display_width(s, n);

	lp_buf_add(b, s, n);
	for (; w < width; w++)
		lp_buf_addc(b, ' ');
}
