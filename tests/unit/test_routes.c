/* The registry of routes: every handler file's list, as the server matches them. */
#include "testutil.h"

#include <string.h>

#include "http/http.h"

/* No two routes share a method and a pattern, and each is complete. */
static void test_routes_are_unique_and_complete(void **state)
{
    size_t ntables, total = 0;
    const struct at_route *const *tables = at_http_route_tables(&ntables);

    (void)state;
    assert_true(ntables > 0);
    for (size_t a = 0; a < ntables; a++) {
        for (const struct at_route *r = tables[a]; r->method; r++) {
            total++;
            assert_non_null(r->fn);
            assert_true(strncmp(r->pattern, "/api/", 5) == 0);
            assert_true(strcmp(r->method, "GET") == 0 || strcmp(r->method, "POST") == 0 ||
                        strcmp(r->method, "PUT") == 0 || strcmp(r->method, "PATCH") == 0 ||
                        strcmp(r->method, "DELETE") == 0);
            assert_int_equal(r->roles & ~(unsigned)(AT_R_ALL | AT_R_FILE), 0);
            for (size_t b = a; b < ntables; b++)
                for (const struct at_route *q = b == a ? r + 1 : tables[b]; q->method; q++)
                    if (strcmp(q->method, r->method) == 0 && strcmp(q->pattern, r->pattern) == 0)
                        fail_msg("%s %s is listed twice", r->method, r->pattern);
        }
    }
    /* every list is in the registry: the routes of this release, none lost */
    assert_true(total >= 55);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routes_are_unique_and_complete),
    };

    return cmocka_run_group_tests_name("routes", tests, NULL, NULL);
}
