#include "testutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/embed.h"
#include "text/text.h"
#include "text/text_int.h"

#include "core/banned.h"

/*
 * The emotion model: its weights file (versions, checksum, size), that its
 * numbers are the same every time and on every thread, the decision rule,
 * and messages whose emotion is beyond doubt.
 */

static struct at_text_engine *eng;

static int setup(void **state)
{
    struct at_errinfo e = {0};

    (void)state;
    eng = at_text_load(NULL, &e);
    if (!eng) {
        fprintf(stderr, "cannot load the text engine: %s\n", e.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    at_text_free(eng);
    return 0;
}

static const struct at_embedded *data_file(const char *name)
{
    for (const struct at_embedded *f = at_data_files; f->name; f++) {
        if (strcmp(f->name, name) == 0)
            return f;
    }
    fail_msg("%s is not built in", name);
    return NULL;
}

static void put_file(const char *dir, const char *name, const void *p, size_t n)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void remove_files(const char *dir)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/lexicon.tsv", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/emotions.bin", dir);
    unlink(path);
    rmdir(dir);
}

/* Loads the built-in lexicon with `model` (n bytes) as emotions.bin; NULL and `e` on error. */
static struct at_text_engine *load_with(const uint8_t *model, size_t n, struct at_errinfo *e)
{
    const struct at_embedded *lex = data_file("lexicon.tsv");
    char dir[] = "/tmp/attune-emo-XXXXXX";
    struct at_text_engine *x;

    assert_non_null(mkdtemp(dir));
    put_file(dir, "lexicon.tsv", lex->data, lex->len);
    put_file(dir, "emotions.bin", model, n);
    memset(e, 0, sizeof(*e));
    x = at_text_load(dir, e);
    remove_files(dir);
    return x;
}

static uint8_t *model_copy(size_t *n)
{
    const struct at_embedded *f = data_file("emotions.bin");
    uint8_t *p = malloc(f->len);

    assert_non_null(p);
    memcpy(p, f->data, f->len);
    *n = f->len;
    return p;
}

static void set_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void test_weights_file_as_shipped_loads_from_a_folder(void **state)
{
    struct at_errinfo e;
    size_t n;
    uint8_t *p = model_copy(&n);
    struct at_text_engine *x = load_with(p, n, &e);
    struct at_arena a1 = AT_ARENA_INIT, a2 = AT_ARENA_INIT;
    struct at_analysis r1, r2;
    const char *text = "I waited two weeks and the parcel never came, I'm really upset.";

    (void)state;
    assert_non_null(x);
    /* a few megabytes at most: the repository stays small */
    assert_true(n < 4u * 1024 * 1024);
    assert_int_equal(at_text_analyze(eng, text, strlen(text), &a1, &r1), 0);
    assert_int_equal(at_text_analyze(x, text, strlen(text), &a2, &r2), 0);
    assert_memory_equal(r1.emotion, r2.emotion, sizeof(r1.emotion));
    assert_int_equal(r1.emotions_present, r2.emotions_present);
    at_arena_release(&a1);
    at_arena_release(&a2);
    at_text_free(x);
    free(p);
}

static void test_old_versions_are_refused_with_a_clear_error(void **state)
{
    struct at_errinfo e;
    size_t n;
    uint8_t *p = model_copy(&n);

    (void)state;
    /* format version 2: the linear model alone, as shipped before the net */
    set_u32(p + 8, 2);
    assert_null(load_with(p, n, &e));
    assert_int_equal(e.code, AT_EINVAL);
    assert_non_null(strstr(e.msg, "emotions.bin has version 2/"));
    assert_non_null(strstr(e.msg, "attune train emotions"));
    /* a feature version from elsewhere */
    set_u32(p + 8, EMO_VERSION);
    set_u32(p + 12, 99);
    assert_null(load_with(p, n, &e));
    assert_non_null(strstr(e.msg, "/99"));
    free(p);
}

