/* attune serve (the API and the job runner beside it), attune user reset-link. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/log.h"
#include "desk/access.h"
#include "desk/outbound.h"
#include "desk/session.h"
#include "http/server.h"
#include "jobs/jobs.h"

#include "core/banned.h"

#define RESET_TTL_MS (60LL * 60 * 1000)

/* The job runner beside the server: runs due work every second until told to stop. */
struct runner {
    const struct at_app *app;
    atomic_bool stop;
};

static void *run_jobs(void *arg)
{
    struct runner *r = arg;
    struct at_errinfo e = {0};
    struct at_store *st = at_app_connect(r->app, &e);
    struct at_desk d;

    if (!st) {
        at_log_error("jobs", "the job runner cannot open the database: %s", e.msg);
        return NULL;
    }
    at_app_desk_init(r->app, &d, st);
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

/*
 * As the server starts: mail people wrote while outbound mail was off goes
 * out now that it is set up, and the server notes where it is, for links
 * printed by other commands.
 */
static void starting(const struct at_app *app)
{
    struct at_errinfo e = {0};
    struct at_desk d;
    int64_t n = 0;

    at_app_desk_init(app, &d, app->store);
    if (at_desk_note_served_url(&d, &e))
        at_log_warn("http", "%s", e.msg);
    if (at_desk_mail_release(&d, &n, &e))
        at_log_error("mail", "the outbox stays held: %s", e.msg);
    else if (n)
        at_log_info("mail", "%lld mails from the outbox go out now", (long long)n);
    else if (!app->mailer)
        at_log_warn("mail", "outbound mail is off (smtp_host is empty): replies wait in the "
                            "outbox until it is set up");
}

int at_cmd_serve(struct at_cli *cli, int argc, char **argv)
{
    const struct at_command *self = at_cli_find("serve");
    struct runner runner = {0};
    struct at_errinfo e = {0};
    struct at_app app = {0};
    pthread_t jobs;
    bool jobs_started;
    int n, ret;

    ret = at_cli_parse(self, argc, argv, NULL, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (n > 0)
        return at_cli_fail("serve", "takes no arguments; see attune serve --help") + 1;
    /* migrated once, before the workers open their own handles */
    if (at_cli_open_app(cli, "serve", AT_APP_MAIL | AT_APP_TEXT | AT_APP_STORE, &app))
        return 1;
    starting(&app);
    runner.app = &app;
    atomic_init(&runner.stop, false);
    jobs_started = pthread_create(&jobs, NULL, run_jobs, &runner) == 0;
    if (!jobs_started)
        at_log_error("jobs", "cannot start the job runner; follow-ups wait until the next start");
    ret = at_http_serve(&app, &e);
    atomic_store(&runner.stop, true);
    if (jobs_started)
        pthread_join(jobs, NULL);
    at_app_close(&app);
    if (ret)
        return at_cli_fail("serve", "%s", e.msg);
    return 0;
}

int at_cmd_user_reset_link(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {
        "user reset-link", NULL,
        "print a one-time link (valid for an hour) that sets a new password; a customer who "
        "only wrote by mail gets their account made",
        "usage: attune user reset-link --email E"};
    const char *email = NULL;
    struct at_opt opts[] = {
        {"email", "E", "whose password to set", &email, NULL},
        {NULL, NULL, NULL, NULL, NULL},
    };
    struct at_arena arena = AT_ARENA_INIT;
    char token[AT_DESK_SECRET_HEX + 1];
    const char *base = at_config_str(&cli->cfg, "public_url");
    struct at_errinfo e = {0};
    struct at_app app = {0};
    struct at_desk d;
    struct at_user u;
    bool created = false;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, opts, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (!email)
        return at_cli_fail("user reset-link", "--email is required") + 1;
    if (at_cli_open_app(cli, "user reset-link", AT_APP_STORE, &app))
        return 1;
    at_app_desk_init(&app, &d, app.store);
    ret = at_desk_access_account(&d, email, &arena, &u, &created, &e);
    if (ret)
        ret = at_cli_fail("user reset-link", "%s%s", e.msg,
                          ret == AT_ENOTFOUND ? "; see attune user list" : "");
    if (ret == 0) {
        ret = at_desk_reset_create(app.store, u.id, at_clock_now(&at_clock_system), RESET_TTL_MS,
                                   token);
        if (ret)
            ret = at_cli_fail("user reset-link", "cannot store the link (%s)", at_err_name(ret));
    }
    if (ret == 0) {
        /* the address the server noted as it started, unless public_url says otherwise */
        if (!base[0])
            at_desk_served_url(&d, &arena, &base);
        if (!base[0])
            base = at_arena_printf(&arena, "http://%s", at_config_str(&cli->cfg, "listen"));
        if (created)
            fprintf(stderr, "made a customer account for %s (customer #%lld)\n", u.email,
                    (long long)u.customer_id);
        printf("%s/reset#token=%s\n", base, token);
    }
    at_app_close(&app);
    at_arena_release(&arena);
    return ret;
}
