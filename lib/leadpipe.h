/*
 * leadpipe.h -- the public umbrella header of the leadpipe library.
 */
#ifndef LEADPIPE_H
#define LEADPIPE_H

#include "lp_err.h"
#include "lp_util.h"
#include "lp_stream.h"
#include "lp_writer.h"
#include "lp_store.h"
#include "lp_files.h"
#include "lp_cli.h"
#include "lp_alias.h"
#include "lp_date.h"
#include "lp_norm.h"
#include "lp_expr.h"
#include "lp_playbook.h"
#include "lp_score.h"
#include "lp_check.h"

#endif
