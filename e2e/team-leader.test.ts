/**
 * One scheduler per team: two `fde run` hosts on one team database elect one leader (the lease
 * row's term), the follower shows 0 on the leader gauge; after the leader is killed with SIGKILL
 * the follower takes the lease with the next term once the lease runs out, and only the leader
 * recorded schedule ticks.
 */
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { promValue, spawnFde, stop, teamTestFile, type FdeChild } from './team-support';

const { dir, schema, cleanups, postgres } = teamTestFile('leader');
const LEASE_MS = 6_000;

describe('team scheduler election', () => {
  it('elects one leader of two hosts; the other takes over within the lease after a SIGKILL', async () => {
    const server = await postgres();
    const env = { FDE_TEAM_DB: server.url, FDE_TEAM_SCHEMA: schema, FDE_TEAM_LEASE_MS: String(LEASE_MS), APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' };
    const lake = path.join(dir, 'lake');
    const hosts: FdeChild[] = [0, 1].map(() => {
      const h = spawnFde(['run', '--lake', lake, '--metrics-port', '0', '--grace', '1'], env);
      cleanups.push(() => stop(h, 'SIGKILL'));
      return h;
    });
    const ids = await Promise.all(hosts.map(async (h) => (await h.waitFor(/fde host (\S+) on/))[1]!));
    const urls = await Promise.all(hosts.map(async (h) => (await h.waitFor(/metrics (http:\S+)/))[1]!));
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    cleanups.push(() => pool.end());

    // Exactly one leader: the lease row names it, and only its output says so.
    const first = await Promise.race(hosts.map((h, i) => h.waitFor(/scheduler leader term (\d+)/).then((m) => ({ i, term: Number(m[1]) }))));
    await new Promise((r) => setTimeout(r, LEASE_MS));
    const leader = hosts[first.i]!;
    const follower = hosts[1 - first.i]!;
    expect(follower.out()).not.toMatch(/scheduler leader/);
    const lease = (await pool.query(`SELECT holder, term FROM "${schema}".leases WHERE name = 'scheduler'`)).rows[0] as { holder: string; term: string };
    expect(lease.holder).toBe(ids[first.i]!);
    expect(Number(lease.term)).toBe(first.term);
    const texts = await Promise.all([urls[first.i]!, urls[1 - first.i]!].map(async (u) => (await fetch(u)).text()));
    expect(promValue(texts[0]!, 'fde_scheduler_leader')).toBe(1);
    expect(promValue(texts[1]!, 'fde_scheduler_leader')).toBe(0);
    // The leader's scheduler pass recorded the baseline ticks of the scheduled jobs.
    const ticks = Number((await pool.query(`SELECT count(*) AS n FROM "${schema}".schedule_ticks`)).rows[0].n);
    expect(ticks).toBeGreaterThan(0);

    leader.child.kill('SIGKILL');
    await leader.exited;
    const killedAt = (await pool.query('SELECT clock_timestamp() AS t')).rows[0].t as Date;
    const next = await follower.waitFor(/scheduler leader term (\d+)/, 4 * LEASE_MS + 10_000);
    expect(Number(next[1])).toBe(first.term + 1);
    const after = (await pool.query(`SELECT holder, term, acquired_at FROM "${schema}".leases WHERE name = 'scheduler'`)).rows[0] as { holder: string; term: string; acquired_at: Date };
    expect(after.holder).toBe(ids[1 - first.i]!);
    // By the database's clock: taken no later than the lease time plus one renewal step after the kill.
    expect(after.acquired_at.getTime() - killedAt.getTime()).toBeLessThanOrEqual(LEASE_MS + LEASE_MS / 3 + 2_000);
    const takenText = await (await fetch(urls[1 - first.i]!)).text();
    expect(promValue(takenText, 'fde_scheduler_leader', { term: String(first.term + 1) })).toBe(1);
    await stop(follower);
    expect(follower.out()).toMatch(/host stopped/);
  }, 120_000);
});
