/* Tickets: opening them, their messages and replies, status rules, changes and the event log. */
#include "desk/desk.h"
#include "desk/desk_int.h"
#include "desk/hooks.h"
#include "desk/signature.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/str.h"
#include "desk/coaching.h"

#include "core/banned.h"

#define TAGS_MAX 20

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Tags are lower case, made of letters, digits, '-', '_' and ':'; sorted and
 * without duplicates.
 */
int desk_clean_tags(struct at_arena *arena, const char *field, const char **in, size_t n,
                    const char ***out, size_t *nout, struct at_errinfo *e)
{
    const char **tags;
    size_t k = 0;

    if (n > TAGS_MAX)
        return at_errinfo_set(e, AT_EINVAL, field, "at most %d tags per ticket", TAGS_MAX);
    tags = at_arena_alloc(arena, (n ? n : 1) * sizeof(*tags));
    for (size_t i = 0; i < n; i++) {
        char *t = desk_trimmed(arena, in[i]);

        if (!t[0])
            continue;
        if (strlen(t) > DESK_TAG_MAX)
            return at_errinfo_set(e, AT_EINVAL, field, "tag '%.40s...' is longer than %d bytes", t,
                                  DESK_TAG_MAX);
        for (char *q = t; *q; q++) {
            if (*q >= 'A' && *q <= 'Z')
                *q = (char)(*q - 'A' + 'a');
            else if (*q == ' ')
                *q = '-';
            if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-' || *q == '_' ||
                  *q == ':'))
                return at_errinfo_set(e, AT_EINVAL, field,
                                      "tag '%s' may only hold letters, digits, '-', '_' and ':'",
                                      t);
        }
        tags[k++] = t;
    }
    qsort(tags, k, sizeof(*tags), cmp_str);
    *nout = 0;
    for (size_t i = 0; i < k; i++)
        if (*nout == 0 || strcmp(tags[*nout - 1], tags[i]) != 0)
            tags[(*nout)++] = tags[i];
    *out = tags;
    return 0;
}

static char *tags_text(struct at_arena *arena, const char **tags, size_t n)
{
    struct at_buf b = AT_BUF_INIT(AT_BUF_NOLIMIT);
    char *s;

    for (size_t i = 0; i < n; i++)
        at_buf_addf(&b, "%s%s", i ? " " : "", tags[i]);
    s = at_arena_strndup(arena, b.data, b.len);
    at_buf_release(&b);
    return s;
}

static bool valid_channel(const char *c)
{
    static const char *const names[] = {"web", "email", "api", "phone", "chat"};

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(c, names[i]) == 0)
            return true;
    return false;
}

/*
 * The analysis of a customer message as JSON in the arena, or "" when there is
 * no engine. The text was checked before, so the engine cannot refuse it; if
 * it does anyway the message is kept without an analysis rather than lost.
 */
static const char *analyse(struct at_desk *d, struct at_arena *arena, const char *body,
                           const char **mood)
{
    struct at_analysis a;
    struct at_buf json = AT_BUF_INIT(AT_BUF_NOLIMIT);
    const char *out = "";

    *mood = "";
    if (!d->text)
        return out;
    if (at_text_analyze(d->text, body, strlen(body), arena, &a) == 0 &&
        at_text_analysis_json(&a, &json) == 0) {
        int best = -1;

        out = at_arena_strndup(arena, json.data, json.len);
        /* the mood: the strongest feeling judged present, in the service view first */
        for (int k = 0; k < AT_SVC_COUNT; k++)
            if ((a.service_present >> k & 1) && (best < 0 || a.service[k] > a.service[best]))
                best = k;
        if (best >= 0) {
            *mood = at_text_service_name((enum at_service)best);
        } else {
            for (int k = 0; k < AT_EMO_COUNT; k++)
                if (k != AT_EMO_NEUTRAL && (a.emotions_present >> k & 1) &&
                    (best < 0 || a.emotion[k] > a.emotion[best]))
                    best = k;
            *mood = best >= 0 ? at_text_emotion_name((enum at_emotion)best) : "neutral";
        }
    } else {
        at_log_warn("desk", "a customer message could not be analysed; stored without analysis");
    }
    at_buf_release(&json);
    return out;
}

/* ---- events ---- */

