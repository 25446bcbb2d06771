#!/usr/bin/env bash
# The test command. Builds with warnings as errors, runs every test project, prints "N passed, N failed".
# Installs what the tests need from Debian when it is missing (Chromium and a CJK font for the browser tests).
set -uo pipefail
cd "$(dirname "$0")"

# Browser tests drive Debian's Chromium; without the CJK font Chinese renders as boxes in screenshots.
if ! command -v chromium >/dev/null || ! dpkg -s fonts-wqy-zenhei >/dev/null 2>&1; then
  echo "Installing chromium and fonts-wqy-zenhei from apt..."
  (apt-get update -q && apt-get install -y -q chromium fonts-wqy-zenhei) >/dev/null 2>&1 \
    || { echo "Could not install chromium (run as root, or install it yourself)."; echo "0 passed, 1 failed"; exit 1; }
fi

log=$(mktemp)
dotnet build WechatLeads.sln -c Release -warnaserror -nologo -v q 2>&1 | tail -n 30
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

# -m:1: one test project at a time; on 2 cores, parallel hosts starve each other's background jobs.
dotnet test WechatLeads.sln -c Release --no-build --nologo -v q -m:1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one summary per test project: "Passed!  - Failed: 0, Passed: 85, Skipped: 0, Total: 85, ..."
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
