/* dynlib: a shared library opened when first needed, not linked.
 *
 * A library only some commands use (libxml2 for the e-archive package,
 * libzip for bundles) costs every process its loading before main when it
 * is linked: a millisecond each for those two, a tenth of `hejapack pdf`
 * of a one-page exercise. Such a library is opened with dlopen by its
 * soname (what Debian's package installs) into a table of function
 * pointers whose types come from the library's own headers, so a
 * signature that does not match is a compile error.
 */
#ifndef HEJAPACK_DYNLIB_H
#define HEJAPACK_DYNLIB_H

#include <stddef.h>

typedef struct {
	const char *name; /* the symbol */
	size_t offset;    /* where its pointer goes in the table */
} dynlib_symbol;

/* Opens soname and fills table with each symbol's address; the library
 * stays open for the rest of the process, as a linked one would. 0, or -1
 * with *err set (caller frees; it names `package`) when it cannot be
 * opened or lacks a symbol, the table then unusable. */
int dynlib_open(const char *soname, const char *package, const dynlib_symbol *symbols, size_t n, void *table,
		char **err);

#endif
