#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests (Vitest, Node), build, e2e tests (Playwright, Chromium + WebGPU).
// Ends with one plain line, `N passed, N failed`, summing unit and e2e tests; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

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

if (step('build', 'npx', ['vite', 'build'])) {
  step('e2e tests', 'npx', ['playwright', 'test']);
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
