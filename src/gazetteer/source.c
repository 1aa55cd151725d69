/* Gazetteer source rows: kinds, reading and validating the 15-column TSV, writing it back. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kharita/files.h"
#include "gazetteer/gazetteer_int.h"

static const char *const kind_names[KH_KIND_COUNT] = {
    "country", "governorate", "district", "subdistrict", "region", "city", "town", "village",
    "neighbourhood", "camp", "landmark"
};

const char *const gaz_field_names[GAZ_NFIELDS] = {
    "id", "name_ar", "name_en", "variants", "kind", "admin1", "admin2", "admin3", "pcode",
    "lat", "lon", "importance", "parent", "country", "source"
};

const char *kh_kind_name(int kind)
{
    return kind >= 0 && kind < KH_KIND_COUNT ? kind_names[kind] : NULL;
}

int kh_kind_parse(const char *name)
{
    for (int k = 0; k < KH_KIND_COUNT; k++)
        if (strcmp(name, kind_names[k]) == 0)
            return k;
    return -1;
}

void gaz_report_add(gaz_report *r, int is_error, const char *fmt, ...)
{
    char msg[KH_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (is_error)
        r->errors++;
    else
        r->warnings++;
    if (r->fn)
        r->fn(r->ctx, is_error, msg);
}

uint32_t gaz_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (uint8_t)s[i];
        h *= 16777619u;
    }
    return h;
}

uint64_t gaz_fnv64(const void *p, size_t len, uint64_t h)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < len; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

double gaz_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0, d = M_PI / 180.0;
    double dlat = (lat2 - lat1) * d, dlon = (lon2 - lon1) * d;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * d) * cos(lat2 * d) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

int gaz_has_arabic(const char *s)
{
    /* U+0600..U+06FF is encoded with lead bytes 0xD8..0xDB. */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0xD8 && *p <= 0xDB)
            return 1;
    return 0;
}

/* The 14 governorates, with the spellings other sources use and their OCHA p-code. */
static const struct {
    const char *name, *pcode;
    const char *aliases[8];
} admin1_list[] = {
    { "Aleppo", "SY02", { "aleppo", "halab", "alep" } },
    { "Damascus", "SY01", { "damascus", "dimashq", "damas" } },
    { "Rif Dimashq", "SY03", { "rif dimashq", "rural damascus", "reef damascus", "rif dimashq governorate", "damascus countryside", "rif damascus" } },
    { "Homs", "SY04", { "homs", "hims", "homs (hims)" } },
    { "Hama", "SY05", { "hama", "hamah", "hamat" } },
    { "Idlib", "SY07", { "idlib", "idleb" } },
    { "Latakia", "SY06", { "latakia", "lattakia", "al ladhiqiyah", "ladhiqiyah", "al-lathiqiyah", "lattaquie" } },
    { "Tartus", "SY10", { "tartus", "tartous", "tartous governorate", "tartouss" } },
    { "Deir ez-Zor", "SY09", { "deir ez-zor", "deir-ez-zor", "dayr az zawr", "deir ezzor", "deir ez zor", "deir al-zour", "deir el-zor", "dayr az-zawr" } },
    { "Raqqa", "SY11", { "raqqa", "ar raqqah", "ar-raqqa", "al-raqqa", "raqqah", "ar-raqqah" } },
    { "Al-Hasakah", "SY08", { "al-hasakah", "al-hasakeh", "hasakah", "hasaka", "hasaka (al haksa)", "al hasakah", "hassakeh", "al-hasaka" } },
    { "Daraa", "SY12", { "daraa", "dar'a", "dar`a", "deraa", "dara'a", "dara" } },
    { "As-Suwayda", "SY13", { "as-suwayda", "as suwayda'", "as-sweida", "suwayda", "as suwayda", "sweida", "al-suwayda", "as-suwayda'" } },
    { "Quneitra", "SY14", { "quneitra", "al quneitra", "al-quneitra", "qunaytirah", "al qunaytirah" } },
};

const char *gaz_admin1_canonical(const char *name)
{
    if (!name || !*name)
        return NULL;
    char low[128];
    size_t n = 0;
    for (const char *p = name; *p && n < sizeof low - 1; p++)
        low[n++] = (char)tolower((unsigned char)*p);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof admin1_list / sizeof admin1_list[0]; i++) {
        if (strcasecmp(name, admin1_list[i].name) == 0)
            return admin1_list[i].name;
        if (strncasecmp(name, admin1_list[i].pcode, 4) == 0 &&
            (name[4] == '\0' || isdigit((unsigned char)name[4])))
            return admin1_list[i].name;
        for (size_t j = 0; j < 8 && admin1_list[i].aliases[j]; j++)
            if (strcmp(low, admin1_list[i].aliases[j]) == 0)
                return admin1_list[i].name;
    }
    return NULL;
}

