/* Arabic folding for matching (ICU normalisation data) with a byte offset map back to the
 * source, and ICU word / sentence segmentation over the folded UTF-8. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>

#include "kharita/text.h"
#include "text/text_int.h"

static const UNormalizer2 *nfkc;
static pthread_once_t nfkc_once = PTHREAD_ONCE_INIT;

/* The folded UTF-8 of every code point below U+0800 (ASCII, Latin, Arabic: nearly every
 * character of a document), made once by fold_cp itself so that it cannot differ from it.
 * len 0 is a dropped character; FOLD_SLOW one whose folding does not fit (never so far). */
#define FOLD_FAST_END 0x800
#define FOLD_SLOW 0xff
static struct {
    uint8_t len;
    char s[7];
} fast[FOLD_FAST_END];
/* u_isalpha of the same code points, asked of ICU once: the word splitter asks it of every
 * character of a text. */
static uint8_t alpha[FOLD_FAST_END];

static int fold_cp(kh_text *t, UChar32 c, uint32_t from, int depth);

static void nfkc_init(void)
{
    UErrorCode st = U_ZERO_ERROR;
    nfkc = unorm2_getNFKCInstance(&st);
    if (U_FAILURE(st))
        nfkc = NULL;
    kh_text scratch = { 0 };
    for (UChar32 c = 1; c < FOLD_FAST_END; c++) {
        alpha[c] = u_isalpha(c) != 0;
        scratch.len = 0;
        if (fold_cp(&scratch, c, 0, 0) < 0 || scratch.len > sizeof fast[c].s) {
            fast[c].len = FOLD_SLOW;
            continue;
        }
        memcpy(fast[c].s, scratch.folded, scratch.len);
        fast[c].len = (uint8_t)scratch.len;
    }
    free(scratch.folded);
    free(scratch.src);
}

/* The per-character rules that NFKD plus mark removal do not give by themselves. Returns the
 * replacement, 0 to drop the character, or -1 when the character has no special rule. */
static UChar32 special(UChar32 c)
{
    if (c >= 0x0660 && c <= 0x0669)
        return '0' + (c - 0x0660);
    if (c >= 0x06F0 && c <= 0x06F9)
        return '0' + (c - 0x06F0);
    switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627;  /* آ أ إ ٱ -> ا */
    case 0x0624: return 0x0648;                                           /* ؤ -> و */
    case 0x0626: case 0x0649: case 0x06CC: return 0x064A;                 /* ئ ى ی -> ي */
    case 0x0629: case 0x06D5: case 0x06C0: case 0x06BE: return 0x0647;    /* ة ە ۀ ھ -> ه */
    case 0x06A9: return 0x0643;                                           /* ک -> ك */
    case 0x060C: case 0x066C: return ',';
    case 0x061B: return ';';
    case 0x061F: return '?';
    case 0x066B: return '.';
    case 0x066A: return '%';
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2033: return '"';
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: return '\'';
    case 0x0640: case 0x061C: case 0x00AD: case 0xFEFF: return 0;          /* tatweel, marks */
    case 0x2028: case 0x2029: case '\n': return '\n';
    default: break;
    }
    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z')
            return c + 32;
        if (c < 0x20 || c == 0x7F)
            return ' ';
        return c;
    }
    if (c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000)
        return ' ';
    return -1;
}

/* Room for at least WANT more folded bytes. */
static int reserve(kh_text *t, size_t want)
{
    if (t->cap - t->len >= want)
        return 0;
    size_t cap = t->cap ? t->cap * 2 : 256;
    while (cap - t->len < want)
        cap *= 2;
    char *f = realloc(t->folded, cap);
    if (!f)
        return -1;
    t->folded = f;
    uint32_t *s = realloc(t->src, cap * sizeof *s);
    if (!s)
        return -1;
    t->src = s;
    t->cap = cap;
    return 0;
}

static int put(kh_text *t, UChar32 c, uint32_t from)
{
    if (reserve(t, 5) < 0)
        return -1;
    size_t at = t->len;
    U8_APPEND_UNSAFE(t->folded, t->len, c);
    for (size_t i = at; i < t->len; i++)
        t->src[i] = from;
    return 0;
}

/* Fold one code point (depth 0) or one code point of its decomposition (depth 1). */
static int fold_cp(kh_text *t, UChar32 c, uint32_t from, int depth)
{
    UChar32 s = special(c);
    if (s == 0)
        return 0;
    if (s > 0)
        return put(t, s, from);
    int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR)
        return 0;
    if (type == U_SPACE_SEPARATOR)
        return put(t, ' ', from);
    if (depth == 0 && nfkc) {
        UChar buf[32];
        UErrorCode st = U_ZERO_ERROR;
        int32_t n = unorm2_getDecomposition(nfkc, c, buf, 32, &st);
        if (n >= 0 && U_SUCCESS(st)) {
            for (int32_t i = 0; i < n;) {
                UChar32 d;
                U16_NEXT(buf, i, n, d);
                if (fold_cp(t, d, from, 1) < 0)
                    return -1;
            }
            return 0;
        }
    }
    return put(t, u_tolower(c), from);
}

