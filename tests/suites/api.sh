#!/bin/sh
# The JSON API over HTTP, against the real server on 127.0.0.1: a temporary
# database with staff made by the command line, then
#   1. tests/api/test_api.py: every route, every role, CSRF, bad input, limits;
#   2. a ticket creation in flight while the server gets SIGTERM: it must be
#      finished, and the server must exit 0;
#   3. a restart on the same database: every ticket acknowledged is there.
# Prints each test's result and ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../api" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn PYTHONDONTWRITEBYTECODE=1
db=$dir/api.db
state=$dir/state.json

add_staff admin:Admin:admin agent:Agent:agent lead:Lead:lead

start || finish
phase "$here/test_api.py" "$port" "$bin" "$db" "$state"
if [ -f "$state" ]; then
    phase "$here/shutdown.py" in-flight "$port" "$server" "$state"
else
    kill -TERM "$server"
fi
stopped "SIGTERM with a request in flight"

if [ -f "$state" ] && start; then
    phase "$here/shutdown.py" after-restart "$port" "$state"
    kill -TERM "$server"
    stopped "SIGTERM when idle"
fi
finish
