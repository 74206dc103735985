#ifndef AT_DESK_ACCESS_H
#define AT_DESK_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "desk/desk.h"

/*
 * Getting in: links that set a password, sent by mail. A customer who only
 * ever wrote by mail has no account; asking for a link, or being sent one by
 * staff, makes it (linked to their customer record, so their tickets are
 * theirs at once). Links are `public_url` + "/reset#token=...": one-time,
 * stored only as hashes.
 */

#define AT_ACCESS_LINK_TTL_MS   (60LL * 60 * 1000)       /* asked for: an hour */
#define AT_ACCESS_INVITE_TTL_MS (7LL * 24 * 3600 * 1000) /* sent by staff: a week */

/*
 * "Forgot your password?" (anyone, signed in or not): mails a link to the
 * account of `email`, making a customer account first when the address is a
 * known customer's. Says nothing of whether the address is known: 0 whatever
 * happened, AT_EINVAL only for an address that is not one. At most one link
 * per account every two minutes; none to a disabled account; with mail off,
 * none (an hour-long link would be stale in the outbox).
 */
int at_desk_access_request(struct at_desk *d, const char *email, const char *address,
                           struct at_errinfo *e);

/* What sending a link did. */
struct at_access_sent {
    int64_t user_id;
    const char *email;
    bool created; /* the account was made for it */
    bool held;    /* mail is off: the mail waits in the outbox */
};

/*
 * Staff send customer `customer_id` a link into the portal, valid for a
 * week, making their account when they have none. The customer needs an
 * email (AT_EINVAL, field "email"); an address that belongs to a staff
 * account, or a disabled account, is AT_ECONFLICT. Audited.
 */
int at_desk_portal_invite(struct at_desk *d, const struct at_actor *who, int64_t customer_id,
                          const char *address, struct at_arena *arena, struct at_access_sent *out,
                          struct at_errinfo *e);

/*
 * An admin sends user `user_id` (staff or customer) a link to set their
 * password, valid for a week: the invitation of a new account, or a reset.
 * A disabled account is AT_ECONFLICT. Audited.
 */
int at_desk_user_invite(struct at_desk *d, const struct at_actor *who, int64_t user_id,
                        const char *address, struct at_arena *arena, struct at_access_sent *out,
                        struct at_errinfo *e);

/*
 * Where people reach the server: `attune serve` notes its links' base as it
 * starts, so that a link printed by another process (`attune user
 * reset-link`) names the server's address, never a guessed host or port.
 * at_desk_served_url gives it ("" when no server noted one).
 */
int at_desk_note_served_url(struct at_desk *d, struct at_errinfo *e);
int at_desk_served_url(struct at_desk *d, struct at_arena *arena, const char **out);

/*
 * The account of `email` for a link printed on the command line: a known
 * customer without one gets it made. AT_ENOTFOUND when the address is
 * nobody's.
 */
int at_desk_access_account(struct at_desk *d, const char *email, struct at_arena *arena,
                           struct at_user *out, bool *created, struct at_errinfo *e);

#endif
