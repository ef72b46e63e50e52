/**
 * Every security decision of the Electron shell as a pure, tested predicate: what the window may
 * load, where it may navigate, which permissions it gets, which IPC senders are trusted.
 */
import { pathToFileURL } from 'node:url';

export interface TrustedOrigins {
  /** file:// URL of the packaged renderer's index.html. */
  rendererFile: string;
  /** electron-vite's dev server origin during development, if any. */
  devServerOrigin?: string;
}

export function trustedOrigins(rendererIndexPath: string, devServerUrl?: string): TrustedOrigins {
  return {
    rendererFile: pathToFileURL(rendererIndexPath).href,
    ...(devServerUrl ? { devServerOrigin: new URL(devServerUrl).origin } : {}),
  };
}

/** Is this URL our own renderer page (packaged file or dev server)? */
export function isTrustedRendererUrl(url: string | undefined, trusted: TrustedOrigins): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    const withoutHash = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
    return withoutHash === trusted.rendererFile;
  }
  return trusted.devServerOrigin !== undefined && parsed.origin === trusted.devServerOrigin;
}

/** Navigation away from the renderer is never allowed (links open nothing). */
export function allowNavigation(targetUrl: string, trusted: TrustedOrigins): boolean {
  return isTrustedRendererUrl(targetUrl, trusted);
}

/** No window.open, no new windows of any kind. */
export function allowNewWindow(): false {
  return false;
}

/** The workstation needs no camera, microphone, geolocation, notifications or other permission. */
export function allowPermission(_permission: string): false {
  return false;
}

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    webviewTag: false,
    spellcheck: false,
  } as const;
}
