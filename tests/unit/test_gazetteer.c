/* Unit tests for src/gazetteer: source validation, generated variants, merging, the index
 * file (find, first word, refusal of truncated / foreign files). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kharita/files.h"
#include "kharita/gazetteer.h"
#include "kh_test.h"

static char dir[] = "/tmp/kh_test_gaz_XXXXXX";

#define HEADER "id\tname_ar\tname_en\tvariants\tkind\tadmin1\tadmin2\tadmin3\tpcode\tlat\tlon\t" \
               "importance\tparent\tcountry\tsource\n"

/* A small curated source and a GeoNames-like one. */
static const char *curated =
    HEADER
    "# the team's rows\n"
    "kh:dana\tالدانة\tAd-Dana\t\ttown\tIdlib\t\t\t\t36.2125\t36.7700\t30000\t\tSY\tteam\n"
    "kh:deir\tدير الزور\tDeir ez-Zor\t\tcity\tDeir ez-Zor\t\t\t\t35.336\t40.141\t300000\t\tSY\tteam\n"
    "kh:hajar\tالحجر الأسود\tal-Hajar al-Aswad\t\tneighbourhood\tRif Dimashq\t\t\t\t33.466\t36.305\t100\t\tSY\tteam\n"
    "kh:bab\tالباب\tal-Bab\t\tcity\tAleppo\t\t\t\t36.371\t37.517\t130000\t\tSY\tteam\n"
    "kh:raqqa-gov\tالرقة\tRaqqa\t\tgovernorate\tRaqqa\t\t\t\t35.95\t39.01\t\t\tSY\tteam\n"
    "kh:kafrnabl\tكفرنبل\tKafr Nabl\t\ttown\tIdlib\t\t\t\t35.614\t36.561\t\t\tSY\tteam\n"
    "kh:yarmouk\tمخيم اليرموك\tYarmouk camp\tاليرموك\tcamp\tDamascus\t\t\t\t33.473\t36.303\t\t\tSY\tteam\n"
    "kh:tadamon\tالتضامن\tTadamon\t\tneighbourhood\tDamascus\t\t\t\t33.481\t36.310\t\tkh:yarmouk\tSY\tteam\n";

static const char *geonames =
    HEADER
    "gn:1\tالبو كمال\tAlbu Kamal\tالبوكمال\ttown\tDeir ez-Zor\t\t\t\t34.45226\t40.91854\t57000\t\tSY\tgeonames:cities500\n"
    "gn:2\tدير الزور\tDeir ez-Zor\t\tcity\tDeir ez-Zor\t\t\t\t35.33588\t40.14084\t242565\t\tSY\tgeonames:cities500\n"
    "gn:3\tالدانا\tAd Dana\t\tvillage\tDaraa\t\t\t\t32.60000\t36.10000\t\t\tSY\tgeonames:cities500\n"
    "gn:4\tاليرموك\tAl Yarmuk\t\tvillage\t\t\t\t\t32.70000\t35.90000\t\t\tJO\tgeonames:cities500\n";

