#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "text/text.h"
#include "text/text_int.h"

#include "core/banned.h"

/* Golden tests of the text engine: short texts and the labels and spans they must produce. */

static struct at_text_engine *eng;
static struct at_arena arena;

static int setup(void **state)
{
    struct at_errinfo e = {0};

    (void)state;
    eng = at_text_load(NULL, &e);
    if (!eng) {
        fprintf(stderr, "cannot load the text engine: %s\n", e.msg);
        return -1;
    }
    at_arena_init(&arena);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    at_arena_release(&arena);
    at_text_free(eng);
    return 0;
}

static struct at_analysis analyze(const char *text)
{
    struct at_analysis a;

    assert_int_equal(at_text_analyze(eng, text, strlen(text), &arena, &a), 0);
    return a;
}

/* The evidence of `sig` whose bytes are exactly `word` in `text`, or NULL. */
static const struct at_evidence *evidence_on(const struct at_analysis *a, const char *text,
                                             enum at_signal sig, const char *word)
{
    const char *at = strstr(text, word);

    assert_non_null(at);
    for (size_t i = 0; i < a->n_evidence; i++) {
        const struct at_evidence *e = &a->evidence[i];

        if (e->signal == sig && e->start == (uint32_t)(at - text) &&
            e->end == (uint32_t)(at - text + (ptrdiff_t)strlen(word)))
            return e;
    }
    return NULL;
}

static bool has_emotion(const struct at_analysis *a, enum at_emotion e)
{
    return (a->emotions_present & (1u << e)) != 0;
}

static void test_negation_flips_polarity_with_evidence(void **state)
{
    const char *t = "I am not happy with this order";
    struct at_analysis a = analyze(t);
    const struct at_evidence *e = evidence_on(&a, t, AT_SIG_POLARITY, "happy");

    (void)state;
    assert_true(a.polarity < -0.05f);
    assert_non_null(e);
    assert_string_equal(e->why, "negated");
    assert_true(e->weight < 0);
    assert_true(analyze("I am happy with this order").polarity > 0.05f);
    /* "never received" is negated as well, and a complaint */
    a = analyze("I never received my package and nobody answers my emails");
    assert_true(a.complaint);
}

static void test_contrast_weights_what_follows_but(void **state)
{
    const char *t = "The food was good but the service was terrible";
    struct at_analysis a = analyze(t);
    const struct at_evidence *e = evidence_on(&a, t, AT_SIG_POLARITY, "terrible");

    (void)state;
    assert_true(a.polarity < -0.05f);
    assert_non_null(e);
    assert_string_equal(e->why, "after contrast");
    assert_true(analyze("The service was terrible but the food was good").polarity > 0.05f);
}

static void test_emphasis_capitals_exclamations_and_stretching(void **state)
{
    const char *t = "The new plan is GREAT";
    struct at_analysis caps = analyze("the new plan is good, the support is GREAT");
    struct at_analysis plain = analyze("the new plan is good, the support is great");
    struct at_analysis bang = analyze("the new plan is good, the support is great!!!");
    const char *s = "this is sooo goood";
    struct at_analysis st = analyze(s);

    (void)state;
    (void)t;
    assert_true(caps.polarity > plain.polarity);
    assert_true(bang.polarity > plain.polarity);
    assert_true(st.polarity > 0.05f);
    assert_non_null(evidence_on(&st, s, AT_SIG_POLARITY, "goood"));
    assert_string_equal(evidence_on(&st, s, AT_SIG_POLARITY, "goood")->why, "intensified");
}

static void test_intensifier_and_softener(void **state)
{
    struct at_analysis base = analyze("the delivery was bad");
    struct at_analysis very = analyze("the delivery was very bad");
    struct at_analysis bit = analyze("the delivery was slightly bad");

    (void)state;
    assert_true(very.polarity < base.polarity);
    assert_true(bit.polarity > base.polarity);
    assert_true(bit.polarity < 0);
}

static void test_emoji_and_emoticons(void **state)
{
    const char *t = "Thanks for the quick fix 😀";
    struct at_analysis a = analyze(t);
    const char *u = "still broken 😡😡";
    struct at_analysis b = analyze(u);

    (void)state;
    assert_true(a.polarity > 0.05f);
    assert_non_null(evidence_on(&a, t, AT_SIG_POLARITY, "😀"));
    assert_true(b.polarity < -0.05f);
    assert_true(analyze("my order came today :(").polarity < -0.05f);
    assert_true(analyze("my order came today :)").polarity > 0.05f);
}

static void test_urls_and_emails_carry_no_sentiment(void **state)
{
    struct at_analysis a =
        analyze("see https://great.example.com/love and mail good@happy.example");

    (void)state;
    assert_true(a.polarity > -0.05f && a.polarity < 0.05f);
}

