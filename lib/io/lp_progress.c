/*
 * lp_progress -- the text of the progress line (--progress).  With the
 * input's size known: percent, rate, records and the time left.  From a
 * pipe the size is unknown, and so is the time left: records, records
 * per second and the rate only, never an ETA made up from nothing.
 */
#include <stdio.h>

#include "lp_private.h"

size_t
lp_progress_format(char *out, size_t cap, const char *prog, uint64_t done,
    uint64_t total, long records, double secs)
{
	double rate = secs > 0 ? (double)done / secs : 0;
	int n;

	if (total == 0) {
		n = snprintf(out, cap, "\r%s: %ld records  %.0f records/s  "
		    "%.1f MB/s\033[K", prog, records,
		    secs > 0 ? (double)records / secs : 0, rate / 1e6);
	} else {
		long eta = rate > 0 && total > done ?
		    (long)((double)(total - done) / rate) : 0;

		n = snprintf(out, cap, "\r%s: %5.1f%%  %.1f MB/s  %ld records  "
		    "ETA %ld:%02ld\033[K", prog, 100.0 * (double)done /
		    (double)total, rate / 1e6, records, eta / 60, eta % 60);
	}
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}
