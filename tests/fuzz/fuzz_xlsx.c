/*
 * fuzz_xlsx -- libFuzzer harness for the xlsx reader (lp_xlsx.c over
 * libzip and expat, through lp_stream.c).
 *
 * Byte 0 chooses: bit 0 the rest is the workbook's bytes as they are (the
 * zip container itself is fuzzed); else the rest is split at NUL bytes
 * into the parts the harness zips up (stored, so the mutations reach the
 * XML): the sheet, xl/sharedStrings.xml, xl/styles.xml, xl/workbook.xml
 * (a default one naming two sheets when absent or empty) and a second
 * sheet.  Bit 1 --header-row 2; bit 2 --sheet 2; bit 3 --sheet by name
 * ("b"); bit 4 small field and column limits; bit 5 from a pipe; bit 6
 * --rejects; bit 7 JSON output.  The stream checks of fuzz_stream.h
 * apply (UTF-8, width, line numbers).
 */
#include "fuzz_stream.h"

#include <zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fuzz_xlsx_rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Target=\"worksheets/"
    "sheet1.xml\"/><Relationship Id=\"rId2\" Target=\"/xl/worksheets/"
    "sheet2.xml\"/></Relationships>";
static const char fuzz_xlsx_book[] =
    "<workbook xmlns:r=\"r\"><workbookPr date1904=\"0\"/><sheets><sheet "
    "name=\"a\" r:id=\"rId1\"/><sheet name=\"b\" r:id=\"rId2\"/></sheets>"
    "</workbook>";

/* Zip the parts of data[0..n) into *out (malloc'd).  Its length, or 0. */
static size_t
fuzz_xlsx_zip(const uint8_t *data, size_t n, uint8_t **out)
{
	static const char *const names[] = {
		"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
		"xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet2.xml"
	};
	const uint8_t *p = data, *e = data + n;
	zip_error_t ze;
	zip_source_t *src, *s;
	zip_t *z;
	zip_int64_t len = 0;
	int k = 0;
	bool book = false;

	*out = NULL;
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		return 0;
	zip_source_keep(src);
	if ((z = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		zip_source_free(src);
		zip_source_free(src);
		return 0;
	}
	while (k < 5) {
		const uint8_t *q = memchr(p, 0, (size_t)(e - p));
		size_t m = (size_t)((q ? q : e) - p);
		zip_int64_t i;

		if (k != 3 || m > 0) {
			s = zip_source_buffer(z, p, m, 0);
			if (s != NULL && (i = zip_file_add(z, names[k], s,
			    ZIP_FL_OVERWRITE)) >= 0)
				zip_set_file_compression(z, (zip_uint64_t)i,
				    ZIP_CM_STORE, 0);
			else
				zip_source_free(s);
			book = book || k == 3;
		}
		k++;
		if (q == NULL)
			break;
		p = q + 1;
	}
	if (!book && (s = zip_source_buffer(z, fuzz_xlsx_book,
	    sizeof(fuzz_xlsx_book) - 1, 0)) != NULL &&
	    zip_file_add(z, "xl/workbook.xml", s, 0) < 0)
		zip_source_free(s);
	if ((s = zip_source_buffer(z, fuzz_xlsx_rels, sizeof(fuzz_xlsx_rels) -
	    1, 0)) != NULL && zip_file_add(z, "xl/_rels/workbook.xml.rels", s,
	    0) < 0)
		zip_source_free(s);
	if (zip_close(z) != 0) {
		zip_discard(z);
		zip_source_free(src);
		return 0;
	}
	if (zip_source_open(src) == 0) {
		if (zip_source_seek(src, 0, SEEK_END) == 0 &&
		    (len = zip_source_tell(src)) > 0 &&
		    zip_source_seek(src, 0, SEEK_SET) == 0 &&
		    (*out = malloc((size_t)len)) != NULL &&
		    zip_source_read(src, *out, (zip_uint64_t)len) != len) {
			free(*out);
			*out = NULL;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	return *out != NULL ? (size_t)len : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lp_io_opts io;
	struct lp_limits lim = LP_LIMITS_DEFAULT;
	uint8_t *zip = NULL;
	uint64_t d;
	size_t n;
	unsigned o;

	if (size < 1 || size > (1u << 20))
		return 0;
	fuzz_common_init();
	o = data[0];
	data++;
	size--;
	memset(&io, 0, sizeof(io));
	io.progress = 0;
	io.from = LP_FMT_AUTO;
	io.to = o & 0x80 ? LP_FMT_NDJSON : LP_FMT_CSV;
	if (o & 0x02)
		io.header_row = 2;
	if (o & 0x04)
		io.sheet = "2";
	else if (o & 0x08)
		io.sheet = "b";
	if (o & 0x10) {
		lim.max_field = 8;
		lim.max_columns = 4;
	}
	if (o & 0x40)
		io.rejects = "-";
	io.limits = lim;
	if (o & 0x01) {
		fuzz_run(data, size, &io, (o & 0x20) != 0, 0, &d);
		return 0;
	}
	if ((n = fuzz_xlsx_zip(data, size, &zip)) > 0)
		fuzz_run(zip, n, &io, (o & 0x20) != 0, 0, &d);
	free(zip);
	return 0;
}
