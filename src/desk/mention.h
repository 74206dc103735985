#ifndef AT_DESK_MENTION_H
#define AT_DESK_MENTION_H

#include <stddef.h>

#include "store/model.h"

#define AT_MENTIONS_MAX 16 /* colleagues one note tells */

/*
 * The colleagues `text` mentions ("@Maya", "@Maya Lindqvist", "@maya"), as
 * indexes into `staff`, each once, in the order of the text; at most `max`.
 * An address ("lena@example.com") is no mention; a first name counts only when
 * one of `staff` has it. Pure.
 */
size_t at_desk_mentions(const char *text, const struct at_user *staff, size_t nstaff, size_t *out,
                        size_t max);

#endif
