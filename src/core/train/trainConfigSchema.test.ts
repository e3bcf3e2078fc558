import { describe, expect, it } from 'vitest';

import { QUICK_CONFIG, REPORT_CONFIG } from './trainConfig';
import { parseTrainConfig } from './trainConfigSchema';

describe('the TrainConfig schema', () => {
  it('accepts both presets as they are', () => {
    expect(parseTrainConfig(QUICK_CONFIG)).toEqual(QUICK_CONFIG);
    expect(parseTrainConfig(REPORT_CONFIG)).toEqual(REPORT_CONFIG);
  });

  it.each([
    ['labelRatio', 1.5, 'labelRatio: 1.5 is outside 0–1'],
    ['labelRatio', -0.1, 'labelRatio: -0.1 is outside 0–1'],
    ['width', 0, 'width: 0 is outside 0–4 (it must be above 0)'],
    ['width', 8, 'width: 8 is outside 0–4 (it must be above 0)'],
    ['imageSizePx', 50, 'imageSizePx: 50 px is not a multiple of 32'],
    ['imageSizePx', 16, 'imageSizePx: 16 is outside 32–1024'],
    ['epochs', 0, 'epochs: 0 is outside 1–1000'],
    ['epochs', 2.5, 'epochs: 2.5 is not a whole number'],
    ['batchSize', 1, 'batchSize: 1 is outside 2–512'],
    ['learningRate', 0, 'learningRate: 0 is outside 0–1 (it must be above 0)'],
    ['lambda', -1, 'lambda: -1 is outside 0–100'],
    ['seed', -3, 'seed: -3 is outside 0–2147483647'],
    ['seed', Number.NaN, 'seed: NaN is not a number'],
    ['lambda', Number.POSITIVE_INFINITY, 'lambda: Infinity is not a number'],
    ['spnBlocks', 5, 'spnBlocks: 5 is not 3 or 4'],
    ['method', 'gradcam', 'method: "gradcam" is not one of spn, baseline'],
    ['backbone', 'vgg16', 'backbone: "vgg16" is not one of resnet18, resnet34, resnet50'],
    ['loss', 'dice', 'loss: "dice" is not one of bce, l1, l2'],
    ['augment', 'yes', 'augment: Invalid input: expected boolean, received string'],
    ['epochs', '3', 'epochs: "3" is not a number'],
  ] as const)('refuses %s = %s, naming the field and the allowed range', (field, value, message) => {
    expect(() => parseTrainConfig({ ...QUICK_CONFIG, [field]: value })).toThrow(message);
  });

  it('names a nested field by its path, and every wrong field at once', () => {
    expect(() => parseTrainConfig({ ...QUICK_CONFIG, saliency: { method: 'grad-cam', stage: 'layer9' } })).toThrow('saliency.stage: "layer9" is not one of layer1, layer2, layer3, layer4');
    expect(() => parseTrainConfig({ ...QUICK_CONFIG, normalization: { mean: [0.5, 0.5, 0.5], std: [0, 1, 1] } })).toThrow('normalization.std.0: 0 is outside 0–10 (it must be above 0)');
    expect(() => parseTrainConfig({ ...QUICK_CONFIG, epochs: 0, labelRatio: 2 }, 'studio.json › trainConfig')).toThrow('invalid studio.json › trainConfig: epochs: 0 is outside 1–1000; labelRatio: 2 is outside 0–1');
  });

  it('gives a config stored before the saliency choice existed the default (Grad-CAM on layer4)', () => {
    const older: Record<string, unknown> = { ...QUICK_CONFIG };
    delete older.saliency;
    expect(parseTrainConfig(older).saliency).toEqual({ method: 'grad-cam', stage: 'layer4' });
  });
});
