#!/bin/sh
# Pictures of the demo for docs/screenshots: a fresh demo database, the server on a free
# 127.0.0.1 port, then screenshots.mjs. Usage: tests/browser/screenshots.sh [attune] [out dir]
set -eu
bin=${1:-build/attune}
out=${2:-docs/screenshots}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$dir"; }
trap cleanup EXIT
"$bin" --db "$dir/demo.db" demo >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ATTUNE_LOG_LEVEL=warn "$bin" --db "$dir/demo.db" --listen "127.0.0.1:$port" serve 2>"$dir/server.log" &
server=$!
for _ in $(seq 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null && break
    sleep 0.1
done
mkdir -p "$out"
node "$here/screenshots.mjs" "http://127.0.0.1:$port" "$out"
echo "screenshots in $out"
