/* The desk itself: made over a store and a clock, configured from the settings; what an email
 * address is. */
#include "desk/desk.h"
#include "desk/desk_int.h"

#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "desk/sla_policy.h"

#include "core/banned.h"

void at_desk_init(struct at_desk *d, struct at_store *store, const struct at_clock *clock)
{
    /* every field starts known: a desk on the stack is as clean as one from calloc */
    memset(d, 0, sizeof(*d));
    d->store = store;
    d->clock = clock ? clock : &at_clock_system;
    d->text = NULL;
    d->mailer = NULL;
    d->sla_warning_percent = AT_SLA_WARNING_PERCENT;
    d->survey = (struct at_survey_settings){0};
    d->jobs_purged_at = 0;
    d->triage_refreshed_at = 0;
    d->time_zone[0] = '\0';
    d->tx_depth = 0;
    d->tx_failed = false;
    d->live = NULL;
    d->live_npending = 0;
    d->upload_max = 10u << 20;
    snprintf(d->upload_types, sizeof(d->upload_types), "image/*,application/pdf,text/plain");
}

void at_desk_configure(struct at_desk *d, const struct at_config *cfg)
{
    const char *base = at_config_str(cfg, "public_url");

    d->sla_warning_percent = (int)at_config_int(cfg, "sla_warning_percent");
    d->survey.after_solve = at_config_bool(cfg, "survey_after_solve");
    d->survey.delay_ms = at_config_int(cfg, "survey_delay_minutes") * 60 * 1000;
    snprintf(d->time_zone, sizeof(d->time_zone), "%s", at_config_str(cfg, "time_zone"));
    snprintf(d->currency, sizeof(d->currency), "%s", at_config_str(cfg, "currency"));
    d->upload_max = (size_t)at_config_int(cfg, "upload_max_kib") * 1024;
    snprintf(d->upload_types, sizeof(d->upload_types), "%s", at_config_str(cfg, "upload_types"));
    for (char *c = d->currency; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    if (base[0])
        snprintf(d->survey.base_url, sizeof(d->survey.base_url), "%s", base);
    else
        snprintf(d->survey.base_url, sizeof(d->survey.base_url), "http://%s",
                 at_config_str(cfg, "listen"));
}

/* ---- input checks ---- */

static bool email_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr(".!#$%&'*+/=?^_`{|}~-", c) != NULL;
}

bool at_desk_email_valid(const char *email)
{
    const char *at;
    size_t n, local;

    if (!email)
        return false;
    n = strlen(email);
    at = strchr(email, '@');
    if (n < 3 || n > 254 || !at || strchr(at + 1, '@'))
        return false;
    local = (size_t)(at - email);
    if (local == 0 || local > 64 || email[0] == '.' || at[-1] == '.')
        return false;
    for (size_t i = 0; i < local; i++)
        if (!email_char(email[i]) || (email[i] == '.' && email[i + 1] == '.'))
            return false;
    /* the domain: labels of letters, digits and hyphens, at least one dot */
    if (!strchr(at + 1, '.') || at[1] == '.' || at[1] == '-' || email[n - 1] == '.')
        return false;
    for (const char *p = at + 1; *p; p++) {
        char c = *p;

        if (c == '.' && p[1] == '.')
            return false;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.'))
            return false;
    }
    return true;
}
