/* libFuzzer target: the Indico timetable JSON reader on any bytes (fuzz_reader.h). */
#include "fuzz_reader.h"
#include "sked/indico.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(data, size, "fuzz.json", "indico", indico_sniff,
			   indico_read, FUZZ_COLUMNS);
}
