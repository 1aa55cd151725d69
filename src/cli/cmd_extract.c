/* kharita extract: news documents (JSON Lines or plain text) -> one JSON line of places and
 * casualty events per document, in input order, optionally on several threads. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli/cli_int.h"

#define LINE_MAX_BYTES ((size_t)64 << 20)   /* a longer line or text is rejected, not read */
#define READ_CHUNK ((size_t)1 << 16)
#define OUT_BUFFER ((size_t)1 << 18)

enum { OPT_DATE = 256, OPT_FORMAT, OPT_GAZ };
enum { FMT_AUTO, FMT_JSONL, FMT_TEXT };

static const cli_opt opts[] = {
    { "output", required_argument, 'o', "FILE", "write to FILE (atomically) instead of stdout" },
    { "date", required_argument, OPT_DATE, "YYYY-MM-DD",
      "publication date of plain-text documents (and of JSON lines without \"date\")" },
    { "format", required_argument, OPT_FORMAT, "jsonl|text",
      "input format (default: by extension, .jsonl/.json are JSON Lines; stdin is sniffed)" },
    { "gazetteer", required_argument, OPT_GAZ, "FILE", "gazetteer index (default: the installed one)" },
    { "jobs", required_argument, 'j', "N", "process documents on N threads (output order is kept)" },
    { 0 }
};

static const char details[] =
    "Reads JSON Lines ({\"id\", \"date\", \"text\", optional \"title\", \"url\", \"source\"} per\n"
    "line) or plain UTF-8 text files (one document each, id = file name), or stdin when FILE is\n"
    "absent or '-'. Writes one JSON object per document: {\"doc\", \"date\", \"places\":[…],\n"
    "\"events\":[…]} with byte offsets into the document's text. A bad document (invalid\n"
    "UTF-8, NUL byte, broken JSON, missing text, impossible date, a line over 64 MiB) is\n"
    "reported on stderr and skipped; the others go on, and the exit status is 1.";

/* ---- bounded line reader ---- */

typedef struct reader {
    FILE *fp;
    char buf[READ_CHUNK];
    size_t pos, len;
    int eof, error;
    char *line;             /* the current line (grows up to LINE_MAX_BYTES) */
    size_t cap;
} reader;

static int fill(reader *r)
{
    if (r->pos < r->len)
        return 1;
    if (r->eof)
        return 0;
    r->len = fread(r->buf, 1, sizeof r->buf, r->fp);
    r->pos = 0;
    if (r->len == 0) {
        r->eof = 1;
        if (ferror(r->fp))
            r->error = errno ? errno : EIO;
        return 0;
    }
    return 1;
}

/* The first byte of the input that is not white space (looked for in the first chunk,
 * nothing consumed); -1 when there is none. */
