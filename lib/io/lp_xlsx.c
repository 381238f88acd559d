/*
 * lp_xlsx -- the .xlsx workbook reader (libzip for the container, expat
 * for the XML).
 *
 * A workbook is recognised by its first bytes (a zip file), never by its
 * name.  lp_xlsx_open reads the small parts whole -- xl/workbook.xml (the
 * sheets, the date system), its relationships (which part is which
 * sheet), xl/styles.xml (which cell styles are dates) and
 * xl/sharedStrings.xml (the text of string cells) -- and opens the chosen
 * sheet's part as a stream: lp_xlsx_fill decompresses and parses it a
 * chunk at a time, so a sheet of a million rows is never held whole.
 *
 * Cells become text as a spreadsheet shows them when it saves CSV:
 * strings as they are (leading zeros kept), numbers in the shortest form
 * that reads back the same (an all-zeros format such as 00000 pads them),
 * booleans TRUE/FALSE, errors as written (#N/A), and numbers whose cell
 * format is a date as ISO 8601 (2026-03-04, or 2026-03-04
 * 09:30:00 when the format shows a time: ISO 8601's date and time with
 * the space RFC 3339 allows, as a spreadsheet saves such a cell to CSV),
 * in the workbook's 1900 or 1904 date system.
 * Numbers are marked LP_FIELD_RAW, so JSON output writes them as numbers.
 *
 * The header is the first row with a cell (or --header-row N); rows
 * before it are skipped, rows with no value are counted as blank, a
 * cell right of the header's last column is an error (the row goes to
 * --rejects, its cells tab-separated, when given).  Records carry
 * their sheet row number as their line.
 *
 * Hostile workbooks meet limits, each an error (65), never a crash or
 * unbounded memory: a part whose declared or actual size exceeds
 * LIMIT_PART (sheets: LIMIT_SHEET) or that expands more than LIMIT_RATIO
 * times (a zip bomb), a shared-string table over LIMIT_SST_BYTES or
 * LIMIT_SST_COUNT strings, any DTD (entity expansion), a cell reference
 * outside A1:XFD1048576, rows or cells out of order.
 */
#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>
#include <zip.h>

#include "lp_err.h"
#include "lp_private.h"

#define LIMIT_PART	((zip_uint64_t)256 << 20)	/* workbook, styles, SST */
#define LIMIT_SHEET	((zip_uint64_t)16 << 30)	/* one sheet's XML */
#define LIMIT_RATIO	250				/* uncompressed/compressed */
#define LIMIT_SST_BYTES	((size_t)256 << 20)
#define LIMIT_SST_COUNT	((size_t)16 << 20)
#define MAX_ROW		1048576L
#define MAX_COL		16384
#define CHUNK		65536

struct sheet_ref {
	char	*name;
	char	*rid;
	char	*target;
};

struct xlsx {
	zip_t		*zip;
	char		 zpath[4096];	/* unlinked spool of a pipe, or "" */
	bool		 date1904;
	/* styles: cellXfs index -> kind (0 plain, 1 date, 2 date-time,
	 * 3 time) and zero-padding width */
	unsigned char	*xf_kind;
	unsigned char	*xf_pad;
	size_t		 nxf;
	/* numFmt id -> kind / pad for custom formats */
	struct nf { long id; unsigned char kind, pad; } *nf;
	size_t		 nnf;
	/* shared strings */
	struct lp_buf	 sst;
	size_t		*sst_off;
	size_t		 nsst, sstcap;
	/* sheets */
	struct sheet_ref *sheets;
	int		 nsheets;
	/* the sheet stream */
	zip_file_t	*zf;
	zip_uint64_t	 zsize, zread;
	XML_Parser	 xp;
	bool		 eof;
	/* parse state */
	int		 err_code;	/* set by a callback: stops parsing */
	char		 err_msg[300];
	long		 err_line;
	int		 depth_rph;	/* inside <rPh> (phonetic, skipped) */
	bool		 in_si, in_t, in_v, in_c, in_is, in_row;
	struct lp_buf	 text;		/* <t> / <v> text being read */
	struct lp_buf	 sitext;	/* the <si> being read */
	/* the current cell and row */
	char		 ctype[12];
	long		 cstyle;
	int		 ccol;		/* 0-based */
	long		 rownum;	/* 1-based sheet row */
	long		 lastrow;
	int		 lastcol;
	bool		 cell_has_v;
	struct lp_buf	 rowdata;	/* cell texts */
	struct cell { size_t off, len; int col; bool raw; } *cells;
	size_t		 ncells, cellcap;
	/* header */
	bool		 header_done;
	long		 header_row;
	long		 header_row_seen;
	char		**hnames;
	size_t		*hlens;
	int		 hn;
	struct lp_input	*in;
};

/* ---- small helpers ---- */

static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c != NULL ? c + 1 : name;
}

