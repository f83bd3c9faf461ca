#include "material/license.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

int license_lookup(const char *name, char **spdx, char **url)
{
	static const char *const kinds[] = { "BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND" };
	static const char *const versions[] = { "1.0", "2.0", "2.5", "3.0", "4.0" };
	*spdx = *url = NULL;
	if (!name)
		return 0;
	if (strcmp(name, "CC0 1.0") == 0 || strcmp(name, "CC0") == 0) {
		*spdx = xstrdup("CC0-1.0");
		*url = xstrdup("https://creativecommons.org/publicdomain/zero/1.0/");
		return 1;
	}
	if (strncmp(name, "CC ", 3) != 0)
		return 0;
	const char *kind = name + 3;
	const char *space = strchr(kind, ' ');
	if (!space)
		return 0;
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		if (strlen(kinds[k]) != (size_t)(space - kind) || strncmp(kinds[k], kind, strlen(kinds[k])) != 0)
			continue;
		for (size_t v = 0; v < sizeof versions / sizeof *versions; v++) {
			if (strcmp(space + 1, versions[v]) != 0)
				continue;
			/* Version 1.0 of BY-NC-ND was published as BY-ND-NC. */
			const char *path = (k == 5 && v == 0) ? "by-nd-nc" : kinds[k];
			char *lower = xstrdup(path);
			for (char *c = lower; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c + 32);
			*url = xasprintf("https://creativecommons.org/licenses/%s/%s/", lower, versions[v]);
			*spdx = xasprintf("CC-%s-%s", kinds[k], versions[v]);
			free(lower);
			return 1;
		}
	}
	return 0;
}
