/* Temporary weak stand-ins for casualties.c and dates.c until they land (delete then). */
#include <stdio.h>
#include <stdlib.h>

#include "extract/extract_int.h"

__attribute__((weak)) int ex_date_parse_iso(const char *s, ex_date *out)
{
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y, m, d;
    char tail;
    *out = (ex_date){ 0 };
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
        d > mdays[m - 1])
        return -1;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return -1;
    *out = (ex_date){ y, m, d, EX_DATE_DAY };
    return 0;
}

__attribute__((weak)) ex_date ex_event_date(const ex_docinfo *d, size_t start, size_t end)
{
    return (ex_date){ 0 };
}

__attribute__((weak)) int ex_casualties(const ex_docinfo *d, ex_event **out, size_t *n,
                                        kh_error *err)
{
    *out = NULL;
    *n = 0;
    return 0;
}
