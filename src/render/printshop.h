/* printshop: a display list made ready for a print shop.
 *
 * Every page grows by PRINTSHOP_MARGIN_MM on each side and its content moves
 * with it. The former page becomes the trim box (where the paper is cut);
 * PRINTSHOP_BLEED_MM beyond it lies the bleed box. Filled rectangles that
 * touch a trim edge are extended to the bleed edge on that side, so a cut a
 * little off the line shows no white sliver. Crop marks in registration
 * colour (all four inks) stand in the margin outside the bleed, two at each
 * corner in line with the trim edges. The document records the boxes
 * (has_print_boxes, trim_box, bleed_box, trim_margin); the renderer writes
 * them as /TrimBox and /BleedBox. Knows nothing of PDF.
 */
#ifndef HEJAPACK_PRINTSHOP_H
#define HEJAPACK_PRINTSHOP_H

#include "typeset/displaylist.h"

#define PRINTSHOP_BLEED_MM 3.0
#define PRINTSHOP_MARK_OFFSET_MM 3.0  /* trim edge to the start of a crop mark: outside the bleed */
#define PRINTSHOP_MARK_LENGTH_MM 5.0
#define PRINTSHOP_MARGIN_MM 10.0      /* page edge to trim edge: offset, mark and a little air */
#define PRINTSHOP_MARK_WIDTH 0.25     /* points */

/* Transforms doc in place; a document that already has print boxes is left
 * as it is. Links, link targets and the outline move with the content. */
void printshop_apply(dl_document *doc);

/* The colour crop marks are drawn in: black on screen, 100 % of every ink. */
dl_color printshop_registration(void);

#endif
