/* kharita store: the event store (a GeoPackage) and exporting its layers through GDAL. */
#ifndef KHARITA_STORE_H
#define KHARITA_STORE_H

#include <stddef.h>

#include "kharita/aggregate.h"
#include "kharita/error.h"

/* The event store is a GeoPackage (default out/kharita.gpkg), EPSG:4326, with these layers
 * (field names are stable; README.md "Layers and fields" has the same tables):
 *
 *  events        Point. One feature per mapped event (kh_event, status mapped):
 *                event_id (String "DOC#N"), doc_id, event_date (Date), date_precision,
 *                time_precision ("day"/"week"/"month"), killed (Integer, null unknown),
 *                injured, qualifier, group_name, cumulative (Integer 0/1), part_of (Integer,
 *                null), place_id, name_ar, name_en, admin1, kind, geo_precision (Integer 1..3),
 *                evidence, start, end (Integer byte offsets in the document).
 *  places_day    Point. One feature per place and period (kh_agg_cell): place_id, name_ar,
 *  places_week   name_en, admin1, kind, period (String "2018-06-08" / "2018-W23" / "2018-06"),
 *  places_month  period_start (Date), period_end (Date), killed, injured, events, documents
 *                (Integer), groups, doc_ids (String, comma lists), first_date, last_date
 *                (Date), geo_precision (Integer). Recomputed from `events` on every update.
 *  documents     No geometry. doc_id, pub_date (Date), source, url, title, status ("mapped":
 *                some event in `events`; "unmapped": events only in `unlocated`; "no_events"),
 *                events (Integer: every event extracted from it), mapped (Integer).
 *  unlocated     No geometry. Events that are not mapped: the fields of `events` (without
 *                geometry) plus reason ("unlocated", "undated", "foreign"), country, lat, lon.
 *  layer_styles  QGIS's table of styles: the default style of each point layer (circles
 *                sized by killed, Arabic labels), written again on every update.
 */
#define KH_STORE_DEFAULT "out/kharita.gpkg"

typedef struct kh_store kh_store;

enum {
    KH_STORE_READ = 0,      /* open an existing store read-only */
    KH_STORE_UPDATE = 1     /* create it if missing; changes appear only on kh_store_close */
};

/* Open the store at PATH (NULL: KH_STORE_DEFAULT). A file that is not a GeoPackage, or a
 * GeoPackage without kharita's layers, is refused and left untouched: KH_E_INPUT in READ mode,
 * KH_E_OUTPUT in UPDATE mode (the store is then where output goes). In UPDATE mode every change
 * goes to a temporary copy beside PATH that replaces it only in kh_store_close, so an
 * interrupted or failed run leaves the previous store as it was. Returns NULL with err set. */
kh_store *kh_store_open(const char *path, int mode, kh_error *err);

/* Count running totals in the period layers kh_store_close recomputes (default 0, as
 * kh_agg_count_cumulative). */
void kh_store_count_cumulative(kh_store *s, int yes);

/* Store N documents as one transaction. A document whose id is already stored replaces it:
 * its previous events, unlocated events and document row are deleted first, so storing the
 * same documents again changes nothing (an id repeated within DOCS: the last one stands). Mapped events go to `events`, the others to
 * `unlocated`. The documents stay the caller's. Returns 0 or KH_E_OUTPUT (the transaction is
 * rolled back; the store stays usable) or KH_E_USAGE for a read-only store. */
int kh_store_put_docs(kh_store *s, kh_agg_doc *const *docs, size_t n, kh_error *err);

/* The number of features of LAYER ("events", "documents", …), or -1 for an unknown layer. */
long kh_store_count(kh_store *s, const char *layer);

/* Call FN for every event of the `events` layer whose event_date is within [FROM, TO] (either
 * may be NULL: open-ended), in the order they were stored. The kh_event's strings are valid during the
 * call only. FN returns 0 to go on, anything else to stop (which is then returned). Returns 0,
 * FN's value, or KH_E_INPUT with err set. */
int kh_store_each_event(kh_store *s, const char *from, const char *to,
                        int (*fn)(const kh_event *ev, void *ctx), void *ctx, kh_error *err);

/* The events of the store with event_date within [FROM, TO] aggregated by BY (kh_period),
 * under the store's counting rules. The caller frees the result with kh_agg_free. NULL with
 * err set on failure. */
kh_agg *kh_store_aggregate(kh_store *s, int by, const char *from, const char *to, kh_error *err);

/* In UPDATE mode: recompute places_day, places_week and places_month from `events`, then put
 * the new store in place of the old one. Frees s in every case. Returns 0 or KH_E_OUTPUT (the
 * old store stays). kh_store_close(NULL) returns 0. */
int kh_store_close(kh_store *s, kh_error *err);

/* Give up: discard every change since kh_store_open and free s. kh_store_abort(NULL) does
 * nothing. */
void kh_store_abort(kh_store *s);

/* The GDAL vector driver for FORMAT (a GDAL driver short name, any case: "GeoJSON", "GPKG",
 * "CSV", "FlatGeobuf", "KML", "ESRI Shapefile", …) or, when FORMAT is NULL, the one guessed
 * from PATH's extension. Writes its canonical name into NAME (size SIZE). Returns 0, or
 * KH_E_USAGE with err set when there is no such driver or it cannot create vector files. */
int kh_export_format(const char *path, const char *format, char *name, size_t size, kh_error *err);

/* Write layer LAYER of the store at STORE (NULL: KH_STORE_DEFAULT) to PATH in FORMAT (see
 * kh_export_format), keeping only features whose date is within [FROM, TO] (NULL:
 * open-ended; events and unlocated by event_date, documents by pub_date, places_* when their
 * period overlaps). GeoJSON is RFC 7946 (lon/lat WGS84, 6 decimals); CSV has X,Y columns and
 * a .csvt of column types; CSV, XLSX and ODS cells that start with = + - @ tab or CR are
 * prefixed with ' (formula injection). PATH, and any sidecar files, replace older ones only
 * once complete. *count (if not NULL) gets the number of features written. Returns 0,
 * KH_E_USAGE (unknown layer or format, bad date), KH_E_INPUT (store) or KH_E_OUTPUT. */
int kh_export(const char *store, const char *layer, const char *path, const char *format,
              const char *from, const char *to, long *count, kh_error *err);

/* Write the cells of A (a layer named "places_day", "places_week" or "places_month", same
 * fields as the store's) to PATH in FORMAT, like kh_export. */
int kh_export_agg(kh_agg *a, const char *path, const char *format, long *count, kh_error *err);

#endif
