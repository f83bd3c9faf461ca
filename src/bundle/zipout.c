#include "bundle/zipout.h"

#include <errno.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/outfile.h"
#include "base/spool.h"
#include "base/util.h"
#include "bundle/libzip.h"

/* Measured with libdeflate on the release's files: the 5.8 MB of PDF and
 * PNG shrink to 5.20 MB at level 1 (that is a PDF's dictionaries and
 * cross-reference table) in half the time of level 6, which gives 5.08 MB;
 * the 0.33 MB of text gives 126 KB at level 9, 2 % less than zlib's 9,
 * while level 12 would cost seven times as long for 2 % more. */
static const int level_for[] = { [ZIPOUT_TEXT] = 9, [ZIPOUT_COMPRESSED] = 1 };

/* libzip's functions, once zipout_new has opened it. */
static const libzip_api *lz;

/* The archive's bytes go straight into the file zipout_new made: libzip
 * would otherwise write a temporary file of its own beside it, naming it
 * with OpenSSL's random generator (about a millisecond to start). And a
 * thread hashes them for the .sha256 file as they become final, rather than
 * the whole archive being read back once written. libzip writes an entry's
 * header, then its data, seeks back to rewrite the header and forward to
 * the end again: what lies before the end it seeks forward to is final. A
 * write into bytes already declared final, which that pattern never gives,
 * makes zipout_save read the file back instead. */
typedef struct {
	int fd;
	zip_uint64_t pos, end;   /* where libzip writes next; the bytes in the file */
	zip_error_t error;
	pthread_mutex_t lock;
	pthread_cond_t more;
	pthread_t hasher;
	int hashing;             /* the thread runs */
	zip_uint64_t final;      /* bytes before this will not change */
	zip_uint64_t hashed;     /* the thread's progress */
	int finished, stale, unreadable;
	hash_ctx *h;
} archive_file;

struct zipout {
	zip_t *za;
	char *path;   /* the archive as it is written: a hidden name in OUT_DIR */
	archive_file *file;
	spool *store; /* every entry's bytes as they go into the archive */
	time_t mtime;
	zipout_packer *packer;
};

struct zipout_packer {
	struct libdeflate_compressor *deflaters[2];
};

zipout_packer *zipout_packer_new(void)
{
	return xcalloc(1, sizeof(zipout_packer));
}

void zipout_packer_free(zipout_packer *p)
{
	if (!p)
		return;
	for (size_t k = 0; k < sizeof p->deflaters / sizeof *p->deflaters; k++)
		libdeflate_free_compressor(p->deflaters[k]);
	free(p);
}

void zipout_pack(zipout_packer *p, const unsigned char *data, size_t len, zipout_kind kind, zipout_packed *out)
{
	*out = (zipout_packed){ NULL, 0, 0 };
	if (len == 0)
		return;
	if (!p->deflaters[kind])
		p->deflaters[kind] = libdeflate_alloc_compressor(level_for[kind]);
	if (!p->deflaters[kind])
		return;
	size_t bound = libdeflate_deflate_compress_bound(p->deflaters[kind], len);
	unsigned char *packed = xmalloc(bound);
	size_t n = libdeflate_deflate_compress(p->deflaters[kind], data, len, packed, bound);
	if (n == 0 || n >= len) {
		free(packed); /* stored as it is: deflating would not make it smaller */
		return;
	}
	out->packed = packed;
	out->packed_len = n;
	out->crc = (uint32_t)libdeflate_crc32(0, data, len);
}

/* An entry's bytes in the spool, deflated or stored as they are. For a
 * deflated one libzip is told the method, sizes and CRC, and copies the
 * bytes; a stored one it reads like a buffer. Either way only the entry
 * being written is in memory while the archive is closed. */
typedef struct {
	spool_ref at;
	size_t plain_len, pos;
	int deflated;
	zip_uint32_t crc;
	zip_error_t error;
} spooled_entry;

