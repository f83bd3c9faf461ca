/* libxml: libxml2, opened (base/dynlib.h) when the e-archive package first
 * needs it. Only the SIP (METS written and read back, bundle/sip.c) uses
 * it, and with the ICU it pulls in it cost every process about 1 ms.
 */
#ifndef HEJAPACK_LIBXML_H
#define HEJAPACK_LIBXML_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

typedef struct {
	__typeof__(xmlBufferCreate) *BufferCreate;
	__typeof__(xmlBufferContent) *BufferContent;
	__typeof__(xmlBufferLength) *BufferLength;
	__typeof__(xmlBufferFree) *BufferFree;
	__typeof__(xmlNewTextWriterMemory) *NewTextWriterMemory;
	__typeof__(xmlTextWriterSetIndent) *TextWriterSetIndent;
	__typeof__(xmlTextWriterSetIndentString) *TextWriterSetIndentString;
	__typeof__(xmlTextWriterStartDocument) *TextWriterStartDocument;
	__typeof__(xmlTextWriterStartElement) *TextWriterStartElement;
	__typeof__(xmlTextWriterEndElement) *TextWriterEndElement;
	__typeof__(xmlTextWriterWriteAttribute) *TextWriterWriteAttribute;
	__typeof__(xmlTextWriterWriteElement) *TextWriterWriteElement;
	__typeof__(xmlTextWriterWriteString) *TextWriterWriteString;
	__typeof__(xmlTextWriterEndDocument) *TextWriterEndDocument;
	__typeof__(xmlFreeTextWriter) *FreeTextWriter;
	__typeof__(xmlReadMemory) *ReadMemory;
	__typeof__(xmlGetLastError) *GetLastError;
	__typeof__(xmlDocGetRootElement) *DocGetRootElement;
	__typeof__(xmlFreeDoc) *FreeDoc;
	__typeof__(xmlStrEqual) *StrEqual;
	__typeof__(xmlGetNsProp) *GetNsProp;
	__typeof__(xmlGetNoNsProp) *GetNoNsProp;
	__typeof__(xmlGetLineNo) *GetLineNo;
	xmlFreeFunc *Free; /* the library's own variable: call (*Free)(p) */
} libxml_api;

/* The functions, the library opened on the first call; NULL with *err set
 * (caller frees) when it cannot be opened or lacks one of them. */
const libxml_api *libxml(char **err);

#endif
