// Every door fed generated broken input: each must answer with a StudioError (a sentence) or a result, never
// another exception or a stall. The counts are the README's fuzz figures.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadBundleModel, readBundle } from './bundle/readBundle';
import { studioJsonSchema } from './bundle/bundleSchema';
import { writeBundle } from './bundle/writeBundle';
import { parseCsvManifest } from './data/parseCsvManifest';
import { parseDatasetLayout } from './data/parseDatasetLayout';
import { StudioError } from './errors';
import type { StudioModel } from './model/buildModel';
import { buildStudioModel, disposeStudioModel } from './model/buildModel';
import { readSafetensors, writeSafetensors } from './model/safetensors';
import type { Random } from './random';
import { createRandom } from './random';
import { checkpointSchema } from './train/checkpoint';
import { QUICK_CONFIG } from './train/trainConfig';
import { trainConfigSchema } from './train/trainConfigSchema';
import { unzipBounded } from './zip/unzipBounded';

const pick = <T,>(random: Random, items: readonly T[]): T => items[Math.floor(random.next() * items.length)]!;
const int = (random: Random, n: number): number => Math.floor(random.next() * n);

/** Flips, drops, repeats or cuts bytes: the damage a download, a disk or a hand-edit does. */
function mutateBytes(bytes: Uint8Array, random: Random): Uint8Array {
  const out = Array.from(bytes);
  const edits = 1 + int(random, 8);
  for (let e = 0; e < edits && out.length > 0; e++) {
    const at = int(random, out.length);
    switch (int(random, 4)) {
      case 0:
        out[at] = int(random, 256);
        break;
      case 1:
        out.splice(at, 1 + int(random, 64));
        break;
      case 2:
        out.splice(at, 0, ...out.slice(at, at + 1 + int(random, 64)));
        break;
      default:
        out.length = at;
    }
  }
  return Uint8Array.from(out);
}

const ODD_VALUES: unknown[] = [null, -1, 0, 1e9, 1e308, -1e-9, 2.5, '', 'x'.repeat(300), '<b>x</b>', [], [1, 2], {}, true, '__proto__', Number.MAX_SAFE_INTEGER + 2];

/** Replaces, deletes or retypes a value somewhere inside a JSON document. */
function mutateJson(value: unknown, random: Random, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 6 || random.next() < 0.15) return pick(random, ODD_VALUES);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return pick(random, ODD_VALUES);
  const key = pick(random, keys);
  if (random.next() < 0.1 && !Array.isArray(copy)) delete copy[key];
  else (copy as Record<string, unknown>)[key] = mutateJson((copy as Record<string, unknown>)[key], random, depth + 1);
  return copy;
}

