/* bundlediff: what changed between two releases, from their manifest.json.
 *
 * A document is changed when the SHA-256 of its PDF, its HTML page or its
 * source differs. The lead's
 * build compares the previous release with the one it is making to refuse
 * sources edited without a new version and to write the changelog.
 */
#ifndef HEJAPACK_BUNDLEDIFF_H
#define HEJAPACK_BUNDLEDIFF_H

#include <stddef.h>
#include <stdio.h>

#include "bundle/manifest.h"

typedef enum { CHANGE_ADDED, CHANGE_REMOVED, CHANGE_CHANGED } change_kind;

typedef struct {
	change_kind kind;
	const manifest_doc *old_doc; /* NULL when added; borrowed from the old manifest */
	const manifest_doc *new_doc; /* NULL when removed; borrowed from the new manifest */
	int pdf_changed;
	int source_changed;
	int html_changed;            /* the page of the HTML edition, or one bundle has it and the other not */
	int version_unchanged;       /* source changed, version the same */
} bundle_change;

/* Owns the array only; the documents stay in the two manifest_info. */
typedef struct {
	bundle_change *items; /* changed and added in the new manifest's order, then removed */
	size_t n;
} bundle_changes;

/* Reads <dir>/manifest.json from a bundle ZIP. Returns 0 and fills *out
 * (caller frees with manifest_info_free); 1 when the file is not a bundle
 * or its manifest.json is invalid; 3 on I/O failure; *err is set (caller
 * frees) when not 0. */
int bundle_read_manifest(const char *zip_path, manifest_info *out, char **err);

/* Compares by document id. Borrows both manifests, which must outlive *out;
 * free *out with bundle_changes_free. */
void bundle_diff_manifests(const manifest_info *old_mi, const manifest_info *new_mi, bundle_changes *out);
void bundle_changes_free(bundle_changes *c);

/* A changelog in the given language (Swedish for "sv", English otherwise):
 * one line per document, grouped as added, changed, removed. "" when
 * nothing changed. Caller frees. */
char *bundle_changes_text(const bundle_changes *c, const char *language);

/* The changes whose source changed while the version did not, as pointers
 * into c (caller frees the array only); *n gets their number. */
const bundle_change **bundle_changes_unversioned(const bundle_changes *c, size_t *n);

/* `hejapack diff OLD.zip NEW.zip`: prints the English changelog, a warning
 * line per unversioned source change and a summary. Returns 0, 1 when a
 * bundle's manifest.json is missing or invalid, 3 on I/O failure. */
int bundle_diff(const char *old_zip, const char *new_zip, FILE *out);

#endif
