/*
 * fuzz_csv -- libFuzzer harness for the CSV/TSV reader with sniffing and
 * transcoding (lp_decode.c, lp_csv.c, lp_stream.c, lp_writer.c).
 *
 * Input: two option bytes (fuzz_stream.h), then the file.  Byte 0 bits
 * 0-1 choose the input format: 0 sniffed, 1 csv, 2 tsv, 3 csv with the
 * delimiter byte 1 bits 0-2 pick; bit 7 writes NDJSON instead of CSV.
 */
#include "fuzz_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_stream(data, size, FUZZ_CSV);
}
