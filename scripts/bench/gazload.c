/* Benchmark helper: how long the gazetteer index takes to be ready (kh_gaz_open + close, N
 * times) and how long an extractor takes from open to its first document's result.
 * usage: gazload INDEX [N]   prints "gaz_open_ms=MEAN gaz_first_ms=FIRST extract_ready_ms=T" */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kharita/kharita.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: gazload INDEX [N]\n");
        return 2;
    }
    const char *path = argv[1];
    int n = argc > 2 ? atoi(argv[2]) : 1000;
    if (n < 1)
        n = 1;
    kh_error err = { 0 };

    /* The first open pays for the page cache and the first page faults of the mapping. */
    double t0 = now_ms();
    kh_gazetteer *g = kh_gaz_open(path, &err);
    double first = now_ms() - t0;
    if (!g) {
        fprintf(stderr, "gazload: %s\n", err.msg);
        return 4;
    }
    kh_gaz_close(g);

    t0 = now_ms();
    for (int i = 0; i < n; i++) {
        g = kh_gaz_open(path, &err);
        if (!g) {
            fprintf(stderr, "gazload: %s\n", err.msg);
            return 4;
        }
        kh_gaz_close(g);
    }
    double mean = (now_ms() - t0) / n;

    /* An extractor from nothing to its first result: the index, the word tables and ICU's
     * break iterators are all made on the way. */
    static const char text[] = "قتل ثلاثة مدنيين في قصف على مدينة حلب أمس.";
    kh_doc doc = { .id = "ready", .date = "2018-05-02", .text = text, .len = sizeof text - 1 };
    t0 = now_ms();
    kh_extractor *ex = kh_extract_open(path, &err);
    char *out = ex ? kh_extract_doc(ex, &doc, NULL, &err) : NULL;
    double ready = now_ms() - t0;
    if (!out) {
        fprintf(stderr, "gazload: %s\n", err.msg);
        kh_extract_close(ex);
        return 4;
    }
    free(out);
    kh_extract_close(ex);
    printf("gaz_open_ms=%.3f gaz_first_ms=%.3f extract_ready_ms=%.3f\n", mean, first, ready);
    return 0;
}
