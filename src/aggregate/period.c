/* Calendar arithmetic for aggregation: dates, ISO weeks, months. */
#include <stdio.h>
#include <string.h>

#include "aggregate/aggregate_int.h"

/* Howard Hinnant's days_from_civil: exact for every proleptic Gregorian date. */
long ag_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void ag_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
    static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

int ag_parse_date(const char *s, int *y, int *m, int *d)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return -1;
    return 0;
}

/* Write N (0 <= N < 10^width) as WIDTH digits; returns the end. */
static char *digits(char *p, int n, int width)
{
    for (int i = width - 1; i >= 0; i--, n /= 10)
        p[i] = (char)('0' + n % 10);
    return p + width;
}

/* "YYYY-MM-DD" (the same as "%04d-%02d-%02d" without snprintf: it runs for every event). */
static void fmt_date(char *buf, long days)
{
    int y, m, d;
    ag_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        snprintf(buf, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
        return;
    }
    char *p = digits(buf, y, 4);
    *p++ = '-';
    p = digits(p, m, 2);
    *p++ = '-';
    p = digits(p, d, 2);
    *p = '\0';
}

const char *kh_period_name(int by)
{
    switch (by) {
    case KH_BY_DAY: return "day";
    case KH_BY_WEEK: return "week";
    case KH_BY_MONTH: return "month";
    default: return NULL;
    }
}

int kh_period_parse(const char *name)
{
    for (int by = KH_BY_DAY; by <= KH_BY_MONTH; by++)
        if (name && strcmp(name, kh_period_name(by)) == 0)
            return by;
    return -1;
}

int kh_period_of(int by, const char *date, char *label, char *start, char *end, kh_error *err)
{
    int y, m, d;
    if (ag_parse_date(date, &y, &m, &d) != 0)
        return kh_error_set(err, KH_E_REJECT, "'%s' is not a date (YYYY-MM-DD)", date ? date : "");
    long z = ag_days_from_civil(y, m, d);
    switch (by) {
    case KH_BY_DAY:
        fmt_date(label, z);
        fmt_date(start, z);
        fmt_date(end, z);
        return 0;
    case KH_BY_WEEK: {
        /* 1970-01-01 was a Thursday: weekday 1 = Monday … 7 = Sunday. */
        long wd = ((z % 7) + 7 + 3) % 7 + 1;
        long monday = z - (wd - 1), thursday = monday + 3;
        int ty, tm, td;
        ag_civil_from_days(thursday, &ty, &tm, &td);
        long week = (thursday - ag_days_from_civil(ty, 1, 1)) / 7 + 1;
        snprintf(label, 16, "%04d-W%02d", ty % 10000, (int)(week % 100));
        fmt_date(start, monday);
        fmt_date(end, monday + 6);
        return 0;
    }
    case KH_BY_MONTH:
        snprintf(label, 16, "%04d-%02d", y % 10000, m % 100);
        fmt_date(start, ag_days_from_civil(y, m, 1));
        fmt_date(end, ag_days_from_civil(y, m, days_in_month(y, m)));
        return 0;
    default:
        return kh_error_set(err, KH_E_USAGE, "unknown period %d", by);
    }
}
