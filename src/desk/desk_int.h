#ifndef AT_DESK_INT_H
#define AT_DESK_INT_H

/*
 * The desk's shared core, for the desk's own files only (core.c): the clock,
 * how a store failure is put in words, the checks every text field gets, and
 * who counts as a lead. Transactions and actors are public (desk.h).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "desk/desk.h"

/* Now, in milliseconds since the epoch, on the desk's clock. */
int64_t desk_now(const struct at_desk *d);

/*
 * A store failure in words ("the database failed while `what`; try again",
 * or without `what`); every other code passes through with its message.
 */
int desk_store_err(struct at_errinfo *e, int ret, const char *what);

/*
 * Checks a text field: present when `required` (not only spaces), at most
 * `max` bytes, valid UTF-8. Returns 0 or AT_EINVAL / AT_EUTF8 with `field` named.
 */
int desk_check_text(struct at_errinfo *e, const char *field, const char *s, size_t max,
                    bool required);

/* Trims and lower-cases an email into `arena` (`*out`), or says what is wrong with it. */
int desk_clean_email(struct at_arena *arena, const char *field, const char *in, char **out,
                     struct at_errinfo *e);

/* `s` (NULL: "") without the spaces around it, in `arena`. */
char *desk_trimmed(struct at_arena *arena, const char *s);

#define DESK_TAG_MAX 40 /* bytes of one tag */

/*
 * Tags as a ticket keeps them: lower case, letters, digits, '-', '_' and ':'
 * (a space becomes '-'), sorted, without duplicates or empties; a bad one is
 * AT_EINVAL naming `field` (tickets.c).
 */
/*
 * Checks macro actions and writes them as the JSON a macro keeps ("" when
 * they set nothing) into `*out` (macro_actions.c).
 */
struct at_macro_actions;
int desk_macro_actions_json(struct at_desk *d, const struct at_macro_actions *a,
                            struct at_arena *arena, const char **out, struct at_errinfo *e);

int desk_clean_tags(struct at_arena *arena, const char *field, const char **in, size_t n,
                    const char ***out, size_t *nout, struct at_errinfo *e);
#define DESK_PAGE_DEFAULT 50
#define DESK_PAGE_MAX     200

/* The rows of a page: `limit`, or DESK_PAGE_DEFAULT when 0, at most DESK_PAGE_MAX. */
size_t desk_page_limit(size_t limit);

/* Tells the live stream what the transaction that just ended changed (`told`), or forgets it. */
void desk_live_flush(struct at_desk *d, bool told);

/* Tells `to_user_id`, once the transaction commits, that `by` mentioned them on `t` (presence.c).
 */
void desk_live_mention(struct at_desk *d, const struct at_ticket *t, const struct at_actor *by,
                       int64_t to_user_id);

struct at_event;
/* Fills each event's `words`, the sentence people read (history.c). */
void desk_event_words(struct at_desk *d, struct at_event *events, size_t n, struct at_arena *arena);

struct at_tz;
/* The time zone `name`, loaded once per process and shared (read-only); NULL with `e` set. */
const struct at_tz *desk_zone(const char *name, struct at_errinfo *e);

#endif
