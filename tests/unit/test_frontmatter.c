/* Unit tests for frontmatter: splitting a file into front matter and body
 * (BOM, CRLF, unclosed front matter, empty body, NUL, invalid UTF-8), the
 * schema of exercises, reports, plain documents and bundle.yaml (every kind
 * of error, each with its exact FILE:LINE:COL message), and the validators.
 *
 * Documents are built from a valid front matter with one change each, so a
 * test shows only its defect. Line numbers are file lines: the YAML starts
 * on line 2, after the opening ---. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"
#include "material/frontmatter.h"
#include "material/model.h"
#include "material/yamltree.h"




/* ---- helpers ---------------------------------------------------------------- */

/* base with `old` (which must occur exactly once) replaced by `new_text`. */
static char *changed(const char *base, const char *old, const char *new_text)
{
	const char *at = strstr(base, old);
	assert_non_null(at);
	assert_null(strstr(at + 1, old));
	return xasprintf("%.*s%s%s", (int)(at - base), base, new_text, at + strlen(old));
}

/* Parses yaml (file line 2 onwards) and reads it as a document of type. */
static int read_doc(doc_type type, const char *yaml, document **out)
{
	yt_node *root = yt_parse(yaml, strlen(yaml), "x.md", 2);
	assert_non_null(root);
	document *d = xcalloc(1, sizeof *d);
	d->type = type;
	int errors = fm_read_document(root, "x.md", d);
	yt_free(root);
	if (out)
		*out = d;
	else
		document_free(d);
	return errors;
}

/* Reads base with one change; asserts the messages are exactly `expected`
 * and their count is `errors`. */
static void expect_errors(doc_type type, const char *base, const char *old, const char *new_text, int errors,
			  const char *expected)
{
	char *yaml = changed(base, old, new_text);
	buf_clear(&messages);
	diag_reset();
	int n = read_doc(type, yaml, NULL);
	if (strcmp(messages.data, expected) != 0) {
		print_error("after changing '%s' to '%s'\nmessages:\n%sexpected:\n%s", old, new_text, messages.data,
			    expected);
		fail();
	}
	assert_int_equal(n, errors);
	assert_int_equal(diag_error_count(), (unsigned)errors);
	free(yaml);
}

static const char exercise_yaml[] =
	"id: alfa\n"                          /* 2 */
	"title: \"Alfa – en övning\"\n"       /* 3 */
	"lead: \"Hur får vi syn på det?\"\n"  /* 4 */
	"theme: kultur\n"                     /* 5 */
	"audience: \"Alla arbetsgrupper\"\n"  /* 6 */
	"participants: \"3-12\"\n"            /* 7 */
	"materials:\n"                        /* 8 */
	"  - Papper och pennor\n"             /* 9 */
	"  - En whiteboard\n"                 /* 10 */
	"phases:\n"                           /* 11 */
	"  borja: 5\n"                        /* 12 */
	"  prova: 20\n"                       /* 13 */
	"  utveckla: 10\n"                    /* 14 */
	"related: [beta, rapporten]\n"        /* 15 */
	"version: 1.0.0\n"                    /* 16 */
	"updated: 2024-03-01\n";              /* 17 */

static const char report_yaml[] =
	"id: rapporten\n"                     /* 2 */
	"title: Rapporten\n"                  /* 3 */
	"subtitle: \"Om övningarna\"\n"       /* 4 */
	"authors: [\"Anna Andersson\", \"Bertil Berg\"]\n" /* 5 */
	"date: 2024-02-29\n"                  /* 6 */
	"version: 0.9.0\n"                    /* 7 */
	"abstract: >-\n"                      /* 8 */
	"  En kort rapport som\n"             /* 9 */
	"  sammanfattar   övningarna.\n"      /* 10 */
	"numbered: true\n"                    /* 11 */
	"related: [alfa]\n";                  /* 12 */

static const char bundle_yaml[] =
	"id: mini-material\n"                 /* 1 */
	"title: \"Minimaterial\"\n"           /* 2 */
	"version: 2024.1\n"                   /* 3 */
	"publisher: \"Testförlaget\"\n"       /* 4 */
	"license: \"CC BY-SA 4.0\"\n"         /* 5 */
	"language: sv\n"                      /* 6 */
	"description: >-\n"                   /* 7 */
	"  Ett litet material.\n"             /* 8 */
	"contact:\n"                          /* 9 */
	"  name: \"Testansvarig\"\n"          /* 10 */
	"  email: test@example.org\n"         /* 11 */
	"themes:\n"                           /* 12 */
	"  - id: kultur\n"                    /* 13 */
	"    title: \"Kultur och ledarskap\"\n" /* 14 */
	"  - id: behov\n"                     /* 15 */
	"    title: \"Behov och insikter\"\n"; /* 16 */

/* ---- splitting ---------------------------------------------------------------- */

static int split(const char *text, size_t len, int required, fm_split *out)
{
	return fm_split_text(text, len, "x.md", required, out);
}

