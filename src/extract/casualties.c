/* Casualty figures: counts tied to killed / injured cues, with their group, place, date, running
 * totals and the parts of a stated total ("مقتل 30 عنصراً بينهم 4 قياديين"). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

/* ---- words ------------------------------------------------------------------------------- */

enum {
    K_KILLED = 1, K_INJURED = 2, K_TOLL = 3,   /* the kind, in the two low bits */
    K_MASK = 3,
    R_PRE = 1 << 2,         /* the count follows: مقتل 30, أصيب 5 */
    R_POST = 1 << 3,        /* a verb after the count and its noun: 14 شخصاً قتلوا */
    R_NOUN = 1 << 4,        /* the counted noun itself: 30 قتيلاً, 5 جرحى */
    R_FATE = 1 << 5,        /* لقي counts only with مصرعه / حتفهم after it */
    R_FATE_END = 1 << 6,    /* مصرعه, حتفهم */
    W_FILLER = 1 << 7,      /* may stand between a cue and its count: قتل أمس 5 */
    W_UNIT = 1 << 8,        /* after a number, makes it no count: ساعة, غارة, كم */
    W_NOCOUNT = 1 << 9,     /* before a number, makes it no count: منذ, عمره, الساعة */
    W_PART = 1 << 10,       /* بينهم, منهم */
    W_OUT_OF = 1 << 11,     /* من أصل */
    W_NEG = 1 << 12,        /* لم, دون */
    W_AGENT = 1 << 13,      /* قصف, برصاص, هجوم: the group after it did the killing */
    W_REACH = 1 << 14,      /* إلى, عن, بلغ: a toll reaching its count */
    W_RISE = 1 << 15,       /* ارتفعت, ارتفاع: a running total */
    W_SINCE = 1 << 16,      /* منذ */
    W_TOTAL = 1 << 17,      /* في المجموع, إجمالي */
    W_DURING = 1 << 18,     /* خلال */
    W_CAMPAIGN = 1 << 19,   /* خلال معارك X, خلال الأسبوع: a period, not one strike */
    W_CLAUSE = 1 << 20,     /* فيما, بينما, في حين: a new clause */
    W_COUNT_OF = 1 << 21,   /* عدد: "يرتفع إلى 211 عدد الذين قتلوا" names the toll after it */
    R_ACTIVE = 1 << 22,     /* قتلوا before a count of people: "قتلوا 25 عنصراً" */
    W_AT_LEAST = 1 << 23,   /* على الأقل, after the noun */
    W_BETWEEN = 1 << 24,    /* بين (قتيل وجريح) */
    W_OTHERS = 1 << 25,     /* آخرين */
    W_ABOUT = 1 << 26,      /* تقريباً, after the noun */
    W_ILLNESS = 1 << 27,    /* إصابة بفيروس كورونا: a disease, not a wound */
    R_SELF = 1 << 28,       /* مقتله, إصابتها: one person, named before */
    R_WEAK = 1 << 29,       /* خسر: a cue only before a count of people ("خسر 7 من عناصره") */
    W_PERIOD = 1 << 30,     /* خلال الأسبوع, خلال الأشهر: a running total */
};

typedef struct cue_row {
    const char *word;
    int tag;
} cue_row;

#define KP (K_KILLED | R_PRE)
#define KN (K_KILLED | R_NOUN)
#define KQ (K_KILLED | R_POST)
#define IP (K_INJURED | R_PRE)
#define IN (K_INJURED | R_NOUN)
#define IQ (K_INJURED | R_POST)

/* Rows may repeat a word: its tags are joined. */
static const cue_row cue_rows[] = {
    /* killed, the count after: قتل 5, مقتل 30, استشهاد 3, أودى بحياة 4, راح ضحيتها 12 */
    { "قتل", KP }, { "مقتل", KP }, { "يقتل", KP }, { "تقتل", KP }, { "قتلت", KP },
    { "استشهد", KP }, { "استشهدت", KP }, { "يستشهد", KP }, { "استشهاد", KP },
    { "ارتقاء", KP }, { "ارتقى", KP }, { "مصرع", KP }, { "هلاك", KP }, { "وفاة", KP },
    { "توفي", KP }, { "توفيت", KP }, { "إعدام", KP }, { "أعدم", KP }, { "أعدمت", KP },
    { "اغتيال", KP }, { "اغتيل", KP }, { "اغتال", KP }, { "اغتالت", KP }, { "تصفية", KP }, { "ذبح", KP }, { "بحياة", KP },
    { "أرواح", KP }, { "ضحيتها", KP }, { "ضحيته", KP }, { "ضحيتهم", KP }, { "ضحيتهما", KP },
    { "قضى", KP }, { "قضت على", KP }, { "أعدموا", KQ }, { "أعدمن", KQ }, { "لقي", KP | R_FATE }, { "خسر", KP | R_WEAK }, { "خسرت", KP | R_WEAK },
    { "يخسر", KP | R_WEAK }, { "خسارة", KP | R_WEAK }, { "لقيت", KP | R_FATE },
    { "لقوا", KP | KQ | R_FATE }, { "لقين", KP | KQ | R_FATE },
    /* killed, a verb after the count: 14 شخصاً قتلوا */
    { "قتلوا", KQ }, { "قتلن", KQ }, { "استشهدوا", KQ }, { "ماتوا", KQ }, { "توفوا", KQ },
    { "قضوا", KQ | KP }, { "هلكوا", KQ }, { "ارتقوا", KQ },
    /* the dead as the verb's object: "عدد من أعدمهم التنظيم … ارتفع إلى 3591" */
    /* only with على after them: kill_on_words ("قضت المحكمة بسجن 3" is no killing) */
    { "قضت", K_KILLED }, { "يقضي", K_KILLED }, { "تقضي", K_KILLED },
    { "أعدمهم", KQ }, { "أعدمتهم", KQ }, { "قتلهم", KQ }, { "قتلتهم", KQ }, { "اغتالهم", KQ },
    /* the dual: "اثنين من عناصر الجيش استشهدا" */
    { "استشهدا", KQ }, { "قتلا", KQ }, { "قضيا", KQ }, { "توفيا", KQ }, { "أصيبا", IQ },
    { "جرحا", IQ },
    { "قتلوا", R_ACTIVE }, { "قتلن", R_ACTIVE }, { "أعدموا", R_ACTIVE },
    /* one person told before: "أطلقوا النار عليه ما أدى إلى مقتله", "ما أدى إلى إصابته" */
    { "مقتله", K_KILLED | R_SELF }, { "مقتلها", K_KILLED | R_SELF },
    { "استشهاده", K_KILLED | R_SELF }, { "استشهادها", K_KILLED | R_SELF },
    { "وفاته", K_KILLED | R_SELF }, { "وفاتها", K_KILLED | R_SELF },
    { "إصابته", K_INJURED | R_SELF }, { "إصابتها", K_INJURED | R_SELF },
    { "مصرعه", R_FATE_END }, { "مصرعها", R_FATE_END }, { "مصرعهم", R_FATE_END },
    { "مصرعهما", R_FATE_END }, { "مصرعهن", R_FATE_END }, { "حتفه", R_FATE_END },
    { "حتفها", R_FATE_END }, { "حتفهم", R_FATE_END }, { "حتفهما", R_FATE_END },
    { "حتفهن", R_FATE_END },
    /* killed, the noun counted */
    { "قتيل", KN }, { "قتيلا", KN }, { "قتلى", KN }, { "قتيلان", KN }, { "قتيلين", KN },
    { "شهيد", KN }, { "شهيدا", KN }, { "شهداء", KN }, { "شهيدة", KN }, { "شهيدان", KN },
    { "شهيدين", KN }, { "ضحية", KN }, { "ضحايا", KN }, { "ضحيتان", KN }, { "ضحيتين", KN },
    { "جثة", KN }, { "جثث", KN }, { "جثتين", KN }, { "جثتان", KN }, { "جثمان", KN },
    { "جثامين", KN }, { "جثتي", KN }, { "جثماني", KN }, { "وفيات", KN }, { "حالات وفاة", KN }, { "حالة وفاة", KN },
    /* injured */
    { "أصيب", IP }, { "أصيبت", IP }, { "يصاب", IP }, { "إصابة", IP | IN }, { "جرح", IP },
    { "جرحت", IP }, { "يجرح", IP }, { "أصيبوا", IQ }, { "جرحوا", IQ }, { "أصبن", IQ },
    { "جريح", IN }, { "جريحا", IN }, { "جرحى", IN }, { "جريحان", IN }, { "جريحين", IN },
    { "مصاب", IN }, { "مصابا", IN }, { "مصابين", IN }, { "مصابون", IN }, { "مصابان", IN },
    { "إصابات", IN }, { "إصابتين", IN },
    { "حصيلة", K_TOLL }, { "الحصيلة", K_TOLL },
    /* between a cue and its count */
    { "أمس", W_FILLER }, { "اليوم", W_FILLER }, { "يوم", W_FILLER }, { "الأحد", W_FILLER },
    { "الاثنين", W_FILLER }, { "الإثنين", W_FILLER }, { "الثلاثاء", W_FILLER },
    { "الأربعاء", W_FILLER }, { "الخميس", W_FILLER }, { "الجمعة", W_FILLER },
    { "السبت", W_FILLER }, { "صباح", W_FILLER }, { "مساء", W_FILLER }, { "فجر", W_FILLER },
    { "ليل", W_FILLER }, { "ظهر", W_FILLER }, { "الأول", W_FILLER }, { "الماضي", W_FILLER },
    { "الماضية", W_FILLER }, { "الليلة", W_FILLER }, { "أيضا", W_FILLER },
    { "كذلك", W_FILLER },
    /* what a number before them counts is not people */
    { "ساعة", W_UNIT }, { "ساعات", W_UNIT }, { "دقيقة", W_UNIT }, { "دقائق", W_UNIT },
    { "يوم", W_UNIT }, { "يوما", W_UNIT }, { "أيام", W_UNIT }, { "يومين", W_UNIT },
    { "أسبوع", W_UNIT }, { "أسابيع", W_UNIT }, { "شهر", W_UNIT }, { "أشهر", W_UNIT },
    { "شهور", W_UNIT }, { "سنة", W_UNIT }, { "سنوات", W_UNIT }, { "سنين", W_UNIT },
    { "عام", W_UNIT }, { "أعوام", W_UNIT }, { "عاما", W_UNIT }, { "كم", W_UNIT },
    { "كيلومتر", W_UNIT }, { "كيلومترات", W_UNIT }, { "كيلو", W_UNIT }, { "متر", W_UNIT },
    { "مترا", W_UNIT }, { "أمتار", W_UNIT }, { "ميل", W_UNIT }, { "غارة", W_UNIT | W_AGENT },
    { "غارات", W_UNIT | W_AGENT }, { "غارتين", W_UNIT | W_AGENT }, { "ضربة", W_UNIT },
    { "ضربات", W_UNIT }, { "قذيفة", W_UNIT }, { "قذائف", W_UNIT }, { "قذيفتين", W_UNIT },
    { "صاروخ", W_UNIT }, { "صواريخ", W_UNIT }, { "صاروخين", W_UNIT }, { "برميل", W_UNIT },
    { "براميل", W_UNIT }, { "حافلة", W_UNIT }, { "حافلات", W_UNIT }, { "سيارة", W_UNIT },
    { "سيارات", W_UNIT }, { "آلية", W_UNIT }, { "آليات", W_UNIT }, { "دبابة", W_UNIT },
    { "دبابات", W_UNIT }, { "طائرة", W_UNIT }, { "طائرات", W_UNIT | W_AGENT },
    { "مروحية", W_UNIT }, { "مروحيات", W_UNIT }, { "منزل", W_UNIT }, { "منازل", W_UNIT },
    { "مبنى", W_UNIT }, { "مباني", W_UNIT }, { "قرية", W_UNIT }, { "قرى", W_UNIT },
    { "بلدة", W_UNIT }, { "بلدات", W_UNIT }, { "مدينة", W_UNIT }, { "مدن", W_UNIT },
    { "حي", W_UNIT }, { "أحياء", W_UNIT }, { "موقع", W_UNIT }, { "مواقع", W_UNIT },
    { "نقطة", W_UNIT }, { "نقاط", W_UNIT }, { "حاجز", W_UNIT }, { "حواجز", W_UNIT },
    { "مستشفى", W_UNIT }, { "مشفى", W_UNIT }, { "مشاف", W_UNIT }, { "مستشفيات", W_UNIT },
    { "مدرسة", W_UNIT }, { "مدارس", W_UNIT }, { "مسجد", W_UNIT }, { "مساجد", W_UNIT },
    { "دولار", W_UNIT }, { "دولارا", W_UNIT }, { "ليرة", W_UNIT }, { "يورو", W_UNIT },
    { "طن", W_UNIT }, { "بالمئة", W_UNIT }, { "بالمائة", W_UNIT }, { "في المئة", W_UNIT },
    { "في المائة", W_UNIT }, { "مرة", W_UNIT }, { "مرات", W_UNIT }, { "عبوة", W_UNIT },
    { "عبوات", W_UNIT }, { "عبوتين", W_UNIT }, { "لغم", W_UNIT }, { "ألغام", W_UNIT },
    { "طلعة", W_UNIT }, { "طلعات", W_UNIT }, { "قافلة", W_UNIT }, { "شاحنة", W_UNIT },
    { "شاحنات", W_UNIT }, { "فصيل", W_UNIT }, { "فصائل", W_UNIT }, { "كتيبة", W_UNIT },
    { "عملية", W_UNIT }, { "عمليات", W_UNIT }, { "هجوم", W_UNIT | W_AGENT },
    { "هجمات", W_UNIT | W_AGENT }, { "محاور", W_UNIT }, { "جبهات", W_UNIT }, { "تلال", W_UNIT },
    { "مخيم", W_UNIT }, { "مخيمات", W_UNIT }, { "عائلة", W_UNIT }, { "عائلات", W_UNIT },
    { "أسرة", W_UNIT }, { "أسر", W_UNIT }, { "درجة", W_UNIT }, { "ألف", W_UNIT },
    { "مليار", W_UNIT }, { "هكتار", W_UNIT }, { "دونم", W_UNIT }, { "طلقة", W_UNIT },
    { "مادة", W_UNIT }, { "بند", W_UNIT }, { "نقاط", W_UNIT }, { "معبر", W_UNIT },
    /* before a number, it is not a count of people */
    { "منذ", W_NOCOUNT | W_SINCE }, { "عمره", W_NOCOUNT }, { "عمرها", W_NOCOUNT },
    { "عمرهم", W_NOCOUNT }, { "بعمر", W_NOCOUNT }, { "العمر", W_NOCOUNT }, { "عمر", W_NOCOUNT },
    { "سن", W_NOCOUNT }, { "الساعة", W_NOCOUNT }, { "رقم", W_NOCOUNT }, { "المادة", W_NOCOUNT },
    { "القرار", W_NOCOUNT }, { "تي", W_NOCOUNT }, { "طراز", W_NOCOUNT }, { "العام", W_NOCOUNT },
    { "عامي", W_NOCOUNT }, { "نسبة", W_NOCOUNT }, { "بنسبة", W_NOCOUNT },
    { "الفرقة", W_NOCOUNT }, { "اللواء", W_NOCOUNT }, { "الفوج", W_NOCOUNT },
    { "الكتيبة", W_NOCOUNT }, { "الطريق", W_NOCOUNT }, { "الدقيقة", W_NOCOUNT },
    { "إم", W_NOCOUNT }, { "الجولة", W_NOCOUNT }, { "ولادة", W_NOCOUNT },
    { "مواليد", W_NOCOUNT },
    { "بينهم", W_PART }, { "بينهن", W_PART }, { "بينها", W_PART }, { "منهم", W_PART },
    { "منهن", W_PART }, { "من بينهم", W_PART }, { "من بينهن", W_PART }, { "ضمنهم", W_PART },
    { "من ضمنهم", W_PART }, { "بينهما", W_PART }, { "هم", W_PART }, { "وهم", W_PART },
    { "من أصل", W_OUT_OF }, { "من مجموع", W_OUT_OF },
    { "لم", W_NEG }, { "دون", W_NEG }, { "بدون", W_NEG }, { "عدم", W_NEG }, { "نفى", W_NEG },
    { "نفت", W_NEG }, { "ينفي", W_NEG }, { "تنفي", W_NEG }, { "لا", W_NEG }, { "لن", W_NEG },
    { "قصف", W_AGENT }, { "قصفت", W_AGENT }, { "برصاص", W_AGENT }, { "رصاص", W_AGENT },
    { "بنيران", W_AGENT }, { "نيران", W_AGENT }, { "يد", W_AGENT }, { "شنه", W_AGENT },
    { "شنها", W_AGENT }, { "شنتها", W_AGENT }, { "شنته", W_AGENT }, { "استهداف", W_AGENT },
    { "استهدف", W_AGENT }, { "استهدفت", W_AGENT }, { "ضد", W_AGENT },
    { "جانب", W_AGENT }, { "طيران", W_AGENT }, { "مدفعية", W_AGENT }, { "قبل", W_AGENT },
    { "نفذه", W_AGENT }, { "نفذها", W_AGENT }, { "نفذتها", W_AGENT }, { "سيطرة", W_AGENT },
    { "مناطق", W_AGENT }, { "حواجز", W_AGENT }, { "أطلقها", W_AGENT },
    { "إلى", W_REACH }, { "الى", W_REACH }, { "عن", W_REACH }, { "بلغ", W_REACH | W_RISE },
    { "بلغت", W_REACH | W_RISE }, { "ليبلغ", W_REACH | W_RISE }, { "لتبلغ", W_REACH | W_RISE },
    { "يبلغ", W_REACH }, { "تبلغ", W_REACH }, { "وصل", W_REACH | W_RISE },
    { "وصلت", W_REACH | W_RISE }, { "ليصل", W_REACH | W_RISE }, { "لتصل", W_REACH | W_RISE },
    { "ارتفع", W_RISE }, { "ارتفعت", W_RISE }, { "ارتفاع", W_RISE }, { "يرتفع", W_RISE },
    { "ترتفع", W_RISE }, { "ليرتفع", W_RISE }, { "لترتفع", W_RISE }, { "تجاوز", W_RISE },
    { "تجاوزت", W_RISE },
    { "في المجموع", W_TOTAL }, { "إجمالي", W_TOTAL }, { "الإجمالية", W_TOTAL },
    { "مجموعه", W_TOTAL }, { "ما مجموعه", W_TOTAL },
    { "الإجمالي", W_TOTAL }, { "مجموع", W_TOTAL }, { "المجمل", W_TOTAL },
    { "خلال", W_DURING }, { "عدد", W_COUNT_OF }, { "أعداد", W_COUNT_OF },
    /* "خلال معارك خان طومان" is a campaign; "خلال المعارك" the fight just told */
    { "معارك", W_CAMPAIGN }, { "معركة", W_CAMPAIGN }, { "حملة", W_CAMPAIGN },
    { "اشتباكات", W_CAMPAIGN }, { "مواجهات", W_CAMPAIGN }, { "الأسبوع", W_PERIOD },
    { "الأيام", W_PERIOD }, { "الأشهر", W_PERIOD }, { "الأسابيع", W_PERIOD },
    { "سنوات", W_PERIOD }, { "السنوات", W_PERIOD }, { "أشهر", W_PERIOD },
    { "شهور", W_PERIOD }, { "الحرب", W_PERIOD }, { "الحصار", W_PERIOD },
    { "شهر", W_PERIOD }, { "الشهر", W_PERIOD }, { "العام", W_PERIOD },
    { "الحملة", W_PERIOD },
    { "فيما", W_CLAUSE }, { "بينما", W_CLAUSE }, { "في حين", W_CLAUSE },
    { "مع", W_AGENT },
    { "على الأقل", W_AT_LEAST }, { "بين", W_BETWEEN }, { "ما بين", W_BETWEEN },
    { "آخرين", W_OTHERS }, { "آخرون", W_OTHERS }, { "تقريبا", W_ABOUT },
    { "فيروس", W_ILLNESS }, { "بفيروس", W_ILLNESS }, { "كورونا", W_ILLNESS },
    { "كوفيد", W_ILLNESS }, { "الكوليرا", W_ILLNESS }, { "اللشمانيا", W_ILLNESS },
    { "الليشمانيا", W_ILLNESS }, { "الحصبة", W_ILLNESS }, { "شلل", W_ILLNESS },
    { "السرطان", W_ILLNESS }, { "مرض", W_ILLNESS }, { "بمرض", W_ILLNESS },
    { "التهاب", W_ILLNESS }, { "الإيدز", W_ILLNESS }, { "الكبد", W_ILLNESS },
};

