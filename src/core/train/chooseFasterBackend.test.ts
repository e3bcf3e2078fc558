import { describe, expect, it } from 'vitest';

import { chooseFasterBackend, costKey } from './chooseFasterBackend';
import { QUICK_CONFIG } from './trainConfig';

describe('auto chooses the backend by measured training speed', () => {
  it('picks the faster one and names both figures', () => {
    expect(chooseFasterBackend([{ backend: 'webgpu', imagesPerSecond: 41.2 }, { backend: 'wasm', imagesPerSecond: 12 }])).toEqual({
      backend: 'webgpu',
      reason: 'WebGPU 41 images/s, WASM 12 images/s for this configuration: WebGPU is faster',
    });
    // A small model on a weak integrated GPU: the CPU path wins.
    expect(chooseFasterBackend([{ backend: 'webgpu', imagesPerSecond: 3.25 }, { backend: 'wasm', imagesPerSecond: 19.6 }])).toEqual({
      backend: 'wasm',
      reason: 'WebGPU 3.3 images/s, WASM 20 images/s for this configuration: WASM is faster',
    });
  });

  it('keeps the preferred (first) backend on a tie within 10 %, and not beyond', () => {
    expect(chooseFasterBackend([{ backend: 'webgpu', imagesPerSecond: 9.5 }, { backend: 'wasm', imagesPerSecond: 10 }])).toEqual({
      backend: 'webgpu',
      reason: 'WebGPU 9.5 images/s, WASM 10 images/s for this configuration: within 10 %, WebGPU is kept',
    });
    expect(chooseFasterBackend([{ backend: 'webgpu', imagesPerSecond: 10 }, { backend: 'wasm', imagesPerSecond: 10 }])!.backend).toBe('webgpu');
    expect(chooseFasterBackend([{ backend: 'webgpu', imagesPerSecond: 8.9 }, { backend: 'wasm', imagesPerSecond: 10 }])!.backend).toBe('wasm');
  });

  it('takes the one that trained when the other failed to start or lost its device', () => {
    expect(chooseFasterBackend([{ backend: 'webgpu', imagesPerSecond: null, failure: 'did not start' }, { backend: 'wasm', imagesPerSecond: 7 }])).toEqual({
      backend: 'wasm',
      reason: 'WebGPU did not start, WASM 7.0 images/s for this configuration: WASM is the one that trained',
    });
    expect(chooseFasterBackend([{ backend: 'webgpu', imagesPerSecond: null, failure: 'lost its device' }, { backend: 'wasm', imagesPerSecond: 0.45 }])!.reason).toBe(
      'WebGPU lost its device, WASM 0.45 images/s for this configuration: WASM is the one that trained',
    );
    // A figure that is not a speed (NaN, zero) counts as a failure, not as the slowest.
    expect(chooseFasterBackend([{ backend: 'webgpu', imagesPerSecond: Number.NaN }, { backend: 'wasm', imagesPerSecond: 2 }])!.backend).toBe('wasm');
  });

  it('has no answer when nothing trained', () => {
    expect(chooseFasterBackend([{ backend: 'webgpu', imagesPerSecond: null }, { backend: 'wasm', imagesPerSecond: 0 }])).toBeNull();
    expect(chooseFasterBackend([])).toBeNull();
  });

  it('re-measures when the step cost changes, not when other settings do', () => {
    const key = costKey(QUICK_CONFIG);
    const other: typeof QUICK_CONFIG = { ...QUICK_CONFIG, epochs: 99, learningRate: 0.5, seed: 9 };
    expect(costKey(other)).toBe(key);
    for (const change of [{ backbone: 'resnet50' as const }, { width: 1 }, { imageSizePx: 128 }, { batchSize: 32 }, { method: 'baseline' as const }, { spnBlocks: 3 as const }, { augment: !QUICK_CONFIG.augment }]) {
      expect(costKey({ ...QUICK_CONFIG, ...change })).not.toBe(key);
    }
  });
});
