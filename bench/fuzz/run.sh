#!/usr/bin/env bash
# Long fuzz run of every data reader (CSV, NPY, IDX, IDX .gz, HDF5, PNG/JPEG folders, CIFAR-10).
# Usage: bench/fuzz/run.sh [inputs-per-format] [seed]
# Runs the same fuzzer as the normal test suite (tests/Agrupa.Tests/Data/Fuzz) with more distinct inputs and
# another seed, writes the figures to bench/fuzz/results-<seed>.json and any failing inputs to /tmp/agrupa-fuzz-crashes-<seed>/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/../.."
PER_FORMAT="${1:-1000}"
SEED="${2:-7}"
OUT="bench/fuzz/results-${SEED}.json"
export AGRUPA_FUZZ_ITERATIONS="$PER_FORMAT" AGRUPA_FUZZ_SEED="$SEED"
export AGRUPA_FUZZ_REPORT="$PWD/$OUT" AGRUPA_FUZZ_CRASH_DIR="${AGRUPA_FUZZ_CRASH_DIR:-/tmp/agrupa-fuzz-crashes-${SEED}}"
start=$(date +%s)
nice -n 10 dotnet test tests/Agrupa.Tests --filter "FullyQualifiedName~Agrupa.Tests.Data.Fuzz" --logger "console;verbosity=minimal" || status=$?
echo "wall seconds: $(( $(date +%s) - start ))"
echo "report: $OUT"
cat "$OUT"
exit "${status:-0}"
