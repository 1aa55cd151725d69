/* Place mentions: longest gazetteer match over document words (clitics peeled), cue words,
 * filters for organisations, persons and adjectives, and resolution of ambiguous names. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

/* ---- word lists, written as reporting spells them and folded once ---- */

typedef struct wlist {
    const char *const *src;
    size_t n;
    char **f;       /* folded forms, filled by lists_init */
    size_t *len;    /* their lengths */
    uint64_t lens;  /* bit n: some form is n bytes long (bit 63: 63 or more) */
    uint32_t *slot; /* open-addressing hash of the forms: index + 1, 0 empty */
    uint32_t mask;  /* slots - 1 */
} wlist;

#define WLIST(name, ...)                                                                   \
    static const char *const name##_src[] = { __VA_ARGS__ };                              \
    static wlist name = { .src = name##_src, .n = sizeof name##_src / sizeof name##_src[0] }

/* Kinds a cue word before a name asks for. */
enum { CUE_NONE, CUE_NB, CUE_CITY, CUE_TOWN, CUE_VILLAGE, CUE_CAMP, CUE_GOV, CUE_SUBDIST,
       CUE_AREA, CUE_LANDMARK, CUE_RIF, CUE_QUARTERS, CUE_PROVINCE, CUE_COUNT };

WLIST(cue_nb, "حي", "حيي", "حارة", "حارات");
WLIST(cue_city, "مدينة", "مدينتي", "مدن", "المدينة");
/* أحياء حلب (a city's quarters) or أحياء الشعار والصاخور (a list of quarters) */
WLIST(cue_quarters, "أحياء", "احياء");
WLIST(cue_town, "بلدة", "بلدتي", "بلدات", "البلدة");
WLIST(cue_village, "قرية", "قريتي", "قرى", "القرية", "مزرعة");
WLIST(cue_camp, "مخيم", "مخيمي", "مخيمات", "المخيم");
WLIST(cue_gov, "محافظة", "محافظتي", "المحافظة");
WLIST(cue_subdist, "ناحية");
WLIST(cue_area, "منطقة", "منطقتي", "مناطق", "بادية");
WLIST(cue_landmark, "مطار", "معبر", "سد", "سجن", "مشفى", "مستشفى", "قاعدة", "مطاري", "معبري",
      "مشفى", "دوار", "ساحة", "جسر", "سوق");
WLIST(cue_rif, "ريف", "ريفي", "أرياف");
/* ولاية كلس، ولاية هاتاي: a province abroad, named after its city (the group's ولاية الرقة is
 * a key of its own) */
WLIST(cue_province, "ولاية", "ولايتي");
WLIST(cue_dual_words, "محافظتي", "ريفي", "بلدتي", "قريتي", "مدينتي", "حيي", "مخيمي", "مطاري",
      "معبري", "منطقتي");

/* Words that head the name of an organisation, a medium or an armed group: a place right
 * after them (or after one or two of ORG_FILLER) belongs to the name (جبهة علماء حلب، قوات
 * سوريا الديمقراطية، حملة الرقة تذبح بصمت، قناة حلب اليوم). */
WLIST(org_head, "جبهة", "قوات", "جيش", "لواء", "ألوية", "كتائب", "كتيبة", "فيلق", "حركة",
      "تجمع", "هيئة", "قناة", "إذاعة", "راديو", "حملة", "تنسيقية", "تنسيقيات", "شبكة", "مرصد",
      "وكالة", "صحيفة", "جريدة", "مجلة", "تلفزيون", "فضائية", "منظمة", "جمعية", "رابطة", "اتحاد",
      "ائتلاف", "تيار", "حزب", "غرفة", "فرقة", "مجموعة", "جماعة", "تنظيم", "ميليشيا",
      "ميليشيات", "مليشيا", "مليشيات", "أحرار", "جند", "صقور", "أسود", "أنصار", "فرسان",
      "أجناد", "ثوار", "شهداء", "درع", "غصن", "نبع", "تحرير", "عملية", "عمليات", "صفحة",
      "موقع", "مكتب", "مركز", "مجلس", "منسقو", "منسقي", "المرصد", "الجبهة", "الجيش", "الحركة", "الهيئة",
      "الشبكة", "الوكالة", "القناة", "الحملة", "التنسيقية");
/* A front (جبهة الراموسة، على جبهات ريف حماة) after a preposition is a place, not a group
 * (جبهة النصرة names no place anyway). */
WLIST(front_head, "جبهة", "جبهات");
WLIST(front_prep, "على", "في", "عند", "من", "إلى", "الى", "نحو", "باتجاه", "عبر", "وعلى",
      "وفي", "ومن", "طول");
/* Heads that are also ordinary nouns (مركز المدينة, مجلس المحافظة, موقع عسكري): they make an
 * organisation only with an ORG_TAIL word after the place (مركز إدلب الإعلامي). */
WLIST(org_weak_head, "مركز", "مكتب", "مجلس", "موقع", "صفحة", "تحرير", "عملية", "عمليات");
WLIST(org_filler, "علماء", "شهداء", "أحرار", "ثوار", "أبطال", "أسود", "صقور", "فرسان", "أنصار",
      "أهل", "تحرير", "فتح", "جند", "أجناد", "شباب", "أبناء", "شاهد", "عيان", "ثورة", "نشطاء",
      "تنسيقية", "أخبار", "مجلس", "محافظة", "إعلام", "اعلام", "صوت", "عاصفة", "غضب", "درع",
      "نور", "حماة", "تجمع", "جيش", "لواء", "استجابة");
WLIST(org_tail, "الإعلامي", "الإعلامية", "الاعلامي", "الاعلامية", "الإخباري", "الإخبارية",
      "لحقوق", "تذبح", "الديمقراطية", "الديموقراطية", "للأنباء", "نيوز", "الحرة", "الحر",
      "اليوم", "الآن", "الإعلام", "للإعلام", "الإخبارية", "بوست", "تايمز", "برس", "الثورية",
      "الجديدة", "المستقلة", "الرسمية", "للدراسات", "للتوثيق", "لتوثيق", "الثوري");
/* Tails that make an organisation or a medium by themselves: الرقة تذبح بصمت، مركز حلب
 * الإعلامي، المرصد السوري لحقوق الإنسان، حلب نيوز. */
WLIST(org_strong_tail, "تذبح", "لحقوق", "الإعلامي", "الإعلامية", "الاعلامي", "الاعلامية",
      "الإخباري", "الإخبارية", "الاخباري", "الاخبارية", "نيوز", "بوست", "للأنباء", "تايمز",
      "برس", "الديمقراطية", "الديموقراطية", "للإعلام", "للدراسات", "للتوثيق", "لتوثيق");
/* حماة الديار (the army's epithet) and its kin are not the city. */
WLIST(protector_tail, "الديار", "الوطن", "الدين", "العقيدة", "الحمى", "الأرض", "الثورة");
/* Titles before a person's name: الطبيب سليم العطار، العقيد سهيل الحسن. */
WLIST(person_title, "الطبيب", "الشيخ", "الناشط", "المواطن", "الطفل", "الطفلة", "الشاب",
      "الشابة", "الشهيد", "القيادي", "العقيد", "اللواء", "العميد", "الرائد", "النقيب",
      "الملازم", "المقدم", "الصحفي", "الصحافي", "الإعلامي", "المراسل", "الدكتور", "السيد",
      "السيدة", "الرئيس", "الوزير", "الشهيدة", "المسعف", "المتطوع", "الحاج", "الحاجة",
      "المعتقل", "المحامي", "المهندس", "الأستاذ", "الفنان", "الكاتب", "الناشطة", "الطالب",
      "القائد", "المدعو", "الملقب", "السجين", "الجندي", "العنصر", "المقاتل");
/* Frequent first names: محمد جاسم، أحمد سليم are people. (Not علي: it folds like على.) */
WLIST(first_name, "محمد", "أحمد", "حسن", "حسين", "خالد", "عمر", "محمود", "مصطفى",
      "إبراهيم", "يوسف", "سعيد", "سامر", "ماهر", "بشار", "حافظ", "فراس", "عمار", "مازن",
      "وائل", "باسل", "رامي", "زياد", "طارق", "عادل", "عبدالله", "عبدالرحمن", "فادي", "هيثم",
      "وليد", "ياسر", "أيمن", "أسامة", "جميل", "كمال", "نزار", "هشام", "سهيل", "عصام",
      "فاطمة", "مريم", "زينب", "رزان", "سميرة", "هبة", "نور", "رنا", "سلمى");
/* Words that make a region the whole country's quarter (الشمال السوري): vague. */
WLIST(syria_word, "سوريا", "سورية", "السوري", "السورية", "البلاد");
/* The quarter such a region names (الشمال السوري, شرق البلاد); البادية السورية is a region. */
WLIST(quarter_word, "الشمال", "الجنوب", "الشرق", "الغرب", "الوسط", "شمال", "جنوب", "شرق",
      "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي", "الشمالي", "الجنوبي", "الشرقي",
      "الغربي", "الشمالية", "الجنوبية", "الشرقية", "الغربية");
/* Names that are also verbs of war reporting: ودمر ثلاث عربات (he destroyed), not Dummar. */
WLIST(verb_name, "دمر");
/* Ordinal days of a month that are also names: الثلاثين من الشهر, العشرين من أيار. */
WLIST(ordinal_day, "العاشر", "العشرين", "الثلاثين", "الحادي", "الثاني", "الثالث", "الرابع",
      "الخامس", "السادس", "السابع", "الثامن", "التاسع");
WLIST(of_word, "من");
WLIST(month_bare, "الشهر");
WLIST(kunya, "أبو", "ابو", "ابن", "بن", "أم", "أبي", "بنت", "آل");
/* Before a bare سورية that is the country, not the adjective (وسائل إعلام سورية). */
WLIST(preposition, "في", "إلى", "الى", "من", "عن", "على", "داخل", "خارج", "أنحاء", "شمال",
      "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط", "حول", "مع", "ضد", "بين",
      "أرض", "أراضي", "حدود", "نحو", "عبر", "تجاه", "مناطق", "مدن", "محافظات", "سماء", "أجواء",
      "حتى", "وفي", "وإلى", "ومن");
WLIST(direction, "الشمالي", "الجنوبي", "الشرقي", "الغربي", "الشمالية", "الجنوبية", "الشرقية",
      "الغربية", "الأوسط", "الوسطى");
WLIST(bare_direction, "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط",
      "غرب", "أقصى");
/* العاصمة alone is Damascus in Syrian reporting (not العاصمة اللبنانية, العاصمة الاقتصادية). */
WLIST(capital_word, "العاصمة");
/* الدولة الإسلامية في العراق والشام: the group's name, not Iraq */
WLIST(state_word, "الدولة", "دولة");
WLIST(islamic_word, "الإسلامية", "الاسلامية");
WLIST(in_word, "في");
WLIST(river_word, "نهر", "لنهر", "النهر", "للنهر", "الفرات", "للفرات", "دجلة", "العاصي",
      "للعاصي");
/* Words that open a list of the places a wider name covers: في حمص، لا سيما بلدتي تلبيسة
 * والزعفرانة; مناطق في إدلب منها سراقب (clitics are peeled when matching: ولا، وخاصة). */
WLIST(topic_markers, "لا", "سيما", "لاسيما", "خاصة", "خصوصا", "منها", "بينها", "مثل", "تحديدا",
      "أبرزها", "اهمها", "أهمها", "ومنها", "في", "عدة", "عدد", "من");
/* The words of a list opener that say it is one (في and عدد only fill). */
WLIST(topic_strong, "سيما", "لاسيما", "خاصة", "خصوصا", "منها", "بينها", "مثل", "تحديدا",
      "أبرزها", "اهمها", "أهمها");
/* Titles of a province's officials: أمير الرقة (the group's emir of the province), والي حلب,
 * محافظ حمص; with a second word: قائد شرطة حماة. */
WLIST(gov_title, "أمير", "والي", "محافظ");
WLIST(gov_office, "شرطة", "الشرطة");
WLIST(gov_office_head, "قائد", "قيادة", "مدير", "رئيس");
/* Keys that equal common words in reporting and are not worth a village of that name. */
WLIST(stop_keys, "الحرية", "الثورة", "الشهداء", "العاصمة", "المدينة", "البلدة", "القرية",
      "الريف", "المنطقة", "الجبهة", "الحدود", "الحاجز", "الساحل", "البادية", "الجزيرة",
      "القلعة", "السجن", "المطار", "المعبر", "الجامع", "المسجد", "المدرسة", "المشفى", "الكنيسة",
      "الفوج", "اللواء", "الكتيبة", "الفرقة", "القاعدة", "الجيش", "النظام", "الدولة", "التحالف",
      "الأمن", "الشرطة", "المعارضة", "الفصائل", "المقاتلين", "الطيران", "الغارات", "القصف",
      "المرصد", "الاتحاد", "الأمم", "المتحدة", "الوطن", "العرب", "العربية", "الإسلامية",
      "الصحة", "الدفاع", "الهلال", "الأحمر", "الصليب", "القوات", "الهدنة", "الحكومة", "الأسد",
      "داعش", "الشام", "جبهة", "قوات", "الرئيسية", "اخبار", "عربى", "عربي", "الوطن",
      "سانا", "الشمال", "الجنوب", "الشرق", "الغرب", "الوسط", "الضفة", "المحررة", "الخاضعة",
      "قرية", "بلدة", "مدينة", "مخيم", "محافظة", "منطقة", "ناحية", "حي", "مركز", "جامع",
      "بعد", "قبل", "أمس", "اليوم", "يوم", "غدا", "صباح", "مساء", "ليلة", "ليل", "الجمعة",
      "السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الشعب", "الأهالي",
      "المحافظة", "الناحية", "المخيم", "الحي", "الأحياء", "القرى", "البلدات", "المدن",
      "كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين",
      "بدأ", "بدا", "جديدة", "الجديدة", "كبيرة", "الكبيرة", "صغيرة", "الصغيرة", "قديمة",
      "القديمة", "المقبلة", "المقبل", "الماضية", "الماضي", "الأخيرة", "الأخير", "الأولى",
      "الثانية", "الثالثة", "الأمان", "السلامة", "الحياة", "الموت", "النصر", "العودة",
      "الكرامة", "الوحدة", "الأمل", "الفتح", "الرحمة", "الرحمن", "المشهد", "الساحة",
      "المركز", "الطريق", "الدوار", "الجسر", "السوق", "الميدان", "المعسكر", "الكتيبة",
      "ثورة", "خطاب", "عدوان", "كوكب", "ملح", "عقرب", "جملة", "صدد", "نصيب", "بلبل", "حضر",
      "معان");

/* Places whose name is an everyday word (الباب the door, التل the hill, النصر victory). */
WLIST(common_name, "الباب", "التل", "النصر", "شعب", "بلد", "الحارة", "الصور", "الحراك",
      "الهامة", "القصر", "السلام", "الشجرة", "الصورة", "الجلاء", "الكرامة", "التضامن",
      "البريد", "المرور", "الإذاعة", "الزراعة", "الصناعة", "العمال", "الموظفين", "النهضة",
      "الحي", "المال", "الطوب", "الملاح", "الفيض", "السبيل", "الكورنيش", "الأمين", "الحاضر",
      /* and people's names: محمد جاسم، سهيل النمر */
      "جاسم", "سليم", "رامي", "غزال", "مظلوم", "نمر", "ربيعة", "كريمة", "عزيزة", "حيان",
      "عكرمة", "عياش", "هنادي", "عابدين", "العابدين");

static wlist *const all_lists[] = {
    &cue_nb, &cue_city, &cue_town, &cue_village, &cue_camp, &cue_gov, &cue_subdist, &cue_area,
    &cue_landmark, &cue_rif, &cue_quarters, &cue_province, &cue_dual_words, &org_head, &org_weak_head, &org_filler, &org_tail,
    &org_strong_tail, &common_name,
    &protector_tail, &person_title, &first_name, &syria_word, &quarter_word, &verb_name, &ordinal_day, &of_word, &month_bare, &kunya, &preposition, &direction, &bare_direction, &state_word,
    &islamic_word, &in_word, &river_word, &topic_markers, &topic_strong, &gov_title, &gov_office,
    &gov_office_head, &capital_word, &front_head, &front_prep, &stop_keys,
};
static wlist *const cue_lists[CUE_COUNT] = {
    NULL, &cue_nb, &cue_city, &cue_town, &cue_village, &cue_camp, &cue_gov, &cue_subdist,
    &cue_area, &cue_landmark, &cue_rif, &cue_quarters, &cue_province,
};

static pthread_once_t lists_once = PTHREAD_ONCE_INIT;
static int lists_ok;

static uint32_t wl_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static uint64_t wl_lenbit(size_t n)
{
    return (uint64_t)1 << (n < 63 ? n : 63);
}

static void clitics_init(void);

static void lists_init(void)
{
    for (size_t i = 0; i < sizeof all_lists / sizeof all_lists[0]; i++) {
        wlist *l = all_lists[i];
        size_t cap = 8;
        while (cap < 2 * l->n)
            cap *= 2;
        l->f = calloc(l->n, sizeof *l->f);
        l->len = calloc(l->n, sizeof *l->len);
        l->slot = calloc(cap, sizeof *l->slot);
        if (!l->f || !l->len || !l->slot)
            return;
        l->mask = (uint32_t)cap - 1;
        for (size_t j = 0; j < l->n; j++) {
            if (!(l->f[j] = kh_fold(l->src[j], strlen(l->src[j]), NULL)))
                return;
            l->len[j] = strlen(l->f[j]);
            l->lens |= wl_lenbit(l->len[j]);
            uint32_t h = wl_hash(l->f[j], l->len[j]) & l->mask;
            while (l->slot[h])
                h = (h + 1) & l->mask;
            l->slot[h] = (uint32_t)j + 1;
        }
    }
    clitics_init();
    lists_ok = 1;
}

/* Whether S[0..n) is one of L's folded forms. Most words are in no list: the length mask
 * turns most of them away before hashing. */
static int wl_has(const wlist *l, const char *s, size_t n)
{
    if (!(l->lens & wl_lenbit(n)))
        return 0;
    for (uint32_t h = wl_hash(s, n) & l->mask;; h = (h + 1) & l->mask) {
        uint32_t k = l->slot[h];
        if (!k)
            return 0;
        if (l->len[k - 1] == n && memcmp(l->f[k - 1], s, n) == 0)
            return 1;
    }
}

/* ---- clitics ---- */

/* Proclitics peeled from the first word of a name: the folded prefix, what replaces it (لل
 * is ل + the article with its alef dropped: للرقة -> الرقة), and how many bytes of the word
 * are not part of the surface. */
typedef struct clitic {
    const char *prefix, *repl;
    size_t skip;
    size_t pn, rn;          /* lengths of prefix and repl */
} clitic;

#define W "\xd9\x88"    /* و */
#define F "\xd9\x81"    /* ف */
#define B "\xd8\xa8"    /* ب */
#define L "\xd9\x84"    /* ل */
#define K "\xd9\x83"    /* ك */
#define AL "\xd8\xa7\xd9\x84"   /* ال */

#define CL(p, r, skip) { p, r, skip, sizeof p - 1, sizeof r - 1 }
static const clitic clitics[] = {
    CL("", "", 0),
    CL(W, "", 2), CL(F, "", 2), CL(B, "", 2), CL(L, "", 2), CL(K, "", 2),
    CL(W B, "", 4), CL(W L, "", 4), CL(F B, "", 4), CL(F L, "", 4), CL(W K, "", 4),
    CL(F K, "", 4),
    CL(L L, AL, 2), CL(W L L, AL, 4), CL(F L L, AL, 4),
};
#define NCLITICS (sizeof clitics / sizeof clitics[0])


/* Whether S[0..n) has at least 2 letters. */
static int two_letters(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++c == 2)
            return 1;
    return 0;
}

