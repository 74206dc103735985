#include "core/config.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/str.h"

#include "core/banned.h"

/* clang-format off */
const struct at_setting at_settings[] = {
    {"config", AT_SET_STR, "", 0, 0, NULL,
     "path of a config file of `name = value` lines"},
    {"db", AT_SET_STR, "attune.db", 0, 0, NULL,
     "the database: a SQLite file's path, or sqlite:PATH"},
    {"durability", AT_SET_ENUM, "full", 0, 0, "full|normal",
     "full: a commit is on disk before it is acknowledged (survives power loss); "
     "normal: survives a crash of attune but the last commits may be lost on power loss"},
    {"log_level", AT_SET_ENUM, "info", 0, 0, "debug|info|warn|error|off",
     "lowest level of log lines written to standard error"},
    {"listen", AT_SET_STR, "127.0.0.1:8080", 0, 0, NULL,
     "address and port the HTTP server listens on"},
    {"threads", AT_SET_INT, "4", 1, 256, NULL,
     "worker threads of the HTTP server"},
    {"public_url", AT_SET_STR, "", 0, 0, NULL,
     "address people reach attune at, for links in mail (default: http:// plus listen)"},
    {"password_cost", AT_SET_ENUM, "interactive", 0, 0, "interactive|moderate|min",
     "argon2id cost for new password hashes (min is for tests only)"},
    {"max_body_kib", AT_SET_INT, "1024", 1, 65536, NULL,
     "largest request body the HTTP server accepts, in KiB"},
    {"session_hours", AT_SET_INT, "336", 1, 8760, NULL,
     "how long a sign-in session lasts without use, in hours"},
    {"trust_proxy", AT_SET_BOOL, "false", 0, 0, NULL,
     "trust X-Forwarded-For and X-Forwarded-Proto from a reverse proxy (marks cookies Secure behind TLS)"},
    {"smtp_host", AT_SET_STR, "", 0, 0, NULL,
     "SMTP relay that outbound mail goes through; empty: mail is off"},
    {"smtp_port", AT_SET_INT, "25", 1, 65535, NULL,
     "port of the SMTP relay"},
    {"smtp_starttls", AT_SET_ENUM, "off", 0, 0, "off|on|required",
     "STARTTLS to the relay: off (a local relay), on (when offered), required (refuse to send without)"},
    {"smtp_user", AT_SET_STR, "", 0, 0, NULL,
     "user name for SMTP AUTH at the relay; empty: no AUTH"},
    {"smtp_password", AT_SET_SECRET, "", 0, 0, NULL,
     "password for SMTP AUTH (best from the environment, or smtp_password_file); never logged"},
    {"smtp_password_file", AT_SET_STR, "", 0, 0, NULL,
     "file whose first line is the SMTP AUTH password (instead of smtp_password)"},
    {"mail_from", AT_SET_STR, "", 0, 0, NULL,
     "sender of outbound mail as \"Name <address>\"; its domain ends every Message-ID"},
    {"upload_max_kib", AT_SET_INT, "10240", 1, 102400, NULL,
     "the largest file staff or a customer may send with a message (KiB)"},
    {"upload_types", AT_SET_STR,
     "image/*,application/pdf,text/plain,text/csv,application/zip,application/json,"
     "application/msword,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.*,"
     "application/vnd.oasis.opendocument.*",
     0, 0, NULL,
     "the types of file that may be sent with a message, comma separated ('image/*' for all images)"},
    {"mail_max_kib", AT_SET_INT, "25600", 16, 102400, NULL,
     "largest inbound mail attune mail-ingest takes, in KiB; bigger mail is quarantined"},
    {"survey_after_solve", AT_SET_BOOL, "true", 0, 0, NULL,
     "send the customer a short survey (by mail and in the portal) after a ticket is solved"},
    {"survey_delay_minutes", AT_SET_INT, "60", 0, 10080, NULL,
     "minutes after the solve before the survey is sent (still solved then)"},
    {"time_zone", AT_SET_STR, "UTC", 0, 0, NULL,
     "the desk's time zone (a tz database name, Europe/Berlin): reports group by its days, weeks and months"},
    {"currency", AT_SET_ENUM, "USD", 0, 0,
     "USD|EUR|GBP|CHF|JPY|CNY|INR|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|RON|TRY|ILS|AED|SAR|ZAR|BRL|"
     "MXN|ARS|CLP|COP|SGD|HKD|KRW|TWD|THB|MYR|IDR|PHP|VND|NGN|KES|EGP|MAD|UAH",
     "the desk's currency (ISO 4217): lifetime values and other money are shown in it"},
    {"sla_warning_percent", AT_SET_INT, "25", 1, 99, NULL,
     "an SLA clock is in warning when less than this percentage of its target is left"},
    {NULL, AT_SET_STR, NULL, 0, 0, NULL, NULL},
};
/* clang-format on */

