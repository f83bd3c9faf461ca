/* style: the page geometry, type scale and colour palette.
 *
 * Every size the layout uses comes from here, derived from the paper, so a
 * smaller paper gets a re-proportioned page rather than a shrunken one.
 */
#ifndef HEJAPACK_STYLE_H
#define HEJAPACK_STYLE_H

#include "typeset/displaylist.h"

typedef enum { PAPER_A4, PAPER_A5, PAPER_LETTER } paper_id;

typedef struct {
	paper_id paper;
	const char *paper_name;   /* "A4" */
	double page_w, page_h;
	double margin_left, margin_right, margin_top, margin_bottom;
	double measure;           /* width of the type area */
	double area_h;            /* height of the type area (body lines live here) */
	double body_size, leading;  /* body text size and baseline-to-baseline distance */
	double small_size;        /* captions, footers, fact boxes */
	double code_size, code_leading;
	double heading_size[6];   /* levels 1..6 */
	double title_size;        /* document title (exercises) */
	double cover_title_size;  /* report cover */
	double para_space;        /* between paragraphs (a fraction of leading) */
	double list_indent;       /* hanging indent per list level */
	double quote_indent;
	double header_offset;     /* running header baseline above the type area */
	double footer_offset;     /* footer baseline below the type area */
	double write_pitch;       /* worksheets: distance between ruled writing lines */
} page_style;

/* Palette: defined once, with RGB for screens and CMYK for print. */
typedef struct {
	dl_color text;        /* body text */
	dl_color muted;       /* running headers, footers, captions */
	dl_color accent;      /* headings, phase markers, links */
	dl_color accent_dark; /* text on light accent tints */
	dl_color tint;        /* fact box and code background */
	dl_color rule;        /* hairlines, quote bars */
	dl_color white;
} palette;

/* Fills the style for a paper; returns 0 for an unknown paper name. */
int style_for_paper(const char *name, page_style *out);
/* The same paper set for a workshop handout: a larger body and wider
 * measure, to be read at arm's length and written on. 0 for an unknown paper. */
int style_for_handout(const char *name, page_style *out);
const palette *style_palette(void);

#endif
