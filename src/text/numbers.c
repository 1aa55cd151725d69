/* Counts in folded Arabic text: word tables with proclitic stripping, digits and number words,
 * duals of person nouns, vague amounts and qualifiers (أكثر من, نحو, عشرات). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kharita/numbers.h"
#include "text/text_int.h"

/* ---- word tables ------------------------------------------------------------------------ */

typedef struct wt_entry {
    char *key;              /* folded, words separated by one space */
    size_t len;
    int tag;
} wt_entry;

struct kh_wordtab {
    wt_entry *e;
    size_t n;
    size_t maxwords;
    /* A hash index over the sorted entries, which lookups use: each distinct key once, as
     * the entry a binary search of e finds for it (so duplicates answer as they always did).
     * slot[i] is 1 + an index into e, or 0 when empty. */
    uint32_t *slot;
    size_t mask;
    uint64_t lens;          /* bit L: some key is L bytes long (L < 64); longer ones always probe */
    /* The first words of the phrases of two words or more, hashed, each with the most words
     * of a phrase it starts: kh_wordtab_match tries longer phrases only after one of them. */
    struct wt_first { const char *s; size_t len, words; } *first;
    size_t nfirst, fmask;
};

static int wt_cmp_key(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c)
        return c;
    return alen < blen ? -1 : alen > blen;
}

static int wt_cmp(const void *pa, const void *pb)
{
    const wt_entry *a = pa, *b = pb;
    return wt_cmp_key(a->key, a->len, b->key, b->len);
}

/* Index of the entry a binary search of the sorted entries finds for W, or -1. */
static long wt_search(const kh_wordtab *tab, const char *w, size_t len)
{
    size_t lo = 0, hi = tab->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = wt_cmp_key(tab->e[mid].key, tab->e[mid].len, w, len);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* FNV-1a, continued from H over W[0..len): the hash of a phrase goes on from that of its
 * first word. */
#define WT_HASH_INIT ((size_t)1469598103934665603ull)
static size_t wt_hash_more(size_t h, const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)w[i]) * (size_t)1099511628211ull;
    return h;
}

static size_t wt_hash(const char *w, size_t len)
{
    return wt_hash_more(WT_HASH_INIT, w, len);
}

/* Build the hash index of the sorted entries (word lookups run for every word of every
 * document: a probe is much cheaper than a binary search of memcmp's). */
static int wt_index(kh_wordtab *tab)
{
    size_t cap = 16;
    while (cap < 2 * tab->n)
        cap *= 2;
    if (!(tab->slot = calloc(cap, sizeof *tab->slot)))
        return -1;
    tab->mask = cap - 1;
    for (size_t k = 0; k < tab->n; k++) {
        const wt_entry *e = &tab->e[k];
        if (e->len < 64)
            tab->lens |= (uint64_t)1 << e->len;
        size_t i = wt_hash(e->key, e->len) & tab->mask;
        int seen = 0;
        for (; tab->slot[i]; i = (i + 1) & tab->mask) {
            const wt_entry *o = &tab->e[tab->slot[i] - 1];
            if (o->len == e->len && memcmp(o->key, e->key, e->len) == 0) {
                seen = 1;
                break;
            }
        }
        if (!seen)
            tab->slot[i] = (uint32_t)wt_search(tab, e->key, e->len) + 1;
    }
    /* the first words of phrases */
    cap = 16;
    while (cap < 2 * tab->n)
        cap *= 2;
    if (!(tab->first = calloc(cap, sizeof *tab->first)))
        return -1;
    tab->fmask = cap - 1;
    for (size_t k = 0; k < tab->n; k++) {
        const wt_entry *e = &tab->e[k];
        const char *sp = memchr(e->key, ' ', e->len);
        if (!sp)
            continue;
        size_t fl = (size_t)(sp - e->key), words = 1;
        for (size_t j = 0; j < e->len; j++)
            words += e->key[j] == ' ';
        size_t i = wt_hash(e->key, fl) & tab->fmask;
        for (; tab->first[i].s; i = (i + 1) & tab->fmask)
            if (tab->first[i].len == fl && memcmp(tab->first[i].s, e->key, fl) == 0)
                break;
        if (!tab->first[i].s) {
            tab->first[i] = (struct wt_first){ e->key, fl, 0 };
            tab->nfirst++;
        }
        if (words > tab->first[i].words)
            tab->first[i].words = words;
    }
    return 0;
}

kh_wordtab *kh_wordtab_new(const kh_wordtab_entry *entries, size_t n, kh_error *err)
{
    kh_wordtab *tab = calloc(1, sizeof *tab);
    if (!tab || !(tab->e = calloc(n ? n : 1, sizeof *tab->e)))
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        char *k = kh_fold(entries[i].word, strlen(entries[i].word), err);
        if (!k)
            goto fail;
        if (!*k || !entries[i].tag) {
            kh_error_set(err, KH_E_USAGE, "word table entry \"%s\" is empty or has tag 0",
                         entries[i].word);
            free(k);
            goto fail;
        }
        size_t words = 1;
        for (const char *p = k; *p; p++)
            words += *p == ' ';
        if (words > tab->maxwords)
            tab->maxwords = words;
        tab->e[tab->n++] = (wt_entry){ k, strlen(k), entries[i].tag };
    }
    qsort(tab->e, tab->n, sizeof *tab->e, wt_cmp);
    if (wt_index(tab) != 0)
        goto nomem;
    return tab;
nomem:
    kh_error_set(err, KH_E_NOMEM, "out of memory building a word table");
fail:
    kh_wordtab_free(tab);
    return NULL;
}

void kh_wordtab_free(kh_wordtab *tab)
{
    if (!tab)
        return;
    for (size_t i = 0; i < tab->n; i++)
        free(tab->e[i].key);
    free(tab->e);
    free(tab->slot);
    free(tab->first);
    free(tab);
}

/* Arabic letters are two bytes in UTF-8. */
#define AR_WAW "\xd9\x88"
#define AR_FA "\xd9\x81"
#define AR_BA "\xd8\xa8"
#define AR_LAM "\xd9\x84"
#define AR_KAF "\xd9\x83"
#define AR_ALIF "\xd8\xa7"
#define MIN_STEM 6          /* a stripped word keeps at least three letters */
#define MAX_STEMS 12
#define ALT_MAX 516         /* an ALT stem is tried for strings of at most off + ALT_MAX bytes */

