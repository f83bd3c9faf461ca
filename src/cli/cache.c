#include "cli/cache.h"

#include <errno.h>
#include <inttypes.h>
#include <libdeflate.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fsutil.h"
#include "base/util.h"

static void add_length(hash_ctx *h, size_t n)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)n >> (8 * i));
	hash_update(h, b, sizeof b);
}

void cache_key_begin(cache_key *k)
{
	k->h = hash_new(HASH_SHA256);
}

void cache_key_add(cache_key *k, const char *label, const void *data, size_t len)
{
	size_t ll = strlen(label);
	add_length(k->h, ll);
	hash_update(k->h, label, ll);
	add_length(k->h, len);
	hash_update(k->h, data, len);
}

void cache_key_add_str(cache_key *k, const char *label, const char *s)
{
	/* NULL and "" must differ: a missing option is not an empty one. */
	if (s)
		cache_key_add(k, label, s, strlen(s));
	else
		cache_key_add(k, label, "\xff", 1);
}

void cache_key_add_file(cache_key *k, const char *label, const char *path)
{
	char *data;
	size_t len;
	if (fs_slurp(path, &data, &len) == 0) {
		cache_key_add(k, label, data, len);
		free(data);
	} else {
		cache_key_add(k, label, "\xff unreadable", 12);
	}
}

void cache_key_file_digest(const char *path, char digest[SHA256_HEX_SIZE])
{
	if (sha256_file(path, digest) != 0)
		sha256_hex("\xff unreadable", 12, digest);
}

void cache_key_end(cache_key *k, char hex[SHA256_HEX_SIZE])
{
	hash_final_hex(k->h, hex);
	hash_free(k->h);
	k->h = NULL;
}

/* The file: MAGIC, the key, four 8-byte little-endian numbers (value,
 * warnings, message length, data length), the data, the messages, and the
 * CRC-32 in hex of all that came before. The data comes first so that it
 * is read straight into the block the caller gets; a CRC rather than a
 * digest, since the key already names the content and the check is only
 * against damage (a truncated or altered file), and a rebuild reads every
 * entry it uses: SHA-256 cost a fifth of an unchanged rebuild. */
#define MAGIC "hejapack cache entry 2\n"
enum { NUMS = 32, HEAD = sizeof MAGIC - 1 + SHA256_HEX_SIZE - 1 + NUMS, TAIL = 8 };

static void crc_hex(uint32_t crc, char out[TAIL + 1])
{
	snprintf(out, TAIL + 1, "%08" PRIx32, crc);
}

static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int cache_has(const char *dir, const char *key)
{
	char *path = fs_join(dir, key);
	struct stat st;
	int there = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return there;
}

cache_lookup cache_get(const char *dir, const char *key, cache_entry *e)
{
	return cache_get_open(dir, key, e, NULL, NULL);
}

cache_lookup cache_get_open(const char *dir, const char *key, cache_entry *e, int *file, size_t *data_at)
{
	memset(e, 0, sizeof *e);
	if (file)
		*file = -1;
	char *path = fs_join(dir, key);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return errno == ENOENT ? CACHE_MISS : CACHE_DAMAGED;
	cache_lookup result = CACHE_DAMAGED;
	unsigned char head[HEAD];
	char *rest = NULL;
	unsigned char *data = NULL;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < HEAD + TAIL ||
	    fs_read_all(fd, head, HEAD) != 0 || memcmp(head, MAGIC, sizeof MAGIC - 1) != 0 ||
	    memcmp(head + sizeof MAGIC - 1, key, SHA256_HEX_SIZE - 1) != 0)
		goto done;
	const unsigned char *nums = head + HEAD - NUMS;
	uint64_t value = get_u64(nums), warnings = get_u64(nums + 8);
	uint64_t msg_len = get_u64(nums + 16), data_len = get_u64(nums + 24);
	uint64_t size = (uint64_t)st.st_size;
	if (msg_len > size || data_len > size || HEAD + msg_len + data_len + TAIL != size || value > INT32_MAX ||
	    warnings > UINT32_MAX)
		goto done;
	data = xmalloc(data_len ? (size_t)data_len : 1);
	rest = xmalloc((size_t)msg_len + TAIL + 1);
	if (fs_read_all(fd, data, (size_t)data_len) != 0 || fs_read_all(fd, rest, (size_t)msg_len + TAIL) != 0)
		goto done;
	uint32_t crc = libdeflate_crc32(0, head, HEAD);
	crc = libdeflate_crc32(crc, data, (size_t)data_len);
	crc = libdeflate_crc32(crc, rest, (size_t)msg_len);
	char sum[TAIL + 1];
	crc_hex(crc, sum);
	if (memcmp(sum, rest + msg_len, TAIL) != 0)
		goto done;
	e->value = (long)value;
	e->warnings = (unsigned)warnings;
	e->msg_len = (size_t)msg_len;
	if (e->msg_len) {
		e->messages = rest;
		rest = NULL;
	}
	e->len = (size_t)data_len;
	e->data = data;
	data = NULL;
	result = CACHE_HIT;
	if (file) {
		*file = fd;
		*data_at = HEAD;
		fd = -1;
	}
done:
	if (fd >= 0)
		close(fd);
	free(rest);
	free(data);
	return result;
}

int cache_put(const char *dir, const char *key, const cache_entry *e)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return -1;
	buf b;
	buf_init(&b);
	buf_append(&b, MAGIC, sizeof MAGIC - 1);
	buf_append(&b, key, SHA256_HEX_SIZE - 1);
	unsigned char nums[32];
	put_u64(nums, (uint64_t)e->value);
	put_u64(nums + 8, e->warnings);
	put_u64(nums + 16, e->msg_len);
	put_u64(nums + 24, e->len);
	buf_append(&b, (const char *)nums, sizeof nums);
	buf_append(&b, (const char *)e->data, e->len);
	if (e->msg_len)
		buf_append(&b, e->messages, e->msg_len);
	char sum[TAIL + 1];
	crc_hex((uint32_t)libdeflate_crc32(0, b.data, b.len), sum);
	buf_append(&b, sum, TAIL);

	char *path = fs_join(dir, key);
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int ok = fd >= 0 && fs_write_all(fd, b.data, b.len) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (ok && rename(tmp, path) != 0)
		ok = 0;
	if (!ok && fd >= 0)
		unlink(tmp);
	free(tmp);
	free(path);
	buf_free(&b);
	return ok ? 0 : -1;
}
