/* cache: a content-addressed store of finished jobs (a typeset PDF, its
 * page count and the messages it gave), so that a build after a one-file
 * edit typesets only what the edit touched.
 *
 * A key is the SHA-256 of everything that can change a job's result, fed
 * in by the caller as labelled pieces; the store knows nothing of what
 * they mean. An entry is one file DIR/<key> that names its key and ends in
 * the CRC-32 of all it holds: a truncated, altered or misplaced entry is
 * found out on reading and treated as absent (the job runs again and the
 * entry is written anew), never used. Entries are written under a
 * temporary name and renamed, so parallel workers and an interrupted run
 * leave either a whole entry or none; they are not synced to disk, since
 * a lost entry only costs a rebuild.
 */
#ifndef HEJAPACK_CACHE_H
#define HEJAPACK_CACHE_H

#include <stddef.h>

#include "base/hash.h"

typedef struct {
	hash_ctx *h;
} cache_key;

void cache_key_begin(cache_key *k);
/* Adds a labelled piece; the label and length are hashed with it, so no
 * two different sequences of pieces give the same bytes to hash. */
void cache_key_add(cache_key *k, const char *label, const void *data, size_t len);
void cache_key_add_str(cache_key *k, const char *label, const char *s); /* s may be NULL */
/* Adds a file's bytes, or that it cannot be read. */
void cache_key_add_file(cache_key *k, const char *label, const char *path);
/* The SHA-256 (hex) of a file's bytes, or of "unreadable" when it cannot be
 * read: what a key may take for the file. */
void cache_key_file_digest(const char *path, char digest[SHA256_HEX_SIZE]);
/* Ends k (it may be begun again) with the key in hex. */
void cache_key_end(cache_key *k, char hex[SHA256_HEX_SIZE]);

typedef struct {
	long value;            /* the job's number (a page count) */
	unsigned warnings;     /* how many warnings the messages hold */
	char *messages;        /* as printed, malloc'd (may be NULL when msg_len is 0) */
	size_t msg_len;
	unsigned char *data;   /* the product, malloc'd */
	size_t len;
} cache_entry;

typedef enum { CACHE_MISS, CACHE_HIT, CACHE_DAMAGED } cache_lookup;

/* Whether DIR/<key> is there (not whether it is whole: cache_get tells). */
int cache_has(const char *dir, const char *key);
/* Reads DIR/<key> into *e (the caller frees messages and data on a hit). */
cache_lookup cache_get(const char *dir, const char *key, cache_entry *e);
/* cache_get that, on a hit, also leaves the entry's file open in *file
 * (the caller closes it), with e->data's bytes at offset *data_at: a
 * reader may read them from there again instead of keeping a copy. */
cache_lookup cache_get_open(const char *dir, const char *key, cache_entry *e, int *file, size_t *data_at);
/* Stores *e as DIR/<key>, creating DIR; 0, or -1 when it could not (the
 * build goes on without it). */
int cache_put(const char *dir, const char *key, const cache_entry *e);

#endif
