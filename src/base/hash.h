/* hash: SHA-256 and SHA-512 as lowercase hex, one-shot or streaming (Nettle).
 *
 * Nothing here can fail but allocation, which exits as x*alloc does, and
 * reading a file (sha256_file says why).
 */
#ifndef HEJAPACK_HASH_H
#define HEJAPACK_HASH_H

#include <stddef.h>

enum { SHA256_HEX_SIZE = 65, SHA512_HEX_SIZE = 129 }; /* hex digits + NUL */

typedef enum { HASH_SHA256, HASH_SHA512 } hash_alg;

/* Hex digest of len bytes at data into the caller's array. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_SIZE]);
void sha512_hex(const void *data, size_t len, char out[SHA512_HEX_SIZE]);

/* Hex digest of a file's bytes, read in pieces: 0, or the errno of the
 * open or read that failed (out is then unset). */
int sha256_file(const char *path, char out[SHA256_HEX_SIZE]);

/* Streaming: hash_new returns a context the caller frees with hash_free
 * (also after hash_final_hex). out must hold hash_hex_size(alg) bytes. */
typedef struct hash_ctx hash_ctx;
hash_ctx *hash_new(hash_alg alg);
void hash_update(hash_ctx *h, const void *data, size_t len);
void hash_final_hex(hash_ctx *h, char *out);
void hash_free(hash_ctx *h);
size_t hash_hex_size(hash_alg alg);

#endif