static void test_emotions_present_with_evidence(void **state)
{
    const char *t = "Thank you so much for your help!";
    struct at_analysis a = analyze(t);
    struct at_analysis f = analyze("I am really scared that my account was hacked");
    struct at_analysis c = analyze("I'm confused, what does this charge mean?");

    (void)state;
    assert_true(has_emotion(&a, AT_EMO_GRATITUDE));
    assert_true(a.service_present & (1u << AT_SVC_GRATITUDE));
    assert_true(a.ekman_present & (1u << AT_EKMAN_JOY));
    assert_non_null(evidence_on(&a, t, AT_SIG_EMOTION, "Thank"));
    assert_true(has_emotion(&f, AT_EMO_FEAR) || has_emotion(&f, AT_EMO_NERVOUSNESS));
    assert_true(f.service_present & (1u << AT_SVC_ANXIETY));
    assert_true(has_emotion(&c, AT_EMO_CONFUSION));
    assert_true(c.service_present & (1u << AT_SVC_CONFUSION));
}

static void test_frustration_in_the_service_view(void **state)
{
    struct at_analysis a = analyze("This is ridiculous, I am so fed up with your useless support");

    (void)state;
    assert_true(a.service_present & (1u << AT_SVC_FRUSTRATION));
    assert_true(a.service[AT_SVC_FRUSTRATION] >= 0.5f);
    assert_true(a.polarity < -0.05f);
}

static void test_urgency_deadline_and_repeat(void **state)
{
    const char *t = "Please fix this ASAP, my flight is tomorrow";
    struct at_analysis a = analyze(t);
    const char *r = "This is the third time I write about this and it is still broken";
    struct at_analysis b = analyze(r);

    (void)state;
    assert_true(a.urgency >= 0.6f);
    assert_non_null(evidence_on(&a, t, AT_SIG_URGENCY, "ASAP"));
    assert_true(b.urgency >= 0.5f);
    assert_non_null(evidence_on(&b, r, AT_SIG_URGENCY, "third time"));
    assert_true(analyze("Just wanted to say the app looks nice").urgency < 0.01f);
    assert_true(analyze("this is not urgent").urgency < 0.01f);
}

static void test_each_risk_with_reason(void **state)
{
    static const struct {
        const char *text, *span;
        enum at_risk risk;
    } cases[] = {
        {"Fix it or I will cancel my subscription", "cancel my", AT_RISK_CANCEL},
        {"I'm switching to another provider next month", "switching to", AT_RISK_SWITCH},
        {"I will dispute the charge with my bank", "dispute the charge", AT_RISK_CHARGEBACK},
        {"My lawyer will hear about this", "lawyer", AT_RISK_LEGAL},
        {"I'm going to post this on social media", "social media", AT_RISK_PUBLIC},
        {"I want to speak to your supervisor now", "supervisor", AT_RISK_ESCALATE},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct at_analysis a = analyze(cases[i].text);
        const struct at_evidence *e = evidence_on(&a, cases[i].text, AT_SIG_RISK, cases[i].span);

        assert_int_equal(a.risk, cases[i].risk);
        assert_non_null(a.risk_reason);
        assert_non_null(e);
        assert_int_equal(e->label, cases[i].risk);
        assert_true(a.risk_score > 0.5f);
    }
    assert_int_equal(analyze("I love the new dashboard").risk, AT_RISK_NONE);
    assert_int_equal(analyze("I would never cancel, I love it").risk, AT_RISK_NONE);
}

static void test_complaint_yes_and_no(void **state)
{
    (void)state;
    assert_true(analyze("My order arrived broken and I want a refund").complaint);
    assert_true(analyze("Worst customer service ever, still waiting on hold").complaint);
    assert_false(analyze("Thanks, everything works perfectly now").complaint);
    assert_false(analyze("What time do you open on Saturday?").complaint);
}

static void test_bad_input(void **state)
{
    struct at_analysis a;
    struct at_errinfo e = {0};
    const char bad[] = "caf\xc3 ok";
    char *big;
    size_t n = 3 << 20;

    (void)state;
    assert_int_equal(at_text_analyze(eng, bad, sizeof(bad) - 1, &arena, &a), AT_EUTF8);
    assert_int_equal(at_text_validate(bad, sizeof(bad) - 1, &e), AT_EUTF8);
    assert_non_null(strstr(e.msg, "UTF-8"));
    assert_int_equal(at_text_analyze(eng, "", 0, &arena, &a), AT_EINVAL);
    assert_int_equal(at_text_analyze(eng, " \n\t ", 4, &arena, &a), AT_EINVAL);
    assert_int_equal(at_text_validate(" \n", 2, &e), AT_EINVAL);
    /* megabytes: the first AT_TEXT_MAX_BYTES are read, and the result says so */
    big = malloc(n);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = "terrible service "[i % 17];
    assert_int_equal(at_text_analyze(eng, big, n, &arena, &a), 0);
    assert_true(a.truncated);
    assert_true(a.polarity < 0);
    for (size_t i = 0; i < a.n_evidence; i++)
        assert_true(a.evidence[i].end <= AT_TEXT_MAX_BYTES);
    free(big);
    at_arena_reset(&arena);
}

