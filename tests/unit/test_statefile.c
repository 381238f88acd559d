/* test_statefile -- lp_statefile: create, read, replace, lock. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lp_statefile.h"
#include "unit.h"

static char dir[] = "/tmp/test_statefile.XXXXXX";

int
main(void)
{
	struct lp_err err = LP_ERR_INIT;
	struct lp_statefile *sf;
	char path[256], buf[64];
	const char *d;
	size_t n;
	bool waited;
	int fd;
	FILE *f;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/state", dir);

	/* Read-only: a missing file reads empty and is not created. */
	sf = lp_statefile_open(path, true, true, NULL, &err);
	CHECK(sf != NULL);
	d = lp_statefile_data(sf, &n);
	CHECK_INT(n, 0);
	CHECK_STR(d, "");
	CHECK(lp_statefile_replace(sf, "x", 1, &err) == -1);
	lp_statefile_close(sf);
	CHECK(access(path, F_OK) != 0);

	/* Locked: created empty, replaced, read back. */
	err.code = 0;
	sf = lp_statefile_open(path, true, false, &waited, &err);
	CHECK(sf != NULL && !waited);
	CHECK(access(path, F_OK) == 0);
	/* While held, another open fails with --no-wait's error. */
	{
		struct lp_err e2 = LP_ERR_INIT;
		struct lp_statefile *sf2;

		sf2 = lp_statefile_open(path, false, false, NULL, &e2);
		CHECK(sf2 == NULL);
		lp_statefile_close(sf2);
		CHECK_INT(e2.code, EX_CANTCREAT);
		CHECK_STR(e2.msg, "the state file is locked by another run");
	}
	/* Replacing is the holder's last act: the new file is free. */
	CHECK_INT(lp_statefile_replace(sf, "one\n", 4, &err), 0);
	lp_statefile_close(sf);
	sf = lp_statefile_open(path, false, false, NULL, &err);
	CHECK(sf != NULL);
	if (sf != NULL) {
		d = lp_statefile_data(sf, &n);
		CHECK_MEM(d, n, "one\n");
	}
	lp_statefile_close(sf);

	/* Someone else's flock on the file: no-wait fails. */
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0 && flock(fd, LOCK_EX) == 0);
	err.code = 0;
	CHECK(lp_statefile_open(path, false, false, NULL, &err) == NULL);
	close(fd);

	/* No temp file is left after a replace. */
	snprintf(buf, sizeof(buf), "ls %s | wc -l", dir);
	f = popen(buf, "r");
	CHECK(f != NULL && fgets(buf, sizeof(buf), f) != NULL);
	CHECK_STR(buf, "1\n");
	if (f != NULL)
		pclose(f);

	/* A directory that cannot be written: the open fails cleanly. */
	err.code = 0;
	CHECK(lp_statefile_open("/nonexistent-dir/state", true, false, NULL,
	    &err) == NULL);
	CHECK_INT(err.code, EX_NOINPUT);

	unlink(path);
	rmdir(dir);
	return UNIT_DONE("test_statefile");
}
