/* Exporting store layers and aggregates to any GDAL vector format (GeoJSON RFC 7946, CSV with
 * .csvt, GPKG, FlatGeobuf, KML, …), atomically and with spreadsheet formulas neutralised. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>

#include "output/output_int.h"

static pthread_once_t registered = PTHREAD_ONCE_INIT;

static void register_all(void)
{
    GDALAllRegister();
}

void out_gdal_begin(void)
{
    pthread_once(&registered, register_all);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
}

void out_gdal_end(void)
{
    CPLPopErrorHandler();
}

const char *out_gdal_msg(const char *fallback)
{
    const char *m = CPLGetLastErrorMsg();
    return m && *m ? m : fallback;
}

OGRSpatialReferenceH out_wgs84(void)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    if (srs && OSRImportFromEPSG(srs, 4326) != OGRERR_NONE) {
        OSRRelease(srs);
        return NULL;
    }
    if (srs)
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

static int can_create_vector(GDALDriverH d)
{
    return d && CSLFetchBoolean(GDALGetMetadata(d, NULL), GDAL_DCAP_VECTOR, FALSE) &&
           CSLFetchBoolean(GDALGetMetadata(d, NULL), GDAL_DCAP_CREATE, FALSE);
}

/* Whether the space-separated list LIST holds EXT (case-insensitive). */
static int ext_in(const char *list, const char *ext)
{
    size_t n = strlen(ext);
    for (const char *p = list; p && *p;) {
        while (*p == ' ')
            p++;
        size_t w = strcspn(p, " ");
        if (w == n && strncasecmp(p, ext, n) == 0)
            return 1;
        p += w;
    }
    return 0;
}

int kh_export_format(const char *path, const char *format, char *name, size_t size, kh_error *err)
{
    GDALDriverH d = NULL;
    int rc = 0;
    out_gdal_begin();
    if (format) {
        d = GDALGetDriverByName(format);
        if (!can_create_vector(d)) {
            rc = kh_error_set(err, KH_E_USAGE, "format '%s': GDAL has no vector driver by that "
                              "name that can create files (try GeoJSON, GPKG, CSV, FlatGeobuf, "
                              "KML; 'ogrinfo --formats' lists them)", format);
            goto out;
        }
    } else {
        const char *base = path ? strrchr(path, '/') : NULL;
        base = base ? base + 1 : path ? path : "";
        const char *dot = strrchr(base, '.');
        if (!dot || !dot[1]) {
            rc = kh_error_set(err, KH_E_USAGE, "%s: cannot tell the format from the file name; "
                              "give --format", path ? path : "-");
            goto out;
        }
        const char *ext = dot + 1;
        /* Common extensions first: several drivers claim "json" or "csv". */
        static const char *const pref[][2] = {
            { "geojson", "GeoJSON" }, { "json", "GeoJSON" }, { "gpkg", "GPKG" },
            { "csv", "CSV" }, { "fgb", "FlatGeobuf" }, { "kml", "KML" },
            { "shp", "ESRI Shapefile" }, { "geojsonl", "GeoJSONSeq" },
            { "geojsons", "GeoJSONSeq" }, { "sqlite", "SQLite" }, { "gml", "GML" },
        };
        for (size_t i = 0; i < sizeof pref / sizeof pref[0] && !d; i++)
            if (strcasecmp(ext, pref[i][0]) == 0)
                d = GDALGetDriverByName(pref[i][1]);
        for (int i = 0; !can_create_vector(d) && i < GDALGetDriverCount(); i++) {
            GDALDriverH c = GDALGetDriver(i);
            const char *exts = GDALGetMetadataItem(c, GDAL_DMD_EXTENSIONS, NULL);
            if (!exts)
                exts = GDALGetMetadataItem(c, GDAL_DMD_EXTENSION, NULL);
            if (can_create_vector(c) && ext_in(exts, ext))
                d = c;
        }
        if (!can_create_vector(d)) {
            rc = kh_error_set(err, KH_E_USAGE, "%s: no GDAL vector driver writes '.%s' files; "
                              "give --format", path, ext);
            goto out;
        }
    }
    snprintf(name, size, "%s", GDALGetDriverShortName(d));
out:
    out_gdal_end();
    return rc;
}

