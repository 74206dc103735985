/* attune mail-ingest: one mail on standard input, from the mail server's pipe, into the desk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/buf.h"
#include "mail/mail.h"

#include "core/banned.h"

/* sysexits(3), which mail servers read: 75 asks them to try again later */
#define EXIT_TEMPFAIL 75
#define EXIT_CONFIG   78

/*
 * Reads standard input: at most `max` bytes are kept; the rest is counted into
 * *size and dropped. Returns false when reading failed.
 */
static bool read_mail(struct at_buf *raw, size_t max, size_t *size)
{
    char chunk[65536];
    size_t n;

    *size = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
        size_t keep = raw->len < max ? (max - raw->len < n ? max - raw->len : n) : 0;

        if (keep)
            at_buf_add(raw, chunk, keep);
        *size += n;
    }
    return !ferror(stdin);
}

int at_cmd_mail_ingest(struct at_cli *cli, int argc, char **argv)
{
    const struct at_command *self = at_cli_find("mail-ingest");
    size_t max = (size_t)at_config_int(&cli->cfg, "mail_max_kib") * 1024;
    struct at_buf raw = AT_BUF_INIT(max);
    struct at_arena arena = AT_ARENA_INIT;
    struct at_inbound_result r;
    struct at_errinfo e = {0};
    struct at_app app = {0};
    const char *name, *addr, *domain = "";
    size_t size;
    int n, ret;

    ret = at_cli_parse(self, argc, argv, NULL, &n);
    if (ret)
        return n < 0 ? 0 : 2;
    if (n > 0)
        return at_cli_fail("mail-ingest", "takes no arguments: the mail comes on standard input") +
               1;
    if (at_config_str(&cli->cfg, "mail_from")[0] &&
        at_mail_from_parse(at_config_str(&cli->cfg, "mail_from"), &arena, &name, &addr, &domain,
                           &e) != 0) {
        at_cli_fail("mail-ingest", "%s", e.msg);
        ret = EXIT_CONFIG;
        goto out;
    }
    /* a wrong mail setting is found before the mail is read */
    if (at_cli_open_app(cli, "mail-ingest", AT_APP_MAIL, &app)) {
        ret = EXIT_CONFIG;
        goto out;
    }
    if (!read_mail(&raw, max, &size)) {
        at_cli_fail("mail-ingest", "cannot read the mail from standard input");
        ret = EXIT_TEMPFAIL;
        goto out;
    }
    if (size == 0) {
        ret = at_cli_fail("mail-ingest", "standard input is empty; pipe one mail into it") + 1;
        goto out;
    }
    if (at_cli_open_app(cli, "mail-ingest", AT_APP_TEXT | AT_APP_STORE, &app)) {
        ret = EXIT_TEMPFAIL;
        goto out;
    }
    ret = at_mail_ingest(&app.desk, domain, raw.data, raw.len, size, &r, &e);
    if (ret) {
        at_cli_fail("mail-ingest", "%s; the mail was not taken in", e.msg);
        ret = EXIT_TEMPFAIL;
        goto out;
    }
    switch (r.outcome) {
    case AT_INBOUND_TICKET:
        printf("ticket #%lld opened (id %lld)%s%s\n", (long long)r.ticket_number,
               (long long)r.ticket_id, r.reason[0] ? ": " : "", r.reason);
        break;
    case AT_INBOUND_REPLY:
        printf("reply added to ticket #%lld (id %lld)\n", (long long)r.ticket_number,
               (long long)r.ticket_id);
        break;
    case AT_INBOUND_QUARANTINE:
        printf("quarantined (id %lld): %s\n", (long long)r.quarantine_id, r.reason);
        break;
    case AT_INBOUND_DUPLICATE:
        printf("already taken in (ticket #%lld, quarantine id %lld): %s\n",
               (long long)r.ticket_number, (long long)r.quarantine_id, r.reason);
        break;
    }
    ret = 0;
out:
    at_app_close(&app);
    at_buf_release(&raw);
    at_arena_release(&arena);
    return ret;
}
