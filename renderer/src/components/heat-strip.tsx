import { useEffect, useLayoutEffect, useRef } from 'react';
import type { PartitionInfo } from '../../../api/jobs-api';
import { useTheme } from '../shell/theme';
import { HeatStripModel, STATES, type CellState } from './heat-strip-model';
import { useEvent } from './use-event';
import './ops.css';

declare global {
  interface HTMLCanvasElement {
    /** Applies pushed partition states as the event handler does; returns the repaint time in ms (bench:ui-ops). */
    fdeApply?: (parts: Array<{ key: string; state: CellState }>) => number;
    /** The state of every partition drawn (e2e tests compare it with `fde jobs history`). */
    fdeStates?: () => Record<string, CellState>;
  }
}

/**
 * Cell colours per theme (the same as the --st-* variables in ops.css). Read from here, not from
 * the CSS: the theme context changes before <html data-theme> does, so computed styles would
 * still hold the old theme while the strip repaints.
 */
const PALETTE: Record<'light' | 'dark', Record<CellState, string>> = {
  light: { done: '#2e9e57', missing: '#d5dae3', failed: '#d64541', running: '#2f7ae5', queued: '#9bb5e8', cancelled: '#a58b5c' },
  dark: { done: '#3fb96a', missing: '#2a313b', failed: '#ff6b63', running: '#5b9dff', queued: '#34507f', cancelled: '#9c8457' },
};

/**
 * Partitions as a canvas strip, one cell per partition. `parts` sets the strip; pushed
 * partitionUpdated events for `job` repaint only the changed cells.
 */
export function HeatStrip({ job, parts, rows, onPick, onChange }: {
  job: string;
  parts: readonly { key: string; state: CellState }[];
  rows: number;
  onPick?: (key: string) => void;
  onChange?: (counts: Record<CellState, number>) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const model = useRef(new HeatStripModel());
  const theme = useTheme();
  const changed = useRef(onChange);
  changed.current = onChange;

  // New partitions replace the model; a theme change only repaints (pushed states are kept).
  useLayoutEffect(() => {
    model.current.set(parts, rows);
  }, [parts, rows]);
  useLayoutEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const w = (c.width = c.clientWidth || 800);
    const h = (c.height = c.clientHeight || 72);
    model.current.paint(c.getContext('2d')!, w, h, STATES.map((st) => PALETTE[theme][st]));
    c.dataset.partitions = String(model.current.size);
    const counts = model.current.counts();
    c.dataset.done = String(counts.done);
    changed.current?.(counts);
  }, [parts, rows, theme]);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    c.fdeApply = (updates) => {
      const t0 = performance.now();
      const n = model.current.apply(c.getContext('2d'), updates);
      const ms = performance.now() - t0;
      if (n > 0) {
        const counts = model.current.counts();
        c.dataset.done = String(counts.done);
        changed.current?.(counts);
      }
      return ms;
    };
    c.fdeStates = () => model.current.snapshot();
    return () => {
      c.fdeApply = undefined;
      c.fdeStates = undefined;
    };
  }, []);

  // The pushed events, not polling: the listener lives as long as the strip.
  useEventFor(job, (p) => canvas.current?.fdeApply?.(p));

  return (
    <canvas
      ref={canvas}
      className="heat-strip"
      data-testid="heat-strip"
      role="img"
      aria-label={`partition states of ${job}`}
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        const key = model.current.keyAt(e.clientX - r.left, e.clientY - r.top);
        if (key) onPick?.(key);
      }}
    />
  );
}

function useEventFor(job: string, apply: (parts: PartitionInfo[]) => void): void {
  useEvent('partitionUpdated', (e) => {
    if (e.job === job) apply(e.partitions);
  });
}
