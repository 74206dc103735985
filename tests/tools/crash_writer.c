/*
 * The writer of the crash test. `crash_writer write DB` opens tickets as fast
 * as it can and prints "ack ID NUMBER" after each commit returns, until it is
 * killed. `crash_writer verify DB < acks` checks that every acknowledged ticket
 * is in the database, whole: its subject, its first message and its event.
 */
#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/log.h"
#include "desk/desk.h"

#include "core/banned.h"

static int write_forever(const char *path)
{
    struct at_errinfo e = {0};
    struct at_store *st = at_store_open(path, AT_DURABLE_FULL, &e);
    struct at_desk d;

    if (!st) {
        fprintf(stderr, "crash_writer: %s\n", e.msg);
        return 1;
    }
    at_desk_init(&d, st, NULL);
    for (long i = 0;; i++) {
        struct at_arena arena = AT_ARENA_INIT;
        char subject[64];
        struct at_new_ticket nt = {.subject = subject,
                                   .body = "crash test body",
                                   .customer_email = "crash@example.com",
                                   .customer_name = "Crash Test"};
        struct at_ticket t;

        snprintf(subject, sizeof(subject), "crash ticket %ld", i);
        if (at_desk_ticket_create(&d, &at_actor_system, &nt, &arena, &t, &e) != 0) {
            fprintf(stderr, "crash_writer: %s\n", e.msg);
            return 1;
        }
        printf("ack %lld %lld %ld\n", (long long)t.id, (long long)t.number, i);
        fflush(stdout);
        at_arena_release(&arena);
    }
}

static int verify(const char *path)
{
    struct at_errinfo e = {0};
    struct at_store *st = at_store_open(path, AT_DURABLE_FULL, &e);
    struct at_desk d;
    long long id, number;
    long i;
    long checked = 0, bad = 0;

    if (!st) {
        fprintf(stderr, "crash_writer: %s\n", e.msg);
        return 1;
    }
    at_desk_init(&d, st, NULL);
    while (scanf(" ack %lld %lld %ld", &id, &number, &i) == 3) {
        struct at_arena arena = AT_ARENA_INIT;
        struct at_ticket_detail det;
        char subject[64];

        snprintf(subject, sizeof(subject), "crash ticket %ld", i);
        if (at_desk_ticket_detail(&d, &at_actor_system, id, &arena, &det, &e) != 0 ||
            det.ticket.number != number || strcmp(det.ticket.subject, subject) != 0 ||
            det.nmessages != 1 || strcmp(det.messages[0].body, "crash test body") != 0 ||
            det.nevents < 1) {
            fprintf(stderr, "lost or damaged: ticket %lld (#%lld)\n", id, number);
            bad++;
        }
        checked++;
        at_arena_release(&arena);
    }
    st->core->close(st);
    printf("checked %ld acknowledged tickets, %ld lost or damaged\n", checked, bad);
    return bad ? 1 : checked ? 0 : 2;
}

int main(int argc, char **argv)
{
    at_log_set_level(AT_LOG_ERROR);
    at_crypto_init();
    if (argc == 3 && strcmp(argv[1], "write") == 0)
        return write_forever(argv[2]);
    if (argc == 3 && strcmp(argv[1], "verify") == 0)
        return verify(argv[2]);
    fprintf(stderr, "usage: crash_writer write|verify DB\n");
    return 2;
}