static const char *
attr(const char **atts, const char *want)
{
	for (int i = 0; atts[i] != NULL; i += 2)
		if (strcmp(local(atts[i]), want) == 0)
			return atts[i + 1];
	return NULL;
}

static void
fail(struct xlsx *x, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct xlsx *x, long line, const char *fmt, ...)
{
	va_list ap;

	if (x->err_code != 0)
		return;
	x->err_code = EX_DATAERR;
	x->err_line = line;
	va_start(ap, fmt);
	vsnprintf(x->err_msg, sizeof(x->err_msg), fmt, ap);
	va_end(ap);
	if (x->xp != NULL)
		XML_StopParser(x->xp, XML_FALSE);
}

/* Refuse every DTD: no entity expansion, internal or external. */
static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	fail(ud, 0, "a DTD in the workbook's XML (refused: entity expansion)");
}

static void XMLCALL
on_entity(void *ud, const XML_Char *name, int pe, const XML_Char *value,
    int vlen, const XML_Char *base, const XML_Char *sysid,
    const XML_Char *pubid, const XML_Char *notation)
{
	(void)name, (void)pe, (void)value, (void)vlen, (void)base;
	(void)sysid, (void)pubid, (void)notation;
	fail(ud, 0, "an entity declaration in the workbook's XML (refused)");
}

static XML_Parser
parser_new(struct xlsx *x)
{
	XML_Parser p = XML_ParserCreate("UTF-8");

	if (p == NULL)
		lp_oom();
	XML_SetUserData(p, x);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	return p;
}

/*
 * Open part name of the zip, checking its declared size against limit
 * and its compression ratio.  NULL with err set (or, when optional and
 * absent, NULL with err untouched).
 */
static zip_file_t *
part_open(struct xlsx *x, struct lp_input *in, const char *name,
    zip_uint64_t limit, bool optional, zip_uint64_t *size,
    struct lp_err *err)
{
	zip_stat_t zs;
	zip_file_t *zf;

	zip_stat_init(&zs);
	if (zip_stat(x->zip, name, 0, &zs) != 0) {
		if (!optional)
			lp_err_set(err, EX_DATAERR, in->name, 0, "not an xlsx "
			    "workbook: no %s in the zip file", name);
		return NULL;
	}
	if ((zs.valid & ZIP_STAT_SIZE) && zs.size > limit) {
		lp_err_set(err, EX_DATAERR, in->name, 0, "workbook part %s is "
		    "%llu bytes uncompressed, more than the limit of %llu",
		    name, (unsigned long long)zs.size,
		    (unsigned long long)limit);
		return NULL;
	}
	if ((zs.valid & ZIP_STAT_SIZE) && (zs.valid & ZIP_STAT_COMP_SIZE) &&
	    zs.size > (1u << 20) && zs.size / (zs.comp_size + 1) > LIMIT_RATIO) {
		lp_err_set(err, EX_DATAERR, in->name, 0, "workbook part %s "
		    "expands %llu times (a zip bomb?); refused over %d",
		    name, (unsigned long long)(zs.size / (zs.comp_size + 1)),
		    LIMIT_RATIO);
		return NULL;
	}
	if ((zf = zip_fopen(x->zip, name, 0)) == NULL) {
		lp_err_set(err, EX_DATAERR, in->name, 0, "cannot read workbook "
		    "part %s: %s", name, zip_strerror(x->zip));
		return NULL;
	}
	*size = (zs.valid & ZIP_STAT_SIZE) ? zs.size : limit;
	return zf;
}

/*
 * Parse a whole part with the handlers of p.  0, 1 when optional and
 * absent, -1 with err set.
 */
static int
part_parse(struct xlsx *x, struct lp_input *in, const char *name,
    XML_Parser p, bool optional, struct lp_err *err)
{
	zip_uint64_t size, total = 0;
	zip_file_t *zf;
	char buf[CHUNK];
	zip_int64_t r;
	int rc = 0;

	if ((zf = part_open(x, in, name, LIMIT_PART, optional, &size,
	    err)) == NULL)
		return err->code != 0 ? -1 : 1;
	x->xp = p;
	do {
		if ((r = zip_fread(zf, buf, sizeof(buf))) < 0) {
			rc = lp_err_set(err, EX_DATAERR, in->name, 0, "cannot "
			    "read workbook part %s: %s", name,
			    zip_file_strerror(zf));
			break;
		}
		total += (zip_uint64_t)r;
		if (total > size || total > LIMIT_PART) {
			rc = lp_err_set(err, EX_DATAERR, in->name, 0, "workbook "
			    "part %s is longer than it says", name);
			break;
		}
		if (XML_Parse(p, buf, (int)r, r == 0) == XML_STATUS_ERROR) {
			if (x->err_code != 0)
				rc = lp_err_set(err, x->err_code, in->name,
				    x->err_line, "%s: %s", name, x->err_msg);
			else
				rc = lp_err_set(err, EX_DATAERR, in->name, 0,
				    "%s: invalid XML at line %lu: %s", name,
				    (unsigned long)XML_GetCurrentLineNumber(p),
				    XML_ErrorString(XML_GetErrorCode(p)));
			break;
		}
	} while (r > 0);
	x->xp = NULL;
	zip_fclose(zf);
	return rc;
}

