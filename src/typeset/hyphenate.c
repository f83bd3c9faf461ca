/* hyphenate: libhyphen over Debian's pattern files, with the word handling a
 * typesetter needs around it (punctuation, explicit and soft hyphens, case,
 * byte offsets into the caller's UTF-8).
 *
 * The patterns come from the tables compiled into the program
 * (typeset/hyphtable) when the file is the one compiled, else from the file
 * itself (typeset/patterns, always as UTF-8).
 */
#include "typeset/hyphenate.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <hyphen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/util.h"
#include "typeset/compounds.h"
#include "typeset/hyphtable.h"
#include "typeset/patterns.h"

#define PATTERN_DIR HYPH_PATTERN_DIR
#define SOFT_HYPHEN 0x00AD

/* Words repeat: the answers for words already seen are kept. */
typedef struct {
	char *word;            /* NULL: empty slot */
	size_t len;
	size_t *points;
	hyph_kind *kinds;
	size_t n;
} cache_entry;

/* Powers of two. The table starts small and doubles when half full (a
 * one-page exercise has a few hundred words: a table of the largest size
 * would be 640 KB of pages to fault in); at the largest size, half full, it
 * starts over. */
#define CACHE_FIRST_SLOTS 512
#define CACHE_MAX_SLOTS 16384

struct hyphenator {
	char *path;            /* the pattern file */
	HyphenDict *dict;      /* loaded on first use */
	int dict_compiled;     /* dict comes from hyph_table_dict */
	int load_failed;
	int left_min, right_min;
	int finds_joints;      /* Swedish: compounds' joints are looked up */
	cache_entry *cache;
	size_t slots, cached;
};

static uint64_t hash_word(const char *w, size_t len)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)w[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void cache_clear(hyphenator *h)
{
	for (size_t i = 0; i < h->slots; i++) {
		free(h->cache[i].word);
		free(h->cache[i].points);
		free(h->cache[i].kinds);
	}
	free(h->cache);
	h->cache = NULL;
	h->slots = 0;
	h->cached = 0;
}

static cache_entry *cache_slot(hyphenator *h, const char *word, size_t len)
{
	if (!h->cache) {
		h->slots = CACHE_FIRST_SLOTS;
		h->cache = xcalloc(h->slots, sizeof *h->cache);
	}
	size_t i = (size_t)hash_word(word, len) & (h->slots - 1);
	while (h->cache[i].word && (h->cache[i].len != len || memcmp(h->cache[i].word, word, len) != 0))
		i = (i + 1) & (h->slots - 1);
	return &h->cache[i];
}

/* Room for one more word: the table doubles, or starts over at its largest. */
static void cache_make_room(hyphenator *h)
{
	if (h->cached < h->slots / 2)
		return;
	if (h->slots >= CACHE_MAX_SLOTS) {
		cache_clear(h);
		return;
	}
	cache_entry *old = h->cache;
	size_t old_slots = h->slots;
	h->slots *= 2;
	h->cache = xcalloc(h->slots, sizeof *h->cache);
	for (size_t i = 0; i < old_slots; i++)
		if (old[i].word)
			*cache_slot(h, old[i].word, old[i].len) = old[i];
	free(old);
}

static size_t copy_result(const cache_entry *e, size_t **points, hyph_kind **kinds)
{
	*points = NULL;
	if (kinds)
		*kinds = NULL;
	if (!e->n)
		return 0;
	*points = xreallocarray(NULL, e->n, sizeof **points);
	memcpy(*points, e->points, e->n * sizeof **points);
	if (kinds) {
		*kinds = xreallocarray(NULL, e->n, sizeof **kinds);
		memcpy(*kinds, e->kinds, e->n * sizeof **kinds);
	}
	return e->n;
}

/* ---- UTF-8 and characters ---- */

typedef struct {
	uint32_t cp;
	size_t offset; /* byte offset in the caller's word */
} wchar_at;

/* Decodes one code point; returns its length in bytes, 0 if s does not start
 * with a valid, shortest-form UTF-8 sequence. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t need;
	uint32_t c, min;
	if ((s[0] & 0xE0) == 0xC0) {
		need = 2, c = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		need = 3, c = s[0] & 0x0F, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		need = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return need;
}

static void utf8_append(buf *b, uint32_t c)
{
	unsigned char out[4];
	size_t n;
	if (c < 0x80) {
		out[0] = (unsigned char)c;
		n = 1;
	} else if (c < 0x800) {
		out[0] = (unsigned char)(0xC0 | (c >> 6));
		out[1] = (unsigned char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		out[0] = (unsigned char)(0xE0 | (c >> 12));
		out[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		out[0] = (unsigned char)(0xF0 | (c >> 18));
		out[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
		out[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		out[3] = (unsigned char)(0x80 | (c & 0x3F));
		n = 4;
	}
	buf_append(b, out, n);
}

/* Lower case for the scripts Debian has patterns for in Europe: Latin
 * (Basic, Latin-1, Extended-A, Vietnamese), Greek and Cyrillic. The C
 * library's towlower depends on the locale, which a batch tool must not. */
static uint32_t to_lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c == 0x130) /* capital I with dot: plain i, the dot is the default */
		return 'i';
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return c % 2 == 0 ? c + 1 : c;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return c % 2 == 1 ? c + 1 : c;
	if (c == 0x178)
		return 0xFF;
	if ((c >= 0x1E00 && c <= 0x1E95) || (c >= 0x1EA0 && c <= 0x1EFF))
		return c % 2 == 0 ? c + 1 : c;
	if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
		return c + 32;
	if (c == 0x386)
		return 0x3AC;
	if (c >= 0x388 && c <= 0x38A)
		return c + 37;
	if (c == 0x38C)
		return 0x3CC;
	if (c == 0x38E || c == 0x38F)
		return c + 63;
	if (c >= 0x410 && c <= 0x42F)
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	return c;
}

