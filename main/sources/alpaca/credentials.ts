/**
 * Alpaca keys: from the environment (APCA_API_KEY_ID / APCA_API_SECRET_KEY) or the OS keychain
 * (`fde secrets set alpaca.key_id`), never from files or flags, never logged.
 */
import { defaultSecretStore } from '../../secrets/keychain-store';
import { SECRET_NAMES, type SecretStore } from '../../secrets/secret-store';

export interface AlpacaKeys {
  key: string;
  secret: string;
}

export async function resolveAlpacaKeys(options: { store?: SecretStore; offline?: boolean } = {}): Promise<AlpacaKeys | undefined> {
  const store = options.store ?? defaultSecretStore();
  const key = await store.get(SECRET_NAMES.alpacaKeyId);
  const secret = await store.get(SECRET_NAMES.alpacaSecretKey);
  if (key && secret) return { key, secret };
  // The offline server accepts any key pair unless started with --keys.
  return options.offline ? { key: 'offline', secret: 'offline' } : undefined;
}
