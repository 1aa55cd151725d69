/* Event dates: explicit dates (13 نوفمبر 2017, 30 أيلول), days relative to the publication date
 * (أمس, الجمعة, قبل يومين, الأسبوع الماضي, منذ الجمعة) and the one nearest a casualty figure. */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

/* ---- the calendar ------------------------------------------------------------------------- */

static ex_date from_day_number(long z, int precision)
{
    ex_date date = { .precision = precision };
    kh_date_civil_from_days(z, &date.y, &date.m, &date.d);
    return date;
}

/* 0 Sunday … 6 Saturday. */
static int weekday(long z)
{
    return kh_date_weekday(z) % 7;
}

int ex_date_parse_iso(const char *s, ex_date *out)
{
    *out = (ex_date){ 0 };
    const char *rest;
    int y, m, d;
    if (kh_date_parse_iso(s, &rest, &y, &m, &d) != 0)
        return -1;
    /* a timestamp keeps its date part: 2017-09-09T10:00:00Z, "2017-09-09 10:00" */
    if (*rest != '\0' && *rest != 'T' && *rest != ' ')
        return -1;
    *out = (ex_date){ y, m, d, EX_DATE_DAY };
    return 0;
}

/* ---- words -------------------------------------------------------------------------------- */

enum {
    D_TODAY = 1,        /* اليوم */
    D_YESTERDAY,        /* أمس, البارحة, الليلة الماضية */
    D_BEFORE_YESTERDAY, /* أول أمس, أمس الأول */
    D_WEEKDAY,          /* + 0..6 below */
    D_SINCE = D_WEEKDAY + 7,    /* منذ */
    D_AGO,              /* قبل */
    D_PAST,             /* الماضي, المنصرم, الفائت */
    D_LAST_WEEK,        /* الأسبوع الماضي */
    D_THIS_WEEK,        /* هذا الأسبوع */
    D_LAST_MONTH,       /* الشهر الماضي */
    D_THIS_MONTH,       /* هذا الشهر */
    D_PART_OF_DAY,      /* فجر, صباح, مساء, ليل, يوم … */
    D_DAY_UNIT,         /* يوم */
    D_DAYS,             /* أيام, يوما: after a count */
    D_TWO_DAYS,         /* يومين */
    D_WEEK_UNIT,        /* أسبوع */
    D_WEEKS,            /* أسابيع */
    D_TWO_WEEKS,        /* أسبوعين */
    D_ORDINAL,          /* اليوم الأول, اليوم التالي: not today */
    D_MONTH_WORD,       /* شهر */
    D_YEAR_WORD,        /* عام, سنة */
    D_NOT_TODAY,        /* words that make a following اليوم not a date: حتى, منذ, نفس */
    D_YEAR_START,       /* مطلع العام, بداية العام */
    D_CURRENT,          /* الحالي, الجاري (after العام) */
    D_SAME,             /* ذاته, نفسه after اليوم / الوقت: the day just told */
    D_SAME_BEFORE,      /* ذات, نفس before اليوم / الوقت */
    D_TIME_WORD,        /* الوقت */
    D_MONTH_BARE,       /* الشهر: "الثلاثين من الشهر" is the month the text is about */
    D_DAYS_DEF,         /* الأيام: "خلال الأيام الثلاثة الماضية" */
    D_MONTH = 64,       /* + 1..12; +16 when the name is also a common word (آب, مارس) */
};
#define D_AMBIGUOUS 16

