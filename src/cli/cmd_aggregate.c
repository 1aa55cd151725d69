/* kharita aggregate: extract output -> totals per place and period, and the event store. */
#define _GNU_SOURCE     /* vasprintf */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "cli/cli_int.h"

enum { OPT_NO_STORE = 256, OPT_CUMULATIVE, OPT_BATCH };

static const cli_opt opts[] = {
    { "by", required_argument, 'b', "PERIOD", "day, week (ISO, default) or month" },
    { "store", required_argument, 's', "FILE", "the event store to update (default " KH_STORE_DEFAULT ")" },
    { "no-store", no_argument, OPT_NO_STORE, NULL, "do not touch any event store" },
    { "output", required_argument, 'o', "FILE", "write the totals as a GDAL layer (default: JSON Lines on stdout)" },
    { "format", required_argument, 'f', "NAME", "GDAL driver for -o (default: from the extension)" },
    { "count-cumulative", no_argument, OPT_CUMULATIVE, NULL, "add running totals to the sums like other events" },
    { "batch", required_argument, OPT_BATCH, "N", "documents per store transaction (default 500)" },
    { 0 }
};

static const char details[] =
    "Reads what 'kharita extract' writes (JSON Lines, one document a line) from the FILEs or\n"
    "stdin and totals the casualty figures per place and period: killed, injured, events,\n"
    "documents, groups, first and last date. Counting rules (ACLED-conservative):\n"
    "  - events without a place, without a date, or outside Syria are not mapped: they are\n"
    "    counted in the summary on stderr and kept in the store's 'unlocated' layer;\n"
    "  - parts of a total (part_of) are not added again;\n"
    "  - running totals (cumulative) are kept as their own events, flagged, and left out of\n"
    "    the sums unless --count-cumulative;\n"
    "  - the same place, day and group reported by several documents counts once, at the\n"
    "    largest document's figure (a document's own figures for it add up).\n"
    "Every document also goes into the event store (a GeoPackage; see 'kharita export'):\n"
    "storing a document id again replaces it, the period layers are recomputed, and the old\n"
    "store is replaced only when the new one is complete.\n"
    "Malformed lines, and lines over 64 MiB, are reported as FILE:LINE and skipped (exit 1).\n"
    "Exit 3 when an input cannot be read (the store is then left as it was); exit 5 when the\n"
    "store is not a kharita GeoPackage or an output cannot be written.";

/* lat/lon with 6 decimals, trailing zeros trimmed, as a JSON number. */
static json_object *coord(double v)
{
    char b[32];
    snprintf(b, sizeof b, "%.6f", v);
    char *e = b + strlen(b) - 1;
    while (*e == '0')
        *e-- = '\0';
    if (*e == '.')
        *e = '\0';
    return json_object_new_double_s(v, b);
}

static int print_cells(kh_agg *a, kh_error *err)
{
    size_t n;
    const kh_agg_cell *c = kh_agg_cells(a, &n, err);
    if (!c && err->code)
        return err->code;
    for (size_t i = 0; i < n; i++) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "place_id", json_object_new_string(c[i].place_id));
        json_object_object_add(o, "name_ar", json_object_new_string(c[i].name_ar));
        json_object_object_add(o, "name_en", json_object_new_string(c[i].name_en));
        json_object_object_add(o, "admin1", json_object_new_string(c[i].admin1));
        json_object_object_add(o, "kind", json_object_new_string(c[i].kind));
        json_object_object_add(o, "lat", coord(c[i].lat));
        json_object_object_add(o, "lon", coord(c[i].lon));
        json_object_object_add(o, "geo_precision", json_object_new_int(c[i].geo_precision));
        json_object_object_add(o, "period", json_object_new_string(c[i].period));
        json_object_object_add(o, "period_start", json_object_new_string(c[i].period_start));
        json_object_object_add(o, "period_end", json_object_new_string(c[i].period_end));
        json_object_object_add(o, "killed", json_object_new_int64(c[i].killed));
        json_object_object_add(o, "injured", json_object_new_int64(c[i].injured));
        json_object_object_add(o, "events", json_object_new_int64(c[i].events));
        json_object_object_add(o, "documents", json_object_new_int64(c[i].documents));
        json_object_object_add(o, "groups", json_object_new_string(c[i].groups));
        json_object_object_add(o, "doc_ids", json_object_new_string(c[i].doc_ids));
        json_object_object_add(o, "first_date", json_object_new_string(c[i].first_date));
        json_object_object_add(o, "last_date", json_object_new_string(c[i].last_date));
        puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
    }
    if (fflush(stdout) != 0 || ferror(stdout))
        return kh_error_set(err, KH_E_OUTPUT, "stdout: write error: %s", strerror(errno));
    return 0;
}

