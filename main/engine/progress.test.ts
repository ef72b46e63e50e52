import { describe, expect, it } from 'vitest';
import { progressEvents, type ProgressEvent } from './progress';

describe('progressEvents', () => {
  it('forwards start, update, step and stop as events carrying the label and total', () => {
    const events: ProgressEvent[] = [];
    const progress = progressEvents((e) => events.push(e));
    progress.start('partitions', 4);
    progress.update(1, 'MSFT 2024-01-02');
    progress.step('building silver');
    progress.stop('done');
    expect(events).toEqual([
      { kind: 'start', label: 'partitions', total: 4 },
      { kind: 'update', label: 'partitions', done: 1, total: 4, detail: 'MSFT 2024-01-02' },
      { kind: 'step', text: 'building silver' },
      { kind: 'stop', label: 'partitions', summary: 'done' },
    ]);
  });
});