/* Words before a place name that say how it names the place of a figure. */
enum {
    P_DIRECTION = 1,        /* جنوب حلب, طريق دير الزور: a reference point */
    P_RIF = 2,              /* ريف درعا: the countryside around it */
    P_LOC = 4,              /* في, على, مدينة: where something is */
    P_BORDER = 8,           /* الحدود مع تركيا: the country is not where it happened */
    P_TO = 16,              /* إلى, نحو: towards a place */
    P_MOTION = 32,          /* نقل, أسعف, نزح: people taken or going somewhere */
    P_SIDE = 64,            /* موالين لإيران, المدعومة من تركيا: whose side, not where */
    P_REPORTER = 128,       /* مراسل سانا في حمص: where the reporter is */
};

static const kh_wordtab_entry place_words[] = {
    { "جنوب", P_DIRECTION }, { "شمال", P_DIRECTION }, { "شرق", P_DIRECTION },
    { "غرب", P_DIRECTION }, { "جنوبي", P_DIRECTION }, { "شمالي", P_DIRECTION },
    { "شرقي", P_DIRECTION }, { "غربي", P_DIRECTION }, { "طريق", P_DIRECTION },
    { "أوتوستراد", P_DIRECTION }, { "الطريق", P_DIRECTION },
    { "مع", P_BORDER }, { "حدود", P_BORDER }, { "الحدود", P_BORDER },
    { "ريف", P_RIF }, { "ريفي", P_RIF }, { "أرياف", P_RIF },
    { "في", P_LOC }, { "على", P_LOC }, { "قرب", P_LOC }, { "من", P_LOC },
    { "إلى", P_LOC | P_TO }, { "الى", P_LOC | P_TO }, { "نحو", P_TO }, { "باتجاه", P_TO },
    { "نقل", P_MOTION }, { "نقلوا", P_MOTION }, { "نقلت", P_MOTION }, { "ونقلوا", P_MOTION },
    { "أسعف", P_MOTION }, { "أسعفوا", P_MOTION }, { "أسعفت", P_MOTION }, { "إسعاف", P_MOTION },
    { "إسعافه", P_MOTION }, { "إسعافهم", P_MOTION }, { "نزح", P_MOTION }, { "نزحوا", P_MOTION },
    { "نزوح", P_MOTION }, { "فر", P_MOTION }, { "فروا", P_MOTION }, { "هرب", P_MOTION },
    { "لجأ", P_MOTION }, { "لجأوا", P_MOTION }, { "توجه", P_MOTION }, { "إجلاء", P_MOTION },
    { "أجلي", P_MOTION }, { "تهجير", P_MOTION }, { "ترحيل", P_MOTION }, { "خروج", P_MOTION },
    { "نقلهم", P_MOTION }, { "نقله", P_MOTION }, { "تحويل", P_MOTION }, { "حولوا", P_MOTION },
    /* a road named by where it leads: "قرب الطريق الواصل إلى البوكمال" */
    { "الواصل", P_MOTION }, { "الواصلة", P_MOTION }, { "المؤدي", P_MOTION },
    { "المؤدية", P_MOTION }, { "الذاهب", P_MOTION },
    { "عن", P_LOC }, { "داخل", P_LOC }, { "حول", P_LOC }, { "وسط", P_LOC }, { "مدينة", P_LOC },
    { "بلدة", P_LOC }, { "قرية", P_LOC }, { "حي", P_LOC }, { "حيي", P_LOC }, { "مخيم", P_LOC },
    { "منطقة", P_LOC }, { "ناحية", P_LOC }, { "محافظة", P_LOC }, { "بلدتي", P_LOC },
    { "قريتي", P_LOC }, { "مدينتي", P_LOC }, { "أحياء", P_LOC }, { "مدن", P_LOC },
    { "بلدات", P_LOC }, { "قرى", P_LOC }, { "سوق", P_LOC }, { "مطار", P_LOC },
    { "موالين", P_SIDE }, { "موالون", P_SIDE }, { "موالية", P_SIDE }, { "موال", P_SIDE },
    { "موالي", P_SIDE }, { "الموالين", P_SIDE }, { "الموالية", P_SIDE }, { "الموالي", P_SIDE },
    { "مدعومة", P_SIDE }, { "مدعومين", P_SIDE }, { "المدعومة", P_SIDE }, { "المدعوم", P_SIDE },
    { "مدعوم", P_SIDE }, { "المدعومين", P_SIDE },
    { "مراسل", P_REPORTER }, { "مراسلة", P_REPORTER }, { "مراسلو", P_REPORTER },
    { "مراسلي", P_REPORTER }, { "مراسلنا", P_REPORTER }, { "مراسلتنا", P_REPORTER },
};

/* Who the dead or wounded were. Longest phrase wins (الجيش السوري الحر before الجيش السوري). */
static const char *const group_labels[] = {
    NULL, "civilians", "regime forces", "pro-regime militias", "Hezbollah", "Iranian forces",
    "Russian forces", "Turkish forces", "ISIS", "opposition", "SDF", "Kurdish forces", "HTS",
    "Nusra", "militants", "US forces", NULL,
};
/* G_SOLDIER: جنود, ضابط: the regime's, unless a nationality follows (جنديان تركيان). The label
 * is a string of its own, so that a guess is told from a side the text names (syrian_side). */
static const char soldier_label[] = "regime forces";
enum { G_CIV = 1, G_REGIME, G_MILITIA, G_HEZBOLLAH, G_IRAN, G_RUSSIA, G_TURKEY, G_ISIS, G_OPP,
       G_SDF, G_KURD, G_HTS, G_NUSRA, G_MILITANTS, G_US, G_SOLDIER };

static const kh_wordtab_entry group_words[] = {
    { "مدني", G_CIV }, { "مدنيا", G_CIV }, { "مدنيين", G_CIV }, { "مدنيون", G_CIV },
    { "مدنيان", G_CIV }, { "مدنية", G_CIV }, { "مدنيات", G_CIV }, { "مواطن", G_CIV },
    { "مواطنا", G_CIV }, { "مواطنين", G_CIV }, { "مواطنون", G_CIV }, { "مواطنة", G_CIV },
    { "طفل", G_CIV }, { "طفلا", G_CIV }, { "أطفال", G_CIV }, { "طفلة", G_CIV },
    { "طفلين", G_CIV }, { "طفلان", G_CIV }, { "طفلتين", G_CIV }, { "نساء", G_CIV },
    { "امرأة", G_CIV }, { "امرأتين", G_CIV }, { "سيدة", G_CIV }, { "سيدات", G_CIV },
    { "عائلة", G_CIV }, { "أسرة", G_CIV }, { "الدفاع المدني", G_CIV }, { "مسعف", G_CIV },
    { "مسعفين", G_CIV }, { "متطوعين", G_CIV }, { "نازحين", G_CIV }, { "النازحين", G_CIV },
    { "الخوذ البيضاء", G_CIV }, { "صحفي", G_CIV }, { "صحفيين", G_CIV }, { "إعلامي", G_CIV },
    { "طبيب", G_CIV }, { "الطبيب", G_CIV }, { "ممرض", G_CIV }, { "عمال", G_CIV },
    { "أطباء", G_CIV }, { "ممرضين", G_CIV }, { "طلاب", G_CIV }, { "تلاميذ", G_CIV },
    { "شبان", G_CIV }, { "مسنين", G_CIV }, { "رضع", G_CIV }, { "رضيع", G_CIV },
    { "قوات النظام", G_REGIME }, { "قوات الأسد", G_REGIME }, { "جيش النظام", G_REGIME },
    { "الجيش السوري", G_REGIME }, { "الجيش العربي السوري", G_REGIME },
    { "عناصر النظام", G_REGIME }, { "جنود النظام", G_REGIME }, { "القوات الحكومية", G_REGIME },
    { "قوات الحكومة", G_REGIME }, { "القوات السورية", G_REGIME }, { "قوات الجيش", G_REGIME },
    { "جنود", G_SOLDIER }, { "جندي", G_SOLDIER }, { "جنديا", G_SOLDIER },
    { "جنديين", G_SOLDIER }, { "جنديان", G_SOLDIER }, { "ضباط", G_SOLDIER },
    { "ضابط", G_SOLDIER }, { "ضابطا", G_SOLDIER }, { "ضابطين", G_SOLDIER },
    { "عسكريين", G_SOLDIER }, { "عسكريا", G_SOLDIER }, { "عسكري", G_SOLDIER },
    { "عسكريان", G_SOLDIER }, { "عسكريون", G_SOLDIER }, { "الحرس الجمهوري", G_REGIME }, { "الفرقة الرابعة", G_REGIME },
    { "قوات النمر", G_REGIME }, { "النظام", G_REGIME }, { "الفيلق الخامس", G_REGIME },
    { "الدفاع الوطني", G_MILITIA }, { "ميليشيات", G_MILITIA }, { "مليشيات", G_MILITIA },
    { "ميليشيا", G_MILITIA }, { "مليشيا", G_MILITIA }, { "القوات الموالية", G_MILITIA },
    { "قوات موالية", G_MILITIA }, { "لواء القدس", G_MILITIA }, { "فاطميون", G_MILITIA },
    { "زينبيون", G_MILITIA }, { "القوات الرديفة", G_MILITIA }, { "قوات رديفة", G_MILITIA },
    { "حزب الله", G_HEZBOLLAH }, { "حزب الله اللبناني", G_HEZBOLLAH },
    { "الحرس الثوري", G_IRAN }, { "الحرس الثوري الإيراني", G_IRAN },
    { "القوات الإيرانية", G_IRAN }, { "إيرانيين", G_IRAN }, { "إيرانيون", G_IRAN },
    { "القوات الروسية", G_RUSSIA }, { "روس", G_RUSSIA }, { "روسيين", G_RUSSIA },
    { "روسي", G_RUSSIA }, { "روسيا", G_RUSSIA }, { "روسيان", G_RUSSIA },
    { "إيراني", G_IRAN }, { "إيرانيا", G_IRAN }, { "إيرانيان", G_IRAN },
    { "تركيان", G_TURKEY }, { "أمريكي", G_US }, { "أمريكيا", G_US }, { "أمريكيان", G_US },
    { "أمريكيون", G_US }, { "أميركي", G_US }, { "أميركيان", G_US },
    { "الشرطة العسكرية الروسية", G_RUSSIA }, { "فاغنر", G_RUSSIA },
    { "الجيش التركي", G_TURKEY }, { "القوات التركية", G_TURKEY }, { "أتراك", G_TURKEY },
    { "تركيين", G_TURKEY }, { "تركيا", G_TURKEY }, { "تركي", G_TURKEY },
    { "تنظيم الدولة", G_ISIS }, { "تنظيم الدولة الإسلامية", G_ISIS }, { "داعش", G_ISIS },
    { "الدولة الإسلامية", G_ISIS }, { "التنظيم", G_ISIS }, { "تنظيم داعش", G_ISIS },
    { "فصائل المعارضة", G_OPP }, { "المعارضة", G_OPP }, { "الفصائل", G_OPP },
    { "الجيش الحر", G_OPP }, { "الجيش السوري الحر", G_OPP }, { "الجيش الوطني", G_OPP },
    { "الجيش الوطني السوري", G_OPP }, { "معارضين", G_OPP }, { "معارضا", G_OPP }, { "معارض", G_OPP },
    { "المعارض", G_OPP },
    { "المعارضين", G_OPP }, { "الثوار", G_OPP }, { "ثوار", G_OPP }, { "الفصائل المقاتلة", G_OPP },
    { "الفصائل المعارضة", G_OPP }, { "فصائل", G_OPP }, { "جيش الإسلام", G_OPP },
    { "أحرار الشام", G_OPP }, { "فيلق الرحمن", G_OPP }, { "الجبهة الوطنية للتحرير", G_OPP },
    { "فيلق الشام", G_OPP }, { "الكتائب", G_OPP }, { "الكتائب المسلحة", G_OPP },
    { "قسد", G_SDF }, { "قوات سوريا الديمقراطية", G_SDF }, { "قوات سوريا الديموقراطية", G_SDF },
    { "وحدات حماية الشعب", G_KURD }, { "الوحدات الكردية", G_KURD }, { "أكراد", G_KURD },
    { "المقاتلين الأكراد", G_KURD }, { "الأسايش", G_KURD }, { "وحدات حماية المرأة", G_KURD },
    { "هيئة تحرير الشام", G_HTS }, { "تحرير الشام", G_HTS }, { "الهيئة", G_HTS },
    { "جبهة النصرة", G_NUSRA }, { "النصرة", G_NUSRA }, { "جبهة فتح الشام", G_NUSRA },
    { "مسلحين", G_MILITANTS }, { "مسلحا", G_MILITANTS }, { "المسلحين", G_MILITANTS },
    { "إرهابيين", G_MILITANTS }, { "إرهابيا", G_MILITANTS }, { "الإرهابيين", G_MILITANTS },
    { "القوات الأمريكية", G_US }, { "القوات الأميركية", G_US }, { "أمريكيين", G_US },
    { "أميركيين", G_US },
};

