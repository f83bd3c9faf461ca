#include "bundle/libxml.h"

#include <stddef.h>

#include "base/dynlib.h"

/* Each member of libxml_api and the name of what it points to, in order. */
static const dynlib_symbol symbols[] = {
#define SYM(member, name) { name, offsetof(libxml_api, member) }
	SYM(BufferCreate, "xmlBufferCreate"),
	SYM(BufferContent, "xmlBufferContent"),
	SYM(BufferLength, "xmlBufferLength"),
	SYM(BufferFree, "xmlBufferFree"),
	SYM(NewTextWriterMemory, "xmlNewTextWriterMemory"),
	SYM(TextWriterSetIndent, "xmlTextWriterSetIndent"),
	SYM(TextWriterSetIndentString, "xmlTextWriterSetIndentString"),
	SYM(TextWriterStartDocument, "xmlTextWriterStartDocument"),
	SYM(TextWriterStartElement, "xmlTextWriterStartElement"),
	SYM(TextWriterEndElement, "xmlTextWriterEndElement"),
	SYM(TextWriterWriteAttribute, "xmlTextWriterWriteAttribute"),
	SYM(TextWriterWriteElement, "xmlTextWriterWriteElement"),
	SYM(TextWriterWriteString, "xmlTextWriterWriteString"),
	SYM(TextWriterEndDocument, "xmlTextWriterEndDocument"),
	SYM(FreeTextWriter, "xmlFreeTextWriter"),
	SYM(ReadMemory, "xmlReadMemory"),
	SYM(GetLastError, "xmlGetLastError"),
	SYM(DocGetRootElement, "xmlDocGetRootElement"),
	SYM(FreeDoc, "xmlFreeDoc"),
	SYM(StrEqual, "xmlStrEqual"),
	SYM(GetNsProp, "xmlGetNsProp"),
	SYM(GetNoNsProp, "xmlGetNoNsProp"),
	SYM(GetLineNo, "xmlGetLineNo"),
	SYM(Free, "xmlFree"),
#undef SYM
};

const libxml_api *libxml(char **err)
{
	static libxml_api api;
	static dynlib lib = { "libxml2.so.2", "libxml2", symbols, sizeof symbols / sizeof *symbols, &api, 0 };
	return dynlib_table(&lib, err);
}
