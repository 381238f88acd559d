/*
 * lp_report_render.c -- the report's sections as aligned text, CSV/TSV
 * (one block per section, a blank line between: Miller's csvlite reads
 * it; --section gives one clean table), JSON and Markdown.
 *
 * Values come from strangers' exports: text output replaces control
 * characters (no terminal escapes), CSV neutralises formulas unless told
 * not to, Markdown escapes its own syntax, JSON escapes as JSON must.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_esc.h"
#include "lp_report.h"

static void
fmt_val(const struct lp_val *v, bool text, struct lp_buf *b)
{
	switch (v->type) {
	case LP_V_NULL:
		if (text)
			lp_buf_addc(b, '-');
		break;
	case LP_V_STR:
		lp_buf_adds(b, v->s);
		break;
	case LP_V_INT:
		lp_buf_printf(b, "%lld", v->i);
		break;
	case LP_V_PCT:
		lp_buf_printf(b, text ? "%.1f%%" : "%.1f", v->f);
		break;
	}
}

/* Display width: UTF-8 code points. */
static size_t
width(const char *p, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)p[i] & 0xc0) != 0x80;
	return w;
}

/* Text for a terminal: control characters become '?'. */
static void
add_safe(struct lp_buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		/* C1 controls (U+0080-U+009F, C2 80-9F in UTF-8) too. */
		if (c == 0xc2 && i + 1 < n && (unsigned char)p[i + 1] >= 0x80 &&
		    (unsigned char)p[i + 1] <= 0x9f) {
			lp_buf_adds(b, "??");
			i++;
		} else
			lp_buf_addc(b, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
}

static void
render_text(const struct lp_table *t, struct lp_buf *out)
{
	size_t nc = (size_t)t->ncols, *w = lp_xcalloc(nc, sizeof(*w));
	struct lp_buf cell, row;

	lp_buf_init(&cell);
	lp_buf_init(&row);
	for (size_t c = 0; c < nc; c++)
		w[c] = width(t->cols[c], strlen(t->cols[c]));
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < nc; c++) {
			size_t k;

			cell.n = 0;
			fmt_val(&t->v[r * nc + c], true, &cell);
			if ((k = width(cell.p, cell.n)) > w[c])
				w[c] = k;
		}
	lp_buf_printf(out, "%s\n", t->title);
	if (t->note != NULL)
		lp_buf_printf(out, "(%s)\n", t->note);
	for (size_t r = 0; r <= t->nrows; r++) {
		row.n = 0;
		for (size_t c = 0; c < nc; c++) {
			const struct lp_val *v = r > 0 ?
			    &t->v[(r - 1) * nc + c] : NULL;
			bool right = v != NULL && v->type != LP_V_STR;
			size_t k;

			cell.n = 0;
			if (v == NULL)
				lp_buf_adds(&cell, t->cols[c]);
			else
				fmt_val(v, true, &cell);
			k = width(cell.p, cell.n);
			if (c > 0)
				lp_buf_adds(&row, "  ");
			for (size_t i = k; right && i < w[c]; i++)
				lp_buf_addc(&row, ' ');
			add_safe(&row, cell.p, cell.n);
			for (size_t i = k; !right && c + 1 < nc && i < w[c];
			    i++)
				lp_buf_addc(&row, ' ');
		}
		while (row.n > 0 && row.p[row.n - 1] == ' ')
			row.n--;
		lp_buf_add(out, row.p, row.n);
		lp_buf_addc(out, '\n');
	}
	lp_buf_fini(&cell);
	lp_buf_fini(&row);
	free(w);
}


static void
csv_cell(struct lp_buf *b, const char *p, size_t n, char delim, bool safe)
{
	bool q = false;

	for (size_t i = 0; i < n; i++)
		if (p[i] == delim || p[i] == '"' || p[i] == '\n' ||
		    p[i] == '\r')
			q = true;
	if (q)
		lp_buf_addc(b, '"');
	if (safe && lp_formula_like(p, n))
		lp_buf_addc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"')
			lp_buf_addc(b, '"');
		lp_buf_addc(b, p[i]);
	}
	if (q)
		lp_buf_addc(b, '"');
}

