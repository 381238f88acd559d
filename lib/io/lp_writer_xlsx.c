/*
 * lp_writer_xlsx -- records out as an .xlsx workbook (libxlsxwriter), for
 * --to xlsx.
 *
 * One sheet, "leads": the header row bold and frozen, then one row per
 * record, written in constant-memory mode (rows go to a temporary file
 * as they come; memory does not grow with the row count).  Cell types:
 *
 *   - a JSON number (LP_FIELD_RAW), or text that is a plain decimal
 *     number (-12, 0.25, 1200000: no leading zero, no sign but '-', at
 *     most 15 significant digits, which is what a spreadsheet keeps) is
 *     a number; 02130, +1 617..., 1e3 and 20-digit ids stay text;
 *   - true/false from JSON are booleans;
 *   - 2026-03-04 is a date, 2026-03-04T09:30:00 (T or space, seconds and
 *     a Z optional) a date and time, shown as yyyy-mm-dd [hh:mm:ss]
 *     (times with another UTC offset stay text: a cell has no zone);
 *   - everything else is a text cell.  A text cell is never a formula,
 *     whatever it starts with (=, +, -, @): the workbook is formula-safe
 *     without --excel-safe's quote.
 *
 * The workbook is written when the stream commits, into the temporary
 * file lp_out_open made, which is then renamed into place; -o FILE is
 * required (a workbook is a zip file written at the end: not a stream).
 * A text longer than a cell holds (32767 bytes) is cut there, with a
 * warning; more rows than a sheet holds (1048576) is an error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <xlsxwriter.h>

#include "lp_err.h"
#include "lp_private.h"

#define CELL_MAX	32767
#define ROW_MAX		1048576

struct xw {
	lxw_workbook	*wb;
	lxw_worksheet	*ws;
	lxw_format	*bold, *date, *datetime;
	long		 row;
	int		 ncols;
	bool		 warned;
	char		*tmpdir;
};

int
lp_writer_xlsx_check(const struct lp_out *o, struct lp_err *err)
{
	if (o->tmp == NULL)
		return lp_err_set(err, EX_USAGE, o->path ? o->path : "<stdout>",
		    0, "--to xlsx needs -o FILE, a regular file (a workbook "
		    "is a zip file written at the end, not a stream for a "
		    "pipe or terminal)");
	return 0;
}

static void
xw_fail(struct lp_writer *w, lxw_error e)
{
	if (e == LXW_NO_ERROR || w->out.failed)
		return;
	w->out.failed = true;
	w->out.err_no = e == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE ? EFBIG :
	    e == LXW_ERROR_MEMORY_MALLOC_FAILED ? ENOMEM : EIO;
}

void
lp_writer_xlsx_header(struct lp_writer *w, char *const *names, int n)
{
	struct xw *x = lp_xcalloc(1, sizeof(*x));
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	const char *t = getenv("TMPDIR");
	char proc[64];
	const char *file = w->out.tmp;

	w->xlsx = x;
	if (t != NULL && *t != '\0')
		opt.tmpdir = x->tmpdir = lp_xstrdup(t);
	/*
	 * libxlsxwriter writes to a file name.  The atomic output's temp
	 * file may have none yet (O_TMPFILE, named only at commit): write
	 * through its descriptor's /proc name, the same file.
	 */
	if (w->out.anon) {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", w->out.fd);
		file = proc;
	}
	if ((x->wb = workbook_new_opt(file, &opt)) == NULL ||
	    (x->ws = workbook_add_worksheet(x->wb, "leads")) == NULL) {
		xw_fail(w, LXW_ERROR_CREATING_TMPFILE);
		return;
	}
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
	x->datetime = workbook_add_format(x->wb);
	format_set_num_format(x->datetime, "yyyy-mm-dd hh:mm:ss");
	x->ncols = n;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		double width = len < 8 ? 10 : len > 48 ? 50 : (double)len + 2;

		worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i, width,
		    NULL);
		xw_fail(w, worksheet_write_string(x->ws, 0, (lxw_col_t)i,
		    names[i], x->bold));
	}
	worksheet_freeze_panes(x->ws, 1, 0);
	x->row = 1;
}

/* A plain decimal number a cell keeps exactly (see above). */
static bool
is_number(const char *p, size_t n)
{
	size_t i = 0, digits = 0;

	if (n > 0 && p[0] == '-')
		i++;
	if (i == n || p[i] < '0' || p[i] > '9')
		return false;
	if (p[i] == '0' && i + 1 < n && p[i + 1] != '.')
		return false;		/* a leading zero: text (02130) */
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
		digits++;
	if (i < n && p[i] == '.') {
		if (++i == n)
			return false;
		for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			digits++;
	}
	return i == n && digits <= 15;
}

