/* kharita export: a layer of the event store -> GeoJSON, GPKG, CSV, FlatGeobuf, KML, … */
#include <string.h>

#include "cli/cli_int.h"

enum { OPT_FROM = 256, OPT_TO };

static const cli_opt opts[] = {
    { "layer", required_argument, 'l', "NAME", "events (default), places_day, places_week, places_month, documents, unlocated" },
    { "output", required_argument, 'o', "FILE", "the file to write ('-': stdout, GeoJSON unless --format)" },
    { "format", required_argument, 'f', "NAME", "any GDAL vector driver (default: from the extension)" },
    { "store", required_argument, 's', "FILE", "the event store to read (default " KH_STORE_DEFAULT ")" },
    { "from", required_argument, OPT_FROM, "DATE", "only features dated on or after DATE (YYYY-MM-DD)" },
    { "to", required_argument, OPT_TO, "DATE", "only features dated on or before DATE" },
    { 0 }
};

static const char details[] =
    "Writes one layer of the event store that 'kharita aggregate' keeps, through GDAL: GeoJSON\n"
    "(RFC 7946: WGS84 lon/lat, 6 decimals), GPKG, CSV (X,Y columns and a .csvt of column\n"
    "types; cells starting with = + - @ get a leading ' so spreadsheets do not run them),\n"
    "FlatGeobuf, KML, or any other GDAL vector driver. Dates are ISO (YYYY-MM-DD) and Date-typed.\n"
    "--from/--to filter events and unlocated by event_date, documents by pub_date, and keep\n"
    "the places_* periods that overlap them. README.md lists every layer's fields.\n"
    "Point layers with figures open in QGIS styled: circles sized by the people killed,\n"
    "labelled in Arabic (a .qml beside the file, or layer_styles in a GeoPackage; a .qml\n"
    "of your own beside the output is left alone).\n"
    "The output replaces an older file only once it is complete.\n"
    "Exit 2 for an unknown layer, format or date; 3 when the store is missing, not a\n"
    "GeoPackage, or has no kharita layers; 5 when the output cannot be written.";

static int run(int argc, char **argv)
{
    int k;
    const char *layer = "events", *out = NULL, *format = NULL, *store = KH_STORE_DEFAULT;
    const char *from = NULL, *to = NULL;
    kh_error err = { 0 };
    char fmt[64];
    while ((k = cli_getopt(&cli_cmd_export, argc, argv)) != -1) {
        switch (k) {
        case CLI_HELP_KEY: return 0;
        case 'l': layer = optarg; break;
        case 'o': out = optarg; break;
        case 'f': format = optarg; break;
        case 's': store = optarg; break;
        case OPT_FROM: from = optarg; break;
        case OPT_TO: to = optarg; break;
        default: return 2;
        }
    }
    if (optind < argc)
        return cli_usage_error(&cli_cmd_export, "unexpected argument '%s'", argv[optind]);
    if (!out)
        return cli_usage_error(&cli_cmd_export, "-o FILE is required");
    int to_stdout = strcmp(out, "-") == 0;
    if (kh_export_format(to_stdout ? NULL : out, to_stdout && !format ? "GeoJSON" : format, fmt,
                         sizeof fmt, &err) != 0)
        return cli_usage_error(&cli_cmd_export, "%s", err.msg);
    long n = 0;
    if (kh_export(store, layer, out, fmt, from, to, &n, &err) != 0) {
        if (err.code == KH_E_USAGE)
            return cli_usage_error(&cli_cmd_export, "%s", err.msg);
        return cli_fail(&err);
    }
    if (!to_stdout)
        cli_warn("export: %ld features of %s to %s (%s)", n, layer, out, fmt);
    return 0;
}

const cli_command cli_cmd_export = {
    "export", "--layer NAME -o FILE [options]",
    "write a layer of the event store as GeoJSON, GPKG, CSV, FlatGeobuf, KML, …",
    opts, run, details
};
