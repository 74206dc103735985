#include "testutil.h"
#include "textutil.h"

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
    /* writing again is pressing, but on its own no emergency: the low band */
    assert_true(b.urgency >= 0.3f && b.urgency < 0.6f);
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
        ("Stra\xc3\x9f" /* the hex escape ends here */ "e"),
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

/* The 3-class reading of a polarity, as the evaluation scores it. */
static int polarity_class(float p)
{
    return p > 0.05f ? 1 : p < -0.05f ? -1 : 0;
}

#define NOT_NEGATIVE 2 /* positive or neutral */

/* Structure: which clause carries the customer's own, present view. */
static void test_structure_reads_whose_view_and_when(void **state)
{
    static const struct {
        const char *text;
        int want; /* -1, 0, 1 or NOT_NEGATIVE */
    } cases[] = {
        {"Although the agent was kind, my card was charged twice.", -1},
        {"The agent was kind, but my card was charged twice.", -1},
        {"My card was charged twice, but the agent was lovely about it.", 1},
        {"The room was nice. The staff were rude, though.", -1},
        {"I thought the flight would be awful, but it was not.", NOT_NEGATIVE},
        {"I expected a great stay, but it wasn't.", -1},
        {"I was hoping the refund process would be quick. It wasn't.", -1},
        {"I thought it would be a nightmare, but the agent was brilliant.", 1},
        {"I used to think the app was horrible, now I think it is fantastic.", 1},
        {"I used to think the app was fantastic, now I think it is horrible.", -1},
        {"This app used to be great.", -1},
        {"It was great until the last update.", -1},
        {"Once amazing, now mediocre.", -1},
        {"This airline was my favourite. Not anymore.", -1},
        {"Do I think that flight was great? No.", -1},
        {"Do I think that flight was awful? No.", NOT_NEGATIVE},
        {"Was the agent helpful? Yes, very.", 1},
        {"My friend thinks the hotel is awful, but I think it is lovely.", 1},
        {"I think the hotel is lovely, but my friend thinks it is awful.", 1},
        {"Everyone raves about this hotel. I thought it was dreadful.", -1},
        {"I don't think, given my history with airlines, that this is an amazing crew.", -1},
        {"Nothing about the delivery was terrible.", NOT_NEGATIVE},
        {"The installer was hardly easy to use.", -1},
        {"Great location, terrible hotel.", -1},
        {"Terrible location, great hotel.", 1},
        {"The quality is awful, but at least the price was good.", -1},
        {"I thought it would be terrible. I was wrong.", NOT_NEGATIVE},
        {"I was worried the hotel would be noisy, but it was quiet.", NOT_NEGATIVE},
        {"Everyone warned me the airline was awful. They were wrong.", NOT_NEGATIVE},
        {"The first few months were great. After that, it fell apart.", -1},
        {"I'm not as happy as I used to be.", -1},
        {"It's not what it used to be.", -1},
        {"I was worried the repair would be expensive, but it cost almost nothing.", 1},
        {"We were promised a callback, and nobody called.", -1},
        {"I was convinced the refund would never come, but it came within two days.", NOT_NEGATIVE},
        {"I expected the worst from the new billing system. It has been fine.", 1},
        {"I expected the room to be ready at three, but it wasn't ready until seven.", -1},
        {"We assumed the invoice would be correct. It was wrong again.", -1},
        {"The service went from excellent to awful in a year.", -1},
        {"The service went from awful to excellent in a year.", 1},
        {"Three months ago I would have recommended you. Today I would not.", -1},
        {"My first order arrived broken. My second order was perfect.", 1},
        {"The coffee machine was fantastic for a year and now leaks everywhere.", -1},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct at_analysis a = analyze(cases[i].text);
        int got = polarity_class(a.polarity);

        if (cases[i].want == NOT_NEGATIVE ? got < 0 : got != cases[i].want)
            fail_msg("\"%s\": polarity %.3f, want %d", cases[i].text, a.polarity, cases[i].want);
        at_arena_reset(&arena);
    }
}

