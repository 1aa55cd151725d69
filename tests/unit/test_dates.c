/* Unit tests for src/extract/dates.c: ISO dates, relative days, explicit dates, the nearest
 * expression to a figure. No gazetteer needed. */
#include <stdlib.h>

#include "extract/extract_int.h"
#include "kh_test.h"

/* The date ex_event_date gives for the clause of S that contains MARK (the whole text when
 * MARK is NULL), with publication date PUB ("" for none). */
static ex_date date_of(const char *s, const char *pub, const char *mark)
{
    ex_docinfo d = { .focus = -1 };
    kh_text *t = kh_text_new(s, strlen(s), NULL);
    if (*pub)
        ex_date_parse_iso(pub, &d.pub);
    d.text = t;
    size_t n;
    const char *f = kh_text_folded(t, &n);
    size_t a = 0, b = n;
    if (mark) {
        char *m = kh_fold(mark, strlen(mark), NULL);
        const char *at = strstr(f, m);
        if (at) {
            a = (size_t)(at - f);
            b = a + strlen(m);
        }
        free(m);
    }
    ex_date r = ex_event_date(&d, a, b);
    kh_text_free(t);
    return r;
}

#define CHECK_DATE(r, yy, mm, dd, prec)                                                    \
    do {                                                                                   \
        ex_date r_ = (r);                                                                  \
        CHECK_INT(r_.precision, prec);                                                     \
        if (prec) {                                                                        \
            CHECK_INT(r_.y, yy);                                                           \
            CHECK_INT(r_.m, mm);                                                           \
            CHECK_INT(r_.d, dd);                                                           \
        }                                                                                  \
    } while (0)

static void iso_dates_are_validated(void)
{
    ex_date d;
    CHECK_INT(ex_date_parse_iso("2017-09-09", &d), 0);
    CHECK_DATE(d, 2017, 9, 9, EX_DATE_DAY);
    CHECK_INT(ex_date_parse_iso("2016-02-29", &d), 0);
    CHECK_INT(ex_date_parse_iso("2017-02-29", &d), -1);
    CHECK_INT(ex_date_parse_iso("2017-04-31", &d), -1);
    CHECK_INT(ex_date_parse_iso("2017-13-01", &d), -1);
    CHECK_INT(ex_date_parse_iso("2017-9-9", &d), -1);
    CHECK_INT(ex_date_parse_iso("2017-09-09x", &d), -1);
    CHECK_INT(ex_date_parse_iso("", &d), -1);
    CHECK_INT(ex_date_parse_iso(NULL, &d), -1);
    CHECK_INT(ex_date_parse_iso("2017-09-09T10:30:00Z", &d), 0);
    CHECK_DATE(d, 2017, 9, 9, EX_DATE_DAY);
    CHECK_INT(ex_date_parse_iso("1900-02-29", &d), -1);
    CHECK_INT(ex_date_parse_iso("2000-02-29", &d), 0);
}

static void days_relative_to_publication(void)
{
    CHECK_DATE(date_of("قتل 3 مدنيين اليوم في حلب", "2017-09-09", NULL), 2017, 9, 9, EX_DATE_DAY);
    CHECK_DATE(date_of("قتل 3 مدنيين أمس في حلب", "2017-03-01", NULL), 2017, 2, 28, EX_DATE_DAY);
    CHECK_DATE(date_of("قتل 3 مدنيين بالأمس", "2016-03-01", NULL), 2016, 2, 29, EX_DATE_DAY);
    CHECK_DATE(date_of("قتل 3 أول أمس", "2017-01-01", NULL), 2016, 12, 30, EX_DATE_DAY);
    CHECK_DATE(date_of("قتل 3 أمس الأول", "2017-01-10", NULL), 2017, 1, 8, EX_DATE_DAY);
    CHECK_DATE(date_of("قتل 3 الليلة الماضية", "2017-01-10", NULL), 2017, 1, 9, EX_DATE_DAY);
    CHECK_DATE(date_of("قتل 3 قبل يومين", "2017-01-10", NULL), 2017, 1, 8, EX_DATE_DAY);
    CHECK_DATE(date_of("قتل 3 قبل ثلاثة أيام", "2017-01-10", NULL), 2017, 1, 7, EX_DATE_DAY);
    CHECK_DATE(date_of("قتل 3 فجر اليوم", "2017-01-10", NULL), 2017, 1, 10, EX_DATE_DAY);
}

