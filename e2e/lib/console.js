// The built Console served on a free port and Debian's Chromium driven by playwright-core, for
// the tests that check what people see.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { eventually } from './gateway.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Serves the built Console with `scripts/console.sh --serve` and waits until it answers. */
export async function serveConsole(port, nodeUrl, gatewayUrl, logPath) {
  const log = fs.openSync(logPath, 'a');
  const child = spawn(path.join(REPO, 'scripts/console.sh'), ['--serve', '--port', String(port), '--node', nodeUrl, '--gateway', gatewayUrl], {
    stdio: ['ignore', log, log],
    detached: true,
  });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => (await fetch(url).catch(() => null))?.ok, 30_000, `the Console at ${url}:\n${fs.readFileSync(logPath, 'utf8')}`);
  return { url, stop: () => process.kill(-child.pid, 'SIGTERM') };
}

/** Debian's Chromium, headless, with nothing running in the background. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