static int peek_nonspace(reader *r)
{
    if (!fill(r))
        return -1;
    size_t from = r->pos;
    if (r->len - from >= 3 && memcmp(r->buf + from, "\xef\xbb\xbf", 3) == 0)
        from += 3;      /* a byte-order mark */
    for (size_t i = from; i < r->len; i++) {
        unsigned char c = (unsigned char)r->buf[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return c;
    }
    return -1;
}

/* Read up to DELIM (not included) or the end: r->line gets at most MAX bytes, *len the size
 * kept, *over is set when more was discarded. Returns 0 at the end of input, 1 otherwise. */
static int read_until(reader *r, int delim, size_t max, size_t *len, int *over)
{
    size_t n = 0;
    int any = 0;
    *over = 0;
    while (fill(r)) {
        any = 1;
        char *s = r->buf + r->pos;
        size_t avail = r->len - r->pos;
        char *nl = delim >= 0 ? memchr(s, delim, avail) : NULL;
        size_t take = nl ? (size_t)(nl - s) : avail;
        if (!*over) {
            if (n + take > max) {
                *over = 1;
            } else {
                if (n + take + 1 > r->cap) {
                    size_t cap = r->cap ? r->cap : 4096;
                    while (cap < n + take + 1)
                        cap *= 2;
                    char *nb = realloc(r->line, cap);
                    if (!nb) {
                        r->error = ENOMEM;
                        return 0;
                    }
                    r->line = nb;
                    r->cap = cap;
                }
                memcpy(r->line + n, s, take);
                n += take;
            }
        }
        r->pos += take + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (!any && !r->error)
        return 0;
    if (!r->line && !(r->line = malloc(r->cap = 4096))) {
        r->error = ENOMEM;
        return 0;
    }
    r->line[n] = '\0';
    *len = n;
    return 1;
}

/* ---- jobs ---- */

typedef struct job {
    char *buf;              /* the line or text (owned), NULL when over the limit */
    size_t len;
    long line;
    int fmt;                /* FMT_JSONL or FMT_TEXT */
    int over;
    const char *file;       /* display name, borrowed */
    const char *docid;      /* text files: the id (borrowed) */
    char *json;             /* result */
    char *errmsg;           /* or why the document was rejected */
    int state;              /* 0 free, 1 queued, 2 done */
} job;

typedef struct ctx {
    const kh_extractor *ex;
    const char *date;       /* --date */
} ctx;

static char *msgf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *msgf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

static const char *obj_str(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

/* The id of a parsed line: a string or a number, else NULL. */
static char *line_id(json_object *o)
{
    json_object *v;
    if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, "id", &v))
        return NULL;
    if (json_object_is_type(v, json_type_string) || json_object_is_type(v, json_type_int))
        return strdup(json_object_get_string(v));
    return NULL;
}

/* Whether S (LEN bytes) is well-formed UTF-8 without NUL (the text module decides). */
static int utf8_ok(const char *s, size_t len)
{
    kh_text *t = kh_text_new(s, len, NULL);
    kh_text_free(t);
    return t != NULL;
}

static void run_doc(const ctx *c, job *j, const kh_doc *d)
{
    kh_error err = { 0 };
    j->json = kh_extract_doc(c->ex, d, NULL, &err);
    if (!j->json)
        j->errmsg = msgf("%s", err.msg);
}

static void process_text(const ctx *c, job *j)
{
    if (j->over) {
        j->errmsg = msgf("document %s: text of more than %zu MiB", j->docid, LINE_MAX_BYTES >> 20);
        return;
    }
    kh_doc d = { .id = j->docid, .date = c->date, .text = j->buf, .len = j->len };
    run_doc(c, j, &d);
}

static void process_jsonl(const ctx *c, job *j)
{
    json_tokener *tok = NULL;
    json_object *o = NULL;
    char *id = NULL, datebuf[11];
    if (j->over) {
        j->errmsg = msgf("line of more than %zu MiB", LINE_MAX_BYTES >> 20);
        goto out;
    }
    const char *nul = memchr(j->buf, '\0', j->len);
    if (nul) {
        j->errmsg = msgf("NUL byte at byte %zu of the line", (size_t)(nul - j->buf));
        goto out;
    }
    if (!(tok = json_tokener_new())) {
        j->errmsg = msgf("out of memory");
        goto out;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    o = json_tokener_parse_ex(tok, j->buf, (int)j->len);
    enum json_tokener_error te = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    if (te == json_tokener_error_parse_utf8_string) {
        /* name the document if the rest of the line is sound */
        json_object *loose = json_tokener_parse(j->buf);
        id = line_id(loose);
        json_object_put(loose);
        if (id && !utf8_ok(id, strlen(id))) {
            free(id);
            id = NULL;
        }
        j->errmsg = id ? msgf("document %s: invalid UTF-8", id) : msgf("invalid UTF-8");
        goto out;
    }
    if (te == json_tokener_continue) {
        j->errmsg = msgf("broken JSON: unexpected end of line");
        goto out;
    }
    if (te != json_tokener_success) {
        j->errmsg = msgf("broken JSON: %s at byte %zu", json_tokener_error_desc(te), end);
        goto out;
    }
    for (size_t i = end; i < j->len; i++)
        if (j->buf[i] != ' ' && j->buf[i] != '\t' && j->buf[i] != '\r') {
            j->errmsg = msgf("broken JSON: text after the object at byte %zu", i);
            goto out;
        }
    if (!json_object_is_type(o, json_type_object)) {
        j->errmsg = msgf("not a JSON object");
        goto out;
    }
    id = line_id(o);
    if (!id)
        id = msgf("%ld", j->line);
    kh_doc d = { .id = id };
    json_object *v;
    if (!json_object_object_get_ex(o, "text", &v) || !json_object_is_type(v, json_type_string)) {
        j->errmsg = msgf("document %s: %s", id, v ? "\"text\" is not a string" : "no \"text\"");
        goto out;
    }
    d.text = json_object_get_string(v);
    d.len = (size_t)json_object_get_string_len(v);
    if (!json_object_object_get_ex(o, "date", &v)) {
        d.date = c->date;
    } else if (json_object_is_type(v, json_type_string)) {
        /* a date-time keeps its date: 2016-05-15T08:00:00Z */
        const char *s = json_object_get_string(v);
        size_t n = strlen(s);
        if (n > 10 && (s[10] == 'T' || s[10] == ' ')) {
            memcpy(datebuf, s, 10);
            datebuf[10] = '\0';
            s = datebuf;
        }
        d.date = s;
    } else if (!json_object_is_type(v, json_type_null)) {
        j->errmsg = msgf("document %s: \"date\" is not a string", id);
        goto out;
    }
    d.title = obj_str(o, "title");
    d.url = obj_str(o, "url");
    d.source = obj_str(o, "source");
    run_doc(c, j, &d);
out:
    json_object_put(o);
    if (tok)
        json_tokener_free(tok);
    free(id);
}

static void process(const ctx *c, job *j)
{
    if (j->fmt == FMT_TEXT)
        process_text(c, j);
    else
        process_jsonl(c, j);
    free(j->buf);
    j->buf = NULL;
}

/* ---- the ordered pool ---- */

typedef struct pool {
    const ctx *c;
    job *ring;
    size_t cap, head, tail, next;   /* head: next to write; next: next to run; tail: next free */
    int quit;
    int writer_waits;       /* the writer sleeps until job wait_for is done */
    size_t wait_for;
    size_t idle;            /* workers waiting for work */
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    pthread_t *threads;
    size_t nthreads;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next == p->tail && !p->quit) {
            p->idle++;
            pthread_cond_wait(&p->work, &p->mu);
            p->idle--;
        }
        if (p->next == p->tail)
            break;
        job *j = &p->ring[p->next++ % p->cap];
        pthread_mutex_unlock(&p->mu);
        process(p->c, j);
        pthread_mutex_lock(&p->mu);
        j->state = 2;
        /* wake the writer only for the job it waits for: fewer wake-ups keep the workers on
         * their own cores */
        if (p->writer_waits && j == &p->ring[p->wait_for % p->cap])
            pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* ---- the command ---- */

typedef struct run_state {
    FILE *out;
    size_t read, processed, rejected;
    int progress;
} run_state;

static void emit(run_state *s, job *j)
{
    if (j->json) {
        fputs(j->json, s->out);
        fputc('\n', s->out);
        s->processed++;
    } else {
        if (s->progress)
            fputs("\r\033[K", stderr);
        fprintf(stderr, "kharita: %s:%ld: %s\n", j->file, j->line,
                j->errmsg ? j->errmsg : "rejected");
        s->rejected++;
    }
    free(j->json);
    free(j->errmsg);
    free(j->buf);
    *j = (job){ 0 };
    if (s->progress && (s->processed + s->rejected) % 64 == 0)
        fprintf(stderr, "\rkharita: extract: %zu documents", s->processed + s->rejected);
}

/* Wait until the oldest job in P is done and write it, in input order. Called with P's mutex
 * held; it is let go while writing, so that the workers go on. When it has to wait, it sleeps
 * until a quarter of the ring is done, not one document: a wake-up per document cost the
 * workers a futex call and the writer a context switch each, and they run on meanwhile. */
static void write_oldest(pool *p, run_state *s)
{
    job *h = &p->ring[p->head % p->cap];
    if (h->state != 2) {
        p->wait_for = p->head + p->cap / 4;
        if (p->wait_for >= p->tail)
            p->wait_for = p->tail - 1;
        p->writer_waits = 1;
        while (p->ring[p->wait_for % p->cap].state != 2)
            pthread_cond_wait(&p->done, &p->mu);
        p->wait_for = p->head;      /* the batch is done; the oldest may still run */
        while (h->state != 2)
            pthread_cond_wait(&p->done, &p->mu);
        p->writer_waits = 0;
    }
    pthread_mutex_unlock(&p->mu);
    emit(s, h);
    pthread_mutex_lock(&p->mu);
    p->head++;
}

/* Hand job J to the pool (or run it here when there is none) and write what is finished. */
static int submit(pool *p, run_state *s, job *j)
{
    s->read++;
    if (!p->nthreads) {
        process(p->c, j);
        emit(s, j);
        return 0;
    }
    pthread_mutex_lock(&p->mu);
    while (p->tail - p->head == p->cap)
        write_oldest(p, s);
    job *slot = &p->ring[p->tail % p->cap];
    *slot = *j;
    slot->state = 1;
    p->tail++;
    if (p->idle)
        pthread_cond_signal(&p->work);
    /* write what is already done, without waiting */
    while (p->head < p->tail && p->ring[p->head % p->cap].state == 2)
        write_oldest(p, s);
    pthread_mutex_unlock(&p->mu);
    return 0;
}

static void drain(pool *p, run_state *s)
{
    if (!p->nthreads)
        return;
    pthread_mutex_lock(&p->mu);
    while (p->head < p->tail)
        write_oldest(p, s);
    pthread_mutex_unlock(&p->mu);
}

static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

/* Read one input (path or "-") and submit its documents. Returns 0, or -1 when it cannot be
 * read (reported here). */
static int read_input(pool *p, run_state *s, const char *path, int fmt)
{
    int use_stdin = strcmp(path, "-") == 0;
    const char *name = use_stdin ? "<stdin>" : path;
    reader *r = calloc(1, sizeof *r);
    if (!r) {
        cli_warn("%s: out of memory", name);
        return -1;
    }
    r->fp = use_stdin ? stdin : fopen(path, "rb");
    if (!r->fp) {
        cli_warn("%s: cannot open: %s", name, strerror(errno));
        free(r);
        return -1;
    }
    if (fmt == FMT_AUTO) {
        if (use_stdin)
            fmt = peek_nonspace(r) == '{' ? FMT_JSONL : FMT_TEXT;
        else
            fmt = has_ext(path, ".jsonl") || has_ext(path, ".json") || has_ext(path, ".ndjson")
                      ? FMT_JSONL : FMT_TEXT;
    }
    size_t len = 0;
    int over = 0;
    if (fmt == FMT_TEXT) {
        read_until(r, -1, LINE_MAX_BYTES, &len, &over);
        if (!r->error) {    /* an empty file is an empty document; an unreadable one none */
            const char *base = strrchr(name, '/');
            job j = { .fmt = FMT_TEXT, .line = 1, .file = name, .docid = base ? base + 1 : name,
                      .over = over, .len = r->line ? len : 0 };
            j.buf = over ? NULL : malloc(j.len + 1);
            if (!over && j.buf) {
                memcpy(j.buf, r->line ? r->line : "", j.len);
                j.buf[j.len] = '\0';
            }
            if (over || j.buf)
                submit(p, s, &j);
        }
    } else {
        long line = 0;
        while (read_until(r, '\n', LINE_MAX_BYTES, &len, &over)) {
            line++;
            if (!over && len && r->line[len - 1] == '\r')
                len--;
            if (line == 1 && !over && len >= 3 && memcmp(r->line, "\xef\xbb\xbf", 3) == 0) {
                memmove(r->line, r->line + 3, len - 3);     /* a byte-order mark */
                len -= 3;
            }
            if (!over) {
                size_t k = 0;
                while (k < len && (r->line[k] == ' ' || r->line[k] == '\t'))
                    k++;
                if (k == len)
                    continue;   /* a blank line holds no document */
            }
            job j = { .fmt = FMT_JSONL, .line = line, .file = name, .over = over, .len = len };
            if (!over) {
                j.buf = malloc(len + 1);
                if (!j.buf) {
                    r->error = ENOMEM;
                    break;
                }
                memcpy(j.buf, r->line, len);
                j.buf[len] = '\0';
            }
            submit(p, s, &j);
        }
    }
    int rc = 0;
    if (r->error) {
        cli_warn("%s: read error: %s", name, strerror(r->error));
        rc = -1;
    }
    if (!use_stdin)
        fclose(r->fp);
    free(r->line);
    free(r);
    return rc;
}

static int run(int argc, char **argv)
{
    const char *output = NULL, *date = NULL, *gaz = NULL;
    int fmt = FMT_AUTO, k;
    long jobs = 1;
    while ((k = cli_getopt(&cli_cmd_extract, argc, argv)) != -1) {
        switch (k) {
        case CLI_HELP_KEY: return 0;
        case 'o': output = optarg; break;
        case OPT_DATE: date = optarg; break;
        case OPT_GAZ: gaz = optarg; break;
        case OPT_FORMAT:
            if (strcmp(optarg, "jsonl") == 0)
                fmt = FMT_JSONL;
            else if (strcmp(optarg, "text") == 0)
                fmt = FMT_TEXT;
            else
                return cli_usage_error(&cli_cmd_extract, "--format takes jsonl or text, not '%s'",
                                       optarg);
            break;
        case 'j':
            if (cli_int_arg(&cli_cmd_extract, "jobs", optarg, 1, 256, &jobs) < 0)
                return 2;
            break;
        default: return 2;
        }
    }
    if (date) {
        static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        int y, m, d;
        char tail;
        if (sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(date) != 10 ||
            m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
            (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
            return cli_usage_error(&cli_cmd_extract, "--date takes a real date YYYY-MM-DD, not '%s'",
                                   date);
    }

    kh_error err = { 0 };
    int status = 0;
    kh_atomic *atomic = NULL;
    pool p = { 0 };
    run_state s = { .out = stdout, .progress = cli_show_progress() };
    kh_extractor *ex = kh_extract_open(gaz, &err);
    if (!ex) {
        cli_warn("%s", err.msg);
        return 4;
    }
    ctx c = { ex, date };
    p.c = &c;
    if (output) {
        if (!(atomic = kh_atomic_open(output, &err)) || !(s.out = kh_atomic_stream(atomic, &err))) {
            kh_atomic_abort(atomic);
            kh_extract_close(ex);
            return cli_fail(&err);
        }
    }
    /* The output is written in large blocks (a document's line is ~10 KB: with stdio's 4 KB
     * buffer, one write(2) per document and more); a terminal keeps its line buffering. */
    static char out_buffer[OUT_BUFFER];    /* lives as long as stdout; glibc ignores a size
                                            * given without a buffer */
    if (!isatty(fileno(s.out)))
        setvbuf(s.out, out_buffer, _IOFBF, sizeof out_buffer);
    if (jobs > 1) {
        p.cap = (size_t)jobs * 32;
        p.ring = calloc(p.cap, sizeof *p.ring);
        p.threads = calloc((size_t)jobs, sizeof *p.threads);
        pthread_mutex_init(&p.mu, NULL);
        pthread_cond_init(&p.work, NULL);
        pthread_cond_init(&p.done, NULL);
        if (!p.ring || !p.threads) {
            cli_warn("out of memory");
            status = 5;
            goto out;
        }
        for (long i = 0; i < jobs; i++) {
            if (pthread_create(&p.threads[i], NULL, worker, &p) != 0)
                break;
            p.nthreads++;
        }
    }

    int unreadable = 0;
    if (optind >= argc) {
        unreadable |= read_input(&p, &s, "-", fmt) < 0;
    } else {
        for (int i = optind; i < argc; i++)
            unreadable |= read_input(&p, &s, argv[i], fmt) < 0;
    }
    drain(&p, &s);
    if (s.progress)
        fputs("\r\033[K", stderr);
    fprintf(stderr, "kharita: extract: %zu documents read, %zu processed, %zu rejected\n", s.read,
            s.processed, s.rejected);

    if (atomic) {
        if (kh_atomic_commit(atomic, &err) != 0) {
            atomic = NULL;
            status = cli_fail(&err);
            goto out;
        }
        atomic = NULL;
    } else if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_warn("stdout: write failed: %s", strerror(errno));
        status = 5;
        goto out;
    }
    status = unreadable ? 3 : s.rejected ? 1 : 0;
out:
    if (p.nthreads) {
        pthread_mutex_lock(&p.mu);
        p.quit = 1;
        pthread_cond_broadcast(&p.work);
        pthread_mutex_unlock(&p.mu);
        for (size_t i = 0; i < p.nthreads; i++)
            pthread_join(p.threads[i], NULL);
    }
    if (jobs > 1) {
        pthread_mutex_destroy(&p.mu);
        pthread_cond_destroy(&p.work);
        pthread_cond_destroy(&p.done);
    }
    free(p.ring);
    free(p.threads);
    kh_atomic_abort(atomic);
    kh_extract_close(ex);
    return status;
}

const cli_command cli_cmd_extract = {
    "extract", "[options] [FILE...]",
    "find the places, casualty figures and dates of news documents (JSON Lines out)", opts, run,
    details
};