static int add_event(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                     const char *kind, const char *old_value, const char *new_value)
{
    struct at_event ev = {
        .ticket_id = ticket_id,
        .actor_id = who->user_id,
        .kind = kind,
        .old_value = old_value ? old_value : "",
        .new_value = new_value ? new_value : "",
        .created_at = desk_now(d),
    };

    return d->store->tickets->event_add(d->store, &ev);
}

/* ---- tickets ---- */

/* Reads a ticket `who` may see; anything else is "no ticket N". */
static int visible_ticket(struct at_desk *d, const struct at_actor *who, int64_t id,
                          struct at_arena *arena, struct at_ticket *out, struct at_errinfo *e)
{
    int ret = d->store->tickets->ticket_get(d->store, id, arena, out);

    if (ret == 0 && !at_actor_is_staff(who) &&
        (!who->customer_id || out->customer_id != who->customer_id))
        ret = AT_ENOTFOUND;
    if (ret == AT_ENOTFOUND)
        return at_errinfo_set(e, ret, "id", "no ticket %lld", (long long)id);
    return desk_store_err(e, ret, "reading the ticket");
}

int at_desk_ticket_get(struct at_desk *d, const struct at_actor *who, int64_t id,
                       struct at_arena *arena, struct at_ticket *out, struct at_errinfo *e)
{
    return visible_ticket(d, who, id, arena, out, e);
}

int at_desk_ticket_by_number(struct at_desk *d, const struct at_actor *who, int64_t number,
                             struct at_arena *arena, struct at_ticket *out, struct at_errinfo *e)
{
    int ret = d->store->tickets->ticket_by_number(d->store, number, arena, out);

    if (ret == 0 && !at_actor_is_staff(who) &&
        (!who->customer_id || out->customer_id != who->customer_id))
        ret = AT_ENOTFOUND;
    if (ret == AT_ENOTFOUND)
        return at_errinfo_set(e, ret, "number", "no ticket #%lld", (long long)number);
    return desk_store_err(e, ret, "reading the ticket");
}

/* Finds the customer by email or creates one; for staff creating a ticket on someone's behalf. */
static int find_or_add_customer(struct at_desk *d, struct at_arena *arena, const char *email,
                                const char *name, int64_t *id, struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_customer c;
    char *clean;
    int ret;

    ret = desk_clean_email(arena, "customer.email", email, &clean, e);
    if (ret)
        return ret;
    ret = desk_check_text(e, "customer.name", name, AT_NAME_MAX, false);
    if (ret)
        return ret;
    ret = st->tickets->customer_by_email(st, clean, arena, &c);
    if (ret == 0) {
        *id = c.id;
        return 0;
    }
    if (ret != AT_ENOTFOUND)
        return desk_store_err(e, ret, "finding the customer");
    c = (struct at_customer){.preferred_name = "",
                             .email = clean,
                             .phone = "",
                             .company = "",
                             .tier = "standard",
                             .notes = "",
                             .created_at = desk_now(d)};
    c.updated_at = c.created_at;
    c.name = name && at_str_trim(at_str_from(name)).n
                 ? desk_trimmed(arena, name)
                 : at_arena_strndup(arena, clean, (size_t)(strchr(clean, '@') - clean));
    ret = st->tickets->customer_add(st, &c, id);
    return desk_store_err(e, ret, "adding the customer");
}

static int check_assignee(struct at_desk *d, struct at_arena *arena, int64_t id,
                          struct at_errinfo *e)
{
    struct at_user u;
    int ret;

    if (id < 0)
        return at_errinfo_set(e, AT_EINVAL, "assignee_id", "assignee_id must be a user id");
    if (id == 0)
        return 0;
    ret = d->store->people->user_get(d->store, id, arena, &u);
    if (ret == AT_ENOTFOUND || (ret == 0 && (u.role == AT_ROLE_CUSTOMER || u.disabled)))
        return at_errinfo_set(e, AT_EINVAL, "assignee_id",
                              "user %lld is not an active agent, lead or admin", (long long)id);
    return desk_store_err(e, ret, "finding the assignee");
}

static char *id_text(struct at_arena *arena, int64_t id)
{
    return id ? at_arena_printf(arena, "%lld", (long long)id) : at_arena_strdup(arena, "");
}

