/*
 * test_util -- lp_memo: what is remembered comes back exactly, a
 * different key never returns another key's value, long keys are not
 * remembered, and a memo that rarely hits switches itself off (below
 * its min_hits); the
 * huge-page hint changes no byte; lp_fmt_int writes numbers as printf
 * does.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_util.h"
#include "unit.h"

static void
remember(void)
{
	struct lp_memo m;
	void *slot;
	int *v;
	char key[LP_MEMO_KEY + 1];

	lp_memo_init(&m, sizeof(int));
	CHECK(lp_memo_get(&m, "VP Sales", 8, &slot) == NULL);
	CHECK(slot != NULL);
	*(int *)lp_memo_put(&m, slot, "VP Sales", 8) = 15;
	v = lp_memo_get(&m, "VP Sales", 8, &slot);
	CHECK(v != NULL && *v == 15);
	/* A prefix, a longer key and another case are other keys. */
	CHECK(lp_memo_get(&m, "VP Sale", 7, &slot) == NULL);
	CHECK(lp_memo_get(&m, "VP Sales ", 9, &slot) == NULL);
	CHECK(lp_memo_get(&m, "vp sales", 8, &slot) == NULL);
	/* The empty key is a key like any other. */
	CHECK(lp_memo_get(&m, "", 0, &slot) == NULL);
	*(int *)lp_memo_put(&m, slot, "", 0) = 7;
	v = lp_memo_get(&m, "", 0, &slot);
	CHECK(v != NULL && *v == 7);
	/* LP_MEMO_KEY bytes are remembered, one more is not. */
	memset(key, 'x', sizeof(key));
	CHECK(lp_memo_get(&m, key, LP_MEMO_KEY, &slot) == NULL);
	CHECK(slot != NULL);
	*(int *)lp_memo_put(&m, slot, key, LP_MEMO_KEY) = 62;
	v = lp_memo_get(&m, key, LP_MEMO_KEY, &slot);
	CHECK(v != NULL && *v == 62);
	CHECK(lp_memo_get(&m, key, LP_MEMO_KEY + 1, &slot) == NULL);
	CHECK(slot == NULL);
	lp_memo_fini(&m);
}

/* Every key stored, then every key asked (3000 lookups, before the memo
 * judges its hit rate): each answer is its own value
 * or a miss (a collision evicted it), never another key's. */
static void
collisions(void)
{
	struct lp_memo m;
	void *slot;
	char key[32];
	int wrong = 0, hits = 0;

	lp_memo_init(&m, sizeof(int));
	for (int i = 0; i < 1500; i++) {
		int n = snprintf(key, sizeof(key), "title %d", i);

		if (lp_memo_get(&m, key, (size_t)n, &slot) == NULL &&
		    slot != NULL)
			*(int *)lp_memo_put(&m, slot, key, (size_t)n) = i;
	}
	for (int i = 0; i < 1500; i++) {
		int n = snprintf(key, sizeof(key), "title %d", i);
		int *v = lp_memo_get(&m, key, (size_t)n, &slot);

		if (v != NULL && *v != i)
			wrong++;
		hits += v != NULL;
	}
	CHECK_INT(wrong, 0);
	CHECK(hits > 900);	/* 1500 keys in 2048 slots: ~70% stay */
	lp_memo_fini(&m);
}

/*
 * Keys of every length up to LP_MEMO_KEY that differ in one byte only,
 * wherever it is (the inline comparison reads words from both ends):
 * never each other's value.
 */
static void
one_byte_apart(void)
{
	unsigned char a[LP_MEMO_KEY], b[LP_MEMO_KEY];
	int wrong = 0;

	memset(a, 'k', sizeof(a));
	/* The comparison itself, which a different hash may hide. */
	for (size_t n = 0; n <= LP_MEMO_SHORT; n++) {
		memcpy(b, a, n);
		wrong += !lp_memo_same(a, b, n);
		wrong += lp_memo_hash(a, n) != lp_memo_hash(b, n);
		for (size_t at = 0; at < n; at++) {
			b[at] = 'K';
			wrong += lp_memo_same(a, b, n);
			b[at] = 'k';
		}
	}
	for (size_t n = 1; n <= LP_MEMO_KEY; n++)
		for (size_t at = 0; at < n; at++) {
			struct lp_memo m;
			void *slot;
			int *v;

			lp_memo_init(&m, sizeof(int));
			memcpy(b, a, n);
			b[at] = 'K';
			if (lp_memo_get(&m, a, n, &slot) == NULL)
				*(int *)lp_memo_put(&m, slot, a, n) = 1;
			if (lp_memo_get(&m, b, n, &slot) == NULL)
				*(int *)lp_memo_put(&m, slot, b, n) = 2;
			v = lp_memo_get(&m, b, n, &slot);
			wrong += v == NULL || *v != 2;	/* just stored */
			v = lp_memo_get(&m, a, n, &slot);
			wrong += v != NULL && *v != 1;
			lp_memo_fini(&m);
		}
	CHECK_INT(wrong, 0);
}