/* Whether clitic C comes off word W, leaving at least 2 letters and (with REPL) fitting a
 * buffer of CAP bytes. ك and ف (كبيرة، فصائل) come off only before the article: كالرقة،
 * فالحسكة. */
static int peels(const char *w, size_t n, const clitic *c, size_t cap)
{
    size_t pn = c->pn, rn = c->rn;
    /* the first letter's second byte turns most words away before the prefix is compared
     * (every Arabic letter starts with 0xd8 or 0xd9) */
    if (n <= pn || (pn && (w[1] != c->prefix[1] || memcmp(w, c->prefix, pn) != 0)) ||
        !two_letters(w + pn, n - pn))
        return 0;
    if (pn && !rn && (memcmp(c->prefix + pn - 2, K, 2) == 0 || memcmp(c->prefix, F, 2) == 0) &&
        (n - pn < 4 || memcmp(w + pn, AL, 4) != 0))
        return 0;
    return rn + n - pn + 1 <= cap;
}

/* The clitics that come off word W (bit c: clitics[c]), for peel_word(). Only و ف ب ل ك start
 * a clitic: any other word is itself alone. */
static uint16_t clitic_mask(const char *w, size_t n)
{
    uint16_t m = 0;
    size_t c0 = 0, c1 = NCLITICS;
    if (n < 2 || !((memcmp(w, W, 2) == 0 || memcmp(w, F, 2) == 0 || memcmp(w, B, 2) == 0 ||
                    memcmp(w, L, 2) == 0 || memcmp(w, K, 2) == 0)))
        c1 = 1;
    for (size_t c = c0; c < c1; c++)
        if (peels(w, n, &clitics[c], 256))
            m |= (uint16_t)(1u << c);
    return m;
}

