#!/usr/bin/env bash
# The whole test suite, browser tests included, with the clock of the whole
# run moved to another moment by libfaketime (Debian's `faketime` package).
#
#   tests/run_at.sh "2027-07-30 23:30" "2026-12-31 23:30"   # these moments
#   tests/run_at.sh                                         # the awkward five
#   ZONE=UTC tests/run_at.sh "2027-07-31 03:30"             # read in UTC
#   PYTEST_ARGS="-x tests/interviews" tests/run_at.sh "2027-07-30 23:30"
#
# Each moment is a wall time in ZONE (the career centre's, America/Toronto, by
# default), as GNU `date -d` reads it; ZONE says only how to read it, the app
# and the tests keep America/Toronto. An hour that happens twice, when the
# clocks go back, is the first one (daylight time) unless written with its
# zone or offset: "2027-11-07 01:30 EST" or "2027-11-07 01:30 -0500". An hour
# that never happens (when the clocks go forward) is refused.
#
# The run's clock starts at that moment and ticks from there, in every process
# the run starts: pytest (so the tests, factories and Django's live server
# thread), Playwright's driver and Chromium, which inherit LD_PRELOAD and
# FAKETIME through the environment. The clock is moved by an offset in
# seconds ("+NNN") rather than libfaketime's "@YYYY-MM-DD HH:MM:SS" form: that
# form restarts the clock in each process as it starts (Chromium, launched
# last, would lag by the minutes the suite had run), and reads the moment in
# the process's own TZ, which Django sets to America/Toronto before Chromium
# starts (Chromium would be four or five hours off). An offset is the same
# everywhere. Python's monotonic clock is left alone
# (FAKETIME_DONT_FAKE_MONOTONIC): moved, every wait with a timeout in Python
# (threading, queue) would wait for the offset, years. That breaks
# time.sleep(), which tests/faked_clock.py mends; Chromium, which stalls
# without it, gets its monotonic clock moved too (tests/browser.py).
# tests/infointerview/test_clock.py checks that the test, the live server and
# Chromium all read the moment given (FAKED_CLOCK_STARTS_AT, set here).
#
# One line per moment, with pytest's summary and the time it took; the whole
# output of each run in var/faked-clock/. Exits non-zero if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."

# All of it in a function, read whole before it runs: editing this file while
# a long run goes on then cannot change the run halfway.
main() {
    ZONE="${ZONE:-America/Toronto}"
    # Debian's faketime package puts it under /usr/lib/<architecture>/faketime/.
    LIBFAKETIME="${LIBFAKETIME:-$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)}"
    LOGS=var/faked-clock
    # Browser tests must run, not skip for want of Chromium.
    export CI="${CI:-true}"

    if [ ! -e "$LIBFAKETIME" ]; then
        echo "libfaketime is not installed; install it with \`apt-get install faketime\`." >&2
        exit 2
    fi
    if [ $# -eq 0 ]; then
        set -- \
            "2027-07-30 23:30" \
            "2026-12-31 23:30" \
            "2027-03-14 01:30" \
            "2027-11-07 01:30 EDT" \
            "2028-02-29 23:30"
    fi
    mkdir -p "$LOGS"

    failed=0
    for moment in "$@"; do
        if ! target=$(TZ="$ZONE" date -d "$moment" +%s); then
            echo "$moment: not a moment in $ZONE" >&2
            failed=1
            continue
        fi
        local_time=$(TZ="$ZONE" date -d "@$target" '+%a %F %H:%M %Z')
        utc_time=$(date -u -d "@$target" '+%FT%H:%M:%SZ')
        log="$LOGS/$(date -u -d "@$target" '+%Y%m%dT%H%M%SZ').log"
        offset=$((target - $(date +%s)))
        started=$SECONDS
        # shellcheck disable=SC2086  # PYTEST_ARGS is a list of arguments
        LD_PRELOAD="$LIBFAKETIME${LD_PRELOAD:+:$LD_PRELOAD}" \
            FAKETIME="$(printf '%+d' "$offset")" \
            FAKETIME_DONT_FAKE_MONOTONIC=1 \
            FAKED_CLOCK_STARTS_AT="$utc_time" \
            .venv/bin/python -m pytest -p no:cacheprovider -p tests.faked_clock -q ${PYTEST_ARGS:-} >"$log" 2>&1
        status=$?
        took=$((SECONDS - started))
        # pytest's last line: "1513 passed, 1 skipped in 101.56s (0:01:41)".
        summary=$(grep -E ' in [0-9.]+s( \(|$)' "$log" | tail -1 | tr -d '=' | sed 's/^ *//; s/ *$//')
        if [ $status -eq 0 ]; then verdict=ok; else verdict="FAILED (exit $status, see $log)"; failed=1; fi
        printf '%s in %s (%s): %s [%ds] %s\n' "$local_time" "$ZONE" "$utc_time" "${summary:-no summary}" "$took" "$verdict"
        if [ $status -ne 0 ]; then
            # What failed, for a reader of CI's output who cannot open the log.
            sed -n '/short test summary info/,$p' "$log" | sed 's/^/    /'
            [ $status -eq 1 ] || tail -20 "$log" | sed 's/^/    /'
        fi
    done
    return $failed
}

# On one line, so that bash reads no further in a file changed meanwhile.
main "$@"; exit $?
