/*
 * lp_err -- error values, warnings and checked allocation.  The library
 * never prints an error itself: it fills a struct lp_err and returns, and
 * the program prints it once through lp_err_report (lp_cli.c).  Warnings
 * and -v information are the exception: they go to stderr as they happen.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_err.h"

const char *lp_progname = "leadpipe";
int lp_verbosity = 0;

static void
vset(struct lp_err *err, int code, const char *file, long line, int col,
    const char *src, const char *fmt, va_list ap)
{
	if (err == NULL || err->code != 0)
		return;
	err->code = code;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->col = col;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	snprintf(err->src, sizeof(err->src), "%s", src ? src : "");
	/* Keep only the first line of the source for the caret display. */
	err->src[strcspn(err->src, "\r\n")] = '\0';
}

int
lp_err_set(struct lp_err *err, int code, const char *file, long line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, code, file, line, 0, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int
lp_err_setc(struct lp_err *err, int code, const char *file, long line,
    int col, const char *src, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, code, file, line, col, src, fmt, ap);
	va_end(ap);
	return -1;
}

void
lp_fputs_safe(const char *s, FILE *f)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
			fputs("\\x", f);
			fputc(hex[*p >> 4], f);
			fputc(hex[*p & 15], f);
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* A C1 control (U+0080..U+009F): CSI is one. */
			fputs("\\u00", f);
			fputc(hex[p[1] >> 4], f);
			fputc(hex[p[1] & 15], f);
			p++;
		} else
			fputc(*p, f);
	}
}

/* "prog: " what, the message and a newline, as one line on stderr even
 * when lp_stream_map's worker writes too.  Messages quote data (field
 * values, file names): control characters are escaped. */
static void
say(const char *what, const char *fmt, va_list ap)
{
	char small[1024], *buf = small;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small)) {
		buf = lp_xmalloc((size_t)n + 1);
		vsnprintf(buf, (size_t)n + 1, fmt, aq);
	}
	va_end(aq);
	flockfile(stderr);
	fprintf(stderr, "%s: %s", lp_progname, what);
	lp_fputs_safe(n >= 0 ? buf : "", stderr);
	fputc('\n', stderr);
	funlockfile(stderr);
	if (buf != small)
		free(buf);
}

void
lp_warn(const char *fmt, ...)
{
	va_list ap;

	if (lp_verbosity < 0)
		return;
	va_start(ap, fmt);
	say("warning: ", fmt, ap);
	va_end(ap);
}

void
lp_info(const char *fmt, ...)
{
	va_list ap;

	if (lp_verbosity < 1)
		return;
	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
}

void
lp_oom(void)
{
	fprintf(stderr, "%s: out of memory\n", lp_progname);
	exit(EX_OSERR);
}

void *
lp_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		lp_oom();
	return p;
}

void *
lp_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		lp_oom();
	return p;
}

void *
lp_xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		lp_oom();
	return p;
}

void *
lp_xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		lp_oom();
	return lp_xrealloc(p, n * size);
}

char *
lp_xstrdup(const char *s)
{
	return lp_xstrndup(s, strlen(s));
}

char *
lp_xstrndup(const char *s, size_t n)
{
	char *p = lp_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
