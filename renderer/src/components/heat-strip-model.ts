/**
 * The partition heat-strip's drawing, kept apart from React: partitions in order, one cell each,
 * laid out in columns of `rows` cells (a day's symbols stack in a column for symbol-day jobs).
 * A pushed update repaints only the cells that changed, so 10,000+ partitions stay smooth.
 */
import type { PartitionInfo } from '../../../api/jobs-api';

export type CellState = PartitionInfo['state'];
export const STATES: readonly CellState[] = ['done', 'missing', 'failed', 'running', 'queued', 'cancelled'];

export class HeatStripModel {
  private keys: string[] = [];
  private index = new Map<string, number>();
  private states: Uint8Array = new Uint8Array(0);
  private rows = 1;
  private cell = 4;
  private colors: string[] = [];

  /** Replaces the partitions (a new preview or a new job). */
  set(parts: readonly { key: string; state: CellState }[], rows: number): void {
    this.keys = parts.map((p) => p.key);
    this.index = new Map(this.keys.map((k, i) => [k, i]));
    this.states = new Uint8Array(parts.map((p) => STATES.indexOf(p.state)));
    this.rows = Math.max(1, rows);
  }

  get size(): number {
    return this.keys.length;
  }

  counts(): Record<CellState, number> {
    const out = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<CellState, number>;
    for (const s of this.states) out[STATES[s]!]++;
    return out;
  }

  snapshot(): Record<string, CellState> {
    return Object.fromEntries(this.keys.map((k, i) => [k, STATES[this.states[i]!]!]));
  }

  stateOf(key: string): CellState | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : STATES[this.states[i]!];
  }

  keyAt(x: number, y: number): string | undefined {
    const col = Math.floor(x / this.cell);
    const row = Math.floor(y / this.cell);
    return row < this.rows ? this.keys[col * this.rows + row] : undefined;
  }

  /** Full paint: sizes the cells to the canvas width. */
  paint(ctx: CanvasRenderingContext2D, width: number, height: number, colors: string[]): void {
    this.colors = colors;
    const cols = Math.max(1, Math.ceil(this.keys.length / this.rows));
    // Capped so a short range still reads as a strip of cells, not a few big blocks.
    this.cell = Math.max(1, Math.min(Math.floor(width / cols), Math.floor(height / this.rows), 24));
    ctx.clearRect(0, 0, width, height);
    for (let i = 0; i < this.keys.length; i++) this.drawCell(ctx, i);
  }

  /** Applies pushed partition states; repaints the changed cells; returns how many changed. */
  apply(ctx: CanvasRenderingContext2D | null, parts: readonly { key: string; state: CellState }[]): number {
    let changed = 0;
    for (const p of parts) {
      const i = this.index.get(p.key);
      const s = STATES.indexOf(p.state);
      if (i === undefined || this.states[i] === s) continue;
      this.states[i] = s;
      changed++;
      if (ctx) this.drawCell(ctx, i);
    }
    return changed;
  }

  private drawCell(ctx: CanvasRenderingContext2D, i: number): void {
    const c = this.cell;
    const x = Math.floor(i / this.rows) * c;
    const y = (i % this.rows) * c;
    ctx.fillStyle = this.colors[this.states[i]!] ?? '#888';
    ctx.fillRect(x, y, c > 2 ? c - 1 : c, c > 2 ? c - 1 : c);
  }
}
