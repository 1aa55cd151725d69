/* Match keys of gazetteer names and the spelling variants generated from them by rule. */
#include <stdlib.h>
#include <string.h>

#include "kharita/text.h"
#include "gazetteer/gazetteer_int.h"

#define MAX_VARIANTS_PER_NAME 48

char *kh_gaz_key(const char *name, size_t len, kh_error *err)
{
    kh_text *t = kh_text_new(name, len, err);
    if (!t)
        return NULL;
    size_t flen, nw;
    const char *f = kh_text_folded(t, &flen);
    const kh_word *w = kh_text_words(t, &nw);
    /* words may touch ("قتل11" is two words): room for a space between each */
    char *key = malloc(flen + nw + 1);
    if (!key) {
        kh_text_free(t);
        kh_error_set(err, KH_E_NOMEM, "out of memory");
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < nw; i++) {
        if (o)
            key[o++] = ' ';
        memcpy(key + o, f + w[i].start, w[i].end - w[i].start);
        o += w[i].end - w[i].start;
    }
    key[o] = '\0';
    kh_text_free(t);
    return key;
}

int gaz_strs_has(const gaz_strs *s, const char *str)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], str) == 0)
            return 1;
    return 0;
}

int gaz_strs_add(gaz_strs *s, const char *str)
{
    if (gaz_strs_has(s, str))
        return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    if (!(s->v[s->n] = strdup(str)))
        return -1;
    s->n++;
    return 0;
}

void gaz_strs_free(gaz_strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

/* Common words (folded) that a generated variant must never become: a place called الباب
 * must not make every "باب" in a report a mention. */
static const char *const stopwords[] = {
    "في", "من", "علي", "الي", "عن", "مع", "بعد", "قبل", "بين", "كان", "قال", "الله", "يوم",
    "اليوم", "عام", "الشام", "هذا", "هذه", "ذلك", "تلك", "التي", "الذي", "الذين", "ان", "او",
    "ثم", "حتي", "عند", "منذ", "خلال", "حيث", "كل", "غير", "هناك", "باب", "حي", "مدينه",
    "قريه", "بلده", "ريف", "شمال", "جنوب", "شرق", "غرب", "وسط", "قرب", "داخل", "امس", "صباح",
    "مساء", "ليل", "نهار", "قتل", "قتلي", "قتيل", "جرحي", "شهيد", "شهداء", "اطفال", "نساء",
    "جيش", "قوات", "النظام", "الجيش", "الدوله", "دوله", "بلد", "ارض", "طريق",
    "جبل", "سهل", "نهر", "بحر", "عين", "تل", "دير", "كفر", "خان", "بيت", "ابو", "ام", "بني",
    "عبد", "جسر", "راس", "سوق", "شارع", "ساحه", "دوار", "مخيم", "معبر", "مطار", "قاعده",
    "حاجز", "مركز", "مشفي", "مستشفي", "جامع", "مسجد", "مدرسه", "جامعه", "الناس", "اهل",
    "عدد", "اكثر", "اقل", "نحو", "حوالي", "اثر", "جراء", "بسبب", "وقد", "لقد", "كما", "ايضا",
    "الان", "امام", "خلف", "فوق", "تحت", "حول", "ضد", "لدي", "لدى", "عليه", "عليها", "منه",
    "منها", "فيه", "فيها", "له", "لها", "هو", "هي", "هم", "نحن", "انا", "الاسد", "اسد",
    "حزب", "الحزب", "الشعب", "شعب", "الحر", "حر", "النصر", "نصر", "السلام", "سلام", "الامن",
    "امن", "الخير", "خير", "النور", "نور", "الحرب", "حرب", "السبت", "الاحد", "الاثنين",
    "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "جمعه", "الشرق", "الغرب", "الشمال", "الجنوب",
    "الوسط", "العين", "الباب", "البيت", "الدير", "التل", "الجبل", "البلد", "الريف",
    "الثوره", "ثوره", "الامان", "امان", "العمل", "عمل", "الحياه", "حياه", "الوطن", "وطن", "الدفاع", "السلامه",
    "the", "of", "and", "in", "on", "at", "to", "al", "el", "as", "an", "city", "camp", "new",
    "old", "north", "south", "east", "west",
};

int gaz_is_stopword(const char *key)
{
    for (size_t i = 0; i < sizeof stopwords / sizeof stopwords[0]; i++)
        if (strcmp(key, stopwords[i]) == 0)
            return 1;
    return 0;
}


#define AR_ALEF "\xd8\xa7"   /* ا */
#define AR_HA "\xd9\x87"     /* ه (also folded ة) */
#define AR_AL "\xd8\xa7\xd9\x84"  /* ال */

/* First words that reporting writes both joined to and apart from the next word (folded). */
static const char *const compound_heads[] = {
    "البو", "ابو", "ام", "عين", "تل", "راس", "بيت", "خان", "دير", "كفر", "جسر", "بني", "عبد",
    "جب",
};

/* Latin articles of transliterations: "Deir ez-Zor", "Al-Bukamal", "Ash Shaykh". */
static const char *const latin_articles[] = {
    "al", "el", "as", "ad", "ar", "az", "ash", "at", "an", "es", "ez", "ed", "er", "et", "esh",
    "en", "ul", "ud", "adh", "ath", "ad", "ed",
};

static int is_latin_article(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof latin_articles / sizeof latin_articles[0]; i++)
        if (strlen(latin_articles[i]) == n && memcmp(latin_articles[i], w, n) == 0)
            return 1;
    return 0;
}

