/*
 * fuzz_common.h -- helpers the playbook, expression and pipeline
 * harnesses share: quiet standard streams, a fixed lead header, records
 * filled from input bytes, and a directory of file(NAME) lists.
 * Everything is static (tests/unit/test_crashes.c includes every harness
 * into one program).
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leadpipe.h"
#include "lp_check.h"
#include "lp_expr.h"
#include "lp_norm.h"
#include "lp_playbook.h"
#include "lp_score.h"

/* 2026-11-01T00:00:00Z: what "now" is in every harness run. */
#define FUZZ_NOW	INT64_C(1793491200)

/* Columns of a typical export: canonical names, aliases, a spaced name. */
static const char *const fuzz_columns[] = {
	"email", "Job Title", "employees", "country", "created_at",
	"last_activity_at", "page_views", "email_clicks", "demo_requested",
	"status", "Lead Status", "amount", "Annual Revenue", "industry",
	"phone", "x", NULL
};

/* Standard output and input go to /dev/null, once per process. */
static inline void
fuzz_common_init(void)
{
	static int done;
	int fd;

	if (done)
		return;
	done = 1;
	lp_progname = "fuzz";
	lp_verbosity = -1;
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDIN_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
}

/* A directory with a few file(NAME) value lists, made once. */
static inline const char *
fuzz_listdir(void)
{
	static char dir[64];
	char path[128];
	FILE *f;

	if (dir[0] != '\0')
		return dir;
	snprintf(dir, sizeof(dir), "/tmp/leadpipe-fuzz-lists.%ld",
	    (long)getuid());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/list.txt", dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("# competitors\nacme.com\nglobex.com\n\n\"Initech Inc\"\n",
		    f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/a", dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("US\nCA\nGB\n", f);
		fclose(f);
	}
	return dir;
}

static inline struct lp_header *
fuzz_header(void)
{
	struct lp_header *h = lp_header_new();

	for (int i = 0; fuzz_columns[i] != NULL; i++)
		lp_header_add(h, fuzz_columns[i]);
	return h;
}

/* Fill rec's columns from data, values separated by sep. */
static inline void
fuzz_fill(struct lp_record *rec, const uint8_t *data, size_t n, int sep)
{
	int col = 0;

	while (n > 0 && fuzz_columns[col] != NULL) {
		const uint8_t *e = memchr(data, sep, n);
		size_t k = e ? (size_t)(e - data) : n;

		lp_record_set(rec, col++, (const char *)data, k);
		if (e == NULL)
			break;
		data += k + 1;
		n -= k + 1;
	}
}

#endif
