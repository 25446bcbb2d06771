#!/usr/bin/env bash
# One command: builds Release, starts WechatLeads (sandbox account, jobs running), and drives it with wrk
# (two processes, -t1 -c32 each: 64 connections in total) on loopback. Each scenario is warmed up (WARMUP, on requests of its own: a server runs
# for hours, the JIT's first minutes are not what it serves with) and then measured (DURATION). Prints
# req/s, p50, p99 and the ratio to a bare endpoint of the same host measured in the same run.
#   DB=sqlite (default): one instance on a fresh SQLite file, in-memory jobs.
#   DB=postgres INSTANCES=1|2: instances sharing a fresh PostgreSQL database and Hangfire.PostgreSql; with
#   two, each of the two wrk processes drives one instance (the load balancer's part). Needs the PostgreSQL
#   that ./test.sh starts (role wl/wl).
#   SCENARIOS: a subset of "plain-text safe-text safe-unsubscribe participation draw redemption" (bare always runs).
#   LEADS: stored-lead counts the participation scenario runs against, e.g. "10000 1000000" (seeded straight into the database).
#   COUPONS (SQLite): issued coupons the redemption scenario (a till's POST /api/redemptions) runs against.
#   RISK_DELAY_MS: how long the sandbox's WeChat takes to answer getUserRiskRank in the draw scenario (20).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/wrk.sh
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-20s}
PORT=${PORT:-5099}
DB=${DB:-sqlite}
INSTANCES=${INSTANCES:-1}
SCENARIOS=${SCENARIOS:-plain-text safe-text safe-unsubscribe participation draw redemption}
COUPONS=${COUPONS:-1000000}
TILL_KEY=bench-till-key-0123456789abcdef
LEADS=${LEADS:-10000 1000000}
PARTICIPANTS=${PARTICIPANTS:-45000}
PG=${WL_BENCH_PG:-Host=127.0.0.1;Port=5432;Username=wl;Password=wl}
KEY=bench-operator-key-0123456789abcdef
[ "$DB" = postgres ] || INSTANCES=1

command -v wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
dotnet build src/WechatLeads.Server -c Release -nologo -v q >"${TMPDIR:-/tmp}/wl-bench-build.log" || { cat "${TMPDIR:-/tmp}/wl-bench-build.log"; exit 1; }
dotnet build bench/RequestGen -c Release -nologo -v q >/dev/null
gen="dotnet bench/RequestGen/bin/Release/net10.0/RequestGen.dll"

work=$(mktemp -d)
# Staging: the sandbox account as in Development, without the developer exception page and API browser.
# Staging is strict like Production: the sandbox must be asked for, and the key must be given (and random).
export ASPNETCORE_ENVIRONMENT=Staging Sandbox__Enabled=true Security__EncryptionKey="$(openssl rand -base64 32)" \
       DataDirectory="$work" Logging__LogLevel__Default=Warning \
       Admin__ApiKeys__0__Name=bench Admin__ApiKeys__0__Key=$KEY Admin__ApiKeys__0__Role=Operator \
       Admin__ApiKeys__1__Name=bench-till Admin__ApiKeys__1__Key=$TILL_KEY Admin__ApiKeys__1__Role=Store Admin__ApiKeys__1__Store=SH001 \
       RateLimits__ParticipationsPerIpPerMinute=100000000 RateLimits__LoginsPerIpPerMinute=100000000 \
       Sandbox__RiskRankDelayMilliseconds="${RISK_DELAY_MS:-20}"
# (All load comes from 127.0.0.1; behind a real proxy each person has an address of their own.)
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
start_servers() {
  servers=()
  for i in $(seq 0 $((INSTANCES - 1))); do
    # One WeChat for all of them, as in production: the first instance's sandbox (a code it issued is unknown to
    # another instance's own sandbox, which would refuse it with 40029).
    ASPNETCORE_URLS="http://127.0.0.1:$((PORT + i))" Wechat__ApiBaseUrl="http://127.0.0.1:$PORT/sandbox" \
      dotnet src/WechatLeads.Server/bin/Release/net10.0/WechatLeads.Server.dll >>"$work/server$i.log" 2>&1 &
    servers+=($!)
    # The first instance migrates the empty database; the others start once it is up.
    local up=""
    for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$((PORT + i))/healthz" >/dev/null && { up=1; break; }; sleep 0.2; done
    [ -n "$up" ] || { echo "instance $i did not become healthy:"; tail -n 30 "$work/server$i.log"; exit 1; }
  done
}
stop_servers() { kill "${servers[@]}" 2>/dev/null || true; wait "${servers[@]}" 2>/dev/null || true; servers=(); }

