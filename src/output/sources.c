/* The events of the store behind a place's figures, with their documents and evidence. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/printbuf.h>

#include "kharita/aggregate.h"
#include "kharita/sources.h"
#include "kharita/store.h"
#include "output/output_int.h"

/* The SQL being written, in json-c's growing buffer; a failed append is remembered and makes
 * the query fail as out of memory. */
typedef struct sql {
    struct printbuf *pb;
    int failed;
} sql;

static void add(sql *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(sql *q, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (q->failed || k < 0 || (size_t)k >= sizeof buf || printbuf_memappend(q->pb, buf, k) < 0)
        q->failed = 1;
}

/* S as an SQL string literal: quoted, each ' doubled. */
static void add_lit(sql *q, const char *s)
{
    add(q, "'");
    for (const char *p; (p = strchr(s, '\'')); s = p + 1) {
        if (!q->failed && printbuf_memappend(q->pb, s, (int)(p - s)) < 0)
            q->failed = 1;
        add(q, "''");
    }
    if (!q->failed && printbuf_memappend(q->pb, s, (int)strlen(s)) < 0)
        q->failed = 1;
    add(q, "'");
}

/* The condition on places and days that Q asks for, on a layer whose date columns are LO
 * and HI (an event's date, or a period's start and end). */
static void where(sql *q, const kh_sources_query *qq, const char *lo, const char *hi)
{
    add(q, " WHERE (0");
    if (qq->nplace_ids) {
        add(q, " OR place_id IN (");
        for (size_t i = 0; i < qq->nplace_ids; i++) {
            if (i)
                add(q, ", ");
            add_lit(q, qq->place_ids[i]);
        }
        add(q, ")");
    }
    if (qq->name && *qq->name) {
        add(q, " OR name_ar = ");
        add_lit(q, qq->name);
        add(q, " OR lower(name_en) = lower(");
        add_lit(q, qq->name);
        add(q, ")");
    }
    add(q, ")");
    if (qq->from) {
        add(q, " AND %s >= ", hi);
        add_lit(q, qq->from);
    }
    if (qq->to) {
        add(q, " AND %s <= ", lo);
        add_lit(q, qq->to);
    }
}

static const char *str(OGRFeatureH f, int i)
{
    return i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
}

static long num(OGRFeatureH f, int i)
{
    return i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) ? (long)OGR_F_GetFieldAsInteger64(f, i)
                                                      : -1;
}

/* A Date field as YYYY-MM-DD in BUF ("" when unset). */
static const char *day(OGRFeatureH f, int i, char buf[11])
{
    int y, m, d, h, mi, tz;
    float sec;
    buf[0] = '\0';
    if (i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) &&
        OGR_F_GetFieldAsDateTimeEx(f, i, &y, &m, &d, &h, &mi, &sec, &tz) && y > 0 && y < 10000)
        snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
    return buf;
}

static int check_day(const char *what, const char *d, kh_error *err)
{
    char l[16], s[16], e[16];
    if (d && kh_period_of(KH_BY_DAY, d, l, s, e, NULL) != 0)
        return kh_error_set(err, KH_E_USAGE, "%s '%s' is not a date (YYYY-MM-DD)", what, d);
    return 0;
}

