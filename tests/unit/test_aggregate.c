/* Unit tests for src/aggregate: periods, parsing extract output, counting rules. */
#include <stdlib.h>
#include <string.h>

#include "kharita/aggregate.h"
#include "kh_test.h"

/* Places as extract writes them (coordinates of the real towns). */
#define ALEPPO "{\"id\":\"gn:170063\",\"name_ar\":\"حلب\",\"name_en\":\"Aleppo\",\"kind\":\"city\"," \
               "\"admin1\":\"Aleppo\",\"lat\":36.2021,\"lon\":37.1343}"
#define DARAYA "{\"id\":\"gn:170592\",\"name_ar\":\"داريا\",\"name_en\":\"Darayya\",\"kind\":\"city\"," \
               "\"admin1\":\"Rif Dimashq\",\"lat\":33.4558,\"lon\":36.2356}"
#define BUKAMAL "{\"id\":\"gn:172515\",\"name_ar\":\"البوكمال\",\"name_en\":\"Abu Kamal\"," \
                "\"kind\":\"city\",\"admin1\":\"Deir ez-Zor\",\"lat\":34.4525,\"lon\":40.9181}"

static int period(int by, const char *date, const char *label, const char *start, const char *end)
{
    char l[16] = "", s[16] = "", e[16] = "";
    int rc = kh_period_of(by, date, l, s, e, NULL);
    CHECK_INT(rc, 0);
    CHECK_STR(l, label);
    CHECK_STR(s, start);
    CHECK_STR(e, end);
    return rc;
}

static void periods_day_week_month(void)
{
    period(KH_BY_DAY, "2018-06-08", "2018-06-08", "2018-06-08", "2018-06-08");
    period(KH_BY_WEEK, "2018-05-09", "2018-W19", "2018-05-07", "2018-05-13");
    period(KH_BY_MONTH, "2020-02-10", "2020-02", "2020-02-01", "2020-02-29");
    period(KH_BY_MONTH, "2018-12-31", "2018-12", "2018-12-01", "2018-12-31");
}

static void iso_weeks_cross_years(void)
{
    period(KH_BY_WEEK, "2018-12-31", "2019-W01", "2018-12-31", "2019-01-06");   /* a Monday */
    period(KH_BY_WEEK, "2021-01-03", "2020-W53", "2020-12-28", "2021-01-03");   /* a Sunday */
    period(KH_BY_WEEK, "2016-01-01", "2015-W53", "2015-12-28", "2016-01-03");
    period(KH_BY_WEEK, "2018-06-10", "2018-W23", "2018-06-04", "2018-06-10");
}

static void periods_refuse_impossible_dates(void)
{
    char l[16], s[16], e[16];
    kh_error err = { 0 };
    CHECK_INT(kh_period_of(KH_BY_DAY, "2019-02-29", l, s, e, &err), KH_E_REJECT);
    CHECK_INT(kh_period_of(KH_BY_WEEK, "2018-6-8", l, s, e, NULL), KH_E_REJECT);
    CHECK_INT(kh_period_of(KH_BY_MONTH, "2018-13-01", l, s, e, NULL), KH_E_REJECT);
    CHECK_INT(kh_period_parse("week"), KH_BY_WEEK);
    CHECK_INT(kh_period_parse("year"), -1);
}

static kh_agg_doc *parse(const char *s, kh_error *err)
{
    return kh_agg_doc_parse(s, strlen(s), err);
}

