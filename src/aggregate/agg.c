/* Aggregation of events per place and period, with the counting rules of aggregate.h: parts
 * and running totals apart, one count for the same figure reported by several documents. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate/aggregate_int.h"

typedef struct ag_place {
    const char *id, *name_ar, *name_en, *admin1, *kind;     /* interned */
    double lat, lon;
    int geo_precision;
} ag_place;

/* An event date seen, and its period. */
typedef struct ag_date {
    const char *date;                       /* "YYYY-MM-DD", interned */
    long day;                               /* days since 1970-01-01 */
    const char *period, *start, *end;       /* interned */
} ag_date;

typedef struct ag_cell {
    size_t place;
    const char *period, *start, *end;       /* interned */
} ag_cell;

/* One counted event, reduced to what the totals need: 48 bytes, kept for every counted event
 * (several documents' figures for one place, day and group count at the largest, so none can
 * be summed away before the end). Indexes, not pointers, to keep it small. */
typedef struct ag_rec {
    uint32_t cell;                          /* a->cells */
    uint32_t date;                          /* a->dates */
    int32_t day;                            /* a->dates[date].day, for sorting */
    uint32_t group;                         /* a->groups, + 1; 0 when unknown */
    uint32_t doc;                           /* a->docs */
    int32_t next;                           /* the previous record of the same document, or -1 */
    int64_t killed, injured;                /* -1 not stated */
    unsigned char alive;                    /* 0 once its document was replaced */
} ag_rec;

/* What one document contributed, so that storing it again can take it back. */
typedef struct ag_docinfo {
    const char *id;                         /* interned */
    long last;                              /* its latest record, or -1 */
    kh_agg_summary sum;
} ag_docinfo;

struct kh_agg {
    int by;
    int count_cumulative;
    ag_map strings;             /* interning */
    ag_map place_map, cell_map, doc_map, date_map, group_map;
    ag_date *dates;
    size_t ndates, cdates;
    const char **groups;        /* interned */
    size_t ngroups, cgroups;
    ag_place *places;
    size_t nplaces, cplaces;
    ag_cell *cells;
    size_t ncells, ccells;
    ag_rec *recs;
    size_t nrecs, crecs;
    ag_docinfo *docs;
    size_t ndocs, cdocs;
    kh_agg_summary sum;
    long duplicates;            /* computed with the cells */
    /* kh_agg_cells output */
    kh_agg_cell *out;
    char **out_strings;         /* groups / doc_ids joined, 2 per cell */
    size_t nout;
    int dirty;
};

static int grow_array(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 64;
    while (ncap < need)
        ncap *= 2;
    void *n = realloc(*arr, ncap * elem);
    if (!n)
        return -1;
    *arr = n;
    *cap = ncap;
    return 0;
}

static const char *intern(kh_agg *a, const char *s)
{
    int found;
    struct ag_slot *sl = ag_map_put(&a->strings, s ? s : "", 0, &found);
    return sl ? sl->key : NULL;
}

kh_agg *kh_agg_new(int by)
{
    if (!kh_period_name(by))
        return NULL;
    kh_agg *a = calloc(1, sizeof *a);
    if (a)
        a->by = by;
    return a;
}

static void free_out(kh_agg *a)
{
    for (size_t i = 0; a->out_strings && i < 2 * a->nout; i++)
        free(a->out_strings[i]);
    free(a->out_strings);
    free(a->out);
    a->out_strings = NULL;
    a->out = NULL;
    a->nout = 0;
}

void kh_agg_free(kh_agg *a)
{
    if (!a)
        return;
    free_out(a);
    free(a->dates);
    free(a->groups);
    free(a->places);
    free(a->cells);
    free(a->recs);
    free(a->docs);
    ag_map_free(&a->strings);
    ag_map_free(&a->place_map);
    ag_map_free(&a->cell_map);
    ag_map_free(&a->doc_map);
    ag_map_free(&a->date_map);
    ag_map_free(&a->group_map);
    free(a);
}

