/* kharita aggregate: extract output (JSON Lines) -> events -> totals per place and period. */
#ifndef KHARITA_AGGREGATE_H
#define KHARITA_AGGREGATE_H

#include <stddef.h>

#include "kharita/error.h"

/* ---- Periods ---------------------------------------------------------------------------- */

/* How events are grouped in time. Weeks are ISO 8601 weeks (Monday to Sunday, labelled
 * "2018-W19"; the week of 2018-12-31 is "2019-W01"); months are "2018-05"; days "2018-05-09". */
typedef enum kh_period {
    KH_BY_DAY,
    KH_BY_WEEK,
    KH_BY_MONTH
} kh_period;

/* "day", "week", "month"; NULL for an unknown value. */
const char *kh_period_name(int by);
/* The kh_period named NAME ("day", "week", "month"), or -1. */
int kh_period_parse(const char *name);

/* The period of DATE ("YYYY-MM-DD"): its label and first and last days, written into the
 * caller's buffers (each at least 16 bytes). Returns 0, or
 * KH_E_REJECT (err set) when DATE is not a real calendar date. */
int kh_period_of(int by, const char *date, char *label, char *start, char *end, kh_error *err);

/* ---- Events and documents --------------------------------------------------------------- */

/* Why an event is or is not mapped. Only KH_EVENT_MAPPED events are aggregated; the others
 * are counted and kept (the store's `unlocated` layer), never dropped. */
typedef enum kh_event_status {
    KH_EVENT_MAPPED,     /* a Syrian place with coordinates and an event date */
    KH_EVENT_UNLOCATED,  /* no place, or a place without coordinates */
    KH_EVENT_UNDATED,    /* a place but no event date */
    KH_EVENT_FOREIGN     /* the place is outside Syria (country != "SY", or in_syria false) */
} kh_event_status;

/* "mapped", "unlocated", "undated", "foreign"; NULL for an unknown value. */
const char *kh_event_status_name(int status);

/* One casualty figure. Strings are borrowed from the kh_agg_doc it came from (or from whatever
 * filled it in); optional strings are NULL when absent. */
typedef struct kh_event {
    const char *event_id;       /* "DOC#N", N the event's 0-based position in its document */
    const char *doc_id;
    int index;                  /* N above */
    const char *event_date;     /* "YYYY-MM-DD" or NULL */
    const char *date_precision; /* as extracted: "day", "week", "month", "range" or NULL */
    const char *date_end;       /* end of a "range", when the extractor gave it, or NULL */
    long killed, injured;       /* -1 when not stated */
    const char *qualifier;      /* "exact", "at_least", "about", … or NULL */
    const char *group;          /* "civilians", "regime forces", … or NULL */
    int cumulative;             /* a running total (حصيلة … ارتفعت إلى): kept, not summed */
    int part_of;                /* index of the event this one is a part of, or -1 */
    const char *place_id, *name_ar, *name_en, *admin1, *kind, *country;
    int has_point;              /* lat/lon below are meaningful */
    double lat, lon;
    int near;                   /* "near X" rather than in X (geo_precision 2) */
    int geo_precision;          /* ACLED: 1 the place itself (city … landmark), 2 near it or a
                                 * district/subdistrict, 3 region/governorate/country; 0 none */
    const char *time_precision; /* "day", "week" or "month" (a range by its length), or NULL */
    const char *evidence;
    long start, end;            /* byte offsets of the evidence in the document, -1 unknown */
    int status;                 /* kh_event_status */
} kh_event;

/* One line of `kharita extract` output, parsed. */
typedef struct kh_agg_doc kh_agg_doc;

/* Parse one JSON Lines record (LEN bytes at LINE, no NUL needed) of `kharita extract` output:
 * {"doc","date","places":[…],"events":[…], "title","source","url"}. Each event gets its
 * status, geo_precision and time_precision (see kh_event). A malformed record (invalid JSON,
 * no "doc", a date that is not YYYY-MM-DD, a negative figure, part_of out of range, …) is
 * refused: NULL with err set to KH_E_REJECT and a reason without file or line (the caller
 * knows them). The result is freed with kh_agg_doc_free. */
kh_agg_doc *kh_agg_doc_parse(const char *line, size_t len, kh_error *err);

/* Free d; kh_agg_doc_free(NULL) does nothing. Every string of d and its events dies with it. */
void kh_agg_doc_free(kh_agg_doc *d);

/* The document's id, publication date ("YYYY-MM-DD" or NULL), title, source, url (NULL when
 * absent). Borrowed from d. */
