import type { BackendChoice } from '../../worker/protocol';
import { BACKEND_CHOICES } from '../../worker/protocol';
import { chooseBackend } from '../backendActions';
import { useBackendStore } from '../stores/backendStore';
import { ErrorNotice } from './ErrorNotice';

const backendLabel = (name: string): string => ({ webgpu: 'WebGPU', wasm: 'WASM' } as Record<string, string>)[name] ?? name;

export function StatusBar() {
  const { phase, status, error, probe, choice, measuring } = useBackendStore();
  return (
    <section className="status-bar" aria-label="Training backend" aria-live="polite">
      <span data-testid="backend-phase" data-phase={phase}>
        {phase === 'starting' && 'Starting the training worker…'}
        {phase === 'failed' && error && <ErrorNotice failure={error} onRetry={() => void chooseBackend(choice)} testId="backend-error" />}
        {phase === 'ready' && status && (
          <>
            Backend: <strong data-testid="backend-name">{status.backend}</strong>
            {status.threads !== null && (
              <span data-testid="backend-threads" data-threads={status.threads}>
                {' '}
                ({status.threads} thread{status.threads === 1 ? '' : 's'}{crossOriginIsolated ? '' : ', not cross-origin isolated'})
              </span>
            )}
            {' · '}
            <span data-testid="adapter">
              {status.adapter
                ? `Adapter: ${status.adapter.vendor || 'unknown vendor'} ${status.adapter.architecture}`.trim()
                : 'No WebGPU adapter'}
            </span>
            <span className="muted" data-testid="backend-reason"> ({status.reason})</span>
          </>
        )}
      </span>
      {measuring && (
        <span data-testid="backend-measuring">
          Timing this configuration on {status?.candidates.map(backendLabel).join(' and ')} to train on the faster: {backendLabel(measuring.backend)}
          {measuring.total > 0 && `, step ${Math.min(measuring.done + 1, measuring.total)} of ${measuring.total}`}…
        </span>
      )}
      {probe && (
        <details className="advanced inline">
          <summary>Advanced</summary>
          <span className="muted" data-testid="probe" data-loss={probe.loss} data-weight-change={probe.weightChange}>
            The backend's check step (a small network trained one step when it started): loss {probe.loss.toFixed(3)} in {probe.seconds.toFixed(1)} s
          </span>
        </details>
      )}
      <label className="backend-choice">
        Backend{' '}
        <select id="backend-choice" aria-label="Backend choice" value={choice} onChange={(e) => void chooseBackend(e.target.value as BackendChoice)}>
          {BACKEND_CHOICES.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      {status?.warning && (
        <p className="warning" role="alert" data-testid="backend-warning">
          {status.warning}
        </p>
      )}
    </section>
  );
}
