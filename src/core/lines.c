/* Reading a stream line by line with a cap on how much of one line is held in memory. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kharita/files.h"

enum { CHUNK = 1 << 16 };

struct kh_lines {
    FILE *fp;
    size_t max;
    char *buf;              /* bytes read ahead: buf[pos, end) not yet returned */
    size_t pos, end;
    char *line;             /* the line being returned */
    size_t cap;
    size_t number;
    int eof;
};

kh_lines *kh_lines_new(FILE *fp, size_t max)
{
    kh_lines *r = calloc(1, sizeof *r);
    if (!r || !(r->buf = malloc(CHUNK))) {
        free(r);
        return NULL;
    }
    r->fp = fp;
    r->max = max;
    return r;
}

/* Make sure some unread bytes are buffered; 0 at the end or on an error (errno set). */
static int fill(kh_lines *r)
{
    if (r->pos < r->end)
        return 1;
    if (r->eof)
        return 0;
    r->pos = 0;
    r->end = fread(r->buf, 1, CHUNK, r->fp);
    if (r->end == 0) {
        r->eof = 1;
        if (ferror(r->fp) && !errno)
            errno = EIO;
        return 0;
    }
    return 1;
}

/* Append N bytes of S to the current line of length LEN. */
static int keep(kh_lines *r, size_t len, const char *s, size_t n)
{
    if (len + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < len + n + 1)
            cap *= 2;
        char *nl = realloc(r->line, cap);
        if (!nl)
            return -1;
        r->line = nl;
        r->cap = cap;
    }
    memcpy(r->line + len, s, n);
    return 0;
}

int kh_lines_next(kh_lines *r, const char **line, size_t *len, int *over)
{
    size_t n = 0;
    int any = 0;
    *over = 0;
    errno = 0;
    while (fill(r)) {
        any = 1;
        const char *s = r->buf + r->pos;
        size_t avail = r->end - r->pos;
        const char *nl = memchr(s, '\n', avail);
        size_t take = nl ? (size_t)(nl - s) : avail;
        if (!*over && n + take > r->max)
            *over = 1;
        if (!*over) {
            if (keep(r, n, s, take)) {
                errno = ENOMEM;
                return -1;
            }
            n += take;
        }
        r->pos += take + (nl != NULL);
        if (nl)
            break;
    }
    if (ferror(r->fp))
        return -1;
    if (!any)
        return 0;
    if (!r->line && keep(r, 0, "", 0)) {
        errno = ENOMEM;
        return -1;
    }
    r->line[*over ? 0 : n] = '\0';
    r->number++;
    *line = r->line;
    *len = *over ? 0 : n;
    return 1;
}

size_t kh_lines_number(const kh_lines *r)
{
    return r->number;
}

void kh_lines_free(kh_lines *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r->line);
    free(r);
}
