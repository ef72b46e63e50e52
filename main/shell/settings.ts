/**
 * The app's own settings, persisted as JSON in userData (not in the lake: they belong to this
 * desktop, not to the data). Unknown or invalid content falls back to the defaults.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_DESKTOP_CONCURRENCY } from '../runtime/team/desktop-worker';

export const ShellSettings = z.object({
  /** Closing the window hides it and the runtime keeps running (schedules, backfills, stream). */
  keepRunningInTray: z.boolean().default(false),
  /** Start the alpaca-stream service with the app (the offline server when no keys are configured). */
  streamOnStart: z.boolean().default(false),
  /** Team lakes: this desktop also takes partition runs from the team queue (like `fde ui --worker`). */
  teamWorker: z.boolean().default(false),
  /** Partition runs taken at once while teamWorker is on. */
  teamWorkerConcurrency: z.number().int().min(1).max(16).default(DEFAULT_DESKTOP_CONCURRENCY),
});
export type ShellSettings = z.infer<typeof ShellSettings>;

export function loadSettings(dir: string): ShellSettings {
  try {
    return ShellSettings.parse(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')));
  } catch {
    return ShellSettings.parse({});
  }
}

export function saveSettings(dir: string, settings: ShellSettings): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'settings.json');
  // Write-then-rename: a crash never leaves half a settings file.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(ShellSettings.parse(settings), null, 2));
  fs.renameSync(`${file}.tmp`, file);
}