int at_desk_ticket_create(struct at_desk *d, const struct at_actor *who,
                          const struct at_new_ticket *in, struct at_arena *arena,
                          struct at_ticket *out, struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_ticket t = {0};
    struct at_message m = {0};
    const char *analysis, *mood;
    int ret;

    if ((ret = desk_check_text(e, "subject", in->subject, AT_SUBJECT_MAX, true)) ||
        (ret = desk_check_text(e, "body", in->body, AT_BODY_MAX, true)))
        return ret;
    t.channel = in->channel && in->channel[0] ? in->channel : "web";
    if (!valid_channel(t.channel))
        return at_errinfo_set(e, AT_EINVAL, "channel",
                              "channel must be one of web, email, api, phone, chat");
    ret = desk_clean_tags(arena, "tags", in->tags, in->ntags, &t.tags, &t.ntags, e);
    if (ret)
        return ret;
    t.priority = in->set_priority ? in->priority : AT_PRIORITY_NORMAL;
    if ((unsigned)t.priority >= AT_PRIORITY_COUNT)
        return at_errinfo_set(e, AT_EINVAL, "priority",
                              "priority must be low, normal, high or urgent");
    if (!at_actor_is_staff(who)) {
        if (!who->customer_id)
            return at_errinfo_set(e, AT_EPERM, NULL, "this account cannot open tickets");
        if (in->assignee_id || in->ntags || in->set_priority)
            return at_errinfo_set(e, AT_EPERM,
                                  in->assignee_id ? "assignee_id"
                                  : in->ntags     ? "tags"
                                                  : "priority",
                                  "customers cannot set the assignee, tags or priority");
    }

    /* read the message before taking the write lock: writers wait for each other */
    analysis = analyse(d, arena, in->body, &mood);
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, "opening the ticket");
    if (at_actor_is_staff(who))
        ret = find_or_add_customer(d, arena, in->customer_email, in->customer_name, &t.customer_id,
                                   e);
    else
        t.customer_id = who->customer_id;
    if (ret == 0)
        ret = check_assignee(d, arena, in->assignee_id, e);
    if (ret)
        goto fail;

    t.subject = desk_trimmed(arena, in->subject);
    t.assignee_id = in->assignee_id;
    t.status = t.assignee_id ? AT_STATUS_OPEN : AT_STATUS_NEW;
    t.group_name = "";
    t.mood = mood;
    t.created_at = desk_now(d);
    t.updated_at = t.created_at;
    ret = st->tickets->ticket_add(st, &t);
    if (ret)
        goto fail;

    /* The first message is the customer's, whoever typed it in. */
    m.ticket_id = t.id;
    m.author_user_id = at_actor_is_staff(who) ? 0 : who->user_id;
    m.author_customer_id = t.customer_id;
    m.visibility = AT_VIS_PUBLIC;
    m.body = in->body;
    m.analysis = analysis;
    m.created_at = t.created_at;
    ret = st->tickets->message_add(st, &m);
    if (ret == 0)
        ret = add_event(d, who, t.id, "created", "", at_status_name(t.status));
    if (ret == 0 && t.ntags)
        ret = add_event(d, who, t.id, "tags", "", tags_text(arena, t.tags, t.ntags));
    if (ret == 0 && t.assignee_id)
        ret = add_event(d, who, t.id, "assignee", "", id_text(arena, t.assignee_id));
    /* a priority staff chose stays; the hooks start the service level clocks */
    t.sla.priority_manual = at_actor_is_staff(who) && in->set_priority;
    if (ret == 0)
        ret = at_desk_ticket_changed(d,
                                     &(struct at_ticket_changed){.who = who,
                                                                 .ticket = &t,
                                                                 .what = AT_TC_CREATED,
                                                                 .analysis = analysis,
                                                                 .arena = arena},
                                     e);
    if (ret)
        goto fail;
    ret = at_desk_commit(d);
    if (ret)
        return desk_store_err(e, ret, "opening the ticket");
    if (out)
        return visible_ticket(d, who, t.id, arena, out, e);
    return 0;
fail:
    at_desk_rollback(d);
    return desk_store_err(e, ret, "opening the ticket");
}

/*
 * Moves `t` to `to` if the rules allow it, recording the event; times follow,
 * and what changed is added to `*what` for the hooks. Returns 0 (also when
 * nothing changes) or AT_ESTATE with the reason.
 */
