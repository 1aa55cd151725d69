/* Internals of src/output shared by its parts: GDAL set-up and error translation, the layer
 * schemas of the event store, and copying a layer into any GDAL vector format. */
#ifndef KHARITA_OUTPUT_INT_H
#define KHARITA_OUTPUT_INT_H

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "kharita/kharita.h"

/* Make room for NEED elements of ELEM bytes in *ARR (capacity *CAP, doubled as needed; both
 * updated). Returns 0, or -1 when out of memory (*ARR unchanged and still owned). */
int out_grow(void **arr, size_t *cap, size_t need, size_t elem);

/* ---- GDAL vector layers (export.c, store.c; read by map_data.c, basemap.c) ------------------ */

/* Register GDAL's drivers once and push a quiet error handler (the library never prints):
 * every out_gdal_begin is paired with out_gdal_end, which pops it. */
void out_gdal_begin(void);
void out_gdal_end(void);

/* GDAL's last error message, or FALLBACK when it has none. Borrowed from GDAL. */
const char *out_gdal_msg(const char *fallback);

/* EPSG:4326 with longitude first (OAMS_TRADITIONAL_GIS_ORDER). Release with OSRRelease. */
OGRSpatialReferenceH out_wgs84(void);

/* A field of a store layer. */
typedef struct out_field {
    const char *name;
    OGRFieldType type;
    OGRFieldSubType subtype;
} out_field;

/* The schemas of the store's layers (terminated by a NULL name); see store.h. */
extern const out_field out_event_fields[], out_unlocated_fields[], out_place_fields[],
    out_document_fields[];

/* Create layer NAME in DS with FIELDS (geometry wkbPoint or wkbNone, EPSG:4326). Returns the
 * layer or NULL with err set (KH_E_OUTPUT). */
OGRLayerH out_create_layer(GDALDatasetH ds, const char *name, OGRwkbGeometryType geom,
                           const out_field *fields, char **options, kh_error *err);

/* Write the cells of A into LAYER (created with out_place_fields). Returns 0 or KH_E_OUTPUT. */
int out_write_cells(OGRLayerH layer, kh_agg *a, kh_error *err);

/* The GDAL dataset of an open store. Borrowed. */
GDALDatasetH out_store_dataset(kh_store *s);

/* P without its extension ("out/events.geojson" -> "out/events"), malloc'd, or NULL when out
 * of memory: the name sidecar files (.csvt, .prj, .qml) share. */
char *out_path_stem(const char *p);

/* QGIS styles (style.c). out_style_applies: DEFN is a point layer with `killed` and a place
 * name, the layers kharita styles. out_style_qml: the style for it, circles scaled so that
 * KMAX killed is the largest (a CPLStrdup'd string to CPLFree), or NULL when it does not
 * apply. out_style_sidecar writes QML as DATA_PATH's .qml sidecar (QGIS's default style for
 * a file layer), unless FINAL_PATH has a .qml that is not kharita's; out_style_gpkg stores
 * it in the GeoPackage DS as LAYER's default style (layer_styles, replacing ours of before).
 * Both return 0 or KH_E_OUTPUT naming the output. */
int out_style_applies(OGRFeatureDefnH defn);
char *out_style_qml(OGRFeatureDefnH defn, long kmax);
int out_style_sidecar(const char *data_path, const char *final_path, const char *qml,
                      kh_error *err);
int out_style_gpkg(GDALDatasetH ds, const char *layer, const char *qml, const char *shown,
                   kh_error *err);
/* The default QGIS style of every point layer of the event store DS (its figures set the
 * scale), replacing the one of the previous run. Returns 0 or KH_E_OUTPUT naming SHOWN. */
int out_style_store(GDALDatasetH ds, const char *shown, kh_error *err);

/* Copy the features of SRC that pass ATTR_FILTER (an OGR SQL WHERE clause, or NULL) into a new
 * file PATH, as layer NAME in FORMAT (see kh_export_format). Written to a temporary file
 * (and sidecars) that replace PATH only once complete. *count gets the number of features. */
int out_copy_layer(OGRLayerH src, const char *name, const char *path, const char *format,
                   const char *attr_filter, long *count, kh_error *err);

