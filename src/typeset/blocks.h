/* blocks: sets the blocks of a CommonMark tree (paragraphs, headings, lists,
 * block quotes, code, images, rules, HTML) into a vertical list.
 */
#ifndef HEJAPACK_BLOCKS_H
#define HEJAPACK_BLOCKS_H

#include <cmark.h>

#include "material/labels.h"
#include "material/model.h"
#include "typeset/displaylist.h"
#include "typeset/fontset.h"
#include "typeset/hyphenate.h"
#include "typeset/para.h"
#include "typeset/style.h"
#include "typeset/vlist.h"

/* A heading set into the list: where it lands is known after pagination. */
typedef struct {
	int anchor;
	int level;
	char *title;     /* as shown, with its number (owned) */
} block_heading;

typedef struct {
	/* Set by the caller. */
	fontset *fs;
	hyphenator *hyph;          /* may be NULL: no hyphenation */
	const page_style *style;
	const labels *labels;
	const document *doc;       /* the document being set */
	const material *material;  /* to resolve links to other documents; may be NULL */
	const char *base_dir;      /* image paths are relative to this */
	dl_document *out;          /* images are registered here */
	para_stats *stats;         /* optional */
	int numbered;              /* number headings of levels 1-3 */
	int phase_headings;        /* exercise: mark ## Börja/Pröva/Utveckla with their minutes */
	int skip_first_h1;         /* the first level-1 heading became the title */
	/* Structure (tagged PDF): blocks become elements of out's tree under
	 * `parent`; the text of lines added with blocks_add_lines belongs to
	 * list.elem. */
	int parent;
	int last_level;            /* level of the last heading tagged (the title's is 1) */
	/* Filled while setting. */
	vlist list;
	block_heading *headings;
	size_t nheadings;
	int counters[6];
	/* Internal state. */
	double quote_bars[16];
	int nquote;
	dl_item *pending_marker;   /* list marker waiting for its item's first line */
	int skipped_h1;
} block_ctx;

/* Sets every block under root into ctx->list, with the given left indent and
 * width inside the type area. */
void blocks_set(block_ctx *ctx, cmark_node *root, double indent, double width);

/* Sets one paragraph of inline content (children of node) as lines. */
void blocks_set_inlines(block_ctx *ctx, cmark_node *node, face_id face, double size, double leading,
			dl_color color, double indent, double width, int justify);

/* Appends finished lines to the list as boxes, with widow/orphan control. */
void blocks_add_lines(block_ctx *ctx, para_line *lines, size_t n, double indent, double leading,
		      double first_baseline, int keep_together);

void blocks_ctx_free(block_ctx *ctx);

/* Where a code line longer than cols characters is cut, as a byte offset
 * into its len bytes of UTF-8 (len itself when it fits): after the last
 * space or one of / - _ . , that fits, when that is at least 40% of the way
 * into the width; otherwise after exactly cols characters. */
size_t blocks_code_break(const char *s, size_t len, size_t cols);

/* Document PDF path in a bundle ("ovningar/ID.pdf", "rapporter/ID.pdf"),
 * and the relative path from one document's PDF to another's. Caller frees. */
char *blocks_relative_pdf(const document *from, const document *to);

#endif
