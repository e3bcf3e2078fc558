import { create } from 'zustand';

import type { SaliencyChoice } from '../../core/explain/saliencyMethods';
import type { ExplainItem } from '../../worker/protocol';
import type { Failure } from '../errorMessages';

/** What the Explain gallery shows; kept here so the confusion matrix can set it from another page. */
export interface GalleryFilter {
  split: 'test' | 'val' | 'train' | 'all';
  trueClass: number;
  predicted: number;
  correctness: 'all' | 'correct' | 'wrong';
  mask: 'all' | 'with' | 'without';
  sort: 'none' | 'confidence-asc' | 'confidence-desc';
}

export const DEFAULT_FILTER: GalleryFilter = { split: 'test', trueClass: -1, predicted: -1, correctness: 'all', mask: 'all', sort: 'none' };

/** Another run's answer for one image, shown beside this run's (the report's SPN vs baseline figures). */
export interface CompareEntry {
  saliency: Uint8Array;
  predicted: number;
  probabilities: number[];
}

export interface Comparison {
  label: string;
  phase: 'loading' | 'ready' | 'failed';
  entries: Record<string, CompareEntry>;
}

export interface ExplainState {
  filter: GalleryFilter;
  compare: Comparison | null;
  phase: 'idle' | 'loading' | 'ready' | 'failed';
  /** How the maps were made (the run's saliency method and stage). */
  saliency: SaliencyChoice | null;
  items: ExplainItem[];
  total: number;
  classNames: string[];
  /** Saliency maps of another class for the detail view, keyed by `${id}:${class}`. */
  detailMaps: Record<string, Uint8Array>;
  /** When "explain every image" started (page clock, ms) and how long it took: the Grad-CAM throughput users see. */
  startedAt: number | null;
  seconds: number | null;
  error: Failure | null;
  /** Bumped whenever the model changes, so explanations still arriving for the old one are dropped. */
  modelGeneration: number;
}

export const useExplainStore = create<ExplainState>(() => ({
  filter: DEFAULT_FILTER,
  compare: null,
  phase: 'idle',
  saliency: null,
  items: [],
  total: 0,
  classNames: [],
  detailMaps: {},
  startedAt: null,
  seconds: null,
  error: null,
  modelGeneration: 0,
}));

/** A new model makes the old explanations (and any comparison with them) stale. */
export function resetExplanations(classNames: string[]): void {
  useExplainStore.setState((s) => ({ compare: null, phase: 'idle', saliency: null, items: [], total: 0, detailMaps: {}, classNames, error: null, modelGeneration: s.modelGeneration + 1 }));
}

export function setGalleryFilter(patch: Partial<GalleryFilter>): void {
  useExplainStore.setState((s) => ({ filter: { ...s.filter, ...patch } }));
}

/** The confusion matrix's way in: the test images of one true class predicted as another, on the Explain page. */
export function showInGallery(trueClass: number, predicted: number): void {
  useExplainStore.setState({ filter: { ...DEFAULT_FILTER, split: 'test', trueClass, predicted } });
  window.location.hash = '#/explain';
}
