#ifndef AT_MACRO_H
#define AT_MACRO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "desk/desk.h"

/*
 * Macros: canned replies that leads and admins manage and every agent uses.
 * A body may hold variables that are filled in for the ticket at hand:
 *   {{customer.first_name}}  the preferred name, else the first word of the name
 *   {{customer.name}}        {{agent.first_name}}  {{agent.name}}
 *   {{ticket.number}}        {{ticket.subject}}
 *   {{customer.last_ticket_subject}}  the subject of the customer's previous ticket
 */

/*
 * What a macro does to the ticket besides its text, when an agent uses it
 * (at_desk_macro_apply): a status, a priority, an assignee (AT_MACRO_ME:
 * whoever uses it; 0: nobody), tags added to the ticket's own.
 */
#define AT_MACRO_ME (-1)
struct at_macro_actions {
    bool set_status;
    enum at_status status;
    bool set_priority;
    enum at_priority priority;
    bool set_assignee;
    int64_t assignee_id;
    const char **add_tags;
    size_t nadd;
};

/*
 * Adds a macro (leads and admins). Checks the title (unique), every variable
 * and the actions (NULL: none; an assignee must be an active staff member,
 * tags as tickets keep them).
 */
int at_desk_macro_add(struct at_desk *d, const struct at_actor *who, const char *title,
                      const char *body, const struct at_macro_actions *actions,
                      struct at_arena *arena, struct at_macro *out, struct at_errinfo *e);

/*
 * Changes the title, body and/or actions (NULL: unchanged; actions that set
 * nothing remove them) of macro `id` (leads and admins).
 */
int at_desk_macro_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                         const char *title, const char *body,
                         const struct at_macro_actions *actions, struct at_arena *arena,
                         struct at_macro *out, struct at_errinfo *e);

/* The actions of `m` as stored (none when it has none). */
void at_desk_macro_actions(const struct at_macro *m, struct at_arena *arena,
                           struct at_macro_actions *out);

/*
 * Uses macro `id` on ticket `ticket_id` as staff `who`: its actions change
 * the ticket (as one at_desk_ticket_update, in its transaction; `*t` is the
 * ticket after), and `*body` is its text filled in, as at_desk_macro_render.
 */
int at_desk_macro_apply(struct at_desk *d, const struct at_actor *who, int64_t id,
                        int64_t ticket_id, struct at_arena *arena, const char **body,
                        struct at_ticket *t, struct at_errinfo *e);

/* Deletes macro `id` (leads and admins). */
int at_desk_macro_delete(struct at_desk *d, const struct at_actor *who, int64_t id,
                         struct at_errinfo *e);

/* Macros by title, optionally only those whose title or body holds `query` (staff). */
int at_desk_macro_list(struct at_desk *d, const struct at_actor *who, const char *query,
                       struct at_arena *arena, struct at_macro **out, size_t *n,
                       struct at_errinfo *e);

/*
 * The body of macro `id` with its variables filled in for ticket `ticket_id`
 * and the agent `who` (staff). `*out` lives in `arena`.
 */
int at_desk_macro_render(struct at_desk *d, const struct at_actor *who, int64_t id,
                         int64_t ticket_id, struct at_arena *arena, const char **out,
                         struct at_errinfo *e);

#endif
