/**
 * The Electron shell: a thin host around the engine. Start-up order: single-instance lock ->
 * ready -> session hardening (CSP, permissions) -> lake + engine service -> IPC -> window.
 * Quit stops the poller, the service and the lake.
 */
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { join } from 'node:path';
import { createWorkstationService, type WorkstationService } from '../engine/workstation-service';
import { openLake } from '../lake/index';
import type { Lake } from '../lake/types';
import { rendererCsp } from '../bridge/http-security';
import { registerIpc, sendEvent } from './ipc';
import { allowNavigation, allowPermission, isTrustedRendererUrl, secureWebPreferences, trustedOrigins } from './window-security';

const rendererIndex = join(import.meta.dirname, '../renderer/index.html');
const trusted = trustedOrigins(rendererIndex, process.env.ELECTRON_RENDERER_URL);
let lake: Lake | undefined;
let service: WorkstationService | undefined;
let poller: NodeJS.Timeout | undefined;

if (!app.requestSingleInstanceLock()) app.quit();

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url, trusted)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

async function start(): Promise<void> {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [rendererCsp()] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));

  lake = await openLake(process.env.FDE_LAKE ?? join(app.getPath('userData'), 'lake'));
  service = await createWorkstationService(lake);
  registerIpc(ipcMain, service, (url) => isTrustedRendererUrl(url, trusted));

  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Fintech Data Engine',
    show: false,
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  if (process.env.ELECTRON_RENDERER_URL) await window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else await window.loadFile(rendererIndex);

  poller = setInterval(() => {
    void service?.poll().then((payload) => {
      if (payload && !window.isDestroyed()) sendEvent(window.webContents, 'lakeChanged', payload);
    });
  }, 2_000);
}

app.whenReady().then(start, (error: unknown) => {
  console.error('failed to start', error);
  app.exit(1);
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  if (poller) clearInterval(poller);
  void service?.close();
  void lake?.close();
});