/* lp_memo_copy copies every length a key part can have, each byte from
 * where it was, and writes nothing past it. */
static void
memo_copy(void)
{
	unsigned char src[LP_MEMO_KEY], dst[LP_MEMO_KEY + 8];
	int wrong = 0;

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (size_t n = 0; n < LP_MEMO_KEY; n++) {
		memset(dst, 0xee, sizeof(dst));
		lp_memo_copy(dst, src, n);
		wrong += memcmp(dst, src, n) != 0;
		for (size_t i = n; i < sizeof(dst); i++)
			wrong += dst[i] != 0xee;
	}
	CHECK_INT(wrong, 0);
}

/* Unique keys: after 4096 lookups with under 2048 hits, the memo stops
 * remembering (and looking). */
static void
switches_off(void)
{
	struct lp_memo m;
	void *slot;
	char key[32];

	lp_memo_init(&m, sizeof(int));
	for (int i = 0; i < 4095; i++) {
		int n = snprintf(key, sizeof(key), "lead%d@example.com", i);

		if (lp_memo_get(&m, key, (size_t)n, &slot) == NULL &&
		    slot != NULL)
			*(int *)lp_memo_put(&m, slot, key, (size_t)n) = i;
	}
	CHECK(!m.off);
	CHECK(lp_memo_get(&m, "x", 1, &slot) == NULL);
	CHECK(m.off);
	CHECK(slot == NULL);
	CHECK(lp_memo_get(&m, "lead1@example.com", 17, &slot) == NULL);
	CHECK(slot == NULL);
	lp_memo_fini(&m);
}

/*
 * 1500 keys asked in turn: in 2048 slots about a quarter collide, so the
 * first run of 4096 lookups misses more than 1 in 16 (but hits over
 * min_hits, lowered as lp_score's groups lower it) and the memo grows
 * to 8192 slots, where (after one round to fill them again) most hit.
 * A memo that hits 15 in 16 or more keeps its size.
 */
static void
grows(void)
{
	struct lp_memo m;
	void *slot;
	char key[32];
	int hits = 0, wrong = 0;

	lp_memo_init(&m, sizeof(int));
	m.min_hits = 1024;	/* the first run's 1500 new keys */
	for (int i = 0; i < 6 * 1500; i++) {
		int k = i % 1500, n = snprintf(key, sizeof(key), "title %d", k);
		int *v = lp_memo_get(&m, key, (size_t)n, &slot);

		if (v == NULL && slot != NULL)
			*(int *)lp_memo_put(&m, slot, key, (size_t)n) = k;
		else if (v != NULL)
			wrong += *v != k;
		if (i >= 5 * 1500)
			hits += v != NULL;
	}
	CHECK_INT(wrong, 0);
	CHECK(!m.off);
	CHECK_INT((int)m.bits, LP_MEMO_BITS_BIG);
	/* The last round: keys alone in their slot hit, about 1250 of
	 * 1500 in 8192 slots (about 720 in 2048). */
	CHECK(hits >= 1100);
	lp_memo_fini(&m);

	lp_memo_init(&m, sizeof(int));
	for (int i = 0; i < 3 * 4096; i++) {
		int k = i % 20, n = snprintf(key, sizeof(key), "title %d", k);

		if (lp_memo_get(&m, key, (size_t)n, &slot) == NULL &&
		    slot != NULL)
			*(int *)lp_memo_put(&m, slot, key, (size_t)n) = k;
	}
	CHECK_INT((int)m.bits, LP_MEMO_BITS);
	lp_memo_fini(&m);
}

/*
 * 40% hits: under the default half the memo switches itself off after
 * 4096 lookups; with min_hits lowered to a quarter (lp_score's groups of
 * two rules or more) it stays on and keeps answering.
 */
static int
hits_of(uint32_t min_hits, bool *off)
{
	struct lp_memo m;
	void *slot;
	char key[32];
	int hits = 0;

	lp_memo_init(&m, sizeof(int));
	if (min_hits > 0)
		m.min_hits = min_hits;
	for (int i = 0; i < 3 * 4096; i++) {
		/* 4 of 10 lookups ask "repeat", the rest a new key */
		int n = i % 10 < 4 ? snprintf(key, sizeof(key), "repeat") :
		    snprintf(key, sizeof(key), "lead%d@example.com", i);

		if (lp_memo_get(&m, key, (size_t)n, &slot) != NULL)
			hits++;
		else if (slot != NULL)
			*(int *)lp_memo_put(&m, slot, key, (size_t)n) = i;
	}
	*off = m.off;
	lp_memo_fini(&m);
	return hits;
}

static void
min_hits(void)
{
	bool off;

	/* Hits only in the first 4096 lookups (at most 1639: the first
	 * "repeat" misses; a new key evicting it costs one more). */
	CHECK(hits_of(0, &off) <= 1639);
	CHECK(off);
	/* 4914 "repeat" lookups after the first, all but a few hits. */
	CHECK(hits_of(1024, &off) >= 4900);
	CHECK(!off);
}

