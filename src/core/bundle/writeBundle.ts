import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';

import type { StudioModel } from '../model/buildModel';
import { writeSafetensors } from '../model/safetensors';
import { exportTorchvisionWeights } from '../model/torchvisionWeights';
import { combinedModel } from './bundleModelCheck';
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION } from './bundleSchema';
import type { StudioJson } from './bundleSchema';
import { modelCard } from './modelCard';
import type { TrainConfig } from '../train/trainConfig';

/** What a bundle records besides the weights; the model's own config fills the rest of studio.json. */
export type BundleDescription = Pick<StudioJson, 'name' | 'classNames' | 'test' | 'saliency' | 'dataset'> & { trainConfig: TrainConfig };

async function layersArtifacts(model: StudioModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await combinedModel(model).save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('TensorFlow.js did not hand over the model artifacts');
  return saved;
}

function studioJsonOf(model: StudioModel, description: BundleDescription, createdAt: string): StudioJson {
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    name: description.name,
    createdAt,
    classNames: description.classNames,
    inputSizePx: model.config.imageSizePx,
    normalization: description.trainConfig.normalization,
    backbone: model.config.backbone,
    width: model.config.width,
    spn: model.config.spn && { blocks: model.config.spn.blocks, design: model.config.spn.design ?? 'report' },
    trainConfig: { ...description.trainConfig },
    test: description.test,
    saliency: description.saliency,
    dataset: description.dataset,
  };
}

/** Writes the bundle zip: studio.json, the TF.js layers model, model.safetensors (torchvision names) and a model card. */
export async function writeBundle(model: StudioModel, description: BundleDescription, createdAt = new Date().toISOString()): Promise<{ bytes: Uint8Array; studio: StudioJson }> {
  const studio = studioJsonOf(model, description, createdAt);
  const artifacts = await layersArtifacts(model);
  const weightData = artifacts.weightData;
  const weights = new Uint8Array(Array.isArray(weightData) ? tf.io.concatenateArrayBuffers(weightData) : (weightData ?? new ArrayBuffer(0)));
  const modelJson = {
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: 'Saliency Studio',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [BUNDLE_FILES.weights], weights: artifacts.weightSpecs ?? [] }],
  };
  const safetensors = writeSafetensors(await exportTorchvisionWeights(model.fnet), { format: 'pt', source: 'saliency-studio', backbone: model.config.backbone });
  // Weights are already dense floats: storing them uncompressed keeps export fast and costs little size.
  const bytes = zipSync({
    [BUNDLE_FILES.studio]: strToU8(JSON.stringify(studio, null, 2)),
    [BUNDLE_FILES.model]: strToU8(JSON.stringify(modelJson)),
    [BUNDLE_FILES.weights]: [weights, { level: 0 }],
    [BUNDLE_FILES.safetensors]: [safetensors, { level: 0 }],
    [BUNDLE_FILES.readme]: strToU8(modelCard(studio)),
  });
  return { bytes, studio };
}
