import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';

/**
 * Hash routes (`#/sentiment?symbol=MSFT&from=2001-01-02`): they work the same under Electron's
 * file:// load and the `fde ui` bridge (whose own query string carries the access token), and a
 * view with its selection can be bookmarked or shared.
 */
export interface Route {
  path: string;
  params: URLSearchParams;
}

const CHANGE = 'fde:route';

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  return { path: path.startsWith('/') ? path : `/${path}`, params: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

export function formatHash(path: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, value);
  const text = query.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const currentHash = () => window.location.hash;

/** The current route; re-renders when the hash changes. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return parseHash(hash);
}

/** Goes to another view (a new history entry, so Back works). */
export function navigate(path: string, params: Record<string, string | undefined> = {}): void {
  window.location.hash = formatHash(path, params);
}

/**
 * The route a kept-alive view renders with (see app-shell.tsx): its own path and the parameters
 * it had when last shown, so a hidden view neither reacts to another view's URL nor writes to it.
 */
export interface ViewRoute {
  path: string;
  params: URLSearchParams;
  active: boolean;
}
export const ViewRouteContext = createContext<ViewRoute | null>(null);

/**
 * The view's selection as URL parameters. Changing it replaces the history entry (a date picker
 * should not fill Back with every keystroke) but keeps the link shareable. Only the visible view
 * can change the URL.
 */
export function useRouteParams(): [URLSearchParams, (patch: Record<string, string | undefined>) => void] {
  const global = useRoute();
  const view = useContext(ViewRouteContext);
  const path = view?.path ?? global.path;
  const active = view?.active ?? true;
  const update = useCallback(
    (patch: Record<string, string | undefined>) => {
      if (!active) return;
      const next: Record<string, string | undefined> = Object.fromEntries(parseHash(window.location.hash).params);
      Object.assign(next, patch);
      const target = formatHash(path, next);
      if (target === window.location.hash) return;
      window.history.replaceState(window.history.state, '', target);
      window.dispatchEvent(new Event(CHANGE));
    },
    [path, active],
  );
  return [view?.params ?? global.params, update];
}