/* The variant list of one name: keys[0] is the name's own key. */
typedef struct vlist {
    gaz_strs *s;
    size_t from;     /* index of this name's first key in s */
} vlist;

static int vadd(vlist *l, const char *k)
{
    if (!*k || l->s->n - l->from >= MAX_VARIANTS_PER_NAME || gaz_is_stopword(k))
        return 0;
    return gaz_strs_add(l->s, k);
}

/* Build a key from a prefix, a middle and a suffix into a malloc'd buffer and add it. */
static int vadd3(vlist *l, const char *a, size_t an, const char *b, const char *c)
{
    size_t bn = strlen(b), cn = strlen(c);
    char *k = malloc(an + bn + cn + 1);
    if (!k)
        return -1;
    memcpy(k, a, an);
    memcpy(k + an, b, bn);
    memcpy(k + an + bn, c, cn);
    k[an + bn + cn] = '\0';
    int rc = vadd(l, k);
    free(k);
    return rc;
}

/* دير الزور <-> ديرالزور, كفرنبل <-> كفر نبل, البوكمال <-> البو كمال (first word only). */
static int arabic_compounds(vlist *l, const char *k)
{
    const char *sp = strchr(k, ' ');
    size_t first = sp ? (size_t)(sp - k) : strlen(k);
    for (size_t i = 0; i < sizeof compound_heads / sizeof compound_heads[0]; i++) {
        const char *h = compound_heads[i];
        size_t hn = strlen(h);
        if (sp && first == hn && memcmp(k, h, hn) == 0) {
            /* join: "دير الزور" -> "ديرالزور" */
            if (vadd3(l, k, hn, "", sp + 1) < 0)
                return -1;
        } else if (first > hn && memcmp(k, h, hn) == 0 && kh_utf8_letters(k + hn, first - hn) >= 3) {
            /* split: "كفرنبل" -> "كفر نبل" */
            char *rest = strdup(k + hn);
            if (!rest)
                return -1;
            int rc = vadd3(l, k, hn, " ", rest);
            free(rest);
            if (rc < 0)
                return -1;
        }
    }
    return 0;
}

/* With and without the article on the first word: الحجر الاسود <-> حجر الاسود. */
static int arabic_article(vlist *l, const char *k)
{
    const char *sp = strchr(k, ' ');
    size_t first = sp ? (size_t)(sp - k) : strlen(k);
    if (first > 4 && memcmp(k, AR_AL, 4) == 0) {
        /* a single word keeps at least 4 letters: الباب must not give باب */
        size_t rest = kh_utf8_letters(k + 4, first - 4);
        if (rest >= 4 || (sp && rest >= 3))
            return vadd(l, k + 4);
        return 0;
    }
    /* The article is added to one-word names only (أتارب -> الأتارب). The first word of a
     * longer name is the head of a construct (باب شرقي، تل رفعت، كفر نبل) that never takes
     * it: "الباب شرقي حلب" is the town of al-Bab east of Aleppo, not Damascus's Bab Sharqi. */
    if (!sp && kh_utf8_letters(k, first) >= 3)
        return vadd3(l, AR_AL, 4, "", k);
    return 0;
}

/* Final ه <-> final ا of a word of at least 3 letters: الدانه <-> الدانا (one word at a time). */
static int arabic_final(vlist *l, const char *k)
{
    size_t n = strlen(k);
    for (size_t end = 0; end <= n; end++) {
        if (end < n && k[end] != ' ')
            continue;
        size_t start = end;
        while (start > 0 && k[start - 1] != ' ')
            start--;
        if (end - start >= 2 && kh_utf8_letters(k + start, end - start) >= 3) {
            const char *last = k + end - 2, *repl = NULL;
            if (memcmp(last, AR_HA, 2) == 0)
                repl = AR_ALEF;
            else if (memcmp(last, AR_ALEF, 2) == 0)
                repl = AR_HA;
            if (repl && vadd3(l, k, end - 2, repl, k + end) < 0)
                return -1;
        }
    }
    return 0;
}

