/**
 * TokenCredentials for storage. A signed-in desktop user gets MsalTokenCredential (the keychain
 * cache, silent refresh); a server (`fde run` on a VM, in a pod, in CI) gets the
 * DefaultAzureCredential chain: service principal from the environment, workload identity,
 * managed identity, then the Azure CLI.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { AccountInfo } from '@azure/msal-node';
import { AuthSession, summarize } from './auth-session';
import { FdeError } from '../engine/errors';
import { loadTeamSettings } from './settings';

export class MsalTokenCredential implements TokenCredential {
  constructor(
    private readonly session: AuthSession,
    private readonly account?: AccountInfo,
  ) {}

  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    const list = Array.isArray(scopes) ? scopes : [scopes];
    const result = await this.session.getToken(list, this.account);
    const expiresOn = result.expiresOn?.getTime() ?? Date.now() + 60_000;
    return { token: result.accessToken, expiresOnTimestamp: expiresOn, tokenType: 'Bearer' };
  }
}

/** True when the environment configures a headless identity (service principal, workload, managed). */
export function hasHeadlessIdentity(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean((env.AZURE_CLIENT_ID && (env.AZURE_CLIENT_SECRET || env.AZURE_CLIENT_CERTIFICATE_PATH || env.AZURE_FEDERATED_TOKEN_FILE)) || env.IDENTITY_ENDPOINT || env.MSI_ENDPOINT);
}

export interface StorageCredentialChoice {
  credential: TokenCredential;
  source: 'signed-in' | 'default-azure-credential';
  session?: AuthSession;
}

/**
 * The credential a lake without a connection string or SAS uses: a headless identity configured
 * in the environment wins (servers), then the signed-in account from `fde login`, then the
 * DefaultAzureCredential chain (Azure CLI login and the rest).
 */
export async function storageCredential(env: NodeJS.ProcessEnv = process.env): Promise<StorageCredentialChoice> {
  if (!hasHeadlessIdentity(env)) {
    const settings = await loadTeamSettings(env);
    if (settings) {
      const session = new AuthSession({ settings, env });
      const account = await session.currentAccount();
      if (account) {
        // Storage only accepts tokens from the account's own tenant: a token from another
        // tenant would fail on every call, so say so before the first one.
        const tenant = summarize(account).tenantId;
        if (tenant && tenant !== settings.tenantId) {
          throw new FdeError(
            `you are signed in to tenant ${tenant}, but the team lake belongs to tenant ${settings.tenantId}`,
            `sign in to the lake's tenant: fde login --tenant ${settings.tenantId} (or choose that account in the Connect view)`,
          );
        }
        return { credential: new MsalTokenCredential(session, account), source: 'signed-in', session };
      }
    }
  }
  const { DefaultAzureCredential } = await import('@azure/identity');
  return { credential: new DefaultAzureCredential(), source: 'default-azure-credential' };
}
