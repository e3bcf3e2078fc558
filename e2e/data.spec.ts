import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

import { PNG } from 'pngjs';

import { expect, test } from './fixtures/studio';

const PH2 = join(process.cwd(), '..', 'shared', 'data', 'ph2');

test('the demo dataset loads with a click and survives a reload', async ({ studio, page }) => {
  await studio.open('#/data');
  await expect(page.getByTestId('empty-state')).toContainText('No datasets yet');
  // The default demo: the classroom shapes, 125 per shape, no background shortcut.
  await page.getByRole('button', { name: 'Load demo dataset' }).click();
  await expect(page.getByTestId('total-images')).toHaveText('375');
  await expect(page.getByTestId('total-masks')).toHaveText('375');
  await expect(page.getByTestId('dataset-layout')).toHaveAttribute('data-layout', 'demo');
  await expect(page.getByTestId('thumbnail-count')).toHaveText('375 image(s)');
  await expect(page.getByRole('heading', { name: 'Demo shapes, classroom (no background shortcut)' })).toBeVisible();
  const grid = page.getByTestId('thumbnails');
  await expect(grid.getByRole('img', { name: /disc: 000-/ })).toBeVisible();
  // The grid is virtualized: only the rows in view (and a few more) are in the page.
  expect(await grid.getByRole('img').count()).toBeLessThan(100);
  await expect(grid.getByRole('img', { name: /triangle: 124-/ })).toHaveCount(0);
  await studio.screenshot('data-demo');
  await grid.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(grid.getByRole('img', { name: /triangle: 124-/ })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('total-images')).toHaveText('375');
  // The same demo asked for again is not stored twice.
  await page.getByRole('button', { name: 'Load demo dataset' }).click();
  await expect(page.getByRole('button', { name: 'Demo shapes, classroom (no background shortcut)', exact: true })).toHaveCount(1);
  await page.getByLabel('Masks').selectOption('without');
  await expect(page.getByTestId('thumbnails').getByRole('img')).toHaveCount(0);
  expect(studio.consoleErrors).toEqual([]);
});

test('every file of the PH2 dataset imports from a folder, with the same counts after a reload', async ({ studio, page }) => {
  await studio.open('#/data');
  await page.getByLabel('Choose a dataset folder').setInputFiles(PH2);
  const review = page.getByTestId('import-review');
  await expect(review.getByTestId('review-layout')).toHaveText('images/<class>/ with masks/', { timeout: 120_000 });
  await expect(review).toContainText('200 images, 200 paired with a mask');
  await review.getByLabel('Class name for atypical_nevus').fill('atypical nevus');
  await studio.screenshot('data-review');
  await review.getByRole('button', { name: 'Save dataset' }).click();
  await expect(page.getByTestId('import-report')).toContainText('Imported ph2');
  await expect(page.getByRole('table', { name: 'Images per class' })).toContainText('atypical nevus');
  await expect(page.getByTestId('total-images')).toHaveText('200');
  await expect(page.getByTestId('total-masks')).toHaveText('200');
  await expect(page.getByTestId('dataset-layout')).toHaveAttribute('data-layout', 'images-masks');
  await expect(page.getByRole('table', { name: 'Images per class' })).toContainText('melanoma');
  await studio.screenshot('data-ph2');
  await page.reload();
  await expect(page.getByTestId('total-images')).toHaveText('200');
  await expect(page.getByTestId('total-masks')).toHaveText('200');
});

