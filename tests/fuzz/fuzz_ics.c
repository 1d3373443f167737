/* libFuzzer target: the iCalendar reader on any bytes (fuzz_reader.h). */
#include "fuzz_reader.h"
#include "sked/ics.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(data, size, "fuzz.ics", "ical", ics_sniff,
			   ics_read, 0);
}
