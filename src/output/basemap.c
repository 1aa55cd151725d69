/* The basemap under every map: countries, admin areas, rivers and lakes, read with OGR and
 * projected once. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>

#include "output/output_int.h"

enum { POLYGONS, LINES };

static void layer_free(out_bm_layer *L)
{
    for (size_t i = 0; i < L->nf; i++) {
        free(L->f[i].name_ar);
        free(L->f[i].name_en);
    }
    free(L->f);
    free(L->parts);
    free(L->xy);
}

void out_basemap_free(out_basemap *b)
{
    if (!b)
        return;
    layer_free(&b->countries);
    layer_free(&b->admin);
    layer_free(&b->rivers);
    layer_free(&b->lakes);
    free(b);
}

/* Add one ring or line (degrees) as a part, projected. */
static int add_part(out_bm_layer *L, out_proj *p, OGRGeometryH line, int hole, kh_error *err)
{
    int n = OGR_G_GetPointCount(line);
    if (n < 2)
        return 0;
    if (out_grow((void **)&L->xy, &L->cappts, (L->npts + (size_t)n) * 2, sizeof *L->xy) ||
        out_grow((void **)&L->parts, &L->capparts, L->nparts + 1, sizeof *L->parts))
        return kh_error_set(err, KH_E_NOMEM, "basemap: out of memory");
    double *xy = L->xy + L->npts * 2;
    OGR_G_GetPoints(line, xy, 2 * sizeof(double), xy + 1, 2 * sizeof(double), NULL, 0);
    int rc = out_proj_fwd(p, xy, xy + 1, 2, (size_t)n, err);
    if (rc)
        return rc;
    L->parts[L->nparts++] = (out_bm_part){ L->npts, (size_t)n, hole };
    L->npts += (size_t)n;
    return 0;
}

static int add_geometry(out_bm_layer *L, out_proj *p, OGRGeometryH g, int kind, kh_error *err)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    int rc = 0;
    switch (t) {
    case wkbPolygon:
        if (kind != POLYGONS)
            return 0;
        for (int i = 0; i < OGR_G_GetGeometryCount(g) && !rc; i++)
            rc = add_part(L, p, OGR_G_GetGeometryRef(g, i), i > 0, err);
        return rc;
    case wkbLineString:
        return kind == LINES ? add_part(L, p, g, 0, err) : 0;
    case wkbMultiPolygon:
    case wkbMultiLineString:
    case wkbGeometryCollection:
        for (int i = 0; i < OGR_G_GetGeometryCount(g) && !rc; i++)
            rc = add_geometry(L, p, OGR_G_GetGeometryRef(g, i), kind, err);
        return rc;
    default:
        return 0;
    }
}

static char *field_dup(OGRFeatureH f, int i)
{
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    const char *s = OGR_F_GetFieldAsString(f, i);
    return s && *s ? strdup(s) : NULL;
}

static int first_field(OGRFeatureDefnH defn, const char *const *names)
{
    for (; *names; names++) {
        int i = OGR_FD_GetFieldIndex(defn, *names);
        if (i >= 0)
            return i;
    }
    return -1;
}

/* Where a label of feature G goes: a point on the part of G inside WINDOW (degrees), and the
 * size of that part in metres. */
