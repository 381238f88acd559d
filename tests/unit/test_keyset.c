/*
 * test_keyset -- the public keyset (core/lp_keyset.h): first value and
 * extra text back for a key seen before, growth past the first table,
 * per-set seeds, and the arena's handles.
 */
#include <stdio.h>
#include <string.h>

#include "lp_keyset.h"
#include "unit.h"

static bool
add(struct lp_keyset *ks, const char *k, int64_t val, const char *extra,
    int64_t *first, struct lp_str *fx)
{
	return lp_keyset_add(ks, k, strlen(k), lp_keyset_hash(ks, k,
	    strlen(k)), val, (struct lp_str){ extra, strlen(extra) }, first,
	    fx);
}

int
main(void)
{
	struct lp_keyset *a = lp_keyset_new(), *b = lp_keyset_new();
	struct lp_arena ar = { 0 };
	struct lp_str fx;
	int64_t first = 0;
	char k[32], big[2000];
	uint64_t off[3];
	int diff = 0, fresh = 0;

	CHECK(!add(a, "ann@x.com", 7, "crm:1", &first, &fx));
	CHECK(!add(a, "", 8, "", &first, &fx));
	CHECK(add(a, "ann@x.com", 9, "crm:2", &first, &fx));
	CHECK_INT(first, 7);
	CHECK_MEM(fx.p, fx.n, "crm:1");
	CHECK(add(a, "", 10, "x", &first, &fx));
	CHECK_INT(first, 8);
	CHECK_INT(fx.n, 0);
	CHECK(!add(a, "ann@x.co", 11, "", &first, &fx));
	/* Extra text is kept up to 1024 bytes. */
	memset(big, 'e', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(!add(a, "long", 12, big, &first, &fx));
	CHECK(add(a, "long", 13, "", &first, &fx));
	CHECK_INT(fx.n, 1024);
	/* 100,000 keys: growth keeps every one findable. */
	for (int i = 0; i < 100000; i++) {
		snprintf(k, sizeof(k), "k%d", i);
		fresh += !add(b, k, i, "", &first, &fx);
	}
	CHECK_INT(fresh, 100000);
	for (int i = 0; i < 100000; i += 997) {
		snprintf(k, sizeof(k), "k%d", i);
		CHECK(add(b, k, -1, "", &first, &fx));
		CHECK_INT(first, i);
	}
	CHECK_INT(lp_keyset_count(b), 100000);
	CHECK_INT(lp_keyset_count(a), 4);
	/* Two sets hash alike only by chance: each has its own seed. */
	for (int i = 0; i < 8; i++) {
		snprintf(k, sizeof(k), "k%d", i);
		diff += lp_keyset_hash(a, k, strlen(k)) !=
		    lp_keyset_hash(b, k, strlen(k));
		CHECK(lp_keyset_hash(a, k, strlen(k)) != 0);
	}
	CHECK_INT(diff, 8);
	/* Arena: handles stay valid as chunks are added. */
	memcpy(lp_arena_alloc(&ar, 6, &off[0]), "first", 6);
	lp_arena_alloc(&ar, 3 << 20, &off[1]);
	memcpy(lp_arena_alloc(&ar, 5, &off[2]), "last", 5);
	CHECK_STR((char *)lp_arena_at(&ar, off[0]), "first");
	CHECK_STR((char *)lp_arena_at(&ar, off[2]), "last");
	CHECK(off[1] >> 32 != off[0] >> 32);
	lp_arena_fini(&ar);
	lp_keyset_free(a);
	lp_keyset_free(b);
	lp_keyset_free(NULL);
	return UNIT_DONE("test_keyset");
}
