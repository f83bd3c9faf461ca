#include "material/frontmatter.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/utf8.h"
#include "base/util.h"

/* ---- splitting ---------------------------------------------------------- */

/* Length of the line starting at text[i], without its line end. */
static size_t line_length(const char *text, size_t len, size_t i)
{
	size_t j = i;
	while (j < len && text[j] != '\n')
		j++;
	if (j > i && text[j - 1] == '\r')
		j--;
	return j - i;
}

static size_t next_line(const char *text, size_t len, size_t i)
{
	while (i < len && text[i] != '\n')
		i++;
	return i < len ? i + 1 : len;
}

static int is_fence(const char *text, size_t len, size_t i, const char *fence)
{
	size_t n = line_length(text, len, i);
	size_t f = strlen(fence);
	/* Trailing blanks after the fence are harmless; anything else is not a fence. */
	if (n < f || memcmp(text + i, fence, f) != 0)
		return 0;
	for (size_t k = f; k < n; k++)
		if (text[i + k] != ' ' && text[i + k] != '\t')
			return 0;
	return 1;
}

/* Line and column (in characters) of text[at]. */
static void position_of(const char *text, size_t at, unsigned *line, unsigned *col)
{
	*line = *col = 1;
	for (size_t i = 0; i < at; i++) {
		if (text[i] == '\n') {
			++*line;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			++*col;
		}
	}
}

int fm_check_text(const char *text, size_t len, const char *file)
{
	unsigned line, col;
	size_t valid = utf8_valid_prefix(text, len);
	if (valid != len) {
		position_of(text, valid, &line, &col);
		diag(DIAG_ERROR, file, line, col, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
		     (unsigned char)text[valid]);
		return 0;
	}
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		position_of(text, (size_t)(nul - text), &line, &col);
		diag(DIAG_ERROR, file, line, col, "the file contains a NUL byte; it is not a text file");
		return 0;
	}
	return 1;
}

static int body_is_blank(const char *text, size_t len, size_t from)
{
	for (size_t i = from; i < len; i++)
		if (!isspace((unsigned char)text[i]))
			return 0;
	return 1;
}

int fm_split_text(const char *text, size_t len, const char *file, int required, fm_split *out)
{
	memset(out, 0, sizeof *out);
	if (!fm_check_text(text, len, file))
		return 0;
	size_t start = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		start = 3; /* a byte order mark says nothing we need */

	if (!is_fence(text, len, start, "---")) {
		if (required) {
			diag(DIAG_ERROR, file, 1, 1, "missing front matter: the first line must be '---'");
			return 0;
		}
		out->body_offset = start;
		out->body_line = 1;
	} else {
		out->has_front_matter = 1;
		size_t i = next_line(text, len, start);
		unsigned line = 2;
		out->yaml_offset = i;
		out->yaml_line = 2;
		for (;;) {
			if (i >= len) {
				diag(DIAG_ERROR, file, 1, 1,
				     "front matter opened here is never closed: add a line '---' after it");
				return 0;
			}
			if (is_fence(text, len, i, "---") || is_fence(text, len, i, "...")) {
				out->yaml_len = i - out->yaml_offset;
				out->body_offset = next_line(text, len, i);
				out->body_line = line + 1;
				break;
			}
			i = next_line(text, len, i);
			line++;
		}
	}
	/* A document of the material must say something; a lone file typeset
	 * with `hejapack pdf` may be empty (it still gets its title page). */
	if (required && body_is_blank(text, len, out->body_offset)) {
		diag(DIAG_ERROR, file, out->body_line, 1, "the document has no body text after the front matter");
		return 0;
	}
	return 1;
}

/* ---- validators ------------------------------------------------------------ */

int fm_valid_slug(const char *s)
{
	/* [a-z0-9]+(-[a-z0-9]+)* keeps file names portable and URL-safe. */
	if (!*s || *s == '-')
		return 0;
	for (const char *p = s; *p; p++) {
		int alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
		if (!alnum && !(*p == '-' && p[1] && p[1] != '-'))
			return 0;
	}
	return strlen(s) <= 64;
}