/* The clitics that only drop a prefix (not لل -> ال), as a mask of bits. */
static unsigned plain_clitics;

static void clitics_init(void)
{
    for (size_t c = 0; c < NCLITICS; c++)
        if (!clitics[c].repl[0])
            plain_clitics |= 1u << c;
}

/* The words that W is with each clitic that only drops a prefix peeled (و، ب، وب...; not
 * لل -> ال): their starts in S and lengths in N, as is first. Returns how many. */
static size_t peeled_forms(const char *w, size_t n, const char **s, size_t *ns)
{
    size_t k = 0;
    for (size_t i = 0; i < NCLITICS; i++) {
        if (clitics[i].repl[0] || !peels(w, n, &clitics[i], 256))
            continue;
        s[k] = w + clitics[i].pn;
        ns[k++] = n - clitics[i].pn;
    }
    return k;
}

/* The first cue class that word W (peeled) is in, or CUE_NONE: the clitics are peeled once
 * for all the cue lists. */
static int cue_in(const char *w, size_t n)
{
    const char *s[NCLITICS];
    size_t ns[NCLITICS];
    size_t k = peeled_forms(w, n, s, ns);
    for (int c = 1; c < CUE_COUNT; c++)
        for (size_t j = 0; j < k; j++)
            if (wl_has(cue_lists[c], s[j], ns[j]))
                return c;
    return CUE_NONE;
}

/* ---- the document being read ---- */

typedef struct pm {
    size_t w0, w1;          /* words [w0, w1) */
    size_t start, end;      /* folded surface */
    uint32_t *c;            /* candidate places (owned) */
    size_t nc;
    int cue;                /* CUE_* of the word before */
    int cue_dual;           /* that cue word is a dual (محافظتي، بلدتي): it covers two names */
    int cue_inherited;      /* the cue is the first name's of a list (قرى الحويز والحويجة) */
    int rif;                /* ريف X / ريف محافظة X: X's countryside */
    size_t cue_start;       /* surface start of the cue word (محافظة, ريف) */
    int sent;
    int anchor;             /* index into c of a place all candidates agree on, or -1 */
    int chosen;             /* index into c */
    int hidden;             /* context only, not reported (شمال سوريا: a vague direction) */
    int has_gov;            /* the bare name is also a governorate's (حمص: محافظة حمص) */
    uint32_t gov;           /* that governorate */
} pm;

typedef struct doc {
    const kh_text *t;
    const kh_gazetteer *g;
    const char *f;          /* folded text */
    size_t flen;
    const kh_word *w;
    size_t nw;
    int *wsent;             /* sentence of each word */
    unsigned char *join;    /* join[i]: word i+1 follows word i across whitespace only */
    uint16_t *cm;           /* cm[i]: bit c set when clitics[c] comes off word i */
    pm *m;
    size_t nm, cap;
} doc;

static const char *wtext(const doc *d, size_t i, size_t *n)
{
    *n = d->w[i].end - d->w[i].start;
    return d->f + d->w[i].start;
}

static int is_arabic_word(const doc *d, size_t i)
{
    return d->w[i].kind == KH_WORD_LETTERS && (unsigned char)d->f[d->w[i].start] >= 0x80;
}

/* For each clitic C (lowest index first) that comes off word I: most words lose none or one,
 * so the loops below visit those, not all NCLITICS. */
#define FOR_CLITICS(d, i, c)                                                                \
    for (unsigned m_ = (d)->cm[i], c; m_ && (c = (unsigned)__builtin_ctz(m_), 1); m_ &= m_ - 1)

/* Word i with clitics[c] peeled into BUF (256 bytes), as peel() does. */
static size_t peel_word(const doc *d, size_t i, size_t c, char *buf)
{
    if (!(d->cm[i] >> c & 1))
        return 0;
    size_t n, pn = clitics[c].pn, rn = clitics[c].rn;
    const char *w = wtext(d, i, &n);
    memcpy(buf, clitics[c].repl, rn);
    memcpy(buf + rn, w + pn, n - pn);
    buf[rn + n - pn] = '\0';
    return rn + n - pn;
}

/* word_in() for word i, with the clitics that come off it known. */
static int wi(const doc *d, size_t i, const wlist *l)
{
    size_t n;
    const char *s = wtext(d, i, &n);
    for (unsigned m = d->cm[i] & plain_clitics; m; m &= m - 1) {
        size_t c = (size_t)__builtin_ctz(m);
        if (wl_has(l, s + clitics[c].pn, n - clitics[c].pn))
            return 1;
    }
    return 0;
}

static int wi_exact(const doc *d, size_t i, const wlist *l)
{
    size_t n;
    const char *s = wtext(d, i, &n);
    return wl_has(l, s, n);
}

/* Only spaces (or one line break) between byte offsets a and b. */
static int blank_between(const doc *d, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (d->f[i] != ' ' && d->f[i] != '\n' && d->f[i] != '\t')
            return 0;
    return 1;
}

/* The cue class of word i (peeled), or CUE_NONE. */
static int cue_of(const doc *d, size_t i)
{
    size_t n;
    const char *s = wtext(d, i, &n);
    const char *f[NCLITICS];
    size_t fn[NCLITICS], k = 0;
    for (unsigned m = d->cm[i] & plain_clitics; m; m &= m - 1) {
        size_t c = (size_t)__builtin_ctz(m);
        f[k] = s + clitics[c].pn;
        fn[k++] = n - clitics[c].pn;
    }
    for (int c = 1; c < CUE_COUNT; c++)
        for (size_t j = 0; j < k; j++)
            if (wl_has(cue_lists[c], f[j], fn[j]))
                return c;
    return CUE_NONE;
}

/* The surface start of word i without its clitic (بمحافظة -> محافظة). */
static size_t bare_start(const doc *d, size_t i, const wlist *l)
{
    char buf[256];
    FOR_CLITICS(d, i, k) {
        if (clitics[k].repl[0])
            continue;
        size_t m = peel_word(d, i, k, buf);
        if (m && wl_has(l, buf, m))
            return d->w[i].start + clitics[k].skip;
    }
    return d->w[i].start;
}

/* Word i ends in alef with a mark dropped by folding around it: the tanween of an indefinite
 * accusative (تركياً، رميلاً، جندياً), which a name never carries. */
static int tanween_alef(const doc *d, size_t i)
{
    size_t a = d->w[i].start, e = d->w[i].end;
    if (e - a < 6 || memcmp(d->f + e - 2, "\xd8\xa7", 2) != 0)
        return 0;
    size_t s_prev = kh_text_source_offset(d->t, e - 4), s_end = kh_text_source_offset(d->t, e);
    return s_end - s_prev == 6;     /* two letters and one two-byte mark */
}

/* ---- matching ---- */

/* Join words [i+1, i+n) after BASE into KEY. Returns its length or 0 when it does not fit. */
static size_t make_key(const doc *d, const char *base, size_t bn, size_t i, size_t n, char *key,
                       size_t cap)
{
    if (bn + 1 > cap)
        return 0;
    memcpy(key, base, bn);
    size_t k = bn;
    for (size_t j = i + 1; j < i + n; j++) {
        size_t wn;
        const char *ws = wtext(d, j, &wn);
        if (k + 1 + wn + 1 > cap)
            return 0;
        key[k++] = ' ';
        memcpy(key + k, ws, wn);
        k += wn;
    }
    key[k] = '\0';
    return k;
}

static int stop_key(const char *key, size_t n)
{
    return wl_has(&stop_keys, key, n);
}

/* A cue word (المدينة، المحافظة) is never a name, even after another cue. */
static int cue_key(const char *key, size_t n)
{
    return cue_in(key, n) != CUE_NONE;
}

/* Words that can follow word i inside one name. */
static size_t run_len(const doc *d, size_t i)
{
    size_t n = 1;
    while (i + n < d->nw && n < 8 && d->join[i + n - 1])
        n++;
    return n;
}

static int all_sy_regions(const doc *d, const uint32_t *pl, size_t np)
{
    for (size_t k = 0; k < np; k++) {
        kh_place p;
        kh_gaz_place(d->g, pl[k], &p);
        if (p.kind != KH_KIND_REGION || strcmp(p.country, "SY") != 0)
            return 0;
    }
    return 1;
}

typedef struct hit {
    size_t n;               /* words */
    size_t skip;            /* clitic bytes not in the surface */
    int clitic;             /* index into clitics */
    const uint32_t *pl;
    size_t npl;
} hit;

/* The longest key starting at word i (clitics peeled), or n = 0. */
static hit longest_at(const doc *d, size_t i)
{
    hit best = { 0 };
    size_t avail = 0;       /* run_len, computed when a form of the word starts some key */
    char base[256], key[1024];
    /* a common word is a name after a cue: حي الجديدة */
    int cued = -1;      /* computed when first needed */
    FOR_CLITICS(d, i, c) {
        size_t bn = peel_word(d, i, c, base);
        if (!bn)
            continue;
        int maxw = kh_gaz_first_word(d->g, base, bn);
        if (maxw <= 0)
            continue;
        if (!avail)
            avail = run_len(d, i);
        size_t top = (size_t)maxw < avail ? (size_t)maxw : avail;
        for (size_t n = top; n > best.n; n--) {
            size_t kn = make_key(d, base, bn, i, n, key, sizeof key);
            if (!kn || (n == 1 && cue_key(key, kn)))
                continue;
            if (stop_key(key, kn)) {
                if (cued < 0)
                    cued = i > 0 && d->join[i - 1] && cue_of(d, i - 1) != CUE_NONE;
                if (!cued)
                    continue;
            }
            const uint32_t *pl;
            size_t np = kh_gaz_find(d->g, key, kn, &pl);
            if (np && n > 1 && wl_has(&bare_direction, base, bn) && all_sy_regions(d, pl, np))
                continue;   /* جنوب حلب: a position relative to the city, reported as the city */
            if (np) {
                best = (hit){ n, clitics[c].skip, (int)c, pl, np };
                break;
            }
        }
    }
    return best;
}

