#!/bin/sh
# Kills a writer with SIGKILL while it commits tickets, several times over the
# same database, then checks that every ticket it acknowledged is there, whole.
set -u
bin=$1
writer=$(dirname "$bin")/tests/tools/crash_writer
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
for round in 1 2 3 4 5; do
    "$writer" write "$dir/crash.db" >>"$dir/acks" 2>"$dir/err" &
    pid=$!
    # let it write for a while (longer each round), then pull the plug
    sleep "0.$((round * 15))"
    kill -9 "$pid"
    wait "$pid" 2>/dev/null
    if grep -q . "$dir/err"; then
        cat "$dir/err"
        failed=$((failed + 1))
    fi
done
acks=$(wc -l <"$dir/acks")
echo "acknowledged before the kills: $acks tickets"
if "$writer" verify "$dir/crash.db" <"$dir/acks"; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
fi
# the database is still usable after the kills
if "$bin" --db "$dir/crash.db" migrate >/dev/null; then
    passed=$((passed + 1))
else
    echo "the database does not open after the kills"
    failed=$((failed + 1))
fi
finish