/* ---- number formats: which styles are dates ---- */

/* 0 plain, 1 date, 2 date and time, 3 time only; *pad for 000 formats. */
static unsigned char
fmt_kind(const char *code, unsigned char *pad)
{
	bool d = false, t = false, zeros = true;
	int nz = 0;

	*pad = 0;
	for (const char *p = code; *p != '\0'; p++) {
		char c = (char)(*p | 0x20);

		if (*p == '"') {		/* literal text */
			while (p[1] != '\0' && p[1] != '"')
				p++;
			if (p[1] != '\0')
				p++;
			zeros = false;
			continue;
		}
		if (*p == '\\' || *p == '_' || *p == '*') {
			if (p[1] != '\0')
				p++;
			zeros = false;
			continue;
		}
		if (*p == '[') {		/* [Red], [$€-407]; [h] counts */
			const char *e = strchr(p, ']');

			if (e == NULL)
				break;
			if (e - p >= 2 && strchr("hHmMsS", p[1]) != NULL)
				t = true;
			p = e;
			zeros = false;
			continue;
		}
		if (*p == ';')
			break;			/* the positive section only */
		if (c == 'y' || c == 'd')
			d = true;
		else if (c == 'h' || c == 's')
			t = true;
		else if (c == 'm')
			d = d || !t;		/* month or minute: date-ish */
		if (*p == '0')
			nz++;
		else
			zeros = false;
	}
	if (zeros && nz > 1 && nz < 32)
		*pad = (unsigned char)nz;
	if (strcasecmp(code, "General") == 0)
		return 0;
	return d && t ? 2 : d ? 1 : t ? 3 : 0;
}

/* Built-in formats (ECMA-376 18.8.30). */
static unsigned char
builtin_kind(long id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) ||
	    (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
		return 1;
	if (id == 22)
		return 2;
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 33) ||
	    (id >= 45 && id <= 47))
		return 3;
	return 0;
}

struct styles_state {
	struct xlsx	*x;
	bool		 in_xfs;
};

static void XMLCALL
styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local(name), *id, *code;

	if (strcmp(n, "numFmt") == 0 && (id = attr(atts, "numFmtId")) != NULL &&
	    (code = attr(atts, "formatCode")) != NULL && x->nnf < 4096) {
		x->nf = lp_xreallocarray(x->nf, x->nnf + 1, sizeof(*x->nf));
		x->nf[x->nnf].id = strtol(id, NULL, 10);
		x->nf[x->nnf].kind = fmt_kind(code, &x->nf[x->nnf].pad);
		x->nnf++;
	} else if (strcmp(n, "cellXfs") == 0)
		x->in_c = true;			/* reused: inside cellXfs */
	else if (strcmp(n, "xf") == 0 && x->in_c && x->nxf < 65536) {
		long fid = (id = attr(atts, "numFmtId")) ? strtol(id, NULL, 10) :
		    0;
		unsigned char kind = builtin_kind(fid), pad = 0;

		for (size_t i = 0; i < x->nnf; i++)
			if (x->nf[i].id == fid) {
				kind = x->nf[i].kind;
				pad = x->nf[i].pad;
			}
		x->xf_kind = lp_xrealloc(x->xf_kind, x->nxf + 1);
		x->xf_pad = lp_xrealloc(x->xf_pad, x->nxf + 1);
		x->xf_kind[x->nxf] = kind;
		x->xf_pad[x->nxf] = pad;
		x->nxf++;
	}
}

static void XMLCALL
styles_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;

	if (strcmp(local(name), "cellXfs") == 0)
		x->in_c = false;
}

/* ---- shared strings ---- */

static void XMLCALL
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local(name);

	(void)atts;
	if (strcmp(n, "si") == 0) {
		x->in_si = true;
		x->sitext.n = 0;
	} else if (strcmp(n, "rPh") == 0)
		x->depth_rph++;
	else if (strcmp(n, "t") == 0 && x->in_si && x->depth_rph == 0)
		x->in_t = true;
}

