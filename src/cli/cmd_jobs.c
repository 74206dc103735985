/* attune jobs: run due work once, list it, retry what failed. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "jobs/jobs.h"

#include "core/banned.h"

static int jobs_run_once(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {"jobs run-once", NULL,
                                           "run the jobs that are due now, then exit",
                                           "usage: attune jobs run-once"};
    struct at_app app = {0};
    size_t ran = 0, failed = 0;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, NULL, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (at_cli_open_app(cli, "jobs run-once", AT_APP_MAIL | AT_APP_TEXT | AT_APP_STORE, &app))
        return 1;
    ret = at_jobs_run(&app.desk, 100000, &ran, &failed);
    at_app_close(&app);
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
    struct at_app app = {0};
    struct at_store *st;
    struct at_job *list;
    size_t count;
    int n, ret;

    ret = at_cli_parse(&self, argc, argv, opts, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (at_cli_open_app(cli, "jobs list", AT_APP_STORE, &app))
        return 1;
    st = app.store;
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
    at_app_close(&app);
    at_arena_release(&arena);
    return ret;
}

static int jobs_retry(struct at_cli *cli, int argc, char **argv)
{
    static const struct at_command self = {"jobs retry", NULL, "run a failed job again",
                                           "usage: attune jobs retry ID"};
    struct at_app app = {0};
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
    if (at_cli_open_app(cli, "jobs retry", AT_APP_STORE, &app))
        return 1;
    st = app.store;
    ret = st->jobs->job_retry(st, id, at_clock_now(&at_clock_system));
    at_app_close(&app);
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
