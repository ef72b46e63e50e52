/**
 * When a host counts as dead, so its running runs can be recovered. On the same machine the pid
 * decides (a slow heartbeat on a loaded machine is not death; four timeouts without one is);
 * elsewhere only the heartbeat can.
 */
import os from 'node:os';
import type { HostRecord } from './store/run-store';

export function hostIsDead(host: HostRecord, o: { selfHostId: string; nowMs: number; timeoutMs: number }): boolean {
  if (host.hostId === o.selfHostId) return false;
  const age = o.nowMs - host.heartbeatMs;
  if (host.hostname === os.hostname()) return !pidAlive(host.pid) || age > 4 * o.timeoutMs;
  return age > o.timeoutMs;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
