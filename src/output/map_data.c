/* Reading what a map shows: extract JSON Lines, an event store or any point layer -> records
 * per place, day and group, counted by the aggregation rules. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <json-c/json.h>

#include "output/output_int.h"

/* ---- calendar ---------------------------------------------------------------------------- */

int out_day_parse(const char *s, long *day)
{
    if (!s || strnlen(s, 10) < 10)
        return -1;
    /* GDAL writes a date field as 2018/03/05 */
    char iso[11];
    memcpy(iso, s, 10);
    iso[10] = '\0';
    for (int i = 4; i <= 7; i += 3)
        if (iso[i] == '/')
            iso[i] = '-';
    /* what follows may be a time (2018-03-05T10:00:00Z), not more digits */
    int y, m, d;
    if (kh_date_parse_iso(iso, NULL, &y, &m, &d) != 0 || isdigit((unsigned char)s[10]))
        return -1;
    *day = kh_date_days_from_civil(y, m, d);
    return 0;
}

void out_day_format(long day, char *buf)
{
    kh_date_format_iso(day, buf);
}

long out_period_start(int by, long day)
{
    int y, m, d;
    switch (by) {
    case KH_BY_WEEK:
        return day - (kh_date_weekday(day) - 1);
    case KH_BY_MONTH:
        kh_date_civil_from_days(day, &y, &m, &d);
        return kh_date_days_from_civil(y, m, 1);
    default:
        return day;
    }
}

long out_period_next(int by, long start)
{
    int y, m, d;
    switch (by) {
    case KH_BY_WEEK:
        return start + 7;
    case KH_BY_MONTH:
        kh_date_civil_from_days(start, &y, &m, &d);
        return m == 12 ? kh_date_days_from_civil(y + 1, 1, 1)
                       : kh_date_days_from_civil(y, m + 1, 1);
    default:
        return start + 1;
    }
}

void out_period_label(int by, long start, char *buf, size_t size)
{
    int y, m, d;
    if (by == KH_BY_WEEK) {
        int week = kh_date_iso_week(start, &y);
        snprintf(buf, size, "%04d-W%02d", y, week);
    } else if (by == KH_BY_MONTH) {
        kh_date_civil_from_days(start, &y, &m, &d);
        snprintf(buf, size, "%04d-%02d", y, m);
    } else {
        char day[11];
        out_day_format(start, day);
        snprintf(buf, size, "%s", day);
    }
}

/* ---- the data's tables ------------------------------------------------------------------- */

int out_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *p = realloc(*arr, n * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = n;
    return 0;
}

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static char *dup0(const char *s)
{
    return strdup(s ? s : "");
}

/* A place's identity: its id, or its Arabic name and point when it has none. */
static void place_key(char *buf, size_t size, const char *id, const char *name_ar, double lon,
                      double lat)
{
    if (id && *id)
        snprintf(buf, size, "%s", id);
    else
        snprintf(buf, size, "%s|%.4f|%.4f", name_ar ? name_ar : "", lon, lat);
}

static const char *place_key_of(const out_mplace *p, char *buf, size_t size)
{
    place_key(buf, size, p->id, p->name_ar, p->lon, p->lat);
    return buf;
}

static int rehash(kh_map_data *d)
{
    size_t cap = d->hash_cap ? d->hash_cap * 2 : 256;
    size_t *h = calloc(cap, sizeof *h);
    if (!h)
        return -1;
    char key[512];
    for (size_t i = 0; i < d->nplaces; i++) {
        size_t j = fnv(place_key_of(&d->places[i], key, sizeof key)) & (cap - 1);
        while (h[j])
            j = (j + 1) & (cap - 1);
        h[j] = i + 1;
    }
    free(d->place_hash);
    d->place_hash = h;
    d->hash_cap = cap;
    return 0;
}

