/* Drawing a map page with cairo and pango: basemap, proportional circles, labels placed
 * without overlaps, legend, title, scale bar, north arrow, timeline and attribution. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output/output_int.h"

/* ---- colours ----------------------------------------------------------------------------- */

typedef struct rgb {
    double r, g, b;
} rgb;

#define HEX(h) ((rgb){ (((h) >> 16) & 255) / 255.0, (((h) >> 8) & 255) / 255.0, ((h) & 255) / 255.0 })

static const unsigned SEA = 0xcfe3f1, NEIGHBOUR = 0xe5e3de, SYRIA = 0xfcfbf7,
                      BORDER = 0xa8a398, SYRIA_BORDER = 0x5e5a53, ADMIN = 0xc9c1b3,
                      RIVER = 0x86b5da, INK = 0x1d1d1b, GREY = 0x6b6760, LIGHT = 0x9a958c,
                      ACCENT = 0xa50f15;

/* Group colours (ColorBrewer-like, distinct on the pale basemap); "other" is grey. */
static const unsigned PALETTE[OUT_PALETTE + 1] = {
    0xd7301f, 0x2166ac, 0x1a9850, 0x762a83, 0xe08214, 0x01665e, 0xc51b7d, 0x8c510a, 0x7f7f7f
};

/* Give attribute A the byte range [start, end) of the layout's text and add it to L. */
static void add_attr(PangoAttrList *l, PangoAttribute *a, size_t start, size_t end)
{
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(l, a);
}

static void set_rgb(cairo_t *cr, unsigned hex, double a)
{
    rgb c = HEX(hex);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, a);
}

/* A sequential orange-to-dark-red scale for killed, t in [0, 1]. */
static rgb scale_color(double t)
{
    static const unsigned stops[] = { 0xfdbb84, 0xfc8d59, 0xe34a33, 0xb30000, 0x7f0000 };
    const int n = sizeof stops / sizeof stops[0];
    if (!(t > 0))
        t = 0;
    if (t > 1)
        t = 1;
    double f = t * (n - 1);
    int i = (int)f;
    if (i >= n - 1)
        return HEX(stops[n - 1]);
    f -= i;
    rgb a = HEX(stops[i]), b = HEX(stops[i + 1]);
    return (rgb){ a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f };
}

static rgb darker(rgb c, double k)
{
    return (rgb){ c.r * k, c.g * k, c.b * k };
}

static rgb circle_color(const out_scene *sc, const out_circle *c)
{
    if (sc->opts->color == KH_MAP_COLOR_GROUP && sc->group_slot) {
        int slot = c->group == SIZE_MAX ? OUT_PALETTE : sc->group_slot[c->group];
        return HEX(PALETTE[slot]);
    }
    double kmax = sc->kmax > 1 ? sc->kmax : 1;
    return scale_color(log1p((double)c->killed) / log1p(kmax));
}

/* ---- sizes ------------------------------------------------------------------------------- */

#define RMAX 24.0   /* largest circle, in units of the page (v->u) */
#define RMIN 2.2    /* smallest visible circle */

double out_radius(const out_view *v, double kmax, double value)
{
    if (!(value > 0))
        return 0;
    if (!(kmax > 0))
        kmax = 1;
    double r = RMAX * v->u * sqrt(value / kmax);
    return r < RMIN * v->u ? RMIN * v->u : r;
}

/* The largest of 1, 2, 5, 10, 20, 50 … that is <= X, or 0 when X < 1. */
static long nice_below(double x)
{
    if (x < 1)
        return 0;
    long best = 1;
    for (long p = 1; p <= x && p < 1000000000L; p *= 10) {
        if (p <= x)
            best = p;
        if (2 * p <= x)
            best = 2 * p;
        if (5 * p <= x)
            best = 5 * p;
    }
    return best;
}

int out_legend_values(double kmax, long vals[3])
{
    int n = 0;
    long v1 = nice_below(kmax);
    if (v1 < 1)
        v1 = 1;
    vals[n++] = v1;
    /* A quarter of the area (half the radius), then a twentieth: clearly apart. */
    long v2 = nice_below(v1 / 4.0);
    if (v2 < 1 && v1 > 1)
        v2 = 1;
    if (v2 >= 1 && v2 < v1)
        vals[n++] = v2;
    long v3 = nice_below(v1 / 20.0);
    if (n == 2 && v3 >= 1 && v3 < v2)
        vals[n++] = v3;
    return n;
}

/* ---- rectangles for label placement ------------------------------------------------------ */

typedef struct rect {
    double x0, y0, x1, y1;
} rect;

typedef struct rects {
    rect *r;
    size_t n, cap;
} rects;

static void rects_add(rects *rs, rect a)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 64;
        rect *p = realloc(rs->r, cap * sizeof *p);
        if (!p)
            return;     /* a label may then overlap; nothing worse */
        rs->r = p;
        rs->cap = cap;
    }
    rs->r[rs->n++] = a;
}

