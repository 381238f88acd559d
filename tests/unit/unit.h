/*
 * unit.h -- the lib unit tests' few macros.  A failed check prints
 * file:line and what differed, and the test goes on; main() returns the
 * result of UNIT_DONE(), which prints "NAME: N passed, N failed".
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_pass, unit_fail;

#define CHECK(cond) do {						\
	if (cond) unit_pass++;						\
	else { unit_fail++;						\
	    fprintf(stderr, "%s:%d: check failed: %s\n",		\
		__FILE__, __LINE__, #cond); }				\
} while (0)

#define CHECK_INT(got, want) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ == w_) unit_pass++;					\
	else { unit_fail++;						\
	    fprintf(stderr, "%s:%d: %s is %lld, want %lld\n",		\
		__FILE__, __LINE__, #got, g_, w_); }			\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0) unit_pass++; \
	else if (g_ == NULL && w_ == NULL) unit_pass++;			\
	else { unit_fail++;						\
	    fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n",	\
		__FILE__, __LINE__, #got, g_ ? g_ : "(null)",		\
		w_ ? w_ : "(null)"); }					\
} while (0)

/* Compare a (pointer, length) slice with a C string. */
#define CHECK_MEM(p, n, want) do {					\
	const char *p_ = (p), *w_ = (want); size_t n_ = (n);		\
	if (n_ == strlen(w_) && (n_ == 0 || memcmp(p_, w_, n_) == 0))	\
		unit_pass++;						\
	else { unit_fail++;						\
	    fprintf(stderr, "%s:%d: %s is \"%.*s\", want \"%s\"\n",	\
		__FILE__, __LINE__, #p, (int)n_, p_ ? p_ : "", w_); }	\
} while (0)

#define UNIT_DONE(name) \
	(printf("%s: %d passed, %d failed\n", (name), unit_pass, unit_fail), \
	 unit_fail != 0)

#endif
