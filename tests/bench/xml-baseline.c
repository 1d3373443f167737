/* The XML baseline: an xmlTextReader walk over the file read into memory,
 * reading every node and doing nothing with it, with the options sked's
 * reader uses (src/core/read_frabxml.c: NONET and NOCDATA, nothing that
 * loads or substitutes). `sked check` of a schedule.xml is measured
 * against it. */
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>

#include "slurp.h"

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: xml-baseline FILE\n");
		return 64;
	}
	size_t len;
	char *buf = bench_slurp(argv[1], &len);
	xmlInitParser();
	xmlTextReaderPtr rd = xmlReaderForMemory(buf, (int)len, NULL, "UTF-8",
						 XML_PARSE_NONET |
						 XML_PARSE_NOCDATA);
	if (rd == NULL)
		return 70;
	size_t nodes = 0;
	int ret;
	while ((ret = xmlTextReaderRead(rd)) == 1)
		nodes++;
	xmlFreeTextReader(rd);
	free(buf);
	if (ret != 0) {
		fprintf(stderr, "%s: not well-formed XML\n", argv[1]);
		return 65;
	}
	printf("%zu nodes\n", nodes);
	return 0;
}
