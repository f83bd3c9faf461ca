#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <time.h>

#include "base/diag.h"
#include "base/hash.h"
#include "base/spool.h"
#include "bundle/package.h"
#include "bundle/verify.h"
#include "bundle_fixture.h"

static const char *const expected_names[] = {
	"heja-test-1.2.0/README.txt",
	"heja-test-1.2.0/bag-info.txt",
	"heja-test-1.2.0/bagit.txt",
	"heja-test-1.2.0/data/index.html",
	"heja-test-1.2.0/data/kallor/bundle.yaml",
	"heja-test-1.2.0/data/kallor/exercises/behov.md",
	"heja-test-1.2.0/data/kallor/exercises/framtid.md",
	"heja-test-1.2.0/data/kallor/figures/diagram.png",
	"heja-test-1.2.0/data/kallor/reports/rapport-2024.md",
	"heja-test-1.2.0/data/katalog.pdf",
	"heja-test-1.2.0/data/ovningar/behov.pdf",
	"heja-test-1.2.0/data/ovningar/framtid.pdf",
	"heja-test-1.2.0/data/rapporter/rapport-2024.pdf",
	"heja-test-1.2.0/manifest-sha256.txt",
	"heja-test-1.2.0/manifest-sha512.txt",
	"heja-test-1.2.0/manifest.json",
	"heja-test-1.2.0/tagmanifest-sha256.txt",
	"heja-test-1.2.0/tagmanifest-sha512.txt",
};
enum { NEXPECTED = sizeof expected_names / sizeof *expected_names };

static int build(fixture *f)
{
	buf captured;
	buf_init(&captured);
	diag_capture(&captured);
	int rc = package_write(f->m, f->docs, FIXTURE_DOCS, f->extras, FIXTURE_EXTRAS, &f->opt, f->out_dir);
	diag_capture(NULL);
	if (rc != 0)
		fprintf(stderr, "%s", captured.data);
	buf_free(&captured);
	return rc;
}

static char *entry_text(zip_t *za, const char *rel)
{
	char *name = xasprintf("heja-test-1.2.0/%s", rel);
	size_t len;
	char *text = (char *)fixture_zip_entry(za, name, &len);
	free(name);
	return text;
}

