/* The document driver: validate one document, run places, casualties and dates, write JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "extract/extract_int.h"
#include "kharita/extract.h"

struct kh_extractor {
    kh_gazetteer *gaz;
};

kh_extractor *kh_extract_open(const char *gaz_path, kh_error *err)
{
    kh_extractor *ex = calloc(1, sizeof *ex);
    if (!ex) {
        kh_error_set(err, KH_E_NOMEM, "out of memory");
        return NULL;
    }
    ex->gaz = kh_gaz_open(gaz_path, err);
    if (!ex->gaz) {
        free(ex);
        return NULL;
    }
    return ex;
}

void kh_extract_close(kh_extractor *ex)
{
    if (!ex)
        return;
    kh_gaz_close(ex->gaz);
    free(ex);
}

const kh_gazetteer *kh_extract_gazetteer(const kh_extractor *ex)
{
    return ex->gaz;
}

/* A coordinate as a short decimal: 34.452 rather than 34.452000000000002. */
static json_object *coord(double v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.5f", v);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '0' && buf[n - 2] != '.')
        buf[--n] = '\0';
    return json_object_new_double_s(v, buf);
}

static json_object *str_or_null(const char *s)
{
    return s && *s ? json_object_new_string(s) : NULL;
}

static json_object *src_slice(const char *text, size_t a, size_t b)
{
    return json_object_new_string_len(text + a, (int)(b - a));
}

static void add(json_object *o, const char *k, json_object *v)
{
    json_object_object_add(o, k, v);
}

static const char *precision_name(int p)
{
    switch (p) {
    case EX_DATE_DAY: return "day";
    case EX_DATE_WEEK: return "week";
    case EX_DATE_MONTH: return "month";
    case EX_DATE_RANGE: return "range";
    default: return NULL;
    }
}

/* The place of an event, or a place mention, described by its gazetteer entry. */
static json_object *place_json(const kh_gazetteer *g, uint32_t index, int full)
{
    kh_place p;
    kh_gaz_place(g, index, &p);
    json_object *o = json_object_new_object();
    add(o, "id", json_object_new_string(p.id));
    add(o, "name_ar", json_object_new_string(p.name_ar));
    add(o, "name_en", json_object_new_string(p.name_en));
    add(o, "kind", str_or_null(kh_kind_name(p.kind)));
    add(o, "admin1", str_or_null(p.admin1));
    if (full)
        add(o, "country", str_or_null(p.country));
    add(o, "lat", coord(p.lat));
    add(o, "lon", coord(p.lon));
    return o;
}

static json_object *mention_json(const kh_gazetteer *g, const kh_text *t, const char *text,
                                 const ex_mention *m)
{
    size_t a = kh_text_source_offset(t, m->start), b = kh_text_source_offset(t, m->end);
    json_object *o = json_object_new_object();
    add(o, "text", src_slice(text, a, b));
    add(o, "start", json_object_new_int64((int64_t)a));
    add(o, "end", json_object_new_int64((int64_t)b));
    json_object *p = place_json(g, m->place, 1);
    json_object_object_foreach(p, k, v) add(o, k, json_object_get(v));
    json_object_put(p);
    return o;
}

static json_object *event_json(const kh_gazetteer *g, const kh_text *t, const char *text,
                               const ex_mention *ms, size_t nms, const ex_event *e)
{
    json_object *o = json_object_new_object();
    add(o, "killed", e->killed >= 0 ? json_object_new_int64(e->killed) : NULL);
    add(o, "injured", e->injured >= 0 ? json_object_new_int64(e->injured) : NULL);
    add(o, "qualifier", str_or_null(e->qualifier));
    add(o, "group", str_or_null(e->group));
    add(o, "cumulative", json_object_new_boolean(e->cumulative != 0));
    if (e->date.precision != EX_DATE_NONE) {
        char buf[48];
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", e->date.y, e->date.m,
                 e->date.d > 0 ? e->date.d : 1);
        add(o, "date", json_object_new_string(buf));
        add(o, "date_precision", json_object_new_string(precision_name(e->date.precision)));
    } else {
        add(o, "date", NULL);
        add(o, "date_precision", NULL);
    }
    if (e->mention >= 0 && (size_t)e->mention < nms) {
        json_object *p = place_json(g, ms[e->mention].place, 0);
        size_t a = kh_text_source_offset(t, ms[e->mention].start);
        size_t b = kh_text_source_offset(t, ms[e->mention].end);
        add(p, "text", src_slice(text, a, b));
        add(o, "place", p);
    } else {
        add(o, "place", NULL);
    }
    size_t a = kh_text_source_offset(t, e->start), b = kh_text_source_offset(t, e->end);
    add(o, "start", json_object_new_int64((int64_t)a));
    add(o, "end", json_object_new_int64((int64_t)b));
    add(o, "evidence", src_slice(text, a, b));
    if (e->part_of >= 0)
        add(o, "part_of", json_object_new_int(e->part_of));
    return o;
}

