/*
 * lp_fit_html -- lead-fit's page (--html FILE): the ROC curves of the
 * model, the proposal and the current playbook, calibration by band of
 * predicted probability, conversion by grade before and after the
 * proposal, and each rule's lift with its interval.  One self-contained
 * file: inline CSS and SVG, no script, no URL.
 *
 * The small SVG helpers below stand in for lead-report's lib/report
 * lp_html building blocks (branch i23-report), which are not in main
 * yet; once they are, the escaping, frame and bars here switch to them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lp_fit_int.h"

static const char *const color[] = { "#1f77b4", "#ff7f0e", "#2ca02c",
	"#d62728", "#7f7f7f" };

static void
esc(struct lp_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': lp_buf_adds(b, "&amp;"); break;
		case '<': lp_buf_adds(b, "&lt;"); break;
		case '>': lp_buf_adds(b, "&gt;"); break;
		case '"': lp_buf_adds(b, "&quot;"); break;
		case '\'': lp_buf_adds(b, "&#39;"); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t' ||
			    *s == '\n')
				lp_buf_addc(b, *s);
		}
	}
}

/* A ROC curve of values s[] (by global rows) as an SVG polyline. */
static void
roc_line(struct lp_buf *b, const struct lp_fit *f, const double *s,
    const size_t *rows, size_t n, const char *col, int x0, int y0, int w)
{
	size_t *ord = lp_xcalloc(n + 1, sizeof(size_t));
	double P = 0, N = 0, tp = 0, fp = 0;

	for (size_t i = 0; i < n; i++) {
		ord[i] = i;
		P += f->y[rows[i]];
	}
	N = (double)n - P;
	/* Insertion into descending order would be quadratic: sort. */
	for (size_t gap = n / 2; gap > 0; gap /= 2)	/* shell sort */
		for (size_t i = gap; i < n; i++)
			for (size_t j = i; j >= gap &&
			    s[ord[j - gap]] < s[ord[j]]; j -= gap) {
				size_t x = ord[j];

				ord[j] = ord[j - gap];
				ord[j - gap] = x;
			}
	lp_buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" "
	    "stroke-width=\"2\" points=\"%d,%d", col, x0, y0 + w);
	for (size_t i = 0; i < n && P > 0 && N > 0;) {
		size_t j = i;

		while (j < n && s[ord[j]] == s[ord[i]]) {
			if (f->y[rows[ord[j]]])
				tp++;
			else
				fp++;
			j++;
		}
		lp_buf_printf(b, " %.1f,%.1f", x0 + w * fp / N,
		    y0 + w - w * tp / P);
		i = j;
	}
	lp_buf_adds(b, "\"/>\n");
	free(ord);
}

static void
legend(struct lp_buf *b, int x, int y, const char *col, const char *text)
{
	lp_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" "
	    "fill=\"%s\"/><text x=\"%d\" y=\"%d\">", x, y - 10, col, x + 18, y);
	esc(b, text);
	lp_buf_adds(b, "</text>\n");
}

/* Ticks 0, 50%, 100% on both axes of a square plot at x0, y0. */
static void
ticks(struct lp_buf *b, int x0, int y0, int w)
{
	for (int i = 0; i <= 2; i++) {
		lp_buf_printf(b, "<text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"middle\">%d%%</text>", x0 + w * i / 2,
		    y0 + w + 15, 50 * i);
		lp_buf_printf(b, "<text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"end\">%d%%</text>\n", x0 - 4,
		    y0 + w - w * i / 2 + 4, 50 * i);
	}
}

static void
roc(struct lp_buf *b, struct lp_fit *f)
{
	bool test = f->ntest > 0;
	const size_t *rows = test ? f->srows : f->trows;
	size_t n = test ? f->ntest : f->ntrain;
	double *cur = lp_xcalloc(n + 1, sizeof(double));
	double *prop = lp_xcalloc(n + 1, sizeof(double));
	const int x0 = 60, y0 = 20, w = 300;
	char t[160];

	for (size_t i = 0; i < n; i++) {
		size_t g = rows[i];
		int ti = g >= f->t[0].n;
		size_t r = ti ? g - f->t[0].n : g;

		cur[i] = f->t[ti].cur[r];
		prop[i] = f->t[ti].prop[r];
	}
	lp_buf_printf(b, "<h2>ROC curve (%s)</h2>\n<svg width=\"640\" "
	    "height=\"%d\" viewBox=\"0 0 640 %d\">\n", test ? "test rows" :
	    "cross-validated", w + 60, w + 60);
	lp_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"none\" stroke=\"#999\"/>\n<line x1=\"%d\" y1=\"%d\" "
	    "x2=\"%d\" y2=\"%d\" stroke=\"#ccc\" stroke-dasharray=\"4\"/>\n",
	    x0, y0, w, w, x0, y0 + w, x0 + w, y0);
	ticks(b, x0, y0, w);
	roc_line(b, f, test ? f->ptest : f->oof, rows, n, color[0], x0, y0, w);
	roc_line(b, f, prop, rows, n, color[1], x0, y0, w);
	roc_line(b, f, cur, rows, n, color[4], x0, y0, w);
	lp_buf_printf(b, "<text x=\"%d\" y=\"%d\">false positive rate</text>"
	    "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\">true "
	    "positive rate</text>\n", x0 + 90, y0 + w + 35, y0 + w / 2 + 60,
	    y0 + w / 2 + 60);
	snprintf(t, sizeof(t), "model, AUC %.3f", test ? f->m_test.auc :
	    f->m_cv.auc);
	legend(b, x0 + w + 20, y0 + 20, color[0], t);
	snprintf(t, sizeof(t), "proposed playbook, AUC %.3f",
	    f->a_prop[test]);
	legend(b, x0 + w + 20, y0 + 45, color[1], t);
	snprintf(t, sizeof(t), "current playbook, AUC %.3f", f->a_cur[test]);
	legend(b, x0 + w + 20, y0 + 70, color[4], t);
	lp_buf_adds(b, "</svg>\n");
	free(cur);
	free(prop);
}

