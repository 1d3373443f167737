/* The XML baseline: an xmlTextReader walk over the file read into memory,
 * reading every node and doing nothing with it, with the options sked's
 * reader uses (src/core/read_frabxml.c: NONET and NOCDATA, nothing that
 * loads or substitutes). `sked check` of a schedule.xml is measured
 * against it. */
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: xml-baseline FILE\n");
		return 64;
	}
	FILE *fp = fopen(argv[1], "rb");
	if (fp == NULL) {
		perror(argv[1]);
		return 66;
	}
	size_t cap = 1 << 20, len = 0, r;
	char *buf = malloc(cap);
	while (buf && (r = fread(buf + len, 1, cap - len, fp)) > 0)
		if ((len += r) == cap)
			buf = realloc(buf, cap *= 2);
	fclose(fp);
	if (buf == NULL)
		return 70;
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
