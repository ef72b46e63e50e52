import type { ResearchContext } from '../research/context';

/**
 * What the operations handlers borrow from the workstation service: the same lake, DuckDB
 * connection, serial queue and view refresh as the research handlers.
 */
export type OpsContext = ResearchContext;
