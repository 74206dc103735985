#ifndef AT_CONFIG_H
#define AT_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

/*
 * The settings table. One row per setting drives the config file, the
 * ATTUNE_* environment variables, the command-line flags, --help and
 * `attune config`. One naming rule: the setting `log_level` is `--log-level`
 * on the command line and ATTUNE_LOG_LEVEL in the environment.
 * Precedence: defaults < config file < environment < flags.
 */
enum at_setting_type { AT_SET_STR, AT_SET_INT, AT_SET_BOOL, AT_SET_SECRET, AT_SET_ENUM };

struct at_setting {
    const char *name;
    enum at_setting_type type;
    const char *def;     /* default value, as text */
    int64_t min, max;    /* range of AT_SET_INT */
    const char *choices; /* AT_SET_ENUM: allowed values separated by '|' */
    const char *help;
};

/* The table, ended by a row whose name is NULL. */
extern const struct at_setting at_settings[];

#define AT_CONFIG_MAX 48

/* struct at_config: the effective value of every setting and where it came from. */
struct at_config {
    char *value[AT_CONFIG_MAX];        /* owned; never NULL after at_config_init() */
    const char *source[AT_CONFIG_MAX]; /* "default", "file", "env" or "flag" */
};

/* Fills `c` with the defaults. */
void at_config_init(struct at_config *c);

/* Frees the values. */
void at_config_release(struct at_config *c);

/*
 * Sets `name` to `value` after checking type and range; `source` must be a
 * string literal. Returns 0, or AT_EINVAL with `e` saying what to fix
 * (AT_ENOTFOUND for an unknown name).
 */
int at_config_set(struct at_config *c, const char *name, const char *value, const char *source,
                  struct at_errinfo *e);

/* Reads "name = value" lines ('#' starts a comment). Returns 0, AT_EIO or AT_EINVAL (with `e`). */
int at_config_load_file(struct at_config *c, const char *path, struct at_errinfo *e);

/* Applies every ATTUNE_* variable of `envp`. Unknown ones are an error that names them. */
int at_config_load_env(struct at_config *c, char **envp, struct at_errinfo *e);

/*
 * Loads everything in order: defaults, the config file (--config PATH or
 * ATTUNE_CONFIG), the environment, then the setting flags in `argv`.
 * Setting flags (`--db PATH` or `--db=PATH`) are removed from argv; what is
 * left (the command's own arguments) is compacted to the front and counted
 * in the return value. Returns the new argc, or a negative at_err with `e` set.
 */
int at_config_load(struct at_config *c, int argc, char **argv, char **envp, struct at_errinfo *e);

/* The value of a setting, as text. `name` must be in the table (asserted). */
const char *at_config_str(const struct at_config *c, const char *name);
int64_t at_config_int(const struct at_config *c, const char *name);
bool at_config_bool(const struct at_config *c, const char *name);

/* Prints "name = value" for every setting; secrets that are set print as "********". */
void at_config_print(const struct at_config *c, FILE *out);

/* Prints the flags of every setting with their help, default and environment name. */
void at_config_help(FILE *out);

#endif
