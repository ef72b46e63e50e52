/**
 * Alpaca and Reddit records quarantined by their real ingest paths, retried: a corrected record
 * lands once with the very row the ingest writes for that message when it is valid (compared with
 * a reference lake fed the corrected message through the same ingest), a repeat adds nothing, a
 * retry a crash left pending lands once, and a payload still invalid stays quarantined.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuck, sqlString } from '../duck/duck';
import { loadRows } from '../duck/bulk-load';
import { openLake } from '../lake/index';
import { tempDir } from '../lake/test-support/temp';
import { BatchBuilder, emptyBuilderStats } from '../sources/alpaca/batch-builder';
import { BronzeWriter } from '../sources/alpaca/bronze-writer';
import { Dedup } from '../sources/alpaca/dedup';
import { Spool } from '../sources/alpaca/spool';
import { RedditBronzeWriter, type RedditThing } from '../sources/reddit/bronze-writer';
import { defaultNlpModel } from '../../pipelines/nlp/resources';
import { QUARANTINE_RETRIES, RECORD_ID_SQL, retryQuarantined } from './quarantine-retry';

let root: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => void (root = await tempDir('fde-qretry-src-')));
afterAll(async () => root.cleanup());

/** A lake with its own DuckDB connection and the set of attached tables. */
async function openSide(name: string) {
  const lake = await openLake(path.join(root.dir, name));
  const duck = await openDuck({ threads: 1 });
  let attached = new Set<string>();
  const side = {
    lake,
    duck,
    has: (id: string) => attached.has(id),
    reattach: async () => void (attached = new Set(await lake.attach(duck))),
    count: async (sql: string) => Number((await duck.all(sql))[0]!.n),
    /** A table's rows without batch_id (which names the ingest batch or the retry), as JSON. */
    rows: async (table: string, where = 'true') => (await duck.json(`SELECT * EXCLUDE (batch_id) FROM ${table} WHERE ${where} ORDER BY ALL`)).rows,
    recordId: async (where: string) => {
      const [r] = await duck.all(`SELECT ${RECORD_ID_SQL} AS id, raw FROM bronze.quarantine WHERE ${where}`);
      return { id: String(r!.id), raw: JSON.parse(String(r!.raw)) as Record<string, unknown> };
    },
    close: async () => {
      duck.close();
      await lake.close();
    },
  };
  return side;
}
type Side = Awaited<ReturnType<typeof openSide>>;

/** The state a retry leaves when it crashes after its 'pending' log row and before the bronze append. */
async function crashAfterPending(s: Side, recordId: string, retryId: string, target: string, payload: unknown): Promise<void> {
  const log = await s.lake.ensureTable(QUARANTINE_RETRIES);
  const temp = await loadRows(s.duck, 'crashed_retry', [{ name: 'payload', type: 'VARCHAR' }], [{ payload: JSON.stringify(payload) }]);
  await log.append({
    duck: s.duck,
    sql: `SELECT ${sqlString(recordId)} AS record_id, ${sqlString(retryId)} AS retry_id, 'pending' AS state, ${sqlString(target)} AS target, payload, now()::TIMESTAMP AS retried_at FROM ${temp}`,
  });
  await s.reattach();
}

