/**
 * Sign-in with @azure/msal-node as a public client: authorization code + PKCE through the system
 * browser with MSAL's loopback redirect (the desktop pattern; no embedded web view sees the
 * password), device code for headless hosts, silent refresh, several accounts and tenants, and
 * sign-out. The token cache lives in the OS keychain (KeyringCachePlugin); the current account
 * (not a secret) is remembered in the config folder.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PublicClientApplication, type AccountInfo, type AuthenticationResult } from '@azure/msal-node';
import type { KeyedSecretStore } from '../secrets/secret-store';
import { KeychainSecretStore } from '../secrets/keychain-store';
import { KeyringCachePlugin } from './keyring-cache-plugin';
import { authorityFor, configDir, type TeamSettings } from './settings';
import { isNetworkFailure, SignInRequiredError, translateSignInError } from './auth-errors';

export interface AccountSummary {
  /** MSAL's home account id (stable per user and tenant). */
  id: string;
  username: string;
  name: string;
  tenantId: string;
}

export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  message: string;
}

export interface AuthSessionOptions {
  settings: TeamSettings;
  /** Token cache store; the OS keychain by default. */
  store?: KeyedSecretStore;
  /** Sign in to another tenant than the settings' (guest accounts, several tenants). */
  tenant?: string;
  clientId?: string;
  env?: NodeJS.ProcessEnv;
}

const MICROSOFT_HOSTS = /(^|\.)(login\.microsoftonline\.(com|us)|login\.chinacloudapi\.cn|login\.partner\.microsoftonline\.cn)$/i;
const NETWORK_RETRIES = 3;

export function summarize(a: AccountInfo): AccountSummary {
  const claims = a.idTokenClaims ?? {};
  const tid = typeof claims.tid === 'string' ? claims.tid : a.tenantId;
  return { id: a.homeAccountId, username: a.username || String(claims.preferred_username ?? ''), name: a.name ?? '', tenantId: tid };
}

export class AuthSession {
  readonly app: PublicClientApplication;
  readonly authority: string;
  readonly clientId: string;
  readonly scopes: string[];
  private readonly plugin: KeyringCachePlugin;
  private readonly env: NodeJS.ProcessEnv;

  constructor(readonly options: AuthSessionOptions) {
    const { settings } = options;
    this.env = options.env ?? process.env;
    this.clientId = options.clientId ?? settings.clientId;
    this.authority = authorityFor(settings, options.tenant);
    this.scopes = [settings.storageScope];
    const host = new URL(this.authority).host;
    this.plugin = new KeyringCachePlugin(options.store ?? new KeychainSecretStore(), `msal.${this.clientId}`);
    // Entra authorities use MSAL's AAD mode; any other OpenID authority (a B2C-like or the test
    // authority) needs OIDC mode and must be listed as known (no instance discovery).
    const entra = MICROSOFT_HOSTS.test(new URL(this.authority).hostname);
    this.app = new PublicClientApplication({
      auth: { clientId: this.clientId, authority: this.authority, ...(entra ? {} : { knownAuthorities: [host] }) },
      cache: { cachePlugin: this.plugin },
      system: { ...(entra ? {} : { protocolMode: 'OIDC' as const }), loggerOptions: { piiLoggingEnabled: false, logLevel: 0, loggerCallback: () => undefined } },
    });
  }

  private get host(): string {
    return new URL(this.authority).host;
  }

  /** Interactive sign-in: MSAL opens `openBrowser(url)` and listens on a loopback redirect. */
  async signInInteractive(openBrowser: (url: string) => Promise<void>): Promise<AccountSummary> {
    const result = await this.guard(() =>
      this.app.acquireTokenInteractive({
        scopes: this.scopes,
        openBrowser,
        // Refresh tokens are only issued after consent by some authorities (and asked for here
        // once, at sign-in; silent refresh never prompts).
        prompt: 'consent',
        successTemplate: '<h1>Signed in</h1><p>You can close this tab and return to Fintech Data Engine.</p>',
        errorTemplate: '<h1>Sign-in failed</h1><p>Return to Fintech Data Engine for details.</p>',
      }),
    );
    return this.remember(result);
  }

