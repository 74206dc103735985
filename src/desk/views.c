/* Views of tickets: the named views, cursors over pages, counts and search. */
#include "desk/desk.h"
#include "desk/desk_int.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"

#include "core/banned.h"

#define SOLVED_WINDOW_MS (7LL * 24 * 3600 * 1000)

/* ---- views, cursors and search ---- */

static const char *const view_names[] = {"all",     "mine",   "unassigned", "open",
                                         "pending", "solved", "breached",   "at_risk"};
static const char *const sort_names[] = {"newest", "oldest", "updated", "priority",
                                         "solved", "triage", "due"};
#define SORT_COUNT 7

const char *at_view_name(enum at_view v)
{
    return (unsigned)v < AT_VIEW_COUNT ? view_names[v] : "?";
}

bool at_view_parse(const char *s, enum at_view *out)
{
    for (int i = 0; s && i < AT_VIEW_COUNT; i++) {
        if (strcmp(s, view_names[i]) == 0) {
            *out = (enum at_view)i;
            return true;
        }
    }
    return false;
}

const char *at_sort_name(enum at_ticket_sort s)
{
    return (unsigned)s < SORT_COUNT ? sort_names[s] : "?";
}

bool at_sort_parse(const char *s, enum at_ticket_sort *out)
{
    for (int i = 0; s && i < SORT_COUNT; i++) {
        if (strcmp(s, sort_names[i]) == 0) {
            *out = (enum at_ticket_sort)i;
            return true;
        }
    }
    return false;
}

/* Narrows `q` to what the view holds for `who`; returns false when nothing can match. */
static bool apply_view(struct at_desk *d, const struct at_actor *who, enum at_view view,
                       struct at_ticket_query *q)
{
    struct at_ticket_filter *f = &q->filter;
    uint32_t view_mask = 0;

    switch (view) {
    case AT_VIEW_ALL:
        break;
    case AT_VIEW_MINE:
        view_mask = AT_STATUS_UNSOLVED;
        if (at_actor_is_staff(who))
            f->assignee_id = who->user_id;
        q->sort = AT_SORT_PRIORITY;
        break;
    case AT_VIEW_UNASSIGNED:
        view_mask = AT_STATUS_UNSOLVED;
        f->unassigned = true;
        q->sort = AT_SORT_PRIORITY;
        break;
    case AT_VIEW_OPEN:
        view_mask = AT_STATUS_UNSOLVED;
        q->sort = AT_SORT_PRIORITY;
        break;
    case AT_VIEW_PENDING:
        view_mask = AT_STATUS_BIT(AT_STATUS_PENDING);
        q->sort = AT_SORT_OLDEST;
        break;
    case AT_VIEW_SOLVED:
        view_mask = AT_STATUS_BIT(AT_STATUS_SOLVED) | AT_STATUS_BIT(AT_STATUS_CLOSED);
        f->solved_since = desk_now(d) - SOLVED_WINDOW_MS;
        q->sort = AT_SORT_SOLVED;
        break;
    case AT_VIEW_BREACHED:
    case AT_VIEW_AT_RISK:
        view_mask = AT_STATUS_UNSOLVED;
        f->sla = view == AT_VIEW_BREACHED ? AT_SLA_BREACHED : AT_SLA_AT_RISK;
        q->sort = AT_SORT_DUE;
        break;
    }
    if (f->sla)
        f->sla_now = desk_now(d);
    if (view_mask) {
        f->status_mask = f->status_mask ? (f->status_mask & view_mask) : view_mask;
        if (!f->status_mask)
            return false;
    }
    if (!at_actor_is_staff(who)) {
        f->customer_id = who->customer_id;
        f->public_only = true;
        if (!who->customer_id)
            return false;
    }
    return true;
}

static int check_filter(const struct at_ticket_filter *f, struct at_errinfo *e)
{
    if (f->status_mask >> AT_STATUS_COUNT)
        return at_errinfo_set(e, AT_EINVAL, "status", "unknown status");
    if (f->priority_mask >> AT_PRIORITY_COUNT)
        return at_errinfo_set(e, AT_EINVAL, "priority", "unknown priority");
    if (f->assignee_id < 0 || f->customer_id < 0)
        return at_errinfo_set(e, AT_EINVAL, f->assignee_id < 0 ? "assignee_id" : "customer_id",
                              "ids are positive numbers");
    if (f->tag)
        return desk_check_text(e, "tag", f->tag, DESK_TAG_MAX, false);
    return 0;
}

/*
 * Cursors are opaque to callers: "<sort>.<key>.<id>" for lists and "s.<offset>"
 * for search, so a cursor from one order cannot be misread in another.
 */
static int parse_cursor(const char *cursor, bool search, enum at_ticket_sort sort,
                        struct at_ticket_query *q, struct at_errinfo *e)
{
    struct at_str rest, a, b, c;
    int64_t x, y, z;

