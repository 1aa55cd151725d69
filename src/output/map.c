/* `kharita map`: options, the view and basemap of a map, and writing it as PNG, SVG or PDF. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <png.h>

#include "output/output_int.h"

void kh_map_opts_init(kh_map_opts *o)
{
    memset(o, 0, sizeof *o);
    o->extent = KH_MAP_EXTENT_SYRIA;
    o->dpi = 150;
    o->lang = KH_MAP_LANG_AR;
    o->color = KH_MAP_COLOR_SCALE;
    o->labels = 14;
    o->by = KH_BY_WEEK;
}

static int whole(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int kh_map_opts_set(kh_map_opts *o, const char *name, const char *value, kh_error *err)
{
    long a, b;
    long day;
    if (strcmp(name, "from") == 0 || strcmp(name, "to") == 0) {
        if (out_day_parse(value, &day) || strlen(value) != 10)
            return kh_error_set(err, KH_E_USAGE, "--%s takes a date YYYY-MM-DD, not '%s'", name,
                                value);
        *(strcmp(name, "from") == 0 ? &o->from : &o->to) = value;
    } else if (strcmp(name, "group") == 0) {
        o->group = value;
    } else if (strcmp(name, "extent") == 0) {
        return kh_map_parse_extent(o, value, err);
    } else if (strcmp(name, "size") == 0) {
        char w[32], h[32], tail;
        if (sscanf(value, "%31[0-9]x%31[0-9]%c", w, h, &tail) != 2 || whole(w, 200, 20000, &a) ||
            whole(h, 150, 20000, &b))
            return kh_error_set(err, KH_E_USAGE, "--size takes WIDTHxHEIGHT (200x150 to "
                                "20000x20000), not '%s'", value);
        o->width = (int)a;
        o->height = (int)b;
    } else if (strcmp(name, "dpi") == 0) {
        if (whole(value, 36, 1200, &a))
            return kh_error_set(err, KH_E_USAGE, "--dpi takes a whole number from 36 to 1200, "
                                "not '%s'", value);
        o->dpi = (double)a;
    } else if (strcmp(name, "lang") == 0) {
        if (strcmp(value, "ar") == 0)
            o->lang = KH_MAP_LANG_AR;
        else if (strcmp(value, "en") == 0)
            o->lang = KH_MAP_LANG_EN;
        else if (strcmp(value, "both") == 0)
            o->lang = KH_MAP_LANG_BOTH;
        else
            return kh_error_set(err, KH_E_USAGE, "--lang takes ar, en or both, not '%s'", value);
    } else if (strcmp(name, "color") == 0) {
        if (strcmp(value, "scale") == 0)
            o->color = KH_MAP_COLOR_SCALE;
        else if (strcmp(value, "group") == 0)
            o->color = KH_MAP_COLOR_GROUP;
        else
            return kh_error_set(err, KH_E_USAGE, "--color takes scale or group, not '%s'", value);
    } else if (strcmp(name, "title") == 0) {
        o->title = value;
    } else if (strcmp(name, "admin-layer") == 0) {
        o->admin_layer = value;
    } else if (strcmp(name, "admin-name") == 0) {
        o->admin_name = value;
    } else if (strcmp(name, "inset") == 0) {
        if (strcmp(value, "auto") == 0)
            o->inset = KH_MAP_INSET_AUTO;
        else if (strcmp(value, "none") == 0)
            o->inset = KH_MAP_INSET_NONE;
        else if (strcmp(value, "damascus") == 0)
            o->inset = KH_MAP_INSET_DAMASCUS;
        else
            return kh_error_set(err, KH_E_USAGE, "--inset takes auto, none or damascus, not "
                                "'%s'", value);
    } else if (strcmp(name, "labels") == 0) {
        if (whole(value, 0, 500, &a))
            return kh_error_set(err, KH_E_USAGE, "--labels takes a whole number from 0 to 500, "
                                "not '%s'", value);
        o->labels = (int)a;
    } else if (strcmp(name, "by") == 0) {
        int by = kh_period_parse(value);
        if (by < 0)
            return kh_error_set(err, KH_E_USAGE, "--by takes day, week or month, not '%s'", value);
        o->by = by;
    } else if (strcmp(name, "jobs") == 0) {
        if (whole(value, 1, 64, &a))
            return kh_error_set(err, KH_E_USAGE, "-j takes a whole number from 1 to 64, not '%s'",
                                value);
        o->jobs = (int)a;
    } else {
        return kh_error_set(err, KH_E_USAGE, "no map option '%s'", name);
    }
    return 0;
}

int kh_map_parse_extent(kh_map_opts *o, const char *s, kh_error *err)
{
    if (strcasecmp(s, "syria") == 0) {
        o->extent = KH_MAP_EXTENT_SYRIA;
        return 0;
    }
    if (strcasecmp(s, "data") == 0) {
        o->extent = KH_MAP_EXTENT_DATA;
        return 0;
    }
    double b[4];
    char tail;
    if (sscanf(s, "%lf,%lf,%lf,%lf%c", &b[0], &b[1], &b[2], &b[3], &tail) != 4 ||
        !(b[0] < b[2]) || !(b[1] < b[3]) || b[0] < -180 || b[2] > 180 || b[1] < -85 ||
        b[3] > 85)
        return kh_error_set(err, KH_E_USAGE, "--extent takes syria, data or W,S,E,N in degrees "
                            "(west < east, south < north), not '%s'", s);
    /* The projection is fitted to Syria: far-away windows would be badly distorted. */
    if (b[2] - b[0] > 40 || b[3] - b[1] > 30 || b[0] > 60 || b[2] < 15 || b[1] > 55 || b[3] < 15)
        return kh_error_set(err, KH_E_USAGE, "--extent %s: kharita maps Syria and its "
                            "neighbours; keep the window within about 15-60°E, 15-55°N", s);
    memcpy(o->box, b, sizeof b);
    o->extent = KH_MAP_EXTENT_BOX;
    return 0;
}

