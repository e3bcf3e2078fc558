import * as tf from '@tensorflow/tfjs';

/**
 * Proves the training path on the current backend: one Adam step of a few conv layers on seeded random data.
 * Returns the loss and how far the weights moved (max |Δw|); leaves no tensors behind.
 */
export async function probeTrainingStep(): Promise<{ loss: number; weightChange: number }> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  const optimizer = tf.train.adam(0.01);
  const images = tf.randomNormal([4, 16, 16, 3], 0, 1, 'float32', 7);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2));
  const before = model.getWeights().map((w) => tf.clone(w));
  try {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.apply(images, { training: true }) as tf.Tensor) as tf.Scalar, true);
    const lossValue = (await loss!.data())[0]!;
    loss!.dispose();
    // Async reads only: a synchronous read from a GPU backend stalls (or hangs, on WebGPU in a worker).
    const change = tf.tidy(() => tf.max(tf.stack(model.getWeights().map((w, i) => tf.max(tf.abs(tf.sub(w, before[i]!)))))));
    const weightChange = (await change.data())[0]!;
    change.dispose();
    return { loss: lossValue, weightChange };
  } finally {
    tf.dispose([images, labels, ...before]);
    optimizer.dispose();
    model.dispose();
  }
}
