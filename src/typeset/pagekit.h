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

/* s if it is at most max_w wide on one line, else its longest prefix
 * that is, with an ellipsis: cut after a whole word where one fits, else
 * within the first word. Always a new string for the caller to free. */
char *pk_clip(fontset *fs, face_id face, double size, const char *s, double max_w);

/* Adds set lines to a box: the first baseline first_baseline below the
 * box top, then one line every `leading`. */
void pk_box_lines(v_item *box, const para_line *lines, size_t n, double x, double first_baseline, double leading);

/* Setting a title, subtitle or lead question in a bounded height. */
typedef struct {
	fontset *fs;
	hyphenator *hyph;
	const char *path;   /* the file the text comes from, for the warning */
	const char *what;   /* "title", "lead question": for the warning */
	face_id face;
	double size;        /* the size it is meant to have */
	double smallest;    /* the least it may shrink to, as a fraction of size */
	double lead_ratio;  /* line distance / size */
	dl_color color;
	double width, max_h;
} pk_fit;

/* Sets text ragged-right in f->width: at f->size when its lines fit in
 * f->max_h, else smaller, in 5% steps down to f->smallest times it, else
 * cut after the last whole word that fits, with an ellipsis, and a warning
 * that names f->path (the HTML edition keeps the text whole). However long
 * the text, the result fits, and the time spent is bounded by what can fit,
 * not by the text's length. *used gets the size set in; returns the number
 * of lines (at least 1). */
size_t pk_fit_lines(const pk_fit *f, const char *text, para_line **lines, double *used);

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
