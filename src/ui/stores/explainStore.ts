import { create } from 'zustand';

import type { ExplainItem } from '../../worker/protocol';

export interface ExplainState {
  runId: string | null;
  phase: 'idle' | 'loading' | 'ready' | 'failed';
  items: ExplainItem[];
  total: number;
  classNames: string[];
  /** Grad-CAM of another class for the detail view, keyed by `${id}:${class}`. */
  detailCams: Record<string, Uint8Array>;
  error: string | null;
}

export const useExplainStore = create<ExplainState>(() => ({
  runId: null,
  phase: 'idle',
  items: [],
  total: 0,
  classNames: [],
  detailCams: {},
  error: null,
}));