/* Spreadsheets run cells that start like a formula: '=1+2', '+1', '-1', '@SUM(…)'. */
static int needs_neutralising(const char *s)
{
    return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
}

/* The temporary path without its extension, or the path when it has none: sidecar files
 * (x.csvt beside x.csv, x.dbf beside x.shp) share it. malloc'd. */
char *out_path_stem(const char *p)
{
    const char *slash = strrchr(p, '/'), *base = slash ? slash + 1 : p;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - p) : strlen(p);
    return strndup(p, n);
}

/* Rename (or, with FINAL NULL, remove) the sidecars GDAL wrote beside TMP. */
static int move_sidecars(const char *tmp, const char *final, kh_error *err)
{
    int rc = 0;
    char *ts = out_path_stem(tmp), *fs = final ? out_path_stem(final) : NULL;
    char *dir = strdup(tmp);
    DIR *dh = NULL;
    if (!ts || !dir || (final && !fs)) {
        rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto out;
    }
    char *slash = strrchr(dir, '/');
    const char *tbase = strrchr(ts, '/') ? strrchr(ts, '/') + 1 : ts;
    if (slash)
        *slash = '\0';
    dh = opendir(slash ? (*dir ? dir : "/") : ".");
    if (!dh)
        goto out;
    size_t tn = strlen(tbase);
    const char *main_base = strrchr(tmp, '/') ? strrchr(tmp, '/') + 1 : tmp;
    for (struct dirent *de; (de = readdir(dh));) {
        if (strncmp(de->d_name, tbase, tn) != 0 || de->d_name[tn] != '.' ||
            strcmp(de->d_name, main_base) == 0)
            continue;
        char from[4096], to[4096];
        snprintf(from, sizeof from, "%s%s%s", slash ? dir : "", slash ? "/" : "", de->d_name);
        if (!final) {
            unlink(from);
            continue;
        }
        snprintf(to, sizeof to, "%s%s", fs, de->d_name + tn);
        if (rename(from, to) != 0 && !rc)
            rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot replace: %s", to, strerror(errno));
    }
out:
    if (dh)
        closedir(dh);
    free(ts);
    free(fs);
    free(dir);
    return rc;
}

/* Read back what the driver wrote: some drop features they cannot represent without an
 * error. Returns 0 or KH_E_OUTPUT. */
static int verify(const char *tmp, const char *drvname, const char *name, long written,
                  const char *path, kh_error *err)
{
    /* any reader: GDAL's KML writer output is best read by LIBKML */
    GDALDatasetH ds = GDALOpenEx(tmp, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return kh_error_set(err, KH_E_OUTPUT, "%s: the %s file written cannot be read back: %s",
                            path, drvname, out_gdal_msg("unknown GDAL error"));
    OGRLayerH l = GDALDatasetGetLayerByName(ds, name);
    if (!l && GDALDatasetGetLayerCount(ds) == 1)
        l = GDALDatasetGetLayer(ds, 0);     /* drivers that name the layer after the file */
    long n = l ? (long)OGR_L_GetFeatureCount(l, TRUE) : -1;
    GDALClose(ds);
    if (n != written)
        return kh_error_set(err, KH_E_OUTPUT, "%s: %s kept %ld of %ld features of %s", path,
                            drvname, n, written, name);
    return 0;
}

/* Set the .csvt type of the columns IS_DATE marks (after SKIP geometry columns) back to Date
 * (see the CSV case of out_copy_layer). */
static int fix_csvt(const char *tmp, int skip, const int *is_date, int nf, const char *path,
                    kh_error *err)
{
    int rc = 0, any = 0;
    for (int i = 0; i < nf; i++)
        any |= is_date[i];
    if (!any)
        return 0;
    char *st = out_path_stem(tmp), *name = NULL, line[8192], out[8192];
    FILE *fp = NULL;
    if (!st || !(name = malloc(strlen(st) + 8))) {
        rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto out;
    }
    sprintf(name, "%s.csvt", st);
    if (!(fp = fopen(name, "r")) || !fgets(line, sizeof line, fp)) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: GDAL wrote no .csvt", path);
        goto out;
    }
    fclose(fp);
    fp = NULL;
    line[strcspn(line, "\r\n")] = '\0';
    size_t o = 0;
    int col = 0;
    for (char *save = NULL, *t = strtok_r(line, ",", &save); t; t = strtok_r(NULL, ",", &save), col++) {
        int f = col - skip;
        const char *ty = f >= 0 && f < nf && is_date[f] ? "Date" : t;
        o += (size_t)snprintf(out + o, o < sizeof out ? sizeof out - o : 0, "%s%s", col ? "," : "", ty);
    }
    if (o >= sizeof out || !(fp = fopen(name, "w")) || fprintf(fp, "%s\n", out) < 0) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot write its .csvt", path);
        goto out;
    }
