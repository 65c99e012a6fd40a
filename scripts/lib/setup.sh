# Sourced by scripts/test and scripts/demo: installs what is missing (Debian packages),
# then configures and builds into build/ at the repository root.

# Everything the build, the tests and the simulated vCenters need, all from Debian.
VCSHIFT_PACKAGES=(
  cmake ninja-build g++ pkg-config
  libyaml-cpp-dev libboost-graph-dev gsoap libgsoap-dev libspdlog-dev libcli11-dev
  libgtest-dev libsqlite3-dev libssl-dev
  clang libclang-rt-14-dev
  python3-jsonschema python3-yaml
  golang-go golang-github-vmware-govmomi-dev python3-pyvmomi
  curl openssl
)

vcshift_install_packages() {
  local missing=()
  for package in "${VCSHIFT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

vcshift_build() {
  local root="$1"
  local type="${VCSHIFT_BUILD_TYPE:-Release}"
  cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE="$type" >/dev/null
  cmake --build "$root/build" -j "$(nproc)"
}
