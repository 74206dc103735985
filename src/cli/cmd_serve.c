/* attune serve, attune token, attune user reset-link. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "desk/demo.h"
#include "http/auth.h"
#include "http/server.h"
#include "text/text.h"

#include "core/banned.h"

#define RESET_TTL_MS (60LL * 60 * 1000)

int at_cmd_serve(struct at_cli *cli, int argc, char **argv)
{
    const struct at_command *self = at_cli_find("serve");
    struct at_errinfo e = {0};
    struct at_text_engine *eng;
    struct at_store *st;
    int n, ret;

    ret = at_cli_parse(self, argc, argv, NULL, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (n > 0)
        return at_cli_fail("serve", "takes no arguments; see attune serve --help") + 1;
    /* migrate once, before the workers open their own handles */
    st = at_cli_open_store(cli, "serve");
    if (!st)
        return 1;
    st->ops->close(st);
    eng = at_text_load(NULL, &e);
    if (!eng)
        return at_cli_fail("serve", "%s", e.msg);
    ret = at_http_serve(&cli->cfg, eng, &e);
    at_text_free(eng);
    if (ret)
        return at_cli_fail("serve", "%s", e.msg);
    return 0;
}

static int find_user(struct at_store *st, const char *cmd, const char *email,
                     struct at_arena *arena, struct at_user *u)
{
    if (!email) {
        at_cli_fail(cmd, "--email is required");
        return 2;
    }
    if (st->ops->user_by_email(st, email, arena, u) != 0) {
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
    char token[AT_TOKEN_LEN + 1];
    struct at_store *st;
    struct at_user u;
    int64_t id;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, opts, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    st = at_cli_open_store(cli, "token create");
    if (!st)
        return 1;
    ret = find_user(st, "token create", email, &arena, &u);
    if (ret == 0) {
        ret = at_auth_token_create(st, u.id, name, at_clock_now(&at_clock_system), token, &id);
        if (ret == 0)
            printf("%s\n", token);
        else
            ret = at_cli_fail("token create", "cannot store the token (%s)", at_err_name(ret));
        if (ret == 0 && cli->tty_out)
            fprintf(stderr,
                    "token %lld for %s; it is shown only this once. Send it as "
                    "'Authorization: Bearer <token>'.\n",
                    (long long)id, u.email);
    }
    st->ops->close(st);
    at_arena_release(&arena);
    return ret;
}

static int token_list(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {"token list", NULL, "list API tokens",
                                           "usage: attune token list"};
    struct at_arena arena = AT_ARENA_INIT;
    struct at_api_token *toks;
    struct at_store *st;
    size_t count;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, NULL, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    st = at_cli_open_store(cli, "token list");
    if (!st)
        return 1;
    ret = st->ops->token_list(st, 0, &arena, &toks, &count);
    if (ret == 0) {
        printf("%-5s %-7s %-12s %-8s %s\n", "ID", "USER", "PREFIX", "STATE", "NAME");
        for (size_t i = 0; i < count; i++)
            printf("%-5lld %-7lld %-12s %-8s %s\n", (long long)toks[i].id,
                   (long long)toks[i].user_id, toks[i].prefix,
                   toks[i].revoked_at ? "revoked" : "active", toks[i].name);
    } else {
        ret = at_cli_fail("token list", "cannot read the tokens (%s)", at_err_name(ret));
    }
    st->ops->close(st);
    at_arena_release(&arena);
    return ret;
}

static int token_revoke(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {"token revoke", NULL, "revoke an API token at once",
                                           "usage: attune token revoke ID"};
    struct at_store *st;
    int64_t id;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, NULL, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (n != 1 || !at_cstr_to_i64(argv[1], &id) || id <= 0)
        return at_cli_fail("token revoke", "give the id of one token; see attune token list") + 1;
    st = at_cli_open_store(cli, "token revoke");
    if (!st)
        return 1;
    ret = st->ops->token_revoke(st, id, at_clock_now(&at_clock_system));
    st->ops->close(st);
    if (ret == AT_ENOTFOUND)
        return at_cli_fail("token revoke", "no token %lld; see attune token list", (long long)id);
    if (ret)
        return at_cli_fail("token revoke", "cannot revoke (%s)", at_err_name(ret));
    printf("token %lld revoked\n", (long long)id);
    return 0;
}

int at_cmd_token(struct at_cli *cli, int argc, char **argv)
{
    const struct at_command *self = at_cli_find("token");

    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        at_cli_usage(self, NULL, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "create") == 0)
        return token_create(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0)
        return token_list(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "revoke") == 0)
        return token_revoke(cli, argc - 1, argv + 1);
    fprintf(stderr, "attune token: unknown subcommand '%s'; see attune token --help\n", argv[1]);
    return 2;
}

int at_cmd_user_reset_link(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {
        "user reset-link", NULL,
        "print a one-time link (valid for an hour) that sets a new password",
        "usage: attune user reset-link --email E"};
    const char *email = NULL;
    struct at_opt opts[] = {
        {"email", "E", "whose password to reset", &email, NULL},
        {NULL, NULL, NULL, NULL, NULL},
    };
    struct at_arena arena = AT_ARENA_INIT;
    char token[AT_SECRET_HEX + 1];
    const char *base = at_config_str(&cli->cfg, "base_url");
    struct at_store *st;
    struct at_user u;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, opts, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    st = at_cli_open_store(cli, "user reset-link");
    if (!st)
        return 1;
    ret = find_user(st, "user reset-link", email, &arena, &u);
    if (ret == 0) {
        ret = at_auth_reset_create(st, u.id, at_clock_now(&at_clock_system), RESET_TTL_MS, token);
        if (ret)
            ret = at_cli_fail("user reset-link", "cannot store the link (%s)", at_err_name(ret));
    }
    if (ret == 0) {
        if (base[0])
            printf("%s/reset#token=%s\n", base, token);
        else
            printf("http://%s/reset#token=%s\n", at_config_str(&cli->cfg, "listen"), token);
    }
    st->ops->close(st);
    at_arena_release(&arena);
    return ret;
}
