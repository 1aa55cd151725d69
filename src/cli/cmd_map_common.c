/* What `kharita map` and `kharita timelapse` share: the drawing options, the input, loading. */
#include <string.h>
#include <unistd.h>

#include "cli/cli_int.h"
#include "kharita/map.h"
#include "kharita/store.h"

int cli_map_set(const cli_command *cmd, kh_map_opts *o, const char *name, const char *value)
{
    kh_error err = { 0 };
    if (kh_map_opts_set(o, name, value, &err) == 0)
        return 0;
    cli_usage_error(cmd, "%s", err.msg);
    return -1;
}

int cli_map_option(const cli_command *cmd, kh_map_opts *o, const char **store, int key,
                   const char *arg)
{
    static const struct { int key; const char *name; } named[] = {
        { CLI_MAP_O_FROM, "from" },
        { CLI_MAP_O_TO, "to" },
        { CLI_MAP_O_GROUP, "group" },
        { CLI_MAP_O_EXTENT, "extent" },
        { CLI_MAP_O_SIZE, "size" },
        { CLI_MAP_O_DPI, "dpi" },
        { CLI_MAP_O_LANG, "lang" },
        { CLI_MAP_O_TITLE, "title" },
        { CLI_MAP_O_ADMIN_LAYER, "admin-layer" },
        { CLI_MAP_O_ADMIN_NAME, "admin-name" },
        { CLI_MAP_O_COLOR, "color" },
        { CLI_MAP_O_LABELS, "labels" },
        { CLI_MAP_O_INSET, "inset" },
    };
    if (key == CLI_MAP_O_STORE) {
        *store = arg;
        return 0;
    }
    if (key == CLI_MAP_O_INJURED) {
        o->injured = 1;
        return 0;
    }
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (named[i].key == key)
            return cli_map_set(cmd, o, named[i].name, arg);
    return 1;
}

const char *cli_map_input(const cli_command *cmd, int argc, char **argv, const char *store)
{
    if (optind < argc - 1) {
        cli_usage_error(cmd, "one INPUT at a time (or --store FILE)");
        return NULL;
    }
    if (optind < argc && store) {
        cli_usage_error(cmd, "give INPUT or --store FILE, not both");
        return NULL;
    }
    const char *input = optind < argc ? argv[optind] : store;
    if (!input) {
        if (access(KH_STORE_DEFAULT, R_OK) != 0) {
            cli_usage_error(cmd, "no input: give INPUT or --store FILE (there is no %s)",
                            KH_STORE_DEFAULT);
            return NULL;
        }
        input = KH_STORE_DEFAULT;
    }
    return input;
}

kh_map_data *cli_map_load(const char *cmd, const char *input, const char *layer, int *status)
{
    kh_error err = { 0 };
    kh_map_data *d = kh_map_data_load(input, layer, &err);
    if (!d) {
        *status = cli_fail(&err);
        return NULL;
    }
    const char *const *rej;
    size_t nrej = kh_map_data_rejected(d, &rej);
    for (size_t i = 0; i < nrej; i++)
        cli_warn("%s", rej[i]);
    kh_map_data_summary sum;
    kh_map_data_summary_get(d, &sum);
    if (sum.documents >= 0)     /* extract output: every document is drawn or listed above */
        cli_warn("%s: %ld documents read, %ld processed, %ld rejected", cmd, sum.documents,
                 sum.documents - sum.rejected, sum.rejected);
    if (sum.documents == 0)
        cli_warn("%s: %s has no documents; the map says there are no events", cmd,
                 strcmp(input, "-") == 0 ? "(stdin)" : input);
    *status = nrej ? 1 : 0;
    return d;
}
