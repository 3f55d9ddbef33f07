#!/usr/bin/env bash
# The batch benchmark of issue 15: `score` over N generated one-company files against `cat`
# reading the same files, every command given the same N paths directly (no shell glob inside a
# timed command: a `sh -c 'cat dir/*'` would add its own expansion to `cat` and flatter the ratio).
#
#   scripts/bench-batch.sh [N]         N data files (default 10000), ~1.5 KB each, all valid
#   RUNS=7 scripts/bench-batch.sh      alternating rounds of cat / --summary / --format jsonl (default 5)
#   BIG=0 scripts/bench-batch.sh       skip the 100,000-file scaling run (BIG=N: its size)
#   BIN=path scripts/bench-batch.sh    time that binary (e.g. an older build) instead of building
#   NO_DIVAN=1 scripts/bench-batch.sh  skip the in-process benchmark (benches/sheet.rs)
#   KEEP=1 scripts/bench-batch.sh      keep the generated folder (its path is printed)
#
# Prints, for `--summary --format json` and for `--format jsonl` (every sheet): the median wall
# time, its multiple of cat's median, the range of the per-round multiples, and peak RSS
# (`/usr/bin/time -v`); the load average before and after (the machine may be shared: compare
# numbers taken under similar load); then the 100k/10k wall ratio of `--summary`, measured on
# two sets of hard links (BIG and BIG/10 names, ten names per file, so both sets hold the same
# kind of files and the disk holds only BIG/10 of them); then the divan figures.
#
# Targets (issue 15): --summary ≤ 1.3× cat, jsonl ≤ 2× cat, peak RSS < 32 MiB at 10k and 100k,
# 100k ≤ 10.5× the time of 10k, in-process TOML bytes → sheet (read_and_score) < 20 µs.
# A benchmark reports them; no test times anything.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

N=${1:-10000}
RUNS=${RUNS:-5}
BIG=${BIG:-100000}
RUBRIC=enterprise-center

if [[ -n "${BIN:-}" ]]; then
    bin=$(realpath "$BIN")
else
    echo "== building (release)"
    cargo build --release --quiet
    bin=$root/target/release/score
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/score-bench.XXXXXX")
if [[ -z "${KEEP:-}" ]]; then
    trap 'rm -rf "$work"' EXIT
fi
# 100,000 relative paths (~2.4 MB of arguments) need more than the default 2 MB ARG_MAX.
ulimit -s 65536 2>/dev/null || true
cd "$work"

# Writes files $2 … $3 (numbered) into folder $1: plausible, varied enterprise-center data, every
# key given, money partly as "万元"/"亿元" text, commented as the template is (~1.5 KB a file),
# some equal figures on purpose (i mod 97 repeats them), no part above its whole.
generate() {
    mkdir -p "$1"
    awk -v from="$2" -v to="$3" -v dir="$1" 'BEGIN {
    for (i = from; i <= to; i++) {
        f = sprintf("%s/c%06d.toml", dir, i)
        k = i % 97
        printf "# 甘肃省企业技术中心自评表（附件1）数据 —— 生成的测试数据 %d。\n", i > f
        printf "# 金额单位为万元（也可写成 \"860万元\"、\"3.2亿元\" 等带单位的字符串）。\n\n" > f
        printf "rubric = \"enterprise-center\"   # 按哪张表评分\n" > f
        printf "company = \"测试企业%06d有限公司\"   # 申报企业名称\nyear = 2023   # 数据年度\n\n", i > f
        printf "# —— 创新投入 ——\n" > f
        printf "rd_expense = \"%d万元\"   # 年度研究与试验发展经费支出额（万元）\n", 150 + k * 9 > f
        printf "main_revenue = \"%.2f亿元\"   # 主营业务收入（万元）\n", 0.8 + (k % 23) * 0.15 > f
        printf "rd_staff = %d   # 研发人员数（人）\ntotal_staff = %d   # 企业职工总数（人）\n", 10 + k % 40, 200 + k * 5 > f
        printf "senior_or_phd = %d   # 高级职称和博士人数（人）\n", k % 8 > f
        printf "\n# —— 创新条件 ——\nvalid_invention_patents = %d   # 有效发明专利数（项）\n", k % 6 > f
        printf "achievements_filed_3y = %d   # 近三年科技成果备案数（项）\n", k % 12 > f
        printf "rd_equipment_value = %d   # 仪器设备原值（万元）\n", 250 + k * 11 > f
        printf "provincial_platforms = %d   # 省级以上研发平台数（个）\ncertified_labs = %d   # 认证实验室数（个）\n", k % 4, k % 3 > f
        printf "\n# —— 产出与效益 ——\nnew_product_projects = %d   # 新产品新技术新工艺项目数（项）\n", k % 11 > f
        printf "new_product_sales = %d   # 新产品销售收入（万元）\n", 500 + k * 37 > f
        printf "total_profit = %d   # 利润总额（万元，亏损可填负数）\n", (k % 13) * 120 - 300 > f
        printf "\n[patent_applications]   # 当年获取的专利申请数（项）\ninvention = %d\nutility_model = %d\nsoftware_copyright = %d\ndesign = %d\n", k % 3, k % 7, k % 2, k % 5 > f
        printf "\n[standards]   # 最近三年主持和参加制定的标准数（项）\nindustry_join = %d\ngroup_lead = %d\nenterprise = %d\n", k % 3, k % 2, k % 4 > f
        printf "\n[awards]   # 获奖（项），加分累计不超过5分\nsecond = %d\n", k % 3 > f
        close(f)
    }
}'
}

now() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# Wall time of one run in ns; the command's output and errors are thrown away.
timed() {
    local t0 t1
    t0=$(now)
    "$@" >/dev/null 2>&1 || true
    t1=$(now)
    echo $((t1 - t0))
}
# Peak RSS in KiB of one run.
peak_kib() {
    if [[ -x /usr/bin/time ]]; then
        # A command that fails (the parse-floor run below) still has its peak measured.
        { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F': *' '/Maximum resident set size/ { print $2 }'
    else
        echo unknown
    fi
}
mib() { [[ $1 == unknown ]] && echo unknown || awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "== generating $N data files in $work/data"
generate data 1 "$N"
files=(data/*.toml)
bytes=$(cat "${files[@]}" | wc -c)
echo "   ${#files[@]} files, $((bytes / 1024)) KiB ($((bytes / ${#files[@]})) bytes a file)"

summary=("$bin" --rubric "$RUBRIC" --summary --format json "${files[@]}")
jsonl=("$bin" --rubric "$RUBRIC" --format jsonl "${files[@]}")
status=0
"${summary[@]}" >/dev/null 2>"$work/stderr" || status=$?
if [[ $status -ne 0 || -s "$work/stderr" ]]; then
    echo "!! score --summary: exit status $status, stderr:" >&2
    head -20 "$work/stderr" >&2
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== timing: $RUNS rounds of cat / --summary / jsonl, alternating, after a warm-up of each"
timed cat "${files[@]}" >/dev/null
timed "${summary[@]}" >/dev/null
timed "${jsonl[@]}" >/dev/null
: >"$work/rounds"
for r in $(seq "$RUNS"); do
    # Rotate who goes first, so a burst of load elsewhere does not always hit the same command.
    case $((r % 3)) in
        0) c=$(timed cat "${files[@]}"); s=$(timed "${summary[@]}"); j=$(timed "${jsonl[@]}") ;;
        1) s=$(timed "${summary[@]}"); j=$(timed "${jsonl[@]}"); c=$(timed cat "${files[@]}") ;;
        2) j=$(timed "${jsonl[@]}"); c=$(timed cat "${files[@]}"); s=$(timed "${summary[@]}") ;;
    esac
    echo "$c $s $j" >>"$work/rounds"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cat_ns=$(awk '{ print $1 }' "$work/rounds" | median)
sum_ns=$(awk '{ print $2 }' "$work/rounds" | median)
jsonl_ns=$(awk '{ print $3 }' "$work/rounds" | median)
ratios() { awk -v col="$1" '{ r = $col / $1; if (NR == 1 || r < lo) lo = r; if (NR == 1 || r > hi) hi = r } END { printf "%.2f–%.2f", lo, hi }' "$work/rounds"; }
sum_range=$(ratios 2)
jsonl_range=$(ratios 3)
sum_rss=$(peak_kib "${summary[@]}")
jsonl_rss=$(peak_kib "${jsonl[@]}")

awk -v n="$N" -v c="$cat_ns" -v s="$sum_ns" -v j="$jsonl_ns" -v sr="$sum_range" -v jr="$jsonl_range" \
    -v srss="$(mib "$sum_rss")" -v jrss="$(mib "$jsonl_rss")" -v status="$status" \
    -v nproc="$(nproc)" -v model="$(awk -F': *' '/model name/ { print $2; exit }' /proc/cpuinfo)" \
    -v lb="$load_before" -v la="$load_after" -v bin="$bin" 'BEGIN {
    printf "\nbinary:      %s\n", bin
    printf "machine:     %s cores, %s; load average %s before, %s after\n", nproc, model, lb, la
    printf "files:       %d, each given as a path (exit status of --summary: %d)\n\n", n, status
    printf "%-34s %9s %9s %13s %11s %9s\n", "command", "wall ms", "µs/file", "× cat median", "× cat range", "peak RSS"
    printf "%-34s %9.1f %9.2f %13s %11s %9s\n", "cat FILES", c / 1e6, c / 1e3 / n, "1", "", ""
    printf "%-34s %9.1f %9.2f %13.2f %11s %6s MiB\n", "score --summary --format json FILES", s / 1e6, s / 1e3 / n, s / c, sr, srss
    printf "%-34s %9.1f %9.2f %13.2f %11s %6s MiB\n", "score --format jsonl FILES", j / 1e6, j / 1e3 / n, j / c, jr, jrss
    printf "\ntargets: --summary ≤ 1.3× cat: %s;  jsonl ≤ 2× cat: %s;  RSS < 32 MiB: %s\n", \
        (s <= 1.3 * c ? "met" : "MISSED"), (j <= 2 * c ? "met" : "MISSED"), \
        (srss != "unknown" && srss + 0 < 32 && jrss + 0 < 32 ? "met" : "MISSED")
}'

if [[ "$BIG" -gt 0 ]]; then
    small=$((BIG / 10))
    echo
    echo "== scaling: $small and $BIG paths, ten hard links to each of $small files"
    generate scale 1 "$small"
    # Ten folders of links to the same files, so the paths differ and the disk holds one copy.
    mkdir -p s10 s100
    for x in a b c d e f g h i j; do
        cp -al scale "s100/$x"
        mkdir "s10/$x"
        printf 'scale/c%06d.toml\n' $(seq 1 $((small / 10))) | xargs cp -l -t "s10/$x"
    done
    small_files=(s10/*/*.toml)
    big_files=(s100/*/*.toml)
    echo "   ${#small_files[@]} and ${#big_files[@]} paths"
    s_small=() s_big=()
    timed "$bin" --rubric "$RUBRIC" --summary --format json "${big_files[@]}" >/dev/null
    c_small=() c_big=()
    for _ in $(seq 3); do
        s_small+=("$(timed "$bin" --rubric "$RUBRIC" --summary --format json "${small_files[@]}")")
        s_big+=("$(timed "$bin" --rubric "$RUBRIC" --summary --format json "${big_files[@]}")")
        c_small+=("$(timed cat "${small_files[@]}")")
        c_big+=("$(timed cat "${big_files[@]}")")
    done
    small_ns=$(printf '%s\n' "${s_small[@]}" | median)
    big_ns=$(printf '%s\n' "${s_big[@]}" | median)
    cat_small_ns=$(printf '%s\n' "${c_small[@]}" | median)
    cat_big_ns=$(printf '%s\n' "${c_big[@]}" | median)
    big_sum_rss=$(peak_kib "$bin" --rubric "$RUBRIC" --summary --format json "${big_files[@]}")
    big_jsonl_rss=$(peak_kib "$bin" --rubric "$RUBRIC" --format jsonl "${big_files[@]}")
    # The same files given as their ten folders (no path on the command line), and the floor the
    # command line sets: an unknown table stops score right after the paths are parsed.
    big_dir_rss=$(peak_kib "$bin" --rubric "$RUBRIC" --summary --format json s100/?)
    big_dir_jsonl_rss=$(peak_kib "$bin" --rubric "$RUBRIC" --format jsonl s100/?)
    parse_rss=$(peak_kib "$bin" --rubric no-such-table --summary --format json "${big_files[@]}")
    awk -v a="$small_ns" -v b="$big_ns" -v n="${#small_files[@]}" -v m="${#big_files[@]}" \
        -v ca="$cat_small_ns" -v cb="$cat_big_ns" \
        -v sr="$(mib "$big_sum_rss")" -v jr="$(mib "$big_jsonl_rss")" \
        -v dr="$(mib "$big_dir_rss")" -v djr="$(mib "$big_dir_jsonl_rss")" \
        -v pr="$(mib "$parse_rss")" 'BEGIN {
        printf "--summary, %d paths: %.1f ms;  %d paths: %.1f ms;  ratio %.2f (target ≤ 10.5: %s)\n", \
            n, a / 1e6, m, b / 1e6, b / a, (b / a <= 10.5 ? "met" : "MISSED")
        printf "cat,       %d paths: %.1f ms;  %d paths: %.1f ms;  ratio %.2f (the floor scales so too)\n", \
            n, ca / 1e6, m, cb / 1e6, cb / ca
        printf "peak RSS at %d paths: --summary %s MiB, jsonl %s MiB (target < 32 MiB: %s)\n", m, sr, jr, \
            (sr != "unknown" && sr + 0 < 32 && jr + 0 < 32 ? "met" : "MISSED")
        printf "            the same files as 10 folders: --summary %s MiB, jsonl %s MiB;  parsing the %d paths alone: %s MiB\n", \
            dr, djr, m, pr
    }'
    echo "   (every company is in ten files here, so the duplicate check is exercised too)"
fi

if [[ -z "${NO_DIVAN:-}" ]]; then
    echo
    echo "== in-process, per sheet (cargo bench --bench sheet): read_and_score is TOML bytes → sheet"
    echo "   → summary row, target < 20 µs; load_only is bytes → data; score_only the engine alone"
    (cd "$root" && cargo bench --quiet --bench sheet 2>/dev/null)
fi
if [[ -n "${KEEP:-}" ]]; then
    echo "kept: $work"
fi