typedef struct batch {
    kh_store *store;
    kh_agg_doc **docs;
    size_t n, cap;
} batch;

static int flush(batch *b, kh_error *err)
{
    int rc = b->store ? kh_store_put_docs(b->store, b->docs, b->n, err) : 0;
    for (size_t i = 0; i < b->n; i++)
        kh_agg_doc_free(b->docs[i]);
    b->n = 0;
    return rc;
}

/* ---- Reading: a thread of its own reads the inputs and parses their lines (a third of the
 * work), while the caller's thread counts and stores the documents in their order. */

/* What one line gave, or the error that ends the inputs. */
typedef struct item {
    kh_agg_doc *doc;        /* a document, or NULL */
    int code;               /* 0, or the error (KH_E_INPUT, KH_E_NOMEM) that stops the run */
    char *msg;              /* why a line was rejected, or the error: "FILE:LINE: …" (malloc'd) */
} item;

/* Items parsed ahead: more than a batch (500 documents by default, a few KiB each), so that
 * parsing goes on while a batch is stored. A waiting thread is woken only when a sixteenth of
 * the queue can go, not for every line. */
enum { QUEUE = 1024, WAKE = QUEUE / 16 };

typedef struct reader {
    char **inputs;          /* the FILEs ("-": stdin) */
    int ninputs;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t put, got;
    item *q;                /* QUEUE items */
    size_t head, count;
    int done;               /* the reading thread has put its last item */
    int stop;               /* the taker wants no more */
    int putter_waits, taker_waits;
} reader;

/* Set IT's code and message (malloc'd; without memory, the code becomes KH_E_NOMEM). */
static void item_say(item *it, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void item_say(item *it, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&it->msg, fmt, ap) < 0)
        it->msg = NULL;
    va_end(ap);
    it->code = it->msg ? code : KH_E_NOMEM;
}

static void item_free(item *it)
{
    kh_agg_doc_free(it->doc);
    free(it->msg);
}

/* Hand IT over (the reading thread); 0, or -1 when the taker has stopped (IT is freed). */
static int put(reader *r, item *it)
{
    pthread_mutex_lock(&r->mu);
    while (r->count == QUEUE && !r->stop) {
        r->putter_waits = 1;
        pthread_cond_wait(&r->got, &r->mu);
        r->putter_waits = 0;
    }
    int stopped = r->stop;
    if (!stopped) {
        r->q[(r->head + r->count++) % QUEUE] = *it;
        if (r->taker_waits && r->count >= WAKE)
            pthread_cond_signal(&r->put);
    }
    pthread_mutex_unlock(&r->mu);
    if (stopped)
        item_free(it);
    return stopped ? -1 : 0;
}

/* Read one input: every line that is not blank becomes an item. 0, or -1 to stop. */
static int read_one(reader *r, const char *path)
{
    int use_stdin = strcmp(path, "-") == 0, rc = 0;
    const char *name = use_stdin ? "stdin" : path;
    FILE *fp = use_stdin ? stdin : fopen(path, "rb");
    kh_lines *lines = NULL;
    item it = { 0 };
    if (!fp) {
        item_say(&it, KH_E_INPUT, "%s: cannot open: %s", name, strerror(errno));
        put(r, &it);
        return -1;
    }
    if (!(lines = kh_lines_new(fp, KH_LINE_MAX))) {
        item_say(&it, KH_E_NOMEM, "out of memory");
        rc = -1;
        put(r, &it);
        goto out;
    }
    const char *line;
    size_t len;
    int got, over;
    while ((got = kh_lines_next(lines, &line, &len, &over)) == 1) {
        size_t lineno = kh_lines_number(lines);
        if (!over && strspn(line, " \t\r") == len)
            continue;   /* a blank line holds no document */
        kh_error e = { 0 };
        it = (item){ 0 };
        if (over)
            snprintf(e.msg, sizeof e.msg, "line of more than %zu MiB", KH_LINE_MAX >> 20);
        else
            it.doc = kh_agg_doc_parse(line, len, &e);
        if (!it.doc)
            item_say(&it, e.code == KH_E_NOMEM ? KH_E_NOMEM : 0, "%s:%zu: %s", name, lineno, e.msg);
        if (put(r, &it) != 0 || it.code) {
            rc = -1;
            goto out;
        }
    }
    if (got < 0) {
        int e = errno;
        it = (item){ 0 };
        item_say(&it, e == ENOMEM ? KH_E_NOMEM : KH_E_INPUT, "%s: read error: %s", name,
                 strerror(e));
        put(r, &it);
        rc = -1;
    }
out:
    kh_lines_free(lines);
    if (!use_stdin)
        fclose(fp);
    return rc;
}

