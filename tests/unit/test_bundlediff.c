#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/diag.h"
#include "bundle/bundlediff.h"
#include "bundle_fixture.h"

static void write_bundle(fixture *f, const built_doc *docs, size_t ndocs)
{
	buf captured;
	buf_init(&captured);
	diag_capture(&captured);
	int rc = package_write(f->m, docs, ndocs, f->extras, FIXTURE_EXTRAS, &f->opt, f->out_dir);
	diag_capture(NULL);
	if (rc != 0)
		fail_msg("%s", captured.data);
	buf_free(&captured);
}

typedef struct {
	fixture *f;
	char *old_zip, *new_zip;
	document *added;
	unsigned char *new_pdf;
} two_releases;

/* 1.2.0 as the fixture has it; 1.3.0 where behov has a new PDF and version,
 * framtid a new source under the same version, rapport-2024 is gone and
 * the exercise "ny" is new. */
static void make_releases(two_releases *r)
{
	fixture *f = fixture_new();
	r->f = f;
	write_bundle(f, f->docs, FIXTURE_DOCS);
	r->old_zip = fixture_zip_path(f);

	free(f->m->meta.version);
	f->m->meta.version = xstrdup("1.3.0");
	document *behov = f->m->docs[0], *framtid = f->m->docs[1];
	free(behov->version);
	behov->version = xstrdup("1.1.0");
	r->new_pdf = fixture_blob("behov v1.1", 2200);
	free(framtid->source);
	framtid->source = xstrdup("---\ntitle: Framtidsverkstad\n---\nÄndrad text.\n");
	framtid->source_len = strlen(framtid->source);
	r->added = fixture_doc(DOC_EXERCISE, "ny", "Ny övning", "exercises/ny.md", "---\ntitle: Ny\n---\n");
	free(r->added->theme);
	r->added->theme = xstrdup("forsta");
	built_doc docs[3] = { f->docs[0], f->docs[1], f->docs[0] };
	docs[0].pdf = r->new_pdf;
	docs[0].pdf_len = 2200;
	docs[2].doc = r->added;
	write_bundle(f, docs, 3);
	r->new_zip = xasprintf("%s/heja-test-1.3.0.zip", f->out_dir);
}

static void free_releases(two_releases *r)
{
	free(r->old_zip);
	free(r->new_zip);
	free(r->new_pdf);
	document_free(r->added);
	fixture_free(r->f);
}

/* The page of the HTML edition counts as a part of its document: a page
 * that changes, or appears in a bundle made after one without pages. */
static void test_html_page_changes(void **state)
{
	(void)state;
	manifest_doc od[3] = { { .id = "a", .version = "1.0.0" }, { .id = "b", .version = "1.0.0" },
	                       { .id = "c", .version = "1.0.0" } };
	manifest_doc nd[3];
	memcpy(nd, od, sizeof nd);
	for (int i = 0; i < 3; i++) {
		memset(od[i].pdf.sha256, 'a', 64);
		memset(od[i].source.sha256, 'b', 64);
	}
	memcpy(nd, od, sizeof nd);
	od[0].html.path = nd[0].html.path = "data/ovningar/a.html";
	memset(od[0].html.sha256, 'c', 64);
	memset(nd[0].html.sha256, 'd', 64); /* a: only the page changed */
	nd[1].html.path = "data/ovningar/b.html"; /* b: a page where there was none */
	memset(nd[1].html.sha256, 'e', 64);
	od[2].html = nd[2].html = od[0].html;  /* c: nothing changed */
	nd[2].html.path = od[2].html.path = "data/ovningar/c.html";
	manifest_info a = { .docs = od, .ndocs = 3 }, b = { .docs = nd, .ndocs = 3 };
	bundle_changes c;
	bundle_diff_manifests(&a, &b, &c);
	assert_int_equal(c.n, 2);
	assert_true(c.items[0].html_changed && !c.items[0].pdf_changed && !c.items[0].source_changed);
	assert_false(c.items[0].version_unchanged);
	assert_true(c.items[1].html_changed);
	char *sv = bundle_changes_text(&c, "sv");
	assert_string_equal(sv, "Ändrade dokument:\n  - a 1.0.0 (bara webbsidan)\n  - b 1.0.0 (bara webbsidan)\n");
	free(sv);
	memset(nd[0].pdf.sha256, 'f', 64);
	memset(nd[0].source.sha256, 'f', 64);
	bundle_changes_free(&c);
	bundle_diff_manifests(&a, &b, &c);
	char *en = bundle_changes_text(&c, "en");
	assert_non_null(strstr(en, "  - a 1.0.0 (text, PDF and web page)\n"));
	free(en);
	bundle_changes_free(&c);
}

