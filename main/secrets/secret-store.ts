/**
 * Secrets live in the OS keychain (@napi-rs/keyring or keytar, see docs/auth.md) or in
 * environment variables — never in files, logs or the lake. Code asks for a secret by its
 * logical name; the store chain decides where it comes from (environment first, so CI and
 * servers need no keychain).
 */
export const SECRET_NAMES = {
  alpacaKeyId: 'alpaca.key_id',
  alpacaSecretKey: 'alpaca.secret_key',
  redditClientId: 'reddit.client_id',
  redditClientSecret: 'reddit.client_secret',
  azureStorageConnectionString: 'azure.storage_connection_string',
  azureStorageSas: 'azure.storage_sas',
  postgresUrl: 'postgres.url',
} as const;
export type SecretName = (typeof SECRET_NAMES)[keyof typeof SECRET_NAMES];

/** Environment variables that supply each secret (the vendors' own conventions where they exist). */
export const SECRET_ENV: Record<SecretName, string> = {
  'alpaca.key_id': 'APCA_API_KEY_ID',
  'alpaca.secret_key': 'APCA_API_SECRET_KEY',
  'reddit.client_id': 'REDDIT_CLIENT_ID',
  'reddit.client_secret': 'REDDIT_CLIENT_SECRET',
  'azure.storage_connection_string': 'AZURE_STORAGE_CONNECTION_STRING',
  'azure.storage_sas': 'AZURE_STORAGE_SAS_TOKEN',
  'postgres.url': 'FDE_POSTGRES_URL',
};

export function isSecretName(value: string): value is SecretName {
  return Object.hasOwn(SECRET_ENV, value);
}

export interface SecretStore {
  readonly kind: string;
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<boolean>;
}

export class EnvSecretStore implements SecretStore {
  readonly kind = 'environment';
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}
  async get(name: SecretName): Promise<string | undefined> {
    const value = this.env[SECRET_ENV[name]];
    return value && value.length > 0 ? value : undefined;
  }
  async set(): Promise<void> {
    throw new Error('environment secrets are read-only; use the keychain store to save a secret');
  }
  async delete(): Promise<boolean> {
    return false;
  }
}

/** Reads from each store in order; writes go to the first writable store (the keychain). */
export class ChainSecretStore implements SecretStore {
  readonly kind: string;
  constructor(
    private readonly readers: SecretStore[],
    private readonly writer: SecretStore,
  ) {
    this.kind = readers.map((s) => s.kind).join('+');
  }
  async get(name: SecretName): Promise<string | undefined> {
    for (const store of this.readers) {
      const value = await store.get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }
  set(name: SecretName, value: string): Promise<void> {
    return this.writer.set(name, value);
  }
  delete(name: SecretName): Promise<boolean> {
    return this.writer.delete(name);
  }
}

/**
 * A secret store with free-form names (one keychain entry per signed-in account's token cache).
 * KeychainSecretStore is one; MemoryKeyedStore serves unit tests.
 */
export interface KeyedSecretStore {
  readonly kind: string;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
}

export class MemoryKeyedStore implements KeyedSecretStore {
  readonly kind = 'memory';
  readonly entries = new Map<string, string>();
  async get(name: string): Promise<string | undefined> {
    return this.entries.get(name);
  }
  async set(name: string, value: string): Promise<void> {
    this.entries.set(name, value);
  }
  async delete(name: string): Promise<boolean> {
    return this.entries.delete(name);
  }
}