/* ---- Maps and timelapse frames (map*.c, proj.c, basemap.c, render*.c, timelapse.c) ------ */

#include <cairo.h>
#include <pango/pangocairo.h>

#include "kharita/map.h"

/* The map projection: Lambert conformal conic for Syria (out_proj_definition), through PROJ.
 * One per thread. */
typedef struct out_proj out_proj;

const char *out_proj_definition(void);
out_proj *out_proj_new(kh_error *err);
void out_proj_free(out_proj *p);
/* Degrees -> metres (fwd) or back (inv), in place, for N points at x[i*stride], y[i*stride].
 * Returns 0 or KH_E_INPUT with PROJ's message. */
int out_proj_fwd(out_proj *p, double *x, double *y, size_t stride, size_t n, kh_error *err);
int out_proj_inv(out_proj *p, double *x, double *y, size_t stride, size_t n, kh_error *err);
/* One point, degrees -> metres; -1 when it cannot be projected. */
int out_proj_point(out_proj *p, double lon, double lat, double *x, double *y);

/* Days since 1970-01-01 of "YYYY-MM-DD" (or "YYYY/MM/DD", GDAL's spelling; anything after the
 * day is ignored). Returns 0, or -1 when S is not a calendar date. */
int out_day_parse(const char *s, long *day);
/* "YYYY-MM-DD" of DAY into BUF (11 bytes). */
void out_day_format(long day, char *buf);
/* The first day of the kh_period BY containing DAY (Monday of its ISO week, first of month). */
long out_period_start(int by, long day);
/* The first day of the next period after the one starting at START. */
long out_period_next(int by, long start);
/* The period's label as kh_period_of writes it ("2018-W19", "2018-05", "2018-05-07"). */
void out_period_label(int by, long start, char *buf, size_t size);

/* One place that has figures. Coordinates in degrees and projected metres. */
typedef struct out_mplace {
    char *id, *name_ar, *name_en;   /* "" when unknown, never NULL */
    double lon, lat, x, y;
    int coarse;                     /* a whole governorate or region (geo_precision 3): its
                                     * point is only a stand-in */
} out_mplace;

/* Figures of one place, one day (or period) and one group, already counted by the rules of
 * kharita/aggregate.h. */
typedef struct out_mrec {
    size_t place, group;            /* indexes into kh_map_data's places and groups */
    long day, day_end;              /* inclusive, days since 1970-01-01 */
    long killed, injured, events;   /* 0 when not stated */
} out_mrec;

struct kh_map_data {
    out_mplace *places;
    size_t nplaces, capplaces;
    size_t *place_hash;             /* open addressing: place index + 1, 0 empty */
    size_t hash_cap;
    char **groups;                  /* "" is "no group stated" */
    size_t ngroups, capgroups;
    out_mrec *recs;
    size_t nrecs, caprecs;
    char **rejected;
    size_t nrejected, caprejected;
    long unmapped;
    int jsonl;                      /* read as extract output */
    long documents;                 /* its documents (non-blank lines), rejected ones too */
};

/* One circle: the figures of a place over some days. */
typedef struct out_circle {
    size_t place;
    double x, y;                    /* projected metres */
    long killed, injured, events;
    size_t group;                   /* group with most killed (then injured), SIZE_MAX none */
} out_circle;

/* Sum the records of D with day in [FROM, TO] (LONG_MIN/LONG_MAX: open) whose group is set in
 * GROUPS (a byte per group; NULL: all) into one circle per place, biggest first. *out is
 * malloc'd (NULL when none). Returns the count, or -1 when out of memory. */
long out_collect(const kh_map_data *d, long from, long to, const unsigned char *groups,
                 out_circle **out);

/* How a set of circles is drawn. */
enum {
    OUT_STYLE_CURRENT,      /* coloured, labelled */
    OUT_STYLE_PAST,         /* an earlier frame: pale, outlined, fading with alpha */
    OUT_STYLE_TRACE,        /* places with events long before: small grey dots */
    OUT_STYLE_FRESH         /* cumulative frame: a ring round places with events in it */
};

typedef struct out_layer {
    out_circle *c;
    size_t n;
    int style;
    double alpha;
} out_layer;

#define OUT_MAX_LAYERS 8
#define OUT_PALETTE 8       /* group colours; more groups share "other" */

