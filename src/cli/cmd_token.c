/* attune token: API tokens from the command line, audited like the API's. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "desk/account.h"
#include "desk/desk.h"

#include "core/banned.h"

int at_cli_find_user(struct at_store *st, const char *cmd, const char *email,
                     struct at_arena *arena, struct at_user *u)
{
    if (!email) {
        at_cli_fail(cmd, "--email is required");
        return 2;
    }
    if (st->people->user_by_email(st, email, arena, u) != 0) {
        at_cli_fail(cmd, "no user with the email %s; see attune user list", email);
        return 1;
    }
    return 0;
}

static int token_create(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {"token create", NULL,
                                           "create an API token for a user; it is printed once",
                                           "usage: attune token create --email E [--name N]"};
    const char *email = NULL, *name = "";
    struct at_opt opts[] = {
        {"email", "E", "whose token it is", &email, NULL},
        {"name", "N", "what the token is for (\"ci\", \"reporting\")", &name, NULL},
        {NULL, NULL, NULL, NULL, NULL},
    };
    struct at_arena arena = AT_ARENA_INIT;
    char token[AT_API_TOKEN_LEN + 1];
    struct at_errinfo e = {0};
    struct at_app app = {0};
    struct at_store *st;
    struct at_desk d;
    struct at_user u;
    int64_t id;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, opts, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (at_cli_open_app(cli, "token create", AT_APP_STORE, &app))
        return 1;
    st = app.store;
    at_app_desk_init(&app, &d, st);
    ret = at_cli_find_user(st, "token create", email, &arena, &u);
    if (ret == 0) {
        ret = at_desk_token_create(&d, &at_actor_system, u.id, name, "cli", token, &id, &e);
        if (ret == 0)
            printf("%s\n", token);
        else
            ret = at_cli_fail("token create", "%s", e.msg);
        if (ret == 0 && cli->tty_out)
            fprintf(stderr,
                    "token %lld for %s; it is shown only this once. Send it as "
                    "'Authorization: Bearer <token>'.\n",
                    (long long)id, u.email);
    }
    at_app_close(&app);
    at_arena_release(&arena);
    return ret;
}

static int token_list(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {"token list", NULL, "list API tokens",
                                           "usage: attune token list"};
    struct at_arena arena = AT_ARENA_INIT;
    struct at_api_token *toks;
    struct at_app app = {0};
    struct at_store *st;
    size_t count;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, NULL, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (at_cli_open_app(cli, "token list", AT_APP_STORE, &app))
        return 1;
    st = app.store;
    ret = st->people->token_list(st, 0, &arena, &toks, &count);
    if (ret == 0) {
        printf("%-5s %-7s %-12s %-8s %s\n", "ID", "USER", "PREFIX", "STATE", "NAME");
        for (size_t i = 0; i < count; i++)
            printf("%-5lld %-7lld %-12s %-8s %s\n", (long long)toks[i].id,
                   (long long)toks[i].user_id, toks[i].prefix,
                   toks[i].revoked_at ? "revoked" : "active", toks[i].name);
    } else {
        ret = at_cli_fail("token list", "cannot read the tokens (%s)", at_err_name(ret));
    }
    at_app_close(&app);
    at_arena_release(&arena);
    return ret;
}

static int token_revoke(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {"token revoke", NULL, "revoke an API token at once",
                                           "usage: attune token revoke ID"};
    struct at_errinfo e = {0};
    struct at_app app = {0};
    struct at_store *st;
    struct at_desk d;
    int64_t id;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, NULL, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (n != 1 || !at_cstr_to_i64(argv[1], &id) || id <= 0)
        return at_cli_fail("token revoke", "give the id of one token; see attune token list") + 1;
    if (at_cli_open_app(cli, "token revoke", AT_APP_STORE, &app))
        return 1;
    st = app.store;
    at_app_desk_init(&app, &d, st);
    ret = at_desk_token_revoke(&d, &at_actor_system, id, "cli", &e);
    at_app_close(&app);
    if (ret == AT_ENOTFOUND)
        return at_cli_fail("token revoke", "no token %lld; see attune token list", (long long)id);
    if (ret)
        return at_cli_fail("token revoke", "%s", e.msg);
    printf("token %lld revoked\n", (long long)id);
    return 0;
}

int at_cmd_token(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_subcommand subs[] = {
        {"create", token_create},
        {"list", token_list},
        {"revoke", token_revoke},
        {NULL, NULL},
    };

    return at_cli_dispatch(cli, at_cli_find("token"), subs, argc, argv);
}
