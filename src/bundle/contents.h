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
#include <stdint.h>

#include "base/hash.h"
#include "base/spool.h"
#include "material/model.h"

/* What the build worked out about a generated file while making it (in a
 * worker process, in parallel), so that packing need not: its digests and
 * its bytes as they go into a ZIP (bundle/zipout.h, zipout_pack). */
typedef struct {
	char sha256[SHA256_HEX_SIZE];
	char sha512[SHA512_HEX_SIZE];
	int deflated;                /* the ZIP holds packed bytes; else the file as it is */
	const unsigned char *packed; /* the deflated bytes in memory, or NULL: */
	spool_ref packed_at;         /* spooled */
	size_t packed_len;
	uint32_t crc;                /* CRC-32 of the file, when deflated */
} payload_prep;

/* A material file (a figure) the build has read and prepared, spooled. */
typedef struct {
	const char *path;          /* as the document names it, below the material directory */
	spool_ref at;
	size_t len;
	const payload_prep *prep;
} prepared_file;

/* One finished document. Everything is borrowed from the caller. Its PDF
 * and HTML page are in memory (pdf, html) or, when those are NULL, in a
 * spool (pdf_at, html_at; base/spool.h): read them with spool_bytes. */
typedef struct {
	const document *doc;
	unsigned char *pdf;
	size_t pdf_len;
	spool_ref pdf_at;
	const payload_prep *pdf_prep; /* or NULL: packing works it out */
	int pages;
	const char *paper; /* "A4", "A5", "Letter" */
	unsigned char *html; /* its page of the HTML edition (render/html.h) */
	size_t html_len;
	spool_ref html_at;
	const payload_prep *html_prep; /* or NULL */
	spool_ref source_at;  /* its Markdown source, spooled, when doc->source is NULL (a lean load) */
	const payload_prep *source_prep; /* its Markdown source's, or NULL */
	const prepared_file *files;    /* figures it shows that the build prepared (others are read when packed) */
	size_t nfiles;
} built_doc;

/* The digests of a payload file, in memory (data), spooled (at) or worked
 * out by the build (prep, taken as it is): the SHA-256, and the SHA-512
 * when sha512 is not NULL. 0, or -1 after diag() when spooled bytes cannot
 * be read back. */
int contents_digests(const unsigned char *data, spool_ref at, size_t len, const payload_prep *prep,
		     char sha256[SHA256_HEX_SIZE], char *sha512);

/* Whether the document has a page in the HTML edition. */
int built_has_html(const built_doc *d);

/* Another generated payload file, borrowed, in memory (data) or spooled
 * (data NULL, at). path is below data/, '/'-separated, made of
 * [A-Za-z0-9._-] components: "katalog.pdf", "handouts/framtid.pdf". */
typedef struct {
	const char *path;
	const unsigned char *data;
	size_t len;
	spool_ref at;
	const payload_prep *prep; /* or NULL */
} extra_file;

/* Which copy of a release this is. The standard copy (A4, no handouts, for
 * screen and office printers) has the empty name; every other copy is named
 * by what sets it apart ("a5", "handouts", "print", "a5-handouts-print"),
 * and the name ends its bag's identifier, so no two copies share one. */
typedef struct {
	const char *name;       /* contents_variant_name(); NULL counts as "" */
	const char *paper;      /* "A4", "A5", "Letter"; NULL counts as "A4" */
	int handouts;           /* data/handouts/ holds a handout per exercise */
	int print_shop;         /* bleed, crop marks and CMYK colours */
	int pdfa_part;          /* the PDFs are PDF/A-<part><conformance>; 0: not PDF/A */
	const char *pdfa_conformance; /* "A", "B" or "U" */
	int tagged;             /* the PDFs are tagged (logical structure) */
} bundle_variant;

typedef struct {
	const char *created;   /* YYYY-MM-DD: Bagging-Date and manifest.json "created" */
	long long epoch;       /* the same instant in Unix seconds: every entry's mtime,
	                          read in UTC and clamped to 1980..2107 (DOS time) */
	const char *generator; /* "hejapack 0.1.0" */
	const char *changelog; /* optional text for README.txt and manifest.json, or NULL */
	bundle_variant variant;
} bundle_options;

/* The name of a variant from its settings: "" for A4 without handouts or
 * print marks, else the parts that differ joined by '-', in this order: the
 * paper in lower case, "handouts", "print". Caller frees. */
char *contents_variant_name(const char *paper, int handouts, int print_shop);

/* "PDF/A-1b", or NULL when the variant's PDFs are not PDF/A. Caller frees. */
char *contents_pdfa_name(const bundle_variant *v);

/* The IANA media type of a payload file, chosen by its name's extension
 * ("application/pdf", "text/markdown", "image/png", ...); static text. */
const char *contents_media_type(const char *path);

/* The layout inside the bag. Names are below data/; each returns a fresh
 * string the caller frees. A document's PDF is at document_pdf_path(d)
 * (model.h). */
char *contents_source_name(const document *d); /* "kallor/<rel_path>" */
/* "<id>-<version>", and "-<variant>" unless the variant is the standard one:
 * the bag's directory, its External-Identifier and the ZIP's stem. */
char *contents_bag_name(const material *m, const bundle_options *opt);

/* What the front pages (README.txt, index.html) say about the contents:
 * how many exercises, reports and handouts, and whether katalog.pdf is among
 * the extras. */
typedef struct {
	size_t exercises, reports, handouts;
	int has_catalogue;
} contents_summary;
contents_summary contents_count(const built_doc *docs, size_t ndocs, const extra_file *extras, size_t nextras);

/* The handout of exercise d among the extras ("handouts/<id>.pdf"), or NULL. */
const extra_file *contents_handout(const document *d, const extra_file *extras, size_t nextras);

#endif
