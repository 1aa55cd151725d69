/* `kharita timelapse`: one PNG frame per week (day, month) drawn in parallel threads, and
 * their assembly into a GIF or MP4 by ffmpeg when it is installed. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output/output_int.h"

extern char **environ;

#define PAST_FRAMES 4       /* earlier frames drawn fading */

typedef struct frame {
    long start, end;            /* days, inclusive */
    char label[16];             /* "2018-W19" */
    out_circle *c;              /* this period (or totals so far, cumulative) */
    long n;
    out_circle *fresh;          /* cumulative: places with events in this period */
    long nfresh;
    long killed, injured;       /* in this period */
    long total_killed;          /* up to the end of this period */
} frame;

typedef struct tl {
    out_job job;
    const char *dir;
    frame *f;
    size_t nf;
    long *timeline;
    double kmax;
    out_circle *trace;          /* per frame: places seen before the faded frames */
    /* work sharing */
    pthread_mutex_t lock;
    size_t next;
    int rc;
    kh_error err;
    long empty;
} tl;

static int mkdir_p(const char *dir, kh_error *err)
{
    char *p = strdup(dir);
    if (!p)
        return kh_error_set(err, KH_E_NOMEM, "out of memory");
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (*p && mkdir(p, 0777) != 0 && errno != EEXIST) {
                rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot create the folder: %s", p,
                                  strerror(errno));
                break;
            }
            *s = c;
            if (!c)
                break;
        }
    }
    free(p);
    struct stat st;
    if (!rc && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: not a folder", dir);
    return rc;
}

/* The text of a frame's period: "الأسبوع 19 · من 7 إلى 13 أيار 2018" / "Week 19 · 7–13 May 2018". */
static void frame_text(const tl *t, const frame *f, int arabic, char *buf, size_t size)
{
    char range[160];
    int by = t->job.o->by;
    if (by == KH_BY_WEEK) {
        out_range_text(f->start, f->end, arabic, range, sizeof range);
        int week = atoi(f->label + 6);
        snprintf(buf, size, arabic ? "الأسبوع %d · %s" : "Week %d · %s", week, range);
    } else if (by == KH_BY_MONTH) {
        out_month_text(f->start, arabic, buf, size);
    } else {
        out_range_text(f->start, f->start, arabic, buf, size);
    }
    size_t len = strlen(buf);
    if (t->job.o->cumulative)
        snprintf(buf + len, size - len, arabic ? " · القتلى حتى الآن: %ld%s" : " · killed so far: %ld%s",
                 f->total_killed, f->killed || f->injured ? ""
                                  : arabic ? " · لا أحداث جديدة" : " · no new events");
    else if (f->killed || f->injured)
        snprintf(buf + len, size - len, arabic ? " · القتلى: %ld · الجرحى: %ld"
                                               : " · %ld killed · %ld injured",
                 f->killed, f->injured);
    else
        snprintf(buf + len, size - len, arabic ? " · لا أحداث مسجلة" : " · no events reported");
}

static int render_frame(tl *t, size_t i, PangoFontMap *fm, out_proj *p, kh_error *err)
{
    const out_job *j = &t->job;
    const frame *f = &t->f[i];
    out_scene sc;
    out_job_scene(j, &sc);
    sc.kmax = t->kmax;
    out_circle *trace = NULL;
    long ntrace = 0;
    int rc = 0;
    if (j->o->cumulative) {
        sc.layers[sc.nlayers++] = (out_layer){ f->c, (size_t)f->n, OUT_STYLE_CURRENT, 1 };
        sc.layers[sc.nlayers++] = (out_layer){ f->fresh, (size_t)f->nfresh, OUT_STYLE_FRESH, 1 };
    } else {
        /* Places with events before the faded frames: small dots. */
        if (i > PAST_FRAMES) {
            ntrace = out_collect(j->d, t->f[0].start, t->f[i - PAST_FRAMES - 1].end, j->groups,
                                 &trace);
            if (ntrace < 0)
                return kh_error_set(err, KH_E_NOMEM, "out of memory");
            sc.layers[sc.nlayers++] = (out_layer){ trace, (size_t)ntrace, OUT_STYLE_TRACE, 1 };
        }
        for (size_t k = PAST_FRAMES; k >= 1; k--) {
            if (i < k)
                continue;
            const frame *pf = &t->f[i - k];
            double alpha = 1.0 - (double)k / (PAST_FRAMES + 1);
            sc.layers[sc.nlayers++] = (out_layer){ pf->c, (size_t)pf->n, OUT_STYLE_PAST, alpha };
        }
        sc.layers[sc.nlayers++] = (out_layer){ f->c, (size_t)f->n, OUT_STYLE_CURRENT, 1 };
    }
    char fa[400], fe[400];
    frame_text(t, f, 1, fa, sizeof fa);
    frame_text(t, f, 0, fe, sizeof fe);
    sc.frame_ar = fa;
    sc.frame_en = fe;
    sc.period_ar = fa;
    sc.period_en = fe;
    sc.killed = f->killed;
    sc.injured = f->injured;
    sc.places = f->n;
    for (long k = 0; k < f->n; k++) {
        double px, py;
        if (isfinite(f->c[k].x))
            out_view_pt(&j->view, f->c[k].x, f->c[k].y, &px, &py);
        if (!isfinite(f->c[k].x) || px < j->view.mx || px > j->view.mx + j->view.mw ||
            py < j->view.my || py > j->view.my + j->view.mh)
            sc.outside++;
    }
    sc.timeline = t->timeline;
    sc.ntimeline = t->nf;
    sc.timeline_cur = i;
    sc.timeline_first = t->f[0].label;
    sc.timeline_last = t->f[t->nf - 1].label;
    size_t len = strlen(t->dir) + 32;
    char *path = malloc(len);
    if (!path) {
        free(trace);
        return kh_error_set(err, KH_E_NOMEM, "out of memory");
    }
    snprintf(path, len, "%s/%s.png", t->dir, f->label);
    rc = out_render_file(path, OUT_FMT_PNG, j->dpi, fm, p, &j->view, j->bm, &sc, err);
    free(path);
    free(trace);
    return rc;
}

