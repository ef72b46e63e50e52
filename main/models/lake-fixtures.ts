/**
 * Test/bench helper: copies the bronze-shaped DuckDB tables made by fixtures.ts into a lake as
 * Delta tables (one append per table, with a txn marker so re-seeding the same batch is a no-op).
 */
import type { Duck } from '../duck/duck';
import type { ColumnSpec, Lake, LakeLayer } from '../lake/types';
import { mapDuckType } from './delta-types';
import { describe } from './materialize';

export async function copyToLake(lake: Lake, duck: Duck, relation: string, batch: { appId: string; version: number }, partitionBy: string[] = []): Promise<boolean> {
  const [layer, name] = relation.split('.') as [LakeLayer, string];
  const cols = await describe(duck, relation);
  const columns: ColumnSpec[] = cols.map((c) => ({ name: c.name, type: mapDuckType(c.type).type }));
  const table = await lake.ensureTable({ layer, name, columns, partitionBy });
  const out = await table.append({ duck, sql: `SELECT * FROM ${relation}` }, { txn: batch });
  return out.committed;
}

/** Seeds a lake with the demo bronze of fixtures.ts (exactly once per batch version). */
export async function seedLakeFromFixtures(lake: Lake, batchVersion = 1): Promise<void> {
  const { openDuck } = await import('../duck/duck');
  const { seedDemoBronze, BRONZE_DDL } = await import('./fixtures');
  const seed = await openDuck({ threads: 2 });
  try {
    await seedDemoBronze(seed);
    for (const t of Object.keys(BRONZE_DDL)) await copyToLake(lake, seed, `bronze.${t}`, { appId: 'fixture-seed', version: batchVersion });
    await copyToLake(lake, seed, 'meta.symbols', { appId: 'fixture-seed', version: batchVersion });
  } finally {
    seed.close();
  }
}