static int is_combining(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
	       (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

/* Punctuation that may surround a word in running text. */
static int is_edge_punctuation(uint32_t c)
{
	if (c < 0x80)
		return c != 0 && strchr(" !\"'(),.:;?[]{}*-`", (int)c) != NULL;
	return c == 0xA0 || c == 0xA1 || c == 0xAB || c == 0xBB || c == 0xBF || (c >= 0x2010 && c <= 0x2015) ||
	       (c >= 0x2018 && c <= 0x201F) || c == 0x2026 || c == 0x2039 || c == 0x203A;
}

/* Inside a word these mark something that is not prose: a number, an
 * address, a path, code or an abbreviation. */
static int forbids_hyphenation(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c != 0 && c < 0x80 && strchr("@/\\_:.=&#%~+<>|", (int)c) != NULL);
}

/* Characters that join the parts of a compound. */
static int is_joining_hyphen(uint32_t c)
{
	return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013 || c == 0x2014;
}

/* U+2011 is the non-breaking hyphen: it joins without offering a break. */
static int breaks_after(uint32_t c)
{
	return is_joining_hyphen(c) && c != 0x2011;
}

static int is_letter(uint32_t c)
{
	if (c < 0x80)
		return isalpha((int)c);
	return c >= 0xC0 && c != 0xD7 && c != 0xF7 && !is_combining(c) && !is_edge_punctuation(c) &&
	       !(c >= 0x2000 && c <= 0x2BFF);
}

/* ---- opening pattern files ---- */

/* The patterns of a file: from the table compiled into the program when the
 * file is the one compiled (no parsing), else parsed by libhyphen, which
 * takes about 10 ms for a large file; so this happens when the first word
 * needs hyphenating, not when the file is named. */
static HyphenDict *load_patterns(const char *path, int *compiled, char **err)
{
	*err = NULL;
	size_t len;
	char *raw;
	int e = fs_slurp(path, &raw, &len);
	if (e) {
		*err = xasprintf("cannot read hyphenation patterns %s: %s", path, strerror(e));
		return NULL;
	}
	HyphenDict *dict = hyph_table_dict(raw, len);
	*compiled = dict != NULL;
	if (!dict)
		dict = patterns_parse(path, raw, len, err);
	free(raw);
	if (!dict)
		return NULL;
	/* hnj_hyphen_hyphenate3 uses the larger of these and its arguments; zero
	 * them so that hyph_set_min decides. */
	dict->lhmin = dict->rhmin = dict->clhmin = dict->crhmin = 0;
	return dict;
}

hyphenator *hyph_open_file(const char *path, char **err)
{
	*err = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		*err = xasprintf("cannot open hyphenation patterns %s: %s", path, strerror(errno));
		return NULL;
	}
	/* The charset line is checked now, so a wrong file is reported at once. */
	char first[64] = "";
	int ok = fgets(first, sizeof first, f) != NULL && first[0] != '\n' && first[0] != '\0';
	fclose(f);
	size_t n = strlen(first);
	while (n > 0 && isspace((unsigned char)first[n - 1]))
		first[--n] = '\0';
	if (!ok || !n) {
		*err = xasprintf("%s is not a hyphenation pattern file (no charset line or no patterns)", path);
		return NULL;
	}
	if (!patterns_charset_supported(first)) {
		*err = xasprintf("cannot convert hyphenation patterns %s from charset %s", path, first);
		return NULL;
	}
	hyphenator *h = xcalloc(1, sizeof *h);
	h->path = xstrdup(path);
	h->left_min = 2;
	h->right_min = 3;
	return h;
}

