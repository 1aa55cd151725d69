/* kharita text: Arabic folding for matching, with a map back to the original bytes, and
 * word / sentence segmentation (ICU). */
#ifndef KHARITA_TEXT_H
#define KHARITA_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "kharita/error.h"

/* A document's text folded for matching. Folding is: NFKC; tashkeel, tatweel, other
 * non-spacing marks and invisible format characters removed; أ إ آ ٱ -> ا, ى ی -> ي,
 * ة -> ه, ؤ -> و, ئ -> ي, ک -> ك; Arabic-Indic and Persian digits -> ASCII; ، ؛ ؟ -> , ; ?;
 * « » “ ” „ -> "; every kind of space (but newline) -> ' '; Latin lower-cased.
 * Every folded byte keeps the byte offset of the source character it came from. */
typedef struct kh_text kh_text;

/* A half-open byte range [start, end) in the folded text. */
typedef struct kh_span {
    size_t start, end;
} kh_span;

enum {
    KH_WORD_LETTERS = 1,   /* letters only (Arabic or Latin) */
    KH_WORD_DIGITS = 2     /* ASCII digits only (after folding) */
};

/* A word: letters or digits. Runs like "قتل11" are split into "قتل" and "11". */
typedef struct kh_word {
    size_t start, end;     /* folded byte offsets */
    int kind;              /* KH_WORD_* */
} kh_word;

/* Fold LEN bytes of UTF-8 at SRC. Invalid UTF-8 (including overlong forms and surrogates)
 * and NUL bytes are refused: NULL with err set (KH_E_REJECT) naming the byte offset.
 * The result is freed with kh_text_free. */
kh_text *kh_text_new(const char *src, size_t len, kh_error *err);

/* Free t; kh_text_free(NULL) does nothing. */
void kh_text_free(kh_text *t);

/* The folded text, NUL-terminated; *len (if not NULL) gets its length. Borrowed from t. */
const char *kh_text_folded(const kh_text *t, size_t *len);

/* Byte offset in the source of the character that folded byte OFF came from. OFF may equal
 * the folded length, which maps to the source length (use it for span ends). */
size_t kh_text_source_offset(const kh_text *t, size_t off);

/* The words of t in order (ICU word boundaries, then letter/digit runs split).
 * Borrowed from t; *n gets the count. */
const kh_word *kh_text_words(const kh_text *t, size_t *n);

/* The sentences of t in order (ICU sentence boundaries; a newline also ends a sentence).
 * Borrowed from t; *n gets the count. */
const kh_span *kh_text_sentences(const kh_text *t, size_t *n);

/* Fold a standalone string (a gazetteer name, a cue word) exactly as documents are folded,
 * and collapse runs of spaces to one, trimming both ends. Returns a malloc'd string the
 * caller frees, or NULL with err set (KH_E_REJECT for invalid UTF-8). */
char *kh_fold(const char *src, size_t len, kh_error *err);

/* Number of code points in the N bytes of UTF-8 at S (continuation bytes not counted). */
size_t kh_utf8_letters(const char *s, size_t n);

#endif