static int hit(rect a, rect b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static int rects_hit(const rects *rs, rect a)
{
    for (size_t i = 0; i < rs->n; i++)
        if (hit(a, rs->r[i]))
            return 1;
    return 0;
}

static double overlap_area(rect a, rect b)
{
    double w = fmin(a.x1, b.x1) - fmax(a.x0, b.x0), h = fmin(a.y1, b.y1) - fmax(a.y0, b.y0);
    return w > 0 && h > 0 ? w * h : 0;
}

static int inside(rect a, rect frame)
{
    return a.x0 >= frame.x0 && a.y0 >= frame.y0 && a.x1 <= frame.x1 && a.y1 <= frame.y1;
}

/* ---- page layout ------------------------------------------------------------------------- */

void out_view_fit(out_view *v, double W, double H, int timeline, double x0, double y0,
                  double x1, double y1)
{
    memset(v, 0, sizeof *v);
    v->W = W;
    v->H = H;
    /* Text and symbols keep their size in points on pages from 768x576 pt up (a bigger page
     * shows more map); smaller pages shrink them with the page. */
    v->u = fmin(1.0, fmin(W / 768.0, H / 576.0));
    v->top_h = 55 * v->u;
    v->foot_h = 17 * v->u;
    v->tl_h = timeline ? 34 * v->u : 0;
    v->mx = 0;
    v->my = v->top_h;
    v->mw = W;
    v->mh = H - v->top_h - v->foot_h - v->tl_h;
    if (v->mh < 10)
        v->mh = 10;
    double bw = x1 - x0, bh = y1 - y0;
    if (!(bw > 0))
        bw = 1;
    if (!(bh > 0))
        bh = 1;
    double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    /* Grow the box to the frame's shape, keeping its centre. */
    if (bw / bh < v->mw / v->mh)
        bw = bh * v->mw / v->mh;
    else
        bh = bw * v->mh / v->mw;
    v->x0 = cx - bw / 2;
    v->x1 = cx + bw / 2;
    v->y0 = cy - bh / 2;
    v->y1 = cy + bh / 2;
    v->s = v->mw / bw;
}

/* ---- drawing state ----------------------------------------------------------------------- */

typedef struct page {
    cairo_t *cr;
    PangoContext *pc;
    out_proj *proj;
    const out_view *v;
    const out_basemap *bm;
    out_scene *sc;
    out_textlog *log;
    int ar, en;             /* which languages are shown */
    rect frame;             /* the map frame */
    rects taken;            /* labels and furniture placed so far */
    rects circles;          /* circles of the current layer */
    int skip;               /* no place labels for circles in the box (sx0, sy0, sx1, sy1)
                             * (projected metres): the inset labels them */
    double sx0, sy0, sx1, sy1;
} page;

static void log_text(page *pg, double x, double y, double size, const char *text)
{
    out_textlog *log = pg->log;
    if (!log || !text || !*text)
        return;
    if (log->n == log->cap) {
        size_t cap = log->cap ? log->cap * 2 : 64;
        out_text *t = realloc(log->t, cap * sizeof *t);
        if (!t)
            return;
        log->t = t;
        log->cap = cap;
    }
    char *s = strdup(text);
    if (!s)
        return;
    int rtl = out_text_rtl(text);
    log->t[log->n++] = (out_text){ x, y, size, rtl, s };
}

static PangoLayout *layout(page *pg, const char *text, int arabic, double size, int weight)
{
    return out_text_layout(pg->pc, text, arabic ? OUT_FONT_AR : OUT_FONT_EN, size * pg->v->u,
                           weight);
}

static void extents(PangoLayout *l, double *w, double *h)
{
    PangoRectangle ink, logical;
    pango_layout_get_extents(l, &ink, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

/* Draw L with its top-left at (x, y), with a halo of width HALO (0: none). */
static void show(page *pg, PangoLayout *l, double x, double y, unsigned color, double alpha,
                 double halo)
{
    cairo_t *cr = pg->cr;
    if (halo > 0) {
        cairo_save(cr);
        cairo_move_to(cr, x, y);
        pango_cairo_layout_path(cr, l);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
        cairo_set_line_width(cr, halo);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_restore(cr);
    }
    cairo_move_to(cr, x, y);
    set_rgb(cr, color, alpha);
    pango_cairo_show_layout(cr, l);
    cairo_new_path(cr);     /* no current point left for the next arc to join */
    double w, h;
    extents(l, &w, &h);
    PangoFontDescription const *fd = pango_layout_get_font_description(l);
    double size = fd ? pango_font_description_get_size(fd) / (double)PANGO_SCALE : 10;
    log_text(pg, x, y + h * 0.8, size, pango_layout_get_text(l));
}

/* Text aligned at X: ALIGN -1 left edge, 0 centre, 1 right edge; Y is the top. Returns the
 * rectangle it took. */
static rect text_at(page *pg, const char *text, int arabic, double size, int weight,
                    unsigned color, double x, double y, int align, double halo)
{
    PangoLayout *l = layout(pg, text, arabic, size, weight);
    double w, h;
    extents(l, &w, &h);
    double left = align < 0 ? x : align == 0 ? x - w / 2 : x - w;
    show(pg, l, left, y, color, 1, halo);
    g_object_unref(l);
    return (rect){ left, y, left + w, y + h };
}

/* ---- basemap ----------------------------------------------------------------------------- */

static void path_part(page *pg, const out_bm_layer *L, const out_bm_part *p, int close)
{
    const double *xy = L->xy + p->pt0 * 2;
    for (size_t i = 0; i < p->npts; i++) {
        double px, py;
        out_view_pt(pg->v, xy[i * 2], xy[i * 2 + 1], &px, &py);
        if (i == 0)
            cairo_move_to(pg->cr, px, py);
        else
            cairo_line_to(pg->cr, px, py);
    }
    if (close)
        cairo_close_path(pg->cr);
}

static void path_feature(page *pg, const out_bm_layer *L, const out_bm_feature *F, int close)
{
    for (size_t j = 0; j < F->nparts; j++)
        path_part(pg, L, &L->parts[F->part0 + j], close);
}

static void draw_basemap(page *pg)
{
    cairo_t *cr = pg->cr;
    const out_basemap *bm = pg->bm;
    const double u = pg->v->u;
    set_rgb(cr, SEA, 1);
    cairo_rectangle(cr, pg->v->mx, pg->v->my, pg->v->mw, pg->v->mh);
    cairo_fill(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    for (size_t i = 0; i < bm->countries.nf; i++) {
        const out_bm_feature *F = &bm->countries.f[i];
        path_feature(pg, &bm->countries, F, 1);
        set_rgb(cr, F->is_syria ? SYRIA : NEIGHBOUR, 1);
        cairo_fill(cr);
    }
    /* Admin areas: thin lines inside Syria (or the user's areas wherever they are). */
    cairo_set_line_width(cr, 0.55 * u);
    set_rgb(cr, ADMIN, 1);
    for (size_t i = 0; i < bm->admin.nf; i++)
        path_feature(pg, &bm->admin, &bm->admin.f[i], 1);
    cairo_stroke(cr);
    /* Rivers: the big ones wider. */
    for (int level = 4; level >= 0; level--) {
        double w = level <= 1 ? 1.05 : level == 2 ? 0.75 : level == 3 ? 0.5 : 0.35;
        int any = 0;
        for (size_t i = 0; i < bm->rivers.nf; i++)
            if (bm->rivers.f[i].level == level) {
                path_feature(pg, &bm->rivers, &bm->rivers.f[i], 0);
                any = 1;
            }
        if (any) {
            cairo_set_line_width(cr, w * u);
            set_rgb(cr, RIVER, 1);
            cairo_stroke(cr);
        }
    }
    for (size_t i = 0; i < bm->lakes.nf; i++)
        path_feature(pg, &bm->lakes, &bm->lakes.f[i], 1);
    set_rgb(cr, SEA, 1);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 0.4 * u);
    set_rgb(cr, RIVER, 1);
    cairo_stroke(cr);
    /* Country borders over everything, Syria's darker. */
    for (size_t i = 0; i < bm->countries.nf; i++)
        if (!bm->countries.f[i].is_syria)
            path_feature(pg, &bm->countries, &bm->countries.f[i], 1);
    cairo_set_line_width(cr, 0.6 * u);
    set_rgb(cr, BORDER, 1);
    cairo_stroke(cr);
    for (size_t i = 0; i < bm->countries.nf; i++)
        if (bm->countries.f[i].is_syria)
            path_feature(pg, &bm->countries, &bm->countries.f[i], 1);
    cairo_set_line_width(cr, 1.1 * u);
    set_rgb(cr, SYRIA_BORDER, 1);
    cairo_stroke(cr);
}

/* ---- circles ----------------------------------------------------------------------------- */

static void draw_layer(page *pg, const out_layer *L)
{
    cairo_t *cr = pg->cr;
    const out_view *v = pg->v;
    out_scene *sc = pg->sc;
    const double u = v->u;
    /* Biggest first so that small circles stay visible on top. */
    for (size_t i = 0; i < L->n; i++) {
        const out_circle *c = &L->c[i];
        if (!isfinite(c->x))
            continue;
        double px, py;
        out_view_pt(v, c->x, c->y, &px, &py);
        double r = out_radius(v, sc->kmax, (double)c->killed);
        rgb col = circle_color(sc, c);
        switch (L->style) {
        case OUT_STYLE_TRACE:
            cairo_arc(cr, px, py, 1.3 * u, 0, 2 * M_PI);
            set_rgb(cr, GREY, 0.45);
            cairo_fill(cr);
            break;
        case OUT_STYLE_FRESH:
            cairo_arc(cr, px, py, (r > 0 ? r : RMIN * u) + 1.8 * u, 0, 2 * M_PI);
            set_rgb(cr, INK, 0.85);
            cairo_set_line_width(cr, 1.1 * u);
            cairo_stroke(cr);
            break;
        case OUT_STYLE_PAST:
            if (r <= 0)
                r = RMIN * u;
            cairo_arc(cr, px, py, r, 0, 2 * M_PI);
            cairo_set_source_rgba(cr, col.r, col.g, col.b, 0.22 * L->alpha);
            cairo_fill_preserve(cr);
            cairo_set_source_rgba(cr, col.r, col.g, col.b, 0.9 * L->alpha);
            cairo_set_line_width(cr, 0.6 * u);
            cairo_stroke(cr);
            break;
        default:
            if (sc->opts->injured && c->injured > 0) {
                double ri = out_radius(v, sc->kmax, (double)(c->killed + c->injured));
                cairo_new_sub_path(cr);
                cairo_arc(cr, px, py, ri, 0, 2 * M_PI);
                rgb d = darker(col, 0.75);
                cairo_set_source_rgba(cr, d.r, d.g, d.b, 0.85);
                cairo_set_line_width(cr, 0.8 * u);
                cairo_stroke(cr);
            }
            if (r > 0) {
                /* A whole governorate's figure: its point is a stand-in, drawn dashed. */
                int coarse = sc->data->places[c->place].coarse;
                cairo_arc(cr, px, py, r, 0, 2 * M_PI);
                cairo_set_source_rgba(cr, col.r, col.g, col.b, coarse ? 0.35 : 0.78);
                cairo_fill_preserve(cr);
                rgb d = darker(col, 0.55);
                cairo_set_source_rgba(cr, d.r, d.g, d.b, 0.95);
                cairo_set_line_width(cr, (coarse ? 1.0 : 0.6) * u);
                if (coarse) {
                    double dash[] = { 2.5 * u, 1.8 * u };
                    cairo_set_dash(cr, dash, 2, 0);
                }
                cairo_stroke(cr);
                cairo_set_dash(cr, NULL, 0, 0);
            } else {
                /* Injured only: a hollow dot. */
                cairo_arc(cr, px, py, RMIN * u, 0, 2 * M_PI);
                cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
                cairo_fill_preserve(cr);
                cairo_set_source_rgba(cr, col.r, col.g, col.b, 1);
                cairo_set_line_width(cr, 0.8 * u);
                cairo_stroke(cr);
            }
        }
    }
}

/* ---- place labels ------------------------------------------------------------------------ */

typedef struct placed {
    PangoLayout *l;
    double x, y;
} placed;

/* The label of circle C: "حلب 45" (Arabic), "Aleppo 45" (English), or both on two lines.
 * Returns NULL when the place has no name in the languages shown. */
static PangoLayout *place_label(page *pg, const out_circle *c)
{
    const out_mplace *p = &pg->sc->data->places[c->place];
    const char *ar = *p->name_ar ? p->name_ar : NULL, *en = *p->name_en ? p->name_en : NULL;
    const char *first = pg->ar ? (ar ? ar : en) : (en ? en : ar);
    if (!first)
        return NULL;
    const char *second = pg->ar && pg->en && ar && en ? en : NULL;
    char num[32] = "";
    if (c->killed > 0)
        snprintf(num, sizeof num, "%ld", c->killed);
    char text[512];
    size_t name_len = strlen(first);
    snprintf(text, sizeof text, "%s%s%s%s%s", first, *num ? " " : "", num, second ? "\n" : "",
             second ? second : "");
    int arabic = first == ar;
    PangoLayout *l = layout(pg, text, arabic, 9.5, PANGO_WEIGHT_SEMIBOLD);
    PangoAttrList *attrs = pango_attr_list_new();
    if (*num) {
        size_t s = name_len + 1, e = s + strlen(num);
        add_attr(attrs, pango_attr_foreground_new(0xa5 * 257, 0x0f * 257, 0x15 * 257), s, e);
        add_attr(attrs, pango_attr_weight_new(PANGO_WEIGHT_BOLD), s, e);
    }
    if (second) {
        size_t s = strlen(text) - strlen(second);
        add_attr(attrs, pango_attr_size_new_absolute((int)(7.8 * pg->v->u * PANGO_SCALE)), s, strlen(text));
        add_attr(attrs, pango_attr_weight_new(PANGO_WEIGHT_NORMAL), s, strlen(text));
        add_attr(attrs, pango_attr_foreground_new(0x4a * 257, 0x47 * 257, 0x42 * 257), s, strlen(text));
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        pango_layout_set_line_spacing(l, 0.8f);
    }
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    return l;
}

/* Place labels for the largest circles of the current layer: beside the circle, never over
 * another label or the legend, preferably not over other circles; skipped when nothing fits. */
static size_t place_labels(page *pg, const out_layer *L, placed *out, size_t max)
{
    const out_view *v = pg->v;
    const double u = v->u, gap = 1.6 * u, pad = 1.2 * u;
    size_t n = 0;
    for (size_t i = 0; i < L->n && n < max; i++) {
        const out_circle *c = &L->c[i];
        if (!isfinite(c->x))
            continue;
        double px, py;
        out_view_pt(v, c->x, c->y, &px, &py);
        if (px < v->mx || px > v->mx + v->mw || py < v->my || py > v->my + v->mh)
            continue;
        if (pg->skip && c->x >= pg->sx0 && c->x <= pg->sx1 && c->y >= pg->sy0 && c->y <= pg->sy1)
            continue;
        PangoLayout *l = place_label(pg, c);
        if (!l)
            continue;
        double w, h;
        extents(l, &w, &h);
        double r = out_radius(v, pg->sc->kmax, (double)c->killed);
        if (r < RMIN * u)
            r = RMIN * u;
        double d = r * 0.92 + gap;          /* diagonal positions hug the circle */
        /* Arabic reads from the right: the left of the circle comes first. */
        double cand[8][2] = {
            { px - r - gap - w, py - h / 2 }, { px + r + gap, py - h / 2 },
            { px - w / 2, py - r - gap - h }, { px - w / 2, py + r + gap },
            { px - d * 0.71 - w, py - d * 0.71 - h }, { px + d * 0.71, py - d * 0.71 - h },
            { px - d * 0.71 - w, py + d * 0.71 }, { px + d * 0.71, py + d * 0.71 },
        };
        if (!pg->ar)        /* English reads from the left */
            for (int k = 0; k < 2; k++) {
                double t = cand[0][k];
                cand[0][k] = cand[1][k];
                cand[1][k] = t;
            }
        int done = 0;
        for (int pass = 0; pass < 2 && !done; pass++)
            for (int k = 0; k < 8 && !done; k++) {
                rect a = { cand[k][0] - pad, cand[k][1] - pad * 0.5, cand[k][0] + w + pad,
                           cand[k][1] + h + pad * 0.5 };
                if (!inside(a, pg->frame) || rects_hit(&pg->taken, a))
                    continue;
                if (pass == 0) {
                    /* First try to keep clear of other circles' centres and bodies. */
                    int bad = 0;
                    for (size_t j = 0; j < pg->circles.n && !bad; j++) {
                        if (j == i)
                            continue;
                        bad = overlap_area(a, pg->circles.r[j]) >
                              0.25 * (pg->circles.r[j].x1 - pg->circles.r[j].x0) *
                                  (pg->circles.r[j].y1 - pg->circles.r[j].y0);
                    }
                    if (bad)
                        continue;
                }
                rects_add(&pg->taken, a);
                out[n++] = (placed){ l, cand[k][0], cand[k][1] };
                done = 1;
            }
        if (!done)
            g_object_unref(l);
    }
    return n;
}

/* ---- area labels (countries, governorates, the sea) --------------------------------------- */

/* A label centred at (px, py), one or two lines (the second smaller, Latin letter-spaced),
 * unless it would cover a placed label, a circle or leave the frame. Drawn now (under the
 * circles); its rectangle is kept so later labels avoid it. */
static void area_label(page *pg, const char *text, const char *second, double size,
                       double size2, unsigned color, double px, double py, int italic,
                       double spacing)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s%s%s", text, second ? "\n" : "", second ? second : "");
    int arabic = out_text_rtl(text);
    PangoLayout *l = layout(pg, buf, arabic, size, PANGO_WEIGHT_NORMAL);
    PangoFontDescription *fd = pango_font_description_copy(pango_layout_get_font_description(l));
    if (italic)
        pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_line_spacing(l, 0.82f);
    PangoAttrList *attrs = pango_attr_list_new();
    /* Letter spacing breaks Arabic joining: Latin lines only. */
    size_t s0 = second ? strlen(text) + 1 : 0;
    const char *latin = second ? second : arabic ? NULL : text;
    if (latin && spacing > 0) {
        add_attr(attrs, pango_attr_letter_spacing_new((int)(spacing * pg->v->u * PANGO_SCALE)), s0, strlen(buf));
    }
    if (second) {
        add_attr(attrs, pango_attr_size_new_absolute((int)(size2 * pg->v->u * PANGO_SCALE)), s0, strlen(buf));
        add_attr(attrs, pango_attr_family_new(OUT_FONT_EN), s0, strlen(buf));
    }
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    double w, h;
    extents(l, &w, &h);
    rect a = { px - w / 2, py - h / 2, px + w / 2, py + h / 2 };
    if (inside(a, pg->frame) && !rects_hit(&pg->taken, a) && !rects_hit(&pg->circles, a)) {
        show(pg, l, a.x0, a.y0, color, 1, italic ? 0 : 2.0 * pg->v->u);
        rects_add(&pg->taken, a);
    }
    g_object_unref(l);
}

static char *upper_ascii(const char *s)
{
    char *u = strdup(s);
    if (u)
        for (char *p = u; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
    return u;
}

static void draw_area_labels(page *pg)
{
    const out_view *v = pg->v;
    const out_basemap *bm = pg->bm;
    const double u = v->u;
    /* Countries around Syria, by the part of them in view. */
    for (size_t i = 0; i < bm->countries.nf; i++) {
        const out_bm_feature *F = &bm->countries.f[i];
        if (!F->has_label || F->is_syria || !F->name_ar)
            continue;
        if (F->vis_w * v->s < 40 * u || F->vis_h * v->s < 14 * u)
            continue;
        double px, py;
        out_view_pt(v, F->lx, F->ly, &px, &py);
        char *en = upper_ascii(F->name_en ? F->name_en : "");
        if (pg->ar && pg->en)
            area_label(pg, F->name_ar, en && *en ? en : NULL, 11, 6.5, LIGHT, px, py, 0, 1.5);
        else if (pg->ar)
            area_label(pg, F->name_ar, NULL, 11, 0, LIGHT, px, py, 0, 0);
        else if (en && *en)
            area_label(pg, en, NULL, 8.5, 0, LIGHT, px, py, 0, 2);
        free(en);
    }
    /* The Mediterranean, where it is in view. */
    double sx, sy;
    if (out_proj_point(pg->proj, 34.75, 34.55, &sx, &sy) == 0) {
        double px, py;
        out_view_pt(v, sx, sy, &px, &py);
        if (pg->ar && pg->en)
            area_label(pg, "البحر المتوسط", "Mediterranean Sea", 9, 7, 0x5d8fb8, px, py, 1, 0);
        else if (pg->ar)
            area_label(pg, "البحر المتوسط", NULL, 9, 0, 0x5d8fb8, px, py, 1, 0);
        else
            area_label(pg, "Mediterranean Sea", NULL, 8, 0, 0x5d8fb8, px, py, 1, 0);
    }
    /* Admin areas: big enough ones only, so small ones do not crowd their neighbours. */
    for (size_t i = 0; i < bm->admin.nf; i++) {
        const out_bm_feature *F = &bm->admin.f[i];
        const char *name = pg->ar ? (F->name_ar ? F->name_ar : F->name_en)
                                  : (F->name_en ? F->name_en : F->name_ar);
        if (!F->has_label || !name)
            continue;
        if (F->vis_w * v->s < 34 * u || F->vis_h * v->s < 16 * u)
            continue;
        double px, py;
        out_view_pt(v, F->lx, F->ly, &px, &py);
        if (out_text_rtl(name) || bm->user_admin) {
            area_label(pg, name, NULL, 7.6, 0, 0x8d8577, px, py, 0, 0);
        } else {
            char *up = upper_ascii(name);
            if (up)
                area_label(pg, up, NULL, 6.4, 0, 0x8d8577, px, py, 0, 1.2);
            free(up);
        }
    }
}

/* ---- legend ------------------------------------------------------------------------------ */

typedef struct legend_item {
    PangoLayout *l;
    double x, y;
} legend_item;

/* Arabic names for the groups `kharita extract` writes (its labels are English codes). */
static const struct { const char *en, *ar; } group_names[] = {
    { "civilians", "مدنيون" },               { "regime forces", "قوات النظام" },
    { "pro-regime militias", "ميليشيات موالية للنظام" }, { "Hezbollah", "حزب الله" },
    { "Iranian forces", "قوات إيرانية" },     { "Russian forces", "قوات روسية" },
    { "Turkish forces", "قوات تركية" },       { "ISIS", "تنظيم الدولة" },
    { "opposition", "فصائل المعارضة" },       { "SDF", "قسد" },
    { "Kurdish forces", "قوات كردية" },       { "HTS", "هيئة تحرير الشام" },
    { "Nusra", "جبهة النصرة" },               { "militants", "مسلحون" },
    { "US forces", "قوات أمريكية" },
};

/* The legend's name for group G in the page's languages, in BUF (SIZE bytes). A group the
 * table does not know (from another layer's data) is shown as it is written. */
static const char *group_label(page *pg, const char *g, char *buf, size_t size)
{
    const char *ar = NULL, *en = g;
    if (!*g) {
        ar = "غير محدد";
        en = "not stated";
    }
    for (size_t i = 0; !ar && i < sizeof group_names / sizeof *group_names; i++)
        if (strcasecmp(g, group_names[i].en) == 0)
            ar = group_names[i].ar;
    if (!ar || !pg->ar)
        return en;
    if (!pg->en)
        return ar;
    snprintf(buf, size, "%s / %s", ar, en);
    return buf;
}

/* Measure (DRAW 0) or draw (DRAW 1) the legend with its top-left at (x, y); returns its size. */
static void legend(page *pg, double x, double y, int draw, double *lw, double *lh)
{
    cairo_t *cr = pg->cr;
    const out_view *v = pg->v;
    out_scene *sc = pg->sc;
    const double u = v->u, pad = 7 * u;
    const int ar = pg->ar, both = pg->ar && pg->en;
    long vals[3];
    int nv = out_legend_values(sc->kmax, vals);
    double rmax = out_radius(v, sc->kmax, (double)vals[0]);
    char buf[160];
    double w = 0, h = pad;
    /* heading */
    const char *head = both ? "القتلى · Killed" : ar ? "عدد القتلى" : "People killed";
    PangoLayout *hl = layout(pg, head, ar, 8.5, PANGO_WEIGHT_BOLD);
    double hw, hh;
    extents(hl, &hw, &hh);
    double head_y = h;
    h += hh + 4 * u;
    w = hw;
    /* nested circles, bottom-aligned, values beside them on leader lines */
    double circ_top = h, block_w = 2 * rmax;
    double text_w = 0;
    PangoLayout *vl[3];
    for (int i = 0; i < nv; i++) {
        snprintf(buf, sizeof buf, "%ld", vals[i]);
        vl[i] = layout(pg, buf, 0, 7.5, PANGO_WEIGHT_NORMAL);
        double tw, th;
        extents(vl[i], &tw, &th);
        if (tw > text_w)
            text_w = tw;
    }
    double lead = 10 * u;
    block_w += lead + text_w;
    h += 2 * rmax + 3 * u;
    if (block_w > w)
        w = block_w;
    /* the injured ring */
    PangoLayout *ring = NULL;
    double ring_y = h;
    if (sc->opts->injured) {
        const char *t = both ? "الحلقة: القتلى والجرحى\nRing: killed + injured"
                             : ar ? "الحلقة: القتلى والجرحى" : "Ring: killed + injured";
        ring = layout(pg, t, ar, 7, PANGO_WEIGHT_NORMAL);
        double tw, th;
        extents(ring, &tw, &th);
        if (tw + 16 * u > w)
            w = tw + 16 * u;
        h += fmax(th, 12 * u) + 3 * u;
    }
    /* group colours */
    size_t ng = sc->opts->color == KH_MAP_COLOR_GROUP ? sc->nlegend_groups : 0;
    PangoLayout *gl[OUT_PALETTE + 1];
    double gy[OUT_PALETTE + 1];
    size_t ngl = 0;
    for (size_t i = 0; i < ng && ngl < OUT_PALETTE; i++) {
        const char *g = sc->data->groups[sc->legend_groups[i]];
        const char *t = group_label(pg, g, buf, sizeof buf);
        gl[ngl] = layout(pg, t, out_text_rtl(t), 7.5, PANGO_WEIGHT_NORMAL);
        double tw, th;
        extents(gl[ngl], &tw, &th);
        gy[ngl] = h;
        h += th + 1.5 * u;
        if (tw + 12 * u > w)
            w = tw + 12 * u;
        ngl++;
    }
    if (ng && sc->other_groups) {
        const char *t = both ? "جهات أخرى / other groups" : ar ? "جهات أخرى" : "other groups";
        gl[ngl] = layout(pg, t, ar, 7.5, PANGO_WEIGHT_NORMAL);
        double tw, th;
        extents(gl[ngl], &tw, &th);
        gy[ngl] = h;
        h += th + 1.5 * u;
        if (tw + 12 * u > w)
            w = tw + 12 * u;
        ngl++;
    }
    /* dashed circles: figures for a whole governorate or region */
    int any_coarse = 0;
    for (size_t i = 0; i < sc->nlayers && !any_coarse; i++)
        if (sc->layers[i].style == OUT_STYLE_CURRENT)
            for (size_t k = 0; k < sc->layers[i].n && !any_coarse; k++)
                any_coarse = sc->data->places[sc->layers[i].c[k].place].coarse;
    PangoLayout *coarse = NULL;
    double coarse_y = h;
    if (any_coarse) {
        const char *t = both ? "متقطعة: رقم لمحافظة أو منطقة كاملة\nDashed: a whole governorate or region"
                             : ar ? "متقطعة: رقم لمحافظة أو منطقة كاملة"
                                  : "Dashed: a whole governorate or region";
        coarse = layout(pg, t, ar, 7, PANGO_WEIGHT_NORMAL);
        double tw, th;
        extents(coarse, &tw, &th);
        if (tw + 16 * u > w)
            w = tw + 16 * u;
        h += fmax(th, 12 * u) + 3 * u;
    }
    /* places outside the map */
    PangoLayout *outl = NULL;
    double out_y = h;
    if (sc->outside > 0) {
        if (both)
            snprintf(buf, sizeof buf, "أماكن خارج الخريطة: %ld\n%ld place%s outside this map",
                     sc->outside, sc->outside, sc->outside == 1 ? "" : "s");
        else if (ar)
            snprintf(buf, sizeof buf, "أماكن خارج الخريطة: %ld", sc->outside);
        else
            snprintf(buf, sizeof buf, "%ld place%s outside this map", sc->outside,
                     sc->outside == 1 ? "" : "s");
        outl = layout(pg, buf, ar, 7, PANGO_WEIGHT_NORMAL);
        double tw, th;
        extents(outl, &tw, &th);
        h += th + 2 * u;
        if (tw > w)
            w = tw;
    }
    w += 2 * pad;
    h += pad - 2 * u;
    *lw = w;
    *lh = h;
    if (draw) {
        cairo_rectangle(cr, x, y, w, h);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.88);
        cairo_fill_preserve(cr);
        set_rgb(cr, 0xc9c4ba, 1);
        cairo_set_line_width(cr, 0.5 * u);
        cairo_stroke(cr);
        /* Arabic legends run from the right. */
        double inner_l = x + pad, inner_r = x + w - pad;
        show(pg, hl, ar ? inner_r - hw : inner_l, y + head_y, INK, 1, 0);
        double cx = ar ? inner_r - rmax : inner_l + rmax, base = y + circ_top + 2 * rmax;
        for (int i = 0; i < nv; i++) {
            double r = out_radius(v, sc->kmax, (double)vals[i]);
            out_circle c = { 0 };
            c.killed = vals[i];
            c.group = SIZE_MAX;
            rgb col = sc->opts->color == KH_MAP_COLOR_GROUP ? HEX(0xbdbdbd)
                                                            : circle_color(sc, &c);
            cairo_arc(cr, cx, base - r, r, 0, 2 * M_PI);
            cairo_set_source_rgba(cr, col.r, col.g, col.b, 0.55);
            cairo_fill_preserve(cr);
            rgb d = darker(col, 0.55);
            cairo_set_source_rgba(cr, d.r, d.g, d.b, 0.9);
            cairo_set_line_width(cr, 0.6 * u);
            cairo_stroke(cr);
        }
        for (int i = 0; i < nv; i++) {
            double r = out_radius(v, sc->kmax, (double)vals[i]);
            double ty = base - 2 * r;
            double tw, th;
            extents(vl[i], &tw, &th);
            double x_end = ar ? cx - rmax - lead + 2 * u : cx + rmax + lead - 2 * u;
            cairo_move_to(cr, cx, ty);
            cairo_line_to(cr, x_end, ty);
            set_rgb(cr, GREY, 1);
            cairo_set_line_width(cr, 0.4 * u);
            cairo_stroke(cr);
            show(pg, vl[i], ar ? x_end - 1.5 * u - tw : x_end + 1.5 * u, ty - th / 2, INK, 1, 0);
        }
        if (ring) {
            double tw, th;
            extents(ring, &tw, &th);
            double rc = ar ? inner_r - 5 * u : inner_l + 5 * u, ry = y + ring_y + fmax(th, 12 * u) / 2;
            cairo_arc(cr, rc, ry, 2.6 * u, 0, 2 * M_PI);
            set_rgb(cr, 0xe34a33, 0.8);
            cairo_fill(cr);
            cairo_arc(cr, rc, ry, 4.6 * u, 0, 2 * M_PI);
            set_rgb(cr, 0x8a2a1c, 0.9);
            cairo_set_line_width(cr, 0.8 * u);
            cairo_stroke(cr);
            show(pg, ring, ar ? rc - 8 * u - tw : rc + 8 * u, ry - th / 2, GREY, 1, 0);
        }
        if (coarse) {
            double tw, th;
            extents(coarse, &tw, &th);
            double rc = ar ? inner_r - 5 * u : inner_l + 5 * u, ry = y + coarse_y + fmax(th, 12 * u) / 2;
            cairo_arc(cr, rc, ry, 4.6 * u, 0, 2 * M_PI);
            set_rgb(cr, 0xe34a33, 0.35);
            cairo_fill_preserve(cr);
            double dash[] = { 2.5 * u, 1.8 * u };
            cairo_set_dash(cr, dash, 2, 0);
            set_rgb(cr, 0x7d2819, 0.95);
            cairo_set_line_width(cr, 1.0 * u);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
            show(pg, coarse, ar ? rc - 8 * u - tw : rc + 8 * u, ry - th / 2, GREY, 1, 0);
        }
        for (size_t i = 0; i < ngl; i++) {
            double tw, th;
            extents(gl[i], &tw, &th);
            int slot = i < ng && i < OUT_PALETTE ? sc->group_slot[sc->legend_groups[i]]
                                                 : OUT_PALETTE;
            double sx = ar ? inner_r - 3.5 * u : inner_l + 3.5 * u, syc = y + gy[i] + th / 2;
            cairo_arc(cr, sx, syc, 3.2 * u, 0, 2 * M_PI);
            set_rgb(cr, PALETTE[slot], 0.85);
            cairo_fill(cr);
            show(pg, gl[i], ar ? sx - 6 * u - tw : sx + 6 * u, y + gy[i], INK, 1, 0);
        }
        if (outl) {
            double tw, th;
            extents(outl, &tw, &th);
            show(pg, outl, ar ? inner_r - tw : inner_l, y + out_y + 1 * u, ACCENT, 1, 0);
        }
    }
    g_object_unref(hl);
    for (int i = 0; i < nv; i++)
        g_object_unref(vl[i]);
    if (ring)
        g_object_unref(ring);
    for (size_t i = 0; i < ngl; i++)
        g_object_unref(gl[i]);
    if (outl)
        g_object_unref(outl);
    if (coarse)
        g_object_unref(coarse);
}

/* ---- scale bar and north arrow ------------------------------------------------------------ */

static double scalebar_km(const out_view *v)
{
    static const double steps[] = { 1, 2, 5, 10, 20, 25, 50, 75, 100, 150, 200, 250, 500, 1000 };
    /* km in a sixth of the frame, and long enough to read on a small one (the inset) */
    double target = fmax(v->mw * 0.16, 70 * v->u) / v->s / 1000;
    double best = steps[0];
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] <= target)
            best = steps[i];
    return best;
}