/* ---- stems: the strings a lookup tries ----------------------------------------------------- */

/* Whether the N bytes at W begin with the letters P. */
#define HAS(w, n, p) ((n) >= sizeof p - 1 && memcmp((w), p, sizeof p - 1) == 0)

static kh_stem stem(size_t off, int alt, int bits, int need, size_t minlen)
{
    return (kh_stem){ (uint8_t)off, (uint8_t)alt, (uint8_t)bits, (uint8_t)need, (uint8_t)minlen, 0 };
}

static size_t at_least(size_t a, size_t b)
{
    return a > b ? a : b;
}

/* The stems of a string whose first word is W[0..WL) (a word, or the first word of a phrase):
 * the string as it is, and without و / ف, then ب ل ك (لل is ل + ال), then ال, in the order
 * lookups try them: fewest proclitics first, in the order just given. Which of them a lookup
 * tries depends on what it may strip and on the length of the string (stem_ok). The hashes
 * are not filled in. Returns how many (at most MAX_STEMS). */
static size_t stems_of(const char *w, size_t wl, kh_stem *out)
{
    kh_stem c[MAX_STEMS];
    size_t nc = 0;
    for (size_t co = 0; co <= 2; co += 2) {
        if (co && !HAS(w, wl, AR_WAW) && !HAS(w, wl, AR_FA))
            break;
        const char *s = w + co;
        size_t sl = wl - co, minlen = co ? co + MIN_STEM : 0;
        int bits = co ? KH_STRIP_CONJ : 0;
        c[nc++] = stem(co, 0, bits, bits, minlen);
        if (HAS(s, sl, AR_LAM AR_LAM)) {
            size_t m = at_least(minlen, co + 4 + MIN_STEM);
            c[nc++] = stem(co + 4, 0, bits | KH_STRIP_PREP | KH_STRIP_ART, bits | KH_STRIP_PREP, m);
            c[nc++] = stem(co + 2, 1, bits | KH_STRIP_PREP, bits | KH_STRIP_PREP, m);
        }
        if (HAS(s, sl, AR_BA) || HAS(s, sl, AR_LAM) || HAS(s, sl, AR_KAF)) {
            size_t m = at_least(minlen, co + 2 + MIN_STEM);
            c[nc++] = stem(co + 2, 0, bits | KH_STRIP_PREP, bits | KH_STRIP_PREP, m);
            if (HAS(s + 2, sl - 2, AR_ALIF AR_LAM))
                c[nc++] = stem(co + 6, 0, bits | KH_STRIP_PREP | KH_STRIP_ART,
                               bits | KH_STRIP_PREP | KH_STRIP_ART,
                               at_least(m, co + 6 + MIN_STEM));
        }
        if (HAS(s, sl, AR_ALIF AR_LAM))
            c[nc++] = stem(co + 4, 0, bits | KH_STRIP_ART, bits | KH_STRIP_ART,
                           at_least(minlen, co + 4 + MIN_STEM));
    }
    /* stable order by the number of proclitics stripped */
    static const uint8_t stripped[8] = { 0, 1, 1, 2, 1, 2, 2, 3 };
    size_t n = 0;
    for (int want = 0; want <= 3; want++)
        for (size_t k = 0; k < nc; k++)
            if (stripped[c[k].bits & 7] == want)
                out[n++] = c[k];
    return n;
}

/* Whether a lookup that may strip STRIP tries stem C for a string of LEN bytes. */
static inline int stem_ok(const kh_stem *c, int strip, size_t len)
{
    return !(c->need & ~strip) && len >= c->minlen && (!c->alt || len <= (size_t)c->off + ALT_MAX);
}

/* The hash of stem C of the string S[0..LEN). */
static size_t stem_hash(const kh_stem *c, const char *s, size_t len)
{
    size_t h = c->alt ? wt_hash(AR_ALIF, 2) : WT_HASH_INIT;
    return wt_hash_more(h, s + c->off, len - c->off);
}

/* Whether the key K (KLEN bytes) is stem C of S[0..LEN). */
static int stem_is(const kh_stem *c, const char *s, size_t len, const char *k, size_t klen)
{
    size_t pre = c->alt ? 2 : 0;
    return klen == pre + len - c->off && (!pre || memcmp(k, AR_ALIF, 2) == 0) &&
           memcmp(k + pre, s + c->off, len - c->off) == 0;
}

/* The tag of stem C of S[0..LEN) (hash H) in TAB, or 0. */
static int stem_tag(const kh_wordtab *tab, const kh_stem *c, const char *s, size_t len, size_t h)
{
    size_t n = (c->alt ? 2 : 0) + len - c->off;
    if (n < 64 && !(tab->lens >> n & 1))
        return 0;
    for (size_t i = h & tab->mask; tab->slot[i]; i = (i + 1) & tab->mask) {
        const wt_entry *e = &tab->e[tab->slot[i] - 1];
        if (stem_is(c, s, len, e->key, e->len))
            return e->tag;
    }
    return 0;
}

/* The most words of a phrase of TAB whose first word is stem C of S[0..LEN) (hash H), or 0. */
static size_t stem_first_words(const kh_wordtab *tab, const kh_stem *c, const char *s, size_t len,
                               size_t h)
{
    for (size_t i = h & tab->fmask; tab->first[i].s; i = (i + 1) & tab->fmask)
        if (stem_is(c, s, len, tab->first[i].s, tab->first[i].len))
            return tab->first[i].words;
    return 0;
}

/* The tag of S[0..LEN) in TAB, trying the stems C[0..NC) of its first word (WL bytes) that
 * STRIP allows, in order. With HASHED, the stems carry the hashes of their part of the first
 * word, and the rest of S is hashed on from there. *stripped (if not NULL) gets what was
 * removed for the match. */
static inline int find_stems(const kh_wordtab *tab, const char *s, size_t len, size_t wl,
                             const kh_stem *c, size_t nc, int hashed, int strip, int *stripped)
{
    for (size_t k = 0; k < nc; k++) {
        if (!stem_ok(&c[k], strip, len))
            continue;
        size_t h = hashed ? wt_hash_more(c[k].hash, s + wl, len - wl) : stem_hash(&c[k], s, len);
        int tag = stem_tag(tab, &c[k], s, len, h);
        if (tag) {
            if (stripped)
                *stripped = c[k].bits;
            return tag;
        }
    }
    if (stripped)
        *stripped = 0;
    return 0;
}