static void parse_reads_every_field(void)
{
    const char *line =
        "{\"doc\":\"sy-1\",\"date\":\"2018-06-08\",\"title\":\"قصف على حلب\",\"source\":\"sana\","
        "\"url\":\"https://example.org/1\",\"places\":[],\"events\":["
        "{\"killed\":12,\"injured\":null,\"qualifier\":\"at_least\",\"group\":\"civilians\","
        "\"cumulative\":false,\"date\":\"2018-06-07\",\"date_precision\":\"day\",\"place\":" ALEPPO ","
        "\"start\":120,\"end\":190,\"evidence\":\"قتل 12 مدنيا على الأقل في حلب\"},"
        "{\"killed\":8,\"injured\":null,\"part_of\":0,\"date\":\"2018-06-07\",\"place\":" ALEPPO "}]}";
    kh_error err = { 0 };
    kh_agg_doc *d = parse(line, &err);
    CHECK(d != NULL);
    if (!d) {
        printf("  %s\n", err.msg);
        return;
    }
    CHECK_STR(kh_agg_doc_id(d), "sy-1");
    CHECK_STR(kh_agg_doc_date(d), "2018-06-08");
    CHECK_STR(kh_agg_doc_title(d), "قصف على حلب");
    CHECK_STR(kh_agg_doc_url(d), "https://example.org/1");
    size_t n;
    const kh_event *ev = kh_agg_doc_events(d, &n);
    CHECK_INT(n, 2);
    CHECK_STR(ev[0].event_id, "sy-1#0");
    CHECK_INT(ev[0].killed, 12);
    CHECK_INT(ev[0].injured, -1);
    CHECK_STR(ev[0].qualifier, "at_least");
    CHECK_STR(ev[0].name_ar, "حلب");
    CHECK_INT(ev[0].status, KH_EVENT_MAPPED);
    CHECK_INT(ev[0].geo_precision, 1);
    CHECK_STR(ev[0].time_precision, "day");
    CHECK_INT(ev[0].start, 120);
    CHECK_INT(ev[0].part_of, -1);
    CHECK_INT(ev[1].part_of, 0);
    CHECK_STR(ev[1].event_id, "sy-1#1");
    kh_agg_doc_free(d);
}

static void parse_classifies_events(void)
{
    const char *line =
        "{\"doc\":\"sy-2\",\"date\":\"2018-06-09\",\"places\":[{\"id\":\"gn:314830\","
        "\"country\":\"TR\",\"lat\":37.0662,\"lon\":37.3833}],\"events\":["
        "{\"killed\":3,\"date\":\"2018-06-08\",\"place\":null},"
        "{\"killed\":2,\"date\":null,\"place\":" DARAYA "},"
        "{\"killed\":4,\"date\":\"2018-06-08\",\"place\":{\"id\":\"gn:314830\",\"name_ar\":\"غازي عنتاب\","
        "\"kind\":\"city\",\"lat\":37.0662,\"lon\":37.3833}},"
        "{\"killed\":5,\"date\":\"2018-06-08\",\"place\":" DARAYA ",\"in_syria\":false},"
        "{\"killed\":6,\"date\":\"2018-06-08\",\"place\":{\"id\":\"x\",\"name_ar\":\"حلب\"}}]}";
    kh_agg_doc *d = parse(line, NULL);
    CHECK(d != NULL);
    if (!d)
        return;
    size_t n;
    const kh_event *ev = kh_agg_doc_events(d, &n);
    CHECK_INT(n, 5);
    CHECK_INT(ev[0].status, KH_EVENT_UNLOCATED);
    CHECK_INT(ev[1].status, KH_EVENT_UNDATED);
    CHECK_INT(ev[2].status, KH_EVENT_FOREIGN);      /* country from the document's places */
    CHECK_STR(ev[2].country, "TR");
    CHECK_INT(ev[3].status, KH_EVENT_FOREIGN);
    CHECK_INT(ev[4].status, KH_EVENT_UNLOCATED);    /* a place without coordinates */
    CHECK_INT(ev[0].geo_precision, 0);
    kh_agg_doc_free(d);
}

static void precision_from_kind_and_dates(void)
{
    kh_event ev = { .has_point = 1, .event_date = "2018-05-01", .kind = "city" };
    kh_event_classify(&ev);
    CHECK_INT(ev.geo_precision, 1);
    CHECK_STR(ev.time_precision, "day");
    ev.near = 1;
    kh_event_classify(&ev);
    CHECK_INT(ev.geo_precision, 2);
    ev.near = 0;
    ev.kind = "subdistrict";
    kh_event_classify(&ev);
    CHECK_INT(ev.geo_precision, 2);
    ev.kind = "governorate";
    kh_event_classify(&ev);
    CHECK_INT(ev.geo_precision, 3);
    ev.date_precision = "range";
    ev.date_end = "2018-05-05";
    kh_event_classify(&ev);
    CHECK_STR(ev.time_precision, "week");
    ev.date_end = "2018-05-20";
    kh_event_classify(&ev);
    CHECK_STR(ev.time_precision, "month");
    ev.date_end = NULL;
    kh_event_classify(&ev);
    CHECK_STR(ev.time_precision, "month");
    ev.date_precision = "week";
    kh_event_classify(&ev);
    CHECK_STR(ev.time_precision, "week");
    CHECK_INT(ev.status, KH_EVENT_MAPPED);
}

