/* `kharita timelapse`: one map frame per week (day, month), optionally a GIF or MP4. */
#include <string.h>

#include "cli/cli_int.h"
#include "kharita/map.h"
#include "kharita/store.h"

enum { O_LAYER = CLI_MAP_O_OWN, O_BY, O_CUMULATIVE, O_GIF, O_MP4 };

static const cli_opt opts[] = {
    { "store", required_argument, CLI_MAP_O_STORE, "FILE", "read the event store FILE (default " KH_STORE_DEFAULT ")" },
    { "layer", required_argument, O_LAYER, "NAME", "the layer to read (default events)" },
    { "output", required_argument, 'o', "DIR", "write the frames into DIR (default out/frames)" },
    { "by", required_argument, O_BY, "PERIOD", "one frame per week (default), day or month" },
    { "from", required_argument, CLI_MAP_O_FROM, "DATE", "first day (YYYY-MM-DD; default: the first event)" },
    { "to", required_argument, CLI_MAP_O_TO, "DATE", "last day (default: the last event)" },
    { "group", required_argument, CLI_MAP_O_GROUP, "NAME", "only figures for the group NAME" },
    { "cumulative", no_argument, O_CUMULATIVE, NULL, "each frame shows the totals up to its period" },
    { "jobs", required_argument, 'j', "N", "draw N frames at once (default: one per CPU)" },
    { "gif", no_argument, O_GIF, NULL, "also assemble DIR/timelapse.gif (needs ffmpeg)" },
    { "mp4", no_argument, O_MP4, NULL, "also assemble DIR/timelapse.mp4 (needs ffmpeg)" },
    { "extent", required_argument, CLI_MAP_O_EXTENT, "AREA", "syria (default), data, or W,S,E,N in degrees" },
    { "size", required_argument, CLI_MAP_O_SIZE, "WxH", "frame size in pixels (default 1600x1200)" },
    { "dpi", required_argument, CLI_MAP_O_DPI, "N", "pixels per inch: with --size, how big text and symbols are (default 150)" },
    { "lang", required_argument, CLI_MAP_O_LANG, "LANG", "labels in ar (default), en or both" },
    { "title", required_argument, CLI_MAP_O_TITLE, "TEXT", "the frames' title" },
    { "admin-layer", required_argument, CLI_MAP_O_ADMIN_LAYER, "FILE", "draw these boundaries instead of Syria's governorates" },
    { "admin-name", required_argument, CLI_MAP_O_ADMIN_NAME, "FIELD", "the admin layer's field that names each area" },
    { "color", required_argument, CLI_MAP_O_COLOR, "BY", "circle colours: scale (default) or group" },
    { "injured", no_argument, CLI_MAP_O_INJURED, NULL, "ring each circle with killed + injured" },
    { "labels", required_argument, CLI_MAP_O_LABELS, "N", "label at most N places per frame (default 14)" },
    { "inset", required_argument, CLI_MAP_O_INSET, "WHICH", "an enlarged box of Damascus in every frame: none (default) or damascus" },
    { 0 }
};

static const char details[] =
    "Frames are named by their period (DIR/2018-W19.png …), one for every period from the\n"
    "first to the last, empty ones included, and share one extent, projection and circle\n"
    "scale so that they compare. Earlier periods fade out; --cumulative shows running totals\n"
    "instead, ringing the places with events in the frame's period.";

static int run(int argc, char **argv)
{
    kh_map_opts o;
    kh_map_opts_init(&o);
    o.inset = KH_MAP_INSET_NONE;    /* frames keep one layout: an inset only when asked */
    const char *store = NULL, *dir = "out/frames", *layer = NULL;
    int want_gif = 0, want_mp4 = 0;
    const cli_command *cmd = &cli_cmd_timelapse;
    int k;
    while ((k = cli_getopt(cmd, argc, argv)) != -1) {
        int rc = cli_map_option(cmd, &o, &store, k, optarg);
        if (rc < 0)
            return 2;
        if (rc == 0)
            continue;
        int bad = 0;
        switch (k) {
        case CLI_HELP_KEY: return 0;
        case O_LAYER: layer = optarg; break;
        case 'o': dir = optarg; break;
        case O_BY: bad = cli_map_set(cmd, &o, "by", optarg); break;
        case O_CUMULATIVE: o.cumulative = 1; break;
        case 'j': bad = cli_map_set(cmd, &o, "jobs", optarg); break;
        case O_GIF: want_gif = 1; break;
        case O_MP4: want_mp4 = 1; break;
        default: return 2;
        }
        if (bad)
            return 2;
    }
    const char *input = cli_map_input(cmd, argc, argv, store);
    if (!input)
        return 2;
    /* DIR/timelapse.gif and/or DIR/timelapse.mp4 */
    char movie[2][4096];
    const char *movies[3] = { NULL, NULL, NULL };
    size_t nmovies = 0;
    const char *exts[2] = { want_gif ? "gif" : NULL, want_mp4 ? "mp4" : NULL };
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    for (size_t i = 0; i < 2; i++) {
        if (!exts[i])
            continue;
        snprintf(movie[nmovies], sizeof movie[nmovies], "%.*s/timelapse.%s", (int)n, dir, exts[i]);
        movies[nmovies] = movie[nmovies];
        nmovies++;
    }
    if (nmovies && !kh_timelapse_have_ffmpeg())
        cli_warn("ffmpeg is not installed: the frames will be drawn but no %s can be made "
                 "(apt-get install ffmpeg)", movies[0]);

    kh_error err = { 0 };
    kh_map_stats st = { 0 };
    int status;
    kh_map_data *d = cli_map_load("timelapse", input, layer, &status);
    if (!d)
        return status;
    if (kh_timelapse_render(d, &o, dir, nmovies ? movies : NULL, &st, &err) != 0) {
        status = cli_fail(&err);
        goto out;
    }
    if (st.fallback_font)
        cli_warn("the Noto fonts were not found; frames drawn with another font (apt-get "
                 "install fonts-noto-core)");
    if (cli_show_progress() || st.empty_frames)
        cli_warn("%s: %ld frames (%ld without events)%s%s%s%s", dir, st.frames, st.empty_frames,
                 nmovies ? ", " : "", nmovies ? movies[0] : "", nmovies > 1 ? ", " : "",
                 nmovies > 1 ? movies[1] : "");
out:
    kh_map_data_free(d);
    return status;
}

const cli_command cli_cmd_timelapse = {
    "timelapse", "[options] [INPUT]", "draw one map frame per week (day, month); GIF or MP4 with ffmpeg",
    opts, run, details
};
