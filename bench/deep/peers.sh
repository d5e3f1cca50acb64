# Sourced by the bench/deep shell scripts: installs, when missing, Debian's packages for the Python modules named as
# arguments (sklearn, umap, torch), always libopenblas0-pthread (without it numpy and torch fall back to the slow
# reference BLAS) and the Fashion-MNIST data set.  Usage: . "$(dirname "$0")/peers.sh" sklearn umap
need=()
for module in "$@"; do
  case $module in
    sklearn) package=python3-sklearn ;; umap) package=umap-learn ;; torch) package=python3-torch ;;
    *) echo "peers.sh: unknown module $module" >&2; exit 2 ;;
  esac
  /usr/bin/python3 -c "import $module" 2>/dev/null || need+=("$package")
done
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || need+=(libopenblas0-pthread)
[ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
if [ ${#need[@]} -gt 0 ]; then apt-get install -y "${need[@]}"; fi
