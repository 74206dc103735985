#ifndef AT_DESK_MERGE_H
#define AT_DESK_MERGE_H

#include <stdint.h>

#include "desk/desk.h"

/*
 * Merging two records of one customer (they wrote from two addresses, or
 * staff opened a ticket for them under a new one): customer `from` goes
 * into customer `into`, staff only. Every ticket, message, survey and the
 * portal account of `from` move to `into`, and `from` is deleted. `into`
 * keeps its own details and takes those of `from` it lacks (phone, company,
 * preferred name), the two lifetime values added and both notes kept. Audited
 * (`customer.merge`, naming both). Merging a customer into itself is
 * AT_EINVAL (field "into"); an unknown one AT_ENOTFOUND. `*out` is `into`
 * after, `*moved` the tickets that moved.
 */
int at_desk_customers_merge(struct at_desk *d, const struct at_actor *who, int64_t from,
                            int64_t into, const char *address, struct at_arena *arena,
                            struct at_customer *out, int64_t *moved, struct at_errinfo *e);

/*
 * Merging two tickets of one customer (they wrote twice about one thing):
 * ticket `from` goes into ticket `into`, staff only. Its messages, files and
 * mail threads move (a reply to a mail of `from` lands on `into`), `from` is
 * closed and points at `into`, and each ticket's history says so. Tickets of
 * two customers are AT_EINVAL (merge the customers first); a closed `into`
 * is AT_ESTATE; a ticket into itself AT_EINVAL (field "into").
 */
int at_desk_tickets_merge(struct at_desk *d, const struct at_actor *who, int64_t from, int64_t into,
                          struct at_arena *arena, struct at_ticket *out, struct at_errinfo *e);

/*
 * Merges each of tickets `from` (1 to AT_BULK_MAX; `into` among them is
 * skipped) into `into`, as at_desk_tickets_merge, all in one transaction: one
 * that cannot be merged merges none, and *failed_id names it.
 */
int at_desk_tickets_merge_many(struct at_desk *d, const struct at_actor *who, const int64_t *from,
                               size_t n, int64_t into, struct at_arena *arena,
                               struct at_ticket *out, int64_t *failed_id, struct at_errinfo *e);

#endif
