#include "base/namekey.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>

#include "base/utf8.h"
#include "base/util.h"

char *namekey(const char *name)
{
	size_t len = strlen(name);
	if (utf8_valid_prefix(name, len) != len)
		return xstrdup(name);
	/* Canonical caseless matching (Unicode 3.13, D145): NFD, fold, NFD. */
	size_t nfd_len = 0;
	uint8_t *nfd = u8_normalize(UNINORM_NFD, (const uint8_t *)name, len, NULL, &nfd_len);
	if (!nfd)
		xalloc_failed(len);
	size_t key_len = 0;
	uint8_t *key = u8_casefold(nfd, nfd_len, NULL, UNINORM_NFD, NULL, &key_len);
	free(nfd);
	if (!key)
		xalloc_failed(len);
	char *out = xstrndup((const char *)key, key_len);
	free(key);
	return out;
}
