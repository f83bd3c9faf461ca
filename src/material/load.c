#include "material/load.h"

#include <cmark.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/hash.h"
#include "base/image.h"
#include "base/utf8.h"
#include "base/util.h"
#include "material/frontmatter.h"
#include "material/license.h"
#include "material/steps.h"
#include "material/yamltree.h"

/* What loading keeps besides the model: the front matter tree, so
 * cross-document checks can point at the key that is wrong. */
typedef struct {
	unsigned line, col;
} position;

/* Of the front matter only where the checks across documents point: the
 * trees themselves, kept for a whole library, cost more than its model. */
typedef struct {
	document *doc;
	position id_at, theme_at, related_at;
	position *related_items; /* where each related id is, when related is a list */
	size_t nrelated_items;
	int body_known;    /* the body was found and can be checked */
} loaded;

/* Figures being checked on threads (image_batch): each answer is reported
 * at the place that uses the figure, in the order they were met, when
 * load_checks_finish asks for it. */
typedef struct {
	char *path, *url;
	unsigned line, col;
	diag_level level;
	size_t check;       /* its number in the batch */
} pending_figure;

struct load_checks {
	image_batch *batch;
	pending_figure *v;
	size_t n;
};

static load_checks *load_checks_new(void)
{
	load_checks *c = xcalloc(1, sizeof *c);
	/* Beside the loader's own thread, one per processor, up to four. */
	c->batch = image_batch_new(processors_online(4));
	return c;
}

static void queue_figure(load_checks *c, const document *d, unsigned line, unsigned col, const char *url,
			 const char *full, diag_level level)
{
	c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
	c->v[c->n++] = (pending_figure){ .path = xstrdup(d->path), .url = xstrdup(url), .line = line, .col = col,
					 .level = level, .check = image_batch_add(c->batch, full) };
}

/* The message for a figure image_check refused. */
static void report_figure(diag_level level, const char *path, unsigned line, unsigned col, const char *url,
			  const char *why)
{
	diag(level, path, line, col, "image '%s' %s%s", url,
	     strncmp(why, "is ", 3) == 0 || strncmp(why, "cannot", 6) == 0 ? "" : "cannot be used: ", why);
}

int load_checks_finish(load_checks *c)
{
	if (!c)
		return 1;
	int ok = 1;
	for (size_t i = 0; i < c->n; i++) {
		const char *why;
		if (!image_batch_result(c->batch, c->v[i].check, &why)) {
			report_figure(c->v[i].level, c->v[i].path, c->v[i].line, c->v[i].col, c->v[i].url, why);
			ok &= c->v[i].level < DIAG_ERROR;
		}
		free(c->v[i].path);
		free(c->v[i].url);
	}
	image_batch_free(c->batch);
	free(c->v);
	free(c);
	return ok;
}

/* File names travel into the bundle and into links between PDFs: they must
 * be portable everywhere, so only a-z A-Z 0-9 . _ - are allowed. */
static int portable_name(const char *name)
{
	if (!*name || *name == '.')
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '_' || *p == '-'))
			return 0;
	return 1;
}

static int portable_path(const char *path)
{
	char *copy = xstrdup(path);
	int ok = 1;
	for (char *part = strtok(copy, "/"); part && ok; part = strtok(NULL, "/"))
		ok = portable_name(part);
	free(copy);
	return ok;
}

static const char *const phase_titles[PHASE_COUNT] = { "Börja", "Pröva", "Utveckla" };

/* Text of a node's children, flattened (for headings and alt text). An
 * iterator rather than recursion: this runs before the nesting is checked. */
static void collect_text(cmark_node *node, buf *out)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || c == node)
			continue;
		cmark_node_type t = cmark_node_get_type(c);
		const char *lit = cmark_node_get_literal(c);
		if (lit && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE))
			buf_puts(out, lit);
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			buf_putc(out, ' ');
	}
	cmark_iter_free(it);
}

