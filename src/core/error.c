/* The single error record every module fills; only src/cli prints it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kharita/error.h"

int kh_error_set(kh_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

void kh_error_clear(kh_error *err)
{
    if (err) {
        err->code = 0;
        err->msg[0] = '\0';
    }
}

int kh_error_exit_status(int code)
{
    switch (code) {
    case KH_OK: return 0;
    case KH_E_REJECT: return 1;
    case KH_E_USAGE: return 2;
    case KH_E_INPUT: return 3;
    case KH_E_GAZ: return 4;
    case KH_E_OUTPUT: return 5;
    default: return 5;
    }
}
