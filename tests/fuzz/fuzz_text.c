/* libFuzzer target: plain-text extraction (kh_extract_doc on arbitrary bytes as the text). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kh_extractor *ex = fuzz_extractor();
    kh_doc d = { .id = "fuzz", .date = "2018-03-05", .text = (const char *)data, .len = size };
    kh_error err = { 0 };
    kh_extract_counts counts;
    char *json = kh_extract_doc(ex, &d, &counts, &err);
    if (json) {
        FUZZ_CHECK(err.code == 0, "an error with a result: %s", err.msg);
        fuzz_check_extract_output(json, size);
        free(json);
    } else {
        FUZZ_CHECK(err.code == KH_E_REJECT, "code %d: %s", err.code, err.msg);
        FUZZ_CHECK(strncmp(err.msg, "document fuzz: ", 15) == 0, "message '%s'", err.msg);
    }
    return 0;
}
