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

/* The longest line any command reads; a longer one is rejected, never held in memory. */
#define KH_LINE_MAX ((size_t)64 << 20)

/* Lines of a stream read one at a time, in memory only up to a limit. */
typedef struct kh_lines kh_lines;

/* Read FP (borrowed, not closed) line by line, keeping at most MAX bytes of a line. Returns
 * NULL when out of memory. */
kh_lines *kh_lines_new(FILE *fp, size_t max);

/* The next line, without its "\n" (a final "\r" is kept): *line is borrowed until the next
 * call, NUL-terminated, *len its length. A line longer than the limit is read past and given
 * with *over set and *len 0. Returns 1 for a line, 0 at the end, or -1 on a read error or
 * when out of memory (errno says which). */
int kh_lines_next(kh_lines *r, const char **line, size_t *len, int *over);

/* The number of the line last returned, from 1. */
size_t kh_lines_number(const kh_lines *r);

/* Free r; kh_lines_free(NULL) does nothing. */
void kh_lines_free(kh_lines *r);

#endif
