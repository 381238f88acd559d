/*
 * lp_util -- small building blocks shared by every module: a borrowed
 * string slice, a growable byte buffer, a string-to-int hash map and the
 * field-name key used for alias-aware matching.
 */
#ifndef LP_UTIL_H
#define LP_UTIL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A borrowed byte slice; not NUL-terminated. */
struct lp_str {
	const char	*p;
	size_t		 n;
};

#define LP_STR(s)	((struct lp_str){ (s), sizeof(s) - 1 })

/* A growable byte buffer.  Zero-initialise, or lp_buf_init. */
struct lp_buf {
	char	*p;
	size_t	 n, cap;
};

void	lp_buf_init(struct lp_buf *);
void	lp_buf_fini(struct lp_buf *);
/* Make room for at least extra more bytes. */
void	lp_buf_reserve(struct lp_buf *, size_t extra);
/* Append bytes or one byte (inline: these are on every hot path). */
static inline void
lp_buf_add(struct lp_buf *b, const void *p, size_t n)
{
	if (b->cap - b->n <= n)
		lp_buf_reserve(b, n);
	if (n > 0)
		__builtin_memcpy(b->p + b->n, p, n);
	b->n += n;
}

static inline void
lp_buf_addc(struct lp_buf *b, char c)
{
	if (b->cap - b->n <= 1)
		lp_buf_reserve(b, 1);
	b->p[b->n++] = c;
}
static inline void
lp_buf_adds(struct lp_buf *b, const char *s)
{
	lp_buf_add(b, s, __builtin_strlen(s));
}
void	lp_buf_printf(struct lp_buf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* NUL-terminate without counting the NUL; returns b->p. */
char	*lp_buf_cstr(struct lp_buf *);

/* v in decimal into out (at least 21 bytes), NUL-terminated; returns the
 * length.  For hot paths, where snprintf costs several hundred
 * instructions a number. */
size_t	lp_fmt_int(char *out, long long v);

/*
 * v in plain decimal with at most two decimals, trailing zeros dropped
 * ("15", "2.5", "0.33", "-0" as "0"); from 10^15 on, the shortest form
 * that reads back the same ("1e+80").  out holds LP_NUM_MAX bytes.  Infinity and NaN are
 * written "inf", "-inf", "nan".  Returns the length written, never more
 * than was written (snprintf's would-be length once leaked stack bytes
 * into score_reasons).
 */
#define LP_NUM_MAX	64
size_t	lp_fmt_num(char *out, double v);

/* round-to-nearest v as a long long, saturated at LLONG_MIN/LLONG_MAX
 * (NaN: 0): converting an out-of-range double is undefined, and wrapped
 * a huge score to INT64_MIN.  Inline: three calls a scored record. */
static inline long long
lp_sat_ll(double v)
{
	if (v != v)	/* NaN */
		return 0;
	/* 2^63 is exact as a double; LLONG_MAX is not. */
	if (v >= 9223372036854775808.0)
		return LLONG_MAX;
	if (v < -9223372036854775808.0)
		return LLONG_MIN;
	return (long long)v;
}

/*
 * Ask the kernel (Linux: transparent huge pages, madvise mode) to back
 * the whole 2 MiB pages inside [p, p + n) with huge pages: a big table
 * read at random then costs far fewer TLB misses, which are dear on a
 * virtual machine (lead-check's uniqueness tables: 2.62 -> 1.92 s at 1M
 * rows, same peak RSS; its key arena chunks too).  A hint: nothing
 * happens elsewhere, or when refused.
 */
void	lp_huge_pages(void *p, size_t n);

/*
 * A map from byte strings to ints (open addressing, linear probing; a
 * multiply-xorshift hash with a murmur3 finaliser, seeded per map because
 * keys may be untrusted data).  Keys are copied into the map (lp_keyset,
 * for many keys: one arena, no allocation per key).  lp_map_get returns -1 when the key is absent.
 */
struct lp_map;

struct lp_map	*lp_map_new(void);
void		 lp_map_free(struct lp_map *);
/* Insert or replace; returns the previous value or -1. */
int		 lp_map_put(struct lp_map *, const char *key, size_t n, int val);
int		 lp_map_get(const struct lp_map *, const char *key, size_t n);
size_t		 lp_map_count(const struct lp_map *);

/*
 * A memo: a direct-mapped cache from short byte strings to fixed-size
 * values, for results that repeat with their inputs (a few thousand
 * distinct titles in a million leads).  Keys longer than LP_MEMO_KEY
 * bytes are not remembered; a collision costs a miss, never a wrong
 * answer (the whole key is compared).  A memo that hits under min_hits
 * (by default half) of a run of 4096 lookups switches itself off for
 * good: for inputs that rarely repeat (emails, phone numbers) a lookup
 * and a store cost more than evaluating again.  A caller whose misses
 * cost several evaluations may lower min_hits after lp_memo_init.  The
 * memos of a process share a budget of LP_MEMO_BUDGET bytes: past it a
 * new memo has 64 slots, not 2048 (a playbook of 20,000 regexes, each
 * with a full-size memo, took 3.7 GB).  A memo that stays on but misses
 * more than 1 in 16 of a run grows to 8192 slots, once, budget
 * permitting.  A slot is one cache line: the key's length, the key, and
 * a value of at most LP_MEMO_VALUE bytes (an int, a flag, an index into
 * the caller's table of larger answers).
 */
#define LP_MEMO_KEY	55
#define LP_MEMO_VALUE	8
#define LP_MEMO_BITS	11	/* 2048 slots */
#define LP_MEMO_BITS_SMALL 6	/* 64 slots, past the budget */
#define LP_MEMO_BITS_BIG 13	/* 8192 slots, for a memo that misses */
#define LP_MEMO_BUDGET	(64u << 20)

struct lp_memo {
	unsigned char	*slots;		/* 64-byte aligned, within mem */
	void		*mem;		/* allocated on first use */
	uint32_t	 lookups, hits;
	uint32_t	 min_hits;	/* of 4096 lookups, to stay on */
	unsigned	 bits;		/* 1 << bits slots, once allocated */
	bool		 off;
};

void	lp_memo_init(struct lp_memo *, size_t vsize);
void	lp_memo_fini(struct lp_memo *);
/* lp_memo_get's whole path: allocation, the hit count, long keys. */
void	*lp_memo_lookup(struct lp_memo *, const void *key, size_t n,
	    void **slot);

/* A slot: key length + 1 (0 = empty), the key, then the value at the
 * next 8-byte boundary: 64 bytes. */
#define LP_MEMO_VOFF	((1 + LP_MEMO_KEY + 7) / 8 * 8)
#define LP_MEMO_SLOT	(LP_MEMO_VOFF + LP_MEMO_VALUE)
_Static_assert(LP_MEMO_SLOT == 64, "a memo slot is one cache line");
#define LP_MEMO_SHORT	32	/* keys hashed and compared inline */

static inline uint64_t
lp_memo_word(const unsigned char *p)
{
	uint64_t w;

	__builtin_memcpy(&w, p, 8);
	return w;
}

/*
 * The memo's hash of a key of at most LP_MEMO_SHORT bytes: its first and
 * last 8 (or 16, or 4) bytes, overlapping, with the length, through a
 * multiplication a word; the slot is the top bits.  A collision costs a
 * miss.
 */
static inline uint32_t
lp_memo_hash(const unsigned char *p, size_t n)
{
	uint64_t a = 0, b = 0, h;

	if (n >= 8) {
		a = lp_memo_word(p);
		b = lp_memo_word(p + n - 8);
		if (n > 16) {
			a = (a ^ lp_memo_word(p + 8)) *
			    UINT64_C(0xc4ceb9fe1a85ec53);
			b ^= lp_memo_word(p + n - 16) >> 7 ^
			    lp_memo_word(p + n - 16) << 57;
		}
	} else if (n >= 4) {
		uint32_t x, y;

		__builtin_memcpy(&x, p, 4);
		__builtin_memcpy(&y, p + n - 4, 4);
		a = x;
		b = y;
	} else if (n > 0)
		a = (uint64_t)p[0] | (uint64_t)p[n / 2] << 8 |
		    (uint64_t)p[n - 1] << 16;
	h = (a ^ (uint64_t)n << 56) * UINT64_C(0x9e3779b97f4a7c15);
	h = (h ^ (h >> 29) ^ b) * UINT64_C(0xff51afd7ed558ccd);
	return (uint32_t)(h >> 32);
}

/* Copy n bytes from p to o (no overlap), n < LP_MEMO_KEY: overlapping
 * word moves instead of a memcpy call, for building memo keys. */
static inline void
lp_memo_copy(unsigned char *o, const void *p, size_t n)
{
	const unsigned char *q = p;

	if (n >= 8) {
		for (size_t i = 0; i + 8 < n; i += 8)
			__builtin_memcpy(o + i, q + i, 8);
		__builtin_memcpy(o + n - 8, q + n - 8, 8);
	} else if (n >= 4) {
		__builtin_memcpy(o, q, 4);
		__builtin_memcpy(o + n - 4, q + n - 4, 4);
	} else if (n > 0) {
		o[0] = q[0];
		o[n / 2] = q[n / 2];
		o[n - 1] = q[n - 1];
	}
}

/* Whether the n bytes at a and b are equal, n <= LP_MEMO_SHORT. */
static inline bool
lp_memo_same(const unsigned char *a, const unsigned char *b, size_t n)
{
	if (n >= 8) {
		uint64_t d = (lp_memo_word(a) ^ lp_memo_word(b)) |
		    (lp_memo_word(a + n - 8) ^ lp_memo_word(b + n - 8));

		if (n > 16)
			d |= (lp_memo_word(a + 8) ^ lp_memo_word(b + 8)) |
			    (lp_memo_word(a + n - 16) ^
			    lp_memo_word(b + n - 16));
		return d == 0;
	}
	if (n >= 4) {
		uint32_t p, q, r, s;

		__builtin_memcpy(&p, a, 4);
		__builtin_memcpy(&q, b, 4);
		__builtin_memcpy(&r, a + n - 4, 4);
		__builtin_memcpy(&s, b + n - 4, 4);
		return ((p ^ q) | (r ^ s)) == 0;
	}
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* The slot of hash h: the hash's top bits. */
static inline unsigned char *
lp_memo_slot(const struct lp_memo *m, uint32_t h)
{
	return m->slots + (size_t)(h >> (32 - m->bits)) * LP_MEMO_SLOT;
}

/*
 * The value remembered for key, or NULL.  On NULL, *slot is where
 * lp_memo_put may store the value (NULL when the key is not to be
 * remembered: too long, or the memo is off).  Inline for the common
 * case -- a short key in a memo at work, between two hit counts -- as
 * the scorer looks up about ten memos a record.
 */
static inline void *
lp_memo_get(struct lp_memo *m, const void *key, size_t n, void **slot)
{
	unsigned char *s;

	if (m->slots == NULL || n > LP_MEMO_SHORT || m->lookups >= 4095)
		return lp_memo_lookup(m, key, n, slot);
	m->lookups++;
	s = lp_memo_slot(m, lp_memo_hash(key, n));
	if (s[0] == n + 1 && lp_memo_same(s + 1, key, n)) {
		m->hits++;
		*slot = NULL;
		return s + LP_MEMO_VOFF;
	}
	*slot = s;
	return NULL;
}

/* Start loading key's slot, when the memo is large enough to miss the
 * cache: for a lookup a little later. */
static inline void
lp_memo_prefetch(const struct lp_memo *m, const void *key, size_t n)
{
	const unsigned char *s;

	if (m->bits <= LP_MEMO_BITS || m->slots == NULL || n > LP_MEMO_SHORT)
		return;
	s = lp_memo_slot(m, lp_memo_hash(key, n));
	__builtin_prefetch(s);
}

/* Store key in slot (from lp_memo_get); returns its value, to fill. */
void	*lp_memo_put(struct lp_memo *, void *slot, const void *key, size_t n);

/*
 * The matching key of a field name: ASCII letters lower-cased, digits and
 * non-ASCII bytes kept, everything else dropped ("E-mail Address" ->
 * "emailaddress").  Writes at most cap-1 bytes plus NUL into out; returns
 * the key length.
 */
size_t	lp_name_key(const char *name, size_t n, char *out, size_t cap);

/* Case-insensitive ASCII comparison of two slices; 0 when equal. */
int	lp_str_casecmp(struct lp_str, struct lp_str);
/* The slice without leading and trailing ASCII white space (inline: the
 * expression engine trims every field it reads). */
static inline bool
lp_is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\f' || c == '\v';
}

static inline struct lp_str
lp_str_trim(struct lp_str s)
{
	while (s.n > 0 && lp_is_ascii_space(s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && lp_is_ascii_space(s.p[s.n - 1]))
		s.n--;
	return s;
}
/*
 * Optimal string alignment distance (Levenshtein plus a swap of two
 * adjacent bytes), ASCII case-insensitive; limit + 1 as soon as it must
 * exceed limit, or when a string is longer than 128 bytes.
 */
size_t	lp_edit_distance(const char *a, size_t an, const char *b, size_t bn,
	    size_t limit);
/* The name in names (NULL-terminated) nearest to s, within 1 edit for
 * names of 4 bytes or fewer, else 2: for "did you mean".  NULL if none. */
const char *lp_suggest(const char *s, const char *const *names);

/*
 * A data file compiled into the library (lib/data/NAME): its bytes
 * (static, NUL-terminated) and *n its length, or NULL when there is no
 * such file.  The playbook reads them as file(leadpipe:NAME).
 */
const char *lp_data_file(const char *name, size_t *n);

/*
 * The columns a terminal gives UTF-8 text (utf8proc_charwidth: 2 for
 * East Asian wide characters, 0 for combining marks; an invalid byte
 * counts 1), so text tables line up whatever the names are.
 */
size_t	lp_display_width(const char *s, size_t n);
/* Append s, then spaces up to width display columns. */
void	lp_buf_pad(struct lp_buf *, const char *s, size_t n, size_t width);

/* True when s is valid UTF-8 (no overlongs, surrogates or NUL). */
bool	lp_utf8_valid(const char *s, size_t n);

#endif
