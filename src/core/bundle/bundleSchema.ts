// studio.json: what a bundle says about its model. Readers refuse what this schema does not accept.
import { z } from 'zod';

import { saliencyMetricsSchema, testMetricsSchema } from '../metrics/metricsSchema';
import { trainConfigSchema } from '../train/trainConfigSchema';

export const BUNDLE_FORMAT = 'saliency-studio-bundle';
/**
 * Raised when studio.json changes in a way older readers cannot follow. 2: the SPN is the report's decoder with
 * half-pixel upsampling (format 1's SPN upsampled by integer factors without half-pixel centres).
 */
export const BUNDLE_FORMAT_VERSION = 2;

export const BUNDLE_FILES = {
  studio: 'studio.json',
  model: 'model.json',
  weights: 'weights.bin',
  safetensors: 'model.safetensors',
  readme: 'README.md',
} as const;

const triple = z.tuple([z.number(), z.number(), z.number()]);

export const studioJsonSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.number().int().positive(),
  name: z.string().min(1).max(200),
  createdAt: z.string().max(64),
  classNames: z.array(z.string().min(1).max(200)).min(2).max(1000),
  inputSizePx: z.number().int().positive().max(1024).multipleOf(32),
  normalization: z.object({ mean: triple, std: triple }),
  backbone: z.enum(['resnet18', 'resnet34', 'resnet50']),
  width: z.number().positive().max(4),
  spn: z.object({ blocks: z.union([z.literal(3), z.literal(4)]), design: z.enum(['report', 'v1']).optional() }).nullable(),
  // The run's config, checked like every other door's; only the fields above drive loading.
  trainConfig: trainConfigSchema,
  test: testMetricsSchema.nullable(),
  saliency: saliencyMetricsSchema.nullable(),
  dataset: z
    .object({
      name: z.string(),
      images: z.number().int().nonnegative(),
      masks: z.number().int().nonnegative(),
      classCounts: z.record(z.string(), z.number().int().nonnegative()),
      split: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int(), maskedTrain: z.number().int() }).nullable(),
    })
    .nullable(),
});

export type StudioJson = z.infer<typeof studioJsonSchema>;
