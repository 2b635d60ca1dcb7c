#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and runs each for a share of FUZZ_SECONDS (default 300).
#
#   Fuzz/run.sh                      # all targets, 300 s in all
#   FUZZ_SECONDS=15 Fuzz/run.sh      # the smoke run that `make test` does
#   Fuzz/run.sh FuzzNames            # one target
#
# Each target starts from Fuzz/seeds/TARGET (committed; put every input that once crashed there) and
# grows a working corpus in Fuzz/.build/corpus/TARGET (not committed). A crash, a hang past -timeout or
# an input slower than -timeout is written to Fuzz/.build/findings/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")"

SWIFT=${SWIFT:-swift}
FUZZ_SECONDS=${FUZZ_SECONDS:-300}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzClientFrame FuzzNames FuzzHTMLEscape)

# `--sanitize=fuzzer`, not `-Xswiftc -sanitize=fuzzer`: only the former tells SwiftPM that libFuzzer
# brings `main`, and links.
"$SWIFT" build --sanitize=fuzzer -Xswiftc -parse-as-library
bin=$("$SWIFT" build --sanitize=fuzzer -Xswiftc -parse-as-library --show-bin-path)

seconds=$((FUZZ_SECONDS / ${#targets[@]}))
[ "$seconds" -gt 0 ] || seconds=1
mkdir -p .build/findings
status=0
for target in "${targets[@]}"; do
    case "$target" in
        FuzzClientFrame) max_len=16384 ;;  # the WebSocket's frame bound
        FuzzNames) max_len=4096 ;;         # the invite form's body bound
        FuzzHTMLEscape) max_len=4096 ;;    # the largest form body whose text a page shows again
        *) echo "unknown target $target" >&2; exit 2 ;;
    esac
    mkdir -p ".build/corpus/$target"
    echo "== $target for ${seconds}s"
    # Swift's own crash handler would get in before libFuzzer's, which then writes no crash file.
    if ! SWIFT_BACKTRACE=enable=no "$bin/$target" \
        ".build/corpus/$target" "seeds/$target" \
        -dict="$target.dict" \
        -max_len="$max_len" \
        -max_total_time="$seconds" \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -artifact_prefix=".build/findings/$target-" \
        -print_final_stats=1 2> ".build/$target.log"; then
        status=1
        echo "!! $target found something: Fuzz/.build/findings/ and Fuzz/.build/$target.log" >&2
        tail -n 40 ".build/$target.log" >&2
    else
        grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|stat::slowest_unit_time_sec|Done)' ".build/$target.log" || true
    fi
done
exit "$status"
