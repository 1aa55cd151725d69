/* Unit tests for maps: Arabic shaping of labels, legend values, circle sizes, periods, options. */
#include <math.h>
#include <stdlib.h>

#include "output/output_int.h"
#include "kh_test.h"

/* The glyph ids of TEXT's first run, and that run's bidi level. */
static int glyphs_of(PangoContext *pc, const char *text, unsigned *ids, int max, int *level,
                     int *unknown, int *first_cluster, int *last_cluster)
{
    PangoLayout *l = out_text_layout(pc, text, OUT_FONT_AR, 20, 400);
    *unknown = pango_layout_get_unknown_glyphs_count(l);
    PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
    int n = 0;
    *level = -1;
    if (line && line->runs) {
        PangoGlyphItem *run = line->runs->data;
        *level = run->item->analysis.level;
        for (int i = 0; i < run->glyphs->num_glyphs && n < max; i++)
            ids[n++] = run->glyphs->glyphs[i].glyph;
        *first_cluster = run->glyphs->log_clusters[0];
        *last_cluster = run->glyphs->log_clusters[run->glyphs->num_glyphs - 1];
    }
    g_object_unref(l);
    return n;
}

static void arabic_labels_are_shaped_right_to_left(void)
{
    PangoFontMap *fm = pango_cairo_font_map_new();
    PangoContext *pc = pango_font_map_create_context(fm);
    unsigned joined[16], iso[16];
    int level, unknown, fc, lc;
    int n = glyphs_of(pc, "حلب", joined, 16, &level, &unknown, &fc, &lc);
    CHECK_INT(unknown, 0);
    CHECK_INT(n, 3);
    CHECK(level % 2 == 1);          /* a right-to-left run */
    CHECK(fc > lc);                 /* glyphs in visual order: ب is drawn first, on the left */
    /* Joined letters use other glyphs than the same letters standing alone. */
    const char *alone[] = { "ح", "ل", "ب" };
    int differ = 0;
    for (int k = 0; k < 3; k++) {
        int l2, u2, f2, c2;
        int m = glyphs_of(pc, alone[k], iso, 16, &l2, &u2, &f2, &c2);
        CHECK_INT(m, 1);
        CHECK_INT(u2, 0);
        /* joined is in visual order: ح is its last glyph */
        if (m == 1 && n == 3 && iso[0] != joined[2 - k])
            differ++;
    }
    CHECK(differ >= 2);             /* initial ح and medial ل at least */
    g_object_unref(pc);
    g_object_unref(fm);
}

static void fonts_for_arabic_and_latin_are_installed(void)
{
    PangoFontMap *fm = pango_cairo_font_map_new();
    kh_error err = { 0 };
    int fallback = -1;
    CHECK_INT(out_fonts_check(fm, &fallback, &err), 0);
    CHECK_INT(fallback, 0);
    g_object_unref(fm);
}

static void text_direction_follows_the_first_letter(void)
{
    CHECK(out_text_rtl("دير الزور"));
    CHECK(out_text_rtl("123 حلب"));
    CHECK(!out_text_rtl("Aleppo حلب"));
    CHECK(!out_text_rtl(""));
}

static void legend_values_are_round_and_apart(void)
{
    long v[3];
    CHECK_INT(out_legend_values(137, v), 3);
    CHECK_INT(v[0], 100);
    CHECK_INT(v[1], 20);
    CHECK_INT(v[2], 5);
    CHECK_INT(out_legend_values(50, v), 3);
    CHECK_INT(v[0], 50);
    CHECK_INT(v[1], 10);
    CHECK_INT(v[2], 2);
    CHECK_INT(out_legend_values(12, v), 2);
    CHECK_INT(v[0], 10);
    CHECK_INT(v[1], 2);
    CHECK_INT(out_legend_values(3, v), 2);
    CHECK_INT(v[0], 2);
    CHECK_INT(v[1], 1);
    CHECK_INT(out_legend_values(1, v), 1);
    CHECK_INT(v[0], 1);
    CHECK_INT(out_legend_values(0, v), 1);
    CHECK_INT(v[0], 1);
    CHECK_INT(out_legend_values(2500, v), 3);
    CHECK_INT(v[0], 2000);
    CHECK_INT(v[1], 500);
    CHECK_INT(v[2], 100);
}

static void circle_area_is_proportional_with_a_visible_minimum(void)
{
    out_view v;
    out_view_fit(&v, 768, 576, 0, 0, 0, 100000, 100000);
    double r100 = out_radius(&v, 100, 100), r25 = out_radius(&v, 100, 25);
    CHECK(fabs(r100 / r25 - 2.0) < 1e-9);
    CHECK(out_radius(&v, 100000, 1) >= 2.0);
    CHECK(out_radius(&v, 100, 0) == 0);
    CHECK(out_radius(&v, 10, 20) > out_radius(&v, 10, 10));
}

static void view_keeps_the_frame_shape(void)
{
    out_view v;
    out_view_fit(&v, 768, 576, 1, -300000, -250000, 300000, 250000);
    CHECK(fabs((v.x1 - v.x0) / (v.y1 - v.y0) - v.mw / v.mh) < 1e-9);
    CHECK(v.x0 <= -300000 && v.x1 >= 300000 && v.y0 <= -250000 && v.y1 >= 250000);
    CHECK(v.tl_h > 0);
    double px, py;
    out_view_pt(&v, v.x0, v.y1, &px, &py);
    CHECK(fabs(px - v.mx) < 1e-9 && fabs(py - v.my) < 1e-9);
}

