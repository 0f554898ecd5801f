# Shared settings for IoTChain's scripts; sourced, not run.

# One cargo target dir outside the checkout, shared by the shell, the scripts and CI, so that
# nothing is compiled twice.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/iotchain/target}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

# The node binary the scripts and the e2e tests run.
export IOTCHAIN_NODE="${IOTCHAIN_NODE:-$CARGO_TARGET_DIR/release/iotchain-node}"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
