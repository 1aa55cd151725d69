/* `kharita map`: casualties per place as a proportional-circle map (PNG, SVG or PDF). */
#include <string.h>

#include "cli/cli_int.h"
#include "kharita/map.h"
#include "kharita/store.h"

enum { O_BY = CLI_MAP_O_OWN };

static const cli_opt opts[] = {
    { "store", required_argument, CLI_MAP_O_STORE, "FILE", "read the event store FILE (default " KH_STORE_DEFAULT ")" },
    { "output", required_argument, 'o', "FILE", "write the map to FILE: .png, .svg or .pdf (default map.png)" },
    { "from", required_argument, CLI_MAP_O_FROM, "DATE", "only events on or after DATE (YYYY-MM-DD)" },
    { "to", required_argument, CLI_MAP_O_TO, "DATE", "only events on or before DATE" },
    { "group", required_argument, CLI_MAP_O_GROUP, "NAME", "only figures for the group NAME (e.g. civilians)" },
    { "by", required_argument, O_BY, "LAYER", "which store layer: events (default), day, week or month (places_*)" },
    { "extent", required_argument, CLI_MAP_O_EXTENT, "AREA", "syria (default), data, or W,S,E,N in degrees" },
    { "size", required_argument, CLI_MAP_O_SIZE, "WxH", "pixels for PNG (default 1600x1200), points for PDF/SVG (768x576)" },
    { "dpi", required_argument, CLI_MAP_O_DPI, "N", "PNG pixels per inch: with --size, how big text and symbols are (default 150)" },
    { "lang", required_argument, CLI_MAP_O_LANG, "LANG", "labels in ar (default), en or both" },
    { "title", required_argument, CLI_MAP_O_TITLE, "TEXT", "the map's title (default: one in the map's language)" },
    { "admin-layer", required_argument, CLI_MAP_O_ADMIN_LAYER, "FILE", "draw these boundaries instead of Syria's governorates" },
    { "admin-name", required_argument, CLI_MAP_O_ADMIN_NAME, "FIELD", "the admin layer's field that names each area" },
    { "color", required_argument, CLI_MAP_O_COLOR, "BY", "circle colours: scale (by killed, default) or group" },
    { "injured", no_argument, CLI_MAP_O_INJURED, NULL, "ring each circle with killed + injured" },
    { "labels", required_argument, CLI_MAP_O_LABELS, "N", "label at most N places, the most affected (default 14)" },
    { "inset", required_argument, CLI_MAP_O_INSET, "WHICH", "an enlarged box of Damascus: auto (default: when its circles crowd), none, damascus" },
    { 0 }
};

static const char details[] =
    "INPUT is `kharita extract` output (JSON Lines), an event store, or any GeoJSON/GPKG of\n"
    "points with the store's fields. Circles have an area proportional to the people killed;\n"
    "figures are counted as `kharita aggregate` counts them. The map is projected with a\n"
    "Lambert conformal conic fitted to Syria, and written only once complete.";

static int run(int argc, char **argv)
{
    kh_map_opts o;
    kh_map_opts_init(&o);
    const char *store = NULL, *output = "map.png", *layer = NULL;
    int k;
    while ((k = cli_getopt(&cli_cmd_map, argc, argv)) != -1) {
        int rc = cli_map_option(&cli_cmd_map, &o, &store, k, optarg);
        if (rc < 0)
            return 2;
        if (rc == 0)
            continue;
        switch (k) {
        case CLI_HELP_KEY: return 0;
        case 'o': output = optarg; break;
        case O_BY:
            if (strcmp(optarg, "events") == 0)
                layer = "events";
            else if (strcmp(optarg, "day") == 0)
                layer = "places_day";
            else if (strcmp(optarg, "week") == 0)
                layer = "places_week";
            else if (strcmp(optarg, "month") == 0)
                layer = "places_month";
            else
                return cli_usage_error(&cli_cmd_map, "--by takes events, day, week or month, not '%s'",
                                       optarg);
            break;
        default: return 2;
        }
    }
    const char *input = cli_map_input(&cli_cmd_map, argc, argv, store);
    if (!input)
        return 2;

    kh_error err = { 0 };
    kh_map_stats st;
    int status;
    kh_map_data *d = cli_map_load("map", input, layer, &status);
    if (!d)
        return status;
    if (kh_map_render(d, &o, output, &st, &err) != 0) {
        status = cli_fail(&err);
        goto out;
    }
    if (st.fallback_font)
        cli_warn("%s: the Noto fonts were not found; drawn with another font (apt-get install "
                 "fonts-noto-core)", output);
    if (st.places == 0)
        cli_warn("%s: no events in the period and group asked for; the map says so", output);
    if (st.outside > 0)
        cli_warn("%s: %ld place%s outside the map's extent %s not drawn (try --extent data)",
                 output, st.outside, st.outside == 1 ? "" : "s", st.outside == 1 ? "is" : "are");
    if (cli_show_progress())
        cli_warn("%s: %ld places, %ld killed, %ld injured, %ld labelled", output, st.places,
                 st.killed, st.injured, st.labelled);
out:
    kh_map_data_free(d);
    return status;
}

const cli_command cli_cmd_map = {
    "map", "[options] [INPUT]", "draw casualties per place on a map of Syria (PNG, SVG, PDF)",
    opts, run, details
};