static const kh_wordtab_entry date_words[] = {
    { "اليوم", D_TODAY }, { "أمس", D_YESTERDAY }, { "البارحة", D_YESTERDAY },
    { "الليلة الماضية", D_YESTERDAY }, { "ليلة أمس", D_YESTERDAY }, { "ليل أمس", D_YESTERDAY },
    { "أول أمس", D_BEFORE_YESTERDAY }, { "أول من أمس", D_BEFORE_YESTERDAY },
    { "أمس الأول", D_BEFORE_YESTERDAY },
    { "الأحد", D_WEEKDAY + 0 }, { "الاثنين", D_WEEKDAY + 1 }, { "الإثنين", D_WEEKDAY + 1 },
    { "الثلاثاء", D_WEEKDAY + 2 }, { "الأربعاء", D_WEEKDAY + 3 }, { "الخميس", D_WEEKDAY + 4 },
    { "الجمعة", D_WEEKDAY + 5 }, { "السبت", D_WEEKDAY + 6 },
    { "منذ", D_SINCE }, { "قبل", D_AGO },
    { "الماضي", D_PAST }, { "الماضية", D_PAST }, { "المنصرم", D_PAST }, { "المنصرمة", D_PAST },
    { "الفائت", D_PAST }, { "الفائتة", D_PAST },
    { "الأسبوع الماضي", D_LAST_WEEK }, { "الأسبوع المنصرم", D_LAST_WEEK },
    { "الأسبوع الفائت", D_LAST_WEEK }, { "الاسبوع الماضي", D_LAST_WEEK },
    { "الأسبوع الأخير", D_LAST_WEEK },
    { "مطلع العام", D_YEAR_START }, { "بداية العام", D_YEAR_START },
    { "مطلع هذا العام", D_YEAR_START }, { "بداية هذا العام", D_YEAR_START },
    { "مطلع السنة", D_YEAR_START }, { "بداية السنة", D_YEAR_START },
    { "مستهل العام", D_YEAR_START }, { "أول العام", D_YEAR_START },
    { "مطلع عام", D_YEAR_START }, { "بداية عام", D_YEAR_START },
    { "الحالي", D_CURRENT }, { "الجاري", D_CURRENT },
    { "هذا الأسبوع", D_THIS_WEEK }, { "الأسبوع الجاري", D_THIS_WEEK },
    { "الأسبوع الحالي", D_THIS_WEEK },
    { "الشهر الماضي", D_LAST_MONTH }, { "الشهر المنصرم", D_LAST_MONTH },
    { "الشهر الفائت", D_LAST_MONTH },
    { "هذا الشهر", D_THIS_MONTH }, { "الشهر الجاري", D_THIS_MONTH },
    { "الشهر الحالي", D_THIS_MONTH },
    { "فجر", D_PART_OF_DAY }, { "صباح", D_PART_OF_DAY }, { "ظهر", D_PART_OF_DAY },
    { "ظهيرة", D_PART_OF_DAY }, { "عصر", D_PART_OF_DAY }, { "مساء", D_PART_OF_DAY },
    { "ليل", D_PART_OF_DAY }, { "ليلة", D_PART_OF_DAY }, { "منتصف", D_PART_OF_DAY },
    { "ساعات", D_PART_OF_DAY }, { "يوم", D_DAY_UNIT }, { "أيام", D_DAYS },
    { "يوما", D_DAYS }, { "يومين", D_TWO_DAYS }, { "يومان", D_TWO_DAYS },
    { "أسبوع", D_WEEK_UNIT }, { "أسابيع", D_WEEKS }, { "أسبوعين", D_TWO_WEEKS },
    { "الأول", D_ORDINAL }, { "التالي", D_ORDINAL }, { "الثاني", D_ORDINAL },
    { "الثالث", D_ORDINAL }, { "السابق", D_ORDINAL }, { "نفسه", D_SAME }, { "ذاته", D_SAME },
    { "عينه", D_SAME }, { "ذات", D_SAME_BEFORE }, { "نفس", D_SAME_BEFORE },
    { "الوقت", D_TIME_WORD }, { "الشهر", D_MONTH_BARE }, { "الأيام", D_DAYS_DEF },
    { "شهر", D_MONTH_WORD }, { "عام", D_YEAR_WORD }, { "سنة", D_YEAR_WORD },
    { "حتى", D_NOT_TODAY },
    /* "في تقريرها الصادر اليوم", "في بيان نشرته اليوم": the day of the report, not of the dead */
    { "الصادر", D_NOT_TODAY }, { "الصادرة", D_NOT_TODAY }, { "صادر", D_NOT_TODAY },
    { "صادرة", D_NOT_TODAY }, { "نشرته", D_NOT_TODAY }, { "نشرتها", D_NOT_TODAY },
    { "أصدرته", D_NOT_TODAY }, { "أصدرها", D_NOT_TODAY }, { "أصدرتها", D_NOT_TODAY },
    /* Levantine and Iraqi month names */
    { "كانون الثاني", D_MONTH + 1 }, { "شباط", D_MONTH + 2 }, { "آذار", D_MONTH + 3 },
    { "نيسان", D_MONTH + 4 }, { "أيار", D_MONTH + 5 }, { "حزيران", D_MONTH + 6 },
    { "تموز", D_MONTH + 7 }, { "آب", D_MONTH + D_AMBIGUOUS + 8 }, { "أيلول", D_MONTH + 9 },
    { "تشرين الأول", D_MONTH + 10 }, { "تشرين الثاني", D_MONTH + 11 },
    { "كانون الأول", D_MONTH + 12 },
    /* Egyptian / Gulf and Maghrebi names */
    { "يناير", D_MONTH + 1 }, { "جانفي", D_MONTH + 1 }, { "فبراير", D_MONTH + 2 },
    { "فيفري", D_MONTH + 2 }, { "مارس", D_MONTH + D_AMBIGUOUS + 3 }, { "أبريل", D_MONTH + 4 },
    { "ابريل", D_MONTH + 4 }, { "إبريل", D_MONTH + 4 }, { "أفريل", D_MONTH + 4 },
    { "مايو", D_MONTH + 5 }, { "ماي", D_MONTH + D_AMBIGUOUS + 5 }, { "يونيو", D_MONTH + 6 },
    { "يونيه", D_MONTH + 6 }, { "جوان", D_MONTH + 6 }, { "يوليو", D_MONTH + 7 },
    { "يوليه", D_MONTH + 7 }, { "يوليوز", D_MONTH + 7 }, { "جويلية", D_MONTH + 7 },
    { "أغسطس", D_MONTH + 8 }, { "اغسطس", D_MONTH + 8 }, { "أوت", D_MONTH + D_AMBIGUOUS + 8 },
    { "سبتمبر", D_MONTH + 9 }, { "أكتوبر", D_MONTH + 10 }, { "نوفمبر", D_MONTH + 11 },
    { "ديسمبر", D_MONTH + 12 },
};

