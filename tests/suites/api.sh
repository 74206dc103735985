#!/bin/sh
# The API over HTTP: starts the real server on a free port on 127.0.0.1 with a
# temporary database, runs tests/api/test_api.py against it, then stops it with
# SIGTERM and checks that it shut down cleanly.
set -u
bin=$1
here=$(cd "$(dirname "$0")/../api" && pwd)
dir=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null; fi
    rm -rf "$dir"
}
trap cleanup EXIT
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn
db=$dir/api.db
for who in admin:Admin:admin agent:Agent:agent lead:Lead:lead; do
    email=${who%%:*}@example.com
    rest=${who#*:}
    echo "correct horse battery" | "$bin" --db "$db" user add --email "$email" \
        --name "${rest%%:*}" --role "${rest#*:}" --password-stdin >/dev/null || exit 1
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" --db "$db" --listen "127.0.0.1:$port" serve 2>"$dir/server.log" &
server=$!
up=0
for _ in $(seq 100); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null; then
        up=1
        break
    fi
    sleep 0.1
done
if [ $up = 0 ]; then
    cat "$dir/server.log"
    echo "0 passed, 1 failed"
    exit 1
fi
python3 "$here/test_api.py" "$port" "$bin" "$db"
status=$?
kill -TERM "$server"
wait "$server"
code=$?
server=""
if [ $code != 0 ]; then
    echo "FAIL the server exited $code after SIGTERM"
    tail -20 "$dir/server.log"
    status=1
fi
exit $status
