#!/usr/bin/env bash
# Notifications accepted per second by the bridge's webhook with its durable inbox, from a load generator in a
# second process. Usage: benchmarks/scripts/webhook-load.sh h2|postgres [REQUESTS] [CONCURRENCY]
# Needs the jars: ./iomt-bridge build. PostgreSQL: the server on 127.0.0.1:5432 (user postgres, trust).
# BRIDGE_JAR=path measures another build of the bridge (a before/after comparison).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
database="${1:?h2 or postgres}"; requests="${2:-20000}"; concurrency="${3:-32}"
port=18090
secret="benchmark-webhook-secret-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
data=$(mktemp -d)
args=(--server.port=$port --iomt.data-dir="$data" --iomt.vault.create-if-missing=true
      --iomt.withings.client-id=benchmark --logging.level.root=WARN)
db=""
if [ "$database" = postgres ]; then
  db="webhook_bench_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  psql -h 127.0.0.1 -U postgres -d test -qc "create database $db"
  args+=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" --spring.datasource.username=postgres)
fi
IOMT_WEBHOOK_SECRET="$secret" IOMT_WITHINGS_CLIENT_SECRET=unused \
  java -jar "${BRIDGE_JAR:-bridge/target/bridge-0.1.0-SNAPSHOT-exec.jar}" "${args[@]}" > "$data/bridge.log" 2>&1 &
bridge=$!
cleanup() {
  kill "$bridge" 2>/dev/null || true
  wait "$bridge" 2>/dev/null || true
  if [ -n "$db" ]; then psql -h 127.0.0.1 -U postgres -d test -qc "drop database if exists $db with (force)"; fi
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/liveness" && break
  sleep 0.2
done
echo "database=$database cores=$(nproc)"
java -cp benchmarks/target/benchmarks.jar org.iomtbridge.benchmarks.WebhookLoad \
  "http://127.0.0.1:$port/webhooks/withings/$secret" "$requests" "$concurrency"