static void test_split_plain_front_matter(void **state)
{
	(void)state;
	const char text[] = "---\nid: a\ntitle: b\n---\n\nBody text.\n";
	fm_split s;
	assert_true(split(text, sizeof text - 1, 1, &s));
	assert_true(s.has_front_matter);
	assert_int_equal(s.yaml_offset, 4);
	assert_int_equal(s.yaml_line, 2);
	assert_int_equal(s.yaml_len, strlen("id: a\ntitle: b\n"));
	assert_memory_equal(text + s.yaml_offset, "id: a\ntitle: b\n", s.yaml_len);
	assert_int_equal(s.body_line, 5);
	assert_string_equal(text + s.body_offset, "\nBody text.\n");
	assert_int_equal(messages.len, 0);
}

static void test_split_accepts_bom(void **state)
{
	(void)state;
	const char text[] = "\xEF\xBB\xBF---\nid: a\n---\nBody\n";
	fm_split s;
	assert_true(split(text, sizeof text - 1, 1, &s));
	assert_true(s.has_front_matter);
	assert_int_equal(s.yaml_offset, 7);
	assert_int_equal(s.yaml_len, 6);
	assert_int_equal(s.body_line, 4);
	assert_string_equal(text + s.body_offset, "Body\n");

	/* Without front matter the BOM is not part of the body either. */
	const char plain[] = "\xEF\xBB\xBF# Rubrik\n\nText.\n";
	assert_true(split(plain, sizeof plain - 1, 0, &s));
	assert_false(s.has_front_matter);
	assert_int_equal(s.body_offset, 3);
	assert_int_equal(s.body_line, 1);
	assert_int_equal(messages.len, 0);
}

static void test_split_accepts_crlf(void **state)
{
	(void)state;
	const char text[] = "---\r\nid: a\r\ntitle: \"Å ä\"\r\n---\r\n\r\nBody\r\n";
	fm_split s;
	assert_true(split(text, sizeof text - 1, 1, &s));
	assert_int_equal(s.yaml_offset, 5);
	assert_int_equal(s.yaml_line, 2);
	assert_int_equal(s.body_line, 5);
	assert_string_equal(text + s.body_offset, "\r\nBody\r\n");
	/* The YAML reads without stray carriage returns. */
	yt_node *root = yt_parse(text + s.yaml_offset, s.yaml_len, "x.md", s.yaml_line);
	assert_non_null(root);
	assert_string_equal(yt_get(root, "id")->value, "a");
	assert_string_equal(yt_get(root, "title")->value, "Å ä");
	assert_int_equal(yt_get(root, "title")->line, 3);
	yt_free(root);
	assert_int_equal(messages.len, 0);
}

static void test_split_fence_variants(void **state)
{
	(void)state;
	fm_split s;
	/* "..." closes YAML too; blanks after a fence are harmless. */
	const char dots[] = "--- \t\nid: a\n...\nBody\n";
	assert_true(split(dots, sizeof dots - 1, 1, &s));
	assert_int_equal(s.yaml_len, 6);
	assert_int_equal(s.body_line, 4);
	/* "----" is no fence: a required front matter is missing. */
	const char four[] = "----\nid: a\n---\nBody\n";
	assert_false(split(four, sizeof four - 1, 1, &s));
	assert_string_equal(messages.data, "x.md:1:1: error: missing front matter: the first line must be '---'\n");
	/* Nor is a fence on the second line. */
	buf_clear(&messages);
	const char late[] = "\n---\nid: a\n---\nBody\n";
	assert_false(split(late, sizeof late - 1, 1, &s));
	assert_string_equal(messages.data, "x.md:1:1: error: missing front matter: the first line must be '---'\n");
}

static void test_split_optional_front_matter(void **state)
{
	(void)state;
	const char text[] = "# Rubrik\n\nText utan front matter.\n";
	fm_split s;
	assert_true(split(text, sizeof text - 1, 0, &s));
	assert_false(s.has_front_matter);
	assert_int_equal(s.body_offset, 0);
	assert_int_equal(s.body_line, 1);
	assert_int_equal(s.yaml_len, 0);
	assert_int_equal(messages.len, 0);
}

static void test_split_missing_closing_fence(void **state)
{
	(void)state;
	const char text[] = "---\nid: a\ntitle: b\n\nBody text.\n";
	fm_split s;
	assert_false(split(text, sizeof text - 1, 1, &s));
	assert_string_equal(messages.data,
			    "x.md:1:1: error: front matter opened here is never closed: add a line '---' after it\n");
	assert_int_equal(diag_error_count(), 1);
	assert_int_equal(diag_exit_status(), EXIT_INPUT);
}

