/* Option tables -> getopt_long, --help text, and the CLI's error printing. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_int.h"

#define MAX_OPTS 64

static const cli_command *built_for;
static struct option long_opts[MAX_OPTS + 2];
static char short_opts[MAX_OPTS * 2 + 4];

static void build(const cli_command *cmd)
{
    size_t n = 0, s = 0;
    short_opts[s++] = ':';   /* report a missing argument as ':' */
    for (const cli_opt *o = cmd->opts; o && o->name && n < MAX_OPTS; o++, n++) {
        long_opts[n] = (struct option){ o->name, o->has_arg, NULL, o->key };
        if (o->key > 0 && o->key < 128) {
            short_opts[s++] = (char)o->key;
            if (o->has_arg == required_argument)
                short_opts[s++] = ':';
        }
    }
    long_opts[n++] = (struct option){ "help", no_argument, NULL, CLI_HELP_KEY };
    long_opts[n] = (struct option){ 0, 0, 0, 0 };
    short_opts[s++] = 'h';
    short_opts[s] = '\0';
    built_for = cmd;
    optind = 0;   /* 0, not 1: glibc then forgets the previous command's parse state */
}

int cli_getopt(const cli_command *cmd, int argc, char **argv)
{
    if (built_for != cmd)
        build(cmd);
    opterr = 0;
    int c = getopt_long(argc, argv, short_opts, long_opts, NULL);
    if (c == 'h' || c == CLI_HELP_KEY) {
        cli_usage(cmd, stdout);
        return CLI_HELP_KEY;
    }
    if (c == '?') {
        if (optopt && optopt < 128)
            cli_usage_error(cmd, "unknown option '-%c'", optopt);
        else
            cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        return '?';
    }
    if (c == ':') {
        cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
        return '?';
    }
    return c;
}

void cli_usage(const cli_command *cmd, FILE *fp)
{
    fprintf(fp, "usage: kharita %s %s\n\n%s\n", cmd->name, cmd->synopsis, cmd->summary);
    if (cmd->details)
        fprintf(fp, "\n%s\n", cmd->details);
    fprintf(fp, "\noptions:\n");
    for (const cli_opt *o = cmd->opts; o && o->name; o++) {
        char left[64];
        if (o->key > 0 && o->key < 128)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->key, o->name, o->argname ? " " : "",
                     o->argname ? o->argname : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, o->argname ? " " : "",
                     o->argname ? o->argname : "");
        fprintf(fp, "  %-26s %s\n", left, o->help);
    }
    fprintf(fp, "  %-26s %s\n", "-h, --help", "show this help and exit");
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "kharita: ");
    if (cmd)
        fprintf(stderr, "%s: ", cmd->name);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'kharita %s --help'.\n", cmd ? cmd->name : "help");
    return 2;
}

int cli_fail(const kh_error *err)
{
    fprintf(stderr, "kharita: %s\n", err->msg[0] ? err->msg : "unknown error");
    return kh_error_exit_status(err->code ? err->code : KH_E_OUTPUT);
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "kharita: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_int_arg(const cli_command *cmd, const char *opt, const char *arg, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < lo || v > hi) {
        cli_usage_error(cmd, "--%s takes a whole number from %ld to %ld, not '%s'", opt, lo, hi, arg);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_show_progress(void)
{
    return isatty(STDERR_FILENO);
}
