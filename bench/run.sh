#!/usr/bin/env bash
# One command: builds Release, starts WechatLeads (sandbox account), replays pre-signed pushes with wrk
# (-t2 -c64 in total, 10 s each) and prints req/s, p50, p99 and the ratio to a bare endpoint of the same
# host measured in the same run. Loopback only.
#   DB=sqlite (default): one instance on a fresh SQLite file, in-memory jobs.
#   DB=postgres INSTANCES=1|2: instances sharing a fresh PostgreSQL database and Hangfire.PostgreSql; with
#   two, the pushes are split in halves and two wrk processes drive one instance each (the load balancer's
#   part), req/s summed, the worse p50/p99 reported. Needs the PostgreSQL that ./test.sh starts (role wl/wl).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
PORT=${PORT:-5099}
DB=${DB:-sqlite}
INSTANCES=${INSTANCES:-1}
PG=${WL_BENCH_PG:-Host=127.0.0.1;Port=5432;Username=wl;Password=wl}
[ "$DB" = postgres ] || INSTANCES=1

command -v wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
dotnet build src/WechatLeads.Server -c Release -nologo -v q >"${TMPDIR:-/tmp}/wl-bench-build.log" || { cat "${TMPDIR:-/tmp}/wl-bench-build.log"; exit 1; }
dotnet build bench/RequestGen -c Release -nologo -v q >/dev/null
gen="dotnet bench/RequestGen/bin/Release/net10.0/RequestGen.dll"

work=$(mktemp -d)
export ASPNETCORE_ENVIRONMENT=Development DataDirectory="$work" Logging__LogLevel__Default=Warning
if [ "$DB" = postgres ]; then
  database="wl_bench_$RANDOM$RANDOM"
  export Database__Provider=Postgres Hangfire__Storage=Postgres ConnectionStrings__Leads="$PG;Database=$database"
  psql_bench() { PGPASSWORD=wl psql -h 127.0.0.1 -U wl -d "$1" -tAc "$2"; }
else
  export ConnectionStrings__Leads="Data Source=$work/leads.db" Database__SqliteSynchronous="${SYNCHRONOUS:-Normal}"
fi

servers=()
cleanup() {
  kill "${servers[@]}" 2>/dev/null || true; wait 2>/dev/null || true
  [ "$DB" = postgres ] && psql_bench postgres "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
for i in $(seq 0 $((INSTANCES - 1))); do
  ASPNETCORE_URLS="http://127.0.0.1:$((PORT + i))" dotnet src/WechatLeads.Server/bin/Release/net10.0/WechatLeads.Server.dll >"$work/server$i.log" 2>&1 &
  servers+=($!)
  # The first instance migrates the empty database; the others start once it is up.
  up=""
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$((PORT + i))/healthz" >/dev/null && { up=1; break; }; sleep 0.2; done
  [ -n "$up" ] || { echo "instance $i did not become healthy:"; tail -n 30 "$work/server$i.log"; exit 1; }
done
# Warm-up (JIT, pools, first token fetch, the menu publish), not measured.
for i in $(seq 0 $((INSTANCES - 1))); do wrk -t1 -c8 -d3s "http://127.0.0.1:$((PORT + i))/ping" >/dev/null; done

run() { # name, pushes file (or "" for bare): wrk per instance, in parallel, on its share of the pushes
  local name=$1 file=$2 pids=() i
  if [ -n "$file" ] && [ "$INSTANCES" -gt 1 ]; then split -n "l/$INSTANCES" -d "$file" "$file.part"; fi
  for i in $(seq 0 $((INSTANCES - 1))); do
    local args=(-s bench/wechat.lua "http://127.0.0.1:$((PORT + i))")
    [ -z "$file" ] && args=(-s bench/wechat.lua "http://127.0.0.1:$((PORT + i))/ping")
    if [ -n "$file" ]; then
      local part=$file; [ "$INSTANCES" -gt 1 ] && part="$file.part0$i"
      args+=(-- "$part" $((2 / INSTANCES > 0 ? 2 / INSTANCES : 1)))
    fi
    wrk -t$((2 / INSTANCES)) -c$((64 / INSTANCES)) -d"$DURATION" --latency "${args[@]}" >"$work/wrk-$name-$i.txt" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  cat "$work"/wrk-"$name"-*.txt | grep '^RESULT' | awk -v name="$name" '
    { for (f = 2; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
      rps += v["requests"] / (v["duration_us"] / 1e6); non2xx += v["non2xx"]
      if (v["p50_us"] > p50) p50 = v["p50_us"]; if (v["p99_us"] > p99) p99 = v["p99_us"] }
    END { printf "%s %.0f %.2f %.2f %d\n", name, rps, p50 / 1000, p99 / 1000, non2xx }'
}

results=()
results+=("$(run bare "")")
for scenario in plain-text safe-text safe-unsubscribe; do
  $gen pushes "$scenario" "${PUSHES:-400000}" "$work/$scenario.txt"
  results+=("$(run "$scenario" "$work/$scenario.txt")")
done

echo
echo "database: $DB, instances: $INSTANCES"
echo "| path | req/s | p50 ms | p99 ms | non-2xx | vs bare |"
echo "|---|---|---|---|---|---|"
bare_rps=""
for r in "${results[@]}"; do
  read -r name rps p50 p99 non2xx <<<"$r"
  [ -z "$bare_rps" ] && bare_rps=$rps
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$non2xx" "$(awk -v a="$rps" -v b="$bare_rps" 'BEGIN { printf "%.3f", a / b }')"
done
echo
if [ "$DB" = postgres ]; then
  echo "opt-outs stored: $(psql_bench "$database" 'SELECT count(*) FROM "OptOuts"')"
else
  echo "opt-outs stored: $($gen count "$work/leads.db")"
fi
