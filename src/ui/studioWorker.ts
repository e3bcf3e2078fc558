import { createTrainingClient } from '../worker/trainingClient';

/** The page's one training worker (started on the first request). */
export const studioWorker = createTrainingClient();