/* Size of the scale bar block (bar, labels, north arrow above it). */
static void furniture_size(page *pg, double *w, double *h)
{
    const double u = pg->v->u;
    double km = scalebar_km(pg->v);
    *w = km * 1000 * pg->v->s + 24 * u;
    *h = 44 * u;
}

/* A scale bar of a round length with its top-left at (bx, by), labelled 0, half, full km. */
static void draw_scalebar(page *pg, double bx, double by)
{
    cairo_t *cr = pg->cr;
    const out_view *v = pg->v;
    const double u = v->u;
    double km = scalebar_km(v);
    double len = km * 1000 * v->s;
    const double bh = 3.2 * u;
    /* Alternating halves, the usual way distances are read off. */
    for (int i = 0; i < 4; i++) {
        cairo_rectangle(cr, bx + len * i / 4, by, len / 4, bh);
        if (i % 2 == 0)
            set_rgb(cr, INK, 1);
        else
            cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill(cr);
    }
    cairo_rectangle(cr, bx, by, len, bh);
    set_rgb(cr, INK, 1);
    cairo_set_line_width(cr, 0.5 * u);
    cairo_stroke(cr);
    char buf[64];
    text_at(pg, "0", 0, 6.5, PANGO_WEIGHT_NORMAL, INK, bx, by + bh + 0.8 * u, 0, 1.6 * u);
    snprintf(buf, sizeof buf, "%g", km / 2);
    text_at(pg, buf, 0, 6.5, PANGO_WEIGHT_NORMAL, INK, bx + len / 2, by + bh + 0.8 * u, 0,
            1.6 * u);
    snprintf(buf, sizeof buf, pg->ar && !pg->en ? "%g كم" : "%g km", km);
    PangoLayout *l = layout(pg, buf, pg->ar && !pg->en, 6.5, PANGO_WEIGHT_NORMAL);
    double tw, th;
    extents(l, &tw, &th);
    show(pg, l, bx + len - tw / 2, by + bh + 0.8 * u, INK, 1, 1.6 * u);
    g_object_unref(l);
}