/* Where each line of a document's body starts, so that a position costs a
 * look-up and not a walk from the top (a body may hold a million links). */
typedef struct {
	const document *d;
	size_t *starts;    /* byte offset in d->source of body line body_line + i */
	size_t n;
} line_index;

static void line_index_init(line_index *li, const document *d)
{
	size_t cap = 64;
	li->d = d;
	li->starts = xreallocarray(NULL, cap, sizeof *li->starts);
	li->n = 0;
	li->starts[li->n++] = d->body_offset;
	for (size_t i = d->body_offset; i < d->source_len; i++) {
		if (d->source[i] != '\n')
			continue;
		if (li->n == cap) {
			cap *= 2;
			li->starts = xreallocarray(li->starts, cap, sizeof *li->starts);
		}
		li->starts[li->n++] = i + 1;
	}
}

/* File position of a node: inline nodes may lack one, so use the nearest block's. */
static void node_position(const line_index *li, cmark_node *node, unsigned *line, unsigned *col)
{
	const document *d = li->d;
	cmark_node *n = node;
	while (n && cmark_node_get_start_line(n) == 0)
		n = cmark_node_parent(n);
	size_t body_line = n ? (size_t)cmark_node_get_start_line(n) : 1;
	*line = (unsigned)(body_line + d->body_line - 1);
	unsigned byte_col = n ? (unsigned)cmark_node_get_start_column(n) : 1;
	/* cmark counts bytes; messages count characters, as an editor does. */
	size_t from = li->starts[body_line - 1 < li->n ? body_line - 1 : li->n - 1];
	size_t avail = d->source_len - from;
	size_t bytes = byte_col > 0 ? byte_col - 1 : 0;
	*col = (unsigned)utf8_count(d->source + from, bytes < avail ? bytes : avail) + 1;
}

/* Whether path, with every symbolic link resolved, lies inside dir: the
 * check on the path's text alone lets a link inside lead anywhere. */
static int resolves_inside(const char *dir, const char *path)
{
	char *d = realpath(dir, NULL), *p = realpath(path, NULL);
	size_t n = d ? strlen(d) : 0;
	int inside = d && p && strncmp(p, d, n) == 0 && (p[n] == '/' || p[n] == '\0' || (n == 1 && d[0] == '/'));
	free(d);
	free(p);
	return inside;
}

static int has_scheme(const char *url)
{
	const char *p = url;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	return p > url && *p == ':';
}

/* Resolves a relative reference of document d to a path relative to the
 * material dir; NULL when it leaves the material. Caller frees. */
static char *resolve_relative(const document *d, const char *url)
{
	char *doc_dir = fs_dirname(d->rel_path);
	size_t cut = strcspn(url, "#?");
	char *target = xstrndup(url, cut);
	char *joined = strcmp(doc_dir, ".") == 0 ? xstrdup(target) : fs_join(doc_dir, target);
	char *norm = fs_normalize_relative(joined);
	free(doc_dir);
	free(target);
	free(joined);
	return norm;
}

/* Problems with links and images stop a material build; a lone file is
 * typeset anyway (an image it cannot find is shown as its alt text). */
static diag_level reference_level(const document *d)
{
	return d->type == DOC_PLAIN ? DIAG_WARNING : DIAG_ERROR;
}

