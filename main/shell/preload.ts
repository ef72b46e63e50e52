/**
 * The preload exposes named, typed WorkstationApi functions to the sandboxed renderer — never
 * ipcRenderer itself or raw channel names. Main validates every payload again.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannel, methodChannel } from '../../api/ipc-channels';
import { eventNames, methodNames, type EventName, type EventPayload, type WorkstationApi } from '../../api/workstation-api';

// One named function per contract method; each forwards to its own invoke channel only.
const methods = Object.fromEntries(
  methodNames.map((method) => [method, (request: unknown) => ipcRenderer.invoke(methodChannel(method), request)]),
) as Omit<WorkstationApi, 'on'>;

const api: WorkstationApi = {
  ...methods,
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
    if (!eventNames.includes(event)) throw new Error(`unknown event ${String(event)}`);
    const handler = (_event: IpcRendererEvent, payload: EventPayload<E>) => listener(payload);
    ipcRenderer.on(eventChannel(event), handler);
    return () => void ipcRenderer.removeListener(eventChannel(event), handler);
  },
};

contextBridge.exposeInMainWorld('fde', api);
