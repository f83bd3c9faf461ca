/* zipout: a reproducible ZIP archive, written to a file.
 *
 * Entries keep the order they are added in. Every entry gets the same DOS
 * time (the epoch read in UTC, clamped to 1980..2107, even seconds), Unix
 * mode 0644, the UTF-8 name flag and no extra fields, so the same entries
 * and epoch give the same bytes whatever TZ, locale or umask.
 *
 * Entries are deflated here with libdeflate and handed to libzip already
 * compressed (libzip then only copies them), or stored when deflating would
 * not make them smaller. The archive's bytes therefore depend on the
 * libdeflate version, as the PDFs' do.
 *
 * What is added waits in a spool file in the output directory, not in
 * memory, so an archive of any size needs memory for one entry at a time.
 */
#ifndef HEJAPACK_ZIPOUT_H
#define HEJAPACK_ZIPOUT_H

#include <stddef.h>
#include <stdint.h>

#include "base/spool.h"

/* How hard to compress: text compresses well and is worth the best level;
 * PDF, PNG and JPEG are compressed inside already, so a fast level takes
 * what little is left (mostly a PDF's uncompressed dictionaries). */
typedef enum { ZIPOUT_TEXT, ZIPOUT_COMPRESSED } zipout_kind;

/* The kind for a file by its name: PDF, PNG and JPEG are compressed. */
zipout_kind zipout_kind_of(const char *name);

typedef struct zipout zipout;

/* Deflating an entry can be done before its archive exists, in another
 * process (the build's workers), and handed in with zipout_add_packed: the
 * archive's bytes are those zipout_add would give. A packer holds the
 * compressors; one per process. */
typedef struct zipout_packer zipout_packer;
zipout_packer *zipout_packer_new(void);
void zipout_packer_free(zipout_packer *p);

typedef struct {
	unsigned char *packed; /* the deflated bytes (caller frees), or NULL: store the entry as it is */
	size_t packed_len;
	uint32_t crc;          /* CRC-32 of the plain bytes, with packed */
} zipout_packed;

/* Deflates data as zipout_add would for an entry of that kind. */
void zipout_pack(zipout_packer *p, const unsigned char *data, size_t len, zipout_kind kind, zipout_packed *out);

/* An archive that zipout_save will write as OUT_DIR/<name>.zip (OUT_DIR
 * must exist). NULL with *err set (caller frees) when it cannot be begun. */
zipout *zipout_new(long long epoch, const char *out_dir, const char *name, char **err);

/* Adds an entry; data is compressed (or not) and set aside before this
 * returns, so it may be freed at once. 0, or -1 with *err set (caller
 * frees); the archive stays usable. */
int zipout_add(zipout *z, const char *name, const unsigned char *data, size_t len, zipout_kind kind, char **err);

/* Adds an entry zipout_pack deflated (plain_len and crc of the plain
 * bytes), or one it said to store as it is. As zipout_add otherwise. */
int zipout_add_packed(zipout *z, const char *name, const unsigned char *packed, size_t packed_len, size_t plain_len,
		      uint32_t crc, char **err);
int zipout_add_stored(zipout *z, const char *name, const unsigned char *data, size_t len, char **err);

/* zipout_add_packed and zipout_add_stored for bytes already spooled: they
 * are read from there while the archive is saved, not copied, so their
 * spool must stay open until zipout_save or zipout_discard. */
int zipout_add_packed_at(zipout *z, const char *name, spool_ref packed, size_t plain_len, uint32_t crc, char **err);
int zipout_add_stored_at(zipout *z, const char *name, spool_ref data, char **err);

/* Finishes the archive as OUT_DIR/<name>.zip and, beside it,
 * <name>.zip.sha256 (a `sha256sum -c` line), each atomically and durably,
 * or staged with the other outputs while outfile_stage_begin is in force
 * (outfile.h). 0, or -1 with *err set (caller frees) and neither file
 * changed. Frees z either way. */
int zipout_save(zipout *z, const char *out_dir, const char *name, char **err);

/* Frees an unfinished archive. */
void zipout_discard(zipout *z);

#endif
