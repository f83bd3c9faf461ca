/* package: the release bundle, a reproducible ZIP holding one BagIt 1.0 bag.
 *
 * OUT_DIR/<id>-<version>.zip unpacks to <id>-<version>/ with bagit.txt,
 * bag-info.txt, manifest-sha256.txt, manifest-sha512.txt,
 * tagmanifest-sha256.txt, tagmanifest-sha512.txt, README.txt, manifest.json
 * and data/ (the payload): ovningar/<id>.pdf, rapporter/<id>.pdf, the extra
 * files, index.html, and kallor/ (Markdown sources at their rel_path, the
 * images they reference, bundle.yaml). The same inputs and epoch give the
 * same bytes whatever TZ, locale or umask. The layout is described in
 * docs/manifest.md.
 */
#ifndef HEJAPACK_PACKAGE_H
#define HEJAPACK_PACKAGE_H

#include <stddef.h>

#include "bundle/contents.h"
#include "bundle/zipout.h"
#include "material/model.h"

/* Writes OUT_DIR/<id>-<version>.zip and OUT_DIR/<id>-<version>.zip.sha256
 * (a `sha256sum -c` line), each atomically and durably; creates OUT_DIR if
 * missing. Reads the images and bundle.yaml from m->dir. Returns EXIT_OK, or
 * EXIT_INPUT (unsafe or colliding names, missing image) / EXIT_SYSTEM (I/O)
 * after reporting through diag(). Borrows everything. */
int package_write(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                  size_t nextras, const bundle_options *opt, const char *out_dir);

/* One payload file of the bag, named below the bag's base directory
 * ("data/ovningar/x.pdf", "data/kallor/bundle.yaml", "data/index.html"). */
typedef struct {
	char *name;
	const unsigned char *data; /* borrowed from the caller, or owned; NULL: spooled */
	size_t len;
	spool_ref at;              /* where the bytes are when data is NULL (base/spool.h) */
	const payload_prep *prep;  /* digests and ZIP bytes worked out beforehand, or NULL */
	unsigned char *owned;      /* data when package_payload read or made it, else NULL */
} package_file;

typedef struct {
	package_file *v;
	size_t n;
} package_files;

/* The bag's payload exactly as package_write puts it under data/, sorted by
 * name: for other packagings of the same files (the e-archive package).
 * Returns EXIT_OK and fills *out (free with package_files_free), or an error
 * status after reporting through diag() with *out empty. */
int package_payload(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                    size_t nextras, const bundle_options *opt, package_files *out);
void package_files_free(package_files *f);

/* Adds a payload file to an archive: its bytes in memory (data) or spooled
 * (at), or, when the build prepared it, the packed bytes prep names.
 * Spooled bytes are read from their spool when the archive is saved, so it
 * must stay open until then. 0, or -1 with *err set (caller frees). */
int package_zip_add(zipout *z, const char *name, const unsigned char *data, spool_ref at, size_t len,
		    const payload_prep *prep, char **err);

/* The README.txt text for this bundle in its language (sv or en); caller frees. */
char *package_readme(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                     size_t nextras, const bundle_options *opt);

#endif