/* Find and hash the stems of every word of T, once (t->stemmed: 1 done, -1 not kept: out of
 * memory, or a text of more than STEM_CACHE_WORDS words, whose cache would cost more memory
 * than hashing as lookups go costs time). */
#define STEM_CACHE_WORDS ((size_t)1 << 20)
static void make_stems(kh_text *t)
{
    size_t nw, cap = 0, used = 0;
    const kh_word *w = kh_text_words(t, &nw);
    t->stemmed = -1;
    if (nw > STEM_CACHE_WORDS || !(t->stem_first = malloc((nw + 1) * sizeof *t->stem_first)))
        return;
    for (size_t k = 0; k < nw; k++) {
        if (cap - used < MAX_STEMS) {
            size_t nc = cap ? cap * 2 : nw + nw / 2 + MAX_STEMS;
            kh_stem *ns = realloc(t->stems, nc * sizeof *ns);
            if (!ns)
                return;
            t->stems = ns;
            cap = nc;
        }
        const char *s = t->folded + w[k].start;
        size_t wl = w[k].end - w[k].start;
        t->stem_first[k] = (uint32_t)used;
        size_t nc = stems_of(s, wl, t->stems + used);
        for (size_t j = used; j < used + nc; j++)
            t->stems[j].hash = stem_hash(&t->stems[j], s, wl);
        used += nc;
    }
    t->stem_first[nw] = (uint32_t)used;
    t->stemmed = 1;
}

/* The stems of word I of T with their hashes, made for every word of T at the first call;
 * NULL when there was no memory for them (the caller hashes as it goes). */
static inline const kh_stem *word_stems(const kh_text *t, size_t i, size_t *n)
{
    if (!t->stemmed)
        make_stems((kh_text *)t);   /* a cache: the text itself does not change */
    if (t->stemmed < 0)
        return NULL;
    *n = t->stem_first[i + 1] - t->stem_first[i];
    return t->stems + t->stem_first[i];
}

int kh_wordtab_find(const kh_wordtab *tab, const char *w, size_t len, int strip, int *stripped)
{
    if (!tab || !w || !len)
        return 0;
    kh_stem c[MAX_STEMS];
    size_t nc = stems_of(w, len, c);
    return find_stems(tab, w, len, len, c, nc, 0, strip, stripped);
}

int kh_wordtab_word(const kh_wordtab *tab, const kh_text *t, size_t i, int strip, int *stripped)
{
    size_t nw, nc;
    const kh_word *w = kh_text_words(t, &nw);
    if (!tab || i >= nw)
        return 0;
    const char *s = t->folded + w[i].start;
    size_t wl = w[i].end - w[i].start;
    const kh_stem *c = word_stems(t, i, &nc);
    if (!c)
        return kh_wordtab_find(tab, s, wl, strip, stripped);
    return find_stems(tab, s, wl, wl, c, nc, 1, strip, stripped);
}

/* Whether only spaces separate words A and B of a text. */
static int adjacent(const char *f, const kh_word *a, const kh_word *b)
{
    for (size_t k = a->end; k < b->start; k++)
        if (f[k] != ' ')
            return 0;
    return 1;
}

int kh_wordtab_match(const kh_wordtab *tab, const kh_text *t, size_t i, int strip,
                     size_t *nwords)
{
    size_t nw;
    const kh_word *w = kh_text_words(t, &nw);
    if (!tab || i >= nw)
        return 0;
    char buf[512];
    const char *f = t->folded, *s = f + w[i].start;
    size_t wl = w[i].end - w[i].start, len, nc, most = 1, best_n = 0;
    int best = 0;
    if (wl + 1 >= sizeof buf) {
        if (nwords)
            *nwords = 0;    /* no phrase of it fits the buffer, nor it alone */
        return 0;
    }
    kh_stem own[MAX_STEMS];
    const kh_stem *c = word_stems(t, i, &nc);
    int hashed = c != NULL;
    if (!c)
        c = own, nc = stems_of(s, wl, own);
    /* One pass over the word's stems: the word alone, looked up where it stands (the first
     * stem in order that is a key), and the most words of a phrase that can start with one of
     * them: longer phrases are tried only after a word that can start one. That bound asks
     * nothing of the length of the phrase (a proclitic comes off only when enough of it is
     * left), so it holds for any. */
    int phrases = tab->maxwords > 1 && tab->nfirst;
    for (size_t k = 0; k < nc; k++) {
        const kh_stem *ck = &c[k];
        if (ck->need & ~strip)
            continue;
        size_t h = hashed ? ck->hash : stem_hash(ck, s, wl);
        if (phrases && !(ck->alt && wl > (size_t)ck->off + ALT_MAX)) {
            size_t n = (ck->alt ? 2 : 0) + wl - ck->off;
            size_t fw = n ? stem_first_words(tab, ck, s, wl, h) : tab->maxwords;
            if (fw > most)
                most = fw;
        }
        if (!best && stem_ok(ck, strip, wl))
            best = stem_tag(tab, ck, s, wl, h);
    }
    best_n = best ? 1 : 0;
    if (most > 1)
        memcpy(buf, s, wl);
    len = wl;
    for (size_t k = 1; k < most && i + k < nw; k++) {
        if (!adjacent(f, &w[i + k - 1], &w[i + k]))
            break;
        size_t kl = w[i + k].end - w[i + k].start;
        if (len + kl + 1 >= sizeof buf)
            break;
        buf[len++] = ' ';
        memcpy(buf + len, f + w[i + k].start, kl);
        len += kl;
        int tag = find_stems(tab, buf, len, wl, c, nc, hashed, strip, NULL);
        if (tag) {
            best = tag;
            best_n = k + 1;
        }
    }
    if (nwords)
        *nwords = best_n;
    return best;
}

/* ---- the tables numbers are read with ----------------------------------------------------- */

