/* html: the offline HTML edition, one document of the model as an HTML5 page.
 *
 * The page is made from the same loaded model and the same CommonMark parse
 * as the PDF (markdown_parse_body: smart punctuation, the document language's quotation
 * marks), rendered by cmark's HTML renderer after the tree is adapted to the
 * bundle:
 *   - an exercise opens with its kicker, title, lead question and fact box,
 *     and its phase headings are bands that give who works and the minutes;
 *   - a report opens with its title, subtitle and facts, a table of
 *     contents of its level-1 and level-2 headings (unless `contents: false`)
 *     and the abstract; headings are numbered when the report asks for it;
 *   - both end with the related documents, each linked to its page;
 *   - the title is the only h1 and no heading level is skipped (the body's
 *     levels are shifted below the title and clamped to one deeper than the
 *     heading before);
 *   - a link to another document's Markdown leads to its page, relative
 *     inside the bag; a relative link that leads nowhere in the bag (a
 *     fragment, another file) and a link with a scheme other than http,
 *     https or mailto becomes its text, so every link resolves;
 *   - an image of the document is the same PNG or JPEG as the PDF uses, from
 *     kallor/, with its alt text; an image standing alone in its paragraph is
 *     a figure with a caption (its title, else its alt text), as in the PDF;
 *     any other image is replaced by its alt text in brackets;
 *   - raw HTML is shown as code, as the PDF shows it: the page has no
 *     scripts, and nothing that loads from outside the bag.
 * Markup is polyglot (well-formed XML as well as HTML5); the stylesheet is
 * inline and has print rules. Output depends only on the model and the
 * image files, so it is byte-reproducible.
 */
#ifndef HEJAPACK_HTML_H
#define HEJAPACK_HTML_H

#include <stddef.h>

#include "base/util.h"
#include "material/model.h"

typedef struct {
	const char *base_dir; /* the material directory: images are probed there for their size; NULL: no sizes */
	int pdf_pages;        /* pages of the document's PDF, said beside the link to it; 0: not said */
} html_options;

/* Where a document's page lives below data/: "ovningar/ID.html" for
 * exercises, "rapporter/ID.html" for reports (beside its PDF). Caller frees. */
char *html_page_path(const document *d);

/* The page of one exercise or report of m. Returns the bytes (caller frees)
 * and their length in *len. Borrows everything. */
char *html_document(const material *m, const document *d, const html_options *opt, size_t *len);

/* The start of a page of the edition, up to and including <body>: doctype,
 * lang, charset, viewport, title and the edition's stylesheet. */
void html_page_open(buf *out, const char *lang, const char *title);
/* </body></html> and the final newline. */
void html_page_close(buf *out);

/* Appends text (a front matter text: NULL appends nothing) as <p>
 * elements, one for each run of lines between blank lines, escaped. */
void html_paragraphs(buf *out, const char *text);

/* Appends s with & < > " ' escaped (NULL appends nothing). */
void html_escape(buf *out, const char *s);

#endif
