import type { WorkstationApi } from '../../../api/workstation-api';
import { createBridgeClient } from './bridge-client';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a normal browser. */
    fde?: WorkstationApi;
  }
}

/** The Electron preload's API when running in the shell, else the browser bridge's WebSocket. */
export function connectWorkstation(): WorkstationApi {
  if (window.fde) return window.fde;
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`;
  return createBridgeClient(wsUrl);
}