/* Everything drawn on one page besides the basemap. Strings are borrowed. */
typedef struct out_scene {
    const kh_map_data *data;
    const kh_map_opts *opts;
    out_layer layers[OUT_MAX_LAYERS];
    size_t nlayers;
    double kmax;                    /* killed drawn at the largest radius */
    long killed, injured;           /* totals shown in the subtitle */
    long places, outside;           /* places with figures; of them outside the view */
    const char *title;              /* user's title, or NULL */
    const char *period_ar, *period_en;  /* "من … إلى …" / "7 May – 3 June 2018" */
    const char *frame_ar, *frame_en;    /* timelapse: the period of the frame, or NULL */
    const int *group_slot;          /* palette slot per group, OUT_PALETTE for "other" */
    const size_t *legend_groups;    /* groups in the legend (by slot order) */
    size_t nlegend_groups;
    int other_groups;               /* some groups share the "other" colour */
    const long *timeline;           /* timelapse: killed per frame, or NULL */
    size_t ntimeline, timeline_cur;
    const char *timeline_first, *timeline_last;     /* labels under the timeline */
    const char *empty_note_ar, *empty_note_en;      /* "no events" message, or NULL */
    /* filled by out_render */
    long labelled;
} out_scene;

/* The page and where the map sits on it. Sizes are in points. */
typedef struct out_view {
    double W, H;
    double u;                       /* 1 from a 768x576 pt page up, less on smaller pages:
                                     * text and line sizes are multiples of it (points) */
    double mx, my, mw, mh;          /* the map frame on the page */
    double x0, y0, x1, y1;          /* the projected box (metres) the frame shows */
    double s;                       /* points per metre */
    double top_h, foot_h, tl_h;     /* title band, attribution band, timeline strip */
} out_view;

/* Lay out a page of W x H points (TIMELINE: leave room for a timeline strip) and fit the
 * projected box (x0, y0, x1, y1) into its map frame, growing the box to the frame's shape. */
void out_view_fit(out_view *v, double W, double H, int timeline, double x0, double y0,
                  double x1, double y1);

/* Project metres -> page points. */
static inline void out_view_pt(const out_view *v, double x, double y, double *px, double *py)
{
    *px = v->mx + (x - v->x0) * v->s;
    *py = v->my + (v->y1 - y) * v->s;
}

/* The basemap: countries, admin areas, rivers, lakes, in projected metres. */
typedef struct out_bm_feature {
    char *name_ar, *name_en;        /* label, or NULL */
    size_t part0, nparts;           /* rings (polygons) or lines, in the layer's parts */
    int level;                      /* rivers: GSHHG level (0 double-lined .. 4 minor) */
    int has_label;
    double lx, ly;                  /* label point inside the visible part */
    double vis_w, vis_h;            /* size of the visible part (metres), for labels */
    int is_syria;
} out_bm_feature;

typedef struct out_bm_part {
    size_t pt0, npts;               /* into xy (pairs) */
    int hole;
} out_bm_part;

typedef struct out_bm_layer {
    out_bm_feature *f;
    size_t nf, capf;
    out_bm_part *parts;
    size_t nparts, capparts;
    double *xy;
    size_t npts, cappts;
} out_bm_layer;

typedef struct out_basemap {
    out_bm_layer countries, admin, rivers, lakes;
    int user_admin;                 /* admin came from --admin-layer */
} out_basemap;

/* Read the basemap layers (kh_data_find "basemaps/…") and, when ADMIN_PATH is not NULL, the
 * user's admin layer (label field ADMIN_NAME, or name_ar/name_en/name…) instead of the
 * governorates, projected with P; features wholly outside the view V are dropped and label
 * points are chosen inside what V shows. Returns NULL with err set (KH_E_INPUT). */
out_basemap *out_basemap_load(out_proj *p, const out_view *v, const char *admin_path,
                              const char *admin_name, kh_error *err);
void out_basemap_free(out_basemap *b);

/* Text drawn on the page, kept for the SVG's searchable copy of the labels. */
typedef struct out_text {
    double x, y, size;
    int rtl;
    char *text;
} out_text;

typedef struct out_textlog {
    out_text *t;
    size_t n, cap;
} out_textlog;

void out_textlog_free(out_textlog *log);

