/* kharita CLI internals: command table, option tables (which also print --help and feed the
 * man-page test), and the one place that prints errors. */
#ifndef KHARITA_CLI_INT_H
#define KHARITA_CLI_INT_H

#include <getopt.h>
#include <stdio.h>

#include "kharita/kharita.h"

/* One option of a command. KEY is what cli_getopt returns (a letter for options that have a
 * short form, or a value >= 256 for long-only ones). */
typedef struct cli_opt {
    const char *name;       /* long name without "--" */
    int has_arg;            /* no_argument / required_argument */
    int key;
    const char *argname;    /* "FILE", "N", … for --help; NULL when has_arg is 0 */
    const char *help;
} cli_opt;

typedef struct cli_command {
    const char *name;       /* "extract", "gazetteer build", … */
    const char *synopsis;   /* "[options] [FILE...]" */
    const char *summary;    /* one line */
    const cli_opt *opts;    /* terminated by an entry with name NULL; --help is implied */
    int (*run)(int argc, char **argv);
    const char *details;    /* more text for --help, or NULL */
} cli_command;

#define CLI_HELP_KEY 0x1000

/* getopt_long over cmd's option table. Returns the option's key, -1 at the end of options,
 * CLI_HELP_KEY after printing --help to stdout, or '?' after printing a usage error to stderr. */
int cli_getopt(const cli_command *cmd, int argc, char **argv);

/* Print cmd's --help (synopsis, summary, options) to fp. */
void cli_usage(const cli_command *cmd, FILE *fp);

/* Print "kharita: MSG" to stderr; returns 2 (usage) for convenient `return cli_usage_error()`. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print err's message as "kharita: MSG" and return the exit status for its code. */
int cli_fail(const kh_error *err);

/* Print a warning/notice line "kharita: MSG" on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parse an integer option value; on error prints a usage error and returns -1. */
int cli_int_arg(const cli_command *cmd, const char *opt, const char *arg, long lo, long hi, long *out);

/* True when progress should be shown (stderr is a terminal). */
int cli_show_progress(void);

/* ---- what `kharita map` and `kharita timelapse` share (cmd_map_common.c) ---------------- */

/* Option keys of the drawing options both commands have; each command's own keys start at
 * CLI_MAP_O_OWN. Both option tables list all their options, shared ones included. */
enum {
    CLI_MAP_O_STORE = 256, CLI_MAP_O_FROM, CLI_MAP_O_TO, CLI_MAP_O_GROUP, CLI_MAP_O_EXTENT,
    CLI_MAP_O_SIZE, CLI_MAP_O_DPI, CLI_MAP_O_LANG, CLI_MAP_O_TITLE, CLI_MAP_O_ADMIN_LAYER,
    CLI_MAP_O_ADMIN_NAME, CLI_MAP_O_COLOR, CLI_MAP_O_INJURED, CLI_MAP_O_LABELS, CLI_MAP_O_INSET,
    CLI_MAP_O_OWN
};

/* Set drawing option NAME ("from", "jobs", …) of O to VALUE (kh_map_opts_set). Returns 0, or
 * -1 after printing a usage error for CMD. */
int cli_map_set(const cli_command *cmd, kh_map_opts *o, const char *name, const char *value);

/* Apply the shared option KEY with argument ARG (optarg) to O, or to *STORE for --store.
 * Returns 0 when applied, 1 when KEY is not a shared option (the command's own), or -1 after
 * printing a usage error for CMD. */
int cli_map_option(const cli_command *cmd, kh_map_opts *o, const char **store, int key,
                   const char *arg);

/* The input after the options (argv[optind]), else STORE, else the default event store when
 * it exists. Returns it (borrowed), or NULL after printing a usage error for CMD. */
const char *cli_map_input(const cli_command *cmd, int argc, char **argv, const char *store);

/* Load INPUT (LAYER of it, or the default layer when NULL) for command CMD, warn about each
 * record it rejected and, for extract output, count documents read, processed, rejected.
 * Returns the data (the caller frees it with kh_map_data_free) and sets *STATUS to
 * 0, or 1 when some records were rejected; or returns NULL with *STATUS the exit status after
 * printing the error. */
kh_map_data *cli_map_load(const char *cmd, const char *input, const char *layer, int *status);

/* Every command, for dispatch, `kharita help` and the man-page test. NULL-terminated. */
extern const cli_command *const cli_commands[];

extern const cli_command cli_cmd_run, cli_cmd_extract, cli_cmd_aggregate, cli_cmd_export,
    cli_cmd_map, cli_cmd_timelapse, cli_cmd_gazetteer, cli_cmd_gaz_build, cli_cmd_gaz_lookup,
    cli_cmd_gaz_stats, cli_cmd_gaz_import, cli_cmd_sources;

#endif
