/* libFuzzer target: number words and digits (kh_num_parse, kh_num_read and kh_num_noun at every
 * word of the folded text). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_strdup(data, size);
    long v = -7;
    if (kh_num_parse(s, &v) == 0)
        FUZZ_CHECK(v >= 0, "kh_num_parse gave %ld", v);
    free(s);

    kh_text *t = kh_text_new((const char *)data, size, NULL);
    if (!t)
        return 0;
    size_t nw;
    kh_text_words(t, &nw);
    for (size_t i = 0; i < nw; i++) {
        kh_number num;
        if (kh_num_read(t, i, &num)) {
            FUZZ_CHECK(num.value >= -1, "word %zu: value %ld", i, num.value);
            FUZZ_CHECK(num.value != -1 || num.qualifier == KH_QUAL_VAGUE,
                       "word %zu: -1 without vague", i);
            FUZZ_CHECK(num.first <= num.num && num.num < num.end && num.end <= nw && num.first >= i,
                       "word %zu: words first %zu num %zu end %zu of %zu", i, num.first, num.num,
                       num.end, nw);
            FUZZ_CHECK(kh_qualifier_name(num.qualifier) != NULL, "qualifier %d", num.qualifier);
        }
        int noun = kh_num_noun(t, i);
        FUZZ_CHECK(noun >= KH_NOUN_NONE && noun <= KH_NOUN_TWO_OR_MANY, "noun %d", noun);
    }
    kh_text_free(t);
    return 0;
}
