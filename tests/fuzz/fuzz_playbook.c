/*
 * fuzz_playbook -- libFuzzer harness for the playbook parser and what
 * programs do with a playbook: lp_playbook_parse, then every typed
 * accessor on every setting of every known section, the stages, and the
 * scorer (lead-score) and checker (lead-check) compiled against a
 * typical lead header and run over a record.
 *
 * Input: the playbook text, exactly (not NUL-terminated), so an
 * over-read is caught.  file(NAME) lists are looked up in a directory
 * with a few small lists (fuzz_common.h).
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
count_item(void *arg, const struct lp_pb_item *it, struct lp_err *err)
{
	(void)err;
	(void)strlen(it->key);
	if (it->value != NULL)
		(void)strlen(it->value);
	++*(int *)arg;
	return 0;
}

static void
accessors(const struct lp_playbook *pb)
{
	const struct lp_stage *stages;
	int n, items = 0;

	for (int i = 0; lp_playbook_sections[i] != NULL; i++) {
		const struct lp_pb_section *sec =
		    lp_playbook_section(pb, lp_playbook_sections[i]);

		if (sec == NULL)
			continue;
		for (size_t k = 0; k < sec->nsettings; k++) {
			const struct lp_pb_setting *s = &sec->settings[k];
			struct lp_err err = LP_ERR_INIT;
			struct lp_expr_src src;
			double d;
			int64_t secs;

			(void)lp_pb_get(sec, s->key);
			lp_pb_number(pb, s, -1e9, 1e9, &d, &err);
			memset(&err, 0, sizeof(err));
			lp_pb_duration(pb, s, &secs, &err);
			memset(&err, 0, sizeof(err));
			lp_pb_list(pb, s, count_item, &items, &err);
			lp_playbook_src(pb, s->line, s->vcol, &src);
			(void)lp_playbook_line(pb, s->line);
			(void)lp_playbook_stage_of(pb, s->value,
			    strlen(s->value));
		}
		for (size_t k = 0; k < sec->nrules; k++)
			(void)lp_playbook_line(pb, sec->rules[k].line);
	}
	stages = lp_playbook_stages(pb, &n);
	for (int i = 0; i < n; i++)
		(void)lp_playbook_stage_find(pb, stages[i].name,
		    strlen(stages[i].name));
	(void)lp_playbook_line(pb, 0);
	(void)lp_playbook_line(pb, 1L << 40);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char vals[] = "vp@acme.com\0VP Sales\0" "250\0US\0"
	    "2026-10-01\0" "2026-10-20T10:00:00Z\0" "12\0" "3\0yes\0Working\0"
	    "Open - Not Contacted\0" "1,234.50\0" "5M\0Software\0+1 415 555 0100\0x";
	struct lp_err err = LP_ERR_INIT;
	struct lp_playbook *pb;
	struct lp_header *h;
	struct lp_record *rec;
	struct lp_scorer *sc;
	struct lp_checker *ck;
	struct lp_buf explain = { 0 };
	char *text;

	fuzz_common_init();
	text = malloc(size ? size : 1);
	memcpy(text, data, size);
	pb = lp_playbook_parse(text, size, "<fuzz>", fuzz_listdir(), NULL, &err);
	if (pb == NULL) {
		if (err.code == 0)
			abort();	/* failed without saying why */
		free(text);
		return 0;
	}
	accessors(pb);
	h = fuzz_header();
	for (int i = 0; lp_score_columns[i] != NULL; i++)
		lp_header_add(h, lp_score_columns[i]);
	rec = lp_record_new(h);
	fuzz_fill(rec, (const uint8_t *)vals, sizeof(vals) - 1, 0);
	memset(&err, 0, sizeof(err));
	if ((sc = lp_scorer_new(pb, h, FUZZ_NOW, &err)) != NULL) {
		lp_score_record(sc, rec, &explain, &err);
		lp_scorer_free(sc);
	} else if (err.code == 0)
		abort();
	memset(&err, 0, sizeof(err));
	if ((ck = lp_checker_new(pb, h, FUZZ_NOW, NULL, &err)) != NULL) {
		const struct lp_violation *v;
		int errors;

		lp_check_record(ck, rec, &v, &errors);
		lp_checker_free(ck);
	} else if (err.code == 0)
		abort();
	lp_buf_fini(&explain);
	lp_record_free(rec);
	lp_header_free(h);
	lp_playbook_free(pb);
	free(text);
	return 0;
}
