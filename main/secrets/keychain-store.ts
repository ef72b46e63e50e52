import type { SecretStore } from './secret-store';
import { ChainSecretStore, EnvSecretStore } from './secret-store';
import { defaultKeyringBackend, type KeyringBackend } from './keyring-backend';

export const KEYCHAIN_SERVICE = 'fintech-data-engine';

/**
 * The OS keychain (libsecret on Linux, Keychain on macOS, Credential Manager on Windows) through
 * a KeyringBackend (@napi-rs/keyring by default, keytar with FDE_KEYRING=keytar). Names are plain
 * strings here so the auth token cache can keep one entry per account; the typed SecretStore
 * view (SecretName) is what the rest of the engine uses.
 */
export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain';
  constructor(
    private readonly service: string = KEYCHAIN_SERVICE,
    readonly backend: KeyringBackend = defaultKeyringBackend(),
  ) {}

  async get(name: string): Promise<string | undefined> {
    try {
      return await this.backend.get(this.service, name);
    } catch {
      // No keyring available (headless server without D-Bus): behave as an empty keychain.
      return undefined;
    }
  }
  async set(name: string, value: string): Promise<void> {
    await this.backend.set(this.service, name, value);
  }
  async delete(name: string): Promise<boolean> {
    return this.backend.delete(this.service, name);
  }
}

/** The default store: environment variables first, then the OS keychain. */
export function defaultSecretStore(): SecretStore {
  const keychain = new KeychainSecretStore();
  return new ChainSecretStore([new EnvSecretStore(), keychain], keychain);
}
