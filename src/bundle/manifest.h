/* manifest: manifest.json, the machine-readable description of a bundle.
 *
 * manifest_info is the one structured form of that file: built from the
 * material and its build results (manifest_describe), written as JSON
 * (manifest_to_json) and read back (manifest_parse). Format and schema:
 * docs/manifest.md, docs/manifest.schema.json.
 */
#ifndef HEJAPACK_MANIFEST_H
#define HEJAPACK_MANIFEST_H

#include <stddef.h>

#include "base/hash.h"
#include "bundle/contents.h"
#include "material/model.h"

/* 2 adds identifier, variant, license_spdx, license_url, website, files and
 * every file's media_type; version 1 files are still read. */
enum { MANIFEST_VERSION = 2 };

typedef struct {
	char *path;       /* relative to the bag's base directory: "data/ovningar/x.pdf" */
	long long bytes;
	char sha256[SHA256_HEX_SIZE];
	char *media_type; /* "application/pdf"; NULL when read from a version 1 file */
} manifest_file;

typedef struct {
	char *id;
	doc_type type;
	char *title;
	char *lead;             /* exercises; NULL otherwise */
	char *abstract;         /* reports; NULL when absent */
	char *version;
	char *updated;          /* YYYY-MM-DD */
	char *language;
	int pages;
	char *paper;
	char *theme_id;         /* exercises */
	char *theme_title;      /* exercises; NULL if the theme is not declared */
	int total_minutes;      /* exercises */
	int participants_min;   /* exercises; 0 = not given */
	int participants_max;
	char **authors;         /* reports */
	size_t nauthors;
	char **related;
	size_t nrelated;
	manifest_file pdf;
	manifest_file html;     /* its page of the HTML edition; path NULL when the bundle has none */
	manifest_file source;
} manifest_doc;

/* Owns every string and array; free with manifest_info_free. Optional
 * strings are NULL when absent. */
typedef struct {
	int manifest_version;
	char *id;
	char *identifier;       /* the bag's name, <id>-<version>[-<variant>]; NULL in version 1 */
	char *title;
	char *version;
	char *variant_name;     /* "standard", "a5", "handouts", "print", "a5-handouts" ... */
	char *paper;            /* of every PDF: "A4", "A5", "Letter" */
	int handouts;
	int print_shop;
	char *pdfa;             /* "PDF/A-1b", or "none" */
	int tagged;
	char *created;
	char *publisher;
	char *license;
	char *license_spdx;
	char *license_url;
	char *website;
	char *language;
	char *generator;
	char *description;
	char *contact_name;
	char *contact_email;
	char *contact_url;
	char *changelog;
	manifest_doc *docs;
	size_t ndocs;
	manifest_file *extras;  /* other generated files: "data/katalog.pdf", ... */
	size_t nextras;
	manifest_file *files;   /* every payload file, in byte order of path (manifest_add_file) */
	size_t nfiles, files_cap;
} manifest_info;

/* Fills *out (which the caller frees with manifest_info_free) from the model
 * and the build results, hashing the PDFs, sources and extras. Borrows its
 * inputs. Documents keep the order of docs, extras the order given. 0, or
 * -1 after diag() when spooled bytes cannot be read back (*out is filled
 * all the same, and still to be freed). */
int manifest_describe(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                      size_t nextras, const bundle_options *opt, manifest_info *out);

/* Appends one payload file to mi->files: its path from the bag's base
 * directory ("data/..."), size and SHA-256; the media type follows from the
 * name (contents_media_type). The packager adds every payload file. */
void manifest_add_file(manifest_info *mi, const char *path, long long bytes, const char *sha256);

/* The JSON text (2-space indent, keys in a fixed order, UTF-8 unescaped,
 * final newline). Returns a string the caller frees and its length in *len;
 * NULL with *err set (caller frees) when a string is not valid UTF-8. */
char *manifest_to_json(const manifest_info *mi, size_t *len, char **err);

/* Parses manifest.json text. Returns 0 and fills *out (caller frees with
 * manifest_info_free), or -1 with *err set (caller frees) and *out empty. */
int manifest_parse(const char *json, size_t len, manifest_info *out, char **err);

void manifest_info_free(manifest_info *mi);

#endif