static void *read_all(void *p)
{
    reader *r = p;
    for (int i = 0; i < (r->ninputs ? r->ninputs : 1); i++)
        if (read_one(r, r->ninputs ? r->inputs[i] : "-") != 0)
            break;
    pthread_mutex_lock(&r->mu);
    r->done = 1;
    pthread_cond_signal(&r->put);
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* The next item into *IT (the caller's thread); 0 when the inputs are done. */
static int take(reader *r, item *it)
{
    pthread_mutex_lock(&r->mu);
    while (!r->count && !r->done) {
        r->taker_waits = 1;
        pthread_cond_wait(&r->put, &r->mu);
        r->taker_waits = 0;
    }
    int any = r->count > 0;
    if (any) {
        *it = r->q[r->head];
        r->head = (r->head + 1) % QUEUE;
        r->count--;
        if (r->putter_waits && r->count <= QUEUE - WAKE)
            pthread_cond_signal(&r->got);
    }
    pthread_mutex_unlock(&r->mu);
    return any;
}

/* Stop the reading thread and wait for it; the items it had put are freed. */
static void reader_end(reader *r)
{
    pthread_mutex_lock(&r->mu);
    r->stop = 1;
    pthread_cond_signal(&r->got);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->thread, NULL);
    for (; r->count; r->count--, r->head = (r->head + 1) % QUEUE)
        item_free(&r->q[r->head]);
    free(r->q);
    pthread_cond_destroy(&r->put);
    pthread_cond_destroy(&r->got);
    pthread_mutex_destroy(&r->mu);
}

/* Count and store every document of the inputs, in order. Returns 0, or the error code that
 * stops everything (rejected lines only add to *rejected). *nread counts the documents (lines
 * that are not blank). */
static int read_inputs(char **inputs, int ninputs, kh_agg *a, batch *b, long *nread,
                       long *rejected, kh_error *err)
{
    reader r = { .inputs = inputs, .ninputs = ninputs, .q = malloc(QUEUE * sizeof *r.q) };
    if (!r.q)
        return kh_error_set(err, KH_E_NOMEM, "out of memory");
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.put, NULL);
    pthread_cond_init(&r.got, NULL);
    int rc = pthread_create(&r.thread, NULL, read_all, &r);
    if (rc) {
        pthread_cond_destroy(&r.put);
        pthread_cond_destroy(&r.got);
        pthread_mutex_destroy(&r.mu);
        free(r.q);
        return kh_error_set(err, KH_E_NOMEM, "cannot start reading: %s", strerror(rc));
    }
    for (item it; take(&r, &it);) {
        if (it.code) {
            rc = kh_error_set(err, it.code, "%s", it.msg ? it.msg : "out of memory");
            item_free(&it);
            break;
        }
        (*nread)++;
        if (!it.doc) {
            cli_warn("%s", it.msg);
            (*rejected)++;
            item_free(&it);
            continue;
        }
        if ((rc = kh_agg_add_doc(a, it.doc, err)) != 0) {
            kh_agg_doc_free(it.doc);
            break;
        }
        b->docs[b->n++] = it.doc;
        if (b->n == b->cap && (rc = flush(b, err)) != 0)
            break;
    }
    reader_end(&r);
    return rc;
}