/* Reads a decimal number without leading zeros ("0" itself is fine). */
static const char *numeric_identifier(const char *p)
{
	if (!isdigit((unsigned char)*p))
		return NULL;
	if (*p == '0' && isdigit((unsigned char)p[1]))
		return NULL;
	while (isdigit((unsigned char)*p))
		p++;
	return p;
}

/* A dot-separated list of [0-9A-Za-z-] identifiers (semver pre-release/build). */
static const char *dotted_identifiers(const char *p, int numeric_no_leading_zero)
{
	for (;;) {
		const char *start = p;
		int all_digits = 1;
		while (isalnum((unsigned char)*p) || *p == '-') {
			if (!isdigit((unsigned char)*p))
				all_digits = 0;
			p++;
		}
		if (p == start)
			return NULL;
		if (numeric_no_leading_zero && all_digits && *start == '0' && p - start > 1)
			return NULL;
		if (*p != '.')
			return p;
		p++;
	}
}

int fm_valid_version(const char *s)
{
	const char *p = s;
	/* Calendar versions: YYYY.N */
	if (strlen(s) >= 6 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) && s[4] == '.') {
		const char *q = numeric_identifier(s + 5);
		if (q && !*q && s[0] != '0')
			return 1;
	}
	for (int part = 0; part < 3; part++) {
		p = numeric_identifier(p);
		if (!p)
			return 0;
		if (part < 2 && *p++ != '.')
			return 0;
	}
	if (*p == '-') {
		p = dotted_identifiers(p + 1, 1);
		if (!p)
			return 0;
	}
	if (*p == '+') {
		p = dotted_identifiers(p + 1, 0);
		if (!p)
			return 0;
	}
	return *p == '\0';
}