/* Courtesy: thanks that are politeness, praise that is sarcasm. */
static void test_courtesy_is_not_feeling(void **state)
{
    const char *t = "Thanks, but I still cannot see the Invite button";
    struct at_analysis a = analyze(t);
    const struct at_evidence *e = evidence_on(&a, t, AT_SIG_POLARITY, "Thanks");

    (void)state;
    assert_true(a.polarity < -0.05f);
    assert_false(a.emotions_present & (1u << AT_EMO_GRATITUDE));
    assert_false(a.service_present & (1u << AT_SVC_GRATITUDE));
    assert_non_null(e);
    assert_string_equal(e->why, "politeness");

    t = "Great, another update that broke everything. Thanks a lot.";
    a = analyze(t);
    assert_true(a.polarity < -0.3f);
    assert_true(a.complaint);
    assert_false(a.emotions_present & ((1u << AT_EMO_ADMIRATION) | (1u << AT_EMO_GRATITUDE)));
    assert_string_equal(evidence_on(&a, t, AT_SIG_POLARITY, "Great")->why, "sarcasm");
    assert_true(a.service_present & ((1u << AT_SVC_FRUSTRATION) | (1u << AT_SVC_SADNESS)));
    assert_false(a.service_present & ((1u << AT_SVC_JOY) | (1u << AT_SVC_GRATITUDE)));

    assert_true(analyze("Oh wonderful, charged twice").polarity < -0.05f);
    assert_true(analyze("Thanks for nothing.").polarity < -0.05f);
    assert_true(analyze("Thanks so much for charging me twice for one order.").polarity < -0.05f);
    a = analyze("Could you tell me how to change my email address? Thanks in advance");
    assert_int_equal(polarity_class(a.polarity), 0);
    /* real thanks stay thanks */
    a = analyze("Thank you so much, it works now!");
    assert_true(a.polarity > 0.05f);
    assert_true(a.service_present & (1u << AT_SVC_GRATITUDE));
    assert_true(analyze("Great, thanks! The refund arrived this morning.").polarity > 0.05f);
    assert_true(analyze("Thanks for the quick fix 😀").polarity > 0.05f);
}

/* No drift: text with no sentiment evidence stays neutral, whatever the model guesses. */
static void test_no_sentiment_stays_neutral(void **state)
{
    /* words the model has no row for, and emoji with modifiers and flags (a fuzzer's find) */
    static const char odd[] = "caf\xc3\xa9 \xe2\x80\x99 I\xe2\x80\x99m confused\xef\xbc\x81 "
                              "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd \xf0\x9f\x87\xab\xf0\x9f\x87\xb7";
    static const char *const neutral[] = {
        "That staff is not Canadian.",
        "My order number is 4411.",
        "The flight leaves at 5pm",
        "My account was created in 2020.",
        "Is there a free trial for the Team plan?",
        "I'd like to add a second user to my account. What do you need from me?",
        "Please cancel my newsletter subscription from next month.",
    };

    (void)state;
    (void)analyze(odd);
    for (size_t i = 0; i < sizeof(neutral) / sizeof(neutral[0]); i++) {
        struct at_analysis a = analyze(neutral[i]);

        if (polarity_class(a.polarity) != 0)
            fail_msg("\"%s\": polarity %.3f, want neutral", neutral[i], a.polarity);
        at_arena_reset(&arena);
    }
}

