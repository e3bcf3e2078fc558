// Every message that crosses the worker boundary, and nothing else. Each request but the controls (pause, resume,
// cancel) is answered by exactly one reply of the type REPLY_OF names, or by an error, both with its runId;
// progress events in between carry the same runId.
import { z } from 'zod';

import type { StudioJson } from '../core/bundle/bundleSchema';
import { studioJsonSchema } from '../core/bundle/bundleSchema';
import type { BundleDescription } from '../core/bundle/writeBundle';
import type { StudioErrorCode } from '../core/errors';
import { STUDIO_ERROR_CODES } from '../core/errors';
import { problemLine } from '../core/schemaProblems';
import type { ExplainedSample } from '../core/explain/explainSamples';
import type { SaliencyChoice } from '../core/explain/saliencyMethods';
import type { TrainingBenchmark } from '../core/train/benchmarkTraining';
import type { PackedCheckpoint } from '../browser/packedCheckpoint';
import { checkpointSchema } from '../core/train/checkpoint';
import { trainConfigSchema } from '../core/train/trainConfigSchema';
import type { RunResult, TrainingEvent } from '../core/train/trainingEvents';

export const BACKEND_CHOICES = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
}

export interface BackendStatus {
  backend: string;
  adapter: AdapterInfo | null;
  /** Why this backend runs, in words for the status area. */
  reason: string;
  /** Set when the user should know something (software adapter, no WebGPU). */
  warning: string | null;
  /** Threads the WASM backend trains on (null on other backends). */
  threads: number | null;
  /** The backends auto times against each other when training starts (empty: no comparison, e.g. a forced choice). */
  candidates: string[];
}

/** An explanation with the image and its ground truth, so the page can draw overlays without keeping the dataset. */
export interface ExplainItem extends ExplainedSample {
  pixels: Uint8Array;
  mask: Uint8Array | null;
}

/** An image to predict on, already decoded at the model's input size. */
export interface PredictImage {
  id: string;
  pixels: Uint8Array;
}

/** Which model answers: the one trained in this session, or the bundle opened last. */
export type ModelSource = 'trained' | 'bundle';

/** A run that starts from a bundle's F-Net (and optionally SPN) instead of random weights. */
export interface StartFrom {
  bytes: ArrayBuffer;
  file: string;
  spn: boolean;
}

/** What the page knows about a trained model and the worker does not: metrics and the dataset summary. */
export type ExportDescription = Omit<BundleDescription, 'trainConfig' | 'classNames'>;

export interface ProbeResult {
  loss: number;
  weightChange: number;
  seconds: number;
}

const runId = z.string().min(1);
const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'is not a Uint8Array');
const buffer = z.instanceof(ArrayBuffer);
const pixelSample = z.object({
  id: z.string(),
  label: z.number().int(),
  split: z.enum(['train', 'val', 'test']).nullable(),
  pixels: bytes,
  mask: bytes.nullable(),
  margin: z.object({ pixels: bytes, mask: bytes.nullable() }).optional(),
  sourceSize: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
});
const pixelDataset = z.object({
  name: z.string(),
  classNames: z.array(z.string()),
  sizePx: z.number().int().positive(),
  marginSizePx: z.number().int().positive().nullable(),
  samples: z.array(pixelSample),
});
const description = studioJsonSchema.pick({ name: true, test: true, saliency: true, dataset: true });