int out_format_of(const char *path, kh_error *err)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (dot && strcasecmp(dot, ".png") == 0)
        return OUT_FMT_PNG;
    if (dot && strcasecmp(dot, ".svg") == 0)
        return OUT_FMT_SVG;
    if (dot && strcasecmp(dot, ".pdf") == 0)
        return OUT_FMT_PDF;
    kh_error_set(err, KH_E_USAGE, "%s: the map format follows the extension: .png, .svg or .pdf",
                 path);
    return -1;
}

/* ---- dates as text ------------------------------------------------------------------------ */

/* The months as Syrian newspapers name them. */
static const char *const AR_MONTHS[12] = {
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"
};
static const char *const EN_MONTHS[12] = {
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December"
};

static void ymd(long day, int *y, int *m, int *d)
{
    char buf[11];
    out_day_format(day, buf);
    *y = atoi(buf);
    *m = atoi(buf + 5);
    *d = atoi(buf + 8);
}

void out_month_text(long day, int arabic, char *buf, size_t size)
{
    int y, m, d;
    ymd(day, &y, &m, &d);
    snprintf(buf, size, "%s %d", arabic ? AR_MONTHS[m - 1] : EN_MONTHS[m - 1], y);
}

void out_range_text(long a, long b, int arabic, char *buf, size_t size)
{
    int ya, ma, da, yb, mb, db;
    ymd(a, &ya, &ma, &da);
    ymd(b, &yb, &mb, &db);
    const char *const *M = arabic ? AR_MONTHS : EN_MONTHS;
    if (a == b)
        snprintf(buf, size, "%d %s %d", da, M[ma - 1], ya);
    else if (ya == yb && ma == mb)
        snprintf(buf, size, arabic ? "من %d إلى %d %s %d" : "%d–%d %s %d", da, db, M[ma - 1], ya);
    else if (ya == yb)
        snprintf(buf, size, arabic ? "من %d %s إلى %d %s %d" : "%d %s – %d %s %d", da, M[ma - 1],
                 db, M[mb - 1], yb);
    else
        snprintf(buf, size, arabic ? "من %d %s %d إلى %d %s %d" : "%d %s %d – %d %s %d", da,
                 M[ma - 1], ya, db, M[mb - 1], yb);
}

/* ---- preparing a job ---------------------------------------------------------------------- */