/* Number words: the tag holds a class and a value. */
enum {
    N_UNIT = 1,         /* ثلاثة: 3 … عشرة: 10 */
    N_ONE,              /* واحد, واحدة */
    N_AHAD,             /* أحد, إحدى: one in أحد عشر, and "one of" */
    N_TWO,              /* اثنان, اثنا, اثنتين … */
    N_TEEN,             /* عشر / عشرة after a unit */
    N_TENS,             /* عشرون … تسعين */
    N_HUNDRED,          /* مئة, مائة: 100, also a multiplier of a unit (ثلاث مئة) */
    N_HUNDREDS,         /* مئتان, ثلاثمئة …: a whole number of hundreds */
    N_THOUSAND,         /* ألف: 1000, and the multiplier after 11 and more */
    N_THOUSANDS,        /* آلاف: the multiplier after 3 … 10 */
    N_THOUSAND2,        /* ألفان, ألفين */
    N_MILLION,          /* مليون, ملايين */
};
#define NTAG(cls, v) (((cls) << 24) | (v))
#define NCLS(tag) ((tag) >> 24)
#define NVAL(tag) ((tag) & 0xffffff)

static const kh_wordtab_entry number_words[] = {
    { "واحد", NTAG(N_ONE, 1) }, { "واحدة", NTAG(N_ONE, 1) },
    { "أحد", NTAG(N_AHAD, 1) }, { "إحدى", NTAG(N_AHAD, 1) },
    { "اثنان", NTAG(N_TWO, 2) }, { "اثنين", NTAG(N_TWO, 2) }, { "اثنا", NTAG(N_TWO, 2) },
    { "اثني", NTAG(N_TWO, 2) }, { "اثنتان", NTAG(N_TWO, 2) }, { "اثنتين", NTAG(N_TWO, 2) },
    { "اثنتا", NTAG(N_TWO, 2) }, { "اثنتي", NTAG(N_TWO, 2) },
    { "ثلاث", NTAG(N_UNIT, 3) }, { "ثلاثة", NTAG(N_UNIT, 3) },
    { "أربع", NTAG(N_UNIT, 4) }, { "أربعة", NTAG(N_UNIT, 4) },
    { "خمس", NTAG(N_UNIT, 5) }, { "خمسة", NTAG(N_UNIT, 5) },
    { "ست", NTAG(N_UNIT, 6) }, { "ستة", NTAG(N_UNIT, 6) },
    { "سبع", NTAG(N_UNIT, 7) }, { "سبعة", NTAG(N_UNIT, 7) },
    { "ثمان", NTAG(N_UNIT, 8) }, { "ثماني", NTAG(N_UNIT, 8) }, { "ثمانية", NTAG(N_UNIT, 8) },
    { "تسع", NTAG(N_UNIT, 9) }, { "تسعة", NTAG(N_UNIT, 9) },
    { "عشر", NTAG(N_TEEN, 10) }, { "عشرة", NTAG(N_TEEN, 10) },
    { "عشرون", NTAG(N_TENS, 20) }, { "عشرين", NTAG(N_TENS, 20) },
    { "ثلاثون", NTAG(N_TENS, 30) }, { "ثلاثين", NTAG(N_TENS, 30) },
    { "أربعون", NTAG(N_TENS, 40) }, { "أربعين", NTAG(N_TENS, 40) },
    { "خمسون", NTAG(N_TENS, 50) }, { "خمسين", NTAG(N_TENS, 50) },
    { "ستون", NTAG(N_TENS, 60) }, { "ستين", NTAG(N_TENS, 60) },
    { "سبعون", NTAG(N_TENS, 70) }, { "سبعين", NTAG(N_TENS, 70) },
    { "ثمانون", NTAG(N_TENS, 80) }, { "ثمانين", NTAG(N_TENS, 80) },
    { "تسعون", NTAG(N_TENS, 90) }, { "تسعين", NTAG(N_TENS, 90) },
    { "مئة", NTAG(N_HUNDRED, 100) }, { "مائة", NTAG(N_HUNDRED, 100) },
    { "مية", NTAG(N_HUNDRED, 100) },
    { "مئتان", NTAG(N_HUNDREDS, 200) }, { "مئتين", NTAG(N_HUNDREDS, 200) },
    { "مائتان", NTAG(N_HUNDREDS, 200) }, { "مائتين", NTAG(N_HUNDREDS, 200) },
    { "مئتا", NTAG(N_HUNDREDS, 200) }, { "مئتي", NTAG(N_HUNDREDS, 200) },
    { "مائتا", NTAG(N_HUNDREDS, 200) }, { "مائتي", NTAG(N_HUNDREDS, 200) },
    { "ثلاثمئة", NTAG(N_HUNDREDS, 300) }, { "ثلاثمائة", NTAG(N_HUNDREDS, 300) },
    { "أربعمئة", NTAG(N_HUNDREDS, 400) }, { "أربعمائة", NTAG(N_HUNDREDS, 400) },
    { "خمسمئة", NTAG(N_HUNDREDS, 500) }, { "خمسمائة", NTAG(N_HUNDREDS, 500) },
    { "ستمئة", NTAG(N_HUNDREDS, 600) }, { "ستمائة", NTAG(N_HUNDREDS, 600) },
    { "سبعمئة", NTAG(N_HUNDREDS, 700) }, { "سبعمائة", NTAG(N_HUNDREDS, 700) },
    { "ثمانمئة", NTAG(N_HUNDREDS, 800) }, { "ثمانمائة", NTAG(N_HUNDREDS, 800) },
    { "ثمانيمئة", NTAG(N_HUNDREDS, 800) }, { "ثمانيمائة", NTAG(N_HUNDREDS, 800) },
    { "تسعمئة", NTAG(N_HUNDREDS, 900) }, { "تسعمائة", NTAG(N_HUNDREDS, 900) },
    { "ألف", NTAG(N_THOUSAND, 1000) }, { "آلاف", NTAG(N_THOUSANDS, 1000) },
    { "ألفان", NTAG(N_THOUSAND2, 2000) }, { "ألفين", NTAG(N_THOUSAND2, 2000) },
    { "ألفا", NTAG(N_THOUSAND, 1000) },
    { "مليون", NTAG(N_MILLION, 1000000) }, { "ملايين", NTAG(N_MILLION, 1000000) },
};

