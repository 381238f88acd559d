/*
 * lp_err -- one error value filled by the library and printed once by the
 * program, after jansson's json_error_t.  The first error set wins: a
 * cleanup path that fails again does not overwrite the cause.
 */
#ifndef LP_ERR_H
#define LP_ERR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sysexits.h>

struct lp_err {
	int	code;		/* exit status (EX_* from <sysexits.h>); 0 = none */
	char	file[256];	/* "<stdin>" for standard input; "" = none */
	long	line;		/* 0 = not about a line */
	int	col;		/* 0 = not about a column */
	char	msg[512];
	char	src[256];	/* offending source line, for the caret; "" = none */
};

#define LP_ERR_INIT { 0, "", 0, 0, "", "" }

/* Set err unless an error is already set.  file may be NULL.  Returns -1. */
int	lp_err_set(struct lp_err *, int code, const char *file, long line,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Same, with a column and the source line shown under the message. */
int	lp_err_setc(struct lp_err *, int code, const char *file, long line,
	    int col, const char *src, const char *fmt, ...)
	    __attribute__((format(printf, 7, 8)));

/*
 * The program's name and verbosity, set once by lp_cli_init (the only
 * mutable globals of the library).  verbosity: -1 quiet, 0 normal, 1+ -v.
 */
extern const char *lp_progname;
extern int lp_verbosity;

/*
 * Write s to f with control characters escaped (\x1b, \x0d, \u009b; tab
 * kept), so a value quoted in a message cannot move the cursor, clear
 * the screen or retitle the user's terminal.
 */
void	lp_fputs_safe(const char *s, FILE *f);

/* "prog: warning: ..." on stderr unless quiet (escaped: lp_fputs_safe). */
void	lp_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: ..." on stderr only with -v. */
void	lp_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: out of memory" and exit 71 (EX_OSERR). */
void	lp_oom(void) __attribute__((noreturn));

/* Checked allocation: exit via lp_oom on failure or size overflow. */
void	*lp_xmalloc(size_t);
void	*lp_xcalloc(size_t, size_t);
void	*lp_xrealloc(void *, size_t);
void	*lp_xreallocarray(void *, size_t, size_t);
char	*lp_xstrdup(const char *);
char	*lp_xstrndup(const char *, size_t);

#endif