/* The patterns, loaded on first use; NULL (reported once) if they fail. */
static HyphenDict *patterns(hyphenator *h)
{
	if (!h->dict && !h->load_failed) {
		char *err = NULL;
		h->dict = load_patterns(h->path, &h->dict_compiled, &err);
		if (!h->dict) {
			h->load_failed = 1;
			diag(DIAG_WARNING, NULL, 0, 0, "no hyphenation: %s", err ? err : h->path);
		}
		free(err);
	}
	return h->dict;
}

static int file_readable(const char *path)
{
	return access(path, R_OK) == 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The alphabetically first hyph_<language>_*.dic in the pattern directory,
 * or NULL. Caller frees. */
static char *any_region_file(const char *language)
{
	DIR *dir = opendir(PATTERN_DIR);
	if (!dir)
		return NULL;
	char *prefix = xasprintf("hyph_%s_", language);
	size_t prefix_len = strlen(prefix);
	char **names = NULL;
	size_t count = 0;
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		size_t len = strlen(entry->d_name);
		if (len > prefix_len + 4 && strncmp(entry->d_name, prefix, prefix_len) == 0 &&
		    strcmp(entry->d_name + len - 4, ".dic") == 0) {
			names = xreallocarray(names, count + 1, sizeof *names);
			names[count++] = xstrdup(entry->d_name);
		}
	}
	closedir(dir);
	free(prefix);
	char *found = NULL;
	if (count > 0) {
		qsort(names, count, sizeof *names, compare_names);
		found = xasprintf("%s/%s", PATTERN_DIR, names[0]);
	}
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return found;
}

static const char *usual_region(const char *language)
{
	static const char *const table[][2] = {
		{"sv", "SE"}, {"en", "US"}, {"de", "DE"}, {"da", "DK"}, {"nb", "NO"}, {"nn", "NO"}, {"fi", "FI"},
		{"fr", "FR"}, {"es", "ES"}, {"it", "IT"}, {"pt", "PT"}, {"nl", "NL"}, {"pl", "PL"}, {"ru", "RU"},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i][0], language) == 0)
			return table[i][1];
	return NULL;
}