/* Is a place of KIND (or GEO_PRECISION) an area rather than a point? */
static int is_coarse(const char *kind, long geo_precision)
{
    if (geo_precision >= 3)
        return 1;
    return kind && (strcmp(kind, "governorate") == 0 || strcmp(kind, "region") == 0 ||
                    strcmp(kind, "country") == 0);
}

/* The index of the place (adding it when new), or SIZE_MAX when out of memory. */
static size_t place_of(kh_map_data *d, const char *id, const char *name_ar, const char *name_en,
                       double lon, double lat, int coarse)
{
    char key[512], other[512];
    place_key(key, sizeof key, id, name_ar, lon, lat);
    if ((d->nplaces + 1) * 2 > d->hash_cap && rehash(d))
        return SIZE_MAX;
    size_t j = fnv(key) & (d->hash_cap - 1);
    while (d->place_hash[j]) {
        size_t i = d->place_hash[j] - 1;
        if (strcmp(place_key_of(&d->places[i], other, sizeof other), key) == 0) {
            out_mplace *p = &d->places[i];
            /* A later record may know the English name the first one lacked. */
            if (!*p->name_en && name_en && *name_en) {
                char *s = strdup(name_en);
                if (s) {
                    free(p->name_en);
                    p->name_en = s;
                }
            }
            return i;
        }
        j = (j + 1) & (d->hash_cap - 1);
    }
    if (out_grow((void **)&d->places, &d->capplaces, d->nplaces + 1, sizeof *d->places))
        return SIZE_MAX;
    out_mplace *p = &d->places[d->nplaces];
    *p = (out_mplace){ dup0(id), dup0(name_ar), dup0(name_en), lon, lat, NAN, NAN, coarse };
    if (!p->id || !p->name_ar || !p->name_en) {
        free(p->id);
        free(p->name_ar);
        free(p->name_en);
        return SIZE_MAX;
    }
    d->place_hash[j] = ++d->nplaces;
    return d->nplaces - 1;
}

static size_t group_of(kh_map_data *d, const char *name)
{
    if (!name)
        name = "";
    for (size_t i = 0; i < d->ngroups; i++)
        if (strcmp(d->groups[i], name) == 0)
            return i;
    if (out_grow((void **)&d->groups, &d->capgroups, d->ngroups + 1, sizeof *d->groups))
        return SIZE_MAX;
    if (!(d->groups[d->ngroups] = strdup(name)))
        return SIZE_MAX;
    return d->ngroups++;
}

static int add_rec(kh_map_data *d, const out_mrec *r)
{
    if (out_grow((void **)&d->recs, &d->caprecs, d->nrecs + 1, sizeof *d->recs))
        return -1;
    d->recs[d->nrecs++] = *r;
    return 0;
}