/* Latin: every article word as al / el / dropped / joined to the next word, one at a time. */
static int latin_articles_vary(vlist *l, const char *k)
{
    size_t n = strlen(k);
    for (size_t start = 0; start < n;) {
        const char *sp = strchr(k + start, ' ');
        size_t end = sp ? (size_t)(sp - k) : n;
        if (sp && is_latin_article(k + start, end - start)) {
            const char *rest = k + end + 1;
            if (vadd3(l, k, start, "al ", rest) < 0 || vadd3(l, k, start, "el ", rest) < 0 ||
                vadd3(l, k, start, "", rest) < 0)
                return -1;
            char art[8];
            size_t an = end - start < sizeof art - 1 ? end - start : sizeof art - 1;
            memcpy(art, k + start, an);
            art[an] = '\0';
            if (vadd3(l, k, start, art, rest) < 0)
                return -1;
        }
        start = end + 1;
    }
    return 0;
}

/* Remove apostrophes and ayn/hamza marks of transliterations: Ma`arrat -> Maarrat. */
static char *strip_marks(const char *s)
{
    static const char *const marks[] = { "'", "`", "\xe2\x80\x98", "\xe2\x80\x99", "\xca\xbf",
                                         "\xca\xbe", "\xe2\x80\xb2", "\xc2\xb4" };
    size_t n = strlen(s);
    char *o = malloc(n + 1);
    if (!o)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        size_t skip = 0;
        for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
            size_t mn = strlen(marks[m]);
            if (strncmp(s + i, marks[m], mn) == 0) {
                skip = mn;
                break;
            }
        }
        if (skip) {
            i += skip;
            continue;
        }
        o[j++] = s[i++];
    }
    o[j] = '\0';
    return o;
}

static int article_kind(int kind)
{
    return kind == KH_KIND_CITY || kind == KH_KIND_TOWN || kind == KH_KIND_VILLAGE ||
           kind == KH_KIND_NEIGHBOURHOOD || kind == KH_KIND_CAMP || kind == KH_KIND_LANDMARK;
}

/* Add NAME's own key and its generated variants to KEYS. */
static int name_keys(const char *name, int kind, gaz_strs *keys, gaz_strs *stopnames)
{
    int rc = -1;
    char *key = NULL, *bare = NULL, *bkey = NULL;
    if (!*name)
        return 0;
    if (!(key = kh_gaz_key(name, strlen(name), NULL)))
        return 0;   /* validated as UTF-8 already; nothing to add */
    if (!*key) {
        rc = 0;
        goto out;
    }
    if (gaz_is_stopword(key) && gaz_strs_add(stopnames, key) < 0)
        goto out;
    size_t first = keys->n;
    if (!gaz_strs_has(keys, key)) {
        if (gaz_strs_add(keys, key) < 0)
            goto out;
    } else {
        /* already there from another name: vary it anyway, from where it is */
        for (first = 0; strcmp(keys->v[first], key) != 0; first++)
            ;
        if (first + 1 != keys->n) {
            rc = 0;     /* generated before: its variants are there too */
            goto out;
        }
    }
    vlist l = { keys, first };
    if (gaz_has_arabic(key)) {
        /* each rule runs over everything the previous rules made */
        for (size_t i = first, n = keys->n; i < n; i++)
            if (arabic_compounds(&l, keys->v[i]) < 0)
                goto out;
        if (article_kind(kind))
            for (size_t i = first, n = keys->n; i < n; i++)
                if (arabic_article(&l, keys->v[i]) < 0)
                    goto out;
        for (size_t i = first, n = keys->n; i < n; i++)
            if (arabic_final(&l, keys->v[i]) < 0)
                goto out;
    } else {
        if (!(bare = strip_marks(name)))
            goto out;
        if (strcmp(bare, name) != 0 && (bkey = kh_gaz_key(bare, strlen(bare), NULL)) &&
            vadd(&l, bkey) < 0)
            goto out;
        for (size_t i = first, n = keys->n; i < n; i++)
            if (latin_articles_vary(&l, keys->v[i]) < 0)
                goto out;
    }
    rc = 0;
out:
    free(key);
    free(bare);
    free(bkey);
    return rc;
}

int gaz_row_keys(const gaz_row *row, gaz_strs *keys, gaz_strs *stopnames)
{
    if (name_keys(row->f[GAZ_F_NAME_AR], row->kind, keys, stopnames) < 0 ||
        name_keys(row->f[GAZ_F_NAME_EN], row->kind, keys, stopnames) < 0)
        return -1;
    const char *v = row->f[GAZ_F_VARIANTS];
    while (*v) {
        const char *bar = strchr(v, '|');
        size_t len = bar ? (size_t)(bar - v) : strlen(v);
        char *one = strndup(v, len);
        if (!one)
            return -1;
        int rc = name_keys(one, row->kind, keys, stopnames);
        free(one);
        if (rc < 0)
            return -1;
        v += len + (bar ? 1 : 0);
    }
    return 0;
}
