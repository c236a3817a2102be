#!/usr/bin/env bash
# Publishes exactlip as a native executable (Native AOT) at dist/exactlip, with the solver and
# ONNX Runtime libraries beside it. Installs what it needs first and is idempotent: when no
# source, project or package file is newer than dist/exactlip and no commit was made since, it
# does nothing, so scripts can call it before every use. Prints nothing but errors unless it
# publishes.
set -euo pipefail
cd "$(dirname "$0")/.."

exe=dist/exactlip

# Any input newer than the executable: the sources and projects under src/ (not their bin/ and
# obj/) and the repository-wide build settings; or a commit since, as `exactlip --version`
# names the commit it was built from.
stale() {
  [ -x "$exe" ] || return 0
  if head="$(git rev-parse HEAD 2>/dev/null)"; then
    case "$("$exe" --version 2>/dev/null)" in
      *"+$head") ;;
      *) return 0 ;;
    esac
  fi
  [ -n "$(find src Directory.Build.props Directory.Packages.props global.json \
      \( -name bin -o -name obj \) -prune -o -type f -newer "$exe" -print -quit)" ]
}

if ! stale; then
  exit 0
fi

scripts/install-dependencies.sh

# The instruction set: x86-64-v3 (AVX2, FMA, BMI) where this CPU has it, so that vector code runs
# four float64 lanes wide, as the JIT would use them (measured: 19% less CPU on a long branch and
# bound than the baseline x86-64 target; docs/benchmarks.md). A CPU without them gets the
# baseline, which runs anywhere. The executable then needs such a CPU: publish again on another.
isa=()
if [ -r /proc/cpuinfo ] && [ "$(uname -m)" = x86_64 ] \
    && grep -q -w avx2 /proc/cpuinfo && grep -q -w fma /proc/cpuinfo \
    && grep -q -w bmi2 /proc/cpuinfo && grep -q -w movbe /proc/cpuinfo; then
  isa=(-p:IlcInstructionSet=x86-64-v3)
fi

echo "Publishing $exe (Native AOT; the first time takes a few minutes) ..." >&2
# artifacts/native keeps this build's intermediate files apart from the ordinary (JIT) build's
# obj/ folders, so the two never invalidate each other. The debug symbols (.pdb, .dbg) stay there.
# OptimizationPreference=Speed: 66.8–71.3 s (4 runs) against 70.5–72.7 s (3 runs) on the
# certify suite's 10-60-60-3 at ε = 0.2 (without the JIT's dynamic PGO the native build was a
# few per cent slower than the JIT's), for 4% more bytes; `exactlip --version` stays under 10 ms.
dotnet publish src/ExactLip.Cli -c Release -r linux-x64 -p:PublishAot=true -p:OptimizationPreference=Speed "${isa[@]}" \
  --artifacts-path artifacts/native -o dist \
  -p:CopyOutputSymbolsToPublishDirectory=false -p:AllowedReferenceRelatedFileExtensions=none \
  --nologo -v q -clp:NoSummary
touch "$exe"
echo "Published $exe." >&2
