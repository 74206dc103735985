/*
 * The store conformance suite for mail: inbound mail recorded by its
 * Message-ID, the attachments that came with it, and the quarantine. Written
 * only against st->mail and the tables it needs (tickets) in store.h, so
 * every backend runs it unchanged.
 */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the attachments' hash is the store's to keep, not to check */
#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

struct fixture {
    struct at_store *st;
    struct at_arena arena;
    int64_t customer;
    int64_t ticket; /* "Printer on fire", with two messages */
    int64_t first;  /* its first message */
    int64_t second; /* its second message */
    int64_t other;  /* "Invoice twice", with one message */
    int64_t other_msg;
    int64_t empty; /* "Quiet", with no attachments */
};

static int64_t add_ticket(struct at_store *st, int64_t customer, const char *subject)
{
    struct at_ticket t = {.subject = subject,
                          .status = AT_STATUS_NEW,
                          .priority = AT_PRIORITY_NORMAL,
                          .channel = "email",
                          .customer_id = customer,
                          .group_name = "",
                          .created_at = 1,
                          .updated_at = 1};

    assert_int_equal(st->tickets->ticket_add(st, &t), 0);
    return t.id;
}

static int64_t add_message(struct at_store *st, int64_t ticket, int64_t customer, const char *body,
                           int64_t at)
{
    struct at_message m = {.ticket_id = ticket,
                           .author_customer_id = customer,
                           .visibility = AT_VIS_PUBLIC,
                           .body = body,
                           .analysis = "{}",
                           .created_at = at};

    assert_int_equal(st->tickets->message_add(st, &m), 0);
    assert_true(m.id > 0);
    return m.id;
}

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));

    f->st = test_store_new();
    f->arena = AT_ARENA_INIT;
    f->customer = test_customer_add_as(f->st, "Lena Park", "", "lena@x.org", "premium");
    f->ticket = add_ticket(f->st, f->customer, "Printer on fire");
    f->first = add_message(f->st, f->ticket, f->customer, "It is smoking.", 2);
    f->second = add_message(f->st, f->ticket, f->customer, "Photos attached.", 3);
    f->other = add_ticket(f->st, f->customer, "Invoice twice");
    f->other_msg = add_message(f->st, f->other, f->customer, "Charged twice.", 4);
    f->empty = add_ticket(f->st, f->customer, "Quiet");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    f->st->core->close(f->st);
    at_arena_release(&f->arena);
    test_free(f);
    return 0;
}

/* `n` bytes of every value 0..255 in turn, NULs included, in the test's arena. */
static unsigned char *binary(struct fixture *f, size_t n, unsigned seed)
{
    unsigned char *p = at_arena_alloc(&f->arena, n ? n : 1);

    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)((i + seed) * 7);
    return p;
}

