/* Shared helpers of the libFuzzer targets: the data folder, one extractor per process,
 * in-memory files for readers that take a path, and invariant checks that abort. */
#ifndef KHARITA_FUZZ_H
#define KHARITA_FUZZ_H

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kharita/kharita.h"

#ifndef FUZZ_DATA_DIR
#define FUZZ_DATA_DIR "out/share/kharita"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant failed: say which and abort, so that libFuzzer keeps the input. */
#define FUZZ_CHECK(cond, ...)                                                     \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "fuzz invariant failed: %s: ", #cond);               \
            fprintf(stderr, __VA_ARGS__);                                         \
            fputc('\n', stderr);                                                  \
            abort();                                                              \
        }                                                                         \
    } while (0)

/* Point kh_data_find at the build tree's data unless KHARITA_DATA says otherwise. */
static inline void fuzz_data_env(void)
{
    if (!getenv("KHARITA_DATA"))
        setenv("KHARITA_DATA", FUZZ_DATA_DIR, 0);
}

/* The extractor on the default gazetteer, opened once per process (aborts when missing:
 * run `make` first). */
static inline kh_extractor *fuzz_extractor(void)
{
    static kh_extractor *ex;
    if (!ex) {
        kh_error err = { 0 };
        fuzz_data_env();
        ex = kh_extract_open(NULL, &err);
        if (!ex) {
            fprintf(stderr, "fuzz: cannot open the gazetteer: %s (run make first)\n", err.msg);
            abort();
        }
    }
    return ex;
}

/* A path whose file holds exactly DATA[0..SIZE): an anonymous in-memory file (memfd), the
 * same one rewritten on every call. Borrowed; valid until the next call. */
static inline const char *fuzz_memfile(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("kharita-fuzz", 0);
        if (fd < 0) {
            perror("fuzz: memfd_create");
            abort();
        }
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size)) {
        perror("fuzz: memfd write");
        abort();
    }
    return path;
}

/* DATA[0..SIZE) as a NUL-terminated malloc'd copy (caller frees). */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Whether S is "YYYY-MM-DD" and a real calendar date. */
static inline int fuzz_real_date(const char *s)
{
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (!s || strlen(s) != 10)
        return 0;
    for (int k = 0; k < 10; k++)
        if ((k == 4 || k == 7) ? s[k] != '-' : (s[k] < '0' || s[k] > '9'))
            return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

/* Every line of extract output must be read back by the aggregate reader: check JSON (LEN
 * bytes) of a document whose text had TEXT_LEN bytes. */
static inline void fuzz_check_extract_output(const char *json, size_t text_len)
{
    kh_error err = { 0 };
    struct kh_agg_doc *d = kh_agg_doc_parse(json, strlen(json), &err);
    FUZZ_CHECK(d != NULL, "kh_agg_doc_parse refuses extract output: %s\n%s", err.msg, json);
    size_t n;
    const kh_event *ev = kh_agg_doc_events(d, &n);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(ev[i].start <= ev[i].end && (size_t)ev[i].end <= text_len,
                   "event %zu evidence [%ld, %ld) outside a text of %zu bytes", i, ev[i].start,
                   ev[i].end, text_len);
        FUZZ_CHECK(!ev[i].event_date || fuzz_real_date(ev[i].event_date),
                   "event %zu date '%s'", i, ev[i].event_date);
        FUZZ_CHECK(ev[i].killed >= -1 && ev[i].injured >= -1, "event %zu negative figure", i);
    }
    kh_agg_doc_free(d);
}

#endif