static void check_image(const char *base_dir, document *d, const line_index *li, cmark_node *node,
			load_checks *checks)
{
	unsigned line, col;
	node_position(li, node, &line, &col);
	const char *url = cmark_node_get_url(node);
	buf alt;
	buf_init(&alt);
	collect_text(node, &alt);
	if (alt.len == 0)
		diag(reference_level(d), d->path, line, col, "image '%s' has no alt text: describe it in ![...]", url);
	buf_free(&alt);
	if (has_scheme(url) || !*url) {
		diag(reference_level(d), d->path, line, col, "image '%s' must be a file in the material, not a web address", url);
		return;
	}
	char *rel = resolve_relative(d, url);
	if (!rel) {
		diag(reference_level(d), d->path, line, col, "image '%s' lies outside the material directory", url);
		return;
	}
	/* A figure used again was checked the first time. */
	for (size_t i = 0; i < d->nimages; i++)
		if (strcmp(d->images[i], rel) == 0) {
			free(rel);
			return;
		}
	char *full = fs_join(base_dir, rel);
	if (!fs_is_file(full)) {
		diag(reference_level(d), d->path, line, col, "image '%s' does not exist", url);
		free(full);
		free(rel);
		return;
	}
	if (!resolves_inside(base_dir, full)) {
		diag(reference_level(d), d->path, line, col,
		     "image '%s' is a symbolic link that leads outside the material directory", url);
		free(full);
		free(rel);
		return;
	}
	/* Decoded here, once, so that a broken image is reported at the place
	 * that uses it, by check as well, and before anything is written. */
	char *why = NULL;
	if (checks) {
		queue_figure(checks, d, line, col, url, full, reference_level(d));
	} else if (!image_check(full, &why)) {
		report_figure(reference_level(d), d->path, line, col, url, why);
		free(why);
		free(full);
		free(rel);
		return;
	}
	free(full);
	if (d->type != DOC_PLAIN && !portable_path(rel)) {
		diag(reference_level(d), d->path, line, col,
		     "image file name '%s' must use only a-z, A-Z, 0-9, '.', '_' and '-' (it goes into the bundle)", rel);
		free(rel);
		return;
	}
	d->images = xreallocarray(d->images, d->nimages + 1, sizeof *d->images);
	d->images[d->nimages++] = rel;
}

static void check_link(const char *base_dir, const material *m, const document *d, const line_index *li,
		       cmark_node *node)
{
	const char *url = cmark_node_get_url(node);
	if (!*url || *url == '#' || has_scheme(url))
		return;
	unsigned line, col;
	node_position(li, node, &line, &col);
	char *rel = resolve_relative(d, url);
	if (!rel) {
		diag(reference_level(d), d->path, line, col, "link '%s' points outside the material directory", url);
		return;
	}
	size_t len = strlen(rel);
	if (len > 3 && strcmp(rel + len - 3, ".md") == 0) {
		int found = 0;
		for (size_t i = 0; m && i < m->ndocs; i++)
			if (strcmp(m->docs[i]->rel_path, rel) == 0)
				found = 1;
		if (m && !found)
			diag(reference_level(d), d->path, line, col, "link '%s' names no document of the material", url);
	} else {
		char *full = fs_join(base_dir, rel);
		if (!fs_is_file(full))
			diag(reference_level(d), d->path, line, col, "link '%s' points to a file that does not exist", url);
		else if (!resolves_inside(base_dir, full))
			diag(reference_level(d), d->path, line, col,
			     "link '%s' is a symbolic link that leads outside the material directory", url);
		free(full);
	}
	free(rel);
}

/* Checks an exercise's phase headings: all three, in order, at level 2. */
typedef struct {
	int seen[PHASE_COUNT];
	int latest;          /* the furthest phase met so far, -1 before any */
} phase_state;

/* A phase heading that comes after a later phase is out of order; the one
 * that stands in its place is not blamed. */
static void check_phase_heading(const document *d, const line_index *li, cmark_node *node, phase_state *ps)
{
	if (cmark_node_get_heading_level(node) != 2)
		return;
	buf text;
	buf_init(&text);
	collect_text(node, &text);
	for (int p = 0; p < PHASE_COUNT; p++) {
		if (strcmp(text.data, phase_titles[p]) != 0)
			continue;
		unsigned line, col;
		node_position(li, node, &line, &col);
		if (ps->seen[p])
			diag(DIAG_ERROR, d->path, line, col, "phase '%s' appears twice", phase_titles[p]);
		else if (p < ps->latest)
			diag(DIAG_ERROR, d->path, line, col, "phase '%s' is out of order: the phases are %s, %s, %s",
			     phase_titles[p], phase_titles[0], phase_titles[1], phase_titles[2]);
		ps->seen[p] = 1;
		if (p > ps->latest)
			ps->latest = p;
	}
	buf_free(&text);
}

