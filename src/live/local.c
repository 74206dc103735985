/* The live event stream of one node, in-process: a ring under a mutex (see live.h). */
#include "live/live.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/banned.h"

#define WATCHERS_MAX 8

struct local {
    struct at_live base;
    pthread_mutex_t lock;
    struct at_live_event *ring;
    size_t cap;
    uint64_t seq; /* of the newest event; the ring holds seq - cap + 1 .. seq */
    struct {
        void (*wake)(void *);
        void *arg;
    } watchers[WATCHERS_MAX];
    size_t nwatchers;
};

static void local_publish(struct at_live *l, struct at_live_event *ev)
{
    struct local *s = (struct local *)l;
    size_t n;
    void (*wake[WATCHERS_MAX])(void *);
    void *arg[WATCHERS_MAX];

    pthread_mutex_lock(&s->lock);
    ev->seq = ++s->seq;
    s->ring[ev->seq % s->cap] = *ev;
    n = s->nwatchers;
    for (size_t i = 0; i < n; i++) {
        wake[i] = s->watchers[i].wake;
        arg[i] = s->watchers[i].arg;
    }
    pthread_mutex_unlock(&s->lock);
    /* outside the lock: a watcher may read the stream from its wake */
    for (size_t i = 0; i < n; i++)
        wake[i](arg[i]);
}

static size_t local_since(struct at_live *l, uint64_t after, struct at_live_event *out, size_t max,
                          uint64_t *last, int *gap)
{
    struct local *s = (struct local *)l;
    uint64_t first;
    size_t n = 0;

    pthread_mutex_lock(&s->lock);
    *last = s->seq;
    first = s->seq >= s->cap ? s->seq - s->cap + 1 : 1;
    *gap = after + 1 < first && after < s->seq;
    if (after + 1 > first)
        first = after + 1;
    for (uint64_t q = first; q <= s->seq && n < max; q++)
        out[n++] = s->ring[q % s->cap];
    pthread_mutex_unlock(&s->lock);
    return n;
}

static int local_told(struct at_live *l, int64_t ticket_id, int64_t at)
{
    struct local *s = (struct local *)l;
    uint64_t first;
    int found = 0;

    pthread_mutex_lock(&s->lock);
    first = s->seq >= s->cap ? s->seq - s->cap + 1 : 1;
    /* newest first: a recent change is found at once */
    for (uint64_t q = s->seq; q >= first && q > 0 && !found; q--) {
        const struct at_live_event *ev = &s->ring[q % s->cap];

        found = ev->kind == AT_LIVE_TICKET && ev->ticket_id == ticket_id && ev->at >= at;
    }
    pthread_mutex_unlock(&s->lock);
    return found;
}

static int local_watch(struct at_live *l, void (*wake)(void *), void *arg)
{
    struct local *s = (struct local *)l;
    int ret = -1;

    pthread_mutex_lock(&s->lock);
    if (s->nwatchers < WATCHERS_MAX) {
        s->watchers[s->nwatchers].wake = wake;
        s->watchers[s->nwatchers].arg = arg;
        s->nwatchers++;
        ret = 0;
    }
    pthread_mutex_unlock(&s->lock);
    return ret;
}

static void local_unwatch(struct at_live *l, void (*wake)(void *), void *arg)
{
    struct local *s = (struct local *)l;

    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->nwatchers; i++) {
        if (s->watchers[i].wake == wake && s->watchers[i].arg == arg) {
            s->watchers[i] = s->watchers[--s->nwatchers];
            break;
        }
    }
    pthread_mutex_unlock(&s->lock);
}

static void local_free(struct at_live *l)
{
    struct local *s = (struct local *)l;

    if (!s)
        return;
    pthread_mutex_destroy(&s->lock);
    free(s->ring);
    free(s);
}

static const struct at_live_ops local_ops = {
    .publish = local_publish,
    .since = local_since,
    .told = local_told,
    .watch = local_watch,
    .unwatch = local_unwatch,
    .free = local_free,
};

struct at_live *at_live_local_new(size_t ring)
{
    struct local *s = calloc(1, sizeof(*s));

    if (!s)
        return NULL;
    s->cap = ring ? ring : 1024;
    s->ring = calloc(s->cap, sizeof(*s->ring));
    if (!s->ring) {
        free(s);
        return NULL;
    }
    pthread_mutex_init(&s->lock, NULL);
    s->base.ops = &local_ops;
    return &s->base;
}
