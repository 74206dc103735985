#ifndef AT_DEMO_H
#define AT_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "desk/desk.h"

/* The password of every demo account. */
#define AT_DEMO_PASSWORD "attune-demo"

/* The demo's staff and portal logins, for printing. Ended by a row whose email is NULL. */
struct at_demo_login {
    const char *email;
    const char *name;
    enum at_role role;
};
extern const struct at_demo_login at_demo_logins[];

struct at_demo_opts {
    size_t tickets; /* how many tickets (default 300) */
    size_t
        customers; /* how many customers (default: about one for every three tickets, 50..5000) */
    uint64_t seed; /* the same seed gives the same demo */
    int64_t now;   /* the demo's history ends here (ms); 0: the desk's clock */
    /* called now and then with the tickets made so far, for a progress bar; may be NULL */
    void (*progress)(size_t done, size_t total, void *ctx);
    void *ctx;
};

/* What the demo loaded. */
struct at_demo_counts {
    size_t staff, customers, tickets, messages;
    size_t surveys_answered; /* surveys customers answered */
};

/*
 * Loads the demo through the desk (so every rule and event applies): staff,
 * a portal customer, customers with profiles, and tickets with conversations
 * whose times are spread over the last weeks. Solved tickets get their
 * survey; about half are answered, with scores that follow the conversation,
 * so poor answers open recovery tasks (most closed by the lead later) and
 * praise becomes recognition. The desk's clock is replaced by
 * a fake one while it runs and restored after. Batches many tickets into one
 * commit. Refuses (AT_ECONFLICT, with `e` saying so) a database that already
 * has the demo's accounts, and then changes nothing.
 */
int at_demo_load(struct at_desk *d, const struct at_demo_opts *opts, struct at_demo_counts *out,
                 struct at_errinfo *e);

#endif