    if (!cursor || !cursor[0])
        return 0;
    rest = at_str_cut(at_str_from(cursor), '.', &a);
    if (search) {
        if (at_str_eqc(a, "s") && at_str_to_i64(rest, &x) && x >= 0 && x <= 100000) {
            q->offset = (size_t)x;
            return 0;
        }
    } else {
        rest = at_str_cut(rest, '.', &b);
        c = rest;
        if (at_str_to_i64(a, &x) && x == (int64_t)sort && at_str_to_i64(b, &y) &&
            at_str_to_i64(c, &z) && z > 0) {
            q->after.set = true;
            q->after.key = y;
            q->after.id = z;
            return 0;
        }
    }
    return at_errinfo_set(e, AT_EINVAL, "cursor",
                          "cursor is not one this list gave out; start again without it");
}

static int64_t sort_key(enum at_ticket_sort sort, const struct at_ticket *t)
{
    switch (sort) {
    case AT_SORT_NEWEST:
    case AT_SORT_OLDEST:
        return t->created_at;
    case AT_SORT_UPDATED:
        return t->updated_at;
    case AT_SORT_PRIORITY:
        return t->priority;
    case AT_SORT_SOLVED:
        return t->solved_at;
    case AT_SORT_TRIAGE:
        return t->sla.triage_score;
    case AT_SORT_DUE:
        return t->sla.next_due;
    }
    return 0;
}

static int build_query(struct at_desk *d, const struct at_actor *who,
                       const struct at_view_query *vq, bool search, struct at_ticket_query *q,
                       bool *empty, struct at_errinfo *e)
{
    int ret;

    memset(q, 0, sizeof(*q));
    q->filter = vq->filter;
    q->filter.text = NULL;
    q->filter.public_only = false;
    ret = check_filter(&q->filter, e);
    if (ret)
        return ret;
    if ((unsigned)vq->view >= AT_VIEW_COUNT)
        return at_errinfo_set(e, AT_EINVAL, "view", "unknown view");
    *empty = !apply_view(d, who, vq->view, q);
    if (vq->sort_set) {
        if ((unsigned)vq->sort >= SORT_COUNT)
            return at_errinfo_set(e, AT_EINVAL, "sort", "unknown sort");
        q->sort = vq->sort;
    }
    q->limit = desk_page_limit(vq->limit);
    return parse_cursor(vq->cursor, search, q->sort, q, e);
}

int at_desk_ticket_list(struct at_desk *d, const struct at_actor *who,
                        const struct at_view_query *vq, struct at_arena *arena,
                        struct at_ticket_page *out, struct at_errinfo *e)
{
    struct at_ticket_query q;
    bool empty;
    int ret;

    memset(out, 0, sizeof(*out));
    ret = build_query(d, who, vq, false, &q, &empty, e);
    if (ret || empty)
        return ret;
    /* one row more than the page says whether there is a next page */
    q.limit++;
    ret = d->store->tickets->ticket_list(d->store, &q, arena, &out->items, &out->n);
    q.limit--;
    if (ret)
        return desk_store_err(e, ret, "listing tickets");
    if (out->n > q.limit) {
        const struct at_ticket *last = &out->items[q.limit - 1];

        out->n = q.limit;

        out->next = at_arena_printf(arena, "%d.%lld.%lld", (int)q.sort,
                                    (long long)sort_key(q.sort, last), (long long)last->id);
    }
    return 0;
}

int at_desk_view_count(struct at_desk *d, const struct at_actor *who, enum at_view view, int64_t *n,
                       struct at_errinfo *e)
{
    struct at_ticket_query q = {0};
    int ret;

    *n = 0;
    if ((unsigned)view >= AT_VIEW_COUNT)
        return at_errinfo_set(e, AT_EINVAL, "view", "unknown view");
    if (!apply_view(d, who, view, &q))
        return 0;
    ret = d->store->tickets->ticket_count(d->store, &q.filter, n);
    return desk_store_err(e, ret, "counting tickets");
}

/* ---- search: what the words name directly, then what they match ---- */

#define HITS_MAX 20 /* tickets a number or a customer adds on top of a search */
#define HIT_CUSTOMERS                                                                              \
    3 /* more customers than this match: the words are too vague to list theirs                    \
       */

/* "1039" or "#1039": the number of a ticket; false for anything else. */
static bool ticket_number_of(const char *text, int64_t *number)
{
    struct at_str s = at_str_trim(at_str_from(text));

    if (s.n && s.p[0] == '#') {
        s.p++;
        s.n--;
    }
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
    return s.n > 0 && s.n <= 15 && at_str_to_i64(s, number) && *number > 0;
}

static bool listed(const struct at_ticket *items, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (items[i].id == id)
            return true;
    return false;
}

