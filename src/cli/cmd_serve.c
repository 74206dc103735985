/* attune serve, attune token, attune user reset-link. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "demo/demo.h"
#include "desk/account.h"
#include "desk/jobs.h"
#include "http/auth.h"
#include "http/server.h"
#include "jobs/jobs.h"
#include "mail/mail.h"
#include "text/text.h"

#include "core/banned.h"

#define RESET_TTL_MS (60LL * 60 * 1000)

/* The job runner beside the server: runs due work every second until told to stop. */
struct runner {
    const char *db;
    enum at_durability durability;
    const struct at_text_engine *text;
    const struct at_mailer *mailer; /* NULL: mail is off */
    const struct at_config *cfg;
    atomic_bool stop;
};

static void *run_jobs(void *arg)
{
    struct runner *r = arg;
    struct at_errinfo e = {0};
    struct at_store *st = at_store_connect(r->db, r->durability, &e);
    struct at_desk d;

    if (!st) {
        at_log_error("jobs", "the job runner cannot open the database: %s", e.msg);
        return NULL;
    }
    at_desk_init(&d, st, NULL);
    d.text = r->text;
    d.mailer = r->mailer;
    at_desk_configure(&d, r->cfg);
    while (!atomic_load(&r->stop)) {
        size_t ran = 0, failed = 0;

        if (at_jobs_run(&d, 100, &ran, &failed) != 0)
            at_log_warn("jobs", "the job runner could not read the jobs; trying again");
        if (ran || failed)
            at_log_info("jobs", "ran %zu jobs, %zu failed", ran, failed);
        for (int i = 0; i < 10 && !atomic_load(&r->stop); i++)
            nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
    }
    st->core->close(st);
    return NULL;
}

static enum at_durability durability(struct at_cli *cli)
{
    return strcmp(at_config_str(&cli->cfg, "durability"), "normal") == 0 ? AT_DURABLE_NORMAL
                                                                         : AT_DURABLE_FULL;
}

int at_cmd_serve(struct at_cli *cli, int argc, char **argv)
{
    struct runner runner = {0};
    pthread_t jobs;
    bool jobs_started;
    const struct at_command *self = at_cli_find("serve");
    struct at_errinfo e = {0};
    struct at_text_engine *eng;
    struct at_mailer *mailer;
    struct at_store *st;
    bool mail_failed;
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
    st->core->close(st);
    mailer = at_cli_mailer(cli, "serve", &mail_failed);
    if (mail_failed)
        return 1;
    eng = at_text_load(NULL, &e);
    if (!eng) {
        at_mail_smtp_free(mailer);
        return at_cli_fail("serve", "%s", e.msg);
    }
    runner.db = at_config_str(&cli->cfg, "db");
    runner.durability = durability(cli);
    runner.text = eng;
    runner.mailer = mailer;
    runner.cfg = &cli->cfg;
    at_http_set_mailer(mailer);
    atomic_init(&runner.stop, false);
    jobs_started = pthread_create(&jobs, NULL, run_jobs, &runner) == 0;
    if (!jobs_started)
        at_log_error("jobs", "cannot start the job runner; follow-ups wait until the next start");
    ret = at_http_serve(&cli->cfg, eng, &e);
    atomic_store(&runner.stop, true);
    if (jobs_started)
        pthread_join(jobs, NULL);
    at_text_free(eng);
    at_mail_smtp_free(mailer);
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
    struct at_store *st;
    struct at_desk d;
    struct at_user u;
    int64_t id;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, opts, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    st = at_cli_open_store(cli, "token create");
    if (!st)
        return 1;
    at_desk_init(&d, st, NULL);
    ret = find_user(st, "token create", email, &arena, &u);
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
    st->core->close(st);
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
    st->core->close(st);
    at_arena_release(&arena);
    return ret;
}

static int token_revoke(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {"token revoke", NULL, "revoke an API token at once",
                                           "usage: attune token revoke ID"};
    struct at_errinfo e = {0};
    struct at_store *st;
    struct at_desk d;
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
    at_desk_init(&d, st, NULL);
    ret = at_desk_token_revoke(&d, &at_actor_system, id, "cli", &e);
    st->core->close(st);
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
    st->core->close(st);
    at_arena_release(&arena);
    return ret;
}