static void test_diff_manifests(void **state)
{
	(void)state;
	two_releases r;
	make_releases(&r);
	manifest_info a, b;
	char *err = NULL;
	assert_int_equal(bundle_read_manifest(r.old_zip, &a, &err), 0);
	assert_int_equal(bundle_read_manifest(r.new_zip, &b, &err), 0);
	assert_string_equal(a.version, "1.2.0");
	assert_string_equal(b.version, "1.3.0");
	bundle_changes c;
	bundle_diff_manifests(&a, &b, &c);
	assert_int_equal(c.n, 4);
	assert_int_equal(c.items[0].kind, CHANGE_CHANGED);
	assert_string_equal(c.items[0].new_doc->id, "behov");
	assert_true(c.items[0].pdf_changed);
	assert_false(c.items[0].source_changed);
	assert_false(c.items[0].version_unchanged);
	assert_int_equal(c.items[1].kind, CHANGE_CHANGED);
	assert_string_equal(c.items[1].new_doc->id, "framtid");
	assert_false(c.items[1].pdf_changed);
	assert_true(c.items[1].source_changed);
	assert_true(c.items[1].version_unchanged);
	assert_int_equal(c.items[2].kind, CHANGE_ADDED);
	assert_string_equal(c.items[2].new_doc->id, "ny");
	assert_null(c.items[2].old_doc);
	assert_int_equal(c.items[3].kind, CHANGE_REMOVED);
	assert_string_equal(c.items[3].old_doc->id, "rapport-2024");
	assert_null(c.items[3].new_doc);

	size_t n;
	const bundle_change **unversioned = bundle_changes_unversioned(&c, &n);
	assert_int_equal(n, 1);
	assert_ptr_equal(unversioned[0], &c.items[1]);
	free(unversioned);

	char *sv = bundle_changes_text(&c, "sv");
	assert_string_equal(sv, "Nya dokument:\n"
	                        "  - ny 1.0.0: Ny övning\n"
	                        "\n"
	                        "Ändrade dokument:\n"
	                        "  - behov 1.0.0 -> 1.1.0: Behovsanalys (bara PDF-filen)\n"
	                        "  - framtid 1.0.0: Framtidsverkstad & <visioner> (texten)\n"
	                        "\n"
	                        "Borttagna dokument:\n"
	                        "  - rapport-2024 1.0.0: Lärdomar 2024\n");
	char *en = bundle_changes_text(&c, "en");
	assert_non_null(strstr(en, "Added documents:\n  - ny 1.0.0: Ny övning\n"));
	assert_non_null(strstr(en, "(PDF only)"));
	assert_non_null(strstr(en, "(text only)"));
	free(sv);
	free(en);

	/* A release compared with itself: nothing. */
	bundle_changes none;
	bundle_diff_manifests(&b, &b, &none);
	assert_int_equal(none.n, 0);
	char *empty = bundle_changes_text(&none, "sv");
	assert_string_equal(empty, "");
	free(empty);
	bundle_changes_free(&none);
	bundle_changes_free(&c);
	manifest_info_free(&a);
	manifest_info_free(&b);
	free_releases(&r);
}

static void test_cli_output(void **state)
{
	(void)state;
	two_releases r;
	make_releases(&r);
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	assert_int_equal(bundle_diff(r.old_zip, r.new_zip, mem), 0);
	fclose(mem);
	assert_non_null(strstr(text, "Changed documents:\n  - behov 1.0.0 -> 1.1.0: Behovsanalys (PDF only)\n"));
	assert_non_null(strstr(text, "warning: framtid: the source changed but the version is still 1.0.0\n"));
	assert_non_null(strstr(text, "heja-test 1.2.0 -> heja-test 1.3.0: 1 added, 2 changed, 1 removed\n"));
	free(text);

	mem = open_memstream(&text, &len);
	assert_int_equal(bundle_diff(r.old_zip, "/nonexistent.zip", mem), 3);
	fclose(mem);
	assert_non_null(strstr(text, "/nonexistent.zip"));
	free(text);

	char *junk = xasprintf("%s/junk.zip", r.f->root);
	fixture_write(junk, "not a zip", 9);
	mem = open_memstream(&text, &len);
	assert_int_equal(bundle_diff(junk, r.new_zip, mem), 1);
	fclose(mem);
	free(text);
	free(junk);
	free_releases(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_page_changes),
		cmocka_unit_test(test_diff_manifests),
		cmocka_unit_test(test_cli_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
