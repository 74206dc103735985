/* The core library: buffers, slices, arenas, settings, clock, crypto. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/str.h"

static void test_buf_add_past_cap_fails_and_keeps_content(void **state)
{
    struct at_buf b = AT_BUF_INIT(4);

    (void)state;
    assert_int_equal(at_buf_add(&b, "abcd", 4), 0);
    assert_int_equal(at_buf_add(&b, "e", 1), AT_ETOOBIG);
    assert_string_equal(b.data, "abcd");
    assert_int_equal(b.len, 4);
    at_buf_release(&b);
    assert_string_equal(b.data, "");
}

static void test_buf_grows_and_formats(void **state)
{
    struct at_buf b = AT_BUF_INIT(AT_BUF_NOLIMIT);
    size_t len;
    char *p;

    (void)state;
    assert_string_equal(b.data, "");
    for (int i = 0; i < 1000; i++)
        assert_int_equal(at_buf_addf(&b, "%d,", i), 0);
    assert_true(b.len > 3000);
    assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
    at_buf_truncate(&b, 2);
    assert_string_equal(b.data, "0,");
    p = at_buf_detach(&b, &len);
    assert_int_equal(len, 2);
    assert_string_equal(p, "0,");
    assert_string_equal(b.data, "");
    free(p);
}

static void test_buf_addf_past_cap_appends_nothing(void **state)
{
    struct at_buf b = AT_BUF_INIT(8);

    (void)state;
    assert_int_equal(at_buf_adds(&b, "ab"), 0);
    assert_int_equal(at_buf_addf(&b, "%s", "0123456789"), AT_ETOOBIG);
    assert_string_equal(b.data, "ab");
    at_buf_release(&b);
}

static void test_str_helpers(void **state)
{
    struct at_str head, rest;
    int64_t n;

    (void)state;
    assert_true(at_str_eqc(at_str_trim(at_str_from("  hi \n")), "hi"));
    rest = at_str_cut(at_str_from("key=value=x"), '=', &head);
    assert_true(at_str_eqc(head, "key"));
    assert_true(at_str_eqc(rest, "value=x"));
    rest = at_str_cut(at_str_from("novalue"), '=', &head);
    assert_null(rest.p);
    assert_true(at_str_eqc(head, "novalue"));
    assert_true(at_str_to_i64(AT_STR("-42"), &n));
    assert_int_equal(n, -42);
    assert_true(at_str_to_i64(AT_STR("9223372036854775807"), &n));
    assert_false(at_str_to_i64(AT_STR("9223372036854775808"), &n));
    assert_false(at_str_to_i64(AT_STR("12a"), &n));
    assert_false(at_str_to_i64(AT_STR(""), &n));
    assert_false(at_str_to_i64(AT_STR("-"), &n));
    assert_true(at_str_eqc_nocase(AT_STR("HeLLo"), "hello"));
}

static void test_utf8_validation(void **state)
{
    (void)state;
    assert_true(at_utf8_valid("plain", 5));
    assert_true(at_utf8_valid("caf\xc3\xa9 \xf0\x9f\x98\x80", 10));
    assert_false(at_utf8_valid("\xff", 1));
    assert_false(at_utf8_valid("\xc0\xaf", 2));         /* overlong */
    assert_false(at_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    assert_false(at_utf8_valid("\xe2\x82", 2));         /* cut short */
    assert_false(at_utf8_valid("\xf4\x90\x80\x80", 4)); /* past U+10FFFF */
}

static void test_utf8_scrub(void **state)
{
    char a[] = "caf\xc3\xa9 \xff ok \xe2\x82";
    char b[] = "plain";

    (void)state;
    at_utf8_scrub(a);
    assert_string_equal(a, "caf\xc3\xa9 ? ok ??");
    assert_true(at_utf8_valid(a, strlen(a)));
    at_utf8_scrub(b);
    assert_string_equal(b, "plain");
}

