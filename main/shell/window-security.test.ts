import { describe, expect, it } from 'vitest';
import { allowNavigation, allowNewWindow, allowPermission, isTrustedRendererUrl, secureWebPreferences, trustedOrigins } from './window-security';

const packaged = trustedOrigins('/opt/fde/resources/app/out/renderer/index.html');
const dev = trustedOrigins('/repo/out/renderer/index.html', 'http://localhost:5173/');

describe('window security predicates', () => {
  it('trusts only our own renderer page', () => {
    expect(isTrustedRendererUrl('file:///opt/fde/resources/app/out/renderer/index.html', packaged)).toBe(true);
    expect(isTrustedRendererUrl('file:///opt/fde/resources/app/out/renderer/index.html#/overview', packaged)).toBe(true);
    expect(isTrustedRendererUrl('file:///etc/passwd', packaged)).toBe(false);
    expect(isTrustedRendererUrl('file:///opt/fde/resources/app/out/renderer/evil.html', packaged)).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/', packaged)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/', packaged)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedRendererUrl('not a url', dev)).toBe(false);
    expect(isTrustedRendererUrl(undefined, dev)).toBe(false);
  });

  it('blocks navigation, new windows and permissions', () => {
    expect(allowNavigation('https://example.com/', packaged)).toBe(false);
    expect(allowNewWindow()).toBe(false);
    expect(allowPermission('media')).toBe(false);
  });

  it('hardens web preferences', () => {
    expect(secureWebPreferences('/p.js')).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });
});