static void label_point(out_bm_feature *F, out_proj *p, OGRGeometryH g, OGRGeometryH window)
{
    OGRGeometryH vis = OGR_G_Intersection(g, window);
    OGRGeometryH use = vis && !OGR_G_IsEmpty(vis) ? vis : NULL;
    if (use) {
        /* The centroid when it falls inside (middle of a strip of Turkey along the border),
         * else some point surely inside. */
        OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
        if (OGR_G_Centroid(use, pt) != OGRERR_NONE || !OGR_G_Within(pt, use)) {
            OGR_G_DestroyGeometry(pt);
            pt = OGR_G_PointOnSurface(use);
        }
        if (pt && !OGR_G_IsEmpty(pt) &&
            out_proj_point(p, OGR_G_GetX(pt, 0), OGR_G_GetY(pt, 0), &F->lx, &F->ly) == 0) {
            OGREnvelope e;
            OGR_G_GetEnvelope(use, &e);
            double x0, y0, x1, y1;
            double mid = (e.MinY + e.MaxY) / 2;
            if (out_proj_point(p, e.MinX, mid, &x0, &y0) == 0 &&
                out_proj_point(p, e.MaxX, mid, &x1, &y1) == 0) {
                F->vis_w = fabs(x1 - x0);
                double cx = (e.MinX + e.MaxX) / 2;
                if (out_proj_point(p, cx, e.MinY, &x0, &y0) == 0 &&
                    out_proj_point(p, cx, e.MaxY, &x1, &y1) == 0) {
                    F->vis_h = fabs(y1 - y0);
                    F->has_label = 1;
                }
            }
        }
        if (pt)
            OGR_G_DestroyGeometry(pt);
    }
    if (vis)
        OGR_G_DestroyGeometry(vis);
}

/* Which fields label a layer. */
typedef struct label_fields {
    const char *const *ar, *const *en;
    const char *both;      /* one field for both languages (--admin-name) */
} label_fields;

static int load_layer(out_bm_layer *L, const char *path, int kind, const label_fields *lf,
                      out_proj *p, OGRGeometryH window, kh_error *err)
{
    int rc = 0;
    OGRCoordinateTransformationH ct = NULL;
    OGRSpatialReferenceH wgs = NULL;
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        const char *m = CPLGetLastErrorMsg();
        return kh_error_set(err, KH_E_INPUT, "%s: cannot read: %s", path,
                            m && *m ? m : "not a vector file GDAL knows");
    }
    if (GDALDatasetGetLayerCount(ds) < 1) {
        rc = kh_error_set(err, KH_E_INPUT, "%s: has no layers", path);
        goto out;
    }
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int iar = -1, ien = -1;
    if (lf && lf->both) {
        iar = ien = OGR_FD_GetFieldIndex(defn, lf->both);
        if (iar < 0) {
            rc = kh_error_set(err, KH_E_USAGE, "%s: no field '%s' for the area names", path,
                              lf->both);
            goto out;
        }
    } else if (lf) {
        iar = first_field(defn, lf->ar);
        ien = first_field(defn, lf->en);
    }
    int ilevel = OGR_FD_GetFieldIndex(defn, "level");
    int iname = OGR_FD_GetFieldIndex(defn, "name_en");

    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    if (srs && !OSRIsSame(srs, wgs)) {
        ct = OCTNewCoordinateTransformation(srs, wgs);
        if (!ct) {
            const char *m = CPLGetLastErrorMsg();
            rc = kh_error_set(err, KH_E_INPUT, "%s: cannot convert to WGS 84: %s", path,
                              m && *m ? m : "unknown reference system");
            goto out;
        }
    }
    OGREnvelope we;
    OGR_G_GetEnvelope(window, &we);

    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (!g || OGR_G_IsEmpty(g)) {
            OGR_F_Destroy(f);
            continue;
        }
        if (ct && OGR_G_Transform(g, ct) != OGRERR_NONE) {
            OGR_F_Destroy(f);
            continue;
        }
        OGREnvelope e;
        OGR_G_GetEnvelope(g, &e);
        if (e.MaxX < we.MinX || e.MinX > we.MaxX || e.MaxY < we.MinY || e.MinY > we.MaxY) {
            OGR_F_Destroy(f);
            continue;
        }
        if (out_grow((void **)&L->f, &L->capf, L->nf + 1, sizeof *L->f)) {
            OGR_F_Destroy(f);
            rc = kh_error_set(err, KH_E_NOMEM, "basemap: out of memory");
            goto out;
        }
        out_bm_feature *F = &L->f[L->nf++];
        memset(F, 0, sizeof *F);
        F->part0 = L->nparts;
        F->level = ilevel >= 0 ? OGR_F_GetFieldAsInteger(f, ilevel) : 0;
        F->name_ar = field_dup(f, iar);
        F->name_en = field_dup(f, ien);
        const char *en = iname >= 0 ? OGR_F_GetFieldAsString(f, iname) : "";
        F->is_syria = en && strcmp(en, "Syria") == 0;
        rc = add_geometry(L, p, g, kind, err);
        F->nparts = L->nparts - F->part0;
        if (!rc && kind == POLYGONS && (F->name_ar || F->name_en))
            label_point(F, p, g, window);
        OGR_F_Destroy(f);
        if (rc)
            goto out;
    }