static void test_split_empty_body(void **state)
{
	(void)state;
	fm_split s;
	const char blank[] = "---\nid: a\n---\n\n  \t\n\n";
	assert_false(split(blank, sizeof blank - 1, 1, &s));
	assert_string_equal(messages.data, "x.md:4:1: error: the document has no body text after the front matter\n");
	/* Closing fence as the very last bytes. */
	buf_clear(&messages);
	const char none[] = "---\nid: a\n---";
	assert_false(split(none, sizeof none - 1, 1, &s));
	assert_string_equal(messages.data, "x.md:4:1: error: the document has no body text after the front matter\n");
	/* A lone file for `hejapack pdf` (front matter optional) may be empty. */
	buf_clear(&messages);
	assert_true(split("", 0, 0, &s));
	assert_false(s.has_front_matter);
	const char only_yaml[] = "---\ntitle: x\n---\n\n";
	assert_true(split(only_yaml, sizeof only_yaml - 1, 0, &s));
	assert_true(s.has_front_matter);
	assert_int_equal(messages.len, 0);
}

static void test_split_nul_byte_reported_with_position(void **state)
{
	(void)state;
	const char text[] = "---\nid: a\n---\nBody\nmore\0text\n";
	fm_split s;
	assert_false(split(text, sizeof text - 1, 1, &s));
	/* The NUL is on line 5, after "more". */
	assert_string_equal(messages.data, "x.md:5:5: error: the file contains a NUL byte; it is not a text file\n");
}

static void test_split_invalid_utf8_reported_with_position(void **state)
{
	(void)state;
	fm_split s;
	/* Column in characters: "title: Å" is 8 characters, the bad byte the 9th. */
	const char yaml[] = "---\nid: a\ntitle: Å\xE5\n---\nBody\n";
	assert_false(split(yaml, sizeof yaml - 1, 1, &s));
	assert_string_equal(messages.data, "x.md:3:9: error: invalid UTF-8 (byte 0xE5); save the file as UTF-8\n");
	/* In the body, truncated at the end of the file. */
	buf_clear(&messages);
	const char tail[] = "---\nid: a\n---\nBody ö\xC3";
	assert_false(split(tail, sizeof tail - 1, 1, &s));
	assert_string_equal(messages.data, "x.md:4:7: error: invalid UTF-8 (byte 0xC3); save the file as UTF-8\n");
	/* The first byte of the file. */
	buf_clear(&messages);
	const char first[] = "\xFF---\n";
	assert_false(split(first, sizeof first - 1, 0, &s));
	assert_string_equal(messages.data, "x.md:1:1: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8\n");
	/* A surrogate encoded in UTF-8 (CESU) is not UTF-8. */
	buf_clear(&messages);
	const char cesu[] = "---\nid: a\n---\nab\xED\xA0\x80\n";
	assert_false(split(cesu, sizeof cesu - 1, 1, &s));
	assert_string_equal(messages.data, "x.md:4:3: error: invalid UTF-8 (byte 0xED); save the file as UTF-8\n");
}

/* ---- exercises ------------------------------------------------------------------ */

static void test_valid_exercise_fields(void **state)
{
	(void)state;
	document *d;
	assert_int_equal(read_doc(DOC_EXERCISE, exercise_yaml, &d), 0);
	assert_int_equal(messages.len, 0);
	assert_string_equal(d->id, "alfa");
	assert_string_equal(d->title, "Alfa – en övning");
	assert_string_equal(d->lead, "Hur får vi syn på det?");
	assert_string_equal(d->theme, "kultur");
	assert_string_equal(d->audience, "Alla arbetsgrupper");
	assert_int_equal(d->participants_min, 3);
	assert_int_equal(d->participants_max, 12);
	assert_int_equal(d->nmaterials, 2);
	assert_string_equal(d->materials[0], "Papper och pennor");
	assert_string_equal(d->materials[1], "En whiteboard");
	assert_int_equal(d->minutes[PHASE_BORJA], 5);
	assert_int_equal(d->minutes[PHASE_PROVA], 20);
	assert_int_equal(d->minutes[PHASE_UTVECKLA], 10);
	assert_int_equal(document_total_minutes(d), 35);
	assert_int_equal(d->nrelated, 2);
	assert_string_equal(d->related[0], "beta");
	assert_string_equal(d->related[1], "rapporten");
	assert_string_equal(d->version, "1.0.0");
	assert_string_equal(d->updated, "2024-03-01");
	/* Defaults are the loader's job: absent here. */
	assert_null(d->language);
	assert_null(d->date);
	assert_null(d->subtitle);
	assert_int_equal(d->nauthors, 0);
	document_free(d);
}

static void test_participants_forms(void **state)
{
	(void)state;
	static const struct {
		const char *value;
		int min, max;
	} ok[] = {
		{ "\"8\"", 8, 8 }, { "8", 8, 8 }, { "\"3–12\"", 3, 12 }, { "\"1-1\"", 1, 1 }, { "\"1-10000\"", 1, 10000 },
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		char *line = xasprintf("participants: %s", ok[i].value);
		char *yaml = changed(exercise_yaml, "participants: \"3-12\"", line);
		document *d;
		assert_int_equal(read_doc(DOC_EXERCISE, yaml, &d), 0);
		assert_int_equal(d->participants_min, ok[i].min);
		assert_int_equal(d->participants_max, ok[i].max);
		document_free(d);
		free(yaml);
		free(line);
	}
	assert_int_equal(messages.len, 0);
}

