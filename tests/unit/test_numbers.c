/* Unit tests for src/text/numbers.c: word tables, digits, number words, duals, qualifiers. */
#include <stdlib.h>

#include "kharita/numbers.h"
#include "kh_test.h"

/* Read the number at word I of S; value -2 when none is read. */
static kh_number read_at(const char *s, size_t i)
{
    kh_number n = { .value = -2 };
    kh_text *t = kh_text_new(s, strlen(s), NULL);
    if (t && !kh_num_read(t, i, &n))
        n.value = -2;
    kh_text_free(t);
    return n;
}

static long value_of(const char *s)
{
    long v = -2;
    if (kh_num_parse(s, &v) < 0)
        return -2;
    return v;
}

static void digits_and_separators(void)
{
    CHECK_INT(value_of("30"), 30);
    CHECK_INT(value_of("٣٠"), 30);
    CHECK_INT(value_of("1,200"), 1200);
    CHECK_INT(value_of("١٬٢٠٠"), 1200);
    CHECK_INT(value_of("5 آلاف"), 5000);
    CHECK_INT(read_at("قتل11 شخصا", 1).value, 11);
}

static void digits_that_are_not_counts(void)
{
    CHECK_INT(read_at("القامشلي 99.6", 1).value, -2);      /* a radio frequency */
    CHECK_INT(read_at("بين الساعة 14:07 و14:11", 2).value, -2);
    CHECK_INT(read_at("دبابة T-90", 2).value, -2);
    CHECK_INT(read_at("في 2017/11/13", 1).value, -2);
    CHECK_INT(read_at("بنسبة 30%", 1).value, -2);
}

static void number_words(void)
{
    CHECK_INT(value_of("ثلاثة"), 3);
    CHECK_INT(value_of("ثلاث"), 3);
    CHECK_INT(value_of("ثمانية"), 8);
    CHECK_INT(value_of("عشرة"), 10);
    CHECK_INT(value_of("أحد عشر"), 11);
    CHECK_INT(value_of("إحدى عشرة"), 11);
    CHECK_INT(value_of("اثنا عشر"), 12);
    CHECK_INT(value_of("تسعة عشر"), 19);
    CHECK_INT(value_of("عشرين"), 20);
    CHECK_INT(value_of("تسعون"), 90);
    CHECK_INT(value_of("خمسة وعشرين"), 25);
    CHECK_INT(value_of("مئة"), 100);
    CHECK_INT(value_of("مائة وخمسون"), 150);
    CHECK_INT(value_of("مئتان"), 200);
    CHECK_INT(value_of("مائتي"), 200);
    CHECK_INT(value_of("ثلاثمئة"), 300);
    CHECK_INT(value_of("ثلاث مئة"), 300);
    CHECK_INT(value_of("ثلاثمائة وخمسة وعشرون"), 325);
    CHECK_INT(value_of("ألف"), 1000);
    CHECK_INT(value_of("ألفين"), 2000);
    CHECK_INT(value_of("ثلاثة آلاف"), 3000);
    CHECK_INT(value_of("ألف ومئتان وخمسون"), 1250);
    CHECK_INT(value_of("خمسة عشر ألفا"), 15000);
}

static void compounds_stop_where_grammar_does(void)
{
    /* "ثلاثة شهداء وأربعة جرحى": the و belongs to the next figure */
    kh_number n = read_at("ثلاثة شهداء وأربعة جرحى", 0);
    CHECK_INT(n.value, 3);
    CHECK_INT(n.end, 1);
    n = read_at("ثلاثة شهداء وأربعة جرحى", 2);
    CHECK_INT(n.value, 4);
    /* units after tens are not one number */
    n = read_at("عشرين وخمسة", 0);
    CHECK_INT(n.value, 20);
}

static void one_is_an_adjective_unless_one_of(void)
{
    CHECK_INT(read_at("ثلاثة جرحى من عائلة واحدة", 4).value, -2);
    CHECK_INT(read_at("قتل واحد من العناصر", 1).value, 1);
    CHECK_INT(read_at("مقتل أحد عناصر النظام", 1).value, 1);
    CHECK_INT(read_at("يوم الأحد", 1).value, -2);
}

static void duals_of_person_nouns(void)
{
    kh_number n = read_at("وقوع قتيلين", 1);
    CHECK_INT(n.value, 2);
    CHECK_INT(n.noun, 1);
    CHECK_INT(read_at("سقط جريحان", 1).value, 2);
    CHECK_INT(read_at("استشهد مدنيان", 1).value, 2);
    CHECK_INT(read_at("قتل شخصان", 1).value, 2);
    CHECK_INT(read_at("مقتل طفلتين", 1).value, 2);
    CHECK_INT(read_at("إصابة عسكريين اثنين", 1).value, 2);
    CHECK_INT(read_at("مقتل مدنيين", 1).value, -2);   /* dual or plural: not a count */
    CHECK_INT(read_at("مقتل عنصر واحد", 1).value, 1);
}

static void vague_amounts(void)
{
    kh_number n = read_at("سقوط عشرات القتلى", 1);
    CHECK_INT(n.value, -1);
    CHECK_INT(n.qualifier, KH_QUAL_VAGUE);
    n = read_at("وجرح عدد من المدنيين", 1);
    CHECK_INT(n.qualifier, KH_QUAL_VAGUE);
    CHECK_INT(n.end, 3);
    CHECK_INT(read_at("العشرات", 0).qualifier, KH_QUAL_VAGUE);
    CHECK_INT(value_of("عشرات"), -2);
}

