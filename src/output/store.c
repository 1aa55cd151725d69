/* The event store: a GeoPackage of events, per-period totals, documents and unlocated events,
 * updated incrementally on a temporary copy that replaces the old store only when complete. */
#define _GNU_SOURCE     /* qsort_r */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_hash_set.h>
#include <cpl_string.h>

#include "output/output_int.h"

/* ---- Schemas (keep in step with store.h and README.md "Layers and fields") ---------------- */

#define S OFTString
#define I OFTInteger
#define D OFTDate
#define R OFTReal
#define NS OFSTNone

/* The events fields; unlocated has the same first fields, then reason, country, lat, lon. */
enum {
    EV_EVENT_ID, EV_DOC_ID, EV_EVENT_DATE, EV_DATE_PRECISION, EV_TIME_PRECISION, EV_KILLED,
    EV_INJURED, EV_QUALIFIER, EV_GROUP, EV_CUMULATIVE, EV_PART_OF, EV_PLACE_ID, EV_NAME_AR,
    EV_NAME_EN, EV_ADMIN1, EV_KIND, EV_GEO_PRECISION, EV_EVIDENCE, EV_START, EV_END, EV_NFIELDS,
    UL_REASON = EV_NFIELDS, UL_COUNTRY, UL_LAT, UL_LON, UL_NFIELDS
};

#define EVENT_FIELDS                                                                          \
    { "event_id", S, NS }, { "doc_id", S, NS }, { "event_date", D, NS },                      \
    { "date_precision", S, NS }, { "time_precision", S, NS }, { "killed", I, NS },            \
    { "injured", I, NS }, { "qualifier", S, NS }, { "group_name", S, NS },                    \
    { "cumulative", I, OFSTBoolean }, { "part_of", I, NS }, { "place_id", S, NS },            \
    { "name_ar", S, NS }, { "name_en", S, NS }, { "admin1", S, NS }, { "kind", S, NS },       \
    { "geo_precision", I, NS }, { "evidence", S, NS }, { "start", I, NS }, { "end", I, NS }

const out_field out_event_fields[] = { EVENT_FIELDS, { NULL, 0, 0 } };
const out_field out_unlocated_fields[] = { EVENT_FIELDS, { "reason", S, NS }, { "country", S, NS },
                                           { "lat", R, NS }, { "lon", R, NS }, { NULL, 0, 0 } };

enum {
    PL_PLACE_ID, PL_NAME_AR, PL_NAME_EN, PL_ADMIN1, PL_KIND, PL_PERIOD, PL_PERIOD_START,
    PL_PERIOD_END, PL_KILLED, PL_INJURED, PL_EVENTS, PL_DOCUMENTS, PL_GROUPS, PL_DOC_IDS,
    PL_FIRST_DATE, PL_LAST_DATE, PL_GEO_PRECISION, PL_NFIELDS
};
const out_field out_place_fields[] = {
    { "place_id", S, NS }, { "name_ar", S, NS }, { "name_en", S, NS }, { "admin1", S, NS },
    { "kind", S, NS }, { "period", S, NS }, { "period_start", D, NS }, { "period_end", D, NS },
    { "killed", I, NS }, { "injured", I, NS }, { "events", I, NS }, { "documents", I, NS },
    { "groups", S, NS }, { "doc_ids", S, NS }, { "first_date", D, NS }, { "last_date", D, NS },
    { "geo_precision", I, NS }, { NULL, 0, 0 }
};

enum { DC_DOC_ID, DC_PUB_DATE, DC_SOURCE, DC_URL, DC_TITLE, DC_STATUS, DC_EVENTS, DC_MAPPED, DC_NFIELDS };
const out_field out_document_fields[] = {
    { "doc_id", S, NS }, { "pub_date", D, NS }, { "source", S, NS }, { "url", S, NS },
    { "title", S, NS }, { "status", S, NS }, { "events", I, NS }, { "mapped", I, NS },
    { NULL, 0, 0 }
};

#undef S
#undef I
#undef D
#undef R
#undef NS

static const char *const period_layers[] = { "places_day", "places_week", "places_month" };

struct kh_store {
    char *path;
    int mode;
    int count_cumulative;
    kh_atomic *at;              /* UPDATE: the temporary copy being changed */
    GDALDatasetH ds;
    OGRLayerH events, unlocated, documents, places[3];
    int ev_idx[EV_NFIELDS], ul_idx[UL_NFIELDS], dc_idx[DC_NFIELDS];
    /* UPDATE on a store created by this run: the events stored so far, aggregated by day,
     * week and month as they are put (created at the first kh_store_put_docs), so that
     * kh_store_close need not read them back. Given up (freed, aggs_ok 0) as soon as a
     * document is replaced or memory runs out: close then recomputes from `events`. */
    kh_agg *aggs[3];
    int aggs_ok;
    /* UPDATE on a store created by this run: the ids of the documents stored so far (so
     * that a batch need not look them up in `documents`), and whether the doc_id and
     * event_date indexes are still to be made (see create_indexes). */
    CPLHashSet *new_ids;
    int unindexed;
    OGRFeatureH ev_f, ul_f, dc_f;   /* see reuse_feature */
};

static void drop_aggs(kh_store *s)
{
    for (int i = 0; i < 3; i++) {
        kh_agg_free(s->aggs[i]);
        s->aggs[i] = NULL;
    }
    s->aggs_ok = 0;
}

GDALDatasetH out_store_dataset(kh_store *s)
{
    return s->ds;
}

