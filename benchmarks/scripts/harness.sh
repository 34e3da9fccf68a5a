#!/usr/bin/env bash
# Runs one end-to-end harness of benchmarks/src/test: the class name, then its -Dname=value settings. The modules it
# starts as processes are built from these sources in the same reactor first (nothing is installed in ~/.m2); only
# the harness's "bench:" lines, and failures, are printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
harness="$1"; shift
mvn -B -pl benchmarks -am verify -Dtest="$harness" -Dsurefire.failIfNoSpecifiedTests=false "$@" 2>&1 \
  | grep -E "^bench:|ERROR|FAIL" || true
