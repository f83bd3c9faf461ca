#include "typeset/font.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>
#include <hb.h>

#include "base/fsutil.h"
#include "base/util.h"

#define UNICODE_LIMIT 0x110000u
#define BLOCK_BITS 8
#define BLOCK_SIZE (1u << BLOCK_BITS)
#define BLOCK_COUNT (UNICODE_LIMIT >> BLOCK_BITS)

struct glyph_info {
	double advance; /* 1/1000 em */
	uint32_t glyph; /* 0 = missing */
};

/* The advances of 256 consecutive code points, filled all at once on first
 * use: text clusters in a few blocks, and one fill costs less than checking a
 * per-entry flag on every later lookup. */
struct advance_block {
	struct glyph_info cp[BLOCK_SIZE];
};

/* Open addressing, linear probing; an empty slot holds EMPTY_PAIR, which no
 * valid (left, right) pair produces because code points stay below 2^21. */
#define EMPTY_PAIR UINT64_MAX

struct kern_slot {
	uint64_t pair;
	double kern;
};

struct kern_cache {
	struct kern_slot *slots;
	size_t capacity; /* a power of two */
	size_t used;
};

/* Everything HarfBuzz applies by default except kern: with these off, a pair
 * is never substituted (no ligature, no contextual alternate) and no other
 * positioning feature moves it, so the result is the kern adjustment alone. */
static const char *const pair_features[] = {
	"-ccmp", "-locl", "-rlig", "-rvrn", "-liga", "-clig", "-calt", "-rclt", "-dlig", "-hlig",
	"-curs", "-dist", "-mark", "-mkmk", "-abvm", "-blwm", "+kern",
};
#define PAIR_FEATURE_COUNT (sizeof pair_features / sizeof pair_features[0])

struct font {
	char *path;
	char *family;
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *hb;
	hb_buffer_t *pair_buffer; /* reused for every kerning pair */
	hb_feature_t pair_shaping[PAIR_FEATURE_COUNT];
	hb_language_t pair_language;
	unsigned upem;
	double to_milli_em; /* 1000 / upem */
	double ascender, descender, line_gap, cap_height, x_height;
	struct advance_block **blocks; /* BLOCK_COUNT entries, NULL until used */
	struct kern_cache kerns;
	float *latin_kerns;    /* pairs of code points below 256 (a table, not a hash) ... */
	unsigned char *latin_known; /* ... with a bit per pair once it is known */
};

static int has_table(hb_face_t *face, hb_tag_t tag)
{
	hb_blob_t *table = hb_face_reference_table(face, tag);
	int present = hb_blob_get_length(table) > 0;
	hb_blob_destroy(table);
	return present;
}

static char *read_name(hb_face_t *face, hb_ot_name_id_t id)
{
	unsigned size = hb_ot_name_get_utf8(face, id, HB_LANGUAGE_INVALID, NULL, NULL);
	if (size == 0)
		return NULL;
	unsigned capacity = size + 1;
	char *text = xmalloc(capacity);
	hb_ot_name_get_utf8(face, id, HB_LANGUAGE_INVALID, &capacity, text);
	return text;
}

static double metric(const font *f, hb_ot_metrics_tag_t tag, int *found)
{
	hb_position_t value = 0;
	*found = hb_ot_metrics_get_position(f->hb, tag, &value) != 0;
	return value * f->to_milli_em;
}

/* Faces without OS/2 version 2 lack cap and x height; the outline top of a
 * representative letter is what those numbers describe anyway. */
static double glyph_top(const font *f, uint32_t cp)
{
	hb_codepoint_t glyph;
	hb_glyph_extents_t extents;
	if (!hb_font_get_nominal_glyph(f->hb, cp, &glyph) || !hb_font_get_glyph_extents(f->hb, glyph, &extents))
		return 0;
	return extents.y_bearing * f->to_milli_em;
}

