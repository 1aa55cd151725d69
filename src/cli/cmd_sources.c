/* kharita sources: the reports and words behind a place's figures in the event store. */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli/cli_int.h"
#include "kharita/sources.h"

enum { OPT_FROM = 256, OPT_TO, OPT_JSON, OPT_GAZ };

static const cli_opt opts[] = {
    { "store", required_argument, 's', "FILE", "the event store to read (default " KH_STORE_DEFAULT ")" },
    { "from", required_argument, OPT_FROM, "DATE", "only events on or after DATE (YYYY-MM-DD)" },
    { "to", required_argument, OPT_TO, "DATE", "only events on or before DATE" },
    { "json", no_argument, OPT_JSON, NULL, "one JSON object per event (JSON Lines) instead of text" },
    { "gazetteer", required_argument, OPT_GAZ, "FILE", "gazetteer index used to read PLACE (default: the installed one)" },
    { 0 }
};

static const char details[] =
    "PLACE is a name as the gazetteer knows it, in Arabic or English, with any of its\n"
    "spellings (دير الزور، ديرالزور، Deir ez-Zor), or a place id (kh:…, gn:…). Every event of\n"
    "the store at that place is listed by date with its figure, the words it was read from\n"
    "(«قتل 12 مدنياً …») and its document (id, title, link), so that each number on a map can be\n"
    "checked against its report. Parts of a total and running totals are marked: the map does\n"
    "not add them. The last line gives what the map counts for the place and days asked.";

typedef struct show {
    int json;
    long shown;
    const char *place_id;   /* the place of the last heading printed */
} show;

/* "at least 12 killed, 30 injured" into BUF. */
static const char *figures(const kh_source *s, char *buf, size_t size)
{
    const char *q = strcmp(s->qualifier, "at_least") == 0 ? "at least "
                  : strcmp(s->qualifier, "about") == 0    ? "about "
                                                          : "";
    char k[48] = "", i[48] = "";
    if (s->killed >= 0)
        snprintf(k, sizeof k, "%ld killed", s->killed);
    if (s->injured >= 0)
        snprintf(i, sizeof i, "%ld injured", s->injured);
    if (!*k && !*i)
        snprintf(k, sizeof k, "casualties, no number");
    snprintf(buf, size, "%s%s%s%s", q, k, *k && *i ? ", " : "", i);
    return buf;
}

static int print_json(const kh_source *s)
{
    json_object *o = json_object_new_object();
    const struct { const char *k, *v; } strs[] = {
        { "event_id", s->event_id }, { "doc_id", s->doc_id }, { "event_date", s->event_date },
        { "date_precision", s->date_precision }, { "qualifier", s->qualifier },
        { "group", s->group }, { "place_id", s->place_id }, { "name_ar", s->name_ar },
        { "name_en", s->name_en }, { "kind", s->kind }, { "admin1", s->admin1 },
        { "evidence", s->evidence }, { "title", s->title }, { "url", s->url },
        { "source", s->source }, { "pub_date", s->pub_date },
    };
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        json_object_object_add(o, strs[i].k, *strs[i].v ? json_object_new_string(strs[i].v) : NULL);
    json_object_object_add(o, "killed", s->killed >= 0 ? json_object_new_int64(s->killed) : NULL);
    json_object_object_add(o, "injured", s->injured >= 0 ? json_object_new_int64(s->injured) : NULL);
    json_object_object_add(o, "cumulative", json_object_new_boolean(s->cumulative));
    json_object_object_add(o, "part_of_total", json_object_new_boolean(s->part));
    json_object_object_add(o, "start", s->start >= 0 ? json_object_new_int64(s->start) : NULL);
    json_object_object_add(o, "end", s->end >= 0 ? json_object_new_int64(s->end) : NULL);
    puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    return 0;
}

