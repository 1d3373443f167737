/* libFuzzer target: the c3voc schedule.json reader on any bytes (fuzz_reader.h). */
#include "fuzz_reader.h"
#include "sked/frabjson.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(data, size, "fuzz.json", "frab-json", frabjson_sniff,
			   frabjson_read, FUZZ_COLUMNS);
}
