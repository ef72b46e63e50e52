/** The Lake contract over a Store: tables at `<layer>/<name>/`, DuckDB views via attach(). */
import { randomUUID } from 'node:crypto';
import type { Duck } from '../duck/duck';
import { LAKE_LAYERS, type Lake, type LakeLayer, type TableInfo, type TableSpec } from './types';
import type { Store } from './storage/store';
import { LakeTable, type LakeTableOptions } from './table';
import type { LogState } from './delta/log-replay';
import { commit } from './delta/commit';
import { checkWritable, WRITE_PROTOCOL } from './delta/protocol';
import { fromColumnSpecs, quoteIdent, sameType, type DeltaStructType } from './delta/schema';
import { buildViewSql } from './attach';
import { LakeError, SchemaError } from './errors';
import { classifyLogFile, fromLogPath, LOG_DIR } from './delta/paths';

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export class DeltaLake implements Lake {
  constructor(
    readonly uri: string,
    readonly store: Store,
    readonly options: LakeTableOptions = {},
  ) {}

  tableKey(layer: LakeLayer, name: string): string {
    return `${layer}/${name}`;
  }

  private readonly tables = new Map<string, LakeTable>();

  /** The table handle (shared per lake, so its cached log state is reused across calls). */
  table(layer: LakeLayer, name: string): LakeTable {
    checkName(layer, name);
    const id = `${layer}.${name}`;
    let t = this.tables.get(id);
    if (!t) {
      t = new LakeTable(this.store, this.tableKey(layer, name), id, this.options);
      this.tables.set(id, t);
    }
    return t;
  }

  async listTables(): Promise<TableInfo[]> {
    return (await this.scanTables()).map((t) => t.info);
  }

  /** Every table with its latest log state (one replay each, shared by listTables and attach). */
  private async scanTables(): Promise<Array<{ info: TableInfo; table: LakeTable; state: LogState }>> {
    const out: Array<{ info: TableInfo; table: LakeTable; state: LogState }> = [];
    for (const layer of LAKE_LAYERS) {
      const names = (await this.store.listDirs(layer)).filter((n) => NAME_RE.test(n)).sort();
      for (const name of names) {
        const table = this.table(layer, name);
        if (!(await hasCommits(this.store, table.tableKey))) continue;
        const state = await table.state();
        let numRecords = 0;
        for (const f of state.files.values()) {
          try {
            const n = (JSON.parse(f.stats ?? '{}') as { numRecords?: number }).numRecords;
            if (typeof n === 'number') numRecords += n;
          } catch {
            // stats are optional
          }
        }
        const info: TableInfo = { id: table.id, layer, name, version: state.version, numFiles: state.files.size, numRecords };
        if (state.metaData.description) info.description = state.metaData.description;
        out.push({ info, table, state });
      }
    }
    return out;
  }

  async openTable(layer: LakeLayer, name: string): Promise<LakeTable | undefined> {
    const table = this.table(layer, name);
    return (await hasCommits(this.store, table.tableKey)) ? table : undefined;
  }

  async ensureTable(spec: TableSpec): Promise<LakeTable> {
    const table = this.table(spec.layer, spec.name);
    const id = table.id;
    const wanted = fromColumnSpecs(spec.columns, id);
    const partitionBy = spec.partitionBy ?? [];
    for (const p of partitionBy) {
      const f = wanted.fields.find((x) => x.name === p);
      if (!f) throw new SchemaError(`table ${id}: partition column '${p}' is not in the columns`);
      if (['binary'].includes(String(f.type))) throw new SchemaError(`table ${id}: partition column '${p}' cannot be ${f.type}`);
    }
    if (partitionBy.length > 0 && partitionBy.length === wanted.fields.length) {
      throw new SchemaError(`table ${id}: at least one column must not be a partition column`);
    }
    for (let attempt = 0; attempt < 20; attempt++) {
      const exists = await hasCommits(this.store, table.tableKey);
      if (!exists) {
        const outcome = await commit(this.store, {
          table: id,
          tableKey: table.tableKey,
          readVersion: -1,
          actions: [
            { protocol: { ...WRITE_PROTOCOL } },
            {
              metaData: {
                id: randomUUID(),
                name: spec.name,
                description: spec.description,
                format: { provider: 'parquet', options: {} },
                schemaString: JSON.stringify(wanted),
                partitionColumns: partitionBy,
                configuration: {},
                createdTime: Date.now(),
              },
            },
          ],
          operation: 'CREATE TABLE',
          operationParameters: { isManaged: 'false', description: spec.description ?? null, partitionBy: JSON.stringify(partitionBy), properties: '{}' },
          isBlindAppend: true,
        }, { maxAttempts: 1 });
        if (outcome.committed) return table;
        continue; // someone else created it: evolve against theirs
      }
      const evolved = await this.evolve(table, wanted, partitionBy, spec);
      if (evolved) return table;
    }
    throw new LakeError(`table ${id}: could not create or update the table after repeated concurrent changes`);
  }

  /** Adds new nullable columns; refuses incompatible changes. False = lost a race, retry. */
  private async evolve(table: LakeTable, wanted: DeltaStructType, partitionBy: string[], spec: TableSpec): Promise<boolean> {
    const id = table.id;
    const { schema, state } = await table.schema();
    if (JSON.stringify(state.metaData.partitionColumns) !== JSON.stringify(partitionBy)) {
      throw new SchemaError(
        `table ${id}: partition columns differ (table has [${state.metaData.partitionColumns.join(', ')}], spec has [${partitionBy.join(', ')}])`,
        'changing partitioning needs a new table (or an overwrite into a new one)',
      );
    }
    const current = new Map(schema.fields.map((f) => [f.name.toLowerCase(), f]));
    const wantedNames = new Set(wanted.fields.map((f) => f.name.toLowerCase()));
    const missing = schema.fields.filter((f) => !wantedNames.has(f.name.toLowerCase())).map((f) => f.name);
    if (missing.length) {
      throw new SchemaError(`table ${id}: the spec drops column(s) ${missing.join(', ')}; dropping columns is not supported`);
    }
    const added = [];
    for (const f of wanted.fields) {
      const cur = current.get(f.name.toLowerCase());
      if (!cur) {
        if (!f.nullable) throw new SchemaError(`table ${id}: new column '${f.name}' must be nullable (existing rows have no value)`);
        added.push(f);
        continue;
      }
      if (cur.name !== f.name) throw new SchemaError(`table ${id}: column '${cur.name}' cannot be renamed to '${f.name}'`);
      if (!sameType(cur.type, f.type)) {
        throw new SchemaError(`table ${id}: column '${f.name}' is ${JSON.stringify(cur.type)} in the table but ${JSON.stringify(f.type)} in the spec; type changes are not supported`);
      }
      if (cur.nullable && !f.nullable) throw new SchemaError(`table ${id}: column '${f.name}' cannot become non-nullable`);
    }
    const descChanged = (spec.description ?? state.metaData.description ?? null) !== (state.metaData.description ?? null);
    if (added.length === 0 && !descChanged) return true;
    checkWritable(id, state.protocol, state.metaData);
    const next: DeltaStructType = { type: 'struct', fields: [...schema.fields, ...added] };
    const outcome = await commit(this.store, {
      table: id,
      tableKey: table.tableKey,
      readVersion: state.version,
      actions: [{ metaData: { ...state.metaData, schemaString: JSON.stringify(next), description: spec.description ?? state.metaData.description } }],
      operation: added.length ? 'ADD COLUMNS' : 'SET TBLPROPERTIES',
      operationParameters: added.length ? { columns: JSON.stringify(added.map((f) => ({ column: f }))) } : {},
      isBlindAppend: false,
    }, { maxAttempts: 1 }).catch((error: unknown) => {
      if (error instanceof LakeError && error.name === 'ConcurrentModificationError') return { committed: false as const, version: -1, reason: 'table-exists' as const };
      throw error;
    });
    return outcome.committed;
  }

  async attach(duck: Duck): Promise<string[]> {
    const scanned = await this.scanTables();
    const nameCount = new Map<string, number>();
    for (const { info: t } of scanned) nameCount.set(t.name.toLowerCase(), (nameCount.get(t.name.toLowerCase()) ?? 0) + 1);
    const ids: string[] = [];
    for (const layer of LAKE_LAYERS) await duck.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(layer)}`);
    for (const { info: t, table, state } of scanned) {
      const sql = await viewSqlForState(table, state);
      await duck.run(`CREATE OR REPLACE VIEW ${quoteIdent(t.layer)}.${quoteIdent(t.name)} AS ${sql}`);
      if (nameCount.get(t.name.toLowerCase()) === 1 && !LAKE_LAYERS.includes(t.name as LakeLayer)) {
        // A bare alias only when unambiguous; never shadow a user's own table.
        await duck.run(`CREATE OR REPLACE VIEW ${quoteIdent(t.name)} AS SELECT * FROM ${quoteIdent(t.layer)}.${quoteIdent(t.name)}`).catch(() => undefined);
      } else {
        // Ambiguous now: an alias from an earlier attach would silently pick one layer.
        await duck.run(`DROP VIEW IF EXISTS ${quoteIdent(t.name)}`).catch(() => undefined);
      }
      ids.push(t.id);
    }
    return ids;
  }

  async close(): Promise<void> {
    // Nothing held open per lake; the shared internal DuckDB lives for the process.
  }
}

/** View SQL over a table's latest (or given) snapshot. */
export async function viewSqlFor(table: LakeTable, at?: { version?: number; timestamp?: number }): Promise<string> {
  return viewSqlForState(table, await table.state(at));
}

async function viewSqlForState(table: LakeTable, state: LogState): Promise<string> {
  const files = [];
  for (const add of state.files.values()) {
    const key = `${table.tableKey}/${fromLogPath(add.path, table.id)}`;
    files.push({ localPath: await table.store.localPath(key, { size: add.size }), partitionValues: add.partitionValues ?? {} });
  }
  return buildViewSql(table.id, state.schema.fields, state.metaData.partitionColumns, files);
}

/**
 * True when the table has a commit or checkpoint. Only real log files count: a concurrent
 * creator's in-flight temp file in _delta_log/ must not make the table look created.
 */
async function hasCommits(store: Store, tableKey: string): Promise<boolean> {
  const entries = await store.list(`${tableKey}/${LOG_DIR}`, { metadata: false });
  return entries.some((e) => {
    const kind = classifyLogFile(e.path.slice(e.path.lastIndexOf('/') + 1), 0, 0).kind;
    return kind === 'commit' || kind === 'checkpoint';
  });
}

function checkName(layer: string, name: string): void {
  if (!LAKE_LAYERS.includes(layer as LakeLayer)) {
    throw new LakeError(`unknown lake layer '${layer}'`, `layers are ${LAKE_LAYERS.join(', ')}`);
  }
  if (!NAME_RE.test(name)) {
    throw new LakeError(`invalid table name '${name}'`, 'use letters, digits and underscores, starting with a letter or underscore');
  }
}