static int push(doc *d, const pm *m)
{
    if (d->nm == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        pm *nm = realloc(d->m, cap * sizeof *nm);
        if (!nm)
            return -1;
        d->m = nm;
        d->cap = cap;
    }
    d->m[d->nm++] = *m;
    return 0;
}

/* Coordinated forms naming two regions at once: ريفي حماة الشمالي والغربي (the dual ريفي, a
 * city, two directions) and الغوطتين الشرقية والغربية (a dual name, two directions). One
 * mention spans the phrase; it resolves to the first region. Returns words used, or 0. */
static size_t coordinated_at(doc *d, size_t i, pm *out)
{
    static const char rifi[] = "\xd8\xb1\xd9\x8a\xd9\x81\xd9\x8a";    /* ريفي */
    static const char rif[] = "\xd8\xb1\xd9\x8a\xd9\x81";             /* ريف */
    static const char tayn[] = "\xd8\xaa\xd9\x8a\xd9\x86";            /* تين */
    static const char taan[] = "\xd8\xaa\xd8\xa7\xd9\x86";            /* تان */
    char base[256], key[1024];
    FOR_CLITICS(d, i, c) {
        if (clitics[c].repl[0])
            continue;
        size_t bn = peel_word(d, i, c, base);
        if (!bn)
            continue;
        size_t namew;      /* words of the place name after the head word */
        char stem[256];
        size_t sn;
        if (bn == sizeof rifi - 1 && memcmp(base, rifi, bn) == 0) {
            memcpy(stem, rif, sizeof rif - 1);
            sn = sizeof rif - 1;
            namew = 0;      /* ريف + 1..2 words of a city + direction */
        } else if (bn > 10 && memcmp(base, AL, 4) == 0 &&
                   (memcmp(base + bn - 6, tayn, 6) == 0 || memcmp(base + bn - 6, taan, 6) == 0)) {
            sn = bn - 6;
            memcpy(stem, base, sn);
            memcpy(stem + sn, "\xd9\x87", 2);   /* الغوطتين -> الغوطه */
            sn += 2;
            namew = 1;      /* the stem is the name; direction follows */
        } else {
            continue;
        }
        size_t avail = run_len(d, i);
        for (size_t city = namew ? 0 : 1; city <= (namew ? 0 : 2); city++) {
            size_t d1 = i + 1 + city, d2 = d1 + 1;
            if (d2 >= i + avail)
                break;
            size_t n1, n2;
            const char *s1 = wtext(d, d1, &n1), *s2 = wtext(d, d2, &n2);
            if (!wl_has(&direction, s1, n1) || n2 <= 2 || memcmp(s2, W, 2) != 0 ||
                !wl_has(&direction, s2 + 2, n2 - 2))
                continue;
            /* key: stem + city words + first direction */
            size_t kn = 0;
            memcpy(key, stem, sn);
            kn = sn;
            for (size_t j = i + 1; j <= d1; j++) {
                size_t jn;
                const char *js = wtext(d, j, &jn);
                if (kn + jn + 2 > sizeof key)
                    return 0;
                key[kn++] = ' ';
                memcpy(key + kn, js, jn);
                kn += jn;
            }
            key[kn] = '\0';
            const uint32_t *pl;
            size_t np = kh_gaz_find(d->g, key, kn, &pl);
            if (!np)
                continue;
            *out = (pm){ 0 };
            out->w0 = i;
            out->w1 = d2 + 1;
            out->start = d->w[i].start + clitics[c].skip;
            out->end = d->w[d2].end;
            out->c = malloc(np * sizeof *out->c);
            if (!out->c)
                return 0;
            memcpy(out->c, pl, np * sizeof *pl);
            out->nc = np;
            return d2 + 1 - i;
        }
    }
    return 0;
}

/* العاصمة (بالعاصمة، للعاصمة) with no name or adjective after it: Damascus, kept hidden as
 * context so that حي الميدان وسط العاصمة is Damascus's الميدان, not Aleppo's. Returns 1 and
 * fills OUT when word i is such a word. */
static int capital_at(const doc *d, size_t i, pm *out)
{
    static const char dimashq[] = "\xd8\xaf\xd9\x85\xd8\xb4\xd9\x82";    /* دمشق */
    int is_capital = wi(d, i, &capital_word);
    if (!is_capital) {
        char buf[256];
        FOR_CLITICS(d, i, c) {
            size_t bn = clitics[c].repl[0] ? peel_word(d, i, c, buf) : 0;
            if ((is_capital = bn && wl_has(&capital_word, buf, bn)))
                break;
        }
    }
    if (!is_capital)
        return 0;
    if (i + 1 < d->nw && d->join[i]) {
        size_t nn;
        const char *ns = wtext(d, i + 1, &nn);
        /* العاصمة اللبنانية، العاصمة الاقتصادية: some other capital (السورية is ours) */
        if (nn > 8 && memcmp(ns, AL, 4) == 0 && memcmp(ns + nn - 4, "\xd9\x8a\xd9\x87", 4) == 0 &&
            !wl_has(&syria_word, ns, nn))
            return 0;
        /* العاصمة دمشق، العاصمة بغداد: the name says which */
        if (longest_at(d, i + 1).n)
            return 0;
    }
    const uint32_t *pl;
    size_t np = kh_gaz_find(d->g, dimashq, sizeof dimashq - 1, &pl);
    for (size_t k = 0; k < np; k++) {
        kh_place p;
        kh_gaz_place(d->g, pl[k], &p);
        if (p.kind != KH_KIND_CITY || strcmp(p.country, "SY") != 0)
            continue;
        *out = (pm){ 0 };
        if (!(out->c = malloc(sizeof *out->c)))
            return 0;
        out->c[0] = pl[k];
        out->nc = 1;
        out->w0 = i;
        out->w1 = i + 1;
        out->start = d->w[i].start;
        out->end = d->w[i].end;
        out->hidden = 1;
        return 1;
    }
    return 0;
}

/* ---- filters ---- */

/* Whether the match at words [w0, w1) is part of an organisation's name. */
static int in_org_name(const doc *d, size_t w0, size_t w1)
{
    int after_tail = w1 < d->nw && d->join[w1 - 1] && wi_exact(d, w1, &org_tail);
    if (w1 < d->nw && d->join[w1 - 1] && wi_exact(d, w1, &org_strong_tail))
        return 1;
    if (w0 >= 3 && d->join[w0 - 3] && d->join[w0 - 2] && d->join[w0 - 1] &&
        wi(d, w0 - 3, &state_word) && wi_exact(d, w0 - 2, &islamic_word) &&
        wi_exact(d, w0 - 1, &in_word))
        return 1;
    /* دولة العراق الإسلامية */
    if (w0 >= 1 && d->join[w0 - 1] && wi(d, w0 - 1, &state_word) && w1 < d->nw &&
        d->join[w1 - 1] && wi_exact(d, w1, &islamic_word))
        return 1;
    /* up to two filler words between the head and the place: جبهة علماء حلب */
    size_t i = w0;
    for (int fill = 0; fill <= 2 && i > 0; fill++) {
        if (!d->join[i - 1])
            break;
        size_t p = i - 1;
        if (fill == 0 && !after_tail && wi_exact(d, p, &front_head) && p > 0 &&
            d->join[p - 1] && wi_exact(d, p - 1, &front_prep))
            break;
        if (wi(d, p, &org_head)) {
            if (!wi(d, p, &org_weak_head) || after_tail)
                return 1;
            break;
        }
        if (!wi(d, p, &org_filler) || cue_of(d, p) != CUE_NONE)
            break;
        i = p;
    }
    /* inside quotes opened right after a head: شبكة "شاهد عيان حلب" */
    for (size_t b = d->w[w0].start; b > 0 && d->w[w0].start - b < 80; b--) {
        char ch = d->f[b - 1];
        if (ch == '\n' || ch == '.')
            break;
        if (ch == '"' || ch == '(') {
            size_t q = b - 1;
            /* the word just before the quote */
            for (size_t k = w0; k > 0; k--) {
                if (d->w[k - 1].end <= q) {
                    if (blank_between(d, d->w[k - 1].end, q) && wi(d, k - 1, &org_head) &&
                        (!wi(d, k - 1, &org_weak_head) || after_tail))
                        return 1;
                    break;
                }
            }
            break;
        }
    }
    return 0;
}

/* A name right after a kunya (أبو محمد الشمالي، ابن تيمية) or a title (الطبيب سليم): a
 * person, not a place. A kunya after a cue word is a place's name (قرية أم الشرشوح بريف حمص),
 * and a name two words on that carries a preposition (بريف، لحلب) is not the person's. */
static int after_kunya(const doc *d, size_t w0, int clitic)
{
    /* زار الرئيس مدينة الثورة: the name begins with its cue word */
    if (cue_of(d, w0) != CUE_NONE)
        return 0;
    if (w0 > 0 && d->join[w0 - 1] &&
        (wi(d, w0 - 1, &person_title) || wi_exact(d, w0 - 1, &first_name)))
        return 1;
    for (size_t back = 1; back <= 2 && w0 >= back; back++) {
        if (!d->join[w0 - back])
            return 0;
        if (wi_exact(d, w0 - back, &kunya)) {
            size_t k = w0 - back;
            if (k > 0 && d->join[k - 1] && cue_of(d, k - 1) != CUE_NONE)
                return 0;
            if (back == 2 && clitics[clitic].prefix[0] && strcmp(clitics[clitic].prefix, W) != 0)
                return 0;
            return 1;
        }
    }
    return 0;
}

/* ---- resolution ---- */

static double km(double lat1, double lon1, double lat2, double lon2)
{
    double p1 = lat1 * M_PI / 180, p2 = lat2 * M_PI / 180;
    double dp = p2 - p1, dl = (lon2 - lon1) * M_PI / 180;
    double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    return 2 * 6371.0 * asin(fmin(1.0, sqrt(h)));
}