/* Days of the month as ordinals: العاشر من آذار, الحادي والعشرين من أيلول (tags 1..31). */
static const char *const ordinal_units[] = { NULL, "الأول", "الثاني", "الثالث", "الرابع",
                                             "الخامس", "السادس", "السابع", "الثامن", "التاسع" };

static kh_wordtab *tab_date, *tab_ordinal;
static pthread_once_t date_once = PTHREAD_ONCE_INIT;

static void date_init(void)
{
    static char buf[32][64];
    kh_wordtab_entry e[32];
    size_t n = 0;
    for (int d = 1; d <= 31; d++) {
        int u = d % 10, t = d / 10;
        const char *unit = u == 1 && d != 1 ? "الحادي" : ordinal_units[u];
        if (d == 10)
            snprintf(buf[n], sizeof buf[n], "العاشر");
        else if (t == 0)
            snprintf(buf[n], sizeof buf[n], "%s", unit);
        else if (t == 1)
            snprintf(buf[n], sizeof buf[n], "%s عشر", unit);
        else if (u == 0)
            snprintf(buf[n], sizeof buf[n], "%s", t == 2 ? "العشرين" : "الثلاثين");
        else
            snprintf(buf[n], sizeof buf[n], "%s و%s", unit, t == 2 ? "العشرين" : "الثلاثين");
        e[n] = (kh_wordtab_entry){ buf[n], d };
        n++;
    }
    tab_date = kh_wordtab_new(KH_WORDTAB_OF(date_words));
    tab_ordinal = kh_wordtab_new(e, n, NULL);
}

/* ---- reading expressions ------------------------------------------------------------------ */

typedef struct scan {
    const char *f;
    const kh_word *w;
    size_t nw;
    const kh_text *t;
    ex_date pub;
    long pubday;            /* day number of pub, when pub is known */
    int year_hint;          /* without pub: the year the last full date stated ("التاسع من
                             * تشرين الأول 2019 … يوم الجمعة 11 تشرين الأول" is 2019's) */
    ex_date last_day;       /* the last day told, for "في اليوم ذاته" (precision 0: none) */
    ex_date last_month;     /* the month of the last date told, for "الثلاثين من الشهر" */
    /* tag_at of each word, looked up once: an expression is tried at every word and reads
     * the words after it. tags[i] is -1 until word i is looked up; NULL without memory. */
    int *tags;
    unsigned char *tagn;
} scan;

typedef struct dexpr {
    size_t first, end;      /* word range */
    ex_date date;           /* precision 0 when it cannot be resolved (no publication date) */
    int specific;           /* 1 for a day (or better), 0 for weeks, months, ranges */
} dexpr;

static int tag_at(const scan *s, size_t i, size_t *n)
{
    size_t k = 0;
    int tag = 0;
    if (i < s->nw && s->tags && s->tags[i] >= 0) {
        tag = s->tags[i];
        k = s->tagn[i];
    } else if (i < s->nw) {
        tag = kh_wordtab_match(tab_date, s->t, i, KH_STRIP_ALL, &k);
        if (s->tags && k <= UCHAR_MAX) {
            s->tags[i] = tag;
            s->tagn[i] = (unsigned char)k;
        }
    }
    if (n)
        *n = tag ? k : 0;
    return tag;
}

