/* Parsing one line of `kharita extract` output (JSON Lines, json-c) into a document and its
 * classified events. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "aggregate/aggregate_int.h"

struct kh_agg_doc {
    char *strings;          /* every string below and in the events lives in it */
    const char *id, *date, *title, *source, *url;
    kh_event *events;
    size_t nevents;
};

const char *kh_event_status_name(int status)
{
    switch (status) {
    case KH_EVENT_MAPPED: return "mapped";
    case KH_EVENT_UNLOCATED: return "unlocated";
    case KH_EVENT_UNDATED: return "undated";
    case KH_EVENT_FOREIGN: return "foreign";
    default: return NULL;
    }
}

/* Where in the record a member is, for messages: "", "event 3: " or "event 3 place: ". Made
 * into text only when something is refused (not twice for every event). */
typedef struct where {
    long event;             /* -1: the record itself */
    int place;              /* the event's "place" */
} where;

static const where top = { -1, 0 };

static int refuse(kh_error *err, const where *w, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int refuse(kh_error *err, const where *w, const char *fmt, ...)
{
    char msg[KH_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (w->event < 0)
        return kh_error_set(err, KH_E_REJECT, "%s", msg);
    return kh_error_set(err, KH_E_REJECT, "event %ld%s: %s", w->event, w->place ? " place" : "",
                        msg);
}

/* Optional string member: absent or null -> NULL; anything but a string is refused. */
static int get_str(json_object *o, const char *key, const char **out, const where *w,
                   kh_error *err)
{
    json_object *v;
    *out = NULL;
    if (!json_object_object_get_ex(o, key, &v) || !v)
        return 0;
    if (!json_object_is_type(v, json_type_string))
        return refuse(err, w, "\"%s\" is not a string", key);
    *out = json_object_get_string(v);
    return 0;
}

/* Optional whole number >= 0: absent or null -> -1. 30.0 is taken as 30. */
static int get_count(json_object *o, const char *key, long *out, const where *w, kh_error *err)
{
    json_object *v;
    *out = -1;
    if (!json_object_object_get_ex(o, key, &v) || !v)
        return 0;
    double x;
    if (json_object_is_type(v, json_type_int))
        x = (double)json_object_get_int64(v);
    else if (json_object_is_type(v, json_type_double))
        x = json_object_get_double(v);
    else
        return refuse(err, w, "\"%s\" is not a number", key);
    if (!(x >= 0) || x != floor(x) || x > 1e12)
        return refuse(err, w, "\"%s\" is not a whole number >= 0", key);
    *out = (long)x;
    return 0;
}

/* Optional coordinate: absent or null -> *has = 0. */
static int get_coord(json_object *o, const char *key, double lim, double *out, int *has,
                     const where *w, kh_error *err)
{
    json_object *v;
    *has = 0;
    if (!json_object_object_get_ex(o, key, &v) || !v)
        return 0;
    if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
        return refuse(err, w, "\"%s\" is not a number", key);
    *out = json_object_get_double(v);
    if (!isfinite(*out) || fabs(*out) > lim)
        return refuse(err, w, "\"%s\" %g is out of range", key, *out);
    *has = 1;
    return 0;
}

static int get_bool(json_object *o, const char *key, int dflt)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !v)
        return dflt;
    if (json_object_is_type(v, json_type_boolean) || json_object_is_type(v, json_type_int))
        return json_object_get_boolean(v);
    return dflt;
}

static int get_date(json_object *o, const char *key, const char **out, const where *w,
                    kh_error *err)
{
    int rc = get_str(o, key, out, w, err), y, m, d;
    if (rc == 0 && *out && kh_date_parse_iso(*out, NULL, &y, &m, &d) != 0)
        return refuse(err, w, "\"%s\" '%.40s' is not a date (YYYY-MM-DD)", key, *out);
    return rc;
}

