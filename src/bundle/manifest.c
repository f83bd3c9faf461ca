#include "bundle/manifest.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "render/html.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char **dup_strv(char *const *v, size_t n)
{
	char **out = xcalloc(n ? n : 1, sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* 0, or -1 after diag when spooled bytes cannot be read back. */
static int describe_file(manifest_file *f, char *name_below_data, const void *data, spool_ref at, size_t len,
			 const payload_prep *prep)
{
	f->path = xasprintf("data/%s", name_below_data);
	free(name_below_data);
	f->bytes = (long long)len;
	f->media_type = xstrdup(contents_media_type(f->path));
	return contents_digests(data, at, len, prep, f->sha256, NULL);
}

void manifest_add_file(manifest_info *mi, const char *path, long long bytes, const char *sha256)
{
	if (mi->nfiles == mi->files_cap) {
		mi->files_cap = mi->files_cap ? 2 * mi->files_cap : 64;
		mi->files = xreallocarray(mi->files, mi->files_cap, sizeof *mi->files);
	}
	manifest_file *f = &mi->files[mi->nfiles++];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->bytes = bytes;
	snprintf(f->sha256, sizeof f->sha256, "%s", sha256);
	f->media_type = xstrdup(contents_media_type(path));
}

static const char *theme_title(const material *m, const char *id)
{
	for (size_t i = 0; id && i < m->meta.nthemes; i++)
		if (strcmp(m->meta.themes[i].id, id) == 0)
			return m->meta.themes[i].title;
	return NULL;
}

int manifest_describe(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                      size_t nextras, const bundle_options *opt, manifest_info *out)
{
	const bundle_meta *b = &m->meta;
	int rc = 0;
	memset(out, 0, sizeof *out);
	out->manifest_version = MANIFEST_VERSION;
	out->id = dup_or_null(b->id);
	out->identifier = contents_bag_name(m, opt);
	out->title = dup_or_null(b->title);
	out->version = dup_or_null(b->version);
	const bundle_variant *v = &opt->variant;
	out->variant_name = xstrdup(v->name && *v->name ? v->name : "standard");
	out->paper = xstrdup(v->paper ? v->paper : "A4");
	out->handouts = v->handouts;
	out->print_shop = v->print_shop;
	out->pdfa = contents_pdfa_name(v);
	if (!out->pdfa)
		out->pdfa = xstrdup("none");
	out->tagged = v->tagged;
	out->created = dup_or_null(opt->created);
	out->publisher = dup_or_null(b->publisher);
	out->license = dup_or_null(b->license);
	out->license_spdx = dup_or_null(b->license_spdx);
	out->license_url = dup_or_null(b->license_url);
	out->website = dup_or_null(b->website);
	out->language = dup_or_null(b->language);
	out->generator = dup_or_null(opt->generator);
	out->description = dup_or_null(b->description);
	out->contact_name = dup_or_null(b->contact_name);
	out->contact_email = dup_or_null(b->contact_email);
	out->contact_url = dup_or_null(b->contact_url);
	out->changelog = dup_or_null(opt->changelog);

	out->ndocs = ndocs;
	out->docs = xcalloc(ndocs ? ndocs : 1, sizeof *out->docs);
	for (size_t i = 0; i < ndocs; i++) {
		const document *d = docs[i].doc;
		manifest_doc *md = &out->docs[i];
		md->id = xstrdup(d->id);
		md->type = d->type;
		md->title = dup_or_null(d->title);
		md->version = dup_or_null(d->version);
		md->updated = dup_or_null(d->updated);
		md->language = dup_or_null(d->language ? d->language : b->language);
		md->pages = docs[i].pages;
		md->paper = dup_or_null(docs[i].paper);
		if (d->type == DOC_EXERCISE) {
			md->lead = dup_or_null(d->lead);
			md->theme_id = dup_or_null(d->theme);
			md->theme_title = dup_or_null(theme_title(m, d->theme));
			md->total_minutes = document_total_minutes(d);
			md->participants_min = d->participants_min;
			md->participants_max = d->participants_max;
		} else {
			md->abstract = dup_or_null(d->abstract);
			md->authors = dup_strv(d->authors, d->nauthors);
			md->nauthors = d->nauthors;
		}
		md->related = dup_strv(d->related, d->nrelated);
		md->nrelated = d->nrelated;
		rc |= describe_file(&md->pdf, document_pdf_path(d), docs[i].pdf, docs[i].pdf_at, docs[i].pdf_len,
				    docs[i].pdf_prep);
		if (built_has_html(&docs[i]))
			rc |= describe_file(&md->html, html_page_path(d), docs[i].html, docs[i].html_at,
					    docs[i].html_len, docs[i].html_prep);
		rc |= describe_file(&md->source, contents_source_name(d), d->source, docs[i].source_at, d->source_len,
				    docs[i].source_prep);
	}
	out->nextras = nextras;
	out->extras = xcalloc(nextras ? nextras : 1, sizeof *out->extras);
	for (size_t i = 0; i < nextras; i++)
		rc |= describe_file(&out->extras[i], xstrdup(extras[i].path), extras[i].data, extras[i].at,
				    extras[i].len, extras[i].prep);
	return rc ? -1 : 0;
}

static void free_file(manifest_file *f)
{
	free(f->path);
	free(f->media_type);
	f->path = f->media_type = NULL;
}

void manifest_info_free(manifest_info *mi)
{
	if (!mi)
		return;
	char **strings[] = {
		&mi->id, &mi->identifier, &mi->title, &mi->version, &mi->variant_name, &mi->paper, &mi->pdfa,
		&mi->created, &mi->publisher, &mi->license, &mi->license_spdx, &mi->license_url, &mi->website,
		&mi->language, &mi->generator, &mi->description, &mi->contact_name, &mi->contact_email, &mi->contact_url,
		&mi->changelog,
	};
	for (size_t i = 0; i < sizeof strings / sizeof *strings; i++)
		free(*strings[i]);
	for (size_t i = 0; i < mi->ndocs; i++) {
		manifest_doc *d = &mi->docs[i];
		free(d->id);
		free(d->title);
		free(d->lead);
		free(d->abstract);
		free(d->version);
		free(d->updated);
		free(d->language);
		free(d->paper);
		free(d->theme_id);
		free(d->theme_title);
		free_strv(d->authors, d->nauthors);
		free_strv(d->related, d->nrelated);
		free_file(&d->pdf);
		free_file(&d->html);
		free_file(&d->source);
	}
	free(mi->docs);
	for (size_t i = 0; i < mi->nextras; i++)
		free_file(&mi->extras[i]);
	free(mi->extras);
	for (size_t i = 0; i < mi->nfiles; i++)
		free_file(&mi->files[i]);
	free(mi->files);
	memset(mi, 0, sizeof *mi);
}

/* ---- writing ---- */

/* Records the first key whose value jansson refused (invalid UTF-8). */
typedef struct {
	const char *bad_key;
} json_writer;

static void put(json_writer *w, json_t *obj, const char *key, json_t *value)
{
	if (!value) {
		if (!w->bad_key)
			w->bad_key = key;
		return;
	}
	json_object_set_new(obj, key, value);
}

static void put_str(json_writer *w, json_t *obj, const char *key, const char *s)
{
	if (s)
		put(w, obj, key, json_string(s));
}

static json_t *str_array(json_writer *w, const char *key, char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_string(v[i]);
		if (!s) {
			if (!w->bad_key)
				w->bad_key = key;
			continue;
		}
		json_array_append_new(a, s);
	}
	return a;
}

static json_t *file_json(json_writer *w, const manifest_file *f)
{
	json_t *o = json_object();
	put_str(w, o, "path", f->path);
	put(w, o, "bytes", json_integer(f->bytes));
	put_str(w, o, "sha256", f->sha256);
	put_str(w, o, "media_type", f->media_type);
	return o;
}

static json_t *doc_json(json_writer *w, const manifest_doc *d)
{
	json_t *o = json_object();
	put_str(w, o, "id", d->id);
	put_str(w, o, "type", d->type == DOC_EXERCISE ? "exercise" : "report");
	put_str(w, o, "title", d->title);
	if (d->type == DOC_EXERCISE)
		put_str(w, o, "lead", d->lead);
	else
		put_str(w, o, "abstract", d->abstract);
	put_str(w, o, "version", d->version);
	put_str(w, o, "updated", d->updated);
	put_str(w, o, "language", d->language);
	put(w, o, "pages", json_integer(d->pages));
	put_str(w, o, "paper", d->paper);
	if (d->type == DOC_EXERCISE) {
		if (d->theme_id) {
			json_t *t = json_object();
			put_str(w, t, "id", d->theme_id);
			put_str(w, t, "title", d->theme_title);
			put(w, o, "theme", t);
		}
		put(w, o, "total_minutes", json_integer(d->total_minutes));
		if (d->participants_min > 0 || d->participants_max > 0) {
			json_t *p = json_object();
			if (d->participants_min > 0)
				put(w, p, "min", json_integer(d->participants_min));
			if (d->participants_max > 0)
				put(w, p, "max", json_integer(d->participants_max));
			put(w, o, "participants", p);
		}
	} else if (d->nauthors) {
		put(w, o, "authors", str_array(w, "authors", d->authors, d->nauthors));
	}
	put(w, o, "pdf", file_json(w, &d->pdf));
	if (d->html.path)
		put(w, o, "html", file_json(w, &d->html));
	put(w, o, "source", file_json(w, &d->source));
	put(w, o, "related", str_array(w, "related", d->related, d->nrelated));
	return o;
}

/* Appends the JSON of one value, freeing it, as jansson would print it as
 * an element of an array `depth` levels deep: every line indented by as
 * many pairs of spaces (a newline in JSON text is always between tokens).
 * 0, or -1 when jansson cannot print it. */
static int put_element(buf *out, json_t *value, int depth)
{
	char *dumped = value ? json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(value);
	if (!dumped)
		return -1;
	for (const char *p = dumped;;) {
		buf_printf(out, "%*s", 2 * depth, "");
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		buf_append(out, p, n);
		if (!nl)
			break;
		p = nl + 1;
	}
	free(dumped);
	return 0;
}

/* The arrays that grow with the material, in the order they close the
 * manifest, each element made, printed and freed in turn. */
enum { LIST_DOCUMENTS, LIST_EXTRAS, LIST_FILES, LIST_COUNT };

static json_t *list_element(json_writer *w, const manifest_info *mi, int list, size_t i)
{
	if (list == LIST_DOCUMENTS)
		return doc_json(w, &mi->docs[i]);
	return file_json(w, list == LIST_EXTRAS ? &mi->extras[i] : &mi->files[i]);
}

/* The manifest's other members, which are few whatever the material. */
static json_t *head_json(json_writer *w, const manifest_info *mi)
{
	json_t *root = json_object();
	put(w, root, "manifest_version", json_integer(mi->manifest_version));
	put_str(w, root, "id", mi->id);
	put_str(w, root, "identifier", mi->identifier);
	put_str(w, root, "title", mi->title);
	put_str(w, root, "version", mi->version);
	if (mi->variant_name) {
		json_t *v = json_object();
		put_str(w, v, "name", mi->variant_name);
		put_str(w, v, "paper", mi->paper);
		put(w, v, "handouts", json_boolean(mi->handouts));
		put(w, v, "print_shop", json_boolean(mi->print_shop));
		put_str(w, v, "pdfa", mi->pdfa);
		put(w, v, "tagged", json_boolean(mi->tagged));
		put(w, root, "variant", v);
	}
	put_str(w, root, "created", mi->created);
	put_str(w, root, "publisher", mi->publisher);
	put_str(w, root, "license", mi->license);
	put_str(w, root, "license_spdx", mi->license_spdx);
	put_str(w, root, "license_url", mi->license_url);
	put_str(w, root, "website", mi->website);
	put_str(w, root, "language", mi->language);
	put_str(w, root, "generator", mi->generator);
	put_str(w, root, "description", mi->description);
	if (mi->contact_name || mi->contact_email || mi->contact_url) {
		json_t *c = json_object();
		put_str(w, c, "name", mi->contact_name);
		put_str(w, c, "email", mi->contact_email);
		put_str(w, c, "url", mi->contact_url);
		put(w, root, "contact", c);
	}
	put_str(w, root, "changelog", mi->changelog);
	return root;
}

/* The text is what json_dumps would make of the whole manifest as one
 * object, but printed a member and an element at a time: the whole tree
 * of a large library's manifest took several times the text's size. */
char *manifest_to_json(const manifest_info *mi, size_t *len, char **err)
{
	static const char *const names[LIST_COUNT] = { "documents", "extras", "files" };
	const size_t counts[LIST_COUNT] = { mi->ndocs, mi->nextras, mi->nfiles };
	json_writer w = { NULL };
	buf out;
	buf_init(&out);
	/* The head ends in "\n}", which the lists take the place of. */
	int failed = put_element(&out, head_json(&w, mi), 0) != 0 || out.len < 2;
	if (!failed)
		out.len -= 2;
	for (int list = 0; list < LIST_COUNT && !failed && !w.bad_key; list++) {
		buf_printf(&out, ",\n  \"%s\": [", names[list]);
		for (size_t i = 0; i < counts[list] && !failed && !w.bad_key; i++) {
			buf_puts(&out, i ? ",\n" : "\n");
			failed = put_element(&out, list_element(&w, mi, list, i), 2) != 0;
		}
		buf_puts(&out, counts[list] ? "\n  ]" : "]");
	}
	buf_puts(&out, "\n}\n");
	if (w.bad_key) {
		*err = xasprintf("manifest.json: the value of \"%s\" is not valid UTF-8", w.bad_key);
	} else if (failed) {
		*err = xstrdup("manifest.json: JSON encoding failed");
	} else {
		/* No JSON_ENSURE_ASCII: å stays å, which archivists can read. */
		return buf_detach(&out, len);
	}
	buf_free(&out);
	return NULL;
}

/* ---- reading ---- */

typedef struct {
	char *err; /* first problem, owned */
} json_reader;

static void fail(json_reader *r, const char *where, const char *what)
{
	if (!r->err)
		r->err = xasprintf("manifest.json: %s: %s", where, what);
}

static json_t *get(json_reader *r, json_t *obj, const char *where, const char *key, int required)
{
	json_t *v = json_object_get(obj, key);
	if (!v && required) {
		char *w = xasprintf("%s%s%s", where, *where ? "." : "", key);
		fail(r, w, "missing");
		free(w);
	}
	return v;
}

static char *get_str(json_reader *r, json_t *obj, const char *where, const char *key, int required)
{
	json_t *v = get(r, obj, where, key, required);
	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		char *w = xasprintf("%s%s%s", where, *where ? "." : "", key);
		fail(r, w, "expected a string");
		free(w);
		return NULL;
	}
	return xstrndup(json_string_value(v), json_string_length(v));
}

