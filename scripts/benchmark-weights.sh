#!/usr/bin/env bash
# Regenerates every weight IoTChain's runtime charges, measured on this machine:
#   - pallets/*/src/weights.rs             each custom pallet's calls (`benchmark pallet`,
#                                          scripts/templates/pallet-weights.hbs)
#   - runtime/src/weights/<pallet>.rs      the Substrate pallets a transaction always pays for
#                                          (system and its transaction extensions, balances,
#                                          transaction payment, timestamp, utility, sudo)
#   - runtime/src/weights/block_weights.rs, extrinsic_weights.rs   (`benchmark overhead`)
#   - runtime/src/weights/paritydb_weights.rs                      (`benchmark storage`)
# then rebuilds the normal node with them. Builds the node with `runtime-benchmarks` first and
# keeps that binary as $CARGO_TARGET_DIR/release/iotchain-node-benchmarks (for
# scripts/bench-throughput's `benchmark machine`).
#
#   scripts/benchmark-weights.sh                 # everything, steps 50, repeat 20
#   scripts/benchmark-weights.sh pallet_data_anchoring   # only these pallets
#   STEPS=10 REPEAT=5 scripts/benchmark-weights.sh       # a quicker, noisier run
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
BENCH_NODE="$CARGO_TARGET_DIR/release/iotchain-node-benchmarks"
# Substrate pallets whose weights the runtime takes from runtime/src/weights/.
RUNTIME_PALLETS=(
	frame_system
	frame_system_extensions
	pallet_balances
	pallet_transaction_payment
	pallet_timestamp
	pallet_utility
	pallet_sudo
)
CUSTOM_PALLETS=()
for manifest in pallets/*/Cargo.toml; do
	CUSTOM_PALLETS+=("pallet_$(basename "$(dirname "$manifest")" | tr - _)")
done
SELECTED=("$@")

"$REPO_ROOT/scripts/setup.sh"

step "cargo build --release -p iotchain-node --features runtime-benchmarks"
# frame-benchmarking-cli's storage-access test runtime is only used to benchmark parachain block
# validation; its Wasm build cannot resolve from this workspace, so it is skipped.
SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
	cargo build --release --locked -p iotchain-node --features runtime-benchmarks
cp "$CARGO_TARGET_DIR/release/iotchain-node" "$BENCH_NODE"

selected() {
	[ ${#SELECTED[@]} -eq 0 ] && return 0
	local wanted
	for wanted in "${SELECTED[@]}"; do [ "$wanted" = "$1" ] && return 0; done
	return 1
}

# A solo chain ignores the proof-size dimension: proof recording off measures execution alone.
bench_pallet() {
	local pallet="$1" output="$2"
	shift 2
	step "benchmark pallet $pallet -> $output"
	"$BENCH_NODE" benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--disable-proof-recording \
		--quiet \
		--output "$output" \
		"$@"
}

for pallet in "${CUSTOM_PALLETS[@]}"; do
	selected "$pallet" || continue
	dir="pallets/$(echo "${pallet#pallet_}" | tr _ -)"
	bench_pallet "$pallet" "$dir/src/weights.rs" --template scripts/templates/pallet-weights.hbs
done

mkdir -p runtime/src/weights
for pallet in "${RUNTIME_PALLETS[@]}"; do
	selected "$pallet" || continue
	bench_pallet "$pallet" "runtime/src/weights/$pallet.rs"
done

if selected overhead; then
	step "benchmark overhead -> runtime/src/weights/{block,extrinsic}_weights.rs"
	"$BENCH_NODE" benchmark overhead --chain dev --wasm-execution compiled --weight-path runtime/src/weights
fi

if selected storage; then
	step "benchmark storage (ParityDB) -> runtime/src/weights/paritydb_weights.rs"
	# Measured on a dev chain's database with the state a throughput run leaves (hundreds of
	# funded accounts, registered devices and thousands of anchors), not on a bare genesis.
	db="$(mktemp -d)"
	trap 'rm -rf "$db"' EXIT
	IOTCHAIN_NODE="$BENCH_NODE" "$REPO_ROOT/scripts/bench-throughput" --workloads transfer,anchor,batch \
		--signers 300 --per-signer 8 --leaves 64 --base-path "$db" >"$db/populate.log"
	# Writes are timed in batches of 1,000 keys, each batch with its storage-root update.
	"$BENCH_NODE" benchmark storage --chain dev --base-path "$db" --database paritydb \
		--state-version 1 --disable-pov-recorder --batch-size 1000 --weight-path runtime/src/weights
fi

cargo fmt --all
step "cargo build --release -p iotchain-node (the node, with the new weights)"
cargo build --release --locked -p iotchain-node
