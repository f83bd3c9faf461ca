#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include <jansson.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "bundle/manifest.h"

typedef struct {
	material m;
	document ex, rep;
	document *docs[2];
	theme themes[1];
	char *related[1];
	char *authors[2];
	built_doc built[2];
	extra_file extras[1];
	bundle_options opt;
} small;

/* A two-document material built from literals (nothing to free). */
static void small_init(small *s)
{
	memset(s, 0, sizeof *s);
	s->themes[0] = (theme){ "framtid", "Framtid och omvärld" };
	s->m.dir = "material";
	s->m.meta = (bundle_meta){
		.id = "heja",
		.title = "HEJA – prov",
		.version = "2.0.0",
		.publisher = "HEJA",
		.license = "CC BY 4.0",
		.license_spdx = "CC-BY-4.0",
		.license_url = "https://creativecommons.org/licenses/by/4.0/",
		.website = "https://example.org/original",
		.language = "sv",
		.description = "Övningar.",
		.contact_name = "Anna",
		.contact_url = "https://example.org/heja",
		.themes = s->themes,
		.nthemes = 1,
	};
	s->related[0] = "rapport";
	s->ex = (document){
		.type = DOC_EXERCISE,
		.id = "framtid",
		.title = "Framtid \"2040\"",
		.version = "1.0.0",
		.updated = "2025-01-10",
		.language = "sv",
		.related = s->related,
		.nrelated = 1,
		.lead = "Hur blir det?",
		.theme = "framtid",
		.participants_min = 4,
		.participants_max = 12,
		.minutes = { 10, 20, 15 },
		.rel_path = "exercises/framtid.md",
		.source = "---\ntitle: Framtid\n---\n",
		.source_len = 23,
	};
	s->authors[0] = "Bo";
	s->authors[1] = "Åsa";
	s->rep = (document){
		.type = DOC_REPORT,
		.id = "rapport",
		.title = "Räpport",
		.version = "1.1.0",
		.updated = "2025-02-01",
		.language = "en",
		.abstract = "Kort.",
		.authors = s->authors,
		.nauthors = 2,
		.rel_path = "reports/rapport.md",
		.source = "---\ntitle: Räpport\n---\n",
		.source_len = 24,
	};
	s->docs[0] = &s->ex;
	s->docs[1] = &s->rep;
	s->m.docs = s->docs;
	s->m.ndocs = 2;
	/* The exercise has its page of the HTML edition; the report, as in a
	 * bundle from before the edition, none. */
	s->built[0] = (built_doc){ .doc = &s->ex, .pdf = (unsigned char *)"%PDF-a", .pdf_len = 6, .pages = 2,
				   .paper = "A4", .html = (unsigned char *)"<p>", .html_len = 3 };
	s->built[1] = (built_doc){ .doc = &s->rep, .pdf = (unsigned char *)"%PDF-b", .pdf_len = 6, .pages = 7,
				   .paper = "A5" };
	s->extras[0] = (extra_file){ .path = "katalog.pdf", .data = (const unsigned char *)"KAT", .len = 3 };
	s->opt = (bundle_options){ .created = "2025-03-01",
		                   .epoch = 1740787200,
		                   .generator = "hejapack 0.1.0",
		                   .changelog = "Ny: rapport",
		                   .variant = { .name = "a5-handouts", .paper = "A5", .handouts = 1, .pdfa_part = 1,
		                                .pdfa_conformance = "B" } };
}

