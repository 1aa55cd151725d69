/* The calendar: day numbers, ISO dates and ISO weeks (see include/kharita/date.h). */
#include "kharita/date.h"

long kh_date_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void kh_date_civil_from_days(long z, int *y, int *m, int *d)
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

int kh_date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int kh_date_days_in_month(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && kh_date_is_leap(y) ? 29 : days[m - 1];
}

int kh_date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= kh_date_days_in_month(y, m);
}

/* N digits of S as a number (the caller checked they are digits). */
static int number(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int kh_date_parse_iso(const char *s, const char **rest, int *y, int *m, int *d)
{
    if (!s)
        return -1;
    /* stops at the NUL of a short string: it is not a digit or '-' */
    for (int i = 0; i < 10; i++) {
        int digit = s[i] >= '0' && s[i] <= '9';
        if ((i == 4 || i == 7) ? s[i] != '-' : !digit)
            return -1;
    }
    if (rest)
        *rest = s + 10;
    else if (s[10] != '\0')
        return -1;
    *y = number(s, 4);
    *m = number(s + 5, 2);
    *d = number(s + 8, 2);
    return kh_date_valid(*y, *m, *d) ? 0 : -1;
}

/* Write N (0 <= N < 10^width) as WIDTH digits; returns the end. */
static char *digits(char *p, int n, int width)
{
    for (int i = width - 1; i >= 0; i--, n /= 10)
        p[i] = (char)('0' + n % 10);
    return p + width;
}

/* Without snprintf: the aggregation formats a date for every event. */
void kh_date_format_iso(long z, char *buf)
{
    int y, m, d;
    kh_date_civil_from_days(z, &y, &m, &d);
    char *p = digits(buf, (y % 10000 + 10000) % 10000, 4);
    *p++ = '-';
    p = digits(p, m, 2);
    *p++ = '-';
    p = digits(p, d, 2);
    *p = '\0';
}

int kh_date_weekday(long z)
{
    return (int)(((z + 3) % 7 + 7) % 7) + 1;
}

int kh_date_iso_week(long z, int *year)
{
    long thursday = z - (kh_date_weekday(z) - 1) + 3;
    int m, d;
    kh_date_civil_from_days(thursday, year, &m, &d);
    return (int)((thursday - kh_date_days_from_civil(*year, 1, 1)) / 7 + 1);
}
