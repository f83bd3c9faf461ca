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

#include "model.h"

/* One finished document. Everything is borrowed from the caller. */
typedef struct {
	const document *doc;
	unsigned char *pdf;
	size_t pdf_len;
	int pages;
	const char *paper; /* "A4", "A5", "Letter" */
} built_doc;

/* Another generated payload file, borrowed. path is below data/, '/'-separated,
 * made of [A-Za-z0-9._-] components: "katalog.pdf", "handouts/framtid.pdf". */
typedef struct {
	const char *path;
	const unsigned char *data;
	size_t len;
} extra_file;

typedef struct {
	const char *created;   /* YYYY-MM-DD: Bagging-Date and manifest.json "created" */
	long long epoch;       /* the same instant in Unix seconds: every entry's mtime,
	                          read in UTC and clamped to 1980..2107 (DOS time) */
	const char *generator; /* "hejapack 0.1.0" */
	const char *changelog; /* optional text for README.txt and manifest.json, or NULL */
} package_options;

/* Writes OUT_DIR/<id>-<version>.zip and OUT_DIR/<id>-<version>.zip.sha256
 * (a `sha256sum -c` line), each atomically and durably; creates OUT_DIR if
 * missing. Reads the images and bundle.yaml from m->dir. Returns EXIT_OK, or
 * EXIT_INPUT (unsafe or colliding names, missing image) / EXIT_SYSTEM (I/O)
 * after reporting through diag(). Borrows everything. */
int package_write(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                  size_t nextras, const package_options *opt, const char *out_dir);

/* The layout, shared with manifest.json and index.html. Names are below
 * data/; each returns a fresh string the caller frees. A document's PDF is
 * at document_pdf_path(d) (model.h). */
char *package_source_name(const document *d); /* "kallor/<rel_path>" */
char *package_bag_name(const material *m);    /* "<id>-<version>" */

/* What the front pages (README.txt, index.html) say about the contents:
 * how many exercises and reports, and whether katalog.pdf is among the extras. */
typedef struct {
	size_t exercises, reports;
	int has_catalogue;
} package_contents;
package_contents package_count(const built_doc *docs, size_t ndocs, const extra_file *extras, size_t nextras);

/* The README.txt text for this bundle in its language (sv or en); caller frees. */
char *package_readme(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                     size_t nextras, const package_options *opt);

#endif
