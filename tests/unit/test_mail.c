/* Mail: real MIME samples land where they should; outbound messages read back as written. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "desk/desk.h"
#include "desk/inbound.h"
#include "mail/mail.h"

#define DOMAIN "support.example.com"

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena,
                    1764579600000LL); /* 2025-12-01 09:00 UTC */
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    test_desk_stop(f->st, &f->arena);
    free(f);
    return 0;
}

/* A sample's bytes, in the fixture's arena. */
static char *sample(struct fixture *f, const char *name, size_t *len)
{
    char path[512];
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    FILE *fp;
    char *buf;
    long n;

    snprintf(path, sizeof(path), "%.*s/../mail/samples/%s", slash ? (int)(slash - file) : 1,
             slash ? file : ".", name);
    fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot read the sample %s", path);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = at_arena_alloc(&f->arena, (size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

static struct at_inbound_result ingest_bytes(struct fixture *f, const char *raw, size_t len)
{
    struct at_inbound_result r;
    struct at_errinfo e = {0};

    assert_int_equal(at_mail_ingest(&f->d, DOMAIN, raw, len, len, &r, &e), 0);
    return r;
}

static struct at_inbound_result ingest(struct fixture *f, const char *name)
{
    size_t len;
    char *raw = sample(f, name, &len);

    return ingest_bytes(f, raw, len);
}

/* The body of message `i` of ticket `id`. */
static const char *body(struct fixture *f, int64_t id, size_t i)
{
    struct at_message *m;
    size_t n;

    assert_int_equal(f->st->tickets->message_list(f->st, id, true, &f->arena, &m, &n), 0);
    assert_true(i < n);
    return m[i].body;
}

static size_t message_count(struct fixture *f, int64_t id)
{
    struct at_message *m;
    size_t n;

    assert_int_equal(f->st->tickets->message_list(f->st, id, true, &f->arena, &m, &n), 0);
    return n;
}

static struct at_ticket ticket(struct fixture *f, int64_t id)
{
    struct at_ticket t;

    assert_int_equal(f->st->tickets->ticket_get(f->st, id, &f->arena, &t), 0);
    return t;
}

static void test_alternative_qp_opens_a_ticket_with_the_plain_text(void **state)
{
    struct fixture *f = *state;
    struct at_inbound_result r = ingest(f, "01_alternative_qp.eml");
    struct at_ticket t;
    struct at_customer c;

    assert_int_equal(r.outcome, AT_INBOUND_TICKET);
    assert_int_equal(r.ticket_number, 1001);
    t = ticket(f, r.ticket_id);
    assert_string_equal(t.subject, "My printer is on fire — help");
    assert_string_equal(t.channel, "email");
    assert_int_equal(t.status, AT_STATUS_NEW);
    assert_string_equal(body(f, r.ticket_id, 0),
                        "Hello,\n\nmy printer smells of smoke since this morning — I am really "
                        "worried it will catch fire. Price was 120€.\n\nThanks, Ana");
    assert_int_equal(f->st->tickets->customer_get(f->st, t.customer_id, &f->arena, &c), 0);
    assert_string_equal(c.name, "Ana Lima");
    assert_string_equal(c.email, "ana.lima@example.org");
}

static void test_charsets_are_decoded_to_utf8(void **state)
{
    static const struct {
        const char *file, *subject, *text, *name;
    } cases[] = {
        {"03_latin1.eml", "Facture de février erronée",
         "Bonjour,\n\nla facture de février est fausse : 45,00 EUR au lieu de 40,00. Très "
         "déçu.\n\nCélestine",
         "Célestine François"},
        {"04_windows1252.eml", "Refund – “premium” plan",
         "Hi,\n\nthe “premium” plan cost me €99 – that’s too much.", "Dana Ortiz"},
        {"05_koi8r.eml", "Не работает вход",
         "Здравствуйте!\n\nЯ не могу войти в личный кабинет уже второй день.\n\nИван",
         "Иван Петров"},
        {"06_shift_jis.eml", "注文のキャンセル",
         "お世話になっております。\n注文をキャンセルしたいです。", "Yuki Tanaka"},
    };
    struct fixture *f = *state;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct at_inbound_result r = ingest(f, cases[i].file);
        struct at_ticket t;
        struct at_customer c;

        assert_int_equal(r.outcome, AT_INBOUND_TICKET);
        t = ticket(f, r.ticket_id);
        assert_string_equal(t.subject, cases[i].subject);
        assert_string_equal(body(f, r.ticket_id, 0), cases[i].text);
        assert_int_equal(f->st->tickets->customer_get(f->st, t.customer_id, &f->arena, &c), 0);
        assert_string_equal(c.name, cases[i].name);
    }
}