static void test_bad_participants(void **state)
{
	(void)state;
	static const char *const bad[] = { "12-3", "0", "many", "3-", "-3", "3-12 personer", "0-4", "1-10001", "3–" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *line = xasprintf("participants: \"%s\"", bad[i]);
		char *expected = xasprintf("x.md:7:15: error: 'participants' must be a number or a range like 3-12 "
					   "with the smaller first (got '%s')\n", bad[i]);
		expect_errors(DOC_EXERCISE, exercise_yaml, "participants: \"3-12\"", line, 1, expected);
		free(expected);
		free(line);
	}
	/* A list is the wrong type altogether. */
	expect_errors(DOC_EXERCISE, exercise_yaml, "participants: \"3-12\"", "participants: [3, 12]", 1,
		      "x.md:7:15: error: 'participants' must be a text, not a list or mapping\n");
}

static void test_unknown_key_with_suggestion(void **state)
{
	(void)state;
	expect_errors(DOC_EXERCISE, exercise_yaml, "related:", "relatd:", 1,
		      "x.md:15:1: error: unknown key 'relatd' in an exercise's front matter (did you mean 'related'?)\n");
	expect_errors(DOC_EXERCISE, exercise_yaml, "audience:", "audiense:", 2,
		      "x.md:6:1: error: unknown key 'audiense' in an exercise's front matter (did you mean 'audience'?)\n"
		      "x.md:2:1: error: missing required key 'audience' in an exercise's front matter\n");
	/* Nothing close: no suggestion. */
	expect_errors(DOC_EXERCISE, exercise_yaml, "version: 1.0.0\n", "version: 1.0.0\nfärg: blå\n", 1,
		      "x.md:17:1: error: unknown key 'färg' in an exercise's front matter\n");
	/* A report key in an exercise is unknown there. */
	expect_errors(DOC_EXERCISE, exercise_yaml, "version: 1.0.0\n", "version: 1.0.0\nabstract: Nej\n", 1,
		      "x.md:17:1: error: unknown key 'abstract' in an exercise's front matter\n");
}

static void test_wrong_types_all_reported(void **state)
{
	(void)state;
	const char *yaml1 = exercise_yaml;
	char *y2 = changed(yaml1, "title: \"Alfa – en övning\"", "title: [Alfa, Beta]");
	char *y3 = changed(y2, "materials:\n  - Papper och pennor\n  - En whiteboard\n", "materials: Papper\n");
	char *y4 = changed(y3, "related: [beta, rapporten]", "related: {beta: 1}");
	char *y5 = changed(y4, "phases:\n  borja: 5\n  prova: 20\n  utveckla: 10\n", "phases: [5, 20, 10]\n");
	buf_clear(&messages);
	assert_int_equal(read_doc(DOC_EXERCISE, y5, NULL), 4);
	assert_string_equal(messages.data,
			    "x.md:3:8: error: 'title' must be a text, not a list or mapping\n"
			    "x.md:8:12: error: 'materials' must be a list, found a single value\n"
			    "x.md:9:9: error: 'phases' must be a mapping with borja, prova and utveckla in minutes, found a list\n"
			    "x.md:10:10: error: 'related' must be a list, found a mapping\n");
	free(y2);
	free(y3);
	free(y4);
	free(y5);
}

static void test_missing_required_all_reported(void **state)
{
	(void)state;
	static const char *const required[] = { "id", "title", "lead", "theme", "audience", "participants",
						"materials", "phases", "version", "updated" };
	buf expected;
	buf_init(&expected);
	for (size_t i = 0; i < sizeof required / sizeof *required; i++)
		buf_printf(&expected, "x.md:2:1: error: missing required key '%s' in an exercise's front matter\n",
			   required[i]);
	/* Only optional keys: every required one is missing. */
	assert_int_equal(read_doc(DOC_EXERCISE, "language: sv\nrelated: []\n", NULL), 10);
	assert_string_equal(messages.data, expected.data);
	buf_free(&expected);

	expect_errors(DOC_EXERCISE, exercise_yaml, "lead: \"Hur får vi syn på det?\"\n", "", 1,
		      "x.md:2:1: error: missing required key 'lead' in an exercise's front matter\n");
}

static void test_duplicate_key(void **state)
{
	(void)state;
	expect_errors(DOC_EXERCISE, exercise_yaml, "theme: kultur\n", "theme: kultur\ntheme: behov\n", 1,
		      "x.md:6:1: error: key 'theme' appears twice\n");
	expect_errors(DOC_EXERCISE, exercise_yaml, "  prova: 20\n", "  prova: 20\n  borja: 7\n", 1,
		      "x.md:14:3: error: key 'borja' appears twice\n");
}

