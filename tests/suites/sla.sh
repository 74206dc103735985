#!/bin/sh
# Service levels and triage over HTTP, against the real server on 127.0.0.1:
# a temporary database with staff made by the command line, then
# tests/api/test_sla.py: policies and calendars (roles, validation), the SLA
# and triage objects on tickets, the breached and at-risk views, sorting by
# due time and by triage. The server warns when less than 99% of a target is
# left, so a clock of one business minute is in warning within a second.
# Prints each test's result and ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../api" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn PYTHONDONTWRITEBYTECODE=1
export ATTUNE_SLA_WARNING_PERCENT=99
db=$dir/sla.db

add_staff admin:Admin:admin agent:Agent:agent lead:Lead:lead

start || finish
phase "$here/test_sla.py" "$port" "$bin" "$db"
kill -TERM "$server"
stopped "SIGTERM"
finish
