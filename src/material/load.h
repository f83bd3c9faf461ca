/* load: reads a material directory (bundle.yaml, exercises/, reports/) or a
 * single Markdown file into the validated model, reporting every problem in
 * the run (not just the first) through diag().
 */
#ifndef HEJAPACK_LOAD_H
#define HEJAPACK_LOAD_H

#include "material/model.h"

/* A body may nest block quotes, lists, emphasis, links and images at most
 * this deep; deeper is an error at the first node too deep (FILE:LINE:COL).
 * Every document the loader returns keeps to it, so the typesetter may
 * recurse along the nesting. */
#define LOAD_MAX_NESTING 32

/* Returns the material, or NULL when any error was reported (diag counts
 * them). The caller frees the result with material_free. */
material *load_material(const char *dir);

/* load_material for a build of a library of any size: no document keeps
 * its source (source NULL), each being let go once it is read and again
 * once its body is checked, so that loading holds one document's bytes at a
 * time. Whoever needs them again reads them back with load_source_hold. */
material *load_material_lean(const char *dir);

/* Makes d->source hold the document's file again after a lean load let it
 * go: 1, or 0 after diag() when the file cannot be read or is no longer the
 * bytes that were loaded and checked (an error in the input: a build
 * typesets what it checked or nothing). 1 at once when d holds its source.
 * load_source_let_go frees it again. */
int load_source_hold(document *d);
void load_source_let_go(document *d);

/* One file for `hejapack pdf`. When it lies in a material directory
 * (DIR/exercises/X.md or DIR/reports/X.md beside DIR/bundle.yaml) the whole
 * material is loaded so related documents resolve; *owner then receives it
 * and the returned document belongs to it. Only that document's body is
 * checked and only its figures decoded: it is the only one typeset, and a
 * fault in another document's body is not its fault (their front matter,
 * which its related list shows, is still checked). Otherwise the file is read as a
 * plain document (front matter optional), *owner is NULL and the caller frees
 * the document with document_free. Returns NULL after reporting errors. */
document *load_single(const char *path, material **owner);

/* The same, with the figures' checks (image_check, the dearest part of
 * loading) left running on threads beside the caller's work: *checks
 * receives them (NULL when there are none, or on failure). The caller must
 * call load_checks_finish before it writes anything made of the material,
 * and give up the run when it returns 0. load_material_begin, the build's,
 * is lean as load_material_lean is: no document keeps its source. */
typedef struct load_checks load_checks;
material *load_material_begin(const char *dir, load_checks **checks);
document *load_single_begin(const char *path, material **owner, load_checks **checks);

/* Waits for the checks and reports each figure found broken at the place
 * that uses it. Returns 0 when one of them is an error, else 1 (also for
 * NULL). Frees checks. */
int load_checks_finish(load_checks *checks);

#endif