static void XMLCALL
sst_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *n = local(name);

	if (strcmp(n, "t") == 0)
		x->in_t = false;
	else if (strcmp(n, "rPh") == 0)
		x->depth_rph--;
	else if (strcmp(n, "si") == 0 && x->in_si) {
		x->in_si = false;
		if (x->nsst >= LIMIT_SST_COUNT || x->sst.n + x->sitext.n >
		    LIMIT_SST_BYTES) {
			fail(x, 0, "shared-string table larger than the limit "
			    "of %zu strings or %zu bytes", LIMIT_SST_COUNT,
			    LIMIT_SST_BYTES);
			return;
		}
		if (x->nsst == x->sstcap) {
			x->sstcap = x->sstcap ? x->sstcap * 2 : 1024;
			x->sst_off = lp_xreallocarray(x->sst_off, x->sstcap + 1,
			    sizeof(*x->sst_off));
		}
		x->sst_off[x->nsst++] = x->sst.n;
		lp_buf_add(&x->sst, x->sitext.p, x->sitext.n);
		x->sst_off[x->nsst] = x->sst.n;
	}
}

static void XMLCALL
sst_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx *x = ud;

	if (!x->in_t)
		return;
	if (x->sitext.n + (size_t)len > x->in->opts->limits.max_field) {
		fail(x, 0, "shared string longer than the field limit of %zu "
		    "bytes", x->in->opts->limits.max_field);
		return;
	}
	lp_buf_add(&x->sitext, s, (size_t)len);
}

/* ---- workbook and relationships ---- */

static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local(name), *v;

	if (strcmp(n, "workbookPr") == 0 && (v = attr(atts, "date1904")) !=
	    NULL)
		x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
	else if (strcmp(n, "sheet") == 0 && x->nsheets < 4096) {
		const char *sn = attr(atts, "name"), *rid = attr(atts, "id");

		x->sheets = lp_xreallocarray(x->sheets, (size_t)x->nsheets + 1,
		    sizeof(*x->sheets));
		x->sheets[x->nsheets].name = lp_xstrdup(sn ? sn : "");
		x->sheets[x->nsheets].rid = lp_xstrdup(rid ? rid : "");
		x->sheets[x->nsheets].target = NULL;
		x->nsheets++;
	}
}

static void XMLCALL
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *id = attr(atts, "Id"), *t = attr(atts, "Target");

	if (strcmp(local(name), "Relationship") != 0 || id == NULL || t == NULL)
		return;
	for (int i = 0; i < x->nsheets; i++)
		if (strcmp(x->sheets[i].rid, id) == 0 &&
		    x->sheets[i].target == NULL) {
			char buf[1024];

			/* Relative to xl/, or absolute in the package. */
			if (t[0] == '/')
				snprintf(buf, sizeof(buf), "%s", t + 1);
			else
				snprintf(buf, sizeof(buf), "xl/%s", t);
			x->sheets[i].target = lp_xstrdup(buf);
		}
}

/* ---- the sheet ---- */

/* "AB12" -> col 27 (0-based), row 12.  false when it is not a reference
 * inside A1:XFD1048576. */
static bool
cellref(const char *s, int *col, long *row)
{
	long c = 0, r = 0;
	const char *p = s;

	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
		c = c * 26 + ((*p | 0x20) - 'a' + 1);
		if (c > MAX_COL)
			return false;
		p++;
	}
	if (p == s || c == 0)
		return false;
	if (*p == '\0') {	/* column only: row from the <row> */
		*col = (int)c - 1;
		*row = 0;
		return true;
	}
	while (*p >= '0' && *p <= '9') {
		r = r * 10 + (*p - '0');
		if (r > MAX_ROW)
			return false;
		p++;
	}
	if (*p != '\0' || r == 0)
		return false;
	*col = (int)c - 1;
	*row = r;
	return true;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (long)doe - 719468;
}

static void
civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

/* A date serial as ISO 8601 text; false when out of range. */
static bool
serial_date(struct xlsx *x, double v, unsigned char kind, char *out,
    size_t cap)
{
	long secs, days, y;
	unsigned m, d;

	if (!(v >= 0 && v < 2958466))	/* up to 9999-12-31 */
		return false;
	secs = lround(v * 86400.0);
	days = secs / 86400;
	secs %= 86400;
	if (kind == 3 && days == 0) {
		snprintf(out, cap, "%02ld:%02ld:%02ld", secs / 3600,
		    secs / 60 % 60, secs % 60);
		return true;
	}
	if (x->date1904)
		days += days_from_civil(1904, 1, 1);
	else {
		/* Serial 60 is Lotus's 29 February 1900, which never was. */
		if (days == 60)
			return false;
		days += days_from_civil(1899, 12, days < 60 ? 31 : 30);
	}
	civil_from_days(days, &y, &m, &d);
	if (kind == 1)
		snprintf(out, cap, "%04ld-%02u-%02u", y, m, d);
	else
		snprintf(out, cap, "%04ld-%02u-%02u %02ld:%02ld:%02ld", y, m, d,
		    secs / 3600, secs / 60 % 60, secs % 60);
	return true;
}

/*
 * A number as spreadsheets write it and as the %.17g loop below would
 * give it back: an optional '-', digits without a leading zero (but 0),
 * and a fraction without a trailing zero; at most 15 digits.  Most cells
 * are, and formatting each one again was 8% of the reader's time.
 */
