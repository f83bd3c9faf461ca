/* schemas: the XML Schemas that the e-archive package carries in its
 * schemas/ folder (CSIP asks for every schema its XML files use): METS 1.12,
 * the METS XLink schema and PREMIS 3.0, compiled in from schemas/ of the
 * source tree (schemas/README.md says where each comes from). Read-only,
 * static, never freed. */
#ifndef HEJAPACK_SCHEMAS_H
#define HEJAPACK_SCHEMAS_H

#include <stddef.h>

typedef struct {
	const char *name; /* "mets.xsd", "xlink.xsd", "premis.xsd" */
	const unsigned char *data;
	size_t len;
} sip_schema;

extern const sip_schema sip_schemas[];
extern const size_t sip_nschemas;

#endif
