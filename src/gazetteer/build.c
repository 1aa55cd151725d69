/* Compiling gazetteer sources into the index: validation across files, merging curated and
 * imported rows of the same place, keys and postings, and writing the mmap-able file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kharita/files.h"
#include "gazetteer/gazetteer_int.h"

#define MERGE_KM 5.0

/* ---- a growable byte buffer ---- */
typedef struct buf {
    char *p;
    size_t n, cap;
    int failed;
} buf;

static void buf_put(buf *b, const void *data, size_t n)
{
    if (b->failed || !n)    /* nothing to copy, and b->p may still be NULL */
        return;
    if (b->cap - b->n < n) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->n < n)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, n);
    b->n += n;
}

static void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(buf *b, const char *fmt, ...)
{
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        buf_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void buf_align(buf *b)
{
    static const char zero[8];
    buf_put(b, zero, (8 - b->n % 8) % 8);
}

/* ---- the string pool, deduplicated ---- */
typedef struct pool {
    buf data;
    uint32_t *slots;        /* offset + 1, 0 = empty */
    size_t cap, n;
} pool;

static int pool_grow(pool *p)
{
    size_t cap = p->cap ? p->cap * 2 : 1 << 14;
    uint32_t *s = calloc(cap, sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < p->cap; i++) {
        if (!p->slots[i])
            continue;
        const char *str = p->data.p + p->slots[i] - 1;
        size_t h = gaz_hash(str, strlen(str)) & (cap - 1);
        while (s[h])
            h = (h + 1) & (cap - 1);
        s[h] = p->slots[i];
    }
    free(p->slots);
    p->slots = s;
    p->cap = cap;
    return 0;
}

/* Offset of S in the pool, adding it when new; UINT32_MAX when out of memory. */
static uint32_t pool_add(pool *p, const char *s)
{
    if (!*s)
        return 0;
    if ((p->n + 1) * 2 > p->cap && pool_grow(p) < 0)
        return UINT32_MAX;
    size_t len = strlen(s);
    size_t h = gaz_hash(s, len) & (p->cap - 1);
    while (p->slots[h]) {
        if (strcmp(p->data.p + p->slots[h] - 1, s) == 0)
            return p->slots[h] - 1;
        h = (h + 1) & (p->cap - 1);
    }
    if (p->data.n + len + 1 >= UINT32_MAX)
        return UINT32_MAX;
    uint32_t off = (uint32_t)p->data.n;
    buf_put(&p->data, s, len + 1);
    if (p->data.failed)
        return UINT32_MAX;
    p->slots[h] = off + 1;
    p->n++;
    return off;
}

/* ---- merging ---- */

static int is_curated(const gaz_row *r)
{
    return strncmp(r->f[GAZ_F_ID], "kh:", 3) == 0 || strcmp(r->f[GAZ_F_SOURCE], "team") == 0;
}

/* Kinds that can name the same place in two sources: populated places with each other
 * (GeoNames calls جوبر a village, the team a neighbourhood), everything else only with
 * itself. */
static int kind_family(int k)
{
    switch (k) {
    case KH_KIND_CITY: case KH_KIND_TOWN: case KH_KIND_VILLAGE: case KH_KIND_NEIGHBOURHOOD:
    case KH_KIND_CAMP:
        return 100;
    default:
        return k;
    }
}

typedef struct keyref {
    const char *key;
    size_t row;
} keyref;

static int keyref_cmp(const void *a, const void *b)
{
    const keyref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* The keys of a row's own names and typed variants (no generated ones). */
static int own_keys(const gaz_row *r, gaz_strs *out)
{
    const char *names[2] = { r->f[GAZ_F_NAME_AR], r->f[GAZ_F_NAME_EN] };
    for (int i = 0; i < 2; i++) {
        char *k = kh_gaz_key(names[i], strlen(names[i]), NULL);
        if (k && *k && gaz_strs_add(out, k) < 0) {
            free(k);
            return -1;
        }
        free(k);
    }
    for (const char *v = r->f[GAZ_F_VARIANTS]; *v;) {
        const char *bar = strchr(v, '|');
        size_t len = bar ? (size_t)(bar - v) : strlen(v);
        char *k = kh_gaz_key(v, len, NULL);
        if (k && *k && gaz_strs_add(out, k) < 0) {
            free(k);
            return -1;
        }
        free(k);
        v += len + (bar ? 1 : 0);
    }
    return 0;
}

static int append_variant(gaz_row *r, const char *v)
{
    if (!*v)
        return 0;
    const char *old = r->f[GAZ_F_VARIANTS];
    size_t n = strlen(old) + strlen(v) + 2;
    char *s = malloc(n);
    if (!s)
        return -1;
    snprintf(s, n, "%s%s%s", old, *old ? "|" : "", v);
    free(r->f[GAZ_F_VARIANTS]);
    r->f[GAZ_F_VARIANTS] = s;
    return 0;
}

/* Fold imported row G into curated row C: C keeps its names, kind and admin units; the
 * coordinate given with more decimals wins (curated on a tie), and both sources are recorded
 * ("team+geonames:cities500", the coordinate's source first). */
static int merge_into(gaz_row *c, gaz_row *g)
{
    if (append_variant(c, g->f[GAZ_F_NAME_AR]) < 0 || append_variant(c, g->f[GAZ_F_NAME_EN]) < 0 ||
        append_variant(c, g->f[GAZ_F_VARIANTS]) < 0)
        return -1;
    int geo_coord = g->coord_decimals > c->coord_decimals;
    if (geo_coord) {
        c->lat = g->lat;
        c->lon = g->lon;
        c->coord_decimals = g->coord_decimals;
    }
    if (g->importance > c->importance)
        c->importance = g->importance;
    if (!c->f[GAZ_F_PCODE][0] && gaz_row_set(c, GAZ_F_PCODE, g->f[GAZ_F_PCODE]) < 0)
        return -1;
    const char *cs = c->f[GAZ_F_SOURCE], *gs = g->f[GAZ_F_SOURCE];
    size_t n = strlen(cs) + strlen(gs) + 2;
    char *s = malloc(n);
    if (!s)
        return -1;
    snprintf(s, n, "%s+%s", geo_coord ? gs : cs, geo_coord ? cs : gs);
    free(c->f[GAZ_F_SOURCE]);
    c->f[GAZ_F_SOURCE] = s;
    return 0;
}

/* Merge every imported row into the nearest matching curated row. Returns merges or -1. */
static long merge_rows(gaz_rows *rows)
{
    keyref *refs = NULL;
    size_t nref = 0, cap = 0;
    long merged = 0;
    gaz_strs ks = { 0 };
    for (size_t i = 0; i < rows->n; i++) {
        if (!is_curated(&rows->v[i]))
            continue;
        if (own_keys(&rows->v[i], &ks) < 0)
            goto fail;
        for (size_t j = 0; j < ks.n; j++) {
            if (nref == cap) {
                cap = cap ? cap * 2 : 1024;
                keyref *r = realloc(refs, cap * sizeof *r);
                if (!r)
                    goto fail;
                refs = r;
            }
            refs[nref++] = (keyref){ ks.v[j], i };
            ks.v[j] = NULL;     /* refs own it now */
        }
        ks.n = 0;
    }
    if (nref)   /* qsort(NULL, 0, …) is undefined */
        qsort(refs, nref, sizeof *refs, keyref_cmp);
    for (size_t i = 0; i < rows->n; i++) {
        gaz_row *g = &rows->v[i];
        if (is_curated(g))
            continue;
        gaz_strs_free(&ks);
        if (own_keys(g, &ks) < 0)
            goto fail;
        long best = -1;
        double best_km = MERGE_KM;
        for (size_t j = 0; j < ks.n; j++) {
            /* lower bound of the key in refs */
            size_t lo = 0, hi = nref;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (strcmp(refs[mid].key, ks.v[j]) < 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (; lo < nref && strcmp(refs[lo].key, ks.v[j]) == 0; lo++) {
                gaz_row *c = &rows->v[refs[lo].row];
                if (strcmp(c->f[GAZ_F_COUNTRY], g->f[GAZ_F_COUNTRY]) != 0 ||
                    kind_family(c->kind) != kind_family(g->kind))
                    continue;
                double km = gaz_km(c->lat, c->lon, g->lat, g->lon);
                if (km <= best_km) {
                    best_km = km;
                    best = (long)refs[lo].row;
                }
            }
        }
        if (best >= 0) {
            if (merge_into(&rows->v[best], g) < 0)
                goto fail;
            g->merged_into = (int)best;
            merged++;
        }
    }
    goto out;
fail:
    merged = -1;
out:
    gaz_strs_free(&ks);
    for (size_t i = 0; i < nref; i++)
        free((char *)refs[i].key);
    free(refs);
    return merged;
}

/* ---- ids ---- */

typedef struct idref {
    const char *id;
    size_t row;
} idref;

static int idref_cmp(const void *a, const void *b)
{
    const idref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

static long id_find(const idref *ids, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(ids[mid].id, id);
        if (c == 0)
            return (long)ids[mid].row;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* ---- keys and postings ---- */

typedef struct posting {
    uint32_t key;       /* string-pool offset of the key */
    uint32_t place;
    double importance;
} posting;

static const char *pool_str;    /* for posting_cmp */

static int posting_cmp(const void *a, const void *b)
{
    const posting *x = a, *y = b;
    if (x->key != y->key) {
        int c = strcmp(pool_str + x->key, pool_str + y->key);
        if (c)
            return c;
    }
    if (x->importance != y->importance)
        return x->importance > y->importance ? -1 : 1;
    return (x->place > y->place) - (x->place < y->place);
}

static size_t pow2_above(size_t n)
{
    size_t c = 16;
    while (c < n * 2 + 1)
        c *= 2;
    return c;
}

static void word_slot_update(gaz_word_slot *w, size_t cap, const char *pool_data, uint32_t str,
                             uint32_t len, uint32_t words, uint32_t *nwords)
{
    size_t h = gaz_hash(pool_data + str, len) & (cap - 1);
    while (w[h].len) {
        if (w[h].len == len && memcmp(pool_data + w[h].str, pool_data + str, len) == 0) {
            if (words > w[h].max_words)
                w[h].max_words = words;
            return;
        }
        h = (h + 1) & (cap - 1);
    }
    w[h] = (gaz_word_slot){ str, len, words, 0 };
    (*nwords)++;
}

static void report_fwd(void *ctx, int is_error, const char *msg)
{
    (void)ctx; (void)is_error; (void)msg;
}

int kh_gaz_build(const char *const *sources, size_t nsrc, const char *out,
                 kh_gaz_report_fn report, void *ctx, kh_error *err)
{
    gaz_report rep = { report ? report : report_fwd, ctx, 0, 0 };
    gaz_rows rows = { 0 };
    idref *ids = NULL;
    long *place_of = NULL;
    posting *posts = NULL;
    size_t npost = 0, postcap = 0;
    pool sp = { 0 };
    buf meta = { 0 }, body = { 0 };
    gaz_key_slot *kslots = NULL;
    gaz_word_slot *wslots = NULL;
    uint32_t *postings = NULL;
    gaz_strs keys = { 0 }, stopnames = { 0 };
    size_t *src_rows = NULL;
    kh_atomic *a = NULL;
    int rc = 0;

    if (nsrc == 0) {
        rc = kh_error_set(err, KH_E_USAGE, "gazetteer build: no source files");
        goto out;
    }
    if (!(src_rows = calloc(nsrc, sizeof *src_rows)))
        goto nomem;
    for (size_t i = 0; i < nsrc; i++) {
        size_t before = rows.n;
        if ((rc = gaz_rows_read(&rows, sources[i], &rep, err)) < 0)
            goto out;
        src_rows[i] = rows.n - before;
    }

    /* ids unique across all sources */
    if (!(ids = malloc((rows.n + 1) * sizeof *ids)))
        goto nomem;
    for (size_t i = 0; i < rows.n; i++)
        ids[i] = (idref){ rows.v[i].f[GAZ_F_ID], i };
    qsort(ids, rows.n, sizeof *ids, idref_cmp);
    for (size_t i = 1; i < rows.n; i++)
        if (strcmp(ids[i].id, ids[i - 1].id) == 0) {
            const gaz_row *r = &rows.v[ids[i].row], *f = &rows.v[ids[i - 1].row];
            gaz_report_add(&rep, 1, "%s:%d: id: duplicate id '%s' (also at %s:%d)", r->file,
                           r->line, r->f[GAZ_F_ID], f->file, f->line);
        }
    if (rep.errors) {
        rc = kh_error_set(err, KH_E_GAZ, "%zu error%s in gazetteer sources; %s not written",
                          rep.errors, rep.errors == 1 ? "" : "s", out);
        goto out;
    }

    long merged = merge_rows(&rows);
    if (merged < 0)
        goto nomem;

    /* places: every row not merged into another */
    if (!(place_of = malloc((rows.n + 1) * sizeof *place_of)))
        goto nomem;
    size_t nplaces = 0;
    for (size_t i = 0; i < rows.n; i++)
        place_of[i] = rows.v[i].merged_into < 0 ? (long)nplaces++ : -1;
    buf_put(&sp.data, "", 1);       /* offset 0 is "" */
    if (sp.data.failed)
        goto nomem;

    gaz_place_rec *recs = calloc(nplaces + 1, sizeof *recs);
    if (!recs)
        goto nomem;
    size_t kinds[KH_KIND_COUNT] = { 0 }, syrian = 0;
    for (size_t i = 0; i < rows.n; i++) {
        gaz_row *r = &rows.v[i];
        if (place_of[i] < 0)
            continue;
        gaz_place_rec *p = &recs[place_of[i]];
        static const int fields[GAZ_NSTR] = { GAZ_F_ID, GAZ_F_NAME_AR, GAZ_F_NAME_EN,
                                              GAZ_F_ADMIN1, GAZ_F_ADMIN2, GAZ_F_ADMIN3,
                                              GAZ_F_PCODE, GAZ_F_COUNTRY, GAZ_F_SOURCE };
        for (int s = 0; s < GAZ_NSTR; s++)
            if ((p->str[s] = pool_add(&sp, r->f[fields[s]])) == UINT32_MAX)
                goto nomem_recs;
        p->lat = r->lat;
        p->lon = r->lon;
        p->importance = r->importance;
        p->kind = (uint16_t)r->kind;
        p->parent = -1;
        kinds[r->kind]++;
        if (strcmp(r->f[GAZ_F_COUNTRY], "SY") == 0)
            syrian++;
        if (r->f[GAZ_F_PARENT][0]) {
            long pr = id_find(ids, rows.n, r->f[GAZ_F_PARENT]);
            if (pr >= 0 && rows.v[pr].merged_into >= 0)
                pr = rows.v[pr].merged_into;
            if (pr < 0)
                gaz_report_add(&rep, 0, "%s:%d: parent: unknown id '%s'", r->file, r->line,
                               r->f[GAZ_F_PARENT]);
            else
                p->parent = (int32_t)place_of[pr];
        }
        gaz_strs_free(&keys);
        gaz_strs_free(&stopnames);
        if (gaz_row_keys(r, &keys, &stopnames) < 0)
            goto nomem_recs;
        for (size_t s = 0; s < stopnames.n; s++)
            gaz_report_add(&rep, 0, "%s:%d: name_ar: '%s' (%s) is a common word; it is kept "
                           "as a key but will match ordinary text", r->file, r->line,
                           stopnames.v[s], r->f[GAZ_F_ID]);
        if (stopnames.n)
            buf_printf(&meta, "stopname\t%s\t%s\n", r->f[GAZ_F_ID], stopnames.v[0]);
        for (size_t k = 0; k < keys.n; k++) {
            if (npost == postcap) {
                postcap = postcap ? postcap * 2 : 1 << 14;
                posting *np = realloc(posts, postcap * sizeof *np);
                if (!np)
                    goto nomem_recs;
                posts = np;
            }
            uint32_t ko = pool_add(&sp, keys.v[k]);
            if (ko == UINT32_MAX)
                goto nomem_recs;
            posts[npost++] = (posting){ ko, (uint32_t)place_of[i], r->importance };
        }
    }
    pool_str = sp.data.p;
    if (npost)
        qsort(posts, npost, sizeof *posts, posting_cmp);

    size_t nkeys = 0;
    for (size_t i = 0; i < npost; i++)
        if (i == 0 || posts[i].key != posts[i - 1].key)
            nkeys++;
    size_t kcap = pow2_above(nkeys);
    /* first words: at most one per key */
    size_t wcap = pow2_above(nkeys);
    kslots = calloc(kcap, sizeof *kslots);
    wslots = calloc(wcap, sizeof *wslots);
    postings = malloc((npost + 1) * sizeof *postings);
    if (!kslots || !wslots || !postings)
        goto nomem_recs;
    uint32_t nwords = 0;
    /* The first words must be in the pool before its data moves, so add them all first. */
    for (size_t i = 0; i < npost; i++) {
        if (i && posts[i].key == posts[i - 1].key)
            continue;
        const char *k = sp.data.p + posts[i].key;
        const char *spc = strchr(k, ' ');
        if (spc) {
            char *w = strndup(k, (size_t)(spc - k));
            if (!w || pool_add(&sp, w) == UINT32_MAX) {
                free(w);
                goto nomem_recs;
            }
            free(w);
        }
    }
    for (size_t i = 0; i < npost;) {
        size_t j = i;
        while (j < npost && posts[j].key == posts[i].key)
            j++;
        const char *k = sp.data.p + posts[i].key;
        uint32_t len = (uint32_t)strlen(k);
        size_t h = gaz_hash(k, len) & (kcap - 1);
        while (kslots[h].len)
            h = (h + 1) & (kcap - 1);
        kslots[h] = (gaz_key_slot){ posts[i].key, len, (uint32_t)i, (uint32_t)(j - i) };
        for (size_t t = i; t < j; t++)
            postings[t] = posts[t].place;
        uint32_t words = 1;
        for (const char *c = k; *c; c++)
            words += *c == ' ';
        const char *spc = strchr(k, ' ');
        uint32_t wlen = spc ? (uint32_t)(spc - k) : len;
        uint32_t wstr = posts[i].key;
        if (spc) {
            char *w = strndup(k, wlen);
            if (!w)
                goto nomem_recs;
            wstr = pool_add(&sp, w);    /* already present: no growth */
            free(w);
        }
        word_slot_update(wslots, wcap, sp.data.p, wstr, wlen, words, &nwords);
        i = j;
    }

    /* the build record */
    {
        time_t now = time(NULL);
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        if (sde && *sde)
            now = (time_t)strtoll(sde, NULL, 10);
        char date[32];
        strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
        buf hdr = { 0 };
        buf_printf(&hdr, "built\t%s\n", date);
        for (size_t i = 0; i < nsrc; i++)
            buf_printf(&hdr, "source\t%s\t%zu\n", sources[i], src_rows[i]);
        buf_printf(&hdr, "rows\t%zu\nmerged\t%ld\nplaces\t%zu\nsyrian\t%zu\nkeys\t%zu\n", rows.n,
                   merged, nplaces, syrian, nkeys);
        for (int k = 0; k < KH_KIND_COUNT; k++)
            buf_printf(&hdr, "kind\t%s\t%zu\n", kh_kind_name(k), kinds[k]);
        buf_put(&hdr, meta.p ? meta.p : "", meta.n);
        buf_put(&hdr, "", 1);
        free(meta.p);
        meta = hdr;
        if (meta.failed)
            goto nomem_recs;
    }

    /* lay out and write */
    gaz_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, GAZ_MAGIC, 8);
    h.version = GAZ_VERSION;
    h.byte_order = GAZ_BYTE_ORDER;
    h.header_size = sizeof h;
    h.place_size = sizeof(gaz_place_rec);
    uint64_t off = sizeof h;
    h.places_off = off;
    h.nplaces = (uint32_t)nplaces;
    off += nplaces * sizeof *recs;
    h.keys_off = off;
    h.keys_cap = (uint32_t)kcap;
    h.nkeys = (uint32_t)nkeys;
    off += kcap * sizeof *kslots;
    h.post_off = off;
    h.npost = (uint32_t)npost;
    off += (npost * sizeof *postings + 7) / 8 * 8;
    h.words_off = off;
    h.words_cap = (uint32_t)wcap;
    h.nwords = nwords;
    off += wcap * sizeof *wslots;
    h.strings_off = off;
    h.strings_size = sp.data.n;
    off += (sp.data.n + 7) / 8 * 8;
    h.meta_off = off;
    h.meta_size = meta.n;
    off += (meta.n + 7) / 8 * 8;
    h.file_size = off;

    buf_put(&body, recs, nplaces * sizeof *recs);
    buf_put(&body, kslots, kcap * sizeof *kslots);
    buf_put(&body, postings, npost * sizeof *postings);
    buf_align(&body);
    buf_put(&body, wslots, wcap * sizeof *wslots);
    buf_put(&body, sp.data.p, sp.data.n);
    buf_align(&body);
    buf_put(&body, meta.p, meta.n);
    buf_align(&body);
    free(recs);
    recs = NULL;
    if (body.failed || sp.data.failed)
        goto nomem;
    if (body.n + sizeof h != h.file_size) {
        rc = kh_error_set(err, KH_E_GAZ, "%s: internal layout error", out);
        goto out;
    }
    h.body_checksum = gaz_fnv64(body.p, body.n, GAZ_FNV64_INIT);
    h.header_checksum = gaz_fnv64(&h, offsetof(gaz_header, header_checksum), GAZ_FNV64_INIT);

    if (!(a = kh_atomic_open(out, err))) {
        rc = KH_E_OUTPUT;
        goto out;
    }
    FILE *fp = kh_atomic_stream(a, err);
    if (!fp) {
        rc = KH_E_OUTPUT;
        goto out;
    }
    if (fwrite(&h, sizeof h, 1, fp) != 1 || fwrite(body.p, 1, body.n, fp) != body.n) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: write failed", out);
        goto out;
    }
    rc = kh_atomic_commit(a, err);
    a = NULL;
    goto out;

nomem_recs:
    free(recs);
nomem:
    rc = kh_error_set(err, KH_E_NOMEM, "out of memory building the gazetteer");
out:
    kh_atomic_abort(a);
    gaz_rows_free(&rows);
    gaz_strs_free(&keys);
    gaz_strs_free(&stopnames);
    free(ids);
    free(place_of);
    free(posts);
    free(sp.data.p);
    free(sp.slots);
    free(meta.p);
    free(body.p);
    free(kslots);
    free(wslots);
    free(postings);
    free(src_rows);
    return rc;
}