static int jobs_run_once(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {"jobs run-once", NULL,
                                           "run the jobs that are due now, then exit",
                                           "usage: attune jobs run-once"};
    struct at_errinfo e = {0};
    struct at_text_engine *eng;
    struct at_mailer *mailer;
    struct at_store *st;
    struct at_desk d;
    size_t ran = 0, failed = 0;
    bool mail_failed;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, NULL, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    mailer = at_cli_mailer(cli, "jobs run-once", &mail_failed);
    if (mail_failed)
        return 1;
    eng = at_text_load(NULL, &e);
    if (!eng) {
        at_mail_smtp_free(mailer);
        return at_cli_fail("jobs run-once", "%s", e.msg);
    }
    st = at_cli_open_store(cli, "jobs run-once");
    if (!st) {
        at_text_free(eng);
        at_mail_smtp_free(mailer);
        return 1;
    }
    at_desk_init(&d, st, NULL);
    d.text = eng;
    d.mailer = mailer;
    at_desk_configure(&d, &cli->cfg);
    ret = at_jobs_run(&d, 100000, &ran, &failed);
    st->core->close(st);
    at_text_free(eng);
    at_mail_smtp_free(mailer);
    if (ret)
        return at_cli_fail("jobs run-once", "cannot read the jobs (%s)", at_err_name(ret));
    printf("ran %zu jobs, %zu failed\n", ran, failed);
    return failed ? 1 : 0;
}

static int jobs_list(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {"jobs list", NULL, "list jobs, newest first",
                                           "usage: attune jobs list [--failed]"};
    bool failed_only = false;
    struct at_opt opts[] = {
        {"failed", NULL, "only jobs that gave up", NULL, &failed_only},
        {NULL, NULL, NULL, NULL, NULL},
    };
    struct at_arena arena = AT_ARENA_INIT;
    struct at_store *st;
    struct at_job *list;
    size_t count;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, opts, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    st = at_cli_open_store(cli, "jobs list");
    if (!st)
        return 1;
    ret = st->jobs->job_list(st, failed_only ? AT_JOB_FAILED : -1, 200, &arena, &list, &count);
    if (ret == 0) {
        printf("%-6s %-10s %-9s %-7s %-8s %s\n", "ID", "KIND", "STATE", "TICKET", "ATTEMPTS",
               "LAST ERROR");
        for (size_t i = 0; i < count; i++)
            printf("%-6lld %-10s %-9s %-7lld %d/%-6d %s\n", (long long)list[i].id, list[i].kind,
                   at_job_state_name(list[i].state), (long long)list[i].ticket_id, list[i].attempts,
                   list[i].max_attempts, list[i].last_error);
    } else {
        ret = at_cli_fail("jobs list", "cannot read the jobs (%s)", at_err_name(ret));
    }
    st->core->close(st);
    at_arena_release(&arena);
    return ret;
}

static int jobs_retry(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {"jobs retry", NULL, "run a failed job again",
                                           "usage: attune jobs retry ID"};
    struct at_store *st;
    int64_t id;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, NULL, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (n != 1 || !at_cstr_to_i64(argv[1], &id) || id <= 0)
        return at_cli_fail("jobs retry", "give the id of one failed job; see attune jobs list "
                                         "--failed") +
               1;
    st = at_cli_open_store(cli, "jobs retry");
    if (!st)
        return 1;
    ret = st->jobs->job_retry(st, id, at_clock_now(&at_clock_system));
    st->core->close(st);
    if (ret == AT_ENOTFOUND)
        return at_cli_fail("jobs retry", "no failed job %lld; see attune jobs list --failed",
                           (long long)id);
    if (ret)
        return at_cli_fail("jobs retry", "cannot retry (%s)", at_err_name(ret));
    printf("job %lld will run again\n", (long long)id);
    return 0;
}

int at_cmd_jobs(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_subcommand subs[] = {
        {"run-once", jobs_run_once},
        {"list", jobs_list},
        {"retry", jobs_retry},
        {NULL, NULL},
    };

    return at_cli_dispatch(cli, at_cli_find("jobs"), subs, argc, argv);
}
