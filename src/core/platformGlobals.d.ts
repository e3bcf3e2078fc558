// Core compiles without the DOM library so that `document` and `window` cannot creep in; these few
// globals exist in Node, workers and pages alike, so they are declared here by hand.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
interface AbortSignal {
  readonly aborted: boolean;
}
declare class AbortController {
  readonly signal: AbortSignal;
  abort(): void;
}
declare const performance: { now(): number };
declare function setTimeout(callback: () => void, ms?: number): unknown;