void out_job_free(out_job *j)
{
    free(j->groups);
    free(j->group_slot);
    free(j->legend_groups);
    out_basemap_free(j->bm);
    out_proj_free(j->proj);
    if (j->fm)
        g_object_unref(j->fm);
    memset(j, 0, sizeof *j);
}

/* Does the group string G (one name, or "a, b" as places layers list them) name WANT? */
static int group_matches(const char *g, const char *want)
{
    size_t n = strlen(want);
    while (*g) {
        while (*g == ' ' || *g == ',')
            g++;
        const char *e = strchr(g, ',');
        size_t len = e ? (size_t)(e - g) : strlen(g);
        while (len && g[len - 1] == ' ')
            len--;
        if (len == n && strncasecmp(g, want, n) == 0)
            return 1;
        if (!e)
            break;
        g = e + 1;
    }
    return 0;
}

/* The projected bounding box of a lon/lat box, its edges densified. */
static int box_metres(out_proj *p, const double b[4], double out[4], kh_error *err)
{
    enum { N = 16 };
    double xs[4 * N], ys[4 * N];
    for (int i = 0; i < N; i++) {
        double t = (double)i / (N - 1);
        xs[i] = b[0] + (b[2] - b[0]) * t, ys[i] = b[1];
        xs[N + i] = b[0] + (b[2] - b[0]) * t, ys[N + i] = b[3];
        xs[2 * N + i] = b[0], ys[2 * N + i] = b[1] + (b[3] - b[1]) * t;
        xs[3 * N + i] = b[2], ys[3 * N + i] = b[1] + (b[3] - b[1]) * t;
    }
    int rc = out_proj_fwd(p, xs, ys, 1, 4 * N, err);
    if (rc)
        return rc;
    out[0] = out[1] = INFINITY;
    out[2] = out[3] = -INFINITY;
    for (int i = 0; i < 4 * N; i++) {
        out[0] = fmin(out[0], xs[i]);
        out[1] = fmin(out[1], ys[i]);
        out[2] = fmax(out[2], xs[i]);
        out[3] = fmax(out[3], ys[i]);
    }
    return 0;
}

typedef struct gsum {
    size_t group;
    long killed, injured;
} gsum;

static int cmp_gsum(const void *a, const void *b)
{
    const gsum *x = a, *y = b;
    if (x->killed != y->killed)
        return x->killed < y->killed ? 1 : -1;
    if (x->injured != y->injured)
        return x->injured < y->injured ? 1 : -1;
    return x->group < y->group ? -1 : x->group > y->group;
}

/* Colours for the groups, biggest first, the same in every frame. */
static int assign_groups(out_job *j)
{
    const kh_map_data *d = j->d;
    size_t ng = d->ngroups;
    gsum *s = calloc(ng ? ng : 1, sizeof *s);
    j->group_slot = calloc(ng ? ng : 1, sizeof *j->group_slot);
    j->legend_groups = calloc(OUT_PALETTE, sizeof *j->legend_groups);
    if (!s || !j->group_slot || !j->legend_groups) {
        free(s);
        return -1;
    }
    for (size_t g = 0; g < ng; g++)
        s[g].group = g;
    for (size_t i = 0; i < d->nrecs; i++) {
        const out_mrec *r = &d->recs[i];
        if (r->day < j->from || r->day > j->to || (j->groups && !j->groups[r->group]))
            continue;
        s[r->group].killed += r->killed;
        s[r->group].injured += r->injured;
    }
    qsort(s, ng, sizeof *s, cmp_gsum);
    for (size_t g = 0; g < ng; g++)
        j->group_slot[g] = OUT_PALETTE;
    for (size_t k = 0; k < ng; k++) {
        if (s[k].killed + s[k].injured == 0)
            continue;
        if (j->nlegend_groups < OUT_PALETTE) {
            j->group_slot[s[k].group] = (int)j->nlegend_groups;
            j->legend_groups[j->nlegend_groups++] = s[k].group;
        } else {
            j->other_groups = 1;
        }
    }
    free(s);
    return 0;
}