static void test_inbound_mail_is_recorded_once_by_message_id(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_mail_inbound m = {.message_id = "<a1.b2@mail.x.org>",
                                .outcome = "ticket",
                                .ticket_id = f->ticket,
                                .message_ref = f->first,
                                .created_at = 10};
    struct at_mail_inbound got;
    int64_t id = 0, again = 0, reply = 0;

    assert_int_equal(st->mail->mail_inbound_add(st, &m, &id), 0);
    assert_true(id > 0);
    assert_int_equal(st->mail->mail_inbound_get(st, "<a1.b2@mail.x.org>", &f->arena, &got), 0);
    assert_int_equal(got.id, id);
    assert_string_equal(got.message_id, "<a1.b2@mail.x.org>");
    assert_string_equal(got.outcome, "ticket");
    assert_int_equal(got.ticket_id, f->ticket);
    assert_int_equal(got.message_ref, f->first);
    assert_int_equal(got.quarantine_id, 0);
    assert_int_equal(got.created_at, 10);

    /* the same mail delivered again: refused, and the first record stands */
    m.outcome = "reply";
    m.message_ref = f->second;
    m.created_at = 20;
    assert_int_equal(st->mail->mail_inbound_add(st, &m, &again), AT_ECONFLICT);
    assert_int_equal(st->mail->mail_inbound_get(st, "<a1.b2@mail.x.org>", &f->arena, &got), 0);
    assert_int_equal(got.id, id);
    assert_string_equal(got.outcome, "ticket");
    assert_int_equal(got.message_ref, f->first);
    assert_int_equal(got.created_at, 10);

    /* another mail, a reply on the same ticket, is recorded by its own id */
    m.message_id = "<c3.d4@mail.x.org>";
    assert_int_equal(st->mail->mail_inbound_add(st, &m, &reply), 0);
    assert_true(reply != id);
    assert_int_equal(st->mail->mail_inbound_get(st, "<c3.d4@mail.x.org>", &f->arena, &got), 0);
    assert_int_equal(got.id, reply);
    assert_string_equal(got.outcome, "reply");
    assert_int_equal(got.message_ref, f->second);
    /* a mail without a Message-ID is known by the hash of its bytes */
    m.message_id = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    m.message_ref = f->first;
    assert_int_equal(st->mail->mail_inbound_add(st, &m, NULL), 0);
    assert_int_equal(st->mail->mail_inbound_get(st, m.message_id, &f->arena, &got), 0);
    assert_string_equal(got.message_id, m.message_id);

    assert_int_equal(st->mail->mail_inbound_get(st, "<never@mail.x.org>", &f->arena, &got),
                     AT_ENOTFOUND);
    /* a Message-ID is found only whole */
    assert_int_equal(st->mail->mail_inbound_get(st, "<a1.b2@mail.x.org", &f->arena, &got),
                     AT_ENOTFOUND);
    assert_int_equal(st->mail->mail_inbound_get(st, "<a1.b2@mail.x.org>.1", &f->arena, &got),
                     AT_ENOTFOUND);
}

static void test_inbound_mail_that_was_quarantined(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_quarantine q = {.reason = "auto_reply",
                              .from_addr = "mailer@x.org",
                              .subject = "Out of office",
                              .message_id = "<ooo@x.org>",
                              .size = 5,
                              .raw = "hello",
                              .raw_len = 5,
                              .created_at = 30};
    struct at_mail_inbound m = {
        .message_id = "<ooo@x.org>", .outcome = "quarantine", .created_at = 30};
    struct at_mail_inbound got;
    int64_t qid = 0;

    assert_int_equal(st->mail->quarantine_add(st, &q, &qid), 0);
    m.quarantine_id = qid;
    assert_int_equal(st->mail->mail_inbound_add(st, &m, NULL), 0);
    assert_int_equal(st->mail->mail_inbound_get(st, "<ooo@x.org>", &f->arena, &got), 0);
    assert_string_equal(got.outcome, "quarantine");
    assert_int_equal(got.ticket_id, 0);
    assert_int_equal(got.message_ref, 0);
    assert_int_equal(got.quarantine_id, qid);
    /* delivered twice, quarantined once */
    assert_int_equal(st->mail->mail_inbound_add(st, &m, NULL), AT_ECONFLICT);
}

static int64_t add_attachment(struct fixture *f, int64_t ticket, int64_t message,
                              const char *filename, const char *type, const void *data,
                              int64_t size, int64_t at)
{
    struct at_attachment a = {.ticket_id = ticket,
                              .message_id = message,
                              .filename = filename,
                              .content_type = type,
                              .size = size,
                              .sha256 = SHA256_EMPTY,
                              .data = data,
                              .created_at = at};
    int64_t id = 0;

    assert_int_equal(f->st->mail->attachment_add(f->st, &a, &id), 0);
    assert_true(id > 0);
    return id;
}

