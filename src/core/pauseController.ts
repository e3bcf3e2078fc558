/** Whether work may go on; like AbortSignal, but it can be lifted again. */
export interface PauseSignal {
  readonly isPaused: boolean;
  /** Resolves at once when running, or when the work is resumed. */
  whenRunning(): Promise<void>;
  /** Calls `listener` on every change; returns the unsubscribe. */
  onChange(listener: (isPaused: boolean) => void): () => void;
}

/** Pauses and resumes long work between its steps, as AbortController cancels it. */
export class PauseController {
  private paused = false;
  private readonly listeners = new Set<(isPaused: boolean) => void>();
  private waiting: Array<() => void> = [];

  readonly signal: PauseSignal = {
    isPaused: false,
    whenRunning: () => (this.paused ? new Promise<void>((resolve) => this.waiting.push(resolve)) : Promise.resolve()),
    onChange: (listener) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    },
  };

  pause(): void {
    this.set(true);
  }

  resume(): void {
    this.set(false);
  }

  private set(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    (this.signal as { isPaused: boolean }).isPaused = paused;
    if (!paused) {
      for (const resolve of this.waiting) resolve();
      this.waiting = [];
    }
    for (const listener of this.listeners) listener(paused);
  }
}