static void test_arena_allocates_aligned_and_releases(void **state)
{
    struct at_arena a = AT_ARENA_INIT;
    char *s;
    void *big;

    (void)state;
    for (int i = 0; i < 2000; i++) {
        double *d = at_arena_alloc(&a, sizeof(double) * 3);

        assert_int_equal((uintptr_t)d % _Alignof(double), 0);
        d[2] = i;
    }
    big = at_arena_alloc(&a, 1 << 20);
    memset(big, 1, 1 << 20);
    s = at_arena_printf(&a, "%s-%d", "ticket", 7);
    assert_string_equal(s, "ticket-7");
    assert_string_equal(at_arena_strndup(&a, "abcdef", 3), "abc");
    assert_null(at_arena_strdup(&a, NULL));
    at_arena_reset(&a);
    assert_string_equal(at_arena_strdup(&a, "again"), "again");
    at_arena_release(&a);
}

static void test_config_naming_rule_and_precedence(void **state)
{
    struct at_config c;
    struct at_errinfo e = {0};
    char path[] = "/tmp/attune-config-XXXXXX";
    int fd = mkstemp(path);
    FILE *f;
    char *env[] = {"ATTUNE_LOG_LEVEL=warn", "ATTUNE_THREADS=6", "HOME=/root", NULL};
    char a0[] = "--threads", a1[] = "9", a2[] = "serve", a3[] = "--db=/tmp/x.db",
         a4[] = "--verbose";
    char *argv[] = {a0, a1, a2, a3, a4, NULL};
    char cfgflag[64];
    char *argv2[] = {cfgflag, NULL};
    int n;

    (void)state;
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    fprintf(f, "# comment\nlog_level = debug\nlisten = \"127.0.0.1:9999\"\nthreads = 2\n");
    fclose(f);
    snprintf(cfgflag, sizeof(cfgflag), "--config=%s", path);

    /* defaults < file < environment < flags */
    n = at_config_load(&c, 5, argv, env, &e);
    assert_int_equal(n, 2); /* "serve" and "--verbose" are left for the command */
    assert_string_equal(argv[0], "serve");
    assert_string_equal(argv[1], "--verbose");
    assert_string_equal(at_config_str(&c, "db"), "/tmp/x.db");
    assert_int_equal(at_config_int(&c, "threads"), 9);
    assert_string_equal(at_config_str(&c, "log_level"), "warn");
    at_config_release(&c);

    n = at_config_load(&c, 1, argv2, env, &e);
    assert_int_equal(n, 0);
    assert_string_equal(at_config_str(&c, "listen"), "127.0.0.1:9999");
    assert_string_equal(at_config_str(&c, "log_level"), "warn"); /* env beats the file */
    assert_int_equal(at_config_int(&c, "threads"), 6);
    at_config_release(&c);
    unlink(path);
}

static void test_config_rejects_bad_values(void **state)
{
    struct at_config c;
    struct at_errinfo e = {0};
    char *env_bad[] = {"ATTUNE_THREADZ=3", NULL};
    char a0[] = "--threads", a1[] = "0";
    char *argv[] = {a0, a1, NULL};
    char b0[] = "--durability", b1[] = "sometimes";
    char *argv_enum[] = {b0, b1, NULL};
    char m0[] = "--db";
    char *argv_missing[] = {m0, NULL};

    (void)state;
    assert_int_equal(at_config_load(&c, 0, NULL, env_bad, &e), AT_EINVAL);
    assert_non_null(strstr(e.msg, "ATTUNE_THREADZ"));
    at_config_release(&c);
    assert_int_equal(at_config_load(&c, 2, argv, NULL, &e), AT_EINVAL);
    assert_non_null(strstr(e.msg, "from 1 to 256"));
    at_config_release(&c);
    assert_int_equal(at_config_load(&c, 2, argv_enum, NULL, &e), AT_EINVAL);
    assert_non_null(strstr(e.msg, "full|normal"));
    at_config_release(&c);
    assert_int_equal(at_config_load(&c, 1, argv_missing, NULL, &e), AT_EINVAL);
    assert_non_null(strstr(e.msg, "needs a value"));
    at_config_release(&c);
}

