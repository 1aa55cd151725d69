/* Unit tests for src/core/lines.c: lines one at a time, a cap on a line, the last line. */
#include <stdlib.h>

#include "kharita/files.h"
#include "kh_test.h"

/* Read TEXT with a cap of MAX bytes; each line as "[line]" or "[OVER]" into OUT. */
static void read_all(const char *text, size_t max, char *out, size_t size, size_t *nlines)
{
    FILE *fp = fmemopen((void *)text, strlen(text), "r");
    kh_lines *r = kh_lines_new(fp, max);
    const char *line;
    size_t len, used = 0;
    int over;
    out[0] = '\0';
    while (r && kh_lines_next(r, &line, &len, &over) == 1 && used < size) {
        used += (size_t)snprintf(out + used, size - used, "[%s]", over ? "OVER" : line);
        if (!over && strlen(line) != len && used < size)
            used += (size_t)snprintf(out + used, size - used, "(len %zu)", len);
    }
    *nlines = r ? kh_lines_number(r) : 0;
    kh_lines_free(r);
    fclose(fp);
}

static void lines_in_order_last_without_newline(void)
{
    char out[256];
    size_t n;
    read_all("أ\nب ج\r\n\n\nد", 100, out, sizeof out, &n);
    CHECK_STR(out, "[أ][ب ج\r][][][د]");
    CHECK_INT(n, 5);
    read_all("one\n", 100, out, sizeof out, &n);
    CHECK_STR(out, "[one]");
    CHECK_INT(n, 1);
}

static void empty_stream_has_no_lines(void)
{
    char out[64];
    size_t n;
    read_all("x", 100, out, sizeof out, &n);    /* sanity: one line */
    CHECK_INT(n, 1);
    FILE *fp = fopen("/dev/null", "r");
    kh_lines *r = kh_lines_new(fp, 100);
    const char *line;
    size_t len;
    int over;
    CHECK_INT(kh_lines_next(r, &line, &len, &over), 0);
    CHECK_INT(kh_lines_number(r), 0);
    kh_lines_free(r);
    fclose(fp);
}

static void a_long_line_is_skipped_not_kept(void)
{
    /* 200 000 bytes (over several 64 KiB reads) with a cap of 1000: reported, then the next
     * line is whole */
    size_t big = 200000;
    char *text = malloc(big + 32);
    memset(text, 'a', big);
    strcpy(text + big, "\nafter\nend");
    char out[2048];
    size_t n;
    read_all(text, 1000, out, sizeof out, &n);
    CHECK_STR(out, "[OVER][after][end]");
    CHECK_INT(n, 3);
    /* exactly at the cap is kept */
    text[1000] = '\n';
    text[1001] = '\0';
    read_all(text, 1000, out, sizeof out, &n);
    CHECK_INT(n, 1);
    CHECK(strcmp(out, "[OVER]") != 0);
    free(text);
}

int main(void)
{
    RUN(lines_in_order_last_without_newline);
    RUN(empty_stream_has_no_lines);
    RUN(a_long_line_is_skipped_not_kept);
    return kh_t_failed ? 1 : 0;
}
