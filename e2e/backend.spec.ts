import { expect, test } from './fixtures/studio';

test('auto picks the backend the policy names for this adapter, cross-origin isolated, and says why', async ({ studio, page }) => {
  await studio.open();
  await studio.waitForBackend();
  const expected = await studio.expectedAutoBackend();
  await expect(page.getByTestId('backend-name')).toHaveText(expected);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  if (expected === 'wasm') {
    await expect(page.getByTestId('backend-phase')).toContainText(/(the WebGPU adapter is a software emulation|WebGPU is not available here); WASM \(SIMD, threads\) trains faster on the CPU/);
    // One thread per logical core (tfjs caps its pool at 8): 2 on this project's 2-core machines.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(Number(await page.getByTestId('backend-threads').getAttribute('data-threads'))).toBe(Math.min(8, cores));
  } else {
    await expect(page.getByTestId('backend-phase')).toContainText('WebGPU is available on a hardware adapter');
  }
  const probe = page.getByTestId('probe');
  await expect(probe).toBeAttached({ timeout: 120_000 });
  expect(Number(await probe.getAttribute('data-weight-change'))).toBeGreaterThan(0);
  await studio.screenshot('backend-status');
  expect(studio.consoleErrors).toEqual([]);
});

test('?threads=1 in the address runs the WASM path on one thread, and the status says so', async ({ studio, page }) => {
  await studio.open('?threads=1');
  await studio.useBackend('wasm');
  expect(await page.getByTestId('backend-threads').getAttribute('data-threads')).toBe('1');
  await expect(page.getByTestId('probe')).toBeAttached({ timeout: 120_000 });
  expect(studio.consoleErrors).toEqual([]);
});

test('the worker trains on WebGPU when chosen, and says when the adapter is software', async ({ studio, page }) => {
  await studio.open();
  await studio.waitForBackend();
  const isSoftware = (await studio.expectedAutoBackend()) === 'wasm';
  await studio.useBackend('webgpu');
  if (isSoftware) {
    await expect(page.getByTestId('adapter')).toContainText(/swiftshader/i);
    await expect(page.getByTestId('backend-warning')).toContainText(/software emulation/);
  }
  const probe = page.getByTestId('probe');
  await expect(probe).toBeAttached({ timeout: 120_000 });
  const loss = Number(await probe.getAttribute('data-loss'));
  const weightChange = Number(await probe.getAttribute('data-weight-change'));
  expect(Number.isFinite(loss) && loss > 0).toBe(true);
  expect(weightChange).toBeGreaterThan(0);
  expect(studio.consoleErrors).toEqual([]);
});

test('a backend can be forced, and the status says it was chosen by hand', async ({ studio, page }) => {
  await studio.open();
  await studio.useBackend('cpu');
  await expect(page.getByTestId('backend-phase')).toContainText('chosen by hand');
});