out:
    if (fp && fclose(fp) != 0 && !rc)
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot write its .csvt: %s", path, strerror(errno));
    free(st);
    free(name);
    return rc;
}

int out_copy_layer(OGRLayerH src, const char *name, const char *path, const char *format,
                   const char *attr_filter, long *count, kh_error *err)
{
    char drvname[64];
    int rc = 0, to_stdout = strcmp(path, "-") == 0;
    kh_atomic *at = NULL;
    GDALDatasetH ds = NULL;
    char **lco = NULL, **dsco = NULL;
    OGRSpatialReferenceH srs = NULL;
    OGRFeatureH sf = NULL;
    int *map = NULL, *is_date = NULL;
    long written = 0;

    if (count)
        *count = 0;
    if ((rc = kh_export_format(to_stdout ? NULL : path, to_stdout && !format ? "GeoJSON" : format,
                               drvname, sizeof drvname, err)) != 0)
        return rc;
    out_gdal_begin();
    GDALDriverH drv = GDALGetDriverByName(drvname);
    const char *target = "/vsistdout/";
    if (!to_stdout) {
        /* GDAL would read a pipe such as /dev/stdout before writing it, and wait forever */
        struct stat st;
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
            rc = kh_error_set(err, KH_E_OUTPUT, "%s: not a regular file: layers are written to "
                              "files ('-o -' writes to stdout)", path);
            goto out;
        }
        if (!(at = kh_atomic_open(path, err))) {
            rc = err ? err->code : KH_E_OUTPUT;
            goto out;
        }
        target = kh_atomic_tmppath(at);
    }
    OGRFeatureDefnH sdefn = OGR_L_GetLayerDefn(src);
    OGRwkbGeometryType gt = OGR_FD_GetGeomType(sdefn);
    int is_csv = strcasecmp(drvname, "CSV") == 0;
    const char *types = GDALGetMetadataItem(drv, GDAL_DMD_CREATIONFIELDDATATYPES, NULL);
    int date_as_text = is_csv || (types && !ext_in(types, "Date"));
    int neutralise = is_csv || strcasecmp(drvname, "XLSX") == 0 || strcasecmp(drvname, "ODS") == 0;
    if (strcasecmp(drvname, "GeoJSON") == 0 || strcasecmp(drvname, "GeoJSONSeq") == 0) {
        lco = CSLSetNameValue(lco, "RFC7946", "YES");
        lco = CSLSetNameValue(lco, "COORDINATE_PRECISION", "6");
    } else if (strcasecmp(drvname, "KML") == 0 || strcasecmp(drvname, "LIBKML") == 0) {
        /* the place name (or document id) as each placemark's label */
        const char *label = OGR_FD_GetFieldIndex(sdefn, "name_ar") >= 0 ? "name_ar" : "doc_id";
        dsco = CSLSetNameValue(dsco, "NameField", label);
    } else if (is_csv) {
        if (gt != wkbNone)
            lco = CSLSetNameValue(lco, "GEOMETRY", "AS_XY");
        lco = CSLSetNameValue(lco, "CREATE_CSVT", "YES");
        /* quote strings when the CSV syntax needs it; the .csvt says which columns are numbers */
        lco = CSLSetNameValue(lco, "STRING_QUOTING", "IF_NEEDED");
    }
    if (gt == wkbNone && strcasecmp(drvname, "FlatGeobuf") == 0) {
        /* GDAL's FlatGeobuf writer skips features without geometry */
        rc = kh_error_set(err, KH_E_USAGE, "%s: FlatGeobuf cannot hold layer %s (it has no "
                          "geometry); use GPKG, CSV or GeoJSON", path, name);
        goto out;
    }
    ds = GDALCreate(drv, target, 0, 0, 0, GDT_Unknown, dsco);
    if (!ds) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot create %s file: %s", path, drvname,
                          out_gdal_msg("unknown GDAL error"));
        goto out;
    }
    OGRSpatialReferenceH ssrs = OGR_L_GetSpatialRef(src);
    srs = gt != wkbNone ? (ssrs ? OSRClone(ssrs) : out_wgs84()) : NULL;
    if (srs)
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayerH dst = GDALDatasetCreateLayer(ds, name, srs, gt, lco);
    if (!dst) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot create layer %s: %s", path, name,
                          out_gdal_msg("the format may not support it"));
        goto out;
    }
    int nf = OGR_FD_GetFieldCount(sdefn);
    map = calloc(nf ? (size_t)nf : 1, sizeof *map);
    is_date = calloc(nf ? (size_t)nf : 1, sizeof *is_date);
    if (!map || !is_date) {
        rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto out;
    }
    int before = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(dst));
    for (int i = 0; i < nf; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(sdefn, i);
        OGRErr e;
        if (date_as_text && OGR_Fld_GetType(fd) == OFTDate) {
            /* GDAL 3.6's CSV and KML writers print Date fields as 2018/06/07: write ISO text
             * (and restore the column type in the .csvt afterwards, fix_csvt). */
            OGRFieldDefnH sd = OGR_Fld_Create(OGR_Fld_GetNameRef(fd), OFTString);
            e = OGR_L_CreateField(dst, sd, TRUE);
            OGR_Fld_Destroy(sd);
            is_date[i] = 1;
        } else
            e = OGR_L_CreateField(dst, fd, TRUE);
        int after = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(dst));
        /* Drivers may have fields of their own (KML: Name, Description) and may shorten names
         * (Shapefile): the new field is the last one, else look it up by name. */
        map[i] = after > before ? after - 1
                                : OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(dst), OGR_Fld_GetNameRef(fd));
        before = after;
        if (e != OGRERR_NONE || map[i] < 0) {
            rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot create field %s: %s", path,
                              OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(sdefn, i)),
                              out_gdal_msg("unknown GDAL error"));
            goto out;
        }
    }
    OGRFeatureDefnH ddefn = OGR_L_GetLayerDefn(dst);
    /* a QGIS style for the point layers, unless the format has its own (KML) or none */
    int styled = at && out_style_applies(sdefn) && !is_csv && !neutralise &&
                 strcasecmp(drvname, "KML") != 0 && strcasecmp(drvname, "LIBKML") != 0;
    int ikilled = OGR_FD_GetFieldIndex(sdefn, "killed");
    int icum = OGR_FD_GetFieldIndex(sdefn, "cumulative");     /* running totals: not sized */
    long kmax = 0;
    int in_tx = GDALDatasetStartTransaction(ds, FALSE) == OGRERR_NONE;
    if (OGR_L_SetAttributeFilter(src, attr_filter) != OGRERR_NONE) {
        rc = kh_error_set(err, KH_E_USAGE, "bad filter '%s': %s", attr_filter ? attr_filter : "",
                          out_gdal_msg("unknown GDAL error"));
        goto out;
    }
    OGR_L_ResetReading(src);
    while ((sf = OGR_L_GetNextFeature(src))) {
        OGRFeatureH df = OGR_F_Create(ddefn);
        if (!df || OGR_F_SetFromWithMap(df, sf, TRUE, map) != OGRERR_NONE) {
            if (df)
                OGR_F_Destroy(df);
            rc = kh_error_set(err, KH_E_OUTPUT, "%s: %s", path, out_gdal_msg("cannot copy feature"));
            goto out;
        }
        for (int i = 0; date_as_text && i < nf; i++) {
            int y, m, d, h, mi, tz;
            float sec;
            if (is_date[i] && OGR_F_IsFieldSetAndNotNull(sf, i) &&
                OGR_F_GetFieldAsDateTimeEx(sf, i, &y, &m, &d, &h, &mi, &sec, &tz))
                OGR_F_SetFieldString(df, map[i], CPLSPrintf("%04d-%02d-%02d", y, m, d));
        }
        for (int i = 0; neutralise && i < nf; i++) {
            if (is_date[i])
                continue;
            int j = map[i];
            if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(ddefn, j)) != OFTString ||
                !OGR_F_IsFieldSetAndNotNull(df, j))
                continue;
            const char *v = OGR_F_GetFieldAsString(df, j);
            if (needs_neutralising(v)) {
                char *nv = CPLStrdup(CPLSPrintf("'%s", v));
                OGR_F_SetFieldString(df, j, nv);
                CPLFree(nv);
            }
        }
        if (ikilled >= 0 && !(icum >= 0 && OGR_F_GetFieldAsInteger(sf, icum)) &&
            OGR_F_GetFieldAsInteger64(sf, ikilled) > kmax)
            kmax = (long)OGR_F_GetFieldAsInteger64(sf, ikilled);
        OGRErr e = OGR_L_CreateFeature(dst, df);
        OGR_F_Destroy(df);
        OGR_F_Destroy(sf);
        sf = NULL;
        if (e != OGRERR_NONE) {
            rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot write feature: %s", path,
                              out_gdal_msg("unknown GDAL error"));
            goto out;
        }
        written++;
    }
    if (in_tx && GDALDatasetCommitTransaction(ds) != OGRERR_NONE) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: %s", path, out_gdal_msg("cannot commit"));
        goto out;
    }
    if (styled) {
        char *qml = out_style_qml(sdefn, kmax);
        if (qml && strcasecmp(drvname, "GPKG") == 0)
            rc = out_style_gpkg(ds, name, qml, path, err);
        else if (qml)
            rc = out_style_sidecar(kh_atomic_tmppath(at), path, qml, err);
        CPLFree(qml);
        if (rc)
            goto out;
    }
    CPLErrorReset();
    GDALClose(ds);
    ds = NULL;
    if (CPLGetLastErrorType() >= CE_Failure) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: %s", path, out_gdal_msg("cannot finish writing"));
        goto out;
    }
    if (at && (rc = verify(kh_atomic_tmppath(at), drvname, name, written, path, err)) != 0)
        goto out;
    if (at && is_csv && (rc = fix_csvt(kh_atomic_tmppath(at), gt != wkbNone ? 2 : 0, is_date, nf,
                                       path, err)) != 0)
        goto out;
    if (at) {
        if ((rc = move_sidecars(kh_atomic_tmppath(at), path, err)) != 0)
            goto out;
        rc = kh_atomic_commit(at, err);
        at = NULL;
        if (rc)
            goto out;
    }
    if (count)
        *count = written;
