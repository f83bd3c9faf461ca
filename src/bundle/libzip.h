/* libzip: libzip, opened (base/dynlib.h) when a command first reads or
 * writes a ZIP. `hejapack pdf`, check and list never do, and linking it
 * (with the bzip2, lzma, zstd and OpenSSL libraries it pulls in) cost every
 * process about 0.9 ms before main. Each member is the libzip function of
 * the same name with "zip_" in front.
 */
#ifndef HEJAPACK_LIBZIP_H
#define HEJAPACK_LIBZIP_H

#include <zip.h>

typedef struct {
	__typeof__(zip_error_fini) *error_fini;
	__typeof__(zip_discard) *discard;
	__typeof__(zip_strerror) *strerror;
	__typeof__(zip_open) *open;
	__typeof__(zip_fread) *fread;
	__typeof__(zip_error_strerror) *error_strerror;
	__typeof__(zip_stat_init) *stat_init;
	__typeof__(zip_error_init_with_code) *error_init_with_code;
	__typeof__(zip_stat_index) *stat_index;
	__typeof__(zip_get_num_entries) *get_num_entries;
	__typeof__(zip_get_name) *get_name;
	__typeof__(zip_fopen_index) *fopen_index;
	__typeof__(zip_file_strerror) *file_strerror;
	__typeof__(zip_fclose) *fclose;
	__typeof__(zip_error_set) *error_set;
	__typeof__(zip_source_make_command_bitmap) *source_make_command_bitmap;
	__typeof__(zip_source_function) *source_function;
	__typeof__(zip_source_free) *source_free;
	__typeof__(zip_set_file_compression) *set_file_compression;
	__typeof__(zip_file_set_mtime) *file_set_mtime;
	__typeof__(zip_file_set_external_attributes) *file_set_external_attributes;
	__typeof__(zip_file_get_external_attributes) *file_get_external_attributes;
	__typeof__(zip_file_add) *file_add;
	__typeof__(zip_error_to_data) *error_to_data;
	__typeof__(zip_error_init) *error_init;
	__typeof__(zip_compression_method_supported) *compression_method_supported;
	__typeof__(zip_close) *close;
	__typeof__(zip_open_from_source) *open_from_source;
	__typeof__(zip_source_function_create) *source_function_create;
	__typeof__(zip_source_seek_compute_offset) *source_seek_compute_offset;
} libzip_api;

/* The functions, the library opened on the first call; NULL with *err set
 * (caller frees) when it cannot be opened or lacks one of them. */
const libzip_api *libzip(char **err);

#endif