static int nests(cmark_node_type t)
{
	return t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST || t == CMARK_NODE_EMPH ||
	       t == CMARK_NODE_STRONG || t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE;
}

/* The typesetter recurses along the nesting, so it is bounded here, for
 * every command (check as well as build and pdf). Returns 0 after the error. */
static int check_nesting(const document *d, const line_index *li, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int depth = 0, ok = 1;
	while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (!nests(cmark_node_get_type(node)))
			continue;
		if (ev == CMARK_EVENT_EXIT) {
			depth--;
		} else if (++depth > LOAD_MAX_NESTING) {
			unsigned line, col;
			node_position(li, node, &line, &col);
			diag(DIAG_ERROR, d->path, line, col,
			     "block quotes, lists, emphasis and links are nested more than %d deep here; "
			     "hejapack sets at most %d levels", LOAD_MAX_NESTING, LOAD_MAX_NESTING);
			ok = 0;
		}
	}
	cmark_iter_free(it);
	return ok;
}

/* Each worksheet step the front matter declares must be a numbered step of
 * its phase in the body. */
static void check_worksheet(const document *d, cmark_node *root)
{
	for (size_t i = 0; i < d->nworksheet; i++) {
		const worksheet_step *w = &d->worksheet[i];
		if (w->step <= 0 || steps_find(root, w->phase, w->step))
			continue;
		int first, last;
		if (steps_range(root, w->phase, &first, &last))
			diag(DIAG_ERROR, d->path, w->step_line, w->step_col,
			     "'## %s' has no step %d: its numbered steps are %d to %d", phase_titles[w->phase], w->step,
			     first, last);
		else
			diag(DIAG_ERROR, d->path, w->step_line, w->step_col,
			     "'## %s' has no numbered list of steps for step %d to refer to", phase_titles[w->phase],
			     w->step);
	}
}

/* Checks the Markdown body: nesting, images, links and, for exercises, the
 * phases and the worksheet's steps. */
/* base_dir: the directory rel_path is relative to. */
static void check_body(const char *base_dir, const material *m, document *d, load_checks *checks)
{
	cmark_node *root = cmark_parse_document(d->source + d->body_offset, d->source_len - d->body_offset,
						CMARK_OPT_DEFAULT);
	line_index li;
	line_index_init(&li, d);
	if (!check_nesting(d, &li, root)) {
		free(li.starts);
		cmark_node_free(root);
		return;
	}
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	phase_state phases = { .latest = -1 };
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *node = cmark_iter_get_node(it);
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_IMAGE:
			check_image(base_dir, d, &li, node, checks);
			break;
		case CMARK_NODE_LINK:
			check_link(base_dir, m, d, &li, node);
			break;
		case CMARK_NODE_HEADING:
			if (d->type == DOC_EXERCISE)
				check_phase_heading(d, &li, node, &phases);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	check_worksheet(d, root);
	cmark_node_free(root);
	free(li.starts);
	for (int p = 0; d->type == DOC_EXERCISE && p < PHASE_COUNT; p++)
		if (!phases.seen[p])
			diag(DIAG_ERROR, d->path, d->body_line, 1,
			     "the body lacks the heading '## %s' (an exercise has '## Börja', '## Pröva' and '## Utveckla')",
			     phase_titles[p]);
}

/* Whether the text between a lone file's first two '---' lines starts
 * with "key:": then it was meant as front matter, and a YAML error in it
 * is an error (reported where libyaml finds it), not Markdown. */
