// Starting a backend and measuring its speed, from the page: each call's answer lands in the backend store, unless a
// newer call has replaced it by then.
import type { TrainConfig } from '../core/train/trainConfig';
import type { BackendChoice } from '../worker/protocol';
import { toFailure } from './errorMessages';
import { useBackendStore } from './stores/backendStore';
import { studioWorker } from './studioWorker';

let generation = 0;
let speedCheck: AbortController | null = null;

/** `?threads=N` in the page's address: WASM threads wanted (e.g. 1 to leave a core free, or to measure scaling). */
function threadsFromAddress(): number | null {
  const value = Number(new URLSearchParams(window.location.search).get('threads'));
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** `?compareBackends=1`: auto also times a software WebGPU adapter (SwiftShader) against WASM, as it does a GPU. */
const compareSoftwareGpu = (): boolean => new URLSearchParams(window.location.search).get('compareBackends') === '1';

/**
 * Starts (or restarts) TensorFlow.js on a backend, then proves a training step there. A choice made while an
 * earlier one is still starting wins: the earlier answer is dropped.
 */
export async function chooseBackend(choice: BackendChoice): Promise<void> {
  const mine = ++generation;
  const isCurrent = (): boolean => mine === generation;
  useBackendStore.setState({ choice, phase: 'starting', status: null, error: null, probe: null });
  try {
    const status = await studioWorker.startBackend(choice, threadsFromAddress(), compareSoftwareGpu());
    if (!isCurrent()) return;
    useBackendStore.setState({ phase: 'ready', status });
    const probe = await studioWorker.probeStep();
    if (isCurrent()) useBackendStore.setState({ probe });
  } catch (error) {
    if (isCurrent()) useBackendStore.setState({ phase: 'failed', error: toFailure(error) });
  }
}

/**
 * Where auto has two backends to compare, times `config` on each (the worker keeps the answer per step cost) and
 * moves to the faster before a run; the status bar shows both figures. Nothing happens on a forced backend.
 */
export async function switchToFasterBackendFor(config: TrainConfig, signal?: AbortSignal): Promise<void> {
  const { choice, status } = useBackendStore.getState();
  if (choice !== 'auto' || !status || status.candidates.length < 2) return;
  useBackendStore.setState({ measuring: { backend: status.candidates[0]!, done: 0, total: 0 } });
  try {
    const measured = await studioWorker.chooseBySpeed(config, { ...(signal ? { signal } : {}), onStep: (backend, done, total) => useBackendStore.setState({ measuring: { backend, done, total } }) });
    useBackendStore.setState({ status: measured });
  } finally {
    useBackendStore.setState({ measuring: null });
  }
}

/** Times `steps` training steps of `config` on the current backend; progress, result or error go to the speed check. */
export async function measureSpeed(config: TrainConfig, steps: number): Promise<void> {
  speedCheck = new AbortController();
  const { signal } = speedCheck;
  const setSpeed = (patch: Partial<ReturnType<typeof useBackendStore.getState>['speed']>): void => useBackendStore.setState((s) => ({ speed: { ...s.speed, ...patch } }));
  setSpeed({ isMeasuring: true, done: 0, total: 0, error: null });
  try {
    const result = await studioWorker.benchmark(config, steps, { signal, onStep: (done, total) => setSpeed({ done, total }) });
    useBackendStore.setState((s) => ({ benchmarks: [...s.benchmarks, { ...result, config }] }));
    setSpeed({ isMeasuring: false });
  } catch (error) {
    const failure = toFailure(error);
    setSpeed({ isMeasuring: false, error: failure.code === 'cancelled' ? null : failure });
  } finally {
    speedCheck = null;
  }
}

export function cancelSpeedCheck(): void {
  speedCheck?.abort();
}