static int is_sy(const kh_place *p)
{
    return strcmp(p->country, "SY") == 0;
}

static double kind_prior(int kind)
{
    switch (kind) {
    case KH_KIND_CITY: return 1.2;
    case KH_KIND_TOWN: return 0.8;
    case KH_KIND_VILLAGE: return 0.5;
    case KH_KIND_GOVERNORATE: return 0.6;
    case KH_KIND_COUNTRY: return 0.6;
    case KH_KIND_REGION: return 0.4;
    case KH_KIND_CAMP: return 0.3;
    case KH_KIND_NEIGHBOURHOOD: return 0.0;
    case KH_KIND_LANDMARK: return 0.2;
    case KH_KIND_DISTRICT: return -0.3;
    case KH_KIND_SUBDISTRICT: return -0.5;
    default: return 0;
    }
}

static double cue_fit(int cue, int kind)
{
    switch (cue) {
    case CUE_NB:
        return kind == KH_KIND_NEIGHBOURHOOD ? 4 : 0;
    case CUE_CITY:
        return kind == KH_KIND_CITY ? 4 : kind == KH_KIND_TOWN ? 3 : kind == KH_KIND_VILLAGE ? 1
             : kind == KH_KIND_GOVERNORATE || kind == KH_KIND_DISTRICT ? -2 : 0;
    case CUE_TOWN:
        return kind == KH_KIND_TOWN ? 4 : kind == KH_KIND_CITY || kind == KH_KIND_VILLAGE ? 3
             : kind == KH_KIND_GOVERNORATE || kind == KH_KIND_DISTRICT ? -2 : 0;
    case CUE_VILLAGE:
        return kind == KH_KIND_VILLAGE ? 4 : kind == KH_KIND_TOWN ? 3 : kind == KH_KIND_CITY ? 1
             : kind == KH_KIND_GOVERNORATE || kind == KH_KIND_DISTRICT ? -2 : 0;
    case CUE_CAMP:
        return kind == KH_KIND_CAMP ? 4 : kind == KH_KIND_TOWN || kind == KH_KIND_VILLAGE ? 1 : 0;
    case CUE_GOV:
        return kind == KH_KIND_GOVERNORATE ? 6 : 0;
    case CUE_SUBDIST:
        return kind == KH_KIND_SUBDISTRICT ? 4 : kind == KH_KIND_TOWN ? 1 : 0;
    case CUE_AREA:
        return kind == KH_KIND_DISTRICT || kind == KH_KIND_REGION ? 2
             : kind == KH_KIND_SUBDISTRICT ? 1 : 0;
    case CUE_LANDMARK:
        return kind == KH_KIND_LANDMARK ? 4 : 0;
    case CUE_RIF:
        return kind == KH_KIND_GOVERNORATE || kind == KH_KIND_REGION ? 3
             : kind == KH_KIND_CITY ? 1 : 0;
    case CUE_PROVINCE:
        return kind == KH_KIND_GOVERNORATE || kind == KH_KIND_REGION ? 4
             : kind == KH_KIND_CITY ? 2 : 0;
    case CUE_QUARTERS:
        return kind == KH_KIND_CITY || kind == KH_KIND_NEIGHBOURHOOD ? 3
             : kind == KH_KIND_TOWN ? 2 : 0;
    default:
        return 0;
    }
}

/* The place mention M stands for when context is not needed: its only candidate, or the most
 * important of candidates that all lie within 20 km of each other (a city, its district and
 * its sub-district). -1 when the candidates disagree. */
static int agree(const doc *d, const pm *m)
{
    kh_place a, b;
    int best = 0;
    double bimp = -1;
    kh_gaz_place(d->g, m->c[0], &a);
    for (size_t k = 0; k < m->nc; k++) {
        kh_gaz_place(d->g, m->c[k], &b);
        if (km(a.lat, a.lon, b.lat, b.lon) > 20 || strcmp(a.country, b.country) != 0)
            return -1;
        if (b.importance > bimp) {
            bimp = b.importance;
            best = (int)k;
        }
    }
    return best;
}

/* The place mention j stands for as context: its anchor in the first round, its current
 * choice later. Returns the gazetteer index, or -1. */
static int64_t context_place(const doc *d, size_t j, int round, kh_place *out)
{
    const pm *o = &d->m[j];
    int k = round == 0 ? o->anchor : o->chosen;
    if (k < 0)
        return -1;
    kh_gaz_place(d->g, o->c[k], out);
    return o->c[k];
}

#define CONTEXT_MENTIONS 256

static double score(const doc *d, size_t mi, size_t k, int round)
{
    const pm *m = &d->m[mi];
    kh_place p;
    kh_gaz_place(d->g, m->c[k], &p);
    double s = kind_prior(p.kind) + 0.25 * log10(1 + fmax(0, p.importance));
    s += cue_fit(m->cue, p.kind);
    if (m->rif && (p.kind == KH_KIND_GOVERNORATE || p.kind == KH_KIND_REGION))
        s += 3;
    int sy = is_sy(&p);
    if (sy)
        s += 2.5;
    double near = 1e9;
    int same_sent_admin = 0, doc_admin = 0, parent_named = 0, country_named = 0;
    int gov_lists_towns = 0;
    /* the context is the CONTEXT_MENTIONS mentions either side: a report names a few dozen
     * places, and one that names a million must not take hours (every pair, for each) */
    size_t j0 = mi > CONTEXT_MENTIONS ? mi - CONTEXT_MENTIONS : 0;
    size_t j1 = d->nm - mi > CONTEXT_MENTIONS ? mi + CONTEXT_MENTIONS + 1 : d->nm;
    for (size_t j = j0; j < j1; j++) {
        if (j == mi)
            continue;
        const pm *o = &d->m[j];
        /* a neighbourhood's or a camp's parent named anywhere in the document */
        for (size_t q = 0; q < o->nc && p.parent >= 0; q++)
            if (o->c[q] == (uint32_t)p.parent)
                parent_named = 1;
        kh_place op;
        int64_t oi = context_place(d, j, round, &op);
        if (oi < 0)
            continue;
        if (op.kind == KH_KIND_COUNTRY) {
            if (strcmp(op.country, p.country) == 0 && !sy && country_named < 2)
                country_named = o->sent == m->sent ? 2 : 1;
            continue;
        }
        if (!is_sy(&op) || !sy)
            continue;
        if (op.admin1[0] && strcmp(op.admin1, p.admin1) == 0) {
            if (o->sent == m->sent)
                same_sent_admin = 1;
            else
                doc_admin = 1;
            /* في حمص، لا سيما بلدتي تلبيسة والزعفرانة: the governorate, by the towns listed */
            if (p.kind == KH_KIND_GOVERNORATE && o->sent == m->sent && j > mi &&
                (o->cue == CUE_TOWN || o->cue == CUE_VILLAGE) && o->w0 < m->w1 + 12)
                gov_lists_towns = 1;
        }
        if (oi != (int64_t)m->c[k]) {
            double dist = km(p.lat, p.lon, op.lat, op.lon);
            if (dist < near)
                near = dist;
        }
    }
    if (parent_named)
        s += 3;
    if (same_sent_admin)
        s += 2;
    else if (doc_admin)
        s += 1;
    if (gov_lists_towns)
        s += 3;
    /* a foreign namesake wins over the Syrian place only when its country is named in the
     * same sentence */
    if (country_named)
        s += country_named == 2 ? 5 : 1.5;
    if (near < 25)
        s += 1.5;
    else if (near < 75)
        s += 0.75;
    return s;
}

/* Whether mentions A and B have the same candidates (the same name). */
static int same_candidates(const pm *a, const pm *b)
{
    return a->nc == b->nc && memcmp(a->c, b->c, a->nc * sizeof *a->c) == 0;
}

/* One name, one place in a text: a name told several times ("قرية المنصورة" in the headline,
 * "غرب مدينة الرقة … تقع قرية المنصورة" below) takes the candidate its mentions together score
 * best, unless a mention's own context is much stronger for another. */
static void same_sense(doc *d)
{
    for (size_t i = 0; i < d->nm; i++) {
        pm *m = &d->m[i];
        if (m->nc < 2 || m->anchor >= 0)
            continue;
        int first = 1;
        for (size_t j = 0; j < i && first; j++)
            first = !same_candidates(&d->m[j], m);
        if (!first)
            continue;
        size_t count = 0;
        for (size_t j = i; j < d->nm && j < i + CONTEXT_MENTIONS; j++)
            count += same_candidates(&d->m[j], m);
        if (count < 2)
            continue;
        int best = -1;
        double bests = -1e18;
        for (size_t k = 0; k < m->nc; k++) {
            double sum = 0;
            for (size_t j = i; j < d->nm && j < i + CONTEXT_MENTIONS; j++)
                if (same_candidates(&d->m[j], m))
                    sum += score(d, j, k, 1);
            if (sum > bests + 1e-9) {
                bests = sum;
                best = (int)k;
            }
        }
        for (size_t j = i; j < d->nm && j < i + CONTEXT_MENTIONS && best >= 0; j++) {
            pm *o = &d->m[j];
            if (!same_candidates(o, m) || o->chosen == best)
                continue;
            if (score(d, j, (size_t)o->chosen, 1) - score(d, j, (size_t)best, 1) < 3)
                o->chosen = best;
        }
    }
}

static void resolve(doc *d)
{
    for (size_t i = 0; i < d->nm; i++) {
        d->m[i].anchor = agree(d, &d->m[i]);
        d->m[i].chosen = d->m[i].anchor >= 0 ? d->m[i].anchor : 0;
    }
    for (int round = 0; round < 2; round++) {
        int *next = malloc(d->nm * sizeof *next);
        if (!next)
            return;
        for (size_t i = 0; i < d->nm; i++) {
            pm *m = &d->m[i];
            next[i] = m->chosen;
            if (m->nc < 2 || (m->anchor >= 0 && m->cue == CUE_NONE && !m->rif))
                continue;
            double best = -1e9;
            for (size_t k = 0; k < m->nc; k++) {
                double s = score(d, i, k, round);
                if (s > best + 1e-9) {
                    best = s;
                    next[i] = (int)k;
                }
            }
        }
        for (size_t i = 0; i < d->nm; i++)
            d->m[i].chosen = next[i];
        free(next);
    }
    same_sense(d);
}

