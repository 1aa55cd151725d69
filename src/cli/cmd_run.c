/* kharita run: the main job in one command — extract, aggregate into the store, export the
 * layers, draw the map — and a short summary of what the corpus reports. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "cli/cli_int.h"

enum { OPT_GAZ = 256, OPT_NO_MAP };

static const cli_opt opts[] = {
    { "output-dir", required_argument, 'o', "DIR", "where every output goes (default out)" },
    { "by", required_argument, 'b', "PERIOD", "day, week (default) or month for the totals" },
    { "jobs", required_argument, 'j', "N", "extract on N threads (default 1)" },
    { "date", required_argument, 'd', "YYYY-MM-DD", "publication date of plain-text inputs" },
    { "gazetteer", required_argument, OPT_GAZ, "FILE", "gazetteer index (default: the installed one)" },
    { "no-map", no_argument, OPT_NO_MAP, NULL, "skip the map" },
    { "top", required_argument, 't', "N", "places in the summary (default 10)" },
    { 0 }
};

/* Run another command in-process with the words of a NULL-terminated list. */
static int step(const cli_command *cmd, const char **words)
{
    char *argv[64];
    int argc = 0;
    argv[argc++] = (char *)cmd->name;
    for (; *words && argc < 63; words++)
        argv[argc++] = (char *)*words;
    argv[argc] = NULL;
    fprintf(stderr, "kharita run: %s\n", cmd->name);
    return cmd->run(argc, argv);
}

struct place_total {
    const char *name;
    long killed, injured;
};

static int by_killed(const void *a, const void *b)
{
    const struct place_total *x = a, *y = b;
    if (x->killed != y->killed)
        return x->killed < y->killed ? 1 : -1;
    return strcmp(x->name, y->name);
}

static long int_field(json_object *props, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(props, key, &v) ? (long)json_object_get_int64(v) : 0;
}

static const char *str_field(json_object *props, const char *key)
{
    json_object *v;
    const char *s = json_object_object_get_ex(props, key, &v) ? json_object_get_string(v) : NULL;
    return s ? s : "";
}

/* Totals per place over the whole corpus and per period, from the period layer's GeoJSON. */
static int summary(const char *path, long top)
{
    json_object *root = json_object_from_file(path);
    json_object *features;
    if (!root || !json_object_object_get_ex(root, "features", &features)) {
        cli_warn("%s: cannot read the totals for the summary", path);
        json_object_put(root);
        return 5;
    }
    size_t n = json_object_array_length(features);
    struct place_total *places = calloc(n + 1, sizeof *places);
    struct place_total *periods = calloc(n + 1, sizeof *periods);
    size_t np = 0, nw = 0;
    long killed = 0, injured = 0;
    for (size_t i = 0; i < n && places && periods; i++) {
        json_object *props;
        if (!json_object_object_get_ex(json_object_array_get_idx(features, i), "properties", &props))
            continue;
        const char *name = str_field(props, "name_ar");
        const char *period = str_field(props, "period");
        long k = int_field(props, "killed"), inj = int_field(props, "injured");
        killed += k;
        injured += inj;
        size_t j;
        for (j = 0; j < np && strcmp(places[j].name, name) != 0; j++)
            ;
        if (j == np)
            places[np++].name = name;
        places[j].killed += k;
        places[j].injured += inj;
        for (j = 0; j < nw && strcmp(periods[j].name, period) != 0; j++)
            ;
        if (j == nw)
            periods[nw++].name = period;
        periods[j].killed += k;
        periods[j].injured += inj;
    }
    printf("\n%ld killed and %ld injured in %zu places (events with a place and a date; "
           "duplicates and running totals counted once)\n", killed, injured, np);
    qsort(places, np, sizeof *places, by_killed);
    printf("\nmost affected places:\n");
    for (size_t i = 0; i < np && (long)i < top; i++)
        printf("  %6ld killed %6ld injured  %s\n", places[i].killed, places[i].injured, places[i].name);
    printf("\nper period:\n");
    for (size_t i = 0; i < nw; i++) {
        /* periods sort as text: 2018-W09 < 2018-W10 */
        size_t m = i;
        for (size_t j = i + 1; j < nw; j++)
            if (strcmp(periods[j].name, periods[m].name) < 0)
                m = j;
        struct place_total t = periods[i];
        periods[i] = periods[m];
        periods[m] = t;
        printf("  %-10s %6ld killed %6ld injured\n", periods[i].name, periods[i].killed, periods[i].injured);
    }
    free(places);
    free(periods);
    json_object_put(root);
    return 0;
}