// Requests are parsed in full on arrival: a malformed one is refused before any work starts.
const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), runId, backend: z.enum(BACKEND_CHOICES), threads: z.number().int().positive().nullable(), compareSoftwareGpu: z.boolean() }),
  z.object({ type: z.literal('choose-by-speed'), runId, config: trainConfigSchema }),
  z.object({ type: z.literal('probe-step'), runId }),
  z.object({ type: z.literal('train'), runId, config: trainConfigSchema, dataset: pixelDataset, resume: checkpointSchema.nullable(), keepCheckpoints: z.boolean(), pretrainedWeights: buffer.nullable(), startFrom: z.object({ bytes: buffer, file: z.string(), spn: z.boolean() }).nullable() }),
  z.object({ type: z.literal('explain'), runId, classIndex: z.number().int().nonnegative().nullable(), ids: z.array(z.string()).nullable() }),
  z.object({ type: z.literal('benchmark'), runId, config: trainConfigSchema, steps: z.number().int().positive() }),
  z.object({ type: z.literal('export-bundle'), runId, description }),
  z.object({ type: z.literal('open-bundle'), runId, bytes: buffer, file: z.string() }),
  z.object({ type: z.literal('check-bundle'), runId, bytes: buffer, file: z.string() }),
  z.object({ type: z.literal('explain-compare'), runId, bytes: buffer, file: z.string() }),
  z.object({ type: z.literal('restore-trained'), runId, bytes: buffer, file: z.string(), config: trainConfigSchema, dataset: pixelDataset }),
  z.object({ type: z.literal('predict'), runId, source: z.enum(['trained', 'bundle']), images: z.array(z.object({ id: z.string(), pixels: bytes })) }),
  z.object({ type: z.literal('pause'), runId, target: runId }),
  z.object({ type: z.literal('resume'), runId, target: runId }),
  z.object({ type: z.literal('cancel'), runId, target: runId }),
  z.object({ type: z.literal('finish-early'), runId, target: runId }),
]);

/** Every request the worker takes, as parsed: the schema is the type. */
export type WorkerRequest = z.infer<typeof requestSchema>;

/** Requests that steer another one (by its runId, `target`) and get no reply of their own. */
export type ControlRequest = Extract<WorkerRequest, { type: 'pause' | 'resume' | 'cancel' | 'finish-early' }>;
export type AskRequest = Exclude<WorkerRequest, ControlRequest>;

export type WorkerReply =
  | { type: 'ready'; runId: string; status: BackendStatus }
  | { type: 'probe-result'; runId: string; probe: ProbeResult }
  | { type: 'trained'; runId: string; result: RunResult }
  | { type: 'explained'; runId: string; total: number; saliency: SaliencyChoice }
  | { type: 'benchmark-result'; runId: string; result: TrainingBenchmark }
  | { type: 'bundle-exported'; runId: string; bytes: ArrayBuffer; studio: StudioJson }
  | { type: 'bundle-opened'; runId: string; studio: StudioJson };

export type WorkerProgress =
  | { type: 'training'; runId: string; event: TrainingEvent; numTensors: number }
  | { type: 'checkpoint'; runId: string; checkpoint: PackedCheckpoint }
  | { type: 'paused'; runId: string; isPaused: boolean }
  | { type: 'explain-batch'; runId: string; items: ExplainItem[]; total: number }
  | { type: 'benchmark-step'; runId: string; done: number; total: number }
  | { type: 'backend-measuring'; runId: string; backend: string; done: number; total: number };

export interface WorkerFailure {
  type: 'error';
  runId: string;
  code: StudioErrorCode;
  message: string;
  file?: string;
}

export type WorkerEvent = WorkerReply | WorkerProgress | WorkerFailure;

/** The reply that ends each request. */
export const REPLY_OF = {
  init: 'ready',
  'choose-by-speed': 'ready',
  'probe-step': 'probe-result',
  train: 'trained',
  explain: 'explained',
  predict: 'explained',
  'explain-compare': 'explained',
  benchmark: 'benchmark-result',
  'export-bundle': 'bundle-exported',
  'open-bundle': 'bundle-opened',
  'check-bundle': 'bundle-opened',
  'restore-trained': 'bundle-opened',
} as const satisfies Record<AskRequest['type'], WorkerReply['type']>;

export type ReplyTo<R extends AskRequest> = Extract<WorkerReply, { type: (typeof REPLY_OF)[R['type']] }>;

/** Parses an incoming message into a request, or returns the reason it is not one. */
export function parseRequest(data: unknown): { ok: true; request: WorkerRequest } | { ok: false; runId: string; reason: string } {
  const parsed = requestSchema.safeParse(data);
  if (parsed.success) return { ok: true, request: parsed.data };
  const id = typeof data === 'object' && data !== null && typeof (data as { runId?: unknown }).runId === 'string' ? (data as { runId: string }).runId : 'unknown';
  return { ok: false, runId: id, reason: problemLine(parsed.error, 'message', 5) };
}

export function isErrorCode(code: unknown): code is StudioErrorCode {
  return (STUDIO_ERROR_CODES as readonly unknown[]).includes(code);
}

export function assertNever(value: never): never {
  throw new Error(`unhandled message ${JSON.stringify(value)}`);
}