/* Nouns of persons the number reader does not know, with the forms reporting uses: "4 مستشارين
 * روس", "3 خبراء", "وإصابة مرافقه" (a possessive singular is one person). */
static const kh_wordtab_entry person_words[] = {
    { "مستشار", KH_NOUN_ONE }, { "مستشارا", KH_NOUN_ONE }, { "مستشاره", KH_NOUN_ONE },
    { "مستشارين", KH_NOUN_TWO_OR_MANY }, { "مستشارون", KH_NOUN_MANY },
    { "مستشاري", KH_NOUN_TWO_OR_MANY }, { "مستشاريه", KH_NOUN_MANY },
    { "خبير", KH_NOUN_ONE }, { "خبيرا", KH_NOUN_ONE }, { "خبراء", KH_NOUN_MANY },
    { "مرافق", KH_NOUN_ONE }, { "مرافقا", KH_NOUN_ONE }, { "مرافقه", KH_NOUN_ONE },
    { "مرافقها", KH_NOUN_ONE }, { "مرافقين", KH_NOUN_TWO_OR_MANY },
    { "مرافقيه", KH_NOUN_MANY }, { "مرافقيها", KH_NOUN_MANY }, { "مرافقي", KH_NOUN_TWO_OR_MANY },
    { "حارس", KH_NOUN_ONE }, { "حارسا", KH_NOUN_ONE }, { "حارسه", KH_NOUN_ONE },
    { "حراس", KH_NOUN_MANY }, { "حراسه", KH_NOUN_MANY },
    { "مساعد", KH_NOUN_ONE }, { "مساعده", KH_NOUN_ONE }, { "مساعدين", KH_NOUN_TWO_OR_MANY },
    { "مرتزقة", KH_NOUN_MANY }, { "جنرال", KH_NOUN_ONE }, { "جنرالات", KH_NOUN_MANY },
    { "طيار", KH_NOUN_ONE }, { "طيارا", KH_NOUN_ONE }, { "طيارين", KH_NOUN_TWO_OR_MANY },
    { "مدرب", KH_NOUN_ONE }, { "مدربين", KH_NOUN_TWO_OR_MANY },
    { "منشق", KH_NOUN_ONE }, { "منشقين", KH_NOUN_TWO_OR_MANY },
    { "سجين", KH_NOUN_ONE }, { "سجناء", KH_NOUN_MANY }, { "رهينة", KH_NOUN_ONE },
    { "رهائن", KH_NOUN_MANY }, { "تاجر", KH_NOUN_ONE }, { "تجار", KH_NOUN_MANY },
    { "مهرب", KH_NOUN_ONE }, { "مهربين", KH_NOUN_TWO_OR_MANY },
    { "صياد", KH_NOUN_ONE }, { "صيادين", KH_NOUN_TWO_OR_MANY },
    { "زميل", KH_NOUN_ONE }, { "زميله", KH_NOUN_ONE }, { "زملاء", KH_NOUN_MANY },
    { "صديق", KH_NOUN_ONE }, { "صديقه", KH_NOUN_ONE }, { "جار", KH_NOUN_ONE },
    { "جاره", KH_NOUN_ONE }, { "راعي", KH_NOUN_ONE }, { "راعيا", KH_NOUN_ONE },
    { "رفيق", KH_NOUN_ONE }, { "رفيقه", KH_NOUN_ONE }, { "رفاق", KH_NOUN_MANY },
    { "رفاقه", KH_NOUN_MANY }, { "رفاقي", KH_NOUN_MANY }, { "رفاقهم", KH_NOUN_MANY }, { "الفريق", KH_NOUN_ONE },   /* the rank: مقتل الفريق فلان */
};

/* Verbs whose subject (the killer) comes between them and the dead: "أعدم مسلحون مجهولون شاباً",
 * "اغتال مجهولون القيادي", "كما أعدم التنظيم يوم السبت رجلاً". */
static const kh_wordtab_entry killer_words[] = {
    { "أعدم", 1 }, { "أعدمت", 1 }, { "اغتال", 1 }, { "اغتالت", 1 }, { "قتل", 1 },
    { "قتلت", 1 }, { "ذبح", 1 }, { "ذبحت", 1 }, { "يعدم", 1 }, { "تعدم", 1 },
};

/* Verbs told of one person named before them: "أن جندياً تركياً قتل", "طفل أصيب". */
static const kh_wordtab_entry subject_verb_words[] = {
    { "قتل", 1 }, { "قتلت", 1 }, { "استشهد", 1 }, { "استشهدت", 1 }, { "أصيب", 1 },
    { "أصيبت", 1 }, { "جرح", 1 }, { "جرحت", 1 }, { "توفي", 1 }, { "توفيت", 1 }, { "قضى", 1 },
    { "قضت", 1 },
};

/* A place named again by its cue word: 1 a city, 2 a town or village, 3 a camp, 4 a quarter. */
static const kh_wordtab_entry anaphor_words[] = {
    { "المدينة", 1 }, { "البلدة", 2 }, { "القرية", 2 }, { "المخيم", 3 }, { "الحي", 4 },
};

/* Words that open a clause telling another event: "كما انفجرت دراجة مفخخة في الراعي". */
static const kh_wordtab_entry new_event_words[] = {
    { "كما", 1 },
};

/* The word that opens what someone said: "قال مسؤول … إن 11 مدنياً قتلوا". */
static const kh_wordtab_entry that_words[] = {
    { "إن", 1 }, { "أن", 1 }, { "بأن", 1 },
};

/* "إلى جانب 38 مدنياً", "إضافة إلى ثلاثة مدنيين", "فضلاً عن 5 جرحى". */
static const kh_wordtab_entry besides_words[] = {
    { "جانب", 1 }, { "إضافة", 1 }, { "بالإضافة", 1 }, { "فضلا", 1 },
};

/* "قضت وحدات من الجيش على 25 إرهابياً": the verb, the agent, then على and the dead. */
static const kh_wordtab_entry kill_on_words[] = {
    { "قضى", 1 }, { "قضت", 1 }, { "قضوا", 1 }, { "يقضي", 1 }, { "تقضي", 1 }, { "على", 2 },
};

/* A relative pronoun before a verb of the wounded or the dead: "برفقة والدهم، الذي أصيب". */
static const kh_wordtab_entry relative_words[] = {
    { "الذي", 1 }, { "التي", 1 },
};

/* One more, like آخر: "لقي شابان مصرعهما وأصيب ثالث". */
static const kh_wordtab_entry one_more_words[] = {
    { "آخر", 1 }, { "ثالث", 1 }, { "رابع", 1 }, { "خامس", 1 }, { "سادس", 1 },
};

static kh_wordtab *tab_cue, *tab_group, *tab_place, *tab_person, *tab_killer, *tab_kill_on,
    *tab_relative, *tab_one_more, *tab_subject_verb, *tab_besides, *tab_that,
    *tab_new_event, *tab_anaphor;
static pthread_once_t tabs_once = PTHREAD_ONCE_INIT;

/* Fold the cue rows and join the tags of rows that fold to the same word. */
static void tabs_init(void)
{
    size_t n = sizeof cue_rows / sizeof *cue_rows, m = 0;
    kh_wordtab_entry *e = calloc(n, sizeof *e);
    char **keys = calloc(n, sizeof *keys);
    if (!e || !keys)
        goto out;
    for (size_t i = 0; i < n; i++) {
        if (!cue_rows[i].tag)
            continue;
        char *k = kh_fold(cue_rows[i].word, strlen(cue_rows[i].word), NULL);
        if (!k)
            goto out;
        size_t j;
        for (j = 0; j < m && strcmp(keys[j], k) != 0; j++)
            ;
        if (j < m) {
            e[j].tag |= cue_rows[i].tag;
            free(k);
        } else {
            keys[m] = k;
            e[m++] = (kh_wordtab_entry){ k, cue_rows[i].tag };
        }
    }
    tab_cue = kh_wordtab_new(e, m, NULL);
    tab_group = kh_wordtab_new(KH_WORDTAB_OF(group_words));
    tab_place = kh_wordtab_new(KH_WORDTAB_OF(place_words));
    tab_person = kh_wordtab_new(KH_WORDTAB_OF(person_words));
    tab_killer = kh_wordtab_new(KH_WORDTAB_OF(killer_words));
    tab_kill_on = kh_wordtab_new(KH_WORDTAB_OF(kill_on_words));
    tab_relative = kh_wordtab_new(KH_WORDTAB_OF(relative_words));
    tab_one_more = kh_wordtab_new(KH_WORDTAB_OF(one_more_words));
    tab_subject_verb = kh_wordtab_new(KH_WORDTAB_OF(subject_verb_words));
    tab_besides = kh_wordtab_new(KH_WORDTAB_OF(besides_words));
    tab_that = kh_wordtab_new(KH_WORDTAB_OF(that_words));
    tab_new_event = kh_wordtab_new(KH_WORDTAB_OF(new_event_words));
    tab_anaphor = kh_wordtab_new(KH_WORDTAB_OF(anaphor_words));
out:
    for (size_t i = 0; keys && i < m; i++)
        free(keys[i]);
    free(keys);
    free(e);
}

/* ---- the document as tokens ------------------------------------------------------------- */

typedef struct tok {
    size_t start, end;      /* folded offsets */
    int digits;
    int tag, taglen;        /* cue-table phrase starting here and its length in words */
    int conj;               /* the phrase matched only without a leading و / ف */
    int ptag;               /* P_* of the word, before a place name; -1 until asked: read it
                             * with ptag_of (only words near a mention are asked about) */
    int clause, sent;
    int fig;                /* figure whose count covers this word, or -1 */
} tok;

typedef struct fig {
    int kind;               /* K_KILLED or K_INJURED */
    long value;             /* -1: a vague amount (عشرات, سقوط قتلى) */
    int qual;               /* kh_qualifier */
    size_t w0, w1;          /* words of the count, its noun included when it carries it */
    int clause, sent;
    const char *group;
    int cumulative;
    int part_of;            /* figure this is a part of, or -1 */
    int is_sum;             /* a total this extractor added up from coordinated parts */
    int coord;              /* 1 when it follows another figure after و */
    int mention;
    int dropped;
    int event;
    int anaphor;            /* "المقاتلون التسعة": people counted before, named again */
} fig;

typedef struct doc {
    const ex_docinfo *d;
    const kh_text *t;
    const char *f;
    tok *tk;
    size_t n;
    fig *fg;
    size_t nfg, capfg;
    size_t *clause_first;   /* first word of each clause */
    size_t nclauses;
    int *mtok;              /* first word of each mention */
    int *mdir;              /* the mention follows a direction or ريف word */
    int *mloc;              /* the mention follows في, على, مدينة … or a ب / ل proclitic */
    int *mdest;             /* where people were taken: "نقلوا إلى مستشفى المجتهد" */
    ex_dates *dates;
} doc;

static int kind_of(int tag)
{
    return tag & K_MASK;
}

static int same_clause(const doc *D, size_t a, size_t b)
{
    return a < D->n && b < D->n && D->tk[a].clause == D->tk[b].clause;
}

/* The P_* of word K, looked up the first time it is asked for. */
static int ptag_of(const doc *D, size_t k)
{
    tok *t = &D->tk[k];
    if (t->ptag < 0)
        t->ptag = kh_wordtab_word(tab_place, D->t, k, KH_STRIP_ALL, NULL);
    return t->ptag;
}

/* Whether word I is the bare conjunction و (as in "و40", which the splitter separates). */
static int is_bare_waw(const doc *D, size_t i)
{
    return i < D->n && D->tk[i].end - D->tk[i].start == 2 &&
           memcmp(D->f + D->tk[i].start, "\xd9\x88", 2) == 0;
}

static int starts_with_waw(const doc *D, size_t i)
{
    return i < D->n && D->tk[i].end - D->tk[i].start > 2 &&
           memcmp(D->f + D->tk[i].start, "\xd9\x88", 2) == 0;
}

/* The KH_NOUN_* of word K as a noun of persons: the number reader's nouns, then ours. */
static int person_noun(const doc *D, size_t k)
{
    int noun = kh_num_noun(D->t, k);
    return noun ? noun : kh_wordtab_word(tab_person, D->t, k, KH_STRIP_ALL, NULL);
}

/* Whether word K can be the noun a count counts: "30 قتيلاً", "5 مدنيين", not "وإصابة". */
static int counted_noun(const doc *D, size_t k)
{
    if (k >= D->n)
        return 0;
    return ((D->tk[k].tag & R_NOUN) && !D->tk[k].conj) ||
           (!starts_with_waw(D, k) && person_noun(D, k));
}

/* Whether the word at K is "آخر" or an ordinal one more ("وجرح آخر", "وأصيب ثالث"), as
 * written: not الآخر, not وآخر. */
