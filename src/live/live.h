/*
 * The live event stream: what changed, told to everyone watching as it
 * happens (new tickets and replies, a colleague viewing or writing). One
 * interface, so that a backend for several nodes can feed it later (the
 * database's notifications); today's is in-process, for one node: a ring of
 * the latest events and the watchers to wake when one arrives.
 *
 * Events are small and carry ids, never content: a client that hears of a
 * ticket asks the API for it, with its own rights. Thread-safe.
 */
#ifndef AT_LIVE_H
#define AT_LIVE_H

#include <stddef.h>
#include <stdint.h>

enum at_live_kind {
    AT_LIVE_TICKET = 1, /* a ticket changed: `what` holds enum at_ticket_what bits */
    AT_LIVE_PRESENCE,   /* someone's presence on a ticket changed: `state` */
    AT_LIVE_MENTION,    /* `user_id` mentioned `to_user_id` in a note on the ticket */
};

struct at_live_event {
    uint64_t seq; /* set by publish: increasing, from 1 */
    enum at_live_kind kind;
    int64_t ticket_id;
    int64_t customer_id; /* the ticket's customer: who besides staff may hear of it */
    int64_t user_id;     /* who did it (0: the system or a mail) */
    int64_t to_user_id;  /* a mention: who is told */
    unsigned what;
    char state[12]; /* presence: "viewing", "writing" or "left" */
    char name[208]; /* presence, mention: the person's name (names are at most 200 bytes) */
    int64_t at;     /* ms since the epoch */
};

struct at_live;

struct at_live_ops {
    /* Tells everyone: fills `ev->seq`. */
    void (*publish)(struct at_live *l, struct at_live_event *ev);
    /*
     * Copies at most `max` events after `after` (oldest first) into `out` and
     * returns how many; `*last` becomes the newest seq there is. When events
     * after `after` were dropped from the ring, `*gap` is set: the watcher
     * missed some and should read everything again.
     */
    size_t (*since)(struct at_live *l, uint64_t after, struct at_live_event *out, size_t max,
                    uint64_t *last, int *gap);
    /*
     * True when the stream still holds a ticket event for `ticket_id` made at
     * `at` or later: a change this stream told already.
     */
    int (*told)(struct at_live *l, int64_t ticket_id, int64_t at);
    /* Calls `wake(arg)` after every publish, from the publishing thread, until unwatched. */
    int (*watch)(struct at_live *l, void (*wake)(void *arg), void *arg);
    void (*unwatch)(struct at_live *l, void (*wake)(void *arg), void *arg);
    void (*free)(struct at_live *l);
};

struct at_live {
    const struct at_live_ops *ops;
};

/* The in-process stream for one node, holding the latest `ring` events (0: 1024). NULL: no memory.
 */
struct at_live *at_live_local_new(size_t ring);

#endif
