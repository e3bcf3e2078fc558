// One checked TrainConfig for every door: the forms, the worker protocol, studio.json, checkpoints and the CLI.
import { z } from 'zod';

import { StudioError } from '../errors';
import { schemaProblems } from '../schemaProblems';
import type { SaliencyMethodName } from '../explain/saliencyMethods';
import { SALIENCY_METHOD_NAMES } from '../explain/saliencyMethods';
import { FNET_STAGES } from '../model/resnet';

/** A number in [min, max] (an integer when asked), refused as "1.5 is outside 0–1" under the field's name. */
function inRange(min: number, max: number, { integer = false, exclusiveMin = false } = {}) {
  const range = exclusiveMin ? `${min}–${max} (it must be above ${min})` : `${min}–${max}`;
  return z.number({ error: (issue) => `${typeof issue.input === 'number' ? issue.input : JSON.stringify(issue.input)} is not a number` }).superRefine((value, ctx) => {
    if (value > max || value < min || (exclusiveMin && value === min)) ctx.addIssue({ code: 'custom', message: `${value} is outside ${range}` });
    else if (integer && !Number.isInteger(value)) ctx.addIssue({ code: 'custom', message: `${value} is not a whole number` });
  });
}

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => `${JSON.stringify(issue.input)} is not one of ${values.join(', ')}` });

const channelTriple = (min: number, max: number, exclusiveMin: boolean) => z.tuple([inRange(min, max, { exclusiveMin }), inRange(min, max, { exclusiveMin }), inRange(min, max, { exclusiveMin })]);

export const trainConfigSchema = z.object({
  /** baseline: F-Net + C-Net; spn: + the SPN (the report's method); guided: the SPN plus mask-guided training. */
  method: oneOf(['spn', 'baseline', 'guided']),
  backbone: oneOf(['resnet18', 'resnet34', 'resnet50']),
  /** Channel multiplier of the backbone (1 = torchvision's widths). */
  width: inRange(0, 4, { exclusiveMin: true }),
  imageSizePx: inRange(32, 1024, { integer: true }).refine((px) => px % 32 === 0, { error: (issue) => `${String(issue.input)} px is not a multiple of 32 (the backbone's stride)` }),
  spnBlocks: z.union([z.literal(3), z.literal(4)], { error: (issue) => `${JSON.stringify(issue.input)} is not 3 or 4` }),
  epochs: inRange(1, 1000, { integer: true }),
  // Batch norm needs two images.
  batchSize: inRange(2, 512, { integer: true }),
  learningRate: inRange(0, 1, { exclusiveMin: true }),
  /** How the rate moves over the run: constant (the report's), cosine decay to 0 or step decay; warm-up optional. */
  schedule: z.object({ kind: oneOf(['constant', 'cosine', 'step']), warmupEpochs: inRange(0, 100) }).default({ kind: 'constant', warmupEpochs: 0 }),
  loss: oneOf(['bce', 'l1', 'l2']),
  lambda: inRange(0, 100),
  labelRatio: inRange(0, 1),
  seed: inRange(0, 2 ** 31 - 1, { integer: true }),
  augment: z.boolean(),
  /** File name of the torchvision/timm .safetensors the F-Net started from, or null for random initialization. */
  pretrained: z.string().min(1).nullable(),
  /** A saved model (bundle) whose F-Net, and optionally SPN, this run starts from (fine-tuning); its C-Net is new. */
  startFrom: z.object({ bundleId: z.string().min(1), bundleName: z.string(), spn: z.boolean() }).nullable(),
  /** Per-channel mean and std applied to pixels in [0, 1]; ImageNet's by default, as pretrained weights expect. */
  normalization: z.object({ mean: channelTriple(0, 1, false), std: channelTriple(0, 10, true) }),
  /** The map that explains predictions and is scored on test: its method and the F-Net stage it reads. */
  /**
   * How the guided method uses the masks: pasting each object onto another image's background, and a loss on the
   * share of the saliency stage's activation energy outside the object (0 turns it off).
   */
  guidance: z.object({ backgroundSwap: z.boolean(), attentionWeight: inRange(0, 100) }).default({ backgroundSwap: true, attentionWeight: 1 }),
  saliency: z.object({ method: oneOf(SALIENCY_METHOD_NAMES as [SaliencyMethodName, ...SaliencyMethodName[]]), stage: oneOf(FNET_STAGES) }).default({ method: 'grad-cam', stage: 'layer4' }),
});

export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/** Each problem of a config as "field: what is wrong", the field named by its path. */
export const configProblems = (error: z.ZodError): Array<{ field: string; message: string }> => schemaProblems(error, 'config');

/** Parses an untrusted config (a form, a message, a stored record), or throws a bad-config error naming each field. */
export function parseTrainConfig(value: unknown, where = 'run configuration'): z.output<typeof trainConfigSchema> {
  const parsed = trainConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new StudioError('bad-config', `invalid ${where}: ${configProblems(parsed.error).map((p) => `${p.field}: ${p.message}`).join('; ')}`);
}
