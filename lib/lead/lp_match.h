/*
 * lp_match -- values made comparable, and string comparators, for
 * record matching (lead-dedupe).
 *
 *   normalisers: raw field -> matching key (e-mail, person name, company
 *                name, domain, digits, plain text), each appending to a
 *                buffer; the key is what blocking and comparison see
 *   comparators: two keys -> similarity in [0, 1] (Jaro-Winkler,
 *                Damerau-Levenshtein ratio, token-set)
 *
 * Nothing here allocates per call beyond the caller's buffers, except
 * the nickname and free-mail tables, built once on first use (not
 * thread-safe before that first use).
 */
#ifndef LP_MATCH_H
#define LP_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lp_util.h"

/*
 * An e-mail address for matching: trimmed, "mailto:" and "Name <...>"
 * removed, lower case.  With fold (gmail-style): the "+tag" of the local
 * part goes, and for gmail.com / googlemail.com the dots of the local
 * part too, and googlemail.com becomes gmail.com.  Appends to out
 * (nothing when the value has no "@" with text on both sides).
 */
void	lp_match_email(const char *p, size_t n, bool fold, struct lp_buf *out);

/*
 * The code point cp decomposed (NFKD, case-folded, marks stripped), its
 * letters and digits kept, ASCII lower-cased, as UTF-8 into out (room for
 * 4 * maxdec bytes; maxdec at most 32); returns the bytes written, 0 when
 * nothing is kept or the decomposition is longer than maxdec.
 */
size_t	lp_match_fold_cp(int32_t cp, size_t maxdec, char *out);

/*
 * A person or place name for matching: Unicode case folding and accents
 * stripped (utf8proc), letters and digits kept, every run of other
 * characters (spaces, hyphens, dots) one space, apostrophes dropped
 * ("O'Brien-Núñez" -> "obrien nunez").  Appends to out.
 */
void	lp_match_name(const char *p, size_t n, struct lp_buf *out);

/*
 * A company name for matching: lp_match_name, then a leading "the", a
 * trailing "& co" and legal-form words (inc, llc, ltd, gmbh, sa, ag, bv,
 * plc, corp, ...) removed, from the end ("The Acme Corp., Inc." ->
 * "acme").  Appends to out.
 */
void	lp_match_company(const char *p, size_t n, struct lp_buf *out);

/*
 * The domain of a website or an e-mail address: scheme, "www.", path,
 * port and user part removed, lower case ("https://www.Acme.com/x" ->
 * "acme.com", "bob@acme.com" -> "acme.com").  Appends to out.
 */
void	lp_match_domain(const char *p, size_t n, struct lp_buf *out);

/* True when domain d[0..n) is a free-mail provider (gmail.com, ...). */
bool	lp_match_freemail(const char *d, size_t n);

/* The digits of p[0..n) only (phone numbers, ID numbers).  Appends. */
void	lp_match_digits(const char *p, size_t n, struct lp_buf *out);

/*
 * The Soundex code of the first word of a name key (lower-case ASCII
 * letters as lp_match_name writes them): 4 bytes and a NUL into out.
 * Returns 0 when the word has no letter (out is "").
 */
int	lp_match_soundex(const char *p, size_t n, char out[5]);

/*
 * Whether two given-name keys are the same person's name through the
 * nickname table (lib/data/nicknames.txt): Bob and Robert, Liz and
 * Elizabeth, Bill and Will.  Equal names are not nicknames of each
 * other (compare them exactly first).
 */
bool	lp_match_nickname(const char *a, size_t an, const char *b, size_t bn);

/* Jaro-Winkler similarity of two byte strings, in [0, 1]. */
double	lp_jaro_winkler(const char *a, size_t an, const char *b, size_t bn);
/* 1 - optimal string alignment distance / the longer length, in [0, 1];
 * strings over 128 bytes compare equal or 0. */
double	lp_edit_ratio(const char *a, size_t an, const char *b, size_t bn);
/*
 * Token-set similarity of two space-separated keys: the words in common
 * over the words of the shorter one (1 when one's words are all in the
 * other: "acme widgets" and "acme"), words matched exactly; only the
 * first 1024 bytes and 64 words of each are read.
 */
double	lp_token_set(const char *a, size_t an, const char *b, size_t bn);

/*
 * Whether one name key is the initial of the other ("j" and "john", or
 * "j" and "j.").
 */
bool	lp_match_initial(const char *a, size_t an, const char *b, size_t bn);

#endif
