/* libFuzzer target: the importers of `kharita gazetteer import`. By default the GeoNames one: a
 * dump, then after a line "#ALT" an alternateNames file. An input starting with "#OCHA\n" or
 * "#OGR\n" is the rest as a CSV table for --from ocha (p-code columns) or --from ogr
 * (latitude/longitude columns), read through GDAL. Whatever it writes must be a valid
 * gazetteer source: every row it accepted passes the source reader without a single error. */
#include "fuzz.h"

#include <sys/stat.h>

#include "gazetteer/gazetteer_int.h"

static char dir[64], dump[96], alt[96], out[96], table[96];

static void cleanup(void)
{
    unlink(dump);
    unlink(alt);
    unlink(out);
    unlink(table);
    rmdir(dir);
}

static void report(void *ctx, int is_error, const char *msg)
{
    if (is_error)
        ++*(size_t *)ctx;
}

static void put(const char *path, const uint8_t *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0) {
        perror(path);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/dev/shm/kharita-fuzz-imp-%d", (int)getpid());
        if (mkdir(dir, 0700) != 0)
            snprintf(dir, sizeof dir, "/tmp/kharita-fuzz-imp-%d", (int)getpid()), mkdir(dir, 0700);
        snprintf(dump, sizeof dump, "%s/dump.txt", dir);
        snprintf(alt, sizeof alt, "%s/alt.txt", dir);
        snprintf(out, sizeof out, "%s/out.tsv", dir);
        snprintf(table, sizeof table, "%s/table.csv", dir);
        atexit(cleanup);
    }
    kh_gaz_import_opts o = { .from = "geonames", .countries = "SY", .arabic_only = "IQ,LB,TR" };
    const char *files[1] = { dump };
    if ((size >= 6 && memcmp(data, "#OCHA\n", 6) == 0) || (size >= 5 && memcmp(data, "#OGR\n", 5) == 0)) {
        size_t skip = data[2] == 'C' ? 6 : 5;
        o.from = skip == 6 ? "ocha" : "ogr";
        put(table, data + skip, size - skip);
        files[0] = table;
    } else {
        const uint8_t *sep = memmem(data, size, "#ALT\n", 5);
        size_t n1 = sep ? (size_t)(sep - data) : size;
        put(dump, data, n1);
        if (sep)
            put(alt, sep + 5, size - n1 - 5);
        o.alternate = sep ? alt : NULL;
    }
    size_t errors = 0;
    kh_error err = { 0 };
    unlink(out);
    long rows = kh_gaz_import(&o, files, 1, out, report, &errors, &err);
    if (rows < 0) {
        FUZZ_CHECK(err.code != 0, "failed without an error");
        return 0;
    }
    gaz_rows back = { 0 };
    size_t rerrors = 0;
    gaz_report rep = { report, &rerrors, 0, 0 };
    FUZZ_CHECK(gaz_rows_read(&back, out, &rep, &err) == 0, "cannot read the import back: %s",
               err.msg);
    FUZZ_CHECK(rerrors == 0, "the import wrote %zu rows the source reader refuses", rerrors);
    FUZZ_CHECK(back.n == (size_t)rows, "%ld rows written, %zu read back", rows, back.n);
    gaz_rows_free(&back);
    return 0;
}
