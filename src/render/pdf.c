#include "render/pdf.h"

#include <inttypes.h>
#include <hpdf.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libdeflate.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/hash.h"
#include "base/image.h"
#include "base/utf8.h"
#include "base/util.h"
#include "render/pdfpack.h"

typedef struct {
	jmp_buf jump;
	HPDF_STATUS error, detail;
} pdf_error;

/* libharu deflates every stream with a fresh zlib at level 6 when the file is
 * saved: for page content that was a quarter of the time of a long report,
 * and for a figure most of the time of its exercise. libdeflate compresses
 * as tightly in a fraction of the time, so page content and images are
 * compressed here and libharu writes them as they are. Measured: content
 * at level 4 is 2 % larger than zlib's 6 in a third of the time; images at
 * level 6 are 4 % smaller than zlib's in less time (level 9 saves 2 % more
 * for a fifth more time). */
typedef enum { DEFLATE_CONTENT, DEFLATE_IMAGE, DEFLATE_KINDS } deflate_kind;
static const int deflate_level[DEFLATE_KINDS] = { 4, 6 };

/* What a structure element holds, in the order it was drawn: marked
 * content, a link annotation, or a child element. */
typedef enum { KID_MCR, KID_OBJR, KID_ELEM } kid_kind;

typedef struct {
	kid_kind kind;
	size_t page;  /* MCR, OBJR */
	int n;        /* MCR: MCID; OBJR: annotation index; ELEM: element index */
} tag_kid;

typedef struct {
	tag_kid *kids;
	size_t nkids, cap;
	int attached;         /* in its parent's kids (the root always is) */
} tag_elem;

/* The structure while pages are drawn; the tree is written at the end. */
typedef struct {
	tag_elem *elems;      /* parallel to the display list's elements */
	int **marks;          /* per page: the element of each MCID */
	size_t *nmarks, *marks_cap;
	HPDF_Annotation *annots; /* link annotations in the tree, by index */
	int *annot_elem;      /* the element holding each */
	size_t nannots, annots_cap;
	int open;             /* a marked-content sequence is open ... */
	int open_elem;        /* ... for this element, or DL_ARTIFACT */
	HPDF_Dict tree;       /* libharu's StructTreeRoot, its body written as text */
	pdfpack_object *extra; /* the tree as text, for pdfpack (bodies owned here) */
	size_t nextra;
} tagging;

typedef struct {
	HPDF_Doc pdf;
	pdf_error *err;
	fontset *fs;
	const dl_document *doc;
	dl_document *owned;      /* the same document, for releasing drawn pages */
	const pdf_options *opt;
	const char *name;        /* for messages */
	HPDF_Font fonts[FACE_COUNT];
	unsigned char *drawn[FACE_COUNT];  /* per face: a bit per BMP code point the document draws */
	HPDF_Stream tounicode;   /* one correct map, shared by every font */
	/* The UTF-8 encoder's own tables, kept once to be put back after each
	 * face's font is made (get_font_for_drawn): 256 KB that were copied out
	 * into fresh memory for every face. */
	HPDF_UINT16 (*encoder_cids)[256];
	HPDF_UNICODE (*encoder_unicodes)[256];
	HPDF_Image *images;
	/* The image being handed to libharu, whose error handler jumps back to
	 * pdf_render past image_for's free (volatile: read after longjmp). */
	image *volatile loading;
	HPDF_Page *pages;
	/* Page state while drawing. */
	HPDF_Page page;
	int in_text;
	int in_span;             /* a wrapped line's ActualText span is open ... */
	int span_elem;           /* ... for a line of this element */
	face_id cur_face;
	double cur_size;
	double cur_tracking;     /* Tc in force */
	double cur_hscale;       /* Tz in force, in percent */
	dl_color cur_fill;
	int fill_set;
	buf content;             /* the current page's content stream, uncompressed */
	struct libdeflate_compressor *deflaters[DEFLATE_KINDS]; /* by deflate_kind, made when first needed */
	unsigned char *packed;   /* a stream compressed, before libharu takes it */
	size_t packed_cap;
	tagging tags;            /* opt->tagged */
	size_t cur_page;
} renderer;

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	pdf_error *e = data;
	e->error = error;
	e->detail = detail;
	longjmp(e->jump, 1);
}

/* A ToUnicode CMap mapping every BMP code (CID = code point, as libharu's
 * UTF-8 encoder assigns them) to itself, skipping surrogates. */
