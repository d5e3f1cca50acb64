#!/bin/bash
# Agrupa's metrics beside scikit-learn's on the same data and machine; prints a table of times and ratios.
# Installs its peers (Debian's python3-sklearn with OpenMP OpenBLAS, Fashion-MNIST), builds the bench in Release.
set -euo pipefail
cd "$(dirname "$0")"
need=()
/usr/bin/python3 -c "import sklearn" 2>/dev/null || need+=(python3-sklearn)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || need+=(libopenblas0-pthread)
[ -e /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
dotnet build MetricsBench/MetricsBench.csproj -c Release -v q -nologo >/dev/null
nice /usr/bin/python3 run.py