hyphenator *hyph_open(const char *lang, char **err)
{
	*err = NULL;
	if (!lang)
		lang = "";
	/* The tag becomes part of a path: letters, digits and separators only. */
	size_t tag_len = strlen(lang);
	int valid = tag_len > 0 && tag_len <= 35;
	for (size_t i = 0; valid && i < tag_len; i++)
		valid = isalnum((unsigned char)lang[i]) || lang[i] == '-' || lang[i] == '_';
	size_t primary_len = strcspn(lang, "-_");
	for (size_t i = 0; valid && i < primary_len; i++)
		valid = isalpha((unsigned char)lang[i]);
	if (!valid || primary_len < 2 || primary_len > 3) {
		*err = xasprintf("invalid language tag \"%s\" for hyphenation", lang);
		return NULL;
	}

	char language[4] = {0};
	for (size_t i = 0; i < primary_len; i++)
		language[i] = (char)tolower((unsigned char)lang[i]);
	/* The region is the first later subtag of two letters (a four-letter
	 * script subtag such as "Latn" is skipped). */
	char region[3] = {0};
	for (const char *p = lang + primary_len; *p;) {
		p++;
		size_t sub_len = strcspn(p, "-_");
		if (sub_len == 2 && isalpha((unsigned char)p[0]) && isalpha((unsigned char)p[1])) {
			region[0] = (char)toupper((unsigned char)p[0]);
			region[1] = (char)toupper((unsigned char)p[1]);
			break;
		}
		p += sub_len;
	}

	char *candidates[3] = {NULL, NULL, NULL};
	size_t n_candidates = 0;
	if (region[0])
		candidates[n_candidates++] = xasprintf("%s/hyph_%s_%s.dic", PATTERN_DIR, language, region);
	candidates[n_candidates++] = xasprintf("%s/hyph_%s.dic", PATTERN_DIR, language);
	const char *usual = usual_region(language);
	if (usual && strcmp(usual, region) != 0)
		candidates[n_candidates++] = xasprintf("%s/hyph_%s_%s.dic", PATTERN_DIR, language, usual);

	char *chosen = NULL;
	for (size_t i = 0; i < n_candidates && !chosen; i++)
		if (file_readable(candidates[i]))
			chosen = xstrdup(candidates[i]);
	for (size_t i = 0; i < n_candidates; i++)
		free(candidates[i]);
	if (!chosen)
		chosen = any_region_file(language);
	if (!chosen) {
		*err = xasprintf("no hyphenation patterns for language \"%s\" (looked for %s/hyph_%s*.dic; "
		                 "Debian packages them as hyphen-%s)",
		                 lang, PATTERN_DIR, language, language);
		return NULL;
	}
	hyphenator *h = hyph_open_file(chosen, err);
	free(chosen);
	if (h)
		h->finds_joints = strcmp(language, "sv") == 0 && compound_lexicon_words() > 0;
	return h;
}

void hyph_close(hyphenator *h)
{
	if (!h)
		return;
	cache_clear(h);
	if (h->dict && h->dict_compiled)
		hyph_table_free(h->dict);
	else if (h->dict)
		hnj_hyphen_free(h->dict);
	free(h->path);
	free(h);
}

void hyph_set_min(hyphenator *h, int left_chars, int right_chars)
{
	cache_clear(h);
	h->left_min = left_chars < 1 ? 1 : left_chars;
	h->right_min = right_chars < 1 ? 1 : right_chars;
}

/* ---- finding points ---- */

typedef struct {
	size_t *points;
	hyph_kind *kinds;
	size_t count, cap;
} found_points;

static void add_point(found_points *f, size_t offset, hyph_kind kind)
{
	if (f->count == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 8;
		f->points = xreallocarray(f->points, f->cap, sizeof *f->points);
		f->kinds = xreallocarray(f->kinds, f->cap, sizeof *f->kinds);
	}
	f->points[f->count] = offset;
	f->kinds[f->count] = kind;
	f->count++;
}

static void free_nonstandard(char **rep, int *pos, int *cut, size_t entries)
{
	if (rep)
		for (size_t i = 0; i < entries; i++)
			free(rep[i]);
	free(rep);
	free(pos);
	free(cut);
}

/* Pattern points of chars[from..to), one part of the word between joining
 * hyphens. */
