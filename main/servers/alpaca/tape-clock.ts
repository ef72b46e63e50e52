/**
 * The replay clock: wall time since start, scaled by `speed`, mapped onto consecutive trading
 * sessions (each 6.5 h of tape time). Pausing freezes the tape (used by tests to settle).
 */
import { SESSION_NS } from '../../../pipelines/market/index';

export interface TapePosition {
  day: number;
  rel: number;
}

export class TapeClock {
  private startMs = Date.now();
  private frozenNs: number | undefined;
  private offsetNs = 0;

  /** firehose: the whole first session is available at once (load tests). */
  constructor(
    private readonly speed: number,
    private readonly firehose = false,
  ) {}

  private elapsedNs(): number {
    if (this.firehose) return SESSION_NS - 1;
    if (this.frozenNs !== undefined) return this.frozenNs;
    return (Date.now() - this.startMs) * 1e6 * this.speed + this.offsetNs;
  }

  position(): TapePosition {
    const ns = this.elapsedNs();
    const day = Math.floor(ns / SESSION_NS);
    return { day, rel: ns - day * SESSION_NS };
  }

  pause(): void {
    if (this.frozenNs === undefined) this.frozenNs = this.elapsedNs();
  }

  resume(): void {
    if (this.frozenNs === undefined) return;
    this.offsetNs = this.frozenNs;
    this.startMs = Date.now();
    this.frozenNs = undefined;
  }

  get paused(): boolean {
    return this.frozenNs !== undefined;
  }
}
