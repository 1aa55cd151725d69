/* The document driver: validate one document, run places, casualties and dates, write JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The output line, written straight into a growing buffer: a json-c tree per document cost
 * a fifth of extraction in building, printing and freeing it. The bytes are the ones
 * json_object_to_json_string_ext(JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
 * printed for the same tree: no spaces, keys in the order added, json-c's escaping. */
typedef struct jbuf {
    char *s;
    size_t n, cap;
    int oom;
} jbuf;

static void jb_put(jbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (b->n + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

#define jb_lit(b, lit) jb_put((b), lit, sizeof lit - 1)

/* S[0..n) as a JSON string, escaped as json-c does: \b \n \r \t \f \" \\ by name, other
 * bytes below 0x20 as \u00xx (lower-case hex), '/' and everything else as it is. */
static void jb_str(jbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    jb_lit(b, "\"");
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        jb_put(b, s + from, i - from);
        from = i + 1;
        switch (c) {
        case '\b': jb_lit(b, "\\b"); break;
        case '\n': jb_lit(b, "\\n"); break;
        case '\r': jb_lit(b, "\\r"); break;
        case '\t': jb_lit(b, "\\t"); break;
        case '\f': jb_lit(b, "\\f"); break;
        case '"': jb_lit(b, "\\\""); break;
        case '\\': jb_lit(b, "\\\\"); break;
        default: {
            char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };
            jb_put(b, u, sizeof u);
        }
        }
    }
    jb_put(b, s + from, n - from);
    jb_lit(b, "\"");
}

/* ,"KEY": (no comma before the first key of an object). KEY is a string literal that needs
 * no escaping: the member name is written as one literal, not escaped byte by byte. */
#define jb_key(b, key, first)                                                              \
    jb_put((b), ",\"" key "\":" + !!(first), sizeof(",\"" key "\":") - 1 - !!(first))

static void jb_cstr(jbuf *b, const char *s)
{
    jb_str(b, s, strlen(s));
}

/* A string, or null when S is NULL or empty. */
static void jb_str_or_null(jbuf *b, const char *s)
{
    if (s && *s)
        jb_cstr(b, s);
    else
        jb_lit(b, "null");
}

/* V in decimal, as printf's %lld writes it. */
static void jb_int(jbuf *b, long long v)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    jb_put(b, p, (size_t)(buf + sizeof buf - p));
}

/* A coordinate as a short decimal: 34.452 rather than 34.452000000000002. The digits are
 * printf's "%.5f" with the trailing zeros dropped (one kept after the point). printf rounds
 * the exact binary value, ties to even; V·10⁵ rounded here is that same integer unless the
 * product lies near a tie, and then (and for tiny, huge or odd values) printf decides. */
