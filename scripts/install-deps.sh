#!/usr/bin/env bash
# Installs the Debian 12 packages Grounded needs. `--test` adds what the test
# suite needs (Chromium for the browser tests, Node.js and npm for
# playwright-core); `--sanitize` adds clang and its sanitizer runtimes
# (scripts/sanitize.sh, bench/fuzz.sh). Packages already present are not
# reinstalled, so a warm machine skips apt entirely.
set -euo pipefail

build_packages=(build-essential cmake ninja-build pkg-config git
  libsqlite3-dev sqlite3 libicu-dev nlohmann-json3-dev libcpp-httplib-dev doctest-dev
  libstemmer-dev libzip-dev libpugixml-dev libuchardet-dev
  libsodium-dev libssl-dev openssl  # team mode: Argon2id password hashes, TLS (openssl: test certificates)
  wordnet-base)  # WordNet 3.0 files read at run time by the theme proposal (src/synth/lexicon.hpp)
test_packages=(chromium fonts-dejavu-core)

# The sanitizer job and the fuzzers (scripts/instrumented-build.sh) build with clang.
sanitize_packages=(clang libclang-rt-14-dev)

wanted=("${build_packages[@]}")
for option in "$@"; do
  case "$option" in
    --test)
      wanted+=("${test_packages[@]}")
      command -v node >/dev/null 2>&1 || wanted+=(nodejs)
      command -v npm >/dev/null 2>&1 || wanted+=(npm) ;;
    --sanitize) wanted+=("${sanitize_packages[@]}") ;;
    *) echo "install-deps: unknown option $option (--test, --sanitize)" >&2; exit 2 ;;
  esac
done

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "Installing Debian packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
