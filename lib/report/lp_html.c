/*
 * lp_html.c -- escaping, the page frame and inline SVG charts.
 *
 * Every number written into SVG is formatted with one decimal by "%.1f"
 * (LC_NUMERIC is "C" in every program), every string goes through
 * lp_html_esc, and nothing refers outside the page.
 */
#include <stdio.h>
#include <string.h>

#include "lp_html.h"

static const char *const palette[] = {
	"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
	"#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
};

const char *
lp_html_color(int i)
{
	int n = (int)(sizeof(palette) / sizeof(palette[0]));

	return palette[((i % n) + n) % n];
}

/* Length of the valid UTF-8 sequence at p (1-4), or 0. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	size_t k;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		k = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		k = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		k = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (k > n)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    cp == 0xfffe || cp == 0xffff)
		return 0;
	return k;
}

void
lp_html_esc(struct lp_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t k = utf8_len(p + i, n - i);

		if (k == 0) {
			lp_buf_adds(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		if (k > 1) {
			/* C1 controls are not allowed in XML 1.0 text. */
			if (!(p[i] == 0xc2 && p[i + 1] < 0xa0))
				lp_buf_add(b, p + i, k);
			i += k;
			continue;
		}
		switch (p[i]) {
		case '&': lp_buf_adds(b, "&amp;"); break;
		case '<': lp_buf_adds(b, "&lt;"); break;
		case '>': lp_buf_adds(b, "&gt;"); break;
		case '"': lp_buf_adds(b, "&quot;"); break;
		case '\'': lp_buf_adds(b, "&#39;"); break;
		case '\t': case '\n': lp_buf_addc(b, ' '); break;
		default:
			if (p[i] >= 0x20 && p[i] != 0x7f)
				lp_buf_addc(b, (char)p[i]);
		}
		i++;
	}
}

void
lp_html_escs(struct lp_buf *b, const char *s)
{
	lp_html_esc(b, s, strlen(s));
}

static const char css[] =
"body{font-family:-apple-system,'Segoe UI',Roboto,'DejaVu Sans',Arial,"
"sans-serif;margin:24px auto;max-width:1160px;color:#222;"
"background:#fff;line-height:1.4}"
"h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;"
"border-bottom:1px solid #ddd;padding-bottom:4px}"
"p.lead{color:#555;margin:0 0 16px}p.note{color:#666;font-size:13px;"
"margin:2px 0 8px}"
".grid{display:flex;flex-wrap:wrap;gap:24px}"
".card{flex:1 1 540px;min-width:0}"
"svg{display:block;max-width:100%;height:auto}"
"svg text{font-size:12px;fill:#333}svg text.t{font-size:13px;"
"font-weight:bold}"
"table{border-collapse:collapse;font-size:12.5px;margin:4px 0 12px}"
"th,td{border-bottom:1px solid #e4e4e4;padding:3px 8px;text-align:left;"
"white-space:nowrap}th{background:#f4f6f8}td.n{text-align:right;"
"font-variant-numeric:tabular-nums}"
"details summary{cursor:pointer;color:#345;font-size:14px;margin:6px 0}"
".wrap{overflow-x:auto}";

void
lp_html_begin(struct lp_buf *b, const char *title)
{
	lp_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"/>\n<title>");
	lp_html_escs(b, title);
	lp_buf_adds(b, "</title>\n<style>");
	lp_buf_adds(b, css);
	lp_buf_adds(b, "</style>\n</head>\n<body>\n");
}

void
lp_html_end(struct lp_buf *b)
{
	lp_buf_adds(b, "</body>\n</html>\n");
}

static void
svg_open(struct lp_buf *b, int w, int h, const char *title)
{
	lp_buf_printf(b, "<svg "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">"
	    "<title>", w, h, w, h);
	lp_html_escs(b, title);
	lp_buf_adds(b, "</title>\n");
}

/* Text that fits: cut to max code points with an ellipsis. */
static void
text_fit(struct lp_buf *b, const char *s, size_t max)
{
	size_t n = strlen(s), cps = 0, i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++cps > max)
			break;
	lp_html_esc(b, s, i);
	if (i < n)
		lp_buf_adds(b, "\xe2\x80\xa6");
}

