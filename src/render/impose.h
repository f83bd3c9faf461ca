/* impose: a document imposed for saddle-stitch binding, as a booklet.
 *
 * The pages, padded with blank pages at the end to a multiple of four, go
 * two-up on sheet sides in folding order: printed on both sides of the
 * paper (duplex, flipping on the short edge), stacked in order and folded
 * in the middle, they read 1, 2, 3, ... With n pages after padding and
 * counting from 0, the front of sheet s (output page 2s) shows page n-1-2s
 * on the left and 2s on the right; its back (output page 2s+1) shows 2s+1
 * on the left and n-2-2s on the right. Knows nothing of PDF.
 */
#ifndef HEJAPACK_IMPOSE_H
#define HEJAPACK_IMPOSE_H

#include <stddef.h>

#include "typeset/displaylist.h"

/* Pages after padding: npages rounded up to a multiple of four (0 stays 0). */
size_t impose_padded(size_t npages);

/* The source page (from 0) shown on `side` (0 left, 1 right) of output page
 * out_page of a booklet of npages pages; -1 for a blank page or an output
 * page beyond the booklet. */
long impose_page_at(size_t npages, size_t out_page, int side);

/* A new document (the caller frees it with dl_free) of sheet sides of
 * sheet_w x sheet_h points, each holding two pages of doc side by side and
 * centred on the fold. Pages wider than half a sheet overlap: the caller
 * sets the document at half the sheet's size. Links to pages and the
 * outline follow their pages; metadata is copied. doc is borrowed. */
dl_document *impose_booklet(const dl_document *doc, double sheet_w, double sheet_h);

#endif
