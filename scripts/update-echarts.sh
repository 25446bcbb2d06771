#!/usr/bin/env bash
# Replaces the Apache ECharts build the console's dashboard serves (no CDN: WeChat's network may block one, and the
# console's CSP allows scripts from this server only). Usage: scripts/update-echarts.sh 6.1.0
# Then set EchartsAssets.Version to the same version, build, and run the dashboard's browser test.
set -euo pipefail
version=${1:?usage: scripts/update-echarts.sh <version, e.g. 6.1.0>}
here=$(cd "$(dirname "$0")/.." && pwd)
charts="$here/src/WechatLeads.Server/Analytics/Charts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "echarts@$version" --silent >/dev/null && tar xzf "echarts-$version.tgz")
cp "$work/package/dist/echarts.min.js" "$charts/echarts.min.js"
cp "$work/package/LICENSE" "$charts/ECHARTS-LICENSE"
cp "$work/package/NOTICE" "$charts/ECHARTS-NOTICE"
sha256sum "$charts/echarts.min.js"
echo "ECharts $version copied to $charts. Now set EchartsAssets.Version = \"$version\"."
