/* attune migrate, attune user. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/crypto.h"
#include "desk/account.h"
#include "desk/desk.h"

#include "core/banned.h"

int at_cmd_migrate(struct at_cli *cli, int argc, char **argv)
{
    const struct at_command *self = at_cli_find("migrate");
    struct at_errinfo e = {0};
    struct at_store *st;
    int n, from = 0, to = 0, ret;

    if (at_cli_parse(self, argc, argv, NULL, &n) != 0)
        return n < 0 ? 0 : 2;
    if (n > 0) {
        fprintf(stderr, "attune migrate: takes no arguments; see attune migrate --help\n");
        return 2;
    }
    st = at_store_connect(at_config_str(&cli->cfg, "db"), AT_DURABLE_FULL, &e);
    if (!st)
        return at_cli_fail("migrate", "%s", e.msg);
    ret = st->core->migrate(st, &from, &to);
    st->core->close(st);
    if (ret == AT_EVERSION)
        return at_cli_fail("migrate",
                           "the database %s is newer (schema %d) than this attune (schema %d); "
                           "upgrade attune",
                           at_config_str(&cli->cfg, "db"), from, at_store_schema_latest());
    if (ret)
        return at_cli_fail("migrate", "migration failed (%s); the database is unchanged",
                           at_err_name(ret));
    if (from == to)
        printf("%s is up to date (schema %d)\n", at_config_str(&cli->cfg, "db"), to);
    else
        printf("%s migrated from schema %d to %d\n", at_config_str(&cli->cfg, "db"), from, to);
    return 0;
}

/* Reads one line (the password) from standard input, without the newline. */
static int read_password(char *out, size_t size)
{
    size_t n;

    if (!fgets(out, (int)size, stdin))
        return -1;
    n = strlen(out);
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return 0;
}

static int user_add(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {
        "user add", NULL, "add a user (staff or customer account)",
        "usage: attune user add --email E --name N --role admin|lead|agent|customer "
        "[--password-stdin]\n\nWithout --password-stdin a password is generated and printed "
        "once."};
    const char *email = NULL, *name = NULL, *role_s = NULL;
    bool from_stdin = false;
    struct at_opt opts[] = {
        {"email", "E", "email address (the sign-in name)", &email, NULL},
        {"name", "N", "full name", &name, NULL},
        {"role", "ROLE", "admin, lead, agent or customer", &role_s, NULL},
        {"password-stdin", NULL, "read the password from the first line of standard input", NULL,
         &from_stdin},
        {NULL, NULL, NULL, NULL, NULL},
    };
    char password[1100];
    char generated[33];
    struct at_errinfo e = {0};
    struct at_arena arena = AT_ARENA_INIT;
    struct at_desk d;
    struct at_app app = {0};
    struct at_store *st;
    struct at_user u;
    enum at_role role;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, opts, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (!email || !name || !role_s)
        return at_cli_fail("user add",
                           "--email, --name and --role are required; see attune user add --help") +
               1;
    if (!at_role_parse(role_s, &role))
        return at_cli_fail("user add", "--role must be admin, lead, agent or customer, not '%s'",
                           role_s) +
               1;
    if (from_stdin) {
        if (read_password(password, sizeof(password)) != 0 || !password[0])
            return at_cli_fail("user add", "--password-stdin: no password on standard input");
    } else {
        at_random_hex(generated, 8);
        snprintf(password, sizeof(password), "%s", generated);
    }
    if (at_cli_open_app(cli, "user add", AT_APP_STORE, &app))
        return 1;
    st = app.store;
    at_app_desk_init(&app, &d, st);
    ret = at_desk_user_create(&d, &at_actor_system, email, name, role, password, "cli", &arena, &u,
                              &e);
    if (ret == 0) {
        printf("added %s %s <%s> (user %lld)\n", at_role_name(u.role), u.name, u.email,
               (long long)u.id);
        if (!from_stdin)
            printf("password: %s\n(shown once; keep it somewhere safe)\n", password);
    } else {
        at_cli_fail("user add", "%s", e.msg);
    }
    at_app_close(&app);
    at_arena_release(&arena);
    return ret ? 1 : 0;
}

static int user_list(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {"user list", NULL, "list staff accounts",
                                           "usage: attune user list [--customers]"};
    bool customers = false;
    struct at_opt opts[] = {
        {"customers", NULL, "include customers' portal accounts", NULL, &customers},
        {NULL, NULL, NULL, NULL, NULL},
    };
    struct at_arena arena = AT_ARENA_INIT;
    struct at_app app = {0};
    struct at_store *st;
    struct at_user *users;
    size_t count;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, opts, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (at_cli_open_app(cli, "user list", AT_APP_STORE, &app))
        return 1;
    st = app.store;
    ret = st->people->user_list(st, customers, &arena, &users, &count);
    if (ret == 0) {
        printf("%-6s %-9s %-8s %-32s %s\n", "ID", "ROLE", "STATE", "EMAIL", "NAME");
        for (size_t i = 0; i < count; i++)
            printf("%-6lld %-9s %-8s %-32s %s\n", (long long)users[i].id,
                   at_role_name(users[i].role), users[i].disabled ? "disabled" : "active",
                   users[i].email, users[i].name);
    } else {
        at_cli_fail("user list", "cannot read the users (%s)", at_err_name(ret));
    }
    at_app_close(&app);
    at_arena_release(&arena);
    return ret ? 1 : 0;
}

int at_cmd_user(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_subcommand subs[] = {
        {"add", user_add},
        {"list", user_list},
        {"reset-link", at_cmd_user_reset_link},
        {NULL, NULL},
    };

    return at_cli_dispatch(cli, at_cli_find("user"), subs, argc, argv);
}
