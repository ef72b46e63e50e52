/**
 * How long-running engine work reports progress. The engine only calls this interface; hosts
 * decide how to draw it: the CLI as bars (main/cli/progress.ts), the runtime as events that the
 * UI shows per partition (progressEvents below).
 */
export interface Progress {
  start(label: string, total: number): void;
  update(done: number, detail?: string): void;
  stop(summary?: string): void;
  /** A one-off status line ("step 3/6: building silver"). */
  step(text: string): void;
}

export type ProgressEvent =
  | { kind: 'start'; label: string; total: number }
  | { kind: 'update'; label: string; done: number; total: number; detail?: string }
  | { kind: 'stop'; label: string; summary?: string }
  | { kind: 'step'; text: string };

/** A Progress that forwards every call as a plain event (for the runtime's event stream and logs). */
export function progressEvents(sink: (event: ProgressEvent) => void): Progress {
  let label = '';
  let total = 0;
  return {
    start(l, t) {
      label = l;
      total = t;
      sink({ kind: 'start', label, total });
    },
    update(done, detail) {
      sink({ kind: 'update', label, done, total, ...(detail !== undefined ? { detail } : {}) });
    },
    stop(summary) {
      sink({ kind: 'stop', label, ...(summary !== undefined ? { summary } : {}) });
    },
    step(text) {
      sink({ kind: 'step', text });
    },
  };
}

/** A Progress that shows nothing (tests, JSON output, background work without a listener). */
export const silentProgress: Progress = {
  start() {},
  update() {},
  stop() {},
  step() {},
};
