#ifndef AT_COMMANDS_H
#define AT_COMMANDS_H

#include "cli/cli.h"

/*
 * Every command of `attune`. Each takes the loaded settings and its own
 * arguments (argv[0] is the command name) and returns the exit code.
 */
at_cmd_fn at_cmd_help;
at_cmd_fn at_cmd_version;
at_cmd_fn at_cmd_config;
at_cmd_fn at_cmd_analyze;
at_cmd_fn at_cmd_coach;
at_cmd_fn at_cmd_train;
at_cmd_fn at_cmd_migrate;
at_cmd_fn at_cmd_user;
at_cmd_fn at_cmd_demo;
at_cmd_fn at_cmd_serve;
at_cmd_fn at_cmd_token;
at_cmd_fn at_cmd_jobs;
at_cmd_fn at_cmd_user_reset_link;
at_cmd_fn at_cmd_mail_ingest;

#endif