test('a backend chosen while the one chosen before is still starting is the one the status ends on, never showing the other', async ({ studio, page }) => {
  // Every backend name the status bar shows, from the moment the test clears the list.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { seenBackends: string[] }).seenBackends = seen;
    new MutationObserver(() => {
      const name = document.querySelector('[data-testid="backend-name"]')?.textContent;
      if (name && seen.at(-1) !== name) seen.push(name);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await studio.open();
  await studio.waitForBackend();
  // The list restarts from the name shown now: a later re-render of the status bar (its test-step line) then adds
  // nothing unless the name changes.
  const initial = await page.getByTestId('backend-name').innerText();
  await page.evaluate((name) => (window as unknown as { seenBackends: string[] }).seenBackends.splice(0, Infinity, name), initial);
  // Two choices in one go, as a user scrolling through the menu makes them: the second is made before the worker
  // can have answered the first.
  await page.getByLabel('Backend choice').evaluate((select: HTMLSelectElement) => {
    for (const value of ['webgpu', 'cpu']) {
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
  });
  await studio.waitForBackend();
  await expect(page.getByTestId('backend-name')).toHaveText('cpu');
  await expect(page.getByTestId('probe')).toBeAttached({ timeout: 120_000 });
  // From the backend auto chose straight to cpu: the webgpu choice in between never showed.
  expect(await page.evaluate(() => (window as unknown as { seenBackends: string[] }).seenBackends)).toEqual(initial === 'cpu' ? ['cpu'] : [initial, 'cpu']);
  expect(studio.consoleErrors).toEqual([]);
});

test('"Measure training speed" times the form\'s configuration on the WASM path, shows its progress and names the slowest kernels in ms', async ({ studio, page }) => {
  await studio.loadDemoDataset();
  await studio.openTrainWithQuickPreset(1);
  await studio.useBackend('wasm');
  await page.getByRole('button', { name: 'Measure training speed' }).click();
  await expect(page.getByTestId('speed-progress')).toBeVisible();
  const row = page.locator('[data-testid="speed-table"] tbody tr').first();
  await expect(row).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('speed-progress')).toHaveCount(0);
  const cells = await row.locator('td').allInnerTexts();
  expect(cells[0]).toBe('wasm');
  expect(cells[1]).toBe('spn');
  expect(Number(cells[4])).toBeGreaterThan(0);
  expect(Number(cells[5])).toBeGreaterThan(0);
  // The diagnostics are off the main path, behind the Advanced disclosure, and there when it is opened.
  const diagnostics = page.locator('[data-testid="speed-diagnostics"] tbody tr').first();
  await expect(diagnostics).toBeHidden();
  await page.getByTestId('speed-advanced').locator('summary').click();
  await expect(diagnostics).toBeVisible();
  const diag = await diagnostics.locator('td').allInnerTexts();
  // What one step costs: kernel calls, reads (losses read every 10 steps: 3 timed steps read once), no dispatches or submits on WASM.
  expect(Number(diag[2])).toBeGreaterThan(100);
  expect(Number(diag[3])).toBeCloseTo(1 / 3, 2);
  expect(diag[4]).toBe('–');
  expect(diag[5]).toBe('–');
  expect(Number(diag[6])).toBeGreaterThan(0);
  // The profiled step's slowest kernels, each "Name N ms (P %)"; op-level wrappers are not counted twice.
  expect(diag[7]).toMatch(/^\w+ \d+ ms \(\d+ %\)(, \w+ \d+ ms \(\d+ %\))*$/);
  expect(diag[7]).not.toContain('__op');
  await studio.screenshot('speed-table');
  expect(studio.consoleErrors).toEqual([]);
});

test('a speed check that cannot run shows why where it was asked, and leaves the status bar as it was', async ({ studio, page }) => {
  await studio.loadDemoDataset();
  await studio.goTo('Train');
  await studio.useBackend('wasm');
  // ResNet50 at 224 px in batches of 256 needs far more than the 4 GiB a WebAssembly module can address.
  await page.getByRole('combobox', { name: 'Backbone', exact: true }).selectOption('resnet50');
  await page.getByLabel('Width multiplier').selectOption({ label: '1 (full)' });
  await page.getByLabel('Image size (px)').selectOption('224');
  await page.getByLabel('Batch size').fill('256');
  await page.getByRole('button', { name: 'Measure training speed' }).click();
  const error = page.getByTestId('speed-error');
  await expect(error).toBeVisible({ timeout: 120_000 });
  await expect(error).toHaveAttribute('data-code', 'out-of-memory');
  await expect(error).toContainText(/needs at least \d+(\.\d)? GB, and the wasm backend can address 4\.3 GB: lower the batch size or the image size/);
  await expect(page.getByTestId('backend-phase')).toHaveAttribute('data-phase', 'ready');
  await expect(page.getByTestId('backend-name')).toHaveText('wasm');
  await expect(page.getByTestId('backend-error')).toHaveCount(0);
  await studio.screenshot('speed-check-refused');
});

test('auto times WebGPU against WASM on the configuration about to train, trains on the faster and names both figures', async ({ studio, page }) => {
  test.setTimeout(8 * 60_000);
  await studio.loadDemoDataset();
  // On a GPU auto compares by itself; ?compareBackends=1 asks it to compare a software adapter (SwiftShader) too.
  await studio.open('?compareBackends=1');
  await studio.waitForBackend();
  await expect(page.getByTestId('backend-reason')).toContainText('WebGPU and WASM are timed on the configuration when training starts');
  await studio.openTrainWithQuickPreset(1);
  await page.getByLabel('Width multiplier').selectOption('0.0625');
  await page.getByLabel('Batch size').fill('8');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('backend-measuring')).toContainText(/Timing this configuration on WebGPU and WASM to train on the faster: (WebGPU|WASM)/, { timeout: 120_000 });
  const reason = page.getByTestId('backend-reason');
  await expect(reason).toContainText('for this configuration', { timeout: 5 * 60_000 });
  const text = await reason.innerText();
  const found = /WebGPU ([\d.]+) images\/s, WASM ([\d.]+) images\/s for this configuration: (?:(WebGPU|WASM) is faster|within 10 %, (WebGPU) is kept)/.exec(text);
  expect(found, text).not.toBeNull();
  const [webgpu, wasm] = [Number(found![1]), Number(found![2])];
  const chosen = (found![3] ?? found![4])!.toLowerCase();
  // The faster one trains, unless the two are within the tie margin (WebGPU is kept then).
  expect(chosen).toBe(webgpu >= wasm * 0.9 ? 'webgpu' : 'wasm');
  await expect(page.getByTestId('backend-name')).toHaveText(chosen);
  await expect(page.getByTestId('backend-measuring')).toHaveCount(0);
  await expect(page.getByTestId('test-table')).toBeVisible({ timeout: 5 * 60_000 });
  await studio.screenshot('backend-chosen-by-speed');
  expect(studio.consoleErrors).toEqual([]);
});
