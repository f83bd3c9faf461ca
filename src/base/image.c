#define _GNU_SOURCE /* sched_getcpu, CPU_SET, pthread_attr_setaffinity_np */
#include "base/image.h"

#include <libdeflate.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/hash.h"
#include "base/util.h"

/* Images larger than this are refused: decoding them would need gigabytes. */
#define MAX_PIXELS (64u * 1024 * 1024)
/* No chunk of a PNG file (an ICC profile, a text) may need more than this:
 * libpng would otherwise allocate what a chunk header claims. */
#define MAX_PNG_CHUNK (8u * 1024 * 1024)
/* Deflate cannot compress more than about 1032:1: pixel data claiming more
 * than this many bytes per byte of the file is not in it. */
#define MAX_DEFLATE_RATIO 1100u

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* Walks JPEG markers to the frame header (SOFn). */
static int jpeg_size(const unsigned char *d, size_t len, unsigned *w, unsigned *h, int *channels)
{
	size_t i = 2;
	while (i + 4 <= len) {
		if (d[i] != 0xFF)
			return 0;
		unsigned char marker = d[i + 1];
		if (marker == 0xFF) {
			i++;
			continue;
		}
		size_t seglen = be16(d + i + 2);
		int sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
		if (sof) {
			if (i + 10 > len)
				return 0;
			*h = be16(d + i + 5);
			*w = be16(d + i + 7);
			*channels = d[i + 9];
			return *w > 0 && *h > 0;
		}
		if (seglen < 2)
			return 0;
		i += 2 + seglen;
	}
	return 0;
}

int image_probe(const char *path, unsigned *width, unsigned *height)
{
	size_t len;
	unsigned char *d = (unsigned char *)fs_read_file(path, &len);
	if (!d)
		return 0;
	int ok = 0, channels;
	if (len >= 24 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(d + 12, "IHDR", 4) == 0) {
		*width = be32(d + 16);
		*height = be32(d + 20);
		ok = *width > 0 && *height > 0;
	} else if (len >= 4 && d[0] == 0xFF && d[1] == 0xD8) {
		ok = jpeg_size(d, len, width, height, &channels);
	}
	if (ok && (unsigned long long)*width * *height > MAX_PIXELS) {
		diag(DIAG_ERROR, path, 0, 0, "image of %ux%u pixels is too large", *width, *height);
		ok = 0;
	} else if (!ok) {
		diag(DIAG_ERROR, path, 0, 0, "not a readable PNG or JPEG image");
	}
	free(d);
	return ok;
}

typedef struct {
	char message[256];
} png_errors;

static void on_png_error(png_structp png, png_const_charp msg)
{
	png_errors *e = png_get_error_ptr(png);
	snprintf(e->message, sizeof e->message, "%s", msg);
	png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg; /* warnings (e.g. unknown chunks) do not affect the pixels */
}

/* libpng allocates what a chunk's header claims before it reads the
 * chunk: every length is held to the file (and to MAX_PNG_CHUNK outside
 * the pixel data) first. A message, or NULL when the chunks are sound. */
static const char *png_chunks_problem(const unsigned char *d, size_t len)
{
	size_t at = 8;
	while (at + 12 <= len) {
		size_t n = be32(d + at);
		if (n > len - at - 12)
			return "a chunk claims more bytes than the file holds (truncated?)";
		if (n > MAX_PNG_CHUNK && memcmp(d + at + 4, "IDAT", 4) != 0)
			return "a chunk other than the pixel data is larger than 8 MiB";
		if (memcmp(d + at + 4, "IEND", 4) == 0)
			return NULL;
		at += 12 + n;
	}
	return "the file ends before its IEND chunk (truncated?)";
}

/* Decodes a PNG file held in memory; NULL with the reason in *why (caller
 * frees) when it is broken, too large or cannot be read. */