/* ---- candidate filters that need the place ---- */

/* Whether place P fits the surface at words [w0, w1): a bare سورية after a noun is the
 * adjective (وسائل إعلام سورية), and so is one joined to another adjective (مواقع عسكرية
 * إيرانية وسورية); after a preposition it is the country (في سورية، بسورية). */
static int fits(const doc *d, const pm *m, const kh_place *p, int clitic)
{
    if (p->kind != KH_KIND_COUNTRY || m->w1 != m->w0 + 1)
        return 1;
    size_t n;
    const char *s = wtext(d, m->w0, &n);
    if (n < 2 || memcmp(s + n - 2, "\xd9\x87", 2) != 0)    /* ends in ه (ة) */
        return 1;
    const char *pre = clitics[clitic].prefix;
    int waw_only = strcmp(pre, W) == 0;
    if (pre[0] && !waw_only)
        return 1;       /* بسورية، لسورية */
    if (m->w0 == 0 || !d->join[m->w0 - 1])
        return !waw_only;
    size_t pn;
    const char *ps = wtext(d, m->w0 - 1, &pn);
    if (waw_only)       /* وسورية after an adjective in -ية is one more adjective */
        return !(pn >= 4 && memcmp(ps + pn - 4, "\xd9\x8a\xd9\x87", 4) == 0);
    return wi(d, m->w0 - 1, &preposition);
}

/* Whether the name of P has the article that the matched word BASE lacks (الجديدة / جديدة،
 * الرميلة / رميلا): the final ه and ا count as one. */
static int article_dropped(const doc *d, const kh_place *p, const char *base, size_t bn)
{
    const char *k = kh_gaz_name_key(d->g, p->index);
    int r = 0;
    if (k && strlen(k) == bn + 4 && memcmp(k, AL, 4) == 0 && bn >= 2) {
        const char *n = k + 4;
        r = memcmp(n, base, bn - 2) == 0 &&
            (memcmp(n + bn - 2, base + bn - 2, 2) == 0 ||
             ((memcmp(n + bn - 2, "\xd9\x87", 2) == 0 || memcmp(n + bn - 2, "\xd8\xa7", 2) == 0) &&
              (memcmp(base + bn - 2, "\xd9\x87", 2) == 0 || memcmp(base + bn - 2, "\xd8\xa7", 2) == 0)));
    }
    return r;
}

/* Whether the name of P has the key KEY. */
static int name_is(const doc *d, const kh_place *p, const char *key, size_t kn)
{
    const char *k = kh_gaz_name_key(d->g, p->index);
    return k && strlen(k) == kn && memcmp(k, key, kn) == 0;
}

/* An adjective after a definite noun (الأيام المقبلة، التلال المشرفة) rather than a small
 * place of that name: one word with the article, after a definite word that is no cue, and
 * ending like an adjective (ي، ية). */
static int adjective_reading(const doc *d, const pm *m, const kh_place *p, int clitic)
{
    if (m->w1 != m->w0 + 1 || clitics[clitic].prefix[0] || m->cue != CUE_NONE || m->w0 == 0 ||
        !d->join[m->w0 - 1])
        return 0;
    if (!(p->kind == KH_KIND_VILLAGE || p->kind == KH_KIND_NEIGHBOURHOOD ||
          p->kind == KH_KIND_LANDMARK) || p->importance >= 20000)
        return 0;
    size_t n, pn;
    const char *s = wtext(d, m->w0, &n);
    const char *ps = wtext(d, m->w0 - 1, &pn);
    if (n < 8 || memcmp(s, AL, 4) != 0 || pn < 6 || memcmp(ps, AL, 4) != 0)
        return 0;
    return memcmp(s + n - 2, "\xd9\x87", 2) == 0 || memcmp(s + n - 2, "\xd9\x8a", 2) == 0;
}

/* Countries the document names, as places (العراق) or by their adjective (العراقية،
 * التركي، اللبنانيين). */
typedef struct countries {
    char code[32][4];
    size_t n;
} countries;

static void add_country(countries *cs, const char *code)
{
    for (size_t i = 0; i < cs->n; i++)
        if (strcmp(cs->code[i], code) == 0)
            return;
    if (cs->n < 32 && strlen(code) < 4)
        strcpy(cs->code[cs->n++], code);
}

static int named(const countries *cs, const char *code)
{
    for (size_t i = 0; i < cs->n; i++)
        if (strcmp(cs->code[i], code) == 0)
            return 1;
    return 0;
}

/* A country whose key is KEY, if any, into CS. */
static void country_key(const doc *d, const char *key, size_t kn, countries *cs)
{
    const uint32_t *pl;
    size_t np = kh_gaz_find(d->g, key, kn, &pl);
    for (size_t k = 0; k < np; k++) {
        kh_place p;
        kh_gaz_place(d->g, pl[k], &p);
        if (p.kind == KH_KIND_COUNTRY)
            add_country(cs, p.country);
    }
}

/* Nationality adjectives: ال + stem + ي / يه / يين / يون -> the stem as a country
 * (العراق، تركيا، لبنان، ايران). */
static void adjective_countries(const doc *d, countries *cs)
{
    static const char *const ends[] = { "\xd9\x8a\xd9\x8a\xd9\x86", "\xd9\x8a\xd9\x88\xd9\x86",
                                        "\xd9\x8a\xd9\x87", "\xd9\x8a" };   /* يين يون يه ي */
    static const char *const adds[] = { "", "\xd8\xa7", "\xd9\x8a\xd8\xa7", "\xd9\x87" };
    for (size_t i = 0; i < d->nw; i++) {
        char buf[256];
        FOR_CLITICS(d, i, c) {
            if (clitics[c].repl[0])
                continue;
            size_t bn = peel_word(d, i, c, buf);
            if (bn < 10 || memcmp(buf, AL, 4) != 0)
                continue;
            for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++) {
                size_t en = strlen(ends[e]);
                if (bn - 4 <= en + 4 || memcmp(buf + bn - en, ends[e], en) != 0)
                    continue;
                const char *stem = buf + 4;
                size_t sn = bn - 4 - en;
                char key[300];
                for (size_t a = 0; a < sizeof adds / sizeof adds[0]; a++) {
                    size_t an = strlen(adds[a]);
                    memcpy(key, stem, sn);
                    memcpy(key + sn, adds[a], an);
                    country_key(d, key, sn + an, cs);
                    memcpy(key, AL, 4);
                    memcpy(key + 4, stem, sn);
                    memcpy(key + 4 + sn, adds[a], an);
                    country_key(d, key, 4 + sn + an, cs);
                }
                break;
            }
        }
    }
}

/* Foreign places need evidence: a cue word (مدينة الموصل), or a name of four letters or
 * more and either their country named in the document or being a large city. Without it a
 * foreign village is a common word (المصدر، الجيب، وان). Drops mentions left with no
 * candidate. */
static int foreign_filter(doc *d)
{
    countries cs = { 0 };
    for (size_t i = 0; i < d->nm; i++) {
        kh_place p;
        kh_gaz_place(d->g, d->m[i].c[0], &p);
        if (p.kind == KH_KIND_COUNTRY)
            add_country(&cs, p.country);
    }
    adjective_countries(d, &cs);
    size_t out = 0;
    for (size_t i = 0; i < d->nm; i++) {
        pm *m = &d->m[i];
        size_t keep = 0;
        size_t surface_letters = kh_utf8_letters(d->f + m->start, m->end - m->start);
        /* "قرى الحويز والحويجة": the second name of a list under a cue word */
        size_t w0 = m->w0;
        if (!m->cue_inherited && w0 >= 2 && m->start > d->w[w0].start &&
            memcmp(d->f + d->w[w0].start, W, 2) == 0 && d->join[w0 - 1] && d->join[w0 - 2] &&
            cue_of(d, w0 - 2) != CUE_NONE)
            m->cue_inherited = 1;
        /* في غزة، بغزة، لغزة (not وغزة) */
        int after_preposition =
            (m->start >= d->w[w0].start + 2 &&
             (memcmp(d->f + m->start - 2, B, 2) == 0 || memcmp(d->f + m->start - 2, L, 2) == 0)) ||
            (m->start == d->w[w0].start && w0 > 0 && d->join[w0 - 1] &&
             wi(d, w0 - 1, &preposition));
        for (size_t k = 0; k < m->nc; k++) {
            kh_place p;
            kh_gaz_place(d->g, m->c[k], &p);
            /* a cue passed on along a list of Syrian villages (قرى الحويز والحويجة وقسطون) is
             * no evidence for a foreign namesake (الحويجة in Iraq) */
            int ok = is_sy(&p) || p.kind == KH_KIND_COUNTRY ||
                     (cue_fit(m->cue, p.kind) > 0 && (!m->cue_inherited || named(&cs, p.country))) ||
                     (surface_letters >= 4 &&
                      (named(&cs, p.country) || (p.importance >= 100000 && !m->cue_inherited))) ||
                     /* "وفي غزة، أعلنت وزارة الصحة": a short name of a large city after a
                      * preposition */
                     (surface_letters == 3 && p.importance >= 300000 && after_preposition);
            if (ok)
                m->c[keep++] = m->c[k];
        }
        m->nc = keep;
        if (keep)
            d->m[out++] = *m;
        else
            free(m->c);
    }
    d->nm = out;
    return 0;
}

/* A one-word name with the article and no cue (الصور، الحراك، التضامن) is often a common
 * word. A small Syrian place of that shape stays only when the document supports it: another
 * place of its governorate, its parent, or itself named with a cue elsewhere. */
static int needs_support(const doc *d, const pm *m, const kh_place *p)
{
    if (m->cue != CUE_NONE || m->rif || m->w1 != m->w0 + 1 || !is_sy(p))
        return 0;
    /* names that are everyday words whatever the size of the place: فتح الباب أمام */
    if (wi(d, m->w0, &common_name))
        return 1;
    if (p->importance >= 30000)
        return 0;
    if (p->kind != KH_KIND_VILLAGE && p->kind != KH_KIND_NEIGHBOURHOOD && p->kind != KH_KIND_TOWN)
        return 0;
    char buf[256];
    /* the article after any clitic: الصور، والصور، بالصور */
    FOR_CLITICS(d, m->w0, c) {
        size_t bn = peel_word(d, m->w0, c, buf);
        if (!bn || m->start != d->w[m->w0].start + clitics[c].skip)
            continue;
        if (bn > 4 && memcmp(buf, AL, 4) == 0)
            return 1;
        /* A small place reached only by peeling a glued ب or ل is as likely a noun that
         * starts with that letter: برميلان (two barrels) is not ب + رميلان. */
        const clitic *cl = &clitics[c];
        return cl->pn >= 2 && !cl->rn &&
               (memcmp(cl->prefix + cl->pn - 2, B, 2) == 0 || memcmp(cl->prefix + cl->pn - 2, L, 2) == 0);
    }
    return 0;
}

