import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { startBridge } from '../../bridge/bridge-server';
import { createWorkstationService } from '../../engine/workstation-service';
import { FdeError, UsageError } from '../../engine/errors';
import { portOption, untilStopped } from '../options';
import { DEFAULT_LAKE } from './demo';
import { cliLogger } from '../../observability/logger';
import { openRuntime } from '../../runtime/default-runtime';
import { runtimeHandlers } from '../../runtime/runtime-api';
import { createLakeSwitcher, type LakeSwitcher } from '../../auth/lake-switcher';
import type { ConnectContext } from '../../auth/connect-handlers';
import { openSystemBrowser } from '../../auth/system-browser';
import { DEFAULT_DESKTOP_CONCURRENCY, describeDesktopRole, desktopTeamRequest } from '../../runtime/team/desktop-worker';
import { useSignedInAccountForPostgres } from '../../runtime/team/pg-entra';

/** The built renderer (electron-vite writes it to out/renderer). */
function rendererDir(): string {
  const candidates = [process.env.FDE_RENDERER_DIR, resolve(import.meta.dirname, '../../../out/renderer')];
  const found = candidates.find((dir) => dir && existsSync(join(dir, 'index.html')));
  if (!found) throw new FdeError('the renderer is not built', 'run `npm run build` once, then `fde ui` again');
  return found;
}

export function registerUiCommand(program: Command): void {
  program
    .command('ui')
    .description('serve the workstation UI to a browser on 127.0.0.1 (token-protected) over the lake')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', portOption, 0)
    .option('--no-scheduler', 'only view jobs and runs: no schedules, no run execution in this process')
    .option('--worker', 'team lakes: this desktop also takes partition runs from the team queue (off by default)')
    .option('--concurrency <n>', `with --worker: partition runs taken at once (default ${DEFAULT_DESKTOP_CONCURRENCY})`, (v) => Number.parseInt(v, 10))
    .addHelpText('after', '\nExamples:\n  $ fde ui --lake ./lake\n  $ fde ui --lake ./lake --port 8765 --no-scheduler\n  $ fde ui --lake ./lake --worker --concurrency 2')
    .action(async (options: { lake: string; port: number; scheduler: boolean; worker?: boolean; concurrency?: number }) => {
      if (options.concurrency !== undefined && !options.worker) throw new UsageError('--concurrency goes with --worker');
      if (options.concurrency !== undefined && !(options.concurrency >= 1)) throw new UsageError('--concurrency must be at least 1');
      if (options.worker && !options.scheduler) throw new UsageError('--worker executes runs; --no-scheduler makes this process a viewer that executes none');
      const worker = { enabled: options.worker === true, concurrency: options.concurrency ?? DEFAULT_DESKTOP_CONCURRENCY };
      const staticDir = rendererDir();
      // A team database with Entra sign-in gets the signed-in account's token (main/auth).
      useSignedInAccountForPostgres();
      // The bridge hosts the runtime: the UI's jobs, backfills and live events come from it.
      // The Connect view can switch lakes: each lake gets its own runtime and service.
      let switcher: LakeSwitcher | undefined = undefined;
      const connect: ConnectContext = {
        current: () => switcher!.current(),
        switchTo: (uri, kind) => switcher!.switchTo(uri, kind),
        openBrowser: (url) => openSystemBrowser(url),
      };
      switcher = await createLakeSwitcher(options.lake, async (uri) => {
        const { runtime, lake } = await openRuntime(uri, options.scheduler ? 'host' : 'viewer', { log: cliLogger('runtime'), team: desktopTeamRequest(worker) });
        await runtime.start();
        const role = describeDesktopRole(runtime, worker);
        if (role) process.stdout.write(`${role}\n`);
        const service = await createWorkstationService(lake, {
          jobs: runtimeHandlers(runtime),
          subscribe: (listener) => runtime.bus.subscribe((name, payload) => listener(name, payload)),
          connect,
        });
        return { service, close: async () => (await runtime.stop(10_000), await service.close(), await lake.close()) };
      });
      const bridge = await startBridge({ service: switcher.service, staticDir, port: options.port });
      process.stdout.write(`Workstation UI: ${bridge.url}\n(the token in the URL is your access key; Ctrl+C stops the server)\n`);
      await untilStopped();
      await bridge.close();
      await switcher.service.close();
    });
}