OGRLayerH out_create_layer(GDALDatasetH ds, const char *name, OGRwkbGeometryType geom,
                           const out_field *fields, char **options, kh_error *err)
{
    OGRSpatialReferenceH srs = geom != wkbNone ? out_wgs84() : NULL;
    OGRLayerH l = GDALDatasetCreateLayer(ds, name, srs, geom, options);
    if (srs)
        OSRRelease(srs);
    if (!l) {
        kh_error_set(err, KH_E_OUTPUT, "cannot create layer %s: %s", name,
                     out_gdal_msg("unknown GDAL error"));
        return NULL;
    }
    for (const out_field *f = fields; f->name; f++) {
        OGRFieldDefnH fd = OGR_Fld_Create(f->name, f->type);
        OGR_Fld_SetSubType(fd, f->subtype);
        OGRErr e = OGR_L_CreateField(l, fd, FALSE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE) {
            kh_error_set(err, KH_E_OUTPUT, "cannot create field %s.%s: %s", name, f->name,
                         out_gdal_msg("unknown GDAL error"));
            return NULL;
        }
    }
    return l;
}

/* Indexes of FIELDS in L's schema; -1 when one is missing (a store of another version). */
static int field_indexes(OGRLayerH l, const out_field *fields, int *idx, const char **missing)
{
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    for (size_t i = 0; fields[i].name; i++) {
        idx[i] = OGR_FD_GetFieldIndex(d, fields[i].name);
        if (idx[i] < 0) {
            *missing = fields[i].name;
            return -1;
        }
    }
    return 0;
}

/* ---- Setting fields ---------------------------------------------------------------------- */

static void set_str(OGRFeatureH f, int i, const char *v)
{
    if (v)
        OGR_F_SetFieldString(f, i, v);
    else
        OGR_F_SetFieldNull(f, i);
}

static void set_long(OGRFeatureH f, int i, long v)
{
    if (v >= 0)
        OGR_F_SetFieldInteger64(f, i, v);
    else
        OGR_F_SetFieldNull(f, i);
}

/* Whether V is exactly "YYYY-MM-DD" in digits; *y, *m, *d get its parts. */
static int plain_date(const char *v, int *y, int *m, int *d)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? v[i] != '-' : v[i] < '0' || v[i] > '9')
            return 0;
    if (v[10])
        return 0;
    *y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
    *m = (v[5] - '0') * 10 + (v[6] - '0');
    *d = (v[8] - '0') * 10 + (v[9] - '0');
    return 1;
}

static void set_date(OGRFeatureH f, int i, const char *v)
{
    int y, m, d;
    /* the usual form without sscanf (it runs for every event and cell), anything else as before */
    if (v && (plain_date(v, &y, &m, &d) || sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3))
        OGR_F_SetFieldDateTime(f, i, y, m, d, 0, 0, 0, 0);
    else
        OGR_F_SetFieldNull(f, i);
}

static int set_point(OGRFeatureH f, double lon, double lat)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g) {
        /* a feature used again: move its point */
        OGR_G_SetPoint_2D(g, 0, lon, lat);
        return 0;
    }
    if (!(g = OGR_G_CreateGeometry(wkbPoint)))
        return -1;
    OGR_G_SetPoint_2D(g, 0, lon, lat);
    return OGR_F_SetGeometryDirectly(f, g) == OGRERR_NONE ? 0 : -1;
}

/* *F, made for DEFN on first use, ready for the next OGR_L_CreateFeature (which gave it the
 * new row's id): one feature per layer, its fields all set again for every row, instead of a
 * feature and a point made and freed for every event. NULL when out of memory. */
static OGRFeatureH reuse_feature(OGRFeatureH *f, OGRFeatureDefnH defn)
{
    if (!*f)
        *f = OGR_F_Create(defn);
    else
        OGR_F_SetFID(*f, OGRNullFID);
    return *f;
}

int out_write_cells(OGRLayerH layer, kh_agg *a, kh_error *err)
{
    int idx[PL_NFIELDS], rc = 0;
    const char *missing = NULL;
    size_t n;
    if (field_indexes(layer, out_place_fields, idx, &missing) != 0)
        return kh_error_set(err, KH_E_OUTPUT, "layer %s has no field %s",
                            OGR_L_GetName(layer), missing);
    const kh_agg_cell *c = kh_agg_cells(a, &n, err);
    if (!c && err && err->code)
        return err->code;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    OGRFeatureH f = NULL;
    for (size_t i = 0; i < n && !rc; i++) {
        if (!reuse_feature(&f, defn)) {
            rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
            break;
        }
        set_str(f, idx[PL_PLACE_ID], c[i].place_id);
        set_str(f, idx[PL_NAME_AR], c[i].name_ar);
        set_str(f, idx[PL_NAME_EN], c[i].name_en);
        set_str(f, idx[PL_ADMIN1], c[i].admin1);
        set_str(f, idx[PL_KIND], c[i].kind);
        set_str(f, idx[PL_PERIOD], c[i].period);
        set_date(f, idx[PL_PERIOD_START], c[i].period_start);
        set_date(f, idx[PL_PERIOD_END], c[i].period_end);
        set_long(f, idx[PL_KILLED], c[i].killed);
        set_long(f, idx[PL_INJURED], c[i].injured);
        set_long(f, idx[PL_EVENTS], c[i].events);
        set_long(f, idx[PL_DOCUMENTS], c[i].documents);
        set_str(f, idx[PL_GROUPS], c[i].groups);
        set_str(f, idx[PL_DOC_IDS], c[i].doc_ids);
        set_date(f, idx[PL_FIRST_DATE], c[i].first_date);
        set_date(f, idx[PL_LAST_DATE], c[i].last_date);
        set_long(f, idx[PL_GEO_PRECISION], c[i].geo_precision);
        /* stable ids: the same store content gives the same features, whatever ran before */
        OGR_F_SetFID(f, (GIntBig)i + 1);
        if (set_point(f, c[i].lon, c[i].lat) != 0 || OGR_L_CreateFeature(layer, f) != OGRERR_NONE)
            rc = kh_error_set(err, KH_E_OUTPUT, "cannot write %s: %s", OGR_L_GetName(layer),
                              out_gdal_msg("unknown GDAL error"));
    }
    if (f)
        OGR_F_Destroy(f);
    return rc;
}