static int is_month(int tag)
{
    return tag >= D_MONTH && tag < D_MONTH + 32;
}

static int month_of(int tag)
{
    return (tag - D_MONTH) & 15;
}

/* Digits at word I as an integer, or -1. */
static long digits(const scan *s, size_t i)
{
    if (i >= s->nw || s->w[i].kind != KH_WORD_DIGITS || s->w[i].end - s->w[i].start > 4)
        return -1;
    return strtol(s->f + s->w[i].start, NULL, 10);
}

/* Only these characters lie between words I-1 and I. */
static int between_only(const scan *s, size_t i, const char *chars)
{
    if (i == 0 || i >= s->nw)
        return 0;
    for (size_t k = s->w[i - 1].end; k < s->w[i].start; k++)
        if (!strchr(chars, s->f[k]))
            return 0;
    return 1;
}

/* A month name at word I, possibly doubled as reporting does ("سبتمبر\أيلول", "مارس / آذار",
 * "آذار (مارس)"). Returns the month (1..12) or 0; *end gets the word after it. CONTEXT says
 * whether a day or "شهر" came before, which an ambiguous name (آب, مارس) needs unless a
 * year follows. */
static int month_at(const scan *s, size_t i, int context, size_t *end)
{
    size_t n;
    int tag = tag_at(s, i, &n);
    if (!is_month(tag))
        return 0;
    size_t j = i + n;
    size_t n2;
    int tag2 = tag_at(s, j, &n2);
    if (is_month(tag2) && month_of(tag2) == month_of(tag) && between_only(s, j, " /\\()-"))
        j += n2;
    long y = digits(s, j);
    if ((tag & D_AMBIGUOUS) && !context && !(y >= 1900 && y <= 2100))
        return 0;
    *end = j;
    return month_of(tag);
}

/* The day on or before (or strictly before, when STRICT) REF that falls on weekday WD. */
static long last_weekday(long ref, int wd, int strict)
{
    long z = ref - strict;
    return z - ((weekday(z) - wd + 7) % 7);
}

/* Year for a day and month without one: the latest such date not after the publication day
 * (a report tells what happened, not what will). Without a publication date, the year of the
 * last full date the text stated, or 0. */
static int year_for(const scan *s, int m, int d)
{
    if (!s->pub.precision)
        return s->year_hint;
    int y = s->pub.y;
    if (kh_date_valid(y, m, d ? d : 1) && kh_date_days_from_civil(y, m, d ? d : 1) > s->pubday + 1)
        y--;
    return y;
}

static ex_date relative(const scan *s, long delta, int precision)
{
    if (!s->pub.precision)
        return (ex_date){ 0 };
    return from_day_number(s->pubday + delta, precision);
}

static ex_date month_date(int y, int m)
{
    return y ? (ex_date){ y, m, 1, EX_DATE_MONTH } : (ex_date){ 0 };
}

/* Numeric dates: 13/11/2017, 13-11-2017, 2017-11-13, 2017/11/13. */
static int numeric_date(const scan *s, size_t i, ex_date *out, size_t *end)
{
    long a = digits(s, i), b = digits(s, i + 1), c = digits(s, i + 2);
    if (a < 0 || b < 0 || c < 0 || !between_only(s, i + 1, "/-.") ||
        !between_only(s, i + 2, "/-.") || s->w[i + 1].start - s->w[i].end != 1 ||
        s->w[i + 2].start - s->w[i + 1].end != 1)
        return 0;
    int y, m, d;
    if (a >= 1900 && a <= 2100)
        y = (int)a, m = (int)b, d = (int)c;
    else if (c >= 1900 && c <= 2100)
        y = (int)c, m = (int)b, d = (int)a;
    else
        return 0;
    if (!kh_date_valid(y, m, d))
        return 0;
    *out = (ex_date){ y, m, d, EX_DATE_DAY };
    *end = i + 3;
    return 1;
}

/* A number with the article at word I ("الثلاثة", "العشرة"), or -1. */
static long definite_count(const scan *s, size_t i)
{
    if (i >= s->nw || s->w[i].kind != KH_WORD_LETTERS)
        return -1;
    const char *w = s->f + s->w[i].start;
    size_t len = s->w[i].end - s->w[i].start;
    char buf[64];
    if (len <= 4 || len - 4 >= sizeof buf || memcmp(w, "\xd8\xa7\xd9\x84", 4) != 0)   /* ال */
        return -1;
    memcpy(buf, w + 4, len - 4);
    buf[len - 4] = '\0';
    long v;
    return kh_num_parse(buf, &v) == 0 ? v : -1;
}