out:
    OGR_L_SetAttributeFilter(src, NULL);
    if (sf)
        OGR_F_Destroy(sf);
    if (ds)
        GDALClose(ds);
    if (at) {
        move_sidecars(kh_atomic_tmppath(at), NULL, NULL);
        kh_atomic_abort(at);
    }
    if (srs)
        OSRRelease(srs);
    CSLDestroy(lco);
    CSLDestroy(dsco);
    free(map);
    free(is_date);
    out_gdal_end();
    return rc;
}

static const char *const layers[] = { "events", "places_day", "places_week", "places_month",
                                      "documents", "unlocated", NULL };

/* "'2018-01-01'" checked to be a date; 0 or KH_E_USAGE. */
static int check_date(const char *what, const char *d, kh_error *err)
{
    char l[16], s[16], e[16];
    if (d && kh_period_of(KH_BY_DAY, d, l, s, e, NULL) != 0)
        return kh_error_set(err, KH_E_USAGE, "%s '%s' is not a date (YYYY-MM-DD)", what, d);
    return 0;
}

int kh_export(const char *store, const char *layer, const char *path, const char *format,
              const char *from, const char *to, long *count, kh_error *err)
{
    int rc = 0;
    kh_store *s = NULL;
    char filter[160] = "";
    size_t i;
    for (i = 0; layers[i] && strcmp(layers[i], layer ? layer : "") != 0; i++)
        ;
    if (!layers[i])
        return kh_error_set(err, KH_E_USAGE, "no layer '%s' (events, places_day, places_week, "
                            "places_month, documents, unlocated)", layer ? layer : "");
    if ((rc = check_date("--from", from, err)) || (rc = check_date("--to", to, err)))
        return rc;
    /* The dates were checked to be YYYY-MM-DD, so they are safe to quote. */
    const char *lo = "event_date", *hi = "event_date";
    if (strcmp(layer, "documents") == 0)
        lo = hi = "pub_date";
    else if (strncmp(layer, "places_", 7) == 0)
        lo = "period_end", hi = "period_start";     /* the period overlaps [from, to] */
    if (from && to)
        snprintf(filter, sizeof filter, "%s >= '%s' AND %s <= '%s'", lo, from, hi, to);
    else if (from)
        snprintf(filter, sizeof filter, "%s >= '%s'", lo, from);
    else if (to)
        snprintf(filter, sizeof filter, "%s <= '%s'", hi, to);

    char drv[64];
    if ((rc = kh_export_format(strcmp(path, "-") ? path : NULL,
                               strcmp(path, "-") || format ? format : "GeoJSON", drv, sizeof drv, err)))
        return rc;
    if (!(s = kh_store_open(store, KH_STORE_READ, err)))
        return err ? err->code : KH_E_INPUT;
    out_gdal_begin();
    OGRLayerH l = GDALDatasetGetLayerByName(out_store_dataset(s), layer);
    out_gdal_end();
    if (!l) {
        rc = kh_error_set(err, KH_E_INPUT, "%s: no layer '%s'", store ? store : KH_STORE_DEFAULT, layer);
        goto out;
    }
    rc = out_copy_layer(l, layer, path, drv, *filter ? filter : NULL, count, err);
out:
    kh_store_abort(s);
    return rc;
}

int kh_export_agg(kh_agg *a, const char *path, const char *format, long *count, kh_error *err)
{
    int rc = 0;
    char name[32];
    snprintf(name, sizeof name, "places_%s", kh_period_name(kh_agg_by(a)));
    out_gdal_begin();
    GDALDatasetH mem = GDALCreate(GDALGetDriverByName("Memory"), "", 0, 0, 0, GDT_Unknown, NULL);
    out_gdal_end();
    if (!mem)
        return kh_error_set(err, KH_E_OUTPUT, "cannot create an in-memory layer: %s",
                            out_gdal_msg("unknown GDAL error"));
    OGRLayerH l = out_create_layer(mem, name, wkbPoint, out_place_fields, NULL, err);
    if (!l) {
        rc = err ? err->code : KH_E_OUTPUT;
        goto out;
    }
    if ((rc = out_write_cells(l, a, err)) != 0)
        goto out;
    rc = out_copy_layer(l, name, path, format, NULL, count, err);
out:
    GDALClose(mem);
    return rc;
}