static void
calib(struct lp_buf *b, struct lp_fit *f)
{
	bool test = f->ntest > 0;
	const size_t *rows = test ? f->srows : f->trows;
	size_t n = test ? f->ntest : f->ntrain;
	const double *p = test ? f->ptest : f->oof;
	long bn[10] = { 0 }, bw[10] = { 0 };
	double bp[10] = { 0 };
	const int x0 = 60, y0 = 20, w = 300;

	for (size_t i = 0; i < n; i++) {
		int k = (int)(p[i] * 10);

		k = k < 0 ? 0 : k > 9 ? 9 : k;
		bn[k]++;
		bw[k] += f->y[rows[i]];
		bp[k] += p[i];
	}
	lp_buf_printf(b, "<h2>Calibration by band of predicted "
	    "probability</h2>\n<svg width=\"640\" height=\"%d\" "
	    "viewBox=\"0 0 640 %d\">\n", w + 60, w + 60);
	lp_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"none\" stroke=\"#999\"/>\n<line x1=\"%d\" y1=\"%d\" "
	    "x2=\"%d\" y2=\"%d\" stroke=\"#ccc\" stroke-dasharray=\"4\"/>\n",
	    x0, y0, w, w, x0, y0 + w, x0 + w, y0);
	ticks(b, x0, y0, w);
	for (int k = 0; k < 10; k++) {
		double lo, hi, px, py;

		if (bn[k] == 0)
			continue;
		lp_wilson(bw[k], bn[k], &lo, &hi);
		px = x0 + w * bp[k] / (double)bn[k];
		py = y0 + w - w * (double)bw[k] / (double)bn[k];
		lp_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"%s\"/><circle cx=\"%.1f\" "
		    "cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"><title>%d-%d%%: %ld "
		    "leads, %ld won</title></circle>\n", px, y0 + w - w * lo,
		    px, y0 + w - w * hi, color[0], px, py,
		    3 + 4 * sqrt((double)bn[k] / (double)(n ? n : 1)),
		    color[0], k * 10, k * 10 + 10, bn[k], bw[k]);
	}
	lp_buf_printf(b, "<text x=\"%d\" y=\"%d\">predicted</text><text "
	    "x=\"10\" y=\"%d\" transform=\"rotate(-90 10 %d)\">observed"
	    "</text>\n</svg>\n", x0 + 110, y0 + w + 35, y0 + w / 2 + 30,
	    y0 + w / 2 + 30);
}

static void
grades(struct lp_buf *b, struct lp_fit *f)
{
	bool test = f->ntest > 0;
	const size_t *rows = test ? f->srows : f->trows;
	size_t n = test ? f->ntest : f->ntrain;
	long *cn = lp_xcalloc(f->ngrades + 1, sizeof(long));
	long *cw = lp_xcalloc(f->ngrades + 1, sizeof(long));
	long *pn = lp_xcalloc(f->ngrades + 1, sizeof(long));
	long *pw = lp_xcalloc(f->ngrades + 1, sizeof(long));
	size_t *ord = lp_xcalloc(f->ngrades + 1, sizeof(size_t));
	int h = (int)f->ngrades * 40 + 40;

	for (size_t i = 0; i < n; i++) {
		size_t g = rows[i];
		int ti = g >= f->t[0].n;
		size_t r = ti ? g - f->t[0].n : g;

		cn[f->t[ti].gcur[r]]++;
		cw[f->t[ti].gcur[r]] += f->y[g];
		pn[f->t[ti].gprop[r]]++;
		pw[f->t[ti].gprop[r]] += f->y[g];
	}
	lp_buf_printf(b, "<h2>Conversion by grade, current and proposed</h2>"
	    "\n<svg width=\"640\" height=\"%d\" viewBox=\"0 0 640 %d\">\n",
	    h, h);
	lp_fit_grade_order(f, ord);
	for (size_t kk = 0; kk < f->ngrades; kk++) {
		size_t k = ord[kk];
		int y = 20 + (int)kk * 40;

		lp_buf_printf(b, "<text x=\"10\" y=\"%d\">", y + 14);
		esc(b, f->gname[k]);
		lp_buf_adds(b, "</text>\n");
		for (int s = 0; s < 2; s++) {
			long nn = s ? pn[k] : cn[k], ww = s ? pw[k] : cw[k];
			double r = nn ? (double)ww / (double)nn : 0;

			lp_buf_printf(b, "<rect x=\"100\" y=\"%d\" width=\"%.1f\""
			    " height=\"15\" fill=\"%s\"/><text x=\"%.1f\" "
			    "y=\"%d\">%.1f%% of %ld (%s)</text>\n", y + s * 17,
			    400 * r, color[s ? 1 : 4], 106 + 400 * r,
			    y + s * 17 + 12, 100 * r, nn, s ? "proposed" :
			    "current");
		}
	}
	lp_buf_adds(b, "</svg>\n");
	free(cn);
	free(cw);
	free(pn);
	free(pw);
	free(ord);
}