static int is_other_one(const doc *D, size_t k)
{
    return k < D->n && kh_wordtab_word(tab_one_more, D->t, k, 0, NULL) != 0;
}

/* Whether the word at K is exactly "من". */
static int is_min(const doc *D, size_t k)
{
    return k < D->n && D->tk[k].end - D->tk[k].start == 4 &&
           memcmp(D->f + D->tk[k].start, "\xd9\x85\xd9\x86", 4) == 0;
}

/* People counted from word K on: "5 مدنيين", "سبعة من عناصره", "أربعة من مقاتلي المعارضة". */
static int people_after(const doc *D, size_t k)
{
    return counted_noun(D, k) || (is_min(D, k) && k + 1 < D->n && counted_noun(D, k + 1));
}

/* A plural of people with a possessive pronoun: عناصره, مقاتليها, جنودهم. */
static int possessed_plural(const doc *D, size_t k)
{
    if (k >= D->n)
        return 0;
    int noun = person_noun(D, k);
    if (noun != KH_NOUN_MANY && noun != KH_NOUN_TWO_OR_MANY)
        return 0;
    const char *s = D->f + D->tk[k].start;
    size_t len = D->tk[k].end - D->tk[k].start;
    return (len > 6 && memcmp(s + len - 2, "\xd9\x87", 2) == 0) ||
           (len > 8 && (memcmp(s + len - 4, "\xd9\x87\xd8\xa7", 4) == 0 ||
                        memcmp(s + len - 4, "\xd9\x87\xd9\x85", 4) == 0));
}

/* Whether the word has the article (after any proclitic): الشهيد, والقتلى. */
static int has_article(const doc *D, size_t i)
{
    const char *s = D->f + D->tk[i].start;
    size_t len = D->tk[i].end - D->tk[i].start;
    if (len > 4 && (memcmp(s, "\xd9\x88", 2) == 0 || memcmp(s, "\xd9\x81", 2) == 0 ||
                    memcmp(s, "\xd8\xa8", 2) == 0))
        s += 2, len -= 2;
    return (len > 4 && memcmp(s, "\xd8\xa7\xd9\x84", 4) == 0) ||
           (len > 4 && memcmp(s, "\xd9\x84\xd9\x84", 4) == 0);
}

/* Punctuation between two words that ends a clause (not the separator of "1,200"). */
static int breaks(const char *f, size_t a, size_t b)
{
    if (b == a + 1 && (f[a] == ',' || f[a] == '.') && a > 0 && f[a - 1] >= '0' &&
        f[a - 1] <= '9' && f[b] >= '0' && f[b] <= '9')
        return 0;
    for (size_t k = a; k < b; k++) {
        char c = f[k];
        if (strchr(",;:.!?()[]{}|\n", c))
            return 1;
        if ((c == '-' || c == '/') && k > a && f[k - 1] == ' ' && k + 1 < b && f[k + 1] == ' ')
            return 1;
    }
    return 0;
}

static int tokenize(doc *D)
{
    size_t nw, ns;
    const kh_word *w = kh_text_words(D->t, &nw);
    const kh_span *s = kh_text_sentences(D->t, &ns);
    D->tk = calloc(nw ? nw : 1, sizeof *D->tk);
    D->clause_first = calloc(nw + 1, sizeof *D->clause_first);
    if (!D->tk || !D->clause_first)
        return -1;
    D->n = nw;
    size_t si = 0;
    int clause = -1;
    for (size_t i = 0; i < nw; i++) {
        tok *t = &D->tk[i];
        t->start = w[i].start;
        t->end = w[i].end;
        t->digits = w[i].kind == KH_WORD_DIGITS;
        t->fig = -1;
        t->ptag = -1;
        size_t len = 0;
        t->tag = kh_wordtab_match(tab_cue, D->t, i, KH_STRIP_ALL, &len);
        t->taglen = (int)len;
        t->conj = t->tag && !kh_wordtab_match(tab_cue, D->t, i, KH_STRIP_PREP | KH_STRIP_ART, NULL);
        while (si + 1 < ns && s[si].end <= t->start)
            si++;
        t->sent = (int)si;
        int newclause = i == 0 || t->sent != D->tk[i - 1].sent ||
                        breaks(D->f, D->tk[i - 1].end, t->start) || (t->tag & W_CLAUSE);
        if (newclause)
            D->clause_first[++clause] = i;
        t->clause = clause;
    }
    D->nclauses = (size_t)(clause + 1);
    D->clause_first[D->nclauses] = nw;
    return 0;
}

/* ---- figures ----------------------------------------------------------------------------- */

static int add_fig(doc *D, fig f)
{
    if (D->nfg == D->capfg) {
        size_t cap = D->capfg ? D->capfg * 2 : 16;
        fig *nf = realloc(D->fg, cap * sizeof *nf);
        if (!nf)
            return -1;
        D->fg = nf;
        D->capfg = cap;
    }
    f.mention = -1;
    f.event = -1;
    D->fg[D->nfg] = f;
    for (size_t k = f.w0; k < f.w1 && k < D->n; k++)
        D->tk[k].fig = (int)D->nfg;
    D->nfg++;
    return (int)D->nfg - 1;
}

/* A negation shortly before word C: "لم يسفر عن وقوع إصابات", "دون وقوع قتلى". */
static int negated(const doc *D, size_t c)
{
    for (size_t k = c; k > 0 && c - k < 3; k--)
        if (same_clause(D, k - 1, c) && (D->tk[k - 1].tag & W_NEG))
            return 1;
    return 0;
}

/* Whether لقي at C has its مصرعه / حتفه later in the clause. */
static int fate_follows(const doc *D, size_t c)
{
    for (size_t k = c + 1; k < D->n && k < c + 12 && same_clause(D, c, k); k++)
        if (D->tk[k].tag & R_FATE_END)
            return 1;
    return 0;
}

/* A disease named in the clause of word K: "إصابة بفيروس كورونا", "إصابات بالكوليرا". */
static int illness_in_clause(const doc *D, size_t k)
{
    int c = D->tk[k].clause;
    for (size_t j = D->clause_first[c]; j < D->clause_first[c + 1]; j++)
        if (D->tk[j].tag & W_ILLNESS)
            return 1;
    return 0;
}

/* The word of a singular person named as the subject right before the verb at C (an adjective
 * or two between: "جندياً تركياً قتل"), or -1. */
static long subject_before(const doc *D, size_t c)
{
    if (!kh_wordtab_word(tab_subject_verb, D->t, c, 0, NULL))
        return -1;
    for (size_t k = c; k > 0 && c - k < 3 && same_clause(D, k - 1, c); k--) {
        const tok *t = &D->tk[k - 1];
        if (t->digits || (t->tag & (K_MASK | R_PRE | R_POST)))
            return -1;
        int noun = person_noun(D, k - 1);
        if (noun == KH_NOUN_ONE && !starts_with_waw(D, k - 1))
            return (long)k - 1;
        if (noun)
            return -1;
    }
    return -1;
}

/* The cue a count at [first, end) belongs to, looking back from it: "مقتل 30", "قتل أمس 5",
 * "استشهد جراء القصف 3 مدنيين" (a longer gap only when a person noun follows the count).
 * Returns the cue word or -1; *both is set for "مقتل وإصابة 20". */
static long cue_before(const doc *D, size_t first, int noun_follows, int *both)
{
    *both = 0;
    int fillers_only = 1;
    for (size_t k = first; k > 0 && first - k < 5; k--) {
        size_t c = k - 1;
        const tok *t = &D->tk[c];
        if (!same_clause(D, c, first) || t->fig >= 0)
            return -1;
        if (t->digits) {
            /* a year may stand between: "قتل منذ عام 2011 أكثر من 500 ألف شخص" */
            long y = strtol(D->f + t->start, NULL, 10);
            if (t->end - t->start != 4 || y < 1900 || y > 2100)
                return -1;
            fillers_only = 0;
            continue;
        }
        if ((t->tag & R_ACTIVE) && noun_follows && fillers_only)
            return (long)c;
        if ((t->tag & R_PRE) && kind_of(t->tag) != K_TOLL) {
            if ((!fillers_only || (t->tag & R_WEAK)) && !noun_follows)
                return -1;
            if ((t->tag & R_FATE) && !fate_follows(D, c))
                return -1;
            /* "مقتل وإصابة 20", not "أن جندياً تركياً قتل وأصيب ثلاثة آخرون" (the first
             * verb has its own subject) */
            if (c > 0 && starts_with_waw(D, c) && same_clause(D, c - 1, c) &&
                (D->tk[c - 1].tag & R_PRE) && kind_of(D->tk[c - 1].tag) != kind_of(t->tag) &&
                subject_before(D, c - 1) < 0)
                *both = 1;
            return (long)c;
        }
        if (t->tag & R_NOUN)
            return -1;
        if (!(t->tag & W_FILLER))
            fillers_only = 0;
    }
    return -1;
}

/* Whether a part of a count set off by parentheses or commas opens at word K ("12 عنصراً
 * (بينهم ضابطان) قتلوا", "11 مدنياً، بينهم أربعة أطفال، قتلوا"): *close gets the first word
 * after its ")" or ",". */
static int paren_part(const doc *D, size_t k, size_t *close)
{
    if (k == 0 || k >= D->n || !(D->tk[k].tag & W_PART))
        return 0;
    const char *gap = D->f + D->tk[k - 1].end;
    size_t gn = D->tk[k].start - D->tk[k - 1].end;
    int closer = memchr(gap, '(', gn) ? ')' : memchr(gap, ',', gn) ? ',' : 0;
    if (!closer)
        return 0;
    for (size_t j = k + 1; j < D->n && j < k + 10 && D->tk[j].sent == D->tk[k].sent; j++)
        if (memchr(D->f + D->tk[j - 1].end, closer, D->tk[j].start - D->tk[j - 1].end)) {
            *close = j;
            return 1;
        }
    return 0;
}

/* A verb after the count and its noun: "14 شخصاً قتلوا", "150 عنصراً من الميليشيات … قتلوا",
 * "ثلاثة مدنيين (بينهم طفل) توفوا". */
static long cue_after(const doc *D, size_t end)
{
    size_t in = end - 1, limit = end + 10;
    for (size_t k = end; k < D->n && k < limit; k++) {
        size_t close;
        if (!same_clause(D, in, k)) {
            if (!paren_part(D, k, &close) || close >= D->n)
                return -1;
            limit += close - k;
            k = in = close;
        }
        const tok *t = &D->tk[k];
        if (t->digits && !(k > 0 && (D->tk[k - 1].tag & W_PART)))
            return -1;      /* but "27 مدنياً بينهم 8 أطفال قتلوا" reaches past its part */
        if (t->tag & R_POST)
            return (long)k;
        if (t->tag & (R_PRE | R_NOUN))
            return -1;
    }
    return -1;
}

/* A toll reaching its count: "ارتفعت حصيلة القتلى إلى 50", "حصيلة الاشتباكات … أسفرت عن 24".
 * Returns the kind or 0. */
static int toll_before(const doc *D, size_t first)
{
    if (first == 0 || !same_clause(D, first - 1, first))
        return 0;
    /* "بلغت حصيلة القتلى 10 أشخاص", "بلغ عدد الوفيات 812، والإصابات 1449" */
    if ((D->tk[first - 1].tag & R_NOUN) && has_article(D, first - 1))
        return kind_of(D->tk[first - 1].tag);
    if (!(D->tk[first - 1].tag & W_REACH))
        return 0;
    for (size_t k = first - 1; k > 0 && first - k < 14; k--) {
        const tok *t = &D->tk[k - 1];
        if (!same_clause(D, k - 1, first))
            return 0;
        if (t->digits) {
            /* a date on the way: "ارتفع عدد القتلى منذ بدء العملية في 20 كانون الثاني إلى 142" */
            long v = strtol(D->f + t->start, NULL, 10);
            if (ex_date_month_word(D->t, k) ||
                (v >= 1900 && v <= 2100 && k >= 2 && ex_date_month_word(D->t, k - 2)))
                continue;
            return 0;
        }
        if (t->tag & (R_NOUN | R_POST))     /* "عدد من قتلوا … بلغ 33" */
            return kind_of(t->tag);
        if (kind_of(t->tag) == K_TOLL)
            return K_KILLED;
    }
    return 0;
}

/* A toll named after its count: "ليرتفع إلى 127 عدد القتلى", and the way the Observatory
 * words it, "ارتفع إلى 27 بينهم 8 أطفال، عدد الشهداء", "يرتفع إلى 211 عدد المدنيين الذين
 * قتلوا", "عدد من قضوا". Returns the kind or 0. */
static int toll_after(const doc *D, size_t first, size_t end)
{
    if (first == 0 || !(D->tk[first - 1].tag & W_REACH) || !same_clause(D, first - 1, first))
        return 0;
    int count_of = 0;
    for (size_t k = end; k < D->n && k < end + 12 && D->tk[k].sent == D->tk[first].sent; k++) {
        const tok *t = &D->tk[k];
        if ((t->tag & R_NOUN) && !t->conj && (k < end + 3 || has_article(D, k)))
            return kind_of(t->tag);
        if (count_of && (t->tag & R_POST) && !negated(D, k))
            return kind_of(t->tag);
        if ((t->tag & W_COUNT_OF) && k < end + 3)
            count_of = 1;
        if ((t->tag & (R_PRE | R_POST)) ||
            (t->digits && !(k > 0 && ((D->tk[k - 1].tag & W_PART) || is_bare_waw(D, k - 1)))))
            return 0;
    }
    return 0;
}

/* Whether a casualty cue or a count lies in words [a, b). */
static int cue_between(const doc *D, size_t a, size_t b)
{
    for (size_t k = a; k < b && k < D->n; k++)
        if (D->tk[k].digits || (D->tk[k].tag & (R_PRE | R_POST | R_NOUN)))
            return 1;
    return 0;
}

/* Whether a place mention starts in words (a, b). */
static int mention_between(const doc *D, size_t a, size_t b)
{
    for (size_t m = 0; m < D->d->nmentions; m++)
        if (D->mtok[m] > (int)a && D->mtok[m] < (int)b)
            return 1;
    return 0;
}

/* The latest figure before word I in the same sentence that is not vague, or -1. */
static int previous_fig(const doc *D, size_t i, int sent)
{
    for (size_t k = D->nfg; k > 0; k--) {
        const fig *f = &D->fg[k - 1];
        if (f->w0 < i && f->sent == sent && f->value >= 0 && !f->is_sum)
            return (int)k - 1;
    }
    return -1;
}

/* Add the coordinated figure G to the total of F: a total made here, or the stated one F is
 * already a part of ("بينهم 3 أطفال و2 نساء"). */
static int join_sum(doc *D, int f, int g)
{
    int total = D->fg[f].part_of;
    if (total >= 0 && !D->fg[total].is_sum) {
        D->fg[g].part_of = total;
        return 0;
    }
    if (total < 0) {
        fig s = D->fg[f];
        s.is_sum = 1;
        s.part_of = -1;
        s.coord = 0;
        s.w1 = s.w0;        /* covers no word */
        int at = add_fig(D, s);
        if (at < 0)
            return -1;
        total = at;
        D->fg[f].part_of = total;
    }
    fig *S = &D->fg[total];
    S->value += D->fg[g].value;
    if (D->fg[g].qual == KH_QUAL_AT_LEAST || D->fg[g].qual == KH_QUAL_ABOUT)
        S->qual = D->fg[g].qual;
    D->fg[g].part_of = total;
    return 0;
}

