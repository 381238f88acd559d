/*
 * lp_dedupe_int.h -- what the dedupe files share: the [dedupe] section
 * as parsed (lp_dedupe_conf.c) and read by the engine (lp_dedupe.c).
 */
#ifndef LP_DEDUPE_INT_H
#define LP_DEDUPE_INT_H

#include <stdbool.h>

#include "lp_err.h"
#include "lp_playbook.h"
#include "lp_stream.h"
#include "lp_util.h"

#define MAXF	4	/* fields one comparison or key part reads */
#define MAXLV	8	/* agreement levels of one comparison */
#define MAXCMP	24	/* comparisons */
#define MAXPART	4	/* parts of one blocking key */

/* What a value is normalised as (lp_match.h). */
enum kind {
	K_TEXT, K_EMAIL, K_PHONE, K_NAME, K_COMPANY, K_DOMAIN, K_DIGITS,
	K_NUMBER, K_DATE
};

enum ltype {
	L_EXACT, L_JARO, L_EDIT, L_TOKENS, L_NICKNAME, L_INITIAL, L_SWAPPED,
	L_WITHIN, L_DAYS, L_DAYMONTH
};

struct level {
	enum ltype	 t;
	double		 x;		/* threshold or distance */
	bool		 tf;		/* exact: term-frequency adjusted */
	int		 swapcmp;	/* L_SWAPPED: the other comparison */
	double		 m, u;		/* as written, or estimated */
	bool		 mset, uset;	/* written in the playbook */
	char		 name[24];	/* "jaro 0.92", for reasons */
};

struct compare {
	const char	*label;
	const char	*fields[MAXF];
	int		 nfields;
	int		 cols[MAXF];	/* in the input, -1 absent */
	enum kind	 kind;
	struct level	 lv[MAXLV];
	int		 nlv;
	double		 m_else, u_else;	/* the disagreement level */
	bool		 m_else_set;	/* "else m=X" */
	bool		 optional;	/* "if present" */
	long		 line;
	int		 col;
	int		 slot;		/* first feature slot */
	const char	*swapfield;	/* L_SWAPPED: the crossed field */
	int		 swapslot;
};

enum pfn { P_VALUE, P_SOUNDEX, P_INITIAL, P_PREFIX };

struct part {
	const char	*field;
	int		 col;
	enum kind	 kind;
	enum pfn	 fn;
	int		 arg;		/* P_PREFIX: bytes */
};

struct block {
	const char	*label;
	struct part	 parts[MAXPART];
	int		 nparts;
	bool		 sorted;	/* sorted neighbourhood */
	int		 window;
	bool		 optional;
	bool		 skip;		/* a column is absent: not run */
	long		 line;
	int		 col;
};

enum srule {
	S_PRIMARY, S_RECENT, S_COMPLETE, S_PRIORITY, S_SUM, S_MIN, S_MAX,
	S_FIRST
};

struct survive {
	const char	*label;
	const char	*fields[16];	/* "*": every other field */
	int		 nfields;
	enum srule	 rule;
	const char	*by;		/* recent/priority: the field */
	int		 bycol;
	const char	*order[16];	/* priority: values, best first */
	int		 norder;
	long		 line;
};

struct conf {
	double		 match, review;
	long		 max_block, em, samples;
	bool		 gmail;
	struct compare	 cmp[MAXCMP];
	int		 ncmp;
	struct block	 blk[16];
	int		 nblk;
	struct survive	 srv[32];
	int		 nsrv;
	struct survive	 primary;	/* rule choosing the primary record */
	const char	*id;		/* the field naming records (lead_id) */
	long		 id_line;
	int		 id_col;
	const char	*exact[MAXF];	/* exact-key mode fields */
	int		 nexact;
	long		 line;		/* of [dedupe], for errors */
	char		 strs[65536];	/* owned strings */
	size_t		 nstrs;
};

/* Parse [dedupe] of pb into c (strings owned by c or pb).  0, or -1
 * with a playbook error. */
int	lp_dedupe_conf(const struct lp_playbook *, struct conf *,
	    struct lp_err *);
/* A copy of p[0..n) owned by c (exits via lp_oom when c is full). */
const char *lp_dedupe_conf_save(struct conf *, const char *p, size_t n);
/* The kind a canonical field is compared as when no "as" is given. */
enum kind lp_dedupe_kind_of(const char *field);
/* Parse a kind name; -1 when unknown. */
int	lp_dedupe_kind(const char *name);

#endif