static void test_missing_or_corrupt_weights_give_clear_errors(void **state)
{
    struct at_errinfo e = {0};
    char dir[] = "/tmp/attune-text-XXXXXX";
    char path[256];
    FILE *f;

    (void)state;
    assert_null(at_text_load("/nonexistent/attune-data", &e));
    assert_non_null(strstr(e.msg, "lexicon.tsv"));
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/lexicon.tsv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 200; i++)
        fprintf(f, "word%d\t%d.5\n", i, i % 3 - 1);
    fclose(f);
    memset(&e, 0, sizeof(e));
    assert_null(at_text_load(dir, &e));
    assert_non_null(strstr(e.msg, "emotions.bin"));
    snprintf(path, sizeof(path), "%s/emotions.bin", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("ATEMO\0\0\0 this is not a weights file", f);
    fclose(f);
    memset(&e, 0, sizeof(e));
    assert_null(at_text_load(dir, &e));
    assert_non_null(strstr(e.msg, "emotions.bin"));
    unlink(path);
    snprintf(path, sizeof(path), "%s/lexicon.tsv", dir);
    unlink(path);
    rmdir(dir);
}

static void test_analysis_json(void **state)
{
    struct at_analysis a = analyze("I am \"really\" upset\n, cancel it!");
    struct at_buf b = AT_BUF_INIT(1 << 20);
    json_error_t err;
    json_t *j;

    (void)state;
    assert_int_equal(at_text_analysis_json(&a, &b), 0);
    j = json_loads(b.data, 0, &err);
    assert_non_null(j);
    assert_true(json_is_number(json_object_get(j, "polarity")));
    assert_true(json_is_array(json_object_get(j, "emotions")));
    assert_true(json_is_boolean(json_object_get(j, "complaint")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "risk"), "kind")),
                        "cancel");
    assert_true(json_array_size(json_object_get(j, "evidence")) > 0);
    /* every label's score, under its name, with at most three decimals */
    for (int l = 0; l < AT_EMO_COUNT; l++) {
        json_t *v = json_object_get(json_object_get(j, "emotion_scores"),
                                    at_text_emotion_name((enum at_emotion)l));

        assert_true(json_is_number(v));
        assert_true(fabs(json_number_value(v) - a.emotion[l]) <= 0.0005 + 1e-6);
    }
    assert_int_equal(json_object_size(json_object_get(j, "emotion_scores")), AT_EMO_COUNT);
    assert_int_equal(json_object_size(json_object_get(j, "ekman_scores")), AT_EKMAN_COUNT);
    json_decref(j);
    at_buf_release(&b);
}