static int
num2(const char *p)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* 2026-03-04, 2026-03-04T09:30[:00[.123]][Z]: 1 date, 2 date-time. */
static int
is_date(const char *p, size_t n, lxw_datetime *dt)
{
	int y1, y2, mo, d, h = 0, mi = 0, s = 0;
	size_t i = 10;

	if (n < 10 || p[4] != '-' || p[7] != '-' || (y1 = num2(p)) < 0 ||
	    (y2 = num2(p + 2)) < 0 || (mo = num2(p + 5)) < 1 || mo > 12 ||
	    (d = num2(p + 8)) < 1 || d > 31 || y1 * 100 + y2 < 1900)
		return 0;
	memset(dt, 0, sizeof(*dt));
	dt->year = y1 * 100 + y2;
	dt->month = (uint8_t)mo;
	dt->day = (uint8_t)d;
	if (n == 10)
		return 1;
	if ((p[10] != 'T' && p[10] != ' ') || n < 16 || p[13] != ':' ||
	    (h = num2(p + 11)) < 0 || h > 23 || (mi = num2(p + 14)) < 0 ||
	    mi > 59)
		return 0;
	i = 16;
	if (i < n && p[i] == ':') {
		if (n < 19 || (s = num2(p + 17)) < 0 || s > 59)
			return 0;
		i = 19;
		if (i < n && p[i] == '.')
			for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++)
				;
	}
	if (i < n && p[i] == 'Z')
		i++;
	if (i != n)
		return 0;
	dt->hour = (uint8_t)h;
	dt->min = (uint8_t)mi;
	dt->sec = s;
	return 2;
}

void
lp_writer_xlsx_record(struct lp_writer *w, const struct lp_str *f, int n)
{
	struct xw *x = w->xlsx;
	lxw_row_t r;

	if (x == NULL || x->ws == NULL || w->out.failed)
		return;
	if (x->row >= ROW_MAX) {
		xw_fail(w, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
		return;
	}
	r = (lxw_row_t)x->row++;
	for (int i = 0; i < n && i < x->ncols; i++) {
		size_t len = LP_FIELD_LEN(f[i].n);
		const char *p = f[i].p;
		lxw_col_t c = (lxw_col_t)i;
		lxw_datetime dt;
		char buf[CELL_MAX + 1];
		int k;

		if (len == 0)
			continue;
		if (f[i].n & LP_FIELD_RAW) {
			char *e, num[64];
			double v;

			if (len == 4 && memcmp(p, "true", 4) == 0) {
				xw_fail(w, worksheet_write_boolean(x->ws, r, c,
				    1, NULL));
				continue;
			}
			if (len == 5 && memcmp(p, "false", 5) == 0) {
				xw_fail(w, worksheet_write_boolean(x->ws, r, c,
				    0, NULL));
				continue;
			}
			if (len < sizeof(num)) {
				memcpy(num, p, len);
				num[len] = '\0';
				v = strtod(num, &e);
				if (*e == '\0') {
					xw_fail(w, worksheet_write_number(x->ws,
					    r, c, v, NULL));
					continue;
				}
			}
		} else if (is_number(p, len)) {
			memcpy(buf, p, len);
			buf[len] = '\0';
			xw_fail(w, worksheet_write_number(x->ws, r, c,
			    strtod(buf, NULL), NULL));
			continue;
		} else if ((k = is_date(p, len, &dt)) > 0) {
			xw_fail(w, worksheet_write_datetime(x->ws, r, c, &dt,
			    k == 1 ? x->date : x->datetime));
			continue;
		}
		if (len > CELL_MAX) {
			len = CELL_MAX;
			while (len > 0 && ((unsigned char)p[len] & 0xC0) == 0x80)
				len--;	/* not inside a UTF-8 sequence */
			if (!x->warned)
				lp_warn("%s: row %ld: a field longer than a cell "
				    "holds (%d bytes) is cut there", w->out.path,
				    x->row, CELL_MAX);
			x->warned = true;
		}
		memcpy(buf, p, len);
		buf[len] = '\0';
		xw_fail(w, worksheet_write_string(x->ws, r, c, buf, NULL));
	}
	w->written++;
}

void
lp_writer_xlsx_end(struct lp_writer *w)
{
	struct xw *x = w->xlsx;

	if (x == NULL && w->out.tmp != NULL && !w->out.failed) {
		lp_writer_xlsx_header(w, NULL, 0);	/* no header: an empty sheet */
		x = w->xlsx;
	}
	if (x == NULL || x->wb == NULL)
		return;
	xw_fail(w, workbook_close(x->wb));
	x->wb = NULL;
}

void
lp_writer_xlsx_fini(struct lp_writer *w)
{
	struct xw *x = w->xlsx;

	if (x == NULL)
		return;
	if (x->wb != NULL)
		lxw_workbook_free(x->wb);
	free(x->tmpdir);
	free(x);
	w->xlsx = NULL;
}
