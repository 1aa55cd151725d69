/* libFuzzer target: dates. The first line is the publication date (ex_date_parse_iso), the rest
 * the text; every sentence and every word is dated with ex_event_date. */
#include "fuzz.h"

#include "extract/extract_int.h"

static int real(ex_date d)
{
    char buf[32];
    if (d.y < 0 || d.y > 9999)
        return 0;
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.y, d.m, d.d > 0 ? d.d : 1);
    return fuzz_real_date(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t plen = nl ? (size_t)(nl - data) : size;
    char *pub = fuzz_strdup(data, plen);
    ex_docinfo info = { .focus = -1 };
    if (ex_date_parse_iso(pub, &info.pub) == 0)
        FUZZ_CHECK(real(info.pub) && info.pub.precision == EX_DATE_DAY, "'%s' parsed as %d-%d-%d",
                   pub, info.pub.y, info.pub.m, info.pub.d);
    else
        FUZZ_CHECK(info.pub.precision == EX_DATE_NONE, "'%s': a date after failing", pub);
    free(pub);
    if (!nl)
        return 0;
    const char *text = (const char *)nl + 1;
    size_t len = size - plen - 1;
    kh_text *t = kh_text_new(text, len, NULL);
    if (!t)
        return 0;
    info.text = t;
    size_t flen, ns, nw;
    kh_text_folded(t, &flen);
    const kh_span *sent = kh_text_sentences(t, &ns);
    const kh_word *w = kh_text_words(t, &nw);
    for (size_t k = 0; k < ns; k++) {
        FUZZ_CHECK(sent[k].start <= sent[k].end && sent[k].end <= flen, "sentence %zu", k);
        ex_date d = ex_event_date(&info, sent[k].start, sent[k].end);
        FUZZ_CHECK(d.precision == EX_DATE_NONE || real(d), "sentence %zu: %d-%d-%d (%d)", k, d.y,
                   d.m, d.d, d.precision);
    }
    for (size_t k = 0; k < nw && k < 64; k++) {
        ex_date d = ex_event_date(&info, w[k].start, w[k].end);
        FUZZ_CHECK(d.precision == EX_DATE_NONE || real(d), "word %zu: %d-%d-%d (%d)", k, d.y, d.m,
                   d.d, d.precision);
        ex_date_month_word(t, k);
    }
    ex_date d = ex_event_date(&info, flen, flen);
    FUZZ_CHECK(d.precision == EX_DATE_NONE || real(d), "end: %d-%d-%d", d.y, d.m, d.d);
    kh_text_free(t);
    return 0;
}
