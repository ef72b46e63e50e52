/**
 * The preload exposes named, typed WorkstationApi functions to the sandboxed renderer — never
 * ipcRenderer itself or raw channel names. Main validates every payload again.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannel, methodChannel } from '../../api/ipc-channels';
import type { EventName, EventPayload, MethodName, MethodRequest, MethodResponse, WorkstationApi } from '../../api/workstation-api';

const invoke =
  <M extends MethodName>(method: M) =>
  (request: MethodRequest<M>): Promise<MethodResponse<M>> =>
    ipcRenderer.invoke(methodChannel(method), request) as Promise<MethodResponse<M>>;

const EVENTS: readonly EventName[] = ['lakeChanged'];

const api: WorkstationApi = {
  getLakeStatus: invoke('getLakeStatus'),
  listTables: invoke('listTables'),
  listSymbols: invoke('listSymbols'),
  getSymbolSeries: invoke('getSymbolSeries'),
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
    if (!EVENTS.includes(event)) throw new Error(`unknown event ${String(event)}`);
    const handler = (_event: IpcRendererEvent, payload: EventPayload<E>) => listener(payload);
    ipcRenderer.on(eventChannel(event), handler);
    return () => void ipcRenderer.removeListener(eventChannel(event), handler);
  },
};

contextBridge.exposeInMainWorld('fde', api);
