/*
 * lp_keyset -- open addressing over 64-bit seeded hashes; each slot holds
 * the hash and the arena handle of [uint32 len][int64 val][key][extra]
 * (len's top bit: an extra follows, as [uint16 n][bytes]).  32 to 64
 * bytes of slots plus 12 plus the key per distinct key.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lp_err.h"
#include "lp_keyset.h"

#define ARENA_FIRST	((size_t)64 << 10)
#define ARENA_HUGE	((size_t)2 << 20)
#define HAS_EXTRA	UINT32_C(0x80000000)
#define EXTRA_MAX	1024

void *
lp_arena_alloc(struct lp_arena *a, size_t need, uint64_t *off)
{
	char *p;

	/*
	 * A key seen before (a duplicate email) is read back from anywhere
	 * in the arena; with 4 KiB pages that read was a TLB miss on top of
	 * the cache miss, hence huge chunks that never move.
	 */
	if (a->nchunks == 0 || a->csize - a->cused < need) {
		size_t sz = a->nchunks == 0 ? ARENA_FIRST : a->csize * 2;
		void *c = NULL;

		if (sz > ARENA_HUGE)
			sz = ARENA_HUGE;
		if (sz < need)
			sz = need;
		if (sz == ARENA_HUGE && posix_memalign(&c, ARENA_HUGE, sz) == 0)
			lp_huge_pages(c, sz);
		else
			c = lp_xmalloc(sz);
		a->chunks = lp_xrealloc(a->chunks, (a->nchunks + 1) *
		    sizeof(*a->chunks));
		a->chunks[a->nchunks++] = c;
		a->csize = sz;
		a->cused = 0;
	}
	if (off != NULL)
		*off = (uint64_t)(a->nchunks - 1) << 32 | a->cused;
	p = a->chunks[a->nchunks - 1] + a->cused;
	a->cused += need;
	return p;
}

void *
lp_arena_at(const struct lp_arena *a, uint64_t off)
{
	return a->chunks[off >> 32] + (uint32_t)off;
}

void
lp_arena_fini(struct lp_arena *a)
{
	for (size_t i = 0; i < a->nchunks; i++)
		free(a->chunks[i]);
	free(a->chunks);
	memset(a, 0, sizeof(*a));
}

/* lp_arena_alloc's common case inline: room in the last chunk. */
static inline void *
arena_take(struct lp_arena *a, size_t need, uint64_t *off)
{
	char *p;

	if (a->nchunks == 0 || a->csize - a->cused < need)
		return lp_arena_alloc(a, need, off);
	*off = (uint64_t)(a->nchunks - 1) << 32 | a->cused;
	p = a->chunks[a->nchunks - 1] + a->cused;
	a->cused += need;
	return p;
}

struct slot {
	uint64_t	h;		/* 0: empty */
	uint64_t	off;		/* arena handle */
};

struct lp_keyset {
	struct slot	*slots;
	size_t		 cap, n;	/* cap a power of 2 */
	struct lp_arena	 arena;
	uint64_t	 seed;
};

struct lp_keyset *
lp_keyset_new(void)
{
	struct lp_keyset *u = lp_xcalloc(1, sizeof(*u));

	u->cap = 1024;
	u->slots = lp_xcalloc(u->cap, sizeof(*u->slots));
	u->seed = (uint64_t)(uintptr_t)u * 0x9E3779B97F4A7C15u ^
	    (uint64_t)time(NULL);
	return u;
}

void
lp_keyset_free(struct lp_keyset *u)
{
	if (u == NULL)
		return;
	free(u->slots);
	lp_arena_fini(&u->arena);
	free(u);
}

size_t
lp_keyset_count(const struct lp_keyset *u)
{
	return u->n;
}

static uint64_t
mix(uint64_t h)
{
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 29;
	return h;
}

uint64_t
lp_keyset_hash(const struct lp_keyset *u, const char *p, size_t n)
{
	uint64_t h = u->seed ^ (n * 0x9E3779B97F4A7C15u), v;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&v, p, 8);
		h = mix(h ^ v) * 0x94d049bb133111ebu;
	}
	v = 0;
	memcpy(&v, p, n);
	h = mix(mix(h ^ v) * 0x94d049bb133111ebu);
	if (h == 0)
		h = 1;
	__builtin_prefetch(&u->slots[h & (u->cap - 1)]);
	return h;
}

static void
grow(struct lp_keyset *u)
{
	struct slot *old = u->slots;
	size_t oc = u->cap, mask, i;

	u->cap *= 2;
	mask = u->cap - 1;
	u->slots = lp_xcalloc(u->cap, sizeof(*u->slots));
	lp_huge_pages(u->slots, u->cap * sizeof(*u->slots));
	for (size_t j = 0; j < oc; j++) {
		if (old[j].h == 0)
			continue;
		for (i = (size_t)old[j].h & mask; u->slots[i].h != 0;
		    i = (i + 1) & mask)
			;
		u->slots[i] = old[j];
	}
	free(old);
}

bool
lp_keyset_add(struct lp_keyset *u, const char *key, size_t n, uint64_t h,
    int64_t val, struct lp_str extra, int64_t *first,
    struct lp_str *firstextra)
{
	size_t mask = u->cap - 1, i = (size_t)h & mask;
	uint32_t len = (uint32_t)n;
	char *e;

	for (;; i = (i + 1) & mask) {
		struct slot *s = &u->slots[i];
		uint32_t kn;
		const char *k;

		if (s->h == 0)
			break;
		if (s->h != h)
			continue;
		k = lp_arena_at(&u->arena, s->off);
		memcpy(&kn, k, sizeof(kn));
		if ((kn & ~HAS_EXTRA) == n &&
		    memcmp(k + sizeof(kn) + sizeof(val), key, n) == 0) {
			uint16_t sn = 0;

			memcpy(first, k + sizeof(kn), sizeof(*first));
			k += sizeof(kn) + sizeof(val) + n;
			if (kn & HAS_EXTRA)
				memcpy(&sn, k, sizeof(sn));
			if (firstextra != NULL)
				*firstextra = (struct lp_str){ k + sizeof(sn),
				    sn };
			return true;
		}
	}
	u->slots[i].h = h;
	if (extra.n > EXTRA_MAX)
		extra.n = EXTRA_MAX;
	if (extra.n > 0)
		len |= HAS_EXTRA;
	e = arena_take(&u->arena, sizeof(len) + sizeof(val) + n +
	    (extra.n > 0 ? sizeof(uint16_t) + extra.n : 0), &u->slots[i].off);
	memcpy(e, &len, sizeof(len));
	memcpy(e + sizeof(len), &val, sizeof(val));
	memcpy(e + sizeof(len) + sizeof(val), key, n);
	if (extra.n > 0) {
		uint16_t sn = (uint16_t)extra.n;

		e += sizeof(len) + sizeof(val) + n;
		memcpy(e, &sn, sizeof(sn));
		memcpy(e + sizeof(sn), extra.p, extra.n);
	}
	if (++u->n * 2 > u->cap)
		grow(u);
	return false;
}