static int reject(kh_map_data *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int reject(kh_map_data *d, const char *fmt, ...)
{
    char buf[KH_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (out_grow((void **)&d->rejected, &d->caprejected, d->nrejected + 1, sizeof *d->rejected))
        return -1;
    if (!(d->rejected[d->nrejected] = strdup(buf)))
        return -1;
    d->nrejected++;
    return 0;
}

void kh_map_data_free(kh_map_data *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nplaces; i++) {
        free(d->places[i].id);
        free(d->places[i].name_ar);
        free(d->places[i].name_en);
    }
    for (size_t i = 0; i < d->ngroups; i++)
        free(d->groups[i]);
    for (size_t i = 0; i < d->nrejected; i++)
        free(d->rejected[i]);
    free(d->places);
    free(d->place_hash);
    free(d->groups);
    free(d->recs);
    free(d->rejected);
    free(d);
}

size_t kh_map_data_rejected(const kh_map_data *d, const char *const **msgs)
{
    *msgs = (const char *const *)d->rejected;
    return d->nrejected;
}

void kh_map_data_summary_get(const kh_map_data *d, kh_map_data_summary *out)
{
    memset(out, 0, sizeof *out);
    out->records = (long)d->nrecs;
    out->unmapped = d->unmapped;
    out->places = (long)d->nplaces;
    out->documents = d->jsonl ? d->documents : -1;
    out->rejected = (long)d->nrejected;
    long lo = LONG_MAX, hi = LONG_MIN;
    for (size_t i = 0; i < d->nrecs; i++) {
        if (d->recs[i].day < lo)
            lo = d->recs[i].day;
        if (d->recs[i].day_end > hi)
            hi = d->recs[i].day_end;
    }
    if (d->nrecs) {
        out_day_format(lo, out->first);
        out_day_format(hi, out->last);
    }
}

/* ---- events through the aggregation rules ------------------------------------------------ */

/* One kh_agg per group: the rules count a (place, day, group) once, so per-group totals add
 * up to the all-groups total and a group filter stays exact. */
typedef struct agg_set {
    kh_agg **agg;
    char **name;
    size_t n, cap;
} agg_set;

static kh_agg *agg_for(agg_set *s, const char *group)
{
    if (!group)
        group = "";
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->name[i], group) == 0)
            return s->agg[i];
    size_t cap = s->cap;
    if (out_grow((void **)&s->agg, &cap, s->n + 1, sizeof *s->agg) ||
        out_grow((void **)&s->name, &s->cap, s->n + 1, sizeof *s->name))
        return NULL;
    kh_agg *a = kh_agg_new(KH_BY_DAY);
    char *name = strdup(group);
    if (!a || !name) {
        kh_agg_free(a);
        free(name);
        return NULL;
    }
    s->agg[s->n] = a;
    s->name[s->n++] = name;
    return a;
}

static void agg_set_free(agg_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        kh_agg_free(s->agg[i]);
        free(s->name[i]);
    }
    free(s->agg);
    free(s->name);
}

static int add_event(kh_map_data *d, agg_set *s, const kh_event *ev, kh_error *err)
{
    if (ev->status != KH_EVENT_MAPPED) {
        d->unmapped++;
        return 0;
    }
    kh_agg *a = agg_for(s, ev->group);
    if (!a)
        return kh_error_set(err, KH_E_NOMEM, "out of memory");
    return kh_agg_add_event(a, ev, err);
}

/* The aggregated cells -> records. */
static int take_cells(kh_map_data *d, agg_set *s, kh_error *err)
{
    for (size_t g = 0; g < s->n; g++) {
        size_t n;
        kh_error e = { 0 };
        const kh_agg_cell *c = kh_agg_cells(s->agg[g], &n, &e);
        if (!c && e.code)
            return kh_error_set(err, e.code, "%s", e.msg);
        size_t gi = group_of(d, s->name[g]);
        if (gi == SIZE_MAX)
            return kh_error_set(err, KH_E_NOMEM, "out of memory");
        for (size_t i = 0; i < n; i++) {
            out_mrec r = { 0 };
            if (out_day_parse(c[i].period_start, &r.day))
                continue;
            r.day_end = r.day;
            if (out_day_parse(c[i].period_end, &r.day_end) || r.day_end < r.day)
                r.day_end = r.day;
            r.killed = c[i].killed > 0 ? c[i].killed : 0;
            r.injured = c[i].injured > 0 ? c[i].injured : 0;
            if (!r.killed && !r.injured)
                continue;   /* before place_of: a place without figures is no place of the map */
            r.place = place_of(d, c[i].place_id, c[i].name_ar, c[i].name_en, c[i].lon, c[i].lat,
                               is_coarse(c[i].kind, c[i].geo_precision));
            if (r.place == SIZE_MAX)
                return kh_error_set(err, KH_E_NOMEM, "out of memory");
            r.group = gi;
            r.events = c[i].events;
            if (add_rec(d, &r))
                return kh_error_set(err, KH_E_NOMEM, "out of memory");
        }
    }
    return 0;
}

