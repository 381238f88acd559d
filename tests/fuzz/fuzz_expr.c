/*
 * fuzz_expr -- libFuzzer harness for the expression engine:
 * lp_expr_parse, lp_expr_bind against a typical lead header, then every
 * way of evaluating (test, text, number, time) over a record filled from
 * the input and over an empty record.
 *
 * Input: the expression, then optionally a NUL byte and the record's
 * values separated by NUL bytes (email, Job Title, employees, country,
 * created_at, ... as in fuzz_common.h).  The expression is passed with
 * its exact length, not NUL-terminated, so an over-read is caught.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_expr_src src;
	struct lp_header *h;
	struct lp_record *rec, *empty;
	struct lp_expr *e;
	struct lp_buf out = { 0 };
	const uint8_t *nul = memchr(data, 0, size);
	size_t n = nul ? (size_t)(nul - data) : size;
	char *text, *line;
	double v;
	int64_t t;

	fuzz_common_init();
	/* An exact-size copy: reading past n is an ASan report. */
	text = malloc(n ? n : 1);
	memcpy(text, data, n);
	line = strndup((const char *)data, n);
	memset(&src, 0, sizeof(src));
	memset(&src, 0, sizeof(src));
	src.file = "<fuzz>";
	src.line = 1;
	src.col = 1;
	src.line_text = line;
	src.basedir = fuzz_listdir();
	if ((e = lp_expr_parse(text, n, &src, &err)) == NULL) {
		if (err.code == 0)
			abort();	/* failed without saying why */
		goto out;
	}
	h = fuzz_header();
	rec = lp_record_new(h);
	empty = lp_record_new(h);
	if (nul != NULL)
		fuzz_fill(rec, nul + 1, size - n - 1, 0);
	if (lp_expr_bind(e, h, FUZZ_NOW, &err) == 0) {
		const char *const *f = lp_expr_fields(e);

		for (int i = 0; f != NULL && f[i] != NULL; i++)
			(void)strlen(f[i]);
		(void)lp_expr_is_condition(e);
		for (int pass = 0; pass < 2; pass++) {
			struct lp_record *r = pass ? empty : rec;

			(void)lp_expr_test(e, r);
			lp_expr_eval_text(e, r, &out);
			(void)lp_expr_eval_number(e, r, &v);
			(void)lp_expr_eval_time(e, r, &t);
		}
	} else if (err.code == 0)
		abort();
	lp_record_free(rec);
	lp_record_free(empty);
	lp_header_free(h);
	lp_expr_free(e);
out:
	lp_buf_fini(&out);
	free(text);
	free(line);
	return 0;
}
