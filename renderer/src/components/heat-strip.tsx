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

function themeColors(el: Element): string[] {
  const css = getComputedStyle(el);
  return STATES.map((s) => css.getPropertyValue(`--st-${s}`).trim() || '#888');
}

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

  useLayoutEffect(() => {
    const c = canvas.current;
    if (!c) return;
    model.current.set(parts, rows);
    const w = (c.width = c.clientWidth || 800);
    const h = (c.height = c.clientHeight || 72);
    model.current.paint(c.getContext('2d')!, w, h, themeColors(c));
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
