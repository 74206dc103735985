#ifndef AT_TESTUTIL_H
#define AT_TESTUTIL_H

/* What every cmocka test file includes first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/crypto.h"
#include "core/err.h"
#include "core/log.h"
#include "desk/desk.h"
#include "store/store.h"

/* A fresh, migrated in-memory store for one test; fails the test if it cannot open. */
static inline struct at_store *test_store_new(void)
{
    struct at_errinfo e = {0};
    struct at_store *st;

    at_log_set_level(AT_LOG_ERROR);
    at_crypto_init();
    at_crypto_set_cost("min");
    st = at_store_open(":memory:", AT_DURABLE_NORMAL, &e);
    if (!st)
        fail_msg("cannot open an in-memory store: %s", e.msg);
    return st;
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

#endif
