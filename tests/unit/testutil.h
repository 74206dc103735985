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

#endif
