#ifndef AT_COACHING_H
#define AT_COACHING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "desk/desk.h"

/*
 * The coach on the reply path: every public reply staff send is read by the
 * coach against the customer's last message, and its verdict (score, empathy,
 * rubric) is stored with the reply in the same transaction. An admin may set a
 * floor, the desk setting "coach_confirm_below": a reply that scores below it
 * is held back (AT_ECONFIRM) until the sender confirms it.
 */

/* The name of the floor in the desk's settings, and its value when never set (0: off). */
#define AT_COACH_FLOOR_SETTING "coach_confirm_below"
#define AT_COACH_FLOOR_DEFAULT 0
#define AT_COACH_FLOOR_MAX     100

/*
 * The floor in force (AT_COACH_FLOOR_DEFAULT when never set), for the reply
 * path. Returns 0 or AT_ESTORE.
 */
int at_desk_coach_floor(struct at_desk *d, int *floor);

/* The floor, for admins (AT_EPERM for anyone else). */
int at_desk_coach_floor_get(struct at_desk *d, const struct at_actor *who, int *floor,
                            struct at_errinfo *e);

/*
 * Sets the floor (admins only): a whole number from 0 (off) to 100, else
 * AT_EINVAL naming the field "confirm_below". A change is audited as
 * "setting.coach_confirm_below" from `address`, in the same transaction.
 */
int at_desk_coach_floor_set(struct at_desk *d, const struct at_actor *who, int64_t floor,
                            const char *address, struct at_errinfo *e);

/*
 * Coaches `body`, a public reply by `who` (staff) to ticket `ticket_id`,
 * against the newest message of the ticket's customer, greeting them by first
 * name, and fills `v`, including the floor in force and the reasons when the
 * reply is below it. Reads the store before any write lock is taken. A ticket
 * that does not exist is AT_ENOTFOUND; a closed ticket, a desk without text
 * engine, or a reply the engine cannot read leave v->coached false and return
 * 0 (the reply path refuses or sends it as it would without the coach).
 */
int at_desk_coach_reply(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                        const char *body, struct at_arena *arena, struct at_reply_verdict *v,
                        struct at_errinfo *e);

/*
 * Plain words for why a rubric item counts against a reply, to follow "it":
 * "sounds dismissive" (found), "gives no next step with a time" (missing).
 * Static; NULL for a state that does not count against it.
 */
const char *at_desk_coach_reason(enum at_rubric item, enum at_rubric_state state);

/* The rubric state's name as stored and in the API: "met", "missing", "clear", "found", "n/a". */
const char *at_desk_rubric_state_name(enum at_rubric_state state);

#endif
