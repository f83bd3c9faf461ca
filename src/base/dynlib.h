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

/* One library: what to open and where its functions go. */
typedef struct {
	const char *soname;
	const char *package;          /* Debian's, for the message when it is missing */
	const dynlib_symbol *symbols;
	size_t nsymbols;
	void *table;
	int opened;                   /* (set here) */
} dynlib;

/* The library's table, filled on the first call by opening the library
 * and looking up each symbol (the library then stays open for the rest of
 * the process, as a linked one would); NULL with *err set (caller frees;
 * it names the package) when it cannot be opened or lacks a symbol, and
 * the next call tries again. */
const void *dynlib_table(dynlib *lib, char **err);

#endif