static void test_bad_dates(void **state)
{
	(void)state;
	static const char *const bad[] = { "2024-02-30", "2023-13-01", "yesterday", "2023-02-29", "2024-04-31",
					   "2024-1-01", "2024-01-01T10:00", "24-01-01", "2024/01/01", "2024-00-10" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *line = xasprintf("updated: %s", bad[i]);
		char *expected = xasprintf(
			"x.md:17:10: error: 'updated' must be a real date written YYYY-MM-DD (got '%s')\n", bad[i]);
		expect_errors(DOC_EXERCISE, exercise_yaml, "updated: 2024-03-01", line, 1, expected);
		free(expected);
		free(line);
	}
}

static void test_bad_versions(void **state)
{
	(void)state;
	static const char *const bad[] = { "1.0", "v1.0.0", "01.2.3", "1.02.3", "1.2.3.4", "1.2.3-", "1.2.3-01",
					   "2024.01", "1.2.3-a..b", "latest" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *line = xasprintf("version: %s", bad[i]);
		char *expected = xasprintf("x.md:16:10: error: 'version' must be a release version such as 1.2.0 "
					   "(semver) or 2024.1 (got '%s')\n", bad[i]);
		expect_errors(DOC_EXERCISE, exercise_yaml, "version: 1.0.0", line, 1, expected);
		free(expected);
		free(line);
	}
}

static void test_phases_missing_extra_out_of_range(void **state)
{
	(void)state;
	expect_errors(DOC_EXERCISE, exercise_yaml, "  utveckla: 10\n", "", 1,
		      "x.md:12:3: error: 'phases' lacks 'utveckla' (minutes)\n");
	expect_errors(DOC_EXERCISE, exercise_yaml, "  utveckla: 10\n", "  utveckla: 10\n  vila: 5\n", 1,
		      "x.md:15:3: error: unknown key 'vila' in phases\n");
	/* A near miss gets a suggestion, and the phase it meant is missing. */
	expect_errors(DOC_EXERCISE, exercise_yaml, "  prova: 20\n", "  pröva: 20\n", 2,
		      "x.md:13:3: error: unknown key 'pröva' in phases (did you mean 'prova'?)\n"
		      "x.md:12:3: error: 'phases' lacks 'prova' (minutes)\n");
	static const char *const bad[] = { "0", "481", "-5", "5.5", "tjugo", "\"\"" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *line = xasprintf("  prova: %s\n", bad[i]);
		char *expected = xasprintf("x.md:13:10: error: 'prova' must be a whole number from 1 to 480 (got '%s')\n",
					   strcmp(bad[i], "\"\"") == 0 ? "" : bad[i]);
		expect_errors(DOC_EXERCISE, exercise_yaml, "  prova: 20\n", line, 1, expected);
		free(expected);
		free(line);
	}
	/* The limits themselves are fine. */
	char *low = changed(exercise_yaml, "  prova: 20\n", "  prova: 1\n");
	char *high = changed(low, "  utveckla: 10\n", "  utveckla: 480\n");
	document *d;
	assert_int_equal(read_doc(DOC_EXERCISE, high, &d), 0);
	assert_int_equal(d->minutes[PHASE_PROVA], 1);
	assert_int_equal(d->minutes[PHASE_UTVECKLA], 480);
	document_free(d);
	free(low);
	free(high);
}

static void test_bad_slug_language_and_empty_text(void **state)
{
	(void)state;
	expect_errors(DOC_EXERCISE, exercise_yaml, "id: alfa", "id: Alfa_1", 1,
		      "x.md:2:5: error: 'id' must be a slug: lower-case a-z, 0-9 and single hyphens, like "
		      "'veckans-heja' (got 'Alfa_1')\n");
	expect_errors(DOC_EXERCISE, exercise_yaml, "related: [beta, rapporten]", "related: [beta, Rapporten]", 1,
		      "x.md:15:17: error: 'related' must be a slug: lower-case a-z, 0-9 and single hyphens, like "
		      "'veckans-heja' (got 'Rapporten')\n");
	expect_errors(DOC_EXERCISE, exercise_yaml, "version: 1.0.0\n", "version: 1.0.0\nlanguage: fi\n", 1,
		      "x.md:17:11: error: 'language': unsupported language 'fi' (use sv or en)\n");
	expect_errors(DOC_EXERCISE, exercise_yaml, "title: \"Alfa – en övning\"", "title: \"  \"", 1,
		      "x.md:3:8: error: 'title' is empty\n");
	expect_errors(DOC_EXERCISE, exercise_yaml, "  - En whiteboard\n", "  - \"\"\n", 1,
		      "x.md:10:5: error: 'materials' is empty\n");
}

static void test_text_whitespace_is_collapsed(void **state)
{
	(void)state;
	char *yaml = changed(exercise_yaml, "title: \"Alfa – en övning\"", "title: \"  Alfa \t och\n   beta  \"");
	document *d;
	assert_int_equal(read_doc(DOC_EXERCISE, yaml, &d), 0);
	assert_string_equal(d->title, "Alfa och beta");
	document_free(d);
	free(yaml);
}

