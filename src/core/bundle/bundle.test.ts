import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StudioModel } from '../model/buildModel';
import { buildStudioModel, disposeStudioModel, forward } from '../model/buildModel';
import type { ModelConfig } from '../model/modelConfig';
import { readSafetensors } from '../model/safetensors';
import { loadTorchvisionWeights } from '../model/torchvisionWeights';
import { transferWeights } from '../model/transferWeights';
import { QUICK_CONFIG } from '../train/trainConfig';
import type { BundleDescription } from './writeBundle';
import { writeBundle } from './writeBundle';
import { rezipped } from '../zip/zipTestFiles';
import { loadBundleModel, readBundle, readModelWeights } from './readBundle';

const CONFIG: ModelConfig = { backbone: 'resnet18', width: 1 / 16, imageSizePx: 64, classCount: 3, spn: { blocks: 4 } };
const DESCRIPTION: BundleDescription = {
  name: 'shapes test model',
  classNames: ['disc', 'square', 'triangle'],
  trainConfig: QUICK_CONFIG,
  test: null,
  saliency: null,
  dataset: { name: 'demo', images: 90, masks: 90, classCounts: { disc: 30, square: 30, triangle: 30 }, split: { train: 72, val: 9, test: 9, maskedTrain: 72 } },
};

let model: StudioModel;
let bytes: Uint8Array;

beforeAll(async () => {
  model = buildStudioModel(CONFIG, 1);
  ({ bytes } = await writeBundle(model, DESCRIPTION, '2026-12-01T00:00:00.000Z'));
});
afterAll(() => disposeStudioModel(model));

/** Rewrites some files of the good bundle: the way each bad-input case is made. */
const tampered = (change: (files: Record<string, Uint8Array>) => void): Uint8Array => rezipped(bytes, change);

function studioJsonWith(patch: Record<string, unknown>): Uint8Array {
  return tampered((files) => {
    files['studio.json'] = strToU8(JSON.stringify({ ...JSON.parse(strFromU8(files['studio.json']!)), ...patch }));
  });
}

async function openBundle(zip: Uint8Array): Promise<StudioModel> {
  return loadBundleModel(await readBundle(zip, 'test.zip'), 'test.zip');
}

describe('bundle round trip', () => {
  it('holds studio.json, the layers model, safetensors and a model card', () => {
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['README.md', 'model.json', 'model.safetensors', 'studio.json', 'weights.bin']);
    const studio = JSON.parse(strFromU8(files['studio.json']!));
    expect(studio).toMatchObject({ format: 'saliency-studio-bundle', formatVersion: 2, classNames: DESCRIPTION.classNames, inputSizePx: 64, backbone: 'resnet18', width: 1 / 16, spn: { blocks: 4, design: 'report' } });
    expect(strFromU8(files['README.md']!)).toContain('Classes (3): disc, square, triangle');
    expect(strFromU8(files['README.md']!)).toContain('not a medical device');
  });

  it('gives back identical weights and identical outputs', async () => {
    const opened = await openBundle(bytes);
    const [before, after] = await Promise.all([readModelWeights(model), readModelWeights(opened)]);
    expect(after.length).toBe(before.length);
    after.forEach((w, i) => expect(w).toEqual(before[i]));
    const images = tf.randomUniform([2, 64, 64, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const a = forward(model, images, false);
    const b = forward(opened, images, false);
    expect(await b.logits.data()).toEqual(await a.logits.data());
    expect(await b.maskLogits!.data()).toEqual(await a.maskLogits!.data());
    tf.dispose([images, a.features, a.logits, a.maskLogits!, b.features, b.logits, b.maskLogits!]);
    disposeStudioModel(opened);
  });

  it('exports a model.safetensors that the pretrained-backbone importer reads into the same features', async () => {
    const tensors = readSafetensors(unzipSync(bytes)['model.safetensors']!.slice().buffer);
    expect([...tensors.keys()]).toContain('layer1.0.downsample.0.weight'.replace('layer1', 'layer2'));
    expect(tensors.get('conv1.weight')!.shape).toEqual([4, 3, 7, 7]);
    const fresh = buildStudioModel(CONFIG, 1);
    loadTorchvisionWeights(fresh.fnet, tensors);
    const images = tf.randomUniform([2, 64, 64, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const want = model.fnet.apply(images) as tf.Tensor;
    const got = fresh.fnet.apply(images) as tf.Tensor;
    expect(await got.data()).toEqual(await want.data());
    tf.dispose([images, want, got]);
    disposeStudioModel(fresh);
  });

  it('round-trips a baseline (no SPN) and reads a bundle re-zipped inside a folder', async () => {
    const baseline = buildStudioModel({ ...CONFIG, spn: null }, 1);
    const { bytes: zip } = await writeBundle(baseline, { ...DESCRIPTION, trainConfig: { ...QUICK_CONFIG, method: 'baseline' } });
    const nested = zipSync(Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, data]) => [`my model/${name}`, data])));
    const opened = await openBundle(nested);
    expect(opened.spn).toBeNull();
    expect(await readModelWeights(opened)).toEqual(await readModelWeights(baseline));
    disposeStudioModel(opened);
    disposeStudioModel(baseline);
  });
});

