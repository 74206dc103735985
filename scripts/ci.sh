#!/bin/sh
# The checks CI runs beside the test command: formatting, static analysis, a
# clang build with the unit tests, the unit tests under valgrind, the threaded
# tests under ThreadSanitizer, and every fuzz target for FUZZ_SECONDS (60).
# Every check runs, whatever the others did; it ends with one line per check
# and fails when any of them failed.
set -u
cd "$(dirname "$0")/.."
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
summary=""
failed=0

check() { # name command...
    name=$1
    shift
    start=$(date +%s)
    echo "== $name"
    if "$@" >"$log/$name" 2>&1; then
        result="ok  "
    else
        result="FAIL"
        failed=$((failed + 1))
        tail -n 60 "$log/$name"
    fi
    tail -n 1 "$log/$name"
    summary="$summary$result $name ($(($(date +%s) - start)) s)
"
}

check fmt-check make -s fmt-check
check cppcheck make -s cppcheck
check clang make -s clang
check valgrind make -s valgrind
check tsan make -s tsan
check fuzz env FUZZ_SECONDS="${FUZZ_SECONDS:-60}" make -s fuzz
printf '%s' "$summary"
if [ "$failed" != 0 ]; then
    echo "ci: $failed check(s) failed"
    exit 1
fi
echo "ci: every check passed"
