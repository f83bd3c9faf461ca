/* license: what a licence name in bundle.yaml stands for.
 *
 * Archives want a licence they can resolve without reading prose: its SPDX
 * identifier and the address of its text. This module knows them for the
 * Creative Commons licences people write as "CC BY-SA 4.0" (kinds BY, BY-SA,
 * BY-NC, BY-NC-SA, BY-ND, BY-NC-ND; versions 1.0, 2.0, 2.5, 3.0, 4.0) and
 * for "CC0" / "CC0 1.0".
 */
#ifndef HEJAPACK_LICENSE_H
#define HEJAPACK_LICENSE_H

/* Sets *spdx ("CC-BY-SA-4.0") and *url (the licence deed,
 * "https://creativecommons.org/licenses/by-sa/4.0/"), fresh strings the
 * caller frees, and returns 1 for a name it knows; returns 0 and sets both
 * to NULL otherwise. */
int license_lookup(const char *name, char **spdx, char **url);

#endif
