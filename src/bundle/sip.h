/* sip: the release as a submission package for an e-archive.
 *
 * OUT_DIR/<id>-<version>-sip.zip holds one directory, <id>-<version>-sip/,
 * laid out by E-ARK CSIP 2.1 and E-ARK SIP 2.1, which together are
 * Riksarkivet's FGS Paketstruktur 2.0:
 *
 *   METS.xml                          the package description (METS 1.12)
 *   metadata/descriptive/dc.xml       Dublin Core description of the material
 *   metadata/preservation/premis.xml  PREMIS 3.0 objects, events and agent
 *   documentation/README.txt          what the package is, how to check it
 *   representations/rep1/data/        the PDFs (everything the bag has under
 *                                     data/ except kallor/ and index.html)
 *   representations/rep2/data/        the sources: the bag's data/kallor/
 *
 * METS.xml lists every other file of the package with its SHA-256, size,
 * media type and date. The bytes are reproducible like the bundle's (same
 * inputs and epoch, same ZIP). The layout is described in docs/e-arkiv.md.
 */
#ifndef HEJAPACK_SIP_H
#define HEJAPACK_SIP_H

#include <stddef.h>

#include "bundle/contents.h"
#include "material/model.h"

/* Writes OUT_DIR/<id>-<version>-sip.zip and its .sha256 line, each
 * atomically and durably; OUT_DIR must exist (package_write makes it).
 * Returns EXIT_OK, or EXIT_INPUT / EXIT_SYSTEM after reporting through
 * diag(). Borrows everything. */
int sip_write(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras, size_t nextras,
              const bundle_options *opt, const char *out_dir);

/* The package's root directory and OBJID, "<id>-<version>-sip"; caller frees. */
char *sip_name(const material *m);

#endif