static int move_status(struct at_desk *d, const struct at_actor *who, struct at_ticket *t,
                       enum at_status to, unsigned *what, struct at_errinfo *e)
{
    enum at_status from = t->status;
    int64_t ts = desk_now(d);

    if ((unsigned)to >= AT_STATUS_COUNT)
        return at_errinfo_set(e, AT_EINVAL, "status",
                              "status must be new, open, pending, on_hold, solved or closed");
    if (from == to)
        return 0;
    if (from == AT_STATUS_CLOSED)
        return at_errinfo_set(e, AT_ESTATE, "status",
                              "ticket #%lld is closed, and closed is final; open a new ticket",
                              (long long)t->number);
    if (to == AT_STATUS_NEW)
        return at_errinfo_set(e, AT_ESTATE, "status", "a ticket cannot go back to new");
    if (to == AT_STATUS_CLOSED && from != AT_STATUS_SOLVED)
        return at_errinfo_set(e, AT_ESTATE, "status",
                              "only a solved ticket can be closed; solve it first");
    t->status = to;
    if (to == AT_STATUS_SOLVED)
        t->solved_at = ts;
    else if (to == AT_STATUS_CLOSED)
        t->closed_at = ts;
    else if (from == AT_STATUS_SOLVED)
        t->solved_at = 0; /* reopened: no longer counts as solved */
    t->updated_at = ts;
    *what |= AT_TC_STATUS;
    if (to == AT_STATUS_SOLVED)
        *what |= AT_TC_SOLVED;
    else if (from == AT_STATUS_SOLVED && to != AT_STATUS_CLOSED)
        *what |= AT_TC_REOPENED;
    return add_event(d, who, t->id, "status", at_status_name(from), at_status_name(to));
}

/*
 * The sentence of a reply held back below the floor: its score, the floor and
 * the first few reasons, "it sounds dismissive, does not apologise and ...".
 */
static int hold_reply(const struct at_reply_verdict *v, struct at_errinfo *e)
{
    char why[200] = "";
    size_t n = v->nreasons < 3 ? v->nreasons : 3;
    size_t len = 0;

    for (size_t i = 0; i < n && len < sizeof(why); i++)
        len += (size_t)snprintf(why + len, sizeof(why) - len, "%s%s",
                                i == 0       ? ""
                                : i == n - 1 ? " and "
                                             : ", ",
                                v->reasons[i].text);
    return at_errinfo_set(e, AT_ECONFIRM, "confirm",
                          "This reply scores %d, below the team's floor of %d: it %s. Send it "
                          "anyway, or keep editing.",
                          v->coaching.score, v->floor, n ? why : "reads as cold");
}

/* Keeps the coach's verdict on reply `m` (in the caller's transaction) and points m->coaching at
 * it. */
static int keep_verdict(struct at_desk *d, const struct at_actor *who, struct at_message *m,
                        const struct at_reply_verdict *v, bool confirmed, struct at_arena *arena)
{
    struct at_reply_coaching *rc = at_arena_alloc(arena, sizeof(*rc));
    int ret;

    *rc = (struct at_reply_coaching){
        .message_id = m->id,
        .ticket_id = m->ticket_id,
        .author_user_id = who->user_id,
        .score = v->coaching.score,
        .emotional_reaction = v->coaching.empathy[AT_EMP_EMOTIONAL_REACTION],
        .interpretation = v->coaching.empathy[AT_EMP_INTERPRETATION],
        .exploration = v->coaching.empathy[AT_EMP_EXPLORATION],
        .rubric = v->rubric_json,
        .floor = v->floor,
        .confirmed = v->below && confirmed,
        .created_at = m->created_at,
    };
    ret = d->store->coaching->reply_coaching_add(d->store, rc);
    if (ret == 0)
        m->coaching = rc;
    return ret;
}

/*
 * Adds a message (see at_desk_message_add). A public reply by staff is coached
 * first; with `hold`, one below the team's floor is refused with AT_ECONFIRM
 * unless `confirmed`. `verdict` may be NULL.
 */
