import type { Duck } from '../duck/duck';
import type { Lake } from '../lake/types';

/**
 * What the research handlers borrow from the workstation service: its lake, its DuckDB
 * connection (views of every table attached), the queue that serializes work on that
 * connection, and the refresh that re-attaches views when a table version moved.
 */
export interface ResearchContext {
  lake: Lake;
  duck: Duck;
  serial: <T>(work: () => Promise<T>) => Promise<T>;
  refresh: () => Promise<boolean>;
  /** True when the table id (layer.name) is attached. */
  has: (id: string) => boolean;
}
