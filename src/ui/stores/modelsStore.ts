import { create } from 'zustand';

import type { SavedBundle } from '../../browser/bundleDb';
import type { StudioJson } from '../../core/bundle/bundleSchema';
import type { ExplainItem, ModelSource } from '../../worker/protocol';
import type { Failure } from '../errorMessages';

export interface ModelsState {
  bundles: SavedBundle[];
  /** The bundle loaded in the worker for predictions. */
  activeId: string | null;
  active: StudioJson | null;
  /** Which model the Predict section uses; opening a bundle makes it the bundle. */
  predictSource: ModelSource;
  busy: string | null;
  /** What the last action did, confirmed in words (a bundle opened). */
  notice: string | null;
  error: Failure | null;
  /** A `?bundle=` link waiting for the user to say yes: nothing is downloaded or stored before. */
  link: BundleLink | null;
  predictions: {
    source: ModelSource;
    phase: 'idle' | 'decoding' | 'predicting' | 'ready' | 'failed';
    items: ExplainItem[];
    total: number;
    classNames: string[];
    sizePx: number;
    hasSpn: boolean;
    problems: Array<{ file: string; reason: string }>;
  };
}

export interface BundleLink {
  url: string;
  host: string;
  fileName: string;
  phase: 'offered' | 'downloading' | 'checking';
  receivedBytes: number;
  totalBytes: number | null;
}

export const initialPredictions: ModelsState['predictions'] = {
  source: 'bundle',
  phase: 'idle',
  items: [],
  total: 0,
  classNames: [],
  sizePx: 0,
  hasSpn: false,
  problems: [],
};

export const useModelsStore = create<ModelsState>(() => ({
  bundles: [],
  activeId: null,
  active: null,
  predictSource: 'trained',
  busy: null,
  notice: null,
  error: null,
  link: null,
  predictions: initialPredictions,
}));
