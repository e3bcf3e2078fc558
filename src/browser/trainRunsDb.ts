import { createStore } from 'idb-keyval';

import type { SavedExperimentRun } from './experimentsDb';
import { savedExperimentRunSchema } from './experimentsDb';
import { storedWithBytes } from './storedWithBytes';

/** Finished Train-page runs, kept as experiment runs are (results, history, config, dataset link and model bundle). */
const store = createStore('saliency-studio-train-runs', 'runs');
const runs = storedWithBytes(store, savedExperimentRunSchema, { list: 'runs', bytesPrefix: 'bundle:', idPrefix: 'train', what: 'the finished run' });

export type KeptRun = SavedExperimentRun;
export const listKeptRuns = runs.list;
export const saveKeptRun = runs.save;
export const deleteKeptRun = runs.remove;
export const loadKeptRunBundle = (id: string): Promise<Uint8Array> => runs.loadBytes(id, 'this run’s model is no longer stored in this browser');
