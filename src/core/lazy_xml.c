/* libxml2, opened on its first call (lazylib.h): the functions sked
 * calls, each with libxml2's name and prototype, which its headers
 * declare (so the compiler checks each against them) and which forward
 * to libxml2's. Found with `nm -D --undefined-only` of sked, the unit
 * tests, the fuzzers and the benchmarks that link the core, against
 * libxml2's exports; none is variadic. xmlParserVersion is a call of
 * __xmlParserVersion (globals.h, a build with threads); xmlFree is a
 * variable, below. A function missing here is a link error, as the
 * library is not linked. */
#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlstring.h>

#include "sked/lazylib.h"

#define F(ret, name, params, args) LAZYLIB_FUNC(lazylib_xml, ret, name, params, args)
#define V(name, params, args) LAZYLIB_VOID(lazylib_xml, name, params, args)

F(const char **, __xmlParserVersion, (void), ())
F(const htmlEntityDesc *, htmlEntityLookup, (const xmlChar *name), (name))
F(htmlDocPtr, htmlReadMemory, (const char *b, int n, const char *url, const char *enc, int o), (b, n, url, enc, o))
V(xmlFreeDoc, (xmlDocPtr d), (d))
V(xmlFreeTextReader, (xmlTextReaderPtr r), (r))
F(xmlExternalEntityLoader, xmlGetExternalEntityLoader, (void), ())
F(xmlChar *, xmlGetProp, (const xmlNode *node, const xmlChar *name), (node, name))
V(xmlInitParser, (void), ())
F(xmlChar *, xmlNodeGetContent, (const xmlNode *node), (node))
F(xmlTextReaderPtr, xmlReaderForMemory, (const char *b, int n, const char *url, const char *enc, int o), (b, n, url, enc, o))
V(xmlSetExternalEntityLoader, (xmlExternalEntityLoader f), (f))
F(int, xmlStrcasecmp, (const xmlChar *a, const xmlChar *b), (a, b))
F(const xmlChar *, xmlTextReaderConstLocalName, (xmlTextReaderPtr r), (r))
F(const xmlChar *, xmlTextReaderConstName, (xmlTextReaderPtr r), (r))
F(const xmlChar *, xmlTextReaderConstPrefix, (xmlTextReaderPtr r), (r))
F(xmlNodePtr, xmlTextReaderCurrentNode, (xmlTextReaderPtr r), (r))
F(xmlNodePtr, xmlTextReaderExpand, (xmlTextReaderPtr r), (r))
F(xmlChar *, xmlTextReaderGetAttribute, (xmlTextReaderPtr r, const xmlChar *name), (r, name))
F(int, xmlTextReaderIsEmptyElement, (xmlTextReaderPtr r), (r))
F(int, xmlTextReaderNext, (xmlTextReaderPtr r), (r))
F(int, xmlTextReaderNodeType, (xmlTextReaderPtr r), (r))
F(int, xmlTextReaderRead, (xmlTextReaderPtr r), (r))
V(xmlTextReaderSetStructuredErrorHandler, (xmlTextReaderPtr r, xmlStructuredErrorFunc f, void *arg), (r, f, arg))

/* xmlFree is libxml2's variable, a pointer to the function that frees
 * what libxml2 allocated (free() unless the program chose another with
 * xmlMemSetup, which sked does not): sked's is a pointer to a function
 * that calls through libxml2's, read when called. Only memory from
 * libxml2 is freed with it, so libxml2 is open by then. */
static void
lazy_xml_free(void *p)
{
	static xmlFreeFunc *real;
	if (real == NULL)
		real = lazylib_data(&lazylib_xml, "xmlFree");
	(*real)(p);
}
xmlFreeFunc xmlFree = lazy_xml_free;
