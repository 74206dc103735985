#ifndef AT_MACRO_H
#define AT_MACRO_H

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

/* Adds a macro (leads and admins). Checks the title (unique) and every variable. */
int at_desk_macro_add(struct at_desk *d, const struct at_actor *who, const char *title,
                      const char *body, struct at_arena *arena, struct at_macro *out,
                      struct at_errinfo *e);

/* Changes the title and/or body (NULL: unchanged) of macro `id` (leads and admins). */
int at_desk_macro_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                         const char *title, const char *body, struct at_arena *arena,
                         struct at_macro *out, struct at_errinfo *e);

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
