import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SqlResult } from '../../../../api/research-api';

const ROW_HEIGHT = 24;

/** Cells as text: exact numbers (no rounding), JSON for lists/structs, an empty cell for NULL. */
export function cellText(value: SqlResult['rows'][number][number]): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The result rows, virtualized: only the rows in view (plus a few) are in the DOM, so 100k rows
 * scroll as smoothly as 100.
 */
export function ResultGrid({ result }: { result: SqlResult }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: result.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  return (
    <div ref={scroller} className="result-grid" data-testid="result-grid" data-rows={result.rows.length} tabIndex={0} role="grid" aria-rowcount={result.rows.length + 1} aria-colcount={result.columns.length}>
      <div className="head" role="row">
        <div className="cell idx">#</div>
        {result.columns.map((c) => (
          <div className="cell" key={c.name} role="columnheader" title={c.type} data-testid="grid-column">
            {c.name}
          </div>
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div className="row" role="row" key={item.key} data-testid="grid-row" data-index={item.index} style={{ top: item.start, height: ROW_HEIGHT }}>
            <div className="cell idx">{item.index + 1}</div>
            {result.rows[item.index]!.map((value, i) => (
              <div className="cell" role="gridcell" key={i} title={cellText(value)}>
                {value === null ? <span className="muted">NULL</span> : cellText(value)}
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
