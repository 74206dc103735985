#include "core/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"

#include "core/banned.h"

static atomic_int min_level = AT_LOG_INFO;
static _Thread_local char request_id[40];

static const char *const level_names[] = {"debug", "info", "warn", "error", "off"};

void at_log_set_level(enum at_log_level level)
{
    atomic_store(&min_level, (int)level);
}

bool at_log_level_parse(const char *s, enum at_log_level *out)
{
    for (int i = 0; i <= AT_LOG_OFF; i++) {
        if (strcmp(s, level_names[i]) == 0) {
            *out = (enum at_log_level)i;
            return true;
        }
    }
    return false;
}

void at_log_set_request(const char *id)
{
    snprintf(request_id, sizeof(request_id), "%s", id ? id : "");
}

const char *at_log_request(void)
{
    return request_id;
}

void at_log(enum at_log_level level, const char *comp, const char *fmt, ...)
{
    char msg[1024];
    char ts[40];
    struct at_buf line = AT_BUF_INIT(4096);
    va_list ap;

    if ((int)level < atomic_load(&min_level) || level >= AT_LOG_OFF)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    at_time_format(at_clock_now(&at_clock_system), ts, sizeof(ts));
    at_buf_addf(&line, "ts=%s level=%s comp=%s", ts, level_names[level], comp);
    if (request_id[0])
        at_buf_addf(&line, " req=%s", request_id);
    at_buf_adds(&line, " msg=\"");
    for (const char *p = msg; *p; p++) {
        if (*p == '"' || *p == '\\')
            at_buf_addch(&line, '\\');
        if (*p == '\n') {
            at_buf_adds(&line, "\\n");
            continue;
        }
        at_buf_addch(&line, *p);
    }
    at_buf_adds(&line, "\"\n");
    /* one write call per line so lines from threads never interleave */
    fwrite(line.data, 1, line.len, stderr);
    at_buf_release(&line);
}
