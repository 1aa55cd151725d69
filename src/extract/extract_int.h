/* Internals of src/extract shared by its parts: place mentions (places.c), casualty figures and
 * dates (casualties.c, dates.c), and the document driver (doc.c) that joins them. */
#ifndef KHARITA_EXTRACT_INT_H
#define KHARITA_EXTRACT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "kharita/kharita.h"

/* A resolved place mention in a document. Offsets are folded-text byte offsets (map them to
 * source bytes with kh_text_source_offset only when writing output). */
typedef struct ex_mention {
    size_t start, end;      /* the surface as written, cue word included when it is part of
                             * the name (مخيم اليرموك, محافظة حلب), clitics (و ب ل) excluded */
    uint32_t place;         /* gazetteer index of the resolved place */
    int kind;               /* kh_kind of that place */
    int foreign;            /* 1 when the place is outside Syria */
} ex_mention;

/* A calendar date with its precision; precision 0 means "no date". */
enum { EX_DATE_NONE = 0, EX_DATE_DAY, EX_DATE_WEEK, EX_DATE_MONTH, EX_DATE_RANGE };
typedef struct ex_date {
    int y, m, d;            /* for RANGE: the start of the range; WEEK: a day of that week */
    int precision;
} ex_date;

/* Parse "YYYY-MM-DD" (the publication date). Returns 0, or -1 when it is not a real date. */
int ex_date_parse_iso(const char *s, ex_date *out);

/* One casualty figure as the text states it. */
typedef struct ex_event {
    long killed, injured;   /* -1 when not stated (null in JSON) */
    const char *qualifier;  /* static: "exact", "at_least", "about", "at_most", "vague" */
    const char *group;      /* static English label ("civilians", "regime forces", …) or NULL */
    int cumulative;         /* a running total (حصيلة … ارتفعت إلى, منذ بدء …) */
    int part_of;            /* index of the event this one is a part of, or -1 */
    size_t start, end;      /* folded span of the evidence clause */
    ex_date date;           /* event date resolved against the publication date */
    int mention;            /* index into the document's mentions of its place, or -1 */
} ex_event;

/* What the casualty extractor needs to know about the document. */
typedef struct ex_docinfo {
    const kh_text *text;
    const kh_gazetteer *gaz;
    const ex_mention *mentions;     /* in text order */
    size_t nmentions;
    int focus;                      /* index of the document's focus mention, or -1 */
    ex_date pub;                    /* publication date (precision 0 when unknown) */
} ex_docinfo;

/* Find the place mentions of t, resolved. *out is malloc'd (caller frees), *n its length. */
int ex_places(const kh_text *t, const kh_gazetteer *g, ex_mention **out, size_t *n, kh_error *err);

/* The document's focus mention (most mentioned / first Syrian locality), or -1. */
int ex_focus(const ex_docinfo *d);

/* Find the casualty figures of a document, each with its place (d->mentions) and date.
 * *out is malloc'd (caller frees), *n its length. */
int ex_casualties(const ex_docinfo *d, ex_event **out, size_t *n, kh_error *err);

/* Whether word I of T is a month name (نيسان, أبريل, the first word of تشرين الأول): a number
 * before it is a day of the month, a number after it a year. */
int ex_date_month_word(const kh_text *t, size_t i);

/* Resolve the date expression nearest to the folded span [start, end) (same clause first,
 * then the sentence, then the document's dateline) against d->pub. */
ex_date ex_event_date(const ex_docinfo *d, size_t start, size_t end);

/* The date expressions of a document, found once for many figures: ex_dates_nearest gives what
 * ex_event_date gives. ex_dates_find returns NULL when out of memory; free with ex_dates_free
 * (NULL does nothing). D must outlive the result. */
typedef struct ex_dates ex_dates;
ex_dates *ex_dates_find(const ex_docinfo *d);
ex_date ex_dates_nearest(const ex_dates *ds, size_t start, size_t end);
void ex_dates_free(ex_dates *ds);

#endif
