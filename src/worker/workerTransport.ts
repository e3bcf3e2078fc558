// Page side of the worker's messages: starts the worker, sends requests, and hands every event to the request
// it belongs to (by runId): progress to its listener, its reply or error to its promise. Nothing else.
import { StudioError } from '../core/errors';
import type { AskRequest, ControlRequest, ReplyTo, WorkerEvent, WorkerProgress } from './protocol';
import { isErrorCode, REPLY_OF } from './protocol';

interface Pending {
  replyType: string;
  onProgress: (event: WorkerProgress) => void;
  resolve: (event: WorkerEvent) => void;
  reject: (error: StudioError) => void;
}

const PROGRESS_TYPES: ReadonlySet<string> = new Set(['training', 'checkpoint', 'paused', 'explain-batch', 'benchmark-step'] satisfies Array<WorkerProgress['type']>);
const isProgress = (event: WorkerEvent): event is WorkerProgress => PROGRESS_TYPES.has(event.type);

export class WorkerTransport {
  private worker: Worker | null = null;
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  constructor(private readonly createWorker: () => Worker) {}

  /** A runId no other request of this page has had. */
  nextRunId(): string {
    return `run-${Date.now().toString(36)}-${++this.counter}`;
  }

  /** Sends a request and resolves with its reply; its progress events go to `onProgress` until then. */
  request<R extends AskRequest>(request: R, options: { transfer?: Transferable[]; onProgress?: (event: WorkerProgress) => void } = {}): Promise<ReplyTo<R>> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.runId, { replyType: REPLY_OF[request.type], onProgress: options.onProgress ?? (() => {}), resolve: resolve as (event: WorkerEvent) => void, reject });
      this.getWorker().postMessage(request, options.transfer ?? []);
    });
  }

  /** Pause, resume or cancel a request in progress; no reply comes back. */
  control(request: ControlRequest): void {
    this.getWorker().postMessage(request);
  }

  private getWorker(): Worker {
    if (!this.worker) {
      const worker = this.createWorker();
      worker.onmessage = (message: MessageEvent<WorkerEvent>) => this.deliver(message.data);
      // The worker died (out of memory, a crashed GPU process): every request waiting on it fails, and the next one
      // starts a fresh worker.
      worker.onerror = (event) => {
        event.preventDefault();
        this.worker = null;
        worker.terminate();
        const error = new StudioError('worker-crashed', event.message || 'the training worker stopped unexpectedly');
        for (const pending of this.pending.values()) pending.reject(error);
        this.pending.clear();
      };
      this.worker = worker;
    }
    return this.worker;
  }

  private deliver(event: WorkerEvent): void {
    const pending = this.pending.get(event.runId);
    // Nobody asked: a reply to a request whose page state is gone (after a reload, say). Nothing to do.
    if (!pending) return;
    if (event.type === 'error') {
      this.pending.delete(event.runId);
      // The worker's message already names the file; the error keeps it as a field too.
      const message = event.file && event.message.startsWith(`${event.file}: `) ? event.message.slice(event.file.length + 2) : event.message;
      pending.reject(new StudioError(isErrorCode(event.code) ? event.code : 'internal', message, event.file));
    } else if (isProgress(event)) {
      pending.onProgress(event);
    } else if (event.type === pending.replyType) {
      this.pending.delete(event.runId);
      pending.resolve(event);
    }
  }
}
