/*
 * The desk's names in words: the views in the order of the console's keys,
 * the sorts it offers, statuses, priorities, SLA clocks and roles, each with
 * the label people see. The server sends them (GET /api/vocabulary), so that
 * no client keeps its own copy. Static tables, safe from any thread.
 */
#ifndef ATTUNE_DESK_VOCABULARY_H
#define ATTUNE_DESK_VOCABULARY_H

#include <stddef.h>

/* A name the API uses and its label in words; `plural` only for roles. */
struct at_word {
    const char *name;
    const char *label;
    const char *plural;
};

/* A list of words, in the order the console shows them. */
struct at_words {
    const struct at_word *w;
    size_t n;
};

enum at_vocab_list {
    AT_VOCAB_VIEWS,      /* the order of the keys 1 ... 8 */
    AT_VOCAB_SORTS,      /* the first, "", is the view's own order */
    AT_VOCAB_STATUSES,   /* every status, in the order of a ticket's life */
    AT_VOCAB_PRIORITIES, /* lowest first */
    AT_VOCAB_CLOCKS,     /* in the order of a ticket's clocks (enum of model.h) */
    AT_VOCAB_ROLES,      /* staff roles, least first */
    AT_VOCAB_COUNT
};

/* The list `which`; {NULL, 0} for a value out of range. */
struct at_words at_vocab(enum at_vocab_list which);

/* The list's name in the API: "views", "sorts", ... */
const char *at_vocab_name(enum at_vocab_list which);

/* The label of SLA clock `k` (0 .. AT_CLOCK_COUNT - 1): "first response". */
const char *at_vocab_clock_label(int k);

#endif
