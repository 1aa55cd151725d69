/* kharita gazetteer (placeholder until src/gazetteer lands). */
#include "cli/cli_int.h"

static const cli_opt opts[] = { { 0 } };

static int run(int argc, char **argv)
{
    cli_warn("gazetteer: not implemented yet");
    return 2;
}

const cli_command cli_cmd_gazetteer = { "gazetteer", "SUBCOMMAND", "(not implemented yet)", opts, run, NULL };
const cli_command cli_cmd_gaz_build = { "gazetteer build", "", "", opts, run, NULL };
const cli_command cli_cmd_gaz_lookup = { "gazetteer lookup", "", "", opts, run, NULL };
const cli_command cli_cmd_gaz_stats = { "gazetteer stats", "", "", opts, run, NULL };
const cli_command cli_cmd_gaz_import = { "gazetteer import", "", "", opts, run, NULL };
