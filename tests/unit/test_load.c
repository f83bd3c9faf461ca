/* Unit tests for load: the small valid material in tests/fixtures/mini loads
 * with exactly the expected values (defaults included), a copy with BOM and
 * CRLF loads the same, and every copy with one defect (tests/fixtures/bad/NAME,
 * made by tests/fixtures/make-bad.py) is refused with exactly the messages in
 * its EXPECTED file. Also load_single, and fs_normalize_relative, which the
 * loader uses to resolve links and images.
 *
 * Run from the repository root (make unit does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/util.h"
#include "material/load.h"
#include "material/model.h"

#define FIXTURES "tests/fixtures"




static void assert_strv(char *const *items, size_t n, const char *const *expected, size_t nexpected)
{
	assert_int_equal(n, nexpected);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(items[i], expected[i]);
}

/* The values of tests/fixtures/mini, whatever the line ends. */
static void assert_mini(const material *m, const char *dir)
{
	assert_non_null(m);
	assert_string_equal(m->dir, dir);
	const bundle_meta *b = &m->meta;
	assert_string_equal(b->id, "mini-material");
	assert_string_equal(b->title, "Minimaterial – för tester");
	assert_string_equal(b->version, "1.2.3");
	assert_string_equal(b->language, "sv");
	assert_string_equal(b->description, "Ett litet material för hejapacks tester, med två övningar och en rapport.");
	assert_string_equal(b->contact_email, "test@example.org");
	assert_int_equal(b->nthemes, 2);
	assert_string_equal(b->themes[1].title, "Behov och insikter");

	/* Exercises first, then reports, each by id. */
	assert_int_equal(m->ndocs, 3);
	const document *alfa = m->docs[0], *beta = m->docs[1], *rep = m->docs[2];

	assert_int_equal(alfa->type, DOC_EXERCISE);
	assert_string_equal(alfa->id, "alfa");
	assert_string_equal(alfa->title, "Alfa – en övning");
	assert_string_equal(alfa->lead, "Hur får vi syn på det vi gör varje dag?");
	assert_string_equal(alfa->theme, "kultur");
	assert_string_equal(alfa->audience, "Alla arbetsgrupper");
	assert_int_equal(alfa->participants_min, 3);
	assert_int_equal(alfa->participants_max, 12);
	static const char *const alfa_materials[] = { "Papper och pennor", "En whiteboard" };
	assert_strv(alfa->materials, alfa->nmaterials, alfa_materials, 2);
	assert_int_equal(alfa->minutes[PHASE_BORJA], 5);
	assert_int_equal(alfa->minutes[PHASE_PROVA], 20);
	assert_int_equal(alfa->minutes[PHASE_UTVECKLA], 10);
	assert_int_equal(document_total_minutes(alfa), 35);
	static const char *const alfa_related[] = { "rapporten" };
	assert_strv(alfa->related, alfa->nrelated, alfa_related, 1);
	assert_string_equal(alfa->version, "1.0.0");
	assert_string_equal(alfa->updated, "2024-03-01");
	assert_string_equal(alfa->language, "sv"); /* from bundle.yaml */
	assert_string_equal(alfa->rel_path, "exercises/alfa.md");
	char *alfa_path = fs_join(dir, "exercises/alfa.md");
	assert_string_equal(alfa->path, alfa_path);
	free(alfa_path);
	assert_int_equal(alfa->body_line, 19);
	static const char *const alfa_images[] = { "figures/figur.png" };
	assert_strv(alfa->images, alfa->nimages, alfa_images, 1);
	assert_true(alfa->source_len > alfa->body_offset);
	assert_non_null(strstr(alfa->source + alfa->body_offset, "Övningen börjar med en fråga"));

	assert_string_equal(beta->id, "beta");
	assert_int_equal(beta->participants_min, 2); /* "2–6" with an en dash */
	assert_int_equal(beta->participants_max, 6);
	assert_int_equal(beta->nmaterials, 0);
	assert_int_equal(beta->nrelated, 0);
	assert_string_equal(beta->version, "2024.2");
	assert_string_equal(beta->language, "en"); /* its own */
	assert_int_equal(document_total_minutes(beta), 55);
	assert_int_equal(beta->nimages, 0);

	assert_int_equal(rep->type, DOC_REPORT);
	assert_string_equal(rep->id, "rapporten");
	assert_string_equal(rep->subtitle, "En rapport om övningarna");
	static const char *const authors[] = { "Anna Andersson", "Bertil Berg" };
	assert_strv(rep->authors, rep->nauthors, authors, 2);
	assert_string_equal(rep->date, "2024-02-29");
	assert_string_equal(rep->updated, "2024-02-29"); /* defaults to date */
	assert_string_equal(rep->abstract, "En kort rapport som sammanfattar övningarna.");
	assert_int_equal(rep->numbered, 1);
	static const char *const rep_related[] = { "alfa", "beta" };
	assert_strv(rep->related, rep->nrelated, rep_related, 2);
	assert_string_equal(rep->language, "sv");
	assert_null(rep->theme);

	assert_ptr_equal(material_find(m, "beta"), beta);
	assert_null(material_find(m, "gamma"));
	char *pdf = document_pdf_path(alfa);
	assert_string_equal(pdf, "ovningar/alfa.pdf");
	free(pdf);
	pdf = document_pdf_path(rep);
	assert_string_equal(pdf, "rapporter/rapporten.pdf");
	free(pdf);
}

