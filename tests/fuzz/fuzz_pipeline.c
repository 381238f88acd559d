/*
 * fuzz_pipeline -- libFuzzer harness for a whole program's pipeline on
 * arbitrary bytes: the record stream (sniffed format, decoding), lead-norm's
 * header mapping and value cleaning (lp_norm), lead-score's scoring with
 * the built-in default playbook (lp_scorer) and lead-check's default
 * checks (lp_checker), then the writer -- what `lead-norm | lead-score`
 * and `lead-check` do, in one process.
 *
 * Input: one option byte, then the file.
 *   bit 0  --rejects (to standard output)     bit 1  write JSON Lines
 *   bit 2  --default-country US               bit 3  --date-order dmy
 *   bit 4  --source crm                       bit 5  read 1 byte at a time
 *   bit 6  --strict (unmapped headers are an error)
 * Output checks as in fuzz_stream.h: every field stays valid UTF-8 after
 * cleaning and scoring.
 */
#include "fuzz_common.h"
#include "fuzz_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lp_playbook *pb;
	struct lp_limits lim = LP_LIMITS_DEFAULT;
	struct lp_err err = LP_ERR_INIT;
	struct lp_io_opts io;
	struct lp_norm_opts no;
	struct lp_norm *nm = NULL;
	struct lp_stream *st = NULL;
	struct lp_scorer *sc = NULL;
	struct lp_checker *ck = NULL;
	struct lp_record *rec;
	const struct lp_header *h;
	char path[64], *files[2] = { path, NULL };
	unsigned o;
	int fd, rc;

	if (size < 1)
		return 0;
	fuzz_common_init();
	if (pb == NULL && (pb = lp_playbook_default(NULL, &err)) == NULL)
		abort();	/* the built-in playbook must parse */
	o = data[0];
	data++;
	size--;
	memset(&io, 0, sizeof(io));
	io.progress = 0;
	io.limits = lim;
	io.rejects = o & 1 ? "-" : NULL;
	io.to = o & 2 ? LP_FMT_NDJSON : LP_FMT_AUTO;
	io.read_size = o & 0x20 ? 1 : 0;
	memset(&no, 0, sizeof(no));
	no.default_country = o & 4 ? "US" : NULL;
	no.date_order = LP_DATE_DMY;
	no.date_order_set = (o & 8) != 0;
	no.source = o & 0x10 ? "crm" : NULL;
	no.strict = (o & 0x40) != 0;
	if ((fd = fuzz_file(data, size, 0, path, sizeof(path))) < 0)
		return 0;
	if ((nm = lp_norm_new(&no, &err)) == NULL)
		abort();	/* the options are valid */
	if ((st = lp_stream_open(&io, files, &err)) == NULL)
		goto out;
	if (lp_norm_attach(nm, st, &err) != 0)
		goto out;
	for (int i = 0; lp_score_columns[i] != NULL; i++)
		lp_stream_add_column(st, lp_score_columns[i]);
	h = lp_stream_header(st);
	if ((sc = lp_scorer_new(pb, h, FUZZ_NOW, &err)) == NULL)
		goto out;
	if ((ck = lp_checker_new(pb, h, FUZZ_NOW, NULL, &err)) == NULL)
		goto out;
	while ((rc = lp_stream_next(st, &rec, &err)) > 0) {
		const struct lp_violation *v;
		int errors;

		lp_norm_record(nm, rec);
		if (lp_score_record(sc, rec, NULL, &err) != 0)
			break;
		lp_check_record(ck, rec, &v, &errors);
		for (int i = 0; i < lp_record_count(rec); i++) {
			struct lp_str s = lp_record_get(rec, i);

			if (!lp_utf8_valid(s.p, s.n))
				fuzz_fail("field is not valid UTF-8 after "
				    "cleaning and scoring", path, 0);
		}
		if (lp_stream_put(st, rec, &err) != 0)
			break;
	}
	if (rc == 0)
		lp_stream_commit(st, &err);
out:
	if (err.code == 0 && (st == NULL || sc == NULL || ck == NULL))
		abort();	/* failed without saying why */
	lp_checker_free(ck);
	lp_scorer_free(sc);
	lp_stream_close(st, &err);
	lp_norm_free(nm);
	fuzz_unfile(fd);
	return 0;
}
