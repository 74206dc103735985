/* attune help, version, config. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "store/store.h"

#include "core/banned.h"

#ifndef AT_VERSION
#define AT_VERSION "0.1.0"
#endif

int at_cmd_help(struct at_cli *cli, int argc, char **argv)
{
    const struct at_command *cmd;
    char *sub[] = {NULL, "--help", NULL};

    if (argc < 2) {
        printf("usage: attune COMMAND [flags]\n\nCommands:\n");
        for (const struct at_command *c = at_commands; c->name; c++)
            printf("  %-12s %s\n", c->name, c->summary);
        printf("\n`attune COMMAND --help` tells more; `attune help settings` lists the "
               "settings.\n");
        return 0;
    }
    if (strcmp(argv[1], "settings") == 0) {
        at_config_help(stdout);
        return 0;
    }
    cmd = at_cli_find(argv[1]);
    if (!cmd) {
        fprintf(stderr, "attune help: unknown command '%s'; see attune help\n", argv[1]);
        return 2;
    }
    sub[0] = argv[1];
    return cmd->run(cli, 2, sub);
}

int at_cmd_version(struct at_cli *cli, int argc, char **argv)
{
    int n;
    const struct at_command *self = at_cli_find("version");

    (void)cli;
    if (at_cli_parse(self, argc, argv, NULL, &n) != 0)
        return n < 0 ? 0 : 2;
    printf("attune %s (schema %d)\n", AT_VERSION, at_store_schema_latest());
    return 0;
}

int at_cmd_config(struct at_cli *cli, int argc, char **argv)
{
    int n;
    const struct at_command *self = at_cli_find("config");

    if (at_cli_parse(self, argc, argv, NULL, &n) != 0)
        return n < 0 ? 0 : 2;
    if (n > 0) {
        fprintf(stderr, "attune config: takes no arguments; see attune config --help\n");
        return 2;
    }
    at_config_print(&cli->cfg, stdout);
    return 0;
}