static int opens_with_key(const char *text, size_t len)
{
	size_t i = 0;
	while (i < len && (text[i] == '\n' || text[i] == '\r' || text[i] == ' '))
		i++;
	size_t start = i;
	while (i < len && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
			   (text[i] >= '0' && text[i] <= '9') || text[i] == '_' || text[i] == '-'))
		i++;
	return i > start && i < len && text[i] == ':' && (i + 1 == len || text[i + 1] == ' ' || text[i + 1] == '\n');
}

/* Reads one Markdown file into a document (front matter and fields only).
 * A document with errors, or that cannot be read at all (source NULL),
 * comes back with *broken set, so that references to it from other
 * documents are not reported as dangling as well; *body_known tells whether
 * its body was found (and can be checked). */
static document *read_document(const char *path, const char *rel_path, doc_type type, const char *language,
			       yt_node **tree_out, int *broken, int *body_known)
{
	unsigned before = diag_error_count();
	*broken = 1;
	*body_known = 0;
	if (tree_out)
		*tree_out = NULL;
	document *d = xcalloc(1, sizeof *d);
	d->type = type;
	d->cover = d->contents = 1; /* front matter may turn them off */
	d->path = xstrdup(path);
	d->rel_path = xstrdup(rel_path);
	d->source = fs_read_file(path, &d->source_len);
	if (!d->source)
		return d; /* listed but unreadable (gone, say): broken, but its name still answers references */
	sha256_hex(d->source, d->source_len, d->source_sha256);
	fm_split split;
	if (!fm_split_text(d->source, d->source_len, path, type != DOC_PLAIN, &split))
		return d;
	/* A lone file may open with a thematic break rather than front matter. */
	if (type == DOC_PLAIN && split.has_front_matter &&
	    !yt_is_mapping(d->source + split.yaml_offset, split.yaml_len) &&
	    !opens_with_key(d->source + split.yaml_offset, split.yaml_len)) {
		diag(DIAG_NOTE, path, 1, 1, "the lines between the first two '---' are not YAML front matter; "
		     "they are read as Markdown");
		split = (fm_split){ .body_offset = 0, .body_line = 1 };
		if (d->source_len >= 3 && memcmp(d->source, "\xEF\xBB\xBF", 3) == 0)
			split.body_offset = 3;
	}
	d->body_offset = split.body_offset;
	d->body_line = split.body_line;
	sha256_hex(d->source, d->body_offset, d->front_sha256);
	*body_known = 1;
	yt_node *tree = yt_parse(d->source + split.yaml_offset, split.yaml_len, path,
				 split.has_front_matter ? split.yaml_line : 1);
	if (!tree)
		return d;
	fm_read_document(tree, path, d);
	if (!d->language && language)
		d->language = xstrdup(language);
	if (!d->updated && d->date)
		d->updated = xstrdup(d->date);
	*broken = diag_error_count() != before;
	if (tree_out)
		*tree_out = tree;
	else
		yt_free(tree);
	return d;
}

/* The SPDX id and address of a licence known by name, unless bundle.yaml
 * gives them. */
static void complete_license(bundle_meta *b)
{
	char *spdx, *url;
	if (!license_lookup(b->license, &spdx, &url))
		return;
	if (!b->license_spdx)
		b->license_spdx = spdx;
	else
		free(spdx);
	if (!b->license_url)
		b->license_url = url;
	else
		free(url);
}

static int read_bundle(material *m)
{
	char *path = fs_join(m->dir, "bundle.yaml");
	if (!fs_is_file(path)) {
		diag(DIAG_ERROR, path, 0, 0, "missing: every material directory needs a bundle.yaml (see docs/material.md)");
		free(path);
		return 0;
	}
	size_t len;
	char *text = fs_read_file(path, &len);
	int ok = 0;
	if (text && fm_check_text(text, len, path)) {
		yt_node *tree = yt_parse(text, len, path, 1);
		if (tree) {
			ok = fm_read_bundle(tree, path, &m->meta) == 0;
			yt_free(tree);
			complete_license(&m->meta);
		}
	}
	free(text);
	free(path);
	return ok;
}


