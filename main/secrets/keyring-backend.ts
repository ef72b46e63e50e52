/**
 * The OS keychain behind one small interface, with two implementations: @napi-rs/keyring
 * (maintained, prebuilt binaries from the registry) and keytar (archived in December 2022, builds
 * from source with libsecret-1-dev). `npm run bench:keyring` measures both; docs/auth.md has the
 * numbers and the reason for the default. Both talk to the Secret Service over D-Bus on Linux,
 * Keychain on macOS and the Credential Manager on Windows, so entries written by one are read by
 * the other (same service and account names).
 */
export interface KeyringBackend {
  readonly name: 'napi-keyring' | 'keytar';
  get(service: string, account: string): Promise<string | undefined>;
  set(service: string, account: string, value: string): Promise<void>;
  delete(service: string, account: string): Promise<boolean>;
}

interface NapiKeyringModule {
  AsyncEntry: new (service: string, account: string) => {
    getPassword(): Promise<string | null | undefined>;
    setPassword(password: string): Promise<void>;
    deletePassword(): Promise<boolean>;
  };
}

/** @napi-rs/keyring, loaded lazily so commands that never touch secrets need no keyring. */
export class NapiKeyringBackend implements KeyringBackend {
  readonly name = 'napi-keyring';
  private mod: Promise<NapiKeyringModule> | undefined;
  private load(): Promise<NapiKeyringModule> {
    this.mod ??= import('@napi-rs/keyring') as Promise<NapiKeyringModule>;
    return this.mod;
  }
  async get(service: string, account: string): Promise<string | undefined> {
    const { AsyncEntry } = await this.load();
    return (await new AsyncEntry(service, account).getPassword()) ?? undefined;
  }
  async set(service: string, account: string, value: string): Promise<void> {
    const { AsyncEntry } = await this.load();
    await new AsyncEntry(service, account).setPassword(value);
  }
  async delete(service: string, account: string): Promise<boolean> {
    const { AsyncEntry } = await this.load();
    try {
      return await new AsyncEntry(service, account).deletePassword();
    } catch (error) {
      // keyring-rs reports a missing entry as an error ("No matching entry found").
      if (/no matching entry|not found/i.test(String(error))) return false;
      throw error;
    }
  }
}

interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export class KeytarBackend implements KeyringBackend {
  readonly name = 'keytar';
  private mod: Promise<KeytarModule> | undefined;
  private load(): Promise<KeytarModule> {
    this.mod ??= import('keytar').then((m) => (m.default ?? m) as KeytarModule);
    return this.mod;
  }
  async get(service: string, account: string): Promise<string | undefined> {
    return (await (await this.load()).getPassword(service, account)) ?? undefined;
  }
  async set(service: string, account: string, value: string): Promise<void> {
    await (await this.load()).setPassword(service, account, value);
  }
  async delete(service: string, account: string): Promise<boolean> {
    return (await this.load()).deletePassword(service, account);
  }
}

/** FDE_KEYRING=keytar picks the older backend; the default is @napi-rs/keyring (see docs/auth.md). */
export function defaultKeyringBackend(env: NodeJS.ProcessEnv = process.env): KeyringBackend {
  return env.FDE_KEYRING === 'keytar' ? new KeytarBackend() : new NapiKeyringBackend();
}