/* lp_huge_pages is a hint: whatever the block's size and alignment, it
 * leaves the bytes as they were. */
static void
hint_keeps_bytes(void (*hint)(void *, size_t))
{
	size_t sizes[] = { 0, 1, 4096, (size_t)2 << 20, ((size_t)5 << 20) + 3 };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(*sizes); k++) {
		size_t n = sizes[k];
		unsigned char *p = malloc(n + 1);
		size_t bad = 0;

		CHECK(p != NULL);
		for (size_t i = 0; i < n; i++)
			p[i] = (unsigned char)(i * 7 + 1);
		hint(p, n);
		hint(p + 1, n > 0 ? n - 1 : 0);
		for (size_t i = 0; i < n; i++)
			bad += p[i] != (unsigned char)(i * 7 + 1);
		CHECK(bad == 0);
		free(p);
	}
}

/* lp_fmt_int writes what printf's %lld writes. */
static void
fmt_int_like_printf(void)
{
	const long long v[] = { 0, 7, -7, 10, 99, -100, 1234567890123LL,
	    LLONG_MAX, LLONG_MIN };
	char a[24], b[24];
	int bad = 0;

	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++) {
		size_t n = lp_fmt_int(a, v[i]);

		snprintf(b, sizeof(b), "%lld", v[i]);
		CHECK_STR(a, b);
		CHECK(n == strlen(b));
	}
	/* Around the two-digit fast path: every value, both signs. */
	for (long long x = -150; x <= 150; x++) {
		size_t n = lp_fmt_int(a, x);

		snprintf(b, sizeof(b), "%lld", x);
		bad += strcmp(a, b) != 0 || n != strlen(b);
	}
	CHECK_INT(bad, 0);
}

/* The memos of a process share a budget: past it they are small, and
 * freeing them gives it back. */
static void
memo_budget(void)
{
	enum { N = 2000 };
	static struct lp_memo m[N];
	void *slot;
	int full = 0, small = 0;

	for (int i = 0; i < N; i++) {
		lp_memo_init(&m[i], sizeof(int));
		lp_memo_get(&m[i], "x", 1, &slot);
		full += m[i].bits == LP_MEMO_BITS;
		small += m[i].bits == LP_MEMO_BITS_SMALL;
	}
	CHECK(full > 0 && full * ((size_t)LP_MEMO_SLOT << LP_MEMO_BITS) <=
	    LP_MEMO_BUDGET);
	CHECK_INT(full + small, N);
	CHECK(small > 0);
	for (int i = 0; i < N; i++)
		lp_memo_fini(&m[i]);
	lp_memo_init(&m[0], sizeof(int));
	lp_memo_get(&m[0], "x", 1, &slot);
	CHECK_INT(m[0].bits, LP_MEMO_BITS);
	lp_memo_fini(&m[0]);
}

/* lp_fmt_num at every magnitude: what it returns is what it wrote. */
static void
fmt_num_any_magnitude(void)
{
	static const struct {
		double		 v;
		const char	*want;
	} t[] = {
		{ 0, "0" }, { -0.001, "0" }, { 15, "15" }, { 2.5, "2.5" },
		{ 1.0 / 3, "0.33" }, { -2.555, "-2.56" }, { 123456.78, "123456.78" },
		{ 999999999999999, "999999999999999" }, { 1e15, "1e+15" },
		{ 1e80, "1e+80" }, { -1.5e300, "-1.5e+300" },
		{ 1.7976931348623157e308, "1.7976931348623157e+308" },
		{ INFINITY, "inf" }, { -INFINITY, "-inf" }, { NAN, "nan" },
	};
	char out[LP_NUM_MAX];

	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		memset(out, 'x', sizeof(out));
		size_t n = lp_fmt_num(out, t[i].v);

		CHECK_STR(out, t[i].want);
		CHECK(n == strlen(t[i].want));
	}
}

/* lp_sat_ll saturates instead of wrapping (undefined behaviour). */
static void
sat_ll(void)
{
	CHECK(lp_sat_ll(1e300) == LLONG_MAX);
	CHECK(lp_sat_ll(-1e300) == LLONG_MIN);
	CHECK(lp_sat_ll(9223372036854775808.0) == LLONG_MAX);
	CHECK(lp_sat_ll(-9223372036854775808.0) == LLONG_MIN);
	CHECK(lp_sat_ll(NAN) == 0);
	CHECK(lp_sat_ll(INFINITY) == LLONG_MAX);
	CHECK(lp_sat_ll(-42) == -42);
}

int
main(void)
{
	remember();
	collisions();
	one_byte_apart();
	memo_copy();
	switches_off();
	grows();
	min_hits();
	hint_keeps_bytes(lp_huge_pages);
	fmt_int_like_printf();
	fmt_num_any_magnitude();
	memo_budget();
	sat_ll();
	return UNIT_DONE("test_util");
}