static void add_pattern_points(hyphenator *h, const wchar_at *chars, size_t from, size_t to, found_points *f)
{
	size_t length = to - from;
	size_t left = (size_t)h->left_min, right = (size_t)h->right_min;
	if (length < left + right)
		return;
	size_t letters = 0, capitals = 0;
	for (size_t i = from; i < to; i++) {
		letters += is_letter(chars[i].cp) != 0;
		capitals += to_lower(chars[i].cp) != chars[i].cp;
	}
	if (length <= 4 && capitals > 0 && capitals == letters)
		return;
	HyphenDict *dict = patterns(h);
	if (!dict)
		return;

	buf lower;
	buf_init(&lower);
	/* joint_at[i]: character i of the part starts a compound's part. */
	unsigned char joint_at[COMPOUND_MAX_CHARS + 1] = {0};
	size_t lower_at[COMPOUND_MAX_CHARS + 1];
	int compound = 0;
	for (size_t i = from; i < to; i++) {
		if (i - from <= COMPOUND_MAX_CHARS)
			lower_at[i - from] = lower.len;
		utf8_append(&lower, to_lower(chars[i].cp));
	}
	if (lower.len > INT_MAX / 2) {
		buf_free(&lower);
		return;
	}
	if (h->finds_joints && length <= COMPOUND_MAX_CHARS) {
		size_t joints[COMPOUND_MAX_JOINTS];
		size_t n = compound_joints(lower.data, lower.len, joints);
		compound = n > 0;
		/* Byte offsets in the lower-cased part back to characters. */
		for (size_t i = 0, next = 0; i < length && next < n; i++)
			if (lower_at[i] == joints[next]) {
				joint_at[i] = 1;
				next++;
			}
	}
	/* libhyphen writes up to word_size + 5 bytes of hyphenation digits. */
	char *digits = xcalloc(lower.len + 5, 1);
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	int failed = hnj_hyphen_hyphenate3(dict, lower.data, (int)lower.len, digits, NULL, &rep, &pos, &cut,
	                                   h->left_min, h->right_min, h->left_min, h->right_min);
	/* With a UTF-8 dictionary the digits are indexed by code point: an odd
	 * digit after character i allows a break before character i + 1. */
	for (size_t i = left; !failed && i + right <= length; i++) {
		int odd = (digits[i - 1] & 1) != 0;
		int nonstandard = rep && rep[i - 1];
		if (is_combining(chars[from + i].cp))
			continue;
		if (compound && joint_at[i])
			add_point(f, chars[from + i].offset, HYPH_JOINT);
		else if (odd && !nonstandard)
			add_point(f, chars[from + i].offset, compound ? HYPH_WITHIN_PART : HYPH_ADD_HYPHEN);
	}
	free_nonstandard(rep, pos, cut, lower.len);
	free(digits);
	buf_free(&lower);
}

static size_t compute_points(hyphenator *h, const char *word, size_t len, size_t **points, hyph_kind **kinds);

/* The cache entry for word, computed on first sight; NULL for no word. */
static const cache_entry *lookup(hyphenator *h, const char *word, size_t len)
{
	if (!h || !word || len == 0)
		return NULL;
	cache_entry *e = cache_slot(h, word, len);
	if (e->word)
		return e;
	if (h->cached >= h->slots / 2) {
		cache_make_room(h);
		e = cache_slot(h, word, len);
	}
	size_t *p = NULL;
	hyph_kind *k = NULL;
	size_t n = compute_points(h, word, len, &p, &k);
	e->word = xstrndup(word, len);
	e->len = len;
	e->points = p;
	e->kinds = k;
	e->n = n;
	h->cached++;
	return e;
}

size_t hyph_points(hyphenator *h, const char *word, size_t len, size_t **points, hyph_kind **kinds)
{
	*points = NULL;
	if (kinds)
		*kinds = NULL;
	const cache_entry *e = lookup(h, word, len);
	return e ? copy_result(e, points, kinds) : 0;
}

size_t hyph_points_view(hyphenator *h, const char *word, size_t len, const size_t **points,
			const hyph_kind **kinds)
{
	const cache_entry *e = lookup(h, word, len);
	*points = e ? e->points : NULL;
	*kinds = e ? e->kinds : NULL;
	return e ? e->n : 0;
}