/* ---- Opening ----------------------------------------------------------------------------- */

static int copy_file(const char *from, const char *to, kh_error *err)
{
    int rc = 0;
    FILE *in = fopen(from, "rb"), *out = NULL;
    char buf[1 << 16];
    if (!in) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot read: %s", from, strerror(errno));
        goto out;
    }
    if (!(out = fopen(to, "wb"))) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot create: %s", to, strerror(errno));
        goto out;
    }
    for (size_t n; (n = fread(buf, 1, sizeof buf, in)) > 0;)
        if (fwrite(buf, 1, n, out) != n) {
            rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot write: %s", to, strerror(errno));
            goto out;
        }
    if (ferror(in))
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: read error: %s", from, strerror(errno));
out:
    if (in)
        fclose(in);
    if (out && fclose(out) != 0 && !rc)
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot write: %s", to, strerror(errno));
    return rc;
}

/* The store's working copy is private and replaced whole, so SQLite need not sync every
 * transaction (kh_store_close syncs the file once before the rename), nor keep its rollback
 * journal in a file: a batch that fails is still rolled back, from memory. */
static void fast_sqlite(int on)
{
    CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", on ? "OFF" : NULL);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", on ? "64" : NULL);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_JOURNAL", on ? "MEMORY" : NULL);
}

static int create_layers(GDALDatasetH ds, kh_error *err)
{
    char **opt = CSLSetNameValue(NULL, "FID", "fid");
    int rc = 0;
    if (!out_create_layer(ds, "events", wkbPoint, out_event_fields, opt, err) ||
        !out_create_layer(ds, "places_day", wkbPoint, out_place_fields, opt, err) ||
        !out_create_layer(ds, "places_week", wkbPoint, out_place_fields, opt, err) ||
        !out_create_layer(ds, "places_month", wkbPoint, out_place_fields, opt, err) ||
        !out_create_layer(ds, "documents", wkbNone, out_document_fields, opt, err) ||
        !out_create_layer(ds, "unlocated", wkbNone, out_unlocated_fields, opt, err))
        rc = err ? err->code : KH_E_OUTPUT;
    CSLDestroy(opt);
    /* GDAL makes a new layer's table when the layer is first used: make them now, in this
     * order (the order every GIS lists them in), whichever is written first. */
    for (int i = 0; !rc && i < GDALDatasetGetLayerCount(ds); i++)
        OGR_L_ResetReading(GDALDatasetGetLayer(ds, i));
    return rc;
}

/* The indexes of a store: replacing a document looks its rows up by doc_id; reading events
 * for a time span by event_date. A store this run creates gets them once its events are in
 * (or before the first document is replaced): one sort instead of an index update for every
 * event. The first SQL also makes GDAL build the events' R-tree, which it put off for a new
 * layer: in one go, its pages in SQLite's cache, rather than a batch at every commit into a
 * tree whose pages the table's pushed out (487,000 events: 12.3 s CPU against 13.2 s). */
static int create_indexes(kh_store *s, kh_error *err)
{
    const char *sql[] = { "CREATE INDEX events_doc_id ON events(doc_id)",
                          "CREATE INDEX unlocated_doc_id ON unlocated(doc_id)",
                          "CREATE INDEX documents_doc_id ON documents(doc_id)",
                          "CREATE INDEX events_event_date ON events(event_date)" };
    for (size_t i = 0; s->unindexed && i < sizeof sql / sizeof sql[0]; i++) {
        CPLErrorReset();
        OGRLayerH r = GDALDatasetExecuteSQL(s->ds, sql[i], NULL, NULL);
        if (r)
            GDALDatasetReleaseResultSet(s->ds, r);
        if (CPLGetLastErrorType() >= CE_Failure)
            return kh_error_set(err, KH_E_OUTPUT, "%s: cannot index the store: %s", s->path,
                                out_gdal_msg("unknown GDAL error"));
    }
    s->unindexed = 0;
    return 0;
}

/* Find kharita's layers and fields in s->ds; 0 or -1 with *what naming the first missing. */
static int bind_layers(kh_store *s, char *what, size_t size)
{
    const char *missing = NULL;
    s->events = GDALDatasetGetLayerByName(s->ds, "events");
    s->unlocated = GDALDatasetGetLayerByName(s->ds, "unlocated");
    s->documents = GDALDatasetGetLayerByName(s->ds, "documents");
    for (int i = 0; i < 3; i++)
        if (!(s->places[i] = GDALDatasetGetLayerByName(s->ds, period_layers[i]))) {
            snprintf(what, size, "no layer '%s'", period_layers[i]);
            return -1;
        }
    if (!s->events || !s->unlocated || !s->documents) {
        snprintf(what, size, "no layer '%s'",
                 !s->events ? "events" : !s->unlocated ? "unlocated" : "documents");
        return -1;
    }
    int ok = field_indexes(s->events, out_event_fields, s->ev_idx, &missing) == 0 &&
             field_indexes(s->unlocated, out_unlocated_fields, s->ul_idx, &missing) == 0 &&
             field_indexes(s->documents, out_document_fields, s->dc_idx, &missing) == 0;
    if (!ok) {
        snprintf(what, size, "no field '%s'", missing);
        return -1;
    }
    int pidx[PL_NFIELDS];
    for (int i = 0; i < 3; i++)
        if (field_indexes(s->places[i], out_place_fields, pidx, &missing) != 0) {
            snprintf(what, size, "no field '%s' in '%s'", missing, period_layers[i]);
            return -1;
        }
    return 0;
}

/* Remove the working copies (".k.gpkg.tmp-PID-N.gpkg", kh_atomic's names) that runs killed
 * before they finished left beside PATH: those whose process is gone. */
