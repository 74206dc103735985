#!/bin/sh
# The coach on the reply path over HTTP, against the real server on 127.0.0.1:
# a temporary database with staff made by the command line, then
# tests/api/test_coaching.py: the verdict kept with each public staff reply and
# shown to staff only, the team's floor (admins only, validated, audited), a
# reply below it answered 409 until it is sent again with "confirm": true.
# Prints each test's result and ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../api" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn PYTHONDONTWRITEBYTECODE=1
db=$dir/coaching.db

add_staff admin:Admin:admin agent:Agent:agent lead:Lead:lead

start || finish
phase "$here/test_coaching.py" "$port" "$bin" "$db"
kill -TERM "$server"
stopped "SIGTERM"
finish