static HPDF_Stream make_tounicode(renderer *r)
{
	buf b;
	buf_init(&b);
	buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		     "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		     "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	int ranges[256], n = 0;
	for (int hi = 0; hi < 256; hi++)
		if (hi < 0xD8 || hi > 0xDF)
			ranges[n++] = hi;
	for (int i = 0; i < n; i += 100) {
		int count = n - i < 100 ? n - i : 100;
		buf_printf(&b, "%d beginbfrange\n", count);
		for (int k = i; k < i + count; k++)
			buf_printf(&b, "<%02X00> <%02XFF> <%02X00>\n", ranges[k], ranges[k], ranges[k]);
		buf_puts(&b, "endbfrange\n");
	}
	buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	HPDF_Dict stream = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
	stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_Stream_Write(stream->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	buf_free(&b);
	return (HPDF_Stream)stream;
}

/* The first code point from `from` on whose bit is set, or 0x10000: the
 * bits are read a byte at a time past the empty stretches, which are
 * nearly all of the plane (a 65 536-step loop per face was 5 % of a
 * one-page document's instructions). */
static unsigned next_bit(const unsigned char *bits, unsigned from)
{
	for (unsigned cp = from; cp < 0x10000;) {
		unsigned char byte = (unsigned char)(bits[cp >> 3] >> (cp & 7));
		if (byte)
			return cp + (unsigned)__builtin_ctz(byte);
		cp = (cp | 7) + 1;
	}
	return 0x10000;
}

static void set_bit(unsigned char *bits, unsigned cp)
{
	bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

/* Every code point each face draws, before any font is made (drawn pages
 * may be released as they go). Beyond the BMP text is drawn as U+FFFD. */
static void collect_code_points(renderer *r)
{
	for (size_t p = 0; p < r->doc->npages; p++) {
		const dl_page *page = &r->doc->pages[p];
		for (size_t k = 0; k < page->nitems; k++) {
			const dl_item *it = &page->items[k];
			if (it->kind != DL_TEXT)
				continue;
			if (!r->drawn[it->face]) {
				r->drawn[it->face] = xcalloc(65536 / 8, 1);
				if (r->opt->tagged) {
					/* Tagged text adds word spaces and soft hyphens. */
					set_bit(r->drawn[it->face], ' ');
					set_bit(r->drawn[it->face], 0xAD);
				}
			}
			size_t len = strlen(it->text), i = 0;
			while (i < len) {
				uint32_t cp = utf8_next(it->text, len, &i);
				set_bit(r->drawn[it->face], cp > 0xFFFF ? 0xFFFD : cp);
			}
		}
	}
	/* Tagged text also draws a space in word gaps and at line ends, and a
	 * line-end hyphen as the soft hyphen (see draw_run). */
	if (r->opt->tagged)
		for (int f = 0; f < FACE_COUNT; f++)
			if (r->drawn[f]) {
				set_bit(r->drawn[f], ' ');
				set_bit(r->drawn[f], 0xAD);
			}
}

/* libharu makes a font's widths and CIDToGIDMap by looking up the glyph of
 * every one of the 65 536 code points when its encoder is UTF-8: most of the
 * time of a one-page PDF, for entries nobody reads. For an encoder of the
 * table kind it looks up only the codes the table maps. So while the font is
 * made, the UTF-8 encoder is shown as such a table mapping just the code
 * points this face draws to themselves (CID = code point, as UTF-8 gives),
 * and then given back whole. libharu leaves the highest CID of the table out
 * of both the widths and the map, so the table also holds one code point
 * above the last drawn. The CIDToGIDMap so made ends after the last code
 * point drawn and holds zeros for those not drawn: 2 bytes a code point up
 * to the last drawn, where libharu's own map takes 128 KB per font. */
static HPDF_Font get_font_for_drawn(renderer *r, const char *name, const unsigned char *drawn)
{
	HPDF_Encoder utf8 = HPDF_GetEncoder(r->pdf, "UTF-8");
	HPDF_CMapEncoderAttr map = (HPDF_CMapEncoderAttr)utf8->attr;
	HPDF_Encoder_ToUnicode_Func to_unicode = utf8->to_unicode_fn;
	if (!r->encoder_cids) {
		r->encoder_cids = xmalloc(sizeof map->cid_map);
		r->encoder_unicodes = xmalloc(sizeof map->unicode_map);
		memcpy(r->encoder_cids, map->cid_map, sizeof map->cid_map);
		memcpy(r->encoder_unicodes, map->unicode_map, sizeof map->unicode_map);
	}
	memset(map->cid_map, 0, sizeof map->cid_map);
	unsigned highest = 0;
	for (unsigned cp = next_bit(drawn, 1); cp < 0x10000; cp = next_bit(drawn, cp + 1)) {
		map->cid_map[cp >> 8][cp & 0xFF] = (HPDF_UINT16)cp;
		map->unicode_map[cp >> 8][cp & 0xFF] = (HPDF_UNICODE)cp;
		highest = cp;
	}
	if (highest + 1 < 0x10000) {
		unsigned above = highest + 1;
		map->cid_map[above >> 8][above & 0xFF] = (HPDF_UINT16)above;
		map->unicode_map[above >> 8][above & 0xFF] = (HPDF_UNICODE)above;
	}
	utf8->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	HPDF_Font f = HPDF_GetFont(r->pdf, name, "UTF-8");
	utf8->to_unicode_fn = to_unicode;
	memcpy(map->cid_map, r->encoder_cids, sizeof map->cid_map);
	memcpy(map->unicode_map, r->encoder_unicodes, sizeof map->unicode_map);
	return f;
}

/* libharu embeds the glyphs it has measured, so every glyph the face draws
 * is measured once, as the font is made. */
static void embed_drawn_glyphs(HPDF_Font f, const unsigned char *drawn)
{
	buf text;
	buf_init(&text);
	for (unsigned cp = next_bit(drawn, 1); cp < 0x10000; cp = next_bit(drawn, cp + 1)) {
		char bytes[4];
		buf_append(&text, bytes, utf8_encode_cp(cp, bytes));
	}
	if (text.len)
		HPDF_Font_TextWidth(f, (const HPDF_BYTE *)text.data, (HPDF_UINT)text.len);
	buf_free(&text);
}

static HPDF_Font font_for(renderer *r, face_id face)
{
	if (r->fonts[face])
		return r->fonts[face];
	const char *name = HPDF_LoadTTFontFromFile(r->pdf, fontset_path(r->fs, face), HPDF_TRUE);
	HPDF_Font f = get_font_for_drawn(r, name, r->drawn[face]);
	embed_drawn_glyphs(f, r->drawn[face]);
	if (!r->tounicode)
		r->tounicode = make_tounicode(r);
	HPDF_Dict_Add(f, "ToUnicode", r->tounicode);
	r->fonts[face] = f;
	return f;
}

/* Writes a number the way PDF wants it: short, no exponent, locale-free,
 * with up to `decimals` decimals (at most 6), trailing zeros dropped. */
static void put_fixed(buf *b, double v, int decimals)
{
	static const long long scales[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };
	long long scale = scales[decimals];
	long long scaled = (long long)(v * (double)scale + (v < 0 ? -0.5 : 0.5));
	char digits[40];
	size_t n = sizeof digits;
	int negative = scaled < 0;
	unsigned long long u = negative ? (unsigned long long)(-scaled) : (unsigned long long)scaled;
	unsigned long long frac = u % (unsigned long long)scale;
	u /= (unsigned long long)scale;
	if (frac) {
		int len = decimals;
		while (frac % 10 == 0) {
			frac /= 10;
			len--;
		}
		for (int k = 0; k < len; k++, frac /= 10)
			digits[--n] = (char)('0' + frac % 10);
		digits[--n] = '.';
	}
	do
		digits[--n] = (char)('0' + u % 10);
	while (u /= 10);
	if (negative)
		digits[--n] = '-';
	buf_append(b, digits + n, sizeof digits - n);
}

/* Positions and sizes of shapes: a thousandth of a point is 0.35 um. */
static void put_number(buf *b, double v)
{
	put_fixed(b, v, 3);
}

/* Page content is written here rather than through libharu's drawing
 * calls, which copy byte by byte and print numbers with more digits than
 * the page needs; libharu still owns the resources (fonts, images) the
 * content names. */
static void put_numbers(buf *b, const double *v, size_t n, const char *op)
{
	for (size_t i = 0; i < n; i++) {
		put_number(b, v[i]);
		buf_putc(b, ' ');
	}
	buf_puts(b, op);
	buf_putc(b, '\n');
}

static void put_color(renderer *r, dl_color c, int stroke)
{
	if (r->opt->cmyk) {
		double v[4] = { c.c, c.m, c.y, c.k };
		put_numbers(&r->content, v, 4, stroke ? "K" : "k");
	} else {
		double v[3] = { c.r, c.g, c.b };
		put_numbers(&r->content, v, 3, stroke ? "RG" : "rg");
	}
}

static void set_fill(renderer *r, dl_color c)
{
	if (r->fill_set && memcmp(&c, &r->cur_fill, sizeof c) == 0)
		return;
	put_color(r, c, 0);
	r->cur_fill = c;
	r->fill_set = 1;
}

static void end_text(renderer *r)
{
	if (r->in_text) {
		buf_puts(&r->content, "ET\n");
		r->in_text = 0;
	}
}

/* Whether b can be drawn in the same TJ array as a, after it (when tagged:
 * in the same marked content). */
static int same_run(const renderer *r, const dl_item *a, const dl_item *b)
{
	return b->kind == DL_TEXT && b->y == a->y && b->face == a->face && b->size == a->size &&
	       b->tracking == a->tracking && b->expand == a->expand &&
	       memcmp(&b->color, &a->color, sizeof a->color) == 0 && (!r->opt->tagged || a->elem == b->elem) &&
	       !a->joins_next;
}

/* ---- tagging ------------------------------------------------------------ */

static void kid_add(tag_elem *e, tag_kid k)
{
	if (e->nkids == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 4;
		e->kids = xreallocarray(e->kids, e->cap, sizeof *e->kids);
	}
	e->kids[e->nkids++] = k;
}

/* The element an item belongs to: its own, or the root for one that names
 * none (or names one the list does not have). */
static int item_elem(const renderer *r, const dl_item *it)
{
	if (it->elem == DL_ARTIFACT)
		return DL_ARTIFACT;
	return it->elem > 0 && (size_t)it->elem < r->doc->nelems ? it->elem : 0;
}

/* Hangs element e, and the ancestors it needs, into the tree. */
static void attach(renderer *r, int e)
{
	while (e > 0 && !r->tags.elems[e].attached) {
		r->tags.elems[e].attached = 1;
		int parent = r->doc->elems[e].parent;
		if (parent < 0 || parent >= e)
			parent = 0; /* layout makes parents first; anything else hangs from the root */
		kid_add(&r->tags.elems[parent], (tag_kid){ KID_ELEM, 0, e });
		e = parent;
	}
}

/* The pieces of a line wrapped over several lines (a code line) are drawn
 * inside one span whose ActualText is the pieces joined: text extraction
 * and copying then give the line once, whole, where it would otherwise
 * read as several. The span holds whole text objects. */
static void close_span(renderer *r)
{
	if (!r->in_span)
		return;
	end_text(r);
	buf_puts(&r->content, "EMC\n");
	r->in_span = 0;
}

static void put_code(buf *b, uint32_t cp)
{
	static const char hex[] = "0123456789ABCDEF";
	char code[4] = { hex[cp >> 12 & 15], hex[cp >> 8 & 15], hex[cp >> 4 & 15], hex[cp & 15] };
	buf_append(b, code, 4);
}

/* Opens the span for the wrapped line whose first piece on this page is
 * items[i]: its later pieces are the next text items of the same element. */
static void open_span(renderer *r, const dl_item *items, size_t n, size_t i)
{
	end_text(r);
	buf *b = &r->content;
	buf_puts(b, "/Span <</ActualText <FEFF");
	int elem = item_elem(r, &items[i]);
	for (size_t k = i;;) {
		const char *t = items[k].text;
		size_t len = strlen(t), at = 0;
		while (at < len) {
			uint32_t cp = utf8_next(t, len, &at);
			put_code(b, cp > 0xFFFF ? 0xFFFD : cp); /* as the glyphs are drawn */
		}
		if (!items[k].joins_next)
			break;
		size_t j = k + 1;
		while (j < n && items[j].kind != DL_TEXT)
			j++;
		if (j == n || item_elem(r, &items[j]) != elem)
			break; /* the rest is on the next page */
		k = j;
	}
	buf_puts(b, ">>> BDC\n");
	r->in_span = 1;
	r->span_elem = elem;
}

static void close_mark(renderer *r)
{
	if (!r->tags.open)
		return;
	close_span(r);
	end_text(r);
	buf_puts(&r->content, "EMC\n");
	r->tags.open = 0;
}

/* Opens the marked content for elem (an element, or DL_ARTIFACT) unless it
 * is open already: a new MCID on this page, recorded for the parent tree. */
static void open_mark(renderer *r, int elem)
{
	tagging *t = &r->tags;
	if (t->open && t->open_elem == elem)
		return;
	close_mark(r);
	t->open = 1;
	t->open_elem = elem;
	if (elem == DL_ARTIFACT) {
		buf_puts(&r->content, "/Artifact BMC\n");
		return;
	}
	size_t p = r->cur_page;
	if (t->nmarks[p] == t->marks_cap[p]) {
		t->marks_cap[p] = t->marks_cap[p] ? t->marks_cap[p] * 2 : 16;
		t->marks[p] = xreallocarray(t->marks[p], t->marks_cap[p], sizeof **t->marks);
	}
	int mcid = (int)t->nmarks[p];
	t->marks[p][t->nmarks[p]++] = elem;
	kid_add(&t->elems[elem], (tag_kid){ KID_MCR, p, mcid });
	attach(r, elem);
	buf_printf(&r->content, "/%s <</MCID %d>> BDC\n", dl_elem_type(&r->doc->elems[elem]), mcid);
}

/* A link annotation goes into the tree under its element (a Link). */
static void tag_annotation(renderer *r, HPDF_Annotation a, const dl_item *it)
{
	tagging *t = &r->tags;
	int elem = item_elem(r, it);
	if (elem == DL_ARTIFACT)
		elem = 0;
	if (t->nannots == t->annots_cap) {
		t->annots_cap = t->annots_cap ? t->annots_cap * 2 : 16;
		t->annots = xreallocarray(t->annots, t->annots_cap, sizeof *t->annots);
		t->annot_elem = xreallocarray(t->annot_elem, t->annots_cap, sizeof *t->annot_elem);
	}
	size_t index = t->nannots++;
	t->annots[index] = a;
	t->annot_elem[index] = elem;
	kid_add(&t->elems[elem], (tag_kid){ KID_OBJR, r->cur_page, (int)index });
	attach(r, elem);
	/* Its parent-tree key comes after the pages'. */
	HPDF_Dict_AddNumber(a, "StructParent", (HPDF_INT32)(r->doc->npages + index));
	const char *about = r->doc->elems[elem].alt ? r->doc->elems[elem].alt : it->text;
	HPDF_Dict_Add(a, "Contents", HPDF_String_New(r->pdf->mmgr, about ? about : "",
						    HPDF_GetEncoder(r->pdf, "UTF-8")));
}

static int by_index(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Child elements are read in the order layout made them (a floated figure
 * where it stands in the text), marked content in the order it was drawn:
 * the element kids are put in index order in the slots they hold. */
static void order_kids(tag_elem *e)
{
	size_t n = 0;
	for (size_t i = 0; i < e->nkids; i++)
		n += e->kids[i].kind == KID_ELEM;
	if (n < 2)
		return;
	int *idx = xcalloc(n, sizeof *idx);
	size_t k = 0;
	for (size_t i = 0; i < e->nkids; i++)
		if (e->kids[i].kind == KID_ELEM)
			idx[k++] = e->kids[i].n;
	qsort(idx, n, sizeof *idx, by_index);
	k = 0;
	for (size_t i = 0; i < e->nkids; i++)
		if (e->kids[i].kind == KID_ELEM)
			e->kids[i].n = idx[k++];
	free(idx);
}

/* libharu grows its lists by a fixed number of slots, copying the whole
 * list each time: for the list of all objects (1024 slots at a time) that
 * made a document of 250 000 list items spend a third of its time in
 * memcpy. Raising the step to the list's size as it grows makes the growth
 * geometric; the file written is the same. */
static void grow_object_list(renderer *r)
{
	HPDF_List objects = r->pdf->xref->entries;
	if (objects->items_per_block < objects->count)
		objects->items_per_block = objects->count;
}

/* The structure tree is not made of libharu objects: at about a kilobyte
 * of libharu's memory an element (dictionaries of name and number objects),
 * they were most of a tagged document's memory and a third of its PDF
 * time. It is written as text once libharu has written the file, as new
 * objects after libharu's last (render/pdfpack.h puts them into object
 * streams), and libharu's only part is an empty StructTreeRoot that the
 * catalog names, whose body the text replaces. */

/* The PDF limit that PDF/A-1 keeps (and libharu's arrays, 32767) is 8191
 * items an array: an element with more kids (a list of 10 000s of items, a
 * document of 10 000s of headings) gets them in NonStruct groups, the
 * standard grouping element whose kids read as its parent's. The parent
 * tree must then name the group as the holder of the marked content and
 * annotations it took. */
#define KIDS_PER_ARRAY 8191
#define NUMS_PER_LEAF 256

static uint32_t object_number(const void *obj)
{
	return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

/* libharu refuses a string above 65 535 bytes, as PDF/A-1 readers may (and
 * the structure tree's strings, which are not libharu's, keep to it too);
 * UTF-8 text goes out as UTF-16, which can be twice as long. */
#define MAX_TEXT_BYTES 32000u

/* s cut at a character boundary with an ellipsis when it is too long for a
 * PDF string: a new string, or NULL when s fits. */
static char *shortened(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (len <= MAX_TEXT_BYTES)
		return NULL;
	size_t cut = MAX_TEXT_BYTES - 3;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	return xasprintf("%.*s\xE2\x80\xA6", (int)cut, s);
}

/* A text string: UTF-16BE with its byte order mark, in hex, cut as
 * shortened() cuts one. */
static void put_text_string(buf *b, const char *utf8)
{
	char *cut = shortened(utf8);
	const char *t = cut ? cut : utf8;
	buf_puts(b, "<FEFF");
	size_t len = strlen(t), i = 0;
	while (i < len) {
		uint32_t cp = utf8_next(t, len, &i);
		if (cp > 0x10FFFF)
			cp = 0xFFFD;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			put_code(b, 0xD800 + (cp >> 10));
			put_code(b, 0xDC00 + (cp & 0x3FF));
		} else {
			put_code(b, cp);
		}
	}
	buf_putc(b, '>');
	free(cut);
}

/* A literal string of ASCII (a language tag), escaped. */
static void put_ascii_string(buf *b, const char *s)
{
	buf_putc(b, '(');
	for (; *s; s++) {
		if (*s == '(' || *s == ')' || *s == '\\')
			buf_putc(b, '\\');
		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7F)
			buf_putc(b, *s);
	}
	buf_putc(b, ')');
}

/* The new objects: body k is object base + k. */
typedef struct {
	buf *body;
	size_t n, cap;
	uint32_t base;
	uint32_t *elem_num;    /* per element (attached): its object */
	uint32_t *parent_num;  /* per element: its parent's object (a group's, when grouped) */
	uint32_t **mark_holder; /* per page, per MCID: the group holding it, or 0 */
	uint32_t *annot_holder; /* per annotation: the same */
} tree_text;

static uint32_t new_object(tree_text *t)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->body = xreallocarray(t->body, t->cap, sizeof *t->body);
	}
	buf_init(&t->body[t->n]);
	return t->base + (uint32_t)t->n++;
}