static void remove_stale_copies(const char *path)
{
    char *dir = strdup(path), prefix[512];
    if (!dir)
        return;
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : dir;
    snprintf(prefix, sizeof prefix, ".%s.tmp-", base);
    if (slash)
        *slash = '\0';
    DIR *dh = opendir(slash ? (*dir ? dir : "/") : ".");
    size_t pn = strlen(prefix);
    for (struct dirent *de; dh && (de = readdir(dh));) {
        char *end;
        if (strncmp(de->d_name, prefix, pn) != 0)
            continue;
        long pid = strtol(de->d_name + pn, &end, 10);
        if (end == de->d_name + pn || *end != '-' || pid <= 0 ||
            (kill((pid_t)pid, 0) != 0 ? errno != ESRCH : 1))
            continue;
        char full[4096];
        snprintf(full, sizeof full, "%s%s%s", slash ? dir : "", slash ? "/" : "", de->d_name);
        unlink(full);
    }
    if (dh)
        closedir(dh);
    free(dir);
}

kh_store *kh_store_open(const char *path, int mode, kh_error *err)
{
    static const char *const gpkg_only[] = { "GPKG", NULL };
    int code = mode == KH_STORE_READ ? KH_E_INPUT : KH_E_OUTPUT;
    char what[128];
    struct stat st;
    kh_store *s = calloc(1, sizeof *s);
    if (!path)
        path = KH_STORE_DEFAULT;
    if (!s || !(s->path = strdup(path))) {
        kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto fail;
    }
    s->mode = mode;
    out_gdal_begin();
    int exists = stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        kh_error_set(err, code, "%s: is a folder, not an event store", path);
        goto fail_gdal;
    }
    if (!exists && mode == KH_STORE_READ) {
        kh_error_set(err, code, "%s: no event store here (write one with 'kharita aggregate "
                     "--store %s')", path, path);
        goto fail_gdal;
    }
    if (exists) {
        /* Refuse foreign files before touching anything: read-only first. */
        s->ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, gpkg_only, NULL, NULL);
        if (!s->ds) {
            kh_error_set(err, code, "%s: not a GeoPackage, refusing to use it as the event store",
                         path);
            goto fail_gdal;
        }
        if (bind_layers(s, what, sizeof what) != 0) {
            kh_error_set(err, code, "%s: a GeoPackage without kharita's layers (%s), refusing to "
                         "use it as the event store", path, what);
            goto fail_gdal;
        }
        if (mode == KH_STORE_READ)
            goto done;
        GDALClose(s->ds);
        s->ds = NULL;
    }
    remove_stale_copies(path);
    if (!(s->at = kh_atomic_open(path, err)))
        goto fail_gdal;
    const char *tmp = kh_atomic_tmppath(s->at);
    fast_sqlite(1);
    if (exists) {
        if (copy_file(path, tmp, err) != 0)
            goto fail_fast;
        s->ds = GDALOpenEx(tmp, GDAL_OF_VECTOR | GDAL_OF_UPDATE, gpkg_only, NULL, NULL);
        if (!s->ds) {
            kh_error_set(err, code, "%s: cannot open a copy for update: %s", path,
                         out_gdal_msg("unknown GDAL error"));
            goto fail_fast;
        }
    } else {
        s->ds = GDALCreate(GDALGetDriverByName("GPKG"), tmp, 0, 0, 0, GDT_Unknown, NULL);
        if (!s->ds) {
            kh_error_set(err, code, "%s: cannot create: %s", path, out_gdal_msg("unknown GDAL error"));
            goto fail_fast;
        }
        if (create_layers(s->ds, err) != 0) {
            if (err)
                err->code = code;
            goto fail_fast;
        }
        if (!(s->new_ids = CPLHashSetNew(CPLHashSetHashStr, CPLHashSetEqualStr, CPLFree))) {
            kh_error_set(err, KH_E_NOMEM, "out of memory");
            goto fail_fast;
        }
        s->unindexed = 1;
        s->aggs_ok = 1;
    }
    fast_sqlite(0);
    if (bind_layers(s, what, sizeof what) != 0) {
        kh_error_set(err, code, "%s: %s", path, what);
        goto fail_gdal;
    }
done:
    out_gdal_end();
    return s;
fail_fast:
    fast_sqlite(0);
fail_gdal:
    out_gdal_end();
fail:
    kh_store_abort(s);
    return NULL;
}

void kh_store_count_cumulative(kh_store *s, int yes)
{
    if (s->aggs[0] && !yes != !s->count_cumulative)
        drop_aggs(s);   /* they counted under the other rule */
    s->count_cumulative = yes;
}

long kh_store_count(kh_store *s, const char *layer)
{
    out_gdal_begin();
    OGRLayerH l = GDALDatasetGetLayerByName(s->ds, layer);
    long n = l ? (long)OGR_L_GetFeatureCount(l, TRUE) : -1;
    out_gdal_end();
    return n;
}

/* ---- Writing documents ------------------------------------------------------------------- */

/* ", 'id1', 'it''s'" — the ids of the documents docs[i] with plan[i] == WANT, quoted for SQL,
 * malloc'd, or NULL when out of memory; *any says whether there was one. */
static char *id_list(kh_agg_doc *const *docs, const char *plan, size_t n, int want, int *any)
{
    size_t len = 16;
    for (size_t i = 0; i < n; i++)
        len += 2 * strlen(kh_agg_doc_id(docs[i])) + 4;
    char *list = malloc(len), *p = list;
    if (!list)
        return NULL;
    *any = 0;
    for (size_t i = 0; i < n; i++) {
        if (plan[i] != want)
            continue;
        *p++ = *any ? ',' : ' ';
        *p++ = '\'';
        for (const char *c = kh_agg_doc_id(docs[i]); *c; c++) {
            if (*c == '\'')
                *p++ = '\'';
            *p++ = *c;
        }
        *p++ = '\'';
        *any = 1;
    }
    *p = '\0';
    return list;
}

enum { PUT_NEW, PUT_REPLACE, PUT_SKIP };

