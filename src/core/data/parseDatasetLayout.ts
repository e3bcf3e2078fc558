import type { DatasetEntry, DatasetLayout, ImportProblem, ParsedDataset, SplitName } from './datasetTypes';

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'bmp', 'gif', 'webp']);
/** Why a file was left out for not being an image: dataset import and predictions say the same. */
export const NOT_AN_IMAGE = 'not an image file (expected .png, .jpg, .jpeg, .bmp, .gif or .webp)';
const SPLIT_NAMES: Record<string, SplitName> = { train: 'train', val: 'val', valid: 'val', validation: 'val', test: 'test' };
const MASK_FOLDERS = new Set(['masks', 'segmentations']);
const IGNORED_FILES = /^(\.ds_store|thumbs\.db|desktop\.ini)$|^\._/i;
const MIN_IMAGES_PER_CLASS = 3;

interface ParsedPath {
  path: string;
  segments: string[];
}

const extensionOf = (name: string): string => name.split('.').pop()?.toLowerCase() ?? '';

/** Whether a file name has an image extension the studio decodes. */
export const isImageFileName = (name: string): boolean => IMAGE_EXTENSIONS.has(extensionOf(name));
const stemOf = (name: string): string => name.replace(/\.[^.]+$/, '');

function splitPath(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s.length > 0 && s !== '.');
}

/** Drops folders that every path shares (the dropped folder's own name), keeping at least a folder and a file. */
function stripCommonRoot(paths: ParsedPath[]): ParsedPath[] {
  let current = paths;
  for (;;) {
    const first = current[0]?.segments[0];
    if (first === undefined) return current;
    const lower = first.toLowerCase();
    if (lower === 'images' || MASK_FOLDERS.has(lower) || lower in SPLIT_NAMES) return current;
    if (!current.every((p) => p.segments.length > 2 && p.segments[0] === first)) return current;
    current = current.map((p) => ({ path: p.path, segments: p.segments.slice(1) }));
  }
}

interface Bucket {
  split: SplitName | null;
  files: ParsedPath[];
}

/** Groups paths by a leading train/val/test folder when every path has one. */
function bucketsBySplit(paths: ParsedPath[]): Bucket[] {
  const hasSplits = paths.length > 0 && paths.every((p) => p.segments.length > 1 && p.segments[0]!.toLowerCase() in SPLIT_NAMES);
  if (!hasSplits) return [{ split: null, files: paths }];
  const buckets = new Map<SplitName, ParsedPath[]>();
  for (const p of paths) {
    const split = SPLIT_NAMES[p.segments[0]!.toLowerCase()]!;
    buckets.set(split, [...(buckets.get(split) ?? []), { path: p.path, segments: p.segments.slice(1) }]);
  }
  return [...buckets].map(([split, files]) => ({ split, files }));
}

function detectLayout(paths: ParsedPath[]): DatasetLayout {
  const tops = new Set(paths.map((p) => p.segments[0]?.toLowerCase()));
  if (tops.has('images')) return tops.has('segmentations') ? 'cub' : 'images-masks';
  return 'busi';
}

// BUSI names masks `<name>_mask.png`, `<name>_mask_1.png`, …
const BUSI_MASK = /^(.*)_mask(?:_\d+)?$/i;

/**
 * Recognizes a dataset folder from its file paths (relative to the dropped folder) and pairs images with masks.
 * Supports images/<class>/ + masks/<class>/ or masks/, CUB (segmentations/), BUSI (<name>_mask.png), each
 * optionally under train/val/test. Problems are collected with the file and reason; they never stop the rest.
 */
export function parseDatasetLayout(filePaths: readonly string[]): ParsedDataset {
  const problems: ImportProblem[] = [];
  const usable: ParsedPath[] = [];
  for (const path of filePaths) {
    const segments = splitPath(path);
    const name = segments.at(-1) ?? path;
    if (IGNORED_FILES.test(name)) continue;
    if (!isImageFileName(name)) {
      problems.push({ file: path, reason: NOT_AN_IMAGE });
      continue;
    }
    usable.push({ path, segments });
  }
  if (usable.length === 0) {
    return { layout: 'images-masks', hasPredefinedSplit: false, classNames: [], entries: [], problems: [...problems, { file: '(dataset)', reason: 'no image files found: drop a folder of class folders' }] };
  }
  const rooted = stripCommonRoot(usable);
  const buckets = bucketsBySplit(rooted);
  const layout = detectLayout(buckets.flatMap((b) => b.files));
  const entries: DatasetEntry[] = [];
  for (const bucket of buckets) {
    entries.push(...(layout === 'busi' ? pairBusi(bucket, problems) : pairImageFolders(bucket, problems)));
  }
  return finish(layout, buckets.some((b) => b.split !== null), entries, problems);
}

