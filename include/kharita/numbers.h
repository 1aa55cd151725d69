/* kharita numbers: reading counts in folded Arabic text (digits, number words, duals, vague
 * amounts and their qualifiers), and the folded word tables the readers are built on. */
#ifndef KHARITA_NUMBERS_H
#define KHARITA_NUMBERS_H

#include <stddef.h>

#include "kharita/error.h"
#include "kharita/text.h"

/* ---- word tables --------------------------------------------------------------------------
 * A set of words or phrases, written in ordinary spelling ("قتلى", "ما لا يقل عن") and folded
 * once when the table is built, each with a caller-defined tag (non-zero). Lookups take folded
 * words, optionally without their Arabic proclitics. */
typedef struct kh_wordtab kh_wordtab;

typedef struct kh_wordtab_entry {
    const char *word;       /* one word, or several separated by single spaces */
    int tag;                /* returned on a match; must not be 0 */
} kh_wordtab_entry;

/* Which proclitics a lookup may strip from the (first) word before matching:
 * و ف (conjunctions), ب ل ك (prepositions; "لل" counts as ل + ال), ال (the article). */
enum {
    KH_STRIP_CONJ = 1,
    KH_STRIP_PREP = 2,
    KH_STRIP_ART = 4,
    KH_STRIP_ALL = 7
};

/* Build a table from N entries (the strings are folded and copied; ENTRIES may go away).
 * Returns NULL with err set (KH_E_USAGE for an entry that folds to nothing, KH_E_NOMEM).
 * Free with kh_wordtab_free. */
kh_wordtab *kh_wordtab_new(const kh_wordtab_entry *entries, size_t n, kh_error *err);

/* The arguments of kh_wordtab_new for a static array of entries, without an error report:
 * kh_wordtab_new(KH_WORDTAB_OF(words)). */
#define KH_WORDTAB_OF(array) (array), sizeof(array) / sizeof *(array), NULL

/* Free tab; kh_wordtab_free(NULL) does nothing. */
void kh_wordtab_free(kh_wordtab *tab);

/* The tag of the folded word W (LEN bytes), trying W as it is first and then without the
 * proclitics STRIP allows (و then ب/ل/ك then ال, in that order). 0 when there is no match.
 * *stripped (if not NULL) gets the KH_STRIP_* bits that were removed for the match. */
int kh_wordtab_find(const kh_wordtab *tab, const char *w, size_t len, int strip, int *stripped);

/* The tag of word I of T: what kh_wordtab_find gives for the word's bytes, found without
 * hashing them again (the stems of a text's words are hashed once, at the first lookup by
 * word). 0 when I is past the last word. */
int kh_wordtab_word(const kh_wordtab *tab, const kh_text *t, size_t i, int strip, int *stripped);

/* The longest phrase of tab that starts at word I of T: consecutive words separated only by
 * spaces, the first of which may lose the proclitics STRIP allows. Returns its tag and sets
 * *nwords (if not NULL) to the number of words it covers; 0 when none matches. */
int kh_wordtab_match(const kh_wordtab *tab, const kh_text *t, size_t i, int strip,
                     size_t *nwords);

/* ---- numbers ------------------------------------------------------------------------------ */

/* How exact a stated number is. */
typedef enum kh_qualifier {
    KH_QUAL_EXACT = 0,      /* 30 */
    KH_QUAL_AT_LEAST,       /* أكثر من 30, ما لا يقل عن 30, 30 على الأقل */
    KH_QUAL_ABOUT,          /* نحو 30, قرابة 30, حوالي 30 */
    KH_QUAL_AT_MOST,        /* أقل من 30 */
    KH_QUAL_VAGUE           /* عشرات, مئات, عدد من: no number at all */
} kh_qualifier;

/* "exact", "at_least", "about", "at_most", "vague" (static). */
const char *kh_qualifier_name(int q);

/* What kh_num_read found. Word indexes are into kh_text_words of the text. */
typedef struct kh_number {
    long value;             /* the count; -1 for a vague amount */
    int qualifier;          /* kh_qualifier */
    size_t first;           /* first word read (a qualifier such as أكثر من included) */
    size_t num;             /* first word of the number itself */
    size_t end;             /* one past the last word read */
    int noun;               /* 1 when the number is carried by its counted noun: duals such as
                             * قتيلين / مدنيان, or a noun followed by اثنين (عسكريين اثنين) */
} kh_number;

/* Read a number that starts at word I of T: optional qualifier words, then digits (thousands
 * separators and a following ألف / مليون included: "1,200", "5 آلاف"), or number words with
 * their compounds (ثلاثة عشر, خمسة وعشرين, مئة وخمسون, ثلاثمئة, ألفان), or a dual noun of a
 * person or casualty (قتيلين → 2), or a vague amount (عشرات, العشرات, عدد من → value -1).
 * A trailing "ونيف" or "على الأقل" right after the number is read as well. The word واحد alone
 * is an adjective ("عائلة واحدة"), not a count, unless "من" follows it ("واحد من"); أحد / إحدى
 * followed by a word counts as one ("أحد عناصر"). Returns 1 and fills *out, or 0 when no number
 * starts at I. Needs no cleanup; thread-safe. */
int kh_num_read(const kh_text *t, size_t i, kh_number *out);

/* Grammatical number of a noun of persons (شخص, مدني, عنصر, طفل, …) or of casualties (قتيل,
 * جريح, شهيد, ضحية), proclitics and article allowed. */
enum {
    KH_NOUN_NONE = 0,       /* not such a noun */
    KH_NOUN_ONE,            /* شخص, شاباً, الطبيب, قتيلاً */
    KH_NOUN_TWO,            /* شخصان, طفلين, مدنيان, قتيلين */
    KH_NOUN_MANY,           /* أشخاص, أطفال, قتلى, مدنيون */
    KH_NOUN_TWO_OR_MANY     /* مدنيين, عسكريين: dual and sound plural are written alike */
};

/* The KH_NOUN_* of word I of T. */
int kh_num_noun(const kh_text *t, size_t i);

/* Parse a standalone phrase (folded on the way) as a whole number: "خمسة وعشرون" → 25,
 * "١٢" → 12. Returns 0 and sets *value, or -1 when the phrase is not exactly one number
 * (vague amounts included). A convenience for tests and option parsing. */
int kh_num_parse(const char *s, long *value);

#endif