static buf *body_of(tree_text *t, uint32_t num)
{
	return &t->body[num - t->base];
}

/* One kid as the tree writes it: an MCID alone when it is on the element's
 * page, else a marked-content or object reference. */
static void put_kid(renderer *r, tree_text *t, buf *b, const tag_kid *k, size_t page)
{
	if (k->kind == KID_ELEM)
		buf_printf(b, "%" PRIu32 " 0 R", t->elem_num[k->n]);
	else if (k->kind == KID_MCR && k->page == page)
		buf_printf(b, "%d", k->n);
	else if (k->kind == KID_MCR)
		buf_printf(b, "<< /Type /MCR /Pg %" PRIu32 " 0 R /MCID %d >>", object_number(r->pages[k->page]), k->n);
	else
		buf_printf(b, "<< /Type /OBJR /Obj %" PRIu32 " 0 R /Pg %" PRIu32 " 0 R >>",
			   object_number(r->tags.annots[k->n]), object_number(r->pages[k->page]));
}

static void note_holder(renderer *r, tree_text *t, const tag_kid *k, uint32_t group)
{
	if (k->kind == KID_ELEM) {
		t->parent_num[k->n] = group;
	} else if (k->kind == KID_MCR) {
		if (!t->mark_holder[k->page])
			t->mark_holder[k->page] = xcalloc(r->tags.nmarks[k->page], sizeof **t->mark_holder);
		t->mark_holder[k->page][k->n] = group;
	} else {
		t->annot_holder[k->n] = group;
	}
}

/* Writes the /K value of the element or group `holder` (kids[0..n)) into b:
 * one kid alone, an array, or an array of groups of at most KIDS_PER_ARRAY
 * (of groups, when that is still too many). */
static void put_kids(renderer *r, tree_text *t, buf *b, uint32_t holder, int grouped, const tag_kid *kids, size_t n,
		     size_t page)
{
	if (n == 1) {
		put_kid(r, t, b, &kids[0], page);
		if (grouped)
			note_holder(r, t, &kids[0], holder);
		return;
	}
	buf_putc(b, '[');
	if (n <= KIDS_PER_ARRAY) {
		for (size_t i = 0; i < n; i++) {
			buf_putc(b, ' ');
			put_kid(r, t, b, &kids[i], page);
			if (grouped)
				note_holder(r, t, &kids[i], holder);
		}
	} else {
		size_t per = KIDS_PER_ARRAY;
		while ((n + per - 1) / per > KIDS_PER_ARRAY)
			per *= KIDS_PER_ARRAY;
		for (size_t from = 0; from < n; from += per) {
			uint32_t g = new_object(t);
			buf kb;
			buf_init(&kb);
			put_kids(r, t, &kb, g, 1, kids + from, n - from < per ? n - from : per, page);
			buf *gb = body_of(t, g); /* after the kids: they may have grown the list */
			buf_printf(gb, "<< /S /NonStruct /P %" PRIu32 " 0 R", holder);
			if (page != (size_t)-1)
				buf_printf(gb, " /Pg %" PRIu32 " 0 R", object_number(r->pages[page]));
			buf_puts(gb, " /K ");
			buf_append(gb, kb.data, kb.len);
			buf_puts(gb, " >>");
			buf_free(&kb);
			buf_printf(b, " %" PRIu32 " 0 R", g);
		}
	}
	buf_puts(b, " ]");
}