test('broken files are reported by name while the good images are kept', async ({ studio, page }) => {
  const root = mkdtempSync(join(tmpdir(), 'mixed-'));
  const dataset = join(root, 'mixed');
  for (const className of ['common_nevus', 'melanoma']) {
    mkdirSync(join(dataset, 'images', className), { recursive: true });
    mkdirSync(join(dataset, 'masks', className), { recursive: true });
    for (const name of readdirSync(join(PH2, 'images', className)).slice(0, 4)) {
      copyFileSync(join(PH2, 'images', className, name), join(dataset, 'images', className, name));
      copyFileSync(join(PH2, 'masks', className, name), join(dataset, 'masks', className, name));
    }
  }
  const good = readFileSync(join(PH2, 'images', 'melanoma', readdirSync(join(PH2, 'images', 'melanoma'))[0]!));
  writeFileSync(join(dataset, 'images', 'melanoma', 'truncated.png'), good.subarray(0, 200));
  writeFileSync(join(dataset, 'images', 'melanoma', 'empty.png'), '');
  writeFileSync(join(dataset, 'images', 'melanoma', 'notes.txt'), 'not an image');
  writeFileSync(join(dataset, 'masks', 'melanoma', 'ghost.png'), good);

  await studio.open('#/data');
  await page.getByLabel('Choose a dataset folder').setInputFiles(dataset);
  await expect(page.getByTestId('import-review')).toContainText('8 images, 8 paired with a mask');
  await page.getByRole('button', { name: 'Save dataset' }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('Imported mixed');
  await expect(report).toContainText('4 file(s) need attention');
  await expect(report).toContainText('mixed/images/melanoma/truncated.png: the image cannot be decoded');
  await expect(report).toContainText('mixed/images/melanoma/empty.png: the file is empty');
  await expect(report).toContainText('mixed/images/melanoma/notes.txt: not an image file');
  await expect(report).toContainText('mixed/masks/melanoma/ghost.png: mask with no image');
  await expect(page.getByTestId('total-images')).toHaveText('8');
  await expect(page.getByTestId('total-masks')).toHaveText('8');
  await studio.screenshot('data-mixed-errors');
});

test('a folder with only non-images stores nothing and says why, keeping the datasets already stored', async ({ studio, page }) => {
  await studio.loadDemoDataset();
  const folder = join(mkdtempSync(join(tmpdir(), 'junk-')), 'junk');
  mkdirSync(folder);
  writeFileSync(join(folder, 'readme.txt'), 'hello');
  await page.getByLabel('Choose a dataset folder').setInputFiles(folder);
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('junk was not imported');
  await expect(report).toContainText('junk/readme.txt: not an image file');
  await expect(report).toContainText('nothing was stored');
  await expect(page.getByRole('region', { name: 'Stored datasets' }).getByRole('row')).toHaveCount(2);
});

test('a .zip of a BUSI-style folder imports, with masks paired by their _mask names', async ({ studio, page }) => {
  const { zipSync } = await import('fflate');
  const files: Record<string, Uint8Array> = {};
  for (const [className, busiName] of [['common_nevus', 'benign'], ['melanoma', 'malignant']] as const) {
    readdirSync(join(PH2, 'images', className))
      .slice(0, 3)
      .forEach((name, i) => {
        files[`BUSI/${busiName}/${busiName} (${i + 1}).png`] = readFileSync(join(PH2, 'images', className, name));
        if (i < 2) files[`BUSI/${busiName}/${busiName} (${i + 1})_mask.png`] = readFileSync(join(PH2, 'masks', className, name));
      });
  }
  const zipPath = join(mkdtempSync(join(tmpdir(), 'zip-')), 'BUSI.zip');
  writeFileSync(zipPath, zipSync(files));
  await studio.open('#/data');
  await page.getByLabel('Choose a dataset zip').setInputFiles(zipPath);
  await expect(page.getByTestId('review-layout')).toContainText('BUSI');
  await page.getByRole('button', { name: 'Save dataset' }).click();
  await expect(page.getByTestId('import-report')).toContainText('Imported BUSI');
  await expect(page.getByTestId('dataset-layout')).toHaveAttribute('data-layout', 'busi');
  await expect(page.getByTestId('total-images')).toHaveText('6');
  await expect(page.getByTestId('total-masks')).toHaveText('4');
});

/** A palette (colour type 3) PNG, written by hand because pngjs cannot write one. */
function palettePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8);
  const palette = Buffer.from([200, 30, 30, 30, 200, 30]);
  const rows = Buffer.concat(Array.from({ length: height }, (_, y) => Buffer.from([0, ...Array.from({ length: width }, (_, x) => (x + y) % 2)])));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('PLTE', palette), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

test('16-bit grayscale, palette and RGBA images import; a mask of another shape is left out by name', async ({ studio, page }) => {
  const dataset = join(mkdtempSync(join(tmpdir(), 'colours-')), 'colours');
  for (const className of ['a', 'b']) mkdirSync(join(dataset, className), { recursive: true });
  const gray16 = new PNG({ width: 40, height: 30, bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  gray16.data = Buffer.alloc(40 * 30 * 2);
  for (let i = 0; i < 40 * 30; i++) gray16.data.writeUInt16BE(i % 40 < 20 ? 60000 : 1000, i * 2);
  writeFileSync(join(dataset, 'a', 'gray16.png'), PNG.sync.write(gray16, { bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false }));
  const rgba = new PNG({ width: 30, height: 30 });
  rgba.data.fill(200);
  writeFileSync(join(dataset, 'a', 'rgba.png'), PNG.sync.write(rgba));
  const wide = new PNG({ width: 40, height: 10 });
  wide.data.fill(255);
  writeFileSync(join(dataset, 'a', 'rgba_mask.png'), PNG.sync.write(wide));
  writeFileSync(join(dataset, 'b', 'palette.png'), palettePng(24, 20));
  const ph2 = readdirSync(join(PH2, 'images', 'melanoma')).slice(0, 4);
  copyFileSync(join(PH2, 'images', 'melanoma', ph2[0]!), join(dataset, 'a', ph2[0]!));
  for (const name of ph2.slice(1)) copyFileSync(join(PH2, 'images', 'melanoma', name), join(dataset, 'b', name));

  await studio.open('#/data');
  await page.getByLabel('Choose a dataset folder').setInputFiles(dataset);
  const review = page.getByTestId('import-review');
  await expect(review.getByTestId('review-layout')).toHaveText(/BUSI/);
  await expect(review).toContainText('7 images');
  await review.getByRole('button', { name: 'Save dataset' }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('Imported colours');
  await expect(report).toContainText('colours/a/rgba_mask.png: mask is 40×10 but its image is 30×30');
  await expect(page.getByTestId('total-images')).toHaveText('7');
  await expect(page.getByTestId('total-masks')).toHaveText('0');
  await expect(page.getByTestId('thumbnails').getByRole('img', { name: /gray16/ })).toBeVisible();
  await expect(page.getByTestId('thumbnails').getByRole('img', { name: /palette/ })).toBeVisible();
});
