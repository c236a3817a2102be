#!/usr/bin/env bash
# The main job: certify the exact local Lipschitz constant of a shipped model.
# Installs what it needs first (idempotent). Extra arguments are passed to `exactlip certify`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
dotnet build src/ExactLip.Cli -c Release --nologo --verbosity quiet
exec dotnet src/ExactLip.Cli/bin/Release/net10.0/exactlip.dll certify fixtures/models/EXAMPLE_MODEL "$@"
