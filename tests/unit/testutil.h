#ifndef AT_TESTUTIL_H
#define AT_TESTUTIL_H

/* What every cmocka test file includes first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/err.h"
#include "core/log.h"
#include "desk/desk.h"
#include "store/store.h"

/* The database files test_store_new() made, removed when the test program ends. */
static char test_store_files[64][96];
static int test_store_nfiles;

static inline void test_store_remove_files(void)
{
    static const char *const suffix[] = {"", "-wal", "-shm"};
    char p[128];

    for (int i = 0; i < test_store_nfiles; i++)
        for (size_t k = 0; k < sizeof(suffix) / sizeof(suffix[0]); k++) {
            snprintf(p, sizeof(p), "%.96s%s", test_store_files[i], suffix[k]);
            unlink(p);
        }
}

/*
 * A fresh, migrated store for one test; fails the test if it cannot open. The
 * backend comes from ATTUNE_TEST_STORE: unset or "memory", a private SQLite
 * database in memory; "file", a new SQLite file (through the shared writer
 * and group commit), removed when the program ends. Suites written against
 * the store's interface run unchanged on each.
 */
static inline struct at_store *test_store_new(void)
{
    const char *kind = getenv("ATTUNE_TEST_STORE");
    char url[128] = ":memory:";
    struct at_errinfo e = {0};
    struct at_store *st;

    at_log_set_level(AT_LOG_ERROR);
    at_crypto_init();
    at_crypto_set_cost("min");
    if (kind && strcmp(kind, "file") == 0) {
        if (test_store_nfiles == 64)
            fail_msg("more than 64 store files in one test program");
        if (test_store_nfiles == 0)
            atexit(test_store_remove_files);
        snprintf(test_store_files[test_store_nfiles], sizeof(test_store_files[0]),
                 "/tmp/attune-test-%d-%d.db", (int)getpid(), test_store_nfiles);
        snprintf(url, sizeof(url), "sqlite:%.96s", test_store_files[test_store_nfiles++]);
    } else if (kind && kind[0] && strcmp(kind, "memory") != 0) {
        fail_msg("ATTUNE_TEST_STORE is %s; use memory or file", kind);
    }
    st = at_store_open(url, AT_DURABLE_NORMAL, &e);
    if (!st)
        fail_msg("cannot open the store %s: %s", url, e.msg);
    return st;
}

/*
 * What the desk tests share: a fresh store, a fake clock at `now_ms`, a desk
 * over both and an arena. test_desk_stop() closes and frees them.
 */
static inline void test_desk_start(struct at_store **st, struct at_clock *clock, struct at_desk *d,
                                   struct at_arena *arena, int64_t now_ms)
{
    *st = test_store_new();
    at_clock_fake_init(clock, now_ms);
    at_desk_init(d, *st, clock);
    *arena = AT_ARENA_INIT;
}

static inline void test_desk_stop(struct at_store *st, struct at_arena *arena)
{
    st->core->close(st);
    at_arena_release(arena);
}

/* Adds a customer straight to the store (the fields a test does not care about empty). */
static inline int64_t test_customer_add_as(struct at_store *st, const char *name,
                                           const char *preferred, const char *email,
                                           const char *tier)
{
    struct at_customer c = {.name = name,
                            .preferred_name = preferred,
                            .email = email,
                            .phone = "",
                            .company = "",
                            .tier = tier,
                            .notes = "",
                            .created_at = 1,
                            .updated_at = 1};
    int64_t id = 0;

    assert_int_equal(st->tickets->customer_add(st, &c, &id), 0);
    return id;
}

static inline int64_t test_customer_add(struct at_store *st, const char *name, const char *email)
{
    return test_customer_add_as(st, name, "", email, "standard");
}

/* Adds a user through the desk on behalf of `by`, with the password "secret-pass", and
   makes `out` its actor; fails the test if the desk refuses. */
static inline void test_actor_add(struct at_desk *d, const struct at_actor *by,
                                  struct at_arena *arena, const char *email, const char *name,
                                  enum at_role role, struct at_actor *out)
{
    struct at_user u;

    assert_int_equal(at_desk_user_add(d, by, email, name, role, "secret-pass", arena, &u, NULL), 0);
    at_actor_from_user(out, &u);
}

/* The staff most desk tests start with: Ada Admin (admin@example.com) and an agent named
   `agent_name` (maya@example.com) added by her. */
static inline void test_team(struct at_desk *d, struct at_arena *arena, const char *agent_name,
                             struct at_actor *admin, struct at_actor *agent)
{
    test_actor_add(d, &at_actor_system, arena, "admin@example.com", "Ada Admin", AT_ROLE_ADMIN,
                   admin);
    test_actor_add(d, admin, arena, "maya@example.com", agent_name, AT_ROLE_AGENT, agent);
}

#endif
