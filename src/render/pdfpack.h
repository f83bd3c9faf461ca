/* pdfpack: a PDF that libharu wrote, made smaller by packing its objects.
 *
 * libharu 2.3 writes every object on its own, uncompressed, with a 20-byte
 * line for it in the cross-reference table. A tagged document's structure
 * tree is some twenty small objects a page, and it made a long report 66 %
 * larger than the same report untagged. PDF 1.5 lets objects that are not
 * streams travel in compressed object streams, found through a
 * cross-reference stream (PDF/A-2 and PDF/UA-1, built on PDF 1.7, allow
 * both). qpdf can rewrite a file so, but it parses every object and took as
 * long as typesetting the report; this only moves libharu's objects, whose
 * layout it knows, and rewrites nothing inside them.
 *
 * Streams are copied byte for byte, in their order; every other object goes,
 * unchanged, into an object stream; the trailer's /Root, /Info and /ID go
 * into the cross-reference stream's dictionary. The same input gives the
 * same bytes.
 */
#ifndef HEJAPACK_PDFPACK_H
#define HEJAPACK_PDFPACK_H

#include <stddef.h>
#include <stdint.h>

/* An object's value as text, to put into the packed file: one of the
 * input's (not a stream) replaced, or one more after them. */
typedef struct {
	uint32_t num;
	const char *body;
	size_t len;
} pdfpack_object;

/* Packs the PDF in[0..len) into *out (caller frees), *out_len bytes, with
 * the objects of extra[0..nextra): those numbered below the input's /Size
 * replace that object's value; the others must be numbered /Size, /Size+1
 * and so on, in that order.
 * Returns 0, or -1 with *err set (caller frees) when the input is not laid
 * out as libharu lays out a PDF 1.5 or later file, or an extra object does
 * not fit it. */
int pdfpack(const unsigned char *in, size_t len, const pdfpack_object *extra, size_t nextra, unsigned char **out,
	    size_t *out_len, char **err);

#endif
