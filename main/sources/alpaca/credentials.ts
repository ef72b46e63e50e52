/**
 * Alpaca keys: from a SecretStore (OS keychain, when the app provides one) or the environment
 * (APCA_API_KEY_ID / APCA_API_SECRET_KEY). Never from files or flags, never logged.
 */
export interface SecretStore {
  get(service: string, account: string): Promise<string | undefined>;
}

export interface AlpacaKeys {
  key: string;
  secret: string;
}

export async function resolveAlpacaKeys(options: { store?: SecretStore; offline?: boolean } = {}): Promise<AlpacaKeys | undefined> {
  if (options.store) {
    const key = await options.store.get('fde-alpaca', 'key-id');
    const secret = await options.store.get('fde-alpaca', 'secret-key');
    if (key && secret) return { key, secret };
  }
  const key = process.env.APCA_API_KEY_ID;
  const secret = process.env.APCA_API_SECRET_KEY;
  if (key && secret) return { key, secret };
  // The offline server accepts any key pair unless started with --keys.
  return options.offline ? { key: 'offline', secret: 'offline' } : undefined;
}
