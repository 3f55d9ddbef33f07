#!/usr/bin/env bash
# The batch benchmark of issues 15 and 26: the README's bureau commands (`score --summary DIR`,
# `score --format jsonl DIR`: a folder of files that each name their table) and the same with
# `--rubric`, over N generated one-company files, against `cat` given the same files as paths
# (no shell glob inside a timed command: a `sh -c 'cat dir/*'` would add its own expansion to
# `cat` and flatter the ratio).
#
#   scripts/bench-batch.sh [N]         N data files (default 10000), ~1.5 KB each, all valid
#   RUNS=7 scripts/bench-batch.sh      rounds of the five commands, rotating (default 5)
#   BIG=0 scripts/bench-batch.sh       skip the 100,000-file scaling run (BIG=N: its size)
#   BIN=path scripts/bench-batch.sh    time that binary (e.g. an older build) instead of building
#   NO_DIVAN=1 scripts/bench-batch.sh  skip the in-process benchmark (benches/sheet.rs)
#   KEEP=1 scripts/bench-batch.sh      keep the generated folder (its path is printed)
#   DISK=1 scripts/bench-batch.sh      write the timed output onto the disk, not into memory
#
# Every run, timed or not, must do its work: before timing, each command's output is checked
# whole (a row per applicant, a jsonl line per file, nothing on stderr), and every timed run must
# exit 0 and print something, or the script stops. Prints, per command: the median wall time,
# its multiple of cat's median, the range of the per-round multiples, and peak RSS
# (`/usr/bin/time -v`); the load average before and after (the machine may be shared: compare
# numbers taken under similar load); then the 100k/10k wall ratio of `--summary`, measured on
# two sets of hard links (BIG and BIG/10 names, ten names per file, so both sets hold the same
# kind of files and the disk holds only BIG/10 of them); then the divan figures.
#
# Targets (issues 15, 26): --summary DIR ≤ 1.3× cat, --format jsonl DIR ≤ 2× cat, peak RSS
# < 32 MiB at 10k and 100k, 100k ≤ 10.5× the time of 10k, in-process TOML bytes → sheet
# (read_and_score) < 20 µs. A benchmark reports them; no test times anything.
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
# The timed output goes into a file in memory (tmpfs) where there is one. Into a file on ext4,
# GNU cat (9.x) copies with copy_file_range inside the kernel and never reads the bytes, which no
# program that looks at them can do: 69 ms against 150 ms for the same 10,000 files, while score
# took the same time on either. Into tmpfs cat reads and writes, the floor this compares with.
# DISK=1 measures into a file on the disk instead.
if [[ -z "${DISK:-}" ]] && [[ -d /dev/shm && -w /dev/shm ]]; then
    out=$(mktemp /dev/shm/score-bench-out.XXXXXX)
else
    out=$work/out
fi
if [[ -z "${KEEP:-}" ]]; then
    trap 'rm -rf "$work" "$out"' EXIT
else
    trap 'rm -f "$out"' EXIT
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

# The README's bureau commands (a folder, each file naming its table), and the same with
# `--rubric`; `cat` reads the same files. Labels and commands, in the order the table prints them.
labels=("cat FILES" "score --summary DIR" "score --rubric $RUBRIC --summary DIR"
    "score --format jsonl DIR" "score --rubric $RUBRIC --format jsonl DIR")
cmd0=(cat "${files[@]}")
cmd1=("$bin" --summary data/)
cmd2=("$bin" --rubric "$RUBRIC" --summary data/)
cmd3=("$bin" --format jsonl data/)
cmd4=("$bin" --rubric "$RUBRIC" --format jsonl data/)
run() {
    local -n argv="cmd$1"
    "${argv[@]}"
}
commands=${#labels[@]}

# Every run must do its work: exit status 0 and output. Checked on every timed run, not only here.
fail() {
    echo "!! $1: $2; stderr:" >&2
    head -20 "$work/err" >&2
    exit 1
}
# Before timing: every command's output is whole (jsonl: a sheet per file; --summary: every
# applicant's row) and nothing is on stderr (the files are all valid).
for c in $(seq 0 $((commands - 1))); do
    status=0
    run "$c" >"$out" 2>"$work/err" || status=$?
    [[ $status -eq 0 ]] || fail "${labels[$c]}" "exit status $status"
    [[ ! -s "$work/err" || $c -eq 0 ]] || fail "${labels[$c]}" "wrote to stderr"
    case $c in
        0) want=$bytes got=$(wc -c <"$out") ;;
        1 | 2) want=$N got=$(grep -c '测试企业' "$out") ;;
        # A sheet a line, then the summary's line.
        3 | 4) want=$N got=$(grep -c '^{"rubric":"[^"]*","data":' "$out") ;;
    esac
    [[ $got -eq $want ]] || fail "${labels[$c]}" "output holds $got, not $want (rows, lines or bytes)"
done

now() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# Wall time in ns of one run of command $2… ($1 names it); its output goes to a file (as cat's
# does), and a run that fails or prints nothing stops the script. The previous run's output is
# removed before the clock starts: freeing it is not the next command's work.
timed_as() {
    local label=$1 t0 t1 status=0
    shift
    rm -f "$out"
    t0=$(now)
    "$@" >"$out" 2>"$work/err" || status=$?
    t1=$(now)
    [[ $status -eq 0 ]] || fail "$label" "exit status $status in a timed run"
    [[ -s "$out" ]] || fail "$label" "no output in a timed run"
    echo $((t1 - t0))
}
timed() { timed_as "${labels[$1]}" run "$1"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== timing: $RUNS rounds of the $commands commands, rotating who goes first, after a warm-up of each"
for c in $(seq 0 $((commands - 1))); do timed "$c" >/dev/null; done
: >"$work/rounds"
for r in $(seq "$RUNS"); do
    # Rotate who goes first, so a burst of load elsewhere does not always hit the same command.
    declare -a t=()
    for k in $(seq 0 $((commands - 1))); do
        c=$(((k + r) % commands))
        t[c]=$(timed "$c")
    done
    echo "${t[*]}" >>"$work/rounds"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rss=()
for c in $(seq 1 $((commands - 1))); do
    declare -n argv="cmd$c"
    rss[c]=$(mib "$(peak_kib "${argv[@]}")")
    unset -n argv
done

echo
echo "binary:      $bin"
echo "machine:     $(nproc) cores, $(awk -F': *' '/model name/ { print $2; exit }' /proc/cpuinfo); load average $load_before before, $load_after after"
echo "files:       $N in one folder (every timed run exited 0 with output)"
echo "output:      $out ($(df --output=fstype "$out" 2>/dev/null | tail -1))"
echo
column() { awk -v col="$1" '{ print $col }' "$work/rounds"; }
ratios() { awk -v col="$1" '{ r = $col / $1; if (NR == 1 || r < lo) lo = r; if (NR == 1 || r > hi) hi = r } END { printf "%.2f–%.2f", lo, hi }' "$work/rounds"; }
med=()
for c in $(seq 0 $((commands - 1))); do med[c]=$(column $((c + 1)) | median); done
printf "%-52s %9s %9s %13s %11s %9s\n" "command" "wall ms" "µs/file" "× cat median" "× cat range" "peak RSS"
printf "%-52s %9.1f %9.2f %13s %11s %9s\n" "${labels[0]}" "$(awk -v m="${med[0]}" 'BEGIN { print m / 1e6 }')" \
    "$(awk -v m="${med[0]}" -v n="$N" 'BEGIN { print m / 1e3 / n }')" 1 "" ""
for c in $(seq 1 $((commands - 1))); do
    awk -v m="${med[$c]}" -v cm="${med[0]}" -v n="$N" -v label="${labels[$c]}" -v range="$(ratios $((c + 1)))" \
        -v rss="${rss[$c]}" 'BEGIN {
        printf "%-52s %9.1f %9.2f %13.2f %11s %6s MiB\n", label, m / 1e6, m / 1e3 / n, m / cm, range, rss
    }'
done
met() { awk -v a="$1" -v b="$2" -v x="$3" 'BEGIN { print (a <= x * b ? "met" : "MISSED") }'; }
echo
echo "targets, the README commands: --summary DIR ≤ 1.3× cat: $(met "${med[1]}" "${med[0]}" 1.3);" \
    " --format jsonl DIR ≤ 2× cat: $(met "${med[3]}" "${med[0]}" 2)"
echo "         with --rubric:       --summary DIR ≤ 1.3× cat: $(met "${med[2]}" "${med[0]}" 1.3);" \
    " --format jsonl DIR ≤ 2× cat: $(met "${med[4]}" "${med[0]}" 2)"
echo "RSS < 32 MiB: $(awk -v a="${rss[1]} ${rss[2]} ${rss[3]} ${rss[4]}" 'BEGIN { n = split(a, x, " "); ok = 1; for (i = 1; i <= n; i++) if (x[i] == "unknown" || x[i] + 0 >= 32) ok = 0; print (ok ? "met" : "MISSED") }')"

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
    timed_as "--summary, $BIG paths" "$bin" --rubric "$RUBRIC" --summary --format json "${big_files[@]}" >/dev/null
    c_small=() c_big=()
    for _ in $(seq 3); do
        s_small+=("$(timed_as "--summary, $small paths" "$bin" --rubric "$RUBRIC" --summary --format json "${small_files[@]}")")
        s_big+=("$(timed_as "--summary, $BIG paths" "$bin" --rubric "$RUBRIC" --summary --format json "${big_files[@]}")")
        c_small+=("$(timed_as "cat, $small paths" cat "${small_files[@]}")")
        c_big+=("$(timed_as "cat, $BIG paths" cat "${big_files[@]}")")
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