int fm_valid_date(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

int fm_valid_language(const char *s)
{
	static const char *const known[] = { "sv", "sv-SE", "sv-FI", "en", "en-GB", "en-US" };
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (strcmp(s, known[i]) == 0)
			return 1;
	return 0;
}

/* ---- schema ---------------------------------------------------------------- */

typedef enum {
	F_TEXT,         /* char *, non-empty */
	F_SLUG,         /* char *, fm_valid_slug */
	F_VERSION,      /* char * */
	F_DATE,         /* char * */
	F_LANGUAGE,     /* char * */
	F_URL,          /* char *, an http or https address without spaces */
	F_BOOL,         /* int */
	F_TEXT_LIST,    /* char ** + size_t count */
	F_SLUG_LIST,    /* char ** + size_t count */
	F_PARTICIPANTS, /* int min, int max */
	F_PHASES,       /* int[PHASE_COUNT] */
	F_WORKSHEET,    /* worksheet_step * + size_t count; checked against the body */
	F_CONTACT,      /* bundle only */
	F_THEMES,       /* bundle only */
} field_type;

typedef struct {
	const char *key;
	field_type type;
	int required;
	size_t offset;       /* of the value in the target struct */
	size_t count_offset; /* lists: of the size_t count */
} field_spec;

#define DOC(field) offsetof(document, field)
#define META(field) offsetof(bundle_meta, field)

static const field_spec exercise_fields[] = {
	{ "id", F_SLUG, 1, DOC(id), 0 },
	{ "title", F_TEXT, 1, DOC(title), 0 },
	{ "lead", F_TEXT, 1, DOC(lead), 0 },
	{ "theme", F_SLUG, 1, DOC(theme), 0 },
	{ "audience", F_TEXT, 1, DOC(audience), 0 },
	{ "participants", F_PARTICIPANTS, 1, DOC(participants_min), 0 },
	{ "materials", F_TEXT_LIST, 1, DOC(materials), DOC(nmaterials) },
	{ "phases", F_PHASES, 1, DOC(minutes), 0 },
	{ "worksheet", F_WORKSHEET, 0, DOC(worksheet), DOC(nworksheet) },
	{ "related", F_SLUG_LIST, 0, DOC(related), DOC(nrelated) },
	{ "version", F_VERSION, 1, DOC(version), 0 },
	{ "updated", F_DATE, 1, DOC(updated), 0 },
	{ "language", F_LANGUAGE, 0, DOC(language), 0 },
	{ NULL, 0, 0, 0, 0 },
};

static const field_spec report_fields[] = {
	{ "id", F_SLUG, 1, DOC(id), 0 },
	{ "title", F_TEXT, 1, DOC(title), 0 },
	{ "subtitle", F_TEXT, 0, DOC(subtitle), 0 },
	{ "authors", F_TEXT_LIST, 0, DOC(authors), DOC(nauthors) },
	{ "organisation", F_TEXT, 0, DOC(organisation), 0 },
	{ "date", F_DATE, 1, DOC(date), 0 },
	{ "version", F_VERSION, 1, DOC(version), 0 },
	{ "updated", F_DATE, 0, DOC(updated), 0 },
	{ "abstract", F_TEXT, 1, DOC(abstract), 0 },
	{ "numbered", F_BOOL, 0, DOC(numbered), 0 },
	{ "cover", F_BOOL, 0, DOC(cover), 0 },
	{ "contents", F_BOOL, 0, DOC(contents), 0 },
	{ "related", F_SLUG_LIST, 0, DOC(related), DOC(nrelated) },
	{ "language", F_LANGUAGE, 0, DOC(language), 0 },
	{ NULL, 0, 0, 0, 0 },
};

/* A file given to `hejapack pdf` without being part of the material. */
static const field_spec plain_fields[] = {
	{ "id", F_SLUG, 0, DOC(id), 0 },
	{ "title", F_TEXT, 0, DOC(title), 0 },
	{ "subtitle", F_TEXT, 0, DOC(subtitle), 0 },
	{ "authors", F_TEXT_LIST, 0, DOC(authors), DOC(nauthors) },
	{ "organisation", F_TEXT, 0, DOC(organisation), 0 },
	{ "date", F_DATE, 0, DOC(date), 0 },
	{ "version", F_VERSION, 0, DOC(version), 0 },
	{ "updated", F_DATE, 0, DOC(updated), 0 },
	{ "abstract", F_TEXT, 0, DOC(abstract), 0 },
	{ "numbered", F_BOOL, 0, DOC(numbered), 0 },
	{ "language", F_LANGUAGE, 0, DOC(language), 0 },
	{ NULL, 0, 0, 0, 0 },
};

static const field_spec bundle_fields[] = {
	{ "id", F_SLUG, 1, META(id), 0 },
	{ "title", F_TEXT, 1, META(title), 0 },
	{ "version", F_VERSION, 1, META(version), 0 },
	{ "publisher", F_TEXT, 1, META(publisher), 0 },
	{ "license", F_TEXT, 1, META(license), 0 },
	{ "license_spdx", F_TEXT, 0, META(license_spdx), 0 },
	{ "license_url", F_URL, 0, META(license_url), 0 },
	{ "website", F_URL, 0, META(website), 0 },
	{ "language", F_LANGUAGE, 1, META(language), 0 },
	{ "description", F_TEXT, 1, META(description), 0 },
	{ "contact", F_CONTACT, 1, 0, 0 },
	{ "themes", F_THEMES, 1, META(themes), META(nthemes) },
	{ "handouts", F_BOOL, 0, META(handouts), 0 },
	{ NULL, 0, 0, 0, 0 },
};

typedef struct {
	const char *file;
	int errors;
} checker;

static void fail(checker *c, const yt_node *at, const char *fmt, const char *a, const char *b)
{
	diag(DIAG_ERROR, c->file, at ? at->line : 1, at ? at->col : 1, fmt, a, b);
	c->errors++;
}

static const char *kind_name(const yt_node *n)
{
	switch (n->kind) {
	case YT_SCALAR: return "a single value";
	case YT_SEQUENCE: return "a list";
	default: return "a mapping";
	}
}

/* Collapses runs of white space (folded YAML keeps none, but plain scalars may). */
static char *clean_text(const char *s)
{
	buf b;
	buf_init(&b);
	int pending_space = 0;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			pending_space = b.len > 0;
			continue;
		}
		if (pending_space)
			buf_putc(&b, ' ');
		pending_space = 0;
		buf_putc(&b, *p);
	}
	return buf_detach(&b, NULL);
}

