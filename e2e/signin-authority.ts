/**
 * Test support: a local OpenID Connect authority that plays an Entra tenant (or several) for the
 * sign-in tests. oidc-provider on 127.0.0.1 over HTTPS with a throwaway CA made here by openssl;
 * child processes trust it through NODE_EXTRA_CA_CERTS.
 *
 * Like Entra it issues JWT access tokens for https://storage.azure.com with
 * iss https://sts.windows.net/<tenant>/ and nbf = iat - 5 min (so Azurite's basic OAuth check
 * accepts them), while keeping its own issuer for the OpenID side that MSAL validates. msal-node's
 * device-code requests are mapped onto oidc-provider's device flow (POST .../devicecode ->
 * /device/auth with an `interval`; grant_type=device_code -> the URN). Controls for the tests:
 * revoke every refresh token, drop the next token requests (network loss), skew the token clock.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider, { type Adapter, type AdapterPayload } from 'oidc-provider';
import type { Page } from 'playwright-core';

export const STORAGE_AUDIENCE = 'https://storage.azure.com';
export const CLIENT_ID = 'fde-desktop';

export interface Tls {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  cleanup(): void;
}

/** A throwaway CA and a server certificate for 127.0.0.1/localhost, made with Debian's openssl. */
export function makeTls(): Tls {
  const dir = mkdtempSync(join(tmpdir(), 'fde-tls-'));
  const f = (n: string) => join(dir, n);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=fde test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1']);
  writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  run(['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'), '-days', '2', '-extfile', f('ext.cnf')]);
  return { dir, caFile: f('ca.pem'), certFile: f('server.pem'), keyFile: f('server.key'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** oidc-provider's storage, in memory and inspectable (so a test can revoke refresh tokens). */
class MemoryAdapter implements Adapter {
  static store = new Map<string, AdapterPayload & { __model?: string }>();
  constructor(private readonly model: string) {}
  private key(id: string) {
    return `${this.model}:${id}`;
  }
  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    MemoryAdapter.store.set(this.key(id), { ...payload, __model: this.model });
  }
  async find(id: string): Promise<AdapterPayload | undefined> {
    return MemoryAdapter.store.get(this.key(id));
  }
  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return [...MemoryAdapter.store.values()].find((p) => p.__model === this.model && p.userCode === userCode);
  }
  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return [...MemoryAdapter.store.values()].find((p) => p.__model === this.model && p.uid === uid);
  }
  async consume(id: string): Promise<void> {
    const p = MemoryAdapter.store.get(this.key(id));
    if (p) p.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string): Promise<void> {
    MemoryAdapter.store.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [k, p] of MemoryAdapter.store) if (p.grantId === grantId) MemoryAdapter.store.delete(k);
  }
}

export interface AuthorityOptions {
  tenants?: string[];
  /** Access token lifetime in seconds (Entra: 60-90 minutes). */
  accessTokenTtl?: number;
}

export interface Authority {
  origin: string;
  tls: Tls;
  /** https://127.0.0.1:P/<tenant> */
  authority(tenant: string): string;
  /** Env for child processes: trust the CA. */
  env: Record<string, string>;
  /** Counters by grant type (authorization_code, refresh_token, device_code). */
  grants: Record<string, number>;
  /** Access tokens issued so far (kept only in the test process, to prove none leaks). */
  issuedTokens: string[];
  revokeRefreshTokens(): void;
  /** The next n token-endpoint requests lose their connection. */
  dropTokenRequests(n: number): void;
  /** How many token requests lost their connection so far. */
  readonly dropped: number;
  /** Shifts the token clock (iat/nbf/exp) by seconds and sets nbf = iat (no Entra leeway); undefined resets. */
  skewClock(seconds: number | undefined): void;
  /** Issues access tokens for another audience (a misconfigured app or resource); undefined resets. */
  setAudience(aud: string | undefined): void;
  stop(): Promise<void>;
}