static int run(int argc, char **argv)
{
    int k, by = KH_BY_WEEK, no_store = 0, cumulative = 0, status = 0;
    const char *store_path = KH_STORE_DEFAULT, *out = NULL, *format = NULL;
    long batch_size = 500, rejected = 0, nread = 0;
    kh_error err = { 0 };
    kh_agg *a = NULL;
    batch b = { 0 };
    char fmtname[64];

    while ((k = cli_getopt(&cli_cmd_aggregate, argc, argv)) != -1) {
        switch (k) {
        case CLI_HELP_KEY: return 0;
        case 'b':
            if ((by = kh_period_parse(optarg)) < 0)
                return cli_usage_error(&cli_cmd_aggregate, "--by takes day, week or month, not '%s'", optarg);
            break;
        case 's': store_path = optarg; break;
        case OPT_NO_STORE: no_store = 1; break;
        case 'o': out = optarg; break;
        case 'f': format = optarg; break;
        case OPT_CUMULATIVE: cumulative = 1; break;
        case OPT_BATCH:
            if (cli_int_arg(&cli_cmd_aggregate, "batch", optarg, 1, 1000000, &batch_size) != 0)
                return 2;
            break;
        default: return 2;
        }
    }
    if (format && !out)
        return cli_usage_error(&cli_cmd_aggregate, "--format needs -o FILE");
    /* A bad format is a usage error, found before any work is done. */
    if (out && strcmp(out, "-") != 0 && kh_export_format(out, format, fmtname, sizeof fmtname, &err) != 0)
        return cli_usage_error(&cli_cmd_aggregate, "%s", err.msg);

    if (!(a = kh_agg_new(by)) || !(b.docs = malloc((size_t)batch_size * sizeof *b.docs))) {
        kh_error_set(&err, KH_E_NOMEM, "out of memory");
        goto fail;
    }
    b.cap = (size_t)batch_size;
    kh_agg_count_cumulative(a, cumulative);
    if (!no_store) {
        if (strcmp(store_path, KH_STORE_DEFAULT) == 0)
            mkdir("out", 0777);     /* the default lives in the build folder */
        if (!(b.store = kh_store_open(store_path, KH_STORE_UPDATE, &err)))
            goto fail;
        kh_store_count_cumulative(b.store, cumulative);
    }
    if (read_inputs(argv + optind, argc - optind, a, &b, &nread, &rejected, &err) != 0)
        goto fail;
    if (flush(&b, &err) != 0)
        goto fail;
    long nev = b.store ? kh_store_count(b.store, "events") : 0;
    long ndoc = b.store ? kh_store_count(b.store, "documents") : 0;
    long nun = b.store ? kh_store_count(b.store, "unlocated") : 0;
    kh_store *s = b.store;
    b.store = NULL;
    if (kh_store_close(s, &err) != 0)
        goto fail;

    if (out) {
        long n;
        if (kh_export_agg(a, out, format, &n, &err) != 0)
            goto fail;
    } else if (print_cells(a, &err) != 0)
        goto fail;

    kh_agg_summary sm;
    kh_agg_summary_get(a, &sm);
    cli_warn("aggregate: %ld documents read, %ld processed, %ld rejected", nread,
             nread - rejected, rejected);
    cli_warn("aggregate: %ld documents, %ld events: %ld counted in %ld place-%ss "
             "(killed %ld, injured %ld); kept apart: %ld running totals, %ld parts of totals; "
             "not mapped: %ld unlocated, %ld undated, %ld foreign; %ld repeated reports counted "
             "once; %ld lines rejected",
             sm.documents, sm.events, sm.counted, sm.cells, kh_period_name(by), sm.killed,
             sm.injured, sm.cumulative, sm.parts, sm.unlocated, sm.undated, sm.foreign,
             sm.duplicates, rejected);
    if (!no_store)
        cli_warn("aggregate: store %s: %ld documents, %ld mapped events, %ld not mapped",
                 store_path, ndoc, nev, nun);
    status = rejected ? 1 : 0;
    goto out;
fail:
    status = cli_fail(&err);
out:
    for (size_t i = 0; i < b.n; i++)
        kh_agg_doc_free(b.docs[i]);
    free(b.docs);
    kh_store_abort(b.store);
    kh_agg_free(a);
    return status;
}

const cli_command cli_cmd_aggregate = {
    "aggregate", "[options] [FILE...]",
    "total casualty figures per place and period, and update the event store",
    opts, run, details
};