static int cmp_idx(const void *a, const void *b, void *docs)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(kh_agg_doc_id(((kh_agg_doc *const *)docs)[i]), kh_agg_doc_id(((kh_agg_doc *const *)docs)[j]));
    return c ? c : (i < j ? -1 : i > j);
}

/* Mark PUT_REPLACE the documents of the batch (in ORDER, sorted by id; PUT_SKIP already
 * marked) whose id is stored: one query for the whole batch. */
static int find_stored(kh_store *s, kh_agg_doc *const *docs, const size_t *order, size_t n,
                       char *plan, kh_error *err)
{
    int rc = 0, any;
    char *list = id_list(docs, plan, n, PUT_NEW, &any), *sql = NULL;
    if (!list || !(sql = malloc(strlen(list) + 64))) {
        rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto out;
    }
    if (!any)
        goto out;
    sprintf(sql, "doc_id IN (%s)", list);
    if (OGR_L_SetAttributeFilter(s->documents, sql) != OGRERR_NONE) {
        rc = kh_error_set(err, KH_E_OUTPUT, "cannot look documents up: %s",
                          out_gdal_msg("unknown GDAL error"));
        goto out;
    }
    OGR_L_ResetReading(s->documents);
    for (OGRFeatureH f; (f = OGR_L_GetNextFeature(s->documents));) {
        const char *id = OGR_F_GetFieldAsString(f, s->dc_idx[DC_DOC_ID]);
        /* the last of the batch with this id (binary search over the sorted order) */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(kh_agg_doc_id(docs[order[mid]]), id) <= 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo > 0 && strcmp(kh_agg_doc_id(docs[order[lo - 1]]), id) == 0)
            plan[order[lo - 1]] = PUT_REPLACE;
        OGR_F_Destroy(f);
    }
out:
    OGR_L_SetAttributeFilter(s->documents, NULL);
    free(list);
    free(sql);
    return rc;
}

/* Plan a batch: a document whose id comes again later in the batch is skipped (the later one
 * replaces it); one already in the store is deleted first — one query to find them (none in
 * a store this run creates: s->new_ids knows them) and one DELETE per layer for the whole
 * batch. *plan is malloc'd. */
static int plan_batch(kh_store *s, kh_agg_doc *const *docs, size_t n, char **plan, kh_error *err)
{
    int rc = 0, any;
    char *list = NULL, *sql = NULL;
    size_t *order = malloc(n * sizeof *order);
    *plan = calloc(n, 1);
    if (!order || !*plan)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    qsort_r(order, n, sizeof *order, cmp_idx, (void *)docs);
    for (size_t k = 0; k + 1 < n; k++)
        if (strcmp(kh_agg_doc_id(docs[order[k]]), kh_agg_doc_id(docs[order[k + 1]])) == 0)
            (*plan)[order[k]] = PUT_SKIP;

    if (s->new_ids) {
        for (size_t i = 0; i < n; i++)
            if ((*plan)[i] == PUT_NEW && CPLHashSetLookup(s->new_ids, kh_agg_doc_id(docs[i])))
                (*plan)[i] = PUT_REPLACE;
    } else if ((rc = find_stored(s, docs, order, n, *plan, err)) != 0)
        goto out;

    if (!(list = id_list(docs, *plan, n, PUT_REPLACE, &any)) ||
        !(sql = malloc(strlen(list) + 64)))
        goto nomem;
    static const char *const tables[] = { "events", "unlocated", "documents" };
    for (size_t t = 0; any && t < 3; t++) {
        sprintf(sql, "DELETE FROM %s WHERE doc_id IN (%s)", tables[t], list);
        CPLErrorReset();
        OGRLayerH r = GDALDatasetExecuteSQL(s->ds, sql, NULL, NULL);
        if (r)
            GDALDatasetReleaseResultSet(s->ds, r);
        if (CPLGetLastErrorType() >= CE_Failure) {
            rc = kh_error_set(err, KH_E_OUTPUT, "cannot replace stored documents: %s",
                              out_gdal_msg("unknown GDAL error"));
            goto out;
        }
    }
    goto out;
nomem:
    rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
out:
    free(order);
    free(list);
    free(sql);
    return rc;
}

/* The fields events and unlocated share. */
static void set_event_fields(OGRFeatureH f, const int *idx, const kh_event *ev)
{
    set_str(f, idx[EV_EVENT_ID], ev->event_id);
    set_str(f, idx[EV_DOC_ID], ev->doc_id);
    set_date(f, idx[EV_EVENT_DATE], ev->event_date);
    set_str(f, idx[EV_DATE_PRECISION], ev->date_precision);
    set_str(f, idx[EV_TIME_PRECISION], ev->time_precision);
    set_long(f, idx[EV_KILLED], ev->killed);
    set_long(f, idx[EV_INJURED], ev->injured);
    set_str(f, idx[EV_QUALIFIER], ev->qualifier);
    set_str(f, idx[EV_GROUP], ev->group);
    OGR_F_SetFieldInteger(f, idx[EV_CUMULATIVE], ev->cumulative ? 1 : 0);
    set_long(f, idx[EV_PART_OF], ev->part_of);
    set_str(f, idx[EV_PLACE_ID], ev->place_id);
    set_str(f, idx[EV_NAME_AR], ev->name_ar);
    set_str(f, idx[EV_NAME_EN], ev->name_en);
    set_str(f, idx[EV_ADMIN1], ev->admin1);
    set_str(f, idx[EV_KIND], ev->kind);
    if (ev->geo_precision > 0)
        OGR_F_SetFieldInteger(f, idx[EV_GEO_PRECISION], ev->geo_precision);
    else
        OGR_F_SetFieldNull(f, idx[EV_GEO_PRECISION]);
    set_str(f, idx[EV_EVIDENCE], ev->evidence);
    set_long(f, idx[EV_START], ev->start);
    set_long(f, idx[EV_END], ev->end);
}