static void weekdays(void)
{
    /* 2017-09-09 is a Saturday */
    CHECK_DATE(date_of("قتل 3 يوم أمس الجمعة", "2017-09-09", NULL), 2017, 9, 8, EX_DATE_DAY);
    CHECK_DATE(date_of("قتل 3 يوم الأربعاء", "2017-09-09", NULL), 2017, 9, 6, EX_DATE_DAY);
    CHECK_DATE(date_of("قتل 3 مساء السبت", "2017-09-09", NULL), 2017, 9, 9, EX_DATE_DAY);
    CHECK_DATE(date_of("قتل 3 السبت الماضي", "2017-09-09", NULL), 2017, 9, 2, EX_DATE_DAY);
    /* 2014-01-06 is a Monday: "since Friday" is a range from 2014-01-03 */
    CHECK_DATE(date_of("حصيلة الاشتباكات المتواصلة منذ الجمعة", "2014-01-06", NULL), 2014, 1, 3,
               EX_DATE_RANGE);
    CHECK_DATE(date_of("ليل الأحد الاثنين", "2018-05-01", NULL), 2018, 4, 29, EX_DATE_DAY);
}

static void weeks_and_months(void)
{
    CHECK_DATE(date_of("قتلوا خلال معارك الأسبوع الماضي", "2016-05-15", NULL), 2016, 5, 8,
               EX_DATE_WEEK);
    CHECK_DATE(date_of("قتل 30 الشهر الماضي", "2016-01-15", NULL), 2015, 12, 1, EX_DATE_MONTH);
    CHECK_DATE(date_of("في أبريل الماضي", "2019-11-02", NULL), 2019, 4, 1, EX_DATE_MONTH);
    CHECK_DATE(date_of("في أبريل الماضي", "2019-03-02", NULL), 2018, 4, 1, EX_DATE_MONTH);
    CHECK_DATE(date_of("خلال شهر آب", "2019-11-02", NULL), 2019, 8, 1, EX_DATE_MONTH);
}

static void explicit_dates(void)
{
    CHECK_DATE(date_of("في 13 نوفمبر 2017 قتل 69 مدنيا", "", NULL), 2017, 11, 13, EX_DATE_DAY);
    CHECK_DATE(date_of("ظهر يوم 30 سبتمبر\\أيلول 2015", "", NULL), 2015, 9, 30, EX_DATE_DAY);
    CHECK_DATE(date_of("مساء يوم 16 مارس / آذار 2017", "", NULL), 2017, 3, 16, EX_DATE_DAY);
    CHECK_DATE(date_of("في 3 كانون الثاني 2014", "", NULL), 2014, 1, 3, EX_DATE_DAY);
    CHECK_DATE(date_of("في 11 آب", "2021-10-20", NULL), 2021, 8, 11, EX_DATE_DAY);
    /* a day after the publication date is last year's */
    CHECK_DATE(date_of("في 20 كانون الأول", "2021-01-05", NULL), 2020, 12, 20, EX_DATE_DAY);
    CHECK_DATE(date_of("بتاريخ 2017/11/13", "", NULL), 2017, 11, 13, EX_DATE_DAY);
    CHECK_DATE(date_of("بتاريخ 13-11-2017", "", NULL), 2017, 11, 13, EX_DATE_DAY);
    CHECK_DATE(date_of("في العاشر من آذار", "2017-03-15", NULL), 2017, 3, 10, EX_DATE_DAY);
    CHECK_DATE(date_of("في الأول من الشهر الجاري", "2017-03-15", NULL), 2017, 3, 1, EX_DATE_DAY);
    CHECK_DATE(date_of("في العشرين من الشهر الماضي", "2017-01-15", NULL), 2016, 12, 20,
               EX_DATE_DAY);
    CHECK_DATE(date_of("في الـ15 من الشهر الجاري", "2017-01-20", NULL), 2017, 1, 15, EX_DATE_DAY);
    CHECK_DATE(date_of("في الحادي والثلاثين من أيار 2015", "", NULL), 2015, 5, 31, EX_DATE_DAY);
    CHECK_DATE(date_of("في الثالث عشر من تشرين الثاني 2015", "", NULL), 2015, 11, 13,
               EX_DATE_DAY);
}