static int is_weekday(int tag)
{
    return tag >= D_WEEKDAY && tag < D_WEEKDAY + 7;
}

/* The word after a weekday name at word J, else J: اليوم الأربعاء, أمس السبت 11 آب (a stated
 * date then wins). */
static size_t past_weekday(const scan *s, size_t j)
{
    size_t n;
    return is_weekday(tag_at(s, j, &n)) ? j + n : j;
}

/* A date expression starting at word I. Returns 1 and fills *e, else 0. */
static int expr_at(const scan *s, size_t i, dexpr *e)
{
    size_t j = i, n;
    int since = 0, tag = tag_at(s, j, &n);
    ex_date date = { 0 };
    int specific = 1;

    if (numeric_date(s, j, &date, &j))
        goto done;
    /* "وفي اليوم ذاته", "في الوقت نفسه", "في ذات اليوم": the day the text told last */
    {
        size_t n2, n3;
        int next = tag_at(s, j + n, &n2);
        if (((tag == D_TODAY || tag == D_TIME_WORD) && next == D_SAME) ||
            (tag == D_SAME_BEFORE && (next == D_TODAY || next == D_TIME_WORD) &&
             tag_at(s, j + n + n2, &n3) != D_SAME)) {
            if (!s->last_day.precision)
                return 0;
            e->first = i;
            e->end = j + n + n2;
            e->date = s->last_day;
            e->specific = 1;
            return 1;
        }
    }
    if (tag == D_SINCE) {
        since = 1;
        j += n;
        tag = tag_at(s, j, &n);
    }
    /* part-of-day and "يوم" words lead in: مساء يوم 16 مارس, فجر اليوم, ظهر أمس */
    for (int k = 0; k < 3 && (tag == D_PART_OF_DAY || tag == D_DAY_UNIT); k++) {
        size_t n2;
        int next = tag_at(s, j + n, &n2);
        if (next == D_PART_OF_DAY || next == D_DAY_UNIT || next == D_TODAY ||
            next == D_YESTERDAY || next == D_BEFORE_YESTERDAY ||
            is_weekday(next) || digits(s, j + n) >= 1) {
            j += n;
            tag = next;
            n = n2;
        } else {
            break;
        }
    }
    if (tag == D_AGO || (since && tag != D_TODAY && tag != D_YESTERDAY)) {
        /* قبل يومين, قبل ثلاثة أيام, قبل أسبوع; منذ يومين is a range from then */
        size_t k = tag == D_AGO ? j + n : j;
        size_t n2;
        int unit = tag_at(s, k, &n2);
        long count = 1;
        if (unit == D_TWO_DAYS || unit == D_TWO_WEEKS) {
            count = 2;
        } else if (unit != D_DAY_UNIT && unit != D_WEEK_UNIT) {
            kh_number num;
            if (!kh_num_read(s->t, k, &num) || num.value < 1 || num.value > 60 ||
                num.qualifier != KH_QUAL_EXACT || num.noun)
                goto other;
            count = num.value;
            k = num.end;
            unit = tag_at(s, k, &n2);
            if (unit != D_DAY_UNIT && unit != D_DAYS && unit != D_WEEK_UNIT && unit != D_WEEKS)
                goto other;
        }
        int week = unit == D_WEEK_UNIT || unit == D_WEEKS || unit == D_TWO_WEEKS;
        date = relative(s, -(week ? 7 : 1) * count, week ? EX_DATE_WEEK : EX_DATE_DAY);
        specific = !week;
        j = k + n2;
        goto done;
    }
other:
    if (tag == D_DAYS_DEF) {
        /* "خلال الأيام الثلاثة الماضية": a range from that many days before publication */
        long count = definite_count(s, j + n);
        size_t n2;
        if (count < 2 || count > 60 || tag_at(s, j + n + 1, &n2) != D_PAST)
            return 0;
        date = relative(s, -count, EX_DATE_RANGE);
        specific = 0;
        j += n + 1 + n2;
        goto done;
    }
    if (tag == D_TODAY) {
        if (i > 0 && !since &&
            (tag_at(s, i - 1, NULL) == D_NOT_TODAY || tag_at(s, i - 1, NULL) == D_SAME_BEFORE))
            return 0;
        if (since || tag_at(s, j + n, NULL) == D_ORDINAL)
            return 0;           /* منذ اليوم الأول, اليوم التالي */
        date = relative(s, 0, EX_DATE_DAY);
        j = past_weekday(s, j + n);
        if (digits(s, j) < 1)
            goto done;
    } else if (tag == D_YESTERDAY || tag == D_BEFORE_YESTERDAY) {
        date = relative(s, tag == D_YESTERDAY ? -1 : -2, EX_DATE_DAY);
        j = past_weekday(s, j + n);
        if (digits(s, j) < 1)
            goto done;
    } else if (is_weekday(tag)) {
        size_t n2;
        int wd = tag - D_WEEKDAY;
        j += n;
        int next = tag_at(s, j, &n2);
        int past = since;
        if (next == D_PAST) {
            past = 1;
            j += n2;
        } else if (is_weekday(next)) {
            j += n2;            /* ليل الأحد الاثنين: the night starts on the first */
        }
        if (s->pub.precision)
            date = from_day_number(last_weekday(s->pubday, wd, past), EX_DATE_DAY);
        if (digits(s, j) < 1)
            goto done;
    } else if (tag == D_LAST_WEEK || tag == D_THIS_WEEK) {
        date = relative(s, tag == D_LAST_WEEK ? -7 : 0, EX_DATE_WEEK);
        specific = 0;
        j += n;
        goto done;
    } else if (tag == D_LAST_MONTH || tag == D_THIS_MONTH) {
        if (s->pub.precision) {
            int y = s->pub.y, m = s->pub.m - (tag == D_LAST_MONTH);
            if (m == 0)
                m = 12, y--;
            date = month_date(y, m);
        }
        specific = 0;
        j += n;
        goto done;
    } else if (tag == D_YEAR_START) {
        /* منذ مطلع العام الحالي, منذ بداية العام الجاري 2020, مطلع عام 2019: the first of
         * January (of the publication's year when none is stated) */
        size_t n2;
        j += n;
        if (tag_at(s, j, &n2) == D_CURRENT)
            j += n2;
        long y = digits(s, j);
        if (y >= 1900 && y <= 2100)
            j++;
        else
            y = s->pub.precision ? s->pub.y : s->year_hint;
        if (y)
            date = (ex_date){ (int)y, 1, 1, EX_DATE_MONTH };
        specific = 0;
        goto done;
    } else if (tag == D_MONTH_WORD) {
        /* شهر نيسان, شهر آب الماضي */
        size_t k;
        int m = month_at(s, j + n, 1, &k);
        if (!m)
            return 0;
        long y = digits(s, k);
        if (y >= 1900 && y <= 2100)
            date = month_date((int)y, m), k++;
        else
            date = month_date(year_for(s, m, 0), m);
        if (tag_at(s, k, &n) == D_PAST)
            k += n;
        specific = 0;
        j = k;
        goto done;
    } else if (is_month(tag)) {
        /* نيسان 2016, أبريل الماضي; not the rest of a day that was no date (31 شباط) */
        size_t k;
        if (i > 0 && digits(s, i - 1) >= 1)
            return 0;
        int m = month_at(s, j, 0, &k);
        if (!m)
            return 0;
        long y = digits(s, k);
        int past = tag_at(s, k, &n) == D_PAST;
        if (y >= 1900 && y <= 2100) {
            date = month_date((int)y, m), k++;
        } else if (past || !(tag & D_AMBIGUOUS)) {
            int yy = year_for(s, m, 0);
            if (past && yy && yy == s->pub.y && m >= s->pub.m)
                yy--;
            date = month_date(yy, m);
            if (past)
                k += n;
        } else {
            return 0;
        }
        specific = 0;
        j = k;
        goto done;
    }
    {
        /* a day of a month: 13 نوفمبر 2017, 30 أيلول, 11 آب, العاشر من آذار */
        long d = digits(s, j);
        size_t k, at = j + 1, on = 0;
        if (d < 0 && tab_ordinal && (d = kh_wordtab_match(tab_ordinal, s->t, j, 0, &on)) > 0)
            at = j + on;
        if (d < 1 || d > 31)
            goto check;
        /* "يومي 2 و3 أيار": the first day of the pair */
        if (at + 1 < s->nw && s->w[at].end - s->w[at].start == 2 &&
            memcmp(s->f + s->w[at].start, "\xd9\x88", 2) == 0 && digits(s, at + 1) >= 1 &&
            digits(s, at + 1) <= 31 && month_at(s, at + 2, 1, &k))
            at += 2;
        /* "13 من نوفمبر" */
        int of = at < s->nw && s->w[at].end - s->w[at].start == 4 &&
                 memcmp(s->f + s->w[at].start, "\xd9\x85\xd9\x86", 4) == 0;
        at += of;
        int m = month_at(s, at, 1, &k);
        size_t n2;
        int rel = tag_at(s, at, &n2);
        if (!m && rel == D_MONTH_BARE && of && tag_at(s, at + n2, NULL) != D_CURRENT &&
            tag_at(s, at + n2, NULL) != D_PAST) {
            /* "الثلاثين من الشهر": of the month the text told last (else the publication's) */
            ex_date mo = s->last_month.precision ? s->last_month : s->pub;
            if (!mo.precision || !kh_date_valid(mo.y, mo.m, (int)d))
                goto check;
            date = (ex_date){ mo.y, mo.m, (int)d, EX_DATE_DAY };
            j = at + n2;
            goto done;
        }
        if (!m && (rel == D_THIS_MONTH || rel == D_LAST_MONTH) && of) {
            /* "الأول من الشهر الجاري", "الـ15 من الشهر الماضي" */
            if (!s->pub.precision) {
                date = (ex_date){ 0 };
            } else {
                int yy = s->pub.y, mm = s->pub.m - (rel == D_LAST_MONTH);
                if (mm == 0)
                    mm = 12, yy--;
                if (!kh_date_valid(yy, mm, (int)d))
                    goto check;
                date = (ex_date){ yy, mm, (int)d, EX_DATE_DAY };
            }
            j = at + n2;
            goto done;
        }
        if (!m)
            goto check;
        long y = digits(s, k);
        if (y >= 1900 && y <= 2100)
            k++;
        else
            y = year_for(s, m, (int)d);
        if (y && kh_date_valid((int)y, m, (int)d))
            date = (ex_date){ (int)y, m, (int)d, EX_DATE_DAY };
        else if (y)
            goto check;         /* 31 شباط is no date */
        else
            date = (ex_date){ 0 };
        specific = 1;
        j = k;
        goto done;
    }
check:
    /* what came before the digits, if anything, stands on its own */
    if (j == i || (since && j == i + 1))
        return 0;
done:
    if (since && date.precision)
        date.precision = EX_DATE_RANGE, specific = 0;
    e->first = i;
    e->end = j > i ? j : i + 1;
    e->date = date;
    e->specific = specific;
    return 1;
}

