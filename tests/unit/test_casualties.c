/* Unit tests for src/extract/casualties.c through ex_casualties, with hand-made mentions and no
 * gazetteer: figures, kinds, qualifiers, parts, groups, places, foreign counts, repeats. */
#include <stdlib.h>

#include "extract/extract_int.h"
#include "kh_test.h"

/* A document with mentions made by hand: each name in NAMES (NULL-terminated) becomes a
 * mention of place index i wherever it occurs (all occurrences), with the given kind;
 * FOREIGN names (NULL-terminated, may be NULL) are outside Syria. */
typedef struct fixture {
    kh_text *t;
    ex_mention m[32];
    size_t nm;
    ex_docinfo d;
    ex_event *ev;
    size_t nev;
    int rc;
} fixture;

typedef struct place_def {
    const char *name;
    int kind;
    int foreign;
} place_def;

static void run(fixture *x, const char *text, const char *pub, const place_def *places)
{
    memset(x, 0, sizeof *x);
    x->t = kh_text_new(text, strlen(text), NULL);
    size_t n;
    const char *f = kh_text_folded(x->t, &n);
    for (size_t p = 0; places && places[p].name; p++) {
        char *key = kh_fold(places[p].name, strlen(places[p].name), NULL);
        for (const char *at = strstr(f, key); at && x->nm < 32; at = strstr(at + 1, key)) {
            size_t s = (size_t)(at - f);
            x->m[x->nm++] = (ex_mention){ s, s + strlen(key), (uint32_t)p, places[p].kind,
                                          places[p].foreign };
        }
        free(key);
    }
    /* in text order, as ex_places gives them */
    for (size_t i = 1; i < x->nm; i++)
        for (size_t j = i; j > 0 && x->m[j - 1].start > x->m[j].start; j--) {
            ex_mention tmp = x->m[j];
            x->m[j] = x->m[j - 1];
            x->m[j - 1] = tmp;
        }
    x->d = (ex_docinfo){ .text = x->t, .gaz = NULL, .mentions = x->m, .nmentions = x->nm,
                         .focus = -1 };
    if (pub)
        ex_date_parse_iso(pub, &x->d.pub);
    kh_error err = { 0 };
    x->rc = ex_casualties(&x->d, &x->ev, &x->nev, &err);
}

static void done(fixture *x)
{
    free(x->ev);
    kh_text_free(x->t);
}

/* The place index of event I's mention, or -1. */
static int place_of(const fixture *x, size_t i)
{
    int m = x->ev[i].mention;
    return m >= 0 ? (int)x->m[m].place : -1;
}

static const place_def syria[] = {
    { "دوما", KH_KIND_CITY, 0 }, { "حلب", KH_KIND_CITY, 0 }, { "إدلب", KH_KIND_GOVERNORATE, 0 },
    { "كفرنبل", KH_KIND_TOWN, 0 }, { "بيروت", KH_KIND_CITY, 1 }, { "سراقب", KH_KIND_TOWN, 0 },
    { NULL, 0, 0 }
};
enum { DOUMA, ALEPPO, IDLIB, KAFRANBEL, BEIRUT, SARAQIB };

static void killed_and_injured_make_one_event(void)
{
    fixture x;
    run(&x, "قتل 17 شخصاً وأصيب 34 آخرون في قصف على مدينة دوما", "2018-03-05", syria);
    CHECK_INT(x.rc, 0);
    CHECK_INT(x.nev, 1);
    if (x.nev == 1) {
        CHECK_INT(x.ev[0].killed, 17);
        CHECK_INT(x.ev[0].injured, 34);
        CHECK_STR(x.ev[0].qualifier, "exact");
        CHECK_INT(place_of(&x, 0), DOUMA);
        CHECK_INT(x.ev[0].part_of, -1);
        CHECK_INT(x.ev[0].date.precision, EX_DATE_DAY);
        CHECK_INT(x.ev[0].date.d, 5);
    }
    done(&x);
}

static void qualifiers_and_groups(void)
{
    fixture x;
    run(&x, "قتل ما لا يقل عن 40 عنصراً من قوات النظام قرب حلب", NULL, syria);
    CHECK_INT(x.nev, 1);
    if (x.nev == 1) {
        CHECK_INT(x.ev[0].killed, 40);
        CHECK_STR(x.ev[0].qualifier, "at_least");
        CHECK_STR(x.ev[0].group, "regime forces");
        CHECK_INT(x.ev[0].date.precision, EX_DATE_NONE);
    }
    done(&x);
    run(&x, "استشهد مدنيان برصاص قوات النظام في كفرنبل", NULL, syria);
    CHECK_INT(x.nev, 1);
    if (x.nev == 1) {
        CHECK_INT(x.ev[0].killed, 2);
        CHECK_STR(x.ev[0].group, "civilians");
        CHECK_INT(place_of(&x, 0), KAFRANBEL);
    }
    done(&x);
}

static void a_stated_total_and_its_parts(void)
{
    fixture x;
    run(&x, "قتل 20 شخصاً بينهم 6 أطفال في قصف على حلب", NULL, syria);
    CHECK_INT(x.nev, 2);
    if (x.nev == 2) {
        CHECK_INT(x.ev[0].killed, 20);
        CHECK_INT(x.ev[1].killed, 6);
        CHECK_INT(x.ev[1].part_of, 0);
        CHECK_STR(x.ev[1].group, "civilians");
    }
    done(&x);
}

static void coordinated_counts_add_up(void)
{
    fixture x;
    run(&x, "أسفرت الغارة عن مقتل أربعة قياديين و40 عنصراً آخرين قرب حلب", NULL, syria);
    CHECK_INT(x.nev, 3);
    if (x.nev == 3) {
        CHECK_INT(x.ev[0].killed, 44);
        CHECK_INT(x.ev[0].part_of, -1);
        CHECK_INT(x.ev[1].killed, 4);
        CHECK_INT(x.ev[1].part_of, 0);
        CHECK_INT(x.ev[2].killed, 40);
        CHECK_INT(x.ev[2].part_of, 0);
    }
    done(&x);
}

