/* Unit tests for src/core/date.c: day numbers, leap years, ISO dates and ISO weeks. */
#include "kharita/date.h"
#include "kh_test.h"

static void epoch_is_day_zero(void)
{
    CHECK_INT(kh_date_days_from_civil(1970, 1, 1), 0);
    CHECK_INT(kh_date_days_from_civil(1970, 1, 2), 1);
    CHECK_INT(kh_date_days_from_civil(2000, 3, 1), 11017);
    int y, m, d;
    kh_date_civil_from_days(0, &y, &m, &d);
    CHECK_INT(y, 1970);
    CHECK_INT(m, 1);
    CHECK_INT(d, 1);
}

static void negative_days_are_before_1970(void)
{
    int y, m, d;
    CHECK_INT(kh_date_days_from_civil(1969, 12, 31), -1);
    kh_date_civil_from_days(-1, &y, &m, &d);
    CHECK_INT(y, 1969);
    CHECK_INT(m, 12);
    CHECK_INT(d, 31);
    CHECK_INT(kh_date_days_from_civil(1900, 1, 1), -25567);
    kh_date_civil_from_days(-719162, &y, &m, &d);
    CHECK_INT(y, 1);
    CHECK_INT(m, 1);
    CHECK_INT(d, 1);
}

static void round_trip_over_centuries(void)
{
    /* 0001-01-01 .. 9999-12-31: every day maps back to itself */
    long first = kh_date_days_from_civil(1, 1, 1), last = kh_date_days_from_civil(9999, 12, 31);
    int bad = 0, py = 0, pm = 12, pd = 31;
    for (long z = first; z <= last; z++) {
        int y, m, d;
        kh_date_civil_from_days(z, &y, &m, &d);
        if (kh_date_days_from_civil(y, m, d) != z || !kh_date_valid(y, m, d))
            bad++;
        /* the day after the previous one */
        int next = (d == pd + 1 && m == pm && y == py) ||
                   (d == 1 && pd == kh_date_days_in_month(py ? py : 1, pm) &&
                    (m == pm + 1 ? y == py : m == 1 && pm == 12 && y == py + 1));
        if (!next)
            bad++;
        py = y, pm = m, pd = d;
    }
    CHECK_INT(bad, 0);
}

static void leap_years(void)
{
    CHECK_INT(kh_date_is_leap(2016), 1);
    CHECK_INT(kh_date_is_leap(2017), 0);
    CHECK_INT(kh_date_is_leap(1900), 0);
    CHECK_INT(kh_date_is_leap(2000), 1);
    CHECK_INT(kh_date_days_in_month(2016, 2), 29);
    CHECK_INT(kh_date_days_in_month(2018, 2), 28);
    CHECK_INT(kh_date_days_in_month(2018, 4), 30);
    CHECK_INT(kh_date_days_in_month(2018, 12), 31);
    CHECK_INT(kh_date_days_from_civil(2016, 3, 1) - kh_date_days_from_civil(2016, 2, 28), 2);
    CHECK_INT(kh_date_days_from_civil(1900, 3, 1) - kh_date_days_from_civil(1900, 2, 28), 1);
}