static void test_config_print_masks_secrets(void **state)
{
    struct at_config c;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    (void)state;
    at_config_init(&c);
    at_config_print(&c, f);
    fclose(f);
    assert_non_null(strstr(buf, "db = attune.db\n"));
    assert_non_null(strstr(buf, "durability = full\n"));
    for (int i = 0; at_settings[i].name; i++) {
        if (at_settings[i].type != AT_SET_SECRET)
            continue;
        at_config_set(&c, at_settings[i].name, "hunter2", "flag", NULL);
    }
    free(buf);
    f = open_memstream(&buf, &len);
    at_config_print(&c, f);
    fclose(f);
    assert_null(strstr(buf, "hunter2"));
    free(buf);
    at_config_release(&c);
}

static void test_fake_clock_moves_only_when_told(void **state)
{
    struct at_clock c;
    char s[40];

    (void)state;
    at_clock_fake_init(&c, 1000);
    assert_int_equal(at_clock_now(&c), 1000);
    at_clock_advance(&c, 86400000);
    assert_int_equal(at_clock_now(&c), 86401000);
    at_time_format(0, s, sizeof(s));
    assert_string_equal(s, "1970-01-01T00:00:00.000Z");
    assert_true(at_clock_now(&at_clock_system) > 1700000000000LL);
}

static void test_password_hash_and_tokens(void **state)
{
    char hash[AT_PWHASH_LEN];
    char tok[65], tok2[65], sha[65];

    (void)state;
    at_crypto_init();
    at_crypto_set_cost("min");
    assert_int_equal(at_password_hash("correct horse", hash), 0);
    assert_true(strncmp(hash, "$argon2id$", 10) == 0);
    assert_true(at_password_verify(hash, "correct horse"));
    assert_false(at_password_verify(hash, "correct horsf"));
    assert_false(at_password_verify("", "x"));
    at_random_hex(tok, 32);
    at_random_hex(tok2, 32);
    assert_int_equal(strlen(tok), 64);
    assert_string_not_equal(tok, tok2);
    at_sha256_hex("abc", 3, sha);
    assert_string_equal(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_true(at_secret_eq("same", "same"));
    assert_false(at_secret_eq("same", "sam"));
}

static void test_errinfo(void **state)
{
    struct at_errinfo e;

    (void)state;
    at_errinfo_clear(&e);
    assert_int_equal(at_errinfo_set(&e, AT_EINVAL, "email", "bad %s", "thing"), AT_EINVAL);
    assert_string_equal(e.field, "email");
    assert_string_equal(e.msg, "bad thing");
    assert_int_equal(at_errinfo_set(NULL, AT_EPERM, NULL, "x"), AT_EPERM);
    assert_string_equal(at_err_name(AT_ENOTFOUND), "not_found");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_add_past_cap_fails_and_keeps_content),
        cmocka_unit_test(test_buf_grows_and_formats),
        cmocka_unit_test(test_buf_addf_past_cap_appends_nothing),
        cmocka_unit_test(test_str_helpers),
        cmocka_unit_test(test_utf8_validation),
        cmocka_unit_test(test_utf8_scrub),
        cmocka_unit_test(test_arena_allocates_aligned_and_releases),
        cmocka_unit_test(test_config_naming_rule_and_precedence),
        cmocka_unit_test(test_config_rejects_bad_values),
        cmocka_unit_test(test_config_print_masks_secrets),
        cmocka_unit_test(test_fake_clock_moves_only_when_told),
        cmocka_unit_test(test_password_hash_and_tokens),
        cmocka_unit_test(test_errinfo),
    };

    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
