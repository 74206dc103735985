#ifndef AT_DESK_SLA_INT_H
#define AT_DESK_SLA_INT_H

/* What the two halves of service levels share: sla_config.c (calendars, policies) and
   sla_policy.c (the clocks). For those files only. */
#include <stdbool.h>

#include "core/err.h"
#include "core/tz.h"
#include "desk/desk.h"

/* True for staff; otherwise false with AT_EPERM in `e`. */
bool sla_staff(const struct at_actor *who, struct at_errinfo *e);

#endif
