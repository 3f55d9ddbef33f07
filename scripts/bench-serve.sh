#!/usr/bin/env bash
# Load benchmark of `score serve` (issue 27): CLIENTS concurrent clients (default 200) for
# SECONDS (default 30) POST the four examples to /api/score in turn, as applicants scoring
# themselves would. Reports throughput, latency p50/p99/max, errors (non-2xx and socket errors)
# and the server's peak RSS. Target on a 2-core machine: 0 errors, p99 < 20 ms, RSS < 64 MiB.
#
# THINK_MS=N makes each client wait N ms between its requests (an applicant typing: the page
# rescores 250 ms after the last key); without it every client sends its next request at once,
# which saturates the machine and measures throughput (latency is then clients / throughput).
# wrk runs on the same cores as the server and takes its share of them.
#
# Needs `wrk` (Debian: apt-get install wrk). Not a test: the numbers depend on the machine.
# Usage: [THINK_MS=250] [BIN=path] scripts/bench-serve.sh [CLIENTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."

clients=${1:-200}
seconds=${2:-30}
think=${THINK_MS:-0}
threads=$(( clients < 2 ? clients : 2 ))
command -v wrk >/dev/null || { echo "bench-serve: wrk is missing (apt-get install wrk)" >&2; exit 1; }

if [[ -n "${BIN:-}" ]]; then
    bin=$(realpath "$BIN")
else
    cargo build --release --quiet
    bin=target/release/score
fi
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" serve --listen 127.0.0.1:0 --max-requests "$((clients + 56))" >"$work/url" 2>/dev/null &
pid=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")

# wrk's script: each request the next example, as the data file's bytes.
cat >"$work/post.lua" <<LUA
local bodies, names = {}, {}
for _, name in ipairs({"enterprise-center", "industry-center", "demonstration-enterprise", "alliance"}) do
  local f = assert(io.open("examples/" .. name .. ".toml", "rb"))
  bodies[#bodies + 1] = f:read("*a")
  names[#names + 1] = name
  f:close()
end
local i = 0
if $think > 0 then
  delay = function() return $think end
end
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/api/score?name=" .. names[i] .. ".toml",
    {["Content-Type"] = "application/toml"}, bodies[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
LUA

# One request first: the server answers, and answers right.
# (Read whole before matching: `curl | grep -q` under pipefail fails when grep stops reading.)
answer=$(curl -sf -H 'Content-Type: application/toml' --data-binary @examples/alliance.toml "${url}api/score") || answer=
[[ $answer == *'"total"'* ]] || { echo "bench-serve: the server does not score" >&2; exit 1; }

echo "== $clients clients, ${think} ms between a client's requests, for ${seconds}s against $url ($threads wrk threads)"
wrk -t"$threads" -c"$clients" -d"${seconds}s" --timeout 5s -s "$work/post.lua" "$url" | tee "$work/wrk"
rss_kib=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
echo "peak RSS of score serve: $((rss_kib / 1024)) MiB ($rss_kib KiB)"
grep '^RESULT' "$work/wrk" | sed "s/\$/ peak_rss_mib=$((rss_kib / 1024))/"
