#!/usr/bin/env bash
# From a patient's consent (the OAuth callback) to their first Observation in FHIR: PATIENTS enroll one after another
# through the real consent flow against the emulator, each with DAYS of history. Prints p50/p95/max, the "bench:"
# lines recorded in BENCHMARKS.md.
# Usage: benchmarks/scripts/onboarding.sh [PATIENTS] [DAYS]      e.g. onboarding.sh 20 30, onboarding.sh 5 365
set -euo pipefail
patients="${1:-20}"; days="${2:-30}"
exec "$(dirname "${BASH_SOURCE[0]}")/harness.sh" OnboardingBenchmark \
  -Donboarding.patients="$patients" -Donboarding.days="$days"
