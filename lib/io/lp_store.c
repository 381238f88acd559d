/*
 * lp_store -- rows of values in one arena (lp_store.h).
 *
 * Row r's fields are data[base[r] + offs[r][i] .. base[r] + offs[r][i+1]):
 * a row's bytes are consecutive, so 32-bit offsets suffice (a record is
 * far below 4 GB: --limit record) and the arena itself may grow past
 * 4 GB.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lp_store.h"

struct lp_store {
	int		 width;
	struct lp_buf	 data;
	uint64_t	*base;
	uint32_t	*offs;		/* (width + 1) per row */
	struct lp_pos	*pos;
	long		 n, cap;
	int		 next;		/* fields of the last row added */
};

struct lp_store *
lp_store_new(int width)
{
	struct lp_store *s = lp_xcalloc(1, sizeof(*s));

	s->width = width;
	lp_buf_init(&s->data);
	return s;
}

void
lp_store_free(struct lp_store *s)
{
	if (s == NULL)
		return;
	lp_buf_fini(&s->data);
	free(s->base);
	free(s->offs);
	free(s->pos);
	free(s);
}

/* Empty fields for those of the last row not added. */
static void
row_end(struct lp_store *s)
{
	uint32_t *o;

	if (s->n == 0)
		return;
	o = s->offs + (size_t)(s->n - 1) * (size_t)(s->width + 1);
	for (; s->next < s->width; s->next++)
		o[s->next + 1] = o[s->next];
}

long
lp_store_begin(struct lp_store *s, const struct lp_pos *pos)
{
	size_t w = (size_t)s->width + 1;

	row_end(s);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->base = lp_xreallocarray(s->base, (size_t)s->cap,
		    sizeof(*s->base));
		s->offs = lp_xreallocarray(s->offs, (size_t)s->cap * w,
		    sizeof(*s->offs));
		s->pos = lp_xreallocarray(s->pos, (size_t)s->cap,
		    sizeof(*s->pos));
	}
	s->base[s->n] = s->data.n;
	s->offs[(size_t)s->n * w] = 0;
	s->pos[s->n] = *pos;
	s->next = 0;
	return s->n++;
}

void
lp_store_field(struct lp_store *s, const char *p, size_t n)
{
	struct lp_buf *b = &s->data;
	uint32_t *o;

	if (s->n == 0 || s->next >= s->width)
		return;
	o = s->offs + (size_t)(s->n - 1) * (size_t)(s->width + 1);
	/* b->p is NULL until the first value: NULL + 0 is undefined. */
	if (n > 0 && b->p != NULL && p >= b->p && p < b->p + b->n) {
		/* Copying from the arena itself: it may move. */
		size_t off = (size_t)(p - b->p);

		lp_buf_reserve(b, n);
		p = b->p + off;
	}
	lp_buf_add(b, p, n);
	o[s->next + 1] = (uint32_t)(b->n - s->base[s->n - 1]);
	s->next++;
}

long
lp_store_add(struct lp_store *s, const struct lp_record *rec,
    const int *map, int ncols)
{
	long r = lp_store_begin(s, lp_record_pos(rec));

	for (int i = 0; i < ncols; i++) {
		int c = map != NULL ? map[i] : i;
		struct lp_str v = c >= 0 ? lp_record_get(rec, c) :
		    (struct lp_str){ "", 0 };

		lp_store_field(s, v.p, v.n);
	}
	return r;
}

long
lp_store_count(const struct lp_store *s)
{
	return s != NULL ? s->n : 0;
}

struct lp_str
lp_store_get(const struct lp_store *s, long r, int i)
{
	const uint32_t *o;

	/* The last row's fields not added yet are empty. */
	if (s == NULL || r < 0 || r >= s->n || i < 0 || i >= s->width ||
	    (r == s->n - 1 && i >= s->next))
		return (struct lp_str){ "", 0 };
	o = s->offs + (size_t)r * (size_t)(s->width + 1);
	if (o[i + 1] == o[i])
		return (struct lp_str){ "", 0 };
	return (struct lp_str){ s->data.p + s->base[r] + o[i],
	    o[i + 1] - o[i] };
}

const struct lp_pos *
lp_store_pos(const struct lp_store *s, long r)
{
	return &s->pos[r];
}

size_t
lp_store_bytes(const struct lp_store *s)
{
	return s->data.cap + (size_t)s->cap * (sizeof(*s->base) +
	    sizeof(*s->pos) + ((size_t)s->width + 1) * sizeof(*s->offs));
}
