import * as tf from '@tensorflow/tfjs';

import type { LossParts } from './losses';

/** A step's losses as numbers, once read. */
export interface StepLosses {
  total: number;
  classification: number;
  localization: number;
}

/**
 * Reads training losses back a group at a time: each step's three scalars stay on the device until `every` steps
 * have queued, then one stacked read returns them all. On a GPU a read waits for the queue to drain, so one per step
 * would stall every step; on WASM it costs nothing either way. The reader owns the queued scalars.
 */
export class LossReader {
  private queued: LossParts[] = [];

  constructor(private readonly every: number) {}

  /** Queues a step's losses; returns how many are queued. */
  push(losses: LossParts): number {
    this.queued.push(losses);
    return this.queued.length;
  }

  /** Tensors the reader holds until its next flush. */
  get heldTensors(): number {
    return 3 * this.queued.length;
  }

  get isDue(): boolean {
    return this.queued.length >= this.every;
  }

  /** Reads every queued step's losses in one read and frees them. */
  async flush(): Promise<StepLosses[]> {
    if (this.queued.length === 0) return [];
    const queued = this.queued;
    this.queued = [];
    const stacked = tf.tidy(() => tf.stack(queued.flatMap((l) => [l.total, l.classification, l.localization])));
    tf.dispose(queued.flatMap((l) => [l.total, l.classification, l.localization]));
    try {
      const values = await stacked.data();
      return queued.map((_, i) => ({ total: values[3 * i]!, classification: values[3 * i + 1]!, localization: values[3 * i + 2]! }));
    } finally {
      stacked.dispose();
    }
  }

  dispose(): void {
    tf.dispose(this.queued.flatMap((l) => [l.total, l.classification, l.localization]));
    this.queued = [];
  }
}