static int print_one(const kh_source *s, void *ctx)
{
    show *sh = ctx;
    sh->shown++;
    if (sh->json)
        return print_json(s);
    char buf[160];
    if (!sh->place_id || strcmp(sh->place_id, s->place_id) != 0) {
        printf("\n%s%s%s (%s%s%s, %s)\n", s->name_ar, *s->name_en ? " · " : "", s->name_en,
               s->kind, *s->admin1 ? ", " : "", s->admin1, s->place_id);
        free((void *)sh->place_id);
        sh->place_id = strdup(s->place_id);
    }
    printf("  %s  %-28s %s%s%s\n", *s->event_date ? s->event_date : "(undated)  ",
           figures(s, buf, sizeof buf), s->group, s->part ? "  [part of a total]" : "",
           s->cumulative ? "  [running total]" : "");
    printf("      «%s»\n", s->evidence);
    printf("      %s%s%s%s%s\n", s->doc_id, *s->pub_date ? ", " : "", s->pub_date,
           *s->title ? ": " : "", s->title);
    if (*s->url)
        printf("      %s\n", s->url);
    return 0;
}

static int run(int argc, char **argv)
{
    int k, status = 0;
    const char *store = KH_STORE_DEFAULT, *gaz_path = NULL;
    kh_sources_query q = { 0 };
    show sh = { 0 };
    kh_error err = { 0 };
    while ((k = cli_getopt(&cli_cmd_sources, argc, argv)) != -1) {
        switch (k) {
        case CLI_HELP_KEY: return 0;
        case 's': store = optarg; break;
        case OPT_FROM: q.from = optarg; break;
        case OPT_TO: q.to = optarg; break;
        case OPT_JSON: sh.json = 1; break;
        case OPT_GAZ: gaz_path = optarg; break;
        default: return 2;
        }
    }
    if (optind >= argc)
        return cli_usage_error(&cli_cmd_sources, "which place? (kharita sources PLACE)");
    if (optind + 1 < argc)
        return cli_usage_error(&cli_cmd_sources, "one place at a time ('%s' is one too many; "
                               "quote a name of several words)", argv[optind + 1]);
    const char *name = argv[optind];
    /* the name's places in the gazetteer, with every spelling it knows */
    const char **ids = NULL;
    size_t nids = 0;
    kh_gazetteer *g = kh_gaz_open(gaz_path, &err);
    if (!g)
        return cli_fail(&err);
    char *key = kh_gaz_key(name, strlen(name), &err);
    if (key) {
        const uint32_t *idx;
        size_t n = kh_gaz_find(g, key, strlen(key), &idx);
        ids = calloc(n + 1, sizeof *ids);
        for (size_t i = 0; ids && i < n; i++) {
            kh_place p;
            kh_gaz_place(g, idx[i], &p);
            ids[nids++] = p.id;
        }
        free(key);
    }
    if (strchr(name, ':') && (ids || (ids = calloc(1, sizeof *ids))))
        ids[nids++] = name;     /* a place id */
    q.place_ids = ids;
    q.nplace_ids = nids;
    q.name = name;
    kh_sources_total t;
    long n = kh_sources(store, &q, print_one, &sh, &t, &err);
    if (n < 0) {
        status = err.code == KH_E_USAGE ? cli_usage_error(&cli_cmd_sources, "%s", err.msg)
                                        : cli_fail(&err);
        goto out;
    }
    if (n == 0)
        cli_warn("sources: no events at '%s' in %s%s%s%s%s", name, store, q.from ? " from " : "",
                 q.from ? q.from : "", q.to ? " to " : "", q.to ? q.to : "");
    else if (sh.json)
        cli_warn("sources: %ld events from %ld documents; the map counts %ld killed, %ld injured",
                 n, t.documents, t.killed, t.injured);
    else
        printf("\n%ld event%s from %ld document%s; the map counts %ld killed and %ld injured "
               "here (the same place, day and group counted once; parts and running totals not "
               "added)\n", n, n == 1 ? "" : "s", t.documents, t.documents == 1 ? "" : "s",
               t.killed, t.injured);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_warn("sources: cannot write to stdout");
        status = 5;
    }
out:
    free((void *)sh.place_id);
    free(ids);
    kh_gaz_close(g);
    return status;
}

const cli_command cli_cmd_sources = {
    "sources", "[options] PLACE",
    "list the reports and words behind a place's figures in the event store",
    opts, run, details
};