static void no_date_without_a_year_or_publication(void)
{
    CHECK_DATE(date_of("اليوم الأربعاء 11 آب", "", NULL), 0, 0, 0, EX_DATE_NONE);
    CHECK_DATE(date_of("قتل 3 يوم أمس الاثنين", "", NULL), 0, 0, 0, EX_DATE_NONE);
    CHECK_DATE(date_of("منذ 20 نيسان", "", NULL), 0, 0, 0, EX_DATE_NONE);
    CHECK_DATE(date_of("قتل 3 مدنيين", "", NULL), 0, 0, 0, EX_DATE_NONE);
}

static void impossible_dates_are_not_dates(void)
{
    /* 31 شباط is no date: the publication date stands */
    CHECK_DATE(date_of("قتل 3 في 31 شباط", "2017-03-05", NULL), 2017, 3, 5, EX_DATE_DAY);
    CHECK_DATE(date_of("قتل 3 في 30 شباط 2016", "", NULL), 0, 0, 0, EX_DATE_NONE);
}

static void durations_and_words_are_not_dates(void)
{
    CHECK_DATE(date_of("حصار منذ ثلاث سنوات", "2017-09-09", NULL), 2017, 9, 9, EX_DATE_DAY);
    CHECK_DATE(date_of("مهلة 24 ساعة", "2017-09-09", NULL), 2017, 9, 9, EX_DATE_DAY);
    CHECK_DATE(date_of("منذ اليوم الأول للهجوم", "2017-09-09", NULL), 2017, 9, 9, EX_DATE_DAY);
    CHECK_DATE(date_of("قبل أيام", "2017-09-09", NULL), 2017, 9, 9, EX_DATE_DAY);
    CHECK_DATE(date_of("مارس الضغط على الفصائل", "", NULL), 0, 0, 0, EX_DATE_NONE);
    CHECK_DATE(date_of("قال الأب إن ابنه قتل", "", NULL), 0, 0, 0, EX_DATE_NONE);
}

static void nearest_expression_wins(void)
{
    const char *s = "صعدت قوات النظام أمس من عملياتها. وقتل 7 عناصر يوم الأربعاء في حلب، "
                    "وقتل 20 عنصرا الأسبوع الماضي. وأصيب 5 مدنيين.";
    /* 2016-05-15 is a Sunday */
    CHECK_DATE(date_of(s, "2016-05-15", "وقتل 7 عناصر يوم الأربعاء في حلب"), 2016, 5, 11,
               EX_DATE_DAY);
    CHECK_DATE(date_of(s, "2016-05-15", "في حلب"), 2016, 5, 11, EX_DATE_DAY);
    CHECK_DATE(date_of(s, "2016-05-15", "وقتل 20 عنصرا الأسبوع الماضي"), 2016, 5, 8,
               EX_DATE_WEEK);
    /* no expression in its sentence: the document's first day */
    CHECK_DATE(date_of(s, "2016-05-15", "وأصيب 5 مدنيين"), 2016, 5, 14, EX_DATE_DAY);
}

int main(void)
{
    RUN(iso_dates_are_validated);
    RUN(days_relative_to_publication);
    RUN(weekdays);
    RUN(weeks_and_months);
    RUN(explicit_dates);
    RUN(no_date_without_a_year_or_publication);
    RUN(impossible_dates_are_not_dates);
    RUN(durations_and_words_are_not_dates);
    RUN(nearest_expression_wins);
    return 0;
}
