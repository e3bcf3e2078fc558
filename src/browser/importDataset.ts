import { splitCounts } from '../core/data/splitDataset';
import type { DemoPreset } from '../core/data/demoDataset';
import { DEMO_PRESETS, generateDemoDataset } from '../core/data/demoDataset';
import type { DatasetEntry, ImportProblem, ParsedDataset } from '../core/data/datasetTypes';
import { parseCsvManifest } from '../core/data/parseCsvManifest';
import { parseDatasetLayout } from '../core/data/parseDatasetLayout';
import type { DatasetMeta, StoredSample } from './datasetDb';
import { saveDataset } from './datasetDb';
import { encodePng } from '../core/data/encodePng';
import { probeImage } from './imageCodec';
import type { PathedFile } from './walkDroppedFiles';

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportOutcome {
  meta: DatasetMeta | null;
  problems: ImportProblem[];
}

// Masks this much wider or taller (relative to their image) are not the same picture.
const ASPECT_TOLERANCE = 0.02;

function summarize(id: string, name: string, parsed: ParsedDataset, samples: StoredSample[], problems: ImportProblem[]): DatasetMeta {
  const classNames = [...new Set(samples.map((s) => s.className))].sort((a, b) => a.localeCompare(b));
  return {
    id,
    name,
    layout: parsed.layout,
    classNames,
    imageCount: samples.length,
    maskedCount: samples.filter((s) => s.masks.length > 0).length,
    perClass: classNames.map((className) => ({
      className,
      images: samples.filter((s) => s.className === className).length,
      masked: samples.filter((s) => s.className === className && s.masks.length > 0).length,
    })),
    hasPredefinedSplit: parsed.hasPredefinedSplit,
    splitCounts: splitCounts(samples.map((s) => ({ label: classNames.indexOf(s.className), split: s.split }))),
    bytes: samples.reduce((sum, s) => sum + s.image.size + s.masks.reduce((m, b) => m + b.size, 0), 0),
    createdAt: new Date().toISOString(),
    problems,
    demo: null,
  };
}

async function checkEntry(entry: DatasetEntry, byPath: Map<string, File>, problems: ImportProblem[]): Promise<StoredSample | null> {
  const image = byPath.get(entry.imagePath)!;
  let size: { width: number; height: number };
  try {
    size = await probeImage(image);
  } catch (error) {
    problems.push({ file: entry.imagePath, reason: (error as Error).message });
    return null;
  }
  const masks: Blob[] = [];
  for (const maskPath of entry.maskPaths) {
    const mask = byPath.get(maskPath)!;
    try {
      const maskSize = await probeImage(mask);
      const ratio = maskSize.width / maskSize.height / (size.width / size.height);
      if (Math.abs(ratio - 1) > ASPECT_TOLERANCE) {
        problems.push({ file: maskPath, reason: `mask is ${maskSize.width}×${maskSize.height} but its image is ${size.width}×${size.height}: the shapes differ, so the mask was left out` });
        continue;
      }
      masks.push(mask);
    } catch (error) {
      problems.push({ file: maskPath, reason: `${(error as Error).message}; the image is kept without this mask` });
    }
  }
  return { id: entry.id, className: entry.className, split: entry.split, image, masks };
}

/** A checked import waiting for the user to review the layout, pairing and class names before it is stored. */
export interface ImportDraft {
  name: string;
  parsed: ParsedDataset;
  samples: StoredSample[];
  problems: ImportProblem[];
}

/**
 * Checks dropped files: detects the layout, pairs masks, and checks that every image and mask decodes.
 * Nothing is stored yet. Problems name the file and never stop the rest.
 */
export async function checkFiles(
  files: readonly PathedFile[],
  name: string,
  onProgress: (progress: ImportProgress) => void,
  signal: AbortSignal,
): Promise<ImportDraft | ImportOutcome> {
  const byPath = new Map(files.map((f) => [f.path, f.file]));
  const csv = files.find((f) => f.path.toLowerCase().endsWith('.csv'));
  const parsed = csv ? parseCsvManifest(await csv.file.text(), csv.path, new Set(byPath.keys())) : parseDatasetLayout(files.map((f) => f.path));
  const problems = [...parsed.problems];
  const samples: StoredSample[] = [];
  for (let i = 0; i < parsed.entries.length; i++) {
    if (signal.aborted) return { meta: null, problems: [...problems, { file: '(import)', reason: 'cancelled: nothing was stored' }] };
    const sample = await checkEntry(parsed.entries[i]!, byPath, problems);
    if (sample) samples.push(sample);
    onProgress({ done: i + 1, total: parsed.entries.length });
  }
  const classNames = new Set(samples.map((s) => s.className));
  if (samples.length === 0 || classNames.size < 2) {
    return { meta: null, problems: [...problems, { file: '(dataset)', reason: `nothing was stored: ${samples.length} usable image(s) in ${classNames.size} class(es); a dataset needs images in at least two classes` }] };
  }
  return { name, parsed, samples, problems };
}

/**
 * Stores a reviewed draft under `name`, with classes renamed as the user chose (two classes given one name
 * merge). The whole dataset is written at once: a failed write keeps nothing and says so.
 */
export async function saveDraft(draft: ImportDraft, name: string, classRenames: Readonly<Record<string, string>>): Promise<ImportOutcome> {
  const samples = draft.samples.map((s) => ({ ...s, className: classRenames[s.className]?.trim() || s.className }));
  const meta = summarize(`ds-${Date.now().toString(36)}`, name.trim() || draft.name, draft.parsed, samples, draft.problems);
  try {
    await saveDataset(meta, samples);
  } catch (error) {
    return { meta: null, problems: [...draft.problems, { file: '(dataset)', reason: (error as Error).message }] };
  }
  return { meta, problems: draft.problems };
}

export interface DemoChoice {
  preset: DemoPreset;
  shortcutStrength: number;
  seed: number;
  sizePx: number;
}

/** The name a generated demo is listed under. */
export function demoName(choice: DemoChoice): string {
  const shortcut = choice.shortcutStrength === 0 ? 'no background shortcut' : `background shortcut ${Math.round(choice.shortcutStrength * 100)} %`;
  return `Demo shapes, ${choice.preset === 'small' ? 'small' : 'classroom'} (${shortcut})`;
}

/** Generates a built-in demo dataset and stores it like an imported one. */
export async function importDemoDataset(choice: DemoChoice): Promise<DatasetMeta> {
  const demo = generateDemoDataset({ ...DEMO_PRESETS[choice.preset], shortcutStrength: choice.shortcutStrength, seed: choice.seed, sizePx: choice.sizePx });
  const samples: StoredSample[] = [];
  for (const s of demo.samples) {
    samples.push({
      id: s.id,
      className: demo.classNames[s.label]!,
      split: s.split,
      image: new Blob([encodePng(s.pixels, demo.sizePx, 3) as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
      masks: s.mask ? [new Blob([encodePng(s.mask, demo.sizePx, 1) as Uint8Array<ArrayBuffer>], { type: 'image/png' })] : [],
    });
  }
  const parsed: ParsedDataset = { layout: 'demo', hasPredefinedSplit: true, classNames: demo.classNames, entries: [], problems: [] };
  const meta = { ...summarize(`demo-${Date.now().toString(36)}`, demoName(choice), parsed, samples, []), demo: choice };
  await saveDataset(meta, samples);
  return meta;
}
