#include "bundle/zipout.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "base/hash.h"
#include "base/outfile.h"
#include "base/util.h"

/* Measured with libdeflate on the release's files: the 5.8 MB of PDF and
 * PNG shrink to 5.20 MB at level 1 (that is a PDF's dictionaries and
 * cross-reference table) in half the time of level 6, which gives 5.08 MB;
 * the 0.33 MB of text gives 126 KB at level 9, 2 % less than zlib's 9,
 * while level 12 would cost seven times as long for 2 % more. */
static const int level_for[] = { [ZIPOUT_TEXT] = 9, [ZIPOUT_COMPRESSED] = 1 };

struct zipout {
	zip_t *za;
	zip_source_t *mem; /* the archive's bytes, read back after zip_close */
	time_t mtime;
	struct libdeflate_compressor *deflaters[2];
};

/* An entry already deflated: libzip is told its method, sizes and CRC, and
 * copies the bytes as they are. */
typedef struct {
	unsigned char *packed;
	size_t packed_len, plain_len, pos;
	zip_uint32_t crc;
	zip_error_t error;
} deflated_entry;

static zip_int64_t deflated_source(void *userdata, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	deflated_entry *e = userdata;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		e->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		size_t n = e->packed_len - e->pos;
		if (n > len)
			n = (size_t)len;
		memcpy(data, e->packed + e->pos, n);
		e->pos += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		if (len < sizeof(zip_stat_t))
			return -1;
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
			    ZIP_STAT_ENCRYPTION_METHOD;
		st->size = e->plain_len;
		st->comp_size = e->packed_len;
		st->comp_method = ZIP_CM_DEFLATE;
		st->encryption_method = ZIP_EM_NONE;
		st->crc = e->crc;
		return sizeof(zip_stat_t);
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&e->error, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&e->error);
		free(e->packed);
		free(e);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
						      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&e->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

zipout *zipout_new(long long epoch, char **err)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *za = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &ze) : NULL;
	if (!za) {
		*err = xasprintf("cannot create an in-memory ZIP: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		if (mem)
			zip_source_free(mem);
		return NULL;
	}
	zip_error_fini(&ze);
	zip_source_keep(mem);
	zipout *z = xcalloc(1, sizeof *z);
	z->za = za;
	z->mem = mem;
	/* DOS time covers 1980-01-01 to 2107-12-31 23:59:58 in steps of two
	 * seconds; outside it libzip would store a different date per platform. */
	const long long first = 315532800LL, last = 4354819198LL;
	epoch = epoch < first ? first : epoch > last ? last : epoch;
	z->mtime = (time_t)(epoch & ~1LL);
	return z;
}

/* The entry deflated, or NULL when that would not make it smaller. */
static zip_source_t *deflated(zipout *z, const unsigned char *data, size_t len, zipout_kind kind)
{
	if (len == 0)
		return NULL;
	if (!z->deflaters[kind])
		z->deflaters[kind] = libdeflate_alloc_compressor(level_for[kind]);
	if (!z->deflaters[kind])
		return NULL;
	size_t bound = libdeflate_deflate_compress_bound(z->deflaters[kind], len);
	unsigned char *packed = xmalloc(bound);
	size_t n = libdeflate_deflate_compress(z->deflaters[kind], data, len, packed, bound);
	if (n == 0 || n >= len) {
		free(packed);
		return NULL;
	}
	deflated_entry *e = xcalloc(1, sizeof *e);
	e->packed = packed;
	e->packed_len = n;
	e->plain_len = len;
	e->crc = (zip_uint32_t)libdeflate_crc32(0, data, len);
	zip_error_init(&e->error);
	zip_source_t *src = zip_source_function(z->za, deflated_source, e);
	if (!src) {
		zip_error_fini(&e->error);
		free(packed);
		free(e);
	}
	return src;
}

