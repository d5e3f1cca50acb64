#!/bin/sh
# Short side-by-side runs for a heavily shared machine: single-thread (no OpenMP spin-waiting under oversubscription),
# a subset of rows, tuned and untuned malloc, interleaved. Usage: bench/neural/quick.sh [cae-rows] [dense-rows]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
dotnet build -c Release "$HERE/NeuralBench" >/dev/null
BENCH="$HERE/NeuralBench/bin/Release/net10.0/linux-x64/NeuralBench"
TUNED="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
for spec in "cae ${1:-1024}" "dense ${2:-2048}"; do
  set -- $spec
  echo "date $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== $1 rows $2 threads 1: agrupa tuned";   "$BENCH" "$1" --threads 1 --malloc on --epochs 1 --rows "$2"
  echo "== $1 rows $2 threads 1: torch tuned";    GLIBC_TUNABLES=$TUNED OMP_NUM_THREADS=1 /usr/bin/python3 "$HERE/peer.py" "$1" --threads 1 --epochs 1 --rows "$2"
  echo "== $1 rows $2 threads 1: agrupa default"; "$BENCH" "$1" --threads 1 --malloc off --epochs 1 --rows "$2"
  echo "== $1 rows $2 threads 1: torch default";  OMP_NUM_THREADS=1 /usr/bin/python3 "$HERE/peer.py" "$1" --threads 1 --epochs 1 --rows "$2"
done
echo "date $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
