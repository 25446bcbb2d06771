# Sourced by run.sh and cold-start.sh: how both drive the server with wrk.
#
# wrk_load OUT DURATION FILE URL...: two one-thread wrk processes in parallel for DURATION, process i on the i-th half
# of FILE's prepared requests (FILE "": the bare /ping) against URL number i modulo the URLs given (one URL, or one per
# instance: the load balancer's part). CONNECTIONS (64) are shared between them. OUT is a directory of its own, made
# afresh. Prints "req/s p50-ms p99-ms non-2xx requests" over both processes: rates added, the worse percentile taken.
#
# Why two processes of one thread: wrk starts a thread's load as soon as that thread's init has read its requests,
# then reads the next thread's while the first one runs, and starts its clock only after the last. With two threads
# in one process the first thread's requests of those seconds (reading 400k pushes takes several) were counted in a
# window they were not sent in, and the reading took a core from the server inside the run. Here the processes read
# in parallel and wait for each other (the barrier in wechat.lua) before any load.
# Why a directory per run: a pattern over file names ("wrk-safe-text-*") also took in the warm-up's results, which
# until 2026-12-05 added the warm-up's rate to every push scenario's and the bare endpoint's.
wrk_load() {
  local out=$1 duration=$2 file=$3 urls=("${@:4}") procs=2 pids=() i
  rm -rf "$out"; mkdir -p "$out/ready"
  [ -n "$file" ] && split -n "l/$procs" -d "$file" "$out/part"
  for i in $(seq 0 $((procs - 1))); do
    local args=(-s bench/wechat.lua "${urls[$((i % ${#urls[@]}))]}")
    if [ -n "$file" ]; then args+=(-- "$out/part0$i" 1 "$out/ready" $procs); fi
    wrk -t1 -c$((${CONNECTIONS:-64} / procs)) -d"$duration" --latency "${args[@]}" >"$out/$i.txt" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  # A row of blanks would read as a result: say what wrk said instead.
  [ "$(cat "$out"/[0-9]*.txt | grep -c '^RESULT')" -eq $procs ] || { echo "wrk failed:" >&2; cat "$out"/[0-9]*.txt >&2; return 1; }
  cat "$out"/[0-9]*.txt | grep '^RESULT' | awk '
    { for (f = 2; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
      rps += v["requests"] / (v["duration_us"] / 1e6); non2xx += v["non2xx"]; n += v["requests"]
      if (v["p50_us"] > p50) p50 = v["p50_us"]; if (v["p99_us"] > p99) p99 = v["p99_us"] }
    END { printf "%.0f %.2f %.2f %d %d\n", rps, p50 / 1000, p99 / 1000, non2xx, n }'
}