out:
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (wgs)
        OSRRelease(wgs);
    GDALClose(ds);
    return rc;
}

/* The view's box in degrees, as a polygon (its edges densified: they curve in degrees). */
static OGRGeometryH view_window(out_proj *p, const out_view *v, kh_error *err)
{
    enum { N = 24 };
    double xy[4 * N * 2];
    double cx[4] = { v->x0, v->x1, v->x1, v->x0 }, cy[4] = { v->y0, v->y0, v->y1, v->y1 };
    for (int s = 0; s < 4; s++)
        for (int i = 0; i < N; i++) {
            double t = (double)i / N;
            xy[(s * N + i) * 2] = cx[s] + (cx[(s + 1) % 4] - cx[s]) * t;
            xy[(s * N + i) * 2 + 1] = cy[s] + (cy[(s + 1) % 4] - cy[s]) * t;
        }
    if (out_proj_inv(p, xy, xy + 1, 2, 4 * N, err))
        return NULL;
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    for (int i = 0; i < 4 * N; i++)
        OGR_G_AddPoint_2D(ring, xy[i * 2], xy[i * 2 + 1]);
    OGR_G_AddPoint_2D(ring, xy[0], xy[1]);
    OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
    OGR_G_AddGeometryDirectly(poly, ring);
    return poly;
}

static int load_data_layer(out_bm_layer *L, const char *name, int kind, const label_fields *lf,
                           out_proj *p, OGRGeometryH window, kh_error *err)
{
    char rel[128];
    snprintf(rel, sizeof rel, "basemaps/%s", name);
    char *path = kh_data_find(rel, err);
    if (!path)
        return err ? err->code : KH_E_INPUT;
    int rc = load_layer(L, path, kind, lf, p, window, err);
    free(path);
    return rc;
}

out_basemap *out_basemap_load(out_proj *p, const out_view *v, const char *admin_path,
                              const char *admin_name, kh_error *err)
{
    static const char *const ar[] = { "name_ar", "NAME_AR", "ADM1_AR", "admin1Name_ar",
                                      "adm1_name_ar", NULL };
    static const char *const en[] = { "name_en", "NAME_EN", "ADM1_EN", "admin1Name_en",
                                      "shapeName", "name", "NAME", "NAME_1", NULL };
    label_fields named = { ar, en, NULL };
    label_fields user = { ar, en, admin_name };
    out_basemap *b = calloc(1, sizeof *b);
    OGRGeometryH window = NULL;
    int rc = 0;
    if (!b) {
        kh_error_set(err, KH_E_NOMEM, "basemap: out of memory");
        return NULL;
    }
    out_gdal_begin();
    window = view_window(p, v, err);
    if (!window) {
        rc = KH_E_INPUT;
        goto out;
    }
    if ((rc = load_data_layer(&b->countries, "countries.geojson", POLYGONS, &named, p, window,
                              err)))
        goto out;
    if (admin_path) {
        b->user_admin = 1;
        rc = load_layer(&b->admin, admin_path, POLYGONS, &user, p, window, err);
    } else {
        rc = load_data_layer(&b->admin, "governorates.geojson", POLYGONS, &named, p, window,
                             err);
    }
    if (rc)
        goto out;
    if ((rc = load_data_layer(&b->lakes, "lakes.geojson", POLYGONS, NULL, p, window, err)))
        goto out;
    rc = load_data_layer(&b->rivers, "rivers.geojson", LINES, NULL, p, window, err);
out:
    if (window)
        OGR_G_DestroyGeometry(window);
    out_gdal_end();
    if (rc) {
        out_basemap_free(b);
        return NULL;
    }
    return b;
}
