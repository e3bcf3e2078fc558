import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from '@playwright/test';

import { expect, test } from './fixtures/studio';

const TORCHVISION = join(process.cwd(), '..', 'shared', 'fixtures', 'torchvision-resnet');
/** The Hub's address for timm's ResNet18; tests never reach it: it is routed to a local file. */
const HUB_RESNET18 = 'https://huggingface.co/timm/resnet18.a1_in1k/resolve/main/model.safetensors';

function encoded(name: string): { base64: string; shape: number[]; maxAbs: number } {
  const meta = JSON.parse(readFileSync(join(TORCHVISION, `${name}.json`), 'utf8')) as { shape: number[]; maxAbs: number };
  return { base64: readFileSync(join(TORCHVISION, `${name}.bin`)).toString('base64'), shape: meta.shape, maxAbs: meta.maxAbs };
}

/** The bytes of the weights stored in IndexedDB, read as the studio stored them, as base64 ('' when none). */
function storedWeightsBase64(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('saliency-studio-weights');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('weights').objectStore('weights');
          const list = store.get('weights');
          list.onsuccess = () => {
            const entry = (list.result as Array<{ id: string }> | undefined)?.[0];
            if (!entry) return resolve('');
            const bytes = store.get(`bytes:${entry.id}`);
            bytes.onsuccess = () => {
              const data = bytes.result as Uint8Array;
              let text = '';
              for (let i = 0; i < data.length; i += 0x8000) text += String.fromCharCode(...data.subarray(i, i + 0x8000));
              resolve(btoa(text));
            };
          };
        };
      }),
  );
}

test('ImageNet weights download on a click from the (routed) Hub, are stored, start a run with the file’s features, and work offline after a reload', async ({ studio, page }) => {
  test.setTimeout(8 * 60_000);
  const file = readFileSync(join(TORCHVISION, 'resnet18.safetensors'));
  let fetched = 0;
  await page.route(HUB_RESNET18, (route) => {
    fetched += 1;
    return route.fulfill({ status: 200, body: file, headers: { 'content-type': 'application/octet-stream', 'content-length': String(file.byteLength) } });
  });
  await studio.loadDemoDataset();
  await studio.openTrainWithQuickPreset(1);
  await studio.useBackend('wasm');
  const offer = page.getByTestId('pretrained-offer');
  await expect(offer).toContainText('recommended: 90 images is a small dataset');
  await expect(offer).toContainText('ResNet18, ImageNet-1k (timm), Apache-2.0, from huggingface.co');
  // Nothing is fetched until the user asks.
  expect(fetched).toBe(0);
  await offer.getByRole('button', { name: /^Download ResNet18, ImageNet-1k \(timm\) \(about 46\.8 MB from huggingface\.co\)$/ }).click();
  await expect(offer.getByTestId('stored-weights')).toHaveText(`Stored in this browser (${(file.byteLength / 1e6).toFixed(1)} MB), usable offline.`, { timeout: 60_000 });
  expect(fetched).toBe(1);

  // What was stored is the file: its features equal torchvision's (the parity check, on the stored bytes).
  const worker = page.workers().find((w) => w.url().includes('trainingWorker'))!;
  const weights = await storedWeightsBase64(page);
  expect(Buffer.from(weights, 'base64').equals(file)).toBe(true);
  const expected = Object.fromEntries(['stem', 'layer1', 'layer2', 'layer3', 'features', 'logits'].map((stage) => [stage, encoded(`resnet18.${stage}`)]));
  const parity = await worker.evaluate(
    (r) => (self as unknown as { studioDebug: { runParity(r: object): Promise<{ errors: Record<string, number> }> } }).studioDebug.runParity(r),
    { kind: 'torchvision', fixture: 'resnet18', weights, input: encoded('input'), expected },
  );
  for (const [stage, error] of Object.entries(parity.errors)) expect(error, stage).toBeLessThanOrEqual(1e-4);

  await offer.getByRole('button', { name: 'Use them (sets width 1)' }).click();
  await expect(page.getByLabel('Width multiplier')).toHaveValue('1');
  await page.getByLabel('Image size (px)').selectOption('32');
  await expect(offer).toContainText('In use: the run starts from them');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
  await studio.screenshot('pretrained-downloaded');

  // The report's settings from these weights, in one click; the Classroom preset (1/8 width) lets them go.
  await page.getByRole('button', { name: 'Report preset, pretrained: the same from ImageNet weights' }).click();
  await expect(page.getByLabel('Image size (px)')).toHaveValue('224');
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('40');
  await expect(offer).toContainText('In use');
  await page.getByRole('button', { name: /Classroom demo preset/ }).click();
  await expect(page.getByLabel('Width multiplier')).toHaveValue('0.125');
  await expect(offer.getByRole('button', { name: 'Use them (sets width 1)' })).toBeVisible();
  await offer.getByRole('button', { name: 'Use them (sets width 1)' }).click();
  await page.getByLabel('Image size (px)').selectOption('32');
  await page.getByLabel('Epochs', { exact: true }).fill('1');

  // Offline now: the Hub cannot be reached, and the stored weights still start a run.
  await page.unroute(HUB_RESNET18);
  await page.route('https://huggingface.co/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await studio.waitForBackend();
  await expect(page.getByTestId('pretrained-offer').getByTestId('stored-weights')).toBeVisible();
  await expect(page.getByTestId('pretrained-offer')).toContainText('In use');
  await studio.useBackend('wasm');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });

  await page.getByTestId('pretrained-offer').getByRole('button', { name: 'Delete the stored weights' }).click();
  await expect(page.getByTestId('pretrained-offer').getByRole('button', { name: /^Download ResNet18/ })).toBeVisible();
  expect(await storedWeightsBase64(page)).toBe('');
  expect(studio.consoleErrors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
});

