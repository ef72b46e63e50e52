/**
 * The Electron shell: a thin host around the engine. Start-up order: single-instance lock ->
 * ready -> session hardening (CSP, permissions) -> lake + engine service -> IPC -> window.
 * The shell hosts the workstation runtime (schedules, runs, the stream when configured) and
 * forwards its events to the window. Closing the window quits (stopping the runtime cleanly)
 * unless "keep running in the tray" is on; then the tray menu opens or quits the app.
 */
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import type { EventName } from '../../api/workstation-api';
import { join } from 'node:path';
import { createWorkstationService, type WorkstationService } from '../engine/workstation-service';
import { rendererCsp } from '../bridge/http-security';
import { registerIpc, sendEvent } from './ipc';
import { openRuntime } from '../runtime/default-runtime';
import { runtimeHandlers } from '../runtime/runtime-api';
import type { Runtime } from '../runtime/runtime';
import { loadSettings, saveSettings, ShellSettings } from './settings';
import { desktopTeamRequest, isTeamRuntime } from '../runtime/team/desktop-worker';
import { useSignedInAccountForPostgres } from '../runtime/team/pg-entra';
import { createTray } from './tray';
import { createLakeSwitcher, type LakeSwitcher } from '../auth/lake-switcher';
import type { ConnectContext } from '../auth/connect-handlers';
import { allowNavigation, allowPermission, isTrustedRendererUrl, secureWebPreferences, trustedOrigins } from './window-security';

const rendererIndex = join(import.meta.dirname, '../renderer/index.html');
const trusted = trustedOrigins(rendererIndex, process.env.ELECTRON_RENDERER_URL);
let service: WorkstationService | undefined;
let poller: NodeJS.Timeout | undefined;
let runtime: Runtime | undefined;
let settings: ShellSettings = ShellSettings.parse({});
let quitting = false;

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

  settings = loadSettings(app.getPath('userData'));
  // A team database with Entra sign-in gets the signed-in account's token (main/auth).
  useSignedInAccountForPostgres();
  // The Connect view switches lakes without a restart: each lake gets its own runtime and
  // service; `runtime` always names the current one (tray status).
  let switcher: LakeSwitcher | undefined = undefined;
  const connect: ConnectContext = {
    current: () => switcher!.current(),
    switchTo: (uri, kind) => switcher!.switchTo(uri, kind),
    // The system browser, never a web view of ours: the password stays with the identity provider.
    openBrowser: (url) => shell.openExternal(url),
  };
  switcher = await createLakeSwitcher(process.env.FDE_LAKE ?? join(app.getPath('userData'), 'lake'), async (uri) => {
    const opened = await openRuntime(uri, 'host', {
      services: settings.streamOnStart || process.env.FDE_STREAM === '1' ? ['alpaca-stream'] : [],
      // Team lakes: partition runs from the team queue only when the user opted in (tray).
      team: desktopTeamRequest({ enabled: settings.teamWorker, concurrency: settings.teamWorkerConcurrency }),
    });
    const rt = opened.runtime;
    await rt.start();
    const svc = await createWorkstationService(opened.lake, {
      jobs: runtimeHandlers(rt),
      subscribe: (listener) => rt.bus.subscribe((name, payload) => listener(name, payload)),
      connect,
    });
    runtime = rt;
    return { service: svc, close: async () => (await rt.stop(10_000), await svc.close(), await opened.lake.close()) };
  });
  service = switcher.service;
  registerIpc(ipcMain, service, (url) => isTrustedRendererUrl(url, trusted));

  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Fintech Data Engine',
    show: false,
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    // Keep running in the tray: the window hides, schedules and runs go on.
    if (settings.keepRunningInTray && !quitting) {
      event.preventDefault();
      window.hide();
    }
  });
  service.subscribe?.((event, payload) => {
    if (window.isDestroyed()) return;
    try {
      sendEvent(window.webContents, event as EventName, payload as never);
    } catch {
      // An event outside the contract is dropped, never sent unchecked.
    }
  });
  createTray(join(app.getAppPath(), 'resources/icons/icon.png'), {
    open: () => {
      window.show();
      window.focus();
    },
    quit: () => app.quit(),
    keepRunning: () => settings.keepRunningInTray,
    setKeepRunning: (value) => {
      settings = { ...settings, keepRunningInTray: value };
      saveSettings(app.getPath('userData'), settings);
    },
    teamWorker: () => settings.teamWorker,
    setTeamWorker: (value) => {
      settings = { ...settings, teamWorker: value };
      saveSettings(app.getPath('userData'), settings);
      // The runtime takes its queue share when it opens: reopen a team lake (running runs get the
      // switch's grace and are requeued); a local lake is left alone.
      if (!runtime || !isTeamRuntime(runtime)) return;
      const where = switcher!.current();
      void switcher!.switchTo(where.uri, where.kind).catch((e: unknown) => console.error('reopening the lake failed', e));
    },
    status: () => `Runtime: ${runtime?.dispatcher.activeRunIds().length ?? 0} run(s) active`,
  });
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

app.on('window-all-closed', () => {
  if (!settings.keepRunningInTray) app.quit();
});
app.on('before-quit', () => {
  quitting = true;
});
let stopped = false;
app.on('will-quit', (event) => {
  if (stopped) return;
  // Stop taking work, give running runs a grace period, then interrupt them (resumed next start).
  event.preventDefault();
  stopped = true;
  if (poller) clearInterval(poller);
  void (async () => {
    // The switcher's close stops the current lake's runtime, service and lake in that order.
    await service?.close().catch(() => undefined);
    app.exit(0);
  })();
});
