/*
 * test_num -- the one number reader (lp_num.h): what is a number, what
 * is ambiguous, what is not, the plain text and the value it reads; and
 * that the fast path agrees with the full reader on every value here.
 */
#include <stdio.h>
#include <string.h>

#include "lp_num.h"
#include "unit.h"

/* "TEXT" -> "canon", "?" ambiguous or "-" not a number. */
static const char *
R(const char *s)
{
	static struct lp_buf b;
	static char out[160];
	double v, pv;

	switch (lp_num_read(s, strlen(s), &v, &b, NULL)) {
	case LP_NUM_AMBIGUOUS:
		CHECK(!lp_num_plain(s, strlen(s), &pv));
		return "?";
	case LP_NUM_NOT:
		CHECK(!lp_num_plain(s, strlen(s), &pv));
		return "-";
	default:
		break;
	}
	if (lp_num_plain(s, strlen(s), &pv))
		CHECK(pv == v);
	snprintf(out, sizeof(out), "%s=%.10g", lp_buf_cstr(&b), v);
	return out;
}

int
main(void)
{
	CHECK_STR(R("1200"), "1200=1200");
	CHECK_STR(R("-12.5"), "-12.5=-12.5");
	CHECK_STR(R("+7"), "7=7");
	CHECK_STR(R(".5"), "0.5=0.5");
	CHECK_STR(R("007"), "7=7");
	CHECK_STR(R("0.125"), "0.125=0.125");
	CHECK_STR(R("12.3456"), "12.3456=12.3456");
	/* Ambiguous: 1-3 digits, '.', exactly three digits. */
	CHECK_STR(R("1.200"), "?");
	CHECK_STR(R("-4.999"), "?");
	CHECK_STR(R("100.000"), "?");
	CHECK_STR(R("$1.500"), "?");
	CHECK_STR(R("1.500k"), "?");
	CHECK_STR(R("1000.000"), "1000=1000");
	/* Grouping. */
	CHECK_STR(R("1,200"), "1200=1200");
	CHECK_STR(R("1,234,567.5"), "1234567.5=1234567.5");
	CHECK_STR(R("1.234.567"), "1234567=1234567");
	CHECK_STR(R("1.234,50"), "1234.5=1234.5");
	CHECK_STR(R("10 000"), "10000=10000");
	CHECK_STR(R("10\xc2\xa0" "000"), "10000=10000");
	CHECK_STR(R("10\xe2\x80\xaf" "000,5"), "10000.5=10000.5");
	CHECK_STR(R("1'234.50"), "1234.5=1234.5");
	CHECK_STR(R("0,500"), "0.5=0.5");
	CHECK_STR(R("2,5"), "2.5=2.5");
	CHECK_STR(R("12,34,567"), "-");
	CHECK_STR(R("10 00"), "-");
	CHECK_STR(R("1 ,234"), "-");
	/* Money, signs, multipliers. */
	CHECK_STR(R("$1,200"), "1200=1200");
	CHECK_STR(R("(1,200)"), "-1200=-1200");
	CHECK_STR(R("\xe2\x88\x92" "5"), "-5=-5");
	CHECK_STR(R("EUR 2,000"), "2000=2000");
	CHECK_STR(R("2.5k"), "2500=2500");
	CHECK_STR(R("5M"), "5000000=5000000");
	CHECK_STR(R("1.2bn"), "1200000000=1200000000");
	CHECK_STR(R("-0"), "0=0");
	/* Not numbers. */
	CHECK_STR(R(""), "-");
	CHECK_STR(R("12%"), "-");
	CHECK_STR(R("1e6"), "-");
	CHECK_STR(R("12."), "-");
	CHECK_STR(R("abc"), "-");
	CHECK_STR(R("2026-11-01"), "-");
	CHECK_STR(R("+1 415 555 0100"), "-");
	CHECK_STR(R("inf"), "-");
	CHECK_STR(R("0x10"), "-");
	/* Long: exact text, nearest double. */
	CHECK_STR(R("123456789012345678901234"),
	    "123456789012345678901234=1.23456789e+23");
	return UNIT_DONE("test_num");
}