/* A scalar's text, or NULL after reporting. */
static const char *scalar_text(checker *c, const char *key, const yt_node *n)
{
	if (n->kind != YT_SCALAR) {
		fail(c, n, "'%s' must be %s", key, "a text, not a list or mapping");
		return NULL;
	}
	return n->value;
}

static int valid_url(const char *s)
{
	const char *rest = strncmp(s, "https://", 8) == 0 ? s + 8 : strncmp(s, "http://", 7) == 0 ? s + 7 : NULL;
	if (!rest || !*rest || *rest == '/')
		return 0;
	for (const char *c = rest; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == '"' || *c == '<' || *c == '>' || *c == '\\')
			return 0;
	return 1;
}

static char *read_text(checker *c, const char *key, const yt_node *n, field_type type)
{
	const char *s = scalar_text(c, key, n);
	if (!s)
		return NULL;
	char *text = clean_text(s);
	const char *problem = NULL;
	if (!*text)
		problem = "'%s' is empty%s";
	else if (type == F_SLUG && !fm_valid_slug(text))
		problem = "'%s' must be a slug: lower-case a-z, 0-9 and single hyphens, like 'veckans-heja' (got '%s')";
	else if (type == F_VERSION && !fm_valid_version(text))
		problem = "'%s' must be a release version such as 1.2.0 (semver) or 2024.1 (got '%s')";
	else if (type == F_DATE && !fm_valid_date(text))
		problem = "'%s' must be a real date written YYYY-MM-DD (got '%s')";
	else if (type == F_LANGUAGE && !fm_valid_language(text))
		problem = "'%s': unsupported language '%s' (use sv or en)";
	else if (type == F_URL && !valid_url(text))
		problem = "'%s' must be a web address starting with https:// or http://, without spaces (got '%s')";
	if (problem) {
		fail(c, n, problem, key, text);
		free(text);
		return NULL;
	}
	return text;
}

static void read_list(checker *c, const char *key, const yt_node *n, field_type item_type,
		      char ***items, size_t *count)
{
	if (n->kind != YT_SEQUENCE) {
		fail(c, n, "'%s' must be a list, found %s", key, kind_name(n));
		return;
	}
	*items = xcalloc(n->nitems + 1, sizeof **items);
	*count = 0;
	for (size_t i = 0; i < n->nitems; i++) {
		char *s = read_text(c, key, n->items[i], item_type == F_SLUG_LIST ? F_SLUG : F_TEXT);
		if (s)
			(*items)[(*count)++] = s;
	}
}

static void read_bool(checker *c, const char *key, const yt_node *n, int *out)
{
	const char *s = scalar_text(c, key, n);
	if (!s)
		return;
	if (n->plain && strcmp(s, "true") == 0)
		*out = 1;
	else if (n->plain && strcmp(s, "false") == 0)
		*out = 0;
	else
		fail(c, n, "'%s' must be true or false (got '%s')", key, s);
}

/* Reads a whole number in [lo, hi]; returns -1 after reporting. */
static long read_int(checker *c, const char *key, const yt_node *n, long lo, long hi)
{
	const char *s = scalar_text(c, key, n);
	if (!s)
		return -1;
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || !isdigit((unsigned char)*s) || v < lo || v > hi) {
		char range[64];
		snprintf(range, sizeof range, "a whole number from %ld to %ld", lo, hi);
		diag(DIAG_ERROR, c->file, n->line, n->col, "'%s' must be %s (got '%s')", key, range, s);
		c->errors++;
		return -1;
	}
	return v;
}

