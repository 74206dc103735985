/* Files sent with a message: checked as they come, kept for their uploader, moved once. */
#include "testutil.h"

#include <string.h>

#include "desk/desk.h"
#include "desk/upload.h"

static const unsigned char PNG[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};

struct fixture {
    struct at_store *st;
    struct at_clock clock;
    struct at_desk d;
    struct at_arena arena;
    struct at_actor admin, agent, lena, cai;
    struct at_ticket t;
};

static int setup(void **state)
{
    struct fixture *f = test_calloc(1, sizeof(*f));
    struct at_new_ticket nt = {.subject = "Broken export", .body = "See the screenshot."};

    test_desk_start(&f->st, &f->clock, &f->d, &f->arena, 1800000000000LL);
    snprintf(f->d.upload_types, sizeof(f->d.upload_types), "image/*, text/plain");
    f->d.upload_max = 64;
    test_team(&f->d, &f->arena, "Maya Agent", &f->admin, &f->agent);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "lena@example.org", "Lena Park",
                   AT_ROLE_CUSTOMER, &f->lena);
    test_actor_add(&f->d, &at_actor_system, &f->arena, "cai@example.org", "Cai Chen",
                   AT_ROLE_CUSTOMER, &f->cai);
    assert_int_equal(at_desk_ticket_create(&f->d, &f->lena, &nt, &f->arena, &f->t, NULL), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    test_desk_stop(f->st, &f->arena);
    test_free(f);
    return 0;
}

static int up(struct fixture *f, const struct at_actor *who, const char *name, const char *type,
              const void *data, size_t len, struct at_upload *u, struct at_errinfo *e)
{
    return at_desk_upload(&f->d, who, f->t.id, name, type, data, len, &f->arena, u, e);
}

static void test_files_are_checked_as_they_come(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_upload u;
    char big[65];

    memset(big, 'x', sizeof(big));
    /* the type is the bytes' where they say it, whatever the browser said */
    assert_int_equal(up(f, &f->lena, "C:\\\\Users\\\\lena\\\\shot", "application/octet-stream", PNG,
                        sizeof(PNG), &u, &e),
                     0);
    assert_string_equal(u.content_type, "image/png");
    assert_string_equal(u.filename, "shot");
    assert_int_equal(up(f, &f->lena, "notes.txt", "Text/Plain; charset=utf-8", "hi", 2, &u, &e), 0);
    assert_string_equal(u.content_type, "text/plain");
    /* refused, each with its reason */
    assert_int_equal(up(f, &f->lena, "a.png", "image/png", "<svg/>", 6, &u, &e), AT_EINVAL);
    assert_string_equal(e.field, "file");
    assert_int_equal(up(f, &f->lena, "a.html", "text/html", "<b>", 3, &u, &e), AT_EINVAL);
    assert_non_null(strstr(e.msg, "image/*, text/plain"));
    assert_int_equal(up(f, &f->lena, "a.txt", "text/plain", "", 0, &u, &e), AT_EINVAL);
    assert_int_equal(up(f, &f->lena, "a.txt", "text/plain", big, sizeof(big), &u, &e), AT_ETOOBIG);
    assert_int_equal(up(f, &f->lena, "  ", "text/plain", "x", 1, &u, &e), AT_EINVAL);
    assert_string_equal(e.field, "filename");
    /* another customer's ticket is not there for them */
    assert_int_equal(up(f, &f->cai, "a.txt", "text/plain", "x", 1, &u, &e), AT_ENOTFOUND);
}

static void test_a_file_goes_with_one_message_of_its_uploader(void **state)
{
    struct fixture *f = *state;
    struct at_errinfo e = {0};
    struct at_upload mine, theirs;
    struct at_attachment *list;
    struct at_message m;
    int64_t ids[1], n;
    size_t count;

    assert_int_equal(up(f, &f->lena, "shot.png", "image/png", PNG, sizeof(PNG), &mine, &e), 0);
    assert_int_equal(up(f, &f->agent, "log.txt", "text/plain", "log", 3, &theirs, &e), 0);
    /* not hers to send: nothing is written */
    ids[0] = theirs.id;
    assert_int_equal(at_desk_reply_with_files(&f->d, &f->lena, f->t.id, "And the log.",
                                              AT_VIS_PUBLIC, NULL, false, ids, 1, &f->arena, &m,
                                              NULL, &e),
                     AT_ENOTFOUND);
    assert_string_equal(e.field, "attachments");
    assert_int_equal(f->st->mail->attachment_list(f->st, f->t.id, &f->arena, &list, &count), 0);
    assert_int_equal(count, 0);
    ids[0] = mine.id;
    assert_int_equal(at_desk_reply_with_files(&f->d, &f->lena, f->t.id, "Here it is.",
                                              AT_VIS_PUBLIC, NULL, false, ids, 1, &f->arena, &m,
                                              NULL, &e),
                     0);
    assert_int_equal(f->st->mail->attachment_list(f->st, f->t.id, &f->arena, &list, &count), 0);
    assert_int_equal(count, 1);
    assert_int_equal(list[0].message_id, m.id);
    assert_string_equal(list[0].filename, "shot.png");
    /* once */
    assert_int_equal(at_desk_reply_with_files(&f->d, &f->lena, f->t.id, "Again.", AT_VIS_PUBLIC,
                                              NULL, false, ids, 1, &f->arena, &m, NULL, &e),
                     AT_ENOTFOUND);
    /* one never sent goes after a day */
    at_clock_advance(&f->clock, 25LL * 3600 * 1000);
    assert_int_equal(at_desk_uploads_purge(&f->d, &n), 0);
    assert_int_equal(n, 1);
}

static void test_pictures_are_known_by_their_bytes(void **state)
{
    const char *type;

    (void)state;
    assert_true(at_desk_inline_image(PNG, sizeof(PNG), &type));
    assert_string_equal(type, "image/png");
    assert_true(at_desk_inline_image("\xff\xd8\xff\xe0", 4, &type));
    assert_true(at_desk_inline_image("GIF89a..", 8, &type));
    assert_true(at_desk_inline_image("RIFF\0\0\0\0WEBPVP8 ", 16, &type));
    assert_false(at_desk_inline_image("<svg onload=alert(1)>", 21, &type));
    assert_false(at_desk_inline_image("\x89PN", 3, &type));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_files_are_checked_as_they_come, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_file_goes_with_one_message_of_its_uploader, setup,
                                        teardown),
        cmocka_unit_test(test_pictures_are_known_by_their_bytes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
