/* kharita gazetteer internals: source rows, the on-disk index layout, variant generation. */
#ifndef KHARITA_GAZETTEER_INT_H
#define KHARITA_GAZETTEER_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kharita/gazetteer.h"

/* ---- source rows (the 15-column TSV of gazetteer/README.md) ---- */

enum {
    GAZ_F_ID, GAZ_F_NAME_AR, GAZ_F_NAME_EN, GAZ_F_VARIANTS, GAZ_F_KIND, GAZ_F_ADMIN1,
    GAZ_F_ADMIN2, GAZ_F_ADMIN3, GAZ_F_PCODE, GAZ_F_LAT, GAZ_F_LON, GAZ_F_IMPORTANCE,
    GAZ_F_PARENT, GAZ_F_COUNTRY, GAZ_F_SOURCE, GAZ_NFIELDS
};

extern const char *const gaz_field_names[GAZ_NFIELDS];

/* One row; every field is a malloc'd string ("" when empty). */
typedef struct gaz_row {
    char *f[GAZ_NFIELDS];
    const char *file;       /* borrowed: the path given to gaz_rows_read */
    int line;
    int kind;
    double lat, lon, importance;
    int coord_decimals;     /* fewest decimals of lat and lon, for choosing the finer point */
    int merged_into;        /* index of the row this one was merged into, or -1 */
} gaz_row;

typedef struct gaz_rows {
    gaz_row *v;
    size_t n, cap;
} gaz_rows;

/* A reporter: forwards to the caller's kh_gaz_report_fn and counts errors. */
typedef struct gaz_report {
    kh_gaz_report_fn fn;
    void *ctx;
    size_t errors, warnings;
} gaz_report;

void gaz_report_add(gaz_report *r, int is_error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Read and validate the source TSV at PATH, appending its rows to ROWS. Bad rows are reported
 * (and counted) and not appended. Returns 0, or KH_E_INPUT when the file cannot be read. */
int gaz_rows_read(gaz_rows *rows, const char *path, gaz_report *r, kh_error *err);

void gaz_rows_free(gaz_rows *rows);

/* Set row field I to a copy of S (NULL: ""). Returns 0 or -1 (no memory). */
int gaz_row_set(gaz_row *row, int i, const char *s);

/* Write ROW as one TSV line (tabs and newlines in fields become spaces). */
void gaz_row_write(const gaz_row *row, FILE *fp);

/* Write the header line of the source format. */
void gaz_header_write(FILE *fp);

/* ---- spelling variants ---- */

/* A growable list of distinct malloc'd strings. */
typedef struct gaz_strs {
    char **v;
    size_t n, cap;
} gaz_strs;

int gaz_strs_add(gaz_strs *s, const char *str);        /* copies; ignores duplicates */
int gaz_strs_has(const gaz_strs *s, const char *str);
void gaz_strs_free(gaz_strs *s);

/* Every key of ROW: the keys of its names and typed variants, and the variants the rules of
 * gazetteer/README.md generate from them (generated keys that are common words are left
 * out). STOPNAMES gets the row's own name keys that are common words. Returns 0 or -1. */
int gaz_row_keys(const gaz_row *row, gaz_strs *keys, gaz_strs *stopnames);

/* Whether KEY (folded) is a common Arabic or English word that must not be a generated key. */
int gaz_is_stopword(const char *key);

/* Length of the valid UTF-8 prefix of S[0..n): n when all of it is valid. Overlong forms,
 * surrogates and code points above U+10FFFF are invalid. */
size_t gaz_utf8_valid(const unsigned char *s, size_t n);

/* Whether the UTF-8 string S contains an Arabic letter. */
int gaz_has_arabic(const char *s);

/* Great-circle distance in km. */
double gaz_km(double lat1, double lon1, double lat2, double lon2);

/* Map an English governorate name in any common spelling ("Dayr Az Zawr", "Hamah", "Rural
 * Damascus", "Lattakia") or an OCHA p-code prefix ("SY09") to the fixed admin1 list, or NULL. */
const char *gaz_admin1_canonical(const char *name);

/* ---- the index file ----
 * header | places[nplaces] | key slots[keys_cap] | postings[npost] | word slots[words_cap] |
 * strings | meta. All integers little-endian as written by the host (byte_order checks it);
 * every section is 8-byte aligned. String offsets point into the strings section, whose
 * first byte is NUL (offset 0 is ""). */

#define GAZ_MAGIC "KHGAZ\0\r\n"
#define GAZ_VERSION 1
#define GAZ_BYTE_ORDER 0x01020304u

typedef struct gaz_header {
    char magic[8];
    uint32_t version, byte_order;
    uint64_t file_size;
    uint32_t header_size, place_size;
    uint64_t places_off;
    uint32_t nplaces, reserved0;
    uint64_t keys_off;
    uint32_t keys_cap, nkeys;
    uint64_t post_off;
    uint32_t npost, reserved1;
    uint64_t words_off;
    uint32_t words_cap, nwords;
    uint64_t strings_off, strings_size;
    uint64_t meta_off, meta_size;
    uint64_t body_checksum;     /* FNV-1a 64 of bytes [header_size, file_size) */
    uint64_t header_checksum;   /* FNV-1a 64 of the header bytes before this field */
} gaz_header;

enum {
    GAZ_S_ID, GAZ_S_NAME_AR, GAZ_S_NAME_EN, GAZ_S_ADMIN1, GAZ_S_ADMIN2, GAZ_S_ADMIN3,
    GAZ_S_PCODE, GAZ_S_COUNTRY, GAZ_S_SOURCE, GAZ_NSTR
};

typedef struct gaz_place_rec {
    double lat, lon, importance;
    uint32_t str[GAZ_NSTR];
    int32_t parent;
    uint16_t kind, flags;
    uint32_t reserved;
} gaz_place_rec;

/* A key -> postings slot; len 0 marks an empty slot. */
typedef struct gaz_key_slot {
    uint32_t str, len, post, count;
} gaz_key_slot;

/* A first word -> the most words of any key starting with it; len 0 marks an empty slot. */
typedef struct gaz_word_slot {
    uint32_t str, len, max_words, reserved;
} gaz_word_slot;

uint32_t gaz_hash(const char *s, size_t len);
uint64_t gaz_fnv64(const void *p, size_t len, uint64_t h);
#define GAZ_FNV64_INIT 0xcbf29ce484222325ULL

#endif
