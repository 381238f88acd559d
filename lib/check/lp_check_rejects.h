/*
 * lp_check_rejects -- the records that never reached lead-check's rules
 * because a reader set them aside: rejected upstream (a rejects file an
 * earlier stage wrote, `lead-norm --rejects FILE`, read back by
 * `lead-check --upstream-rejects FILE`) or by lead-check's own reader
 * (`lead-check --rejects FILE`, counted by the stream).
 *
 *   rejects file (file,line,reason,record) -> count, first examples
 *   stream's rejected count                -> count
 *   -> lp_checker (lp_check.h): each is one error in a row of its own
 *      for the gate; a summary line and a JUnit test case per kind
 *
 * Used by lp_check.c only; lead-check calls lp_check_read_rejects and
 * lp_check_add_rejects (lp_check.h).
 */
#ifndef LP_CHECK_REJECTS_H
#define LP_CHECK_REJECTS_H

#include <stdbool.h>

#include "lp_err.h"
#include "lp_stream.h"
#include "lp_util.h"

/* The two kinds, in the order summary and JUnit list them. */
enum lp_rej_kind { LP_REJ_UPSTREAM, LP_REJ_HERE, LP_REJ_NKINDS };

struct lp_rejects;

/* Empty, keeping at most examples examples per file.  Never NULL. */
struct lp_rejects *lp_rejects_new(int examples);
void	lp_rejects_free(struct lp_rejects *);	/* NULL-safe */

/*
 * Read path, a rejects file, as rejected upstream: its header must be
 * file,line,reason,record (an empty file holds none).  io gives the
 * limits and read size; the file is read as CSV whatever io says.
 * 0, or -1 with err set (66 cannot open, 65 not a rejects file or a
 * record that cannot be read).
 */
int	lp_rejects_read(struct lp_rejects *, const struct lp_io_opts *io,
	    const char *path, struct lp_err *);

/* n records this run's reader rejected into path. */
void	lp_rejects_add(struct lp_rejects *, const char *path, long n);

/* Records of one kind, or of both (kind LP_REJ_NKINDS); files of a kind. */
long	lp_rejects_count(const struct lp_rejects *, enum lp_rej_kind);
int	lp_rejects_files(const struct lp_rejects *, enum lp_rej_kind);

/*
 * The summary lines ("  rejected upstream 3 (bad.csv)", then examples
 * "FILE:LINE: reason" indented by indent spaces), for the files given.
 * prog names this run's reader ("rejected by lead-check").
 */
void	lp_rejects_summary(const struct lp_rejects *, const char *prog,
	    int indent, struct lp_buf *out);

/*
 * How many JUnit test cases lp_rejects_junit writes (one per kind with
 * files), and in *failures how many fail: with the gate failed, those
 * with records (as an error rule with violations does).
 */
int	lp_rejects_ncases(const struct lp_rejects *, bool failed,
	    int *failures);

/*
 * Those test cases: "rejected upstream", "rejected by PROG", listing per
 * file the count and the first examples, in a <failure> when failed,
 * else in <system-out> ("within the gate").
 */
void	lp_rejects_junit(const struct lp_rejects *, const char *prog,
	    bool failed, struct lp_buf *out);

#endif