static void draw_furniture(page *pg, double x, double y, double w, double h)
{
    cairo_t *cr = pg->cr;
    const out_view *v = pg->v;
    const double u = v->u;
    const double bx = x + 8 * u;
    draw_scalebar(pg, bx, y + h - 13 * u);

    /* North arrow: pointing to true north at its own position (meridians converge). */
    double ax = bx + 5 * u, ay = y + 16 * u;
    double angle = 0;
    double mx = v->x0 + (ax - v->mx) / v->s, my = v->y1 - (ay - v->my) / v->s;
    double lon = mx, lat = my;
    if (out_proj_inv(pg->proj, &lon, &lat, 1, 1, NULL) == 0) {
        double nx, ny;
        if (out_proj_point(pg->proj, lon, lat + 0.1, &nx, &ny) == 0)
            angle = atan2(nx - mx, ny - my);
    }
    cairo_save(cr);
    cairo_translate(cr, ax, ay);
    cairo_rotate(cr, angle);
    double L = 9 * u, W = 3.6 * u;
    cairo_move_to(cr, 0, -L);
    cairo_line_to(cr, W, L * 0.55);
    cairo_line_to(cr, 0, L * 0.25);
    cairo_close_path(cr);
    set_rgb(cr, INK, 1);
    cairo_fill(cr);
    cairo_move_to(cr, 0, -L);
    cairo_line_to(cr, -W, L * 0.55);
    cairo_line_to(cr, 0, L * 0.25);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    set_rgb(cr, INK, 1);
    cairo_set_line_width(cr, 0.5 * u);
    cairo_stroke(cr);
    cairo_restore(cr);
    const char *n = pg->ar && !pg->en ? "ش" : "N";
    text_at(pg, n, pg->ar && !pg->en, 7.5, PANGO_WEIGHT_BOLD, INK, ax + 9 * u, ay - 6 * u, -1,
            1.6 * u);
}