describe('quarantine retry of Alpaca messages', () => {
  const RECEIVED_MS = Date.parse('2000-10-02T13:30:05.250Z');
  const trade = (i: number, p: unknown) => ({ T: 't', S: 'MSFT', i, x: 'Q', p, s: 100, c: ['@'], t: '2000-10-02T13:30:00.000000001Z', z: 'C' });
  const quote = (bp: unknown) => ({ T: 'q', S: 'MSFT', bx: 'Q', bp, bs: 2, ax: 'P', ap: 60.6, as: 3, c: ['R'], t: '2000-10-02T13:30:01.5Z', z: 'C' });
  const status = (t: string) => ({ T: 's', S: 'MSFT', sc: 'H', sm: 'Halt', rc: 'T1', rm: 'News pending', t, z: 'C' });
  /** A minute bar the stream fetched over REST to fill a gap (the stream ingest adds it as a 'repair'). */
  const restBar = (h: number) => ({ T: 'rest-bar', S: 'MSFT', t: '2000-10-02T13:29:00Z', o: 60.1, h, l: 60, c: 60.4, v: 1200, n: 14, vw: 60.2 });
  let lake: Side;
  let reference: Side;

  /** The stream ingest's path: builder, spool segment, bronze writer. */
  async function ingest(s: Side, messages: Array<Record<string, unknown>>, appId: string): Promise<void> {
    const builder = new BatchBuilder(new Dedup(), emptyBuilderStats());
    for (const m of messages) builder.add(m, RECEIVED_MS, m.T === 'rest-bar' ? 'repair' : 'stream');
    const spool = await Spool.open(path.join(root.dir, `${appId}-spool`));
    const writer = await BronzeWriter.open(s.lake, s.duck, appId);
    await writer.commit(spool, await spool.write(1, `${appId}:1`, builder.take()));
    await s.reattach();
  }

  beforeAll(async () => {
    lake = await openSide('alpaca-lake');
    reference = await openSide('alpaca-reference');
    await ingest(lake, [trade(1, 60.5), trade(2, 'x'), quote(-1), status('13:30'), restBar(-1)], 'alpaca-stream-a');
    await ingest(reference, [trade(2, 60.75), quote(60.4), status('2000-10-02T13:30:02Z'), restBar(60.5)], 'alpaca-stream-ref');
  });
  afterAll(async () => {
    await lake.close();
    await reference.close();
  });

  it('lands a corrected trade once, as the ingest writes a valid one; a repeat adds nothing', async () => {
    expect(await lake.count('SELECT count(*) AS n FROM bronze.quarantine')).toBe(4);
    const bad = await lake.recordId(`contract = 'alpaca.trade.v1'`);

    const stillBad = await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [bad.id], fixedRaw: JSON.stringify({ ...bad.raw, p: -5 }) });
    expect(stillBad).toMatchObject({ landed: 0, alreadyLanded: 0 });
    expect(stillBad.stillInvalid).toEqual([{ recordId: bad.id, reason: expect.stringMatching(/^p: /) as string }]);
    expect(stillBad.stillInvalid[0]!.reason).not.toBe(String((await lake.duck.all(`SELECT reason FROM bronze.quarantine WHERE ${RECORD_ID_SQL} = '${bad.id}'`))[0]!.reason));

    const fixed = JSON.stringify({ ...bad.raw, p: 60.75 });
    const first = await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [bad.id], fixedRaw: fixed });
    expect(first).toMatchObject({ landed: 1, alreadyLanded: 0, stillInvalid: [], target: 'bronze.alpaca_trades' });
    await lake.reattach();
    expect(await lake.rows('bronze.alpaca_trades', 'trade_id = 2')).toEqual(await reference.rows('bronze.alpaca_trades'));
    const [landedRow] = await lake.duck.all('SELECT batch_id FROM bronze.alpaca_trades WHERE trade_id = 2');
    expect(landedRow!.batch_id).toBe(`quarantine-retry:${first.retryId}`);
    const snapshot = await (await lake.lake.openTable('bronze', 'alpaca_trades'))!.snapshot();
    expect(snapshot.appTxns[`quarantine-retry:${first.retryId}`]).toBe(1);

    const again = await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [bad.id], fixedRaw: fixed });
    expect(again).toMatchObject({ landed: 0, alreadyLanded: 1 });
    await lake.reattach();
    expect(await lake.count('SELECT count(*) AS n FROM bronze.alpaca_trades')).toBe(2);
    // Quarantine keeps every refused record; the retry log says which landed.
    expect(await lake.count('SELECT count(*) AS n FROM bronze.quarantine')).toBe(4);
  });

  it('lands a corrected status event and a REST gap-repair bar as the stream ingest writes them', async () => {
    const ev = await lake.recordId(`contract = 'alpaca.status.v1'`);
    const bar = await lake.recordId(`contract = 'alpaca.bar.v1'`);
    expect(await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [ev.id], fixedRaw: JSON.stringify({ ...ev.raw, T: 'q' }) })).toMatchObject({
      landed: 0,
      stillInvalid: [{ recordId: ev.id, reason: "T: must be one of 's' for alpaca.status.v1" }],
    });
    expect(await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [ev.id], fixedRaw: JSON.stringify({ ...ev.raw, t: '2000-10-02T13:30:02Z' }) })).toMatchObject({ landed: 1, target: 'bronze.alpaca_events' });
    expect(await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [bar.id], fixedRaw: JSON.stringify({ ...bar.raw, h: 60.5 }) })).toMatchObject({ landed: 1, target: 'bronze.alpaca_bars' });
    await lake.reattach();
    expect(await lake.rows('bronze.alpaca_events')).toEqual(await reference.rows('bronze.alpaca_events'));
    expect(await lake.rows('bronze.alpaca_bars')).toEqual(await reference.rows('bronze.alpaca_bars'));
    expect((await lake.rows('bronze.alpaca_bars'))[0]).toMatchObject({ bar_type: 'rest', timeframe: '1Min', source: 'repair' });
  });

  it('finishes a quote a crash left pending before its append, once', async () => {
    const bad = await lake.recordId(`contract = 'alpaca.quote.v1'`);
    await crashAfterPending(lake, bad.id, 'crashed-quote', 'bronze.alpaca_quotes', { ...bad.raw, bp: 60.4 });
    const resumed = await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [bad.id] });
    expect(resumed).toMatchObject({ retryId: 'crashed-quote', landed: 1, target: 'bronze.alpaca_quotes' });
    await lake.reattach();
    expect(await lake.rows('bronze.alpaca_quotes')).toEqual(await reference.rows('bronze.alpaca_quotes'));
    expect((await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [bad.id] })).alreadyLanded).toBe(1);
    await lake.reattach();
    expect(await lake.count('SELECT count(*) AS n FROM bronze.alpaca_quotes')).toBe(1);
  });
});

