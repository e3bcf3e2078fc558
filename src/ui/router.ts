import { useSyncExternalStore } from 'react';

export const PAGES = [
  { path: 'data', title: 'Data' },
  { path: 'train', title: 'Train' },
  { path: 'explain', title: 'Explain' },
  { path: 'experiments', title: 'Experiments' },
  { path: 'models', title: 'Models' },
] as const;

export type PagePath = (typeof PAGES)[number]['path'];

// Hash routes work on any static host and offline, and keep back/forward for free.
function currentPage(): PagePath {
  const hash = window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return PAGES.find((p) => p.path === hash)?.path ?? 'data';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function usePage(): PagePath {
  return useSyncExternalStore(subscribe, currentPage);
}

export function navigate(page: PagePath): void {
  window.location.hash = `#/${page}`;
}
