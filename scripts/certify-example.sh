#!/usr/bin/env bash
# The main job: certify the exact local Lipschitz constant of a shipped model.
# Installs what it needs first (idempotent). Extra arguments are passed to `exactlip certify`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
dotnet build src/ExactLip.Cli -c Release --nologo -v q -clp:NoSummary
exec dotnet src/ExactLip.Cli/bin/Release/net10.0/exactlip.dll certify fixtures/models/cartpole/cartpole.onnx \
  --center=-0.248,-0.05,-0.074,-0.386 --eps 0.1 --c 1,-1 --json certify-example.json "$@"