/* Fonts. Families tried in order; fontconfig falls back for missing characters. */
#define OUT_FONT_AR "Noto Sans Arabic, Noto Naskh Arabic, Noto Sans, DejaVu Sans"
#define OUT_FONT_EN "Noto Sans, DejaVu Sans, Noto Sans Arabic"

/* Whether TEXT's first strong letter is right-to-left (Arabic, Hebrew, Syriac …). */
int out_text_rtl(const char *text);

/* A layout of TEXT (UTF-8, plain) in FAMILY at SIZE points and WEIGHT (PangoWeight). The
 * caller unrefs it. */
PangoLayout *out_text_layout(PangoContext *pc, const char *text, const char *family,
                             double size, int weight);

/* Check that FM has fonts for Arabic and Latin labels. *fallback is set when they are not
 * the Noto fonts kharita is designed with. Returns 0, or KH_E_INPUT with err set. */
int out_fonts_check(PangoFontMap *fm, int *fallback, kh_error *err);

/* The radius (points) of VALUE on view V when KMAX gets the largest one; 0 for 0. */
double out_radius(const out_view *v, double kmax, double value);

/* Round reference values for the size legend of a map whose largest circle is KMAX: up to 3,
 * largest first, each a 1-2-5 number no larger than KMAX and clearly apart. Returns the
 * count (1 when KMAX <= 1). */
int out_legend_values(double kmax, long vals[3]);

/* Draw the whole page (basemap, circles, labels, legend, title, scale bar, north arrow,
 * attribution) on CR with fonts from FM. LOG (may be NULL) gets the text drawn. Returns 0
 * or KH_E_OUTPUT (cairo's status) with err set. */
int out_render(cairo_t *cr, PangoFontMap *fm, out_proj *p, const out_view *v,
               const out_basemap *bm, out_scene *sc, out_textlog *log, kh_error *err);

/* Output formats by extension. */
enum { OUT_FMT_PNG, OUT_FMT_SVG, OUT_FMT_PDF };
/* The format of PATH, or -1 (err set, KH_E_USAGE). */
int out_format_of(const char *path, kh_error *err);

/* Render a page to PATH atomically in FORMAT: PNG at the view's size in points times
 * DPI/72, SVG and PDF in points. SVG gets a <title> and a hidden, searchable copy of the
 * text. Returns 0 or a KH_E_* with err set; on failure PATH is untouched. */
int out_render_file(const char *path, int format, double dpi, PangoFontMap *fm, out_proj *p,
                    const out_view *v, const out_basemap *bm, out_scene *sc, kh_error *err);

/* What a map or timelapse needs before drawing pages: checked options, selected groups,
 * group colours, fonts, the view and the basemap (map.c). */
typedef struct out_job {
    const kh_map_data *d;
    const kh_map_opts *o;
    long from, to;                  /* days; LONG_MIN / LONG_MAX when open */
    unsigned char *groups;          /* a byte per group: selected; NULL all */
    int *group_slot;                /* palette slot per group */
    size_t *legend_groups;
    size_t nlegend_groups;
    int other_groups;
    int format;                     /* OUT_FMT_* */
    double dpi;
    out_view view;
    out_basemap *bm;
    out_proj *proj;
    PangoFontMap *fm;
    int fallback_font;
    long first_day, last_day;       /* of the selected records; LONG_MAX/MIN when none */
} out_job;

/* Check O, select D's records, fit the view (TIMELINE: room for a timeline strip) and load
 * the basemap for output in FORMAT. Returns 0 or a KH_E_* with err set; free with
 * out_job_free in every case. */
int out_job_prepare(out_job *j, const kh_map_data *d, const kh_map_opts *o, int format,
                    int timeline, kh_error *err);
void out_job_free(out_job *j);

/* Fill the parts of SC that every page of J shares (data, options, colours). */
void out_job_scene(const out_job *j, out_scene *sc);

/* A date range as the title shows it: "من 7 إلى 13 أيار 2018" (ARABIC) or "7–13 May 2018". */
void out_range_text(long a, long b, int arabic, char *buf, size_t size);
/* A month as text: "أيار 2018" or "May 2018". */
void out_month_text(long day, int arabic, char *buf, size_t size);

#endif