int ex_date_month_word(const kh_text *t, size_t i)
{
    pthread_once(&date_once, date_init);
    if (!tab_date)
        return 0;
    return is_month(kh_wordtab_match(tab_date, t, i, KH_STRIP_ALL, NULL));
}

/* Every date expression of the text, in order. *out is malloc'd. */
static size_t find_exprs(scan *s, dexpr **out)
{
    size_t cap = 0, n = 0;
    dexpr *v = NULL;
    for (size_t i = 0; i < s->nw;) {
        dexpr e;
        if (!expr_at(s, i, &e)) {
            i++;
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            dexpr *nv = realloc(v, cap * sizeof *nv);
            if (!nv)
                break;
            v = nv;
        }
        v[n++] = e;
        i = e.end;
        if (!s->pub.precision && e.date.precision && e.date.y)
            s->year_hint = e.date.y;
        if (e.date.precision == EX_DATE_DAY && e.specific)
            s->last_day = e.date;
        if (e.date.precision && e.date.precision != EX_DATE_WEEK)
            s->last_month = (ex_date){ e.date.y, e.date.m, 1, EX_DATE_MONTH };
    }
    *out = v;
    return n;
}

static size_t dist(size_t a0, size_t a1, size_t b0, size_t b1)
{
    if (a1 <= b0)
        return b0 - a1;
    if (b1 <= a0)
        return a0 - b1;
    return 0;
}