/* The value under key, for its position; the tree itself when the key is
 * absent, and the file's first line when there is no tree. */
static const yt_node *key_node(const yt_node *tree, const char *key)
{
	static const yt_node first_line = { .line = 1, .col = 1 };
	for (size_t i = 0; tree && i + 1 < tree->nitems; i += 2)
		if (strcmp(tree->items[i]->value ? tree->items[i]->value : "", key) == 0)
			return tree->items[i + 1];
	return tree ? tree : &first_line;
}

static position position_of(const yt_node *n)
{
	return (position){ n->line, n->col };
}

/* What check_references needs of a document's tree, which is then freed. */
static loaded loaded_of(document *d, yt_node *tree, int body_known)
{
	loaded l = { .doc = d, .body_known = body_known, .id_at = position_of(key_node(tree, "id")),
		     .theme_at = position_of(key_node(tree, "theme")) };
	const yt_node *rel = key_node(tree, "related");
	l.related_at = position_of(rel);
	if (rel->kind == YT_SEQUENCE && rel->nitems) {
		l.nrelated_items = rel->nitems;
		l.related_items = xcalloc(rel->nitems, sizeof *l.related_items);
		for (size_t i = 0; i < rel->nitems; i++)
			l.related_items[i] = position_of(rel->items[i]);
	}
	yt_free(tree);
	return l;
}

/* Checks ids, themes and related references across the whole material. */
static void check_references(const material *m, loaded *docs, size_t n, int themes_known)
{
	for (size_t i = 0; i < n; i++) {
		document *d = docs[i].doc;
		if (!d->id)
			continue;
		for (size_t j = 0; j < i; j++) {
			if (docs[j].doc->id && strcmp(docs[j].doc->id, d->id) == 0) {
				position at = docs[i].id_at;
				diag(DIAG_ERROR, d->path, at.line, at.col, "duplicate id '%s': %s has it too",
				     d->id, docs[j].doc->path);
			}
		}
		/* A broken bundle.yaml is reported once, not again for every theme. */
		if (d->type == DOC_EXERCISE && d->theme && themes_known) {
			int known = 0;
			for (size_t t = 0; t < m->meta.nthemes; t++)
				known |= strcmp(m->meta.themes[t].id, d->theme) == 0;
			if (!known) {
				position at = docs[i].theme_at;
				diag(DIAG_ERROR, d->path, at.line, at.col,
				     "theme '%s' is not one of the themes in bundle.yaml", d->theme);
			}
		}
		for (size_t r = 0; r < d->nrelated; r++) {
			position at = r < docs[i].nrelated_items ? docs[i].related_items[r] : docs[i].related_at;
			int found = 0;
			for (size_t k = 0; k < n; k++)
				found |= docs[k].doc->id && strcmp(docs[k].doc->id, d->related[r]) == 0;
			if (strcmp(d->related[r], d->id) == 0)
				diag(DIAG_ERROR, d->path, at.line, at.col, "a document cannot be related to itself");
			else if (!found)
				diag(DIAG_ERROR, d->path, at.line, at.col,
				     "related id '%s' names no exercise or report in the material", d->related[r]);
		}
	}
}

static int compare_loaded(const void *a, const void *b)
{
	const document *x = ((const loaded *)a)->doc, *y = ((const loaded *)b)->doc;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	int by_id = strcmp(x->id ? x->id : "", y->id ? y->id : "");
	/* Ties (duplicate ids) keep the order of the file names. */
	return by_id ? by_id : strcmp(x->rel_path, y->rel_path);
}

/* The name a file would have as an id: its name without ".md". */
static char *id_from_name(const char *name)
{
	size_t len = strlen(name);
	char *stem = xstrndup(name, len > 3 ? len - 3 : len);
	if (fm_valid_slug(stem))
		return stem;
	free(stem);
	return NULL;
}