static bool
plain_number(const char *p, size_t n)
{
	size_t i = p[0] == '-', digits = 0;

	if (i == n || p[i] < '0' || p[i] > '9' || (p[i] == '0' && i + 1 < n &&
	    p[i + 1] != '.'))
		return false;
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
		digits++;
	if (i < n && p[i] == '.') {
		if (++i == n || p[n - 1] == '0')
			return false;
		for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			digits++;
	}
	return i == n && digits <= 15 && !(n == 2 && p[0] == '-' &&
	    p[1] == '0');
}

/* Append the current cell's text to the row. */
static void
cell_end(struct xlsx *x)
{
	const char *v;
	size_t n = x->text.n;
	char tmp[64];
	bool raw = false;
	unsigned char kind = 0, pad = 0;

	if (x->cstyle >= 0 && (size_t)x->cstyle < x->nxf) {
		kind = x->xf_kind[x->cstyle];
		pad = x->xf_pad[x->cstyle];
	}
	lp_buf_addc(&x->text, '\0');
	x->text.n--;
	v = x->text.p;
	if (strcmp(x->ctype, "s") == 0) {
		char *e;
		unsigned long i = strtoul(v, &e, 10);

		if (n == 0 || *e != '\0' || i >= x->nsst) {
			fail(x, x->rownum, "a cell refers to shared string "
			    "'%.20s', not in the table of %zu", v, x->nsst);
			return;
		}
		v = x->sst.p + x->sst_off[i];
		n = x->sst_off[i + 1] - x->sst_off[i];
	} else if (strcmp(x->ctype, "b") == 0) {
		v = strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 ?
		    "TRUE" : "FALSE";
		n = strlen(v);
	} else if ((x->ctype[0] == '\0' || strcmp(x->ctype, "n") == 0) &&
	    n > 0 && kind == 0 && pad == 0 && plain_number(v, n)) {
		raw = true;	/* written as the shortest form already */
	} else if ((x->ctype[0] == '\0' || strcmp(x->ctype, "n") == 0) &&
	    n > 0) {
		char *e;
		double d = strtod(v, &e);

		if (*e != '\0' || !isfinite(d)) {
			fail(x, x->rownum, "number cell holds '%.40s'", v);
			return;
		}
		if (kind != 0 && serial_date(x, d, kind, tmp, sizeof(tmp))) {
			v = tmp;
			n = strlen(tmp);
		} else {
			if (d == floor(d) && fabs(d) < 1e15)
				snprintf(tmp, sizeof(tmp), "%.0f", d);
			else
				for (int prec = 1; prec <= 17; prec++) {
					snprintf(tmp, sizeof(tmp), "%.*g", prec,
					    d);
					if (strtod(tmp, NULL) == d)
						break;
				}
			if (pad > 0 && d >= 0 && d == floor(d) &&
			    strlen(tmp) < pad) {
				char z[64];

				snprintf(z, sizeof(z), "%0*ld", (int)pad,
				    (long)d);
				memcpy(tmp, z, strlen(z) + 1);
			} else
				raw = pad == 0;
			v = tmp;
			n = strlen(tmp);
		}
	}
	/* str (a formula's text), inlineStr, e (#N/A), d (ISO): as is. */
	if (n == 0)
		return;
	if (x->ncells == x->cellcap) {
		x->cellcap = x->cellcap ? x->cellcap * 2 : 64;
		x->cells = lp_xreallocarray(x->cells, x->cellcap,
		    sizeof(*x->cells));
	}
	x->cells[x->ncells].off = x->rowdata.n;
	x->cells[x->ncells].len = n;
	x->cells[x->ncells].col = x->ccol;
	x->cells[x->ncells].raw = raw;
	x->ncells++;
	lp_buf_add(&x->rowdata, v, n);
	if (x->rowdata.n > x->in->opts->limits.max_record)
		fail(x, x->rownum, "row longer than the limit of %zu bytes",
		    x->in->opts->limits.max_record);
}