static int worst(int a, int b)
{
    /* 1 (some inputs rejected) is the mildest failure; keep the most serious status. */
    return a > b ? a : b;
}

static int run(int argc, char **argv)
{
    const char *dir = "out", *by = "week", *jobs = "1", *date = NULL, *gaz = NULL;
    long top = 10;
    int no_map = 0, k;
    while ((k = cli_getopt(&cli_cmd_run, argc, argv)) != -1) {
        switch (k) {
        case CLI_HELP_KEY: return 0;
        case 'o': dir = optarg; break;
        case 'b': by = optarg; break;
        case 'j': jobs = optarg; break;
        case 'd': date = optarg; break;
        case OPT_GAZ: gaz = optarg; break;
        case OPT_NO_MAP: no_map = 1; break;
        case 't':
            if (cli_int_arg(&cli_cmd_run, "top", optarg, 1, 1000, &top) < 0)
                return 2;
            break;
        default: return 2;
        }
    }
    if (strcmp(by, "day") && strcmp(by, "week") && strcmp(by, "month"))
        return cli_usage_error(&cli_cmd_run, "--by takes day, week or month, not '%s'", by);
    int ninputs = argc - optind;
    if (ninputs > 40)
        return cli_usage_error(&cli_cmd_run, "at most 40 input files (concatenate them)");
    char **inputs = argv + optind;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_warn("%s: cannot create: %s", dir, strerror(errno));
        return 5;
    }
    char extract_out[4096], store[4096], events[4096], totals[4096], map[4096];
    snprintf(extract_out, sizeof extract_out, "%s/extract.jsonl", dir);
    snprintf(store, sizeof store, "%s/kharita.gpkg", dir);
    snprintf(events, sizeof events, "%s/events.geojson", dir);
    snprintf(totals, sizeof totals, "%s/places_%s.geojson", dir, by);
    snprintf(map, sizeof map, "%s/map.png", dir);

    const char *w[64];
    int n = 0;
    w[n++] = "-o"; w[n++] = extract_out; w[n++] = "-j"; w[n++] = jobs;
    if (date) { w[n++] = "--date"; w[n++] = date; }
    if (gaz) { w[n++] = "--gazetteer"; w[n++] = gaz; }
    for (int i = 0; i < ninputs; i++)
        w[n++] = inputs[i];
    w[n] = NULL;
    int status = step(&cli_cmd_extract, w);
    if (status > 1)
        return status;

    const char *agg[] = { "--by", by, "--store", store, "-o", totals, extract_out, NULL };
    status = worst(status, step(&cli_cmd_aggregate, agg));
    if (status > 1)
        return status;
    const char *exp[] = { "--store", store, "--layer", "events", "-o", events, NULL };
    status = worst(status, step(&cli_cmd_export, exp));
    if (status > 1)
        return status;
    if (!no_map) {
        const char *mp[] = { "--store", store, "-o", map, NULL };
        status = worst(status, step(&cli_cmd_map, mp));
        if (status > 1)
            return status;
    }
    status = worst(status, summary(totals, top));
    printf("\nwrote %s, %s, %s, %s%s%s\n", extract_out, store, events, totals,
           no_map ? "" : ", ", no_map ? "" : map);
    printf("open %s in QGIS (styled), or check a place's figures against their reports with\n"
           "  kharita sources --store %s PLACE\n", store, store);
    return status;
}

const cli_command cli_cmd_run = {
    "run", "[options] [FILE...]",
    "the whole job: extract, aggregate into the store, export, map, and print a summary",
    opts, run,
    "Runs 'kharita extract' on the FILEs (JSON Lines or plain text; stdin when none), then\n"
    "'kharita aggregate' into DIR/kharita.gpkg, 'kharita export' of the events layer as\n"
    "DIR/events.geojson, and 'kharita map' to DIR/map.png, and prints the places with the\n"
    "most people killed and the totals per period. Outputs: DIR/extract.jsonl,\n"
    "DIR/kharita.gpkg, DIR/events.geojson, DIR/places_PERIOD.geojson, DIR/map.png.\n"
    "Exit status: the most serious of the steps' (1 when some documents were rejected)."
};
