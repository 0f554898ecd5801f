#!/usr/bin/env bash
# Everything that must pass before a change lands: formatting, lints, the cargo tests and the
# end-to-end tests against a real node. Exits non-zero on the first failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"

"$REPO_ROOT/scripts/setup.sh"

step "cargo fmt --check"
cargo fmt --all -- --check

# Everything in one profile (release), so dependencies compile once for the node, the lints and
# the tests.
# One package at a time: built together, cargo would unify their dependencies' features and
# compile both differently from `scripts/dev.sh`'s node build.
step "cargo build --release (node, gateway)"
cargo build --release --locked -p iotchain-node
cargo build --release --locked -p iotchain-gateway

step "cargo clippy -D warnings"
cargo clippy --release --locked --workspace --all-targets -- -D warnings

step "cargo test"
cargo test --release --locked --workspace

# Each pallet's benchmarks run as tests too, with the try-runtime checks compiled in.
pallets=()
for manifest in pallets/*/Cargo.toml; do
	pallets+=(-p "pallet-$(basename "$(dirname "$manifest")")")
done
if [ ${#pallets[@]} -gt 0 ]; then
	step "cargo test --features runtime-benchmarks,try-runtime (pallets)"
	cargo test --release --locked "${pallets[@]}" --features runtime-benchmarks,try-runtime

	# The code behind those features (benchmarks, try_state, the runtime's benchmark and
	# try-runtime APIs) is linted too. The Wasm runtime is not rebuilt for a lint.
	step "cargo clippy -D warnings --features runtime-benchmarks,try-runtime (pallets, runtime)"
	SKIP_WASM_BUILD=1 cargo clippy --release --locked "${pallets[@]}" -p iotchain-runtime \
		--all-targets --features runtime-benchmarks,try-runtime -- -D warnings
fi

# The runtime one spec_version up, which the governance e2e test upgrades the chain to.
step "runtime upgrade Wasm (scripts/build-upgrade-runtime.sh)"
IOTCHAIN_UPGRADE_WASM="$("$REPO_ROOT/scripts/build-upgrade-runtime.sh")"
export IOTCHAIN_UPGRADE_WASM

# The Console's static build (descriptors from the runtime's Wasm, typecheck, bundle), which
# the browser tests in e2e serve.
step "Console build (scripts/console.sh --build)"
"$REPO_ROOT/scripts/console.sh" --build

step "e2e tests (node --test against $IOTCHAIN_NODE; the Console's in Chromium)"
(cd "$REPO_ROOT/e2e" && npm test)

# Only that the throughput benchmark runs, on a tiny workload: a benchmark is never a timed test.
step "throughput benchmark harness (scripts/bench-throughput --smoke)"
"$REPO_ROOT/scripts/bench-throughput" --smoke

# The device examples of docs/gateway.md reproduce the documented envelope byte for byte.
step "device examples (docs/devices/*, --self-test)"
node "$REPO_ROOT/docs/devices/device.mjs" --self-test
python3 "$REPO_ROOT/docs/devices/device.py" --self-test

# The gateway's benchmark harness, on a tiny workload: every reading accepted and made final.
step "gateway benchmark harness (scripts/bench-gateway --smoke)"
"$REPO_ROOT/scripts/bench-gateway" --smoke

step "multi-validator tests (zombienet DSL and fault tests against $IOTCHAIN_NODE)"
"$REPO_ROOT/zombienet/run-tests.sh"
