import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { BrowserContext, Page } from '@playwright/test';

import type { Studio } from './fixtures/studio';
import { expect, launchStudioWithProfile, test } from './fixtures/studio';

const PH2 = join(process.cwd(), '..', 'shared', 'data', 'ph2');

const QUOTA_BYTES = 60e6;

/**
 * A small disk for this origin: Chromium's DevTools quota override, set before the origin stores anything (set later,
 * it does not bind), in a profile on disk. navigator.storage.estimate() keeps reporting the real quota.
 */
async function useSmallDisk(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(test.info().project.use.baseURL!).origin, quotaSize: QUOTA_BYTES });
}

/** Fills the origin's storage with other data until less than `leftBytes` fit, as a nearly full disk is. */
async function fillDisk(page: Page, leftBytes: number): Promise<number> {
  return page.evaluate(async (left) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('disk-filler');
      open.onupgradeneeded = () => open.result.createObjectStore('blobs');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const put = (bytes: number, key: string): Promise<boolean> =>
      new Promise((resolve) => {
        const tx = db.transaction('blobs', 'readwrite');
        tx.objectStore('blobs').put(new Blob([new Uint8Array(bytes).fill(1)]), key);
        tx.oncomplete = () => resolve(true);
        tx.onabort = () => resolve(false);
      });
    let filled = 0;
    for (let size = 8e6; size >= left; size /= 2) while (await put(size, `b${filled}`)) filled += size;
    db.close();
    return filled;
  }, leftBytes);
}

async function emptyDisk(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => (indexedDB.deleteDatabase('disk-filler').onsuccess = resolve)));
}

