#!/usr/bin/env bash
# Builds the IoTChain Console and serves it, pointed at a node and a gateway by URL.
#
#   scripts/console.sh [--node ws://127.0.0.1:9944] [--gateway http://127.0.0.1:8090] [--port 5173]
#   scripts/console.sh --build        only build console/dist (static files, servable by any web server)
#   scripts/console.sh --serve        serve the last build without building again
#
# The PAPI descriptors are generated from the runtime's built Wasm (no live node needed): the
# node is built first if its runtime is not, as scripts/dev.sh does.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

node_url="ws://127.0.0.1:9944"
gateway_url="http://127.0.0.1:8090"
port=5173
mode=all
while [ $# -gt 0 ]; do
	case "$1" in
	--node) node_url="$2"; shift 2 ;;
	--gateway) gateway_url="$2"; shift 2 ;;
	--port) port="$2"; shift 2 ;;
	--build) mode=build; shift ;;
	--serve) mode=serve; shift ;;
	-h | --help) sed -n '2,9p' "$0"; exit 0 ;;
	*) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
	esac
done

export PATH="$NODE22_BIN:$PATH"
cd "$REPO_ROOT/console"

if [ "$mode" != serve ]; then
	"$REPO_ROOT/scripts/setup.sh"
	if [ ! -f "$IOTCHAIN_RUNTIME_WASM" ]; then
		step "cargo build --release -p iotchain-node (the runtime's Wasm)"
		(cd "$REPO_ROOT" && cargo build --release -p iotchain-node)
	fi
	step "PAPI descriptors from $IOTCHAIN_RUNTIME_WASM"
	npm run --silent descriptors
	step "typecheck and build (console/dist)"
	npm run --silent typecheck
	npm run --silent build -- --logLevel warn
fi

if [ "$mode" != build ]; then
	[ -f dist/index.html ] || { echo "no build in console/dist: run without --serve first" >&2; exit 1; }
	query="node=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$node_url")&gateway=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$gateway_url")"
	cat <<MSG

IoTChain Console
  http://127.0.0.1:$port/?$query
  node:    $node_url
  gateway: $gateway_url
Stop with Ctrl-C.

MSG
	exec npx vite preview --host 127.0.0.1 --port "$port" --strictPort
fi