static void test_every_error_in_a_document_is_reported(void **state)
{
	(void)state;
	char *a = changed(exercise_yaml, "id: alfa", "id: -alfa");
	char *b = changed(a, "updated: 2024-03-01", "updated: yesterday");
	char *c = changed(b, "  borja: 5", "  borja: 0");
	char *yaml = changed(c, "theme: kultur\n", "theme: kultur\nthema: x\n");
	buf_clear(&messages);
	assert_int_equal(read_doc(DOC_EXERCISE, yaml, NULL), 4);
	/* Unknown keys first, then field by field in schema order. */
	assert_string_equal(messages.data,
			    "x.md:6:1: error: unknown key 'thema' in an exercise's front matter (did you mean 'theme'?)\n"
			    "x.md:2:5: error: 'id' must be a slug: lower-case a-z, 0-9 and single hyphens, like "
			    "'veckans-heja' (got '-alfa')\n"
			    "x.md:13:10: error: 'borja' must be a whole number from 1 to 480 (got '0')\n"
			    "x.md:18:10: error: 'updated' must be a real date written YYYY-MM-DD (got 'yesterday')\n");
	free(a);
	free(b);
	free(c);
	free(yaml);
}

static void test_root_must_be_a_mapping_of_names(void **state)
{
	(void)state;
	assert_int_equal(read_doc(DOC_EXERCISE, "- id\n- title\n", NULL), 1);
	assert_string_equal(messages.data,
			    "x.md:2:1: error: an exercise's front matter must be a mapping of keys to values, found a list\n");
	buf_clear(&messages);
	/* A key that is a list. */
	char *yaml = changed(exercise_yaml, "version: 1.0.0\n", "version: 1.0.0\n? [a, b]\n: c\n");
	assert_int_equal(read_doc(DOC_EXERCISE, yaml, NULL), 1);
	assert_string_equal(messages.data, "x.md:17:3: error: a key in an exercise's front matter must be a plain name\n");
	free(yaml);
}

/* ---- reports and plain documents --------------------------------------------------- */

static void test_valid_report_fields(void **state)
{
	(void)state;
	document *d;
	assert_int_equal(read_doc(DOC_REPORT, report_yaml, &d), 0);
	assert_int_equal(messages.len, 0);
	assert_string_equal(d->id, "rapporten");
	assert_string_equal(d->title, "Rapporten");
	assert_string_equal(d->subtitle, "Om övningarna");
	assert_int_equal(d->nauthors, 2);
	assert_string_equal(d->authors[0], "Anna Andersson");
	assert_string_equal(d->authors[1], "Bertil Berg");
	assert_string_equal(d->date, "2024-02-29");
	assert_string_equal(d->version, "0.9.0");
	assert_string_equal(d->abstract, "En kort rapport som sammanfattar övningarna.");
	assert_int_equal(d->numbered, 1);
	assert_int_equal(d->nrelated, 1);
	assert_string_equal(d->related[0], "alfa");
	/* `updated` defaults to `date` in the loader, not here. */
	assert_null(d->updated);
	assert_null(d->organisation);
	assert_null(d->theme);
	assert_int_equal(document_total_minutes(d), 0);
	document_free(d);
}

static void test_report_errors(void **state)
{
	(void)state;
	expect_errors(DOC_REPORT, report_yaml, "authors: [\"Anna Andersson\", \"Bertil Berg\"]\n", "", 1,
		      "x.md:2:1: error: a report needs 'authors' or 'organisation'\n");
	/* An organisation alone is enough. */
	char *org = changed(report_yaml, "authors: [\"Anna Andersson\", \"Bertil Berg\"]", "organisation: HEJA");
	document *d;
	assert_int_equal(read_doc(DOC_REPORT, org, &d), 0);
	assert_string_equal(d->organisation, "HEJA");
	document_free(d);
	free(org);

	expect_errors(DOC_REPORT, report_yaml, "numbered: true", "numbered: yes", 1,
		      "x.md:11:11: error: 'numbered' must be true or false (got 'yes')\n");
	expect_errors(DOC_REPORT, report_yaml, "numbered: true", "numbered: \"true\"", 1,
		      "x.md:11:11: error: 'numbered' must be true or false (got 'true')\n");
	expect_errors(DOC_REPORT, report_yaml, "date: 2024-02-29", "date: 2023-02-29", 1,
		      "x.md:6:7: error: 'date' must be a real date written YYYY-MM-DD (got '2023-02-29')\n");
	expect_errors(DOC_REPORT, report_yaml, "date: 2024-02-29\n", "", 1,
		      "x.md:2:1: error: missing required key 'date' in a report's front matter\n");
	expect_errors(DOC_REPORT, report_yaml, "subtitle:", "subtitel:", 1,
		      "x.md:4:1: error: unknown key 'subtitel' in a report's front matter (did you mean 'subtitle'?)\n");
	/* Exercise keys are unknown in a report. */
	expect_errors(DOC_REPORT, report_yaml, "numbered: true\n", "numbered: true\ntheme: kultur\n", 1,
		      "x.md:12:1: error: unknown key 'theme' in a report's front matter\n");
}

