/* image: reading PNG and JPEG files for typesetting.
 *
 * image_probe reads only what the layout needs (pixel size); image_load
 * gives the renderer pixels it can embed as they are: JPEG data passes
 * through, PNG is decoded with libpng to 8-bit samples with any alpha
 * flattened onto white (PDF/A-1 forbids transparency; libharu mishandles
 * 16-bit PNGs and stores soft masks uncompressed).
 */
#ifndef HEJAPACK_IMAGE_H
#define HEJAPACK_IMAGE_H

#include <stddef.h>

typedef enum { IMAGE_PNG, IMAGE_JPEG } image_format;

typedef struct {
	image_format format;
	unsigned width, height;  /* pixels */
	int channels;            /* decoded PNG: 1 (gray) or 3 (RGB); JPEG: 1, 3 or 4 */
	unsigned char *data;     /* PNG: width*height*channels samples; JPEG: the file */
	size_t len;
} image;

/* Pixel size of a PNG or JPEG file; 0 after diag() on failure. */
int image_probe(const char *path, unsigned *width, unsigned *height);

/* Decodes an image; NULL after diag() on failure. Caller frees with image_free. */
image *image_load(const char *path);
void image_free(image *img);

#endif