static void qualifiers(void)
{
    kh_number n = read_at("مقتل أكثر من 50 شخصا", 1);
    CHECK_INT(n.value, 50);
    CHECK_INT(n.qualifier, KH_QUAL_AT_LEAST);
    CHECK_INT(n.first, 1);
    CHECK_INT(n.num, 3);
    CHECK_INT(read_at("ما لا يقل عن 30", 0).qualifier, KH_QUAL_AT_LEAST);
    CHECK_INT(read_at("وأكثر من 30 جريحا", 0).qualifier, KH_QUAL_AT_LEAST);
    CHECK_INT(read_at("نحو عشرين", 0).qualifier, KH_QUAL_ABOUT);
    CHECK_INT(read_at("قرابة 100", 0).qualifier, KH_QUAL_ABOUT);
    CHECK_INT(read_at("ما يقارب 100", 0).value, 100);
    CHECK_INT(read_at("أقل من 10", 0).qualifier, KH_QUAL_AT_MOST);
    CHECK_INT(read_at("30 على الأقل", 0).qualifier, KH_QUAL_AT_LEAST);
    CHECK_INT(read_at("نحو دير الزور", 0).value, -2);
    CHECK_STR(kh_qualifier_name(KH_QUAL_ABOUT), "about");
}

static void nouns_know_their_number(void)
{
    const char *s = "الطبيب وشابا قتلى مدنيين للأطفال جريحان";
    kh_text *t = kh_text_new(s, strlen(s), NULL);
    CHECK_INT(kh_num_noun(t, 0), KH_NOUN_ONE);
    CHECK_INT(kh_num_noun(t, 1), KH_NOUN_ONE);
    CHECK_INT(kh_num_noun(t, 2), KH_NOUN_MANY);
    CHECK_INT(kh_num_noun(t, 3), KH_NOUN_TWO_OR_MANY);
    CHECK_INT(kh_num_noun(t, 4), KH_NOUN_MANY);
    CHECK_INT(kh_num_noun(t, 5), KH_NOUN_TWO);
    kh_text_free(t);
    s = "وطفلها زوجته أطفالهم مصرعه";
    t = kh_text_new(s, strlen(s), NULL);
    CHECK_INT(kh_num_noun(t, 0), KH_NOUN_ONE);
    CHECK_INT(kh_num_noun(t, 1), KH_NOUN_ONE);
    CHECK_INT(kh_num_noun(t, 2), KH_NOUN_MANY);
    CHECK_INT(kh_num_noun(t, 3), KH_NOUN_NONE);
    kh_text_free(t);
}

static void word_tables_strip_proclitics(void)
{
    const kh_wordtab_entry e[] = { { "مقتل", 1 }, { "قوات النظام", 2 }, { "وفاة", 3 } };
    kh_wordtab *tab = kh_wordtab_new(e, 3, NULL);
    CHECK(tab != NULL);
    int st = 0;
    CHECK_INT(kh_wordtab_find(tab, "بمقتل", strlen("بمقتل"), KH_STRIP_ALL, &st), 1);
    CHECK_INT(st, KH_STRIP_PREP);
    CHECK_INT(kh_wordtab_find(tab, "بمقتل", strlen("بمقتل"), KH_STRIP_CONJ, NULL), 0);
    CHECK_INT(kh_wordtab_find(tab, "وفاه", strlen("وفاه"), KH_STRIP_ALL, NULL), 3);
    const kh_wordtab_entry e2[] = { { "النظام", 7 } };
    kh_wordtab *tab2 = kh_wordtab_new(e2, 1, NULL);
    CHECK_INT(kh_wordtab_find(tab2, "للنظام", strlen("للنظام"), KH_STRIP_ALL, NULL), 7);
    CHECK_INT(kh_wordtab_find(tab2, "للنظام", strlen("للنظام"), 0, NULL), 0);
    kh_wordtab_free(tab2);
    const char *s = "قصف لقوات النظام، وقوات";
    kh_text *t = kh_text_new(s, strlen(s), NULL);
    size_t n = 0;
    CHECK_INT(kh_wordtab_match(tab, t, 1, KH_STRIP_ALL, &n), 2);
    CHECK_INT(n, 2);
    CHECK_INT(kh_wordtab_match(tab, t, 3, KH_STRIP_ALL, &n), 0);
    kh_text_free(t);
    kh_wordtab_free(tab);
    kh_error err = { 0 };
    const kh_wordtab_entry bad[] = { { "  ", 1 } };
    CHECK(kh_wordtab_new(bad, 1, &err) == NULL);
    CHECK_INT(err.code, KH_E_USAGE);
    kh_wordtab_free(NULL);
}

int main(void)
{
    RUN(digits_and_separators);
    RUN(digits_that_are_not_counts);
    RUN(number_words);
    RUN(compounds_stop_where_grammar_does);
    RUN(one_is_an_adjective_unless_one_of);
    RUN(duals_of_person_nouns);
    RUN(vague_amounts);
    RUN(qualifiers);
    RUN(nouns_know_their_number);
    RUN(word_tables_strip_proclitics);
    return 0;
}
