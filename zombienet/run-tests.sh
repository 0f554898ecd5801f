#!/usr/bin/env bash
# The multi-validator tests, against an already-built iotchain-node (nothing is built here):
#   1. the zombienet DSL test local-4.zndsl on local-4.toml (4 validators + a full node):
#      nodes up, peers, block and finalized heights rising, finality close behind, no errors;
#   2. the fault tests (faults.mjs): validators stopped and started again, finality stalling and
#      resuming, a full node restarted on its database, a fresh node syncing.
# Both use the same four-authority chain spec, built from the node's `local` chain by
# lib/chain-spec.mjs. Every network is torn down, also on failure, Ctrl-C or SIGTERM; logs are
# kept (and their path printed) only when something failed.
# Exits non-zero if anything failed; the last line is `N passed, N failed`.
#
# Environment: IOTCHAIN_NODE (the binary) or CARGO_TARGET_DIR (see scripts/common.sh);
# IOTCHAIN_ZOMBIENET_KEEP=1 keeps logs and databases after a successful run too.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
cd "$REPO_ROOT/zombienet"

if [ ! -x "$IOTCHAIN_NODE" ]; then
	echo "iotchain-node not found at $IOTCHAIN_NODE: build it first (cargo build --release -p iotchain-node)"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ ! -x node_modules/.bin/zombienet ]; then
	echo "zombienet is not installed: run scripts/setup.sh (npm ci in zombienet/)"
	echo "0 passed, 1 failed"
	exit 1
fi

started=$SECONDS
work="$(mktemp -d /tmp/iotchain-zombienet-XXXXXX)"
zombienet_pid=""
follow_pid=""
faults_pid=""
passed=0
failed=0

# Kills the process group `$1` (SIGTERM, then SIGKILL) if it is still there.
kill_group() {
	local pgid="$1"
	kill -0 -- "-$pgid" 2>/dev/null || return 0
	kill -TERM -- "-$pgid" 2>/dev/null || true
	for _ in $(seq 1 50); do
		kill -0 -- "-$pgid" 2>/dev/null || return 0
		sleep 0.2
	done
	kill -KILL -- "-$pgid" 2>/dev/null || true
}

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	if [ -n "$faults_pid" ] && kill -0 "$faults_pid" 2>/dev/null; then
		kill -TERM "$faults_pid" 2>/dev/null || true # it stops its nodes itself
		wait "$faults_pid" 2>/dev/null || true
	fi
	[ -n "$zombienet_pid" ] && kill_group "$zombienet_pid"
	[ -n "$follow_pid" ] && { kill "$follow_pid" 2>/dev/null || true; }
	# Nodes of the fault tests run in their own process groups, listed in <name>.pid files;
	# only ones whose command line still names this run's directory are ours.
	for pidfile in "$work"/faults/*.pid; do
		[ -f "$pidfile" ] || continue
		pid="$(cat "$pidfile")"
		if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$work/"; then
			kill_group "$pid"
		fi
	done
	# Stopped early (a signal, an unexpected error): that counts as a failure.
	if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
	if [ "$failed" -eq 0 ] && [ -z "${IOTCHAIN_ZOMBIENET_KEEP:-}" ]; then
		rm -rf "$work"
	else
		echo "logs, chain spec and databases kept in $work"
	fi
	echo "multi-validator tests took $((SECONDS - started)) s"
	echo "$passed passed, $failed failed"
	if [ "$failed" -ne 0 ] && [ "$status" -eq 0 ]; then status=1; fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "chain spec: the local chain with alice, bob, charlie and dave as authorities"
IOTCHAIN_CHAIN_SPEC="$(node lib/chain-spec.mjs "$work/spec")"
export IOTCHAIN_CHAIN_SPEC IOTCHAIN_NODE
echo "$IOTCHAIN_CHAIN_SPEC"

step "zombienet DSL test: local-4.zndsl (native provider, $IOTCHAIN_NODE)"
t0=$SECONDS
# In its own session, so that it and the nodes it spawns can be killed as one process group.
: >"$work/zombienet.log"
setsid node node_modules/.bin/zombienet --provider native --dir "$work/zombienet" --force \
	--logType text test local-4.zndsl >"$work/zombienet.log" 2>&1 &
zombienet_pid=$!
# Show its assertions as they complete (in the background: `wait` lets the traps run at once).
tail -n +1 -f --pid="$zombienet_pid" "$work/zombienet.log" |
	grep --line-buffered -E '✅|❌|Result:|Error launching|Error: ' &
follow_pid=$!
zombienet_status=0
wait "$zombienet_pid" || zombienet_status=$?
wait "$follow_pid" || true
result="$(sed -n 's/.*Result: \([0-9]*\)\/\([0-9]*\).*/\1 \2/p' "$work/zombienet.log" | tail -n 1)"
if [ -n "$result" ]; then
	read -r ok total <<<"$result"
	passed=$((passed + ok))
	failed=$((failed + total - ok))
	if [ "$zombienet_status" -ne 0 ] && [ "$ok" -eq "$total" ]; then failed=$((failed + 1)); fi
else
	failed=$((failed + 1))
	echo "zombienet did not report results (exit status $zombienet_status); last lines of its output:"
	tail -n 40 "$work/zombienet.log"
fi
echo "zombienet DSL test: exit status $zombienet_status, $((SECONDS - t0)) s"

step "fault tests: faults.mjs"
t0=$SECONDS
node faults.mjs --chain-spec "$IOTCHAIN_CHAIN_SPEC" --dir "$work/faults" --results "$work/faults.json" &
faults_pid=$!
faults_status=0
wait "$faults_pid" || faults_status=$?
faults_pid=""
if [ -f "$work/faults.json" ]; then
	read -r ok bad < <(node -e 'const r = require(process.argv[1]); console.log(r.passed, r.failed)' "$work/faults.json")
	passed=$((passed + ok))
	failed=$((failed + bad))
	if [ "$faults_status" -ne 0 ] && [ "$bad" -eq 0 ]; then failed=$((failed + 1)); fi
else
	failed=$((failed + 1))
fi
echo "fault tests: exit status $faults_status, $((SECONDS - t0)) s"

echo
# cleanup (on EXIT) tears everything down and prints the summary as the last line.
[ "$failed" -eq 0 ]
