/* pagekit: small pieces the document templates (layout.c, handout.c)
 * share: a text run measured for the display list, set lines placed in a
 * box, and the running header and footer of every page.
 */
#ifndef HEJAPACK_PAGEKIT_H
#define HEJAPACK_PAGEKIT_H

#include "material/labels.h"
#include "material/model.h"
#include "typeset/displaylist.h"
#include "typeset/fontset.h"
#include "typeset/para.h"
#include "typeset/style.h"
#include "typeset/vlist.h"

/* A text item at (x, y) with its width measured; s is borrowed (the
 * display list copies it when the item is added). */
dl_item pk_text(fontset *fs, face_id face, double size, dl_color color, double x, double y, const char *s);

/* Adds set lines to a box: the first baseline first_baseline below the
 * box top, then one line every `leading`. */
void pk_box_lines(v_item *box, const para_line *lines, size_t n, double x, double first_baseline, double leading);

/* Gives every item of the lines that names no element the element elem. */
void pk_lines_elem(para_line *lines, size_t n, int elem);

typedef struct {
	const char *title;        /* left of the header */
	const char *kind;         /* right of the header on every page ... */
	char *const *page_kinds;  /* ... or one per page (takes precedence) */
	const material *m;        /* for the licence line in the footer; may be NULL */
	size_t header_from;       /* first page with a header */
	size_t footer_from;       /* first page with a footer */
} pk_running;

/* The running header (title and kind over a hairline) and the footer (the
 * licence, bundle title and version; "N av M") of doc's pages, as artifacts. */
void pk_running_parts(dl_document *doc, fontset *fs, const page_style *st, const labels *lb, const pk_running *r);

#endif
