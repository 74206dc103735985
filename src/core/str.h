#ifndef AT_STR_H
#define AT_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* struct at_str: a borrowed slice of bytes; it owns nothing and need not be NUL-terminated. */
struct at_str {
    const char *p;
    size_t n;
};

#define AT_STR(lit) ((struct at_str){.p = (lit), .n = sizeof(lit) - 1})

/* A slice over the NUL-terminated `s` (NULL gives the empty slice). */
struct at_str at_str_from(const char *s);

/* True when the two slices hold the same bytes. */
bool at_str_eq(struct at_str a, struct at_str b);

/* True when `a` equals the NUL-terminated `s`. */
bool at_str_eqc(struct at_str a, const char *s);

/* True when `a` equals `s` ignoring ASCII case. */
bool at_str_eqc_nocase(struct at_str a, const char *s);

/* True when `a` starts with `prefix`. */
bool at_str_has_prefix(struct at_str a, const char *prefix);

/* `a` without leading and trailing ASCII white space. */
struct at_str at_str_trim(struct at_str a);

/*
 * Cuts `a` at the first `sep`: `*head` gets what is before it and the return
 * value what is after. Without `sep`, `*head` is all of `a` and the rest is empty
 * with p == NULL.
 */
struct at_str at_str_cut(struct at_str a, char sep, struct at_str *head);

/*
 * Parses a whole decimal integer (optional sign, no spaces). Returns true and
 * sets `*out`, or false when `a` is not exactly an integer in range.
 */
bool at_str_to_i64(struct at_str a, int64_t *out);

/* Same for NUL-terminated strings. */
bool at_cstr_to_i64(const char *s, int64_t *out);

/*
 * Makes the NUL-terminated `s` valid UTF-8 in place: every byte that does not
 * start a valid sequence (including one cut off at the end) becomes '?'.
 */
void at_utf8_scrub(char *s);

/* True when `s[0..n)` is valid UTF-8 (no overlongs, no surrogates). */
bool at_utf8_valid(const char *s, size_t n);

/*
 * The length to cut `s` (n bytes) to so that it holds at most `max` bytes
 * and no character is split: `n` when it fits, else `max` backed off to the
 * start of a character.
 */
size_t at_utf8_cut(const char *s, size_t n, size_t max);

#endif
