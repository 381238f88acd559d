/*
 * fuzz_phone -- libFuzzer harness for the phone parser: lp_phone_parse
 * and lp_phone_e164 over any text, read in a region the first byte
 * picks, and lead-norm's phone cleaning (lp_norm_value).
 *
 * Input: one byte choosing the region (below 26*26: the alpha-2 code
 * AA..ZZ, most of which are unknown; above: none), then the text, passed
 * with its exact length.  Aborts on a wrong result: a number said valid
 * that is not "+" and 2 to 17 digits after its calling code, whose type
 * is unknown, or that does not read back valid with no region (and
 * settle after one more reading).
 */
#include "fuzz_common.h"
#include "lp_phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct lp_phone *fuzz_phone_ph;
static struct lp_norm *fuzz_phone_nm;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fav[] = { "US", "DE", "GB", "AR", "MX",
	    "BR", "JP", "AU", "IN", "CN", "FR", "IT", "NL", "CA", "SG" };
	struct lp_norm_opts o = { 0 };
	struct lp_err err = LP_ERR_INIT;
	struct lp_phone_number num, again;
	struct lp_buf out = { 0 }, why = { 0 };
	enum lp_phone_type t;
	char region[3] = "", *text;
	const char *rg = NULL;
	size_t n;
	int rc;

	fuzz_common_init();
	if (fuzz_phone_ph == NULL) {
		fuzz_phone_ph = lp_phone_new();
		o.default_country = "US";
		fuzz_phone_nm = lp_norm_new(&o, &err);
	}
	if (size == 0)
		return 0;
	if (data[0] < 2 * sizeof(fav) / sizeof(fav[0]))
		rg = fav[data[0] % (sizeof(fav) / sizeof(fav[0]))];
	else if (data[0] < 200) {
		region[0] = (char)('A' + data[0] % 26);
		region[1] = (char)('A' + data[0] / 26 % 26);
		rg = region;
	}
	n = size - 1;
	/* An exact-size copy: reading past n is an ASan report. */
	text = malloc(n ? n : 1);
	memcpy(text, data + 1, n);
	rc = lp_phone_parse(fuzz_phone_ph, text, n, rg, &num);
	if (rc == LP_PHONE_OK) {
		size_t k = strlen(num.e164);

		if (num.e164[0] != '+' || k < 4 || k > 21 ||
		    strspn(num.e164 + 1, "0123456789") != k - 1 ||
		    num.type == LP_PHONE_UNKNOWN ||
		    lp_phone_type_name(num.type)[0] == '\0')
			abort();
		/*
		 * Read back with no region it is valid, and at most one
		 * step from a fixed point: as in libphonenumber, MX
		 * "01 1 55 ..." is +52 1 55 ... (the old mobile form),
		 * which read again loses its trunk 1.
		 */
		if (lp_phone_parse(fuzz_phone_ph, num.e164, k, NULL,
		    &again) != LP_PHONE_OK)
			abort();
		if (strcmp(again.e164, num.e164) != 0) {
			struct lp_phone_number third;

			if (lp_phone_parse(fuzz_phone_ph, again.e164,
			    strlen(again.e164), NULL, &third) != LP_PHONE_OK ||
			    strcmp(third.e164, again.e164) != 0)
				abort();
		} else if (again.type != num.type)
			abort();
	} else if (num.e164[0] != '\0' || num.type != LP_PHONE_UNKNOWN)
		abort();
	if (lp_phone_e164(fuzz_phone_ph, text, n, rg, &out, &why, &t) !=
	    (rc == LP_PHONE_OK ? 0 : -1) || (rc != LP_PHONE_OK && why.n == 0))
		abort();
	if (rc == LP_PHONE_OK && (out.n != strlen(num.e164) ||
	    memcmp(out.p, num.e164, out.n) != 0 || t != num.type))
		abort();
	if (fuzz_phone_nm != NULL)
		(void)lp_norm_value(fuzz_phone_nm, LP_NORM_PHONE, text, n, rg,
		    &out, &why);
	lp_buf_fini(&out);
	lp_buf_fini(&why);
	free(text);
	return 0;
}
