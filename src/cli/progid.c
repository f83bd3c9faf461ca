#define _GNU_SOURCE /* dl_iterate_phdr */
#include "cli/progid.h"

#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/hash.h"
#include "base/util.h"
#include "cli/cache.h"

/* The linker's build ID of the running program (a digest of the linked
 * output that ld puts in a note), read from memory instead of hashing the
 * whole file; 0 when the program has none. */
typedef struct {
	const unsigned char *id;
	size_t len;
} build_id;

static int find_build_id(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	build_id *found = data;
	if (info->dlpi_name && info->dlpi_name[0])
		return 0; /* a shared library: the first entry is the program */
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
		const unsigned char *end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *note = (const ElfW(Nhdr) *)(const void *)p;
			const unsigned char *name = p + sizeof *note;
			const unsigned char *desc = name + ((note->n_namesz + 3) & ~3u);
			if (desc + note->n_descsz > end)
				break;
			if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && memcmp(name, "GNU", 4) == 0 &&
			    note->n_descsz >= 16) {
				found->id = desc;
				found->len = note->n_descsz;
				return 1;
			}
			p = desc + ((note->n_descsz + 3) & ~3u);
		}
	}
	return 1;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The libraries by name, size and time of change (hashing them would cost
 * more than most jobs), sorted, since their order in memory is random. */
static void add_program(cache_key *k)
{
	build_id bid = { 0 };
	dl_iterate_phdr(find_build_id, &bid);
	if (bid.id)
		cache_key_add(k, "program build id", bid.id, bid.len);
	else
		cache_key_add_file(k, "program", "/proc/self/exe");
	FILE *maps = fopen("/proc/self/maps", "r");
	char **libs = NULL;
	size_t n = 0, cap = 0;
	char line[4096];
	while (maps && fgets(line, sizeof line, maps)) {
		char *path = strchr(line, '/');
		if (!path || !strstr(path, ".so"))
			continue;
		path[strcspn(path, "\n")] = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			libs = xreallocarray(libs, cap, sizeof *libs);
		}
		libs[n++] = xstrdup(path);
	}
	if (maps)
		fclose(maps);
	if (n)
		qsort(libs, n, sizeof *libs, by_string);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(libs[i], libs[i - 1]) != 0) {
			struct stat st;
			char *about = stat(libs[i], &st) == 0
				? xasprintf("%s %lld %lld.%09ld", libs[i], (long long)st.st_size, (long long)st.st_mtim.tv_sec,
					    st.st_mtim.tv_nsec)
				: xasprintf("%s gone", libs[i]);
			cache_key_add_str(k, "library", about);
			free(about);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(libs[i]);
	free(libs);
}


const char *program_digest(void)
{
	static char hex[SHA256_HEX_SIZE];
	if (!hex[0]) {
		cache_key k;
		cache_key_begin(&k);
		add_program(&k);
		cache_key_end(&k, hex);
	}
	return hex;
}
