/* The ticket-changed hook point: the hooks in the order they run (see hooks.h). */
#include "desk/hooks.h"

#include <stddef.h>

#include "core/banned.h"

static const struct {
    const char *name;
    at_ticket_hook *run;
} hooks[] = {
    {"follow_up", at_desk_follow_up_hook},
    {"survey", at_desk_survey_hook},
    {"mail", at_desk_mail_hook},
    {"mention", at_desk_mention_hook},
    {"sla", at_desk_sla_hook},
    {"live", at_desk_live_hook},
};
#define NHOOKS (sizeof(hooks) / sizeof(hooks[0]))

int at_desk_ticket_changed(struct at_desk *d, const struct at_ticket_changed *c,
                           struct at_errinfo *e)
{
    if (!c->what)
        return 0;
    for (size_t i = 0; i < NHOOKS; i++) {
        int ret = hooks[i].run(d, c, e);

        if (ret)
            return ret;
    }
    return 0;
}

const char *at_desk_ticket_hook_name(size_t i)
{
    return i < NHOOKS ? hooks[i].name : NULL;
}
