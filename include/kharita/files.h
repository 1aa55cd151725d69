/* kharita files: finding installed data, and writing outputs atomically (temp + rename). */
#ifndef KHARITA_FILES_H
#define KHARITA_FILES_H

#include <stdio.h>

#include "kharita/error.h"

/* Path of data file NAME (for example "gazetteer.khg" or "basemaps/countries.geojson"),
 * searched in order: $KHARITA_DATA, the folder share/kharita beside the running binary (the
 * build tree: out/share/kharita), and ../share/kharita from the binary (make install PREFIX).
 * Returns a malloc'd path the caller frees, or NULL with err set (KH_E_INPUT) naming where it
 * looked. */
char *kh_data_find(const char *name, kh_error *err);

/* An output being written: data goes to a temporary file in the same folder, which replaces
 * the final path only on kh_atomic_commit, so a failure never leaves a half-written file. */
typedef struct kh_atomic kh_atomic;

/* Start writing PATH. The temporary name keeps PATH's extension so that libraries that pick a
 * format by extension (GDAL, cairo) still see it. When PATH exists and is not a regular file
 * (/dev/null, /dev/stdout, a pipe) it is written in place: no temporary file, nothing renamed
 * over it or removed. Returns NULL with err set (KH_E_OUTPUT, also when PATH is a folder). */
kh_atomic *kh_atomic_open(const char *path, kh_error *err);

/* The temporary path, for libraries that write by name (GDAL, cairo). Borrowed. */
const char *kh_atomic_tmppath(const kh_atomic *a);

/* A stdio stream on the temporary file, opened on first call ("wb"). Borrowed; do not fclose. */
FILE *kh_atomic_stream(kh_atomic *a, kh_error *err);

/* Flush, fsync and rename over the final path; frees a. Returns 0 or KH_E_OUTPUT (the
 * temporary file is removed and the old file stays as it was). */
int kh_atomic_commit(kh_atomic *a, kh_error *err);

/* Give up: remove the temporary file and free a. kh_atomic_abort(NULL) does nothing. */
void kh_atomic_abort(kh_atomic *a);

/* Read a whole file into a malloc'd buffer (NUL-terminated; *len gets its size without the
 * NUL). PATH "-" reads stdin. Returns NULL with err set (KH_E_INPUT). */
char *kh_file_read(const char *path, size_t *len, kh_error *err);

#endif
