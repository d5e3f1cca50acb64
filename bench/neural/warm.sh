#!/bin/sh
# Warm epochs: two epochs each, compare the second (the first pays .NET JIT and oneDNN kernel creation, the peer's
# import/first-call costs differ). Usage: bench/neural/warm.sh [threads] [cae-rows] [dense-rows]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH="$HERE/NeuralBench/bin/Release/net10.0/linux-x64/NeuralBench"
TUNED="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
T=${1:-1}
for spec in "cae ${2:-1024}" "dense ${3:-2048}"; do
  set -- $spec
  echo "date $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== $1 rows $2 threads $T: agrupa tuned"; "$BENCH" "$1" --threads "$T" --malloc on --epochs 2 --rows "$2"
  echo "== $1 rows $2 threads $T: torch tuned";  GLIBC_TUNABLES=$TUNED OMP_NUM_THREADS=$T /usr/bin/python3 "$HERE/peer.py" "$1" --threads "$T" --epochs 2 --rows "$2"
  echo "== $1 rows $2 threads $T: agrupa default"; "$BENCH" "$1" --threads "$T" --malloc off --epochs 2 --rows "$2"
done
echo "date $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