static void running_totals(void)
{
    fixture x;
    run(&x, "ارتفعت حصيلة القتلى في دوما إلى 50 شخصاً", NULL, syria);
    CHECK_INT(x.nev, 1);
    if (x.nev == 1) {
        CHECK_INT(x.ev[0].killed, 50);
        CHECK_INT(x.ev[0].cumulative, 1);
    }
    done(&x);
    run(&x, "قتل 5 مدنيين في دوما", NULL, syria);
    CHECK_INT(x.nev, 1);
    if (x.nev == 1)
        CHECK_INT(x.ev[0].cumulative, 0);
    done(&x);
}

static void traps_give_nothing(void)
{
    static const char *const traps[] = {
        "شنت الطائرات 40 غارة على حلب خلال 24 ساعة",
        "ألقى الطيران 20 برميلاً متفجراً على دوما",
        "نزح 200 ألف شخص من إدلب",
        "اعتقلت قوات النظام 35 شاباً في حلب",
        "لم يسفر القصف عن وقوع إصابات في دوما",
        "سقوط 100 قتيل وجريح في قصف على إدلب",
        "قال الطفل البالغ من العمر 12 عاماً إنه نجا من القصف على حلب",
        "سجلت 200 إصابة بفيروس كورونا في إدلب",
        "يبث راديو الكل على التردد 99.6 في إدلب",
    };
    for (size_t i = 0; i < sizeof traps / sizeof *traps; i++) {
        fixture x;
        run(&x, traps[i], NULL, syria);
        size_t numeric = 0;
        for (size_t k = 0; k < x.nev; k++)
            numeric += x.ev[k].killed >= 0 || x.ev[k].injured >= 0;
        if (numeric)
            printf("  trap %zu gave %zu figures\n", i, numeric);
        CHECK_INT(numeric, 0);
        done(&x);
    }
}

static void vague_amounts_have_no_number(void)
{
    fixture x;
    run(&x, "سقط قتلى وجرحى في انفجار هز سراقب", NULL, syria);
    CHECK(x.nev >= 1);
    for (size_t k = 0; k < x.nev; k++) {
        CHECK_INT(x.ev[k].killed, -1);
        CHECK_INT(x.ev[k].injured, -1);
        CHECK_STR(x.ev[k].qualifier, "vague");
    }
    done(&x);
}

static void counts_abroad_are_left_out(void)
{
    fixture x;
    run(&x, "قتل 9 أشخاص في انفجار في بيروت", NULL, syria);
    CHECK_INT(x.nev, 0);
    done(&x);
}

static void places_clause_then_sentence_then_before(void)
{
    fixture x;
    run(&x, "قتل 3 أشخاص في حلب، وأصيب 5 في سراقب", NULL, syria);
    CHECK_INT(x.nev, 2);
    if (x.nev == 2) {
        CHECK_INT(place_of(&x, 0), ALEPPO);
        CHECK_INT(place_of(&x, 1), SARAQIB);
    }
    done(&x);
    run(&x, "قصفت الطائرات مدينة سراقب، ما أسفر عن مقتل 6 مدنيين", NULL, syria);
    CHECK_INT(x.nev, 1);
    if (x.nev == 1)
        CHECK_INT(place_of(&x, 0), SARAQIB);
    done(&x);
    run(&x, "قصفت قوات النظام دوما بالصواريخ. وأسفر القصف عن مقتل 9 مدنيين.", NULL, syria);
    CHECK_INT(x.nev, 1);
    if (x.nev == 1)
        CHECK_INT(place_of(&x, 0), DOUMA);
    done(&x);
    /* a town before its governorate */
    run(&x, "قتل 5 مدنيين في محافظة إدلب في قصف على كفرنبل", NULL, syria);
    CHECK_INT(x.nev, 1);
    if (x.nev == 1)
        CHECK_INT(place_of(&x, 0), KAFRANBEL);
    done(&x);
}

static void no_place_is_minus_one(void)
{
    fixture x;
    run(&x, "قتل 6 مدنيين في غارات جوية", NULL, NULL);
    CHECK_INT(x.nev, 1);
    if (x.nev == 1)
        CHECK_INT(x.ev[0].mention, -1);
    done(&x);
}

static void a_figure_told_twice_is_one(void)
{
    fixture x;
    run(&x, "مقتل 8 مدنيين في دوما\nقتل 8 مدنيين بقصف جوي على مدينة دوما", NULL, syria);
    CHECK_INT(x.nev, 1);
    done(&x);
    /* the same number in two places is two figures */
    run(&x, "قتل شخص في حلب. وقتل شخص في سراقب.", NULL, syria);
    CHECK_INT(x.nev, 2);
    done(&x);
}

static void empty_text(void)
{
    fixture x;
    run(&x, "", NULL, NULL);
    CHECK_INT(x.rc, 0);
    CHECK_INT(x.nev, 0);
    done(&x);
}

int main(void)
{
    RUN(killed_and_injured_make_one_event);
    RUN(qualifiers_and_groups);
    RUN(a_stated_total_and_its_parts);
    RUN(coordinated_counts_add_up);
    RUN(running_totals);
    RUN(traps_give_nothing);
    RUN(vague_amounts_have_no_number);
    RUN(counts_abroad_are_left_out);
    RUN(places_clause_then_sentence_then_before);
    RUN(no_place_is_minus_one);
    RUN(a_figure_told_twice_is_one);
    RUN(empty_text);
    return 0;
}
