/* libFuzzer target: any bytes as an inbound mail, through GMime into the desk and its store. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/crypto.h"
#include "core/log.h"
#include "desk/desk.h"
#include "desk/inbound.h"
#include "mail/mail.h"
#include "store/store.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct at_store *st;
    static struct at_desk d;
    struct at_inbound_result r;
    struct at_errinfo e = {0};
    struct at_arena arena = AT_ARENA_INIT;
    char *text;

    if (!st) {
        at_log_set_level(AT_LOG_ERROR);
        at_crypto_init();
        st = at_store_open(":memory:", AT_DURABLE_NORMAL, &e);
        if (!st)
            abort();
        at_desk_init(&d, st, NULL);
    }
    /* every mail lands somewhere: a ticket, a reply, a duplicate or the quarantine */
    if (at_mail_ingest(&d, "desk.example", data, size, size, &r, &e) != 0)
        abort();
    /* the HTML reader on the same bytes: its text is valid C string of bounded size */
    text = at_mail_html_text(&arena, (const char *)data, size);
    if (!text || strlen(text) > size * 4 + 16)
        abort();
    at_arena_release(&arena);
    return 0;
}