static void parse_rejects_malformed_lines(void)
{
    static const char *const bad[] = {
        "not json",
        "{\"doc\":\"a\"} trailing",
        "{\"doc\":\"a\"",
        "[1,2]",
        "{\"date\":\"2018-01-01\"}",
        "{\"doc\":\"a\",\"date\":\"2018-02-30\"}",
        "{\"doc\":\"a\",\"events\":{}}",
        "{\"doc\":\"a\",\"events\":[{\"killed\":-3}]}",
        "{\"doc\":\"a\",\"events\":[{\"killed\":\"ثلاثون\"}]}",
        "{\"doc\":\"a\",\"events\":[{\"killed\":1,\"part_of\":4}]}",
        "{\"doc\":\"a\",\"events\":[{\"killed\":1,\"part_of\":0}]}",
        "{\"doc\":\"a\",\"events\":[{\"killed\":1,\"place\":{\"lat\":95,\"lon\":36}}]}",
        "{\"doc\":\"a\",\"events\":[7]}",
        NULL
    };
    for (size_t i = 0; bad[i]; i++) {
        kh_error err = { 0 };
        kh_agg_doc *d = parse(bad[i], &err);
        if (d)
            printf("  accepted: %s\n", bad[i]);
        CHECK(d == NULL);
        CHECK_INT(err.code, KH_E_REJECT);
        CHECK(err.msg[0] != '\0');
        kh_agg_doc_free(d);
    }
}

/* A one-event document line. */
static void add(kh_agg *a, const char *doc, const char *events)
{
    char line[4096];
    snprintf(line, sizeof line, "{\"doc\":\"%s\",\"date\":\"2018-06-09\",\"events\":[%s]}", doc, events);
    kh_error err = { 0 };
    int rc = kh_agg_add_json_line(a, line, strlen(line), &err);
    if (rc)
        printf("  %s\n", err.msg);
    CHECK_INT(rc, 0);
}

#define EV(k, date, place, group) \
    "{\"killed\":" #k ",\"date\":\"" date "\",\"group\":\"" group "\",\"place\":" place "}"

static void same_figure_from_two_documents_counts_once(void)
{
    kh_agg *a = kh_agg_new(KH_BY_WEEK);
    add(a, "d1", EV(12, "2018-06-07", ALEPPO, "civilians"));
    add(a, "d2", EV(15, "2018-06-07", ALEPPO, "civilians"));
    add(a, "d3", EV(12, "2018-06-07", ALEPPO, "civilians"));
    size_t n;
    const kh_agg_cell *c = kh_agg_cells(a, &n, NULL);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_INT(c[0].killed, 15);     /* the largest report, not 39 */
        CHECK_INT(c[0].events, 3);
        CHECK_INT(c[0].documents, 3);
        CHECK_STR(c[0].doc_ids, "d1,d2,d3");
        CHECK_STR(c[0].period, "2018-W23");
    }
    kh_agg_summary s;
    kh_agg_summary_get(a, &s);
    CHECK_INT(s.duplicates, 2);
    CHECK_INT(s.killed, 15);
    kh_agg_free(a);
}

