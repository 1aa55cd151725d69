/* kharita map: proportional-circle maps of casualties (PNG, SVG, PDF) and timelapse frames. */
#ifndef KHARITA_MAP_H
#define KHARITA_MAP_H

#include <stddef.h>

#include "kharita/error.h"

/* ---- What is mapped --------------------------------------------------------------------- */

/* Casualty figures per place and day, read once and mapped as often as wanted. Figures are
 * counted with the aggregation rules of kharita/aggregate.h (parts of a total and running
 * totals are not added again; several reports of the same place, day and group count once),
 * and kept per group so that --group and --color group stay exact. */
typedef struct kh_map_data kh_map_data;

/* Read PATH ("-" is stdin), which is one of:
 *  - `kharita extract` output (JSON Lines, one document a line);
 *  - an event store (GeoPackage) or any vector file GDAL reads (GeoJSON, FlatGeobuf, CSV with
 *    lat/lon) whose layer has the fields of the store's `events` layer (event_date, killed,
 *    injured, group_name, place_id, name_ar, name_en, …) or of its `places_*` layers
 *    (period_start, period_end, killed, injured, events, groups, …), with points in WGS 84.
 * LAYER names the layer to read (NULL: "events" when there is one, else the only or first
 * layer with points). A line or feature that cannot be used (malformed JSON, a point with no
 * coordinates) is skipped and listed (kh_map_data_rejected); figures that are not mapped
 * (no place, no date, abroad) are only counted. Returns NULL with err set: KH_E_INPUT when
 * PATH cannot be read or has no such layer, KH_E_USAGE when the layer lacks a `killed` field.
 * Free with kh_map_data_free. */
kh_map_data *kh_map_data_load(const char *path, const char *layer, kh_error *err);

/* Free d; kh_map_data_free(NULL) does nothing. */
void kh_map_data_free(kh_map_data *d);

/* The lines or features skipped while reading, as "FILE:LINE: why" (or "FILE: feature N:
 * why"); *msgs gets a borrowed array valid until kh_map_data_free. Returns the count. */
size_t kh_map_data_rejected(const kh_map_data *d, const char *const **msgs);

/* What was read: records (place, day, group) that can be mapped, and figures that cannot
 * (no place, undated, outside Syria). */
typedef struct kh_map_data_summary {
    long records;       /* mappable (place, day, group) records */
    long unmapped;      /* figures without a place, a date, or in another country */
    long places;        /* distinct places among the records */
    char first[11], last[11];   /* first and last day with a record, "" when none */
    long documents;     /* extract output: documents read (rejected ones too); -1 for a layer */
    long rejected;      /* lines or features skipped (kh_map_data_rejected) */
} kh_map_data_summary;

/* Fill *out. */
void kh_map_data_summary_get(const kh_map_data *d, kh_map_data_summary *out);

/* ---- How it is drawn -------------------------------------------------------------------- */

enum { KH_MAP_LANG_AR, KH_MAP_LANG_EN, KH_MAP_LANG_BOTH };
enum { KH_MAP_COLOR_SCALE, KH_MAP_COLOR_GROUP };
enum { KH_MAP_EXTENT_SYRIA, KH_MAP_EXTENT_DATA, KH_MAP_EXTENT_BOX };
enum { KH_MAP_INSET_AUTO, KH_MAP_INSET_NONE, KH_MAP_INSET_DAMASCUS };

/* Options of a map or a timelapse. Set defaults with kh_map_opts_init, then change fields.
 * Strings are borrowed for the duration of the call they are passed to. */