/* `kharita extract` output: one document a line, read through R. */
static int load_jsonl(kh_map_data *d, const char *path, kh_lines *r, kh_error *err)
{
    agg_set s = { 0 };
    int rc = 0, got, over;
    const char *line;
    size_t n;
    while ((got = kh_lines_next(r, &line, &n, &over)) == 1) {
        size_t lineno = kh_lines_number(r), k = 0;
        while (k < n && isspace((unsigned char)line[k]))
            k++;
        if (k == n && !over)
            continue;
        d->documents++;
        kh_error e = { 0 };
        kh_agg_doc *doc = NULL;
        if (over)
            snprintf(e.msg, sizeof e.msg, "line of more than %zu MiB", KH_LINE_MAX >> 20);
        else
            doc = kh_agg_doc_parse(line, n, &e);
        if (!doc) {
            if (reject(d, "%s:%zu: %s", path, lineno, e.msg)) {
                rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
                goto out;
            }
            continue;
        }
        size_t nev;
        const kh_event *ev = kh_agg_doc_events(doc, &nev);
        for (size_t i = 0; i < nev && rc == 0; i++)
            rc = add_event(d, &s, &ev[i], err);
        kh_agg_doc_free(doc);
        if (rc)
            goto out;
    }
    if (got < 0) {
        rc = kh_error_set(err, KH_E_INPUT, "%s: cannot read: %s", path, strerror(errno));
        goto out;
    }
    rc = take_cells(d, &s, err);
out:
    agg_set_free(&s);
    return rc;
}

/* ---- OGR layers -------------------------------------------------------------------------- */

/* The first of NAMES that LAYER has, or -1. */
static int field(OGRFeatureDefnH defn, const char *const *names)
{
    for (; *names; names++) {
        int i = OGR_FD_GetFieldIndex(defn, *names);
        if (i >= 0)
            return i;
    }
    return -1;
}

#define FIELD(...) field(defn, (const char *const[]){ __VA_ARGS__, NULL })

static const char *fstr(OGRFeatureH f, int i)
{
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    return OGR_F_GetFieldAsString(f, i);
}

static long fint(OGRFeatureH f, int i, long dflt)
{
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return dflt;
    const char *s = OGR_F_GetFieldAsString(f, i);
    char *end;
    double v = strtod(s, &end);
    if (end == s || !isfinite(v))
        return dflt;
    return (long)v;
}

/* A date field as "YYYY-MM-DD" in BUF, or NULL. */
static const char *fdate(OGRFeatureH f, int i, char *buf)
{
    const char *s = fstr(f, i);
    long day;
    if (!s || out_day_parse(s, &day))
        return NULL;
    out_day_format(day, buf);
    return buf;
}

static int truthy(const char *s)
{
    return s && (strcmp(s, "1") == 0 || strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0);
}

/* The point of F in WGS 84 degrees, from its geometry or from lat/lon fields. */
static int point_of(OGRFeatureH f, OGRCoordinateTransformationH ct, int ilat, int ilon,
                    double *lon, double *lat)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g && !OGR_G_IsEmpty(g)) {
        OGREnvelope env;
        OGR_G_GetEnvelope(g, &env);
        double x = (env.MinX + env.MaxX) / 2, y = (env.MinY + env.MaxY) / 2;
        if (ct && !OCTTransform(ct, 1, &x, &y, NULL))
            return -1;
        *lon = x;
        *lat = y;
    } else if (ilat >= 0 && ilon >= 0 && OGR_F_IsFieldSetAndNotNull(f, ilat) &&
               OGR_F_IsFieldSetAndNotNull(f, ilon)) {
        *lat = OGR_F_GetFieldAsDouble(f, ilat);
        *lon = OGR_F_GetFieldAsDouble(f, ilon);
    } else {
        return -1;
    }
    if (!isfinite(*lon) || !isfinite(*lat) || fabs(*lat) > 90 || fabs(*lon) > 180)
        return -1;
    return 0;
}