static size_t compute_points(hyphenator *h, const char *word, size_t len, size_t **points, hyph_kind **kinds)
{
	*points = NULL;
	*kinds = NULL;

	wchar_at *chars = xreallocarray(NULL, len, sizeof *chars);
	size_t n = 0;
	for (size_t at = 0; at < len;) {
		uint32_t cp;
		size_t step = utf8_decode((const unsigned char *)word + at, len - at, &cp);
		if (step == 0) {
			free(chars);
			return 0;
		}
		chars[n].cp = cp;
		chars[n].offset = at;
		n++;
		at += step;
	}

	size_t first = 0, last = n;
	while (first < last && is_edge_punctuation(chars[first].cp))
		first++;
	while (last > first && is_edge_punctuation(chars[last - 1].cp))
		last--;
	int has_soft_hyphen = 0;
	for (size_t i = first; i < last; i++) {
		if (forbids_hyphenation(chars[i].cp)) {
			free(chars);
			return 0;
		}
		has_soft_hyphen |= chars[i].cp == SOFT_HYPHEN;
	}

	found_points f = {NULL, NULL, 0, 0};
	size_t part_start = first;
	for (size_t i = first; i <= last; i++) {
		int at_end = i == last;
		uint32_t c = at_end ? 0 : chars[i].cp;
		/* A break needs word material on both sides. */
		int inner = !at_end && i > first && i + 1 < last;
		if (!at_end && !is_joining_hyphen(c)) {
			if (c == SOFT_HYPHEN && inner && is_letter(chars[i - 1].cp) && is_letter(chars[i + 1].cp))
				add_point(&f, chars[i + 1].offset, HYPH_ADD_HYPHEN);
			continue;
		}
		if (!has_soft_hyphen)
			add_pattern_points(h, chars, part_start, i, &f);
		if (!at_end && breaks_after(c) && inner && is_letter(chars[i - 1].cp) && is_letter(chars[i + 1].cp))
			add_point(&f, chars[i + 1].offset, HYPH_EXPLICIT);
		part_start = i + 1;
	}
	free(chars);

	*points = f.points;
	if (kinds)
		*kinds = f.kinds;
	else
		free(f.kinds);
	return f.count;
}

typedef struct {
	char *lang;
	hyphenator *h;         /* NULL when the language has no patterns */
} library_entry;

struct hyph_library {
	library_entry *entries;
	size_t n;
	size_t holders;
};

hyph_library *hyph_library_new(void)
{
	hyph_library *lib = xcalloc(1, sizeof(hyph_library));
	lib->holders = 1;
	return lib;
}

hyph_library *hyph_library_share(hyph_library *lib)
{
	lib->holders++;
	return lib;
}

void hyph_library_free(hyph_library *lib)
{
	if (!lib || --lib->holders > 0)
		return;
	for (size_t i = 0; i < lib->n; i++) {
		free(lib->entries[i].lang);
		hyph_close(lib->entries[i].h);
	}
	free(lib->entries);
	free(lib);
}

hyphenator *hyph_library_get(hyph_library *lib, const char *lang)
{
	if (!lang)
		return NULL;
	for (size_t i = 0; i < lib->n; i++)
		if (strcmp(lib->entries[i].lang, lang) == 0)
			return lib->entries[i].h;
	char *err = NULL;
	hyphenator *h = hyph_open(lang, &err);
	if (!h) {
		diag(DIAG_WARNING, NULL, 0, 0, "no hyphenation for '%s': %s", lang, err ? err : "unknown error");
		free(err);
	} else {
		/* Swedish and English print practice: two letters at least on each side. */
		hyph_set_min(h, 2, 2);
	}
	lib->entries = xreallocarray(lib->entries, lib->n + 1, sizeof *lib->entries);
	lib->entries[lib->n++] = (library_entry){ xstrdup(lang), h };
	return h;
}

void hyph_library_preload(hyph_library *lib, const char *lang)
{
	hyphenator *h = hyph_library_get(lib, lang);
	if (h)
		patterns(h);
}
