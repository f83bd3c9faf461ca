#include "base/hash.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/util.h"

/* Nettle, not OpenSSL: its digests need no library start-up, which cost
 * OpenSSL about 2 ms per process, a fifth of typesetting a one-page PDF. */
struct hash_ctx {
	hash_alg alg;
	union {
		struct sha256_ctx sha256;
		struct sha512_ctx sha512;
	} u;
};

size_t hash_hex_size(hash_alg alg)
{
	return alg == HASH_SHA256 ? SHA256_HEX_SIZE : SHA512_HEX_SIZE;
}

hash_ctx *hash_new(hash_alg alg)
{
	hash_ctx *h = xmalloc(sizeof *h);
	h->alg = alg;
	if (alg == HASH_SHA256)
		sha256_init(&h->u.sha256);
	else
		sha512_init(&h->u.sha512);
	return h;
}

void hash_update(hash_ctx *h, const void *data, size_t len)
{
	/* Nettle takes a size_t length; no chunking needed. */
	if (!len)
		return;
	if (h->alg == HASH_SHA256)
		sha256_update(&h->u.sha256, len, data);
	else
		sha512_update(&h->u.sha512, len, data);
}

void hash_final_hex(hash_ctx *h, char *out)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t md[SHA512_DIGEST_SIZE];
	size_t n = h->alg == HASH_SHA256 ? SHA256_DIGEST_SIZE : SHA512_DIGEST_SIZE;
	if (h->alg == HASH_SHA256)
		sha256_digest(&h->u.sha256, n, md);
	else
		sha512_digest(&h->u.sha512, n, md);
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * n] = '\0';
}

void hash_free(hash_ctx *h)
{
	free(h);
}

static void one_shot(hash_alg alg, const void *data, size_t len, char *out)
{
	hash_ctx h;
	h.alg = alg;
	if (alg == HASH_SHA256)
		sha256_init(&h.u.sha256);
	else
		sha512_init(&h.u.sha512);
	hash_update(&h, data, len);
	hash_final_hex(&h, out);
}

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_SIZE])
{
	one_shot(HASH_SHA256, data, len, out);
}

void sha512_hex(const void *data, size_t len, char out[SHA512_HEX_SIZE])
{
	one_shot(HASH_SHA512, data, len, out);
}

int sha256_file(const char *path, char out[SHA256_HEX_SIZE])
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno;
	hash_ctx *h = hash_new(HASH_SHA256);
	unsigned char *chunk = xmalloc(1 << 16);
	ssize_t n;
	while ((n = read(fd, chunk, 1 << 16)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			hash_update(h, chunk, (size_t)n);
	int e = n < 0 ? errno : 0;
	close(fd);
	free(chunk);
	if (!e)
		hash_final_hex(h, out);
	hash_free(h);
	return e;
}