static const char *group_of(const doc *D, const fig *f);
static int headline(const doc *D, int sent);

/* Whether word K names a unit a number counts (غارة, ساعات), not one after a glued
 * preposition: "وأصيب اثنان بهجوم" is two people wounded in an attack. */
static int unit_word(const doc *D, size_t k)
{
    const tok *t = &D->tk[k];
    if (!(t->tag & W_UNIT))
        return 0;
    if (t->taglen > 1)
        return 1;
    return (kh_wordtab_find(tab_cue, D->f + t->start, t->end - t->start,
                            KH_STRIP_CONJ | KH_STRIP_ART, NULL) & W_UNIT) != 0;
}

/* Whether the number N is no count of people: a duration, an age, an hour, raids, shells, a
 * day of a month, a year. */
static int not_people(const doc *D, const kh_number *N)
{
    const tok *tk = D->tk;
    size_t first = N->first, end = N->end;
    if (!N->noun && end < D->n && same_clause(D, end - 1, end) &&
        (unit_word(D, end) || ex_date_month_word(D->t, end)))
        return 1;
    if (first > 0 && same_clause(D, first - 1, first) &&
        ((tk[first - 1].tag & W_NOCOUNT) || ex_date_month_word(D->t, first - 1)))
        return 1;
    return tk[N->num].digits && N->value >= 1900 && N->value <= 2100 &&
           !(end < D->n && (tk[end].tag & R_NOUN));
}

/* "100 قتيل وجريح", "20 بين قتيل وجريح": killed and wounded in one number, which says
 * neither. NOUNW is the word after the count. */
static int combined(const doc *D, const kh_number *N, size_t nounw)
{
    const tok *tk = D->tk;
    if (N->noun || nounw >= D->n || !same_clause(D, N->first, nounw))
        return 0;
    size_t q = nounw;
    if (tk[nounw].tag & W_BETWEEN)
        q += (size_t)tk[nounw].taglen;
    else if (!(tk[nounw].tag & R_NOUN))
        return 0;
    kh_number M;
    return q + 1 < D->n && same_clause(D, q, q + 1) && (tk[q].tag & R_NOUN) &&
           (tk[q + 1].tag & R_NOUN) && starts_with_waw(D, q + 1) &&
           kind_of(tk[q + 1].tag) != kind_of(tk[q].tag) && !kh_num_read(D->t, q + 2, &M);
}

/* The last toll of kind KIND told before, for "بين القتلى ثمانية مدنيين": its figure or -1. */
static int last_toll(const doc *D, int kind)
{
    for (size_t k = D->nfg; k > 0; k--) {
        const fig *f = &D->fg[k - 1];
        if (f->kind == kind && f->value >= 0 && !f->is_sum && f->part_of < 0)
            return (int)k - 1;
    }
    return -1;
}

/* One more count after و: "مقتل أربعة قياديين و40 عنصراً آخرين", "عشرة عناصر من قوات النظام
 * وأربعة من مقاتلي المعارضة", "أربعة في أريحا وثلاثة آخرون في كفرنبل", "قتل 11 في خان شيخون،
 * و7 في معرة النعمان". Returns the figure it follows or -1; *adds says whether it adds to
 * that figure's toll (no place named between them). */
static int follows_figure(const doc *D, const kh_number *N, int kind, int noun_follows, int *adds)
{
    size_t first = N->first;
    int waw_before = first > 0 && is_bare_waw(D, first - 1);
    *adds = 0;
    if (!waw_before && !starts_with_waw(D, N->num))
        return -1;
    size_t before = waw_before ? first - 1 : first;
    int p = previous_fig(D, first, D->tk[first].sent);
    if (p < 0 || (kind && kind != D->fg[p].kind))
        return -1;
    const fig *P = &D->fg[p];
    int near = P->w1 + 2 >= before && same_clause(D, P->w0, first);
    int elliptic = !near && same_clause(D, P->w0, first) && before <= P->w1 + 6 &&
                   !cue_between(D, P->w1, before) &&
                   (noun_follows || (N->end < D->n && (D->tk[N->end].tag & W_OTHERS)) ||
                    /* "قتل شخصان في بلدة بنش وثلاثة في مدينة سراقب" */
                    (mention_between(D, P->w0, first) && mention_between(D, N->end - 1, N->end + 3)));
    int next_clause = waw_before && P->clause + 1 == D->tk[first].clause;
    if (!near && !elliptic && !next_clause)
        return -1;
    *adds = (near || elliptic) && !mention_between(D, P->w0, first);
    return p;
}

/* The kind of the count N (K_KILLED, K_INJURED, or 0 when no cue makes it a casualty count),
 * with the figure it is a part of (*part_of) or follows after و (*coord). Every kind found
 * here is a casualty word's, where casualty_sentences says it can be: keep the two in step. */
static int count_kind(const doc *D, const kh_number *N, int *part_of, int *coord)
{
    const tok *tk = D->tk;
    size_t first = N->first, end = N->end;
    int sent = tk[first].sent, kind = 0;
    *part_of = *coord = -1;
    /* the noun right after, or the dual that is the count: 30 قتيلاً, قتيلين */
    size_t nounw = N->noun ? N->num : end;
    int noun_follows = N->noun || (same_clause(D, end - 1, end) && people_after(D, end));
    if (combined(D, N, nounw))
        return 0;
    if (nounw < D->n && same_clause(D, first, nounw) && (tk[nounw].tag & R_NOUN) &&
        (N->noun || !tk[nounw].conj))
        kind = kind_of(tk[nounw].tag);
    /* "بينهم 16 طفلاً": a part of the figure before */
    if (first > 0 && (tk[first - 1].tag & W_PART) && same_clause(D, first - 1, first)) {
        *part_of = previous_fig(D, first, sent);
        if (!kind && *part_of >= 0)
            kind = D->fg[*part_of].kind;
    }
    /* "16 من أصل 30": the count after من أصل is the total of the one before */
    if (first >= 2 && (tk[first - 2].tag & W_OUT_OF)) {
        int p = previous_fig(D, first, sent);
        if (p >= 0 && !kind)
            kind = D->fg[p].kind;
    }
    /* "وقالت المصادر إن بين القتلى ثمانية مدنيين": a part of the last toll told */
    if (!kind && first > 1 && (tk[first - 1].tag & R_NOUN) && has_article(D, first - 1) &&
        (tk[first - 2].tag & W_BETWEEN) && same_clause(D, first - 2, first)) {
        *part_of = last_toll(D, kind_of(tk[first - 1].tag));
        return *part_of >= 0 ? kind_of(tk[first - 1].tag) : 0;
    }
    if (*part_of < 0) {
        int adds, p = follows_figure(D, N, kind, noun_follows, &adds);
        if (p >= 0) {
            kind = D->fg[p].kind;
            int total = D->fg[p].part_of;
            if (total >= 0 && !D->fg[total].is_sum)
                *part_of = total;   /* "هم 19 عنصراً من قوات النظام، و14 مقاتلاً من الفصائل" */
            else if (adds)
                *coord = p;
        }
    }
    if (!kind) {
        int both = 0;
        long cue = cue_before(D, first, noun_follows, &both);
        if (both || (cue >= 0 && negated(D, (size_t)cue)))
            return 0;
        if (cue >= 0)
            kind = kind_of(tk[cue].tag);
    }
    /* "قتل 74 مقاتلاً … إلى جانب 38 مدنياً": one more figure of the kind told before */
    if (!kind && noun_follows && first >= 2 && same_clause(D, first - 2, first) &&
        ((kh_wordtab_word(tab_besides, D->t, first - 2, KH_STRIP_CONJ, NULL) &&
          (tk[first - 1].tag & W_REACH)) ||
         (kh_wordtab_word(tab_besides, D->t, first - 1, 0, NULL) &&
          (tk[first - 2].tag & W_REACH)))) {
        int p = previous_fig(D, first, sent);
        if (p >= 0)
            kind = D->fg[p].kind;
    }
    /* "انتشلت جثث ستة مدنيين": the dead in construct right before their count */
    if (!kind && noun_follows && first > 0 && same_clause(D, first - 1, first) &&
        (tk[first - 1].tag & R_NOUN) && kind_of(tk[first - 1].tag) == K_KILLED &&
        !has_article(D, first - 1) && kh_num_noun(D->t, first - 1) == KH_NOUN_MANY)
        kind = K_KILLED;
    /* "قضت وحدات من الجيش على 25 إرهابياً": قضى, its subject, then على and the dead */
    if (!kind && noun_follows && first > 0 && same_clause(D, first - 1, first) &&
        kh_wordtab_word(tab_kill_on, D->t, first - 1, KH_STRIP_CONJ, NULL) == 2) {
        for (size_t k = first - 1; k > 0 && first - k < 9 && same_clause(D, k - 1, first); k--)
            if (kh_wordtab_word(tab_kill_on, D->t, k - 1, KH_STRIP_CONJ, NULL) == 1) {
                kind = K_KILLED;
                break;
            }
    }
    size_t close;
    if (!kind && (noun_follows || (end < D->n && (tk[end].tag & W_OUT_OF)) ||
                  paren_part(D, end, &close))) {
        long cue = cue_after(D, end);
        if (cue >= 0)
            kind = kind_of(tk[cue].tag);
    }
    if (!kind)
        kind = toll_before(D, first);
    if (!kind)
        kind = toll_after(D, first, end);
    if (!kind && end + 2 < D->n && (tk[end].tag & W_OUT_OF) && tk[end].taglen == 2) {
        /* "16 طفلاً من أصل 30 ضحية": decided by the total that follows */
        kh_number T;
        if (kh_num_read(D->t, end + 2, &T)) {
            size_t tn = T.noun ? T.num : T.end;
            if (tn < D->n && (tk[tn].tag & R_NOUN))
                kind = kind_of(tk[tn].tag);
        }
    }
    return kind;
}

/* The sentences where a count can be a casualty figure. count_kind gives a count the kind of
 * a casualty word (kind_of) in its sentence (قضى / يقضي before "… على 25" among them: their
 * rows carry K_KILLED), or of a figure before it there (which had one),
 * or of a casualty word reached across what follows the count at once: a part in
 * parentheses or commas ("12 عنصراً (بينهم ضابطان) قتلوا", "11 مدنياً، بينهم أربعة أطفال، قتلوا") or من أصل and its total, which may run into
 * the next sentences. So a sentence counts when it has a casualty word or holds the word
 * before بينهم / من أصل. A count's words are joined by spaces and never cross a sentence
 * boundary. Returns on[s] = 1 for such a sentence s, or NULL when out of memory. */
static unsigned char *casualty_sentences(const doc *D)
{
    size_t ns = D->n ? (size_t)D->tk[D->n - 1].sent + 1 : 0;
    unsigned char *on = calloc(ns ? ns : 1, 1);
    for (size_t k = 0; on && k < D->n; k++) {
        const tok *t = &D->tk[k];
        if (kind_of(t->tag))
            on[t->sent] = 1;
        if ((t->tag & (W_PART | W_OUT_OF)) && k > 0)
            on[D->tk[k - 1].sent] = 1;
    }
    return on;
}

/* Counts: every number read in the text that a cue makes a casualty figure. Numbers are read
 * only in the sentences that can give one (most sentences of a report have no casualty word). */
static int find_counts(doc *D)
{
    int rc = -1;
    unsigned char *on = casualty_sentences(D);
    if (!on)
        goto out;
    for (size_t i = 0; i < D->n;) {
        kh_number N;
        if (!on[D->tk[i].sent] || D->tk[i].fig >= 0 || !kh_num_read(D->t, i, &N)) {
            i++;
            continue;
        }
        const tok *tk = D->tk;
        size_t first = N.first, end = N.end;
        i = end;
        int part_of, coord, kind;
        if (not_people(D, &N) || !(kind = count_kind(D, &N, &part_of, &coord)))
            continue;
        if (N.value < 0 && part_of >= 0)
            continue;           /* "بينهم عدد من الأطفال" adds nothing */
        /* "200 إصابة بفيروس كورونا", "ارتفع عدد الإصابات بكورونا إلى 200" */
        if (kind == K_INJURED && illness_in_clause(D, first))
            continue;
        size_t w1 = end;
        if (!N.noun && same_clause(D, end - 1, end) && counted_noun(D, end))
            w1 = end + 1;
        /* "30 ضحية من المدنيين على الأقل", "20 عنصراً تقريباً" */
        int qual = N.qualifier;
        for (size_t k = w1; qual == KH_QUAL_EXACT && k < D->n && k < w1 + 4 &&
                            same_clause(D, first, k) && !tk[k].digits; k++)
            qual = (tk[k].tag & W_AT_LEAST) ? KH_QUAL_AT_LEAST
                 : (tk[k].tag & W_ABOUT) ? KH_QUAL_ABOUT : qual;
        fig f = { .kind = kind, .value = N.value, .qual = qual, .w0 = first, .w1 = w1,
                  .clause = tk[first].clause, .sent = tk[first].sent, .part_of = part_of,
                  .coord = coord >= 0 };
        int at = add_fig(D, f);
        if (at < 0)
            goto out;
        if (coord >= 0 && N.value >= 0 && D->fg[coord].value >= 0) {
            /* parts of one toll, unless they are different sides: "عشرة عناصر من قوات النظام
             * وأربعة من مقاتلي المعارضة" are two figures */
            const char *g1 = group_of(D, &D->fg[coord]), *g2 = group_of(D, &D->fg[at]);
            if ((!g1 || !g2 || strcmp(g1, g2) == 0) && join_sum(D, coord, at) < 0)
                goto out;
        }
        if (first >= 2 && (tk[first - 2].tag & W_OUT_OF)) {
            int p = previous_fig(D, first, f.sent);
            if (p >= 0 && p != at && D->fg[p].part_of < 0)
                D->fg[p].part_of = at;
        }
        i = w1 > i ? w1 : i;
    }
    rc = 0;
out:
    free(on);
    return rc;
}

/* "الثلاثة" after a plural noun ("أطفالها الثلاثة"): the number, or -1. */
static long definite_number(const doc *D, size_t k)
{
    if (k >= D->n || !has_article(D, k))
        return -1;
    const char *s = D->f + D->tk[k].start;
    size_t len = D->tk[k].end - D->tk[k].start;
    char buf[96];
    if (len <= 4 || len - 4 >= sizeof buf)
        return -1;
    memcpy(buf, s + 4, len - 4);
    buf[len - 4] = '\0';
    long v;
    return kh_num_parse(buf, &v) == 0 && v >= 2 ? v : -1;
}

static long persons_at(const doc *D, size_t j, size_t *end);

/* The first word of the dead after a killing verb at C and its subject, or C + 1: "أعدم مسلحون
 * مجهولون شاباً", "اغتال مجهولون، مساء الاثنين، عنصراً سابقاً", "كما أعدم التنظيم يوم السبت
 * الفائت رجلاً", "قد أعدم يوم الاثنين الفائت راعياً". The subject is a group ("التنظيم",
 * "قوات النظام") or a plural in -ون ("مسلحون", "مجهولون"), or the time comes first; up to
 * five words of them may stand before the dead (commas too), never a count, a cue or a new
 * clause (فيما, بينما). */
