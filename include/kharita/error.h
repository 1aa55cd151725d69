/* kharita error reporting: one error record filled by fallible library calls. */
#ifndef KHARITA_ERROR_H
#define KHARITA_ERROR_H

#include <stddef.h>

/* Error codes: fallible functions return 0 or one of these (negative). The CLI maps them to
 * exit codes: 1 some inputs rejected, 2 usage, 3 input unreadable, 4 gazetteer, 5 output. */
enum {
    KH_OK = 0,
    KH_E_REJECT = -1,   /* one input document or row is bad; the rest go on */
    KH_E_USAGE = -2,    /* caller passed something meaningless */
    KH_E_INPUT = -3,    /* an input file cannot be read at all */
    KH_E_GAZ = -4,      /* gazetteer source or index is bad */
    KH_E_OUTPUT = -5,   /* an output cannot be written */
    KH_E_NOMEM = -6
};

#define KH_ERROR_MSG_MAX 1024

/* What went wrong and where. Zero-initialise before use; kh_error_set overwrites it. */
typedef struct kh_error {
    int code;                       /* one of KH_E_*, 0 when nothing was set */
    char msg[KH_ERROR_MSG_MAX];     /* "FILE:LINE: what" or "document ID: what" */
} kh_error;

/* Record an error (printf-style message) in err, if err is not NULL. Returns code. */
int kh_error_set(kh_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Forget any recorded error. */
void kh_error_clear(kh_error *err);

/* The process exit status the CLI uses for code (0, 1..5). */
int kh_error_exit_status(int code);

#endif
