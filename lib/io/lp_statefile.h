/*
 * lp_statefile -- a small state file that programs keep between runs
 * (lead-route's round-robin positions): locked, so two runs never use it
 * at once, and replaced atomically, so a run killed at any point leaves
 * it as it was before the run or as the complete run wrote it.
 *
 *   open: open (creating it empty when missing) -> flock(LOCK_EX), which
 *         waits for a run holding it -> if the path now names another
 *         file (the holder replaced it), lock that one instead -> read
 *   replace: temp file beside it -> write, fsync -> rename over the
 *         path -> fsync the directory
 *   close: unlock (a waiting run then locks the new file)
 *
 * The lock is an flock(2) on the state file itself: it goes away with
 * the process, however it ends, so a killed run never leaves a stale
 * lock.  (NFS: flock is advisory and local; keep state on a local disk.)
 */
#ifndef LP_STATEFILE_H
#define LP_STATEFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "lp_err.h"

struct lp_statefile;

/*
 * Lock path (creating an empty file when it does not exist) and read it.
 * wait false: fail at once (73, "locked by another run") instead of
 * waiting for the holder.  readonly: no lock and no file created (a
 * missing file reads as empty): for dry runs, which never write.
 * *waited (may be NULL) is set when the lock was busy at first.
 * Returns a new state file (lp_statefile_close), or NULL with err set
 * (66 cannot open, 74 read error, 73 locked).
 */
struct lp_statefile *lp_statefile_open(const char *path, bool wait,
	    bool readonly, bool *waited, struct lp_err *);
/* The contents read at open, NUL-terminated; borrowed until close. */
const char *lp_statefile_data(const struct lp_statefile *, size_t *n);
/* The path, for messages. */
const char *lp_statefile_path(const struct lp_statefile *);
/*
 * Replace the contents with p[0..n): a temp file beside the state file,
 * fsync, rename, fsync of the directory.  0, or -1 with err set (73, 74);
 * on failure the old contents stay.  Not allowed when opened readonly.
 */
int	lp_statefile_replace(struct lp_statefile *, const char *p, size_t n,
	    struct lp_err *);
/* Unlock and free.  NULL-safe. */
void	lp_statefile_close(struct lp_statefile *);

#endif