const char *kh_agg_doc_id(const kh_agg_doc *d);
const char *kh_agg_doc_date(const kh_agg_doc *d);
const char *kh_agg_doc_title(const kh_agg_doc *d);
const char *kh_agg_doc_source(const kh_agg_doc *d);
const char *kh_agg_doc_url(const kh_agg_doc *d);

/* The document's events in order; *n gets the count. Borrowed from d. */
const kh_event *kh_agg_doc_events(const kh_agg_doc *d, size_t *n);

/* Fill ev->status, ev->geo_precision and ev->time_precision from its other fields (what
 * kh_agg_doc_parse does for each event). For callers that build a kh_event by hand. */
void kh_event_classify(kh_event *ev);

/* ---- Aggregation ------------------------------------------------------------------------ */

/* Totals per (place, period). Counting rules, ACLED-conservative:
 *  - only mapped events count (see kh_event_status); the others are only tallied;
 *  - parts of a total (part_of) are never added again to their total;
 *  - running totals (cumulative) are kept apart and not summed, unless
 *    kh_agg_count_cumulative(a, 1);
 *  - within one document, figures for the same place, day and group add up; several
 *    documents reporting the same place, day and group count once, at the largest of their
 *    totals (the maximum, not the sum), for killed and injured separately.
 * Memory grows with the number of counted events (a few dozen bytes each) and places, not
 * with the text read: documents can be streamed through it. */
typedef struct kh_agg kh_agg;

/* A new, empty aggregation by BY (kh_period). NULL when out of memory or BY is unknown. */
kh_agg *kh_agg_new(int by);

/* Free a; kh_agg_free(NULL) does nothing. */
void kh_agg_free(kh_agg *a);

/* The period a groups by. */
int kh_agg_by(const kh_agg *a);

/* Count running totals as ordinary events (default 0: they are kept apart). Call before
 * adding events. */
void kh_agg_count_cumulative(kh_agg *a, int yes);

/* Add one event (its strings are copied; its document is not replaced, see kh_agg_add_doc).
 * Returns 0 or KH_E_NOMEM. */
int kh_agg_add_event(kh_agg *a, const kh_event *ev, kh_error *err);

/* Add every event of d, and count d as a document. A document id added before is replaced:
 * its earlier events are taken back first (as in the store), so adding the same documents
 * twice changes nothing. Returns 0 or KH_E_NOMEM. */
int kh_agg_add_doc(kh_agg *a, const kh_agg_doc *d, kh_error *err);

/* Parse one line of extract output (kh_agg_doc_parse) and add it. Returns 0, KH_E_REJECT for a
 * malformed line (err says why; nothing was added) or KH_E_NOMEM. */
int kh_agg_add_json_line(kh_agg *a, const char *line, size_t len, kh_error *err);

/* One place in one period. Strings are borrowed from the kh_agg and valid until the next
 * kh_agg_add_* or kh_agg_free. */
typedef struct kh_agg_cell {
    const char *place_id, *name_ar, *name_en, *admin1, *kind;   /* "" when unknown */
    double lat, lon;
    int geo_precision;          /* of the place (1..3) */
    const char *period;         /* "2018-06-08", "2018-W23", "2018-06" */
    const char *period_start;   /* first day of the period, "YYYY-MM-DD" */
    const char *period_end;     /* last day of the period */
    long killed, injured;       /* after the counting rules above */
    long events;                /* events counted in this cell */
    long documents;             /* distinct documents among them */
    const char *groups;         /* distinct groups, sorted, joined by ", " ("" when none) */
    const char *doc_ids;        /* distinct document ids, sorted, joined by "," */
    const char *first_date, *last_date;     /* earliest and latest event date in the cell */
} kh_agg_cell;

/* The cells, sorted by period_start, then place_id; *n gets the count. The array is
 * borrowed from a (valid until the next kh_agg_add_* or kh_agg_free). NULL with *n = 0 when
 * there are none or memory ran out (err set to KH_E_NOMEM in that case). */
const kh_agg_cell *kh_agg_cells(kh_agg *a, size_t *n, kh_error *err);

/* What went in, for the summary the CLI prints. */
typedef struct kh_agg_summary {
    long documents;     /* documents added with kh_agg_add_doc */
    long events;        /* every event added */
    long mapped;        /* status mapped */
    long counted;       /* mapped and summed (not a part, not a kept-apart running total) */
    long unlocated, undated, foreign;
    long cumulative;    /* mapped running totals kept apart (0 with kh_agg_count_cumulative) */
    long parts;         /* mapped parts of a total, not added again */
    long duplicates;    /* reports of a place, day and group by a further document: counted
                         * once, at the largest document total */
    long killed, injured;   /* sum over all cells */
    long cells;
} kh_agg_summary;

/* Fill *out. */
void kh_agg_summary_get(kh_agg *a, kh_agg_summary *out);

#endif
