#!/bin/sh
# Surveys over HTTP, against the real server on 127.0.0.1: a temporary
# database with staff made by the command line, a server that sends surveys
# right after a solve (survey_delay_minutes = 0), then tests/api/test_surveys.py:
# the anonymous link, bad tokens, ranges, expiry, recovery, recognition,
# results and the roles of every survey route.
# Prints each test's result and ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../api" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn PYTHONDONTWRITEBYTECODE=1
export ATTUNE_SURVEY_DELAY_MINUTES=0 ATTUNE_SURVEY_AFTER_SOLVE=true
db=$dir/surveys.db

add_staff admin:Admin:admin agent:Agent:agent agent2:Agent\ Two:agent lead:Lead:lead

start || finish
phase "$here/test_surveys.py" "$port" "$bin" "$db"
kill -TERM "$server"
stopped "SIGTERM"
finish
