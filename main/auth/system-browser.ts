/**
 * Opens a URL in the user's default browser (the system browser: the password never passes
 * through this app). `BROWSER` (the Unix convention) names another command; tests set it to
 * hand the URL to Playwright.
 */
import { spawn } from 'node:child_process';

export function systemBrowserCommand(url: string, env: NodeJS.ProcessEnv = process.env): [string, string[]] {
  if (env.BROWSER) return [env.BROWSER, [url]];
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  return ['xdg-open', [url]];
}

export function openSystemBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!/^https:\/\//.test(url)) return Promise.reject(new Error('refusing to open a non-https sign-in URL'));
  const [cmd, args] = systemBrowserCommand(url, env);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, shell: false });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