/* Before libharu writes the file: the empty StructTreeRoot the catalog
 * names, and the mark information. */
static void write_structure(renderer *r)
{
	HPDF_MMgr mm = r->pdf->mmgr;
	HPDF_Dict tree = HPDF_Dict_New(mm);
	HPDF_Xref_Add(r->pdf->xref, tree);
	HPDF_Dict_AddName(tree, "Type", "StructTreeRoot");
	r->tags.tree = tree;
	HPDF_Dict catalog = r->pdf->catalog;
	HPDF_Dict_Add(catalog, "StructTreeRoot", tree);
	HPDF_Dict mark = HPDF_Dict_New(mm);
	HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
	HPDF_Dict_Add(catalog, "MarkInfo", mark);
}

/* After libharu has written the file (`base` the number its objects end
 * at): the structure tree and the parent tree as new objects, and the
 * StructTreeRoot's body, into r->tags.extra for pdfpack. */
static void write_structure_text(renderer *r, uint32_t base)
{
	tagging *tg = &r->tags;
	size_t nel = r->doc->nelems;
	tree_text t = { .base = base, .elem_num = xcalloc(nel + 1, sizeof *t.elem_num),
			.parent_num = xcalloc(nel + 1, sizeof *t.parent_num),
			.mark_holder = xcalloc(r->doc->npages ? r->doc->npages : 1, sizeof *t.mark_holder),
			.annot_holder = xcalloc(tg->nannots ? tg->nannots : 1, sizeof *t.annot_holder) };
	uint32_t tree = object_number(tg->tree);
	tg->elems[0].attached = 1;
	/* Numbers first, parents before children, so kids can name them. */
	for (size_t e = 0; e < nel; e++)
		if (tg->elems[e].attached)
			t.elem_num[e] = new_object(&t);
	for (size_t e = 0; e < nel; e++) {
		if (!tg->elems[e].attached)
			continue;
		int parent = r->doc->elems[e].parent;
		t.parent_num[e] = e == 0 ? tree : t.elem_num[parent >= 0 && (size_t)parent < e ? parent : 0];
	}
	/* The kids (which may make groups and give kids other parents), kept
	 * until every element's parent is known. */
	buf *kids = xcalloc(nel + 1, sizeof *kids);
	size_t *elem_page = xcalloc(nel + 1, sizeof *elem_page);
	for (size_t e = 0; e < nel; e++) {
		tag_elem *te = &tg->elems[e];
		buf_init(&kids[e]);
		elem_page[e] = (size_t)-1;
		if (!te->attached || !te->nkids)
			continue;
		order_kids(te);
		for (size_t i = 0; i < te->nkids && elem_page[e] == (size_t)-1; i++)
			if (te->kids[i].kind == KID_MCR)
				elem_page[e] = te->kids[i].page;
		put_kids(r, &t, &kids[e], t.elem_num[e], 0, te->kids, te->nkids, elem_page[e]);
	}
	for (size_t e = 0; e < nel; e++) {
		if (!tg->elems[e].attached) {
			buf_free(&kids[e]);
			continue;
		}
		const dl_elem *el = &r->doc->elems[e];
		buf *b = body_of(&t, t.elem_num[e]);
		buf_printf(b, "<< /S /%s /P %" PRIu32 " 0 R", dl_elem_type(el), t.parent_num[e]);
		if (elem_page[e] != (size_t)-1)
			buf_printf(b, " /Pg %" PRIu32 " 0 R", object_number(r->pages[elem_page[e]]));
		if (kids[e].len) {
			buf_puts(b, " /K ");
			buf_append(b, kids[e].data, kids[e].len);
		}
		if (el->role == DS_FIGURE) {
			buf_puts(b, " /Alt ");
			put_text_string(b, el->alt ? el->alt : "");
		} else if (el->role == DS_LBL && el->alt) {
			buf_puts(b, " /ActualText ");
			put_text_string(b, el->alt);
		}
		if (el->lang) {
			buf_puts(b, " /Lang ");
			put_ascii_string(b, el->lang);
		}
		if (el->role == DS_TH)
			buf_puts(b, " /A << /O /Table /Scope /Row >>");
		buf_puts(b, " >>");
		buf_free(&kids[e]);
	}
	free(kids);
	free(elem_page);

	/* The parent tree: for each page (an array object) the element of each
	 * MCID, then the element of each annotation; a number tree, flat when
	 * small, else leaves of NUMS_PER_LEAF under one root. */
	size_t nkeys = r->doc->npages + tg->nannots;
	uint32_t *values = xcalloc(nkeys ? nkeys : 1, sizeof *values);
	for (size_t p = 0; p < r->doc->npages; p++) {
		uint32_t a = new_object(&t);
		buf *b = body_of(&t, a);
		buf_putc(b, '[');
		for (size_t i = 0; i < tg->nmarks[p]; i++) {
			uint32_t group = t.mark_holder[p] ? t.mark_holder[p][i] : 0;
			buf_printf(b, " %" PRIu32 " 0 R", group ? group : t.elem_num[tg->marks[p][i]]);
		}
		buf_puts(b, " ]");
		values[p] = a;
		free(t.mark_holder[p]);
	}
	for (size_t i = 0; i < tg->nannots; i++)
		values[r->doc->npages + i] = t.annot_holder[i] ? t.annot_holder[i] : t.elem_num[tg->annot_elem[i]];
	buf root;
	buf_init(&root);
	buf_printf(&root, "<< /Type /StructTreeRoot /K %" PRIu32 " 0 R /ParentTree << ", t.elem_num[0]);
	if (nkeys <= NUMS_PER_LEAF) {
		buf_puts(&root, "/Nums [");
		for (size_t i = 0; i < nkeys; i++)
			buf_printf(&root, " %zu %" PRIu32 " 0 R", i, values[i]);
		buf_puts(&root, " ]");
	} else {
		buf_puts(&root, "/Kids [");
		for (size_t from = 0; from < nkeys; from += NUMS_PER_LEAF) {
			size_t to = from + NUMS_PER_LEAF < nkeys ? from + NUMS_PER_LEAF : nkeys;
			uint32_t leaf = new_object(&t);
			buf *b = body_of(&t, leaf);
			buf_printf(b, "<< /Limits [ %zu %zu ] /Nums [", from, to - 1);
			for (size_t i = from; i < to; i++)
				buf_printf(b, " %zu %" PRIu32 " 0 R", i, values[i]);
			buf_puts(b, " ] >>");
			buf_printf(&root, " %" PRIu32 " 0 R", leaf);
		}
		buf_puts(&root, " ]");
	}
	buf_printf(&root, " >> /ParentTreeNextKey %zu >>", nkeys);
	free(values);
	free(t.mark_holder);
	free(t.annot_holder);
	free(t.elem_num);
	free(t.parent_num);

	/* Handed on: the root's body first (it replaces libharu's), then the
	 * new objects in number order. */
	tg->extra = xcalloc(t.n + 1, sizeof *tg->extra);
	size_t len;
	char *text = buf_detach(&root, &len);
	tg->extra[0] = (pdfpack_object){ tree, text, len };
	for (size_t k = 0; k < t.n; k++) {
		text = buf_detach(&t.body[k], &len);
		tg->extra[k + 1] = (pdfpack_object){ base + (uint32_t)k, text, len };
	}
	tg->nextra = t.n + 1;
	free(t.body);
}

/* A gap wider than this (in em) between two runs of text is a word space. */
enum { RUN_JOINED, RUN_GAP, RUN_LINE_END }; /* what follows a run of text */
#define WORD_GAP 0.1

/* Whether text ends in a character after which no space is read (a space,
 * or a hyphen at a line's end). */
static int ends_joined(const char *text)
{
	size_t len = strlen(text);
	return len == 0 || text[len - 1] == ' ' || text[len - 1] == '-' ||
	       (len >= 3 && memcmp(text + len - 3, "\xE2\x80\x90", 3) == 0);
}

/* Text items of one line and style as one TJ array of 16-bit codes: kerning
 * and the gaps between words are displacements in it, computed from the
 * same metrics the layout used, so every word starts where it was placed.
 * Tagged, the text must read as words: a gap between words is a space
 * glyph plus what remains of the gap, and a run followed by a gap or a
 * line's end (`end`) ends in a space. A hyphen at a line's end is drawn as
 * the soft hyphen (the same glyph), which PDF reserves for the hyphen a word
 * was broken at, so the word reads whole; a hyphen of the text stays one. */