void
lp_svg_bars(struct lp_buf *b, const char *title, const struct lp_bar *bar,
    size_t n, double max, int width)
{
	const int lw = 150, row = 24, top = 8, tw = 150;
	int h = top + (int)n * row + 8, plot = width - lw - tw;

	if (max <= 0)
		for (size_t i = 0; i < n; i++) {
			if (bar[i].value > max)
				max = bar[i].value;
			if (bar[i].hi > max && bar[i].lo <= bar[i].hi)
				max = bar[i].hi;
		}
	if (max <= 0)
		max = 1;
	svg_open(b, width, h, title);
	for (size_t i = 0; i < n; i++) {
		double y = top + (double)i * row;
		double w = bar[i].value / max * plot;

		lp_buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">",
		    lw - 8, y + 15);
		text_fit(b, bar[i].label, 22);
		lp_buf_printf(b, "</text><rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%d\" fill=\"%s\"/>", lw, y + 3, w < 0 ? 0 : w,
		    row - 6, bar[i].color ? bar[i].color : palette[0]);
		if (bar[i].lo <= bar[i].hi) {
			double x0 = lw + bar[i].lo / max * plot;
			double x1 = lw + bar[i].hi / max * plot;

			lp_buf_printf(b, "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1f"
			    "M%.1f %.1fV%.1f\" stroke=\"#222\" stroke-width=\"1.5\" "
			    "fill=\"none\"/>", x0, y + 12, x1, x0, y + 7, y + 17,
			    x1, y + 7, y + 17);
		}
		lp_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">",
		    lw + (bar[i].hi > bar[i].value && bar[i].lo <= bar[i].hi ?
		    bar[i].hi / max * plot : w < 0 ? 0 : w) + 6, y + 15);
		lp_html_escs(b, bar[i].text ? bar[i].text : "");
		lp_buf_adds(b, "</text>\n");
	}
	lp_buf_adds(b, "</svg>\n");
}

void
lp_svg_funnel(struct lp_buf *b, const char *title, const struct lp_bar *bar,
    size_t n, int width)
{
	const int row = 44, top = 6, lw = 130, tw = 200;
	int plot = width - lw - tw, h = top + (int)n * row + 4;
	double max = n > 0 && bar[0].value > 0 ? bar[0].value : 1;
	double cx = lw + plot / 2.0;

	svg_open(b, width, h, title);
	for (size_t i = 0; i < n; i++) {
		double y = top + (double)i * row;
		double w = bar[i].value / max * plot;
		double wn = i + 1 < n ? bar[i + 1].value / max * plot : w;

		if (w < 2)
			w = 2;
		if (wn < 2)
			wn = 2;
		/* A trapezoid narrowing to the next stage's width. */
		lp_buf_printf(b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f "
		    "%.1fZ\" fill=\"%s\"/>", cx - w / 2, y, cx + w / 2, y,
		    cx + wn / 2, y + row - 4, cx - wn / 2, y + row - 4,
		    bar[i].color ? bar[i].color : lp_html_color((int)i));
		lp_buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" "
		    "class=\"t\">", lw - 10, y + row / 2.0 + 3);
		text_fit(b, bar[i].label, 18);
		lp_buf_printf(b, "</text><text x=\"%d\" y=\"%.1f\">", lw + plot +
		    10, y + row / 2.0 + 3);
		lp_html_escs(b, bar[i].text ? bar[i].text : "");
		lp_buf_adds(b, "</text>\n");
	}
	lp_buf_adds(b, "</svg>\n");
}

void
lp_svg_stacked(struct lp_buf *b, const char *title, const char *const *rows,
    size_t nrows, const char *const *series, const char *const *colors,
    size_t nseries, const double *v, int width)
{
	const int lw = 150, row = 24, top = 30, tw = 60;
	int plot = width - lw - tw, h = top + (int)nrows * row + 8;
	double max = 0, x;

	for (size_t r = 0; r < nrows; r++) {
		double s = 0;

		for (size_t k = 0; k < nseries; k++)
			s += v[r * nseries + k];
		if (s > max)
			max = s;
	}
	if (max <= 0)
		max = 1;
	svg_open(b, width, h, title);
	/* The legend. */
	x = lw;
	for (size_t k = 0; k < nseries; k++) {
		lp_buf_printf(b, "<rect x=\"%.1f\" y=\"6\" width=\"12\" "
		    "height=\"12\" fill=\"%s\"/><text x=\"%.1f\" y=\"16\">", x,
		    colors[k], x + 16);
		lp_html_escs(b, series[k]);
		lp_buf_adds(b, "</text>");
		x += 28 + 7.0 * (double)strlen(series[k]);
	}
	lp_buf_addc(b, '\n');
	for (size_t r = 0; r < nrows; r++) {
		double y = top + (double)r * row, s = 0;

		lp_buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">",
		    lw - 8, y + 15);
		text_fit(b, rows[r], 22);
		lp_buf_adds(b, "</text>");
		x = lw;
		for (size_t k = 0; k < nseries; k++) {
			double w = v[r * nseries + k] / max * plot;

			s += v[r * nseries + k];
			if (w <= 0)
				continue;
			lp_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
			    " height=\"%d\" fill=\"%s\"/>", x, y + 3, w, row - 6,
			    colors[k]);
			x += w;
		}
		lp_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%.0f</text>\n",
		    x + 6, y + 15, s);
	}
	lp_buf_adds(b, "</svg>\n");
}

