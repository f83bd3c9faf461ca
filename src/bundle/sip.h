/* sip: the release as a submission package for an e-archive.
 *
 * OUT_DIR/<bag>-sip.zip holds one directory, <bag>-sip/ (<bag> is
 * contents_bag_name, "heja-material-1.0.0" or with its variant),
 * laid out by E-ARK CSIP 2.1 and E-ARK SIP 2.1, which together are
 * Riksarkivet's FGS Paketstruktur 2.0:
 *
 *   METS.xml                          the package description (METS 1.12)
 *   metadata/descriptive/dc.xml       Dublin Core description of the material
 *   metadata/preservation/premis.xml  PREMIS 3.0 objects, events and agent
 *   documentation/README.txt          what the package is, how to check it
 *   schemas/                          mets.xsd, xlink.xsd, premis.xsd (schemas.h)
 *   representations/rep1/data/        the edition: the bag's data/ without the
 *                                     Markdown sources and bundle.yaml (PDFs,
 *                                     HTML pages, index.html, their images)
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

/* Writes OUT_DIR/<bag>-sip.zip and its .sha256 line, each
 * atomically and durably; OUT_DIR must exist (package_write makes it).
 * Returns EXIT_OK, or EXIT_INPUT / EXIT_SYSTEM after reporting through
 * diag(). Borrows everything. */
int sip_write(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras, size_t nextras,
              const bundle_options *opt, const char *out_dir);

/* One file that METS.xml lists: a fileSec file's FLocat or a metadata
 * section's mdRef, with the size and checksum METS.xml gives for it. */
typedef struct {
	char *href;          /* as written, relative to the package root */
	char *checksum;      /* NULL when absent */
	char *checksum_type; /* "SHA-256", ...; NULL when absent */
	long long size;      /* -1 when absent or not a number */
	unsigned line;       /* in METS.xml, where the element's start tag ends */
} sip_ref;

/* Reads the files METS.xml lists (fileSec and mdRef, in document order)
 * without loading anything from the network or expanding entities. Returns
 * 0 and *refs (free with sip_refs_free), or -1 with *err set (caller frees)
 * when the text is not well-formed METS. */
int sip_read_mets(const char *xml, size_t len, sip_ref **refs, size_t *n, char **err);
void sip_refs_free(sip_ref *refs, size_t n);

/* The package's root directory and OBJID: the bag's name and "-sip",
 * "heja-material-1.0.0-sip", "heja-material-1.0.0-a5-sip". Caller frees. */
char *sip_name(const material *m, const bundle_options *opt);

#endif