static void test_attachments_listed_without_bytes_oldest_first(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    unsigned char *pdf = binary(f, 300, 0);
    unsigned char *png = binary(f, 64, 3);
    struct at_attachment *list;
    size_t n;
    int64_t invoice, empty, photo, elsewhere;

    invoice =
        add_attachment(f, f->ticket, f->first, "invoice.pdf", "application/pdf", pdf, 300, 100);
    elsewhere =
        add_attachment(f, f->other, f->other_msg, "receipt.pdf", "application/pdf", pdf, 300, 150);
    empty = add_attachment(f, f->ticket, f->second, "empty.txt", "text/plain", "", 0, 200);
    photo = add_attachment(f, f->ticket, f->second, "smoke.png", "image/png", png, 64, 300);

    assert_int_equal(st->mail->attachment_list(st, f->ticket, &f->arena, &list, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(list[0].id, invoice);
    assert_int_equal(list[1].id, empty);
    assert_int_equal(list[2].id, photo);
    for (size_t i = 0; i < n; i++) {
        assert_null(list[i].data);
        assert_int_equal(list[i].ticket_id, f->ticket);
    }
    assert_int_equal(list[0].message_id, f->first);
    assert_string_equal(list[0].filename, "invoice.pdf");
    assert_string_equal(list[0].content_type, "application/pdf");
    assert_int_equal(list[0].size, 300);
    assert_string_equal(list[0].sha256, SHA256_EMPTY);
    assert_int_equal(list[0].created_at, 100);
    assert_int_equal(list[1].message_id, f->second);
    assert_string_equal(list[1].filename, "empty.txt");
    assert_int_equal(list[1].size, 0);
    assert_int_equal(list[2].message_id, f->second);
    assert_string_equal(list[2].filename, "smoke.png");
    assert_string_equal(list[2].content_type, "image/png");
    assert_int_equal(list[2].size, 64);
    assert_int_equal(list[2].created_at, 300);

    /* only the ticket's own */
    assert_int_equal(st->mail->attachment_list(st, f->other, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, elsewhere);
    assert_string_equal(list[0].filename, "receipt.pdf");
    assert_int_equal(st->mail->attachment_list(st, f->empty, &f->arena, &list, &n), 0);
    assert_int_equal(n, 0);
}

static void test_attachment_get_returns_the_bytes_intact(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    const size_t big = 256 * 1024;
    unsigned char *pdf = binary(f, 300, 0);
    unsigned char *blob = binary(f, big, 11);
    unsigned char text[] = {'a', 0, 'b', 0, 0, 0xff, '\r', '\n', 0};
    struct at_attachment got;
    int64_t invoice, nul, large, empty;

    assert_int_equal(pdf[0], 0); /* the bytes start with a NUL */
    invoice =
        add_attachment(f, f->ticket, f->first, "invoice.pdf", "application/pdf", pdf, 300, 100);
    nul = add_attachment(f, f->ticket, f->first, "nul.bin", "application/octet-stream", text,
                         (int64_t)sizeof(text), 101);
    large =
        add_attachment(f, f->ticket, f->second, "scan.tiff", "image/tiff", blob, (int64_t)big, 102);
    empty = add_attachment(f, f->ticket, f->second, "empty.txt", "text/plain", "", 0, 103);

    assert_int_equal(st->mail->attachment_get(st, invoice, &f->arena, &got), 0);
    assert_int_equal(got.id, invoice);
    assert_int_equal(got.ticket_id, f->ticket);
    assert_int_equal(got.message_id, f->first);
    assert_string_equal(got.filename, "invoice.pdf");
    assert_string_equal(got.content_type, "application/pdf");
    assert_int_equal(got.created_at, 100);
    assert_int_equal(got.size, 300);
    assert_non_null(got.data);
    assert_memory_equal(got.data, pdf, 300);

    assert_int_equal(st->mail->attachment_get(st, nul, &f->arena, &got), 0);
    assert_int_equal(got.size, sizeof(text));
    assert_memory_equal(got.data, text, sizeof(text));

    assert_int_equal(st->mail->attachment_get(st, large, &f->arena, &got), 0);
    assert_int_equal(got.size, big);
    assert_memory_equal(got.data, blob, big);

    assert_int_equal(st->mail->attachment_get(st, empty, &f->arena, &got), 0);
    assert_int_equal(got.size, 0);
    assert_string_equal(got.filename, "empty.txt");

    assert_int_equal(st->mail->attachment_get(st, large + 100, &f->arena, &got), AT_ENOTFOUND);
}

static int64_t add_quarantine(struct fixture *f, const char *reason, const char *subject,
                              const void *raw, size_t raw_len, int64_t size, int64_t at)
{
    char from[64], mid[64];
    struct at_quarantine q = {.reason = reason,
                              .from_addr = from,
                              .subject = subject,
                              .message_id = mid,
                              .size = size,
                              .raw = raw,
                              .raw_len = raw_len,
                              .created_at = at};
    int64_t id = 0;

    snprintf(from, sizeof(from), "sender%lld@x.org", (long long)at);
    snprintf(mid, sizeof(mid), "<q%lld@x.org>", (long long)at);
    assert_int_equal(f->st->mail->quarantine_add(f->st, &q, &id), 0);
    assert_true(id > 0);
    return id;
}

static void test_uploads_wait_for_their_message_and_move_once(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    struct at_user u = {.email = "maya@x.org",
                        .name = "Maya",
                        .role = AT_ROLE_AGENT,
                        .password_hash = "",
                        .created_at = 1};
    unsigned char *png = binary(f, 64, 5);
    struct at_attachment a = {.ticket_id = f->ticket,
                              .filename = "shot.png",
                              .content_type = "image/png",
                              .size = 64,
                              .sha256 = SHA256_EMPTY,
                              .data = png,
                              .created_at = 500};
    struct at_attachment *list, got;
    int64_t maya, up, old, moved, n;
    size_t count;

    assert_int_equal(st->people->user_add(st, &u, &maya), 0);
    assert_int_equal(st->mail->upload_add(st, &a, maya, &up), 0);
    a.created_at = 100;
    assert_int_equal(st->mail->upload_add(st, &a, maya, &old), 0);
    /* waiting: not a file of the ticket yet */
    assert_int_equal(st->mail->attachment_list(st, f->ticket, &f->arena, &list, &count), 0);
    assert_int_equal(count, 0);
    /* another's, or on another ticket: not there */
    assert_int_equal(st->mail->upload_attach(st, up, maya + 1, f->ticket, f->second, &moved),
                     AT_ENOTFOUND);
    assert_int_equal(st->mail->upload_attach(st, up, maya, f->other, f->other_msg, &moved),
                     AT_ENOTFOUND);
    assert_int_equal(st->mail->upload_attach(st, up, maya, f->ticket, f->second, &moved), 0);
    assert_int_equal(st->mail->attachment_get(st, moved, &f->arena, &got), 0);
    assert_int_equal(got.message_id, f->second);
    assert_string_equal(got.filename, "shot.png");
    assert_int_equal(got.size, 64);
    assert_memory_equal(got.data, png, 64);
    /* once */
    assert_int_equal(st->mail->upload_attach(st, up, maya, f->ticket, f->second, &moved),
                     AT_ENOTFOUND);
    /* the old one never sent goes; the rest stay */
    assert_int_equal(st->mail->upload_purge(st, 200, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(st->mail->upload_attach(st, old, maya, f->ticket, f->second, &moved),
                     AT_ENOTFOUND);
    assert_int_equal(st->mail->attachment_list(st, f->ticket, &f->arena, &list, &count), 0);
    assert_int_equal(count, 1);
}

static void test_quarantine_listed_newest_first_in_pages_without_raw(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    static const char *const reasons[] = {"auto_reply", "bounce", "list", "loop", "malformed"};
    struct at_quarantine *list;
    int64_t id[5];
    int seen[5] = {0};
    int64_t before = 0;
    size_t n, pages = 0;

    for (int i = 0; i < 5; i++) {
        char subject[32];

        snprintf(subject, sizeof(subject), "Mail %d", i);
        id[i] = add_quarantine(f, reasons[i], subject, "From: x\r\n\r\nhi", 13, 13 + i, 1000 + i);
    }

    assert_int_equal(st->mail->quarantine_list(st, 0, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(list[i].id, id[4 - i]);
        assert_null(list[i].raw);
    }
    assert_string_equal(list[0].reason, "malformed");
    assert_string_equal(list[0].subject, "Mail 4");
    assert_string_equal(list[0].from_addr, "sender1004@x.org");
    assert_string_equal(list[0].message_id, "<q1004@x.org>");
    assert_int_equal(list[0].size, 17);
    assert_int_equal(list[0].created_at, 1004);
    assert_string_equal(list[4].reason, "auto_reply");

    /* pages of two by before_id: every mail once, newest first across pages */
    do {
        assert_int_equal(st->mail->quarantine_list(st, before, 2, &f->arena, &list, &n), 0);
        assert_true(n <= 2);
        for (size_t i = 0; i < n; i++) {
            int k = -1;

            assert_true(before == 0 || list[i].id < before);
            for (int j = 0; j < 5; j++)
                if (id[j] == list[i].id)
                    k = j;
            assert_true(k >= 0);
            seen[k]++;
            assert_null(list[i].raw);
            before = list[i].id;
        }
        pages++;
    } while (n == 2);
    assert_int_equal(pages, 3);
    for (int j = 0; j < 5; j++)
        assert_int_equal(seen[j], 1);

    /* a page starts after the id given: before the third newest come the two oldest */
    assert_int_equal(st->mail->quarantine_list(st, id[2], 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, id[1]);
    assert_int_equal(list[1].id, id[0]);
    assert_int_equal(st->mail->quarantine_list(st, id[0], 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 0);
}

static void test_quarantine_get_keeps_the_raw_bytes(void **state)
{
    struct fixture *f = *state;
    struct at_store *st = f->st;
    unsigned char *raw = binary(f, 4096, 5);
    const char mail[] = "From: bot@x.org\r\nSubject: Auto\r\n\r\nbody\0with a NUL\r\n";
    struct at_quarantine got, *list;
    size_t n;
    int64_t capped, small;

    /* a mail past the size cap: only its first 4096 bytes kept, its size as it arrived */
    capped = add_quarantine(f, "too_large", "Scans", raw, 4096, 50 * 1024 * 1024, 2000);
    small = add_quarantine(f, "auto_reply", "Auto", mail, sizeof(mail) - 1, sizeof(mail) - 1, 2001);

    assert_int_equal(st->mail->quarantine_get(st, capped, &f->arena, &got), 0);
    assert_int_equal(got.id, capped);
    assert_string_equal(got.reason, "too_large");
    assert_string_equal(got.subject, "Scans");
    assert_string_equal(got.from_addr, "sender2000@x.org");
    assert_string_equal(got.message_id, "<q2000@x.org>");
    assert_int_equal(got.created_at, 2000);
    assert_int_equal(got.size, 50 * 1024 * 1024);
    assert_int_equal(got.raw_len, 4096);
    assert_non_null(got.raw);
    assert_memory_equal(got.raw, raw, 4096);

    assert_int_equal(st->mail->quarantine_get(st, small, &f->arena, &got), 0);
    assert_int_equal(got.raw_len, sizeof(mail) - 1);
    assert_int_equal(got.size, sizeof(mail) - 1);
    assert_memory_equal(got.raw, mail, sizeof(mail) - 1);

    /* the list still shows both, without their bytes */
    assert_int_equal(st->mail->quarantine_list(st, 0, 10, &f->arena, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, small);
    assert_null(list[0].raw);
    assert_int_equal(list[1].size, 50 * 1024 * 1024);

    assert_int_equal(st->mail->quarantine_get(st, small + 100, &f->arena, &got), AT_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_inbound_mail_is_recorded_once_by_message_id, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_inbound_mail_that_was_quarantined, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attachments_listed_without_bytes_oldest_first, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_attachment_get_returns_the_bytes_intact, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_quarantine_listed_newest_first_in_pages_without_raw,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_quarantine_get_keeps_the_raw_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_uploads_wait_for_their_message_and_move_once, setup,
                                        teardown),
    };

    return cmocka_run_group_tests_name("store_mail", tests, NULL, NULL);
}