void load_source_let_go(document *d)
{
	free(d->source);
	d->source = NULL;
}

int load_source_hold(document *d)
{
	if (d->source)
		return 1;
	char *text;
	size_t len;
	int e = fs_slurp(d->path, &text, &len);
	if (e && e != ENOENT && e != EFBIG) {
		diag(DIAG_FATAL, d->path, 0, 0, "cannot read: %s", strerror(e));
		return 0;
	}
	char digest[SHA256_HEX_SIZE];
	if (!e)
		sha256_hex(text, len, digest);
	if (e || len != d->source_len || strcmp(digest, d->source_sha256) != 0) {
		diag(DIAG_ERROR, d->path, 0, 0, "%s while hejapack was using it: run it again to take in the change",
		     e == ENOENT ? "removed" : "changed");
		if (!e)
			free(text);
		return 0;
	}
	d->source = text;
	return 1;
}

/* Reads every .md in DIR/sub as documents of one type; a lean load keeps
 * no document's source. */
static void read_folder(material *m, const char *sub, doc_type type, int lean, loaded **docs, size_t *n)
{
	char *dir = fs_join(m->dir, sub);
	char **names;
	size_t count = fs_list_dir(dir, ".md", 1, &names);
	if (count == (size_t)-1) {
		free(dir);
		return;
	}
	for (size_t i = 0; i < count; i++) {
		char *path = fs_join(dir, names[i]);
		char *rel = fs_join(sub, names[i]);
		if (!portable_name(names[i])) {
			diag(DIAG_ERROR, path, 0, 0,
			     "file name must use only a-z, A-Z, 0-9, '.', '_' and '-' (it goes into the bundle)");
			free(path);
			free(rel);
			continue;
		}
		if (!resolves_inside(m->dir, path)) {
			diag(DIAG_ERROR, path, 0, 0, "a symbolic link that leads outside the material directory");
			free(path);
			free(rel);
			continue;
		}
		yt_node *tree = NULL;
		int broken, body_known;
		document *d = read_document(path, rel, type, m->meta.language, &tree, &broken, &body_known);
		if (d) {
			/* A document whose id could not be read still answers to its file name. */
			if (!d->id)
				d->id = id_from_name(names[i]);
			if (lean)
				load_source_let_go(d);
			*docs = xreallocarray(*docs, *n + 1, sizeof **docs);
			(*docs)[(*n)++] = loaded_of(d, tree, body_known);
		}
		free(path);
		free(rel);
	}
	fs_free_list(names, count);
	free(dir);
}

/* Whether d is the file named `base` in the folder of its type. */
static int is_document(const document *d, const char *base, doc_type type)
{
	const char *rb = strrchr(d->rel_path, '/');
	return d->type == type && strcmp(rb ? rb + 1 : d->rel_path, base) == 0;
}

/* With `only` set, only that document's body is checked (and its figures
 * decoded): it is the only one typeset. */
typedef struct {
	const char *base;
	doc_type type;
} only_document;

/* checks_out NULL: the figures' checks are finished here. A lean load
 * keeps no document's source. */
