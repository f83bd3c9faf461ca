#include "base/dynlib.h"

#include <dlfcn.h>
#include <string.h>

#include "base/util.h"

const void *dynlib_table(dynlib *lib, char **err)
{
	if (lib->opened)
		return lib->table;
	void *handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		*err = xasprintf("cannot load %s (Debian's package %s): %s", lib->soname, lib->package, dlerror());
		return NULL;
	}
	for (size_t i = 0; i < lib->nsymbols; i++) {
		void *sym = dlsym(handle, lib->symbols[i].name);
		if (!sym) {
			*err = xasprintf("%s (Debian's package %s) has no %s", lib->soname, lib->package,
					 lib->symbols[i].name);
			dlclose(handle);
			return NULL;
		}
		/* A data pointer turned into a function pointer, as POSIX allows:
		 * copied, since ISO C has no conversion for it. */
		memcpy((char *)lib->table + lib->symbols[i].offset, &sym, sizeof sym);
	}
	lib->opened = 1;
	return lib->table;
}
