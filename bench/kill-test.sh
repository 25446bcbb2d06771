#!/usr/bin/env bash
# Durability under load: replay distinct 取消订阅 clicks (safe mode), SIGKILL the server mid-run, restart
# it on the same SQLite file, and compare what WeChat was told ("success", HTTP 200) with what was kept.
# Every acknowledged opt-out must be in the database after the restart.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-5097}
URL="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
dotnet build src/WechatLeads.Server -c Release -nologo -v q >/dev/null
dotnet build bench/RequestGen -c Release -nologo -v q >/dev/null
gen="dotnet bench/RequestGen/bin/Release/net10.0/RequestGen.dll"
work=$(mktemp -d)
export ASPNETCORE_URLS="$URL" ASPNETCORE_ENVIRONMENT=Development DataDirectory="$work" \
       ConnectionStrings__Leads="Data Source=$work/leads.db" Logging__LogLevel__Default=Warning
start() { dotnet src/WechatLeads.Server/bin/Release/net10.0/WechatLeads.Server.dll >>"$work/server.log" 2>&1 & echo $!; }
wait_up() { for _ in $(seq 1 100); do curl -sf "$URL/ping" >/dev/null && return; sleep 0.2; done; echo "server did not start"; exit 1; }

server=$(start); wait_up
$gen pushes safe-unsubscribe 200000 "$work/clicks.txt"
WL_COUNT_ACKS=1 wrk -t2 -c64 -d8s -s bench/wechat.lua "$URL" -- "$work/clicks.txt" 2 >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
sleep 4
kill -9 "$server"
wait "$wrk_pid" || true
acks=$(sed -n 's/.*acks=\([0-9]*\).*/\1/p' "$work/wrk.txt")

server=$(start); wait_up        # recovery: SQLite replays its WAL, the app migrates and sweeps the outbox
kept=$($gen count "$work/leads.db")
kill "$server"
echo "acknowledged opt-outs: $acks"
echo "opt-outs in the database after restart: $kept"
if [ "$kept" -ge "$acks" ]; then echo "PASS: nothing acknowledged was lost"; else echo "FAIL: $((acks - kept)) acknowledged opt-outs lost"; exit 1; fi
