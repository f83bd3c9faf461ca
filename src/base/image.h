/* image: reading PNG and JPEG files for typesetting.
 *
 * image_probe reads only what the layout needs (pixel size); image_load
 * gives the renderer data it can embed as they are: JPEG data passes
 * through; an 8-bit gray or RGB PNG without transparency or interlacing
 * passes through as its compressed pixel rows (PDF's Flate filter with PNG
 * predictors reads them as they are), after every chunk's CRC and the whole
 * stream have been checked; any other PNG is decoded with libpng to 8-bit
 * samples with any alpha flattened onto white (PDF/A-1 forbids
 * transparency; libharu mishandles 16-bit PNGs and stores soft masks
 * uncompressed).
 */
#ifndef HEJAPACK_IMAGE_H
#define HEJAPACK_IMAGE_H

#include <stddef.h>

#include "base/hash.h"

typedef enum {
	IMAGE_PNG,      /* decoded samples */
	IMAGE_PNG_ROWS, /* a zlib stream of PNG-filtered rows, 8 bits per sample */
	IMAGE_JPEG      /* the file */
} image_format;

typedef struct {
	image_format format;
	unsigned width, height;  /* pixels */
	int channels;            /* PNG: 1 (gray) or 3 (RGB); JPEG: 1, 3 or 4 */
	unsigned char *data;     /* IMAGE_PNG: width*height*channels samples; IMAGE_PNG_ROWS: the
	                            concatenated IDAT data; JPEG: the file */
	size_t len;
} image;

/* Pixel size of a PNG or JPEG file; 0 after diag() on failure. */
int image_probe(const char *path, unsigned *width, unsigned *height);

/* What image_check may be told of files checked before, by a digest of
 * their bytes (SHA-256 in hex): known() says bytes with this digest were
 * found good, so they need not be decoded again; found_good() is told of
 * each digest image_check has just found good. */
typedef struct {
	int (*known)(void *ctx, const char *digest);
	void (*found_good)(void *ctx, const char *digest);
	void *ctx;
} image_memory;

/* From now on image_check asks mem (NULL: decodes every file every time).
 * mem is not copied: it must outlive its use. */
void image_use_memory(const image_memory *mem);

/* Whether the file is a PNG or JPEG that can be embedded in a PDF/A file:
 * decoded in full within memory limits (PNG: no chunk above 8 MiB, no more
 * pixel data than the file can hold; JPEG: 8-bit grey or RGB, Huffman
 * coded, no corrupt or missing data). 0 with the reason in *why (a phrase
 * to follow the file's name; caller frees); reports nothing itself. */
int image_check(const char *path, char **why);

/* A batch of checks run on threads beside the caller's own work: each
 * answer is image_check's for that file, whatever order the threads finish
 * in. The files are read, and image_check's memory and record consulted
 * and told, in the calling thread, which alone uses the batch. While a
 * check is pending, image_load in this process takes the file's rows as
 * checked: a caller that loads images before asking for the results must
 * ask before it writes anything made of them. One batch at a time. */
typedef struct image_batch image_batch;

/* Up to `threads` threads (0: every check is done in image_batch_add). */
image_batch *image_batch_new(unsigned threads);

/* Queues the check of a file; returns its number in the batch (0, 1, ...).
 * Files with the same bytes are checked once. */
size_t image_batch_add(image_batch *b, const char *path);

/* Waits for check k: 1 when the file is good, else 0 with the reason in
 * *why (as image_check gives it; owned by the batch). */
int image_batch_result(image_batch *b, size_t k, const char **why);

/* Waits for the threads and frees the batch (NULL is ignored). */
void image_batch_free(image_batch *b);

/* The SHA-256 (hex) of the bytes image_check or image_batch_add last read
 * from this path in this process: 1 and *digest, or 0 when it read none.
 * A cache key may take it instead of reading the file again; like any key
 * worked out before a job runs, it says what the file held then. */
int image_read_digest(const char *path, char digest[SHA256_HEX_SIZE]);

/* Frees image_check's record of the files it found good in this process
 * (which spares image_load a second check of their bytes). */
void image_forget_checked(void);

/* Decodes an image; NULL after diag() on failure. Caller frees with image_free. */
image *image_load(const char *path);
void image_free(image *img);

#endif
