/* libFuzzer target: front matter and Markdown -> model -> display list -> PDF
 * in memory. The first byte chooses the role of the rest: a lone file
 * (`hejapack pdf x.md`), or the exercise alfa or the report rapporten of the
 * small material in tests/fixtures/mini, whose other documents, figure and
 * themes the input can refer to. The layout also gets the handout for an exercise.
 */
#include "fuzz_common.h"

#include "material/load.h"
#include "render/pdf.h"
#include "typeset/handout.h"
#include "typeset/layout.h"

static fontset *fonts;
static hyph_library *hyphenation;
static layout_env *env;
static handout_env *henv;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_make_scratch();
	fuzz_mkdir("plain");
	fuzz_mkdir("m");
	fuzz_mkdir("m/exercises");
	fuzz_mkdir("m/reports");
	fuzz_mkdir("m/figures");
	fuzz_copy("tests/fixtures/mini/bundle.yaml", "m/bundle.yaml");
	fuzz_copy("tests/fixtures/mini/exercises/beta.md", "m/exercises/beta.md");
	fuzz_copy("tests/fixtures/mini/exercises/alfa.md", "m/exercises/alfa.md");
	fuzz_copy("tests/fixtures/mini/reports/rapporten.md", "m/reports/rapporten.md");
	fuzz_copy("tests/fixtures/mini/figures/figur.png", "m/figures/figur.png");
	fuzz_copy("tests/fixtures/mini/figures/figur.png", "plain/figur.png");
	fonts = fuzz_fonts();
	hyphenation = hyph_library_new();
	layout_options lo = { .paper = "A4", .epoch = 1700000000, .creator = "hejapack fuzz", .hyphenate = 1,
			      .hyphenation = hyphenation };
	env = layout_env_new(fonts, &lo);
	henv = handout_env_new(fonts, &lo);
	return 0;
}

static void render(dl_document *dl, const char *name)
{
	if (!dl)
		return;
	pdf_options po = { .pdfa = 1, .id_seed = "fuzz", .icc_profile = "/usr/share/color/icc/sRGB.icc",
			   .release_pages = 1 };
	unsigned char *pdf = NULL;
	size_t len = 0;
	if (pdf_render(dl, fonts, &po, name, &pdf, &len) == 0 && (len < 8 || memcmp(pdf, "%PDF-", 5) != 0))
		abort(); /* success must mean a PDF */
	free(pdf);
	dl_free(dl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const char *const roles[] = { "plain/x.md", "m/exercises/alfa.md", "m/reports/rapporten.md" };
	int role = data[0] % 3;
	/* The document the input replaced last time comes back. */
	static int replaced = -1;
	if (replaced == 1)
		fuzz_copy("tests/fixtures/mini/exercises/alfa.md", roles[1]);
	if (replaced == 2)
		fuzz_copy("tests/fixtures/mini/reports/rapporten.md", roles[2]);
	replaced = role;
	fuzz_write(roles[role], data + 1, size - 1);
	char *path = fuzz_path(roles[role]);
	material *owner = NULL;
	document *d = load_single(path, &owner);
	if (d) {
		char *base = owner ? xstrdup(owner->dir) : fuzz_path("plain");
		render(layout_document(env, owner, d, base), path);
		if (d->type == DOC_EXERCISE)
			render(handout_document(henv, owner, d, base), path);
		free(base);
		if (owner)
			material_free(owner);
		else
			document_free(d);
	}
	free(path);
	fuzz_reset();
	return 0;
}