static void
lifts(struct lp_buf *b, struct lp_fit *f)
{
	double max = 2;
	int h = (int)f->nrules * 26 + 50;

	for (size_t i = 0; i < f->nrules; i++)
		if (f->ev[i].fires > 0 && f->ev[i].lift_hi > max)
			max = f->ev[i].lift_hi;
	lp_buf_printf(b, "<h2>Lift of each rule (conversion when it fires / "
	    "overall, 95%% interval)</h2>\n<svg width=\"760\" height=\"%d\" "
	    "viewBox=\"0 0 760 %d\">\n", h, h);
	lp_buf_printf(b, "<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%d\" "
	    "stroke=\"#999\" stroke-dasharray=\"4\"/><text x=\"%.1f\" "
	    "y=\"%d\">1 (no effect)</text>\n", 260 + 400 / max, 260 + 400 / max,
	    h - 30, 230 + 400 / max, h - 12);
	for (size_t i = 0; i < f->nrules; i++) {
		const struct evidence *e = &f->ev[i];
		int y = 14 + (int)i * 26;
		const char *c = strcmp(e->flag, "hurts") == 0 ? color[3] :
		    strcmp(e->flag, "helps") == 0 ? color[2] : color[4];

		lp_buf_printf(b, "<text x=\"10\" y=\"%d\">%+g ", y + 12,
		    f->rules[i].src->points);
		esc(b, f->rules[i].src->label);
		lp_buf_printf(b, "</text>\n<rect x=\"260\" y=\"%d\" "
		    "width=\"%.1f\" height=\"14\" fill=\"%s\" "
		    "opacity=\"0.7\"/>", y, 400 * lp_fit_fin(e->lift) / max, c);
		if (e->fires > 0)	/* no interval for a rule never seen */
			lp_buf_printf(b, "<line x1=\"%.1f\" y1=\"%d\" "
			    "x2=\"%.1f\" y2=\"%d\" stroke=\"#000\"/>",
			    260 + 400 * e->lift_lo / max, y + 7,
			    260 + 400 * e->lift_hi / max, y + 7);
		lp_buf_printf(b, "<text x=\"670\" y=\"%d\">%.2f ", y + 12,
		    lp_fit_fin(e->lift));
		esc(b, e->flag);
		lp_buf_adds(b, "</text>\n");
	}
	lp_buf_adds(b, "</svg>\n");
}

int
lp_fit_html(struct lp_fit *f, FILE *fp)
{
	struct lp_buf b = { 0 };
	int rc = 0;

	lp_buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<title>lead-fit</title>\n<style>\n"
	    "body { font: 14px sans-serif; margin: 2em; color: #222; }\n"
	    "svg text { font: 12px sans-serif; }\n"
	    "pre { background: #f6f6f6; padding: 1em; white-space: pre-wrap; }\n"
	    "</style>\n</head>\n<body>\n<h1>lead-fit: what predicts a won "
	    "lead</h1>\n");
	lp_buf_printf(&b, "<p>%ld closed leads (%ld won, %ld lost); %ld open "
	    "left out. Fitted on %zu, tested on %zu. These are correlations "
	    "in past leads, not causes; see lead-fit(1).</p>\n",
	    f->won_n + f->lost_n, f->won_n, f->lost_n,
	    f->t[0].open + f->t[1].open, f->ntrain, f->ntest);
	roc(&b, f);
	calib(&b, f);
	grades(&b, f);
	lifts(&b, f);
	lp_buf_adds(&b, "<h2>The report</h2>\n<pre>");
	{
		struct lp_buf r = { 0 };
		FILE *m = open_memstream(&r.p, &r.n);

		if (m != NULL) {
			lp_fit_write(f, LP_FIT_REPORT, m);
			fclose(m);
			esc(&b, r.p);
			free(r.p);
		}
	}
	lp_buf_adds(&b, "</pre>\n</body>\n</html>\n");
	if (fwrite(b.p, 1, b.n, fp) != b.n)
		rc = -1;
	lp_buf_fini(&b);
	return rc;
}