static void draw_text_run(renderer *r, const dl_item *items, size_t n, int end)
{
	const dl_item *first = &items[0];
	HPDF_Font f = font_for(r, first->face);
	buf *b = &r->content;
	if (!r->in_text) {
		buf_puts(b, "BT\n");
		r->in_text = 1;
		r->cur_face = FACE_COUNT;
	}
	if (r->cur_face != first->face || r->cur_size != first->size) {
		buf_putc(b, '/');
		buf_puts(b, HPDF_Page_GetLocalFontName(r->page, f));
		buf_putc(b, ' ');
		put_fixed(b, first->size, 5); /* a size error would add up along a line */
		buf_puts(b, " Tf\n");
		r->cur_face = first->face;
		r->cur_size = first->size;
	}
	/* Horizontal scaling multiplies everything along the line, Tc and the
	 * TJ displacements too: those are divided by it so that the letter
	 * spacing and the gaps come out as the layout placed them. */
	double scale = 1 + first->expand;
	double hscale = 100.0 * scale;
	if (hscale != r->cur_hscale) {
		put_fixed(b, hscale, 5); /* a scale error would add up along the line */
		buf_puts(b, " Tz\n");
		r->cur_hscale = hscale;
	}
	double tc = first->tracking / scale;
	if (tc != r->cur_tracking) {
		put_fixed(b, tc, 5); /* added after every glyph */
		buf_puts(b, " Tc\n");
		r->cur_tracking = tc;
	}
	set_fill(r, first->color);

	font *metrics = fontset_face(r->fs, first->face);
	double em = first->size / 1000.0;
	double em_drawn = em * scale; /* a glyph unit as drawn */
	double origin[6] = { 1, 0, 0, 1, first->x, first->y };
	put_numbers(b, origin, 6, "Tm");
	buf_puts(b, "[<");
	double pen = first->x; /* where the next glyph goes, in points */
	for (size_t k = 0; k < n; k++) {
		const dl_item *it = &items[k];
		if (k > 0) {
			double gap = it->x - pen;
			if (r->opt->tagged && gap > WORD_GAP * first->size && !ends_joined(items[k - 1].text)) {
				put_code(b, ' ');
				gap -= font_advance(metrics, ' ') * em_drawn + it->tracking;
			}
			buf_puts(b, "> ");
			put_number(b, -gap / em_drawn);
			buf_puts(b, " <");
			pen = it->x;
		}
		size_t len = strlen(it->text), i = 0;
		uint32_t prev = 0;
		while (i < len) {
			uint32_t cp = utf8_next(it->text, len, &i);
			if (cp > 0xFFFF)
				cp = 0xFFFD;
			/* Only the hyphen the break added: a hyphen of the text (an
			 * address, "e-post") must survive copying the lines. */
			if (cp == '-' && i == len && k == n - 1 && end == RUN_LINE_END && it->broken_word) {
				cp = 0xAD;
			}
			double kern = prev ? font_kern(metrics, prev, cp) : 0;
			if (kern != 0) {
				buf_puts(b, "> ");
				put_number(b, -kern);
				buf_puts(b, " <");
			}
			put_code(b, cp);
			pen += (font_advance(metrics, cp) + kern) * em_drawn + it->tracking;
			prev = cp;
		}
	}
	if (end != RUN_JOINED && !ends_joined(items[n - 1].text)) {
		put_code(b, ' ');
	}
	buf_puts(b, ">] TJ\n");
}

/* What is read after the run of n text items at items[0]: RUN_JOINED when
 * the next text continues it (on the same line, or as the next piece of a
 * wrapped line), RUN_GAP after a gap, RUN_LINE_END when the next text is on
 * another line (or there is none). */
static int run_end(const dl_item *items, size_t n, size_t left)
{
	const dl_item *last = &items[n - 1];
	if (last->joins_next)
		return RUN_JOINED;
	for (size_t j = n; j < left; j++) {
		const dl_item *next = &items[j];
		if (next->kind != DL_TEXT)
			continue;
		if (next->y != last->y || next->x < last->x)
			return RUN_LINE_END; /* (a list's number may be drawn after its first line) */
		return next->x - (last->x + last->w) > WORD_GAP * last->size ? RUN_GAP : RUN_JOINED;
	}
	return RUN_LINE_END;
}

static void draw_rect(renderer *r, const dl_item *it)
{
	end_text(r);
	set_fill(r, it->color);
	double v[4] = { it->x, it->y, it->w, it->h };
	put_numbers(&r->content, v, 4, "re");
	buf_puts(&r->content, "f\n");
}

static void draw_line(renderer *r, const dl_item *it)
{
	end_text(r);
	put_color(r, it->color, 1);
	double width = it->size > 0 ? it->size : 0.5;
	put_numbers(&r->content, &width, 1, "w");
	double from[2] = { it->x, it->y }, to[2] = { it->x + it->w, it->y + it->h };
	put_numbers(&r->content, from, 2, "m");
	put_numbers(&r->content, to, 2, "l");
	buf_puts(&r->content, "S\n");
}

/* libharu drops a /Filter it did not apply itself; this puts it back. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

static void grow(unsigned char **data, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	free(*data);
	*data = xmalloc(need);
	*cap = need;
}

/* Replaces the plain content of a stream dictionary by its compressed form,
 * flagged so that libharu writes it as it is. Returns 0 if that could not be
 * done, which leaves the stream to libharu's own compression. */
static int deflate_stream(renderer *r, deflate_kind kind, HPDF_Dict dict, const unsigned char *plain,
			  size_t plain_len)
{
	struct libdeflate_compressor **c = &r->deflaters[kind];
	if (!*c) {
		*c = libdeflate_alloc_compressor(deflate_level[kind]);
		if (!*c)
			return 0;
	}
	grow(&r->packed, &r->packed_cap, libdeflate_zlib_compress_bound(*c, plain_len));
	size_t packed_len = libdeflate_zlib_compress(*c, plain, plain_len, r->packed, r->packed_cap);
	if (packed_len == 0) /* not with a buffer of the bound's size */
		return 0;
	HPDF_MemStream_FreeData(dict->stream);
	HPDF_Stream_Write(dict->stream, r->packed, (HPDF_UINT)packed_len);
	dict->filter = HPDF_STREAM_FILTER_NONE;
	dict->write_fn = write_flate_filter;
	return 1;
}

/* The bytes of a memory stream, copied out of its buffers: HPDF_Stream_Read
 * copies them a byte at a time (HPDF_MemCpy), which for the fonts' maps of
 * 128 KB each was a tenth of a one-page document's instructions. NULL when
 * the stream is not libharu's memory stream or its buffers do not add up. */
static unsigned char *memory_stream_bytes(HPDF_Stream s, size_t size)
{
	if (!s || s->type != HPDF_STREAM_MEMORY || size == 0)
		return NULL;
	unsigned char *out = xmalloc(size);
	size_t at = 0;
	HPDF_UINT count = HPDF_MemStream_GetBufCount(s);
	for (HPDF_UINT i = 0; i < count; i++) {
		HPDF_UINT len = 0;
		const HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &len);
		if (!p || len > size - at) {
			free(out);
			return NULL;
		}
		memcpy(out + at, p, len);
		at += len;
	}
	if (at != size) {
		free(out);
		return NULL;
	}
	return out;
}

/* A stream libharu filled and would deflate with zlib as it saves, deflated
 * now with libdeflate instead (zlib on the fonts was a sixth of a short
 * document's time). Left to libharu when its bytes cannot be read back. */
static void deflate_filled_stream(renderer *r, HPDF_Dict d)
{
	if (!d || !d->stream || !(d->filter & HPDF_STREAM_FILTER_FLATE_DECODE) || d->write_fn)
		return;
	HPDF_UINT32 size = HPDF_Stream_Size(d->stream);
	unsigned char *plain = memory_stream_bytes(d->stream, size);
	if (plain)
		deflate_stream(r, DEFLATE_IMAGE, d, plain, size);
	free(plain);
}

/* The dictionary under key, or NULL when there is none or the value is of
 * another kind (a name, say): libharu records that as an error, which the
 * save would then report, so it is cleared. */
static HPDF_Dict dict_item(renderer *r, HPDF_Dict d, const char *key)
{
	HPDF_Dict item = HPDF_Dict_GetItem(d, key, HPDF_OCLASS_DICT);
	if (!item && HPDF_GetError(r->pdf) == HPDF_DICT_ITEM_UNEXPECTED_TYPE)
		HPDF_ResetError(r->pdf);
	return item;
}

/* libharu's own ToUnicode map of a font (which font_for replaces by the
 * shared one) is still an object of the file: emptied of its bytes and
 * keys, it costs neither a zlib pass when saved nor about 450 bytes per
 * face. */
static void empty_replaced_map(renderer *r, HPDF_Font f)
{
	HPDF_Dict own = f->attr ? ((HPDF_FontAttr)f->attr)->cmap_stream : NULL;
	if (!own || own == (HPDF_Dict)r->tounicode || !own->stream || own->stream->type != HPDF_STREAM_MEMORY)
		return;
	HPDF_MemStream_FreeData(own->stream);
	own->filter = HPDF_STREAM_FILTER_NONE;
	static const char *const keys[] = { "Type", "CMapName", "CIDSystemInfo", "WMode", "Filter" };
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		HPDF_Dict_RemoveElement(own, keys[k]);
	HPDF_ResetError(r->pdf);
}

/* libharu makes a font's descriptor, with its subset (FontFile2), as the
 * font is saved, and fills its CMap and CIDToGIDMap streams before: made
 * now, once every page is drawn, all of them are deflated here. */