static void unsupported_common_words(doc *d)
{
    unsigned char *keep = malloc(d->nm ? d->nm : 1);
    if (!keep)
        return;     /* keep everything */
    for (size_t i = 0; i < d->nm; i++) {
        pm *m = &d->m[i];
        kh_place p;
        kh_gaz_place(d->g, m->c[m->chosen], &p);
        keep[i] = !needs_support(d, m, &p);
        for (size_t j = 0; j < d->nm && !keep[i]; j++) {
            if (j == i)
                continue;
            const pm *o = &d->m[j];
            kh_place op;
            uint32_t oi = o->c[o->chosen];
            kh_gaz_place(d->g, oi, &op);
            if (oi == m->c[m->chosen])
                keep[i] = o->cue != CUE_NONE;
            else if (op.kind != KH_KIND_COUNTRY && is_sy(&op) && p.admin1[0] &&
                     strcmp(op.admin1, p.admin1) == 0)
                keep[i] = 1;
            else if (p.parent >= 0 && oi == (uint32_t)p.parent)
                keep[i] = 1;
        }
    }
    size_t out = 0;
    for (size_t i = 0; i < d->nm; i++) {
        if (keep[i])
            d->m[out++] = d->m[i];
        else
            free(d->m[i].c);
    }
    d->nm = out;
    free(keep);
}

/* ---- the entry points ---- */

static void doc_free(doc *d)
{
    for (size_t i = 0; i < d->nm; i++)
        free(d->m[i].c);
    free(d->m);
    free(d->wsent);
    free(d->join);
    free(d->cm);
}

/* Cue context of a match at words [w0, w1): the cue word before it, ريف X, محافظة X. */
static void context_before(const doc *d, pm *m, int clitic)
{
    size_t w0 = m->w0;
    if (w0 == 0 || !d->join[w0 - 1])
        return;
    size_t p = w0 - 1;
    m->cue = cue_of(d, p);
    m->cue_dual = m->cue != CUE_NONE && wi(d, p, &cue_dual_words);
    if (m->cue == CUE_GOV) {
        m->cue_start = bare_start(d, p, &cue_gov);
        /* ريف محافظة درعا */
        if (p > 0 && d->join[p - 1] && wi(d, p - 1, &cue_rif)) {
            m->rif = 1;
            m->cue_start = bare_start(d, p - 1, &cue_rif);
        }
    } else if (m->cue == CUE_RIF) {
        m->rif = 1;
        m->cue_start = bare_start(d, p, &cue_rif);
    }
    /* والزعفرانة after بلدتي تلبيسة: the second of a pair takes the first's cue (a
     * governorate only after the dual محافظتي) */
    if (m->cue == CUE_NONE && clitics[clitic].prefix[0] &&
        memcmp(clitics[clitic].prefix, W, 2) == 0 && d->nm > 0 && d->m[d->nm - 1].w1 == w0) {
        const pm *prev = &d->m[d->nm - 1];
        if (prev->cue != CUE_GOV || prev->cue_dual) {
            m->cue = prev->cue;
            m->cue_start = m->start;
            m->cue_inherited = 1;
        }
    }
}

/* The places named "محافظة" + the name matched at M (حمص -> محافظة حمص). Returns how many;
 * *pl borrowed from the gazetteer. */
static size_t governorate_named(const doc *d, const pm *m, const hit *h, const char *base,
                                size_t bn, const uint32_t **pl)
{
    static const char gov[] = "\xd9\x85\xd8\xad\xd8\xa7\xd9\x81\xd8\xb8\xd9\x87 ";  /* محافظه */
    char key[1024], rest[900];
    size_t rn = make_key(d, base, bn, m->w0, h->n, rest, sizeof rest);
    if (!rn || sizeof gov - 1 + rn + 1 > sizeof key)
        return 0;
    memcpy(key, gov, sizeof gov - 1);
    memcpy(key + sizeof gov - 1, rest, rn + 1);
    return kh_gaz_find(d->g, key, sizeof gov - 1 + rn, pl);
}

/* After محافظة / محافظتي a bare city name (حلب) stands for its governorate (محافظة حلب).
 * Without the cue, note the governorate for governorate_by_context. */
static void governorate_of(const doc *d, pm *m, hit *h, const char *base, size_t bn)
{
    for (size_t k = 0; k < h->npl; k++) {
        kh_place p;
        kh_gaz_place(d->g, h->pl[k], &p);
        if (p.kind == KH_KIND_GOVERNORATE)
            return;
    }
    const uint32_t *pl;
    size_t np = governorate_named(d, m, h, base, bn, &pl);
    if (!np && m->cue == CUE_NONE && !m->rif) {
        /* a spelling of the city (ديرالزور) the governorate's name does not share */
        static const char gov[] = "\xd9\x85\xd8\xad\xd8\xa7\xd9\x81\xd8\xb8\xd9\x87 ";
        for (size_t k = 0; k < h->npl && !np; k++) {
            kh_place p;
            kh_gaz_place(d->g, h->pl[k], &p);
            if (p.kind != KH_KIND_CITY || !is_sy(&p))
                continue;
            char key[512];
            int kn = snprintf(key, sizeof key, "%s%s", gov, p.name_ar);
            if (kn <= 0 || (size_t)kn >= sizeof key)
                continue;
            char *fk = kh_fold(key, (size_t)kn, NULL);
            if (fk)
                np = kh_gaz_find(d->g, fk, strlen(fk), &pl);
            free(fk);
        }
    }
    if (!np)
        return;
    if (m->cue == CUE_GOV) {
        h->pl = pl;
        h->npl = np;
        return;
    }
    if (m->cue != CUE_NONE || m->rif)
        return;
    for (size_t k = 0; k < np; k++) {
        kh_place p;
        kh_gaz_place(d->g, pl[k], &p);
        if (p.kind == KH_KIND_GOVERNORATE && is_sy(&p)) {
            m->has_gov = 1;
            m->gov = pl[k];
            return;
        }
    }
}

/* Whether the words [a, b) only open a list (لا سيما بلدتي، ومنها قرى، خاصة في بلدات): at most
 * five words, each a list word or a cue word, at least one of them saying it is a list, and
 * no sentence punctuation between byte offsets from and to. */
static int list_opener(const doc *d, size_t a, size_t b, size_t from, size_t to)
{
    if (b < a || b - a > 5)
        return 0;
    for (size_t o = from; o < to; o++)
        if (d->f[o] == '.' || d->f[o] == '\n' || d->f[o] == ';' || d->f[o] == '?' ||
            d->f[o] == '!' || d->f[o] == '(' || d->f[o] == ')')
            return 0;
    int strong = 0;
    for (size_t i = a; i < b; i++) {
        int cue = cue_of(d, i);
        if (wi(d, i, &topic_strong) || cue == CUE_TOWN || cue == CUE_VILLAGE || cue == CUE_CITY)
            strong = 1;
        else if (!wi(d, i, &topic_markers) && cue != CUE_AREA && cue != CUE_RIF)
            return 0;
    }
    return strong;
}

/* A bare capital (حمص، إدلب، الرقة) names its governorate when the context says so:
 *  - a title of the province's officials before it: أمير الرقة، والي حلب، محافظ حمص، قائد
 *    شرطة حماة;
 *  - a list of the governorate's places after it: قصفت مناطق في إدلب، لا سيما بلدتي سراقب
 *    وبنش (towns, villages, other cities or regions of that governorate, not the city's own
 *    quarters or landmarks).
 * Runs after resolution: the list is judged by the places it resolved to. */
static void governorate_by_context(doc *d)
{
    for (size_t i = 0; i < d->nm; i++) {
        pm *m = &d->m[i];
        if (!m->has_gov || m->cue != CUE_NONE || m->rif || m->hidden)
            continue;
        kh_place city, gov;
        kh_gaz_place(d->g, m->c[m->chosen], &city);
        kh_gaz_place(d->g, m->gov, &gov);
        if (city.kind != KH_KIND_CITY || strcmp(city.admin1, gov.admin1) != 0)
            continue;
        int by_title = 0;
        size_t w0 = m->w0;
        if (w0 > 0 && d->join[w0 - 1]) {
            if (wi(d, w0 - 1, &gov_title))
                by_title = 1;
            else if (w0 > 1 && d->join[w0 - 2] && wi(d, w0 - 1, &gov_office) &&
                     wi(d, w0 - 2, &gov_office_head))
                by_title = 1;
        }
        int by_list = 0;
        if (!by_title && i + 1 < d->nm) {
            const pm *o = &d->m[i + 1];
            kh_place op;
            kh_gaz_place(d->g, o->c[o->chosen], &op);
            int kind_ok = op.kind == KH_KIND_TOWN || op.kind == KH_KIND_VILLAGE ||
                          op.kind == KH_KIND_CITY || op.kind == KH_KIND_CAMP ||
                          op.kind == KH_KIND_REGION || op.kind == KH_KIND_DISTRICT ||
                          op.kind == KH_KIND_SUBDISTRICT;
            /* a village at the city's edge is still the city's surroundings */
            int apart = op.kind == KH_KIND_REGION || op.kind == KH_KIND_DISTRICT ||
                        op.kind == KH_KIND_SUBDISTRICT ||
                        km(city.lat, city.lon, op.lat, op.lon) >= 5;
            if (o->sent == m->sent && kind_ok && apart && is_sy(&op) &&
                o->c[o->chosen] != m->c[m->chosen] && strcmp(op.admin1, gov.admin1) == 0 &&
                (op.parent < 0 || (uint32_t)op.parent != m->c[m->chosen]) &&
                list_opener(d, m->w1, o->w0, m->end, o->start))
                by_list = 1;
        }
        if (by_title || by_list)
            m->c[m->chosen] = m->gov;
    }
}