static int put_doc(kh_store *s, const kh_agg_doc *d, kh_error *err)
{
    int rc = 0;
    const char *id = kh_agg_doc_id(d);
    size_t n, mapped = 0;
    const kh_event *ev = kh_agg_doc_events(d, &n);
    for (size_t i = 0; i < n; i++) {
        int is_mapped = ev[i].status == KH_EVENT_MAPPED;
        OGRLayerH l = is_mapped ? s->events : s->unlocated;
        OGRFeatureH f = reuse_feature(is_mapped ? &s->ev_f : &s->ul_f, OGR_L_GetLayerDefn(l));
        if (!f)
            return kh_error_set(err, KH_E_NOMEM, "out of memory");
        set_event_fields(f, is_mapped ? s->ev_idx : s->ul_idx, &ev[i]);
        if (is_mapped) {
            mapped++;
            rc = set_point(f, ev[i].lon, ev[i].lat);
        } else {
            set_str(f, s->ul_idx[UL_REASON], kh_event_status_name(ev[i].status));
            set_str(f, s->ul_idx[UL_COUNTRY], ev[i].country);
            if (ev[i].has_point) {
                OGR_F_SetFieldDouble(f, s->ul_idx[UL_LAT], ev[i].lat);
                OGR_F_SetFieldDouble(f, s->ul_idx[UL_LON], ev[i].lon);
            } else {
                OGR_F_UnsetField(f, s->ul_idx[UL_LAT]);
                OGR_F_UnsetField(f, s->ul_idx[UL_LON]);
            }
        }
        if (rc == 0 && OGR_L_CreateFeature(l, f) != OGRERR_NONE)
            rc = -1;
        if (rc)
            return kh_error_set(err, KH_E_OUTPUT, "document %s: cannot store event %zu: %s", id, i,
                                out_gdal_msg("unknown GDAL error"));
    }
    OGRFeatureH f = reuse_feature(&s->dc_f, OGR_L_GetLayerDefn(s->documents));
    if (!f)
        return kh_error_set(err, KH_E_NOMEM, "out of memory");
    set_str(f, s->dc_idx[DC_DOC_ID], id);
    set_date(f, s->dc_idx[DC_PUB_DATE], kh_agg_doc_date(d));
    set_str(f, s->dc_idx[DC_SOURCE], kh_agg_doc_source(d));
    set_str(f, s->dc_idx[DC_URL], kh_agg_doc_url(d));
    set_str(f, s->dc_idx[DC_TITLE], kh_agg_doc_title(d));
    set_str(f, s->dc_idx[DC_STATUS], mapped ? "mapped" : n ? "unmapped" : "no_events");
    set_long(f, s->dc_idx[DC_EVENTS], (long)n);
    set_long(f, s->dc_idx[DC_MAPPED], (long)mapped);
    if (OGR_L_CreateFeature(s->documents, f) != OGRERR_NONE)
        rc = kh_error_set(err, KH_E_OUTPUT, "document %s: cannot store it: %s", id,
                          out_gdal_msg("unknown GDAL error"));
    return rc;
}

/* Add the documents just committed to s->aggs (see struct kh_store). A replaced document
 * gives them up: kh_agg would take its old events back too, but a place would keep the
 * name, point and precision of the first event that named it even when that event is gone,
 * where a recount from `events` takes them from the first event still stored. */
static void add_to_store_aggs(kh_store *s, kh_agg_doc *const *docs, const char *plan, size_t n)
{
    int replaced = 0;
    for (size_t i = 0; i < n; i++)
        replaced |= plan[i] == PUT_REPLACE;
    if (!s->aggs_ok || replaced) {
        drop_aggs(s);
        return;
    }
    for (int k = 0; k < 3; k++)
        if (!s->aggs[k]) {
            if (!(s->aggs[k] = kh_agg_new(KH_BY_DAY + k))) {
                drop_aggs(s);
                return;
            }
            kh_agg_count_cumulative(s->aggs[k], s->count_cumulative);
        }
    for (size_t i = 0; i < n; i++)
        for (int k = 0; plan[i] != PUT_SKIP && k < 3; k++)
            if (kh_agg_add_doc(s->aggs[k], docs[i], NULL) != 0) {
                drop_aggs(s);
                return;
            }
}

/* Add the ids of the documents just committed to s->new_ids; without memory, give the set up
 * (documents are then looked up in the store). */
static void remember_ids(kh_store *s, kh_agg_doc *const *docs, const char *plan, size_t n)
{
    for (size_t i = 0; s->new_ids && i < n; i++) {
        char *id = plan[i] == PUT_NEW ? VSIStrdup(kh_agg_doc_id(docs[i])) : NULL;
        if (plan[i] == PUT_NEW && (!id || !CPLHashSetInsert(s->new_ids, id))) {
            CPLHashSetDestroy(s->new_ids);
            s->new_ids = NULL;
        }
    }
}

int kh_store_put_docs(kh_store *s, kh_agg_doc *const *docs, size_t n, kh_error *err)
{
    int rc = 0;
    char *plan = NULL;
    if (s->mode != KH_STORE_UPDATE)
        return kh_error_set(err, KH_E_USAGE, "%s: the store was opened read-only", s->path);
    if (!n)
        return 0;
    out_gdal_begin();
    /* Replacing documents deletes by doc_id: index first (outside the batch's transaction, so
     * that a rollback cannot take the indexes back). */
    for (size_t i = 0; s->unindexed && i < n; i++)
        if (CPLHashSetLookup(s->new_ids, kh_agg_doc_id(docs[i])) &&
            (rc = create_indexes(s, err)) != 0)
            goto out;
    if (GDALDatasetStartTransaction(s->ds, FALSE) != OGRERR_NONE) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot start a transaction: %s", s->path,
                          out_gdal_msg("unknown GDAL error"));
        goto out;
    }
    rc = plan_batch(s, docs, n, &plan, err);
    for (size_t i = 0; i < n && !rc; i++)
        if (plan[i] != PUT_SKIP)
            rc = put_doc(s, docs[i], err);
    if (rc) {
        GDALDatasetRollbackTransaction(s->ds);
        if (err && rc != KH_E_NOMEM) {
            char msg[KH_ERROR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", err->msg);
            kh_error_set(err, KH_E_OUTPUT, "%s: %s", s->path, msg);
            rc = KH_E_OUTPUT;
        }
    } else if (GDALDatasetCommitTransaction(s->ds) != OGRERR_NONE)
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot commit: %s", s->path,
                          out_gdal_msg("unknown GDAL error"));
    else {
        add_to_store_aggs(s, docs, plan, n);
        remember_ids(s, docs, plan, n);
    }
