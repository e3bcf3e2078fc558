// For tests: the PyTorch parity checks run in the worker, on whatever backend it runs (the e2e suite runs them on
// WebGPU). The fixtures arrive from the test as base64, since the worker cannot read ../shared.
import type { FixtureArray, SpnCase } from '../core/model/parityChecks';
import { spnParity, torchvisionParity } from '../core/model/parityChecks';

interface EncodedArray {
  base64: string;
  shape: number[];
  maxAbs: number;
}

export type ParityRequest =
  | { kind: 'torchvision'; fixture: 'resnet18' | 'bottleneck1111'; weights: string; input: EncodedArray; expected: Record<string, EncodedArray> }
  | { kind: 'spn'; name: string; spec: SpnCase; weights: string; input: EncodedArray; expected: Record<string, EncodedArray> };

function bytesOf(base64: string): ArrayBuffer {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes.buffer;
}

const decode = (a: EncodedArray): FixtureArray => ({ data: new Float32Array(bytesOf(a.base64)), shape: a.shape, maxAbs: a.maxAbs });
const decodeAll = (all: Record<string, EncodedArray>): Record<string, FixtureArray> => Object.fromEntries(Object.entries(all).map(([k, v]) => [k, decode(v)]));

/** Reachable as `self.studioDebug.runParity(request)`: each output's relative error, and the tensors left behind. */
export function runParity(request: ParityRequest): Promise<{ errors: Record<string, number>; tensorsLeft: number }> {
  if (request.kind === 'torchvision') {
    return torchvisionParity(request.fixture, bytesOf(request.weights), decode(request.input), decodeAll(request.expected) as Parameters<typeof torchvisionParity>[3]);
  }
  return spnParity(request.spec, bytesOf(request.weights), `${request.name}.safetensors`, decode(request.input), decodeAll(request.expected) as Parameters<typeof spnParity>[4]);
}
