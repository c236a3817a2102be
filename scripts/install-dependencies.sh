#!/usr/bin/env bash
# Installs what ExactLip needs on Debian/Ubuntu, idempotently: the GLPK solver library, the
# cbc program and the native compiler for publishing (apt)
# and the NuGet packages (restore), which bring HiGHS, SCIP and CBC (the OR-Tools runtime
# package; the build copies them beside exactlip). Safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

# libglpk40: the GLPK back end. coinor-cbc: the cbc program, an independent reader the tests
# give the MPS files ExactLip writes (the CBC back end itself loads the library bundled with the build).
# clang and zlib1g-dev: the compiler and linker Native AOT needs to publish exactlip (scripts/publish.sh).
packages=(libglpk40 coinor-cbc clang zlib1g-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: installing ${missing[*]} needs root; run as root or install sudo." >&2; exit 1; }
    sudo="sudo"
  fi
  echo "Installing ${missing[*]} ..." >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it first." >&2; exit 1; }
dotnet restore ExactLip.sln --verbosity quiet
