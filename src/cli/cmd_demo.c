/* attune demo: load a realistic demo into the database. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "demo/demo.h"

#include "core/banned.h"

static void progress_bar(size_t done, size_t total, void *ctx)
{
    const int width = 40;
    int filled = total ? (int)((double)width * (double)done / (double)total) : width;

    (void)ctx;
    fprintf(stderr, "\rloading the demo [%.*s%*s] %zu/%zu tickets", filled,
            "########################################", width - filled, "", done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

static bool parse_count(const char *s, size_t max, size_t *out)
{
    int64_t n;

    if (!at_cstr_to_i64(s, &n) || n < 1 || (uint64_t)n > max)
        return false;
    *out = (size_t)n;
    return true;
}

int at_cmd_demo(struct at_cli *cli, int argc, char **argv)
{
    const struct at_command *self = at_cli_find("demo");
    const char *tickets_s = NULL, *seed_s = NULL;
    struct at_opt opts[] = {
        {"tickets", "N", "how many tickets to make (default 300; up to 1,000,000)", &tickets_s,
         NULL},
        {"seed", "S", "the same seed makes the same demo (default 1)", &seed_s, NULL},
        {NULL, NULL, NULL, NULL, NULL},
    };
    struct at_demo_opts d_opts = {.tickets = 300, .seed = 1};
    struct at_demo_counts counts = {0};
    struct at_errinfo e = {0};
    struct at_app app = {0};
    int64_t started;
    size_t seed;
    int n, ret;

    ret = at_cli_parse(self, argc, argv, opts, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (n > 0)
        return at_cli_fail("demo", "takes no arguments; see attune demo --help") + 1;
    if (tickets_s && !parse_count(tickets_s, 1000000, &d_opts.tickets))
        return at_cli_fail("demo", "--tickets must be a whole number from 1 to 1000000, not '%s'",
                           tickets_s) +
               1;
    if (seed_s) {
        if (!parse_count(seed_s, (size_t)1 << 62, &seed))
            return at_cli_fail("demo", "--seed must be a positive whole number, not '%s'", seed_s) +
                   1;
        d_opts.seed = seed;
    }
    if (at_cli_open_app(cli, "demo", AT_APP_TEXT | AT_APP_STORE, &app))
        return 1;
    if (cli->tty_out)
        d_opts.progress = progress_bar;
    started = at_monotonic_ms();
    ret = at_demo_load(&app.desk, &d_opts, &counts, &e);
    at_app_close(&app);
    if (ret)
        return at_cli_fail("demo", "%s", e.msg);
    printf("Loaded the demo into %s in %.1f s: %zu staff, %zu customers, %zu tickets, %zu "
           "messages, %zu survey answers.\n\nSign in with password '%s' as:\n",
           at_config_str(&cli->cfg, "db"), (double)(at_monotonic_ms() - started) / 1000.0,
           counts.staff, counts.customers, counts.tickets, counts.messages, counts.surveys_answered,
           AT_DEMO_PASSWORD);
    for (const struct at_demo_login *l = at_demo_logins; l->email; l++)
        printf("  %-20s %-9s %s\n", l->email, at_role_name(l->role), l->name);
    return 0;
}
