/* A minimal unit-test harness: RUN(test) prints "PASS name" or "FAIL name" with each failed
 * check; tests/run.sh counts the lines. */
#ifndef KHARITA_KH_TEST_H
#define KHARITA_KH_TEST_H

#include <stdio.h>
#include <string.h>

static int kh_t_failed;

#define CHECK(c)                                                                  \
    do {                                                                          \
        if (!(c)) {                                                               \
            printf("  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c);        \
            kh_t_failed++;                                                        \
        }                                                                         \
    } while (0)

#define CHECK_INT(a, b)                                                           \
    do {                                                                          \
        long long a_ = (long long)(a), b_ = (long long)(b);                       \
        if (a_ != b_) {                                                           \
            printf("  %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, a_, b_); \
            kh_t_failed++;                                                        \
        }                                                                         \
    } while (0)

#define CHECK_STR(a, b)                                                           \
    do {                                                                          \
        const char *a_ = (a), *b_ = (b);                                          \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                  \
            printf("  %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
                   a_ ? a_ : "(null)", b_ ? b_ : "(null)");                       \
            kh_t_failed++;                                                        \
        }                                                                         \
    } while (0)

#define RUN(fn)                                                                   \
    do {                                                                          \
        int before_ = kh_t_failed;                                                \
        fn();                                                                     \
        printf("%s %s\n", kh_t_failed == before_ ? "PASS" : "FAIL", #fn);         \
    } while (0)

#endif