static void test_plain_document_keys_are_optional(void **state)
{
	(void)state;
	assert_int_equal(read_doc(DOC_PLAIN, "", NULL), 0);
	assert_int_equal(read_doc(DOC_PLAIN, "title: \"Bara en titel\"\n", NULL), 0);
	assert_int_equal(messages.len, 0);
	assert_int_equal(read_doc(DOC_PLAIN, "title: ok\ntheme: kultur\n", NULL), 1);
	assert_string_equal(messages.data, "x.md:3:1: error: unknown key 'theme' in the front matter\n");
}

/* ---- bundle.yaml -------------------------------------------------------------------- */

static int read_bundle(const char *yaml, material **out)
{
	yt_node *root = yt_parse(yaml, strlen(yaml), "bundle.yaml", 1);
	assert_non_null(root);
	material *m = xcalloc(1, sizeof *m);
	int errors = fm_read_bundle(root, "bundle.yaml", &m->meta);
	yt_free(root);
	if (out)
		*out = m;
	else
		material_free(m);
	return errors;
}

static void expect_bundle_errors(const char *old, const char *new_text, int errors, const char *expected)
{
	char *yaml = changed(bundle_yaml, old, new_text);
	buf_clear(&messages);
	int n = read_bundle(yaml, NULL);
	if (strcmp(messages.data, expected) != 0) {
		print_error("after changing '%s' to '%s'\nmessages:\n%sexpected:\n%s", old, new_text, messages.data,
			    expected);
		fail();
	}
	assert_int_equal(n, errors);
	free(yaml);
}

static void test_valid_bundle(void **state)
{
	(void)state;
	material *m;
	assert_int_equal(read_bundle(bundle_yaml, &m), 0);
	assert_int_equal(messages.len, 0);
	const bundle_meta *b = &m->meta;
	assert_string_equal(b->id, "mini-material");
	assert_string_equal(b->title, "Minimaterial");
	assert_string_equal(b->version, "2024.1");
	assert_string_equal(b->publisher, "Testförlaget");
	assert_string_equal(b->license, "CC BY-SA 4.0");
	assert_string_equal(b->language, "sv");
	assert_string_equal(b->description, "Ett litet material.");
	assert_string_equal(b->contact_name, "Testansvarig");
	assert_string_equal(b->contact_email, "test@example.org");
	assert_null(b->contact_url);
	assert_int_equal(b->nthemes, 2);
	assert_string_equal(b->themes[0].id, "kultur");
	assert_string_equal(b->themes[0].title, "Kultur och ledarskap");
	assert_string_equal(b->themes[1].id, "behov");
	assert_string_equal(b->themes[1].title, "Behov och insikter");
	assert_int_equal(b->handouts, 0);
	material_free(m);
}

static void test_bundle_errors(void **state)
{
	(void)state;
	expect_bundle_errors("license:", "licence:", 2,
			     "bundle.yaml:5:1: error: unknown key 'licence' in bundle.yaml (did you mean 'license'?)\n"
			     "bundle.yaml:1:1: error: missing required key 'license' in bundle.yaml\n");
	expect_bundle_errors("  - id: behov", "  - id: kultur", 1,
			     "bundle.yaml:15:9: error: theme 'kultur' is listed twice\n");
	expect_bundle_errors("    title: \"Behov och insikter\"\n", "", 1,
			     "bundle.yaml:15:5: error: a theme needs both 'id' and 'title'\n");
	expect_bundle_errors("  email: test@example.org", "  email: test.example.org", 1,
			     "bundle.yaml:11:10: error: 'contact.email' is not an e-mail address: 'test.example.org'\n");
	expect_bundle_errors("  name: \"Testansvarig\"\n", "  phone: \"123\"\n", 2,
			     "bundle.yaml:10:3: error: unknown key 'phone' in contact\n"
			     "bundle.yaml:10:3: error: 'contact' lacks 'name'\n");
	expect_bundle_errors("version: 2024.1", "version: 2024", 1,
			     "bundle.yaml:3:10: error: 'version' must be a release version such as 1.2.0 (semver) or "
			     "2024.1 (got '2024')\n");
	expect_bundle_errors("language: sv", "language: sv_SE", 1,
			     "bundle.yaml:6:11: error: 'language': unsupported language 'sv_SE' (use sv or en)\n");
}

static void test_bundle_themes_must_be_a_non_empty_list(void **state)
{
	(void)state;
	const char *themes = "themes:\n  - id: kultur\n    title: \"Kultur och ledarskap\"\n  - id: behov\n"
			     "    title: \"Behov och insikter\"\n";
	expect_bundle_errors(themes, "themes: []\n", 1,
			     "bundle.yaml:12:9: error: 'themes' must be a non-empty list of {id, title}, found an empty list\n");
	expect_bundle_errors(themes, "themes: kultur\n", 1,
			     "bundle.yaml:12:9: error: 'themes' must be a non-empty list of {id, title}, found a single value\n");
}