static void test_numbers_in_json_round_to_three_decimals(void **state)
{
    struct at_analysis a = analyze("fine");
    struct at_buf b = AT_BUF_INIT(1 << 20);
    static const struct {
        float v;
        const char *json;
    } cases[] = {
        {0.0f, "0"},          {0.0004f, "0"},       {-0.0004f, "0"}, {0.0005f, "0.001"},
        {-0.0005f, "-0.001"}, {0.25f, "0.25"},      {0.1f, "0.1"},   {-0.75f, "-0.75"},
        {1.0f, "1"},          {12.3456f, "12.346"}, {-3.0f, "-3"},   {0.999f, "0.999"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char want[64];

        a.polarity = cases[i].v;
        at_buf_reset(&b);
        assert_int_equal(at_text_analysis_json(&a, &b), 0);
        snprintf(want, sizeof(want), "{\"polarity\":%s,", cases[i].json);
        assert_memory_equal(b.data, want, strlen(want));
    }
    at_buf_release(&b);
}

static void test_spelling_variants_read_the_same(void **state)
{
    /* curly apostrophes, stretched letters and accents take the same paths as plain text */
    static const char *const pairs[][2] = {
        {"I don\xe2\x80\x99t like this at all", "I don't like this at all"},
        {"this is sooooo good, thanks", "this is sooo good, thanks"},
        {"the caf\xc3\xa9 was lovely", "the caf\xc3\xa9 was lovely"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        struct at_analysis a = analyze(pairs[i][0]);
        struct at_analysis b = analyze(pairs[i][1]);

        assert_int_equal(a.emotions_present, b.emotions_present);
        assert_true(a.polarity == b.polarity);
        assert_int_equal(a.n_tokens, b.n_tokens);
    }
}

/*
 * The tokenizer's fast path for ASCII words must give exactly the tokens of
 * its general path: random soups of words, capitals, stretched letters,
 * apostrophes (straight and curly), other scripts, ligatures, combining marks,
 * emoji, emoticons, URLs, emails, mentions, numbers and punctuation, glued
 * together or apart, through both.
 */
static void test_tokenizer_fast_path_matches_general_path(void **state)
{
    static const char *const pieces[] = {
        "Hello",
        "WORLD",
        "sooooo",
        "Nooooo",
        "dont",
        "don't",
        "Don\xe2\x80\x99t",
        "I'm",
        "caf\xc3\xa9",
        "Stra\xc3\x9f"
        "e",
        "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82",
        "na\xc3\xafve",
        "\xef\xac\x81ne",
        "\xef\xbc\xa6\xef\xbc\xb5\xef\xbc\xac\xef\xbc\xac",
        "e\xcc\x81",
        "x",
        "xD",
        "XD",
        ":)",
        ":'(",
        "<3",
        "T_T",
        "D:",
        "\xf0\x9f\x99\x82",
        "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
        "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7",
        "http://example.com/a?b=1",
        "www.test.org.",
        "HTTPS://X.Y",
        "a@b.co",
        "me@example.com",
        "@dana",
        "#fail",
        "5pm",
        "3rd",
        "1,000.50",
        "!!!",
        "?",
        "...",
        ",",
        "-",
        "'",
        "\xe2\x80\x99",
        "O'Brien",
        "rock'n'roll",
        "aaaBBB",
        "Hellooo",
        "ht",
        "ww",
        "how",
        "The",
        "Dx",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    };
    static const char *const gaps[] = {"", " ", "  ", "\t", "\n", "\xc2\xa0", ". ", "!"};
    uint64_t rng = 42;
    struct at_arena a1 = AT_ARENA_INIT, a2 = AT_ARENA_INIT;

    (void)state;
    for (int round = 0; round < 20000; round++) {
        char text[2048];
        size_t n = 0;
        int parts;
        struct toks fast, general;

        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        parts = 1 + (int)(rng % 12);
        for (int k = 0; k < parts; k++) {
            const char *p, *g;

            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            p = pieces[rng % (sizeof(pieces) / sizeof(pieces[0]))];
            g = gaps[(rng >> 20) % (sizeof(gaps) / sizeof(gaps[0]))];
            if (n + strlen(p) + strlen(g) >= sizeof(text))
                break;
            memcpy(text + n, p, strlen(p));
            n += strlen(p);
            memcpy(text + n, g, strlen(g));
            n += strlen(g);
        }
        text_tokenize(text, n, &a1, &fast);
        text_tokenize_general(text, n, &a2, &general);
        if (fast.n != general.n || fast.n_caps != general.n_caps || fast.n_words != general.n_words)
            fail_msg("\"%.*s\": %zu tokens against %zu", (int)n, text, fast.n, general.n);
        for (size_t i = 0; i < fast.n; i++) {
            const struct tok *x = &fast.v[i], *y = &general.v[i];

            if (x->start != y->start || x->end != y->end || x->kind != y->kind ||
                x->flags != y->flags || x->norm_len != y->norm_len || x->hash != y->hash ||
                memcmp(x->norm, y->norm, x->norm_len) != 0)
                fail_msg("\"%.*s\": token %zu (%.*s) differs", (int)n, text, i,
                         (int)(x->end - x->start), text + x->start);
        }
        at_arena_reset(&a1);
        at_arena_reset(&a2);
    }
    at_arena_release(&a1);
    at_arena_release(&a2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_negation_flips_polarity_with_evidence),
        cmocka_unit_test(test_contrast_weights_what_follows_but),
        cmocka_unit_test(test_emphasis_capitals_exclamations_and_stretching),
        cmocka_unit_test(test_intensifier_and_softener),
        cmocka_unit_test(test_emoji_and_emoticons),
        cmocka_unit_test(test_urls_and_emails_carry_no_sentiment),
        cmocka_unit_test(test_emotions_present_with_evidence),
        cmocka_unit_test(test_frustration_in_the_service_view),
        cmocka_unit_test(test_urgency_deadline_and_repeat),
        cmocka_unit_test(test_each_risk_with_reason),
        cmocka_unit_test(test_complaint_yes_and_no),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_missing_or_corrupt_weights_give_clear_errors),
        cmocka_unit_test(test_analysis_json),
        cmocka_unit_test(test_numbers_in_json_round_to_three_decimals),
        cmocka_unit_test(test_spelling_variants_read_the_same),
        cmocka_unit_test(test_tokenizer_fast_path_matches_general_path),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
