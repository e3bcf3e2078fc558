// `auto` between WebGPU and WASM by measurement: a small model on a weak integrated GPU can train faster on the
// CPU's WASM path, a full-size one on any real GPU should not; the adapter's type cannot tell them apart, a couple of
// timed steps of the configuration can.
import type { TrainConfig } from './trainConfig';

export interface BackendMeasurement {
  backend: string;
  /** Training images per second for the configuration; null when the backend failed to start or to train. */
  imagesPerSecond: number | null;
  /** Why it has no figure (did not start, device lost, out of memory), in words. */
  failure?: string;
}

export interface BackendDecision {
  backend: string;
  /** One sentence for the status bar: both figures and why this one. */
  reason: string;
}

/** Figures within this share of each other are a tie: one measurement of a couple of steps is not finer. */
export const TIE_MARGIN = 0.1;

const LABELS: Record<string, string> = { webgpu: 'WebGPU', wasm: 'WASM', webgl: 'WebGL', cpu: 'CPU' };
const label = (backend: string): string => LABELS[backend] ?? backend;
const figure = (m: BackendMeasurement): string => (m.imagesPerSecond === null ? `${label(m.backend)} ${m.failure ?? 'failed'}` : `${label(m.backend)} ${formatRate(m.imagesPerSecond)} images/s`);

function formatRate(value: number): string {
  return value >= 10 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toPrecision(2);
}

/**
 * The faster backend of those measured (in the order given, which is the preference on a tie: WebGPU first, as it
 * leaves the CPU free and gains most as a model grows); null when none trained.
 */
export function chooseFasterBackend(measurements: readonly BackendMeasurement[]): BackendDecision | null {
  const working = measurements.filter((m): m is BackendMeasurement & { imagesPerSecond: number } => m.imagesPerSecond !== null && Number.isFinite(m.imagesPerSecond) && m.imagesPerSecond > 0);
  if (working.length === 0) return null;
  const fastest = working.reduce((best, m) => (m.imagesPerSecond > best.imagesPerSecond ? m : best));
  // The first (preferred) backend within the margin of the fastest wins.
  const chosen = working.find((m) => m.imagesPerSecond >= fastest.imagesPerSecond * (1 - TIE_MARGIN))!;
  const figures = measurements.map(figure).join(', ');
  const why =
    working.length === 1
      ? `${label(chosen.backend)} is the one that trained`
      : chosen !== fastest
        ? `within ${Math.round(TIE_MARGIN * 100)} %, ${label(chosen.backend)} is kept`
        : `${label(chosen.backend)} is faster`;
  return { backend: chosen.backend, reason: `${figures} for this configuration: ${why}` };
}

/** What a step's cost depends on: a measurement is reused until one of these changes. */
export function costKey(config: Pick<TrainConfig, 'backbone' | 'width' | 'imageSizePx' | 'batchSize' | 'method' | 'spnBlocks' | 'augment'>): string {
  return [config.backbone, config.width, config.imageSizePx, config.batchSize, config.method, config.spnBlocks, config.augment].join('|');
}
