#!/usr/bin/env bash
# The test classes of the last test run by time, slowest first, and each module's sum, from the surefire reports
# (run after ./iomt-bridge test or bash .ci/run). Classes that ran side by side add up to more than the wall-clock time.
# Usage: benchmarks/scripts/test-times.sh [HOW_MANY_CLASSES]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
shopt -s nullglob
rows=()
for report in */target/surefire-reports/TEST-*.xml; do
  suite=$(grep -o '<testsuite [^>]*>' "$report" | head -n 1)
  name=$(sed -E 's/.* name="([^"]*)".*/\1/' <<<"$suite")
  time=$(sed -E 's/.* time="([^"]*)".*/\1/' <<<"$suite" | tr -d ,)
  rows+=("$time ${report%%/*} ${name##*.}")
done
[ ${#rows[@]} -gt 0 ] || { echo "no surefire reports: run the tests first" >&2; exit 1; }
printf '%s\n' "${rows[@]}" | sort -rn | head -n "${1:-15}" | awk '{printf "%8.1f s  %-18s %s\n", $1, $2, $3}'
echo "per module:"
printf '%s\n' "${rows[@]}" | awk '{sum[$2] += $1} END {for (m in sum) printf "%8.1f s  %s\n", sum[m], m}' | sort -rn
