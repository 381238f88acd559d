/*
 * lp_out -- one atomic output file: the bytes under every writer
 * (lp_writer.c) and under the stream's own output and rejects.
 *
 * An output is stdout or a temp file beside its final path (on Linux one
 * with no name until the commit: O_TMPFILE), renamed into place only by
 * a successful commit, so a failed or killed run never
 * leaves a half-written file where the next cron job looks.  Writes go
 * through one large buffer; a write error is remembered and reported at
 * commit.
 */
#define _GNU_SOURCE		/* O_TMPFILE */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lp_err.h"
#include "lp_private.h"

/*
 * A file with no name in path's directory (Linux O_TMPFILE), or -1: it
 * gets a name only at commit, just before the rename, so even SIGKILL
 * (or the OOM killer) mid-run leaves nothing behind.  Only where
 * /proc/self/fd can name it then.
 */
static int
anon_open(const char *path)
{
#ifdef O_TMPFILE
	char *d = lp_xstrdup(path), *slash = strrchr(d, '/');
	int fd;

	if (slash == NULL)
		strcpy(d, ".");
	else
		slash[slash == d ? 1 : 0] = '\0';
	fd = access("/proc/self/fd", X_OK) == 0 ?
	    open(d, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600) : -1;
	free(d);
	return fd;
#else
	(void)path;
	return -1;
#endif
}

/* Give an anonymous temp file the name o->tmp (its XXXXXX made unique). */
static int
anon_name(struct lp_out *o)
{
	static const char abc[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	char proc[64];
	size_t n = strlen(o->tmp);
	struct timespec ts;
	uint64_t r;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", o->fd);
	clock_gettime(CLOCK_REALTIME, &ts);
	r = (uint64_t)ts.tv_nsec * 6364136223846793005u ^ (uint64_t)getpid();
	for (int tries = 0; tries < 100; tries++) {
		for (size_t i = n - 6; i < n; i++) {
			r = r * 6364136223846793005u + 1442695040888963407u;
			o->tmp[i] = abc[(r >> 33) % (sizeof(abc) - 1)];
		}
		/* Named for the signal handler before it exists. */
		if (o->slot > 0)
			lp_files_output_tmp(o->slot - 1, o->tmp);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp,
		    AT_SYMLINK_FOLLOW) == 0) {
			o->anon = false;
			return 0;
		}
		if (errno != EEXIST)
			break;
	}
	return -1;
}

int
lp_out_open(struct lp_out *o, const char *path, struct lp_err *err)
{
	int slot;

	memset(o, 0, sizeof(*o));
	o->fd = STDOUT_FILENO;
	/* Not an input, nor another output of this run. */
	if ((slot = lp_files_output(path, err)) < 0)
		return -1;
	o->slot = slot + 1;
	if (path != NULL && strcmp(path, "-") != 0) {
		struct stat sb;
		size_t n;

		/*
		 * -o /dev/full, /dev/null, a terminal or a FIFO: there is
		 * nothing to replace atomically, and renaming a temp file
		 * onto it replaced the device node itself (root can create
		 * files in /dev).  Write to it directly.
		 */
		if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			if (S_ISDIR(sb.st_mode) ||
			    (o->fd = open(path, O_WRONLY)) < 0) {
				lp_err_set(err, EX_CANTCREAT, path, 0,
				    "cannot create: %s", S_ISDIR(sb.st_mode) ?
				    strerror(EISDIR) : strerror(errno));
				lp_files_output_done(slot);
				o->slot = 0;
				o->fd = STDOUT_FILENO;
				return -1;
			}
			o->path = lp_xstrdup(path);
			lp_buf_reserve(&o->b, LP_OUTCAP + 1);
			return 0;
		}
		/* A symbolic link to a file (-o /dev/stdout redirected to a
		 * file): replace the file, not the link. */
		if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) &&
		    (o->path = realpath(path, NULL)) != NULL)
			path = o->path;
		else
			o->path = lp_xstrdup(path);
		/* -o replaces the file: the new one keeps its mode. */
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			o->keep_mode = true;
			o->mode = sb.st_mode & 07777;
		}
		n = strlen(path);
		o->tmp = lp_xmalloc(n + 16);
		snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
		if ((o->fd = anon_open(path)) >= 0) {
			o->anon = true;
			lp_buf_reserve(&o->b, LP_OUTCAP + 1);
			return 0;
		}
		if ((o->fd = mkstemp(o->tmp)) < 0) {
			lp_err_set(err, EX_CANTCREAT, path, 0,
			    "cannot create: %s", strerror(errno));
			/* The caller does not abort an output that failed
			 * to open (--rejects leaked its path): free
			 * everything here (path may be o->path). */
			free(o->tmp);
			o->tmp = NULL;
			free(o->path);
			o->path = NULL;
			lp_files_output_done(slot);
			o->slot = 0;
			o->fd = STDOUT_FILENO;
			return -1;
		}
		/* A signal that ends the run removes it. */
		lp_files_output_tmp(slot, o->tmp);
	}
	lp_buf_reserve(&o->b, LP_OUTCAP + 1);
	return 0;
}

void
lp_out_flush(struct lp_out *o)
{
	const char *p = o->b.p;
	size_t n = o->b.n;

	while (n > 0 && !o->failed) {
		ssize_t w = write(o->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			o->failed = true;
			o->err_no = w < 0 ? errno : EIO;
			break;
		}
		p += w;
		n -= (size_t)w;
	}
	o->b.n = 0;
}

int
lp_out_commit(struct lp_out *o, const char *what, struct lp_err *err)
{
	const char *name = o->path ? o->path : what;
	mode_t mask;

	lp_out_flush(o);
	if (o->failed)
		return lp_err_set(err, EX_IOERR, name, 0, "write error: %s",
		    strerror(o->err_no));
	if (o->tmp == NULL)
		return 0;
	/* The file it replaces may have been read since -o was opened
	 * (lead-score --events). */
	if (lp_files_output_check(o->path, err) < 0)
		return -1;
	/* mkstemp made the file 0600: give it the mode of the file it
	 * replaces, else the usual one. */
	mask = umask(0);
	umask(mask);
	if (fchmod(o->fd, o->keep_mode ? o->mode : 0666 & ~mask) != 0 ||
	    fsync(o->fd) != 0 || (o->anon && anon_name(o) != 0) ||
	    close(o->fd) != 0) {
		o->fd = -1;
		return lp_err_set(err, EX_IOERR, name, 0, "write error: %s",
		    strerror(errno));
	}
	o->fd = -1;
	if (rename(o->tmp, o->path) != 0)
		return lp_err_set(err, EX_CANTCREAT, name, 0,
		    "cannot rename the temp file into place: %s",
		    strerror(errno));
	if (o->slot > 0)
		lp_files_output_tmp(o->slot - 1, NULL);
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

void
lp_out_abort(struct lp_out *o)
{
	if (o->tmp != NULL) {
		if (o->fd >= 0)
			close(o->fd);
		/* An anonymous file goes with its descriptor. */
		if (!o->anon)
			unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	} else if (o->fd > STDERR_FILENO)
		close(o->fd);
	if (o->slot > 0)
		lp_files_output_done(o->slot - 1);
	free(o->path);
	lp_buf_fini(&o->b);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
}