size_t gaz_utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2; cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3; cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4; cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return n;
}

int gaz_row_set(gaz_row *row, int i, const char *s)
{
    char *c = strdup(s ? s : "");
    if (!c)
        return -1;
    free(row->f[i]);
    row->f[i] = c;
    return 0;
}

static int decimals(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot)
        return 0;
    int n = 0;
    for (const char *p = dot + 1; isdigit((unsigned char)*p); p++)
        n++;
    return n;
}

/* Parse a number that fills the whole field. */
static int parse_num(const char *s, double *out)
{
    if (!*s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static double default_importance(int kind)
{
    switch (kind) {
    case KH_KIND_COUNTRY: return 10000000;
    case KH_KIND_GOVERNORATE: return 1000000;
    case KH_KIND_DISTRICT: case KH_KIND_REGION: return 100000;
    case KH_KIND_CITY: return 100000;
    case KH_KIND_SUBDISTRICT: case KH_KIND_TOWN: return 10000;
    case KH_KIND_VILLAGE: case KH_KIND_CAMP: return 1000;
    default: return 100;
    }
}

/* Validate the fields of one row; reports every problem and returns how many there were. */
static int validate(gaz_row *row, gaz_report *r)
{
    int bad = 0;
    const char *file = row->file;
    int line = row->line;
#define BAD(field, ...)                                                          \
    do {                                                                         \
        char what_[512];                                                         \
        snprintf(what_, sizeof what_, __VA_ARGS__);                              \
        gaz_report_add(r, 1, "%s:%d: %s: %s", file, line, field, what_);         \
        bad++;                                                                   \
    } while (0)
    if (!row->f[GAZ_F_ID][0])
        BAD("id", "empty");
    if (!row->f[GAZ_F_NAME_AR][0] && !row->f[GAZ_F_NAME_EN][0])
        BAD("name_ar", "missing name (name_ar and name_en are both empty)");
    row->kind = kh_kind_parse(row->f[GAZ_F_KIND]);
    if (row->kind < 0)
        BAD("kind", "unknown kind '%s' (one of country, governorate, district, subdistrict, "
                    "region, city, town, village, neighbourhood, camp, landmark)",
            row->f[GAZ_F_KIND]);
    if (parse_num(row->f[GAZ_F_LAT], &row->lat) < 0)
        BAD("lat", "'%s' is not a number", row->f[GAZ_F_LAT]);
    else if (row->lat < -90 || row->lat > 90)
        BAD("lat", "%s is outside -90..90", row->f[GAZ_F_LAT]);
    if (parse_num(row->f[GAZ_F_LON], &row->lon) < 0)
        BAD("lon", "'%s' is not a number", row->f[GAZ_F_LON]);
    else if (row->lon < -180 || row->lon > 180)
        BAD("lon", "%s is outside -180..180", row->f[GAZ_F_LON]);
    int dl = decimals(row->f[GAZ_F_LAT]), dn = decimals(row->f[GAZ_F_LON]);
    row->coord_decimals = dl < dn ? dl : dn;
    if (!row->f[GAZ_F_IMPORTANCE][0])
        row->importance = default_importance(row->kind);
    else if (parse_num(row->f[GAZ_F_IMPORTANCE], &row->importance) < 0 || row->importance < 0)
        BAD("importance", "'%s' is not a number >= 0", row->f[GAZ_F_IMPORTANCE]);
    const char *cc = row->f[GAZ_F_COUNTRY];
    if (!(strlen(cc) == 2 && isupper((unsigned char)cc[0]) && isupper((unsigned char)cc[1])))
        BAD("country", "'%s' is not an ISO 3166-1 alpha-2 code (SY, IQ, …)", cc);
    else if (strcmp(cc, "SY") == 0 && row->f[GAZ_F_ADMIN1][0]) {
        const char *canon = gaz_admin1_canonical(row->f[GAZ_F_ADMIN1]);
        if (!canon)
            BAD("admin1", "'%s' is not one of the 14 governorates of gazetteer/README.md",
                row->f[GAZ_F_ADMIN1]);
        else if (strcmp(canon, row->f[GAZ_F_ADMIN1]) != 0)
            BAD("admin1", "'%s' should be written '%s'", row->f[GAZ_F_ADMIN1], canon);
    }
    if (!row->f[GAZ_F_SOURCE][0])
        BAD("source", "empty (where does the coordinate come from? 'team', 'geonames:…')");
    for (const char *v = row->f[GAZ_F_VARIANTS]; *v;) {
        const char *bar = strchr(v, '|');
        size_t len = bar ? (size_t)(bar - v) : strlen(v);
        int blank = 1;
        for (size_t i = 0; i < len; i++)
            if (!isspace((unsigned char)v[i]))
                blank = 0;
        if (blank) {
            BAD("variants", "empty variant between '|'");
            break;
        }
        v += len + (bar ? 1 : 0);
    }
#undef BAD
    return bad;
}

static void row_clear(gaz_row *row)
{
    for (int i = 0; i < GAZ_NFIELDS; i++)
        free(row->f[i]);
}

void gaz_rows_free(gaz_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++)
        row_clear(&rows->v[i]);
    free(rows->v);
    rows->v = NULL;
    rows->n = rows->cap = 0;
}

/* Trim spaces at both ends in place. */
static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

int gaz_rows_read(gaz_rows *rows, const char *path, gaz_report *r, kh_error *err)
{
    size_t len;
    char *buf = kh_file_read(path, &len, err);
    if (!buf)
        return KH_E_INPUT;
    int line = 0, rc = 0;
    char *p = buf, *end = buf + len;
    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        p += 3;     /* a byte-order mark some editors write */
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        *stop = '\0';
        line++;
        char *s = p;
        p = stop + 1;
        size_t n = strlen(s);
        if (n < (size_t)(stop - s)) {
            gaz_report_add(r, 1, "%s:%d: line: NUL byte", path, line);
            continue;
        }
        if (n && s[n - 1] == '\r')
            s[--n] = '\0';
        if (n == 0 || s[0] == '#')
            continue;
        size_t ok = gaz_utf8_valid((const unsigned char *)s, n);
        if (ok < n) {
            gaz_report_add(r, 1, "%s:%d: line: invalid UTF-8 at byte %zu", path, line, ok + 1);
            continue;
        }
        if (strncmp(s, "id\tname_ar\t", 11) == 0)
            continue;   /* the header line */
        char *cols[GAZ_NFIELDS + 1];
        int nc = 0;
        for (char *c = s;;) {
            char *tab = strchr(c, '\t');
            if (nc <= GAZ_NFIELDS)
                cols[nc] = c;
            nc++;
            if (!tab)
                break;
            *tab = '\0';
            c = tab + 1;
        }
        if (nc != GAZ_NFIELDS) {
            gaz_report_add(r, 1, "%s:%d: line: %d tab-separated fields, expected %d", path, line,
                           nc, GAZ_NFIELDS);
            continue;
        }
        if (rows->n == rows->cap) {
            size_t cap = rows->cap ? rows->cap * 2 : 1024;
            gaz_row *v = realloc(rows->v, cap * sizeof *v);
            if (!v)
                goto nomem;
            rows->v = v;
            rows->cap = cap;
        }
        gaz_row *row = &rows->v[rows->n];
        memset(row, 0, sizeof *row);
        row->file = path;
        row->line = line;
        row->merged_into = -1;
        for (int i = 0; i < GAZ_NFIELDS; i++)
            if (gaz_row_set(row, i, trim(cols[i])) < 0) {
                row_clear(row);
                goto nomem;
            }
        if (validate(row, r)) {
            row_clear(row);
            continue;
        }
        rows->n++;
    }
    goto out;
nomem:
    rc = kh_error_set(err, KH_E_NOMEM, "%s: out of memory", path);
out:
    free(buf);
    return rc;
}

void gaz_header_write(FILE *fp)
{
    for (int i = 0; i < GAZ_NFIELDS; i++)
        fprintf(fp, "%s%c", gaz_field_names[i], i + 1 < GAZ_NFIELDS ? '\t' : '\n');
}

void gaz_row_write(const gaz_row *row, FILE *fp)
{
    for (int i = 0; i < GAZ_NFIELDS; i++) {
        for (const char *c = row->f[i] ? row->f[i] : ""; *c; c++)
            fputc(*c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c, fp);
        fputc(i + 1 < GAZ_NFIELDS ? '\t' : '\n', fp);
    }
}
