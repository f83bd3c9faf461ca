/* contents: what goes into a bundle, as the typesetting stage hands it over.
 *
 * The list of finished documents and other generated files, the options of
 * one release, and the names they take inside the bag. Every module of the
 * bundle stage reads these (package, manifest, htmlindex); this one reads
 * none of them, so the stage has no circle.
 */
#ifndef HEJAPACK_CONTENTS_H
#define HEJAPACK_CONTENTS_H

#include <stddef.h>

#include "material/model.h"

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
} bundle_options;

/* The layout inside the bag. Names are below data/; each returns a fresh
 * string the caller frees. A document's PDF is at document_pdf_path(d)
 * (model.h). */
char *contents_source_name(const document *d); /* "kallor/<rel_path>" */
char *contents_bag_name(const material *m);    /* "<id>-<version>" */

/* What the front pages (README.txt, index.html) say about the contents:
 * how many exercises and reports, and whether katalog.pdf is among the extras. */
typedef struct {
	size_t exercises, reports;
	int has_catalogue;
} contents_summary;
contents_summary contents_count(const built_doc *docs, size_t ndocs, const extra_file *extras, size_t nextras);

#endif