static void weeks_are_iso_weeks(void)
{
    long d;
    char label[16], ref[16], start[11], end[11], buf[11];
    CHECK_INT(out_day_parse("2018-05-09", &d), 0);
    out_period_label(KH_BY_WEEK, out_period_start(KH_BY_WEEK, d), label, sizeof label);
    CHECK_STR(label, "2018-W19");
    out_day_format(out_period_start(KH_BY_WEEK, d), buf);
    CHECK_STR(buf, "2018-05-07");
    CHECK_INT(out_day_parse("2018-12-31", &d), 0);
    out_period_label(KH_BY_WEEK, out_period_start(KH_BY_WEEK, d), label, sizeof label);
    CHECK_STR(label, "2019-W01");
    CHECK_INT(out_day_parse("2021-01-03", &d), 0);
    out_period_label(KH_BY_WEEK, out_period_start(KH_BY_WEEK, d), label, sizeof label);
    CHECK_STR(label, "2020-W53");
    /* The same labels as the aggregation's, day after day over several years. */
    long a, b;
    out_day_parse("2015-12-20", &a);
    out_day_parse("2021-01-20", &b);
    int bad = 0;
    for (long x = a; x <= b; x++) {
        out_day_format(x, buf);
        for (int by = KH_BY_DAY; by <= KH_BY_MONTH; by++) {
            out_period_label(by, out_period_start(by, x), label, sizeof label);
            if (kh_period_of(by, buf, ref, start, end, NULL) != 0 || strcmp(label, ref) != 0)
                bad++;
        }
    }
    CHECK_INT(bad, 0);
    CHECK(out_day_parse("2018-02-30", &d) != 0);
    CHECK(out_day_parse("2018/05/07", &d) == 0);
    CHECK(out_day_parse("7 May", &d) != 0);
}

static void options_are_checked(void)
{
    kh_map_opts o;
    kh_error err = { 0 };
    kh_map_opts_init(&o);
    CHECK_INT(kh_map_opts_set(&o, "size", "800x600", &err), 0);
    CHECK_INT(o.width, 800);
    CHECK_INT(o.height, 600);
    CHECK_INT(kh_map_opts_set(&o, "size", "800", &err), KH_E_USAGE);
    CHECK_INT(kh_map_opts_set(&o, "lang", "fr", &err), KH_E_USAGE);
    CHECK_INT(kh_map_opts_set(&o, "lang", "both", &err), 0);
    CHECK_INT(o.lang, KH_MAP_LANG_BOTH);
    CHECK_INT(kh_map_opts_set(&o, "from", "2018-13-01", &err), KH_E_USAGE);
    CHECK_INT(kh_map_opts_set(&o, "extent", "35.5,32,42.5,37.5", &err), 0);
    CHECK_INT(o.extent, KH_MAP_EXTENT_BOX);
    CHECK_INT(kh_map_opts_set(&o, "extent", "42.5,32,35.5,37.5", &err), KH_E_USAGE);
    CHECK_INT(kh_map_opts_set(&o, "extent", "-120,30,-100,40", &err), KH_E_USAGE);
    CHECK_INT(kh_map_opts_set(&o, "extent", "data", &err), 0);
    CHECK_INT(o.extent, KH_MAP_EXTENT_DATA);
    CHECK_INT(kh_map_opts_set(&o, "by", "fortnight", &err), KH_E_USAGE);
}

static void formats_follow_the_extension(void)
{
    CHECK_INT(out_format_of("out/map.png", NULL), OUT_FMT_PNG);
    CHECK_INT(out_format_of("MAP.SVG", NULL), OUT_FMT_SVG);
    CHECK_INT(out_format_of("a.b/map.pdf", NULL), OUT_FMT_PDF);
    CHECK_INT(out_format_of("a.png/map", NULL), -1);
    CHECK_INT(out_format_of("map.jpg", NULL), -1);
}

static void projection_is_conformal_conic_for_syria(void)
{
    kh_error err = { 0 };
    out_proj *p = out_proj_new(&err);
    CHECK(p != NULL);
    if (!p)
        return;
    double x, y;
    CHECK_INT(out_proj_point(p, 38.5, 35, &x, &y), 0);
    CHECK(fabs(x) < 1e-6 && fabs(y) < 1e-6);            /* the projection's origin */
    /* Aleppo to Damascus is about 310 km. */
    double ax, ay, dx, dy;
    out_proj_point(p, 37.1343, 36.2021, &ax, &ay);
    out_proj_point(p, 36.2913, 33.5130, &dx, &dy);
    double km = hypot(ax - dx, ay - dy) / 1000;
    CHECK(km > 300 && km < 320);
    /* Meridians converge: north is not "up" away from the central meridian. */
    double nx, ny;
    out_proj_point(p, 42, 37.5, &nx, &ny);
    out_proj_point(p, 42, 36.5, &dx, &dy);
    CHECK(fabs(nx - dx) > 1000);
    out_proj_free(p);
}

int main(void)
{
    RUN(arabic_labels_are_shaped_right_to_left);
    RUN(fonts_for_arabic_and_latin_are_installed);
    RUN(text_direction_follows_the_first_letter);
    RUN(legend_values_are_round_and_apart);
    RUN(circle_area_is_proportional_with_a_visible_minimum);
    RUN(view_keeps_the_frame_shape);
    RUN(weeks_are_iso_weeks);
    RUN(options_are_checked);
    RUN(formats_follow_the_extension);
    RUN(projection_is_conformal_conic_for_syria);
    return kh_t_failed != 0;
}