static void test_layout_and_zip_metadata(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	assert_int_equal(build(f), 0);
	char *path = fixture_zip_path(f);
	int err = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	assert_non_null(za);
	assert_int_equal(zip_get_num_entries(za, 0), NEXPECTED);
	int len = -1;
	const char *comment = zip_get_archive_comment(za, &len, 0);
	assert_true(comment == NULL || len == 0);
	for (zip_uint64_t i = 0; i < NEXPECTED; i++) {
		assert_string_equal(zip_get_name(za, i, ZIP_FL_ENC_RAW), expected_names[i]);
		zip_uint8_t opsys;
		zip_uint32_t attr;
		assert_int_equal(zip_file_get_external_attributes(za, i, 0, &opsys, &attr), 0);
		assert_int_equal(opsys, ZIP_OPSYS_UNIX);
		assert_int_equal(attr, 0100644u << 16);
		zip_stat_t st;
		assert_int_equal(zip_stat_index(za, i, 0, &st), 0);
		/* Deflated; stored only where deflating would not shrink it: the
		 * fixture's tiny or already-compressed files. */
		const char *dot = strrchr(expected_names[i], '.');
		int packed = dot && (strcmp(dot, ".pdf") == 0 || strcmp(dot, ".png") == 0);
		assert_true(st.comp_method == ZIP_CM_DEFLATE ||
			    (st.comp_method == ZIP_CM_STORE && (packed || st.size < 64)));
		assert_int_equal(zip_file_extra_fields_count(za, i, ZIP_FL_LOCAL), 0);
		assert_int_equal(zip_file_extra_fields_count(za, i, ZIP_FL_CENTRAL), 0);
		zip_uint32_t clen = 1;
		zip_file_get_comment(za, i, &clen, 0);
		assert_int_equal(clen, 0);
	}
	zip_discard(za);

	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	size_t zlen;
	unsigned char *zip_bytes = fixture_read(path, &zlen);
	char sha[SHA256_HEX_SIZE];
	sha256_hex(zip_bytes, zlen, sha);
	char *sum_path = xasprintf("%s.sha256", path);
	size_t slen;
	char *sum = (char *)fixture_read(sum_path, &slen);
	char *expected_sum = xasprintf("%s  heja-test-1.2.0.zip\n", sha);
	assert_non_null(sum);
	assert_int_equal(slen, strlen(expected_sum));
	assert_memory_equal(sum, expected_sum, slen);

	/* Every local header's DOS date and time is the epoch read in UTC:
	 * 2025-03-01 00:00:00. */
	unsigned dos_date = ((2025 - 1980) << 9) | (3 << 5) | 1, dos_time = 0;
	size_t headers = 0;
	for (size_t i = 0; i + 30 <= zlen; i++) {
		if (memcmp(zip_bytes + i, "PK\3\4", 4) != 0)
			continue;
		unsigned t = zip_bytes[i + 10] | (zip_bytes[i + 11] << 8);
		unsigned d = zip_bytes[i + 12] | (zip_bytes[i + 13] << 8);
		assert_int_equal(t, dos_time);
		assert_int_equal(d, dos_date);
		headers++;
	}
	assert_true(headers >= NEXPECTED);
	free(zip_bytes);
	free(sum);
	free(sum_path);
	free(expected_sum);
	free(path);
	fixture_free(f);
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_bag_files(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	assert_int_equal(build(f), 0);
	char *path = fixture_zip_path(f);
	int err = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY, &err);
	assert_non_null(za);

	char *bagit = entry_text(za, "bagit.txt");
	assert_string_equal(bagit, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");

	/* Each payload digest, recomputed from the archive, sits in both
	 * manifests with two spaces before the path; the sizes add up to the
	 * Payload-Oxum. */
	char *m256 = entry_text(za, "manifest-sha256.txt");
	char *m512 = entry_text(za, "manifest-sha512.txt");
	unsigned long long octets = 0;
	int payload = 0;
	for (size_t i = 0; i < NEXPECTED; i++) {
		const char *rel = expected_names[i] + strlen("heja-test-1.2.0/");
		size_t len;
		unsigned char *data = fixture_zip_entry(za, expected_names[i], &len);
		assert_non_null(data);
		char d256[SHA256_HEX_SIZE], d512[SHA512_HEX_SIZE];
		sha256_hex(data, len, d256);
		sha512_hex(data, len, d512);
		char *l256 = xasprintf("%s  %s\n", d256, rel);
		char *l512 = xasprintf("%s  %s\n", d512, rel);
		if (strncmp(rel, "data/", 5) == 0) {
			assert_non_null(strstr(m256, l256));
			assert_non_null(strstr(m512, l512));
			octets += len;
			payload++;
		} else {
			assert_null(strstr(m256, rel));
		}
		free(l256);
		free(l512);
		free(data);
	}
	assert_int_equal(payload, 10);
	assert_int_equal(count_lines(m256), payload);
	assert_int_equal(count_lines(m512), payload);

	char *info = entry_text(za, "bag-info.txt");
	char *oxum = xasprintf("Payload-Oxum: %llu.%d\n", octets, payload);
	assert_non_null(strstr(info, oxum));
	assert_non_null(strstr(info, "Source-Organization: HEJA Innovation\n"));
	assert_non_null(strstr(info, "Contact-Name: Förvaltaren\n"));
	assert_non_null(strstr(info, "Contact-Email: forvaltare@example.org\n"));
	assert_non_null(strstr(info, "External-Description: Ett litet testbibliotek med övningar och en rapport.\n"));
	assert_non_null(strstr(info, "External-Identifier: heja-test-1.2.0\n"));
	assert_non_null(strstr(info, "Bagging-Date: 2025-03-01\n"));
	assert_non_null(strstr(info, "Bag-Software-Agent: hejapack 0.1.0\n"));
	assert_non_null(strstr(info, "Bag-Size: "));

	/* The tag manifest covers every tag file but itself and its twin. */
	char *tag = entry_text(za, "tagmanifest-sha256.txt");
	assert_int_equal(count_lines(tag), 6);
	const char *tags[] = { "README.txt", "bag-info.txt", "bagit.txt", "manifest-sha256.txt",
		                   "manifest-sha512.txt", "manifest.json" };
	for (size_t i = 0; i < 6; i++) {
		char *t = entry_text(za, tags[i]);
		char d[SHA256_HEX_SIZE];
		sha256_hex(t, strlen(t), d);
		char *line = xasprintf("%s  %s\n", d, tags[i]);
		assert_non_null(strstr(tag, line));
		free(line);
		free(t);
	}

	/* Sources are archived byte for byte, with the image and bundle.yaml. */
	char *src = entry_text(za, "data/kallor/exercises/framtid.md");
	assert_string_equal(src, f->m->docs[1]->source);
	char *yaml = entry_text(za, "data/kallor/bundle.yaml");
	assert_non_null(strstr(yaml, "id: heja-test"));
	size_t plen;
	char *png_path = xasprintf("%s/figures/diagram.png", f->m->dir);
	unsigned char *png = fixture_read(png_path, &plen);
	size_t zlen;
	unsigned char *zpng = fixture_zip_entry(za, "heja-test-1.2.0/data/kallor/figures/diagram.png", &zlen);
	assert_int_equal(zlen, plen);
	assert_memory_equal(zpng, png, plen);
	size_t pdf_len;
	unsigned char *pdf = fixture_zip_entry(za, "heja-test-1.2.0/data/rapporter/rapport-2024.pdf", &pdf_len);
	assert_int_equal(pdf_len, f->docs[2].pdf_len);
	assert_memory_equal(pdf, f->docs[2].pdf, pdf_len);

	free(pdf);
	free(png);
	free(zpng);
	free(png_path);
	free(yaml);
	free(src);
	free(tag);
	free(info);
	free(oxum);
	free(m256);
	free(m512);
	free(bagit);
	zip_discard(za);
	free(path);
	fixture_free(f);
}

static void test_readme_swedish_and_english(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	f->opt.changelog = "Nya dokument:\n  - framtid 1.0.0: Framtidsverkstad\n";
	char *sv = package_readme(f->m, f->docs, FIXTURE_DOCS, f->extras, FIXTURE_EXTRAS, &f->opt);
	assert_non_null(strstr(sv, "HEJA – test & prov\n==================\n"));
	assert_non_null(strstr(sv, "Kontrollera att inget har ändrats"));
	assert_non_null(strstr(sv, "data/index.html"));
	assert_non_null(strstr(sv, "data/katalog.pdf"));
	assert_non_null(strstr(sv, "sha256sum -c manifest-sha256.txt"));
	assert_non_null(strstr(sv, "shasum -a 256 -c manifest-sha256.txt"));
	assert_non_null(strstr(sv, "Get-FileHash -Algorithm SHA256"));
	assert_non_null(strstr(sv, "hejapack verify heja-test-1.2.0.zip"));
	assert_non_null(strstr(sv, "sha256sum -c heja-test-1.2.0.zip.sha256"));
	assert_non_null(strstr(sv, "licensen CC BY-SA 4.0\n(https://creativecommons.org/licenses/by-sa/4.0/)"));
	assert_non_null(strstr(sv, "övningarna, en PDF-fil och en webbsida\n                           (.html) var (2 st)"));
	assert_non_null(strstr(sv, "rapporterna, en PDF-fil och en webbsida\n                           (.html) var (1 st)"));
	assert_non_null(strstr(sv, "Ändringar i den här versionen"));
	assert_non_null(strstr(sv, "  - framtid 1.0.0: Framtidsverkstad\n"));
	assert_null(strstr(sv, "Where to start"));
	/* Wrapped at 72 columns (counting characters, not bytes). */
	for (const char *line = sv; *line;) {
		const char *end = strchr(line, '\n');
		size_t chars = 0;
		for (const char *c = line; c < end; c++)
			chars += ((unsigned char)*c & 0xC0) != 0x80;
		assert_true(chars <= 80);
		line = end + 1;
	}

	free(f->m->meta.language);
	f->m->meta.language = xstrdup("en");
	f->opt.changelog = NULL;
	char *en = package_readme(f->m, f->docs, FIXTURE_DOCS, f->extras, FIXTURE_EXTRAS, &f->opt);
	assert_non_null(strstr(en, "Where to start"));
	assert_non_null(strstr(en, "Checking that nothing has changed"));
	assert_non_null(strstr(en, "Get-FileHash"));
	assert_null(strstr(en, "Kontrollera"));
	assert_null(strstr(en, "Changes in this version"));
	free(sv);
	free(en);
	fixture_free(f);
}

static unsigned char *build_bytes_under(fixture *f, const char *tz, mode_t mask, const char *locale, size_t *len)
{
	const char *old_tz = getenv("TZ");
	char *saved = old_tz ? xstrdup(old_tz) : NULL;
	setenv("TZ", tz, 1);
	tzset();
	setlocale(LC_ALL, locale);
	mode_t old_mask = umask(mask);
	fixture_remove_tree(f->out_dir);
	int rc = build(f);
	umask(old_mask);
	setlocale(LC_ALL, "C");
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	assert_int_equal(rc, 0);
	/* The caller's TZ is back in force after the build. */
	assert_string_equal(getenv("TZ") ? getenv("TZ") : "(unset)", old_tz ? old_tz : "(unset)");
	char *path = fixture_zip_path(f);
	unsigned char *bytes = fixture_read(path, len);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	free(path);
	return bytes;
}

static void test_reproducible_across_tz_locale_umask(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	/* A summer instant, so the zones differ in DST as well as offset. */
	f->opt.epoch = 1720000000; /* 2024-07-03T09:46:40Z */
	f->opt.created = "2024-07-03";
	size_t a_len, b_len, c_len;
	unsigned char *a = build_bytes_under(f, "America/New_York", 077, "C", &a_len);
	unsigned char *b = build_bytes_under(f, "Asia/Tokyo", 022, "C.UTF-8", &b_len);
	unsigned char *c = build_bytes_under(f, "Europe/Stockholm", 0, "sv_SE.UTF-8", &c_len);
	assert_int_equal(a_len, b_len);
	assert_memory_equal(a, b, a_len);
	assert_int_equal(a_len, c_len);
	assert_memory_equal(a, c, a_len);
	/* 09:46:40 UTC in DOS form, whatever the zone was. */
	unsigned expected_time = (9 << 11) | (46 << 5) | (40 / 2);
	assert_int_equal(a[10] | (a[11] << 8), expected_time);
	free(a);
	free(b);
	free(c);
	fixture_free(f);
}

/* The build keeps a large library's PDFs and HTML pages in a spool rather
 * than in memory: the bundle must not tell the difference. */
static void test_spooled_products_give_the_same_bundle(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	/* One HTML page too, so that both kinds of product are spooled. */
	static unsigned char page[] = "<!DOCTYPE html><p>en sida</p>\n";
	f->docs[0].html = page;
	f->docs[0].html_len = sizeof page - 1;
	assert_int_equal(build(f), 0);
	char *zip_path = fixture_zip_path(f);
	size_t mem_len, spooled_len;
	unsigned char *in_memory = fixture_read(zip_path, &mem_len);
	assert_non_null(in_memory);

	char *err = NULL;
	spool *sp = spool_open(f->root, &err);
	assert_non_null(sp);
	unsigned char *pdfs[FIXTURE_DOCS];
	for (size_t i = 0; i < FIXTURE_DOCS; i++) {
		pdfs[i] = f->docs[i].pdf;
		assert_int_equal(spool_put(sp, pdfs[i], f->docs[i].pdf_len, &f->docs[i].pdf_at, &err), 0);
		f->docs[i].pdf = NULL;
	}
	assert_int_equal(spool_put(sp, page, sizeof page - 1, &f->docs[0].html_at, &err), 0);
	f->docs[0].html = NULL;
	const unsigned char *extra = f->extras[0].data;
	assert_int_equal(spool_put(sp, extra, f->extras[0].len, &f->extras[0].at, &err), 0);
	f->extras[0].data = NULL;
	assert_int_equal(build(f), 0);
	unsigned char *spooled = fixture_read(zip_path, &spooled_len);
	assert_non_null(spooled);
	assert_int_equal(spooled_len, mem_len);
	assert_memory_equal(spooled, in_memory, mem_len);

	for (size_t i = 0; i < FIXTURE_DOCS; i++)
		f->docs[i].pdf = pdfs[i];
	f->docs[0].html = NULL;
	f->docs[0].html_len = 0;
	f->docs[0].html_at = (spool_ref){ 0 };
	f->extras[0].data = extra;
	spool_close(sp);
	free(in_memory);
	free(spooled);
	free(zip_path);
	fixture_free(f);
}

static void test_epoch_before_1980_is_clamped(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	f->opt.epoch = 0; /* SOURCE_DATE_EPOCH=0 is common in reproducible builds */
	size_t len;
	unsigned char *z = build_bytes_under(f, "Pacific/Kiritimati", 022, "C", &len);
	assert_int_equal(z[10] | (z[11] << 8), 0);
	assert_int_equal(z[12] | (z[13] << 8), (0 << 9) | (1 << 5) | 1); /* 1980-01-01 */
	free(z);
	fixture_free(f);
}

static void test_bundle_verifies(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	assert_int_equal(build(f), 0);
	char *path = fixture_zip_path(f);
	buf out;
	buf_init(&out);
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	assert_int_equal(verify_bundle(path, mem), 0);
	fclose(mem);
	assert_non_null(strstr(text, "intact: 10 payload files"));
	free(text);
	buf_free(&out);
	free(path);
	fixture_free(f);
}

/* An error leaves the previous release untouched and writes nothing new. */
static void expect_input_error(fixture *f, const char *needle)
{
	char *path = fixture_zip_path(f);
	size_t before_len;
	unsigned char *before = fixture_read(path, &before_len);
	assert_non_null(before);
	buf captured;
	buf_init(&captured);
	diag_capture(&captured);
	int rc = package_write(f->m, f->docs, FIXTURE_DOCS, f->extras, FIXTURE_EXTRAS, &f->opt, f->out_dir);
	diag_capture(NULL);
	diag_reset();
	assert_int_equal(rc, EXIT_INPUT);
	if (!strstr(captured.data, needle))
		fail_msg("expected \"%s\" in: %s", needle, captured.data);
	size_t after_len;
	unsigned char *after = fixture_read(path, &after_len);
	assert_int_equal(after_len, before_len);
	assert_memory_equal(after, before, before_len);
	buf_free(&captured);
	free(before);
	free(after);
	free(path);
}

static void test_unsafe_names_are_refused(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	assert_int_equal(build(f), 0);

	free(f->m->docs[0]->id);
	f->m->docs[0]->id = xstrdup("../behov");
	expect_input_error(f, "document id '../behov'");
	free(f->m->docs[0]->id);
	f->m->docs[0]->id = xstrdup("behov");

	free(f->m->docs[1]->images[0]);
	f->m->docs[1]->images[0] = xstrdup("figures/saknas.png");
	expect_input_error(f, "saknas.png");
	free(f->m->docs[1]->images[0]);
	f->m->docs[1]->images[0] = xstrdup("figures/bild med mellanslag.png");
	expect_input_error(f, "only ASCII letters");
	free(f->m->docs[1]->images[0]);
	f->m->docs[1]->images[0] = xstrdup("figures/diagram.png");

	f->extras[0].path = "ovningar/Behov.pdf";
	expect_input_error(f, "where case and the composition of letters");
	f->extras[0].path = "index.html/x.pdf";
	expect_input_error(f, "is also the directory of");
	f->extras[0].path = "katalog.pdf";

	f->m->docs[2]->type = DOC_PLAIN;
	expect_input_error(f, "only exercises and reports");
	f->m->docs[2]->type = DOC_REPORT;

	free(f->m->meta.version);
	f->m->meta.version = xstrdup("1.2.0/x");
	expect_input_error(f, "bundle name");
	fixture_free(f);
}

static void test_unwritable_output_is_a_system_error(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	/* A file where the output directory should be. */
	fixture_write(f->out_dir, "x", 1);
	buf captured;
	buf_init(&captured);
	diag_capture(&captured);
	int rc = package_write(f->m, f->docs, FIXTURE_DOCS, f->extras, FIXTURE_EXTRAS, &f->opt, f->out_dir);
	diag_capture(NULL);
	diag_reset();
	assert_int_equal(rc, EXIT_SYSTEM);
	assert_non_null(strstr(captured.data, "output directory"));
	buf_free(&captured);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_and_zip_metadata),
		cmocka_unit_test(test_bag_files),
		cmocka_unit_test(test_readme_swedish_and_english),
		cmocka_unit_test(test_reproducible_across_tz_locale_umask),
		cmocka_unit_test(test_spooled_products_give_the_same_bundle),
		cmocka_unit_test(test_epoch_before_1980_is_clamped),
		cmocka_unit_test(test_bundle_verifies),
		cmocka_unit_test(test_unsafe_names_are_refused),
		cmocka_unit_test(test_unwritable_output_is_a_system_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
