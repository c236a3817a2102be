#!/usr/bin/env bash
# Runs the whole test suite. Installs what it needs and publishes the native dist/exactlip first
# (idempotent): the end-to-end tests run that executable, the one the README's commands use.
# Ends with one line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
scripts/publish.sh
results="$(mktemp -d)"
status=0
EXACTLIP_EXECUTABLE="$PWD/dist/exactlip" \
  dotnet test ExactLip.sln --nologo --logger "trx;LogFileName=results.trx" --results-directory "$results" || status=$?
trx="$(find "$results" -name '*.trx' | head -n 1)"
if [ -n "$trx" ]; then
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed="$(get passed)"; failed="$(get failed)"; total="$(get total)"; executed="$(get executed)"
  skipped=$(( ${total:-0} - ${executed:-0} ))
  # Skipped tests with their reasons (the console logger does not show reasons).
  perl -0777 -ne 'while (/<UnitTestResult[^>]*testName="([^"]*)"[^>]*outcome="NotExecuted"[^>]*>.*?<Message>(.*?)<\/Message>/gs) { my ($t, $m) = ($1, $2); $t =~ s/&quot;/"/g; print "skipped: $t: $m\n"; }' "$trx" || true
  echo "${passed:-0} passed, ${failed:-0} failed, ${skipped} skipped"
fi
rm -rf "$results"
exit $status
