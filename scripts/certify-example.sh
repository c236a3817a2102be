#!/usr/bin/env bash
# The main job: certify the exact local Lipschitz constant of a shipped model.
# Installs what it needs and publishes the native dist/exactlip first (idempotent; the first
# time takes a few minutes). Extra arguments are passed to `exactlip certify`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/publish.sh
exec dist/exactlip certify fixtures/models/cartpole/cartpole.onnx \
  --center=-0.248,-0.05,-0.074,-0.386 --eps 0.1 --c 1,-1 --json certify-example.json "$@"