int kh_agg_by(const kh_agg *a)
{
    return a->by;
}

void kh_agg_count_cumulative(kh_agg *a, int yes)
{
    a->count_cumulative = yes;
}

static long place_of(kh_agg *a, const kh_event *ev)
{
    char buf[96];
    const char *key = ev->place_id;
    if (!key || !*key) {
        /* no id: the name and point identify the place */
        snprintf(buf, sizeof buf, "%.40s@%.5f,%.5f", ev->name_ar ? ev->name_ar : "", ev->lat, ev->lon);
        key = buf;
    }
    int found;
    struct ag_slot *s = ag_map_put(&a->place_map, key, a->nplaces, &found);
    if (!s)
        return -1;
    if (found)
        return (long)s->value;
    if (grow_array((void **)&a->places, &a->cplaces, a->nplaces + 1, sizeof *a->places))
        return -1;
    ag_place *p = &a->places[a->nplaces];
    p->id = intern(a, ev->place_id && *ev->place_id ? ev->place_id : key);
    p->name_ar = intern(a, ev->name_ar);
    p->name_en = intern(a, ev->name_en);
    p->admin1 = intern(a, ev->admin1);
    p->kind = intern(a, ev->kind);
    if (!p->id || !p->name_ar || !p->name_en || !p->admin1 || !p->kind)
        return -1;
    p->lat = ev->lat;
    p->lon = ev->lon;
    p->geo_precision = ev->geo_precision ? ev->geo_precision : 2;
    return (long)a->nplaces++;
}

/* The index of DATE in a->dates (its period computed once for every event of that day); -1
 * with err set for a date that is not one, or when out of memory (err untouched). */
static long date_of(kh_agg *a, const char *date, kh_error *err)
{
    char label[16], start[16], end[16];
    struct ag_slot *s = ag_map_get(&a->date_map, date ? date : "");
    if (s)
        return (long)s->value;
    int y, m, d, found;
    if (kh_period_of(a->by, date, label, start, end, err) != 0 ||
        kh_date_parse_iso(date, NULL, &y, &m, &d) != 0)
        return -1;
    if (grow_array((void **)&a->dates, &a->cdates, a->ndates + 1, sizeof *a->dates))
        return -1;
    ag_date *t = &a->dates[a->ndates];
    t->day = kh_date_days_from_civil(y, m, d);
    t->period = intern(a, label);
    t->start = intern(a, start);
    t->end = intern(a, end);
    if (!t->period || !t->start || !t->end ||
        !(s = ag_map_put(&a->date_map, date, a->ndates, &found)))
        return -1;
    t->date = s->key;       /* the map's copy: it does not move */
    return (long)a->ndates++;
}

/* GROUP's number in a rec (a->groups index + 1), 0 for none; -1 when out of memory. */
static long group_of(kh_agg *a, const char *group)
{
    if (!group || !*group)
        return 0;
    int found;
    struct ag_slot *s = ag_map_put(&a->group_map, group, a->ngroups, &found);
    if (!s)
        return -1;
    if (!found) {
        if (grow_array((void **)&a->groups, &a->cgroups, a->ngroups + 1, sizeof *a->groups))
            return -1;
        a->groups[a->ngroups++] = s->key;
    }
    return (long)s->value + 1;
}

/* Write N in hexadecimal at P followed by TERM; returns the end. */
static char *put_hex(char *p, size_t n, char term)
{
    char tmp[2 * sizeof n];
    int k = 0;
    do
        tmp[k++] = "0123456789abcdef"[n & 15];
    while ((n >>= 4) != 0);
    while (k > 0)
        *p++ = tmp[--k];
    *p++ = term;
    return p;
}