static void one_documents_figures_add_up(void)
{
    kh_agg *a = kh_agg_new(KH_BY_WEEK);
    /* two strikes on Aleppo the same day in one report, and a later report of one of them */
    add(a, "d1", EV(5, "2018-06-07", ALEPPO, "civilians") "," EV(3, "2018-06-07", ALEPPO, "civilians"));
    add(a, "d2", EV(6, "2018-06-07", ALEPPO, "civilians"));
    /* other groups and other days are other figures */
    add(a, "d3", EV(4, "2018-06-07", ALEPPO, "regime forces") "," EV(2, "2018-06-08", ALEPPO, "civilians"));
    size_t n;
    const kh_agg_cell *c = kh_agg_cells(a, &n, NULL);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_INT(c[0].killed, 8 + 4 + 2);
        CHECK_STR(c[0].groups, "civilians, regime forces");
        CHECK_STR(c[0].first_date, "2018-06-07");
        CHECK_STR(c[0].last_date, "2018-06-08");
    }
    kh_agg_free(a);
}

static void parts_and_running_totals_are_kept_apart(void)
{
    const char *evs =
        "{\"killed\":12,\"date\":\"2018-06-07\",\"place\":" ALEPPO "},"
        "{\"killed\":8,\"date\":\"2018-06-07\",\"place\":" ALEPPO ",\"part_of\":0},"
        "{\"killed\":300,\"injured\":900,\"cumulative\":true,\"date\":\"2018-06-07\",\"place\":" ALEPPO "}";
    kh_agg *a = kh_agg_new(KH_BY_DAY), *b = kh_agg_new(KH_BY_DAY);
    kh_agg_count_cumulative(b, 1);
    add(a, "d1", evs);
    add(b, "d1", evs);
    size_t n;
    const kh_agg_cell *c = kh_agg_cells(a, &n, NULL);
    CHECK_INT(n, 1);
    if (n)
        CHECK_INT(c[0].killed, 12);
    kh_agg_summary s;
    kh_agg_summary_get(a, &s);
    CHECK_INT(s.parts, 1);
    CHECK_INT(s.cumulative, 1);
    CHECK_INT(s.counted, 1);
    CHECK_INT(s.mapped, 3);
    c = kh_agg_cells(b, &n, NULL);
    if (n) {
        CHECK_INT(c[0].killed, 312);
        CHECK_INT(c[0].injured, 900);
    }
    kh_agg_free(a);
    kh_agg_free(b);
}

static void unmapped_events_are_counted_not_dropped(void)
{
    kh_agg *a = kh_agg_new(KH_BY_MONTH);
    add(a, "d1", "{\"killed\":3,\"date\":\"2018-06-08\",\"place\":null},"
                 "{\"killed\":2,\"date\":null,\"place\":" DARAYA "},"
                 "{\"killed\":4,\"date\":\"2018-06-08\",\"place\":" DARAYA ",\"in_syria\":false},"
                 EV(20, "2018-06-08", BUKAMAL, "regime forces"));
    kh_agg_summary s;
    kh_agg_summary_get(a, &s);
    CHECK_INT(s.documents, 1);
    CHECK_INT(s.events, 4);
    CHECK_INT(s.unlocated, 1);
    CHECK_INT(s.undated, 1);
    CHECK_INT(s.foreign, 1);
    CHECK_INT(s.counted, 1);
    CHECK_INT(s.killed, 20);
    CHECK_INT(s.cells, 1);
    kh_agg_free(a);
}

static void cells_sort_by_period_then_place(void)
{
    kh_agg *a = kh_agg_new(KH_BY_MONTH);
    add(a, "d1", EV(1, "2018-07-02", DARAYA, "civilians") "," EV(2, "2018-06-30", DARAYA, "civilians")
                 "," EV(3, "2018-06-01", ALEPPO, "civilians"));
    size_t n;
    const kh_agg_cell *c = kh_agg_cells(a, &n, NULL);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(c[0].period, "2018-06");
        CHECK_STR(c[0].place_id, "gn:170063");
        CHECK_STR(c[1].place_id, "gn:170592");
        CHECK_STR(c[1].period_end, "2018-06-30");
        CHECK_STR(c[2].period, "2018-07");
        CHECK_INT(c[2].killed, 1);
        CHECK_INT(c[0].lat * 10000, 362021);
    }
    kh_agg_free(a);
}