kh_text *kh_text_new(const char *src, size_t len, kh_error *err)
{
    pthread_once(&nfkc_once, nfkc_init);
    if (len > UINT32_MAX - 1) {
        kh_error_set(err, KH_E_REJECT, "text of %zu bytes is too long", len);
        return NULL;
    }
    kh_text *t = calloc(1, sizeof *t);
    if (!t)
        goto nomem;
    const uint8_t *s = (const uint8_t *)src;
    int32_t i = 0, n = (int32_t)len;
    if (len > INT32_MAX) {
        kh_error_set(err, KH_E_REJECT, "text of %zu bytes is too long", len);
        goto fail;
    }
    /* Folding rarely makes a text longer: one allocation is nearly always enough. */
    if (reserve(t, len + 16) < 0)
        goto nomem;
    while (i < n) {
        int32_t at = i;
        UChar32 c;
        if (s[i] < 0x80) {
            c = s[i++];
            if (c == 0) {
                kh_error_set(err, KH_E_REJECT, "NUL byte at offset %d", at);
                goto fail;
            }
        } else {
            U8_NEXT(s, i, n, c);
            if (c < 0) {
                kh_error_set(err, KH_E_REJECT, "invalid UTF-8 at byte offset %d", at);
                goto fail;
            }
        }
        if (c < FOLD_FAST_END && fast[c].len != FOLD_SLOW) {
            /* the room was nearly always reserved above: no call, no memcpy of two bytes */
            size_t k = fast[c].len;
            if (t->cap - t->len <= sizeof fast[c].s && reserve(t, sizeof fast[c].s + 1) < 0)
                goto nomem;
            char *o = t->folded + t->len;
            uint32_t *so = t->src + t->len;
            for (size_t j = 0; j < k; j++) {
                o[j] = fast[c].s[j];
                so[j] = (uint32_t)at;
            }
            t->len += k;
        } else if (fold_cp(t, c, (uint32_t)at, 0) < 0) {
            goto nomem;
        }
    }
    if (put(t, ' ', (uint32_t)len) < 0)     /* ensures storage; the sentinel is removed below */
        goto nomem;
    t->len--;
    t->folded[t->len] = '\0';
    t->src[t->len] = (uint32_t)len;
    return t;
nomem:
    kh_error_set(err, KH_E_NOMEM, "out of memory folding %zu bytes", len);
fail:
    kh_text_free(t);
    return NULL;
}

void kh_text_free(kh_text *t)
{
    if (!t)
        return;
    free(t->folded);
    free(t->src);
    free(t->words);
    free(t->sents);
    free(t->stems);
    free(t->stem_first);
    free(t);
}

const char *kh_text_folded(const kh_text *t, size_t *len)
{
    if (len)
        *len = t->len;
    return t->folded ? t->folded : "";
}

size_t kh_text_source_offset(const kh_text *t, size_t off)
{
    if (off > t->len)
        off = t->len;
    return t->src ? t->src[off] : 0;
}

/* One break iterator of each kind per thread: opening one costs far more than a document. */
static pthread_key_t brk_key;
static pthread_once_t brk_once = PTHREAD_ONCE_INIT;

struct brk_pair {
    UBreakIterator *word, *sent;
};

static void brk_free(void *p)
{
    struct brk_pair *b = p;
    if (b) {
        ubrk_close(b->word);
        ubrk_close(b->sent);
        free(b);
    }
}

static void brk_key_init(void)
{
    pthread_key_create(&brk_key, brk_free);
}

static struct brk_pair *brk_get(void)
{
    pthread_once(&brk_once, brk_key_init);
    struct brk_pair *b = pthread_getspecific(brk_key);
    if (b)
        return b;
    b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    UErrorCode st = U_ZERO_ERROR;
    b->word = ubrk_open(UBRK_WORD, "ar", NULL, 0, &st);
    UErrorCode st2 = U_ZERO_ERROR;
    b->sent = ubrk_open(UBRK_SENTENCE, "ar", NULL, 0, &st2);
    if (U_FAILURE(st) || U_FAILURE(st2)) {
        brk_free(b);
        return NULL;
    }
    pthread_setspecific(brk_key, b);
    return b;
}

static int push_word(kh_text *t, size_t *cap, size_t a, size_t b, int kind)
{
    if (t->nwords == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        kh_word *w = realloc(t->words, nc * sizeof *w);
        if (!w)
            return -1;
        t->words = w;
        *cap = nc;
    }
    t->words[t->nwords++] = (kh_word){ a, b, kind };
    return 0;
}