static void deflate_font_streams(renderer *r)
{
	for (int face = 0; face < FACE_COUNT; face++) {
		HPDF_Font f = r->fonts[face];
		if (!f)
			continue;
		if (f->before_write_fn) {
			if (f->before_write_fn(f) != HPDF_OK)
				continue; /* libharu's error is in the document: the save reports it */
			f->before_write_fn = NULL;
		}
		empty_replaced_map(r, f);
		deflate_filled_stream(r, dict_item(r, f, "Encoding"));
		HPDF_Array descendants = HPDF_Dict_GetItem(f, "DescendantFonts", HPDF_OCLASS_ARRAY);
		HPDF_Dict cid_font = descendants ? HPDF_Array_GetItem(descendants, 0, HPDF_OCLASS_DICT) : NULL;
		if (!cid_font)
			continue;
		deflate_filled_stream(r, dict_item(r, cid_font, "CIDToGIDMap"));
		HPDF_Dict descriptor = dict_item(r, cid_font, "FontDescriptor");
		if (descriptor)
			deflate_filled_stream(r, dict_item(r, descriptor, "FontFile2"));
	}
	deflate_filled_stream(r, (HPDF_Dict)r->tounicode);
}

/* A PNG's compressed rows as they are: Flate with the PNG predictors is
 * PDF's own reading of them, so the figure is neither decoded nor
 * compressed again (that was two thirds of a release build). */
static HPDF_Image png_rows_image(renderer *r, const image *img)
{
	HPDF_Dict h = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
	h->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	HPDF_Dict_AddName(h, "Type", "XObject");
	HPDF_Dict_AddName(h, "Subtype", "Image");
	HPDF_Dict_AddNumber(h, "Width", (HPDF_INT32)img->width);
	HPDF_Dict_AddNumber(h, "Height", (HPDF_INT32)img->height);
	HPDF_Dict_AddName(h, "ColorSpace", img->channels == 1 ? "DeviceGray" : "DeviceRGB");
	HPDF_Dict_AddNumber(h, "BitsPerComponent", 8);
	HPDF_Dict parms = HPDF_Dict_New(r->pdf->mmgr);
	HPDF_Dict_Add(h, "DecodeParms", parms);
	HPDF_Dict_AddNumber(parms, "Predictor", 15);
	HPDF_Dict_AddNumber(parms, "Colors", img->channels);
	HPDF_Dict_AddNumber(parms, "BitsPerComponent", 8);
	HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT32)img->width);
	HPDF_Stream_Write(h->stream, img->data, (HPDF_UINT)img->len);
	h->filter = HPDF_STREAM_FILTER_NONE;
	h->write_fn = write_flate_filter;
	return h;
}

static HPDF_Image image_for(renderer *r, size_t index)
{
	if (r->images[index])
		return r->images[index];
	image *img = image_load(r->doc->images[index]);
	if (!img)
		return NULL;
	r->loading = img;
	HPDF_Image h;
	if (img->format == IMAGE_JPEG)
		h = HPDF_LoadJpegImageFromMem(r->pdf, img->data, (HPDF_UINT)img->len);
	else if (img->format == IMAGE_PNG_ROWS)
		h = png_rows_image(r, img);
	else {
		h = HPDF_LoadRawImageFromMem(r->pdf, img->data, img->width, img->height,
					     img->channels == 1 ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB, 8);
		deflate_stream(r, DEFLATE_IMAGE, h, img->data, img->len);
	}
	r->loading = NULL;
	image_free(img);
	r->images[index] = h;
	return h;
}

static void draw_image(renderer *r, const dl_item *it)
{
	end_text(r);
	HPDF_Image img = image_for(r, it->image);
	if (!img)
		return;
	double place[6] = { it->w, 0, 0, it->h, it->x, it->y };
	buf_puts(&r->content, "q\n");
	put_numbers(&r->content, place, 6, "cm");
	buf_putc(&r->content, '/');
	buf_puts(&r->content, HPDF_Page_GetXObjectName(r->page, img));
	buf_puts(&r->content, " Do\nQ\n");
}

static void shorten_field(char **field)
{
	char *s = shortened(*field);
	if (s) {
		dl_set(field, s);
		free(s);
	}
}

/* URIs in PDF are 7-bit: percent-encode everything else. */
static char *encode_uri(const char *uri)
{
	buf b;
	buf_init(&b);
	for (const unsigned char *p = (const unsigned char *)uri; *p; p++) {
		if (*p > 0x20 && *p < 0x7F && *p != '\\' && *p != '(' && *p != ')')
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	return buf_detach(&b, NULL);
}

static void finish_annotation(HPDF_Annotation a)
{
	HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
	HPDF_Dict_AddNumber(a, "F", 4); /* print */
}

static void draw_link(renderer *r, const dl_item *it)
{
	HPDF_Rect rect = { (HPDF_REAL)it->x, (HPDF_REAL)it->y, (HPDF_REAL)(it->x + it->w), (HPDF_REAL)(it->y + it->h) };
	HPDF_Annotation a;
	if (it->link == LINK_PAGE) {
		if (it->page >= r->doc->npages)
			return;
		HPDF_Destination dest = HPDF_Page_CreateDestination(r->pages[it->page]);
		HPDF_Destination_SetXYZ(dest, 0, (HPDF_REAL)it->dest_y, 1);
		a = HPDF_Page_CreateLinkAnnot(r->page, rect, dest);
	} else if (it->link == LINK_URI) {
		char *uri = encode_uri(it->text ? it->text : "");
		if (strlen(uri) > 2 * MAX_TEXT_BYTES) {
			diag(DIAG_WARNING, r->name, 0, 0, "a web address of %zu characters is too long for a PDF link; "
			     "its text is shown without the link", strlen(uri));
			free(uri);
			return;
		}
		a = HPDF_Page_CreateURILinkAnnot(r->page, rect, uri);
		free(uri);
	} else {
		/* Another PDF of the bundle: a GoToR action, which PDF/A-1 allows and
		 * viewers resolve relative to this file, so it works offline. */
		char *file = encode_uri(it->text ? it->text : "");
		a = HPDF_Page_CreateURILinkAnnot(r->page, rect, file);
		HPDF_Dict action = HPDF_Dict_GetItem(a, "A", HPDF_OCLASS_DICT);
		HPDF_Dict_RemoveElement(action, "URI");
		HPDF_Dict_AddName(action, "S", "GoToR");
		HPDF_Dict_Add(action, "F", HPDF_String_New(r->pdf->mmgr, file, NULL));
		HPDF_Array d = HPDF_Array_New(r->pdf->mmgr);
		HPDF_Array_AddNumber(d, 0);
		HPDF_Array_AddName(d, "Fit");
		HPDF_Dict_Add(action, "D", d);
		free(file);
	}
	finish_annotation(a);
	if (r->opt->tagged)
		tag_annotation(r, a, it);
}

static int is_shape(const dl_item *it)
{
	return it->kind == DL_RECT || it->kind == DL_LINE;
}

static void draw_page(renderer *r, size_t index)
{
	const dl_page *p = &r->doc->pages[index];
	int tagged = r->opt->tagged;
	r->page = r->pages[index];
	r->cur_page = index;
	r->in_text = 0;
	r->in_span = 0;
	r->fill_set = 0;
	r->cur_tracking = 0; /* Tc starts at 0 on every page and outlives BT/ET */
	r->cur_hscale = 100; /* so does Tz at 100: a later unscaled run writes 100 Tz back */
	r->tags.open = 0;
	/* Links go on after the drawing so they are not part of the content order. */
	buf_clear(&r->content);
	if (tagged) {
		/* Shapes lie under the text (bands, tints, rules) or beside it
		 * (underlines): painted first, they make one artifact per page and
		 * leave each element's text in one piece. */
		for (size_t i = 0; i < p->nitems; i++)
			if (is_shape(&p->items[i])) {
				open_mark(r, DL_ARTIFACT);
				if (p->items[i].kind == DL_RECT)
					draw_rect(r, &p->items[i]);
				else
					draw_line(r, &p->items[i]);
			}
		close_mark(r);
	}
	for (size_t i = 0; i < p->nitems; i++) {
		const dl_item *it = &p->items[i];
		if (tagged && (it->kind == DL_TEXT || it->kind == DL_IMAGE))
			open_mark(r, item_elem(r, it));
		switch (it->kind) {
		case DL_TEXT: {
			size_t n = 1;
			while (i + n < p->nitems && same_run(r, it, &p->items[i + n]))
				n++;
			if (r->in_span && item_elem(r, it) != r->span_elem)
				close_span(r);
			if (it->joins_next && !r->in_span)
				open_span(r, p->items, p->nitems, i);
			draw_text_run(r, it, n, tagged ? run_end(it, n, p->nitems - i) : RUN_JOINED);
			if (r->in_span && !it[n - 1].joins_next)
				close_span(r);
			i += n - 1;
			break;
		}
		case DL_RECT:
			if (!tagged)
				draw_rect(r, it);
			break;
		case DL_LINE:
			if (!tagged)
				draw_line(r, it);
			break;
		case DL_IMAGE:
			draw_image(r, it);
			break;
		case DL_LINK:
			break;
		}
	}
	close_span(r);
	end_text(r);
	if (tagged) {
		close_mark(r);
		HPDF_Dict_AddNumber(r->page, "StructParents", (HPDF_INT32)index);
		HPDF_Dict_AddName(r->page, "Tabs", "S"); /* annotations in structure order */
	}
	for (size_t i = 0; i < p->nitems; i++)
		if (p->items[i].kind == DL_LINK)
			draw_link(r, &p->items[i]);
}

/* The page's content goes to libharu compressed; should compression fail,
 * plain, for libharu to compress. */
static void finish_page(renderer *r, HPDF_Page page)
{
	HPDF_Dict contents = ((HPDF_PageAttr)page->attr)->contents;
	if (!deflate_stream(r, DEFLATE_CONTENT, contents, (const unsigned char *)r->content.data, r->content.len))
		HPDF_Stream_Write(contents->stream, (const HPDF_BYTE *)r->content.data, (HPDF_UINT)r->content.len);
}

static void add_outline(renderer *r)
{
	HPDF_Encoder utf8 = HPDF_GetEncoder(r->pdf, "UTF-8");
	HPDF_Outline parents[8] = { 0 };
	for (size_t i = 0; i < r->doc->noutline; i++) {
		const dl_outline *o = &r->doc->outline[i];
		if (o->page >= r->doc->npages)
			continue;
		int level = o->level < 1 ? 1 : o->level > 6 ? 6 : o->level;
		HPDF_Outline parent = NULL;
		for (int l = level - 1; l >= 1 && !parent; l--)
			parent = parents[l];
		char *cut = shortened(o->title);
		HPDF_Outline node = HPDF_CreateOutline(r->pdf, parent, cut ? cut : o->title, utf8);
		free(cut);
		HPDF_Destination dest = HPDF_Page_CreateDestination(r->pages[o->page]);
		HPDF_Destination_SetXYZ(dest, 0, (HPDF_REAL)o->y, 1);
		HPDF_Outline_SetDestination(node, dest);
		HPDF_Outline_SetOpened(node, level == 1 ? HPDF_TRUE : HPDF_FALSE);
		parents[level] = node;
		for (int l = level + 1; l < 8; l++)
			parents[l] = NULL;
	}
	if (r->doc->noutline)
		HPDF_SetPageMode(r->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

static void set_info(renderer *r)
{
	const dl_document *d = r->doc;
	HPDF_SetCurrentEncoder(r->pdf, "UTF-8");
	if (d->title)
		HPDF_SetInfoAttr(r->pdf, HPDF_INFO_TITLE, d->title);
	if (d->author)
		HPDF_SetInfoAttr(r->pdf, HPDF_INFO_AUTHOR, d->author);
	if (d->subject)
		HPDF_SetInfoAttr(r->pdf, HPDF_INFO_SUBJECT, d->subject);
	if (d->keywords)
		HPDF_SetInfoAttr(r->pdf, HPDF_INFO_KEYWORDS, d->keywords);
	if (d->creator)
		HPDF_SetInfoAttr(r->pdf, HPDF_INFO_CREATOR, d->creator);
	if (d->date >= 0) {
		time_t t = (time_t)d->date;
		struct tm tm;
		gmtime_r(&t, &tm);
		HPDF_Date date = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
				   'Z', 0, 0 };
		HPDF_SetInfoDateAttr(r->pdf, HPDF_INFO_CREATION_DATE, date);
		HPDF_SetInfoDateAttr(r->pdf, HPDF_INFO_MOD_DATE, date);
	}
	HPDF_Dict catalog = r->pdf->catalog;
	if (d->language)
		HPDF_Dict_Add(catalog, "Lang", HPDF_String_New(r->pdf->mmgr, d->language, NULL));
	/* Viewers show the title, not the file name, in the window. */
	HPDF_Dict prefs = HPDF_Dict_New(r->pdf->mmgr);
	HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
	HPDF_Dict_Add(catalog, "ViewerPreferences", prefs);
}

#define PRODUCER "hejapack " HEJAPACK_VERSION " with libharu 2.3.0"

static void xml_escape(buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_putc(b, *s); break;
		}
	}
}