static void read_participants(checker *c, const yt_node *n, document *d)
{
	const char *s = scalar_text(c, "participants", n);
	if (!s)
		return;
	/* "3-12", "3–12" (en dash) or "8". */
	char *end;
	long lo = strtol(s, &end, 10), hi = lo;
	if (end != s && (*end == '-' || strncmp(end, "\xE2\x80\x93", 3) == 0)) {
		const char *p = end + (*end == '-' ? 1 : 3);
		hi = strtol(p, &end, 10);
		if (end == p)
			end = (char *)"x";
	}
	if (end == s || *end || !isdigit((unsigned char)*s) || lo < 1 || hi < lo || hi > 10000) {
		fail(c, n, "'%s' must be a number or a range like 3-12 with the smaller first (got '%s')",
		     "participants", s);
		return;
	}
	d->participants_min = (int)lo;
	d->participants_max = (int)hi;
}

static void check_keys(checker *c, const yt_node *map, const char *const *allowed, const char *what);

static void read_phases(checker *c, const yt_node *n, document *d)
{
	static const char *const names[] = { "borja", "prova", "utveckla", NULL };
	if (n->kind != YT_MAPPING) {
		fail(c, n, "'%s' must be a mapping with borja, prova and utveckla in minutes, found %s",
		     "phases", kind_name(n));
		return;
	}
	check_keys(c, n, names, "phases");
	for (int i = 0; i < PHASE_COUNT; i++) {
		const yt_node *v = yt_get(n, names[i]);
		if (!v) {
			fail(c, n, "'phases' lacks '%s' (minutes)%s", names[i], "");
			continue;
		}
		long m = read_int(c, names[i], v, 1, 480);
		if (m > 0)
			d->minutes[i] = (int)m;
	}
}

static const char *const phase_keys[PHASE_COUNT + 1] = { "borja", "prova", "utveckla", NULL };
static const char *const phase_headings[PHASE_COUNT] = { "Börja", "Pröva", "Utveckla" };

static void clear_step(worksheet_step *w)
{
	free(w->prompt);
	free(w->matrix_x);
	free(w->matrix_y);
	for (int k = 0; k < 4; k++)
		free(w->matrix_cells[k]);
	memset(w, 0, sizeof *w);
}

static void read_matrix(checker *c, const yt_node *n, worksheet_step *w)
{
	static const char *const keys[] = { "x", "y", "cells", NULL };
	if (n->kind != YT_MAPPING) {
		fail(c, n, "'%s' must be a mapping with x, y and cells, found %s", "matrix", kind_name(n));
		return;
	}
	check_keys(c, n, keys, "matrix");
	const yt_node *x = yt_get(n, "x"), *y = yt_get(n, "y"), *cells = yt_get(n, "cells");
	if (!x || !y || !cells) {
		fail(c, n, "'matrix' needs %s (%s)", !x ? "x" : !y ? "y" : "cells",
		     !x ? "the horizontal axis" : !y ? "the vertical axis"
			: "the four boxes: top left, top right, bottom left, bottom right");
		return;
	}
	w->matrix_x = read_text(c, "matrix.x", x, F_TEXT);
	w->matrix_y = read_text(c, "matrix.y", y, F_TEXT);
	if (cells->kind != YT_SEQUENCE || cells->nitems != 4) {
		char got[32];
		snprintf(got, sizeof got, "%zu", cells->kind == YT_SEQUENCE ? cells->nitems : 0);
		fail(c, cells, "'matrix.cells' must be a list of 4 names (top left, top right, bottom left, "
			       "bottom right); found %s%s", cells->kind == YT_SEQUENCE ? got : kind_name(cells),
		     cells->kind == YT_SEQUENCE ? " names" : "");
		return;
	}
	for (int k = 0; k < 4; k++)
		w->matrix_cells[k] = read_text(c, "matrix.cells", cells->items[k], F_TEXT);
}

/* One entry of a phase's list. Returns 1 when the entry is valid. Whether
 * the body has the step is checked with the body (material/load), so that
 * a document whose body is not checked is not parsed for it. */
