/*
 * lp_norm -- lead-norm's header mapping and value cleaning as a library.
 *
 *   header -> per column: output name (--map, then the alias table) and
 *             one cleaner chosen from that canonical name, decided once
 *   record -> every field trimmed, white space collapsed; then the
 *             column's cleaner (email, phone, country, state, date,
 *             number, count, yes/no); what cannot be cleaned is kept as
 *             it was (white space aside) and named in the _issues column
 *
 * Country comes first in a record: phone numbers without a calling code
 * and state names are read in the record's country, else the default
 * country.  Cleaning a record allocates nothing in steady state.
 */
#ifndef LP_NORM_H
#define LP_NORM_H

#include <stdbool.h>
#include <stddef.h>

#include "lp_date.h"
#include "lp_err.h"
#include "lp_phone.h"
#include "lp_stream.h"
#include "lp_util.h"

/* The column lead-norm writes what it could not clean into. */
#define LP_NORM_ISSUES	"_issues"
/* A phone field's line type goes into the field's name and this:
 * phone_type. */
#define LP_NORM_TYPE_SUFFIX	"_type"
/* The column --source fills. */
#define LP_NORM_SOURCE	"lead_source_system"

struct lp_norm_opts {
	const char	*default_country;	/* alpha-2 or a name; NULL none */
	enum lp_date_order date_order;
	bool		 date_order_set;	/* false: ambiguous dates flagged */
	bool		 strict;		/* unmapped headers are an error */
	const char	*source;		/* --source NAME; NULL none */
	const char *const *maps;		/* "Header=field" strings, or NULL */
	size_t		 nmaps;
};

/* What a column's values are cleaned as. */
enum lp_norm_kind {
	LP_NORM_TEXT,		/* white space only (every column gets this) */
	LP_NORM_EMAIL,		/* lower case; shape checked */
	LP_NORM_PHONE,		/* E.164 */
	LP_NORM_COUNTRY,	/* ISO 3166-1 alpha-2 */
	LP_NORM_STATE,		/* US/CA state or province code */
	LP_NORM_DATE,		/* YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ */
	LP_NORM_NUMBER,		/* plain decimal: 1234.5 */
	LP_NORM_COUNT,		/* a whole number */
	LP_NORM_BOOL,		/* yes or no; anything else is an issue */
	LP_NORM_FLAG		/* yes or no when it is one; else kept, quietly */
};

struct lp_norm;

/*
 * A new normaliser: checks the options (default country known, each map
 * "Header=field" well formed) and builds the lookup tables from the
 * embedded data.  Returns NULL with err set (64) on a bad option.  Free
 * with lp_norm_free.
 */
struct lp_norm *lp_norm_new(const struct lp_norm_opts *, struct lp_err *);
/* NULL-safe. */
void	lp_norm_free(struct lp_norm *);

/* The cleaner for a canonical field name (LP_NORM_TEXT for others). */
enum lp_norm_kind lp_norm_kind(const char *canonical);

/*
 * The canonical name of header name: a --map mapping, else the alias
 * table; NULL when unmapped.  Matching ignores case and punctuation.
 * The result is borrowed from the normaliser or static.
 */
const char *lp_norm_canonical(const struct lp_norm *, const char *name);
/* lp_io_opts.column_key for reading several exports: the canonical field
 * of a header name (lp_norm_canonical; ctx is the struct lp_norm), so
 * columns from different systems that mean one field are one column. */
const char *lp_norm_column_key(void *ctx, const char *name);

/*
 * Decide, from the header, each column's output name and cleaner.  With
 * strict, an unmapped header is an error (65) naming all of them.  When
 * two columns mean the same field, the first gets the name, the others
 * keep theirs (a warning says so).  Call once, before lp_norm_record.
 */
int	lp_norm_header(struct lp_norm *, const struct lp_header *,
	    struct lp_err *);
/*
 * Each --map must name a column of some input (the header of every input
 * goes through lp_norm_canonical, as column_key does); else an error (64)
 * with the nearest column name as a hint.  lp_norm_attach calls it.
 */
int	lp_norm_maps_used(const struct lp_norm *, const struct lp_header *,
	    struct lp_err *);
/*
 * Append the header -> field table lp_norm_header decided ("column",
 * "field", "by": canonical name, alias, --map, ...), aligned by display
 * width, to out (--show-mapping).
 */
void	lp_norm_show_mapping(const struct lp_norm *, const struct lp_header *,
	    struct lp_buf *out);
/* Dates left as they were because --dates was not given and both
 * orders read them (03/04/2026); *example is the first (borrowed). */
long	lp_norm_ambiguous_dates(struct lp_norm *, const char **example);
/* Append the canonical fields and what lead-norm cleans each as
 * (--list-fields). */
void	lp_norm_list_fields(struct lp_buf *out);
/* The output name lp_norm_header chose for col; NULL to keep its name. */
const char *lp_norm_rename(const struct lp_norm *, int col);
/*
 * The columns lp_norm_record fills: issues (always), source (-1 unless
 * opts.source).  Call after adding them to the header.
 */
void	lp_norm_set_columns(struct lp_norm *, int issues, int source);

/*
 * The column lp_norm_record writes phone column col's line type into
 * (lp_phone_type_name: "mobile", "fixed_line", ...; empty when the
 * number is not valid); -1 none.  Call after lp_norm_header.
 */
void	lp_norm_set_type_column(struct lp_norm *, int col, int type_col);

/*
 * For a stream: lp_norm_header, rename the columns, add FIELD_type for
 * each phone field (phone_type), _issues (and lead_source_system with
 * --source), lp_norm_set_type_column and lp_norm_set_columns.  0 or -1.
 */
int	lp_norm_attach(struct lp_norm *, struct lp_stream *, struct lp_err *);

/*
 * Clean a record in place, as lp_norm_header decided; fill _issues
 * ("phone: not valid for DE; created_at: ambiguous date 03/04/2026",
 * empty when all is well) and lead_source_system.  Returns the number
 * of issues.
 */
int	lp_norm_record(struct lp_norm *, struct lp_record *);

/*
 * Clean one value as kind.  country is the record's alpha-2 (phone and
 * state), or NULL for the default.  On success returns 0 and out holds
 * the value (out is reset first); a note may still be added to why (a
 * phone extension moved out).  On failure returns -1, out holds the
 * value with white space cleaned and why the reason ("not a valid
 * number").  out and why are reset before use; the value is not
 * NUL-terminated.
 */
int	lp_norm_value(struct lp_norm *, enum lp_norm_kind, const char *p,
	    size_t n, const char *country, struct lp_buf *out,
	    struct lp_buf *why);

/* The line type of the phone number lp_norm_value (or lp_norm_record)
 * cleaned last; LP_PHONE_UNKNOWN when it was not valid. */
enum lp_phone_type lp_norm_phone_type(const struct lp_norm *);

/*
 * Whether p[0..n) is an e-mail address that lp_norm_value would keep as
 * it is but for case (no "mailto:", no "Name <...>", no white space to
 * clean): lead-check's "is email", without making the copy.
 */
bool	lp_norm_is_email(struct lp_norm *, const char *p, size_t n);

/*
 * White space cleaning alone: trim, and make every run of white space
 * (ASCII, no-break and other Unicode spaces) one space; zero-width spaces
 * go.  Appends to out; returns true when the value changed.
 */
bool	lp_norm_space(const char *p, size_t n, struct lp_buf *out);

/* The alpha-2 code of a country name or code, or NULL.  Static. */
const char *lp_norm_country(const struct lp_norm *, const char *p, size_t n);

#endif
