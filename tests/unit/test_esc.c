/*
 * test_esc -- the one JSON string escaper, the one XML escaper and the
 * shortest decimal form (core/lp_esc.h) that writers, --explain, JUnit
 * and reports share.
 */
#include <math.h>
#include <string.h>

#include "lp_esc.h"
#include "unit.h"

static const char *
J(const char *s, size_t n)
{
	static struct lp_buf b;

	b.n = 0;
	lp_esc_json(&b, s, n);
	return lp_buf_cstr(&b);
}

static const char *
X(const char *s, bool attr)
{
	static struct lp_buf b;

	b.n = 0;
	lp_esc_xml(&b, s, strlen(s), attr);
	return lp_buf_cstr(&b);
}

static const char *
S(double v)
{
	static char out[32];
	size_t n = lp_fmt_short(out, v);

	CHECK_INT(n, strlen(out));
	return out;
}

int
main(void)
{
	CHECK_STR(J("", 0), "\"\"");
	CHECK_STR(J("plain Müller", 13), "\"plain Müller\"");
	CHECK_STR(J("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
	CHECK_STR(J("\n\r\t\b\f", 5), "\"\\n\\r\\t\\b\\f\"");
	CHECK_STR(J("\x01\x1f", 2), "\"\\u0001\\u001f\"");
	CHECK_STR(J("a\0b", 3), "\"a\\u0000b\"");
	CHECK_STR(X("a<b>&\"c\"", false), "a&lt;b&gt;&amp;\"c\"");
	CHECK_STR(X("a<b>&\"c\"", true), "a&lt;b&gt;&amp;&quot;c&quot;");
	CHECK_STR(X("1\n2\t3\r", false), "1\n2\t3&#13;");
	CHECK_STR(X("1\n2\t3\r", true), "1&#10;2&#9;3&#13;");
	CHECK_STR(X("\x01\x1b[31m", false), "??[31m");
	CHECK_STR(S(0.1), "0.1");
	CHECK_STR(S(2.5), "2.5");
	CHECK_STR(S(1.0 / 3), "0.3333333333333333");
	CHECK_STR(S(1e80), "1e+80");
	CHECK_STR(S(-0.000125), "-0.000125");
	CHECK_STR(S(123456789.0), "123456789");
	return UNIT_DONE("test_esc");
}
