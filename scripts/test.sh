#!/bin/sh
# Runs every suite twice: the normal build (build/) and the AddressSanitizer +
# UndefinedBehaviorSanitizer build (build-asan/). Each suite prints its own
# results; this script adds them up and ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

count() { # suite-name output-file exit-code
    p=$(grep -Eo '^[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1 | cut -d' ' -f1)
    f=$(grep -Eo '^[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1 | cut -d' ' -f3)
    if [ -z "$p" ]; then
        # cmocka's own summary
        p=$(grep -Eo '^\[  PASSED  \] [0-9]+' "$2" | tail -n 1 | grep -Eo '[0-9]+$')
        f=$(grep -Eo '^\[  FAILED  \] [0-9]+' "$2" | tail -n 1 | grep -Eo '[0-9]+$')
    fi
    p=${p:-0}
    f=${f:-0}
    if [ "$3" != 0 ] && [ "$f" = 0 ]; then
        f=1 # crashed or failed without a count: that is a failure
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" != 0 ]; then
        echo "FAIL $1 ($p passed, $f failed)"
        sed -e 's/^/    /' "$2" | tail -n 60
    else
        echo "ok   $1 ($p passed)"
    fi
}

for mode in normal asan; do
    if [ $mode = normal ]; then
        build=build
        flags=""
    else
        build=build-asan
        flags="SAN=1"
    fi
    echo "== $mode build ($build/)"
    # shellcheck disable=SC2086
    if ! make -s -j2 BUILD=$build $flags tests >"$log/make" 2>&1; then
        cat "$log/make"
        echo "build failed ($mode)"
        failed=$((failed + 1))
        continue
    fi
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    for t in "$build"/tests/test_*; do
        [ -x "$t" ] || continue
        name="$mode/$(basename "$t")"
        "$t" >"$log/out" 2>&1
        count "$name" "$log/out" $?
    done
    # the store's conformance suites again on a database file, through the shared writer
    for t in "$build"/tests/test_store*; do
        [ -x "$t" ] || continue
        name="$mode/file/$(basename "$t")"
        ATTUNE_TEST_STORE=file "$t" >"$log/out" 2>&1
        count "$name" "$log/out" $?
    done
    # every suite runs, whatever its file mode: a suite is never skipped in silence
    for s in tests/suites/*.sh; do
        name="$mode/$(basename "$s" .sh)"
        sh "$s" "$build/attune" >"$log/out" 2>&1
        count "$name" "$log/out" $?
    done
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