static int read_worksheet_step(checker *c, const yt_node *n, int phase, document *d, worksheet_step *w)
{
	static const char *const keys[] = { "step", "lines", "matrix", "prompt", NULL };
	memset(w, 0, sizeof *w);
	w->phase = phase;
	w->line = n->line;
	w->col = n->col;
	if (n->kind != YT_MAPPING) {
		fail(c, n, "each worksheet entry must be a mapping with step and lines (or matrix), found %s%s",
		     kind_name(n), "");
		return 0;
	}
	int before = c->errors;
	check_keys(c, n, keys, "a worksheet step");
	const yt_node *step = yt_get(n, "step"), *lines = yt_get(n, "lines"), *matrix = yt_get(n, "matrix");
	const yt_node *prompt = yt_get(n, "prompt");
	if (!step) {
		fail(c, n, "a worksheet entry needs '%s': the number of the step in '## %s'", "step",
		     phase_headings[phase]);
	} else {
		long v = read_int(c, "step", step, 1, 999);
		if (v > 0)
			w->step = (int)v;
		w->step_line = step->line;
		w->step_col = step->col;
	}
	if (!lines == !matrix)
		fail(c, n, "a worksheet step needs exactly one of '%s' (ruled lines) and '%s' (a 2x2 matrix)", "lines",
		     "matrix");
	else if (lines) {
		long v = read_int(c, "lines", lines, 1, 40);
		if (v > 0)
			w->lines = (int)v;
	} else {
		read_matrix(c, matrix, w);
	}
	if (prompt)
		w->prompt = read_text(c, "prompt", prompt, F_TEXT);
	for (size_t i = 0; w->step > 0 && i < d->nworksheet; i++)
		if (d->worksheet[i].phase == phase && d->worksheet[i].step == w->step) {
			diag(DIAG_ERROR, c->file, step->line, step->col, "step %d of '%s' is declared twice (first on line %u)",
			     w->step, phase_keys[phase], d->worksheet[i].line);
			c->errors++;
		}
	return c->errors == before;
}

static void read_worksheet(checker *c, const yt_node *n, document *d)
{
	if (n->kind != YT_MAPPING) {
		fail(c, n, "'%s' must be a mapping from borja, prova and utveckla to lists of steps, found %s",
		     "worksheet", kind_name(n));
		return;
	}
	check_keys(c, n, phase_keys, "worksheet");
	for (int p = 0; p < PHASE_COUNT; p++) {
		const yt_node *list = yt_get(n, phase_keys[p]);
		if (!list)
			continue;
		if (list->kind != YT_SEQUENCE || list->nitems == 0) {
			fail(c, list, "'worksheet.%s' must be a non-empty list of steps, found %s", phase_keys[p],
			     list->kind == YT_SEQUENCE ? "an empty list" : kind_name(list));
			continue;
		}
		for (size_t i = 0; i < list->nitems; i++) {
			worksheet_step w;
			if (read_worksheet_step(c, list->items[i], p, d, &w)) {
				d->worksheet = xreallocarray(d->worksheet, d->nworksheet + 1, sizeof *d->worksheet);
				d->worksheet[d->nworksheet++] = w;
			} else {
				clear_step(&w);
			}
		}
	}
}

static void read_contact(checker *c, const yt_node *n, bundle_meta *meta)
{
	static const char *const keys[] = { "name", "email", "url", NULL };
	if (n->kind != YT_MAPPING) {
		fail(c, n, "'%s' must be a mapping with name and optional email and url, found %s",
		     "contact", kind_name(n));
		return;
	}
	check_keys(c, n, keys, "contact");
	meta->contact_line = n->line;
	meta->contact_col = n->col;
	const yt_node *v;
	if ((v = yt_get(n, "name")))
		meta->contact_name = read_text(c, "contact.name", v, F_TEXT);
	else
		fail(c, n, "'contact' lacks '%s'%s", "name", "");
	if ((v = yt_get(n, "email"))) {
		meta->contact_email = read_text(c, "contact.email", v, F_TEXT);
		const char *e = meta->contact_email;
		if (e && (!strchr(e, '@') || strchr(e, ' ')))
			fail(c, v, "'%s' is not an e-mail address: '%s'", "contact.email", e);
	}
	if ((v = yt_get(n, "url")))
		meta->contact_url = read_text(c, "contact.url", v, F_URL);
}