static void xmp_alt(buf *b, const char *tag, const char *value)
{
	buf_printf(b, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", tag);
	xml_escape(b, value);
	buf_printf(b, "</rdf:li></rdf:Alt></%s>\n", tag);
}

static void xmp_simple(buf *b, const char *tag, const char *value)
{
	buf_printf(b, "   <%s>", tag);
	xml_escape(b, value);
	buf_printf(b, "</%s>\n", tag);
}

/* XMP metadata mirroring the document information (PDF/A requires both to
 * agree). libharu's own XMP writer does not escape values, so we write it. */
static void add_xmp(renderer *r)
{
	const dl_document *d = r->doc;
	buf b;
	buf_init(&b);
	buf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		     "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		     " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		     "  <rdf:Description rdf:about=\"\"\n"
		     "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		     "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		     "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
		     "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
	buf_puts(&b, r->opt->tagged ? "\n    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n" : ">\n");
	buf_puts(&b, "   <dc:format>application/pdf</dc:format>\n");
	if (d->title)
		xmp_alt(&b, "dc:title", d->title);
	if (d->author) {
		buf_puts(&b, "   <dc:creator><rdf:Seq><rdf:li>");
		xml_escape(&b, d->author);
		buf_puts(&b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (d->subject)
		xmp_alt(&b, "dc:description", d->subject);
	if (d->language) {
		buf_puts(&b, "   <dc:language><rdf:Bag><rdf:li>");
		xml_escape(&b, d->language);
		buf_puts(&b, "</rdf:li></rdf:Bag></dc:language>\n");
	}
	if (d->keywords)
		xmp_simple(&b, "pdf:Keywords", d->keywords);
	xmp_simple(&b, "pdf:Producer", PRODUCER);
	if (d->creator)
		xmp_simple(&b, "xmp:CreatorTool", d->creator);
	if (d->date >= 0) {
		time_t t = (time_t)d->date;
		struct tm tm;
		char iso[32];
		gmtime_r(&t, &tm);
		strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
		xmp_simple(&b, "xmp:CreateDate", iso);
		xmp_simple(&b, "xmp:ModifyDate", iso);
		xmp_simple(&b, "xmp:MetadataDate", iso);
	}
	if (!r->opt->tagged) {
		buf_printf(&b, "   <pdfaid:part>%d</pdfaid:part>\n   <pdfaid:conformance>%s</pdfaid:conformance>\n"
			       "  </rdf:Description>\n", PDF_PDFA_UNTAGGED_PART, PDF_PDFA_UNTAGGED_CONFORMANCE);
	} else {
		/* PDF/A-2a and PDF/UA-1. PDF/A admits only the XMP schemas it names
		 * or that the file describes, so the PDF/UA identification schema is
		 * described in an extension schema. */
		buf_printf(&b, "   <pdfaid:part>%d</pdfaid:part>\n   <pdfaid:conformance>%s</pdfaid:conformance>\n",
			   PDF_PDFA_PART, PDF_PDFA_CONFORMANCE);
		buf_puts(&b, "   <pdfuaid:part>1</pdfuaid:part>\n"
			     "  </rdf:Description>\n"
			     "  <rdf:Description rdf:about=\"\"\n"
			     "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
			     "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
			     "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
			     "   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
			     "    <pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>\n"
			     "    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
			     "    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
			     "    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
			     "     <pdfaProperty:name>part</pdfaProperty:name>\n"
			     "     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
			     "     <pdfaProperty:category>internal</pdfaProperty:category>\n"
			     "     <pdfaProperty:description>The part of ISO 14289 the file conforms to</pdfaProperty:description>\n"
			     "    </rdf:li></rdf:Seq></pdfaSchema:property>\n"
			     "   </rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
			     "  </rdf:Description>\n");
	}
	buf_puts(&b, " </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
	/* PDF/A-1 forbids filters on metadata streams. */
	HPDF_Dict meta = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
	meta->filter = HPDF_STREAM_FILTER_NONE;
	HPDF_Dict_AddName(meta, "Type", "Metadata");
	HPDF_Dict_AddName(meta, "Subtype", "XML");
	HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	HPDF_Dict_Add(r->pdf->catalog, "Metadata", meta);
	buf_free(&b);
}

static int add_output_intent(renderer *r)
{
	size_t len;
	char *icc = fs_read_file(r->opt->icc_profile, &len);
	if (!icc)
		return 0;
	HPDF_Dict profile = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
	profile->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_Dict_AddNumber(profile, "N", 3);
	if (!deflate_stream(r, DEFLATE_IMAGE, profile, (const unsigned char *)icc, len))
		HPDF_Stream_Write(profile->stream, (const HPDF_BYTE *)icc, (HPDF_UINT)len);
	free(icc);
	HPDF_Dict intent = HPDF_Dict_New(r->pdf->mmgr);
	HPDF_Dict_AddName(intent, "Type", "OutputIntent");
	HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
	HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(r->pdf->mmgr, "sRGB IEC61966-2.1", NULL));
	HPDF_Dict_Add(intent, "RegistryName", HPDF_String_New(r->pdf->mmgr, "http://www.color.org", NULL));
	HPDF_Dict_Add(intent, "Info", HPDF_String_New(r->pdf->mmgr, "sRGB IEC61966-2.1", NULL));
	HPDF_Dict_Add(intent, "DestOutputProfile", profile);
	HPDF_Array intents = HPDF_Array_New(r->pdf->mmgr);
	HPDF_Array_Add(intents, intent);
	HPDF_Dict_Add(r->pdf->catalog, "OutputIntents", intents);
	return 1;
}

/* The trailer ID from the content's seed, so equal input gives equal files
 * (libharu would take the current time). */
static void add_file_id(renderer *r)
{
	char hex[SHA256_HEX_SIZE];
	const char *seed = r->opt->id_seed ? r->opt->id_seed : (r->doc->title ? r->doc->title : "");
	sha256_hex(seed, strlen(seed), hex);
	HPDF_BYTE id[16];
	for (int i = 0; i < 16; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		id[i] = (HPDF_BYTE)v;
	}
	HPDF_Array ids = HPDF_Array_New(r->pdf->mmgr);
	HPDF_Array_Add(ids, HPDF_Binary_New(r->pdf->mmgr, id, 16));
	HPDF_Array_Add(ids, HPDF_Binary_New(r->pdf->mmgr, id, 16));
	HPDF_Dict_Add(r->pdf->trailer, "ID", ids);
}

static HPDF_Array box_array(renderer *r, const dl_box *b)
{
	HPDF_Array a = HPDF_Array_New(r->pdf->mmgr);
	HPDF_Array_AddReal(a, (HPDF_REAL)b->x0);
	HPDF_Array_AddReal(a, (HPDF_REAL)b->y0);
	HPDF_Array_AddReal(a, (HPDF_REAL)b->x1);
	HPDF_Array_AddReal(a, (HPDF_REAL)b->y1);
	return a;
}

/* libharu 2.3 has no API for the print boxes: they go on the page
 * dictionary directly, one array object per page. */
static void add_print_boxes(renderer *r, HPDF_Page page)
{
	HPDF_Dict_Add(page, "TrimBox", box_array(r, &r->doc->trim_box));
	HPDF_Dict_Add(page, "BleedBox", box_array(r, &r->doc->bleed_box));
}

static int render(renderer *r, unsigned char **out, size_t *len)
{
	HPDF_SetCompressionMode(r->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(r->pdf);
	HPDF_SetCurrentEncoder(r->pdf, "UTF-8");
	collect_code_points(r);
	/* One /Kids array holds at most 32767 pages in libharu (8191 by the
	 * PDF 1.4 limit): past that, the page tree gets a level of nodes of
	 * 4096 pages each. Smaller documents keep their flat tree, and bytes. */
	if (r->doc->npages > KIDS_PER_ARRAY)
		HPDF_SetPagesConfiguration(r->pdf, 4096);
	for (size_t i = 0; i < r->doc->npages; i++) {
		grow_object_list(r);
		r->pages[i] = HPDF_AddPage(r->pdf);
		HPDF_Page_SetWidth(r->pages[i], (HPDF_REAL)r->doc->width);
		HPDF_Page_SetHeight(r->pages[i], (HPDF_REAL)r->doc->height);
		if (r->doc->has_print_boxes)
			add_print_boxes(r, r->pages[i]);
	}
	for (size_t i = 0; i < r->doc->npages; i++) {
		grow_object_list(r);
		draw_page(r, i);
		finish_page(r, r->pages[i]);
		if (r->opt->release_pages) {
			dl_page *p = &r->owned->pages[i];
			free(p->items);
			p->items = NULL;
			p->nitems = p->cap = 0;
		}
	}
	if (r->opt->tagged)
		write_structure(r);
	add_outline(r);
	set_info(r);
	if (r->opt->pdfa) {
		HPDF_SetInfoAttr(r->pdf, HPDF_INFO_PRODUCER, PRODUCER);
		add_xmp(r);
		if (!add_output_intent(r))
			return 1;
		add_file_id(r);
	}
	/* The catalog's /Lang, the XMP metadata and the output intent are PDF
	 * 1.4, which is also what PDF/A-1 is built on; libharu would say 1.3.
	 * Tagged files use 1.5's /Tabs and claim PDF/A-2 and PDF/UA-1, which are
	 * built on PDF 1.7. */
	r->pdf->pdf_version = r->opt->tagged ? HPDF_VER_17 : HPDF_VER_14;
	deflate_font_streams(r);
	HPDF_SaveToStream(r->pdf);
	if (r->opt->tagged)
		write_structure_text(r, (uint32_t)r->pdf->xref->entries->count);
	HPDF_UINT32 size = HPDF_GetStreamSize(r->pdf);
	unsigned char *data = xmalloc(size ? size : 1);
	HPDF_UINT32 got = size;
	HPDF_ReadFromStream(r->pdf, data, &got);
	if (got != size) {
		free(data);
		return 1;
	}
	*out = data;
	*len = size;
	return 0;
}

pdf_profile_info pdf_profile(int pdfa, int tagged)
{
	pdf_profile_info p = { 0, NULL, tagged ? PDF_TAGGED : 0 };
	if (pdfa) {
		p.pdfa_part = tagged ? PDF_PDFA_PART : PDF_PDFA_UNTAGGED_PART;
		p.conformance = tagged ? PDF_PDFA_CONFORMANCE : PDF_PDFA_UNTAGGED_CONFORMANCE;
	}
	return p;
}

int pdf_render(dl_document *doc, fontset *fs, const pdf_options *opt, const char *name,
	       unsigned char **out, size_t *len)
{
	pdf_error err = { 0 };
	renderer r = { .fs = fs, .doc = doc, .owned = doc, .opt = opt, .name = name, .err = &err };
	*out = NULL;
	*len = 0;
	if (doc->npages == 0) {
		diag(DIAG_ERROR, name, 0, 0, "nothing to typeset");
		return 1;
	}
	/* Long fields are cut here, once, so the information dictionary and the
	 * XMP metadata still agree. */
	shorten_field(&doc->title);
	shorten_field(&doc->author);
	shorten_field(&doc->subject);
	shorten_field(&doc->keywords);
	r.images = xcalloc(doc->nimages + 1, sizeof *r.images);
	r.pages = xcalloc(doc->npages, sizeof *r.pages);
	if (opt->tagged) {
		r.tags.elems = xcalloc(doc->nelems + 1, sizeof *r.tags.elems);
		r.tags.marks = xcalloc(doc->npages, sizeof *r.tags.marks);
		r.tags.nmarks = xcalloc(doc->npages, sizeof *r.tags.nmarks);
		r.tags.marks_cap = xcalloc(doc->npages, sizeof *r.tags.marks_cap);
	}
	buf_init(&r.content);
	int status = 0;
	r.pdf = HPDF_New(on_error, &err);
	if (!r.pdf) {
		diag(DIAG_FATAL, name, 0, 0, "cannot create a PDF document");
		status = 1;
	} else if (setjmp(err.jump)) {
		diag(DIAG_FATAL, name, 0, 0, "PDF library error 0x%04X (detail %u)", (unsigned)err.error,
		     (unsigned)err.detail);
		free(*out);
		*out = NULL;
		status = 1;
	} else if (render(&r, out, len)) {
		diag(DIAG_FATAL, name, 0, 0, "could not read back the finished PDF");
		status = 1;
	}
	if (r.pdf)
		HPDF_Free(r.pdf);
	/* Tagged files are PDF 1.7: their many small structure objects go
	 * into compressed object streams (render/pdfpack.h), once libharu's
	 * own copy is gone. */
	if (status == 0 && opt->tagged) {
		unsigned char *packed;
		size_t packed_len;
		char *why = NULL;
		if (pdfpack(*out, *len, r.tags.extra, r.tags.nextra, &packed, &packed_len, &why) != 0) {
			diag(DIAG_FATAL, name, 0, 0, "cannot pack the objects of the PDF libharu wrote: %s", why);
			free(why);
			status = 1;
			packed = NULL;
			packed_len = 0;
		}
		free(*out);
		*out = packed;
		*len = packed_len;
	}
	buf_free(&r.content);
	for (int f = 0; f < FACE_COUNT; f++)
		free(r.drawn[f]);
	free(r.encoder_cids);
	free(r.encoder_unicodes);
	image_free(r.loading);
	free(r.images);
	free(r.pages);
	if (opt->tagged) {
		for (size_t e = 0; e < doc->nelems; e++)
			free(r.tags.elems[e].kids);
		for (size_t p = 0; p < doc->npages; p++)
			free(r.tags.marks[p]);
		free(r.tags.elems);
		free(r.tags.marks);
		free(r.tags.nmarks);
		free(r.tags.marks_cap);
		free(r.tags.annots);
		free(r.tags.annot_elem);
		for (size_t k = 0; k < r.tags.nextra; k++)
			free((char *)r.tags.extra[k].body);
		free(r.tags.extra);
	}
	free(r.packed);
	for (size_t k = 0; k < sizeof r.deflaters / sizeof *r.deflaters; k++)
		libdeflate_free_compressor(r.deflaters[k]);
	return status;
}
