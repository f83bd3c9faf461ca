#include "bundle/bundlediff.h"

#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"
#include "bundle/libzip.h"
#include "material/labels.h"

enum { MAX_MANIFEST_BYTES = 64 << 20 };

/* libzip's functions, once bundle_read_manifest has opened it. */
static const libzip_api *lz;

int bundle_read_manifest(const char *zip_path, manifest_info *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (!(lz = libzip(err)))
		return EXIT_SYSTEM;
	int code = 0;
	zip_t *za = lz->open(zip_path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
	if (!za) {
		zip_error_t ze;
		lz->error_init_with_code(&ze, code);
		*err = xasprintf("%s: %s", zip_path, lz->error_strerror(&ze));
		lz->error_fini(&ze);
		int io = code == ZIP_ER_OPEN || code == ZIP_ER_NOENT || code == ZIP_ER_READ || code == ZIP_ER_MEMORY;
		return io ? EXIT_SYSTEM : EXIT_INPUT;
	}
	zip_int64_t n = lz->get_num_entries(za, 0);
	zip_int64_t found = -1;
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = lz->get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		const char *slash = name ? strchr(name, '/') : NULL;
		if (slash && slash != name && strcmp(slash + 1, "manifest.json") == 0) {
			found = i;
			break;
		}
	}
	zip_stat_t st;
	lz->stat_init(&st);
	if (found < 0 || lz->stat_index(za, (zip_uint64_t)found, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)
	    || st.size > MAX_MANIFEST_BYTES) {
		*err = xasprintf("%s: %s", zip_path,
		                 found < 0 ? "no manifest.json in the bundle directory" : "manifest.json is unreadable or too large");
		lz->discard(za);
		return EXIT_INPUT;
	}
	zip_file_t *zf = lz->fopen_index(za, (zip_uint64_t)found, 0);
	char *text = xmalloc((size_t)st.size + 1);
	zip_int64_t got = zf ? lz->fread(zf, text, st.size) : -1;
	char extra;
	int clean = zf && got == (zip_int64_t)st.size && lz->fread(zf, &extra, 1) == 0;
	if (zf)
		lz->fclose(zf);
	lz->discard(za);
	if (!clean) {
		*err = xasprintf("%s: manifest.json is damaged", zip_path);
		free(text);
		return EXIT_INPUT;
	}
	text[st.size] = '\0';
	char *perr = NULL;
	int rc = manifest_parse(text, (size_t)st.size, out, &perr);
	free(text);
	if (rc != 0) {
		*err = xasprintf("%s: %s", zip_path, perr);
		free(perr);
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

static const manifest_doc *find_doc(const manifest_info *mi, const char *id)
{
	for (size_t i = 0; i < mi->ndocs; i++)
		if (mi->docs[i].id && strcmp(mi->docs[i].id, id) == 0)
			return &mi->docs[i];
	return NULL;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bundle_change *push(bundle_changes *c)
{
	c->items = xreallocarray(c->items, c->n + 1, sizeof *c->items);
	bundle_change *ch = &c->items[c->n++];
	memset(ch, 0, sizeof *ch);
	return ch;
}

void bundle_diff_manifests(const manifest_info *old_mi, const manifest_info *new_mi, bundle_changes *out)
{
	out->items = NULL;
	out->n = 0;
	for (size_t i = 0; i < new_mi->ndocs; i++) {
		const manifest_doc *nd = &new_mi->docs[i];
		if (!nd->id)
			continue;
		const manifest_doc *od = find_doc(old_mi, nd->id);
		if (!od) {
			bundle_change *ch = push(out);
			ch->kind = CHANGE_ADDED;
			ch->new_doc = nd;
			continue;
		}
		int pdf = strcmp(od->pdf.sha256, nd->pdf.sha256) != 0;
		int src = strcmp(od->source.sha256, nd->source.sha256) != 0;
		/* A page that appears or goes (a bundle from before the HTML
		 * edition) is a change of the page too. */
		int html = !od->html.path != !nd->html.path
			|| (od->html.path && strcmp(od->html.sha256, nd->html.sha256) != 0);
		if (!pdf && !src && !html)
			continue;
		bundle_change *ch = push(out);
		ch->kind = CHANGE_CHANGED;
		ch->old_doc = od;
		ch->new_doc = nd;
		ch->pdf_changed = pdf;
		ch->source_changed = src;
		ch->html_changed = html;
		ch->version_unchanged = src && same(od->version, nd->version);
	}
	for (size_t i = 0; i < old_mi->ndocs; i++) {
		const manifest_doc *od = &old_mi->docs[i];
		if (od->id && !find_doc(new_mi, od->id)) {
			bundle_change *ch = push(out);
			ch->kind = CHANGE_REMOVED;
			ch->old_doc = od;
		}
	}
}

void bundle_changes_free(bundle_changes *c)
{
	free(c->items);
	c->items = NULL;
	c->n = 0;
}

const bundle_change **bundle_changes_unversioned(const bundle_changes *c, size_t *n)
{
	const bundle_change **out = xcalloc(c->n ? c->n : 1, sizeof *out);
	*n = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->items[i].version_unchanged)
			out[(*n)++] = &c->items[i];
	return out;
}

static const char *or_unknown(const char *s)
{
	return s ? s : "?";
}

char *bundle_changes_text(const bundle_changes *c, const char *language)
{
	int sv = labels_swedish(language);
	static const char *const headings_sv[] = { "Nya dokument:", "Borttagna dokument:", "Ändrade dokument:" };
	static const char *const headings_en[] = { "Added documents:", "Removed documents:", "Changed documents:" };
	static const change_kind order[] = { CHANGE_ADDED, CHANGE_CHANGED, CHANGE_REMOVED };
	buf out;
	buf_init(&out);
	for (size_t k = 0; k < 3; k++) {
		int first = 1;
		for (size_t i = 0; i < c->n; i++) {
			const bundle_change *ch = &c->items[i];
			if (ch->kind != order[k])
				continue;
			if (first)
				buf_printf(&out, "%s%s\n", out.len ? "\n" : "", (sv ? headings_sv : headings_en)[order[k]]);
			first = 0;
			const manifest_doc *d = ch->new_doc ? ch->new_doc : ch->old_doc;
			buf_printf(&out, "  - %s", d->id);
			if (ch->kind == CHANGE_CHANGED && !same(ch->old_doc->version, ch->new_doc->version))
				buf_printf(&out, " %s -> %s", or_unknown(ch->old_doc->version), or_unknown(ch->new_doc->version));
			else
				buf_printf(&out, " %s", or_unknown(d->version));
			if (d->title)
				buf_printf(&out, ": %s", d->title);
			if (ch->kind == CHANGE_CHANGED) {
				/* Indexed by what changed: 1 the text, 2 the PDF, 4 the web page. */
				static const char *const what_sv[] = { "", "texten", "bara PDF-filen", "text och PDF",
					"bara webbsidan", "text och webbsida", "PDF och webbsida", "text, PDF och webbsida" };
				static const char *const what_en[] = { "", "text only", "PDF only", "text and PDF",
					"web page only", "text and web page", "PDF and web page", "text, PDF and web page" };
				int what = (ch->source_changed ? 1 : 0) | (ch->pdf_changed ? 2 : 0) | (ch->html_changed ? 4 : 0);
				buf_printf(&out, " (%s)", (sv ? what_sv : what_en)[what]);
			}
			buf_putc(&out, '\n');
		}
	}
	size_t len;
	return buf_detach(&out, &len);
}

int bundle_diff(const char *old_zip, const char *new_zip, FILE *out)
{
	manifest_info old_mi, new_mi;
	char *err = NULL;
	int rc = bundle_read_manifest(old_zip, &old_mi, &err);
	if (rc != EXIT_OK) {
		fprintf(out, "%s\n", err);
		free(err);
		return rc;
	}
	rc = bundle_read_manifest(new_zip, &new_mi, &err);
	if (rc != EXIT_OK) {
		fprintf(out, "%s\n", err);
		free(err);
		manifest_info_free(&old_mi);
		return rc;
	}
	bundle_changes c;
	bundle_diff_manifests(&old_mi, &new_mi, &c);
	char *text = bundle_changes_text(&c, "en");
	fputs(text, out);
	free(text);
	size_t nunversioned;
	const bundle_change **unversioned = bundle_changes_unversioned(&c, &nunversioned);
	for (size_t i = 0; i < nunversioned; i++)
		fprintf(out, "warning: %s: the source changed but the version is still %s\n", unversioned[i]->new_doc->id,
		        or_unknown(unversioned[i]->new_doc->version));
	free(unversioned);
	size_t counts[3] = { 0, 0, 0 };
	for (size_t i = 0; i < c.n; i++)
		counts[c.items[i].kind]++;
	if (c.n == 0)
		fprintf(out, "%s %s -> %s %s: no document differs\n", or_unknown(old_mi.id), or_unknown(old_mi.version),
		        or_unknown(new_mi.id), or_unknown(new_mi.version));
	else
		fprintf(out, "%s %s -> %s %s: %zu added, %zu changed, %zu removed\n", or_unknown(old_mi.id),
		        or_unknown(old_mi.version), or_unknown(new_mi.id), or_unknown(new_mi.version),
		        counts[CHANGE_ADDED], counts[CHANGE_CHANGED], counts[CHANGE_REMOVED]);
	bundle_changes_free(&c);
	manifest_info_free(&old_mi);
	manifest_info_free(&new_mi);
	return EXIT_OK;
}
