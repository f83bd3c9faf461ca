/* frontmatter: splits a Markdown file into its YAML front matter and body,
 * and validates the front matter against the schema in docs/material.md.
 */
#ifndef HEJAPACK_FRONTMATTER_H
#define HEJAPACK_FRONTMATTER_H

#include <stddef.h>

#include "material/model.h"
#include "material/yamltree.h"

typedef struct {
	size_t yaml_offset, yaml_len; /* the YAML text between the --- lines */
	unsigned yaml_line;           /* file line of its first byte */
	size_t body_offset;           /* the Markdown body */
	unsigned body_line;
	int has_front_matter;
} fm_split;

/* Finds the front matter of text[0..len) (valid UTF-8 is checked here too).
 * When `required` is 0 a file without a leading --- is accepted as all body,
 * and an empty body is accepted too.
 * Reports problems with diag() against file; returns 0 on error. */
int fm_split_text(const char *text, size_t len, const char *file, int required, fm_split *out);

/* Whether text[0..len) is valid UTF-8 without NUL bytes; otherwise reports
 * the first offending byte at its FILE:LINE:COL and returns 0. */
int fm_check_text(const char *text, size_t len, const char *file);

/* Fills the fields of d (of type d->type) from the front matter tree.
 * Reports every problem against file; returns the number of errors. */
int fm_read_document(const yt_node *root, const char *file, document *d);

/* Fills the bundle metadata from bundle.yaml's tree; returns error count. */
int fm_read_bundle(const yt_node *root, const char *file, bundle_meta *meta);

/* Validators shared with the command line (1 = valid). */
int fm_valid_slug(const char *s);
int fm_valid_version(const char *s);   /* semver 2.0.0 or YYYY.N */
int fm_valid_date(const char *s);      /* YYYY-MM-DD, a real calendar day */
int fm_valid_language(const char *s);  /* a language hejapack has labels for */

#endif
