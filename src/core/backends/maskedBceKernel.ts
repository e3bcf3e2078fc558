// The localization loss (binary cross-entropy from logits, averaged per image over the images that have a mask)
// and its gradient as one kernel each. TensorFlow.js composes it from about ten element-wise kernels forward and
// fifteen back; the CPU arithmetic here is what the WebGPU kernels are checked against.

export const MASKED_BCE = 'StudioMaskedBce';
export const MASKED_BCE_GRAD = 'StudioMaskedBceGrad';

/** max(z, 0) − z·y + log(1 + e^(−|z|)): never takes log(0). */
const bce = (z: number, y: number): number => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));

/** The loss over logits z and targets y ([B, H, W, 1] flattened) with hasMask [B] weights. */
export function maskedBce(z: Float32Array, y: Float32Array, hasMask: Float32Array): number {
  const pixels = z.length / hasMask.length;
  let total = 0;
  for (let i = 0; i < z.length; i++) total += bce(z[i]!, y[i]!) * hasMask[Math.floor(i / pixels)]!;
  const masked = Math.max(hasMask.reduce((a, b) => a + b, 0), 1);
  return total / pixels / masked;
}

/** d loss / dz, scaled by the upstream gradient `dy`. */
export function maskedBceGradInto(dz: Float32Array, z: Float32Array, y: Float32Array, hasMask: Float32Array, dy: number): void {
  const pixels = z.length / hasMask.length;
  const scale = dy / pixels / Math.max(hasMask.reduce((a, b) => a + b, 0), 1);
  for (let i = 0; i < z.length; i++) dz[i] = (1 / (1 + Math.exp(-z[i]!)) - y[i]!) * hasMask[Math.floor(i / pixels)]! * scale;
}