int out_job_prepare(out_job *j, const kh_map_data *d, const kh_map_opts *o, int format,
                    int timeline, kh_error *err)
{
    int rc = 0;
    memset(j, 0, sizeof *j);
    j->d = d;
    j->o = o;
    j->format = format;
    j->from = LONG_MIN;
    j->to = LONG_MAX;
    if (o->from && out_day_parse(o->from, &j->from))
        return kh_error_set(err, KH_E_USAGE, "--from takes a date YYYY-MM-DD, not '%s'", o->from);
    if (o->to && out_day_parse(o->to, &j->to))
        return kh_error_set(err, KH_E_USAGE, "--to takes a date YYYY-MM-DD, not '%s'", o->to);
    if (j->from > j->to)
        return kh_error_set(err, KH_E_USAGE, "--from %s is after --to %s", o->from, o->to);
    j->dpi = o->dpi > 0 ? o->dpi : 150;
    if (j->dpi < 36 || j->dpi > 1200)
        return kh_error_set(err, KH_E_USAGE, "--dpi takes 36 to 1200, not %g", j->dpi);
    if (o->group) {
        j->groups = calloc(d->ngroups ? d->ngroups : 1, 1);
        if (!j->groups)
            return kh_error_set(err, KH_E_NOMEM, "out of memory");
        for (size_t g = 0; g < d->ngroups; g++)
            j->groups[g] = (unsigned char)group_matches(d->groups[g], o->group);
    }
    if (assign_groups(j))
        return kh_error_set(err, KH_E_NOMEM, "out of memory");

    /* Fonts first: without them there is no map to make. */
    j->fm = pango_cairo_font_map_new();
    if (!j->fm)
        return kh_error_set(err, KH_E_INPUT, "cannot set up fonts (pango)");
    if ((rc = out_fonts_check(j->fm, &j->fallback_font, err)))
        return rc;

    j->proj = out_proj_new(err);
    if (!j->proj)
        return err ? err->code : KH_E_INPUT;

    /* The selected records' days and places. */
    double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY;
    j->first_day = LONG_MAX;
    j->last_day = LONG_MIN;
    for (size_t i = 0; i < d->nrecs; i++) {
        const out_mrec *r = &d->recs[i];
        if (r->day < j->from || r->day > j->to || (j->groups && !j->groups[r->group]))
            continue;
        if (r->day < j->first_day)
            j->first_day = r->day;
        if (r->day_end > j->last_day)
            j->last_day = r->day_end;
        const out_mplace *p = &d->places[r->place];
        if (!isfinite(p->x))
            continue;
        bx0 = fmin(bx0, p->x);
        by0 = fmin(by0, p->y);
        bx1 = fmax(bx1, p->x);
        by1 = fmax(by1, p->y);
    }

    double box[4];
    static const double syria[4] = { 35.55, 32.2, 42.5, 37.4 };
    if (o->extent == KH_MAP_EXTENT_DATA && isfinite(bx0)) {
        /* Some room around the places, and never closer than ~60 km across. */
        double w = bx1 - bx0, h = by1 - by0, pad = fmax(w, h) * 0.12 + 8000;
        double cx = (bx0 + bx1) / 2, cy = (by0 + by1) / 2;
        w = fmax(w + 2 * pad, 60000);
        h = fmax(h + 2 * pad, 45000);
        box[0] = cx - w / 2;
        box[1] = cy - h / 2;
        box[2] = cx + w / 2;
        box[3] = cy + h / 2;
    } else {
        const double *ll = o->extent == KH_MAP_EXTENT_BOX ? o->box : syria;
        if ((rc = box_metres(j->proj, ll, box, err)))
            return rc;
        if (o->extent != KH_MAP_EXTENT_BOX) {
            double pw = (box[2] - box[0]) * 0.03, ph = (box[3] - box[1]) * 0.03;
            box[0] -= pw;
            box[2] += pw;
            box[1] -= ph;
            box[3] += ph;
        }
    }

    /* The page in points. */
    double W, H;
    int wpx = o->width > 0 ? o->width : 0, hpx = o->height > 0 ? o->height : 0;
    if (format == OUT_FMT_PNG) {
        if (!wpx)
            wpx = 1600;
        if (!hpx)
            hpx = wpx * 3 / 4;
        W = wpx * 72.0 / j->dpi;
        H = hpx * 72.0 / j->dpi;
    } else {
        W = wpx ? wpx : 1600 * 72.0 / 150;
        H = hpx ? hpx : W * 0.75;
    }
    out_view_fit(&j->view, W, H, timeline, box[0], box[1], box[2], box[3]);
    j->bm = out_basemap_load(j->proj, &j->view, o->admin_layer, o->admin_name, err);
    if (!j->bm)
        return err && err->code ? err->code : KH_E_INPUT;
    return 0;
}