static void read_themes(checker *c, const yt_node *n, bundle_meta *meta)
{
	static const char *const keys[] = { "id", "title", NULL };
	if (n->kind != YT_SEQUENCE || n->nitems == 0) {
		fail(c, n, "'%s' must be a non-empty list of {id, title}, found %s", "themes",
		     n->kind == YT_SEQUENCE ? "an empty list" : kind_name(n));
		return;
	}
	meta->themes = xcalloc(n->nitems, sizeof *meta->themes);
	for (size_t i = 0; i < n->nitems; i++) {
		const yt_node *t = n->items[i];
		if (t->kind != YT_MAPPING) {
			fail(c, t, "each theme must be a mapping with id and title, found %s%s", kind_name(t), "");
			continue;
		}
		check_keys(c, t, keys, "a theme");
		const yt_node *id = yt_get(t, "id"), *title = yt_get(t, "title");
		if (!id || !title) {
			fail(c, t, "a theme needs both '%s' and '%s'", "id", "title");
			continue;
		}
		char *sid = read_text(c, "id", id, F_SLUG), *stitle = read_text(c, "title", title, F_TEXT);
		for (size_t k = 0; sid && k < meta->nthemes; k++)
			if (strcmp(meta->themes[k].id, sid) == 0)
				fail(c, id, "theme '%s' is listed twice%s", sid, "");
		if (!sid || !stitle) {
			free(sid);
			free(stitle);
			continue;
		}
		meta->themes[meta->nthemes].id = sid;
		meta->themes[meta->nthemes].title = stitle;
		meta->nthemes++;
	}
}

/* Edit distance, to suggest the key a typo meant. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 32 || lb > 32)
		return 99;
	size_t row[33];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag_prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag_prev + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag_prev = up;
		}
	}
	return row[lb];
}

/* Reports keys that are not allowed or given twice. */
/* Keys of one mapping in order of their text, ties by position, so that a
 * repeated key is found by its neighbour rather than by comparing every
 * pair (100 000 keys are a second's work, not minutes). */
typedef struct {
	const char *key;
	size_t index;
} key_ref;

