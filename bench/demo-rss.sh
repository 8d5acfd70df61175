#!/bin/bash
# Peak RSS (#17 point 5, docs/BENCHMARKS.md) of a demo server (snapshot loaded) with the default shared buffers (32 MB) and with PGlite's own 128 MB.
cd "$(dirname "$0")/.."
for sb in "" 128; do
  d=$(mktemp -d /tmp/h17b-demo-XXXX); port=$((3900 + RANDOM % 50))
  t0=$(date +%s)
  PORT=$port DATA_DIR=$d STATIC_DIR= LOG_LEVEL=warn PGLITE_SHARED_BUFFERS_MB=$sb DATABASE_URL= node --import tsx server/main.ts > $d.log 2>&1 &
  pid=$!
  for i in $(seq 1 600); do curl -sf http://127.0.0.1:$port/api/health >/dev/null && break; sleep 1; done
  up=$(( $(date +%s) - t0 ))
  c=$(curl -s -c - -H 'content-type: application/json' -H 'x-lotse-csrf: 1' -d '{"email":"analyst@lotse.demo","password":"demo"}' http://127.0.0.1:$port/api/auth/login | awk '/lotse/ {print $6"="$7}' | tail -1)
  a=$(curl -s -c - -H 'content-type: application/json' -H 'x-lotse-csrf: 1' -d '{"email":"agent.it@lotse.demo","password":"demo"}' http://127.0.0.1:$port/api/auth/login | awk '/lotse/ {print $6"="$7}' | tail -1)
  for u in /api/insights/overview /api/insights/cycle-times /api/insights/throughput /api/insights/sla; do curl -s -o /dev/null -w "$u %{http_code}\n" -H "cookie: $c" http://127.0.0.1:$port$u; done
  for u in "/api/tasks?limit=50" "/api/process-instances?limit=50"; do curl -s -o /dev/null -w "$u %{http_code}\n" -H "cookie: $a" "http://127.0.0.1:$port$u"; done
  echo "shared_buffers=${sb:-default(32)}MB up in ${up}s: $(grep -E 'VmHWM|VmRSS' /proc/$pid/status | tr -s ' ' | tr '\n' ' ')"
  grep -i "snapshot\|simulat" $d.log | head -3
  kill $pid; wait $pid 2>/dev/null; rm -rf $d $d.log
done