static const char expected_json[] =
	"{\n"
	"  \"manifest_version\": 2,\n"
	"  \"id\": \"heja\",\n"
	"  \"identifier\": \"heja-2.0.0-a5-handouts\",\n"
	"  \"title\": \"HEJA – prov\",\n"
	"  \"version\": \"2.0.0\",\n"
	"  \"variant\": {\n"
	"    \"name\": \"a5-handouts\",\n"
	"    \"paper\": \"A5\",\n"
	"    \"handouts\": true,\n"
	"    \"print_shop\": false,\n"
	"    \"pdfa\": \"PDF/A-1b\",\n"
	"    \"tagged\": false\n"
	"  },\n"
	"  \"created\": \"2025-03-01\",\n"
	"  \"publisher\": \"HEJA\",\n"
	"  \"license\": \"CC BY 4.0\",\n"
	"  \"license_spdx\": \"CC-BY-4.0\",\n"
	"  \"license_url\": \"https://creativecommons.org/licenses/by/4.0/\",\n"
	"  \"website\": \"https://example.org/original\",\n"
	"  \"language\": \"sv\",\n"
	"  \"generator\": \"hejapack 0.1.0\",\n"
	"  \"description\": \"Övningar.\",\n"
	"  \"contact\": {\n"
	"    \"name\": \"Anna\",\n"
	"    \"url\": \"https://example.org/heja\"\n"
	"  },\n"
	"  \"changelog\": \"Ny: rapport\",\n"
	"  \"documents\": [\n"
	"    {\n"
	"      \"id\": \"framtid\",\n"
	"      \"type\": \"exercise\",\n"
	"      \"title\": \"Framtid \\\"2040\\\"\",\n"
	"      \"lead\": \"Hur blir det?\",\n"
	"      \"version\": \"1.0.0\",\n"
	"      \"updated\": \"2025-01-10\",\n"
	"      \"language\": \"sv\",\n"
	"      \"pages\": 2,\n"
	"      \"paper\": \"A4\",\n"
	"      \"theme\": {\n"
	"        \"id\": \"framtid\",\n"
	"        \"title\": \"Framtid och omvärld\"\n"
	"      },\n"
	"      \"total_minutes\": 45,\n"
	"      \"participants\": {\n"
	"        \"min\": 4,\n"
	"        \"max\": 12\n"
	"      },\n"
	"      \"pdf\": {\n"
	"        \"path\": \"data/ovningar/framtid.pdf\",\n"
	"        \"bytes\": 6,\n"
	"        \"sha256\": \"ebf8dc76c632875b2f62b2dda81d1de6f19563dbe3a20ab1a1e2589fc731ebc9\",\n"
	"        \"media_type\": \"application/pdf\"\n"
	"      },\n"
	"      \"html\": {\n"
	"        \"path\": \"data/ovningar/framtid.html\",\n"
	"        \"bytes\": 3,\n"
	"        \"sha256\": \"33f2799467177287a29260780a107ac98ea63dd6165f67fcc0d74767d0a82090\",\n"
	"        \"media_type\": \"text/html\"\n"
	"      },\n"
	"      \"source\": {\n"
	"        \"path\": \"data/kallor/exercises/framtid.md\",\n"
	"        \"bytes\": 23,\n"
	"        \"sha256\": \"482625a432e433325a4445f8f29c72ab0026d53036ee0ebc3c21cdded4eb36b6\",\n"
	"        \"media_type\": \"text/markdown\"\n"
	"      },\n"
	"      \"related\": [\n"
	"        \"rapport\"\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"rapport\",\n"
	"      \"type\": \"report\",\n"
	"      \"title\": \"Räpport\",\n"
	"      \"abstract\": \"Kort.\",\n"
	"      \"version\": \"1.1.0\",\n"
	"      \"updated\": \"2025-02-01\",\n"
	"      \"language\": \"en\",\n"
	"      \"pages\": 7,\n"
	"      \"paper\": \"A5\",\n"
	"      \"authors\": [\n"
	"        \"Bo\",\n"
	"        \"Åsa\"\n"
	"      ],\n"
	"      \"pdf\": {\n"
	"        \"path\": \"data/rapporter/rapport.pdf\",\n"
	"        \"bytes\": 6,\n"
	"        \"sha256\": \"cff347309609b487cb774b9b1677201d984d62b4137a36fc2d45dab045ad82e9\",\n"
	"        \"media_type\": \"application/pdf\"\n"
	"      },\n"
	"      \"source\": {\n"
	"        \"path\": \"data/kallor/reports/rapport.md\",\n"
	"        \"bytes\": 24,\n"
	"        \"sha256\": \"19aef6002e5f6340affa3e36c3abdca1dea72e97a43d048b7d2d18f08a210e36\",\n"
	"        \"media_type\": \"text/markdown\"\n"
	"      },\n"
	"      \"related\": []\n"
	"    }\n"
	"  ],\n"
	"  \"extras\": [\n"
	"    {\n"
	"      \"path\": \"data/katalog.pdf\",\n"
	"      \"bytes\": 3,\n"
	"      \"sha256\": \"a6d599d59c297f5065087760987d354b7f068dd4773f6210efcdbc841ec5158b\",\n"
	"      \"media_type\": \"application/pdf\"\n"
	"    }\n"
	"  ],\n"
	"  \"files\": [\n"
	"    {\n"
	"      \"path\": \"data/index.html\",\n"
	"      \"bytes\": 10,\n"
	"      \"sha256\": \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\",\n"
	"      \"media_type\": \"text/html\"\n"
	"    },\n"
	"    {\n"
	"      \"path\": \"data/kallor/figures/a.jpeg\",\n"
	"      \"bytes\": 3,\n"
	"      \"sha256\": \"a6d599d59c297f5065087760987d354b7f068dd4773f6210efcdbc841ec5158b\",\n"
	"      \"media_type\": \"image/jpeg\"\n"
	"    }\n"
	"  ]\n"
	"}\n";