static void test_mini_material_values(void **state)
{
	(void)state;
	material *m = load_material(FIXTURES "/mini");
	assert_mini(m, FIXTURES "/mini");
	assert_int_equal(messages.len, 0);
	assert_int_equal(diag_exit_status(), EXIT_OK);
	material_free(m);
}

static void test_bom_and_crlf_load_the_same(void **state)
{
	(void)state;
	material *m = load_material(FIXTURES "/ok-crlf-bom");
	assert_mini(m, FIXTURES "/ok-crlf-bom");
	assert_int_equal(messages.len, 0);
	/* The file really has them (make-bad.py wrote them). */
	const document *alfa = m->docs[0];
	assert_memory_equal(alfa->source, "\xEF\xBB\xBF---\r\n", 6);
	material_free(m);
}

/* A lean load keeps no source but its digests; holding it again gives the
 * bytes a full load keeps, and only while the file is still those bytes. */
static void test_lean_load_reads_sources_back_and_verifies_them(void **state)
{
	(void)state;
	material *full = load_material(FIXTURES "/mini");
	material *m = load_material_lean(FIXTURES "/mini");
	assert_non_null(full);
	assert_non_null(m);
	assert_int_equal(m->ndocs, full->ndocs);
	for (size_t i = 0; i < m->ndocs; i++) {
		document *d = m->docs[i];
		assert_null(d->source);
		assert_string_equal(d->source_sha256, full->docs[i]->source_sha256);
		assert_string_equal(d->front_sha256, full->docs[i]->front_sha256);
		assert_true(load_source_hold(d));
		assert_int_equal(d->source_len, full->docs[i]->source_len);
		assert_memory_equal(d->source, full->docs[i]->source, d->source_len);
		load_source_let_go(d);
		assert_null(d->source);
	}
	assert_int_equal(messages.len, 0);

	/* The same document's file, first as it was loaded, then edited, then gone. */
	document *d = m->docs[0];
	char path[] = "/tmp/hejapack-test-load-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, full->docs[0]->source, d->source_len), (ssize_t)d->source_len);
	free(d->path);
	d->path = xstrdup(path);
	assert_true(load_source_hold(d));
	load_source_let_go(d);
	assert_int_equal(write(fd, "\n", 1), 1);
	close(fd);
	assert_false(load_source_hold(d));
	assert_null(d->source);
	char *expected = xasprintf("%s: error: changed while hejapack was using it: run it again to take in the "
				   "change\n", path);
	assert_string_equal(messages.data, expected);
	free(expected);
	assert_int_equal(diag_exit_status(), EXIT_INPUT);
	unlink(path);
	buf_clear(&messages);
	assert_false(load_source_hold(d));
	assert_non_null(strstr(messages.data, ": error: removed while hejapack was using it"));
	assert_int_equal(diag_exit_status(), EXIT_INPUT);
	material_free(m);
	material_free(full);
}

/* ---- the bad fixtures ------------------------------------------------------------ */

typedef struct {
	char *name;
	char *dir;
	char *expected; /* EXPECTED with {dir} replaced */
} bad_fixture;

static char *replace_dir(const char *text, const char *dir)
{
	buf b;
	buf_init(&b);
	for (const char *p = text; *p;) {
		if (strncmp(p, "{dir}", 5) == 0) {
			buf_puts(&b, dir);
			p += 5;
		} else {
			buf_putc(&b, *p++);
		}
	}
	return buf_detach(&b, NULL);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(((const bad_fixture *)a)->name, ((const bad_fixture *)b)->name);
}