static int compare_keys(const void *pa, const void *pb)
{
	const key_ref *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* A mapping with thousands of bad keys gets this many messages and a count. */
#define MAX_KEY_MESSAGES 20

static void check_keys(checker *c, const yt_node *map, const char *const *allowed, const char *what)
{
	size_t nkeys = map->nitems / 2, nrefs = 0, reported = 0, unreported = 0;
	key_ref *refs = xcalloc(nkeys ? nkeys : 1, sizeof *refs);
	const yt_node **first = xcalloc(nkeys ? nkeys : 1, sizeof *first); /* of a repeated key: its first use */
	for (size_t i = 0; i < nkeys; i++)
		if (map->items[2 * i]->kind == YT_SCALAR)
			refs[nrefs++] = (key_ref){ map->items[2 * i]->value, i };
	qsort(refs, nrefs, sizeof *refs, compare_keys);
	for (size_t r = 1; r < nrefs; r++)
		if (strcmp(refs[r].key, refs[r - 1].key) == 0)
			first[refs[r].index] = first[refs[r - 1].index] ? first[refs[r - 1].index]
								       : map->items[2 * refs[r - 1].index];
	free(refs);
	for (size_t i = 0; i < nkeys; i++) {
		const yt_node *k = map->items[2 * i];
		if (reported >= MAX_KEY_MESSAGES) {
			int bad = k->kind != YT_SCALAR || first[i] != NULL;
			if (!bad) {
				bad = 1;
				for (const char *const *a = allowed; *a; a++)
					bad &= strcmp(*a, k->value) != 0;
			}
			unreported += bad;
			continue;
		}
		if (k->kind != YT_SCALAR) {
			fail(c, k, "a key in %s must be a plain name%s", what, "");
			reported++;
			continue;
		}
		int known = 0;
		for (const char *const *a = allowed; *a && !known; a++)
			known = strcmp(*a, k->value) == 0;
		if (!known) {
			/* Only now: the distances to every allowed key cost more
			 * than the rest of the check. */
			const char *suggestion = NULL;
			for (const char *const *a = allowed; *a; a++)
				if (distance(*a, k->value) <= 2)
					suggestion = *a;
			diag(DIAG_ERROR, c->file, k->line, k->col, "unknown key '%s' in %s%s%s%s", k->value, what,
			     suggestion ? " (did you mean '" : "", suggestion ? suggestion : "", suggestion ? "'?)" : "");
			c->errors++;
			reported++;
		}
		if (first[i]) {
			fail(c, k, "key '%s' appears twice%s", k->value, "");
			reported++;
		}
	}
	if (unreported) {
		diag(DIAG_ERROR, c->file, map->line, map->col, "%zu more keys in %s are unknown or repeated", unreported,
		     what);
		c->errors++;
	}
	free(first);
}

static void read_field(checker *c, const field_spec *f, const yt_node *v, char *target)
{
	switch (f->type) {
	case F_TEXT:
	case F_SLUG:
	case F_VERSION:
	case F_DATE:
	case F_LANGUAGE:
	case F_URL:
		*(char **)(target + f->offset) = read_text(c, f->key, v, f->type);
		break;
	case F_BOOL:
		read_bool(c, f->key, v, (int *)(target + f->offset));
		break;
	case F_TEXT_LIST:
	case F_SLUG_LIST:
		read_list(c, f->key, v, f->type, (char ***)(target + f->offset), (size_t *)(target + f->count_offset));
		break;
	case F_PARTICIPANTS:
		read_participants(c, v, (document *)target);
		break;
	case F_PHASES:
		read_phases(c, v, (document *)target);
		break;
	case F_WORKSHEET:
		read_worksheet(c, v, (document *)target);
		break;
	case F_CONTACT:
		read_contact(c, v, (bundle_meta *)target);
		break;
	case F_THEMES:
		read_themes(c, v, (bundle_meta *)target);
		break;
	}
}

static int read_fields(const yt_node *root, const char *file, const field_spec *fields, char *target,
		       const char *what)
{
	checker c = { .file = file };
	if (root->kind != YT_MAPPING) {
		fail(&c, root, "%s must be a mapping of keys to values, found %s", what, kind_name(root));
		return c.errors;
	}
	const char *allowed[32];
	size_t n = 0;
	for (const field_spec *f = fields; f->key && n < 31; f++)
		allowed[n++] = f->key;
	allowed[n] = NULL;
	check_keys(&c, root, allowed, what);
	for (const field_spec *f = fields; f->key; f++) {
		const yt_node *v = yt_get(root, f->key);
		if (v)
			read_field(&c, f, v, target);
		else if (f->required)
			fail(&c, root, "missing required key '%s' in %s", f->key, what);
	}
	return c.errors;
}

int fm_read_document(const yt_node *root, const char *file, document *d)
{
	const field_spec *fields = d->type == DOC_EXERCISE ? exercise_fields
		: d->type == DOC_REPORT ? report_fields : plain_fields;
	const char *what = d->type == DOC_EXERCISE ? "an exercise's front matter"
		: d->type == DOC_REPORT ? "a report's front matter" : "the front matter";
	int errors = read_fields(root, file, fields, (char *)d, what);
	if (d->type == DOC_REPORT && !d->nauthors && !d->organisation) {
		diag(DIAG_ERROR, file, root->line, root->col, "a report needs 'authors' or 'organisation'");
		errors++;
	}
	return errors;
}

int fm_read_bundle(const yt_node *root, const char *file, bundle_meta *meta)
{
	int errors = read_fields(root, file, bundle_fields, (char *)meta, "bundle.yaml");
	const yt_node *lic = root->kind == YT_MAPPING ? yt_get(root, "license") : NULL;
	if (lic) {
		meta->license_line = lic->line;
		meta->license_col = lic->col;
	}
	return errors;
}
