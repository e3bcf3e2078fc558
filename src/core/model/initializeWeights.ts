import * as tf from '@tensorflow/tfjs';

import type { Random } from '../random';
import { createRandom, streamSeed } from '../random';
import type { StudioModel } from './buildModel';

type Fill = (random: Random, count: number) => Float32Array;

const normal = (std: number): Fill => (random, count) => {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const radius = std * Math.sqrt(-2 * Math.log(1 - random.next()));
    const angle = 2 * Math.PI * random.next();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
};

const uniform = (bound: number): Fill => (random, count) => Float32Array.from({ length: count }, () => random.uniform(-bound, bound));
const constant = (value: number): Fill => (_random, count) => new Float32Array(count).fill(value);

type Scheme = 'torchvision-resnet' | 'pytorch-default';

/** What PyTorch puts in each weight of a layer: [fill of weight 0, fill of weight 1, …], in getWeights() order. */
function fillsOf(layer: tf.layers.Layer, scheme: Scheme): Fill[] | null {
  const shapes = layer.getWeights().map((w) => w.shape);
  switch (layer.getClassName()) {
    case 'Conv2D': {
      const [kh, kw, inChannels, outChannels] = shapes[0] as [number, number, number, number];
      // torchvision's ResNet: kaiming_normal_(mode='fan_out', nonlinearity='relu'), untruncated.
      if (scheme === 'torchvision-resnet') return [normal(Math.sqrt(2 / (outChannels * kh * kw))), constant(0)];
      // nn.Conv2d's default, kaiming_uniform_(a=√5): U(±1/√fan_in) for the kernel and the bias.
      const bound = 1 / Math.sqrt(inChannels * kh * kw);
      return [uniform(bound), uniform(bound)];
    }
    case 'Dense': {
      const bound = 1 / Math.sqrt(shapes[0]![0]!);
      return [uniform(bound), uniform(bound)];
    }
    case 'BatchNormalization':
      // gamma, beta, moving mean, moving variance.
      return [constant(1), constant(0), constant(0), constant(1)];
    default:
      return shapes.length === 0 ? null : shapes.map(() => constant(0));
  }
}

function initializePart(part: tf.LayersModel, scheme: Scheme, seed: number): void {
  for (const layer of part.layers) {
    const fills = fillsOf(layer, scheme);
    if (!fills) continue;
    // One stream per layer, named after it: a layer's weights do not depend on which other layers exist.
    const random = createRandom(streamSeed(seed, `${part.name}/${layer.name}`));
    const values = layer.getWeights().map((w, i) => tf.tensor(fills[i]!(random, w.size), w.shape));
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/**
 * Draws every weight from the run's seed as the PyTorch reference initializes it: torchvision's ResNet init for the
 * F-Net, PyTorch's defaults for the C-Net and the SPN. The F-Net and C-Net draws do not depend on whether an SPN
 * exists, so the SPN and baseline runs of one seed start from the same classifier.
 */
export function initializeWeights(model: StudioModel, seed: number): void {
  initializePart(model.fnet, 'torchvision-resnet', seed);
  initializePart(model.cnet, 'pytorch-default', seed);
  if (model.spn) initializePart(model.spn, 'pytorch-default', seed);
}
