/*
 * The live stream over HTTP: GET /api/events is a Server-Sent Events stream
 * of what changed (live/live.h), each event told only to those who may hear
 * it; POST /api/tickets/{id}/presence says a colleague is viewing a ticket,
 * writing on it, or has left it.
 *
 * A stream holds no thread: when it has nothing to send, its connection is
 * suspended, and a publish (or the ticker, for the keep-alive comment) resumes
 * it. A stream lasts at most a few minutes; the browser reconnects with the
 * id of the last event it heard, signing in again, so that a revoked session
 * or a disabled account stops hearing soon.
 */
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/str.h"
#include "desk/hooks.h"
#include "http/http.h"
#include "live/live.h"

#include "core/banned.h"

enum {
    STREAMS_MAX = 256,    /* open streams on this node */
    STREAMS_PER_USER = 8, /* streams one person may have open: one more ends their oldest */
    PING_MS = 15 * 1000,  /* a comment when nothing else was sent: keeps proxies and MHD's
                             idle timeout (30 s) from closing the stream */
    LIFETIME_MS = 5 * 60 * 1000,
    RETRY_MS = 3000, /* how long the browser waits before reconnecting */
    BATCH = 32,      /* events read from the stream at a time */
    OUT_SIZE = 32 * 1024,
};

/* what a customer hears of their own tickets: not notes, not fields staff set */
#define CUSTOMER_WHAT                                                                              \
    (AT_TC_CREATED | AT_TC_CUSTOMER_MESSAGE | AT_TC_PUBLIC_REPLY | AT_TC_STATUS | AT_TC_SOLVED |   \
     AT_TC_REOPENED)

