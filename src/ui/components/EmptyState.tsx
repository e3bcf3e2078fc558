import type { ReactNode } from 'react';

/** What an empty page shows: what it is for and the next step. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <h3>{title}</h3>
      {children}
    </div>
  );
}
