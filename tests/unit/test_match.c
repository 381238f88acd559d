/* test_match -- matching keys and comparators (lib/lead/lp_match.c). */
#include <math.h>
#include <string.h>

#include "lp_match.h"
#include "lp_util.h"
#include "unit.h"

typedef void keyfn(const char *, size_t, struct lp_buf *);

static void
email_fold(const char *p, size_t n, struct lp_buf *b)
{
	lp_match_email(p, n, true, b);
}

static void
email_plain(const char *p, size_t n, struct lp_buf *b)
{
	lp_match_email(p, n, false, b);
}

static void
key_is(keyfn *fn, const char *in, const char *want, int line)
{
	struct lp_buf b;

	lp_buf_init(&b);
	fn(in, strlen(in), &b);
	if (b.n == strlen(want) && (b.n == 0 || memcmp(b.p, want, b.n) == 0))
		unit_pass++;
	else {
		unit_fail++;
		fprintf(stderr, "test_match.c:%d: '%s' -> '%.*s', want '%s'\n",
		    line, in, (int)b.n, b.p ? b.p : "", want);
	}
	lp_buf_fini(&b);
}
#define KEY(fn, in, want) key_is(fn, in, want, __LINE__)

int
main(void)
{
	char sx[5];

	KEY(email_plain, " Ann.Lee+news@GMail.com ", "ann.lee+news@gmail.com");
	KEY(email_fold, "Ann.Lee+news@GMail.com", "annlee@gmail.com");
	KEY(email_fold, "a.b+x@googlemail.com", "ab@gmail.com");
	KEY(email_fold, "a.b+x@acme.com", "a.b@acme.com");
	KEY(email_plain, "Ann Lee <ann@acme.com>", "ann@acme.com");
	KEY(email_plain, "mailto:ann@acme.com", "ann@acme.com");
	KEY(email_plain, "not an address", "");
	KEY(lp_match_name, "O'Brien-Núñez", "obrien nunez");
	KEY(lp_match_name, "  JOSÉ  ", "jose");
	KEY(lp_match_name, "Straße", "strasse");
	KEY(lp_match_company, "The Acme Corp., Inc.", "acme");
	KEY(lp_match_company, "Globex S.A.", "globex");
	KEY(lp_match_company, "Pied Piper GmbH & Co. KG", "pied piper");
	KEY(lp_match_company, "Inc", "inc");
	KEY(lp_match_domain, "https://www.Acme.com/about?x=1", "acme.com");
	KEY(lp_match_domain, "bob@acme.co.uk", "acme.co.uk");
	KEY(lp_match_domain, "localhost", "");
	KEY(lp_match_digits, "+1 (415) 555-0101", "14155550101");
	CHECK(lp_match_freemail("gmail.com", 9));
	CHECK(!lp_match_freemail("acme.com", 8));

	CHECK_INT(lp_match_soundex("robert", 6, sx), 1);
	CHECK_STR(sx, "R163");
	lp_match_soundex("rupert", 6, sx);
	CHECK_STR(sx, "R163");
	lp_match_soundex("ashcraft", 8, sx);
	CHECK_STR(sx, "A261");
	lp_match_soundex("lee", 3, sx);
	CHECK_STR(sx, "L000");
	CHECK_INT(lp_match_soundex("", 0, sx), 0);

	CHECK(lp_match_nickname("bob", 3, "robert", 6));
	CHECK(lp_match_nickname("liz", 3, "beth", 4));
	CHECK(lp_match_nickname("bill", 4, "will", 4));
	CHECK(!lp_match_nickname("bob", 3, "william", 7));
	CHECK(!lp_match_nickname("robert", 6, "robert", 6));
	CHECK(!lp_match_nickname("zed", 3, "zed", 3));

	/* Jaro-Winkler: the textbook values. */
	CHECK(fabs(lp_jaro_winkler("martha", 6, "marhta", 6) - 0.9611) < 1e-4);
	CHECK(fabs(lp_jaro_winkler("dixon", 5, "dicksonx", 8) - 0.8133) < 1e-4);
	CHECK(lp_jaro_winkler("abc", 3, "xyz", 3) == 0);
	CHECK(lp_jaro_winkler("same", 4, "same", 4) == 1);
	CHECK(fabs(lp_edit_ratio("smith", 5, "smiht", 5) - 0.8) < 1e-9);
	CHECK(fabs(lp_edit_ratio("kitten", 6, "sitting", 7) - (1 - 3.0 / 7)) <
	    1e-9);
	CHECK(lp_token_set("acme widgets", 12, "acme", 4) == 1);
	CHECK(fabs(lp_token_set("acme blue widgets", 17, "acme red", 8) -
	    0.5) < 1e-9);
	CHECK(lp_match_initial("j", 1, "john", 4));
	CHECK(!lp_match_initial("j", 1, "k", 1));
	CHECK(!lp_match_initial("jo", 2, "john", 4));
	return UNIT_DONE("test_match");
}