static OGRLayerH pick_layer(GDALDatasetH ds, const char *path, const char *name, kh_error *err)
{
    if (name) {
        OGRLayerH l = GDALDatasetGetLayerByName(ds, name);
        if (!l) {
            char names[512] = "";
            for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++) {
                size_t len = strlen(names);
                snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "",
                         OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
            }
            kh_error_set(err, KH_E_INPUT, "%s: no layer '%s' (it has: %s)", path, name,
                         *names ? names : "no layers");
        }
        return l;
    }
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "events");
    if (l)
        return l;
    for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++) {
        l = GDALDatasetGetLayer(ds, i);
        if (wkbFlatten(OGR_L_GetGeomType(l)) == wkbPoint)
            return l;
    }
    if (GDALDatasetGetLayerCount(ds) > 0)
        return GDALDatasetGetLayer(ds, 0);
    kh_error_set(err, KH_E_INPUT, "%s: no layers", path);
    return NULL;
}

static int load_layer(kh_map_data *d, const char *path, OGRLayerH layer, kh_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const char *lname = OGR_L_GetName(layer);
    int ikilled = FIELD("killed"), iinjured = FIELD("injured");
    int idate = FIELD("event_date", "date"), istart = FIELD("period_start");
    int iend = FIELD("period_end");
    if (ikilled < 0 && iinjured < 0)
        return kh_error_set(err, KH_E_USAGE, "%s: layer '%s' has no killed or injured field",
                            path, lname);
    if (idate < 0 && istart < 0)
        return kh_error_set(err, KH_E_USAGE,
                            "%s: layer '%s' has neither event_date (events) nor period_start "
                            "(places_day, places_week, places_month)", path, lname);
    int events = idate >= 0 && istart < 0;
    int iplace = FIELD("place_id"), iar = FIELD("name_ar"), ien = FIELD("name_en", "name");
    int igroup = events ? FIELD("group_name", "group") : FIELD("groups", "group_name", "group");
    int icum = FIELD("cumulative"), ipart = FIELD("part_of", "breakdown_of");
    int idoc = FIELD("doc_id", "doc"), iid = FIELD("event_id");
    int iadmin = FIELD("admin1"), ikind = FIELD("kind"), icountry = FIELD("country");
    int ievents = FIELD("events"), igeo = FIELD("geo_precision");
    int ilat = FIELD("lat", "latitude"), ilon = FIELD("lon", "lng", "longitude");

    OGRCoordinateTransformationH ct = NULL;
    OGRSpatialReferenceH wgs = NULL;
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    int rc = 0;
    agg_set s = { 0 };
    if (srs) {
        wgs = OSRNewSpatialReference(NULL);
        OSRImportFromEPSG(wgs, 4326);
        OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
        if (!OSRIsSame(srs, wgs)) {
            ct = OCTNewCoordinateTransformation(srs, wgs);
            if (!ct) {
                rc = kh_error_set(err, KH_E_INPUT, "%s: layer '%s': cannot convert its "
                                  "coordinates to WGS 84: %s", path, lname,
                                  out_gdal_msg("unknown reference system"));
                goto out;
            }
        }
    }

    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    long fno = 0;
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        fno++;
        double lon, lat;
        int has_point = point_of(f, ct, ilat, ilon, &lon, &lat) == 0;
        char dbuf[11], ebuf[11];
        if (events) {
            kh_event ev = { 0 };
            ev.event_id = fstr(f, iid);
            ev.doc_id = fstr(f, idoc);
            ev.event_date = fdate(f, idate, dbuf);
            ev.killed = fint(f, ikilled, -1);
            ev.injured = fint(f, iinjured, -1);
            ev.group = fstr(f, igroup);
            ev.cumulative = truthy(fstr(f, icum));
            ev.part_of = (int)fint(f, ipart, -1);
            ev.place_id = fstr(f, iplace);
            ev.name_ar = fstr(f, iar);
            ev.name_en = fstr(f, ien);
            ev.admin1 = fstr(f, iadmin);
            ev.kind = fstr(f, ikind);
            ev.country = fstr(f, icountry);
            ev.has_point = has_point;
            ev.lat = has_point ? lat : 0;
            ev.lon = has_point ? lon : 0;
            ev.start = ev.end = -1;
            ev.geo_precision = (int)fint(f, igeo, 0);
            /* Without a document id every feature is its own report. */
            char docbuf[32];
            if (!ev.doc_id) {
                snprintf(docbuf, sizeof docbuf, "feature-%ld", fno);
                ev.doc_id = docbuf;
            }
            if (!ev.event_id)
                ev.event_id = ev.doc_id;
            if (ev.killed < -1)
                ev.killed = -1;
            if (ev.injured < -1)
                ev.injured = -1;
            kh_event_classify(&ev);
            rc = add_event(d, &s, &ev, err);
        } else {
            if (!has_point) {
                if (reject(d, "%s: layer '%s' feature %ld: no point", path, lname, fno))
                    rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
                OGR_F_Destroy(f);
                if (rc)
                    goto out;
                continue;
            }
            out_mrec r = { 0 };
            if (!fdate(f, istart, dbuf) || out_day_parse(dbuf, &r.day)) {
                d->unmapped++;
                OGR_F_Destroy(f);
                continue;
            }
            r.day_end = r.day;
            if (fdate(f, iend, ebuf))
                out_day_parse(ebuf, &r.day_end);
            if (r.day_end < r.day)
                r.day_end = r.day;
            r.killed = fint(f, ikilled, 0);
            r.injured = fint(f, iinjured, 0);
            r.events = fint(f, ievents, 1);
            if (r.killed < 0)
                r.killed = 0;
            if (r.injured < 0)
                r.injured = 0;
            if (!r.killed && !r.injured) {
                OGR_F_Destroy(f);
                continue;   /* a place without figures is no place of the map */
            }
            r.place = place_of(d, fstr(f, iplace), fstr(f, iar), fstr(f, ien), lon, lat,
                               is_coarse(fstr(f, ikind), fint(f, igeo, 0)));
            r.group = group_of(d, fstr(f, igroup));
            if (r.place == SIZE_MAX || r.group == SIZE_MAX)
                rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
            else if (add_rec(d, &r))
                rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
        }
        OGR_F_Destroy(f);
        if (rc)
            goto out;
    }
    if (events)
        rc = take_cells(d, &s, err);
