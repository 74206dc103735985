#include "cli/cli.h"

#include <stdarg.h>
#include <string.h>

#include "core/crypto.h"

#include "core/banned.h"

const struct at_command *at_cli_find(const char *name)
{
    for (const struct at_command *c = at_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

int at_cli_fail(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "attune %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}

void at_cli_usage(const struct at_command *cmd, const struct at_opt *opts, FILE *out)
{
    fprintf(out, "%s\n\n%s\n", cmd->usage, cmd->summary);
    if (opts && opts[0].name) {
        fprintf(out, "\nFlags:\n");
        for (const struct at_opt *o = opts; o->name; o++) {
            char flag[96];

            snprintf(flag, sizeof(flag), "--%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
            fprintf(out, "  %-24s %s\n", flag, o->help);
        }
    }
    fprintf(out, "\nEvery command also takes the setting flags (--db PATH, --config PATH, ...);\n"
                 "`attune help settings` lists them.\n");
}

static const struct at_opt *find_opt(const struct at_opt *opts, const char *arg, size_t n)
{
    for (const struct at_opt *o = opts; o && o->name; o++)
        if (strlen(o->name) == n && strncmp(o->name, arg, n) == 0)
            return o;
    return NULL;
}

int at_cli_parse(const struct at_command *cmd, int argc, char **argv, const struct at_opt *opts,
                 int *npos)
{
    int pos = 1;

    *npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *eq;
        const struct at_opt *o;
        size_t n;

        if (strcmp(arg, "--") == 0) {
            while (++i < argc)
                argv[pos++] = argv[i];
            break;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            at_cli_usage(cmd, opts, stdout);
            *npos = -1;
            return 1;
        }
        if (arg[0] != '-' || arg[1] == '\0') {
            argv[pos++] = argv[i];
            continue;
        }
        if (arg[1] != '-') {
            fprintf(stderr, "attune %s: unknown flag %s; see attune %s --help\n", cmd->name, arg,
                    cmd->name);
            return 2;
        }
        eq = strchr(arg, '=');
        n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        o = find_opt(opts, arg + 2, n);
        if (!o) {
            fprintf(stderr, "attune %s: unknown flag --%.*s; see attune %s --help\n", cmd->name,
                    (int)n, arg + 2, cmd->name);
            return 2;
        }
        if (!o->arg) {
            if (eq) {
                fprintf(stderr, "attune %s: --%s takes no value\n", cmd->name, o->name);
                return 2;
            }
            *o->on = true;
            continue;
        }
        if (eq) {
            *o->value = eq + 1;
        } else if (i + 1 < argc) {
            *o->value = argv[++i];
        } else {
            fprintf(stderr, "attune %s: --%s needs a value (%s)\n", cmd->name, o->name, o->arg);
            return 2;
        }
    }
    *npos = pos - 1;
    return 0;
}

int at_cli_open_app(struct at_cli *cli, const char *cmd, unsigned parts, struct at_app *app)
{
    struct at_errinfo e = {0};

    if (at_app_open(app, &cli->cfg, parts, &e) == 0)
        return 0;
    at_cli_fail(cmd, "%s", e.msg[0] ? e.msg : "cannot start");
    at_app_close(app);
    return 1;
}

int at_cli_dispatch(struct at_cli *cli, const struct at_command *cmd,
                    const struct at_subcommand *subs, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        at_cli_usage(cmd, NULL, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (const struct at_subcommand *sub = subs; sub->name; sub++)
        if (strcmp(argv[1], sub->name) == 0)
            return sub->run(cli, argc - 1, argv + 1);
    fprintf(stderr, "attune %s: unknown subcommand '%s'; see attune %s --help\n", cmd->name,
            argv[1], cmd->name);
    return 2;
}
