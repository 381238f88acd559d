/*
 * lp_statefile -- locked, atomically replaced state files (lp_statefile.h).
 *
 * Invariant: while a state file is open (not readonly) this process holds
 * an exclusive flock on the inode the path names; the path is only ever
 * changed by rename(2) of a complete, fsynced temp file, so readers see
 * the old contents or the new, never a mix.  A waiter that wakes up
 * holding the lock of an inode that is no longer the path's (the holder
 * replaced it) drops it and locks the new one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lp_statefile.h"
#include "lp_util.h"

struct lp_statefile {
	char		*path;
	int		 fd;		/* locked; -1 when readonly */
	bool		 readonly;
	struct lp_buf	 data;
};

static int
read_all(int fd, struct lp_buf *b)
{
	char chunk[8192];
	ssize_t r;

	for (;;) {
		r = read(fd, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		lp_buf_add(b, chunk, (size_t)r);
		if (b->n > (64u << 20)) {
			errno = EFBIG;
			return -1;
		}
	}
}

static int
lock_path(struct lp_statefile *sf, bool wait, bool *waited,
    struct lp_err *err)
{
	struct stat a, b;

	for (;;) {
		sf->fd = open(sf->path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
		if (sf->fd < 0)
			return lp_err_set(err, EX_NOINPUT, sf->path, 0,
			    "cannot open the state file: %s",
			    strerror(errno));
		if (flock(sf->fd, LOCK_EX | LOCK_NB) != 0) {
			if (errno != EWOULDBLOCK && errno != EINTR)
				return lp_err_set(err, EX_IOERR, sf->path, 0,
				    "cannot lock the state file: %s",
				    strerror(errno));
			if (!wait)
				return lp_err_set(err, EX_CANTCREAT, sf->path,
				    0, "the state file is locked by another "
				    "run");
			if (waited != NULL)
				*waited = true;
			while (flock(sf->fd, LOCK_EX) != 0)
				if (errno != EINTR)
					return lp_err_set(err, EX_IOERR,
					    sf->path, 0, "cannot lock the "
					    "state file: %s", strerror(errno));
		}
		/* The holder we waited for may have renamed a new file
		 * over the path: then our lock is on a dead inode. */
		if (fstat(sf->fd, &a) == 0 && stat(sf->path, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return 0;
		close(sf->fd);
		sf->fd = -1;
	}
}

struct lp_statefile *
lp_statefile_open(const char *path, bool wait, bool readonly, bool *waited,
    struct lp_err *err)
{
	struct lp_statefile *sf = lp_xcalloc(1, sizeof(*sf));

	sf->path = lp_xstrdup(path);
	sf->fd = -1;
	sf->readonly = readonly;
	lp_buf_init(&sf->data);
	if (waited != NULL)
		*waited = false;
	if (readonly) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0 && errno != ENOENT) {
			lp_err_set(err, EX_NOINPUT, path, 0,
			    "cannot open the state file: %s", strerror(errno));
			goto fail;
		}
		if (fd >= 0) {
			int rc = read_all(fd, &sf->data);

			close(fd);
			if (rc != 0) {
				lp_err_set(err, EX_IOERR, path, 0,
				    "cannot read the state file: %s",
				    strerror(errno));
				goto fail;
			}
		}
	} else {
		if (lock_path(sf, wait, waited, err) != 0)
			goto fail;
		if (read_all(sf->fd, &sf->data) != 0) {
			lp_err_set(err, EX_IOERR, path, 0,
			    "cannot read the state file: %s", strerror(errno));
			goto fail;
		}
	}
	lp_buf_cstr(&sf->data);
	return sf;
fail:
	lp_statefile_close(sf);
	return NULL;
}

const char *
lp_statefile_data(const struct lp_statefile *sf, size_t *n)
{
	*n = sf->data.n;
	return sf->data.p != NULL ? sf->data.p : "";
}

const char *
lp_statefile_path(const struct lp_statefile *sf)
{
	return sf->path;
}

int
lp_statefile_replace(struct lp_statefile *sf, const char *p, size_t n,
    struct lp_err *err)
{
	size_t len = strlen(sf->path) + 16;
	char *tmp = lp_xmalloc(len), *dir, *slash;
	mode_t mask;
	int fd, rc = -1;

	if (sf->readonly) {
		free(tmp);
		return lp_err_set(err, EX_SOFTWARE, sf->path, 0,
		    "the state file was opened read-only");
	}
	snprintf(tmp, len, "%s.tmp.XXXXXX", sf->path);
	if ((fd = mkstemp(tmp)) < 0) {
		lp_err_set(err, EX_CANTCREAT, sf->path, 0,
		    "cannot create a temp file beside the state file: %s",
		    strerror(errno));
		free(tmp);
		return -1;
	}
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			lp_err_set(err, EX_IOERR, sf->path, 0,
			    "cannot write the state file: %s",
			    w < 0 ? strerror(errno) : "short write");
			goto out;
		}
		p += w;
		n -= (size_t)w;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || fsync(fd) != 0) {
		lp_err_set(err, EX_IOERR, sf->path, 0,
		    "cannot write the state file: %s", strerror(errno));
		goto out;
	}
	if (rename(tmp, sf->path) != 0) {
		lp_err_set(err, EX_CANTCREAT, sf->path, 0,
		    "cannot rename the temp file into place: %s",
		    strerror(errno));
		goto out;
	}
	rc = 0;
	/* Make the rename itself durable. */
	dir = lp_xstrdup(sf->path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		slash[slash == dir ? 1 : 0] = '\0';
	} else {
		dir[0] = '.';
		dir[1] = '\0';
	}
	{
		int dfd = open(dir, O_RDONLY | O_CLOEXEC);

		if (dfd >= 0) {
			(void)fsync(dfd);
			close(dfd);
		}
	}
	free(dir);
out:
	close(fd);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

void
lp_statefile_close(struct lp_statefile *sf)
{
	if (sf == NULL)
		return;
	if (sf->fd >= 0)
		close(sf->fd);	/* releases the flock */
	lp_buf_fini(&sf->data);
	free(sf->path);
	free(sf);
}