static size_t victim_after_agent(const doc *D, size_t c)
{
    size_t at = c + 1, end;
    if (!kh_wordtab_word(tab_killer, D->t, c, KH_STRIP_CONJ, NULL) || at >= D->n ||
        !same_clause(D, c, at))
        return c + 1;
    const char *s = D->f + D->tk[at].start;
    size_t len = D->tk[at].end - D->tk[at].start;
    int agent = kh_wordtab_match(tab_group, D->t, at, KH_STRIP_ALL, NULL) != 0 ||
                (D->tk[at].tag & W_FILLER) ||
                (len > 6 && memcmp(s + len - 4, "\xd9\x88\xd9\x86", 4) == 0);    /* -ون */
    if (!agent)
        return c + 1;
    for (size_t k = at + 1; k < D->n && k < at + 7 && D->tk[k].sent == D->tk[c].sent; k++) {
        const tok *t = &D->tk[k];
        if (t->digits || t->fig >= 0 || (t->tag & (K_MASK | R_PRE | R_POST | R_NOUN | W_CLAUSE)))
            break;
        if (persons_at(D, k, &end) > 0)
            return k;
    }
    return c + 1;
}

/* Whether the verb at C follows a relative pronoun that stands for one person named just
 * before: "برفقة والدهم، الذي أصيب بجروح خطيرة"; not "القصف الذي قتل 5". */
static int relative_person(const doc *D, size_t c)
{
    if (c < 2 || !kh_wordtab_word(tab_relative, D->t, c - 1, 0, NULL) ||
        !same_clause(D, c - 1, c) || person_noun(D, c - 2) != KH_NOUN_ONE)
        return 0;
    kh_number N;
    for (size_t k = c + 1; k < D->n && k < c + 4 && same_clause(D, c, k); k++)
        if (D->tk[k].digits || D->tk[k].fig >= 0 || kh_num_read(D->t, k, &N) ||
            person_noun(D, k))
            return 0;
    return 1;
}

/* Whether word C is a dual in construct of the dead: جثتي, جثماني (two bodies). */
static int dual_construct(const doc *D, size_t c)
{
    const char *s = D->f + D->tk[c].start;
    size_t len = D->tk[c].end - D->tk[c].start;
    return len > 6 && memcmp(s + len - 2, "\xd9\x8a", 2) == 0 &&      /* ends in ي */
           kh_num_noun(D->t, c) == KH_NOUN_NONE;
}

/* "عُثر على جثة شاب … مصاباً بعدة طلقات": a state of the dead, not one more wounded. */
static int wound_of_the_dead(const doc *D, size_t c)
{
    static const char musaban[] = "\xd9\x85\xd8\xb5\xd8\xa7\xd8\xa8\xd8\xa7";  /* مصابا */
    const char *s = D->f + D->tk[c].start;
    size_t len = D->tk[c].end - D->tk[c].start;
    if (len >= 2 && memcmp(s, "\xd9\x88", 2) == 0)
        s += 2, len -= 2;
    if (len != sizeof musaban - 1 || memcmp(s, musaban, len) != 0 || c + 1 >= D->n ||
        D->f[D->tk[c + 1].start] != '\xd8' || D->f[D->tk[c + 1].start + 1] != '\xa8')  /* ب */
        return 0;
    for (size_t k = c; k > 0 && D->tk[k - 1].sent == D->tk[c].sent; k--)
        if (kind_of(D->tk[k - 1].tag) == K_KILLED && (D->tk[k - 1].tag & (R_NOUN | R_PRE)))
            return 1;
    return 0;
}

/* People named without a count, from word J: "الطبيب" 1, "رجل مسن وامرأة" 2, "رجل وزوجته
 * وأطفالهما الثلاثة" 5. Returns how many (0 when J names no one); *end gets the word after. */
static long persons_at(const doc *D, size_t j, size_t *end)
{
    long count = 0;
    int adjectives = 0;
    for (size_t k = j; k < D->n && same_clause(D, j, k) && k < j + 10; k++) {
        int noun = (k == j || starts_with_waw(D, k)) && !(D->tk[k].tag & K_MASK)
                       ? person_noun(D, k) : KH_NOUN_NONE;
        long n = -1;
        if (noun == KH_NOUN_ONE)
            n = 1;
        else if ((noun == KH_NOUN_MANY || noun == KH_NOUN_TWO_OR_MANY) &&
                 (n = definite_number(D, k + 1)) > 0)
            k++;
        if (n > 0) {
            count += n;
            *end = k + 1;
            adjectives = 0;
        } else if (k > j && !D->tk[k].digits && !(D->tk[k].tag & (K_MASK | R_PRE | R_POST)) &&
                   !starts_with_waw(D, k) && ++adjectives <= 2) {
            continue;       /* رجل مسن, القيادي العسكري البارز */
        } else {
            break;
        }
    }
    return count;
}

/* One named person, or a few joined by و: "قتل الطبيب", "مقتل قيادي", "أودى بحياة رجل مسن
 * وامرأة", "أصيب رجل وطفل", and a lone "شهيداً" / "قتيل" with no count before it. */
static int find_persons(doc *D)
{
    for (size_t c = 0; c < D->n; c++) {
        const tok *t = &D->tk[c];
        int kind = kind_of(t->tag);
        if (t->fig >= 0 || !kind || kind == K_TOLL)
            continue;
        size_t last = 0;
        long count;
        kh_number N;
        if (t->tag & R_SELF) {
            /* one person the sentence told of without a cue: "اغتال مسلحون عنصراً سابقاً …
             * ما أدى إلى مقتله"; not when the sentence counts that kind already */
            int told = 0;
            for (size_t k = 0; k < D->nfg && !told; k++)
                told = D->fg[k].kind == kind &&
                       (D->fg[k].sent == t->sent ||
                        (D->fg[k].sent + 1 == t->sent && D->fg[k].value == 1 &&
                         !headline(D, D->fg[k].sent)));
            if (told || negated(D, c))
                continue;
            fig f = { .kind = kind, .value = 1, .qual = KH_QUAL_EXACT, .w0 = c, .w1 = c + 1,
                      .clause = t->clause, .sent = t->sent, .part_of = -1 };
            if (add_fig(D, f) < 0)
                return -1;
            continue;
        }
        /* "ما أسفر عن مقتل عنصرين وجرح آخر": one more, not "آخر عنصر" (the last one) */
        if ((t->tag & R_PRE) && !(t->tag & (R_FATE | R_WEAK)) && c + 1 < D->n &&
            same_clause(D, c, c + 1) && D->tk[c + 1].fig < 0 &&
            is_other_one(D, c + 1) &&
            !(c + 2 < D->n && same_clause(D, c + 1, c + 2) && counted_noun(D, c + 2)) &&
            !negated(D, c)) {
            fig f = { .kind = kind, .value = 1, .qual = KH_QUAL_EXACT, .w0 = c + 1, .w1 = c + 2,
                      .clause = t->clause, .sent = t->sent, .part_of = -1 };
            if (add_fig(D, f) < 0)
                return -1;
            continue;
        }
        size_t at = c + 1;
        if ((t->tag & R_PRE) && c + 1 < D->n && same_clause(D, c, c + 1) && D->tk[c + 1].fig < 0 &&
            !kh_num_read(D->t, c + 1, &N) && persons_at(D, c + 1, &last) == 0)
            at = victim_after_agent(D, c);
        if ((t->tag & R_PRE) && at < D->n && (at != c + 1 || same_clause(D, c, at)) &&
            D->tk[at].fig < 0 &&
            !kh_num_read(D->t, at, &N) && (count = persons_at(D, at, &last)) > 0) {
            if ((t->tag & R_FATE) && !fate_follows(D, c))
                continue;
            if (negated(D, c) || (kind == K_INJURED && illness_in_clause(D, c)))
                continue;
            fig f = { .kind = kind, .value = count, .qual = KH_QUAL_EXACT, .w0 = at,
                      .w1 = last, .clause = t->clause, .sent = t->sent, .part_of = -1,
                      .anaphor = count > 1 && has_article(D, at) &&
                                 definite_number(D, at + 1) == count };
            if (add_fig(D, f) < 0)
                return -1;
            continue;
        }
        /* "أعلنت الوزارة أن جندياً تركياً قتل وأصيب ثلاثة آخرون": one person, its subject */
        long subj = (t->tag & R_PRE) ? subject_before(D, c) : -1;
        if (subj >= 0 && D->tk[subj].fig < 0 && !negated(D, (size_t)subj) &&
            !(c + 1 < D->n && same_clause(D, c, c + 1) &&
              (D->tk[c + 1].fig >= 0 || kh_num_read(D->t, c + 1, &N)))) {
            fig f = { .kind = kind, .value = 1, .qual = KH_QUAL_EXACT, .w0 = (size_t)subj,
                      .w1 = (size_t)subj + 1, .clause = t->clause, .sent = t->sent,
                      .part_of = -1 };
            if (add_fig(D, f) < 0)
                return -1;
            continue;
        }
        /* "برفقة والدهم، الذي أصيب بجروح": the one person the relative pronoun stands for */
        if ((t->tag & R_PRE) && relative_person(D, c) && !negated(D, c)) {
            fig f = { .kind = kind, .value = 1, .qual = KH_QUAL_EXACT, .w0 = c, .w1 = c + 1,
                      .clause = t->clause, .sent = t->sent, .part_of = -1 };
            if (add_fig(D, f) < 0)
                return -1;
            continue;
        }
        /* a lone indefinite singular casualty noun: "ما أوقع شهيداً وسبعة جرحى", "سقوط قتيل
         * وجريح"; not the noun of a count, nor "100 قتيل وجريح", "50 بين قتيل وجريح" */
        const tok *pv = c > 0 ? &D->tk[c - 1] : NULL;
        int after_count = pv && same_clause(D, c - 1, c) &&
                          (pv->digits || (pv->fig >= 0 && D->fg[pv->fig].w0 + 1 < c) ||
                           (pv->fig < 0 && (pv->tag & (R_NOUN | W_BETWEEN))));
        /* "عثرت على جثتي لاجئتين": the dual in construct, two dead */
        long lone = kh_num_noun(D->t, c) == KH_NOUN_ONE ? 1 : dual_construct(D, c) ? 2 : 0;
        if ((t->tag & R_NOUN) && lone && !has_article(D, c) && !after_count &&
            !wound_of_the_dead(D, c)) {
            const char *s = D->f + t->start;
            size_t len = t->end - t->start;
            /* not ضحية: "وقع ضحية القصف" names no one */
            if (len >= 6 && memcmp(s + len - 6, "\xd8\xad\xd9\x8a\xd9\x87", 6) == 0)
                continue;
            if (negated(D, c))
                continue;
            fig f = { .kind = kind, .value = lone, .qual = KH_QUAL_EXACT, .w0 = c, .w1 = c + 1,
                      .clause = t->clause, .sent = t->sent, .part_of = -1 };
            if (add_fig(D, f) < 0)
                return -1;
        }
    }
    return 0;
}

/* Casualties without a number: "سقوط قتلى وجرحى", "مقتل مدنيين", "عشرات القتلى" is read by
 * find_counts. One per kind and clause, and only where the clause has no count of that kind. */
static int find_vague(doc *D)
{
    for (size_t c = 0; c < D->n; c++) {
        const tok *t = &D->tk[c];
        int kind = kind_of(t->tag);
        if (t->fig >= 0 || !kind || kind == K_TOLL)
            continue;
        int plural = (t->tag & R_NOUN) && kh_num_noun(D->t, c) == KH_NOUN_MANY;
        int pre_plural = (t->tag & R_PRE) && c + 1 < D->n && same_clause(D, c, c + 1) &&
                         D->tk[c + 1].fig < 0 &&
                         (kh_num_noun(D->t, c + 1) == KH_NOUN_MANY ||
                          kh_num_noun(D->t, c + 1) == KH_NOUN_TWO_OR_MANY);
        if (!plural && !pre_plural)
            continue;
        if (negated(D, c) || (kind == K_INJURED && illness_in_clause(D, c)))
            continue;
        int seen = 0;
        for (size_t k = 0; k < D->nfg && !seen; k++)
            seen = D->fg[k].clause == t->clause && D->fg[k].kind == kind;
        if (seen)
            continue;
        fig f = { .kind = kind, .value = -1, .qual = KH_QUAL_VAGUE, .w0 = c, .w1 = c + 1,
                  .clause = t->clause, .sent = t->sent, .part_of = -1 };
        if (add_fig(D, f) < 0)
            return -1;
    }
    return 0;
}

/* ---- what each figure is about ----------------------------------------------------------- */

/* Who: the counted noun or a group phrase shortly after the count, not the one after قصف or
 * برصاص, which names who fired. */
static const char *group_of(const doc *D, const fig *f)
{
    size_t from = f->w0, to = f->w1 + 8, soldier = 0;
    int have_soldier = 0;
    for (size_t k = from; k < D->n && k < to && same_clause(D, f->w0, k); k++) {
        if (k >= f->w1 && (D->tk[k].tag & (R_PRE | R_POST)) && kind_of(D->tk[k].tag) != f->kind)
            break;
        if (k > f->w1 && D->tk[k].digits)
            break;
        if (have_soldier && k > soldier + 3)
            break;
        size_t len = 0;
        int g = kh_wordtab_match(tab_group, D->t, k, KH_STRIP_ALL, &len);
        if (!g)
            continue;
        int agent = 0;
        for (size_t b = k; b > from && k - b < 3 && !agent; b--)
            agent = (D->tk[b - 1].tag & W_AGENT) != 0;
        if (agent) {
            k += len - 1;
            continue;
        }
        if (g != G_SOLDIER)
            return group_labels[g];
        if (!have_soldier) {
            have_soldier = 1;
            soldier = k;
        }
        k += len - 1;
    }
    if (have_soldier)
        return soldier_label;
    /* "خسر التنظيم سبعة من عناصره", "أعلنت قسد مقتل ثلاثة من مقاتليها": the owner named
     * before the count */
    size_t own = f->w1 > f->w0 ? f->w1 - 1 : f->w0;
    if (!possessed_plural(D, own) && !possessed_plural(D, f->w1) &&
        !(is_min(D, f->w1) && possessed_plural(D, f->w1 + 1)))
        return NULL;
    for (size_t k = f->w0; k > 0 && f->w0 - k < 10 && same_clause(D, k - 1, f->w0); k--) {
        size_t len = 0;
        int g = kh_wordtab_match(tab_group, D->t, k - 1, KH_STRIP_ALL, &len);
        if (g && g != G_SOLDIER && !(k >= 2 && (D->tk[k - 2].tag & W_AGENT)))
            return group_labels[g];
    }
    return NULL;
}

static int is_locality(int kind)
{
    return kind == KH_KIND_CITY || kind == KH_KIND_TOWN || kind == KH_KIND_VILLAGE ||
           kind == KH_KIND_NEIGHBOURHOOD || kind == KH_KIND_CAMP || kind == KH_KIND_LANDMARK;
}

/* Lower is a better place for a figure: a locality named for itself, before one named as a
 * reference point (جنوب حلب), districts, regions, governorates and countries. */
static int place_rank(const doc *D, int m)
{
    const ex_mention *x = &D->d->mentions[m];
    int r;
    if (is_locality(x->kind))
        r = 0;
    else if (x->kind == KH_KIND_SUBDISTRICT || x->kind == KH_KIND_DISTRICT)
        r = 2;
    else if (x->kind == KH_KIND_REGION)
        r = 3;
    else if (x->kind == KH_KIND_GOVERNORATE)
        r = 4;
    else
        r = 5;
    if (D->mdir[m] && r < 3)
        r = r == 0 ? 1 : 3;
    return r;
}

/* Whether mention M is followed by another joined to it with و ("حيي المعادي والفردوس",
 * "بلدتي تلبيسة والرستن"): a figure told for a list of places. */
