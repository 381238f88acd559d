/*
 * lp_store -- a record store for programs that must hold their input
 * (lead-dedupe, lead-fit): each row's values copied into one arena,
 * indexed by row number (0.. in the order added), with the record's
 * source position.  Per row: one 64-bit base, 32-bit offsets (one per
 * field and one more) and its lp_pos; the values themselves.
 *
 * A row has the store's width in fields: a record's columns (through a
 * column map, or as they are) and any fields the program derives from
 * them (lead-dedupe's normalised matching keys), added in order with
 * lp_store_field.  Fields not added are empty.  The store is read-only
 * once filled: threads may read it together.
 */
#ifndef LP_STORE_H
#define LP_STORE_H

#include "lp_stream.h"
#include "lp_util.h"

struct lp_store;

/* A store of rows of width fields.  Never NULL (lp_xmalloc). */
struct lp_store *lp_store_new(int width);
void	lp_store_free(struct lp_store *);	/* NULL-safe */

/*
 * Start a row at pos (pos->file is borrowed: the stream's input names
 * live as long as the stream); its fields follow with lp_store_field.
 * Returns the row number.
 */
long	lp_store_begin(struct lp_store *, const struct lp_pos *pos);
/* The row's next field: a copy of p[0..n) (p may point into the store). */
void	lp_store_field(struct lp_store *, const char *p, size_t n);
/*
 * A row from rec: field i is rec's column map[i] (map NULL: column i;
 * -1: empty) for i < ncols; more fields may follow (lp_store_field).
 * Returns the row number.
 */
long	lp_store_add(struct lp_store *, const struct lp_record *rec,
	    const int *map, int ncols);

/* Rows so far. */
long	lp_store_count(const struct lp_store *);
/* Field i of row r ({"", 0} when empty or out of range); borrowed while
 * no row is added. */
struct lp_str lp_store_get(const struct lp_store *, long r, int i);
/* Where row r came from. */
const struct lp_pos *lp_store_pos(const struct lp_store *, long r);
/* Bytes held (the values and the index): for -v and man pages. */
size_t	lp_store_bytes(const struct lp_store *);

#endif