out:
    agg_set_free(&s);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (wgs)
        OSRRelease(wgs);
    return rc;
}

static int load_ogr(kh_map_data *d, const char *path, const char *open_path, const char *layer,
                    kh_error *err)
{
    int rc = 0;
    GDALDatasetH ds = GDALOpenEx(open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return kh_error_set(err, KH_E_INPUT, "%s: cannot read: %s", path,
                            out_gdal_msg("not extract output (JSON Lines) nor a vector file"));
    OGRLayerH l = pick_layer(ds, path, layer, err);
    if (!l) {
        rc = err ? err->code : KH_E_INPUT;
        goto out;
    }
    rc = load_layer(d, path, l, err);
out:
    GDALClose(ds);
    return rc;
}

/* Extract output has a JSON object with "doc" on its first line; a GeoJSON file is one
 * object over many lines, or one line without "doc". */
static int looks_like_jsonl(const char *line, size_t n)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)line[i]))
        i++;
    if (i >= n || line[i] != '{')
        return 0;
    json_tokener *tok = json_tokener_new();
    if (!tok)
        return 0;
    json_object *o = json_tokener_parse_ex(tok, line + i, (int)(n - i));
    int yes = o && json_object_is_type(o, json_type_object) &&
              json_object_object_get_ex(o, "doc", NULL) &&
              !json_object_object_get_ex(o, "type", NULL);
    json_object_put(o);
    json_tokener_free(tok);
    return yes;
}

