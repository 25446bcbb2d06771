#!/usr/bin/env bash
# Cold start: how fast a freshly started instance serves, slice by slice, while the JIT is still at work — what a
# rolling deploy during a rush meets. Starts WechatLeads (SQLite, sandbox account, jobs running) and the moment
# /healthz/ready answers drives it with safe-mode 取消订阅 clicks (two wrk -t1 -c32) in consecutive 5-second slices,
# then once more after a minute of load (warm). Runs each build variant on a fresh database:
#   jit: the plain Release build (tiered JIT with dynamic PGO, .NET's default);
#   r2r: the same published with ReadyToRun (precompiled code; the JIT recompiles the hot paths later).
# VARIANTS="jit r2r" SLICES=6 bash bench/cold-start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/wrk.sh
PORT=${PORT:-5098}
VARIANTS=${VARIANTS:-jit r2r}
SLICES=${SLICES:-6}
command -v wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

dotnet build src/WechatLeads.Server -c Release -nologo -v q >"$work/build.log" || { cat "$work/build.log"; exit 1; }
dotnet build bench/RequestGen -c Release -nologo -v q >/dev/null
gen="dotnet bench/RequestGen/bin/Release/net10.0/RequestGen.dll"
if [[ " $VARIANTS " == *" r2r "* ]]; then
  dotnet publish src/WechatLeads.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$work/r2r" -nologo -v q >"$work/publish.log" || { cat "$work/publish.log"; exit 1; }
fi

export ASPNETCORE_ENVIRONMENT=Staging Sandbox__Enabled=true Security__EncryptionKey="$(openssl rand -base64 32)" \
       Logging__LogLevel__Default=Warning ASPNETCORE_URLS="http://127.0.0.1:$PORT"

slice() { # label, duration, requests file: a row of the table
  local result rps p50 p99
  result=$(wrk_load "$3.wrk" "$2" "$3" "http://127.0.0.1:$PORT") || exit 1
  read -r rps p50 p99 _ <<<"$result"
  echo "| $1 | $rps | $p50 | $p99 |"
}

echo "| variant, seconds after ready | req/s | p50 ms | p99 ms |"
echo "|---|---|---|---|"
for variant in $VARIANTS; do
  data="$work/data-$variant"; mkdir -p "$data"
  export DataDirectory="$data" ConnectionStrings__Leads="Data Source=$data/leads.db"
  # Pushes signed now, so every slice's are fresh: a slice's share each, then the warm run's.
  for i in $(seq 1 "$SLICES"); do $gen pushes safe-unsubscribe 120000 "$work/$variant-$i.txt"; done
  $gen pushes safe-unsubscribe 400000 "$work/$variant-warm.txt"
  case $variant in
    jit) dotnet src/WechatLeads.Server/bin/Release/net10.0/WechatLeads.Server.dll >"$work/$variant.log" 2>&1 & ;;
    r2r) dotnet "$work/r2r/WechatLeads.Server.dll" >"$work/$variant.log" 2>&1 & ;;
  esac
  server=$!
  started=$(date +%s%N)
  until curl -sf "http://127.0.0.1:$PORT/healthz/ready" >/dev/null; do sleep 0.05; done
  echo "| $variant: ready $(( ($(date +%s%N) - started) / 1000000 )) ms after start | | | |"
  for i in $(seq 1 "$SLICES"); do slice "$variant $(( (i - 1) * 5 ))–$(( i * 5 )) s" 5s "$work/$variant-$i.txt"; done
  wrk_load "$work/$variant-warm.wrk" 50s "$work/$variant-warm.txt" "http://127.0.0.1:$PORT" >/dev/null
  $gen pushes safe-unsubscribe 120000 "$work/$variant-hot.txt"
  slice "$variant warm (after a minute of load)" 5s "$work/$variant-hot.txt"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