/* Split an ICU word into runs of letters and runs of digits: "قتل11" -> "قتل", "11". */
static int split_word(kh_text *t, size_t *cap, size_t a, size_t b)
{
    const uint8_t *s = (const uint8_t *)t->folded;
    size_t run = a;
    int kind = 0;
    for (size_t i = a; i < b;) {
        size_t at = i;
        UChar32 c;
        U8_NEXT_UNSAFE(s, i, c);
        int letter = c < FOLD_FAST_END ? alpha[c] : u_isalpha(c);
        int k = (c >= '0' && c <= '9') ? KH_WORD_DIGITS : letter ? KH_WORD_LETTERS : 0;
        if (k != kind) {
            if (kind && push_word(t, cap, run, at, kind) < 0)
                return -1;
            run = at;
            kind = k;
        }
    }
    if (kind && push_word(t, cap, run, b, kind) < 0)
        return -1;
    return 0;
}

/* The folded text as UTF-16 for ICU (its break iterators read UTF-16 much faster than a UTF-8
 * UText), with the UTF-8 offset of every UTF-16 unit; at[n] is the folded length. */
static int to_utf16(const kh_text *t, UChar **u, uint32_t **at, int32_t *n)
{
    const uint8_t *s = (const uint8_t *)(t->folded ? t->folded : "");
    *u = malloc((t->len + 1) * sizeof **u);
    *at = malloc((t->len + 1) * sizeof **at);
    if (!*u || !*at)
        return -1;
    int32_t j = 0;
    for (size_t i = 0; i < t->len;) {
        size_t from = i;
        UChar32 c;
        U8_NEXT_UNSAFE(s, i, c);
        int32_t k = j;
        U16_APPEND_UNSAFE(*u, j, c);
        for (; k < j; k++)
            (*at)[k] = (uint32_t)from;
    }
    (*at)[j] = (uint32_t)t->len;
    *n = j;
    return 0;
}

static int segment(kh_text *t)
{
    if (t->segmented)
        return 0;
    struct brk_pair *b = brk_get();
    if (!b)
        return -1;
    UErrorCode st = U_ZERO_ERROR;
    UChar *u = NULL;
    uint32_t *at = NULL;
    int32_t n16 = 0;
    size_t wcap = 0, scap = 0;
    int rc = -1;
    if (to_utf16(t, &u, &at, &n16) < 0)
        goto out;
    ubrk_setText(b->word, u, n16, &st);
    if (U_FAILURE(st))
        goto out;
    for (int32_t a = ubrk_first(b->word), e; (e = ubrk_next(b->word)) != UBRK_DONE; a = e) {
        if (ubrk_getRuleStatus(b->word) >= UBRK_WORD_NONE_LIMIT &&
            split_word(t, &wcap, at[a], at[e]) < 0)
            goto out;
    }
    ubrk_setText(b->sent, u, n16, &st);
    if (U_FAILURE(st))
        goto out;
    for (int32_t a = ubrk_first(b->sent), e; (e = ubrk_next(b->sent)) != UBRK_DONE; a = e) {
        /* A newline ends a sentence too (headlines, list items, paragraphs without a stop). */
        size_t from = at[a], to = at[e];
        for (size_t i = from; i <= to; i++) {
            if (i < to && t->folded[i] != '\n')
                continue;
            if (i > from) {
                if (t->nsents == scap) {
                    scap = scap ? scap * 2 : 16;
                    kh_span *ns = realloc(t->sents, scap * sizeof *ns);
                    if (!ns)
                        goto out;
                    t->sents = ns;
                }
                t->sents[t->nsents++] = (kh_span){ from, i };
            }
            from = i + 1;
        }
    }
    t->segmented = 1;
    rc = 0;
out:
    /* Detach the iterators from the text before it goes away. */
    {
        static const UChar empty[1] = { 0 };
        UErrorCode st3 = U_ZERO_ERROR;
        ubrk_setText(b->word, empty, 0, &st3);
        ubrk_setText(b->sent, empty, 0, &st3);
    }
    free(u);
    free(at);
    return rc;
}

const kh_word *kh_text_words(const kh_text *t, size_t *n)
{
    if (segment((kh_text *)t) < 0) {
        *n = 0;
        return NULL;
    }
    *n = t->nwords;
    return t->words;
}

const kh_span *kh_text_sentences(const kh_text *t, size_t *n)
{
    if (segment((kh_text *)t) < 0) {
        *n = 0;
        return NULL;
    }
    *n = t->nsents;
    return t->sents;
}

char *kh_fold(const char *src, size_t len, kh_error *err)
{
    kh_text *t = kh_text_new(src, len, err);
    if (!t)
        return NULL;
    char *out = malloc(t->len + 1);
    if (!out) {
        kh_text_free(t);
        kh_error_set(err, KH_E_NOMEM, "out of memory");
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < t->len; i++) {
        char c = t->folded[i] == '\n' ? ' ' : t->folded[i];
        if (c == ' ' && (o == 0 || out[o - 1] == ' '))
            continue;
        out[o++] = c;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    kh_text_free(t);
    return out;
}

size_t kh_utf8_letters(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}
