/**
 * Test helper: a fresh schema (and its queue schema) on the test PostgreSQL per test file,
 * dropped afterwards. The server is e2e/models-pg-support.ts's: the machine's 127.0.0.1:5432,
 * else a throwaway cluster; CI fails without one.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../../../e2e/models-pg-support';

export interface TeamTestDb {
  url: string;
  schema: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

export async function teamTestDb(prefix = 't'): Promise<TeamTestDb> {
  const server: TestPostgres | undefined = await startTestPostgres();
  if (!server) throw new Error('no PostgreSQL for the team tests (127.0.0.1:5432 or /usr/lib/postgresql/*/bin)');
  const schema = `fde_${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: server.url, max: 8 });
  return {
    url: server.url,
    schema,
    pool,
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}_queue" CASCADE`).catch(() => undefined);
      await pool.end().catch(() => undefined);
      await server.stop();
    },
  };
}