long kh_sources(const char *store, const kh_sources_query *qq, kh_source_fn fn, void *ctx,
                kh_sources_total *total, kh_error *err)
{
    long rc = 0, n = 0;
    sql q = { NULL, 0 };
    kh_store *st = NULL;
    GDALDatasetH ds = NULL;
    OGRLayerH res = NULL;
    OGRFeatureH f = NULL;
    if (total)
        memset(total, 0, sizeof *total);
    if ((rc = check_day("--from", qq->from, err)) || (rc = check_day("--to", qq->to, err)))
        return rc;
    if (!(q.pb = printbuf_new()))
        return kh_error_set(err, KH_E_NOMEM, "out of memory");
    if (!(st = kh_store_open(store, KH_STORE_READ, err))) {
        printbuf_free(q.pb);
        return err ? err->code : KH_E_INPUT;
    }
    out_gdal_begin();
    ds = out_store_dataset(st);
    /* every event with its document, in the order a reader checks them */
    add(&q, "SELECT e.event_id, e.doc_id, e.event_date, e.date_precision, e.killed, e.injured, "
            "e.qualifier, e.group_name, e.cumulative, e.part_of, e.place_id, e.name_ar, "
            "e.name_en, e.kind, e.admin1, e.evidence, e.start, e.\"end\", d.title, d.url, "
            "d.source, d.pub_date FROM (SELECT * FROM events");
    where(&q, qq, "event_date", "event_date");
    add(&q, ") AS e LEFT JOIN documents AS d ON d.doc_id = e.doc_id "
            "ORDER BY e.event_date, e.doc_id, e.fid");
    if (q.failed) {
        rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto out;
    }
    if (!(res = GDALDatasetExecuteSQL(ds, q.pb->buf, NULL, "SQLITE"))) {
        rc = kh_error_set(err, KH_E_INPUT, "%s: cannot read its events: %s",
                          store ? store : KH_STORE_DEFAULT, out_gdal_msg("unknown GDAL error"));
        goto out;
    }
    while ((f = OGR_L_GetNextFeature(res))) {
        char d1[11], d2[11];
        kh_source s = {
            .event_id = str(f, 0), .doc_id = str(f, 1), .event_date = day(f, 2, d1),
            .date_precision = str(f, 3), .killed = num(f, 4), .injured = num(f, 5),
            .qualifier = str(f, 6), .group = str(f, 7), .cumulative = num(f, 8) > 0,
            .part = num(f, 9) >= 0, .place_id = str(f, 10), .name_ar = str(f, 11),
            .name_en = str(f, 12), .kind = str(f, 13), .admin1 = str(f, 14),
            .evidence = str(f, 15), .start = num(f, 16), .end = num(f, 17),
            .title = str(f, 18), .url = str(f, 19), .source = str(f, 20),
            .pub_date = day(f, 21, d2),
        };
        n++;
        int stop = fn ? fn(&s, ctx) : 0;
        OGR_F_Destroy(f);
        f = NULL;
        if (stop) {
            rc = stop;
            goto out;
        }
    }
    GDALDatasetReleaseResultSet(ds, res);
    res = NULL;
    if (total) {
        /* what the map counts: the place-day layer's sums */
        printbuf_reset(q.pb);
        add(&q, "SELECT COALESCE(SUM(killed), 0), COALESCE(SUM(injured), 0), "
                "COALESCE(SUM(events), 0) FROM places_day");
        where(&q, qq, "period_start", "period_end");
        if (!q.failed && (res = GDALDatasetExecuteSQL(ds, q.pb->buf, NULL, "SQLITE")) &&
            (f = OGR_L_GetNextFeature(res))) {
            total->killed = num(f, 0);
            total->injured = num(f, 1);
            total->events = num(f, 2);
        }
        if (f)
            OGR_F_Destroy(f);
        f = NULL;
        if (res)
            GDALDatasetReleaseResultSet(ds, res);
        res = NULL;
        printbuf_reset(q.pb);
        add(&q, "SELECT COUNT(DISTINCT doc_id) FROM events");
        where(&q, qq, "event_date", "event_date");
        if (!q.failed && (res = GDALDatasetExecuteSQL(ds, q.pb->buf, NULL, "SQLITE")) &&
            (f = OGR_L_GetNextFeature(res)))
            total->documents = num(f, 0);
    }
    rc = n;
out:
    if (f)
        OGR_F_Destroy(f);
    if (res)
        GDALDatasetReleaseResultSet(ds, res);
    out_gdal_end();
    kh_store_abort(st);
    printbuf_free(q.pb);
    return rc;
}