/* Read FP as extract output when its first line that is not blank is one (or when it has no
 * such line: no documents); 1 when it was, 0 when it is something else, or an error code. */
static int try_jsonl(kh_map_data *d, const char *shown, FILE *fp, kh_error *err)
{
    kh_lines *r = kh_lines_new(fp, KH_LINE_MAX);
    if (!r)
        return kh_error_set(err, KH_E_NOMEM, "out of memory");
    const char *line;
    size_t n = 0;
    int got, over = 0;
    while ((got = kh_lines_next(r, &line, &n, &over)) == 1 && !over) {
        size_t i = 0;
        while (i < n && isspace((unsigned char)line[i]))
            i++;
        if (i < n)
            break;
    }
    int rc;
    if (got < 0)
        rc = kh_error_set(err, KH_E_INPUT, "%s: cannot read: %s", shown, strerror(errno));
    else if (got == 1 && !over && !looks_like_jsonl(line, n))
        rc = 0;
    else {
        kh_lines_free(r);
        r = NULL;
        rewind(fp);
        d->jsonl = 1;
        if (!(r = kh_lines_new(fp, KH_LINE_MAX)))
            rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
        else
            rc = load_jsonl(d, shown, r, err);
        if (rc == 0)
            rc = 1;     /* read as extract output */
    }
    kh_lines_free(r);
    return rc;
}

kh_map_data *kh_map_data_load(const char *path, const char *layer, kh_error *err)
{
    kh_map_data *d = calloc(1, sizeof *d);
    char *text = NULL;
    FILE *fp = NULL;
    int rc = 0;
    if (!d) {
        kh_error_set(err, KH_E_NOMEM, "out of memory");
        return NULL;
    }
    out_gdal_begin();
    const int is_stdin = strcmp(path, "-") == 0;
    const char *shown = is_stdin ? "(stdin)" : path;
    size_t len = 0;
    if (is_stdin) {
        /* stdin cannot be read twice: kept in memory, read as lines or given to GDAL */
        text = kh_file_read(path, &len, err);
        if (!text) {
            rc = err ? err->code : KH_E_INPUT;
            goto out;
        }
        fp = len ? fmemopen(text, len, "r") : NULL;
        if (len && !fp) {
            rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
            goto out;
        }
    } else if (!(fp = fopen(path, "rb"))) {
        rc = kh_error_set(err, KH_E_INPUT, "%s: cannot open: %s", path, strerror(errno));
        goto out;
    }
    /* Text (extract output, GeoJSON) starts with "{" or is blank; a GeoPackage is opened by
     * GDAL where it lies. */
    int text_like = 1;
    if (fp) {
        char head[16] = "";
        size_t n = fread(head, 1, sizeof head - 1, fp), i = 0;
        while (i < n && isspace((unsigned char)head[i]))
            i++;
        text_like = i == n || head[i] == '{';
        rewind(fp);
    }
    int as_jsonl = 0;
    if (text_like && fp) {
        as_jsonl = try_jsonl(d, shown, fp, err);
        if (as_jsonl < 0) {
            rc = as_jsonl;
            goto out;
        }
    } else if (text_like) {
        as_jsonl = d->jsonl = 1;    /* empty stdin: no documents */
    }
    if (as_jsonl) {
        /* read by try_jsonl */
    } else if (is_stdin) {
        /* GeoJSON on stdin: GDAL reads it from memory. */
        char mem[64];
        snprintf(mem, sizeof mem, "/vsimem/kharita-stdin-%p.geojson", (void *)d);
        VSILFILE *vf = VSIFileFromMemBuffer(mem, (GByte *)text, len, FALSE);
        if (!vf) {
            rc = kh_error_set(err, KH_E_INPUT, "%s: cannot read", shown);
            goto out;
        }
        VSIFCloseL(vf);
        rc = load_ogr(d, shown, mem, layer, err);
        VSIUnlink(mem);
    } else {
        rc = load_ogr(d, shown, path, layer, err);
    }
    if (rc)
        goto out;
    /* Project every place once: the projection is fixed, frames share it. */
    out_proj *p = out_proj_new(err);
    if (!p) {
        rc = err ? err->code : KH_E_INPUT;
        goto out;
    }
    for (size_t i = 0; i < d->nplaces; i++)
        if (out_proj_point(p, d->places[i].lon, d->places[i].lat, &d->places[i].x,
                           &d->places[i].y))
            d->places[i].x = d->places[i].y = NAN;
    out_proj_free(p);
out:
    out_gdal_end();
    if (fp)
        fclose(fp);
    free(text);
    if (rc) {
        kh_map_data_free(d);
        return NULL;
    }
    return d;
}

