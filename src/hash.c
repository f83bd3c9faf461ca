#include "hash.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "util.h"

struct hash_ctx {
	EVP_MD_CTX *md;
	hash_alg alg;
};

static void digest_failed(void)
{
	fprintf(stderr, "hejapack: OpenSSL digest failure\n");
	exit(EXIT_SYSTEM);
}

size_t hash_hex_size(hash_alg alg)
{
	return alg == HASH_SHA256 ? SHA256_HEX_SIZE : SHA512_HEX_SIZE;
}

hash_ctx *hash_new(hash_alg alg)
{
	hash_ctx *h = xmalloc(sizeof *h);
	h->alg = alg;
	h->md = EVP_MD_CTX_new();
	if (!h->md || !EVP_DigestInit_ex(h->md, alg == HASH_SHA256 ? EVP_sha256() : EVP_sha512(), NULL))
		digest_failed();
	return h;
}

void hash_update(hash_ctx *h, const void *data, size_t len)
{
	if (len && !EVP_DigestUpdate(h->md, data, len))
		digest_failed();
}

void hash_final_hex(hash_ctx *h, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_DigestFinal_ex(h->md, md, &n) || n * 2 + 1 != hash_hex_size(h->alg))
		digest_failed();
	for (unsigned int i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * n] = '\0';
}

void hash_free(hash_ctx *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->md);
	free(h);
}

static void one_shot(hash_alg alg, const void *data, size_t len, char *out)
{
	hash_ctx *h = hash_new(alg);
	hash_update(h, data, len);
	hash_final_hex(h, out);
	hash_free(h);
}

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_SIZE])
{
	one_shot(HASH_SHA256, data, len, out);
}

void sha512_hex(const void *data, size_t len, char out[SHA512_HEX_SIZE])
{
	one_shot(HASH_SHA512, data, len, out);
}
