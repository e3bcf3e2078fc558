import type { Failure } from '../errorMessages';
import { ERROR_DESCRIPTIONS } from '../errorMessages';

/** A failure where it happened: what went wrong, the reason, and the one thing to do about it. */
export function ErrorNotice({ failure, onRetry, testId }: { failure: Failure; onRetry?: () => void; testId?: string }) {
  const { title, action, actionLabel } = ERROR_DESCRIPTIONS[failure.code];
  const act = (): void => {
    if (action === 'retry') onRetry?.();
    else if (action === 'choose-backend') document.getElementById('backend-choice')?.focus();
    else if (action === 'free-space') window.location.hash = '#/data';
    else if (action === 'reload') window.location.reload();
  };
  const hasButton = actionLabel !== null && (action !== 'retry' || onRetry !== undefined);
  return (
    <div className="error-notice" role="alert" data-testid={testId} data-code={failure.code}>
      <strong>{title}.</strong> <span>{failure.message}</span>
      {hasButton && (
        <button type="button" className="secondary" onClick={act}>
          {actionLabel}
        </button>
      )}
    </div>
  );
}