static const kh_wordtab_entry qualifier_words[] = {
    { "أكثر من", KH_QUAL_AT_LEAST }, { "ما يزيد عن", KH_QUAL_AT_LEAST },
    { "ما يزيد على", KH_QUAL_AT_LEAST }, { "يزيد عن", KH_QUAL_AT_LEAST },
    { "يزيد على", KH_QUAL_AT_LEAST }, { "ما يربو على", KH_QUAL_AT_LEAST },
    { "ما يربو عن", KH_QUAL_AT_LEAST }, { "يربو على", KH_QUAL_AT_LEAST },
    { "ما لا يقل عن", KH_QUAL_AT_LEAST }, { "لا يقل عن", KH_QUAL_AT_LEAST },
    { "ما لا يقل عن", KH_QUAL_AT_LEAST }, { "أزيد من", KH_QUAL_AT_LEAST },
    { "ما يفوق", KH_QUAL_AT_LEAST }, { "يفوق", KH_QUAL_AT_LEAST },
    { "على الأقل", KH_QUAL_AT_LEAST },
    { "نحو", KH_QUAL_ABOUT }, { "قرابة", KH_QUAL_ABOUT }, { "حوالي", KH_QUAL_ABOUT },
    { "حوالى", KH_QUAL_ABOUT }, { "زهاء", KH_QUAL_ABOUT }, { "ما يقارب", KH_QUAL_ABOUT },
    { "يقارب", KH_QUAL_ABOUT }, { "ما يقرب من", KH_QUAL_ABOUT }, { "ما يناهز", KH_QUAL_ABOUT },
    { "يناهز", KH_QUAL_ABOUT }, { "تقريبا", KH_QUAL_ABOUT }, { "قرابه", KH_QUAL_ABOUT },
    { "أقل من", KH_QUAL_AT_MOST }, { "ما دون", KH_QUAL_AT_MOST },
    { "لا يزيد عن", KH_QUAL_AT_MOST }, { "ما لا يزيد عن", KH_QUAL_AT_MOST },
    { "لا يتجاوز", KH_QUAL_AT_MOST }, { "ما لا يتجاوز", KH_QUAL_AT_MOST },
};

/* Said after the number: "30 ونيف", "30 على الأقل", "30 تقريباً". */
static const kh_wordtab_entry trailing_words[] = {
    { "ونيف", KH_QUAL_AT_LEAST }, { "على الأقل", KH_QUAL_AT_LEAST },
    { "تقريبا", KH_QUAL_ABOUT },
};

static const kh_wordtab_entry vague_words[] = {
    { "عشرات", 1 }, { "العشرات", 1 }, { "مئات", 1 }, { "المئات", 1 },
    { "آلاف", 1 }, { "الآلاف", 1 }, { "عشرات الآلاف", 1 }, { "مئات الآلاف", 1 },
    { "عدد من", 1 }, { "عددا من", 1 }, { "عدد كبير من", 1 }, { "عددا كبيرا من", 1 },
    { "عدد آخر", 1 }, { "عدد آخر من", 1 }, { "العديد من", 1 }, { "العديد", 1 },
    { "الكثير من", 1 }, { "كثير من", 1 }, { "عدة", 1 }, { "بضع", 1 }, { "بضعة", 1 },
    { "بعض", 1 }, { "آخرين", 1 }, { "آخرون", 1 },
};

/* Nouns of persons and casualties. A row gives the singular, whether the noun has a sound
 * masculine plural (then its -ين form is dual or plural: مدنيين), and its broken plurals.
 * The accusative singular (-اً), the duals (-ان, -ين; -تان, -تين after ة) are derived. */
typedef struct noun_row {
    const char *one;
    int sound_plural;
    const char *many[2];
} noun_row;

static const noun_row noun_rows[] = {
    { "شخص", 0, { "أشخاص" } }, { "رجل", 0, { "رجال" } }, { "امرأة", 0, { "نساء", "نسوة" } },
    { "سيدة", 0, { "سيدات" } }, { "طفل", 0, { "أطفال" } }, { "طفلة", 0, { "طفلات" } },
    { "شاب", 0, { "شبان", "شباب" } }, { "فتاة", 0, { "فتيات" } }, { "فتى", 0, { "فتية" } },
    { "مدني", 1, { 0 } }, { "مدنية", 0, { "مدنيات" } }, { "عنصر", 0, { "عناصر" } },
    { "جندي", 0, { "جنود" } }, { "عسكري", 1, { 0 } }, { "ضابط", 0, { "ضباط" } },
    { "مقاتل", 1, { 0 } }, { "مسلح", 1, { 0 } }, { "قيادي", 1, { 0 } },
    { "قائد", 0, { "قادة" } }, { "طبيب", 0, { "أطباء" } }, { "ممرض", 1, { 0 } },
    { "ممرضة", 0, { "ممرضات" } }, { "مسعف", 1, { 0 } }, { "صحفي", 1, { 0 } },
    { "صحافي", 1, { 0 } }, { "ناشط", 1, { 0 } }, { "إعلامي", 1, { 0 } },
    { "مواطن", 1, { 0 } }, { "مواطنة", 0, { "مواطنات" } }, { "متطوع", 1, { 0 } },
    { "عامل", 1, { "عمال" } }, { "شقيق", 0, { "أشقاء" } }, { "شقيقة", 0, { "شقيقات" } },
    { "مسن", 1, { 0 } }, { "مسنة", 0, { 0 } }, { "شرطي", 1, { 0 } },
    { "إرهابي", 1, { 0 } }, { "معارض", 1, { 0 } }, { "مجند", 1, { 0 } },
    { "طالب", 0, { "طلاب" } }, { "تلميذ", 0, { "تلاميذ" } }, { "معلم", 1, { 0 } },
    { "سائق", 1, { 0 } }, { "فرد", 0, { "أفراد" } }, { "أمير", 0, { "أمراء" } },
    { "نازح", 1, { 0 } }, { "لاجئ", 1, { 0 } }, { "رضيع", 0, { "رضع" } },
    { "مختار", 0, { 0 } }, { "قاض", 0, { "قضاة" } }, { "مهندس", 1, { 0 } },
    { "مدرس", 1, { 0 } }, { "مسؤول", 1, { 0 } }, { "موظف", 1, { 0 } }, { "مدرسة", 0, { "مدرسات" } }, { "مزارع", 1, { 0 } },
    { "راع", 0, { "رعاة" } }, { "مصور", 1, { 0 } }, { "مراسل", 1, { 0 } },
    { "مدير", 0, { "مدراء" } }, { "رئيس", 0, { "رؤساء" } }, { "عضو", 0, { "أعضاء" } },
    { "قناص", 1, { 0 } }, { "انغماسي", 1, { 0 } }, { "انتحاري", 1, { 0 } },
    { "قتيل", 0, { "قتلى" } }, { "جريح", 0, { "جرحى" } }, { "شهيد", 0, { "شهداء" } },
    { "شهيدة", 0, { "شهيدات" } }, { "ضحية", 0, { "ضحايا" } }, { "مصاب", 1, { 0 } },
    { "جثة", 0, { "جثث" } }, { "جثمان", 0, { "جثامين" } }, { "أسير", 0, { "أسرى" } },
    { "معتقل", 1, { 0 } }, { "مخطوف", 1, { 0 } }, { "مختطف", 1, { 0 } },
    { "زوج", 0, { "أزواج" } }, { "زوجة", 0, { "زوجات" } }, { "ابن", 0, { "أبناء" } },
    { "ابنة", 0, { "بنات" } }, { "والد", 0, { 0 } }, { "والدة", 0, { 0 } },
    { "أخ", 0, { "إخوة" } }, { "أخت", 0, { "أخوات" } }, { "حفيد", 0, { "أحفاد" } },
    { "حفيدة", 0, { "حفيدات" } }, { "نجل", 0, { "أنجال" } },
    /* a kunya, a title or a rank names one person: "مقتل أبو الهيجاء", "مقتل العميد …" */
    { "أبو", 0, { 0 } }, { "المدعو", 0, { 0 } }, { "شيخ", 0, { 0 } }, { "حاج", 0, { 0 } },
    { "زعيم", 0, { "زعماء" } }, { "ملازم", 0, { 0 } }, { "نقيب", 0, { 0 } },
    { "رائد", 0, { 0 } }, { "مقدم", 0, { 0 } }, { "عقيد", 0, { 0 } }, { "عميد", 0, { 0 } },
    { "رقيب", 0, { 0 } }, { "عريف", 0, { 0 } },
};