describe('format-1 bundles (the SPN before half-pixel upsampling)', () => {
  it('open with the SPN they were trained with and predict exactly as written', async () => {
    const legacy = buildStudioModel({ ...CONFIG, spn: { blocks: 4, design: 'v1' } }, 1);
    // Format 1 had no SPN design field: its only SPN was this one.
    const { bytes: written } = await writeBundle(legacy, DESCRIPTION);
    const files = unzipSync(written);
    const studio = JSON.parse(strFromU8(files['studio.json']!)) as Record<string, unknown>;
    files['studio.json'] = strToU8(JSON.stringify({ ...studio, formatVersion: 1, spn: { blocks: 4 } }));
    const opened = await openBundle(zipSync(files));
    expect(opened.config.spn).toEqual({ blocks: 4, design: 'v1' });
    const images = tf.randomUniform([1, 64, 64, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const [a, b] = [forward(legacy, images, false), forward(opened, images, false)];
    expect(await b.maskLogits!.data()).toEqual(await a.maskLogits!.data());
    // Their SPN is not the one new runs train, so fine-tuning may take the F-Net but not that SPN.
    const target = buildStudioModel(CONFIG, 1);
    expect(() => transferWeights(opened, target, { spn: true })).toThrow(/format-1 design/);
    expect(() => transferWeights(opened, target, { spn: false })).not.toThrow();
    tf.dispose([images, a.features, a.logits, a.maskLogits!, b.features, b.logits, b.maskLogits!]);
    [legacy, opened, target].forEach(disposeStudioModel);
  });

  it('are refused when their SPN does not fit the format-1 decoder either', async () => {
    await expect(openBundle(studioJsonWith({ formatVersion: 1 }))).rejects.toThrow(/SPN weights do not match studio\.json/);
  });
});

describe('bad bundles are refused with the reason', () => {
  const cases: Array<[string, () => Uint8Array, RegExp]> = [
    ['a file that is not a zip', () => strToU8('just some text'), /test\.zip: is not a zip file/],
    ['a zip without studio.json', () => tampered((f) => delete f['studio.json']), /has no studio\.json/],
    ['studio.json that is not JSON', () => tampered((f) => (f['studio.json'] = strToU8('{oops'))), /studio\.json is not valid JSON/],
    ['a newer format version', () => studioJsonWith({ formatVersion: 3 }), /newer Saliency Studio \(format version 3; this studio reads up to 2\)/],
    ['another program’s studio.json', () => studioJsonWith({ format: 'something-else' }), /does not describe a Saliency Studio bundle/],
    ['studio.json without class names', () => studioJsonWith({ classNames: undefined }), /studio\.json is not valid: classNames/],
    ['missing weights', () => tampered((f) => delete f['weights.bin']), /weight file weights\.bin named by model\.json is missing/],
    ['truncated weights', () => tampered((f) => (f['weights.bin'] = f['weights.bin']!.slice(0, 1000))), /hold 1000 bytes but model\.json describes \d+: the weight file is truncated/],
    ['missing model.json', () => tampered((f) => delete f['model.json']), /model\.json \(the TensorFlow\.js model\) is missing/],
    ['missing model.safetensors', () => tampered((f) => delete f['model.safetensors']), /model\.safetensors is missing/],
  ];
  for (const [what, make, message] of cases) {
    it(`refuses ${what}`, () => expect(readBundle(make(), 'test.zip')).rejects.toThrow(message));
  }

  it('refuses weights whose shapes do not match studio.json', async () => {
    await expect(openBundle(studioJsonWith({ classNames: ['a', 'b', 'c', 'd'] }))).rejects.toThrow(/C-Net \(classifier\) weights do not match studio\.json \(weight cnet_fc2\/kernel is \[1024,3\] float32, studio\.json needs \[1024,4\] float32\)/);
    await expect(openBundle(studioJsonWith({ width: 1 / 8 }))).rejects.toThrow(/F-Net \(backbone\) weights do not match studio\.json/);
    await expect(openBundle(studioJsonWith({ spn: null }))).rejects.toThrow(/model\.json has the SPN that studio\.json does not describe/);
  });

  it('refuses a model.safetensors that belongs to another backbone', async () => {
    const other = buildStudioModel({ ...CONFIG, width: 1 / 8 }, 1);
    const otherSafetensors = unzipSync((await writeBundle(other, DESCRIPTION)).bytes)['model.safetensors']!;
    disposeStudioModel(other);
    await expect(openBundle(tampered((f) => (f['model.safetensors'] = otherSafetensors)))).rejects.toThrow(/model\.safetensors: tensor conv1\.weight has shape \[8,3,7,7\], the model needs \[4,3,7,7\]/);
  });
});

describe('fine-tuning start', () => {
  it('carries the F-Net and SPN over to a model with other classes and size, and refuses another width', async () => {
    const target = buildStudioModel({ ...CONFIG, classCount: 2, imageSizePx: 32 }, 1);
    transferWeights(model, target, { spn: true });
    expect(await readModelWeights({ ...target, cnet: target.fnet })).toEqual(await readModelWeights({ ...model, cnet: model.fnet }));
    const other = buildStudioModel({ ...CONFIG, width: 1 / 8 }, 1);
    expect(() => transferWeights(model, other, { spn: false })).toThrow(/width 0.0625; this run needs resnet18 at width 0.125/);
    const baseline = buildStudioModel({ ...CONFIG, spn: null }, 1);
    expect(() => transferWeights(baseline, target, { spn: true })).toThrow(/baseline with no SPN/);
    [target, other, baseline].forEach(disposeStudioModel);
  });
});