static void
row_end(struct xlsx *x)
{
	struct lp_input *in = x->in;
	struct lp_pending *pd = &in->pend;
	size_t f0;
	int col = 0;

	if (x->ncells == 0) {
		if (x->header_done)
			in->blank++;
		return;
	}
	if (!x->header_done) {
		if (x->header_row > 0 && x->rownum < x->header_row)
			return;
		x->hn = x->cells[x->ncells - 1].col + 1;
		if ((size_t)x->hn > in->opts->limits.max_columns) {
			fail(x, x->rownum, "%d columns is more than the limit "
			    "of %zu", x->hn, in->opts->limits.max_columns);
			return;
		}
		x->hnames = lp_xcalloc((size_t)x->hn, sizeof(*x->hnames));
		x->hlens = lp_xcalloc((size_t)x->hn, sizeof(*x->hlens));
		for (size_t i = 0; i < x->ncells; i++) {
			int c = x->cells[i].col;

			x->hnames[c] = lp_xstrndup(x->rowdata.p +
			    x->cells[i].off, x->cells[i].len);
			x->hlens[c] = x->cells[i].len;
		}
		for (int c = 0; c < x->hn; c++)
			if (x->hnames[c] == NULL)
				x->hnames[c] = lp_xstrdup("");
		x->header_done = true;
		x->header_row_seen = x->rownum;
		return;
	}
	if (x->cells[x->ncells - 1].col >= x->hn) {
		int c = x->cells[x->ncells - 1].col;
		char ref[8], *p = ref + sizeof(ref) - 1;

		*p = '\0';
		for (int k = c + 1; k > 0; k = (k - 1) / 26)
			*--p = (char)('A' + (k - 1) % 26);
		if (in->have_rejects) {
			/* The row's cells, tab-separated, with the reason. */
			struct lp_buf raw = { 0 };
			char why[200];

			for (size_t i = 0; i < x->ncells; i++) {
				if (i > 0)
					lp_buf_addc(&raw, '\t');
				lp_buf_add(&raw, x->rowdata.p + x->cells[i].off,
				    x->cells[i].len);
			}
			snprintf(why, sizeof(why), "cell %s%ld is right of the "
			    "header's last column (%d columns)", p, x->rownum,
			    x->hn);
			in->reject(in->reject_ctx, in, x->rownum, raw.p ? raw.p :
			    "", raw.n, why);
			lp_buf_fini(&raw);
			return;
		}
		fail(x, x->rownum, "cell %s%ld is right of the header's last "
		    "column (%d columns, row %ld; a title above the header? "
		    "use --header-row N)", p, x->rownum, x->hn,
		    x->header_row_seen);
		return;
	}
	f0 = pd->nf;
	for (size_t i = 0; i < x->ncells; i++) {
		for (; col < x->cells[i].col; col++)
			lp_pending_field(pd, "", 0);
		lp_pending_field(pd, x->rowdata.p + x->cells[i].off,
		    x->cells[i].len);
		if (x->cells[i].raw)
			pd->f[pd->nf - 1].len |= LP_FIELD_RAW;
		col++;
	}
	for (; col < x->hn; col++)
		lp_pending_field(pd, "", 0);
	lp_pending_end(pd, f0, x->rownum, x->rownum);
}

static void XMLCALL
sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local(name), *v;

	if (x->err_code != 0)
		return;
	if (strcmp(n, "row") == 0) {
		long r = x->lastrow + 1;

		if ((v = attr(atts, "r")) != NULL) {
			char *e;

			r = strtol(v, &e, 10);
			if (*e != '\0' || r < 1 || r > MAX_ROW) {
				fail(x, x->lastrow + 1, "row number '%.20s' "
				    "out of range (1-%ld)", v, MAX_ROW);
				return;
			}
		}
		if (r <= x->lastrow) {
			fail(x, r, "row %ld after row %ld (rows out of order)",
			    r, x->lastrow);
			return;
		}
		x->rownum = x->lastrow = r;
		x->lastcol = -1;
		x->in_row = true;
		x->ncells = 0;
		x->rowdata.n = 0;
	} else if (strcmp(n, "c") == 0 && x->in_row) {
		int col = x->lastcol + 1;
		long row = 0;

		if ((v = attr(atts, "r")) != NULL) {
			if (!cellref(v, &col, &row)) {
				fail(x, x->rownum, "cell reference '%.20s' out "
				    "of range (A1:XFD1048576)", v);
				return;
			}
			if (row != 0 && row != x->rownum) {
				fail(x, x->rownum, "cell %.20s in row %ld", v,
				    x->rownum);
				return;
			}
		}
		if (col <= x->lastcol || col >= MAX_COL) {
			fail(x, x->rownum, "cell %.20s out of order in row %ld",
			    v ? v : "", x->rownum);
			return;
		}
		x->ccol = x->lastcol = col;
		v = attr(atts, "t");
		snprintf(x->ctype, sizeof(x->ctype), "%s", v ? v : "");
		v = attr(atts, "s");
		x->cstyle = v ? strtol(v, NULL, 10) : -1;
		x->in_c = true;
		x->text.n = 0;
	} else if (x->in_c && strcmp(n, "v") == 0) {
		x->in_v = true;
		x->text.n = 0;
	} else if (x->in_c && strcmp(n, "is") == 0) {
		x->in_is = true;
		x->text.n = 0;
	} else if (x->in_is && strcmp(n, "rPh") == 0)
		x->depth_rph++;
	else if (x->in_is && strcmp(n, "t") == 0 && x->depth_rph == 0)
		x->in_t = true;
}