export async function startAuthority(options: AuthorityOptions = {}): Promise<Authority> {
  const tls = makeTls();
  const tenants = options.tenants ?? ['tenant-a'];
  const ttl = options.accessTokenTtl ?? 3600;
  const grants: Record<string, number> = {};
  const issuedTokens: string[] = [];
  let drop = 0;
  let dropped = 0;
  let skew: number | undefined;
  let audience: string | undefined;
  const server = https.createServer({ cert: execFileSync('cat', [tls.certFile]), key: execFileSync('cat', [tls.keyFile]) });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });

  const providers = new Map<string, Provider>();
  for (const tenant of tenants) {
    const provider = new Provider(`${origin}/${tenant}`, {
      adapter: MemoryAdapter,
      jwks: { keys: [{ ...jwk, kid: `k-${tenant}`, use: 'sig', alg: 'RS256' }] },
      clients: [
        {
          client_id: CLIENT_ID,
          application_type: 'native',
          token_endpoint_auth_method: 'none',
          redirect_uris: ['http://localhost', 'http://localhost/', 'http://127.0.0.1/'],
          grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
          response_types: ['code'],
        },
      ],
      cookies: { keys: [randomUUID()] },
      pkce: { required: () => true },
      scopes: ['openid', 'profile', 'offline_access'],
      claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'tid', 'oid'] },
      async findAccount(_ctx, sub) {
        return { accountId: sub, claims: async () => ({ sub, name: `Analyst ${sub}`, preferred_username: `${sub}@${tenant}.example`, tid: tenant, oid: sub }) };
      },
      conformIdTokenClaims: false,
      features: {
        devInteractions: { enabled: true },
        deviceFlow: { enabled: true },
        revocation: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => STORAGE_AUDIENCE,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, resource) => {
            if (resource !== STORAGE_AUDIENCE) throw new Error(`unknown resource ${resource}`);
            return { scope: `${STORAGE_AUDIENCE}/.default`, audience: STORAGE_AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: ttl };
          },
        },
      },
      issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      ttl: { AccessToken: ttl, RefreshToken: 86_400, Grant: 86_400, Session: 86_400, Interaction: 600, DeviceCode: 600, AuthorizationCode: 60, IdToken: 3600 },
      formats: {
        customizers: {
          jwt(_ctx, _token, jwt) {
            const p = jwt.payload as Record<string, unknown>;
            // Entra's shape: the v1 issuer storage expects, nbf 5 minutes before iat (clock leeway).
            p.iss = `https://sts.windows.net/${tenant}/`;
            if (audience) p.aud = audience;
            p.tid = tenant;
            p.oid = p.sub;
            if (skew !== undefined) {
              p.iat = Number(p.iat) + skew;
              p.exp = Number(p.exp) + skew;
              p.nbf = p.iat;
            } else p.nbf = Number(p.iat) - 300;
          },
        },
      },
      renderError: async (ctx, out) => {
        ctx.type = 'html';
        ctx.body = `<h1>error</h1><pre id="error">${String(out.error)}: ${String(out.error_description ?? '')}</pre>`;
      },
    });
    provider.proxy = true;
    provider.on('grant.success', (ctx) => {
      const g = String((ctx.oidc.params as Record<string, unknown> | undefined)?.grant_type ?? '');
      const kind = g.endsWith('device_code') ? 'device_code' : g;
      grants[kind] = (grants[kind] ?? 0) + 1;
      const body = ctx.body as { access_token?: unknown } | undefined;
      if (typeof body?.access_token === 'string') issuedTokens.push(body.access_token);
    });
    providers.set(tenant, provider);
  }

  server.on('request', (req: IncomingMessage & { originalUrl?: string; body?: string }, res: ServerResponse) => {
    void (async () => {
      const m = /^\/([^/?]+)(\/[^?]*)?(\?.*)?$/.exec(req.url ?? '/');
      const provider = m ? providers.get(m[1] as string) : undefined;
      if (!m || !provider) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'tenant_not_found' }));
        return;
      }
      let rest = `${m[2] ?? '/'}${m[3] ?? ''}`;
      if (req.method === 'POST' && (rest.startsWith('/token') || rest.startsWith('/devicecode'))) {
        if (rest.startsWith('/token') && drop > 0) {
          drop--;
          dropped++;
          req.socket.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        if (form.get('grant_type') === 'device_code') form.set('grant_type', 'urn:ietf:params:oauth:grant-type:device_code');
        req.body = form.toString();
        req.headers['content-length'] = String(Buffer.byteLength(req.body));
        if (rest.startsWith('/devicecode')) {
          rest = '/device/auth';
          addInterval(res);
        }
      }
      // oidc-provider derives its mount path (the tenant) from originalUrl minus url.
      req.originalUrl = `/${m[1] as string}${rest}`;
      req.url = rest;
      req.headers['x-forwarded-proto'] = 'https';
      provider.callback()(req, res);
    })();
  });

  const env = { NODE_EXTRA_CA_CERTS: tls.caFile };
  return {
    origin,
    tls,
    authority: (tenant) => `${origin}/${tenant}`,
    env,
    grants,
    issuedTokens,
    revokeRefreshTokens: () => {
      for (const [k, p] of MemoryAdapter.store) if (p.__model === 'RefreshToken' || p.__model === 'Grant') MemoryAdapter.store.delete(k);
    },
    dropTokenRequests: (n) => {
      drop = n;
    },
    get dropped() {
      return dropped;
    },
    skewClock: (seconds) => {
      skew = seconds;
    },
    setAudience: (aud) => {
      audience = aud;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      tls.cleanup();
    },
  };
}

/** msal-node needs `interval` in the device authorization response; oidc-provider omits it. */
function addInterval(res: ServerResponse): void {
  const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
  res.end = ((chunk?: unknown) => {
    if (chunk && !res.headersSent) {
      try {
        const body = JSON.parse(String(chunk)) as Record<string, unknown>;
        if (body.device_code) {
          const text = JSON.stringify({ interval: 1, ...body });
          res.setHeader('content-length', Buffer.byteLength(text));
          return end(text);
        }
      } catch {
        /* not JSON: pass through */
      }
    }
    return end(chunk);
  }) as ServerResponse['end'];
}

/** Completes oidc-provider's development login and consent pages as user `login`. */
export async function completeBrowserSignIn(page: Page, login: string): Promise<void> {
  await page.waitForSelector('input[name="login"]', { timeout: 20_000 });
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'any-password');
  await page.click('button[type="submit"]');
  await page.waitForSelector('button[type="submit"]', { timeout: 20_000 });
  await page.click('button[type="submit"]'); // consent
}
