/**
 * Reddit app credentials: the environment (REDDIT_CLIENT_ID / REDDIT_CLIENT_SECRET) or the OS
 * keychain, never files. The offline server on a loopback address accepts any credentials, so
 * fixed placeholder ones are used there when none are configured.
 */
import { FdeError } from '../../engine/errors';
import { isLoopbackUrl } from '../../engine/loopback';
import { defaultSecretStore } from '../../secrets/keychain-store';
import { SECRET_NAMES, type SecretStore } from '../../secrets/secret-store';

export interface RedditCredentials {
  clientId: string;
  clientSecret?: string;
}


export async function resolveCredentials(baseUrl?: string, store: SecretStore = defaultSecretStore()): Promise<RedditCredentials> {
  const clientId = await store.get(SECRET_NAMES.redditClientId);
  const clientSecret = await store.get(SECRET_NAMES.redditClientSecret);
  if (clientId) return { clientId, clientSecret };
  if (isLoopbackUrl(baseUrl)) return { clientId: 'fde-offline', clientSecret: 'offline' };
  throw new FdeError(
    'no Reddit app credentials',
    'set REDDIT_CLIENT_ID (and REDDIT_CLIENT_SECRET for script/web apps) or `fde secrets set reddit.client_id`; or use --base-url with `fde reddit-server`',
  );
}