struct stream {
    struct stream *prev, *next;
    struct MHD_Connection *conn;
    uint64_t last; /* the newest event seq considered */
    bool started, reset_due, suspended;
    bool ended; /* told to end: its person opened a stream too many */
    bool staff;
    int64_t customer_id;
    int64_t user_id;
    int64_t opened_ms, wrote_ms; /* monotonic */
    size_t len, off;
    char out[OUT_SIZE];
};

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    struct stream *head;
    size_t n;
    struct at_live *live;
    const struct at_app *app;
    bool running, closing;
    pthread_t ticker;
    char boot[17]; /* this process's id: event ids from another process mean "read it all" */
} L = {.mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static const struct {
    unsigned bit;
    const char *name;
} what_names[] = {
    {AT_TC_CREATED, "created"},    {AT_TC_CUSTOMER_MESSAGE, "customer_message"},
    {AT_TC_PUBLIC_REPLY, "reply"}, {AT_TC_NOTE, "note"},
    {AT_TC_FIELDS, "fields"},      {AT_TC_STATUS, "status"},
    {AT_TC_SOLVED, "solved"},      {AT_TC_REOPENED, "reopened"},
};

/* Appends to the stream's buffer; false (and nothing written) when it does not fit. */
static bool put(struct stream *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool put(struct stream *s, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(s->out + s->len, sizeof(s->out) - s->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(s->out) - s->len) {
        s->out[s->len] = '\0';
        return false;
    }
    s->len += (size_t)n;
    return true;
}

/* The event as `s` may hear it, as JSON (to free), or NULL when it is not for them. */
static char *event_json(const struct stream *s, const struct at_live_event *ev, const char **kind)
{
    json_t *o, *what;
    char *text;
    unsigned bits = ev->what;

    if (ev->kind == AT_LIVE_MENTION) {
        if (!s->staff || ev->to_user_id != s->user_id)
            return NULL;
        *kind = "mention";
        o = json_pack("{s:I, s:I, s:s}", "ticket_id", (json_int_t)ev->ticket_id, "by",
                      (json_int_t)ev->user_id, "name", ev->name);
    } else if (ev->kind == AT_LIVE_PRESENCE) {
        if (!s->staff || ev->user_id == s->user_id)
            return NULL;
        *kind = "presence";
        o = json_pack("{s:I, s:I, s:s, s:s}", "ticket_id", (json_int_t)ev->ticket_id, "user_id",
                      (json_int_t)ev->user_id, "name", ev->name, "state", ev->state);
    } else {
        if (!s->staff) {
            if (ev->customer_id != s->customer_id)
                return NULL;
            bits &= CUSTOMER_WHAT;
            if (!bits && ev->what)
                return NULL;
        }
        *kind = "ticket";
        what = json_array();
        for (size_t i = 0; i < sizeof(what_names) / sizeof(what_names[0]); i++)
            if (bits & what_names[i].bit)
                json_array_append_new(what, json_string(what_names[i].name));
        if (!ev->what) /* changed by another process: what is not known here */
            json_array_append_new(what, json_string("changed"));
        o = json_pack("{s:I, s:o}", "ticket_id", (json_int_t)ev->ticket_id, "what", what);
        if (s->staff && ev->user_id)
            json_object_set_new(o, "by", json_integer((json_int_t)ev->user_id));
    }
    if (!o)
        return NULL;
    text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

/* Fills the empty buffer of `s` with what there is to say; under L.mu. */
static void fill(struct stream *s, int64_t now)
{
    struct at_live_event evs[BATCH];
    uint64_t newest;
    int gap = 0;
    size_t n;

    if (!s->started) {
        s->started = true;
        put(s, "retry: %d\n: attune live %s\n\n", RETRY_MS, L.boot);
    }
    if (s->reset_due) {
        s->reset_due = false;
        put(s, "id: %s.%llu\nevent: reset\ndata: {}\n\n", L.boot, (unsigned long long)s->last);
    }
    n = L.live->ops->since(L.live, s->last, evs, BATCH, &newest, &gap);
    if (gap) {
        /* missed some: the client reads everything again, from the newest on */
        s->last = newest;
        put(s, "id: %s.%llu\nevent: reset\ndata: {}\n\n", L.boot, (unsigned long long)s->last);
        n = 0;
    }
    for (size_t i = 0; i < n; i++) {
        const char *kind = NULL;
        char *data;
        bool ok;

        if (evs[i].kind == AT_LIVE_TICKET && evs[i].ticket_id == 0) {
            /* too much changed at once to tell one by one */
            ok = put(s, "id: %s.%llu\nevent: reset\ndata: {}\n\n", L.boot,
                     (unsigned long long)evs[i].seq);
        } else if (!(data = event_json(s, &evs[i], &kind))) {
            ok = true;
        } else {
            ok = put(s, "id: %s.%llu\nevent: %s\ndata: %s\n\n", L.boot,
                     (unsigned long long)evs[i].seq, kind, data);
            free(data);
        }
        if (!ok)
            break; /* the rest next time */
        s->last = evs[i].seq;
    }
    if (s->len == 0 && now - s->wrote_ms >= PING_MS)
        put(s, ": ping\n\n");
    if (s->len)
        s->wrote_ms = now;
}

static ssize_t reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct stream *s = cls;
    int64_t now = at_monotonic_ms();
    size_t n;

    (void)pos;
    pthread_mutex_lock(&L.mu);
    if (s->off == s->len) {
        s->off = s->len = 0;
        if (L.closing || s->ended || now - s->opened_ms >= LIFETIME_MS) {
            pthread_mutex_unlock(&L.mu);
            return MHD_CONTENT_READER_END_OF_STREAM;
        }
        fill(s, now);
    }
    if (s->len == 0) {
        /* nothing to say: wait for a publish or the ticker, without a thread */
        s->suspended = true;
        MHD_suspend_connection(s->conn);
        pthread_mutex_unlock(&L.mu);
        return 0;
    }
    n = s->len - s->off < max ? s->len - s->off : max;
    memcpy(buf, s->out + s->off, n);
    s->off += n;
    pthread_mutex_unlock(&L.mu);
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    struct stream *s = cls;

    pthread_mutex_lock(&L.mu);
    if (s->prev)
        s->prev->next = s->next;
    else
        L.head = s->next;
    if (s->next)
        s->next->prev = s->prev;
    L.n--;
    pthread_mutex_unlock(&L.mu);
    free(s);
}

/* Resumes the suspended streams (all, or those due a ping or past their time); under L.mu. */
static void resume(bool all, int64_t now)
{
    for (struct stream *s = L.head; s; s = s->next) {
        if (!s->suspended)
            continue;
        if (all || now - s->wrote_ms >= PING_MS || now - s->opened_ms >= LIFETIME_MS) {
            s->suspended = false;
            MHD_resume_connection(s->conn);
        }
    }
}

static void wake(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&L.mu);
    resume(true, 0);
    pthread_mutex_unlock(&L.mu);
}

/* Changes by another process on the same database (mail piped in, a command) are looked for
   this often; within the process each change is told as it commits. */
#define OUTSIDE_EVERY_MS 2000

static void *ticker(void *arg)
{
    struct at_errinfo e = {0};
    struct at_store *st;
    struct at_desk desk;
    int64_t since = 0, looked = 0;

    (void)arg;
    st = at_app_connect(L.app, &e);
    if (st) {
        at_app_desk_init(L.app, &desk, st);
        since = desk.clock->now_ms(desk.clock);
    } else {
        at_log_warn("http", "changes made outside the server reach consoles by their poll only: %s",
                    e.msg);
    }
    pthread_mutex_lock(&L.mu);
    while (!L.closing) {
        struct timespec ts;
        int64_t now;

        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 1;
        pthread_cond_timedwait(&L.cond, &L.mu, &ts);
        now = at_monotonic_ms();
        resume(L.closing, now);
        if (st && !L.closing && L.n > 0 && now - looked >= OUTSIDE_EVERY_MS) {
            /* publishing wakes the streams, which takes the lock */
            looked = now;
            pthread_mutex_unlock(&L.mu);
            if (at_desk_live_outside(&desk, &since, &e))
                at_log_warn("http", "cannot look for changes made outside the server: %s", e.msg);
            pthread_mutex_lock(&L.mu);
        }
    }
    pthread_mutex_unlock(&L.mu);
    if (st)
        st->core->close(st);
    return NULL;
}

int at_http_live_start(const struct at_app *app)
{
    struct at_live *live = app->live;

    if (!live)
        return 0;
    pthread_mutex_lock(&L.mu);
    at_random_hex(L.boot, 8);
    L.live = live;
    L.app = app;
    L.closing = false;
    pthread_mutex_unlock(&L.mu);
    if (live->ops->watch(live, wake, NULL))
        return AT_EIO;
    if (pthread_create(&L.ticker, NULL, ticker, NULL)) {
        live->ops->unwatch(live, wake, NULL);
        return AT_EIO;
    }
    L.running = true;
    return 0;
}

void at_http_live_stop(void)
{
    if (!L.running)
        return;
    pthread_mutex_lock(&L.mu);
    L.closing = true;
    resume(true, 0);
    pthread_cond_broadcast(&L.cond);
    pthread_mutex_unlock(&L.mu);
    pthread_join(L.ticker, NULL);
    L.live->ops->unwatch(L.live, wake, NULL);
    L.running = false;
}

/* The seq a Last-Event-ID of this process names, or false (another process, or not ours). */
static bool last_event_id(const char *v, uint64_t newest, uint64_t *seq)
{
    size_t blen = strlen(L.boot);
    int64_t n;

    if (!v || strncmp(v, L.boot, blen) != 0 || v[blen] != '.')
        return false;
    if (!at_cstr_to_i64(v + blen + 1, &n) || n < 0 || (uint64_t)n > newest)
        return false;
    *seq = (uint64_t)n;
    return true;
}

static void events_get(struct at_req *req)
{
    struct stream *s;
    struct MHD_Response *resp;
    const char *leid;
    uint64_t newest = 0;
    struct stream *oldest = NULL;
    size_t mine = 0;
    int gap;

    if (!at_http_query_only(req, NULL))
        return;
    if (!L.running)
        return at_http_error(req, 503, "unavailable", "", "the live stream is not running here");
    s = calloc(1, sizeof(*s));
    if (!s)
        return at_http_error(req, 503, "unavailable", "", "no memory for a live stream");
    s->conn = req->conn;
    s->staff = req->user.role != AT_ROLE_CUSTOMER;
    s->customer_id = req->user.customer_id;
    s->user_id = req->user.id;
    s->opened_ms = s->wrote_ms = at_monotonic_ms();
    L.live->ops->since(L.live, 0, NULL, 0, &newest, &gap);
    leid = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Last-Event-ID");
    s->last = newest;
    if (leid && !last_event_id(leid, newest, &s->last)) {
        /* from before a restart: what happened since cannot be told, so "read it all" */
        s->last = newest;
        s->reset_due = true;
    }

    pthread_mutex_lock(&L.mu);
    /*
     * A stream whose browser went away is only noticed at its next write, so
     * a person reloading a page has streams that are already dead: the
     * newest wins, and the oldest of theirs ends (a live tab reconnects).
     */
    for (struct stream *o = L.head; o; o = o->next) {
        if (o->user_id == s->user_id && !o->ended) {
            if (++mine >= STREAMS_PER_USER)
                oldest = o;
        }
    }
    if (L.closing || L.n >= STREAMS_MAX) {
        bool closing = L.closing;

        pthread_mutex_unlock(&L.mu);
        free(s);
        req->retry_after = "30";
        return at_http_error(req, 503, "unavailable", "",
                             closing ? "the server is stopping"
                                     : "too many live streams open on this server; try again soon");
    }
    if (oldest) {
        oldest->ended = true;
        if (oldest->suspended) {
            oldest->suspended = false;
            MHD_resume_connection(oldest->conn);
        }
    }
    s->next = L.head;
    if (L.head)
        L.head->prev = s;
    L.head = s;
    L.n++;
    pthread_mutex_unlock(&L.mu);

    resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, reader, s, stream_free);
    if (!resp) {
        stream_free(s);
        return at_http_error(req, 503, "unavailable", "", "cannot start a live stream");
    }
    req->stream = resp;
    at_http_reply(req, 200, json_object());
}

static void presence_post(struct at_req *req)
{
    static const char *const fields[] = {"state", NULL};
    json_t *body = at_http_body(req, fields, false);
    struct at_errinfo e = {0};
    const char *state = NULL;
    int ret;

    if (!body)
        return;
    if (at_http_str(req, body, "state", &state)) {
        ret = at_desk_presence(req->desk, &req->actor, req->id, state, &e);
        if (ret)
            at_http_fail(req, ret, &e);
        else
            at_http_reply(
                req, 200,
                json_pack("{s:I, s:s}", "ticket_id", (json_int_t)req->id, "state", state));
    }
    json_decref(body);
}

const struct at_route at_routes_live[] = {
    {"GET", "/api/events", AT_R_ALL, events_get},
    {"POST", "/api/tickets/{id}/presence", AT_R_STAFF, presence_post},
    {NULL, NULL, 0, NULL},
};
