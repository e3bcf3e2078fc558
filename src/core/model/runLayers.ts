import type * as tf from '@tensorflow/tfjs';

/**
 * Runs a flat functional model layer by layer from the given layer outputs (the input layer's name for the image,
 * or any inner layer's, to run only what follows it), computing every layer whose inputs are known, in order.
 * Returns every layer's output by name; inside a tidy the caller need not dispose them.
 */
export function runLayers(model: tf.LayersModel, known: ReadonlyMap<string, tf.Tensor>, training = false): Map<string, tf.Tensor> {
  const outputs = new Map(known);
  for (const layer of model.layers) {
    if (outputs.has(layer.name)) continue;
    const sources = layer.inboundNodes[0]?.inboundLayers ?? [];
    if (sources.length === 0) continue;
    const inputs = sources.map((source) => outputs.get(source.name));
    if (inputs.some((t) => t === undefined)) continue;
    const inputArg = inputs.length === 1 ? inputs[0]! : (inputs as tf.Tensor[]);
    outputs.set(layer.name, layer.apply(inputArg, { training }) as tf.Tensor);
  }
  return outputs;
}

/** The name of a model's (single) input layer and output layer. */
export function endLayers(model: tf.LayersModel): { input: string; output: string } {
  return { input: model.inputLayers[0]!.name, output: model.outputLayers[0]!.name };
}
