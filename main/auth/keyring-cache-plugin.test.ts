import { describe, expect, it } from 'vitest';
import type { TokenCacheContext } from '@azure/msal-node';
import { MemoryKeyedStore } from '../secrets/secret-store';
import { KeyringCachePlugin } from './keyring-cache-plugin';

/** A cache with two accounts in two tenants, in MSAL's serialization format. */
const cache = (ids: string[]) =>
  JSON.stringify({
    Account: Object.fromEntries(ids.map((id) => [`${id}-env-t`, { home_account_id: id, username: `${id}@x` }])),
    RefreshToken: Object.fromEntries(ids.map((id) => [`${id}-env-refreshtoken-c--`, { home_account_id: id, secret: `rt-${id}` }])),
    AppMetadata: { 'appmetadata-env-c': { client_id: 'c', environment: 'env' } },
  });

function context(serialized: string, changed: boolean) {
  let loaded = '';
  const ctx = {
    cacheHasChanged: changed,
    tokenCache: { serialize: () => serialized, deserialize: (s: string) => void (loaded = s) },
  } as unknown as TokenCacheContext;
  return { ctx, loaded: () => loaded };
}

describe('KeyringCachePlugin', () => {
  it('keeps one keychain entry per account and merges them back', async () => {
    const store = new MemoryKeyedStore();
    const plugin = new KeyringCachePlugin(store, 'msal.c');
    await plugin.afterCacheAccess(context(cache(['alice', 'bob']), true).ctx);
    expect([...store.entries.keys()].sort()).toEqual(['msal.c.account._app', 'msal.c.account.alice', 'msal.c.account.bob', 'msal.c.accounts']);
    expect(store.entries.get('msal.c.account.alice')).not.toContain('rt-bob');

    const read = context('', false);
    await new KeyringCachePlugin(store, 'msal.c').beforeCacheAccess(read.ctx);
    const merged = JSON.parse(read.loaded()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(merged.RefreshToken ?? {})).toHaveLength(2);
    expect(Object.keys(merged.AppMetadata ?? {})).toHaveLength(1);
  });

  it('signing one account out deletes exactly its entry; the last one removes the index', async () => {
    const store = new MemoryKeyedStore();
    const plugin = new KeyringCachePlugin(store, 'msal.c');
    await plugin.afterCacheAccess(context(cache(['alice', 'bob']), true).ctx);
    await plugin.afterCacheAccess(context(cache(['alice']), true).ctx);
    expect(store.entries.has('msal.c.account.bob')).toBe(false);
    expect(store.entries.get('msal.c.accounts')).toBe(JSON.stringify(['_app', 'alice']));
    await plugin.afterCacheAccess(context(JSON.stringify({ Account: {}, RefreshToken: {} }), true).ctx);
    expect([...store.entries.keys()]).toEqual([]);
  });
});
