/* Data-file discovery and atomic output files shared by every module. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kharita/files.h"

struct kh_atomic {
    char *path;
    char *tmp;
    FILE *fp;
    int direct;     /* PATH is a device or a pipe (/dev/null, /dev/stdout): written in place,
                     * never renamed over nor unlinked */
};

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static char *join(const char *dir, const char *mid, const char *name)
{
    size_t n = strlen(dir) + strlen(mid) + strlen(name) + 3;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s%s", dir, mid, *mid ? "/" : "", name);
    return p;
}

char *kh_data_find(const char *name, kh_error *err)
{
    const char *env = getenv("KHARITA_DATA");
    char exe[PATH_MAX];
    char *cand = NULL;

    if (env && *env) {
        cand = join(env, "", name);
        if (cand && is_file(cand))
            return cand;
        free(cand);
    }
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *dir = dirname(exe);
        const char *mids[] = { "share/kharita", "../share/kharita" };
        for (size_t i = 0; i < sizeof mids / sizeof mids[0]; i++) {
            cand = join(dir, mids[i], name);
            if (cand && is_file(cand))
                return cand;
            free(cand);
        }
    }
    kh_error_set(err, KH_E_INPUT,
                 "%s: data file not found (looked in $KHARITA_DATA, share/kharita beside the "
                 "binary, ../share/kharita); run 'make' or set KHARITA_DATA", name);
    return NULL;
}

static void atomic_free(kh_atomic *a)
{
    free(a->path);
    free(a->tmp);
    free(a);
}

kh_atomic *kh_atomic_open(const char *path, kh_error *err)
{
    static unsigned counter;
    kh_atomic *a = calloc(1, sizeof *a);
    if (!a)
        goto nomem;
    a->path = strdup(path);
    size_t n = strlen(path) + 64;
    a->tmp = malloc(n);
    if (!a->path || !a->tmp)
        goto nomem;
    /* Renaming a temporary file over /dev/null would replace the device with a file (we may
     * run as root): something that is not a regular file is written directly. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            kh_error_set(err, KH_E_OUTPUT, "%s: is a folder, not a file", path);
            atomic_free(a);
            return NULL;
        }
        a->direct = 1;
        snprintf(a->tmp, n, "%s", path);
        return a;
    }
    /* out/map.png -> out/.map.png.tmp-PID-N.png: same folder (rename stays atomic), same
     * extension (format guessing still works). */
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    snprintf(a->tmp, n, "%.*s.%s.tmp-%ld-%u%s", (int)(base - path), path, base, (long)getpid(),
             counter++, dot ? dot : "");
    unlink(a->tmp);
    return a;
nomem:
    if (a) {
        free(a->path);
        free(a->tmp);
        free(a);
    }
    kh_error_set(err, KH_E_NOMEM, "%s: out of memory", path);
    return NULL;
}

const char *kh_atomic_tmppath(const kh_atomic *a)
{
    return a->tmp;
}

FILE *kh_atomic_stream(kh_atomic *a, kh_error *err)
{
    if (!a->fp) {
        a->fp = fopen(a->tmp, "wb");
        if (!a->fp)
            kh_error_set(err, KH_E_OUTPUT, "%s: cannot create: %s", a->path, strerror(errno));
    }
    return a->fp;
}

int kh_atomic_commit(kh_atomic *a, kh_error *err)
{
    int rc = 0;
    if (a->fp) {
        int bad = fflush(a->fp) != 0 || ferror(a->fp) ||
                  (!a->direct && fsync(fileno(a->fp)) != 0);
        int e = errno;
        if (fclose(a->fp) != 0 && !bad) {
            bad = 1;
            e = errno;
        }
        a->fp = NULL;
        if (bad) {
            rc = kh_error_set(err, KH_E_OUTPUT, "%s: write failed: %s", a->path, strerror(e));
            goto out;
        }
    } else if (!a->direct && !is_file(a->tmp)) {
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: nothing was written", a->path);
        goto out;
    }
    /* Files written by path (GDAL, cairo) get 0600 from mkstemp-like creators; outputs are
     * meant to be shared like any file the user writes. */
    if (a->direct)
        goto out;
    mode_t um = umask(0);
    umask(um);
    chmod(a->tmp, 0666 & ~um);
    if (rename(a->tmp, a->path) != 0)
        rc = kh_error_set(err, KH_E_OUTPUT, "%s: cannot replace: %s", a->path, strerror(errno));
out:
    if (rc && !a->direct)
        unlink(a->tmp);
    atomic_free(a);
    return rc;
}

void kh_atomic_abort(kh_atomic *a)
{
    if (!a)
        return;
    if (a->fp)
        fclose(a->fp);
    if (!a->direct)
        unlink(a->tmp);
    atomic_free(a);
}

char *kh_file_read(const char *path, size_t *len, kh_error *err)
{
    int use_stdin = strcmp(path, "-") == 0;
    FILE *fp = use_stdin ? stdin : fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (!fp) {
        kh_error_set(err, KH_E_INPUT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    for (;;) {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 131072;
            char *nb = realloc(buf, cap);
            if (!nb) {
                kh_error_set(err, KH_E_NOMEM, "%s: out of memory", path);
                goto fail;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        kh_error_set(err, KH_E_INPUT, "%s: read error: %s", path, strerror(errno));
        goto fail;
    }
    buf[n] = '\0';
    if (!use_stdin)
        fclose(fp);
    if (len)
        *len = n;
    return buf;
fail:
    free(buf);
    if (!use_stdin)
        fclose(fp);
    return NULL;
}