int zipout_add(zipout *z, const char *name, const unsigned char *data, size_t len, zipout_kind kind, char **err)
{
	zip_source_t *src = deflated(z, data, len, kind);
	int method = src ? ZIP_CM_DEFLATE : ZIP_CM_STORE;
	if (!src) {
		/* libzip reads a buffer source when the archive is closed: it gets
		 * a copy, as a deflated entry does. */
		unsigned char *copy = len ? xmalloc(len) : NULL;
		if (len)
			memcpy(copy, data, len);
		src = zip_source_buffer(z->za, copy, len, 1);
		if (!src)
			free(copy);
	}
	zip_int64_t idx = src ? zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8) : -1;
	if (idx < 0) {
		if (src)
			zip_source_free(src);
	} else if (zip_set_file_compression(z->za, (zip_uint64_t)idx, method, 0) != 0 ||
		   zip_file_set_mtime(z->za, (zip_uint64_t)idx, z->mtime, 0) != 0 ||
		   zip_file_set_external_attributes(z->za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
						    (zip_uint32_t)0100644 << 16) != 0) {
		idx = -1;
	}
	if (idx < 0) {
		*err = xasprintf("cannot add %s to the ZIP: %s", name, zip_strerror(z->za));
		return -1;
	}
	return 0;
}

/* libzip 1.7.3 turns mtime into DOS date and time with localtime_r while
 * zip_close writes the archive. TZ is UTC for exactly that call rather than
 * a precomputed local time that maps back to the UTC fields: such a time
 * does not exist when the UTC wall time falls into the local spring-forward
 * gap. Not thread-safe: archives are written by one thread. */
static int close_in_utc(zip_t *za)
{
	const char *old = getenv("TZ");
	char *saved = old ? xstrdup(old) : NULL;
	setenv("TZ", "UTC0", 1);
	tzset();
	int rc = zip_close(za);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	return rc;
}

static void free_deflaters(zipout *z)
{
	for (size_t k = 0; k < sizeof z->deflaters / sizeof *z->deflaters; k++)
		libdeflate_free_compressor(z->deflaters[k]);
}

void zipout_discard(zipout *z)
{
	if (!z)
		return;
	zip_discard(z->za);
	zip_source_free(z->mem);
	free_deflaters(z);
	free(z);
}

int zipout_finish(zipout *z, unsigned char **out, size_t *out_len, char **err)
{
	if (close_in_utc(z->za) != 0) {
		*err = xasprintf("cannot write the ZIP: %s", zip_strerror(z->za));
		zipout_discard(z);
		return -1;
	}
	zip_source_t *mem = z->mem;
	free_deflaters(z);
	free(z);
	buf b;
	buf_init(&b);
	int ok = zip_source_open(mem) == 0;
	unsigned char chunk[65536];
	zip_int64_t n = 0;
	while (ok && (n = zip_source_read(mem, chunk, sizeof chunk)) > 0)
		buf_append(&b, chunk, (size_t)n);
	if (!ok || n < 0) {
		*err = xasprintf("cannot read back the in-memory ZIP: %s", zip_error_strerror(zip_source_error(mem)));
		if (ok)
			zip_source_close(mem);
		zip_source_free(mem);
		buf_free(&b);
		return -1;
	}
	zip_source_close(mem);
	zip_source_free(mem);
	*out = (unsigned char *)buf_detach(&b, out_len);
	return 0;
}

zipout_kind zipout_kind_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	static const char *const packed[] = { ".pdf", ".png", ".jpg", ".jpeg" };
	for (size_t k = 0; dot && k < sizeof packed / sizeof *packed; k++)
		if (strcmp(dot, packed[k]) == 0)
			return ZIPOUT_COMPRESSED;
	return ZIPOUT_TEXT;
}

int zipout_save(const char *out_dir, const char *name, const unsigned char *zip, size_t len, char **err)
{
	char *zip_path = xasprintf("%s/%s.zip", out_dir, name);
	char *sum_path = xasprintf("%s/%s.zip.sha256", out_dir, name);
	char digest[SHA256_HEX_SIZE];
	sha256_hex(zip, len, digest);
	char *sum_line = xasprintf("%s  %s.zip\n", digest, name);
	int rc = outfile_write(zip_path, zip, len, err) != 0 || outfile_write(sum_path, sum_line, strlen(sum_line), err) != 0
			 ? -1
			 : 0;
	free(sum_line);
	free(zip_path);
	free(sum_path);
	return rc;
}