/* Possessive pronouns a noun may carry: طفلها, زوجته, أطفالهم. */
static const char *const pronoun_suffixes[] = { "هما", "هم", "هن", "ها", "ه" };

static const kh_wordtab_entry unit_nouns_after_one[] = {
    { "واحد", 1 }, { "واحدة", 1 },
};

static kh_wordtab *tab_num, *tab_qual, *tab_trail, *tab_vague, *tab_noun, *tab_one;
static pthread_once_t tabs_once = PTHREAD_ONCE_INIT;
static int tabs_ok;

/* Fold one noun form and append it to the entries (the strings live in the table). */
static int noun_forms(kh_wordtab_entry *e, char (*buf)[64], size_t *n, const noun_row *r)
{
    size_t len = strlen(r->one);
    int fem = len >= 2 && memcmp(r->one + len - 2, "\xd8\xa9", 2) == 0;   /* ends in ة */
    /* ends in ى (فتى): no regular dual */
    int alif_maqsura = len >= 2 && memcmp(r->one + len - 2, "\xd9\x89", 2) == 0;
    snprintf(buf[*n], 64, "%s", r->one);
    e[*n] = (kh_wordtab_entry){ buf[*n], KH_NOUN_ONE }, (*n)++;
    if (!fem && !alif_maqsura) {
        snprintf(buf[*n], 64, "%s\xd8\xa7", r->one);                     /* -ا */
        e[*n] = (kh_wordtab_entry){ buf[*n], KH_NOUN_ONE }, (*n)++;
        snprintf(buf[*n], 64, "%s\xd8\xa7\xd9\x86", r->one);             /* -ان */
        e[*n] = (kh_wordtab_entry){ buf[*n], KH_NOUN_TWO }, (*n)++;
        snprintf(buf[*n], 64, "%s\xd9\x8a\xd9\x86", r->one);             /* -ين */
        e[*n] = (kh_wordtab_entry){ buf[*n], r->sound_plural ? KH_NOUN_TWO_OR_MANY : KH_NOUN_TWO },
        (*n)++;
        if (r->sound_plural) {
            snprintf(buf[*n], 64, "%s\xd9\x88\xd9\x86", r->one);         /* -ون */
            e[*n] = (kh_wordtab_entry){ buf[*n], KH_NOUN_MANY }, (*n)++;
            snprintf(buf[*n], 64, "%s\xd9\x8a", r->one);                   /* -ي: مقاتلي */
            e[*n] = (kh_wordtab_entry){ buf[*n], KH_NOUN_TWO_OR_MANY }, (*n)++;
        }
    } else if (fem) {
        snprintf(buf[*n], 64, "%.*s\xd8\xaa\xd8\xa7\xd9\x86", (int)len - 2, r->one); /* -تان */
        e[*n] = (kh_wordtab_entry){ buf[*n], KH_NOUN_TWO }, (*n)++;
        snprintf(buf[*n], 64, "%.*s\xd8\xaa\xd9\x8a\xd9\x86", (int)len - 2, r->one); /* -تين */
        e[*n] = (kh_wordtab_entry){ buf[*n], KH_NOUN_TWO }, (*n)++;
    }
    for (int k = 0; k < 2 && r->many[k]; k++) {
        snprintf(buf[*n], 64, "%s", r->many[k]);
        e[*n] = (kh_wordtab_entry){ buf[*n], KH_NOUN_MANY }, (*n)++;
    }
    return 0;
}

static void tabs_init(void)
{
    size_t rows = sizeof noun_rows / sizeof *noun_rows, n = 0;
    kh_wordtab_entry *e = calloc(rows * 9, sizeof *e);
    char (*buf)[64] = calloc(rows * 9, sizeof *buf);
    if (!e || !buf)
        goto out;
    for (size_t r = 0; r < rows; r++)
        noun_forms(e, buf, &n, &noun_rows[r]);
    tab_num = kh_wordtab_new(KH_WORDTAB_OF(number_words));
    tab_qual = kh_wordtab_new(KH_WORDTAB_OF(qualifier_words));
    tab_trail = kh_wordtab_new(KH_WORDTAB_OF(trailing_words));
    tab_vague = kh_wordtab_new(KH_WORDTAB_OF(vague_words));
    tab_one = kh_wordtab_new(KH_WORDTAB_OF(unit_nouns_after_one));
    tab_noun = kh_wordtab_new(e, n, NULL);
    tabs_ok = tab_num && tab_qual && tab_trail && tab_vague && tab_noun && tab_one;
out:
    free(e);
    free(buf);
}

