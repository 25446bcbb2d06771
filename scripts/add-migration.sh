#!/usr/bin/env bash
# Adds a migration named $1 to both providers' sets, generated from the one model.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh <Name>}
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/WechatLeads.Server --context "${provider}LeadsDbContext" --output-dir "Data/Migrations/$provider"
done
rm -f src/WechatLeads.Server/design-time.db