/* ---- summing records into circles -------------------------------------------------------- */

static int cmp_circle(const void *a, const void *b)
{
    const out_circle *x = a, *y = b;
    if (x->killed != y->killed)
        return x->killed < y->killed ? 1 : -1;
    if (x->injured != y->injured)
        return x->injured < y->injured ? 1 : -1;
    return x->place < y->place ? -1 : x->place > y->place;
}

long out_collect(const kh_map_data *d, long from, long to, const unsigned char *groups,
                 out_circle **out)
{
    *out = NULL;
    long n = 0;
    size_t *slot = malloc((d->nplaces ? d->nplaces : 1) * sizeof *slot);
    /* killed and injured per (place, group), for the dominant group */
    size_t ng = d->ngroups ? d->ngroups : 1;
    int by_group = d->nplaces * ng <= 4u * 1024 * 1024;
    long *gk = by_group ? calloc(d->nplaces * ng * 2 + 1, sizeof *gk) : NULL;
    out_circle *c = malloc((d->nplaces ? d->nplaces : 1) * sizeof *c);
    if (!slot || !c || (by_group && !gk)) {
        n = -1;
        goto out;
    }
    for (size_t i = 0; i < d->nplaces; i++)
        slot[i] = SIZE_MAX;
    for (size_t i = 0; i < d->nrecs; i++) {
        const out_mrec *r = &d->recs[i];
        if (r->day < from || r->day > to)
            continue;
        if (groups && !groups[r->group])
            continue;
        if (slot[r->place] == SIZE_MAX) {
            slot[r->place] = (size_t)n;
            c[n] = (out_circle){ r->place, d->places[r->place].x, d->places[r->place].y,
                                 0, 0, 0, SIZE_MAX };
            n++;
        }
        out_circle *ci = &c[slot[r->place]];
        ci->killed += r->killed;
        ci->injured += r->injured;
        ci->events += r->events;
        if (gk) {
            gk[(r->place * ng + r->group) * 2] += r->killed;
            gk[(r->place * ng + r->group) * 2 + 1] += r->injured;
        } else if (ci->group == SIZE_MAX) {
            ci->group = r->group;
        }
    }
    if (gk)
        for (long i = 0; i < n; i++) {
            long bk = -1, bi = -1;
            for (size_t g = 0; g < ng && g < d->ngroups; g++) {
                long k = gk[(c[i].place * ng + g) * 2], j = gk[(c[i].place * ng + g) * 2 + 1];
                if (k + j == 0)
                    continue;
                if (k > bk || (k == bk && j > bi)) {
                    bk = k;
                    bi = j;
                    c[i].group = g;
                }
            }
        }
    qsort(c, (size_t)n, sizeof *c, cmp_circle);
    if (n > 0) {
        *out = c;
        c = NULL;
    }
out:
    free(slot);
    free(gk);
    free(c);
    return n;
}
