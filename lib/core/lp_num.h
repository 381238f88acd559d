/*
 * lp_num -- the one number reader: every program (lead-norm's cleaning,
 * lead-score's `per` and comparisons, lead-check's `is number`, the
 * expression function number()) reads a value as a number through
 * lp_num_read, so no two of them disagree about what a value means.
 *
 * The grammar (lead-playbook(5), NUMBERS):
 *   [ ( ] [currency] [sign] [currency] digits-and-separators [multiplier]
 *   [currency] [ ) ]
 * - sign: '+', '-' or U+2212; "(1,200)" in parentheses is negative.
 * - currency: $ US$ A$ C$ EUR-sign GBP-sign YEN-sign RUPEE-sign or the codes
 *   USD EUR GBP CHF CAD AUD JPY INR SEK NOK DKK, before or after, with
 *   spaces beside them.
 * - separators: when both '.' and ',' occur the last one is the decimal
 *   mark (and occurs once); a lone ',' after 1-3 digits and before exactly
 *   three digits groups thousands ("1,234"; "0,500" is a half), any other
 *   lone ',' is the decimal mark ("2,5"); a lone '.' is the decimal mark,
 *   except that 1-3 digits (not a lone 0), '.' and exactly three digits
 *   ("1.200") is AMBIGUOUS: 1.2 in English, 1200 in much of Europe; it is
 *   not a number to anyone.  Several of one mark group thousands.  A
 *   space, a no-break space (U+00A0), a narrow no-break space (U+202F) or
 *   an apostrophe groups thousands ("10 000", "1'234.50").  Groups are
 *   threes; a leading '.' ("0.5" written ".5") is allowed.
 * - multiplier: k/K thousand, m/M/mm million, b/B/bn billion ("2.5k").
 * - no exponents, no hexadecimal, no inf or nan, no "12%" (0.12 to a
 *   spreadsheet, 12 to a person: not guessed either).
 */
#ifndef LP_NUM_H
#define LP_NUM_H

#include <stdbool.h>
#include <stddef.h>

#include "lp_util.h"

enum lp_num_status {
	LP_NUM_OK = 0,
	LP_NUM_NOT = -1,	/* not a number */
	LP_NUM_AMBIGUOUS = -2	/* "1.200": refused, never guessed */
};

/*
 * Read p[0..n) (no white space around it) as a number.  On LP_NUM_OK,
 * *val (if not NULL) is its value and canon (if not NULL) holds its plain
 * decimal text: no grouping, '.' decimal mark, no exponent, no trailing
 * zeros after the mark, no leading zeros ("-1234.5"); *whole (if not
 * NULL) says whether there is no fraction.
 */
enum lp_num_status lp_num_read(const char *p, size_t n, double *val,
	    struct lp_buf *canon, bool *whole);

/*
 * The common case fast: [+-] digits [. digits] (or [+-] . digits) that
 * is not ambiguous.  Returns true with *val set, false when the text is
 * anything else (then lp_num_read decides).  Exact for up to 15
 * significant digits without strtod.
 */
bool	lp_num_plain(const char *p, size_t n, double *val);

#endif