void out_job_scene(const out_job *j, out_scene *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->data = j->d;
    sc->opts = j->o;
    sc->title = j->o->title && *j->o->title ? j->o->title : NULL;
    sc->group_slot = j->group_slot;
    sc->legend_groups = j->legend_groups;
    sc->nlegend_groups = j->nlegend_groups;
    sc->other_groups = j->other_groups;
}

/* ---- writing files ------------------------------------------------------------------------ */

typedef struct membuf {
    char *p;
    size_t n, cap;
    int failed;
} membuf;

static cairo_status_t mem_write(void *closure, const unsigned char *data, unsigned int len)
{
    membuf *m = closure;
    /* one byte more than the data: the buffer stays NUL-terminated for write_svg's strstr */
    if (m->n + len + 1 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 65536;
        while (cap < m->n + len + 1)
            cap *= 2;
        char *p = realloc(m->p, cap);
        if (!p) {
            m->failed = 1;
            return CAIRO_STATUS_NO_MEMORY;
        }
        m->p = p;
        m->cap = cap;
    }
    memcpy(m->p + m->n, data, len);
    m->n += len;
    m->p[m->n] = '\0';
    return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t file_write(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS
                                                : CAIRO_STATUS_WRITE_ERROR;
}

/* libpng's errors come back through setjmp, its warnings are dropped: the library never
 * prints. */
static void png_fail(png_structp png, png_const_charp msg)
{
    png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg)
{
}

/* Write the RGB24 image SURF to FP as an 8-bit RGB PNG. cairo_surface_write_to_png tries
 * every row filter and compresses at zlib's default level, which was more than half of a
 * timelapse's time; one filter (up: a map is mostly flat areas) and level 3 write the same
 * pixels four times faster for files about a tenth larger. */
static cairo_status_t write_png(cairo_surface_t *surf, FILE *fp)
{
    cairo_surface_flush(surf);
    int w = cairo_image_surface_get_width(surf), h = cairo_image_surface_get_height(surf);
    int stride = cairo_image_surface_get_stride(surf);
    const unsigned char *data = cairo_image_surface_get_data(surf);
    if (!data || w <= 0 || h <= 0)
        return CAIRO_STATUS_INVALID_SIZE;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    unsigned char *volatile row = malloc((size_t)w * 3);
    cairo_status_t st = CAIRO_STATUS_NO_MEMORY;
    if (!png || !info || !row)
        goto out;
    if (setjmp(png_jmpbuf(png))) {
        st = CAIRO_STATUS_WRITE_ERROR;
        goto out;
    }
    png_init_io(png, fp);
    png_set_compression_level(png, 3);
    png_set_filter(png, 0, PNG_FILTER_UP);


    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        /* a pixel is a native-endian 32-bit xRGB word */
        const uint32_t *px = (const uint32_t *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            row[3 * x] = (unsigned char)(px[x] >> 16);
            row[3 * x + 1] = (unsigned char)(px[x] >> 8);
            row[3 * x + 2] = (unsigned char)px[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    st = fflush(fp) == 0 && !ferror(fp) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
out:
    if (png)
        png_destroy_write_struct(&png, info ? &info : NULL);
    free(row);
    return st;
}

/* S as XML character data: & < > " ' escaped, control characters dropped. */
static void xml_escaped(FILE *fp, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&apos;", fp); break;
        default:
            if (c >= 0x20 || c == '\n' || c == '\t')
                fputc(c, fp);
            else
                fputc(' ', fp);
        }
    }
}

static const char *title_of(const out_scene *sc)
{
    if (sc->title)
        return sc->title;
    return sc->opts->lang == KH_MAP_LANG_EN ? "War casualties in Syria by place"
                                            : "ضحايا الحرب في سوريا حسب المكان";
}

/* cairo's SVG draws text as glyph outlines; the labels are added as (invisible, selectable)
 * <text> so that they can be searched, read by screen readers and tested. */
static int write_svg(FILE *fp, const membuf *m, const out_scene *sc, const out_textlog *log)
{
    const char *svg = memchr(m->p, '<', m->n) ? strstr(m->p, "<svg") : NULL;
    const char *end_open = svg ? strchr(svg, '>') : NULL;
    const char *close = NULL;
    for (const char *q = m->p; (q = strstr(q, "</svg>")) != NULL; q++)
        close = q;
    if (!svg || !end_open || !close || close < end_open)
        return -1;
    fwrite(m->p, 1, (size_t)(end_open + 1 - m->p), fp);
    fputs("\n<title>", fp);
    xml_escaped(fp, title_of(sc));
    fputs("</title>\n<desc>", fp);
    const char *sub = sc->opts->lang == KH_MAP_LANG_EN ? sc->period_en : sc->period_ar;
    xml_escaped(fp, sub ? sub : "");
    fputs("</desc>\n", fp);
    fwrite(end_open + 1, 1, (size_t)(close - (end_open + 1)), fp);
    fputs("<g id=\"kharita-text\" fill-opacity=\"0\" stroke=\"none\" "
          "font-family=\"Noto Sans, Noto Sans Arabic, sans-serif\">\n", fp);
    for (size_t i = 0; log && i < log->n; i++) {
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\"%s>", log->t[i].x,
                log->t[i].y, log->t[i].size, log->t[i].rtl ? " direction=\"rtl\"" : "");
        xml_escaped(fp, log->t[i].text);
        fputs("</text>\n", fp);
    }
    fputs("</g>\n", fp);
    fwrite(close, 1, m->n - (size_t)(close - m->p), fp);
    return ferror(fp) ? -1 : 0;
}

