#ifndef AT_LOG_H
#define AT_LOG_H

#include <stdbool.h>

/*
 * Logging: one logfmt line per event on standard error, e.g.
 *   ts=2026-11-24T07:00:00.123Z level=info comp=http req=4f2a msg="listening" addr=127.0.0.1:8080
 * The message is quoted and escaped; what the caller adds after it is up to the
 * caller. Never log message bodies, email addresses, passwords or tokens.
 */
enum at_log_level { AT_LOG_DEBUG = 0, AT_LOG_INFO, AT_LOG_WARN, AT_LOG_ERROR, AT_LOG_OFF };

/* Sets the lowest level that is written (default info). */
void at_log_set_level(enum at_log_level level);

/* Parses "debug", "info", "warn", "error" or "off". Returns false for anything else. */
bool at_log_level_parse(const char *s, enum at_log_level *out);

/* Sets (or with NULL clears) the request id of the calling thread, printed as req=. */
void at_log_set_request(const char *id);

/* The calling thread's request id, or "" when none is set. */
const char *at_log_request(void);

/* Writes one line at `level` for component `comp`. */
void at_log(enum at_log_level level, const char *comp, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define at_log_debug(comp, ...) at_log(AT_LOG_DEBUG, comp, __VA_ARGS__)
#define at_log_info(comp, ...)  at_log(AT_LOG_INFO, comp, __VA_ARGS__)
#define at_log_warn(comp, ...)  at_log(AT_LOG_WARN, comp, __VA_ARGS__)
#define at_log_error(comp, ...) at_log(AT_LOG_ERROR, comp, __VA_ARGS__)

#endif