static int tabs(void)
{
    pthread_once(&tabs_once, tabs_init);
    return tabs_ok;
}

/* ---- reading ------------------------------------------------------------------------------ */

const char *kh_qualifier_name(int q)
{
    switch (q) {
    case KH_QUAL_AT_LEAST: return "at_least";
    case KH_QUAL_ABOUT: return "about";
    case KH_QUAL_AT_MOST: return "at_most";
    case KH_QUAL_VAGUE: return "vague";
    default: return "exact";
    }
}

typedef struct reader {
    const kh_text *t;
    const char *f;
    const kh_word *w;
    size_t nw;
} reader;

static int word_tag(const reader *r, const kh_wordtab *tab, size_t i, int strip)
{
    if (i >= r->nw || r->w[i].kind != KH_WORD_LETTERS)
        return 0;
    return kh_wordtab_word(tab, r->t, i, strip, NULL);
}

/* Whether word I is exactly the folded string S ("من" is "\xd9\x85\xd9\x86"). */
static int word_is(const reader *r, size_t i, const char *s)
{
    size_t n = strlen(s);
    return i < r->nw && r->w[i].end - r->w[i].start == n && memcmp(r->f + r->w[i].start, s, n) == 0;
}

/* Whether word I follows word I-1 with nothing but spaces between. */
static int joined(const reader *r, size_t i)
{
    return i > 0 && i < r->nw && adjacent(r->f, &r->w[i - 1], &r->w[i]);
}

static int is_ascii_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Digits at word I, with thousands groups ("1,200", "1.200.000"). Returns the value or -1 when
 * the digits are not a count: a decimal, a clock time, a part of a code (T-90, 2017/11/13). */
static long read_digits(const reader *r, size_t i, size_t *end)
{
    const kh_word *w = r->w;
    size_t len = w[i].end - w[i].start;
    if (len > 9)
        return -1;
    long v = strtol(r->f + w[i].start, NULL, 10);
    size_t j = i;
    while (j + 1 < r->nw && w[j + 1].kind == KH_WORD_DIGITS && w[j + 1].start == w[j].end + 1 &&
           (r->f[w[j].end] == ',' || r->f[w[j].end] == '.') &&
           w[j + 1].end - w[j + 1].start == 3 && v < 1000000) {
        v = v * 1000 + strtol(r->f + w[j + 1].start, NULL, 10);
        j++;
    }
    /* a further group would pass 9 digits (999,999,999,999): not a count, as ungrouped */
    if (j + 1 < r->nw && w[j + 1].kind == KH_WORD_DIGITS && w[j + 1].start == w[j].end + 1 &&
        (r->f[w[j].end] == ',' || r->f[w[j].end] == '.') && w[j + 1].end - w[j + 1].start == 3)
        return -1;
    size_t a = w[i].start, b = w[j].end;
    char before = a > 0 ? r->f[a - 1] : ' ', after = r->f[b];
    char after2 = after ? r->f[b + 1] : 0;
    if (is_ascii_alpha(before) || is_ascii_alpha(after) || before == '-' || after == '-' ||
        before == '/' || after == '/' || before == '\\' || after == '\\' || after == '%' ||
        before == ':' || (after == ':' && after2 >= '0' && after2 <= '9') ||
        ((after == '.' || after == ',') && after2 >= '0' && after2 <= '9') ||
        ((before == '.' || before == ',') && a > 1 && r->f[a - 2] >= '0' && r->f[a - 2] <= '9'))
        return -1;
    *end = j + 1;
    return v;
}

/* A multiplier word after a count (آلاف, ألف, مليون): the new value, or V when none. */
static long multiply(const reader *r, long v, size_t *end)
{
    int tag = word_tag(r, tab_num, *end, 0);
    int cls = NCLS(tag);
    if ((cls == N_THOUSAND || cls == N_THOUSANDS) && v > 0 && v < 1000) {
        (*end)++;
        return v * 1000;
    }
    if (cls == N_MILLION && v > 0 && v < 1000) {
        (*end)++;
        return v * 1000000;
    }
    return v;
}

/* One term of a compound: a unit with what it governs (ثلاثة عشر, ثلاث مئة, ثلاثة آلاف), tens,
 * hundreds, thousands. Returns the value (0 when none) and its slot: 4 thousands, 3 hundreds,
 * 2 units and teens, 1 tens, which must come in that order in a compound. */
static long term(const reader *r, size_t i, int strip, size_t *end, int *slot)
{
    int tag = word_tag(r, tab_num, i, strip);
    if (!tag)
        return 0;
    int cls = NCLS(tag);
    long v = NVAL(tag);
    size_t j = i + 1;
    int next = joined(r, j) ? word_tag(r, tab_num, j, 0) : 0;
    switch (cls) {
    case N_ONE:
    case N_AHAD:
    case N_TWO:
    case N_UNIT:
        if (NCLS(next) == N_TEEN && v < 10) {
            v += 10, j++, *slot = 2;
            break;
        }
        if (cls == N_UNIT && NCLS(next) == N_HUNDRED) {
            v *= 100, j++, *slot = 3;
            break;
        }
        if (cls == N_UNIT && NCLS(next) == N_THOUSANDS) {
            v *= 1000, j++, *slot = 4;
            break;
        }
        *slot = 2;
        break;
    case N_TEEN:
        *slot = 2;
        break;
    case N_TENS:
        *slot = 1;
        break;
    case N_HUNDRED:
    case N_HUNDREDS:
        *slot = 3;
        break;
    case N_THOUSAND:
    case N_THOUSAND2:
        *slot = 4;
        break;
    case N_MILLION:
        *slot = 5;
        break;
    default:
        return 0;
    }
    *end = j;
    return v;
}

