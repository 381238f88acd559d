/*
 * lp_keyset -- a set of byte-string keys built for untrusted data (emails,
 * ids, company names from someone else's export): a seeded hash, so
 * crafted input cannot aim at collisions, and keys packed one after
 * another in an arena, so no allocation per key.  Each key carries an
 * int64 value given when it was added (lead-check: where it was first
 * seen) and optionally a few bytes of extra text (its _source).
 *
 * The arena is public too: chunks that never move, for anything that
 * must keep many small strings for the whole run.
 */
#ifndef LP_KEYSET_H
#define LP_KEYSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lp_util.h"

/*
 * An arena: chunks of 64 KiB, each twice the last up to 2 MiB, those of
 * 2 MiB aligned and backed by huge pages (lp_huge_pages).  A place in it
 * is a handle, chunk << 32 | offset.  Zero-initialise; lp_arena_fini
 * frees every chunk.
 */
struct lp_arena {
	char		**chunks;
	size_t		  nchunks, csize, cused;	/* the last one's size, use */
};

/* need bytes (at most 4 GiB), uninitialised, valid until lp_arena_fini;
 * *off (if not NULL) gets its handle.  Exits on out of memory. */
void	*lp_arena_alloc(struct lp_arena *, size_t need, uint64_t *off);
/* The bytes at handle off. */
void	*lp_arena_at(const struct lp_arena *, uint64_t off);
void	 lp_arena_fini(struct lp_arena *);

struct lp_keyset;

/* A new empty set with its own random seed; lp_keyset_free (NULL-safe). */
struct lp_keyset *lp_keyset_new(void);
void	lp_keyset_free(struct lp_keyset *);

/*
 * The set's hash of a key (never 0), and its slot prefetched: hash a
 * record's key early and the cache miss overlaps other work before
 * lp_keyset_add.
 */
uint64_t lp_keyset_hash(const struct lp_keyset *, const char *key, size_t n);

/*
 * Find key (hashed by lp_keyset_hash as h).  Present: return true with
 * *first set to the value it was added with and *firstextra (if not
 * NULL) to its extra text, borrowed from the set.  Absent: add it with
 * val and a copy of extra (at most 1024 bytes of it kept) and return
 * false.
 */
bool	lp_keyset_add(struct lp_keyset *, const char *key, size_t n,
	    uint64_t h, int64_t val, struct lp_str extra, int64_t *first,
	    struct lp_str *firstextra);

/* How many distinct keys. */
size_t	lp_keyset_count(const struct lp_keyset *);

#endif