static material *load_for(const char *dir, const only_document *only, load_checks **checks_out, int lean)
{
	unsigned before = diag_error_count();
	material *m = xcalloc(1, sizeof *m);
	m->dir = xstrdup(dir);
	if (!fs_is_dir(dir)) {
		diag(DIAG_FATAL, dir, 0, 0, "not a material directory (it should hold bundle.yaml, exercises/ and reports/)");
		material_free(m);
		return NULL;
	}
	int bundle_ok = read_bundle(m);

	loaded *docs = NULL;
	size_t n = 0;
	read_folder(m, "exercises", DOC_EXERCISE, lean, &docs, &n);
	read_folder(m, "reports", DOC_REPORT, lean, &docs, &n);
	if (n == 0 && diag_error_count() == before)
		diag(DIAG_ERROR, dir, 0, 0, "no documents: put exercises in exercises/*.md and reports in reports/*.md");
	if (n)
		qsort(docs, n, sizeof *docs, compare_loaded);

	m->docs = xcalloc(n ? n : 1, sizeof *m->docs);
	for (size_t i = 0; i < n; i++)
		m->docs[m->ndocs++] = docs[i].doc;
	check_references(m, docs, n, bundle_ok);
	load_checks *checks = load_checks_new();
	for (size_t i = 0; i < n; i++) {
		/* `pdf` of one document typesets that one: the bodies beside it are
		 * not its business (their front matter, which it shows, is). */
		document *d = docs[i].doc;
		if (docs[i].body_known && (!only || is_document(d, only->base, only->type)) && load_source_hold(d)) {
			check_body(m->dir, m, d, checks);
			if (lean)
				load_source_let_go(d);
		}
		free(docs[i].related_items);
	}
	free(docs);
	/* Every problem of the run is reported, the figures' too. */
	if (!checks_out || diag_error_count() != before) {
		load_checks_finish(checks);
		checks = NULL;
	}
	if (checks_out)
		*checks_out = checks;
	if (diag_error_count() != before) {
		material_free(m);
		return NULL;
	}
	return m;
}

material *load_material(const char *dir)
{
	return load_for(dir, NULL, NULL, 0);
}

material *load_material_lean(const char *dir)
{
	return load_for(dir, NULL, NULL, 1);
}

material *load_material_begin(const char *dir, load_checks **checks)
{
	return load_for(dir, NULL, checks, 1);
}

/* The material directory a file belongs to, or NULL. Caller frees. */
static char *owning_material(const char *path, doc_type *type)
{
	char *dir = fs_dirname(path);
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	char *result = NULL;
	if (strcmp(base, "exercises") == 0 || strcmp(base, "reports") == 0) {
		*type = strcmp(base, "exercises") == 0 ? DOC_EXERCISE : DOC_REPORT;
		char *parent = fs_dirname(dir);
		char *bundle = fs_join(parent, "bundle.yaml");
		if (fs_is_file(bundle))
			result = parent;
		else
			free(parent);
		free(bundle);
	}
	free(dir);
	return result;
}

document *load_single(const char *path, material **owner)
{
	return load_single_begin(path, owner, NULL);
}

document *load_single_begin(const char *path, material **owner, load_checks **checks)
{
	*owner = NULL;
	if (checks)
		*checks = NULL;
	doc_type type = DOC_PLAIN;
	/* "hejapack pdf x.md" run inside reports/ must find the material too. */
	char *absolute = realpath(path, NULL);
	char *dir = owning_material(absolute ? absolute : path, &type);
	free(absolute);
	if (dir) {
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		only_document only = { base, type };
		material *m = load_for(dir, &only, checks, 0);
		free(dir);
		if (!m)
			return NULL;
		for (size_t i = 0; i < m->ndocs; i++) {
			if (is_document(m->docs[i], base, type)) {
				*owner = m;
				return m->docs[i];
			}
		}
		if (checks) {
			load_checks_finish(*checks);
			*checks = NULL;
		}
		material_free(m);
		diag(DIAG_FATAL, path, 0, 0, "not found in its material directory");
		return NULL;
	}
	const char *slash = strrchr(path, '/');
	int broken, body_known;
	document *d = read_document(path, slash ? slash + 1 : path, DOC_PLAIN, NULL, NULL, &broken, &body_known);
	if (d && broken) {
		document_free(d);
		d = NULL;
	}
	if (!d)
		return NULL;
	unsigned before = diag_error_count();
	char *base_dir = fs_dirname(path);
	check_body(base_dir, NULL, d, NULL);
	free(base_dir);
	if (diag_error_count() != before) {
		document_free(d);
		return NULL;
	}
	return d;
}