  async signInDeviceCode(onPrompt: (prompt: DeviceCodePrompt) => void): Promise<AccountSummary> {
    const result = await this.guard(() =>
      this.app.acquireTokenByDeviceCode({
        scopes: this.scopes,
        deviceCodeCallback: (r) =>
          onPrompt({
            userCode: r.userCode,
            verificationUri: r.verificationUri,
            // Entra sends this sentence; other authorities may not, so it is rebuilt when missing.
            message: r.message || `To sign in, use a web browser to open the page ${r.verificationUri} and enter the code ${r.userCode} to authenticate.`,
          }),
      }),
    );
    if (!result) throw new SignInRequiredError('the device code expired before sign-in finished');
    return this.remember(result);
  }

  async accounts(): Promise<AccountSummary[]> {
    return (await this.app.getTokenCache().getAllAccounts()).map(summarize);
  }

  /** The account the lake uses: the one chosen last, else the only one. */
  async currentAccount(): Promise<AccountInfo | undefined> {
    const all = await this.app.getTokenCache().getAllAccounts();
    const chosen = await readCurrent(this.env);
    return all.find((a) => a.homeAccountId === chosen) ?? (all.length === 1 ? all[0] : undefined);
  }

  /** Signs out one account (by id or username) or all; removes their tokens from the keychain. */
  async signOut(which?: string): Promise<AccountSummary[]> {
    const cache = this.app.getTokenCache();
    const all = await cache.getAllAccounts();
    const gone = which ? all.filter((a) => a.homeAccountId === which || a.username.toLowerCase() === which.toLowerCase()) : all;
    for (const a of gone) await cache.removeAccount(a);
    const current = await readCurrent(this.env);
    if (!current || gone.some((a) => a.homeAccountId === current)) await writeCurrent(this.env, undefined);
    return gone.map(summarize);
  }

  async useAccount(id: string): Promise<void> {
    await writeCurrent(this.env, id);
  }

  /**
   * A storage token for the current account, refreshed silently. Network failures are retried
   * (a refresh that lost its connection), an expired or revoked refresh token becomes
   * SignInRequiredError. The token is returned to the SDK pipeline only, never logged.
   */
  async getToken(scopes: string[] = this.scopes, account?: AccountInfo): Promise<AuthenticationResult> {
    const acc = account ?? (await this.currentAccount());
    if (!acc) throw new SignInRequiredError('no signed-in account');
    let attempt = 0;
    for (;;) {
      try {
        return await this.app.acquireTokenSilent({ account: acc, scopes });
      } catch (error) {
        if (isNetworkFailure(error) && attempt < NETWORK_RETRIES) {
          attempt++;
          await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
          continue;
        }
        throw translateSignInError(error, this.host);
      }
    }
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw translateSignInError(error, this.host);
    }
  }

  private async remember(result: AuthenticationResult): Promise<AccountSummary> {
    if (!result.account) throw new SignInRequiredError('the authority returned no account');
    await writeCurrent(this.env, result.account.homeAccountId);
    return summarize(result.account);
  }
}

const stateFile = (env: NodeJS.ProcessEnv) => path.join(configDir(env), 'auth-state.json');

async function readCurrent(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const state = JSON.parse(await fs.readFile(stateFile(env), 'utf8')) as { currentAccount?: unknown };
    return typeof state.currentAccount === 'string' ? state.currentAccount : undefined;
  } catch {
    return undefined;
  }
}

async function writeCurrent(env: NodeJS.ProcessEnv, id: string | undefined): Promise<void> {
  const file = stateFile(env);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(id ? { currentAccount: id } : {})}\n`, { mode: 0o600 });
}
