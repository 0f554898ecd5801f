#!/usr/bin/env bash
# Installs everything building and testing IoTChain needs on a Debian 12 machine with rustup.
# Idempotent: what is already there is left alone.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# System packages: protoc (litep2p's build needs it), a C toolchain, Node.js for the e2e tests,
# Mosquitto (the MQTT broker the gateway's tests and benchmark run against), Chromium (the
# browser the Console's tests drive through playwright-core).
missing=()
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
command -v cc >/dev/null 2>&1 || missing+=(build-essential)
command -v git >/dev/null 2>&1 || missing+=(git)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
	step "apt-get install ${missing[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# Rust: the runtime is compiled to `wasm32v1-none`, which needs `rust-src`.
if ! command -v rustup >/dev/null 2>&1; then
	echo "rustup is required: see https://rustup.rs" >&2
	exit 1
fi
installed_targets="$(rustup target list --installed)"
if ! grep -qx wasm32v1-none <<<"$installed_targets"; then
	step "rustup target add wasm32v1-none"
	rustup target add wasm32v1-none
fi
installed_components="$(rustup component list --installed)"
for component in rust-src clippy rustfmt; do
	if ! grep -q "^$component" <<<"$installed_components"; then
		step "rustup component add $component"
		rustup component add "$component"
	fi
done

# The Python device example's one dependency (ed25519), from PyPI.
if ! python3 -c 'import cryptography' >/dev/null 2>&1; then
	step "pip install cryptography"
	python3 -m pip install --quiet cryptography
fi

# `npm ci` in the package folder `$1`, only when its lock file changed since the last install.
npm_ci_when_changed() {
	local dir="$REPO_ROOT/$1" want
	[ -f "$dir/package-lock.json" ] || return 0
	want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
	if [ "$(cat "$dir/node_modules/.installed-lock.sha256" 2>/dev/null)" != "$want" ]; then
		step "npm ci ($1)"
		(cd "$dir" && npm ci --no-audit --no-fund)
		echo "$want" >"$dir/node_modules/.installed-lock.sha256"
	fi
}

# Node.js 22 for the Console's build (PAPI's CLI needs 22 or later), from the npm registry.
NODE22_VERSION=22.23.5
if [ "$("$NODE22_BIN/node" --version 2>/dev/null)" != "v$NODE22_VERSION" ]; then
	step "npm install $NODE22_PACKAGE@$NODE22_VERSION (Node.js 22, into $NODE22_HOME)"
	mkdir -p "$NODE22_HOME"
	npm install --prefix "$NODE22_HOME" --no-audit --no-fund --no-save "$NODE22_PACKAGE@$NODE22_VERSION"
fi

# The e2e tests' packages, and the zombienet CLI of the multi-validator tests.
npm_ci_when_changed e2e
npm_ci_when_changed zombienet
# The Console's packages, installed by the Node.js it builds with.
PATH="$NODE22_BIN:$PATH" npm_ci_when_changed console

mkdir -p "$CARGO_TARGET_DIR"