function pairImageFolders(bucket: Bucket, problems: ImportProblem[]): DatasetEntry[] {
  const entries = new Map<string, DatasetEntry>();
  const byStem = new Map<string, DatasetEntry[]>();
  for (const file of bucket.files) {
    const [top, ...rest] = file.segments;
    if (top?.toLowerCase() !== 'images') continue;
    if (rest.length !== 2) {
      problems.push({ file: file.path, reason: 'images must sit in images/<class>/<name>; this file is not in a class folder' });
      continue;
    }
    const [className, name] = rest as [string, string];
    const key = `${className}/${stemOf(name)}`;
    if (entries.has(key)) {
      problems.push({ file: file.path, reason: `another image in ${className}/ has the same name; this one was skipped` });
      continue;
    }
    const entry: DatasetEntry = { id: file.path, imagePath: file.path, maskPaths: [], className, split: bucket.split };
    entries.set(key, entry);
    byStem.set(stemOf(name), [...(byStem.get(stemOf(name)) ?? []), entry]);
  }
  for (const file of bucket.files) {
    const [top, ...rest] = file.segments;
    if (!MASK_FOLDERS.has(top?.toLowerCase() ?? '')) {
      if (top?.toLowerCase() !== 'images') problems.push({ file: file.path, reason: 'not inside images/, masks/ or segmentations/' });
      continue;
    }
    const stem = stemOf(rest.at(-1) ?? '');
    let target: DatasetEntry | undefined;
    if (rest.length === 2) {
      target = entries.get(`${rest[0]}/${stem}`);
    } else if (rest.length === 1) {
      const candidates = byStem.get(stem) ?? [];
      if (candidates.length > 1) {
        problems.push({ file: file.path, reason: `the same file name is used by images in ${candidates.map((c) => c.className).join(', ')}; put the mask in masks/<class>/ to say which` });
        continue;
      }
      target = candidates[0];
    }
    if (!target) {
      problems.push({ file: file.path, reason: 'mask with no image of this name' });
      continue;
    }
    target.maskPaths.push(file.path);
  }
  return [...entries.values()];
}

function pairBusi(bucket: Bucket, problems: ImportProblem[]): DatasetEntry[] {
  const entries = new Map<string, DatasetEntry>();
  const masks: ParsedPath[] = [];
  for (const file of bucket.files) {
    if (file.segments.length !== 2) {
      problems.push({ file: file.path, reason: 'expected <class>/<name>: this file is not directly in a class folder' });
      continue;
    }
    const [className, name] = file.segments as [string, string];
    if (BUSI_MASK.test(stemOf(name))) {
      masks.push(file);
      continue;
    }
    entries.set(`${className}/${stemOf(name)}`, { id: file.path, imagePath: file.path, maskPaths: [], className, split: bucket.split });
  }
  for (const file of masks) {
    const [className, name] = file.segments as [string, string];
    const base = BUSI_MASK.exec(stemOf(name))![1]!;
    const target = entries.get(`${className}/${base}`);
    if (!target) {
      problems.push({ file: file.path, reason: 'mask with no image of this name' });
      continue;
    }
    target.maskPaths.push(file.path);
  }
  return [...entries.values()];
}

function finish(layout: DatasetLayout, hasPredefinedSplit: boolean, entries: DatasetEntry[], problems: ImportProblem[]): ParsedDataset {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.className, (counts.get(e.className) ?? 0) + 1);
  const tooSmall = new Set([...counts].filter(([, n]) => !hasPredefinedSplit && n < MIN_IMAGES_PER_CLASS).map(([name]) => name));
  for (const name of tooSmall) {
    problems.push({ file: `${name}/`, reason: `class has ${counts.get(name)} image(s); a train/val/test split needs at least ${MIN_IMAGES_PER_CLASS}, so it was left out` });
  }
  const kept = entries.filter((e) => !tooSmall.has(e.className));
  const classNames = [...new Set(kept.map((e) => e.className))].sort((a, b) => a.localeCompare(b));
  if (classNames.length === 1) problems.push({ file: '(dataset)', reason: `only one class (${classNames[0]}) was found; a classifier needs at least two` });
  kept.sort((a, b) => a.id.localeCompare(b.id));
  return { layout, hasPredefinedSplit, classNames, entries: kept, problems };
}
