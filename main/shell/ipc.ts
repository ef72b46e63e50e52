import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { eventChannel, methodChannel } from '../../api/ipc-channels';
import { methodNames, workstationEvents, type EventName, type EventPayload } from '../../api/workstation-api';
import { dispatch } from '../engine/api-dispatch';
import type { WorkstationService } from '../engine/workstation-service';

/**
 * One invoke handler per WorkstationApi method. Each checks that the sender is our own renderer
 * frame, then dispatch() validates the payload against the contract.
 */
export function registerIpc(ipcMain: IpcMain, service: WorkstationService, isTrustedSender: (url: string | undefined) => boolean): () => void {
  for (const method of methodNames) {
    ipcMain.handle(methodChannel(method), (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url)) throw new Error('refused: IPC from an untrusted frame');
      return dispatch(service.handlers, method, payload);
    });
  }
  return () => {
    for (const method of methodNames) ipcMain.removeHandler(methodChannel(method));
  };
}

export function sendEvent<E extends EventName>(target: WebContents, event: E, payload: EventPayload<E>): void {
  target.send(eventChannel(event), workstationEvents[event].parse(payload));
}
