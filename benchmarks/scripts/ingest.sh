#!/usr/bin/env bash
# The bridge end to end against its limits: Withings API economy, ingest throughput next to the FHIR server's raw
# limit, new-measure latency at steady load, and footprint. Prints the "bench:" lines recorded in BENCHMARKS.md.
# Usage: benchmarks/scripts/ingest.sh [h2|postgres] [USERS] [DAYS]   (PostgreSQL: the server on 127.0.0.1:5432)
set -euo pipefail
database="${1:-h2}"; users="${2:-10}"; days="${3:-30}"
exec "$(dirname "${BASH_SOURCE[0]}")/harness.sh" IngestBenchmark \
  -Dingest.database="$database" -Dingest.users="$users" -Dingest.days="$days"