static image *decode_png(unsigned char *file, size_t len, char **why)
{
	const char *problem = png_chunks_problem(file, len);
	if (problem) {
		*why = xasprintf("broken PNG: %s", problem);
		return NULL;
	}
	png_errors errors = { { 0 } };
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &errors, on_png_error, on_png_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	image *volatile img = NULL;
	png_bytep *volatile rows = NULL;
	if (!png || !info) {
		*why = xstrdup("cannot initialise libpng");
		png_destroy_read_struct(&png, &info, NULL);
		return NULL;
	}
	FILE *f = fmemopen(file, len, "rb");
	if (!f) {
		*why = xstrdup("cannot read it");
		png_destroy_read_struct(&png, &info, NULL);
		return NULL;
	}
	if (setjmp(png_jmpbuf(png))) {
		*why = xasprintf("broken PNG: %s", errors.message);
		if (img) {
			free(img->data);
			free(img);
		}
		free(rows);
		png_destroy_read_struct(&png, &info, NULL);
		fclose(f);
		return NULL;
	}
	png_init_io(png, f);
	png_set_user_limits(png, 65535, 65535);
	png_set_chunk_malloc_max(png, MAX_PNG_CHUNK);
	png_set_chunk_cache_max(png, 128);
	png_read_info(png, info);
	unsigned w = png_get_image_width(png, info), h = png_get_image_height(png, info);
	if ((unsigned long long)w * h > MAX_PIXELS)
		png_error(png, "image too large");
	/* Nothing is allocated for pixels a file this short cannot hold. */
	if (((unsigned long long)png_get_rowbytes(png, info) + 1) * h > (unsigned long long)len * MAX_DEFLATE_RATIO)
		png_error(png, "the file is too short for its pixels (truncated?)");
	int color = png_get_color_type(png, info);

	/* Normalise to 8-bit gray or RGB, with alpha kept for flattening below. */
	png_set_strip_16(png);
	png_set_packing(png);
	if (color == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(png);
	if (color == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	if (png_get_valid(png, info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(png);
	png_read_update_info(png, info);
	int in_channels = png_get_channels(png, info);
	int has_alpha = in_channels == 2 || in_channels == 4;
	int out_channels = in_channels - has_alpha;

	size_t rowbytes = png_get_rowbytes(png, info);
	unsigned char *pixels = xmalloc(rowbytes * h);
	rows = xcalloc(h, sizeof *rows);
	for (unsigned y = 0; y < h; y++)
		rows[y] = pixels + (size_t)y * rowbytes;
	img = xcalloc(1, sizeof *img);
	img->data = pixels;
	png_read_image(png, rows);
	png_read_end(png, NULL);

	/* Flatten alpha onto white, in place (output is never larger). */
	if (has_alpha) {
		unsigned char *out = pixels;
		for (unsigned y = 0; y < h; y++) {
			const unsigned char *in = rows[y];
			for (unsigned x = 0; x < w; x++, in += in_channels) {
				unsigned a = in[in_channels - 1];
				for (int c = 0; c < out_channels; c++)
					*out++ = (unsigned char)((in[c] * a + 255 * (255 - a) + 127) / 255);
			}
		}
	} else if (rowbytes != (size_t)w * out_channels) {
		png_error(png, "unexpected row layout");
	}
	img->format = IMAGE_PNG;
	img->width = w;
	img->height = h;
	img->channels = out_channels;
	img->len = (size_t)w * h * out_channels;
	free(rows);
	png_destroy_read_struct(&png, &info, NULL);
	fclose(f);
	return img;
}

/* Room for a figure's inflated rows, only written and read once: in huge
 * pages where the system allows (a 10 MB figure otherwise costs some 2600
 * page faults, a third of the time of checking it). *mapped: what to give
 * scratch_free (0: it came from malloc). */
#define HUGE_PAGE (2u << 20)
static unsigned char *scratch_alloc(size_t len, size_t *mapped)
{
	*mapped = 0;
	if (len >= 2 * HUGE_PAGE) {
		size_t size = (len + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE + HUGE_PAGE;
		unsigned char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
			/* Aligned to a huge page, the rest given back. */
			uintptr_t start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
			size_t head = start - (uintptr_t)p, body = size - HUGE_PAGE;
			if (head)
				munmap(p, head);
			if (size - head > body)
				munmap((unsigned char *)start + body, size - head - body);
#ifdef MADV_HUGEPAGE
			madvise((void *)start, body, MADV_HUGEPAGE);
#endif
			*mapped = body;
			return (unsigned char *)start;
		}
	}
	return xmalloc(len);
}

static void scratch_free(unsigned char *p, size_t mapped)
{
	if (mapped)
		munmap(p, mapped);
	else
		free(p);
}

/* A PNG whose pixel rows PDF can read as they are, or NULL (with nothing
 * reported) when it needs decoding: not 8-bit gray or RGB, interlaced, with
 * a transparent colour, or with anything this walk does not vouch for, which
 * libpng then judges. The rows are inflated once to check them (exact size,
 * Adler-32, filter types): the renderer never embeds a stream that a
 * reader could not decode. */
static image *png_rows(const unsigned char *d, size_t len, int checked)
{
	size_t at = 8;
	unsigned w = 0, h = 0;
	int channels = 0, seen_ihdr = 0, seen_iend = 0;
	buf rows;
	buf_init(&rows);
	while (at + 12 <= len && !seen_iend) {
		size_t n = be32(d + at);
		const unsigned char *type = d + at + 4;
		if (n > len - at - 12)
			goto decode;
		unsigned crc = be32(d + at + 8 + n);
		if ((unsigned)libdeflate_crc32(0, type, n + 4) != crc)
			goto decode;
		const unsigned char *body = type + 4;
		if (!seen_ihdr) {
			if (memcmp(type, "IHDR", 4) != 0 || n != 13)
				goto decode;
			w = be32(body);
			h = be32(body + 4);
			int depth = body[8], color = body[9];
			if (w == 0 || h == 0 || (unsigned long long)w * h > MAX_PIXELS || depth != 8 ||
			    (color != 0 && color != 2) || body[10] != 0 || body[11] != 0 || body[12] != 0)
				goto decode;
			channels = color == 2 ? 3 : 1;
			seen_ihdr = 1;
		} else if (memcmp(type, "IDAT", 4) == 0) {
			buf_append(&rows, body, n);
		} else if (memcmp(type, "IEND", 4) == 0) {
			seen_iend = 1;
		} else if (memcmp(type, "tRNS", 4) == 0 || !(type[0] & 0x20)) {
			goto decode; /* transparency, or a critical chunk we do not know */
		}
		at += 12 + n;
	}
	if (!seen_iend || rows.len == 0)
		goto decode;
	size_t stride = 1 + (size_t)w * (size_t)channels;
	size_t expected = stride * h;
	if (expected / MAX_DEFLATE_RATIO > rows.len)
		goto decode; /* more rows than the stream can hold: libpng says why */
	if (checked)
		goto rows_ok; /* these very bytes inflated cleanly in this process before */
	size_t mapped;
	unsigned char *plain = scratch_alloc(expected, &mapped);
	struct libdeflate_decompressor *inflater = libdeflate_alloc_decompressor();
	int ok = inflater && libdeflate_zlib_decompress(inflater, rows.data, rows.len, plain, expected, NULL) ==
				     LIBDEFLATE_SUCCESS;
	for (size_t y = 0; ok && y < h; y++)
		ok = plain[y * stride] <= 4;
	libdeflate_free_decompressor(inflater);
	scratch_free(plain, mapped);
	if (!ok)
		goto decode;
rows_ok:;
	image *img = xcalloc(1, sizeof *img);
	img->format = IMAGE_PNG_ROWS;
	img->width = w;
	img->height = h;
	img->channels = channels;
	img->data = (unsigned char *)buf_detach(&rows, &img->len);
	return img;
decode:
	buf_free(&rows);
	return NULL;
}

/* JPEG errors and warnings (corrupt or missing data, which libjpeg would
 * patch over) end the check with libjpeg's own message. */
typedef struct {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	char message[JMSG_LENGTH_MAX];
} jpeg_errors;

static void on_jpeg_error(j_common_ptr cinfo)
{
	jpeg_errors *e = (jpeg_errors *)cinfo->err;
	cinfo->err->format_message(cinfo, e->message);
	longjmp(e->jump, 1);
}

static void on_jpeg_message(j_common_ptr cinfo, int level)
{
	if (level < 0)
		on_jpeg_error(cinfo);
}

/* What PDF readers cannot show or PDF/A forbids, from the frame header
 * (SOFn): a message or NULL. Four components are CMYK (or YCCK). */
static const char *jpeg_frame_problem(const unsigned char *d, size_t len)
{
	size_t i = 2;
	while (i + 4 <= len && d[i] == 0xFF) {
		unsigned char marker = d[i + 1];
		if (marker == 0xFF) {
			i++;
			continue;
		}
		size_t seglen = be16(d + i + 2);
		int sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
		if (sof) {
			if (i + 10 > len)
				return NULL; /* libjpeg says it is cut short */
			int precision = d[i + 4], components = d[i + 9];
			if (marker >= 0xC9)
				return "it uses arithmetic coding, which PDF readers need not decode: save it as a baseline JPEG";
			if (marker == 0xC3 || marker == 0xC5 || marker == 0xC6 || marker == 0xC7)
				return "it is a lossless or hierarchical JPEG, which PDF readers need not decode: save it as a baseline JPEG";
			if (precision != 8)
				return "it has 12-bit samples, which PDF readers need not decode: save it with 8 bits";
			if (components == 4)
				return "it is a CMYK JPEG, which clashes with the sRGB output intent of PDF/A: save it as RGB";
			if (components != 1 && components != 3)
				return "it has neither one (grey) nor three (colour) components";
			return NULL;
		}
		if (seglen < 2)
			return NULL;
		i += 2 + seglen;
	}
	return NULL;
}

/* Decodes the whole JPEG (one row at a time) to prove that a PDF reader
 * can: 8-bit, grey or RGB (a CMYK file would clash with the sRGB output
 * intent of PDF/A), Huffman coded, complete. 0 with *why (caller frees). */
static int check_jpeg(const unsigned char *data, size_t len, char **why)
{
	struct jpeg_decompress_struct cinfo;
	jpeg_errors errors;
	unsigned char *volatile row = NULL;
	cinfo.err = jpeg_std_error(&errors.mgr);
	errors.mgr.error_exit = on_jpeg_error;
	errors.mgr.emit_message = on_jpeg_message;
	if (setjmp(errors.jump)) {
		*why = xasprintf("broken JPEG: %s", errors.message);
		free(row);
		jpeg_destroy_decompress(&cinfo);
		return 0;
	}
	const char *frame = jpeg_frame_problem(data, len);
	if (frame) {
		*why = xstrdup(frame);
		return 0;
	}
	jpeg_create_decompress(&cinfo);
	/* Progressive files keep every coefficient: bounded by the file's size. */
	size_t budget = len * 128;
	cinfo.mem->max_memory_to_use = budget < 32u << 20 ? 32L << 20 : budget > 512u << 20 ? 512L << 20 : (long)budget;
	jpeg_mem_src(&cinfo, data, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);
	/* The frame was vetted above; libjpeg's view decides what it decodes. */
	const char *problem = NULL;
	if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK)
		problem = "it is a CMYK JPEG, which clashes with the sRGB output intent of PDF/A: save it as RGB";
	else if (cinfo.num_components != 1 && cinfo.num_components != 3)
		problem = "it has neither one (grey) nor three (colour) components";
	else if ((unsigned long long)cinfo.image_width * cinfo.image_height > MAX_PIXELS)
		problem = "it is too large";
	if (problem) {
		*why = xstrdup(problem);
		jpeg_destroy_decompress(&cinfo);
		return 0;
	}
	jpeg_start_decompress(&cinfo);
	row = xmalloc((size_t)cinfo.output_width * (size_t)cinfo.output_components);
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW rows[1] = { row };
		jpeg_read_scanlines(&cinfo, rows, 1);
	}
	jpeg_finish_decompress(&cinfo);
	free(row);
	jpeg_destroy_decompress(&cinfo);
	return 1;
}

static const image_memory *memory;

void image_use_memory(const image_memory *mem)
{
	memory = mem;
}

/* Digests of the files image_check found good in this process (and so in
 * the workers forked from it), sorted: image_load need not check them
 * again before it passes their rows through. */
static struct {
	char (*digest)[SHA256_HEX_SIZE];
	size_t n, cap;
} checked_here;

static int by_digest(const void *a, const void *b)
{
	return memcmp(a, b, SHA256_HEX_SIZE);
}

static int checked_before(const char *digest)
{
	return checked_here.n &&
	       bsearch(digest, checked_here.digest, checked_here.n, sizeof *checked_here.digest, by_digest) != NULL;
}

static void note_checked(const char *digest)
{
	size_t at = 0;
	while (at < checked_here.n && memcmp(checked_here.digest[at], digest, SHA256_HEX_SIZE) < 0)
		at++;
	if (at < checked_here.n && memcmp(checked_here.digest[at], digest, SHA256_HEX_SIZE) == 0)
		return;
	if (checked_here.n == checked_here.cap) {
		checked_here.cap = checked_here.cap ? checked_here.cap * 2 : 16;
		checked_here.digest = xreallocarray(checked_here.digest, checked_here.cap, sizeof *checked_here.digest);
	}
	memmove(checked_here.digest + at + 1, checked_here.digest + at,
		(checked_here.n - at) * sizeof *checked_here.digest);
	memcpy(checked_here.digest[at], digest, SHA256_HEX_SIZE);
	checked_here.n++;
}

/* Paths read for checking, sorted, each with the digest of what was read. */
static struct {
	struct path_digest {
		char *path;
		char digest[SHA256_HEX_SIZE];
	} *v;
	size_t n, cap;
} read_here;

static int by_path(const void *key, const void *entry)
{
	return strcmp(key, ((const struct path_digest *)entry)->path);
}

static void note_read(const char *path, const char *digest)
{
	size_t lo = 0, hi = read_here.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(read_here.v[mid].path, path);
		if (c == 0) {
			memcpy(read_here.v[mid].digest, digest, SHA256_HEX_SIZE);
			return;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (read_here.n == read_here.cap) {
		read_here.cap = read_here.cap ? read_here.cap * 2 : 16;
		read_here.v = xreallocarray(read_here.v, read_here.cap, sizeof *read_here.v);
	}
	memmove(read_here.v + lo + 1, read_here.v + lo, (read_here.n - lo) * sizeof *read_here.v);
	read_here.v[lo].path = xstrdup(path);
	memcpy(read_here.v[lo].digest, digest, SHA256_HEX_SIZE);
	read_here.n++;
}

int image_read_digest(const char *path, char digest[SHA256_HEX_SIZE])
{
	const struct path_digest *e =
		read_here.n ? bsearch(path, read_here.v, read_here.n, sizeof *read_here.v, by_path) : NULL;
	if (e)
		memcpy(digest, e->digest, SHA256_HEX_SIZE);
	return e != NULL;
}

void image_forget_checked(void)
{
	for (size_t i = 0; i < read_here.n; i++)
		free(read_here.v[i].path);
	free(read_here.v);
	read_here.v = NULL;
	read_here.n = read_here.cap = 0;
	free(checked_here.digest);
	checked_here.digest = NULL;
	checked_here.n = checked_here.cap = 0;
}

/* The check itself, on bytes in memory: touches nothing shared, so
 * threads may run it. */
static int check_bytes(unsigned char *d, size_t len, char **why)
{
	*why = NULL;
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) {
		/* Rows that pass png_rows' checks inflate cleanly: no decoding needed. */
		image *img = png_rows(d, len, 0);
		if (!img)
			img = decode_png(d, len, why);
		int ok = img != NULL;
		image_free(img);
		return ok;
	}
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return check_jpeg(d, len, why);
	*why = xstrdup("is neither PNG nor JPEG");
	return 0;
}

/* Reads a file for checking: 0, or the reason in *why. */
static int read_for_check(const char *path, unsigned char **data, size_t *len, char **why)
{
	char *file;
	int e = fs_slurp(path, &file, len);
	if (e) {
		*why = e == EFBIG ? xasprintf("is larger than %u MiB", FS_MAX_INPUT / (1024 * 1024))
				  : xasprintf("cannot be read: %s", strerror(e));
		return -1;
	}
	*data = (unsigned char *)file;
	return 0;
}

/* Whether bytes with this digest were found good here or before. */
static int known_good(const char *digest)
{
	if (checked_before(digest) || (memory && memory->known(memory->ctx, digest))) {
		note_checked(digest);
		return 1;
	}
	return 0;
}

int image_check(const char *path, char **why)
{
	*why = NULL;
	size_t len;
	unsigned char *d;
	if (read_for_check(path, &d, &len, why))
		return 0;
	char digest[SHA256_HEX_SIZE];
	sha256_hex(d, len, digest);
	note_read(path, digest);
	if (known_good(digest)) {
		free(d);
		return 1;
	}
	int ok = check_bytes(d, len, why);
	if (ok) {
		note_checked(digest);
		if (memory)
			memory->found_good(memory->ctx, digest);
	}
	free(d);
	return ok;
}

/* ---- checks on threads ---- */

/* Bytes read and waiting for a thread are held to about this much: the
 * reader waits for the threads rather than read the whole library in. */
#define BATCH_MAX_WAITING (64u << 20)
#define BATCH_MAX_THREADS 8

enum { CHECK_WAITING, CHECK_RUNNING, CHECK_DONE };

typedef struct {
	char digest[SHA256_HEX_SIZE]; /* empty when the file could not be read */
	unsigned char *bytes; /* until checked */
	size_t len;
	size_t same_as;       /* the check of the same bytes, or SIZE_MAX */
	int state, ok, told;  /* told: image_check's record and memory have heard of it */
	char *why;
} batch_check;

struct image_batch {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	batch_check *v;       /* resized only by the calling thread, under the lock */
	size_t n, cap, next;  /* next: the first check no thread has taken */
	size_t waiting_bytes;
	pthread_t threads[BATCH_MAX_THREADS];
	unsigned nthreads, max_threads;
	int closing;
};

static image_batch *live_batch;

/* The threads take checks in order; only the taking and the answer are
 * under the lock, the check itself is not. */
static void *batch_thread(void *arg)
{
	image_batch *b = arg;
	pthread_mutex_lock(&b->lock);
	for (;;) {
		while (b->next < b->n && b->v[b->next].state != CHECK_WAITING)
			b->next++;
		if (b->next == b->n) {
			if (b->closing)
				break;
			pthread_cond_wait(&b->changed, &b->lock);
			continue;
		}
		size_t k = b->next++;
		b->v[k].state = CHECK_RUNNING;
		unsigned char *bytes = b->v[k].bytes;
		size_t len = b->v[k].len;
		pthread_mutex_unlock(&b->lock);
		char *why = NULL;
		int ok = check_bytes(bytes, len, &why);
		free(bytes);
		pthread_mutex_lock(&b->lock);
		b->v[k].bytes = NULL;
		b->v[k].ok = ok;
		b->v[k].why = why;
		b->v[k].state = CHECK_DONE;
		b->waiting_bytes -= len;
		pthread_cond_broadcast(&b->changed);
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

image_batch *image_batch_new(unsigned threads)
{
	image_batch *b = xcalloc(1, sizeof *b);
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->changed, NULL);
	b->max_threads = threads < BATCH_MAX_THREADS ? threads : BATCH_MAX_THREADS;
	live_batch = b;
	return b;
}

/* A check thread is kept off the caller's processor when there is another:
 * placed beside its creator, as Linux tends to place a new thread, it would
 * take turns with it (a pdf with a figure took 17 ms instead of 13 in a third
 * of the runs). */
static void keep_off_this_processor(pthread_attr_t *attr)
{
	cpu_set_t allowed;
	int here = sched_getcpu();
	if (here < 0 || sched_getaffinity(0, sizeof allowed, &allowed) != 0 || !CPU_ISSET(here, &allowed) ||
	    CPU_COUNT(&allowed) < 2)
		return;
	CPU_CLR(here, &allowed);
	pthread_attr_setaffinity_np(attr, sizeof allowed, &allowed);
}

static void add_thread(image_batch *b)
{
	pthread_attr_t attr;
	int made = 0;
	if (b->nthreads < b->max_threads && pthread_attr_init(&attr) == 0) {
		if (b->nthreads == 0)
			keep_off_this_processor(&attr);
		made = pthread_create(&b->threads[b->nthreads], &attr, batch_thread, b) == 0;
		pthread_attr_destroy(&attr);
	}
	if (made)
		b->nthreads++;
	else
		b->max_threads = b->nthreads; /* no more: what no thread takes is checked in the caller */
}

size_t image_batch_add(image_batch *b, const char *path)
{
	batch_check c = { .same_as = SIZE_MAX, .state = CHECK_DONE, .told = 1 };
	if (read_for_check(path, &c.bytes, &c.len, &c.why) == 0) {
		sha256_hex(c.bytes, c.len, c.digest);
		note_read(path, c.digest);
		if (known_good(c.digest)) {
			c.ok = 1;
		} else {
			c.state = CHECK_WAITING;
			c.told = 0;
		}
	}
	pthread_mutex_lock(&b->lock);
	for (size_t i = 0; c.state == CHECK_WAITING && i < b->n; i++) {
		if (b->v[i].same_as == SIZE_MAX && b->v[i].digest[0] &&
		    memcmp(b->v[i].digest, c.digest, SHA256_HEX_SIZE) == 0) {
			c.same_as = i;
			c.state = CHECK_DONE;
			c.told = 1;
		}
	}
	if (c.state != CHECK_WAITING) {
		free(c.bytes);
		c.bytes = NULL;
	}
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->v = xreallocarray(b->v, b->cap, sizeof *b->v);
	}
	size_t k = b->n++;
	b->v[k] = c;
	if (c.state == CHECK_WAITING) {
		b->waiting_bytes += c.len;
		if (b->nthreads < b->max_threads && b->n - b->next > b->nthreads)
			add_thread(b);
		pthread_cond_broadcast(&b->changed);
		while (b->nthreads && b->waiting_bytes > BATCH_MAX_WAITING)
			pthread_cond_wait(&b->changed, &b->lock);
	}
	int by_caller = b->nthreads == 0 && b->v[k].state == CHECK_WAITING;
	if (by_caller)
		b->v[k].state = CHECK_RUNNING;
	pthread_mutex_unlock(&b->lock);
	if (by_caller) {
		/* No thread to run it: no other thread touches the batch either. */
		b->v[k].ok = check_bytes(b->v[k].bytes, b->v[k].len, &b->v[k].why);
		free(b->v[k].bytes);
		b->v[k].bytes = NULL;
		b->waiting_bytes -= b->v[k].len;
		b->v[k].state = CHECK_DONE;
	}
	return k;
}

int image_batch_result(image_batch *b, size_t k, const char **why)
{
	pthread_mutex_lock(&b->lock);
	if (b->v[k].same_as != SIZE_MAX)
		k = b->v[k].same_as;
	while (b->v[k].state != CHECK_DONE)
		pthread_cond_wait(&b->changed, &b->lock);
	batch_check c = b->v[k];
	b->v[k].told = 1;
	pthread_mutex_unlock(&b->lock);
	if (c.ok && !c.told) {
		note_checked(c.digest);
		if (memory)
			memory->found_good(memory->ctx, c.digest);
	}
	*why = c.ok ? NULL : c.why;
	return c.ok;
}

/* Whether image_load may take these bytes as checked: a check of them is
 * pending in the live batch, whose result comes before any output. */
static int promised(const char *digest)
{
	image_batch *b = live_batch;
	if (!b)
		return 0;
	pthread_mutex_lock(&b->lock);
	int found = 0;
	for (size_t i = 0; i < b->n && !found; i++)
		found = b->v[i].same_as == SIZE_MAX && b->v[i].digest[0] &&
			memcmp(b->v[i].digest, digest, SHA256_HEX_SIZE) == 0 && (b->v[i].state != CHECK_DONE || b->v[i].ok);
	pthread_mutex_unlock(&b->lock);
	return found;
}

void image_batch_free(image_batch *b)
{
	if (!b)
		return;
	pthread_mutex_lock(&b->lock);
	b->closing = 1;
	pthread_cond_broadcast(&b->changed);
	pthread_mutex_unlock(&b->lock);
	for (unsigned i = 0; i < b->nthreads; i++)
		pthread_join(b->threads[i], NULL);
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].bytes);
		free(b->v[i].why);
	}
	free(b->v);
	pthread_cond_destroy(&b->changed);
	pthread_mutex_destroy(&b->lock);
	if (live_batch == b)
		live_batch = NULL;
	free(b);
}

image *image_load(const char *path)
{
	size_t len;
	unsigned char *d = (unsigned char *)fs_read_file(path, &len);
	if (!d)
		return NULL;
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) {
		char digest[SHA256_HEX_SIZE];
		if (checked_here.n || live_batch)
			sha256_hex(d, len, digest);
		image *img = png_rows(d, len, (checked_here.n && checked_before(digest)) || promised(digest));
		if (!img) {
			char *why = NULL;
			img = decode_png(d, len, &why);
			if (!img)
				diag(DIAG_ERROR, path, 0, 0, "%s", why);
			free(why);
		}
		free(d);
		return img;
	}
	image *img = xcalloc(1, sizeof *img);
	img->format = IMAGE_JPEG;
	if (len < 4 || d[0] != 0xFF || d[1] != 0xD8 ||
	    !jpeg_size(d, len, &img->width, &img->height, &img->channels)) {
		diag(DIAG_ERROR, path, 0, 0, "not a readable PNG or JPEG image");
		free(d);
		free(img);
		return NULL;
	}
	img->data = d;
	img->len = len;
	return img;
}

void image_free(image *img)
{
	if (!img)
		return;
	free(img->data);
	free(img);
}