/* The tickets of customer `id` that the query's view and filters let through, newest first. */
static int customer_tickets(struct at_desk *d, const struct at_ticket_query *base, int64_t id,
                            struct at_arena *arena, struct at_ticket *hits, size_t *n)
{
    struct at_ticket_query q = *base;
    struct at_ticket *items;
    size_t got;
    int ret;

    q.filter.customer_id = id;
    q.filter.text = NULL;
    q.sort = AT_SORT_NEWEST;
    q.after.set = false;
    q.offset = 0;
    q.limit = HITS_MAX - *n;
    ret = d->store->tickets->ticket_list(d->store, &q, arena, &items, &got);
    for (size_t i = 0; ret == 0 && i < got && *n < HITS_MAX; i++)
        if (!listed(hits, *n, items[i].id))
            hits[(*n)++] = items[i];
    return ret;
}

/*
 * What the words name directly: the ticket of that number (anyone who may see
 * it), and for staff the tickets of the customer with that email, or of the
 * few customers whose name or company holds the words.
 */
static int direct_hits(struct at_desk *d, const struct at_actor *who, const char *text,
                       const struct at_ticket_query *q, struct at_arena *arena,
                       struct at_ticket **out, size_t *n)
{
    struct at_store *st = d->store;
    struct at_ticket *hits = at_arena_alloc(arena, HITS_MAX * sizeof(*hits));
    struct at_str words = at_str_trim(at_str_from(text));
    int64_t number;
    int ret = 0;

    *out = hits;
    *n = 0;
    if (ticket_number_of(text, &number)) {
        ret = st->tickets->ticket_by_number(st, number, arena, &hits[0]);
        if (ret == 0 && (at_actor_is_staff(who) ||
                         (who->customer_id && hits[0].customer_id == who->customer_id)))
            *n = 1;
        return ret == AT_ENOTFOUND ? 0 : ret;
    }
    if (!at_actor_is_staff(who) || words.n < 3)
        return 0;
    if (memchr(words.p, '@', words.n)) {
        struct at_customer c;
        struct at_errinfo not_an_email = {0};
        char *email;

        if (desk_clean_email(arena, "q", text, &email, &not_an_email))
            return 0; /* words with an @ that are no address: the text search has them */
        ret = st->tickets->customer_by_email(st, email, arena, &c);
        if (ret == 0)
            ret = customer_tickets(d, q, c.id, arena, hits, n);
    } else {
        struct at_customer *cs;
        size_t nc = 0;

        ret = st->tickets->customer_list(st, desk_trimmed(arena, text), 0, HIT_CUSTOMERS + 1, arena,
                                         &cs, &nc);
        for (size_t i = 0; ret == 0 && nc <= HIT_CUSTOMERS && i < nc; i++)
            ret = customer_tickets(d, q, cs[i].id, arena, hits, n);
    }
    return ret == AT_ENOTFOUND ? 0 : ret;
}

int at_desk_search(struct at_desk *d, const struct at_actor *who, const char *text,
                   const struct at_view_query *vq, struct at_arena *arena,
                   struct at_ticket_page *out, struct at_errinfo *e)
{
    struct at_ticket_query q;
    struct at_ticket *hits, *found = NULL;
    size_t nhits, nfound = 0, shown = 0;
    bool empty;
    int ret;

    memset(out, 0, sizeof(*out));
    ret = desk_check_text(e, "q", text, 500, true);
    if (ret)
        return ret;
    ret = build_query(d, who, vq, true, &q, &empty, e);
    if (ret || empty)
        return ret;
    ret = direct_hits(d, who, text, &q, arena, &hits, &nhits);
    if (ret)
        return desk_store_err(e, ret, "searching");
    q.filter.text = text;
    q.limit++;
    ret = d->store->tickets->ticket_search(d->store, &q, arena, &found, &nfound);
    q.limit--;
    if (ret == AT_EINVAL && nhits)
        ret = 0, nfound = 0; /* "#1039" holds no word to match, and names its ticket */
    if (ret == AT_EINVAL)
        return at_errinfo_set(e, ret, "q", "search needs at least one word");
    if (ret)
        return desk_store_err(e, ret, "searching");
    /* the first page leads with what the words name; no page repeats it */
    out->items = at_arena_alloc(arena, (q.limit + nhits + 1) * sizeof(*out->items));
    if (q.offset == 0)
        for (; out->n < nhits && out->n < q.limit; out->n++)
            out->items[out->n] = hits[out->n];
    for (; shown < nfound && shown < q.limit && out->n < q.limit; shown++)
        if (!listed(hits, nhits, found[shown].id))
            out->items[out->n++] = found[shown];
    if (shown < nfound)
        out->next = at_arena_printf(arena, "s.%zu", q.offset + shown);
    return 0;
}