static char *small_json(small *s, size_t *len)
{
	manifest_info mi;
	manifest_describe(&s->m, s->built, 2, s->extras, 1, &s->opt, &mi);
	manifest_add_file(&mi, "data/index.html", 10, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	manifest_add_file(&mi, "data/kallor/figures/a.jpeg", 3,
	                  "a6d599d59c297f5065087760987d354b7f068dd4773f6210efcdbc841ec5158b");
	char *err = NULL;
	char *json = manifest_to_json(&mi, len, &err);
	manifest_info_free(&mi);
	assert_null(err);
	assert_non_null(json);
	return json;
}

static void test_exact_json(void **state)
{
	(void)state;
	small s;
	small_init(&s);
	size_t len;
	char *json = small_json(&s, &len);
	assert_string_equal(json, expected_json);
	assert_int_equal(len, strlen(expected_json));
	free(json);
}

static void test_round_trip(void **state)
{
	(void)state;
	small s;
	small_init(&s);
	size_t len;
	char *json = small_json(&s, &len);
	manifest_info mi;
	char *err = NULL;
	assert_int_equal(manifest_parse(json, len, &mi, &err), 0);
	assert_int_equal(mi.ndocs, 2);
	assert_string_equal(mi.docs[0].id, "framtid");
	assert_int_equal(mi.docs[0].type, DOC_EXERCISE);
	assert_int_equal(mi.docs[0].total_minutes, 45);
	assert_int_equal(mi.docs[0].participants_max, 12);
	assert_string_equal(mi.docs[0].theme_title, "Framtid och omvärld");
	assert_int_equal(mi.docs[1].type, DOC_REPORT);
	assert_string_equal(mi.docs[1].authors[1], "Åsa");
	assert_int_equal(mi.docs[1].source.bytes, 24);
	assert_string_equal(mi.extras[0].path, "data/katalog.pdf");
	assert_string_equal(mi.extras[0].media_type, "application/pdf");
	assert_string_equal(mi.docs[0].source.media_type, "text/markdown");
	assert_string_equal(mi.docs[0].html.path, "data/ovningar/framtid.html");
	assert_int_equal(mi.docs[0].html.bytes, 3);
	assert_string_equal(mi.docs[0].html.media_type, "text/html");
	assert_null(mi.docs[1].html.path);
	assert_null(mi.contact_email);
	assert_string_equal(mi.identifier, "heja-2.0.0-a5-handouts");
	assert_string_equal(mi.variant_name, "a5-handouts");
	assert_string_equal(mi.paper, "A5");
	assert_int_equal(mi.handouts, 1);
	assert_int_equal(mi.print_shop, 0);
	assert_string_equal(mi.pdfa, "PDF/A-1b");
	assert_int_equal(mi.tagged, 0);
	assert_string_equal(mi.license_spdx, "CC-BY-4.0");
	assert_string_equal(mi.website, "https://example.org/original");
	assert_int_equal(mi.nfiles, 2);
	assert_string_equal(mi.files[0].media_type, "text/html");
	assert_string_equal(mi.files[1].path, "data/kallor/figures/a.jpeg");
	assert_string_equal(mi.files[1].media_type, "image/jpeg");
	assert_int_equal(mi.files[1].bytes, 3);
	size_t len2;
	char *again = manifest_to_json(&mi, &len2, &err);
	assert_string_equal(again, json);
	manifest_info_free(&mi);
	free(again);
	free(json);
}

static void expect_parse_error(const char *json, const char *needle)
{
	manifest_info mi;
	char *err = NULL;
	assert_int_equal(manifest_parse(json, strlen(json), &mi, &err), -1);
	assert_non_null(err);
	if (!strstr(err, needle))
		fail_msg("expected \"%s\" in \"%s\"", needle, err);
	assert_null(mi.docs);
	free(err);
}

static void test_parse_errors(void **state)
{
	(void)state;
	expect_parse_error("{", "manifest.json:1:");
	expect_parse_error("[]", "expected an object");
	expect_parse_error("{\"id\": \"x\"}", "manifest_version: missing");
	expect_parse_error("{\"manifest_version\": 3, \"id\": \"x\", \"version\": \"1\", \"documents\": []}",
	                   "manifest_version 3 is not one this hejapack reads");
	/* Version 2 must say which copy it is and list its files. */
	expect_parse_error("{\"manifest_version\": 2, \"id\": \"x\", \"version\": \"1\", \"documents\": []}",
	                   "identifier: missing");
	expect_parse_error("{\"manifest_version\": 2, \"id\": \"x\", \"identifier\": \"x-1\", \"version\": \"1\", "
	                   "\"documents\": [], \"files\": []}",
	                   "variant: missing");
	expect_parse_error("{\"manifest_version\": 2, \"id\": \"x\", \"identifier\": \"x-1\", \"version\": \"1\", "
	                   "\"variant\": {\"name\": \"standard\", \"paper\": \"A4\", \"handouts\": false, "
	                   "\"print_shop\": false, \"pdfa\": \"none\", \"tagged\": 0}, \"documents\": [], \"files\": []}",
	                   "variant.tagged: expected true or false");
	expect_parse_error("{\"manifest_version\": 2, \"id\": \"x\", \"identifier\": \"x-1\", \"version\": \"1\", "
	                   "\"variant\": {\"name\": \"standard\", \"paper\": \"A4\", \"handouts\": false, "
	                   "\"print_shop\": false, \"pdfa\": \"none\", \"tagged\": false}, \"documents\": []}",
	                   "files: missing");
	expect_parse_error("{\"manifest_version\": 1, \"id\": \"x\", \"version\": \"1\"}", "documents: missing");
	expect_parse_error("{\"manifest_version\": 1, \"id\": \"x\", \"id\": \"y\", \"version\": \"1\", \"documents\": []}",
	                   "duplicate object key");
	expect_parse_error("{\"manifest_version\": 1, \"id\": 5, \"version\": \"1\", \"documents\": []}",
	                   "id: expected a string");
	const char *bad_doc = "{\"manifest_version\": 1, \"id\": \"x\", \"version\": \"1\", \"documents\": [{\"id\": \"a\", "
	                      "\"type\": \"poem\", \"version\": \"1\", \"pdf\": {\"path\": \"data/a.pdf\", \"bytes\": 1, "
	                      "\"sha256\": \"ab\"}, \"source\": {\"path\": \"data/a.md\", \"bytes\": -1, \"sha256\": "
	                      "\"ab\"}}]}";
	expect_parse_error(bad_doc, "documents[0]: type must be");
	const char *bad_sha = "{\"manifest_version\": 1, \"id\": \"x\", \"version\": \"1\", \"documents\": [{\"id\": \"a\", "
	                      "\"type\": \"report\", \"version\": \"1\", \"pdf\": {\"path\": \"data/a.pdf\", \"bytes\": 1, "
	                      "\"sha256\": \"AB\"}, \"source\": {}}]}";
	expect_parse_error(bad_sha, "documents[0].pdf: sha256 is not 64 lowercase");
	const char *neg = "{\"manifest_version\": 1, \"id\": \"x\", \"version\": \"1\", \"documents\": [], \"extras\": "
	                  "[{\"path\": \"data/k.pdf\", \"bytes\": -4, \"sha256\": "
	                  "\"a6d599d59c297f5065087760987d354b7f068dd4773f6210efcdbc841ec5158b\"}]}";
	expect_parse_error(neg, "extras[0].bytes: expected a non-negative integer");
}

/* Bundles written before version 2 still read: no identifier, variant or files. */
static void test_version_1_still_read(void **state)
{
	(void)state;
	const char *v1 = "{\"manifest_version\": 1, \"id\": \"x\", \"version\": \"1\", \"documents\": [], \"extras\": "
	                 "[{\"path\": \"data/k.pdf\", \"bytes\": 4, \"sha256\": "
	                 "\"a6d599d59c297f5065087760987d354b7f068dd4773f6210efcdbc841ec5158b\"}]}";
	manifest_info mi;
	char *err = NULL;
	assert_int_equal(manifest_parse(v1, strlen(v1), &mi, &err), 0);
	assert_int_equal(mi.manifest_version, 1);
	assert_null(mi.identifier);
	assert_null(mi.variant_name);
	assert_int_equal(mi.nfiles, 0);
	assert_null(mi.extras[0].media_type);
	manifest_info_free(&mi);
}

/* The variant's name and PDF/A part come from the build settings. */
static void test_variant_names(void **state)
{
	(void)state;
	const struct {
		const char *paper;
		int handouts, print;
		const char *name;
	} cases[] = {
		{ "A4", 0, 0, "" },          { "a4", 0, 0, "" },          { "A5", 0, 0, "a5" },
		{ "Letter", 0, 0, "letter" }, { "A4", 1, 0, "handouts" }, { "A4", 0, 1, "print" },
		{ "A5", 1, 1, "a5-handouts-print" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *n = contents_variant_name(cases[i].paper, cases[i].handouts, cases[i].print);
		assert_string_equal(n, cases[i].name);
		free(n);
	}
	bundle_variant v = { .pdfa_part = 2, .pdfa_conformance = "A" };
	char *p = contents_pdfa_name(&v);
	assert_string_equal(p, "PDF/A-2a");
	free(p);
	v.pdfa_part = 0;
	assert_null(contents_pdfa_name(&v));
	small s;
	small_init(&s);
	char *bag = contents_bag_name(&s.m, &s.opt);
	assert_string_equal(bag, "heja-2.0.0-a5-handouts");
	free(bag);
	s.opt.variant.name = "";
	bag = contents_bag_name(&s.m, &s.opt);
	assert_string_equal(bag, "heja-2.0.0");
	free(bag);
	assert_string_equal(contents_media_type("data/kallor/bundle.yaml"), "application/yaml");
	assert_string_equal(contents_media_type("data/x.PDF"), "application/octet-stream");
}

static void test_invalid_utf8_is_refused(void **state)
{
	(void)state;
	small s;
	small_init(&s);
	s.rep.title = "R\xe4pport"; /* Latin-1, not UTF-8 */
	manifest_info mi;
	manifest_describe(&s.m, s.built, 2, s.extras, 1, &s.opt, &mi);
	char *err = NULL;
	size_t len;
	assert_null(manifest_to_json(&mi, &len, &err));
	assert_string_equal(err, "manifest.json: the value of \"title\" is not valid UTF-8");
	free(err);
	manifest_info_free(&mi);
}

static void test_optional_fields_are_omitted(void **state)
{
	(void)state;
	small s;
	small_init(&s);
	s.m.meta.contact_name = NULL;
	s.m.meta.contact_url = NULL;
	s.m.meta.description = NULL;
	s.opt.changelog = NULL;
	s.ex.participants_min = s.ex.participants_max = 0;
	s.ex.theme = "okänt";
	s.rep.nauthors = 0;
	size_t len;
	char *json = small_json(&s, &len);
	assert_null(strstr(json, "\"contact\""));
	assert_null(strstr(json, "\"description\""));
	assert_null(strstr(json, "\"changelog\""));
	assert_null(strstr(json, "\"participants\""));
	assert_null(strstr(json, "\"authors\""));
	assert_non_null(strstr(json, "\"theme\": {\n        \"id\": \"okänt\"\n      },"));
	free(json);
}



static json_t *resolve(json_t *schema, json_t *node)
{
	json_t *ref = json_object_get(node, "$ref");
	if (!ref)
		return node;
	const char *r = json_string_value(ref);
	assert_true(strncmp(r, "#/$defs/", 8) == 0);
	json_t *target = json_object_get(json_object_get(schema, "$defs"), r + 8);
	assert_non_null(target);
	return target;
}

/* Every key the writer emits is declared in the schema (which forbids
 * others), and every key the schema requires is emitted. */
static void check_against(json_t *schema, json_t *node_schema, json_t *value, const char *where)
{
	node_schema = resolve(schema, node_schema);
	if (json_is_object(value)) {
		json_t *props = json_object_get(node_schema, "properties");
		assert_non_null(props);
		assert_true(json_is_false(json_object_get(node_schema, "additionalProperties")));
		const char *key;
		json_t *v;
		json_object_foreach(value, key, v) {
			json_t *sub = json_object_get(props, key);
			if (!sub)
				fail_msg("%s.%s is not in the schema", where, key);
			char *w = xasprintf("%s.%s", where, key);
			check_against(schema, sub, v, w);
			free(w);
		}
		size_t i;
		json_t *req;
		json_array_foreach(json_object_get(node_schema, "required"), i, req) {
			if (!json_object_get(value, json_string_value(req)))
				fail_msg("%s lacks required %s", where, json_string_value(req));
		}
	} else if (json_is_array(value)) {
		json_t *items = json_object_get(node_schema, "items");
		assert_non_null(items);
		size_t i;
		json_t *v;
		json_array_foreach(value, i, v) check_against(schema, items, v, where);
	}
}

static void test_schema_matches_writer(void **state)
{
	(void)state;
	char *path = source_file("docs/manifest.schema.json");
	if (!path)
		fail_msg("docs/manifest.schema.json not found");
	json_error_t je;
	json_t *schema = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!schema)
		fail_msg("%s: %s", path, je.text);
	assert_string_equal(json_string_value(json_object_get(schema, "$schema")),
	                    "https://json-schema.org/draft/2020-12/schema");
	small s;
	small_init(&s);
	size_t len;
	char *json = small_json(&s, &len);
	json_t *value = json_loadb(json, len, 0, &je);
	assert_non_null(value);
	check_against(schema, schema, value, "manifest");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(schema, "properties"),
	                                                                    "manifest_version"),
	                                                    "const")),
	                 MANIFEST_VERSION);
	json_decref(value);
	json_decref(schema);
	free(json);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_json),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_version_1_still_read),
		cmocka_unit_test(test_variant_names),
		cmocka_unit_test(test_invalid_utf8_is_refused),
		cmocka_unit_test(test_optional_fields_are_omitted),
		cmocka_unit_test(test_schema_matches_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