out:
    free(plan);
    out_gdal_end();
    return rc;
}

/* ---- Reading events ---------------------------------------------------------------------- */

static const char *get_str(OGRFeatureH f, int i)
{
    return OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : NULL;
}

static long get_long(OGRFeatureH f, int i)
{
    return OGR_F_IsFieldSetAndNotNull(f, i) ? (long)OGR_F_GetFieldAsInteger64(f, i) : -1;
}

static const char *get_date(OGRFeatureH f, int i, char *buf)
{
    int y, m, d, h, mi, tz;
    float sec;
    if (!OGR_F_IsFieldSetAndNotNull(f, i) ||
        !OGR_F_GetFieldAsDateTimeEx(f, i, &y, &m, &d, &h, &mi, &sec, &tz))
        return NULL;
    snprintf(buf, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return buf;
}

int kh_store_each_event(kh_store *s, const char *from, const char *to,
                        int (*fn)(const kh_event *ev, void *ctx), void *ctx, kh_error *err)
{
    char filter[96] = "", l[16], st[16], e[16], date[16];
    int rc = 0;
    if ((from && kh_period_of(KH_BY_DAY, from, l, st, e, NULL)) ||
        (to && kh_period_of(KH_BY_DAY, to, l, st, e, NULL)))
        return kh_error_set(err, KH_E_USAGE, "'%s' is not a date (YYYY-MM-DD)",
                            from && kh_period_of(KH_BY_DAY, from, l, st, e, NULL) ? from : to);
    if (from && to)
        snprintf(filter, sizeof filter, "event_date >= '%s' AND event_date <= '%s'", from, to);
    else if (from || to)
        snprintf(filter, sizeof filter, "event_date %s '%s'", from ? ">=" : "<=", from ? from : to);
    out_gdal_begin();
    if (OGR_L_SetAttributeFilter(s->events, *filter ? filter : NULL) != OGRERR_NONE) {
        rc = kh_error_set(err, KH_E_INPUT, "%s: %s", s->path, out_gdal_msg("cannot filter events"));
        goto out;
    }
    OGR_L_ResetReading(s->events);
    const int *x = s->ev_idx;
    for (OGRFeatureH f; !rc && (f = OGR_L_GetNextFeature(s->events));) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        kh_event ev = {
            .event_id = get_str(f, x[EV_EVENT_ID]), .doc_id = get_str(f, x[EV_DOC_ID]),
            .event_date = get_date(f, x[EV_EVENT_DATE], date),
            .date_precision = get_str(f, x[EV_DATE_PRECISION]),
            .time_precision = get_str(f, x[EV_TIME_PRECISION]),
            .killed = get_long(f, x[EV_KILLED]), .injured = get_long(f, x[EV_INJURED]),
            .qualifier = get_str(f, x[EV_QUALIFIER]), .group = get_str(f, x[EV_GROUP]),
            .cumulative = get_long(f, x[EV_CUMULATIVE]) > 0, .part_of = (int)get_long(f, x[EV_PART_OF]),
            .place_id = get_str(f, x[EV_PLACE_ID]), .name_ar = get_str(f, x[EV_NAME_AR]),
            .name_en = get_str(f, x[EV_NAME_EN]), .admin1 = get_str(f, x[EV_ADMIN1]),
            .kind = get_str(f, x[EV_KIND]), .country = "SY",
            .geo_precision = (int)get_long(f, x[EV_GEO_PRECISION]),
            .evidence = get_str(f, x[EV_EVIDENCE]), .start = get_long(f, x[EV_START]),
            .end = get_long(f, x[EV_END]), .status = KH_EVENT_MAPPED,
        };
        if (g && !OGR_G_IsEmpty(g)) {
            ev.has_point = 1;
            ev.lon = OGR_G_GetX(g, 0);
            ev.lat = OGR_G_GetY(g, 0);
        }
        const char *eid = ev.event_id ? strrchr(ev.event_id, '#') : NULL;
        ev.index = eid ? atoi(eid + 1) : 0;
        if (!ev.has_point || !ev.event_date)
            ev.status = !ev.has_point ? KH_EVENT_UNLOCATED : KH_EVENT_UNDATED;
        if (ev.geo_precision < 0)
            ev.geo_precision = 0;
        rc = fn(&ev, ctx);
        OGR_F_Destroy(f);
    }
    OGR_L_SetAttributeFilter(s->events, NULL);
out:
    out_gdal_end();
    return rc;
}

struct agg_ctx {
    kh_agg **aggs;
    size_t n;
    kh_error *err;
};

static int add_to_aggs(const kh_event *ev, void *p)
{
    struct agg_ctx *c = p;
    for (size_t i = 0; i < c->n; i++) {
        int rc = kh_agg_add_event(c->aggs[i], ev, c->err);
        if (rc)
            return rc;
    }
    return 0;
}

kh_agg *kh_store_aggregate(kh_store *s, int by, const char *from, const char *to, kh_error *err)
{
    kh_agg *a = kh_agg_new(by);
    if (!a) {
        kh_error_set(err, KH_E_USAGE, "unknown period %d", by);
        return NULL;
    }
    kh_agg_count_cumulative(a, s->count_cumulative);
    struct agg_ctx c = { &a, 1, err };
    if (kh_store_each_event(s, from, to, add_to_aggs, &c, err) != 0) {
        kh_agg_free(a);
        return NULL;
    }
    return a;
}

