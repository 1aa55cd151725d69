/* libFuzzer target: gazetteer source rows (the TSV reader of src/gazetteer/source.c and the
 * variant keys of each row), then the whole build: whatever kh_gaz_build accepts must open,
 * verify, and find every accepted row under the key of its name. */
#include "fuzz.h"

#include <sys/stat.h>

#include "gazetteer/gazetteer_int.h"

static char outdir[64], outpath[96];

static void cleanup(void)
{
    if (outpath[0])
        unlink(outpath);
    if (outdir[0])
        rmdir(outdir);
}

static void count(void *ctx, int is_error, const char *msg)
{
    (void)msg;
    ++*(size_t *)ctx;
    FUZZ_CHECK(is_error == 0 || is_error == 1, "is_error %d", is_error);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!outdir[0]) {
        snprintf(outdir, sizeof outdir, "/dev/shm/kharita-fuzz-%d", (int)getpid());
        if (mkdir(outdir, 0700) != 0) {
            snprintf(outdir, sizeof outdir, "/tmp/kharita-fuzz-%d", (int)getpid());
            mkdir(outdir, 0700);
        }
        snprintf(outpath, sizeof outpath, "%s/index.khg", outdir);
        atexit(cleanup);
    }
    const char *path = fuzz_memfile(data, size);
    gaz_rows rows = { 0 };
    size_t reports = 0;
    gaz_report rep = { count, &reports, 0, 0 };
    kh_error err = { 0 };
    int rc = gaz_rows_read(&rows, path, &rep, &err);
    FUZZ_CHECK(rc == 0, "gaz_rows_read: %d %s", rc, err.msg);
    for (size_t i = 0; i < rows.n; i++) {
        const gaz_row *r = &rows.v[i];
        FUZZ_CHECK(r->kind >= 0 && r->kind < KH_KIND_COUNT, "row %zu kind %d", i, r->kind);
        FUZZ_CHECK(r->lat >= -90 && r->lat <= 90 && r->lon >= -180 && r->lon <= 180,
                   "row %zu at %g,%g", i, r->lat, r->lon);
        gaz_strs keys = { 0 }, stop = { 0 };
        FUZZ_CHECK(gaz_row_keys(r, &keys, &stop) == 0, "row %zu: gaz_row_keys", i);
        gaz_strs_free(&keys);
        gaz_strs_free(&stop);
    }

    const char *src[1] = { path };
    size_t breports = 0;
    unlink(outpath);
    rc = kh_gaz_build(src, 1, outpath, count, &breports, &err);
    if (rc == 0) {
        FUZZ_CHECK(rep.errors == 0, "built although the reader reported %zu errors", rep.errors);
        kh_gazetteer *g = kh_gaz_open(outpath, &err);
        FUZZ_CHECK(g != NULL, "the built index does not open: %s", err.msg);
        FUZZ_CHECK(kh_gaz_verify(g, &err) == 0, "the built index does not verify: %s", err.msg);
        size_t n = kh_gaz_count(g);
        for (size_t i = 0; i < n; i++) {
            kh_place p;
            kh_gaz_place(g, (uint32_t)i, &p);
            const char *name = *p.name_ar ? p.name_ar : p.name_en;
            char *key = kh_gaz_key(name, strlen(name), NULL);
            if (key && *key) {
                const uint32_t *hits;
                size_t nh = kh_gaz_find(g, key, strlen(key), &hits), k;
                for (k = 0; k < nh && hits[k] != i; k++)
                    ;
                /* a name that is a common word gets no key of its own */
                FUZZ_CHECK(k < nh || gaz_is_stopword(key) || nh == 0,
                           "place %zu '%s' not found under its key '%s'", i, name, key);
            }
            free(key);
        }
        kh_gaz_meta(g);
        kh_gaz_close(g);
    } else {
        FUZZ_CHECK(rc == KH_E_GAZ || rc == KH_E_INPUT, "kh_gaz_build: %d %s", rc, err.msg);
    }
    gaz_rows_free(&rows);
    return 0;
}
