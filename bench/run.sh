#!/usr/bin/env bash
# One command: builds Release, starts WechatLeads on a fresh SQLite file (sandbox account, in-memory jobs),
# replays pre-signed pushes with wrk (-t2 -c64, 10 s each) and prints req/s, p50, p99 and the ratio to a
# bare endpoint of the same host measured in the same run. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
PORT=${PORT:-5099}
URL="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
dotnet build src/WechatLeads.Server -c Release -nologo -v q >/dev/null
dotnet build bench/RequestGen -c Release -nologo -v q >/dev/null
gen="dotnet bench/RequestGen/bin/Release/net10.0/RequestGen.dll"

work=$(mktemp -d)
export ASPNETCORE_URLS="$URL" ASPNETCORE_ENVIRONMENT=Development DataDirectory="$work" \
       ConnectionStrings__Leads="Data Source=$work/leads.db" Logging__LogLevel__Default=Warning \
       Database__SqliteSynchronous="${SYNCHRONOUS:-Normal}"
dotnet src/WechatLeads.Server/bin/Release/net10.0/WechatLeads.Server.dll >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "$URL/ping" >/dev/null && break; sleep 0.2; done

run() { # name, then wrk arguments
  local name=$1; shift
  local line
  line=$(wrk -t2 -c64 -d"$DURATION" --latency "$@" | grep '^RESULT' || true)
  echo "$name $line"
}

results=()
results+=("$(run bare -s bench/wechat.lua "$URL/ping")")
for scenario in plain-text safe-text safe-unsubscribe; do
  $gen pushes "$scenario" "${PUSHES:-400000}" "$work/$scenario.txt"
  results+=("$(run "$scenario" -s bench/wechat.lua "$URL" -- "$work/$scenario.txt" 2)")
done

echo
echo "| path | req/s | p50 ms | p99 ms | non-2xx | vs bare |"
echo "|---|---|---|---|---|---|"
bare_rps=""
for r in "${results[@]}"; do
  name=${r%% *}
  requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$r")
  duration=$(sed -n 's/.*duration_us=\([0-9]*\).*/\1/p' <<<"$r")
  p50=$(sed -n 's/.*p50_us=\([0-9]*\).*/\1/p' <<<"$r")
  p99=$(sed -n 's/.*p99_us=\([0-9]*\).*/\1/p' <<<"$r")
  non2xx=$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' <<<"$r")
  rps=$(awk -v n="$requests" -v d="$duration" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
  [ -z "$bare_rps" ] && bare_rps=$rps
  ratio=$(awk -v a="$rps" -v b="$bare_rps" 'BEGIN { printf "%.3f", a / b }')
  printf '| %s | %s | %.2f | %.2f | %s | %s |\n' "$name" "$rps" "$(awk -v x="$p50" 'BEGIN{print x/1000}')" "$(awk -v x="$p99" 'BEGIN{print x/1000}')" "$non2xx" "$ratio"
done
echo
echo "opt-outs stored: $($gen count "$work/leads.db")"
