#include "store/model.h"

#include <string.h>

#include "core/banned.h"

static const char *const role_names[] = {"customer", "agent", "lead", "admin"};
static const char *const status_names[] = {"new", "open", "pending", "on_hold", "solved", "closed"};
static const char *const priority_names[] = {"low", "normal", "high", "urgent"};
static const char *const visibility_names[] = {"public", "internal"};

static int find(const char *const *names, int n, const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

const char *at_role_name(enum at_role r)
{
    return (unsigned)r < AT_ROLE_COUNT ? role_names[r] : "?";
}

const char *at_status_name(enum at_status s)
{
    return (unsigned)s < AT_STATUS_COUNT ? status_names[s] : "?";
}

const char *at_priority_name(enum at_priority p)
{
    return (unsigned)p < AT_PRIORITY_COUNT ? priority_names[p] : "?";
}

const char *at_visibility_name(enum at_visibility v)
{
    return (unsigned)v < 2 ? visibility_names[v] : "?";
}

bool at_role_parse(const char *s, enum at_role *out)
{
    int i = find(role_names, AT_ROLE_COUNT, s);

    if (i < 0)
        return false;
    *out = (enum at_role)i;
    return true;
}

bool at_status_parse(const char *s, enum at_status *out)
{
    int i = find(status_names, AT_STATUS_COUNT, s);

    if (i < 0)
        return false;
    *out = (enum at_status)i;
    return true;
}

bool at_priority_parse(const char *s, enum at_priority *out)
{
    int i = find(priority_names, AT_PRIORITY_COUNT, s);

    if (i < 0)
        return false;
    *out = (enum at_priority)i;
    return true;
}

bool at_visibility_parse(const char *s, enum at_visibility *out)
{
    int i = find(visibility_names, 2, s);

    if (i < 0)
        return false;
    *out = (enum at_visibility)i;
    return true;
}

const char *at_job_state_name(enum at_job_state s)
{
    static const char *const names[] = {"due", "running", "done", "failed", "cancelled", "held"};

    return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}
