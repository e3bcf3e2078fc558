// Bundles built to hurt: each is refused with its reason, quickly, before the work its limit guards.
import { strFromU8, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { StudioError } from '../errors';
import type { StudioModel } from '../model/buildModel';
import { buildStudioModel, disposeStudioModel } from '../model/buildModel';
import { QUICK_CONFIG } from '../train/trainConfig';
import { patchDeclaredSize, rezipped } from '../zip/zipTestFiles';
import { loadBundleModel, readBundle } from './readBundle';
import { writeBundle } from './writeBundle';

let model: StudioModel;
let good: Uint8Array;

beforeAll(async () => {
  model = buildStudioModel({ backbone: 'resnet18', width: 1 / 16, imageSizePx: 64, classCount: 3, spn: { blocks: 4 } }, 1);
  ({ bytes: good } = await writeBundle(model, { name: 'hostile test', classNames: ['a', 'b', 'c'], trainConfig: QUICK_CONFIG, test: null, saliency: null, dataset: null }));
});
afterAll(() => disposeStudioModel(model));

const rewritten = (change: (files: Record<string, Uint8Array>) => void): Uint8Array => rezipped(good, change);

function modelJsonWith(change: (json: { modelTopology: Record<string, unknown>; weightsManifest: Array<{ weights: Array<{ name: string; shape: number[]; dtype: string }> }> }) => void) {
  return rewritten((files) => {
    const json = JSON.parse(strFromU8(files['model.json']!));
    change(json);
    files['model.json'] = strToU8(JSON.stringify(json));
  });
}

async function refusal(zip: Uint8Array, code: StudioError['code'] = 'bad-bundle'): Promise<StudioError> {
  const started = Date.now();
  try {
    const opened = await loadBundleModel(await readBundle(zip, 'hostile.zip'), 'hostile.zip');
    disposeStudioModel(opened);
  } catch (error) {
    // A refusal is a sentence for the user, never a crash or a stall.
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe(code);
    expect(Date.now() - started).toBeLessThan(10_000);
    return error as StudioError;
  }
  throw new Error('the bundle was accepted');
}

describe('a hostile bundle is refused with its reason', () => {
  it('a zip bomb, by the 4 GB its table of contents declares, before inflating anything', async () => {
    const bomb = patchDeclaredSize(good, 'weights.bin', 0xf000_0000, { local: false });
    expect((await refusal(bomb)).message).toMatch(/hostile\.zip: weights\.bin would inflate to 4\.0 GB; at most 800\.0 MB is accepted/);
  });

  it('a real bomb (64 MB of zeros in a 64 KB zip) declared as 100 bytes is stopped once it crosses them', async () => {
    const bomb = rewritten((files) => (files['weights.bin'] = new Uint8Array(64 * 1024 * 1024)));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const lying = patchDeclaredSize(bomb, 'weights.bin', 100, { local: true });
    expect((await refusal(lying)).message).toMatch(/weights\.bin inflates past the 100 bytes the zip declares for it; the zip lies about its sizes/);
  });

  it('a zip that declares more than it holds', async () => {
    const short = patchDeclaredSize(good, 'studio.json', 4000, { local: true });
    expect((await refusal(short)).message).toMatch(/studio\.json holds \d+ (bytes|kB), not the 4 kB the zip declares/);
  });

  it.each([['../../evil.json', /climbs out of its folder/], ['/etc/passwd', /is an absolute path/], ['C:\\Windows\\evil.dll', /is an absolute path/], ['model/..\\..\\x', /climbs out of its folder/]])(
    'an entry named %s',
    async (name, reason) => {
      const zip = rewritten((files) => (files[name] = strToU8('x')));
      expect((await refusal(zip)).message).toMatch(reason);
    },
  );

  it('more files than a bundle has', async () => {
    const zip = rewritten((files) => {
      for (let i = 0; i < 40; i++) files[`extra/${i}.txt`] = strToU8('x');
    });
    expect((await refusal(zip)).message).toMatch(/holds 45 files; at most 16 are accepted/);
  });

  it('an oversized studio.json (2 MB), refused by its size before it is parsed', async () => {
    const zip = rewritten((files) => (files['studio.json'] = strToU8(`${strFromU8(files['studio.json']!)}${' '.repeat(2 * 1024 * 1024)}`)));
    expect((await refusal(zip)).message).toMatch(/studio\.json would inflate to 2\.1 MB; at most 1\.0 MB is accepted/);
  });

  it('a topology asking for a layer of 10⁹ units', async () => {
    const zip = modelJsonWith((json) => {
      const text = JSON.stringify(json.modelTopology).replace(/"units":3\b/, '"units":1000000000');
      json.modelTopology = JSON.parse(text);
    });
    expect((await refusal(zip)).message).toMatch(/model\.json's topology is not the architecture studio\.json declares \(.*"cnet_fc2".*units: 1000000000 where the studio builds 3\)/);
  });

  it('a topology with a layer class the architecture does not have', async () => {
    const zip = modelJsonWith((json) => {
      json.modelTopology = JSON.parse(JSON.stringify(json.modelTopology).replace('"class_name":"GlobalAveragePooling2D"', '"class_name":"Lambda"'));
    });
    expect((await refusal(zip)).message).toMatch(/class_name: "Lambda" where the studio builds "GlobalAveragePooling2D"/);
  });

  it('weights shaped unlike the config, with weights.bin sized to match them', async () => {
    const zip = rewritten((files) => {
      const json = JSON.parse(strFromU8(files['model.json']!));
      const fc2 = json.weightsManifest[0].weights.find((w: { name: string }) => w.name === 'cnet_fc2/kernel');
      fc2.shape = [1024, 1000];
      files['model.json'] = strToU8(JSON.stringify(json));
      files['weights.bin'] = new Uint8Array(files['weights.bin']!.length + 1024 * (1000 - 3) * 4);
    });
    expect((await refusal(zip)).message).toMatch(/C-Net \(classifier\) weights do not match studio\.json \(weight cnet_fc2\/kernel is \[1024,1000\] float32, studio\.json needs \[1024,3\] float32\)/);
  });

  it('a manifest whose shapes are not whole numbers', async () => {
    const zip = modelJsonWith((json) => (json.weightsManifest[0]!.weights[0]!.shape = [-7, 3]));
    expect((await refusal(zip)).message).toMatch(/model\.json describes a weight that is not a named tensor/);
  });

  it('NaN and infinite weights', async () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const zip = rewritten((files) => {
        const weights = files['weights.bin']!.slice();
        new Float32Array(weights.buffer, 0, 1)[0] = value;
        files['weights.bin'] = weights;
      });
      expect((await refusal(zip)).message).toMatch(/weight conv1\/kernel holds NaN or infinite values/);
    }
  });

  it('a model.safetensors whose header lies about its offsets', async () => {
    const zip = rewritten((files) => {
      const bytes = files['model.safetensors']!.slice();
      const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      // Same length as before: the source shrinks by as much as the offset grows.
      const header = strFromU8(bytes.subarray(8, 8 + headerLength)).replace('"saliency-studio"', '"saliency-stu"').replace(/"data_offsets":\[0,/, '"data_offsets":[-64,');
      bytes.set(strToU8(header.padEnd(headerLength, ' ')), 8);
      files['model.safetensors'] = bytes;
    });
    expect((await refusal(zip, 'bad-weights')).message).toMatch(/hostile\.zip › model\.safetensors: tensor .* has a shape or offsets that are not whole non-negative numbers/);
  });

  it('an HTML page saved as .zip, and a zip cut short', async () => {
    expect((await refusal(strToU8('<!DOCTYPE html><html><body>Not found</body></html>'))).message).toMatch(/is an HTML page, not a zip file/);
    expect((await refusal(good.slice(0, Math.floor(good.length / 2)))).message).toMatch(/is a zip file cut short/);
  });

  it('keeps HTML in class names as plain text: the bundle opens and the names are exactly what was written', async () => {
    const names = ['<img src=x onerror="alert(1)">', '<script>alert(2)</script>', 'c'];
    const zip = rewritten((files) => (files['studio.json'] = strToU8(JSON.stringify({ ...JSON.parse(strFromU8(files['studio.json']!)), classNames: names }))));
    const parsed = await readBundle(zip, 'html.zip');
    expect(parsed.studio.classNames).toEqual(names);
  });
});
