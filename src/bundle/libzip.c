#include "bundle/libzip.h"

#include <stddef.h>

#include "base/dynlib.h"

static const dynlib_symbol symbols[] = {
#define SYM(f) { "zip_" #f, offsetof(libzip_api, f) }
	SYM(error_fini),
	SYM(discard),
	SYM(strerror),
	SYM(open),
	SYM(fread),
	SYM(error_strerror),
	SYM(stat_init),
	SYM(error_init_with_code),
	SYM(stat_index),
	SYM(get_num_entries),
	SYM(get_name),
	SYM(fopen_index),
	SYM(file_strerror),
	SYM(fclose),
	SYM(error_set),
	SYM(source_make_command_bitmap),
	SYM(source_function),
	SYM(source_free),
	SYM(set_file_compression),
	SYM(file_set_mtime),
	SYM(file_set_external_attributes),
	SYM(file_get_external_attributes),
	SYM(file_add),
	SYM(error_to_data),
	SYM(error_init),
	SYM(compression_method_supported),
	SYM(close),
	SYM(open_from_source),
	SYM(source_function_create),
	SYM(source_seek_compute_offset),
#undef SYM
};

const libzip_api *libzip(char **err)
{
	static libzip_api api;
	static dynlib lib = { "libzip.so.4", "libzip4", symbols, sizeof symbols / sizeof *symbols, &api, 0 };
	return dynlib_table(&lib, err);
}