static void XMLCALL
sheet_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *n = local(name);

	if (x->err_code != 0)
		return;
	if (strcmp(n, "v") == 0)
		x->in_v = false;
	else if (strcmp(n, "t") == 0)
		x->in_t = false;
	else if (strcmp(n, "rPh") == 0 && x->depth_rph > 0)
		x->depth_rph--;
	else if (strcmp(n, "is") == 0)
		x->in_is = false;
	else if (strcmp(n, "c") == 0 && x->in_c) {
		x->in_c = false;
		cell_end(x);
	} else if (strcmp(n, "row") == 0 && x->in_row) {
		x->in_row = false;
		row_end(x);
	}
}

static void XMLCALL
sheet_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx *x = ud;

	if (!x->in_v && !x->in_t)
		return;
	if (x->text.n + (size_t)len > x->in->opts->limits.max_field) {
		fail(x, x->rownum, "cell of more than the field limit of %zu "
		    "bytes", x->in->opts->limits.max_field);
		return;
	}
	lp_buf_add(&x->text, s, (size_t)len);
}

/* ---- open, fill, close ---- */

bool
lp_xlsx_magic(const struct lp_dec *d)
{
	return d->rawlen >= 4 && memcmp(d->raw, "PK\003\004", 4) == 0;
}

/* A pipe's bytes (the decoder's first ones, then the rest) to an
 * unlinked temporary file: libzip needs to seek.  fd, or -1. */
static int
spool_zip(struct lp_input *in, struct lp_err *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096], buf[CHUNK];
	ssize_t r;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	snprintf(path, sizeof(path), "%s/leadpipe-xlsx-XXXXXX", dir);
	if ((fd = mkstemp(path)) < 0)
		return lp_err_set(err, EX_CANTCREAT, path, 0, "cannot create "
		    "a temporary file for a workbook from standard input: %s",
		    strerror(errno));
	unlink(path);
	if (write(fd, in->dec.raw, in->dec.rawlen) != (ssize_t)in->dec.rawlen)
		goto bad;
	while ((r = read(in->dec.fd, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto bad;
		}
		if (write(fd, buf, (size_t)r) != r)
			goto bad;
	}
	return fd;
bad:
	close(fd);
	return lp_err_set(err, EX_IOERR, in->name, 0, "cannot copy the "
	    "workbook from standard input: %s", strerror(errno));
}

static int
choose_sheet(struct xlsx *x, struct lp_input *in, struct lp_err *err)
{
	const char *want = in->opts->sheet;
	char *e;
	long k;

	if (x->nsheets == 0)
		return lp_err_set(err, EX_DATAERR, in->name, 0, "the workbook "
		    "has no sheet");
	if (want == NULL)
		return 0;
	for (int i = 0; i < x->nsheets; i++)
		if (strcmp(x->sheets[i].name, want) == 0)
			return i;
	for (int i = 0; i < x->nsheets; i++)
		if (strcasecmp(x->sheets[i].name, want) == 0)
			return i;
	k = strtol(want, &e, 10);
	if (*e == '\0' && k >= 1 && k <= x->nsheets)
		return (int)k - 1;
	{
		struct lp_buf b = { 0 };

		for (int i = 0; i < x->nsheets && i < 20; i++)
			lp_buf_printf(&b, "%s'%s'", i ? ", " : "",
			    x->sheets[i].name);
		lp_err_set(err, EX_DATAERR, in->name, 0, "--sheet %s: no such "
		    "sheet (the workbook has %s)", want, lp_buf_cstr(&b));
		lp_buf_fini(&b);
	}
	return -1;
}

