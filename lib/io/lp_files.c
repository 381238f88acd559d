/*
 * lp_files -- the process-wide list of inputs and outputs (lp_files.h):
 * same-file refusal and temp files removed on a signal.
 *
 * Inputs are kept as device and inode, in a ring (a fuzz harness opens
 * millions of inputs; a program, a handful).  Outputs are slots, taken
 * by lp_out_open and given back by commit or abort; a slot's temp file
 * name is what the signal handler unlinks.  Slots change only with the
 * signals blocked, and lp_stream_map's worker thread blocks them for
 * good, so the handler never sees a slot half-written.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lp_err.h"
#include "lp_files.h"
#include "lp_private.h"

#define NINPUTS		1024
#define NOUTPUTS	64

/* Inputs: noted for good (lp_files_input), or while a stream has them
 * open (refs). */
static struct infile {
	dev_t	dev;
	ino_t	ino;
	int	refs;
	bool	pinned;
} inputs[NINPUTS];
static size_t ninputs;

static struct outfile {
	bool		 used, is_stdout, exists;
	dev_t		 dev;
	ino_t		 ino;
	char		*canon;		/* a file not made yet: dir/name */
	char *volatile	 tmp;		/* unlinked on a signal */
} outputs[NOUTPUTS];

static const int signals[] = { SIGHUP, SIGINT, SIGTERM };
static volatile sig_atomic_t handlers_set;

static void
on_signal(int sig)
{
	int saved = errno;

	for (int i = 0; i < NOUTPUTS; i++) {
		char *t = outputs[i].tmp;

		if (outputs[i].used && t != NULL)
			unlink(t);
	}
	errno = saved;
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Install the handler for each signal whose disposition is the
 * default (an ignored SIGHUP under nohup stays ignored). */
static void
set_handlers(void)
{
	struct sigaction sa, old;

	if (handlers_set)
		return;
	handlers_set = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		sigaddset(&sa.sa_mask, signals[i]);
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (sigaction(signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_DFL)
			sigaction(signals[i], &sa, NULL);
}

static void
block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		sigaddset(&set, signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

static void
unblock(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

void
lp_files_block_signals(sigset_t *old)
{
	block(old);
}

static struct infile *
find_input(dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < ninputs; i++)
		if (inputs[i].dev == dev && inputs[i].ino == ino)
			return &inputs[i];
	return NULL;
}

static bool
is_input(dev_t dev, ino_t ino)
{
	return find_input(dev, ino) != NULL;
}

/* Note (delta 0: for good), take (+1) or give back (-1) an input. */
static void
note_input(const char *path, int delta)
{
	struct infile *f;
	struct stat sb;

	if (path == NULL || strcmp(path, "-") == 0 || stat(path, &sb) != 0 ||
	    !S_ISREG(sb.st_mode))
		return;
	if ((f = find_input(sb.st_dev, sb.st_ino)) == NULL) {
		if (delta < 0 || ninputs == NINPUTS)
			return;		/* past NINPUTS: not checked */
		f = &inputs[ninputs++];
		f->dev = sb.st_dev;
		f->ino = sb.st_ino;
		f->refs = 0;
		f->pinned = false;
	}
	if (delta == 0)
		f->pinned = true;
	f->refs += delta;
	if (f->refs <= 0 && !f->pinned)
		*f = inputs[--ninputs];
}

void
lp_files_input(const char *path)
{
	note_input(path, 0);
}

void
lp_files_input_open(const char *path)
{
	note_input(path, 1);
}

void
lp_files_input_close(const char *path)
{
	note_input(path, -1);
}

/* dir/name with the directory resolved, for a file not made yet. */
static char *
canonical(const char *path)
{
	char *d = lp_xstrdup(path), *b = lp_xstrdup(path), *rd, *out;
	size_t n;

	rd = realpath(dirname(d), NULL);
	if (rd == NULL) {
		free(d);
		free(b);
		return lp_xstrdup(path);
	}
	n = strlen(rd) + strlen(basename(b)) + 2;
	out = lp_xmalloc(n);
	snprintf(out, n, "%s/%s", rd, basename(b));
	free(rd);
	free(d);
	free(b);
	return out;
}

int
lp_files_output(const char *path, struct lp_err *err)
{
	struct outfile o = { .used = true };
	struct stat sb;
	sigset_t old;
	int slot = -1;

	if (path == NULL || strcmp(path, "-") == 0)
		o.is_stdout = true;
	else if (stat(path, &sb) == 0) {
		if (S_ISREG(sb.st_mode)) {
			o.exists = true;
			o.dev = sb.st_dev;
			o.ino = sb.st_ino;
			if (is_input(o.dev, o.ino))
				return lp_err_set(err, EX_USAGE, path, 0,
				    "is also an input; write the output to "
				    "another file");
		}
	} else
		o.canon = canonical(path);
	for (int i = 0; i < NOUTPUTS; i++) {
		const struct outfile *u = &outputs[i];

		if (!u->used)
			continue;
		if ((o.is_stdout && u->is_stdout) ||
		    (o.exists && u->exists && o.dev == u->dev &&
		    o.ino == u->ino) ||
		    (o.canon != NULL && u->canon != NULL &&
		    strcmp(o.canon, u->canon) == 0)) {
			free(o.canon);
			return lp_err_set(err, EX_USAGE, o.is_stdout ?
			    "<stdout>" : path, 0, "two outputs of this run "
			    "would write to it; give each its own file");
		}
	}
	block(&old);
	for (int i = 0; i < NOUTPUTS; i++)
		if (!outputs[i].used) {
			outputs[i] = o;
			slot = i;
			break;
		}
	unblock(&old);
	if (slot < 0) {
		/* Past NOUTPUTS: neither checked nor cleaned up. */
		free(o.canon);
		slot = NOUTPUTS;
	}
	return slot;
}

void
lp_files_output_tmp(int slot, const char *tmp)
{
	sigset_t old;

	if (slot < 0 || slot >= NOUTPUTS)
		return;
	char *copy = tmp != NULL ? lp_xstrdup(tmp) : NULL, *prev;

	set_handlers();
	block(&old);
	prev = outputs[slot].tmp;
	outputs[slot].tmp = copy;
	unblock(&old);
	free(prev);
}

int
lp_files_output_check(const char *path, struct lp_err *err)
{
	struct stat sb;

	if (path != NULL && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    is_input(sb.st_dev, sb.st_ino))
		return lp_err_set(err, EX_USAGE, path, 0, "is also an input; "
		    "write the output to another file");
	return 0;
}

void
lp_files_output_done(int slot)
{
	sigset_t old;
	char *tmp, *canon;

	if (slot < 0 || slot >= NOUTPUTS)
		return;
	block(&old);
	tmp = outputs[slot].tmp;
	canon = outputs[slot].canon;
	outputs[slot].tmp = NULL;
	outputs[slot].canon = NULL;
	outputs[slot].used = outputs[slot].is_stdout = false;
	outputs[slot].exists = false;
	unblock(&old);
	free(tmp);
	free(canon);
}