int out_render_file(const char *path, int format, double dpi, PangoFontMap *fm, out_proj *p,
                    const out_view *v, const out_basemap *bm, out_scene *sc, kh_error *err)
{
    int rc = 0;
    membuf mem = { 0 };
    out_textlog log = { 0 };
    cairo_surface_t *surf = NULL;
    cairo_t *cr = NULL;
    kh_atomic *a = kh_atomic_open(path, err);
    if (!a)
        return err ? err->code : KH_E_OUTPUT;
    FILE *fp = kh_atomic_stream(a, err);
    if (!fp) {
        rc = KH_E_OUTPUT;
        goto out;
    }
    double scale = 1;
    switch (format) {
    case OUT_FMT_PNG: {
        scale = dpi / 72.0;
        int w = (int)lround(v->W * scale), h = (int)lround(v->H * scale);
        surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        break;
    }
    case OUT_FMT_SVG:
        surf = cairo_svg_surface_create_for_stream(mem_write, &mem, v->W, v->H);
        break;
    default:
        surf = cairo_pdf_surface_create_for_stream(file_write, fp, v->W, v->H);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title_of(sc));
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "kharita " KHARITA_VERSION);
        break;
    }
    cairo_status_t st = cairo_surface_status(surf);
    if (st != CAIRO_STATUS_SUCCESS) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: %s", path, cairo_status_to_string(st));
        goto out;
    }
    cr = cairo_create(surf);
    cairo_scale(cr, scale, scale);
    if ((rc = out_render(cr, fm, p, v, bm, sc, format == OUT_FMT_SVG ? &log : NULL, err)))
        goto out;
    cairo_destroy(cr);
    cr = NULL;
    if (format == OUT_FMT_PNG)
        st = write_png(surf, fp);
    else
        cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    if (st != CAIRO_STATUS_SUCCESS || mem.failed) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: %s", path,
                          cairo_status_to_string(mem.failed ? CAIRO_STATUS_NO_MEMORY : st));
        goto out;
    }
    if (format == OUT_FMT_SVG && write_svg(fp, &mem, sc, &log)) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot write the SVG", path);
        goto out;
    }
    rc = kh_atomic_commit(a, err);
    a = NULL;
