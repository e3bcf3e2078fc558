import type { ReactNode } from 'react';

/** A button for work that cannot be undone (deleting what is stored): it asks `question` first and acts only on yes. */
export function ConfirmButton({ question, onConfirm, disabled = false, label, children }: { question: string; onConfirm: () => void; disabled?: boolean; label?: string; children: ReactNode }) {
  return (
    <button className="secondary" disabled={disabled} aria-label={label} onClick={() => window.confirm(question) && onConfirm()}>
      {children}
    </button>
  );
}
