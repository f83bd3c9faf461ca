#include "bundle/libxml.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

#include "base/util.h"

#define LIBXML_SONAME "libxml2.so.2"

/* Each member of libxml_api and the name of what it points to, in order. */
static const struct {
	const char *name;
	size_t offset;
} symbols[] = {
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
	static int loaded;
	if (loaded)
		return &api;
	/* Kept open for the rest of the process, as a linked library would be. */
	void *lib = dlopen(LIBXML_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		*err = xasprintf("cannot load %s (Debian's package libxml2): %s", LIBXML_SONAME, dlerror());
		return NULL;
	}
	for (size_t i = 0; i < sizeof symbols / sizeof *symbols; i++) {
		void *sym = dlsym(lib, symbols[i].name);
		if (!sym) {
			*err = xasprintf("%s has no %s", LIBXML_SONAME, symbols[i].name);
			dlclose(lib);
			return NULL;
		}
		/* A data pointer turned into a function pointer, as POSIX allows:
		 * copied, since ISO C has no conversion for it. */
		memcpy((char *)&api + symbols[i].offset, &sym, sizeof sym);
	}
	loaded = 1;
	return &api;
}
