/* libFuzzer target: the frab/pretalx schedule.xml reader on any bytes (fuzz_reader.h). */
#include "fuzz_reader.h"
#include "sked/frabxml.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(data, size, "fuzz.xml", "frab-xml", frabxml_sniff,
			   frabxml_read, 0);
}
