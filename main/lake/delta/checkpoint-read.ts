/** Reads classic Parquet checkpoints (single or multi-part) with DuckDB's Parquet reader. */
import type { Store } from '../storage/store';
import type { Action } from './actions';
import { withLakeDuck } from '../internal-duck';
import { CorruptLogError } from '../errors';
import { quoteIdent } from './schema';

const ACTION_COLUMNS = ['protocol', 'metaData', 'txn', 'add', 'remove'] as const;

export async function readCheckpointActions(store: Store, keys: string[], table: string): Promise<Action[]> {
  const files: string[] = [];
  for (const key of keys) files.push(await store.localPath(key));
  const list = `[${files.map(sqlText).join(', ')}]`;
  return withLakeDuck(async (duck) => {
    let present: string[];
    try {
      const described = await duck.all<{ column_name: string }>(
        `DESCRIBE SELECT * FROM read_parquet(${list}, union_by_name = true, hive_partitioning = false)`,
      );
      present = described.map((r) => r.column_name);
    } catch (error) {
      throw new CorruptLogError(`table ${table}: cannot read checkpoint ${keys[0]}: ${(error as Error).message.split('\n')[0]}`);
    }
    if (present.some((c) => c === 'checkpointMetadata' || c === 'sidecar')) {
      // A v2 checkpoint in classic naming; the protocol check reports the feature by name.
      return [{ checkpointMetadata: {} }];
    }
    const cols = ACTION_COLUMNS.filter((c) => present.includes(c));
    if (cols.length === 0) return [];
    // One aggregated JSON text per action type: far cheaper than materialising 10^4+ rows in JS.
    const select = cols
      .map((c) => `string_agg(CAST(to_json(${quoteIdent(c)}) AS VARCHAR), ',') FILTER (WHERE ${quoteIdent(c)} IS NOT NULL) AS ${quoteIdent(c)}`)
      .join(', ');
    const reader = await duck.connection.runAndReadAll(`SELECT ${select} FROM read_parquet(${list}, union_by_name = true, hive_partitioning = false)`);
    const row = reader.getRows()[0] ?? [];
    const out: Action[] = [];
    cols.forEach((c, i) => {
      const text = row[i];
      if (typeof text !== 'string' || text === '') return;
      for (const value of JSON.parse(`[${text}]`) as Array<Record<string, unknown>>) {
        out.push({ [c]: dropNulls(value) } as Action);
      }
    });
    return out;
  });
}

/** Checkpoint structs carry every optional field as null; JSON commits omit them. */
function dropNulls(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = v;
  return out;
}

function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
