#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests (Vitest, Node), build, e2e tests (Playwright, Chromium + WebGPU).
// Ends with one plain line, `N passed, N failed`, summing unit and e2e tests; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const counts = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function step(name, command, args) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  console.log(`=== ${name}: ${result.status === 0 ? 'ok' : `failed (exit ${result.status})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (result.status !== 0) broken = true;
  return result.status === 0;
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
step('typecheck core (no DOM)', 'npx', ['tsc', '-p', 'tsconfig.core.json', '--noEmit']);
step('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);

step('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit-results.json']);
const unit = readJson('test-results/unit-results.json');
if (unit) {
  counts.passed += unit.numPassedTests;
  counts.failed += unit.numFailedTests;
  counts.skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
} else {
  counts.failed += 1;
}

/**
 * The browser tests need Chromium. Where it is missing and this is Debian as root (a fresh CI machine), it is
 * installed from Debian's packages, as .ci/run does; elsewhere the command to run is printed.
 */
function ensureChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/opt/google/chrome/chrome'];
  if (candidates.some((path) => path && existsSync(path))) return true;
  if (process.getuid?.() === 0 && existsSync('/etc/debian_version')) {
    console.log('Chromium is missing: installing it from Debian’s packages (apt-get install -y chromium)...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const ok = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }).status === 0;
    if (ok) return true;
  }
  console.log('The e2e tests need Chromium: run `sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome executable.');
  return false;
}

if (step('build', 'npx', ['vite', 'build'])) {
  // A report from an earlier run must never be counted for this one.
  rmSync('test-results/e2e-results.json', { force: true });
  if (ensureChromium()) step('e2e tests', 'npx', ['playwright', 'test']);
  else broken = true;
  const e2e = readJson('test-results/e2e-results.json');
  if (e2e) {
    counts.passed += e2e.stats.expected;
    counts.failed += e2e.stats.unexpected + e2e.stats.flaky;
    counts.skipped += e2e.stats.skipped;
  } else {
    counts.failed += 1;
  }
}

const failed = counts.failed + (broken && counts.failed === 0 ? 1 : 0);
console.log(`\n${counts.passed} passed, ${failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(broken || failed > 0 ? 1 : 0);