static int add_message(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                       const char *body, enum at_visibility visibility,
                       const enum at_status *set_status, bool hold, bool confirmed,
                       struct at_arena *arena, struct at_message *out,
                       struct at_reply_verdict *verdict, struct at_errinfo *e)
{
    struct at_store *st = d->store;
    bool staff = at_actor_is_staff(who);
    struct at_ticket t;
    struct at_message m = {0};
    struct at_reply_verdict local = {0};
    struct at_reply_verdict *v = verdict ? verdict : &local;
    const char *analysis, *mood;
    unsigned what;
    int ret;

    memset(v, 0, sizeof(*v));

    ret = desk_check_text(e, "body", body, AT_BODY_MAX, true);
    if (ret)
        return ret;
    if ((unsigned)visibility > AT_VIS_INTERNAL)
        return at_errinfo_set(e, AT_EINVAL, "visibility", "visibility must be public or internal");
    if (!staff && visibility == AT_VIS_INTERNAL)
        return at_errinfo_set(e, AT_EPERM, "visibility", "customers cannot write internal notes");
    if (!staff && set_status)
        return at_errinfo_set(e, AT_EPERM, "status", "customers cannot set the status of a reply");
    if (visibility == AT_VIS_INTERNAL && set_status)
        return at_errinfo_set(e, AT_EINVAL, "status",
                              "an internal note does not change the status");

    mood = NULL;
    analysis = staff ? "" : analyse(d, arena, body, &mood);
    /* a reply to the customer is coached before the write lock is taken, as a message is read */
    if (staff && visibility == AT_VIS_PUBLIC) {
        ret = at_desk_coach_reply(d, who, ticket_id, body, arena, v, e);
        if (ret)
            return ret;
        if (hold && v->below && !confirmed)
            return hold_reply(v, e);
        /* a person's reply ends with their signature (the coach read it without) */
        if (hold) {
            const char *sig = at_desk_signature_for(d, who, arena);

            size_t n = strlen(body);

            while (n && (body[n - 1] == ' ' || body[n - 1] == '\n' || body[n - 1] == '\r' ||
                         body[n - 1] == '\t'))
                n--;
            if (sig[0])
                body = at_arena_printf(arena, "%.*s\n\n%s", (int)n, body, sig);
        }
    }
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, "adding the message");
    ret = visible_ticket(d, who, ticket_id, arena, &t, e);
    if (ret)
        goto fail;
    if (t.status == AT_STATUS_CLOSED) {
        ret = at_errinfo_set(e, AT_ESTATE, "id",
                             "ticket #%lld is closed, and closed is final; open a new ticket",
                             (long long)t.number);
        goto fail;
    }
    m.ticket_id = t.id;
    m.author_user_id = who->user_id;
    m.author_customer_id = staff ? 0 : t.customer_id;
    m.visibility = visibility;
    m.body = body;
    m.analysis = analysis;
    m.created_at = desk_now(d);
    ret = st->tickets->message_add(st, &m);
    if (ret == 0 && v->coached)
        ret = keep_verdict(d, who, &m, v, hold && confirmed, arena);
    if (ret)
        goto fail;
    ret = add_event(d, who, t.id,
                    !staff                        ? "customer_message"
                    : visibility == AT_VIS_PUBLIC ? "reply"
                                                  : "note",
                    "", id_text(arena, m.id));
    if (ret)
        goto fail;

    what = !staff                        ? AT_TC_CUSTOMER_MESSAGE
           : visibility == AT_VIS_PUBLIC ? AT_TC_PUBLIC_REPLY
                                         : AT_TC_NOTE;
    if (!staff) {
        /* whatever we waited for, it is our turn */
        if (t.status == AT_STATUS_SOLVED || t.status == AT_STATUS_PENDING ||
            t.status == AT_STATUS_ON_HOLD)
            ret = move_status(d, who, &t, AT_STATUS_OPEN, &what, e);
    } else if (visibility == AT_VIS_PUBLIC) {
        if (!t.first_response_at) {
            t.first_response_at = m.created_at;
            ret = add_event(d, who, t.id, "first_response", "", "");
        }
        if (ret == 0)
            ret = move_status(d, who, &t,
                              set_status                  ? *set_status
                              : t.status == AT_STATUS_NEW ? AT_STATUS_OPEN
                                                          : t.status,
                              &what, e);
    }
    if (ret)
        goto fail;
    if (mood && mood[0])
        t.mood = mood;
    t.updated_at = m.created_at;
    ret = st->tickets->ticket_update(st, &t);
    if (ret == 0)
        ret = at_desk_ticket_changed(d,
                                     &(struct at_ticket_changed){.who = who,
                                                                 .ticket = &t,
                                                                 .what = what,
                                                                 .analysis = analysis,
                                                                 .body = body,
                                                                 .arena = arena},
                                     e);
    if (ret)
        goto fail;
    ret = at_desk_commit(d);
    if (ret)
        return desk_store_err(e, ret, "adding the message");
    if (out) {
        *out = m;
        out->author_name = who->name ? at_arena_strdup(arena, who->name) : "";
    }
    return 0;