/* Changes that mean nothing (punctuation, numbers, names, a URL) leave the class alone. */
static void test_small_edits_keep_the_class(void **state)
{
    static const char *const bases[] = {
        "My parcel was 11 days late and nobody answered my emails.",
        "The agent Sarah was brilliant and sorted it in 5 minutes.",
        "I need to change the delivery address for order 55123.",
        "Thanks, but the app still crashes when I open the invoices page.",
        "Although the driver in Leeds was polite, the box arrived crushed.",
        "Can you tell me when the Manchester store opens on Sunday?",
        "I was charged 49.99 twice this month, please refund one of them.",
        "The new dashboard is lovely and much faster than before.",
    };
    static const struct {
        const char *from, *to;
    } swaps[] = {
        {"11", "10"},       {"5", "6"},           {"55123", "80871"},       {"49.99", "12.50"},
        {"Sarah", "Priya"}, {"Leeds", "Bristol"}, {"Manchester", "Glasgow"}};
    char buf[512];

    (void)state;
    for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
        const char *b = bases[i];
        size_t n = strlen(b);
        int want = polarity_class(analyze(b).polarity);

        /* without the final full stop */
        snprintf(buf, sizeof(buf), "%.*s", (int)(n - 1), b);
        assert_int_equal(polarity_class(analyze(buf).polarity), want);
        /* with a link, bare or in brackets */
        snprintf(buf, sizeof(buf), "%s https://help.example.com/a/123", b);
        assert_int_equal(polarity_class(analyze(buf).polarity), want);
        snprintf(buf, sizeof(buf), "%s (http://bit.ly/3xYz9)", b);
        assert_int_equal(polarity_class(analyze(buf).polarity), want);
        snprintf(buf, sizeof(buf), "%s (www.example.org/help)", b);
        assert_int_equal(polarity_class(analyze(buf).polarity), want);
        for (size_t k = 0; k < sizeof(swaps) / sizeof(swaps[0]); k++) {
            const char *at = strstr(b, swaps[k].from);

            if (!at)
                continue;
            snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - b), b, swaps[k].to,
                     at + strlen(swaps[k].from));
            if (polarity_class(analyze(buf).polarity) != want)
                fail_msg("\"%s\" reads %d, \"%s\" reads otherwise", b, want, buf);
        }
        at_arena_reset(&arena);
    }
}

/* Service signals with reasons: deadlines, panic, outages, disputes, threats. */
static void test_service_signals(void **state)
{
    const char *t = "honestly I'm fed up... I need this money back before rent is due";
    struct at_analysis a = analyze(t);

    (void)state;
    assert_true(a.polarity < -0.05f);
    assert_true(a.complaint);
    assert_true(a.urgency >= 0.5f);
    assert_non_null(evidence_on(&a, t, AT_SIG_URGENCY, "rent"));

    t = "I am panicking, my wedding is on Saturday and the dress has not arrived";
    a = analyze(t);
    assert_true(a.urgency >= 0.6f);
    assert_non_null(evidence_on(&a, t, AT_SIG_URGENCY, "panicking"));
    assert_true(a.service_present & (1u << AT_SVC_ANXIETY));

    t = "If this is not refunded I will dispute it with my bank";
    a = analyze(t);
    assert_int_equal(a.risk, AT_RISK_CHARGEBACK);
    assert_non_null(evidence_on(&a, t, AT_SIG_RISK, "dispute it"));

    t = "URGENT: site is down, we are losing money. Fix it NOW or we cancel";
    a = analyze(t);
    assert_true(a.urgency >= 0.8f);
    assert_int_equal(a.risk, AT_RISK_CANCEL);
    assert_true(a.polarity < -0.3f);
    assert_non_null(evidence_on(&a, t, AT_SIG_URGENCY, "is down"));
    assert_non_null(evidence_on(&a, t, AT_SIG_URGENCY, "losing money"));

    a = analyze("Our flight is in two hours and the app won't show the boarding pass");
    assert_true(a.urgency >= 0.6f);
    /* a deadline days away is the low band; the customer may say it can wait */
    a = analyze("Could you update my address before next Friday?");
    assert_true(a.urgency >= 0.3f && a.urgency < 0.6f);
    assert_true(analyze("No rush, but could you update my address before next Friday?").urgency <
                0.3f);
    /* a date in a message of thanks is no deadline */
    assert_true(analyze("The staff at the store were so lovely today, thank you").urgency < 0.3f);
    /* repeated contact is pressing but stays in the low band alone */
    a = analyze("This is my fifth email about the same invoice.");
    assert_true(a.urgency >= 0.3f && a.urgency < 0.6f);
    /* an ordinary question is no complaint; a calm report of a failure is */
    assert_false(analyze("How do I export my data to a spreadsheet?").complaint);
    assert_true(
        analyze("My order 7741 arrived with one chair missing and nobody replied.").complaint);
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
        cmocka_unit_test(test_structure_reads_whose_view_and_when),
        cmocka_unit_test(test_courtesy_is_not_feeling),
        cmocka_unit_test(test_no_sentiment_stays_neutral),
        cmocka_unit_test(test_small_edits_keep_the_class),
        cmocka_unit_test(test_service_signals),
    };

    return cmocka_run_group_tests(tests, text_setup, text_teardown);
}