static char *path_of(const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static char *write_file(const char *name, const char *text, size_t len)
{
    char *p = path_of(name);
    FILE *fp = fopen(p, "wb");
    fwrite(text, 1, len, fp);
    fclose(fp);
    return p;
}

/* Collects the reports of a build. */
typedef struct msgs {
    char text[8192];
    int errors, warnings;
} msgs;

static void collect(void *ctx, int is_error, const char *msg)
{
    msgs *m = ctx;
    if (is_error)
        m->errors++;
    else
        m->warnings++;
    strncat(m->text, msg, sizeof m->text - strlen(m->text) - 2);
    strcat(m->text, "\n");
}

static char *index_path;
static kh_gazetteer *gaz;

static void build_fixture(void)
{
    char *a = write_file("curated.tsv", curated, strlen(curated));
    char *b = write_file("geonames.tsv", geonames, strlen(geonames));
    const char *src[] = { a, b };
    index_path = path_of("test.khg");
    msgs m = { 0 };
    kh_error err = { 0 };
    CHECK_INT(kh_gaz_build(src, 2, index_path, collect, &m, &err), 0);
    CHECK_INT(m.errors, 0);
    gaz = kh_gaz_open(index_path, &err);
    CHECK(gaz != NULL);
    free(a);
    free(b);
}

/* Number of places with key NAME (made with kh_gaz_key), and the first one in *first. */
static size_t find(const char *name, kh_place *first)
{
    char *k = kh_gaz_key(name, strlen(name), NULL);
    const uint32_t *idx;
    size_t n = kh_gaz_find(gaz, k, strlen(k), &idx);
    if (n && first)
        kh_gaz_place(gaz, idx[0], first);
    free(k);
    return n;
}

static void key_folds_and_joins_words(void)
{
    char *a = kh_gaz_key("دير الـزّور", strlen("دير الـزّور"), NULL);
    char *b = kh_gaz_key("  Deir   EZ-Zor ", strlen("  Deir   EZ-Zor "), NULL);
    CHECK_STR(a, "دير الزور");
    CHECK_STR(b, "deir ez zor");
    free(a);
    free(b);
}

static void kinds_parse_and_name(void)
{
    CHECK_INT(kh_kind_parse("neighbourhood"), KH_KIND_NEIGHBOURHOOD);
    CHECK_INT(kh_kind_parse("hamlet"), -1);
    CHECK_STR(kh_kind_name(KH_KIND_CAMP), "camp");
    CHECK(kh_kind_name(KH_KIND_COUNT) == NULL);
}

static void finds_joined_and_split_compounds(void)
{
    kh_place p;
    CHECK_INT(find("دير الزور", &p), 1);
    CHECK_STR(p.id, "kh:deir");
    CHECK_INT(find("ديرالزور", &p), 1);
    CHECK_STR(p.id, "kh:deir");
    CHECK_INT(find("البوكمال", &p), 1);
    CHECK_STR(p.id, "gn:1");
    CHECK_INT(find("البو كمال", NULL), 1);
    CHECK_INT(find("كفر نبل", &p), 1);
    CHECK_STR(p.id, "kh:kafrnabl");
}

static void finds_final_ha_alef_and_taa_marbuta(void)
{
    kh_place p;
    /* the team's الدانة (Idlib) and GeoNames' الدانا (Daraa) are 400 km apart: two places,
     * the more important first */
    CHECK_INT(find("الدانة", &p), 2);
    CHECK_STR(p.id, "kh:dana");
    CHECK_INT(find("الدانه", NULL), 2);
    CHECK_INT(find("الدانا", &p), 2);
    CHECK_STR(p.id, "kh:dana");
}

static void article_added_and_removed_for_places_only(void)
{
    kh_place p;
    CHECK_INT(find("حجر الأسود", &p), 1);
    CHECK_STR(p.id, "kh:hajar");
    CHECK_INT(find("الكفرنبل", NULL), 1);
    /* a governorate keeps its article; الباب never becomes the common word باب */
    CHECK_INT(find("رقة", NULL), 0);
    CHECK_INT(find("باب", NULL), 0);
    CHECK_INT(find("الباب", NULL), 1);
}

static void latin_transliteration_variants(void)
{
    CHECK(find("Deir ez-Zor", NULL) >= 1);
    CHECK(find("deir al-zor", NULL) >= 1);
    CHECK(find("Deir el Zor", NULL) >= 1);
    CHECK(find("DEIR EZZOR", NULL) >= 1);
    CHECK(find("Kafr Nabl", NULL) == 1);
}

static void merges_curated_and_geonames_rows(void)
{
    kh_place p;
    /* gn:2 is 0.02 km from kh:deir: one place, the curated names, the finer coordinate */
    CHECK_INT(find("Deir ez-Zor", &p), 1);
    CHECK_STR(p.id, "kh:deir");
    CHECK_STR(p.source, "geonames:cities500+team");
    CHECK(p.lat > 35.3358 && p.lat < 35.3359);
    CHECK_INT(p.importance, 300000);
    CHECK_INT(kh_gaz_count(gaz), 11);   /* 8 curated + 4 imported - 1 merged */
    /* اليرموك in Jordan is never merged into the camp */
    CHECK_INT(find("اليرموك", NULL), 2);
}

static void parent_and_first_word(void)
{
    kh_place p, parent;
    CHECK_INT(find("التضامن", &p), 1);
    CHECK(p.parent >= 0);
    kh_gaz_place(gaz, (uint32_t)p.parent, &parent);
    CHECK_STR(parent.id, "kh:yarmouk");
    CHECK_INT(kh_gaz_first_word(gaz, "دير", strlen("دير")), 2);
    CHECK_INT(kh_gaz_first_word(gaz, "مخيم", strlen("مخيم")), 2);
    CHECK_INT(kh_gaz_first_word(gaz, "قتل", strlen("قتل")), 0);
    CHECK(kh_gaz_first_word(gaz, "البو", strlen("البو")) == 2);
}

static void stats_record_the_build(void)
{
    const char *meta = kh_gaz_meta(gaz);
    CHECK(strstr(meta, "built\t") != NULL);
    CHECK(strstr(meta, "curated.tsv\t8\n") != NULL);
    CHECK(strstr(meta, "merged\t1\n") != NULL);
    CHECK(strstr(meta, "stopname\tkh:bab\t") != NULL);
    kh_error err = { 0 };
    CHECK_INT(kh_gaz_verify(gaz, &err), 0);
}

static void refuses_truncated_foreign_and_other_version(void)
{
    size_t len;
    kh_error err = { 0 };
    char *data = kh_file_read(index_path, &len, &err);
    CHECK(data != NULL);
    if (!data)
        return;
    size_t cuts[] = { len - 1, len / 2, 100, 7, 0 };
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        char *t = write_file("cut.khg", data, cuts[i]);
        kh_error e = { 0 };
        kh_gazetteer *g = kh_gaz_open(t, &e);
        CHECK(g == NULL);
        CHECK_INT(e.code, KH_E_GAZ);
        kh_gaz_close(g);
        free(t);
    }
    char zip[256];
    memset(zip, '.', sizeof zip);
    memcpy(zip, "PK\3\4", 4);     /* a zip file, longer than an index header */
    char *f = write_file("foreign.khg", zip, sizeof zip);
    kh_gazetteer *g = kh_gaz_open(f, &err);
    CHECK(g == NULL);
    CHECK(strstr(err.msg, "not a kharita gazetteer index") != NULL);
    free(f);
    data[8] = 99;   /* the version field */
    char *v = write_file("version.khg", data, len);
    g = kh_gaz_open(v, &err);
    CHECK(g == NULL);
    CHECK(strstr(err.msg, "version 99") != NULL);
    free(v);
    data[8] = 1;
    data[len - 20] ^= 0x55;     /* damage the body: open still works, verify does not */
    char *d = write_file("damaged.khg", data, len);
    g = kh_gaz_open(d, &err);
    if (g) {
        CHECK(kh_gaz_verify(g, &err) == KH_E_GAZ);
        kh_gaz_close(g);
    }
    free(d);
    CHECK(kh_gaz_open("/nonexistent/gazetteer.khg", &err) == NULL);
    CHECK_INT(err.code, KH_E_GAZ);
    free(data);
}