/** Runs one generated input through a door: returns 'accepted' or 'refused', and fails the test on anything else. */
async function door(run: () => unknown): Promise<'accepted' | 'refused'> {
  const started = Date.now();
  try {
    await run();
    return 'accepted';
  } catch (error) {
    if (!(error instanceof StudioError)) throw new Error(`unhandled ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return 'refused';
  } finally {
    expect(Date.now() - started).toBeLessThan(5_000);
  }
}

const tally = (): Record<'accepted' | 'refused', number> => ({ accepted: 0, refused: 0 });

let model: StudioModel;
let bundle: Uint8Array;

beforeAll(async () => {
  model = buildStudioModel({ backbone: 'resnet18', width: 1 / 16, imageSizePx: 32, classCount: 2, spn: null }, 1);
  ({ bytes: bundle } = await writeBundle(model, { name: 'fuzz', classNames: ['a', 'b'], trainConfig: { ...QUICK_CONFIG, method: 'baseline' }, test: null, saliency: null, dataset: null }));
});
afterAll(() => disposeStudioModel(model));

describe('fuzzed importers answer every broken input with a sentence', () => {
  it('bundles: 150 with damaged bytes and 150 with damaged studio.json or model.json', async () => {
    const random = createRandom(11);
    const counts = tally();
    const files = unzipSync(bundle);
    for (let i = 0; i < 300; i++) {
      let zip: Uint8Array;
      if (i < 150) zip = mutateBytes(bundle, random);
      else {
        const name = i % 2 ? 'studio.json' : 'model.json';
        const json = mutateJson(JSON.parse(strFromU8(files[name]!)), random);
        zip = zipSync({ ...files, [name]: strToU8(JSON.stringify(json) ?? '') });
      }
      counts[
        await door(async () => {
          const opened = await loadBundleModel(await readBundle(zip, `fuzz-${i}.zip`), `fuzz-${i}.zip`);
          disposeStudioModel(opened);
        })
      ]++;
    }
    console.log(`fuzz bundles: ${JSON.stringify(counts)}`);
    expect(counts.refused).toBeGreaterThan(200);
  }, 120_000);

  it('dataset zips: 300 damaged zips of a small folder', async () => {
    const random = createRandom(12);
    const counts = tally();
    const zip = zipSync({ 'set/cat/1.png': new Uint8Array(300).fill(7), 'set/dog/2.png': strToU8('x'.repeat(500)), 'set/masks/1.png': new Uint8Array(40) });
    const limits = { maxFiles: 100, maxTotalBytes: 1 << 20, code: 'bad-dataset' as const };
    for (let i = 0; i < 300; i++) counts[await door(() => unzipBounded(mutateBytes(zip, random), 'set.zip', limits))]++;
    console.log(`fuzz dataset zips: ${JSON.stringify(counts)}`);
    expect(counts.refused).toBeGreaterThan(150);
  });

  it('CSV manifests: 2000 made of quotes, commas, line breaks and paths', async () => {
    const random = createRandom(13);
    const pieces = ['"', '""', ',', '\n', '\r\n', '\r', 'img/1.png', 'cat', 'none', '../', ' ', 'image,label,mask\n', '\uFEFF', '\u0000', 'é'];
    const existing = new Set(['img/1.png', 'm/1.png']);
    let problems = 0;
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: int(random, 40) }, () => pick(random, pieces)).join('');
      const prefix = random.next() < 0.5 ? 'image,label,mask\n' : '';
      expect(await door(() => (problems += parseCsvManifest(prefix + text, 'list.csv', existing).problems.length))).toBe('accepted');
    }
    console.log(`fuzz CSV: 2000 accepted with ${problems} problems reported`);
    expect(problems).toBeGreaterThan(1000);
  });

  it('dataset folder layouts: 2000 generated path lists', async () => {
    const random = createRandom(14);
    const parts = ['images', 'masks', 'train', 'val', 'test', 'cat', 'dog', '..', '.', '', '__MACOSX', 'a_mask', 'x.png', 'y.jpg', 'z_mask.png', 'notes.txt', '.DS_Store'];
    for (let i = 0; i < 2000; i++) {
      const paths = Array.from({ length: int(random, 30) }, () => Array.from({ length: 1 + int(random, 4) }, () => pick(random, parts)).join('/'));
      expect(await door(() => parseDatasetLayout(paths))).toBe('accepted');
    }
  });

  it('safetensors: 500 files whose headers lie about dtypes, shapes and offsets, and 300 with damaged bytes', async () => {
    const random = createRandom(15);
    const counts = tally();
    const good = writeSafetensors(new Map([['a.weight', { shape: [2, 3], data: new Float32Array(6).fill(1) }], ['b.bias', { shape: [4], data: new Float32Array(4) }]]));
    const headerLength = Number(new DataView(good.buffer).getBigUint64(0, true));
    const header = JSON.parse(strFromU8(good.subarray(8, 8 + headerLength)));
    for (let i = 0; i < 800; i++) {
      let bytes: Uint8Array;
      if (i < 500) {
        const text = strToU8(JSON.stringify(mutateJson(header, random)) ?? 'null');
        bytes = new Uint8Array(8 + text.length + 40);
        new DataView(bytes.buffer).setBigUint64(0, BigInt(random.next() < 0.1 ? int(random, 1e6) : text.length), true);
        bytes.set(text, 8);
      } else bytes = mutateBytes(good, random);
      counts[await door(() => readSafetensors(bytes.slice().buffer, 'fuzz.safetensors'))]++;
    }
    console.log(`fuzz safetensors: ${JSON.stringify(counts)}`);
    expect(counts.refused).toBeGreaterThan(400);
  });

  it('stored records of an older or foreign shape: 600 checkpoints, configs and studio.json files are refused by their schemas, not by a crash', () => {
    const random = createRandom(16);
    const checkpoint = { epoch: 2, history: [], best: null, weights: [new Float32Array(2)], bestWeights: null, optimizer: { step: 3, firstMoments: [], secondMoments: [] } };
    const studio = JSON.parse(strFromU8(unzipSync(bundle)['studio.json']!));
    let refused = 0;
    for (let i = 0; i < 600; i++) {
      const [schema, record] = i % 3 === 0 ? [checkpointSchema, checkpoint] : i % 3 === 1 ? [trainConfigSchema, QUICK_CONFIG] : [studioJsonSchema, studio];
      const result = (schema as { safeParse: (v: unknown) => { success: boolean } }).safeParse(mutateJson(record, random));
      if (!result.success) refused++;
    }
    console.log(`fuzz stored records: 600 parsed, ${refused} refused`);
    expect(refused).toBeGreaterThan(300);
  });
});