static void test_html_only_mail_is_read_as_text(void **state)
{
    struct fixture *f = *state;
    struct at_inbound_result r = ingest(f, "07_html_only.eml");

    assert_int_equal(r.outcome, AT_INBOUND_TICKET);
    assert_string_equal(body(f, r.ticket_id, 0),
                        "Hello & good morning,\n\nmy order 5521 never arrived – it's been 3 "
                        "weeks.\nPlease help.");
}

static void test_base64_attachment_is_stored_with_size_and_hash(void **state)
{
    struct fixture *f = *state;
    struct at_inbound_result r = ingest(f, "02_attachment_base64.eml");
    unsigned char expect[776];
    struct at_attachment *list, one;
    char hex[65];
    size_t n;

    /* the sample's image: the bytes 0..255 three times, then the PNG signature */
    for (size_t i = 0; i < 768; i++)
        expect[i] = (unsigned char)(i % 256);
    memcpy(expect + 768, "\x89PNG\r\n\x1a\n", 8);
    at_sha256_hex(expect, sizeof(expect), hex);

    assert_int_equal(r.outcome, AT_INBOUND_TICKET);
    assert_int_equal(r.nfiles, 1);
    assert_string_equal(body(f, r.ticket_id, 0), "The export fails, screenshot attached.");
    assert_int_equal(f->st->mail->attachment_list(f->st, r.ticket_id, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].filename, "error shot.png");
    assert_string_equal(list[0].content_type, "image/png");
    assert_int_equal(list[0].size, 776);
    assert_string_equal(list[0].sha256, hex);
    assert_int_equal(list[0].message_id, r.message_id);
    assert_int_equal(f->st->mail->attachment_get(f->st, list[0].id, &f->arena, &one), 0);
    assert_int_equal(one.size, 776);
    assert_memory_equal(one.data, expect, sizeof(expect));
}