static long cell_of(kh_agg *a, size_t place, size_t date)
{
    const ag_date *t = &a->dates[date];
    char k[4 * sizeof(size_t) + 4];
    /* "PLACE;PERIOD": the place's index and the address of the period's interned label, the
     * same for every date of the period (no snprintf for every event) */
    put_hex(put_hex(k, place, ';'), (size_t)(uintptr_t)t->period, '\0');
    int found;
    struct ag_slot *s = ag_map_put(&a->cell_map, k, a->ncells, &found);
    if (!s)
        return -1;
    if (found)
        return (long)s->value;
    if (grow_array((void **)&a->cells, &a->ccells, a->ncells + 1, sizeof *a->cells))
        return -1;
    ag_cell *c = &a->cells[a->ncells];
    c->place = place;
    c->period = t->period;
    c->start = t->start;
    c->end = t->end;
    return (long)a->ncells++;
}

/* The document record of DOC (created empty when new); -1 when out of memory. */
static long doc_of(kh_agg *a, const char *doc, int *is_new)
{
    struct ag_slot *s = ag_map_put(&a->doc_map, doc, a->ndocs, is_new);
    if (!s)
        return -1;
    *is_new = !*is_new;
    if (*is_new) {
        if (grow_array((void **)&a->docs, &a->cdocs, a->ndocs + 1, sizeof *a->docs))
            return -1;
        memset(&a->docs[a->ndocs], 0, sizeof *a->docs);
        a->docs[a->ndocs].id = doc;
        a->docs[a->ndocs].last = -1;
        a->ndocs++;
    }
    return (long)s->value;
}

static void sum_add(kh_agg_summary *to, const kh_agg_summary *d, int sign)
{
    to->events += sign * d->events;
    to->mapped += sign * d->mapped;
    to->counted += sign * d->counted;
    to->unlocated += sign * d->unlocated;
    to->undated += sign * d->undated;
    to->foreign += sign * d->foreign;
    to->cumulative += sign * d->cumulative;
    to->parts += sign * d->parts;
}

/* Add EV of the document DOC (interned), a->docs[DI]. */
static int add_event(kh_agg *a, const kh_event *ev, const char *doc, long di, kh_error *err)
{
    kh_agg_summary one = { .events = 1 };
    int counted = 0;
    switch (ev->status) {
    case KH_EVENT_UNLOCATED: one.unlocated = 1; break;
    case KH_EVENT_UNDATED: one.undated = 1; break;
    case KH_EVENT_FOREIGN: one.foreign = 1; break;
    default:
        one.mapped = 1;
        if (ev->part_of >= 0)
            one.parts = 1;
        else if (ev->cumulative && !a->count_cumulative)
            one.cumulative = 1;
        else
            counted = one.counted = 1;
    }
    if (counted) {
        long place = place_of(a, ev);
        if (place < 0)
            goto nomem;
        kh_error e2 = { 0 };
        long date = date_of(a, ev->event_date, &e2);
        if (date < 0) {
            if (e2.code)
                return kh_error_set(err, e2.code, "%s: %s", ev->event_id ? ev->event_id : "event", e2.msg);
            goto nomem;
        }
        long ci = cell_of(a, (size_t)place, (size_t)date), group = group_of(a, ev->group);
        if (ci < 0 || group < 0 || a->nrecs >= INT32_MAX || a->ncells >= UINT32_MAX ||
            grow_array((void **)&a->recs, &a->crecs, a->nrecs + 1, sizeof *a->recs))
            goto nomem;
        a->recs[a->nrecs] = (ag_rec){ .cell = (uint32_t)ci, .date = (uint32_t)date,
                                      .day = (int32_t)a->dates[date].day,
                                      .group = (uint32_t)group, .doc = (uint32_t)di,
                                      .next = (int32_t)a->docs[di].last, .killed = ev->killed,
                                      .injured = ev->injured, .alive = 1 };
        a->docs[di].last = (long)a->nrecs++;
    }
    sum_add(&a->docs[di].sum, &one, 1);
    sum_add(&a->sum, &one, 1);
    return 0;
nomem:
    return kh_error_set(err, KH_E_NOMEM, "out of memory while aggregating");
}

int kh_agg_add_event(kh_agg *a, const kh_event *ev, kh_error *err)
{
    a->dirty = 1;
    const char *doc = intern(a, ev->doc_id);
    int is_new;
    long di = doc ? doc_of(a, doc, &is_new) : -1;
    if (di < 0)
        return kh_error_set(err, KH_E_NOMEM, "out of memory while aggregating");
    return add_event(a, ev, doc, di, err);
}

