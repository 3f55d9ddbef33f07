#!/usr/bin/env bash
# Instructions per sheet, in-process, for each rubric: the figure that does not move with the
# machine's load (wall times on a shared machine vary by ±50%). Runs benches/sheet.rs under
# valgrind's cachegrind and takes the difference between 400 iterations and 1, so divan's own
# start-up and calibration cancel out.
#
#   scripts/bench-instructions.sh                  read_and_score, score_only and load_only
#   scripts/bench-instructions.sh read_and_score   one of them
#
# Needs valgrind. Compare two versions by running it on each (e.g. in a git worktree).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }

bin=$(cargo bench --bench sheet --no-run 2>&1 | grep -o 'target/release/deps/sheet-[0-9a-f]*' | head -1)
[[ -x "$bin" ]] || { echo "could not build benches/sheet.rs" >&2; exit 1; }

refs() {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        "$bin" --bench "$1" --sample-count "$2" --sample-size "$3" 2>&1 |
        awk '/I *refs/ { gsub(",", "", $NF); print $NF }'
}

printf '%-45s %12s\n' "benchmark" "instructions"
for group in "${@:-read_and_score score_only load_only}"; do
    for group_name in $group; do
        for rubric in alliance demonstration-enterprise enterprise-center industry-center; do
            name="$group_name::$rubric"
            one=$(refs "$name" 1 1)
            many=$(refs "$name" 20 20)
            printf '%-45s %12d\n' "$name" $(((many - one) / 399))
        done
    done
done