out:
    if (cr)
        cairo_destroy(cr);
    if (surf)
        cairo_surface_destroy(surf);
    kh_atomic_abort(a);
    free(mem.p);
    out_textlog_free(&log);
    return rc;
}

/* ---- one map ------------------------------------------------------------------------------ */

static void totals_text(const out_job *j, long killed, long injured, int arabic, const char *range,
                        char *buf, size_t size)
{
    const char *g = j->o->group;
    /* No injured figure is "none reported", not "nobody injured": left out. */
    char inj[64] = "";
    if (injured > 0)
        snprintf(inj, sizeof inj, arabic ? " · الجرحى: %ld" : " · %ld injured", injured);
    if (arabic)
        snprintf(buf, size, "%s%sالقتلى: %ld%s%s%s", range, *range ? " · " : "", killed, inj,
                 g ? " · الجهة: " : "", g ? g : "");
    else
        snprintf(buf, size, "%s%s%ld killed%s%s%s", range, *range ? " · " : "", killed, inj,
                 g ? " · group: " : "", g ? g : "");
}

int kh_map_render(const kh_map_data *d, const kh_map_opts *o, const char *path,
                  kh_map_stats *st, kh_error *err)
{
    out_job j;
    out_circle *c = NULL;
    int rc;
    int format = out_format_of(path, err);
    if (format < 0)
        return KH_E_USAGE;
    if ((rc = out_job_prepare(&j, d, o, format, 0, err)))
        goto out;
    long n = out_collect(d, j.from, j.to, j.groups, &c);
    if (n < 0) {
        rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto out;
    }
    out_scene sc;
    out_job_scene(&j, &sc);
    sc.layers[0] = (out_layer){ c, (size_t)n, OUT_STYLE_CURRENT, 1 };
    sc.nlayers = 1;
    sc.kmax = 1;
    for (long i = 0; i < n; i++) {
        sc.killed += c[i].killed;
        sc.injured += c[i].injured;
        if (c[i].killed > sc.kmax)
            sc.kmax = (double)c[i].killed;
        double px, py;
        if (isfinite(c[i].x))
            out_view_pt(&j.view, c[i].x, c[i].y, &px, &py);
        if (!isfinite(c[i].x) || px < j.view.mx || px > j.view.mx + j.view.mw ||
            py < j.view.my || py > j.view.my + j.view.mh)
            sc.outside++;
    }
    sc.places = n;
    /* The period: as asked, else as found. */
    long a = o->from ? j.from : j.first_day, b = o->to ? j.to : j.last_day;
    char range_ar[160] = "", range_en[160] = "", sub_ar[400], sub_en[400];
    if (a != LONG_MIN && b != LONG_MAX && a <= b) {
        out_range_text(a, b, 1, range_ar, sizeof range_ar);
        out_range_text(a, b, 0, range_en, sizeof range_en);
    }
    totals_text(&j, sc.killed, sc.injured, 1, range_ar, sub_ar, sizeof sub_ar);
    totals_text(&j, sc.killed, sc.injured, 0, range_en, sub_en, sizeof sub_en);
    sc.period_ar = sub_ar;
    sc.period_en = sub_en;
    if (n == 0) {
        sc.period_ar = *range_ar ? range_ar : NULL;
        sc.period_en = *range_en ? range_en : NULL;
        sc.empty_note_ar = o->group ? "لا أحداث لهذه الجهة في هذه الفترة"
                                    : "لا أحداث في هذه الفترة";
        sc.empty_note_en = o->group ? "No events for this group in this period"
                                    : "No events in this period";
    }
    rc = out_render_file(path, format, j.dpi, j.fm, j.proj, &j.view, j.bm, &sc, err);
    if (rc == 0 && st) {
        memset(st, 0, sizeof *st);
        st->places = sc.places;
        st->outside = sc.outside;
        st->labelled = sc.labelled;
        st->killed = sc.killed;
        st->injured = sc.injured;
        st->fallback_font = j.fallback_font;
    }
out:
    free(c);
    out_job_free(&j);
    return rc;
}