static void read_vertical_metrics(font *f)
{
	int found;
	f->ascender = metric(f, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &found);
	f->descender = metric(f, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &found);
	if (f->descender > 0) /* a few old fonts store it positive */
		f->descender = -f->descender;
	f->line_gap = metric(f, HB_OT_METRICS_TAG_HORIZONTAL_LINE_GAP, &found);
	if (f->line_gap < 0)
		f->line_gap = 0;
	f->cap_height = metric(f, HB_OT_METRICS_TAG_CAP_HEIGHT, &found);
	if (!found || f->cap_height <= 0)
		f->cap_height = glyph_top(f, 'H');
	f->x_height = metric(f, HB_OT_METRICS_TAG_X_HEIGHT, &found);
	if (!found || f->x_height <= 0)
		f->x_height = glyph_top(f, 'x');
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* HarfBuzz copes with any bytes, but libharu 2.3.0 trusts the file and can
 * crash on a damaged one, so a font whose table directory points past the end
 * of the file is refused here, before anyone embeds it. Returns NULL when the
 * directory is sound, else what is wrong. */
static const char *check_table_directory(const unsigned char *data, size_t len)
{
	if (len < 12)
		return "is not a TrueType font";
	uint32_t version = be32(data);
	if (version == 0x4F54544Fu) /* 'OTTO' */
		return "has CFF outlines; only TrueType (glyf) fonts can be embedded";
	if (version == 0x74746366u) /* 'ttcf' */
		return "is a font collection; a single TrueType font (.ttf) is needed";
	if (version != 0x00010000u && version != 0x74727565u) /* 'true' */
		return "is not a TrueType font";
	size_t tables = (size_t)data[4] << 8 | data[5];
	if (tables == 0 || 12 + 16 * tables > len)
		return "is truncated or damaged (table directory)";
	for (size_t t = 0; t < tables; t++) {
		const unsigned char *record = data + 12 + 16 * t;
		uint64_t offset = be32(record + 8), length = be32(record + 12);
		if (offset + length > len)
			return "is truncated or damaged (a table ends past the end of the file)";
	}
	return NULL;
}

font *font_open(const char *path, char **err)
{
	size_t len;
	char *data;
	int e = fs_slurp(path, &data, &len);
	if (e) {
		*err = xasprintf("cannot read font '%s': %s", path, strerror(e));
		return NULL;
	}
	const char *problem = check_table_directory((const unsigned char *)data, len);
	if (!problem && len >= UINT32_C(1) << 31) /* HarfBuzz's limit for a blob */
		problem = "is too large";
	if (problem) {
		free(data);
		*err = xasprintf("font '%s' %s", path, problem);
		return NULL;
	}
	/* The blob owns data from here on and frees it with the last reference,
	 * or at once when it cannot be created. */
	hb_blob_t *blob = hb_blob_create_or_fail(data, (unsigned)len, HB_MEMORY_MODE_READONLY, data, free);
	if (!blob) {
		*err = xasprintf("cannot load font '%s'", path);
		return NULL;
	}
	hb_face_t *face = hb_face_create(blob, 0);
	unsigned upem = hb_face_get_upem(face);
	if (hb_face_get_glyph_count(face) == 0 || !has_table(face, HB_TAG('c', 'm', 'a', 'p')))
		problem = "has no glyphs or no character map";
	else if (!has_table(face, HB_TAG('g', 'l', 'y', 'f')) || !has_table(face, HB_TAG('l', 'o', 'c', 'a')))
		problem = "has no TrueType (glyf) outlines";
	else if (!has_table(face, HB_TAG('h', 'm', 't', 'x')) || !has_table(face, HB_TAG('h', 'h', 'e', 'a')))
		problem = "has no horizontal metrics";
	else if (upem < 16 || upem > 16384)
		problem = "has an invalid unitsPerEm";
	if (problem) {
		hb_face_destroy(face);
		hb_blob_destroy(blob);
		*err = xasprintf("font '%s' %s", path, problem);
		return NULL;
	}

	font *f = xcalloc(1, sizeof *f);
	f->path = xstrdup(path);
	f->blob = blob;
	f->face = face;
	f->hb = hb_font_create(face); /* scale defaults to upem: values in font units */
	f->upem = upem;
	f->to_milli_em = 1000.0 / upem;
	f->family = read_name(face, HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY);
	if (!f->family)
		f->family = read_name(face, HB_OT_NAME_ID_FONT_FAMILY);
	if (!f->family)
		f->family = xstrdup("");
	read_vertical_metrics(f);
	f->blocks = xcalloc(BLOCK_COUNT, sizeof *f->blocks);
	f->pair_buffer = hb_buffer_create();
	hb_buffer_set_flags(f->pair_buffer, HB_BUFFER_FLAG_PRESERVE_DEFAULT_IGNORABLES);
	for (size_t i = 0; i < PAIR_FEATURE_COUNT; i++)
		hb_feature_from_string(pair_features[i], -1, &f->pair_shaping[i]);
	/* A fixed language keeps kerning independent of the process locale
	 * (HarfBuzz would otherwise guess it from LANG). */
	f->pair_language = hb_language_from_string("und", -1);
	f->kerns.capacity = 1024;
	f->kerns.slots = xmalloc(f->kerns.capacity * sizeof *f->kerns.slots);
	for (size_t i = 0; i < f->kerns.capacity; i++)
		f->kerns.slots[i].pair = EMPTY_PAIR;
	return f;
}

void font_close(font *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < BLOCK_COUNT; i++)
		free(f->blocks[i]);
	free(f->blocks);
	free(f->kerns.slots);
	free(f->latin_kerns);
	free(f->latin_known);
	hb_buffer_destroy(f->pair_buffer);
	hb_font_destroy(f->hb);
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	free(f->family);
	free(f->path);
	free(f);
}