static void
render_csv(const struct lp_table *t, char delim, bool safe,
    struct lp_buf *out)
{
	struct lp_buf cell;
	size_t nc = (size_t)t->ncols;

	lp_buf_init(&cell);
	lp_buf_adds(out, "section");
	for (size_t c = 0; c < nc; c++) {
		lp_buf_addc(out, delim);
		csv_cell(out, t->cols[c], strlen(t->cols[c]), delim, false);
	}
	lp_buf_addc(out, '\n');
	for (size_t r = 0; r < t->nrows; r++) {
		lp_buf_adds(out, t->name);
		for (size_t c = 0; c < nc; c++) {
			const struct lp_val *v = &t->v[r * nc + c];

			lp_buf_addc(out, delim);
			cell.n = 0;
			fmt_val(v, false, &cell);
			csv_cell(out, cell.p, cell.n, delim,
			    safe && v->type == LP_V_STR);
		}
		lp_buf_addc(out, '\n');
	}
	lp_buf_fini(&cell);
}

static void
json_str(struct lp_buf *b, const char *s)
{
	lp_buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			lp_buf_addc(b, '\\');
			lp_buf_addc(b, (char)c);
		} else if (c == '\n')
			lp_buf_adds(b, "\\n");
		else if (c == '\t')
			lp_buf_adds(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			lp_buf_printf(b, "\\u%04x", c);
		else
			lp_buf_addc(b, (char)c);
	}
	lp_buf_addc(b, '"');
}

static void
render_json(const struct lp_table *t, struct lp_buf *out)
{
	size_t nc = (size_t)t->ncols;

	json_str(out, t->name);
	lp_buf_adds(out, ": [");
	for (size_t r = 0; r < t->nrows; r++) {
		lp_buf_adds(out, r > 0 ? ",\n    {" : "\n    {");
		for (size_t c = 0; c < nc; c++) {
			const struct lp_val *v = &t->v[r * nc + c];

			if (c > 0)
				lp_buf_adds(out, ", ");
			json_str(out, t->cols[c]);
			lp_buf_adds(out, ": ");
			if (v->type == LP_V_NULL)
				lp_buf_adds(out, "null");
			else if (v->type == LP_V_STR)
				json_str(out, v->s);
			else
				fmt_val(v, false, out);
		}
		lp_buf_addc(out, '}');
	}
	lp_buf_adds(out, t->nrows > 0 ? "\n  ]" : "]");
}

static void
md_cell(struct lp_buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c != 0 && strchr("|\\`*[]<", c) != NULL) {
			lp_buf_addc(b, '\\');
			lp_buf_addc(b, (char)c);
		} else
			lp_buf_addc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
	}
}

static void
render_md(const struct lp_table *t, struct lp_buf *out)
{
	size_t nc = (size_t)t->ncols;
	struct lp_buf cell;

	lp_buf_init(&cell);
	lp_buf_printf(out, "## %s\n\n", t->title);
	if (t->note != NULL) {
		md_cell(out, t->note, strlen(t->note));
		lp_buf_adds(out, "\n\n");
	}
	lp_buf_addc(out, '|');
	for (size_t c = 0; c < nc; c++) {
		lp_buf_addc(out, ' ');
		md_cell(out, t->cols[c], strlen(t->cols[c]));
		lp_buf_adds(out, " |");
	}
	lp_buf_adds(out, "\n|");
	for (size_t c = 0; c < nc; c++) {
		bool right = t->nrows > 0 && t->v[c].type != LP_V_STR;

		lp_buf_adds(out, right ? " --: |" : " --- |");
	}
	lp_buf_addc(out, '\n');
	for (size_t r = 0; r < t->nrows; r++) {
		lp_buf_addc(out, '|');
		for (size_t c = 0; c < nc; c++) {
			cell.n = 0;
			fmt_val(&t->v[r * nc + c], true, &cell);
			lp_buf_addc(out, ' ');
			md_cell(out, cell.p, cell.n);
			lp_buf_adds(out, " |");
		}
		lp_buf_addc(out, '\n');
	}
	lp_buf_fini(&cell);
}

