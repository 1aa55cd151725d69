/* libFuzzer target: what `kharita map` and `timelapse` read (kh_map_data_load): extract output
 * as JSON Lines, or a GeoJSON document. Inputs that do not start with '{' are skipped: other
 * vector formats are GDAL's parsers, not ours. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t i = 0;
    while (i < size && (data[i] == ' ' || data[i] == '\n' || data[i] == '\t' || data[i] == '\r'))
        i++;
    if (i >= size || data[i] != '{' || i > 8)
        return 0;
    const char *path = fuzz_memfile(data, size);
    kh_error err = { 0 };
    kh_map_data *d = kh_map_data_load(path, NULL, &err);
    if (!d) {
        FUZZ_CHECK(err.code == KH_E_INPUT || err.code == KH_E_USAGE || err.code == KH_E_NOMEM,
                   "code %d: %s", err.code, err.msg);
        return 0;
    }
    kh_map_data_summary s;
    kh_map_data_summary_get(d, &s);
    FUZZ_CHECK(s.records >= 0 && s.unmapped >= 0 && s.places >= 0 && s.places <= s.records,
               "records %ld unmapped %ld places %ld", s.records, s.unmapped, s.places);
    FUZZ_CHECK(s.documents == -1 || (s.documents >= 0 && s.rejected <= s.documents),
               "documents %ld rejected %ld", s.documents, s.rejected);
    FUZZ_CHECK(!s.first[0] || fuzz_real_date(s.first), "first day '%s'", s.first);
    FUZZ_CHECK(!s.last[0] || fuzz_real_date(s.last), "last day '%s'", s.last);
    FUZZ_CHECK(!s.first[0] == !s.last[0] && strcmp(s.first, s.last) <= 0, "days %s..%s", s.first,
               s.last);
    const char *const *msgs;
    size_t nr = kh_map_data_rejected(d, &msgs);
    for (size_t k = 0; k < nr; k++)
        FUZZ_CHECK(msgs[k] && strncmp(msgs[k], path, strlen(path)) == 0, "message '%s'", msgs[k]);
    kh_map_data_free(d);
    return 0;
}
