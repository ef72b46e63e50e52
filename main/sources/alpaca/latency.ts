/** Receive-to-commit latency, weighted by messages per frame. */
export class LatencyRecorder {
  private samples: Array<[number, number]> = [];

  record(frames: Array<[number, number]>, committedMs: number): void {
    for (const [receivedMs, n] of frames) this.samples.push([committedMs - receivedMs, n]);
  }

  summary(): { p50: number; p99: number; count: number } {
    const sorted = [...this.samples].sort((a, b) => a[0] - b[0]);
    const total = sorted.reduce((s, [, n]) => s + n, 0);
    const at = (q: number): number => {
      let acc = 0;
      for (const [ms, n] of sorted) {
        acc += n;
        if (acc >= q * total) return ms;
      }
      return sorted.at(-1)?.[0] ?? 0;
    };
    return { p50: at(0.5), p99: at(0.99), count: total };
  }

  reset(): void {
    this.samples = [];
  }
}
