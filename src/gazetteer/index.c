/* The compiled gazetteer index: mmap, structural validation at open, lookup of keys. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kharita/files.h"
#include "gazetteer/gazetteer_int.h"

struct kh_gazetteer {
    const uint8_t *map;
    size_t size;
    const gaz_header *h;
    const gaz_place_rec *places;
    const gaz_key_slot *keys;
    const uint32_t *post;
    const gaz_word_slot *words;
    const char *strings;
    const char *meta;
    /* kh_gaz_name_key of each place, made when first asked (by any thread) and kept */
    _Atomic(char *) *name_keys;
};

/* Whether [off, off + n * size) lies inside a file of FILE_SIZE bytes and off is aligned. */
static int section_ok(uint64_t off, uint64_t n, uint64_t size, uint64_t file_size)
{
    if (off % 8 || off > file_size)
        return 0;
    if (size && n > (file_size - off) / size)
        return 0;
    return 1;
}

/* Check every offset in the index so that lookups never leave the mapping. */
static const char *validate(kh_gazetteer *g)
{
    const gaz_header *h = g->h;
    uint64_t fs = h->file_size;
    if (!section_ok(h->places_off, h->nplaces, sizeof(gaz_place_rec), fs) ||
        !section_ok(h->keys_off, h->keys_cap, sizeof(gaz_key_slot), fs) ||
        !section_ok(h->post_off, h->npost, sizeof(uint32_t), fs) ||
        !section_ok(h->words_off, h->words_cap, sizeof(gaz_word_slot), fs) ||
        !section_ok(h->strings_off, h->strings_size, 1, fs) ||
        !section_ok(h->meta_off, h->meta_size, 1, fs))
        return "a section lies outside the file";
    if (h->strings_size == 0 || h->meta_size == 0)
        return "empty string section";
    /* power-of-two tables with at least one empty slot, so probing ends */
    if (h->keys_cap == 0 || (h->keys_cap & (h->keys_cap - 1)) || h->nkeys >= h->keys_cap ||
        h->words_cap == 0 || (h->words_cap & (h->words_cap - 1)) || h->nwords >= h->words_cap)
        return "bad hash table size";
    g->places = (const gaz_place_rec *)(g->map + h->places_off);
    g->keys = (const gaz_key_slot *)(g->map + h->keys_off);
    g->post = (const uint32_t *)(g->map + h->post_off);
    g->words = (const gaz_word_slot *)(g->map + h->words_off);
    g->strings = (const char *)(g->map + h->strings_off);
    g->meta = (const char *)(g->map + h->meta_off);
    uint64_t ss = h->strings_size;
    if (g->strings[0] != '\0' || g->strings[ss - 1] != '\0' || g->meta[h->meta_size - 1] != '\0')
        return "strings are not terminated";
    for (uint32_t i = 0; i < h->nplaces; i++) {
        const gaz_place_rec *p = &g->places[i];
        for (int s = 0; s < GAZ_NSTR; s++)
            if (p->str[s] >= ss)
                return "a place's string lies outside the string section";
        if (p->kind >= KH_KIND_COUNT || (p->parent != -1 && (p->parent < 0 ||
                                                            (uint32_t)p->parent >= h->nplaces)))
            return "a place has a bad kind or parent";
    }
    uint32_t used = 0;
    for (uint32_t i = 0; i < h->keys_cap; i++) {
        const gaz_key_slot *k = &g->keys[i];
        if (!k->len)
            continue;
        used++;
        if ((uint64_t)k->str + k->len >= ss || (uint64_t)k->post + k->count > h->npost)
            return "a key lies outside its section";
    }
    if (used != h->nkeys)
        return "key count does not match";
    for (uint32_t i = 0; i < h->npost; i++)
        if (g->post[i] >= h->nplaces)
            return "a posting names a place that does not exist";
    for (uint32_t i = 0; i < h->words_cap; i++) {
        const gaz_word_slot *w = &g->words[i];
        if (w->len && (uint64_t)w->str + w->len >= ss)
            return "a first word lies outside the string section";
    }
    return NULL;
}

