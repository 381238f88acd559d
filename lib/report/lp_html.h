/*
 * lp_html -- building blocks for self-contained report pages: escaping,
 * a page frame with inline CSS, and inline SVG charts (horizontal bars
 * with optional interval whiskers, stacked bars, a funnel, a flow
 * diagram).  No script, no external URL; the output is well-formed XML
 * (XHTML-compatible HTML5), so xmllint can check it.  For lead-report's
 * page now, and lead-fit's later.
 */
#ifndef LP_HTML_H
#define LP_HTML_H

#include <stddef.h>

#include "lp_util.h"

/* Text or attribute value: & < > " ' escaped, control characters
 * dropped, invalid UTF-8 bytes replaced with U+FFFD. */
void	lp_html_esc(struct lp_buf *, const char *p, size_t n);
void	lp_html_escs(struct lp_buf *, const char *s);

/* <!DOCTYPE html> ... <body>, with the page's CSS; and the end. */
void	lp_html_begin(struct lp_buf *, const char *title);
void	lp_html_end(struct lp_buf *);

/* The colour of series i (a fixed palette, cycled). */
const char *lp_html_color(int i);

/* One bar: value, an optional interval [lo, hi] (lo > hi: none), the
 * text written after it, and its colour (NULL: the palette's first). */
struct lp_bar {
	const char	*label;
	double		 value, lo, hi;
	const char	*text;
	const char	*color;
};

/* Horizontal bars scaled to max (<= 0: the largest value), width px. */
void	lp_svg_bars(struct lp_buf *, const char *title,
	    const struct lp_bar *, size_t n, double max, int width);
/* A funnel: bars centred and scaled to the first, one under another. */
void	lp_svg_funnel(struct lp_buf *, const char *title,
	    const struct lp_bar *, size_t n, int width);

/* Stacked bars: row r has nseries values v[r * nseries + s]. */
void	lp_svg_stacked(struct lp_buf *, const char *title,
	    const char *const *rows, size_t nrows,
	    const char *const *series, const char *const *colors,
	    size_t nseries, const double *v, int width);

/* A flow (Sankey-like) diagram: nodes in columns (col[i] = 0, 1, 2 ...),
 * links from node to node with a value; band widths are to scale. */
struct lp_flow_link {
	int	from, to;
	double	value;
};
void	lp_svg_flow(struct lp_buf *, const char *title,
	    const char *const *nodes, const int *col, const char *const *color,
	    size_t nnodes, const struct lp_flow_link *, size_t nlinks,
	    int width, int height);

#endif
