#!/usr/bin/env bash
# install-deps.sh: the Debian 12 packages factorysim needs to build, test
# and plot. Safe to run again; uses sudo when not root.
set -euo pipefail
packages=(
  build-essential cmake pkg-config git
  libglib2.0-dev libjson-glib-dev libcsv-dev coinor-libclp-dev libhdf5-dev hdf5-tools libcmocka-dev libsimgrid-dev
  python3 python3-h5py python3-pandas python3-matplotlib python3-pytest python3-tables python3-plotly
  chromium chromium-driver python3-selenium python3-pil
  libopenmpi-dev openmpi-bin valgrind
  clang libclang-rt-14-dev libomp-14-dev clang-tidy clang-tools cppcheck
)
sudo_cmd=()
if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
