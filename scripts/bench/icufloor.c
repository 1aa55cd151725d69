/* Benchmark helper: how fast ICU alone gets through the corpus — each line's "text" read
 * with json-c, converted to UTF-16, NFKC quick-checked and split into words by ICU's word
 * break iterator, nothing else. Any extractor that segments every text with ICU is slower
 * than this, so it bounds what extraction can reach against ripgrep.
 * usage: icufloor CORPUS.jsonl   prints "icu_words_s=SECONDS bytes=N words=N" */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <json-c/json.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

int main(int argc, char **argv)
{
    FILE *fp = argc > 1 ? fopen(argv[1], "r") : NULL;
    if (!fp) {
        fprintf(stderr, "usage: icufloor CORPUS.jsonl\n");
        return 2;
    }
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, "ar", NULL, 0, &st);
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&st);
    json_tokener *tok = json_tokener_new();
    if (U_FAILURE(st) || !tok) {
        fprintf(stderr, "icufloor: cannot set up ICU: %s\n", u_errorName(st));
        return 1;
    }
    char *line = NULL;
    size_t cap = 0, bytes = 0;
    UChar *u = NULL;
    int32_t ucap = 0;
    long words = 0, normal = 0;
    ssize_t n;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while ((n = getline(&line, &cap, fp)) > 0) {
        bytes += (size_t)n;
        json_object *o = json_tokener_parse_ex(tok, line, (int)n), *t;
        json_tokener_reset(tok);
        if (o && json_object_object_get_ex(o, "text", &t)) {
            int32_t len = json_object_get_string_len(t), ul = 0;
            if (len + 1 > ucap) {
                ucap = len + 1;
                if (!(u = realloc(u, (size_t)ucap * sizeof *u)))
                    return 1;
            }
            st = U_ZERO_ERROR;
            u_strFromUTF8(u, ucap, &ul, json_object_get_string(t), len, &st);
            normal += unorm2_spanQuickCheckYes(nfkc, u, ul, &st) == ul;
            ubrk_setText(bi, u, ul, &st);
            for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
                words++;
        }
        json_object_put(o);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("icu_words_s=%.3f bytes=%zu words=%ld nfkc_texts=%ld\n",
           (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, bytes, words,
           normal);
    ubrk_close(bi);
    json_tokener_free(tok);
    free(u);
    free(line);
    fclose(fp);
    return 0;
}
