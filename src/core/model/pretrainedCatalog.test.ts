import { describe, expect, it } from 'vitest';

import { catalogEntry, checkPretrainedSignature, pretrainedFor, weightsAnswerProblem } from './pretrainedCatalog';
import type { NamedTensor } from './safetensors';

const tensors = (shapes: Record<string, number[]>): Map<string, NamedTensor> =>
  new Map(Object.entries(shapes).map(([name, shape]) => [name, { dtype: 'F32', shape, data: new Float32Array(0) }]));

describe('the pretrained catalog', () => {
  it('offers one ImageNet file per backbone, on the Hub, found by id', () => {
    for (const backbone of ['resnet18', 'resnet34', 'resnet50'] as const) {
      const entry = pretrainedFor(backbone)!;
      expect(entry.url).toMatch(/^https:\/\/huggingface\.co\/timm\/resnet\d+\.a1_in1k\/resolve\/main\/model\.safetensors$/);
      expect(catalogEntry(entry.id)).toBe(entry);
    }
    expect(catalogEntry('my-weights.safetensors')).toBeNull();
  });
  it('accepts the architecture it names and refuses others, naming the tensor and both shapes', () => {
    const resnet18 = pretrainedFor('resnet18')!;
    expect(() => checkPretrainedSignature(resnet18, tensors(resnet18.signature), 'f')).not.toThrow();
    expect(() => checkPretrainedSignature(resnet18, tensors({ ...resnet18.signature, 'fc.weight': [1000, 2048] }), 'f')).toThrow('tensor fc.weight has shape [1000,2048], ResNet18, ImageNet-1k (timm) has [1000,512]');
    expect(() => checkPretrainedSignature(resnet18, tensors(pretrainedFor('resnet50')!.signature), 'f')).toThrow(/has no tensor layer4\.1\.conv2\.weight/);
  });
  it('refuses an answer that is not a file (an error status, a web page) in words the page and the CLI share', () => {
    const answer = (status: number, contentType: string | null, statusText = '') => weightsAnswerProblem({ status, statusText, contentType }, 'huggingface.co');
    expect(answer(200, 'application/octet-stream')).toBeNull();
    expect(answer(200, null)).toBeNull();
    expect(answer(404, 'text/plain', 'Not Found')).toBe('huggingface.co answered 404 Not Found');
    expect(answer(500, 'text/plain')).toBe('huggingface.co answered 500');
    expect(answer(200, 'text/html; charset=utf-8')).toBe('huggingface.co sent a web page, not a weights file (a login or error page?)');
  });
});
