/**
 * MSAL's token cache in the OS keychain, one entry per signed-in account (so signing one account
 * out deletes exactly its refresh token, and several accounts and tenants live side by side),
 * plus one index entry that lists the accounts. MSAL hands us its whole serialized cache; we split
 * it by `home_account_id` after each access and merge the entries back before the next one.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { KeyedSecretStore } from '../secrets/secret-store';

type Section = Record<string, { home_account_id?: string } & Record<string, unknown>>;
type SerializedCache = Record<string, Section>;
const SECTIONS = ['Account', 'IdToken', 'AccessToken', 'RefreshToken'] as const;
/** Entries not tied to an account (MSAL's AppMetadata) live under this pseudo account. */
const APP = '_app';

export class KeyringCachePlugin implements ICachePlugin {
  /** What was last read or written per account, to skip keychain writes that change nothing. */
  private readonly written = new Map<string, string>();

  constructor(
    private readonly store: KeyedSecretStore,
    /** Entry names start with this (one namespace per client id). */
    private readonly namespace: string,
  ) {}

  private indexKey(): string {
    return `${this.namespace}.accounts`;
  }
  private accountKey(id: string): string {
    return `${this.namespace}.account.${id}`;
  }

  async accountIds(): Promise<string[]> {
    const raw = await this.store.get(this.indexKey());
    if (!raw) return [];
    try {
      const ids: unknown = JSON.parse(raw);
      return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    const merged: SerializedCache = {};
    for (const id of await this.accountIds()) {
      const raw = await this.store.get(this.accountKey(id));
      if (!raw) continue;
      this.written.set(id, raw);
      let part: SerializedCache;
      try {
        part = JSON.parse(raw) as SerializedCache;
      } catch {
        continue; // a damaged entry costs that account a new sign-in, not the whole cache
      }
      for (const [section, entries] of Object.entries(part)) merged[section] = { ...merged[section], ...entries };
    }
    context.tokenCache.deserialize(JSON.stringify(merged));
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) return;
    const full = JSON.parse(context.tokenCache.serialize()) as SerializedCache;
    const parts = new Map<string, SerializedCache>();
    for (const [section, entries] of Object.entries(full)) {
      for (const [key, entry] of Object.entries(entries ?? {})) {
        const owner = (SECTIONS as readonly string[]).includes(section) && entry.home_account_id ? entry.home_account_id : APP;
        const part = parts.get(owner) ?? {};
        part[section] = { ...part[section], [key]: entry };
        parts.set(owner, part);
      }
    }
    const ids = [...parts.keys()].filter((id) => id !== APP || parts.size > 1).sort();
    for (const id of ids) {
      const text = JSON.stringify(parts.get(id));
      if (this.written.get(id) === text) continue;
      await this.store.set(this.accountKey(id), text);
      this.written.set(id, text);
    }
    for (const id of await this.accountIds()) {
      if (!ids.includes(id)) {
        await this.store.delete(this.accountKey(id));
        this.written.delete(id);
      }
    }
    if (ids.length === 0) await this.store.delete(this.indexKey());
    else await this.store.set(this.indexKey(), JSON.stringify(ids));
  }
}
