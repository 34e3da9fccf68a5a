#!/usr/bin/env bash
# Times each process of the stack from its launcher command until it answers, as after the first demo run: on free
# ports and a data folder an unmeasured first start made (that start is also the first after the build, which makes the
# class data sharing archives: its time is printed as run 0).
# Usage: benchmarks/scripts/startup-times.sh RUNS PROCESS... with PROCESS emulator, fhir-server, bridge or demo.
# BASELINE=<git revision>: each run is a pair, the launcher of that revision (the demo script of that revision, the
# other processes started as it started them: java -jar, no archive) then this one's, so that both see the same load.
# Prints a line per start: <process> <variant> <run> <seconds> and the processor seconds the JVMs had used by then
# (user + system: what a busy machine stretches least), then per process and variant the medians.
# The processes are started as the launcher starts them once built (./iomt-bridge checks the build first, then runs
# .launcher/start-jar); the demo by its script.
# The demo's figure is "usable": the three answer and the demo patient exists (the launcher then prints its banner).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="$1"
shift
work="$(mktemp -d "${TMPDIR:-/tmp}/startup-times.XXXXXX")"
launched=""
trap '[ -n "$launched" ] && kill "$launched" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# The baseline's demo script, in a tree of its own whose modules are this tree's (their jars are the same).
if [ -n "${BASELINE:-}" ]; then
  mkdir -p "$work/baseline/.demo"
  git -C "$ROOT" show "$BASELINE:.demo/run" > "$work/baseline/.demo/run"
  chmod +x "$work/baseline/.demo/run"
  for entry in pom.xml data-folder withings-api fhir-mapping withings-emulator fhir-server bridge; do
    ln -s "$ROOT/$entry" "$work/baseline/$entry"
  done
fi

# Runs the command in the background until URL answers (or the demo prints its banner); sets seconds.
time_start() {
  local url="$1" log="$2"
  shift 2
  local started
  started=$(date +%s.%N)
  "$@" > "$log" 2>&1 &
  launched=$!
  for _ in $(seq 1 6000); do
    if [ "$url" = banner ]; then
      grep -q 'IoMT FHIR Bridge demo is running' "$log" && break
    elif curl -sf -o /dev/null "$url"; then
      break
    fi
    kill -0 "$launched" 2>/dev/null || { echo "the command exited; see $log" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  seconds=$(echo "$(date +%s.%N) - $started" | bc)
  # The JVM is the launched process itself, or the demo's children.
  local ticks=0 pid
  for pid in "$launched" $(ps -o pid= --ppid "$launched"); do
    ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  cpu=$(echo "scale=1; $ticks / $(getconf CLK_TCK)" | bc)
  # The demo stops its three processes on TERM; the others are the JVM itself (the launcher execs it).
  kill "$launched"
  wait "$launched" 2>/dev/null || true
  launched=""
}

median() {
  sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

variants=(current)
[ -n "${BASELINE:-}" ] && variants=(baseline current)
for process in "$@"; do
  port=$(free_port)
  case "$process" in
    emulator) url="http://127.0.0.1:$port/_emulator/users" ;;
    fhir-server) url="http://127.0.0.1:$port/fhir/metadata" ;;
    bridge) url="http://127.0.0.1:$port/enroll/status" ;;
    demo) url=banner ;;
    *) echo "unknown process $process" >&2; exit 2 ;;
  esac
  : > "$work/times"
  for run in $(seq 0 "$runs"); do
    for variant in "${variants[@]}"; do
      data="$work/$process-$variant"
      if [ "$variant" = baseline ]; then cds=off; demo="$work/baseline/.demo/run"; else cds=on; demo="$ROOT/.demo/run"; fi
      case "$process" in
        emulator) command=(env IOMT_CDS=$cds "$ROOT/.launcher/start-jar" withings-emulator --
                           --server.port="$port" --emulator.data-dir="$data") ;;
        fhir-server) command=(env IOMT_CDS=$cds "$ROOT/.launcher/start-jar" fhir-server --
                              --server.port="$port" --fhir-server.data-dir="$data") ;;
        bridge)
          command=(env IOMT_CDS=$cds IOMT_WITHINGS_CLIENT_SECRET=startup-times IOMT_WEBHOOK_SECRET=startup-times-webhook
                   IOMT_DASHBOARD_ADMIN_PASSWORD=startup-times-password
                   "$ROOT/.launcher/start-jar" bridge -- --server.port="$port" --iomt.data-dir="$data"
                   --iomt.vault.create-if-missing=true
                   --iomt.withings.client-id=startup-times --iomt.withings.endpoints=http://127.0.0.1:9
                   --iomt.fhir.base-url=http://127.0.0.1:9/fhir --iomt.public-base-url="http://localhost:$port") ;;
        demo)
          command=(env IOMT_DEMO_EMULATOR_PORT="$(free_port)" IOMT_DEMO_FHIR_PORT="$(free_port)"
                   IOMT_DEMO_BRIDGE_PORT="$port" IOMT_DEMO_DATA="$data" "$demo") ;;
      esac
      time_start "$url" "$work/$process-$variant-$run.log" "${command[@]}"
      printf '%s %s %d %.1f s, %.1f cpu s (load %s)\n' "$process" "$variant" "$run" "$seconds" "$cpu" \
        "$(cut -d' ' -f1 /proc/loadavg)"
      if [ "$run" -gt 0 ]; then echo "$variant $seconds $cpu" >> "$work/times"; fi
    done
  done
  for variant in "${variants[@]}"; do
    printf '%s %s median %.1f s, %.1f cpu s\n' "$process" "$variant" \
      "$(awk -v v="$variant" '$1 == v {print $2}' "$work/times" | median)" \
      "$(awk -v v="$variant" '$1 == v {print $3}' "$work/times" | median)"
  done
done
