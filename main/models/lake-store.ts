/**
 * The engine's table store: every model table is a Delta table in the lake, written through the
 * lake contract with a txn marker so a retried commit is applied at most once.
 */
import { sqlIdent, type Duck } from '../duck/duck';
import type { Lake } from '../lake/types';
import type { TableStore } from './table-store';

export const SCRATCH_SCHEMA = 'fde_scratch';

export function lakeStore(lake: Lake, duck: Duck): TableStore {
  return {
    kind: 'lake',
    scratchRelation(layer, name) {
      return `${SCRATCH_SCHEMA}.${sqlIdent(`${layer}__${name}`)}`;
    },
    async version(layer, name) {
      const table = await lake.openTable(layer, name);
      if (!table) return undefined;
      return (await table.snapshot()).version;
    },
    async write(w) {
      const table = await lake.ensureTable({
        layer: w.layer,
        name: w.name,
        columns: w.columns,
        partitionBy: w.partitionBy,
        description: w.description,
      });
      const out = await table.overwrite({ duck, sql: w.sql }, { partitions: w.partitions, txn: w.txn, info: w.info });
      return { version: out.version, committed: out.committed };
    },
    async append(w) {
      const table = await lake.ensureTable({ layer: w.layer, name: w.name, columns: w.columns, partitionBy: w.partitionBy, description: w.description });
      await table.append({ duck, sql: w.sql }, { txn: w.txn, info: w.info });
    },
    async refresh() {
      await lake.attach(duck);
    },
  };
}