static void test_corrupt_or_cut_files_are_refused(void **state)
{
    struct at_errinfo e;
    size_t n;
    uint8_t *p = model_copy(&n);

    (void)state;
    /* one weight changed: the checksum says so */
    p[n / 2] ^= 0x5a;
    assert_null(load_with(p, n, &e));
    assert_non_null(strstr(e.msg, "checksum"));
    p[n / 2] ^= 0x5a;
    /* cut short: the size says so */
    assert_null(load_with(p, n - 100, &e));
    assert_non_null(strstr(e.msg, "truncated"));
    /* only the start of a header */
    assert_null(load_with(p, 40, &e));
    assert_non_null(strstr(e.msg, "emotions.bin"));
    /* another net shape than this program's */
    set_u32(p + 32, EMO_HIDDEN * 2);
    assert_null(load_with(p, n, &e));
    assert_non_null(strstr(e.msg, "hidden"));
    free(p);
}

static const char *const texts[] = {
    "Thank you so much for your help!",
    "I'm so scared about the surgery tomorrow.",
    "This is hilarious, I can't stop laughing.",
    "Ugh, this is so annoying. Third time I call and still nothing!!",
    "It's on the second shelf.",
    "\xF0\x9F\x98\xA1 nobody answers my emails",
    "ok",
};
#define N_TEXTS (sizeof(texts) / sizeof(texts[0]))

static void analyze_all(const struct at_text_engine *x, float out[][AT_EMO_COUNT], uint32_t *set)
{
    struct at_arena a = AT_ARENA_INIT;

    for (size_t i = 0; i < N_TEXTS; i++) {
        struct at_analysis r;

        assert_int_equal(at_text_analyze(x, texts[i], strlen(texts[i]), &a, &r), 0);
        memcpy(out[i], r.emotion, sizeof(r.emotion));
        set[i] = r.emotions_present;
        at_arena_reset(&a);
    }
    at_arena_release(&a);
}

struct run {
    float p[N_TEXTS][AT_EMO_COUNT];
    uint32_t set[N_TEXTS];
};

static void *run_thread(void *arg)
{
    struct run *r = arg;

    for (int k = 0; k < 50; k++)
        analyze_all(eng, r->p, r->set);
    return NULL;
}

static void test_same_numbers_every_time_and_on_every_thread(void **state)
{
    static struct run first, again, t[2];
    struct at_errinfo e = {0};
    struct at_text_engine *other = at_text_load(NULL, &e);
    pthread_t th[2];

    (void)state;
    assert_non_null(other);
    analyze_all(eng, first.p, first.set);
    analyze_all(other, again.p, again.set);
    assert_memory_equal(first.p, again.p, sizeof(first.p));
    assert_memory_equal(first.set, again.set, sizeof(first.set));
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, run_thread, &t[i]), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_memory_equal(first.p, t[i].p, sizeof(first.p));
        assert_memory_equal(first.set, t[i].set, sizeof(first.set));
    }
    for (size_t i = 0; i < N_TEXTS; i++) {
        assert_true(first.set[i] != 0);
        for (int l = 0; l < AT_EMO_COUNT; l++)
            assert_true(first.p[i][l] >= 0 && first.p[i][l] <= 1);
    }
    at_text_free(other);
}

