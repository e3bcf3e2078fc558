import { describe, expect, it } from 'vitest';

import { buildStudioModel, disposeStudioModel } from '../model/buildModel';
import { assertStepFits, minimumStepBytes, WASM_MEMORY_LIMIT_BYTES } from './estimateMemory';

describe('the memory a training step needs', () => {
  it('grows with the batch and the image size, and lets the Report preset through on WASM', () => {
    const small = buildStudioModel({ backbone: 'resnet18', width: 1, imageSizePx: 64, classCount: 3, spn: { blocks: 4 } }, null);
    const report = buildStudioModel({ backbone: 'resnet18', width: 1, imageSizePx: 224, classCount: 3, spn: { blocks: 4 } }, null);
    expect(minimumStepBytes(small, 16)).toBeGreaterThan(minimumStepBytes(small, 8));
    expect(minimumStepBytes(report, 16)).toBeGreaterThan(minimumStepBytes(small, 16));
    // Weights, gradients and two moments of ResNet18's 11.2 M parameters alone are 179 MB.
    expect(minimumStepBytes(small, 1)).toBeGreaterThan(11_176_512 * 16);
    expect(() => assertStepFits(report, 16, WASM_MEMORY_LIMIT_BYTES, 'wasm')).not.toThrow();
    [small, report].forEach(disposeStudioModel);
  });

  it('refuses ResNet50 at 224 px in batches of 256 on WASM with both sizes named', () => {
    const big = buildStudioModel({ backbone: 'resnet50', width: 1, imageSizePx: 224, classCount: 3, spn: { blocks: 4 } }, null);
    expect(() => assertStepFits(big, 256, WASM_MEMORY_LIMIT_BYTES, 'wasm')).toThrow(/needs at least \d+\.\d GB, and the wasm backend can address 4\.3 GB: lower the batch size or the image size/);
    disposeStudioModel(big);
  });
});