int
lp_xlsx_open(struct lp_input *in, struct lp_err *err)
{
	struct xlsx *x = lp_xcalloc(1, sizeof(*x));
	struct stat sb;
	zip_error_t ze;
	XML_Parser p;
	int fd, zerr, s, rc;

	in->xlsx = x;
	x->in = in;
	in->fmt = LP_FMT_XLSX;
	x->header_row = in->opts->header_row;
	if (fstat(in->dec.fd, &sb) == 0 && S_ISREG(sb.st_mode))
		fd = dup(in->dec.fd);
	else
		fd = spool_zip(in, err);
	if (fd < 0)
		return err->code ? -1 : lp_err_set(err, EX_IOERR, in->name, 0,
		    "cannot read: %s", strerror(errno));
	if ((x->zip = zip_fdopen(fd, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) ==
	    NULL) {
		close(fd);
		zip_error_init_with_code(&ze, zerr);
		rc = lp_err_set(err, EX_DATAERR, in->name, 0, "not a readable "
		    "xlsx workbook: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	p = parser_new(x);
	XML_SetStartElementHandler(p, wb_start);
	rc = part_parse(x, in, "xl/workbook.xml", p, false, err);
	XML_ParserFree(p);
	if (rc < 0)
		return -1;
	p = parser_new(x);
	XML_SetStartElementHandler(p, rels_start);
	rc = part_parse(x, in, "xl/_rels/workbook.xml.rels", p, false, err);
	XML_ParserFree(p);
	if (rc < 0)
		return -1;
	p = parser_new(x);
	XML_SetElementHandler(p, styles_start, styles_end);
	rc = part_parse(x, in, "xl/styles.xml", p, true, err);
	XML_ParserFree(p);
	x->in_c = false;
	if (rc < 0)
		return -1;
	p = parser_new(x);
	XML_SetElementHandler(p, sst_start, sst_end);
	XML_SetCharacterDataHandler(p, sst_text);
	rc = part_parse(x, in, "xl/sharedStrings.xml", p, true, err);
	XML_ParserFree(p);
	x->in_t = x->in_si = false;
	x->depth_rph = 0;
	if (rc < 0)
		return -1;
	if ((s = choose_sheet(x, in, err)) < 0)
		return -1;
	if (x->sheets[s].target == NULL)
		return lp_err_set(err, EX_DATAERR, in->name, 0, "sheet '%s' has "
		    "no part in the workbook's relationships",
		    x->sheets[s].name);
	if ((x->zf = part_open(x, in, x->sheets[s].target, LIMIT_SHEET, false,
	    &x->zsize, err)) == NULL)
		return -1;
	x->xp = parser_new(x);
	XML_SetElementHandler(x->xp, sheet_start, sheet_end);
	XML_SetCharacterDataHandler(x->xp, sheet_text);
	/* Read up to the header. */
	while (!x->header_done && !x->eof)
		if (lp_xlsx_fill(in, err) < 0)
			return -1;
	if (!x->header_done)
		return lp_input_set_header(in, NULL, NULL, 0, err);
	return lp_input_set_header(in, x->hnames, x->hlens, x->hn, err);
}

/* Parse the next chunk of the sheet.  1 with records pending, 0 at the
 * end, -1 with err set. */
int
lp_xlsx_fill(struct lp_input *in, struct lp_err *err)
{
	struct xlsx *x = in->xlsx;
	struct lp_pending *pd = &in->pend;
	char buf[CHUNK];

	while (pd->next >= pd->nr) {
		zip_int64_t r;

		if (x->eof)
			return 0;
		if ((r = zip_fread(x->zf, buf, sizeof(buf))) < 0)
			return lp_err_set(err, EX_DATAERR, in->name,
			    x->lastrow + 1, "cannot read the sheet: %s",
			    zip_file_strerror(x->zf));
		x->zread += (zip_uint64_t)r;
		if (x->zread > x->zsize || x->zread > LIMIT_SHEET)
			return lp_err_set(err, EX_DATAERR, in->name,
			    x->lastrow + 1, "the sheet is longer than its "
			    "zip entry says (or than %llu bytes)",
			    (unsigned long long)LIMIT_SHEET);
		if (XML_Parse(x->xp, buf, (int)r, r == 0) == XML_STATUS_ERROR) {
			if (x->err_code != 0)
				return lp_err_set(err, x->err_code, in->name,
				    x->err_line, "%s", x->err_msg);
			return lp_err_set(err, EX_DATAERR, in->name,
			    x->lastrow + 1, "invalid XML in the sheet (XML line "
			    "%lu): %s", (unsigned long)XML_GetCurrentLineNumber(
			    x->xp), XML_ErrorString(XML_GetErrorCode(x->xp)));
		}
		if (r == 0)
			x->eof = true;
		/* Progress: the file's share the sheet's inflated bytes
		 * stand for (the zip's compressed offset is not known). */
		if (x->zsize > 0 && in->size > 0)
			in->dec.consumed = (uint64_t)((double)in->size *
			    (double)x->zread / (double)x->zsize);
		if (in->progress_cb)
			in->progress_cb(in->progress_ctx);
		if (!x->header_done && !x->eof && pd->next >= pd->nr)
			continue;
		if (!x->header_done)
			return 0;
	}
	return 1;
}

void
lp_xlsx_close(struct lp_input *in)
{
	struct xlsx *x = in->xlsx;

	if (x == NULL)
		return;
	if (x->xp != NULL)
		XML_ParserFree(x->xp);
	if (x->zf != NULL)
		zip_fclose(x->zf);
	if (x->zip != NULL)
		zip_discard(x->zip);
	for (int i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].target);
	}
	free(x->sheets);
	for (int i = 0; i < x->hn; i++)
		free(x->hnames[i]);
	free(x->hnames);
	free(x->hlens);
	free(x->xf_kind);
	free(x->xf_pad);
	free(x->nf);
	lp_buf_fini(&x->sst);
	free(x->sst_off);
	lp_buf_fini(&x->text);
	lp_buf_fini(&x->sitext);
	lp_buf_fini(&x->rowdata);
	free(x->cells);
	free(x);
	in->xlsx = NULL;
}