static int listed(const doc *D, size_t m)
{
    if (m + 1 >= D->d->nmentions || D->mtok[m + 1] < 0)
        return 0;
    size_t w = (size_t)D->mtok[m + 1];
    return w > 0 && starts_with_waw(D, w) && D->d->mentions[m + 1].start > D->tk[w].start &&
           D->tk[w - 1].end <= D->d->mentions[m].end + 1;
}

/* The best mention whose first word lies in clauses [c0, c1], or -1: by place_rank, then
 * one named after في / على / مدينة, then one after word AFTER (the count: "وفي إدلب قتل عنصران
 * في غارة على سراقب"), then the first. A list of places gives way to the city that holds
 * them ("أحياء بستان القصر والفردوس في مدينة حلب"). */
static int best_in_clauses(const doc *D, int c0, int c1, size_t after)
{
    int best = -1, bests = 1 << 30, city = -1;
    for (size_t m = 0; m < D->d->nmentions; m++) {
        int w = D->mtok[m];
        if (w < 0 || D->tk[w].clause < c0 || D->tk[w].clause > c1 || D->mdest[m])
            continue;
        /* "قرب الحدود مع تركيا" names no place of the event; "في لبنان", "جنوبي لبنان" do */
        const ex_mention *x = &D->d->mentions[m];
        if (x->foreign && x->kind == KH_KIND_COUNTRY && w > 0 && same_clause(D, w - 1, w) &&
            (ptag_of(D, w - 1) & P_BORDER))
            continue;
        int rank = place_rank(D, (int)m);
        int score = rank * 4 + !D->mloc[m] * 2 + ((size_t)w < after);
        if (score < bests) {
            best = (int)m;
            bests = score;
        }
        if (city < 0 && rank == 0 && D->d->mentions[m].kind == KH_KIND_CITY &&
            !listed(D, m) && !(m > 0 && listed(D, m - 1)))
            city = (int)m;
    }
    if (best >= 0 && listed(D, (size_t)best) && city >= 0)
        return city;
    return best;
}

/* Whether clause C holds the count of a figure other than F (and not a part of it). */
static int clause_owned(const doc *D, int c, int f)
{
    for (size_t k = 0; k < D->nfg; k++) {
        const fig *g = &D->fg[k];
        if ((int)k != f && g->clause == c && !g->is_sum && g->part_of != f &&
            D->fg[f].part_of != (int)k && g->value >= 0 && g->kind == D->fg[f].kind)
            return 1;
    }
    return 0;
}

/* Whether bytes [a, b) hold a dash or a colon. */
static int dash_between(const doc *D, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++) {
        unsigned char ch = (unsigned char)D->f[k];
        if (ch == ':' || ch == '-' || (ch == 0xe2 && k + 2 < b && (unsigned char)D->f[k + 1] == 0x80 &&
                                       ((unsigned char)D->f[k + 2] == 0x93 ||
                                        (unsigned char)D->f[k + 2] == 0x94)))
            return 1;
    }
    return 0;
}

/* Whether clause C is a dateline: a name alone before a colon or a dash ("• إدلب: قتل سبعة
 * مدنيين، أمس، في غارات على بلدة معرشورين"). A place the sentence names after it is where
 * the figure happened; the dateline is only the desk's. */
static int dateline_clause(const doc *D, int c)
{
    size_t a = D->clause_first[c], b = D->clause_first[c + 1];
    if (b - a > 3 || b >= D->n || a >= b)
        return 0;
    for (size_t k = D->tk[b - 1].end; k < D->tk[b].start; k++) {
        unsigned char ch = (unsigned char)D->f[k];
        if (ch == ':' || ch == '-' || (ch == 0xe2 && k + 2 < D->tk[b].start &&
                                       (unsigned char)D->f[k + 1] == 0x80 &&
                                       ((unsigned char)D->f[k + 2] == 0x93 ||
                                        (unsigned char)D->f[k + 2] == 0x94)))
            return 1;
        /* "دمشق (الأناضول) -", "بيروت (رويترز) -": the agency in parentheses between */
        if (ch == '(' && (size_t)c + 2 < D->nclauses) {
            size_t e = D->clause_first[c + 2];
            if (e - b <= 4 && e < D->n && memchr(D->f + D->tk[e - 1].end, ')',
                                                 D->tk[e].start - D->tk[e - 1].end))
                return dash_between(D, D->tk[e - 1].end, D->tk[e].start);
        }
    }
    return 0;
}

/* Where: the clause, then the sentence (nearest clauses first, preceding ones before following,
 * skipping clauses that hold another figure's count), then the two sentences before, then the
 * document's focus. */
/* Whether mention M stands before a word إن / أن that comes before word W in its clause: "قال
 * مسؤول في الهيئة الصحية في منطقة عفرين إن 11 مدنياً قتلوا" names where the speaker is. */
static int speaker_place(const doc *D, int m, size_t w)
{
    for (size_t k = (size_t)D->mtok[m] + 1; k < w && k < D->n; k++)
        if (same_clause(D, k, w) && kh_wordtab_word(tab_that, D->t, k, 0, NULL))
            return 1;
    return 0;
}

/* Whether GROUP fights only in Syria: regime forces and their militias, the opposition, the
 * SDF and the Kurdish forces, HTS and Nusra. */
static int syrian_side(const char *group)
{
    static const int sides[] = { G_REGIME, G_MILITIA, G_OPP, G_SDF, G_KURD, G_HTS, G_NUSRA };
    for (size_t k = 0; group && k < sizeof sides / sizeof *sides; k++)
        if (group == group_labels[sides[k]])
            return 1;
    return 0;
}

/* A place named again by its cue word alone in the figure's clause ("خلال عملياتها في الأحياء
 * الشرقية من المدينة", "داخل المخيم"): the last place of that kind named before, or -1. */
static int anaphor_place(const doc *D, const fig *f)
{
    int want = 0;
    size_t a = D->clause_first[f->clause], b = D->clause_first[f->clause + 1];
    for (size_t k = a; k < b && !want; k++)
        want = kh_wordtab_word(tab_anaphor, D->t, k, KH_STRIP_CONJ | KH_STRIP_PREP, NULL);
    if (!want)
        return -1;
    for (size_t m = D->d->nmentions; m > 0; m--) {
        const ex_mention *x = &D->d->mentions[m - 1];
        int w = D->mtok[m - 1];
        if (w < 0 || (size_t)w >= f->w0 || x->foreign || D->mdest[m - 1])
            continue;
        int kind = x->kind;
        if ((want == 1 && (kind == KH_KIND_CITY || kind == KH_KIND_TOWN)) ||
            (want == 2 && (kind == KH_KIND_TOWN || kind == KH_KIND_VILLAGE || kind == KH_KIND_CITY)) ||
            (want == 3 && kind == KH_KIND_CAMP) || (want == 4 && kind == KH_KIND_NEIGHBOURHOOD))
            return (int)m - 1;
    }
    return -1;
}

/* Whether clause C opens another event (كما, فيما, بينما, في حين) and holds no figure. */
static int other_event(const doc *D, int c)
{
    size_t w = D->clause_first[c];
    if (!(D->tk[w].tag & W_CLAUSE) && !kh_wordtab_word(tab_new_event, D->t, w, KH_STRIP_CONJ, NULL))
        return 0;
    for (size_t k = 0; k < D->nfg; k++)
        if (D->fg[k].clause == c && !D->fg[k].dropped)
            return 0;
    return 1;
}

static int place_of(const doc *D, int fi)
{
    const fig *f = &D->fg[fi];
    int m = best_in_clauses(D, f->clause, f->clause, f->w0), speaker = -1;
    if (m >= 0 && speaker_place(D, m, f->w0)) {
        speaker = m;
        m = -1;
    }
    if (m < 0 && (m = anaphor_place(D, f)) >= 0)
        return m;
    /* A road or a direction is a reference point, not the place: in "على طريق دير الزور -
     * تدمر قرب بلدة الشولا" the dash ends the clause, and the locality the next clause names
     * with قرب / في is where it happened. */
    if (m >= 0 && D->mdir[m] && (size_t)f->clause + 1 < D->nclauses &&
        D->tk[D->clause_first[f->clause + 1]].sent == f->sent) {
        int near = best_in_clauses(D, f->clause + 1, f->clause + 1, 0);
        if (near >= 0 && place_rank(D, near) == 0 && D->mloc[near])
            return near;
    }
    if (m >= 0)
        return m;
    int c0 = f->clause, s = f->sent, dateline = -1, country = -1, later = -1;
    for (int dist = 1; dist < 12; dist++) {
        int before = c0 - dist, after = c0 + dist;
        int any = 0;
        if (before >= 0 && D->tk[D->clause_first[before]].sent == s) {
            any = 1;
            if (!clause_owned(D, before, fi) && (m = best_in_clauses(D, before, before, 0)) >= 0) {
                /* "مقتل الفريق …، قائد المستشارين الروس في سوريا، بقصف … قرب دير الزور":
                 * the country only when the sentence names nothing finer */
                if (place_rank(D, m) >= 5 && !D->d->mentions[m].foreign) {
                    if (country < 0)
                        country = m;
                } else if (dateline >= 0 || !dateline_clause(D, before)) {
                    return m;
                } else {
                    dateline = m;
                }
            }
        }
        if ((size_t)after < D->nclauses && D->tk[D->clause_first[after]].sent == s) {
            any = 1;
            if (!clause_owned(D, after, fi) && (m = best_in_clauses(D, after, after, 0)) >= 0) {
                /* "… أدى إلى مقتل ثلاثة مدنيين، كما انفجرت دراجة مفخخة في بلدة الراعي دون
                 * إصابات": a clause that opens another event and counts no one */
                if (other_event(D, after)) {
                    if (later < 0)
                        later = m;
                } else if (place_rank(D, m) < 5 || D->d->mentions[m].foreign) {
                    return m;
                } else if (country < 0) {
                    country = m;
                }
            }
        }
        if (!any)
            break;
    }
    if (dateline >= 0)
        return dateline;
    if (speaker >= 0)
        return speaker;
    if (later >= 0)
        return later;
    /* "أعلن حزب الله مقتل 19 … منذ بدء معركة جرود عرسال …، فيما قال … إن مقاتليه قتلوا
     * أكثر من 150 مسلحاً": a sentence that names only places abroad tells of abroad */
    int abroad = -1, home = 0;
    for (size_t k = 0; k < D->d->nmentions; k++) {
        int w = D->mtok[k];
        if (w < 0 || D->tk[w].sent != s)
            continue;
        if (!D->d->mentions[k].foreign)
            home = 1;
        else if (abroad < 0)
            abroad = (int)k;
    }
    if (abroad >= 0 && !home)
        return abroad;
    if (country >= 0)
        return country;
    /* the sentences before, nearest first */
    for (int back = 1; back <= 2; back++) {
        int cs = -1, ce = -1;
        for (size_t c = 0; c < D->nclauses; c++) {
            if (D->tk[D->clause_first[c]].sent != s - back)
                continue;
            if (cs < 0)
                cs = (int)c;
            ce = (int)c;
        }
        /* "وفي أنقرة، قال أردوغان …. وكانت قوات النظام قد سيطرت … بعد معارك قتل فيها 43
         * عنصراً من فصائل المعارضة": a side that fights only in Syria is not abroad */
        if (cs >= 0 && (m = best_in_clauses(D, cs, ce, 0)) >= 0 &&
            !(D->d->mentions[m].foreign && syrian_side(f->group)))
            return m;
    }
    return D->d->focus;
}

/* A running total: "ارتفعت حصيلة … إلى", "منذ بدء الهجوم", "في المجموع", "خلال معارك …". */
static int cumulative_of(const doc *D, const fig *f)
{
    size_t c0 = D->clause_first[f->clause], c1 = D->clause_first[f->clause + 1];
    for (size_t k = c0; k < c1; k++) {
        int tag = D->tk[k].tag;
        if ((tag & W_SINCE) && k + 1 < c1)
            return 1;
        if (tag & W_TOTAL)
            return 1;
        if ((tag & W_DURING) && k + 1 < c1 &&
            ((D->tk[k + 1].tag & W_PERIOD) ||
             ((D->tk[k + 1].tag & W_CAMPAIGN) && !has_article(D, k + 1))))
            return 1;
    }
    /* a rising toll before the count in the same sentence, with no other count or cue between
     * ("ارتفعت حصيلة … إلى 13، بعد مقتل 5 جنود": the 5 is a new figure) */
    for (size_t k = f->w0; k > 0 && f->w0 - k < 16; k--) {
        const tok *t = &D->tk[k - 1];
        if (t->sent != f->sent || t->digits || (t->tag & R_PRE))
            break;
        if (t->tag & W_RISE)
            return 1;
    }
    return 0;
}

/* ---- duplicates, events ------------------------------------------------------------------- */

/* A place too coarse to tell two reports apart: none, a region or governorate, or a locality
 * named only as a reference point. */
static int coarse(const doc *D, int m)
{
    return m < 0 || place_rank(D, m) >= 1;
}

/* Mentions A and B name the same place (or are the same mention). */
static int same_place(const doc *D, int a, int b)
{
    return a == b || (a >= 0 && b >= 0 && D->d->mentions[a].place == D->d->mentions[b].place);
}

static int same_area(const doc *D, int a, int b)
{
    if (a < 0 || b < 0)
        return 1;
    const ex_mention *x = &D->d->mentions[a], *y = &D->d->mentions[b];
    if (x->place == y->place)
        return 1;
    if (!D->d->gaz)
        return 0;
    kh_place p, q;
    kh_gaz_place(D->d->gaz, x->place, &p);
    kh_gaz_place(D->d->gaz, y->place, &q);
    return *p.admin1 && strcmp(p.admin1, q.admin1) == 0;
}

/* Whether one of mentions A and B is a city and the other a quarter, camp or landmark in it
 * ("حي باب توما" and "دمشق"): one place for telling a figure twice. */
static int within_city(const doc *D, int a, int b)
{
    if (a < 0 || b < 0 || !D->d->gaz)
        return 0;
    kh_place p, q;
    kh_gaz_place(D->d->gaz, D->d->mentions[a].place, &p);
    kh_gaz_place(D->d->gaz, D->d->mentions[b].place, &q);
    if (q.kind == KH_KIND_CITY) {
        kh_place x = p;
        p = q;
        q = x;
    }
    if (p.kind != KH_KIND_CITY || (q.kind != KH_KIND_NEIGHBOURHOOD && q.kind != KH_KIND_CAMP &&
                                   q.kind != KH_KIND_LANDMARK))
        return 0;
    double dy = (p.lat - q.lat) * 111.0, dx = (p.lon - q.lon) * 111.0 * 0.82;
    return strcmp(p.country, q.country) == 0 && dx * dx + dy * dy < 15.0 * 15.0;
}

/* Whether two counts can be the same one told twice: equal, or "أكثر من 30" and 31. */
static int same_count(const fig *a, const fig *b)
{
    if (a->value == b->value)
        return 1;
    if (a->value < 0 || b->value < 0)
        return 0;
    const fig *lo = a->value < b->value ? a : b, *hi = lo == a ? b : a;
    if (lo->qual == KH_QUAL_AT_LEAST && hi->value <= lo->value + lo->value / 5 + 1)
        return 1;
    if ((lo->qual == KH_QUAL_ABOUT || hi->qual == KH_QUAL_ABOUT) &&
        hi->value <= lo->value + lo->value / 5 + 1)
        return 1;
    return 0;
}