static void iso_dates_are_validated(void)
{
    int y, m, d;
    const char *rest;
    CHECK_INT(kh_date_parse_iso("2017-09-09", NULL, &y, &m, &d), 0);
    CHECK_INT(y, 2017);
    CHECK_INT(m, 9);
    CHECK_INT(d, 9);
    CHECK_INT(kh_date_parse_iso("2016-02-29", NULL, &y, &m, &d), 0);
    CHECK_INT(kh_date_parse_iso("2017-02-29", NULL, &y, &m, &d), -1);
    CHECK_INT(kh_date_parse_iso("1900-02-29", NULL, &y, &m, &d), -1);
    CHECK_INT(kh_date_parse_iso("2017-04-31", NULL, &y, &m, &d), -1);
    CHECK_INT(kh_date_parse_iso("2017-13-01", NULL, &y, &m, &d), -1);
    CHECK_INT(kh_date_parse_iso("2017-00-01", NULL, &y, &m, &d), -1);
    CHECK_INT(kh_date_parse_iso("0000-01-01", NULL, &y, &m, &d), -1);
    CHECK_INT(kh_date_parse_iso("2017-9-9", NULL, &y, &m, &d), -1);
    CHECK_INT(kh_date_parse_iso("2017/09/09", NULL, &y, &m, &d), -1);
    CHECK_INT(kh_date_parse_iso("2017-09", NULL, &y, &m, &d), -1);
    CHECK_INT(kh_date_parse_iso("", NULL, &y, &m, &d), -1);
    CHECK_INT(kh_date_parse_iso(NULL, NULL, &y, &m, &d), -1);
    /* only the date: nothing may follow */
    CHECK_INT(kh_date_parse_iso("2017-09-09T10:30:00Z", NULL, &y, &m, &d), -1);
    /* the date part of a timestamp */
    CHECK_INT(kh_date_parse_iso("2017-09-09T10:30:00Z", &rest, &y, &m, &d), 0);
    CHECK_INT(d, 9);
    CHECK_STR(rest, "T10:30:00Z");
    CHECK_INT(kh_date_parse_iso("2017-02-30T10:30:00Z", &rest, &y, &m, &d), -1);
}

static void iso_dates_are_written(void)
{
    char buf[11];
    kh_date_format_iso(0, buf);
    CHECK_STR(buf, "1970-01-01");
    kh_date_format_iso(-1, buf);
    CHECK_STR(buf, "1969-12-31");
    kh_date_format_iso(kh_date_days_from_civil(2016, 2, 29), buf);
    CHECK_STR(buf, "2016-02-29");
    kh_date_format_iso(kh_date_days_from_civil(1, 1, 1), buf);
    CHECK_STR(buf, "0001-01-01");
    /* past the four digits: modulo 10000 */
    kh_date_format_iso(kh_date_days_from_civil(10000, 1, 2), buf);
    CHECK_STR(buf, "0000-01-02");
}

static void weekdays(void)
{
    CHECK_INT(kh_date_weekday(0), 4);                                  /* Thursday */
    CHECK_INT(kh_date_weekday(-1), 3);                                 /* Wednesday */
    CHECK_INT(kh_date_weekday(-4), 7);                                 /* Sunday */
    CHECK_INT(kh_date_weekday(kh_date_days_from_civil(2018, 3, 5)), 1); /* Monday */
    CHECK_INT(kh_date_weekday(kh_date_days_from_civil(1900, 1, 1)), 1);
}

/* The ISO week of Y-M-D, as "YYYY-Wnn" compared to WANT. */
static void check_week(int y, int m, int d, int want_year, int want_week)
{
    int year = 0;
    int week = kh_date_iso_week(kh_date_days_from_civil(y, m, d), &year);
    CHECK_INT(year, want_year);
    CHECK_INT(week, want_week);
}

static void iso_weeks_at_year_boundaries(void)
{
    check_week(2018, 12, 31, 2019, 1);  /* a Monday: its Thursday is in 2019 */
    check_week(2021, 1, 3, 2020, 53);   /* a Sunday: 2020 had 53 weeks */
    check_week(2021, 1, 4, 2021, 1);
    check_week(2020, 12, 31, 2020, 53);
    check_week(2018, 1, 1, 2018, 1);
    check_week(2016, 1, 1, 2015, 53);   /* a Friday */
    check_week(2017, 1, 1, 2016, 52);   /* a Sunday */
    check_week(1970, 1, 1, 1970, 1);    /* a Thursday */
    check_week(1969, 12, 29, 1970, 1);  /* negative day numbers */
    check_week(2018, 3, 5, 2018, 10);
}

int main(void)
{
    RUN(epoch_is_day_zero);
    RUN(negative_days_are_before_1970);
    RUN(round_trip_over_centuries);
    RUN(leap_years);
    RUN(iso_dates_are_validated);
    RUN(iso_dates_are_written);
    RUN(weekdays);
    RUN(iso_weeks_at_year_boundaries);
    return 0;
}
