/* kharita extract: one news document -> its place mentions and casualty events, as JSON. */
#ifndef KHARITA_EXTRACT_H
#define KHARITA_EXTRACT_H

#include <stddef.h>

#include "kharita/error.h"
#include "kharita/gazetteer.h"

/* An extractor: the gazetteer plus everything that does not change between documents. It is
 * read-only once opened, so one extractor serves any number of threads at once. */
typedef struct kh_extractor kh_extractor;

/* One input document. Every pointer is borrowed from the caller for the duration of the call.
 * TEXT is LEN bytes of UTF-8 (not necessarily NUL-terminated); the other strings are
 * NUL-terminated UTF-8 or NULL when absent. */
typedef struct kh_doc {
    const char *id;         /* document id, echoed as "doc" (required) */
    const char *date;       /* publication date "YYYY-MM-DD", or NULL when unknown */
    const char *text;
    size_t len;
    const char *title, *url, *source;   /* optional, echoed when present */
} kh_doc;

/* What one document gave. */
typedef struct kh_extract_counts {
    size_t places;          /* place mentions written */
    size_t events;          /* casualty events written */
} kh_extract_counts;

/* Open an extractor on the gazetteer index at GAZ_PATH (NULL: the default index, found with
 * kh_data_find). The extractor owns the gazetteer. Returns NULL with err set (KH_E_GAZ, or
 * KH_E_INPUT when no index was found). Free with kh_extract_close. */
kh_extractor *kh_extract_open(const char *gaz_path, kh_error *err);

/* Free ex and its gazetteer; kh_extract_close(NULL) does nothing. */
void kh_extract_close(kh_extractor *ex);

/* The gazetteer the extractor uses. Borrowed until kh_extract_close. */
const kh_gazetteer *kh_extract_gazetteer(const kh_extractor *ex);

/* Extract DOC and return its result as one line of JSON (no trailing newline), in the
 * contract of `kharita extract`: {"doc","date","places":[…],"events":[…]} plus "title",
 * "url", "source" when given. Offsets are byte offsets into DOC->text. Output is
 * deterministic: the same document always gives the same bytes.
 * COUNTS (may be NULL) gets the number of places and events written.
 * Returns a malloc'd string the caller frees, or NULL with err set: KH_E_REJECT with
 * "document ID: reason" when the document is bad (invalid UTF-8, a NUL byte, an impossible
 * date), KH_E_NOMEM when memory ran out. */
char *kh_extract_doc(const kh_extractor *ex, const kh_doc *doc, kh_extract_counts *counts,
                     kh_error *err);

#endif