/* Whether some figure is a part of figure F. */
static int has_parts(const doc *D, int f)
{
    for (size_t k = 0; k < D->nfg; k++)
        if (D->fg[k].part_of == f && !D->fg[k].dropped)
            return 1;
    return 0;
}

static int headline(const doc *D, int sent);

/* How many figures a sentence holds. */
static int sentence_figures(const doc *D, int sent)
{
    int n = 0;
    for (size_t k = 0; k < D->nfg; k++)
        n += D->fg[k].sent == sent && !D->fg[k].dropped && !D->fg[k].is_sum;
    return n;
}

/* Whether sentence SENT is a headline: a whole short line among the first lines of a longer
 * text ("روسيا تقول إنها قتلت أمير دير الزور." above the report). */
static int headline(const doc *D, int sent)
{
    size_t ns, len;
    const kh_span *sp = kh_text_sentences(D->t, &ns);
    kh_text_folded(D->t, &len);
    if (sent < 0 || sent > 2 || (size_t)sent + 3 > ns)
        return 0;
    const kh_span *x = &sp[sent];
    size_t words = 0;
    for (size_t k = 0; k < D->n; k++)
        words += D->tk[k].sent == sent;
    int line_start = x->start == 0 || D->f[x->start - 1] == '\n';
    size_t e = x->end;
    while (e < len && D->f[e] == ' ')
        e++;
    int line_end = e >= len || D->f[e] == '\n';
    return words > 0 && words < 16 && line_start && line_end;
}

/* Drop figure F and the figures that are parts of it ("23 قتيلاً بينهم 5 أطفال" above a
 * report that tells the 23 and its 5 again). */
static void drop_with_parts(doc *D, int f)
{
    D->fg[f].dropped = 1;
    for (size_t k = 0; k < D->nfg; k++)
        if (D->fg[k].part_of == f && !D->fg[k].dropped)
            drop_with_parts(D, (int)k);
}

/* Whether every part of figure B has a part of A with the same count and kind: B and its
 * parts tell A and its parts again. */
static int parts_repeat(const doc *D, int a, int b)
{
    for (size_t k = 0; k < D->nfg; k++) {
        const fig *p = &D->fg[k];
        if (p->part_of != b || p->dropped)
            continue;
        int found = 0;
        for (size_t j = 0; j < D->nfg && !found; j++)
            found = D->fg[j].part_of == a && !D->fg[j].dropped && D->fg[j].kind == p->kind &&
                    same_count(&D->fg[j], p);
        if (!found)
            return 0;
    }
    return 1;
}

/* Whether sentence SENT is the text's first line, a title however long, above more lines
 * ("المرصد السوري: ارتفاع عدد قتلى … إلى 54" over the report that tells the 54 again). */
static int title_line(const doc *D, int sent)
{
    size_t ns, len;
    const kh_span *sp = kh_text_sentences(D->t, &ns);
    kh_text_folded(D->t, &len);
    if (sent != 0 || ns < 2)
        return 0;
    size_t e = sp[0].end;
    while (e < len && D->f[e] == ' ')
        e++;
    return e < len && D->f[e] == '\n';
}

/* A headline's figure that the report below does not repeat sums the report up its own way
 * (or names one of its dead): the report's figures stand for it, and its parts go with it. */
static void drop_headlines(doc *D)
{
    for (size_t a = 0; a < D->nfg; a++) {
        fig *A = &D->fg[a];
        if (A->dropped || A->value < 0 || A->part_of >= 0 || !headline(D, A->sent))
            continue;
        for (size_t b = 0; b < D->nfg; b++) {
            const fig *B = &D->fg[b];
            if (!B->dropped && B->value >= 0 && B->kind == A->kind && !headline(D, B->sent) &&
                B->sent > A->sent) {
                drop_with_parts(D, (int)a);
                break;
            }
        }
    }
}

/* The same figure told twice (a headline and its lead, "قتل شخصان … ما أدى إلى وقوع قتيلين"):
 * keep the first, with the finer place of the two. */
static void drop_repeats(doc *D)
{
    for (size_t a = 0; a < D->nfg; a++) {
        fig *A = &D->fg[a];
        if (A->dropped || A->value < 0 || A->part_of >= 0)
            continue;
        for (size_t b = 0; b < D->nfg; b++) {
            fig *B = &D->fg[b];
            if (b == a || B->dropped || !same_count(A, B) || B->kind != A->kind ||
                B->part_of >= 0 || B->w0 < A->w0 || B->sent == A->sent)
                continue;
            int same = same_place(D, A->mention, B->mention) ||
                       ((coarse(D, A->mention) || coarse(D, B->mention)) &&
                        same_area(D, A->mention, B->mention)) ||
                       within_city(D, A->mention, B->mention);
            if (!same)
                continue;
            int a_parts = has_parts(D, (int)a), b_parts = has_parts(D, (int)b);
            if (a_parts && b_parts) {
                /* both told with their parts: a headline above its report ("مقتل 7 مدنيين
                 * بينهم 3 أطفال" twice), or the same parts again */
                int ha = headline(D, A->sent), hb = headline(D, B->sent);
                if (ha && !hb) {
                    if (B->mention < 0 || (coarse(D, B->mention) && !coarse(D, A->mention)))
                        B->mention = A->mention;
                    drop_with_parts(D, (int)a);
                    break;
                }
                if (ha == hb && parts_repeat(D, (int)a, (int)b))
                    drop_with_parts(D, (int)b);
                continue;
            }
            /* keep the one told with more: its parts, its injured ("بمقتل 6 مدنيين وإصابة 10
             * آخرين"), an exact count rather than "أكثر من 30" */
            fig *keep = A, *drop = B;
            if (b_parts || (!a_parts && (sentence_figures(D, B->sent) > sentence_figures(D, A->sent) ||
                                         (A->qual != KH_QUAL_EXACT && B->qual == KH_QUAL_EXACT) ||
                                         ((headline(D, A->sent) || title_line(D, A->sent)) &&
                                          !headline(D, B->sent)))))
                keep = B, drop = A;
            if (keep->mention < 0 || (coarse(D, keep->mention) && !coarse(D, drop->mention)) ||
                (within_city(D, keep->mention, drop->mention) &&
                 D->d->mentions[keep->mention].kind == KH_KIND_CITY))
                keep->mention = drop->mention;
            if (!keep->group)
                keep->group = drop->group;
            drop->dropped = 1;
            if (drop == A)
                break;
        }
    }
}

static size_t clause_start(const doc *D, int c)
{
    return D->tk[D->clause_first[c]].start;
}

static size_t clause_end(const doc *D, int c)
{
    return D->tk[D->clause_first[c + 1] - 1].end;
}

static int build_events(doc *D, ex_event **out, size_t *nout)
{
    ex_event *ev = calloc(D->nfg ? D->nfg : 1, sizeof *ev);
    size_t n = 0;
    if (!ev)
        return -1;
    /* figures in text order; a total made here goes before its first part */
    size_t *order = malloc((D->nfg ? D->nfg : 1) * sizeof *order);
    if (!order) {
        free(ev);
        return -1;
    }
    size_t no = 0;
    for (size_t k = 0; k < D->nfg; k++)
        if (!D->fg[k].dropped)
            order[no++] = k;
    for (size_t a = 1; a < no; a++) {
        size_t x = order[a], b = a;
        while (b > 0) {
            const fig *p = &D->fg[order[b - 1]], *q = &D->fg[x];
            int later = p->w0 > q->w0 || (p->w0 == q->w0 && !p->is_sum && q->is_sum);
            if (!later)
                break;
            order[b] = order[b - 1];
            b--;
        }
        order[b] = x;
    }
    for (size_t a = 0; a < no; a++) {
        fig *f = &D->fg[order[a]];
        if (f->event >= 0)
            continue;
        ex_event e = { .killed = -1, .injured = -1, .part_of = -1, .mention = f->mention };
        fig *g = NULL;
        /* a killed and an injured figure side by side make one event, past the parts of the
         * first ("11 مدنياً، بينهم أربعة أطفال، قتلوا وأصيب 16 آخرون") */
        size_t b = a + 1;
        while (b < no && D->fg[order[b]].part_of == (int)order[a])
            b++;
        if (b < no && f->part_of < 0 && !f->is_sum) {
            fig *h = &D->fg[order[b]];
            if (h->kind != f->kind && h->part_of < 0 && !h->is_sum && h->sent == f->sent &&
                same_place(D, h->mention, f->mention) && h->event < 0)
                g = h;
        }
        fig *k = f->kind == K_KILLED ? f : g, *i = f->kind == K_INJURED ? f : g;
        if (k)
            e.killed = k->value;
        if (i)
            e.injured = i->value;
        const fig *lead = k && k->value >= 0 ? k : (i && i->value >= 0 ? i : f);
        e.qualifier = kh_qualifier_name(lead->qual);
        e.group = f->group ? f->group : g ? g->group : NULL;
        e.cumulative = f->cumulative || (g && g->cumulative);
        int c0 = f->clause, c1 = g && g->clause > f->clause ? g->clause : f->clause;
        e.start = clause_start(D, c0);
        e.end = clause_end(D, c1);
        e.date = ex_dates_nearest(D->dates, e.start, e.end);
        f->event = (int)n;
        if (g)
            g->event = (int)n;
        ev[n++] = e;
    }
    /* parts point at their total's event */
    for (size_t a = 0; a < no; a++) {
        fig *f = &D->fg[order[a]];
        if (f->part_of >= 0 && f->event >= 0 && D->fg[f->part_of].event >= 0 &&
            !D->fg[f->part_of].dropped)
            ev[f->event].part_of = D->fg[f->part_of].event;
    }
    free(order);
    *out = ev;
    *nout = n;
    return 0;
}

int ex_casualties(const ex_docinfo *d, ex_event **out, size_t *n, kh_error *err)
{
    int rc = KH_E_NOMEM;
    doc D = { .d = d, .t = d->text };
    *out = NULL;
    *n = 0;
    pthread_once(&tabs_once, tabs_init);
    if (!tab_cue || !tab_group || !tab_place || !tab_person || !tab_killer || !tab_kill_on ||
        !tab_relative || !tab_one_more || !tab_subject_verb || !tab_besides ||
        !tab_that || !tab_new_event || !tab_anaphor) {
        kh_error_set(err, KH_E_NOMEM, "out of memory building the casualty word tables");
        return KH_E_NOMEM;
    }
    if (!d->text)
        return 0;
    D.f = kh_text_folded(d->text, NULL);
    if (tokenize(&D) < 0)
        goto out;
    D.mtok = malloc((d->nmentions ? d->nmentions : 1) * sizeof *D.mtok);
    D.mdir = calloc(d->nmentions ? d->nmentions : 1, sizeof *D.mdir);
    D.mloc = calloc(d->nmentions ? d->nmentions : 1, sizeof *D.mloc);
    D.mdest = calloc(d->nmentions ? d->nmentions : 1, sizeof *D.mdest);
    if (!D.mtok || !D.mdir || !D.mloc || !D.mdest)
        goto out;
    for (size_t m = 0, w = 0; m < d->nmentions; m++) {
        while (w < D.n && D.tk[w].end <= d->mentions[m].start)
            w++;
        D.mtok[m] = w < D.n ? (int)w : -1;
        if (w >= D.n)
            continue;
        /* بإدلب, بريف: a preposition glued to the name */
        D.mloc[m] = d->mentions[m].start >= D.tk[w].start + 2 &&
                    !(D.f[D.tk[w].start] == '\xd9' && D.f[D.tk[w].start + 1] == '\x88');
        if (w > 0 && same_clause(&D, w - 1, w) && (ptag_of(&D, w - 1) & P_LOC))
            D.mloc[m] = 1;
        /* جنوب حلب, شمالي مدينة تلبيسة, ريف درعا */
        for (size_t b = w; b > 0 && w - b < 2 && w < D.n; b--) {
            if (!same_clause(&D, b - 1, w))
                break;
            if (ptag_of(&D, b - 1) & (P_DIRECTION | P_RIF))
                D.mdir[m] = 1;
        }
        /* "نقلوا إلى مستشفى المجتهد", "أسعف إلى مشفى مدينة جاسم", "نزحوا نحو مدينة عفرين": where
         * the wounded or the displaced went, not where it happened */
        for (size_t b = w; b > 0 && w - b < 4 && same_clause(&D, b - 1, w); b--) {
            if (m > 0 && D.mtok[m - 1] == (int)b - 1)
                break;      /* "إلى البوكمال في مدينة الميادين": the name before went there */
            if (!(ptag_of(&D, b - 1) & P_TO))
                continue;
            for (size_t v = b - 1; v > 0 && b - 1 - v < 4 && same_clause(&D, v - 1, w); v--)
                if (ptag_of(&D, v - 1) & P_MOTION)
                    D.mdest[m] = 1;
            break;
        }
        /* "مقاتلين موالين لإيران", "الفصائل المدعومة من تركيا": the side a group is on; "وقال
         * مراسل عنب بلدي في درعا": where the reporter is. Neither is where it happened. */
        for (size_t b = w; b > 0 && w - b < 5 && same_clause(&D, b - 1, w); b--) {
            int pt = ptag_of(&D, b - 1);
            if (((pt & P_SIDE) && w - b < 2) || (pt & P_REPORTER))
                D.mdest[m] = 1;
            if (m > 0 && D.mtok[m - 1] == (int)b - 1)
                break;
        }
    }
    if (find_counts(&D) < 0 || find_persons(&D) < 0 || find_vague(&D) < 0)
        goto out;
    for (size_t k = 0; k < D.nfg; k++) {
        fig *f = &D.fg[k];
        f->group = group_of(&D, f);
        f->cumulative = cumulative_of(&D, f);
        f->mention = place_of(&D, (int)k);
        /* counts of people outside Syria are not Syrian events */
        if (f->mention >= 0 && d->mentions[f->mention].foreign)
            f->dropped = 1;
    }
    for (size_t k = 0; k < D.nfg; k++) {
        fig *f = &D.fg[k];
        if (f->part_of >= 0) {
            fig *t = &D.fg[f->part_of];
            if (t->dropped)
                f->dropped = 1;
            f->cumulative |= t->cumulative;
            if (f->mention >= 0 && t->mention >= 0 &&
                (!same_area(&D, f->mention, t->mention) ||
                 (coarse(&D, f->mention) && !coarse(&D, t->mention))))
                f->mention = t->mention;
        }
        /* "قتل 9 من مقاتلي الفصائل … فيما قتل المقاتلون التسعة على محور تل ملح": the same
         * nine, whose place the second telling names */
        if (f->anaphor && !f->dropped) {
            for (size_t j = k; j > 0; j--) {
                fig *g = &D.fg[j - 1];
                if (g->dropped || g->kind != f->kind || g->value != f->value || g->w0 > f->w0)
                    continue;
                if (g->mention < 0 || (coarse(&D, g->mention) && !coarse(&D, f->mention)))
                    g->mention = f->mention;
                f->dropped = 1;
                break;
            }
        }
    }
    drop_repeats(&D);
    drop_headlines(&D);
    if (!(D.dates = ex_dates_find(d)) || build_events(&D, out, n) < 0)
        goto out;
    rc = 0;
out:
    if (rc < 0)
        kh_error_set(err, rc, "out of memory finding casualty figures");
    free(D.tk);
    free(D.clause_first);
    free(D.fg);
    free(D.mtok);
    free(D.mdir);
    free(D.mloc);
    free(D.mdest);
    ex_dates_free(D.dates);
    return rc;
}