const char *font_path(const font *f) { return f->path; }
const char *font_family(const font *f) { return f->family; }
double font_ascender(const font *f) { return f->ascender; }
double font_descender(const font *f) { return f->descender; }
double font_line_gap(const font *f) { return f->line_gap; }
double font_cap_height(const font *f) { return f->cap_height; }
double font_x_height(const font *f) { return f->x_height; }
unsigned font_units_per_em(const font *f) { return f->upem; }

static struct advance_block *fill_block(font *f, uint32_t block_index)
{
	struct advance_block *block = xmalloc(sizeof *block);
	uint32_t first = block_index << BLOCK_BITS;
	for (uint32_t k = 0; k < BLOCK_SIZE; k++) {
		hb_codepoint_t glyph = 0;
		struct glyph_info *info = &block->cp[k];
		if (hb_font_get_nominal_glyph(f->hb, first + k, &glyph) && glyph != 0) {
			info->glyph = glyph;
			info->advance = hb_font_get_glyph_h_advance(f->hb, glyph) * f->to_milli_em;
		} else {
			info->glyph = 0;
			info->advance = 0;
		}
	}
	f->blocks[block_index] = block;
	return block;
}

static const struct glyph_info missing_glyph = {0, 0};

static inline const struct glyph_info *lookup(font *f, uint32_t cp)
{
	if (cp >= UNICODE_LIMIT)
		return &missing_glyph;
	struct advance_block *block = f->blocks[cp >> BLOCK_BITS];
	if (!block)
		block = fill_block(f, cp >> BLOCK_BITS);
	return &block->cp[cp & (BLOCK_SIZE - 1)];
}

int font_has_glyph(const font *f, uint32_t cp)
{
	if (cp >= UNICODE_LIMIT)
		return 0;
	const struct advance_block *block = f->blocks[cp >> BLOCK_BITS];
	if (block)
		return block->cp[cp & (BLOCK_SIZE - 1)].glyph != 0;
	hb_codepoint_t glyph = 0;
	return hb_font_get_nominal_glyph(f->hb, cp, &glyph) && glyph != 0;
}

double font_advance(font *f, uint32_t cp) { return lookup(f, cp)->advance; }

double font_space(font *f) { return lookup(f, ' ')->advance; }

/* Shapes the pair with nothing but kerning and returns how much the pair's
 * total advance differs from the two nominal advances. If HarfBuzz still
 * changed the glyphs (a face whose GSUB we could not switch off), the
 * difference would not be kerning, so the pair counts as unkerned. */
static double shape_pair(font *f, uint32_t left, const struct glyph_info *l, uint32_t right,
                         const struct glyph_info *r)
{
	hb_buffer_t *b = f->pair_buffer;
	hb_buffer_clear_contents(b);
	hb_codepoint_t text[2] = {left, right};
	hb_buffer_add_codepoints(b, text, 2, 0, 2);
	hb_buffer_set_direction(b, HB_DIRECTION_LTR);
	hb_buffer_set_language(b, f->pair_language);
	hb_buffer_guess_segment_properties(b);
	hb_shape(f->hb, b, f->pair_shaping, PAIR_FEATURE_COUNT);

	unsigned count = 0;
	hb_glyph_info_t *infos = hb_buffer_get_glyph_infos(b, &count);
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &count);
	if (count != 2 || infos[0].codepoint != l->glyph || infos[1].codepoint != r->glyph)
		return 0;
	double shaped = (pos[0].x_advance + pos[1].x_advance) * f->to_milli_em;
	return shaped - l->advance - r->advance;
}

