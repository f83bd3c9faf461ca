/* para: sets one paragraph of styled text into lines.
 *
 * The caller adds text in spans of one style; para_set turns it into boxes,
 * glue and penalties (words, spaces, hyphenation points from the hyphenator,
 * break points in long strings), breaks it with the Knuth-Plass breaker and
 * places every run. Characters the span's face lacks are set in a fallback
 * face; characters no face has are reported against the source position.
 */
#ifndef HEJAPACK_PARA_H
#define HEJAPACK_PARA_H

#include <stddef.h>

#include "typeset/displaylist.h"
#include "typeset/fontset.h"
#include "typeset/hyphenate.h"

typedef struct {
	face_id face;
	double size;
	dl_color color;
	int no_hyphenate;          /* code spans, URLs shown as text */
	dl_link_kind link_kind;
	const char *link;          /* URI or file target, or NULL (borrowed until para_set) */
	size_t link_page;          /* for LINK_PAGE */
	double link_y;
	int underline;             /* draw an underline (links) */
	int elem;                  /* structure element of its runs and link (DL_ELEM_BOX: the box's) */
} span_style;

/* Figures for `make typo-report`, summed over the lines set. */
typedef struct {
	size_t lines, justified_lines, overfull, hyphenated, emergency_breaks;
	size_t within_target;      /* justified lines with spaces of 0.75x-1.6x the normal space */
	size_t hist[32];           /* justified lines by inter-word space ratio: hist[k] holds (k/10, (k+1)/10] */
	double max_space_ratio, min_space_ratio;
	size_t expanded_lines;     /* justified lines whose glyphs are scaled (font expansion) */
	double expansion_sum;      /* |scale - 1| summed over those lines */
	double max_expansion;      /* the largest |scale - 1| */
	size_t soft_tie_paragraphs; /* paragraphs set again with soft ties free to part (ties.h) */
} para_stats;

typedef struct {
	double width;              /* measure of every line */
	double first_indent;       /* extra indent of the first line */
	int justify;               /* 0: ragged right */
	int center;                /* ragged both sides */
	double tolerance;          /* 0 for the default */
	para_stats *stats;         /* optional: figures are added here */
} para_shape;

typedef struct {
	dl_item *items;            /* runs, underlines and links; x from the line's left, y from its baseline */
	size_t nitems;
	double natural;            /* width of the material */
	double ascent, descent;    /* of the tallest run (descent positive) */
	double ratio;              /* adjustment ratio used (of the glue, on top of the glyph scale) */
	double scale;              /* width factor of the line's glyphs (font expansion; code keeps 1); 1 = none */
	double space_ratio;        /* inter-word space / the face's normal space (justified lines) */
	int justified;             /* 1 when the line was stretched or shrunk to the measure */
	int spaces;                /* inter-word spaces on the line */
	int hyphenated;
	int overfull;
	double protrude_left;      /* how far the line hangs into the margins (margin protrusion): */
	double protrude_right;     /* it starts at -protrude_left and a justified one ends at measure + protrude_right */
} para_line;

typedef struct para para;

/* file/line: where the paragraph starts in the source, for messages. */
para *para_new(fontset *fs, hyphenator *hyph, const char *file, unsigned line);
void para_free(para *p);
void para_add(para *p, const char *utf8, size_t len, const span_style *style);
void para_add_break(para *p);   /* a hard line break */
int para_is_empty(const para *p);

/* Sets the paragraph. Returns the number of lines and a new array of lines
 * (free with para_lines_free). Never fails; an overfull line is reported. */
size_t para_set(para *p, const para_shape *shape, para_line **lines);
void para_lines_free(para_line *lines, size_t n);

/* The techniques that keep justified spacing even, which a measuring tool
 * (tests/tools/typo_report) may switch off to see what each one buys; the
 * program never does. Process-wide, for the paragraphs set after the call. */
enum {
	PARA_EXPANSION = 1,      /* letters up to 2 % wider or narrower per line */
	PARA_PROTRUSION = 2,     /* edge marks hanging into the margins */
	PARA_LETTERSPACING = 4,  /* letter spacing on a line that would be loose */
	PARA_SOFT_TIES = 8,      /* a soft tie given up where a line would gape (ties.h) */
	PARA_COMPOUND_JOINTS = 16 /* compounds divided at their joints first (typeset/compounds) */
};
void para_switch_off(unsigned techniques);

/* Width of one line of plain text in a face (no breaking). */
double para_text_width(fontset *fs, face_id face, double size, const char *utf8);


#endif
