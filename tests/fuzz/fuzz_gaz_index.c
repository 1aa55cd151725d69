/* libFuzzer target: the compiled gazetteer index loader (kh_gaz_open on arbitrary bytes), then
 * every lookup on whatever it accepts. The header's size and checksum are fixed up unless the
 * first byte is 'R' (raw), so that the fuzzer reaches the structural checks behind them. */
#include "fuzz.h"

#include "gazetteer/gazetteer_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    if (size)
        memcpy(copy, data, size);
    if (size >= sizeof(gaz_header) && copy[0] != 'R') {
        gaz_header h;
        memcpy(&h, copy, sizeof h);
        h.file_size = size;
        h.header_checksum = gaz_fnv64(&h, offsetof(gaz_header, header_checksum), GAZ_FNV64_INIT);
        memcpy(copy, &h, sizeof h);
    }
    const char *path = fuzz_memfile(copy, size);
    kh_error err = { 0 };
    kh_gazetteer *g = kh_gaz_open(path, &err);
    if (!g) {
        FUZZ_CHECK(err.code == KH_E_GAZ || err.code == KH_E_NOMEM, "code %d: %s", err.code,
                   err.msg);
        free(copy);
        return 0;
    }
    kh_gaz_verify(g, &err);
    const char *meta = kh_gaz_meta(g);
    FUZZ_CHECK(meta != NULL, "no meta");
    (void)strlen(meta);
    size_t n = kh_gaz_count(g), sum = 0;
    for (size_t i = 0; i < n && i < 100000; i++) {
        kh_place p;
        kh_gaz_place(g, (uint32_t)i, &p);
        sum += strlen(p.id) + strlen(p.name_ar) + strlen(p.name_en) + strlen(p.admin1) +
               strlen(p.admin2) + strlen(p.admin3) + strlen(p.pcode) + strlen(p.country) +
               strlen(p.source);
        FUZZ_CHECK(kh_kind_name(p.kind) != NULL, "place %zu kind %d", i, p.kind);
        FUZZ_CHECK(p.parent == -1 || (p.parent >= 0 && (size_t)p.parent < n), "place %zu parent %d",
                   i, (int)p.parent);
        /* look the place's names up, as the extractor does with document words */
        const char *names[2] = { p.name_ar, p.name_en };
        for (int k = 0; k < 2; k++) {
            size_t len = strlen(names[k]);
            const uint32_t *hits;
            size_t nh = kh_gaz_find(g, names[k], len, &hits);
            for (size_t h = 0; h < nh; h++)
                FUZZ_CHECK(hits[h] < n, "posting %u of %zu", hits[h], n);
            kh_gaz_first_word(g, names[k], len);
        }
    }
    /* and words the file does not hold */
    static const char *const probe[] = { "حلب", "دير الزور", "a", "", "\xff" };
    for (size_t k = 0; k < sizeof probe / sizeof *probe; k++) {
        const uint32_t *hits;
        size_t nh = kh_gaz_find(g, probe[k], strlen(probe[k]), &hits);
        for (size_t h = 0; h < nh; h++)
            FUZZ_CHECK(hits[h] < n, "posting %u of %zu", hits[h], n);
        kh_gaz_first_word(g, probe[k], strlen(probe[k]));
    }
    (void)sum;
    kh_gaz_close(g);
    free(copy);
    return 0;
}
