#!/usr/bin/env bash
# Builds IoTChain and runs a single-validator development chain at ws://127.0.0.1:9944.
# Extra arguments go to the node, e.g. `scripts/dev.sh --tmp` for a throw-away chain.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$REPO_ROOT/scripts/setup.sh"

step "cargo build --release -p iotchain-node"
(cd "$REPO_ROOT" && cargo build --release -p iotchain-node)

cat <<MSG

IoTChain development node
  RPC (WebSocket and HTTP): ws://127.0.0.1:9944
  Polkadot.js Apps:         https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944#/explorer
  @polkadot/api:            new ApiPromise({ provider: new WsProvider('ws://127.0.0.1:9944') })
  Prometheus metrics:       http://127.0.0.1:9615/metrics
Stop with Ctrl-C.

MSG

exec "$IOTCHAIN_NODE" --dev --rpc-port 9944 "$@"