struct ex_dates {
    const ex_docinfo *d;
    dexpr *ex;
    size_t n;
};

ex_dates *ex_dates_find(const ex_docinfo *d)
{
    pthread_once(&date_once, date_init);
    ex_dates *ds = calloc(1, sizeof *ds);
    if (!ds)
        return NULL;
    ds->d = d;
    if (!tab_date || !tab_ordinal || !d->text)
        return ds;
    scan s = { .t = d->text, .pub = d->pub };
    s.f = kh_text_folded(d->text, NULL);
    s.w = kh_text_words(d->text, &s.nw);
    if (s.pub.precision)
        s.pubday = kh_date_days_from_civil(s.pub.y, s.pub.m, s.pub.d);
    s.tags = malloc(s.nw * sizeof *s.tags);
    s.tagn = malloc(s.nw);
    if (!s.tags || !s.tagn) {
        free(s.tags);
        s.tags = NULL;      /* looked up each time instead */
    }
    for (size_t i = 0; s.tags && i < s.nw; i++)
        s.tags[i] = -1;
    ds->n = find_exprs(&s, &ds->ex);
    free(s.tags);
    free(s.tagn);
    /* keep byte offsets: the word indexes are of no use to the caller */
    for (size_t k = 0; k < ds->n; k++) {
        size_t first = ds->ex[k].first, last = ds->ex[k].end - 1;
        ds->ex[k].first = s.w[first].start;
        ds->ex[k].end = s.w[last].end;
    }
    return ds;
}