static void test_decide_rule(void **state)
{
    float p[AT_EMO_COUNT], th[AT_EMO_COUNT], group[AT_EKMAN_COUNT];

    (void)state;
    for (int l = 0; l < AT_EMO_COUNT; l++) {
        p[l] = 0.01f;
        th[l] = 0.5f;
    }
    for (int g = 0; g < AT_EKMAN_COUNT; g++)
        group[g] = 2.0f;
    /* nothing over its threshold: the label nearest its own */
    p[AT_EMO_CURIOSITY] = 0.3f;
    th[AT_EMO_CURIOSITY] = 0.4f;
    p[AT_EMO_JOY] = 0.35f;
    assert_int_equal(text_emo_decide(p, th, group), 1u << AT_EMO_CURIOSITY);
    /* every label over its threshold */
    p[AT_EMO_GRATITUDE] = 0.9f;
    p[AT_EMO_RELIEF] = 0.6f;
    assert_int_equal(text_emo_decide(p, th, group),
                     (1u << AT_EMO_GRATITUDE) | (1u << AT_EMO_RELIEF));
    /* a little annoyed and a little disapproving: together over the anger group's threshold */
    p[AT_EMO_RELIEF] = p[AT_EMO_CURIOSITY] = p[AT_EMO_JOY] = 0.01f;
    p[AT_EMO_ANNOYANCE] = 0.3f;
    p[AT_EMO_DISAPPROVAL] = 0.4f;
    group[AT_EKMAN_ANGER] = 0.6f;
    assert_int_equal(text_emo_decide(p, th, group),
                     (1u << AT_EMO_GRATITUDE) | (1u << AT_EMO_DISAPPROVAL));
    /* not enough together */
    group[AT_EKMAN_ANGER] = 0.8f;
    assert_int_equal(text_emo_decide(p, th, group), 1u << AT_EMO_GRATITUDE);
    /* the group rule off */
    group[AT_EKMAN_ANGER] = 2.0f;
    assert_int_equal(text_emo_decide(p, th, group), 1u << AT_EMO_GRATITUDE);
}

static uint32_t present(const char *text)
{
    struct at_arena a = AT_ARENA_INIT;
    struct at_analysis r;
    uint32_t set;

    assert_int_equal(at_text_analyze(eng, text, strlen(text), &a, &r), 0);
    set = r.emotions_present;
    at_arena_release(&a);
    return set;
}

#define HAS(set, l) (((set) & (1u << (l))) != 0)

static void test_unmistakable_emotions(void **state)
{
    (void)state;
    assert_true(HAS(present("Thank you so much for your help!"), AT_EMO_GRATITUDE));
    assert_true(HAS(present("This is hilarious, I can't stop laughing."), AT_EMO_AMUSEMENT));
    assert_true(HAS(present("I love you guys so much."), AT_EMO_LOVE));
    assert_true(HAS(present("That's disgusting."), AT_EMO_DISGUST));
    assert_true(HAS(present("I'm so angry right now, this is outrageous."), AT_EMO_ANGER));
    assert_true(HAS(present("What do you mean? I don't understand."), AT_EMO_CONFUSION));
    assert_true(HAS(present("I really hope it works out for you."), AT_EMO_OPTIMISM));
    assert_true(HAS(present("I wish I had a car like that."), AT_EMO_DESIRE));
    assert_true(HAS(present("It's on the second shelf."), AT_EMO_NEUTRAL));
    {
        uint32_t s = present("I'm so scared about the surgery tomorrow.");

        assert_true(HAS(s, AT_EMO_FEAR) || HAS(s, AT_EMO_NERVOUSNESS));
    }
    {
        uint32_t s = present("My dog died yesterday and I can't stop crying.");

        assert_true(HAS(s, AT_EMO_SADNESS) || HAS(s, AT_EMO_GRIEF));
        assert_false(HAS(s, AT_EMO_JOY));
    }
    /* and not the opposite side */
    assert_false(HAS(present("Thank you so much for your help!"), AT_EMO_ANGER));
    assert_false(HAS(present("I'm so angry right now, this is outrageous."), AT_EMO_JOY));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weights_file_as_shipped_loads_from_a_folder),
        cmocka_unit_test(test_old_versions_are_refused_with_a_clear_error),
        cmocka_unit_test(test_corrupt_or_cut_files_are_refused),
        cmocka_unit_test(test_same_numbers_every_time_and_on_every_thread),
        cmocka_unit_test(test_decide_rule),
        cmocka_unit_test(test_unmistakable_emotions),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