/* A worker: its own font map and PROJ context (neither is shared between threads). */
static void *worker(void *arg)
{
    tl *t = arg;
    kh_error err = { 0 };
    PangoFontMap *fm = pango_cairo_font_map_new();
    out_proj *p = out_proj_new(&err);
    int rc = fm && p ? 0 : (err.code ? err.code : KH_E_OUTPUT);
    for (;;) {
        pthread_mutex_lock(&t->lock);
        if (rc && !t->rc) {
            t->rc = rc;
            t->err = err;
            if (!t->err.msg[0])
                kh_error_set(&t->err, rc, "cannot set up fonts for a frame");
        }
        size_t i = t->rc ? t->nf : t->next++;
        pthread_mutex_unlock(&t->lock);
        if (i >= t->nf)
            break;
        rc = render_frame(t, i, fm, p, &err);
    }
    out_proj_free(p);
    if (fm)
        g_object_unref(fm);
    return NULL;
}

int kh_timelapse_have_ffmpeg(void)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    char *dirs = strdup(path);
    int found = 0;
    for (char *save = NULL, *d = dirs ? strtok_r(dirs, ":", &save) : NULL; d && !found;
         d = strtok_r(NULL, ":", &save)) {
        char exe[4096];
        snprintf(exe, sizeof exe, "%s/ffmpeg", *d ? d : ".");
        found = access(exe, X_OK) == 0;
    }
    free(dirs);
    return found;
}

/* ffmpeg reads the frames in order from a concat list (stale frames in DIR are left out). */
static int assemble(tl *t, const char *movie, kh_error *err)
{
    const char *dot = strrchr(movie, '.');
    int gif = dot && strcasecmp(dot, ".gif") == 0;
    int mp4 = dot && strcasecmp(dot, ".mp4") == 0;
    if (!gif && !mp4)
        return kh_error_set(err, KH_E_USAGE, "%s: a timelapse movie is .gif or .mp4", movie);
    if (!kh_timelapse_have_ffmpeg())
        return kh_error_set(err, KH_E_OUTPUT, "%s not made: ffmpeg is not installed (apt-get "
                            "install ffmpeg); the %zu frames are in %s", movie, t->nf, t->dir);
    int rc = 0;
    kh_atomic *a = NULL;
    char list[4096];
    snprintf(list, sizeof list, "%s/.frames-%ld.txt", t->dir, (long)getpid());
    FILE *fp = fopen(list, "w");
    if (!fp)
        return kh_error_set(err, KH_E_OUTPUT, "%s: %s", list, strerror(errno));
    for (size_t i = 0; i < t->nf; i++) {
        /* absolute enough: the list sits beside the frames */
        fprintf(fp, "file '%s.png'\nduration 0.8\n", t->f[i].label);
    }
    if (t->nf)      /* the last frame's duration needs it listed once more */
        fprintf(fp, "file '%s.png'\n", t->f[t->nf - 1].label);
    if (fclose(fp) != 0) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: %s", list, strerror(errno));
        goto out;
    }
    a = kh_atomic_open(movie, err);
    if (!a) {
        rc = KH_E_OUTPUT;
        goto out;
    }
    const char *gif_args[] = { "ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "concat",
                               "-safe", "0", "-i", list, "-vf",
                               "fps=10,scale=960:-1:flags=lanczos,split[a][b];[a]palettegen[p];"
                               "[b][p]paletteuse",
                               kh_atomic_tmppath(a), NULL };
    const char *mp4_args[] = { "ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "concat",
                               "-safe", "0", "-i", list, "-vf",
                               "fps=25,scale=trunc(iw/2)*2:trunc(ih/2)*2", "-c:v", "libx264",
                               "-pix_fmt", "yuv420p", kh_atomic_tmppath(a), NULL };
    pid_t pid;
    int e = posix_spawnp(&pid, "ffmpeg", NULL, NULL, (char *const *)(gif ? gif_args : mp4_args),
                         environ);
    if (e) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot run ffmpeg: %s", movie, strerror(e));
        goto out;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: ffmpeg failed (exit %d); the frames are in %s",
                          movie, WIFEXITED(status) ? WEXITSTATUS(status) : -1, t->dir);
        goto out;
    }
    rc = kh_atomic_commit(a, err);
    a = NULL;