/* ---- validators ------------------------------------------------------------------------ */

static void test_valid_slug(void **state)
{
	(void)state;
	static const char *const good[] = { "a", "0", "alfa", "veckans-heja", "a-b-c", "x1-2y" };
	static const char *const bad[] = { "", "-a", "a-", "a--b", "Alfa", "a_b", "a b", "å", "a/b", "a.b" };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_true(fm_valid_slug(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (fm_valid_slug(bad[i])) {
			print_error("'%s' accepted as a slug\n", bad[i]);
			fail();
		}
	char at_limit[66];
	memset(at_limit, 'a', 64);
	at_limit[64] = '\0';
	assert_true(fm_valid_slug(at_limit));
	at_limit[64] = 'a';
	at_limit[65] = '\0';
	assert_false(fm_valid_slug(at_limit));
}

static void test_valid_version(void **state)
{
	(void)state;
	static const char *const good[] = { "0.0.0", "1.0.0", "1.2.3", "10.20.30", "1.2.3-alpha", "1.2.3-alpha.1",
					    "1.2.3-0alpha", "1.2.3-rc.1+build.7", "1.2.3+001", "1.2.3-x-y",
					    "2024.1", "2024.10", "1999.0" };
	static const char *const bad[] = { "", "1", "1.0", "v1.0.0", "01.2.3", "1.02.3", "1.2.03", "1.2.3.4",
					   "1.2.3-", "1.2.3+", "1.2.3-01", "1.2.3-a..b", "1.2.3-a_b", " 1.2.3",
					   "1.2.3 ", "2024.01", "2024.", "0999.1", "1.2.-3", "-1.2.3", "1..3" };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!fm_valid_version(good[i])) {
			print_error("'%s' refused as a version\n", good[i]);
			fail();
		}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (fm_valid_version(bad[i])) {
			print_error("'%s' accepted as a version\n", bad[i]);
			fail();
		}
}

static void test_valid_date(void **state)
{
	(void)state;
	static const char *const good[] = { "2024-02-29", "2000-02-29", "2023-12-31", "2023-01-01", "1900-01-01",
					    "2024-04-30" };
	static const char *const bad[] = { "", "2024-02-30", "2023-02-29", "1900-02-29", "2023-13-01", "2023-00-10",
					   "2023-01-00", "2023-04-31", "2023-1-01", "2023-01-1", "yesterday",
					   "2023/01/01", "2023-01-01 ", "20230101", "２０２３-01-01", "+023-01-01" };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!fm_valid_date(good[i])) {
			print_error("'%s' refused as a date\n", good[i]);
			fail();
		}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (fm_valid_date(bad[i])) {
			print_error("'%s' accepted as a date\n", bad[i]);
			fail();
		}
}

static void test_valid_language(void **state)
{
	(void)state;
	static const char *const good[] = { "sv", "sv-SE", "sv-FI", "en", "en-GB", "en-US" };
	static const char *const bad[] = { "", "SV", "sv_SE", "sv-se", "fi", "swedish", "sv-" };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_true(fm_valid_language(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (fm_valid_language(bad[i])) {
			print_error("'%s' accepted as a language\n", bad[i]);
			fail();
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_split_plain_front_matter),
		TEST(test_split_accepts_bom),
		TEST(test_split_accepts_crlf),
		TEST(test_split_fence_variants),
		TEST(test_split_optional_front_matter),
		TEST(test_split_missing_closing_fence),
		TEST(test_split_empty_body),
		TEST(test_split_nul_byte_reported_with_position),
		TEST(test_split_invalid_utf8_reported_with_position),
		TEST(test_valid_exercise_fields),
		TEST(test_participants_forms),
		TEST(test_bad_participants),
		TEST(test_unknown_key_with_suggestion),
		TEST(test_wrong_types_all_reported),
		TEST(test_missing_required_all_reported),
		TEST(test_duplicate_key),
		TEST(test_bad_dates),
		TEST(test_bad_versions),
		TEST(test_phases_missing_extra_out_of_range),
		TEST(test_bad_slug_language_and_empty_text),
		TEST(test_text_whitespace_is_collapsed),
		TEST(test_every_error_in_a_document_is_reported),
		TEST(test_root_must_be_a_mapping_of_names),
		TEST(test_valid_report_fields),
		TEST(test_report_errors),
		TEST(test_plain_document_keys_are_optional),
		TEST(test_valid_bundle),
		TEST(test_bundle_errors),
		TEST(test_bundle_themes_must_be_a_non_empty_list),
		TEST(test_valid_slug),
		TEST(test_valid_version),
		TEST(test_valid_date),
		TEST(test_valid_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