# name, duration, requests file (or "" for bare): prints "name req/s p50 p99 non-2xx requests" (bench/wrk.sh)
wrk_run() {
  local urls=() i
  for i in $(seq 0 $((INSTANCES - 1))); do urls+=("http://127.0.0.1:$((PORT + i))"); done
  local result; result=$(wrk_load "$work/wrk/$1" "$2" "$3" "${urls[@]}") || exit 1
  echo "$1 $result"
}

# scenario NAME FILE-MAKER: warm up on one set of requests, measure on another
measure() {
  local name=$1 make=$2
  # Enough pushes that the warm-up never wraps around to send its first ones again (retries take a cheaper path).
  $make "${WARM_PUSHES:-200000}" "$work/$name-warm.txt"; wrk_run "$name-warm" "$WARMUP" "$work/$name-warm.txt" >/dev/null
  # Statistics as a database running longer than its first minutes has them (autovacuum looks once a minute).
  # Without, the statements prepared while the fresh tables were empty keep plans made for an empty table:
  # whole-table scans that grow with every row the warm-up wrote.
  [ "$DB" = postgres ] && psql_bench "$database" "ANALYZE" >/dev/null
  sleep 2
  $make "${PUSHES:-400000}" "$work/$name.txt"
  scrape >"$work/metrics-before.txt"
  results+=("$(wrk_run "$name" "$DURATION" "$work/$name.txt")")
  scrape >"$work/metrics-after.txt"
  notes+=("$name: $(commit_stats "$work/metrics-before.txt" "$work/metrics-after.txt")")
}
# The group commit as /metrics saw it over the measured run (instance 0): commits, mean requests per commit, mean time,
# the new pushes it counted (a check on what wrk counted), and the tail as the server saw it: the commits and the
# requests that took over 100 ms inside the server. Beside wrk's p99 it tells a slow server from a busy box (wrk
# also counts the time a ready answer waits for wrk to get a core).
scrape() { curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/metrics" || true; }
commit_stats() {
  awk 'FNR == 1 { file++ }
       /^wechatleads_group_commit_batch_size[a-z_]*_count[{ ]/ { c[file] += $NF } /^wechatleads_group_commit_batch_size[a-z_]*_sum[{ ]/ { n[file] += $NF }
       /^wechatleads_group_commit_duration[a-z_]*_sum[{ ]/ { t[file] += $NF }
       /^wechatleads_pushes[a-z_]*\{/ { match($0, /outcome="[a-z]*"/); o = substr($0, RSTART + 9, RLENGTH - 10); p[file, o] += $NF; outcomes[o] = 1 }
       /^wechatleads_group_commit_duration[a-z_]*_bucket\{.*le="0.1"/ { cq[file] += $NF }
       /^http_server_request_duration[a-z_]*_count[{ ]/ { r[file] += $NF }
       /^http_server_request_duration[a-z_]*_bucket\{.*le="0.1"/ { rq[file] += $NF }
       END { commits = c[2] - c[1]; if (commits <= 0) { print "no group commits seen"; exit }
             printf "%d group commits, %.1f requests each, %.2f ms each", commits, (n[2] - n[1]) / commits, (t[2] - t[1]) * 1000 / commits
             sep = "; pushes:"; for (o in outcomes) { printf "%s %s %d", sep, o, p[2, o] - p[1, o]; sep = "," }
             requests = r[2] - r[1]; slow = requests - (rq[2] - rq[1])
             printf "; over 100 ms in the server: %d commits, %d of %d requests (%.2f%%)\n", commits - (cq[2] - cq[1]), slow, requests,
               (requests > 0 ? 100 * slow / requests : 0) }' "$1" "$2"
}
pushes() { local scenario=$1; shift; $gen pushes "$scenario" "$@"; }

# Stored leads for the participation scenario: SQLite's file is written by RequestGen while the server is stopped;
# PostgreSQL makes them itself (a person, a lead, a participation and a consent each, random keys as real ones have).
seed_leads() {
  local count=$1
  if [ "$DB" = sqlite ]; then
    stop_servers; $gen seed-leads "$work/leads.db" "$count" >/dev/null; start_servers; return
  fi
  psql_bench "$database" "
    CREATE TEMP TABLE seed AS SELECT i, md5(random()::text) || md5(random()::text) AS subject, replace(gen_random_uuid()::text, '-', '') AS person,
      replace(gen_random_uuid()::text, '-', '') AS lead, replace(gen_random_uuid()::text, '-', '') AS participation
      FROM generate_series(1, $count) AS i;
    INSERT INTO \"Persons\" (\"Id\", \"PhoneIndex\", \"PhoneCipher\", \"CreatedAt\")
      SELECT person, md5(random()::text) || md5(random()::text), encode(decode(md5(random()::text) || md5(random()::text), 'hex'), 'base64'), now() FROM seed;
    INSERT INTO \"Leads\" (\"Id\", \"CampaignId\", \"PersonId\", \"SubjectKey\", \"OpenId\", \"Channel\", \"Source\", \"MarketingConsent\", \"CreatedAt\", \"ExpiresAt\")
      SELECT lead, c.\"Id\", person, subject, 'oseed' || left(md5(random()::text), 23), 'miniprogram', 'seed', true, now(), now() + interval '180 days'
      FROM seed, \"Campaigns\" c WHERE c.\"Slug\" = 'spring-coupon';
    INSERT INTO \"Participations\" (\"Id\", \"CampaignId\", \"LeadId\", \"SubjectKey\", \"IdempotencyKey\", \"Outcome\", \"Source\", \"CreatedAt\")
      SELECT participation, c.\"Id\", lead, subject, 'seed:' || subject, 'coupon', 'seed', now() FROM seed, \"Campaigns\" c WHERE c.\"Slug\" = 'spring-coupon';
    INSERT INTO \"ConsentEvents\" (\"SubjectKey\", \"Purpose\", \"Action\", \"Scope\", \"PolicyVersion\", \"Channel\", \"OccurredAt\")
      SELECT subject, 'service', 'granted', 'spring-coupon', '2026-11', 'miniprogram', now() FROM seed;
    ANALYZE;" >/dev/null
}

# What zero over-issue means, counted: "<participations> <codes issued> <codes given twice> <people over the limit>".
issued() {
  local slug=$1
  if [ "$DB" = sqlite ]; then $gen issued "$work/leads.db" "$slug"; return; fi
  psql_bench "$database" "
    WITH k AS (SELECT \"Id\", \"CouponPoolId\" FROM \"Campaigns\" WHERE \"Slug\" = '$slug'), p AS (SELECT * FROM \"Participations\" WHERE \"CampaignId\" = (SELECT \"Id\" FROM k))
    SELECT (SELECT count(*) FROM p) || ' ' ||
      (SELECT count(*) FROM \"CouponCodes\" c WHERE c.\"PoolId\" = (SELECT \"CouponPoolId\" FROM k) AND c.\"ParticipationId\" IS NOT NULL) || ' ' ||
      (SELECT count(*) FROM (SELECT \"CouponCode\" FROM p WHERE \"CouponCode\" IS NOT NULL GROUP BY \"CouponCode\" HAVING count(*) > 1) AS twice) || ' ' ||
      (SELECT count(*) FROM (SELECT \"SubjectKey\" FROM p GROUP BY \"SubjectKey\" HAVING count(*) > 1) AS over)"
}

start_servers
results=()
notes=()
wrk_run bare-warm 3s "" >/dev/null
results+=("$(wrk_run bare "$DURATION" "")")
for scenario in $SCENARIOS; do
  case $scenario in
    plain-text)
      # The sandbox account is in Safe mode, which refuses a push without AES (401): plain pushes are measured on the
      # instance restarted with the account in Plain mode (明文模式), then it is restarted as it was.
      stop_servers; export Wechat__OfficialAccount__MessageMode=Plain; start_servers
      measure "$scenario" "pushes $scenario"
      stop_servers; unset Wechat__OfficialAccount__MessageMode; start_servers ;;
    safe-text) measure "$scenario" "pushes $scenario" ;;
    safe-unsubscribe)
      measure "$scenario" "pushes $scenario"
      # The follow-up work (consent per campaign, one confirmation each) ran alongside; how long until all is done?
      if [ "$DB" = sqlite ]; then
        waited=0
        while read -r total done < <($gen followups "$work/leads.db"); [ "$done" -lt "$total" ] && [ "$waited" -lt 300 ]; do sleep 1; waited=$((waited + 1)); done
        read -r total done < <($gen followups "$work/leads.db")
        notes+=("opt-outs stored: $total; followed up (confirmation sent or skipped): $done, the last one ${waited} s after the measured run")
      else
        notes+=("opt-outs stored: $(psql_bench "$database" 'SELECT count(*) FROM "OptOuts"')")
      fi ;;
    participation)
      have=0
      for leads in $LEADS; do
        seed_leads $((leads - have)); have=$leads
        # A coupon campaign with a code for everyone who will take part, made through the admin API.
        slug="bench-coupon-$leads"; codes=$((PARTICIPANTS * 2 + 1000))
        api() { curl -sS --fail-with-body -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/admin/api/$1" -d "$2" >/dev/null; }
        api campaigns "{ \"slug\": \"$slug\", \"type\": \"coupon\", \"title\": \"压测券\", \"description\": \"benchmark\",
          \"startsAt\": \"2026-01-01T00:00:00Z\", \"endsAt\": \"2030-01-01T00:00:00Z\", \"channels\": [\"miniprogram\"],
          \"policyVersion\": \"2026-11\", \"purposes\": [\"service\", \"marketing\"], \"retentionDays\": 180,
          \"coupon\": { \"validDays\": 30, \"generate\": { \"prefix\": \"B-\", \"count\": $codes } } }"
        api "campaigns/$slug/status" '{"status":"active"}'
        $gen participants "http://127.0.0.1:$PORT" "$slug" "$PARTICIPANTS" "$work/p-warm.txt"
        $gen participants "http://127.0.0.1:$PORT" "$slug" "$PARTICIPANTS" "$work/p-run.txt"
        signed_in=$(date +%s)
        wrk_run "participation-warm" "$WARMUP" "$work/p-warm.txt" >/dev/null
        # The measured sessions are older than the instance's 30 s memory of them (SessionTokenCache), so every
        # participation looks its session up in the database, as for people who signed in a while ago.
        sleep $((signed_in + 32 - $(date +%s) > 2 ? signed_in + 32 - $(date +%s) : 2))
        scrape >"$work/metrics-before.txt"
        r=$(wrk_run "participation-$leads-leads" "$DURATION" "$work/p-run.txt")
        scrape >"$work/metrics-after.txt"
        results+=("$r")
        notes+=("participation-$leads-leads: $(commit_stats "$work/metrics-before.txt" "$work/metrics-after.txt")")
        read -r _ _ _ _ _ sent <<<"$r"
        [ "$sent" -le "$PARTICIPANTS" ] || notes+=("participation at $leads leads sent $sent requests for $PARTICIPANTS people: raise PARTICIPANTS")
        read -r taken issued twice over < <(issued "$slug")
        notes+=("$slug: $taken participations, $issued codes issued of $codes, codes given twice: $twice, people with more than one coupon: $over")
      done ;;
    draw)
      # A lucky draw with a WeChat risk check (getUserRiskRank) before every draw, answered by the sandbox's
      # WeChat after RISK_DELAY_MS (20) — a real call over loopback, as slow as a good day at WeChat — and a
      # paced prize beside two plain ones.
      slug="bench-draw"; codes=$((PARTICIPANTS * 2 + 1000))
      api() { curl -sS --fail-with-body -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/admin/api/$1" -d "$2" >/dev/null; }
      api campaigns "{ \"slug\": \"$slug\", \"type\": \"luckyDraw\", \"title\": \"压测抽奖\", \"description\": \"benchmark\",
        \"startsAt\": \"2026-01-01T00:00:00Z\", \"endsAt\": \"2030-01-01T00:00:00Z\", \"channels\": [\"miniprogram\"],
        \"policyVersion\": \"2026-11\", \"purposes\": [\"service\", \"marketing\"], \"retentionDays\": 180, \"organiser\": \"压测公司\",
        \"draw\": { \"noWinWeight\": 50, \"perDay\": 1, \"total\": 1, \"prizes\": [
          { \"name\": \"半价券\", \"kind\": \"coupon\", \"value\": 10, \"weight\": 40, \"inventory\": $codes, \"coupon\": { \"prefix\": \"D-\", \"count\": $codes } },
          { \"name\": \"整点咖啡\", \"kind\": \"physical\", \"value\": 30, \"weight\": 9, \"inventory\": 100000, \"pace\": { \"per\": \"hour\", \"quantity\": 500 } },
          { \"name\": \"咖啡机\", \"kind\": \"physical\", \"value\": 2000, \"weight\": 1, \"inventory\": 10 } ] } }"
      api "campaigns/$slug/status" '{"status":"active"}'
      $gen participants "http://127.0.0.1:$PORT" "$slug" "$PARTICIPANTS" "$work/d-warm.txt"
      $gen participants "http://127.0.0.1:$PORT" "$slug" "$PARTICIPANTS" "$work/d-run.txt"
      wrk_run "draw-warm" "$WARMUP" "$work/d-warm.txt" >/dev/null
      sleep 2
      results+=("$(wrk_run "draw-with-risk-check-${RISK_DELAY_MS:-20}ms" "$DURATION" "$work/d-run.txt")")
      read -r taken _ _ over < <(issued "$slug")
      notes+=("$slug: $taken draws, people over the limit: $over") ;;
    redemption)
      [ "$DB" = sqlite ] || { notes+=("redemption: SQLite only in this script"); continue; }
      stop_servers
      $gen seed-coupons "$work/leads.db" "$COUPONS" >/dev/null
      start_servers
      # Every request redeems a coupon of its own (a till scanning the next customer); warm-up and run use different ones.
      $gen redemptions "$TILL_KEY" SH001 0 60000 "$work/r-warm.txt"
      $gen redemptions "$TILL_KEY" SH001 60000 $((COUPONS - 60000 < 400000 ? COUPONS - 60000 : 400000)) "$work/r-run.txt"
      wrk_run "redemption-warm" "$WARMUP" "$work/r-warm.txt" >/dev/null
      sleep 2
      results+=("$(wrk_run "redemption-$COUPONS-coupons" "$DURATION" "$work/r-run.txt")")
      # The same with 16 tills asking at once instead of 64 (a busy mall, not a saturated server); fresh coupons again.
      $gen redemptions "$TILL_KEY" SH001 460000 $((COUPONS - 460000 < 400000 ? COUPONS - 460000 : 400000)) "$work/r-run16.txt"
      results+=("$(CONNECTIONS=16 wrk_run "redemption-$COUPONS-coupons-16-connections" "$DURATION" "$work/r-run16.txt")")
      read -r redemptions redeemed twice < <($gen redeemed "$work/leads.db")
      notes+=("redemption: $redemptions redemptions, $redeemed coupons redeemed of $COUPONS, coupons redeemed twice: $twice") ;;
  esac
done

echo
echo "database: $DB, instances: $INSTANCES, $(nproc) cores, $(date -u +%F)"
echo "| path | req/s | p50 ms | p99 ms | non-2xx | vs bare |"
echo "|---|---|---|---|---|---|"
bare_rps=""
for r in "${results[@]}"; do
  read -r name rps p50 p99 non2xx _ <<<"$r"
  [ -z "$bare_rps" ] && bare_rps=$rps
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$non2xx" "$(awk -v a="$rps" -v b="$bare_rps" 'BEGIN { printf "%.3f", a / b }')"
done
echo
for n in "${notes[@]}"; do echo "$n"; done