static void test_attachments_are_visible_to_staff_and_the_customer_only(void **state)
{
    struct fixture *f = *state;
    struct at_inbound_result r = ingest(f, "02_attachment_base64.eml");
    struct at_ticket t = ticket(f, r.ticket_id);
    struct at_actor owner = {.role = AT_ROLE_CUSTOMER, .customer_id = t.customer_id};
    struct at_actor stranger = {.role = AT_ROLE_CUSTOMER, .customer_id = t.customer_id + 100};
    struct at_attachment *list, one;
    size_t n;

    assert_int_equal(
        at_desk_attachment_list(&f->d, &owner, r.ticket_id, &f->arena, &list, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_int_equal(at_desk_attachment_get(&f->d, &owner, list[0].id, &f->arena, &one, NULL), 0);
    assert_int_equal(
        at_desk_attachment_list(&f->d, &stranger, r.ticket_id, &f->arena, &list, &n, NULL),
        AT_ENOTFOUND);
    assert_int_equal(at_desk_attachment_get(&f->d, &stranger, one.id, &f->arena, &one, NULL),
                     AT_ENOTFOUND);
    assert_int_equal(at_desk_attachment_get(&f->d, &at_actor_system, one.id, &f->arena, &one, NULL),
                     0);
}

static void test_reply_with_references_lands_on_the_ticket_and_reopens_it(void **state)
{
    struct fixture *f = *state;
    struct at_inbound_result first = ingest(f, "01_alternative_qp.eml");
    struct at_ticket_change solve = {.set_status = true, .status = AT_STATUS_SOLVED};
    struct at_inbound_result r;
    struct at_ticket t;

    assert_int_equal(at_desk_ticket_update(&f->d, &at_actor_system, first.ticket_id, &solve,
                                           &f->arena, &t, NULL),
                     0);
    assert_int_equal(t.status, AT_STATUS_SOLVED);
    at_clock_advance(&f->clock, 60000);
    r = ingest(f, "08_reply_references.eml");
    assert_int_equal(r.outcome, AT_INBOUND_REPLY);
    assert_int_equal(r.ticket_id, first.ticket_id);
    assert_int_equal(message_count(f, first.ticket_id), 2);
    assert_string_equal(body(f, first.ticket_id, 1),
                        "It is smoking again after the reset.\n\nOn Mon, 1 Dec 2025, Support "
                        "wrote:\n> Please unplug it and reset it.");
    assert_int_equal(ticket(f, first.ticket_id).status, AT_STATUS_OPEN);
}

static void test_reply_with_only_the_number_in_the_subject_lands_on_the_ticket(void **state)
{
    struct fixture *f = *state;
    struct at_inbound_result first = ingest(f, "01_alternative_qp.eml");
    struct at_inbound_result r = ingest(f, "09_reply_subject_only.eml");

    assert_int_equal(r.outcome, AT_INBOUND_REPLY);
    assert_int_equal(r.ticket_id, first.ticket_id);
    assert_string_equal(body(f, first.ticket_id, 1), "Any news? It still smells.");
}

static void test_reply_from_someone_else_opens_a_new_ticket(void **state)
{
    static const char mail[] = "From: Mallory <mallory@example.com>\r\n"
                               "Subject: Re: [#1001] let me in\r\n"
                               "Message-ID: <other-1@example.com>\r\n"
                               "References: <ticket-1@" DOMAIN ">\r\n\r\n"
                               "I am not the customer.\r\n";
    struct fixture *f = *state;
    struct at_inbound_result first = ingest(f, "01_alternative_qp.eml");
    struct at_inbound_result r = ingest_bytes(f, mail, sizeof(mail) - 1);

    assert_int_equal(r.outcome, AT_INBOUND_TICKET);
    assert_int_not_equal(r.ticket_id, first.ticket_id);
    assert_non_null(strstr(r.reason, "not the customer of ticket #1001"));
    assert_int_equal(message_count(f, first.ticket_id), 1);
}

static void test_reply_to_a_closed_ticket_opens_a_new_one(void **state)
{
    struct fixture *f = *state;
    struct at_inbound_result first = ingest(f, "01_alternative_qp.eml");
    struct at_ticket_change solve = {.set_status = true, .status = AT_STATUS_SOLVED};
    struct at_ticket_change close = {.set_status = true, .status = AT_STATUS_CLOSED};
    struct at_inbound_result r;

    assert_int_equal(at_desk_ticket_update(&f->d, &at_actor_system, first.ticket_id, &solve,
                                           &f->arena, NULL, NULL),
                     0);
    assert_int_equal(at_desk_ticket_update(&f->d, &at_actor_system, first.ticket_id, &close,
                                           &f->arena, NULL, NULL),
                     0);
    r = ingest(f, "09_reply_subject_only.eml");
    assert_int_equal(r.outcome, AT_INBOUND_TICKET);
    assert_int_not_equal(r.ticket_id, first.ticket_id);
    assert_string_equal(ticket(f, r.ticket_id).subject, "RE: AW: [#1001] still broken");
}

static void test_mail_that_must_not_become_a_ticket_is_quarantined_with_the_reason(void **state)
{
    static const struct {
        const char *file, *reason;
    } cases[] = {
        {"10_autoreply.eml", "auto-reply: Auto-Submitted"},
        {"11_bounce.eml", "bounce: a delivery report (multipart/report)"},
        {"12_list_bulk.eml", "list or bulk mail: Precedence"},
        {"13_broken_no_from.eml", "no From address"},
        {"14_broken_headers.eml", "malformed: invalid header lines"},
        {"15_broken_truncated.eml", "malformed: the mail is truncated"},
        {"16_loop.eml", "loop: our own mail came back (a Message-ID of this desk)"},
    };
    struct fixture *f = *state;
    struct at_quarantine *list, q;
    struct at_ticket *tickets;
    struct at_ticket_query all = {.limit = 100};
    size_t n;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len;
        char *raw = sample(f, cases[i].file, &len);
        struct at_inbound_result r = ingest_bytes(f, raw, len);

        assert_int_equal(r.outcome, AT_INBOUND_QUARANTINE);
        assert_string_equal(r.reason, cases[i].reason);
        assert_int_equal(f->st->mail->quarantine_get(f->st, r.quarantine_id, &f->arena, &q), 0);
        assert_string_equal(q.reason, cases[i].reason);
        assert_int_equal(q.size, len);
        assert_int_equal(q.raw_len, len);
        assert_memory_equal(q.raw, raw, len);
    }
    assert_int_equal(f->st->mail->quarantine_list(f->st, 0, 50, &f->arena, &list, &n), 0);
    assert_int_equal(n, 7);
    assert_string_equal(list[0].reason, cases[6].reason); /* newest first */
    assert_string_equal(list[3].subject, "who am I");
    assert_string_equal(list[6].from_addr, "frank@example.com");
    assert_int_equal(f->st->tickets->ticket_list(f->st, &all, &f->arena, &tickets, &n), 0);
    assert_int_equal(n, 0);
}

static void test_same_message_id_twice_is_stored_once(void **state)
{
    struct fixture *f = *state;
    struct at_inbound_result a = ingest(f, "02_attachment_base64.eml");
    struct at_inbound_result b = ingest(f, "02_attachment_base64.eml");
    struct at_inbound_result q1 = ingest(f, "10_autoreply.eml");
    struct at_inbound_result q2 = ingest(f, "10_autoreply.eml");
    struct at_attachment *files;
    struct at_quarantine *list;
    size_t n;

    assert_int_equal(a.outcome, AT_INBOUND_TICKET);
    assert_int_equal(b.outcome, AT_INBOUND_DUPLICATE);
    assert_int_equal(b.ticket_id, a.ticket_id);
    assert_int_equal(b.ticket_number, a.ticket_number);
    assert_int_equal(message_count(f, a.ticket_id), 1);
    assert_int_equal(f->st->mail->attachment_list(f->st, a.ticket_id, &f->arena, &files, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(q1.outcome, AT_INBOUND_QUARANTINE);
    assert_int_equal(q2.outcome, AT_INBOUND_DUPLICATE);
    assert_int_equal(q2.quarantine_id, q1.quarantine_id);
    assert_int_equal(f->st->mail->quarantine_list(f->st, 0, 50, &f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
}

static void test_mail_past_the_size_cap_is_quarantined_as_too_large(void **state)
{
    struct fixture *f = *state;
    struct at_buf big = AT_BUF_INIT(AT_BUF_NOLIMIT);
    struct at_inbound_result r;
    struct at_errinfo e = {0};
    struct at_quarantine q;

    at_buf_adds(&big, "From: Big <big@example.com>\r\nSubject: huge\r\n"
                      "Message-ID: <big-1@example.com>\r\n\r\n");
    while (big.len < 200000)
        at_buf_adds(&big, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n");
    /* as mail-ingest hands it over: the first 64 KiB kept, the size as it arrived */
    assert_int_equal(at_mail_ingest(&f->d, DOMAIN, big.data, 65536, big.len, &r, &e), 0);
    assert_int_equal(r.outcome, AT_INBOUND_QUARANTINE);
    assert_non_null(strstr(r.reason, "too large"));
    assert_int_equal(f->st->mail->quarantine_get(f->st, r.quarantine_id, &f->arena, &q), 0);
    assert_int_equal(q.size, big.len);
    assert_int_equal(q.raw_len, 65536);
    assert_string_equal(q.from_addr, "big@example.com");
    assert_string_equal(q.subject, "huge");
    at_buf_release(&big);
}

static void test_long_text_is_cut_and_kept_whole_as_a_file(void **state)
{
    struct fixture *f = *state;
    struct at_buf mail = AT_BUF_INIT(AT_BUF_NOLIMIT);
    struct at_inbound_result r;
    struct at_attachment *files;
    size_t n, text_len;

    at_buf_adds(&mail, "From: Long <long@example.com>\r\nSubject: long\r\n"
                       "Message-ID: <long-1@example.com>\r\n\r\n");
    while (mail.len < 100000)
        at_buf_adds(&mail, "A line of a very long complaint about the service.\r\n");
    text_len = (mail.len - (size_t)(strstr(mail.data, "\r\n\r\n") + 4 - mail.data));
    r = ingest_bytes(f, mail.data, mail.len);
    assert_int_equal(r.outcome, AT_INBOUND_TICKET);
    assert_non_null(strstr(body(f, r.ticket_id, 0), "attached as message.txt"));
    assert_int_equal(f->st->mail->attachment_list(f->st, r.ticket_id, &f->arena, &files, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(files[0].filename, "message.txt");
    /* every line, with its line end as "\n" */
    assert_int_equal(files[0].size, text_len - text_len / 52);
    at_buf_release(&mail);
}

static void test_built_message_reads_back_as_written(void **state)
{
    struct fixture *f = *state;
    struct at_mail_out m = {.to = "ana.lima@example.org",
                            .to_name = "Ana Lima",
                            .subject = "Re: My printer is on fire — help [#1001]",
                            .text = "Hello Ana,\n\nplease unplug it = safer. Cost: 0 €.\n.\nBye",
                            .html = "<p>Hello Ana</p>",
                            .message_id = "<t1.abc@" DOMAIN ">",
                            .in_reply_to = "<ticket-1@" DOMAIN ">",
                            .references = "<ticket-1@" DOMAIN ">",
                            .ticket_id = 1};
    struct at_buf out = AT_BUF_INIT(1 << 20);
    struct at_inbound_result r;
    struct at_mail_out from_customer;

    assert_int_equal(at_mail_build("Example Support", "support@" DOMAIN, &m, 1764579600000LL, &out),
                     0);
    assert_non_null(strstr(out.data, "Date: Mon, 01 Dec 2025 09:00:00 +0000\r\n"));
    assert_non_null(strstr(out.data, "From: \"Example Support\" <support@" DOMAIN ">\r\n"));
    assert_non_null(strstr(out.data, "To: \"Ana Lima\" <ana.lima@example.org>\r\n"));
    assert_non_null(strstr(out.data, "Subject: =?UTF-8?B?"));
    assert_non_null(strstr(out.data, "Message-ID: <t1.abc@" DOMAIN ">\r\n"));
    assert_non_null(strstr(out.data, "In-Reply-To: <ticket-1@" DOMAIN ">\r\n"));
    assert_non_null(strstr(out.data, "References: <ticket-1@" DOMAIN ">\r\n"));
    assert_non_null(strstr(out.data, "MIME-Version: 1.0\r\n"));
    assert_non_null(strstr(out.data, "Content-Type: multipart/alternative;"));
    assert_non_null(strstr(out.data, "unplug it =3D safer. Cost: 0 =E2=82=AC."));
    assert_non_null(strstr(out.data, "\r\n=2E\r\n")); /* a lone dot never ends the DATA */
    assert_null(strstr(out.data, "Auto-Submitted"));

    /* the same bytes, as the customer's mail program would see them, read back through GMime */
    from_customer = m;
    from_customer.to = "support@" DOMAIN;
    from_customer.message_id = "<answer-1@example.org>";
    at_buf_reset(&out);
    assert_int_equal(
        at_mail_build("Ana Lima", "ana.lima@example.org", &from_customer, 1764579600000LL, &out),
        0);
    r = ingest_bytes(f, out.data, out.len);
    assert_int_equal(r.outcome, AT_INBOUND_TICKET);
    assert_string_equal(ticket(f, r.ticket_id).subject, m.subject);
    assert_string_equal(body(f, r.ticket_id, 0), m.text);
    at_buf_release(&out);
}

static void test_a_notice_from_the_system_is_marked_auto_generated(void **state)
{
    struct at_mail_out m = {.to = "lead@example.com",
                            .to_name = "",
                            .subject = "Weekly digest",
                            .text = "Nothing new.",
                            .html = "",
                            .message_id = "<m0.x@" DOMAIN ">",
                            .in_reply_to = "",
                            .references = "",
                            .automatic = true};
    struct at_buf out = AT_BUF_INIT(1 << 20);

    (void)state;
    assert_int_equal(at_mail_build("", "support@" DOMAIN, &m, 0, &out), 0);
    assert_non_null(strstr(out.data, "Auto-Submitted: auto-generated\r\n"));
    assert_non_null(strstr(out.data, "From: <support@" DOMAIN ">\r\n"));
    assert_null(strstr(out.data, "multipart"));
    assert_null(strstr(out.data, "In-Reply-To"));
    at_buf_release(&out);
}

static void test_mail_from_is_parsed_or_refused(void **state)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_errinfo e = {0};
    const char *name, *addr, *domain;

    (void)state;
    assert_int_equal(at_mail_from_parse("Example Support <support@example.com>", &arena, &name,
                                        &addr, &domain, &e),
                     0);
    assert_string_equal(name, "Example Support");
    assert_string_equal(addr, "support@example.com");
    assert_string_equal(domain, "example.com");
    assert_int_equal(at_mail_from_parse("help@desk.example.org", &arena, &name, &addr, &domain, &e),
                     0);
    assert_string_equal(name, "");
    assert_string_equal(domain, "desk.example.org");
    assert_int_equal(
        at_mail_from_parse("Support <not an address>", &arena, &name, &addr, &domain, &e),
        AT_EINVAL);
    assert_string_equal(e.field, "mail_from");
    at_arena_release(&arena);
}

static void test_html_text_drops_tags_and_decodes_entities(void **state)
{
    static const char html[] = "<div>Caf&eacute; &#233;&#x20AC; &lt;b&gt;</div><ul><li>one</li>"
                               "<li>two</li></ul><!-- hidden --><p>a &amp; b</p>";
    struct at_arena arena = AT_ARENA_INIT;

    (void)state;
    assert_string_equal(at_mail_html_text(&arena, html, sizeof(html) - 1),
                        "Café é€ <b>\n\none\ntwo\n\na & b");
    at_arena_release(&arena);
}

/* Found by the fuzzer: an empty attachment, and HTML whose bytes do not end in a NUL. */
static void test_an_empty_part_and_unterminated_html_are_read_safely(void **state)
{
    struct fixture *f = *state;
    static const char mail[] = "From: Ana <ana@example.org>\r\n"
                               "To: support@" DOMAIN "\r\n"
                               "Subject: Empty file\r\n"
                               "Message-ID: <empty-1@example.org>\r\n"
                               "MIME-Version: 1.0\r\n"
                               "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
                               "--b\r\nContent-Type: text/plain\r\n\r\nThe file is empty.\r\n"
                               "--b\r\nContent-Type: application/octet-stream\r\n"
                               "Content-Disposition: attachment; filename=empty.bin\r\n\r\n"
                               "--b--\r\n";
    static const char *const cut[] = {"<p>a<script>x", "<style>p{}", "<!-- never closed", "<b"};
    struct at_inbound_result r = ingest_bytes(f, mail, sizeof(mail) - 1);
    struct at_arena arena = AT_ARENA_INIT;

    assert_int_equal(r.outcome, AT_INBOUND_TICKET);
    for (size_t k = 0; k < sizeof(cut) / sizeof(cut[0]); k++) {
        size_t n = strlen(cut[k]);
        char *exact = malloc(n); /* no NUL after the text: ASan catches a read past it */
        char *text;

        memcpy(exact, cut[k], n);
        text = at_mail_html_text(&arena, exact, n);
        assert_non_null(text);
        assert_true(strlen(text) <= n);
        free(exact);
    }
    at_arena_release(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_an_empty_part_and_unterminated_html_are_read_safely,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_alternative_qp_opens_a_ticket_with_the_plain_text,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_charsets_are_decoded_to_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_only_mail_is_read_as_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_base64_attachment_is_stored_with_size_and_hash, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_attachments_are_visible_to_staff_and_the_customer_only,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_reply_with_references_lands_on_the_ticket_and_reopens_it, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_reply_with_only_the_number_in_the_subject_lands_on_the_ticket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reply_from_someone_else_opens_a_new_ticket, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reply_to_a_closed_ticket_opens_a_new_one, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_mail_that_must_not_become_a_ticket_is_quarantined_with_the_reason, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_same_message_id_twice_is_stored_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mail_past_the_size_cap_is_quarantined_as_too_large,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_text_is_cut_and_kept_whole_as_a_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_built_message_reads_back_as_written, setup, teardown),
        cmocka_unit_test(test_a_notice_from_the_system_is_marked_auto_generated),
        cmocka_unit_test(test_mail_from_is_parsed_or_refused),
        cmocka_unit_test(test_html_text_drops_tags_and_decodes_entities),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