void ex_dates_free(ex_dates *ds)
{
    if (!ds)
        return;
    free(ds->ex);
    free(ds);
}

ex_date ex_dates_nearest(const ex_dates *ds, size_t start, size_t end)
{
    const ex_docinfo *d = ds->d;
    if (!d->text)
        return d->pub;
    /* the sentence around the span */
    size_t ns;
    const kh_span *sent = kh_text_sentences(d->text, &ns);
    size_t s0 = start, s1 = end;
    for (size_t k = 0; k < ns; k++) {
        if (sent[k].start <= start && start < sent[k].end) {
            s0 = sent[k].start;
            s1 = sent[k].end > end ? sent[k].end : end;
            break;
        }
    }
    const dexpr *ex = ds->ex;
    int best = -1;
    size_t bestd = (size_t)-1;
    long pubday = d->pub.precision ? kh_date_days_from_civil(d->pub.y, d->pub.m, d->pub.d) : 0;
    /* the same clause first, then the nearest in the sentence */
    for (int pass = 0; pass < 2 && best < 0; pass++) {
        size_t a = pass ? s0 : start, b = pass ? s1 : end;
        for (size_t k = 0; k < ds->n; k++) {
            size_t e0 = ex[k].first, e1 = ex[k].end;
            if (e0 < a || e1 > b)
                continue;
            size_t dd = dist(e0, e1, start, end);
            if (dd < bestd) {
                best = (int)k;
                bestd = dd;
            }
        }
    }
    /* then the sentence before, when it tells since when a fight has gone on ("… استمرت
     * منذ فجر الأحد. وقال مصدر إن 9 من المقاتلين قتلوا خلال المعارك") or the week it sums
     * up ("خلال الأسبوع الماضي … 11 شخصاً. كما أصيب 6 أشخاص") */
    if (best < 0) {
        size_t p0 = s0;
        for (size_t k = 0; k < ns; k++)
            if (sent[k].end <= s0 && (k + 1 == ns || sent[k + 1].start >= s0))
                p0 = sent[k].start;
        /* only a recent one: "… منذ توقيع الاتفاق في الخامس من آذار 2020" is background */
        int day_before = 0;
        for (size_t k = 0; k < ds->n; k++)
            day_before |= ex[k].first >= p0 && ex[k].end <= s0 &&
                          ex[k].date.precision == EX_DATE_DAY;
        for (size_t k = 0; p0 < s0 && pubday && k < ds->n; k++) {
            const ex_date *x = &ex[k].date;
            if (ex[k].first < p0 || ex[k].end > s0 ||
                (x->precision != EX_DATE_RANGE && (x->precision != EX_DATE_WEEK || day_before)))
                continue;
            long z = kh_date_days_from_civil(x->y, x->m, x->d);
            if (z <= pubday && z >= pubday - 10)
                best = (int)k;
        }
    }
    /* then the document's first recent day, which reports put in the dateline or the lead
     * ("ارتفع إلى 145 … منذ … في 20 كانون الثاني …، بعد مقتل 4 مدنيين اليوم. كما قتل 3
     * مقاتلين": today, not the 20th), else its first day */
    for (size_t k = 0; best < 0 && pubday && k < ds->n; k++) {
        if (!ex[k].specific || ex[k].date.precision != EX_DATE_DAY)
            continue;
        long z = kh_date_days_from_civil(ex[k].date.y, ex[k].date.m, ex[k].date.d);
        if (z <= pubday && z >= pubday - 10)
            best = (int)k;
    }
    for (size_t k = 0; best < 0 && k < ds->n; k++)
        if (ex[k].specific && ex[k].date.precision == EX_DATE_DAY)
            best = (int)k;
    return best >= 0 ? ex[best].date : d->pub;
}

ex_date ex_event_date(const ex_docinfo *d, size_t start, size_t end)
{
    ex_dates *ds = ex_dates_find(d);
    if (!ds)
        return d->pub;
    ex_date res = ex_dates_nearest(ds, start, end);
    ex_dates_free(ds);
    return res;
}
