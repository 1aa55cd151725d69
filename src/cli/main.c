/* kharita's entry point: dispatch to a subcommand, `help`, `--version`. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli_int.h"

const cli_command *const cli_commands[] = {
    &cli_cmd_run, &cli_cmd_extract, &cli_cmd_aggregate, &cli_cmd_export, &cli_cmd_map,
    &cli_cmd_timelapse, &cli_cmd_sources, &cli_cmd_gazetteer, &cli_cmd_gaz_build, &cli_cmd_gaz_lookup,
    &cli_cmd_gaz_stats, &cli_cmd_gaz_import, NULL
};

static void overview(FILE *fp)
{
    fprintf(fp,
            "usage: kharita COMMAND [options] [FILE...]\n\n"
            "kharita turns Arabic news reports about Syria into maps: it finds the places they\n"
            "name, resolves them through a gazetteer, extracts casualty figures with their\n"
            "dates, aggregates them per place and period and writes layers and maps.\n\ncommands:\n");
    for (size_t i = 0; cli_commands[i]; i++)
        fprintf(fp, "  %-18s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
    fprintf(fp, "\n'kharita COMMAND --help' describes a command; 'man kharita' describes them all.\n"
                "Exit status: 0 ok, 1 some inputs rejected, 2 usage, 3 input unreadable,\n"
                "4 gazetteer, 5 output.\n");
}

/* `kharita help --options`: every command's options, one "COMMAND --OPTION" per line (the
 * man-page test reads it). */
static void list_options(void)
{
    for (size_t i = 0; cli_commands[i]; i++)
        for (const cli_opt *o = cli_commands[i]->opts; o && o->name; o++)
            printf("%s --%s\n", cli_commands[i]->name, o->name);
}

static const cli_command *find(const char *name, const char *sub)
{
    char both[128];
    if (sub) {
        snprintf(both, sizeof both, "%s %s", name, sub);
        for (size_t i = 0; cli_commands[i]; i++)
            if (strcmp(cli_commands[i]->name, both) == 0)
                return cli_commands[i];
    }
    for (size_t i = 0; cli_commands[i]; i++)
        if (strcmp(cli_commands[i]->name, name) == 0)
            return cli_commands[i];
    return NULL;
}

/* Whatever a command wrote to stdout must have arrived: a full disk or a closed pipe is an
 * output error (5), not a success. */
static int stdout_status(int status)
{
    errno = 0;
    int flushed = fflush(stdout) == 0;
    if (!flushed || ferror(stdout)) {
        fprintf(stderr, "kharita: stdout: write failed: %s\n",
                !flushed && errno ? strerror(errno) : "an earlier write failed");
        return status >= 2 ? status : 5;
    }
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        overview(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("kharita %s\n", KHARITA_VERSION);
        return 0;
    }
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        if (argc > 2 && strcmp(argv[2], "--options") == 0) {
            list_options();
            return 0;
        }
        const cli_command *c = argc > 2 ? find(argv[2], argc > 3 ? argv[3] : NULL) : NULL;
        if (c)
            cli_usage(c, stdout);
        else
            overview(stdout);
        return 0;
    }
    const cli_command *c = find(name, argc > 2 && argv[2][0] != '-' ? argv[2] : NULL);
    if (!c) {
        fprintf(stderr, "kharita: unknown command '%s'\n\n", name);
        overview(stderr);
        return 2;
    }
    /* "gazetteer build" consumes two words: its argv starts at the subcommand. */
    int shift = strchr(c->name, ' ') ? 2 : 1;
    return stdout_status(c->run(argc - shift, argv + shift));
}
