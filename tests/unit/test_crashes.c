/*
 * test_crashes -- replay every input the fuzzers ever crashed, hung or
 * leaked on (every file under tests/fuzz/crashes/TARGET/) through the
 * harness that found it, so a bug fixed once stays fixed.  The harnesses are the very
 * files libFuzzer runs (tests/fuzz/fuzz_<target>.c), included here with
 * their entry points renamed; they abort on a wrong result, and the
 * sanitizers (make check SANITIZE=1) report the rest.  A file passes
 * when its replay returns.  Run from the top of the tree.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#define LLVMFuzzerTestOneInput	fuzz_csv_one
#include "../fuzz/fuzz_csv.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput	fuzz_json_one
#include "../fuzz/fuzz_json.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput	fuzz_expr_one
#include "../fuzz/fuzz_expr.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput	fuzz_playbook_one
#include "../fuzz/fuzz_playbook.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput	fuzz_pipeline_one
#include "../fuzz/fuzz_pipeline.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput	fuzz_rejects_one
#include "../fuzz/fuzz_rejects.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput	fuzz_report_one
#include "../fuzz/fuzz_report.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput	fuzz_phone_one
#include "../fuzz/fuzz_phone.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput	fuzz_xlsx_one
#include "../fuzz/fuzz_xlsx.c"
#undef LLVMFuzzerTestOneInput

#define CRASHES	"tests/fuzz/crashes"

static const struct {
	const char	*target;
	int		(*one)(const uint8_t *, size_t);
} targets[] = {
	{ "csv", fuzz_csv_one },
	{ "json", fuzz_json_one },
	{ "expr", fuzz_expr_one },
	{ "playbook", fuzz_playbook_one },
	{ "pipeline", fuzz_pipeline_one },
	{ "rejects", fuzz_rejects_one },
	{ "report", fuzz_report_one },
	{ "phone", fuzz_phone_one },
	{ "xlsx", fuzz_xlsx_one },
};

static void
replay(const char *target, int (*one)(const uint8_t *, size_t))
{
	char dir[256], path[512];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", CRASHES, target);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat sb;
		uint8_t *p;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		/* Exactly the file's size, as libFuzzer passes it, so an
		 * over-read is an ASan report. */
		p = malloc(sb.st_size > 0 ? (size_t)sb.st_size : 1);
		f = fopen(path, "rb");
		CHECK(f != NULL);
		if (f == NULL) {
			free(p);
			continue;
		}
		if (fread(p, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size)
			unit_fail++;
		fclose(f);
		/* A crash does not return: the last name printed is the
		 * file that crashed. */
		fprintf(stderr, "replay %s\n", path);
		one(p, (size_t)sb.st_size);
		free(p);
		unit_pass++;
	}
	closedir(d);
}

int
main(void)
{
	/* The harnesses send standard output to /dev/null: keep ours. */
	int out = dup(STDOUT_FILENO);

	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		replay(targets[i].target, targets[i].one);
	fflush(stdout);
	dup2(out, STDOUT_FILENO);
	close(out);
	return UNIT_DONE("test_crashes");
}
