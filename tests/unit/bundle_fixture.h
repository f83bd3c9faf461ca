/* A small synthetic material on disk, with its build results, for the
 * packaging tests (test_package, test_verify, test_htmlindex,
 * test_bundlediff). Everything static: each test file gets its own copy. */
#ifndef HEJAPACK_TEST_BUNDLE_FIXTURE_H
#define HEJAPACK_TEST_BUNDLE_FIXTURE_H

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "base/util.h"
#include "bundle/package.h"
#include "material/model.h"

#define FIXTURE_UNUSED __attribute__((unused))

enum { FIXTURE_DOCS = 3, FIXTURE_EXTRAS = 1 };

typedef struct {
	material *m;
	built_doc docs[FIXTURE_DOCS];
	extra_file extras[FIXTURE_EXTRAS];
	unsigned char *blobs[FIXTURE_DOCS + FIXTURE_EXTRAS];
	bundle_options opt;
	char *root;    /* temporary directory holding material/ and out/ */
	char *out_dir; /* root/out */
} fixture;

static char **fixture_strv(size_t n, const char *const *items)
{
	char **v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = xstrdup(items[i]);
	return v;
}

static void fixture_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "fixture: cannot write %s\n", path);
		abort();
	}
}

/* Deterministic bytes that look a little like a PDF. */
static unsigned char *fixture_blob(const char *seed, size_t len)
{
	unsigned char *b = xmalloc(len);
	unsigned x = 2166136261u;
	for (const char *s = seed; *s; s++)
		x = (x ^ (unsigned char)*s) * 16777619u;
	memcpy(b, "%PDF-1.7\n", len < 9 ? len : 9);
	for (size_t i = 9; i < len; i++) {
		x = x * 1103515245u + 12345u;
		b[i] = (i % 7 == 0) ? (unsigned char)(x >> 24) : (unsigned char)("stream endobj "[i % 14]);
	}
	return b;
}

static document *fixture_doc(doc_type type, const char *id, const char *title, const char *rel_path,
                             const char *body)
{
	document *d = xcalloc(1, sizeof *d);
	d->type = type;
	d->id = xstrdup(id);
	d->title = xstrdup(title);
	d->version = xstrdup("1.0.0");
	d->updated = xstrdup("2025-02-14");
	d->language = xstrdup("sv");
	d->rel_path = xstrdup(rel_path);
	d->path = xasprintf("material/%s", rel_path);
	d->source = xstrdup(body);
	d->source_len = strlen(body);
	d->related = xcalloc(1, sizeof *d->related);
	d->images = xcalloc(1, sizeof *d->images);
	d->authors = xcalloc(1, sizeof *d->authors);
	d->materials = xcalloc(1, sizeof *d->materials);
	return d;
}

