import type { EventName, MethodName } from './workstation-api';

/** Electron IPC channel names: one invoke channel per method, one push channel per event. */
export const methodChannel = (method: MethodName): string => `fde:call:${method}`;
export const eventChannel = (event: EventName): string => `fde:event:${event}`;
