/* Aggregation periods: the day, ISO week or month of a date, its label and first and last day. */
#include <stdio.h>
#include <string.h>

#include "aggregate/aggregate_int.h"

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
    if (kh_date_parse_iso(date, NULL, &y, &m, &d) != 0)
        return kh_error_set(err, KH_E_REJECT, "'%s' is not a date (YYYY-MM-DD)", date ? date : "");
    long z = kh_date_days_from_civil(y, m, d);
    switch (by) {
    case KH_BY_DAY:
        kh_date_format_iso(z, label);
        kh_date_format_iso(z, start);
        kh_date_format_iso(z, end);
        return 0;
    case KH_BY_WEEK: {
        long monday = z - (kh_date_weekday(z) - 1);
        int ty, week = kh_date_iso_week(z, &ty);
        snprintf(label, 16, "%04d-W%02d", ty % 10000, week % 100);
        kh_date_format_iso(monday, start);
        kh_date_format_iso(monday + 6, end);
        return 0;
    }
    case KH_BY_MONTH:
        snprintf(label, 16, "%04d-%02d", y % 10000, m % 100);
        kh_date_format_iso(kh_date_days_from_civil(y, m, 1), start);
        kh_date_format_iso(kh_date_days_from_civil(y, m, kh_date_days_in_month(y, m)), end);
        return 0;
    default:
        return kh_error_set(err, KH_E_USAGE, "unknown period %d", by);
    }
}