kh_gazetteer *kh_gaz_open(const char *path, kh_error *err)
{
    char *found = NULL;
    int fd = -1;
    kh_gazetteer *g = NULL;
    if (!path) {
        if (!(found = kh_data_find("gazetteer.khg", err))) {
            if (err)
                err->code = KH_E_GAZ;
            return NULL;
        }
        path = found;
    }
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        kh_error_set(err, KH_E_GAZ, "%s: cannot open gazetteer index: %s", path, strerror(errno));
        goto out;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        kh_error_set(err, KH_E_GAZ, "%s: not a regular file", path);
        goto out;
    }
    size_t size = (size_t)st.st_size;
    if (size < sizeof(gaz_header)) {
        kh_error_set(err, KH_E_GAZ, "%s: not a kharita gazetteer index (%zu bytes; truncated?)",
                     path, size);
        goto out;
    }
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        kh_error_set(err, KH_E_GAZ, "%s: cannot map: %s", path, strerror(errno));
        goto out;
    }
    if (!(g = calloc(1, sizeof *g))) {
        munmap(map, size);
        kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto out;
    }
    g->map = map;
    g->size = size;
    g->h = map;
    const gaz_header *h = g->h;
    const char *why = NULL;
    if (memcmp(h->magic, GAZ_MAGIC, 5) != 0) {
        kh_error_set(err, KH_E_GAZ, "%s: not a kharita gazetteer index (no KHGAZ magic)", path);
        goto fail;
    }
    if (memcmp(h->magic, GAZ_MAGIC, 8) != 0 || h->byte_order != GAZ_BYTE_ORDER) {
        kh_error_set(err, KH_E_GAZ, "%s: gazetteer index written on a machine of another byte "
                     "order or damaged; rebuild it with 'make'", path);
        goto fail;
    }
    if (h->version != GAZ_VERSION) {
        kh_error_set(err, KH_E_GAZ, "%s: gazetteer index format version %u, this kharita reads "
                     "version %u; rebuild it with 'make'", path, h->version, GAZ_VERSION);
        goto fail;
    }
    if (h->header_checksum != gaz_fnv64(h, offsetof(gaz_header, header_checksum), GAZ_FNV64_INIT) ||
        h->header_size != sizeof(gaz_header) || h->place_size != sizeof(gaz_place_rec)) {
        kh_error_set(err, KH_E_GAZ, "%s: damaged gazetteer index header; rebuild it with 'make'",
                     path);
        goto fail;
    }
    if (h->file_size != size) {
        kh_error_set(err, KH_E_GAZ, "%s: gazetteer index is %zu bytes, its header says %llu "
                     "(truncated or appended to); rebuild it with 'make'", path, size,
                     (unsigned long long)h->file_size);
        goto fail;
    }
    if ((why = validate(g))) {
        kh_error_set(err, KH_E_GAZ, "%s: damaged gazetteer index: %s; rebuild it with 'make'",
                     path, why);
        goto fail;
    }
    if (!(g->name_keys = calloc(h->nplaces ? h->nplaces : 1, sizeof *g->name_keys))) {
        kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto fail;
    }
    goto out;
fail:
    kh_gaz_close(g);
    g = NULL;
out:
    if (fd >= 0)
        close(fd);
    free(found);
    return g;
}

void kh_gaz_close(kh_gazetteer *g)
{
    if (!g)
        return;
    for (size_t i = 0; g->name_keys && i < g->h->nplaces; i++)
        free(atomic_load_explicit(&g->name_keys[i], memory_order_relaxed));
    free(g->name_keys);
    munmap((void *)g->map, g->size);
    free(g);
}

const char *kh_gaz_name_key(const kh_gazetteer *g, uint32_t index)
{
    char *k = atomic_load_explicit(&g->name_keys[index], memory_order_acquire);
    if (k)
        return k;
    kh_place p;
    kh_gaz_place(g, index, &p);
    if (!(k = kh_gaz_key(p.name_ar, strlen(p.name_ar), NULL)))
        return NULL;
    /* another thread may have made it meanwhile: keep the first one stored */
    char *none = NULL;
    if (!atomic_compare_exchange_strong_explicit(&g->name_keys[index], &none, k,
                                                 memory_order_acq_rel, memory_order_acquire)) {
        free(k);
        k = none;
    }
    return k;
}

size_t kh_gaz_count(const kh_gazetteer *g)
{
    return g->h->nplaces;
}

size_t kh_gaz_key_count(const kh_gazetteer *g)
{
    return g->h->nkeys;
}

const char *kh_gaz_meta(const kh_gazetteer *g)
{
    return g->meta;
}

void kh_gaz_place(const kh_gazetteer *g, uint32_t index, kh_place *out)
{
    const gaz_place_rec *p = &g->places[index];
    const char *const s = g->strings;
    *out = (kh_place){
        .index = index,
        .id = s + p->str[GAZ_S_ID],
        .name_ar = s + p->str[GAZ_S_NAME_AR],
        .name_en = s + p->str[GAZ_S_NAME_EN],
        .admin1 = s + p->str[GAZ_S_ADMIN1],
        .admin2 = s + p->str[GAZ_S_ADMIN2],
        .admin3 = s + p->str[GAZ_S_ADMIN3],
        .pcode = s + p->str[GAZ_S_PCODE],
        .country = s + p->str[GAZ_S_COUNTRY],
        .source = s + p->str[GAZ_S_SOURCE],
        .kind = p->kind,
        .lat = p->lat,
        .lon = p->lon,
        .importance = p->importance,
        .parent = p->parent,
    };
}

size_t kh_gaz_find(const kh_gazetteer *g, const char *key, size_t len, const uint32_t **places)
{
    *places = NULL;
    if (!len)
        return 0;
    uint32_t mask = g->h->keys_cap - 1;
    for (uint32_t h = gaz_hash(key, len) & mask;; h = (h + 1) & mask) {
        const gaz_key_slot *k = &g->keys[h];
        if (!k->len)
            return 0;
        if (k->len == len && memcmp(g->strings + k->str, key, len) == 0) {
            *places = g->post + k->post;
            return k->count;
        }
    }
}

int kh_gaz_first_word(const kh_gazetteer *g, const char *w, size_t len)
{
    if (!len)
        return 0;
    uint32_t mask = g->h->words_cap - 1;
    for (uint32_t h = gaz_hash(w, len) & mask;; h = (h + 1) & mask) {
        const gaz_word_slot *s = &g->words[h];
        if (!s->len)
            return 0;
        if (s->len == len && memcmp(g->strings + s->str, w, len) == 0)
            return (int)s->max_words;
    }
}

int kh_gaz_verify(const kh_gazetteer *g, kh_error *err)
{
    uint64_t sum = gaz_fnv64(g->map + sizeof(gaz_header), g->size - sizeof(gaz_header),
                             GAZ_FNV64_INIT);
    if (sum != g->h->body_checksum)
        return kh_error_set(err, KH_E_GAZ, "gazetteer index checksum mismatch: the file was "
                            "altered after it was built; rebuild it with 'make'");
    return 0;
}