/* ---- Closing ----------------------------------------------------------------------------- */

/* AGGS[0..3) get the store's events aggregated by day, week and month: s->aggs when they
 * were kept (see struct kh_store), else counted from `events`. 0 or an error code. */
static int period_totals(kh_store *s, kh_agg **aggs, kh_error *err)
{
    int kept = s->aggs_ok;
    for (int i = 0; i < 3; i++) {
        aggs[i] = kept ? s->aggs[i] : NULL;
        s->aggs[i] = NULL;
        if (!aggs[i] && !(aggs[i] = kh_agg_new(KH_BY_DAY + i)))
            return kh_error_set(err, KH_E_NOMEM, "out of memory");
        kh_agg_count_cumulative(aggs[i], s->count_cumulative);
    }
    s->aggs_ok = 0;
    if (kept)
        return 0;
    struct agg_ctx c = { aggs, 3, err };
    return kh_store_each_event(s, NULL, NULL, add_to_aggs, &c, err);
}

/* Recompute the period layers from `events`, in one transaction. */
static int recompute(kh_store *s, kh_error *err)
{
    kh_agg *aggs[3] = { NULL, NULL, NULL };
    int rc = period_totals(s, aggs, err);
    if (rc)
        goto out;
    out_gdal_begin();
    if (GDALDatasetStartTransaction(s->ds, FALSE) != OGRERR_NONE) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot start a transaction: %s", s->path,
                          out_gdal_msg("unknown GDAL error"));
        goto out_gdal;
    }
    for (int i = 0; i < 3 && !rc; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "DELETE FROM %s", period_layers[i]);
        CPLErrorReset();
        OGRLayerH r = GDALDatasetExecuteSQL(s->ds, sql, NULL, NULL);
        if (r)
            GDALDatasetReleaseResultSet(s->ds, r);
        if (CPLGetLastErrorType() >= CE_Failure)
            rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot clear %s: %s", s->path,
                              period_layers[i], out_gdal_msg("unknown GDAL error"));
        else
            rc = out_write_cells(s->places[i], aggs[i], err);
    }
    if (rc)
        GDALDatasetRollbackTransaction(s->ds);
    else if (GDALDatasetCommitTransaction(s->ds) != OGRERR_NONE)
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot commit: %s", s->path,
                          out_gdal_msg("unknown GDAL error"));
out_gdal:
    out_gdal_end();
out:
    for (int i = 0; i < 3; i++)
        kh_agg_free(aggs[i]);
    return rc;
}

/* Free the features kept for writing (before their dataset is closed). */
static void drop_features(kh_store *s)
{
    OGRFeatureH *f[] = { &s->ev_f, &s->ul_f, &s->dc_f };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (*f[i])
            OGR_F_Destroy(*f[i]);
        *f[i] = NULL;
    }
}

static void store_free(kh_store *s)
{
    drop_aggs(s);
    drop_features(s);
    if (s->new_ids)
        CPLHashSetDestroy(s->new_ids);
    free(s->path);
    free(s);
}

/* The cells of the kept aggregations (struct kh_store), made in a thread of their own while
 * GDAL builds the indexes of a new store: the two are most of what closing takes, and touch
 * nothing in common. kh_agg_cells keeps them for out_write_cells (or, when memory ran out,
 * that tries again and says so). */
static void *make_cells(void *aggs)
{
    for (int i = 0; i < 3; i++) {
        size_t n;
        if (((kh_agg **)aggs)[i])
            kh_agg_cells(((kh_agg **)aggs)[i], &n, NULL);
    }
    return NULL;
}

int kh_store_close(kh_store *s, kh_error *err)
{
    int rc = 0;
    if (!s)
        return 0;
    if (s->mode != KH_STORE_UPDATE) {
        kh_store_abort(s);
        return 0;
    }
    pthread_t cells;
    int counting = s->aggs_ok && s->unindexed &&
                   pthread_create(&cells, NULL, make_cells, s->aggs) == 0;
    out_gdal_begin();
    rc = create_indexes(s, err);
    out_gdal_end();
    if (counting)
        pthread_join(cells, NULL);
    if (rc || (rc = recompute(s, err)) != 0)
        goto fail;
    out_gdal_begin();
    rc = out_style_store(s->ds, s->path, err);      /* opens styled in QGIS */
    out_gdal_end();
    if (rc)
        goto fail;
    out_gdal_begin();
    CPLErrorReset();
    drop_features(s);
    GDALClose(s->ds);
    s->ds = NULL;
    if (CPLGetLastErrorType() >= CE_Failure) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: %s", s->path, out_gdal_msg("cannot finish writing"));
        out_gdal_end();
        goto fail;
    }
    out_gdal_end();
    /* SQLite ran without syncing (fast_sqlite): make the whole file durable before it replaces
     * the old store. */
    int fd = open(kh_atomic_tmppath(s->at), O_RDONLY);
    if (fd < 0 || fsync(fd) != 0) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot sync: %s", s->path, strerror(errno));
        if (fd >= 0)
            close(fd);
        goto fail;
    }
    close(fd);
    rc = kh_atomic_commit(s->at, err);
    s->at = NULL;
    store_free(s);
    return rc;
fail:
    kh_store_abort(s);
    return rc;
}

void kh_store_abort(kh_store *s)
{
    if (!s)
        return;
    if (s->ds) {
        out_gdal_begin();
        drop_features(s);
        GDALClose(s->ds);
        out_gdal_end();
    }
    if (s->at) {
        /* SQLite may have left a journal beside the copy */
        char j[4096];
        snprintf(j, sizeof j, "%s-journal", kh_atomic_tmppath(s->at));
        unlink(j);
        kh_atomic_abort(s->at);
    }
    store_free(s);
}
