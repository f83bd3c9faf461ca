/* pdf: draws a display list as a PDF file with libharu 2.3.0.
 *
 * Works around libharu's faults (see ../shared/notes/libharu-2.3.md): a
 * correct ToUnicode map, kerned text placed with TJ, links without borders
 * and with the print flag, relative file links as GoToR actions, UTF-8
 * document information. libharu keeps the document structure and the
 * resources; the page content is written here (one TJ array per line and
 * style) and, like images, compressed with libdeflate. Output is
 * deterministic for the same input.
 *
 * Tagged output: libharu 2.3.0 has no tagging API, so the structure tree,
 * parent tree and mark information are built with its object API, and the
 * marked-content operators go into the page content written here. Shapes
 * (rules, bands, underlines) are painted first on each page as one
 * artifact; then text and images in display-list order, each run of one
 * element a marked-content sequence with an MCID. Elements with nothing
 * drawn are left out of the tree.
 */
#ifndef HEJAPACK_PDF_H
#define HEJAPACK_PDF_H

#include <stddef.h>

#include "typeset/displaylist.h"
#include "typeset/fontset.h"

/* What the PDF/A files this renderer writes claim to be: the part and
 * conformance level in their XMP metadata, and whether they carry a logical
 * structure (tagged PDF). manifest.json, bag-info.txt and README.txt repeat
 * pdf_profile(), so a change here is the only change. Tagged files are
 * PDF/A-2a (and PDF/UA-1); untagged PDF/A files (booklets, and the bench's
 * baseline) stay PDF/A-1b. */
#define PDF_PDFA_PART 2
#define PDF_PDFA_CONFORMANCE "A"
#define PDF_TAGGED 1
#define PDF_PDFA_UNTAGGED_PART 1
#define PDF_PDFA_UNTAGGED_CONFORMANCE "B"

typedef struct {
	int pdfa_part;           /* 1, 2 or 3; 0 when the files are not PDF/A */
	const char *conformance; /* "A", "B" or "U"; NULL when not PDF/A */
	int tagged;              /* a structure tree for assistive technology */
} pdf_profile_info;

/* What files rendered with (or without) PDF/A, tagged or not, are, as above. */
pdf_profile_info pdf_profile(int pdfa, int tagged);

typedef struct {
	int cmyk;            /* draw with the palette's CMYK values (print shop) */
	int pdfa;            /* PDF/A (pdf_profile): XMP metadata, sRGB output intent, file ID;
	                        with `tagged` PDF/A-2a and PDF/UA-1, without PDF/A-1b */
	int tagged;          /* tagged PDF: the display list's structure as a structure
	                        tree, all other content marked as artifacts */
	const char *id_seed; /* what the file ID is derived from (e.g. the source's
	                        digest and the settings); the same seed, the same ID */
	const char *icc_profile; /* sRGB ICC profile for the output intent */
	int release_pages;   /* free each page's items once drawn: the caller is
	                        done with them (halves the peak memory of long documents) */
} pdf_options;

/* Renders doc; on success returns 0 and a new buffer in *out (caller frees).
 * On failure reports through diag() against `name` and returns nonzero.
 * A title, author, subject or keywords longer than a PDF string may be (32 000
 * bytes here, to stay within PDF/A-1's 65 535 once written as UTF-16) is
 * shortened in doc with an ellipsis; so are outline titles in the file. */
int pdf_render(dl_document *doc, fontset *fs, const pdf_options *opt, const char *name,
	       unsigned char **out, size_t *len);

#endif
