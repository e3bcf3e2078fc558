// A finished run as stored and read back (saved runs, experiment results): parsed, never cast. Records written by
// an older studio keep working: fields added since then take the value those runs had.
import { z } from 'zod';

import { saliencyMetricsSchema, testMetricsSchema } from '../metrics/metricsSchema';
import { historyEntrySchema } from './checkpoint';
import { trainConfigSchema } from './trainConfigSchema';
import type { RunResult } from './trainingEvents';

// Before issue 13 a baseline's localization loss was 0 and no validation localization loss was kept.
const storedHistoryEntry = historyEntrySchema.extend({ trainLocLoss: z.number().nullable(), valLocLoss: z.number().nullable().default(null) });

export const runResultSchema = z.object({
  config: trainConfigSchema,
  classNames: z.array(z.string()),
  seed: z.number().int(),
  test: testMetricsSchema,
  saliency: saliencyMetricsSchema,
  history: z.array(storedHistoryEntry),
  bestEpoch: z.number().int().nonnegative(),
  stoppedAfterEpoch: z.number().int().positive().optional(),
  timing: z.object({ imagesPerSecond: z.number().nonnegative(), totalSeconds: z.number().nonnegative() }),
  split: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int(), maskedTrain: z.number().int(), testIds: z.array(z.string()).default([]) }),
}) satisfies z.ZodType<RunResult, unknown>;
