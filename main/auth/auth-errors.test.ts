import { RestError } from '@azure/storage-blob';
import { describe, expect, it } from 'vitest';
import { redact, translateSignInError, translateStorageError } from './auth-errors';
import type { FdeError } from '../engine/errors';

// Response shapes as the storage service sends them (x-ms-error-code and the XML body's Message).
const storageError = (statusCode: number, code: string, message: string) => new RestError(message, { statusCode, code }) as RestError & { details?: unknown };

describe('translateStorageError', () => {
  it('no data role -> the two roles to ask for', () => {
    const e = translateStorageError(storageError(403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.'), 'lake/team');
    expect(e.message).toMatch(/no data role on lake\/team/);
    expect((e as FdeError).hint).toMatch(/Storage Blob Data Reader.*Storage Blob Data Contributor/);
  });
  it('firewall / network rule -> the network wording', () => {
    const e = translateStorageError(storageError(403, 'AuthorizationFailure', 'This request is not authorized to perform this operation.'), 'lake/team');
    expect(e.message).toMatch(/network rules blocked/);
    expect((e as FdeError).hint).toMatch(/firewall/);
  });
  it('expired token -> sign in again', () => {
    const err = storageError(401, 'InvalidAuthenticationInfo', 'Server failed to authenticate the request.');
    err.details = { authenticationErrorDetail: 'Lifetime validation failed. The token is expired.' };
    const e = translateStorageError(err, 'lake');
    expect(e.message).toMatch(/sign-in expired/);
    expect((e as FdeError).hint).toMatch(/sign in again/);
  });
  it('never repeats a token that appears in a message', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImF1ZCI6Imh0dHBzIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const e = translateStorageError(storageError(500, 'InternalError', `bad header Authorization: Bearer ${jwt}`), 'lake');
    expect(e.message).not.toContain(jwt);
    expect(redact(`token=${jwt}`)).toBe('token=[redacted]');
  });
});

describe('translateSignInError', () => {
  it('invalid_grant (revoked or expired refresh token) -> sign in again', () => {
    const e = translateSignInError(Object.assign(new Error('invalid_grant: grant request is invalid'), { errorCode: 'invalid_grant' }), 'login.example');
    expect(e.message).toMatch(/sign-in expired or was revoked/);
  });
  it('network failures name the host', () => {
    const e = translateSignInError(Object.assign(new Error('network_error: ECONNRESET'), { errorCode: 'network_error' }), 'login.example');
    expect(e.message).toMatch(/cannot reach the sign-in service at login.example/);
  });
});