static inline size_t pair_hash(uint64_t pair, size_t mask)
{
	return (size_t)((pair * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & mask;
}

static void grow_kern_cache(struct kern_cache *c)
{
	size_t capacity = c->capacity * 2;
	struct kern_slot *slots = xreallocarray(NULL, capacity, sizeof *slots);
	for (size_t i = 0; i < capacity; i++)
		slots[i].pair = EMPTY_PAIR;
	size_t mask = capacity - 1;
	for (size_t i = 0; i < c->capacity; i++) {
		if (c->slots[i].pair == EMPTY_PAIR)
			continue;
		size_t j = pair_hash(c->slots[i].pair, mask);
		while (slots[j].pair != EMPTY_PAIR)
			j = (j + 1) & mask;
		slots[j] = c->slots[i];
	}
	free(c->slots);
	c->slots = slots;
	c->capacity = capacity;
}

static double kern_lookup_hashed(font *f, uint32_t left, const struct glyph_info *l, uint32_t right,
				 const struct glyph_info *r);

/* Most pairs in running text are Latin-1: those are kept in a flat table,
 * filled as pairs are met. */
static double kern_lookup(font *f, uint32_t left, const struct glyph_info *l, uint32_t right,
                          const struct glyph_info *r)
{
	if (l->glyph == 0 || r->glyph == 0)
		return 0;
	if (left < 256 && right < 256) {
		if (!f->latin_kerns) {
			/* calloc: untouched parts of the table cost nothing. */
			f->latin_kerns = xcalloc(256 * 256, sizeof *f->latin_kerns);
			f->latin_known = xcalloc(256 * 256 / 8, 1);
		}
		uint32_t at = left << 8 | right;
		if (!(f->latin_known[at >> 3] & (1u << (at & 7)))) {
			f->latin_kerns[at] = (float)kern_lookup_hashed(f, left, l, right, r);
			f->latin_known[at >> 3] |= (unsigned char)(1u << (at & 7));
		}
		return f->latin_kerns[at];
	}
	return kern_lookup_hashed(f, left, l, right, r);
}

static double kern_lookup_hashed(font *f, uint32_t left, const struct glyph_info *l, uint32_t right,
				 const struct glyph_info *r)
{
	uint64_t pair = (uint64_t)left << 32 | right;
	struct kern_cache *c = &f->kerns;
	size_t mask = c->capacity - 1;
	size_t i = pair_hash(pair, mask);
	while (c->slots[i].pair != EMPTY_PAIR) {
		if (c->slots[i].pair == pair)
			return c->slots[i].kern;
		i = (i + 1) & mask;
	}
	double kern = shape_pair(f, left, l, right, r);
	if ((c->used + 1) * 2 > c->capacity) {
		grow_kern_cache(c);
		mask = c->capacity - 1;
		i = pair_hash(pair, mask);
		while (c->slots[i].pair != EMPTY_PAIR)
			i = (i + 1) & mask;
	}
	c->slots[i].pair = pair;
	c->slots[i].kern = kern;
	c->used++;
	return kern;
}

double font_kern(font *f, uint32_t left, uint32_t right)
{
	const struct glyph_info *l = lookup(f, left);
	const struct glyph_info *r = lookup(f, right);
	return kern_lookup(f, left, l, right, r);
}

double font_step(font *f, uint32_t prev, uint32_t cp)
{
	const struct glyph_info *r = lookup(f, cp);
	if (!prev)
		return r->advance;
	return r->advance + kern_lookup(f, prev, lookup(f, prev), cp, r);
}

double font_width(font *f, const char *utf8, size_t len)
{
	double width = 0;
	size_t i = 0;
	uint32_t prev = 0;
	const struct glyph_info *prev_info = NULL;
	while (i < len) {
		uint32_t cp = font_utf8_next(utf8, len, &i);
		const struct glyph_info *info = lookup(f, cp);
		width += info->advance;
		if (prev_info)
			width += kern_lookup(f, prev, prev_info, cp, info);
		prev = cp;
		prev_info = info;
	}
	return width;
}

uint32_t font_utf8_next(const char *s, size_t len, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t at = *i;
	unsigned char lead = p[at];
	if (lead < 0x80) {
		*i = at + 1;
		return lead;
	}
	/* Well-formed sequences per Unicode Table 3-7: the second byte's range
	 * depends on the lead (this excludes overlongs, surrogates and values
	 * above U+10FFFF); later bytes are plain continuation bytes. */
	unsigned need;
	unsigned char second_lo = 0x80, second_hi = 0xBF;
	uint32_t cp;
	if (lead >= 0xC2 && lead <= 0xDF) {
		need = 1;
		cp = lead & 0x1F;
	} else if (lead >= 0xE0 && lead <= 0xEF) {
		need = 2;
		cp = lead & 0x0F;
		if (lead == 0xE0)
			second_lo = 0xA0;
		else if (lead == 0xED)
			second_hi = 0x9F;
	} else if (lead >= 0xF0 && lead <= 0xF4) {
		need = 3;
		cp = lead & 0x07;
		if (lead == 0xF0)
			second_lo = 0x90;
		else if (lead == 0xF4)
			second_hi = 0x8F;
	} else {
		*i = at + 1;
		return 0xFFFD;
	}
	size_t next = at + 1;
	for (unsigned k = 0; k < need; k++, next++) {
		unsigned char lo = k == 0 ? second_lo : 0x80;
		unsigned char hi = k == 0 ? second_hi : 0xBF;
		if (next >= len || p[next] < lo || p[next] > hi) {
			/* Maximal subpart: the valid prefix read so far is one error. */
			*i = next;
			return 0xFFFD;
		}
		cp = cp << 6 | (p[next] & 0x3F);
	}
	*i = next;
	return cp;
}
