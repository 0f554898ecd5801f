#!/usr/bin/env bash
# Regenerates every weight IoTChain's runtime charges, measured on this machine:
#   - pallets/*/src/weights.rs             each custom pallet's calls (`benchmark pallet`,
#                                          scripts/templates/pallet-weights.hbs)
#   - runtime/src/weights/<pallet>.rs      the Substrate pallets a transaction always pays for
#                                          (system and its transaction extensions, balances,
#                                          transaction payment, timestamp, utility, sudo)
#   - runtime/src/weights/block_weights.rs                         (`benchmark overhead`)
#   - runtime/src/weights/extrinsic_weights.rs   the extrinsic base weight: `benchmark overhead`'s
#                                          signed remark less the weight the runtime charges for
#                                          its transaction extensions, never below one signature
#                                          verification (`benchmark pallet frame_benchmarking`)
#   - runtime/src/weights/paritydb_weights.rs                      (`benchmark storage`)
# then rebuilds the normal node with them. Builds the node with `runtime-benchmarks` first and
# keeps that binary as $CARGO_TARGET_DIR/release/iotchain-node-benchmarks (for
# scripts/bench-throughput's `benchmark machine`).
#
#   scripts/benchmark-weights.sh                 # everything, steps 50, repeat 20
#   scripts/benchmark-weights.sh pallet_data_anchoring   # only these pallets
#   STEPS=10 REPEAT=5 scripts/benchmark-weights.sh       # a quicker, noisier run
#   IOTCHAIN_BENCH_NODE=path scripts/benchmark-weights.sh overhead
#                     # with a runtime-benchmarks node already built: no build before or after
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
BENCH_NODE="${IOTCHAIN_BENCH_NODE:-$CARGO_TARGET_DIR/release/iotchain-node-benchmarks}"
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

if [ -z "${IOTCHAIN_BENCH_NODE:-}" ]; then
	"$REPO_ROOT/scripts/setup.sh"

	step "cargo build --release -p iotchain-node --features runtime-benchmarks"
	# frame-benchmarking-cli's storage-access test runtime is only used to benchmark parachain
	# block validation; its Wasm build cannot resolve from this workspace, so it is skipped.
	SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
		cargo build --release --locked -p iotchain-node --features runtime-benchmarks
	cp "$CARGO_TARGET_DIR/release/iotchain-node" "$BENCH_NODE"
fi