describe('quarantine retry of Reddit items', () => {
  const HOST = 'oauth.reddit.com';
  const FETCHED = new Date('2001-09-12T14:00:00.123Z');
  const post = (id: string, score: unknown): RedditThing => ({
    kind: 't3',
    data: { id, name: `t3_${id}`, title: 'Loading up on $AAPL calls, great earnings', selftext: 'Bullish on Apple, strong buy', author: 'someone', subreddit: 'stocks', created_utc: 1000300000, score, num_comments: 3 },
  });
  const comment = (id: string, linkId: string): RedditThing => ({
    kind: 't1',
    data: { id, name: `t1_${id}`, body: 'selling my $MSFT, terrible guidance', author: 'other', subreddit: 'stocks', created_utc: 1000300100, score: 2, link_id: linkId, parent_id: 't3_abc' },
  });
  let lake: Side;
  let reference: Side;

  /** The Reddit ingest's writer (as poll and backfill open it). */
  async function ingest(s: Side, things: RedditThing[]): Promise<void> {
    const writer = await RedditBronzeWriter.open(s.lake, s.duck, defaultNlpModel(), HOST);
    await writer.writeBatch(things, FETCHED);
    await s.reattach();
  }

  beforeAll(async () => {
    lake = await openSide('reddit-lake');
    reference = await openSide('reddit-reference');
    await ingest(lake, [post('abc', 10), post('abd', 'many'), comment('c1', 'abc')]);
    await ingest(reference, [post('abd', 7), comment('c1', 't3_abc')]);
  });
  afterAll(async () => {
    await lake.close();
    await reference.close();
  });

  it('lands a corrected post and its tagged mentions once, as the writer stores a valid one', async () => {
    expect(await lake.count('SELECT count(*) AS n FROM bronze.quarantine')).toBe(2);
    const bad = await lake.recordId(`contract = 'reddit.post.v1'`);

    const stillBad = await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [bad.id], fixedRaw: JSON.stringify({ ...bad.raw, score: 1.5 }) });
    expect(stillBad.landed).toBe(0);
    expect(stillBad.stillInvalid[0]!.reason).toMatch(/^score: .*expected int/);

    const fixed = JSON.stringify({ ...bad.raw, score: 7 });
    const first = await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [bad.id], fixedRaw: fixed });
    expect(first).toMatchObject({ landed: 1, alreadyLanded: 0, stillInvalid: [], target: 'bronze.reddit_posts' });
    await lake.reattach();
    expect(await lake.rows('bronze.reddit_posts', `name = 't3_abd'`)).toEqual(await reference.rows('bronze.reddit_posts'));
    const mentions = await lake.rows('bronze.reddit_mentions', `fullname = 't3_abd'`);
    expect(mentions.map((m) => m.symbol)).toContain('AAPL');
    expect(mentions).toEqual(await reference.rows('bronze.reddit_mentions', `fullname = 't3_abd'`));

    const again = await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [bad.id], fixedRaw: fixed });
    expect(again).toMatchObject({ landed: 0, alreadyLanded: 1 });
    const byReason = await retryQuarantined(lake.lake, lake.duck, lake.has, { reason: String((await lake.duck.all(`SELECT reason FROM bronze.quarantine WHERE ${RECORD_ID_SQL} = '${bad.id}'`))[0]!.reason) });
    expect(byReason).toMatchObject({ landed: 0, alreadyLanded: 1 });
    await lake.reattach();
    expect(await lake.count(`SELECT count(*) AS n FROM bronze.reddit_posts WHERE name = 't3_abd'`)).toBe(1);
    expect(await lake.count(`SELECT count(*) AS n FROM bronze.reddit_mentions WHERE fullname = 't3_abd'`)).toBe(mentions.length);

    // A crash after both appends, before the 'landed' row: the resumed retry's appends (mentions,
    // then the post) are refused by their txn markers.
    const log = await lake.lake.openTable('meta', 'quarantine_retries');
    await log!.overwrite({ duck: lake.duck, sql: `SELECT * FROM meta.quarantine_retries WHERE NOT (record_id = '${bad.id}' AND state = 'landed')` });
    await lake.reattach();
    expect(await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [bad.id] })).toMatchObject({ retryId: first.retryId, landed: 1 });
    await lake.reattach();
    expect(await lake.count(`SELECT count(*) AS n FROM bronze.reddit_posts WHERE name = 't3_abd'`)).toBe(1);
    expect(await lake.count(`SELECT count(*) AS n FROM bronze.reddit_mentions WHERE fullname = 't3_abd'`)).toBe(mentions.length);
  });

  it('finishes a comment a crash left pending before its append, once', async () => {
    const bad = await lake.recordId(`contract = 'reddit.comment.v1'`);
    await crashAfterPending(lake, bad.id, 'crashed-comment', 'bronze.reddit_comments', { ...bad.raw, link_id: 't3_abc' });
    const resumed = await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [bad.id] });
    expect(resumed).toMatchObject({ retryId: 'crashed-comment', landed: 1, target: 'bronze.reddit_comments' });
    await lake.reattach();
    expect(await lake.rows('bronze.reddit_comments')).toEqual(await reference.rows('bronze.reddit_comments'));
    const mentions = await lake.rows('bronze.reddit_mentions', `fullname = 't1_c1'`);
    expect(mentions.map((m) => m.symbol)).toEqual(['MSFT']);
    expect(mentions).toEqual(await reference.rows('bronze.reddit_mentions', `fullname = 't1_c1'`));
    expect((await retryQuarantined(lake.lake, lake.duck, lake.has, { recordIds: [bad.id] })).alreadyLanded).toBe(1);
    await lake.reattach();
    expect(await lake.count(`SELECT count(*) AS n FROM bronze.reddit_comments`)).toBe(1);
  });
});
