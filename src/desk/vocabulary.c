/* The desk's names in words (see vocabulary.h); tests/unit/test_vocabulary.c holds each
 * name to the parser of its kind, so a list cannot drift from the names the API takes. */
#include "desk/vocabulary.h"

#include "core/banned.h"

#define LIST(a)                                                                                    \
    {                                                                                              \
        a, sizeof(a) / sizeof(a[0])                                                                \
    }

static const struct at_word views[] = {
    {"mine", "My open tickets", NULL},   {"unassigned", "Unassigned", NULL},
    {"open", "All open", NULL},          {"pending", "Pending", NULL},
    {"solved", "Recently solved", NULL}, {"all", "All tickets", NULL},
    {"at_risk", "SLA at risk", NULL},    {"breached", "SLA breached", NULL},
};

static const struct at_word sorts[] = {
    {"", "Need", NULL},         {"triage", "Triage score", NULL},
    {"due", "SLA due", NULL},   {"newest", "Newest", NULL},
    {"oldest", "Oldest", NULL}, {"updated", "Recently updated", NULL},
};

static const struct at_word statuses[] = {
    {"new", "new", NULL},         {"open", "open", NULL},     {"pending", "pending", NULL},
    {"on_hold", "on hold", NULL}, {"solved", "solved", NULL}, {"closed", "closed", NULL},
};

static const struct at_word priorities[] = {
    {"low", "low", NULL},
    {"normal", "normal", NULL},
    {"high", "high", NULL},
    {"urgent", "urgent", NULL},
};

static const struct at_word clocks[] = {
    {"first_response", "first response", NULL},
    {"next_response", "next response", NULL},
    {"resolution", "resolution", NULL},
};

static const struct at_word roles[] = {
    {"agent", "agent", "agents"},
    {"lead", "lead", "leads"},
    {"admin", "admin", "admins"},
};

static const struct {
    const char *name;
    struct at_words words;
} lists[AT_VOCAB_COUNT] = {
    [AT_VOCAB_VIEWS] = {"views", LIST(views)},
    [AT_VOCAB_SORTS] = {"sorts", LIST(sorts)},
    [AT_VOCAB_STATUSES] = {"statuses", LIST(statuses)},
    [AT_VOCAB_PRIORITIES] = {"priorities", LIST(priorities)},
    [AT_VOCAB_CLOCKS] = {"clocks", LIST(clocks)},
    [AT_VOCAB_ROLES] = {"roles", LIST(roles)},
};

struct at_words at_vocab(enum at_vocab_list which)
{
    struct at_words none = {NULL, 0};

    return (unsigned)which < AT_VOCAB_COUNT ? lists[which].words : none;
}

const char *at_vocab_name(enum at_vocab_list which)
{
    return (unsigned)which < AT_VOCAB_COUNT ? lists[which].name : "?";
}

const char *at_vocab_clock_label(int k)
{
    return (unsigned)k < sizeof(clocks) / sizeof(clocks[0]) ? clocks[k].label : "?";
}
