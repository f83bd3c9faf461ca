/* displaylist: the typeset document as pages of positioned items.
 *
 * This is the boundary between layout and rendering. Layout fills it and
 * knows nothing of PDF; a renderer draws it and makes no layout decision.
 * dl_dump writes it as text, so layout can be tested without a PDF.
 *
 * Coordinates are PDF points (1/72 in) from the bottom-left corner of the
 * page; text items are placed at their baseline origin.
 */
#ifndef HEJAPACK_DISPLAYLIST_H
#define HEJAPACK_DISPLAYLIST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/util.h"

/* Type faces a display list can name; the renderer maps them to font files. */
typedef enum {
	FACE_SERIF,
	FACE_SERIF_ITALIC,
	FACE_SERIF_BOLD,
	FACE_SERIF_BOLD_ITALIC,
	FACE_SANS,
	FACE_SANS_BOLD,
	FACE_MONO,
	FACE_FALLBACK,         /* full-coverage face for characters the others lack */
	FACE_FALLBACK_SYMBOLS,
	FACE_FALLBACK_MATH,
	FACE_COUNT
} face_id;

typedef enum {
	DL_TEXT,  /* a run of text in one face and size */
	DL_RECT,  /* a filled rectangle (rules are thin rectangles) */
	DL_IMAGE, /* an image scaled into its box */
	DL_LINK,  /* a clickable area */
	DL_LINE,  /* a stroked line from (x, y) to (x + w, y + h) */
} dl_kind;

typedef enum {
	LINK_URI,  /* target: an absolute URI */
	LINK_PAGE, /* page: index of a page in this document; y: where on it */
	LINK_FILE, /* target: another PDF, relative to this one (opens offline) */
} dl_link_kind;

/* Structure: what a piece of content is in the document's logical tree, for
 * tagged PDF. The kinds are PDF's standard structure types; layout creates
 * the elements in reading order (a parent before its children, siblings in
 * the order they are read), so a figure floated to a later page keeps its
 * place in the tree. */
typedef enum {
	DS_DOCUMENT,   /* the root, element 0 */
	DS_H,          /* a heading; level 1-6 */
	DS_P,
	DS_L,          /* a list, of LI (Lbl and LBody) */
	DS_LI,
	DS_LBL,
	DS_LBODY,
	DS_BLOCKQUOTE,
	DS_CODE,       /* a code block */
	DS_FIGURE,     /* alt: its alternative text */
	DS_CAPTION,
	DS_LINK,       /* alt: what the link leads to, for the annotation */
	DS_TOC,
	DS_TOCI,
	DS_TABLE,      /* a fact box: rows of a header cell and a data cell */
	DS_TR,
	DS_TH,
	DS_TD,
	DS_DIV,        /* a group with no meaning of its own (a worksheet step) */
	DS_KINDS
} dl_role;

/* Where an item sits in the tree: an element index, or one of these. */
#define DL_ELEM_BOX 0       /* (layout) the element of the box that holds it; in a finished list: the root */
#define DL_ARTIFACT (-1)    /* page furniture: running heads, footers, page numbers */

typedef struct {
	dl_role role;
	int level;          /* heading: 1-6 */
	int parent;         /* element index; -1 for the root */
	char *alt;          /* figure: alternative text; link: its description; label:
	                       the text it reads as, when not what it shows (arena) */
	char *lang;         /* BCP 47, when it differs from the document's (arena) */
} dl_elem;

/* An sRGB colour with its print (CMYK) equivalent, both 0..1. */
typedef struct {
	float r, g, b;
	float c, m, y, k;
} dl_color;

/* (Members ordered so that the item packs without holes: a long report
 * holds some 400 000 of them at once.) */
typedef struct {
	double x, y;        /* text: baseline origin; others: bottom-left corner */
	double w, h;        /* box size (text: advance width and 0) */
	double size;        /* text: font size in points; lines: stroke width */
	double tracking;    /* text: extra space after each glyph, in points (justification) */
	double expand;      /* text: glyphs drawn (1 + expand) times their natural width (font expansion,
	                       within +/-0.02); w includes it. 0 = natural, so an item built with a zeroed
	                       initialiser needs no scale set */
	double dest_y;      /* link to a page: y to show at the top */
	char *text;         /* text: UTF-8; link: URI or file (in a list: owned by its arena) */
	char *alt;          /* image: alternative text (in a list: owned by its arena) */
	size_t page;        /* link to a page: its index */
	size_t image;       /* image: index into dl_document.images */
	dl_color color;     /* text, rect, line */
	dl_kind kind;
	face_id face;       /* text */
	dl_link_kind link;  /* link */
	int elem;           /* structure element (index), DL_ELEM_BOX or DL_ARTIFACT; shapes
	                       (rects, lines) are always drawn as artifacts */
	unsigned char joins_next;  /* text: the line goes on in the next text item of its element,
	                              drawn lower (a code line wrapped at the measure): the pieces
	                              read as one line, with no space or break between them */
	unsigned char broken_word; /* text: ends in the hyphen the line break added to a word
	                              (not a hyphen of the text, as in "e-post" or an address) */
} dl_item;

typedef struct {
	dl_item *items;
	size_t nitems, cap;
} dl_page;

typedef struct {
	char *title;   /* as shown in the viewer */
	int level;     /* 1 = top */
	size_t page;
	double y;
} dl_outline;

/* A rectangle on the page, in points: lower left and upper right corners. */
typedef struct {
	double x0, y0, x1, y1;
} dl_box;

typedef struct {
	double width, height;  /* page size in points (the MediaBox) */
	double trim_margin;    /* >0: print shop: page edge to trim box on every side */
	int has_print_boxes;   /* print shop: trim_box and bleed_box hold for every page */
	dl_box trim_box;       /* the finished page, after cutting */
	dl_box bleed_box;      /* the trim box plus the bleed printed beyond it */
	dl_page *pages;
	size_t npages;
	dl_outline *outline;
	size_t noutline;
	char **images;         /* image files (paths) referenced by DL_IMAGE items */
	size_t nimages;
	/* Document information. */
	char *title, *author, *subject, *keywords, *language, *creator;
	long long date;        /* Unix seconds for CreationDate/ModDate; -1 for none */
	dl_elem *elems;        /* the structure tree; elems[0] is the Document root */
	size_t nelems, elems_cap;
	arena strings;         /* the texts of every item */
} dl_document;

dl_document *dl_new(double width, double height);
void dl_free(dl_document *doc);
/* Appends a page and returns its index. */
size_t dl_add_page(dl_document *doc);
/* Appends an item to page p; strings in it are copied. Returns the copy. */
dl_item *dl_add(dl_document *doc, size_t page, const dl_item *item);
void dl_add_outline(dl_document *doc, const char *title, int level, size_t page, double y);
/* Index of an image file, added when new. */
size_t dl_image_index(dl_document *doc, const char *path);
/* Appends a structure element under parent and returns its index; alt and
 * lang (may be NULL) are copied. */
int dl_elem_add(dl_document *doc, dl_role role, int parent, const char *alt, const char *lang);
/* A heading element; levels outside 1-6 are clamped. */
int dl_elem_heading(dl_document *doc, int level, int parent);
/* The standard structure type name of an element ("H2", "LBody", ...). */
const char *dl_elem_type(const dl_elem *e);

/* Sets a metadata string (copied; NULL clears). */
void dl_set(char **field, const char *value);

/* Writes a stable, human-readable dump (for tests and debugging). */
void dl_dump(const dl_document *doc, FILE *out);

#endif
