#!/usr/bin/env bash
# Measures how long a launcher command takes until URL answers, and the process's resident memory at rest.
# Usage: benchmarks/scripts/startup-footprint.sh URL SETTLE_SECONDS -- ./iomt-bridge COMMAND [ARGS...]
# Prints: ready_seconds=<s> rss_at_rest_mb=<MB> (RSS of the JVM SETTLE_SECONDS after it became ready).
set -euo pipefail
url="$1"; settle="$2"; shift 2
[ "$1" = "--" ] && shift

"$@" > /tmp/startup-footprint.log 2>&1 &
launcher=$!
trap 'pkill -P "$launcher" 2>/dev/null || true; kill "$launcher" 2>/dev/null || true' EXIT
started=$(date +%s.%N)
for _ in $(seq 1 1200); do
  if curl -sf -o /dev/null "$url"; then break; fi
  if ! kill -0 "$launcher" 2>/dev/null; then echo "the command exited; see /tmp/startup-footprint.log" >&2; exit 1; fi
  sleep 0.1
done
ready=$(date +%s.%N)
sleep "$settle"
# The launcher execs the JVM, so the process started here is the JVM itself.
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$launcher/status")
printf 'ready_seconds=%.1f rss_at_rest_mb=%d\n' "$(echo "$ready - $started" | bc)" "$((rss_kb / 1024))"
