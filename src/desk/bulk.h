#ifndef AT_DESK_BULK_H
#define AT_DESK_BULK_H

#include <stddef.h>
#include <stdint.h>

#include "desk/desk.h"

#define AT_BULK_MAX 100 /* tickets changed by one bulk action */

/*
 * One change to several tickets: the fields of `set` (status, priority,
 * assignee; its tags are not used), and tags added to and removed from each
 * ticket's own.
 */
struct at_bulk_change {
    struct at_ticket_change set;
    const char **add_tags;
    size_t nadd;
    const char **remove_tags;
    size_t nremove;
};

/*
 * Applies `c` to tickets `ids` (1 to AT_BULK_MAX, each once) as staff
 * `who`, each exactly as at_desk_ticket_update would, in one transaction:
 * every ticket changes, or none does. When one is refused, `e` says which
 * (its number) and why, and *failed_id names it. AT_EINVAL (field "ids") for
 * an empty, too long or repeating list; AT_ENOTFOUND for an unknown ticket.
 */
int at_desk_tickets_bulk(struct at_desk *d, const struct at_actor *who, const int64_t *ids,
                         size_t n, const struct at_bulk_change *c, int64_t *failed_id,
                         struct at_errinfo *e);

#endif
