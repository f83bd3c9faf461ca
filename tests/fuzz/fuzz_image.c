/* libFuzzer target: reading a PNG or JPEG file and embedding it in a PDF,
 * as a figure of a document is.
 */
#include "fuzz_common.h"

#include "base/image.h"
#include "render/pdf.h"

static fontset *fonts;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_make_scratch();
	fonts = fuzz_fonts();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write("figur.img", data, size);
	char *path = fuzz_path("figur.img");
	unsigned w = 0, h = 0;
	if (image_probe(path, &w, &h)) {
		image *img = image_load(path);
		if (img) {
			if (img->width != w || img->height != h)
				abort(); /* the layout sizes by the probe, the renderer draws the pixels */
			image_free(img);
			dl_document *dl = dl_new(595, 842);
			size_t page = dl_add_page(dl);
			dl_item it = { .kind = DL_IMAGE, .x = 50, .y = 50, .w = 200, .h = 200,
				       .image = dl_image_index(dl, path), .alt = "figur" };
			dl_add(dl, page, &it);
			pdf_options po = { .pdfa = 1, .id_seed = "fuzz", .icc_profile = "/usr/share/color/icc/sRGB.icc" };
			unsigned char *pdf = NULL;
			size_t len = 0;
			pdf_render(dl, fonts, &po, path, &pdf, &len);
			free(pdf);
			dl_free(dl);
		}
	}
	free(path);
	fuzz_reset();
	return 0;
}
