#!/bin/sh
# The command line as a user meets it: help, settings, users, and bad input
# that must give a one-line error, a non-zero exit, and lose nothing.
set -u
bin=$1
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
export ATTUNE_PASSWORD_COST=min

# here a check that passes prints nothing, and one that fails says why
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }

# expect NAME EXIT-CODE PATTERN -- command...: the exit code, and PATTERN in its output
expect() {
    name=$1 code=$2 pattern=$3
    shift 4
    out=$("$@" 2>&1)
    got=$?
    if [ "$got" != "$code" ]; then
        bad "$name: exit $got, wanted $code; output: $out"
    elif ! printf '%s' "$out" | grep -q -- "$pattern"; then
        bad "$name: output lacks '$pattern': $out"
    else
        ok
    fi
}

db="$dir/a.db"
expect "version" 0 "attune .* (schema [0-9]*)" -- "$bin" version
expect "help lists commands" 0 "migrate" -- "$bin" help
expect "command help" 0 "--role" -- "$bin" user add --help
expect "help settings names env vars" 0 "ATTUNE_LOG_LEVEL" -- "$bin" help settings
expect "no command" 2 "usage" -- "$bin"
expect "unknown command" 2 "unknown command 'frobnicate'" -- "$bin" frobnicate
expect "unknown flag" 2 "unknown flag --colour" -- "$bin" user add --colour red
expect "config prints settings" 0 "^db = $db" -- "$bin" --db "$db" config
expect "config naming rule: env" 0 "log_level = warn" -- env ATTUNE_LOG_LEVEL=warn "$bin" config
expect "config naming rule: flag" 0 "max_body_kib = 64" -- "$bin" config --max-body-kib 64
expect "config bad value" 2 "threads must be a whole number" -- "$bin" config --threads many
expect "config unknown env" 2 "ATTUNE_NO_SUCH" -- env ATTUNE_NO_SUCH=1 "$bin" config
expect "migrate creates" 0 "migrated from schema 0" -- "$bin" --db "$db" migrate
expect "migrate again" 0 "up to date" -- "$bin" migrate --db "$db"
expect "add admin" 0 "password: " -- "$bin" --db "$db" user add --email Boss@Example.com --name "Ada Boss" --role admin
expect "add agent from stdin" 0 "added agent" -- sh -c "echo 'a long password' | '$bin' --db '$db' user add --email maya@example.com --name Maya --role agent --password-stdin"
expect "duplicate user" 1 "exists already" -- "$bin" --db "$db" user add --email boss@example.com --name Other --role agent
expect "bad email message" 1 "email address like" -- "$bin" --db "$db" user add --email nope --name X --role agent
expect "bad role" 2 "must be admin, lead, agent or customer" -- "$bin" --db "$db" user add --email x@example.com --name X --role boss
expect "missing flags" 2 "required" -- "$bin" --db "$db" user add --email x@example.com
expect "short password" 1 "at least 8" -- sh -c "echo short | '$bin' --db '$db' user add --email s@example.com --name S --role agent --password-stdin"
expect "users kept" 0 "boss@example.com" -- "$bin" --db "$db" user list
expect "missing directory" 1 "does not exist" -- "$bin" --db "$dir/no/such/dir/x.db" migrate
printf 'this is not a database, it is a shopping list\n' >"$dir/corrupt.db"
sum=$(cksum <"$dir/corrupt.db")
expect "corrupt file" 1 "not an attune database" -- "$bin" --db "$dir/corrupt.db" user list
if [ "$(cksum <"$dir/corrupt.db")" = "$sum" ]; then ok; else bad "corrupt file was modified"; fi
expect "one-line errors" 0 "^1$" -- sh -c "'$bin' --db '$dir/corrupt.db' user list 2>&1 | wc -l | tr -d ' '"

finish
