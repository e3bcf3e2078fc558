// Adam whose per-variable update is one kernel where the backend has it (the studio registers one for WASM),
// and TensorFlow.js's own Adam everywhere else. Same hyper-parameters and formula as tf.train.adam.
import * as tf from '@tensorflow/tfjs';

import type { AdamUpdateAttrs } from '../backends/adamUpdateKernel';
import { ADAM_UPDATE_KERNEL } from '../backends/adamUpdateKernel';

const BETA1 = 0.9;
const BETA2 = 0.999;

class FusedAdamOptimizer extends tf.Optimizer {
  static className = 'StudioFusedAdam';
  private readonly moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();
  // β1ᵗ and β2ᵗ as float32, the precision TensorFlow.js's Adam keeps them in.
  private accBeta1 = Math.fround(BETA1);
  private accBeta2 = Math.fround(BETA2);

  constructor(
    private readonly learningRate: number,
    private readonly epsilon: number,
  ) {
    super();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>): void {
    const entries = Array.isArray(variableGradients) ? variableGradients.map(({ name, tensor }) => [name, tensor] as const) : Object.entries(variableGradients);
    const attrs: AdamUpdateAttrs = {
      learningRate: this.learningRate,
      beta1: BETA1,
      beta2: BETA2,
      epsilon: this.epsilon,
      oneMinusAccBeta1: 1 - this.accBeta1,
      oneMinusAccBeta2: 1 - this.accBeta2,
    };
    for (const [name, gradient] of entries) {
      if (!gradient) continue;
      const variable = tf.engine().registeredVariables[name]!;
      let moments = this.moments.get(name);
      if (!moments) {
        moments = { m: tf.tidy(() => tf.zerosLike(variable).variable(false)), v: tf.tidy(() => tf.zerosLike(variable).variable(false)) };
        this.moments.set(name, moments);
      }
      const [x, m, v] = tf.engine().runKernel(ADAM_UPDATE_KERNEL, { x: variable, m: moments.m, v: moments.v, g: gradient }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      moments.m.assign(m!);
      moments.v.assign(v!);
      variable.assign(x!);
      tf.dispose([x!, m!, v!]);
    }
    this.accBeta1 = Math.fround(this.accBeta1 * BETA1);
    this.accBeta2 = Math.fround(this.accBeta2 * BETA2);
    this.incrementIterations();
  }

  override dispose(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
    super.dispose();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: BETA1, beta2: BETA2, epsilon: this.epsilon };
  }
}

/** tf.train.adam(learningRate), fused into one kernel per variable on a backend that registers one. */
export function createAdam(learningRate: number): tf.Optimizer {
  if (!tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend())) return tf.train.adam(learningRate, BETA1, BETA2);
  return new FusedAdamOptimizer(learningRate, tf.backend().epsilon());
}