static void jb_coord(jbuf *b, double v)
{
    char buf[40];
    size_t n;
    double s = v * 1e5, r = nearbyint(s);
    if (isfinite(v) && fabs(s) < 1e12 && r != 0 && fabs(fabs(s - r) - 0.5) > 1e-3) {
        unsigned long long u = (unsigned long long)fabs(r);
        char *p = buf + sizeof buf;
        for (int k = 0; k < 5; k++, u /= 10)
            *--p = (char)('0' + u % 10);
        *--p = '.';
        do
            *--p = (char)('0' + u % 10);
        while (u /= 10);
        if (r < 0)
            *--p = '-';
        n = (size_t)(buf + sizeof buf - p);
        memmove(buf, p, n);
    } else {
        snprintf(buf, sizeof buf, "%.5f", v);
        n = strlen(buf);
    }
    while (n > 1 && buf[n - 1] == '0' && buf[n - 2] != '.')
        n--;
    jb_put(b, buf, n);
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

/* The members of the place of an event, or of a place mention, from its gazetteer entry
 * (FIRST: id is the object's first key). */
static void place_members(jbuf *b, const kh_gazetteer *g, uint32_t index, int full, int first)
{
    kh_place p;
    kh_gaz_place(g, index, &p);
    jb_key(b, "id", first);
    jb_cstr(b, p.id);
    jb_key(b, "name_ar", 0);
    jb_cstr(b, p.name_ar);
    jb_key(b, "name_en", 0);
    jb_cstr(b, p.name_en);
    jb_key(b, "kind", 0);
    jb_str_or_null(b, kh_kind_name(p.kind));
    jb_key(b, "admin1", 0);
    jb_str_or_null(b, p.admin1);
    if (full) {
        jb_key(b, "country", 0);
        jb_str_or_null(b, p.country);
    }
    jb_key(b, "lat", 0);
    jb_coord(b, p.lat);
    jb_key(b, "lon", 0);
    jb_coord(b, p.lon);
}

static void mention_json(jbuf *b, const kh_gazetteer *g, const kh_text *t, const char *text,
                         const ex_mention *m)
{
    size_t a = kh_text_source_offset(t, m->start), e = kh_text_source_offset(t, m->end);
    jb_key(b, "text", 1);
    jb_str(b, text + a, e - a);
    jb_key(b, "start", 0);
    jb_int(b, (long long)a);
    jb_key(b, "end", 0);
    jb_int(b, (long long)e);
    place_members(b, g, m->place, 1, 0);
}

static void event_json(jbuf *b, const kh_gazetteer *g, const kh_text *t, const char *text,
                       const ex_mention *ms, size_t nms, const ex_event *e)
{
    jb_key(b, "killed", 1);
    if (e->killed >= 0)
        jb_int(b, e->killed);
    else
        jb_lit(b, "null");
    jb_key(b, "injured", 0);
    if (e->injured >= 0)
        jb_int(b, e->injured);
    else
        jb_lit(b, "null");
    jb_key(b, "qualifier", 0);
    jb_str_or_null(b, e->qualifier);
    jb_key(b, "group", 0);
    jb_str_or_null(b, e->group);
    jb_key(b, "cumulative", 0);
    if (e->cumulative != 0)
        jb_lit(b, "true");
    else
        jb_lit(b, "false");
    jb_key(b, "date", 0);
    if (e->date.precision != EX_DATE_NONE) {
        char buf[48];
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", e->date.y, e->date.m,
                 e->date.d > 0 ? e->date.d : 1);
        jb_cstr(b, buf);
        jb_key(b, "date_precision", 0);
        const char *pn = precision_name(e->date.precision);
        if (pn)
            jb_cstr(b, pn);
        else
            jb_lit(b, "null");
    } else {
        jb_lit(b, "null");
        jb_key(b, "date_precision", 0);
        jb_lit(b, "null");
    }
    jb_key(b, "place", 0);
    if (e->mention >= 0 && (size_t)e->mention < nms) {
        size_t a = kh_text_source_offset(t, ms[e->mention].start);
        size_t z = kh_text_source_offset(t, ms[e->mention].end);
        jb_lit(b, "{");
        place_members(b, g, ms[e->mention].place, 0, 1);
        jb_key(b, "text", 0);
        jb_str(b, text + a, z - a);
        jb_lit(b, "}");
    } else {
        jb_lit(b, "null");
    }
    size_t a = kh_text_source_offset(t, e->start), z = kh_text_source_offset(t, e->end);
    jb_key(b, "start", 0);
    jb_int(b, (long long)a);
    jb_key(b, "end", 0);
    jb_int(b, (long long)z);
    jb_key(b, "evidence", 0);
    jb_str(b, text + a, z - a);
    if (e->part_of >= 0) {
        jb_key(b, "part_of", 0);
        jb_int(b, e->part_of);
    }
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
    jbuf jb = { 0 };
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

    jb_lit(&jb, "{");
    jb_key(&jb, "doc", 1);
    jb_cstr(&jb, id);
    jb_key(&jb, "date", 0);
    jb_str_or_null(&jb, doc->date);
    if (doc->title) {
        jb_key(&jb, "title", 0);
        jb_cstr(&jb, doc->title);
    }
    if (doc->url) {
        jb_key(&jb, "url", 0);
        jb_cstr(&jb, doc->url);
    }
    if (doc->source) {
        jb_key(&jb, "source", 0);
        jb_cstr(&jb, doc->source);
    }
    jb_key(&jb, "places", 0);
    jb_lit(&jb, "[");
    for (size_t i = 0; i < nms; i++) {
        if (i)
            jb_lit(&jb, ",");
        jb_lit(&jb, "{");
        mention_json(&jb, ex->gaz, t, doc->text, &ms[i]);
        jb_lit(&jb, "}");
    }
    jb_lit(&jb, "]");
    jb_key(&jb, "events", 0);
    jb_lit(&jb, "[");
    for (size_t i = 0; i < nevs; i++) {
        if (i)
            jb_lit(&jb, ",");
        jb_lit(&jb, "{");
        event_json(&jb, ex->gaz, t, doc->text, ms, nms, &evs[i]);
        jb_lit(&jb, "}");
    }
    jb_lit(&jb, "]");
    if (info.focus >= 0 && (size_t)info.focus < nms) {
        jb_key(&jb, "focus", 0);
        jb_int(&jb, info.focus);
    }
    jb_lit(&jb, "}");
    if (jb.oom) {
        kh_error_set(err, KH_E_NOMEM, "document %s: out of memory", id);
        goto out;
    }
    out = jb.s;
    jb.s = NULL;
    if (counts)
        *counts = (kh_extract_counts){ nms, nevs };
out:
    free(jb.s);
    free(evs);
    free(ms);
    kh_text_free(t);
    return out;
}