/* ---- title, attribution, timeline --------------------------------------------------------- */

static void draw_title(page *pg)
{
    cairo_t *cr = pg->cr;
    const out_view *v = pg->v;
    out_scene *sc = pg->sc;
    const double u = v->u, side = 14 * u;
    cairo_rectangle(cr, 0, 0, v->W, v->top_h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
    cairo_move_to(cr, 0, v->top_h - 0.3 * u);
    cairo_line_to(cr, v->W, v->top_h - 0.3 * u);
    set_rgb(cr, 0xbdb7ab, 1);
    cairo_set_line_width(cr, 0.6 * u);
    cairo_stroke(cr);
    const double ty = 7 * u, sy = 33.5 * u;
    const char *sub_ar = sc->frame_ar ? sc->frame_ar : sc->period_ar;
    const char *sub_en = sc->frame_en ? sc->frame_en : sc->period_en;
    unsigned sub_color = sc->frame_ar || sc->frame_en ? ACCENT : GREY;
    int sub_weight = sc->frame_ar || sc->frame_en ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL;
    if (sc->title) {
        int rtl = out_text_rtl(sc->title);
        /* Arabic fonts have deep descenders: start higher to leave room for the subtitle. */
        text_at(pg, sc->title, rtl, 17, PANGO_WEIGHT_BOLD, INK, rtl ? v->W - side : side,
                rtl ? ty - 3 * u : ty, rtl ? 1 : -1, 0);
    } else {
        if (pg->ar)
            text_at(pg, "ضحايا الحرب في سوريا حسب المكان", 1, 17, PANGO_WEIGHT_BOLD, INK,
                    v->W - side, ty - 3 * u, 1, 0);
        if (pg->en)
            text_at(pg, "War casualties in Syria by place", 0, 16, PANGO_WEIGHT_BOLD, INK,
                    side, ty, -1, 0);
    }
    if (pg->ar && sub_ar)
        text_at(pg, sub_ar, 1, 9.5, sub_weight, sub_color, v->W - side, sy - 1 * u, 1, 0);
    if (pg->en && sub_en)
        text_at(pg, sub_en, 0, 9, sub_weight, sub_color, side, sy, -1, 0);
}

static void draw_footer(page *pg)
{
    cairo_t *cr = pg->cr;
    const out_view *v = pg->v;
    const double u = v->u, side = 14 * u;
    double y = v->H - v->foot_h;
    cairo_rectangle(cr, 0, y, v->W, v->foot_h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
    const char *ar = "البيانات: خريطة (kharita) من تقارير إخبارية، والأرقام كما وردت فيها"
                     " · الخريطة الأساسية: Natural Earth وGSHHG";
    const char *en = "Data: kharita, from news reports; figures as reported"
                     " · Basemap: Natural Earth, GSHHG";
    if (pg->ar && pg->en) {
        PangoLayout *la = layout(pg, ar, 1, 6.3, PANGO_WEIGHT_NORMAL);
        PangoLayout *le = layout(pg, en, 0, 6, PANGO_WEIGHT_NORMAL);
        double wa, ha, we, he;
        extents(la, &wa, &ha);
        extents(le, &we, &he);
        if (wa + we + 3 * side < v->W) {
            show(pg, la, v->W - side - wa, y + (v->foot_h - ha) / 2, GREY, 1, 0);
            show(pg, le, side, y + (v->foot_h - he) / 2, GREY, 1, 0);
        } else {
            show(pg, la, v->W - side - wa, y + (v->foot_h - ha) / 2, GREY, 1, 0);
        }
        g_object_unref(la);
        g_object_unref(le);
    } else if (pg->ar) {
        PangoLayout *l = layout(pg, ar, 1, 6.3, PANGO_WEIGHT_NORMAL);
        double w, h;
        extents(l, &w, &h);
        show(pg, l, v->W - side - w, y + (v->foot_h - h) / 2, GREY, 1, 0);
        g_object_unref(l);
    } else {
        PangoLayout *l = layout(pg, en, 0, 6, PANGO_WEIGHT_NORMAL);
        double w, h;
        extents(l, &w, &h);
        show(pg, l, side, y + (v->foot_h - h) / 2, GREY, 1, 0);
        g_object_unref(l);
    }
}

/* Killed per frame as bars, the current frame in colour; the first and last labels below. */
static void draw_timeline(page *pg)
{
    cairo_t *cr = pg->cr;
    const out_view *v = pg->v;
    out_scene *sc = pg->sc;
    const double u = v->u, side = 14 * u;
    double y = v->H - v->foot_h - v->tl_h;
    cairo_rectangle(cr, 0, y, v->W, v->tl_h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
    cairo_move_to(cr, 0, y + 0.3 * u);
    cairo_line_to(cr, v->W, y + 0.3 * u);
    set_rgb(cr, 0xbdb7ab, 1);
    cairo_set_line_width(cr, 0.6 * u);
    cairo_stroke(cr);
    size_t n = sc->ntimeline;
    if (!n)
        return;
    long top = 1;
    for (size_t i = 0; i < n; i++)
        if (sc->timeline[i] > top)
            top = sc->timeline[i];
    double x0 = side, x1 = v->W - side, bw = (x1 - x0) / n;
    double base = y + v->tl_h - 11 * u, hmax = v->tl_h - 17 * u;
    for (size_t i = 0; i < n; i++) {
        /* Time runs left to right, as on the frames' file names. */
        double bh = hmax * (double)sc->timeline[i] / top;
        if (sc->timeline[i] > 0 && bh < 0.8 * u)
            bh = 0.8 * u;
        double bx = x0 + i * bw + bw * 0.12;
        cairo_rectangle(cr, bx, base - bh, bw * 0.76, bh);
        if (i == sc->timeline_cur)
            set_rgb(cr, ACCENT, 1);
        else if (i < sc->timeline_cur)
            set_rgb(cr, 0x8c877e, 1);
        else
            set_rgb(cr, 0xdcd8d0, 1);
        cairo_fill(cr);
    }
    /* the current frame's tick */
    double cx = x0 + (sc->timeline_cur + 0.5) * bw;
    cairo_move_to(cr, cx - 2.5 * u, base + 4.5 * u);
    cairo_line_to(cr, cx + 2.5 * u, base + 4.5 * u);
    cairo_line_to(cr, cx, base + 1.2 * u);
    cairo_close_path(cr);
    set_rgb(cr, ACCENT, 1);
    cairo_fill(cr);
    cairo_move_to(cr, x0, base + 0.3 * u);
    cairo_line_to(cr, x1, base + 0.3 * u);
    set_rgb(cr, LIGHT, 1);
    cairo_set_line_width(cr, 0.4 * u);
    cairo_stroke(cr);
    if (sc->timeline_first)
        text_at(pg, sc->timeline_first, 0, 6, PANGO_WEIGHT_NORMAL, GREY, x0, base + 1.5 * u, -1,
                0);
    if (sc->timeline_last)
        text_at(pg, sc->timeline_last, 0, 6, PANGO_WEIGHT_NORMAL, GREY, x1, base + 1.5 * u, 1, 0);
}

/* A box in the middle of the map saying there is nothing to show. */
static void draw_empty_note(page *pg)
{
    out_scene *sc = pg->sc;
    const out_view *v = pg->v;
    const double u = v->u;
    char text[512];
    if (pg->ar && pg->en)
        snprintf(text, sizeof text, "%s\n%s", sc->empty_note_ar, sc->empty_note_en);
    else
        snprintf(text, sizeof text, "%s", pg->ar ? sc->empty_note_ar : sc->empty_note_en);
    PangoLayout *l = layout(pg, text, pg->ar, 13, PANGO_WEIGHT_BOLD);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    double w, h;
    extents(l, &w, &h);
    double cx = v->mx + v->mw / 2, cy = v->my + v->mh / 2;
    cairo_rectangle(pg->cr, cx - w / 2 - 12 * u, cy - h / 2 - 8 * u, w + 24 * u, h + 16 * u);
    cairo_set_source_rgba(pg->cr, 1, 1, 1, 0.92);
    cairo_fill_preserve(pg->cr);
    set_rgb(pg->cr, 0xbdb7ab, 1);
    cairo_set_line_width(pg->cr, 0.6 * u);
    cairo_stroke(pg->cr);
    show(pg, l, cx - w / 2, cy - h / 2, GREY, 1, 0);
    g_object_unref(l);
}

/* ---- the page ---------------------------------------------------------------------------- */

/* ---- the Damascus inset ------------------------------------------------------------------ */

/* Damascus, its Ghouta, Darayya and the camps south of it: W, S, E, N in degrees. Many of the
 * war's places lie here within a few kilometres of each other, one blot on a map of Syria. */
static const double INSET_BOX[4] = { 36.05, 33.33, 36.62, 33.70 };

typedef struct inset {
    rect r;                         /* on the page, its title band included */
    double th;                      /* height of the title band */
    double x0, y0, x1, y1;          /* INSET_BOX projected (metres) */
} inset;

/* Page rectangle of circle C in view V. */
static rect circle_rect(const out_view *v, const out_scene *sc, const out_circle *c)
{
    double px, py;
    out_view_pt(v, c->x, c->y, &px, &py);
    double r = out_radius(v, sc->kmax, (double)c->killed);
    if (r < RMIN * v->u)
        r = RMIN * v->u;
    return (rect){ px - r, py - r, px + r, py + r };
}

static const char *inset_title(const page *pg)
{
    return pg->ar && pg->en ? "دمشق وريفها · Damascus area"
                            : pg->ar ? "دمشق وريفها" : "Damascus and its countryside";
}

static int in_box(const inset *in, const out_circle *c)
{
    return isfinite(c->x) && c->x >= in->x0 && c->x <= in->x1 && c->y >= in->y0 &&
           c->y <= in->y1;
}

/* Whether the map gets an inset (--inset auto: three or more places in the box, some of
 * whose circles touch, on a map where the box is small) and where: the spot along the frame's
 * edges over the fewest circles, never over the legend, the scale bar or the box itself. */
static int plan_inset(page *pg, const out_layer *cur, inset *in)
{
    const out_view *v = pg->v;
    const double u = v->u;
    int mode = pg->sc->opts->inset;
    if (mode == KH_MAP_INSET_NONE || pg->sc->empty_note_ar)
        return 0;
    in->x0 = in->y0 = INFINITY;
    in->x1 = in->y1 = -INFINITY;
    for (int k = 0; k < 4; k++) {
        double x, y;
        if (out_proj_point(pg->proj, INSET_BOX[k & 1 ? 2 : 0], INSET_BOX[k & 2 ? 3 : 1], &x, &y))
            return 0;
        in->x0 = fmin(in->x0, x);
        in->x1 = fmax(in->x1, x);
        in->y0 = fmin(in->y0, y);
        in->y1 = fmax(in->y1, y);
    }
    double bw = (in->x1 - in->x0) * v->s, bh = (in->y1 - in->y0) * v->s;
    if (mode == KH_MAP_INSET_AUTO) {
        if (bw > 0.18 * v->mw)
            return 0;       /* the map is already close enough */
        size_t n = 0, touching = 0;
        for (size_t i = 0; cur && i < cur->n; i++) {
            if (!in_box(in, &cur->c[i]))
                continue;
            n++;
            for (size_t j = 0; j < i; j++) {
                if (!in_box(in, &cur->c[j]))
                    continue;
                rect a = circle_rect(v, pg->sc, &cur->c[i]), b = circle_rect(v, pg->sc, &cur->c[j]);
                double dx = (a.x0 + a.x1 - b.x0 - b.x1) / 2, dy = (a.y0 + a.y1 - b.y0 - b.y1) / 2;
                touching += hypot(dx, dy) < (a.x1 - a.x0 + b.x1 - b.x0) / 2;
            }
        }
        if (n < 3 || touching == 0)
            return 0;
    }
    /* Close in on the places of the data in the box (a margin around them, at least 20 km a
     * side): all of them, not only this frame's, so that a timelapse keeps one inset. */
    double dx0 = INFINITY, dy0 = INFINITY, dx1 = -INFINITY, dy1 = -INFINITY;
    const kh_map_data *d = pg->sc->data;
    for (size_t i = 0; i < d->nplaces; i++) {
        const out_mplace *p = &d->places[i];
        if (!isfinite(p->x) || p->x < in->x0 || p->x > in->x1 || p->y < in->y0 || p->y > in->y1)
            continue;
        dx0 = fmin(dx0, p->x);
        dx1 = fmax(dx1, p->x);
        dy0 = fmin(dy0, p->y);
        dy1 = fmax(dy1, p->y);
    }
    if (dx0 <= dx1) {
        double cx = (dx0 + dx1) / 2, cy = (dy0 + dy1) / 2;
        double hw = fmax((dx1 - dx0) * 0.65, 10000), hh = fmax((dy1 - dy0) * 0.65, 10000);
        in->x0 = fmax(in->x0, cx - hw);
        in->x1 = fmin(in->x1, cx + hw);
        in->y0 = fmax(in->y0, cy - hh);
        in->y1 = fmin(in->y1, cy + hh);
        bw = (in->x1 - in->x0) * v->s;
        bh = (in->y1 - in->y0) * v->s;
    }
    /* a quarter of the frame's width, its height as the box's shape asks within limits */
    double iw = 0.27 * v->mw, ih = fmin(fmax(iw * bh / bw, 0.22 * v->mh), 0.42 * v->mh);
    const char *t = inset_title(pg);
    PangoLayout *tl = layout(pg, t, pg->ar, 8, PANGO_WEIGHT_BOLD);
    double tw, tth;
    extents(tl, &tw, &tth);
    g_object_unref(tl);
    in->th = tth + 2 * u;
    const double m = 8 * u, H = ih + in->th;
    const double xs[3] = { v->mx + m, v->mx + (v->mw - iw) / 2, v->mx + v->mw - m - iw };
    const double ys[3] = { v->my + m, v->my + (v->mh - H) / 2, v->my + v->mh - m - H };
    double bx, by;
    out_view_pt(v, in->x0, in->y1, &bx, &by);
    rect box = { bx, by, bx + bw, by + bh };
    double best_cost = INFINITY;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            if (i == 1 && j == 1)
                continue;
            rect a = { xs[i], ys[j], xs[i] + iw, ys[j] + H };
            if (rects_hit(&pg->taken, a) || hit(a, box))
                continue;
            double cost = 0;
            for (size_t k = 0; k < pg->circles.n; k++)
                if (hit(a, pg->circles.r[k]))
                    cost += overlap_area(a, pg->circles.r[k]) + 50 * u * u;
            /* every place of the data, so that a timelapse puts its inset where no frame has
             * a circle, and keeps it there */
            for (size_t k = 0; k < d->nplaces; k++) {
                double px, py;
                if (!isfinite(d->places[k].x))
                    continue;
                out_view_pt(v, d->places[k].x, d->places[k].y, &px, &py);
                if (hit(a, (rect){ px - 6 * u, py - 6 * u, px + 6 * u, py + 6 * u }))
                    cost += 100 * u * u;
            }
            if (cost < best_cost) {
                best_cost = cost;
                in->r = a;
            }
        }
    return isfinite(best_cost);
}

/* The inset: the box at its own scale with the same circle sizes, its places labelled, a
 * title band, and the box outlined on the main map. */
static void draw_inset(page *pg, const inset *in, const out_layer *cur, size_t maxl)
{
    cairo_t *cr = pg->cr;
    const double u = pg->v->u;
    /* the box on the main map */
    double bx0, by0, bx1, by1;
    out_view_pt(pg->v, in->x0, in->y1, &bx0, &by0);
    out_view_pt(pg->v, in->x1, in->y0, &bx1, &by1);
    cairo_rectangle(cr, bx0, by0, bx1 - bx0, by1 - by0);
    set_rgb(cr, INK, 0.8);
    cairo_set_line_width(cr, 0.8 * u);
    cairo_stroke(cr);

    out_view v2 = *pg->v;
    v2.mx = in->r.x0;
    v2.my = in->r.y0 + in->th;
    v2.mw = in->r.x1 - in->r.x0;
    v2.mh = in->r.y1 - in->r.y0 - in->th;
    v2.s = fmin(v2.mw / (in->x1 - in->x0), v2.mh / (in->y1 - in->y0));
    double cx = (in->x0 + in->x1) / 2, cy = (in->y0 + in->y1) / 2;
    v2.x0 = cx - v2.mw / v2.s / 2;
    v2.x1 = cx + v2.mw / v2.s / 2;
    v2.y0 = cy - v2.mh / v2.s / 2;
    v2.y1 = cy + v2.mh / v2.s / 2;
    page p2 = *pg;
    p2.v = &v2;
    p2.taken = (rects){ 0 };
    p2.circles = (rects){ 0 };
    p2.skip = 0;
    p2.frame = (rect){ v2.mx + 2 * u, v2.my + 2 * u, v2.mx + v2.mw - 2 * u, v2.my + v2.mh - 2 * u };

    /* shadow, title band, map */
    cairo_rectangle(cr, in->r.x0 + 1.5 * u, in->r.y0 + 1.5 * u, v2.mw, in->r.y1 - in->r.y0);
    set_rgb(cr, INK, 0.18);
    cairo_fill(cr);
    cairo_rectangle(cr, in->r.x0, in->r.y0, v2.mw, in->th);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
    text_at(&p2, inset_title(&p2), p2.ar, 8, PANGO_WEIGHT_BOLD, INK,
            p2.ar ? in->r.x1 - 4 * u : in->r.x0 + 4 * u, in->r.y0 + 1 * u, p2.ar ? 1 : -1, 0);
    cairo_save(cr);
    cairo_rectangle(cr, v2.mx, v2.my, v2.mw, v2.mh);
    cairo_clip(cr);
    draw_basemap(&p2);
    for (size_t i = 0; i < pg->sc->nlayers; i++)
        draw_layer(&p2, &pg->sc->layers[i]);
    for (size_t i = 0; cur && i < cur->n; i++)
        if (isfinite(cur->c[i].x))
            rects_add(&p2.circles, circle_rect(&v2, p2.sc, &cur->c[i]));
    double bar = scalebar_km(&v2) * 1000 * v2.s;
    rects_add(&p2.taken, (rect){ v2.mx, v2.my + v2.mh - 18 * u, v2.mx + bar + 14 * u,
                                 v2.my + v2.mh });
    placed *labels = maxl ? calloc(maxl, sizeof *labels) : NULL;
    size_t n = cur && labels ? place_labels(&p2, cur, labels, maxl) : 0;
    for (size_t i = 0; i < n; i++) {
        show(&p2, labels[i].l, labels[i].x, labels[i].y, INK, 1, 2.6 * u);
        g_object_unref(labels[i].l);
    }
    free(labels);
    draw_scalebar(&p2, v2.mx + 6 * u, v2.my + v2.mh - 15 * u);
    cairo_restore(cr);
    cairo_rectangle(cr, in->r.x0, in->r.y0, v2.mw, in->r.y1 - in->r.y0);
    cairo_move_to(cr, in->r.x0, v2.my);
    cairo_line_to(cr, in->r.x1, v2.my);
    set_rgb(cr, INK, 0.85);
    cairo_set_line_width(cr, 0.9 * u);
    cairo_stroke(cr);
    free(p2.taken.r);
    free(p2.circles.r);
    pg->sc->labelled += (long)n;
}

int out_render(cairo_t *cr, PangoFontMap *fm, out_proj *p, const out_view *v,
               const out_basemap *bm, out_scene *sc, out_textlog *log, kh_error *err)
{
    page pg = { 0 };
    pg.cr = cr;
    pg.proj = p;
    pg.v = v;
    pg.bm = bm;
    pg.sc = sc;
    pg.log = log;
    pg.ar = sc->opts->lang != KH_MAP_LANG_EN;
    pg.en = sc->opts->lang != KH_MAP_LANG_AR;
    pg.frame = (rect){ v->mx + 3 * v->u, v->my + 3 * v->u, v->mx + v->mw - 3 * v->u,
                       v->my + v->mh - 3 * v->u };
    pg.pc = pango_font_map_create_context(fm);
    pango_cairo_update_context(cr, pg.pc);
    /* Sizes are in points: one point, one user unit, whatever the surface. */
    pango_cairo_context_set_resolution(pg.pc, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pg.pc, fo);
    cairo_font_options_destroy(fo);

    const double u = v->u;
    const out_layer *cur = NULL;
    for (size_t i = 0; i < sc->nlayers; i++)
        if (sc->layers[i].style == OUT_STYLE_CURRENT)
            cur = &sc->layers[i];

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);

    /* Circles of the current layer, as obstacles for labels. */
    for (size_t i = 0; cur && i < cur->n; i++)
        if (isfinite(cur->c[i].x))
            rects_add(&pg.circles, circle_rect(v, sc, &cur->c[i]));

    /* The legend goes in the corner with the least of the map's circles under it; the scale
     * bar and north arrow in the other bottom corner. */
    double lw = 0, lh = 0, fw, fh;
    int has_legend = sc->empty_note_ar == NULL;
    if (has_legend)
        legend(&pg, 0, 0, 0, &lw, &lh);
    furniture_size(&pg, &fw, &fh);
    const double m = 8 * u;
    rect corners[4] = {
        { v->mx + v->mw - m - lw, v->my + v->mh - m - lh, v->mx + v->mw - m, v->my + v->mh - m },
        { v->mx + m, v->my + v->mh - m - lh, v->mx + m + lw, v->my + v->mh - m },
        { v->mx + v->mw - m - lw, v->my + m, v->mx + v->mw - m, v->my + m + lh },
        { v->mx + m, v->my + m, v->mx + m + lw, v->my + m + lh },
    };
    int best = 0;
    double best_cost = INFINITY;
    for (int k = 0; k < 4 && has_legend; k++) {
        double cost = 0;
        for (size_t i = 0; i < pg.circles.n; i++)
            cost += overlap_area(corners[k], pg.circles.r[i]) + 1e-3;
        for (size_t i = 0; i < pg.circles.n; i++)
            if (hit(corners[k], pg.circles.r[i]))
                cost += 50 * u * u;
        if (cost < best_cost - 1e-9) {
            best_cost = cost;
            best = k;
        }
    }
    rect lrect = corners[best];
    int furn_left = best == 0 || best == 2 || !has_legend;
    rect frect = furn_left ? (rect){ v->mx + m, v->my + v->mh - m - fh, v->mx + m + fw,
                                     v->my + v->mh - m }
                           : (rect){ v->mx + v->mw - m - fw, v->my + v->mh - m - fh,
                                     v->mx + v->mw - m, v->my + v->mh - m };
    if (has_legend)
        rects_add(&pg.taken, lrect);
    rects_add(&pg.taken, frect);
    inset in = { 0 };
    int has_inset = plan_inset(&pg, cur, &in);
    if (has_inset) {
        rects_add(&pg.taken, in.r);
        pg.skip = 1;
        pg.sx0 = in.x0;
        pg.sy0 = in.y0;
        pg.sx1 = in.x1;
        pg.sy1 = in.y1;
    }

    /* Labels of the biggest places first: they matter most. */
    size_t maxl = (size_t)(sc->opts->labels > 0 ? sc->opts->labels : 0);
    placed *labels = maxl ? calloc(maxl, sizeof *labels) : NULL;
    size_t nlabels = cur && labels ? place_labels(&pg, cur, labels, maxl) : 0;
    sc->labelled = (long)nlabels;

    cairo_save(cr);
    cairo_rectangle(cr, v->mx, v->my, v->mw, v->mh);
    cairo_clip(cr);
    draw_basemap(&pg);
    draw_area_labels(&pg);
    for (size_t i = 0; i < sc->nlayers; i++)
        draw_layer(&pg, &sc->layers[i]);
    for (size_t i = 0; i < nlabels; i++) {
        show(&pg, labels[i].l, labels[i].x, labels[i].y, INK, 1, 2.6 * u);
        g_object_unref(labels[i].l);
    }
    free(labels);
    if (has_legend) {
        double w2, h2;
        legend(&pg, lrect.x0, lrect.y0, 1, &w2, &h2);
    }
    draw_furniture(&pg, frect.x0, frect.y0, fw, fh);
    if (has_inset)
        draw_inset(&pg, &in, cur, maxl < 10 ? maxl : 10);
    if (sc->empty_note_ar)
        draw_empty_note(&pg);
    cairo_restore(cr);

    draw_title(&pg);
    if (v->tl_h > 0)
        draw_timeline(&pg);
    draw_footer(&pg);

    free(pg.taken.r);
    free(pg.circles.r);
    g_object_unref(pg.pc);
    cairo_status_t st = cairo_status(cr);
    if (st != CAIRO_STATUS_SUCCESS)
        return kh_error_set(err, KH_E_OUTPUT, "drawing the map: %s", cairo_status_to_string(st));
    return 0;
}
