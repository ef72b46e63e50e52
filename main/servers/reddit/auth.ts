/**
 * Token endpoint and bearer checks of the offline Reddit server (spec 1.1, 1.2, checklist 2-3),
 * plus the per-client-id rate-limit window (spec 4, checklist 13).
 */
import { randomBytes } from 'node:crypto';

export interface AuthConfig {
  /** Accepted client ids -> secret ('' for installed apps). Undefined accepts any id. */
  clients?: Record<string, string>;
  tokenTtlSeconds: number;
}

interface TokenInfo {
  clientId: string;
  expiresAt: number; // ms
}

export type TokenReply =
  | { status: 200; body: Record<string, unknown> }
  | { status: 401; body: Record<string, unknown>; headers: Record<string, string> };

export class AuthState {
  private readonly tokens = new Map<string, TokenInfo>();
  constructor(private readonly config: AuthConfig) {}

  issue(authorization: string | undefined, form: URLSearchParams, nowMs: number): TokenReply {
    const unauthorized: TokenReply = {
      status: 401,
      body: { message: 'Unauthorized', error: 401 },
      headers: { 'www-authenticate': 'Basic realm="reddit"' },
    };
    const m = /^basic\s+(.+)$/i.exec(authorization ?? '');
    if (!m) return unauthorized;
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return unauthorized;
    const clientId = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    const known = this.config.clients;
    if (known && (!(clientId in known) || known[clientId] !== secret)) return unauthorized;
    const grant = form.get('grant_type');
    if (grant === 'client_credentials') {
      if (secret.length === 0) return { status: 200, body: { error: 'unauthorized_client' } };
    } else if (grant === 'https://oauth.reddit.com/grants/installed_client') {
      const device = form.get('device_id') ?? '';
      if (device.length < 20 || device.length > 50) return { status: 200, body: { error: 'invalid_request' } };
    } else if (grant === 'password') {
      if (!form.get('username') || !form.get('password')) return { status: 200, body: { error: 'invalid_grant' } };
    } else {
      return { status: 200, body: { error: 'unsupported_grant_type' } };
    }
    const token = randomBytes(18).toString('base64url');
    this.tokens.set(token, { clientId, expiresAt: nowMs + this.config.tokenTtlSeconds * 1000 });
    const scope = form.get('scope') ?? '*';
    return {
      status: 200,
      body: { access_token: token, token_type: 'bearer', expires_in: this.config.tokenTtlSeconds, scope },
    };
  }

  /** The client id behind a valid bearer token, or undefined. */
  check(authorization: string | undefined, nowMs: number): string | undefined {
    const m = /^bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) return undefined;
    const info = this.tokens.get(m[1]!);
    if (!info || info.expiresAt <= nowMs) return undefined;
    return info.clientId;
  }

  /** Test hook: expire every issued token now. */
  expireAll(): void {
    for (const info of this.tokens.values()) info.expiresAt = 0;
  }
}

export interface RateConfig {
  budget: number;
  windowSeconds: number;
}

/** Fixed windows per client id, like Reddit's 10-minute windows. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();
  constructor(private readonly config: RateConfig) {}

  take(clientId: string, nowMs: number): { allowed: boolean; headers: Record<string, string> } {
    const windowMs = this.config.windowSeconds * 1000;
    let w = this.windows.get(clientId);
    if (!w || nowMs - w.start >= windowMs) {
      w = { start: Math.floor(nowMs / windowMs) * windowMs, used: 0 };
      this.windows.set(clientId, w);
    }
    const reset = Math.max(1, Math.ceil((w.start + windowMs - nowMs) / 1000));
    if (w.used >= this.config.budget) {
      return { allowed: false, headers: { 'retry-after': String(reset) } };
    }
    w.used++;
    return {
      allowed: true,
      headers: {
        'x-ratelimit-used': String(w.used),
        // Reddit sends remaining as a float string since 2025 ("996.0").
        'x-ratelimit-remaining': (this.config.budget - w.used).toFixed(1),
        'x-ratelimit-reset': String(reset),
      },
    };
  }
}
