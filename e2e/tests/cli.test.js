// The node's command line as an operator meets it: bad input fails loudly with a
// clear message, and the built-in chain specs carry the token's properties.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

import { nodeBinaryPath } from '../lib/node.js';

const run = promisify(execFile);

/** Runs the node binary to completion; resolves with its exit code and output. */
async function node(...args) {
  try {
    const { stdout, stderr } = await run(nodeBinaryPath(), args, { timeout: 60_000, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (typeof error.code !== 'number') throw error;
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

test('an unknown --chain exits non-zero and names the accepted chains', async () => {
  const { code, stderr } = await node('--chain', 'no-such-chain', '--tmp');
  assert.notEqual(code, 0);
  assert.match(stderr, /Unknown chain 'no-such-chain'/);
  assert.match(stderr, /'dev', 'local'/);
});

test('an unknown flag exits non-zero with a usage error', async () => {
  const { code, stderr } = await node('--no-such-flag');
  assert.notEqual(code, 0);
  assert.match(stderr, /unexpected argument '--no-such-flag'/);
});

for (const chain of ['dev', 'local']) {
  test(`export-chain-spec --chain ${chain} gives a spec with IoTChain's token properties`, async () => {
    const { code, stdout } = await node('export-chain-spec', '--chain', chain);
    assert.equal(code, 0);
    const spec = JSON.parse(stdout);
    assert.deepEqual(spec.properties, { ss58Format: 4242, tokenDecimals: 12, tokenSymbol: 'IOT' });
    assert.equal(spec.chainType, chain === 'dev' ? 'Development' : 'Local');
  });
}
