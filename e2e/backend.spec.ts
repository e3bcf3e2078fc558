import { expect, test } from './fixtures/studio';

test('auto picks the WASM training path over a software WebGPU adapter, cross-origin isolated, and says why', async ({ studio, page }) => {
  await studio.open();
  await studio.waitForBackend();
  await expect(page.getByTestId('backend-name')).toHaveText('wasm');
  await expect(page.getByTestId('adapter')).toContainText(/swiftshader/i);
  await expect(page.getByTestId('backend-phase')).toContainText('the WebGPU adapter is a software emulation; WASM (SIMD, threads) trains faster on the CPU');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // One thread per logical core (tfjs caps its pool at 8): 2 on this project's 2-core machines.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(Number(await page.getByTestId('backend-threads').getAttribute('data-threads'))).toBe(Math.min(8, cores));
  const wasmProbe = page.getByTestId('probe');
  await expect(wasmProbe).toBeVisible({ timeout: 120_000 });
  expect(Number(await wasmProbe.getAttribute('data-weight-change'))).toBeGreaterThan(0);
  await studio.screenshot('backend-status');
  expect(studio.consoleErrors).toEqual([]);
});

test('?threads=1 in the address runs the WASM path on one thread, and the status says so', async ({ studio, page }) => {
  await studio.open('?threads=1');
  await studio.waitForBackend();
  await expect(page.getByTestId('backend-name')).toHaveText('wasm');
  expect(await page.getByTestId('backend-threads').getAttribute('data-threads')).toBe('1');
  await expect(page.getByTestId('probe')).toBeVisible({ timeout: 120_000 });
  expect(studio.consoleErrors).toEqual([]);
});

test('the worker trains on WebGPU with a SwiftShader adapter when chosen, and says it is software', async ({ studio, page }) => {
  await studio.open();
  await studio.waitForBackend();
  await page.getByLabel('Backend choice').selectOption('webgpu');
  await expect(page.getByTestId('backend-name')).toHaveText('webgpu');
  await expect(page.getByTestId('adapter')).toContainText(/swiftshader/i);
  await expect(page.getByTestId('backend-warning')).toContainText(/software emulation/);
  const probe = page.getByTestId('probe');
  await expect(probe).toBeVisible({ timeout: 120_000 });
  const loss = Number(await probe.getAttribute('data-loss'));
  const weightChange = Number(await probe.getAttribute('data-weight-change'));
  expect(Number.isFinite(loss) && loss > 0).toBe(true);
  expect(weightChange).toBeGreaterThan(0);
  expect(studio.consoleErrors).toEqual([]);
});

test('a backend can be forced, and the status says it was chosen by hand', async ({ studio, page }) => {
  await studio.open();
  await studio.waitForBackend();
  await page.getByLabel('Backend choice').selectOption('cpu');
  await expect(page.getByTestId('backend-name')).toHaveText('cpu');
  await expect(page.getByTestId('backend-phase')).toContainText('chosen by hand');
});

test('"Measure training speed" times the form\'s configuration on the WASM path and names the slowest kernels in ms', async ({ studio, page }) => {
  await studio.loadDemoDataset();
  await studio.openTrainWithQuickPreset(1);
  await expect(page.getByTestId('backend-name')).toHaveText('wasm');
  await page.getByRole('button', { name: 'Measure training speed' }).click();
  const row = page.locator('[data-testid="speed-table"] tbody tr').first();
  await expect(row).toBeVisible({ timeout: 120_000 });
  const cells = await row.locator('td').allInnerTexts();
  expect(cells[0]).toBe('wasm');
  expect(Number(cells[3])).toBeGreaterThan(0);
  expect(Number(cells[4])).toBeGreaterThan(0);
  // The profiled step's slowest kernels, each "Name N ms (P %)"; op-level wrappers are not counted twice.
  expect(cells[5]).toMatch(/^\w+ \d+ ms \(\d+ %\)(, \w+ \d+ ms \(\d+ %\))*$/);
  expect(cells[5]).not.toContain('__op');
  await studio.screenshot('speed-table');
  expect(studio.consoleErrors).toEqual([]);
});