fail:
    at_desk_rollback(d);
    return desk_store_err(e, ret, "adding the message");
}

int at_desk_message_add(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                        const char *body, enum at_visibility visibility,
                        const enum at_status *set_status, struct at_arena *arena,
                        struct at_message *out, struct at_errinfo *e)
{
    /* the desk's own messages are never held back: nobody is there to confirm them */
    return add_message(d, who, ticket_id, body, visibility, set_status, false, false, arena, out,
                       NULL, e);
}

int at_desk_reply_send(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                       const char *body, enum at_visibility visibility,
                       const enum at_status *set_status, bool confirmed, struct at_arena *arena,
                       struct at_message *out, struct at_reply_verdict *verdict,
                       struct at_errinfo *e)
{
    return add_message(d, who, ticket_id, body, visibility, set_status, true, confirmed, arena, out,
                       verdict, e);
}

/* What a change asks, checked before anything is read: who may ask it, and that its values hold. */
static int check_change(const struct at_actor *who, const struct at_ticket_change *ch,
                        struct at_arena *arena, const char ***tags, size_t *ntags,
                        struct at_errinfo *e)
{
    int ret;

    if (!at_actor_is_staff(who)) {
        if (ch->set_priority || ch->set_assignee || ch->set_tags || ch->set_group ||
            ch->set_subject)
            return at_errinfo_set(e, AT_EPERM, NULL,
                                  "customers can only mark their own ticket solved");
        if (ch->set_status && ch->status != AT_STATUS_SOLVED)
            return at_errinfo_set(e, AT_EPERM, "status",
                                  "customers can only mark their own ticket solved");
    }
    if (ch->set_priority && (unsigned)ch->priority >= AT_PRIORITY_COUNT)
        return at_errinfo_set(e, AT_EINVAL, "priority",
                              "priority must be low, normal, high or urgent");
    if (ch->set_tags && (ret = desk_clean_tags(arena, "tags", ch->tags, ch->ntags, tags, ntags, e)))
        return ret;
    if (ch->set_subject && (ret = desk_check_text(e, "subject", ch->subject, AT_SUBJECT_MAX, true)))
        return ret;
    if (ch->set_group && (ret = desk_check_text(e, "group", ch->group_name, AT_NAME_MAX, false)))
        return ret;
    return 0;
}

/* A text field that changed: its event, and the new value into `*field`. */
static int change_text(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                       const char *kind, const char **field, char *value, unsigned *what,
                       bool *changed)
{
    int ret;

    if (strcmp(value, *field) == 0)
        return 0;
    ret = add_event(d, who, ticket_id, kind, *field, value);
    if (ret == 0) {
        *field = value;
        *what |= AT_TC_FIELDS;
        *changed = true;
    }
    return ret;
}

/*
 * Applies change `ch` to `t` (read in the open transaction), writing an event
 * for each field that changes; `*what` says what did for the hooks, and
 * `*changed` whether the ticket itself must be written.
 */
static int apply_change(struct at_desk *d, const struct at_actor *who, struct at_ticket *t,
                        const struct at_ticket_change *ch, const char **tags, size_t ntags,
                        struct at_arena *arena, unsigned *what, bool *changed, struct at_errinfo *e)
{
    int ret = 0;

