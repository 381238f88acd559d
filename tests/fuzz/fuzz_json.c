/*
 * fuzz_json -- libFuzzer harness for the JSON Lines and JSON array reader
 * (lp_json.c over lp_decode.c and lp_stream.c).
 *
 * Input: two option bytes (fuzz_stream.h), then the file.  Byte 0 bits
 * 0-1 choose the input format: 0 and 3 sniffed, 1 json, 2 ndjson; bit 7
 * writes CSV instead of JSON.  Bit 5 reads from a pipe, where the first
 * object's keys are the header; a regular file gets a first pass that
 * collects every object's keys.
 */
#include "fuzz_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_stream(data, size, FUZZ_JSON);
}
