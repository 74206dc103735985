/* The desk's words: each list names exactly what its parser takes, and the feelings read right. */
#include "testutil.h"

#include <string.h>

#include "desk/desk.h"
#include "desk/vocabulary.h"
#include "store/model.h"
#include "text/text.h"

static struct at_words list(enum at_vocab_list l)
{
    struct at_words w = at_vocab(l);

    assert_non_null(w.w);
    assert_true(w.n > 0);
    for (size_t i = 0; i < w.n; i++) {
        assert_non_null(w.w[i].name);
        assert_true(w.w[i].label && w.w[i].label[0]);
        for (size_t j = 0; j < i; j++)
            if (strcmp(w.w[i].name, w.w[j].name) == 0)
                fail_msg("%s lists %s twice", at_vocab_name(l), w.w[i].name);
    }
    return w;
}

/* Every view once, every status and priority once, in their enum's order. */
static void test_lists_cover_their_kinds(void **state)
{
    struct at_words views = list(AT_VOCAB_VIEWS), st = list(AT_VOCAB_STATUSES),
                    pr = list(AT_VOCAB_PRIORITIES), roles = list(AT_VOCAB_ROLES);
    uint32_t seen = 0;

    (void)state;
    assert_int_equal(views.n, AT_VIEW_COUNT);
    for (size_t i = 0; i < views.n; i++) {
        enum at_view v;

        assert_true(at_view_parse(views.w[i].name, &v));
        seen |= 1u << v;
    }
    assert_int_equal(seen, (1u << AT_VIEW_COUNT) - 1);
    assert_string_equal(views.w[0].name, "mine"); /* key 1 */
    assert_int_equal(st.n, AT_STATUS_COUNT);
    for (size_t i = 0; i < st.n; i++)
        assert_string_equal(st.w[i].name, at_status_name((enum at_status)i));
    assert_string_equal(st.w[AT_STATUS_ON_HOLD].label, "on hold");
    assert_int_equal(pr.n, AT_PRIORITY_COUNT);
    for (size_t i = 0; i < pr.n; i++)
        assert_string_equal(pr.w[i].name, at_priority_name((enum at_priority)i));
    assert_int_equal(roles.n, AT_ROLE_COUNT - 1); /* staff only */
    for (size_t i = 0; i < roles.n; i++) {
        assert_string_equal(roles.w[i].name, at_role_name((enum at_role)(i + 1)));
        assert_non_null(roles.w[i].plural);
    }
}

/* The sorts: the first is the view's own order, the rest are what the API takes. */
static void test_sorts_parse(void **state)
{
    struct at_words s = list(AT_VOCAB_SORTS);

    (void)state;
    assert_string_equal(s.w[0].name, "");
    for (size_t i = 1; i < s.n; i++) {
        enum at_ticket_sort out;

        if (!at_sort_parse(s.w[i].name, &out))
            fail_msg("sort %s is not one the API takes", s.w[i].name);
    }
}

static void test_clocks_in_order(void **state)
{
    struct at_words c = list(AT_VOCAB_CLOCKS);

    (void)state;
    assert_int_equal(c.n, AT_CLOCK_COUNT);
    assert_string_equal(c.w[0].name, "first_response");
    assert_string_equal(at_vocab_clock_label(0), "first response");
    assert_string_equal(at_vocab_clock_label(AT_CLOCK_COUNT), "?");
    assert_null(at_vocab(AT_VOCAB_COUNT).w);
}

/* "sounds frustrated", never "sounds frustration"; every tone one of three. */
static void test_feelings_in_words(void **state)
{
    (void)state;
    for (int e = 0; e < AT_EMO_COUNT; e++) {
        const char *s = at_text_emotion_sounds((enum at_emotion)e);
        const char *t = at_text_emotion_tone((enum at_emotion)e);
        size_t n = strlen(s);

        assert_true(n > 2);
        if (strcmp(s, at_text_emotion_name((enum at_emotion)e)) == 0 && e != AT_EMO_CARING)
            fail_msg("%s sounds like its own name", s);
        if (n > 3 && strcmp(s + n - 3, "ion") == 0)
            fail_msg("%s is a noun", s);
        assert_true(!strcmp(t, "upset") || !strcmp(t, "glad") || !strcmp(t, "calm"));
    }
    assert_string_equal(at_text_service_sounds(AT_SVC_FRUSTRATION), "frustrated");
    assert_string_equal(at_text_service_tone(AT_SVC_FRUSTRATION), "upset");
    assert_string_equal(at_text_service_tone(AT_SVC_GRATITUDE), "glad");
    assert_string_equal(at_text_emotion_tone(AT_EMO_NEUTRAL), "calm");
    assert_string_equal(at_text_emotion_sounds(AT_EMO_FEAR), "afraid");
}

static void test_grades(void **state)
{
    (void)state;
    assert_string_equal(at_text_grade(AT_COACH_GOOD), "good");
    assert_string_equal(at_text_grade(AT_COACH_GOOD - 1), "fair");
    assert_string_equal(at_text_grade(AT_COACH_FAIR), "fair");
    assert_string_equal(at_text_grade(AT_COACH_FAIR - 1), "poor");
    assert_string_equal(at_text_grade(0), "poor");
    assert_string_equal(at_text_grade(100), "good");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists_cover_their_kinds),
        cmocka_unit_test(test_sorts_parse),
        cmocka_unit_test(test_clocks_in_order),
        cmocka_unit_test(test_feelings_in_words),
        cmocka_unit_test(test_grades),
    };

    return cmocka_run_group_tests_name("vocabulary", tests, NULL, NULL);
}
