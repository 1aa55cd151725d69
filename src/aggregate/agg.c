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

typedef struct ag_cell {
    size_t place;
    const char *period, *start, *end;       /* interned */
    const char *first, *last;               /* interned */
    long events;
    const char **groups;                    /* interned, distinct */
    size_t ngroups;
    const char **docs;                      /* interned, distinct */
    size_t ndocs;
} ag_cell;

/* One incident key: a place, a day and a group within a cell. */
typedef struct ag_key {
    size_t cell;
    long killed, injured;       /* the largest document total; -1 none */
} ag_key;

/* One document's running total for a key. */
typedef struct ag_keydoc {
    long killed, injured;
} ag_keydoc;

struct kh_agg {
    int by;
    int count_cumulative;
    ag_map strings;             /* interning */
    ag_map place_map, cell_map, key_map, keydoc_map, celldoc_map;
    ag_place *places;
    size_t nplaces, cplaces;
    ag_cell *cells;
    size_t ncells, ccells;
    ag_key *keys;
    size_t nkeys, ckeys;
    ag_keydoc *keydocs;
    size_t nkeydocs, ckeydocs;
    kh_agg_summary sum;
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
    for (size_t i = 0; i < a->ncells; i++) {
        free(a->cells[i].groups);
        free(a->cells[i].docs);
    }
    free(a->places);
    free(a->cells);
    free(a->keys);
    free(a->keydocs);
    ag_map_free(&a->strings);
    ag_map_free(&a->place_map);
    ag_map_free(&a->cell_map);
    ag_map_free(&a->key_map);
    ag_map_free(&a->keydoc_map);
    ag_map_free(&a->celldoc_map);
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

/* "a\x1fb\x1fc" into a malloc'd buffer. */
static char *join3(const char *x, const char *y, const char *z)
{
    size_t n = strlen(x) + strlen(y) + strlen(z) + 3;
    char *k = malloc(n);
    if (k)
        snprintf(k, n, "%s\x1f%s\x1f%s", x, y, z);
    return k;
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

static long cell_of(kh_agg *a, size_t place, const char *date, kh_error *err)
{
    char label[16], start[16], end[16], idx[24];
    if (kh_period_of(a->by, date, label, start, end, err) != 0)
        return -1;
    snprintf(idx, sizeof idx, "%zu", place);
    char *k = join3(idx, label, "");
    if (!k)
        return -1;
    int found;
    struct ag_slot *s = ag_map_put(&a->cell_map, k, a->ncells, &found);
    free(k);
    if (!s)
        return -1;
    if (found)
        return (long)s->value;
    if (grow_array((void **)&a->cells, &a->ccells, a->ncells + 1, sizeof *a->cells))
        return -1;
    ag_cell *c = &a->cells[a->ncells];
    memset(c, 0, sizeof *c);
    c->place = place;
    c->period = intern(a, label);
    c->start = intern(a, start);
    c->end = intern(a, end);
    if (!c->period || !c->start || !c->end)
        return -1;
    return (long)a->ncells++;
}

static int add_unique(const char ***arr, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if ((*arr)[i] == s)
            return 0;
    if ((*n & (*n - 1)) == 0 || *n == 0) {   /* grow at powers of two */
        const char **na = realloc(*arr, (*n ? *n * 2 : 2) * sizeof **arr);
        if (!na)
            return -1;
        *arr = na;
    }
    (*arr)[(*n)++] = s;
    return 0;
}

static int add_counted(kh_agg *a, const kh_event *ev, kh_error *err)
{
    long place = place_of(a, ev);
    if (place < 0)
        goto nomem;
    kh_error e2 = { 0 };
    long ci = cell_of(a, (size_t)place, ev->event_date, &e2);
    if (ci < 0) {
        if (e2.code)
            return kh_error_set(err, e2.code, "%s: %s", ev->event_id ? ev->event_id : "event", e2.msg);
        goto nomem;
    }
    ag_cell *c = &a->cells[ci];
    const char *doc = intern(a, ev->doc_id), *date = intern(a, ev->event_date);
    const char *group = ev->group && *ev->group ? intern(a, ev->group) : NULL;
    if (!doc || !date || (ev->group && *ev->group && !group))
        goto nomem;
    c->events++;
    if (add_unique(&c->docs, &c->ndocs, doc))
        goto nomem;
    if (group && add_unique(&c->groups, &c->ngroups, group))
        goto nomem;
    if (!c->first || strcmp(date, c->first) < 0)
        c->first = date;
    if (!c->last || strcmp(date, c->last) > 0)
        c->last = date;

    /* The same figure from several documents: within a document figures for one place, day
     * and group add up; across documents the largest total stands. */
    char cidx[24];
    snprintf(cidx, sizeof cidx, "%ld", ci);
    char *kk = join3(cidx, date, group ? group : "");
    if (!kk)
        goto nomem;
    int found;
    struct ag_slot *s = ag_map_put(&a->key_map, kk, a->nkeys, &found);
    free(kk);
    if (!s)
        goto nomem;
    size_t ki = s->value;
    int key_known = found;
    if (!found) {
        if (grow_array((void **)&a->keys, &a->ckeys, a->nkeys + 1, sizeof *a->keys))
            goto nomem;
        a->keys[ki] = (ag_key){ (size_t)ci, -1, -1 };
        a->nkeys++;
    }
    char kidx[24];
    snprintf(kidx, sizeof kidx, "%zu", ki);
    char *dk = join3(kidx, doc, "");
    if (!dk)
        goto nomem;
    s = ag_map_put(&a->keydoc_map, dk, a->nkeydocs, &found);
    free(dk);
    if (!s)
        goto nomem;
    size_t di = s->value;
    if (!found) {
        if (grow_array((void **)&a->keydocs, &a->ckeydocs, a->nkeydocs + 1, sizeof *a->keydocs))
            goto nomem;
        a->keydocs[di] = (ag_keydoc){ -1, -1 };
        a->nkeydocs++;
        if (key_known)      /* another document already reported this place, day, group */
            a->sum.duplicates++;
    }
    ag_keydoc *kd = &a->keydocs[di];
    ag_key *k = &a->keys[ki];
    if (ev->killed >= 0) {
        kd->killed = (kd->killed < 0 ? 0 : kd->killed) + ev->killed;
        if (kd->killed > k->killed)
            k->killed = kd->killed;
    }
    if (ev->injured >= 0) {
        kd->injured = (kd->injured < 0 ? 0 : kd->injured) + ev->injured;
        if (kd->injured > k->injured)
            k->injured = kd->injured;
    }
    return 0;
nomem:
    return kh_error_set(err, KH_E_NOMEM, "out of memory while aggregating");
}

int kh_agg_add_event(kh_agg *a, const kh_event *ev, kh_error *err)
{
    a->dirty = 1;
    a->sum.events++;
    switch (ev->status) {
    case KH_EVENT_UNLOCATED: a->sum.unlocated++; return 0;
    case KH_EVENT_UNDATED: a->sum.undated++; return 0;
    case KH_EVENT_FOREIGN: a->sum.foreign++; return 0;
    default: break;
    }
    a->sum.mapped++;
    if (ev->part_of >= 0) {
        a->sum.parts++;
        return 0;
    }
    if (ev->cumulative && !a->count_cumulative) {
        a->sum.cumulative++;
        return 0;
    }
    int rc = add_counted(a, ev, err);
    if (rc == 0)
        a->sum.counted++;
    return rc;
}

int kh_agg_add_doc(kh_agg *a, const kh_doc *d, kh_error *err)
{
    size_t n;
    const kh_event *ev = kh_doc_events(d, &n);
    a->sum.documents++;
    for (size_t i = 0; i < n; i++) {
        int rc = kh_agg_add_event(a, &ev[i], err);
        if (rc)
            return rc;
    }
    return 0;
}

int kh_agg_add_json_line(kh_agg *a, const char *line, size_t len, kh_error *err)
{
    kh_doc *d = kh_doc_parse(line, len, err);
    if (!d)
        return err && err->code ? err->code : KH_E_REJECT;
    int rc = kh_agg_add_doc(a, d, err);
    kh_doc_free(d);
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
    *p = '\0';
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s%s", i ? sep : "", s[i]);
    return out;
}

const kh_agg_cell *kh_agg_cells(kh_agg *a, size_t *n, kh_error *err)
{
    *n = 0;
    if (!a->dirty && a->out) {
        *n = a->nout;
        return a->out;
    }
    free_out(a);
    if (!a->ncells) {
        a->dirty = 0;
        return NULL;
    }
    a->out = calloc(a->ncells, sizeof *a->out);
    a->out_strings = calloc(2 * a->ncells, sizeof *a->out_strings);
    if (!a->out || !a->out_strings)
        goto nomem;
    for (size_t i = 0; i < a->ncells; i++) {
        ag_cell *c = &a->cells[i];
        ag_place *p = &a->places[c->place];
        kh_agg_cell *o = &a->out[i];
        *o = (kh_agg_cell){ .place_id = p->id, .name_ar = p->name_ar, .name_en = p->name_en,
                            .admin1 = p->admin1, .kind = p->kind, .lat = p->lat, .lon = p->lon,
                            .geo_precision = p->geo_precision, .period = c->period,
                            .period_start = c->start, .period_end = c->end, .events = c->events,
                            .documents = (long)c->ndocs, .first_date = c->first,
                            .last_date = c->last };
        a->out_strings[2 * i] = join_sorted(c->groups, c->ngroups, ", ");
        a->out_strings[2 * i + 1] = join_sorted(c->docs, c->ndocs, ",");
        a->nout = i + 1;
        if (!a->out_strings[2 * i] || !a->out_strings[2 * i + 1])
            goto nomem;
        o->groups = a->out_strings[2 * i];
        o->doc_ids = a->out_strings[2 * i + 1];
    }
    for (size_t k = 0; k < a->nkeys; k++) {
        kh_agg_cell *o = &a->out[a->keys[k].cell];
        if (a->keys[k].killed > 0)
            o->killed += a->keys[k].killed;
        if (a->keys[k].injured > 0)
            o->injured += a->keys[k].injured;
    }
    /* out_strings stay paired with their cells by pointer, so sorting the cells is enough */
    qsort(a->out, a->ncells, sizeof *a->out, cmp_cell);
    a->dirty = 0;
    *n = a->nout;
    return a->out;
nomem:
    free_out(a);
    kh_error_set(err, KH_E_NOMEM, "out of memory while aggregating");
    return NULL;
}

void kh_agg_summary_get(kh_agg *a, kh_agg_summary *out)
{
    size_t n = 0;
    const kh_agg_cell *c = kh_agg_cells(a, &n, NULL);
    *out = a->sum;
    out->killed = out->injured = 0;
    for (size_t i = 0; i < n; i++) {
        out->killed += c[i].killed;
        out->injured += c[i].injured;
    }
    out->cells = (long)n;
}
