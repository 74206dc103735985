/* attune: an empathy-first help desk. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/crypto.h"
#include "core/log.h"

#include "core/banned.h"

extern char **environ;

static void usage(FILE *out)
{
    fprintf(out, "usage: attune COMMAND [flags]\n\nCommands:\n");
    for (const struct at_command *c = at_commands; c->name; c++)
        fprintf(out, "  %-12s %s\n", c->name, c->summary);
    fprintf(out,
            "\n`attune COMMAND --help` tells more; `attune help settings` lists the settings.\n");
}

int main(int argc, char **argv)
{
    struct at_cli cli;
    struct at_errinfo e = {0};
    const struct at_command *cmd;
    enum at_log_level level = AT_LOG_INFO;
    int n, ret;

    if (at_crypto_init() != 0) {
        fprintf(stderr, "attune: libsodium cannot start\n");
        return 1;
    }
    /* settings flags may stand anywhere; what is left is the command and its own flags */
    n = at_config_load(&cli.cfg, argc - 1, argv + 1, environ, &e);
    if (n < 0) {
        fprintf(stderr, "attune: %s\n", e.msg);
        at_config_release(&cli.cfg);
        return 2;
    }
    at_log_level_parse(at_config_str(&cli.cfg, "log_level"), &level);
    at_log_set_level(level);
    cli.tty_out = isatty(STDOUT_FILENO);
    cli.tty_in = isatty(STDIN_FILENO);

    if (n == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(n == 0 ? stderr : stdout);
        at_config_release(&cli.cfg);
        return n == 0 ? 2 : 0;
    }
    cmd = at_cli_find(argv[1]);
    if (!cmd) {
        fprintf(stderr, "attune: unknown command '%s'; see attune help\n", argv[1]);
        at_config_release(&cli.cfg);
        return 2;
    }
    ret = cmd->run(&cli, n, argv + 1);
    at_config_release(&cli.cfg);
    return ret;
}
