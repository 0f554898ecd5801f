#!/usr/bin/env bash
# Starts a local IoTChain network to play with: four validators (alice, bob, charlie, dave: Aura
# and GRANDPA with their dev keys) and one full node, all on 127.0.0.1, and prints each node's RPC
# URL. It builds nothing: it runs $IOTCHAIN_NODE (see scripts/common.sh), with the launcher the
# multi-validator tests use (zombienet/start-network.mjs). Ctrl-C stops every node.
#
#   scripts/network.sh                          throw-away network, free ports
#   scripts/network.sh --rpc-port-base 9944     RPC on 9944 (alice) .. 9948 (full)
#   scripts/network.sh --dir ~/iotchain-net     keep chain, databases and logs there (restartable)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if ! command -v node >/dev/null 2>&1; then
	echo "Node.js is required: run scripts/setup.sh" >&2
	exit 1
fi
if [ ! -x "$IOTCHAIN_NODE" ]; then
	echo "iotchain-node not found at $IOTCHAIN_NODE: build it first (scripts/dev.sh or" \
		"cargo build --release -p iotchain-node), or set IOTCHAIN_NODE" >&2
	exit 1
fi

exec node "$REPO_ROOT/zombienet/start-network.mjs" "$@"
