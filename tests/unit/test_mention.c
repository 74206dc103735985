/* @mentions in notes: who is meant, and that they are told on the live stream and by mail. */
#include "testutil.h"

#include <string.h>

#include "desk/desk.h"
#include "desk/mention.h"
#include "desk/outbound.h"
#include "live/live.h"

static const struct at_user staff[] = {
    {.id = 1, .email = "maya.lind@example.com", .name = "Maya Lindqvist"},
    {.id = 2, .email = "omar@example.com", .name = "Omar Haddad"},
    {.id = 3, .email = "maya.k@example.com", .name = "Maya Kowalski"},
    {.id = 4, .email = "jo@example.com", .name = "Jo"},
};
#define NSTAFF (sizeof(staff) / sizeof(staff[0]))

static size_t found(const char *text, size_t *out)
{
    return at_desk_mentions(text, staff, NSTAFF, out, AT_MENTIONS_MAX);
}

static void test_who_a_note_means(void **state)
{
    size_t hit[AT_MENTIONS_MAX];

    (void)state;
    assert_int_equal(found("@Omar can you check the refund?", hit), 1);
    assert_int_equal(hit[0], 1);
    /* a full name, the part of an address before the @, any case, a sentence's end */
    assert_int_equal(found("Thanks @maya lindqvist and @OMAR.", hit), 2);
    assert_int_equal(hit[0], 0);
    assert_int_equal(hit[1], 1);
    assert_int_equal(found("ping @maya.k", hit), 1);
    assert_int_equal(hit[0], 2);
    /* two Mayas: the first name alone means nobody */
    assert_int_equal(found("@Maya please look", hit), 0);
    /* an address is no mention, nor a name inside a word */
    assert_int_equal(found("write to jo@example.com or @Omarx", hit), 0);
    /* each once, in the order of the text */
    assert_int_equal(found("@Jo, @Omar, and again @jo", hit), 2);
    assert_int_equal(hit[0], 3);
    assert_int_equal(hit[1], 1);
    assert_int_equal(found("no mention here", hit), 0);
    assert_int_equal(found("@", hit), 0);
}

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct at_mailer mailer;
    struct at_actor admin, maya, omar;
    struct at_ticket t;
};

static int never(void *ctx, const struct at_mail_out *m, struct at_errinfo *e)
{
    (void)ctx;
    (void)m;
    (void)e;
    return 0;
}

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));
    struct at_new_ticket nt = {.subject = "Refund please",
                               .body = "I was charged twice.",
                               .customer_email = "lena@example.org",
                               .customer_name = "Lena Park"};

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1800000000000LL);
    f->mailer =
        (struct at_mailer){.send = never, .from = "help@desk.example", .domain = "desk.example"};
    f->d.mailer = &f->mailer;
    f->d.live = at_live_local_new(64);
    test_team(&f->d, &f->arena, "Maya Lind", &f->admin, &f->maya);
    test_actor_add(&f->d, &f->admin, &f->arena, "omar@example.com", "Omar Haddad", AT_ROLE_AGENT,
                   &f->omar);
    assert_int_equal(at_desk_ticket_create(&f->d, &f->maya, &nt, &f->arena, &f->t, NULL), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    f->d.live->ops->free(f->d.live);
    test_desk_stop(f->st, &f->arena);
    test_free(f);
    return 0;
}

static size_t mentions_heard(struct fixture *f, struct at_live_event *out, size_t max)
{
    struct at_live_event all[64];
    uint64_t last;
    int gap;
    size_t n = f->d.live->ops->since(f->d.live, 0, all, 64, &last, &gap), k = 0;

    for (size_t i = 0; i < n && k < max; i++)
        if (all[i].kind == AT_LIVE_MENTION)
            out[k++] = all[i];
    return k;
}

static size_t mails_to(struct fixture *f, const char *who)
{
    struct at_job *jobs;
    size_t n, k = 0;

    assert_int_equal(f->st->jobs->job_list(f->st, -1, 50, &f->arena, &jobs, &n), 0);
    for (size_t i = 0; i < n; i++)
        k += strcmp(jobs[i].kind, "mail_out") == 0 && strstr(jobs[i].payload, who) != NULL;
    return k;
}

static void test_a_colleague_mentioned_in_a_note_is_told(void **state)
{
    struct fixture *f = *state;
    struct at_live_event ev[4];
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_message_add(&f->d, &f->maya, f->t.id,
                                         "@Omar could you check the ledger? (cc @maya)",
                                         AT_VIS_INTERNAL, NULL, &f->arena, NULL, &e),
                     0);
    assert_int_equal(mentions_heard(f, ev, 4), 1); /* not the author herself */
    assert_int_equal(ev[0].to_user_id, f->omar.user_id);
    assert_int_equal(ev[0].user_id, f->maya.user_id);
    assert_int_equal(ev[0].ticket_id, f->t.id);
    assert_string_equal(ev[0].name, "Maya Lind");
    assert_int_equal(mails_to(f, "omar@example.com"), 1);
    /* a public reply with an @ is no mention */
    assert_int_equal(at_desk_message_add(&f->d, &f->maya, f->t.id, "Hi @Omar", AT_VIS_PUBLIC, NULL,
                                         &f->arena, NULL, &e),
                     0);
    assert_int_equal(mentions_heard(f, ev, 4), 1);
}

static void test_nothing_is_told_of_a_note_that_rolled_back(void **state)
{
    struct fixture *f = *state;
    struct at_live_event ev[4];
    struct at_errinfo e = {0};

    assert_int_equal(at_desk_begin(&f->d), 0);
    assert_int_equal(at_desk_message_add(&f->d, &f->maya, f->t.id, "@Omar look", AT_VIS_INTERNAL,
                                         NULL, &f->arena, NULL, &e),
                     0);
    at_desk_rollback(&f->d);
    assert_int_equal(mentions_heard(f, ev, 4), 0);
    assert_int_equal(mails_to(f, "omar@example.com"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_who_a_note_means),
        cmocka_unit_test_setup_teardown(test_a_colleague_mentioned_in_a_note_is_told, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_nothing_is_told_of_a_note_that_rolled_back, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