selected() {
	[ ${#SELECTED[@]} -eq 0 ] && return 0
	local wanted
	for wanted in "${SELECTED[@]}"; do [ "$wanted" = "$1" ] && return 0; done
	return 1
}

# The benchmark that prices each transaction extension of the runtime (its
# `TransactionExtension::weight`) on the signed remark `benchmark overhead` executes, which is
# mortal (node/src/benchmarking.rs): file in runtime/src/weights and function.
declare -A EXTENSION_WEIGHT=(
	[CheckNonZeroSender]=frame_system_extensions:check_non_zero_sender
	[CheckSpecVersion]=frame_system_extensions:check_spec_version
	[CheckTxVersion]=frame_system_extensions:check_tx_version
	[CheckGenesis]=frame_system_extensions:check_genesis
	[CheckEra]=frame_system_extensions:check_mortality_mortal_transaction
	[CheckNonce]=frame_system_extensions:check_nonce
	[CheckWeight]=frame_system_extensions:check_weight
	[ChargeTransactionPayment]=pallet_transaction_payment:charge_transaction_payment
	[WeightReclaim]=frame_system_extensions:weight_reclaim
)

fail() {
	echo "benchmark-weights.sh: $*" >&2
	exit 1
}

# Picoseconds as microseconds with three decimals.
micros() { printf '%d.%03d' "$(($1 / 1000000))" "$(($1 / 1000 % 1000))"; }

# 1234567 as Rust writes it: 1_234_567.
grouped() { sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|_\)/\1_\2\3/' -e 'ta' <<<"$1"; }

# ParityDB's weight of one `read` or `write`, in picoseconds (runtime/src/weights/paritydb_weights.rs).
db_weight_ps() {
	local ns
	ns="$(sed -n "s/^[[:space:]]*$1: \([0-9_]*\) \* constants::WEIGHT_REF_TIME_PER_NANOS,.*/\1/p" \
		runtime/src/weights/paritydb_weights.rs | tr -d _)"
	[ -n "$ns" ] || fail "no $1 weight in runtime/src/weights/paritydb_weights.rs"
	echo $((ns * 1000))
}

# The ref time, in picoseconds, of function `$2` of the generated weight file `$1`, its storage
# reads and writes priced at `$3` and `$4` picoseconds. Fails for a function with components:
# no transaction extension has any.
weight_fn_ps() {
	awk -v name="$2" -v read_ps="$3" -v write_ps="$4" '
		function number(text) { gsub(/[^0-9]/, "", text); return text + 0 }
		$0 ~ "fn " name "\\(" { inside = 1; found = 1; next }
		!inside { next }
		/^\t}/ { inside = 0; next }
		/^[ \t]*\/\// { next }
		/saturating_mul\(/ { components = 1 }
		match($0, /from_parts\([0-9_]+/) { ps += number(substr($0, RSTART + 11, RLENGTH - 11)) }
		match($0, /reads\([0-9_]+/) { ps += number(substr($0, RSTART + 6, RLENGTH - 6)) * read_ps }
		match($0, /writes\([0-9_]+/) { ps += number(substr($0, RSTART + 7, RLENGTH - 7)) * write_ps }
		END { if (!found || components) exit 1; printf "%d\n", ps }
	' "$1" || fail "cannot price fn $2 of $1"
}

# The transaction extensions of the runtime, in order (`TxExtension` in runtime/src/lib.rs).
tx_extensions() {
	sed -n '/^pub type TxExtension = (/,/^);/p' runtime/src/lib.rs |
		sed -n 's/^[[:space:]]*[a-z_:]*::\([A-Za-z]*\)<Runtime>,$/\1/p'
}

# Writes runtime/src/weights/extrinsic_weights.rs from `benchmark overhead`'s own
# extrinsic_weights.rs (`$1`, the signed remark) and the baseline pallet's weights (`$2`, the
# signature verification): the remark less the weight the runtime charges for its transaction
# extensions, never below one signature verification (polkadot-sdk#9981, the subtraction model of
# polkadot-sdk#11732).
write_extrinsic_base_weight() {
	local overhead="$1" baseline="$2" output="runtime/src/weights/extrinsic_weights.rs"
	local remark_ns remark_ps signature_ps read_ps write_ps extensions_ps=0 rest_ps base_ps
	local extension entry ps breakdown=""
	remark_ns="$(sed -n 's/.*WEIGHT_REF_TIME_PER_NANOS.saturating_mul(\([0-9_]*\)).*/\1/p' "$overhead" | tr -d _)"
	[ -n "$remark_ns" ] || fail "no extrinsic weight in $overhead"
	remark_ps=$((remark_ns * 1000))
	signature_ps="$(sed -n 's/.*from_parts(\([0-9_]*\), 0).saturating_mul(i.into()).*/\1/p' "$baseline" | tr -d _)"
	[ -n "$signature_ps" ] || fail "no per-signature weight in $baseline"
	read_ps="$(db_weight_ps read)"
	write_ps="$(db_weight_ps write)"
	local -a extensions
	mapfile -t extensions < <(tx_extensions)
	[ ${#extensions[@]} -gt 0 ] || fail "no TxExtension in runtime/src/lib.rs"
	for extension in "${extensions[@]}"; do
		entry="${EXTENSION_WEIGHT[$extension]:-}"
		[ -n "$entry" ] || fail "which benchmark weighs the transaction extension $extension? Add it to EXTENSION_WEIGHT"
		ps="$(weight_fn_ps "runtime/src/weights/${entry%%:*}.rs" "${entry#*:}" "$read_ps" "$write_ps")"
		extensions_ps=$((extensions_ps + ps))
		breakdown+="//! | \`$extension\` (\`${entry#*:}\`) | $(micros "$ps") |"$'\n'
	done
	rest_ps=$((remark_ps > extensions_ps ? remark_ps - extensions_ps : 0))
	base_ps=$((rest_ps > signature_ps ? rest_ps : signature_ps))
	local date_line host_line stats
	date_line="$(grep -m1 '^//! DATE:' "$overhead" || echo "//! DATE: $(date +%F) (Y/M/D)")"
	host_line="$(grep -m1 '^//! HOSTNAME:' "$overhead" || echo "//! HOSTNAME: \`$(hostname)\`")"
	stats="$(sed -n '/Stats nanoseconds:/,/75th:/s|^[[:space:]]*///|///|p' "$overhead")"
	cat >"$output" <<RUST
//! GENERATED BY \`scripts/benchmark-weights.sh overhead\`; DO NOT EDIT.
$date_line
$host_line
//!
//! The weight every extrinsic is charged on top of its call and its transaction extensions.
//! \`benchmark overhead\` times a signed no-op remark, transaction extensions included, but the
//! runtime charges each extension its own benchmarked weight as well (polkadot-sdk#9981). So
//! the base weight is the remark less the weight the runtime charges for its extensions, the
//! subtraction model of polkadot-sdk#11732, and never below the cost of the one thing the
//! remark does that no extension charges: verifying its sr25519 signature.
//!
//! | | µs |
//! |---|---|
//! | a signed no-op remark, extensions included (\`benchmark overhead\`, average) | $(micros "$remark_ps") |
//! | its transaction extensions, as the runtime charges them: | $(micros "$extensions_ps") |
$breakdown//! | the remark less its extensions | $(micros "$rest_ps") |
//! | one sr25519 signature verification (\`benchmark pallet --pallet frame_benchmarking --extrinsic sr25519_verification\`, per signature) | $(micros "$signature_ps") |
//! | **\`ExtrinsicBaseWeight\`**: the larger of the last two | **$(micros "$base_ps")** |
//!
//! The extensions' weights are those of \`frame_system_extensions.rs\` and
//! \`pallet_transaction_payment.rs\` in this directory, storage priced by \`paritydb_weights.rs\`
//! ($(micros "$read_ps") µs a read, $(micros "$write_ps") µs a write).

use sp_core::parameter_types;
use sp_weights::Weight;

/// A signed no-op remark, transaction extensions included, in picoseconds: the average of
/// \`benchmark overhead\`.
///
$stats
pub const SIGNED_REMARK: u64 = $(grouped "$remark_ps");

/// The weight the runtime charges for the transaction extensions of that remark, in
/// picoseconds.
pub const EXTENSIONS_OF_SIGNED_REMARK: u64 = $(grouped "$extensions_ps");

/// One sr25519 signature verification, in picoseconds.
pub const SIGNATURE_VERIFICATION: u64 = $(grouped "$signature_ps");

parameter_types! {
	/// The weight of an extrinsic beyond its call and its transaction extensions:
	/// \`max(SIGNED_REMARK - EXTENSIONS_OF_SIGNED_REMARK, SIGNATURE_VERIFICATION)\`.
	pub const ExtrinsicBaseWeight: Weight = Weight::from_parts($(grouped "$base_ps"), 0);
}

#[cfg(test)]
mod test_weights {
	use super::*;
	use crate::{RuntimeCall, TxExtension};
	use sp_runtime::{generic::Era, traits::TransactionExtension};
	use sp_weights::constants;

	/// Checks that the weight exists and is sane.
	#[test]
	fn sane() {
		let w = ExtrinsicBaseWeight::get();
		assert!(
			w.ref_time() >= 10u64 * constants::WEIGHT_REF_TIME_PER_MICROS,
			"Weight should be at least 10 µs."
		);
		assert!(
			w.ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
			"Weight should be at most 1 ms."
		);
	}

	/// The subtracted extension weight is what the runtime charges a signed remark now. Fails
	/// when the extension weights changed without this file: run
	/// \`scripts/benchmark-weights.sh overhead\`.
	#[test]
	fn subtracts_what_the_runtime_charges_for_the_extensions() {
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() });
		let extensions: TxExtension = (
			frame_system::CheckNonZeroSender::new(),
			frame_system::CheckSpecVersion::new(),
			frame_system::CheckTxVersion::new(),
			frame_system::CheckGenesis::new(),
			frame_system::CheckEra::from(Era::mortal(256, 0)),
			frame_system::CheckNonce::from(0),
			frame_system::CheckWeight::new(),
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
			frame_system::WeightReclaim::new(),
		);
		assert_eq!(extensions.weight(&remark).ref_time(), EXTENSIONS_OF_SIGNED_REMARK);
		assert_eq!(
			ExtrinsicBaseWeight::get().ref_time(),
			SIGNED_REMARK.saturating_sub(EXTENSIONS_OF_SIGNED_REMARK).max(SIGNATURE_VERIFICATION)
		);
	}
}
RUST
	echo "extrinsic base weight: $(micros "$remark_ps") µs remark - $(micros "$extensions_ps") µs extensions = $(micros "$rest_ps") µs; signature $(micros "$signature_ps") µs; base $(micros "$base_ps") µs"
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

# The extension weights subtracted here must be measured on the same machine in the same state as
# the remark: a full run benchmarks frame_system_extensions and pallet_transaction_payment first.
if selected overhead; then
	measured="$(mktemp -d)"
	step "benchmark overhead -> runtime/src/weights/block_weights.rs, and a signed remark's time"
	"$BENCH_NODE" benchmark overhead --chain dev --wasm-execution compiled --weight-path runtime/src/weights
	mv runtime/src/weights/extrinsic_weights.rs "$measured/overhead.rs"
	step "benchmark pallet frame_benchmarking sr25519_verification (the signature every signed extrinsic carries)"
	"$BENCH_NODE" benchmark pallet \
		--chain dev \
		--pallet frame_benchmarking \
		--extrinsic sr25519_verification \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--disable-proof-recording \
		--quiet \
		--output "$measured/baseline.rs"
	step "extrinsic base weight -> runtime/src/weights/extrinsic_weights.rs"
	write_extrinsic_base_weight "$measured/overhead.rs" "$measured/baseline.rs"
	rm -rf "$measured"
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

if [ -z "${IOTCHAIN_BENCH_NODE:-}" ]; then
	cargo fmt --all
	step "cargo build --release -p iotchain-node (the node, with the new weights)"
	cargo build --release --locked -p iotchain-node
fi