int kh_agg_add_doc(kh_agg *a, const kh_agg_doc *d, kh_error *err)
{
    size_t n;
    const kh_event *ev = kh_agg_doc_events(d, &n);
    const char *doc = intern(a, kh_agg_doc_id(d));
    int is_new;
    long di = doc ? doc_of(a, doc, &is_new) : -1;
    if (di < 0)
        return kh_error_set(err, KH_E_NOMEM, "out of memory while aggregating");
    a->dirty = 1;
    if (is_new)
        a->sum.documents++;
    else {
        /* The same document again replaces it, as in the store: take its figures back. */
        for (long r = a->docs[di].last; r >= 0; r = a->recs[r].next)
            a->recs[r].alive = 0;
        a->docs[di].last = -1;
        sum_add(&a->sum, &a->docs[di].sum, -1);
        memset(&a->docs[di].sum, 0, sizeof a->docs[di].sum);
    }
    for (size_t i = 0; i < n; i++) {
        int rc = add_event(a, &ev[i], doc, di, err);
        if (rc)
            return rc;
    }
    return 0;
}

int kh_agg_add_json_line(kh_agg *a, const char *line, size_t len, kh_error *err)
{
    kh_agg_doc *d = kh_agg_doc_parse(line, len, err);
    if (!d)
        return err && err->code ? err->code : KH_E_REJECT;
    int rc = kh_agg_add_doc(a, d, err);
    kh_agg_doc_free(d);
    return rc;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int cmp_cell(const void *x, const void *y)
{
    const kh_agg_cell *p = x, *q = y;
    int c = strcmp(p->period_start, q->period_start);
    return c ? c : strcmp(p->place_id, q->place_id);
}

static char *join_sorted(const char **s, size_t n, const char *sep)
{
    qsort(s, n, sizeof *s, cmp_str);
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(s[i]) + strlen(sep);
    char *out = malloc(len), *p = out;
    if (!out)
        return NULL;
    for (size_t i = 0, nsep = strlen(sep); i < n; i++) {
        size_t k = strlen(s[i]);
        if (i) {
            memcpy(p, sep, nsep);
            p += nsep;
        }
        memcpy(p, s[i], k);
        p += k;
    }
    *p = '\0';
    return out;
}

/* Records of a cell by date, then grouped by group and document (by their numbers: equal
 * ones together is all total_cell needs). */
static int cmp_rec(const void *x, const void *y)
{
    const ag_rec *p = *(const ag_rec *const *)x, *q = *(const ag_rec *const *)y;
    if (p->cell != q->cell)
        return p->cell < q->cell ? -1 : 1;
    if (p->day != q->day)
        return p->day < q->day ? -1 : 1;
    if (p->group != q->group)
        return p->group < q->group ? -1 : 1;
    if (p->doc != q->doc)
        return p->doc < q->doc ? -1 : 1;
    return 0;
}

static int add_unique(const char **arr, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (arr[i] == s)
            return 0;
    arr[(*n)++] = s;
    return 1;
}

/* Totals of one cell from its records R[0..n) (sorted by date, group, document): within a
 * document the figures of one date and group add up; across documents the largest stands. */
static int total_cell(kh_agg *a, ag_rec **r, size_t n, kh_agg_cell *o, char **strs,
                      const char **scratch)
{
    size_t ng = 0, nd = 0;
    const char **groups = scratch, **docs = scratch + n;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        long kmax = -1, imax = -1, ndocs = 0;
        while (j < n && r[j]->day == r[i]->day && r[j]->group == r[i]->group) {
            long k = -1, in = -1;
            size_t d = j;
            for (; d < n && r[d]->day == r[i]->day && r[d]->group == r[i]->group &&
                   r[d]->doc == r[j]->doc; d++) {
                if (r[d]->killed >= 0)
                    k = (k < 0 ? 0 : k) + r[d]->killed;
                if (r[d]->injured >= 0)
                    in = (in < 0 ? 0 : in) + r[d]->injured;
            }
            if (k > kmax)
                kmax = k;
            if (in > imax)
                imax = in;
            ndocs++;
            j = d;
        }
        if (kmax > 0)
            o->killed += kmax;
        if (imax > 0)
            o->injured += imax;
        a->duplicates += ndocs - 1;
        for (size_t x = i; x < j; x++) {
            if (r[x]->group)
                add_unique(groups, &ng, a->groups[r[x]->group - 1]);
            add_unique(docs, &nd, a->docs[r[x]->doc].id);
        }
        i = j;
    }
    o->events = (long)n;
    o->documents = (long)nd;
    o->first_date = a->dates[r[0]->date].date;         /* sorted by date */
    o->last_date = a->dates[r[n - 1]->date].date;
    strs[0] = join_sorted(groups, ng, ", ");
    strs[1] = join_sorted(docs, nd, ",");
    o->groups = strs[0];
    o->doc_ids = strs[1];
    return strs[0] && strs[1] ? 0 : -1;
}

