#!/bin/bash
# Peak RSS (#17 point 5, docs/BENCHMARKS.md) of a demo server (snapshot loaded on its first start), then
# the analyst's insights and the agent's task list. Each line of RSS_RUNS is one server:
#   bundle         what `npm start` runs: node dist-server/main.mjs (compiled by `npm run build:server`)
#   tsx            node --import tsx server/main.ts (what `npm run serve` and the tests run)
#   bundle-sb128   the bundle with PGlite's own 128 MB of shared buffers (default 32 MB)
# Default: "bundle tsx".
cd "$(dirname "$0")/.."
npm run -s build:server >/dev/null || exit 1
for run in ${RSS_RUNS:-bundle tsx}; do
  d=$(mktemp -d /tmp/lotse-rss-XXXX); port=$((3900 + RANDOM % 50)); sb=
  case $run in
    bundle) cmd=(node dist-server/main.mjs) ;;
    tsx) cmd=(node --import tsx server/main.ts) ;;
    bundle-sb128) cmd=(node dist-server/main.mjs); sb=128 ;;
    *) echo "unknown run $run"; exit 2 ;;
  esac
  t0=$(date +%s)
  PORT=$port DATA_DIR=$d STATIC_DIR= LOG_LEVEL=warn PGLITE_SHARED_BUFFERS_MB=$sb DATABASE_URL= "${cmd[@]}" > $d.log 2>&1 &
  pid=$!
  for i in $(seq 1 600); do curl -sf http://127.0.0.1:$port/api/health >/dev/null && break; sleep 1; done
  up=$(( $(date +%s) - t0 ))
  c=$(curl -s -c - -H 'content-type: application/json' -H 'x-lotse-csrf: 1' -d '{"email":"analyst@lotse.demo","password":"demo"}' http://127.0.0.1:$port/api/auth/login | awk '/lotse/ {print $6"="$7}' | tail -1)
  a=$(curl -s -c - -H 'content-type: application/json' -H 'x-lotse-csrf: 1' -d '{"email":"agent.it@lotse.demo","password":"demo"}' http://127.0.0.1:$port/api/auth/login | awk '/lotse/ {print $6"="$7}' | tail -1)
  for u in /api/insights/overview /api/insights/cycle-times /api/insights/steps /api/insights/sla /api/insights/variants; do curl -s -o /dev/null -w "$u %{http_code}\n" -H "cookie: $c" http://127.0.0.1:$port$u; done
  for u in "/api/tasks?limit=50" "/api/process-instances?limit=50"; do curl -s -o /dev/null -w "$u %{http_code}\n" -H "cookie: $a" "http://127.0.0.1:$port$u"; done
  echo "$run (${cmd[*]}, shared_buffers ${sb:-32} MB) up in ${up}s: $(grep -E 'VmHWM|VmRSS' /proc/$pid/status | tr -s ' ' | tr '\n' ' ')"
  grep -i "snapshot\|simulat\|first start" $d.log | head -3
  kill $pid; wait $pid 2>/dev/null; rm -rf $d $d.log
done
