/*
 * fuzz_report -- libFuzzer harness for lead-report's partial states, the
 * one input lead-report parses itself (lead-report --merge): merge the
 * input as states, then make every output form of the result (sections,
 * text, CSV, JSON, Markdown, the HTML page) and its partial state again,
 * which must merge back.
 *
 * Input: the state text, exactly (not NUL-terminated).
 */
#include "fuzz_common.h"
#include "lp_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_report *r = NULL, *again = NULL;
	struct lp_tables *ts;
	struct lp_buf out = { 0 };
	char *text;

	fuzz_common_init();
	text = malloc(size ? size : 1);
	memcpy(text, data, size);
	if (lp_report_merge(&r, text, size, "<fuzz>", &err) < 0) {
		if (err.code == 0)
			abort();	/* failed without saying why */
		lp_report_free(r);
		free(text);
		return 0;
	}
	if (r != NULL) {
		ts = lp_report_tables(r);
		for (int f = LP_REPORT_TEXT; f <= LP_REPORT_MARKDOWN; f++)
			lp_report_render(ts, (enum lp_report_format)f, NULL,
			    true, &out);
		lp_report_html(r, ts, &out);
		lp_report_tables_free(ts);
		out.n = 0;
		lp_report_partial(r, &out);
		memset(&err, 0, sizeof(err));
		if (lp_report_merge(&again, out.p, out.n, "<again>", &err) != 1)
			abort();	/* a state we wrote must read back */
		lp_report_free(again);
	}
	lp_buf_fini(&out);
	lp_report_free(r);
	free(text);
	return 0;
}
