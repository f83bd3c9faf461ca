/* htmlindex: data/index.html, the bundle's front page.
 *
 * A static HTML5 page in the bundle's language (Swedish for sv, English
 * otherwise) with inline CSS only: no scripts, no external resources. It
 * lists every exercise grouped by theme (title, lead question, total time,
 * participants) and every report (title, abstract), each linking its PDF by
 * a relative path, the extra files, the sources, and points to README.txt.
 * Every text from the material is HTML-escaped.
 */
#ifndef HEJAPACK_HTMLINDEX_H
#define HEJAPACK_HTMLINDEX_H

#include <stddef.h>

#include "base/util.h"
#include "bundle/contents.h"
#include "material/model.h"
#include "render/html.h" /* html_escape */

/* Returns the page (caller frees) and its length in *len. Borrows its inputs. */
char *htmlindex_build(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                      size_t nextras, const bundle_options *opt, size_t *len);

#endif
