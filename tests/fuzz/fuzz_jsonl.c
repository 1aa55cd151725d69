/* libFuzzer target: the JSON Lines document reader of `kharita extract` (src/cli/cmd_extract.c:
 * lines split as the command splits them, each parsed and extracted as the command does). The
 * command's file is compiled in here so that its static reader is the one fuzzed. */
#include "fuzz.h"

#include "../../src/cli/cmd_extract.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ctx c = { fuzz_extractor(), NULL };
    /* a leading byte 'D' gives JSON lines without "date" the --date of the command */
    if (size && data[0] == 'D') {
        c.date = "2016-02-29";
        data++;
        size--;
    }
    const char *p = (const char *)data, *end = p + size;
    long line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        line++;
        job j = { .fmt = FMT_JSONL, .line = line, .file = "fuzz", .len = len };
        if (len && p[len - 1] == '\r')
            j.len--;
        j.buf = fuzz_strdup((const uint8_t *)p, j.len);
        process(&c, &j);
        FUZZ_CHECK(!j.buf, "the job's line was not freed");
        FUZZ_CHECK(!!j.json != !!j.errmsg, "line %ld: json %p, errmsg %p", line, (void *)j.json,
                   (void *)j.errmsg);
        if (j.json) {
            fuzz_check_extract_output(j.json, (size_t)-1);
            free(j.json);
        }
        free(j.errmsg);
        p += len + (nl ? 1 : 0);
    }
    return 0;
}
