/*
 * lp_phone -- telephone numbers parsed, validated and typed as Google's
 * libphonenumber does it, from its numbering plans compiled into the
 * library (lib/data/phone_plans.tsv, made by scripts/phone-plans).
 *
 * A number is read in a region (ISO 3166-1 alpha-2: the record's
 * country, else the default) unless it carries its calling code ("+",
 * or the region's international prefix: 00, 011, ...).  The national
 * prefix is removed, or transformed (Argentina's mobile 15, ...), only
 * where what is left has a length the plan allows; the result must then
 * match one of the plan's number types, or it is refused.
 */
#ifndef LP_PHONE_H
#define LP_PHONE_H

#include <stdbool.h>
#include <stddef.h>

#include "lp_util.h"

/* What kind of line a valid number is: libphonenumber's PhoneNumberType. */
enum lp_phone_type {
	LP_PHONE_UNKNOWN,
	LP_PHONE_FIXED_LINE,
	LP_PHONE_MOBILE,
	LP_PHONE_FIXED_LINE_OR_MOBILE,	/* the plan cannot tell (US, ...) */
	LP_PHONE_TOLL_FREE,
	LP_PHONE_PREMIUM_RATE,
	LP_PHONE_SHARED_COST,
	LP_PHONE_VOIP,
	LP_PHONE_PERSONAL,
	LP_PHONE_PAGER,
	LP_PHONE_UAN,
	LP_PHONE_VOICEMAIL
};

/* Why a value is not a clean number. */
enum lp_phone_status {
	LP_PHONE_OK,
	LP_PHONE_NOT_A_NUMBER,	/* letters, too few or many digits, ... */
	LP_PHONE_NOT_VALID,	/* a number, but none the country assigns */
	LP_PHONE_NO_COUNTRY	/* no calling code and no country to read it in */
};

struct lp_phone;

/* A parsed number; strings are NUL-terminated. */
struct lp_phone_number {
	enum lp_phone_status status;
	enum lp_phone_type type;	/* LP_PHONE_UNKNOWN unless OK */
	char	e164[24];	/* "+14155550123" when OK */
	char	ext[24];	/* the extension, "" none */
	char	region[4];	/* where it is (or would be) valid: "US", "001" */
	int	cc;		/* calling code, 0 when none was found */
};

/*
 * The numbering plans, loaded from the embedded table; each region's
 * patterns are compiled (PCRE2, JIT) the first time a number needs them.
 * Never fails (out of memory exits).  One lp_phone is used by one thread
 * at a time.  Free with lp_phone_free.
 */
struct lp_phone	*lp_phone_new(void);
/* NULL-safe. */
void	 lp_phone_free(struct lp_phone *);

/* Whether numbers can be read in region (alpha-2). */
bool	 lp_phone_region(const struct lp_phone *, const char *alpha2);

/*
 * Parse p[0..n) read in region (alpha-2, or NULL for none) into *num.
 * Returns num->status (LP_PHONE_OK is 0).
 */
enum lp_phone_status lp_phone_parse(struct lp_phone *, const char *p,
	    size_t n, const char *region, struct lp_phone_number *num);

/*
 * lead-norm's phone cleaner: E.164 into out (reset first) and 0, with a
 * note in why when an extension was moved out; or -1 with why set ("not
 * a number", "not valid for DE", "no country given") and out untouched.
 * *type (may be NULL) gets the line type, LP_PHONE_UNKNOWN on failure.
 */
int	 lp_phone_e164(struct lp_phone *, const char *p, size_t n,
	    const char *region, struct lp_buf *out, struct lp_buf *why,
	    enum lp_phone_type *type);

/* The phone_type value of a type: "mobile", "fixed_line", ...; "" for
 * LP_PHONE_UNKNOWN.  Static. */
const char *lp_phone_type_name(enum lp_phone_type);

#endif
