import { create } from 'zustand';

import type { BackendChoice, BackendStatus } from '../../worker/protocol';

export interface BackendState {
  choice: BackendChoice;
  phase: 'starting' | 'ready' | 'failed';
  status: BackendStatus | null;
  error: string | null;
  probe: { loss: number; weightChange: number; seconds: number } | null;
}

export const useBackendStore = create<BackendState>(() => ({
  choice: 'auto',
  phase: 'starting',
  status: null,
  error: null,
  probe: null,
}));
