#ifndef AT_CLI_H
#define AT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "app/app.h"
#include "core/config.h"
#include "core/err.h"
#include "store/store.h"

/*
 * The command line: `attune CMD [flags] [args]`. main() loads the settings
 * (removing the setting flags such as --db from argv), then runs the command
 * with what is left; argv[0] is the command's name.
 */
struct at_cli {
    struct at_config cfg;
    bool tty_out; /* standard output is a terminal: progress bars, colours */
    bool tty_in;  /* standard input is a terminal: prompts */
};

/* A command returns the process exit code: 0 ok, 1 failed, 2 bad usage. */
typedef int at_cmd_fn(struct at_cli *cli, int argc, char **argv);

struct at_command {
    const char *name;
    at_cmd_fn *run;
    const char *summary; /* one line for `attune help` */
    const char *usage;   /* what `attune CMD --help` prints before the flags */
};

/* The table of commands, ended by a row whose name is NULL. */
extern const struct at_command at_commands[];

/*
 * A command's own flag. `--name VALUE` (or `--name=VALUE`) stores VALUE in
 * *value; a flag without argument (value NULL) sets *on.
 */
struct at_opt {
    const char *name; /* "email" for --email; "-" in a name is written as in the flag */
    const char *arg;  /* what the value is, for help ("E", "N", "PATH"); NULL: no value */
    const char *help;
    const char **value;
    bool *on;
};

/*
 * Parses argv[1..argc) against `opts` (ended by a row whose name is NULL).
 * Positional arguments are moved to the front of argv from index 1 and
 * counted in *npos. `--help` prints the usage and returns 1 with *npos = -1
 * (the caller exits 0). Unknown flags and missing values print one line that
 * says what to fix and return 2. Returns 0 when the command should run.
 */
int at_cli_parse(const struct at_command *cmd, int argc, char **argv, const struct at_opt *opts,
                 int *npos);

/* Prints the usage of `cmd` with its flags and the setting flags every command takes. */
void at_cli_usage(const struct at_command *cmd, const struct at_opt *opts, FILE *out);

/* Prints "attune CMD: MESSAGE" on standard error. Returns 1 (for `return at_cli_fail(...)`). */
int at_cli_fail(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Opens the `parts` of `app` (app/app.h: the store, the text engine, the
 * mailer) from the settings, for command `cmd`. Returns 0; or prints what is
 * wrong ("attune CMD: ..."), closes what was opened and returns 1. A zeroed
 * app opens afresh; one opened before gains the parts it lacks.
 */
int at_cli_open_app(struct at_cli *cli, const char *cmd, unsigned parts, struct at_app *app);

/* Finds the user with `email` for `cmd`: 0, or 2 (no --email) / 1 (no such user) after saying so.
 */
int at_cli_find_user(struct at_store *st, const char *cmd, const char *email,
                     struct at_arena *arena, struct at_user *u);

/* A subcommand: `attune user add`, `attune token revoke`, ... */
struct at_subcommand {
    const char *name;
    at_cmd_fn *run;
};

/*
 * Runs the subcommand named by argv[1] from `subs` (ended by a row whose name
 * is NULL) with argv shifted by one; prints the usage of `cmd` for --help or
 * when none is given, and a one-line error for an unknown one.
 */
int at_cli_dispatch(struct at_cli *cli, const struct at_command *cmd,
                    const struct at_subcommand *subs, int argc, char **argv);

/* Finds a command by name, or NULL. */
const struct at_command *at_cli_find(const char *name);

#endif
