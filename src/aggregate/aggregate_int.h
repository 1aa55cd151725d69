/* Internals of src/aggregate: a string-keyed hash map. */
#ifndef KHARITA_AGGREGATE_INT_H
#define KHARITA_AGGREGATE_INT_H

#include <stddef.h>

#include "kharita/aggregate.h"
#include "kharita/date.h"

/* A hash map from NUL-terminated strings to size_t values. Keys are copied; the copies stay
 * at the same address until ag_map_free (so they double as interned strings). */
typedef struct ag_map {
    struct ag_slot { char *key; size_t hash, value; } *slots;
    size_t cap, len;
} ag_map;

/* The slot for KEY: *found says whether it was there. A new slot gets value VALUE. Returns
 * NULL when out of memory. The returned pointer is valid until the next ag_map_put. */
struct ag_slot *ag_map_put(ag_map *m, const char *key, size_t value, int *found);
/* The slot of KEY or NULL. */
struct ag_slot *ag_map_get(const ag_map *m, const char *key);
void ag_map_free(ag_map *m);

#endif
