#!/bin/sh
# Warm epochs: two epochs each, compare the second (the first pays .NET JIT and oneDNN kernel creation, the peer's
# import/first-call costs differ). Usage: bench/neural/warm.sh [threads] [cae-rows] [dense-rows]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH="$HERE/NeuralBench/bin/Release/net10.0/linux-x64/NeuralBench"
TUNED="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
# The fair peer (issue 6): torch on OpenMP OpenBLAS. Debian's default alternative is the pthread build (which the other
# peers use); the OpenMP build is installed beside it and given to the torch peer only.
OPENMP_BLAS=/usr/lib/x86_64-linux-gnu/openblas-openmp
[ -e "$OPENMP_BLAS/libblas.so.3" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-openmp >/dev/null
T=${1:-1}
for spec in "cae ${2:-1024}" "dense ${3:-2048}"; do
  set -- $spec
  echo "date $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== $1 rows $2 threads $T: agrupa tuned"; "$BENCH" "$1" --threads "$T" --malloc on --epochs 2 --rows "$2"
  echo "== $1 rows $2 threads $T: torch tuned, OpenMP OpenBLAS";  GLIBC_TUNABLES=$TUNED OMP_NUM_THREADS=$T LD_LIBRARY_PATH=$OPENMP_BLAS /usr/bin/python3 "$HERE/peer.py" "$1" --threads "$T" --epochs 2 --rows "$2"
  echo "== $1 rows $2 threads $T: torch tuned, pthread OpenBLAS";  GLIBC_TUNABLES=$TUNED OMP_NUM_THREADS=$T /usr/bin/python3 "$HERE/peer.py" "$1" --threads "$T" --epochs 2 --rows "$2"
  echo "== $1 rows $2 threads $T: agrupa default"; "$BENCH" "$1" --threads "$T" --malloc off --epochs 2 --rows "$2"
done
echo "date $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