/* The document's "places" mentions that name a country: read once, on the first event that
 * needs one (every event place, whose own object has no "country"), instead of looking
 * through the JSON objects again for each. */
typedef struct mentions {
    json_object *places;    /* the array, or NULL */
    struct mention { const char *id, *country; } *list;
    size_t n;
    int read;               /* list made (or could not be: then looked up in places) */
} mentions;

/* The country of place ID among the mentions, or NULL. */
static const char *mention_country(mentions *m, const char *id)
{
    if (!m->places || !id || !json_object_is_type(m->places, json_type_array))
        return NULL;
    size_t n = json_object_array_length(m->places);
    if (!m->read) {
        m->read = 1;
        m->list = n ? malloc(n * sizeof *m->list) : NULL;
        for (size_t i = 0; m->list && i < n; i++) {
            json_object *p = json_object_array_get_idx(m->places, i), *v, *c;
            if (p && json_object_is_type(p, json_type_object) &&
                json_object_object_get_ex(p, "id", &v) &&
                json_object_is_type(v, json_type_string) &&
                json_object_object_get_ex(p, "country", &c) &&
                json_object_is_type(c, json_type_string))
                m->list[m->n++] = (struct mention){ json_object_get_string(v),
                                                    json_object_get_string(c) };
        }
    }
    if (m->list) {
        for (size_t i = 0; i < m->n; i++)
            if (strcmp(m->list[i].id, id) == 0)
                return m->list[i].country;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {    /* no memory for the list */
        json_object *p = json_object_array_get_idx(m->places, i), *v;
        if (!p || !json_object_is_type(p, json_type_object))
            continue;
        if (json_object_object_get_ex(p, "id", &v) && json_object_is_type(v, json_type_string) &&
            strcmp(json_object_get_string(v), id) == 0 &&
            json_object_object_get_ex(p, "country", &v) && json_object_is_type(v, json_type_string))
            return json_object_get_string(v);
    }
    return NULL;
}

static int geo_precision_of(const char *kind, int near)
{
    static const char *const exact[] = { "city", "town", "village", "neighbourhood",
                                         "neighborhood", "camp", "landmark", NULL };
    static const char *const broad[] = { "region", "governorate", "country", NULL };
    if (kind)
        for (size_t i = 0; broad[i]; i++)
            if (strcmp(kind, broad[i]) == 0)
                return 3;
    if (kind && !near)
        for (size_t i = 0; exact[i]; i++)
            if (strcmp(kind, exact[i]) == 0)
                return 1;
    /* near a locality, a district or subdistrict, or a kind we do not know */
    return 2;
}

void kh_event_classify(kh_event *ev)
{
    ev->geo_precision = ev->has_point ? geo_precision_of(ev->kind, ev->near) : 0;

    ev->time_precision = NULL;
    if (ev->event_date) {
        const char *p = ev->date_precision;
        if (!p || strcmp(p, "day") == 0)
            ev->time_precision = "day";
        else if (strcmp(p, "week") == 0)
            ev->time_precision = "week";
        else if (strcmp(p, "range") == 0) {
            /* A range is placed at its start: a week when it spans at most 7 days, else (or
             * when its end is unknown) a month. */
            int y, m, d, y2, m2, d2;
            ev->time_precision = "month";
            if (ev->date_end && kh_date_parse_iso(ev->event_date, NULL, &y, &m, &d) == 0 &&
                kh_date_parse_iso(ev->date_end, NULL, &y2, &m2, &d2) == 0) {
                long len =
                    kh_date_days_from_civil(y2, m2, d2) - kh_date_days_from_civil(y, m, d) + 1;
                if (len <= 7)
                    ev->time_precision = "week";
            }
        } else
            ev->time_precision = "month";   /* month, or anything coarser */
    }

    if (!ev->has_point)
        ev->status = KH_EVENT_UNLOCATED;
    else if (ev->country && *ev->country && strcmp(ev->country, "SY") != 0)
        ev->status = KH_EVENT_FOREIGN;
    else if (!ev->event_date)
        ev->status = KH_EVENT_UNDATED;
    else
        ev->status = KH_EVENT_MAPPED;
}

static int parse_event(kh_agg_doc *doc, mentions *places, json_object *e, size_t i, size_t n,
                       kh_event *ev, kh_error *err)
{
    where w = { (long)i, 0 };
    memset(ev, 0, sizeof *ev);
    ev->doc_id = doc->id;
    ev->index = (int)i;
    ev->part_of = -1;
    if (!json_object_is_type(e, json_type_object))
        return kh_error_set(err, KH_E_REJECT, "event %zu is not an object", i);
    int rc = get_count(e, "killed", &ev->killed, &w, err);
    if (!rc) rc = get_count(e, "injured", &ev->injured, &w, err);
    if (!rc) rc = get_str(e, "qualifier", &ev->qualifier, &w, err);
    if (!rc) rc = get_str(e, "group", &ev->group, &w, err);
    if (!rc) rc = get_date(e, "date", &ev->event_date, &w, err);
    if (!rc) rc = get_str(e, "date_precision", &ev->date_precision, &w, err);
    if (!rc) rc = get_date(e, "date_end", &ev->date_end, &w, err);
    if (!rc) rc = get_str(e, "evidence", &ev->evidence, &w, err);
    if (!rc) rc = get_count(e, "start", &ev->start, &w, err);
    if (!rc) rc = get_count(e, "end", &ev->end, &w, err);
    if (rc)
        return rc;
    ev->cumulative = get_bool(e, "cumulative", 0);
    ev->near = get_bool(e, "near", 0);

    long part;
    if ((rc = get_count(e, "part_of", &part, &w, err)) != 0)
        return rc;
    if (part >= 0) {
        if ((size_t)part >= n || (size_t)part == i)
            return kh_error_set(err, KH_E_REJECT, "event %zu: \"part_of\" %ld is not another "
                                "event of this document", i, part);
        ev->part_of = (int)part;
    }

    json_object *pl;
    if (json_object_object_get_ex(e, "place", &pl) && pl) {
        if (!json_object_is_type(pl, json_type_object))
            return kh_error_set(err, KH_E_REJECT, "event %zu: \"place\" is not an object", i);
        w.place = 1;
        int hlat, hlon;
        rc = get_str(pl, "id", &ev->place_id, &w, err);
        if (!rc) rc = get_str(pl, "name_ar", &ev->name_ar, &w, err);
        if (!rc) rc = get_str(pl, "name_en", &ev->name_en, &w, err);
        if (!rc) rc = get_str(pl, "admin1", &ev->admin1, &w, err);
        if (!rc) rc = get_str(pl, "kind", &ev->kind, &w, err);
        if (!rc) rc = get_str(pl, "country", &ev->country, &w, err);
        if (!rc) rc = get_coord(pl, "lat", 90, &ev->lat, &hlat, &w, err);
        if (!rc) rc = get_coord(pl, "lon", 180, &ev->lon, &hlon, &w, err);
        if (rc)
            return rc;
        ev->has_point = hlat && hlon;
        if (!ev->country)
            ev->country = mention_country(places, ev->place_id);
        if (!get_bool(pl, "in_syria", 1))
            ev->country = "??";
    }
    if (!get_bool(e, "in_syria", 1))
        ev->country = ev->country && strcmp(ev->country, "SY") != 0 ? ev->country : "??";

    kh_event_classify(ev);
    return 0;
}

/* The string members of kh_event that come from the JSON (time_precision is a literal). */
static const size_t event_strings[] = {
    offsetof(kh_event, event_date), offsetof(kh_event, date_precision),
    offsetof(kh_event, date_end), offsetof(kh_event, qualifier), offsetof(kh_event, group),
    offsetof(kh_event, place_id), offsetof(kh_event, name_ar), offsetof(kh_event, name_en),
    offsetof(kh_event, admin1), offsetof(kh_event, kind), offsetof(kh_event, country),
    offsetof(kh_event, evidence)
};
#define N_EVENT_STRINGS (sizeof event_strings / sizeof event_strings[0])

static const char **event_string(kh_event *ev, size_t k)
{
    return (const char **)((char *)ev + event_strings[k]);
}

static void copy_str(const char **s, char **to)
{
    if (!*s)
        return;
    size_t n = strlen(*s) + 1;
    memcpy(*to, *s, n);
    *s = *to;
    *to += n;
}

/* Move every string of DOC out of the JSON tree (borrowed until now) into one block of its
 * own and name the events ("DOC#N"), so that the tree can go: a batch of documents then
 * holds a few KiB each instead of a json-c tree of every place mention. 0 or -1 (memory). */
static int own_strings(kh_agg_doc *doc)
{
    const char **top[] = { &doc->id, &doc->date, &doc->title, &doc->source, &doc->url };
    size_t ntop = sizeof top / sizeof top[0], size = 0, idlen = strlen(doc->id);
    for (size_t k = 0; k < ntop; k++)
        size += *top[k] ? strlen(*top[k]) + 1 : 0;
    for (size_t i = 0; i < doc->nevents; i++) {
        size += idlen + 22;     /* "#" and up to 20 digits and the NUL */
        for (size_t k = 0; k < N_EVENT_STRINGS; k++) {
            const char *v = *event_string(&doc->events[i], k);
            size += v ? strlen(v) + 1 : 0;
        }
    }
    char *p = doc->strings = malloc(size ? size : 1);
    if (!p)
        return -1;
    for (size_t k = 0; k < ntop; k++)
        copy_str(top[k], &p);
    for (size_t i = 0; i < doc->nevents; i++) {
        kh_event *ev = &doc->events[i];
        ev->doc_id = doc->id;
        for (size_t k = 0; k < N_EVENT_STRINGS; k++)
            copy_str(event_string(ev, k), &p);
        ev->event_id = p;       /* "DOC#N" */
        memcpy(p, doc->id, idlen);
        p += idlen;
        *p++ = '#';
        char digits[24];
        size_t nd = 0;
        for (size_t k = i; nd == 0 || k; k /= 10)
            digits[nd++] = (char)('0' + k % 10);
        while (nd)
            *p++ = digits[--nd];
        *p++ = '\0';
    }
    return 0;
}

/* One json_tokener per thread, kept between lines: a new one costs a 1 KiB calloc for its
 * stack, and that large a request makes malloc consolidate every small block the previous
 * document's tree freed (a fifth of `aggregate`'s time before). Freed when the thread ends. */
static pthread_key_t tok_key;
static pthread_once_t tok_once = PTHREAD_ONCE_INIT;
static int tok_key_ok;

static void tok_free(void *tok)
{
    json_tokener_free(tok);
}

static void tok_key_make(void)
{
    tok_key_ok = pthread_key_create(&tok_key, tok_free) == 0;
}

static json_tokener *tok_get(void)
{
    pthread_once(&tok_once, tok_key_make);
    json_tokener *tok = tok_key_ok ? pthread_getspecific(tok_key) : NULL;
    if (tok) {
        json_tokener_reset(tok);
        return tok;
    }
    tok = json_tokener_new();
    if (tok && tok_key_ok && pthread_setspecific(tok_key, tok) != 0) {
        json_tokener_free(tok);
        return NULL;
    }
    return tok;
}

/* Done with TOK from tok_get: kept for the thread's next line, or freed when it could not be. */
static void tok_put(json_tokener *tok)
{
    if (tok && !tok_key_ok)
        json_tokener_free(tok);
}

kh_agg_doc *kh_agg_doc_parse(const char *line, size_t len, kh_error *err)
{
    kh_agg_doc *doc = NULL;
    mentions m = { 0 };
    json_tokener *tok = tok_get();
    json_object *root = NULL, *v;
    if (!tok) {
        kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto fail;
    }
    if (len > INT_MAX) {
        kh_error_set(err, KH_E_REJECT, "line of more than %d bytes", INT_MAX);
        goto fail;
    }
    root = json_tokener_parse_ex(tok, line, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    if (jerr == json_tokener_continue) {
        /* the line may end without its "\n" inside a value that only an end can finish
         * (a number): give it one, as if the newline had come with it */
        root = json_tokener_parse_ex(tok, "\n", 1);
        jerr = json_tokener_get_error(tok);
        end = len;
    }
    if (!root || jerr != json_tokener_success) {
        kh_error_set(err, KH_E_REJECT, "invalid JSON: %s",
                     jerr == json_tokener_continue ? "unexpected end of line"
                                                   : json_tokener_error_desc(jerr));
        goto fail;
    }
    for (size_t p = end; p < len; p++)
        if (line[p] != ' ' && line[p] != '\t' && line[p] != '\r' && line[p] != '\n') {
            kh_error_set(err, KH_E_REJECT, "invalid JSON: text after the object at byte %zu", p);
            goto fail;
        }
    if (!json_object_is_type(root, json_type_object)) {
        kh_error_set(err, KH_E_REJECT, "not a JSON object");
        goto fail;
    }
    doc = calloc(1, sizeof *doc);
    if (!doc) {
        kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto fail;
    }
    if (get_str(root, "doc", &doc->id, &top, err) != 0)
        goto fail;
    if (!doc->id || !*doc->id) {
        kh_error_set(err, KH_E_REJECT, "no \"doc\" id");
        goto fail;
    }
    if (get_date(root, "date", &doc->date, &top, err) ||
        get_str(root, "title", &doc->title, &top, err) ||
        get_str(root, "source", &doc->source, &top, err) ||
        get_str(root, "url", &doc->url, &top, err))
        goto fail;

    json_object *places = NULL;
    if (json_object_object_get_ex(root, "places", &places) && places &&
        !json_object_is_type(places, json_type_array)) {
        kh_error_set(err, KH_E_REJECT, "\"places\" is not an array");
        goto fail;
    }
    m.places = places;
    if (json_object_object_get_ex(root, "events", &v) && v) {
        if (!json_object_is_type(v, json_type_array)) {
            kh_error_set(err, KH_E_REJECT, "\"events\" is not an array");
            goto fail;
        }
        size_t n = json_object_array_length(v);
        if (n) {
            doc->events = calloc(n, sizeof *doc->events);
            if (!doc->events) {
                kh_error_set(err, KH_E_NOMEM, "out of memory");
                goto fail;
            }
            doc->nevents = n;
        }
        for (size_t i = 0; i < n; i++)
            if (parse_event(doc, &m, json_object_array_get_idx(v, i), i, n, &doc->events[i], err))
                goto fail;
    }
    if (own_strings(doc) != 0) {
        kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto fail;
    }
    free(m.list);
    json_object_put(root);
    tok_put(tok);
    return doc;
fail:
    free(m.list);
    kh_agg_doc_free(doc);
    json_object_put(root);
    tok_put(tok);
    return NULL;
}

void kh_agg_doc_free(kh_agg_doc *d)
{
    if (!d)
        return;
    free(d->strings);
    free(d->events);
    free(d);
}

const char *kh_agg_doc_id(const kh_agg_doc *d) { return d->id; }
const char *kh_agg_doc_date(const kh_agg_doc *d) { return d->date; }
const char *kh_agg_doc_title(const kh_agg_doc *d) { return d->title; }
const char *kh_agg_doc_source(const kh_agg_doc *d) { return d->source; }
const char *kh_agg_doc_url(const kh_agg_doc *d) { return d->url; }

const kh_event *kh_agg_doc_events(const kh_agg_doc *d, size_t *n)
{
    *n = d->nevents;
    return d->events;
}
