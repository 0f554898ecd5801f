#!/usr/bin/env bash
# Builds the Wasm runtime one `spec_version` higher (the runtime's `upgrade-test` feature), which
# the end-to-end test upgrades a running chain to. Prints the path of the Wasm blob.
#
# It reuses the dependencies the runtime's regular Wasm build already compiled (same target dir,
# flags and profile), so after the node is built this takes about a minute, and nothing when the
# sources did not change.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

project="$CARGO_TARGET_DIR/upgrade-runtime"
wasm_target="$CARGO_TARGET_DIR/release/wbuild/iotchain-runtime/target"
mkdir -p "$project/src"

# A cdylib wrapping the runtime, like the one substrate-wasm-builder generates, with the feature.
cat >"$project/Cargo.toml.new" <<TOML
[package]
name = "iotchain-runtime-upgrade-blob"
version = "1.0.0"
edition = "2021"

[lib]
crate-type = ["cdylib"]
name = "iotchain_runtime_upgrade"

[dependencies.wasm-project]
package = "iotchain-runtime"
path = "$REPO_ROOT/runtime"
default-features = false
features = ["upgrade-test"]

[profile.release]
lto = "thin"
panic = "abort"

[workspace]
resolver = "2"
TOML
# Rewrite only on change, so that cargo's fingerprints stay valid.
if ! cmp -s "$project/Cargo.toml.new" "$project/Cargo.toml"; then
	mv "$project/Cargo.toml.new" "$project/Cargo.toml"
	cp "$REPO_ROOT/Cargo.lock" "$project/Cargo.lock"
else
	rm "$project/Cargo.toml.new"
fi
echo '#![no_std] #![allow(unused_imports)] pub use wasm_project::*;' >"$project/src/lib.rs.new"
cmp -s "$project/src/lib.rs.new" "$project/src/lib.rs" || mv "$project/src/lib.rs.new" "$project/src/lib.rs"
rm -f "$project/src/lib.rs.new"

# The flags substrate-wasm-builder compiles runtimes with.
env -u CARGO_ENCODED_RUSTFLAGS -u WASM_BUILD_WORKSPACE_HINT \
	CARGO_TARGET_DIR="$wasm_target" \
	RUSTFLAGS="-C link-arg=--export-table -C link-arg=--export=__heap_base -C link-arg=--import-memory --cfg substrate_runtime " \
	cargo build --quiet --release --target wasm32v1-none --manifest-path "$project/Cargo.toml" >&2

echo "$wasm_target/wasm32v1-none/release/iotchain_runtime_upgrade.wasm"
