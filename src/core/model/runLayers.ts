import type * as tf from '@tensorflow/tfjs';

import { batchNormTrain } from './batchNormTrain';

/** The parts of TensorFlow.js's BatchNormalization layer a fused training step reads and writes. */
interface BatchNormLayer extends tf.layers.Layer {
  gamma: { read(): tf.Tensor };
  beta: { read(): tf.Tensor };
  movingMean: { read(): tf.Tensor; write(value: tf.Tensor): void };
  movingVariance: { read(): tf.Tensor; write(value: tf.Tensor): void };
  epsilon: number;
  momentum: number;
}

const sourcesOf = (layer: tf.layers.Layer): tf.layers.Layer[] => layer.inboundNodes[0]?.inboundLayers ?? [];
const isReLU = (layer: tf.layers.Layer | undefined): boolean => layer?.getClassName() === 'ReLU' && sourcesOf(layer).length === 1;

/** Which layers read each layer's output (a model's graph does not change, so this is worked out once per model). */
const consumerCache = new WeakMap<tf.LayersModel, Map<string, tf.layers.Layer[]>>();
function consumersOf(model: tf.LayersModel): Map<string, tf.layers.Layer[]> {
  let consumers = consumerCache.get(model);
  if (!consumers) {
    consumers = new Map();
    for (const layer of model.layers) for (const source of sourcesOf(layer)) consumers.set(source.name, [...(consumers.get(source.name) ?? []), layer]);
    consumerCache.set(model, consumers);
  }
  return consumers;
}

/** Batch norm in training mode, with the residual add and ReLU when given; writes the layer's moving averages. */
function trainBatchNorm(layer: BatchNormLayer, x: tf.Tensor4D, options: { residual?: tf.Tensor4D | null; relu: boolean }): tf.Tensor4D {
  const { y, movingMean, movingVariance } = batchNormTrain(
    x,
    { gamma: layer.gamma.read() as tf.Tensor1D, beta: layer.beta.read() as tf.Tensor1D, movingMean: layer.movingMean.read() as tf.Tensor1D, movingVariance: layer.movingVariance.read() as tf.Tensor1D, epsilon: layer.epsilon, momentum: layer.momentum },
    options,
  );
  layer.movingMean.write(movingMean);
  layer.movingVariance.write(movingVariance);
  return y;
}

/**
 * Runs a flat functional model layer by layer from the given layer outputs (the input layer's name for the image,
 * or any inner layer's, to run only what follows it), computing every layer whose inputs are known, in order.
 * In training, batch norm runs as one fused op together with the ReLU, or the residual add and ReLU, that follow
 * it (the fused layers' own outputs are then not returned, only the ReLU's). Returns the outputs by layer name;
 * inside a tidy the caller need not dispose them.
 */
export function runLayers(model: tf.LayersModel, known: ReadonlyMap<string, tf.Tensor>, training = false): Map<string, tf.Tensor> {
  const outputs = new Map(known);
  const consumers = consumersOf(model);
  const only = (layer: tf.layers.Layer): tf.layers.Layer | undefined => {
    const next = consumers.get(layer.name) ?? [];
    return next.length === 1 ? next[0] : undefined;
  };
  // Batch norms waiting for the other input of the residual add they feed.
  const deferred = new Map<string, BatchNormLayer>();
  const fused = new Set<string>();
  for (const layer of model.layers) {
    if (outputs.has(layer.name) || fused.has(layer.name)) continue;
    const sources = sourcesOf(layer);
    if (sources.length === 0) continue;
    const inputs = sources.map((source) => outputs.get(source.name));
    const waitingBatchNorm = deferred.get(layer.name);
    if (training && waitingBatchNorm) {
      // The residual add: the waiting batch norm's input and the other branch are both known now.
      const relu = only(layer)!;
      const other = sources.find((s) => s !== waitingBatchNorm);
      const x = outputs.get(sourcesOf(waitingBatchNorm)[0]!.name);
      const residual = other && outputs.get(other.name);
      if (x && residual) {
        outputs.set(relu.name, trainBatchNorm(waitingBatchNorm, x as tf.Tensor4D, { residual: residual as tf.Tensor4D, relu: true }));
        fused.add(relu.name);
        continue;
      }
    }
    if (inputs.some((t) => t === undefined)) continue;
    if (training && layer.getClassName() === 'BatchNormalization') {
      const bn = layer as BatchNormLayer;
      const next = only(layer);
      const afterNext = next && only(next);
      if (next && isReLU(next)) {
        outputs.set(next.name, trainBatchNorm(bn, inputs[0] as tf.Tensor4D, { relu: true }));
        fused.add(next.name);
      } else if (next?.getClassName() === 'Add' && sourcesOf(next).length === 2 && isReLU(afterNext) && !deferred.has(next.name)) {
        deferred.set(next.name, bn);
      } else {
        outputs.set(layer.name, trainBatchNorm(bn, inputs[0] as tf.Tensor4D, { relu: false }));
      }
      continue;
    }
    const inputArg = inputs.length === 1 ? inputs[0]! : (inputs as tf.Tensor[]);
    outputs.set(layer.name, layer.apply(inputArg, { training }) as tf.Tensor);
  }
  return outputs;
}

/** The name of a model's (single) input layer and output layer. */
export function endLayers(model: tf.LayersModel): { input: string; output: string } {
  return { input: model.inputLayers[0]!.name, output: model.outputLayers[0]!.name };
}
