/* `kharita timelapse`: one map frame per week (day, month), optionally a GIF or MP4. */
#include <string.h>
#include <unistd.h>

#include "cli/cli_int.h"
#include "kharita/map.h"
#include "kharita/store.h"

enum {
    O_STORE = 256, O_LAYER, O_BY, O_FROM, O_TO, O_GROUP, O_CUMULATIVE, O_GIF, O_MP4, O_EXTENT,
    O_SIZE, O_DPI, O_LANG, O_TITLE, O_ADMIN_LAYER, O_ADMIN_NAME, O_COLOR, O_INJURED, O_LABELS
};

static const cli_opt opts[] = {
    { "store", required_argument, O_STORE, "FILE", "read the event store FILE (default " KH_STORE_DEFAULT ")" },
    { "layer", required_argument, O_LAYER, "NAME", "the layer to read (default events)" },
    { "output", required_argument, 'o', "DIR", "write the frames into DIR (default out/frames)" },
    { "by", required_argument, O_BY, "PERIOD", "one frame per week (default), day or month" },
    { "from", required_argument, O_FROM, "DATE", "first day (YYYY-MM-DD; default: the first event)" },
    { "to", required_argument, O_TO, "DATE", "last day (default: the last event)" },
    { "group", required_argument, O_GROUP, "NAME", "only figures for the group NAME" },
    { "cumulative", no_argument, O_CUMULATIVE, NULL, "each frame shows the totals up to its period" },
    { "jobs", required_argument, 'j', "N", "draw N frames at once (default: one per CPU)" },
    { "gif", no_argument, O_GIF, NULL, "also assemble DIR/timelapse.gif (needs ffmpeg)" },
    { "mp4", no_argument, O_MP4, NULL, "also assemble DIR/timelapse.mp4 (needs ffmpeg)" },
    { "extent", required_argument, O_EXTENT, "AREA", "syria (default), data, or W,S,E,N in degrees" },
    { "size", required_argument, O_SIZE, "WxH", "frame size in pixels (default 1600x1200)" },
    { "dpi", required_argument, O_DPI, "N", "pixels per inch: with --size, how big text and symbols are (default 150)" },
    { "lang", required_argument, O_LANG, "LANG", "labels in ar (default), en or both" },
    { "title", required_argument, O_TITLE, "TEXT", "the frames' title" },
    { "admin-layer", required_argument, O_ADMIN_LAYER, "FILE", "draw these boundaries instead of Syria's governorates" },
    { "admin-name", required_argument, O_ADMIN_NAME, "FIELD", "the admin layer's field that names each area" },
    { "color", required_argument, O_COLOR, "BY", "circle colours: scale (default) or group" },
    { "injured", no_argument, O_INJURED, NULL, "ring each circle with killed + injured" },
    { "labels", required_argument, O_LABELS, "N", "label at most N places per frame (default 14)" },
    { 0 }
};

static const char details[] =
    "Frames are named by their period (DIR/2018-W19.png …), one for every period from the\n"
    "first to the last, empty ones included, and share one extent, projection and circle\n"
    "scale so that they compare. Earlier periods fade out; --cumulative shows running totals\n"
    "instead, ringing the places with events in the frame's period.";

static int set(kh_map_opts *o, const char *name, const char *value)
{
    kh_error err = { 0 };
    if (kh_map_opts_set(o, name, value, &err) == 0)
        return 0;
    cli_usage_error(&cli_cmd_timelapse, "%s", err.msg);
    return -1;
}

static int run(int argc, char **argv)
{
    kh_map_opts o;
    kh_map_opts_init(&o);
    const char *store = NULL, *dir = "out/frames", *layer = NULL, *movie_ext = NULL;
    int k;
    while ((k = cli_getopt(&cli_cmd_timelapse, argc, argv)) != -1) {
        int bad = 0;
        switch (k) {
        case CLI_HELP_KEY: return 0;
        case O_STORE: store = optarg; break;
        case O_LAYER: layer = optarg; break;
        case 'o': dir = optarg; break;
        case O_BY: bad = set(&o, "by", optarg); break;
        case O_FROM: bad = set(&o, "from", optarg); break;
        case O_TO: bad = set(&o, "to", optarg); break;
        case O_GROUP: bad = set(&o, "group", optarg); break;
        case O_CUMULATIVE: o.cumulative = 1; break;
        case 'j': bad = set(&o, "jobs", optarg); break;
        case O_GIF: movie_ext = "gif"; break;
        case O_MP4: movie_ext = "mp4"; break;
        case O_EXTENT: bad = set(&o, "extent", optarg); break;
        case O_SIZE: bad = set(&o, "size", optarg); break;
        case O_DPI: bad = set(&o, "dpi", optarg); break;
        case O_LANG: bad = set(&o, "lang", optarg); break;
        case O_TITLE: bad = set(&o, "title", optarg); break;
        case O_ADMIN_LAYER: bad = set(&o, "admin-layer", optarg); break;
        case O_ADMIN_NAME: bad = set(&o, "admin-name", optarg); break;
        case O_COLOR: bad = set(&o, "color", optarg); break;
        case O_INJURED: o.injured = 1; break;
        case O_LABELS: bad = set(&o, "labels", optarg); break;
        default: return 2;
        }
        if (bad)
            return 2;
    }
    if (optind < argc - 1)
        return cli_usage_error(&cli_cmd_timelapse, "one INPUT at a time (or --store FILE)");
    if (optind < argc && store)
        return cli_usage_error(&cli_cmd_timelapse, "give INPUT or --store FILE, not both");
    const char *input = optind < argc ? argv[optind] : store;
    if (!input) {
        if (access(KH_STORE_DEFAULT, R_OK) != 0)
            return cli_usage_error(&cli_cmd_timelapse, "no input: give INPUT or --store FILE "
                                   "(there is no %s)", KH_STORE_DEFAULT);
        input = KH_STORE_DEFAULT;
    }
    char movie[4096];
    if (movie_ext) {
        size_t n = strlen(dir);
        while (n > 1 && dir[n - 1] == '/')
            n--;
        snprintf(movie, sizeof movie, "%.*s/timelapse.%s", (int)n, dir, movie_ext);
        if (!kh_timelapse_have_ffmpeg())
            cli_warn("ffmpeg is not installed: the frames will be drawn but no %s can be "
                     "made (apt-get install ffmpeg)", movie_ext == NULL ? "" : movie);
    }

    kh_error err = { 0 };
    kh_map_stats st = { 0 };
    int status = 0;
    kh_map_data *d = kh_map_data_load(input, layer, &err);
    if (!d)
        return cli_fail(&err);
    const char *const *rej;
    size_t nrej = kh_map_data_rejected(d, &rej);
    for (size_t i = 0; i < nrej; i++)
        cli_warn("%s", rej[i]);
    if (kh_timelapse_render(d, &o, dir, movie_ext ? movie : NULL, &st, &err) != 0) {
        status = cli_fail(&err);
        goto out;
    }
    if (st.fallback_font)
        cli_warn("the Noto fonts were not found; frames drawn with another font (apt-get "
                 "install fonts-noto-core)");
    if (cli_show_progress() || st.empty_frames)
        cli_warn("%s: %ld frames (%ld without events)%s%s", dir, st.frames, st.empty_frames,
                 movie_ext ? ", " : "", movie_ext ? movie : "");
    if (nrej)
        status = 1;
out:
    kh_map_data_free(d);
    return status;
}

const cli_command cli_cmd_timelapse = {
    "timelapse", "[options] [INPUT]", "draw one map frame per week (day, month); GIF or MP4 with ffmpeg",
    opts, run, details
};
