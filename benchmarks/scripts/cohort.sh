#!/usr/bin/env bash
# A cohort at the Withings rate limit: PATIENTS emulated patients with DAYS of history enroll within minutes of each
# other into three bridges on PostgreSQL, the emulator and the bridges at 120 calls/min x FACTOR, live weigh-ins
# arriving during the backlog. Prints the "bench: cohort:" lines recorded in BENCHMARKS.md (live latency, budget use
# per 60 s, time to finish against the floor the calls impose, fairness).
# Usage: benchmarks/scripts/cohort.sh [PATIENTS] [DAYS] [FACTOR]   (PostgreSQL on 127.0.0.1:5432)
#   benchmarks/scripts/cohort.sh 1000 2 10   the cohort: 1,000 patients with 2 days each at 1,200 calls/min
#   benchmarks/scripts/cohort.sh 1 365 1     one patient's one-year backfill at Withings' own 120 calls/min
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
patients="${1:-1000}"; days="${2:-2}"; factor="${3:-10}"
# verify builds the executable jars the harness starts; -Dtest runs only the cohort, nothing is installed.
mvn -B -pl benchmarks -am verify -Dtest=CohortBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmodule.ready-timeout-seconds=900 -Dcohort.patients="$patients" -Dcohort.days="$days" -Dcohort.factor="$factor" 2>&1 | grep --line-buffered -E "^bench:|ERROR|FAIL"