static zip_int64_t spooled_source(void *userdata, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	spooled_entry *e = userdata;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		e->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		size_t n = e->at.len - e->pos;
		if (n > len)
			n = (size_t)len;
		char *err = NULL;
		if (spool_read_part(e->at, e->pos, data, n, &err) != 0) {
			free(err);
			lz->error_set(&e->error, ZIP_ER_READ, EIO);
			return -1;
		}
		e->pos += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		if (len < sizeof(zip_stat_t))
			return -1;
		zip_stat_t *st = data;
		lz->stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
		st->size = e->plain_len;
		st->comp_size = e->at.len;
		st->comp_method = e->deflated ? ZIP_CM_DEFLATE : ZIP_CM_STORE;
		st->encryption_method = ZIP_EM_NONE;
		if (e->deflated) {
			st->valid |= ZIP_STAT_CRC;
			st->crc = e->crc;
		}
		return sizeof(zip_stat_t);
	}
	case ZIP_SOURCE_ERROR:
		return lz->error_to_data(&e->error, data, len);
	case ZIP_SOURCE_FREE:
		lz->error_fini(&e->error);
		free(e);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return lz->source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
						      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		lz->error_set(&e->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

static void *hash_behind(void *arg)
{
	archive_file *a = arg;
	unsigned char chunk[1 << 16];
	pthread_mutex_lock(&a->lock);
	for (;;) {
		if (a->hashed < a->final && !a->unreadable) {
			zip_uint64_t at = a->hashed, upto = a->final;
			pthread_mutex_unlock(&a->lock);
			size_t want = upto - at > sizeof chunk ? sizeof chunk : (size_t)(upto - at);
			ssize_t n = pread(a->fd, chunk, want, (off_t)at);
			if (n > 0)
				hash_update(a->h, chunk, (size_t)n);
			pthread_mutex_lock(&a->lock);
			if (n > 0)
				a->hashed += (zip_uint64_t)n;
			else if (!(n < 0 && errno == EINTR))
				a->unreadable = 1;
			continue;
		}
		if (a->finished)
			break;
		pthread_cond_wait(&a->more, &a->lock);
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

/* Bytes before `upto` are final: the thread may hash them. */
static void declare_final(archive_file *a, zip_uint64_t upto)
{
	pthread_mutex_lock(&a->lock);
	if (upto > a->final) {
		a->final = upto;
		pthread_cond_signal(&a->more);
	}
	pthread_mutex_unlock(&a->lock);
}

/* Writes at a->pos through write(2), as any other output file is written. */
static int write_at(archive_file *a, const unsigned char *p, zip_uint64_t len)
{
	if (lseek(a->fd, (off_t)a->pos, SEEK_SET) < 0)
		return -1;
	while (len > 0) {
		ssize_t n = write(a->fd, p, (size_t)len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (zip_uint64_t)n;
		a->pos += (zip_uint64_t)n;
	}
	return 0;
}

static zip_int64_t archive_source(void *userdata, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	archive_file *a = userdata;
	switch (cmd) {
	case ZIP_SOURCE_SUPPORTS:
		return lz->source_make_command_bitmap(
			ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR,
			ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL, ZIP_SOURCE_SUPPORTS, ZIP_SOURCE_BEGIN_WRITE,
			ZIP_SOURCE_COMMIT_WRITE, ZIP_SOURCE_ROLLBACK_WRITE, ZIP_SOURCE_WRITE, ZIP_SOURCE_SEEK_WRITE,
			ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_REMOVE, -1);
	case ZIP_SOURCE_STAT: {
		/* A new, empty file: there is no archive to read, only one to write. */
		if (len < sizeof(zip_stat_t))
			return -1;
		zip_stat_t *st = data;
		lz->stat_init(st);
		st->valid = ZIP_STAT_SIZE;
		st->size = 0;
		return sizeof(zip_stat_t);
	}
	case ZIP_SOURCE_OPEN:
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_READ:
	case ZIP_SOURCE_SEEK:
	case ZIP_SOURCE_TELL:
		return 0;
	case ZIP_SOURCE_BEGIN_WRITE:
		a->pos = a->end = 0;
		if (ftruncate(a->fd, 0) != 0) {
			lz->error_set(&a->error, ZIP_ER_WRITE, errno);
			return -1;
		}
		return 0;
	case ZIP_SOURCE_WRITE:
		if (a->pos < a->final)
			a->stale = 1;
		if (write_at(a, data, len) != 0) {
			lz->error_set(&a->error, ZIP_ER_WRITE, errno);
			return -1;
		}
		if (a->pos > a->end)
			a->end = a->pos;
		return (zip_int64_t)len;
	case ZIP_SOURCE_SEEK_WRITE: {
		zip_int64_t at = lz->source_seek_compute_offset(a->pos, a->end, data, len, &a->error);
		if (at < 0)
			return -1;
		a->pos = (zip_uint64_t)at;
		if (a->pos == a->end)
			declare_final(a, a->end);
		return 0;
	}
	case ZIP_SOURCE_TELL_WRITE:
		return (zip_int64_t)a->pos;
	case ZIP_SOURCE_COMMIT_WRITE:
		declare_final(a, a->end);
		return 0;
	case ZIP_SOURCE_ROLLBACK_WRITE:
	case ZIP_SOURCE_REMOVE:
		return 0; /* zipout_discard removes the file */
	case ZIP_SOURCE_ERROR:
		return lz->error_to_data(&a->error, data, len);
	case ZIP_SOURCE_FREE:
		return 0; /* the zipout owns it */
	default:
		lz->error_set(&a->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* Stops the thread: the digest of the file as written, or "" when it was
 * not hashed whole (then the caller reads the file back). */
static void finish_hashing(archive_file *a, char digest[SHA256_HEX_SIZE])
{
	digest[0] = '\0';
	if (a->hashing) {
		pthread_mutex_lock(&a->lock);
		a->finished = 1;
		pthread_cond_signal(&a->more);
		pthread_mutex_unlock(&a->lock);
		pthread_join(a->hasher, NULL);
		a->hashing = 0;
	}
	if (a->h) {
		char hex[SHA256_HEX_SIZE];
		hash_final_hex(a->h, hex);
		hash_free(a->h);
		a->h = NULL;
		if (!a->stale && !a->unreadable && a->hashed == a->end && a->final == a->end)
			memcpy(digest, hex, SHA256_HEX_SIZE);
	}
}

static void archive_file_free(archive_file *a)
{
	if (!a)
		return;
	char ignored[SHA256_HEX_SIZE];
	finish_hashing(a, ignored);
	close(a->fd);
	lz->error_fini(&a->error);
	pthread_cond_destroy(&a->more);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

static archive_file *archive_file_new(int fd)
{
	archive_file *a = xcalloc(1, sizeof *a);
	a->fd = fd;
	lz->error_init(&a->error);
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->more, NULL);
	a->h = hash_new(HASH_SHA256);
	/* Without the thread nothing is hashed as it goes: the file is read back. */
	a->hashing = pthread_create(&a->hasher, NULL, hash_behind, a) == 0;
	if (!a->hashing)
		a->stale = 1;
	return a;
}

zipout *zipout_new(long long epoch, const char *out_dir, const char *name, char **err)
{
	if (!(lz = libzip(err)))
		return NULL;
	spool *store = spool_open(out_dir, err);
	if (!store)
		return NULL;
	/* A name of our own that no other run uses, renamed into place once the
	 * archive is whole (outfile_commit). */
	char *path = xasprintf("%s/.%s.zip.XXXXXX", out_dir, name);
	int fd = mkstemp(path);
	if (fd < 0) {
		*err = xasprintf("cannot create a temporary file in %s: %s", out_dir, strerror(errno));
		free(path);
		spool_close(store);
		return NULL;
	}
	archive_file *file = archive_file_new(fd);
	zip_error_t e;
	lz->error_init(&e);
	zip_source_t *src = lz->source_function_create(archive_source, file, &e);
	zip_t *za = src ? lz->open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &e) : NULL;
	if (!za) {
		*err = xasprintf("cannot start the ZIP %s: %s", path, lz->error_strerror(&e));
		lz->error_fini(&e);
		if (src)
			lz->source_free(src);
		archive_file_free(file);
		unlink(path);
		free(path);
		spool_close(store);
		return NULL;
	}
	lz->error_fini(&e);
	zipout *z = xcalloc(1, sizeof *z);
	z->za = za;
	z->file = file;
	z->path = path;
	z->store = store;
	z->packer = zipout_packer_new();
	/* DOS time covers 1980-01-01 to 2107-12-31 23:59:58 in steps of two
	 * seconds; outside it libzip would store a different date per platform. */
	const long long first = 315532800LL, last = 4354819198LL;
	epoch = epoch < first ? first : epoch > last ? last : epoch;
	z->mtime = (time_t)(epoch & ~1LL);
	return z;
}

int zipout_add(zipout *z, const char *name, const unsigned char *data, size_t len, zipout_kind kind, char **err)
{
	zipout_packed packed;
	zipout_pack(z->packer, data, len, kind, &packed);
	int rc = packed.packed ? zipout_add_packed(z, name, packed.packed, packed.packed_len, len, packed.crc, err)
			       : zipout_add_stored(z, name, data, len, err);
	free(packed.packed);
	return rc;
}

/* Hands libzip a source that reads the entry's bytes where they lie. */
static int add_entry_at(zipout *z, const char *name, spool_ref at, size_t plain_len, int deflated, uint32_t crc,
			char **err)
{
	spooled_entry *e = xcalloc(1, sizeof *e);
	e->at = at;
	e->plain_len = plain_len;
	e->deflated = deflated;
	e->crc = (zip_uint32_t)crc;
	lz->error_init(&e->error);
	zip_source_t *src = lz->source_function(z->za, spooled_source, e);
	if (!src) {
		lz->error_fini(&e->error);
		free(e);
	}
	zip_int64_t idx = src ? lz->file_add(z->za, name, src, ZIP_FL_ENC_UTF_8) : -1;
	if (idx < 0) {
		if (src)
			lz->source_free(src);
	} else if (lz->set_file_compression(z->za, (zip_uint64_t)idx, deflated ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) != 0 ||
		   lz->file_set_mtime(z->za, (zip_uint64_t)idx, z->mtime, 0) != 0 ||
		   lz->file_set_external_attributes(z->za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
						    (zip_uint32_t)0100644 << 16) != 0) {
		idx = -1;
	}
	if (idx < 0) {
		*err = xasprintf("cannot add %s to the ZIP: %s", name, lz->strerror(z->za));
		return -1;
	}
	return 0;
}

/* Sets the entry's bytes aside, then as add_entry_at. */
static int add_entry(zipout *z, const char *name, const unsigned char *bytes, size_t bytes_len, size_t plain_len,
		     int deflated, uint32_t crc, char **err)
{
	spool_ref at;
	if (spool_put(z->store, bytes, bytes_len, &at, err) != 0)
		return -1;
	return add_entry_at(z, name, at, plain_len, deflated, crc, err);
}

int zipout_add_packed_at(zipout *z, const char *name, spool_ref packed, size_t plain_len, uint32_t crc, char **err)
{
	return add_entry_at(z, name, packed, plain_len, 1, crc, err);
}

int zipout_add_stored_at(zipout *z, const char *name, spool_ref data, char **err)
{
	return add_entry_at(z, name, data, data.len, 0, 0, err);
}

int zipout_add_packed(zipout *z, const char *name, const unsigned char *packed, size_t packed_len, size_t plain_len,
		      uint32_t crc, char **err)
{
	return add_entry(z, name, packed, packed_len, plain_len, 1, crc, err);
}

int zipout_add_stored(zipout *z, const char *name, const unsigned char *data, size_t len, char **err)
{
	return add_entry(z, name, data, len, len, 0, 0, err);
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
	int rc = lz->close(za);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	return rc;
}


static void free_zipout(zipout *z)
{
	archive_file_free(z->file);
	zipout_packer_free(z->packer);
	spool_close(z->store);
	free(z->path);
	free(z);
}

void zipout_discard(zipout *z)
{
	if (!z)
		return;
	lz->discard(z->za);
	unlink(z->path);
	free_zipout(z);
}

int zipout_save(zipout *z, const char *out_dir, const char *name, char **err)
{
	char *zip_path = xasprintf("%s/%s.zip", out_dir, name);
	if (close_in_utc(z->za) != 0) {
		*err = xasprintf("cannot write %s: %s", zip_path, lz->strerror(z->za));
		zipout_discard(z);
		free(zip_path);
		return -1;
	}
	char *sum_path = xasprintf("%s/%s.zip.sha256", out_dir, name);
	char digest[SHA256_HEX_SIZE];
	finish_hashing(z->file, digest);
	int rc = -1, e;
	if (chmod(z->path, 0644) != 0) {
		*err = xasprintf("cannot set the mode of %s: %s", z->path, strerror(errno));
		unlink(z->path);
	} else if (!digest[0] && (e = sha256_file(z->path, digest)) != 0) {
		*err = xasprintf("cannot read back %s: %s", z->path, strerror(e));
		unlink(z->path);
	} else if (outfile_commit(z->path, zip_path, err) == 0) {
		char *sum_line = xasprintf("%s  %s.zip\n", digest, name);
		rc = outfile_write(sum_path, sum_line, strlen(sum_line), err);
		free(sum_line);
	}
	free_zipout(z);
	free(zip_path);
	free(sum_path);
	return rc;
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