static int find(const char *name)
{
    for (int i = 0; at_settings[i].name; i++)
        if (strcmp(at_settings[i].name, name) == 0)
            return i;
    return -1;
}

void at_config_init(struct at_config *c)
{
    memset(c, 0, sizeof(*c));
    for (int i = 0; at_settings[i].name; i++) {
        assert(i < AT_CONFIG_MAX);
        c->value[i] = at_xstrdup(at_settings[i].def);
        c->source[i] = "default";
    }
}

void at_config_release(struct at_config *c)
{
    for (int i = 0; i < AT_CONFIG_MAX; i++) {
        free(c->value[i]);
        c->value[i] = NULL;
    }
}

static bool parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};

    for (size_t i = 0; i < 4; i++) {
        if (strcmp(v, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(v, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

static bool in_choices(const char *choices, const char *v)
{
    struct at_str rest = at_str_from(choices);

    while (rest.p) {
        struct at_str one;

        rest = at_str_cut(rest, '|', &one);
        if (at_str_eqc(one, v))
            return true;
    }
    return false;
}

int at_config_set(struct at_config *c, const char *name, const char *value, const char *source,
                  struct at_errinfo *e)
{
    int i = find(name);
    const struct at_setting *s;
    int64_t n;
    bool b;

    if (i < 0 && strcmp(name, "base_url") == 0)
        return at_errinfo_set(e, AT_ENOTFOUND, name, "base_url is called public_url now");
    if (i < 0)
        return at_errinfo_set(e, AT_ENOTFOUND, name, "unknown setting '%s'; see attune --help",
                              name);
    s = &at_settings[i];
    switch (s->type) {
    case AT_SET_INT:
        if (!at_cstr_to_i64(value, &n) || n < s->min || n > s->max)
            return at_errinfo_set(e, AT_EINVAL, name,
                                  "%s must be a whole number from %lld to %lld, not '%s'", name,
                                  (long long)s->min, (long long)s->max, value);
        break;
    case AT_SET_BOOL:
        if (!parse_bool(value, &b))
            return at_errinfo_set(e, AT_EINVAL, name, "%s must be true or false, not '%s'", name,
                                  value);
        break;
    case AT_SET_ENUM:
        if (!in_choices(s->choices, value))
            return at_errinfo_set(e, AT_EINVAL, name, "%s must be one of %s, not '%s'", name,
                                  s->choices, value);
        break;
    case AT_SET_STR:
    case AT_SET_SECRET:
        break;
    }
    free(c->value[i]);
    c->value[i] = at_xstrdup(value);
    c->source[i] = source;
    return 0;
}

int at_config_load_file(struct at_config *c, const char *path, struct at_errinfo *e)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    int lineno = 0;
    int ret = 0;

    if (!f)
        return at_errinfo_set(e, AT_EIO, "config", "cannot read config file %s: %s", path,
                              strerror(errno));
    while (fgets(line, sizeof(line), f)) {
        struct at_str all, name, value;
        char nbuf[128], vbuf[4096];

        lineno++;
        all = at_str_trim(at_str_from(line));
        if (all.n == 0 || all.p[0] == '#')
            continue;
        value = at_str_cut(all, '=', &name);
        name = at_str_trim(name);
        value = at_str_trim(value);
        if (!value.p || name.n == 0 || name.n >= sizeof(nbuf)) {
            ret = at_errinfo_set(e, AT_EINVAL, "config", "%s:%d: expected 'name = value'", path,
                                 lineno);
            goto out;
        }
        if (value.n >= 2 && value.p[0] == '"' && value.p[value.n - 1] == '"') {
            value.p++;
            value.n -= 2;
        }
        snprintf(nbuf, sizeof(nbuf), "%.*s", (int)name.n, name.p);
        snprintf(vbuf, sizeof(vbuf), "%.*s", (int)value.n, value.p);
        ret = at_config_set(c, nbuf, vbuf, "file", e);
        if (ret != 0) {
            char msg[256];

            snprintf(msg, sizeof(msg), "%s", e ? e->msg : "");
            at_errinfo_set(e, AT_EINVAL, nbuf, "%s:%d: %s", path, lineno, msg);
            ret = AT_EINVAL;
            goto out;
        }
    }
out:
    fclose(f);
    return ret;
}

/* "ATTUNE_LOG_LEVEL" -> "log_level"; false when `var` is not an ATTUNE_ variable. */
static bool env_to_name(const char *var, size_t n, char *out, size_t size)
{
    size_t k = 0;

    if (n <= 7 || strncmp(var, "ATTUNE_", 7) != 0 || n - 7 >= size)
        return false;
    for (size_t i = 7; i < n; i++)
        out[k++] = (char)tolower((unsigned char)var[i]);
    out[k] = '\0';
    return true;
}

int at_config_load_env(struct at_config *c, char **envp, struct at_errinfo *e)
{
    for (char **v = envp; v && *v; v++) {
        const char *eq = strchr(*v, '=');
        char name[128];
        int ret;

        if (!eq || !env_to_name(*v, (size_t)(eq - *v), name, sizeof(name)))
            continue;
        if (strcmp(name, "config") == 0)
            continue; /* read first, by at_config_load() */
        ret = at_config_set(c, name, eq + 1, "env", e);
        if (ret == AT_ENOTFOUND)
            return at_errinfo_set(e, AT_EINVAL, name,
                                  "unknown environment variable %.*s; see attune --help",
                                  (int)(eq - *v), *v);
        if (ret != 0)
            return ret;
    }
    return 0;
}

/* "--log-level" -> "log_level"; false when `arg` is not a long flag. */
static bool flag_to_name(const char *arg, size_t n, char *out, size_t size)
{
    if (n <= 2 || arg[0] != '-' || arg[1] != '-' || n - 2 >= size)
        return false;
    for (size_t i = 2; i < n; i++)
        out[i - 2] = arg[i] == '-' ? '_' : arg[i];
    out[n - 2] = '\0';
    return true;
}

int at_config_load(struct at_config *c, int argc, char **argv, char **envp, struct at_errinfo *e)
{
    const char *file = NULL;
    int out = 0;
    int ret;

    at_config_init(c);
    for (char **v = envp; v && *v; v++)
        if (strncmp(*v, "ATTUNE_CONFIG=", 14) == 0 && (*v)[14])
            file = *v + 14;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            file = argv[i + 1];
        else if (strncmp(argv[i], "--config=", 9) == 0)
            file = argv[i] + 9;
    }
    if (file) {
        ret = at_config_load_file(c, file, e);
        if (ret != 0)
            return ret;
        at_config_set(c, "config", file, "flag", NULL);
    }
    ret = at_config_load_env(c, envp, e);
    if (ret != 0)
        return ret;

    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char *eq = strchr(arg, '=');
        size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
        char name[128];
        const char *value;

        if (strcmp(arg, "--") == 0) {
            while (i < argc)
                argv[out++] = argv[i++];
            break;
        }
        if (!flag_to_name(arg, n, name, sizeof(name)) || find(name) < 0) {
            argv[out++] = argv[i];
            continue;
        }
        if (eq) {
            value = eq + 1;
        } else if (at_settings[find(name)].type == AT_SET_BOOL &&
                   (i + 1 >= argc || strncmp(argv[i + 1], "--", 2) == 0)) {
            value = "true";
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            return at_errinfo_set(e, AT_EINVAL, name, "%.*s needs a value", (int)n, arg);
        }
        ret = at_config_set(c, name, value, "flag", e);
        if (ret != 0)
            return ret;
    }
    return out;
}

const char *at_config_str(const struct at_config *c, const char *name)
{
    int i = find(name);

    assert(i >= 0);
    return c->value[i];
}

int64_t at_config_int(const struct at_config *c, const char *name)
{
    int64_t n = 0;

    at_cstr_to_i64(at_config_str(c, name), &n);
    return n;
}

bool at_config_bool(const struct at_config *c, const char *name)
{
    bool b = false;

    parse_bool(at_config_str(c, name), &b);
    return b;
}

void at_config_print(const struct at_config *c, FILE *out)
{
    for (int i = 0; at_settings[i].name; i++) {
        const char *v = c->value[i];

        if (at_settings[i].type == AT_SET_SECRET && v[0])
            v = "********";
        fprintf(out, "%s = %s\n", at_settings[i].name, v);
    }
}

void at_config_help(FILE *out)
{
    fprintf(out, "Settings (flag, environment variable, or `name = value` in the config file):\n");
    for (int i = 0; at_settings[i].name; i++) {
        const struct at_setting *s = &at_settings[i];
        char flag[128], env[128];
        size_t k;

        snprintf(flag, sizeof(flag), "--%s", s->name);
        for (k = 2; flag[k]; k++)
            if (flag[k] == '_')
                flag[k] = '-';
        snprintf(env, sizeof(env), "ATTUNE_%s", s->name);
        for (k = 7; env[k]; k++)
            env[k] = (char)toupper((unsigned char)env[k]);
        fprintf(out, "  %-22s %s\n  %-22s %s", flag, s->help, "", env);
        if (s->type == AT_SET_ENUM)
            fprintf(out, "; one of %s", s->choices);
        if (s->def[0])
            fprintf(out, "; default %s", s->def);
        fprintf(out, "\n");
    }
}