static size_t bad_fixtures(bad_fixture **out)
{
	DIR *d = opendir(FIXTURES "/bad");
	assert_non_null(d);
	bad_fixture *list = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *dir = xasprintf(FIXTURES "/bad/%s", e->d_name);
		char *path = fs_join(dir, "EXPECTED");
		size_t len;
		char *text = fs_read_file(path, &len);
		assert_non_null(text);
		list = xreallocarray(list, n + 1, sizeof *list);
		list[n++] = (bad_fixture){ xstrdup(e->d_name), dir, replace_dir(text, dir) };
		free(text);
		free(path);
	}
	closedir(d);
	qsort(list, n, sizeof *list, compare_names);
	*out = list;
	return n;
}

static void free_bad_fixtures(bad_fixture *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].dir);
		free(list[i].expected);
	}
	free(list);
}

/* Loads a bad fixture; returns 1 when it was refused as bad input. */
static int load_refused(const bad_fixture *f)
{
	buf_clear(&messages);
	diag_reset();
	material *m = load_material(f->dir);
	int refused = m == NULL && diag_exit_status() == EXIT_INPUT;
	material_free(m);
	return refused;
}

/* Every line of `lines` occurs as a whole line of `text`. */
static const char *first_missing_line(const char *lines, const char *text, size_t *len)
{
	for (const char *p = lines; *p;) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		int found = 0;
		for (const char *q = text; *q && !found;) {
			const char *qe = strchr(q, '\n');
			size_t qn = qe ? (size_t)(qe - q) : strlen(q);
			found = qn == n && memcmp(p, q, n) == 0;
			q += qn + (qe != NULL);
		}
		if (!found) {
			*len = n;
			return p;
		}
		p += n + (end != NULL);
	}
	return NULL;
}

static void test_bad_fixtures_report_expected_messages(void **state)
{
	(void)state;
	bad_fixture *list;
	size_t n = bad_fixtures(&list);
	assert_true(n >= 30);
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		if (!load_refused(&list[i])) {
			print_error("%s: not refused as bad input (exit status %d)\n", list[i].name, diag_exit_status());
			failures++;
			continue;
		}
		size_t len;
		const char *missing = first_missing_line(list[i].expected, messages.data, &len);
		if (missing) {
			print_error("%s: missing message\n  %.*s\ngot:\n%s\n", list[i].name, (int)len, missing,
				    messages.data);
			failures++;
		}
	}
	free_bad_fixtures(list, n);
	assert_int_equal(failures, 0);
}

/* No follow-on messages: a document with a defect still exists for the
 * others' related ids and links, and a misplaced phase heading does not make
 * the correctly placed ones after it "out of order". */
static void test_bad_fixtures_report_nothing_else(void **state)
{
	(void)state;
	bad_fixture *list;
	size_t n = bad_fixtures(&list);
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		load_refused(&list[i]);
		if (strcmp(messages.data, list[i].expected) != 0) {
			print_error("%s: messages differ\ngot:\n%sexpected:\n%s\n", list[i].name, messages.data,
				    list[i].expected);
			failures++;
		}
	}
	free_bad_fixtures(list, n);
	assert_int_equal(failures, 0);
}

static void test_alias_bomb_is_refused_quickly(void **state)
{
	(void)state;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	material *m = load_material(FIXTURES "/bad/yaml-alias");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_null(m);
	double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(seconds < 1.0);
	assert_non_null(strstr(messages.data, "YAML aliases (*name) are not allowed in front matter"));
}

static void test_every_broken_file_is_reported(void **state)
{
	(void)state;
	assert_null(load_material(FIXTURES "/bad/three-dates"));
	assert_non_null(strstr(messages.data, "exercises/alfa.md:17:10: error: 'updated' must be a real date"));
	assert_non_null(strstr(messages.data, "exercises/beta.md:14:10: error: 'updated' must be a real date"));
	assert_non_null(strstr(messages.data, "reports/rapporten.md:6:7: error: 'date' must be a real date"));
	assert_true(diag_error_count() >= 3);
}

static void test_missing_directory_is_a_system_error(void **state)
{
	(void)state;
	assert_null(load_material(FIXTURES "/finns-inte"));
	assert_string_equal(messages.data, FIXTURES "/finns-inte: error: not a material directory (it should hold "
					   "bundle.yaml, exercises/ and reports/)\n");
	assert_int_equal(diag_exit_status(), EXIT_SYSTEM);
}

static void test_material_without_documents(void **state)
{
	(void)state;
	assert_null(load_material(FIXTURES "/empty-material"));
	assert_string_equal(messages.data, FIXTURES "/empty-material: error: no documents: put exercises in "
					   "exercises/*.md and reports in reports/*.md\n");
	assert_int_equal(diag_exit_status(), EXIT_INPUT);
}

/* ---- load_single -------------------------------------------------------------- */