/* Number words from word I: terms joined by و in descending slots ("مئة وخمسة وعشرون"). */
static long read_words(const reader *r, size_t i, size_t *end, int *first_cls)
{
    int slot;
    size_t j;
    int tag = word_tag(r, tab_num, i, KH_STRIP_CONJ | KH_STRIP_PREP);
    *first_cls = NCLS(tag);
    long v = term(r, i, KH_STRIP_CONJ | KH_STRIP_PREP, &j, &slot);
    if (!v)
        return 0;
    if (slot < 4)
        v = multiply(r, v, &j);     /* "خمسة عشر ألفاً" */
    for (;;) {
        if (!joined(r, j))
            break;
        const char *s = r->f + r->w[j].start;
        if (r->w[j].end - r->w[j].start < 4 || memcmp(s, AR_WAW, 2) != 0)
            break;
        int nslot;
        size_t nj;
        long t = term(r, j, KH_STRIP_CONJ, &nj, &nslot);
        if (!t || nslot >= slot)
            break;
        v += t;
        slot = nslot;
        j = nj;
    }
    *end = j;
    return v;
}

int kh_num_read(const kh_text *t, size_t i, kh_number *out)
{
    reader r;
    r.t = t;
    r.f = kh_text_folded(t, NULL);
    r.w = kh_text_words(t, &r.nw);
    if (!tabs() || i >= r.nw)
        return 0;
    kh_number n = { .value = -1, .qualifier = KH_QUAL_EXACT, .first = i, .num = i };
    size_t q = 0, j = i;
    int qual = kh_wordtab_match(tab_qual, t, i, KH_STRIP_CONJ, &q);
    if (qual && q > 0) {
        if (!joined(&r, i + q))
            return 0;
        n.qualifier = qual;
        j = i + q;
        n.num = j;
    }
    size_t end = j;
    long v = -1;
    if (j < r.nw && r.w[j].kind == KH_WORD_DIGITS) {
        v = read_digits(&r, j, &end);
        if (v < 0)
            return 0;
        if (joined(&r, end))
            v = multiply(&r, v, &end);
    } else {
        int cls = 0;
        v = read_words(&r, j, &end, &cls);
        if (v > 0) {
            /* واحد alone is an adjective (عائلة واحدة) unless it means "one of". */
            if (end == j + 1 && cls == N_ONE && !(joined(&r, end) && word_is(&r, end, "\xd9\x85\xd9\x86")))
                return 0;
            /* أحد / إحدى alone counts one only when it governs a following word. */
            if (end == j + 1 && cls == N_AHAD && !joined(&r, end))
                return 0;
        } else {
            v = -1;
            int noun = kh_num_noun(t, j);
            size_t vn = 0;
            int vague = kh_wordtab_match(tab_vague, t, j, KH_STRIP_CONJ, &vn);
            if (noun == KH_NOUN_TWO) {
                v = 2, end = j + 1, n.noun = 1;
            } else if ((noun == KH_NOUN_TWO_OR_MANY || noun == KH_NOUN_MANY) && joined(&r, j + 1) &&
                       NCLS(word_tag(&r, tab_num, j + 1, 0)) == N_TWO) {
                v = 2, end = j + 2, n.noun = 1;      /* عسكريين اثنين */
            } else if (noun == KH_NOUN_ONE && joined(&r, j + 1) &&
                       word_tag(&r, tab_one, j + 1, 0)) {
                v = 1, end = j + 2, n.noun = 1;      /* عنصر واحد */
            } else if (vague == 1 && n.qualifier == KH_QUAL_EXACT) {
                n.qualifier = KH_QUAL_VAGUE, end = j + vn;
            } else {
                return 0;
            }
        }
    }
    if (v >= 0 && !n.noun) {
        size_t tn = 0;
        int tq = joined(&r, end) ? kh_wordtab_match(tab_trail, t, end, 0, &tn) : 0;
        if (tq) {
            if (n.qualifier == KH_QUAL_EXACT)
                n.qualifier = tq;
            end += tn;
        }
    }
    n.value = v;
    n.end = end;
    *out = n;
    return 1;
}

int kh_num_noun(const kh_text *t, size_t i)
{
    reader r;
    r.t = t;
    r.f = kh_text_folded(t, NULL);
    r.w = kh_text_words(t, &r.nw);
    if (!tabs())
        return KH_NOUN_NONE;
    int tag = word_tag(&r, tab_noun, i, KH_STRIP_ALL);
    if (tag || i >= r.nw || r.w[i].kind != KH_WORD_LETTERS)
        return tag;
    /* without a possessive pronoun; "زوجته" is "زوجة" + ه, its ة written ت */
    const char *w = r.f + r.w[i].start;
    size_t len = r.w[i].end - r.w[i].start;
    char buf[128];
    for (size_t k = 0; k < sizeof pronoun_suffixes / sizeof *pronoun_suffixes; k++) {
        size_t sl = strlen(pronoun_suffixes[k]);
        if (len <= sl + 4 || len - sl >= sizeof buf ||
            memcmp(w + len - sl, pronoun_suffixes[k], sl) != 0)
            continue;
        size_t stem = len - sl;
        memcpy(buf, w, stem);
        tag = kh_wordtab_find(tab_noun, buf, stem, KH_STRIP_CONJ | KH_STRIP_PREP, NULL);
        if (!tag && stem >= 4 && memcmp(buf + stem - 2, "\xd8\xaa", 2) == 0) {
            memcpy(buf + stem - 2, "\xd9\x87", 2);      /* ت -> ه (folded ة) */
            tag = kh_wordtab_find(tab_noun, buf, stem, KH_STRIP_CONJ | KH_STRIP_PREP, NULL);
        }
        if (tag)
            return tag;
    }
    return KH_NOUN_NONE;
}

int kh_num_parse(const char *s, long *value)
{
    int rc = -1;
    kh_text *t = kh_text_new(s, strlen(s), NULL);
    if (!t)
        return -1;
    size_t nw;
    kh_text_words(t, &nw);
    kh_number n;
    if (nw > 0 && kh_num_read(t, 0, &n) && n.end == nw && n.value >= 0 &&
        n.qualifier == KH_QUAL_EXACT && !n.noun) {
        *value = n.value;
        rc = 0;
    }
    kh_text_free(t);
    return rc;
}