typedef struct kh_map_opts {
    const char *from, *to;      /* "YYYY-MM-DD": only days within [from, to]; NULL open */
    const char *group;          /* only this group (case-insensitive); NULL all */
    int extent;                 /* KH_MAP_EXTENT_*; default SYRIA */
    double box[4];              /* W, S, E, N in degrees for KH_MAP_EXTENT_BOX */
    int width, height;          /* pixels (PNG) or points (PDF, SVG); 0: 1600x1200 px, or
                                 * the same page in points at dpi (768x576 at 150) */
    double dpi;                 /* PNG pixels per inch: sets text and line sizes (150) */
    int lang;                   /* KH_MAP_LANG_*; default AR */
    int color;                  /* KH_MAP_COLOR_*; default SCALE */
    int injured;                /* draw a ring for killed + injured around each circle */
    int labels;                 /* at most this many place labels (default 14; 0 none) */
    const char *title;          /* NULL: a default title in the map's language(s) */
    const char *admin_layer;    /* boundaries drawn instead of Syria's governorates */
    const char *admin_name;     /* their label field (NULL: name_ar / name_en / name) */
    int inset;                  /* KH_MAP_INSET_*: an enlarged box of Damascus and its
                                 * countryside; AUTO (default) when its circles crowd */
    /* timelapse only */
    int by;                     /* frame period (kh_period); default KH_BY_WEEK */
    int cumulative;             /* each frame shows totals up to its period */
    int jobs;                   /* frames rendered at once (threads); 0: one per CPU */
} kh_map_opts;

/* Defaults, as described above. */
void kh_map_opts_init(kh_map_opts *o);

/* Set the option NAME from its command-line text VALUE (borrowed: it must outlive o). NAME
 * is one of: from, to, group, extent, size ("WxH"), dpi, lang (ar, en, both), color (scale,
 * group), title, admin-layer, admin-name, labels, inset (auto, none, damascus), by (day, week, month), jobs. Returns 0, or
 * KH_E_USAGE with err set saying what the option takes. */
int kh_map_opts_set(kh_map_opts *o, const char *name, const char *value, kh_error *err);

/* Parse an --extent value: "syria", "data" or "W,S,E,N" (degrees) into o. Returns 0 or
 * KH_E_USAGE with err set. */
int kh_map_parse_extent(kh_map_opts *o, const char *s, kh_error *err);

/* What a map or timelapse showed, for the messages the CLI prints. */
typedef struct kh_map_stats {
    long places;        /* places with figures in the period and group asked for */
    long outside;       /* of those, places outside the map's extent (not drawn) */
    long labelled;      /* places labelled */
    long killed, injured;
    long frames;        /* timelapse: frames written */
    long empty_frames;  /* timelapse: frames of periods without events */
    int fallback_font;  /* the preferred Noto fonts were missing; another font was used */
} kh_map_stats;

/* Render one map of d to PATH; the format follows the extension: .png, .svg or .pdf. The
 * file appears only complete (written to a temporary file and renamed). A period or group
 * without events still gives a valid map saying so. st (may be NULL) gets what was drawn.
 * Returns 0, or a KH_E_* with err set: KH_E_USAGE (unknown extension, bad date or extent),
 * KH_E_INPUT (basemap, admin layer or fonts unreadable), KH_E_OUTPUT (cannot write). */
int kh_map_render(const kh_map_data *d, const kh_map_opts *o, const char *path,
                  kh_map_stats *st, kh_error *err);

/* Render one PNG frame per period (o->by) from the first to the last period with events
 * (or from o->from to o->to) into the folder DIR (created if missing), named by the period:
 * DIR/2018-W19.png (week), DIR/2018-05-07.png (day), DIR/2018-05.png (month). Every frame
 * has the same extent, projection and circle scale; earlier periods are faded; o->jobs
 * frames are drawn at once. MOVIES, when not NULL, is a NULL-terminated list of paths ending
 * in .gif or .mp4 that ffmpeg then assembles the frames into; without ffmpeg the frames stay
 * and KH_E_OUTPUT says so. Returns 0 or a KH_E_* as kh_map_render. */
int kh_timelapse_render(const kh_map_data *d, const kh_map_opts *o, const char *dir,
                        const char *const *movies, kh_map_stats *st, kh_error *err);

/* Whether ffmpeg can be run (found on PATH). */
int kh_timelapse_have_ffmpeg(void);

#endif
