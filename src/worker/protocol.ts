// Every message that crosses the worker boundary, and nothing else.
import { z } from 'zod';

import type { StudioJson } from '../core/bundle/bundleSchema';
import type { BundleDescription } from '../core/bundle/writeBundle';
import type { PixelDataset } from '../core/data/datasetTypes';
import type { ExplainedSample } from '../core/explain/explainSamples';
import type { TrainingBenchmark } from '../core/train/benchmarkTraining';
import type { TrainConfig } from '../core/train/trainConfig';
import type { TrainingEvent } from '../core/train/trainingEvents';
import type { Checkpoint } from '../core/train/checkpoint';

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
}

/** An explanation with the image and its ground truth, so the page can draw overlays without keeping the dataset. */
export interface ExplainItem extends ExplainedSample {
  pixels: Uint8Array;
  mask: Uint8Array | null;
}

/** A decoded dataset; its pixels travel as transferable buffers, never as tensors. */
export type DatasetPayload = PixelDataset;

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

export type WorkerRequest =
  | { type: 'init'; runId: string; backend: BackendChoice; threads: number | null }
  | { type: 'probe-step'; runId: string }
  | { type: 'train'; runId: string; config: TrainConfig; dataset: DatasetPayload; resume: Checkpoint | null; pretrainedWeights: ArrayBuffer | null; startFrom: StartFrom | null }
  | { type: 'explain'; runId: string; classIndex: number | null; ids: string[] | null }
  | { type: 'benchmark'; runId: string; config: TrainConfig; steps: number }
  | { type: 'export-bundle'; runId: string; description: ExportDescription }
  | { type: 'open-bundle'; runId: string; bytes: ArrayBuffer; file: string }
  | { type: 'explain-compare'; runId: string; bytes: ArrayBuffer; file: string }
  | { type: 'restore-trained'; runId: string; bytes: ArrayBuffer; file: string; config: TrainConfig; dataset: DatasetPayload }
  | { type: 'predict'; runId: string; source: ModelSource; images: PredictImage[] }
  | { type: 'pause'; runId: string }
  | { type: 'resume'; runId: string }
  | { type: 'cancel'; runId: string };

export type WorkerEvent =
  | { type: 'ready'; runId: string; status: BackendStatus }
  | { type: 'probe-result'; runId: string; loss: number; weightChange: number; seconds: number }
  | { type: 'training'; runId: string; event: TrainingEvent; numTensors: number }
  | { type: 'paused'; runId: string; isPaused: boolean }
  | { type: 'checkpoint'; runId: string; checkpoint: Checkpoint }
  | { type: 'explain-batch'; runId: string; items: ExplainItem[]; total: number }
  | { type: 'explain-done'; runId: string }
  | { type: 'benchmark-result'; runId: string; result: TrainingBenchmark }
  | { type: 'bundle-exported'; runId: string; bytes: ArrayBuffer; studio: StudioJson }
  | { type: 'bundle-opened'; runId: string; studio: StudioJson }
  | { type: 'error'; runId: string; code: string; message: string; file?: string };

const runId = z.string().min(1);
const trainConfig = z.object({ method: z.enum(['spn', 'baseline']) }).passthrough();
const datasetPayload = z.object({ name: z.string(), classNames: z.array(z.string()), sizePx: z.number().int().positive(), samples: z.array(z.unknown()) });

// Requests are checked on arrival; the training payload's deep fields are checked by core as it uses them.
const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), runId, backend: z.enum(BACKEND_CHOICES), threads: z.number().int().positive().nullable() }),
  z.object({ type: z.literal('probe-step'), runId }),
  z.object({ type: z.literal('train'), runId, config: trainConfig, dataset: datasetPayload, resume: z.object({ epoch: z.number().int().nonnegative(), history: z.array(z.unknown()), weights: z.array(z.instanceof(Float32Array)) }).passthrough().nullable(), pretrainedWeights: z.instanceof(ArrayBuffer).nullable(), startFrom: z.object({ bytes: z.instanceof(ArrayBuffer), file: z.string(), spn: z.boolean() }).nullable() }),
  z.object({ type: z.literal('explain'), runId, classIndex: z.number().int().nonnegative().nullable(), ids: z.array(z.string()).nullable() }),
  z.object({ type: z.literal('benchmark'), runId, config: trainConfig, steps: z.number().int().positive() }),
  z.object({ type: z.literal('export-bundle'), runId, description: z.object({ name: z.string().min(1) }).passthrough() }),
  z.object({ type: z.literal('open-bundle'), runId, bytes: z.instanceof(ArrayBuffer), file: z.string() }),
  z.object({ type: z.literal('explain-compare'), runId, bytes: z.instanceof(ArrayBuffer), file: z.string() }),
  z.object({ type: z.literal('restore-trained'), runId, bytes: z.instanceof(ArrayBuffer), file: z.string(), config: trainConfig, dataset: datasetPayload }),
  z.object({ type: z.literal('predict'), runId, source: z.enum(['trained', 'bundle']), images: z.array(z.object({ id: z.string(), pixels: z.instanceof(Uint8Array) })) }),
  z.object({ type: z.literal('pause'), runId }),
  z.object({ type: z.literal('resume'), runId }),
  z.object({ type: z.literal('cancel'), runId }),
]);

/** Parses an incoming message into a request, or returns the reason it is not one. */
export function parseRequest(data: unknown): { ok: true; request: WorkerRequest } | { ok: false; reason: string } {
  const parsed = requestSchema.safeParse(data);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ') };
  return { ok: true, request: data as WorkerRequest };
}

export function assertNever(value: never): never {
  throw new Error(`unhandled message ${JSON.stringify(value)}`);
}