/** The interrupted-run record as IndexedDB holds it: which epoch it can resume from. */
async function storedCheckpointEpoch(page: Page): Promise<number | null> {
  return page.evaluate(
    () =>
      new Promise<number | null>((resolve, reject) => {
        const open = indexedDB.open('saliency-studio-runs');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('checkpoints')) return resolve(null);
          const get = db.transaction('checkpoints').objectStore('checkpoints').get('interrupted-run');
          get.onsuccess = () => resolve((get.result as { checkpoint?: { epoch: number } } | undefined)?.checkpoint?.epoch ?? null);
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

let context: BrowserContext;
let studio: Studio;
let page: Page;

test.beforeEach(async () => {
  ({ context, studio } = await launchStudioWithProfile(mkdtempSync(join(tmpdir(), 'studio-profile-'))));
  page = studio.page;
  await useSmallDisk(page);
});
test.afterEach(async () => context.close());

test('a full disk: a dataset that does not fit is not stored, says what it needs, and the dataset stored before is kept', async () => {
  await studio.loadDemoDataset();
  expect(await fillDisk(page, 100_000)).toBeGreaterThan(10e6);
  await page.getByLabel('Choose a dataset folder').setInputFiles(PH2);
  const review = page.getByTestId('import-review');
  await expect(review).toContainText('200 images, 200 paired with a mask', { timeout: 120_000 });
  await review.getByRole('button', { name: 'Save dataset' }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('ph2 was not imported');
  await expect(report).toContainText(/[Tt]he dataset ph2 was not saved: it needs about \d+(\.\d)? MB and the browser's storage for this site is full \([\d.]+ [kMG]?B used of [\d.]+ [kMG]?B\)\. Delete a dataset \(Data page\)/);
  await studio.screenshot('storage-full-dataset');
  await page.reload();
  await expect(page.getByTestId('total-images')).toHaveText('90');
  await expect(page.getByRole('button', { name: /^ph2/ })).toHaveCount(0);
  // With room again, the same folder imports: nothing half-written was left in the way.
  await emptyDisk(page);
  await page.getByLabel('Choose a dataset folder').setInputFiles(PH2);
  await page.getByTestId('import-review').getByRole('button', { name: 'Save dataset' }).click({ timeout: 120_000 });
  await expect(page.getByTestId('import-report')).toContainText('Imported ph2');
  await expect(page.getByTestId('total-images')).toHaveText('200');
});

test('a full disk during training: the checkpoint that does not fit is reported, the run goes on, and the one before it is kept', async () => {
  test.setTimeout(8 * 60_000);
  await studio.loadDemoDataset();
  await studio.openTrainWithQuickPreset(12);
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect.poll(() => storedCheckpointEpoch(page), { timeout: 300_000 }).toBeGreaterThanOrEqual(1);
  // Paused while the disk fills, so no epoch ends half-way through filling it.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'paused');
  const kept = (await storedCheckpointEpoch(page))!;
  expect(await fillDisk(page, 50_000)).toBeGreaterThan(10e6);
  await page.getByRole('button', { name: 'Resume' }).click();
  const error = page.getByTestId('training-error');
  await expect(error).toContainText(/The checkpoint of epoch \d+ was not saved: it needs about [\d.]+ MB and the browser's storage for this site is full/, { timeout: 300_000 });
  await studio.screenshot('storage-full-checkpoint');
  const failedEpoch = Number(/epoch (\d+) was not saved/.exec((await error.textContent()) ?? '')![1]);
  expect(failedEpoch).toBeGreaterThan(kept);
  expect(await storedCheckpointEpoch(page)).toBe(kept);
  // The run does not stop for it; a reload now resumes from the checkpoint that was kept.
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'running');
  await page.reload();
  await studio.waitForBackend();
  await expect(page.getByTestId('interrupted-run')).toContainText(`stopped after epoch ${kept} of 12`);
});

/** SIGKILLs every process whose command line names the profile (the browser and all its children); returns how many. */
function killProcessesOf(profile: string): number {
  const pids = readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(profile);
    } catch {
      return false;
    }
  });
  for (const pid of pids) process.kill(Number(pid), 'SIGKILL');
  return pids.length;
}

interface DownloadedRun {
  history: Array<Record<string, number | null>>;
  test: { f1: number; accuracy: number };
}

/** Finishes the Train page's run and downloads it as JSON (config, history, test metrics). */
async function finishedRun(page: Page): Promise<DownloadedRun> {
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Download run \(JSON/ }).click();
  return JSON.parse(readFileSync(await (await download).path(), 'utf8')) as DownloadedRun;
}

/** The numbers of a history that must replay: every loss and metric, not the seconds each epoch took. */
const replayed = (run: DownloadedRun): Array<Array<number | null>> => run.history.map((entry) => Object.entries(entry).filter(([key]) => key !== 'seconds').map(([, value]) => value));

test('a browser killed mid-epoch loses at most that epoch, and the resumed run ends with the uninterrupted run’s history', async () => {
  test.setTimeout(12 * 60_000);
  const profile = mkdtempSync(join(tmpdir(), 'studio-killed-'));
  await context.close();
  ({ context, studio } = await launchStudioWithProfile(profile));
  page = studio.page;
  const epochs = 6;
  await studio.loadDemoDataset();
  await studio.openTrainWithQuickPreset(epochs);
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect.poll(() => storedCheckpointEpoch(page), { timeout: 300_000 }).toBeGreaterThanOrEqual(2);
  const storedBeforeKill = (await storedCheckpointEpoch(page))!;
  // SIGKILL to every process of this profile: no unload event, no chance to save anything more.
  const killed = killProcessesOf(profile);
  expect(killed).toBeGreaterThan(0);
  await context.close().catch(() => undefined);

  ({ context, studio } = await launchStudioWithProfile(profile));
  page = studio.page;
  await studio.open('#/train');
  await studio.waitForBackend();
  const notice = page.getByTestId('interrupted-run');
  const stoppedAfter = Number(/stopped after epoch (\d+) of 6/.exec((await notice.textContent({ timeout: 60_000 })) ?? '')?.[1]);
  expect(stoppedAfter).toBeGreaterThanOrEqual(storedBeforeKill);
  expect(stoppedAfter).toBeLessThan(epochs);
  await notice.getByRole('button', { name: 'Resume run' }).click();
  const resumed = await finishedRun(page);

  // The same config and seed, never interrupted.
  await page.reload();
  await studio.openTrainWithQuickPreset(epochs);
  await page.getByRole('button', { name: 'Start training' }).click();
  const uninterrupted = await finishedRun(page);
  expect(resumed.history).toHaveLength(epochs);
  const [a, b] = [replayed(resumed), replayed(uninterrupted)];
  a.forEach((entry, i) => entry.forEach((value, j) => (value === null ? expect(b[i]![j]).toBeNull() : expect(value).toBeCloseTo(b[i]![j]!, 5))));
  expect(resumed.test.f1).toBeCloseTo(uninterrupted.test.f1, 5);
  expect(resumed.test.accuracy).toBeCloseTo(uninterrupted.test.accuracy, 5);
});

test('a WebGPU device lost mid-run stops at the last finished epoch, says so, and the run resumes on WASM', async () => {
  test.setTimeout(12 * 60_000);
  await studio.loadDemoDataset();
  await studio.goTo('Train');
  await studio.useBackend('webgpu');
  await page.getByRole('button', { name: /Classroom demo preset/ }).click();
  await page.getByLabel('Epochs', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect.poll(() => storedCheckpointEpoch(page), { timeout: 600_000 }).toBeGreaterThanOrEqual(1);
  const worker = page.workers().find((w) => w.url().includes('trainingWorker'));
  expect(await worker!.evaluate(() => (self as unknown as { studioDebug: { loseGpuDevice(): boolean } }).studioDebug.loseGpuDevice())).toBe(true);

  const error = page.getByTestId('training-error');
  await expect(error).toHaveAttribute('data-code', 'backend-lost', { timeout: 120_000 });
  await expect(error).toContainText('The GPU stopped answering');
  await expect(error).toContainText(/the GPU device was lost \(destroyed: .*\), so the work on it stopped\. The last finished epoch was saved: resume it below; it continues on the next backend in the policy/);
  await expect(page.getByTestId('backend-name')).toHaveText('wasm', { timeout: 120_000 });
  await expect(page.getByTestId('backend-reason')).toContainText('the GPU device was lost (destroyed); wasm is the next backend in the policy');
  const notice = page.getByTestId('interrupted-run');
  await expect(notice).toContainText(/stopped after epoch [12] of 3/);
  await studio.screenshot('gpu-lost');
  await notice.getByRole('button', { name: 'Resume run' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
  await expect(page.getByTestId('f1-chart')).toHaveAttribute('data-points', '3');
});