out:
    kh_atomic_abort(a);
    unlink(list);
    return rc;
}

static void tl_free(tl *t)
{
    for (size_t i = 0; i < t->nf; i++) {
        free(t->f[i].c);
        free(t->f[i].fresh);
    }
    free(t->f);
    free(t->timeline);
    out_job_free(&t->job);
}

int kh_timelapse_render(const kh_map_data *d, const kh_map_opts *o, const char *dir,
                        const char *const *movies, kh_map_stats *st, kh_error *err)
{
    tl t;
    memset(&t, 0, sizeof t);
    t.dir = dir;
    int rc = 0;
    if (o->by != KH_BY_DAY && o->by != KH_BY_WEEK && o->by != KH_BY_MONTH)
        return kh_error_set(err, KH_E_USAGE, "timelapse frames are by day, week or month");
    if ((rc = out_job_prepare(&t.job, d, o, OUT_FMT_PNG, 1, err)))
        goto out;
    const out_job *j = &t.job;
    long first = o->from ? j->from : j->first_day, last = o->to ? j->to : j->last_day;
    if (first == LONG_MAX || last == LONG_MIN || first > last) {
        rc = kh_error_set(err, KH_E_INPUT, "no events to make frames of%s%s%s; give --from and "
                          "--to for frames that say so", o->group ? " for group " : "",
                          o->group ? o->group : "", o->from || o->to ? " in that period" : "");
        goto out;
    }
    /* The periods, first to last. */
    long s0 = out_period_start(o->by, first);
    size_t n = 0;
    for (long s = s0; s <= last; s = out_period_next(o->by, s))
        n++;
    if (n > 2000) {
        rc = kh_error_set(err, KH_E_USAGE, "%zu frames is too many; choose a longer period "
                          "(--by) or a shorter span (--from, --to)", n);
        goto out;
    }
    t.f = calloc(n, sizeof *t.f);
    t.timeline = calloc(n, sizeof *t.timeline);
    if (!t.f || !t.timeline) {
        rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
        goto out;
    }
    t.nf = n;
    t.kmax = 1;
    size_t i = 0;
    for (long s = s0; i < n; s = out_period_next(o->by, s), i++) {
        frame *f = &t.f[i];
        f->start = s;
        f->end = out_period_next(o->by, s) - 1;
        out_period_label(o->by, s, f->label, sizeof f->label);
        long lo = f->start < j->from ? j->from : f->start, hi = f->end > j->to ? j->to : f->end;
        out_circle *now = NULL;
        long nn = out_collect(d, lo, hi, j->groups, &now);
        if (nn < 0) {
            rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
            goto out;
        }
        for (long k = 0; k < nn; k++) {
            f->killed += now[k].killed;
            f->injured += now[k].injured;
        }
        f->total_killed = f->killed + (i ? t.f[i - 1].total_killed : 0);
        if (o->cumulative) {
            long from0 = t.f[0].start < j->from ? j->from : t.f[0].start;
            f->n = out_collect(d, from0, hi, j->groups, &f->c);
            if (f->n < 0) {
                free(now);
                rc = kh_error_set(err, KH_E_NOMEM, "out of memory");
                goto out;
            }
            /* This period's places, at their running totals: ringed. */
            f->fresh = now;
            f->nfresh = nn;
            for (long k = 0; k < nn; k++)
                for (long m = 0; m < f->n; m++)
                    if (f->c[m].place == now[k].place) {
                        now[k].killed = f->c[m].killed;
                        break;
                    }
        } else {
            f->c = now;
            f->n = nn;
        }
        if (nn == 0)
            t.empty++;
        t.timeline[i] = f->killed;
        for (long k = 0; k < f->n; k++)
            if (f->c[k].killed > t.kmax)
                t.kmax = (double)f->c[k].killed;
    }
    if ((rc = mkdir_p(dir, err)))
        goto out;

    int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > n)
        jobs = (int)n;
    if (jobs > 64)
        jobs = 64;
    pthread_mutex_init(&t.lock, NULL);
    pthread_t th[64];
    int started = 0;
    for (int k = 0; k < jobs; k++) {
        if (pthread_create(&th[k], NULL, worker, &t) != 0)
            break;
        started++;
    }
    if (started == 0)
        worker(&t);     /* no threads to be had: draw them here */
    for (int k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    pthread_mutex_destroy(&t.lock);
    if (t.rc) {
        rc = t.rc;
        if (err)
            *err = t.err;
        goto out;
    }
    if (st) {
        memset(st, 0, sizeof *st);
        st->frames = (long)t.nf;
        st->empty_frames = t.empty;
        st->fallback_font = j->fallback_font;
        for (size_t k = 0; k < t.nf; k++) {
            st->killed += t.f[k].killed;
            st->injured += t.f[k].injured;
        }
    }
    for (size_t m = 0; rc == 0 && movies && movies[m]; m++)
        rc = assemble(&t, movies[m], err);
out:
    tl_free(&t);
    return rc;
}