void
lp_svg_flow(struct lp_buf *b, const char *title, const char *const *nodes,
    const int *col, const char *const *color, size_t nn,
    const struct lp_flow_link *l, size_t nl, int width, int height)
{
	const int nw = 14, pad = 10, top = 24, lw = 170, rw = 170;
	int ncol = 0;
	double in[256] = { 0 }, out[256] = { 0 }, val[256], y[256];
	double oin[256], oout[256], colsum[16] = { 0 }, scale = 1e300;
	int colcnt[16] = { 0 };
	double colx[16];
	static const char *const heads[] = { "source", "stage now",
	    "outcome" };

	if (nn > 256)
		nn = 256;
	for (size_t i = 0; i < nn; i++)
		if (col[i] + 1 > ncol)
			ncol = col[i] + 1 > 16 ? 16 : col[i] + 1;
	for (size_t k = 0; k < nl; k++) {
		if (l[k].from < 0 || l[k].to < 0 || (size_t)l[k].from >= nn ||
		    (size_t)l[k].to >= nn)
			continue;
		out[l[k].from] += l[k].value;
		in[l[k].to] += l[k].value;
	}
	for (size_t i = 0; i < nn; i++) {
		val[i] = in[i] > out[i] ? in[i] : out[i];
		colsum[col[i]] += val[i];
		colcnt[col[i]]++;
	}
	for (int c = 0; c < ncol; c++) {
		double avail = height - top - 8 - pad * (colcnt[c] - 1);

		if (colsum[c] > 0 && avail / colsum[c] < scale)
			scale = avail / colsum[c];
		colx[c] = ncol > 1 ? lw + (double)c * (width - lw - rw - nw) /
		    (ncol - 1) : lw;
	}
	if (scale > 1e299)
		scale = 1;
	svg_open(b, width, height, title);
	for (int c = 0; c < ncol && c < 3; c++)
		lp_buf_printf(b, "<text x=\"%.1f\" y=\"14\" class=\"t\" "
		    "text-anchor=\"%s\">%s</text>", colx[c] + nw / 2.0,
		    c == 0 ? "end" : c == ncol - 1 ? "start" : "middle",
		    heads[c]);
	{
		double cy[16];

		for (int c = 0; c < ncol; c++)
			cy[c] = top;
		for (size_t i = 0; i < nn; i++) {
			y[i] = cy[col[i]];
			cy[col[i]] += val[i] * scale + pad;
			oin[i] = oout[i] = y[i];
		}
	}
	/* Links under the nodes: a band from the source's right edge to the
	 * target's left edge, stacked in link order at both ends. */
	for (size_t k = 0; k < nl; k++) {
		int f = l[k].from, t = l[k].to;
		double w = l[k].value * scale, x0, x1, xm;

		if (f < 0 || t < 0 || (size_t)f >= nn || (size_t)t >= nn ||
		    w <= 0)
			continue;
		x0 = colx[col[f]] + nw;
		x1 = colx[col[t]];
		xm = (x0 + x1) / 2;
		lp_buf_printf(b, "<path d=\"M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f "
		    "%.1fL%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1fZ\" fill=\"%s\" "
		    "fill-opacity=\"0.35\"><title>", x0, oout[f], xm, oout[f],
		    xm, oin[t], x1, oin[t], x1, oin[t] + w, xm, oin[t] + w, xm,
		    oout[f] + w, x0, oout[f] + w, color[f]);
		lp_html_escs(b, nodes[f]);
		lp_buf_adds(b, " \xe2\x86\x92 ");
		lp_html_escs(b, nodes[t]);
		lp_buf_printf(b, ": %.0f</title></path>\n", l[k].value);
		oout[f] += w;
		oin[t] += w;
	}
	for (size_t i = 0; i < nn; i++) {
		double h = val[i] * scale;
		int c = col[i];

		lp_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" "
		    "height=\"%.1f\" fill=\"%s\"/>", colx[c], y[i], nw,
		    h < 1 ? 1 : h, color[i]);
		if (c == 0)
			lp_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" "
			    "text-anchor=\"end\">", colx[c] - 6, y[i] + h / 2 + 4);
		else
			lp_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">",
			    colx[c] + nw + 6, y[i] + h / 2 + 4);
		text_fit(b, nodes[i], 20);
		lp_buf_printf(b, " (%.0f)</text>\n", val[i]);
	}
	lp_buf_adds(b, "</svg>\n");
}