static long long get_int(json_reader *r, json_t *obj, const char *where, const char *key, int required)
{
	json_t *v = get(r, obj, where, key, required);
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		char *w = xasprintf("%s%s%s", where, *where ? "." : "", key);
		fail(r, w, "expected a non-negative integer");
		free(w);
		return 0;
	}
	return json_integer_value(v);
}

/* A required boolean. */
static int get_bool(json_reader *r, json_t *obj, const char *where, const char *key)
{
	json_t *v = get(r, obj, where, key, 1);
	if (v && !json_is_boolean(v)) {
		char *w = xasprintf("%s.%s", where, key);
		fail(r, w, "expected true or false");
		free(w);
	}
	return v && json_is_true(v);
}

static int as_int(long long v)
{
	return v > 1000000000 ? 1000000000 : (int)v;
}

static char **get_strv(json_reader *r, json_t *obj, const char *where, const char *key, size_t *n)
{
	*n = 0;
	json_t *v = get(r, obj, where, key, 0);
	char **out = xcalloc(1, sizeof *out);
	if (!v)
		return out;
	if (!json_is_array(v)) {
		char *w = xasprintf("%s.%s", where, key);
		fail(r, w, "expected an array of strings");
		free(w);
		return out;
	}
	out = xreallocarray(out, json_array_size(v) + 1, sizeof *out);
	for (size_t i = 0; i < json_array_size(v); i++) {
		json_t *s = json_array_get(v, i);
		if (!json_is_string(s)) {
			char *w = xasprintf("%s.%s[%zu]", where, key, i);
			fail(r, w, "expected a string");
			free(w);
			continue;
		}
		out[(*n)++] = xstrndup(json_string_value(s), json_string_length(s));
	}
	return out;
}

