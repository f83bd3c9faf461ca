/* libFuzzer target: bundle.yaml. The input is the bundle.yaml of a material
 * with one valid exercise; when it loads, the catalogue is laid out and
 * rendered too (it prints the bundle's title, themes and description).
 */
#include "fuzz_common.h"

#include "material/load.h"
#include "render/pdf.h"
#include "typeset/layout.h"

static fontset *fonts;
static hyph_library *hyphenation;
static layout_env *env;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_make_scratch();
	fuzz_mkdir("m");
	fuzz_mkdir("m/exercises");
	fuzz_mkdir("m/reports");
	fuzz_mkdir("m/figures");
	fuzz_copy("tests/fixtures/mini/exercises/beta.md", "m/exercises/beta.md");
	fonts = fuzz_fonts();
	hyphenation = hyph_library_new();
	layout_options lo = { .paper = "A4", .epoch = 1700000000, .creator = "hejapack fuzz", .hyphenate = 1,
			      .hyphenation = hyphenation };
	env = layout_env_new(fonts, &lo);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write("m/bundle.yaml", data, size);
	char *dir = fuzz_path("m");
	material *m = load_material(dir);
	if (m) {
		dl_document *dl = layout_catalogue(env, m);
		pdf_options po = { .pdfa = 1, .id_seed = "fuzz", .icc_profile = "/usr/share/color/icc/sRGB.icc" };
		unsigned char *pdf = NULL;
		size_t len = 0;
		if (dl && pdf_render(dl, fonts, &po, "katalog.pdf", &pdf, &len) == 0 && len < 8)
			abort();
		free(pdf);
		dl_free(dl);
		material_free(m);
	}
	free(dir);
	fuzz_reset();
	return 0;
}
