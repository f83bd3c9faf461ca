#include "cli/imagememo.h"

#include <stdlib.h>
#include <string.h>

#include "base/fsutil.h"
#include "base/hash.h"
#include "base/util.h"
#include "cli/cache.h"

struct image_memo {
	image_memory hooks;
	char *cache_dir;
	char *program;
	char (*found)[SHA256_HEX_SIZE]; /* keys of the verdicts reached in this build */
	size_t nfound;
};

static void verdict_key(const image_memo *m, const char *digest, char key[SHA256_HEX_SIZE])
{
	cache_key k;
	cache_key_begin(&k);
	cache_key_add_str(&k, "verdict", "image checked good");
	cache_key_add_str(&k, "program", m->program);
	cache_key_add_str(&k, "bytes", digest);
	cache_key_end(&k, key);
}

static int known(void *ctx, const char *digest)
{
	const image_memo *m = ctx;
	char key[SHA256_HEX_SIZE];
	verdict_key(m, digest, key);
	cache_entry e;
	/* Read whole, not only looked for: a damaged verdict is no verdict. */
	if (cache_get(m->cache_dir, key, &e) != CACHE_HIT)
		return 0;
	free(e.messages);
	free(e.data);
	return 1;
}

static void found_good(void *ctx, const char *digest)
{
	image_memo *m = ctx;
	m->found = xreallocarray(m->found, m->nfound + 1, sizeof *m->found);
	verdict_key(m, digest, m->found[m->nfound++]);
}

image_memo *image_memo_new(const char *cache_dir, const char *program)
{
	image_memo *m = xcalloc(1, sizeof *m);
	/* Apart from the jobs' entries, which are one per PDF. */
	m->cache_dir = fs_join(cache_dir, "checked");
	m->program = xstrdup(program);
	m->hooks = (image_memory){ .known = known, .found_good = found_good, .ctx = m };
	return m;
}

const image_memory *image_memo_hooks(image_memo *m)
{
	return &m->hooks;
}

void image_memo_keep(image_memo *m)
{
	static const unsigned char nothing[1];
	if (m->nfound && fs_make_dirs(m->cache_dir) != 0)
		return;
	for (size_t i = 0; i < m->nfound; i++) {
		cache_entry e = { .data = (unsigned char *)nothing, .len = 0 };
		(void)cache_put(m->cache_dir, m->found[i], &e);
	}
	m->nfound = 0;
}

void image_memo_free(image_memo *m)
{
	if (!m)
		return;
	free(m->cache_dir);
	free(m->program);
	free(m->found);
	free(m);
}
