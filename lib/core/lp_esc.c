/*
 * lp_esc -- JSON and XML escaping, the shortest decimal form (lp_esc.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_esc.h"

void
lp_esc_json(struct lp_buf *o, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0;

	lp_buf_addc(o, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		char esc[6];
		size_t k = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		lp_buf_add(o, p + start, i - start);
		start = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			k = 6;
		}
		lp_buf_add(o, esc, k);
	}
	lp_buf_add(o, p + start, n - start);
	lp_buf_addc(o, '"');
}

void
lp_esc_xml(struct lp_buf *out, const char *p, size_t n, bool attr)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];

		switch (ch) {
		case '&': lp_buf_adds(out, "&amp;"); break;
		case '<': lp_buf_adds(out, "&lt;"); break;
		case '>': lp_buf_adds(out, "&gt;"); break;
		case '"': lp_buf_adds(out, attr ? "&quot;" : "\""); break;
		case '\n': lp_buf_adds(out, attr ? "&#10;" : "\n"); break;
		case '\r': lp_buf_adds(out, "&#13;"); break;
		case '\t': lp_buf_adds(out, attr ? "&#9;" : "\t"); break;
		case 0xEF:
			/* U+FFFE and U+FFFF are not XML 1.0 characters. */
			if (i + 2 < n && (unsigned char)p[i + 1] == 0xBF &&
			    ((unsigned char)p[i + 2] & 0xFE) == 0xBE) {
				lp_buf_addc(out, '?');
				i += 2;
				break;
			}
			lp_buf_addc(out, (char)ch);
			break;
		default:
			lp_buf_addc(out, ch < 0x20 ? '?' : (char)ch);
		}
	}
}

size_t
lp_fmt_short(char *out, double v)
{
	int len = 0;

	for (int prec = 1; prec <= 17; prec++) {
		len = snprintf(out, 32, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
	return len > 0 ? (size_t)len : 0;
}

/*
 * True when a spreadsheet would run the cell as a formula (OWASP CSV
 * injection): it starts with = + - @ tab or CR and is not a number or a
 * phone number ("-5", "-2,5", "+1.5e3", "+49 30 1234567", "-(555) 123").
 */
bool
lp_formula_like(const char *p, size_t n)
{
	bool digit = false;

	if (n == 0 || (p[0] != '=' && p[0] != '+' && p[0] != '-' &&
	    p[0] != '@' && p[0] != '\t' && p[0] != '\r'))
		return false;
	if (p[0] != '+' && p[0] != '-')
		return true;
	for (size_t i = 1; i < n; i++) {
		char c = p[i];

		if (c >= '0' && c <= '9')
			digit = true;
		else if (c != ' ' && c != '(' && c != ')' && c != '.' &&
		    c != '/' && c != '-' && c != ',' && !(digit && (c == 'e' || c == 'E')))
			return true;
	}
	return !digit;
}
