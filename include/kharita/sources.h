/* kharita sources: the reports behind a place's figures in the event store, each figure with
 * the words it was read from, so that every number on a map can be checked. */
#ifndef KHARITA_SOURCES_H
#define KHARITA_SOURCES_H

#include <stddef.h>

#include "kharita/error.h"

/* One event of the store with its document. Strings are borrowed for the duration of the
 * callback; absent ones are "" (never NULL). */
typedef struct kh_source {
    const char *event_id, *doc_id, *event_date, *date_precision;   /* dates YYYY-MM-DD */
    long killed, injured;           /* -1 when the report gives none */
    const char *qualifier, *group;  /* "at_least", "about", ""; "civilians", … */
    int cumulative;                 /* a running total: not added to the place's figures */
    int part;                       /* part of another figure of the report (بينهم …) */
    const char *place_id, *name_ar, *name_en, *kind, *admin1;
    const char *evidence;           /* the words the figure was read from */
    long start, end;                /* their byte offsets in the document's text, -1 unknown */
    const char *title, *url, *source, *pub_date;    /* the document's */
} kh_source;

/* Return 0 to go on, anything else to stop (it is returned by kh_sources). */
typedef int (*kh_source_fn)(const kh_source *s, void *ctx);

/* What is asked: the places (ids, or names matched as written in the store: name_ar, or
 * name_en case-insensitively) and the days. */
typedef struct kh_sources_query {
    const char *const *place_ids;
    size_t nplace_ids;
    const char *name;               /* NULL: ids only */
    const char *from, *to;          /* YYYY-MM-DD event dates, NULL open */
} kh_sources_query;

/* What the place-day layer counts for the same places and days (the map's figures: a
 * place, day and group reported several times counts once; parts and running totals are
 * not added). */
typedef struct kh_sources_total {
    long events, documents, killed, injured;
} kh_sources_total;

/* Call FN for each event of the store STORE (NULL: KH_STORE_DEFAULT) that Q asks for, by
 * date, then document, then order in it; fill *total when not NULL. Returns the number of
 * events (>= 0), FN's non-zero return, or a negative KH_E_* with err set (KH_E_INPUT: the
 * store cannot be read; KH_E_USAGE: a date is not YYYY-MM-DD). */
long kh_sources(const char *store, const kh_sources_query *q, kh_source_fn fn, void *ctx,
                kh_sources_total *total, kh_error *err);

#endif
