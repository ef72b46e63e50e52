import { describe, expect, it } from 'vitest';
import type { DeltaLake } from '../lake/lake';
import { createLogger, silentSink } from '../observability/logger';
import { EnvSecretStore } from '../secrets/secret-store';
import { ALPACA_DATA_URL } from '../sources/alpaca/rest-client';
import { classifyError } from './errors';
import { createSourcesProvider } from './sources';

const log = createLogger('test', silentSink);
const lake = {} as DeltaLake;

describe('sources provider', () => {
  it('without keys starts each offline server once, on first use, and stops them on close', async () => {
    const sources = createSourcesProvider(lake, log, { store: new EnvSecretStore({}), env: {} });
    const [a1, a2] = await Promise.all([sources.alpaca(), sources.alpaca()]);
    expect(a1).toEqual(a2);
    expect(a1.offline).toBe(true);
    expect(a1.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await sources.reddit();
    expect(r.offline).toBe(true);
    const bars = await fetch(`${a1.restUrl}/v2/stocks/MSFT/bars?timeframe=1Day&start=2000-12-11&end=2000-12-11`, { headers: { 'APCA-API-KEY-ID': a1.keyId, 'APCA-API-SECRET-KEY': a1.secretKey } });
    expect(bars.status).toBe(200);
    await bars.body?.cancel();
    await sources.close();
    await expect(fetch(`${a1.restUrl}/v2/stocks/MSFT/bars`)).rejects.toThrow();
    await expect(fetch(`${r.baseUrl}/r/stocks/new`)).rejects.toThrow();
    await expect(sources.alpaca()).rejects.toThrow(/closed/);
  });

  it('with keys configured uses the real APIs and starts nothing', async () => {
    const store = new EnvSecretStore({ APCA_API_KEY_ID: 'AKTEST', APCA_API_SECRET_KEY: 'secret', REDDIT_CLIENT_ID: 'cid', REDDIT_CLIENT_SECRET: 'csecret' });
    const sources = createSourcesProvider(lake, log, { store, env: {} });
    const a = await sources.alpaca();
    expect(a).toMatchObject({ restUrl: ALPACA_DATA_URL, offline: false, keyId: 'AKTEST' });
    expect(a.streamUrl).toMatch(/^wss:\/\/stream\.data\.alpaca\.markets\//);
    expect(await sources.reddit()).toMatchObject({ baseUrl: 'https://oauth.reddit.com', offline: false, clientId: 'cid' });
    await sources.close();
  });

  it('FDE_ALPACA_URL points at a running server; a remote one without keys and a missing PostgreSQL URL are bad input', async () => {
    const local = createSourcesProvider(lake, log, { store: new EnvSecretStore({}), env: { FDE_ALPACA_URL: 'http://127.0.0.1:8090/' } });
    expect(await local.alpaca()).toMatchObject({ restUrl: 'http://127.0.0.1:8090', streamUrl: 'ws://127.0.0.1:8090/v2/iex', offline: true });
    const remote = createSourcesProvider(lake, log, { store: new EnvSecretStore({}), env: { FDE_ALPACA_URL: 'https://alpaca.example.com' } });
    expect(classifyError(await remote.alpaca().catch((e: unknown) => e))).toBe('bad_input');
    expect(classifyError(await remote.postgres().catch((e: unknown) => e))).toBe('bad_input');
    const pg = createSourcesProvider(lake, log, { store: new EnvSecretStore({}), env: { FDE_PG_URL: 'postgres://u@127.0.0.1:5432/db' } });
    expect(await pg.postgres()).toEqual({ connectionString: 'postgres://u@127.0.0.1:5432/db' });
    await Promise.all([local.close(), remote.close(), pg.close()]);
  });
});