static void fixture_replace_strv(char ***v, size_t *n, size_t count, const char *const *items)
{
	for (size_t i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = fixture_strv(count, items);
	*n = count;
}

/* Material "heja-test" 1.2.0 in Swedish: exercises behov and framtid, report
 * rapport-2024, one image shared by two documents, the extra katalog.pdf. */
static FIXTURE_UNUSED fixture *fixture_new(void)
{
	fixture *f = xcalloc(1, sizeof *f);
	char tmpl[] = "/tmp/hejapack-test-XXXXXX";
	if (!mkdtemp(tmpl))
		abort();
	f->root = xstrdup(tmpl);
	f->out_dir = xasprintf("%s/out", f->root);
	char *dir = xasprintf("%s/material", f->root);
	char *figures = xasprintf("%s/figures", dir);
	if (mkdir(dir, 0755) != 0 || mkdir(figures, 0755) != 0)
		abort();
	char *yaml = xasprintf("%s/bundle.yaml", dir);
	const char yaml_text[] = "id: heja-test\nversion: 1.2.0\ntitle: \"HEJA – test\"\n";
	fixture_write(yaml, yaml_text, strlen(yaml_text));
	char *png = xasprintf("%s/diagram.png", figures);
	unsigned char png_bytes[300];
	for (size_t i = 0; i < sizeof png_bytes; i++)
		png_bytes[i] = (unsigned char)(i * 7 + 3);
	memcpy(png_bytes, "\x89PNG\r\n\x1a\n", 8);
	fixture_write(png, png_bytes, sizeof png_bytes);
	free(yaml);
	free(png);
	free(figures);

	material *m = xcalloc(1, sizeof *m);
	m->dir = dir;
	bundle_meta *b = &m->meta;
	b->id = xstrdup("heja-test");
	b->title = xstrdup("HEJA – test & prov");
	b->version = xstrdup("1.2.0");
	b->publisher = xstrdup("HEJA Innovation");
	b->license = xstrdup("CC BY-SA 4.0");
	/* What load_material finds for this name (license.h). */
	b->license_spdx = xstrdup("CC-BY-SA-4.0");
	b->license_url = xstrdup("https://creativecommons.org/licenses/by-sa/4.0/");
	b->language = xstrdup("sv");
	b->description = xstrdup("Ett litet testbibliotek med övningar\noch en rapport.");
	b->contact_name = xstrdup("Förvaltaren");
	b->contact_email = xstrdup("forvaltare@example.org");
	const char *theme_ids[] = { "forsta", "behov", "framtid" };
	const char *theme_titles[] = { "Förstå innovation", "Behov och insikter", "Framtid och omvärld" };
	b->nthemes = 3;
	b->themes = xcalloc(3, sizeof *b->themes);
	for (size_t i = 0; i < 3; i++) {
		b->themes[i].id = xstrdup(theme_ids[i]);
		b->themes[i].title = xstrdup(theme_titles[i]);
	}

	document *behov = fixture_doc(DOC_EXERCISE, "behov", "Behovsanalys", "exercises/behov.md",
	                              "---\ntitle: Behovsanalys\n---\nVems behov?\n");
	behov->lead = xstrdup("Vems behov löser vi?");
	behov->theme = xstrdup("behov");
	behov->participants_min = 3;
	behov->participants_max = 8;
	behov->minutes[PHASE_BORJA] = 15;
	behov->minutes[PHASE_PROVA] = 30;
	behov->minutes[PHASE_UTVECKLA] = 15;

	document *framtid = fixture_doc(DOC_EXERCISE, "framtid", "Framtidsverkstad & <visioner>",
	                                "exercises/framtid.md",
	                                "---\ntitle: Framtidsverkstad\n---\n![Diagram](../figures/diagram.png)\n");
	framtid->lead = xstrdup("Hur ser vår kommun ut 2040?");
	framtid->theme = xstrdup("framtid");
	framtid->participants_min = 4;
	framtid->participants_max = 20;
	framtid->minutes[PHASE_BORJA] = 10;
	framtid->minutes[PHASE_PROVA] = 25;
	framtid->minutes[PHASE_UTVECKLA] = 10;
	const char *framtid_images[] = { "figures/diagram.png" };
	fixture_replace_strv(&framtid->images, &framtid->nimages, 1, framtid_images);
	const char *framtid_related[] = { "rapport-2024" };
	fixture_replace_strv(&framtid->related, &framtid->nrelated, 1, framtid_related);

	document *rapport = fixture_doc(DOC_REPORT, "rapport-2024", "Lärdomar 2024", "reports/rapport-2024.md",
	                                "---\ntitle: Lärdomar 2024\n---\n# Inledning\n\nText.\n");
	rapport->abstract = xstrdup("Vad vi lärde oss under året.\n\nAndra stycket \"citat\".");
	const char *authors[] = { "Anna Ek", "Bo Ström" };
	fixture_replace_strv(&rapport->authors, &rapport->nauthors, 2, authors);
	fixture_replace_strv(&rapport->images, &rapport->nimages, 1, framtid_images);
	rapport->date = xstrdup("2024-12-01");

	m->ndocs = 3;
	m->docs = xcalloc(3, sizeof *m->docs);
	m->docs[0] = behov;
	m->docs[1] = framtid;
	m->docs[2] = rapport;
	f->m = m;

	const size_t sizes[FIXTURE_DOCS] = { 2100, 3500, 5000 };
	const int pages[FIXTURE_DOCS] = { 2, 3, 12 };
	for (size_t i = 0; i < FIXTURE_DOCS; i++) {
		f->blobs[i] = fixture_blob(m->docs[i]->id, sizes[i]);
		f->docs[i].doc = m->docs[i];
		f->docs[i].pdf = f->blobs[i];
		f->docs[i].pdf_len = sizes[i];
		f->docs[i].pages = pages[i];
		f->docs[i].paper = "A4";
	}
	f->blobs[FIXTURE_DOCS] = fixture_blob("katalog", 4096);
	f->extras[0].path = "katalog.pdf";
	f->extras[0].data = f->blobs[FIXTURE_DOCS];
	f->extras[0].len = 4096;
	f->opt.created = "2025-03-01";
	f->opt.epoch = 1740787200; /* 2025-03-01T00:00:00Z */
	f->opt.generator = "hejapack 0.1.0";
	f->opt.changelog = NULL;
	return f;
}

static void fixture_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			char *child = xasprintf("%s/%s", path, de->d_name);
			fixture_remove_tree(child);
			free(child);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static FIXTURE_UNUSED void fixture_free(fixture *f)
{
	if (!f)
		return;
	fixture_remove_tree(f->root);
	material_free(f->m);
	for (size_t i = 0; i < FIXTURE_DOCS + FIXTURE_EXTRAS; i++)
		free(f->blobs[i]);
	free(f->root);
	free(f->out_dir);
	free(f);
}

/* The path of the bundle fixture_new's material builds into out_dir; caller frees. */
static FIXTURE_UNUSED char *fixture_zip_path(const fixture *f)
{
	return xasprintf("%s/heja-test-1.2.0.zip", f->out_dir);
}

static FIXTURE_UNUSED unsigned char *fixture_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	buf b;
	buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&b, chunk, n);
	fclose(fp);
	return (unsigned char *)buf_detach(&b, len);
}

/* The bytes of one ZIP entry, or NULL; caller frees. */
static FIXTURE_UNUSED unsigned char *fixture_zip_entry(zip_t *za, const char *name, size_t *len)
{
	zip_stat_t st;
	if (zip_stat(za, name, 0, &st) != 0)
		return NULL;
	zip_file_t *zf = zip_fopen(za, name, 0);
	if (!zf)
		return NULL;
	unsigned char *data = xmalloc(st.size + 1);
	zip_int64_t n = zip_fread(zf, data, st.size);
	zip_fclose(zf);
	if (n != (zip_int64_t)st.size) {
		free(data);
		return NULL;
	}
	data[st.size] = '\0';
	*len = st.size;
	return data;
}

#endif