static void test_single_plain_file_without_front_matter(void **state)
{
	(void)state;
	material *owner = (material *)&owner; /* must be reset */
	document *d = load_single(FIXTURES "/plain/utan-front-matter.md", &owner);
	assert_non_null(d);
	assert_null(owner);
	assert_int_equal(d->type, DOC_PLAIN);
	assert_null(d->id);
	assert_null(d->title); /* the layout takes it from the first heading */
	assert_null(d->language);
	assert_int_equal(d->body_offset, 0);
	assert_int_equal(d->body_line, 1);
	assert_string_equal(d->rel_path, "utan-front-matter.md");
	assert_int_equal(messages.len, 0);
	document_free(d);
}

static void test_single_file_in_a_material(void **state)
{
	(void)state;
	material *owner = NULL;
	document *d = load_single(FIXTURES "/mini/exercises/beta.md", &owner);
	assert_non_null(d);
	assert_non_null(owner);
	assert_string_equal(d->id, "beta");
	assert_ptr_equal(material_find(owner, "beta"), d);
	assert_int_equal(owner->ndocs, 3);
	assert_int_equal(messages.len, 0);
	material_free(owner);
}

/* A lone file is typeset even with a missing image (shown as its alt
 * text); the problem is a warning at the image. */
static void test_single_plain_file_warns_of_missing_image(void **state)
{
	(void)state;
	material *owner = NULL;
	document *d = load_single(FIXTURES "/plain/saknad-bild.md", &owner);
	assert_non_null(d);
	assert_null(owner);
	assert_string_equal(messages.data,
			    FIXTURES "/plain/saknad-bild.md:3:1: warning: image 'saknas.png' does not exist\n");
	assert_int_equal(diag_warning_count(), 1);
	assert_int_equal(diag_error_count(), 0);
	assert_int_equal(d->nimages, 0);
	document_free(d);
}

static void test_single_file_in_a_bad_material(void **state)
{
	(void)state;
	material *owner = NULL;
	assert_null(load_single(FIXTURES "/bad/bad-version/exercises/beta.md", &owner));
	assert_null(owner);
	assert_non_null(strstr(messages.data, FIXTURES "/bad/bad-version/exercises/alfa.md:16:10: error: "));
	assert_int_equal(diag_exit_status(), EXIT_INPUT);
}

/* ---- fs_normalize_relative ------------------------------------------------------ */

static void expect_normalized(const char *in, const char *out)
{
	char *got = fs_normalize_relative(in);
	if (!out) {
		if (got) {
			print_error("'%s' normalised to '%s', expected NULL\n", in, got);
			free(got);
			fail();
		}
		return;
	}
	if (!got || strcmp(got, out) != 0) {
		print_error("'%s' normalised to '%s', expected '%s'\n", in, got ? got : "(null)", out);
		free(got);
		fail();
	}
	free(got);
}

static void test_normalize_relative(void **state)
{
	(void)state;
	expect_normalized("figures/a.png", "figures/a.png");
	expect_normalized("exercises/../figures/a.png", "figures/a.png");
	expect_normalized("./a", "a");
	expect_normalized("a/./b", "a/b");
	expect_normalized("a//b", "a/b");
	expect_normalized("a/b/", "a/b");
	expect_normalized("a/b/..", "a");
	expect_normalized("a/b/../../c", "c");
	expect_normalized("a/../b/../c/./d", "c/d");
	expect_normalized("..a/b", "..a/b");  /* a name, not a step up */
	expect_normalized("a/...", "a/...");
	/* Climbing above the start, absolute paths, and nothing at all. */
	expect_normalized("../a", NULL);
	expect_normalized("a/../../b", NULL);
	expect_normalized("exercises/../../x.png", NULL);
	expect_normalized("/etc/passwd", NULL);
	expect_normalized("", NULL);
	expect_normalized(".", NULL);
	expect_normalized("a/..", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_mini_material_values),
		TEST(test_bom_and_crlf_load_the_same),
		TEST(test_lean_load_reads_sources_back_and_verifies_them),
		TEST(test_bad_fixtures_report_expected_messages),
		TEST(test_bad_fixtures_report_nothing_else),
		TEST(test_alias_bomb_is_refused_quickly),
		TEST(test_every_broken_file_is_reported),
		TEST(test_missing_directory_is_a_system_error),
		TEST(test_material_without_documents),
		TEST(test_single_plain_file_without_front_matter),
		TEST(test_single_file_in_a_material),
		TEST(test_single_plain_file_warns_of_missing_image),
		TEST(test_single_file_in_a_bad_material),
		TEST(test_normalize_relative),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
