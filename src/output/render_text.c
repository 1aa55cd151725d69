/* Text on maps: pango layouts (Arabic shaped by HarfBuzz, bidi), font checks, halos, and
 * the log of drawn text that SVG output keeps searchable. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/output_int.h"

PangoLayout *out_text_layout(PangoContext *pc, const char *text, const char *family,
                             double size, int weight)
{
    PangoLayout *l = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_from_string(family);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, (PangoWeight)weight);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(l, text, -1);
    return l;
}

/* The family of the font the first run of L is set in, into BUF. */
static void first_family(PangoLayout *l, char *buf, size_t size)
{
    buf[0] = '\0';
    PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
    if (!line || !line->runs)
        return;
    PangoGlyphItem *run = line->runs->data;
    PangoFontDescription *fd = pango_font_describe(run->item->analysis.font);
    const char *fam = pango_font_description_get_family(fd);
    snprintf(buf, size, "%s", fam ? fam : "");
    pango_font_description_free(fd);
}

int out_fonts_check(PangoFontMap *fm, int *fallback, kh_error *err)
{
    int rc = 0;
    *fallback = 0;
    PangoContext *pc = pango_font_map_create_context(fm);
    struct { const char *text, *family, *what; } probes[] = {
        { "حلب دير الزور البوكمال", OUT_FONT_AR, "Arabic" },
        { "Aleppo Deir ez-Zor 123", OUT_FONT_EN, "Latin" },
    };
    for (size_t i = 0; i < sizeof probes / sizeof probes[0] && !rc; i++) {
        PangoLayout *l = out_text_layout(pc, probes[i].text, probes[i].family, 10, 400);
        char fam[128];
        first_family(l, fam, sizeof fam);
        if (pango_layout_get_unknown_glyphs_count(l) > 0)
            rc = kh_error_set(err, KH_E_INPUT, "no font with %s letters was found (kharita "
                              "draws with Noto Sans and Noto Sans Arabic: apt-get install "
                              "fonts-noto-core)", probes[i].what);
        else if (strncmp(fam, "Noto", 4) != 0)
            *fallback = 1;
        g_object_unref(l);
    }
    g_object_unref(pc);
    return rc;
}

int out_text_rtl(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        unsigned cp;
        int n;
        if (*s < 0x80)
            cp = *s, n = 1;
        else if ((*s & 0xe0) == 0xc0 && s[1])
            cp = ((*s & 0x1fu) << 6) | (s[1] & 0x3fu), n = 2;
        else if ((*s & 0xf0) == 0xe0 && s[1] && s[2])
            cp = ((*s & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu), n = 3;
        else if ((*s & 0xf8) == 0xf0 && s[1] && s[2] && s[3])
            cp = ((*s & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) |
                 (s[3] & 0x3fu), n = 4;
        else
            return 0;
        /* Hebrew, Arabic, Syriac, Thaana, NKo …, and the presentation forms */
        if ((cp >= 0x0590 && cp <= 0x08ff) || (cp >= 0xfb1d && cp <= 0xfdff) ||
            (cp >= 0xfe70 && cp <= 0xfefe) || (cp >= 0x10800 && cp <= 0x10fff) ||
            (cp >= 0x1e800 && cp <= 0x1efff))
            return 1;
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xc0 && cp < 0x0590))
            return 0;
        s += n;
    }
    return 0;
}

void out_textlog_free(out_textlog *log)
{
    if (!log)
        return;
    for (size_t i = 0; i < log->n; i++)
        free(log->t[i].text);
    free(log->t);
    log->t = NULL;
    log->n = log->cap = 0;
}

/* Under LeakSanitizer (make asan): fontconfig keeps the configuration it parsed for the whole
 * process and frees it only in FcFini, which pango never calls; that is not a leak of ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}
