/*
 * lp_esc -- text escaped for the formats every program writes: JSON
 * string literals, XML/HTML character data and attribute values, and the
 * shortest decimal form of a double.  Written once here so that readers,
 * writers, --explain, JUnit and HTML reports escape alike.
 */
#ifndef LP_ESC_H
#define LP_ESC_H

#include <stdbool.h>
#include <stddef.h>

#include "lp_util.h"

/*
 * p[0..n) as a JSON string literal, quotes included, appended to b:
 * " and \ escaped, \n \r \t \b \f in short form, other bytes below 0x20
 * as \u00XX; every other byte (UTF-8 included) as it is.
 */
void	lp_esc_json(struct lp_buf *b, const char *p, size_t n);

/*
 * p[0..n) as XML 1.0 character data (attr false) or an attribute value
 * (attr true), appended to b: & < > escaped, " in attributes; control
 * bytes and U+FFFE/U+FFFF, which XML 1.0 forbids, become '?'; line breaks and tabs stay literal in
 * text and become character references in attributes, CR always.  Also
 * right for HTML text and double-quoted HTML attributes.
 */
void	lp_esc_xml(struct lp_buf *b, const char *p, size_t n, bool attr);

/*
 * The shortest "%.*g" text (1 to 17 digits) that reads back as v, into
 * out (at least 32 bytes), NUL-terminated; returns its length.  Callers
 * that want 0 or whole numbers written plainly check those first.
 */
size_t	lp_fmt_short(char *out, double v);

/*
 * True when a spreadsheet would run the cell p[0..n) as a formula (OWASP
 * CSV injection): it starts with = + - @ tab or CR and is not a number or
 * a phone number ("-5", "+49 30 1234567").  Every formula-safe output
 * (--excel-safe) decides with it.
 */
bool	lp_formula_like(const char *p, size_t n);

#endif
