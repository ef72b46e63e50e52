/**
 * Where the tasks' data comes from. Real Alpaca and Reddit when their keys are configured (the
 * environment or the OS keychain, main/secrets), otherwise the offline wire-compatible servers,
 * started on first use and stopped with the host, so every job runs on a fresh machine with no
 * accounts. FDE_ALPACA_URL / FDE_REDDIT_URL point the runtime at an already running server
 * (e.g. `fde alpaca-server --rest-fail-every 3` in the retry tests).
 */
import { startAlpacaServer, type AlpacaServer } from '../servers/alpaca/server';
import { startRedditServer, type RedditServer } from '../servers/reddit/server';
import { ALPACA_DATA_URL } from '../sources/alpaca/rest-client';
import { resolveAlpacaKeys } from '../sources/alpaca/credentials';
import { DEFAULT_USER_AGENT, REDDIT_AUTH_URL, REDDIT_OAUTH_URL } from '../sources/reddit/client';
import { isLoopbackUrl } from '../engine/loopback';
import { defaultSecretStore } from '../secrets/keychain-store';
import { SECRET_NAMES, type SecretStore } from '../secrets/secret-store';
import type { DeltaLake } from '../lake/lake';
import type { Logger } from '../observability/logger';
import { DEMO_PLAN } from '../jobs/demo/demo-plan';
import { BadInputError } from './errors';
import type { AlpacaEndpoint, PostgresEndpoint, RedditEndpoint, SourcesProvider } from './task-api';

export const ALPACA_STREAM_URL = 'wss://stream.data.alpaca.markets/v2/iex';

export interface SourcesProviderOptions {
  store?: SecretStore;
  env?: NodeJS.ProcessEnv;
}

/** Placeholder credentials the offline servers accept; real services never see them. */
const OFFLINE = { key: 'offline', secret: 'offline', clientId: 'fde-offline', clientSecret: 'offline' };

export function createSourcesProvider(_lake: DeltaLake, log: Logger, options: SourcesProviderOptions = {}): SourcesProvider {
  const store = options.store ?? defaultSecretStore();
  const env = options.env ?? process.env;
  let alpaca: Promise<AlpacaEndpoint> | undefined;
  let reddit: Promise<RedditEndpoint> | undefined;
  let alpacaServer: Promise<AlpacaServer> | undefined;
  let redditServer: Promise<RedditServer> | undefined;
  let closed = false;

  const resolveAlpaca = async (): Promise<AlpacaEndpoint> => {
    const override = env.FDE_ALPACA_URL;
    if (override) {
      const base = override.replace(/\/+$/, '');
      const offline = isLoopbackUrl(base);
      const keys = await resolveAlpacaKeys({ store, offline });
      if (!keys) throw new BadInputError(`FDE_ALPACA_URL=${base} is not local and no Alpaca keys are configured (APCA_API_KEY_ID / fde secrets set alpaca.key_id)`);
      log.info('alpaca: using the server at FDE_ALPACA_URL', { url: base, offline });
      return { restUrl: base, streamUrl: `${base.replace(/^http/, 'ws')}/v2/iex`, keyId: keys.key, secretKey: keys.secret, offline };
    }
    const keys = await resolveAlpacaKeys({ store });
    if (keys) {
      log.info('alpaca: keys configured, using the real API');
      return { restUrl: ALPACA_DATA_URL, streamUrl: env.FDE_ALPACA_STREAM_URL ?? ALPACA_STREAM_URL, keyId: keys.key, secretKey: keys.secret, offline: false };
    }
    alpacaServer ??= startAlpacaServer({ port: 0, seed: DEMO_PLAN.alpaca.seed });
    const server = await alpacaServer;
    log.info('alpaca: no keys configured, started the offline server', { restUrl: server.restUrl });
    return { restUrl: server.restUrl, streamUrl: server.streamUrl, keyId: OFFLINE.key, secretKey: OFFLINE.secret, offline: true };
  };

  const resolveReddit = async (): Promise<RedditEndpoint> => {
    const clientId = await store.get(SECRET_NAMES.redditClientId);
    const clientSecret = (await store.get(SECRET_NAMES.redditClientSecret)) ?? '';
    const override = env.FDE_REDDIT_URL;
    if (override) {
      const base = override.replace(/\/+$/, '');
      const offline = isLoopbackUrl(base);
      if (!offline && !clientId) throw new BadInputError(`FDE_REDDIT_URL=${base} is not local and no Reddit app is configured (REDDIT_CLIENT_ID / fde secrets set reddit.client_id)`);
      log.info('reddit: using the server at FDE_REDDIT_URL', { url: base, offline });
      return { baseUrl: base, authUrl: base, clientId: clientId ?? OFFLINE.clientId, clientSecret: clientId ? clientSecret : OFFLINE.clientSecret, userAgent: DEFAULT_USER_AGENT, offline };
    }
    if (clientId) {
      log.info('reddit: app configured, using the real API');
      return { baseUrl: REDDIT_OAUTH_URL, authUrl: REDDIT_AUTH_URL, clientId, clientSecret, userAgent: DEFAULT_USER_AGENT, offline: false };
    }
    const plan = DEMO_PLAN.reddit;
    redditServer ??= startRedditServer({
      port: 0,
      seed: plan.seed,
      signal: plan.signal,
      lag: plan.lag,
      from: plan.from,
      to: plan.to,
      subreddits: [...plan.subreddits],
      // Local: reddit.com's pacing would only slow the runtime down; the shared budget still applies to real Reddit.
      budget: 1_000_000,
    });
    const server = await redditServer;
    log.info('reddit: no app configured, started the offline server', { baseUrl: server.baseUrl });
    return { baseUrl: server.baseUrl, authUrl: server.baseUrl, clientId: OFFLINE.clientId, clientSecret: OFFLINE.clientSecret, userAgent: DEFAULT_USER_AGENT, offline: true };
  };

  const live = (): void => {
    if (closed) throw new Error('the sources provider is closed (host stopping)');
  };
  return {
    async alpaca(signal) {
      live();
      signal?.throwIfAborted();
      // A failed start is not cached: the next task tries again.
      alpaca ??= resolveAlpaca().catch((e: unknown) => {
        alpaca = undefined;
        alpacaServer = undefined;
        throw e;
      });
      return alpaca;
    },
    async reddit(signal) {
      live();
      signal?.throwIfAborted();
      reddit ??= resolveReddit().catch((e: unknown) => {
        reddit = undefined;
        redditServer = undefined;
        throw e;
      });
      return reddit;
    },
    async postgres(signal): Promise<PostgresEndpoint> {
      live();
      signal?.throwIfAborted();
      // The secret (FDE_POSTGRES_URL or the keychain) first, then what `fde publish postgres` reads.
      const connectionString = (await store.get(SECRET_NAMES.postgresUrl)) ?? env.FDE_PG_URL ?? env.DATABASE_URL;
      if (!connectionString) {
        throw new BadInputError('no PostgreSQL URL configured: set FDE_POSTGRES_URL or run `fde secrets set postgres.url` (postgres://user@host:5432/db)');
      }
      return { connectionString };
    },
    async close() {
      closed = true;
      const servers = await Promise.allSettled([alpacaServer, redditServer].filter((s): s is Promise<AlpacaServer> | Promise<RedditServer> => s !== undefined));
      await Promise.all(servers.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
    },
  };
}