int ex_places(const kh_text *t, const kh_gazetteer *g, ex_mention **out, size_t *n, kh_error *err)
{
    doc d = { 0 };
    int rc = 0;
    *out = NULL;
    *n = 0;
    pthread_once(&lists_once, lists_init);
    if (!lists_ok)
        return kh_error_set(err, KH_E_NOMEM, "out of memory (word lists)");
    d.t = t;
    d.g = g;
    d.f = kh_text_folded(t, &d.flen);
    d.w = kh_text_words(t, &d.nw);
    size_t nsent;
    const kh_span *sents = kh_text_sentences(t, &nsent);
    if (d.nw == 0)
        return 0;
    d.wsent = malloc(d.nw * sizeof *d.wsent);
    d.join = calloc(d.nw, 1);
    d.cm = malloc(d.nw * sizeof *d.cm);
    if (!d.wsent || !d.join || !d.cm) {
        rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0, s = 0; i < d.nw; i++) {
        while (s < nsent && sents[s].end <= d.w[i].start)
            s++;
        d.wsent[i] = (int)s;
        size_t wn;
        const char *ws = wtext(&d, i, &wn);
        d.cm[i] = clitic_mask(ws, wn);
        if (i + 1 < d.nw)
            d.join[i] = blank_between(&d, d.w[i].end, d.w[i + 1].start) &&
                        d.w[i + 1].kind == KH_WORD_LETTERS &&
                        (size_t)(d.w[i + 1].start - d.w[i].end) <= 4;
    }

    for (size_t i = 0; i < d.nw;) {
        if (!is_arabic_word(&d, i)) {
            i++;
            continue;
        }
        pm m = { 0 };
        size_t used = coordinated_at(&d, i, &m);
        int clitic = 0;
        if (used) {
            context_before(&d, &m, 0);
        } else {
            hit h = longest_at(&d, i);
            if (!h.n && capital_at(&d, i, &m)) {
                m.sent = d.wsent[i];
                if (push(&d, &m) < 0) {
                    free(m.c);
                    rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
                    goto out;
                }
                i++;
                continue;
            }
            if (!h.n || (h.n == 1 && tanween_alef(&d, i))) {
                i++;
                continue;
            }
            /* أبو عمر، أم محمد: a kunya with a first name is a person unless a cue names a
             * place (قرية أبو عمر) */
            if (h.n == 2 && wi_exact(&d, i, &kunya) && wi_exact(&d, i + 1, &first_name) &&
                !(i > 0 && d.join[i - 1] && cue_of(&d, i - 1) != CUE_NONE)) {
                i += 2;
                continue;
            }
            m.w0 = i;
            m.w1 = i + h.n;
            m.start = d.w[i].start + h.skip;
            m.end = d.w[i + h.n - 1].end;
            clitic = h.clitic;
            /* filters on the words around the name */
            if (in_org_name(&d, m.w0, m.w1)) {
                i = m.w1;
                continue;
            }
            if (after_kunya(&d, m.w0, h.clitic)) {
                i = m.w1;
                continue;
            }
            if (m.w1 < d.nw && d.join[m.w1 - 1] && wi_exact(&d, m.w1, &protector_tail)) {
                i = m.w1 + 1;
                continue;
            }
            /* "في الثلاثين من الشهر", "العشرين من أيار": a day of a month */
            if (h.n == 1 && wi(&d, i, &ordinal_day) && i + 2 < d.nw && d.join[i] &&
                d.join[i + 1] && wi_exact(&d, i + 1, &of_word) &&
                (wi_exact(&d, i + 2, &month_bare) || ex_date_month_word(t, i + 2))) {
                i = m.w1;
                continue;
            }
            context_before(&d, &m, clitic);
            /* ودمر ثلاث عربات: a name that is also a verb is a place after a cue word, a
             * preposition or a glued ب / ل (منطقة دمر، في دمر، بدمر), not after و alone */
            if (h.n == 1 && m.cue == CUE_NONE && wi(&d, i, &verb_name) &&
                strcmp(clitics[clitic].prefix, B) != 0 && strcmp(clitics[clitic].prefix, L) != 0 &&
                strcmp(clitics[clitic].prefix, W B) != 0 &&
                !(i > 0 && d.join[i - 1] && wi(&d, i - 1, &preposition))) {
                i = m.w1;
                continue;
            }
            char base[256];
            size_t bn;
            bn = peel_word(&d, i, (size_t)clitic, base);
            governorate_of(&d, &m, &h, base, bn);
            m.c = malloc(h.npl * sizeof *m.c);
            if (!m.c) {
                rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
                goto out;
            }
            /* candidates that fit the surface and its neighbours */
            for (size_t k = 0; k < h.npl; k++) {
                kh_place p;
                kh_gaz_place(g, h.pl[k], &p);
                if (!fits(&d, &m, &p, clitic))
                    continue;
                /* الضفة الغربية لنهر الفرات: a river bank, not Palestine */
                if (p.kind == KH_KIND_REGION && strcmp(p.country, "SY") != 0 && m.w1 < d.nw &&
                    wi(&d, m.w1, &river_word))
                    continue;
                /* جديدة for الجديدة: names keep their article in running text, so a bare
                 * common word needs a cue (حي، قرية) to be that place */
                if (h.n == 1 && m.cue == CUE_NONE && article_dropped(&d, &p, base, bn))
                    continue;
                if (adjective_reading(&d, &m, &p, clitic))
                    continue;
                /* الصور is not صور (Tyre): a foreign name is written with its own article */
                if (h.n == 1 && strcmp(p.country, "SY") != 0 && p.kind != KH_KIND_COUNTRY &&
                    bn > 4 && memcmp(base, AL, 4) == 0 && name_is(&d, &p, base + 4, bn - 4))
                    continue;
                m.c[m.nc++] = h.pl[k];
            }
            if (!m.nc) {
                free(m.c);
                i = m.w1;
                continue;
            }
            /* الشمال السوري، شرق البلاد: a quarter of the whole country is too vague to map
             * (البادية السورية, the desert, is not a quarter) */
            int quarter = 0;
            for (size_t j = m.w0; j < m.w1; j++)
                quarter |= wi(&d, j, &quarter_word);
            for (size_t j = m.w0; j < m.w1 && quarter; j++) {
                kh_place p;
                kh_gaz_place(g, m.c[0], &p);
                if (p.kind == KH_KIND_REGION && wi(&d, j, &syria_word))
                    m.hidden = 1;
            }
            /* شمال سوريا، جنوبي لبنان: a vague direction; the country only gives context */
            if (m.w0 > 0 && d.join[m.w0 - 1] && wi_exact(&d, m.w0 - 1, &bare_direction)) {
                kh_place p;
                kh_gaz_place(g, m.c[0], &p);
                if (p.kind == KH_KIND_COUNTRY && m.nc == 1)
                    m.hidden = 1;
            }
            /* ريف حلب الشمالي والشرقي: one mention for the coordinated directions */
            if (m.w1 + 1 <= d.nw && m.w1 < d.nw && d.join[m.w1 - 1] &&
                wi_exact(&d, m.w1 - 1, &direction)) {
                size_t nn;
                const char *ns = wtext(&d, m.w1, &nn);
                if (nn > 2 && memcmp(ns, W, 2) == 0 && wl_has(&direction, ns + 2, nn - 2)) {
                    m.end = d.w[m.w1].end;
                    m.w1++;
                }
            }
        }
        m.sent = d.wsent[m.w0];
        if (push(&d, &m) < 0) {
            free(m.c);
            rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
            goto out;
        }
        i = m.w1;
    }

    if (foreign_filter(&d) < 0) {
        rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto out;
    }
    resolve(&d);
    unsupported_common_words(&d);
    governorate_by_context(&d);

    if (d.nm) {
        *out = calloc(d.nm, sizeof **out);
        if (!*out) {
            rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
            goto out;
        }
    }
    for (size_t i = 0; i < d.nm; i++) {
        pm *m = &d.m[i];
        if (m->hidden)
            continue;
        kh_place p;
        kh_gaz_place(g, m->c[m->chosen], &p);
        ex_mention *e = &(*out)[*n];
        e->start = m->start;
        e->end = m->end;
        /* محافظة إدلب, ريف درعا: the cue is part of the name of a governorate or countryside */
        if ((m->cue == CUE_GOV || m->rif) &&
            (p.kind == KH_KIND_GOVERNORATE || p.kind == KH_KIND_REGION) && m->cue_start < m->start)
            e->start = m->cue_start;
        e->place = m->c[m->chosen];
        e->kind = p.kind;
        e->foreign = !is_sy(&p);
        (*n)++;
    }
out:
    doc_free(&d);
    return rc;
}

static int is_locality(int kind)
{
    return kind == KH_KIND_CITY || kind == KH_KIND_TOWN || kind == KH_KIND_VILLAGE ||
           kind == KH_KIND_NEIGHBOURHOOD || kind == KH_KIND_CAMP || kind == KH_KIND_LANDMARK;
}

/* A mention's place and position, to group a document's mentions by place by sorting them
 * rather than comparing every pair (a document may name a million places). */
typedef struct focus_ref {
    uint32_t place;
    size_t i;
} focus_ref;

static int focus_ref_cmp(const void *pa, const void *pb)
{
    const focus_ref *a = pa, *b = pb;
    if (a->place != b->place)
        return a->place < b->place ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

int ex_focus(const ex_docinfo *d)
{
    int best = -1;
    size_t bestn = 0, n = d->nmentions;
    focus_ref *refs = n ? malloc(n * sizeof *refs) : NULL;
    if (!refs)
        return -1;
    for (size_t i = 0; i < n; i++)
        refs[i] = (focus_ref){ d->mentions[i].place, i };
    qsort(refs, n, sizeof *refs, focus_ref_cmp);
    /* pass 0: Syrian localities; pass 1: any Syrian place but the country. The most mentioned
     * place wins, at its first mention; a tie goes to the place mentioned first. */
    for (int pass = 0; pass < 2 && best < 0; pass++) {
        for (size_t g = 0, e; g < n; g = e) {
            for (e = g + 1; e < n && refs[e].place == refs[g].place; e++)
                ;
            size_t i = refs[g].i, cnt = e - g;
            const ex_mention *m = &d->mentions[i];
            if (m->foreign || m->kind == KH_KIND_COUNTRY || (pass == 0 && !is_locality(m->kind)))
                continue;
            if (cnt > bestn || (cnt == bestn && (int)i < best)) {
                best = (int)i;
                bestn = cnt;
            }
        }
    }
    free(refs);
    return best;
}
