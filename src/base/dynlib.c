#include "base/dynlib.h"

#include <dlfcn.h>
#include <string.h>

#include "base/util.h"

int dynlib_open(const char *soname, const char *package, const dynlib_symbol *symbols, size_t n, void *table,
		char **err)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		*err = xasprintf("cannot load %s (Debian's package %s): %s", soname, package, dlerror());
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		void *sym = dlsym(lib, symbols[i].name);
		if (!sym) {
			*err = xasprintf("%s (Debian's package %s) has no %s", soname, package, symbols[i].name);
			dlclose(lib);
			return -1;
		}
		/* A data pointer turned into a function pointer, as POSIX allows:
		 * copied, since ISO C has no conversion for it. */
		memcpy((char *)table + symbols[i].offset, &sym, sizeof sym);
	}
	return 0;
}
