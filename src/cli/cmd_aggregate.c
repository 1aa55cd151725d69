/* kharita aggregate (placeholder until its module lands). */
#include "cli/cli_int.h"

static const cli_opt opts[] = { { 0 } };

static int run(int argc, char **argv)
{
    int k;
    while ((k = cli_getopt(&cli_cmd_aggregate, argc, argv)) != -1)
        return k == CLI_HELP_KEY ? 0 : 2;
    cli_warn("aggregate: not implemented yet");
    return 2;
}

const cli_command cli_cmd_aggregate = { "aggregate", "[options]", "(not implemented yet)", opts, run, NULL };
