/* kharita dates: the proleptic Gregorian calendar as day numbers (days since 1970-01-01),
 * ISO 8601 dates "YYYY-MM-DD" and ISO weeks. One implementation for every module. */
#ifndef KHARITA_DATE_H
#define KHARITA_DATE_H

/* Days since 1970-01-01 of year Y, month M (1..12), day D (1..31); negative before 1970.
 * Exact for every proleptic Gregorian date (H. Hinnant's days_from_civil). */
long kh_date_days_from_civil(int y, int m, int d);

/* The year, month (1..12) and day (1..31) of day number Z; the inverse of the above. */
void kh_date_civil_from_days(long z, int *y, int *m, int *d);

/* 1 when Y is a leap year (2000 and 2016 are, 1900 and 2017 are not), else 0. */
int kh_date_is_leap(int y);

/* The number of days in month M (1..12) of year Y: 28 to 31. */
int kh_date_days_in_month(int y, int m);

/* 1 when Y-M-D is a real date in years 1..9999 (2016-02-29 is, 2017-02-29 and 2017-04-31 are
 * not), else 0. */
int kh_date_valid(int y, int m, int d);

/* Reads the date "YYYY-MM-DD" (four, two and two digits) at the start of S into Y, M, D.
 * REST NULL: S must be the date and nothing else. REST not NULL: *REST is set past the date,
 * and the caller judges what follows it (the time of a timestamp: "2017-09-09T10:30:00Z").
 * Returns 0, or -1 (Y, M, D and *REST unspecified) when S is NULL, has another shape or is not
 * a real date (kh_date_valid). */
int kh_date_parse_iso(const char *s, const char **rest, int *y, int *m, int *d);

/* Writes day Z as "YYYY-MM-DD" and a NUL into BUF, which holds at least 11 bytes. A year
 * outside 0..9999 is written modulo 10000 (the field has four digits). */
void kh_date_format_iso(long z, char *buf);

/* The ISO weekday of day Z: 1 Monday … 7 Sunday (1970-01-01 was a Thursday, 4). */
int kh_date_weekday(long z);

/* The ISO 8601 week of day Z: returns the week (1..53) and sets *YEAR to the ISO year, the
 * year of the week's Thursday (2018-12-31 is in 2019-W01, 2021-01-03 in 2020-W53). */
int kh_date_iso_week(long z, int *year);

#endif
