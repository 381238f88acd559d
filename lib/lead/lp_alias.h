/*
 * lp_alias -- canonical lead field names and the headers CRMs and
 * spreadsheets use for them (DESIGN section 4).  The table is
 * lib/data/aliases.txt, embedded at build time.
 */
#ifndef LP_ALIAS_H
#define LP_ALIAS_H

#include <stddef.h>

#include "lp_stream.h"

/*
 * The canonical name a header stands for ("E-Mail Address" -> "email"),
 * matched case- and punctuation-insensitively; NULL when unknown.  A
 * canonical name maps to itself.  The result is static.
 */
const char	*lp_alias_canonical(const char *name, size_t n);
/*
 * The column a field name refers to: the same name (lp_header_match),
 * else the first column that is an alias of the same canonical field
 * ("title" finds "Job Title").  -1 when absent.  Resolve names once per
 * header, not per record: the alias step scans the columns.
 */
int		 lp_header_find(const struct lp_header *, const char *name);
/* The canonical field names, NULL-terminated, in DESIGN order. */
const char *const *lp_alias_fields(void);
/*
 * The known name nearest to name (edit distance on matching keys, at
 * most 2, or 1 for short names): for "did you mean" hints.  NULL if none.
 */
const char	*lp_alias_suggest(const char *name, size_t n);

#endif