void
lp_report_render(const struct lp_tables *ts, enum lp_report_format f,
    const char *section, bool excel_safe, struct lp_buf *out)
{
	bool first = true;

	if (f == LP_REPORT_JSON) {
		lp_buf_adds(out, "{\n  \"report\": ");
		json_str(out, ts->heading);
		lp_buf_printf(out, ",\n  \"leads\": %lld, \"read\": %lld, "
		    "\"playbook\": ", ts->leads, ts->read);
		json_str(out, ts->playbook);
		lp_buf_adds(out, ", \"goal\": ");
		json_str(out, ts->goal);
	} else if (f == LP_REPORT_TEXT && section == NULL) {
		add_safe(out, ts->heading, strlen(ts->heading));
		lp_buf_adds(out, "\n\n");
	} else if (f == LP_REPORT_MARKDOWN && section == NULL) {
		lp_buf_adds(out, "# Lead report\n\n");
		md_cell(out, ts->heading, strlen(ts->heading));
		lp_buf_adds(out, "\n\n");
	}
	for (size_t i = 0; i < ts->n; i++) {
		const struct lp_table *t = &ts->t[i];

		if (section != NULL && strcmp(section, t->name) != 0)
			continue;
		switch (f) {
		case LP_REPORT_TEXT:
			if (!first)
				lp_buf_addc(out, '\n');
			render_text(t, out);
			break;
		case LP_REPORT_CSV:
		case LP_REPORT_TSV:
			if (!first)
				lp_buf_addc(out, '\n');
			render_csv(t, f == LP_REPORT_TSV ? '\t' : ',',
			    excel_safe, out);
			break;
		case LP_REPORT_JSON:
			lp_buf_adds(out, ",\n  ");
			render_json(t, out);
			break;
		case LP_REPORT_MARKDOWN:
			if (!first)
				lp_buf_addc(out, '\n');
			render_md(t, out);
			break;
		case LP_REPORT_HTML:
			break;
		}
		first = false;
	}
	if (f == LP_REPORT_JSON)
		lp_buf_adds(out, "\n}\n");
}

static const char *const format_names[] = { "text", "csv", "tsv", "json",
	"markdown", "html" };

int
lp_report_format_named(const char *name)
{
	if (strcmp(name, "md") == 0)
		return LP_REPORT_MARKDOWN;
	for (int i = 0; i <= LP_REPORT_HTML; i++)
		if (strcmp(name, format_names[i]) == 0)
			return i;
	return -1;
}

enum lp_report_format
lp_report_format_default(enum lp_format to, const char *output, bool tty)
{
	const char *dot = output != NULL ? strrchr(output, '.') : NULL;
	int f;

	if (to == LP_FMT_CSV || to == LP_FMT_TSV)
		return to == LP_FMT_CSV ? LP_REPORT_CSV : LP_REPORT_TSV;
	if (to == LP_FMT_JSON || to == LP_FMT_NDJSON)
		return LP_REPORT_JSON;
	if (dot != NULL && strcmp(dot, ".txt") == 0)
		return LP_REPORT_TEXT;
	if (dot != NULL && strcmp(dot, ".htm") == 0)
		return LP_REPORT_HTML;
	if (dot != NULL && (f = lp_report_format_named(dot + 1)) >= 0)
		return (enum lp_report_format)f;
	return output == NULL && tty ? LP_REPORT_TEXT : LP_REPORT_CSV;
}

void
lp_report_write(const struct lp_report *r, const struct lp_tables *ts,
    enum lp_report_format f, const char *section, bool excel_safe,
    struct lp_buf *out)
{
	if (f == LP_REPORT_HTML)
		lp_report_html(r, ts, out);
	else
		lp_report_render(ts, f, section, excel_safe, out);
}
