import type { SecretName, SecretStore } from './secret-store';
import { ChainSecretStore, EnvSecretStore } from './secret-store';

export const KEYCHAIN_SERVICE = 'fintech-data-engine';

interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/**
 * The OS keychain through keytar (libsecret on Linux, Keychain on macOS, Credential Vault on
 * Windows). keytar is loaded lazily so commands that never touch secrets do not need a keyring.
 */
export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain';
  private keytar: Promise<KeytarModule> | undefined;
  constructor(private readonly service: string = KEYCHAIN_SERVICE) {}

  private load(): Promise<KeytarModule> {
    this.keytar ??= import('keytar').then((m) => (m.default ?? m) as KeytarModule);
    return this.keytar;
  }
  async get(name: SecretName): Promise<string | undefined> {
    try {
      return (await (await this.load()).getPassword(this.service, name)) ?? undefined;
    } catch {
      // No keyring available (headless server without D-Bus): behave as an empty keychain.
      return undefined;
    }
  }
  async set(name: SecretName, value: string): Promise<void> {
    await (await this.load()).setPassword(this.service, name, value);
  }
  async delete(name: SecretName): Promise<boolean> {
    return (await this.load()).deletePassword(this.service, name);
  }
}

/** The default store: environment variables first, then the OS keychain. */
export function defaultSecretStore(): SecretStore {
  const keychain = new KeychainSecretStore();
  return new ChainSecretStore([new EnvSecretStore(), keychain], keychain);
}