const kh_agg_cell *kh_agg_cells(kh_agg *a, size_t *n, kh_error *err)
{
    ag_rec **live = NULL;
    const char **scratch = NULL;
    *n = 0;
    if (!a->dirty && a->out) {
        *n = a->nout;
        return a->out;
    }
    free_out(a);
    a->duplicates = 0;
    size_t nlive = 0;
    for (size_t i = 0; i < a->nrecs; i++)
        nlive += a->recs[i].alive;
    if (!nlive) {
        a->dirty = 0;
        return NULL;
    }
    live = malloc(nlive * sizeof *live);
    scratch = malloc(2 * nlive * sizeof *scratch);
    a->out = calloc(a->ncells, sizeof *a->out);
    a->out_strings = calloc(2 * a->ncells, sizeof *a->out_strings);
    if (!live || !scratch || !a->out || !a->out_strings)
        goto nomem;
    nlive = 0;
    for (size_t i = 0; i < a->nrecs; i++)
        if (a->recs[i].alive)
            live[nlive++] = &a->recs[i];
    qsort(live, nlive, sizeof *live, cmp_rec);
    for (size_t i = 0; i < nlive;) {
        size_t j = i;
        while (j < nlive && live[j]->cell == live[i]->cell)
            j++;
        ag_cell *c = &a->cells[live[i]->cell];
        ag_place *p = &a->places[c->place];
        kh_agg_cell *o = &a->out[a->nout];
        *o = (kh_agg_cell){ .place_id = p->id, .name_ar = p->name_ar, .name_en = p->name_en,
                            .admin1 = p->admin1, .kind = p->kind, .lat = p->lat, .lon = p->lon,
                            .geo_precision = p->geo_precision, .period = c->period,
                            .period_start = c->start, .period_end = c->end };
        a->nout++;
        if (total_cell(a, live + i, j - i, o, a->out_strings + 2 * (a->nout - 1), scratch) != 0)
            goto nomem;
        i = j;
    }
    /* out_strings stay paired with their cells by pointer, so sorting the cells is enough */
    qsort(a->out, a->nout, sizeof *a->out, cmp_cell);
    free(live);
    free(scratch);
    a->dirty = 0;
    *n = a->nout;
    return a->out;
nomem:
    free(live);
    free(scratch);
    free_out(a);
    kh_error_set(err, KH_E_NOMEM, "out of memory while aggregating");
    return NULL;
}

void kh_agg_summary_get(kh_agg *a, kh_agg_summary *out)
{
    size_t n = 0;
    const kh_agg_cell *c = kh_agg_cells(a, &n, NULL);
    *out = a->sum;
    out->duplicates = a->duplicates;
    out->killed = out->injured = 0;
    for (size_t i = 0; i < n; i++) {
        out->killed += c[i].killed;
        out->injured += c[i].injured;
    }
    out->cells = (long)n;
}
