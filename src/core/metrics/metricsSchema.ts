// The shapes of test and saliency metrics wherever they are stored or read back: studio.json, saved runs, results.
import { z } from 'zod';

import type { SaliencyMethodName } from '../explain/saliencyMethods';
import { SALIENCY_METHOD_NAMES } from '../explain/saliencyMethods';
import { FNET_STAGES } from '../model/resnet';

const fraction = z.number().min(0).max(1);

const classMetrics = z.object({ label: z.string(), precision: fraction, sensitivity: fraction, specificity: fraction, f1: fraction, support: z.number().int().nonnegative() });

export const testMetricsSchema = z.object({
  accuracy: fraction,
  precision: fraction,
  sensitivity: fraction,
  specificity: fraction,
  f1: fraction,
  perClass: z.array(classMetrics),
  confusion: z.array(z.array(z.number().int().nonnegative())),
});

export const saliencyMetricsSchema = z.object({
  spnIoU: fraction.nullable(),
  spnDice: fraction.nullable(),
  camEnergyInMask: fraction.nullable(),
  camPointingGame: fraction.nullable(),
  maskedTestImages: z.number().int().nonnegative(),
  // Bundles before the saliency choice existed scored Grad-CAM on layer4.
  method: z.enum(SALIENCY_METHOD_NAMES as [SaliencyMethodName, ...SaliencyMethodName[]]).default('grad-cam'),
  stage: z.enum(FNET_STAGES).default('layer4'),
  mapSidePx: z.number().int().positive().optional(),
});

