/**
 * A desktop (`fde ui`, the Electron app) on a team lake takes partition runs from the team queue
 * only when its user opted in (`fde ui --worker [--concurrency N]`, or the app's persisted
 * "take team work" setting). Otherwise it queues, shows and cancels runs, and leaves execution
 * to the team's workers: a laptop that sleeps or leaves the network should not hold team work.
 */
import type { Runtime } from '../runtime';
import { teamOf } from './team-runtime';

export interface DesktopWorkerChoice {
  enabled: boolean;
  /** Partition runs taken at once when enabled. */
  concurrency: number;
}

export const DEFAULT_DESKTOP_CONCURRENCY = 2;

/** The team request of a desktop host (ignored on local lakes). */
export function desktopTeamRequest(choice: DesktopWorkerChoice): { concurrency: number } {
  return { concurrency: choice.enabled ? Math.max(1, Math.floor(choice.concurrency)) : 0 };
}

/** True when the runtime runs on a team lake (the worker setting matters only then). */
export function isTeamRuntime(runtime: Runtime): boolean {
  return teamOf(runtime.store) !== undefined;
}

/** One line for the console: what this desktop is in the team, or undefined on a local lake. */
export function describeDesktopRole(runtime: Runtime, choice: DesktopWorkerChoice): string | undefined {
  const team = teamOf(runtime.store);
  if (!team) return choice.enabled ? `local lake: the team worker setting applies to team lakes only (host ${runtime.hostId})` : undefined;
  return choice.enabled
    ? `team mode: desktop worker, concurrency ${desktopTeamRequest(choice).concurrency}, queue ${team.config.schema}_queue, host ${runtime.hostId}`
    : `team mode: desktop takes no partition runs (opt in: --worker or the app's tray), host ${runtime.hostId}`;
}
