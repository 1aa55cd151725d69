/* A small open-addressing hash map from strings to indexes, for aggregation keys. */
#include <stdlib.h>
#include <string.h>

#include "aggregate/aggregate_int.h"

static size_t fnv(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int grow(ag_map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    struct ag_slot *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        size_t j = m->slots[i].hash & (ncap - 1);
        while (ns[j].key)
            j = (j + 1) & (ncap - 1);
        ns[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return 0;
}

struct ag_slot *ag_map_get(const ag_map *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t h = fnv(key);
    for (size_t j = h & (m->cap - 1); m->slots[j].key; j = (j + 1) & (m->cap - 1))
        if (m->slots[j].hash == h && strcmp(m->slots[j].key, key) == 0)
            return &m->slots[j];
    return NULL;
}

struct ag_slot *ag_map_put(ag_map *m, const char *key, size_t value, int *found)
{
    struct ag_slot *s = ag_map_get(m, key);
    *found = s != NULL;
    if (s)
        return s;
    if ((m->len + 1) * 4 > m->cap * 3 && grow(m) != 0)
        return NULL;
    char *k = strdup(key);
    if (!k)
        return NULL;
    size_t h = fnv(key), j = h & (m->cap - 1);
    while (m->slots[j].key)
        j = (j + 1) & (m->cap - 1);
    m->slots[j] = (struct ag_slot){ k, h, value };
    m->len++;
    return &m->slots[j];
}

void ag_map_free(ag_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    m->slots = NULL;
    m->cap = m->len = 0;
}
