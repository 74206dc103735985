#ifndef AT_DESK_SIGNATURE_H
#define AT_DESK_SIGNATURE_H

#include <stdbool.h>

#include "desk/desk.h"

/*
 * Signatures: what ends every public reply a person sends. Each staff member
 * may have their own; the team has one an admin sets, used by whoever has
 * none. Both may hold {{agent.name}} and {{agent.first_name}}. The desk adds
 * it to the reply as it is stored (after the coach read the reply), so the
 * customer sees it in the mail and the portal.
 */

#define AT_SIGNATURE_MAX 1000 /* bytes */

/* `who`'s own signature and the team's, as written ("" for none). */
int at_desk_signatures(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                       const char **mine, const char **team, struct at_errinfo *e);

/*
 * Sets `who`'s own signature (staff), or with `team` the team's (admins;
 * audited). "" removes it. AT_EINVAL for more than AT_SIGNATURE_MAX bytes,
 * text that is not UTF-8 or an unknown {{variable}}.
 */
int at_desk_signature_set(struct at_desk *d, const struct at_actor *who, bool team,
                          const char *text, const char *address, struct at_errinfo *e);

/* The signature a reply by `who` ends with, filled in ("" for none). */
const char *at_desk_signature_for(struct at_desk *d, const struct at_actor *who,
                                  struct at_arena *arena);

#endif
