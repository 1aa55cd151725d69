/* Unit tests for src/text: folding, offset map, words, sentences. */
#include <stdlib.h>

#include "kharita/text.h"
#include "kh_test.h"

static char *fold(const char *s)
{
    return kh_fold(s, strlen(s), NULL);
}

static void fold_unifies_hamza_taa_ya(void)
{
    char *a = fold("أطمة"), *b = fold("اطمه"), *c = fold("إدلب"), *d = fold("مصطفى");
    CHECK_STR(a, b);
    CHECK_STR(c, "ادلب");
    CHECK_STR(d, "مصطفي");
    free(a); free(b); free(c); free(d);
}

static void fold_removes_tashkeel_and_tatweel(void)
{
    char *a = fold("قُتِلَ"), *b = fold("حـلـب"), *c = fold("الرّقة");
    CHECK_STR(a, "قتل");
    CHECK_STR(b, "حلب");
    CHECK_STR(c, "الرقه");
    free(a); free(b); free(c);
}

static void fold_reads_arabic_indic_digits(void)
{
    char *a = fold("٣٠ قتيلاً"), *b = fold("۱۲");
    CHECK_STR(a, "30 قتيلا");
    CHECK_STR(b, "12");
    free(a); free(b);
}

static void fold_presentation_forms_and_punctuation(void)
{
    char *a = fold("\xef\xbb\xb7"), *b = fold("«حلب»، دمشق؛"), *c = fold("  Deir   EZ-Zor ");
    CHECK_STR(a, "لا");          /* U+FEF7 lam-alef ligature */
    CHECK_STR(b, "\"حلب\", دمشق;");
    CHECK_STR(c, "deir ez-zor");
    free(a); free(b); free(c);
}

static void offsets_map_back_to_source(void)
{
    const char *src = "قُتل ٣ في حلب";
    kh_text *t = kh_text_new(src, strlen(src), NULL);
    CHECK(t != NULL);
    size_t n;
    const char *f = kh_text_folded(t, &n);
    const char *at = strstr(f, "حلب");
    CHECK(at != NULL);
    size_t s = kh_text_source_offset(t, (size_t)(at - f));
    size_t e = kh_text_source_offset(t, (size_t)(at - f) + strlen("حلب"));
    CHECK_INT(e - s, strlen("حلب"));
    CHECK(strncmp(src + s, "حلب", e - s) == 0);
    CHECK_INT(kh_text_source_offset(t, n), strlen(src));
    kh_text_free(t);
}

static void words_split_digits_glued_to_letters(void)
{
    const char *src = "قتل11 مدنياً، وأصيب ٤ في #الرقة.";
    kh_text *t = kh_text_new(src, strlen(src), NULL);
    size_t n;
    const kh_word *w = kh_text_words(t, &n);
    const char *f = kh_text_folded(t, NULL);
    CHECK_INT(n, 7);
    if (n == 7) {
        CHECK(strncmp(f + w[0].start, "قتل", w[0].end - w[0].start) == 0);
        CHECK_INT(w[1].kind, KH_WORD_DIGITS);
        CHECK(strncmp(f + w[1].start, "11", 2) == 0);
        CHECK(strncmp(f + w[6].start, "الرقه", w[6].end - w[6].start) == 0);
    }
    kh_text_free(t);
}

static void sentences_end_at_stops_and_newlines(void)
{
    const char *src = "قتل 3 في حلب. وأصيب 5 في إدلب\nعنوان آخر";
    kh_text *t = kh_text_new(src, strlen(src), NULL);
    size_t n;
    kh_text_sentences(t, &n);
    CHECK_INT(n, 3);
    kh_text_free(t);
}

static void invalid_input_is_refused_with_offset(void)
{
    kh_error err = { 0 };
    CHECK(kh_text_new("ab\xc0\xaf", 4, &err) == NULL);     /* overlong '/' */
    CHECK_INT(err.code, KH_E_REJECT);
    CHECK(strstr(err.msg, "offset 2") != NULL);
    CHECK(kh_text_new("a\0b", 3, &err) == NULL);
    CHECK(strstr(err.msg, "NUL") != NULL);
    CHECK(kh_text_new("\xed\xa0\x80", 3, &err) == NULL);   /* a UTF-16 surrogate */
}

int main(void)
{
    RUN(fold_unifies_hamza_taa_ya);
    RUN(fold_removes_tashkeel_and_tatweel);
    RUN(fold_reads_arabic_indic_digits);
    RUN(fold_presentation_forms_and_punctuation);
    RUN(offsets_map_back_to_source);
    RUN(words_split_digits_glued_to_letters);
    RUN(sentences_end_at_stops_and_newlines);
    RUN(invalid_input_is_refused_with_offset);
    return 0;
}