static void bad_rows_are_reported_with_file_and_line(void)
{
    const char *bad =
        HEADER
        "kh:a\tحلب\tAleppo\t\tcity\tAleppo\t\t\t\t36.2\t37.15\t\t\tSY\tteam\n"       /* 2: ok */
        "kh:b\tحمص\tHoms\t\tcity\tHoms\t\t\t\t34.7\t36.7\t\tSY\tteam\n"             /* 3: 14 fields */
        "kh:c\t\t\t\tcity\tHoms\t\t\t\t34.7\t36.7\t\t\tSY\tteam\n"                   /* 4: no name */
        "kh:d\tحماة\tHama\t\tcity\tHama\t\t\t\t95.1\t36.7\t\t\tSY\tteam\n"           /* 5: lat */
        "kh:e\tادلب\tIdlib\t\tcity\tIdlib\t\t\t\t35.9\tabc\t\t\tSY\tteam\n"          /* 6: lon */
        "kh:f\tالرقة\tRaqqa\t\tmetropolis\tRaqqa\t\t\t\t35.9\t39.0\t\t\tSY\tteam\n"  /* 7: kind */
        "kh:a\tدرعا\tDaraa\t\tcity\tDaraa\t\t\t\t32.6\t36.1\t\t\tSY\tteam\n"         /* 8: dup id */
        "kh:g\t\xd8\xa7\xff\tX\t\tcity\tDaraa\t\t\t\t32.6\t36.1\t\t\tSY\tteam\n";    /* 9: UTF-8 */
    char *p = write_file("bad.tsv", bad, strlen(bad));
    char *out = path_of("bad.khg");
    const char *src[] = { p };
    msgs m = { 0 };
    kh_error err = { 0 };
    CHECK_INT(kh_gaz_build(src, 1, out, collect, &m, &err), KH_E_GAZ);
    CHECK_INT(m.errors, 7);
    char want[256];
    const char *expect[] = { ":3: line: 14 tab-separated fields", ":4: name_ar: missing name",
                             ":5: lat: 95.1 is outside -90..90", ":6: lon: 'abc' is not a number",
                             ":7: kind: unknown kind 'metropolis'", ":8: id: duplicate id 'kh:a'",
                             ":9: line: invalid UTF-8" };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        snprintf(want, sizeof want, "%s%s", p, expect[i]);
        if (!strstr(m.text, want)) {
            printf("  missing report: %s\n", want);
            CHECK(0);
        }
    }
    CHECK(access(out, F_OK) != 0);  /* nothing written */
    free(p);
    free(out);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        printf("FAIL mkdtemp\n");
        return 1;
    }
    RUN(key_folds_and_joins_words);
    RUN(kinds_parse_and_name);
    RUN(build_fixture);
    if (gaz) {
        RUN(finds_joined_and_split_compounds);
        RUN(finds_final_ha_alef_and_taa_marbuta);
        RUN(article_added_and_removed_for_places_only);
        RUN(latin_transliteration_variants);
        RUN(merges_curated_and_geonames_rows);
        RUN(parent_and_first_word);
        RUN(stats_record_the_build);
    }
    RUN(refuses_truncated_foreign_and_other_version);
    RUN(bad_rows_are_reported_with_file_and_line);
    kh_gaz_close(gaz);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    free(index_path);
    return kh_t_failed ? 1 : 0;
}
