/* libFuzzer target: the aggregate reader of extract output (kh_agg_doc_parse, one JSON line), then
 * aggregation of what it accepts by day, week and month. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kh_error err = { 0 };
    struct kh_agg_doc *d = kh_agg_doc_parse((const char *)data, size, &err);
    if (!d) {
        FUZZ_CHECK(err.code == KH_E_REJECT || err.code == KH_E_NOMEM, "code %d: %s", err.code,
                   err.msg);
        return 0;
    }
    FUZZ_CHECK(kh_agg_doc_id(d) && *kh_agg_doc_id(d), "no id");
    FUZZ_CHECK(!kh_agg_doc_date(d) || fuzz_real_date(kh_agg_doc_date(d)), "date '%s'", kh_agg_doc_date(d));
    size_t n;
    const kh_event *ev = kh_agg_doc_events(d, &n);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(kh_event_status_name(ev[i].status) != NULL, "event %zu status %d", i,
                   ev[i].status);
        FUZZ_CHECK(ev[i].part_of >= -1 && (ev[i].part_of < 0 || (size_t)ev[i].part_of < n),
                   "event %zu part_of %d", i, ev[i].part_of);
        FUZZ_CHECK(ev[i].killed >= -1 && ev[i].injured >= -1, "event %zu figures", i);
        if (ev[i].status == KH_EVENT_MAPPED)
            FUZZ_CHECK(fuzz_real_date(ev[i].event_date) && ev[i].has_point,
                       "event %zu mapped without a date or point", i);
    }
    for (int by = KH_BY_DAY; by <= KH_BY_MONTH; by++) {
        kh_agg *a = kh_agg_new(by);
        FUZZ_CHECK(a != NULL, "kh_agg_new");
        kh_agg_count_cumulative(a, by == KH_BY_WEEK);
        FUZZ_CHECK(kh_agg_add_doc(a, d, &err) == 0, "kh_agg_add_doc: %s", err.msg);
        /* adding the same document again changes nothing */
        kh_agg_summary s1, s2;
        size_t nc1, nc2;
        kh_agg_cells(a, &nc1, &err);
        kh_agg_summary_get(a, &s1);
        FUZZ_CHECK(kh_agg_add_doc(a, d, &err) == 0, "kh_agg_add_doc again: %s", err.msg);
        const kh_agg_cell *c = kh_agg_cells(a, &nc2, &err);
        kh_agg_summary_get(a, &s2);
        FUZZ_CHECK(nc1 == nc2 && s1.killed == s2.killed && s1.injured == s2.injured,
                   "a repeated document changed the totals: %zu/%zu cells, %ld/%ld killed", nc1,
                   nc2, s1.killed, s2.killed);
        for (size_t k = 0; k < nc2; k++) {
            FUZZ_CHECK(c[k].killed >= 0 && c[k].injured >= 0, "cell %zu negative", k);
            FUZZ_CHECK(fuzz_real_date(c[k].period_start) && fuzz_real_date(c[k].period_end),
                       "cell %zu period %s..%s", k, c[k].period_start, c[k].period_end);
        }
        kh_agg_free(a);
    }
    kh_agg_doc_free(d);
    return 0;
}