    if (ch->set_assignee && ch->assignee_id != t->assignee_id) {
        ret = check_assignee(d, arena, ch->assignee_id, e);
        if (ret == 0)
            ret = add_event(d, who, t->id, "assignee", id_text(arena, t->assignee_id),
                            id_text(arena, ch->assignee_id));
        if (ret)
            return ret;
        t->assignee_id = ch->assignee_id;
        *what |= AT_TC_FIELDS;
        *changed = true;
        /* someone has it now: a new ticket is open (unless the change sets a status itself) */
        if (t->assignee_id && t->status == AT_STATUS_NEW && !ch->set_status)
            ret = move_status(d, who, t, AT_STATUS_OPEN, what, e);
    }
    if (ret == 0 && ch->set_status && ch->status != t->status) {
        ret = move_status(d, who, t, ch->status, what, e);
        *changed = true;
    }
    if (ret == 0 && ch->set_priority && ch->priority != t->priority) {
        ret = add_event(d, who, t->id, "priority", at_priority_name(t->priority),
                        at_priority_name(ch->priority));
        t->priority = ch->priority;
        *changed = true;
    }
    /* staff chose the priority: it stays, and the triage score keeps to its band */
    if (ch->set_priority) {
        t->sla.priority_manual = true;
        *what |= AT_TC_FIELDS;
    }
    if (ret == 0 && ch->set_tags) {
        char *before = tags_text(arena, t->tags, t->ntags);
        char *after = tags_text(arena, tags, ntags);

        if (strcmp(before, after) != 0) {
            ret = add_event(d, who, t->id, "tags", before, after);
            t->tags = tags;
            t->ntags = ntags;
            *what |= AT_TC_FIELDS;
            *changed = true;
        }
    }
    if (ret == 0 && ch->set_group)
        ret = change_text(d, who, t->id, "group", &t->group_name,
                          desk_trimmed(arena, ch->group_name), what, changed);
    if (ret == 0 && ch->set_subject)
        ret = change_text(d, who, t->id, "subject", &t->subject, desk_trimmed(arena, ch->subject),
                          what, changed);
    return ret;
}

int at_desk_ticket_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                          const struct at_ticket_change *ch, struct at_arena *arena,
                          struct at_ticket *out, struct at_errinfo *e)
{
    struct at_store *st = d->store;
    struct at_ticket t;
    const char **tags = NULL;
    size_t ntags = 0;
    unsigned what = 0;
    bool changed = false;
    int ret;

    ret = check_change(who, ch, arena, &tags, &ntags, e);
    if (ret)
        return ret;
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, "changing the ticket");
    ret = visible_ticket(d, who, id, arena, &t, e);
    if (ret == 0 && t.status == AT_STATUS_CLOSED)
        ret = at_errinfo_set(e, AT_ESTATE, "id",
                             "ticket #%lld is closed, and closed is final; open a new ticket",
                             (long long)t.number);
    if (ret == 0)
        ret = apply_change(d, who, &t, ch, tags, ntags, arena, &what, &changed, e);
    if (ret == 0 && changed) {
        t.updated_at = desk_now(d);
        ret = st->tickets->ticket_update(st, &t);
    }
    if (ret == 0)
        ret = at_desk_ticket_changed(
            d, &(struct at_ticket_changed){.who = who, .ticket = &t, .what = what, .arena = arena},
            e);
    if (ret) {
        at_desk_rollback(d);
        return desk_store_err(e, ret, "changing the ticket");
    }
    ret = at_desk_commit(d);
    if (ret)
        return desk_store_err(e, ret, "changing the ticket");
    if (out)
        return visible_ticket(d, who, id, arena, out, e);
    return 0;
}

int at_desk_ticket_detail(struct at_desk *d, const struct at_actor *who, int64_t id,
                          struct at_arena *arena, struct at_ticket_detail *out,
                          struct at_errinfo *e)
{
    struct at_store *st = d->store;
    bool staff = at_actor_is_staff(who);
    int ret;

    memset(out, 0, sizeof(*out));
    ret = visible_ticket(d, who, id, arena, &out->ticket, e);
    if (ret)
        return ret;
    ret = st->tickets->customer_get(st, out->ticket.customer_id, arena, &out->customer);
    if (ret == 0)
        ret = st->tickets->message_list(st, id, staff, arena, &out->messages, &out->nmessages);
    if (ret == 0 && staff)
        ret = st->tickets->event_list(st, id, arena, &out->events, &out->nevents);
    if (ret == 0)
        desk_event_words(d, out->events, out->nevents, arena);
    return desk_store_err(e, ret, "reading the ticket");
}
