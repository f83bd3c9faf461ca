/* markdown: the one CommonMark parse of a document's body that every
 * output (PDF, handout, HTML edition) is made from.
 *
 * Smart punctuation as cmark gives it (CMARK_OPT_SMART: curly quotes,
 * ellipses, "--" and "---" as en and em dashes), with one exception: a run
 * of two or more hyphens that does not stand between words keeps its
 * hyphens. "1990--1995" and "ja -- nej" get their dashes, but the rule
 * "|---|---|" of a table written as a plain paragraph, or a "----" on its
 * own, stays as typed (cmark would make it em dashes).
 */
#ifndef HEJAPACK_MARKDOWN_H
#define HEJAPACK_MARKDOWN_H

#include <cmark.h>

#include "material/model.h"

/* The body of d, parsed; the caller frees it with cmark_node_free. */
cmark_node *markdown_parse_body(const document *d);

/* The same for any CommonMark text (for tests and for texts that are not
 * a document's body). */
cmark_node *markdown_parse(const char *text, size_t len);

#endif
