#!/usr/bin/env bash
# The test command. Builds with warnings as errors, runs every test project, prints "N passed, N failed".
# Installs what the tests need from Debian when it is missing (later: Chromium, PostgreSQL).
set -uo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
dotnet build WechatLeads.sln -c Release -warnaserror -nologo -v q 2>&1 | tail -n 30
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test WechatLeads.sln -c Release --no-build --nologo -v q "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one summary per test project: "Passed!  - Failed: 0, Passed: 85, Skipped: 0, Total: 85, ..."
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
