/* Internals of src/text shared by folding and segmentation (fold.c) and the word tables
 * (numbers.c): the text itself and the proclitic stems of its words, found once per word. */
#ifndef KHARITA_TEXT_INT_H
#define KHARITA_TEXT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "kharita/text.h"

/* One string a word-table lookup tries for a word or a phrase: the string with OFF bytes of
 * its start dropped (the proclitics و ف, ب ل ك, ال), or, for ALT, ا followed by the string
 * from OFF ("للنظام" is ل + "النظام": the article's alif is not written). */
typedef struct kh_stem {
    uint8_t off;            /* bytes of the string dropped */
    uint8_t alt;            /* 1: ا + string[off..] */
    uint8_t bits;           /* the KH_STRIP_* the match reports as removed */
    uint8_t need;           /* the KH_STRIP_* a lookup must allow for this stem */
    uint8_t minlen;         /* the whole string is at least this long (a stripped word keeps
                             * three letters) */
    size_t hash;            /* word stems: the table hash of the stem's bytes in the word */
} kh_stem;

struct kh_text {
    char *folded;
    size_t len, cap;
    uint32_t *src;          /* src[i]: source offset of folded byte i; src[len] = source length */
    kh_word *words;
    size_t nwords;
    kh_span *sents;
    size_t nsents;
    int segmented;
    /* The stems of every word, made by numbers.c when a table is first looked up by word:
     * word i's are stems[stem_first[i] .. stem_first[i + 1]), in the order lookups try them. */
    kh_stem *stems;
    uint32_t *stem_first;
    int stemmed;            /* 0 not yet, 1 made, -1 out of memory (lookups hash as before) */
};

#endif