static void a_rejected_line_adds_nothing(void)
{
    kh_agg *a = kh_agg_new(KH_BY_WEEK);
    const char *line = "{\"doc\":\"x\",\"events\":[" EV(5, "2018-06-07", ALEPPO, "civilians")
                       ",{\"killed\":-1}]}";
    kh_error err = { 0 };
    CHECK_INT(kh_agg_add_json_line(a, line, strlen(line), &err), KH_E_REJECT);
    kh_agg_summary s;
    kh_agg_summary_get(a, &s);
    CHECK_INT(s.events, 0);
    CHECK_INT(s.documents, 0);
    kh_agg_free(a);
    kh_agg_free(NULL);
    kh_agg_doc_free(NULL);
}

/* A parsed document keeps its own copies: the line can go, and the next line be parsed. */
static void parse_outlives_its_line(void)
{
    char *line = strdup(
        "{\"doc\":\"sy-9\",\"date\":\"2018-06-09\",\"places\":["
        "{\"id\":\"gn:314830\",\"name_ar\":\"غازي عنتاب\"},"
        "{\"id\":\"gn:314830\",\"country\":\"TR\"}],\"events\":["
        "{\"killed\":1},{\"killed\":1},{\"killed\":1},{\"killed\":1},{\"killed\":1},"
        "{\"killed\":1},{\"killed\":1},{\"killed\":1},{\"killed\":1},{\"killed\":1},"
        "{\"killed\":4,\"date\":\"2018-06-08\",\"group\":\"civilians\",\"place\":{\"id\":"
        "\"gn:314830\",\"name_ar\":\"غازي عنتاب\",\"lat\":37.0662,\"lon\":37.3833}}]}");
    kh_agg_doc *d = line ? parse(line, NULL) : NULL;
    free(line);
    kh_agg_doc *other = parse("{\"doc\":\"sy-10\",\"title\":\"x\"}", NULL);
    CHECK(d != NULL && other != NULL);
    if (d) {
        size_t n;
        const kh_event *ev = kh_agg_doc_events(d, &n);
        CHECK_INT(n, 11);
        CHECK_STR(kh_agg_doc_id(d), "sy-9");
        CHECK_STR(ev[0].event_id, "sy-9#0");
        CHECK_STR(ev[10].event_id, "sy-9#10");
        CHECK_STR(ev[10].doc_id, "sy-9");
        CHECK_STR(ev[10].group, "civilians");
        CHECK_STR(ev[10].name_ar, "غازي عنتاب");
        /* the first mention of the place that names a country gives it */
        CHECK_STR(ev[10].country, "TR");
        CHECK_INT(ev[10].status, KH_EVENT_FOREIGN);
    }
    kh_agg_doc_free(d);
    kh_agg_doc_free(other);
}

/* A line may end without its newline: an object is read, a bare value is no document. */
static void parse_needs_no_newline(void)
{
    kh_error err = { 0 };
    kh_agg_doc *d = kh_agg_doc_parse("{\"doc\":\"a\"}", 11, &err);
    CHECK(d != NULL);
    kh_agg_doc_free(d);
    CHECK(kh_agg_doc_parse("12", 2, &err) == NULL);
    CHECK_INT(err.code, KH_E_REJECT);
    CHECK_STR(err.msg, "not a JSON object");
    CHECK(kh_agg_doc_parse("{\"doc\":", 7, &err) == NULL);
    CHECK_STR(err.msg, "invalid JSON: unexpected end of line");
}

int main(void)
{
    RUN(periods_day_week_month);
    RUN(iso_weeks_cross_years);
    RUN(periods_refuse_impossible_dates);
    RUN(parse_reads_every_field);
    RUN(parse_classifies_events);
    RUN(parse_outlives_its_line);
    RUN(parse_needs_no_newline);
    RUN(precision_from_kind_and_dates);
    RUN(parse_rejects_malformed_lines);
    RUN(same_figure_from_two_documents_counts_once);
    RUN(one_documents_figures_add_up);
    RUN(parts_and_running_totals_are_kept_apart);
    RUN(unmapped_events_are_counted_not_dropped);
    RUN(cells_sort_by_period_then_place);
    RUN(a_rejected_line_adds_nothing);
    return kh_t_failed ? 1 : 0;
}