static int is_lower_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static void parse_file_object(json_reader *r, json_t *o, const char *where, manifest_file *f)
{
	if (!json_is_object(o)) {
		fail(r, where, "expected an object");
		return;
	}
	f->path = get_str(r, o, where, "path", 1);
	f->bytes = get_int(r, o, where, "bytes", 1);
	f->media_type = get_str(r, o, where, "media_type", 0);
	char *sha = get_str(r, o, where, "sha256", 1);
	if (sha && !is_lower_hex(sha, SHA256_HEX_SIZE - 1))
		fail(r, where, "sha256 is not 64 lowercase hexadecimal digits");
	else if (sha)
		memcpy(f->sha256, sha, SHA256_HEX_SIZE);
	free(sha);
}

static void get_file(json_reader *r, json_t *obj, const char *where, const char *key, manifest_file *f)
{
	json_t *o = get(r, obj, where, key, 1);
	if (!o)
		return;
	char *w = xasprintf("%s.%s", where, key);
	parse_file_object(r, o, w, f);
	free(w);
}

static void parse_doc(json_reader *r, json_t *o, size_t index, manifest_doc *d)
{
	char *where = xasprintf("documents[%zu]", index);
	if (!json_is_object(o)) {
		fail(r, where, "expected an object");
		free(where);
		return;
	}
	d->id = get_str(r, o, where, "id", 1);
	char *type = get_str(r, o, where, "type", 1);
	if (type && strcmp(type, "exercise") == 0)
		d->type = DOC_EXERCISE;
	else if (type && strcmp(type, "report") == 0)
		d->type = DOC_REPORT;
	else if (type)
		fail(r, where, "type must be \"exercise\" or \"report\"");
	free(type);
	d->title = get_str(r, o, where, "title", 0);
	d->lead = get_str(r, o, where, "lead", 0);
	d->abstract = get_str(r, o, where, "abstract", 0);
	d->version = get_str(r, o, where, "version", 1);
	d->updated = get_str(r, o, where, "updated", 0);
	d->language = get_str(r, o, where, "language", 0);
	d->pages = as_int(get_int(r, o, where, "pages", 0));
	d->paper = get_str(r, o, where, "paper", 0);
	json_t *theme_obj = get(r, o, where, "theme", 0);
	if (theme_obj && json_is_object(theme_obj)) {
		char *w = xasprintf("%s.theme", where);
		d->theme_id = get_str(r, theme_obj, w, "id", 1);
		d->theme_title = get_str(r, theme_obj, w, "title", 0);
		free(w);
	} else if (theme_obj) {
		fail(r, where, "theme must be an object");
	}
	d->total_minutes = as_int(get_int(r, o, where, "total_minutes", 0));
	json_t *part = get(r, o, where, "participants", 0);
	if (part && json_is_object(part)) {
		char *w = xasprintf("%s.participants", where);
		d->participants_min = as_int(get_int(r, part, w, "min", 0));
		d->participants_max = as_int(get_int(r, part, w, "max", 0));
		free(w);
	} else if (part) {
		fail(r, where, "participants must be an object");
	}
	d->authors = get_strv(r, o, where, "authors", &d->nauthors);
	d->related = get_strv(r, o, where, "related", &d->nrelated);
	get_file(r, o, where, "pdf", &d->pdf);
	json_t *html = get(r, o, where, "html", 0);
	if (html) {
		char *w = xasprintf("%s.html", where);
		parse_file_object(r, html, w, &d->html);
		free(w);
	}
	get_file(r, o, where, "source", &d->source);
	free(where);
}