test('a download that is not those weights (a web page, a 404, the wrong architecture) is refused and stores nothing', async ({ studio, page }) => {
  test.setTimeout(4 * 60_000);
  const answers = [
    { body: '<!doctype html><title>Sign in</title>', headers: { 'content-type': 'text/html; charset=utf-8' }, status: 200, says: 'huggingface.co sent a web page, not a weights file' },
    { body: 'Entry not found', headers: { 'content-type': 'text/plain' }, status: 404, says: 'huggingface.co answered 404' },
    { body: readFileSync(join(TORCHVISION, 'bottleneck1111.safetensors')), headers: { 'content-type': 'application/octet-stream' }, status: 200, says: 'these are not ResNet18, ImageNet-1k (timm) weights' },
  ];
  let answer = answers[0]!;
  await page.route(HUB_RESNET18, (route) => route.fulfill({ status: answer.status, body: answer.body, headers: answer.headers }));
  await studio.loadDemoDataset();
  await studio.goTo('Train');
  const offer = page.getByTestId('pretrained-offer');
  for (answer of answers) {
    await offer.getByRole('button', { name: /^Download ResNet18/ }).click();
    await expect(offer.getByTestId('weights-error')).toContainText(answer.says, { timeout: 60_000 });
    await expect(offer.getByTestId('stored-weights')).toHaveCount(0);
    expect(await storedWeightsBase64(page)).toBe('');
  }
  // A download that takes too long: Cancel stops it, and nothing is stored.
  await page.unroute(HUB_RESNET18);
  await page.route(HUB_RESNET18, () => new Promise(() => undefined));
  await offer.getByRole('button', { name: /^Download ResNet18/ }).click();
  await expect(offer.getByText(/^Downloading ResNet18, ImageNet-1k \(timm\): 0 bytes/)).toBeVisible();
  await offer.getByRole('button', { name: 'Cancel download' }).click();
  await expect(offer.getByTestId('weights-error')).toContainText('the download was cancelled: nothing was stored');
  await expect(offer.getByRole('button', { name: /^Download ResNet18/ })).toBeVisible();
  expect(await storedWeightsBase64(page)).toBe('');
});
