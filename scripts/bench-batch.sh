#!/usr/bin/env bash
# Times `score --summary` over a folder of N generated data files against `cat` reading the same
# files, and prints µs per sheet, files per second, the ratio to cat and peak memory; then the
# in-process cost of one sheet (divan, `benches/sheet.rs`).
#
#   scripts/bench-batch.sh [N]          N data files (default 10000)
#   RUNS=7 scripts/bench-batch.sh       timed runs of each command (default 7; the median is used)
#   FORMAT=csv scripts/bench-batch.sh   the summary's --format (default table)
#   NO_DIVAN=1 scripts/bench-batch.sh   skip the in-process benchmark
#   KEEP=1 scripts/bench-batch.sh       keep the generated folder (its path is printed)
#
# Targets (issue 7, on a 2-core machine): N = 10,000 in at most 2× cat's time, peak RSS under
# 64 MiB, one sheet in-process under 20 µs. Timing is by `date +%s%N` around each command, both
# started the same way by this shell, after a warm-up run of each (the page cache holds the files).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-10000}
RUNS=${RUNS:-7}
FORMAT=${FORMAT:-table}
RUBRIC=enterprise-center

echo "== building (release)"
cargo build --release --quiet
bin=$PWD/target/release/score

work=$(mktemp -d "${TMPDIR:-/tmp}/score-bench.XXXXXX")
if [[ -z "${KEEP:-}" ]]; then
    trap 'rm -rf "$work"' EXIT
fi
dir=$work/data
mkdir -p "$dir"

echo "== generating $N data files in $dir"
# Plausible, varied enterprise-center files: every key given, money partly as "万元"/"亿元" text,
# percent-free (the rubric computes the ratios), some ties on purpose (i mod 97 repeats figures).
awk -v n="$N" -v dir="$dir" 'BEGIN {
    for (i = 1; i <= n; i++) {
        f = sprintf("%s/company-%06d.toml", dir, i)
        k = i % 97
        printf "# 生成的测试数据 %d\n", i > f
        printf "company = \"测试企业%06d有限公司\"\nyear = 2023\n", i > f
        printf "rd_expense = \"%d万元\"\n", 150 + k * 9 > f
        printf "main_revenue = \"%.1f亿元\"\n", 0.8 + (k % 23) * 0.15 > f
        printf "rd_staff = %d\ntotal_staff = %d\n", 10 + k % 40, 200 + k * 5 > f
        printf "senior_or_phd = %d\nvalid_invention_patents = %d\n", k % 8, k % 6 > f
        printf "achievements_filed_3y = %d\n", k % 12 > f
        printf "rd_equipment_value = %d\nprovincial_platforms = %d\ncertified_labs = %d\n", 250 + k * 11, k % 4, k % 3 > f
        printf "new_product_projects = %d\nnew_product_sales = %d\ntotal_profit = %d\n", k % 11, 1000 + k * 97, (k % 13) * 120 - 300 > f
        printf "\n[patent_applications]\ninvention = %d\nutility_model = %d\nsoftware_copyright = %d\ndesign = %d\n", k % 3, k % 7, k % 2, k % 5 > f
        printf "\n[standards]\nindustry_join = %d\ngroup_lead = %d\nenterprise = %d\n", k % 3, k % 2, k % 4 > f
        printf "\n[awards]\nsecond = %d\n", k % 3 > f
        close(f)
    }
}'
files=("$dir"/*.toml)
bytes=$(cat "${files[@]}" | wc -c)
echo "   ${#files[@]} files, $((bytes / 1024)) KiB"

now() { date +%s%N; }
# Runs a command RUNS times (after one warm-up) and prints the median wall time in ns.
median_ns() {
    "$@" >/dev/null 2>&1 || true
    local times=() t0 t1
    for _ in $(seq "$RUNS"); do
        t0=$(now)
        "$@" >/dev/null 2>&1 || true
        t1=$(now)
        times+=($((t1 - t0)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

echo "== timing ($RUNS runs each, median)"
cat_ns=$(median_ns cat "${files[@]}")
score_ns=$(median_ns "$bin" --rubric "$RUBRIC" --summary --format "$FORMAT" "$dir")
score1_ns=$(median_ns env SCORE_THREADS=1 "$bin" --rubric "$RUBRIC" --summary --format "$FORMAT" "$dir")

rss_kib=unknown
cpu=unknown
if [[ -x /usr/bin/time ]]; then
    stats=$(/usr/bin/time -f '%M %U %S' "$bin" --rubric "$RUBRIC" --summary --format "$FORMAT" "$dir" 2>&1 >/dev/null | tail -1)
    read -r rss_kib user sys <<<"$stats"
    cpu=$(awk -v u="$user" -v s="$sys" -v n="$N" 'BEGIN { printf "%.1f", (u + s) * 1e6 / n }')
fi
status=0
"$bin" --rubric "$RUBRIC" --summary --format "$FORMAT" "$dir" >/dev/null 2>&1 || status=$?

awk -v n="$N" -v c="$cat_ns" -v s="$score_ns" -v s1="$score1_ns" -v rss="$rss_kib" -v cpu="$cpu" \
    -v nproc="$(nproc)" -v model="$(awk -F': *' '/model name/ { print $2; exit }' /proc/cpuinfo)" \
    -v fmt="$FORMAT" -v status="$status" 'BEGIN {
    printf "\nmachine:            %s cores, %s\n", nproc, model
    printf "files:              %d (score --summary --format %s DIR; exit status %d)\n", n, fmt, status
    printf "cat (all files):    %8.1f ms\n", c / 1e6
    printf "score, all cores:   %8.1f ms   %6.2f µs/sheet   %8.0f files/s   %.2f× cat\n", s / 1e6, s / 1e3 / n, n / (s / 1e9), s / c
    printf "score, 1 thread:    %8.1f ms   %6.2f µs/sheet   %8.0f files/s   %.2f× cat\n", s1 / 1e6, s1 / 1e3 / n, n / (s1 / 1e9), s1 / c
    printf "CPU time:           %s µs/sheet (user + sys, all threads)\n", cpu
    if (rss != "unknown") printf "peak memory (RSS):  %.1f MiB\n", rss / 1024
    else print "peak memory (RSS):  unknown (/usr/bin/time not installed)"
    printf "targets:            ≤ 2× cat: %s   RSS < 64 MiB: %s\n", (s <= 2 * c ? "met" : "MISSED"), (rss != "unknown" && rss < 65536 ? "met" : "MISSED")
}'

if [[ -z "${NO_DIVAN:-}" ]]; then
    echo
    echo "== one sheet in-process (cargo bench --bench sheet): target < 20 µs for score_only (the engine:"
    echo "   data → sheet); read_and_score adds reading the TOML and is reported beside it"
    cargo bench --quiet --bench sheet 2>/dev/null
fi
if [[ -n "${KEEP:-}" ]]; then
    echo "kept: $dir"
fi
