/**
 * Entra tokens as the team database's password. A desktop (`fde ui`, the Electron app) uses the
 * account signed in through main/auth (MSAL, silent refresh from the keychain cache); a headless
 * host (`fde run`) keeps settings.ts's default, the DefaultAzureCredential chain (workload or
 * managed identity). pg calls the password callback for every new connection, so each
 * connection gets a current token (Entra tokens live about an hour; MSAL and the Azure
 * credential cache them and refresh before expiry). Tokens are never logged nor put in messages.
 */
import type { TokenCredential } from '@azure/identity';
import { MsalTokenCredential } from '../../auth/token-credential';
import { AuthSession } from '../../auth/auth-session';
import { redact } from '../../auth/auth-errors';
import { loadTeamSettings } from '../../auth/settings';
import { FdeError } from '../../engine/errors';
import { setPostgresTokenProvider, type PgTokenProvider } from './settings';

const SIGN_IN_AGAIN = 'sign in again: `fde login` or the Connect view (the team database uses your Entra account)';

/** A token provider over any TokenCredential; a failure says to sign in again, without the token. */
export function credentialTokenProvider(credential: TokenCredential): PgTokenProvider {
  return async (scope) => {
    let token: Awaited<ReturnType<TokenCredential['getToken']>>;
    try {
      token = await credential.getToken(scope);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new FdeError(`no Entra token for the team database (${redact(reason)})`, SIGN_IN_AGAIN, { cause: error });
    }
    if (!token?.token) throw new FdeError('no Entra token for the team database (the sign-in returned none)', SIGN_IN_AGAIN);
    return token.token;
  };
}

/**
 * The desktop's provider: the current account of the team settings' sign-in, looked up per call
 * (the user may switch accounts in the Connect view while the app runs).
 */
export function signedInTokenProvider(env: NodeJS.ProcessEnv = process.env, session?: AuthSession): PgTokenProvider {
  let cached: AuthSession | undefined = session;
  return async (scope) => {
    if (!cached) {
      const settings = await loadTeamSettings(env);
      if (!settings) throw new FdeError('the team database needs an Entra sign-in, and no team settings are imported', 'import the team settings and sign in in the Connect view (or `fde login`)');
      cached = new AuthSession({ settings, env });
    }
    const account = await cached.currentAccount();
    if (!account) throw new FdeError('the team database needs an Entra sign-in, and no account is signed in', SIGN_IN_AGAIN);
    return credentialTokenProvider(new MsalTokenCredential(cached, account))(scope);
  };
}

/** Desktop hosts call this before opening a runtime: team databases with Entra sign-in use the signed-in account. */
export function useSignedInAccountForPostgres(env: NodeJS.ProcessEnv = process.env): void {
  setPostgresTokenProvider(signedInTokenProvider(env));
}