/* Whether S is NULL or well-formed UTF-8 without NUL (echoed fields must be valid JSON). */
static int valid_utf8(const char *s)
{
    if (!s)
        return 1;
    kh_text *t = kh_text_new(s, strlen(s), NULL);
    kh_text_free(t);
    return t != NULL;
}

char *kh_extract_doc(const kh_extractor *ex, const kh_doc *doc, kh_extract_counts *counts,
                     kh_error *err)
{
    const char *id = doc->id ? doc->id : "";
    kh_text *t = NULL;
    ex_mention *ms = NULL;
    ex_event *evs = NULL;
    size_t nms = 0, nevs = 0;
    json_object *root = NULL;
    char *out = NULL;
    kh_error sub = { 0 };
    ex_docinfo info = { 0 };

    if (counts)
        *counts = (kh_extract_counts){ 0 };
    if (!valid_utf8(doc->id)) {
        kh_error_set(err, KH_E_REJECT, "document id is not valid UTF-8");
        goto out;
    }
    if (!valid_utf8(doc->title) || !valid_utf8(doc->url) || !valid_utf8(doc->source) ||
        !valid_utf8(doc->date)) {
        kh_error_set(err, KH_E_REJECT, "document %s: a field is not valid UTF-8", id);
        goto out;
    }
    if (doc->date && ex_date_parse_iso(doc->date, &info.pub) != 0) {
        kh_error_set(err, KH_E_REJECT, "document %s: impossible date '%.40s'", id, doc->date);
        goto out;
    }
    if (!doc->text) {
        kh_error_set(err, KH_E_REJECT, "document %s: no text", id);
        goto out;
    }
    t = kh_text_new(doc->text, doc->len, &sub);
    if (!t) {
        kh_error_set(err, sub.code ? sub.code : KH_E_REJECT, "document %s: %s", id, sub.msg);
        goto out;
    }
    if (ex_places(t, ex->gaz, &ms, &nms, &sub) < 0) {
        kh_error_set(err, sub.code, "document %s: %s", id, sub.msg);
        goto out;
    }
    info.text = t;
    info.gaz = ex->gaz;
    info.mentions = ms;
    info.nmentions = nms;
    info.focus = ex_focus(&info);
    if (ex_casualties(&info, &evs, &nevs, &sub) < 0) {
        kh_error_set(err, sub.code, "document %s: %s", id, sub.msg);
        goto out;
    }

    root = json_object_new_object();
    add(root, "doc", json_object_new_string(id));
    add(root, "date", str_or_null(doc->date));
    if (doc->title)
        add(root, "title", json_object_new_string(doc->title));
    if (doc->url)
        add(root, "url", json_object_new_string(doc->url));
    if (doc->source)
        add(root, "source", json_object_new_string(doc->source));
    json_object *places = json_object_new_array_ext((int)nms);
    for (size_t i = 0; i < nms; i++)
        json_object_array_add(places, mention_json(ex->gaz, t, doc->text, &ms[i]));
    add(root, "places", places);
    json_object *events = json_object_new_array_ext((int)nevs);
    for (size_t i = 0; i < nevs; i++)
        json_object_array_add(events, event_json(ex->gaz, t, doc->text, ms, nms, &evs[i]));
    add(root, "events", events);
    if (info.focus >= 0 && (size_t)info.focus < nms)
        add(root, "focus", json_object_new_int(info.focus));

    const char *s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
                                                             JSON_C_TO_STRING_NOSLASHESCAPE);
    out = s ? strdup(s) : NULL;
    if (!out) {
        kh_error_set(err, KH_E_NOMEM, "document %s: out of memory", id);
        goto out;
    }
    if (counts)
        *counts = (kh_extract_counts){ nms, nevs };
out:
    json_object_put(root);
    free(evs);
    free(ms);
    kh_text_free(t);
    return out;
}
