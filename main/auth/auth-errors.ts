/**
 * Errors that say what to do. Sign-in failures (MSAL) and storage failures (RestError from the
 * Azure SDKs) become FdeErrors whose hint names the action: sign in again, ask for a role, ask
 * for a network rule, fix the clock. Messages never carry a token: anything token-shaped is
 * redacted before it is shown.
 */
import { FdeError } from '../engine/errors';

/** JWTs (three base64url parts) and long opaque bearer strings. */
const TOKEN_SHAPES = [/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, /(bearer\s+)[A-Za-z0-9._~+/=-]{16,}/gi];

export function redact(text: string): string {
  return TOKEN_SHAPES.reduce((t, re) => t.replace(re, (_m, p1: unknown) => (typeof p1 === 'string' ? `${p1}[redacted]` : '[redacted]')), text);
}

export class SignInRequiredError extends FdeError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`sign-in expired or was revoked (${redact(reason)})`, 'sign in again: `fde login` or the Connect view', options);
    this.name = 'SignInRequiredError';
  }
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  errorCode?: unknown;
  code?: unknown;
  statusCode?: unknown;
  details?: unknown;
}

const asObj = (e: unknown): ErrorLike => (typeof e === 'object' && e !== null ? (e as ErrorLike) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** True for failures worth retrying: the sign-in service or the network did not answer. */
export function isNetworkFailure(error: unknown): boolean {
  const e = asObj(error);
  const text = `${str(e.errorCode)} ${str(e.code)} ${str(e.message)}`;
  return /network_error|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|socket hang up|fetch failed|ENOTFOUND|EAI_AGAIN|UND_ERR/i.test(text);
}

/** MSAL's errors on token acquisition -> what the user must do. */
export function translateSignInError(error: unknown, authorityHost: string): Error {
  if (error instanceof FdeError) return error;
  const e = asObj(error);
  const code = str(e.errorCode);
  const message = str(e.message);
  if (/interaction_required|invalid_grant|login_required|consent_required|no_tokens_found|refresh_token_expired|bad_token|no_account/i.test(`${code} ${message}`) || e.name === 'InteractionRequiredAuthError') {
    return new SignInRequiredError(code || 'no valid refresh token', { cause: error });
  }
  if (isNetworkFailure(error)) {
    return new FdeError(`cannot reach the sign-in service at ${authorityHost}`, 'check the network connection (and a proxy or VPN), then try again', { cause: error });
  }
  if (/endpoints_resolution_error|openid_config_error|untrusted_authority|invalid_authority|404/i.test(`${code} ${message}`)) {
    return new FdeError(
      `the sign-in authority ${authorityHost} does not know this tenant or is not an OpenID authority`,
      'check tenantId/authority in the team settings (or the --tenant you passed)',
      { cause: error },
    );
  }
  return new FdeError(`sign-in failed: ${redact(code || message || String(error))}`, 'try `fde login` again; re-run with --verbose for details', { cause: error });
}

/**
 * Azure Storage errors -> actions. The codes are the service's own (x-ms-error-code):
 * AuthorizationPermissionMismatch = authenticated but no data role; AuthorizationFailure with
 * "This request is not authorized to perform this operation" = blocked by the account's network
 * rules (firewall, private endpoint); InvalidAuthenticationInfo / expired = sign in again.
 */
export function translateStorageError(error: unknown, what: string): Error {
  if (error instanceof FdeError) return error;
  const e = asObj(error);
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code = str(e.code) || str(asObj(e.details).errorCode);
  const details = asObj(e.details) as Record<string, unknown>;
  // The service explains authentication failures in AuthenticationErrorDetail (lifetime, audience, issuer).
  const detail = redact(str(details.authenticationErrorDetail) || str(details.AuthenticationErrorDetail));
  const message = `${redact(str(e.message)).split('\n')[0] ?? ''}${detail ? ` ${detail}` : ''}`;
  if (status === 403 && /AuthorizationPermissionMismatch/i.test(code)) {
    return new FdeError(
      `you are signed in but have no data role on ${what}`,
      'ask your team admin for "Storage Blob Data Reader" (read) or "Storage Blob Data Contributor" (read and write) on the storage account or container',
      { cause: error },
    );
  }
  if (status === 403 && (/AuthorizationFailure/i.test(code) || /not authorized to perform this operation/i.test(message))) {
    return new FdeError(
      `the storage account's network rules blocked the request to ${what}`,
      "ask your team admin to allow your network: add your public IP or VPN range to the account's firewall (Networking > Firewalls and virtual networks), or connect through the team's VPN / private endpoint",
      { cause: error },
    );
  }
  if (status === 401 || /InvalidAuthenticationInfo|AuthenticationFailed/i.test(code)) {
    if (/Lifetime validation failed(?!.*expired)/i.test(detail || message)) {
      return new FdeError(`storage rejected the token as not valid yet (${what})`, "this machine's clock and the service's disagree: turn on automatic time (NTP), then try again", { cause: error });
    }
    if (/audience|issuer/i.test(detail || message)) {
      return new FdeError(`storage rejected the sign-in token for ${what} (${(detail || message).replace(/^.*?(Invalid token \w+).*$/is, '$1')})`, `the token was issued for another resource or tenant: check clientId/tenantId/storageScope in the team settings, then sign in again`, { cause: error });
    }
    return new SignInRequiredError(`storage answered ${status ?? code}: ${detail || message}`, { cause: error });
  }
  if (status === 404 && /ContainerNotFound/i.test(code)) {
    return new FdeError(`${what} does not exist`, 'check the lake URL in the team settings, or browse the containers in the Connect view', { cause: error });
  }
  if (isNetworkFailure(error)) {
    return new FdeError(`cannot reach storage for ${what}`, 'check the network connection; a private endpoint needs the team VPN', { cause: error });
  }
  return new FdeError(`storage request failed for ${what}: ${code || message}`, undefined, { cause: error });
}