int manifest_parse(const char *json, size_t len, manifest_info *out, char **err)
{
	memset(out, 0, sizeof *out);
	json_error_t je;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		*err = xasprintf("manifest.json:%d:%d: %s", je.line, je.column, je.text);
		return -1;
	}
	json_reader r = { NULL };
	if (!json_is_object(root)) {
		fail(&r, "top level", "expected an object");
		goto done;
	}
	long long version = get_int(&r, root, "", "manifest_version", 1);
	if (!r.err && (version < 1 || version > MANIFEST_VERSION)) {
		r.err = xasprintf("manifest.json: manifest_version %lld is not one this hejapack reads (1..%d)", version,
		                  MANIFEST_VERSION);
		goto done;
	}
	out->manifest_version = (int)version;
	int v2 = version >= 2;
	out->id = get_str(&r, root, "", "id", 1);
	out->identifier = get_str(&r, root, "", "identifier", v2);
	out->title = get_str(&r, root, "", "title", 0);
	out->version = get_str(&r, root, "", "version", 1);
	json_t *variant = get(&r, root, "", "variant", v2);
	if (variant && json_is_object(variant)) {
		out->variant_name = get_str(&r, variant, "variant", "name", 1);
		out->paper = get_str(&r, variant, "variant", "paper", 1);
		out->handouts = get_bool(&r, variant, "variant", "handouts");
		out->print_shop = get_bool(&r, variant, "variant", "print_shop");
		out->pdfa = get_str(&r, variant, "variant", "pdfa", 1);
		out->tagged = get_bool(&r, variant, "variant", "tagged");
	} else if (variant) {
		fail(&r, "variant", "expected an object");
	}
	out->created = get_str(&r, root, "", "created", 0);
	out->publisher = get_str(&r, root, "", "publisher", 0);
	out->license = get_str(&r, root, "", "license", 0);
	out->license_spdx = get_str(&r, root, "", "license_spdx", 0);
	out->license_url = get_str(&r, root, "", "license_url", 0);
	out->website = get_str(&r, root, "", "website", 0);
	out->language = get_str(&r, root, "", "language", 0);
	out->generator = get_str(&r, root, "", "generator", 0);
	out->description = get_str(&r, root, "", "description", 0);
	json_t *contact = get(&r, root, "", "contact", 0);
	if (contact && json_is_object(contact)) {
		out->contact_name = get_str(&r, contact, "contact", "name", 0);
		out->contact_email = get_str(&r, contact, "contact", "email", 0);
		out->contact_url = get_str(&r, contact, "contact", "url", 0);
	} else if (contact) {
		fail(&r, "contact", "expected an object");
	}
	out->changelog = get_str(&r, root, "", "changelog", 0);

	json_t *docs = get(&r, root, "", "documents", 1);
	if (docs && !json_is_array(docs))
		fail(&r, "documents", "expected an array");
	if (docs && json_is_array(docs)) {
		out->ndocs = json_array_size(docs);
		out->docs = xcalloc(out->ndocs ? out->ndocs : 1, sizeof *out->docs);
		for (size_t i = 0; i < out->ndocs; i++)
			parse_doc(&r, json_array_get(docs, i), i, &out->docs[i]);
	}
	json_t *extras = get(&r, root, "", "extras", 0);
	if (extras && !json_is_array(extras))
		fail(&r, "extras", "expected an array");
	size_t nextras = extras && json_is_array(extras) ? json_array_size(extras) : 0;
	out->extras = xcalloc(nextras ? nextras : 1, sizeof *out->extras);
	out->nextras = nextras;
	for (size_t i = 0; i < nextras; i++) {
		char *w = xasprintf("extras[%zu]", i);
		parse_file_object(&r, json_array_get(extras, i), w, &out->extras[i]);
		free(w);
	}
	json_t *files = get(&r, root, "", "files", v2);
	if (files && !json_is_array(files))
		fail(&r, "files", "expected an array");
	size_t nfiles = files && json_is_array(files) ? json_array_size(files) : 0;
	out->files = xcalloc(nfiles ? nfiles : 1, sizeof *out->files);
	out->nfiles = out->files_cap = nfiles;
	for (size_t i = 0; i < nfiles; i++) {
		char *w = xasprintf("files[%zu]", i);
		parse_file_object(&r, json_array_get(files, i), w, &out->files[i]);
		free(w);
	}
done:
	json_decref(root);
	if (r.err) {
		manifest_info_free(out);
		*err = r.err;
		return -1;
	}
	return 0;
}
