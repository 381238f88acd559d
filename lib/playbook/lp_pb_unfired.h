/*
 * lp_pb_unfired -- the scoring rules that cannot fire on an input because
 * the fields they read are columns it lacks (lead-score says so once).
 */
#ifndef LP_PB_UNFIRED_H
#define LP_PB_UNFIRED_H

#include <stdbool.h>
#include <stdint.h>

#include "lp_playbook.h"
#include "lp_stream.h"

/*
 * For each field of pb's [score.fit] and [score.engagement] that hdr
 * lacks and that leaves a rule unable to fire (a condition that reads
 * only absent fields and does not hold on an empty record; a `per` of
 * absent fields; a `when` that cannot hold) or the decay without its
 * `half_life ... from` field, call report(arg, field, what) once, in the
 * order first met; what is "\"A\", \"B\" cannot fire" and/or "engagement
 * never decays (half_life ... from F)".  engagement false leaves out
 * [score.engagement] (lead-score --events scores it from events).
 * Returns how many fields.
 */
int	lp_playbook_unfired(const struct lp_playbook *pb,
	    const struct lp_header *hdr, int64_t now, bool engagement,
	    void (*report)(void *arg, const char *field, const char *what),
	    void *arg);

#endif
