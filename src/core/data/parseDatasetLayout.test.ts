import { describe, expect, it } from 'vitest';

import { parseCsvManifest } from './parseCsvManifest';
import { parseDatasetLayout } from './parseDatasetLayout';

const many = (prefix: string, n: number, suffix = '.png'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}${suffix}`);

describe('parseDatasetLayout', () => {
  it('pairs images/<class>/ with masks/<class>/ under the dropped folder name', () => {
    const parsed = parseDatasetLayout([...many('ph2/images/nevus/a', 3), ...many('ph2/images/melanoma/b', 3), 'ph2/masks/nevus/a0.png', 'ph2/masks/melanoma/b2.png']);
    expect(parsed.layout).toBe('images-masks');
    expect(parsed.classNames).toEqual(['melanoma', 'nevus']);
    expect(parsed.entries).toHaveLength(6);
    expect(parsed.entries.find((e) => e.imagePath === 'ph2/images/nevus/a0.png')?.maskPaths).toEqual(['ph2/masks/nevus/a0.png']);
    expect(parsed.entries.filter((e) => e.maskPaths.length > 0)).toHaveLength(2);
    expect(parsed.problems).toEqual([]);
  });

  it('pairs flat masks/<name>.png by name and reports an ambiguous name', () => {
    const parsed = parseDatasetLayout([...many('images/cat/x', 3), ...many('images/dog/y', 3), 'images/dog/x0.png', 'masks/y1.png', 'masks/x0.png']);
    expect(parsed.entries.find((e) => e.imagePath === 'images/dog/y1.png')?.maskPaths).toEqual(['masks/y1.png']);
    expect(parsed.problems).toEqual([expect.objectContaining({ file: 'masks/x0.png', reason: expect.stringContaining('same file name') })]);
  });

  it('recognizes CUB segmentations', () => {
    const parsed = parseDatasetLayout([...many('CUB/images/001.Albatross/a', 3, '.jpg'), ...many('CUB/images/002.Auklet/b', 3, '.jpg'), 'CUB/segmentations/001.Albatross/a1.png']);
    expect(parsed.layout).toBe('cub');
    expect(parsed.entries.find((e) => e.imagePath.endsWith('a1.jpg'))?.maskPaths).toEqual(['CUB/segmentations/001.Albatross/a1.png']);
  });

  it('recognizes BUSI and merges several masks of one image', () => {
    const parsed = parseDatasetLayout([
      'Dataset_BUSI/benign/benign (1).png', 'Dataset_BUSI/benign/benign (1)_mask.png', 'Dataset_BUSI/benign/benign (1)_mask_1.png',
      'Dataset_BUSI/benign/benign (2).png', 'Dataset_BUSI/benign/benign (3).png',
      ...many('Dataset_BUSI/malignant/malignant (', 3, ').png'), 'Dataset_BUSI/malignant/malignant (0)_mask.png',
    ]);
    expect(parsed.layout).toBe('busi');
    expect(parsed.classNames).toEqual(['benign', 'malignant']);
    expect(parsed.entries.find((e) => e.imagePath.endsWith('benign (1).png'))?.maskPaths).toHaveLength(2);
    expect(parsed.entries).toHaveLength(6);
  });

  it('keeps a predefined train/val/test split as given', () => {
    const parsed = parseDatasetLayout([...many('d/train/images/a/t', 2), ...many('d/train/images/b/u', 2), 'd/val/images/a/v.png', 'd/test/images/b/w.png', 'd/test/masks/b/w.png']);
    expect(parsed.hasPredefinedSplit).toBe(true);
    expect(parsed.entries.filter((e) => e.split === 'train')).toHaveLength(4);
    expect(parsed.entries.find((e) => e.split === 'test')?.maskPaths).toEqual(['d/test/masks/b/w.png']);
  });

  it('reports non-images, masks with no image and too-small classes, and keeps the rest', () => {
    const parsed = parseDatasetLayout([...many('images/a/x', 3), ...many('images/b/y', 3), 'images/c/only.png', 'images/a/notes.txt', 'masks/a/ghost.png', 'images/.DS_Store']);
    expect(parsed.entries).toHaveLength(6);
    expect(parsed.classNames).toEqual(['a', 'b']);
    const reasons = Object.fromEntries(parsed.problems.map((p) => [p.file, p.reason]));
    expect(reasons['images/a/notes.txt']).toMatch(/not an image/);
    expect(reasons['masks/a/ghost.png']).toMatch(/no image/);
    expect(reasons['c/']).toMatch(/1 image.*at least 3/);
    expect(Object.keys(reasons)).toHaveLength(3);
  });

  it('says so when a single file or no image is dropped', () => {
    expect(parseDatasetLayout(['readme.txt']).problems.at(-1)?.reason).toMatch(/no image files/);
    expect(parseDatasetLayout(['photo.png']).entries).toHaveLength(0);
  });
});

describe('parseCsvManifest', () => {
  it('reads image,label,mask rows relative to the CSV and reports bad rows', () => {
    const existing = new Set(['set/img/1.png', 'set/img/2.png', 'set/m/1.png']);
    const parsed = parseCsvManifest('image,label,mask\nimg/1.png,cat,m/1.png\nimg/2.png,dog,none\nimg/3.png,dog,\n', 'set/list.csv', existing);
    expect(parsed.layout).toBe('csv');
    expect(parsed.entries).toEqual([
      expect.objectContaining({ imagePath: 'set/img/1.png', className: 'cat', maskPaths: ['set/m/1.png'] }),
      expect.objectContaining({ imagePath: 'set/img/2.png', className: 'dog', maskPaths: [] }),
    ]);
    expect(parsed.problems).toEqual([{ file: 'set/list.csv line 4', reason: 'image img/3.png is not in the dropped folder' }]);
  });

  it('refuses a CSV without the image and label columns', () => {
    expect(parseCsvManifest('a,b\n1,2', 'x.csv', new Set()).problems[0]?.reason).toMatch(/image,label,mask/);
  });

  it('reads quoted cells with commas, quotes and line breaks, and names the line each row starts on', () => {
    const existing = new Set(['set/img/a, b.png', 'set/img/c.png', 'set/img/d.png']);
    const text = '\uFEFFimage,label,mask\r\n"img/a, b.png","atypical, nevus",\r\n\r\n"img/c.png","two\nline ""label""",none\nimg/x.png,dog,\n"img/d.png",cat,\n';
    const parsed = parseCsvManifest(text, 'set/list.csv', existing);
    expect(parsed.entries.map((e) => [e.imagePath, e.className])).toEqual([
      ['set/img/a, b.png', 'atypical, nevus'],
      ['set/img/c.png', 'two\nline "label"'],
      ['set/img/d.png', 'cat'],
    ]);
    expect(parsed.problems).toEqual([{ file: 'set/list.csv line 6', reason: 'image img/x.png is not in the dropped folder' }]);
  });

  it('reports an unclosed quote as a CSV problem on its line instead of reading on silently', () => {
    const parsed = parseCsvManifest('image,label\nimg/1.png,cat\n"img/2.png,dog\n', 'l.csv', new Set(['img/1.png']));
    expect(parsed.entries.map((e) => e.imagePath)).toEqual(['img/1.png']);
    expect(parsed.problems[0]).toEqual({ file: 'l.csv line 3', reason: expect.stringMatching(/is not valid CSV \(.*[Qq]uote/) });
  });
});
